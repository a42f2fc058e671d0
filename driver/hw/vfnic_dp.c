// SPDX-License-Identifier: GPL-2.0-only OR MIT
/* OS-independent datapath programming: see vfnic_dp.h */
#include "vfnic_dp.h"

#define RING_MASK(r) ((1u << (r)->log2) - 1)

static u32 ring_reg(const struct vfnic_ring *r, u32 tx_reg, u32 rx_reg)
{
	return r->rx ? rx_reg : tx_reg;
}

int vfnic_ring_init(struct vfnic_ring *r, struct vfnic_hw *hw, bool rx,
		    u16 idx, void *desc, u64 dma, u8 log2, u32 buf_size)
{
	if (log2 < VFNIC_RING_SIZE_LOG2_MIN || log2 > VFNIC_RING_SIZE_LOG2_MAX ||
	    idx >= VFNIC_MAX_LOCAL_QP || (dma & 0xf))
		return -EINVAL;
	if (rx && (buf_size < 64 || buf_size > 16320 || buf_size % 64))
		return -EINVAL;
	r->hw = hw;
	r->desc = desc;
	r->dma = dma;
	r->idx = idx;
	r->log2 = log2;
	r->rx = rx;
	r->buf_size = rx ? buf_size : 0;
	r->next_to_use = 0;
	r->next_to_clean = 0;
	return 0;
}

u32 vfnic_ring_status(struct vfnic_ring *r)
{
	return vfnic_rd32(r->hw, ring_reg(r, VFNIC_REG_TXQ_STATUS(r->idx),
					  VFNIC_REG_RXQ_STATUS(r->idx)));
}

u32 vfnic_ring_head(struct vfnic_ring *r)
{
	return vfnic_rd32(r->hw, ring_reg(r, VFNIC_REG_TXQ_HEAD(r->idx),
					  VFNIC_REG_RXQ_HEAD(r->idx)));
}

int vfnic_ring_enable(struct vfnic_ring *r, bool irq_en, u16 vector)
{
	struct vfnic_hw *hw = r->hw;
	u32 st;

	/* a running ring ignores BASE/SIZE: stop it first */
	vfnic_ring_disable(r);
	vfnic_wr32(hw, ring_reg(r, VFNIC_REG_TXQ_BASE_LO(r->idx),
				VFNIC_REG_RXQ_BASE_LO(r->idx)), (u32)r->dma);
	vfnic_wr32(hw, ring_reg(r, VFNIC_REG_TXQ_BASE_HI(r->idx),
				VFNIC_REG_RXQ_BASE_HI(r->idx)), (u32)(r->dma >> 32));
	vfnic_wr32(hw, ring_reg(r, VFNIC_REG_TXQ_SIZE(r->idx),
				VFNIC_REG_RXQ_SIZE(r->idx)),
		   VFNIC_PUT(TXQ_SIZE_LOG2, r->log2));
	if (r->rx)
		vfnic_wr32(hw, VFNIC_REG_RXQ_BUF_SIZE(r->idx),
			   VFNIC_PUT(RXQ_BUF_SIZE_BYTES, r->buf_size));
	vfnic_wr32(hw, ring_reg(r, VFNIC_REG_TXQ_CTRL(r->idx),
				VFNIC_REG_RXQ_CTRL(r->idx)),
		   VFNIC_TXQ_CTRL_EN_MASK |
		   (irq_en ? VFNIC_TXQ_CTRL_IRQ_EN_MASK : 0) |
		   VFNIC_PUT(TXQ_CTRL_VECTOR, vector));
	/* enabling starts HEAD and TAIL at 0 */
	r->next_to_use = 0;
	r->next_to_clean = 0;
	st = vfnic_ring_status(r);
	if (st == VFNIC_HW_DEAD || !(st & VFNIC_TXQ_STATUS_ENABLED_MASK))
		return -EIO;
	return 0;
}

void vfnic_ring_disable(struct vfnic_ring *r)
{
	vfnic_wr32(r->hw, ring_reg(r, VFNIC_REG_TXQ_CTRL(r->idx),
				   VFNIC_REG_RXQ_CTRL(r->idx)), 0);
}

u32 vfnic_ring_unused(const struct vfnic_ring *r)
{
	return (r->next_to_clean - r->next_to_use - 1) & RING_MASK(r);
}

void vfnic_ring_kick(struct vfnic_ring *r)
{
	/* descriptors reach memory before the device learns about them */
	vfnic_desc_wmb();
	vfnic_wr32(r->hw, ring_reg(r, VFNIC_REG_TXQ_TAIL(r->idx),
				   VFNIC_REG_RXQ_TAIL(r->idx)),
		   r->next_to_use);
}

static void *desc_at(const struct vfnic_ring *r, u32 i)
{
	return (u8 *)r->desc + i * VFNIC_TXD_BYTES;
}

int vfnic_tx_add(struct vfnic_ring *r, u64 buf, u32 len, bool eop, bool rs)
{
	void *d;

	if (r->rx || !vfnic_ring_unused(r))
		return -ENOSPC;
	d = desc_at(r, r->next_to_use);
	vfnic_desc_wr(d, VFNIC_TXD_ADDR_LO_DW, (u32)buf);
	vfnic_desc_wr(d, VFNIC_TXD_ADDR_HI_DW, (u32)(buf >> 32));
	vfnic_desc_wr(d, VFNIC_TXD_LEN_DW,
		      ((len << VFNIC_TXD_LEN_SHIFT) & VFNIC_TXD_LEN_MASK) |
		      (eop ? VFNIC_TXD_EOP_MASK : 0) | (rs ? VFNIC_TXD_RS_MASK : 0));
	vfnic_desc_wr(d, VFNIC_TXD_DD_DW, 0);
	r->next_to_use = (r->next_to_use + 1) & RING_MASK(r);
	return 0;
}

u32 vfnic_tx_reclaim(struct vfnic_ring *r, u32 *errs)
{
	u32 head = vfnic_ring_head(r), n = 0;

	if (head == VFNIC_HW_DEAD)
		return 0;
	head &= RING_MASK(r);
	vfnic_desc_rmb();
	while (r->next_to_clean != head) {
		void *d = desc_at(r, r->next_to_clean);

		if (errs && (vfnic_desc_rd(d, VFNIC_TXD_RS_DW) & VFNIC_TXD_RS_MASK)) {
			u32 wb = vfnic_desc_rd(d, VFNIC_TXD_DD_DW);

			if (wb & VFNIC_TXD_DD_MASK)
				errs[(wb & VFNIC_TXD_ERR_MASK) >> VFNIC_TXD_ERR_SHIFT]++;
		}
		r->next_to_clean = (r->next_to_clean + 1) & RING_MASK(r);
		n++;
	}
	return n;
}

u32 vfnic_tx_reclaim_dd(struct vfnic_ring *r, u32 *errs)
{
	u32 i = r->next_to_clean, n = 0, done = 0;

	while (i != r->next_to_use) {
		void *d = desc_at(r, i);

		n++;
		i = (i + 1) & RING_MASK(r);
		if (!(vfnic_desc_rd(d, VFNIC_TXD_RS_DW) & VFNIC_TXD_RS_MASK))
			continue;
		{
			u32 wb = vfnic_desc_rd(d, VFNIC_TXD_DD_DW);

			if (!(wb & VFNIC_TXD_DD_MASK))
				break;
			vfnic_desc_rmb();
			if (errs)
				errs[(wb & VFNIC_TXD_ERR_MASK) >> VFNIC_TXD_ERR_SHIFT]++;
		}
		r->next_to_clean = i;
		done += n;
		n = 0;
	}
	return done;
}

int vfnic_rx_add(struct vfnic_ring *r, u64 buf)
{
	void *d;

	if (!r->rx || !vfnic_ring_unused(r))
		return -ENOSPC;
	d = desc_at(r, r->next_to_use);
	vfnic_desc_wr(d, VFNIC_RXD_ADDR_LO_DW, (u32)buf);
	vfnic_desc_wr(d, VFNIC_RXD_ADDR_HI_DW, (u32)(buf >> 32));
	vfnic_desc_wr(d, VFNIC_RXD_HOW_DW, 0);
	vfnic_desc_wr(d, VFNIC_RXD_DD_DW, 0);
	r->next_to_use = (r->next_to_use + 1) & RING_MASK(r);
	return 0;
}

int vfnic_rx_next(struct vfnic_ring *r, struct vfnic_rx_wb *wb)
{
	void *d;
	u32 w;

	if (!r->rx || r->next_to_clean == r->next_to_use)
		return 0;
	d = desc_at(r, r->next_to_clean);
	w = vfnic_desc_rd(d, VFNIC_RXD_DD_DW);
	if (!(w & VFNIC_RXD_DD_MASK))
		return 0;
	/* the rest of the write-back is read after its done bit */
	vfnic_desc_rmb();
	wb->eop = (w & VFNIC_RXD_EOP_MASK) != 0;
	wb->err = (u8)((w & VFNIC_RXD_ERR_MASK) >> VFNIC_RXD_ERR_SHIFT);
	w = vfnic_desc_rd(d, VFNIC_RXD_LEN_DW);
	wb->len = (w & VFNIC_RXD_LEN_MASK) >> VFNIC_RXD_LEN_SHIFT;
	w = vfnic_desc_rd(d, VFNIC_RXD_VLAN_DW);
	wb->tci = (u16)((w & VFNIC_RXD_VLAN_MASK) >> VFNIC_RXD_VLAN_SHIFT);
	wb->tagged = (w & VFNIC_RXD_TAGGED_MASK) != 0;
	w = vfnic_desc_rd(d, VFNIC_RXD_HOW_DW);
	wb->how = (u8)((w & VFNIC_RXD_HOW_MASK) >> VFNIC_RXD_HOW_SHIFT);
	wb->idx = r->next_to_clean;
	r->next_to_clean = (r->next_to_clean + 1) & RING_MASK(r);
	return 1;
}

u64 vfnic_read_counter(struct vfnic_hw *hw, u32 lo_reg)
{
	u64 lo = vfnic_rd32(hw, lo_reg);

	return lo | (u64)vfnic_rd32(hw, lo_reg + 4) << 32;
}

void vfnic_pf_set_mac(struct vfnic_hw *hw, unsigned int f, const u8 *mac)
{
	vfnic_wr32(hw, VFNIC_REG_FUNC_MAC_LO(f), (u32)mac[0] | (u32)mac[1] << 8 |
		   (u32)mac[2] << 16 | (u32)mac[3] << 24);
	vfnic_wr32(hw, VFNIC_REG_FUNC_MAC_HI(f), (u32)mac[4] | (u32)mac[5] << 8);
}

void vfnic_pf_set_vlan(struct vfnic_hw *hw, unsigned int f, u16 vid, bool en)
{
	vfnic_wr32(hw, VFNIC_REG_FUNC_VLAN(f), VFNIC_PUT(FUNC_VLAN_VID, vid) |
		   (en ? VFNIC_FUNC_VLAN_EN_MASK : 0));
}

void vfnic_pf_set_flags(struct vfnic_hw *hw, unsigned int f, u32 flags)
{
	vfnic_wr32(hw, VFNIC_REG_FUNC_FLAGS(f), flags);
}

u32 vfnic_pf_flags(struct vfnic_hw *hw, unsigned int f)
{
	return vfnic_rd32(hw, VFNIC_REG_FUNC_FLAGS(f));
}

void vfnic_pf_set_pool(struct vfnic_hw *hw, unsigned int f, u32 pool)
{
	vfnic_wr32(hw, VFNIC_REG_FUNC_POOL(f), pool);
}

void vfnic_pf_set_max_frame(struct vfnic_hw *hw, unsigned int f, u32 bytes)
{
	vfnic_wr32(hw, VFNIC_REG_FUNC_MAX_FRAME(f), bytes);
}

u32 vfnic_rate_incr(u64 bps, u32 clock_khz)
{
	/* bytes per cycle = bps / 8 / (clock_khz * 1000), 2^RATE_FRAC_BITS units,
	 * rounded to nearest; bps < 2^40 keeps the product within 64 bits */
	u64 den = (u64)clock_khz * 8000;
	u64 incr;

	if (!clock_khz || bps >= (1ull << 40))
		return 0;
	incr = ((bps << VFNIC_RATE_FRAC_BITS) + den / 2) / den;
	if (!incr || incr > 0xffffffffull)
		return 0;
	return (u32)incr;
}

int vfnic_pf_set_rate(struct vfnic_hw *hw, unsigned int f, u64 bps,
		      u32 burst, bool police)
{
	u32 incr = 0;

	if (bps) {
		incr = vfnic_rate_incr(bps, vfnic_rd32(hw, VFNIC_REG_CLOCK_KHZ));
		if (!incr)
			return -EINVAL;
	}
	vfnic_wr32(hw, VFNIC_REG_FUNC_RATE_MODE(f),
		   police ? VFNIC_FUNC_RATE_MODE_POLICE_MASK : 0);
	vfnic_wr32(hw, VFNIC_REG_FUNC_RATE_BURST(f),
		   VFNIC_PUT(FUNC_RATE_BURST_BYTES, burst));
	vfnic_wr32(hw, VFNIC_REG_FUNC_RATE_INCR(f), incr);
	return 0;
}

int vfnic_pf_set_qp_owner(struct vfnic_hw *hw, unsigned int q, unsigned int f)
{
	vfnic_wr32(hw, VFNIC_REG_QP_OWNER_FUNC(q), f);
	return VFNIC_GET(QP_OWNER_FUNC_FUNC, vfnic_rd32(hw, VFNIC_REG_QP_OWNER_FUNC(q))) == f ?
	       0 : -EBUSY;
}

int vfnic_pf_set_qp_window(struct vfnic_hw *hw, unsigned int f,
			   unsigned int base, unsigned int count)
{
	u32 v = VFNIC_PUT(FUNC_QP_BASE, base) | VFNIC_PUT(FUNC_QP_COUNT, count);

	vfnic_wr32(hw, VFNIC_REG_FUNC_QP(f), v);
	return vfnic_rd32(hw, VFNIC_REG_FUNC_QP(f)) == v ? 0 : -EBUSY;
}

void vfnic_pf_cls_set(struct vfnic_hw *hw, unsigned int e, const u8 *mac,
		      u16 vid, bool any_vlan, unsigned int pool)
{
	/* an entry changes only while invalid, so no lookup sees half of it */
	vfnic_wr32(hw, VFNIC_REG_CLS_CTRL(e), 0);
	vfnic_wr32(hw, VFNIC_REG_CLS_MAC_LO(e), (u32)mac[0] | (u32)mac[1] << 8 |
		   (u32)mac[2] << 16 | (u32)mac[3] << 24);
	vfnic_wr32(hw, VFNIC_REG_CLS_MAC_HI(e), (u32)mac[4] | (u32)mac[5] << 8);
	vfnic_wr32(hw, VFNIC_REG_CLS_VLAN(e), VFNIC_PUT(CLS_VLAN_VID, vid) |
		   (any_vlan ? VFNIC_CLS_VLAN_ANY_MASK : 0));
	vfnic_wr32(hw, VFNIC_REG_CLS_CTRL(e), VFNIC_PUT(CLS_CTRL_POOL, pool) |
		   VFNIC_CLS_CTRL_VALID_MASK);
}

void vfnic_pf_cls_clear(struct vfnic_hw *hw, unsigned int e)
{
	vfnic_wr32(hw, VFNIC_REG_CLS_CTRL(e), 0);
}

void vfnic_pf_set_default_pool(struct vfnic_hw *hw, unsigned int pool, bool en)
{
	vfnic_wr32(hw, VFNIC_REG_DEFAULT_POOL, VFNIC_PUT(DEFAULT_POOL_POOL, pool) |
		   (en ? VFNIC_DEFAULT_POOL_EN_MASK : 0));
}

void vfnic_pf_set_veb(struct vfnic_hw *hw, bool en)
{
	vfnic_wr32(hw, VFNIC_REG_PORT_CTRL, en ? VFNIC_PORT_CTRL_VEB_EN_MASK : 0);
}

void vfnic_pf_mdd_take(struct vfnic_hw *hw, u32 *bits3)
{
	static const u32 regs[3] = {
		VFNIC_REG_MDD_EVENT_LO, VFNIC_REG_MDD_EVENT_HI, VFNIC_REG_MDD_EVENT_HI2
	};
	unsigned int i;

	for (i = 0; i < 3; i++) {
		bits3[i] = vfnic_rd32(hw, regs[i]);
		if (bits3[i])
			vfnic_wr32(hw, regs[i], bits3[i]);
	}
}
