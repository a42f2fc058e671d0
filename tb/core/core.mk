# Cycle-level testbench of vfnic_core (tb/core/): Verilator C++ bench driving the four TLP
# streams directly. `make run-core-tb` builds into $(BUILD)/core-tb and runs it (TAP output);
# SEED=n replays a run. The core is built with a short DMA completion timeout so the timeout
# test runs in a few thousand cycles.

BUILD ?= build
CORE_TB_DIR := $(BUILD)/core-tb
CORE_TB_OBJ := $(CORE_TB_DIR)/obj
CORE_TB_EXE := $(CORE_TB_OBJ)/tb_core
CORE_TB_TIMEOUT_LOG2 := 10
CORE_TB_CPP := tb/core/tb_core.cpp tb/core/core_env.cpp
CORE_TB_DEPS := $(CORE_TB_CPP) tb/core/core_env.h sim/transport/vfn_tlp.h \
	driver/hw/vfnic_regs.h $(RTL_SRCS)

.PHONY: core-tb run-core-tb

core-tb: $(CORE_TB_EXE)

$(CORE_TB_EXE): $(CORE_TB_DEPS)
	@mkdir -p $(CORE_TB_OBJ)
	@echo "# building the core testbench (log: $(CORE_TB_DIR)/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module $(RTL_TOP) -GDmaTimeoutCyclesLog2=$(CORE_TB_TIMEOUT_LOG2) \
		--Mdir $(CORE_TB_OBJ) -o tb_core \
		-CFLAGS "-std=c++17 -O1 -Wall -I$(CURDIR)/tb/core -I$(CURDIR)/sim/transport \
		-I$(CURDIR)/driver/hw -DCORE_TB_DMA_TIMEOUT_LOG2=$(CORE_TB_TIMEOUT_LOG2)" \
		$(RTL_SRCS) $(addprefix $(CURDIR)/,$(CORE_TB_CPP)) >$(CORE_TB_DIR)/build.log 2>&1 \
		|| { tail -n 40 $(CORE_TB_DIR)/build.log; exit 1; }

run-core-tb: $(CORE_TB_EXE)
	@$(if $(SEED),SEED=$(SEED)) $(CORE_TB_EXE) $(CURDIR)/$(CORE_TB_DIR)
