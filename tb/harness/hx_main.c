/* SPDX-License-Identifier: MIT */
/*
 * vfnic-harness: transport-level regression suite for the vfnic model.
 * Starts its own model (or uses --socket), connects as a TEST client and
 * acts as the root complex. TAP output; the seed is printed so any run can
 * be replayed with --seed.
 *
 * usage: vfnic-harness [--model PATH | --socket PATH] [--seed N]
 *                      [--only NAME] [--trace FILE.fst] [--ring-bytes N]
 *                      [--keep] [--bench] [--list]
 *                      [--peer-wire SPEC --peer-ip A.B.C.D]
 * --peer-wire runs the interoperability tests alone (hx_peer.c): the model's
 * wire goes to SPEC (an external link partner at A.B.C.D, see
 * sim/guest/run-peer.sh) instead of to the harness.
 * --model: the binary to start (default: ../model/vfnic-model next to us);
 * --trace/--ring-bytes are passed to it. The model log (every TLP) and a
 * waveform go to a temporary directory, removed unless a test fails or
 * --keep is given.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hx.h"

static int test_no, failures;

void hx_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static void tap(int ok, const char *id, const char *desc)
{
	printf("%sok %d - %s: %s%s\n", ok ? "" : "not ", ++test_no, id, desc,
	       ok == HX_SKIP ? " # SKIP" : "");
	fflush(stdout);
	if (!ok)
		failures++;
}

/* ---- the model process ---- */

static char model_stderr[300];
static char wave_path[300];	/* our default waveform, removed on success */

static int start_model(struct hx_ctx *x, const char *bin, const char *trace,
		       int log_tlp, const char *ring_bytes, const char *peer_wire,
		       char *sock_buf, size_t sock_len)
{
	long long deadline;
	pid_t pid;
	char wire_spec[256];

	if (peer_wire)
		snprintf(wire_spec, sizeof(wire_spec), "%s", peer_wire);
	else if (hx_wire_prepare(x, wire_spec, sizeof(wire_spec)) < 0) {
		hx_diag("wire: no UDP socket: %s", strerror(errno));
		return -1;
	}
	snprintf(x->dir, sizeof(x->dir), "%s/vfnic-harness.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(x->dir)) {
		hx_diag("mkdtemp %s: %s", x->dir, strerror(errno));
		return -1;
	}
	snprintf(sock_buf, sock_len, "%s/model.sock", x->dir);
	snprintf(x->log_path, sizeof(x->log_path), "%s/model.log", x->dir);
	snprintf(x->capture_path, sizeof(x->capture_path), "%s/wire.pcap", x->dir);
	snprintf(model_stderr, sizeof(model_stderr), "%s/model.stderr", x->dir);
	/* a waveform always, so that a failure leaves one behind */
	if (!trace && log_tlp) {
		snprintf(wave_path, sizeof(wave_path), "%s/wave.fst", x->dir);
		trace = wave_path;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		const char *argv[32];
		int n = 0, fd = open(model_stderr, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd >= 0) {
			dup2(fd, 2);
			close(fd);
		}
		argv[n++] = bin;
		argv[n++] = "--socket";
		argv[n++] = sock_buf;
		argv[n++] = "--log";
		argv[n++] = x->log_path;
		if (log_tlp)
			argv[n++] = "--log-tlp";
		argv[n++] = "--max-queue";
		argv[n++] = HX_MODEL_MAX_QUEUE;
		if (ring_bytes) {
			argv[n++] = "--ring-bytes";
			argv[n++] = ring_bytes;
		}
		if (trace) {
			argv[n++] = "--trace";
			argv[n++] = trace;
		}
		argv[n++] = "--wire";
		argv[n++] = wire_spec;
		if (log_tlp) {	/* benchmarks measure the RTL, not pcap writes */
			argv[n++] = "--capture";
			argv[n++] = x->capture_path;
		}
		assert((size_t)n < sizeof(argv) / sizeof(argv[0]));
		argv[n] = NULL;
		execv(bin, (char *const *)argv);
		fprintf(stderr, "exec %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	x->model_pid = pid;
	/* the model says "ready" on stderr once it listens */
	deadline = hx_now_ns() + 20000000000LL;
	while (hx_now_ns() < deadline) {
		char buf[512] = "";
		FILE *f = fopen(model_stderr, "r");
		int st;

		if (f) {
			size_t n = fread(buf, 1, sizeof(buf) - 1, f);

			buf[n] = 0;
			fclose(f);
			if (strstr(buf, "vfnic-model: ready"))
				return peer_wire ? 0 : hx_wire_connect(x);
		}
		if (waitpid(pid, &st, WNOHANG) == pid) {
			hx_diag("model exited during start-up: %s", buf);
			x->model_pid = 0;
			return -1;
		}
		usleep(2000);
	}
	hx_diag("model did not become ready (see %s)", model_stderr);
	return -1;
}

/* SIGTERM the model; returns its exit status (-1 if it had to be killed) */
static int stop_model(struct hx_ctx *x)
{
	long long deadline = hx_now_ns() + 10000000000LL;
	int st;

	if (!x->model_pid)
		return 0;
	kill(x->model_pid, SIGTERM);
	while (hx_now_ns() < deadline) {
		if (waitpid(x->model_pid, &st, WNOHANG) == x->model_pid) {
			x->model_pid = 0;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
		usleep(5000);
	}
	kill(x->model_pid, SIGKILL);
	waitpid(x->model_pid, &st, 0);
	x->model_pid = 0;
	return -1;
}

/* a crashed model fails the test that saw it, with its stderr shown */
static int model_died(struct hx_ctx *x)
{
	char line[512];
	FILE *f;
	int st;

	if (!x->model_pid || waitpid(x->model_pid, &st, WNOHANG) != x->model_pid)
		return 0;
	hx_diag("model process died (%s %d); its stderr:",
		WIFEXITED(st) ? "exit status" : "signal",
		WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	f = fopen(model_stderr, "r");
	while (f && fgets(line, sizeof(line), f))
		printf("#   %s", line);
	if (f)
		fclose(f);
	x->model_pid = 0;
	return 1;
}

/* user + system CPU time of a process, in clock ticks */
static long long proc_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long ut = 0, stt = 0;
	FILE *f;
	size_t n;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	p = strrchr(buf, ')');	/* the command name may hold spaces */
	if (!p)
		return -1;
	/* fields after ")": state is field 3; utime 14, stime 15 */
	for (i = 3; i < 14 && p; i++)
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %llu %llu", &ut, &stt) != 2)
		return -1;
	return (long long)(ut + stt);
}

/* ---- shared helpers for the tests ---- */

static struct hx_ctx *g_ctx;

int hx_main_up(struct hx_ctx *x)
{
	char err[256];
	int r;

	if (x->main.connected && !x->main.gone)
		return 1;
	hx_close(&x->main);
	x->main.rng = &x->rng;
	r = hx_connect(&x->main, x->sock, "harness", VFN_ROLE_TEST, err,
		       sizeof(err));
	if (r) {
		hx_diag("main client: %s", err);
		return 0;
	}
	x->main.split_reads = 1;
	return 1;
}

int hx_enumerate(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;

	if (!hx_main_up(x))
		return 0;
	if (x->enumerated)
		return 1;
	if (hx_cfg_wr(h, CFG_BAR(0), (uint32_t)HX_BAR0, 0xf) ||
	    hx_cfg_wr(h, CFG_BAR(1), (uint32_t)(HX_BAR0 >> 32), 0xf) ||
	    hx_cfg_wr(h, CFG_BAR(2), (uint32_t)HX_BAR2, 0xf) ||
	    hx_cfg_wr(h, CFG_BAR(3), (uint32_t)(HX_BAR2 >> 32), 0xf) ||
	    hx_cfg_wr(h, CFG_CMD, CMD_MEM | CMD_MASTER, 0x3)) {
		hx_diag("enumeration: config write failed");
		return 0;
	}
	x->enumerated = 1;
	return 1;
}

/*
 * After a misbehaving client: a second, well-behaved client connects,
 * writes SCRATCH and reads it back `reads` times (more than 256 reads
 * proves that no model tag leaked).
 */
int hx_good_client_check(struct hx_ctx *x, int reads)
{
	struct hx_host g;
	char err[256];
	uint32_t v = (uint32_t)hx_rand(&x->rng);
	int i, r;

	g.rng = &x->rng;
	r = hx_connect(&g, x->sock, "good-client", VFN_ROLE_TEST, err,
		       sizeof(err));
	if (r) {
		hx_diag("well-behaved client refused: %s", err);
		return 0;
	}
	hx_reg_failures = 0;
	hx_reg_wr(&g, VFNIC_REG_SCRATCH, v);
	for (i = 0; i < reads; i++) {
		uint32_t got = hx_reg(&g, VFNIC_REG_SCRATCH);

		if (got != v) {
			hx_diag("good client: SCRATCH read %d = %#x, wrote %#x",
				i, got, v);
			hx_close(&g);
			return 0;
		}
	}
	hx_close(&g);
	return hx_reg_failures == 0;
}

/* ---- tests run by the runner itself ---- */

static int t_idle_cpu(struct hx_ctx *x)
{
	long long c0, c1, t0, t1;
	long hz = sysconf(_SC_CLK_TCK);
	double cpu, wall;

	if (!x->model_pid) {
		hx_diag("no model process of ours (--socket)");
		return HX_SKIP;
	}
	/* a connected, idle client: both sides must sleep */
	if (!hx_main_up(x))
		return 0;
	CHECK(hx_ping(&x->main) == 0);
	usleep(100000);	/* past the model's idle tail and spin */
	c0 = proc_cpu_ticks(x->model_pid);
	t0 = hx_now_ns();
	sleep(1);
	c1 = proc_cpu_ticks(x->model_pid);
	t1 = hx_now_ns();
	CHECK(c0 >= 0 && c1 >= 0);
	cpu = (double)(c1 - c0) / (double)hz;
	wall = (t1 - t0) / 1e9;
	hx_diag("model CPU while idle: %.3f s in %.3f s (%.1f%%)", cpu, wall,
		100 * cpu / wall);
	CHECK(cpu <= 0.05 * wall);
	/* and still awake for the next request */
	CHECK(hx_ping(&x->main) == 0);
	return 1;
}

static const struct hx_test runner_tests[] = {
	{ "idle-cpu", "idle model uses < 5% CPU over 1 s (client connected)",
	  t_idle_cpu, 0 },
	{ NULL, NULL, NULL, 0 },
};

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ull;
	return h;
}

static int matches(const char *only, const char *id)
{
	return !only || strstr(id, only) != NULL;
}

static void run_list(struct hx_ctx *x, const struct hx_test *t,
		     const char *only)
{
	for (; t->id; t++) {
		int ok;

		if (!matches(only, t->id))
			continue;
		if (t->alone) {
			hx_close(&x->main);
		} else if (!hx_main_up(x)) {
			model_died(x);
			tap(0, t->id, t->desc);
			continue;
		}
		if (x->main.connected)
			hx_clear_log(&x->main);
		/* each test's stimulus depends only on the seed and its name,
		 * so --only replays it */
		x->rng = x->seed ^ name_hash(t->id);
		hx_reg_failures = 0;
		ok = t->fn(x);
		hx_close(&x->aux[0]);
		hx_close(&x->aux[1]);
		if (ok && hx_reg_failures) {
			hx_diag("%u register access(es) failed", hx_reg_failures);
			ok = 0;
		}
		if (ok && x->main.connected && x->main.unexpected) {
			hx_diag("%u unexpected message(s) from the model",
				x->main.unexpected);
			ok = 0;
		}
		if (model_died(x))
			ok = 0;
		tap(ok, t->id, t->desc);
	}
}

static void list_tests(void)
{
	const struct hx_test *lists[] = { hx_dev_tests, hx_bad_tests,
					  hx_sriov_tests, hx_dp_tests,
					  runner_tests, hx_peer_tests };
	unsigned i;

	for (i = 0; i < 6; i++) {
		const struct hx_test *t;

		for (t = lists[i]; t->id; t++)
			printf("%-22s %s\n", t->id, t->desc);
	}
}

static void default_model_path(char *buf, size_t n)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	snprintf(buf, n, "build/model/vfnic-model");
	if (len <= 0)
		return;
	self[len] = 0;
	slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = 0;	/* .../build/harness -> .../build/model/vfnic-model */
	slash = strrchr(self, '/');
	if (!slash)
		return;
	*slash = 0;
	snprintf(buf, n, "%s/model/vfnic-model", self);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vfnic-harness [--model PATH | --socket PATH] [--seed N]\n"
		"                     [--only NAME] [--trace FILE.fst] [--ring-bytes N]\n"
		"                     [--keep] [--bench] [--list]\n"
		"                     [--peer-wire SPEC --peer-ip A.B.C.D]\n");
}

int main(int argc, char **argv)
{
	static struct hx_ctx ctx;
	struct hx_ctx *x = &ctx;
	const char *model = NULL, *sock = NULL, *only = NULL, *trace = NULL;
	const char *ring_bytes = NULL, *peer_wire = NULL;
	uint32_t peer_ip = 0;
	char model_buf[PATH_MAX + 32], sock_buf[300];
	uint64_t seed;
	int i, bench = 0, keep = 0;

	seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--model") && v) {
			model = v;
			i++;
		} else if (!strcmp(a, "--socket") && v) {
			sock = v;
			i++;
		} else if (!strcmp(a, "--seed") && v) {
			seed = strtoull(v, NULL, 0);
			i++;
		} else if (!strcmp(a, "--only") && v) {
			only = v;
			i++;
		} else if (!strcmp(a, "--trace") && v) {
			trace = v;
			i++;
		} else if (!strcmp(a, "--ring-bytes") && v) {
			ring_bytes = v;
			i++;
		} else if (!strcmp(a, "--peer-wire") && v) {
			peer_wire = v;
			i++;
		} else if (!strcmp(a, "--peer-ip") && v) {
			if (hx_peer_parse_ip(v, &peer_ip) < 0) {
				fprintf(stderr, "--peer-ip %s: not an IPv4 address, or host "
					"part 201/202 (ours)\n", v);
				return 2;
			}
			i++;
		} else if (!strcmp(a, "--keep")) {
			keep = 1;
		} else if (!strcmp(a, "--bench")) {
			bench = 1;
		} else if (!strcmp(a, "--list")) {
			list_tests();
			return 0;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (!peer_wire != !peer_ip) {
		fprintf(stderr, "--peer-wire and --peer-ip go together\n");
		return 2;
	}
	hx_peer_set_ip(peer_ip);
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	g_ctx = x;
	x->wire_fd = -1;
	x->rng = seed;
	x->seed = seed;
	printf("# seed %" PRIu64 "\n", seed);
	if (!sock) {
		if (!model) {
			default_model_path(model_buf, sizeof(model_buf));
			model = model_buf;
		}
		if (start_model(x, model, trace, !bench, ring_bytes, peer_wire,
				sock_buf, sizeof(sock_buf)) < 0) {
			printf("not ok 1 - model: start %s\n", model);
			stop_model(x);
			return 1;
		}
		sock = sock_buf;
		printf("# model %s (pid %d), log %s\n", model, (int)x->model_pid,
		       x->log_path);
	}
	x->sock = sock;

	if (bench) {
		int r = hx_bench(x);

		hx_close(&x->main);
		if (stop_model(x) != 0)
			r = 1;
		if (!keep && !r && x->dir[0]) {
			unlink(x->log_path);
			unlink(x->capture_path);
			unlink(model_stderr);
			rmdir(x->dir);
		}
		return r;
	}

	if (peer_wire) {
		/* the wire has another partner: only the tests made for that */
		run_list(x, hx_peer_tests, only);
	} else {
		run_list(x, hx_dev_tests, only);
		run_list(x, hx_bad_tests, only);
		run_list(x, hx_sriov_tests, only);
		run_list(x, hx_dp_tests, only);
		run_list(x, runner_tests, only);
	}
	hx_close(&x->main);
	if (x->model_pid) {
		char sockp[300];
		int st;

		snprintf(sockp, sizeof(sockp), "%s", sock);
		st = stop_model(x);
		if (matches(only, "model-exit")) {
			struct stat sb;
			int ok = st == 0 && stat(sockp, &sb) < 0;

			if (!ok)
				hx_diag("model exit status %d, socket %s", st,
					stat(sockp, &sb) ? "removed" : "left behind");
			tap(ok, "model-exit",
			    "SIGTERM: model exits 0 and removes its socket");
		}
		{
			FILE *f = fopen(x->log_path, "r");
			char line[1024];

			while (f && fgets(line, sizeof(line), f))
				if (strstr(line, "stats (exit)"))
					printf("# %s", line);
			if (f)
				fclose(f);
		}
	}
	printf("1..%d\n", test_no);
	if (failures) {
		if (x->dir[0])
			printf("# model log (every TLP): %s\n# model stderr: %s\n",
			       x->log_path, model_stderr);
		if (trace || wave_path[0])
			printf("# waveform: %s\n", trace ? trace : wave_path);
		printf("# replay: %s --seed %" PRIu64 "%s%s\n", argv[0], seed,
		       only ? " --only " : "", only ? only : "");
	} else if (!keep && x->dir[0]) {
		unlink(x->log_path);
		unlink(x->capture_path);
		unlink(model_stderr);
		if (wave_path[0])
			unlink(wave_path);
		rmdir(x->dir);
	}
	printf("# %d passed, %d failed\n", test_no - failures, failures);
	return failures ? 1 : 0;
}
