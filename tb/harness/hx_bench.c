/* SPDX-License-Identifier: MIT */
/*
 * vfnic harness --bench: transport and model speed, wall clock (functional
 * co-simulation figures, not hardware ones). Prints "bench: NAME VALUE UNIT".
 *  - PING round trip: the transport alone;
 *  - MMIO read round trip of SCRATCH through the RTL;
 *  - back-to-back MMIO writes: rate, and the model's simulated cycles per
 *    second while continuously busy (from its SIGUSR1 statistics).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hx.h"

#define RTT_SAMPLES	20000
#define WRITE_SECONDS	2

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static void report_rtt(const char *name, long long *ns, int n)
{
	qsort(ns, (size_t)n, sizeof(*ns), cmp_ll);
	printf("bench: %s_rtt_median %.2f us\n", name, ns[n / 2] / 1e3);
	printf("bench: %s_rtt_p99 %.2f us\n", name, ns[n * 99 / 100] / 1e3);
}

/* last "stats (SIGUSR1)" line of the model log: cycles, busy seconds */
static int read_stats(const char *log, unsigned long long *cycles,
		      double *busy, int want_count)
{
	long long deadline = hx_now_ns() + 2000000000LL;

	while (hx_now_ns() < deadline) {
		FILE *f = fopen(log, "r");
		char line[1024];
		int count = 0;

		while (f && fgets(line, sizeof(line), f)) {
			char *p = strstr(line, "stats (SIGUSR1): ");

			if (p && sscanf(p, "stats (SIGUSR1): cycles %llu busy_s %lf",
					cycles, busy) == 2)
				count++;
		}
		if (f)
			fclose(f);
		if (count >= want_count)
			return 0;
		usleep(2000);
	}
	return -1;
}

int hx_bench(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	static long long ns[RTT_SAMPLES];
	unsigned long long c0 = 0, c1 = 0;
	double b0 = 0, b1 = 0;
	long long t0, t1, writes = 0;
	int i;

	if (!hx_enumerate(x)) {
		printf("bench: setup failed\n");
		return 1;
	}
	for (i = 0; i < 2000; i++)	/* warm up caches and branch predictors */
		(void)hx_reg(h, VFNIC_REG_SCRATCH);
	for (i = 0; i < RTT_SAMPLES; i++) {
		t0 = hx_now_ns();
		if (hx_ping(h) != 0) {
			printf("bench: PING failed\n");
			return 1;
		}
		ns[i] = hx_now_ns() - t0;
	}
	report_rtt("ping", ns, RTT_SAMPLES);
	hx_reg_failures = 0;
	for (i = 0; i < RTT_SAMPLES; i++) {
		t0 = hx_now_ns();
		(void)hx_reg(h, VFNIC_REG_SCRATCH);
		ns[i] = hx_now_ns() - t0;
	}
	if (hx_reg_failures) {
		printf("bench: MMIO reads failed\n");
		return 1;
	}
	report_rtt("mmio_read", ns, RTT_SAMPLES);

	/* a stream of posted writes keeps the model continuously busy */
	if (x->model_pid) {
		kill(x->model_pid, SIGUSR1);
		if (read_stats(x->log_path, &c0, &b0, 1) < 0)
			x->model_pid = x->model_pid;	/* reported below */
	}
	t0 = hx_now_ns();
	do {
		for (i = 0; i < 4096; i++, writes++)
			if (hx_wr(h, HX_BAR0 + VFNIC_REG_SCRATCH, 4,
				  (uint32_t)writes) < 0) {
				printf("bench: MMIO write failed\n");
				return 1;
			}
	} while (hx_now_ns() - t0 < WRITE_SECONDS * 1000000000LL);
	/* the last write has landed once a read returns its value */
	if (hx_reg(h, VFNIC_REG_SCRATCH) != (uint32_t)(writes - 1)) {
		printf("bench: write stream lost data\n");
		return 1;
	}
	t1 = hx_now_ns();
	printf("bench: mmio_write_rate %.0f writes/s\n",
	       writes / ((t1 - t0) / 1e9));
	if (x->model_pid) {
		kill(x->model_pid, SIGUSR1);
		if (read_stats(x->log_path, &c1, &b1, 2) == 0 && b1 > b0) {
			printf("bench: model_busy_cycles_per_s %.0f cycles/s\n",
			       (c1 - c0) / (b1 - b0));
			printf("# %llu cycles in %.3f s busy during the write stream\n",
			       c1 - c0, b1 - b0);
		} else {
			printf("bench: model statistics not found in %s\n",
			       x->log_path);
			return 1;
		}
	}
	return 0;
}
