// SPDX-License-Identifier: MIT
/* Reference model of vfnic_itr: see itr_ref.h. */
#include "itr_ref.h"

#include <stdio.h>
#include <string.h>

void itr_ref_init(struct itr_ref *r, unsigned funcs, unsigned pf_vecs, unsigned vf_vecs,
		  unsigned unit_log2)
{
	memset(r, 0, sizeof(*r));
	r->funcs = funcs;
	r->pf_vecs = pf_vecs;
	r->vf_vecs = vf_vecs;
	r->unit_log2 = unit_log2;
	r->nvec = pf_vecs + vf_vecs * (funcs - 1);
	/* the scan passes every vector within nvec free cycles; + unit rounding + slack */
	r->bound = r->nvec + (1u << unit_log2) + 4;
	for (unsigned i = 0; i < ITR_REF_MAX_VEC; i++)
		r->v[i].last = -1;
	r->ev[0].idx = r->ev[1].idx = -1;
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

int itr_ref_due(const struct itr_ref *r, unsigned idx, uint64_t now)
{
	const struct itr_ref_vec *v = &r->v[idx];

	if (!v->pending)
		return 0;
	if (v->interval == 0 || v->last < 0 ||
	    now - (uint64_t)v->last >= (uint64_t)v->interval << r->unit_log2)
		return 1;
	return v->pkts != 0 && v->count >= v->pkts;
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
		       unsigned be, uint32_t data)
{
	int i = itr_ref_index(r, func, vec);

	if (i < 0 || off > 1)
		return;
	/* the vector may stay due under the new rule: the bound starts again */
	r->v[i].age = 0;
	if (off == 0) {
		if (be & 1)
			r->v[i].interval = (r->v[i].interval & 0xff00) | (data & 0xff);
		if (be & 2)
			r->v[i].interval = (r->v[i].interval & 0x00ff) | (data & 0xff00);
	} else if (be & 1) {
		r->v[i].pkts = data & 0xff;
	}
}

int itr_ref_age(struct itr_ref *r, uint64_t now, int slot_free, const uint8_t *freset)
{
	r->slot_free = slot_free;
	r->issued = 0;
	for (unsigned i = 0; i < r->nvec; i++) {
		struct itr_ref_vec *v = &r->v[i];

		if (!itr_ref_due(r, i, now) || freset[itr_ref_func_of(r, i)]) {
			v->age = 0;
			continue;
		}
		if (slot_free && ++v->age > r->bound) {
			snprintf(r->err, sizeof(r->err),
				 "func %u vec %u due for %llu free cycles without a raise "
				 "(interval %u pkts %u count %u, last raise %lld cycles ago)",
				 itr_ref_func_of(r, i), itr_ref_vec_of(r, i),
				 (unsigned long long)v->age, v->interval, v->pkts, v->count,
				 v->last < 0 ? -1LL : (long long)(now - (uint64_t)v->last));
			v->age = 0;
			return -1;
		}
	}
	return 0;
}

void itr_ref_accept(struct itr_ref *r, uint64_t now, const uint8_t *freset)
{
	if (!r->out_valid)
		return;
	if (!r->out_stale && !freset[itr_ref_func_of(r, r->out_idx)])
		r->v[r->out_idx].last = (int64_t)now;
	r->out_valid = 0;
}

int itr_ref_issue(struct itr_ref *r, unsigned func, unsigned vec, uint64_t now,
		  const uint8_t *freset)
{
	int i = itr_ref_index(r, func, vec);

	if (i < 0) {
		snprintf(r->err, sizeof(r->err), "raise of func %u vec %u, which does not exist",
			 func, vec);
		return -1;
	}
	if (r->out_valid) {
		snprintf(r->err, sizeof(r->err), "new raise while the last was not accepted");
		return -1;
	}
	if (freset[func]) {
		snprintf(r->err, sizeof(r->err), "raise of func %u in its reset cycle", func);
		return -1;
	}
	if (!itr_ref_due(r, (unsigned)i, now)) {
		struct itr_ref_vec *v = &r->v[i];
		/* not due: only the fast path may raise it, the first candidate of the cycle */
		int p = r->ev[0].fast ? 0 : r->ev[1].fast ? 1 : -1;
		if (p >= 0 && r->ev[p].idx == i) {
			r->ev[p].taken = 1;
			r->issued = 1;
			r->fast_raises++;
			r->out_valid = 1;
			r->out_stale = 0;
			r->out_idx = (unsigned)i;
			return 0;
		}
		snprintf(r->err, sizeof(r->err),
			 "func %u vec %u raised but not due nor the fast-path event (pending %d "
			 "count %u interval %u "
			 "pkts %u, %lld cycles since the last)", func, vec, v->pending, v->count,
			 v->interval, v->pkts, v->last < 0 ? -1LL : (long long)(now - v->last));
		return -1;
	}
	r->v[i].pending = 0;
	r->v[i].count = 0;
	r->v[i].age = 0;
	r->issued = 1;
	r->out_valid = 1;
	r->out_stale = 0;
	r->out_idx = (unsigned)i;
	return 0;
}

void itr_ref_offer(struct itr_ref *r, unsigned port, unsigned func, unsigned vec,
		   const uint8_t *freset)
{
	int i = itr_ref_index(r, func, vec);

	r->ev[port].idx = i;
	r->ev[port].taken = 0;
	/* INTERVAL 0 (PKTS does not matter), not pending, its function not being reset */
	r->ev[port].fast = i >= 0 && !freset[func] && r->v[i].interval == 0 && !r->v[i].pending;
}

int itr_ref_events(struct itr_ref *r)
{
	int rc = 0;

	for (unsigned p = 0; p < 2; p++) {
		int i = r->ev[p].idx;

		if (r->ev[p].fast && r->slot_free && !r->issued) {
			snprintf(r->err, sizeof(r->err),
				 "%s event of func %u vec %u (INTERVAL 0, not pending) with the output "
				 "free: no raise at the next edge", p ? "rx" : "tx",
				 itr_ref_func_of(r, (unsigned)i), itr_ref_vec_of(r, (unsigned)i));
			rc = -1;
		}
		if (i >= 0 && !r->ev[p].taken)
			itr_ref_event(r, itr_ref_func_of(r, (unsigned)i),
				      itr_ref_vec_of(r, (unsigned)i));
		r->ev[p].idx = -1;
		r->ev[p].fast = r->ev[p].taken = 0;
	}
	return rc;
}

void itr_ref_event(struct itr_ref *r, unsigned func, unsigned vec)
{
	int i = itr_ref_index(r, func, vec);

	if (i < 0)
		return;
	r->v[i].pending = 1;
	if (r->v[i].count < 255)
		r->v[i].count++;
}

void itr_ref_freset(struct itr_ref *r, const uint8_t *freset)
{
	for (unsigned i = 0; i < r->nvec; i++) {
		if (!freset[itr_ref_func_of(r, i)])
			continue;
		memset(&r->v[i], 0, sizeof(r->v[i]));
		r->v[i].last = -1;
		if (r->out_valid && r->out_idx == i)
			r->out_stale = 1;
	}
}
