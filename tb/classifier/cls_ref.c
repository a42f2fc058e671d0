// SPDX-License-Identifier: MIT
/* Reference model of vfnic_classifier; see cls_ref.h. Written from docs/datapath.md, not
 * from the RTL. */
#include "cls_ref.h"

#include <string.h>

#define MAC_MASK 0xffffffffffffULL

void cls_table_init(struct cls_table *t, unsigned num_pools, unsigned num_entries)
{
	memset(t, 0, sizeof(*t));
	t->num_pools = num_pools;
	t->num_entries = num_entries;
}

void cls_table_clear(struct cls_table *t)
{
	memset(t->e, 0, sizeof(t->e));
}

static uint32_t merge_be(uint32_t old, uint32_t data, unsigned be)
{
	uint32_t m = 0;
	unsigned b;

	for (b = 0; b < 4; b++)
		if (be & (1u << b))
			m |= 0xffu << (8 * b);
	return (old & ~m) | (data & m);
}

uint32_t cls_reg_read(const struct cls_table *t, unsigned dw, bool *hit)
{
	unsigned idx = (dw >> 2) & 0xff;
	const struct cls_entry *e;

	*hit = idx < t->num_entries;
	if (!*hit)
		return 0;
	e = &t->e[idx];
	switch (dw & 3) {
	case 0:
		return (uint32_t)e->mac;
	case 1:
		return (uint32_t)(e->mac >> 32) & 0xffff;
	case 2:
		return (uint32_t)e->vid | (e->any ? 1u << 12 : 0);
	default:
		return (uint32_t)e->pool | (e->valid ? 1u << 31 : 0);
	}
}

bool cls_reg_write(struct cls_table *t, unsigned dw, unsigned be, uint32_t data)
{
	unsigned idx = (dw >> 2) & 0xff;
	struct cls_entry *e;
	bool hit;
	uint32_t v = cls_reg_read(t, dw, &hit);

	if (!hit)
		return false;
	e = &t->e[idx];
	v = merge_be(v, data, be);
	switch (dw & 3) {
	case 0:
		e->mac = (e->mac & ~0xffffffffULL) | v;
		break;
	case 1:
		e->mac = (e->mac & 0xffffffffULL) | ((uint64_t)(v & 0xffff) << 32);
		break;
	case 2:
		e->vid = v & 0xfff;
		e->any = (v >> 12) & 1;
		break;
	default:
		e->pool = v & 0x7f;
		e->valid = (v >> 31) & 1;
		break;
	}
	return true;
}

static bool vlan_ok(const struct cls_pool_cfg *cfg, const struct cls_lookup *lk, unsigned p,
		    uint16_t fv)
{
	if (lk->tagged)
		return !cfg->vlan_en[p] || cfg->vid[p] == fv;
	return cfg->untagged[p];
}

void cls_classify(const struct cls_table *t, const struct cls_pool_cfg *cfg,
		  const struct cls_lookup *lk, struct cls_result *res)
{
	uint64_t dmac = lk->dmac & MAC_MASK;
	uint16_t fv = lk->tagged ? (lk->vid & 0xfff) : 0;
	bool bcast = dmac == MAC_MASK;
	bool mcast = (dmac & 1) && !bcast;
	bool exact[CLS_MAX_POOLS] = { false };
	bool any_pool = false;
	unsigned i, p;

	memset(res, 0, sizeof(*res));
	res->cookie = lk->cookie;

	for (i = 0; i < t->num_entries; i++) {
		const struct cls_entry *e = &t->e[i];

		if (e->valid && e->mac == dmac && (e->any || e->vid == fv) &&
		    e->pool < t->num_pools)
			exact[e->pool] = true;
	}
	for (p = 0; p < t->num_pools; p++) {
		bool ok = vlan_ok(cfg, lk, p, fv);
		bool flag = ok && (cfg->promisc[p] || (bcast && cfg->bcast[p]) ||
				   (mcast && cfg->mcast[p]));

		if (lk->looped && p == lk->src_pool) {
			exact[p] = false;
			flag = false;
		}
		res->mask[p] = exact[p] || flag;
		res->exact |= exact[p];
		any_pool |= res->mask[p];
	}
	if (!lk->looped && !any_pool && cfg->default_en && cfg->default_pool < t->num_pools) {
		res->mask[cfg->default_pool] = true;
		res->dflt = true;
		any_pool = true;
	}
	res->miss = !any_pool;
	if (res->exact)
		res->how = CLS_HOW_EXACT;
	else if (bcast)
		res->how = CLS_HOW_BCAST;
	else if (mcast)
		res->how = CLS_HOW_MCAST;
	else
		res->how = CLS_HOW_OTHER;
}
