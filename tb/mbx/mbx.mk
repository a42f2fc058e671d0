# SPDX-License-Identifier: MIT
# Cycle-level testbench of vfnic_mbx (tb/mbx/): Verilator C++ bench against the C reference
# model tb/mbx/mbx_ref.c. `make run-tb-mbx` builds the block with TotalVfs = 8 and 64 into
# $(BUILD)/tb-mbx/vfsN and runs both (TAP; each test name says which build). SEED=n replays a
# run; CYCLES=n sets the length of the random phase.

BUILD ?= build
MBX_TB_DIR := $(BUILD)/tb-mbx
MBX_TB_VFS := 8 64
MBX_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/prim/vfnic_ram_1r1w.sv rtl/mbx/vfnic_mbx.sv
MBX_TB_SRCS := tb/mbx/tb_mbx.cpp tb/mbx/mbx_ref.c
MBX_TB_DEPS := $(MBX_TB_SRCS) tb/mbx/mbx_ref.h tb/common/block_tb.h $(MBX_TB_RTL)
MBX_TB_EXES := $(foreach n,$(MBX_TB_VFS),$(MBX_TB_DIR)/vfs$(n)/obj/tb_mbx)

.PHONY: tb-mbx run-tb-mbx

tb-mbx: $(MBX_TB_EXES)

# $(MBX_TB_DIR)/vfsN/obj/tb_mbx: the block with TotalVfs = N
$(MBX_TB_DIR)/vfs%/obj/tb_mbx: $(MBX_TB_DEPS)
	@mkdir -p $(MBX_TB_DIR)/vfs$*/obj
	@echo "# building the mailbox testbench, TotalVfs=$* (log: $(MBX_TB_DIR)/vfs$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		-Wall --top-module vfnic_mbx -GTotalVfs=$* \
		--Mdir $(MBX_TB_DIR)/vfs$*/obj -o tb_mbx \
		-CFLAGS "-O1 -Wall -Wextra -I$(CURDIR)/tb/mbx -I$(CURDIR)/tb/common -DMBX_TB_TOTAL_VFS=$*" \
		$(MBX_TB_RTL) $(addprefix $(CURDIR)/,$(MBX_TB_SRCS)) \
		>$(MBX_TB_DIR)/vfs$*/build.log 2>&1 \
		|| { tail -n 40 $(MBX_TB_DIR)/vfs$*/build.log; exit 1; }

run-tb-mbx: $(MBX_TB_EXES)
	@rc=0; for n in $(MBX_TB_VFS); do \
		$(if $(SEED),SEED=$(SEED)) $(if $(CYCLES),CYCLES=$(CYCLES)) \
			$(MBX_TB_DIR)/vfs$$n/obj/tb_mbx $(CURDIR)/$(MBX_TB_DIR)/vfs$$n || rc=1; \
	done; exit $$rc
