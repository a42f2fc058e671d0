# SPDX-License-Identifier: MIT
# sim/: the transport library (sim/transport/), its unit test, and the model
# process (sim/model/) that runs the Verilated vfnic_core and serves clients.
# Our C is plain C11, -Wall -Wextra -Werror. Objects go to $(BUILD)/vfn/
# (normal) and $(BUILD)/asan/vfn/ (-fsanitize=address,undefined).

VFN_CC ?= $(CC)
VFN_CFLAGS := -std=c11 -O2 -g -Wall -Wextra -Werror -MMD -MP
VFN_CPPFLAGS := -Isim/transport -Isim/model -Idriver/hw
VFN_SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined
VERILATOR ?= verilator

TRANSPORT_SRCS := sim/transport/vfn_ring.c sim/transport/vfn_client.c \
	sim/transport/vfn_server.c
TRANSPORT_OBJS := $(TRANSPORT_SRCS:%.c=$(BUILD)/vfn/%.o)
TRANSPORT_ASAN_OBJS := $(TRANSPORT_SRCS:%.c=$(BUILD)/asan/vfn/%.o)
TRANSPORT_TEST_BIN := $(BUILD)/transport/vfn-transport-test

$(BUILD)/vfn/%.o: %.c
	@mkdir -p $(@D)
	$(VFN_CC) $(VFN_CFLAGS) $(VFN_CPPFLAGS) -c $< -o $@

$(BUILD)/asan/vfn/%.o: %.c
	@mkdir -p $(@D)
	$(VFN_CC) $(VFN_CFLAGS) $(VFN_SANITIZE) $(VFN_CPPFLAGS) -c $< -o $@

.PHONY: transport run-transport-test model model-asan model64 model-lockstep \
	model-prof model-prof64
transport: $(TRANSPORT_OBJS)

$(TRANSPORT_TEST_BIN): $(TRANSPORT_OBJS) $(BUILD)/vfn/sim/transport/vfn_transport_test.o
	@mkdir -p $(@D)
	$(VFN_CC) -o $@ $^ -lpthread

run-transport-test: $(TRANSPORT_TEST_BIN)
	$(TRANSPORT_TEST_BIN) $(if $(SEED),--seed $(SEED))

# the same unit test with ASan + UBSan (not in the CI list; handy after
# changing the rings)
$(BUILD)/asan/transport/vfn-transport-test: $(TRANSPORT_ASAN_OBJS) \
		$(BUILD)/asan/vfn/sim/transport/vfn_transport_test.o
	@mkdir -p $(@D)
	$(VFN_CC) $(VFN_SANITIZE) -o $@ $^ -lpthread

.PHONY: run-transport-test-asan
run-transport-test-asan: $(BUILD)/asan/transport/vfn-transport-test
	$< $(if $(SEED),--seed $(SEED))

# ---- the model: C server + C++ shim + Verilated RTL ----
# Verilator compiles only the shim and the RTL; the C parts are compiled
# here and linked in as one archive. Verilator's own make does not see the
# archive change, so the binary is removed first to force the link.
MODEL_BIN := $(BUILD)/model/vfnic-model
MODEL_C_SRCS := sim/model/vfm_main.c sim/model/vfm_client.c \
	sim/model/vfm_route.c sim/model/vfm_sriov.c sim/model/vfm_log.c \
	sim/model/vfm_eth.c sim/model/vfm_wire.c sim/model/vfm_wire_loop.c \
	sim/model/vfm_wire_pcap.c sim/model/vfm_wire_tap.c \
	sim/model/vfm_wire_dgram.c sim/model/vfm_wire_stream.c
MODEL_SHIM := $(abspath sim/model/vfm_rtl.cpp)
MODEL_HDRS := $(wildcard sim/model/*.h sim/transport/*.h)
# Every model is built with activity gating (rtl/prim/vfnic_cg.sv,
# docs/rtl-structure.md "Activity gating"); the lockstep model below checks it
# against the core without it.
MODEL_VFLAGS := --cc --exe --build -j 2 --top-module $(RTL_TOP) \
	+define+VFNIC_SIM_GATING \
	--trace-fst -Wno-fatal -Wno-lint -Wno-style \
	$(addprefix -I,$(RTL_INCDIRS)) \
	-CFLAGS "-I$(abspath sim/model) -I$(abspath sim/transport)"
# The Verilated C++ is compiled with $(MODEL_CXX) (rtl/rtl.mk). The sanitized
# model stays on GCC, whose ASan runtime our C objects link against.
model_make = -MAKEFLAGS "OPT_FAST=-O2 OPT_GLOBAL=-O2 CXX=$(1) LINK=$(1)"

# model_rule: (1) output directory (binary $(1)/vfnic-model), (2) extra
# Verilator flags, (3) link flags, (4) our objects, (5) C++ compiler
# (default $(MODEL_CXX))
define model_rule
$(1)/vfnic-model: $(RTL_SRCS) $(MODEL_SHIM) $(MODEL_HDRS) $(1)/libvfm.a sim/sim.mk
	@mkdir -p $(1)/obj
	@rm -f $$@
	+$(VERILATOR) $(MODEL_VFLAGS) $(call model_make,$(or $(5),$(MODEL_CXX))) \
		-Mdir $(1)/obj -o $$(abspath $$@) $(2) -LDFLAGS "$$(abspath $(1)/libvfm.a) $(3)" \
		$(RTL_SRCS) $(MODEL_SHIM) >$(1)/build.log 2>&1 || \
		{ tail -n 40 $(1)/build.log; exit 1; }
	@test -x $$@

$(1)/libvfm.a: $(4)
	@mkdir -p $$(@D)
	@rm -f $$@
	$(AR) rcs $$@ $$^
endef

$(eval $(call model_rule,$(BUILD)/model,,-lpthread,\
	$(MODEL_C_SRCS:%.c=$(BUILD)/vfn/%.o) $(TRANSPORT_OBJS)))
# The sanitized model: our C with ASan and UBSan; the C++ side (shim,
# Verilated RTL, Verilator's runtime) with ASan only, since Verilator's
# bundled FST writer relies on misaligned stores and shifts of negative
# values that UBSan reports.
$(eval $(call model_rule,$(BUILD)/asan/model,\
	-CFLAGS "-fsanitize=address -fno-omit-frame-pointer",$(VFN_SANITIZE) -lpthread,\
	$(MODEL_C_SRCS:%.c=$(BUILD)/asan/vfn/%.o) $(TRANSPORT_ASAN_OBJS),$(CXX)))
# The same model with the largest number of VFs (docs/sriov.md: TotalVfs
# up to 64), for the SR-IOV tests at the maximum.
MODEL64_BIN := $(BUILD)/model64/vfnic-model
$(eval $(call model_rule,$(BUILD)/model64,-GTotalVfs=64,-lpthread,\
	$(MODEL_C_SRCS:%.c=$(BUILD)/vfn/%.o) $(TRANSPORT_OBJS)))

# The lockstep model: the gated core and a reference copy without gating
# (Verilator prefix Vvfnic_core_ref) on the same inputs, every output compared
# after every evaluation (sim/model/vfm_rtl.cpp, VFM_LOCKSTEP).
LOCKSTEP_DIR := $(BUILD)/lockstep
LOCKSTEP_REF := $(LOCKSTEP_DIR)/ref/Vvfnic_core_ref__ALL.a
LOCKSTEP_BIN := $(LOCKSTEP_DIR)/vfnic-model
$(LOCKSTEP_REF): $(RTL_SRCS) sim/sim.mk
	@mkdir -p $(@D)
	+$(VERILATOR) --cc --build -j 2 --top-module $(RTL_TOP) \
		--prefix Vvfnic_core_ref -Wno-fatal -Wno-lint -Wno-style \
		$(addprefix -I,$(RTL_INCDIRS)) \
		$(call model_make,$(MODEL_CXX)) -Mdir $(@D) \
		$(RTL_SRCS) >$(@D)/build.log 2>&1 || \
		{ tail -n 40 $(@D)/build.log; exit 1; }
	@test -f $@
$(LOCKSTEP_BIN): $(LOCKSTEP_REF)
$(eval $(call model_rule,$(LOCKSTEP_DIR),\
	-CFLAGS "-DVFM_LOCKSTEP -I$(abspath $(LOCKSTEP_DIR)/ref)",\
	$(abspath $(LOCKSTEP_REF)) -lpthread,\
	$(MODEL_C_SRCS:%.c=$(BUILD)/vfn/%.o) $(TRANSPORT_OBJS)))

# Profiling builds: Verilator splits the evaluation into functions named by
# module (--prof-cfuncs), so `perf report` on a running model gives the RTL
# time per module (docs/results.md "Model speed"; about a quarter of the
# normal speed). `make bench-prof` runs the harness bench against it.
$(eval $(call model_rule,$(BUILD)/modelprof,--prof-cfuncs -MAKEFLAGS VM_PROFC=0,-lpthread,\
	$(MODEL_C_SRCS:%.c=$(BUILD)/vfn/%.o) $(TRANSPORT_OBJS)))
$(eval $(call model_rule,$(BUILD)/modelprof64,--prof-cfuncs -MAKEFLAGS VM_PROFC=0 -GTotalVfs=64,\
	-lpthread,$(MODEL_C_SRCS:%.c=$(BUILD)/vfn/%.o) $(TRANSPORT_OBJS)))

model: $(MODEL_BIN)
model-prof: $(BUILD)/modelprof/vfnic-model
model-prof64: $(BUILD)/modelprof64/vfnic-model
model-lockstep: $(LOCKSTEP_BIN)
model-asan: $(BUILD)/asan/model/vfnic-model
model64: $(MODEL64_BIN)

-include $(shell find $(BUILD)/vfn $(BUILD)/asan/vfn -name '*.d' 2>/dev/null)
