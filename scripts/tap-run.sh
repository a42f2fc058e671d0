#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one test suite that prints TAP lines ("ok N - name" / "not ok N - name"),
# keeps its output in build/logs/SUITE.log and adds its counts to
# build/logs/summary. A suite that exits non-zero without reporting a failure
# counts as one failed test, so a crash never passes silently.
# usage: tap-run.sh SUITE COMMAND [ARG...]
set -u
suite=$1; shift
logs=${VFNIC_LOGS:-build/logs}
mkdir -p "$logs"
log=$logs/$suite.log
printf '== %s: %s\n' "$suite" "$*"
start=$(date +%s)
"$@" >"$log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
# a skipped test is reported, never counted as passed
skip=$(grep '^ok ' "$log" | grep -ci '# *skip')
pass=$(( $(grep -c '^ok ' "$log") - skip ))
fail=$(grep -c '^not ok ' "$log")
grep -E '^(not ok|ok|#)' "$log" | sed "s/^/   /"
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	printf '   not ok - %s exited with status %d (log: %s)\n' "$suite" "$rc" "$log"
	tail -n 40 "$log" | sed 's/^/   | /'
fi
if [ "$pass" -eq 0 ] && [ "$fail" -eq 0 ]; then
	fail=1
	printf '   not ok - %s ran no test (log: %s)\n' "$suite" "$log"
fi
printf '%s %s %s %s %s\n' "$suite" "$pass" "$fail" "$secs" "$skip" >>"$logs/summary"
printf '== %s: %s passed, %s failed, %s skipped (%s s)\n' "$suite" "$pass" "$fail" "$skip" "$secs"
exit 0
