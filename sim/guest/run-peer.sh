#!/bin/sh
# SPDX-License-Identifier: MIT
# Interoperability with a stock QEMU VM as the link partner of the NIC's
# Ethernet port. One VM (the Debian guest kernel, virtio-net, no vfnic device)
# has two NICs: one on -netdev dgram, one on -netdev stream (QEMU listens).
# For each, the harness starts a model whose --wire is the other end of that
# netdev and runs its peer tests (tb/harness/hx_peer.c): ARP and ICMP echo
# from the PF (60- to 9014-byte frames) and from a VF, replies checked byte
# for byte, and the VM's own ping of the PF answered. The host then checks
# the VM's console: its pings of the PF got replies over both framings.
# TAP output; TCG only.
#
# usage: run-peer.sh
# environment:
#   VFNIC_GUEST_TIMEOUT=S   limit for the VM to come up (default 600)
#   VFNIC_QEMU=PATH         QEMU binary (default: the one build/qemu-bin names)
#   VFNIC_MODEL=PATH        model binary (default $BUILD/model/vfnic-model)
#   VFNIC_HARNESS=PATH      harness binary (default $BUILD/harness/vfnic-harness)
#   VFNIC_GUEST_LOG=DIR     where the logs go (default $BUILD/guest/log-peer)
#   BUILD=DIR               build directory (default build)
# Logs: console.log, qemu.log, harness-dgram.log, harness-stream.log.
set -u

VFNIC_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GL_NAME=run-peer
# shellcheck source=sim/guest/guest-lib.sh
. "$VFNIC_ROOT/sim/guest/guest-lib.sh"
guest_no_args "$@"

timeout_s=${VFNIC_GUEST_TIMEOUT:-600}
logdir=${VFNIC_GUEST_LOG:-$BUILD/guest/log-peer}
guest_inputs model
harness=${VFNIC_HARNESS:-$BUILD/harness/vfnic-harness}
[ -x "$harness" ] || die "no $harness: make harness"

rm -rf "$logdir"
mkdir -p "$logdir"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vfnic-peer.XXXXXX") || die "mktemp failed"
vpid=''
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "$vpid" ] && stop_pid "$vpid"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# a free local port: not bound for UDP or TCP now (/proc/net, hex ports)
used_ports() {
	cat /proc/net/udp /proc/net/tcp /proc/net/udp6 /proc/net/tcp6 2>/dev/null |
		awk 'NR > 1 { split($2, a, ":"); print a[2] }'
}
free_port() {
	_p=$((20000 + ($$ * 7 + $1 * 7919) % 30000))
	while used_ports | grep -qix "$(printf %04X "$_p")"; do
		_p=$((_p + 1))
	done
	echo "$_p"
}
p_model=$(free_port 1)	# the model's dgram end
p_vm=$(free_port 2)	# the VM's dgram end
p_stream=$(free_port 3)	# the VM's stream server
if [ "$p_model" = "$p_vm" ] || [ "$p_vm" = "$p_stream" ] || [ "$p_model" = "$p_stream" ]; then
	die "could not pick three distinct free ports ($p_model $p_vm $p_stream)"
fi

mac1=52:54:00:9e:01:02 ip1=10.9.1.2
mac2=52:54:00:9e:02:02 ip2=10.9.2.2
n=0
fails=0
t_start=$(now)

guest_qemu_args "vfnic_mode=peer vfnic_peer=$mac1/$ip1,$mac2/$ip2 ipv6.disable=1"
# shellcheck disable=SC2086 # $qargs is a word list on purpose
"$qemu" $qargs -append "$qappend" \
	-netdev "dgram,id=n1,local.type=inet,local.host=127.0.0.1,local.port=$p_vm,remote.type=inet,remote.host=127.0.0.1,remote.port=$p_model" \
	-device "virtio-net-pci,netdev=n1,mac=$mac1,romfile=" \
	-netdev "stream,id=n2,server=on,addr.type=inet,addr.host=127.0.0.1,addr.port=$p_stream" \
	-device "virtio-net-pci,netdev=n2,mac=$mac2,romfile=" \
	-serial "file:$logdir/console.log" -monitor none \
	</dev/null >"$logdir/qemu.log" 2>&1 &
vpid=$!
wait_file "$logdir/console.log" VFNIC-PEER-READY "$timeout_s" "$vpid"
ready=$?
t_ready=$(now)
host_check "peer VM up: virtio-net on dgram and stream, 9000-byte MTU (VFNIC-PEER-READY after $((t_ready - t_start)) s)" $ready
tr -d '\r' <"$logdir/console.log" | grep -E "VFNIC-PEER-(IF|ERROR)" | sed 's/^/# /'
[ $ready -eq 0 ] && ! grep -q VFNIC-PEER-ERROR "$logdir/console.log"
host_check "peer VM: modules loaded, both interfaces configured" $?

# run_harness NAME WIRE PEER_IP: the peer tests against one netdev
run_harness() {
	if [ $ready -eq 0 ]; then
		"$harness" --model "$model_bin" --peer-wire "$2" --peer-ip "$3" \
			>"$logdir/harness-$1.log" 2>&1
		hrc=$?
	else
		echo "not ok 1 - $1: the peer VM did not come up" >"$logdir/harness-$1.log"
		hrc=1
	fi
	grep '^#' "$logdir/harness-$1.log" | grep -v -E '^# (seed|model|replay|[0-9]+ passed)' |
		sed "s/^# /# $1: /"
	tap_from "$logdir/harness-$1.log" "$1 "
	host_check "$1: harness exit status 0 ($hrc)" $hrc
}
run_harness dgram "dgram:local=127.0.0.1:$p_model,remote=127.0.0.1:$p_vm" $ip1
run_harness stream "stream:connect=127.0.0.1:$p_stream" $ip2

# the VM's pings of the PF were answered over both framings
for ip in $ip1 $ip2; do
	pf=${ip%.*}.201
	got=$(tr -d '\r' <"$logdir/console.log" | grep -c "^VFNIC-PEER-PING $ip .* bytes from $pf")
	[ "$got" -ge 3 ]
	host_check "peer VM $ip: its ping of $pf got $got replies (>= 3)" $?
done
kill -0 "$vpid" 2>/dev/null
host_check "peer VM still running at the end" $?
stop_pid "$vpid"
vpid=

GL_SUMMARY="VM up after $((t_ready - t_start)) s; whole run $(($(now) - t_start)) s wall (TCG)"
guest_finish "$logdir" console.log qemu.log harness-dgram.log harness-stream.log
