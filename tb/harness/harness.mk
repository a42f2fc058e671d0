# SPDX-License-Identifier: MIT
# tb/harness/: the transport-level regression harness (vfnic-harness).
# It starts its own model, connects as a TEST client and runs the TAP suite.
#   make run-harness [SEED=N] [ONLY=NAME]   suite against the model
#   make run-harness-asan                   same, everything sanitized
#   make run-harness-sriov                  SR-IOV tests alone
#   make run-harness-sriov64                the whole suite against the TotalVfs = 64 model
#   make run-harness-lockstep               the whole suite against the lockstep model (the
#                                           gated core checked against the ungated one)
#   make bench-mmio / bench-mmio64          MMIO, model-speed and traffic figures at TotalVfs
#                                           = 8 / 64 (benchmarks, not part of the suite)

HARNESS_BIN := $(BUILD)/harness/vfnic-harness
HARNESS_SRCS := tb/harness/hx_main.c tb/harness/hx_host.c \
	tb/harness/hx_tests.c tb/harness/hx_bad.c tb/harness/hx_sriov.c \
	tb/harness/hx_bench.c tb/harness/hx_wire.c tb/harness/hx_dp.c tb/harness/hx_peer.c \
	driver/hw/vfnic_dp.c driver/hw/vfnic_mbx.c
HARNESS_ASAN_BIN := $(BUILD)/asan/harness/vfnic-harness
HARNESS_ARGS = $(if $(SEED),--seed $(SEED)) $(if $(ONLY),--only $(ONLY))
# a sanitizer report is a failure; leaks are checked at exit
HARNESS_ASAN_ENV := ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: harness run-harness run-harness-asan run-harness-sriov \
	run-harness-sriov64 run-harness-lockstep bench-mmio bench-mmio64

$(HARNESS_BIN): $(HARNESS_SRCS:%.c=$(BUILD)/vfn/%.o) $(TRANSPORT_OBJS)
	@mkdir -p $(@D)
	$(VFN_CC) -o $@ $^

$(HARNESS_ASAN_BIN): $(HARNESS_SRCS:%.c=$(BUILD)/asan/vfn/%.o) \
		$(TRANSPORT_ASAN_OBJS)
	@mkdir -p $(@D)
	$(VFN_CC) $(VFN_SANITIZE) -o $@ $^

harness: $(HARNESS_BIN)

run-harness: $(MODEL_BIN) $(HARNESS_BIN)
	$(HARNESS_BIN) --model $(MODEL_BIN) $(HARNESS_ARGS)

# small rings here, so that the full-ring and overflow-queue paths run too
run-harness-asan: $(BUILD)/asan/model/vfnic-model $(HARNESS_ASAN_BIN)
	$(HARNESS_ASAN_ENV) $(HARNESS_ASAN_BIN) --ring-bytes 16384 \
		--model $(BUILD)/asan/model/vfnic-model $(HARNESS_ARGS)

# the SR-IOV tests alone against the default model; the whole suite against
# the one built with TotalVfs = 64
run-harness-sriov: $(MODEL_BIN) $(HARNESS_BIN)
	$(HARNESS_BIN) --model $(MODEL_BIN) --only sriov \
		$(if $(SEED),--seed $(SEED))

run-harness-sriov64: $(MODEL64_BIN) $(HARNESS_BIN)
	$(HARNESS_BIN) --model $(MODEL64_BIN) \
		$(if $(SEED),--seed $(SEED))

# every output of the activity-gated core compared with the ungated core's,
# cycle by cycle, while the whole suite runs (sim/model/vfm_rtl.cpp)
run-harness-lockstep: $(LOCKSTEP_BIN) $(HARNESS_BIN)
	$(HARNESS_BIN) --model $(LOCKSTEP_BIN) $(HARNESS_ARGS)

bench-mmio: $(MODEL_BIN) $(HARNESS_BIN)
	$(HARNESS_BIN) --model $(MODEL_BIN) --bench

# the same figures with TotalVfs = 64
bench-mmio64: $(MODEL64_BIN) $(HARNESS_BIN)
	$(HARNESS_BIN) --model $(MODEL64_BIN) --bench
