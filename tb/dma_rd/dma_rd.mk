# SPDX-License-Identifier: MIT
# Testbench of the DMA read engine (tb/dma_rd/): `make run-tb-dma-rd` (SEED=n replays).
BUILD ?= build
TB_DMA_RD_DIR := $(BUILD)/tb-dma-rd
TB_DMA_RD_SRCS := rtl/regs/vfnic_regs_pkg.sv rtl/pcie/vfnic_tlp_pkg.sv rtl/prim/vfnic_ram_1r1w.sv \
	rtl/prim/vfnic_arb_rr.sv rtl/dma/vfnic_dma_rd.sv

$(TB_DMA_RD_DIR)/obj/tb_dma_rd: tb/dma_rd/tb_dma_rd.cpp tb/common/block_tb.h $(TB_DMA_RD_SRCS) \
		tb/dma_rd/dma_rd.mk
	@mkdir -p $(TB_DMA_RD_DIR)/obj
	@echo "# building the DMA read engine testbench (log: $(TB_DMA_RD_DIR)/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_dma_rd -GTimeoutCyclesLog2=12 \
		--Mdir $(TB_DMA_RD_DIR)/obj -o tb_dma_rd -CFLAGS "-std=c++17 -O1 -Wall -I$(CURDIR)/tb/common" \
		$(TB_DMA_RD_SRCS) $(CURDIR)/tb/dma_rd/tb_dma_rd.cpp >$(TB_DMA_RD_DIR)/build.log 2>&1 \
		|| { tail -n 40 $(TB_DMA_RD_DIR)/build.log; exit 1; }

.PHONY: run-tb-dma-rd
run-tb-dma-rd: $(TB_DMA_RD_DIR)/obj/tb_dma_rd
	@$(if $(SEED),SEED=$(SEED)) $< $(CURDIR)/$(TB_DMA_RD_DIR)
