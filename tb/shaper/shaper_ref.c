// SPDX-License-Identifier: MIT
/* Reference model of vfnic_shaper; see shaper_ref.h. Per function and cycle, in order:
 * refresh (if it is the function's turn: credit + INCR * NumFuncs, capped at BURST), charge
 * (credit - bytes, saturating at -2^25 bytes), configuration write (INCR or BURST: credit =
 * the new BURST), clear of every function (configuration and credit as after reset; the
 * round robin keeps its place); a later step overrides an earlier one. */
#include "shaper_ref.h"

#include <string.h>

static int64_t min_credit(const struct shaper_ref *s)
{
	return -((int64_t)1 << (SHAPER_INT_BITS - 1 + s->frac_bits));
}

static int64_t burst_credit(const struct shaper_ref *s, uint32_t burst)
{
	return (int64_t)(burst & 0xffffff) << s->frac_bits;
}

static int64_t refill(const struct shaper_ref *s, uint32_t incr)
{
	int64_t fp;

	if (s->frac_bits >= SHAPER_INCR_FRAC)
		fp = (int64_t)incr << (s->frac_bits - SHAPER_INCR_FRAC);
	else
		fp = (int64_t)(incr >> (SHAPER_INCR_FRAC - s->frac_bits));
	return fp * s->num_funcs;
}

/* every function's configuration and credit as after reset */
static void reset_funcs(struct shaper_ref *s)
{
	unsigned f;

	for (f = 0; f < s->num_funcs; f++) {
		s->incr[f] = 0;
		s->burst[f] = SHAPER_BURST_RESET;
		s->police[f] = false;
		s->credit[f] = burst_credit(s, SHAPER_BURST_RESET);
	}
}

void shaper_ref_reset(struct shaper_ref *s, unsigned num_funcs, unsigned frac_bits)
{
	memset(s, 0, sizeof(*s));
	s->num_funcs = num_funcs;
	s->frac_bits = frac_bits;
	reset_funcs(s);
}

bool shaper_ref_eligible(const struct shaper_ref *s, unsigned f)
{
	return f < s->num_funcs && (s->incr[f] == 0 || s->credit[f] >= 0);
}

int64_t shaper_ref_credit_bytes(const struct shaper_ref *s, unsigned f)
{
	/* arithmetic shift of a negative value: floor division by 2^frac_bits */
	int64_t c = s->credit[f];
	int64_t d = (int64_t)1 << s->frac_bits;

	return c >= 0 ? c / d : -((-c + d - 1) / d);
}

uint32_t shaper_ref_read(const struct shaper_ref *s, unsigned func, unsigned sel)
{
	if (func >= s->num_funcs)
		return 0;
	switch (sel & 3) {
	case SHAPER_INCR:
		return s->incr[func];
	case SHAPER_BURST:
		return s->burst[func];
	case SHAPER_MODE:
		return s->police[func];
	default:
		return (uint32_t)shaper_ref_credit_bytes(s, func);
	}
}

void shaper_ref_step(struct shaper_ref *s, const struct shaper_in *in)
{
	unsigned r = s->rr;
	int64_t c;

	/* refresh */
	c = s->credit[r] + refill(s, s->incr[r]);
	if (c > burst_credit(s, s->burst[r]))
		c = burst_credit(s, s->burst[r]);
	s->credit[r] = c;

	if (in->charge && in->charge_func < s->num_funcs) {
		unsigned f = in->charge_func;

		c = s->credit[f] - ((int64_t)(in->charge_bytes & 0xffff) << s->frac_bits);
		if (c < min_credit(s))
			c = min_credit(s);
		s->credit[f] = c;
	}
	if (in->cfg_we && in->cfg_func < s->num_funcs) {
		unsigned f = in->cfg_func;

		switch (in->cfg_sel & 3) {
		case SHAPER_INCR:
			s->incr[f] = in->cfg_wdata;
			s->credit[f] = burst_credit(s, s->burst[f]);
			break;
		case SHAPER_BURST:
			s->burst[f] = in->cfg_wdata & 0xffffff;
			s->credit[f] = burst_credit(s, s->burst[f]);
			break;
		case SHAPER_MODE:
			s->police[f] = in->cfg_wdata & 1;
			break;
		default:
			break;
		}
	}
	if (in->clr_all)
		reset_funcs(s);
	s->rr = r + 1 == s->num_funcs ? 0 : r + 1;
}
