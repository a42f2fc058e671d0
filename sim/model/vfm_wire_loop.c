/* SPDX-License-Identifier: MIT */
/* vfnic model wire "loopback": every frame sent comes back (bounded queue). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vfm_wire_int.h"

#define LOOP_FRAMES	256	/* queued frames; more are dropped */

struct loop_frame {
	size_t len;
	uint8_t *data;
};

struct loop {
	struct loop_frame q[LOOP_FRAMES];
	unsigned head, count;
};

static int loop_send(struct vfm_wire *w, const uint8_t *frame, size_t len)
{
	struct loop *l = w->be;
	struct loop_frame *f;

	if (l->count == LOOP_FRAMES)
		return -EAGAIN;
	f = &l->q[(l->head + l->count) % LOOP_FRAMES];
	f->data = malloc(len);
	if (!f->data)
		return -ENOMEM;
	memcpy(f->data, frame, len);
	f->len = len;
	if (l->count++ == 0)
		vfm_wire_flag_set(w->fd, 1);
	return 0;
}

static ssize_t loop_recv(struct vfm_wire *w)
{
	struct loop *l = w->be;
	struct loop_frame *f;
	size_t len;

	if (!l->count)
		return 0;
	f = &l->q[l->head];
	len = f->len;
	memcpy(w->rx, f->data, len);
	free(f->data);
	f->data = NULL;
	l->head = (l->head + 1) % LOOP_FRAMES;
	if (--l->count == 0)
		vfm_wire_flag_set(w->fd, 0);
	return (ssize_t)len;
}

static void loop_close(struct vfm_wire *w)
{
	struct loop *l = w->be;

	while (l->count) {
		free(l->q[l->head].data);
		l->head = (l->head + 1) % LOOP_FRAMES;
		l->count--;
	}
	close(w->fd);
	free(l);
}

static const struct vfm_wire_ops loop_ops = {
	.send = loop_send,
	.recv = loop_recv,
	.close = loop_close,
};

int vfm_wire_loop_open(struct vfm_wire *w, const char *args, char *err,
		       size_t errlen)
{
	struct loop *l;
	int fd;

	if (*args)
		return vfm_wire_err(err, errlen,
				    "wire '%s': loopback takes no options",
				    w->name);
	fd = vfm_wire_flag_new();
	if (fd < 0)
		return vfm_wire_err(err, errlen, "wire '%s': eventfd: %s",
				    w->name, strerror(-fd));
	l = calloc(1, sizeof(*l));
	if (!l) {
		close(fd);
		return vfm_wire_err(err, errlen, "wire '%s': out of memory",
				    w->name);
	}
	w->ops = &loop_ops;
	w->be = l;
	w->fd = fd;
	return 0;
}
