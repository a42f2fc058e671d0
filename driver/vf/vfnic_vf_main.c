// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic VF driver: PCI probe/remove of a virtual function. Brings up the
 * VF's BAR0 (the function register map) and its MSI-X vectors, checks the
 * function through the OS-independent hw layer, and proves every vector
 * works before it reports success.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/string.h>

#include "vfnic_vf.h"

static u32 vfnic_vf_read32(struct vfnic_hw *hw, u32 reg)
{
	struct vfnic_vf *vf = hw->back;

	return readl(vf->bar0 + reg);
}

static void vfnic_vf_write32(struct vfnic_hw *hw, u32 reg, u32 val)
{
	struct vfnic_vf *vf = hw->back;

	writel(val, vf->bar0 + reg);
}

static const struct vfnic_hw_ops vfnic_vf_hw_ops = {
	.read32 = vfnic_vf_read32,
	.write32 = vfnic_vf_write32,
};

static int vfnic_vf_map_bar0(struct vfnic_vf *vf)
{
	struct pci_dev *pdev = vf->pdev;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 0) < VFNIC_VF_BAR0_SIZE) {
		dev_err(&pdev->dev, "BAR0 is not a %u-byte memory BAR\n",
			VFNIC_VF_BAR0_SIZE);
		return -ENODEV;
	}
	vf->bar0 = pci_iomap(pdev, 0, VFNIC_VF_BAR0_SIZE);
	if (!vf->bar0) {
		dev_err(&pdev->dev, "cannot map BAR0\n");
		return -ENOMEM;
	}
	return 0;
}

static int vfnic_vf_hw_check(struct vfnic_vf *vf)
{
	struct device *dev = &vf->pdev->dev;
	int err;

	err = vfnic_hw_init(&vf->hw, &vfnic_vf_hw_ops, vf);
	if (err) {
		dev_err(dev, "not a usable vfnic VF: ID %#010x VERSION %#010x (%d)\n",
			vfnic_rd32(&vf->hw, VFNIC_REG_ID),
			vfnic_rd32(&vf->hw, VFNIC_REG_VERSION), err);
		return err;
	}
	/* a VF's CAPS reports the VF table size; the PF's would be wrong here */
	if (vf->hw.msix_vectors != VFNIC_VF_MSIX_VECTORS) {
		dev_err(dev, "CAPS reports %u MSI-X vectors, a VF has %u\n",
			vf->hw.msix_vectors, VFNIC_VF_MSIX_VECTORS);
		return -EIO;
	}
	err = vfnic_hw_scratch_test(&vf->hw);
	if (err) {
		dev_err(dev, "SCRATCH register does not hold its value\n");
		return err;
	}
	return 0;
}

/*
 * FUNC is the VF's routing function number, i.e. its routing-ID distance
 * from the PF (First VF Offset + n * VF Stride). Checking it against where
 * Linux enumerated us proves that this BAR0 slice belongs to this VF.
 * A VF passed into another VM has no PF here; then FUNC is only logged.
 */
static int vfnic_vf_func_check(struct vfnic_vf *vf)
{
	struct pci_dev *pdev = vf->pdev;
	struct pci_dev *pf = pci_physfn(pdev);
	int expect;

	vf->func = vfnic_hw_func(&vf->hw);
	if (vf->func < 0) {
		dev_err(&pdev->dev, "FUNC register does not answer\n");
		return vf->func;
	}
	if (!pdev->is_virtfn) {
		dev_info(&pdev->dev, "function %d (no PF in this system)\n",
			 vf->func);
		return 0;
	}
	expect = pci_dev_id(pdev) - pci_dev_id(pf);
	if (vf->func != expect) {
		dev_err(&pdev->dev, "FUNC reads %d but this VF is %d functions after its PF %s\n",
			vf->func, expect, pci_name(pf));
		return -EIO;
	}
	dev_info(&pdev->dev, "function %d: VF %d of PF %s\n", vf->func,
		 pci_iov_vf_id(pdev), pci_name(pf));
	return 0;
}

static int vfnic_vf_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct vfnic_vf *vf;
	int err;

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	vf->pdev = pdev;
	vfnic_dmatest_init(&vf->dma);
	pci_set_drvdata(pdev, vf);

	err = pci_enable_device_mem(pdev);
	if (err) {
		dev_err(&pdev->dev, "cannot enable device: %d\n", err);
		goto err_free;
	}
	err = pci_request_mem_regions(pdev, VFNIC_VF_DRV_NAME);
	if (err) {
		dev_err(&pdev->dev, "cannot claim memory BARs: %d\n", err);
		goto err_disable;
	}
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable 64-bit DMA: %d\n", err);
		goto err_release;
	}
	/* MSI-X messages are memory writes: they need the VF's Bus Master */
	pci_set_master(pdev);

	err = vfnic_vf_map_bar0(vf);
	if (err)
		goto err_clear_master;
	err = vfnic_vf_hw_check(vf);
	if (err)
		goto err_unmap;
	err = vfnic_vf_func_check(vf);
	if (err)
		goto err_unmap;
	snprintf(vf->irq_prefix, sizeof(vf->irq_prefix), "%s-%s",
		 VFNIC_VF_DRV_NAME, pci_name(pdev));
	err = vfnic_msix_init(&vf->msix, pdev, &vf->hw, vf->irq_prefix);
	if (err)
		goto err_unmap;
	err = vfnic_msix_selftest(&vf->msix);
	if (err)
		goto err_irq;

	vfnic_vf_debugfs_init(vf);
	dev_info(&pdev->dev, "vfnic VF: register map %u.%u.%u, function %d, %u MSI-X vectors\n",
		 VFNIC_GET(VERSION_MAJOR, vf->hw.version),
		 VFNIC_GET(VERSION_MINOR, vf->hw.version),
		 VFNIC_GET(VERSION_PATCH, vf->hw.version),
		 vf->func, vf->msix.num_vectors);
	return 0;

err_irq:
	vfnic_msix_exit(&vf->msix);
err_unmap:
	pci_iounmap(pdev, vf->bar0);
err_clear_master:
	pci_clear_master(pdev);
err_release:
	pci_release_mem_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	vfnic_dmatest_exit(&vf->dma, &pdev->dev);
	kfree(vf);
	return err;
}

static void vfnic_vf_remove(struct pci_dev *pdev)
{
	struct vfnic_vf *vf = pci_get_drvdata(pdev);

	/* debugfs first: after this no knob can touch the device */
	vfnic_vf_debugfs_exit(vf);
	vfnic_msix_exit(&vf->msix);
	pci_clear_master(pdev);
	vfnic_dmatest_exit(&vf->dma, &pdev->dev);
	pci_iounmap(pdev, vf->bar0);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
	kfree(vf);
	dev_info(&pdev->dev, "removed\n");
}

static const struct pci_device_id vfnic_vf_ids[] = {
	{ PCI_DEVICE(VFNIC_VENDOR_ID, VFNIC_VF_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, vfnic_vf_ids);

static struct pci_driver vfnic_vf_driver = {
	.name = VFNIC_VF_DRV_NAME,
	.id_table = vfnic_vf_ids,
	.probe = vfnic_vf_probe,
	.remove = vfnic_vf_remove,
};

static int __init vfnic_vf_init(void)
{
	int err;

	vfnic_vf_debugfs_register();
	err = pci_register_driver(&vfnic_vf_driver);
	if (err)
		vfnic_vf_debugfs_unregister();
	return err;
}
module_init(vfnic_vf_init);

static void __exit vfnic_vf_exit(void)
{
	pci_unregister_driver(&vfnic_vf_driver);
	vfnic_vf_debugfs_unregister();
}
module_exit(vfnic_vf_exit);

MODULE_DESCRIPTION("vfnic SR-IOV soft-NIC virtual function driver");
MODULE_LICENSE("Dual MIT/GPL");
