# Guest boot test: the Debian guest kernel in our QEMU with the vfnic PF
# (model process + QEMU device vfnic-pf), a busybox initramfs and the
# vfnic_pf and vfnic_vf drivers. sim/guest/run-guest.sh documents the knobs
# (VFNIC_KVM=1, VFNIC_GUEST_TIMEOUT, VFNIC_QEMU).

GUEST_OUT := $(BUILD)/guest
GUEST_INITRAMFS := $(GUEST_OUT)/initramfs.cpio.gz
GUEST_INITRAMFS_SRCS := sim/guest/mkinitramfs.sh sim/guest/init \
	sim/guest/vfnic-test.sh driver/hw/vfnic_regs.h $(wildcard /bin/busybox)

.PHONY: initramfs run-guest guest guest-standin

initramfs: $(GUEST_INITRAMFS)

$(GUEST_INITRAMFS): $(GUEST_INITRAMFS_SRCS) $(DRIVER_KOS) sim/guest/guest.mk
	sh sim/guest/mkinitramfs.sh $@ driver/hw/vfnic_regs.h $(DRIVER_KOS)

# the in-guest test, reported as TAP; non-zero exit on any failure
run-guest: model qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-guest.sh

# the same boot with a shell on the console (stdio): Ctrl-A X quits QEMU
guest: model qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-guest.sh --interactive

# bring-up aid: QEMU's igb in place of vfnic-pf, no model needed
guest-standin: qemu driver initramfs
	BUILD=$(BUILD) sh sim/guest/run-guest.sh --standin igb
