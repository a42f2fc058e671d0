/* SPDX-License-Identifier: MIT */
/*
 * vfnic model wire: spec parsing, what every backend shares (frame checks,
 * padding, statistics, log) and small socket/eventfd helpers.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "vfm_wire_int.h"

/* frames dropped (too long for cap) before recv gives the caller a turn */
#define RECV_DROP_BUDGET	64

struct backend {
	const char *kind;
	int (*open)(struct vfm_wire *w, const char *args, char *err,
		    size_t errlen);
};

static const struct backend backends[] = {
	{ "loopback", vfm_wire_loop_open },
	{ "pcap", vfm_wire_pcap_open },
	{ "tap", vfm_wire_tap_open },
	{ "dgram", vfm_wire_dgram_open },
	{ "stream", vfm_wire_stream_open },
};

int vfm_wire_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static const struct backend *find_backend(const char *spec, const char **args)
{
	size_t i, n;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		n = strlen(backends[i].kind);
		if (strncmp(spec, backends[i].kind, n))
			continue;
		if (spec[n] == ':' || spec[n] == '\0') {
			*args = spec[n] ? spec + n + 1 : spec + n;
			return &backends[i];
		}
	}
	return NULL;
}

struct vfm_wire *vfm_wire_open(const char *spec, char *err, size_t errlen)
{
	const struct backend *b;
	struct vfm_wire *w;
	const char *args;

	if (err && errlen)
		err[0] = '\0';
	b = spec ? find_backend(spec, &args) : NULL;
	if (!b) {
		vfm_wire_err(err, errlen,
			     "wire '%s': unknown kind (loopback, pcap:, tap:, dgram:, stream:)",
			     spec ? spec : "(null)");
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		vfm_wire_err(err, errlen, "wire '%s': out of memory", spec);
		return NULL;
	}
	w->fd = -1;
	snprintf(w->name, sizeof(w->name), "%s", spec);
	if (b->open(w, args, err, errlen) < 0) {
		free(w);
		return NULL;
	}
	return w;
}

void vfm_wire_close(struct vfm_wire *w)
{
	if (!w)
		return;
	w->ops->close(w);
	free(w);
}

int vfm_wire_fd(const struct vfm_wire *w)
{
	return w->fd;
}

int vfm_wire_link_up(const struct vfm_wire *w)
{
	return w->ops->link_up ? w->ops->link_up(w) : 1;
}

const char *vfm_wire_name(const struct vfm_wire *w)
{
	return w->name;
}

int vfm_wire_send(struct vfm_wire *w, const uint8_t *frame, size_t len)
{
	uint8_t pad[VFM_WIRE_MIN_FRAME];
	int r;

	if (!frame || len == 0 || len > VFM_WIRE_MAX_FRAME) {
		w->st.tx_drops++;
		return len > VFM_WIRE_MAX_FRAME ? -EMSGSIZE : -EINVAL;
	}
	if (len < VFM_WIRE_MIN_FRAME) {
		/* the MAC pads what it transmits (docs/datapath.md) */
		memcpy(pad, frame, len);
		memset(pad + len, 0, sizeof(pad) - len);
		frame = pad;
		len = sizeof(pad);
		w->st.tx_padded++;
	}
	r = w->ops->send(w, frame, len);
	if (r == 0) {
		w->st.tx_frames++;
		w->st.tx_bytes += len;
		return 0;
	}
	w->st.tx_drops++;
	return r == -EAGAIN ? 0 : r;
}

/* a frame is in w->rx: check it against cap, pad it, copy it out */
static ssize_t deliver(struct vfm_wire *w, size_t n, uint8_t *buf, size_t cap)
{
	size_t out = n < VFM_WIRE_MIN_FRAME ? VFM_WIRE_MIN_FRAME : n;

	if (out > cap) {
		w->st.rx_drops++;
		return 0;
	}
	memcpy(buf, w->rx, n);
	if (n < out) {
		memset(buf + n, 0, out - n);
		w->st.rx_padded++;
	}
	w->st.rx_frames++;
	w->st.rx_bytes += out;
	return (ssize_t)out;
}

ssize_t vfm_wire_recv(struct vfm_wire *w, uint8_t *buf, size_t cap)
{
	ssize_t n, out;
	unsigned i;

	for (i = 0; i < RECV_DROP_BUDGET; i++) {
		n = w->ops->recv(w);
		if (n < 0)
			return n;
		if (n == 0)
			return 0;
		out = deliver(w, (size_t)n, buf, cap);
		if (out > 0)
			return out;
	}
	return 0;
}

void vfm_wire_set_time(struct vfm_wire *w, uint64_t ns)
{
	w->have_time = 1;
	w->time_ns = ns;
}

uint64_t vfm_wire_now_ns(const struct vfm_wire *w)
{
	struct timespec ts;

	if (w->have_time)
		return w->time_ns;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void vfm_wire_set_log(struct vfm_wire *w, vfm_wire_log_fn *fn, void *ctx)
{
	w->log_fn = fn;
	w->log_ctx = ctx;
}

void vfm_wire_log(struct vfm_wire *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (w->log_fn)
		w->log_fn(w->log_ctx, msg);
	else
		fprintf(stderr, "vfm_wire %s: %s\n", w->name, msg);
}

void vfm_wire_stats(const struct vfm_wire *w, struct vfm_wire_stats *st)
{
	*st = w->st;
	snprintf(st->name, sizeof(st->name), "%s", w->name);
}

int vfm_wire_opt(const char *args, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key), n;
	const char *p = args, *end;

	while (p && *p) {
		end = strchr(p, ',');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			n -= klen + 1;
			if (n >= len)
				return -1;
			memcpy(out, p + klen + 1, n);
			out[n] = '\0';
			return 0;
		}
		p = end ? end + 1 : NULL;
	}
	return -1;
}

/* split "HOST:PORT" or "[V6]:PORT" */
static int split_hostport(const char *hp, char *host, size_t hlen,
			  const char **port)
{
	const char *colon;
	size_t n;

	if (hp[0] == '[') {
		colon = strstr(hp, "]:");
		if (!colon)
			return -1;
		n = (size_t)(colon - hp - 1);
		*port = colon + 2;
		hp++;
	} else {
		colon = strrchr(hp, ':');
		if (!colon)
			return -1;
		n = (size_t)(colon - hp);
		*port = colon + 1;
	}
	if (n >= hlen || !**port)
		return -1;
	memcpy(host, hp, n);
	host[n] = '\0';
	return 0;
}

int vfm_wire_addr(const char *hostport, int passive, int socktype,
		  struct sockaddr_storage *ss, socklen_t *sslen,
		  char *err, size_t errlen)
{
	struct addrinfo hints, *res;
	const char *port;
	char host[256];
	int r;

	if (split_hostport(hostport, host, sizeof(host), &port) < 0)
		return vfm_wire_err(err, errlen, "'%s': expected HOST:PORT",
				    hostport);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0);
	r = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (r)
		return vfm_wire_err(err, errlen, "'%s': %s", hostport,
				    gai_strerror(r));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*sslen = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

void vfm_wire_addr_str(const struct sockaddr *sa, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(buf, len, "%s:%u", host, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(buf, len, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else {
		snprintf(buf, len, "(family %d)", sa->sa_family);
	}
}

int vfm_wire_flag_new(void)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* readable iff on: drain the counter, then set it to 1 if on */
void vfm_wire_flag_set(int fd, int on)
{
	uint64_t v;

	if (read(fd, &v, sizeof(v)) < 0)
		(void)0;	/* EAGAIN: it was clear */
	v = 1;
	if (on && write(fd, &v, sizeof(v)) < 0)
		(void)0;	/* cannot fail: the counter was just drained */
}
