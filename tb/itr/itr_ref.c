// SPDX-License-Identifier: MIT
/* Reference model of vfnic_itr: see itr_ref.h. */
#include "itr_ref.h"

#include <stdio.h>
#include <string.h>

#define NEVER (-((int64_t)1 << 60))

static void vec_reset(struct itr_ref_vec *v)
{
	memset(v, 0, sizeof(*v));
	v->last_acc = -1;
	v->last_acc_lo = NEVER;
	v->last_mod = NEVER;
	v->last_ev = NEVER;
	v->cfg_at = NEVER;
}

void itr_ref_init(struct itr_ref *r, unsigned funcs, unsigned pf_vecs, unsigned vf_vecs,
		  unsigned unit_log2)
{
	memset(r, 0, sizeof(*r));
	r->funcs = funcs;
	r->pf_vecs = pf_vecs;
	r->vf_vecs = vf_vecs;
	r->unit_log2 = unit_log2;
	r->nvec = pf_vecs + vf_vecs * (funcs - 1);
	/* two laps of the checker (a lap: every queued vector popped once, <= 3 cycles per
	 * vector) + unit rounding + the event pipeline */
	r->bound = 6 * (uint64_t)r->nvec + (1u << unit_log2) + 16;
	for (unsigned i = 0; i < ITR_REF_MAX_VEC; i++)
		vec_reset(&r->v[i]);
	r->e0[0].idx = r->e0[1].idx = r->e1[0].idx = r->e1[1].idx = -1;
}

int itr_ref_index(const struct itr_ref *r, unsigned func, unsigned vec)
{
	if (func >= r->funcs)
		return -1;
	if (func == 0)
		return vec < r->pf_vecs ? (int)vec : -1;
	return vec < r->vf_vecs ? (int)(r->pf_vecs + r->vf_vecs * (func - 1) + vec) : -1;
}

unsigned itr_ref_func_of(const struct itr_ref *r, unsigned idx)
{
	return idx < r->pf_vecs ? 0 : 1 + (idx - r->pf_vecs) / r->vf_vecs;
}

unsigned itr_ref_vec_of(const struct itr_ref *r, unsigned idx)
{
	return idx < r->pf_vecs ? idx : (idx - r->pf_vecs) % r->vf_vecs;
}

/* counted events of v at or after cycle from (up to the history kept) */
static unsigned events_since(const struct itr_ref_vec *v, int64_t from)
{
	unsigned n = 0;

	for (unsigned k = 0; k < v->hist_n; k++) {
		int64_t t = v->hist[(v->hist_head + ITR_REF_HIST - 1 - k) % ITR_REF_HIST];
		if (t < from)
			break;
		n++;
	}
	return n;
}

int itr_ref_due(const struct itr_ref *r, unsigned idx, int64_t now)
{
	const struct itr_ref_vec *v = &r->v[idx];
	int64_t covered = v->last_mod - 3;   /* a moderated raise covers events up to here */

	if (v->last_ev == NEVER || v->last_ev <= covered)
		return 0;
	if (v->interval == 0 || v->last_acc < 0 ||
	    now - v->last_acc >= (int64_t)(v->interval + 1) << r->unit_log2)
		return 1;
	return v->pkts != 0 && events_since(v, covered + 1) >= v->pkts;
}

int itr_ref_reg_read(const struct itr_ref *r, unsigned func, unsigned vec, unsigned off,
		     uint32_t *data)
{
	int i = itr_ref_index(r, func, vec);

	*data = 0;
	if (i < 0 || off > 1)
		return 0;
	*data = off ? r->v[i].pkts : r->v[i].interval;
	return 1;
}

void itr_ref_reg_write(struct itr_ref *r, unsigned func, unsigned vec, unsigned off,
		       unsigned be, uint32_t data, int64_t now, const uint8_t *freset)
{
	int i = itr_ref_index(r, func, vec);

	if (i < 0 || off > 1 || freset[func])
		return;
	/* the vector may stay due under the new rule: the bound starts again */
	r->v[i].age = 0;
	r->v[i].cfg_at = now;
	if (off == 0) {
		if (be & 1)
			r->v[i].interval = (r->v[i].interval & 0xff00) | (data & 0xff);
		if (be & 2)
			r->v[i].interval = (r->v[i].interval & 0x00ff) | (data & 0xff00);
	} else if (be & 1) {
		r->v[i].pkts = data & 0xff;
	}
}

int itr_ref_age(struct itr_ref *r, int64_t now, int slot_free, const uint8_t *freset)
{
	r->cur_lo = r->run_start;
	if (slot_free)
		r->run_start = now + 1;
	for (unsigned i = 0; i < r->nvec; i++) {
		struct itr_ref_vec *v = &r->v[i];

		if (!itr_ref_due(r, i, now) || freset[itr_ref_func_of(r, i)] ||
		    (r->out_valid && r->out_idx == i)) {
			v->age = 0;
			continue;
		}
		if (slot_free && ++v->age > r->bound) {
			snprintf(r->err, sizeof(r->err),
				 "func %u vec %u due for %llu free cycles without a raise "
				 "(interval %u pkts %u, last raise %lld cycles ago)",
				 itr_ref_func_of(r, i), itr_ref_vec_of(r, i),
				 (unsigned long long)v->age, v->interval, v->pkts,
				 v->last_acc < 0 ? -1LL : (long long)(now - v->last_acc));
			v->age = 0;
			return -1;
		}
		if (v->age > r->max_age)
			r->max_age = v->age;
	}
	return 0;
}

int itr_ref_accept(struct itr_ref *r, int64_t now, const uint8_t *freset)
{
	int rc = 0;

	if (!r->out_valid)
		return 0;
	r->out_valid = 0;
	if (r->out_stale || freset[itr_ref_func_of(r, r->out_idx)])
		return 0;
	struct itr_ref_vec *v = &r->v[r->out_idx];
	int64_t d = now - v->last_acc;
	/* INTERVAL and PKTS unchanged since before the last raise was decided */
	if (v->last_acc >= 0 && v->interval != 0 && v->cfg_at < v->last_acc_lo - 4 &&
	    d < (int64_t)v->interval << r->unit_log2 &&
	    !(v->pkts != 0 && events_since(v, v->last_acc_lo - 3) >= v->pkts)) {
		snprintf(r->err, sizeof(r->err),
			 "func %u vec %u: raises accepted %lld cycles apart (INTERVAL %u units, "
			 "PKTS %u, %u events between)", itr_ref_func_of(r, r->out_idx),
			 itr_ref_vec_of(r, r->out_idx), (long long)d, v->interval, v->pkts,
			 events_since(v, v->last_acc_lo - 3));
		rc = -1;
	}
	v->last_acc = now;
	v->last_acc_lo = r->out_lo;
	return rc;
}

void itr_ref_offer(struct itr_ref *r, unsigned port, unsigned func, unsigned vec, int64_t now,
		   const uint8_t *freset)
{
	int i = itr_ref_index(r, func, vec);

	r->e0[port].idx = i;
	r->e0[port].at = now;
	r->e0[port].dropped = i >= 0 && freset[func];
}

static void count_event(struct itr_ref *r, unsigned i, int64_t at)
{
	struct itr_ref_vec *v = &r->v[i];

	v->credit++;
	v->last_ev = at;
	v->hist[v->hist_head] = at;
	v->hist_head = (v->hist_head + 1) % ITR_REF_HIST;
	if (v->hist_n < ITR_REF_HIST)
		v->hist_n++;
}

int itr_ref_issue(struct itr_ref *r, int slot_free, int loaded, unsigned func, unsigned vec,
		  int64_t now, const uint8_t *freset)
{
	int rc = 0;
	int cand[2], taken = -1;

	/* the events in E1: dropped if their function was reset in their cycle or this one */
	for (unsigned p = 0; p < 2; p++) {
		int i = r->e1[p].idx;
		if (i >= 0 && (r->e1[p].dropped || freset[itr_ref_func_of(r, (unsigned)i)]))
			r->e1[p].idx = i = -1;
		cand[p] = i >= 0 && r->v[i].interval == 0;
	}
	if (loaded) {
		int i = itr_ref_index(r, func, vec);

		if (i < 0) {
			snprintf(r->err, sizeof(r->err), "raise of func %u vec %u, which does not "
				 "exist", func, vec);
			rc = -1;
		} else if (r->out_valid) {
			snprintf(r->err, sizeof(r->err), "new raise while the last was not accepted");
			rc = -1;
		} else if (freset[func]) {
			snprintf(r->err, sizeof(r->err), "raise of func %u in its reset cycle", func);
			rc = -1;
		} else {
			if (cand[0] && r->e1[0].idx == i)
				taken = 0;
			else if (!cand[0] && cand[1] && r->e1[1].idx == i)
				taken = 1;
			r->out_valid = 1;
			r->out_stale = 0;
			r->out_idx = (unsigned)i;
			r->out_issue = now;
			if (taken >= 0) {
				r->fast_raises++;
				r->out_lo = now;
			} else {
				struct itr_ref_vec *v = &r->v[i];
				if (v->credit < 1) {
					snprintf(r->err, sizeof(r->err),
						 "func %u vec %u raised without an event (interval %u "
						 "pkts %u)", func, vec, v->interval, v->pkts);
					rc = -1;
				}
				v->credit--;
				v->last_mod = now;
				v->age = 0;
				r->out_lo = r->cur_lo < now ? r->cur_lo : now;
				r->mod_raises++;
			}
		}
	} else if (slot_free && (cand[0] || cand[1])) {
		int p = cand[0] ? 0 : 1;
		unsigned i = (unsigned)r->e1[p].idx;
		snprintf(r->err, sizeof(r->err),
			 "%s event of func %u vec %u (INTERVAL 0) with the output free: no raise at "
			 "the next edge", p ? "rx" : "tx", itr_ref_func_of(r, i), itr_ref_vec_of(r, i));
		rc = -1;
	}
	for (unsigned p = 0; p < 2; p++) {
		if (r->e1[p].idx >= 0 && (int)p != taken)
			count_event(r, (unsigned)r->e1[p].idx, r->e1[p].at);
		r->e1[p] = r->e0[p];
		r->e0[p].idx = -1;
	}
	return rc;
}

void itr_ref_freset(struct itr_ref *r, const uint8_t *freset)
{
	for (unsigned i = 0; i < r->nvec; i++) {
		if (!freset[itr_ref_func_of(r, i)])
			continue;
		vec_reset(&r->v[i]);
		if (r->out_valid && r->out_idx == i)
			r->out_stale = 1;
	}
}
