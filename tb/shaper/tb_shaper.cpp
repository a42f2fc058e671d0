// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_shaper: directed tests (unlimited, achieved rate of a greedy
// sender at several rates, police flag, clear of every function, burst cap, charge and
// refresh of one function back to back, register port ack, saturation) plus a seeded random
// phase; every cycle eligible_o, police_o, cfg_ack_o and (with the ack) cfg_rdata_o are
// compared with the cycle-exact C reference model shaper_ref. Directed tests also check the
// credit against values worked out from the refill by elapsed time, independently of the
// model. Prints TAP; exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_shaper OUTDIR     (SEED=n in the environment replays a run)
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "Vvfnic_shaper.h"
#include "block_tb.h"
#include "shaper_ref.h"

#ifndef SHAPER_TB_FUNCS
#error "build with -DSHAPER_TB_FUNCS=<NumFuncs the shaper was built with>"
#endif
#ifndef SHAPER_TB_FRAC_BITS
#define SHAPER_TB_FRAC_BITS 24
#endif

namespace
{

using vfnic_tb::get_bit;

constexpr unsigned kFuncs = SHAPER_TB_FUNCS;
constexpr unsigned kFrac = SHAPER_TB_FRAC_BITS;
constexpr double kClockHz = 156.25e6;
constexpr int64_t kMinCreditBytes = -(1LL << 25);
// cycles from charge_i to eligible_o (a register write shows in the cycle after its ack)
constexpr unsigned kLag = 2;

// INCR for a rate in bits per second at the 156.25 MHz core clock (driver/hw formula)
uint32_t incr_of_bps(double bps) { return (uint32_t)std::llround(bps / 8 / kClockHz * 16777216.0); }

struct Tb : vfnic_tb::BlockTb<Vvfnic_shaper> {
	Tb(uint64_t seed, const std::string &outdir) : BlockTb(seed, outdir, "tb-shaper")
	{
		shaper_ref_reset(&ref, kFuncs, kFrac);
		std::memset(&in, 0, sizeof(in));
	}

	void reset();
	// one clock cycle with the inputs in `in` (cleared afterwards, but the register request
	// stays until its ack); checks outputs vs model
	void cycle();
	void idle(unsigned n);
	// evaluate; dumped only while tracing, the waveform time still advances
	void eval_traced()
	{
		if (trace) {
			eval_dump();
		} else {
			top->eval();
			stamp++;
		}
	}
	void after_test() override
	{
		idle(2);  // still part of the test
		any_failed |= errors != 0;
	}
	void summary() override
	{
		std::printf("# %" PRIu64 " cycles, every one checked against the model\n", now);
		if (any_failed)
			std::printf("# (long rate runs are not traced in the waveform)\n");
	}

	// register access through the port: request until the ack (charges in `in` of the first
	// cycle still go in); returns the read data. ack_at: the cycle of the ack
	uint32_t access(unsigned f, unsigned sel, bool we, uint32_t v);
	void cfg_wr(unsigned f, unsigned sel, uint32_t v) { access(f, sel, true, v); }
	uint32_t cfg_rd(unsigned f, unsigned sel) { return access(f, sel, false, 0); }
	int64_t credit(unsigned f) { return (int32_t)cfg_rd(f, SHAPER_CREDIT); }
	bool eligible(unsigned f) { return get_bit(top->eligible_o, f); }
	bool police(unsigned f) { return get_bit(top->police_o, f); }

	bool trace = true;
	bool any_failed = false;

	shaper_ref ref;
	shaper_in in;
	// register request held across cycles until the ack
	bool req = false, req_we = false;
	unsigned req_func = 0, req_sel = 0;
	uint32_t req_wdata = 0;
	bool acked = false;     // the last cycle() had the ack
	uint32_t ack_data = 0;  // its read data
	uint32_t tnow = 0;      // now_i: the time base vfnic_dp gives the block
	uint64_t ack_at = 0;
	unsigned max_wait = 0;  // longest request-to-ack so far
};

void Tb::cycle()
{
	Vvfnic_shaper &m = *top;
	in.req = req;
	in.we = req_we;
	in.func = req_func;
	in.sel = req_sel;
	in.wdata = req_wdata;
	m.cfg_req_i = in.req;
	m.cfg_we_i = in.we;
	m.cfg_func_i = in.func & 0x7f;
	m.cfg_sel_i = in.sel & 3;
	m.cfg_wdata_i = in.wdata;
	m.charge_i = in.charge;
	m.charge_func_i = in.charge_func & 0x7f;
	m.charge_bytes_i = in.charge_bytes & 0xffff;
	m.clr_all_i = in.clr_all;
	m.now_i = tnow;
	m.clk_i = 0;
	eval_traced();

	acked = false;
	if (m.rst_ni) {
		unsigned bad_e = 0, bad_p = 0;
		for (unsigned f = 0; f < kFuncs; f++) {
			if (eligible(f) != shaper_ref_eligible(&ref, f) && bad_e++ < 3)
				fail("eligible_o[%u] = %d, model %d (model credit %" PRId64 " B, incr %u)",
				     f, eligible(f), shaper_ref_eligible(&ref, f),
				     shaper_ref_credit_bytes(&ref, f), ref.incr[f]);
			if (police(f) != shaper_ref_police(&ref, f) && bad_p++ < 3)
				fail("police_o[%u] = %d, model %d", f, police(f),
				     shaper_ref_police(&ref, f));
		}
		bool want_ack = shaper_ref_ack(&ref);
		check(m.cfg_ack_o == want_ack, "cfg_ack_o = %d, model %d", m.cfg_ack_o, want_ack);
		check(!m.cfg_ack_o || req, "cfg_ack_o without a request");
		if (want_ack) {
			uint32_t want = shaper_ref_rdata(&ref);
			check(m.cfg_rdata_o == want, "read func %u sel %u = %08x, model %08x",
			      req_func & 0x7f, req_sel & 3, m.cfg_rdata_o, want);
		}
		if (m.cfg_ack_o) {
			acked = true;
			ack_data = m.cfg_rdata_o;
			ack_at = now;
			req = false;
		}
		shaper_ref_step(&ref, &in);
	}

	m.clk_i = 1;
	eval_traced();
	now++;
	tnow = m.rst_ni ? tnow + 1 : 0;  // vfnic_dp's time base: 0 in reset, then +1 a cycle
	std::memset(&in, 0, sizeof(in));
}

void Tb::idle(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		cycle();
}

void Tb::reset()
{
	req = false;
	top->rst_ni = 0;
	cycle();
	cycle();
	top->rst_ni = 1;
	// the model starts with the first cycle out of reset (the reset walk)
	shaper_ref_reset(&ref, kFuncs, kFrac);
	cycle();
}

uint32_t Tb::access(unsigned f, unsigned sel, bool we, uint32_t v)
{
	req = true;
	req_we = we;
	req_func = f;
	req_sel = sel;
	req_wdata = v;
	uint64_t start = now;
	while (req && now - start < 100000)
		cycle();
	check(!req, "no ack in %" PRIu64 " cycles", now - start);
	req = false;
	max_wait = std::max(max_wait, (unsigned)(now - start));
	return ack_data;
}

unsigned last_func() { return kFuncs - 1; }
unsigned mid_func() { return kFuncs / 2; }

// wait for the end of a reset walk (the model's, which the comparison keeps in step)
void until_walk_done(Tb &t)
{
	while (t.ref.walk || (t.ref.s1_valid && t.ref.s1_op == SHAPER_OP_WALK))
		t.cycle();
}

// ---- directed tests ----
void t_reset_state(Tb &t)
{
	for (unsigned f = 0; f < kFuncs; f++)
		t.check(t.eligible(f) && !t.police(f), "func %u eligible/police during the walk", f);
	for (unsigned f = 0; f < kFuncs; f++) {
		t.check(t.cfg_rd(f, SHAPER_INCR) == 0, "func %u INCR after reset", f);
		t.check(t.cfg_rd(f, SHAPER_BURST) == 16384, "func %u BURST after reset", f);
		t.check(t.cfg_rd(f, SHAPER_MODE) == 0, "func %u MODE after reset", f);
		t.check(t.credit(f) == 16384, "func %u CREDIT after reset: %" PRId64, f, t.credit(f));
		t.check(t.eligible(f) && !t.police(f), "func %u eligible/police after reset", f);
	}
	for (unsigned f : {kFuncs, 127u})
		for (unsigned sel = 0; sel < 4; sel++)
			t.check(t.cfg_rd(f, sel) == 0, "func %u (>= NumFuncs) sel %u reads non-zero", f,
				sel);
}

void t_unlimited(Tb &t)
{
	unsigned bad = 0;
	for (unsigned i = 0; i < 4 * kFuncs + 1200; i++) {
		t.in.charge = true;
		t.in.charge_func = i % 2 ? 0 : last_func();
		t.in.charge_bytes = 65535;
		t.cycle();
		for (unsigned f = 0; f < kFuncs; f++)
			bad += !t.eligible(f);
	}
	t.check(bad == 0, "INCR 0 (unlimited) was not eligible in %u function-cycles", bad);
	t.check(t.credit(0) < 0, "the credit of an unlimited function is still charged");
}

// A greedy sender on function f: a frame whenever eligible. The achieved rate from the first
// frame sent after the bucket ran dry to the last one must be INCR/2^24 bytes/cycle +-1%.
void rate_test(Tb &t, unsigned f, double bps, unsigned frame, unsigned intervals)
{
	uint32_t incr = incr_of_bps(bps);
	double want = incr / 16777216.0;
	// the bucket must hold a whole refill (INCR * NumFuncs) on top of a frame, or the cap
	// would throw credit away and the rate would fall short
	t.cfg_wr(f, SHAPER_BURST, 2 * frame + 2 * (unsigned)std::ceil(want * kFuncs));
	t.cfg_wr(f, SHAPER_INCR, incr);
	uint64_t max_cycles = (uint64_t)((intervals + 4) * frame / want) + 10 * kFuncs;
	bool dry = false;
	unsigned frames = 0;
	uint64_t first = 0, last = 0, start = t.now;
	t.trace = false;  // long run: the per-cycle model comparison does the checking
	while (t.now - start < max_cycles && (frames == 0 || frames <= intervals)) {
		if (!t.eligible(f)) {
			dry = true;
		} else {
			t.in.charge = true;
			t.in.charge_func = f;
			t.in.charge_bytes = frame;
			if (dry) {
				if (frames == 0)
					first = t.now;
				last = t.now;
				frames++;
			}
		}
		t.cycle();
	}
	t.trace = true;
	t.check(frames > intervals, "only %u frames in %" PRIu64 " cycles", frames, t.now - start);
	if (frames < 2)
		return;
	double got = (double)(frames - 1) * frame / (double)(last - first);
	double err = got / want - 1;
	std::printf("# func %u, %.0f b/s (INCR %u, %u-byte frames): %.6f B/cycle, expected %.6f "
		    "(%+.3f%%), %u frames\n",
		    f, bps, incr, frame, got, want, 100 * err, frames);
	t.check(std::fabs(err) <= 0.01, "achieved %.6f B/cycle, expected %.6f (%+.3f%%)", got, want,
		100 * err);
}

void t_rate_1m(Tb &t) { rate_test(t, mid_func(), 1e6, 64, 12); }
void t_rate_10m(Tb &t) { rate_test(t, last_func(), 10e6, 64, 12); }
void t_rate_1g(Tb &t) { rate_test(t, 0, 1e9, 1518, 20); }
void t_rate_5g(Tb &t) { rate_test(t, last_func(), 5e9, 1518, 40); }
void t_rate_10g(Tb &t) { rate_test(t, mid_func(), 10e9, 64, 4000); }

// Every function limited at its own rate at once; one charge per cycle, round robin among
// the eligible ones
void t_rate_all(Tb &t)
{
	std::vector<unsigned> frame(kFuncs);
	std::vector<uint32_t> incr(kFuncs);
	for (unsigned f = 0; f < kFuncs; f++) {
		frame[f] = 64 + (unsigned)t.rnd(1455);
		// frame interval 20*NumFuncs..30000 cycles (log uniform): the charge port keeps up
		double lo = std::log(20.0 * kFuncs), hi = std::log(30000.0);
		double interval = std::exp(lo + (hi - lo) * (double)t.rnd(1000000) / 1e6);
		incr[f] = (uint32_t)(frame[f] / interval * 16777216.0);
		t.cfg_wr(f, SHAPER_BURST, frame[f]);
		t.cfg_wr(f, SHAPER_INCR, incr[f]);
	}
	std::vector<bool> dry(kFuncs, false);
	std::vector<unsigned> frames(kFuncs, 0);
	std::vector<uint64_t> first(kFuncs, 0), last(kFuncs, 0);
	std::vector<uint64_t> sent_at(kFuncs, 0);
	unsigned rr = 0;
	t.trace = false;
	for (uint64_t i = 0; i < 400000; i++) {
		for (unsigned k = 0; k < kFuncs; k++) {
			unsigned f = (rr + k) % kFuncs;
			// a sender that looks at eligible_o once its last charge shows there (kLag):
			// one frame per time it sees credit; with BURST = one frame, a greedy sender
			// would send pairs and the short windows below would measure the pairs
			if (t.now < sent_at[f] + kLag)
				continue;
			if (!t.eligible(f)) {
				dry[f] = true;
				continue;
			}
			t.in.charge = true;
			t.in.charge_func = f;
			t.in.charge_bytes = frame[f];
			sent_at[f] = t.now;
			if (dry[f]) {
				if (frames[f] == 0)
					first[f] = t.now;
				last[f] = t.now;
				frames[f]++;
			}
			rr = f + 1;
			break;
		}
		t.cycle();
	}
	t.trace = true;
	double worst = 0;
	for (unsigned f = 0; f < kFuncs; f++) {
		double want = incr[f] / 16777216.0;
		if (!t.check(frames[f] > 10, "func %u: only %u frames", f, frames[f]))
			continue;
		double got = (double)(frames[f] - 1) * frame[f] / (double)(last[f] - first[f]);
		double err = got / want - 1;
		worst = std::fmax(worst, std::fabs(err));
		t.check(std::fabs(err) <= 0.01, "func %u (INCR %u, %u B): %.6f B/cycle, expected %.6f",
			f, incr[f], frame[f], got, want);
	}
	std::printf("# %u functions at once: worst rate error %.3f%%\n", kFuncs, 100 * worst);
}

void t_police(Tb &t)
{
	unsigned f = mid_func();
	t.cfg_wr(f, SHAPER_MODE, 1);
	for (unsigned g = 0; g < kFuncs; g++)
		t.check(t.police(g) == (g == f), "police_o[%u] = %d after MODE.POLICE of %u", g,
			t.police(g), f);
	t.check(t.cfg_rd(f, SHAPER_MODE) == 1, "MODE read back");
	t.cfg_wr(last_func(), SHAPER_MODE, 0xffffffff);
	t.check(t.police(last_func()) && t.cfg_rd(last_func(), SHAPER_MODE) == 1,
		"MODE 0xffffffff: only bit 0 is kept");
	// police changes nothing about eligibility or credit
	t.check(t.credit(f) == 16384 && t.eligible(f), "MODE write touched the credit");
	t.cfg_wr(f, SHAPER_MODE, 0xfffffffe);
	t.check(!t.police(f), "POLICE not cleared");
}

// charge f until it is not eligible
void drain(Tb &t, unsigned f, unsigned bytes = 1518)
{
	for (unsigned i = 0; i < 100000 && t.eligible(f); i++) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = bytes;
		t.cycle();
	}
	t.check(!t.eligible(f), "function %u still eligible after draining", f);
}

// the values every function reads after reset and after clr_all_i
void check_reset_values(Tb &t, const char *when)
{
	for (unsigned f = 0; f < kFuncs; f++) {
		uint32_t incr = t.cfg_rd(f, SHAPER_INCR), burst = t.cfg_rd(f, SHAPER_BURST);
		uint32_t mode = t.cfg_rd(f, SHAPER_MODE);
		int64_t c = t.credit(f);
		t.check(incr == 0 && burst == 16384 && mode == 0 && c == 16384 && t.eligible(f) &&
				!t.police(f),
			"func %u %s: INCR %u BURST %u MODE %u credit %" PRId64 " eligible %d police %d",
			f, when, incr, burst, mode, c, t.eligible(f), t.police(f));
	}
}

// every function limited, some drained, police set
void mess_up(Tb &t)
{
	for (unsigned f = 0; f < kFuncs; f++) {
		t.cfg_wr(f, SHAPER_BURST, 1000 + 37 * f);
		t.cfg_wr(f, SHAPER_INCR, 1000 + f);
		t.cfg_wr(f, SHAPER_MODE, f % 2 ? 1 : 0);
	}
	for (unsigned f : {0u, mid_func(), last_func()})
		drain(t, f);
}

// clr_all_i (vfnic_dp: a PF reset) puts every function's configuration and credit back to
// reset values by a walk of NumFuncs cycles; read back afterwards shows reset values
void t_clear_all(Tb &t)
{
	mess_up(t);
	// the clear, with a charge in the same cycle: lost
	t.in.clr_all = true;
	t.in.charge = true;
	t.in.charge_func = last_func();
	t.in.charge_bytes = 1000;
	t.cycle();
	// a read right after the clear waits for the walk
	uint64_t start = t.now;
	uint32_t incr = t.cfg_rd(0, SHAPER_INCR);
	t.check(incr == 0 && t.now - start >= kFuncs,
		"read after the clear: INCR %u, acked after %" PRIu64 " cycles (walk: %u)", incr,
		t.now - start, kFuncs);
	for (unsigned f = 0; f < kFuncs; f++)
		t.check(t.eligible(f) && !t.police(f), "func %u not eligible/policed after the walk",
			f);
	check_reset_values(t, "after the clear");
	// unlimited again: charged every cycle, never ineligible
	unsigned bad = 0;
	for (unsigned i = 0; i < 3 * kFuncs + 200; i++) {
		t.in.charge = true;
		t.in.charge_func = i % kFuncs;
		t.in.charge_bytes = 65535;
		t.cycle();
		for (unsigned f = 0; f < kFuncs; f++)
			bad += !t.eligible(f);
	}
	t.check(bad == 0, "after the clear: not eligible in %u function-cycles", bad);
	// configuration starts over as after reset: BURST alone does not limit, INCR does
	unsigned f = last_func();
	t.cfg_wr(f, SHAPER_BURST, 3000);
	t.check(t.cfg_rd(f, SHAPER_INCR) == 0 && t.credit(f) == 3000 && t.eligible(f),
		"BURST write after the clear: INCR %u credit %" PRId64, t.cfg_rd(f, SHAPER_INCR),
		t.credit(f));
	t.cfg_wr(f, SHAPER_INCR, 1000);
	drain(t, f);
	// a second clear during the walk of the first starts it again
	t.in.clr_all = true;
	t.cycle();
	t.idle(kFuncs / 2);
	t.in.clr_all = true;
	t.cycle();
	check_reset_values(t, "after two clears");
}

// Register writes and the clear: a write whose access enters the block in the cycle of the
// clear is done after the walk (it stays); one acked in the cycle of the clear is lost
void t_clear_and_writes(Tb &t)
{
	unsigned f = mid_func();
	until_walk_done(t);
	// request in the clear's cycle, block idle: it would enter now; dropped, retried later
	t.req = true;
	t.req_we = true;
	t.req_func = f;
	t.req_sel = SHAPER_BURST;
	t.req_wdata = 777;
	t.in.clr_all = true;
	t.cycle();
	t.check(!t.acked, "acked in the clear's cycle");
	uint64_t start = t.now;
	while (t.req && t.now - start < 1000)
		t.cycle();
	t.check(t.ack_at - start >= kFuncs, "write acked %" PRIu64 " cycles after the clear",
		t.ack_at - start);
	t.check(t.cfg_rd(f, SHAPER_BURST) == 777 && t.credit(f) == 777,
		"a write entering with the clear is done after the walk: BURST %u",
		t.cfg_rd(f, SHAPER_BURST));
	// a write in its ack cycle when the clear comes: acked, then the walk rewrites it
	t.req = true;
	t.req_we = true;
	t.req_func = f;
	t.req_sel = SHAPER_INCR;
	t.req_wdata = 5;
	t.cycle();  // enters
	t.in.clr_all = true;
	t.cycle();  // acked, with the clear
	t.check(t.acked, "the write was not acked in the clear's cycle");
	check_reset_values(t, "after a clear in a write's ack cycle");
	for (unsigned i = 0; i < 100; i++) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = 65535;
		t.cycle();
	}
	t.check(t.eligible(f), "INCR acked in the cycle of the clear limits function %u", f);
}

// Charges across a clear: the clear's cycle and the walk ignore them, those after count
void t_clear_while_charging(Tb &t)
{
	mess_up(t);
	unsigned f = mid_func(), g = last_func();
	unsigned after = 0;
	for (unsigned i = 0; i < 10 + kFuncs + 20; i++) {
		bool walking = t.ref.walk;
		t.in.charge = true;
		t.in.charge_func = i % 2 ? f : g;
		t.in.charge_bytes = 100;
		if (i == 10)
			t.in.clr_all = true;
		else if (i > 10 && !walking && t.in.charge_func == f)
			after++;
		t.cycle();
	}
	int64_t c = t.credit(f);
	t.check(after > 0 && c == 16384 - 100 * (int64_t)after,
		"charged across the clear: credit %" PRId64 ", expected %" PRId64 " (%u charges after "
		"the walk)",
		c, 16384 - 100 * (int64_t)after, after);
	t.check(t.cfg_rd(f, SHAPER_INCR) == 0 && t.cfg_rd(g, SHAPER_BURST) == 16384 &&
			t.cfg_rd(g, SHAPER_MODE) == 0 && t.eligible(f) && t.eligible(g),
		"configuration after the clear while charging");
	for (unsigned h = 0; h < kFuncs; h++)
		if (h != f && h != g)
			t.check(t.credit(h) == 16384, "func %u credit %" PRId64 " after the clear", h,
				t.credit(h));
}

void t_burst_cap(Tb &t)
{
	unsigned f = mid_func();
	t.cfg_wr(f, SHAPER_BURST, 5000);
	t.cfg_wr(f, SHAPER_INCR, 8u << 24);  // 8 B/cycle: refills faster than the charges drain
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 1000;
	t.cycle();
	int64_t peak = 0;
	for (unsigned i = 0; i < 150 + 2 * kFuncs; i++) {  // 1000 B at 8 B/cycle, plus a turn
		peak = std::max<int64_t>(peak, t.credit(f));  // a read: 2 cycles
	}
	t.check(peak == 5000 && t.credit(f) == 5000, "credit peak %" PRId64 ", final %" PRId64
		", BURST 5000", peak, t.credit(f));
	t.idle(2 * kFuncs);
	// a full bucket sends BURST/frame + 1 frames back to back, and kLag more before
	// eligible_o drops: 5000 - 3 x 2500 < 0, seen 2 cycles after the third charge
	unsigned n = 0;
	while (t.eligible(f) && n < 100) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = 2500;
		t.cycle();
		n++;
	}
	t.check(n == 3 + kLag - 1, "a 5000-byte bucket took %u back-to-back 2500-byte frames, "
		"expected %u", n, 3 + kLag - 1);
	// BURST 0: eligible at 0, never above
	t.cfg_wr(f, SHAPER_BURST, 0);
	t.check(t.eligible(f) && t.credit(f) == 0, "BURST 0: credit %" PRId64, t.credit(f));
	t.idle(3 * kFuncs);
	t.check(t.credit(f) == 0, "BURST 0: credit grew to %" PRId64, t.credit(f));
	// BURST's top byte is not stored
	t.cfg_wr(f, SHAPER_BURST, 0xff123456);
	t.check(t.cfg_rd(f, SHAPER_BURST) == 0x123456 && t.credit(f) == 0x123456,
		"BURST 0xff123456 read back %08x", t.cfg_rd(f, SHAPER_BURST));
}

// wait until the coming cycle refreshes function f (by the model's round robin, which the
// per-cycle comparison keeps in step with the RTL)
void until_refresh_of(Tb &t, unsigned f)
{
	unsigned n = 0;
	while ((t.ref.rr != f || t.ref.walk) && n++ < 8 * kFuncs + 100)
		t.cycle();
	t.check(t.ref.rr == f && !t.ref.walk, "the refresh pointer never reached function %u", f);
}

// The refresh runs only while some function is not eligible: function g owes a byte it
// gets back in 2^24 cycles (INCR 1 / 2^24 B a cycle, BURST 0), so the refresh keeps running
void keep_refresh_running(Tb &t, unsigned g)
{
	t.cfg_wr(g, SHAPER_BURST, 0);
	t.cfg_wr(g, SHAPER_INCR, 1);
	t.in.charge = true;
	t.in.charge_func = g;
	t.in.charge_bytes = 1;
	t.cycle();
	t.idle(3);
	t.check(!t.eligible(g), "function %u still eligible after its charge", g);
	t.check(t.top->busy_o, "busy_o low while function %u waits for its refill", g);
}

// busy_o (docs/rtl-structure.md "Activity gating"): low once the reset walk is done and every
// function is eligible; high while one waits for its refill; low again when it is back
void t_busy(Tb &t)
{
	t.idle(kFuncs + 4);
	t.check(!t.top->busy_o, "busy_o high with every function eligible after the walk");
	unsigned g = mid_func();
	t.cfg_wr(g, SHAPER_BURST, 0);
	t.cfg_wr(g, SHAPER_INCR, 1u << 20);  // 1/16 B a cycle: a 2-byte debt lasts 32 cycles
	t.idle(3);
	t.check(!t.top->busy_o, "busy_o high after register writes");
	t.in.charge = true;
	t.in.charge_func = g;
	t.in.charge_bytes = 2;
	t.cycle();
	unsigned n = 0;
	while (t.top->busy_o && n++ < 32 + 4 * kFuncs + 20)
		t.cycle();
	t.check(n >= 30, "busy_o dropped after %u cycles, before the debt was paid", n);
	t.check(!t.top->busy_o && t.eligible(g), "busy_o still high %u cycles later", n);
}

// Credit by reading CREDIT: INCR 1.0 B/cycle, so from one read (its ack cycle) to the next the
// credit grows by the cycles in between, less the bytes charged (far below BURST)
struct CreditTrack {
	Tb &t;
	unsigned f;
	int64_t c;
	uint64_t at;
	CreditTrack(Tb &t_, unsigned f_) : t(t_), f(f_)
	{
		c = t.credit(f);
		at = t.ack_at;
	}
	void expect(int64_t charged, const char *what)
	{
		int64_t now_c = t.credit(f);
		int64_t want = c + (int64_t)(t.ack_at - at) - charged;
		t.check(now_c == want, "%s: credit %" PRId64 ", expected %" PRId64, what, now_c, want);
		c = now_c;
		at = t.ack_at;
	}
};

void charge(Tb &t, unsigned f, unsigned bytes)
{
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = bytes;
}

// The pipeline reads a word in one cycle and writes it in the next; an operation on the
// function written the cycle before takes the written word (forward), whatever the two are
void t_back_to_back(Tb &t)
{
	unsigned f = last_func();
	keep_refresh_running(t, 0);
	t.cfg_wr(f, SHAPER_BURST, 1000000);
	t.cfg_wr(f, SHAPER_INCR, 1u << 24);
	charge(t, f, 60000);
	t.cycle();
	charge(t, f, 60000);
	t.cycle();
	t.idle(3);
	CreditTrack k(t, f);
	uint64_t b2b[4][4];
	std::memcpy(b2b, t.ref.n_b2b, sizeof(b2b));

	// charge in the cycle before the refresh of the same function
	until_refresh_of(t, f);
	charge(t, f, 1000);
	t.cycle();
	t.check(t.ref.rr == f, "the charge moved the refresh pointer");
	t.cycle();  // refresh of f: reads the word the charge writes now
	k.expect(1000, "charge, then refresh of the same function");
	// refresh, then charge of the same function
	until_refresh_of(t, f);
	t.cycle();
	charge(t, f, 300);
	t.cycle();
	t.idle(2);
	k.expect(300, "refresh, then charge of the same function");
	// three charges back to back
	for (unsigned i = 0; i < 3; i++) {
		charge(t, f, 100 + i);
		t.cycle();
	}
	k.expect(303, "three charges back to back");
	// charge, then a register write (MODE) and a CREDIT read of the same function right behind
	charge(t, f, 500);
	t.req = true;
	t.req_we = true;
	t.req_func = f;
	t.req_sel = SHAPER_MODE;
	t.req_wdata = 1;
	t.cycle();  // the charge enters, the write waits
	t.check(t.req && !t.police(f), "MODE write not held back by a charge");
	t.cycle();  // the write enters
	t.cycle();  // ack; the word and police_o[f] are written at its clock edge
	t.check(!t.req && t.ack_at == t.now - 1 && t.police(f), "MODE write behind a charge");
	k.expect(500, "charge, MODE write, CREDIT read");
	// a CREDIT read entering right after a charge: the read sees it
	charge(t, f, 700);
	t.req = true;
	t.req_we = false;
	t.req_func = f;
	t.req_sel = SHAPER_CREDIT;
	t.cycle();  // the charge enters
	t.cycle();  // the read enters; the charge writes the word
	t.cycle();  // the read's ack, from the forwarded word
	t.check(t.acked, "read behind a charge not acked");
	int64_t want = k.c + (int64_t)(t.ack_at - k.at) - 700;
	t.check((int32_t)t.ack_data == want, "CREDIT read right behind a charge: %d, expected %" PRId64,
		(int32_t)t.ack_data, want);
	k.c = (int32_t)t.ack_data;
	k.at = t.ack_at;
	// the same with a refresh of another function in between
	t.cfg_wr(f, SHAPER_MODE, 0);
	k.expect(0, "MODE write");
	std::printf("# back to back on one function: charge>refresh %" PRIu64 ", refresh>charge %" PRIu64
		    ", charge>charge %" PRIu64 ", charge>reg %" PRIu64 "\n",
		    t.ref.n_b2b[SHAPER_OP_CHARGE][SHAPER_OP_REFRESH] -
			    b2b[SHAPER_OP_CHARGE][SHAPER_OP_REFRESH],
		    t.ref.n_b2b[SHAPER_OP_REFRESH][SHAPER_OP_CHARGE] -
			    b2b[SHAPER_OP_REFRESH][SHAPER_OP_CHARGE],
		    t.ref.n_b2b[SHAPER_OP_CHARGE][SHAPER_OP_CHARGE] -
			    b2b[SHAPER_OP_CHARGE][SHAPER_OP_CHARGE],
		    t.ref.n_b2b[SHAPER_OP_CHARGE][SHAPER_OP_REG] - b2b[SHAPER_OP_CHARGE][SHAPER_OP_REG]);
	t.check(t.ref.n_b2b[SHAPER_OP_CHARGE][SHAPER_OP_REFRESH] >
			b2b[SHAPER_OP_CHARGE][SHAPER_OP_REFRESH] &&
		t.ref.n_b2b[SHAPER_OP_REFRESH][SHAPER_OP_CHARGE] >
			b2b[SHAPER_OP_REFRESH][SHAPER_OP_CHARGE] &&
		t.ref.n_b2b[SHAPER_OP_CHARGE][SHAPER_OP_CHARGE] >=
			b2b[SHAPER_OP_CHARGE][SHAPER_OP_CHARGE] + 2 &&
		t.ref.n_b2b[SHAPER_OP_CHARGE][SHAPER_OP_REG] > b2b[SHAPER_OP_CHARGE][SHAPER_OP_REG],
		"the back-to-back cases did not happen");
	// priorities on one function: a configuration write after a charge sets the credit
	charge(t, f, 5000);
	t.cycle();
	t.cfg_wr(f, SHAPER_BURST, 7777);
	t.check(t.credit(f) == 7777, "BURST write behind a charge: %" PRId64, t.credit(f));
}

// The register port: ack one cycle after the access enters; an access waits while charges
// take every cycle; a new access may follow in the cycle after the ack; reads see writes
void t_reg_ack(Tb &t)
{
	unsigned f = mid_func();
	until_walk_done(t);
	uint64_t start = t.now;
	t.cfg_wr(f, SHAPER_BURST, 4321);
	t.check(t.ack_at == start + 1, "idle block: write acked after %" PRIu64 " cycles, expected 1",
		t.ack_at - start);
	// back to back: read in the cycle after the write's ack
	start = t.now;
	uint32_t b = t.cfg_rd(f, SHAPER_BURST);
	t.check(start == t.ack_at - 1 && b == 4321, "read right after the write: %u (acked after "
		"%" PRIu64 ")", b, t.ack_at - start);
	for (unsigned sel = 0; sel < 3; sel++) {
		uint32_t v = sel == 2 ? 1 : 0x1234 + sel;
		t.cfg_wr(f, sel, v);
		t.check(t.cfg_rd(f, sel) == v, "sel %u: wrote %08x, read %08x", sel, v, t.cfg_rd(f, sel));
	}
	// charges every cycle hold the access back; it enters in the first cycle without one
	t.req = true;
	t.req_we = false;
	t.req_func = f;
	t.req_sel = SHAPER_INCR;
	bool early = false;
	for (unsigned i = 0; i < 20; i++) {
		charge(t, (f + i) % kFuncs, 64);
		t.cycle();
		early |= t.acked;
	}
	t.check(!early && t.req, "acked while charges took every cycle");
	t.cycle();  // enters
	t.cycle();  // ack
	t.check(t.acked && t.ack_data == 0x1234, "after the charges: ack %d data %08x", t.acked,
		t.ack_data);
	// a charge of a function >= NumFuncs takes no cycle
	t.req = true;
	t.req_func = f;
	charge(t, 127, 64);
	t.cycle();
	t.cycle();
	t.check(t.acked, "a charge of function 127 held the access back");
	// functions >= NumFuncs: acked, read 0
	for (unsigned g : {kFuncs, 127u}) {
		start = t.now;
		t.cfg_wr(g, SHAPER_INCR, 99);
		uint64_t wait = t.ack_at - start;
		uint32_t v = t.cfg_rd(g, SHAPER_INCR);
		t.check(wait == 1 && v == 0, "func %u: ack after %" PRIu64 ", reads %u", g, wait, v);
	}
	t.check(t.max_wait < 100, "longest wait for an ack %u cycles", t.max_wait);
}

void t_saturate(Tb &t)
{
	unsigned f = 0;
	t.cfg_wr(f, SHAPER_INCR, 1);  // limited, next to no refill
	unsigned n = (unsigned)((16384 - kMinCreditBytes) / 65535) + 20;
	for (unsigned i = 0; i < n; i++) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = 65535;
		t.cycle();
	}
	t.idle(kLag);
	t.check(t.credit(f) == kMinCreditBytes && !t.eligible(f),
		"saturated credit %" PRId64 ", expected %" PRId64, t.credit(f), kMinCreditBytes);
	t.cfg_wr(f, SHAPER_INCR, 0);
	t.check(t.eligible(f) && t.credit(f) == 16384, "INCR write did not reset the credit");
}

void t_write_resets_credit(Tb &t)
{
	unsigned f = mid_func();
	t.cfg_wr(f, SHAPER_INCR, 5000);
	drain(t, f);
	t.cfg_wr(f, SHAPER_BURST, 3000);
	t.check(t.eligible(f) && t.credit(f) == 3000, "BURST write: credit %" PRId64, t.credit(f));
	drain(t, f);
	int64_t c = t.credit(f);
	t.cfg_wr(f, SHAPER_MODE, 0);
	t.cfg_wr(f, SHAPER_CREDIT, 0x7fffffff);  // read only
	t.check(!t.eligible(f) && t.credit(f) <= c + 1, "MODE/CREDIT write changed the credit");
	t.cfg_wr(f, SHAPER_INCR, 6000);
	t.check(t.eligible(f) && t.credit(f) == 3000, "INCR write: credit %" PRId64, t.credit(f));
}

void t_out_of_range(Tb &t)
{
	for (unsigned g = kFuncs; g < 128; g++) {
		for (unsigned sel = 0; sel < 4; sel++)
			t.cfg_wr(g, sel, (uint32_t)t.rng() | 1);
		t.in.charge = true;
		t.in.charge_func = g;
		t.in.charge_bytes = 65535;
		t.cycle();
		if (g % 16 == 0)
			for (unsigned sel = 0; sel < 4; sel++)
				t.check(t.cfg_rd(g, sel) == 0, "func %u sel %u reads non-zero", g, sel);
	}
	for (unsigned f = 0; f < kFuncs; f++)
		t.check(t.cfg_rd(f, SHAPER_INCR) == 0 && t.cfg_rd(f, SHAPER_BURST) == 16384 &&
				t.cfg_rd(f, SHAPER_MODE) == 0 && t.credit(f) == 16384,
			"func %u changed by accesses to functions >= NumFuncs", f);
}

struct Cov {
	uint64_t inelig = 0, saturated = 0, capped = 0, writes = 0, reads = 0, clears = 0,
		 clear_busy = 0, b2b = 0;
} cov;

void t_random(Tb &t)
{
	unsigned f_hot = (unsigned)t.rnd(kFuncs);
	const unsigned n = 300000;
	// kClears clears of every function, one in each sixth of the run; every other one while
	// a register access is out
	const unsigned kClears = 6;
	unsigned clear_at[kClears], ci = 0;
	for (unsigned k = 0; k < kClears; k++)
		clear_at[k] = k * (n / kClears) + (unsigned)t.rnd(n / kClears);
	uint64_t b2b0 = 0;
	for (auto &r : t.ref.n_b2b)
		for (uint64_t v : r)
			b2b0 += v;
	for (unsigned i = 0; i < n; i++) {
		if (!t.req && t.rnd(16) == 0) {
			t.req = true;
			t.req_we = t.rnd(3) == 0;
			t.req_func = (unsigned)(t.rnd(4) == 0 ? f_hot
					       : t.rnd(10) ? t.rnd(kFuncs)
							   : t.rnd(128));
			t.req_sel = (unsigned)t.rnd(4);
			if (t.req_we) {
				switch (t.req_sel) {
				case SHAPER_INCR: {
					unsigned k = (unsigned)t.rnd(6);
					t.req_wdata = k == 0 ? 0 : k == 1 ? (uint32_t)t.rng()
							  : (uint32_t)t.rnd(1u << (12 + 4 * k));
					break;
				}
				case SHAPER_BURST:
					t.req_wdata = t.rnd(4) ? (uint32_t)t.rnd(20000) : (uint32_t)t.rng();
					break;
				default:
					t.req_wdata = (uint32_t)t.rng();
					break;
				}
				// mostly reads: writes reset the credit
				if (t.rnd(4))
					t.req_we = false;
			}
			if (t.req_we)
				cov.writes++;
			else
				cov.reads++;
		}
		if (t.rnd(3) == 0) {
			t.in.charge = true;
			t.in.charge_func = (unsigned)(t.rnd(3) == 0  ? f_hot
						      : t.rnd(10) ? t.rnd(kFuncs)
								  : t.rnd(128));
			unsigned k = (unsigned)t.rnd(8);
			t.in.charge_bytes = k == 0 ? 0 : k == 1 ? 65535 : 60 + (unsigned)t.rnd(1500);
		}
		if (ci < kClears && i >= clear_at[ci] && (ci % 2 == 1 || t.req)) {
			t.in.clr_all = true;
			cov.clear_busy += t.req;
			cov.clears++;
			ci++;
		}
		if (t.rnd(20000) == 0)
			f_hot = (unsigned)t.rnd(kFuncs);
		for (unsigned f = 0; f < kFuncs; f++) {
			cov.inelig += !shaper_ref_eligible(&t.ref, f);
			cov.saturated += t.ref.credit[f] == -(1LL << (25 + kFrac));
			cov.capped += t.ref.incr[f] && t.ref.credit[f] == (int64_t)t.ref.burst[f] << kFrac;
		}
		t.cycle();
	}
	while (t.req)
		t.cycle();
	uint64_t b2b1 = 0;
	for (auto &r : t.ref.n_b2b)
		for (uint64_t v : r)
			b2b1 += v;
	cov.b2b = b2b1 - b2b0;
	std::printf("# random: function-cycles ineligible %" PRIu64 ", at the floor %" PRIu64
		    ", at BURST %" PRIu64 "; back-to-back on one function %" PRIu64
		    "; register reads %" PRIu64 ", writes %" PRIu64 "; clears %" PRIu64
		    " (%" PRIu64 " with an access out); longest wait for an ack %u cycles\n",
		    cov.inelig, cov.saturated, cov.capped, cov.b2b, cov.reads, cov.writes, cov.clears,
		    cov.clear_busy, t.max_wait);
}

void t_random_coverage(Tb &t)
{
	t.check(cov.inelig > 10000, "too few ineligible function-cycles: %" PRIu64, cov.inelig);
	t.check(cov.capped > 10000, "too few function-cycles at BURST: %" PRIu64, cov.capped);
	t.check(cov.b2b > 100, "too few back-to-back operations on one function: %" PRIu64, cov.b2b);
	t.check(cov.writes > 1000 && cov.reads > 1000, "too few register accesses: %" PRIu64
		" writes, %" PRIu64 " reads", cov.writes, cov.reads);
	t.check(cov.clears == 6 && cov.clear_busy >= 3,
		"clears %" PRIu64 " (%" PRIu64 " with an access out), expected 6 (3)", cov.clears,
		cov.clear_busy);
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	std::printf("# NumFuncs %u FracBits %u\n", kFuncs, kFrac);
	Tb t(seed, argc > 1 ? argv[1] : ".");
	const std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset values: INCR 0, BURST 16384, MODE 0, credit = BURST", true, t_reset_state},
		{"unlimited (INCR 0) always eligible", true, t_unlimited},
		{"greedy sender at 1 Mb/s (INCR 13422), 64 B frames: rate +-1%", true, t_rate_1m},
		{"greedy sender at 10 Mb/s, 64 B frames: rate +-1%", true, t_rate_10m},
		{"greedy sender at 1 Gb/s, 1518 B frames: rate +-1%", true, t_rate_1g},
		{"greedy sender at 5 Gb/s, 1518 B frames: rate +-1%", true, t_rate_5g},
		{"greedy sender at 10 Gb/s, 64 B frames: rate +-1%", true, t_rate_10g},
		{"every function limited at once, random rates: each +-1%", true, t_rate_all},
		{"MODE.POLICE drives police_o only", true, t_police},
		{"clear (PF reset): walk, read back shows reset values", true, t_clear_all},
		{"clear and register writes: entering with the clear done after, acked with it lost",
		 true, t_clear_and_writes},
		{"clear while charging: charges in the walk ignored, after it counted", true,
		 t_clear_while_charging},
		{"burst cap (credit never above BURST), BURST 0, BURST width", true, t_burst_cap},
		{"charge, refresh, register access of one function back to back (forward)", true,
		 t_back_to_back},
		{"register port: ack timing, waits behind charges, back-to-back accesses", true,
		 t_reg_ack},
		{"credit saturates at -2^25 bytes, no wrap", true, t_saturate},
		{"INCR and BURST writes reset the credit, MODE does not", true, t_write_resets_credit},
		{"functions >= NumFuncs: writes and charges ignored", true, t_out_of_range},
		{"busy_o: still when every function is eligible, high while one waits", true, t_busy},
		{"random config/charges/clears, cycle-exact vs model", true, t_random},
		{"random phase covered the corners", false, t_random_coverage},
	};
	return vfnic_tb::run_tests(t, tests, "[F" + std::to_string(kFuncs) + "]");
}
