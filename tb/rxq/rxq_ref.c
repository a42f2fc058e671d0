// SPDX-License-Identifier: MIT
/* Reference model of vfnic_rxq: see rxq_ref.h. */
#include "rxq_ref.h"

#include <string.h>

unsigned rxq_ref_ring(const struct rxq_pool *pl, unsigned pool, const uint8_t *owner,
		      unsigned num_qp, unsigned hash)
{
	unsigned loc, q;

	if (pl->qp_count == 0)
		return RXQ_NO_RING;
	loc = pl->qsel_hash ? (hash & 15) % pl->qp_count : 0;
	q = pl->qp_base + loc;
	if (q >= num_qp || owner[q] != pool)
		return RXQ_NO_RING;
	return q;
}

unsigned rxq_ref_pieces(unsigned len, unsigned buf_size)
{
	return (len + buf_size - 1) / buf_size;
}

unsigned rxq_ref_outcome(unsigned len, const struct rxq_pool *pl, unsigned ring,
			 const struct rxq_ring_view *rv, unsigned desc_cache, bool cache_sure)
{
	unsigned n;

	if (len > pl->max_frame)
		return 1u << RXQ_OVERSIZE;
	if (!pl->rx_ok)
		return 1u << RXQ_DOWN;
	if (ring == RXQ_NO_RING || !rv->en)
		return 1u << RXQ_NODESC;
	n = rxq_ref_pieces(len, rv->buf_size);
	if (n > desc_cache || n > rv->posted)
		return 1u << RXQ_NODESC;
	return cache_sure ? 1u << RXQ_OK : (1u << RXQ_OK) | (1u << RXQ_NODESC);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void rxq_ref_wb(uint8_t out[16], unsigned piece_len, unsigned tci, bool tagged, unsigned how,
		bool eop)
{
	memset(out, 0, 16);
	put32(out + 0, piece_len & 0xffff);                       /* DW0 LEN */
	put32(out + 4, (tci & 0xffff) | (tagged ? 1u << 16 : 0)); /* DW1 VLAN, TAGGED */
	put32(out + 8, how & 3);                                  /* DW2 HOW */
	put32(out + 12, 1u | (eop ? 2u : 0));                     /* DW3 DD, EOP, ERR 0 */
}

unsigned rxq_ref_writes(unsigned len, unsigned buf_size, const uint64_t *bufs, unsigned n,
			uint64_t ring_base, unsigned log2, unsigned head, struct rxq_wreq *out)
{
	unsigned size = 1u << log2, cnt = 0, i, j;

	for (i = 0; i < n; i++) {
		out[cnt].addr = bufs[i];
		out[cnt].len = i + 1 < n ? buf_size : len - (n - 1) * buf_size;
		cnt++;
	}
	for (j = 0; j < n;) {
		unsigned idx = (head + j) & (size - 1);
		unsigned m = n - j < size - idx ? n - j : size - idx;
		out[cnt].addr = ring_base + 16ull * idx;
		out[cnt].len = 16 * m;
		cnt++;
		j += m;
	}
	return cnt;
}
