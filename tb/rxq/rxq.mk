# SPDX-License-Identifier: MIT
# Testbench of vfnic_rxq (tb/rxq/): Verilator C++ bench with directed tests, a seeded random
# phase checked against the C reference model (rxq_ref.c) and throughput measurements. `make
# run-tb-rxq` builds the engine twice, NumFuncs/NumQp = 9/18 (8 VFs) and 65/130 (64 VFs), into
# $(BUILD)/tb-rxq/fFqQ and runs both (TAP). SEED=n replays a run. Works standalone:
#   make -f tb/rxq/rxq.mk run-tb-rxq BUILD=build

BUILD ?= build
RXQ_TB_DIR := $(BUILD)/tb-rxq
RXQ_TB_CONFIGS := f9q18 f65q130
RXQ_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_lutram.sv \
	rtl/prim/vfnic_fifo.sv \
	rtl/prim/vfnic_arb_rr.sv rtl/queue/vfnic_owner_copy.sv rtl/queue/vfnic_rings.sv \
	rtl/queue/vfnic_rxq_ibuf.sv \
	rtl/queue/vfnic_rxq_dcache.sv rtl/queue/vfnic_rxq.sv
RXQ_TB_DEPS := tb/rxq/tb_rxq.cpp tb/rxq/rxq_ref.h tb/common/block_tb.h $(RXQ_TB_RTL)
RXQ_TB_EXES := $(foreach c,$(RXQ_TB_CONFIGS),$(RXQ_TB_DIR)/$(c)/obj/tb_rxq)

.PHONY: tb-rxq run-tb-rxq

tb-rxq: $(RXQ_TB_EXES)

# The reference model is plain C, compiled as C and linked into the Verilated bench
$(RXQ_TB_DIR)/rxq_ref.o: tb/rxq/rxq_ref.c tb/rxq/rxq_ref.h
	@mkdir -p $(RXQ_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(RXQ_TB_DIR)/fFqQ/obj/tb_rxq: the engine with NumFuncs = F, NumQp = Q
$(RXQ_TB_DIR)/f%/obj/tb_rxq: $(RXQ_TB_DEPS) $(RXQ_TB_DIR)/rxq_ref.o
	@mkdir -p $(RXQ_TB_DIR)/f$*/obj
	@echo "# building the rxq testbench, f$* (log: $(RXQ_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_rxq \
		-GNumFuncs=$(word 1,$(subst q, ,$*)) -GNumQp=$(word 2,$(subst q, ,$*)) \
		--Mdir $(RXQ_TB_DIR)/f$*/obj -o tb_rxq \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/rxq -I$(CURDIR)/tb/common \
		-DRXQ_TB_FUNCS=$(word 1,$(subst q, ,$*)) -DRXQ_TB_QP=$(word 2,$(subst q, ,$*))" \
		$(RXQ_TB_RTL) $(CURDIR)/tb/rxq/tb_rxq.cpp $(abspath $(RXQ_TB_DIR)/rxq_ref.o) \
		>$(RXQ_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(RXQ_TB_DIR)/f$*/build.log; exit 1; }

run-tb-rxq: $(RXQ_TB_EXES)
	@rc=0; for c in $(RXQ_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(RXQ_TB_DIR)/$$c/obj/tb_rxq \
			$(abspath $(RXQ_TB_DIR))/$$c || rc=1; \
	done; exit $$rc
