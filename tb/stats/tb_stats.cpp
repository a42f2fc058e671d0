// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_stats: directed tests of every counting rule, the read port,
// wrap, bursts and overrun, plus a seeded random phase, all checked against the C reference
// model stats_ref. Every read is checked: ack exactly 2 cycles after the request; a port
// counter exact as of the request cycle; a ring/function counter between the model's value
// without the events of the last `lag` cycles and its value before the request cycle.
// Prints TAP; exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_stats OUTDIR     (SEED=n in the environment replays a run)
#include <cinttypes>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "Vvfnic_stats.h"
#include "Vvfnic_stats___024root.h"
#include "block_tb.h"
#include "stats_ref.h"

#ifndef STATS_TB_FUNCS
#error "build with -DSTATS_TB_FUNCS=<NumFuncs> -DSTATS_TB_QP=<NumQp>"
#endif

namespace
{

using vfnic_tb::get_bits;

constexpr unsigned kFuncs = STATS_TB_FUNCS;
constexpr unsigned kQp = STATS_TB_QP;
constexpr unsigned kFifo = 4;            // EvFifoDepth
constexpr unsigned kLegalLag = 5;        // documented visibility bound at legal rates

struct Hist {
	uint64_t cycle;
	std::vector<stats_effect> eff;
};

struct Read {
	uint64_t due;  // cycle whose end shows rd_ack_o
	unsigned space, idx, cnt;
	uint64_t lo, hi;
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_stats> {
	Tb(uint64_t seed, const std::string &dir) : BlockTb(seed, dir, "tb-stats") {}

	stats_ref ref;
	std::deque<Hist> hist;       // TX/RX events of the last cycles
	std::deque<Read> reads;
	unsigned lag = kLegalLag;
	bool check_values = true;    // compare read data with the model
	uint64_t last_read = 0;      // value of the last completed read
	uint64_t reads_done = 0;
	uint64_t tx_sent = 0, rx_sent = 0;

	// inputs of the next cycle
	bool tx = false, rx = false, rd = false;
	unsigned tx_q = 0, tx_f = 0, tx_b = 0, tx_e = 0;
	unsigned rx_q = 0, rx_f = 0, rx_b = 0, rx_c = 0;
	unsigned pmask = 0, prx_b = 0, ptx_b = 0;
	unsigned rd_s = 0, rd_i = 0, rd_c = 0;

	void reset();
	void cycle();
	void idle(unsigned n)
	{
		for (unsigned i = 0; i < n; i++)
			cycle();
	}
	uint64_t read(unsigned space, unsigned idx, unsigned cnt);
	void drain() { idle(3 * kFifo + 8); }
	void compare_all();
};

uint64_t window_delta(const std::deque<Hist> &h, uint64_t from, unsigned s, unsigned i, unsigned c)
{
	uint64_t d = 0;
	for (const Hist &x : h)
		if (x.cycle >= from)
			for (const stats_effect &e : x.eff)
				if (e.space == s && e.idx == i && e.cnt == c)
					d += e.inc;
	return d;
}

void Tb::reset()
{
	stats_ref_init(&ref, kFuncs, kQp);
	hist.clear();
	reads.clear();
	tx = rx = rd = false;
	pmask = 0;
	top->rst_ni = 0;
	top->clk_i = 0;
	top->tx_ev_valid_i = 0;
	top->rx_ev_valid_i = 0;
	top->port_ev_i = 0;
	top->rd_req_i = 0;
	eval_dump();
	top->clk_i = 1;
	eval_dump();
	top->clk_i = 0;
	eval_dump();
	top->rst_ni = 1;
	now = 0;
	lag = kLegalLag;
	check_values = true;
}

void Tb::cycle()
{
	Vvfnic_stats &m = *top;
	m.tx_ev_valid_i = tx;
	m.tx_ev_q_i = tx_q;
	m.tx_ev_func_i = tx_f;
	m.tx_ev_bytes_i = tx_b;
	m.tx_ev_err_i = tx_e;
	m.rx_ev_valid_i = rx;
	m.rx_ev_q_i = rx_q;
	m.rx_ev_func_i = rx_f;
	m.rx_ev_bytes_i = rx_b;
	m.rx_ev_code_i = rx_c;
	m.port_ev_i = pmask;
	m.port_rx_bytes_i = prx_b;
	m.port_tx_bytes_i = ptx_b;
	m.rd_req_i = rd;
	m.rd_space_i = rd_s;
	m.rd_idx_i = rd_i;
	m.rd_cnt_i = rd_c;
	m.clk_i = 0;
	eval_dump();

	// the model: port events of this cycle count for a port read of this cycle; TX/RX events
	// of this cycle do not count for any read of this cycle
	stats_effect e[16];
	int n = stats_ref_port_effects(pmask, prx_b, ptx_b, e);
	stats_ref_apply(&ref, e, n);
	if (rd) {
		Read r{now + 2, rd_s, rd_i, rd_c, 0, 0};
		r.hi = stats_ref_get(&ref, rd_s, rd_i, rd_c);
		r.lo = r.hi;
		if (rd_s != STATS_SPACE_PORT)
			r.lo -= window_delta(hist, now >= lag ? now - lag + 1 : 0, rd_s, rd_i, rd_c);
		reads.push_back(r);
	}
	Hist h{now, {}};
	if (tx) {
		n = stats_ref_tx_effects(&ref, tx_q, tx_f, tx_b, tx_e, e);
		h.eff.insert(h.eff.end(), e, e + n);
		tx_sent++;
	}
	if (rx) {
		n = stats_ref_rx_effects(&ref, rx_q, rx_f, rx_b, rx_c, e);
		h.eff.insert(h.eff.end(), e, e + n);
		rx_sent++;
	}
	stats_ref_apply(&ref, h.eff.data(), (int)h.eff.size());
	hist.push_back(h);
	while (!hist.empty() && hist.front().cycle + 64 < now)
		hist.pop_front();

	m.clk_i = 1;
	eval_dump();

	// outputs of cycle now + 1 (registered)
	bool ack = m.rd_ack_o;
	bool want = !reads.empty() && reads.front().due == now + 1;
	if (!check(ack == want, "rd_ack_o %d, expected %d", ack, want)) {
		if (want)
			reads.pop_front();
	} else if (want) {
		const Read &r = reads.front();
		uint64_t v = m.rd_data_o;
		check(!check_values || v - r.lo <= r.hi - r.lo,
		      "read space %u idx %u cnt %u = %" PRIu64 ", expected %" PRIu64 "..%" PRIu64,
		      r.space, r.idx, r.cnt, v, r.lo, r.hi);
		last_read = v;
		reads_done++;
		reads.pop_front();
	}
	now++;
	tx = rx = rd = false;
	pmask = 0;
}

uint64_t Tb::read(unsigned space, unsigned idx, unsigned cnt)
{
	rd = true;
	rd_s = space;
	rd_i = idx;
	rd_c = cnt;
	cycle();
	cycle();
	return last_read;
}

void Tb::compare_all()
{
	drain();
	for (unsigned s = 0; s < 2; s++)
		for (unsigned q = 0; q < kQp; q++)
			for (unsigned c = 0; c < 3; c++)
				read(s, q, c);
	for (unsigned f = 0; f < kFuncs; f++)
		for (unsigned c = 0; c < STATS_NUM_FSTAT; c++)
			read(STATS_SPACE_FUNC, f, c);
	for (unsigned c = 0; c < STATS_NUM_PSTAT; c++)
		read(STATS_SPACE_PORT, 0, c);
	check(top->overrun_o == 0, "overrun_o = %u", top->overrun_o);
	// with nothing coming in, the accumulators flush (one kind a cycle) and the block goes
	// still: busy_o low (the datapath's clock may then stop, docs/rtl-structure.md)
	unsigned n = 0;
	while (top->busy_o && n++ < 4 * STATS_NUM_PSTAT + 8)
		cycle();
	check(!top->busy_o, "busy_o still high %u cycles after the last access", n);
}

// ---- tests ----

void t_reset_zero(Tb &t)
{
	t.compare_all();
	// counters that do not exist read 0 (and are acked)
	t.check(t.read(0, kQp, 0) == 0, "ring q >= NumQp");
	t.check(t.read(1, 0, 3) == 0, "ring counter 3");
	t.check(t.read(2, kFuncs, 0) == 0, "function >= NumFuncs");
	t.check(t.read(2, 0, STATS_NUM_FSTAT) == 0, "FSTAT beyond the enum");
	t.check(t.read(3, 0, STATS_NUM_PSTAT) == 0, "PSTAT beyond the enum");
}

void t_tx_rules(Tb &t)
{
	for (unsigned err = 0; err < 16; err++) {
		t.tx = true;
		t.tx_q = (unsigned)t.rnd(kQp);
		t.tx_f = (unsigned)t.rnd(kFuncs);
		t.tx_b = 60 + (unsigned)t.rnd(9000);
		t.tx_e = err;
		t.cycle();
		unsigned q = t.tx_q, f = t.tx_f;
		t.drain();
		for (unsigned c = 0; c < 3; c++) {
			t.read(0, q, c);
			t.read(1, q, c);
		}
		for (unsigned c = 0; c < STATS_NUM_FSTAT; c++)
			t.read(2, f, c);
	}
	// an event of a function >= NumFuncs moves only the ring, a q >= NumQp only the function
	for (unsigned i = 0; i < 8; i++) {
		t.tx = true;
		t.tx_q = i & 1 ? kQp + (unsigned)t.rnd(256 - kQp) : (unsigned)t.rnd(kQp);
		t.tx_f = i & 1 ? (unsigned)t.rnd(kFuncs) : kFuncs + (unsigned)t.rnd(128 - kFuncs);
		t.tx_b = 1 + (unsigned)t.rnd(16383);
		t.tx_e = i & 2 ? 0 : 1 + (unsigned)t.rnd(6);
		t.cycle();
		t.idle(7);
	}
	t.compare_all();
}

void t_rx_rules(Tb &t)
{
	for (unsigned code = 0; code < 8; code++) {
		for (unsigned k = 0; k < 3; k++) {
			t.rx = true;
			// k = 1: no ring (0xFF), k = 2: a q >= NumQp that is not 0xFF
			t.rx_q = k == 0 ? (unsigned)t.rnd(kQp) : k == 1 ? 0xff : kQp + (unsigned)t.rnd(255 - kQp);
			t.rx_f = (unsigned)t.rnd(kFuncs);
			t.rx_b = 60 + (unsigned)t.rnd(9000);
			t.rx_c = code;
			t.cycle();
			unsigned q = t.rx_q, f = t.rx_f;
			t.drain();
			for (unsigned c = 0; c < 3; c++) {
				t.read(1, q, c);
				t.read(0, q, c);
			}
			for (unsigned c = 0; c < STATS_NUM_FSTAT; c++)
				t.read(2, f, c);
		}
	}
	t.rx = true;
	t.rx_q = 0;
	t.rx_f = kFuncs;
	t.rx_b = 100;
	t.rx_c = 0;
	t.cycle();
	t.compare_all();
}

void t_port_rules(Tb &t)
{
	for (unsigned k = 0; k < STATS_NUM_PSTAT; k++) {
		t.pmask = 1u << k;
		t.prx_b = 60 + (unsigned)t.rnd(9000);
		t.ptx_b = 60 + (unsigned)t.rnd(9000);
		t.cycle();
		for (unsigned c = 0; c < STATS_NUM_PSTAT; c++)
			t.read(3, 0, c);
	}
	// every kind every cycle, with reads of port counters in between
	for (unsigned i = 0; i < 400; i++) {
		t.pmask = (1u << STATS_NUM_PSTAT) - 1;
		t.prx_b = 1 + (unsigned)t.rnd(16383);
		t.ptx_b = 1 + (unsigned)t.rnd(16383);
		if (i % 2 == 0) {
			t.rd = true;
			t.rd_s = 3;
			t.rd_c = (unsigned)t.rnd(STATS_NUM_PSTAT);
		}
		t.cycle();
	}
	t.compare_all();
}

void t_same_counter(Tb &t)
{
	// back-to-back updates of one word (forwarding): TX alone every cycle, then TX every
	// other cycle and RX every third on the same function
	for (unsigned i = 0; i < 400; i++) {
		t.tx = i < 200 || i % 2 == 0;
		t.tx_q = 1 % kQp;
		t.tx_f = 1 % kFuncs;
		t.tx_b = 1 + (unsigned)t.rnd(16383);
		t.tx_e = t.rnd(4) ? 0 : 3;
		if (i >= 200 && i % 3 == 0) {
			t.rx = true;
			t.rx_q = 1 % kQp;
			t.rx_f = 1 % kFuncs;
			t.rx_b = 1 + (unsigned)t.rnd(16383);
			t.rx_c = t.rnd(4) ? 0 : 2;
		}
		t.cycle();
	}
	t.compare_all();
}

void t_carry(Tb &t)
{
	// 2^32 bytes through one ring, one function and the port: carry into the high word
	const unsigned n = (unsigned)((1ULL << 32) / 16383 + 3);
	unsigned q = (unsigned)t.rnd(kQp), f = (unsigned)t.rnd(kFuncs);
	for (unsigned i = 0; i < n; i++) {
		t.tx = true;
		t.tx_q = q;
		t.tx_f = f;
		t.tx_b = 16383;
		t.tx_e = 0;
		t.pmask = 1u << 7 | 1u << 0;  // TX_FRAMES, RX_FRAMES
		t.ptx_b = 16383;
		t.prx_b = 16383;
		t.cycle();
	}
	t.drain();
	uint64_t v = t.read(0, q, 1);
	t.check(v >> 32 == 1, "ring BYTES %#" PRIx64 " has no carry", v);
	v = t.read(2, f, 1);
	t.check(v >> 32 == 1, "function TX_BYTES %#" PRIx64 " has no carry", v);
	v = t.read(3, 0, 8);
	t.check(v >> 32 == 1, "port TX_BYTES %#" PRIx64 " has no carry", v);
	t.compare_all();
}

// Sets a written counter word in the RAM (the tb is built with --public-flat-rw)
template <typename W> void poke64(W &word, unsigned lane, uint64_t v)
{
	word[2 * lane] = (uint32_t)v;
	word[2 * lane + 1] = (uint32_t)(v >> 32);
}

void t_wrap64(Tb &t)
{
	unsigned q = (unsigned)t.rnd(kQp), f = (unsigned)t.rnd(kFuncs);
	// write the words once so they count as written, then preset them near 2^64
	t.tx = true;
	t.tx_q = q;
	t.tx_f = f;
	t.tx_b = 1;
	t.tx_e = 0;
	t.pmask = 1u << 7;
	t.ptx_b = 1;
	t.cycle();
	t.drain();
	auto *root = t.top->rootp;
	const uint64_t near = ~0ULL - 5;
	poke64(root->vfnic_stats__DOT__gen_ram__BRA__0__KET____DOT__mem[q], 0, near);
	poke64(root->vfnic_stats__DOT__gen_ram__BRA__0__KET____DOT__mem[q], 1, near);
	poke64(root->vfnic_stats__DOT__gen_ram__BRA__1__KET____DOT__mem[f * 6], 1, near);
	root->vfnic_stats__DOT__gen_ram__BRA__2__KET____DOT__mem[8] = near;
	stats_ref_set(&t.ref, 0, q, 0, near);
	stats_ref_set(&t.ref, 0, q, 1, near);
	stats_ref_set(&t.ref, 2, f, 1, near);
	stats_ref_set(&t.ref, 3, 0, 8, near);
	t.check(t.read(0, q, 1) == near, "preset did not take");
	for (unsigned i = 0; i < 8; i++) {
		t.tx = true;
		t.tx_b = 1000;
		t.pmask = 1u << 7;
		t.ptx_b = 1000;
		t.cycle();
	}
	t.drain();
	uint64_t v = t.read(0, q, 0);
	t.check(v == near + 8, "PKTS %#" PRIx64 " did not wrap to %#" PRIx64, v, near + 8);
	t.compare_all();
}

// TX and RX at the line-rate bound (once every 8 cycles, in the same cycle), every port kind
// every cycle, a read every other cycle
void t_heavy_reads(Tb &t)
{
	for (unsigned i = 0; i < 20000; i++) {
		if (i % 8 == 0) {
			t.tx = true;
			t.tx_q = (unsigned)t.rnd(4) % kQp;
			t.tx_f = (unsigned)t.rnd(3) % kFuncs;
			t.tx_b = 60 + (unsigned)t.rnd(60);
			t.tx_e = t.rnd(8) ? 0 : (unsigned)t.rnd(7);
			t.rx = true;
			t.rx_q = (unsigned)t.rnd(4) % kQp;
			t.rx_f = (unsigned)t.rnd(3) % kFuncs;
			t.rx_b = 60 + (unsigned)t.rnd(60);
			t.rx_c = t.rnd(8) ? 0 : (unsigned)t.rnd(5);
		}
		t.pmask = (unsigned)t.rnd(1u << STATS_NUM_PSTAT) | 1u << 0 | 1u << 7;
		t.prx_b = 60 + (unsigned)t.rnd(60);
		t.ptx_b = 60 + (unsigned)t.rnd(60);
		if (i % 2 == 1) {
			t.rd = true;
			t.rd_s = (unsigned)t.rnd(4);
			t.rd_i = (unsigned)t.rnd(4) % (t.rd_s == 2 ? kFuncs : kQp);
			t.rd_c = (unsigned)t.rnd(t.rd_s < 2 ? 3 : t.rd_s == 2 ? STATS_NUM_FSTAT : STATS_NUM_PSTAT);
		}
		t.cycle();
	}
	t.check(t.top->overrun_o == 0, "overrun_o = %u", t.top->overrun_o);
	t.compare_all();
}

// both sources back to back for 2*depth - 1 cycles: absorbed
void t_burst(Tb &t)
{
	for (unsigned rep = 0; rep < 20; rep++) {
		for (unsigned i = 0; i < 2 * kFifo - 1; i++) {
			t.tx = t.rx = true;
			t.tx_q = (unsigned)t.rnd(kQp);
			t.rx_q = (unsigned)t.rnd(kQp);
			t.tx_f = t.rx_f = (unsigned)t.rnd(kFuncs);
			t.tx_b = t.rx_b = 64;
			t.tx_e = t.rx_c = 0;
			t.cycle();
		}
		t.drain();
	}
	t.compare_all();
}

// more than the FIFOs hold: what is lost is counted in overrun_o, the rest is counted right
void t_overrun(Tb &t)
{
	const unsigned n = 40;
	for (unsigned i = 0; i < n; i++) {
		t.tx = t.rx = true;
		t.tx_q = t.rx_q = 0;
		t.tx_f = t.rx_f = 0;
		t.tx_b = t.rx_b = 64;
		t.tx_e = t.rx_c = 0;
		t.cycle();
	}
	t.drain();
	t.check_values = false;  // the model counted the lost events too
	uint64_t got = t.read(0, 0, 0) + t.read(1, 0, 0);
	unsigned lost = t.top->overrun_o;
	t.check(lost > 0, "no overrun counted");
	t.check(got + lost == 2 * n, "counted %" PRIu64 " + lost %u != %u", got, lost, 2 * n);
	t.check(t.read(2, 0, 0) + t.read(2, 0, 2) == got, "function and ring totals differ");
}

void t_random(Tb &t)
{
	unsigned tx_gap = 0, rx_gap = 0;
	uint64_t events = 0;
	for (unsigned i = 0; i < 60000; i++) {
		if (tx_gap == 0 && t.rnd(3) == 0) {
			t.tx = true;
			t.tx_q = t.rnd(10) ? (unsigned)t.rnd(kQp) : (unsigned)t.rnd(256);
			t.tx_f = t.rnd(10) ? (unsigned)t.rnd(kFuncs) : (unsigned)t.rnd(128);
			t.tx_b = 1 + (unsigned)t.rnd(16383);
			t.tx_e = t.rnd(2) ? 0 : (unsigned)t.rnd(16);
			tx_gap = 8;
			events++;
		}
		if (rx_gap == 0 && t.rnd(3) == 0) {
			t.rx = true;
			t.rx_q = t.rnd(10) ? (unsigned)t.rnd(kQp) : t.rnd(2) ? 0xff : (unsigned)t.rnd(256);
			t.rx_f = t.rnd(10) ? (unsigned)t.rnd(kFuncs) : (unsigned)t.rnd(128);
			t.rx_b = 1 + (unsigned)t.rnd(16383);
			t.rx_c = t.rnd(2) ? 0 : (unsigned)t.rnd(8);
			rx_gap = 8;
			events++;
		}
		tx_gap -= tx_gap > 0;
		rx_gap -= rx_gap > 0;
		t.pmask = (unsigned)t.rnd(1u << STATS_NUM_PSTAT) & (unsigned)t.rnd(1u << STATS_NUM_PSTAT);
		t.prx_b = 1 + (unsigned)t.rnd(16383);
		t.ptx_b = 1 + (unsigned)t.rnd(16383);
		if (t.reads.empty() && t.rnd(2)) {
			t.rd = true;
			t.rd_s = (unsigned)t.rnd(4);
			t.rd_i = (unsigned)t.rnd(t.rd_s == 2 ? kFuncs + 1 : kQp + 1);
			t.rd_c = (unsigned)t.rnd(t.rd_s < 2 ? 4 : 16);
		}
		t.cycle();
	}
	std::printf("# random: %" PRIu64 " TX/RX events, %" PRIu64 " reads\n", events, t.reads_done);
	t.compare_all();
}

}  // namespace

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset: every counter reads 0, missing counters read 0", true, t_reset_zero},
		{"TX events: every TXERR, q/function out of range", true, t_tx_rules},
		{"RX events: every code, q 0xFF, q/function out of range", true, t_rx_rules},
		{"port events: every kind, bytes with frames, all kinds every cycle", true,
		 t_port_rules},
		{"back-to-back updates of one word (forwarding)", true, t_same_counter},
		{"2^32 bytes: carry into the high word", true, t_carry},
		{"64-bit wrap", true, t_wrap64},
		{"reads every other cycle during line-rate traffic", true, t_heavy_reads},
		{"bursts of 2*depth-1 cycles of TX+RX absorbed", true, t_burst},
		{"overflowing burst counted in overrun_o", true, t_overrun},
		{"random phase vs reference", true, t_random},
	};
	std::string label = "[f" + std::to_string(kFuncs) + " q" + std::to_string(kQp) + "]";
	return vfnic_tb::run_tests(t, tests, label);
}
