# SPDX-License-Identifier: MIT
# Guest boot test: the Debian guest kernel in our QEMU with the vfnic PF
# (model process + QEMU device vfnic-pf), a busybox initramfs and the
# vfnic_pf and vfnic_vf drivers. sim/guest/run-guest.sh documents the knobs
# (VFNIC_KVM=1, VFNIC_GUEST_TIMEOUT, VFNIC_QEMU).

GUEST_OUT := $(BUILD)/guest
GUEST_INITRAMFS := $(GUEST_OUT)/initramfs.cpio.gz
GUEST_INITRAMFS_SRCS := sim/guest/mkinitramfs.sh sim/guest/init \
	sim/guest/vfnic-test.sh sim/guest/vfnic-twovm.sh sim/guest/vfnic-peer.sh \
	driver/hw/vfnic_regs.h $(wildcard /bin/busybox)
# the guest kernel's own modules (virtio-net for the link-partner VM)
GUEST_KMODS = $(VFNIC_CACHE)/kernel/current/root/lib/modules/$(DRIVER_KVER)/kernel

.PHONY: run-guest-sriov64 run-guest-lockstep run-twovm run-peer initramfs run-guest guest guest-standin

initramfs: $(GUEST_INITRAMFS)

$(GUEST_INITRAMFS): $(GUEST_INITRAMFS_SRCS) $(DRIVER_KOS) sim/guest/guest.mk
	sh sim/guest/mkinitramfs.sh --kmods $(GUEST_KMODS) $@ driver/hw/vfnic_regs.h $(DRIVER_KOS)

# the in-guest test, reported as TAP; non-zero exit on any failure
run-guest: model qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-guest.sh

# the same test at the largest SR-IOV build: TotalVfs = 64 (sriov_numvfs 1, 7,
# 64). 64 VFs x 4 vectors need two vCPUs' worth of interrupt vectors.
run-guest-sriov64: model64 qemu driver initramfs
	BUILD=$(BUILD) VFNIC_MODEL=$(MODEL64_BIN) VFNIC_GUEST_SMP=2 \
		VFNIC_GUEST_LOG=$(BUILD)/guest/log-sriov64 sh sim/guest/run-guest.sh

# the same test against the lockstep model: the activity-gated core checked cycle by cycle
# against the ungated one while the guest's drivers use it (docs/rtl-structure.md)
run-guest-lockstep: model-lockstep qemu driver initramfs
	BUILD=$(BUILD) VFNIC_MODEL=$(LOCKSTEP_BIN) \
		VFNIC_GUEST_LOG=$(BUILD)/guest/log-lockstep sh sim/guest/run-guest.sh

# the same boot with a shell on the console (stdio): Ctrl-A X quits QEMU
guest: model qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-guest.sh --interactive

# bring-up aid: QEMU's igb in place of vfnic-pf, no model needed
guest-standin: qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-guest.sh --standin igb

# two VMs on one model: VM A drives the PF and enables VFs, VM B is given VF 1
# by the vfnic-vf device (co-simulated pass-through); TAP, non-zero exit on
# any failure. sim/guest/run-twovm.sh documents the knobs.
run-twovm: model qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-twovm.sh

# interoperability: a stock QEMU VM with virtio-net is the link partner of the
# model's wire, over -netdev dgram and -netdev stream in turn; the harness
# drives the PF and a VF against the VM's Linux stack (ARP, ICMP echo up to
# 9014-byte frames, the VM pinging us). sim/guest/run-peer.sh has the knobs.
run-peer: model qemu initramfs $(HARNESS_BIN)
	BUILD=$(BUILD) sh sim/guest/run-peer.sh
