/* SPDX-License-Identifier: MIT */
/*
 * vfnic model: the narrow C interface around the Verilated vfnic_core
 * (vfm_rtl.cpp is the only C++ in the model). One call = one clock cycle.
 */
#ifndef VFM_RTL_H
#define VFM_RTL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* one beat of a TLP stream (docs/tlp-stream.md) */
struct vfm_beat {
	uint32_t hdr[4];
	uint32_t data[4];
	int last;
};

/* one beat of the Ethernet frame stream (docs/datapath.md "Ethernet port") */
struct vfm_eth_beat {
	uint64_t data;		/* byte k of the beat in bits 8k+7:8k */
	uint8_t keep;		/* bytes present, contiguous from bit 0 */
	int last;
	int err;		/* RX only, with last: the MAC saw a bad frame */
};

/* what the model drives for one cycle */
struct vfm_rtl_in {
	int cq_valid;
	struct vfm_beat cq;
	int rc_valid;
	struct vfm_beat rc;
	int cc_ready;
	int rq_ready;
	int eth_rx_valid;	/* no ready: the core takes every RX beat */
	struct vfm_eth_beat eth_rx;
	int eth_tx_ready;
	int eth_link_up;
};

/* what the RTL drives during that cycle, sampled before the rising edge */
struct vfm_rtl_out {
	int cq_ready;
	int rc_ready;
	int cc_valid;
	struct vfm_beat cc;
	int rq_valid;
	struct vfm_beat rq;
	int eth_tx_valid;
	struct vfm_eth_beat eth_tx;
	int idle;
};

struct vfm_rtl;

/* trace_path: FST file to write, or NULL for none. NULL on failure. */
struct vfm_rtl *vfm_rtl_new(const char *trace_path);
void vfm_rtl_free(struct vfm_rtl *r);
/* level of rst_ni for the following cycles (1 = in reset) */
void vfm_rtl_set_reset(struct vfm_rtl *r, int in_reset);
/*
 * One clock cycle: drive `in` while clk is low, evaluate, report the RTL's
 * outputs in `out` (a beat is transferred on a stream when its valid and
 * ready are both 1 here), then raise clk.
 */
void vfm_rtl_cycle(struct vfm_rtl *r, const struct vfm_rtl_in *in,
		   struct vfm_rtl_out *out);
uint64_t vfm_rtl_cycles(const struct vfm_rtl *r);
void vfm_rtl_flush_trace(struct vfm_rtl *r);

#ifdef __cplusplus
}
#endif

#endif /* VFM_RTL_H */
