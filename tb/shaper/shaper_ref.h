// SPDX-License-Identifier: MIT
/* Cycle-exact reference model of vfnic_shaper (docs/datapath.md "TX anti-spoof and rate
 * limiter"): per-function token buckets refreshed round-robin, one function per cycle.
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

struct shaper_ref {
	unsigned num_funcs;
	unsigned frac_bits; /* 8..32 */
	uint32_t incr[SHAPER_MAX_FUNCS];
	uint32_t burst[SHAPER_MAX_FUNCS];
	bool police[SHAPER_MAX_FUNCS];
	int64_t credit[SHAPER_MAX_FUNCS]; /* bytes << frac_bits */
	unsigned rr;			  /* function refreshed in the coming cycle */
};

/* Inputs of one clock cycle */
struct shaper_in {
	bool cfg_we;
	unsigned cfg_func; /* 7 bits */
	unsigned cfg_sel;  /* 2 bits */
	uint32_t cfg_wdata;
	bool charge;
	unsigned charge_func;
	unsigned charge_bytes; /* 16 bits */
	bool clr_all; /* every function back to reset values (a PF reset); wins over the rest */
};

void shaper_ref_reset(struct shaper_ref *s, unsigned num_funcs, unsigned frac_bits);
/* Outputs in the current cycle (they depend on the state only) */
bool shaper_ref_eligible(const struct shaper_ref *s, unsigned f);
uint32_t shaper_ref_read(const struct shaper_ref *s, unsigned func, unsigned sel);
/* The clock edge at the end of a cycle with inputs *in */
void shaper_ref_step(struct shaper_ref *s, const struct shaper_in *in);
/* Credit in whole bytes (rounded toward minus infinity), as CREDIT reads */
int64_t shaper_ref_credit_bytes(const struct shaper_ref *s, unsigned f);

#ifdef __cplusplus
}
#endif

#endif
