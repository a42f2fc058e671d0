# SPDX-License-Identifier: MIT
# Testbench of vfnic_classifier (tb/classifier/): Verilator C++ bench with directed tests and a
# seeded random phase checked against the C reference model (cls_ref.c). `make
# run-tb-classifier` builds the block twice, NumPools/NumEntries = 9/34 (8 VFs) and 65/146
# (64 VFs), into $(BUILD)/tb-classifier/pPeE and runs both (TAP). SEED=n replays a run.
# The 65-function build has the block's activity gating on (VFNIC_SIM_GATING, as in the
# model), so the same checks run against the gated block.

BUILD ?= build
CLS_TB_DIR := $(BUILD)/tb-classifier
CLS_TB_CONFIGS := p9e34 p65e146
CLS_TB_RTL := rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_cg.sv rtl/eth/vfnic_classifier.sv
CLS_TB_DEPS := tb/classifier/tb_classifier.cpp tb/classifier/cls_ref.h tb/common/block_tb.h \
	$(CLS_TB_RTL)
CLS_TB_EXES := $(foreach c,$(CLS_TB_CONFIGS),$(CLS_TB_DIR)/$(c)/obj/tb_classifier)

.PHONY: tb-classifier run-tb-classifier

tb-classifier: $(CLS_TB_EXES)

# The reference model is plain C, compiled as C and linked into the Verilated bench
$(CLS_TB_DIR)/cls_ref.o: tb/classifier/cls_ref.c tb/classifier/cls_ref.h
	@mkdir -p $(CLS_TB_DIR)
	@$(CC) -std=c11 -O2 -Wall -Wextra -Werror -c -o $@ $<

# $(CLS_TB_DIR)/pPeE/obj/tb_classifier: the classifier with NumPools = P, NumEntries = E
$(CLS_TB_DIR)/p%/obj/tb_classifier: $(CLS_TB_DEPS) $(CLS_TB_DIR)/cls_ref.o
	@mkdir -p $(CLS_TB_DIR)/p$*/obj; rm -f $@
	@echo "# building the classifier testbench, p$* (log: $(CLS_TB_DIR)/p$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_classifier \
		-GNumPools=$(word 1,$(subst e, ,$*)) -GNumEntries=$(word 2,$(subst e, ,$*)) \
		$(if $(filter 65%,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(CLS_TB_DIR)/p$*/obj -o tb_classifier \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/classifier -I$(CURDIR)/tb/common \
		-DCLS_TB_POOLS=$(word 1,$(subst e, ,$*)) -DCLS_TB_ENTRIES=$(word 2,$(subst e, ,$*))" \
		$(CLS_TB_RTL) $(CURDIR)/tb/classifier/tb_classifier.cpp $(abspath $(CLS_TB_DIR)/cls_ref.o) \
		>$(CLS_TB_DIR)/p$*/build.log 2>&1 \
		|| { tail -n 40 $(CLS_TB_DIR)/p$*/build.log; exit 1; }

run-tb-classifier: $(CLS_TB_EXES)
	@rc=0; for c in $(CLS_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(CLS_TB_DIR)/$$c/obj/tb_classifier \
			$(abspath $(CLS_TB_DIR))/$$c || rc=1; \
	done; exit $$rc
