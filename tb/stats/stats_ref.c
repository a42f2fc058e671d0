// SPDX-License-Identifier: MIT
/* Reference model of vfnic_stats: see stats_ref.h. */
#include "stats_ref.h"

#include <string.h>

/* enum TXERR / FSTAT values (rtl/regs/vfnic_regs_pkg.sv) */
enum { TXERR_OK, TXERR_SPOOF, TXERR_RATE, TXERR_OVERSIZE, TXERR_BAD_DESC, TXERR_DMA,
       TXERR_FUNC_DOWN };
enum { FSTAT_TX_PKTS, FSTAT_TX_BYTES, FSTAT_RX_PKTS, FSTAT_RX_BYTES, FSTAT_DROP_NODESC,
       FSTAT_DROP_SPOOF, FSTAT_DROP_RATE, FSTAT_DROP_OVERSIZE, FSTAT_DROP_BADDESC,
       FSTAT_DROP_DMA, FSTAT_DROP_DOWN };
enum { PSTAT_RX_FRAMES = 0, PSTAT_RX_BYTES = 1, PSTAT_TX_FRAMES = 7, PSTAT_TX_BYTES = 8 };

void stats_ref_init(struct stats_ref *r, unsigned funcs, unsigned qps)
{
	memset(r, 0, sizeof(*r));
	r->funcs = funcs;
	r->qps = qps;
}

static int put(struct stats_effect *out, int n, unsigned space, unsigned idx, unsigned cnt,
	       uint64_t inc)
{
	out[n].space = space;
	out[n].idx = idx;
	out[n].cnt = cnt;
	out[n].inc = inc;
	return n + 1;
}

static int frame_effects(const struct stats_ref *r, unsigned space, unsigned q, unsigned func,
			 unsigned bytes, int ok, int drop_stat, struct stats_effect *out)
{
	int n = 0;

	if (q < r->qps) {
		if (ok) {
			n = put(out, n, space, q, 0, 1);
			n = put(out, n, space, q, 1, bytes);
		} else {
			n = put(out, n, space, q, 2, 1);
		}
	}
	if (func < r->funcs) {
		unsigned pk = space == STATS_SPACE_TXQ ? FSTAT_TX_PKTS : FSTAT_RX_PKTS;

		if (ok) {
			n = put(out, n, STATS_SPACE_FUNC, func, pk, 1);
			n = put(out, n, STATS_SPACE_FUNC, func, pk + 1, bytes);
		} else if (drop_stat >= 0) {
			n = put(out, n, STATS_SPACE_FUNC, func, (unsigned)drop_stat, 1);
		}
	}
	return n;
}

int stats_ref_tx_effects(const struct stats_ref *r, unsigned q, unsigned func, unsigned bytes,
			 unsigned err, struct stats_effect *out)
{
	static const int map[16] = { -1, FSTAT_DROP_SPOOF, FSTAT_DROP_RATE, FSTAT_DROP_OVERSIZE,
				     FSTAT_DROP_BADDESC, FSTAT_DROP_DMA, FSTAT_DROP_DOWN,
				     -1, -1, -1, -1, -1, -1, -1, -1, -1 };

	return frame_effects(r, STATS_SPACE_TXQ, q, func, bytes, err == TXERR_OK, map[err & 15],
			     out);
}

int stats_ref_rx_effects(const struct stats_ref *r, unsigned q, unsigned func, unsigned bytes,
			 unsigned code, struct stats_effect *out)
{
	static const int map[8] = { -1, FSTAT_DROP_NODESC, FSTAT_DROP_OVERSIZE, FSTAT_DROP_DOWN,
				    FSTAT_DROP_DMA, -1, -1, -1 };

	return frame_effects(r, STATS_SPACE_RXQ, q, func, bytes, code == 0, map[code & 7], out);
}

int stats_ref_port_effects(unsigned mask, unsigned rx_bytes, unsigned tx_bytes,
			   struct stats_effect *out)
{
	int n = 0;

	for (unsigned k = 0; k < STATS_NUM_PSTAT; k++) {
		if (k == PSTAT_RX_BYTES || k == PSTAT_TX_BYTES || !((mask >> k) & 1))
			continue;
		n = put(out, n, STATS_SPACE_PORT, 0, k, 1);
		if (k == PSTAT_RX_FRAMES)
			n = put(out, n, STATS_SPACE_PORT, 0, PSTAT_RX_BYTES, rx_bytes);
		if (k == PSTAT_TX_FRAMES)
			n = put(out, n, STATS_SPACE_PORT, 0, PSTAT_TX_BYTES, tx_bytes);
	}
	return n;
}

static uint64_t *slot(struct stats_ref *r, unsigned space, unsigned idx, unsigned cnt)
{
	switch (space) {
	case STATS_SPACE_TXQ:
	case STATS_SPACE_RXQ:
		return idx < r->qps && cnt < 3 ? &r->ring[space][idx][cnt] : NULL;
	case STATS_SPACE_FUNC:
		return idx < r->funcs && cnt < STATS_NUM_FSTAT ? &r->func[idx][cnt] : NULL;
	default:
		return cnt < STATS_NUM_PSTAT ? &r->port[cnt] : NULL;
	}
}

void stats_ref_apply(struct stats_ref *r, const struct stats_effect *e, int n)
{
	for (int i = 0; i < n; i++) {
		uint64_t *p = slot(r, e[i].space, e[i].idx, e[i].cnt);

		if (p)
			*p += e[i].inc;
	}
}

uint64_t stats_ref_get(const struct stats_ref *r, unsigned space, unsigned idx, unsigned cnt)
{
	const uint64_t *p = slot((struct stats_ref *)r, space, idx, cnt);

	return p ? *p : 0;
}

void stats_ref_set(struct stats_ref *r, unsigned space, unsigned idx, unsigned cnt, uint64_t v)
{
	uint64_t *p = slot(r, space, idx, cnt);

	if (p)
		*p = v;
}
