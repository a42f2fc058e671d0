# SPDX-License-Identifier: MIT
# tb/qemu/: boot-less checks of the QEMU device vfnic-pf (check-pf). QEMU
# runs with -accel qtest; the test plays firmware and driver over the qtest
# protocol and QMP, against its own model. TAP output, logs in
# $(BUILD)/qemu-check/ (docs/qemu-device.md, "Testing").
#   make qemu-check        build $(BUILD)/qemu-check/check-pf
#   make run-qemu-check    build QEMU (cached) and the model, run it

QEMU_CHECK_BIN := $(BUILD)/qemu-check/check-pf
QEMU_CHECK_SRCS := tb/qemu/check_pf.c tb/qemu/qtest.c

.PHONY: qemu-check run-qemu-check run-qemu-check-sriov64

$(QEMU_CHECK_BIN): $(QEMU_CHECK_SRCS:%.c=$(BUILD)/vfn/%.o)
	@mkdir -p $(@D)
	$(VFN_CC) -o $@ $^

qemu-check: $(QEMU_CHECK_BIN)

run-qemu-check: model qemu $(QEMU_CHECK_BIN)
	$(QEMU_CHECK_BIN) --qemu "$$(cat $(QEMU_BIN_FILE))" --model $(MODEL_BIN) \
		--logs $(BUILD)/qemu-check

# the same against the model built with TotalVfs = 64
run-qemu-check-sriov64: model64 qemu $(QEMU_CHECK_BIN)
	$(QEMU_CHECK_BIN) --qemu "$$(cat $(QEMU_BIN_FILE))" --model $(MODEL64_BIN) \
		--total-vfs 64 --logs $(BUILD)/qemu-check-sriov64
