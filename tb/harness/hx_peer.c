/* SPDX-License-Identifier: MIT */
/*
 * Interoperability tests against an external link partner: the model's wire
 * goes to a stock QEMU VM's virtio-net (-netdev dgram or stream) whose Linux
 * stack answers ARP and ICMP echo (sim/guest/run-peer.sh boots it). They run
 * only with --peer-wire SPEC --peer-ip A.B.C.D. The harness is a minimal IPv4
 * host on the NIC's rings: the PF is A.B.C.201, VF 0 A.B.C.202; every wait
 * also answers the peer's ARP requests and echo requests to our addresses, so
 * the peer can ping us (its console shows the replies: run-peer.sh checks).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "hx_dp.h"

#define PEER_WAIT_MS	10000	/* a TCG guest answers within milliseconds; slack */
#define PEER_MAX_FRAME	9018u
#define ETH_ARP		0x0806
#define ETH_IP		0x0800

/* one of our IPv4 hosts: a function's rings and the peer it talks to */
struct peer_if {
	struct dp_fn *f;
	uint32_t ip;		/* ours, host order */
	uint32_t peer_ip;
	uint8_t peer_mac[6];
	int have_mac;
	unsigned arp_answered, echo_answered, other;
};

static uint32_t g_peer_ip;	/* from --peer-ip; 0 without a peer */

void hx_peer_set_ip(uint32_t ip)
{
	g_peer_ip = ip;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* the Internet checksum (RFC 1071) of n bytes: 0 over a correct header */
static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += be16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static size_t eth_hdr(uint8_t *b, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	put16(b + 12, type);
	return 14;
}

/* ARP (RFC 826) for Ethernet/IPv4: op 1 request, 2 reply */
static size_t mk_arp(uint8_t *b, const uint8_t *eth_dst, unsigned op,
		     const uint8_t *sha, uint32_t spa, const uint8_t *tha, uint32_t tpa)
{
	static const uint8_t zero[6];
	uint8_t *a = b + eth_hdr(b, eth_dst, sha, ETH_ARP);

	put16(a, 1);		/* Ethernet */
	put16(a + 2, ETH_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, (uint16_t)op);
	memcpy(a + 8, sha, 6);
	put32(a + 14, spa);
	memcpy(a + 18, tha ? tha : zero, 6);
	put32(a + 24, tpa);
	memset(a + 28, 0, 60 - 14 - 28);	/* padded to the minimum frame */
	return 60;
}

/* IPv4 + ICMP echo (type 8 request, 0 reply) with `len` bytes of data */
static size_t mk_echo(uint8_t *b, const uint8_t *dst, const uint8_t *src,
		      uint32_t sip, uint32_t dip, unsigned type, uint16_t id,
		      uint16_t seq, const uint8_t *data, size_t len)
{
	uint8_t *ip = b + eth_hdr(b, dst, src, ETH_IP);
	uint8_t *ic = ip + 20;
	size_t tot = 20 + 8 + len;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)tot);
	put16(ip + 4, seq);	/* identification */
	put16(ip + 6, 0x4000);	/* don't fragment */
	ip[8] = 64;
	ip[9] = 1;		/* ICMP */
	put32(ip + 12, sip);
	put32(ip + 16, dip);
	put16(ip + 10, csum(ip, 20));
	ic[0] = (uint8_t)type;
	ic[1] = 0;
	put16(ic + 2, 0);
	put16(ic + 4, id);
	put16(ic + 6, seq);
	memmove(ic + 8, data, len);
	put16(ic + 2, csum(ic, 8 + len));
	if (14 + tot < 60) {
		memset(b + 14 + tot, 0, 60 - 14 - tot);
		return 60;
	}
	return 14 + tot;
}

/* a received frame's IPv4 packet, checked: ICMP payload start and length,
 * or NULL (not IPv4/ICMP, or a bad length or checksum: *bad set) */
static const uint8_t *icmp_of(const struct dp_rx *r, size_t *icmp_len, int *bad)
{
	const uint8_t *ip = r->data + 14;
	size_t ihl, tot;

	*bad = 0;
	if (r->len < 14 + 20 || be16(r->data + 12) != ETH_IP || (ip[0] >> 4) != 4)
		return NULL;
	ihl = (size_t)(ip[0] & 15) * 4;
	tot = be16(ip + 2);
	if (ihl < 20 || tot < ihl + 8 || 14 + tot > r->len || csum(ip, ihl) != 0 ||
	    ip[9] != 1 || (be16(ip + 6) & 0x3fff)) {
		*bad = ip[9] == 1;
		return NULL;
	}
	if (csum(ip + ihl, tot - ihl) != 0) {
		*bad = 1;
		return NULL;
	}
	*icmp_len = tot - ihl;
	return ip + ihl;
}

static int send_wait(struct peer_if *p, const uint8_t *frame, size_t len)
{
	u32 errs[16] = { 0 };

	CHECK(dp_send(p->f, frame, len, 1 + (unsigned)(hx_rand(&p->f->x->rng) % 3)));
	CHECK(dp_tx_wait(p->f, errs));
	CHECK_EQ(errs[VFNIC_TXERR_OK], 1);
	return 1;
}

/*
 * The host's part of a received frame: answers ARP requests for our address
 * and echo requests to it (1), or leaves the frame to the caller (0).
 */
static int answer(struct peer_if *p, const struct dp_rx *r)
{
	static uint8_t out[PEER_MAX_FRAME];
	const uint8_t *a = r->data + 14, *ic, *ip = r->data + 14;
	size_t il;
	int bad;

	if (r->len >= 42 && be16(r->data + 12) == ETH_ARP && be16(a + 6) == 1 &&
	    be32(a + 24) == p->ip) {
		mk_arp(out, a + 8, 2, p->f->mac, p->ip, a + 8, be32(a + 14));
		p->arp_answered++;
		return send_wait(p, out, 60) ? 1 : -1;
	}
	ic = icmp_of(r, &il, &bad);
	if (ic && ic[0] == 8 && be32(ip + 16) == p->ip &&
	    !memcmp(r->data, p->f->mac, 6)) {
		size_t len = mk_echo(out, r->data + 6, p->f->mac, p->ip, be32(ip + 12),
				     0, be16(ic + 4), be16(ic + 6), ic + 8, il - 8);

		p->echo_answered++;
		return send_wait(p, out, len) ? 1 : -1;
	}
	return 0;
}

/* receive until want(r) holds (1), or 0 after ms; answers the peer meanwhile */
static int peer_wait(struct peer_if *p, struct dp_rx *r, int ms,
		     int (*want)(struct peer_if *, const struct dp_rx *, void *),
		     void *arg)
{
	long long deadline = hx_now_ns() + (long long)ms * 1000000;

	for (;;) {
		long long left = (deadline - hx_now_ns()) / 1000000;
		int a;

		if (left <= 0 || !dp_recv(p->f, r, (int)left))
			return 0;
		if (want && want(p, r, arg))
			return 1;
		a = answer(p, r);
		if (a < 0)
			return 0;
		if (!a)
			p->other++;
	}
}

static int is_arp_reply(struct peer_if *p, const struct dp_rx *r, void *arg)
{
	const uint8_t *a = r->data + 14;

	(void)arg;
	return r->len >= 42 && be16(r->data + 12) == ETH_ARP && be16(a + 6) == 2 &&
	       be32(a + 14) == p->peer_ip && be32(a + 24) == p->ip;
}

/* ARP for the peer (up to 3 requests): learns its MAC */
static int resolve(struct peer_if *p)
{
	static struct dp_rx r;
	uint8_t req[60];
	const uint8_t *a = r.data + 14;
	int i;

	for (i = 0; i < 3; i++) {
		mk_arp(req, hx_bcast, 1, p->f->mac, p->ip, NULL, p->peer_ip);
		CHECK(send_wait(p, req, 60));
		if (peer_wait(p, &r, PEER_WAIT_MS / 3, is_arp_reply, NULL))
			break;
	}
	if (i == 3) {
		hx_diag("no ARP reply from %u.%u.%u.%u (%u other frames)",
			p->peer_ip >> 24, (p->peer_ip >> 16) & 255,
			(p->peer_ip >> 8) & 255, p->peer_ip & 255, p->other);
		return 0;
	}
	/* a unicast reply to us from the address it names */
	CHECK(memcmp(r.data, p->f->mac, 6) == 0);
	CHECK(memcmp(r.data + 6, a + 8, 6) == 0);
	CHECK(memcmp(a + 18, p->f->mac, 6) == 0);
	CHECK(!(a[8] & 1));
	memcpy(p->peer_mac, a + 8, 6);
	p->have_mac = 1;
	hx_diag("peer %u.%u.%u.%u is %02x:%02x:%02x:%02x:%02x:%02x (after %d request(s))",
		p->peer_ip >> 24, (p->peer_ip >> 16) & 255, (p->peer_ip >> 8) & 255,
		p->peer_ip & 255, a[8], a[9], a[10], a[11], a[12], a[13], i + 1);
	return 1;
}

struct echo_want {
	uint16_t id, seq;
	const uint8_t *data;
	size_t len;
	int mismatch;
};

static int is_echo_reply(struct peer_if *p, const struct dp_rx *r, void *arg)
{
	struct echo_want *w = arg;
	const uint8_t *ic, *ip = r->data + 14;
	size_t il;
	int bad;

	ic = icmp_of(r, &il, &bad);
	if (bad) {
		hx_diag("a %zu-byte ICMP frame with a bad length or checksum", r->len);
		w->mismatch = 1;
		return 1;
	}
	if (!ic || ic[0] != 0 || be16(ic + 4) != w->id || be16(ic + 6) != w->seq)
		return 0;
	if (be32(ip + 12) != p->peer_ip || be32(ip + 16) != p->ip ||
	    memcmp(r->data, p->f->mac, 6) || memcmp(r->data + 6, p->peer_mac, 6) ||
	    il != 8 + w->len || memcmp(ic + 8, w->data, w->len)) {
		hx_diag("echo reply %u: addresses or %zu data bytes differ from the request's %zu",
			w->seq, il - 8, w->len);
		w->mismatch = 1;
	}
	return 1;
}

/* n echo requests of each data size; every reply byte-exact */
static int ping(struct peer_if *p, const size_t *sizes, unsigned nsizes, unsigned n)
{
	static uint8_t frame[PEER_MAX_FRAME], data[PEER_MAX_FRAME];
	static struct dp_rx r;
	uint16_t id = (uint16_t)hx_rand(&p->f->x->rng);
	unsigned s, i, seq = 0;

	for (s = 0; s < nsizes; s++) {
		for (i = 0; i < n; i++) {
			struct echo_want w = { id, (uint16_t)++seq, data, sizes[s], 0 };
			size_t k, len;

			for (k = 0; k < sizes[s]; k++)
				data[k] = (uint8_t)hx_rand(&p->f->x->rng);
			len = mk_echo(frame, p->peer_mac, p->f->mac, p->ip, p->peer_ip, 8,
				      id, w.seq, data, sizes[s]);
			CHECK(send_wait(p, frame, len));
			if (!peer_wait(p, &r, PEER_WAIT_MS, is_echo_reply, &w)) {
				hx_diag("no echo reply to %zu-byte frame %u (%u other frames)",
					len, w.seq, p->other);
				return 0;
			}
			CHECK(!w.mismatch);
		}
	}
	return 1;
}

/* our host `host` of the peer's /24, on function f's rings */
static void peer_init(struct peer_if *p, struct dp_fn *f, unsigned host)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->ip = (g_peer_ip & 0xffffff00u) | host;
	p->peer_ip = g_peer_ip;
}

/* the PF up with its MAC, an exact entry, broadcast accepted, jumbo frames */
static int pf_up(struct hx_ctx *x, struct dp_fn *pf, struct peer_if *p)
{
	CHECK(g_peer_ip != 0);
	CHECK(hx_enumerate(x));
	CHECK(dp_fn_up(x, pf, &x->main, 0, 0, 0));
	vfnic_pf_set_mac(&pf->hw, 0, pf->mac);
	vfnic_pf_cls_set(&pf->hw, 0, pf->mac, 0, true, 0);
	vfnic_pf_set_pool(&pf->hw, 0, VFNIC_FUNC_POOL_BCAST_MASK |
			  VFNIC_FUNC_POOL_UNTAGGED_MASK);
	vfnic_pf_set_max_frame(&pf->hw, 0, PEER_MAX_FRAME);
	peer_init(p, pf, 201);
	return 1;
}

static int t_peer_arp(struct hx_ctx *x)
{
	struct dp_fn pf;
	struct peer_if p;
	uint64_t tx0, rx0;

	CHECK(pf_up(x, &pf, &p));
	tx0 = vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_TX_FRAMES));
	rx0 = vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_FRAMES));
	CHECK(resolve(&p));
	CHECK(vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_TX_FRAMES)) > tx0);
	CHECK(vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_FRAMES)) > rx0);
	return 1;
}

static int t_peer_ping(struct hx_ctx *x)
{
	static const size_t sizes[] = { 18, 56, 1000, 1472, 4000, 8972 };
	struct dp_fn pf;
	struct peer_if p;

	CHECK(pf_up(x, &pf, &p));
	CHECK(resolve(&p));
	/* 60-byte to 9014-byte frames (the peer's MTU is 9000) */
	CHECK(ping(&p, sizes, sizeof(sizes) / sizeof(sizes[0]), 4));
	return 1;
}

/* a VF's traffic: its replies are classified to its pool, not the PF's */
static int t_peer_vf(struct hx_ctx *x)
{
	static const size_t sizes[] = { 56, 1472 };
	static struct dp_rx r;
	struct hx_sriov s;
	struct dp_fn pf, vf;
	struct peer_if pp, vp;
	unsigned f1;
	uint64_t vrx0;

	CHECK(pf_up(x, &pf, &pp));
	CHECK(hx_sriov_setup(x, &s, 1));
	f1 = hx_sriov_vf_func(&s, 0);
	CHECK(hx_vf_connect(x, &x->aux[0], f1, "peer-vf0"));
	CHECK(dp_fn_up(x, &vf, &x->aux[0], 1, 1, f1));
	/* the administrator's MAC, spoof checking on: a well-behaved VF */
	vfnic_pf_set_mac(&pf.hw, f1, vf.mac);
	vfnic_pf_cls_set(&pf.hw, 1, vf.mac, 0, true, f1);
	vfnic_pf_set_pool(&pf.hw, f1, VFNIC_FUNC_POOL_BCAST_MASK |
			  VFNIC_FUNC_POOL_UNTAGGED_MASK);
	vfnic_pf_set_flags(&pf.hw, f1, VFNIC_REG_FUNC_FLAGS_RESET |
			   VFNIC_FUNC_FLAGS_SPOOFCHK_MAC_MASK);
	vfnic_pf_set_max_frame(&pf.hw, f1, PEER_MAX_FRAME);
	peer_init(&vp, &vf, 202);
	vrx0 = vfnic_read_counter(&vf.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_RX_PKTS));

	CHECK(resolve(&vp));
	CHECK(ping(&vp, sizes, 2, 3));
	CHECK(vfnic_read_counter(&vf.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_RX_PKTS)) >= vrx0 + 7);
	/* nothing addressed to the VF reached the PF's ring */
	while (dp_recv(&pf, &r, 300)) {
		if (!memcmp(r.data, vf.mac, 6)) {
			hx_diag("the PF received a frame for the VF's MAC");
			return 0;
		}
		if (answer(&pp, &r) < 0)
			return 0;
	}
	return hx_sriov_disable(x, &s);
}

/* the peer pings the PF (run-peer.sh starts its ping): we answer */
static int t_peer_answer(struct hx_ctx *x)
{
	static struct dp_rx r;
	struct dp_fn pf;
	struct peer_if p;
	long long deadline;

	CHECK(pf_up(x, &pf, &p));
	deadline = hx_now_ns() + 4LL * PEER_WAIT_MS * 1000000;
	while (p.echo_answered < 3 && hx_now_ns() < deadline)
		peer_wait(&p, &r, 500, NULL, NULL);
	hx_diag("answered %u ARP and %u echo requests of the peer", p.arp_answered,
		p.echo_answered);
	CHECK(p.echo_answered >= 3);
	return 1;
}

const struct hx_test hx_peer_tests[] = {
	{ "peer-arp", "interop: the PF's ARP request answered by the peer's Linux stack",
	  t_peer_arp, 0 },
	{ "peer-ping", "interop: PF ICMP echo 60 to 9014-byte frames, replies byte-exact",
	  t_peer_ping, 0 },
	{ "peer-vf", "interop: a VF's ARP and echo, replies classified to the VF only",
	  t_peer_vf, 0 },
	{ "peer-answer", "interop: the peer pings the PF, the harness answers",
	  t_peer_answer, 0 },
	{ NULL, NULL, NULL, 0 },
};

int hx_peer_parse_ip(const char *s, uint32_t *ip)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*ip = ntohl(a.s_addr);
	return (*ip & 255) == 201 || (*ip & 255) == 202 ? -1 : 0;
}
