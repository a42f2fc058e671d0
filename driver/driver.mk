# Linux kernel modules, built out of tree against the headers of the guest
# kernel that scripts/deps.sh unpacked (its version is the basename of the
# $(VFNIC_CACHE)/kernel/current link). Kbuild runs in a shadow directory,
# $(BUILD)/driver/kbuild/, holding symlinks to driver/pf/ and driver/hw/, so
# the source tree gets no build products.

DRIVER_KVER = $(notdir $(realpath $(VFNIC_CACHE)/kernel/current))
DRIVER_KDIR = /usr/src/linux-headers-$(DRIVER_KVER)
DRIVER_OUT := $(BUILD)/driver
DRIVER_KBUILD := $(DRIVER_OUT)/kbuild
DRIVER_SRCS := driver/pf/Kbuild $(wildcard driver/pf/*.c driver/pf/*.h \
	driver/hw/*.c driver/hw/*.h)
# extra warnings on our code; the build must stay free of them
DRIVER_KFLAGS := W=1

.PHONY: driver driver-clean
driver: $(DRIVER_OUT)/vfnic_pf.ko

# Rebuild when the guest kernel changes: the stamp changes only then.
$(DRIVER_OUT)/kver: FORCE
	@mkdir -p $(@D)
	@test -n "$(DRIVER_KVER)" && test -d "$(DRIVER_KDIR)" || { \
		echo "driver: no guest kernel headers in '$(DRIVER_KDIR)'; run 'make deps'" >&2; \
		exit 1; }
	@echo "$(DRIVER_KVER)" | cmp -s - $@ || echo "$(DRIVER_KVER)" >$@

$(DRIVER_OUT)/vfnic_pf.ko: $(DRIVER_SRCS) $(DRIVER_OUT)/kver driver/driver.mk
	@mkdir -p $(DRIVER_KBUILD)
	@find $(DRIVER_KBUILD) -maxdepth 1 -xtype l -delete
	@for f in $(DRIVER_SRCS); do \
		ln -sfn "$(CURDIR)/$$f" "$(DRIVER_KBUILD)/$${f##*/}"; done
	$(MAKE) -C $(DRIVER_KDIR) M=$(abspath $(DRIVER_KBUILD)) $(DRIVER_KFLAGS) modules
	cp $(DRIVER_KBUILD)/vfnic_pf.ko $@

driver-clean:
	rm -rf $(DRIVER_OUT)

.PHONY: FORCE
FORCE:
