#!/bin/sh
# SPDX-License-Identifier: MIT
# In-guest part of the two-VM test (sim/guest/run-twovm.sh), busybox sh.
# Kernel argument vfnic_mode=twovm-a: VM A, the PF host. Loads vfnic_pf,
# enables 2 VFs with sriov_drivers_autoprobe 0 (no VF is driven here; the VF
# driver is not even loaded), prints VFNIC-TWOVM-READY and sleeps until the
# host kills the VM.
# Kernel argument vfnic_mode=twovm-b: VM B, given VF 1 by the vfnic-vf
# device. Checks the VF's enumeration, the vfnic_vf probe (FUNC = 2), its
# MSI-X vectors and a DMA test through the VF in this VM's memory, prints
# VFNIC-GUEST-DONE and returns (/init powers off).
# One TAP line per check; the host renumbers them.

# checke evaluates single-quoted expressions later:
# shellcheck disable=SC2016,SC2034
# shellcheck source=/dev/null
. /etc/vfnic-regs.sh

n=0
pass() { n=$((n + 1)); echo "ok $n - $*"; }
fail() { n=$((n + 1)); echo "not ok $n - $*"; }
checke() { if eval "$2"; then pass "$1"; else fail "$1"; fi; }

# find_dev DEVICE_ID: sysfs directory of the first vfnic function with it
find_dev() {
	for d in /sys/bus/pci/devices/*; do
		[ $(($(cat "$d/vendor"))) -eq $((VFNIC_VENDOR_ID)) ] &&
			[ $(($(cat "$d/device"))) -eq $(($1)) ] && { echo "$d"; return 0; }
	done
	return 1
}
# irq_count NAME: handled count over all CPUs from /proc/interrupts, or -1
irq_count() {
	awk -v name="$1" '
		$NF == name {
			s = 0
			for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++)
				s += $i
			print s
			found = 1
		}
		END { if (!found) print -1 }' /proc/interrupts
}

role_a() {
	insmod /lib/modules/vfnic_pf.ko
	checke "VM A: vfnic_pf loaded" 'grep -q "^vfnic_pf " /proc/modules'
	DEV=$(find_dev "$VFNIC_PF_DEVICE_ID")
	checke "VM A: PF found (${DEV##*/}) and bound to vfnic_pf" \
		'[ -n "$DEV" ] && [ "$(basename "$(readlink "$DEV/driver")")" = vfnic_pf ]'
	echo 0 >"$DEV/sriov_drivers_autoprobe"
	(echo 2 >"$DEV/sriov_numvfs") 2>/dev/null
	checke "VM A: echo 2 > sriov_numvfs (sriov_numvfs reads $(cat "$DEV/sriov_numvfs"))" \
		'[ "$(cat "$DEV/sriov_numvfs")" -eq 2 ]'
	vf1=$DEV/virtfn1
	checke "VM A: VF 1 ($(basename "$(readlink "$vf1")")) is not driven here" \
		'[ -e "$vf1" ] && [ ! -e "$vf1/driver" ]'
	echo VFNIC-TWOVM-READY
	# the host kills this VM when VM B is done
	while :; do sleep 3600; done
}

role_b() {
	VF=$(find_dev "$VFNIC_VF_DEVICE_ID")
	checke "VM B: a device with the VF's IDs ($VFNIC_VENDOR_ID:$VFNIC_VF_DEVICE_ID) enumerated (${VF##*/})" \
		'[ -n "$VF" ]'
	[ -n "$VF" ] || return
	bdf=${VF##*/}
	# shellcheck disable=SC2046
	bar0_size() { set -- $(sed -n 1p "$VF/resource"); echo $(($2 - $1 + 1)); }
	sz=$(bar0_size)
	checke "VM B: BAR0 is a $((VFNIC_VF_BAR0_SIZE))-byte memory BAR ($sz)" \
		'[ "$sz" -eq $((VFNIC_VF_BAR0_SIZE)) ]'
	insmod /lib/modules/vfnic_vf.ko
	checke "VM B: vfnic_vf bound to $bdf" \
		'[ "$(basename "$(readlink "$VF/driver")")" = vfnic_vf ]'
	dbg=/sys/kernel/debug/vfnic_vf/$bdf
	func=$(sed -n 's/^func \([0-9-]*\)$/\1/p' "$dbg/irq_test" 2>/dev/null)
	checke "VM B: FUNC register reads 2 (read ${func:-nothing})" '[ "${func:-x}" = 2 ]'
	checke "VM B: probe logged function 2 with no PF in this system" \
		'dmesg | grep -q "$bdf: function 2 (no PF in this system)"'
	ok=1
	for v in $(seq 0 $((VFNIC_VF_MSIX_VECTORS - 1))); do
		name=vfnic_vf-$bdf-$v
		c0=$(irq_count "$name")
		[ "$c0" -ge 1 ] || { echo "# $name: $c0 after the probe self-test"; ok=0; }
		echo "$v" >"$dbg/irq_test"
		i=0
		while [ "$(irq_count "$name")" -le "$c0" ] && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		c1=$(irq_count "$name")
		[ "$c1" -gt "$c0" ] || { echo "# $name: irq_test did not fire it ($c0 -> $c1)"; ok=0; }
	done
	checke "VM B: all $VFNIC_VF_MSIX_VECTORS MSI-X vectors fired (self-test, then irq_test, /proc/interrupts)" \
		'[ $ok -eq 1 ]'
	for len in 4 $((VFNIC_DMA_TEST_MAX_BYTES)); do
		(echo "$len" >"$dbg/dma_test") 2>/dev/null
		res=$(cat "$dbg/dma_test")
		checke "VM B: DMA test through the VF, $len bytes in this VM's memory ($res)" \
			'echo "$res" | grep -q "^len $len result 0 "'
	done
	rmmod vfnic_vf
	checke "VM B: vfnic_vf unloads" '! grep -q "^vfnic_vf " /proc/modules'
}

case " $(cat /proc/cmdline) " in
*" vfnic_mode=twovm-a "*) role_a ;;
*" vfnic_mode=twovm-b "*) role_b ;;
*) fail "vfnic-twovm.sh: no vfnic_mode=twovm-a|twovm-b on the kernel command line" ;;
esac
echo "1..$n"
echo VFNIC-DMESG-BEGIN
dmesg | tail -n 60
echo VFNIC-DMESG-END
echo VFNIC-GUEST-DONE
