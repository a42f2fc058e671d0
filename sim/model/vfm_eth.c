/* SPDX-License-Identifier: MIT */
/* vfnic model: Ethernet port <-> wire backend (vfm_eth.h) */
#include "vfm_eth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfm_wire.h"

/* the core never sends more than FRAME_MAX_BYTES; room for a misbehaving one */
#define ETH_TX_CAP	VFM_WIRE_MAX_FRAME

int vfm_eth_open(struct vfm_eth *e, const char *spec, const char *capture,
		 char *err, size_t errlen)
{
	memset(e, 0, sizeof(*e));
	e->tx_buf = malloc(ETH_TX_CAP);
	e->rx_scratch = malloc(VFM_WIRE_MAX_FRAME);
	if (!e->tx_buf || !e->rx_scratch) {
		snprintf(err, errlen, "out of memory");
		vfm_eth_close(e);
		return -1;
	}
	if (capture) {
		char cspec[VFM_WIRE_NAME_LEN + 16];

		snprintf(cspec, sizeof(cspec), "pcap:out=%s", capture);
		e->cap = vfm_wire_open(cspec, err, errlen);
		if (!e->cap) {
			vfm_eth_close(e);
			return -1;
		}
	}
	if (spec) {
		e->wire = vfm_wire_open(spec, err, errlen);
		if (!e->wire) {
			vfm_eth_close(e);
			return -1;
		}
	}
	return 0;
}

void vfm_eth_close(struct vfm_eth *e)
{
	while (e->rx_count) {
		free(e->rxq[e->rx_head]);
		e->rx_head = (e->rx_head + 1) % VFM_ETH_RXQ;
		e->rx_count--;
	}
	if (e->wire)
		vfm_wire_close(e->wire);
	if (e->cap)
		vfm_wire_close(e->cap);
	free(e->tx_buf);
	free(e->rx_scratch);
	memset(e, 0, sizeof(*e));
}

const char *vfm_eth_name(const struct vfm_eth *e)
{
	return e->wire ? vfm_wire_name(e->wire) : "none";
}

int vfm_eth_poll_fd(const struct vfm_eth *e)
{
	if (!e->wire || e->rx_count == VFM_ETH_RXQ)
		return -1;
	return vfm_wire_fd(e->wire);
}

void vfm_eth_receive(struct vfm_eth *e)
{
	while (e->wire && e->rx_count < VFM_ETH_RXQ) {
		ssize_t n = vfm_wire_recv(e->wire, e->rx_scratch,
					  VFM_WIRE_MAX_FRAME);
		struct vfm_eth_frame *f;

		if (n < 0)
			e->rx_wire_errors++;
		if (n <= 0)
			return;
		f = malloc(sizeof(*f) + (size_t)n);
		if (!f)
			return;
		f->len = (uint32_t)n;
		memcpy(f->data, e->rx_scratch, (size_t)n);
		e->rxq[(e->rx_head + e->rx_count) % VFM_ETH_RXQ] = f;
		e->rx_count++;
	}
}

int vfm_eth_busy(const struct vfm_eth *e)
{
	return e->rx_count != 0;
}

void vfm_eth_drive(struct vfm_eth *e, struct vfm_rtl_in *in)
{
	struct vfm_eth_frame *f;
	size_t n, i;

	in->eth_link_up = e->wire != NULL;
	in->eth_tx_ready = 1;	/* the MAC takes one beat per cycle */
	in->eth_rx_valid = 0;
	if (!e->rx_count)
		return;
	if (e->rx_gap) {
		e->rx_gap--;
		return;
	}
	f = e->rxq[e->rx_head];
	n = f->len - e->rx_off < 8 ? f->len - e->rx_off : 8;
	in->eth_rx_valid = 1;
	in->eth_rx.data = 0;
	for (i = 0; i < n; i++)
		in->eth_rx.data |= (uint64_t)f->data[e->rx_off + i] << (8 * i);
	in->eth_rx.keep = (uint8_t)((1u << n) - 1);
	in->eth_rx.last = e->rx_off + n == f->len;
	in->eth_rx.err = 0;
	e->rx_off += n;
	if (in->eth_rx.last) {
		if (e->cap)
			vfm_wire_send(e->cap, f->data, f->len);
		e->rx_frames++;
		e->rx_bytes += f->len;
		free(f);
		e->rx_head = (e->rx_head + 1) % VFM_ETH_RXQ;
		e->rx_count--;
		e->rx_off = 0;
		e->rx_gap = VFM_ETH_GAP;
	}
}

void vfm_eth_collect(struct vfm_eth *e, const struct vfm_rtl_in *in,
		     const struct vfm_rtl_out *out)
{
	unsigned i;

	if (!out->eth_tx_valid || !in->eth_tx_ready)
		return;
	for (i = 0; i < 8; i++) {
		if (!((out->eth_tx.keep >> i) & 1))
			break;
		if (e->tx_len < ETH_TX_CAP)
			e->tx_buf[e->tx_len++] = (uint8_t)(out->eth_tx.data >> (8 * i));
		else
			e->tx_overrun = 1;
	}
	if (!out->eth_tx.last)
		return;
	if (e->cap && !e->tx_overrun && e->tx_len)
		vfm_wire_send(e->cap, e->tx_buf, e->tx_len);
	if (!e->wire || e->tx_overrun || !e->tx_len ||
	    vfm_wire_send(e->wire, e->tx_buf, e->tx_len) < 0) {
		e->tx_discards++;
	} else {
		e->tx_frames++;
		e->tx_bytes += e->tx_len;
	}
	e->tx_len = 0;
	e->tx_overrun = 0;
}
