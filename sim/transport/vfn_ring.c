/* SPDX-License-Identifier: MIT */
/*
 * Shared-memory SPSC message rings of the vfnic transport (docs/transport.md
 * section 2). Both ends of every ring, model and clients, use this file.
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "vfn_server.h"
#include "vfn_transport.h"

/*
 * The control block is shared memory written by another process, so its
 * words are accessed through atomic views. A 32-bit aligned word has the
 * same representation as _Atomic uint32_t on every ABI we target (x86-64).
 */
static inline _Atomic uint32_t *aword(uint32_t *p)
{
	return (_Atomic uint32_t *)p;
}

static inline uint32_t load_acq(uint32_t *p)
{
	return atomic_load_explicit(aword(p), memory_order_acquire);
}

static inline uint32_t load_rlx(uint32_t *p)
{
	return atomic_load_explicit(aword(p), memory_order_relaxed);
}

static inline void store_rel(uint32_t *p, uint32_t v)
{
	atomic_store_explicit(aword(p), v, memory_order_release);
}

static inline void store_rlx(uint32_t *p, uint32_t v)
{
	atomic_store_explicit(aword(p), v, memory_order_relaxed);
}

static inline size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

/* after publishing head: wake the consumer if it announced sleep */
static void ring_kick(struct vfn_ring *r)
{
	uint64_t one = 1;

	atomic_thread_fence(memory_order_seq_cst);
	if (load_rlx(&r->ctrl->waiting) && r->kick_fd >= 0) {
		/* EAGAIN means the counter is already non-zero: still woken */
		if (write(r->kick_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
			return;
	}
}

/*
 * Reserve room for a message of len bytes at the current head, writing a PAD
 * first when it would not fit before the end of the data area. Returns the
 * data offset to write the message at, or -1 when the ring has no room.
 * *new_head receives head after the message.
 */
static long ring_reserve(struct vfn_ring *r, uint32_t len, uint32_t *new_head)
{
	uint32_t head = load_rlx(&r->ctrl->head);
	uint32_t tail = load_acq(&r->ctrl->tail);
	uint32_t used = head - tail;
	uint32_t off = head & (r->size - 1);
	uint32_t to_end = r->size - off;
	uint32_t need = len;

	if (used > r->size)	/* consumer corrupted tail: treat as full */
		return -1;
	if (to_end < len)
		need += to_end;
	if (r->size - used < need)
		return -1;
	if (to_end < len) {
		struct vfn_msg *pad = (struct vfn_msg *)(r->data + off);

		/* a PAD of 8 bytes has only type, func and len */
		pad->type = VFN_MSG_PAD;
		pad->func = 0;
		pad->len = to_end;
		if (to_end >= sizeof(*pad)) {
			pad->seq = 0;
			pad->aux = 0;
		}
		off = 0;
	}
	*new_head = head + need;
	return off;
}

static int ring_put2(struct vfn_ring *r, uint16_t type, uint16_t func,
		     uint32_t aux, const void *b1, size_t l1,
		     const void *b2, size_t l2)
{
	size_t body = l1 + l2;
	size_t len = round8(sizeof(struct vfn_msg) + body);
	struct vfn_msg *m;
	uint32_t new_head;
	uint8_t *p;
	long off;

	if (len > round8(VFN_MSG_MAX) || len > r->size / 2)
		return -EMSGSIZE;
	off = ring_reserve(r, (uint32_t)len, &new_head);
	if (off < 0)
		return -EAGAIN;
	m = (struct vfn_msg *)(r->data + off);
	m->type = type;
	m->func = func;
	m->len = (uint32_t)len;
	m->seq = r->seq++;
	m->aux = aux;
	p = (uint8_t *)(m + 1);
	if (l1)
		memcpy(p, b1, l1);
	if (l2)
		memcpy(p + l1, b2, l2);
	if (len > sizeof(*m) + body)
		memset(p + body, 0, len - sizeof(*m) - body);
	store_rel(&r->ctrl->head, new_head);
	ring_kick(r);
	return 0;
}

int vfn_ring_put(struct vfn_ring *r, uint16_t type, uint16_t func,
		 uint32_t aux, const void *body, size_t body_len)
{
	return ring_put2(r, type, func, aux, body, body_len, NULL, 0);
}

int vfn_ring_put_tlp(struct vfn_ring *r, uint16_t func, const uint32_t hdr[4],
		     const void *payload, unsigned payload_dw)
{
	return ring_put2(r, VFN_MSG_TLP, func, 0, hdr, 16, payload,
			 (size_t)payload_dw * 4);
}

int vfn_ring_put_raw(struct vfn_ring *r, const struct vfn_msg *m)
{
	uint32_t new_head;
	long off;

	if (m->len < sizeof(*m) || (m->len & 7) ||
	    m->len > round8(VFN_MSG_MAX) || m->len > r->size / 2)
		return -EMSGSIZE;
	off = ring_reserve(r, m->len, &new_head);
	if (off < 0)
		return -EAGAIN;
	memcpy(r->data + off, m, m->len);
	((struct vfn_msg *)(r->data + off))->seq = r->seq++;
	store_rel(&r->ctrl->head, new_head);
	ring_kick(r);
	return 0;
}

/*
 * Validate the record at tail. Returns its length (PAD included), 0 when the
 * ring is empty, or -EPROTO when the framing is broken. *is_pad tells PADs.
 * The length is read once, so a producer rewriting it concurrently cannot
 * make the consumer use two different values.
 */
static long ring_next(struct vfn_ring *r, uint32_t *tailp, int *is_pad)
{
	uint32_t head = load_acq(&r->ctrl->head);
	uint32_t tail = load_rlx(&r->ctrl->tail);
	uint32_t used = head - tail;
	uint32_t off = tail & (r->size - 1);
	uint32_t to_end = r->size - off;
	volatile struct vfn_msg *m;
	uint16_t type;
	uint32_t len;

	*tailp = tail;
	if (used == 0)
		return 0;
	if (used > r->size || used < 8 || (used & 7) || (off & 7))
		return -EPROTO;
	m = (volatile struct vfn_msg *)(r->data + off);
	type = m->type;
	len = m->len;
	*is_pad = type == VFN_MSG_PAD;
	if (len > used || len > to_end || (len & 7))
		return -EPROTO;
	if (*is_pad) {
		/* a PAD reaches exactly the end of the data area */
		if (len != to_end || len < 8)
			return -EPROTO;
		return len;
	}
	if (len < sizeof(struct vfn_msg) || len > round8(VFN_MSG_MAX))
		return -EPROTO;
	return len;
}

/* skip PADs; returns the length of the message at tail, 0 or -EPROTO */
static long ring_front(struct vfn_ring *r, uint32_t *tailp)
{
	for (;;) {
		int is_pad = 0;
		long len = ring_next(r, tailp, &is_pad);

		if (len <= 0 || !is_pad)
			return len;
		store_rel(&r->ctrl->tail, *tailp + (uint32_t)len);
	}
}

const struct vfn_msg *vfn_ring_peek(struct vfn_ring *r, int *err)
{
	uint32_t tail;
	long len = ring_front(r, &tail);

	if (err)
		*err = len < 0 ? (int)len : 0;
	if (len <= 0)
		return NULL;
	return (const struct vfn_msg *)(r->data + (tail & (r->size - 1)));
}

void vfn_ring_pop(struct vfn_ring *r)
{
	uint32_t tail;
	long len = ring_front(r, &tail);

	/* a broken record is left in place: the next peek reports it */
	if (len > 0)
		store_rel(&r->ctrl->tail, tail + (uint32_t)len);
}

long vfn_ring_read(struct vfn_ring *r, void *buf, size_t buf_len)
{
	uint32_t tail;
	long len = ring_front(r, &tail);

	if (len <= 0)
		return len;
	if ((size_t)len > buf_len)
		return -EPROTO;
	memcpy(buf, r->data + (tail & (r->size - 1)), (size_t)len);
	/* the copy is what we validated: use the length read once */
	((struct vfn_msg *)buf)->len = (uint32_t)len;
	store_rel(&r->ctrl->tail, tail + (uint32_t)len);
	return len;
}

int vfn_ring_prepare_sleep(struct vfn_ring *r)
{
	store_rlx(&r->ctrl->waiting, 1);
	atomic_thread_fence(memory_order_seq_cst);
	if (load_acq(&r->ctrl->head) != load_rlx(&r->ctrl->tail)) {
		store_rlx(&r->ctrl->waiting, 0);
		return 0;
	}
	return 1;
}

void vfn_ring_end_sleep(struct vfn_ring *r)
{
	uint64_t cnt;

	/* kick_fd is non-blocking: an empty counter just fails with EAGAIN */
	if (r->kick_fd >= 0 && read(r->kick_fd, &cnt, sizeof(cnt)) < 0)
		cnt = 0;
	store_rlx(&r->ctrl->waiting, 0);
}

uint32_t vfn_ring_used(const struct vfn_ring *r)
{
	uint32_t *h = (uint32_t *)&r->ctrl->head;
	uint32_t *t = (uint32_t *)&r->ctrl->tail;

	return load_acq(h) - load_acq(t);
}

void vfn_ring_init(struct vfn_ring *r, void *ctrl, uint32_t size, int kick_fd)
{
	r->ctrl = ctrl;
	r->data = (uint8_t *)ctrl + VFN_RING_CTRL_BYTES;
	r->size = size;
	r->kick_fd = kick_fd;
	r->seq = 0;
}
