// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic drivers (PF and VF): the DMA test engine self-test. The engine is
 * shared by all functions; each function's DMA_* registers make the copy use
 * that function's requester ID, so the copy runs in that function's DMA
 * context (for a VF given to a VM: that VM's memory).
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/string.h>

#include "vfnic_dmatest.h"

void vfnic_dmatest_init(struct vfnic_dmatest *t)
{
	mutex_init(&t->lock);
}

/**
 * vfnic_dmatest_run - copy @len random bytes with the device and check them
 * @t: this function's test state
 * @hw: the function's registers
 * @dev: the function's device (DMA mapping, messages)
 * @len: bytes, as vfnic_hw_dma_start() accepts
 * @timeout_ms: how long the engine may stay busy
 *
 * Source and destination are the two halves of one coherent page; the bytes
 * after @len in the destination must stay untouched.
 *
 * Return: 0 if the copy arrived intact, else a negative errno.
 */
int vfnic_dmatest_run(struct vfnic_dmatest *t, struct vfnic_hw *hw,
		      struct device *dev, u32 len, unsigned int timeout_ms)
{
	const size_t half = PAGE_SIZE / 2;
	unsigned long deadline;
	u8 *src, *dst;
	u32 ctrl = 0;
	int ret;

	mutex_lock(&t->lock);
	if (!t->buf) {
		t->buf = dma_alloc_coherent(dev, PAGE_SIZE, &t->bus, GFP_KERNEL);
		if (!t->buf) {
			ret = -ENOMEM;
			goto out;
		}
	}
	src = t->buf;
	dst = src + half;
	get_random_bytes(src, half);
	memset(dst, 0, half);

	ret = vfnic_hw_dma_start(hw, t->bus, t->bus + half, len);
	if (ret)
		goto out;

	deadline = jiffies + msecs_to_jiffies(timeout_ms);
	do {
		usleep_range(50, 200);
		ret = vfnic_hw_dma_poll(hw, &ctrl);
	} while (ret == -EBUSY && time_before(jiffies, deadline));

	if (ret == -EBUSY) {
		dev_err(dev, "DMA test: still busy after %u ms (DMA_CTRL %#x)\n",
			timeout_ms, ctrl);
		ret = -ETIMEDOUT;
	} else if (ret) {
		dev_err(dev, "DMA test: device reports error %d (DMA_CTRL %#x)\n",
			ret, ctrl);
	} else if (memcmp(src, dst, len) || memchr_inv(dst + len, 0, half - len)) {
		dev_err(dev, "DMA test: %u bytes copied but data differ\n", len);
		ret = -EIO;
	} else {
		dev_info(dev, "DMA test: %u bytes copied\n", len);
	}
out:
	t->len = len;
	t->ctrl = ctrl;
	t->result = ret;
	mutex_unlock(&t->lock);
	return ret;
}

void vfnic_dmatest_exit(struct vfnic_dmatest *t, struct device *dev)
{
	if (t->buf)
		dma_free_coherent(dev, PAGE_SIZE, t->buf, t->bus);
	t->buf = NULL;
	mutex_destroy(&t->lock);
}
