// SPDX-License-Identifier: MIT
/* Reference model of vfnic_rxq (docs/datapath-blocks.md "vfnic_rxq", docs/datapath.md "RX
 * engine"): ring selection per pool, the outcome of a (frame, pool), the split of a frame into
 * BUF_SIZE pieces, the descriptor write-back and the exact list of DMA write requests a
 * delivered frame makes. Pure functions in plain C; the testbench keeps the state. */
#ifndef VFNIC_RXQ_REF_H
#define VFNIC_RXQ_REF_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RXQ_NO_RING 0xffu

enum rxq_code { RXQ_OK = 0, RXQ_NODESC = 1, RXQ_OVERSIZE = 2, RXQ_DOWN = 3 };

struct rxq_pool {
	unsigned qp_base;  /* FUNC_QP BASE (10 bits) */
	unsigned qp_count; /* COUNT (5 bits) */
	bool qsel_hash;
	bool rx_ok;
	unsigned max_frame;
};

struct rxq_ring_view {
	bool en;
	unsigned log2;
	unsigned buf_size;
	unsigned posted; /* descriptors the driver made available and no frame used yet */
};

/* global ring of `pool` for a frame with `hash`, or RXQ_NO_RING (no window, out of range,
 * owned by another function) */
unsigned rxq_ref_ring(const struct rxq_pool *pl, unsigned pool, const uint8_t *owner,
		      unsigned num_qp, unsigned hash);

/* codes the block may report for the (frame, pool), as a bit mask (1 << code). With
 * `cache_sure` a ring that has enough posted descriptors must deliver (the cache had time to
 * fill); otherwise delivering or "no descriptor" are both right. */
unsigned rxq_ref_outcome(unsigned len, const struct rxq_pool *pl, unsigned ring,
			 const struct rxq_ring_view *rv, unsigned desc_cache, bool cache_sure);

unsigned rxq_ref_pieces(unsigned len, unsigned buf_size);

/* the 16-byte write-back of one descriptor */
void rxq_ref_wb(uint8_t out[16], unsigned piece_len, unsigned tci, bool tagged, unsigned how,
		bool eop);

struct rxq_wreq {
	uint64_t addr;
	unsigned len;
};

/* DMA write requests of a delivered frame, in order: one per piece (to bufs[i]), then one per
 * run of descriptors head.. that does not wrap the ring. Returns the count (<= 2 n). */
unsigned rxq_ref_writes(unsigned len, unsigned buf_size, const uint64_t *bufs, unsigned n,
			uint64_t ring_base, unsigned log2, unsigned head, struct rxq_wreq *out);

#ifdef __cplusplus
}
#endif

#endif
