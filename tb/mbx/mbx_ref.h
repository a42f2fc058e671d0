/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Cycle reference model of vfnic_mbx (rtl/mbx/vfnic_mbx.sv), written from the
 * module's header comment and docs/datapath.md, not from the RTL: buffers are
 * plain arrays zeroed on a VF clear. The testbench evaluates it every cycle
 * with the inputs it gives the RTL and compares every output.
 */
#ifndef MBX_REF_H
#define MBX_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MBX_REF_MAX_VFS 64
#define MBX_REF_BUF_DWS 16

/* One cycle's inputs, as the RTL ports (addresses are DW indices) */
struct mbx_ref_in {
	int vf_req, vf_we;
	unsigned int vf_idx;	/* < 1 << VfIdxWidth */
	unsigned int vf_dw;	/* vf_addr_i[7:2]: 0..63 */
	unsigned int vf_be;
	uint32_t vf_wdata;
	int pfb_req, pfb_we;
	unsigned int pfb_dw;	/* pfb_addr_i[12:2]: 0..2047 */
	unsigned int pfb_be;
	uint32_t pfb_wdata;
	int pf_done, pf_send;
	unsigned int pf_vf;	/* 0..127 */
	int vf_clr;
	unsigned int vf_clr_idx;
	int clear_all;
};

/* Outputs in that cycle (before the clock edge) */
struct mbx_ref_out {
	uint32_t vf_rdata;
	int vf_hit;
	uint32_t pfb_rdata;
	int pfb_hit;
	int pf_bad;
	uint64_t req_pending, resp_pending;
	uint32_t busy_writes;
	int pf_irq, vf_irq;
	unsigned int vf_irq_idx;
};

struct mbx_ref {
	unsigned int total_vfs;
	int req[MBX_REF_MAX_VFS];
	int resp[MBX_REF_MAX_VFS];
	uint32_t v2p[MBX_REF_MAX_VFS][MBX_REF_BUF_DWS];
	uint32_t p2v[MBX_REF_MAX_VFS][MBX_REF_BUF_DWS];
	uint32_t busy_writes;
};

void mbx_ref_reset(struct mbx_ref *m, unsigned int total_vfs);
void mbx_ref_eval(const struct mbx_ref *m, const struct mbx_ref_in *in,
		  struct mbx_ref_out *out);
void mbx_ref_clock(struct mbx_ref *m, const struct mbx_ref_in *in);

#ifdef __cplusplus
}
#endif

#endif /* MBX_REF_H */
