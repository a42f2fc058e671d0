// SPDX-License-Identifier: MIT
/* Reference model of vfnic_classifier; see cls_ref.h. Written from docs/datapath.md, not
 * from the RTL. */
#include "cls_ref.h"

#include <string.h>

#define MAC_MASK 0xffffffffffffULL

void cls_table_init(struct cls_table *t, unsigned num_pools, unsigned num_entries)
{
	unsigned hb = 1;

	memset(t, 0, sizeof(*t));
	t->num_pools = num_pools;
	t->num_entries = num_entries;
	/* buckets per table: a power of two >= num_entries / 2 (at least 2) */
	if (num_entries > 4)
		while ((1u << hb) < (num_entries + 1) / 2)
			hb++;
	t->hash_bits = hb;
}

void cls_table_clear(struct cls_table *t)
{
	memset(t->e, 0, sizeof(t->e));
	memset(t->idx, 0, sizeof(t->idx));
}

/* hash1 folds the 48 MAC bits onto hash_bits bits; hash2 folds them with a skew of one
 * position per fold */
unsigned cls_hash(const struct cls_table *t, unsigned tbl, uint64_t mac)
{
	unsigned hb = t->hash_bits, h = 0, i;

	for (i = 0; i < 48; i++) {
		unsigned pos = tbl ? (i + i / hb) % hb : i % hb;

		h ^= (unsigned)((mac >> i) & 1) << pos;
	}
	return h;
}

static bool key_eq(uint64_t ma, bool aa, uint16_t va, uint64_t mb, bool ab, uint16_t vb)
{
	return ma == mb && aa == ab && (aa || va == vb);
}

/* the group of a key, or NULL */
static struct cls_group *group_of(struct cls_table *t, uint64_t mac, bool any, uint16_t vid)
{
	unsigned tb, w;

	for (tb = 0; tb < 2; tb++) {
		struct cls_group *b = t->idx[tb][cls_hash(t, tb, mac)];

		for (w = 0; w < CLS_WAYS; w++)
			if (b[w].valid && key_eq(b[w].mac, b[w].any, b[w].vid, mac, any, vid))
				return &b[w];
	}
	return NULL;
}

/* join or create the key's group; false if its buckets are full */
static bool group_insert(struct cls_table *t, const struct cls_entry *e)
{
	struct cls_group *b[2];
	unsigned free_n[2] = {0, 0}, tb, w;

	if (group_of(t, e->mac, e->any, e->vid))
		return true;
	for (tb = 0; tb < 2; tb++) {
		b[tb] = t->idx[tb][cls_hash(t, tb, e->mac)];
		for (w = 0; w < CLS_WAYS; w++)
			free_n[tb] += !b[tb][w].valid;
	}
	if (!free_n[0] && !free_n[1])
		return false;
	tb = free_n[0] >= free_n[1] ? 0 : 1; /* the emptier bucket, A on a tie */
	for (w = 0; w < CLS_WAYS; w++)
		if (!b[tb][w].valid)
			break;
	b[tb][w].valid = true;
	b[tb][w].mac = e->mac;
	b[tb][w].any = e->any;
	b[tb][w].vid = e->any ? 0 : e->vid;
	return true;
}

/* after entry old left its group: free the group if no installed entry has its key */
static void group_release(struct cls_table *t, const struct cls_entry *old)
{
	struct cls_group *g = group_of(t, old->mac, old->any, old->vid);
	unsigned i;

	for (i = 0; i < t->num_entries; i++) {
		const struct cls_entry *e = &t->e[i];

		if (e->valid && e->inst && key_eq(e->mac, e->any, e->vid, old->mac, old->any, old->vid))
			return;
	}
	if (g)
		memset(g, 0, sizeof(*g));
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
		return (uint32_t)e->pool | (e->inst ? 1u << 30 : 0) | (e->valid ? 1u << 31 : 0);
	}
}

bool cls_reg_write(struct cls_table *t, unsigned dw, unsigned be, uint32_t data)
{
	unsigned idx = (dw >> 2) & 0xff;
	struct cls_entry *e, n, old;
	bool hit, old_active;
	uint32_t v = cls_reg_read(t, dw, &hit);

	if (!hit)
		return false;
	old = t->e[idx];
	n = old;
	e = &n;
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
	/* the index: an installed entry whose key or pool changes (or that is cleared) leaves
	 * its group first; a valid entry then joins or creates its key's group if it can */
	old_active = old.valid && old.inst;
	if (old_active && n.valid && n.pool == old.pool &&
	    key_eq(n.mac, n.any, n.vid, old.mac, old.any, old.vid)) {
		t->e[idx] = n;
		return true;
	}
	n.inst = false;
	t->e[idx] = n;
	if (old_active)
		group_release(t, &old);
	if (n.valid)
		t->e[idx].inst = group_insert(t, &n);
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

		if (e->valid && e->inst && e->mac == dmac && (e->any || e->vid == fv) &&
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
