# SPDX-License-Identifier: MIT
# Testbench of vfnic_itr (tb/itr/): Verilator C++ bench with directed tests of every moderation
# rule and a seeded random phase, checked every cycle against the C reference model
# (itr_ref.c). `make run-tb-itr` builds the block with NumFuncs = 9 and 65 (NumQp 18 / 130:
# the block has no queue parameter) into $(BUILD)/tb-itr/fN and runs both (TAP). SEED=n
# replays a run.
# The 65-function build has the block's activity gating on (VFNIC_SIM_GATING, as in the
# model), so the same checks run against the gated block.

BUILD ?= build
ITR_TB_DIR := $(BUILD)/tb-itr
ITR_TB_FUNCS := 9 65
ITR_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_fifo.sv \
	rtl/prim/vfnic_arb_rr.sv rtl/prim/vfnic_cg.sv rtl/queue/vfnic_itr.sv
ITR_TB_DEPS := tb/itr/tb_itr.cpp tb/itr/itr_ref.h tb/itr/itr_ref.c tb/common/block_tb.h $(ITR_TB_RTL)
ITR_TB_EXES := $(foreach n,$(ITR_TB_FUNCS),$(ITR_TB_DIR)/f$(n)/obj/tb_itr)

.PHONY: tb-itr run-tb-itr

tb-itr: $(ITR_TB_EXES)

# The reference model is plain C, compiled as C and linked into the Verilated bench
$(ITR_TB_DIR)/itr_ref.o: tb/itr/itr_ref.c tb/itr/itr_ref.h
	@mkdir -p $(ITR_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(ITR_TB_DIR)/fN/obj/tb_itr: the block with NumFuncs = N
$(ITR_TB_DIR)/f%/obj/tb_itr: $(ITR_TB_DEPS) $(ITR_TB_DIR)/itr_ref.o
	@mkdir -p $(ITR_TB_DIR)/f$*/obj; rm -f $@
	@echo "# building the itr testbench, NumFuncs=$* (log: $(ITR_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_itr -GNumFuncs=$* \
		$(if $(filter 65%,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(ITR_TB_DIR)/f$*/obj -o tb_itr \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/itr -I$(CURDIR)/tb/common \
		-DITR_TB_FUNCS=$*" \
		$(ITR_TB_RTL) $(CURDIR)/tb/itr/tb_itr.cpp $(abspath $(ITR_TB_DIR)/itr_ref.o) \
		>$(ITR_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(ITR_TB_DIR)/f$*/build.log; exit 1; }

run-tb-itr: $(ITR_TB_EXES)
	@rc=0; for n in $(ITR_TB_FUNCS); do \
		$(if $(SEED),SEED=$(SEED)) $(ITR_TB_DIR)/f$$n/obj/tb_itr \
			$(abspath $(ITR_TB_DIR))/f$$n || rc=1; \
	done; exit $$rc
