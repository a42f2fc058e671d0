# SPDX-License-Identifier: MIT
# Testbench of vfnic_stats (tb/stats/): Verilator C++ bench with directed tests of every
# counting rule and a seeded random phase checked against the C reference model (stats_ref.c).
# `make run-tb-stats` builds the block twice, NumFuncs/NumQp = 9/18 and 65/130, into
# $(BUILD)/tb-stats/fFqQ and runs both (TAP). SEED=n replays a run. Built with
# --public-flat-rw so the 64-bit wrap test can preset counters.
# The 65-function build has the block's activity gating on (VFNIC_SIM_GATING, as in the
# model), so the same checks run against the gated block.

BUILD ?= build
STATS_TB_DIR := $(BUILD)/tb-stats
STATS_TB_CONFIGS := f9q18 f65q130
STATS_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/prim/vfnic_cg.sv rtl/stats/vfnic_stats.sv
STATS_TB_DEPS := tb/stats/tb_stats.cpp tb/stats/stats_ref.h tb/common/block_tb.h $(STATS_TB_RTL)
STATS_TB_EXES := $(foreach c,$(STATS_TB_CONFIGS),$(STATS_TB_DIR)/$(c)/obj/tb_stats)

.PHONY: tb-stats run-tb-stats

tb-stats: $(STATS_TB_EXES)

# The reference model is plain C, compiled as C and linked into the Verilated bench
$(STATS_TB_DIR)/stats_ref.o: tb/stats/stats_ref.c tb/stats/stats_ref.h
	@mkdir -p $(STATS_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(STATS_TB_DIR)/fFqQ/obj/tb_stats: the block with NumFuncs = F, NumQp = Q
$(STATS_TB_DIR)/f%/obj/tb_stats: $(STATS_TB_DEPS) $(STATS_TB_DIR)/stats_ref.o
	@mkdir -p $(STATS_TB_DIR)/f$*/obj; rm -f $@
	@echo "# building the stats testbench, f$* (log: $(STATS_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--public-flat-rw --top-module vfnic_stats \
		-GNumFuncs=$(word 1,$(subst q, ,$*)) -GNumQp=$(word 2,$(subst q, ,$*)) \
		$(if $(filter 65%,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(STATS_TB_DIR)/f$*/obj -o tb_stats \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/stats -I$(CURDIR)/tb/common \
		-DSTATS_TB_FUNCS=$(word 1,$(subst q, ,$*)) -DSTATS_TB_QP=$(word 2,$(subst q, ,$*))" \
		$(STATS_TB_RTL) $(CURDIR)/tb/stats/tb_stats.cpp $(abspath $(STATS_TB_DIR)/stats_ref.o) \
		>$(STATS_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(STATS_TB_DIR)/f$*/build.log; exit 1; }

run-tb-stats: $(STATS_TB_EXES)
	@rc=0; for c in $(STATS_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(STATS_TB_DIR)/$$c/obj/tb_stats \
			$(abspath $(STATS_TB_DIR))/$$c || rc=1; \
	done; exit $$rc
