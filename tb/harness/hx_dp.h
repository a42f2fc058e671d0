/* SPDX-License-Identifier: MIT */
/*
 * Datapath helpers shared by the harness's datapath tests (hx_dp.c) and the
 * interoperability tests against an external link partner (hx_peer.c): one
 * function's rings and buffers in the harness's host memory, driven through
 * driver/hw/vfnic_dp.
 */
#ifndef HX_DP_H
#define HX_DP_H

#include "hx.h"
#include "vfnic_dp.h"

/* host memory of the datapath tests (offsets in hx_mem) */
#define DP_TXRING(slot)	(0x80000u + 0x1000u * (slot))	/* 4 slots */
#define DP_RXRING(slot)	(0x84000u + 0x1000u * (slot))
#define DP_TXBUF(slot)	(0x88000u + 0x8000u * (slot))	/* 32 KiB each */
#define DP_RXBUF(slot)	(0xa8000u + 0x10000u * (slot))	/* 64 KiB each */
#define DP_TXBUF_SIZE	0x8000u
#define DP_RING_LOG2	5				/* 32 descriptors */
#define DP_RX_BUF	2048u
#define DP_WAIT_MS	5000

extern const uint8_t hx_bcast[6];

/* one function's view: its register access, rings and buffers */
struct dp_fn {
	struct vfnic_hw hw;
	struct hx_ctx *x;
	struct hx_host *h;
	int vf;
	unsigned slot;
	struct vfnic_ring tx, rx;
	uint32_t tx_off;	/* next free byte of the TX buffer area */
	uint8_t mac[6];
};

struct dp_rx {
	size_t len;
	unsigned how;
	int tagged;
	unsigned tci;
	uint8_t data[9100];
};

/* every client answers the device's reads and takes its writes */
void dp_pump(struct hx_ctx *x);
/* the harness's MAC address of routing function f */
void mac_of(uint8_t *mac, unsigned f);
/* function func's rings in host-memory slot `slot`, enabled, RX posted; for
 * the PF (vf = 0) after a PF software reset */
int dp_fn_up(struct hx_ctx *x, struct dp_fn *f, struct hx_host *h, int vf,
	     unsigned slot, unsigned func);
/* queue one frame in up to nbuf buffers of random alignment; kick */
int dp_send(struct dp_fn *f, const uint8_t *frame, size_t len, unsigned nbuf);
/* the next received frame: 1, 0 after the wait; buffers are posted again */
int dp_recv(struct dp_fn *f, struct dp_rx *r, int wait_ms);
/* wait until the TX ring has completed everything queued */
int dp_tx_wait(struct dp_fn *f, u32 *errs);

#endif
