/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* vfnic VF driver: adapter state shared by the driver's source files. */
#ifndef VFNIC_VF_H
#define VFNIC_VF_H

#include <linux/pci.h>

#include "vfnic_dmatest.h"
#include "vfnic_hw.h"
#include "vfnic_msix.h"

#define VFNIC_VF_DRV_NAME	"vfnic_vf"
#define VFNIC_VF_DMA_TIMEOUT_MS	2000

struct vfnic_vf {
	struct pci_dev *pdev;
	void __iomem *bar0;
	struct vfnic_hw hw;
	int func;			/* FUNC register: own routing function */

	/* vectors "vfnic_vf-<pci name>-<n>": several VFs, one line each */
	struct vfnic_msix msix;
	char irq_prefix[32];

	struct dentry *dbg_dir;

	/* DMA test (debugfs dma_test): the VF's own DMA_* registers */
	struct vfnic_dmatest dma;	/* debugfs dma_test */
};

/* vfnic_vf_main.c */

/* vfnic_vf_debugfs.c */
void vfnic_vf_debugfs_register(void);
void vfnic_vf_debugfs_unregister(void);
void vfnic_vf_debugfs_init(struct vfnic_vf *vf);
void vfnic_vf_debugfs_exit(struct vfnic_vf *vf);

#endif /* VFNIC_VF_H */
