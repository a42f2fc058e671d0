// SPDX-License-Identifier: MIT
// Testbench of vfnic_dma_wr (the datapath's DMA write engine): two clients stream write
// requests with random valid gaps while rq sees random backpressure; every MWr is checked
// against the PCIe rules (Fmt/Type, Length <= MPS, no 4 KiB crossing, legal byte enables,
// TC/attributes 0, requester ID), against the reference split of dma_wr_ref.h (header and
// payload beats), and is applied by its byte enables to a sparse host memory that must end
// equal to the reference memory (every byte at its address, no other byte written). Requests
// of one client must not interleave and must stay in order; Bus Master Enable is checked per
// MWr at the cycle its first beat was built. Directed tests cover lengths and alignments,
// every MPS encoding, 4 KiB and 4 GiB crossings, round robin, BME drops, bad input and idle;
// a throughput phase prints the rq beat efficiency. Prints TAP; SEED=n replays.
//
// usage: tb_dma_wr OUTDIR
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "Vvfnic_dma_wr.h"
#include "block_tb.h"
#include "dma_wr_ref.h"

#ifndef DWR_TB_FUNCS
#error "build with -DDWR_TB_FUNCS=<NumFuncs the engine was built with>"
#endif

namespace
{

using vfnic_tb::get_bits;
using vfnic_tb::put_bits;

constexpr unsigned kClients = 2;
constexpr unsigned kFuncs = DWR_TB_FUNCS;
constexpr unsigned kMaxLen = 16383;       // LenWidth 14
constexpr uint16_t kRidBase = 0x5a08;     // bus 0x5a, device 1

struct Beat {
	bool sof, last;
	uint64_t addr;
	unsigned len, func;
	uint8_t d[16];
	bool zero;   // sof beat of a zero-length request
	bool stray;  // bad beat without sof where a request should start
};

// a request as the scoreboard follows it
struct Req {
	unsigned client;
	uint64_t addr;
	unsigned len, func;
	uint16_t rid;
	std::vector<uint8_t> data;
	std::vector<dwr_ref::Tlp> tlps;
	size_t next = 0;  // next MWr expected (sent or dropped)
	unsigned id = 0;
};

struct Client {
	std::deque<Beat> q;
	bool valid = false;
	unsigned pct_valid = 100;
	bool zero_taken = false;  // the last handshake took a zero-length request's sof beat
};

class Tb : public vfnic_tb::BlockTb<Vvfnic_dma_wr>
{
      public:
	Tb(uint64_t seed, const std::string &dir) : BlockTb(seed, dir, "tb-dma-wr") {}

	void reset();
	void cycle();
	void idle(unsigned n)
	{
		for (unsigned i = 0; i < n; i++)
			cycle();
	}
	// runs until every request is through and the engine is idle; false on a hang
	bool drain(uint64_t max_cycles = 400000);
	void mem_compare();

	// queues a request (its beats and its scoreboard entry)
	void request(unsigned c, uint64_t addr, unsigned len, unsigned func);
	void stray_beat(unsigned c);
	void set_bme(unsigned f, bool on) { bme[f] = on; }
	void set_all_bme(bool on) { std::fill(bme.begin(), bme.end(), on); }

	// configuration
	unsigned mps = 1;
	unsigned pct_ready = 100;
	Client cl[kClients];
	std::vector<bool> bme = std::vector<bool>(kFuncs, true);

	// scoreboard
	std::deque<Req> pend[kClients];
	std::unique_ptr<Req> cur;            // request whose MWrs are being seen
	bool tlp_open = false;               // an MWr on rq between first appearance and last beat
	bool open_unknown = false;           // ... that matched no request (already reported)
	dwr_ref::Tlp open_exp{};
	std::vector<uint8_t> open_pl, open_got;
	uint32_t open_hdr[4] = {};
	unsigned open_func = 0;
	unsigned open_beats = 0;
	dwr_ref::Mem dut_mem, ref_mem;
	std::vector<bool> bme_prev = std::vector<bool>(kFuncs, true);
	bool prev_stall = false;
	uint32_t prev_hdr[4] = {}, prev_data[4] = {};
	bool prev_last = false;
	unsigned next_id = 1;
	std::vector<unsigned> start_order;   // request ids in the order their first MWr came
	// counters
	uint64_t tlps_sent = 0, tlps_dropped = 0, zero_drops = 0, beats = 0, payload_bytes = 0;
	uint64_t first_beat_cycle = 0, last_beat_cycle = 0;
	bool any_beat = false;
	bool verbose = std::getenv("DWR_TB_VERBOSE") != nullptr;

      private:
	void drive();
	void monitor();
	void on_tlp_start(const uint32_t hdr[4]);
	void on_tlp_end();
	void on_drop(unsigned c);
	void check_rules(const uint32_t hdr[4], const Req &r);
};

void Tb::reset()
{
	top->rst_ni = 0;
	top->clk_i = 0;
	top->rid_base_i = kRidBase;
	top->mps_i = mps;
	top->wr_valid_i = 0;
	top->rq_ready_i = 0;
	eval_dump();
	top->clk_i = 1;
	eval_dump();
	top->clk_i = 0;
	eval_dump();
	top->rst_ni = 1;
	eval_dump();
	for (Client &c : cl)
		c = Client();
	for (auto &p : pend)
		p.clear();
	cur.reset();
	tlp_open = false;
	prev_stall = false;
	dut_mem.clear();
	ref_mem.clear();
	start_order.clear();
	set_all_bme(true);
	bme_prev = bme;
	mps = 1;
	pct_ready = 100;
	tlps_sent = tlps_dropped = zero_drops = beats = payload_bytes = 0;
	any_beat = false;
}

void Tb::request(unsigned c, uint64_t addr, unsigned len, unsigned func)
{
	Req r;
	r.client = c;
	r.addr = addr;
	r.len = len;
	r.func = func;
	r.rid = (uint16_t)(kRidBase + func);
	r.data.resize(len);
	for (auto &b : r.data)
		b = (uint8_t)rnd(256);
	r.tlps = dwr_ref::split(addr, len, mps, r.rid);
	r.id = next_id++;
	unsigned nb = len ? (len + 15) / 16 : 1;
	for (unsigned i = 0; i < nb; i++) {
		Beat b{};
		b.sof = i == 0;
		b.last = i == nb - 1;
		// only the sof beat's sideband counts; the others carry junk
		b.addr = b.sof ? addr : rng();
		b.len = b.sof ? len : (unsigned)rnd(1u << 14);
		b.func = b.sof ? func : (unsigned)rnd(128);
		for (unsigned k = 0; k < 16; k++)
			b.d[k] = 16 * i + k < len ? r.data[16 * i + k] : (uint8_t)rnd(256);
		b.zero = len == 0;
		cl[c].q.push_back(b);
	}
	pend[c].push_back(std::move(r));
}

void Tb::stray_beat(unsigned c)
{
	Beat b{};
	b.sof = false;
	b.last = rnd(2);
	b.addr = rng();
	b.len = (unsigned)rnd(1u << 14);
	b.func = (unsigned)rnd(128);
	for (auto &x : b.d)
		x = (uint8_t)rnd(256);
	b.stray = true;
	cl[c].q.push_back(b);
}

void Tb::drive()
{
	for (unsigned c = 0; c < kClients; c++) {
		Client &k = cl[c];
		if (!k.valid && !k.q.empty() && rnd(100) < k.pct_valid)
			k.valid = true;
		put_bits(top->wr_valid_i, c, 1, k.valid);
		if (k.valid) {
			const Beat &b = k.q.front();
			put_bits(top->wr_sof_i, c, 1, b.sof);
			put_bits(top->wr_last_i, c, 1, b.last);
			put_bits(top->wr_addr_i, 64 * c, 32, b.addr & 0xffffffffu);
			put_bits(top->wr_addr_i, 64 * c + 32, 32, b.addr >> 32);
			put_bits(top->wr_len_i, 14 * c, 14, b.len);
			put_bits(top->wr_func_i, 7 * c, 7, b.func);
			for (unsigned w = 0; w < 4; w++) {
				uint32_t v = 0;
				for (unsigned i = 0; i < 4; i++)
					v |= (uint32_t)b.d[4 * w + i] << (8 * i);
				top->wr_data_i[4 * c + w] = v;
			}
		} else {
			// not valid: everything is junk the engine must not use
			put_bits(top->wr_sof_i, c, 1, rnd(2));
			put_bits(top->wr_last_i, c, 1, rnd(2));
			put_bits(top->wr_addr_i, 64 * c, 32, rng());
			put_bits(top->wr_addr_i, 64 * c + 32, 32, rng());
			put_bits(top->wr_len_i, 14 * c, 14, rnd(1u << 14));
			put_bits(top->wr_func_i, 7 * c, 7, rnd(128));
			for (unsigned w = 0; w < 4; w++)
				top->wr_data_i[4 * c + w] = (uint32_t)rng();
		}
	}
	top->rq_ready_i = rnd(100) < pct_ready;
	top->mps_i = mps;
	top->rid_base_i = kRidBase;
	for (unsigned f = 0; f < kFuncs; f++)
		put_bits(top->bme_i, f, 1, bme[f]);
}

void Tb::cycle()
{
	drive();
	top->clk_i = 0;
	eval_dump();
	monitor();
	// client handshakes of this cycle
	bool ready[kClients];
	for (unsigned c = 0; c < kClients; c++)
		ready[c] = get_bits(top->wr_ready_o, c, 1);
	top->clk_i = 1;
	eval_dump();
	now++;
	for (unsigned c = 0; c < kClients; c++) {
		Client &k = cl[c];
		k.zero_taken = false;
		if (k.valid && ready[c]) {
			if (verbose)
				std::printf("# @%" PRIu64 " client %u beat taken%s%s%s\n", now - 1, c,
					    k.q.front().sof ? " sof" : "",
					    k.q.front().stray ? " stray" : "",
					    k.q.front().zero ? " zero" : "");
			k.zero_taken = k.q.front().zero;
			k.q.pop_front();
			k.valid = false;
		}
	}
	bme_prev = bme;
}

void Tb::check_rules(const uint32_t h[4], const Req &r)
{
	unsigned ft = h[0] >> 24;
	bool wide = ft == 0x60;
	check(ft == 0x40 || ft == 0x60, "rq: Fmt/Type 0x%02x is not MWr", ft);
	check((h[0] & 0x00fffc00u) == 0, "rq: DW0 0x%08x has TC/attr/TD/EP/AT bits set", h[0]);
	unsigned dws = h[0] & 0x3ff;
	if (!dws)
		dws = 1024;
	uint64_t a = wide ? (((uint64_t)h[2] << 32) | h[3]) : h[2];
	check((a & 3) == 0, "rq: address bits 1:0 not zero");
	check(wide == ((a >> 32) != 0), "rq: %s header for address 0x%" PRIx64,
	      wide ? "4-DW" : "3-DW", a);
	if (!wide)
		check(h[3] == 0, "rq: DW3 of a 3-DW header is 0x%08x", h[3]);
	check(dws * 4 <= dwr_ref::mps_bytes(mps), "rq: Length %u DWs above MPS %u", dws,
	      dwr_ref::mps_bytes(mps));
	check((a >> 12) == ((a + 4ull * dws - 1) >> 12), "rq: MWr at 0x%" PRIx64
	      " of %u DWs crosses 4 KiB", a, dws);
	unsigned fbe = h[1] & 0xf, lbe = (h[1] >> 4) & 0xf;
	auto contiguous = [](unsigned be) {
		unsigned x = be ? be >> __builtin_ctz(be) : 0;
		return be && (x & (x + 1)) == 0;
	};
	if (dws == 1) {
		check(lbe == 0 && fbe != 0 && contiguous(fbe), "rq: 1-DW MWr with FBE %x LBE %x",
		      fbe, lbe);
	} else {
		check(fbe != 0 && lbe != 0 && (fbe & 8) && (lbe & 1) && contiguous(fbe) &&
			      contiguous(lbe),
		      "rq: %u-DW MWr with FBE %x LBE %x", dws, fbe, lbe);
	}
	check(((h[1] >> 8) & 0xff) == 0, "rq: tag 0x%02x on an MWr", (h[1] >> 8) & 0xff);
	check((h[1] >> 16) == (uint32_t)(uint16_t)(kRidBase + r.func),
	      "rq: requester ID 0x%04x, func %u wants 0x%04x", h[1] >> 16, r.func,
	      (uint16_t)(kRidBase + r.func));
	check(r.func < kFuncs && bme_prev[r.func],
	      "rq: MWr sent for func %u whose Bus Master Enable was clear", r.func);
	// inside the request
	check(a + 4ull * dws > r.addr && a < r.addr + r.len + 3,
	      "rq: MWr at 0x%" PRIx64 " outside request 0x%" PRIx64 "+%u", a, r.addr, r.len);
}

void Tb::on_tlp_start(const uint32_t hdr[4])
{
	if (!cur) {
		for (unsigned c = 0; c < kClients && !cur; c++) {
			if (pend[c].empty() || pend[c].front().tlps.empty())
				continue;
			if (!std::memcmp(pend[c].front().tlps[0].hdr, hdr, 16)) {
				cur.reset(new Req(std::move(pend[c].front())));
				pend[c].pop_front();
			}
		}
		if (!cur) {
			fail("rq: MWr %08x %08x %08x %08x is no client's next request", hdr[0], hdr[1],
			     hdr[2], hdr[3]);
			for (unsigned c = 0; c < kClients; c++) {
				if (pend[c].empty())
					continue;
				const Req &r = pend[c].front();
				std::printf("#   client %u next: request %u 0x%" PRIx64 "+%u func %u, MWr 0: "
					    "%08x %08x %08x %08x\n", c, r.id, r.addr, r.len, r.func,
					    r.tlps.empty() ? 0 : r.tlps[0].hdr[0],
					    r.tlps.empty() ? 0 : r.tlps[0].hdr[1],
					    r.tlps.empty() ? 0 : r.tlps[0].hdr[2],
					    r.tlps.empty() ? 0 : r.tlps[0].hdr[3]);
			}
			// follow the MWr's beats without checking them, so it is reported once
			tlp_open = true;
			open_unknown = true;
			open_exp = dwr_ref::Tlp{};
			open_exp.beats = 1024;
			open_pl.clear();
			open_got.clear();
			std::memcpy(open_hdr, hdr, 16);
			open_beats = 0;
			return;
		}
		start_order.push_back(cur->id);
	}
	Req &r = *cur;
	if (!check(r.next < r.tlps.size(), "rq: extra MWr for request %u", r.id)) {
		cur.reset();
		return;
	}
	const dwr_ref::Tlp &t = r.tlps[r.next];
	check(!std::memcmp(t.hdr, hdr, 16),
	      "rq: request %u (client %u, 0x%" PRIx64 "+%u) MWr %zu header %08x %08x %08x %08x, "
	      "model %08x %08x %08x %08x", r.id, r.client, r.addr, r.len, r.next, hdr[0], hdr[1],
	      hdr[2], hdr[3], t.hdr[0], t.hdr[1], t.hdr[2], t.hdr[3]);
	check_rules(hdr, r);
	tlp_open = true;
	open_unknown = false;
	open_exp = t;
	open_pl = dwr_ref::payload(t, r.data);
	open_got.clear();
	std::memcpy(open_hdr, hdr, 16);
	open_func = r.func;
	open_beats = 0;
	// the reference memory gets the MWr's bytes
	for (unsigned k = 0; k < t.bytes; k++)
		ref_mem[t.addr + k] = r.data[t.off + k];
	tlps_sent++;
	payload_bytes += t.bytes;
	if (verbose)
		std::printf("# @%" PRIu64 " MWr %zu of request %u (client %u)\n", now, r.next, r.id,
			    r.client);
	if (++r.next == r.tlps.size())
		cur.reset();
}

void Tb::on_tlp_end()
{
	tlp_open = false;
	if (open_unknown)
		return;
	check(open_beats == open_exp.beats, "rq: MWr of %u DWs had %u beats, wants %u",
	      open_exp.dws, open_beats, open_exp.beats);
	if (open_got != open_pl) {
		for (size_t i = 0; i < std::min(open_got.size(), open_pl.size()); i++) {
			if (open_got[i] != open_pl[i]) {
				fail("rq: MWr to 0x%" PRIx64 " (%u bytes, lead %u) payload byte %zu = "
				     "0x%02x, wants 0x%02x", open_exp.addr, open_exp.bytes,
				     open_exp.lead, i, open_got[i], open_pl[i]);
				break;
			}
		}
	}
	dwr_ref::apply_mwr(dut_mem, open_hdr, open_got);
}

void Tb::on_drop(unsigned c)
{
	if (!cur) {
		if (!check(!pend[c].empty() && !pend[c].front().tlps.empty(),
			   "drop for client %u, which has no request to drop", c))
			return;
		cur.reset(new Req(std::move(pend[c].front())));
		pend[c].pop_front();
		start_order.push_back(cur->id);
	}
	Req &r = *cur;
	if (!check(r.client == c, "drop for client %u while request %u of client %u is open", c,
		   r.id, r.client))
		return;
	check(r.func >= kFuncs || !bme_prev[r.func],
	      "drop of request %u MWr %zu (func %u) with Bus Master Enable set", r.id, r.next,
	      r.func);
	tlps_dropped++;
	if (verbose)
		std::printf("# @%" PRIu64 " drop %zu of request %u (client %u)\n", now, r.next, r.id,
			    r.client);
	if (++r.next == r.tlps.size())
		cur.reset();
}

void Tb::monitor()
{
	bool rv = top->rq_valid_o, rr = top->rq_ready_i, rl = top->rq_last_o;
	uint32_t h[4], d[4];
	for (unsigned i = 0; i < 4; i++) {
		h[i] = top->rq_hdr_o[i];
		d[i] = top->rq_data_o[i];
	}
	if (prev_stall) {
		check(rv && !std::memcmp(h, prev_hdr, 16) && !std::memcmp(d, prev_data, 16) &&
			      rl == prev_last,
		      "rq: beat changed or withdrawn while valid and not ready");
	}
	prev_stall = rv && !rr;
	std::memcpy(prev_hdr, h, 16);
	std::memcpy(prev_data, d, 16);
	prev_last = rl;

	bool drop = top->drop_o;
	unsigned dc = (unsigned)top->drop_client_o;
	// zero-length requests: their sof beat taken last cycle, one drop pulse now
	for (unsigned c = 0; c < kClients; c++) {
		if (!cl[c].zero_taken)
			continue;
		if (check(drop && dc == c, "zero-length request of client %u: no drop pulse", c) &&
		    check(!pend[c].empty() && pend[c].front().len == 0,
			  "zero-length drop out of order for client %u", c)) {
			pend[c].pop_front();
			zero_drops++;
		}
		drop = false;
	}
	if (rv && !tlp_open)
		on_tlp_start(h);
	if (rv && rr) {
		if (!any_beat)
			first_beat_cycle = now;
		any_beat = true;
		last_beat_cycle = now;
		beats++;
		if (tlp_open) {
			open_beats++;
			check(!std::memcmp(h, open_hdr, 16), "rq: header changed within an MWr");
			for (unsigned i = 0; i < 16; i++)
				open_got.push_back((uint8_t)(d[i / 4] >> (8 * (i % 4))));
			if (rl || open_beats >= open_exp.beats) {
				check(rl, "rq: no last on beat %u of an MWr of %u beats", open_beats,
				      open_exp.beats);
				on_tlp_end();
			}
		}
	}
	if (drop)
		on_drop(dc);
	if (top->idle_o) {
		check(!rv && !top->drop_o && !cur && !tlp_open,
		      "idle_o set with work in progress");
	}
}

bool Tb::drain(uint64_t max_cycles)
{
	uint64_t t0 = now;
	while (now - t0 < max_cycles) {
		bool busy = cur || tlp_open;
		for (unsigned c = 0; c < kClients; c++)
			busy = busy || !cl[c].q.empty() || !pend[c].empty();
		cycle();
		if (!busy && top->idle_o)
			return true;
	}
	unsigned left = 0;
	for (unsigned c = 0; c < kClients; c++)
		left += (unsigned)cl[c].q.size();
	fail("hang: %u client beats not taken, request open: %s, idle_o %d after %" PRIu64
	     " cycles", left, cur ? "yes" : "no", top->idle_o, max_cycles);
	for (unsigned c = 0; c < kClients; c++) {
		cl[c].q.clear();
		cl[c].valid = false;
		pend[c].clear();
	}
	cur.reset();
	return false;
}

void Tb::mem_compare()
{
	unsigned bad = 0;
	for (const auto &kv : ref_mem) {
		auto it = dut_mem.find(kv.first);
		if (it == dut_mem.end() || it->second != kv.second) {
			if (bad++ < 5)
				fail("host memory 0x%" PRIx64 ": %s, wants 0x%02x", kv.first,
				     it == dut_mem.end() ? "never written" :
							   ("0x" + std::to_string(it->second)).c_str(),
				     kv.second);
		}
	}
	for (const auto &kv : dut_mem) {
		if (!ref_mem.count(kv.first) && bad++ < 10)
			fail("host memory 0x%" PRIx64 " written (0x%02x) outside every request",
			     kv.first, kv.second);
	}
	check(bad == 0, "%u bytes of host memory differ from the reference", bad);
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------
uint64_t addr_lo(Tb &t) { return 0x1000 + (t.rng() & 0xfffeffffull); }            // < 4 GiB
uint64_t addr_hi(Tb &t) { return (1ull << 32) + (t.rng() & 0x00fffffffffffffull); }  // >= 4 GiB
uint64_t addr_any(Tb &t) { return t.rnd(2) ? addr_lo(t) : addr_hi(t); }

void finish(Tb &t)
{
	t.drain();
	t.mem_compare();
}

void t_reset(Tb &t)
{
	t.idle(3);
	t.check(t.top->idle_o, "idle_o clear after reset");
	t.check(!t.top->rq_valid_o && !t.top->drop_o, "rq_valid_o or drop_o after reset");
	t.check(!t.top->wr_ready_o, "wr_ready_o without a request");
}

// queues a request and returns how many MWrs the model makes of it
size_t req_n(Tb &t, unsigned c, uint64_t a, unsigned len, unsigned f)
{
	t.request(c, a, len, f);
	return t.pend[c].back().tlps.size();
}

void lengths_alignments(Tb &t, unsigned c, bool hi)
{
	const unsigned lens[] = {1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33, 63, 64, 65};
	size_t n = 0;
	for (unsigned len : lens) {
		for (unsigned al = 0; al < 16; al++) {
			uint64_t a = ((hi ? addr_hi(t) : addr_lo(t)) & ~0xfffull) + 64 * t.rnd(60) + al;
			n += req_n(t, c, a, len, (unsigned)t.rnd(kFuncs));
		}
	}
	finish(t);
	t.check(t.tlps_sent == n, "%" PRIu64 " MWrs, want %zu", t.tlps_sent, n);
}
void t_len_align_lo(Tb &t) { lengths_alignments(t, 0, false); }
void t_len_align_hi(Tb &t) { lengths_alignments(t, 1, true); }

void t_cross_4k(Tb &t)
{
	for (unsigned m = 0; m < 8; m++) {
		t.mps = m;
		for (unsigned i = 0; i < 24; i++) {
			// start up to 40 bytes before a 4 KiB boundary, end up to 5000 bytes after
			uint64_t b = (addr_any(t) & ~0xfffull) + 0x1000;
			uint64_t a = b - 1 - t.rnd(40);
			unsigned len = (unsigned)(b - a) + 1 + (unsigned)t.rnd(i < 12 ? 40 : 5000);
			t.request(i & 1, a, len, 0);
		}
		finish(t);
	}
}

void t_every_mps(Tb &t)
{
	const unsigned lens[] = {1514, 4096, 4097, 60, 16383, 128, 129, 256, 257, 4095};
	uint64_t sent = 0, model = 0;
	for (unsigned m = 0; m < 8; m++) {
		t.mps = m;
		for (unsigned len : lens) {
			uint64_t a = addr_any(t) + t.rnd(16);
			if (len == 4096 || len == 16383)
				a &= ~0xfffull;  // whole 4 KiB pages: 4096-byte MWrs at MPS 4096
			t.request((unsigned)t.rnd(2), a, len, (unsigned)t.rnd(kFuncs));
			model += dwr_ref::split(a, len, m, 0).size();
		}
		finish(t);
		sent = t.tlps_sent;
	}
	t.check(sent == model, "%" PRIu64 " MWrs, model %" PRIu64, sent, model);
}

void t_cross_4g(Tb &t)
{
	t.mps = 2;
	for (unsigned i = 0; i < 16; i++) {
		uint64_t a = (1ull << 32) - 1 - t.rnd(600);
		t.request(i & 1, a, 1 + (unsigned)t.rnd(2000) + (unsigned)((1ull << 32) - a), 3);
	}
	// a request right up to 4 GiB stays 3-DW
	t.request(0, (1ull << 32) - 100, 100, 1);
	finish(t);
}

void t_max_len(Tb &t)
{
	for (unsigned m : {0u, 1u, 5u}) {
		t.mps = m;
		t.request(0, addr_any(t), kMaxLen, 1);
		t.request(1, addr_any(t), kMaxLen, 2);
		finish(t);
	}
}

void t_round_robin(Tb &t)
{
	// both clients have four requests waiting before anything starts
	t.pct_ready = 50;
	std::vector<unsigned> ids[2];
	for (unsigned i = 0; i < 4; i++) {
		for (unsigned c = 0; c < 2; c++) {
			ids[c].push_back(t.next_id);
			t.request(c, addr_any(t), 1 + (unsigned)t.rnd(300), c + 1);
		}
	}
	finish(t);
	t.check(t.start_order.size() == 8, "%zu requests started", t.start_order.size());
	for (size_t i = 1; i < t.start_order.size(); i++) {
		bool c_prev = std::find(ids[1].begin(), ids[1].end(), t.start_order[i - 1]) !=
			      ids[1].end();
		bool c_now = std::find(ids[1].begin(), ids[1].end(), t.start_order[i]) !=
			     ids[1].end();
		t.check(c_prev != c_now, "request %zu: same client twice while both wait", i);
	}
}

void t_bme_clear(Tb &t)
{
	unsigned f = kFuncs - 1;
	t.set_bme(f, false);
	t.mps = 0;
	t.pct_ready = 60;
	size_t drops = 0, sent = 0;
	drops += req_n(t, 0, addr_any(t), 1514, f);   // 12-13 MWrs, all dropped
	drops += req_n(t, 0, addr_any(t), 1, f);
	sent += req_n(t, 0, addr_any(t), 300, 0);     // the next request proceeds
	drops += req_n(t, 1, addr_any(t), 700, f);
	sent += req_n(t, 1, addr_any(t), 77, 1);
	finish(t);
	t.check(t.tlps_dropped == drops, "%" PRIu64 " drops, want %zu", t.tlps_dropped, drops);
	t.check(t.tlps_sent == sent, "%" PRIu64 " MWrs sent, want %zu", t.tlps_sent, sent);
}

void t_bme_toggle(Tb &t)
{
	// BME flips while requests are split: each MWr follows BME at its first beat
	t.mps = 0;
	t.pct_ready = 70;
	for (unsigned i = 0; i < 40; i++)
		t.request(i & 1, addr_any(t), 200 + (unsigned)t.rnd(3000), 2);
	uint64_t t0 = t.now;
	while (t.now - t0 < 200000) {
		bool busy = t.cur || t.tlp_open || !t.pend[0].empty() || !t.pend[1].empty();
		if (!busy && t.top->idle_o)
			break;
		if (t.rnd(8) == 0)
			t.set_bme(2, t.rnd(2));
		t.cycle();
	}
	finish(t);
	t.check(t.tlps_dropped > 10 && t.tlps_sent > 10,
		"%" PRIu64 " sent, %" PRIu64 " dropped: toggling did not mix", t.tlps_sent,
		t.tlps_dropped);
}

void t_bad_func(Tb &t)
{
	// function numbers past NumFuncs: dropped like BME clear
	size_t drops = 0, sent = 0;
	drops += req_n(t, 0, addr_any(t), 600, kFuncs);
	drops += req_n(t, 1, addr_any(t), 40, 127);
	sent += req_n(t, 0, addr_any(t), 50, kFuncs - 1);
	finish(t);
	t.check(t.tlps_dropped == drops, "%" PRIu64 " drops, want %zu", t.tlps_dropped, drops);
	t.check(t.tlps_sent == sent, "%" PRIu64 " MWrs sent, want %zu", t.tlps_sent, sent);
}

void t_zero_len(Tb &t)
{
	t.pct_ready = 70;
	t.request(0, addr_any(t), 0, 1);
	t.request(0, addr_any(t), 33, 1);
	t.request(1, addr_any(t), 500, 2);
	t.request(1, addr_any(t), 0, 2);
	t.request(1, addr_any(t), 0, 2);
	t.request(1, addr_any(t), 1, 2);
	finish(t);
	t.check(t.zero_drops == 3, "%" PRIu64 " zero-length drops, want 3", t.zero_drops);
	t.check(t.tlps_dropped == 0, "%" PRIu64 " MWr drops", t.tlps_dropped);
}

void t_zero_vs_drop(Tb &t)
{
	// zero-length requests of one client next to dropped MWrs of the other: one pulse each
	t.set_bme(1, false);
	for (unsigned i = 0; i < 20; i++) {
		t.request(0, addr_any(t), 0, 2);
		t.request(1, addr_any(t), 1 + (unsigned)t.rnd(40), 1);
	}
	finish(t);
	t.check(t.zero_drops == 20, "%" PRIu64 " zero-length drops, want 20", t.zero_drops);
	t.check(t.tlps_dropped >= 20 && t.tlps_sent == 0, "%" PRIu64 " MWr drops, %" PRIu64
		" sent", t.tlps_dropped, t.tlps_sent);
}

void t_stray(Tb &t)
{
	size_t sent = 0;
	t.stray_beat(0);
	t.stray_beat(0);
	sent += req_n(t, 0, addr_any(t), 40, 1);
	sent += req_n(t, 1, addr_any(t), 100, 2);
	t.stray_beat(1);
	sent += req_n(t, 1, addr_any(t), 17, 2);
	finish(t);
	t.check(t.tlps_dropped == 0 && t.zero_drops == 0, "stray beats caused drops");
	t.check(t.tlps_sent == sent, "%" PRIu64 " MWrs sent, want %zu", t.tlps_sent, sent);
}

void t_idle(Tb &t)
{
	t.pct_ready = 0;
	t.idle(2);
	t.check(t.top->idle_o, "idle_o clear with nothing to do");
	t.request(0, addr_lo(t), 20, 1);
	t.cycle();  // picked
	unsigned busy_cycles = 0;
	for (unsigned i = 0; i < 30; i++) {
		t.check(!t.top->idle_o, "idle_o set while an MWr waits for rq_ready (cycle %u)", i);
		busy_cycles++;
		t.cycle();
	}
	t.check(t.top->rq_valid_o, "no MWr presented");
	t.pct_ready = 100;
	while (t.top->rq_valid_o && busy_cycles++ < 100)
		t.cycle();
	t.cycle();
	t.check(t.top->idle_o, "idle_o clear after the last beat");
	finish(t);
}

void t_rid_last_func(Tb &t)
{
	size_t n = 0;
	for (unsigned f : {0u, 1u, kFuncs - 2, kFuncs - 1})
		n += req_n(t, f & 1, addr_any(t), 9, f);
	finish(t);
	t.check(t.tlps_sent == n, "%" PRIu64 " MWrs, want %zu", t.tlps_sent, n);
}

void random_phase(Tb &t, unsigned nreq)
{
	unsigned done = 0;
	while (done < nreq) {
		t.mps = (unsigned)t.rnd(8);
		t.pct_ready = t.rnd(4) == 0 ? 100 : 20 + (unsigned)t.rnd(80);
		for (unsigned c = 0; c < kClients; c++)
			t.cl[c].pct_valid = t.rnd(4) == 0 ? 100 : 10 + (unsigned)t.rnd(90);
		unsigned batch = 20 + (unsigned)t.rnd(60);
		for (unsigned i = 0; i < batch; i++) {
			unsigned c = (unsigned)t.rnd(kClients);
			unsigned kind = (unsigned)t.rnd(100);
			unsigned len;
			if (kind < 35)
				len = 1 + (unsigned)t.rnd(20);
			else if (kind < 65)
				len = 1 + (unsigned)t.rnd(300);
			else if (kind < 92)
				len = 1 + (unsigned)t.rnd(2100);
			else
				len = 1 + (unsigned)t.rnd(kMaxLen);
			unsigned func = (unsigned)t.rnd(kFuncs);
			unsigned bad = (unsigned)t.rnd(100);
			if (bad == 0)
				len = 0;
			else if (bad == 1)
				func = kFuncs + (unsigned)t.rnd(128 - kFuncs);
			else if (bad == 2)
				t.stray_beat(c);
			t.request(c, addr_any(t), len, func);
		}
		// BME of a few functions flips while the batch runs
		uint64_t t0 = t.now;
		while (t.now - t0 < 2000000) {
			bool busy = t.cur || t.tlp_open;
			for (unsigned c = 0; c < kClients; c++)
				busy = busy || !t.pend[c].empty() || !t.cl[c].q.empty();
			if (!busy && t.top->idle_o)
				break;
			if (t.rnd(64) == 0)
				t.set_bme((unsigned)t.rnd(kFuncs), t.rnd(4) != 0);
			t.cycle();
		}
		t.set_all_bme(true);
		finish(t);
		done += batch;
		if (t.errors)
			break;
	}
	std::printf("# random: %u requests, %" PRIu64 " MWrs sent, %" PRIu64 " dropped, %" PRIu64
		    " zero-length, %zu host bytes\n",
		    done, t.tlps_sent, t.tlps_dropped, t.zero_drops, t.ref_mem.size());
}
void t_random(Tb &t) { random_phase(t, 3000); }

// Throughput: rq_ready always 1, both clients always valid with requests waiting
double measure(Tb &t, unsigned mps, unsigned len, unsigned clients, unsigned nreq,
	       double *byte_eff)
{
	t.reset();
	t.mps = mps;
	for (unsigned i = 0; i < nreq; i++)
		t.request(i % clients, addr_any(t), len, (unsigned)t.rnd(kFuncs));
	t.drain();
	t.mem_compare();
	double cycles = (double)(t.last_beat_cycle - t.first_beat_cycle + 1);
	*byte_eff = (double)t.payload_bytes / (16.0 * cycles);
	return (double)t.beats / cycles;
}

void t_throughput(Tb &t)
{
	struct {
		unsigned mps, len, clients;
	} runs[] = {{0, 1514, 2}, {1, 1514, 2}, {2, 1514, 2}, {1, 60, 2}, {1, 16, 2},
		    {1, 1514, 1}, {1, 60, 1}, {1, 16, 1}};
	double eff256 = 0;
	for (auto r : runs) {
		double be;
		double e = measure(t, r.mps, r.len, r.clients, 400, &be);
		std::printf("# throughput: %4u-byte requests, MPS %4u, %u client%s: %5.1f%% of rq "
			    "cycles carry a beat, payload bytes %5.1f%% of rq bandwidth\n",
			    r.len, dwr_ref::mps_bytes(r.mps), r.clients, r.clients > 1 ? "s" : " ",
			    100 * e, 100 * be);
		if (r.mps == 1 && r.len == 1514 && r.clients == 2)
			eff256 = e;
	}
	t.check(eff256 >= 0.90, "1514-byte requests at MPS 256: %.1f%% < 90%%", 100 * eff256);
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset: idle, nothing on rq", true, t_reset},
		{"lengths 1..65 at every byte alignment, 3-DW addresses, client 0", true,
		 t_len_align_lo},
		{"lengths 1..65 at every byte alignment, 4-DW addresses, client 1", true,
		 t_len_align_hi},
		{"requests crossing 4 KiB at every MPS encoding 0..7", true, t_cross_4k},
		{"every MPS encoding 0..7 (6, 7 = 4096) with long requests", true, t_every_mps},
		{"requests crossing 4 GiB switch from 3-DW to 4-DW headers", true, t_cross_4g},
		{"16383-byte requests", true, t_max_len},
		{"round robin between two waiting clients", true, t_round_robin},
		{"Bus Master Enable clear: every MWr dropped, data taken, next request sent", true,
		 t_bme_clear},
		{"Bus Master Enable toggling: decided per MWr at its first beat", true,
		 t_bme_toggle},
		{"function number >= NumFuncs dropped", true, t_bad_func},
		{"zero-length request: taken, one drop pulse", true, t_zero_len},
		{"zero-length requests next to dropped MWrs", true, t_zero_vs_drop},
		{"beats without sof where a request starts are discarded", true, t_stray},
		{"idle_o", true, t_idle},
		{"requester ID = rid_base + func up to the last function", true, t_rid_last_func},
		{"random requests, alignment, gaps, backpressure, BME vs reference model", true,
		 t_random},
		{"throughput (1514 B at MPS 256 >= 90% of rq cycles)", true, t_throughput},
	};
	return vfnic_tb::run_tests(t, tests, "[NumFuncs " + std::to_string(kFuncs) + "]");
}
