/* SPDX-License-Identifier: MIT */
/*
 * vfnic model: the "wire" behind the NIC's Ethernet port (docs/datapath.md,
 * "Ethernet port"). A wire plays the MAC and its link partner: frames go
 * out and come in without preamble and FCS, and frames shorter than 60
 * bytes are padded with zeros both ways. Single-threaded, never blocks; one
 * owner (the model loop).
 *
 * Specs:
 *   loopback                             every sent frame comes back
 *   pcap:out=FILE[,in=FILE]              write a pcap; replay one (either
 *   pcap:in=FILE                         or both; replay runs as fast as
 *                                        vfm_wire_recv() is called)
 *   tap:IFNAME                           /dev/net/tun, IFF_TAP | IFF_NO_PI
 *   dgram:local=HOST:PORT,remote=HOST:PORT
 *                                        QEMU -netdev dgram (inet): one UDP
 *                                        datagram = one frame
 *   stream:listen=HOST:PORT              QEMU -netdev stream framing: 32-bit
 *   stream:connect=HOST:PORT             big-endian length, then the frame;
 *   stream:unix=PATH                     listen (TCP, or a UNIX socket)
 *                                        serves one peer at a time
 * HOST may be a name, an IPv4 address or [IPv6]; an empty HOST or port 0
 * for listen= means any address / a free port (vfm_wire_name() tells which).
 */
#ifndef VFM_WIRE_H
#define VFM_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VFM_WIRE_MIN_FRAME	60	/* without FCS; shorter frames are padded */
#define VFM_WIRE_MAX_FRAME	65536	/* the largest frame any backend carries */
#define VFM_WIRE_NAME_LEN	160

struct vfm_wire;

struct vfm_wire_stats {
	char name[VFM_WIRE_NAME_LEN];	/* the spec, with bound addresses */
	uint64_t tx_frames, tx_bytes;	/* handed to the backend (after padding) */
	uint64_t tx_drops;		/* peer absent/slow, too long, I/O error */
	uint64_t tx_padded;		/* shorter than 60 bytes, padded */
	uint64_t rx_frames, rx_bytes;	/* returned by recv (bytes after padding) */
	uint64_t rx_drops;		/* longer than cap, empty, truncated capture */
	uint64_t rx_padded;		/* shorter than 60 bytes, padded */
	uint64_t rx_errors;		/* bad stream length prefix (peer dropped) */
	uint64_t peer_connects, peer_disconnects;	/* stream */
};

/* messages about the peer (connects, disconnects, framing errors) */
typedef void vfm_wire_log_fn(void *ctx, const char *msg);

/* NULL on error, with the reason in err */
struct vfm_wire *vfm_wire_open(const char *spec, char *err, size_t errlen);

/*
 * The descriptor to poll for POLLIN, or -1 when nothing ever arrives (pcap
 * without in=). It stays the same for the wire's life. When it is readable,
 * call vfm_wire_recv() until it returns 0: recv also moves output that a
 * slow stream peer left buffered, and (re)accepts stream peers. For
 * loopback and pcap replay it is readable while frames are queued.
 */
int vfm_wire_fd(const struct vfm_wire *w);

/*
 * Send one frame (without FCS, 1..VFM_WIRE_MAX_FRAME bytes; shorter than 60
 * bytes: padded with zeros, as the MAC would, and counted). Never blocks:
 * a frame the peer cannot take now (absent, slow, queue full) is dropped,
 * counted in tx_drops, and 0 is returned. -errno for a bad frame or an I/O
 * error (also counted in tx_drops).
 */
int vfm_wire_send(struct vfm_wire *w, const uint8_t *frame, size_t len);

/*
 * Receive one frame into buf: its length (>= 60, padded with zeros), 0 when
 * nothing is pending, -errno on an I/O error. Frames longer than cap are
 * dropped and counted, and the next one is tried.
 */
ssize_t vfm_wire_recv(struct vfm_wire *w, uint8_t *buf, size_t cap);

/* 1 while a peer is there to talk to (stream: connected), else 0 */
int vfm_wire_link_up(const struct vfm_wire *w);

/* pcap timestamps from now on: ns of simulated time (default: wall clock) */
void vfm_wire_set_time(struct vfm_wire *w, uint64_t ns);

/* where peer events go (default: stderr); fn NULL restores the default */
void vfm_wire_set_log(struct vfm_wire *w, vfm_wire_log_fn *fn, void *ctx);

const char *vfm_wire_name(const struct vfm_wire *w);
void vfm_wire_stats(const struct vfm_wire *w, struct vfm_wire_stats *st);

/* NULL is fine; closes every descriptor, removes a UNIX socket it created */
void vfm_wire_close(struct vfm_wire *w);

#endif /* VFM_WIRE_H */
