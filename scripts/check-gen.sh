#!/bin/sh
# SPDX-License-Identifier: MIT
# TAP check: the generated SV package, C header and register docs match the
# register description (regenerated into a temporary directory and compared).
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
${PY:-python3} rtl/regs/regsgen.py rtl/regs/vfnic_regs.toml --sv "$t/pkg.sv" \
	--c "$t/regs.h" --md "$t/regs.md" || { echo "not ok 1 - regsgen failed"; exit 1; }
n=0; bad=0
for pair in "pkg.sv rtl/regs/vfnic_regs_pkg.sv" "regs.h driver/hw/vfnic_regs.h" \
	"regs.md docs/registers.md"; do
	set -- $pair
	n=$((n + 1))
	if cmp -s "$t/$1" "$2"; then
		echo "ok $n - $2 matches the register description"
	else
		echo "not ok $n - $2 is stale: run 'make gen'"
		diff -u "$2" "$t/$1" | head -n 20 | sed 's/^/# /'
		bad=1
	fi
done
exit $bad
