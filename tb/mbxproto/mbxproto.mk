# SPDX-License-Identifier: MIT
# Unit test of the mailbox protocol (driver/hw/vfnic_mbx.c) in userspace.
# `make run-mbxproto-test` builds it twice, plain and with ASan/UBSan, and runs
# both (TAP; SEED=n replays the random loop). `make fuzz-mbx` builds the
# libFuzzer target tb/mbxproto/mbx_fuzz.c with clang and runs it for
# FUZZ_MBX_TIME seconds (not part of any suite; without clang it says so and
# succeeds).

BUILD ?= build
MBXPROTO_DIR := $(BUILD)/mbxproto
MBXPROTO_SRCS := tb/mbxproto/mbxproto_test.c driver/hw/vfnic_mbx.c
MBXPROTO_DEPS := $(MBXPROTO_SRCS) driver/hw/vfnic_mbx.h driver/hw/vfnic_osdep.h
# the kernel's W=1 warnings that matter for driver/hw/ code, plus ours
MBXPROTO_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wvla \
	-Wmissing-prototypes -Wmissing-declarations -Wstrict-prototypes \
	-Wold-style-definition -Wpointer-arith -Wno-missing-field-initializers \
	-Idriver/hw
MBXPROTO_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_MBX_TIME ?= 60

.PHONY: mbxproto-test run-mbxproto-test fuzz-mbx

mbxproto-test: $(MBXPROTO_DIR)/mbxproto_test $(MBXPROTO_DIR)/mbxproto_test_asan

$(MBXPROTO_DIR)/mbxproto_test: $(MBXPROTO_DEPS)
	@mkdir -p $(@D)
	$(CC) $(MBXPROTO_CFLAGS) -o $@ $(MBXPROTO_SRCS)

$(MBXPROTO_DIR)/mbxproto_test_asan: $(MBXPROTO_DEPS)
	@mkdir -p $(@D)
	$(CC) $(MBXPROTO_CFLAGS) $(MBXPROTO_SAN) -o $@ $(MBXPROTO_SRCS)

run-mbxproto-test: mbxproto-test
	@rc=0; for t in mbxproto_test mbxproto_test_asan; do \
		echo "# $$t"; \
		$(if $(SEED),SEED=$(SEED)) $(MBXPROTO_DIR)/$$t || rc=1; \
	done; exit $$rc

fuzz-mbx: $(MBXPROTO_DEPS) tb/mbxproto/mbx_fuzz.c
	@if ! command -v clang >/dev/null 2>&1; then \
		echo "# fuzz-mbx: clang not installed; libFuzzer needs clang -fsanitize=fuzzer (skipped)"; \
		exit 0; \
	fi; \
	mkdir -p $(MBXPROTO_DIR)/fuzz-corpus && \
	clang -g -O1 -Wall -Wextra -Werror -Idriver/hw \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o $(MBXPROTO_DIR)/mbx_fuzz tb/mbxproto/mbx_fuzz.c driver/hw/vfnic_mbx.c && \
	$(MBXPROTO_DIR)/mbx_fuzz -max_total_time=$(FUZZ_MBX_TIME) \
		$(MBXPROTO_DIR)/fuzz-corpus
