#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds qemu-system-x86_64 from Debian's QEMU 10.0 source with vfnic's devices
# (sim/qemu/ + sim/transport/) overlaid as hw/vfnic/. The result lives in
# $VFNIC_CACHE/qemu/<version>-<hash of our sources>/ and is reused while neither
# changes; the build tree is kept so a device change recompiles only our files.
# Prints the path of the binary on the last line.
set -eu
. "$(dirname "$0")/env.sh"
log() { printf 'qemu: %s\n' "$*" >&2; }

qdir=$VFNIC_CACHE/qemu
[ -f "$qdir/version" ] || { log "run scripts/deps.sh first"; exit 1; }
ver=$(cat "$qdir/version")
# one build at a time: the build tree is shared and a finished build drops
# the binaries of other overlay hashes
exec 9>"$qdir/.build.lock"
flock -n 9 || { log "another QEMU build is running; waiting for it"; flock 9; }
src=$qdir/src-$ver
overlay_files() {
	ls "$VFNIC_ROOT"/sim/qemu/*.c "$VFNIC_ROOT"/sim/qemu/*.h \
		"$VFNIC_ROOT"/sim/qemu/meson.build "$VFNIC_ROOT"/sim/qemu/hw-meson.patch \
		"$VFNIC_ROOT"/sim/transport/*.c "$VFNIC_ROOT"/sim/transport/*.h \
		"$VFNIC_ROOT"/driver/hw/vfnic_regs.h 2>/dev/null | LC_ALL=C sort
}
hash=$(overlay_files | while read -r f; do printf '%s\n' "${f#"$VFNIC_ROOT"/}"; cat "$f"; done |
	sha256sum | cut -c1-12)
out=$qdir/$ver-$hash
if [ -x "$out/qemu-system-x86_64" ]; then
	log "QEMU $ver-$hash cached"
	echo "$out/qemu-system-x86_64"
	exit 0
fi

work=$qdir/work-$ver
if [ ! -f "$work/.copied" ]; then
	log "copying pristine source to $work"
	rm -rf "$work" && cp -a "$src" "$work" && touch "$work/.copied"
fi
# overlay: our files as hw/vfnic/, hooked into hw/meson.build once
rm -rf "$work/hw/vfnic.new" && mkdir -p "$work/hw/vfnic.new"
overlay_files | while read -r f; do
	case $f in */hw-meson.patch) continue ;; esac
	cp "$f" "$work/hw/vfnic.new/"
done
[ -f "$work/hw/vfnic.new/meson.build" ] || echo "# no vfnic devices yet" >"$work/hw/vfnic.new/meson.build"
# replace only files whose content changed, so ninja rebuilds only those
mkdir -p "$work/hw/vfnic"
for f in "$work"/hw/vfnic.new/*; do
	b=$(basename "$f")
	cmp -s "$f" "$work/hw/vfnic/$b" || cp "$f" "$work/hw/vfnic/$b"
done
for f in "$work"/hw/vfnic/*; do
	[ -e "$work/hw/vfnic.new/$(basename "$f")" ] || rm -f "$f"
done
rm -rf "$work/hw/vfnic.new"
grep -q "subdir('vfnic')" "$work/hw/meson.build" || echo "subdir('vfnic')" >>"$work/hw/meson.build"

if [ ! -f "$work/build/build.ninja" ]; then
	log "configure (x86_64-softmmu only)"
	mkdir -p "$work/build"
	(cd "$work/build" && ../configure --python="$(command -v "$VFNIC_PY")" \
		--target-list=x86_64-softmmu --disable-docs --disable-werror \
		--disable-rust --enable-slirp --disable-gtk --disable-sdl --disable-vnc \
		--disable-opengl --disable-xen --disable-tools --disable-guest-agent \
		--disable-download --disable-install-blobs >"$work/build/configure.log" 2>&1) ||
		{ tail -n 30 "$work/build/configure.log" >&2; exit 1; }
fi
log "ninja qemu-system-x86_64 (first build takes ~6 min on 2 cores)"
start=$(date +%s)
(cd "$work/build" && ninja qemu-system-x86_64 >"$work/build/ninja.log" 2>&1) || {
	grep -E -B2 -A8 'error|FAILED' "$work/build/ninja.log" | head -n 60 >&2
	exit 1
}
log "built in $(( $(date +%s) - start )) s"
mkdir -p "$out"
cp "$work/build/qemu-system-x86_64" "$out/"
# drop stale binaries of older overlay hashes
for d in "$qdir/$ver"-*; do
	[ "$d" = "$out" ] || rm -rf "$d"
done
echo "$out/qemu-system-x86_64"
