#!/bin/sh
# SPDX-License-Identifier: MIT
# Every tracked source file names its licence in an SPDX line near the top (LICENSE: MIT;
# code built into GPL programs -- driver/, sim/qemu/ -- "GPL-2.0-only OR MIT"). Prints TAP.
set -eu
cd "$(dirname "$0")/.."
n=0
fail=0
for f in $(git ls-files); do
	case "$f" in
	docs/* | *.md | *.png | .gitignore | LICENSE) continue ;;
	esac
	n=$((n + 1))
	# outside the GPL programs, MIT alone or the dual licence
	want="\(GPL-2.0-only OR \)\{0,1\}MIT"
	case "$f" in
	driver/* | sim/qemu/*) want="GPL-2.0-only OR MIT" ;;
	esac
	if head -n 3 "$f" | grep -q "SPDX-License-Identifier: $want\( \*/\)\{0,1\}\$"; then
		echo "ok $n - $f"
	else
		echo "not ok $n - $f: no 'SPDX-License-Identifier: $want' in its first 3 lines"
		fail=1
	fi
done
echo "1..$n"
exit $fail
