# SPDX-License-Identifier: GPL-2.0-only OR MIT
# Linux kernel modules, built out of tree against the headers of the guest
# kernel that scripts/deps.sh unpacked (its version is the basename of the
# $(VFNIC_CACHE)/kernel/current link). Each module is built by Kbuild in its
# own shadow directory, $(BUILD)/driver/kbuild-<pf|vf>/, holding symlinks to
# driver/<pf|vf>/, driver/common/ and driver/hw/ side by side (pf and vf each
# have a Kbuild file, so they cannot share one); the source tree gets no build
# products.

DRIVER_KVER = $(notdir $(realpath $(VFNIC_CACHE)/kernel/current))
DRIVER_KDIR = /usr/src/linux-headers-$(DRIVER_KVER)
DRIVER_OUT := $(BUILD)/driver
# shared by both modules: the OS-independent hw layer and the kernel-only
# MSI-X code
DRIVER_HW_SRCS := $(wildcard driver/hw/*.c driver/hw/*.h \
	driver/common/*.c driver/common/*.h)
# extra warnings on our code; the build must stay free of them
DRIVER_KFLAGS := W=1
DRIVER_MODULES := pf vf testassign
DRIVER_KOS := $(foreach m,$(DRIVER_MODULES),$(DRIVER_OUT)/vfnic_$(m).ko)

.PHONY: driver driver-clean
driver: $(DRIVER_KOS)

# Rebuild when the guest kernel changes: the stamp changes only then.
$(DRIVER_OUT)/kver: FORCE
	@mkdir -p $(@D)
	@test -n "$(DRIVER_KVER)" && test -d "$(DRIVER_KDIR)" || { \
		echo "driver: no guest kernel headers in '$(DRIVER_KDIR)'; run 'make deps'" >&2; \
		exit 1; }
	@echo "$(DRIVER_KVER)" | cmp -s - $@ || echo "$(DRIVER_KVER)" >$@

# $(1): pf or vf. Sources: driver/$(1)/ and the shared hw layer.
define DRIVER_MODULE_RULE
DRIVER_SRCS_$(1) := driver/$(1)/Kbuild $$(wildcard driver/$(1)/*.c \
	driver/$(1)/*.h) $$(DRIVER_HW_SRCS)

$$(DRIVER_OUT)/vfnic_$(1).ko: $$(DRIVER_SRCS_$(1)) $$(DRIVER_OUT)/kver driver/driver.mk
	@mkdir -p $$(DRIVER_OUT)/kbuild-$(1)
	@find $$(DRIVER_OUT)/kbuild-$(1) -maxdepth 1 -xtype l -delete
	@for f in $$(DRIVER_SRCS_$(1)); do \
		ln -sfn "$$(CURDIR)/$$$$f" "$$(DRIVER_OUT)/kbuild-$(1)/$$$${f##*/}"; done
	$$(MAKE) -C $$(DRIVER_KDIR) M=$$(abspath $$(DRIVER_OUT)/kbuild-$(1)) $$(DRIVER_KFLAGS) modules
	cp $$(DRIVER_OUT)/kbuild-$(1)/vfnic_$(1).ko $$@
endef
$(foreach m,$(DRIVER_MODULES),$(eval $(call DRIVER_MODULE_RULE,$(m))))

driver-clean:
	rm -rf $(DRIVER_OUT)

.PHONY: FORCE
FORCE:
