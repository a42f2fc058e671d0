// SPDX-License-Identifier: MIT
/* Reference model of vfnic_itr (tb/itr/): the ITR registers and, per vector, the events
 * counted, the raises and the last accepted raise. It checks the block's raises against the
 * rule of docs/datapath.md "Interrupt moderation" and the timing of rtl/queue/vfnic_itr.sv:
 *   - fast path, exact: an event (cycle e) of a vector whose INTERVAL is 0 after the register
 *     writes of cycle e, whose function is not reset in e or e+1, is raised at the edge of
 *     e+1 (on the output in e+2) when the output is free in e+1, unless the block loads
 *     another raise there (the checker has priority); tx before rx;
 *   - no raise without an event: per vector, raises <= events counted since its reset;
 *   - INTERVAL: two accepted raises of a vector (INTERVAL and PKTS unchanged since well
 *     before the first) are never closer than INTERVAL units, unless PKTS events arrived in
 *     between;
 *   - bounded latency, no lost event: a vector with an event newer than its last moderated
 *     raise (which covers events up to 3 cycles before it) that is due is raised within
 *     bound cycles in which the output is free. */
#ifndef ITR_REF_H
#define ITR_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ITR_REF_MAX_VEC 600
#define ITR_REF_HIST 512

struct itr_ref_vec {
	unsigned interval;   /* INTERVAL.UNITS */
	unsigned pkts;       /* PKTS.COUNT */
	int64_t cfg_at;      /* cycle of the last register write */
	int64_t credit;      /* events counted - moderated raises */
	int64_t last_acc;    /* cycle of the last accepted raise, -1: none */
	int64_t last_acc_lo; /* start of the window of events that raise covered */
	int64_t last_mod;    /* cycle of the last moderated raise, -inf: none */
	int64_t last_ev;     /* cycle of the newest counted event, -inf: none */
	int64_t hist[ITR_REF_HIST];   /* cycles of the counted events (ring) */
	unsigned hist_n, hist_head;
	uint64_t age;        /* free-output cycles the vector has been due */
};

struct itr_ref {
	unsigned funcs, pf_vecs, vf_vecs, unit_log2, nvec;
	uint64_t bound;      /* max age */
	struct itr_ref_vec v[ITR_REF_MAX_VEC];
	int out_valid, out_stale;
	unsigned out_idx;
	int64_t out_issue, out_lo;   /* issue cycle and covered-window start of the output */
	int64_t run_start;           /* first cycle after the last free-output cycle */
	int64_t cur_lo;              /* run_start before this cycle: a raise loaded now was
	                                decided (C1 of the checker) at or after it */
	/* events offered in the last cycle (in E1 now) and this cycle */
	struct {
		int idx;
		int64_t at;
		int dropped;
	} e1[2], e0[2];
	uint64_t fast_raises, mod_raises, max_age;
	char err[256];
};

void itr_ref_init(struct itr_ref *r, unsigned funcs, unsigned pf_vecs, unsigned vf_vecs,
		  unsigned unit_log2);
int itr_ref_index(const struct itr_ref *r, unsigned func, unsigned vec);
unsigned itr_ref_func_of(const struct itr_ref *r, unsigned idx);
unsigned itr_ref_vec_of(const struct itr_ref *r, unsigned idx);
/* pending (an event after the last moderated raise) and due: the block must raise it */
int itr_ref_due(const struct itr_ref *r, unsigned idx, int64_t now);

int itr_ref_reg_read(const struct itr_ref *r, unsigned func, unsigned vec, unsigned off,
		     uint32_t *data);
/* applied in the cycle of the ack (dropped if the function is reset in that cycle) */
void itr_ref_reg_write(struct itr_ref *r, unsigned func, unsigned vec, unsigned off,
		       unsigned be, uint32_t data, int64_t now, const uint8_t *freset);

/* One cycle, in this order; each check returns 0, or -1 with r->err set.
 *   age      before the edge: every due vector ages in free-output cycles, bounded
 *   accept   the raise on the output was accepted (interval check, stamp)
 *   offer    the event of port 0 (tx) / 1 (rx) in this cycle
 *   issue    after the edge: the raise loaded at the edge (loaded = 0: none) against the
 *            events of the last cycle (fast path) and the counted events (moderated)
 *   freset   function resets of this cycle */
int itr_ref_age(struct itr_ref *r, int64_t now, int slot_free, const uint8_t *freset);
int itr_ref_accept(struct itr_ref *r, int64_t now, const uint8_t *freset);
void itr_ref_offer(struct itr_ref *r, unsigned port, unsigned func, unsigned vec, int64_t now,
		   const uint8_t *freset);
int itr_ref_issue(struct itr_ref *r, int slot_free, int loaded, unsigned func, unsigned vec,
		  int64_t now, const uint8_t *freset);
void itr_ref_freset(struct itr_ref *r, const uint8_t *freset);

#ifdef __cplusplus
}
#endif

#endif
