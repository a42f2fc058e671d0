/* SPDX-License-Identifier: MIT */
/*
 * Unit test of the vfnic transport rings and client setup (TAP output):
 * PAD wrap-around, full ring, framing checks, the waiting/kick protocol,
 * random message sizes across two threads and across two processes.
 * usage: vfn-transport-test [--seed N]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vfn_server.h"
#include "vfn_transport.h"

static int test_no, failures;
static const uint8_t zeros[VFN_MSG_MAX];
static uint64_t seed;

static void tap(int ok, const char *name)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++test_no, name);
	fflush(stdout);
	if (!ok)
		failures++;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			diag("%s:%d: check failed: %s", __FILE__,	\
			     __LINE__, #cond);				\
			return 0;					\
		}							\
	} while (0)

/* splitmix64: small, seedable, good enough for stimulus */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* a ring in private anonymous memory (threads share it) */
struct test_ring {
	void *mem;
	int efd;
	struct vfn_ring prod, cons;
};

static int test_ring_new(struct test_ring *t, uint32_t size)
{
	struct vfn_server_shm s;

	/* reuse the server helper: it also gives us a real eventfd */
	if (vfn_server_shm_create(&s, size, "test") < 0)
		return -1;
	t->mem = s.shm;
	t->efd = s.fds[VFN_FD_C2M];
	close(s.fds[VFN_FD_SHM]);
	close(s.fds[VFN_FD_M2C]);
	vfn_ring_init(&t->prod, t->mem, size, t->efd);
	vfn_ring_init(&t->cons, t->mem, size, t->efd);
	return 0;
}

static void test_ring_free(struct test_ring *t, uint32_t size)
{
	munmap(t->mem, 2 * ((size_t)VFN_RING_CTRL_BYTES + size));
	close(t->efd);
}

static uint32_t body_sum(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

static void fill_body(uint8_t *p, size_t n, uint32_t k)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(k * 131 + i * 7 + (i >> 8));
}

static int t_basic(void)
{
	const uint32_t size = VFN_RING_BYTES_MIN;
	uint8_t body[40], out[256];
	const struct vfn_msg *m;
	struct test_ring t;
	int err, i;

	CHECK(test_ring_new(&t, size) == 0);
	CHECK(vfn_ring_peek(&t.cons, &err) == NULL && err == 0);
	for (i = 0; i < 3; i++) {
		fill_body(body, sizeof(body), (uint32_t)i);
		CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, (uint16_t)i, 100u + i,
				   body, (size_t)(13 + i)) == 0);
	}
	CHECK(vfn_ring_used(&t.cons) == 3 * 32);
	for (i = 0; i < 3; i++) {
		m = vfn_ring_peek(&t.cons, &err);
		CHECK(m && err == 0);
		CHECK(m->type == VFN_MSG_PING && m->func == i);
		CHECK(m->len == 32 && m->seq == (uint32_t)i && m->aux == 100u + i);
		fill_body(body, sizeof(body), (uint32_t)i);
		CHECK(memcmp(m + 1, body, (size_t)(13 + i)) == 0);
		/* padding up to 8 bytes is zero */
		CHECK(((const uint8_t *)(m + 1))[15] == 0);
		vfn_ring_pop(&t.cons);
	}
	CHECK(vfn_ring_peek(&t.cons, &err) == NULL && err == 0);
	/* copy-out read */
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_RESET, 0, 7, NULL, 0) == 0);
	CHECK(vfn_ring_read(&t.cons, out, sizeof(out)) == 16);
	CHECK(((struct vfn_msg *)out)->type == VFN_MSG_RESET);
	CHECK(vfn_ring_read(&t.cons, out, sizeof(out)) == 0);
	/* oversize */
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_TLP, 0, 0, zeros, VFN_MSG_MAX) ==
	      -EMSGSIZE);
	test_ring_free(&t, size);
	return 1;
}

/* put messages of body_len until the head offset equals target */
static int advance_to(struct test_ring *t, uint32_t target)
{
	uint32_t size = t->prod.size;
	int err;

	for (;;) {
		uint32_t off = t->prod.ctrl->head & (size - 1);
		uint32_t gap = (target - off) & (size - 1);
		size_t body;

		if (gap == 0)
			return 0;
		body = gap > 1024 ? 1024 - 16 : gap - 16;
		if (gap < 32)	/* take the last step from further back */
			body = gap + 512 - 16;
		if (vfn_ring_put(&t->prod, VFN_MSG_PING, 0, 0, zeros, body) < 0)
			return -1;
		while (vfn_ring_peek(&t->cons, &err))
			vfn_ring_pop(&t->cons);
	}
}

static int t_pad_wrap(void)
{
	const uint32_t size = VFN_RING_BYTES_MIN;
	uint32_t gaps[] = { 8, 16, 24, 40, 4096 };
	struct test_ring t;
	unsigned g;
	int err;

	CHECK(test_ring_new(&t, size) == 0);
	for (g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		uint8_t body[4100];
		const struct vfn_msg *m;
		uint32_t head0;
		const struct vfn_msg *pad;
		size_t blen = 4096;

		CHECK(advance_to(&t, size - gaps[g]) == 0);
		head0 = t.prod.ctrl->head;
		fill_body(body, blen, g);
		CHECK(vfn_ring_put(&t.prod, VFN_MSG_TLP, 1, 2, body, blen) == 0);
		pad = (const struct vfn_msg *)(t.prod.data + size - gaps[g]);
		/* a PAD covers exactly the rest, the message starts at 0 */
		CHECK(pad->type == VFN_MSG_PAD && pad->len == gaps[g]);
		CHECK(t.prod.ctrl->head == head0 + gaps[g] + 16 + blen);
		m = vfn_ring_peek(&t.cons, &err);
		CHECK(m && err == 0);
		CHECK((const uint8_t *)m == t.cons.data);
		CHECK(m->type == VFN_MSG_TLP && m->len == 16 + blen);
		CHECK(memcmp(m + 1, body, blen) == 0);
		vfn_ring_pop(&t.cons);
		CHECK(vfn_ring_used(&t.cons) == 0);
	}
	test_ring_free(&t, size);
	return 1;
}

static int t_full(void)
{
	const uint32_t size = VFN_RING_BYTES_MIN;
	struct test_ring t;
	int n = 0, err, r;

	CHECK(test_ring_new(&t, size) == 0);
	while ((r = vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, zeros, 1000)) == 0)
		n++;
	CHECK(r == -EAGAIN);
	CHECK(n == (int)(size / 1016));
	CHECK(vfn_ring_used(&t.cons) == (uint32_t)n * 1016);
	/* a message that fits the remaining bytes still goes in */
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, zeros,
			   size - n * 1016 - 16) == 0);
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, NULL, 0) == -EAGAIN);
	CHECK(vfn_ring_used(&t.cons) == size);
	CHECK(vfn_ring_peek(&t.cons, &err) != NULL);
	vfn_ring_pop(&t.cons);
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, zeros, 1000) == 0);
	test_ring_free(&t, size);
	return 1;
}

static int expect_framing(struct test_ring *t)
{
	uint8_t buf[VFN_MSG_MAX + 16];
	int err = 0;

	if (vfn_ring_peek(&t->cons, &err) != NULL || err != -EPROTO)
		return 0;
	return vfn_ring_read(&t->cons, buf, sizeof(buf)) == -EPROTO;
}

static int t_framing(void)
{
	const uint32_t size = VFN_RING_BYTES_MIN;
	uint32_t bad_len[] = { 12, 8, 20, 64, 8192, 0 };
	struct test_ring t;
	unsigned i;

	CHECK(test_ring_new(&t, size) == 0);
	for (i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
		struct vfn_msg *m;

		t.prod.ctrl->head = t.prod.ctrl->tail = 0;
		CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, zeros, 16) == 0);
		m = (struct vfn_msg *)t.prod.data;
		m->len = bad_len[i];	/* 64 and 8192 lie past head */
		CHECK(expect_framing(&t));
	}
	/* head not a multiple of 8 */
	t.prod.ctrl->head = 4;
	t.prod.ctrl->tail = 0;
	CHECK(expect_framing(&t));
	/* tail ahead of head */
	t.prod.ctrl->head = 0;
	t.prod.ctrl->tail = 64;
	CHECK(expect_framing(&t));
	test_ring_free(&t, size);
	return 1;
}

/* ---- the waiting/kick protocol ---- */

static int t_kick_only_when_waiting(void)
{
	const uint32_t size = VFN_RING_BYTES_MIN;
	struct test_ring t;
	struct pollfd pfd;
	int err;

	CHECK(test_ring_new(&t, size) == 0);
	pfd.fd = t.efd;
	pfd.events = POLLIN;
	/* consumer awake: no system call, counter stays 0 */
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, NULL, 0) == 0);
	CHECK(poll(&pfd, 1, 0) == 0);
	/* consumer announces sleep on a non-empty ring: refused */
	CHECK(vfn_ring_prepare_sleep(&t.cons) == 0);
	CHECK(t.cons.ctrl->waiting == 0);
	CHECK(vfn_ring_peek(&t.cons, &err));
	vfn_ring_pop(&t.cons);
	/* empty ring: sleep allowed, next put kicks */
	CHECK(vfn_ring_prepare_sleep(&t.cons) == 1);
	CHECK(t.cons.ctrl->waiting == 1);
	CHECK(vfn_ring_put(&t.prod, VFN_MSG_PING, 0, 0, NULL, 0) == 0);
	CHECK(poll(&pfd, 1, 0) == 1);
	vfn_ring_end_sleep(&t.cons);
	CHECK(t.cons.ctrl->waiting == 0);
	CHECK(poll(&pfd, 1, 0) == 0);	/* drained */
	test_ring_free(&t, size);
	return 1;
}

struct pingpong {
	struct test_ring a, b;	/* a: main -> thread, b: thread -> main */
	int n, lost;
};

/* sleep on r until a message is there; 1 = got one, 0 = lost wake-up */
static int sleep_for(struct vfn_ring *r, int efd)
{
	int err;

	for (;;) {
		struct pollfd pfd = { .fd = efd, .events = POLLIN };
		int rc;

		if (vfn_ring_peek(r, &err))
			return 1;
		if (!vfn_ring_prepare_sleep(r))
			continue;
		rc = poll(&pfd, 1, 2000);
		vfn_ring_end_sleep(r);
		if (rc == 0 && !vfn_ring_peek(r, &err))
			return 0;
	}
}

static void *pong_thread(void *arg)
{
	struct pingpong *p = arg;
	int i;

	for (i = 0; i < p->n; i++) {
		if (!sleep_for(&p->a.cons, p->a.efd)) {
			p->lost++;
			return NULL;
		}
		vfn_ring_pop(&p->a.cons);
		while (vfn_ring_put(&p->b.prod, VFN_MSG_PONG, 0, (uint32_t)i,
				    NULL, 0) == -EAGAIN)
			;
	}
	return NULL;
}

/* both sides always sleep: every message needs its wake-up */
static int t_no_lost_wakeup(void)
{
	const uint32_t size = VFN_RING_BYTES_MIN;
	struct pingpong p = { .n = 20000 };
	pthread_t th;
	int i, err;

	CHECK(test_ring_new(&p.a, size) == 0);
	CHECK(test_ring_new(&p.b, size) == 0);
	CHECK(pthread_create(&th, NULL, pong_thread, &p) == 0);
	for (i = 0; i < p.n && !p.lost; i++) {
		const struct vfn_msg *m;

		CHECK(vfn_ring_put(&p.a.prod, VFN_MSG_PING, 0, (uint32_t)i,
				   NULL, 0) == 0);
		if (!sleep_for(&p.b.cons, p.b.efd)) {
			p.lost++;
			break;
		}
		m = vfn_ring_peek(&p.b.cons, &err);
		CHECK(m && m->aux == (uint32_t)i);
		vfn_ring_pop(&p.b.cons);
	}
	pthread_join(th, NULL);
	if (p.lost)
		diag("lost wake-up after %d round trips", i);
	CHECK(!p.lost);
	test_ring_free(&p.a, size);
	test_ring_free(&p.b, size);
	return 1;
}

/* ---- random sizes, two threads, checksums ---- */

struct stream {
	struct test_ring t;
	int n;
	uint64_t seed;
	int bad, lost;
};

static size_t random_body(uint64_t *s)
{
	uint64_t r = rng_next(s);

	/* mostly small, sometimes the largest message */
	switch (r & 3) {
	case 0:
		return (size_t)((r >> 8) % 32);
	case 1:
		return (size_t)((r >> 8) % 300);
	case 2:
		return (size_t)((r >> 8) % (VFN_MSG_MAX - 16 + 1));
	default:
		return VFN_MSG_MAX - 16;
	}
}

static void *producer_thread(void *arg)
{
	struct stream *st = arg;
	uint64_t s = st->seed;
	static uint8_t body[VFN_MSG_MAX];
	int i;

	for (i = 0; i < st->n; i++) {
		size_t len = random_body(&s);

		fill_body(body, len, (uint32_t)i);
		while (vfn_ring_put(&st->t.prod, VFN_MSG_TLP, (uint16_t)len,
				    body_sum(body, len), body, len) == -EAGAIN) {
			if (rng_next(&s) & 1)
				sched_yield();
		}
	}
	return NULL;
}

static int t_two_threads(void)
{
	struct stream st = { .n = 200000 };
	uint8_t buf[VFN_MSG_MAX + 8];
	pthread_t th;
	int i;

	st.seed = seed ^ 0x1234;
	CHECK(test_ring_new(&st.t, 1u << 16) == 0);
	CHECK(pthread_create(&th, NULL, producer_thread, &st) == 0);
	for (i = 0; i < st.n && !st.bad; i++) {
		const struct vfn_msg *m;
		long len;

		if (!sleep_for(&st.t.cons, st.t.efd)) {
			st.lost++;
			break;
		}
		/* alternate the two consumer calls */
		if (i & 1) {
			len = vfn_ring_read(&st.t.cons, buf, sizeof(buf));
			m = (const struct vfn_msg *)buf;
			if (len <= 0) {
				st.bad++;
				break;
			}
		} else {
			int err;

			m = vfn_ring_peek(&st.t.cons, &err);
			if (!m) {
				st.bad++;
				break;
			}
		}
		if (m->seq != (uint32_t)i || m->len < 16u + m->func ||
		    body_sum((const uint8_t *)(m + 1), m->func) != m->aux) {
			diag("message %d: seq %u len %u body %u", i, m->seq,
			     m->len, m->func);
			st.bad++;
		}
		if (!(i & 1))
			vfn_ring_pop(&st.t.cons);
	}
	pthread_join(th, NULL);
	CHECK(!st.bad && !st.lost);
	CHECK(vfn_ring_used(&st.t.cons) == 0);
	test_ring_free(&st.t, 1u << 16);
	return 1;
}

/* ---- client/server across processes ---- */

static char sock_path[108];

/*
 * Tiny server: accepts one client, echoes every message it receives with
 * type PONG and the same body, until the client has sent a RESET.
 * Exits 0 on success.
 */
static int echo_server(int lfd, uint32_t refuse_status)
{
	static uint8_t buf[VFN_MSG_MAX + 8];
	struct vfn_server_shm s;
	struct vfn_welcome w;
	struct vfn_hello h;
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };
	int sock;

	if (poll(&pfd, 1, 10000) != 1)
		return 2;
	sock = vfn_server_accept(lfd);
	if (sock < 0)
		return 3;
	pfd.fd = sock;
	if (poll(&pfd, 1, 10000) != 1)
		return 4;
	if (vfn_server_recv_hello(sock, &h) != (long)sizeof(h))
		return 5;
	if (refuse_status) {
		vfn_welcome_init(&w, refuse_status, "no thanks, %s", h.name);
		vfn_server_send_welcome(sock, &w, NULL);
		close(sock);
		return 0;
	}
	if (vfn_server_shm_create(&s, 1u << 15, "echo") < 0)
		return 6;
	vfn_welcome_init(&w, VFN_OK, "ok");
	vfn_welcome_set_shm(&w, &s);
	if (vfn_server_send_welcome(sock, &w, &s) < 0)
		return 7;
	for (;;) {
		struct vfn_msg *m = (struct vfn_msg *)buf;
		long len = vfn_ring_read(&s.rx, buf, sizeof(buf));

		if (len < 0)
			return 8;
		if (len == 0) {
			struct pollfd p2 = { .fd = s.rx.kick_fd, .events = POLLIN };

			if (vfn_ring_prepare_sleep(&s.rx)) {
				if (poll(&p2, 1, 10000) != 1)
					return 9;
				vfn_ring_end_sleep(&s.rx);
			}
			continue;
		}
		if (m->type == VFN_MSG_RESET)
			break;
		m->type = VFN_MSG_PONG;
		m->aux = m->seq;
		{
			long long give_up = now_ns() + 10000000000LL;

			/* the client drains us; if it died, do not spin forever */
			while (vfn_ring_put_raw(&s.tx, m) == -EAGAIN)
				if (now_ns() > give_up)
					return 10;
		}
	}
	vfn_server_shm_destroy(&s);
	close(sock);
	return 0;
}

static pid_t child_pid;

/* a test that failed half-way leaves its server behind: end it */
static void kill_child(void)
{
	if (child_pid > 0) {
		kill(child_pid, SIGKILL);
		waitpid(child_pid, NULL, 0);
	}
	child_pid = 0;
}

static pid_t start_server(uint32_t refuse, int *lfd)
{
	pid_t pid;

	*lfd = vfn_server_listen(sock_path);
	if (*lfd < 0)
		return -1;
	pid = fork();
	if (pid == 0)
		_exit(echo_server(*lfd, refuse));
	close(*lfd);
	child_pid = pid;
	return pid;
}

static int wait_child(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	child_pid = 0;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int t_refused(void)
{
	struct vfn_client c;
	struct vfn_hello h;
	char err[256];
	pid_t pid;
	int lfd;

	pid = start_server(VFN_E_BUSY, &lfd);
	CHECK(pid > 0);
	vfn_hello_init(&h, VFN_ROLE_PF, 0, "refused");
	CHECK(vfn_client_connect(&c, sock_path, &h, err, sizeof(err)) ==
	      VFN_E_BUSY);
	CHECK(strstr(err, "no thanks, refused") != NULL);
	CHECK(c.sock < 0 && c.shm == NULL);
	CHECK(wait_child(pid) == 0);
	return 1;
}

static int t_processes(void)
{
	static uint8_t body[VFN_MSG_MAX];
	const int n = 50000;
	int sent = 0, got = 0, err, lfd;
	size_t inflight = 0;
	uint64_t ss, rs;
	struct vfn_client c;
	struct vfn_hello h;
	char errs[256];
	pid_t pid;

	pid = start_server(0, &lfd);
	CHECK(pid > 0);
	vfn_hello_init(&h, VFN_ROLE_TEST, 0, "echo-test");
	CHECK(vfn_client_connect(&c, sock_path, &h, errs, sizeof(errs)) == 0);
	CHECK(c.welcome.ring_bytes == 1u << 15);
	ss = rs = seed ^ 0xabcd;
	/*
	 * Keep up to 12 KiB in flight: both rings wrap, and the echo server
	 * (which spins on a full ring) can never block on us.
	 */
	while (got < n) {
		const struct vfn_msg *m;

		while (sent < n) {
			uint64_t peek = ss;
			size_t len = random_body(&peek);

			if (inflight + len + 24 > 12 * 1024)
				break;
			ss = peek;
			inflight += len + 24;
			fill_body(body, len, (uint32_t)sent);
			CHECK(vfn_client_send(&c, VFN_MSG_PING, (uint16_t)len,
					      0, body, len, 5000) == 0);
			sent++;
		}
		m = vfn_client_wait(&c, 5000, &err);
		if (!m)
			diag("wait: %s after %d", strerror(-err), got);
		CHECK(m);
		{
			size_t len = random_body(&rs);

			fill_body(body, len, (uint32_t)got);
			CHECK(m->type == VFN_MSG_PONG && m->aux == (uint32_t)got);
			CHECK(m->func == len && memcmp(m + 1, body, len) == 0);
			inflight -= len + 24;
		}
		vfn_ring_pop(&c.rx);
		got++;
	}
	CHECK(vfn_client_send(&c, VFN_MSG_RESET, 0, 0, NULL, 0, 1000) == 0);
	CHECK(wait_child(pid) == 0);
	/* the server has closed: an empty ring now reports -EPIPE */
	CHECK(vfn_client_wait(&c, 2000, &err) == NULL && err == -EPIPE);
	vfn_client_close(&c);
	return 1;
}

int main(int argc, char **argv)
{
	int i;

	seed = (uint64_t)time(NULL);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
	}
	signal(SIGPIPE, SIG_IGN);
	snprintf(sock_path, sizeof(sock_path), "/tmp/vfn-ttest-%d.sock",
		 (int)getpid());
	printf("1..11\n# seed %" PRIu64 "\n", seed);
	tap(t_basic(), "put/peek/pop, seq stamps, zero padding, oversize");
	tap(t_pad_wrap(), "wrap-around with PAD (8, 16, 24, 40, 4096 bytes left)");
	tap(t_full(), "full ring refuses, frees after pop");
	tap(t_framing(), "framing errors detected (len, head, tail)");
	tap(t_kick_only_when_waiting(), "kick only when consumer waits");
	tap(t_no_lost_wakeup(), "20000 sleep/wake round trips, no lost wake-up");
	{
		long long t0 = now_ns();
		int ok = t_two_threads();

		diag("200000 messages in %.1f ms", (now_ns() - t0) / 1e6);
		tap(ok, "random sizes across two threads, checksums");
	}
	tap(t_refused(), "client: refused HELLO returns status and text");
	kill_child();
	tap(t_processes(), "client/server across processes: echo with checksums");
	kill_child();
	{
		struct vfn_hello h;

		vfn_hello_init(&h, VFN_ROLE_VF, 3, "a-name-much-longer-than-the-thirty-two-bytes");
		tap(h.magic == VFN_MAGIC && h.version == VFN_VERSION &&
		    h.role == VFN_ROLE_VF && h.func == 3 && h.nwindows == 0 &&
		    h.name[VFN_NAME_LEN - 1] == 0, "hello_init defaults");
	}
	/* docs/transport.md section 6: the wire value is fixed */
	tap(VFN_TLP_AUX_BAR(0) == 0x80000000u && VFN_TLP_AUX_BAR(2) == 0x80000002u &&
	    VFN_TLP_AUX_BAR(5) == 0x80000005u &&
	    (VFN_TLP_AUX_BAR(2) & VFN_TLP_AUX_BAR_MASK) == 2,
	    "VF BAR-relative aux encoding");
	unlink(sock_path);
	printf("# %d passed, %d failed\n", test_no - failures, failures);
	return failures ? 1 : 0;
}
