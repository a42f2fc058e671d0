# SPDX-License-Identifier: MIT
# Testbench of vfnic_txq (tb/txq/): Verilator C++ bench with directed tests, a seeded random
# phase checked against the C reference model (txq_ref.c) and throughput figures. `make
# run-tb-txq` builds the engine twice, NumFuncs/NumQp = 9/18 (8 VFs) and 65/130 (64 VFs),
# into $(BUILD)/tb-txq/fFqQ and runs both (TAP). SEED=n replays a run.

BUILD ?= build
TXQ_TB_DIR := $(BUILD)/tb-txq
TXQ_TB_CONFIGS := f9q18 f65q130
TXQ_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_lutram.sv \
	rtl/prim/vfnic_fifo.sv \
	rtl/prim/vfnic_arb_rr.sv rtl/queue/vfnic_owner_copy.sv rtl/queue/vfnic_rings.sv \
	rtl/queue/vfnic_txq_sched.sv \
	rtl/queue/vfnic_txq_desc.sv rtl/queue/vfnic_txq_frame.sv rtl/queue/vfnic_txq_cpl.sv \
	rtl/queue/vfnic_txq.sv
TXQ_TB_DEPS := tb/txq/tb_txq.cpp tb/txq/txq_ref.h tb/common/block_tb.h tb/txq/txq.mk \
	$(TXQ_TB_RTL)
TXQ_TB_EXES := $(foreach c,$(TXQ_TB_CONFIGS),$(TXQ_TB_DIR)/$(c)/obj/tb_txq)

.PHONY: tb-txq run-tb-txq

tb-txq: $(TXQ_TB_EXES)

# The reference model is plain C, compiled as C and linked into the Verilated bench
$(TXQ_TB_DIR)/txq_ref.o: tb/txq/txq_ref.c tb/txq/txq_ref.h
	@mkdir -p $(TXQ_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(TXQ_TB_DIR)/fFqQ/obj/tb_txq: the engine with NumFuncs = F, NumQp = Q
$(TXQ_TB_DIR)/f%/obj/tb_txq: $(TXQ_TB_DEPS) $(TXQ_TB_DIR)/txq_ref.o
	@mkdir -p $(TXQ_TB_DIR)/f$*/obj
	@echo "# building the TX engine testbench, f$* (log: $(TXQ_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_txq \
		-GNumFuncs=$(word 1,$(subst q, ,$*)) -GNumQp=$(word 2,$(subst q, ,$*)) \
		--Mdir $(TXQ_TB_DIR)/f$*/obj -o tb_txq \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/txq -I$(CURDIR)/tb/common \
		-DTXQ_TB_FUNCS=$(word 1,$(subst q, ,$*)) -DTXQ_TB_QP=$(word 2,$(subst q, ,$*))" \
		$(TXQ_TB_RTL) $(CURDIR)/tb/txq/tb_txq.cpp $(abspath $(TXQ_TB_DIR)/txq_ref.o) \
		>$(TXQ_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(TXQ_TB_DIR)/f$*/build.log; exit 1; }

run-tb-txq: $(TXQ_TB_EXES)
	@rc=0; for c in $(TXQ_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(TXQ_TB_DIR)/$$c/obj/tb_txq \
			$(abspath $(TXQ_TB_DIR))/$$c || rc=1; \
	done; exit $$rc
