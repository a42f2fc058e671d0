#!/bin/sh
# SPDX-License-Identifier: MIT
# Boots the Debian guest kernel with our initramfs in our QEMU, with the PF of
# the co-simulated vfnic (model process + QEMU device vfnic-pf) behind a PCIe
# root port, and reports the in-guest test as TAP.
#
# usage: run-guest.sh [--interactive] [--standin igb]
#   --interactive   shell on the guest console instead of the test (stdio;
#                   Ctrl-A X quits QEMU, 'exit' in the shell powers off)
#   --standin igb   QEMU's igb in place of vfnic-pf, no model: checks the
#                   boot and the test's generic parts (bring-up aid)
# environment:
#   VFNIC_KVM=1             use KVM instead of TCG
#   VFNIC_GUEST_TIMEOUT=S   wall-clock limit of the whole run (default 600)
#   VFNIC_QEMU=PATH         QEMU binary (default: the one build/qemu-bin names)
#   VFNIC_GUEST_STANDIN=igb same as --standin igb
#   VFNIC_GUEST_SRIOV=0|1   run the guest's SR-IOV checks (default 1)
#   VFNIC_GUEST_SMP=N       guest vCPUs (default 1). 64 VFs need 2: each VF
#                           takes 4 interrupt vectors and one x86 CPU has
#                           about 200 for devices
#   VFNIC_GUEST_LOG=DIR     where the logs go (default $BUILD/guest/log)
#   VFNIC_MODEL=PATH        model binary (default $BUILD/model/vfnic-model;
#                           $BUILD/model64/vfnic-model from 'make model64' has
#                           TotalVfs = 64)
#   BUILD=DIR               build directory (default build)
# Logs: $BUILD/guest/log/{console.log,model.log,model.stderr,qemu.log}.
set -u

VFNIC_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GL_NAME=run-guest
# shellcheck source=sim/guest/guest-lib.sh
. "$VFNIC_ROOT/sim/guest/guest-lib.sh"

usage() {
	sed -n '2,/^set -u/{/^#/s/^# \{0,1\}//p}' "$0" >&2
	exit "${1:-2}"
}

mode="test"
standin=${VFNIC_GUEST_STANDIN:-}
while [ $# -gt 0 ]; do
	case $1 in
	--interactive) mode=shell ;;
	--standin) [ $# -ge 2 ] || usage; standin=$2; shift ;;
	-h | --help) usage 0 ;;
	*) usage ;;
	esac
	shift
done
case $standin in "" | igb) ;; *) echo "run-guest: unknown stand-in '$standin'" >&2; exit 2 ;; esac
sriov=${VFNIC_GUEST_SRIOV:-1}
case $sriov in 0 | 1) ;; *) echo "run-guest: VFNIC_GUEST_SRIOV must be 0 or 1, not '$sriov'" >&2; exit 2 ;; esac

timeout_s=${VFNIC_GUEST_TIMEOUT:-600}
logdir=${VFNIC_GUEST_LOG:-$BUILD/guest/log}
console=$logdir/console.log

# ---- inputs: qemu, vmlinuz, initrd, romdir (the -L directory), model_bin ----
if [ -z "$standin" ]; then
	guest_inputs model
	"$qemu" -device help 2>/dev/null | grep -q '"vfnic-pf"' ||
		die "$qemu has no device vfnic-pf"
else
	guest_inputs nomodel
fi

rm -rf "$logdir"
mkdir -p "$logdir"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfnic-guest.XXXXXX") || die "mktemp failed"
sock=$tmp/model.sock

# ---- cleanup: whatever happens, no model or QEMU outlives us ----
mpid=
qpid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$qpid" ] && stop_pid "$qpid"
	[ -n "$mpid" ] && stop_pid "$mpid"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

t_start=$(now)

# ---- the model ----
if [ -z "$standin" ]; then
	"$model_bin" --socket "$sock" --log "$logdir/model.log" \
		</dev/null >"$logdir/model.stderr" 2>&1 &
	mpid=$!
	i=0
	until grep -q "vfnic-model: ready" "$logdir/model.stderr" 2>/dev/null; do
		kill -0 "$mpid" 2>/dev/null || { cat "$logdir/model.stderr" >&2; mpid=; die "model exited before it was ready"; }
		[ $i -ge 600 ] && { cat "$logdir/model.stderr" >&2; die "model not ready after 60 s"; }
		sleep 0.1
		i=$((i + 1))
	done
	device="vfnic-pf,bus=rp0,socket=$sock"
else
	# romfile= : this QEMU has no iPXE ROMs and igb needs none
	device="igb,bus=rp0,romfile="
fi

# ---- QEMU ----
accel="-accel tcg"
if [ "${VFNIC_KVM:-0}" = 1 ]; then
	[ -w /dev/kvm ] || die "VFNIC_KVM=1 but /dev/kvm is not usable"
	accel="-accel kvm -cpu host"
fi
append="console=ttyS0 panic=-1 loglevel=4 vfnic_mode=$mode"
append="$append vfnic_sriov=$sriov"
[ -n "$standin" ] && append="$append vfnic_standin=$standin"
# shellcheck disable=SC2086 # $accel is two or four words on purpose
# -nodefaults: q35's default empty CD-ROM alone costs 30 s of SeaBIOS AHCI
# timeouts under TCG; we want no default NIC or VGA either
set -- -M q35 $accel -m 512M -smp "${VFNIC_GUEST_SMP:-1}" -nodefaults -nographic -no-reboot \
	-L "$romdir" -kernel "$vmlinuz" -initrd "$initrd" -append "$append" \
	-device pcie-root-port,id=rp0,chassis=1 -device "$device"

if [ "$mode" = shell ]; then
	echo "run-guest: interactive guest; Ctrl-A X quits QEMU, 'exit' powers off"
	[ -z "$standin" ] && echo "run-guest: model log $logdir/model.log"
	"$qemu" "$@" -serial mon:stdio
	exit $?
fi

"$qemu" "$@" -serial "file:$console" -monitor none \
	</dev/null >"$logdir/qemu.log" 2>&1 &
qpid=$!
t_qemu=$(now)

# ---- watchdog: wall clock, model death, a guest that finished but hangs ----
why=
t_init=
t_done=
while kill -0 "$qpid" 2>/dev/null; do
	t=$(now)
	if [ -z "$t_init" ] && grep -q VFNIC-GUEST-INIT "$console" 2>/dev/null; then
		t_init=$t
	fi
	if [ -z "$t_done" ] && grep -q VFNIC-GUEST-DONE "$console" 2>/dev/null; then
		t_done=$t
	fi
	if [ $((t - t_start)) -ge "$timeout_s" ]; then
		why="timeout: still running after ${timeout_s} s"
		break
	fi
	if [ -n "$t_done" ] && [ $((t - t_done)) -ge 60 ]; then
		why="guest finished but did not power off within 60 s"
		break
	fi
	if [ -n "$mpid" ] && ! kill -0 "$mpid" 2>/dev/null; then
		why="model process died during the run"
		sleep 5
		break
	fi
	sleep 0.5
done
if kill -0 "$qpid" 2>/dev/null; then
	stop_pid "$qpid"
	qrc="killed ($rc)"
else
	wait "$qpid"
	qrc=$?
fi
qpid=
t_end=$(now)

# ---- the model must still be alive, and stop on SIGTERM ----
model_alive=
mrc=
if [ -n "$mpid" ]; then
	kill -0 "$mpid" 2>/dev/null && model_alive=1
	stop_pid "$mpid"
	mrc=$rc
	mpid=
fi

# ---- report: the guest's TAP lines, renumbered, then our own checks ----
tr -d '\r' <"$console" 2>/dev/null >"$tmp/console"
awk '
	/^VFNIC-DMESG-BEGIN/ { skip = 1 }
	/^VFNIC-DMESG-END/ { skip = 0; next }
	skip { next }
	/^(not )?ok [0-9]+( |$)/ {
		n++
		sub(/^ok [0-9]+/, "ok " n)
		sub(/^not ok [0-9]+/, "not ok " n)
		print
		next
	}
	/^# / { print }' "$tmp/console" >"$tmp/tap"
guest_n=$(grep -c -E '^(not )?ok ' "$tmp/tap")
plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$tmp/console" | tail -n 1)

n=$guest_n
fails=$(grep -c '^not ok ' "$tmp/tap")
cat "$tmp/tap"
host_check() { # NAME STATUS
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		fails=$((fails + 1))
	fi
}
grep -q VFNIC-GUEST-INIT "$tmp/console"
host_check "guest kernel booted and ran /init" $?
grep -q VFNIC-GUEST-DONE "$tmp/console"
host_check "guest test ran to the end (VFNIC-GUEST-DONE)" $?
[ -n "$plan" ] && [ "$plan" -eq "$guest_n" ]
host_check "guest reported all its checks ($guest_n of plan ${plan:-none})" $?
[ -z "$why" ] && [ "$qrc" = 0 ]
host_check "QEMU exited by itself with status 0 (${why:-status $qrc})" $?
if [ -z "$standin" ]; then
	[ -n "$model_alive" ]
	host_check "model alive until QEMU exited" $?
	[ "$mrc" = 0 ] || [ "$mrc" = 143 ]
	host_check "model stopped on SIGTERM (status $mrc)" $?
fi
echo "1..$n"

boot=$(sed -n 's/.*VFNIC-GUEST-INIT uptime \([0-9.]*\)s.*/\1/p' "$tmp/console" | head -n 1)
echo "# kernel boot to /init: ${boot:-?} s guest uptime, $((${t_init:-$t_end} - t_qemu)) s wall from QEMU start"
echo "# whole run: $((t_end - t_start)) s wall ($accel)"

if [ "$fails" -ne 0 ]; then
	echo "# FAILED: $fails check(s). Last lines of the guest console (before its dmesg dump):"
	sed '/^VFNIC-DMESG-BEGIN/,$d' "$tmp/console" | tail -n 40 | sed 's/^/#   console| /'
	echo "# Last lines of the guest's dmesg:"
	sed -n '/^VFNIC-DMESG-BEGIN/,/^VFNIC-DMESG-END/p' "$tmp/console" |
		grep -v '^VFNIC-DMESG' | tail -n 25 | sed 's/^/#   dmesg| /'
	if [ -z "$standin" ]; then
		echo "# Last lines of the model log:"
		tail -n 30 "$logdir/model.log" 2>/dev/null | sed 's/^/#   model| /'
		tail -n 10 "$logdir/model.stderr" 2>/dev/null | sed 's/^/#   model stderr| /'
	fi
	tail -n 10 "$logdir/qemu.log" 2>/dev/null | sed 's/^/#   qemu| /'
	echo "# full logs: $logdir/ (console.log, model.log, model.stderr, qemu.log)"
	exit 1
fi
echo "# logs: $logdir/"
exit 0
