/* SPDX-License-Identifier: MIT */
/*
 * vfnic harness: the host side of one transport client. Sends config and
 * memory requests, waits for their completions, and meanwhile serves the
 * device's requests (DMA reads from / writes to hx_mem, MSI-X writes) in
 * the order they arrive, as a root complex would.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hx.h"

uint8_t hx_mem[HX_MEM_SIZE];
unsigned hx_reg_failures;

uint64_t hx_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

long long hx_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void hx_hello(struct vfn_hello *h, enum vfn_role role, const char *name,
	      int windows)
{
	vfn_hello_init(h, role, 0, name);
	if (windows) {
		h->nwindows = 2;
		h->windows[0].base = HX_MEM_BASE;
		h->windows[0].size = HX_MEM_SIZE;
		h->windows[1].base = HX_MSI_BASE;
		h->windows[1].size = HX_MSI_SIZE;
	}
}

int hx_connect(struct hx_host *h, const char *sock, const char *name,
	       enum vfn_role role, char *err, size_t errlen)
{
	struct vfn_hello hello;
	uint64_t *rng = h->rng;
	int r;

	memset(h, 0, sizeof(*h));
	h->rng = rng;
	h->want_tag = -1;
	h->serve_reads = 1;
	snprintf(h->name, sizeof(h->name), "%s", name);
	hx_hello(&hello, role, name, 1);
	r = vfn_client_connect(&h->c, sock, &hello, err, errlen);
	h->connected = r == 0;
	return r;
}

int hx_connect_vf(struct hx_host *h, const char *sock, const char *name,
		  unsigned func, char *err, size_t errlen)
{
	struct vfn_hello hello;
	uint64_t *rng = h->rng;
	int r;

	memset(h, 0, sizeof(*h));
	h->rng = rng;
	h->want_tag = -1;
	h->serve_reads = 1;
	h->func = (uint16_t)func;
	snprintf(h->name, sizeof(h->name), "%s", name);
	hx_hello(&hello, VFN_ROLE_VF, name, 1);
	hello.func = func;
	r = vfn_client_connect(&h->c, sock, &hello, err, errlen);
	h->connected = r == 0;
	return r;
}

void hx_close(struct hx_host *h)
{
	if (h->connected)
		vfn_client_close(&h->c);
	h->connected = 0;
}

void hx_clear_log(struct hx_host *h)
{
	h->nmwr = h->nmrd = h->nerr = 0;
	h->nerr_total = h->npongs = h->ncpls = h->ncpls_total = 0;
	memset(h->nerr_by_code, 0, sizeof(h->nerr_by_code));
	h->unexpected = 0;
}

static int in_mem(uint64_t addr, uint64_t len)
{
	return addr >= HX_MEM_BASE && addr - HX_MEM_BASE <= HX_MEM_SIZE &&
	       len <= HX_MEM_SIZE - (addr - HX_MEM_BASE);
}

static void record_write(struct hx_host *h, const uint32_t *hdr,
			 const uint32_t *data, unsigned ndw)
{
	uint64_t addr = vfn_tlp_addr(hdr);
	unsigned i, b;

	if (h->nmwr < sizeof(h->mwr) / sizeof(h->mwr[0])) {
		struct hx_mwr *w = &h->mwr[h->nmwr++];

		w->addr = addr;
		w->rid = vfn_tlp_req_id(hdr);
		w->ndw = ndw;
		w->fbe = vfn_tlp_fbe(hdr);
		w->lbe = vfn_tlp_lbe(hdr);
		memcpy(w->data, data, 4 * (ndw < 16 ? ndw : 16));
	}
	if (!in_mem(addr, (uint64_t)ndw * 4))
		return;
	for (i = 0; i < ndw; i++) {
		unsigned be = i == 0 ? vfn_tlp_fbe(hdr) :
			      i == ndw - 1 ? vfn_tlp_lbe(hdr) : 0xf;

		for (b = 0; b < 4; b++)
			if (be & (1u << b))
				hx_mem[addr - HX_MEM_BASE + 4 * i + b] =
					(uint8_t)(data[i] >> (8 * b));
	}
}

/* first enabled byte and byte count of a memory read (PCIe rules) */
static unsigned read_bytes(const uint32_t *hdr, unsigned *first)
{
	unsigned len = vfn_tlp_len_dw(hdr), fbe = vfn_tlp_fbe(hdr);
	unsigned lbe = vfn_tlp_lbe(hdr);
	unsigned lo = fbe ? (unsigned)__builtin_ctz(fbe) : 0;

	*first = lo;
	if (len == 1)
		return fbe ? 32 - (unsigned)__builtin_clz(fbe) - lo : 1;
	return (len - 2) * 4 + (4 - lo) +
	       (lbe ? 32 - (unsigned)__builtin_clz(lbe) : 4);
}

/*
 * Answer a device read from hx_mem: one CplD, or (split_reads) one per
 * 64-byte read-completion boundary the request crosses. Outside hx_mem:
 * a Cpl with UR.
 */
static void serve_read(struct hx_host *h, const uint32_t *req)
{
	uint64_t addr = vfn_tlp_addr(req);
	unsigned first, total = read_bytes(req, &first);
	uint64_t start = addr + first, end = start + total, cs;
	uint16_t rid = vfn_tlp_req_id(req);
	uint8_t tag = vfn_tlp_req_tag(req);
	uint32_t hdr[4];
	int split = h->split_reads && h->rng && (hx_rand(h->rng) & 1);

	if (!in_mem(addr, (uint64_t)vfn_tlp_len_dw(req) * 4)) {
		vfn_tlp_cpl(hdr, false, VFN_CPL_UR, HX_RC_ID, total, rid, tag,
			    (unsigned)(start & 0x7f), 0);
		hx_send_tlp(h, hdr, NULL, 0);
		return;
	}
	for (cs = start; cs < end;) {
		uint64_t ce = split ? ((cs + 64) & ~63ull) : end;
		uint64_t dw0 = cs & ~3ull, dw1;
		uint32_t data[1024];
		unsigned ndw;

		if (ce > end)
			ce = end;
		dw1 = (ce + 3) & ~3ull;
		ndw = (unsigned)((dw1 - dw0) / 4);
		memcpy(data, &hx_mem[dw0 - HX_MEM_BASE], (size_t)ndw * 4);
		vfn_tlp_cpl(hdr, true, VFN_CPL_SC, HX_RC_ID,
			    (unsigned)(end - cs), rid, tag,
			    (unsigned)(cs & 0x7f), ndw);
		hx_send_tlp(h, hdr, data, ndw);
		cs = ce;
	}
}

static void on_tlp(struct hx_host *h, const struct vfn_msg *m)
{
	const uint32_t *hdr = (const uint32_t *)(m + 1);
	const uint32_t *data = hdr + 4;
	unsigned ndw = vfn_tlp_payload_dw(hdr);

	if (m->len < sizeof(*m) + 16 + 4 * ndw) {
		hx_diag("%s: model sent a truncated TLP (len %u)", h->name,
			m->len);
		h->unexpected++;
		return;
	}
	if (vfn_tlp_is_cpl(hdr)) {
		if (h->want_tag >= 0 && vfn_tlp_cpl_tag(hdr) == h->want_tag &&
		    vfn_tlp_cpl_req_id(hdr) == HX_RC_ID && !h->got_cpl) {
			memcpy(h->cpl_hdr, hdr, 16);
			h->cpl_ndw = ndw;
			memcpy(h->cpl_data, data, 4 * (size_t)ndw);
			h->got_cpl = 1;
		} else if (h->want_tag == -2) {
			h->ncpls_total++;
			if (h->ncpls < 64) {
				memcpy(h->cpls[h->ncpls], hdr, 16);
				h->cpls[h->ncpls][4] = ndw > 0 ? data[0] : 0;
				h->cpls[h->ncpls][5] = ndw > 1 ? data[1] : 0;
				h->ncpls++;
			}
		} else {
			hx_diag("%s: unexpected completion tag %u (waiting for %d)",
				h->name, vfn_tlp_cpl_tag(hdr), h->want_tag);
			h->unexpected++;
		}
		return;
	}
	switch (vfn_tlp_fmt_type(hdr)) {
	case VFN_TLP_MWR32:
	case VFN_TLP_MWR64:
		record_write(h, hdr, data, ndw);
		break;
	case VFN_TLP_MRD32:
	case VFN_TLP_MRD64:
		if (h->nmrd < sizeof(h->mrd) / sizeof(h->mrd[0]))
			memcpy(h->mrd[h->nmrd++], hdr, 16);
		if (h->serve_reads)
			serve_read(h, hdr);
		break;
	default:
		hx_diag("%s: device sent TLP type %#x", h->name,
			vfn_tlp_fmt_type(hdr));
		h->unexpected++;
		break;
	}
}

static void on_msg(struct hx_host *h, const struct vfn_msg *m)
{
	switch (m->type) {
	case VFN_MSG_TLP:
		on_tlp(h, m);
		break;
	case VFN_MSG_ERROR: {
		const struct vfn_error *e = (const struct vfn_error *)(m + 1);

		h->nerr_total++;
		if (m->aux < 8)
			h->nerr_by_code[m->aux]++;

		if (h->nerr < sizeof(h->err) / sizeof(h->err[0]) &&
		    m->len >= sizeof(*m) + sizeof(*e)) {
			struct hx_err *d = &h->err[h->nerr++];

			d->code = m->aux;
			d->bad_seq = e->bad_seq;
			d->bad_type = e->bad_type;
			memcpy(d->text, e->text, sizeof(d->text));
			d->text[sizeof(d->text) - 1] = 0;
		}
		break;
	}
	case VFN_MSG_PONG:
		h->npongs++;
		h->pong = 1;
		h->pong_aux = m->aux;
		break;
	case VFN_MSG_RESET_DONE:
		h->reset_done = 1;
		h->reset_aux = m->aux;
		break;
	default:
		hx_diag("%s: model sent message type %u", h->name, m->type);
		h->unexpected++;
		break;
	}
}

int hx_pump(struct hx_host *h, int timeout_ms)
{
	const struct vfn_msg *m;
	int err;

	if (!h->connected || h->gone)
		return -1;
	m = vfn_client_wait(&h->c, timeout_ms, &err);
	if (!m) {
		if (err == -ETIMEDOUT)
			return 0;
		h->gone = 1;
		return -1;
	}
	on_msg(h, m);
	vfn_ring_pop(&h->c.rx);
	return 1;
}

void hx_drain(struct hx_host *h)
{
	while (hx_pump(h, 0) > 0)
		;
}

int hx_send_tlp(struct hx_host *h, const uint32_t *hdr, const uint32_t *data,
		unsigned ndw)
{
	return vfn_client_send_tlp(&h->c, h->func, hdr, data, ndw,
				   HX_TIMEOUT_MS);
}

/* a TLP message with aux (the transport's send_tlp always sends aux 0) */
int hx_send_tlp_aux(struct hx_host *h, uint32_t aux, const uint32_t *hdr,
		    const uint32_t *data, unsigned ndw)
{
	uint32_t body[4 + 1024];

	if (ndw > 1024)
		return -EMSGSIZE;
	memcpy(body, hdr, 16);
	if (ndw)
		memcpy(body + 4, data, (size_t)ndw * 4);
	return vfn_client_send(&h->c, VFN_MSG_TLP, h->func, aux, body,
			       16 + (size_t)ndw * 4, HX_TIMEOUT_MS);
}

int hx_request(struct hx_host *h, uint32_t *hdr, const uint32_t *data,
	       unsigned ndw)
{
	long long deadline = hx_now_ns() + HX_TIMEOUT_MS * 1000000LL;
	int r;

	/* the tag goes in DW1 15:8 for every request type */
	hdr[1] = (hdr[1] & ~0xff00u) | ((uint32_t)h->tag << 8);
	h->want_tag = h->tag++;
	h->got_cpl = 0;
	r = hx_send_tlp_aux(h, h->req_aux, hdr, data, ndw);
	h->req_aux = 0;
	if (r < 0) {
		h->want_tag = -1;
		return r;
	}
	while (!h->got_cpl) {
		long long left = (deadline - hx_now_ns()) / 1000000;

		if (left <= 0) {
			h->want_tag = -1;
			return -ETIMEDOUT;
		}
		if (hx_pump(h, (int)left) < 0) {
			h->want_tag = -1;
			return -EPIPE;
		}
	}
	h->want_tag = -1;
	return 0;
}

int hx_cfg_rd(struct hx_host *h, unsigned reg, uint32_t *val)
{
	uint32_t hdr[4];
	int r;

	vfn_tlp_cfg(hdr, false, HX_DEVID, reg, 0xf, HX_RC_ID, 0);
	r = hx_request(h, hdr, NULL, 0);
	if (r < 0)
		return r;
	*val = h->cpl_ndw ? h->cpl_data[0] : 0;
	return (int)vfn_tlp_cpl_status(h->cpl_hdr);
}

int hx_cfg_wr(struct hx_host *h, unsigned reg, uint32_t val, unsigned be)
{
	uint32_t hdr[4];
	int r;

	vfn_tlp_cfg(hdr, true, HX_DEVID, reg, be, HX_RC_ID, 0);
	r = hx_request(h, hdr, &val, 1);
	if (r < 0)
		return r;
	return (int)vfn_tlp_cpl_status(h->cpl_hdr);
}

int hx_cfg_rd_id(struct hx_host *h, uint16_t completer, unsigned reg,
		 uint32_t *val)
{
	uint32_t hdr[4];
	int r;

	vfn_tlp_cfg(hdr, false, completer, reg, 0xf, HX_RC_ID, 0);
	r = hx_request(h, hdr, NULL, 0);
	if (r < 0)
		return r;
	*val = h->cpl_ndw ? h->cpl_data[0] : 0;
	return (int)vfn_tlp_cpl_status(h->cpl_hdr);
}

int hx_cfg_wr_id(struct hx_host *h, uint16_t completer, unsigned reg,
		 uint32_t val, unsigned be)
{
	uint32_t hdr[4];
	int r;

	vfn_tlp_cfg(hdr, true, completer, reg, be, HX_RC_ID, 0);
	r = hx_request(h, hdr, &val, 1);
	if (r < 0)
		return r;
	return (int)vfn_tlp_cpl_status(h->cpl_hdr);
}

int hx_vf_rd(struct hx_host *h, unsigned bar, uint64_t off, unsigned size,
	     uint64_t *val)
{
	h->req_aux = VFN_TLP_AUX_BAR(bar);
	return hx_rd(h, off, size, val);
}

int hx_vf_wr(struct hx_host *h, unsigned bar, uint64_t off, unsigned size,
	     uint64_t val)
{
	unsigned fbe, lbe, ndw = vfn_tlp_access_dw(off, size, &fbe, &lbe);
	uint32_t hdr[4], data[2] = { (uint32_t)val, (uint32_t)(val >> 32) };

	vfn_tlp_mem(hdr, true, off, ndw, fbe, lbe, HX_RC_ID, 0);
	return hx_send_tlp_aux(h, VFN_TLP_AUX_BAR(bar), hdr, data, ndw);
}

int hx_rd(struct hx_host *h, uint64_t addr, unsigned size, uint64_t *val)
{
	unsigned fbe, lbe, ndw = vfn_tlp_access_dw(addr, size, &fbe, &lbe);
	uint32_t hdr[4];
	int r;

	vfn_tlp_mem(hdr, false, addr, ndw, fbe, lbe, HX_RC_ID, 0);
	r = hx_request(h, hdr, NULL, 0);
	if (r < 0)
		return r;
	*val = 0;
	if (h->cpl_ndw >= 1)
		*val = h->cpl_data[0];
	if (h->cpl_ndw >= 2)
		*val |= (uint64_t)h->cpl_data[1] << 32;
	return (int)vfn_tlp_cpl_status(h->cpl_hdr);
}

int hx_wr(struct hx_host *h, uint64_t addr, unsigned size, uint64_t val)
{
	unsigned fbe, lbe, ndw = vfn_tlp_access_dw(addr, size, &fbe, &lbe);
	uint32_t hdr[4], data[2] = { (uint32_t)val, (uint32_t)(val >> 32) };

	vfn_tlp_mem(hdr, true, addr, ndw, fbe, lbe, HX_RC_ID, 0);
	return hx_send_tlp(h, hdr, data, ndw);
}

uint32_t hx_reg(struct hx_host *h, unsigned off)
{
	uint64_t v;
	int r = hx_rd(h, HX_BAR0 + off, 4, &v);

	if (r != 0) {
		hx_diag("%s: read BAR0+%#x failed: %d", h->name, off, r);
		hx_reg_failures++;
		return 0xdeadbeef;
	}
	return (uint32_t)v;
}

void hx_reg_wr(struct hx_host *h, unsigned off, uint32_t val)
{
	if (hx_wr(h, HX_BAR0 + off, 4, val) < 0) {
		hx_diag("%s: write BAR0+%#x failed", h->name, off);
		hx_reg_failures++;
	}
}

int hx_ping(struct hx_host *h)
{
	uint32_t seq = h->c.tx.seq;
	long long deadline = hx_now_ns() + HX_TIMEOUT_MS * 1000000LL;
	int r;

	h->pong = 0;
	r = vfn_client_send(&h->c, VFN_MSG_PING, 0, 0, NULL, 0, HX_TIMEOUT_MS);
	if (r < 0)
		return r;
	while (!h->pong) {
		if (hx_now_ns() > deadline)
			return -ETIMEDOUT;
		if (hx_pump(h, HX_TIMEOUT_MS) < 0)
			return -EPIPE;
	}
	return h->pong_aux == seq ? 0 : -EPROTO;
}

int hx_reset(struct hx_host *h)
{
	uint32_t seq = h->c.tx.seq;
	long long deadline = hx_now_ns() + HX_TIMEOUT_MS * 1000000LL;
	int r;

	h->reset_done = 0;
	r = vfn_client_send(&h->c, VFN_MSG_RESET, 0, 0, NULL, 0, HX_TIMEOUT_MS);
	if (r < 0)
		return r;
	while (!h->reset_done) {
		if (hx_now_ns() > deadline)
			return -ETIMEDOUT;
		if (hx_pump(h, HX_TIMEOUT_MS) < 0)
			return -EPIPE;
	}
	return h->reset_aux == seq ? 0 : -EPROTO;
}

static int find_err(const struct hx_host *h, uint32_t code, uint32_t seq)
{
	unsigned i;

	for (i = 0; i < h->nerr; i++)
		if (h->err[i].code == code && h->err[i].bad_seq == seq)
			return (int)i;
	return -1;
}

int hx_wait_err(struct hx_host *h, uint32_t code, uint32_t seq,
		int timeout_ms)
{
	long long deadline = hx_now_ns() + timeout_ms * 1000000LL;
	int i;

	while ((i = find_err(h, code, seq)) < 0) {
		if (hx_now_ns() > deadline)
			return -1;
		/* after a hang-up the ERROR may still be in the ring */
		if (hx_pump(h, 50) < 0)
			return find_err(h, code, seq);
	}
	return i;
}
