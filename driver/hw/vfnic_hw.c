// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * OS-independent hardware layer of vfnic: everything here talks to the
 * device only through hw->ops, so it builds in the kernel and in userspace.
 */
#include "vfnic_hw.h"

/**
 * vfnic_hw_init - identify the function behind @ops and read its capabilities
 * @hw: hardware struct to fill
 * @ops: register accessors
 * @back: owner's context, kept in hw->back for the accessors
 *
 * Return: 0; -EIO if the function does not answer; -ENODEV if the ID register
 * is not vfnic's; -EOPNOTSUPP if the register map's major version is not the
 * one this code was generated for.
 */
int vfnic_hw_init(struct vfnic_hw *hw, const struct vfnic_hw_ops *ops,
		  void *back)
{
	u32 id, major;

	hw->ops = ops;
	hw->back = back;
	hw->version = 0;
	hw->msix_vectors = 0;
	hw->total_vfs = 0;

	id = vfnic_rd32(hw, VFNIC_REG_ID);
	if (id == VFNIC_HW_DEAD)
		return -EIO;
	if (id != VFNIC_DEV_ID_MAGIC)
		return -ENODEV;

	hw->version = vfnic_rd32(hw, VFNIC_REG_VERSION);
	if (hw->version == VFNIC_HW_DEAD)
		return -EIO;
	major = VFNIC_GET(VERSION_MAJOR, hw->version);
	if (major != VFNIC_GET(VERSION_MAJOR, VFNIC_VERSION))
		return -EOPNOTSUPP;

	return vfnic_hw_caps(hw);
}

/**
 * vfnic_hw_caps - read what this build of the core implements
 * @hw: initialised hardware struct
 *
 * Return: 0, or -EIO if the register cannot be read or reports no MSI-X
 * vector (every function has at least one).
 */
int vfnic_hw_caps(struct vfnic_hw *hw)
{
	u32 caps = vfnic_rd32(hw, VFNIC_REG_CAPS);

	if (caps == VFNIC_HW_DEAD)
		return -EIO;
	hw->msix_vectors = VFNIC_GET(CAPS_MSIX_VECTORS, caps);
	hw->total_vfs = VFNIC_GET(CAPS_TOTAL_VFS, caps);
	if (!hw->msix_vectors)
		return -EIO;
	return 0;
}

/**
 * vfnic_hw_scratch_test - check that register writes reach the device
 * @hw: initialised hardware struct
 *
 * Writes two patterns to SCRATCH/SCRATCH_HI, reads them back and restores
 * the previous contents.
 *
 * Return: 0, or -EIO on a mismatch.
 */
int vfnic_hw_scratch_test(struct vfnic_hw *hw)
{
	static const u32 pattern[] = { 0x5A5AA5A5u, 0xA5A55A5Au };
	u32 old_lo, old_hi;
	int ret = 0;
	unsigned int i;

	old_lo = vfnic_rd32(hw, VFNIC_REG_SCRATCH);
	old_hi = vfnic_rd32(hw, VFNIC_REG_SCRATCH_HI);
	for (i = 0; i < ARRAY_SIZE(pattern); i++) {
		vfnic_wr32(hw, VFNIC_REG_SCRATCH, pattern[i]);
		vfnic_wr32(hw, VFNIC_REG_SCRATCH_HI, ~pattern[i]);
		if (vfnic_rd32(hw, VFNIC_REG_SCRATCH) != pattern[i] ||
		    vfnic_rd32(hw, VFNIC_REG_SCRATCH_HI) != ~pattern[i]) {
			ret = -EIO;
			break;
		}
	}
	vfnic_wr32(hw, VFNIC_REG_SCRATCH, old_lo);
	vfnic_wr32(hw, VFNIC_REG_SCRATCH_HI, old_hi);
	return ret;
}

/**
 * vfnic_hw_func - the function's own routing function number
 * @hw: hardware struct
 *
 * 0 for the PF; VF n reads FIRST_VF_OFFSET + n * VF_STRIDE, its distance in
 * routing IDs from the PF.
 *
 * Return: the number (0..255), or -EIO if the function does not answer.
 */
int vfnic_hw_func(struct vfnic_hw *hw)
{
	u32 val = vfnic_rd32(hw, VFNIC_REG_FUNC);

	if (val == VFNIC_HW_DEAD)
		return -EIO;
	return VFNIC_GET(FUNC_NUMBER, val);
}

/**
 * vfnic_hw_irq_test - ask the function to raise one of its MSI-X vectors
 * @hw: hardware struct
 * @vector: vector number; numbers past the MSI-X table are allowed on purpose
 *	    (the device must count them in MSIX_DROPPED)
 *
 * Return: 0, or -EINVAL if @vector does not fit the register field.
 */
int vfnic_hw_irq_test(struct vfnic_hw *hw, u32 vector)
{
	if (vector > VFNIC_GET(IRQ_TEST_VECTOR, VFNIC_IRQ_TEST_VECTOR_MASK))
		return -EINVAL;
	vfnic_wr32(hw, VFNIC_REG_IRQ_TEST, VFNIC_PUT(IRQ_TEST_VECTOR, vector));
	return 0;
}

u32 vfnic_hw_msix_sent(struct vfnic_hw *hw)
{
	return vfnic_rd32(hw, VFNIC_REG_MSIX_SENT);
}

u32 vfnic_hw_msix_dropped(struct vfnic_hw *hw)
{
	return vfnic_rd32(hw, VFNIC_REG_MSIX_DROPPED);
}

u32 vfnic_hw_bad_access_count(struct vfnic_hw *hw)
{
	return vfnic_rd32(hw, VFNIC_REG_BAD_ACCESS_COUNT);
}

/**
 * vfnic_hw_dma_start - start the DMA test engine
 * @hw: hardware struct
 * @src: bus address to read from, 4-byte aligned
 * @dst: bus address to write to, 4-byte aligned
 * @len: bytes, a multiple of 4 from 4 to VFNIC_DMA_TEST_MAX_BYTES
 *
 * The copy completes asynchronously; see vfnic_hw_dma_poll().
 *
 * Return: 0, -EINVAL for a request the engine would refuse, -EBUSY if a copy
 * is still running.
 */
int vfnic_hw_dma_start(struct vfnic_hw *hw, u64 src, u64 dst, u32 len)
{
	u32 ctrl;

	if (!len || len > VFNIC_DMA_TEST_MAX_BYTES || (len & 3) ||
	    (src & 3) || (dst & 3))
		return -EINVAL;

	ctrl = vfnic_rd32(hw, VFNIC_REG_DMA_CTRL);
	if (ctrl == VFNIC_HW_DEAD)
		return -EIO;
	if (ctrl & VFNIC_DMA_CTRL_START_MASK)
		return -EBUSY;

	/* clear the status of the previous copy (rw1c), keep IRQ_EN off */
	vfnic_wr32(hw, VFNIC_REG_DMA_CTRL,
		   VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_ERROR_MASK);
	vfnic_wr32(hw, VFNIC_REG_DMA_SRC_LO, (u32)src);
	vfnic_wr32(hw, VFNIC_REG_DMA_SRC_HI, (u32)(src >> 32));
	vfnic_wr32(hw, VFNIC_REG_DMA_DST_LO, (u32)dst);
	vfnic_wr32(hw, VFNIC_REG_DMA_DST_HI, (u32)(dst >> 32));
	vfnic_wr32(hw, VFNIC_REG_DMA_LEN, VFNIC_PUT(DMA_LEN_BYTES, len));
	vfnic_wr32(hw, VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
	return 0;
}

/**
 * vfnic_hw_dma_poll - check on the copy started by vfnic_hw_dma_start()
 * @hw: hardware struct
 * @ctrl: if not NULL, receives the DMA_CTRL value that was decided on
 *
 * A finished copy's status bits are cleared, so each copy is reported once.
 *
 * Return: -EBUSY while the copy runs; 0 when it finished; -ETIMEDOUT if the
 * device's completion timer expired; -EIO for any other error or if the
 * engine reports neither busy nor a result.
 */
int vfnic_hw_dma_poll(struct vfnic_hw *hw, u32 *ctrl)
{
	u32 val = vfnic_rd32(hw, VFNIC_REG_DMA_CTRL);

	if (ctrl)
		*ctrl = val;
	if (val == VFNIC_HW_DEAD)
		return -EIO;
	if (val & VFNIC_DMA_CTRL_START_MASK)
		return -EBUSY;
	vfnic_wr32(hw, VFNIC_REG_DMA_CTRL,
		   val & (VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_ERROR_MASK));
	if (val & VFNIC_DMA_CTRL_ERROR_MASK)
		return (val & VFNIC_DMA_CTRL_TIMEOUT_MASK) ? -ETIMEDOUT : -EIO;
	if (val & VFNIC_DMA_CTRL_DONE_MASK)
		return 0;
	return -EIO;
}
