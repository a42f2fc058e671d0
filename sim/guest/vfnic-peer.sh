#!/bin/sh
# SPDX-License-Identifier: MIT
# The link-partner VM of run-peer.sh: a stock virtio-net guest whose Linux
# stack answers the vfnic harness's ARP and ICMP echo over QEMU's
# -netdev dgram / stream. It loads virtio-net (modules copied from the guest
# kernel by mkinitramfs.sh), gives each interface named on the kernel command
# line its address and a 9000-byte MTU, pings the harness's PF (.201 of each
# subnet) in the background with every reply on the console, says
# VFNIC-PEER-READY and stays up until the host stops it.
#   kernel argument: vfnic_peer=MAC/IP[,MAC/IP...]

while read -r m; do
	insmod "/lib/modules/peer/$m.ko" || echo "VFNIC-PEER-ERROR insmod $m"
done </lib/modules/peer/order

spec=$(sed -n 's/.*vfnic_peer=\([^ ]*\).*/\1/p' /proc/cmdline)
ip link set lo up
for pair in $(echo "$spec" | tr ',' ' '); do
	mac=${pair%/*} addr=${pair#*/}
	dev=
	t=0
	# the device may still be probing
	while [ -z "$dev" ] && [ $t -lt 50 ]; do
		for d in /sys/class/net/*; do
			[ "$(cat "$d/address")" = "$mac" ] && dev=${d##*/}
		done
		[ -n "$dev" ] || { sleep 0.2; t=$((t + 1)); }
	done
	if [ -z "$dev" ]; then
		echo "VFNIC-PEER-ERROR no interface with MAC $mac"
		continue
	fi
	ip link set "$dev" mtu 9000 &&
		ip addr add "$addr/24" dev "$dev" &&
		ip link set "$dev" up ||
		echo "VFNIC-PEER-ERROR cannot configure $dev"
	echo "VFNIC-PEER-IF $dev $mac $addr mtu $(cat "/sys/class/net/$dev/mtu")"
	pf=${addr%.*}.201
	ping -i 0.5 "$pf" 2>&1 | while read -r line; do
		echo "VFNIC-PEER-PING $addr $line"
	done &
done
echo VFNIC-PEER-READY
while :; do sleep 3600; done
