/* SPDX-License-Identifier: MIT */
/*
 * Model-side setup of the vfnic transport: listening socket, per-client
 * shared memory and eventfds, and the welcome datagram with SCM_RIGHTS.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vfn_server.h"

int vfn_server_listen(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, e;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (unlink(path) < 0 && errno != ENOENT) {
		e = -errno;
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 16) < 0) {
		e = -errno;
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return e;
}

int vfn_server_accept(int listen_fd)
{
	int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

long vfn_server_recv_hello(int sock, struct vfn_hello *h)
{
	ssize_t n;

	memset(h, 0, sizeof(*h));
	n = recv(sock, h, sizeof(*h), MSG_DONTWAIT);
	if (n < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	h->name[VFN_NAME_LEN - 1] = 0;
	return n;
}

int vfn_server_shm_create(struct vfn_server_shm *s, uint32_t ring_bytes,
			  const char *name)
{
	size_t half = (size_t)VFN_RING_CTRL_BYTES + ring_bytes;
	int e, i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < VFN_NFDS; i++)
		s->fds[i] = -1;
	if (ring_bytes < VFN_RING_BYTES_MIN ||
	    (ring_bytes & (ring_bytes - 1)) || ring_bytes > (1u << 30))
		return -EINVAL;
	s->ring_bytes = ring_bytes;
	s->shm_size = 2 * half;
	s->fds[VFN_FD_SHM] = memfd_create(name, MFD_CLOEXEC);
	s->fds[VFN_FD_C2M] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	s->fds[VFN_FD_M2C] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	for (i = 0; i < VFN_NFDS; i++) {
		if (s->fds[i] < 0) {
			e = -errno;
			goto fail;
		}
	}
	if (ftruncate(s->fds[VFN_FD_SHM], (off_t)s->shm_size) < 0) {
		e = -errno;
		goto fail;
	}
	s->shm = mmap(NULL, s->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      s->fds[VFN_FD_SHM], 0);
	if (s->shm == MAP_FAILED) {
		s->shm = NULL;
		e = -errno;
		goto fail;
	}
	/* a fresh memfd reads as zeros: head = tail = waiting = 0 */
	vfn_ring_init(&s->rx, s->shm, ring_bytes, s->fds[VFN_FD_C2M]);
	vfn_ring_init(&s->tx, (uint8_t *)s->shm + half, ring_bytes,
		      s->fds[VFN_FD_M2C]);
	return 0;
fail:
	vfn_server_shm_destroy(s);
	return e;
}

void vfn_server_shm_destroy(struct vfn_server_shm *s)
{
	int i;

	if (s->shm)
		munmap(s->shm, s->shm_size);
	s->shm = NULL;
	for (i = 0; i < VFN_NFDS; i++) {
		if (s->fds[i] >= 0)
			close(s->fds[i]);
		s->fds[i] = -1;
	}
}

void vfn_welcome_init(struct vfn_welcome *w, uint32_t status,
		      const char *fmt, ...)
{
	va_list ap;

	memset(w, 0, sizeof(*w));
	w->magic = VFN_MAGIC;
	w->version = VFN_VERSION;
	w->status = status;
	va_start(ap, fmt);
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
}

void vfn_welcome_set_shm(struct vfn_welcome *w, const struct vfn_server_shm *s)
{
	w->shm_size = s->shm_size;
	w->c2m_off = 0;
	w->m2c_off = (uint32_t)(s->shm_size / 2);
	w->ring_bytes = s->ring_bytes;
}

int vfn_server_send_welcome(int sock, const struct vfn_welcome *w,
			    const struct vfn_server_shm *s)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int) * VFN_NFDS)];
	} cm;
	struct iovec iov = { .iov_base = (void *)w, .iov_len = sizeof(*w) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (s) {
		struct cmsghdr *c;

		memset(&cm, 0, sizeof(cm));
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof(cm.buf);
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * VFN_NFDS);
		memcpy(CMSG_DATA(c), s->fds, sizeof(int) * VFN_NFDS);
	}
	do {
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(*w) ? 0 : -EIO;
}
