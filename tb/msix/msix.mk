# SPDX-License-Identifier: MIT
# Testbench of vfnic_msix (tb/msix/): Verilator C++ bench with directed tests and a seeded
# random phase checked against a reference model of the MSI-X rules. `make run-tb-msix`
# builds the block with TotalVfs = 8 and 64 into $(BUILD)/tb-msix/vfsN and runs both (TAP);
# the 64-VF build has its activity gating on (VFNIC_SIM_GATING, as in the model), so the
# reference model checks the gated block too.
# SEED=n replays a run.

BUILD ?= build
MSIX_TB_DIR := $(BUILD)/tb-msix
MSIX_TB_VFS := 8 64
MSIX_TB_RTL := rtl/regs/vfnic_regs_pkg.sv rtl/pcie/vfnic_tlp_pkg.sv rtl/prim/vfnic_ram_1r1w.sv \
	rtl/prim/vfnic_fifo.sv rtl/prim/vfnic_cg.sv rtl/msix/vfnic_msix.sv
MSIX_TB_DEPS := tb/msix/tb_msix.cpp tb/common/block_tb.h $(MSIX_TB_RTL)
MSIX_TB_EXES := $(foreach n,$(MSIX_TB_VFS),$(MSIX_TB_DIR)/vfs$(n)/obj/tb_msix)

.PHONY: tb-msix run-tb-msix

tb-msix: $(MSIX_TB_EXES)

$(MSIX_TB_DIR)/vfs%/obj/tb_msix: $(MSIX_TB_DEPS)
	@mkdir -p $(MSIX_TB_DIR)/vfs$*/obj; rm -f $@
	@echo "# building the msix testbench, TotalVfs=$* (log: $(MSIX_TB_DIR)/vfs$*/build.log)"
	@verilator --cc --exe --build -j 2 --trace-fst --x-assign unique --x-initial unique \
		--top-module vfnic_msix -GTotalVfs=$* $(if $(filter 64,$*),+define+VFNIC_SIM_GATING) \
		--Mdir $(MSIX_TB_DIR)/vfs$*/obj -o tb_msix \
		-CFLAGS "-std=c++17 -O1 -Wall -Wextra -I$(CURDIR)/tb/common -DMSIX_TB_VFS=$*" \
		$(MSIX_TB_RTL) $(CURDIR)/tb/msix/tb_msix.cpp \
		>$(MSIX_TB_DIR)/vfs$*/build.log 2>&1 \
		|| { tail -n 40 $(MSIX_TB_DIR)/vfs$*/build.log; exit 1; }

run-tb-msix: $(MSIX_TB_EXES)
	@rc=0; for n in $(MSIX_TB_VFS); do \
		$(if $(SEED),SEED=$(SEED)) $(MSIX_TB_DIR)/vfs$$n/obj/tb_msix \
			$(abspath $(MSIX_TB_DIR))/vfs$$n || rc=1; \
	done; exit $$rc
