/* SPDX-License-Identifier: MIT */
/*
 * Model-side half of the vfnic transport (docs/transport.md): listening
 * socket, per-client shared memory and eventfds, the welcome datagram, and
 * the ring calls a consumer of untrusted input needs. Also used by the
 * transport unit test. Not part of the client API (vfn_transport.h).
 */
#ifndef VFN_SERVER_H
#define VFN_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "vfn_transport.h"

#define VFN_RING_BYTES_DEFAULT	(1u << 20)
/* smallest ring that always fits a largest message after a PAD */
#define VFN_RING_BYTES_MIN	(1u << 14)

/* point r at a control block followed by its data area */
void vfn_ring_init(struct vfn_ring *r, void *ctrl, uint32_t size, int kick_fd);
/*
 * consumer: copy the next message (PADs skipped) into buf and pop it.
 * Returns its length, 0 when empty, -EPROTO on broken framing (nothing is
 * consumed). The length is read from shared memory once, so a producer that
 * rewrites a message while it is read cannot make it inconsistent.
 */
long vfn_ring_read(struct vfn_ring *r, void *buf, size_t buf_len);
/* producer: enqueue a fully built message (m->len valid); seq is stamped */
int vfn_ring_put_raw(struct vfn_ring *r, const struct vfn_msg *m);

/* the shared memory and eventfds of one client, as the model holds them */
struct vfn_server_shm {
	int fds[VFN_NFDS];	/* memfd, c2m eventfd, m2c eventfd */
	void *shm;
	size_t shm_size;
	uint32_t ring_bytes;
	struct vfn_ring rx;	/* client -> model: the model consumes */
	struct vfn_ring tx;	/* model -> client: the model produces */
};

/* bind + listen (SOCK_SEQPACKET, non-blocking); removes a stale socket
 * file first. Returns the fd or -errno. */
int vfn_server_listen(const char *path);
/* accept one connection (non-blocking, close-on-exec); -errno on failure */
int vfn_server_accept(int listen_fd);
/* read one HELLO datagram; returns its length (may be short: the caller
 * checks), 0 on EOF, -EAGAIN when none is there yet, or -errno */
long vfn_server_recv_hello(int sock, struct vfn_hello *h);
/* create the memfd holding both rings and the two eventfds */
int vfn_server_shm_create(struct vfn_server_shm *s, uint32_t ring_bytes,
			  const char *name);
void vfn_server_shm_destroy(struct vfn_server_shm *s);
/* fill a welcome: magic, version, status, text (printf-style) */
void vfn_welcome_init(struct vfn_welcome *w, uint32_t status,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* fill the ring geometry of an OK welcome from s */
void vfn_welcome_set_shm(struct vfn_welcome *w, const struct vfn_server_shm *s);
/* send the welcome; with s (status OK) the three fds go along */
int vfn_server_send_welcome(int sock, const struct vfn_welcome *w,
			    const struct vfn_server_shm *s);

#endif /* VFN_SERVER_H */
