/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* vfnic PF driver: adapter state shared by the driver's source files. */
#ifndef VFNIC_PF_H
#define VFNIC_PF_H

#include <linux/dma-mapping.h>
#include <linux/mutex.h>
#include <linux/pci.h>

#include "vfnic_dmatest.h"
#include "vfnic_hw.h"
#include "vfnic_msix.h"

#define VFNIC_PF_DRV_NAME	"vfnic_pf"

/* How long the DMA test waits for the engine. Generous: under TCG
 * co-simulation a round trip to the RTL takes milliseconds.
 */
#define VFNIC_PF_DMA_TIMEOUT_MS	2000

struct vfnic_pf {
	struct pci_dev *pdev;
	void __iomem *bar0;
	struct vfnic_hw hw;

	struct vfnic_msix msix;		/* vectors "vfnic_pf-<n>" */

	/* DMA test engine: one coherent page, kept until remove so that a
	 * copy the device never finished cannot write into freed memory
	 */
	struct vfnic_dmatest dma;	/* debugfs dma_test */

	/* mmio_bench results (debugfs), under dma.lock */
	u32 bench_n;
	u32 bench_wrong;
	u64 bench_median_ns;
	u64 bench_p99_ns;
	u64 bench_max_ns;

	struct dentry *dbg_dir;
};

/* vfnic_pf_main.c */

/* vfnic_pf_debugfs.c */
void vfnic_pf_debugfs_register(void);
void vfnic_pf_debugfs_unregister(void);
void vfnic_pf_debugfs_init(struct vfnic_pf *pf);
void vfnic_pf_debugfs_exit(struct vfnic_pf *pf);

#endif /* VFNIC_PF_H */
