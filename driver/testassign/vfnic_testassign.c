// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Test-only: marks one PCI function as assigned to a guest
 * (PCI_DEV_FLAGS_ASSIGNED), which is what a hypervisor's pass-through sets,
 * so that the guest test can check that vfnic_pf refuses to disable SR-IOV
 * while a VF is assigned. Linux 6.1 has no other in-tree way to set the flag
 * here. Unloading clears it. Never part of a product image.
 */
#include <linux/module.h>
#include <linux/pci.h>

static char *bdf;
module_param(bdf, charp, 0444);
MODULE_PARM_DESC(bdf, "function to mark assigned, DDDD:BB:DD.F");

static struct pci_dev *vfnic_ta_dev;

static int __init vfnic_ta_init(void)
{
	unsigned int dom, bus, slot, fn;

	if (!bdf || sscanf(bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4)
		return -EINVAL;
	vfnic_ta_dev = pci_get_domain_bus_and_slot(dom, bus,
						   PCI_DEVFN(slot, fn));
	if (!vfnic_ta_dev)
		return -ENODEV;
	vfnic_ta_dev->dev_flags |= PCI_DEV_FLAGS_ASSIGNED;
	pci_info(vfnic_ta_dev, "marked assigned (test)\n");
	return 0;
}
module_init(vfnic_ta_init);

static void __exit vfnic_ta_exit(void)
{
	vfnic_ta_dev->dev_flags &= ~PCI_DEV_FLAGS_ASSIGNED;
	pci_info(vfnic_ta_dev, "assignment mark cleared (test)\n");
	pci_dev_put(vfnic_ta_dev);
}
module_exit(vfnic_ta_exit);

MODULE_DESCRIPTION("vfnic test helper: mark a PCI function assigned");
MODULE_LICENSE("Dual MIT/GPL");
