/* SPDX-License-Identifier: MIT */
/*
 * The one implementation of the vfnic transport (docs/transport.md):
 * shared-memory rings, used by the model and every client, and client-side
 * setup. Plain C11, no dependencies, so QEMU, the model and the harness
 * compile the same files.
 */
#ifndef VFN_TRANSPORT_H
#define VFN_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "vfn_proto.h"

/* ---- rings (both ends) ---- */

struct vfn_ring {
	struct vfn_ring_ctrl *ctrl;	/* in shared memory */
	uint8_t *data;			/* ring_bytes bytes */
	uint32_t size;			/* ring_bytes, power of two */
	int kick_fd;			/* eventfd of this ring's consumer */
	uint32_t seq;			/* producer: next seq to stamp */
};

/* producer: enqueue one message; returns 0, or -EAGAIN when there is no room */
int vfn_ring_put(struct vfn_ring *r, uint16_t type, uint16_t func,
		 uint32_t aux, const void *body, size_t body_len);
/* producer: enqueue a TLP message (header + payload_dw DWs of payload) */
int vfn_ring_put_tlp(struct vfn_ring *r, uint16_t func, const uint32_t hdr[4],
		     const void *payload, unsigned payload_dw);
/* consumer: next message or NULL; PAD records are skipped. The pointer stays
 * valid until vfn_ring_pop(). A framing error returns NULL and sets *err to
 * -EPROTO. */
const struct vfn_msg *vfn_ring_peek(struct vfn_ring *r, int *err);
void vfn_ring_pop(struct vfn_ring *r);
/* consumer: announce sleep; returns 1 if the ring is still empty (caller may
 * block on kick_fd), 0 if a message arrived meanwhile (waiting cleared). */
int vfn_ring_prepare_sleep(struct vfn_ring *r);
void vfn_ring_end_sleep(struct vfn_ring *r);	/* drains kick_fd, clears waiting */
uint32_t vfn_ring_used(const struct vfn_ring *r);

/* ---- client ---- */

struct vfn_client {
	int sock;			/* kept open: closing it disconnects */
	int fds[VFN_NFDS];
	void *shm;
	size_t shm_size;
	struct vfn_ring tx;		/* client -> model (we produce) */
	struct vfn_ring rx;		/* model -> client (we consume) */
	struct vfn_welcome welcome;
};

/* connect and handshake; on failure returns -errno or a positive
 * enum vfn_status, with a readable reason in err */
int vfn_client_connect(struct vfn_client *c, const char *socket_path,
		       const struct vfn_hello *hello, char *err, size_t errlen);
void vfn_client_close(struct vfn_client *c);
/* the eventfd that becomes readable when the model has sent something while
 * this client was sleeping (for main-loop integration, e.g. QEMU) */
int vfn_client_notify_fd(const struct vfn_client *c);
/* send, waiting for room (spin, then sleep) up to timeout_ms; -ETIMEDOUT */
int vfn_client_send(struct vfn_client *c, uint16_t type, uint16_t func,
		    uint32_t aux, const void *body, size_t body_len,
		    int timeout_ms);
int vfn_client_send_tlp(struct vfn_client *c, uint16_t func,
			const uint32_t hdr[4], const void *payload,
			unsigned payload_dw, int timeout_ms);
/* wait until a message is available: spin ~50 us, then sleep on the
 * eventfd. Returns the message (pop it with vfn_ring_pop(&c->rx)), or NULL
 * with *err = -ETIMEDOUT, -EPIPE (model gone) or -EPROTO. */
const struct vfn_msg *vfn_client_wait(struct vfn_client *c, int timeout_ms,
				      int *err);

/* helper for a hello with defaults */
void vfn_hello_init(struct vfn_hello *h, enum vfn_role role, uint32_t func,
		    const char *name);

#endif /* VFN_TRANSPORT_H */
