// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic PF driver: PCI probe/remove of the physical function. Brings up
 * BAR0 and MSI-X, checks the device through the OS-independent hw layer and
 * proves every interrupt vector works before it reports success.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/string.h>

#include "vfnic_pf.h"

static u32 vfnic_pf_read32(struct vfnic_hw *hw, u32 reg)
{
	struct vfnic_pf *pf = hw->back;

	return readl(pf->bar0 + reg);
}

static void vfnic_pf_write32(struct vfnic_hw *hw, u32 reg, u32 val)
{
	struct vfnic_pf *pf = hw->back;

	writel(val, pf->bar0 + reg);
}

static const struct vfnic_hw_ops vfnic_pf_hw_ops = {
	.read32 = vfnic_pf_read32,
	.write32 = vfnic_pf_write32,
};

static int vfnic_pf_map_bar0(struct vfnic_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;

	if (!(pci_resource_flags(pdev, 0) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 0) < VFNIC_PF_BAR0_SIZE) {
		dev_err(&pdev->dev, "BAR0 is not a %u-byte memory BAR\n",
			VFNIC_PF_BAR0_SIZE);
		return -ENODEV;
	}
	pf->bar0 = pci_iomap(pdev, 0, VFNIC_PF_BAR0_SIZE);
	if (!pf->bar0) {
		dev_err(&pdev->dev, "cannot map BAR0\n");
		return -ENOMEM;
	}
	return 0;
}

static int vfnic_pf_hw_check(struct vfnic_pf *pf)
{
	struct device *dev = &pf->pdev->dev;
	int err;

	err = vfnic_hw_init(&pf->hw, &vfnic_pf_hw_ops, pf);
	if (err) {
		dev_err(dev, "not a usable vfnic: ID %#010x VERSION %#010x (%d)\n",
			vfnic_rd32(&pf->hw, VFNIC_REG_ID),
			vfnic_rd32(&pf->hw, VFNIC_REG_VERSION), err);
		return err;
	}
	err = vfnic_hw_scratch_test(&pf->hw);
	if (err) {
		dev_err(dev, "SCRATCH register does not hold its value\n");
		return err;
	}
	return 0;
}

/**
 * vfnic_pf_sriov_configure - sysfs sriov_numvfs: enable or disable the VFs
 * @pdev: the PF
 * @num_vfs: VFs wanted; 0 disables them
 *
 * The PCI core has already refused a count above TotalVFs and a change from
 * one non-zero count to another. VFs handed to a guest are not pulled from
 * under it.
 *
 * Return: the number of VFs enabled, or a negative errno.
 */
static int vfnic_pf_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	int err;

	if (!num_vfs) {
		if (pci_vfs_assigned(pdev)) {
			dev_warn(&pdev->dev,
				 "VFs are assigned to guests: not disabling them\n");
			return -EBUSY;
		}
		pci_disable_sriov(pdev);
		dev_info(&pdev->dev, "SR-IOV disabled\n");
		return 0;
	}
	err = pci_enable_sriov(pdev, num_vfs);
	if (err) {
		dev_err(&pdev->dev, "cannot enable %d VFs: %d\n", num_vfs, err);
		return err;
	}
	dev_info(&pdev->dev, "SR-IOV enabled: %d VFs\n", num_vfs);
	return num_vfs;
}

/* On remove the VFs go with their PF, unless one is assigned to a guest:
 * then they stay enabled, as igb leaves them. Each VF has its own register
 * block and MSI-X table, so it keeps working without the PF driver.
 */
static void vfnic_pf_sriov_remove(struct pci_dev *pdev)
{
	if (!pci_num_vf(pdev))
		return;
	if (pci_vfs_assigned(pdev)) {
		dev_warn(&pdev->dev,
			 "VFs are assigned to guests: leaving SR-IOV enabled\n");
		return;
	}
	pci_disable_sriov(pdev);
}

static int vfnic_pf_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct vfnic_pf *pf;
	int err;

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		return -ENOMEM;
	pf->pdev = pdev;
	vfnic_dmatest_init(&pf->dma);
	pci_set_drvdata(pdev, pf);

	err = pci_enable_device_mem(pdev);
	if (err) {
		dev_err(&pdev->dev, "cannot enable device: %d\n", err);
		goto err_free;
	}
	err = pci_request_mem_regions(pdev, VFNIC_PF_DRV_NAME);
	if (err) {
		dev_err(&pdev->dev, "cannot claim memory BARs: %d\n", err);
		goto err_disable;
	}
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err) {
		dev_err(&pdev->dev, "no usable 64-bit DMA: %d\n", err);
		goto err_release;
	}
	/* MSI-X messages and DMA are memory writes: both need Bus Master */
	pci_set_master(pdev);

	err = vfnic_pf_map_bar0(pf);
	if (err)
		goto err_clear_master;
	err = vfnic_pf_hw_check(pf);
	if (err)
		goto err_unmap;
	err = vfnic_msix_init(&pf->msix, pdev, &pf->hw, VFNIC_PF_DRV_NAME);
	if (err)
		goto err_unmap;
	err = vfnic_msix_selftest(&pf->msix);
	if (err)
		goto err_irq;

	vfnic_pf_debugfs_init(pf);
	dev_info(&pdev->dev, "vfnic PF: register map %u.%u.%u, %u MSI-X vectors, %u VFs\n",
		 VFNIC_GET(VERSION_MAJOR, pf->hw.version),
		 VFNIC_GET(VERSION_MINOR, pf->hw.version),
		 VFNIC_GET(VERSION_PATCH, pf->hw.version),
		 pf->msix.num_vectors, pf->hw.total_vfs);
	return 0;

err_irq:
	vfnic_msix_exit(&pf->msix);
err_unmap:
	pci_iounmap(pdev, pf->bar0);
err_clear_master:
	pci_clear_master(pdev);
err_release:
	pci_release_mem_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	vfnic_dmatest_exit(&pf->dma, &pdev->dev);
	kfree(pf);
	return err;
}

static void vfnic_pf_remove(struct pci_dev *pdev)
{
	struct vfnic_pf *pf = pci_get_drvdata(pdev);

	/* the VFs' drivers unbind before the PF goes */
	vfnic_pf_sriov_remove(pdev);
	/* debugfs first: after this no knob can touch the device */
	vfnic_pf_debugfs_exit(pf);
	vfnic_msix_exit(&pf->msix);
	/* no DMA after this point, so the test buffer can go */
	pci_clear_master(pdev);
	vfnic_dmatest_exit(&pf->dma, &pdev->dev);
	pci_iounmap(pdev, pf->bar0);
	pci_release_mem_regions(pdev);
	pci_disable_device(pdev);
	kfree(pf);
	dev_info(&pdev->dev, "removed\n");
}

static const struct pci_device_id vfnic_pf_ids[] = {
	{ PCI_DEVICE(VFNIC_VENDOR_ID, VFNIC_PF_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, vfnic_pf_ids);

static struct pci_driver vfnic_pf_driver = {
	.name = VFNIC_PF_DRV_NAME,
	.id_table = vfnic_pf_ids,
	.probe = vfnic_pf_probe,
	.remove = vfnic_pf_remove,
	.sriov_configure = vfnic_pf_sriov_configure,
};

static int __init vfnic_pf_init(void)
{
	int err;

	vfnic_pf_debugfs_register();
	err = pci_register_driver(&vfnic_pf_driver);
	if (err)
		vfnic_pf_debugfs_unregister();
	return err;
}
module_init(vfnic_pf_init);

static void __exit vfnic_pf_exit(void)
{
	pci_unregister_driver(&vfnic_pf_driver);
	vfnic_pf_debugfs_unregister();
}
module_exit(vfnic_pf_exit);

MODULE_DESCRIPTION("vfnic SR-IOV soft-NIC physical function driver");
MODULE_LICENSE("Dual MIT/GPL");
