/* SPDX-License-Identifier: MIT */
/*
 * vfnic model: the core's Ethernet port (docs/datapath.md "Ethernet port")
 * joined to a wire backend (vfm_wire.h). TX beats are gathered into frames
 * and sent; received frames are queued and fed to the core one beat per
 * cycle, with the 10 GbE inter-frame gap (preamble + IFG = 20 bytes, three
 * idle cycles at 8 bytes a cycle). Without a wire the link is down and the
 * MAC takes and discards what the core sends. A capture (--capture FILE)
 * records both directions in a pcap file, as tcpdump on the link would.
 */
#ifndef VFM_ETH_H
#define VFM_ETH_H

#include <stddef.h>
#include <stdint.h>

#include "vfm_rtl.h"

struct vfm_wire;

#define VFM_ETH_RXQ	64	/* received frames waiting for the core */
#define VFM_ETH_GAP	3	/* idle cycles between two received frames */

struct vfm_eth_frame {
	uint32_t len;
	uint8_t data[];		/* len bytes */
};

struct vfm_eth {
	struct vfm_wire *wire;		/* NULL: no wire, link down */
	struct vfm_wire *cap;		/* pcap of both directions, or NULL */
	/* TX: the frame being gathered from the core */
	uint8_t *tx_buf;
	size_t tx_len;
	int tx_overrun;			/* the frame outgrew the buffer */
	/* RX: queue of frames; the head is being fed at rx_off */
	struct vfm_eth_frame *rxq[VFM_ETH_RXQ];
	unsigned rx_head, rx_count;
	size_t rx_off;
	unsigned rx_gap;
	uint8_t *rx_scratch;
	/* counters, in the model's statistics */
	uint64_t tx_frames, tx_bytes, tx_discards, rx_frames, rx_bytes, rx_wire_errors;
};

/*
 * spec: see vfm_wire.h; NULL for none. capture: a pcap file to write, or
 * NULL. 0, or -1 with the reason in err
 */
int vfm_eth_open(struct vfm_eth *e, const char *spec, const char *capture,
		 char *err, size_t errlen);
void vfm_eth_close(struct vfm_eth *e);
/* the wire's descriptor to poll for input (-1: none, or the queue is full) */
int vfm_eth_poll_fd(const struct vfm_eth *e);
/* take frames from the wire while the queue has room */
void vfm_eth_receive(struct vfm_eth *e);
/* 1 while received frames wait for the core */
int vfm_eth_busy(const struct vfm_eth *e);
/* drive the port's inputs for one cycle ... */
void vfm_eth_drive(struct vfm_eth *e, struct vfm_rtl_in *in);
/* ... and take what the core sent in it */
void vfm_eth_collect(struct vfm_eth *e, const struct vfm_rtl_in *in,
		     const struct vfm_rtl_out *out);
const char *vfm_eth_name(const struct vfm_eth *e);

#endif
