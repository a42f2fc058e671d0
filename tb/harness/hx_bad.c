/* SPDX-License-Identifier: MIT */
/*
 * vfnic harness: bad input (docs/transport.md "Bad input"). Each test runs
 * a misbehaving client, checks the model's answer, and then a second,
 * well-behaved client must be served (the model stayed consistent).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "hx.h"

/* BARs assigned before the main client steps aside */
static int prepare(struct hx_ctx *x)
{
	if (!hx_enumerate(x))
		return 0;
	hx_close(&x->main);
	return 1;
}

/* the number before `what` on the model log line that also holds `who` */
static unsigned log_count(struct hx_ctx *x, const char *who, const char *what)
{
	FILE *f = fopen(x->log_path, "r");
	char line[1024];
	unsigned n = 0;

	while (f && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, what), *q;

		if (!p || !strstr(line, who))
			continue;
		for (q = p - 1; q > line && q[-1] >= '0' && q[-1] <= '9'; q--)
			;
		n = (unsigned)strtoul(q, NULL, 10);
	}
	if (f)
		fclose(f);
	return n;
}

/* 1 when a model log line holds both strings */
int hx_log_has(struct hx_ctx *x, const char *who, const char *what)
{
	FILE *f = fopen(x->log_path, "r");
	char line[1024];
	int found = 0;

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, who) && strstr(line, what))
			found = 1;
	if (f)
		fclose(f);
	return found;
}

static int bad_connect(struct hx_ctx *x, struct hx_host *b, const char *name)
{
	char err[256];

	b->rng = &x->rng;
	if (hx_connect(b, x->sock, name, VFN_ROLE_TEST, err, sizeof(err))) {
		hx_diag("%s: %s", name, err);
		return 0;
	}
	return 1;
}

static int expect_err(struct hx_host *b, uint32_t code, uint32_t seq,
		      uint32_t type)
{
	int i = hx_wait_err(b, code, seq, 2000);

	if (i < 0) {
		hx_diag("no ERROR %u for message %u from the model "
			"(%u other errors)", code, seq, b->nerr);
		return 0;
	}
	hx_diag("ERROR %u: %s", code, b->err[i].text);
	CHECK_EQ(b->err[i].bad_type, type);
	return 1;
}

/* the same client goes on: a scratch round trip */
static int still_serves(struct hx_host *b, uint64_t *rng)
{
	uint32_t v = (uint32_t)hx_rand(rng);

	hx_reg_wr(b, VFNIC_REG_SCRATCH, v);
	CHECK_EQ(hx_reg(b, VFNIC_REG_SCRATCH), v);
	CHECK_EQ(b->unexpected, 0);
	return 1;
}

static int t_disconnect_mrd(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	uint32_t hdr[4];
	int i;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-mrd-close"));
	b->want_tag = -2;	/* collect completions */
	for (i = 0; i < 4000; i++) {
		vfn_tlp_mem(hdr, false, HX_BAR0 + VFNIC_REG_SCRATCH, 1, 0xf, 0,
			    HX_RC_ID, (uint8_t)i);
		CHECK(hx_send_tlp(b, hdr, NULL, 0) == 0);
	}
	/* the first completion proves the model is working on them */
	while (!b->ncpls)
		CHECK(hx_pump(b, 1000) > 0);
	hx_close(b);
	/* > 256 reads: the abandoned requests' tags came back */
	if (!hx_good_client_check(x, 300))
		return 0;
	if (x->model_pid) {
		unsigned n = log_count(x, "'bad-mrd-close'",
				       "request(s) in flight will be discarded");

		/* the model names the requests it dropped (queued) or will discard (in flight) */
		hx_diag("model: %u log line(s) on the closed client's requests", n);
		CHECK(n > 0);
	}
	return 1;
}

static int t_disconnect_dma(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0], *g = &x->aux[1];
	uint64_t src = HX_MEM_BASE + 0x1000, dst = HX_MEM_BASE + 0x2000;
	long long deadline;
	char err[256];
	uint32_t c = 0;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-dma-close"));
	b->serve_reads = 0;
	hx_reg_wr(b, VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_DONE_MASK |
		  VFNIC_DMA_CTRL_ERROR_MASK);
	hx_reg_wr(b, VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	hx_reg_wr(b, VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	hx_reg_wr(b, VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	hx_reg_wr(b, VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	hx_reg_wr(b, VFNIC_REG_DMA_LEN, 16);
	hx_reg_wr(b, VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
	deadline = hx_now_ns() + 2000000000LL;
	while (!b->nmrd && hx_now_ns() < deadline)
		CHECK(hx_pump(b, 50) >= 0);
	CHECK_EQ(b->nmrd, 1);		/* the read is ours and unanswered */
	hx_close(b);

	g->rng = &x->rng;
	CHECK(hx_connect(g, x->sock, "good-client", VFN_ROLE_TEST, err,
			 sizeof(err)) == 0);
	deadline = hx_now_ns() + 3000000000LL;
	while (hx_now_ns() < deadline) {
		c = hx_reg(g, VFNIC_REG_DMA_CTRL);
		if (c & (VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_ERROR_MASK))
			break;
	}
	hx_diag("DMA_CTRL after the reader vanished: %#x", c);
	hx_reg_wr(g, VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_DONE_MASK |
		  VFNIC_DMA_CTRL_ERROR_MASK);
	hx_close(g);
	CHECK_EQ(c & (VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_ERROR_MASK |
		      VFNIC_DMA_CTRL_TIMEOUT_MASK), VFNIC_DMA_CTRL_ERROR_MASK);
	CHECK_EQ((c & VFNIC_DMA_CTRL_CPL_STATUS_MASK) >>
		 VFNIC_DMA_CTRL_CPL_STATUS_SHIFT, VFN_CPL_UR);
	return hx_good_client_check(x, 3);
}

static int t_unknown_type(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	uint32_t seq;
	int ok;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-type"));
	seq = b->c.tx.seq;
	CHECK(vfn_client_send(&b->c, 42, 0, 0, "junk", 4, 1000) == 0);
	ok = expect_err(b, VFN_ERR_UNKNOWN_TYPE, seq, 42);
	seq = b->c.tx.seq;	/* a model->client type is not accepted either */
	CHECK(vfn_client_send(&b->c, VFN_MSG_PONG, 0, 0, NULL, 0, 1000) == 0);
	ok = ok && expect_err(b, VFN_ERR_UNKNOWN_TYPE, seq, VFN_MSG_PONG);
	ok = ok && still_serves(b, &x->rng);
	hx_close(b);
	return ok && hx_good_client_check(x, 3);
}

static int t_truncated(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	uint32_t seq, body[8], v;
	int ok;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-truncated"));
	v = (uint32_t)hx_rand(&x->rng);
	hx_reg_wr(b, VFNIC_REG_SCRATCH, v);
	/* a TLP message whose header does not fit */
	seq = b->c.tx.seq;
	memset(body, 0, sizeof(body));
	CHECK(vfn_client_send(&b->c, VFN_MSG_TLP, 0, 0, body, 8, 1000) == 0);
	ok = expect_err(b, VFN_ERR_TRUNCATED, seq, VFN_MSG_TLP);
	/* an MWr of Length 4 carrying one DW: must not reach SCRATCH */
	vfn_tlp_mem(body, true, HX_BAR0 + VFNIC_REG_SCRATCH, 4, 0xf, 0xf,
		    HX_RC_ID, 0);
	body[4] = ~v;
	seq = b->c.tx.seq;
	CHECK(vfn_client_send(&b->c, VFN_MSG_TLP, 0, 0, body, 20, 1000) == 0);
	ok = ok && expect_err(b, VFN_ERR_TRUNCATED, seq, VFN_MSG_TLP);
	if (ok && hx_reg(b, VFNIC_REG_SCRATCH) != v) {
		hx_diag("the truncated MWr reached the device");
		ok = 0;
	}
	ok = ok && still_serves(b, &x->rng);
	hx_close(b);
	return ok && hx_good_client_check(x, 3);
}

static int t_bad_tlp(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	uint32_t seq, hdr[4], d = 0;
	int ok;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-tlp"));
	/* a completion for a device read that was never routed to us */
	vfn_tlp_cpl(hdr, true, VFN_CPL_SC, HX_RC_ID, 4, HX_DEVID, 0x7e, 0, 1);
	seq = b->c.tx.seq;
	CHECK(hx_send_tlp(b, hdr, &d, 1) == 0);
	ok = expect_err(b, VFN_ERR_BAD_TLP, seq, VFN_MSG_TLP);
	/* Fmt 100b: a TLP prefix, not allowed */
	hdr[0] = 0x80000000u;
	hdr[1] = hdr[2] = hdr[3] = 0;
	seq = b->c.tx.seq;
	CHECK(hx_send_tlp(b, hdr, NULL, 0) == 0);
	ok = ok && expect_err(b, VFN_ERR_BAD_TLP, seq, VFN_MSG_TLP);
	ok = ok && still_serves(b, &x->rng);
	hx_close(b);
	return ok && hx_good_client_check(x, 3);
}

static int t_not_owner(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	uint32_t seq, hdr[4];
	int ok;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-owner"));
	/* the PF client owns 0 .. TotalVFs: the first function past them */
	vfn_tlp_mem(hdr, false, HX_BAR0 + VFNIC_REG_ID, 1, 0xf, 0, HX_RC_ID, 1);
	seq = b->c.tx.seq;
	CHECK(vfn_client_send_tlp(&b->c,
				  (uint16_t)(b->c.welcome.total_vfs + 1), hdr,
				  NULL, 0, 1000) == 0);
	ok = expect_err(b, VFN_ERR_NOT_OWNER, seq, VFN_MSG_TLP);
	/* config request for function 2 sent as function 0 */
	vfn_tlp_cfg(hdr, false, HX_DEVID | 2, 0, 0xf, HX_RC_ID, 2);
	seq = b->c.tx.seq;
	CHECK(vfn_client_send_tlp(&b->c, 0, hdr, NULL, 0, 1000) == 0);
	ok = ok && expect_err(b, VFN_ERR_NOT_OWNER, seq, VFN_MSG_TLP);
	/* neither request reached the device: no completion shows up */
	ok = ok && still_serves(b, &x->rng);
	hx_close(b);
	return ok && hx_good_client_check(x, 3);
}

static int t_framing(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	struct vfn_ring *r;
	struct vfn_msg *m;
	uint32_t head;
	uint64_t one = 1;
	int ok, i;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-framing"));
	CHECK_EQ(hx_ping(b), 0);
	/* a record whose len is not a multiple of 8, published by hand */
	r = &b->c.tx;
	head = r->ctrl->head;
	m = (struct vfn_msg *)(r->data + (head & (r->size - 1)));
	m->type = VFN_MSG_PING;
	m->func = 0;
	m->len = 12;
	m->seq = 0x1234;
	m->aux = 0;
	atomic_store_explicit((_Atomic uint32_t *)&r->ctrl->head, head + 16,
			      memory_order_release);
	if (write(r->kick_fd, &one, sizeof(one)) < 0)
		hx_diag("kick: %s", strerror(errno));
	ok = expect_err(b, VFN_ERR_FRAMING, 0x1234, VFN_MSG_PING);
	/* then the model hangs up */
	for (i = 0; i < 100 && hx_pump(b, 50) >= 0; i++)
		;
	if (!b->gone) {
		hx_diag("model did not disconnect the client");
		ok = 0;
	}
	hx_close(b);
	return ok && hx_good_client_check(x, 3);
}

static int refused(struct hx_ctx *x, struct vfn_hello *h, int want)
{
	struct vfn_client c;
	char err[256];
	int r = vfn_client_connect(&c, x->sock, h, err, sizeof(err));

	if (r == 0)
		vfn_client_close(&c);
	hx_diag("HELLO role %u version %u: %d (%s)", h->role, h->version, r,
		err);
	CHECK_EQ(r, want);
	return 1;
}

static int t_second_pf(struct hx_ctx *x)
{
	struct vfn_hello h;
	struct hx_host *first = &x->aux[0];
	int ok = 1;

	CHECK(prepare(x));
	CHECK(bad_connect(x, first, "first-pf"));
	hx_hello(&h, VFN_ROLE_PF, "second-pf", 0);
	ok = ok && refused(x, &h, VFN_E_BUSY);
	hx_hello(&h, VFN_ROLE_TEST, "second-test", 0);
	ok = ok && refused(x, &h, VFN_E_BUSY);
	hx_hello(&h, VFN_ROLE_VF, "vf-client", 0);
	h.func = 1;
	ok = ok && refused(x, &h, VFN_E_NOFUNC);
	hx_hello(&h, (enum vfn_role)9, "odd-role", 0);
	ok = ok && refused(x, &h, VFN_E_ROLE);
	ok = ok && still_serves(first, &x->rng);
	hx_close(first);
	return ok && hx_good_client_check(x, 3);
}

/* send raw bytes as the HELLO; returns the welcome status or -errno */
static int raw_hello(const char *path, const void *buf, size_t len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vfn_welcome w;
	struct pollfd p;
	int fd, r;
	ssize_t n;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    send(fd, buf, len, MSG_NOSIGNAL) != (ssize_t)len) {
		r = -errno;
		close(fd);
		return r;
	}
	p.fd = fd;
	p.events = POLLIN;
	if (poll(&p, 1, 5000) != 1) {
		close(fd);
		return -ETIMEDOUT;
	}
	n = recv(fd, &w, sizeof(w), 0);
	close(fd);
	if (n != (ssize_t)sizeof(w))
		return -EPROTO;
	return (int)w.status;
}

static int t_version(struct hx_ctx *x)
{
	struct vfn_hello h;
	int ok = 1;

	CHECK(prepare(x));
	hx_hello(&h, VFN_ROLE_TEST, "old-client", 0);
	h.version = VFN_VERSION + 1;
	ok = ok && refused(x, &h, VFN_E_VERSION);
	hx_hello(&h, VFN_ROLE_TEST, "bad-magic", 0);
	h.magic = 0x12345678;
	ok = ok && refused(x, &h, VFN_E_VERSION);
	hx_hello(&h, VFN_ROLE_TEST, "short-hello", 0);
	CHECK_EQ(raw_hello(x->sock, &h, 16), VFN_E_VERSION);
	hx_hello(&h, VFN_ROLE_TEST, "many-windows", 0);
	h.nwindows = VFN_MAX_WINDOWS + 1;
	ok = ok && refused(x, &h, VFN_E_VERSION);
	return ok && hx_good_client_check(x, 3);
}

static int t_unmapped(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	uint64_t d = 1;
	int ok = 1;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "bad-offsets"));
	/* 0xF000: above every register window of BAR0 (docs/datapath.md) */
	if (hx_rd(b, HX_BAR0 + 0xF000, 4, &d) != VFN_CPL_SC || d != 0) {
		hx_diag("BAR0 hole: status/value %#llx", (unsigned long long)d);
		ok = 0;
	}
	if (hx_rd(b, HX_BAR0 + VFNIC_PF_BAR0_SIZE, 4, &d) != VFN_CPL_UR) {
		hx_diag("past BAR0: no UR");
		ok = 0;
	}
	ok = ok && still_serves(b, &x->rng);
	hx_close(b);
	return ok && hx_good_client_check(x, 3);
}

/* a connection that never says HELLO must not hold anybody up */
static int t_silent(struct hx_ctx *x)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, ok;

	CHECK(prepare(x));
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	CHECK(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", x->sock);
	CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	ok = hx_good_client_check(x, 3);
	close(fd);
	return ok;
}


/*
 * Seeded random junk and valid traffic mixed: every message gets the
 * answer its kind calls for (counted per ERROR code), nothing else.
 */
static int t_fuzz(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	unsigned want[VFN_ERR_OVERFLOW + 1] = { 0 }, got[VFN_ERR_OVERFLOW + 1];
	unsigned reads = 0, pings = 0, i, k, tvf;
	uint32_t body[16 + 1024 + 4];
	long long deadline;

	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "fuzz"));
	tvf = b->c.welcome.total_vfs;
	CHECK(tvf < 255);
	b->want_tag = -2;
	for (i = 0; i < 3000; i++) {
		uint64_t r = hx_rand(&x->rng);
		unsigned kind = (unsigned)(r % 9), len;
		uint32_t *hdr = body;
		int rc = 0;

		r >>= 8;
		memset(body, 0, 64);
		switch (kind) {
		case 0:		/* unknown type */
			len = (unsigned)(r % 64);
			rc = vfn_client_send(&b->c, (uint16_t)(VFN_MSG_TYPE_MAX +
					     r % (0xffff - VFN_MSG_TYPE_MAX)),
					     0, 0, body, len, 1000);
			want[VFN_ERR_UNKNOWN_TYPE]++;
			break;
		case 1:		/* TLP header cut short (padding to 8 B included) */
			len = (unsigned)(r % 9);
			rc = vfn_client_send(&b->c, VFN_MSG_TLP, 0, 0, body, len,
					     1000);
			want[VFN_ERR_TRUNCATED]++;
			break;
		case 2:		/* payload shorter than Length, even padded to 8 B */
			len = 3 + (unsigned)(r % 1022);
			vfn_tlp_mem(hdr, true, HX_BAR0 + 0x8000, len, 0xf, 0xf,
				    HX_RC_ID, 0);
			rc = vfn_client_send(&b->c, VFN_MSG_TLP, 0, 0, body,
					     16 + 4 * (size_t)((r >> 12) % (len - 2)),
					     1000);
			want[VFN_ERR_TRUNCATED]++;
			break;
		case 3:		/* completion for no device read */
			vfn_tlp_cpl(hdr, true, (unsigned)(r & 7), HX_RC_ID, 4,
				    HX_DEVID, (uint8_t)(r >> 3), 0, 1);
			rc = hx_send_tlp(b, hdr, body + 4, 1);
			want[VFN_ERR_BAD_TLP]++;
			break;
		case 4:		/* Fmt 100b..111b */
			hdr[0] = (uint32_t)(4 + r % 4) << 29 | (uint32_t)(r >> 8 & 0x1fffffff);
			hdr[0] &= ~0x3ffu;	/* Length 0 may mean 1024 DWs */
			rc = vfn_client_send(&b->c, VFN_MSG_TLP, 0, 0, body,
					     16 + 4096, 1000);
			want[VFN_ERR_BAD_TLP]++;
			break;
		case 5:		/* a function we do not own (past TotalVFs) */
			vfn_tlp_mem(hdr, false, HX_BAR0 + (r % 0x10000 & ~3ull),
				    1, 0xf, 0, HX_RC_ID, (uint8_t)r);
			rc = vfn_client_send_tlp(&b->c, (uint16_t)(tvf + 1 +
						 r % (255 - tvf)),
						 hdr, NULL, 0, 1000);
			want[VFN_ERR_NOT_OWNER]++;
			break;
		case 6:		/* a valid read anywhere in BAR0 */
			vfn_tlp_mem(hdr, false, HX_BAR0 + (r % 0x10000 & ~3ull),
				    1, 0xf, 0, HX_RC_ID, (uint8_t)r);
			rc = hx_send_tlp(b, hdr, NULL, 0);
			reads++;
			break;
		case 7:		/* a valid write to a hole */
			vfn_tlp_mem(hdr, true, HX_BAR0 + 0x100 + (r % 0xff00 & ~3ull),
				    1, 0xf, 0, HX_RC_ID, 0);
			rc = hx_send_tlp(b, hdr, body + 4, 1);
			break;
		default:
			rc = vfn_client_send(&b->c, VFN_MSG_PING, 0, 0, NULL, 0,
					     1000);
			pings++;
			break;
		}
		CHECK_EQ(rc, 0);
		if ((i & 63) == 63)
			hx_drain(b);
	}
	deadline = hx_now_ns() + 5000000000LL;
	for (;;) {
		unsigned nerr = 0;

		memset(got, 0, sizeof(got));
		for (k = 0; k < b->nerr; k++)
			if (b->err[k].code <= VFN_ERR_OVERFLOW)
				got[b->err[k].code]++;
		for (k = 0; k <= VFN_ERR_OVERFLOW; k++)
			nerr += want[k];
		if (b->ncpls_total >= reads && b->npongs >= pings &&
		    b->nerr_total >= nerr)
			break;
		if (hx_now_ns() > deadline)
			break;
		CHECK(hx_pump(b, 100) >= 0);
	}
	for (k = 1, i = 0; k <= VFN_ERR_OVERFLOW; k++) {
		if (b->nerr_by_code[k] != want[k]) {
			hx_diag("ERROR %u: %u received, %u expected", k,
				b->nerr_by_code[k], want[k]);
			i++;
		}
	}
	CHECK_EQ(i, 0);
	hx_diag("%u reads, %u pings, %u errors", reads, pings, b->nerr_total);
	CHECK_EQ(b->ncpls_total, reads);
	CHECK_EQ(b->npongs, pings);
	b->want_tag = -1;
	CHECK(still_serves(b, &x->rng));
	hx_close(b);
	return hx_good_client_check(x, 3);
}

/* a client that never drains its ring: the model queues, then drops it */
static int t_overflow(struct hx_ctx *x)
{
	struct hx_host *b = &x->aux[0];
	unsigned i, n;
	int r = 0;

	if (!x->model_pid) {
		hx_diag("needs a model started by the harness (--max-queue)");
		return HX_SKIP;
	}
	CHECK(prepare(x));
	CHECK(bad_connect(x, b, "no-drain"));
	for (i = 0; i < 2000000 && r == 0; i++)
		r = vfn_client_send(&b->c, VFN_MSG_PING, 0, 0, NULL, 0, 5000);
	hx_diag("%u PINGs sent before the model hung up (%d)", i, r);
	CHECK_EQ(r, -EPIPE);
	hx_close(b);
	CHECK(hx_good_client_check(x, 3));
	n = hx_log_has(x, "'no-drain'", "OVERFLOW");
	CHECK(n);
	return 1;
}

const struct hx_test hx_bad_tests[] = {
	{ "bad-disconnect-mrd", "client closes with 4000 MRds queued or in flight",
	  t_disconnect_mrd, 1 },
	{ "bad-disconnect-dma", "client closes with a DMA read routed to it: "
	  "engine ERROR with UR", t_disconnect_dma, 1 },
	{ "bad-unknown-type", "unknown message type: ERROR UNKNOWN_TYPE, "
	  "client continues", t_unknown_type, 1 },
	{ "bad-truncated", "truncated messages: ERROR TRUNCATED, client continues",
	  t_truncated, 1 },
	{ "bad-tlp", "stray completion, TLP prefix: ERROR BAD_TLP", t_bad_tlp, 1 },
	{ "bad-not-owner", "TLP for a function not owned: ERROR NOT_OWNER",
	  t_not_owner, 1 },
	{ "bad-framing", "broken ring framing: ERROR FRAMING, disconnect",
	  t_framing, 1 },
	{ "bad-second-pf", "second PF/TEST client BUSY, VF NOFUNC, role ROLE",
	  t_second_pf, 1 },
	{ "bad-version", "wrong version/magic, short HELLO: VERSION", t_version, 1 },
	{ "bad-unmapped", "BAR0 hole reads 0, past the BAR is UR", t_unmapped, 1 },
	{ "bad-silent", "a connection without HELLO blocks nobody", t_silent, 1 },
	{ "bad-overflow", "client never drains its ring: queued, then OVERFLOW "
	  "and disconnect", t_overflow, 1 },
	{ "bad-fuzz", "3000 random messages: each answered as its kind requires",
	  t_fuzz, 1 },
	{ NULL, NULL, NULL, 0 },
};
