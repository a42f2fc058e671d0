// SPDX-License-Identifier: MIT
/* Reference model of vfnic_shaper; see shaper_ref.h. One operation per cycle enters the
 * block (stage 0), chosen in this order: the reset walk (after rst_ni or clr_all: one function
 * per cycle, back to INCR 0, BURST 16384, MODE 0, credit = BURST); a charge of a function <
 * NumFuncs; a register access not yet in progress; else, while some function is not
 * eligible, the refresh of the round-robin function (the pointer moves only then). In the next cycle (stage 1) the function's credit is
 * brought up to date (+ INCR x cycles since its last update, capped at BURST), then the
 * operation applies (charge: - bytes, floored at -2^25 bytes; INCR/BURST write: credit = the
 * new BURST; MODE write; read), a register access acks, and at the clock edge the word is
 * stored and the function's eligible/police output bits change. clr_all drops the operation
 * entering stage 0 in its cycle (a register access there is tried again after the walk). */
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

/* credit of f brought up to date at cycle s->now */
static int64_t up_to_date(const struct shaper_ref *s, unsigned f)
{
	uint32_t delta = s->now - s->stamp[f];
	uint64_t incr = s->frac_bits >= SHAPER_INCR_FRAC
				? s->incr[f]
				: s->incr[f] >> (SHAPER_INCR_FRAC - s->frac_bits);
	unsigned lshift = s->frac_bits > SHAPER_INCR_FRAC ? s->frac_bits - SHAPER_INCR_FRAC : 0;
	/* a refill that would take the floor to above any BURST needs no exact value */
	uint64_t prod = incr * delta;
	int64_t limit = burst_credit(s, s->burst[f]);
	int64_t c;

	if (prod >> (SHAPER_INT_BITS + s->frac_bits - lshift))
		return limit;
	c = s->credit[f] + (int64_t)(prod << lshift);
	return c > limit ? limit : c;
}

void shaper_ref_reset(struct shaper_ref *s, unsigned num_funcs, unsigned frac_bits)
{
	unsigned f;

	memset(s, 0, sizeof(*s));
	s->num_funcs = num_funcs;
	s->frac_bits = frac_bits;
	/* the memory holds garbage until the walk: make it visible if it were used */
	for (f = 0; f < num_funcs; f++) {
		s->incr[f] = 0xdeadbeef;
		s->burst[f] = 1;
		s->credit[f] = min_credit(s);
		s->eligible_o[f] = true;
	}
	s->walk = true;
}

bool shaper_ref_eligible(const struct shaper_ref *s, unsigned f)
{
	return f < s->num_funcs && s->eligible_o[f];
}

bool shaper_ref_police(const struct shaper_ref *s, unsigned f)
{
	return f < s->num_funcs && s->police_o[f];
}

bool shaper_ref_ack(const struct shaper_ref *s)
{
	return s->s1_valid && s->s1_op == SHAPER_OP_REG;
}

int64_t shaper_ref_credit_now(const struct shaper_ref *s, unsigned f)
{
	return up_to_date(s, f);
}

int64_t shaper_ref_credit_bytes(const struct shaper_ref *s, unsigned f)
{
	/* arithmetic shift of a negative value: floor division by 2^frac_bits */
	int64_t c = up_to_date(s, f);
	int64_t d = (int64_t)1 << s->frac_bits;

	return c >= 0 ? c / d : -((-c + d - 1) / d);
}

uint32_t shaper_ref_rdata(const struct shaper_ref *s)
{
	unsigned f = s->s1_func;

	if (!shaper_ref_ack(s) || s->s1_we || f >= s->num_funcs)
		return 0;
	switch (s->s1_sel & 3) {
	case SHAPER_INCR:
		return s->incr[f];
	case SHAPER_BURST:
		return s->burst[f];
	case SHAPER_MODE:
		return s->police[f];
	default:
		return (uint32_t)shaper_ref_credit_bytes(s, f);
	}
}

/* stage 1: the operation of s->s1_* at the clock edge */
static void stage1(struct shaper_ref *s)
{
	unsigned f = s->s1_func;
	int64_t c;

	if (!s->s1_valid || f >= s->num_funcs)
		return;
	c = up_to_date(s, f);
	switch (s->s1_op) {
	case SHAPER_OP_CHARGE:
		c -= (int64_t)(s->s1_bytes & 0xffff) << s->frac_bits;
		if (c < min_credit(s))
			c = min_credit(s);
		break;
	case SHAPER_OP_REG:
		if (!s->s1_we)
			break;
		switch (s->s1_sel & 3) {
		case SHAPER_INCR:
			s->incr[f] = s->s1_wdata;
			c = burst_credit(s, s->burst[f]);
			break;
		case SHAPER_BURST:
			s->burst[f] = s->s1_wdata & 0xffffff;
			c = burst_credit(s, s->burst[f]);
			break;
		case SHAPER_MODE:
			s->police[f] = s->s1_wdata & 1;
			break;
		default:
			break;
		}
		break;
	case SHAPER_OP_WALK:
		s->incr[f] = 0;
		s->burst[f] = SHAPER_BURST_RESET;
		s->police[f] = false;
		c = burst_credit(s, SHAPER_BURST_RESET);
		break;
	default:
		break;
	}
	s->credit[f] = c;
	s->stamp[f] = s->now;
	s->eligible_o[f] = s->incr[f] == 0 || c >= 0;
	s->police_o[f] = s->police[f];
}

void shaper_ref_step(struct shaper_ref *s, const struct shaper_in *in)
{
	bool ack = shaper_ref_ack(s);
	enum shaper_op op;
	unsigned func;

	/* stage 0 */
	if (s->walk) {
		op = SHAPER_OP_WALK;
		func = s->walk_ptr;
	} else if (in->charge && (in->charge_func & 0x7f) < s->num_funcs) {
		op = SHAPER_OP_CHARGE;
		func = in->charge_func & 0x7f;
	} else if (in->req && !s->reg_busy) {
		op = SHAPER_OP_REG;
		func = in->func & 0x7f;
	} else {
		op = SHAPER_OP_REFRESH;
		func = s->rr;
	}
	/* the refresh runs only while some function is not eligible */
	bool refresh_on = false;
	for (unsigned f = 0; f < s->num_funcs; f++)
		refresh_on = refresh_on || !s->eligible_o[f];
	bool go = op != SHAPER_OP_REFRESH || refresh_on;

	if (s->s1_valid && !in->clr_all && s->s1_func == func && func < s->num_funcs)
		s->n_b2b[s->s1_op][op]++;
	stage1(s);

	if (op == SHAPER_OP_WALK && ++s->walk_ptr == s->num_funcs) {
		s->walk = false;
		s->walk_ptr = 0;
	}
	if (op == SHAPER_OP_REFRESH && refresh_on)
		s->rr = s->rr + 1 == s->num_funcs ? 0 : s->rr + 1;
	if (ack)
		s->reg_busy = false;
	if (op == SHAPER_OP_REG)
		s->reg_busy = true;
	if (in->clr_all) {
		s->walk = true;
		s->walk_ptr = 0;
		s->reg_busy = false;
	}

	s->s1_valid = !in->clr_all && go;
	s->s1_op = op;
	s->s1_func = func;
	s->s1_bytes = op == SHAPER_OP_CHARGE ? in->charge_bytes & 0xffff : 0;
	s->s1_we = in->we;
	s->s1_sel = in->sel & 3;
	s->s1_wdata = in->wdata;
	if (s->s1_valid)
		s->n_ops[op]++;
	s->now++;
}
