# SPDX-License-Identifier: MIT
# Testbench of vfnic_dma_wr (tb/dma_wr/): Verilator C++ bench with directed tests, a seeded
# random phase checked against the reference model dma_wr_ref.h, and a throughput report.
# `make run-tb-dma-wr` builds the engine twice, NumFuncs = 9 (8 VFs) and 65 (64 VFs), into
# $(BUILD)/tb-dma-wr/fN and runs both (TAP). SEED=n replays a run.

BUILD ?= build
DWR_TB_DIR := $(BUILD)/tb-dma-wr
DWR_TB_CONFIGS := f9 f65
DWR_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/pcie/vfnic_tlp_pkg.sv $(RTL_PRIM_SRCS) \
	rtl/dma/vfnic_dma_wr.sv
DWR_TB_DEPS := tb/dma_wr/tb_dma_wr.cpp tb/dma_wr/dma_wr_ref.h tb/common/block_tb.h \
	tb/dma_wr/dma_wr.mk $(DWR_TB_RTL)
DWR_TB_EXES := $(foreach c,$(DWR_TB_CONFIGS),$(DWR_TB_DIR)/$(c)/obj/tb_dma_wr)

.PHONY: tb-dma-wr run-tb-dma-wr

tb-dma-wr: $(DWR_TB_EXES)

# $(DWR_TB_DIR)/fN/obj/tb_dma_wr: the engine with NumFuncs = N
$(DWR_TB_DIR)/f%/obj/tb_dma_wr: $(DWR_TB_DEPS)
	@mkdir -p $(DWR_TB_DIR)/f$*/obj
	@echo "# building the DMA write engine testbench, f$* (log: $(DWR_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_dma_wr -GNumFuncs=$* \
		--Mdir $(DWR_TB_DIR)/f$*/obj -o tb_dma_wr \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/dma_wr -I$(CURDIR)/tb/common \
		-DDWR_TB_FUNCS=$*" \
		$(DWR_TB_RTL) $(CURDIR)/tb/dma_wr/tb_dma_wr.cpp \
		>$(DWR_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(DWR_TB_DIR)/f$*/build.log; exit 1; }

run-tb-dma-wr: $(DWR_TB_EXES)
	@rc=0; for c in $(DWR_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(DWR_TB_DIR)/$$c/obj/tb_dma_wr \
			$(abspath $(DWR_TB_DIR))/$$c || rc=1; \
	done; exit $$rc
