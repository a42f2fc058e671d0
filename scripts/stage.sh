#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one build stage of `make test`/`make regress`, timing it: prints
# "== stage NAME: N s" and records "NAME N status" in build/logs/stages for the
# summary. Returns the command's status.
# usage: stage.sh NAME COMMAND [ARG...]
set -u
name=$1; shift
logs=${VFNIC_LOGS:-build/logs}
mkdir -p "$logs"
start=$(date +%s)
printf '== stage %s: %s\n' "$name" "$*"
"$@"
rc=$?
secs=$(( $(date +%s) - start ))
printf '%s %s %s\n' "$name" "$secs" "$rc" >>"$logs/stages"
printf '== stage %s: %s s (status %s)\n' "$name" "$secs" "$rc"
exit $rc
