/* SPDX-License-Identifier: MIT */
/*
 * Datapath tests (docs/datapath.md): rings, descriptors and administration
 * driven through the OS-independent driver/hw layer over the transport,
 * with the harness as host memory and as the link partner on the model's
 * wire (hx_wire.c). PF and VF clients each run their own rings.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "hx.h"
#include "hx_dp.h"
#include "vfnic_mbx.h"

const uint8_t hx_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static u32 dp_rd(struct vfnic_hw *hw, u32 reg)
{
	struct dp_fn *f = hw->back;
	uint64_t v;

	if (!f->vf)
		return hx_reg(f->h, reg);
	if (hx_vf_rd(f->h, 0, reg, 4, &v) != 0) {
		hx_reg_failures++;
		return 0xdeadbeef;
	}
	return (u32)v;
}

static void dp_wr(struct vfnic_hw *hw, u32 reg, u32 val)
{
	struct dp_fn *f = hw->back;

	if (!f->vf)
		hx_reg_wr(f->h, reg, val);
	else if (hx_vf_wr(f->h, 0, reg, 4, val) != 0)
		hx_reg_failures++;
}

static const struct vfnic_hw_ops dp_ops = { .read32 = dp_rd, .write32 = dp_wr };

/* every client answers the device's reads and takes its writes */
void dp_pump(struct hx_ctx *x)
{
	hx_drain(&x->main);
	if (x->aux[0].connected)
		hx_drain(&x->aux[0]);
	if (x->aux[1].connected)
		hx_drain(&x->aux[1]);
}

/* a frame the NIC sent to the wire, serving the device's DMA meanwhile:
 * its length, or 0 after wait_ms */
static ssize_t dp_wire_recv(struct hx_ctx *x, uint8_t *buf, size_t cap, int wait_ms)
{
	long long deadline = hx_now_ns() + (long long)wait_ms * 1000000;
	ssize_t n;

	do {
		dp_pump(x);
		n = hx_wire_recv(x, buf, cap, 1);
		if (n)
			return n;
	} while (hx_now_ns() < deadline);
	return 0;
}

void mac_of(uint8_t *mac, unsigned f)
{
	static const uint8_t base[6] = { 0x02, 0x56, 0x46, 0x4e, 0x00, 0x00 };

	memcpy(mac, base, 6);
	mac[5] = (uint8_t)f;
}

/*
 * Hand the posted RX buffers to the device and wait until it has fetched
 * descriptors (its first read of the ring was answered), so that a frame
 * sent right after finds them, as it would on a real link some time later.
 */
static int dp_rx_primed(struct dp_fn *f)
{
	long long deadline = hx_now_ns() + (long long)DP_WAIT_MS * 1000000;

	hx_clear_log(f->h);
	vfnic_ring_kick(&f->rx);
	(void)vfnic_ring_head(&f->rx);	/* the TAIL write has reached the device */
	while (f->h->nmrd == 0 && hx_now_ns() < deadline)
		hx_pump(f->h, 1);
	CHECK(f->h->nmrd > 0);
	dp_pump(f->x);
	return 1;
}

int dp_fn_up(struct hx_ctx *x, struct dp_fn *f, struct hx_host *h,
		    int vf, unsigned slot, unsigned func)
{
	unsigned i;

	memset(f, 0, sizeof(*f));
	if (!vf) {
		/* a PF software reset: every datapath setting back to reset */
		hx_reg_wr(h, VFNIC_REG_CTRL, VFNIC_CTRL_RESET_MASK);
		CHECK_EQ(hx_reg(h, VFNIC_REG_FUNC_QP(0)),
			 VFNIC_QP_PER_FUNC << VFNIC_FUNC_QP_COUNT_SHIFT);
	}
	if (vf)
		CHECK(hx_vf_cfg_setup(h, 0));	/* Bus Master Enable */
	f->x = x;
	f->h = h;
	f->vf = vf;
	f->slot = slot;
	mac_of(f->mac, func);
	f->hw.ops = &dp_ops;
	f->hw.back = f;
	CHECK_EQ(vfnic_ring_init(&f->tx, &f->hw, false, 0, &hx_mem[DP_TXRING(slot)],
				 HX_MEM_BASE + DP_TXRING(slot), DP_RING_LOG2, 0), 0);
	CHECK_EQ(vfnic_ring_init(&f->rx, &f->hw, true, 0, &hx_mem[DP_RXRING(slot)],
				 HX_MEM_BASE + DP_RXRING(slot), DP_RING_LOG2,
				 DP_RX_BUF), 0);
	memset(&hx_mem[DP_TXRING(slot)], 0, 0x1000);
	memset(&hx_mem[DP_RXRING(slot)], 0, 0x1000);
	CHECK_EQ(vfnic_ring_enable(&f->tx, false, 0), 0);
	CHECK_EQ(vfnic_ring_enable(&f->rx, false, 0), 0);
	for (i = 0; vfnic_ring_unused(&f->rx); i++)
		CHECK_EQ(vfnic_rx_add(&f->rx, HX_MEM_BASE + DP_RXBUF(slot) +
				      (uint64_t)i * DP_RX_BUF), 0);
	CHECK(dp_rx_primed(f));
	return 1;
}

/* a frame: dst, src, optional 802.1Q tag (vid < 0: none), random payload */
static size_t mkframe(struct hx_ctx *x, uint8_t *b, size_t len,
		      const uint8_t *dst, const uint8_t *src, int vid)
{
	size_t i, h = 12;

	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	if (vid >= 0) {
		b[12] = 0x81;
		b[13] = 0x00;
		b[14] = (uint8_t)(vid >> 8);
		b[15] = (uint8_t)vid;
		h = 16;
	}
	b[h] = 0x88;		/* local experimental EtherType */
	b[h + 1] = 0xb5;
	for (i = h + 2; i < len; i++)
		b[i] = (uint8_t)hx_rand(&x->rng);
	return len;
}

/* queue one frame in up to nbuf buffers of random alignment; kick */
int dp_send(struct dp_fn *f, const uint8_t *frame, size_t len,
		   unsigned nbuf)
{
	size_t done = 0;
	unsigned i;

	if (!nbuf)
		nbuf = 1;
	for (i = 0; i < nbuf; i++) {
		size_t piece = i + 1 == nbuf ? len - done : len / nbuf;
		uint32_t off = f->tx_off + (uint32_t)(hx_rand(&f->x->rng) & 7);

		if (off + piece > DP_TXBUF_SIZE)
			off = (uint32_t)(hx_rand(&f->x->rng) & 7);
		memcpy(&hx_mem[DP_TXBUF(f->slot) + off], frame + done, piece);
		CHECK_EQ(vfnic_tx_add(&f->tx, HX_MEM_BASE + DP_TXBUF(f->slot) + off,
				      (u32)piece, i + 1 == nbuf, i + 1 == nbuf), 0);
		f->tx_off = (off + (uint32_t)piece + 63) & ~63u;
		done += piece;
	}
	vfnic_ring_kick(&f->tx);
	return 1;
}

/* the next received frame: 1, 0 after the wait; buffers are posted again */
int dp_recv(struct dp_fn *f, struct dp_rx *r, int wait_ms)
{
	long long deadline = hx_now_ns() + (long long)wait_ms * 1000000;
	struct vfnic_rx_wb wb;

	r->len = 0;
	for (;;) {
		dp_pump(f->x);
		if (vfnic_rx_next(&f->rx, &wb)) {
			const uint8_t *b = &hx_mem[DP_RXBUF(f->slot) +
						   (size_t)wb.idx * DP_RX_BUF];

			if (r->len + wb.len <= sizeof(r->data))
				memcpy(r->data + r->len, b, wb.len);
			r->len += wb.len;
			/* descriptor i always gets buffer i */
			vfnic_rx_add(&f->rx, HX_MEM_BASE + DP_RXBUF(f->slot) +
				     (uint64_t)f->rx.next_to_use * DP_RX_BUF);
			vfnic_ring_kick(&f->rx);
			if (wb.eop) {
				r->how = wb.how;
				r->tagged = wb.tagged;
				r->tci = wb.tci;
				return 1;
			}
			continue;
		}
		if (hx_now_ns() > deadline)
			return 0;
		/* the device's writes arrive as messages: wait for one */
		hx_pump(f->h, 1);
	}
}

/* wait until the TX ring has completed everything queued */
int dp_tx_wait(struct dp_fn *f, u32 *errs)
{
	long long deadline = hx_now_ns() + (long long)DP_WAIT_MS * 1000000;

	for (;;) {
		dp_pump(f->x);
		vfnic_tx_reclaim(&f->tx, errs);
		if (f->tx.next_to_clean == f->tx.next_to_use)
			return 1;
		if (hx_now_ns() > deadline) {
			hx_diag("TX ring: HEAD %u, %u queued",
				vfnic_ring_head(&f->tx), f->tx.next_to_use);
			return 0;
		}
	}
}

static int same_frame(const uint8_t *want, size_t len, const struct dp_rx *r)
{
	size_t wlen = len < 60 ? 60 : len;	/* the wire pads */

	if (r->len != wlen) {
		hx_diag("received %zu bytes, sent %zu", r->len, len);
		return 0;
	}
	if (memcmp(want, r->data, len)) {
		size_t i = 0;

		while (want[i] == r->data[i])
			i++;
		hx_diag("received %zu-byte frame differs from the one sent at byte %zu "
			"(%02x, sent %02x)", len, i, r->data[i], want[i]);
		return 0;
	}
	return 1;
}

/*
 * A drop is seen in its counter, not in the absence of a frame after some
 * wall time (the model may be slow): wait until the counter reaches want.
 */
static int dp_counter_wait(struct dp_fn *f, u32 reg, uint64_t want)
{
	long long deadline = hx_now_ns() + (long long)DP_WAIT_MS * 1000000;
	uint64_t v;

	for (;;) {
		dp_pump(f->x);
		v = vfnic_read_counter(&f->hw, reg);
		if (v == want)
			return 1;
		if (v > want || hx_now_ns() > deadline) {
			hx_diag("counter %#x = %llu, expected %llu", reg,
				(unsigned long long)v, (unsigned long long)want);
			return 0;
		}
	}
}

/* ---- tests ---- */

static int t_dp_regs(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t caps, bad0, rej0;
	unsigned nqp;

	CHECK(hx_enumerate(x));
	/* from reset values: earlier tests (bad-fuzz) write random BAR0 offsets */
	hx_reg_wr(h, VFNIC_REG_CTRL, VFNIC_CTRL_RESET_MASK);
	caps = hx_reg(h, VFNIC_REG_CAPS);
	nqp = VFNIC_QP_PER_FUNC * (((caps & VFNIC_CAPS_TOTAL_VFS_MASK) >>
				    VFNIC_CAPS_TOTAL_VFS_SHIFT) + 1);
	CHECK_EQ(hx_reg(h, VFNIC_REG_QUEUES), VFNIC_QP_PER_FUNC);
	CHECK_EQ(hx_reg(h, VFNIC_REG_MAX_FRAME), VFNIC_DEFAULT_MAX_FRAME);
	CHECK_EQ(hx_reg(h, VFNIC_REG_DP_CAPS) & VFNIC_DP_CAPS_NUM_QP_MASK, nqp);
	CHECK_EQ(hx_reg(h, VFNIC_REG_CLOCK_KHZ), VFNIC_CLOCK_KHZ);
	CHECK_EQ(hx_reg(h, VFNIC_REG_PORT_STATUS), 1);	/* the wire is up */
	CHECK_EQ(hx_reg(h, VFNIC_REG_LINK), 1);
	CHECK_EQ(hx_reg(h, VFNIC_REG_QP_OWNER_FUNC(0)), 0);
	CHECK_EQ(hx_reg(h, VFNIC_REG_QP_OWNER_FUNC(VFNIC_QP_PER_FUNC)), 1);
	CHECK_EQ(hx_reg(h, VFNIC_REG_FUNC_QP(1)),
		 VFNIC_QP_PER_FUNC | (VFNIC_QP_PER_FUNC << VFNIC_FUNC_QP_COUNT_SHIFT));

	/* MAX_FRAME is clamped to what the device carries */
	hx_reg_wr(h, VFNIC_REG_FUNC_MAX_FRAME(0), 20000);
	CHECK_EQ(hx_reg(h, VFNIC_REG_MAX_FRAME), VFNIC_FRAME_MAX_BYTES);
	hx_reg_wr(h, VFNIC_REG_FUNC_MAX_FRAME(0), 10);
	CHECK_EQ(hx_reg(h, VFNIC_REG_MAX_FRAME), VFNIC_FRAME_MIN_BYTES);
	hx_reg_wr(h, VFNIC_REG_FUNC_MAX_FRAME(0), VFNIC_DEFAULT_MAX_FRAME);

	/* a ring: bad size refused; BASE ignored while enabled; bad TAIL stops it */
	hx_reg_wr(h, VFNIC_REG_TXQ_SIZE(0), 2);
	hx_reg_wr(h, VFNIC_REG_TXQ_CTRL(0), VFNIC_TXQ_CTRL_EN_MASK);
	CHECK_EQ(hx_reg(h, VFNIC_REG_TXQ_STATUS(0)),
		 VFNIC_QERR_BAD_CONFIG << VFNIC_TXQ_STATUS_ERROR_SHIFT);
	hx_reg_wr(h, VFNIC_REG_TXQ_SIZE(0), 4);
	hx_reg_wr(h, VFNIC_REG_TXQ_BASE_LO(0), 0x1000);
	hx_reg_wr(h, VFNIC_REG_TXQ_CTRL(0), VFNIC_TXQ_CTRL_EN_MASK);
	CHECK_EQ(hx_reg(h, VFNIC_REG_TXQ_STATUS(0)), VFNIC_TXQ_STATUS_ENABLED_MASK);
	hx_reg_wr(h, VFNIC_REG_TXQ_BASE_LO(0), 0x2000);
	CHECK_EQ(hx_reg(h, VFNIC_REG_TXQ_BASE_LO(0)), 0x1000);
	/* the owner of an enabled pair cannot change */
	rej0 = hx_reg(h, VFNIC_REG_CONFIG_REJECTS);
	hx_reg_wr(h, VFNIC_REG_QP_OWNER_FUNC(0), 1);
	CHECK_EQ(hx_reg(h, VFNIC_REG_QP_OWNER_FUNC(0)), 0);
	CHECK_EQ(hx_reg(h, VFNIC_REG_CONFIG_REJECTS), rej0 + 1);
	hx_reg_wr(h, VFNIC_REG_TXQ_TAIL(0), 16);
	CHECK_EQ(hx_reg(h, VFNIC_REG_TXQ_STATUS(0)),
		 VFNIC_QERR_BAD_TAIL << VFNIC_TXQ_STATUS_ERROR_SHIFT);
	CHECK_EQ(hx_reg(h, VFNIC_REG_TXQ_HEAD(0)), 0);

	/* a ring outside the function's window is a hole */
	bad0 = hx_reg(h, VFNIC_REG_BAD_ACCESS_COUNT);
	CHECK_EQ(hx_reg(h, VFNIC_REG_TXQ_STATUS(VFNIC_QP_PER_FUNC)), 0);
	CHECK_EQ(hx_reg(h, VFNIC_REG_BAD_ACCESS_COUNT), bad0 + 1);
	return 1;
}

/* PF frames out to the wire and back in from it, through the classifier */
static int t_dp_pf_wire(struct hx_ctx *x)
{
	static uint8_t frame[9100];
	static struct dp_rx r;
	static uint8_t got[65536];
	struct dp_fn f;
	uint8_t peer[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	u32 errs[16] = { 0 };
	uint64_t bytes = 0, pkts0, rx0, c[4];
	unsigned i, n = 24;

	CHECK(hx_enumerate(x));
	CHECK(dp_fn_up(x, &f, &x->main, 0, 0, 0));
	vfnic_pf_set_mac(&f.hw, 0, f.mac);
	vfnic_pf_cls_set(&f.hw, 0, f.mac, 0, true, 0);
	hx_wire_drain(x);
	pkts0 = vfnic_read_counter(&f.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_TX_FRAMES));
	/* counters survive function resets: compare differences */
	c[0] = vfnic_read_counter(&f.hw, VFNIC_REG_TXQ_PKTS_LO(0));
	c[1] = vfnic_read_counter(&f.hw, VFNIC_REG_TXQ_BYTES_LO(0));
	c[2] = vfnic_read_counter(&f.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_TX_PKTS));
	c[3] = vfnic_read_counter(&f.hw, VFNIC_REG_RXQ_PKTS_LO(0));
	rx0 = vfnic_read_counter(&f.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_FRAMES));

	/* TX: what the wire sees is exactly what was queued */
	for (i = 0; i < n; i++) {
		size_t len = 60 + hx_rand(&x->rng) % (1514 - 60 + 1);
		ssize_t got_len;

		if (i == 0)
			len = 60;
		if (i == 1)
			len = 1514;
		mkframe(x, frame, len, peer, f.mac, -1);
		CHECK(dp_send(&f, frame, len, 1 + (unsigned)(hx_rand(&x->rng) % 4)));
		CHECK(dp_tx_wait(&f, errs));
		got_len = dp_wire_recv(x, got, sizeof(got), DP_WAIT_MS);
		CHECK_EQ((size_t)got_len, len);
		CHECK(memcmp(got, frame, len) == 0);
		bytes += len;
	}
	CHECK_EQ(errs[VFNIC_TXERR_OK], n);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_TXQ_PKTS_LO(0)), c[0] + n);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_TXQ_BYTES_LO(0)), c[1] + bytes);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_TX_PKTS)), c[2] + n);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_TX_FRAMES)),
		 pkts0 + n);

	/* RX: frames to the PF's MAC arrive whole, one buffer or several */
	for (i = 0; i < n; i++) {
		size_t len = 60 + hx_rand(&x->rng) % (4000 - 60 + 1);

		hx_reg_wr(&x->main, VFNIC_REG_FUNC_MAX_FRAME(0), 4000);
		mkframe(x, frame, len, f.mac, peer, -1);
		CHECK_EQ(hx_wire_send(x, frame, len), 0);
		CHECK(dp_recv(&f, &r, DP_WAIT_MS));
		CHECK(same_frame(frame, len, &r));
		CHECK_EQ(r.how, VFNIC_CLS_HOW_EXACT);
	}
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_RXQ_PKTS_LO(0)), c[3] + n);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_FRAMES)),
		 rx0 + n);
	return 1;
}

/* wire frames: broadcast by flag, unknown unicast missed or to the default
 * pool, VLAN-tagged frames with their tag in the write-back, oversize */
static int t_dp_classify(struct hx_ctx *x)
{
	static uint8_t frame[9200];
	static struct dp_rx r;
	struct dp_fn f;
	uint8_t stranger[6] = { 0x02, 0x99, 0x99, 0x99, 0x99, 0x99 };
	uint64_t miss0, over0;

	CHECK(hx_enumerate(x));
	CHECK(dp_fn_up(x, &f, &x->main, 0, 0, 0));
	vfnic_pf_set_mac(&f.hw, 0, f.mac);
	vfnic_pf_cls_set(&f.hw, 0, f.mac, 0, true, 0);
	vfnic_pf_set_default_pool(&f.hw, 0, false);

	/* broadcast: only with BCAST */
	vfnic_pf_set_pool(&f.hw, 0, 0);
	miss0 = vfnic_read_counter(&f.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_MISS));
	mkframe(x, frame, 100, hx_bcast, stranger, -1);
	CHECK_EQ(hx_wire_send(x, frame, 100), 0);
	CHECK(dp_counter_wait(&f, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_MISS), miss0 + 1));
	CHECK(!dp_recv(&f, &r, 100));
	vfnic_pf_set_pool(&f.hw, 0, VFNIC_FUNC_POOL_BCAST_MASK |
			  VFNIC_FUNC_POOL_UNTAGGED_MASK);
	CHECK_EQ(hx_wire_send(x, frame, 100), 0);
	CHECK(dp_recv(&f, &r, DP_WAIT_MS));
	CHECK(same_frame(frame, 100, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_BCAST);

	/* unknown unicast: missed, then taken by the default pool */
	mkframe(x, frame, 80, stranger, stranger, -1);
	CHECK_EQ(hx_wire_send(x, frame, 80), 0);
	CHECK(dp_counter_wait(&f, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_MISS), miss0 + 2));
	CHECK(!dp_recv(&f, &r, 100));
	vfnic_pf_set_default_pool(&f.hw, 0, true);
	CHECK_EQ(hx_wire_send(x, frame, 80), 0);
	CHECK(dp_recv(&f, &r, DP_WAIT_MS));
	CHECK(same_frame(frame, 80, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_OTHER);
	vfnic_pf_set_default_pool(&f.hw, 0, false);

	/* tagged: the entry matches any VLAN; the tag is reported */
	mkframe(x, frame, 200, f.mac, stranger, 0x2123);
	CHECK_EQ(hx_wire_send(x, frame, 200), 0);
	CHECK(dp_recv(&f, &r, DP_WAIT_MS));
	CHECK(same_frame(frame, 200, &r));
	CHECK(r.tagged);
	CHECK_EQ(r.tci, 0x2123);

	/* longer than the device carries: dropped and counted at the port */
	over0 = vfnic_read_counter(&f.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_OVERSIZE));
	mkframe(x, frame, VFNIC_FRAME_MAX_BYTES + 1, f.mac, stranger, -1);
	CHECK_EQ(hx_wire_send(x, frame, VFNIC_FRAME_MAX_BYTES + 1), 0);
	CHECK(dp_counter_wait(&f, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_RX_OVERSIZE), over0 + 1));
	CHECK(!dp_recv(&f, &r, 100));
	/* above the function's MAX_FRAME: dropped for it, counted */
	over0 = vfnic_read_counter(&f.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_OVERSIZE));
	mkframe(x, frame, 3000, f.mac, stranger, -1);
	CHECK_EQ(hx_wire_send(x, frame, 3000), 0);
	CHECK(dp_counter_wait(&f, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_OVERSIZE), over0 + 1));
	CHECK(!dp_recv(&f, &r, 100));
	return 1;
}

/* bad TX descriptors and frames: dropped with their reason, ring goes on */
static int t_dp_tx_bad(struct hx_ctx *x)
{
	static uint8_t frame[2000];
	static uint8_t got[65536];
	struct dp_fn f;
	u32 errs[16] = { 0 };
	uint8_t peer[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	uint32_t mdd[3];
	uint64_t spoof0, drops0;

	CHECK(hx_enumerate(x));
	CHECK(dp_fn_up(x, &f, &x->main, 0, 0, 0));
	vfnic_pf_set_mac(&f.hw, 0, f.mac);
	vfnic_pf_mdd_take(&f.hw, mdd);
	hx_wire_drain(x);
	spoof0 = vfnic_read_counter(&f.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_SPOOF));
	drops0 = vfnic_read_counter(&f.hw, VFNIC_REG_TXQ_DROPS_LO(0));

	/* LEN 0 */
	CHECK_EQ(vfnic_tx_add(&f.tx, HX_MEM_BASE + DP_TXBUF(0), 0, true, true), 0);
	vfnic_ring_kick(&f.tx);
	CHECK(dp_tx_wait(&f, errs));
	CHECK_EQ(errs[VFNIC_TXERR_BAD_DESC], 1);
	/* longer than MAX_FRAME */
	mkframe(x, frame, 1600, peer, f.mac, -1);
	CHECK(dp_send(&f, frame, 1600, 2));
	CHECK(dp_tx_wait(&f, errs));
	CHECK_EQ(errs[VFNIC_TXERR_OVERSIZE], 1);
	/* spoofed source MAC with the check on */
	vfnic_pf_set_flags(&f.hw, 0, vfnic_pf_flags(&f.hw, 0) |
			   VFNIC_FUNC_FLAGS_SPOOFCHK_MAC_MASK);
	mkframe(x, frame, 100, peer, peer, -1);
	CHECK(dp_send(&f, frame, 100, 1));
	CHECK(dp_tx_wait(&f, errs));
	CHECK_EQ(errs[VFNIC_TXERR_SPOOF], 1);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_SPOOF)),
		 spoof0 + 1);
	vfnic_pf_mdd_take(&f.hw, mdd);
	CHECK_EQ(mdd[0] & 1, 1);
	/* nothing of that reached the wire; a good frame still does */
	CHECK_EQ(dp_wire_recv(x, got, sizeof(got), 100), 0);
	mkframe(x, frame, 100, peer, f.mac, -1);
	CHECK(dp_send(&f, frame, 100, 1));
	CHECK(dp_tx_wait(&f, errs));
	CHECK_EQ(errs[VFNIC_TXERR_OK], 1);
	CHECK_EQ(dp_wire_recv(x, got, sizeof(got), DP_WAIT_MS), 100);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_TXQ_DROPS_LO(0)), drops0 + 3);
	vfnic_pf_set_flags(&f.hw, 0, VFNIC_REG_FUNC_FLAGS_RESET);

	/* a ring outside every DMA window: the descriptor read fails, the ring
	 * stops with QERR DMA and the PF sees an MDD event */
	vfnic_ring_disable(&f.tx);
	hx_reg_wr(&x->main, VFNIC_REG_TXQ_BASE_LO(0), 0);
	hx_reg_wr(&x->main, VFNIC_REG_TXQ_BASE_HI(0), 0x7);
	hx_reg_wr(&x->main, VFNIC_REG_TXQ_CTRL(0), VFNIC_TXQ_CTRL_EN_MASK);
	hx_reg_wr(&x->main, VFNIC_REG_TXQ_TAIL(0), 1);
	{
		long long dl = hx_now_ns() + 2000000000LL;
		uint32_t st = 0;

		while (hx_now_ns() < dl) {
			dp_pump(x);
			st = hx_reg(&x->main, VFNIC_REG_TXQ_STATUS(0));
			if (!(st & VFNIC_TXQ_STATUS_ENABLED_MASK))
				break;
		}
		CHECK_EQ(st, VFNIC_QERR_DMA << VFNIC_TXQ_STATUS_ERROR_SHIFT);
	}
	vfnic_pf_mdd_take(&f.hw, mdd);
	CHECK_EQ(mdd[0] & 1, 1);
	return 1;
}

/* rate limiter in police mode: a burst beyond the bucket is dropped */
static int t_dp_rate(struct hx_ctx *x)
{
	static uint8_t frame[1600];
	struct dp_fn f;
	u32 errs[16] = { 0 };
	uint8_t peer[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	unsigned i;

	CHECK(hx_enumerate(x));
	CHECK(dp_fn_up(x, &f, &x->main, 0, 0, 0));
	/* 1 Mb/s, a 4000-byte bucket: 1514-byte frames back to back */
	CHECK_EQ(vfnic_pf_set_rate(&f.hw, 0, 1000000, 4000, true), 0);
	for (i = 0; i < 8; i++) {
		mkframe(x, frame, 1514, peer, f.mac, -1);
		CHECK(dp_send(&f, frame, 1514, 1));
	}
	CHECK(dp_tx_wait(&f, errs));
	hx_diag("sent %u, rate-dropped %u", errs[VFNIC_TXERR_OK], errs[VFNIC_TXERR_RATE]);
	/* the bucket holds at most three frames; the others have no credit */
	CHECK(errs[VFNIC_TXERR_OK] >= 1 && errs[VFNIC_TXERR_OK] <= 4);
	CHECK_EQ(errs[VFNIC_TXERR_OK] + errs[VFNIC_TXERR_RATE], 8);
	CHECK_EQ(vfnic_read_counter(&f.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_RATE)),
		 errs[VFNIC_TXERR_RATE]);
	CHECK_EQ(vfnic_pf_set_rate(&f.hw, 0, 0, 16384, false), 0);
	/* an unrepresentable rate is refused by the driver layer */
	CHECK_EQ(vfnic_pf_set_rate(&f.hw, 0, 1ull << 41, 16384, false), -EINVAL);
	hx_wire_drain(x);
	return 1;
}

/* VF to VF through the internal switch, and broadcast both ways */
static int t_dp_veb(struct hx_ctx *x)
{
	static uint8_t frame[2000];
	static uint8_t got[65536];
	static struct dp_rx r;
	struct hx_sriov s;
	struct dp_fn pf, v1, v2;
	unsigned f1, f2;
	uint64_t veb0, tx0, spoof0;

	CHECK(hx_sriov_setup(x, &s, 2));
	f1 = hx_sriov_vf_func(&s, 0);
	f2 = hx_sriov_vf_func(&s, 1);
	CHECK(hx_vf_connect(x, &x->aux[0], f1, "dp-vf0"));
	CHECK(hx_vf_connect(x, &x->aux[1], f2, "dp-vf1"));
	CHECK(dp_fn_up(x, &pf, &x->main, 0, 0, 0));
	CHECK(dp_fn_up(x, &v1, &x->aux[0], 1, 1, f1));
	CHECK(dp_fn_up(x, &v2, &x->aux[1], 1, 2, f2));
	vfnic_pf_set_mac(&pf.hw, f1, v1.mac);
	vfnic_pf_set_mac(&pf.hw, f2, v2.mac);
	vfnic_pf_cls_set(&pf.hw, 1, v1.mac, 0, true, f1);
	vfnic_pf_cls_set(&pf.hw, 2, v2.mac, 0, true, f2);
	vfnic_pf_set_veb(&pf.hw, true);
	hx_wire_drain(x);
	veb0 = vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_VEB_FRAMES));
	tx0 = vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_TX_FRAMES));

	/* unicast VF0 -> VF1: looped, never on the wire */
	mkframe(x, frame, 300, v2.mac, v1.mac, -1);
	CHECK(dp_send(&v1, frame, 300, 2));
	CHECK(dp_recv(&v2, &r, DP_WAIT_MS));
	CHECK(same_frame(frame, 300, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_EXACT);
	CHECK_EQ(dp_wire_recv(x, got, sizeof(got), 200), 0);
	CHECK_EQ(vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_VEB_FRAMES)),
		 veb0 + 1);
	CHECK_EQ(vfnic_read_counter(&pf.hw, VFNIC_REG_PSTAT_LO(VFNIC_PSTAT_TX_FRAMES)),
		 tx0);

	/* broadcast from VF0: VF1 and the PF (BCAST) get it, the wire too,
	 * the sender does not */
	vfnic_pf_set_pool(&pf.hw, 0, VFNIC_FUNC_POOL_BCAST_MASK |
			  VFNIC_FUNC_POOL_UNTAGGED_MASK);
	vfnic_pf_set_pool(&pf.hw, f1, VFNIC_FUNC_POOL_BCAST_MASK |
			  VFNIC_FUNC_POOL_UNTAGGED_MASK);
	vfnic_pf_set_pool(&pf.hw, f2, VFNIC_FUNC_POOL_BCAST_MASK |
			  VFNIC_FUNC_POOL_UNTAGGED_MASK);
	mkframe(x, frame, 120, hx_bcast, v1.mac, -1);
	CHECK(dp_send(&v1, frame, 120, 1));
	CHECK(dp_recv(&v2, &r, DP_WAIT_MS));
	CHECK(same_frame(frame, 120, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_BCAST);
	CHECK(dp_recv(&pf, &r, DP_WAIT_MS));
	CHECK(same_frame(frame, 120, &r));
	CHECK_EQ(dp_wire_recv(x, got, sizeof(got), DP_WAIT_MS), 120);
	CHECK(memcmp(got, frame, 120) == 0);
	CHECK(!dp_recv(&v1, &r, 200));

	/* a VF with spoof checking cannot send as its neighbour */
	vfnic_pf_set_flags(&pf.hw, f1, VFNIC_REG_FUNC_FLAGS_RESET |
			   VFNIC_FUNC_FLAGS_SPOOFCHK_MAC_MASK);
	spoof0 = vfnic_read_counter(&v1.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_SPOOF));
	mkframe(x, frame, 100, v2.mac, v2.mac, -1);
	CHECK(dp_send(&v1, frame, 100, 1));
	CHECK(dp_counter_wait(&v1, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_SPOOF), spoof0 + 1));
	CHECK(!dp_recv(&v2, &r, 100));
	{
		uint32_t mdd[3];

		vfnic_pf_mdd_take(&pf.hw, mdd);
		CHECK_EQ((mdd[0] >> f1) & 1, 1);
	}
	return hx_sriov_disable(x, &s);
}

/* mailbox round trip through the RTL and driver/hw's protocol */
static u32 mbx_vf_rd(void *ctx, u32 off)
{
	struct dp_fn *f = ctx;

	return dp_rd(&f->hw, off);
}

static void mbx_vf_wr(void *ctx, u32 off, u32 val)
{
	struct dp_fn *f = ctx;

	dp_wr(&f->hw, off, val);
}

static const struct vfnic_mbx_io_ops mbx_io_ops = { .rd = mbx_vf_rd, .wr = mbx_vf_wr };

static void mbx_get_queues(void *ctx, unsigned int vf, u32 *tx, u32 *rx, u32 *vectors)
{
	(void)ctx;
	(void)vf;
	*tx = *rx = VFNIC_QP_PER_FUNC;
	*vectors = VFNIC_VF_MSIX_VECTORS;
}

static const struct vfnic_mbx_pf_ops mbx_pf_ops = { .get_queues = mbx_get_queues };

/* the VF's writes travel on its own connection: the PF waits for REQ, as a
 * driver waits for the mailbox interrupt */
static int mbx_wait_req(struct hx_ctx *x)
{
	long long dl = hx_now_ns() + 2000000000LL;

	while (!(hx_reg(&x->main, VFNIC_REG_MBX_REQ_LO) & 1) && hx_now_ns() < dl)
		;
	CHECK_EQ(hx_reg(&x->main, VFNIC_REG_MBX_REQ_LO), 1);
	return 1;
}

static int t_dp_mbx(struct hx_ctx *x)
{
	struct hx_sriov s;
	struct dp_fn pf, v1;
	struct vfnic_mbx_io vio = { &mbx_io_ops, &v1 }, pio = { &mbx_io_ops, &pf };
	struct vfnic_mbx_pf mpf;
	u32 req[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS], msg[VFNIC_MBX_DWS];
	u32 tx = 0, rx = 0, vec = 0;
	int r;

	CHECK(hx_sriov_setup(x, &s, 2));
	CHECK(hx_vf_connect(x, &x->aux[0], hx_sriov_vf_func(&s, 0), "mbx-vf0"));
	memset(&pf, 0, sizeof(pf));
	memset(&v1, 0, sizeof(v1));
	pf.h = &x->main;
	pf.hw.ops = &dp_ops;
	pf.hw.back = &pf;
	v1.h = &x->aux[0];
	v1.vf = 1;
	v1.hw.ops = &dp_ops;
	v1.hw.back = &v1;
	CHECK_EQ(vfnic_mbx_pf_init(&mpf, &mbx_pf_ops, NULL, 2), 0);

	/* VF asks for its queues */
	vfnic_mbx_enc_get_queues(req, 7);
	CHECK_EQ(vfnic_mbx_vf_post(&vio, req), 0);
	/* a second post while the first is pending is refused */
	CHECK(vfnic_mbx_vf_post(&vio, req) != 0);
	CHECK(mbx_wait_req(x));
	CHECK_EQ(vfnic_mbx_pf_read_req(&pio, 0, msg), 0);
	CHECK(memcmp(msg, req, 4 * (1 + vfnic_mbx_len(req))) == 0);
	r = vfnic_mbx_pf_handle(&mpf, 0, msg, rep, 0);
	CHECK(r >= 0);
	CHECK_EQ(vfnic_mbx_pf_write_reply(&pio, 0, rep), 0);
	hx_reg_wr(&x->main, VFNIC_REG_MBX_DONE, 0);
	hx_reg_wr(&x->main, VFNIC_REG_MBX_SEND, 0);
	CHECK_EQ(hx_reg(&x->main, VFNIC_REG_MBX_REQ_LO), 0);
	CHECK_EQ(vfnic_mbx_vf_poll(&vio, msg), 0);
	CHECK_EQ(vfnic_mbx_dec_queues_reply(msg, 7, &tx, &rx, &vec), 0);
	CHECK_EQ(tx, VFNIC_QP_PER_FUNC);
	CHECK_EQ(vec, VFNIC_VF_MSIX_VECTORS);

	/* an unknown opcode is answered with an error, not acted upon */
	memset(req, 0, sizeof(req));
	req[0] = vfnic_mbx_hdr(0x55, 0, 0, 8);
	CHECK_EQ(vfnic_mbx_vf_post(&vio, req), 0);
	CHECK(mbx_wait_req(x));
	CHECK_EQ(vfnic_mbx_pf_read_req(&pio, 0, msg), 0);
	CHECK_EQ(vfnic_mbx_op(msg), 0x55);
	CHECK(vfnic_mbx_pf_handle(&mpf, 0, msg, rep, 0) >= 0);
	CHECK_EQ(vfnic_mbx_status(rep), VFNIC_MBX_ST_EOPNOTSUPP);
	/* a PF command naming no VF is a bad access, nothing changes */
	{
		uint32_t bad0 = hx_reg(&x->main, VFNIC_REG_BAD_ACCESS_COUNT);

		hx_reg_wr(&x->main, VFNIC_REG_MBX_DONE, 100);
		CHECK_EQ(hx_reg(&x->main, VFNIC_REG_BAD_ACCESS_COUNT), bad0 + 1);
	}
	CHECK_EQ(hx_reg(&x->main, VFNIC_REG_MBX_REQ_LO), 1);
	return hx_sriov_disable(x, &s);
}

/* wire frames to the right pools: broadcast replicated to every subscribed
 * pool, multicast to the pool that takes all multicast, unicast to one */
static int t_dp_replicate(struct hx_ctx *x)
{
	static uint8_t frame[1600];
	static struct dp_rx r;
	uint8_t peer[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x01, 0x02, 0x03 };
	const u32 bc_flags = VFNIC_FUNC_POOL_BCAST_MASK | VFNIC_FUNC_POOL_UNTAGGED_MASK;
	struct hx_sriov s;
	struct dp_fn pf, v1, v2;
	unsigned f1, f2;
	uint64_t rx1, rx2, nd2;

	CHECK(hx_sriov_setup(x, &s, 2));
	f1 = hx_sriov_vf_func(&s, 0);
	f2 = hx_sriov_vf_func(&s, 1);
	CHECK(hx_vf_connect(x, &x->aux[0], f1, "rep-vf0"));
	CHECK(hx_vf_connect(x, &x->aux[1], f2, "rep-vf1"));
	CHECK(dp_fn_up(x, &pf, &x->main, 0, 0, 0));
	CHECK(dp_fn_up(x, &v1, &x->aux[0], 1, 1, f1));
	CHECK(dp_fn_up(x, &v2, &x->aux[1], 1, 2, f2));
	vfnic_pf_cls_set(&pf.hw, 0, pf.mac, 0, true, 0);
	vfnic_pf_cls_set(&pf.hw, 1, v1.mac, 0, true, f1);
	vfnic_pf_cls_set(&pf.hw, 2, v2.mac, 0, true, f2);
	vfnic_pf_set_pool(&pf.hw, 0, bc_flags);
	vfnic_pf_set_pool(&pf.hw, f1, bc_flags | VFNIC_FUNC_POOL_MCAST_MASK);
	vfnic_pf_set_pool(&pf.hw, f2, bc_flags);
	/* counters are not cleared by a function reset: compare differences */
	rx1 = vfnic_read_counter(&v1.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_RX_PKTS));
	rx2 = vfnic_read_counter(&v2.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_RX_PKTS));
	nd2 = vfnic_read_counter(&v2.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_NODESC));

	/* broadcast: one copy each */
	mkframe(x, frame, 200, hx_bcast, peer, -1);
	CHECK_EQ(hx_wire_send(x, frame, 200), 0);
	CHECK(dp_recv(&pf, &r, DP_WAIT_MS) && same_frame(frame, 200, &r));
	CHECK(dp_recv(&v1, &r, DP_WAIT_MS) && same_frame(frame, 200, &r));
	CHECK(dp_recv(&v2, &r, DP_WAIT_MS) && same_frame(frame, 200, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_BCAST);
	/* multicast: only the all-multicast pool */
	mkframe(x, frame, 300, mc, peer, -1);
	CHECK_EQ(hx_wire_send(x, frame, 300), 0);
	CHECK(dp_recv(&v1, &r, DP_WAIT_MS) && same_frame(frame, 300, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_MCAST);
	/* unicast to VF1: only it */
	mkframe(x, frame, 400, v2.mac, peer, -1);
	CHECK_EQ(hx_wire_send(x, frame, 400), 0);
	CHECK(dp_recv(&v2, &r, DP_WAIT_MS) && same_frame(frame, 400, &r));
	CHECK_EQ(r.how, VFNIC_CLS_HOW_EXACT);
	/* nobody got more than that */
	CHECK(!dp_recv(&pf, &r, 200));
	CHECK(!dp_recv(&v1, &r, 100));
	CHECK(!dp_recv(&v2, &r, 100));
	CHECK_EQ(vfnic_read_counter(&v1.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_RX_PKTS)), rx1 + 2);
	CHECK_EQ(vfnic_read_counter(&v2.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_RX_PKTS)), rx2 + 2);
	/* a pool whose ring is disabled drops its copy, the others still get theirs */
	vfnic_ring_disable(&v2.rx);
	mkframe(x, frame, 100, hx_bcast, peer, -1);
	CHECK_EQ(hx_wire_send(x, frame, 100), 0);
	CHECK(dp_recv(&pf, &r, DP_WAIT_MS) && same_frame(frame, 100, &r));
	CHECK(dp_recv(&v1, &r, DP_WAIT_MS) && same_frame(frame, 100, &r));
	CHECK_EQ(vfnic_read_counter(&v2.hw, VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_DROP_NODESC)),
		 nd2 + 1);
	return hx_sriov_disable(x, &s);
}

/* the VF's count of MSI-X messages sent, once it has settled */
static u32 dp_msix_sent(struct dp_fn *f, u32 want)
{
	long long deadline = hx_now_ns() + 2000000000LL;
	u32 n;

	do {
		dp_pump(f->x);
		n = dp_rd(&f->hw, VFNIC_REG_MSIX_SENT);
	} while (n < want && hx_now_ns() < deadline);
	return n;
}

/* RX ring interrupts of a VF: one per frame without moderation, one per
 * PKTS frames with a packet threshold and a long interval */
static int t_dp_irq(struct hx_ctx *x)
{
	static uint8_t frame[200];
	static struct dp_rx r;
	uint8_t peer[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct hx_sriov s;
	struct dp_fn pf, v1;
	unsigned f1, i;
	u32 sent0;

	CHECK(hx_sriov_setup(x, &s, 1));
	f1 = hx_sriov_vf_func(&s, 0);
	CHECK(hx_vf_connect(x, &x->aux[0], f1, "irq-vf0"));
	CHECK(dp_fn_up(x, &pf, &x->main, 0, 0, 0));
	CHECK(dp_fn_up(x, &v1, &x->aux[0], 1, 1, f1));
	CHECK(hx_vf_cfg_setup(&x->aux[0], 1));		/* MSI-X Enable */
	CHECK(hx_vf_msix_set(&x->aux[0], 1, HX_MSI_BASE + 0x100, 0x1234));
	vfnic_pf_cls_set(&pf.hw, 1, v1.mac, 0, true, f1);
	/* the RX ring signals vector 1 */
	vfnic_ring_disable(&v1.rx);
	CHECK_EQ(vfnic_ring_enable(&v1.rx, true, 1), 0);
	for (i = 0; vfnic_ring_unused(&v1.rx); i++)
		CHECK_EQ(vfnic_rx_add(&v1.rx, HX_MEM_BASE + DP_RXBUF(1) + (uint64_t)i * DP_RX_BUF), 0);
	CHECK(dp_rx_primed(&v1));

	/* no moderation: a message per frame */
	sent0 = dp_rd(&v1.hw, VFNIC_REG_MSIX_SENT);
	for (i = 0; i < 6; i++) {
		mkframe(x, frame, 100, v1.mac, peer, -1);
		CHECK_EQ(hx_wire_send(x, frame, 100), 0);
		CHECK(dp_recv(&v1, &r, DP_WAIT_MS));
		CHECK_EQ(dp_msix_sent(&v1, sent0 + i + 1), sent0 + i + 1);
	}
	/* PKTS 4 inside a long interval: a message per four frames */
	dp_wr(&v1.hw, VFNIC_REG_ITR_INTERVAL(1), 0xffff);
	dp_wr(&v1.hw, VFNIC_REG_ITR_PKTS(1), 4);
	CHECK_EQ(dp_rd(&v1.hw, VFNIC_REG_ITR_PKTS(1)), 4);
	sent0 = dp_rd(&v1.hw, VFNIC_REG_MSIX_SENT);
	for (i = 0; i < 8; i++) {
		mkframe(x, frame, 100, v1.mac, peer, -1);
		CHECK_EQ(hx_wire_send(x, frame, 100), 0);
		CHECK(dp_recv(&v1, &r, DP_WAIT_MS));
	}
	CHECK_EQ(dp_msix_sent(&v1, sent0 + 2), sent0 + 2);
	CHECK_EQ(hx_ping(&x->aux[0]), 0);
	CHECK_EQ(dp_rd(&v1.hw, VFNIC_REG_MSIX_SENT), sent0 + 2);
	return hx_sriov_disable(x, &s);
}

/* VF to the wire; the model's capture (pcap) read back with tshark */
static int t_dp_capture(struct hx_ctx *x)
{
	static const size_t lens[] = { 60, 61, 100, 1000, 1514 };
	static uint8_t frame[1600];
	static uint8_t got[65536];
	uint8_t peer[6] = { 0x02, 0xca, 0x97, 0x00, 0x00, 0x00 };
	struct hx_sriov s;
	struct dp_fn v1;
	char cmd[512], line[128];
	unsigned i, n = 0;
	FILE *p;

	if (!x->capture_path[0]) {
		hx_diag("no capture: the harness did not start the model");
		return HX_SKIP;
	}
	CHECK(hx_sriov_setup(x, &s, 1));
	CHECK(hx_vf_connect(x, &x->aux[0], hx_sriov_vf_func(&s, 0), "cap-vf0"));
	CHECK(dp_fn_up(x, &v1, &x->aux[0], 1, 1, hx_sriov_vf_func(&s, 0)));
	/* a destination of this run only, so earlier tests' frames are filtered out */
	peer[3] = (uint8_t)hx_rand(&x->rng);
	peer[4] = (uint8_t)hx_rand(&x->rng);
	peer[5] = (uint8_t)hx_rand(&x->rng);
	hx_wire_drain(x);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		mkframe(x, frame, lens[i], peer, v1.mac, -1);
		CHECK(dp_send(&v1, frame, lens[i], 1 + i % 3));
		CHECK_EQ(dp_wire_recv(x, got, sizeof(got), DP_WAIT_MS), (ssize_t)lens[i]);
	}
	snprintf(cmd, sizeof(cmd), "tshark -r '%s' -Y 'eth.dst == %02x:%02x:%02x:%02x:%02x:%02x' "
		 "-T fields -e frame.len -e eth.src 2>/dev/null", x->capture_path,
		 peer[0], peer[1], peer[2], peer[3], peer[4], peer[5]);
	p = popen(cmd, "r");
	CHECK(p != NULL);
	while (fgets(line, sizeof(line), p)) {
		unsigned len, m[6];

		if (sscanf(line, "%u %x:%x:%x:%x:%x:%x", &len, &m[0], &m[1], &m[2], &m[3],
			   &m[4], &m[5]) != 7 || n >= sizeof(lens) / sizeof(lens[0])) {
			hx_diag("tshark: unexpected line: %s", line);
			n = 99;
			break;
		}
		if (len != lens[n] || m[5] != v1.mac[5] || m[0] != v1.mac[0]) {
			hx_diag("capture frame %u: %u bytes from ..:%02x, sent %zu", n, len,
				m[5], lens[n]);
			n = 99;
			break;
		}
		n++;
	}
	CHECK_EQ(pclose(p), 0);
	CHECK_EQ(n, sizeof(lens) / sizeof(lens[0]));
	return hx_sriov_disable(x, &s);
}


/*
 * A VF's FLR leaves nothing of its old state readable by the next owner: VF 0 is used
 * (rings enabled with buffers posted, frames sent, moderation set, MSI-X vectors written,
 * a mailbox request left pending), then reset by FLR; its whole BAR0 slice and MSI-X BAR
 * slice then read exactly as VF 2's, which was never used (routing function aside).
 * The statistics counters are the documented exception (docs/datapath.md: a function reset
 * never clears them, as with Intel's VFs, whose drivers keep base values): they are left out
 * of the comparison and checked to have kept their counts.
 */
static int is_counter(unsigned off)
{
	if (off >= VFNIC_FSTAT_OFFSET && off < VFNIC_FSTAT_OFFSET + VFNIC_FSTAT_COUNT * 8)
		return 1;
	if (off >= VFNIC_TXQ_OFFSET && off < VFNIC_TXQ_OFFSET + VFNIC_TXQ_COUNT * VFNIC_TXQ_STRIDE)
		off = (off - VFNIC_TXQ_OFFSET) % VFNIC_TXQ_STRIDE;
	else if (off >= VFNIC_RXQ_OFFSET &&
		 off < VFNIC_RXQ_OFFSET + VFNIC_RXQ_COUNT * VFNIC_RXQ_STRIDE)
		off = (off - VFNIC_RXQ_OFFSET) % VFNIC_RXQ_STRIDE;
	else
		return 0;
	/* PKTS, BYTES, DROPS: the same place in a TX and an RX ring's block */
	return off >= VFNIC_REG_TXQ_PKTS_LO(0) - VFNIC_TXQ_OFFSET &&
	       off <= VFNIC_REG_TXQ_DROPS_HI(0) - VFNIC_TXQ_OFFSET;
}

static int dump_vf(struct hx_host *h, unsigned bar, uint32_t *out, unsigned dws)
{
	unsigned i;

	for (i = 0; i < dws; i++) {
		uint64_t v = 0;

		CHECK(hx_vf_rd(h, bar, 4ull * i, 4, &v) >= 0);
		out[i] = (uint32_t)v;
	}
	return 1;
}

static int t_dp_flr_trace(struct hx_ctx *x)
{
	static uint8_t frame[256];
	static uint32_t used[2][VFNIC_VF_BAR0_SIZE / 4], fresh[2][VFNIC_VF_BAR0_SIZE / 4];
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct hx_sriov s;
	struct dp_fn v1;
	struct hx_host *u = &x->aux[0], *n = &x->aux[1];
	struct vfnic_mbx_io vio = { &mbx_io_ops, &v1 };
	u32 req[VFNIC_MBX_DWS];
	unsigned i, b, diffs = 0, counters = 0;
	unsigned fu, fn;

	CHECK(hx_sriov_setup(x, &s, 3));
	fu = hx_sriov_vf_func(&s, 0);
	fn = hx_sriov_vf_func(&s, 2);
	CHECK(hx_vf_connect(x, u, fu, "flr-used"));
	CHECK(hx_vf_connect(x, n, fn, "flr-fresh"));
	CHECK(dp_fn_up(x, &v1, u, 1, 1, fu));
	for (i = 0; i < 3; i++) {
		mkframe(x, frame, 200, bcast, v1.mac, -1);
		CHECK(dp_send(&v1, frame, 200, 2));
	}
	dp_pump(x);
	for (i = 0; i < VFNIC_VF_MSIX_VECTORS; i++) {
		CHECK(hx_vf_msix_set(u, i, HX_MEM_BASE + 0x100 * i, 0x1234 + i));
		CHECK_EQ(hx_vf_wr(u, 0, VFNIC_REG_ITR_INTERVAL(i), 4, 7 + i), 0);
	}
	vfnic_mbx_enc_get_queues(req, 7);
	CHECK_EQ(vfnic_mbx_vf_post(&vio, req), 0);
	hx_wire_drain(x);
	/* state is there: a moderation interval reads back */
	CHECK_EQ(dp_rd(&v1.hw, VFNIC_REG_ITR_INTERVAL(1)), 8);

	/* FLR (Device Control: Initiate FLR, bit 15) */
	CHECK_EQ(hx_cfg_wr_id(u, u->func, VFNIC_CAP_PCIE_OFFSET + 8, 1u << 15, 0x3), 0);
	CHECK_EQ(hx_ping(u), 0);
	for (b = 0; b < 2; b++) {
		CHECK(dump_vf(u, b ? VFNIC_VF_MSIX_BAR : 0, used[b], VFNIC_VF_BAR0_SIZE / 4));
		CHECK(dump_vf(n, b ? VFNIC_VF_MSIX_BAR : 0, fresh[b], VFNIC_VF_BAR0_SIZE / 4));
		for (i = 0; i < VFNIC_VF_BAR0_SIZE / 4; i++) {
			uint32_t a = used[b][i], c = fresh[b][i];

			if (!b && is_counter(4 * i)) {
				counters++;
				continue;
			}
			if (!b && 4 * i == VFNIC_REG_FUNC) {	/* its own routing function */
				CHECK_EQ(a & 0xff, fu);
				CHECK_EQ(c & 0xff, fn);
				a &= ~0xffu;
				c &= ~0xffu;
			}
			if (a != c && diffs++ < 8)
				hx_diag("BAR%u +0x%04x: 0x%08x after FLR, 0x%08x never used",
					b ? VFNIC_VF_MSIX_BAR : 0, 4 * i, a, c);
		}
	}
	hx_diag("%u DWs of BAR0 and the MSI-X BAR compared, %u counter DWs left out",
		VFNIC_VF_BAR0_SIZE / 2 - counters, counters);
	CHECK_EQ(diffs, 0);
	/* the counters kept what the old owner's frames counted */
	CHECK(used[0][VFNIC_REG_FSTAT_LO(VFNIC_FSTAT_TX_PKTS) / 4] >= 1);
	return hx_sriov_disable(x, &s);
}

const struct hx_test hx_dp_tests[] = {
	{ "dp-regs", "datapath: QUEUES/DP_CAPS, ring register rules, holes, owner lock",
	  t_dp_regs, 0 },
	{ "dp-pf-wire", "datapath: PF TX to the wire and wire to PF RX, bytes and counters",
	  t_dp_pf_wire, 0 },
	{ "dp-classify", "datapath: broadcast flag, miss/default pool, VLAN tag, oversize",
	  t_dp_classify, 0 },
	{ "dp-tx-bad", "datapath: LEN 0, oversize, spoof, ring outside DMA windows",
	  t_dp_tx_bad, 0 },
	{ "dp-rate", "datapath: police-mode rate limit drops beyond the bucket",
	  t_dp_rate, 0 },
	{ "dp-veb", "datapath: VF to VF through the VEB; broadcast both ways; VF spoof",
	  t_dp_veb, 0 },
	{ "dp-mbx", "datapath: mailbox round trip; busy post; unknown opcode; bad VF",
	  t_dp_mbx, 0 },
	{ "dp-replicate", "datapath: wire broadcast/multicast/unicast to the right pools; "
	  "a disabled ring drops only its copy", t_dp_replicate, 0 },
	{ "dp-irq", "datapath: RX ring MSI-X per frame; moderation by packet count",
	  t_dp_irq, 0 },
	{ "dp-flr-trace", "datapath: a VF's FLR leaves no trace: BAR0 and MSI-X BAR read as an "
	  "unused VF's", t_dp_flr_trace, 0 },
	{ "dp-capture", "datapath: VF to the wire, the model's pcap capture read by tshark",
	  t_dp_capture, 0 },
	{ NULL, NULL, NULL, 0 },
};
