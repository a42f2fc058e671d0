/* SPDX-License-Identifier: MIT */
/*
 * vfnic model wire "dgram": one UDP datagram per frame, as QEMU's
 * -netdev dgram with local/remote inet addresses does (net/dgram.c: bind
 * local, sendto remote, recv from anyone, no framing).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vfm_wire_int.h"

struct dgram {
	struct sockaddr_storage remote;
	socklen_t remote_len;
};

static int dgram_send(struct vfm_wire *w, const uint8_t *frame, size_t len)
{
	struct dgram *d = w->be;
	ssize_t r;

	do {
		r = sendto(w->fd, frame, len, MSG_DONTWAIT,
			   (struct sockaddr *)&d->remote, d->remote_len);
	} while (r < 0 && errno == EINTR);
	if (r == (ssize_t)len)
		return 0;
	/* a full socket buffer, or an ICMP error left by an earlier datagram
	 * (nobody listening yet): the frame is lost, as on a wire */
	if (r >= 0 || errno == EAGAIN || errno == ENOBUFS ||
	    errno == ECONNREFUSED)
		return -EAGAIN;
	return -errno;
}

static ssize_t dgram_recv(struct vfm_wire *w)
{
	ssize_t r;

	for (;;) {
		r = recv(w->fd, w->rx, sizeof(w->rx), MSG_DONTWAIT | MSG_TRUNC);
		if (r < 0 && (errno == EINTR || errno == ECONNREFUSED))
			continue;
		if (r < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (r > 0 && (size_t)r <= sizeof(w->rx))
			return r;
		w->st.rx_drops++;	/* empty, or larger than any frame */
	}
}

static void dgram_close(struct vfm_wire *w)
{
	close(w->fd);
	free(w->be);
}

static const struct vfm_wire_ops dgram_ops = {
	.send = dgram_send,
	.recv = dgram_recv,
	.close = dgram_close,
};

static int dgram_socket(struct vfm_wire *w, const char *local, char *err,
			size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char why[300];
	int fd, one = 1;

	if (vfm_wire_addr(local, 1, SOCK_DGRAM, &ss, &len, why,
			  sizeof(why)) < 0)
		return vfm_wire_err(err, errlen, "wire '%s': local=%s",
				    w->name, why);
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vfm_wire_err(err, errlen, "wire '%s': socket: %s",
				    w->name, strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		snprintf(why, sizeof(why), "%s", strerror(errno));
		close(fd);
		return vfm_wire_err(err, errlen, "wire '%s': bind %s: %s",
				    w->name, local, why);
	}
	return fd;
}

static int same_family(int fd, const struct dgram *d)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	return getsockname(fd, (struct sockaddr *)&ss, &len) == 0 &&
	       ss.ss_family == d->remote.ss_family;
}

/* name with the bound local address (port 0 -> the port we got) */
static void dgram_name(struct vfm_wire *w, const char *remote)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char name[sizeof(w->name)];
	char local[80] = "?";

	if (getsockname(w->fd, (struct sockaddr *)&ss, &len) == 0)
		vfm_wire_addr_str((struct sockaddr *)&ss, local, sizeof(local));
	if (snprintf(name, sizeof(name), "dgram:local=%s,remote=%s", local,
		     remote) < (int)sizeof(name))
		memcpy(w->name, name, sizeof(name));	/* else keep the spec */
}

int vfm_wire_dgram_open(struct vfm_wire *w, const char *args, char *err,
			size_t errlen)
{
	char local[300], remote[300], why[300];
	struct dgram *d;
	int fd;

	if (vfm_wire_opt(args, "local", local, sizeof(local)) < 0 ||
	    vfm_wire_opt(args, "remote", remote, sizeof(remote)) < 0)
		return vfm_wire_err(err, errlen,
				    "wire '%s': expected dgram:local=HOST:PORT,remote=HOST:PORT",
				    w->name);
	d = calloc(1, sizeof(*d));
	if (!d)
		return vfm_wire_err(err, errlen, "wire '%s': out of memory",
				    w->name);
	if (vfm_wire_addr(remote, 0, SOCK_DGRAM, &d->remote, &d->remote_len,
			  why, sizeof(why)) < 0) {
		free(d);
		return vfm_wire_err(err, errlen, "wire '%s': remote=%s",
				    w->name, why);
	}
	fd = dgram_socket(w, local, err, errlen);
	if (fd < 0) {
		free(d);
		return -1;
	}
	if (!same_family(fd, d)) {
		close(fd);
		free(d);
		return vfm_wire_err(err, errlen,
				    "wire '%s': local and remote are not both IPv4 or both IPv6",
				    w->name);
	}
	w->ops = &dgram_ops;
	w->be = d;
	w->fd = fd;
	dgram_name(w, remote);
	return 0;
}
