# SPDX-License-Identifier: MIT
# vfnic top-level build. On a fresh machine, `make regress` and `make test`
# install what they need (scripts/deps.sh) and build everything from nothing.
# Each directory owns a fragment: rtl/rtl.mk, sim/sim.mk, tb/tb.mk,
# driver/driver.mk, sim/guest/guest.mk.

SHELL := /bin/sh
BUILD := build
PY ?= python3
VFNIC_CACHE ?= $(HOME)/.cache/vfnic
export VFNIC_CACHE
TAP := sh scripts/tap-run.sh
MAKE_S := $(MAKE) --no-print-directory -s

.PHONY: all deps gen check-gen lint synth regress test guest bench clean check-synth check-others \
	regress-suites check-suites build-stages

all: model harness driver

deps:
	@sh scripts/deps.sh

# ---- register description (SystemRDL) -> SV package, C header, docs ----
# rtl/regs/rdlgen.py needs systemrdl-compiler (pinned in scripts/deps.sh).
REGS_DESC := rtl/regs/vfnic.rdl
REGS_OUT := rtl/regs/vfnic_regs_pkg.sv driver/hw/vfnic_regs.h docs/registers.md \
	rtl/regs/vfnic_func_regs.sv
gen:
	$(PY) rtl/regs/rdlgen.py $(REGS_DESC) --sv rtl/regs/vfnic_regs_pkg.sv \
		--c driver/hw/vfnic_regs.h --md docs/registers.md --func-regs rtl/regs/vfnic_func_regs.sv
check-gen:
	@sh scripts/check-gen.sh

# QEMU with our devices, built into $(VFNIC_CACHE) (scripts/build-qemu.sh);
# $(BUILD)/qemu-bin names the binary and $(BUILD)/qemu-roms is its -L
# directory, for everything that runs it.
QEMU_BIN_FILE := $(BUILD)/qemu-bin
QEMU_ROMS := $(BUILD)/qemu-roms
.PHONY: qemu
qemu:
	@mkdir -p $(BUILD)
	@sh scripts/qemu-roms.sh $(QEMU_ROMS)
	@sh scripts/build-qemu.sh >$(QEMU_BIN_FILE).new
	@tail -n 1 $(QEMU_BIN_FILE).new >$(QEMU_BIN_FILE) && rm -f $(QEMU_BIN_FILE).new

include rtl/rtl.mk
include sim/sim.mk
include sim/model/tests/wire.mk
include tb/tb.mk
include driver/driver.mk
include sim/guest/guest.mk

# ---- the two jobs ----
# regress: the co-simulation regression (harness against the model, guest boots)
regress-suites:
	@$(TAP) harness $(MAKE_S) run-harness
	@$(TAP) harness-sriov64 $(MAKE_S) run-harness-sriov64
	@$(TAP) qemu-device $(MAKE_S) run-qemu-check
	@$(TAP) qemu-device-sriov64 $(MAKE_S) run-qemu-check-sriov64
	@$(TAP) guest $(MAKE_S) run-guest
	@$(TAP) guest-sriov64 $(MAKE_S) run-guest-sriov64
	@$(TAP) guest-lockstep $(MAKE_S) run-guest-lockstep
	@$(TAP) twovm $(MAKE_S) run-twovm
	@$(TAP) peer $(MAKE_S) run-peer

# everything else CI checks; synthesis (one Yosys process, ~6 minutes) runs beside the rest
check-suites:
	@$(MAKE_S) -j2 check-synth check-others

check-synth:
	@$(TAP) synth $(MAKE_S) synth

check-others:
	@$(TAP) gen sh scripts/check-gen.sh
	@$(TAP) license sh scripts/check-spdx.sh
	@$(TAP) lint $(MAKE_S) lint
	@$(TAP) core-tb $(MAKE_S) run-core-tb
	@$(TAP) tb-prim $(MAKE_S) run-tb-prim
	@$(TAP) tb-dma-rd $(MAKE_S) run-tb-dma-rd
	@$(TAP) tb-mbx $(MAKE_S) run-tb-mbx
	@$(TAP) mbxproto $(MAKE_S) run-mbxproto-test
	@$(TAP) tb-classifier $(MAKE_S) run-tb-classifier
	@$(TAP) tb-shaper $(MAKE_S) run-tb-shaper
	@$(TAP) tb-dma-wr $(MAKE_S) run-tb-dma-wr
	@$(TAP) tb-rings $(MAKE_S) run-tb-rings
	@$(TAP) tb-txq $(MAKE_S) run-tb-txq
	@$(TAP) tb-rxq $(MAKE_S) run-tb-rxq
	@$(TAP) tb-eth $(MAKE_S) run-tb-eth
	@$(TAP) tb-stats $(MAKE_S) run-tb-stats
	@$(TAP) tb-itr $(MAKE_S) run-tb-itr
	@$(TAP) tb-msix $(MAKE_S) run-tb-msix
	@$(TAP) transport $(MAKE_S) run-transport-test
	@$(TAP) wire $(MAKE_S) run-wire-test
	@$(TAP) wire-asan $(MAKE_S) run-wire-test-asan
	@$(TAP) wire-fuzz-smoke $(MAKE_S) run-wire-fuzz-smoke
	@$(TAP) harness-asan $(MAKE_S) run-harness-asan
	@$(TAP) harness-lockstep $(MAKE_S) run-harness-lockstep
	@$(TAP) bench-quick $(MAKE_S) bench-quick

# Build stages are timed on their own (a failed build also fails the suites
# that need it, so it is counted there); deps failing stops everything.
STAGE := sh scripts/stage.sh
build-stages:
	@$(STAGE) build-qemu $(MAKE_S) qemu || true
	@$(STAGE) build-model $(MAKE_S) model model64 model-lockstep harness || true
	@$(STAGE) build-driver $(MAKE_S) driver initramfs || true

regress:
	@rm -rf $(BUILD)/logs
	@$(STAGE) deps sh scripts/deps.sh
	@$(MAKE_S) build-stages
	@$(STAGE) regress $(MAKE_S) regress-suites
	@sh scripts/summary.sh

test:
	@rm -rf $(BUILD)/logs
	@$(STAGE) deps sh scripts/deps.sh
	@$(MAKE_S) build-stages
	@$(STAGE) checks $(MAKE_S) check-suites
	@$(STAGE) regress $(MAKE_S) regress-suites
	@sh scripts/summary.sh

clean:
	rm -rf $(BUILD)
	$(MAKE) -C driver clean 2>/dev/null || true
