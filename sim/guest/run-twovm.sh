#!/bin/sh
# SPDX-License-Identifier: MIT
# Two VMs on one vfnic model: the co-simulated VFIO pass-through of a VF.
# VM A has the PF (vfnic-pf, vfnic_pf.ko), enables 2 VFs and drives none of
# them; VM B is given VF 1 by the vfnic-vf device and checks it (enumeration
# with the VF's IDs, vfnic_vf probe with FUNC = 2, MSI-X, a DMA test in its
# own memory). The host checks the model's log (VF 1's device requests go to
# VM B's client only) and that vfnic-vf refuses a VF that is taken (BUSY) or
# not enabled (NOFUNC) with the model's text and exit status 1. TAP output;
# TCG only. A second phase kills a fresh model under VM B's VF mid-test: VM B's
# QEMU must report it once and carry on (reads all-ones) to its power-off.
#
# usage: run-twovm.sh
# environment:
#   VFNIC_GUEST_TIMEOUT=S   wall-clock limit of each VM's phase (default 600)
#   VFNIC_QEMU=PATH         QEMU binary (default: the one build/qemu-bin names)
#   VFNIC_MODEL=PATH        model binary (default $BUILD/model/vfnic-model)
#   VFNIC_GUEST_LOG=DIR     where the logs go (default $BUILD/guest/log-twovm)
#   VFNIC_TWOVM_GONE=0      leave out the model-gone phase
#   BUILD=DIR               build directory (default build)
# Logs: console-a.log, console-b.log, qemu-{a,b,busy,nofunc}.log, model.log
# (with --log-tlp), model.stderr; gone/ for the model-gone phase.
set -u

VFNIC_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GL_NAME=run-twovm
# shellcheck source=sim/guest/guest-lib.sh
. "$VFNIC_ROOT/sim/guest/guest-lib.sh"
guest_no_args "$@"

timeout_s=${VFNIC_GUEST_TIMEOUT:-600}
logdir=${VFNIC_GUEST_LOG:-$BUILD/guest/log-twovm}
guest_inputs model
"$qemu" -device help 2>/dev/null | grep -q '"vfnic-vf"' || die "$qemu has no device vfnic-vf"

rm -rf "$logdir"
mkdir -p "$logdir"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfnic-twovm.XXXXXX") || die "mktemp failed"
sock=$tmp/model.sock

# ---- cleanup: whatever happens, no model or QEMU outlives us ----
mpid='' apid='' bpid=''
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	for p in $bpid $apid $mpid; do stop_pid "$p"; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

n=0
fails=0
t_start=$(now)
start_model "$sock" "$logdir" --log-tlp

# ---- VM A: the PF host ----
guest_qemu_args "vfnic_mode=twovm-a"
# shellcheck disable=SC2086 # $qargs is a word list on purpose
"$qemu" $qargs -append "$qappend" \
	-device pcie-root-port,id=rp0,chassis=1 -device "vfnic-pf,bus=rp0,socket=$sock" \
	-serial "file:$logdir/console-a.log" -monitor none \
	</dev/null >"$logdir/qemu-a.log" 2>&1 &
apid=$!
wait_file "$logdir/console-a.log" VFNIC-TWOVM-READY "$timeout_s" "$apid"
a_ready=$?
t_a=$(now)

# vfnic-vf up to its realize only (-S: no guest runs); expect a refusal
# try_vf VF LOG: status of QEMU in $trc (124 = did not exit in 60 s)
try_vf() {
	# shellcheck disable=SC2086
	timeout 60 "$qemu" -M q35 -accel tcg -nodefaults -display none -S -monitor none -L "$romdir" \
		-device pcie-root-port,id=rp0,chassis=1 \
		-device "vfnic-vf,bus=rp0,socket=$sock,vf=$1" </dev/null >"$2" 2>&1
	trc=$?
}

if [ $a_ready -eq 0 ]; then
	# a VF that is not enabled (VM A set NumVFs 2)
	try_vf 5 "$logdir/qemu-nofunc.log"
	st=1
	[ $trc -eq 1 ] && grep -q "VF 5 (function 6) is not enabled" "$logdir/qemu-nofunc.log" && st=0
	host_check "vfnic-vf,vf=5 (not enabled) refused: exit $trc, model's NOFUNC text: $(grep -o 'VF 5 (function 6) is not enabled[^"]*' "$logdir/qemu-nofunc.log" | head -n 1)" \
		$st

	# ---- VM B: given VF 1 ----
	guest_qemu_args "vfnic_mode=twovm-b"
	# shellcheck disable=SC2086
	"$qemu" $qargs -append "$qappend" \
		-device pcie-root-port,id=rp0,chassis=1 -device "vfnic-vf,bus=rp0,socket=$sock,vf=1" \
		-serial "file:$logdir/console-b.log" -monitor none \
		</dev/null >"$logdir/qemu-b.log" 2>&1 &
	bpid=$!
	# VM B's device is realized (VF 1 claimed) once its kernel runs
	if wait_file "$logdir/console-b.log" VFNIC-GUEST-INIT "$timeout_s" "$bpid"; then
		try_vf 1 "$logdir/qemu-busy.log"
		st=1
		[ $trc -eq 1 ] && grep -q "VF 1 (function 2) is owned by client" "$logdir/qemu-busy.log" && st=0
		host_check "second vfnic-vf,vf=1 refused while VM B holds it: exit $trc, model's BUSY text: $(grep -o "VF 1 (function 2) is owned by client '[^']*'" "$logdir/qemu-busy.log" | head -n 1)" \
			$st
	fi
	# VM B powers off by itself when its test is done
	t=$(($(now) + timeout_s))
	while kill -0 "$bpid" 2>/dev/null && [ "$(now)" -lt "$t" ]; do sleep 0.5; done
	if kill -0 "$bpid" 2>/dev/null; then
		stop_pid "$bpid"
		brc="killed after ${timeout_s} s"
	else
		wait "$bpid"
		brc=$?
	fi
	bpid=
fi
t_b=$(now)

# ---- VM A is still up: stop it; the model must have survived ----
a_alive=1
kill -0 "$apid" 2>/dev/null || a_alive=0
stop_pid "$apid"
apid=
m_alive=1
kill -0 "$mpid" 2>/dev/null || m_alive=0
stop_pid "$mpid"
mrc=$rc
mpid=

# ---- phase 2: the model dies under VM B (fresh model, VM A, VM B) ----
g_ok=1 g_brc='' g_errs='' g_done=''
if [ "${VFNIC_TWOVM_GONE:-1}" = 1 ] && [ $a_ready -eq 0 ]; then
	gsock=$tmp/gone.sock
	mkdir -p "$logdir/gone"
	start_model "$gsock" "$logdir/gone"
	guest_qemu_args "vfnic_mode=twovm-a"
	# shellcheck disable=SC2086
	"$qemu" $qargs -append "$qappend" \
		-device pcie-root-port,id=rp0,chassis=1 -device "vfnic-pf,bus=rp0,socket=$gsock" \
		-serial "file:$logdir/gone/console-a.log" -monitor none \
		</dev/null >"$logdir/gone/qemu-a.log" 2>&1 &
	apid=$!
	if wait_file "$logdir/gone/console-a.log" VFNIC-TWOVM-READY "$timeout_s" "$apid"; then
		guest_qemu_args "vfnic_mode=twovm-b"
		# shellcheck disable=SC2086
		"$qemu" $qargs -append "$qappend" \
			-device pcie-root-port,id=rp0,chassis=1 -device "vfnic-vf,bus=rp0,socket=$gsock,vf=1" \
			-serial "file:$logdir/gone/console-b.log" -monitor none \
			</dev/null >"$logdir/gone/qemu-b.log" 2>&1 &
		bpid=$!
		# the VF driver has probed: now the model goes, mid-test
		wait_file "$logdir/gone/console-b.log" "FUNC register" "$timeout_s" "$bpid" || g_ok=0
		kill -KILL "$mpid" 2>/dev/null
		wait "$mpid" 2>/dev/null
		mpid=
		t=$(($(now) + timeout_s))
		while kill -0 "$bpid" 2>/dev/null && [ "$(now)" -lt "$t" ]; do sleep 0.5; done
		if kill -0 "$bpid" 2>/dev/null; then
			stop_pid "$bpid"
			g_brc="killed after ${timeout_s} s"
		else
			wait "$bpid"
			g_brc=$?
		fi
		bpid=
		g_errs=$(grep -c "lost the vfnic model" "$logdir/gone/qemu-b.log")
		grep -q VFNIC-GUEST-DONE "$logdir/gone/console-b.log" && g_done=1
	else
		g_ok=0
	fi
	stop_pid "$apid"
	apid=
	[ -n "$mpid" ] && stop_pid "$mpid"
	mpid=
fi
t_g=$(now)

# ---- report ----
tap_from "$logdir/console-a.log" ""
host_check "VM A ready: PF driven, VFs enabled (VFNIC-TWOVM-READY after $((t_a - t_start)) s)" $a_ready
if [ $a_ready -eq 0 ]; then
	tap_from "$logdir/console-b.log" ""
	grep -q VFNIC-GUEST-DONE "$logdir/console-b.log"
	host_check "VM B's test ran to the end (VFNIC-GUEST-DONE)" $?
	plan=$(tr -d '\r' <"$logdir/console-b.log" | sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' | tail -n 1)
	[ -n "$plan" ] && [ "$plan" -ge 8 ]
	host_check "VM B reported all its checks (plan ${plan:-none})" $?
	[ "$brc" = 0 ]
	host_check "VM B's QEMU exited by itself with status 0 ($brc)" $?
fi
[ $a_alive -eq 1 ]
host_check "VM A stayed up until the end" $?
log=$logdir/model.log
win=$(grep -o "client 'vfnic-vf (VF 1)' #[0-9]*: connected: role VF 1 (function 2), [0-9]* DMA window(s)" "$log" | head -n 1)
case $win in *", 0 DMA window(s)" | "") false ;; *) true ;; esac
host_check "model log: VM B's vfnic-vf connected as VF 1 (function 2) with DMA windows (${win##*, })" $?
# device requests of function 2 (VF 1): requester ID bb02 with VM A's bus
vf_to_b=$(grep -c -E "client 'vfnic-vf \(VF 1\)' #[0-9]+: m2c (MRd|MWr)[0-9]* rid=[0-9a-f]{2}02 " "$log")
vf_to_a=$(grep -c -E "client 'vfnic-pf' #[0-9]+: m2c (MRd|MWr)[0-9]* rid=[0-9a-f]{2}02 " "$log")
vf_msi=$(grep -c -E "client 'vfnic-vf \(VF 1\)' #[0-9]+: m2c MWr[0-9]* rid=[0-9a-f]{2}02 .*addr=0xfee" "$log")
vf_rd=$(grep -c -E "client 'vfnic-vf \(VF 1\)' #[0-9]+: m2c MRd[0-9]* rid=[0-9a-f]{2}02 " "$log")
[ "$vf_to_b" -gt 0 ] && [ "$vf_msi" -gt 0 ] && [ "$vf_rd" -gt 0 ]
host_check "model log: VF 1's device requests went to VM B's client ($vf_to_b: $vf_rd DMA reads, $vf_msi MSI-X writes)" $?
[ "$vf_to_a" -eq 0 ]
host_check "model log: VM A's client got no device request of function 2 ($vf_to_a)" $?
grep -q "stats (exit): .* dma_refused 0 " "$log" && ! grep -q "outside" "$log"
host_check "model log: no DMA refused or outside the windows" $?
[ $m_alive -eq 1 ] && { [ "$mrc" = 0 ] || [ "$mrc" = 143 ]; }
host_check "model alive to the end, stopped on SIGTERM (status $mrc)" $?
if [ "${VFNIC_TWOVM_GONE:-1}" = 1 ] && [ $a_ready -eq 0 ]; then
	[ $g_ok -eq 1 ] && [ "$g_brc" = 0 ] && [ "${g_done:-0}" = 1 ]
	host_check "model killed under VM B's VF: VM B ran its test to the end and powered off (QEMU status ${g_brc:-none})" $?
	[ "${g_errs:-0}" -eq 1 ]
	host_check "model killed under VM B's VF: exactly one error from vfnic-vf (${g_errs:-0})" $?
fi
GL_SUMMARY="VM A ready after $((t_a - t_start)) s; VM B done after $((t_b - t_a)) s; model-gone phase $((t_g - t_b)) s; whole run $((t_g - t_start)) s wall (TCG)"
guest_finish "$logdir" console-a.log console-b.log qemu-a.log qemu-b.log qemu-busy.log \
	qemu-nofunc.log model.stderr
