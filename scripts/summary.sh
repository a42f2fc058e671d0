#!/bin/sh
# SPDX-License-Identifier: MIT
# Totals build/logs/summary (written by tap-run.sh) and prints the closing
# line "N passed, N failed"; exits 1 if anything failed or nothing ran.
logs=${VFNIC_LOGS:-build/logs}
[ -f "$logs/summary" ] || { echo "0 passed, 1 failed"; exit 1; }
if [ -f "$logs/stages" ]; then
	echo "== stages (seconds, status):"
	sed 's/^/   /' "$logs/stages"
fi
echo "== suites (passed, failed, seconds, skipped):"
sed 's/^/   /' "$logs/summary"
awk '{p += $2; f += $3; s += $5}
	END {printf "%d passed, %d failed", p, f; if (s) printf ", %d skipped", s; printf "\n"
	     exit (f > 0 || p == 0)}' \
	"$logs/summary"
