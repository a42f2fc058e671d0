/* SPDX-License-Identifier: MIT */
/*
 * Unit test of the model's wire backends (sim/model/vfm_wire.h): loopback,
 * pcap (ours and tshark reading it, replay of generated files, bad files),
 * dgram and stream pairs over 127.0.0.1, a UNIX stream socket, and a tap
 * interface when this process may create one. TAP output; the seed of the
 * random frame contents is printed (--seed N replays it). Scratch files go
 * to a temporary directory, kept (and named) when a test fails.
 * usage: vfm-wire-test [--seed N]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <linux/if_packet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "vfm_wire.h"

#define WAIT_MS		2000
#define BIG		9014	/* a jumbo frame without FCS */
#define LOG_LEN		2048	/* buffers given to keep_log() */

static int test_no, failures;
static char tmpdir[256];
static uint64_t rng;

/* ---- helpers ---- */

static void result(int ok, const char *name, const char *skip)
{
	test_no++;
	if (skip) {
		printf("ok %d - %s # SKIP %s\n", test_no, name, skip);
	} else {
		printf("%sok %d - %s\n", ok ? "" : "not ", test_no, name);
		failures += !ok;
	}
	fflush(stdout);
}

/* a failed check: say what and where, fail the current test */
#define CHECK(c) do { \
	if (!(c)) { \
		printf("#   %s:%d: check failed: %s\n", __FILE__, __LINE__, #c); \
		return 0; \
	} } while (0)

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

/* a frame of len bytes: dst, src, ethertype 0x88b5 (local experimental),
 * a sequence number, random rest */
static void make_frame(uint8_t *f, size_t len, uint32_t seq)
{
	static const uint8_t dst[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	static const uint8_t src[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	size_t i;

	for (i = 0; i < len; i++)
		f[i] = (uint8_t)rnd();
	if (len >= 18) {
		memcpy(f, dst, 6);
		memcpy(f + 6, src, 6);
		f[12] = 0x88;
		f[13] = 0xb5;
		memcpy(f + 14, &seq, 4);
	}
}

static struct vfm_wire *wopen(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static struct vfm_wire *wopen(const char *fmt, ...)
{
	char spec[512], err[512];
	struct vfm_wire *w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(spec, sizeof(spec), fmt, ap);
	va_end(ap);
	w = vfm_wire_open(spec, err, sizeof(err));
	if (!w)
		printf("#   open '%s': %s\n", spec, err);
	return w;
}

static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return fd >= 0 && poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* poll the wire's descriptor and recv until a frame or WAIT_MS */
static ssize_t recv_wait(struct vfm_wire *w, uint8_t *buf, size_t cap)
{
	struct timespec t0, t;
	ssize_t n;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		n = vfm_wire_recv(w, buf, cap);
		if (n != 0)
			return n;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 +
		    (t.tv_nsec - t0.tv_nsec) / 1000000 > WAIT_MS)
			return 0;
		readable(vfm_wire_fd(w), 20);
	}
}

static struct vfm_wire_stats stats(const struct vfm_wire *w)
{
	struct vfm_wire_stats st;

	vfm_wire_stats(w, &st);
	return st;
}

/* the port at the end of a wire's name ("...:PORT") */
static int name_port(const struct vfm_wire *w)
{
	const char *c = strrchr(vfm_wire_name(w), ':');

	return c ? atoi(c + 1) : -1;
}

static void path(char *buf, size_t len, const char *file)
{
	snprintf(buf, len, "%s/%s", tmpdir, file);
}

static int write_file(const char *p, const void *data, size_t len)
{
	FILE *f = fopen(p, "wb");
	int ok;

	if (!f)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* log callback: collect messages in a LOG_LEN buffer ("msg|msg|...");
 * when full it starts over */
static void keep_log(void *ctx, const char *msg)
{
	char *log = ctx;
	size_t n = strlen(log);

	if (n + strlen(msg) + 2 > LOG_LEN)
		n = 0;
	snprintf(log + n, LOG_LEN - n, "%s|", msg);
}

/* ---- loopback ---- */

static int t_loopback(void)
{
	static uint8_t f[BIG], g[BIG];
	struct vfm_wire *w = wopen("loopback");
	size_t lens[] = { 60, 64, 1514, BIG, 333 };
	struct vfm_wire_stats st;
	uint64_t save;
	unsigned i;

	CHECK(w && vfm_wire_fd(w) >= 0 && vfm_wire_link_up(w));
	CHECK(!readable(vfm_wire_fd(w), 0));
	CHECK(vfm_wire_recv(w, g, sizeof(g)) == 0);
	save = rng;
	for (i = 0; i < 5; i++) {
		make_frame(f, lens[i], i);
		CHECK(vfm_wire_send(w, f, lens[i]) == 0);
	}
	CHECK(readable(vfm_wire_fd(w), 0));
	rng = save;
	for (i = 0; i < 5; i++) {
		make_frame(f, lens[i], i);
		CHECK(vfm_wire_recv(w, g, sizeof(g)) == (ssize_t)lens[i]);
		CHECK(!memcmp(f, g, lens[i]));
	}
	CHECK(vfm_wire_recv(w, g, sizeof(g)) == 0);
	CHECK(!readable(vfm_wire_fd(w), 0));
	st = stats(w);
	CHECK(st.tx_frames == 5 && st.rx_frames == 5 && st.tx_drops == 0);
	CHECK(st.tx_bytes == 60 + 64 + 1514 + BIG + 333);
	vfm_wire_close(w);
	return 1;
}

static int t_loopback_overflow(void)
{
	struct vfm_wire *w = wopen("loopback");
	uint8_t f[64], g[64];
	struct vfm_wire_stats st;
	unsigned i, n = 0;

	CHECK(w);
	for (i = 0; i < 300; i++) {
		make_frame(f, sizeof(f), i);
		CHECK(vfm_wire_send(w, f, sizeof(f)) == 0);	/* drops: 0 */
	}
	st = stats(w);
	CHECK(st.tx_frames == 256 && st.tx_drops == 44);
	while (vfm_wire_recv(w, g, sizeof(g)) == 64) {
		CHECK(!memcmp(g + 14, &n, 4));	/* the first 256, in order */
		n++;
	}
	CHECK(n == 256);
	vfm_wire_close(w);		/* with frames queued: no leak (ASan) */
	w = wopen("loopback");
	CHECK(w && vfm_wire_send(w, f, 64) == 0);
	vfm_wire_close(w);
	return 1;
}

static int t_padding(void)
{
	static const uint8_t zero[60];
	struct vfm_wire *w = wopen("loopback");
	uint8_t f[100], g[100], big[VFM_WIRE_MAX_FRAME + 1];
	struct vfm_wire_stats st;

	CHECK(w);
	make_frame(f, 20, 1);
	CHECK(vfm_wire_send(w, f, 20) == 0);
	CHECK(vfm_wire_recv(w, g, sizeof(g)) == 60);
	CHECK(!memcmp(g, f, 20) && !memcmp(g + 20, zero, 40));
	/* a frame longer than the caller's buffer: dropped, counted */
	make_frame(f, 100, 2);
	CHECK(vfm_wire_send(w, f, 100) == 0);
	CHECK(vfm_wire_recv(w, g, 80) == 0);
	/* bad sizes are refused */
	CHECK(vfm_wire_send(w, f, 0) == -EINVAL);
	memset(big, 0, sizeof(big));
	CHECK(vfm_wire_send(w, big, sizeof(big)) == -EMSGSIZE);
	st = stats(w);
	CHECK(st.tx_padded == 1 && st.tx_bytes == 60 + 100);
	CHECK(st.rx_drops == 1 && st.tx_drops == 2 && st.rx_frames == 1);
	vfm_wire_close(w);
	return 1;
}

/* ---- pcap ---- */

static int t_pcap_roundtrip(void)
{
	static uint8_t f[BIG], g[BIG];
	size_t lens[] = { 60, 1514, BIG, 64 };
	char out[300], raw[40];
	struct vfm_wire *w, *r;
	struct stat sb;
	uint32_t ts[2];
	unsigned i;
	FILE *fp;

	path(out, sizeof(out), "rt.pcap");
	w = wopen("pcap:out=%s", out);
	CHECK(w && vfm_wire_fd(w) == -1);
	vfm_wire_set_time(w, 1234567890123456789ull);
	for (i = 0; i < 4; i++) {
		make_frame(f, lens[i], i);
		CHECK(vfm_wire_send(w, f, lens[i]) == 0);
		if (i == 0) {	/* flushed at once: readable while open */
			CHECK(stat(out, &sb) == 0 && sb.st_size == 24 + 16 + 60);
			vfm_wire_set_time(w, 2000000000ull);
		}
	}
	fp = fopen(out, "rb");
	CHECK(fp && fread(raw, 1, 32, fp) == 32);
	fclose(fp);
	memcpy(ts, raw + 24, 8);
	CHECK(ts[0] == 1234567890u && ts[1] == 123456u);	/* sec, usec */
	vfm_wire_close(w);
	r = wopen("pcap:in=%s", out);
	CHECK(r && readable(vfm_wire_fd(r), 0));
	rng -= 0;
	for (i = 0; i < 4; i++) {
		CHECK(vfm_wire_recv(r, g, sizeof(g)) == (ssize_t)lens[i]);
		CHECK(g[14] == i && !memcmp(g, "\x02\x00\x5e\x10\x20\x30", 6));
	}
	CHECK(vfm_wire_recv(r, g, sizeof(g)) == 0);
	CHECK(!readable(vfm_wire_fd(r), 0));
	CHECK(vfm_wire_send(r, f, 60) == 0 && stats(r).tx_drops == 1);
	vfm_wire_close(r);
	return 1;
}

/* byte-exact: write seeded frames, replay them, compare */
static int t_pcap_exact(void)
{
	static uint8_t f[40][1600], g[1600];
	struct vfm_wire *w, *r;
	size_t len[40];
	char out[300];
	unsigned i;

	path(out, sizeof(out), "exact.pcap");
	w = wopen("pcap:out=%s", out);
	CHECK(w);
	for (i = 0; i < 40; i++) {
		len[i] = 60 + rnd() % 1455;
		make_frame(f[i], len[i], i);
		CHECK(vfm_wire_send(w, f[i], len[i]) == 0);
	}
	r = wopen("pcap:in=%s", out);	/* the writer is still open */
	CHECK(r);
	for (i = 0; i < 40; i++) {
		CHECK(vfm_wire_recv(r, g, sizeof(g)) == (ssize_t)len[i]);
		CHECK(!memcmp(g, f[i], len[i]));
	}
	CHECK(vfm_wire_recv(r, g, sizeof(g)) == 0);
	vfm_wire_close(r);
	vfm_wire_close(w);
	return 1;
}

static int have_tshark(void)
{
	return system("command -v tshark >/dev/null 2>&1") == 0;
}

static int t_pcap_tshark(void)
{
	static uint8_t f[BIG];
	size_t lens[] = { 60, 1514, BIG, 20 };
	char out[300], cmd[800], line[200], want[200];
	struct vfm_wire *w;
	unsigned i;
	FILE *p;

	path(out, sizeof(out), "tshark.pcap");
	w = wopen("pcap:out=%s", out);
	CHECK(w);
	for (i = 0; i < 4; i++) {
		make_frame(f, lens[i], i);
		if (i == 1)
			memset(f, 0xff, 6);	/* broadcast */
		CHECK(vfm_wire_send(w, f, lens[i]) == 0);
	}
	/* stderr apart: as root tshark warns there */
	snprintf(cmd, sizeof(cmd),
		 "tshark -r '%s' -T fields -e frame.len -e eth.dst 2>'%s.err'",
		 out, out);
	p = popen(cmd, "r");	/* while the wire is open: flushed */
	CHECK(p);
	for (i = 0; i < 4; i++) {
		snprintf(want, sizeof(want), "%zu\t%s\n",
			 lens[i] < 60 ? (size_t)60 : lens[i],
			 i == 1 ? "ff:ff:ff:ff:ff:ff" : "02:00:5e:10:20:30");
		if (!fgets(line, sizeof(line), p) || strcmp(line, want)) {
			printf("#   tshark line %u: '%s', expected '%s' (stderr in %s.err)\n",
			       i, line, want, out);
			pclose(p);
			return 0;
		}
	}
	CHECK(!fgets(line, sizeof(line), p));
	CHECK(pclose(p) == 0);
	vfm_wire_close(w);
	return 1;
}

static void put32(uint8_t *p, uint32_t v, int be)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(be ? v >> (24 - 8 * i) : v >> (8 * i));
}

static void put16(uint8_t *p, uint16_t v, int be)
{
	p[be ? 0 : 1] = (uint8_t)(v >> 8);
	p[be ? 1 : 0] = (uint8_t)v;
}

/* a pcap file of byte order be, magic, link type lt: frames 70 and 30
 * bytes, a snapped one (60 of 100 captured), then 1514 bytes; each with
 * fcs bytes of FCS */
static size_t gen_pcap(uint8_t *b, int be, uint32_t magic, uint32_t lt,
		       unsigned fcs)
{
	static const size_t lens[] = { 70, 30, 60, 1514 };
	size_t off = 24, i;

	memset(b, 0, 24);
	put32(b, magic, be);
	put16(b + 4, 2, be);
	put16(b + 6, 4, be);
	put32(b + 16, 65535, be);
	put32(b + 20, lt, be);
	for (i = 0; i < 4; i++) {
		size_t cap = lens[i] + (i == 2 ? 0 : fcs);

		put32(b + off, 1700000000u + (uint32_t)i, be);
		put32(b + off + 4, 999, be);
		put32(b + off + 8, (uint32_t)cap, be);
		put32(b + off + 12, (uint32_t)(i == 2 ? 100 + fcs : cap), be);
		off += 16;
		make_frame(b + off, cap, (uint32_t)i);
		off += cap;
	}
	return off;
}

static int replay_one(int be, uint32_t magic, uint32_t lt, unsigned fcs)
{
	static uint8_t file[4096], g[2000];
	struct vfm_wire *r;
	char p[300], log[LOG_LEN] = "", want[64];
	size_t n = gen_pcap(file, be, magic, lt, fcs);
	const uint8_t *rec = file + 24;

	path(p, sizeof(p), "gen.pcap");
	CHECK(write_file(p, file, n) == 0);
	r = wopen("pcap:in=%s", p);
	CHECK(r);
	vfm_wire_set_log(r, keep_log, log);
	CHECK(vfm_wire_recv(r, g, sizeof(g)) == 70);
	CHECK(!memcmp(g, rec + 16, 70));
	rec += 16 + 70 + fcs;
	CHECK(vfm_wire_recv(r, g, sizeof(g)) == 60);	/* 30, padded */
	CHECK(!memcmp(g, rec + 16, 30) && g[30] == 0 && g[59] == 0);
	rec += 16 + 30 + fcs + 16 + 60;
	/* the snapped record is skipped: dropped, counted, logged */
	CHECK(vfm_wire_recv(r, g, sizeof(g)) == 1514);
	CHECK(!memcmp(g, rec + 16, 1514));
	CHECK(vfm_wire_recv(r, g, sizeof(g)) == 0);
	CHECK(stats(r).rx_drops == 1 && stats(r).rx_padded == 1);
	snprintf(want, sizeof(want), "60 of %u bytes captured", 100 + fcs);
	CHECK(strstr(log, want));
	vfm_wire_close(r);
	return 1;
}

static int t_pcap_replay(void)
{
	CHECK(replay_one(0, 0xa1b2c3d4u, 1, 0));	/* little-endian, us */
	CHECK(replay_one(1, 0xa1b2c3d4u, 1, 0));	/* big-endian, us */
	CHECK(replay_one(0, 0xa1b23c4du, 1, 0));	/* little-endian, ns */
	CHECK(replay_one(1, 0xa1b23c4du, 1, 0));	/* big-endian, ns */
	/* link type with "FCS present, 2 x 16 bits": FCS removed */
	CHECK(replay_one(1, 0xa1b2c3d4u, 1 | 0x04000000u | 2u << 28, 4));
	return 1;
}

/* a bad file: open fails and the error contains `want` */
static int bad_pcap(const void *data, size_t len, const char *want)
{
	char p[300], spec[400], err[512] = "";
	struct vfm_wire *w;

	path(p, sizeof(p), "bad.pcap");
	CHECK(write_file(p, data, len) == 0);
	snprintf(spec, sizeof(spec), "pcap:in=%s", p);
	w = vfm_wire_open(spec, err, sizeof(err));
	if (w || !strstr(err, want)) {
		printf("#   %zu-byte file: error '%s', expected '%s'\n", len,
		       err, want);
		vfm_wire_close(w);
		return 0;
	}
	return 1;
}

static int t_pcap_bad(void)
{
	static uint8_t good[4096], buf[4096];
	size_t n = gen_pcap(good, 0, 0xa1b2c3d4u, 1, 0);
	char err[512];

	CHECK(bad_pcap("", 0, "shorter than a pcap file header"));
	CHECK(bad_pcap(good, 10, "shorter than a pcap file header"));
	CHECK(bad_pcap("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 27, "bad magic"));
	CHECK(bad_pcap("\x0a\x0d\x0d\x0a\x1c\0\0\0", 8, "pcapng"));
	CHECK(bad_pcap(good, 24 + 10, "truncated header (10 of 16 bytes)"));
	CHECK(bad_pcap(good, n - 1, "record 4 at offset"));
	CHECK(bad_pcap(good, n - 1, "truncated (1514 bytes captured, 1513 left"));
	memcpy(buf, good, n);
	put32(buf + 24 + 8, 0x7fffffffu, 0);
	CHECK(bad_pcap(buf, n, "captured length 2147483647 > 262144"));
	memcpy(buf, good, n);
	put32(buf + 20, 101, 0);	/* raw IP */
	CHECK(bad_pcap(buf, n, "link type 101, not Ethernet"));
	memcpy(buf, good, n);
	put16(buf + 4, 1, 0);
	CHECK(bad_pcap(buf, n, "pcap version 1.4"));
	CHECK(!vfm_wire_open("pcap:in=/nonexistent/x.pcap", err, sizeof(err)));
	CHECK(strstr(err, "No such file"));
	CHECK(!vfm_wire_open("pcap:in=/", err, sizeof(err)));
	CHECK(strstr(err, "not a regular file"));
	CHECK(!vfm_wire_open("pcap:out=/nonexistent/x.pcap", err, sizeof(err)));
	CHECK(strstr(err, "out=/nonexistent/x.pcap"));
	return 1;
}

static int t_bad_specs(void)
{
	static const char *const bad[][2] = {
		{ "bogus", "unknown kind" },
		{ "", "unknown kind" },
		{ "loopback:x", "no options" },
		{ "pcap:", "expected pcap:out=FILE" },
		{ "pcap:file=x", "expected pcap:out=FILE" },
		{ "tap:", "expected tap:IFNAME" },
		{ "tap:averyveryverylongname", "expected tap:IFNAME" },
		{ "dgram:local=127.0.0.1:1", "expected dgram:local" },
		{ "dgram:local=127.0.0.1,remote=127.0.0.1:9", "expected HOST:PORT" },
		{ "dgram:local=127.0.0.1:0,remote=[::1]:9", "not both IPv4" },
		{ "stream:", "expected stream:listen" },
		{ "stream:listen=nosuchhost.invalid:1", "nosuchhost.invalid" },
		{ "stream:unix=", "UNIX socket path" },
	};
	char err[512];
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (vfm_wire_open(bad[i][0], err, sizeof(err)) ||
		    !strstr(err, bad[i][1])) {
			printf("#   '%s': error '%s', expected '%s'\n",
			       bad[i][0], err, bad[i][1]);
			return 0;
		}
	}
	CHECK(!vfm_wire_open(NULL, err, sizeof(err)));
	return 1;
}

/* ---- dgram ---- */

static int free_port(int type)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, type, 0), port = -1;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, len) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* frames of the sizes given, a -> b, checked byte for byte */
static int pass_frames(struct vfm_wire *a, struct vfm_wire *b,
		       const size_t *lens, unsigned n)
{
	static uint8_t f[VFM_WIRE_MAX_FRAME], g[VFM_WIRE_MAX_FRAME];
	uint64_t save;
	unsigned i;

	for (i = 0; i < n; i++) {
		save = rng;
		make_frame(f, lens[i], i);
		CHECK(vfm_wire_send(a, f, lens[i]) == 0);
		CHECK(recv_wait(b, g, sizeof(g)) ==
		      (ssize_t)(lens[i] < 60 ? 60 : lens[i]));
		rng = save;
		make_frame(f, lens[i], i);
		CHECK(!memcmp(f, g, lens[i]));
	}
	return 1;
}

static int t_dgram(void)
{
	static const size_t lens[] = { 60, 1514, BIG, 42, 128 };
	int pa = free_port(SOCK_DGRAM), pb = free_port(SOCK_DGRAM);
	uint8_t g[64], big[1500] = { 0 };
	struct vfm_wire *a, *b;

	CHECK(pa > 0 && pb > 0 && pa != pb);
	a = wopen("dgram:local=127.0.0.1:%d,remote=127.0.0.1:%d", pa, pb);
	b = wopen("dgram:local=127.0.0.1:%d,remote=127.0.0.1:%d", pb, pa);
	CHECK(a && b && name_port(a) == pb);
	CHECK(strstr(vfm_wire_name(a), "local=127.0.0.1:"));
	CHECK(pass_frames(a, b, lens, 5));
	CHECK(pass_frames(b, a, lens, 5));
	CHECK(vfm_wire_recv(a, g, sizeof(g)) == 0);
	/* a frame larger than the buffer: dropped, the next one arrives */
	memset(g, 0x5a, sizeof(g));
	CHECK(vfm_wire_send(a, big, sizeof(big)) == 0);
	CHECK(vfm_wire_send(a, g, sizeof(g)) == 0);
	CHECK(readable(vfm_wire_fd(b), WAIT_MS));
	CHECK(recv_wait(b, g, sizeof(g)) == 64 && g[63] == 0x5a);
	CHECK(stats(b).rx_frames == 6 && stats(b).rx_drops == 1);
	CHECK(stats(a).tx_frames == 7);
	vfm_wire_close(a);
	vfm_wire_close(b);
	return 1;
}

/* ---- stream ---- */

static int raw_connect(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)port);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* service the listener until it has a peer (or WAIT_MS) */
static int wait_peer(struct vfm_wire *l, int up)
{
	uint8_t g[64];
	int i;

	for (i = 0; i < WAIT_MS / 10; i++) {
		vfm_wire_recv(l, g, sizeof(g));
		if (vfm_wire_link_up(l) == up)
			return 1;
		readable(vfm_wire_fd(l), 10);
	}
	return 0;
}

static int t_stream_pair(void)
{
	static const size_t lens[] = { 60, 1514, BIG, 65536, 20, 999 };
	struct vfm_wire *l, *c;
	char log[LOG_LEN] = "";

	l = wopen("stream:listen=127.0.0.1:0");
	CHECK(l && !vfm_wire_link_up(l) && name_port(l) > 0);
	vfm_wire_set_log(l, keep_log, log);
	c = wopen("stream:connect=127.0.0.1:%d", name_port(l));
	CHECK(c && vfm_wire_link_up(c));
	CHECK(readable(vfm_wire_fd(l), WAIT_MS));	/* the connection */
	CHECK(wait_peer(l, 1) && strstr(log, "connected"));
	CHECK(pass_frames(c, l, lens, 6));
	CHECK(pass_frames(l, c, lens, 6));
	CHECK(stats(l).peer_connects == 1 && stats(l).rx_errors == 0);
	vfm_wire_close(c);
	vfm_wire_close(l);
	return 1;
}

/* a peer that writes a frame a byte at a time, then two frames at once */
static int t_stream_partial(void)
{
	uint8_t msg[2 * (4 + 100)], g[200];
	struct vfm_wire *l = wopen("stream:listen=127.0.0.1:0");
	unsigned i;
	int fd;

	CHECK(l);
	vfm_wire_set_log(l, keep_log, (char[LOG_LEN]){ 0 });
	fd = raw_connect(name_port(l));
	CHECK(fd >= 0 && wait_peer(l, 1));
	for (i = 0; i < 2; i++) {
		put32(msg + i * 104, 100, 1);
		make_frame(msg + i * 104 + 4, 100, i);
	}
	for (i = 0; i < 103; i++) {
		CHECK(write(fd, msg + i, 1) == 1);
		readable(vfm_wire_fd(l), 2);
		CHECK(vfm_wire_recv(l, g, sizeof(g)) == 0);
	}
	CHECK(write(fd, msg + 103, 1) == 1);
	CHECK(recv_wait(l, g, sizeof(g)) == 100 && !memcmp(g, msg + 4, 100));
	CHECK(write(fd, msg, sizeof(msg)) == (ssize_t)sizeof(msg));
	CHECK(recv_wait(l, g, sizeof(g)) == 100 && !memcmp(g, msg + 4, 100));
	/* the second frame is pending: the descriptor still says so */
	CHECK(readable(vfm_wire_fd(l), 0));
	CHECK(vfm_wire_recv(l, g, sizeof(g)) == 100);
	CHECK(!memcmp(g, msg + 108, 100));
	close(fd);
	vfm_wire_close(l);
	return 1;
}

/* read whole frames from a raw peer: count them, check their order */
static int drain_peer(struct vfm_wire *l, int fd, uint32_t *next,
		      unsigned *frames)
{
	static uint8_t buf[8192 + 4];
	static size_t have;
	uint32_t len, seq;
	ssize_t r;

	for (;;) {
		vfm_wire_recv(l, buf, 0);	/* moves buffered output */
		r = recv(fd, buf + have, sizeof(buf) - have, MSG_DONTWAIT);
		if (r <= 0)
			return 1;
		have += (size_t)r;
		while (have >= 4 && have >= 4 + (len = ntohl(*(uint32_t *)buf))) {
			CHECK(len == 8192);
			memcpy(&seq, buf + 4 + 14, 4);
			CHECK(seq >= *next);	/* dropped ones leave gaps */
			*next = seq + 1;
			(*frames)++;
			memmove(buf, buf + 4 + len, have - 4 - len);
			have -= 4 + len;
		}
	}
}

/* a peer that does not read: sends never block, excess is dropped and
 * counted, what was accepted arrives whole and in order */
static int t_stream_slow(void)
{
	static uint8_t f[8192];
	struct vfm_wire *l = wopen("stream:listen=127.0.0.1:0");
	struct timespec t0, t;
	unsigned i, frames = 0;
	uint32_t next = 0;
	int fd;

	CHECK(l);
	vfm_wire_set_log(l, keep_log, (char[LOG_LEN]){ 0 });
	fd = raw_connect(name_port(l));
	CHECK(fd >= 0 && wait_peer(l, 1));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 2000; i++) {
		make_frame(f, sizeof(f), i);
		CHECK(vfm_wire_send(l, f, sizeof(f)) == 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	CHECK(t.tv_sec - t0.tv_sec < 2);	/* did not block */
	CHECK(stats(l).tx_drops > 0 && stats(l).tx_frames + stats(l).tx_drops == 2000);
	for (i = 0; i < 300 && frames < stats(l).tx_frames; i++) {
		CHECK(drain_peer(l, fd, &next, &frames));
		readable(fd, 10);
	}
	printf("#   %u frames delivered, %llu dropped\n", frames,
	       (unsigned long long)stats(l).tx_drops);
	CHECK(frames == stats(l).tx_frames);
	close(fd);
	vfm_wire_close(l);
	return 1;
}

/* one peer at a time; a peer leaving is survived; the next one is served */
static int t_stream_reconnect(void)
{
	static const size_t lens[] = { 60, 1514 };
	struct vfm_wire *l, *c1, *c2, *c3;
	char log[LOG_LEN] = "";
	uint8_t g[2000];
	int port;

	l = wopen("stream:listen=127.0.0.1:0");
	CHECK(l);
	vfm_wire_set_log(l, keep_log, log);
	port = name_port(l);
	c1 = wopen("stream:connect=127.0.0.1:%d", port);
	CHECK(c1 && wait_peer(l, 1) && pass_frames(c1, l, lens, 2));
	/* c2 connects (kernel backlog) while c1 is served: it waits */
	c2 = wopen("stream:connect=127.0.0.1:%d", port);
	CHECK(c2);
	make_frame(g, 200, 77);
	CHECK(vfm_wire_send(c2, g, 200) == 0);
	CHECK(pass_frames(c1, l, lens, 2));	/* c1's, not c2's */
	vfm_wire_close(c1);
	/* c1 gone: l goes back to listening, takes c2, gets its frame */
	CHECK(recv_wait(l, g, sizeof(g)) == 200 && g[14] == 77);
	CHECK(vfm_wire_link_up(l));
	CHECK(stats(l).peer_disconnects == 1 && stats(l).peer_connects == 2);
	CHECK(pass_frames(l, c2, lens, 2) && pass_frames(c2, l, lens, 2));
	/* connect= does not reconnect: after l closes c2 sees link down */
	vfm_wire_close(c2);
	CHECK(wait_peer(l, 0) && strstr(log, "listening again"));
	c3 = wopen("stream:connect=127.0.0.1:%d", port);
	CHECK(c3 && wait_peer(l, 1) && pass_frames(l, c3, lens, 2));
	vfm_wire_set_log(c3, keep_log, log);
	vfm_wire_close(l);
	CHECK(recv_wait(c3, g, sizeof(g)) == 0 && !vfm_wire_link_up(c3));
	CHECK(vfm_wire_send(c3, g, 60) == 0 && stats(c3).tx_drops == 1);
	vfm_wire_close(c3);
	return 1;
}

/* a bad length prefix: the peer is dropped, counted, logged; the next
 * peer is served */
static int bad_prefix(struct vfm_wire *l, uint32_t len, uint64_t errors)
{
	static const size_t lens[] = { 100 };
	uint8_t hdr[4];
	struct vfm_wire *c;
	char log[LOG_LEN] = "", want[64];
	int fd;

	vfm_wire_set_log(l, keep_log, log);
	fd = raw_connect(name_port(l));
	CHECK(fd >= 0 && wait_peer(l, 1));
	put32(hdr, len, 1);
	CHECK(write(fd, hdr, 4) == 4);
	CHECK(wait_peer(l, 0));
	CHECK(stats(l).rx_errors == errors);
	snprintf(want, sizeof(want), "sent frame length %u (allowed 1..65536)",
		 len);
	CHECK(strstr(log, want) && strstr(log, "dropped for bad framing"));
	CHECK(recv(fd, hdr, 1, 0) == 0);	/* we closed it */
	close(fd);
	c = wopen("stream:connect=127.0.0.1:%d", name_port(l));
	CHECK(c && wait_peer(l, 1) && pass_frames(c, l, lens, 1));
	vfm_wire_close(c);
	CHECK(wait_peer(l, 0));
	return 1;
}

static int t_stream_bad_len(void)
{
	struct vfm_wire *l = wopen("stream:listen=127.0.0.1:0");
	char log[LOG_LEN] = "";

	CHECK(l);
	CHECK(bad_prefix(l, 0, 1));
	CHECK(bad_prefix(l, 65537, 2));
	CHECK(bad_prefix(l, 0xffffffffu, 3));
	vfm_wire_set_log(l, keep_log, log);
	vfm_wire_close(l);
	return 1;
}

static int t_stream_unix(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	uint8_t frame[4 + 64], g[64];
	struct vfm_wire *l, *c;
	char p[300], spec[64];
	struct stat sb;
	int fd, port;

	path(p, sizeof(p), "wire.sock");
	l = wopen("stream:unix=%s", p);
	CHECK(l && stat(p, &sb) == 0 && S_ISSOCK(sb.st_mode));
	vfm_wire_set_log(l, keep_log, (char[LOG_LEN]){ 0 });
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(snprintf(a.sun_path, sizeof(a.sun_path), "%s", p) <
	      (int)sizeof(a.sun_path));
	CHECK(connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	put32(frame, 64, 1);
	make_frame(frame + 4, 64, 5);
	CHECK(write(fd, frame, sizeof(frame)) == (ssize_t)sizeof(frame));
	CHECK(recv_wait(l, g, sizeof(g)) == 64 && !memcmp(g, frame + 4, 64));
	close(fd);
	vfm_wire_close(l);
	CHECK(stat(p, &sb) < 0 && errno == ENOENT);	/* removed */
	/* a stale socket left behind is replaced */
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
	close(fd);
	l = wopen("stream:unix=%s", p);
	CHECK(l);
	vfm_wire_close(l);
	/* connect= to nobody fails with the reason */
	port = free_port(SOCK_STREAM);
	snprintf(spec, sizeof(spec), "stream:connect=127.0.0.1:%d", port);
	c = vfm_wire_open(spec, p, sizeof(p));
	CHECK(!c && strstr(p, "connect to 127.0.0.1:") &&
	      strstr(p, "Connection refused"));
	return 1;
}

static int t_stream_unix_notsock(void)
{
	char p[300], spec[400], err[512] = "";

	path(p, sizeof(p), "plain.file");
	CHECK(write_file(p, "x", 1) == 0);
	snprintf(spec, sizeof(spec), "stream:unix=%s", p);
	CHECK(!vfm_wire_open(spec, err, sizeof(err)));
	CHECK(strstr(err, "not a socket"));
	return 1;
}

static int t_stream_nopeer(void)
{
	struct vfm_wire *l = wopen("stream:listen=127.0.0.1:0");
	uint8_t f[60] = { 0 }, g[60];

	CHECK(l && vfm_wire_send(l, f, 60) == 0);
	CHECK(stats(l).tx_drops == 1 && stats(l).tx_frames == 0);
	CHECK(vfm_wire_recv(l, g, sizeof(g)) == 0);
	vfm_wire_close(l);
	return 1;
}

/* ---- tap ---- */

static long long if_stat(const char *ifn, const char *what)
{
	char p[200];
	long long v = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/sys/class/net/%s/statistics/%s", ifn, what);
	f = fopen(p, "r");
	if (f) {
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* the host transmits on the tap through a packet socket: the wire gets it */
static int tap_host_sends(struct vfm_wire *w, const char *ifn)
{
	struct sockaddr_ll a = { .sll_family = AF_PACKET };
	uint8_t f[80], g[2000];
	long long tx0 = if_stat(ifn, "tx_packets");
	int fd, i;

	fd = socket(AF_PACKET, SOCK_RAW, 0);
	CHECK(fd >= 0);
	a.sll_ifindex = (int)if_nametoindex(ifn);
	a.sll_halen = 6;
	make_frame(f, sizeof(f), 4242);
	memcpy(a.sll_addr, f, 6);
	CHECK(sendto(fd, f, sizeof(f), 0, (struct sockaddr *)&a,
		     sizeof(a)) == (ssize_t)sizeof(f));
	close(fd);
	for (i = 0; i < 50; i++) {	/* other traffic (IPv6 RS) may come first */
		if (recv_wait(w, g, sizeof(g)) == 80 && !memcmp(g, f, 80))
			break;
	}
	CHECK(i < 50);
	CHECK(if_stat(ifn, "tx_packets") > tx0);
	return 1;
}

static int t_tap(void)
{
	char ifn[IFNAMSIZ], cmd[200], err[512], why[600];
	struct vfm_wire *w;
	long long rx0;
	uint8_t f[100];
	int ok;

	snprintf(ifn, sizeof(ifn), "vfw%d", (int)getpid() % 100000);
	snprintf(cmd, sizeof(cmd), "tap:%s", ifn);
	w = vfm_wire_open(cmd, err, sizeof(err));
	if (!w) {
		snprintf(why, sizeof(why), "cannot open a tap: %s", err);
		result(1, "tap: host sees our frame, we see the host's", why);
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "ip link set dev %s up", ifn);
	if (system(cmd) != 0) {
		vfm_wire_close(w);
		result(1, "tap: host sees our frame, we see the host's",
		       "'ip link set up' failed (no ip tool or not permitted)");
		return -1;
	}
	rx0 = if_stat(ifn, "rx_packets");
	make_frame(f, sizeof(f), 1);
	memset(f, 0xff, 6);
	ok = rx0 >= 0 && vfm_wire_send(w, f, sizeof(f)) == 0;
	usleep(100000);
	if (ok && if_stat(ifn, "rx_packets") <= rx0) {
		printf("#   rx_packets of %s stayed %lld\n", ifn, rx0);
		ok = 0;
	}
	ok = ok && tap_host_sends(w, ifn);
	vfm_wire_close(w);
	result(ok, "tap: host sees our frame, we see the host's", NULL);
	return -1;
}

/* ---- main ---- */

static void run(const char *name, int (*fn)(void))
{
	result(fn() == 1, name, NULL);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL) ^ (uint64_t)getpid();
	const char *t = getenv("TMPDIR");
	char cmd[300];

	if (argc == 3 && !strcmp(argv[1], "--seed"))
		seed = strtoull(argv[2], NULL, 0);
	rng = seed * 2654435761u + 1;
	snprintf(tmpdir, sizeof(tmpdir), "%s/vfm-wire-XXXXXX", t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	printf("# seed %llu (--seed to replay), scratch %s\n",
	       (unsigned long long)seed, tmpdir);
	run("loopback round trip", t_loopback);
	run("loopback overflow: 256 queued, rest dropped and counted",
	    t_loopback_overflow);
	run("short frames padded to 60, long ones dropped", t_padding);
	run("pcap write, stamps, flushed, read back", t_pcap_roundtrip);
	run("pcap write then replay byte exact", t_pcap_exact);
	if (have_tshark())
		run("pcap read by tshark (frame.len, eth.dst)", t_pcap_tshark);
	else
		result(1, "pcap read by tshark (frame.len, eth.dst)",
		       "tshark not installed");
	run("pcap replay: LE/BE, us/ns, FCS, snapped", t_pcap_replay);
	run("pcap truncated/garbage files: clear errors", t_pcap_bad);
	run("bad specs: clear errors", t_bad_specs);
	run("dgram pair over 127.0.0.1", t_dgram);
	run("stream listen + connect pair", t_stream_pair);
	run("stream frames split across reads", t_stream_partial);
	run("stream slow peer: buffered, then dropped and counted",
	    t_stream_slow);
	run("stream peer disconnect and reconnect", t_stream_reconnect);
	run("stream bad length prefix: peer dropped, counted",
	    t_stream_bad_len);
	run("stream unix= socket", t_stream_unix);
	run("stream unix= over a plain file refused", t_stream_unix_notsock);
	run("stream send without a peer: dropped, counted", t_stream_nopeer);
	t_tap();
	printf("1..%d\n", test_no);
	if (failures) {
		printf("# %d failed; scratch files kept in %s\n", failures,
		       tmpdir);
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	return 0;
}
