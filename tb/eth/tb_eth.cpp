// SPDX-License-Identifier: MIT
// Cycle-level testbench of the Ethernet-side blocks: vfnic_eth_tx (anti-spoof, VEB),
// vfnic_eth_rx (wire ingress) and vfnic_cls_arb sharing the real vfnic_classifier (tb_eth_top).
// Directed tests for every rule plus seeded random phases with backpressure, all checked frame
// by frame against a reference model (below; classification by cls_ref.c): wire frames, looped
// frames and their sideband, fs outcomes in fo order, mdd pulses, port events, wi frames and
// RX events. Also checks the AXI-Stream rules on eth_tx/li and measures egress throughput.
// Prints TAP; exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_eth OUTDIR     (SEED=n in the environment replays a run)
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "Vtb_eth_top.h"
#include "block_tb.h"
#include "cls_ref.h"

#ifndef ETH_TB_FUNCS
#error "build with -DETH_TB_FUNCS=<NumFuncs> -DETH_TB_ENTRIES=<NumEntries>"
#endif

using vfnic_tb::get_bit;
using vfnic_tb::get_bits;
using vfnic_tb::put_bits;

namespace
{

constexpr unsigned kFuncs = ETH_TB_FUNCS;
constexpr unsigned kEntries = ETH_TB_ENTRIES;
constexpr uint64_t kBcast = 0xffffffffffffULL;
constexpr unsigned kMinBytes = 60, kMaxBytes = 9018;
constexpr unsigned kErrOk = 0, kErrSpoof = 1;  // TXERR
enum { EV_OK, EV_RUNT, EV_OVER, EV_ERR, EV_MISS };
const char *const kEvName[] = {"ok", "runt", "oversize", "err", "miss"};

typedef std::vector<uint8_t> Bytes;

// ---------------------------------------------------------------------------------------
// Reference model
// ---------------------------------------------------------------------------------------
struct FuncCfg {
	uint64_t mac = 0;
	unsigned vid = 0;
	bool vlan_en = false, spoof_mac = false, spoof_vlan = false;
};

struct Hdr {
	uint64_t dmac = 0, smac = 0;
	bool tagged = false;
	unsigned tci = 0, hash = 0;
};

// header fields; bytes a frame does not have count as 0
Hdr parse(const Bytes &b)
{
	auto at = [&](size_t i) -> unsigned { return i < b.size() ? b[i] : 0; };
	Hdr h;
	unsigned x = 0;
	for (unsigned i = 0; i < 6; i++) {
		h.dmac |= (uint64_t)at(i) << (8 * i);
		h.smac |= (uint64_t)at(6 + i) << (8 * i);
	}
	for (unsigned i = 0; i < 12; i++)
		x ^= at(i);
	h.hash = (x >> 4) ^ (x & 15);
	h.tagged = at(12) == 0x81 && at(13) == 0x00;
	h.tci = h.tagged ? (at(14) << 8) | at(15) : 0;
	return h;
}

struct Model {
	cls_table tbl;
	cls_pool_cfg pool;
	FuncCfg fc[kFuncs];
	bool veb = false;
};

struct TxExp {
	Bytes b;
	unsigned func = 0;
	bool spoof = false, wire = false, loop = false;
	bool mask[CLS_MAX_POOLS] = {};
	unsigned how = 0;
	Hdr h;
};

TxExp tx_ref(const Model &m, const Bytes &b, unsigned func)
{
	TxExp e;
	e.b = b;
	e.func = func;
	e.h = parse(b);
	if (func < kFuncs) {
		const FuncCfg &f = m.fc[func];
		bool vlan_bad = f.vlan_en ? !(e.h.tagged && (e.h.tci & 0xfff) == f.vid) : e.h.tagged;
		e.spoof = (f.spoof_mac && e.h.smac != f.mac) || (f.spoof_vlan && vlan_bad);
	}
	cls_lookup lk = {e.h.dmac, e.h.tagged, (uint16_t)(e.h.tci & 0xfff), true,
			 (uint8_t)(func & 0x7f), 0};
	cls_result r;
	cls_classify(&m.tbl, &m.pool, &lk, &r);
	bool any = false;
	for (unsigned p = 0; p < kFuncs; p++) {
		e.mask[p] = r.mask[p];
		any |= r.mask[p];
	}
	e.how = r.how;
	if (e.spoof) {
	} else if (!m.veb) {
		e.wire = true;
	} else if (e.h.dmac & 1) {
		e.wire = true;
		e.loop = any;
	} else if (r.how == CLS_HOW_EXACT && any) {
		e.loop = true;
	} else {
		e.wire = true;
	}
	return e;
}

struct RxExp {
	Bytes b;
	int ev = EV_OK;
	bool mask[CLS_MAX_POOLS] = {};
	unsigned how = 0;
	Hdr h;
};

RxExp rx_ref(const Model &m, const Bytes &b, bool err)
{
	RxExp e;
	e.b = b;
	e.h = parse(b);
	cls_lookup lk = {e.h.dmac, e.h.tagged, (uint16_t)(e.h.tci & 0xfff), false, 0, 0};
	cls_result r;
	cls_classify(&m.tbl, &m.pool, &lk, &r);
	for (unsigned p = 0; p < kFuncs; p++)
		e.mask[p] = r.mask[p];
	e.how = r.how;
	if (err)
		e.ev = EV_ERR;
	else if (b.size() < kMinBytes)
		e.ev = EV_RUNT;
	else if (b.size() > kMaxBytes)
		e.ev = EV_OVER;
	else if (r.miss)
		e.ev = EV_MISS;
	return e;
}

// ---------------------------------------------------------------------------------------
// Bench
// ---------------------------------------------------------------------------------------
struct TxItem {
	Bytes b;
	unsigned func, q;
};
struct RxItem {
	Bytes b;
	bool err;
};
struct PortEv {
	bool tx, veb;
	unsigned bytes;
};

std::string mask_str(const bool *m)
{
	std::string s;
	for (unsigned p = 0; p < kFuncs; p++)
		if (m[p])
			s += (s.empty() ? "" : ",") + std::to_string(p);
	return "{" + s + "}";
}

struct Tb : vfnic_tb::BlockTb<Vtb_eth_top> {
	Tb(uint64_t seed_, const std::string &dir) : BlockTb(seed_, dir, "tb-eth") {}

	Model m;
	bool cfg_dirty = true;
	// stimulus
	std::deque<TxItem> txq;
	std::deque<RxItem> rxq;
	size_t tx_beat = 0, rx_beat = 0;
	bool tx_on = false, rx_on = false;  // presenting a beat
	unsigned p_fo_gap = 0, p_rx_gap = 0, p_tx_stall = 0, p_li_stall = 0;  // percent
	// expectations
	std::deque<Bytes> exp_wire;
	std::deque<TxExp> exp_loop;
	std::deque<unsigned> exp_fs, exp_mdd;
	std::deque<PortEv> exp_port;
	std::deque<RxExp> exp_wi;
	// collection
	Bytes cur_wire, cur_loop, cur_wi;
	bool prev_tx_v = false, prev_tx_r = false, prev_li_v = false, prev_li_r = false;
	uint64_t prev_tx_data = 0, prev_li_data = 0;
	unsigned prev_tx_keep = 0, prev_li_keep = 0;
	bool prev_tx_last = false, prev_li_last = false, prev_lk_wait = false;
	// counters
	uint64_t n_wire = 0, n_loop = 0, n_fs = 0, n_mdd = 0, n_wi = 0, n_rx_lk = 0,
		 n_tx_lk_wait = 0, n_fo_stall = 0, n_wire_beats = 0, n_wi_beats = 0, n_rx_beats = 0;
	std::vector<uint64_t> wire_sof;  // cycle of each wire frame's first beat
	uint64_t ev_count[5] = {};

	// ---- configuration ----
	void apply_cfg()
	{
		Vtb_eth_top &t = *top;
		for (unsigned f = 0; f < kFuncs; f++) {
			put_bits(t.func_mac_i, 48 * f, 48, m.fc[f].mac);
			put_bits(t.func_vid_i, 12 * f, 12, m.fc[f].vid);
			put_bits(t.func_vlan_en_i, f, 1, m.fc[f].vlan_en);
			put_bits(t.func_spoof_mac_i, f, 1, m.fc[f].spoof_mac);
			put_bits(t.func_spoof_vlan_i, f, 1, m.fc[f].spoof_vlan);
			put_bits(t.pool_bcast_i, f, 1, m.pool.bcast[f]);
			put_bits(t.pool_mcast_i, f, 1, m.pool.mcast[f]);
			put_bits(t.pool_promisc_i, f, 1, m.pool.promisc[f]);
			put_bits(t.pool_untagged_i, f, 1, m.pool.untagged[f]);
			put_bits(t.pool_vlan_en_i, f, 1, m.pool.vlan_en[f]);
			put_bits(t.pool_vid_i, 12 * f, 12, m.pool.vid[f]);
		}
		t.default_en_i = m.pool.default_en;
		t.default_pool_i = m.pool.default_pool & 0x7f;
		t.veb_en_i = m.veb;
		cfg_dirty = false;
	}
	void clear_cfg()
	{
		cls_table_init(&m.tbl, kFuncs, kEntries);
		std::memset(&m.pool, 0, sizeof(m.pool));
		for (unsigned f = 0; f < kFuncs; f++)
			m.fc[f] = FuncCfg();
		m.veb = false;
		cfg_dirty = true;
	}

	void reset()
	{
		Vtb_eth_top &t = *top;
		txq.clear();
		rxq.clear();
		tx_on = rx_on = false;
		tx_beat = rx_beat = 0;
		exp_wire.clear();
		exp_loop.clear();
		exp_fs.clear();
		exp_mdd.clear();
		exp_port.clear();
		exp_wi.clear();
		cur_wire.clear();
		cur_loop.clear();
		cur_wi.clear();
		prev_tx_v = prev_li_v = prev_lk_wait = false;
		p_fo_gap = p_rx_gap = p_tx_stall = p_li_stall = 0;
		clear_cfg();
		t.fo_valid_i = 0;
		t.eth_rx_valid_i = 0;
		t.reg_req_i = 0;
		t.eth_tx_ready_i = 1;
		t.li_ready_i = 1;
		t.rst_ni = 0;
		for (int i = 0; i < 3; i++)
			cycle();
		t.rst_ni = 1;
		cycle();
	}

	// one classifier register write (held until its ack), mirrored into the model
	void reg_wr(unsigned dw, uint32_t v)
	{
		Vtb_eth_top &t = *top;
		t.reg_req_i = 1;
		t.reg_we_i = 1;
		t.reg_addr_i = dw & 0x3ff;
		t.reg_be_i = 0xf;
		t.reg_wdata_i = v;
		bool ack;
		unsigned n = 0;
		do {
			t.clk_i = 0;
			t.eval();
			ack = t.reg_ack_o;
			cycle();
		} while (!ack && ++n < 100000);
		check(ack, "classifier register write never acked");
		t.reg_req_i = 0;
		t.reg_we_i = 0;
		cls_reg_write(&m.tbl, dw, 0xf, v);
	}
	void entry_set(unsigned e, uint64_t mac, unsigned vid, bool any, unsigned pool, bool valid)
	{
		reg_wr(4 * e + 3, 0);
		reg_wr(4 * e + 0, (uint32_t)mac);
		reg_wr(4 * e + 1, (uint32_t)(mac >> 32) & 0xffff);
		reg_wr(4 * e + 2, (vid & 0xfff) | (any ? 1u << 12 : 0));
		reg_wr(4 * e + 3, (pool & 0x7f) | (valid ? 1u << 31 : 0));
	}

	// ---- stimulus ----
	void send_tx(const Bytes &b, unsigned func, unsigned q = 0)
	{
		TxExp e = tx_ref(m, b, func);
		txq.push_back({b, func, q});
		exp_fs.push_back(e.spoof ? kErrSpoof : kErrOk);
		if (e.spoof)
			exp_mdd.push_back(func);
		if (e.wire)
			exp_wire.push_back(b);
		if (e.loop)
			exp_loop.push_back(e);
		if (e.wire || e.loop)
			exp_port.push_back({e.wire, e.loop, (unsigned)b.size()});
	}
	void send_rx(const Bytes &b, bool err = false)
	{
		rxq.push_back({b, err});
		exp_wi.push_back(rx_ref(m, b, err));
	}

	static uint64_t beat_of(const Bytes &b, size_t beat, unsigned &keep, uint64_t junk)
	{
		uint64_t d = 0;
		keep = 0;
		for (unsigned k = 0; k < 8; k++) {
			size_t i = 8 * beat + k;
			if (i < b.size()) {
				d |= (uint64_t)b[i] << (8 * k);
				keep |= 1u << k;
			} else {
				d |= junk & (0xffULL << (8 * k));  // bytes not kept carry junk
			}
		}
		return d;
	}
	static size_t beats_of(const Bytes &b) { return b.empty() ? 1 : (b.size() + 7) / 8; }

	void drive()
	{
		Vtb_eth_top &t = *top;
		if (cfg_dirty)
			apply_cfg();
		if (!tx_on && !txq.empty() && rnd(100) >= p_fo_gap)
			tx_on = true;
		t.fo_valid_i = tx_on;
		if (tx_on) {
			const TxItem &it = txq.front();
			unsigned keep;
			t.fo_data_i = beat_of(it.b, tx_beat, keep, 0xa5a5a5a5a5a5a5a5ULL);
			t.fo_keep_i = keep;
			t.fo_last_i = tx_beat + 1 == beats_of(it.b);
			t.fo_func_i = it.func & 0x7f;
			t.fo_q_i = it.q & 0xff;
			t.fo_len_i = it.b.size() & 0x3fff;
		}
		if (!rx_on && !rxq.empty() && rnd(100) >= p_rx_gap)
			rx_on = true;
		t.eth_rx_valid_i = rx_on;
		if (rx_on) {
			const RxItem &it = rxq.front();
			unsigned keep;
			bool last = rx_beat + 1 == beats_of(it.b);
			t.eth_rx_data_i = beat_of(it.b, rx_beat, keep, rng());
			t.eth_rx_keep_i = keep;
			t.eth_rx_last_i = last;
			t.eth_rx_err_i = last && it.err;
		} else {
			t.eth_rx_err_i = rnd(2);  // ignored without valid
		}
		t.eth_tx_ready_i = rnd(100) >= p_tx_stall;
		t.li_ready_i = rnd(100) >= p_li_stall;
	}

	void check_keep(unsigned keep, bool last, const char *port)
	{
		if (last)
			check(keep != 0 && (keep & (keep + 1)) == 0, "%s: last keep 0x%02x not contiguous",
			      port, keep);
		else
			check(keep == 0xff, "%s: keep 0x%02x on a beat before the last", port, keep);
	}
	static void append(Bytes &v, uint64_t d, unsigned keep)
	{
		for (unsigned k = 0; k < 8; k++)
			if (keep & (1u << k))
				v.push_back((uint8_t)(d >> (8 * k)));
	}

	void monitor()
	{
		Vtb_eth_top &t = *top;
		// --- wire ---
		bool tv = t.eth_tx_valid_o, tr = t.eth_tx_ready_i;
		if (prev_tx_v && !prev_tx_r)
			check(tv && t.eth_tx_data_o == prev_tx_data && t.eth_tx_keep_o == prev_tx_keep &&
				      t.eth_tx_last_o == prev_tx_last,
			      "eth_tx: beat changed or withdrawn while not ready");
		prev_tx_v = tv;
		prev_tx_r = tr;
		prev_tx_data = t.eth_tx_data_o;
		prev_tx_keep = t.eth_tx_keep_o;
		prev_tx_last = t.eth_tx_last_o;
		if (tv && tr) {
			check_keep(t.eth_tx_keep_o, t.eth_tx_last_o, "eth_tx");
			if (cur_wire.empty())
				wire_sof.push_back(now);
			n_wire_beats++;
			append(cur_wire, t.eth_tx_data_o, t.eth_tx_keep_o);
			if (t.eth_tx_last_o) {
				n_wire++;
				if (check(!exp_wire.empty(), "eth_tx: unexpected frame of %zu bytes",
					  cur_wire.size()))
					check(cur_wire == exp_wire.front(),
					      "eth_tx: frame differs (got %zu bytes, expected %zu)",
					      cur_wire.size(), exp_wire.front().size());
				if (!exp_wire.empty())
					exp_wire.pop_front();
				cur_wire.clear();
			}
		}
		// --- loop ---
		bool lv = t.li_valid_o, lr = t.li_ready_i;
		if (prev_li_v && !prev_li_r)
			check(lv && t.li_data_o == prev_li_data && t.li_keep_o == prev_li_keep &&
				      t.li_last_o == prev_li_last,
			      "li: beat changed or withdrawn while not ready");
		prev_li_v = lv;
		prev_li_r = lr;
		prev_li_data = t.li_data_o;
		prev_li_keep = t.li_keep_o;
		prev_li_last = t.li_last_o;
		if (lv && lr) {
			check_keep(t.li_keep_o, t.li_last_o, "li");
			append(cur_loop, t.li_data_o, t.li_keep_o);
			if (t.li_last_o) {
				n_loop++;
				check(!t.li_abort_o, "li: abort set");
				if (check(!exp_loop.empty(), "li: unexpected frame of %zu bytes",
					  cur_loop.size())) {
					const TxExp &e = exp_loop.front();
					bool got[CLS_MAX_POOLS] = {};
					for (unsigned p = 0; p < kFuncs; p++)
						got[p] = get_bit(t.li_mask_o, p);
					check(cur_loop == e.b, "li: frame differs (got %zu bytes, expected %zu)",
					      cur_loop.size(), e.b.size());
					check(std::equal(got, got + kFuncs, e.mask), "li: mask %s expected %s",
					      mask_str(got).c_str(), mask_str(e.mask).c_str());
					check(t.li_how_o == e.how, "li: how %u expected %u", t.li_how_o, e.how);
					check(t.li_tagged_o == e.h.tagged && t.li_tci_o == e.h.tci,
					      "li: tagged/tci %u/0x%04x expected %u/0x%04x", t.li_tagged_o,
					      t.li_tci_o, e.h.tagged, e.h.tci);
					check(t.li_hash_o == e.h.hash, "li: hash %u expected %u", t.li_hash_o,
					      e.h.hash);
					exp_loop.pop_front();
				}
				cur_loop.clear();
			}
		}
		// --- outcome, mdd, port events ---
		if (t.fs_valid_o) {
			n_fs++;
			if (check(!exp_fs.empty(), "fs: unexpected outcome %u", t.fs_err_o)) {
				check(t.fs_err_o == exp_fs.front(), "fs: err %u expected %u (frame %" PRIu64
				      ")", t.fs_err_o, exp_fs.front(), n_fs);
				exp_fs.pop_front();
			}
		}
		if (t.mdd_valid_o) {
			n_mdd++;
			if (check(!exp_mdd.empty(), "mdd: unexpected pulse for %u", t.mdd_func_o)) {
				check(t.mdd_func_o == exp_mdd.front(), "mdd: func %u expected %u",
				      t.mdd_func_o, exp_mdd.front());
				exp_mdd.pop_front();
			}
		}
		if (t.port_tx_o || t.port_veb_o) {
			if (check(!exp_port.empty(), "port: unexpected event")) {
				const PortEv &e = exp_port.front();
				check(t.port_tx_o == e.tx && t.port_veb_o == e.veb && t.port_bytes_o == e.bytes,
				      "port: tx/veb/bytes %u/%u/%u expected %u/%u/%u", t.port_tx_o,
				      t.port_veb_o, t.port_bytes_o, e.tx, e.veb, e.bytes);
				exp_port.pop_front();
			}
		}
		// --- wire ingress ---
		unsigned evs = t.rx_ok_o + t.rx_runt_o + t.rx_oversize_o + t.rx_err_o + t.rx_miss_o;
		check(evs == (t.wi_valid_o && t.wi_last_o ? 1u : 0u),
		      "rx events: %u with wi last %u", evs, t.wi_valid_o && t.wi_last_o);
		if (t.wi_valid_o) {
			n_wi_beats++;
			check_keep(t.wi_keep_o, t.wi_last_o, "wi");
			append(cur_wi, t.wi_data_o, t.wi_keep_o);
			if (t.wi_last_o) {
				n_wi++;
				int ev = t.rx_ok_o ? EV_OK : t.rx_runt_o ? EV_RUNT : t.rx_oversize_o ? EV_OVER
					 : t.rx_err_o ? EV_ERR : EV_MISS;
				if (check(!exp_wi.empty(), "wi: unexpected frame")) {
					const RxExp &e = exp_wi.front();
					ev_count[e.ev]++;
					check(cur_wi == e.b, "wi: frame differs (got %zu bytes, expected %zu)",
					      cur_wi.size(), e.b.size());
					check(ev == e.ev, "wi: event %s expected %s (%zu bytes)", kEvName[ev],
					      kEvName[e.ev], e.b.size());
					check(t.wi_abort_o == (e.ev != EV_OK), "wi: abort %u for %s",
					      t.wi_abort_o, kEvName[e.ev]);
					if (e.ev == EV_OK) {
						bool got[CLS_MAX_POOLS] = {};
						for (unsigned p = 0; p < kFuncs; p++)
							got[p] = get_bit(t.wi_mask_o, p);
						check(std::equal(got, got + kFuncs, e.mask),
						      "wi: mask %s expected %s", mask_str(got).c_str(),
						      mask_str(e.mask).c_str());
						check(t.wi_how_o == e.how, "wi: how %u expected %u", t.wi_how_o,
						      e.how);
						check(t.wi_tagged_o == e.h.tagged && t.wi_tci_o == e.h.tci,
						      "wi: tagged/tci %u/0x%04x expected %u/0x%04x",
						      t.wi_tagged_o, t.wi_tci_o, e.h.tagged, e.h.tci);
						check(t.wi_hash_o == e.h.hash, "wi: hash %u expected %u",
						      t.wi_hash_o, e.h.hash);
						check(t.rx_bytes_o == e.b.size(), "rx_bytes %u expected %zu",
						      t.rx_bytes_o, e.b.size());
					}
					exp_wi.pop_front();
				}
				cur_wi.clear();
			}
		}
		// --- lookup arbitration: eth_rx is granted at once, eth_tx keeps asking ---
		if (t.dbg_rx_lk_valid_o) {
			n_rx_lk++;
			check(!t.dbg_tx_lk_ready_o, "arb: eth_tx granted together with eth_rx");
		}
		if (prev_lk_wait)
			check(t.dbg_tx_lk_valid_o, "arb: eth_tx lookup withdrawn while waiting");
		prev_lk_wait = t.dbg_tx_lk_valid_o && !t.dbg_tx_lk_ready_o;
		n_tx_lk_wait += prev_lk_wait;
		if (t.fo_valid_i && !t.fo_ready_o)
			n_fo_stall++;
	}

	void cycle()
	{
		Vtb_eth_top &t = *top;
		drive();
		t.clk_i = 0;
		eval_dump();
		bool fo_take = t.fo_valid_i && t.fo_ready_o;
		bool rx_take = t.eth_rx_valid_i;
		if (t.rst_ni) {
			monitor();
			// activity gating: a block with an output to give is busy
			check(t.tx_busy_o || !(t.eth_tx_valid_o || t.li_valid_o || t.fs_valid_o ||
					       t.mdd_valid_o || t.port_tx_o || t.port_veb_o),
			      "eth_tx: an output is valid while busy_o is low");
			check(t.rx_busy_o || !(t.wi_valid_o || t.rx_ok_o || t.rx_runt_o ||
					       t.rx_oversize_o || t.rx_err_o || t.rx_miss_o),
			      "eth_rx: an output is valid while busy_o is low");
		}
		t.clk_i = 1;
		eval_dump();
		now++;
		if (fo_take) {
			tx_on = rnd(100) >= p_fo_gap;
			if (++tx_beat == beats_of(txq.front().b)) {
				txq.pop_front();
				tx_beat = 0;
				tx_on = tx_on && !txq.empty();
			}
		}
		if (rx_take) {
			n_rx_beats++;
			rx_on = rnd(100) >= p_rx_gap;
			if (++rx_beat == beats_of(rxq.front().b)) {
				rxq.pop_front();
				rx_beat = 0;
				rx_on = rx_on && !rxq.empty();
			}
		}
	}

	bool all_done() const
	{
		return txq.empty() && rxq.empty() && exp_wire.empty() && exp_loop.empty() &&
		       exp_fs.empty() && exp_mdd.empty() && exp_port.empty() && exp_wi.empty();
	}
	// runs until everything sent came out (and a few idle cycles to catch extras)
	void drain(uint64_t limit = 200000)
	{
		uint64_t t0 = now;
		while (!all_done() && now - t0 < limit)
			cycle();
		check(all_done(),
		      "drain: timeout; left: tx %zu rx %zu wire %zu loop %zu fs %zu mdd %zu port %zu "
		      "wi %zu",
		      txq.size(), rxq.size(), exp_wire.size(), exp_loop.size(), exp_fs.size(),
		      exp_mdd.size(), exp_port.size(), exp_wi.size());
		for (int i = 0; i < 12; i++)
			cycle();
		check(all_done(), "drain: extra output after the end");
		check(!top->tx_busy_o && !top->rx_busy_o && !top->cls_busy_o,
		      "drain: a block still busy with nothing in flight (tx %d rx %d cls %d)",
		      top->tx_busy_o, top->rx_busy_o, top->cls_busy_o);
	}
};

// ---------------------------------------------------------------------------------------
// Frame builders
// ---------------------------------------------------------------------------------------
uint64_t mac_of(unsigned f) { return 0x0000bb9a0002ULL | ((uint64_t)(f + 1) << 40); }

Bytes frame(Tb &t, uint64_t dmac, uint64_t smac, size_t len, int vid = -1, unsigned pcp = 0)
{
	Bytes b(len);
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)t.rnd(256);
	for (unsigned i = 0; i < 6 && i < len; i++)
		b[i] = (uint8_t)(dmac >> (8 * i));
	for (unsigned i = 0; i < 6 && 6 + i < len; i++)
		b[6 + i] = (uint8_t)(smac >> (8 * i));
	uint8_t et[4];
	if (vid >= 0) {
		unsigned tci = (pcp << 13) | (unsigned)vid;
		et[0] = 0x81, et[1] = 0x00, et[2] = (uint8_t)(tci >> 8), et[3] = (uint8_t)tci;
	} else {
		et[0] = 0x08, et[1] = 0x00, et[2] = 0x45, et[3] = 0x00;
	}
	for (unsigned i = 0; i < 4 && 12 + i < len; i++)
		b[12 + i] = et[i];
	return b;
}

// pool p subscribes its own MAC (any VLAN) through entry p; functions' MACs are mac_of(f)
void setup_pools(Tb &t)
{
	for (unsigned f = 0; f < kFuncs; f++) {
		t.m.fc[f].mac = mac_of(f);
		t.m.pool.untagged[f] = true;
		t.entry_set(f, mac_of(f), 0, true, f, true);
	}
	t.cfg_dirty = true;
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------
void t_idle(Tb &t)
{
	for (int i = 0; i < 20; i++) {
		t.cycle();
		Vtb_eth_top &v = *t.top;
		t.check(!v.eth_tx_valid_o && !v.li_valid_o && !v.wi_valid_o && !v.fs_valid_o &&
				!v.mdd_valid_o && !v.port_tx_o && !v.port_veb_o && v.fo_ready_o,
			"idle: outputs not quiet after reset");
		t.check(!v.tx_busy_o && !v.rx_busy_o, "idle: busy after reset (tx %d rx %d)",
			v.tx_busy_o, v.rx_busy_o);
	}
	// the classifier is busy with its clear walk (one entry a cycle), then idle
	unsigned n = 0;
	while (t.top->cls_busy_o && n++ < 1000)
		t.cycle();
	t.check(!t.top->cls_busy_o, "idle: classifier still busy %u cycles after reset", n + 20);
}

void t_veb_off(Tb &t)
{
	setup_pools(t);
	unsigned last = kFuncs - 1;
	t.send_tx(frame(t, mac_of(1), mac_of(0), 60), 0);      // local unicast: wire (VEB off)
	t.send_tx(frame(t, kBcast, mac_of(last), 64), last);   // broadcast: wire only
	t.send_tx(frame(t, 0x123456789aULL, mac_of(1), 1514), 1);
	t.drain();
	t.check(t.n_loop == 0 && t.n_wire == 3, "veb off: %" PRIu64 " wire, %" PRIu64 " looped",
		t.n_wire, t.n_loop);
}

void t_spoof_mac(Tb &t)
{
	setup_pools(t);
	unsigned f = kFuncs - 1;
	t.m.fc[f].spoof_mac = true;
	t.m.veb = true;
	t.cfg_dirty = true;
	t.send_tx(frame(t, 0x77ULL << 40, mac_of(f), 60), f);            // right MAC: sent
	t.send_tx(frame(t, 0x77ULL << 40, mac_of(f) ^ (1ULL << 47), 60), f);  // last byte wrong
	t.send_tx(frame(t, 0x77ULL << 40, mac_of(f) ^ 0x100, 128), f);      // byte 1 wrong
	t.send_tx(frame(t, kBcast, mac_of(0), 64), f);                     // broadcast, spoofed
	t.send_tx(frame(t, mac_of(1), mac_of(0), 64), f);                  // local unicast, spoofed
	t.send_tx(frame(t, 0x77ULL << 40, mac_of(0), 60), 0);              // f 0 unchecked
	t.drain();
	t.check(t.n_mdd == 4, "spoof mac: %" PRIu64 " mdd pulses, expected 4", t.n_mdd);
	t.m.fc[f].spoof_mac = false;  // check off: the same frame goes out
	t.cfg_dirty = true;
	t.send_tx(frame(t, 0x77ULL << 40, mac_of(0), 60), f);
	t.drain();
	t.check(t.n_mdd == 4 && t.n_wire == 3, "spoof mac off: %" PRIu64 " wire", t.n_wire);
}

void t_spoof_vlan(Tb &t)
{
	setup_pools(t);
	unsigned f = 1 % kFuncs, g = kFuncs - 1;
	t.m.fc[f].spoof_vlan = true;
	t.m.fc[f].vlan_en = true;
	t.m.fc[f].vid = 0x123;
	t.m.fc[g].spoof_vlan = true;  // VLAN not set: untagged only
	t.cfg_dirty = true;
	uint64_t d = 0x42ULL << 8;
	t.send_tx(frame(t, d, mac_of(f), 60, 0x123, 5), f);  // right VID (any priority): ok
	t.send_tx(frame(t, d, mac_of(f), 60, 0x124), f);     // wrong VID
	t.send_tx(frame(t, d, mac_of(f), 60, 0x023), f);     // wrong VID (high nibble)
	t.send_tx(frame(t, d, mac_of(f), 60), f);            // untagged while VLAN set
	t.send_tx(frame(t, d, mac_of(g), 60), g);            // untagged, VLAN not set: ok
	t.send_tx(frame(t, d, mac_of(g), 60, 0x123), g);     // tagged, VLAN not set
	t.send_tx(frame(t, d, mac_of(g), 60, 0), g);         // priority tag, VLAN not set
	t.drain();
	t.check(t.n_mdd == 5 && t.n_wire == 2, "spoof vlan: %" PRIu64 " mdd, %" PRIu64 " wire",
		t.n_mdd, t.n_wire);
	t.m.fc[f].spoof_vlan = false;  // VLAN set, check off: anything goes
	t.m.fc[g].spoof_vlan = false;
	t.cfg_dirty = true;
	t.send_tx(frame(t, d, mac_of(f), 60, 0x124), f);
	t.send_tx(frame(t, d, mac_of(f), 60), f);
	t.send_tx(frame(t, d, mac_of(g), 60, 7), g);
	t.drain();
	t.check(t.n_mdd == 5 && t.n_wire == 5, "spoof vlan off: %" PRIu64 " wire", t.n_wire);
}

void t_veb_unicast(Tb &t)
{
	setup_pools(t);
	t.m.veb = true;
	t.cfg_dirty = true;
	unsigned s = 0, d = kFuncs - 1;
	t.send_tx(frame(t, mac_of(d), mac_of(s), 60), s);       // local pool: loop only
	t.send_tx(frame(t, mac_of(d), mac_of(s), 333, 9), s);   // tagged, entry ANY: loop only
	t.send_tx(frame(t, mac_of(s), mac_of(s), 60), s);       // own MAC: excluded, wire
	t.send_tx(frame(t, 0x0000dead0002ULL, mac_of(s), 60), s);  // unknown: wire only
	t.drain();
	t.m.pool.promisc[d] = true;  // promiscuous pool: unknown unicast still wire only
	t.m.pool.untagged[d] = true;
	t.cfg_dirty = true;
	t.send_tx(frame(t, 0x0000dead0004ULL, mac_of(s), 60), s);
	t.drain();
	t.check(t.n_loop == 2 && t.n_wire == 3, "veb unicast: %" PRIu64 " looped, %" PRIu64 " wire",
		t.n_loop, t.n_wire);
}

void t_veb_bcast_mcast(Tb &t)
{
	setup_pools(t);
	t.m.veb = true;
	for (unsigned p = 0; p < kFuncs; p++) {
		t.m.pool.bcast[p] = true;
		t.m.pool.mcast[p] = p % 2;
	}
	t.cfg_dirty = true;
	t.send_tx(frame(t, kBcast, mac_of(0), 60), 0);          // wire + all but 0
	t.send_tx(frame(t, kBcast, mac_of(3), 100), 3);         // wire + all but 3
	t.send_tx(frame(t, 0x01005e000001ULL, mac_of(1), 60), 1);  // mcast: odd pools but 1
	t.send_tx(frame(t, 0x01005e000001ULL, mac_of(2), 60), 2);  // mcast: odd pools
	t.drain();
	t.check(t.n_loop == 4 && t.n_wire == 4, "bcast: %" PRIu64 " looped, %" PRIu64 " wire",
		t.n_loop, t.n_wire);
	// nobody else subscribed: wire only
	for (unsigned p = 0; p < kFuncs; p++)
		t.m.pool.bcast[p] = t.m.pool.mcast[p] = false;
	t.m.pool.bcast[2] = true;
	t.cfg_dirty = true;
	t.send_tx(frame(t, kBcast, mac_of(2), 60), 2);
	t.send_tx(frame(t, 0x01005e000009ULL, mac_of(2), 60), 2);
	t.drain();
	t.check(t.n_loop == 4 && t.n_wire == 6, "bcast alone: %" PRIu64 " looped", t.n_loop);
}

void t_tx_short(Tb &t)
{
	// frames txq never sends (< 14 bytes) and < 16 bytes: no hang, header bytes missing = 0
	setup_pools(t);
	t.m.veb = true;
	t.m.fc[0].spoof_mac = true;
	t.cfg_dirty = true;
	for (size_t len = 1; len <= 17; len++)
		t.send_tx(frame(t, mac_of(1), mac_of(0), len), (unsigned)(len % 2));
	t.drain();
}

void t_rx_good(Tb &t)
{
	setup_pools(t);
	for (unsigned p = 0; p < kFuncs; p++) {
		t.m.pool.bcast[p] = p % 2;
		t.m.pool.mcast[p] = p % 3 == 0;
		t.m.pool.vlan_en[p] = p == 2;
		t.m.pool.vid[p] = 2;
	}
	t.cfg_dirty = true;
	t.send_rx(frame(t, mac_of(1), 0x0000c0ffee02ULL, 60));         // exact
	t.send_rx(frame(t, mac_of(kFuncs - 1), 0x0000c0ffee02ULL, 1514, 2, 3));  // exact, tagged
	t.send_rx(frame(t, kBcast, 0x0000c0ffee02ULL, 64));             // bcast
	t.send_rx(frame(t, kBcast, 0x0000c0ffee02ULL, 64, 2));          // bcast tagged VID 2
	t.send_rx(frame(t, 0xfe00005e0001ULL, 0x0000c0ffee02ULL, 61));  // mcast
	t.send_rx(frame(t, mac_of(0), 0x0000c0ffee02ULL, 9018));        // longest
	t.drain();
	t.check(t.ev_count[EV_OK] == 6, "rx good: %" PRIu64 " ok", t.ev_count[EV_OK]);
}

void t_rx_bad(Tb &t)
{
	setup_pools(t);
	t.cfg_dirty = true;
	uint64_t s = 0x0000c0ffee02ULL;
	for (size_t len : {1, 7, 8, 9, 15, 16, 17, 24, 40, 56, 57, 59})
		t.send_rx(frame(t, mac_of(0), s, len));           // runts
	t.send_rx(frame(t, mac_of(0), s, 60));                // shortest good
	t.send_rx(frame(t, mac_of(0), s, 9019));              // oversize by one
	t.send_rx(frame(t, mac_of(0), s, 12000));             // far oversize
	t.send_rx(frame(t, mac_of(0), s, 60), true);          // MAC error
	t.send_rx(frame(t, mac_of(0), s, 30), true);          // MAC error beats runt
	t.send_rx(frame(t, mac_of(0), s, 9100), true);        // ... and oversize
	t.send_rx(frame(t, 0x0000dead0002ULL, s, 60));        // miss
	t.send_rx(frame(t, kBcast, s, 60));                   // broadcast, nobody: miss
	t.drain();
	t.check(t.ev_count[EV_RUNT] == 12 && t.ev_count[EV_OVER] == 2 && t.ev_count[EV_ERR] == 3 &&
			t.ev_count[EV_MISS] == 2 && t.ev_count[EV_OK] == 1,
		"rx bad: events ok %" PRIu64 " runt %" PRIu64 " over %" PRIu64 " err %" PRIu64
		" miss %" PRIu64,
		t.ev_count[EV_OK], t.ev_count[EV_RUNT], t.ev_count[EV_OVER], t.ev_count[EV_ERR],
		t.ev_count[EV_MISS]);
	// default pool: misses go there with how = other
	t.m.pool.default_en = true;
	t.m.pool.default_pool = kFuncs - 1;
	t.cfg_dirty = true;
	t.send_rx(frame(t, 0x0000dead0002ULL, s, 60));
	t.send_rx(frame(t, kBcast, s, 60, 5));
	t.drain();
	t.m.pool.default_pool = kFuncs;  // out of range: still a miss
	t.cfg_dirty = true;
	t.send_rx(frame(t, 0x0000dead0002ULL, s, 60));
	t.drain();
	t.check(t.ev_count[EV_OK] == 3 && t.ev_count[EV_MISS] == 3, "default pool: ok %" PRIu64
		" miss %" PRIu64, t.ev_count[EV_OK], t.ev_count[EV_MISS]);
}

void t_rx_runt_burst(Tb &t)
{
	// back-to-back runts whose lookups return after they ended, interleaved with good frames
	setup_pools(t);
	uint64_t s = 0x0000c0ffee02ULL;
	for (int i = 0; i < 200; i++) {
		size_t len = t.rnd(3) ? 17 + t.rnd(40) : 60 + t.rnd(20);
		t.send_rx(frame(t, mac_of((unsigned)t.rnd(kFuncs)), s, len), t.rnd(10) == 0);
	}
	t.drain();
}

// 60-byte frames back to back on fo, eth_tx_ready = 1: wire rate; optional wire ingress load
void linerate(Tb &t, bool with_rx, bool bcast)
{
	setup_pools(t);
	t.m.veb = true;
	for (unsigned p = 0; p < kFuncs; p++)
		t.m.pool.bcast[p] = true;
	t.cfg_dirty = true;
	const unsigned n = 400;
	for (unsigned i = 0; i < n; i++) {
		unsigned f = (unsigned)t.rnd(kFuncs);
		uint64_t d = bcast ? kBcast : 0x0000dead0002ULL + (i << 8);
		t.send_tx(frame(t, d, mac_of(f), 60), f);
		if (with_rx)
			t.send_rx(frame(t, mac_of((unsigned)t.rnd(kFuncs)), 0x0000c0ffee02ULL, 60));
	}
	t.wire_sof.clear();
	uint64_t wait0 = t.n_tx_lk_wait, stall0 = t.n_fo_stall, rxlk0 = t.n_rx_lk;
	t.drain();
	if (!t.check(t.wire_sof.size() == n, "linerate: %zu wire frames", t.wire_sof.size()))
		return;
	// steady state: skip the first frames (the FIFO fills to cover the lookup latency)
	unsigned a = 8, b = n - 1;
	double fpc = (double)(b - a) / (double)(t.wire_sof[b] - t.wire_sof[a]);
	unsigned bubbles = 0;
	for (unsigned i = a; i < b; i++)
		bubbles += (unsigned)(t.wire_sof[i + 1] - t.wire_sof[i] - 8);
	std::printf("# egress 60-byte frames%s%s: %.4f frames/cycle (target 0.125), %u bubble "
		    "cycles in %u frames; fo stalls %" PRIu64 ", eth_tx lookup waits %" PRIu64
		    ", eth_rx lookups %" PRIu64 "\n",
		    bcast ? " (broadcast: wire + loop)" : " (wire)",
		    with_rx ? " with wire ingress at line rate" : "", fpc, bubbles, b - a,
		    t.n_fo_stall - stall0, t.n_tx_lk_wait - wait0, t.n_rx_lk - rxlk0);
	t.check(bubbles == 0, "linerate: %u bubble cycles between frames", bubbles);
	if (with_rx)
		t.check(t.n_wi == n && t.n_rx_lk - rxlk0 == n, "linerate: %" PRIu64 " wi frames, %"
			PRIu64 " rx lookups", t.n_wi, t.n_rx_lk - rxlk0);
}
void t_linerate_tx(Tb &t) { linerate(t, false, false); }
void t_linerate_both(Tb &t) { linerate(t, true, false); }
void t_linerate_bcast_both(Tb &t) { linerate(t, true, true); }

// random configuration: functions' MACs/VLANs/checks, entries, pool flags
void random_cfg(Tb &t)
{
	for (unsigned f = 0; f < kFuncs; f++) {
		FuncCfg &c = t.m.fc[f];
		c.mac = mac_of(f);
		c.vid = (unsigned)t.rnd(4);
		c.vlan_en = t.rnd(3) == 0;
		c.spoof_mac = t.rnd(2);
		c.spoof_vlan = t.rnd(3) == 0;
		t.m.pool.bcast[f] = t.rnd(2);
		t.m.pool.mcast[f] = t.rnd(3) == 0;
		t.m.pool.promisc[f] = t.rnd(10) == 0;
		t.m.pool.untagged[f] = t.rnd(4) != 0;
		t.m.pool.vlan_en[f] = t.rnd(3) == 0;
		t.m.pool.vid[f] = (uint16_t)t.rnd(4);
	}
	t.m.pool.default_en = t.rnd(2);
	t.m.pool.default_pool = (uint8_t)t.rnd(kFuncs + 1);
	t.m.veb = t.rnd(4) != 0;
	for (unsigned e = 0; e < kEntries; e++) {
		bool valid = t.rnd(4) != 0;
		uint64_t mac = e < kFuncs ? mac_of(e) : (t.rnd(4) ? mac_of((unsigned)t.rnd(kFuncs))
							  : 0x01005e000001ULL + (t.rnd(4) << 40));
		t.entry_set(e, mac, (unsigned)t.rnd(4), t.rnd(2), (unsigned)t.rnd(kFuncs + 2), valid);
	}
	t.cfg_dirty = true;
}

Bytes random_frame(Tb &t, unsigned f, bool rx)
{
	uint64_t d, s;
	switch (t.rnd(6)) {
	case 0: d = kBcast; break;
	case 1: d = 0x01005e000001ULL + (t.rnd(4) << 40); break;
	case 2: d = 0x0000dead0002ULL + (t.rnd(1 << 20) << 24); break;
	default: d = mac_of((unsigned)t.rnd(kFuncs)); break;
	}
	s = t.rnd(8) ? mac_of(f) : mac_of((unsigned)t.rnd(kFuncs));
	int vid = t.rnd(2) ? -1 : (int)t.rnd(4);
	size_t len;
	unsigned r = (unsigned)t.rnd(100);
	if (r < 40)
		len = 60;
	else if (r < 80)
		len = 60 + t.rnd(200);
	else if (r < 90)
		len = 14 + t.rnd(60);
	else if (r < 97)
		len = 200 + t.rnd(1400);
	else
		len = rx ? 8990 + t.rnd(60) : 2000 + t.rnd(7018);
	return frame(t, d, s, len, vid, (unsigned)t.rnd(8));
}

void random_phase(Tb &t, bool tx, bool rx, unsigned frames)
{
	for (unsigned round = 0; round < 4; round++) {
		random_cfg(t);
		t.p_fo_gap = (unsigned)t.rnd(4) * 10;
		t.p_rx_gap = (unsigned)t.rnd(3) * 10;
		t.p_tx_stall = (unsigned)t.rnd(4) * 20;
		t.p_li_stall = (unsigned)t.rnd(4) * 20;
		for (unsigned i = 0; i < frames; i++) {
			if (tx) {
				unsigned f = (unsigned)t.rnd(kFuncs);
				t.send_tx(random_frame(t, f, false), f, (unsigned)t.rnd(256));
			}
			if (rx)
				t.send_rx(random_frame(t, 0, true), t.rnd(20) == 0);
		}
		t.drain(2000000);
		if (t.errors)
			break;
	}
	std::printf("# random: %" PRIu64 " wire, %" PRIu64 " looped, %" PRIu64 " mdd, %" PRIu64
		    " wi frames (ok %" PRIu64 " runt %" PRIu64 " over %" PRIu64 " err %" PRIu64
		    " miss %" PRIu64 "), eth_tx lookup waits %" PRIu64 "\n",
		    t.n_wire, t.n_loop, t.n_mdd, t.n_wi, t.ev_count[EV_OK], t.ev_count[EV_RUNT],
		    t.ev_count[EV_OVER], t.ev_count[EV_ERR], t.ev_count[EV_MISS], t.n_tx_lk_wait);
}
void t_random_tx(Tb &t) { random_phase(t, true, false, 300); }
void t_random_rx(Tb &t) { random_phase(t, false, true, 300); }
void t_random_both(Tb &t) { random_phase(t, true, true, 400); }

void zero_counts(Tb &t)
{
	t.n_wire = t.n_loop = t.n_fs = t.n_mdd = t.n_wi = t.n_tx_lk_wait = 0;
	std::memset(t.ev_count, 0, sizeof(t.ev_count));
}

template <void (*F)(Tb &)> void fresh(Tb &t)
{
	zero_counts(t);
	F(t);
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	std::vector<vfnic_tb::Test<Tb>> tests = {
		{"idle after reset", true, fresh<t_idle>},
		{"VEB off: every frame to the wire", true, fresh<t_veb_off>},
		{"anti-spoof MAC on/off: SPOOF, mdd, not sent", true, fresh<t_spoof_mac>},
		{"anti-spoof VLAN (right/wrong VID, untagged, VLAN unset), on/off", true,
		 fresh<t_spoof_vlan>},
		{"VEB unicast: local pool loop only, own/unknown/promisc to the wire", true,
		 fresh<t_veb_unicast>},
		{"VEB broadcast/multicast: wire and loop without the sender", true,
		 fresh<t_veb_bcast_mcast>},
		{"TX frames of 1..17 bytes (bad input) pass without a hang", true, fresh<t_tx_short>},
		{"wire ingress: good frames with sideband", true, fresh<t_rx_good>},
		{"wire ingress: runt, oversize, MAC error, miss, default pool", true, fresh<t_rx_bad>},
		{"wire ingress: runt bursts (late lookup results skipped)", true,
		 fresh<t_rx_runt_burst>},
		{"line rate: 60-byte egress, VEB on, no bubbles", true, fresh<t_linerate_tx>},
		{"line rate: egress and wire ingress at once, shared lookups", true,
		 fresh<t_linerate_both>},
		{"line rate: broadcast egress (wire + loop) and ingress at once", true,
		 fresh<t_linerate_bcast_both>},
		{"random TX vs model, backpressure", true, fresh<t_random_tx>},
		{"random RX vs model, gaps", true, fresh<t_random_rx>},
		{"random TX + RX vs model, backpressure", true, fresh<t_random_both>},
	};
	return vfnic_tb::run_tests(t, tests, "[f" + std::to_string(kFuncs) + "]");
}
