// SPDX-License-Identifier: MIT
// Testbench of vfnic_txq (the TX engine): the bench plays the driver (rings in a host memory
// model, register writes), the DMA read engine (latency 78 cycles + random extra, completions
// split into random DW pieces and interleaved across requests, injected errors), the DMA
// write engine (random ready, write-backs applied to host memory), the egress (random ready,
// fs outcomes OK/SPOOF in order) and the shaper. Every frame, write-back, HEAD value, ev,
// irq and shaper charge is checked against the reference model (txq_ref.c). Directed tests
// cover each rule and bad input; a seeded random phase mixes everything; throughput tests
// print frames per cycle against 10 GbE line rate. Prints TAP; SEED=n replays.
//
// usage: tb_txq OUTDIR
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "Vvfnic_txq.h"
#include "block_tb.h"
#include "txq_ref.h"

using vfnic_tb::get_bit;
using vfnic_tb::get_bits;
using vfnic_tb::put_bits;

namespace
{

constexpr int kFuncs = TXQ_TB_FUNCS;
constexpr int kQp = TXQ_TB_QP;
constexpr int kMaxBufs = 16;
constexpr int kBurst = 8;
constexpr int kDmaCtx = 16;
constexpr uint64_t kHostBase = 0x0000004200000000ull;
constexpr uint64_t kHostSize = 48ull << 20;
constexpr uint64_t kRingArea = 4ull << 20;   // rings live below, buffers above
constexpr unsigned kMrrs = 512;

enum { OFF_BASE_LO = 0x00, OFF_BASE_HI = 0x04, OFF_SIZE = 0x08, OFF_CTRL = 0x0c,
       OFF_HEAD = 0x10, OFF_TAIL = 0x14, OFF_STATUS = 0x18 };

struct Desc {
	uint64_t addr;
	uint32_t len;
	bool eop, rs;
};

struct Frame {
	int ring;
	uint64_t first;          // absolute descriptor number of its first descriptor
	unsigned ndesc;
	uint32_t len;
	int verdict;
	uint32_t rs_mask;
	std::vector<uint8_t> bytes;
	bool sent = false, dma_err = false, done = false, abandoned = false;
	int fs_err = 0;
	int err = -1;
};

struct Ring {
	bool on = false;
	uint64_t base = 0;
	unsigned log2 = 0;
	bool irq_en = false;
	unsigned vec = 0;
	std::vector<Desc> descs;     // absolute order
	uint64_t ref_cursor = 0;     // first descriptor not yet in a frame
	uint64_t completed = 0;      // descriptors completed (ev seen)
	uint64_t tailed = 0;         // descriptors made available by TAIL
	std::vector<int> frames;     // indices into Tb::frames
	size_t fo_ptr = 0, ev_ptr = 0;
	bool stopped = false;        // expected to stop (error / reset): frames may be abandoned
	unsigned size() const { return 1u << log2; }
};

struct RdReq {
	int client;
	uint64_t addr;
	unsigned len;
	uint16_t cookie;
	uint64_t due;
	unsigned dws, next_dw;
	bool err;
	unsigned err_at;   // DWs delivered before the error
};

struct Beat {
	uint64_t data;
	uint8_t keep;
	bool last;
	unsigned func, q, len;
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_txq> {
	Tb(uint64_t s, const std::string &dir) : BlockTb(s, dir, "tb-txq"), host(kHostSize) {}

	// ---- host memory ----
	std::vector<uint8_t> host, expect;
	uint64_t buf_next = kRingArea, ring_next = 0;

	// ---- models ----
	std::vector<Ring> rings = std::vector<Ring>(kQp);
	std::vector<Frame> frames;
	std::map<uint64_t, int> buf_owner;    // buffer address -> frame index
	std::vector<RdReq> rd_active;
	std::deque<std::pair<uint64_t, std::pair<int, uint16_t>>> done_q;  // due, client, cookie
	std::vector<bool> done_err_q;
	std::deque<std::pair<uint64_t, int>> fs_q;
	std::vector<Beat> cur_frame;
	unsigned rr_client = 0;
	uint64_t rd_busy_until = 0;

	// knobs
	unsigned lat_min = 78, lat_extra = 0;
	int rd_ready_pct = 100, dwr_ready_pct = 100, fo_ready_pct = 100;
	int spoof_pct = 0, data_err_pct = 0;
	bool random_pieces = true;
	std::map<uint64_t, bool> err_data_addr;  // buffer address -> inject an error
	int err_desc_ring = -1;                  // inject an error on the next fetch of this ring
	std::vector<bool> err_desc = std::vector<bool>(kQp, false);   // ... of these rings

	// inputs held by tests
	std::vector<bool> tx_ok = std::vector<bool>(kFuncs, true);
	std::vector<bool> elig = std::vector<bool>(kFuncs, true);
	std::vector<bool> police = std::vector<bool>(kFuncs, false);
	std::vector<unsigned> max_frame = std::vector<unsigned>(kFuncs, 9018);
	std::vector<unsigned> owner = std::vector<unsigned>(kQp);
	std::vector<bool> allow_down = std::vector<bool>(kFuncs, false);
	std::vector<bool> allow_rate = std::vector<bool>(kFuncs, false);
	int freset_func = -1;
	bool reg_req = false, reg_we = false;
	unsigned reg_q = 0, reg_off = 0;
	uint32_t reg_wdata = 0, reg_rdata = 0;
	bool reg_hit = false, reg_ack = false;
	uint64_t reg_waits = 0;   // cycles register accesses waited for their ack

	// observations
	std::vector<uint64_t> charged_bytes = std::vector<uint64_t>(kFuncs, 0);
	std::vector<uint64_t> expect_charge = std::vector<uint64_t>(kFuncs, 0);
	uint64_t fo_frames = 0, fo_first_cycle = 0, fo_last_cycle = 0, fo_beats = 0;
	uint64_t desc_fetches = 0, bad_tail_pulses = 0, irqs = 0;
	std::vector<unsigned> qerrs;             // rings of qerr_o pulses
	std::vector<uint64_t> fetched_descs = std::vector<uint64_t>(kQp, 0);
	std::vector<uint64_t> ring_fo = std::vector<uint64_t>(kQp, 0);
	int reset_func_done = -1;
	uint64_t reset_at = 0;
	std::vector<uint8_t> funcs_dead = std::vector<uint8_t>(kFuncs, 0);

	// previous-cycle payloads for the AXI stability checks
	bool p_rd_stall[2] = {false, false};
	uint64_t p_rd_addr[2] = {0, 0};
	unsigned p_rd_len[2] = {0, 0}, p_rd_cookie[2] = {0, 0};
	bool p_fo_stall = false, p_dw_stall = false;
	uint64_t p_fo_data = 0, p_dw_addr = 0;

	// ------------------------------------------------------------------------------------
	uint8_t hb(uint64_t a) const { return host[a - kHostBase]; }
	static uint8_t read_cb(void *ctx, uint64_t a) { return ((Tb *)ctx)->hb(a); }
	uint32_t hdw(uint64_t a) const
	{
		uint32_t v = 0;
		for (int i = 0; i < 4; i++)
			v |= (uint32_t)host[a - kHostBase + i] << (8 * i);
		return v;
	}
	void put32(std::vector<uint8_t> &m, uint64_t a, uint32_t v)
	{
		for (int i = 0; i < 4; i++)
			m[a - kHostBase + i] = (uint8_t)(v >> (8 * i));
	}

	void reset()
	{
		top->rst_ni = 0;
		top->clk_i = 0;
		clear_inputs();
		eval_dump();
		top->clk_i = 1;
		eval_dump();
		top->clk_i = 0;
		eval_dump();
		// the owners (fixed for a test) into the RTL's QP_OWNER copies, one per cycle
		for (int q = 0; q < kQp; q++) {
			owner[q] = (unsigned)(q / 2) % kFuncs;
			top->own_we_i = 1;
			top->own_q_i = (unsigned)q;
			top->own_func_i = owner[q];
			top->clk_i = 1;
			eval_dump();
			top->clk_i = 0;
			eval_dump();
		}
		top->own_we_i = 0;
		top->rst_ni = 1;
		reg_req = false;
		// models back to a clean state
		std::fill(host.begin(), host.end(), 0);
		rings.assign(kQp, Ring());
		frames.clear();
		buf_owner.clear();
		rd_active.clear();
		done_q.clear();
		done_err_q.clear();
		fs_q.clear();
		cur_frame.clear();
		buf_next = kRingArea;
		ring_next = 0;
		lat_min = 78;
		lat_extra = 0;
		rd_ready_pct = dwr_ready_pct = fo_ready_pct = 100;
		spoof_pct = data_err_pct = 0;
		random_pieces = true;
		err_data_addr.clear();
		err_desc_ring = -1;
		err_desc.assign(kQp, false);
		qerrs.clear();
		for (int f = 0; f < kFuncs; f++) {
			tx_ok[f] = true;
			elig[f] = true;
			police[f] = false;
			max_frame[f] = 9018;
			allow_down[f] = allow_rate[f] = false;
			charged_bytes[f] = expect_charge[f] = 0;
			funcs_dead[f] = 0;
		}
		freset_func = -1;
		reset_func_done = -1;
		reg_req = false;
		desc_fetches = bad_tail_pulses = irqs = 0;
		std::fill(fetched_descs.begin(), fetched_descs.end(), 0);
		std::fill(ring_fo.begin(), ring_fo.end(), 0);
		fo_frames = fo_beats = 0;
		p_rd_stall[0] = p_rd_stall[1] = p_fo_stall = p_dw_stall = false;
		expect = host;
		cycle();
		// the rings' reset walk writes every ring's word: busy for NumQp cycles
		uint64_t t0 = now;
		while (!top->idle_o && now < t0 + kQp + 16)
			cycle();
		check(top->idle_o, "not idle %" PRIu64 " cycles after reset", now - t0);
		check(now - t0 >= (uint64_t)kQp - 2, "idle after %" PRIu64 " cycles: no reset walk",
		      now - t0);
	}

	void clear_inputs()
	{
		top->reg_req_i = 0;
		top->reg_we_i = 0;
		top->drd_req_ready_i = 0;
		top->drd_cpl_valid_i = 0;
		top->drd_done_valid_i = 0;
		top->dwr_ready_i = 0;
		top->fo_ready_i = 0;
		top->fs_valid_i = 0;
		for (int f = 0; f < kFuncs; f++) {
			put_bits(top->freset_i, f, 1, 0);
			put_bits(top->func_tx_ok_i, f, 1, 1);
			put_bits(top->rate_eligible_i, f, 1, 1);
			put_bits(top->rate_police_i, f, 1, 0);
			put_bits(top->func_max_frame_i, 14 * f, 14, 9018);
		}
		top->own_we_i = 0;
	}

	// ------------------------------------------------------------------------------------
	// one clock cycle: drive, evaluate, observe, edge
	// ------------------------------------------------------------------------------------
	void drive()
	{
		for (int f = 0; f < kFuncs; f++) {
			put_bits(top->func_tx_ok_i, f, 1, tx_ok[f]);
			put_bits(top->rate_eligible_i, f, 1, elig[f]);
			put_bits(top->rate_police_i, f, 1, police[f]);
			put_bits(top->func_max_frame_i, 14 * f, 14, max_frame[f]);
			put_bits(top->freset_i, f, 1, freset_func == f);
		}
		top->reg_req_i = reg_req;
		top->reg_we_i = reg_we;
		top->reg_q_i = reg_q;
		top->reg_off_i = reg_off >> 2;
		top->reg_be_i = 0xf;
		top->reg_wdata_i = reg_wdata;

		// read requests: one acceptance per cycle, contexts limited, splitting takes time
		unsigned rdy = 0;
		if (now >= rd_busy_until && rd_active.size() < (size_t)kDmaCtx &&
		    (int)rnd(100) < rd_ready_pct) {
			for (unsigned k = 0; k < 2; k++) {
				unsigned c = (rr_client + k) % 2;
				if (get_bit(top->drd_req_valid_o, c)) {
					rdy = 1u << c;
					break;
				}
			}
		}
		top->drd_req_ready_i = rdy;

		// one completion beat per cycle, from a random request whose data is due
		top->drd_cpl_valid_i = 0;
		std::vector<size_t> due;
		for (size_t i = 0; i < rd_active.size(); i++)
			if (rd_active[i].due <= now && rd_active[i].next_dw < rd_active[i].dws &&
			    !(rd_active[i].err && rd_active[i].next_dw >= rd_active[i].err_at))
				due.push_back(i);
		if (!due.empty()) {
			RdReq &r = rd_active[due[random_pieces ? rnd(due.size()) : 0]];
			unsigned left = r.dws - r.next_dw;
			unsigned n = random_pieces ? 1 + (unsigned)rnd(4) : 4;
			if (r.err && r.err_at - r.next_dw < n)
				n = r.err_at - r.next_dw;
			n = std::min(n, left);
			top->drd_cpl_valid_i = 1;
			top->drd_cpl_client_i = r.client;
			top->drd_cpl_cookie_i = r.cookie;
			top->drd_cpl_dw_off_i = r.next_dw;
			top->drd_cpl_dws_i = n;
			for (unsigned k = 0; k < 4; k++) {
				uint32_t v = 0;
				if (k < n)
					v = hdw((r.addr & ~3ull) + 4ull * (r.next_dw + k));
				else
					v = (uint32_t)rng();   // junk beyond dws must be ignored
				put_bits(top->drd_cpl_data_i, 32 * k, 32, v);
			}
			r.next_dw += n;
		}
		// requests whose data is all out (or that fail) end after a short delay
		for (size_t i = 0; i < rd_active.size();) {
			RdReq &r = rd_active[i];
			bool fin = r.err ? (r.next_dw >= r.err_at && r.due <= now) : r.next_dw >= r.dws;
			if (fin) {
				done_q.push_back({now + 1 + rnd(3), {r.client, r.cookie}});
				done_err_q.push_back(r.err);
				rd_active.erase(rd_active.begin() + (long)i);
			} else {
				i++;
			}
		}
		top->drd_done_valid_i = 0;
		if (!done_q.empty() && done_q.front().first <= now) {
			top->drd_done_valid_i = 1;
			top->drd_done_client_i = done_q.front().second.first;
			top->drd_done_cookie_i = done_q.front().second.second;
			top->drd_done_err_i = done_err_q.front();
			done_q.pop_front();
			done_err_q.erase(done_err_q.begin());
		}

		top->dwr_ready_i = (int)rnd(100) < dwr_ready_pct;
		top->fo_ready_i = (int)rnd(100) < fo_ready_pct;
		top->fs_valid_i = 0;
		if (!fs_q.empty() && fs_q.front().first <= now) {
			top->fs_valid_i = 1;
			top->fs_err_i = fs_q.front().second;
			fs_q.pop_front();
		}
	}

	void cycle()
	{
		drive();
		top->clk_i = 0;
		eval_dump();
		observe();
		top->clk_i = 1;
		eval_dump();
		now++;
	}

	void observe()
	{
		reg_ack = top->reg_ack_o;
		if (reg_req && reg_ack) {
			reg_rdata = top->reg_rdata_o;
			reg_hit = top->reg_hit_o;
		}
		if (top->bad_tail_o)
			bad_tail_pulses++;
		obs_rd();
		obs_dwr();
		obs_fo();
		obs_ev();
		irqs += top->irq_valid_o;
		if (top->qerr_o)
			qerrs.push_back(top->qerr_q_o);
		if (top->charge_o) {
			unsigned f = top->charge_func_o;
			if (check(f < (unsigned)kFuncs, "charge for function %u", f))
				charged_bytes[f] += top->charge_bytes_o;
		}
	}

	int ring_of_addr(uint64_t a) const
	{
		for (int q = 0; q < kQp; q++)
			if (rings[q].on && a >= rings[q].base &&
			    a < rings[q].base + 16ull * rings[q].size())
				return q;
		return -1;
	}

	void obs_rd()
	{
		for (unsigned c = 0; c < 2; c++) {
			bool v = get_bit(top->drd_req_valid_o, c);
			uint64_t a = get_bits(top->drd_req_addr_o, 64 * c, 64);
			unsigned len = (unsigned)get_bits(top->drd_req_len_o, 14 * c, 14);
			unsigned fn = (unsigned)get_bits(top->drd_req_func_o, 7 * c, 7);
			unsigned ck = (unsigned)get_bits(top->drd_req_cookie_o, 16 * c, 16);
			bool rdy = (top->drd_req_ready_i >> c) & 1;
			if (p_rd_stall[c])
				check(v && a == p_rd_addr[c] && len == p_rd_len[c] && ck == p_rd_cookie[c],
				      "client %u request changed while stalled", c);
			p_rd_stall[c] = v && !rdy;
			p_rd_addr[c] = a;
			p_rd_len[c] = len;
			p_rd_cookie[c] = ck;
			if (!(v && rdy))
				continue;
			rr_client = c + 1;
			RdReq r{};
			r.client = (int)c;
			r.addr = a;
			r.len = len;
			r.cookie = (uint16_t)ck;
			r.due = now + lat_min + (lat_extra ? rnd(lat_extra + 1) : 0);
			r.dws = (unsigned)(((a & 3) + len + 3) / 4);
			r.next_dw = 0;
			rd_busy_until = now + 1 + (len + (a % kMrrs) + kMrrs - 1) / kMrrs;
			check(len >= 1 && a >= kHostBase && a + len <= kHostBase + kHostSize,
			      "client %u read %#" PRIx64 "+%u outside host memory", c, a, len);
			if (c == 0) {
				desc_fetches++;
				int q = ring_of_addr(a);
				if (check(q >= 0, "descriptor read %#" PRIx64 " not in a ring", a)) {
					Ring &rg = rings[q];
					check((a - rg.base) % 16 == 0 && len % 16 == 0 && len >= 16 &&
						      len <= 16 * kBurst &&
						      a + len <= rg.base + 16ull * rg.size(),
					      "bad descriptor read %#" PRIx64 "+%u of ring %d", a, len, q);
					check(fn == owner[q], "descriptor read of ring %d with func %u", q, fn);
					// in ring order, without gaps, never past TAIL
					check((a - rg.base) / 16 == fetched_descs[q] % rg.size() &&
						      fetched_descs[q] + len / 16 <= rg.tailed,
					      "ring %d fetch of %u at %" PRIu64 ": fetched %" PRIu64
					      ", TAIL covers %" PRIu64, q, len / 16, (a - rg.base) / 16,
					      fetched_descs[q], rg.tailed);
					fetched_descs[q] += len / 16;
					if (err_desc_ring == q || err_desc[q]) {
						r.err = true;
						r.err_at = (unsigned)rnd(r.dws);
						err_desc_ring = -1;
						err_desc[q] = false;
					}
				}
			} else {
				auto it = buf_owner.find(a);
				if (check(it != buf_owner.end(), "data read %#" PRIx64 " not a buffer", a)) {
					Frame &fr = frames[it->second];
					check(fn == owner[fr.ring], "data read of ring %d with func %u",
					      fr.ring, fn);
					bool e = err_data_addr.count(a) ||
						 (data_err_pct && (int)rnd(1000) < data_err_pct);
					if (e) {
						r.err = true;
						r.err_at = (unsigned)rnd(r.dws);
						fr.dma_err = true;
					}
				}
			}
			rd_active.push_back(r);
		}
	}

	void obs_dwr()
	{
		bool v = top->dwr_valid_o, rdy = top->dwr_ready_i;
		uint64_t a = top->dwr_addr_o;
		if (p_dw_stall)
			check(v && a == p_dw_addr, "write-back changed while stalled");
		p_dw_stall = v && !rdy;
		p_dw_addr = a;
		if (!(v && rdy))
			return;
		unsigned fn = top->dwr_func_o;
		check(top->dwr_sof_o && top->dwr_last_o && top->dwr_len_o == 4,
		      "write-back is not one 4-byte beat");
		int q = ring_of_addr(a);
		if (!check(q >= 0 && (a - rings[q].base) % 16 == 12,
			   "write %#" PRIx64 " is not a descriptor's DW3", a))
			return;
		check(fn == owner[q], "write-back of ring %d with func %u", q, fn);
		check(!funcs_dead[fn] || now <= reset_at + 1,
		      "write-back of function %u after its reset", fn);
		put32(host, a, (uint32_t)get_bits(top->dwr_data_o, 0, 32));
	}

	void obs_fo()
	{
		bool v = top->fo_valid_o, rdy = top->fo_ready_i;
		if (p_fo_stall)
			check(v && top->fo_data_o == p_fo_data, "fo changed while stalled");
		p_fo_stall = v && !rdy;
		p_fo_data = top->fo_data_o;
		if (!(v && rdy))
			return;
		Beat b{top->fo_data_o, top->fo_keep_o, (bool)top->fo_last_o, top->fo_func_o, top->fo_q_o,
		       top->fo_len_o};
		if (cur_frame.empty()) {
			if (fo_frames == 0)
				fo_first_cycle = now;
			check(!funcs_dead[b.func] || now <= reset_at + 6,
			      "frame of function %u starts after its reset", b.func);
		} else {
			const Beat &f = cur_frame.front();
			check(b.func == f.func && b.q == f.q && b.len == f.len,
			      "fo sideband changed within a frame");
		}
		check(b.last || b.keep == 0xff, "keep %02x on a beat that is not the last", b.keep);
		check(b.keep != 0 && ((b.keep + 1u) & b.keep) == 0, "keep %02x not contiguous",
		      b.keep);
		cur_frame.push_back(b);
		fo_beats++;
		if (b.last)
			frame_out();
	}

	void frame_out()
	{
		std::vector<uint8_t> got;
		for (const Beat &b : cur_frame)
			for (int k = 0; k < 8; k++)
				if ((b.keep >> k) & 1)
					got.push_back((uint8_t)(b.data >> (8 * k)));
		Beat h = cur_frame.front();
		cur_frame.clear();
		fo_frames++;
		fo_last_cycle = now;
		check(got.size() == h.len, "frame of %zu bytes has fo_len %u", got.size(), h.len);
		int fs = (spoof_pct && (int)rnd(100) < spoof_pct) ? TXQ_ERR_SPOOF : TXQ_ERR_OK;
		uint64_t due = std::max<uint64_t>(now + 1 + rnd(8), fs_q.empty() ? 0 : fs_q.back().first);
		fs_q.push_back({due, fs});
		if (!check(h.q < (unsigned)kQp && rings[h.q].on, "frame for ring %u", h.q))
			return;
		Ring &rg = rings[h.q];
		ring_fo[h.q]++;
		check(h.func == owner[h.q], "frame of ring %u with func %u", h.q, h.func);
		// the next frame of the ring that may be sent: skip those known to be dropped
		while (rg.fo_ptr < rg.frames.size()) {
			Frame &f = frames[rg.frames[rg.fo_ptr]];
			bool maybe_dropped = f.verdict != TXQ_REF_CANDIDATE || f.dma_err ||
					     allow_down[owner[h.q]] || allow_rate[owner[h.q]] ||
					     funcs_dead[owner[h.q]];
			if (f.done) {   // finished without being sent
				rg.fo_ptr++;
				continue;
			}
			if (f.verdict == TXQ_REF_CANDIDATE && f.bytes == got && !f.dma_err)
				break;
			if (!maybe_dropped)
				break;
			rg.fo_ptr++;
		}
		if (!check(rg.fo_ptr < rg.frames.size(), "unexpected frame on ring %u", h.q))
			return;
		Frame &f = frames[rg.frames[rg.fo_ptr++]];
		if (!check(f.bytes == got, "ring %u frame at desc %" PRIu64 ": wrong bytes (%zu/%u)",
			   h.q, f.first, got.size(), f.len))
			return;
		f.sent = true;
		f.fs_err = fs;
	}

	void obs_ev()
	{
		bool ev = top->ev_valid_o, irq = top->irq_valid_o;
		if (!ev) {
			check(!irq, "irq without a frame event");
			return;
		}
		unsigned q = top->ev_q_o;
		if (!check(q < (unsigned)kQp && rings[q].on, "ev for ring %u", q))
			return;
		Ring &rg = rings[q];
		if (!check(rg.ev_ptr < rg.frames.size(), "ev for ring %u: no frame expected", q))
			return;
		Frame &f = frames[rg.frames[rg.ev_ptr++]];
		unsigned fn = owner[q];
		check(top->ev_func_o == fn, "ev func %u, expected %u", top->ev_func_o, fn);
		check(top->ev_bytes_o == std::min<uint32_t>(f.len, 16383),
		      "ring %u ev bytes %u, expected %u", q, top->ev_bytes_o, f.len);
		int want = txq_ref_outcome(f.verdict, f.sent, f.fs_err, f.dma_err);
		int got = top->ev_err_o;
		if (want < 0) {
			check((got == TXQ_ERR_FUNC_DOWN && allow_down[fn]) ||
				      (got == TXQ_ERR_RATE && allow_rate[fn]),
			      "ring %u frame at desc %" PRIu64 " not sent, ev err %d", q, f.first, got);
		} else {
			check(got == want, "ring %u frame at desc %" PRIu64 ": ev err %d, expected %d",
			      q, f.first, got, want);
		}
		check(!(f.sent && f.dma_err), "frame with a failed read was sent");
		f.err = got;
		f.done = true;
		if (got == TXQ_ERR_OK || got == TXQ_ERR_SPOOF || got == TXQ_ERR_DMA)
			expect_charge[fn] += f.len + 4;
		rg.completed += f.ndesc;
		for (unsigned i = 0; i < f.ndesc; i++) {
			uint64_t a = rg.base + 16ull * ((f.first + i) % rg.size()) + 12;
			if ((f.rs_mask >> i) & 1)
				put32(expect, a, txq_ref_wb_dw3(got));
		}
		bool want_irq = rg.irq_en && f.rs_mask != 0;
		check(irq == want_irq, "irq %d, expected %d (ring %u)", irq, want_irq, q);
		if (irq && want_irq)
			check(top->irq_func_o == fn && top->irq_vec_o == rg.vec,
			      "irq func %u vec %u, expected %u %u", top->irq_func_o, top->irq_vec_o, fn,
			      rg.vec);
	}

	// ------------------------------------------------------------------------------------
	// driver side
	// ------------------------------------------------------------------------------------
	// register accesses (docs/rtl-structure.md "Register port"): the request and its inputs
	// are held until reg_ack_o; the access is done by the edge of the ack's cycle
	void reg_access()
	{
		uint64_t t0 = now;
		for (;;) {
			cycle();
			if (reg_ack)
				break;
			reg_waits++;
			if (!check(now < t0 + 10000, "register access to ring %u off %#x: no ack",
				   reg_q, reg_off))
				break;
		}
		reg_req = reg_we = false;
	}
	void reg_write(unsigned q, unsigned off, uint32_t v)
	{
		reg_req = reg_we = true;
		reg_q = q;
		reg_off = off;
		reg_wdata = v;
		reg_access();
	}
	uint32_t reg_read(unsigned q, unsigned off)
	{
		reg_req = true;
		reg_we = false;
		reg_q = q;
		reg_off = off;
		reg_access();
		return reg_rdata;
	}

	void ring_setup(int q, unsigned log2, bool irq_en = true)
	{
		Ring &rg = rings[q];
		rg = Ring();
		rg.on = true;
		rg.log2 = log2;
		rg.base = kHostBase + ring_next;
		ring_next += 16ull << log2;
		rg.irq_en = irq_en;
		rg.vec = (unsigned)rnd(4096);
		reg_write(q, OFF_BASE_LO, (uint32_t)rg.base);
		reg_write(q, OFF_BASE_HI, (uint32_t)(rg.base >> 32));
		reg_write(q, OFF_SIZE, log2);
		reg_write(q, OFF_CTRL, 1u | (irq_en ? 2u : 0u) | rg.vec << 4);
		check(reg_read(q, OFF_STATUS) == 1, "ring %d not enabled", q);
	}

	uint64_t alloc_buf(uint32_t len)
	{
		uint64_t off = buf_next + rnd(64);
		if (off + len + 64 > kHostSize)
			off = kRingArea + rnd(64);  // wrap (tests never keep that much in flight)
		buf_next = off + len;
		uint64_t a = kHostBase + off;
		for (uint32_t i = 0; i < len; i++) {
			host[off + i] = (uint8_t)rng();
			expect[off + i] = host[off + i];
		}
		return a;
	}

	unsigned ring_free(int q) const
	{
		const Ring &rg = rings[q];
		return rg.size() - 1 - (unsigned)(rg.descs.size() - rg.completed);
	}

	// a frame of len bytes in nbufs buffers (LEN 0 buffers allowed when bad_len0)
	std::vector<Desc> make_frame(uint32_t len, unsigned nbufs, bool eop = true, bool rs_all = false)
	{
		std::vector<Desc> d(nbufs);
		std::vector<uint32_t> cut;
		for (unsigned i = 1; i < nbufs; i++)
			cut.push_back(len >= nbufs ? 1 + (uint32_t)rnd(len - 1) : 0);
		std::sort(cut.begin(), cut.end());
		uint32_t prev = 0;
		for (unsigned i = 0; i < nbufs; i++) {
			uint32_t end = i + 1 < nbufs ? cut[i] : len;
			d[i].len = end - prev;
			prev = end;
		}
		if (len >= nbufs) {
			// no empty buffers unless asked: spread the cuts
			for (unsigned i = 0; i < nbufs; i++)
				if (d[i].len == 0) {
					for (unsigned j = 0; j < nbufs; j++)
						if (d[j].len > 1) {
							d[j].len--;
							d[i].len++;
							break;
						}
				}
		}
		for (unsigned i = 0; i < nbufs; i++) {
			d[i].addr = alloc_buf(d[i].len ? d[i].len : 1);
			d[i].eop = eop && i + 1 == nbufs;
			d[i].rs = rs_all || (d[i].eop ? rnd(4) != 0 : rnd(4) == 0);
		}
		return d;
	}

	// writes descriptors into the ring (not yet visible: TAIL is written by post_tail)
	void add_descs(int q, const std::vector<Desc> &ds)
	{
		Ring &rg = rings[q];
		for (const Desc &d : ds) {
			uint64_t n = rg.descs.size();
			uint64_t a = rg.base + 16ull * (n % rg.size());
			if (n >= rg.size())
				check(hdw(a + 12) == (uint32_t)(expect[a - kHostBase + 12] |
								  expect[a - kHostBase + 13] << 8),
				      "ring %d desc %" PRIu64 " write-back %08x", q, n - rg.size(),
				      hdw(a + 12));
			uint32_t w[4] = {(uint32_t)d.addr, (uint32_t)(d.addr >> 32),
					 (d.len & 0x3fff) | (d.eop ? 1u << 24 : 0) | (d.rs ? 1u << 25 : 0),
					 0};
			for (int i = 0; i < 4; i++) {
				put32(host, a + 4 * i, w[i]);
				put32(expect, a + 4 * i, w[i]);
			}
			rg.descs.push_back(d);
		}
		ref_split(q, false);
	}

	void ref_split(int q, bool cut_bad)
	{
		Ring &rg = rings[q];
		std::vector<txq_ref_desc> rd;
		for (uint64_t i = rg.ref_cursor; i < rg.descs.size(); i++)
			rd.push_back({rg.descs[i].addr, rg.descs[i].len, rg.descs[i].eop, rg.descs[i].rs});
		std::vector<txq_ref_frame> out(rd.size() + 1);
		unsigned nout = 0;
		unsigned used = txq_ref_chains(rd.data(), (unsigned)rd.size(), kMaxBufs,
					       max_frame[owner[q]], cut_bad, out.data(),
					       (unsigned)out.size(), &nout);
		for (unsigned k = 0; k < nout; k++) {
			Frame f;
			f.ring = q;
			f.first = rg.ref_cursor + out[k].first;
			f.ndesc = out[k].ndesc;
			f.len = out[k].len;
			f.verdict = out[k].verdict;
			f.rs_mask = out[k].rs_mask;
			if (f.verdict == TXQ_REF_CANDIDATE) {
				f.bytes.resize(f.len);
				txq_ref_gather(rd.data(), &out[k], read_cb, this, f.bytes.data());
			}
			int idx = (int)frames.size();
			for (unsigned i = 0; i < f.ndesc; i++)
				buf_owner[rg.descs[f.first + i].addr] = idx;
			frames.push_back(std::move(f));
			rg.frames.push_back(idx);
		}
		rg.ref_cursor += used;
	}

	void post_tail(int q)
	{
		Ring &rg = rings[q];
		rg.tailed = rg.descs.size();
		reg_write(q, OFF_TAIL, (uint32_t)(rg.descs.size() % rg.size()));
	}

	// post one good frame (random buffers) if the ring has room; returns false if full
	bool post_frame(int q, uint32_t len, unsigned nbufs, bool tail = true)
	{
		if (ring_free(q) < nbufs)
			return false;
		add_descs(q, make_frame(len, nbufs));
		if (tail)
			post_tail(q);
		return true;
	}

	bool all_done() const
	{
		for (int q = 0; q < kQp; q++) {
			const Ring &rg = rings[q];
			if (!rg.on || rg.stopped)
				continue;
			if (rg.ev_ptr < rg.frames.size())
				return false;
		}
		return cur_frame.empty() && fs_q.empty() && rd_active.empty() && done_q.empty();
	}

	// runs until every expected frame finished and the engine is idle
	void run_quiet(uint64_t max_cycles = 400000)
	{
		uint64_t end = now + max_cycles;
		while (now < end && !(all_done() && top->idle_o))
			cycle();
		if (!check(all_done() && top->idle_o, "not finished after %" PRIu64 " cycles",
			   max_cycles)) {
			for (int q = 0; q < kQp; q++)
				if (rings[q].on && !rings[q].stopped &&
				    rings[q].ev_ptr < rings[q].frames.size())
					fail("ring %d: %zu of %zu frames finished", q, rings[q].ev_ptr,
					     rings[q].frames.size());
		}
		for (int i = 0; i < 4; i++)
			cycle();
	}

	void run(uint64_t n)
	{
		for (uint64_t i = 0; i < n; i++)
			cycle();
	}

	// end-of-test checks: HEAD registers, host memory, shaper charges
	void final_checks(bool charges = true)
	{
		for (int q = 0; q < kQp; q++) {
			Ring &rg = rings[q];
			if (!rg.on || rg.stopped)
				continue;
			uint32_t head = reg_read(q, OFF_HEAD);
			check(head == rg.completed % rg.size(), "ring %d HEAD %u, expected %" PRIu64, q,
			      head, rg.completed % rg.size());
		}
		size_t bad = 0;
		for (size_t i = 0; i < host.size(); i++)
			if (host[i] != expect[i] && bad++ < 4)
				fail("host byte %#" PRIx64 " is %02x, expected %02x", kHostBase + i, host[i],
				     expect[i]);
		check(bad == 0, "%zu host bytes differ", bad);
		if (charges)
			for (int f = 0; f < kFuncs; f++)
				check(charged_bytes[f] == expect_charge[f],
				      "function %d charged %" PRIu64 " bytes, expected %" PRIu64, f,
				      charged_bytes[f], expect_charge[f]);
	}
};

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------
void t_reset(Tb &t)
{
	t.run(5);
	t.check(t.top->idle_o, "not idle after reset");
	t.check(!t.top->fo_valid_o && !t.top->dwr_valid_o && !t.top->drd_req_valid_o,
		"outputs active after reset");
	t.check(t.reg_read(0, OFF_SIZE) == 3 && t.reg_hit, "ring 0 SIZE reset value");
}

void t_single(Tb &t)
{
	t.ring_setup(0, 6);
	t.add_descs(0, {t.make_frame(60, 1, true, true)});
	t.post_tail(0);
	t.run_quiet();
	t.check(t.fo_frames == 1, "%" PRIu64 " frames sent", t.fo_frames);
	t.check(t.irqs == 1, "%" PRIu64 " irqs", t.irqs);
	t.final_checks();
}

void t_multi_buffer(Tb &t)
{
	t.ring_setup(1, 8);
	t.lat_extra = 40;
	for (unsigned nb = 1; nb <= 16; nb++) {
		uint32_t len = std::max<uint32_t>(nb, 14 + (uint32_t)t.rnd(3000));
		t.post_frame(1, len, nb, false);
	}
	// short buffers at every alignment
	for (int i = 0; i < 20; i++)
		t.post_frame(1, 14 + (uint32_t)t.rnd(40), 1 + (unsigned)t.rnd(14), false);
	t.post_tail(1);
	t.run_quiet();
	t.final_checks();
}

// RS on some descriptors only (as a driver batching completions): write-backs and irqs only
// for those; DW3 of the others stays 0
void t_rs(Tb &t)
{
	t.ring_setup(0, 7);
	t.ring_setup(3, 7, false);
	unsigned with_rs = 0;
	for (int i = 0; i < 40; i++) {
		auto d = t.make_frame(60 + (uint32_t)t.rnd(200), 1 + (unsigned)t.rnd(3));
		bool rs = i % 4 == 3;
		for (auto &x : d)
			x.rs = false;
		if (rs)
			d[t.rnd(d.size())].rs = true;
		with_rs += rs;
		t.add_descs(0, d);
		t.post_frame(3, 100, 2, false);   // ring without IRQ_EN
	}
	t.post_tail(0);
	t.post_tail(3);
	t.run_quiet();
	t.final_checks();
	t.check(t.irqs == with_rs, "%" PRIu64 " irqs, expected %u", t.irqs, with_rs);
}

void t_sizes(Tb &t)
{
	t.ring_setup(2, 7);
	const uint32_t lens[] = {14, 15, 16, 17, 59, 60, 61, 64, 127, 128, 1514, 4095, 4096,
				 4097, 9014, 9018};
	for (uint32_t len : lens)
		t.post_frame(2, len, 1 + (unsigned)t.rnd(3), false);
	t.post_tail(2);
	t.run_quiet();
	t.final_checks();
}

void t_wrap(Tb &t)
{
	t.ring_setup(0, 3);   // 8 descriptors: chains cross the ring end and bursts stop there
	t.rd_ready_pct = 60;
	for (int i = 0; i < 60; i++) {
		unsigned nb = 1 + (unsigned)t.rnd(4);
		while (!t.post_frame(0, 60 + (uint32_t)t.rnd(200), nb))
			t.cycle();
	}
	t.run_quiet();
	t.final_checks();
}

void t_bad_len0(Tb &t)
{
	t.ring_setup(0, 6);
	t.post_frame(0, 100, 2, false);
	auto d = t.make_frame(300, 4);
	d[1].len = 0;  // LEN 0 in the middle of the chain
	d[2].rs = d[0].rs = true;
	t.add_descs(0, d);
	auto e = t.make_frame(200, 1);
	e[0].len = 0;  // single LEN 0 descriptor with EOP
	t.add_descs(0, e);
	t.post_frame(0, 80, 3, false);
	t.post_tail(0);
	t.run_quiet();
	t.final_checks();
	int bad = 0;
	for (const Frame &f : t.frames)
		bad += f.err == TXQ_ERR_BAD_DESC;
	t.check(bad == 2, "%d BAD_DESC frames, expected 2", bad);
}

void t_too_many_bufs(Tb &t)
{
	t.ring_setup(3, 7);
	// 16 buffers with EOP: fine
	t.add_descs(3, t.make_frame(1000, 16));
	// 20 buffers, EOP on the 20th: the first 17 are a bad chain, the last 3 a frame
	auto d = t.make_frame(2000, 20);
	for (auto &x : d)
		x.rs = true;
	t.add_descs(3, d);
	t.post_frame(3, 64, 1, false);
	t.post_tail(3);
	t.run_quiet();
	t.final_checks();
	bool ok = t.frames.size() == 4 && t.frames[1].ndesc == 17 &&
		  t.frames[1].err == TXQ_ERR_BAD_DESC;
	t.check(ok, "17-descriptor chain not dropped as BAD_DESC");
}

void t_oversize(Tb &t)
{
	t.ring_setup(2, 6);   // function 1
	t.max_frame[1] = 1514;
	t.post_frame(2, 1514, 2, false);   // exactly max: sent
	t.post_frame(2, 1515, 3, false);   // one more: OVERSIZE
	t.post_frame(2, 9000, 5, false);
	t.post_frame(2, 13, 1, false);     // runt: OVERSIZE
	t.post_frame(2, 14, 2, false);     // minimum: sent
	t.post_tail(2);
	t.run_quiet();
	t.final_checks();
	int over = 0;
	for (const Frame &f : t.frames)
		over += f.err == TXQ_ERR_OVERSIZE;
	t.check(over == 3, "%d OVERSIZE frames, expected 3", over);
}

void t_func_down(Tb &t)
{
	// function 2 down: its ring is not scheduled at all
	t.ring_setup(4, 6);
	t.tx_ok[2] = false;
	for (int i = 0; i < 4; i++)
		t.post_frame(4, 60, 1, false);
	t.post_tail(4);
	t.run(400);
	t.check(t.desc_fetches == 0 && t.fo_frames == 0, "ring of a function that is down fetched");
	t.tx_ok[2] = true;
	t.run_quiet();
	t.check(t.fo_frames == 4, "%" PRIu64 " frames after the function came up", t.fo_frames);
	// down after the descriptors were fetched: FUNC_DOWN
	t.allow_down[2] = true;
	for (int i = 0; i < 8; i++)
		t.post_frame(4, 60, 1, false);
	t.post_tail(4);
	uint64_t f0 = t.desc_fetches;
	while (t.desc_fetches == f0)
		t.cycle();
	t.tx_ok[2] = false;
	t.run(600);
	t.tx_ok[2] = true;
	t.run_quiet();
	t.final_checks();
	int down = 0;
	for (const Frame &f : t.frames)
		down += f.err == TXQ_ERR_FUNC_DOWN;
	t.check(down >= 1, "no FUNC_DOWN frame");
}

void t_rate(Tb &t)
{
	t.ring_setup(6, 6);   // function 3
	// not eligible, not police: held
	t.elig[3] = false;
	for (int i = 0; i < 4; i++)
		t.post_frame(6, 100, 1, false);
	t.post_tail(6);
	t.run(400);
	t.check(t.desc_fetches == 0, "ring of a function without credit fetched");
	// police without credit: dropped with RATE, not charged
	t.police[3] = true;
	t.allow_rate[3] = true;
	t.run_quiet();
	int rate = 0;
	for (const Frame &f : t.frames)
		rate += f.err == TXQ_ERR_RATE;
	t.check(rate == 4, "%d RATE frames, expected 4", rate);
	t.check(t.charged_bytes[3] == 0, "police drop charged");
	// police with credit: sent and charged
	t.elig[3] = true;
	t.allow_rate[3] = false;
	for (int i = 0; i < 4; i++)
		t.post_frame(6, 200 + 100 * i, 2, false);
	t.post_tail(6);
	t.run_quiet();
	t.final_checks();
	t.check(t.charged_bytes[3] == 204 + 304 + 404 + 504, "charged %" PRIu64,
		t.charged_bytes[3]);
}

void t_data_err(Tb &t)
{
	t.ring_setup(0, 7);
	t.ring_setup(2, 7);
	for (int i = 0; i < 20; i++) {
		t.post_frame(0, 200 + (uint32_t)t.rnd(1000), 1 + (unsigned)t.rnd(4), false);
		t.post_frame(2, 100, 1, false);
		if (i % 4 == 1) {
			const Frame &f = t.frames[t.frames.size() - 2];
			t.err_data_addr[t.rings[0].descs[f.first + t.rnd(f.ndesc)].addr] = true;
		}
	}
	t.post_tail(0);
	t.post_tail(2);
	t.run_quiet();
	t.final_checks();
	int dma = 0;
	for (const Frame &f : t.frames)
		dma += f.err == TXQ_ERR_DMA;
	t.check(dma == 5, "%d DMA frames, expected 5", dma);
}

void t_desc_err(Tb &t)
{
	t.ring_setup(0, 6);
	t.ring_setup(4, 6);
	t.err_desc_ring = 0;
	t.rings[0].stopped = true;
	for (int i = 0; i < 20; i++) {
		t.post_frame(0, 60, 1, false);
		t.post_frame(4, 60 + (uint32_t)t.rnd(500), 1 + (unsigned)t.rnd(3), false);
	}
	t.post_tail(0);
	t.post_tail(4);
	t.run_quiet();
	t.final_checks();
	uint32_t st = t.reg_read(0, OFF_STATUS);
	t.check(st == (3u << 8), "ring 0 STATUS %#x, expected QERR DMA, disabled", st);
	t.check(t.rings[0].ev_ptr == 0, "ring 0 completed frames after its fetch failed");
	t.check(t.rings[4].ev_ptr == 20, "ring 4 finished %zu of 20", t.rings[4].ev_ptr);
}

// descriptor reads of four rings fail close together (the ERRs wait in their slots for the
// rings' port while completion HADVs compete for it): every one stops its ring, once
void t_desc_err_multi(Tb &t)
{
	const int bad[4] = {0, 2 % kQp, 4 % kQp, 6 % kQp};
	const int good[2] = {1, 3};
	t.lat_extra = 8;
	for (int q : bad) {
		t.ring_setup(q, 6);
		t.err_desc[q] = true;
		t.rings[q].stopped = true;
	}
	for (int q : good)
		t.ring_setup(q, 7);
	for (int i = 0; i < 30; i++) {
		for (int q : bad)
			t.post_frame(q, 60, 1, false);
		for (int q : good)
			t.post_frame(q, 60 + (uint32_t)t.rnd(200), 1 + (unsigned)t.rnd(2), false);
	}
	for (int q : good)
		t.post_tail(q);
	t.run(200);   // completions of the good rings under way
	for (int q : bad)
		t.post_tail(q);
	t.run_quiet();
	t.final_checks();
	std::vector<unsigned> want(bad, bad + 4), got = t.qerrs;
	std::sort(want.begin(), want.end());
	std::sort(got.begin(), got.end());
	t.check(got == want, "%zu qerr pulses, expected one for each of the 4 rings", got.size());
	for (int q : bad) {
		uint32_t st = t.reg_read(q, OFF_STATUS);
		t.check(st == (3u << 8), "ring %d STATUS %#x, expected QERR DMA, disabled", q, st);
		t.check(t.rings[q].ev_ptr == 0, "ring %d completed frames after its fetch failed", q);
	}
	for (int q : good)
		t.check(t.rings[q].ev_ptr == 30, "ring %d finished %zu of 30", q, t.rings[q].ev_ptr);
}

void t_bad_tail(Tb &t)
{
	t.ring_setup(0, 4);
	t.ring_setup(2, 4);
	for (int i = 0; i < 3; i++) {
		t.post_frame(0, 60, 1, false);
		t.post_frame(2, 60, 1, false);
	}
	t.post_tail(0);
	t.post_tail(2);
	t.run_quiet();
	t.reg_write(0, OFF_TAIL, 16);   // beyond the 16-descriptor ring
	t.run(2);
	t.rings[0].stopped = true;
	t.check(t.bad_tail_pulses == 1, "bad_tail pulses %" PRIu64, t.bad_tail_pulses);
	t.check(t.reg_read(0, OFF_STATUS) == (1u << 8), "ring 0 not stopped with BAD_TAIL");
	for (int i = 0; i < 6; i++)
		t.post_frame(2, 100, 2, false);
	t.post_tail(2);
	t.run_quiet();
	t.check(t.rings[2].ev_ptr == 9, "ring 2 finished %zu of 9", t.rings[2].ev_ptr);
	t.final_checks();
}

void t_disable(Tb &t)
{
	t.ring_setup(0, 8);
	t.rd_ready_pct = 50;
	for (int i = 0; i < 100; i++)
		t.post_frame(0, 60, 1, false);
	t.post_tail(0);
	while (t.fo_frames == 0)
		t.cycle();
	t.reg_write(0, OFF_CTRL, 2u | t.rings[0].vec << 4);   // EN 0, IRQ_EN kept
	uint64_t fetched = t.fetched_descs[0];
	t.rings[0].stopped = true;
	t.run(3000);
	t.check(t.fetched_descs[0] == fetched, "fetch after disable");
	t.check(t.rings[0].completed == fetched && fetched < 100,
		"completed %" PRIu64 " of %" PRIu64 " fetched descriptors", t.rings[0].completed,
		fetched);
	t.check(t.reg_read(0, OFF_HEAD) == fetched % 256, "HEAD after disable");
	t.check(t.top->idle_o, "not idle");
	t.rings[0].stopped = false;
	t.rings[0].frames.resize(t.rings[0].ev_ptr);
	t.final_checks();
}

void t_freset(Tb &t)
{
	t.ring_setup(2, 10);  // function 1
	t.ring_setup(4, 10);  // function 2
	for (int i = 0; i < 120; i++) {
		t.post_frame(2, 60 + (uint32_t)t.rnd(300), 1 + (unsigned)t.rnd(3), false);
		t.post_frame(4, 60 + (uint32_t)t.rnd(300), 1 + (unsigned)t.rnd(3), false);
	}
	t.post_tail(2);
	t.post_tail(4);
	while (t.rings[2].ev_ptr < 10)
		t.cycle();
	t.freset_func = 1;
	t.reset_at = t.now;
	t.funcs_dead[1] = 1;
	t.rings[2].stopped = true;
	t.cycle();
	t.freset_func = -1;
	t.run_quiet();
	t.check(t.rings[4].ev_ptr == 120, "function 2 finished %zu of 120", t.rings[4].ev_ptr);
	for (size_t i = t.rings[4].ev_ptr; i < t.rings[4].frames.size(); i++) {
		const Frame &f = t.frames[t.rings[4].frames[i]];
		t.fail("ring 4 frame at desc %" PRIu64 " (%u descs, %u bytes) not finished", f.first,
		       f.ndesc, f.len);
	}
	t.check(t.reg_read(2, OFF_STATUS) == 0 && t.reg_read(2, OFF_HEAD) == 0,
		"ring 2 not reset");
	// the reset ring's write-backs: written only for frames that finished before the reset
	for (uint64_t i = 0; i < t.rings[2].descs.size() && i < 1024; i++) {
		uint64_t a = t.rings[2].base + 16 * i + 12;
		uint32_t got = t.hdw(a);
		if (got != 0 && (got & 1))
			t.put32(t.expect, a, got);   // a write-back already in the write engine
	}
	t.rings[2].stopped = false;
	t.rings[2].frames.resize(t.rings[2].ev_ptr);
	t.rings[2].on = false;
	t.final_checks(false);
}

void t_cut_chain(Tb &t)
{
	t.ring_setup(0, 6);
	t.post_frame(0, 100, 1, false);
	auto d = t.make_frame(400, 3, false, true);   // no EOP, and TAIL stops after it
	t.add_descs(0, d);
	t.ref_split(0, true);
	t.post_tail(0);
	t.run_quiet();
	t.check(t.frames.size() == 2 && t.frames[1].err == TXQ_ERR_BAD_DESC,
		"cut chain not dropped as BAD_DESC");
	t.post_frame(0, 300, 2);
	t.run_quiet();
	t.final_checks();
}

// RR fairness: 8 backlogged rings of 60-byte frames; count frames per ring until one ends
void t_fairness(Tb &t)
{
	const int n = std::min(8, kQp);
	for (int q = 0; q < n; q++)
		t.ring_setup(q, 9, false);
	for (int i = 0; i < 300; i++)
		for (int q = 0; q < n; q++)
			t.post_frame(q, 60, 1, false);
	// the doorbells take a few cycles each (acked register accesses): hold the functions
	// down meanwhile (their rings are popped and requeued, keeping the doorbell order) so
	// every ring starts together and the shares measure the round robin, not the doorbells
	for (int q = 0; q < n; q++)
		t.tx_ok[t.owner[q]] = false;
	for (int q = 0; q < n; q++)
		t.post_tail(q);
	t.run(20);
	t.check(t.desc_fetches == 0, "ring of a function that is down fetched");
	for (int q = 0; q < n; q++)
		t.tx_ok[t.owner[q]] = true;
	std::vector<uint64_t> cnt(n, 0);
	uint64_t lo = 0, hi = 0;
	for (;;) {
		t.cycle();
		lo = ~0ull;
		hi = 0;
		for (int q = 0; q < n; q++) {
			lo = std::min(lo, t.ring_fo[q]);
			hi = std::max(hi, t.ring_fo[q]);
		}
		if (hi >= 250)
			break;
	}
	t.check(lo + 2 * kBurst >= hi, "ring shares %" PRIu64 " .. %" PRIu64, lo, hi);
	std::printf("# fairness: 8 rings, frames per ring after the first reached 250: %" PRIu64
		    " .. %" PRIu64 "\n", lo, hi);
	t.run_quiet();
	t.final_checks();
}

void t_random(Tb &t)
{
	const int nr = std::min(kQp, 12);
	std::vector<int> qs;
	for (int i = 0; i < nr; i++)
		qs.push_back((int)((i * 7) % kQp));
	std::sort(qs.begin(), qs.end());
	qs.erase(std::unique(qs.begin(), qs.end()), qs.end());
	for (int q : qs)
		t.ring_setup(q, 3 + (unsigned)t.rnd(6), t.rnd(2));
	for (int f = 0; f < kFuncs; f++)
		t.max_frame[f] = t.rnd(3) ? 9018 : 1514;
	t.lat_extra = 120;
	t.rd_ready_pct = 70;
	t.dwr_ready_pct = 70;
	t.fo_ready_pct = 80;
	t.spoof_pct = 5;
	t.data_err_pct = 5;   // per mille of reads
	unsigned posted = 0, target = 1500;
	while (posted < target) {
		int q = qs[t.rnd(qs.size())];
		unsigned kind = (unsigned)t.rnd(100);
		uint32_t len;
		if (kind < 40)
			len = 60;
		else if (kind < 60)
			len = 1514;
		else
			len = 14 + (uint32_t)t.rnd(9005);
		unsigned size = t.rings[q].size();
		unsigned nb = 1 + (unsigned)t.rnd(t.rnd(3) ? 3 : 16);
		nb = std::min(nb, size / 2);
		bool long_bad = size >= 32 && t.rnd(100) < 2;
		if (t.ring_free(q) < (long_bad ? 18 : nb)) {
			t.run(1 + t.rnd(50));
			continue;
		}
		if (long_bad) {
			t.add_descs(q, t.make_frame(len, 17, false));
			t.add_descs(q, t.make_frame(100, 1));
		} else if (t.rnd(100) < 3) {
			auto d = t.make_frame(len, nb);
			d[t.rnd(nb)].len = 0;
			t.add_descs(q, d);
		} else {
			t.add_descs(q, t.make_frame(len, nb));
		}
		posted++;
		if (t.rnd(3) == 0)
			t.post_tail(q);
		t.run(t.rnd(20));
	}
	for (int q : qs)
		t.post_tail(q);
	t.run_quiet(2000000);
	t.final_checks();
	std::printf("# random: %zu frames, %" PRIu64 " sent, %" PRIu64 " cycles\n",
		    t.frames.size(), t.fo_frames, t.now);
}

// throughput: frames of len bytes (one buffer, RS on each), fo_ready 1, latency 78
double measure(Tb &t, int rings, uint32_t len, unsigned frames_per_ring)
{
	t.random_pieces = false;
	for (int q = 0; q < rings; q++)
		t.ring_setup(q * 2 % kQp + (q * 2 >= kQp), 12, false);
	std::vector<int> qs;
	for (int q = 0; q < kQp; q++)
		if (t.rings[q].on)
			qs.push_back(q);
	for (unsigned i = 0; i < frames_per_ring; i++)
		for (int q : qs)
			t.post_frame(q, len, 1, false);
	for (int q : qs)
		t.post_tail(q);
	t.run_quiet(4000000);
	t.final_checks();
	double cycles = (double)(t.fo_last_cycle - t.fo_first_cycle + 1);
	double fpc = (double)(t.fo_frames - 1) / (double)(t.fo_last_cycle - t.fo_first_cycle);
	double line = 8.0 / (len + 4 + 20);  // frames per cycle at 10 GbE, 156.25 MHz
	std::printf("# throughput: %d ring(s), %u-byte frames: %" PRIu64 " frames in %.0f cycles"
		    " = %.4f frames/cycle = %.1f%% of 10 GbE line rate (%.4f)\n",
		    rings, len, t.fo_frames, cycles, fpc, 100.0 * fpc / line, line);
	return fpc / line;
}

void t_perf_64_1(Tb &t) { t.check(measure(t, 1, 60, 2000) >= 0.999, "below line rate"); }
void t_perf_64_8(Tb &t)
{
	t.check(measure(t, std::min(8, kQp), 60, 250) >= 0.999, "below line rate");
}
void t_perf_1514_1(Tb &t) { t.check(measure(t, 1, 1514, 150) >= 0.999, "below line rate"); }
void t_perf_1514_8(Tb &t)
{
	t.check(measure(t, std::min(8, kQp), 1514, 20) >= 0.999, "below line rate");
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset: idle, no requests", true, t_reset},
		{"one 60-byte frame: bytes, write-back, HEAD, ev, irq, charge", true, t_single},
		{"1..16 buffers, random lengths and alignments", true, t_multi_buffer},
		{"RS on some descriptors: write-backs and irqs only for those", true, t_rs},
		{"frame sizes 14..9018", true, t_sizes},
		{"8-descriptor ring: chains and bursts across the ring end", true, t_wrap},
		{"LEN 0 descriptor -> BAD_DESC, ring continues", true, t_bad_len0},
		{"more than MaxBufs buffers without EOP -> BAD_DESC (17)", true, t_too_many_bufs},
		{"frame > max frame or < 14 bytes -> OVERSIZE", true, t_oversize},
		{"func_tx_ok clear: not scheduled; after fetch -> FUNC_DOWN", true, t_func_down},
		{"no credit: held; police -> RATE, uncharged; charge = len + 4", true, t_rate},
		{"data read error -> DMA, frame not sent, ring continues", true, t_data_err},
		{"descriptor read error -> ring stops QERR DMA, others continue", true, t_desc_err},
		{"descriptor read errors on 4 rings at once: each stops, once", true,
		 t_desc_err_multi},
		{"TAIL beyond the ring -> BAD_TAIL, others continue", true, t_bad_tail},
		{"ring disabled mid-flight: fetched work completes, nothing new", true, t_disable},
		{"freset of one function while another sends", true, t_freset},
		{"chain cut by TAIL -> BAD_DESC (documented)", true, t_cut_chain},
		{"round-robin fairness between 8 backlogged rings", true, t_fairness},
		{"random phase against the reference model", true, t_random},
		{"throughput 64 B, 1 ring", true, t_perf_64_1},
		{"throughput 64 B, 8 rings", true, t_perf_64_8},
		{"throughput 1518 B, 1 ring", true, t_perf_1514_1},
		{"throughput 1518 B, 8 rings", true, t_perf_1514_8},
	};
	char label[32];
	std::snprintf(label, sizeof(label), "[f%dq%d]", kFuncs, kQp);
	return vfnic_tb::run_tests(t, tests, label);
}
