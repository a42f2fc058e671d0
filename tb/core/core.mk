# SPDX-License-Identifier: MIT
# Cycle-level testbench of vfnic_core (tb/core/): Verilator C++ bench driving the four TLP
# streams directly. `make run-core-tb` builds the core twice, with TotalVfs = 8 (the default)
# and TotalVfs = 64 (the largest, with the activity gating of the model: VFNIC_SIM_GATING), into
# $(BUILD)/core-tb/vfsN and runs both (TAP output; each
# test name says which build). SEED=n replays a run. The core is built with a short DMA
# completion timeout so the timeout test runs in a few thousand cycles.

BUILD ?= build
CORE_TB_DIR := $(BUILD)/core-tb
CORE_TB_TIMEOUT_LOG2 := 10
CORE_TB_VFS := 8 64
CORE_TB_CPP := tb/core/tb_core.cpp tb/core/core_env.cpp
CORE_TB_DEPS := $(CORE_TB_CPP) tb/core/core_env.h tb/common/bar0_holes.h sim/transport/vfn_tlp.h \
	driver/hw/vfnic_regs.h $(RTL_SRCS)
CORE_TB_EXES := $(foreach n,$(CORE_TB_VFS),$(CORE_TB_DIR)/vfs$(n)/obj/tb_core)

.PHONY: core-tb run-core-tb

core-tb: $(CORE_TB_EXES)

# $(CORE_TB_DIR)/vfsN/obj/tb_core: the core with TotalVfs = N
$(CORE_TB_DIR)/vfs%/obj/tb_core: $(CORE_TB_DEPS)
	@mkdir -p $(CORE_TB_DIR)/vfs$*/obj
	@echo "# building the core testbench, TotalVfs=$* (log: $(CORE_TB_DIR)/vfs$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module $(RTL_TOP) -GDmaTimeoutCyclesLog2=$(CORE_TB_TIMEOUT_LOG2) -GTotalVfs=$* \
		$(if $(filter 64,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(CORE_TB_DIR)/vfs$*/obj -o tb_core \
		-CFLAGS "-std=c++17 -O1 -Wall -I$(CURDIR)/tb/core -I$(CURDIR)/sim/transport \
		-I$(CURDIR)/driver/hw -DCORE_TB_DMA_TIMEOUT_LOG2=$(CORE_TB_TIMEOUT_LOG2) \
		-DCORE_TB_TOTAL_VFS=$*" \
		$(RTL_SRCS) $(addprefix $(CURDIR)/,$(CORE_TB_CPP)) >$(CORE_TB_DIR)/vfs$*/build.log 2>&1 \
		|| { tail -n 40 $(CORE_TB_DIR)/vfs$*/build.log; exit 1; }

run-core-tb: $(CORE_TB_EXES)
	@rc=0; for n in $(CORE_TB_VFS); do \
		$(if $(SEED),SEED=$(SEED)) $(CORE_TB_DIR)/vfs$$n/obj/tb_core \
			$(CURDIR)/$(CORE_TB_DIR)/vfs$$n || rc=1; \
	done; exit $$rc
