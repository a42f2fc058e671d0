#!/bin/sh
# SPDX-License-Identifier: MIT
# Per-module cell table from the last statistics of a Yosys log of fpga/synth/ecp5-hier.ys:
# one row per module (parameterisations of one module summed; its children not included),
# largest LUT4 count first.
# usage: hier-table.sh YOSYS_LOG
set -eu
awk '
/^[0-9]+\. Printing statistics/ { delete v; delete cnt; delete seen; nm = 0; cur = "" }
/^=== .* ===$/ {
	name = $2
	if (name == "design") { cur = ""; next }
	# $paramod$<hash>\vfnic_x or $paramod\vfnic_x\Param=...: keep the module name
	n = split(name, part, "\\")
	cur = (n >= 2) ? part[2] : part[1]
	if (!(cur in seen)) { seen[cur] = 1; order[++nm] = cur }
	cnt[cur]++
	next
}
cur != "" && NF == 2 && $1 ~ /^[0-9]+$/ && $2 ~ /^(LUT4|TRELLIS_FF|TRELLIS_DPR16X4|DP16KD|PDPW16KD|MULT18X18D|CCU2C)$/ {
	v[cur, $2] += $1
}
END {
	split("LUT4 TRELLIS_FF TRELLIS_DPR16X4 DP16KD PDPW16KD MULT18X18D CCU2C", col, " ")
	printf "%-20s %3s %7s %7s %7s %7s %8s %7s %7s\n", "module", "n", "LUT4", "FF", "DPR16X4", "DP16KD", "PDPW16KD", "MULT18", "CCU2C"
	# selection sort by LUT4, largest first
	for (i = 1; i <= nm; i++) done[i] = 0
	for (k = 1; k <= nm; k++) {
		best = 0
		for (i = 1; i <= nm; i++)
			if (!done[i] && (best == 0 || v[order[i], "LUT4"] > v[order[best], "LUT4"])) best = i
		done[best] = 1; m = order[best]
		printf "%-20s %3d", m, cnt[m]
		for (c = 1; c <= 7; c++) { printf " %7d", v[m, col[c]]; tot[c] += v[m, col[c]] }
		printf "\n"
	}
	printf "%-20s %3s", "total", ""
	for (c = 1; c <= 7; c++) printf " %7d", tot[c]
	printf "\n"
}' "$1"
