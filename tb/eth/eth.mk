# SPDX-License-Identifier: MIT
# Testbench of the Ethernet-side blocks (tb/eth/): vfnic_eth_tx (anti-spoof, VEB), vfnic_eth_rx
# (wire ingress) and vfnic_cls_arb sharing the real vfnic_classifier (wrapper tb_eth_top.sv).
# Verilator C++ bench with directed tests and seeded random phases checked against a frame-level
# reference model (tb_eth.cpp, classification by tb/classifier/cls_ref.c). `make run-tb-eth`
# builds it with NumFuncs/NumEntries = 9/34 (8 VFs) and 65/146 (64 VFs) into
# $(BUILD)/tb-eth/fF and runs both (TAP). SEED=n replays a run. Standalone:
#   make -s -f tb/eth/eth.mk run-tb-eth BUILD=build
# The 65-function build has the block's activity gating on (VFNIC_SIM_GATING, as in the
# model), so the same checks run against the gated block.

BUILD ?= build
ETH_TB_DIR := $(BUILD)/tb-eth
ETH_TB_FUNCS := 9 65
ETH_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_fifo.sv rtl/prim/vfnic_cg.sv rtl/eth/vfnic_classifier.sv rtl/eth/vfnic_cls_arb.sv \
	rtl/eth/vfnic_eth_tx.sv rtl/eth/vfnic_eth_rx.sv tb/eth/tb_eth_top.sv
ETH_TB_DEPS := tb/eth/tb_eth.cpp tb/classifier/cls_ref.h tb/common/block_tb.h $(ETH_TB_RTL)
ETH_TB_EXES := $(foreach n,$(ETH_TB_FUNCS),$(ETH_TB_DIR)/f$(n)/obj/tb_eth)

.PHONY: tb-eth run-tb-eth

tb-eth: $(ETH_TB_EXES)

# The classifier's reference model is plain C, compiled as C and linked into the bench
$(ETH_TB_DIR)/cls_ref.o: tb/classifier/cls_ref.c tb/classifier/cls_ref.h
	@mkdir -p $(ETH_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(ETH_TB_DIR)/fN/obj/tb_eth: NumFuncs = N, NumEntries = 2*N + 16 (the core's default)
$(ETH_TB_DIR)/f%/obj/tb_eth: $(ETH_TB_DEPS) $(ETH_TB_DIR)/cls_ref.o
	@mkdir -p $(ETH_TB_DIR)/f$*/obj
	@echo "# building the eth testbench, NumFuncs=$* (log: $(ETH_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module tb_eth_top -GNumFuncs=$* -GNumEntries=$$((2 * $* + 16)) \
		$(if $(filter 65%,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(ETH_TB_DIR)/f$*/obj -o tb_eth \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/classifier \
		-I$(CURDIR)/tb/common -DETH_TB_FUNCS=$* -DETH_TB_ENTRIES=$$((2 * $* + 16))" \
		$(ETH_TB_RTL) $(CURDIR)/tb/eth/tb_eth.cpp $(abspath $(ETH_TB_DIR)/cls_ref.o) \
		>$(ETH_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(ETH_TB_DIR)/f$*/build.log; exit 1; }

run-tb-eth: $(ETH_TB_EXES)
	@rc=0; for n in $(ETH_TB_FUNCS); do \
		$(if $(SEED),SEED=$(SEED)) $(ETH_TB_DIR)/f$$n/obj/tb_eth \
			$(abspath $(ETH_TB_DIR))/f$$n || rc=1; \
	done; exit $$rc
