# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# Variables set here are read by the sourcing script:
# shellcheck disable=SC2034,SC2154
# Shell functions shared by the guest runners (sourced, not run): process
# control, the model, the guest's inputs, QEMU's common arguments and the TAP
# report. The caller sets VFNIC_ROOT (the repository) and GL_NAME (its name in
# messages) before sourcing this; sourcing it reads scripts/env.sh, changes to
# VFNIC_ROOT and makes BUILD (default build) absolute.

# shellcheck source=scripts/env.sh
. "$VFNIC_ROOT/scripts/env.sh"
cd "$VFNIC_ROOT" || exit 1
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$VFNIC_ROOT/$BUILD ;; esac

die() { echo "${GL_NAME:-guest}: $*" >&2; exit 1; }

# guest_no_args "$@": for a runner that takes no arguments: -h prints the
# usage comment at the top of the script ($0), anything else is an error
guest_no_args() {
	case ${1:-} in
	"") ;;
	-h | --help) sed -n '2,/^set -u/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
	*) echo "usage: $0" >&2; exit 2 ;;
	esac
}
now() { date +%s; }

# stop_pid PID: TERM, wait up to 5 s, then KILL; exit status in $rc
stop_pid() {
	kill -TERM "$1" 2>/dev/null
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	rc=$?
}

# wait_file FILE PATTERN SECONDS [PID]: until grep finds PATTERN in FILE;
# fails after SECONDS or as soon as PID (if given) is gone
wait_file() {
	_t=$(($(now) + $3))
	until grep -q "$2" "$1" 2>/dev/null; do
		[ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null && return 1
		[ "$(now)" -ge "$_t" ] && return 1
		sleep 0.2
	done
}

# guest_inputs model|nomodel: sets qemu, vmlinuz, initrd, romdir, model_bin or
# dies (with nomodel, a missing model binary is no error)
guest_inputs() {
	qemu=${VFNIC_QEMU:-$(cat "$BUILD/qemu-bin" 2>/dev/null)}
	{ [ -n "$qemu" ] && [ -x "$qemu" ]; } || die "no QEMU binary ('$qemu'): make qemu, or set VFNIC_QEMU"
	kdir=$VFNIC_CACHE/kernel/current
	kver=$(basename "$(readlink -f "$kdir")")
	vmlinuz=$kdir/root/boot/vmlinuz-$kver
	[ -f "$vmlinuz" ] || die "no guest kernel at $vmlinuz: make deps"
	initrd=$BUILD/guest/initramfs.cpio.gz
	[ -f "$initrd" ] || die "no $initrd: make initramfs"
	model_bin=${VFNIC_MODEL:-$BUILD/model/vfnic-model}
	[ "${1:-}" = nomodel ] || [ -x "$model_bin" ] || die "no $model_bin: make model"
	romdir=$BUILD/qemu-roms
	# -L directory: SeaBIOS and the option ROMs a -kernel boot needs
	sh "$VFNIC_ROOT/scripts/qemu-roms.sh" "$romdir" || die "cannot make the QEMU ROM directory"
}

# start_model SOCKET LOGDIR [ARG...]: model in the background, $mpid; waits
# for its ready line (logs LOGDIR/model.log and LOGDIR/model.stderr)
start_model() {
	_sock=$1 _log=$2
	shift 2
	"$model_bin" --socket "$_sock" --log "$_log/model.log" "$@" \
		</dev/null >"$_log/model.stderr" 2>&1 &
	mpid=$!
	wait_file "$_log/model.stderr" "vfnic-model: ready" 60 "$mpid" || {
		cat "$_log/model.stderr" >&2
		die "model not ready"
	}
}

# guest_qemu_args APPEND: sets "$@"-ready words in $qargs (no device):
# q35, TCG, 512 MiB, our kernel and initramfs, no defaults, no reboot
guest_qemu_args() {
	qargs="-M q35 -accel tcg -m 512M -smp ${VFNIC_GUEST_SMP:-1} -nodefaults -nographic -no-reboot -L $romdir -kernel $vmlinuz -initrd $initrd"
	qappend="console=ttyS0 panic=-1 loglevel=4 $1"
}

# tap_from CONSOLE PREFIX: the guest's TAP lines (dmesg dump left out),
# renumbered from $n + 1 with PREFIX in front of each name; updates n, fails
tap_from() {
	tr -d '\r' <"$1" 2>/dev/null | awk -v n="$n" -v p="$2" '
		/^VFNIC-DMESG-BEGIN/ { skip = 1 }
		/^VFNIC-DMESG-END/ { skip = 0; next }
		skip { next }
		/^(not )?ok [0-9]+( |$)/ {
			n++
			nok = ($1 == "not")
			sub(/^(not )?ok [0-9]+ (- )?/, "")
			print (nok ? "not ok " : "ok ") n " - " p $0
		}' >"$tmp/tap.part"
	cat "$tmp/tap.part"
	n=$((n + $(grep -c -E '^(not )?ok ' "$tmp/tap.part")))
	fails=$((fails + $(grep -c '^not ok ' "$tmp/tap.part")))
}

# host_check NAME STATUS: one TAP line; updates n, fails
host_check() {
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		fails=$((fails + 1))
	fi
}

# guest_finish LOGDIR FILE...: the TAP plan, then on any failure the last
# lines of each log FILE (in LOGDIR) and exit 1, else exit 0
guest_finish() {
	_dir=$1
	shift
	echo "1..$n"
	[ -n "${GL_SUMMARY:-}" ] && echo "# $GL_SUMMARY"
	if [ "$fails" -ne 0 ]; then
		for _f in "$@"; do
			echo "# --- last lines of $_f"
			tail -n 15 "$_dir/$_f" 2>/dev/null | tr -d '\r' | sed 's/^/#   /'
		done
		echo "# FAILED: $fails check(s); logs in $_dir/"
		exit 1
	fi
	echo "# logs: $_dir/"
	exit 0
}
