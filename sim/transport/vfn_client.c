/* SPDX-License-Identifier: MIT */
/*
 * Client side of the vfnic transport (docs/transport.md): connect and
 * handshake over the UNIX socket, map the rings, send and wait with
 * spin-then-sleep. Used by QEMU's vfnic devices and the harness.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "vfn_server.h"
#include "vfn_transport.h"

#define CLIENT_SPIN_NS		50000LL		/* spin before sleeping */
#define CLIENT_FULL_SLEEP_NS	1000000L	/* full ring: retry period */
#define WELCOME_TIMEOUT_MS	10000

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* deadline in ns from a timeout in ms; < 0 means none */
static long long deadline_ns(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : now_ns() + timeout_ms * 1000000LL;
}

/* ms left until the deadline for poll(): -1 = forever */
static int ms_left(long long deadline)
{
	long long left;

	if (deadline < 0)
		return -1;
	left = deadline - now_ns();
	if (left <= 0)
		return 0;
	return (int)((left + 999999) / 1000000);
}

void vfn_hello_init(struct vfn_hello *h, enum vfn_role role, uint32_t func,
		    const char *name)
{
	memset(h, 0, sizeof(*h));
	h->magic = VFN_MAGIC;
	h->version = VFN_VERSION;
	h->role = role;
	h->func = func;
	if (name)
		snprintf(h->name, sizeof(h->name), "%s", name);
}

static void set_err(char *err, size_t errlen, const char *what, int e)
{
	if (err && errlen)
		snprintf(err, errlen, "%s: %s", what, strerror(e));
}

static void client_reset(struct vfn_client *c)
{
	int i;

	memset(c, 0, sizeof(*c));
	c->sock = -1;
	for (i = 0; i < VFN_NFDS; i++)
		c->fds[i] = -1;
}

void vfn_client_close(struct vfn_client *c)
{
	int i;

	if (c->shm)
		munmap(c->shm, c->shm_size);
	for (i = 0; i < VFN_NFDS; i++)
		if (c->fds[i] >= 0)
			close(c->fds[i]);
	if (c->sock >= 0)
		close(c->sock);
	client_reset(c);
}

/* receive the welcome and up to VFN_NFDS descriptors; returns count or -errno */
static int recv_welcome(struct vfn_client *c, int *nfds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * 8)];
	} cm;
	struct iovec iov = { .iov_base = &c->welcome,
			     .iov_len = sizeof(c->welcome) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cm.buf,
			     .msg_controllen = sizeof(cm.buf) };
	struct pollfd pfd = { .fd = c->sock, .events = POLLIN };
	struct cmsghdr *cmh;
	ssize_t n;
	int r;

	*nfds = 0;
	do {
		r = poll(&pfd, 1, WELCOME_TIMEOUT_MS);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return -ETIMEDOUT;
	memset(&cm, 0, sizeof(cm));
	do {
		n = recvmsg(c->sock, &mh, MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	for (cmh = CMSG_FIRSTHDR(&mh); cmh; cmh = CMSG_NXTHDR(&mh, cmh)) {
		int k, cnt;
		int fds[8];

		if (cmh->cmsg_level != SOL_SOCKET || cmh->cmsg_type != SCM_RIGHTS)
			continue;
		cnt = (int)((cmh->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(fds, CMSG_DATA(cmh), sizeof(int) * (size_t)cnt);
		for (k = 0; k < cnt; k++) {
			if (*nfds < VFN_NFDS)
				c->fds[(*nfds)++] = fds[k];
			else
				close(fds[k]);	/* more than the protocol has */
		}
	}
	if (n == 0)
		return -ECONNRESET;
	if ((size_t)n < sizeof(c->welcome) || (mh.msg_flags & MSG_TRUNC))
		return -EPROTO;
	return 0;
}

/* check that the rings the welcome describes lie inside the memfd */
static int check_geometry(const struct vfn_welcome *w, int shm_fd)
{
	uint64_t half = (uint64_t)VFN_RING_CTRL_BYTES + w->ring_bytes;
	struct stat st;

	if (w->ring_bytes < VFN_RING_BYTES_MIN ||
	    (w->ring_bytes & (w->ring_bytes - 1)))
		return -EPROTO;
	if ((w->c2m_off | w->m2c_off) & (VFN_RING_CTRL_BYTES - 1))
		return -EPROTO;
	if (w->c2m_off + half > w->shm_size || w->m2c_off + half > w->shm_size)
		return -EPROTO;
	if (fstat(shm_fd, &st) < 0)
		return -errno;
	if ((uint64_t)st.st_size < w->shm_size)
		return -EPROTO;
	return 0;
}

int vfn_client_connect(struct vfn_client *c, const char *socket_path,
		       const struct vfn_hello *hello, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vfn_welcome *w = &c->welcome;
	int nfds, e, i;
	ssize_t n;

	client_reset(c);
	if (strlen(socket_path) >= sizeof(sa.sun_path)) {
		set_err(err, errlen, socket_path, ENAMETOOLONG);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, socket_path);
	c->sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (c->sock < 0) {
		e = -errno;
		set_err(err, errlen, "socket", errno);
		goto fail;
	}
	if (connect(c->sock, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		e = -errno;
		set_err(err, errlen, socket_path, errno);
		goto fail;
	}
	n = send(c->sock, hello, sizeof(*hello), MSG_NOSIGNAL);
	if (n != (ssize_t)sizeof(*hello)) {
		e = n < 0 ? -errno : -EIO;
		set_err(err, errlen, "send HELLO", -e);
		goto fail;
	}
	e = recv_welcome(c, &nfds);
	if (e < 0) {
		set_err(err, errlen, "receive WELCOME", -e);
		goto fail;
	}
	if (w->magic != VFN_MAGIC || w->version != VFN_VERSION) {
		e = -EPROTO;
		if (err && errlen)
			snprintf(err, errlen, "model speaks magic %#x version %u",
				 w->magic, w->version);
		goto fail;
	}
	if (w->status != VFN_OK) {
		e = (int)w->status;
		w->text[VFN_TEXT_LEN - 1] = 0;
		if (err && errlen)
			snprintf(err, errlen, "model refused (status %u): %s",
				 w->status, w->text);
		goto fail;
	}
	if (nfds != VFN_NFDS) {
		e = -EPROTO;
		if (err && errlen)
			snprintf(err, errlen, "welcome carried %d fds, not %d",
				 nfds, VFN_NFDS);
		goto fail;
	}
	e = check_geometry(w, c->fds[VFN_FD_SHM]);
	if (e < 0) {
		set_err(err, errlen, "welcome ring geometry", -e);
		goto fail;
	}
	c->shm_size = w->shm_size;
	c->shm = mmap(NULL, c->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      c->fds[VFN_FD_SHM], 0);
	if (c->shm == MAP_FAILED) {
		c->shm = NULL;
		e = -errno;
		set_err(err, errlen, "mmap", errno);
		goto fail;
	}
	/* draining an eventfd must never block */
	for (i = VFN_FD_C2M; i <= VFN_FD_M2C; i++) {
		int fl = fcntl(c->fds[i], F_GETFL);

		if (fl < 0 || fcntl(c->fds[i], F_SETFL, fl | O_NONBLOCK) < 0) {
			e = -errno;
			set_err(err, errlen, "fcntl", errno);
			goto fail;
		}
	}
	vfn_ring_init(&c->tx, (uint8_t *)c->shm + w->c2m_off, w->ring_bytes,
		      c->fds[VFN_FD_C2M]);
	vfn_ring_init(&c->rx, (uint8_t *)c->shm + w->m2c_off, w->ring_bytes,
		      c->fds[VFN_FD_M2C]);
	if (err && errlen)
		err[0] = 0;
	return 0;
fail:
	{
		struct vfn_welcome keep = c->welcome;

		vfn_client_close(c);
		c->welcome = keep;	/* the caller may want its text */
	}
	return e;
}

int vfn_client_notify_fd(const struct vfn_client *c)
{
	return c->fds[VFN_FD_M2C];
}

/* 1 when the model has closed our socket */
static int model_gone(struct vfn_client *c, int timeout_ms)
{
	struct pollfd pfd = { .fd = c->sock, .events = POLLIN };

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return 0;
	return (pfd.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

int vfn_client_send(struct vfn_client *c, uint16_t type, uint16_t func,
		    uint32_t aux, const void *body, size_t body_len,
		    int timeout_ms)
{
	long long deadline = deadline_ns(timeout_ms);
	long long spin_end = now_ns() + CLIENT_SPIN_NS;
	struct timespec nap = { 0, CLIENT_FULL_SLEEP_NS };

	for (;;) {
		int r = vfn_ring_put(&c->tx, type, func, aux, body, body_len);

		if (r != -EAGAIN)
			return r;
		if (deadline >= 0 && now_ns() >= deadline)
			return -ETIMEDOUT;
		if (now_ns() < spin_end)
			continue;
		if (model_gone(c, 0))
			return -EPIPE;
		nanosleep(&nap, NULL);
	}
}

int vfn_client_send_tlp(struct vfn_client *c, uint16_t func,
			const uint32_t hdr[4], const void *payload,
			unsigned payload_dw, int timeout_ms)
{
	uint8_t body[16 + 4096];

	if (payload_dw > 1024)
		return -EMSGSIZE;
	memcpy(body, hdr, 16);
	if (payload_dw)
		memcpy(body + 16, payload, (size_t)payload_dw * 4);
	return vfn_client_send(c, VFN_MSG_TLP, func, 0, body,
			       16 + (size_t)payload_dw * 4, timeout_ms);
}

const struct vfn_msg *vfn_client_wait(struct vfn_client *c, int timeout_ms,
				      int *err)
{
	long long deadline = deadline_ns(timeout_ms);
	long long spin_end = now_ns() + CLIENT_SPIN_NS;
	const struct vfn_msg *m;
	int e = 0;

	for (;;) {
		struct pollfd pfd[2];
		int r;

		m = vfn_ring_peek(&c->rx, &e);
		if (m || e)
			break;
		if (timeout_ms == 0 || (deadline >= 0 && now_ns() >= deadline)) {
			e = -ETIMEDOUT;
			break;
		}
		if (now_ns() < spin_end) {
			/*
			 * A model sharing our CPU (2 cores, QEMU, a build...)
			 * gets to run; with a CPU of its own this costs a
			 * fraction of a microsecond.
			 */
			sched_yield();
			continue;
		}
		if (!vfn_ring_prepare_sleep(&c->rx))
			continue;
		pfd[0].fd = c->rx.kick_fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = c->sock;
		pfd[1].events = POLLIN;
		r = poll(pfd, 2, ms_left(deadline));
		vfn_ring_end_sleep(&c->rx);
		if (r < 0 && errno != EINTR) {
			e = -errno;
			break;
		}
		if (r > 0 && pfd[1].revents) {
			/* the model may have queued a last ERROR before closing */
			m = vfn_ring_peek(&c->rx, &e);
			if (!m && !e)
				e = -EPIPE;
			break;
		}
	}
	if (err)
		*err = e;
	return m;
}
