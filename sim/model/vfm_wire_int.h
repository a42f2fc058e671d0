/* SPDX-License-Identifier: MIT */
/*
 * vfnic model wire: what the backends (vfm_wire_*.c) share, and the two
 * parsers of external input (pcap files, stream framing) that the fuzz
 * target sim/model/fuzz/wire_pcap_fuzz.c drives directly.
 */
#ifndef VFM_WIRE_INT_H
#define VFM_WIRE_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "vfm_wire.h"

struct vfm_wire_ops {
	/* 0 sent, -EAGAIN dropped for now (peer absent/slow), -errno error */
	int (*send)(struct vfm_wire *w, const uint8_t *frame, size_t len);
	/* one frame into w->rx: length, 0 none pending, -errno error */
	ssize_t (*recv)(struct vfm_wire *w);
	int (*link_up)(const struct vfm_wire *w);
	void (*close)(struct vfm_wire *w);
};

struct vfm_wire {
	const struct vfm_wire_ops *ops;
	void *be;			/* the backend's state, owned by it */
	int fd;				/* for vfm_wire_fd(), owned by the backend */
	char name[VFM_WIRE_NAME_LEN];
	int have_time;
	uint64_t time_ns;		/* simulated time for pcap stamps */
	vfm_wire_log_fn *log_fn;
	void *log_ctx;
	struct vfm_wire_stats st;
	uint8_t rx[VFM_WIRE_MAX_FRAME];	/* a backend's recv puts a frame here */
};

/* vfm_wire.c */
void vfm_wire_log(struct vfm_wire *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int vfm_wire_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
uint64_t vfm_wire_now_ns(const struct vfm_wire *w);
/* value of key= in a comma-separated option list, copied to out */
int vfm_wire_opt(const char *args, const char *key, char *out, size_t len);
/* "HOST:PORT" / "[V6]:PORT" -> address; passive: empty HOST = any */
int vfm_wire_addr(const char *hostport, int passive, int socktype,
		  struct sockaddr_storage *ss, socklen_t *sslen,
		  char *err, size_t errlen);
/* "HOST:PORT" of a bound or peer address */
void vfm_wire_addr_str(const struct sockaddr *sa, char *buf, size_t len);
/* eventfd-based "frames queued" flag for loopback and pcap replay */
int vfm_wire_flag_new(void);
void vfm_wire_flag_set(int fd, int on);

/* backends: each fills w->ops, w->be, w->fd, w->name, or fails with err */
int vfm_wire_loop_open(struct vfm_wire *w, const char *args, char *err,
		       size_t errlen);
int vfm_wire_pcap_open(struct vfm_wire *w, const char *args, char *err,
		       size_t errlen);
int vfm_wire_tap_open(struct vfm_wire *w, const char *args, char *err,
		      size_t errlen);
int vfm_wire_dgram_open(struct vfm_wire *w, const char *args, char *err,
			size_t errlen);
int vfm_wire_stream_open(struct vfm_wire *w, const char *args, char *err,
			 size_t errlen);

/* ---- pcap reader (vfm_wire_pcap.c): a parser over a file in memory ---- */
#define VFM_PCAP_MAX_RECORD	262144	/* libpcap's largest snapshot length */

struct vfm_pcap_reader {
	const uint8_t *buf;
	size_t len, off;
	int swap;		/* file byte order differs from ours */
	int nsec;		/* nanosecond timestamps */
	unsigned fcs_len;	/* FCS bytes at the end of every frame */
	unsigned long rec;	/* records read so far */
};

struct vfm_pcap_rec {
	const uint8_t *data;	/* into the reader's buffer, FCS removed */
	uint32_t caplen, origlen;
	uint64_t ts_ns;
};

/* 0, or -1 with the reason (not pcap, pcapng, link type) in err */
int vfm_pcap_reader_init(struct vfm_pcap_reader *r, const uint8_t *buf,
			 size_t len, char *err, size_t errlen);
/* 1 a record, 0 end of file, -1 truncated/garbage with the reason in err */
int vfm_pcap_reader_next(struct vfm_pcap_reader *r, struct vfm_pcap_rec *rec,
			 char *err, size_t errlen);

/* ---- stream framing (vfm_wire_stream.c): 4-byte BE length + frame ---- */
struct vfm_stream_rx {
	uint8_t hdr[4];
	uint32_t hdr_got;
	uint32_t len;		/* frame length from the prefix */
	uint32_t got;		/* frame bytes so far */
	int in_frame;		/* prefix complete, reading the frame */
	uint8_t frame[VFM_WIRE_MAX_FRAME];
};

void vfm_stream_rx_reset(struct vfm_stream_rx *p);
/* where the next bytes go and how many are wanted (never more than the
 * current element, so a reader never takes bytes of the next frame) */
uint8_t *vfm_stream_rx_space(struct vfm_stream_rx *p, size_t *want);
/* n (<= want) bytes were stored: 1 frame complete (frame, len), 0 more
 * needed, -1 bad length prefix (len holds it; reset before reuse) */
int vfm_stream_rx_commit(struct vfm_stream_rx *p, size_t n);

#endif /* VFM_WIRE_INT_H */
