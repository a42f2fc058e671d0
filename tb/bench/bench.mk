# SPDX-License-Identifier: MIT
# Cycle-accurate datapath benchmarks (tb/bench/, docs/datapath.md "Benchmarks").
#   make bench        build the core once (TotalVfs = 64, activity-gated like the model), run every scenario (TX, RX, VF<->VF
#                     with 1/8/64 VFs at 64..9018 B, rate limiter, fairness, interrupt rate),
#                     write $(BUILD)/bench/{results.md,*.dat,*.png,bench.log}   (~15-20 min)
#   make bench-quick  short windows and a subset of sizes, same outputs; fails (TAP 'not ok')
#                     when a cycle-level target is missed (line rate, rate accuracy, Jain, irq)
# Works standalone: make -s -f tb/bench/bench.mk bench BUILD=build
# BENCH_ARGS adds options of the bench binary, e.g. BENCH_ARGS="--lat-ns 1000 --rcb 0"
# (--only tx,rx,vf2vf,rate,irq --sizes 64,1518 --vfs 0,1,8,64 --ring-log2 N).

BUILD ?= build
ifndef RTL_TOP
include rtl/rtl.mk
endif

BENCH_DIR := $(BUILD)/bench
BENCH_OBJ := $(BENCH_DIR)/obj
BENCH_EXE := $(BENCH_OBJ)/bench
BENCH_CPP := tb/bench/bench.cpp tb/bench/bench_env.cpp
BENCH_DRV := $(BENCH_DIR)/drv/vfnic_dp.o
BENCH_DEPS := $(BENCH_CPP) tb/bench/bench.h sim/transport/vfn_tlp.h driver/hw/vfnic_dp.h \
	driver/hw/vfnic_regs.h driver/hw/vfnic_hw.h driver/hw/vfnic_osdep.h $(RTL_SRCS)
BENCH_ARGS ?=
BENCH_QUICK_ARGS := --quick --check --sizes 64,1518,9018 --vfs 0,8,64

.PHONY: bench bench-quick bench-build

bench-build: $(BENCH_EXE)

$(BENCH_DRV): driver/hw/vfnic_dp.c driver/hw/vfnic_dp.h driver/hw/vfnic_regs.h
	@mkdir -p $(dir $@)
	@gcc -std=gnu11 -O2 -Wall -Wextra -Werror -Idriver/hw -c $< -o $@

# One Verilated build: -O3 model, C++ at -O2 (Verilator defaults to -Os), no trace, X values fast (everything used is reset)
$(BENCH_EXE): $(BENCH_DEPS) $(BENCH_DRV) tb/bench/bench.mk
	@mkdir -p $(BENCH_OBJ)
	@echo "# building the bench core, TotalVfs=64 (log: $(BENCH_DIR)/build.log)"
	@verilator --cc --exe --build -j 2 -O3 --x-assign fast --x-initial fast -Wno-fatal \
		--top-module $(RTL_TOP) -GTotalVfs=64 +define+VFNIC_SIM_GATING --Mdir $(BENCH_OBJ) -o bench \
		-MAKEFLAGS "OPT_FAST=-O2 OPT_GLOBAL=-O2 CXX=$(MODEL_CXX) LINK=$(MODEL_CXX)" \
		-CFLAGS "-std=c++17 -O2 -Wall -I$(CURDIR)/tb/bench -I$(CURDIR)/sim/transport \
		-I$(CURDIR)/driver/hw" \
		$(RTL_SRCS) $(addprefix $(CURDIR)/,$(BENCH_CPP)) $(abspath $(BENCH_DRV)) \
		>$(BENCH_DIR)/build.log 2>&1 || { tail -n 40 $(BENCH_DIR)/build.log; exit 1; }

# run, keep the log, then the plots (gnuplot reads the .dat files next to it)
define bench_run
	@{ $(BENCH_EXE) --out $(BENCH_DIR) $(1); echo $$? >$(BENCH_DIR)/bench.rc; } \
		| tee $(BENCH_DIR)/bench.log
	@test "$$(cat $(BENCH_DIR)/bench.rc)" = 0
	@gnuplot -e "dir='$(BENCH_DIR)'" tb/bench/plots.gp
	@echo "# results: $(BENCH_DIR)/results.md, plots $(BENCH_DIR)/*.png"
endef

bench: $(BENCH_EXE)
	$(call bench_run,$(BENCH_ARGS))

bench-quick: $(BENCH_EXE)
	$(call bench_run,$(BENCH_QUICK_ARGS) $(BENCH_ARGS))
