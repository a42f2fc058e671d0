// SPDX-License-Identifier: MIT
/* Reference model of vfnic_txq's frame building; see txq_ref.h. */
#include "txq_ref.h"

static int verdict(uint32_t len, int bad, unsigned max_frame)
{
	if (bad)
		return TXQ_ERR_BAD_DESC;
	if (len > max_frame || len < TXQ_REF_MIN_FRAME)
		return TXQ_ERR_OVERSIZE;
	return TXQ_REF_CANDIDATE;
}

unsigned txq_ref_chains(const struct txq_ref_desc *d, unsigned n, unsigned max_bufs,
			unsigned max_frame, int cut_bad, struct txq_ref_frame *out,
			unsigned max_out, unsigned *nout)
{
	unsigned i = 0, k = 0;

	while (i < n && k < max_out) {
		unsigned j = i, cnt = 0;
		uint32_t len = 0, rs = 0;
		int bad = 0, closed = 0;

		/* a chain ends at EOP, or after max_bufs + 1 descriptors without one (bad) */
		while (j < n) {
			if (d[j].rs)
				rs |= 1u << cnt;
			bad |= d[j].len == 0;
			len += d[j].len;
			cnt++;
			j++;
			if (d[j - 1].eop) {
				closed = 1;
				break;
			}
			if (cnt == max_bufs + 1) {
				bad = 1;
				closed = 1;
				break;
			}
		}
		if (!closed) {
			if (!cut_bad)
				break;
			bad = 1;
		}
		out[k].first = i;
		out[k].ndesc = cnt;
		out[k].len = len;
		out[k].rs_mask = rs;
		out[k].verdict = verdict(len, bad, max_frame);
		k++;
		i = j;
	}
	*nout = k;
	return i;
}

void txq_ref_gather(const struct txq_ref_desc *d, const struct txq_ref_frame *f,
		    uint8_t (*read)(void *ctx, uint64_t addr), void *ctx, uint8_t *out)
{
	unsigned p = 0;

	for (unsigned i = 0; i < f->ndesc; i++)
		for (uint32_t b = 0; b < d[f->first + i].len; b++)
			out[p++] = read(ctx, d[f->first + i].addr + b);
}

int txq_ref_outcome(int v, int sent, int fs_err, int dma_err)
{
	if (v != TXQ_REF_CANDIDATE)
		return v;
	if (dma_err)
		return TXQ_ERR_DMA;
	if (sent)
		return fs_err;
	return -1;  /* not sent and no DMA error: FUNC_DOWN or RATE, if the test allows it */
}

uint32_t txq_ref_wb_dw3(int err)
{
	return 1u | ((uint32_t)err & 0xf) << 8;
}
