/* SPDX-License-Identifier: MIT */
/*
 * vfnic-model: runs the Verilated vfnic_core and serves transport clients
 * (docs/transport.md). One thread: a loop that clocks the RTL while there is
 * work and otherwise sleeps in poll() on the sockets and the clients'
 * eventfds.
 *
 * usage: vfnic-model --socket PATH [--log FILE] [--log-tlp]
 *                    [--trace FILE.fst] [--ring-bytes N] [--max-queue BYTES]
 *                    [--wire SPEC] [--capture FILE.pcap]
 * --max-queue: per-client overflow queue limit (default 64 MiB).
 * SIGTERM/SIGINT: clean exit (stats in the log); SIGUSR1: stats to the log.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vfm.h"

#define SPIN_NS			20000LL	/* spin before sleeping (docs: ~20 us) */
#define IO_EVERY_CYCLES		1024	/* socket check period while busy */
#define OVF_RETRY_MS		1	/* a full client ring is retried this often */

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	char c = sig == SIGUSR1 ? 'U' : 'T';
	int e = errno;

	if (write(sig_pipe[1], &c, 1) < 0)
		(void)0;	/* pipe full: a stop is already pending */
	errno = e;
}

static int setup_signals(void)
{
	struct sigaction sa;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* returns 1 when asked to stop */
static int read_signals(struct vfm *m)
{
	char buf[16];
	ssize_t n, i;
	int stop = 0;

	while ((n = read(sig_pipe[0], buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] == 'U')
				vfm_log_stats(m, "SIGUSR1");
			else
				stop = 1;
		}
	}
	return stop;
}

struct loop {
	struct pollfd pfd[3 + 2 * VFM_MAX_CLIENTS];
	uint32_t who[3 + 2 * VFM_MAX_CLIENTS];	/* client id of a socket, or 0 */
	int n;
	int wire;	/* index of the wire's descriptor, or -1 */
};

/* sockets, signal pipe and (when sleeping) the clients' c2m eventfds */
static void loop_build(struct vfm *m, struct loop *l, int with_kicks)
{
	unsigned i;

	l->n = 0;
	l->pfd[l->n].fd = sig_pipe[0];
	l->pfd[l->n].events = POLLIN;
	l->who[l->n++] = 0;
	l->pfd[l->n].fd = m->listen_fd;
	l->pfd[l->n].events = POLLIN;
	l->who[l->n++] = 0;
	l->wire = -1;
	if (vfm_eth_poll_fd(&m->eth) >= 0) {
		l->wire = l->n;
		l->pfd[l->n].fd = vfm_eth_poll_fd(&m->eth);
		l->pfd[l->n].events = POLLIN;
		l->who[l->n++] = 0;
	}
	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];

		if (!c)
			continue;
		l->pfd[l->n].fd = c->sock;
		l->pfd[l->n].events = POLLIN;
		l->who[l->n++] = c->id;
		if (with_kicks && c->active) {
			l->pfd[l->n].fd = c->shm.rx.kick_fd;
			l->pfd[l->n].events = POLLIN;
			l->who[l->n++] = 0;
		}
	}
}

/* act on what poll() reported; returns 1 when asked to stop */
static int loop_handle(struct vfm *m, struct loop *l)
{
	int i, stop = 0;

	if (l->pfd[0].revents)
		stop = read_signals(m);
	if (l->wire >= 0 && l->pfd[l->wire].revents)
		vfm_eth_receive(&m->eth);
	for (i = 2; i < l->n; i++) {
		/* by id: a client dropped earlier in this pass is not found */
		struct vfm_client *c = vfm_client_find(m, l->who[i]);

		if (c && l->pfd[i].revents)
			vfm_client_on_socket(m, c);
	}
	/* accept after handling hang-ups, so a reconnect finds its function free */
	if (l->pfd[1].revents)
		vfm_client_accept(m);
	return stop;
}

static int check_io(struct vfm *m, int timeout_ms, int with_kicks)
{
	struct loop l;
	int r;

	loop_build(m, &l, with_kicks);
	r = poll(l.pfd, (nfds_t)l.n, timeout_ms);
	if (r < 0) {
		if (errno == EINTR)
			return 0;
		vfm_log(m, "poll: %s: exiting", strerror(errno));
		return 1;
	}
	if (r == 0)
		return 0;
	return loop_handle(m, &l);
}

static void read_clients(struct vfm *m)
{
	unsigned i;

	vfm_sriov_poll(m);
	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];

		if (c && c->active) {
			if (c->ovf_head)
				vfm_client_flush(m, c);
			vfm_client_read(m, c);
		}
	}
}

static int ring_pending(struct vfm *m)
{
	unsigned i;

	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];

		if (c && c->active && vfn_ring_used(&c->shm.rx))
			return 1;
	}
	return 0;
}

/* clients that sent no HELLO in time are dropped; returns poll timeout */
static int idle_timeout(struct vfm *m)
{
	long long now = vfm_now_ns();
	int timeout = -1;
	unsigned i;

	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];

		if (!c)
			continue;
		if (!c->active) {
			if (now - c->accepted_ns > VFM_HELLO_TIMEOUT_NS) {
				vfm_log(m, "connection sent no HELLO in time: closed");
				vfm_client_drop(m, c, "no HELLO");
				continue;
			}
			timeout = 100;
		}
		if (c->ovf_head && (timeout < 0 || timeout > OVF_RETRY_MS))
			timeout = OVF_RETRY_MS;
	}
	return timeout;
}

/*
 * Nothing to clock: spin a little for the next message, then announce
 * sleep on every client ring and block in poll(). Returns 1 to stop.
 */
static int idle_wait(struct vfm *m)
{
	long long spin_end = vfm_now_ns() + SPIN_NS;
	int timeout, stop, sleeping = 1;
	unsigned i;

	while (vfm_now_ns() < spin_end) {
		if (ring_pending(m))
			return 0;
		sched_yield();	/* a client sharing our CPU gets to run */
	}
	timeout = idle_timeout(m);
	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];

		if (c && c->active && !vfn_ring_prepare_sleep(&c->shm.rx))
			sleeping = 0;
	}
	stop = sleeping ? check_io(m, timeout, 1) : 0;
	for (i = 0; i < VFM_MAX_CLIENTS; i++) {
		struct vfm_client *c = m->clients[i];

		if (c && c->active)
			vfn_ring_end_sleep(&c->shm.rx);
	}
	return stop;
}

static void busy_begin(struct vfm *m)
{
	if (!m->busy_since)
		m->busy_since = vfm_now_ns();
}

static void busy_end(struct vfm *m)
{
	if (m->busy_since) {
		m->st.busy_ns += vfm_now_ns() - m->busy_since;
		m->busy_since = 0;
	}
}

static void run(struct vfm *m)
{
	unsigned since_io = 0;

	for (;;) {
		if (!m->busy_since || ++since_io >= IO_EVERY_CYCLES) {
			since_io = 0;
			if (check_io(m, 0, 0))
				break;
		}
		read_clients(m);
		if (vfm_route_busy(m)) {
			busy_begin(m);
			vfm_route_step(m);
			continue;
		}
		if (m->busy_since) {
			busy_end(m);
			/* a waveform of what happened so far, once a second */
			if (vfm_now_ns() - m->trace_flushed > 1000000000LL) {
				vfm_rtl_flush_trace(m->rtl);
				m->trace_flushed = vfm_now_ns();
			}
		}
		if (idle_wait(m))
			break;
	}
	busy_end(m);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vfnic-model --socket PATH [--log FILE] [--log-tlp]\n"
		"                   [--trace FILE.fst] [--ring-bytes N]\n"
		"                   [--max-queue BYTES] [--wire SPEC]\n"
		"                   [--capture FILE.pcap]\n"
		"Runs the Verilated vfnic_core and serves transport clients\n"
		"(docs/transport.md). SIGUSR1 writes statistics to the log.\n");
}

int main(int argc, char **argv)
{
	static struct vfm model;
	struct vfm *m = &model;
	const char *log_path = NULL, *trace_path = NULL, *wire_spec = NULL;
	const char *capture = NULL;
	char err[256];
	unsigned i;
	int fd;

	m->log = stderr;
	m->ring_bytes = VFN_RING_BYTES_DEFAULT;
	m->ovf_limit = VFM_OVF_LIMIT;
	m->listen_fd = -1;
	for (i = 1; i < (unsigned)argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < (unsigned)argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--socket") && v) {
			m->socket_path = v;
			i++;
		} else if (!strcmp(a, "--log") && v) {
			log_path = v;
			i++;
		} else if (!strcmp(a, "--trace") && v) {
			trace_path = v;
			i++;
		} else if (!strcmp(a, "--ring-bytes") && v) {
			m->ring_bytes = (uint32_t)strtoul(v, NULL, 0);
			i++;
		} else if (!strcmp(a, "--max-queue") && v) {
			m->ovf_limit = (size_t)strtoull(v, NULL, 0);
			i++;
		} else if (!strcmp(a, "--wire") && v) {
			wire_spec = v;
			i++;
		} else if (!strcmp(a, "--capture") && v) {
			capture = v;
			i++;
		} else if (!strcmp(a, "--log-tlp")) {
			m->log_tlp = 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "vfnic-model: bad argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!m->socket_path) {
		usage(stderr);
		return 2;
	}
	if (m->ring_bytes < VFN_RING_BYTES_MIN ||
	    (m->ring_bytes & (m->ring_bytes - 1))) {
		fprintf(stderr, "vfnic-model: --ring-bytes must be a power of two >= %u\n",
			VFN_RING_BYTES_MIN);
		return 2;
	}
	if (log_path) {
		m->log = fopen(log_path, "w");
		if (!m->log) {
			fprintf(stderr, "vfnic-model: %s: %s\n", log_path,
				strerror(errno));
			return 1;
		}
	}
	setvbuf(m->log, NULL, _IOLBF, 0);
	if (setup_signals() < 0) {
		fprintf(stderr, "vfnic-model: signals: %s\n", strerror(errno));
		return 1;
	}
	if (vfm_eth_open(&m->eth, wire_spec, capture, err, sizeof(err)) < 0) {
		fprintf(stderr, "vfnic-model: --wire %s / --capture %s: %s\n",
			wire_spec ? wire_spec : "(none)", capture ? capture : "(none)", err);
		return 1;
	}
	m->rtl = vfm_rtl_new(trace_path);
	if (!m->rtl) {
		fprintf(stderr, "vfnic-model: cannot create the RTL model%s%s\n",
			trace_path ? " with trace " : "",
			trace_path ? trace_path : "");
		return 1;
	}
	/* power-on reset, then idle until the first client */
	vfm_route_start_reset(m, NULL, 0);
	m->rtl_idle = 1;
	fd = vfn_server_listen(m->socket_path);
	if (fd < 0) {
		fprintf(stderr, "vfnic-model: %s: %s\n", m->socket_path,
			strerror(-fd));
		vfm_rtl_free(m->rtl);
		return 1;
	}
	m->listen_fd = fd;
	vfm_log(m, "listening on %s (ring %u bytes, wire %s%s%s)", m->socket_path,
		m->ring_bytes, vfm_eth_name(&m->eth), trace_path ? ", trace " : "",
		trace_path ? trace_path : "");
	fprintf(stderr, "vfnic-model: ready %s\n", m->socket_path);
	fflush(stderr);

	run(m);

	for (i = 0; i < VFM_MAX_CLIENTS; i++)
		if (m->clients[i])
			vfm_client_drop(m, m->clients[i], "model exiting");
	vfm_route_free(m);
	vfm_log_stats(m, "exit");
	close(m->listen_fd);
	unlink(m->socket_path);
	vfm_rtl_free(m->rtl);
	vfm_eth_close(&m->eth);
	if (m->log != stderr)
		fclose(m->log);
	return 0;
}
