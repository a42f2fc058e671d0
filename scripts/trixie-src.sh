# SPDX-License-Identifier: MIT
# Source packages from Debian trixie (sourced by scripts/deps.sh and scripts/build-yosys.sh,
# after env.sh and a log function). A private apt state in $VFNIC_CACHE/apt-trixie holds
# only a deb-src entry, so the system's apt sources are not touched and no trixie binary
# can be installed by accident. Build dependencies come from the system's (bookworm) apt.

# trixie_apt: sets $trixie_aopt (apt options selecting the private state) and updates its
# lists once (again with VFNIC_REFRESH=1).
trixie_apt() {
	adir=$VFNIC_CACHE/apt-trixie
	mkdir -p "$adir/lists/partial"
	uri=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)$/\1/p' \
		/etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
	[ -n "$uri" ] || uri=$(sed -n 's/^deb[[:space:]]\{1,\}\([^[:space:]]*\/debian\)[[:space:]].*/\1/p' \
		/etc/apt/sources.list 2>/dev/null | head -n1)
	[ -n "$uri" ] || { log "no Debian mirror found in apt sources"; exit 1; }
	cat >"$adir/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main
SRC
	trixie_aopt="-o Dir::Etc::sourcelist=$adir/sources.list -o Dir::Etc::sourceparts=-
-o Dir::State::Lists=$adir/lists -o APT::Get::List-Cleanup=0"
	if [ ! -f "$adir/.updated" ] || [ -n "${VFNIC_REFRESH:-}" ]; then
		log "apt-get update (trixie deb-src only, private state)"
		# shellcheck disable=SC2086
		apt-get $trixie_aopt update -qq >&2
		touch "$adir/.updated"
	fi
}

# trixie_src_versions PKG: the versions of source package PKG that trixie serves, oldest first
trixie_src_versions() {
	# shellcheck disable=SC2086
	apt-cache $trixie_aopt showsrc "$1" 2>/dev/null |
		sed -n 's/^Version: \([^ ]*\)$/\1/p' | sort -V
}

# trixie_src_fetch PKG VERSION DIR: downloads source package PKG=VERSION and unpacks it into
# DIR with dpkg-source (marked DIR/.done); apt's messages go to stderr
trixie_src_fetch() {
	dl=$3.dl
	rm -rf "$dl" "$3" && mkdir -p "$dl"
	# shellcheck disable=SC2086
	(cd "$dl" && apt-get $trixie_aopt source -q --download-only "$1=$2" >&2)
	dpkg-source --no-copy -x "$dl/$1"_*.dsc "$3" >/dev/null
	rm -rf "$dl"
	touch "$3/.done"
}
