// SPDX-License-Identifier: MIT
/* Reference model of vfnic_classifier (docs/datapath.md "RX classifier"): the entry table
 * with its register window, the hash index (which keys have a group, so which entries get
 * installed: CTRL.INSTALLED) and the lookup as a pure function of table, pool configuration
 * and frame. A register write is applied whole, as the block has done it by its ack.
 * Plain C so that other C models can reuse it. */
#ifndef VFNIC_CLS_REF_H
#define VFNIC_CLS_REF_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CLS_MAX_POOLS 65
#define CLS_MAX_ENTRIES 256
#define CLS_WAYS 4
#define CLS_MAX_BUCKETS 128

enum cls_how { CLS_HOW_EXACT = 0, CLS_HOW_BCAST = 1, CLS_HOW_MCAST = 2, CLS_HOW_OTHER = 3 };

struct cls_entry {
	uint64_t mac; /* byte 0 (first on the wire) in bits 7:0 */
	uint16_t vid;
	bool any;
	uint8_t pool;
	bool valid;
	bool inst; /* installed in the index (CTRL.INSTALLED) */
};

/* a group of the index: one key (MAC, ANY, ANY ? 0 : VID); its mask is implied by the
 * installed entries with that key */
struct cls_group {
	bool valid;
	uint64_t mac;
	bool any;
	uint16_t vid;
};

struct cls_table {
	unsigned num_pools;
	unsigned num_entries;
	unsigned hash_bits; /* buckets per table = 1 << hash_bits */
	struct cls_entry e[CLS_MAX_ENTRIES];
	struct cls_group idx[2][CLS_MAX_BUCKETS][CLS_WAYS]; /* tables A (hash1), B (hash2) */
};

struct cls_pool_cfg {
	bool bcast[CLS_MAX_POOLS];
	bool mcast[CLS_MAX_POOLS];
	bool promisc[CLS_MAX_POOLS];
	bool untagged[CLS_MAX_POOLS];
	bool vlan_en[CLS_MAX_POOLS];
	uint16_t vid[CLS_MAX_POOLS];
	bool default_en;
	uint8_t default_pool; /* 7 bits */
};

struct cls_lookup {
	uint64_t dmac;
	bool tagged;
	uint16_t vid;
	bool looped;
	uint8_t src_pool; /* 7 bits */
	uint8_t cookie;
};

struct cls_result {
	bool mask[CLS_MAX_POOLS];
	bool exact;
	bool dflt;
	bool miss;
	unsigned how;
	uint8_t cookie;
};

/* Reset state: every entry zero (invalid) */
void cls_table_init(struct cls_table *t, unsigned num_pools, unsigned num_entries);
/* clr_all_i (a PF reset): every entry back to its reset value. In a cycle with both a
 * register write and the clear, apply the write first: the clear wins. */
void cls_table_clear(struct cls_table *t);

unsigned cls_hash(const struct cls_table *t, unsigned tbl, uint64_t mac);

/* One DW of the 4 KiB window (dw = byte offset / 4, 0..1023). Returns whether it is a
 * register (reg_hit_o); writes outside the table are ignored, reads there return 0. */
bool cls_reg_write(struct cls_table *t, unsigned dw, unsigned be, uint32_t data);
uint32_t cls_reg_read(const struct cls_table *t, unsigned dw, bool *hit);

void cls_classify(const struct cls_table *t, const struct cls_pool_cfg *cfg,
		  const struct cls_lookup *lk, struct cls_result *res);

#ifdef __cplusplus
}
#endif

#endif
