// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_classifier: directed tests of the entry registers, of every
// classification rule, of the hash index (shared groups, overflow, removal) and of the table
// clear (clr_all_i), plus a seeded random phase (random table, pool configuration, table
// writes and a few clears, one lookup every cycle) checked against the C reference model
// cls_ref. The register port is ack-style: the model applies a write at its ack; a lookup made
// while a write is in progress (request up to and including its ack) may see the table before
// the write, without the written entry, or after the write; every other lookup must see
// exactly the model's table.
// Prints TAP; exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_classifier OUTDIR     (SEED=n in the environment replays a run)
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <string>
#include <vector>

#include "Vvfnic_classifier.h"
#include "block_tb.h"
#include "cls_ref.h"

#ifndef CLS_TB_POOLS
#error "build with -DCLS_TB_POOLS=<NumPools the classifier was built with>"
#endif
#ifndef CLS_TB_ENTRIES
#error "build with -DCLS_TB_ENTRIES=<NumEntries the classifier was built with>"
#endif

namespace
{

using vfnic_tb::get_bit;
using vfnic_tb::put_bits;

constexpr unsigned kPools = CLS_TB_POOLS;
constexpr unsigned kEntries = CLS_TB_ENTRIES;
constexpr unsigned kLatency = 3;  // LookupLatency of the RTL
constexpr uint64_t kBcast = 0xffffffffffffULL;
// the one VLAN on which the random phase's table may hold exact broadcast entries (an "any"
// broadcast entry would turn every broadcast into an exact hit and starve the flag path)
constexpr unsigned kBcastVid = 4095;

std::string mask_str(const bool *m)
{
	std::string s;
	for (unsigned p = 0; p < kPools; p++)
		if (m[p])
			s += (s.empty() ? "" : ",") + std::to_string(p);
	return "{" + s + "}";
}

struct Expect {
	uint64_t due;  // cycle in which res_valid_o must be high
	cls_lookup lk;
	std::vector<cls_result> res;  // acceptable results (one unless a write was in progress)
};

bool same_result(const cls_result &a, const cls_result &b)
{
	return std::memcmp(a.mask, b.mask, sizeof(a.mask)) == 0 && a.exact == b.exact &&
	       a.dflt == b.dflt && a.miss == b.miss && a.how == b.how && a.cookie == b.cookie;
}

struct Tb : vfnic_tb::BlockTb<Vvfnic_classifier> {
	Tb(uint64_t seed, const std::string &outdir) : BlockTb(seed, outdir, "tb-classifier")
	{
		cls_table_init(&tbl, kPools, kEntries);
		std::memset(&cfg, 0, sizeof(cfg));
	}

	void reset();
	// one clock cycle with the inputs as currently set; checks the outputs and the model
	void cycle();
	void idle(unsigned n);
	// every test ends with the pipeline drained (its results still count for the test)
	void after_test() override { idle(kLatency + 1); }
	void summary() override
	{
		std::printf("# %" PRIu64 " cycles, %" PRIu64 " lookups checked against the model\n",
			    now, results);
	}

	// register access (held until the ack); the read value and hit come from the ack
	void reg_wr(unsigned dw, uint32_t v, unsigned be = 0xf);
	// holds the request set on the inputs until its ack; returns the cycles it took
	unsigned reg_wait();
	uint32_t reg_rd(unsigned dw, bool *hit = nullptr);
	void entry_set(unsigned e, uint64_t mac, unsigned vid, bool any, unsigned pool, bool valid);

	void apply_cfg();
	// presents one lookup and waits for its result (also checked against the model)
	cls_result lookup(const cls_lookup &lk);

	cls_table tbl;
	cls_pool_cfg cfg;
	std::deque<Expect> pending;
	cls_result last;  // the last result seen on the outputs
	uint64_t results = 0;
	bool acked = false;  // the last cycle had reg_ack_o
	uint32_t ack_rdata = 0;
	bool ack_hit = false;
	uint64_t windowed = 0;  // lookups made while a write was in progress
	// coverage of the random phase
	uint64_t cov_exact = 0, cov_bcast = 0, cov_mcast = 0, cov_other = 0, cov_default = 0,
		 cov_miss = 0, cov_looped_excl = 0, cov_multi = 0, cov_writes = 0, cov_clears = 0,
		 cov_clear_writes = 0;
};

void Tb::apply_cfg()
{
	Vvfnic_classifier &m = *top;
	for (unsigned p = 0; p < kPools; p++) {
		put_bits(m.pool_bcast_i, p, 1, cfg.bcast[p]);
		put_bits(m.pool_mcast_i, p, 1, cfg.mcast[p]);
		put_bits(m.pool_promisc_i, p, 1, cfg.promisc[p]);
		put_bits(m.pool_untagged_i, p, 1, cfg.untagged[p]);
		put_bits(m.pool_vlan_en_i, p, 1, cfg.vlan_en[p]);
		put_bits(m.pool_vid_i, 12 * p, 12, cfg.vid[p]);
	}
	m.default_en_i = cfg.default_en;
	m.default_pool_i = cfg.default_pool & 0x7f;
}

void Tb::cycle()
{
	Vvfnic_classifier &m = *top;
	apply_cfg();
	m.clk_i = 0;
	eval_dump();

	if (m.rst_ni) {
		// result registers: compare with what the model predicted for this cycle
		cls_result got;
		std::memset(&got, 0, sizeof(got));
		for (unsigned p = 0; p < kPools; p++)
			got.mask[p] = get_bit(m.res_mask_o, p);
		got.exact = m.res_exact_o;
		got.dflt = m.res_default_o;
		got.miss = m.res_miss_o;
		got.how = m.res_how_o;
		got.cookie = m.res_cookie_o;
		bool due = !pending.empty() && pending.front().due == now;
		if (!due) {
			check(!m.res_valid_o, "res_valid_o high with no lookup due");
		} else {
			const Expect &x = pending.front();
			const cls_result &r = x.res[0];
			last = got;
			results++;
			bool same = false;
			for (const cls_result &c : x.res)
				same = same || same_result(got, c);
			same = same && m.res_valid_o;
			if (!same)
				fail("lookup dmac %012" PRIx64 " tagged %d vid %u looped %d src %u cookie %u:"
				     " got valid %d mask %s exact %d default %d miss %d how %u cookie %u;"
				     " model mask %s exact %d default %d miss %d how %u cookie %u",
				     x.lk.dmac, x.lk.tagged, x.lk.vid, x.lk.looped, x.lk.src_pool,
				     x.lk.cookie, m.res_valid_o, mask_str(got.mask).c_str(), got.exact,
				     got.dflt, got.miss, got.how, got.cookie, mask_str(r.mask).c_str(),
				     r.exact, r.dflt, r.miss, r.how, r.cookie);
			pending.pop_front();
		}

		// register port: read data and hit against the model at the ack (before the write)
		acked = m.reg_req_i && m.reg_ack_o;
		check(!m.reg_ack_o || m.reg_req_i, "reg_ack_o without a request");
		if (acked) {
			bool hit;
			uint32_t want = cls_reg_read(&tbl, m.reg_addr_i, &hit);
			ack_rdata = m.reg_rdata_o;
			ack_hit = m.reg_hit_o;
			check(m.reg_hit_o == hit, "reg_hit_o %d at DW 0x%03x, model %d", m.reg_hit_o,
			      m.reg_addr_i, hit);
			if (!m.reg_we_i)
				check(m.reg_rdata_o == want, "read DW 0x%03x = %08x, model %08x",
				      m.reg_addr_i, m.reg_rdata_o, want);
		}

		// the lookup sees the table and configuration of this cycle
		if (m.lk_valid_i) {
			Expect x;
			x.due = now + kLatency;
			x.lk.dmac = m.lk_dmac_i;
			x.lk.tagged = m.lk_tagged_i;
			x.lk.vid = m.lk_vid_i;
			x.lk.looped = m.lk_looped_i;
			x.lk.src_pool = m.lk_src_pool_i;
			x.lk.cookie = m.lk_cookie_i;
			cls_result r;
			cls_classify(&tbl, &cfg, &x.lk, &r);
			x.res.push_back(r);
			unsigned e = (m.reg_addr_i >> 2) & 0xff;
			if (m.reg_req_i && m.reg_we_i && e < kEntries) {
				// a write in progress: without the entry, or with the write done
				static cls_table alt;
				alt = tbl;
				alt.e[e].valid = false;
				cls_classify(&alt, &cfg, &x.lk, &r);
				x.res.push_back(r);
				alt = tbl;
				cls_reg_write(&alt, m.reg_addr_i, m.reg_be_i, m.reg_wdata_i);
				cls_classify(&alt, &cfg, &x.lk, &r);
				x.res.push_back(r);
				windowed++;
			}
			pending.push_back(x);
		}
		if (acked && m.reg_we_i)
			cls_reg_write(&tbl, m.reg_addr_i, m.reg_be_i, m.reg_wdata_i);
		if (m.clr_all_i)  // after the write: the clear wins
			cls_table_clear(&tbl);
	}

	m.clk_i = 1;
	eval_dump();
	now++;
}

void Tb::idle(unsigned n)
{
	Vvfnic_classifier &m = *top;
	m.reg_req_i = 0;
	m.reg_we_i = 0;
	m.lk_valid_i = 0;
	m.clr_all_i = 0;
	for (unsigned i = 0; i < n; i++)
		cycle();
}

void Tb::reset()
{
	Vvfnic_classifier &m = *top;
	idle(0);
	m.rst_ni = 0;
	pending.clear();
	cls_table_init(&tbl, kPools, kEntries);
	std::memset(&cfg, 0, sizeof(cfg));
	cycle();
	cycle();
	m.rst_ni = 1;
	cycle();
}

unsigned Tb::reg_wait()
{
	Vvfnic_classifier &m = *top;
	unsigned n = 0;
	do {
		cycle();
		n++;
	} while (!acked && n < 100000);
	check(acked, "register access to DW 0x%03x never acked", m.reg_addr_i);
	m.reg_req_i = 0;
	m.reg_we_i = 0;
	return n;
}

void Tb::reg_wr(unsigned dw, uint32_t v, unsigned be)
{
	Vvfnic_classifier &m = *top;
	m.reg_req_i = 1;
	m.reg_we_i = 1;
	m.reg_addr_i = dw & 0x3ff;
	m.reg_be_i = be;
	m.reg_wdata_i = v;
	reg_wait();
}

uint32_t Tb::reg_rd(unsigned dw, bool *hit)
{
	Vvfnic_classifier &m = *top;
	m.reg_req_i = 1;
	m.reg_we_i = 0;
	m.reg_addr_i = dw & 0x3ff;
	m.reg_be_i = 0xf;
	m.reg_wdata_i = (uint32_t)rng();
	reg_wait();
	if (hit)
		*hit = ack_hit;
	return ack_rdata;
}

void Tb::entry_set(unsigned e, uint64_t mac, unsigned vid, bool any, unsigned pool, bool valid)
{
	reg_wr(4 * e + 3, 0);  // clear VALID first, as the driver does
	reg_wr(4 * e + 0, (uint32_t)mac);
	reg_wr(4 * e + 1, (uint32_t)(mac >> 32) & 0xffff);
	reg_wr(4 * e + 2, (vid & 0xfff) | (any ? 1u << 12 : 0));
	reg_wr(4 * e + 3, (pool & 0x7f) | (valid ? 1u << 31 : 0));
}

cls_result Tb::lookup(const cls_lookup &lk)
{
	Vvfnic_classifier &m = *top;
	m.lk_valid_i = 1;
	m.lk_dmac_i = lk.dmac;
	m.lk_tagged_i = lk.tagged;
	m.lk_vid_i = lk.vid;
	m.lk_looped_i = lk.looped;
	m.lk_src_pool_i = lk.src_pool;
	m.lk_cookie_i = lk.cookie;
	cycle();
	m.lk_valid_i = 0;
	std::memset(&last, 0, sizeof(last));
	uint64_t before = results;
	while (!pending.empty())
		cycle();
	check(results == before + 1, "no result for the lookup");
	return last;
}

// ---- helpers for directed tests ----
cls_lookup lk_of(uint64_t dmac, bool tagged = false, unsigned vid = 0, bool looped = false,
		 unsigned src = 0, unsigned cookie = 0x5a)
{
	cls_lookup l;
	l.dmac = dmac;
	l.tagged = tagged;
	l.vid = (uint16_t)vid;
	l.looped = looped;
	l.src_pool = (uint8_t)src;
	l.cookie = (uint8_t)cookie;
	return l;
}

// MAC from its six bytes in wire order
uint64_t mac_of(unsigned b0, unsigned b1, unsigned b2, unsigned b3, unsigned b4, unsigned b5)
{
	return (uint64_t)b0 | (uint64_t)b1 << 8 | (uint64_t)b2 << 16 | (uint64_t)b3 << 24 |
	       (uint64_t)b4 << 32 | (uint64_t)b5 << 40;
}

const uint64_t kMacA = mac_of(0x02, 0x11, 0x22, 0x33, 0x44, 0x55);
const uint64_t kMacB = mac_of(0x02, 0x11, 0x22, 0x33, 0x44, 0x56);
const uint64_t kMcast = mac_of(0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb);

unsigned last_pool() { return kPools - 1; }
unsigned mid_pool() { return kPools > 2 ? kPools / 2 : 0; }

// expect a mask of exactly the listed pools
bool mask_is(Tb &t, const cls_result &r, std::initializer_list<unsigned> pools, const char *what)
{
	bool want[CLS_MAX_POOLS] = {false};
	for (unsigned p : pools)
		if (p < kPools)
			want[p] = true;
	bool ok = std::memcmp(want, r.mask, sizeof(want)) == 0;
	t.check(ok, "%s: mask %s, expected %s", what, mask_str(r.mask).c_str(),
		mask_str(want).c_str());
	return ok;
}

// ---- directed tests ----
void t_reset_state(Tb &t)
{
	for (unsigned e = 0; e < kEntries; e++)
		for (unsigned w = 0; w < 4; w++) {
			bool hit = false;
			uint32_t v = t.reg_rd(4 * e + w, &hit);
			t.check(hit && v == 0, "entry %u word %u after reset: %08x hit %d", e, w, v, hit);
		}
	cls_result r = t.lookup(lk_of(0));  // an all-zero MAC must not hit the zeroed entries
	t.check(r.miss && !r.exact, "all-zero MAC hit a reset entry");
}

void t_exact_hit(Tb &t)
{
	unsigned e = kEntries - 1;
	t.entry_set(e, kMacA, 0, false, mid_pool(), true);
	cls_result r = t.lookup(lk_of(kMacA, false, 0, false, 0, 0xc3));
	mask_is(t, r, {mid_pool()}, "exact hit");
	t.check(r.exact && !r.dflt && !r.miss && r.how == 0 && r.cookie == 0xc3,
		"exact hit flags: exact %d default %d miss %d how %u cookie %02x", r.exact, r.dflt,
		r.miss, r.how, r.cookie);
	r = t.lookup(lk_of(kMacB));
	t.check(r.miss && !r.exact && r.how == 3, "a MAC one bit off must miss");
	// tagged with VID 0 (priority tag) equals the entry's VLAN 0
	r = t.lookup(lk_of(kMacA, true, 0));
	t.check(r.exact, "priority-tagged frame (VID 0) must hit a VLAN 0 entry");
	// untagged frames ignore lk_vid_i
	r = t.lookup(lk_of(kMacA, false, 77));
	t.check(r.exact, "an untagged frame's lk_vid_i must be ignored");
	// two entries for one MAC, different pools: both get it
	t.entry_set(0, kMacA, 0, false, 0, true);
	r = t.lookup(lk_of(kMacA));
	mask_is(t, r, {0, mid_pool()}, "two entries with one MAC");
}

void t_vlan_any(Tb &t)
{
	t.entry_set(1, kMacA, 100, true, last_pool(), true);
	for (unsigned vid : {0u, 1u, 100u, 4095u}) {
		cls_result r = t.lookup(lk_of(kMacA, true, vid));
		t.check(r.exact && r.mask[last_pool()], "ANY entry, tagged VID %u: no hit", vid);
	}
	cls_result r = t.lookup(lk_of(kMacA, false));
	t.check(r.exact && r.mask[last_pool()], "ANY entry, untagged: no hit");
}

void t_vlan_mismatch(Tb &t)
{
	t.entry_set(2, kMacA, 100, false, 1 % kPools, true);
	cls_result r = t.lookup(lk_of(kMacA, true, 100));
	t.check(r.exact, "VLAN 100 entry, frame VLAN 100: no hit");
	r = t.lookup(lk_of(kMacA, true, 101));
	t.check(r.miss && !r.exact, "VLAN 100 entry, frame VLAN 101: must miss");
	r = t.lookup(lk_of(kMacA, false, 100));
	t.check(r.miss && !r.exact, "VLAN 100 entry, untagged frame (VLAN 0): must miss");
}

void t_broadcast(Tb &t)
{
	// bcast pools: 0, mid (VLAN 7 only), last (no VLAN filter); mid+1 has untagged off
	t.cfg.bcast[0] = true;
	t.cfg.untagged[0] = true;
	t.cfg.bcast[mid_pool()] = true;
	t.cfg.vlan_en[mid_pool()] = true;
	t.cfg.vid[mid_pool()] = 7;
	t.cfg.untagged[mid_pool()] = true;
	t.cfg.bcast[last_pool()] = true;
	t.cfg.untagged[last_pool()] = true;
	t.cfg.mcast[1 % kPools] = true;  // multicast-only pool must not get broadcasts
	t.cfg.untagged[1 % kPools] = true;
	cls_result r = t.lookup(lk_of(kBcast));
	mask_is(t, r, {0, mid_pool(), last_pool()}, "untagged broadcast");
	t.check(r.how == 1 && !r.exact && !r.dflt && !r.miss, "broadcast how %u", r.how);
	r = t.lookup(lk_of(kBcast, true, 7));
	mask_is(t, r, {0, mid_pool(), last_pool()}, "broadcast on VLAN 7");
	r = t.lookup(lk_of(kBcast, true, 8));
	if (mid_pool() != 0)
		mask_is(t, r, {0, last_pool()}, "broadcast on VLAN 8");
	// an exact entry for ff:ff:ff:ff:ff:ff wins the how
	t.entry_set(3, kBcast, 0, true, 1 % kPools, true);
	r = t.lookup(lk_of(kBcast));
	t.check(r.how == 0 && r.exact && r.mask[1 % kPools], "broadcast entry: how %u", r.how);
}

void t_multicast(Tb &t)
{
	for (unsigned p = 0; p < kPools; p++) {
		t.cfg.mcast[p] = true;
		t.cfg.untagged[p] = true;
	}
	cls_result r = t.lookup(lk_of(kMcast));
	bool all = true;
	for (unsigned p = 0; p < kPools; p++)
		all &= r.mask[p];
	t.check(all && r.how == 2 && !r.exact, "multicast to all MCAST pools: %s how %u",
		mask_str(r.mask).c_str(), r.how);
	// a unicast (I/G clear) frame is not multicast; broadcast is not multicast either
	r = t.lookup(lk_of(kMacA));
	t.check(r.miss && r.how == 3, "unicast delivered to MCAST pools");
	r = t.lookup(lk_of(kBcast));
	t.check(r.miss && r.how == 1, "broadcast delivered to MCAST (not BCAST) pools");
	// bit 0 of byte 0 is the I/G bit; bit 0 of byte 5 is not
	r = t.lookup(lk_of(mac_of(0x02, 0, 0, 0, 0, 0x01)));
	t.check(r.miss, "the I/G bit must be bit 0 of byte 0");
	r = t.lookup(lk_of(mac_of(0x33, 0x33, 0, 0, 0, 0x01)));
	t.check(!r.miss && r.how == 2, "IPv6 multicast MAC not multicast");
}

void t_promisc(Tb &t)
{
	unsigned p = last_pool();
	t.cfg.promisc[p] = true;
	t.cfg.untagged[p] = true;
	t.cfg.vlan_en[p] = true;
	t.cfg.vid[p] = 300;
	for (uint64_t mac : {kMacA, kMcast, kBcast}) {
		cls_result r = t.lookup(lk_of(mac));
		mask_is(t, r, {p}, "promiscuous, untagged");
		r = t.lookup(lk_of(mac, true, 300));
		mask_is(t, r, {p}, "promiscuous, VLAN 300");
		r = t.lookup(lk_of(mac, true, 301));
		t.check(r.miss, "promiscuous pool with VLAN 300 got VLAN 301");
	}
	cls_result r = t.lookup(lk_of(kMacA));
	t.check(r.how == 3 && !r.exact, "promiscuous unicast how %u", r.how);
}

void t_untagged_flag(Tb &t)
{
	unsigned p = mid_pool();
	t.cfg.promisc[p] = true;
	t.cfg.vlan_en[p] = false;
	cls_result r = t.lookup(lk_of(kMacA));
	t.check(r.miss, "UNTAGGED clear: untagged frame delivered");
	r = t.lookup(lk_of(kMacA, true, 55));
	mask_is(t, r, {p}, "UNTAGGED clear, no VLAN filter: tagged frame");
	t.cfg.untagged[p] = true;
	r = t.lookup(lk_of(kMacA));
	mask_is(t, r, {p}, "UNTAGGED set: untagged frame");
	// the UNTAGGED flag rules flag-based delivery only, exact entries are matched on VLAN
	t.cfg.untagged[p] = false;
	t.cfg.promisc[p] = false;
	t.entry_set(5, kMacB, 0, false, p, true);
	r = t.lookup(lk_of(kMacB));
	t.check(r.exact && r.mask[p], "exact VLAN 0 entry must take untagged frames");
}

void t_looped(Tb &t)
{
	unsigned s = mid_pool(), o = last_pool();
	t.entry_set(0, kMacA, 0, false, s, true);
	t.entry_set(1, kMacB, 0, false, s, true);
	t.entry_set(2, kMacB, 0, false, o, true);
	t.cfg.default_en = true;
	t.cfg.default_pool = 0;
	for (unsigned p = 0; p < kPools; p++) {
		t.cfg.bcast[p] = true;
		t.cfg.untagged[p] = true;
	}
	// to itself: nothing local, and no default pool for a looped frame
	cls_result r = t.lookup(lk_of(kMacA, false, 0, true, s));
	t.check(r.miss && !r.exact && !r.dflt, "looped frame to the sender's own MAC: %s",
		mask_str(r.mask).c_str());
	// the same frame from another pool is delivered
	r = t.lookup(lk_of(kMacA, false, 0, true, o));
	mask_is(t, r, {s}, "looped frame from another pool");
	t.check(r.exact, "looped frame from another pool: not exact");
	if (s != o) {
		r = t.lookup(lk_of(kMacB, false, 0, true, s));
		mask_is(t, r, {o}, "looped, MAC on sender and other");
		t.check(r.exact, "looped, MAC on sender and other: not exact");
	}
	// broadcast from s: everyone but s
	r = t.lookup(lk_of(kBcast, false, 0, true, s));
	bool ok = !r.mask[s];
	for (unsigned p = 0; p < kPools; p++)
		if (p != s)
			ok &= r.mask[p];
	t.check(ok && r.how == 1, "looped broadcast: %s", mask_str(r.mask).c_str());
	// the same lookup from the wire includes s
	r = t.lookup(lk_of(kBcast, false, 0, false, s));
	t.check(r.mask[s], "wire frame must not exclude lk_src_pool_i");
	// a source pool >= NumPools excludes nobody
	r = t.lookup(lk_of(kMacA, false, 0, true, 127));
	mask_is(t, r, {s}, "looped from pool 127");
}

void t_default(Tb &t)
{
	t.cfg.default_en = true;
	t.cfg.default_pool = (uint8_t)last_pool();
	cls_result r = t.lookup(lk_of(kMacA));
	mask_is(t, r, {last_pool()}, "default pool");
	t.check(r.dflt && !r.miss && !r.exact && r.how == 3, "default flags: default %d miss %d",
		r.dflt, r.miss);
	// a frame that some pool takes does not go to the default pool
	t.cfg.promisc[0] = true;
	t.cfg.untagged[0] = true;
	r = t.lookup(lk_of(kMacA));
	t.check(!r.dflt && (last_pool() == 0 || !r.mask[last_pool()]) && r.mask[0],
		"default pool with another taker");
	t.cfg.promisc[0] = false;
	// default pool >= NumPools: a miss
	t.cfg.default_pool = (uint8_t)kPools;
	r = t.lookup(lk_of(kMacA));
	t.check(r.miss && !r.dflt, "default pool %u (>= NumPools) used", kPools);
	t.cfg.default_pool = 0;
	t.cfg.default_en = false;
	r = t.lookup(lk_of(kMacA));
	t.check(r.miss && !r.dflt, "DEFAULT disabled but used");
}

void t_miss(Tb &t)
{
	t.entry_set(0, kMacA, 0, false, 0, true);
	cls_result r = t.lookup(lk_of(kMacB));
	t.check(r.miss && !r.exact && !r.dflt && r.how == 3, "miss flags");
	mask_is(t, r, {}, "miss");
	r = t.lookup(lk_of(kBcast));
	t.check(r.miss && r.how == 1, "unsubscribed broadcast: miss %d how %u", r.miss, r.how);
}

void t_invalid_entry(Tb &t)
{
	t.entry_set(4, kMacA, 0, true, 0, false);
	cls_result r = t.lookup(lk_of(kMacA));
	t.check(r.miss, "entry without VALID matched");
	t.reg_wr(4 * 4 + 3, 1u << 31);
	r = t.lookup(lk_of(kMacA));
	t.check(r.exact && r.mask[0], "entry with VALID set did not match");
	t.reg_wr(4 * 4 + 3, 0);
	r = t.lookup(lk_of(kMacA));
	t.check(r.miss, "entry after clearing VALID matched");
}

void t_pool_range(Tb &t)
{
	t.entry_set(0, kMacA, 0, true, kPools, true);
	t.entry_set(1, kMacB, 0, true, 127, true);
	cls_result r = t.lookup(lk_of(kMacA));
	t.check(r.miss && !r.exact, "entry with POOL %u (= NumPools) delivered", kPools);
	r = t.lookup(lk_of(kMacB));
	t.check(r.miss && !r.exact, "entry with POOL 127 delivered");
	t.entry_set(2, kMacA, 0, true, last_pool(), true);
	r = t.lookup(lk_of(kMacA));
	mask_is(t, r, {last_pool()}, "out-of-range entry beside a valid one");
}

void t_byte_enables(Tb &t)
{
	// a partial write to an entry untouched since reset: the other bytes and DWs stay 0
	unsigned f = kEntries - 1;
	t.reg_wr(4 * f + 2, 0xffffffff, 0x2);
	t.check(t.reg_rd(4 * f + 2) == 0x1f00, "fresh entry VLAN with BE 0010: %08x",
		t.reg_rd(4 * f + 2));
	for (unsigned w : {0u, 1u, 3u})
		t.check(t.reg_rd(4 * f + w) == 0, "fresh entry word %u after a VLAN write: %08x", w,
			t.reg_rd(4 * f + w));
	t.reg_wr(4 * f + 3, 0xffffffff, 0x8);
	t.check(t.reg_rd(4 * f + 3) == 0xc0000000, "fresh entry CTRL with BE 1000: %08x",
		t.reg_rd(4 * f + 3));

	unsigned e = kEntries > 7 ? 7 : 0;
	unsigned b = 4 * e;
	t.reg_wr(b + 0, 0x44332211);
	t.reg_wr(b + 0, 0xaabbccdd, 0x5);
	t.check(t.reg_rd(b + 0) == 0x44bb22dd, "MAC_LO with BE 0101: %08x", t.reg_rd(b + 0));
	t.reg_wr(b + 0, 0x99999999, 0x0);
	t.check(t.reg_rd(b + 0) == 0x44bb22dd, "MAC_LO changed by BE 0000");
	t.reg_wr(b + 1, 0xffff6655);
	t.check(t.reg_rd(b + 1) == 0x6655, "MAC_HI: %08x", t.reg_rd(b + 1));
	t.reg_wr(b + 1, 0x000077ff, 0x2);
	t.check(t.reg_rd(b + 1) == 0x7755, "MAC_HI with BE 0010: %08x", t.reg_rd(b + 1));
	t.reg_wr(b + 2, 0xffffffff, 0x1);
	t.check(t.reg_rd(b + 2) == 0x0ff, "VLAN with BE 0001: %08x", t.reg_rd(b + 2));
	t.reg_wr(b + 2, 0x00001a00, 0x2);
	t.check(t.reg_rd(b + 2) == 0x1aff, "VLAN with BE 0010: %08x", t.reg_rd(b + 2));
	t.reg_wr(b + 3, 0xffffffff, 0x7);
	t.check(t.reg_rd(b + 3) == 0x7f, "CTRL with BE 0111: %08x", t.reg_rd(b + 3));
	t.reg_wr(b + 3, 0x80000003, 0x8);
	t.check(t.reg_rd(b + 3) == 0xc000007f, "CTRL with BE 1000: %08x", t.reg_rd(b + 3));
	t.reg_wr(b + 3, 0x00000001, 0x1);
	t.check(t.reg_rd(b + 3) == 0xc0000001, "CTRL with BE 0001: %08x", t.reg_rd(b + 3));
	// the entry now holds 11:22:bb:44:55:77 (bytes), VLAN ANY, pool 1, valid
	cls_result r = t.lookup(lk_of(mac_of(0xdd, 0x22, 0xbb, 0x44, 0x55, 0x77), true, 9));
	t.check(r.exact && r.mask[1 % kPools] == (1 < kPools), "entry written by bytes: no hit");
}

void t_readback(Tb &t)
{
	// every entry gets distinct values; the whole table is then read back
	for (unsigned e = 0; e < kEntries; e++) {
		t.reg_wr(4 * e + 0, (0x01000000u * e + 0x00a5a5a5u) ^ e);
		t.reg_wr(4 * e + 1, 0xffff0000u | (e * 0x101));
		t.reg_wr(4 * e + 2, 0xffffe000u | (e * 37) % 8192);
		t.reg_wr(4 * e + 3, 0x7fffff80u | (e % 128) | (e & 1) << 31);
	}
	for (unsigned e = 0; e < kEntries; e++) {
		uint32_t w0 = t.reg_rd(4 * e + 0), w1 = t.reg_rd(4 * e + 1);
		uint32_t w2 = t.reg_rd(4 * e + 2), w3 = t.reg_rd(4 * e + 3);
		t.check(w0 == ((0x01000000u * e + 0x00a5a5a5u) ^ e), "entry %u MAC_LO %08x", e, w0);
		t.check(w1 == ((e * 0x101) & 0xffff), "entry %u MAC_HI %08x", e, w1);
		t.check(w2 == (e * 37) % 8192, "entry %u VLAN %08x", e, w2);
		// INSTALLED (bit 30) is checked against the model by reg_rd
		t.check((w3 & ~(1u << 30)) == ((e % 128) | (e & 1) << 31), "entry %u CTRL %08x", e,
			w3);
	}
}

void t_holes(Tb &t)
{
	for (unsigned e = 0; e < kEntries; e++)
		t.reg_wr(4 * e + 0, 0x12345678);
	for (unsigned dw = 4 * kEntries; dw < 1024; dw++) {
		t.reg_wr(dw, 0xffffffff);
		bool hit = true;
		uint32_t v = t.reg_rd(dw, &hit);
		t.check(!hit && v == 0, "hole DW 0x%03x: hit %d value %08x", dw, hit, v);
		if (t.errors > 8)
			break;
	}
	// a hole write must not alias onto an entry
	for (unsigned e = 0; e < kEntries; e++) {
		t.check(t.reg_rd(4 * e + 0) == 0x12345678 && t.reg_rd(4 * e + 1) == 0 &&
				t.reg_rd(4 * e + 2) == 0 && t.reg_rd(4 * e + 3) == 0,
			"entry %u changed by a write to a hole", e);
	}
}

// Lookups every cycle while writes go through the register port one after the other (a
// cycle apart): every lookup is checked by the model (before a write's ack: old, without the
// entry, or new; from the cycle after the ack: exactly the new table); the results come one per
// cycle at the fixed latency
void t_pipeline(Tb &t)
{
	Vvfnic_classifier &m = *t.top;
	t.entry_set(0, kMacA, 0, true, 1 % kPools, true);
	struct W {
		unsigned dw;
		uint32_t v;
	};
	// pool := last, VALID := 0, VALID := 1, MAC_LO changes, MAC_LO back
	const W ws[] = {{3, last_pool() | 1u << 31}, {3, last_pool()}, {3, last_pool() | 1u << 31},
			{0, 0}, {0, (uint32_t)kMacA}};
	unsigned wi = 0, gap = 0, k = 0;
	bool busy = false;
	uint64_t before = t.results;
	for (k = 0; wi < 5 || busy; k++) {
		m.lk_valid_i = 1;
		m.lk_dmac_i = kMacA;
		m.lk_tagged_i = 0;
		m.lk_looped_i = 0;
		m.lk_cookie_i = (uint8_t)k;
		if (!busy && gap == 0 && wi < 5) {
			m.reg_req_i = 1;
			m.reg_we_i = 1;
			m.reg_be_i = 0xf;
			m.reg_addr_i = ws[wi].dw;
			m.reg_wdata_i = ws[wi].v;
			busy = true;
			wi++;
		}
		t.cycle();
		if (k >= kLatency)
			t.check(m.res_valid_o && m.res_cookie_o == (uint8_t)(k + 1 - kLatency),
				"back-to-back result %u: valid %d cookie %u", k + 1 - kLatency,
				m.res_valid_o, m.res_cookie_o);
		if (gap)
			gap--;
		if (t.acked) {
			m.reg_req_i = 0;
			m.reg_we_i = 0;
			busy = false;
			gap = 1;
		}
	}
	m.lk_valid_i = 0;
	t.idle(kLatency);
	t.check(t.results == before + k, "%" PRIu64 " results for %u lookups", t.results - before, k);
	std::printf("# pipeline: %u back-to-back lookups over 5 writes, %" PRIu64
		    " made during a write\n", k, t.windowed);
	cls_result r = t.lookup(lk_of(kMacA));
	mask_is(t, r, {last_pool()}, "after the pipelined writes");
}

// clr_all_i (vfnic_dp: a PF reset) puts every entry back to its reset value at the clock edge:
// a lookup in that cycle sees the old table, the next one the cleared table; a register write
// in the cycle of the clear is lost; the next write to a cleared entry starts from zeros
void t_clear_all(Tb &t)
{
	Vvfnic_classifier &m = *t.top;
	auto mac_e = [](unsigned e) { return kMacA ^ ((uint64_t)e << 24); };
	auto pool_e = [](unsigned e) { return e % kPools; };
	for (unsigned e = 0; e < kEntries; e++)
		t.entry_set(e, mac_e(e), 1 + e % 4000, e % 2 == 0, pool_e(e), true);
	for (unsigned e : {0u, kEntries / 2, kEntries - 1}) {
		cls_result r = t.lookup(lk_of(mac_e(e), true, 1 + e % 4000));
		t.check(r.exact && r.mask[pool_e(e)], "entry %u: no hit before the clear", e);
	}

	// lookups of entry 0's MAC in the cycle of the clear (cookie 0) and the next (cookie 1)
	int hit[2] = {-1, -1};
	for (unsigned k = 0; k < 2 + kLatency; k++) {
		m.lk_valid_i = k < 2;
		m.lk_dmac_i = mac_e(0);
		m.lk_tagged_i = 0;
		m.lk_vid_i = 0;
		m.lk_looped_i = 0;
		m.lk_src_pool_i = 0;
		m.lk_cookie_i = (uint8_t)k;
		m.clr_all_i = k == 0;
		t.cycle();
		if (m.res_valid_o && m.res_cookie_o < 2)
			hit[m.res_cookie_o] = m.res_exact_o && !m.res_miss_o;
	}
	m.lk_valid_i = 0;
	m.clr_all_i = 0;
	t.check(hit[0] == 1, "lookup in the cycle of the clear: %d (must still hit)", hit[0]);
	t.check(hit[1] == 0, "lookup in the cycle after the clear: %d (must miss)", hit[1]);

	// every entry reads its reset value, nothing matches
	for (unsigned e = 0; e < kEntries; e++)
		for (unsigned w = 0; w < 4; w++) {
			bool h = false;
			uint32_t v = t.reg_rd(4 * e + w, &h);
			t.check(h && v == 0, "entry %u word %u after the clear: %08x hit %d", e, w, v, h);
		}
	for (unsigned e : {0u, 1u % kEntries, kEntries / 2, kEntries - 1}) {
		cls_result r = t.lookup(lk_of(mac_e(e), true, 1 + e % 4000));
		t.check(r.miss && !r.exact, "entry %u's MAC hit after the clear", e);
	}
	cls_result r = t.lookup(lk_of(0));
	t.check(r.miss && !r.exact, "all-zero MAC hit a cleared entry");

	// a write that starts in the cycle of the clear is held through the clear walk and lands
	// in the cleared table: entry 1 (MAC B, not valid) gets only its CTRL, so it holds MAC 0
	unsigned e1 = 1 % kEntries, p = mid_pool();
	t.entry_set(e1, kMacB, 0, true, p, false);
	m.reg_req_i = 1;
	m.reg_we_i = 1;
	m.reg_addr_i = 4 * e1 + 3;
	m.reg_be_i = 0xf;
	m.reg_wdata_i = p | 1u << 31;
	m.clr_all_i = 1;
	t.cycle();
	m.clr_all_i = 0;
	t.check(!t.acked, "a write in the cycle of the clear acked at once");
	unsigned waited = t.reg_wait();
	std::printf("# a write held over the clear walk acked after %u cycles\n", waited + 1);
	t.check(waited + 1 >= kEntries, "write acked %u cycles after the clear: before the walk"
		" could have cleared %u entries", waited + 1, kEntries);
	for (unsigned w = 0; w < 3; w++)
		t.check(t.reg_rd(4 * e1 + w) == 0, "entry %u word %u: old value after the clear:"
			" %08x", e1, w, t.reg_rd(4 * e1 + w));
	r = t.lookup(lk_of(kMacB));
	t.check(r.miss, "entry %u matched its MAC from before the clear", e1);
	t.reg_wr(4 * e1 + 3, 0);

	// a cleared entry that gets only its CTRL written holds MAC 0, VLAN 0, not its old fields
	unsigned e2 = kEntries - 1;
	t.reg_wr(4 * e2 + 3, p | 1u << 31);
	t.check(t.reg_rd(4 * e2 + 0) == 0 && t.reg_rd(4 * e2 + 1) == 0 && t.reg_rd(4 * e2 + 2) == 0 &&
			t.reg_rd(4 * e2 + 3) == (p | 3u << 30),
		"entry %u after a CTRL write following the clear: %08x %08x %08x %08x", e2,
		t.reg_rd(4 * e2 + 0), t.reg_rd(4 * e2 + 1), t.reg_rd(4 * e2 + 2), t.reg_rd(4 * e2 + 3));
	r = t.lookup(lk_of(0));
	mask_is(t, r, {p}, "entry with only CTRL written after the clear, MAC 0");
	t.check(r.exact, "entry with only CTRL written after the clear: MAC 0 not exact");
	r = t.lookup(lk_of(mac_e(e2), true, 1 + e2 % 4000));
	t.check(r.miss, "entry %u matched its MAC from before the clear", e2);
	// and a complete entry works as before
	t.entry_set(e1, kMacA, 7, false, last_pool(), true);
	r = t.lookup(lk_of(kMacA, true, 7));
	mask_is(t, r, {last_pool()}, "entry programmed after the clear");
}

// ---- the hash index ----
bool installed(Tb &t, unsigned e) { return (t.reg_rd(4 * e + 3) >> 30) & 1; }

// One multicast MAC subscribed by many entries with different pools is one group whose mask is
// the OR of their pools; removing one subscriber (a walk) leaves the others; changing one
// subscriber's pool moves only that pool
void t_shared_group(Tb &t)
{
	unsigned n = kEntries;
	for (unsigned e = 0; e < n; e++)
		t.entry_set(e, kMcast, 0, true, e % kPools, true);
	for (unsigned e = 0; e < n; e++)
		t.check(installed(t, e), "subscriber %u of the shared MAC not installed", e);
	cls_result r = t.lookup(lk_of(kMcast, true, 77));
	bool all = r.exact;
	for (unsigned p = 0; p < kPools && p < n; p++)
		all = all && r.mask[p];
	t.check(all, "shared MAC: mask %s, expected every pool < %u", mask_str(r.mask).c_str(), n);
	// remove one subscriber whose pool nobody else has (the last entry if n <= kPools)
	unsigned victim = n - 1, vp = victim % kPools;
	bool shared_pool = false;
	for (unsigned e = 0; e + 1 < n; e++)
		shared_pool = shared_pool || e % kPools == vp;
	t.reg_wr(4 * victim + 3, vp);  // VALID := 0
	r = t.lookup(lk_of(kMcast));
	t.check(r.mask[vp] == shared_pool, "pool %u after removing subscriber %u: %d", vp, victim,
		r.mask[vp]);
	t.check(r.exact && r.mask[0], "other subscribers lost after removing one");
	// move subscriber 0 from pool 0 to the victim's pool
	t.reg_wr(4 * 0 + 3, vp | 1u << 31);
	r = t.lookup(lk_of(kMcast));
	bool p0_shared = false;
	for (unsigned e = 1; e + 1 < n; e++)
		p0_shared = p0_shared || e % kPools == 0;
	t.check(r.mask[vp] && r.mask[0] == p0_shared, "subscriber 0 moved to pool %u: %s", vp,
		mask_str(r.mask).c_str());
	// remove every subscriber: the group goes, the MAC misses
	for (unsigned e = 0; e < n; e++)
		t.reg_wr(4 * e + 3, 0);
	r = t.lookup(lk_of(kMcast));
	t.check(r.miss && !r.exact, "shared MAC still matches with no subscriber");
}

// ANY and exact-VID entries of one MAC are two groups; a lookup gets both
void t_any_vs_exact(Tb &t)
{
	unsigned pa = 1 % kPools, pe = last_pool();
	t.entry_set(0, kMacA, 5, false, pe, true);
	t.entry_set(1, kMacA, 99, true, pa, true);  // ANY: its VID is ignored
	t.entry_set(2, kMacA, 0, false, mid_pool(), true);
	cls_result r = t.lookup(lk_of(kMacA, true, 5));
	mask_is(t, r, {pa, pe}, "tagged VID 5: ANY and exact");
	r = t.lookup(lk_of(kMacA, true, 6));
	mask_is(t, r, {pa}, "tagged VID 6: ANY only");
	r = t.lookup(lk_of(kMacA, true, 99));
	mask_is(t, r, {pa}, "tagged VID 99 (the ANY entry's VID field): ANY only");
	r = t.lookup(lk_of(kMacA));
	mask_is(t, r, {pa, mid_pool()}, "untagged: ANY and exact VID 0");
	// VID written under ANY changes no key: still installed, no index work
	t.reg_wr(4 * 1 + 2, 1u << 12 | 5);
	t.check(installed(t, 1), "ANY entry not installed after a VID write");
	r = t.lookup(lk_of(kMacA, true, 7));
	mask_is(t, r, {pa}, "ANY entry after a VID write");
	// ANY cleared: now an exact entry for VID 5, beside entry 0
	t.reg_wr(4 * 1 + 2, 5);
	r = t.lookup(lk_of(kMacA, true, 7));
	t.check(r.miss, "VID 7 after ANY cleared: %s", mask_str(r.mask).c_str());
	r = t.lookup(lk_of(kMacA, true, 5));
	mask_is(t, r, {pa, pe}, "VID 5: two entries in one exact group");
}

// One MAC in more VLANs than its two buckets have ways (2 x 4): the ninth key is not
// installed (CTRL.INSTALLED 0) and matches nothing; after a key is freed, writing the
// entry again installs it. Entries of the same key as an installed group always join it.
void t_overflow_vids(Tb &t)
{
	if (kEntries < 11) {
		std::printf("# skipped: needs 11 entries\n");
		return;
	}
	for (unsigned e = 0; e < 9; e++)
		t.entry_set(e, kMacB, 100 + e, false, e % kPools, true);
	for (unsigned e = 0; e < 8; e++)
		t.check(installed(t, e), "VID key %u of 8 not installed", e);
	t.check(!installed(t, 8), "ninth VID key of one MAC installed (buckets hold 8)");
	cls_result r = t.lookup(lk_of(kMacB, true, 108));
	t.check(r.miss && !r.exact, "uninstalled entry matched: %s", mask_str(r.mask).c_str());
	r = t.lookup(lk_of(kMacB, true, 103));
	mask_is(t, r, {3 % kPools}, "installed VID key beside an overflow");
	// a second entry of an installed key joins its group even though the buckets are full
	t.entry_set(9, kMacB, 103, false, last_pool(), true);
	t.check(installed(t, 9), "entry joining a full bucket's group not installed");
	r = t.lookup(lk_of(kMacB, true, 103));
	mask_is(t, r, {3 % kPools, last_pool()}, "joined group");
	// free VID 100's group; the overflowed entry installs when written again
	t.reg_wr(4 * 0 + 3, 0);
	t.check(!installed(t, 8), "overflowed entry installed without being written");
	t.reg_wr(4 * 8 + 3, (8 % kPools) | 1u << 31);
	t.check(installed(t, 8), "overflowed entry not installed after a key was freed");
	r = t.lookup(lk_of(kMacB, true, 108));
	mask_is(t, r, {8 % kPools}, "formerly overflowed entry");
	r = t.lookup(lk_of(kMacB, true, 100));
	t.check(r.miss, "removed VID 100 key still matches");
}

// Distinct MACs that hash to the same bucket in both tables: 8 fit, the ninth does not
void t_overflow_macs(Tb &t)
{
	if (kEntries < 9) {
		std::printf("# skipped: needs 9 entries\n");
		return;
	}
	// find 9 unicast MACs with equal (hash1, hash2)
	std::vector<std::vector<uint64_t>> cell(1u << (2 * t.tbl.hash_bits));
	std::vector<uint64_t> *full = nullptr;
	while (!full) {
		uint64_t mac = (t.rng() & kBcast) & ~1ULL;
		auto &c = cell[cls_hash(&t.tbl, 0, mac) << t.tbl.hash_bits | cls_hash(&t.tbl, 1, mac)];
		c.push_back(mac);
		if (c.size() == 9)
			full = &c;
	}
	for (unsigned e = 0; e < 9; e++)
		t.entry_set(e, (*full)[e], 0, true, e % kPools, true);
	for (unsigned e = 0; e < 9; e++) {
		t.check(installed(t, e) == (e < 8), "colliding MAC %u installed %d", e, installed(t, e));
		cls_result r = t.lookup(lk_of((*full)[e]));
		t.check(r.exact == (e < 8), "colliding MAC %u exact %d", e, r.exact);
	}
}

// The ack orders the table against later accesses: a lookup in the cycle right after a
// write's ack sees the write, a set as well as a removal that needs a walk
void t_write_then_lookup(Tb &t)
{
	Vvfnic_classifier &m = *t.top;
	t.entry_set(0, kMcast, 0, true, 0, true);
	t.entry_set(1, kMcast, 0, true, last_pool(), true);
	// VALID := 0 on entry 1 (walk), lookup in the cycle after the ack
	m.reg_req_i = 1;
	m.reg_we_i = 1;
	m.reg_addr_i = 4 * 1 + 3;
	m.reg_be_i = 0xf;
	m.reg_wdata_i = last_pool();
	unsigned rm = t.reg_wait();
	cls_result r = t.lookup(lk_of(kMcast));
	mask_is(t, r, {0}, "lookup right after the removal's ack");
	m.reg_req_i = 1;
	m.reg_we_i = 1;
	m.reg_wdata_i = last_pool() | 1u << 31;
	unsigned ins = t.reg_wait();
	r = t.lookup(lk_of(kMcast));
	mask_is(t, r, {0, last_pool()}, "lookup right after the insert's ack");
	m.reg_req_i = 1;
	m.reg_we_i = 0;
	unsigned rd = t.reg_wait();
	m.reg_req_i = 1;
	m.reg_we_i = 1;
	m.reg_addr_i = 4 * 5 % (4 * kEntries);
	m.reg_wdata_i = 0x1234;
	unsigned plain = t.reg_wait();
	std::printf("# ack after: read %u, plain write %u, insert %u, removal %u cycles\n", rd,
		    plain, ins, rm);
	t.check(rd == 2 && plain == 2 && ins <= 4 && rm <= kEntries + 6,
		"ack latencies read %u write %u insert %u removal %u", rd, plain, ins, rm);
}

// ---- random phase ----
struct RandomPlan {
	std::vector<uint64_t> macs;  // MACs the table and the lookups draw from
	std::vector<uint16_t> vids;
	std::vector<uint64_t> intended;  // per entry: the MAC its MAC_LO/MAC_HI writes belong to
};

uint64_t rand_mac(Tb &t)
{
	uint64_t m = t.rng() & kBcast;
	switch (t.rnd(4)) {
	case 0:
		return m | 1;  // multicast
	default:
		return m & ~1ULL;
	}
}

void rand_cfg(Tb &t, const RandomPlan &pl)
{
	unsigned density = 5 + (unsigned)t.rnd(40);  // percent of pools with each flag
	for (unsigned p = 0; p < kPools; p++) {
		t.cfg.bcast[p] = t.rnd(100) < density * 2;
		t.cfg.mcast[p] = t.rnd(100) < density;
		t.cfg.promisc[p] = t.rnd(100) < density / 4;
		t.cfg.untagged[p] = t.rnd(100) < 70;
		t.cfg.vlan_en[p] = t.rnd(100) < 50;
		t.cfg.vid[p] = pl.vids[t.rnd(pl.vids.size())];
	}
	t.cfg.default_en = t.rnd(2);
	t.cfg.default_pool = (uint8_t)(t.rnd(8) ? t.rnd(kPools) : t.rnd(128));
}

void rand_entry_write(Tb &t, RandomPlan &pl)
{
	Vvfnic_classifier &m = *t.top;
	unsigned e = (unsigned)t.rnd(t.rnd(8) ? kEntries : 256);
	unsigned w = (unsigned)t.rnd(4);
	uint32_t v = (uint32_t)t.rng();
	// both halves of an entry's MAC mostly come from one MAC, so entries keep matching
	// (never to broadcast: broadcast entries are placed at load time only, see t_random)
	if (e < kEntries && t.rnd(16) == 0 && pl.intended[e] != kBcast)
		pl.intended[e] = pl.macs[t.rnd(pl.macs.size() - 1)];
	uint64_t mac = e < kEntries ? pl.intended[e] : pl.macs[t.rnd(pl.macs.size())];
	switch (w) {
	case 0:
		v = t.rnd(8) ? (uint32_t)mac : v;
		break;
	case 1:
		v = t.rnd(8) ? (uint32_t)(mac >> 32) : v;
		break;
	case 2:
		if (mac == kBcast)
			v = kBcastVid;  // keeps broadcasts on other VLANs to the flag path
		else
			v = t.rnd(8) ? (pl.vids[t.rnd(pl.vids.size())] | (t.rnd(3) == 0 ? 1u << 12 : 0))
				     : v;
		break;
	default:
		v = t.rnd(8) ? ((unsigned)t.rnd(t.rnd(10) ? kPools : 128) |
				(t.rnd(4) ? 1u << 31 : 0))
			     : v;
		break;
	}
	m.reg_req_i = 1;
	m.reg_we_i = t.rnd(3) != 0;
	m.reg_addr_i = 4 * e + w;
	m.reg_be_i = t.rnd(4) ? 0xf : (unsigned)t.rnd(16);
	m.reg_wdata_i = v;
}

void t_random(Tb &t)
{
	Vvfnic_classifier &m = *t.top;
	RandomPlan pl;
	unsigned nmacs = 4 + (unsigned)t.rnd(kEntries);
	for (unsigned i = 0; i < nmacs; i++)
		pl.macs.push_back(rand_mac(t));
	pl.macs.push_back(kBcast);
	pl.vids = {0, 1, 2, 5, 100, 4095};

	// random table, loaded through the register port
	pl.intended.resize(kEntries);
	auto load_table = [&]() {
		for (unsigned e = 0; e < kEntries; e++) {
			uint64_t mac = pl.macs[t.rnd(pl.macs.size())];
			pl.intended[e] = mac;
			unsigned pool = (unsigned)(t.rnd(16) ? t.rnd(kPools) : t.rnd(128));
			if (mac == kBcast)  // exact broadcast entries only on one VLAN, never "any"
				t.entry_set(e, mac, kBcastVid, false, pool, t.rnd(8) != 0);
			else
				t.entry_set(e, mac, pl.vids[t.rnd(pl.vids.size())], t.rnd(3) == 0,
					    pool, t.rnd(8) != 0);
		}
	};
	load_table();
	rand_cfg(t, pl);

	const unsigned n = 100000;
	// kClears table clears (the first and third with a table write in the same cycle), one
	// in each quarter of the run; some 50..550 cycles later the table is loaded again
	const unsigned kClears = 4;
	unsigned clear_at[kClears], reload_at = ~0u, ci = 0;
	for (unsigned k = 0; k < kClears; k++)
		clear_at[k] = k * (n / kClears) + (unsigned)t.rnd(n / kClears - 1000);
	bool busy = false;  // a register access is held until its ack
	for (unsigned i = 0; i < n + kLatency; i++) {
		if (i == reload_at) {
			m.lk_valid_i = 0;
			m.clr_all_i = 0;
			if (busy)
				t.reg_wait();
			busy = false;
			load_table();
		}
		bool lk = i < n && t.rnd(16) != 0;  // mostly back to back
		m.lk_valid_i = lk;
		unsigned pick = (unsigned)t.rnd(10);
		const cls_entry &te = t.tbl.e[t.rnd(kEntries)];
		uint64_t dmac = pick < 3   ? te.mac  // what some entry holds now
				: pick < 6 ? pl.macs[t.rnd(pl.macs.size())]
				: pick < 7 ? kBcast
				: pick < 8 ? rand_mac(t) | 1
					   : rand_mac(t);
		m.lk_dmac_i = dmac;
		m.lk_tagged_i = t.rnd(2);
		m.lk_vid_i = t.rnd(4) ? pl.vids[t.rnd(pl.vids.size())] : (uint16_t)t.rnd(4096);
		if (pick < 3 && t.rnd(2))
			m.lk_vid_i = te.vid;
		m.lk_looped_i = t.rnd(3) == 0;
		m.lk_src_pool_i = (uint8_t)(t.rnd(10) ? t.rnd(kPools) : t.rnd(128));
		m.lk_cookie_i = (uint8_t)t.rng();
		if (!busy) {
			m.reg_req_i = 0;
			m.reg_we_i = 0;
			m.reg_addr_i = (unsigned)t.rnd(1024);
			if (i < n && t.rnd(8) == 0) {
				rand_entry_write(t, pl);
				t.cov_writes += m.reg_we_i;
				busy = true;
			}
		}
		m.clr_all_i = ci < kClears && i == clear_at[ci];
		if (m.clr_all_i) {
			if (ci % 2 == 0) {  // a write to an entry in progress or starting with the clear
				if (!busy) {
					rand_entry_write(t, pl);
					m.reg_we_i = 1;
					m.reg_addr_i = 4 * (unsigned)t.rnd(kEntries) + (m.reg_addr_i & 3);
					busy = true;
				}
				t.cov_clear_writes++;  // an access (mostly a write) held over the clear
			}
			t.cov_clears++;
			reload_at = i + 50 + (unsigned)t.rnd(500);
			ci++;
		}
		if (i < n && t.rnd(500) == 0)
			rand_cfg(t, pl);
		if (i < n && t.rnd(50) == 0)  // single flags flip while lookups are in flight
			t.cfg.promisc[t.rnd(kPools)] ^= 1;
		// coverage, from the model's prediction of this lookup
		if (lk) {
			cls_lookup l = lk_of(dmac, m.lk_tagged_i, m.lk_vid_i, m.lk_looped_i,
					     m.lk_src_pool_i, m.lk_cookie_i);
			cls_result r;
			cls_classify(&t.tbl, &t.cfg, &l, &r);
			unsigned cnt = 0;
			for (unsigned p = 0; p < kPools; p++)
				cnt += r.mask[p];
			t.cov_exact += r.how == 0;
			t.cov_bcast += r.how == 1;
			t.cov_mcast += r.how == 2;
			t.cov_other += r.how == 3;
			t.cov_default += r.dflt;
			t.cov_miss += r.miss;
			t.cov_multi += cnt > 1;
			if (l.looped && l.src_pool < kPools) {
				cls_lookup w = l;
				cls_result rw;
				w.looped = false;
				cls_classify(&t.tbl, &t.cfg, &w, &rw);
				t.cov_looped_excl += rw.mask[l.src_pool] && !r.mask[l.src_pool];
			}
		}
		t.cycle();
		if (t.acked) {
			busy = false;
			m.reg_req_i = 0;
			m.reg_we_i = 0;
		}
	}
	m.lk_valid_i = 0;
	m.clr_all_i = 0;
	if (busy)
		t.reg_wait();
	t.idle(kLatency + 1);
	t.check(t.pending.empty(), "%zu results never appeared", t.pending.size());
	std::printf("# random: %u lookups; how exact %" PRIu64 " bcast %" PRIu64 " mcast %" PRIu64
		    " other %" PRIu64 "; default %" PRIu64 " miss %" PRIu64 " multi-pool %" PRIu64
		    " sender excluded %" PRIu64 "; table writes %" PRIu64 "; clears %" PRIu64
		    " (%" PRIu64 " with an access held over it); %" PRIu64 " lookups during a write\n",
		    n, t.cov_exact, t.cov_bcast, t.cov_mcast, t.cov_other, t.cov_default,
		    t.cov_miss, t.cov_multi, t.cov_looped_excl, t.cov_writes, t.cov_clears,
		    t.cov_clear_writes, t.windowed);
}

// The random phase must actually have exercised every outcome
void t_random_coverage(Tb &t)
{
	t.check(t.cov_exact > 100, "too few exact hits: %" PRIu64, t.cov_exact);
	t.check(t.cov_bcast > 100, "too few broadcasts: %" PRIu64, t.cov_bcast);
	t.check(t.cov_mcast > 100, "too few multicasts: %" PRIu64, t.cov_mcast);
	t.check(t.cov_other > 100, "too few unicast misses/promiscuous: %" PRIu64, t.cov_other);
	t.check(t.cov_default > 10, "too few default-pool results: %" PRIu64, t.cov_default);
	t.check(t.cov_miss > 10, "too few misses: %" PRIu64, t.cov_miss);
	t.check(kPools < 2 || t.cov_multi > 100, "too few multi-pool results: %" PRIu64,
		t.cov_multi);
	t.check(kPools < 2 || t.cov_looped_excl > 10, "too few sender exclusions: %" PRIu64,
		t.cov_looped_excl);
	t.check(t.cov_writes > 300, "too few table writes: %" PRIu64, t.cov_writes);
	t.check(t.windowed > 1000, "too few lookups during a write: %" PRIu64, t.windowed);
	t.check(t.cov_clears == 4 && t.cov_clear_writes == 2,
		"table clears %" PRIu64 " (%" PRIu64 " with an access), expected 4 (2)", t.cov_clears,
		t.cov_clear_writes);
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	std::printf("# NumPools %u NumEntries %u LookupLatency %u\n", kPools, kEntries, kLatency);
	Tb t(seed, argc > 1 ? argv[1] : ".");
	const std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset state: every entry reads 0, nothing matches", true, t_reset_state},
		{"exact hit (MAC + VLAN), one MAC in two entries", true, t_exact_hit},
		{"VLAN ANY matches every VLAN and untagged", true, t_vlan_any},
		{"VLAN mismatch misses (tagged and untagged)", true, t_vlan_mismatch},
		{"broadcast replication to BCAST pools with VLAN filter", true, t_broadcast},
		{"multicast to all MCAST pools; I/G bit", true, t_multicast},
		{"promiscuous pool with VLAN filter", true, t_promisc},
		{"UNTAGGED flag for flag-based delivery", true, t_untagged_flag},
		{"looped frames exclude the sender, never go to the default pool", true, t_looped},
		{"default pool for wire misses (enable, range)", true, t_default},
		{"miss: empty mask", true, t_miss},
		{"invalid entry never matches", true, t_invalid_entry},
		{"entry POOL >= NumPools never matches", true, t_pool_range},
		{"byte enables of every entry register", true, t_byte_enables},
		{"register readback of the whole table", true, t_readback},
		{"holes above NumEntries: not hit, read 0, writes ignored", true, t_holes},
		{"back-to-back lookups see the table of their own cycle", true, t_pipeline},
		{"clear (PF reset): every entry back to reset values, clear wins over a write",
		 true, t_clear_all},
		{"shared multicast group: OR of pools, remove one subscriber, move one", true,
		 t_shared_group},
		{"ANY and exact-VID keys of one MAC", true, t_any_vs_exact},
		{"same MAC in more VLANs than bucket ways: not installed, retried", true,
		 t_overflow_vids},
		{"distinct MACs colliding in both buckets: ninth not installed", true, t_overflow_macs},
		{"a lookup right after a write's ack sees the write", true, t_write_then_lookup},
		{"random table/config/writes/clears, lookup every cycle vs model", true, t_random},
		{"random phase covered every outcome", false, t_random_coverage},
	};
	char label[32];
	std::snprintf(label, sizeof(label), "[P%u/E%u]", kPools, kEntries);
	return vfnic_tb::run_tests(t, tests, label);
}
