/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/* vfnic drivers (PF and VF): the DMA test engine self-test, kernel side. */
#ifndef VFNIC_DMATEST_H
#define VFNIC_DMATEST_H

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mutex.h>

#include "vfnic_hw.h"

/* one coherent page, allocated on first use and kept until the function
 * goes, so that a copy the device never finished cannot write freed memory
 */
struct vfnic_dmatest {
	struct mutex lock;	/* serializes runs; guards the fields below */
	void *buf;
	dma_addr_t bus;
	u32 len;		/* last run: length, DMA_CTRL, result */
	u32 ctrl;
	int result;
};

void vfnic_dmatest_init(struct vfnic_dmatest *t);
int vfnic_dmatest_run(struct vfnic_dmatest *t, struct vfnic_hw *hw,
		      struct device *dev, u32 len, unsigned int timeout_ms);
/* only once the function can no longer DMA (bus mastering off) */
void vfnic_dmatest_exit(struct vfnic_dmatest *t, struct device *dev);

#endif /* VFNIC_DMATEST_H */
