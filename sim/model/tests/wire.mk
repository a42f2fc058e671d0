# SPDX-License-Identifier: MIT
# sim/model/tests/wire.mk: the model's wire backends (sim/model/vfm_wire*.c)
# on their own: unit test (run-wire-test; run-wire-test-asan with ASan +
# UBSan), a fuzz smoke run with gcc (run-wire-fuzz-smoke) and the libFuzzer
# target (fuzz-wire, needs clang). Included by the top Makefile after
# sim/sim.mk, whose VFN_* flags and $(BUILD)/vfn, $(BUILD)/asan/vfn object
# rules it uses.

WIRE_SRCS := sim/model/vfm_wire.c sim/model/vfm_wire_loop.c \
	sim/model/vfm_wire_pcap.c sim/model/vfm_wire_tap.c \
	sim/model/vfm_wire_dgram.c sim/model/vfm_wire_stream.c
WIRE_TEST_BIN := $(BUILD)/wire/vfm-wire-test
WIRE_TEST_ASAN_BIN := $(BUILD)/asan/wire/vfm-wire-test
WIRE_SMOKE_BIN := $(BUILD)/asan/wire/wire-fuzz-smoke
WIRE_FUZZ_BIN := $(BUILD)/fuzz/wire-fuzz
WIRE_FUZZ_SRCS := $(WIRE_SRCS) sim/model/fuzz/wire_pcap_fuzz.c
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60

.PHONY: run-wire-test run-wire-test-asan run-wire-fuzz-smoke fuzz-wire

$(WIRE_TEST_BIN): $(WIRE_SRCS:%.c=$(BUILD)/vfn/%.o) \
		$(BUILD)/vfn/sim/model/tests/wire_test.o
	@mkdir -p $(@D)
	$(VFN_CC) -o $@ $^

$(WIRE_TEST_ASAN_BIN): $(WIRE_SRCS:%.c=$(BUILD)/asan/vfn/%.o) \
		$(BUILD)/asan/vfn/sim/model/tests/wire_test.o
	@mkdir -p $(@D)
	$(VFN_CC) $(VFN_SANITIZE) -o $@ $^

run-wire-test: $(WIRE_TEST_BIN)
	$< $(if $(SEED),--seed $(SEED))

run-wire-test-asan: $(WIRE_TEST_ASAN_BIN)
	$< $(if $(SEED),--seed $(SEED))

# the fuzz target's invariants over seeded random inputs, with gcc: runs
# where clang is missing; SEED replays a run
$(WIRE_SMOKE_BIN): $(WIRE_SRCS:%.c=$(BUILD)/asan/vfn/%.o) \
		$(BUILD)/asan/vfn/sim/model/fuzz/wire_pcap_fuzz.o \
		$(BUILD)/asan/vfn/sim/model/fuzz/fuzz_smoke.o
	@mkdir -p $(@D)
	$(VFN_CC) $(VFN_SANITIZE) -o $@ $^

run-wire-fuzz-smoke: $(WIRE_SMOKE_BIN)
	$< $(if $(SEED),--seed $(SEED))

# libFuzzer: FUZZ_SECONDS of fuzzing into $(BUILD)/fuzz/wire-corpus. Without
# a clang that links -fsanitize=fuzzer it says why and succeeds. The binary
# is built in the recipe because whether it can be built is known only there.
fuzz-wire:
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
		echo "fuzz-wire: skipped: $(FUZZ_CC) not found (apt-get install clang libclang-rt-14-dev)"; \
	elif ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
		$(FUZZ_CC) -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then \
		echo "fuzz-wire: skipped: $(FUZZ_CC) cannot link -fsanitize=fuzzer (no libFuzzer runtime: apt-get install libclang-rt-14-dev)"; \
	else \
		mkdir -p $(BUILD)/fuzz/wire-corpus && \
		echo "$(FUZZ_CC) ... -fsanitize=fuzzer,address,undefined -o $(WIRE_FUZZ_BIN)" && \
		$(FUZZ_CC) -std=c11 -g -O1 -Wall -Wextra -Werror \
			-fsanitize=fuzzer,address,undefined $(VFN_CPPFLAGS) \
			-o $(WIRE_FUZZ_BIN) $(WIRE_FUZZ_SRCS) && \
		$(WIRE_FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) \
			-print_final_stats=1 $(BUILD)/fuzz/wire-corpus; \
	fi
