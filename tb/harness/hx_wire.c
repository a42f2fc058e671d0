/* SPDX-License-Identifier: MIT */
/*
 * The harness as the link partner of the model's Ethernet port: the model
 * runs with --wire dgram (QEMU's -netdev dgram framing: one UDP datagram
 * per frame) and this end sends and receives raw frames, so tests can see
 * exactly what the NIC put on the wire and inject what a peer would send.
 * The model binds a free port and logs it; we bind ours first and tell the
 * model where to send.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hx.h"

int hx_wire_prepare(struct hx_ctx *x, char *spec, size_t n)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	x->wire_fd = -1;
	if (fd < 0)
		return -errno;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	x->wire_fd = fd;
	snprintf(spec, n, "dgram:local=127.0.0.1:0,remote=127.0.0.1:%u",
		 (unsigned)ntohs(a.sin_port));
	return 0;
}

/* the model's log names its bound port: "wire dgram:local=127.0.0.1:P," */
int hx_wire_connect(struct hx_ctx *x)
{
	static const char key[] = "wire dgram:local=127.0.0.1:";
	FILE *f = fopen(x->log_path, "r");
	char line[1024];
	unsigned port = 0;
	struct sockaddr_in a;

	while (f && !port && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, key);

		if (p)
			port = (unsigned)strtoul(p + sizeof(key) - 1, NULL, 10);
	}
	if (f)
		fclose(f);
	if (!port || port > 65535 || x->wire_fd < 0) {
		hx_diag("the model's log names no dgram wire port");
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if (connect(x->wire_fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		hx_diag("wire: connect to the model's port %u: %s", port,
			strerror(errno));
		return -1;
	}
	return 0;
}

int hx_wire_send(struct hx_ctx *x, const uint8_t *frame, size_t len)
{
	ssize_t r = send(x->wire_fd, frame, len, 0);

	return r == (ssize_t)len ? 0 : -1;
}

/* one frame the NIC sent: its length, 0 after timeout_ms without one */
ssize_t hx_wire_recv(struct hx_ctx *x, uint8_t *buf, size_t cap, int timeout_ms)
{
	struct pollfd p = { .fd = x->wire_fd, .events = POLLIN };
	ssize_t r;

	if (x->wire_fd < 0)
		return -1;
	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	r = recv(x->wire_fd, buf, cap, MSG_DONTWAIT);
	return r < 0 ? (errno == EAGAIN ? 0 : -1) : r;
}

/* forget what the NIC sent so far; returns how many frames that was */
unsigned hx_wire_drain(struct hx_ctx *x)
{
	static uint8_t buf[65536];
	unsigned n = 0;

	while (x->wire_fd >= 0 && recv(x->wire_fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

void hx_wire_close(struct hx_ctx *x)
{
	if (x->wire_fd >= 0)
		close(x->wire_fd);
	x->wire_fd = -1;
}
