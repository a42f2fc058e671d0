/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * OS-independent datapath programming (docs/datapath.md): TX/RX rings and
 * their descriptors, the PF's per-function administration (MAC, VLAN,
 * policy flags, pool flags, rate limit, queue ownership), classifier
 * entries and 64-bit counters (the mailbox is vfnic_mbx.h). Descriptor memory
 * belongs to the caller (CPU pointer + bus address); this layer only reads
 * and writes it.
 */
#ifndef VFNIC_DP_H
#define VFNIC_DP_H

#include "vfnic_hw.h"

struct vfnic_ring {
	struct vfnic_hw *hw;
	void *desc;		/* CPU address of 2^log2 descriptors of 16 bytes */
	u64 dma;		/* their bus address (16-byte aligned) */
	u16 idx;		/* local ring index (0..QUEUES.COUNT-1) */
	u8 log2;
	bool rx;
	u32 buf_size;		/* RX: bytes per receive buffer */
	u32 next_to_use;	/* next descriptor the driver fills */
	u32 next_to_clean;	/* next descriptor the driver reclaims */
};

/* ring bookkeeping; -EINVAL for a size or buffer size the device refuses */
int vfnic_ring_init(struct vfnic_ring *r, struct vfnic_hw *hw, bool rx,
		    u16 idx, void *desc, u64 dma, u8 log2, u32 buf_size);
/* program and enable; 0, or -EIO with the ring's STATUS.ERROR reason */
int vfnic_ring_enable(struct vfnic_ring *r, bool irq_en, u16 vector);
void vfnic_ring_disable(struct vfnic_ring *r);
u32 vfnic_ring_status(struct vfnic_ring *r);
u32 vfnic_ring_head(struct vfnic_ring *r);
/* descriptors the driver may still fill (one slot always stays empty) */
u32 vfnic_ring_unused(const struct vfnic_ring *r);
/* hand everything filled so far to the device (TAIL) */
void vfnic_ring_kick(struct vfnic_ring *r);

/* TX: one buffer of a frame; -ENOSPC when the ring is full */
int vfnic_tx_add(struct vfnic_ring *r, u64 buf, u32 len, bool eop, bool rs);
/*
 * TX: reclaim what the device has finished (up to HEAD). Returns the number
 * of descriptors reclaimed; for each one that had RS, its TXERR outcome is
 * counted in errs[] (TXERR values 0..15) when errs is not NULL.
 */
u32 vfnic_tx_reclaim(struct vfnic_ring *r, u32 *errs);

/*
 * TX: reclaim by write-back instead of HEAD (no register read): each
 * descriptor with RS whose DD is set completes itself and every descriptor
 * before it; stops at the first RS descriptor not yet done. Returns the
 * number reclaimed; TXERR outcomes counted in errs[] as above.
 */
u32 vfnic_tx_reclaim_dd(struct vfnic_ring *r, u32 *errs);

/* RX: post one receive buffer of buf_size bytes; -ENOSPC when full */
int vfnic_rx_add(struct vfnic_ring *r, u64 buf);

struct vfnic_rx_wb {
	u32 len;		/* bytes in this buffer */
	u16 tci;		/* 802.1Q TCI when tagged */
	bool tagged;
	u8 how;			/* CLS_HOW */
	bool eop;		/* last buffer of the frame */
	u8 err;			/* RXERR */
	u32 idx;		/* descriptor index: which posted buffer this is */
};

/* RX: 1 and the next completed buffer in wb, or 0 when none is done */
int vfnic_rx_next(struct vfnic_ring *r, struct vfnic_rx_wb *wb);

/* 64-bit counter at the LO register (the high DW is latched by the read) */
u64 vfnic_read_counter(struct vfnic_hw *hw, u32 lo_reg);

/* ---- PF administration of function f (0 = PF, 1 + n = VF n) ---- */
void vfnic_pf_set_mac(struct vfnic_hw *hw, unsigned int f, const u8 *mac);
void vfnic_pf_set_vlan(struct vfnic_hw *hw, unsigned int f, u16 vid, bool en);
/* FUNC_FLAGS bits (VFNIC_FUNC_FLAGS_*) */
void vfnic_pf_set_flags(struct vfnic_hw *hw, unsigned int f, u32 flags);
u32 vfnic_pf_flags(struct vfnic_hw *hw, unsigned int f);
/* FUNC_POOL bits (VFNIC_FUNC_POOL_*) */
void vfnic_pf_set_pool(struct vfnic_hw *hw, unsigned int f, u32 pool);
void vfnic_pf_set_max_frame(struct vfnic_hw *hw, unsigned int f, u32 bytes);
/*
 * Token bucket: rate in bits per second of frame bytes incl. FCS (0 =
 * unlimited), bucket depth in bytes, police = drop instead of wait.
 * -EINVAL for a rate the device cannot express (below one step or above
 * the core's byte rate).
 */
int vfnic_pf_set_rate(struct vfnic_hw *hw, unsigned int f, u64 bps,
		      u32 burst, bool police);
/* RATE_INCR for bps at a core clock of clock_khz (0: unrepresentable) */
u32 vfnic_rate_incr(u64 bps, u32 clock_khz);
/* queue pair q owned by function f; -EBUSY if the device refused it */
int vfnic_pf_set_qp_owner(struct vfnic_hw *hw, unsigned int q, unsigned int f);
/* function f's ring window; -EBUSY if the device refused it */
int vfnic_pf_set_qp_window(struct vfnic_hw *hw, unsigned int f,
			   unsigned int base, unsigned int count);

/* classifier entry e: (MAC, VLAN or any) -> pool */
void vfnic_pf_cls_set(struct vfnic_hw *hw, unsigned int e, const u8 *mac,
		      u16 vid, bool any_vlan, unsigned int pool);
void vfnic_pf_cls_clear(struct vfnic_hw *hw, unsigned int e);
/* frames without a pool go to pool (en) or are dropped and counted */
void vfnic_pf_set_default_pool(struct vfnic_hw *hw, unsigned int pool, bool en);
void vfnic_pf_set_veb(struct vfnic_hw *hw, bool en);
/* malicious-driver events of functions 0..95; clears what it returns */
void vfnic_pf_mdd_take(struct vfnic_hw *hw, u32 *bits3);

#endif /* VFNIC_DP_H */
