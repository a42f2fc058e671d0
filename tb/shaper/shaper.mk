# SPDX-License-Identifier: MIT
# Testbench of vfnic_shaper (tb/shaper/): Verilator C++ bench with directed tests (achieved
# rates of a greedy sender, corner cases) and a seeded random phase, all checked cycle by cycle
# against the C reference model (shaper_ref.c). `make run-tb-shaper` builds the block with
# NumFuncs = 9 and 65 into $(BUILD)/tb-shaper/fN and runs both (TAP). SEED=n replays a run.
# The 65-function build has the block's activity gating on (VFNIC_SIM_GATING, as in the
# model), so the same checks run against the gated block.

BUILD ?= build
SHAPER_TB_DIR := $(BUILD)/tb-shaper
SHAPER_TB_FUNCS := 9 65
SHAPER_TB_RTL := rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_cg.sv rtl/eth/vfnic_shaper.sv
SHAPER_TB_DEPS := tb/shaper/tb_shaper.cpp tb/shaper/shaper_ref.h tb/common/block_tb.h \
	$(SHAPER_TB_RTL)
SHAPER_TB_EXES := $(foreach n,$(SHAPER_TB_FUNCS),$(SHAPER_TB_DIR)/f$(n)/obj/tb_shaper)

.PHONY: tb-shaper run-tb-shaper

tb-shaper: $(SHAPER_TB_EXES)

# The reference model is plain C, compiled as C and linked into the Verilated bench
$(SHAPER_TB_DIR)/shaper_ref.o: tb/shaper/shaper_ref.c tb/shaper/shaper_ref.h
	@mkdir -p $(SHAPER_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(SHAPER_TB_DIR)/fN/obj/tb_shaper: the shaper with NumFuncs = N
$(SHAPER_TB_DIR)/f%/obj/tb_shaper: $(SHAPER_TB_DEPS) $(SHAPER_TB_DIR)/shaper_ref.o
	@mkdir -p $(SHAPER_TB_DIR)/f$*/obj; rm -f $@
	@echo "# building the shaper testbench, NumFuncs=$* (log: $(SHAPER_TB_DIR)/f$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_shaper -GNumFuncs=$* \
		$(if $(filter 65%,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(SHAPER_TB_DIR)/f$*/obj -o tb_shaper \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/shaper -I$(CURDIR)/tb/common \
		-DSHAPER_TB_FUNCS=$*" \
		$(SHAPER_TB_RTL) $(CURDIR)/tb/shaper/tb_shaper.cpp \
		$(abspath $(SHAPER_TB_DIR)/shaper_ref.o) \
		>$(SHAPER_TB_DIR)/f$*/build.log 2>&1 \
		|| { tail -n 40 $(SHAPER_TB_DIR)/f$*/build.log; exit 1; }

run-tb-shaper: $(SHAPER_TB_EXES)
	@rc=0; for n in $(SHAPER_TB_FUNCS); do \
		$(if $(SEED),SEED=$(SEED)) $(SHAPER_TB_DIR)/f$$n/obj/tb_shaper \
			$(abspath $(SHAPER_TB_DIR))/f$$n || rc=1; \
	done; exit $$rc
