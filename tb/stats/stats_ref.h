// SPDX-License-Identifier: MIT
/* Reference model of vfnic_stats (tb/stats/): which 64-bit counters each TX, RX and port event
 * moves (docs/datapath-blocks.md "vfnic_stats"), and the counter values. Counters wrap. */
#ifndef STATS_REF_H
#define STATS_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { STATS_SPACE_TXQ = 0, STATS_SPACE_RXQ = 1, STATS_SPACE_FUNC = 2, STATS_SPACE_PORT = 3 };

#define STATS_NUM_FSTAT 11 /* enum FSTAT */
#define STATS_NUM_PSTAT 10 /* enum PSTAT */

struct stats_effect {
	unsigned space, idx, cnt;
	uint64_t inc;
};

struct stats_ref {
	unsigned funcs, qps;
	uint64_t ring[2][256][3];
	uint64_t func[65][16];
	uint64_t port[16];
};

void stats_ref_init(struct stats_ref *r, unsigned funcs, unsigned qps);
/* effects of one event; returns how many (out has room for 16) */
int stats_ref_tx_effects(const struct stats_ref *r, unsigned q, unsigned func, unsigned bytes,
			 unsigned err, struct stats_effect *out);
int stats_ref_rx_effects(const struct stats_ref *r, unsigned q, unsigned func, unsigned bytes,
			 unsigned code, struct stats_effect *out);
/* port pulses (bit k = PSTAT k); the byte counters move with the frame pulses */
int stats_ref_port_effects(unsigned mask, unsigned rx_bytes, unsigned tx_bytes,
			   struct stats_effect *out);
void stats_ref_apply(struct stats_ref *r, const struct stats_effect *e, int n);
/* a counter's value; 0 for a counter that does not exist */
uint64_t stats_ref_get(const struct stats_ref *r, unsigned space, unsigned idx, unsigned cnt);
void stats_ref_set(struct stats_ref *r, unsigned space, unsigned idx, unsigned cnt, uint64_t v);

#ifdef __cplusplus
}
#endif

#endif
