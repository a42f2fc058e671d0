# SPDX-License-Identifier: MIT
# Testbench of vfnic_rings, the ring manager (tb/rings/): Verilator C++ bench with directed
# tests of every register rule, the work FIFO, the TAKE/HADV/ERR/READ operations, function
# resets and the reset walk, forwarding between back-to-back operations, and a seeded random
# phase, all checked every cycle against the reference model in tb_rings.cpp. `make
# run-tb-rings` builds the block four times -- TX and RX rings (IsRx 0/1), each with
# NumQp/NumFuncs = 18/9 (8 VFs) and 130/65 (64 VFs) -- into
# $(BUILD)/tb-rings/<tx|rx>-<NumQp>-<NumFuncs> and runs them (TAP). SEED=n replays a run.
# Standalone: make -f tb/rings/rings.mk run-tb-rings BUILD=build

BUILD ?= build
RINGS_TB_DIR := $(BUILD)/tb-rings
RINGS_TB_CONFIGS := tx-18-9 rx-18-9 tx-130-65 rx-130-65
RINGS_TB_PORTS := 2
# the shared primitives (rtl/rtl.mk when included, else listed here)
RINGS_TB_PRIM := $(if $(RTL_PRIM_SRCS),$(RTL_PRIM_SRCS),rtl/prim/vfnic_ram_1r1w.sv \
	rtl/prim/vfnic_lutram.sv rtl/prim/vfnic_fifo.sv rtl/prim/vfnic_arb_rr.sv)
RINGS_TB_RTL := rtl/regs/vfnic_regs_pkg.sv $(RINGS_TB_PRIM) rtl/queue/vfnic_owner_copy.sv \
	rtl/queue/vfnic_rings.sv
RINGS_TB_DEPS := tb/rings/tb_rings.cpp tb/rings/rings.mk tb/common/block_tb.h \
	driver/hw/vfnic_regs.h $(RINGS_TB_RTL)
RINGS_TB_EXES := $(foreach c,$(RINGS_TB_CONFIGS),$(RINGS_TB_DIR)/$(c)/obj/tb_rings)

.PHONY: tb-rings run-tb-rings

tb-rings: $(RINGS_TB_EXES)

# $(RINGS_TB_DIR)/<tx|rx>-Q-F/obj/tb_rings: the rings with IsRx = (rx), NumQp = Q, NumFuncs = F
rings_tb_words = $(subst -, ,$(1))
rings_tb_isrx = $(if $(filter rx,$(word 1,$(call rings_tb_words,$(1)))),1,0)
rings_tb_qp = $(word 2,$(call rings_tb_words,$(1)))
rings_tb_funcs = $(word 3,$(call rings_tb_words,$(1)))

$(RINGS_TB_DIR)/%/obj/tb_rings: $(RINGS_TB_DEPS)
	@mkdir -p $(RINGS_TB_DIR)/$*/obj
	@echo "# building the rings testbench, $* (log: $(RINGS_TB_DIR)/$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_rings -GIsRx=$(call rings_tb_isrx,$*) \
		-GNumQp=$(call rings_tb_qp,$*) -GNumFuncs=$(call rings_tb_funcs,$*) \
		-GNumPorts=$(RINGS_TB_PORTS) \
		--Mdir $(RINGS_TB_DIR)/$*/obj -o tb_rings \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/common -I$(CURDIR)/driver/hw \
		-DRINGS_TB_QP=$(call rings_tb_qp,$*) -DRINGS_TB_FUNCS=$(call rings_tb_funcs,$*) \
		-DRINGS_TB_RX=$(call rings_tb_isrx,$*) -DRINGS_TB_PORTS=$(RINGS_TB_PORTS)" \
		$(RINGS_TB_RTL) $(CURDIR)/tb/rings/tb_rings.cpp \
		>$(RINGS_TB_DIR)/$*/build.log 2>&1 \
		|| { tail -n 40 $(RINGS_TB_DIR)/$*/build.log; exit 1; }

run-tb-rings: $(RINGS_TB_EXES)
	@rc=0; for c in $(RINGS_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(RINGS_TB_DIR)/$$c/obj/tb_rings \
			$(abspath $(RINGS_TB_DIR))/$$c || rc=1; \
	done; exit $$rc
