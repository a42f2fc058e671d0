// SPDX-License-Identifier: MIT
/* Cycle-exact reference model of vfnic_shaper (docs/datapath.md "TX anti-spoof and rate
 * limiter", docs/datapath-blocks.md "vfnic_shaper"): per-function token buckets refilled by
 * elapsed time, one operation per cycle (reset walk, charge, register access, refresh of the
 * round-robin function), outputs written two cycles after an operation enters the block.
 * Plain C so that other C models can reuse it. */
#ifndef VFNIC_SHAPER_REF_H
#define VFNIC_SHAPER_REF_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SHAPER_MAX_FUNCS 65
#define SHAPER_INT_BITS 26 /* whole bytes of the credit, signed */
#define SHAPER_INCR_FRAC 24 /* INCR is 8.24 */
#define SHAPER_BURST_RESET 16384u

enum shaper_sel { SHAPER_INCR = 0, SHAPER_BURST = 1, SHAPER_MODE = 2, SHAPER_CREDIT = 3 };
enum shaper_op { SHAPER_OP_REFRESH, SHAPER_OP_CHARGE, SHAPER_OP_REG, SHAPER_OP_WALK };

struct shaper_ref {
	unsigned num_funcs;
	unsigned frac_bits; /* 8..32 */
	/* the word of every function */
	uint32_t incr[SHAPER_MAX_FUNCS];
	uint32_t burst[SHAPER_MAX_FUNCS];
	bool police[SHAPER_MAX_FUNCS];
	int64_t credit[SHAPER_MAX_FUNCS]; /* bytes << frac_bits, as of stamp */
	uint32_t stamp[SHAPER_MAX_FUNCS]; /* cycle of the last update */
	/* outputs */
	bool eligible_o[SHAPER_MAX_FUNCS];
	bool police_o[SHAPER_MAX_FUNCS];
	/* control */
	uint32_t now;	   /* cycle counter */
	unsigned rr;	   /* function of the next refresh */
	bool walk;	   /* a reset walk runs */
	unsigned walk_ptr;
	bool reg_busy; /* the register access is in stage 1 */
	/* the operation in stage 1 */
	bool s1_valid;
	enum shaper_op s1_op;
	unsigned s1_func, s1_bytes, s1_sel;
	bool s1_we;
	uint32_t s1_wdata;
	/* counts of operations that entered stage 1 (for coverage) */
	uint64_t n_ops[4];
	/* operations on the function that was in stage 1 the cycle before, by [that op][this op]
	 * (the RTL forwards the word it just wrote) */
	uint64_t n_b2b[4][4];
};

/* Inputs of one clock cycle */
struct shaper_in {
	bool req; /* register port: held with we/func/sel/wdata until ack */
	bool we;
	unsigned func; /* 7 bits */
	unsigned sel;  /* 2 bits */
	uint32_t wdata;
	bool charge;
	unsigned charge_func;
	unsigned charge_bytes; /* 16 bits */
	bool clr_all; /* every function back to reset values (a PF reset), by a walk */
};

/* State after rst_ni (the reset walk starts) */
void shaper_ref_reset(struct shaper_ref *s, unsigned num_funcs, unsigned frac_bits);
/* Outputs in the current cycle (they depend on the state only) */
bool shaper_ref_eligible(const struct shaper_ref *s, unsigned f);
bool shaper_ref_police(const struct shaper_ref *s, unsigned f);
bool shaper_ref_ack(const struct shaper_ref *s);
uint32_t shaper_ref_rdata(const struct shaper_ref *s); /* 0 unless ack */
/* The clock edge at the end of a cycle with inputs *in */
void shaper_ref_step(struct shaper_ref *s, const struct shaper_in *in);
/* Credit of f if it were brought up to date in the current cycle (refill since its last
 * update, capped at BURST), in credit units and in whole bytes (toward minus infinity) */
int64_t shaper_ref_credit_now(const struct shaper_ref *s, unsigned f);
int64_t shaper_ref_credit_bytes(const struct shaper_ref *s, unsigned f);

#ifdef __cplusplus
}
#endif

#endif
