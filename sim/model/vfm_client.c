/* SPDX-License-Identifier: MIT */
/*
 * vfnic model: client lifecycle (accept, HELLO, disconnect) and the message
 * level of the transport (reading client rings, answering PING/RESET,
 * ERROR replies, the per-client overflow queue).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vfm.h"

static const char *const err_names[] = {
	[VFN_ERR_UNKNOWN_TYPE] = "UNKNOWN_TYPE",
	[VFN_ERR_TRUNCATED] = "TRUNCATED",
	[VFN_ERR_BAD_TLP] = "BAD_TLP",
	[VFN_ERR_NOT_OWNER] = "NOT_OWNER",
	[VFN_ERR_FRAMING] = "FRAMING",
	[VFN_ERR_DMA_WINDOW] = "DMA_WINDOW",
	[VFN_ERR_OVERFLOW] = "OVERFLOW",
};

struct vfm_client *vfm_client_find(struct vfm *m, uint32_t id)
{
	unsigned i;

	if (!id)
		return NULL;
	for (i = 0; i < VFM_MAX_CLIENTS; i++)
		if (m->clients[i] && m->clients[i]->id == id)
			return m->clients[i];
	return NULL;
}

/*
 * Who owns a routing function: function 0 and every VF function (1 ..
 * TotalVFs, as the RTL reports it) that no VF client has claimed belong to
 * the PF/TEST client. 0 = nobody.
 */
uint32_t vfm_func_owner(const struct vfm *m, unsigned func)
{
	if (func >= VFM_NFUNCS)
		return 0;
	if (m->func_owner[func] || func == 0)
		return m->func_owner[func];
	return func <= m->sr.total ? m->func_owner[0] : 0;
}

int vfm_client_owns(const struct vfm *m, const struct vfm_client *c,
		    unsigned func)
{
	return vfm_func_owner(m, func) == c->id;
}

void vfm_client_accept(struct vfm *m)
{
	for (;;) {
		struct vfm_client *c;
		unsigned i;
		int fd = vfn_server_accept(m->listen_fd);

		if (fd < 0) {
			if (fd != -EAGAIN && fd != -EINTR)
				vfm_log(m, "accept: %s", strerror(-fd));
			return;
		}
		for (i = 0; i < VFM_MAX_CLIENTS && m->clients[i]; i++)
			;
		c = i < VFM_MAX_CLIENTS ? calloc(1, sizeof(*c)) : NULL;
		if (!c) {
			struct vfn_welcome w;

			vfn_welcome_init(&w, VFN_E_RESOURCE,
					 "model has no free client slot");
			vfn_server_send_welcome(fd, &w, NULL);
			vfm_log(m, "refused a connection: no free client slot");
			close(fd);
			continue;
		}
		c->id = ++m->next_client_id;
		c->sock = fd;
		c->accepted_ns = vfm_now_ns();
		strcpy(c->name, "(hello pending)");
		for (i = 0; i < VFN_NFDS; i++)
			c->shm.fds[i] = -1;
		for (i = 0; i < VFM_MAX_CLIENTS; i++) {
			if (!m->clients[i]) {
				m->clients[i] = c;
				break;
			}
		}
	}
}

static void free_ovf(struct vfm_client *c)
{
	while (c->ovf_head) {
		struct vfm_qmsg *q = c->ovf_head;

		c->ovf_head = q->next;
		free(q);
	}
	c->ovf_tail = NULL;
	c->ovf_bytes = 0;
}

void vfm_client_drop(struct vfm *m, struct vfm_client *c, const char *why)
{
	unsigned i;

	if (c->active)
		vfm_log_client(m, c, "disconnected: %s (in %llu, out %llu messages)",
			       why, (unsigned long long)c->msgs_in,
			       (unsigned long long)c->msgs_out);
	if (c->active)
		vfm_route_client_gone(m, c);
	for (i = 0; i < VFM_NFUNCS; i++)
		if (m->func_owner[i] == c->id)
			m->func_owner[i] = 0;
	for (i = 0; i < VFM_MAX_CLIENTS; i++)
		if (m->clients[i] == c)
			m->clients[i] = NULL;
	free_ovf(c);
	vfn_server_shm_destroy(&c->shm);
	close(c->sock);
	free(c);
}

/* drop every client whose socket has been closed by the peer */
void vfm_client_reap(struct vfm *m)
{
	unsigned i;

	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];
		struct pollfd p;

		if (!c || !c->active)
			continue;
		p.fd = c->sock;
		p.events = POLLIN;
		if (poll(&p, 1, 0) == 1)
			vfm_client_on_socket(m, c);
	}
}

static void refuse(struct vfm *m, struct vfm_client *c, uint32_t status,
		   const char *text)
{
	struct vfn_welcome w;

	vfn_welcome_init(&w, status, "%s", text);
	vfn_server_send_welcome(c->sock, &w, NULL);
	vfm_log(m, "refused client '%s' (status %u): %s", c->name, status, text);
	m->st.rejects++;
	vfm_client_drop(m, c, "refused");
}

static void decide_hello(struct vfm *m, struct vfm_client *c);

static void on_hello(struct vfm *m, struct vfm_client *c,
		     const struct vfn_hello *h, long n)
{
	char text[VFN_TEXT_LEN];
	char *p;

	c->hello = *h;
	snprintf(c->name, sizeof(c->name), "%s", h->name[0] ? h->name : "?");
	for (p = c->name; *p; p++)	/* the name goes into the log as is */
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	if (n < (long)sizeof(*h) || h->magic != VFN_MAGIC ||
	    h->version != VFN_VERSION) {
		snprintf(text, sizeof(text),
			 "bad HELLO: %ld bytes, magic %#x, version %u (want %zu, %#x, %u)",
			 n, h->magic, h->version, sizeof(*h), VFN_MAGIC,
			 VFN_VERSION);
		refuse(m, c, VFN_E_VERSION, text);
		return;
	}
	if (h->nwindows > VFN_MAX_WINDOWS) {
		snprintf(text, sizeof(text), "bad HELLO: %u DMA windows (max %u)",
			 h->nwindows, VFN_MAX_WINDOWS);
		refuse(m, c, VFN_E_VERSION, text);
		return;
	}
	switch (h->role) {
	case VFN_ROLE_PF:
	case VFN_ROLE_TEST:
	case VFN_ROLE_VF:
		break;
	default:
		snprintf(text, sizeof(text), "unknown role %u", h->role);
		refuse(m, c, VFN_E_ROLE, text);
		return;
	}
	/* ownership and TotalVFs come from the RTL's SR-IOV capability */
	c->hello_pending = 1;
	if (m->sr.valid)
		decide_hello(m, c);
	else if (!m->sr.probing)
		m->sr.need = 1;	/* else answered when the probe ends */
}

/* returns 0 when the PF is free, else refuses c (c is freed) */
static int claim_pf(struct vfm *m, struct vfm_client *c)
{
	char text[VFN_TEXT_LEN];
	struct vfm_client *o;

	if (m->func_owner[0]) {
		/* a previous owner may have closed just now */
		vfm_client_reap(m);
	}
	if (!m->func_owner[0])
		return 0;
	o = vfm_client_find(m, m->func_owner[0]);
	snprintf(text, sizeof(text), "the PF is owned by client '%s' #%u",
		 o ? o->name : "?", m->func_owner[0]);
	refuse(m, c, VFN_E_BUSY, text);
	return -1;
}

/* returns 0 when VF func exists, is enabled and free, else refuses c */
static int claim_vf(struct vfm *m, struct vfm_client *c, unsigned *n)
{
	char text[VFN_TEXT_LEN];
	unsigned func = c->hello.func;
	int st = vfm_sriov_vf_check(m, func, n, text, sizeof(text));
	struct vfm_client *o;

	if (st) {
		refuse(m, c, (uint32_t)st, text);
		return -1;
	}
	if (m->func_owner[func])
		vfm_client_reap(m);
	if (!m->func_owner[func])
		return 0;
	o = vfm_client_find(m, m->func_owner[func]);
	snprintf(text, sizeof(text), "VF %u (function %u) is owned by client "
		 "'%s' #%u", *n, func, o ? o->name : "?", m->func_owner[func]);
	refuse(m, c, VFN_E_BUSY, text);
	return -1;
}

/* second half of a HELLO, once the SR-IOV state is known */
static void decide_hello(struct vfm *m, struct vfm_client *c)
{
	const struct vfn_hello *h = &c->hello;
	struct vfn_welcome w;
	char text[VFN_TEXT_LEN];
	unsigned func = 0, n = 0;
	int e;

	c->hello_pending = 0;
	if (h->role == VFN_ROLE_VF) {
		if (claim_vf(m, c, &n) < 0)
			return;
		func = h->func;
		snprintf(text, sizeof(text), "welcome: VF %u, routing function "
			 "%u; memory requests BAR-relative", n, func);
	} else {
		if (claim_pf(m, c) < 0)
			return;
		snprintf(text, sizeof(text), "welcome: PF (function 0) and "
			 "%u unclaimed VF function(s)", m->sr.total);
	}
	e = vfn_server_shm_create(&c->shm, m->ring_bytes, "vfnic-rings");
	if (e < 0) {
		snprintf(text, sizeof(text), "cannot create rings: %s",
			 strerror(-e));
		refuse(m, c, VFN_E_RESOURCE, text);
		return;
	}
	vfn_welcome_init(&w, VFN_OK, "%s", text);
	vfn_welcome_set_shm(&w, &c->shm);
	w.client_id = c->id;
	w.total_vfs = m->sr.total;
	e = vfn_server_send_welcome(c->sock, &w, &c->shm);
	if (e < 0) {
		vfm_log(m, "client '%s': sending WELCOME: %s", c->name,
			strerror(-e));
		vfm_client_drop(m, c, "welcome failed");
		return;
	}
	c->active = 1;
	m->func_owner[func] = c->id;
	m->st.clients++;
	if (h->role == VFN_ROLE_VF)
		vfm_log_client(m, c, "connected: role VF %u (function %u), "
			       "%u DMA window(s)", n, func, h->nwindows);
	else
		vfm_log_client(m, c, "connected: role %s, %u DMA window(s)",
			       h->role == VFN_ROLE_PF ? "PF" : "TEST",
			       h->nwindows);
}

/* the SR-IOV probe has finished: answer the HELLOs that waited for it */
void vfm_client_hellos_ready(struct vfm *m)
{
	unsigned i;

	for (i = 0; i < VFM_MAX_CLIENTS && m->sr.valid; i++) {
		struct vfm_client *c = m->clients[i];

		if (c && c->hello_pending)
			decide_hello(m, c);
	}
}

void vfm_client_on_socket(struct vfm *m, struct vfm_client *c)
{
	struct vfn_hello h;
	long n = vfn_server_recv_hello(c->sock, &h);

	if (n == -EAGAIN)
		return;
	if (n <= 0) {
		uint32_t id = c->id;

		/*
		 * What the client queued before it went is executed like TLPs
		 * already on a link, as far as the RTL queues take them; the
		 * rest is discarded by the drop.
		 */
		if (c->active)
			vfm_client_read(m, c);
		if (vfm_client_find(m, id))
			vfm_client_drop(m, c, n == 0 ? "socket closed" :
					strerror((int)-n));
		return;
	}
	if (!c->active && !c->hello_pending) {
		on_hello(m, c, &h, n);
		return;
	}
	/* nothing is sent after HELLO: ignore it, but say so */
	vfm_log_client(m, c, "ignored a %ld-byte datagram on the socket", n);
}

/* ---- model -> client ---- */

static int ovf_push(struct vfm *m, struct vfm_client *c,
		    const struct vfn_msg *msg)
{
	struct vfm_qmsg *q;

	if (c->ovf_bytes + msg->len > m->ovf_limit)
		return -ENOSPC;
	q = malloc(sizeof(*q) - sizeof(q->msg) + msg->len);
	if (!q)
		return -ENOMEM;
	q->next = NULL;
	memcpy(&q->msg, msg, msg->len);
	if (c->ovf_tail)
		c->ovf_tail->next = q;
	else
		c->ovf_head = q;
	c->ovf_tail = q;
	c->ovf_bytes += msg->len;
	return 0;
}

/* move queued messages into the ring while it has room */
void vfm_client_flush(struct vfm *m, struct vfm_client *c)
{
	(void)m;
	while (c->ovf_head) {
		struct vfm_qmsg *q = c->ovf_head;

		if (vfn_ring_put_raw(&c->shm.tx, &q->msg) < 0)
			return;
		c->ovf_head = q->next;
		if (!c->ovf_head)
			c->ovf_tail = NULL;
		c->ovf_bytes -= q->msg.len;
		free(q);
	}
}

static void overflowed(struct vfm *m, struct vfm_client *c)
{
	struct vfn_error e = { 0 };

	snprintf(e.text, sizeof(e.text),
		 "model->client queue passed %zu bytes: client does not drain its ring",
		 m->ovf_limit);
	vfm_log_client(m, c, "OVERFLOW: %s", e.text);
	m->st.rejects++;
	vfn_ring_put(&c->shm.tx, VFN_MSG_ERROR, 0, VFN_ERR_OVERFLOW, &e,
		     sizeof(e));
	vfm_client_drop(m, c, "overflow");
}

/*
 * Send one message (body = b1 then b2) to c, through its overflow queue
 * when the ring is full. Returns 0, or -EPIPE when the client had to be
 * dropped (c is then freed).
 */
int vfm_client_send(struct vfm *m, struct vfm_client *c, uint16_t type,
		    uint16_t func, uint32_t aux, const void *b1, size_t l1,
		    const void *b2, size_t l2)
{
	static uint64_t buf[VFM_MSG_BUF / 8];
	struct vfn_msg *msg = (struct vfn_msg *)buf;
	size_t len = sizeof(*msg) + l1 + l2;

	len = (len + 7) & ~(size_t)7;
	if (len > sizeof(buf))
		return -EMSGSIZE;
	msg->type = type;
	msg->func = func;
	msg->len = (uint32_t)len;
	msg->seq = 0;
	msg->aux = aux;
	if (l1)
		memcpy(msg + 1, b1, l1);
	if (l2)
		memcpy((uint8_t *)(msg + 1) + l1, b2, l2);
	memset((uint8_t *)(msg + 1) + l1 + l2, 0, len - sizeof(*msg) - l1 - l2);
	c->msgs_out++;
	m->st.msgs_out++;
	if (!c->ovf_head && vfn_ring_put_raw(&c->shm.tx, msg) == 0)
		return 0;
	if (ovf_push(m, c, msg) < 0) {
		overflowed(m, c);
		return -EPIPE;
	}
	return 0;
}

void vfm_client_error(struct vfm *m, struct vfm_client *c, uint32_t err,
		      const struct vfn_msg *bad, const char *fmt, ...)
{
	struct vfn_error e;
	va_list ap;

	memset(&e, 0, sizeof(e));
	e.bad_seq = bad ? bad->seq : 0;
	e.bad_type = bad ? bad->type : 0;
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof(e.text), fmt, ap);
	va_end(ap);
	m->st.rejects++;
	vfm_log_client(m, c, "%s: message seq %u type %u: %s",
		       err < sizeof(err_names) / sizeof(err_names[0]) &&
		       err_names[err] ? err_names[err] : "?",
		       e.bad_seq, e.bad_type, e.text);
	vfm_client_send(m, c, VFN_MSG_ERROR, bad ? bad->func : 0, err, &e,
			sizeof(e), NULL, 0);
}

/* ---- client -> model ---- */

/* best-effort identity of the record that broke the framing */
static void framing_error(struct vfm *m, struct vfm_client *c)
{
	struct vfn_ring *r = &c->shm.rx;
	uint32_t tail = r->ctrl->tail;
	struct vfn_msg bad = { 0 };
	uint32_t id = c->id;

	memcpy(&bad, r->data + (tail & (r->size - 1) & ~7u), 16);
	vfm_client_error(m, c, VFN_ERR_FRAMING, &bad,
			 "ring framing broken at byte %u (len %u, head %u): "
			 "disconnecting", tail, bad.len, r->ctrl->head);
	if (vfm_client_find(m, id))
		vfm_client_drop(m, c, "framing error");
}

/* returns 0 to go on reading, -1 when c was dropped */
static int handle_msg(struct vfm *m, struct vfm_client *c,
		      const struct vfn_msg *msg)
{
	uint32_t id = c->id;	/* c may be freed below */

	switch (msg->type) {
	case VFN_MSG_TLP:
		vfm_route_client_tlp(m, c, msg);
		break;
	case VFN_MSG_PING:
		vfm_client_send(m, c, VFN_MSG_PONG, msg->func, msg->seq, NULL,
				0, NULL, 0);
		break;
	case VFN_MSG_RESET:
		if (c->hello.role != VFN_ROLE_PF && c->hello.role != VFN_ROLE_TEST) {
			vfm_client_error(m, c, VFN_ERR_NOT_OWNER, msg,
					 "RESET needs the PF or TEST role");
			break;
		}
		vfm_log_client(m, c, "RESET (seq %u)", msg->seq);
		vfm_route_start_reset(m, c, msg->seq);
		break;
	default:
		vfm_client_error(m, c, VFN_ERR_UNKNOWN_TYPE, msg,
				 "message type %u is not one a client sends",
				 msg->type);
		break;
	}
	return vfm_client_find(m, id) ? 0 : -1;
}

/*
 * Read c's ring while the RTL input queues have room, at most
 * VFM_READ_BUDGET messages per call so that one busy client cannot starve
 * the others.
 */
void vfm_client_read(struct vfm *m, struct vfm_client *c)
{
	static uint64_t buf[VFM_MSG_BUF / 8];
	unsigned budget = VFM_READ_BUDGET;

	while (budget-- && m->cq.count < VFM_QUEUE_LIMIT &&
	       m->rc.count < VFM_QUEUE_LIMIT) {
		long n;

		/*
		 * While the model probes the SR-IOV capability, nothing else
		 * may reach the RTL (the probe sizes the VF BARs). A VF
		 * client's requests need the probe's result to be translated.
		 */
		if (m->sr.probing)
			return;
		if (c->hello.role == VFN_ROLE_VF && !m->sr.valid) {
			if (vfn_ring_used(&c->shm.rx))
				m->sr.need = 1;
			return;
		}
		n = vfn_ring_read(&c->shm.rx, buf, sizeof(buf));

		if (n == 0)
			return;
		if (n < 0) {
			framing_error(m, c);
			return;
		}
		c->msgs_in++;
		m->st.msgs_in++;
		if (handle_msg(m, c, (const struct vfn_msg *)buf) < 0)
			return;
	}
}
