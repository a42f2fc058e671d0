/* SPDX-License-Identifier: MIT */
/*
 * vfnic model wire "tap": a Linux tap interface (IFF_TAP | IFF_NO_PI). What
 * the model sends, the host receives on IFNAME; what the host transmits on
 * IFNAME, the model receives.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_tun.h>

#include "vfm_wire_int.h"

static int tap_send(struct vfm_wire *w, const uint8_t *frame, size_t len)
{
	ssize_t r;

	do {
		r = write(w->fd, frame, len);
	} while (r < 0 && errno == EINTR);
	if (r == (ssize_t)len)
		return 0;
	/* EAGAIN: queue full; EIO: the interface is down (no carrier) */
	if (r >= 0 || errno == EAGAIN || errno == EIO)
		return -EAGAIN;
	return -errno;
}

static ssize_t tap_recv(struct vfm_wire *w)
{
	ssize_t r;

	do {
		r = read(w->fd, w->rx, sizeof(w->rx));
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (r == 0)
		w->st.rx_drops++;	/* an empty frame: nothing to deliver */
	return r;
}

static void tap_close(struct vfm_wire *w)
{
	close(w->fd);
}

static const struct vfm_wire_ops tap_ops = {
	.send = tap_send,
	.recv = tap_recv,
	.close = tap_close,
};

static const char *tap_hint(int e)
{
	switch (e) {
	case EPERM:
	case EACCES:
		return " (needs CAP_NET_ADMIN, or a tap created beforehand with 'ip tuntap add dev IFNAME mode tap user USER')";
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return " (no tun driver: modprobe tun, or give the container /dev/net/tun)";
	case EBUSY:
		return " (the interface is in use by another process)";
	default:
		return "";
	}
}

int vfm_wire_tap_open(struct vfm_wire *w, const char *args, char *err,
		      size_t errlen)
{
	struct ifreq ifr;
	int fd, e;

	if (!*args || strlen(args) >= IFNAMSIZ || strchr(args, '/') ||
	    strchr(args, ','))
		return vfm_wire_err(err, errlen,
				    "wire '%s': expected tap:IFNAME (at most %d characters)",
				    w->name, IFNAMSIZ - 1);
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		return vfm_wire_err(err, errlen, "wire '%s': /dev/net/tun: %s%s",
				    w->name, strerror(e), tap_hint(e));
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, args, strlen(args));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		e = errno;
		close(fd);
		return vfm_wire_err(err, errlen, "wire '%s': TUNSETIFF: %s%s",
				    w->name, strerror(e), tap_hint(e));
	}
	w->ops = &tap_ops;
	w->fd = fd;
	return 0;
}
