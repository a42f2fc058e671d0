/* SPDX-License-Identifier: MIT */
/*
 * Runs a libFuzzer target without libFuzzer (gcc, ASan/UBSan): over the
 * files named on the command line, or over seeded random inputs built
 * around valid pcap headers and stream prefixes. A smoke test where clang
 * is missing, not a substitute for fuzzing.
 * usage: fuzz-smoke [--seed N] [--runs N] [FILE...]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static void put32(uint8_t *p, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(be ? v >> (24 - 8 * i) : v >> (8 * i));
}

/* mode byte, then a pcap header and records with plausible lengths */
static size_t make_pcap(uint8_t *buf, size_t cap)
{
	static const uint32_t magics[] = { 0xa1b2c3d4u, 0xa1b23c4du };
	int be = (int)(rnd() & 1);
	size_t off = 25, len;

	buf[0] = (uint8_t)(rnd() & 0xfe);
	put32(buf + 1, magics[rnd() & 1], be);
	buf[5] = be ? 0 : 2;
	buf[6] = be ? 2 : 0;
	put32(buf + 17, 65535, be);
	put32(buf + 21, rnd() % 4 ? 1 : rnd(), be);
	while (off + 16 < cap && rnd() % 8) {
		len = rnd() % 4 ? rnd() % 200 : rnd();
		put32(buf + off + 8, (uint32_t)len, be);
		put32(buf + off + 12, (uint32_t)(rnd() % 3 ? len : rnd()), be);
		off += 16;
		len = len < cap - off ? len : cap - off - (rnd() % 2);
		off += len;
	}
	return off - (rnd() % 4 ? 0 : rnd() % 20 % (off + 1));
}

/* odd mode byte, then length-prefixed frames, some bad */
static size_t make_stream(uint8_t *buf, size_t cap)
{
	size_t off = 1, len;

	buf[0] = (uint8_t)(rnd() | 1);
	while (off + 4 < cap && rnd() % 8) {
		len = rnd() % 8 ? rnd() % 300 : rnd() % 70000;
		put32(buf + off, (uint32_t)len, 1);
		off += 4;
		off += len < cap - off ? len : cap - off;
	}
	return off;
}

static int run_file(const char *path)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t buf[200000];
	unsigned long runs = 20000, i;
	uint64_t seed = (uint64_t)time(NULL);
	size_t n;
	int a = 1, rc = 0;

	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "--seed"))
			seed = strtoull(argv[a + 1], NULL, 0);
		else if (!strcmp(argv[a], "--runs"))
			runs = strtoul(argv[a + 1], NULL, 0);
	}
	if (a < argc) {
		for (; a < argc; a++)
			rc |= run_file(argv[a]);
		return rc;
	}
	printf("# fuzz-smoke: seed %llu, %lu runs\n", (unsigned long long)seed,
	       runs);
	rng = seed * 2654435761u + 1;
	for (i = 0; i < runs; i++) {
		if (i % 3 == 2) {
			n = rnd() % 512;
			for (size_t k = 0; k < n; k++)
				buf[k] = (uint8_t)rnd();
		} else {
			n = i % 3 ? make_stream(buf, sizeof(buf))
				  : make_pcap(buf, 4096);
		}
		LLVMFuzzerTestOneInput(buf, n);
	}
	/* an invariant broken or a sanitizer finding aborts before this */
	printf("ok 1 - %lu seeded inputs through the pcap and stream parsers\n",
	       runs);
	printf("1..1\n");
	return 0;
}
