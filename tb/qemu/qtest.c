/* SPDX-License-Identifier: MIT */
/*
 * qtest and QMP client for boot-less QEMU device tests (see qtest.h).
 * QEMU is started with "-qtest unix:A -qmp unix:B": both sockets are ours
 * (listening), so there is no race on their creation, and a QEMU that dies
 * during start-up is noticed while we wait for it to connect.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "qtest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VQ_REPLY_MS 30000	/* no single command may take longer */
#define VQ_START_MS 20000

long long vq_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void __attribute__((format(printf, 2, 3)))
vq_failf(struct vq *q, const char *fmt, ...)
{
	va_list ap;

	if (q->fail[0])
		return;		/* the first failure is the interesting one */
	va_start(ap, fmt);
	vsnprintf(q->fail, sizeof(q->fail), fmt, ap);
	va_end(ap);
}

/* ---- processes ---- */

int vq_reap(pid_t pid, int timeout_ms)
{
	long long deadline = vq_now_ms() + timeout_ms;
	int st;

	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) :
					       128 + WTERMSIG(st);
		if (r < 0 || vq_now_ms() >= deadline)
			return -1;
		usleep(2000);
	}
}

/* in the child: die with the test, stdin from /dev/null, output to @out */
static void child_setup(const char *out)
{
	int in = open("/dev/null", O_RDONLY);
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (in >= 0) {
		dup2(in, 0);
		close(in);
	}
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
}

pid_t vq_spawn(const char *const *argv, const char *out)
{
	pid_t pid = fork();

	if (pid == 0) {
		child_setup(out);
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

int vq_run(const char *const *argv, const char *out_path, int timeout_ms)
{
	pid_t pid = vq_spawn(argv, out_path);
	int rc;

	if (pid < 0)
		return -1;
	rc = vq_reap(pid, timeout_ms);
	if (rc < 0) {
		kill(pid, SIGKILL);
		vq_reap(pid, 5000);
	}
	return rc;
}

char *vq_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f) {
		do {
			if (cap - len < 4096) {
				char *nb = realloc(buf, cap + 65536);

				if (!nb)
					break;
				buf = nb;
				cap += 65536;
			}
			n = fread(buf + len, 1, cap - len - 1, f);
			len += n;
		} while (n > 0);
		fclose(f);
	}
	if (!buf)
		return strdup("");
	buf[len] = 0;
	return buf;
}

int vq_alive(struct vq *q)
{
	int rc;

	if (!q->pid)
		return 0;
	rc = vq_reap(q->pid, 0);
	if (rc >= 0) {
		q->pid = 0;
		q->status = rc;
		return 0;
	}
	return 1;
}

/* ---- sockets and lines ---- */

static int listen_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

/* accept QEMU's connection, watching that it has not died meanwhile */
static int accept_qemu(struct vq *q, int lfd, const char *what)
{
	long long deadline = vq_now_ms() + VQ_START_MS;

	while (vq_now_ms() < deadline) {
		struct pollfd p = { .fd = lfd, .events = POLLIN };

		if (poll(&p, 1, 50) > 0)
			return accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (!vq_alive(q)) {
			vq_failf(q, "%s exited with status %d before connecting "
				 "its %s socket (see %s)", q->name, q->status,
				 what, q->err_path);
			return -1;
		}
	}
	vq_failf(q, "%s did not connect its %s socket", q->name, what);
	return -1;
}

static int send_all(struct vq *q, int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;

			vq_alive(q);
			vq_failf(q, "%s: send: %s (QEMU %s, status %d)", q->name,
				 strerror(e), q->pid ? "running" : "exited",
				 q->status);
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* next line (without '\n') into @out, waiting up to @timeout_ms */
static int read_line(struct vq *q, struct vq_buf *b, char *out, size_t n,
		     int timeout_ms)
{
	long long deadline = vq_now_ms() + timeout_ms;

	for (;;) {
		char *nl = memchr(b->data, '\n', b->len);
		struct pollfd p = { .fd = b->fd, .events = POLLIN };
		long long left;
		ssize_t r;

		if (nl) {
			size_t l = (size_t)(nl - b->data);

			if (l >= n)
				l = n - 1;
			memcpy(out, b->data, l);
			out[l] = 0;
			b->len -= (size_t)(nl + 1 - b->data);
			memmove(b->data, nl + 1, b->len);
			return 0;
		}
		if (b->len == sizeof(b->data)) {
			vq_failf(q, "%s: reply line too long", q->name);
			return -1;
		}
		left = deadline - vq_now_ms();
		if (left <= 0 || poll(&p, 1, (int)left) == 0) {
			vq_failf(q, "%s: no reply within %d ms", q->name,
				 timeout_ms);
			return -1;
		}
		r = read(b->fd, b->data + b->len, sizeof(b->data) - b->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			vq_alive(q);
			vq_failf(q, "%s closed the connection (QEMU %s, status "
				 "%d)", q->name, q->pid ? "running" : "exited",
				 q->status);
			return -1;
		}
		b->len += (size_t)r;
	}
}

/* ---- a minimal JSON reader: QMP's return / error / event objects ---- */

struct jp {
	const char *p;
	int depth;
};

static void j_ws(struct jp *j)
{
	while (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n')
		j->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* a string literal into @out (may be NULL); non-ASCII escapes become '?' */
static int j_string(struct jp *j, char *out, size_t n)
{
	size_t k = 0;

	if (*j->p != '"')
		return -1;
	j->p++;
	while (*j->p != '"') {
		char c = *j->p++;

		if (!c)
			return -1;
		if (c == '\\') {
			c = *j->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '"': case '\\': case '/': break;
			case 'u': {
				int i, v = 0;

				for (i = 0; i < 4; i++) {
					int h = hexval(j->p[i]);

					if (h < 0)
						return -1;
					v = v << 4 | h;
				}
				j->p += 4;
				c = v < 0x80 ? (char)v : '?';
				break;
			}
			default:
				return -1;
			}
		}
		if (out && k + 1 < n)
			out[k++] = c;
	}
	j->p++;
	if (out)
		out[k] = 0;
	return 0;
}

static int j_skip(struct jp *j);

/* object or array; for objects each key is read before its value */
static int j_skip_container(struct jp *j, char close)
{
	if (++j->depth > 64)
		return -1;
	j->p++;
	j_ws(j);
	if (*j->p == close) {
		j->p++;
		j->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (j_string(j, NULL, 0))
				return -1;
			j_ws(j);
			if (*j->p++ != ':')
				return -1;
			j_ws(j);
		}
		if (j_skip(j))
			return -1;
		j_ws(j);
		if (*j->p == ',') {
			j->p++;
			j_ws(j);
			continue;
		}
		if (*j->p++ != close)
			return -1;
		j->depth--;
		return 0;
	}
}

static int j_skip(struct jp *j)
{
	const char *start = j->p;

	switch (*j->p) {
	case '{':
		return j_skip_container(j, '}');
	case '[':
		return j_skip_container(j, ']');
	case '"':
		return j_string(j, NULL, 0);
	default:	/* number, true, false, null */
		while (*j->p && strchr("+-.0123456789eEtruefalsn", *j->p))
			j->p++;
		return j->p == start ? -1 : 0;
	}
}

/* the "desc" member of an error object */
static int j_error(struct jp *j, struct vq_reply *r)
{
	if (*j->p != '{')
		return j_skip(j);
	j->p++;
	for (;;) {
		char key[32];

		j_ws(j);
		if (*j->p == '}') {
			j->p++;
			return 0;
		}
		if (j_string(j, key, sizeof(key)))
			return -1;
		j_ws(j);
		if (*j->p++ != ':')
			return -1;
		j_ws(j);
		if (!strcmp(key, "desc") && *j->p == '"') {
			if (j_string(j, r->text, sizeof(r->text)))
				return -1;
		} else if (j_skip(j)) {
			return -1;
		}
		j_ws(j);
		if (*j->p == ',')
			j->p++;
	}
}

enum { QMP_OTHER, QMP_RETURN, QMP_ERROR, QMP_EVENT };

/* one QMP message: which kind, and its payload in @r / @event */
static int qmp_parse(const char *line, struct vq_reply *r, char *event,
		     size_t event_n)
{
	struct jp j = { .p = line };
	int kind = QMP_OTHER;

	memset(r, 0, sizeof(*r));
	event[0] = 0;
	j_ws(&j);
	if (*j.p++ != '{')
		return -1;
	for (;;) {
		char key[32];

		j_ws(&j);
		if (*j.p == '}')
			return kind;
		if (j_string(&j, key, sizeof(key)))
			return -1;
		j_ws(&j);
		if (*j.p++ != ':')
			return -1;
		j_ws(&j);
		if (!strcmp(key, "return")) {
			kind = QMP_RETURN;
			if (*j.p == '-' || (*j.p >= '0' && *j.p <= '9')) {
				r->has_int = 1;
				r->ival = strtoll(j.p, NULL, 10);
			} else if (*j.p == '"') {
				struct jp s = j;

				if (j_string(&s, r->text, sizeof(r->text)))
					return -1;
			}
			if (j_skip(&j))
				return -1;
		} else if (!strcmp(key, "error")) {
			kind = QMP_ERROR;
			r->is_error = 1;
			if (j_error(&j, r))
				return -1;
		} else if (!strcmp(key, "event") && *j.p == '"') {
			kind = QMP_EVENT;
			if (j_string(&j, event, event_n))
				return -1;
		} else if (j_skip(&j)) {
			return -1;
		}
		j_ws(&j);
		if (*j.p == ',')
			j.p++;
		else if (*j.p != '}')
			return -1;
	}
}

void vq_json_str(char *dst, size_t n, const char *s)
{
	size_t k = 0;

	if (n < 3)
		return;
	dst[k++] = '"';
	for (; *s && k + 8 < n; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			dst[k++] = '\\';
			dst[k++] = (char)c;
		} else if (c < 0x20) {
			k += (size_t)snprintf(dst + k, n - k, "\\u%04x", c);
		} else {
			dst[k++] = (char)c;
		}
	}
	dst[k++] = '"';
	dst[k] = 0;
}

/* read QMP messages until a return or error; events are counted */
static int qmp_next(struct vq *q, struct vq_reply *r, int timeout_ms,
		    int want_reply)
{
	char line[VQ_LINE_MAX], event[64];
	long long deadline = vq_now_ms() + timeout_ms;

	for (;;) {
		long long left = deadline - vq_now_ms();
		int kind;

		if (left < 0)
			left = 0;
		if (read_line(q, &q->qmp, line, sizeof(line), (int)left))
			return -1;
		kind = qmp_parse(line, r, event, sizeof(event));
		if (kind < 0) {
			vq_failf(q, "%s: cannot parse QMP message: %.200s",
				 q->name, line);
			return -1;
		}
		if (kind == QMP_EVENT && !strcmp(event, "RESET"))
			q->resets++;
		if (kind == QMP_RETURN || kind == QMP_ERROR)
			return kind == QMP_ERROR;
		if (!want_reply)
			return 0;	/* the greeting, or an event */
	}
}

static int qmp_send(struct vq *q, const char *execute, const char *args)
{
	char msg[VQ_LINE_MAX], ex[128];

	vq_json_str(ex, sizeof(ex), execute);
	if (args)
		snprintf(msg, sizeof(msg),
			 "{\"execute\": %s, \"arguments\": %s}\n", ex, args);
	else
		snprintf(msg, sizeof(msg), "{\"execute\": %s}\n", ex);
	return send_all(q, q->qmp.fd, msg, strlen(msg));
}

int vq_qmp(struct vq *q, struct vq_reply *reply, const char *execute,
	   const char *args_json)
{
	struct vq_reply local;
	int r;

	if (!reply)
		reply = &local;
	memset(reply, 0, sizeof(*reply));
	if (!vq_ok(q) || qmp_send(q, execute, args_json))
		return -1;
	r = qmp_next(q, reply, VQ_REPLY_MS, 1);
	return r;
}

long long vq_qom_int(struct vq *q, const char *path, const char *prop)
{
	char args[VQ_PATH_MAX + 256], p[VQ_PATH_MAX], n[128];
	struct vq_reply r;

	vq_json_str(p, sizeof(p), path);
	vq_json_str(n, sizeof(n), prop);
	snprintf(args, sizeof(args), "{\"path\": %s, \"property\": %s}", p, n);
	if (vq_qmp(q, &r, "qom-get", args) || !r.has_int)
		return -1;
	return r.ival;
}

int vq_wait_resets(struct vq *q, unsigned count, int timeout_ms)
{
	long long deadline = vq_now_ms() + timeout_ms;
	struct vq_reply r;

	while (vq_ok(q) && q->resets < count) {
		long long left = deadline - vq_now_ms();

		if (left <= 0) {
			vq_failf(q, "%s: no RESET event within %d ms", q->name,
				 timeout_ms);
			return -1;
		}
		if (qmp_next(q, &r, (int)left, 0) < 0)
			return -1;
	}
	return vq_ok(q) ? 0 : -1;
}

/* ---- qtest ---- */

static int vq_vsend(struct vq *q, const char *fmt, va_list ap)
{
	char cmd[VQ_LINE_MAX];
	int n;

	if (!vq_ok(q))
		return -1;
	n = vsnprintf(cmd, sizeof(cmd) - 1, fmt, ap);
	if (n < 0 || n >= (int)sizeof(cmd) - 1) {
		vq_failf(q, "%s: qtest command too long", q->name);
		return -1;
	}
	cmd[n++] = '\n';
	return send_all(q, q->qt.fd, cmd, (size_t)n);
}

int vq_send(struct vq *q, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vq_vsend(q, fmt, ap);
	va_end(ap);
	return r;
}

const char *vq_recv(struct vq *q, int timeout_ms)
{
	char line[VQ_LINE_MAX];

	while (vq_ok(q)) {
		if (read_line(q, &q->qt, line, sizeof(line), timeout_ms))
			break;
		if (!strncmp(line, "IRQ", 3))
			continue;	/* asynchronous, only with irq_intercept */
		if (strncmp(line, "OK", 2)) {
			vq_failf(q, "%s: qtest replied '%.300s'", q->name, line);
			break;
		}
		snprintf(q->line, sizeof(q->line), "%s",
			 line + 2 + strspn(line + 2, " "));
		return q->line;
	}
	return NULL;
}

int vq_reply_ready(struct vq *q, int timeout_ms)
{
	struct pollfd p = { .fd = q->qt.fd, .events = POLLIN };

	if (memchr(q->qt.data, '\n', q->qt.len))
		return 1;
	return poll(&p, 1, timeout_ms) > 0;
}

const char *vq_cmd(struct vq *q, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vq_vsend(q, fmt, ap);
	va_end(ap);
	return r ? NULL : vq_recv(q, VQ_REPLY_MS);
}

static uint64_t ones(unsigned size)
{
	return size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
}

static const char *size_op(const char *ops[4], unsigned size)
{
	switch (size) {
	case 1: return ops[0];
	case 2: return ops[1];
	case 4: return ops[2];
	default: return ops[3];
	}
}

uint64_t vq_rd(struct vq *q, uint64_t addr, unsigned size)
{
	static const char *ops[4] = { "readb", "readw", "readl", "readq" };
	const char *r = vq_cmd(q, "%s 0x%" PRIx64, size_op(ops, size), addr);

	return r ? strtoull(r, NULL, 16) & ones(size) : ones(size);
}

void vq_wr(struct vq *q, uint64_t addr, uint64_t val, unsigned size)
{
	static const char *ops[4] = { "writeb", "writew", "writel", "writeq" };

	vq_cmd(q, "%s 0x%" PRIx64 " 0x%" PRIx64, size_op(ops, size), addr,
	       val & ones(size));
}

int vq_read_mem(struct vq *q, uint64_t addr, void *buf, size_t n)
{
	const char *r = vq_cmd(q, "read 0x%" PRIx64 " 0x%zx", addr, n);
	unsigned char *b = buf;
	size_t i;

	memset(buf, 0xff, n);
	if (!r)
		return -1;
	if (strncmp(r, "0x", 2) || strlen(r) < 2 + 2 * n) {
		vq_failf(q, "%s: bad reply to read: '%.100s'", q->name, r);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int hi = hexval(r[2 + 2 * i]), lo = hexval(r[3 + 2 * i]);

		if (hi < 0 || lo < 0) {
			vq_failf(q, "%s: bad hex in read reply", q->name);
			return -1;
		}
		b[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int vq_write_mem(struct vq *q, uint64_t addr, const void *buf, size_t n)
{
	const unsigned char *b = buf;
	char hex[VQ_LINE_MAX - 64];
	size_t i;

	if (2 * n + 1 > sizeof(hex)) {
		vq_failf(q, "%s: write of %zu bytes too long", q->name, n);
		return -1;
	}
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	hex[2 * n] = 0;
	return vq_cmd(q, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, n, hex) ?
	       0 : -1;
}

static void cfg_select(struct vq *q, unsigned bus, unsigned devfn,
		       unsigned reg)
{
	vq_cmd(q, "outl 0xcf8 0x%x",
	       0x80000000u | bus << 16 | devfn << 8 | (reg & 0xfc));
}

uint32_t vq_cfg_rd(struct vq *q, unsigned bus, unsigned devfn, unsigned reg,
		   unsigned size)
{
	static const char *ops[4] = { "inb", "inw", "inl", "inl" };
	const char *r;

	cfg_select(q, bus, devfn, reg);
	r = vq_cmd(q, "%s 0x%x", size_op(ops, size), 0xcfc + (reg & 3));
	return (uint32_t)((r ? strtoull(r, NULL, 16) : UINT64_MAX) &
			  ones(size));
}

void vq_cfg_wr(struct vq *q, unsigned bus, unsigned devfn, unsigned reg,
	       uint32_t val, unsigned size)
{
	static const char *ops[4] = { "outb", "outw", "outl", "outl" };

	cfg_select(q, bus, devfn, reg);
	vq_cmd(q, "%s 0x%x 0x%x", size_op(ops, size), 0xcfc + (reg & 3),
	       (uint32_t)(val & ones(size)));
}

/* ---- start and stop ---- */

int vq_start(struct vq *q, const struct vq_env *env, const char *name,
	     const char *const *args)
{
	char qt_path[VQ_PATH_MAX], qmp_path[VQ_PATH_MAX];
	char qt_arg[VQ_PATH_MAX + 8], qmp_arg[VQ_PATH_MAX + 8];
	char qt_log[VQ_PATH_MAX];
	const char *argv[64];
	struct vq_reply r;
	int n = 0, lqt, lqmp;

	memset(q, 0, sizeof(*q));
	q->qt.fd = q->qmp.fd = -1;
	q->status = -1;
	snprintf(q->name, sizeof(q->name), "%s", name);
	snprintf(q->err_path, sizeof(q->err_path), "%s/%s.stderr", env->logs,
		 name);
	snprintf(qt_log, sizeof(qt_log), "%s/%s.qtest.log", env->logs, name);
	snprintf(qt_path, sizeof(qt_path), "%s/%s.qtest", env->work, name);
	snprintf(qmp_path, sizeof(qmp_path), "%s/%s.qmp", env->work, name);
	snprintf(qt_arg, sizeof(qt_arg), "unix:%s", qt_path);
	snprintf(qmp_arg, sizeof(qmp_arg), "unix:%s", qmp_path);
	lqt = listen_unix(qt_path);
	lqmp = listen_unix(qmp_path);
	if (lqt < 0 || lqmp < 0) {
		vq_failf(q, "%s: cannot listen on %s: %s", name, qt_path,
			 strerror(-(lqt < 0 ? lqt : lqmp)));
		goto out;
	}
	argv[n++] = env->qemu;
	argv[n++] = "-M";
	argv[n++] = "q35";
	argv[n++] = "-accel";
	argv[n++] = "qtest";
	argv[n++] = "-qtest";
	argv[n++] = qt_arg;
	argv[n++] = "-qtest-log";
	argv[n++] = qt_log;
	argv[n++] = "-qmp";
	argv[n++] = qmp_arg;
	argv[n++] = "-display";
	argv[n++] = "none";
	argv[n++] = "-vga";
	argv[n++] = "none";
	argv[n++] = "-nic";
	argv[n++] = "none";
	argv[n++] = "-m";
	argv[n++] = "64";
	argv[n++] = "-L";
	argv[n++] = env->roms;
	while (*args && n < 63)
		argv[n++] = *args++;
	argv[n] = NULL;
	q->pid = vq_spawn(argv, q->err_path);
	if (q->pid < 0) {
		q->pid = 0;
		vq_failf(q, "%s: fork: %s", name, strerror(errno));
		goto out;
	}
	q->qt.fd = accept_qemu(q, lqt, "qtest");
	if (q->qt.fd >= 0)
		q->qmp.fd = accept_qemu(q, lqmp, "QMP");
	if (q->qmp.fd >= 0 && qmp_next(q, &r, VQ_START_MS, 0) >= 0)
		vq_qmp(q, &r, "qmp_capabilities", NULL);	/* greeting read */
out:
	if (lqt >= 0)
		close(lqt);
	if (lqmp >= 0)
		close(lqmp);
	unlink(qt_path);
	unlink(qmp_path);
	return vq_ok(q) ? 0 : -1;
}

int vq_quit(struct vq *q)
{
	if (q->pid && q->qmp.fd >= 0 && qmp_send(q, "quit", NULL) == 0) {
		char line[VQ_LINE_MAX];
		char saved[sizeof(q->fail)];

		/* the reply or EOF, whichever comes; not a session failure */
		memcpy(saved, q->fail, sizeof(saved));
		read_line(q, &q->qmp, line, sizeof(line), 10000);
		memcpy(q->fail, saved, sizeof(saved));
	}
	if (q->pid) {
		q->status = vq_reap(q->pid, 10000);
		if (q->status < 0) {
			kill(q->pid, SIGKILL);
			vq_reap(q->pid, 5000);
			q->status = -1;
		}
		q->pid = 0;
	}
	if (q->qt.fd >= 0)
		close(q->qt.fd);
	if (q->qmp.fd >= 0)
		close(q->qmp.fd);
	q->qt.fd = q->qmp.fd = -1;
	return q->status;
}
