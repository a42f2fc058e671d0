/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * OS-independent access to a vfnic function: identification, capabilities,
 * interrupt test and DMA test engine. Register access goes through an ops
 * table so that the Linux driver (MMIO) and the regression harness
 * (transport messages) compile the same code.
 */
#ifndef VFNIC_HW_H
#define VFNIC_HW_H

#include "vfnic_osdep.h"
#include "vfnic_regs.h"

/* Extract or build a register field by its generated name, e.g. CAPS_TOTAL_VFS */
#define VFNIC_GET(field, val) \
	(((val) & VFNIC_##field##_MASK) >> VFNIC_##field##_SHIFT)
#define VFNIC_PUT(field, val) \
	(((u32)(val) << VFNIC_##field##_SHIFT) & VFNIC_##field##_MASK)

/* What a read of a function that no longer answers returns */
#define VFNIC_HW_DEAD 0xFFFFFFFFu

struct vfnic_hw;

struct vfnic_hw_ops {
	u32 (*read32)(struct vfnic_hw *hw, u32 reg);
	void (*write32)(struct vfnic_hw *hw, u32 reg, u32 val);
};

struct vfnic_hw {
	const struct vfnic_hw_ops *ops;
	void *back;		/* owner's context (driver adapter, harness client) */

	/* filled by vfnic_hw_init() */
	u32 version;
	u16 msix_vectors;
	u8 total_vfs;
};

static inline u32 vfnic_rd32(struct vfnic_hw *hw, u32 reg)
{
	return hw->ops->read32(hw, reg);
}

static inline void vfnic_wr32(struct vfnic_hw *hw, u32 reg, u32 val)
{
	hw->ops->write32(hw, reg, val);
}

int vfnic_hw_init(struct vfnic_hw *hw, const struct vfnic_hw_ops *ops,
		  void *back);
int vfnic_hw_caps(struct vfnic_hw *hw);
int vfnic_hw_scratch_test(struct vfnic_hw *hw);
int vfnic_hw_func(struct vfnic_hw *hw);

/* interrupts */
int vfnic_hw_irq_test(struct vfnic_hw *hw, u32 vector);
u32 vfnic_hw_msix_sent(struct vfnic_hw *hw);
u32 vfnic_hw_msix_dropped(struct vfnic_hw *hw);

/* error counters */
u32 vfnic_hw_bad_access_count(struct vfnic_hw *hw);

/* DMA test engine: one host-to-host copy of up to DMA_TEST_MAX_BYTES */
int vfnic_hw_dma_start(struct vfnic_hw *hw, u64 src, u64 dst, u32 len);
int vfnic_hw_dma_poll(struct vfnic_hw *hw, u32 *ctrl);

#endif /* VFNIC_HW_H */
