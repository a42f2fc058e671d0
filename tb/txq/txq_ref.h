// SPDX-License-Identifier: MIT
/* Reference model of vfnic_txq's frame building (tb/txq/): splits a ring's descriptor
 * sequence into frames exactly as docs/datapath-blocks.md "vfnic_txq" says, gives each its
 * static verdict, gathers its bytes and says what its write-back DW3 must be. The dynamic
 * outcomes (fs result, DMA error, function down, rate) are applied by the testbench. */
#ifndef TXQ_REF_H
#define TXQ_REF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* TXERR (vfnic_regs_pkg) */
enum { TXQ_ERR_OK = 0, TXQ_ERR_SPOOF = 1, TXQ_ERR_RATE = 2, TXQ_ERR_OVERSIZE = 3,
       TXQ_ERR_BAD_DESC = 4, TXQ_ERR_DMA = 5, TXQ_ERR_FUNC_DOWN = 6 };
#define TXQ_REF_CANDIDATE (-1)  /* passes the builder's static checks */
#define TXQ_REF_MIN_FRAME 14u

struct txq_ref_desc {
	uint64_t addr;
	uint32_t len;  /* LEN field, 14 bits */
	int eop, rs;
};

struct txq_ref_frame {
	unsigned first;     /* index of its first descriptor in the sequence */
	unsigned ndesc;     /* descriptors it completes */
	uint32_t len;       /* sum of LEN */
	int verdict;        /* TXQ_REF_CANDIDATE or a TXERR code */
	uint32_t rs_mask;   /* bit i: descriptor first + i has RS */
};

/* Splits d[0..n) into frames (at most max_out). A trailing chain without EOP is left
 * unconsumed unless cut_bad (then it is a BAD_DESC frame: the engine's "chain cut by TAIL").
 * Returns the number of descriptors consumed; *nout = frames written. */
unsigned txq_ref_chains(const struct txq_ref_desc *d, unsigned n, unsigned max_bufs,
			unsigned max_frame, int cut_bad, struct txq_ref_frame *out,
			unsigned max_out, unsigned *nout);

/* The frame's bytes (verdict CANDIDATE only): the buffers in order. read(ctx, addr) returns
 * host memory. */
void txq_ref_gather(const struct txq_ref_desc *d, const struct txq_ref_frame *f,
		    uint8_t (*read)(void *ctx, uint64_t addr), void *ctx, uint8_t *out);

/* Final outcome of a candidate frame given what happened to it. */
int txq_ref_outcome(int verdict, int sent, int fs_err, int dma_err);

/* DW3 after the write-back of an RS descriptor of a frame with outcome err */
uint32_t txq_ref_wb_dw3(int err);

#ifdef __cplusplus
}
#endif

#endif
