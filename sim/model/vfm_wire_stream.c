/* SPDX-License-Identifier: MIT */
/*
 * vfnic model wire "stream": QEMU's -netdev stream framing (net/stream.c:
 * a 32-bit big-endian length, then the frame) over TCP or a UNIX socket.
 * listen= and unix= serve one peer at a time and go back to listening when
 * it leaves; connect= connects once. The wire's descriptor is an epoll set
 * holding the listening socket (no peer) or the peer (EPOLLOUT added while
 * output waits), so the caller polls one descriptor that never changes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "vfm_wire_int.h"

#define OUT_MAX			(256u * 1024)	/* output buffered for a slow peer */
#define CONNECT_TIMEOUT_MS	5000
#define LISTEN_BACKLOG		4
#define RECV_PASSES		4	/* peers replaced within one recv */

/* ---- framing parser (external input: fuzzed by fuzz/wire_pcap_fuzz.c) ---- */

void vfm_stream_rx_reset(struct vfm_stream_rx *p)
{
	p->hdr_got = 0;
	p->len = 0;
	p->got = 0;
	p->in_frame = 0;
}

uint8_t *vfm_stream_rx_space(struct vfm_stream_rx *p, size_t *want)
{
	if (!p->in_frame) {
		*want = sizeof(p->hdr) - p->hdr_got;
		return p->hdr + p->hdr_got;
	}
	*want = p->len - p->got;
	return p->frame + p->got;
}

int vfm_stream_rx_commit(struct vfm_stream_rx *p, size_t n)
{
	if (!p->in_frame) {
		p->hdr_got += (uint32_t)n;
		if (p->hdr_got < sizeof(p->hdr))
			return 0;
		p->len = (uint32_t)p->hdr[0] << 24 | (uint32_t)p->hdr[1] << 16 |
			 (uint32_t)p->hdr[2] << 8 | p->hdr[3];
		p->hdr_got = 0;
		if (p->len == 0 || p->len > VFM_WIRE_MAX_FRAME)
			return -1;
		p->in_frame = 1;
		p->got = 0;
		return 0;
	}
	p->got += (uint32_t)n;
	if (p->got < p->len)
		return 0;
	p->in_frame = 0;
	return 1;
}

/* ---- backend ---- */

enum { MODE_LISTEN, MODE_CONNECT };

struct stream {
	int mode;
	int lfd;		/* listening socket, -1 in connect mode */
	int pfd;		/* the peer, -1 when none */
	int out_watch;		/* EPOLLOUT registered for the peer */
	char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char peer[96];
	uint8_t *out;		/* bytes [out_off, out_len) wait for the peer */
	size_t out_off, out_len;
	struct vfm_stream_rx rx;
};

static void epoll_set(struct vfm_wire *w, int op, int fd, uint32_t events)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.fd = fd;
	if (epoll_ctl(w->fd, op, fd, &ev) < 0)
		vfm_wire_log(w, "epoll_ctl(%d): %s", op, strerror(errno));
}

static void peer_detach(struct vfm_wire *w, struct stream *s, const char *why)
{
	epoll_set(w, EPOLL_CTL_DEL, s->pfd, 0);
	close(s->pfd);
	s->pfd = -1;
	s->out_watch = 0;
	w->st.peer_disconnects++;
	vfm_wire_log(w, "peer %s %s%s", s->peer, why,
		     s->mode == MODE_LISTEN ? ": listening again" : "");
	if (s->out_len > s->out_off)
		vfm_wire_log(w, "%zu bytes of output for it discarded",
			     s->out_len - s->out_off);
	s->out_off = s->out_len = 0;
	if (s->mode == MODE_LISTEN)
		epoll_set(w, EPOLL_CTL_ADD, s->lfd, EPOLLIN);
}

static void peer_name(int fd, char *buf, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (getpeername(fd, (struct sockaddr *)&ss, &sl) < 0 ||
	    ss.ss_family == AF_UNIX)
		snprintf(buf, len, "(fd %d)", fd);
	else
		vfm_wire_addr_str((struct sockaddr *)&ss, buf, len);
}

/* quiet: connect= at open, where success says it all */
static void peer_attach(struct vfm_wire *w, struct stream *s, int fd,
			int quiet)
{
	int one = 1;

	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	s->pfd = fd;
	s->out_off = s->out_len = 0;
	s->out_watch = 0;
	vfm_stream_rx_reset(&s->rx);
	peer_name(fd, s->peer, sizeof(s->peer));
	if (s->mode == MODE_LISTEN)
		epoll_set(w, EPOLL_CTL_DEL, s->lfd, 0);
	epoll_set(w, EPOLL_CTL_ADD, fd, EPOLLIN);
	w->st.peer_connects++;
	if (!quiet)
		vfm_wire_log(w, "peer %s connected", s->peer);
}

static void try_accept(struct vfm_wire *w, struct stream *s)
{
	int fd;

	if (s->mode != MODE_LISTEN || s->pfd >= 0)
		return;
	fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd >= 0)
		peer_attach(w, s, fd, 0);
	else if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
		vfm_wire_log(w, "accept: %s", strerror(errno));
}

static void watch_out(struct vfm_wire *w, struct stream *s, int on)
{
	if (s->out_watch == on)
		return;
	s->out_watch = on;
	epoll_set(w, EPOLL_CTL_MOD, s->pfd, EPOLLIN | (on ? EPOLLOUT : 0));
}

/* move buffered output; 0, or -1 when the peer went away */
static int flush_out(struct vfm_wire *w, struct stream *s)
{
	ssize_t r;

	while (s->out_off < s->out_len) {
		r = send(s->pfd, s->out + s->out_off, s->out_len - s->out_off,
			 MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN) {
			watch_out(w, s, 1);
			return 0;
		}
		if (r < 0) {
			peer_detach(w, s, strerror(errno));
			return -1;
		}
		s->out_off += (size_t)r;
	}
	s->out_off = s->out_len = 0;
	watch_out(w, s, 0);
	return 0;
}

/* append to the output buffer; 0, or -1 when it would exceed OUT_MAX */
static int queue_out(struct vfm_wire *w, struct stream *s, const uint8_t *a,
		     size_t alen, const uint8_t *b, size_t blen)
{
	if (s->out_len - s->out_off + alen + blen > OUT_MAX)
		return -1;
	if (s->out_off) {
		memmove(s->out, s->out + s->out_off, s->out_len - s->out_off);
		s->out_len -= s->out_off;
		s->out_off = 0;
	}
	if (alen)
		memcpy(s->out + s->out_len, a, alen);
	if (blen)
		memcpy(s->out + s->out_len + alen, b, blen);
	s->out_len += alen + blen;
	watch_out(w, s, 1);
	return 0;
}

/* the peer's socket took `done` of the prefix + frame: buffer the rest */
static void queue_rest(struct vfm_wire *w, struct stream *s,
		       const uint8_t *hdr, const uint8_t *frame, size_t len,
		       size_t done)
{
	if (done < 4)
		queue_out(w, s, hdr + done, 4 - done, frame, len);
	else
		queue_out(w, s, NULL, 0, frame + (done - 4), len - (done - 4));
}

static int stream_send(struct vfm_wire *w, const uint8_t *frame, size_t len)
{
	uint8_t hdr[4] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16),
			   (uint8_t)(len >> 8), (uint8_t)len };
	struct iovec iov[2] = { { hdr, 4 }, { (void *)frame, len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };
	struct stream *s = w->be;
	ssize_t r;

	try_accept(w, s);
	if (s->pfd < 0 || flush_out(w, s) < 0)
		return -EAGAIN;		/* nobody to send to */
	if (s->out_len)
		return queue_out(w, s, hdr, 4, frame, len) < 0 ? -EAGAIN : 0;
	do {
		r = sendmsg(s->pfd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	} while (r < 0 && errno == EINTR);
	if (r < 0 && errno != EAGAIN) {
		peer_detach(w, s, strerror(errno));
		return -EAGAIN;
	}
	if (r < (ssize_t)(len + 4))	/* the rest always fits: out is empty */
		queue_rest(w, s, hdr, frame, len, r < 0 ? 0 : (size_t)r);
	return 0;
}

/* read toward the next frame: 1 frame ready, 0 nothing more now, -1 peer
 * gone */
static int read_peer(struct vfm_wire *w, struct stream *s)
{
	size_t want;
	uint8_t *p;
	ssize_t r;
	int c;

	for (;;) {
		p = vfm_stream_rx_space(&s->rx, &want);
		r = recv(s->pfd, p, want, MSG_DONTWAIT);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			return 0;
		if (r <= 0) {
			peer_detach(w, s, r ? strerror(errno) : "disconnected");
			return -1;
		}
		c = vfm_stream_rx_commit(&s->rx, (size_t)r);
		if (c > 0)
			return 1;
		if (c < 0) {
			w->st.rx_errors++;
			vfm_wire_log(w, "peer %s sent frame length %u (allowed 1..%u)",
				     s->peer, s->rx.len, VFM_WIRE_MAX_FRAME);
			peer_detach(w, s, "dropped for bad framing");
			return -1;
		}
	}
}

static ssize_t stream_recv(struct vfm_wire *w)
{
	struct stream *s = w->be;
	unsigned pass;

	for (pass = 0; pass < RECV_PASSES; pass++) {
		try_accept(w, s);
		if (s->pfd < 0)
			return 0;
		if (flush_out(w, s) < 0)
			continue;	/* gone: maybe another peer waits */
		switch (read_peer(w, s)) {
		case 1:
			memcpy(w->rx, s->rx.frame, s->rx.len);
			return (ssize_t)s->rx.len;
		case 0:
			return 0;
		default:
			break;	/* gone: maybe another peer waits */
		}
	}
	return 0;
}

static int stream_link_up(const struct vfm_wire *w)
{
	const struct stream *s = w->be;

	return s->pfd >= 0;
}

static void stream_close(struct vfm_wire *w)
{
	struct stream *s = w->be;

	if (s->pfd >= 0)
		close(s->pfd);
	if (s->lfd >= 0)
		close(s->lfd);
	if (s->unix_path[0])
		unlink(s->unix_path);
	if (w->fd >= 0)
		close(w->fd);
	free(s->out);
	free(s);
}

static const struct vfm_wire_ops stream_ops = {
	.send = stream_send,
	.recv = stream_recv,
	.link_up = stream_link_up,
	.close = stream_close,
};

/* ---- opening ---- */

static int listen_on(int fd, const struct sockaddr *sa, socklen_t len,
		     char *why, size_t wlen)
{
	int one = 1;

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, sa, len) < 0 || listen(fd, LISTEN_BACKLOG) < 0)
		return vfm_wire_err(why, wlen, "%s", strerror(errno));
	return 0;
}

static int open_tcp_listen(struct vfm_wire *w, struct stream *s,
			   const char *hp, char *why, size_t wlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char addr[96];

	if (vfm_wire_addr(hp, 1, SOCK_STREAM, &ss, &len, why, wlen) < 0)
		return -1;
	s->lfd = socket(ss.ss_family,
			SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->lfd < 0)
		return vfm_wire_err(why, wlen, "socket: %s", strerror(errno));
	if (listen_on(s->lfd, (struct sockaddr *)&ss, len, addr,
		      sizeof(addr)) < 0)
		return vfm_wire_err(why, wlen, "listen on %s: %s", hp, addr);
	len = sizeof(ss);
	getsockname(s->lfd, (struct sockaddr *)&ss, &len);
	vfm_wire_addr_str((struct sockaddr *)&ss, addr, sizeof(addr));
	snprintf(w->name, sizeof(w->name), "stream:listen=%s", addr);
	return 0;
}

static int open_unix_listen(struct stream *s, const char *path, char *why,
			    size_t wlen)
{
	struct sockaddr_un sun;
	struct stat sb;

	if (!*path || strlen(path) >= sizeof(sun.sun_path))
		return vfm_wire_err(why, wlen, "UNIX socket path empty or longer than %zu",
				    sizeof(sun.sun_path) - 1);
	/* a stale socket from an earlier run is replaced; anything else not */
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode))
			return vfm_wire_err(why, wlen, "%s exists and is not a socket",
					    path);
		unlink(path);
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	s->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->lfd < 0)
		return vfm_wire_err(why, wlen, "socket: %s", strerror(errno));
	if (listen_on(s->lfd, (struct sockaddr *)&sun, sizeof(sun), why,
		      wlen) < 0)
		return -1;
	memcpy(s->unix_path, path, strlen(path) + 1);
	return 0;
}

static int wait_connected(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int e = 0, r;

	do {
		r = poll(&pfd, 1, CONNECT_TIMEOUT_MS);
	} while (r < 0 && errno == EINTR);
	if (r == 0)
		return -ETIMEDOUT;
	if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return -errno;
	return -e;
}

static int open_connect(struct vfm_wire *w, struct stream *s, const char *hp,
			char *why, size_t wlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, r;

	if (vfm_wire_addr(hp, 0, SOCK_STREAM, &ss, &len, why, wlen) < 0)
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return vfm_wire_err(why, wlen, "socket: %s", strerror(errno));
	r = connect(fd, (struct sockaddr *)&ss, len) < 0 ? -errno : 0;
	if (r == -EINPROGRESS)
		r = wait_connected(fd);
	if (r < 0) {
		close(fd);
		return vfm_wire_err(why, wlen, "connect to %s: %s", hp,
				    strerror(-r));
	}
	peer_attach(w, s, fd, 1);
	return 0;
}

/* "listen=HP" | "connect=HP" | "unix=PATH" */
static int stream_start(struct vfm_wire *w, struct stream *s,
			const char *args, char *why, size_t wlen)
{
	char v[300];

	if (vfm_wire_opt(args, "listen", v, sizeof(v)) == 0) {
		if (open_tcp_listen(w, s, v, why, wlen) < 0)
			return -1;
	} else if (vfm_wire_opt(args, "unix", v, sizeof(v)) == 0) {
		if (open_unix_listen(s, v, why, wlen) < 0)
			return -1;
	} else if (vfm_wire_opt(args, "connect", v, sizeof(v)) == 0) {
		s->mode = MODE_CONNECT;
		return open_connect(w, s, v, why, wlen);
	} else {
		return vfm_wire_err(why, wlen,
				    "expected stream:listen=HOST:PORT, stream:connect=HOST:PORT or stream:unix=PATH");
	}
	epoll_set(w, EPOLL_CTL_ADD, s->lfd, EPOLLIN);
	return 0;
}

int vfm_wire_stream_open(struct vfm_wire *w, const char *args, char *err,
			 size_t errlen)
{
	struct stream *s;
	char why[400];

	s = calloc(1, sizeof(*s));
	if (s)
		s->out = malloc(OUT_MAX);
	if (!s || !s->out) {
		free(s);
		return vfm_wire_err(err, errlen, "wire '%s': out of memory",
				    w->name);
	}
	s->lfd = s->pfd = -1;
	w->ops = &stream_ops;
	w->be = s;
	w->fd = epoll_create1(EPOLL_CLOEXEC);
	if (w->fd < 0) {
		snprintf(why, sizeof(why), "epoll: %s", strerror(errno));
		stream_close(w);
		return vfm_wire_err(err, errlen, "wire '%s': %s", w->name, why);
	}
	if (stream_start(w, s, args, why, sizeof(why)) < 0) {
		stream_close(w);
		return vfm_wire_err(err, errlen, "wire '%s': %s", w->name, why);
	}
	return 0;
}
