/* SPDX-License-Identifier: MIT */
/*
 * vfnic model: TLP routing between clients and the RTL streams
 * (docs/transport.md "TLP routing"): tag remapping of client requests,
 * device requests routed by requester function with DMA-window checks,
 * client completions for device reads, RESET, and the beat-level feeding
 * and collection of the four TLP streams (docs/tlp-stream.md).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdlib.h>
#include <string.h>

#include "vfm.h"
#include "vfn_tlp.h"

/*
 * Routing function number of an ID: its distance from the PF's ID. That is
 * the SR-IOV rule (VF n's ID = PF ID + First VF Offset + n x VF Stride) and
 * with ARI (PF at device 0) simply the 8-bit function number. The PF's ID
 * {bus, dev, 0} is learnt from the CfgWr0s sent to function 0, as the RTL
 * captures it. VFM_NFUNCS: not a function of this device.
 */
unsigned vfm_rid_func(const struct vfm *m, uint16_t rid)
{
	unsigned f = (uint16_t)(rid - m->pf_rid);

	return f < VFM_NFUNCS ? f : VFM_NFUNCS;
}

static int is_cfg(const uint32_t *hdr)
{
	return (vfn_tlp_fmt_type(hdr) & 0xbe) == 0x04;	/* CfgRd/Wr 0/1 */
}

static int is_mem_read(const uint32_t *hdr)
{
	unsigned ft = vfn_tlp_fmt_type(hdr);

	return ft == VFN_TLP_MRD32 || ft == VFN_TLP_MRD64 ||
	       ft == VFN_TLP_MRDLK32 || ft == (VFN_TLP_MRDLK32 | 0x20);
}

static int is_mem_write(const uint32_t *hdr)
{
	unsigned ft = vfn_tlp_fmt_type(hdr);

	return ft == VFN_TLP_MWR32 || ft == VFN_TLP_MWR64;
}

/* the last completion of a request: error status, or all bytes delivered */
static int cpl_is_final(const uint32_t *hdr)
{
	unsigned bytes;

	if (vfn_tlp_cpl_status(hdr) != VFN_CPL_SC || !vfn_tlp_has_data(hdr))
		return 1;
	bytes = vfn_tlp_len_dw(hdr) * 4 - (vfn_tlp_cpl_lower_addr(hdr) & 3);
	return vfn_tlp_cpl_byte_count(hdr) <= bytes;
}

/* bytes a memory read asks for, per its Length and byte enables */
static unsigned mrd_bytes(const uint32_t *hdr, unsigned *first_off)
{
	unsigned len = vfn_tlp_len_dw(hdr), fbe = vfn_tlp_fbe(hdr);
	unsigned lbe = vfn_tlp_lbe(hdr);
	unsigned lo = fbe ? (unsigned)__builtin_ctz(fbe) : 0;

	*first_off = lo;
	if (len == 1) {
		if (!fbe)
			return 1;
		return 32 - (unsigned)__builtin_clz(fbe) - lo;
	}
	return (len - 2) * 4 + (4 - lo) + (lbe ? 32 - (unsigned)__builtin_clz(lbe) : 4);
}

/* ---- queues into the RTL ---- */

static struct vfm_tlp *tlp_new(const uint32_t *hdr, const uint32_t *data,
			       unsigned ndw)
{
	struct vfm_tlp *t = malloc(sizeof(*t) + (size_t)ndw * 4);

	if (!t)
		return NULL;
	memset(t, 0, sizeof(*t));
	memcpy(t->hdr, hdr, sizeof(t->hdr));
	t->ndw = ndw;
	if (ndw)
		memcpy(t->data, data, (size_t)ndw * 4);
	return t;
}

static void feed_push(struct vfm_feed *f, struct vfm_tlp *t)
{
	if (f->tail)
		f->tail->next = t;
	else
		f->head = t;
	f->tail = t;
	f->count++;
}

static void feed_pop(struct vfm_feed *f)
{
	struct vfm_tlp *t = f->head;

	f->head = t->next;
	if (!f->head)
		f->tail = NULL;
	f->count--;
	f->beat = 0;
	f->started = 0;
	free(t);
}

/* drop queued TLPs of client_id (all when 0) that the RTL has not begun; returns how many */
static unsigned feed_discard(struct vfm_feed *f, uint32_t client_id, int all)
{
	struct vfm_tlp **pp = &f->head, *t;
	unsigned n = 0;

	f->tail = NULL;
	while ((t = *pp)) {
		int begun = t == f->head && f->started && !all;

		if (!begun && (all || t->client_id == client_id)) {
			*pp = t->next;
			f->count--;
			free(t);
			n++;
			continue;
		}
		f->tail = t;
		pp = &t->next;
	}
	if (all || !f->head) {
		f->beat = 0;
		f->started = 0;
	}
	return n;
}

/* a Cpl with UR for a device read nobody will answer */
static void complete_ur(struct vfm *m, const uint32_t *req)
{
	uint32_t hdr[4];
	unsigned off, bc = mrd_bytes(req, &off);
	struct vfm_tlp *t;

	vfn_tlp_cpl(hdr, false, VFN_CPL_UR, 0x0000, bc, vfn_tlp_req_id(req),
		    vfn_tlp_req_tag(req),
		    (unsigned)(vfn_tlp_addr(req) & 0x7c) + off, 0);
	t = tlp_new(hdr, NULL, 0);
	if (!t) {
		vfm_log(m, "out of memory: UR completion lost");
		return;
	}
	feed_push(&m->rc, t);
}

/* ---- client -> RTL ---- */

static void client_completion(struct vfm *m, struct vfm_client *c,
			      const struct vfn_msg *msg, const uint32_t *hdr,
			      const uint32_t *data, unsigned ndw)
{
	unsigned tag = vfn_tlp_cpl_tag(hdr);
	struct vfm_dev_read *d = &m->dev_reads[tag];
	struct vfm_tlp *t;

	if (!d->used || d->client_id != c->id) {
		vfm_client_error(m, c, VFN_ERR_BAD_TLP, msg,
				 "completion for tag %u: no device read of "
				 "this client outstanding", tag);
		return;
	}
	t = tlp_new(hdr, data, ndw);
	if (!t) {
		vfm_log_client(m, c, "out of memory: completion dropped");
		return;
	}
	t->client_id = c->id;
	t->func = msg->func;
	feed_push(&m->rc, t);
	vfm_log_tlp(m, "c2m", c, hdr);
	if (cpl_is_final(hdr))
		d->used = 0;
}

/*
 * A config request must address the function it is sent for. PF/TEST
 * clients give the full completer ID (function 0 sits at function 0 of its
 * device; a VF at PF ID + its routing function). VF clients do not know the
 * PF's bus: they give their routing function in the completer ID's low 8
 * bits (the ARI form) and the model puts in the real ID.
 */
static int cfg_target_ok(struct vfm *m, struct vfm_client *c,
			 const struct vfn_msg *msg, const uint32_t *hdr)
{
	uint16_t cid = vfn_tlp_cfg_completer(hdr);
	unsigned target;

	if (c->hello.role == VFN_ROLE_VF)
		target = cid & 0xff;
	else if (msg->func == 0)
		target = cid & 7;
	else
		target = vfm_rid_func(m, cid);
	if (target == msg->func)
		return 1;
	vfm_client_error(m, c, VFN_ERR_NOT_OWNER, msg,
			 "config request for function %u sent as function %u",
			 target, msg->func);
	return 0;
}

static int is_mem_req(const uint32_t *hdr)
{
	return (vfn_tlp_fmt_type(hdr) & 0x1e) == 0;	/* MRd, MRdLk, MWr */
}

/* rewrite a header's address, choosing the 3DW or 4DW form it needs */
static void set_mem_addr(uint32_t *hdr, uint64_t addr)
{
	if (addr >> 32) {
		hdr[0] |= 1u << 29;
		hdr[2] = (uint32_t)(addr >> 32);
		hdr[3] = (uint32_t)addr & ~3u;
	} else {
		hdr[0] &= ~(1u << 29);
		hdr[2] = (uint32_t)addr & ~3u;
		hdr[3] = 0;
	}
}

/*
 * A VF client's request on its way in: config requests get the VF's real
 * completer ID, BAR-relative memory requests the bus address of the VF's
 * slice. Returns 0 (t to be freed) after an ERROR reply.
 */
static int vf_request_fixup(struct vfm *m, struct vfm_client *c,
			    const struct vfn_msg *msg, struct vfm_tlp *t)
{
	uint64_t off, addr;
	char why[VFN_TEXT_LEN - 16];

	if (is_cfg(t->hdr)) {
		t->hdr[2] = (t->hdr[2] & 0xffffu) |
			    ((uint32_t)(uint16_t)(m->pf_rid + msg->func) << 16);
		return 1;
	}
	if (!is_mem_req(t->hdr)) {
		if (!msg->aux)
			return 1;	/* the RTL answers what it is */
		vfm_client_error(m, c, VFN_ERR_BAD_TLP, msg,
				 "aux %#x on a request that is not a memory "
				 "request", msg->aux);
		return 0;
	}
	if (!(msg->aux & VFN_TLP_AUX_BAR_REL) ||
	    (msg->aux & ~(VFN_TLP_AUX_BAR_REL | VFN_TLP_AUX_BAR_MASK))) {
		vfm_client_error(m, c, VFN_ERR_BAD_TLP, msg,
				 "VF memory request needs aux = "
				 "VFN_TLP_AUX_BAR(k), got %#x", msg->aux);
		return 0;
	}
	off = vfn_tlp_addr(t->hdr);
	if (vfm_sriov_translate(m, msg->func, msg->aux & VFN_TLP_AUX_BAR_MASK,
				off, (uint64_t)vfn_tlp_len_dw(t->hdr) * 4,
				&addr, why, sizeof(why)) < 0) {
		vfm_client_error(m, c, VFN_ERR_BAD_TLP, msg, "%s", why);
		return 0;
	}
	set_mem_addr(t->hdr, addr);
	return 1;
}

/* the model's own config request to the PF (SR-IOV probe) */
int vfm_route_internal_cfg(struct vfm *m, int write, unsigned reg,
			   uint32_t val)
{
	uint32_t hdr[4];
	struct vfm_tlp *t;

	vfn_tlp_cfg(hdr, write, m->pf_rid, reg, 0xf, 0x0000, 0);
	t = tlp_new(hdr, &val, write ? 1 : 0);
	if (!t)
		return -1;
	t->internal = 1;
	feed_push(&m->cq, t);
	vfm_log_tlp(m, "mdl", NULL, hdr);
	return 0;
}

void vfm_route_client_tlp(struct vfm *m, struct vfm_client *c,
			  const struct vfn_msg *msg)
{
	size_t body = msg->len - sizeof(*msg);
	const uint32_t *hdr = (const uint32_t *)(msg + 1);
	unsigned ndw;
	struct vfm_tlp *t;

	if (body < 16) {
		vfm_client_error(m, c, VFN_ERR_TRUNCATED, msg,
				 "TLP message of %u bytes has no full header",
				 msg->len);
		return;
	}
	if ((hdr[0] >> 29) > 3) {
		vfm_client_error(m, c, VFN_ERR_BAD_TLP, msg,
				 "Fmt %u (TLP prefix or reserved)", hdr[0] >> 29);
		return;
	}
	ndw = vfn_tlp_payload_dw(hdr);
	if (body < 16 + (size_t)ndw * 4) {
		vfm_client_error(m, c, VFN_ERR_TRUNCATED, msg,
				 "TLP Length %u DW but only %zu payload bytes",
				 ndw, body - 16);
		return;
	}
	if (vfn_tlp_is_cpl(hdr)) {
		client_completion(m, c, msg, hdr, hdr + 4, ndw);
		return;
	}
	if (!vfm_client_owns(m, c, msg->func)) {
		vfm_client_error(m, c, VFN_ERR_NOT_OWNER, msg,
				 "function %u is not owned by this client",
				 msg->func);
		return;
	}
	if (msg->aux && c->hello.role != VFN_ROLE_VF) {
		vfm_client_error(m, c, VFN_ERR_BAD_TLP, msg,
				 "aux %#x: only VF clients send BAR-relative "
				 "requests", msg->aux);
		return;
	}
	if (is_cfg(hdr) && !cfg_target_ok(m, c, msg, hdr))
		return;
	t = tlp_new(hdr, hdr + 4, ndw);
	if (!t) {
		vfm_log_client(m, c, "out of memory: request dropped");
		return;
	}
	if (c->hello.role == VFN_ROLE_VF && !vf_request_fixup(m, c, msg, t)) {
		free(t);
		return;
	}
	if (is_cfg(hdr) && (vfn_tlp_fmt_type(hdr) & 0x40)) {
		if (msg->func == 0)
			m->pf_rid = vfn_tlp_cfg_completer(hdr);
		vfm_sriov_cfg_write_seen(m, msg->func, vfn_tlp_cfg_reg(hdr));
	}
	t->client_id = c->id;
	t->func = msg->func;
	t->client_rid = vfn_tlp_req_id(hdr);
	t->client_tag = vfn_tlp_req_tag(hdr);
	feed_push(&m->cq, t);
	vfm_log_tlp(m, "c2m", c, t->hdr);	/* as the RTL gets it */
}

void vfm_route_client_gone(struct vfm *m, struct vfm_client *c)
{
	unsigned i, orphans = 0, urs = 0, queued;

	queued = feed_discard(&m->cq, c->id, 0);
	for (i = 0; i < 256; i++) {
		if (m->tags[i].used && m->tags[i].client_id == c->id) {
			m->tags[i].client_id = 0;	/* discard on arrival */
			orphans++;
		}
		if (m->dev_reads[i].used && m->dev_reads[i].client_id == c->id) {
			complete_ur(m, m->dev_reads[i].hdr);
			m->dev_reads[i].used = 0;
			urs++;
		}
	}
	for (i = 0; i < m->nreset_reqs; i++) {
		if (m->reset_reqs[i].client_id == c->id)
			m->reset_reqs[i].client_id = 0;
	}
	if (orphans || urs || queued)
		vfm_log_client(m, c, "%u request(s) in flight will be discarded, "
			       "%u queued request(s) dropped, %u device read(s) "
			       "completed with UR", orphans, queued, urs);
}

/* ---- RTL -> clients ---- */

static void send_tlp(struct vfm *m, struct vfm_client *c, uint16_t func,
		     const uint32_t *hdr, const uint32_t *data, unsigned ndw)
{
	vfm_log_tlp(m, "m2c", c, hdr);
	vfm_client_send(m, c, VFN_MSG_TLP, func, 0, hdr, 16, data,
			(size_t)ndw * 4);
}

static void rtl_completion(struct vfm *m, uint32_t *hdr, const uint32_t *data,
			   unsigned ndw)
{
	unsigned tag = vfn_tlp_cpl_tag(hdr);
	struct vfm_cq_tag *t = &m->tags[tag];
	struct vfm_client *c;
	int final = cpl_is_final(hdr);

	if (t->used && t->internal) {
		vfm_log_tlp(m, "rtl", NULL, hdr);
		t->used = 0;	/* config completions come in one piece */
		vfm_sriov_cpl(m, hdr, data, ndw);
		return;
	}
	if (!t->used) {
		vfm_log_tlp(m, "rtl", NULL, hdr);
		vfm_log(m, "RTL completion for tag %u that is not outstanding: dropped",
			tag);
		return;
	}
	c = vfm_client_find(m, t->client_id);
	if (!c) {
		m->st.cpl_discarded++;
		if (m->log_tlp)
			vfm_log(m, "completion tag %u of a disconnected client discarded",
				tag);
	} else {
		hdr[2] = ((uint32_t)t->client_rid << 16) |
			 ((uint32_t)t->client_tag << 8) | (hdr[2] & 0xff);
		send_tlp(m, c, t->func, hdr, data, ndw);
	}
	if (final)
		t->used = 0;
}

static int in_windows(const struct vfn_hello *h, uint64_t addr, uint64_t len)
{
	uint32_t i;

	if (!h->nwindows)
		return 1;
	for (i = 0; i < h->nwindows && i < VFN_MAX_WINDOWS; i++) {
		const struct vfn_window *w = &h->windows[i];

		if (w->size && addr >= w->base && addr - w->base <= w->size &&
		    len <= w->size - (addr - w->base))
			return 1;
	}
	return 0;
}

static void rtl_request(struct vfm *m, const uint32_t *hdr, const uint32_t *data,
			unsigned ndw)
{
	unsigned func = vfm_rid_func(m, vfn_tlp_req_id(hdr));
	struct vfm_client *c = vfm_client_find(m, vfm_func_owner(m, func));
	int rd = is_mem_read(hdr), wr = is_mem_write(hdr);
	char buf[160];

	if (!c) {
		vfm_log(m, "device %s from function %u: no client owns it, %s",
			vfm_tlp_str(buf, sizeof(buf), hdr), func,
			rd ? "completed with UR" : "dropped");
		if (rd)
			complete_ur(m, hdr);
		return;
	}
	if (rd || wr) {
		unsigned off;
		uint64_t len = rd ? mrd_bytes(hdr, &off) : (uint64_t)ndw * 4;
		uint64_t addr = vfn_tlp_addr(hdr) + (rd ? off : 0);

		if (!in_windows(&c->hello, addr, len)) {
			m->st.dma_refused++;
			vfm_log_client(m, c, "DMA_WINDOW: device %s outside the "
				       "client's DMA windows: %s",
				       vfm_tlp_str(buf, sizeof(buf), hdr),
				       rd ? "completed with UR" : "dropped");
			if (rd)
				complete_ur(m, hdr);
			return;
		}
	}
	if (rd) {
		struct vfm_dev_read *d = &m->dev_reads[vfn_tlp_req_tag(hdr)];

		if (d->used)
			vfm_log(m, "RTL reused tag %u of an outstanding read",
				vfn_tlp_req_tag(hdr));
		d->used = 1;
		d->client_id = c->id;
		memcpy(d->hdr, hdr, sizeof(d->hdr));
	}
	send_tlp(m, c, (uint16_t)func, hdr, data, ndw);
}

/* ---- reset ---- */

void vfm_route_start_reset(struct vfm *m, struct vfm_client *c, uint32_t seq)
{
	unsigned i;

	if (m->nreset_reqs < VFM_MAX_CLIENTS) {
		m->reset_reqs[m->nreset_reqs].client_id = c ? c->id : 0;
		m->reset_reqs[m->nreset_reqs].seq = seq;
		m->nreset_reqs++;
	}
	m->reset_left = VFM_RESET_CYCLES;
	/* everything in flight is lost with the device's state */
	feed_discard(&m->cq, 0, 1);
	feed_discard(&m->rc, 0, 1);
	m->cc.active = 0;
	m->rq.active = 0;
	for (i = 0; i < 256; i++) {
		m->tags[i].used = 0;
		m->dev_reads[i].used = 0;
	}
	vfm_rtl_set_reset(m->rtl, 1);
	vfm_sriov_on_reset(m);
}

static void finish_reset(struct vfm *m)
{
	unsigned i;

	vfm_rtl_set_reset(m->rtl, 0);
	for (i = 0; i < m->nreset_reqs; i++) {
		struct vfm_client *c = vfm_client_find(m, m->reset_reqs[i].client_id);

		if (c)
			vfm_client_send(m, c, VFN_MSG_RESET_DONE, 0,
					m->reset_reqs[i].seq, NULL, 0, NULL, 0);
	}
	m->nreset_reqs = 0;
}

/* ---- beats ---- */

static unsigned nbeats(unsigned ndw)
{
	return ndw ? (ndw + 3) / 4 : 1;
}

static void make_beat(const struct vfm_tlp *t, unsigned beat,
		      struct vfm_beat *b)
{
	unsigned k;

	memcpy(b->hdr, t->hdr, sizeof(b->hdr));
	for (k = 0; k < 4; k++) {
		unsigned i = beat * 4 + k;

		b->data[k] = i < t->ndw ? t->data[i] : 0;
	}
	b->last = beat + 1 == nbeats(t->ndw);
}

/* take a tag for a non-posted client request; 0 when none is free */
static int take_tag(struct vfm *m, struct vfm_tlp *t)
{
	unsigned i;

	for (i = 0; i < 256; i++) {
		unsigned tag = (m->tag_next + i) & 0xff;
		struct vfm_cq_tag *e = &m->tags[tag];

		if (e->used)
			continue;
		e->used = 1;
		e->internal = t->internal;
		e->client_id = t->client_id;
		e->func = t->func;
		e->client_rid = t->client_rid;
		e->client_tag = t->client_tag;
		t->hdr[1] = (t->hdr[1] & ~0xff00u) | (tag << 8);
		m->tag_next = tag + 1;
		return 1;
	}
	return 0;
}

/* offer the next beat of f; returns 1 when a beat is driven */
static int feed_offer(struct vfm *m, struct vfm_feed *f, int remap,
		      struct vfm_beat *b)
{
	struct vfm_tlp *t = f->head;

	if (!t)
		return 0;
	if (!f->started) {
		if (remap && !vfn_tlp_is_posted(t->hdr) && !take_tag(m, t))
			return 0;	/* all tags out: wait for completions */
		f->started = 1;
	}
	make_beat(t, f->beat, b);
	return 1;
}

static void feed_accepted(struct vfm *m, struct vfm_feed *f)
{
	if (++f->beat < nbeats(f->head->ndw))
		return;
	m->st.tlps_to_rtl++;
	feed_pop(f);
}

/* add a beat; returns 1 when the TLP is complete */
static int collect(struct vfm *m, struct vfm_collect *col,
		   const struct vfm_beat *b, const char *stream)
{
	unsigned k;

	if (!col->active) {
		col->active = 1;
		col->ndw = 0;
		memcpy(col->hdr, b->hdr, sizeof(col->hdr));
	}
	for (k = 0; k < 4 && col->ndw < 1024; k++)
		col->data[col->ndw++] = b->data[k];
	if (!b->last)
		return 0;
	col->active = 0;
	if (col->ndw < vfn_tlp_payload_dw(col->hdr)) {
		vfm_log(m, "RTL %s TLP ended after %u of %u payload DWs",
			stream, col->ndw, vfn_tlp_payload_dw(col->hdr));
		memset(col->data + col->ndw, 0,
		       (vfn_tlp_payload_dw(col->hdr) - col->ndw) * 4);
	}
	col->ndw = vfn_tlp_payload_dw(col->hdr);
	m->st.tlps_from_rtl++;
	return 1;
}

int vfm_route_busy(const struct vfm *m)
{
	return m->reset_left || m->cq.head || m->rc.head || m->cc.active ||
	       m->rq.active || !m->rtl_idle || m->sr.probing ||
	       vfm_eth_busy(&m->eth) ||
	       m->quiet_cycles < VFM_IDLE_TAIL_CYCLES;
}

void vfm_route_step(struct vfm *m)
{
	struct vfm_rtl_in in;
	struct vfm_rtl_out out;
	int active = 0;

	memset(&in, 0, sizeof(in));
	if (m->reset_left) {
		vfm_rtl_cycle(m->rtl, &in, &out);
		if (--m->reset_left == 0)
			finish_reset(m);
		m->quiet_cycles = 0;
		m->rtl_idle = 0;
		return;
	}
	in.cq_valid = feed_offer(m, &m->cq, 1, &in.cq);
	in.rc_valid = feed_offer(m, &m->rc, 0, &in.rc);
	in.cc_ready = 1;
	in.rq_ready = 1;
	vfm_eth_drive(&m->eth, &in);
	vfm_rtl_cycle(m->rtl, &in, &out);
	m->rtl_idle = out.idle;
	vfm_eth_collect(&m->eth, &in, &out);
	if (in.eth_rx_valid || out.eth_tx_valid)
		active = 1;
	if (in.cq_valid && out.cq_ready) {
		feed_accepted(m, &m->cq);
		active = 1;
	}
	if (in.rc_valid && out.rc_ready) {
		feed_accepted(m, &m->rc);
		active = 1;
	}
	/* device requests first: a completion never overtakes a DMA write */
	if (out.rq_valid) {
		active = 1;
		if (collect(m, &m->rq, &out.rq, "rq"))
			rtl_request(m, m->rq.hdr, m->rq.data, m->rq.ndw);
	}
	if (out.cc_valid) {
		active = 1;
		if (collect(m, &m->cc, &out.cc, "cc"))
			rtl_completion(m, m->cc.hdr, m->cc.data, m->cc.ndw);
	}
	if (active || in.cq_valid || in.rc_valid)
		m->quiet_cycles = 0;
	else
		m->quiet_cycles++;
}

void vfm_route_free(struct vfm *m)
{
	feed_discard(&m->cq, 0, 1);
	feed_discard(&m->rc, 0, 1);
}
