/* SPDX-License-Identifier: MIT */
/*
 * vfnic harness --bench: transport and model speed, wall clock (functional
 * co-simulation figures, not hardware ones). Prints "bench: NAME VALUE UNIT".
 *  - PING round trip: the transport alone;
 *  - MMIO read round trip of SCRATCH through the RTL;
 *  - back-to-back MMIO writes: rate, and the model's simulated cycles per
 *    second while continuously busy (from its SIGUSR1 statistics);
 *  - traffic: 1514-byte frames (1518 on the wire) streamed VF0 -> VF1
 *    through the VEB and PF -> wire at once, rings kept full: the model's
 *    cycles per second and the frames per second delivered.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hx.h"
#include "hx_dp.h"

#define RTT_SAMPLES	20000
#define WRITE_SECONDS	2
#define TRAFFIC_SECONDS	3
#define TRAFFIC_LEN	1514

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

/* cycles and busy seconds from the model now (SIGUSR1); -1 without a model */
static int model_stats(struct hx_ctx *x, int nth, unsigned long long *c,
		       double *b)
{
	if (!x->model_pid)
		return -1;
	kill(x->model_pid, SIGUSR1);
	return read_stats(x->log_path, c, b, nth);
}

/* fill a TX ring with frames dst <- src from its buffer area */
static unsigned traffic_fill(struct dp_fn *f, const uint8_t *dst)
{
	unsigned n = 0;

	while (vfnic_ring_unused(&f->tx) > 0) {
		uint32_t off = (uint32_t)(f->tx.next_to_use % 16) * 2048;
		uint8_t *b = &hx_mem[DP_TXBUF(f->slot) + off];

		memcpy(b, dst, 6);
		memcpy(b + 6, f->mac, 6);
		b[12] = 0x88;
		b[13] = 0xb5;
		if (vfnic_tx_add(&f->tx, HX_MEM_BASE + DP_TXBUF(f->slot) + off,
				 TRAFFIC_LEN, true, true) < 0)
			break;
		n++;
	}
	if (n)
		vfnic_ring_kick(&f->tx);
	return n;
}

/* take every received frame and post its buffer again */
static unsigned traffic_rx(struct dp_fn *f)
{
	struct vfnic_rx_wb wb;
	unsigned n = 0;

	while (vfnic_rx_next(&f->rx, &wb)) {
		if (wb.eop && wb.len == TRAFFIC_LEN)
			n++;
		vfnic_rx_add(&f->rx, HX_MEM_BASE + DP_RXBUF(f->slot) +
			     (uint64_t)f->rx.next_to_use * DP_RX_BUF);
	}
	if (n)
		vfnic_ring_kick(&f->rx);
	return n;
}

static int bench_traffic(struct hx_ctx *x)
{
	static const uint8_t peer[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	unsigned long long c0, c1;
	double b0, b1;
	struct hx_sriov s;
	struct dp_fn pf, v1, v2;
	unsigned f1, f2, i;
	uint64_t veb = 0, wire = 0;
	long long t0;

	if (!hx_sriov_setup(x, &s, 2))
		return 0;
	f1 = hx_sriov_vf_func(&s, 0);
	f2 = hx_sriov_vf_func(&s, 1);
	if (!hx_vf_connect(x, &x->aux[0], f1, "bench-vf0") ||
	    !hx_vf_connect(x, &x->aux[1], f2, "bench-vf1") ||
	    !dp_fn_up(x, &pf, &x->main, 0, 0, 0) ||
	    !dp_fn_up(x, &v1, &x->aux[0], 1, 1, f1) ||
	    !dp_fn_up(x, &v2, &x->aux[1], 1, 2, f2))
		return 0;
	vfnic_pf_set_mac(&pf.hw, f1, v1.mac);
	vfnic_pf_set_mac(&pf.hw, f2, v2.mac);
	vfnic_pf_cls_set(&pf.hw, 1, v1.mac, 0, true, f1);
	vfnic_pf_cls_set(&pf.hw, 2, v2.mac, 0, true, f2);
	vfnic_pf_set_veb(&pf.hw, true);
	hx_wire_drain(x);
	for (i = 0; i < 2; i++)	/* warm up: a round of each stream */
		traffic_fill(&v1, v2.mac), traffic_fill(&pf, peer);
	if (model_stats(x, 3, &c0, &b0) < 0)
		return 0;
	t0 = hx_now_ns();
	do {
		dp_pump(x);
		vfnic_tx_reclaim_dd(&v1.tx, NULL);
		vfnic_tx_reclaim_dd(&pf.tx, NULL);
		traffic_fill(&v1, v2.mac);
		traffic_fill(&pf, peer);
		veb += traffic_rx(&v2);
		wire += hx_wire_drain(x);
		(void)traffic_rx(&pf);
		(void)traffic_rx(&v1);
	} while (hx_now_ns() - t0 < TRAFFIC_SECONDS * 1000000000LL);
	if (model_stats(x, 4, &c1, &b1) < 0 || b1 <= b0 || !veb || !wire) {
		printf("bench: traffic: nothing delivered (VF->VF %llu, wire %llu)\n",
		       (unsigned long long)veb, (unsigned long long)wire);
		return 0;
	}
	printf("bench: traffic_cycles_per_s %.0f cycles/s\n", (c1 - c0) / (b1 - b0));
	printf("bench: traffic_vf2vf_frames_per_s %.0f frames/s\n",
	       veb / ((hx_now_ns() - t0) / 1e9));
	printf("bench: traffic_wire_frames_per_s %.0f frames/s\n",
	       wire / ((hx_now_ns() - t0) / 1e9));
	printf("# %llu cycles in %.3f s busy; %llu frames VF->VF, %llu PF->wire of %d bytes\n",
	       c1 - c0, b1 - b0, (unsigned long long)veb,
	       (unsigned long long)wire, TRAFFIC_LEN);
	return 1;
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
	if (!bench_traffic(x)) {
		printf("bench: traffic failed\n");
		return 1;
	}
	return 0;
}
