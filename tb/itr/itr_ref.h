// SPDX-License-Identifier: MIT
/* Reference model of vfnic_itr (tb/itr/): the ITR registers and, per vector, pending flag,
 * event count and last accepted raise. It checks the block's raises against the rule of
 * docs/datapath.md "Interrupt moderation": a raise only for a pending vector that is due
 * (INTERVAL 0, INTERVAL units since its last accepted raise, or PKTS events), and every due
 * vector raised within a bound of cycles in which the output was free. Fast path (moderation
 * off, rtl/queue/vfnic_itr.sv): an event for a vector with INTERVAL 0 that is not pending,
 * in a cycle in which the output is free (empty or accepted), must be raised at that clock
 * edge (on the output in the next cycle) unless the block raises another, due vector at that
 * edge (its scan has priority); of two such events the tx (port 0) one is raised, the other
 * makes its vector pending. Checked exactly, every cycle. */
#ifndef ITR_REF_H
#define ITR_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ITR_REF_MAX_VEC 600

struct itr_ref_vec {
	int pending;
	unsigned count;      /* saturates at 255 */
	unsigned interval;   /* INTERVAL.UNITS */
	unsigned pkts;       /* PKTS.COUNT */
	int64_t last;        /* cycle of the last accepted raise, -1: none */
	uint64_t age;        /* free-output cycles the vector has been due */
};

struct itr_ref {
	unsigned funcs, pf_vecs, vf_vecs, unit_log2, nvec;
	uint64_t bound;      /* max age */
	struct itr_ref_vec v[ITR_REF_MAX_VEC];
	int out_valid, out_stale;
	unsigned out_idx;
	/* this cycle: output free, a raise issued, the events offered (idx -1: none/ignored) */
	int slot_free, issued;
	struct {
		int idx;
		int fast;    /* fast-path candidate */
		int taken;   /* raised by the fast path */
	} ev[2];
	uint64_t fast_raises;   /* raises by the fast path (statistics) */
	char err[256];
};

void itr_ref_init(struct itr_ref *r, unsigned funcs, unsigned pf_vecs, unsigned vf_vecs,
		  unsigned unit_log2);
/* global vector index of (func, vec), -1 if the function has no such vector */
int itr_ref_index(const struct itr_ref *r, unsigned func, unsigned vec);
unsigned itr_ref_func_of(const struct itr_ref *r, unsigned idx);
unsigned itr_ref_vec_of(const struct itr_ref *r, unsigned idx);
int itr_ref_due(const struct itr_ref *r, unsigned idx, uint64_t now);

/* register port: off = byte offset bits 3:2; returns hit */
int itr_ref_reg_read(const struct itr_ref *r, unsigned func, unsigned vec, unsigned off,
		     uint32_t *data);
void itr_ref_reg_write(struct itr_ref *r, unsigned func, unsigned vec, unsigned off,
		       unsigned be, uint32_t data);

/* One cycle, in this order. Each check returns 0, or -1 with r->err set.
 *   age      every due vector not raised yet ages (in free-output cycles), bounded
 *   accept   the raise on the output was accepted (its interval restarts)
 *   offer    the event of port 0 (tx) / 1 (rx) in this cycle, if any (before the edge)
 *   issue    the raise the block loaded at the edge, if any: due, or the fast-path event
 *   events   the fast-path promise; events not raised make their vectors pending
 *   freset   function resets of this cycle */
int itr_ref_age(struct itr_ref *r, uint64_t now, int slot_free, const uint8_t *freset);
void itr_ref_accept(struct itr_ref *r, uint64_t now, const uint8_t *freset);
void itr_ref_offer(struct itr_ref *r, unsigned port, unsigned func, unsigned vec,
		   const uint8_t *freset);
int itr_ref_issue(struct itr_ref *r, unsigned func, unsigned vec, uint64_t now,
		  const uint8_t *freset);
int itr_ref_events(struct itr_ref *r);
void itr_ref_event(struct itr_ref *r, unsigned func, unsigned vec);
void itr_ref_freset(struct itr_ref *r, const uint8_t *freset);

#ifdef __cplusplus
}
#endif

#endif
