# SPDX-License-Identifier: MIT
# Testbench of the stream primitives (tb/prim/): vfnic_fifo at Depth 4 and 64 and vfnic_skid,
# seeded random valid/ready against a queue model plus a full-throughput check (TAP).
# `make run-tb-prim`; SEED=n replays a run.

BUILD ?= build
PRIM_TB_DIR := $(BUILD)/tb-prim
PRIM_TB_CONFIGS := fifo4 fifo64 skid
PRIM_TB_EXES := $(foreach c,$(PRIM_TB_CONFIGS),$(PRIM_TB_DIR)/$(c)/obj/tb_prim)
PRIM_TB_VFLAGS := --cc --exe --build -j 2 --x-assign unique --x-initial unique

.PHONY: tb-prim run-tb-prim

tb-prim: $(PRIM_TB_EXES)

# fifoN: vfnic_fifo, Width 16, Depth N (N + 2 words held); skid: vfnic_skid, Width 16
$(PRIM_TB_DIR)/fifo%/obj/tb_prim: tb/prim/tb_prim.cpp rtl/prim/vfnic_fifo.sv rtl/prim/vfnic_ram_1r1w.sv
	@mkdir -p $(@D)
	@verilator $(PRIM_TB_VFLAGS) --top-module vfnic_fifo -GWidth=16 -GDepth=$* --Mdir $(@D) \
		-o tb_prim -CFLAGS "-std=c++17 -O1 -Wall -Wextra -DPRIM_TB_FIFO -DPRIM_TB_DEPTH=$$(($*+2)) \
		-DPRIM_TB_HDR='\"Vvfnic_fifo.h\"' -DPRIM_TB_TOP=Vvfnic_fifo -DPRIM_TB_NAME='\"fifo$*\"'" \
		rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_fifo.sv $(CURDIR)/tb/prim/tb_prim.cpp \
		>$(PRIM_TB_DIR)/fifo$*/build.log 2>&1 || { tail -n 40 $(PRIM_TB_DIR)/fifo$*/build.log; exit 1; }

$(PRIM_TB_DIR)/skid/obj/tb_prim: tb/prim/tb_prim.cpp rtl/prim/vfnic_skid.sv
	@mkdir -p $(@D)
	@verilator $(PRIM_TB_VFLAGS) --top-module vfnic_skid -GWidth=16 --Mdir $(@D) -o tb_prim \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -DPRIM_TB_HDR='\"Vvfnic_skid.h\"' \
		-DPRIM_TB_TOP=Vvfnic_skid -DPRIM_TB_NAME='\"skid\"'" \
		rtl/prim/vfnic_skid.sv $(CURDIR)/tb/prim/tb_prim.cpp \
		>$(PRIM_TB_DIR)/skid/build.log 2>&1 || { tail -n 40 $(PRIM_TB_DIR)/skid/build.log; exit 1; }

run-tb-prim: $(PRIM_TB_EXES)
	@rc=0; for c in $(PRIM_TB_CONFIGS); do \
		$(if $(SEED),SEED=$(SEED)) $(PRIM_TB_DIR)/$$c/obj/tb_prim || rc=1; \
	done; exit $$rc
