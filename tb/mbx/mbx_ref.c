// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Cycle reference model of vfnic_mbx; see mbx_ref.h. Same-cycle order (module
 * header): the VF access, then PF DONE/SEND, then VF clears; interrupts of a
 * VF cleared in that cycle are not raised; busy writes count from the state
 * before the cycle.
 */
#include <string.h>

#include "mbx_ref.h"

enum { REGION_CTRL = 0, REGION_V2P = 1, REGION_P2V = 2 };

#define CTRL_REQ 0x1u
#define CTRL_RESP 0x2u

static uint32_t be_mask(unsigned int be)
{
	uint32_t m = 0;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (be & (1u << i))
			m |= 0xffu << (8 * i);
	return m;
}

void mbx_ref_reset(struct mbx_ref *m, unsigned int total_vfs)
{
	memset(m, 0, sizeof(*m));
	m->total_vfs = total_vfs;
}

/* What the VF side's access decodes to */
struct vf_dec {
	int ok, ctrl, v2p, p2v;
	unsigned int dw;
};

static struct vf_dec vf_decode(const struct mbx_ref *m,
			       const struct mbx_ref_in *in)
{
	struct vf_dec d;
	unsigned int region = (in->vf_dw >> 4) & 3;

	d.ok = in->vf_idx < m->total_vfs;
	d.dw = in->vf_dw & 15;
	d.ctrl = d.ok && region == REGION_CTRL && d.dw == 0;
	d.v2p = d.ok && region == REGION_V2P;
	d.p2v = d.ok && region == REGION_P2V;
	return d;
}

static int cleared(const struct mbx_ref_in *in, unsigned int vf)
{
	return in->clear_all || (in->vf_clr && in->vf_clr_idx == vf);
}

/* VF write setting REQ while REQ was 0 */
static int vf_sets_req(const struct mbx_ref *m, const struct mbx_ref_in *in,
		       const struct vf_dec *d)
{
	return in->vf_req && in->vf_we && d->ctrl && (in->vf_be & 1) &&
	       (in->vf_wdata & CTRL_REQ) && !m->req[in->vf_idx];
}

void mbx_ref_eval(const struct mbx_ref *m, const struct mbx_ref_in *in,
		  struct mbx_ref_out *out)
{
	struct vf_dec d = vf_decode(m, in);
	unsigned int pvf = in->pfb_dw >> 5;
	unsigned int pdw = in->pfb_dw & 15;
	int p2v = (in->pfb_dw >> 4) & 1;
	unsigned int v;

	memset(out, 0, sizeof(*out));

	out->vf_hit = d.ctrl || d.v2p || (d.p2v && !in->vf_we);
	if (d.ctrl)
		out->vf_rdata = (m->req[in->vf_idx] ? CTRL_REQ : 0) |
				(m->resp[in->vf_idx] ? CTRL_RESP : 0);
	else if (d.v2p)
		out->vf_rdata = m->v2p[in->vf_idx][d.dw];
	else if (d.p2v)
		out->vf_rdata = m->p2v[in->vf_idx][d.dw];

	if (pvf < m->total_vfs) {
		out->pfb_hit = p2v || !in->pfb_we;
		out->pfb_rdata = p2v ? m->p2v[pvf][pdw] : m->v2p[pvf][pdw];
	}

	out->pf_bad = (in->pf_done || in->pf_send) && in->pf_vf >= m->total_vfs;

	for (v = 0; v < m->total_vfs; v++) {
		if (m->req[v])
			out->req_pending |= 1ull << v;
		if (m->resp[v])
			out->resp_pending |= 1ull << v;
	}
	out->busy_writes = m->busy_writes;

	out->pf_irq = vf_sets_req(m, in, &d) && !cleared(in, in->vf_idx);
	out->vf_irq = in->pf_send && in->pf_vf < m->total_vfs &&
		      !cleared(in, in->pf_vf);
	/* the index is only defined with the pulse */
	out->vf_irq_idx = out->vf_irq ? in->pf_vf : 0;
}

static void clear_vf(struct mbx_ref *m, unsigned int vf)
{
	m->req[vf] = 0;
	m->resp[vf] = 0;
	memset(m->v2p[vf], 0, sizeof(m->v2p[vf]));
	memset(m->p2v[vf], 0, sizeof(m->p2v[vf]));
}

void mbx_ref_clock(struct mbx_ref *m, const struct mbx_ref_in *in)
{
	struct vf_dec d = vf_decode(m, in);
	int vf_wr = in->vf_req && in->vf_we;
	int set_req = vf_sets_req(m, in, &d);
	int req_before = d.ok ? m->req[in->vf_idx] : 0;
	int done_clears = in->pf_done && in->pf_vf < m->total_vfs &&
			  m->req[in->pf_vf];
	unsigned int pvf = in->pfb_dw >> 5;
	uint32_t mask;
	unsigned int v;

	/* VF access */
	if (vf_wr && d.v2p && in->vf_be) {
		if (req_before) {
			m->busy_writes++;
		} else {
			mask = be_mask(in->vf_be);
			m->v2p[in->vf_idx][d.dw] =
				(m->v2p[in->vf_idx][d.dw] & ~mask) |
				(in->vf_wdata & mask);
		}
	}
	if (vf_wr && d.ctrl && (in->vf_be & 1)) {
		if ((in->vf_wdata & CTRL_REQ) && req_before)
			m->busy_writes++;
		if (set_req)
			m->req[in->vf_idx] = 1;
		if (in->vf_wdata & CTRL_RESP)
			m->resp[in->vf_idx] = 0;
	}

	/* PF buffer window: P2V writes only */
	if (in->pfb_req && in->pfb_we && pvf < m->total_vfs &&
	    ((in->pfb_dw >> 4) & 1)) {
		mask = be_mask(in->pfb_be);
		m->p2v[pvf][in->pfb_dw & 15] =
			(m->p2v[pvf][in->pfb_dw & 15] & ~mask) |
			(in->pfb_wdata & mask);
	}

	/* PF control: DONE clears a REQ that was set before this cycle */
	if (in->pf_vf < m->total_vfs) {
		if (done_clears)
			m->req[in->pf_vf] = 0;
		if (in->pf_send)
			m->resp[in->pf_vf] = 1;
	}

	/* VF resets */
	if (in->vf_clr && in->vf_clr_idx < m->total_vfs)
		clear_vf(m, in->vf_clr_idx);
	if (in->clear_all)
		for (v = 0; v < m->total_vfs; v++)
			clear_vf(m, v);
}
