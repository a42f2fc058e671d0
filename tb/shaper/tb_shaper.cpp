// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_shaper: directed tests (unlimited, achieved rate of a greedy
// sender at several rates, police flag, clear of every function, burst cap, same-cycle charge
// and refresh, saturation) plus a seeded random phase; every cycle eligible_o, police_o and the read port
// are compared with the cycle-exact C reference model shaper_ref. Prints TAP; exits non-zero
// on any failure and then keeps an FST waveform.
//
// usage: tb_shaper OUTDIR     (SEED=n in the environment replays a run)
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

// INCR for a rate in bits per second at the 156.25 MHz core clock (driver/hw formula)
uint32_t incr_of_bps(double bps) { return (uint32_t)std::llround(bps / 8 / kClockHz * 16777216.0); }

struct Tb : vfnic_tb::BlockTb<Vvfnic_shaper> {
	Tb(uint64_t seed, const std::string &outdir) : BlockTb(seed, outdir, "tb-shaper")
	{
		shaper_ref_reset(&ref, kFuncs, kFrac);
		std::memset(&in, 0, sizeof(in));
	}

	void reset();
	// one clock cycle with the inputs in `in` (cleared afterwards); checks outputs vs model
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

	void cfg_wr(unsigned f, unsigned sel, uint32_t v);
	uint32_t cfg_rd(unsigned f, unsigned sel);  // combinational, no clock
	int64_t credit(unsigned f) { return (int32_t)cfg_rd(f, SHAPER_CREDIT); }
	bool eligible(unsigned f) { return get_bit(top->eligible_o, f); }
	bool police(unsigned f) { return get_bit(top->police_o, f); }

	bool trace = true;
	bool any_failed = false;

	shaper_ref ref;
	shaper_in in;
	unsigned rd_func = 0, rd_sel = 0;  // read address driven in cycle()
};

void Tb::cycle()
{
	Vvfnic_shaper &m = *top;
	m.cfg_we_i = in.cfg_we;
	m.cfg_func_i = in.cfg_func & 0x7f;
	m.cfg_sel_i = in.cfg_sel & 3;
	m.cfg_wdata_i = in.cfg_wdata;
	m.charge_i = in.charge;
	m.charge_func_i = in.charge_func & 0x7f;
	m.charge_bytes_i = in.charge_bytes & 0xffff;
	m.clr_all_i = in.clr_all;
	m.cfg_rd_func_i = rd_func & 0x7f;
	m.cfg_rd_sel_i = rd_sel & 3;
	m.clk_i = 0;
	eval_traced();

	if (m.rst_ni) {
		unsigned bad_e = 0, bad_p = 0;
		for (unsigned f = 0; f < kFuncs; f++) {
			if (eligible(f) != shaper_ref_eligible(&ref, f) && bad_e++ < 3)
				fail("eligible_o[%u] = %d, model %d (model credit %" PRId64 " B, incr %u)",
				     f, eligible(f), shaper_ref_eligible(&ref, f),
				     shaper_ref_credit_bytes(&ref, f), ref.incr[f]);
			if (police(f) != ref.police[f] && bad_p++ < 3)
				fail("police_o[%u] = %d, model %d", f, police(f), ref.police[f]);
		}
		uint32_t want = shaper_ref_read(&ref, rd_func & 0x7f, rd_sel & 3);
		check(m.cfg_rdata_o == want, "read func %u sel %u = %08x, model %08x", rd_func & 0x7f,
		      rd_sel & 3, m.cfg_rdata_o, want);
		shaper_ref_step(&ref, &in);
	}

	m.clk_i = 1;
	eval_traced();
	now++;
	std::memset(&in, 0, sizeof(in));
}

void Tb::idle(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		cycle();
}

void Tb::reset()
{
	top->rst_ni = 0;
	cycle();
	cycle();
	top->rst_ni = 1;
	// the round robin starts with function 0 in the first cycle out of reset
	shaper_ref_reset(&ref, kFuncs, kFrac);
	cycle();
}

void Tb::cfg_wr(unsigned f, unsigned sel, uint32_t v)
{
	in.cfg_we = true;
	in.cfg_func = f;
	in.cfg_sel = sel;
	in.cfg_wdata = v;
	cycle();
}

uint32_t Tb::cfg_rd(unsigned f, unsigned sel)
{
	Vvfnic_shaper &m = *top;
	m.cfg_rd_func_i = f & 0x7f;
	m.cfg_rd_sel_i = sel & 3;
	m.eval();
	uint32_t v = m.cfg_rdata_o;
	uint32_t want = shaper_ref_read(&ref, f & 0x7f, sel & 3);
	check(v == want, "read func %u sel %u = %08x, model %08x", f, sel, v, want);
	return v;
}

unsigned last_func() { return kFuncs - 1; }
unsigned mid_func() { return kFuncs / 2; }

// ---- directed tests ----
void t_reset_state(Tb &t)
{
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
	unsigned rr = 0;
	t.trace = false;
	for (uint64_t i = 0; i < 400000; i++) {
		for (unsigned k = 0; k < kFuncs; k++) {
			unsigned f = (rr + k) % kFuncs;
			if (!t.eligible(f)) {
				dry[f] = true;
				continue;
			}
			t.in.charge = true;
			t.in.charge_func = f;
			t.in.charge_bytes = frame[f];
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
	for (unsigned f = 0; f < kFuncs; f++)
		t.check(t.cfg_rd(f, SHAPER_INCR) == 0 && t.cfg_rd(f, SHAPER_BURST) == 16384 &&
				t.cfg_rd(f, SHAPER_MODE) == 0 && t.credit(f) == 16384 && t.eligible(f) &&
				!t.police(f),
			"func %u %s: INCR %u BURST %u MODE %u credit %" PRId64 " eligible %d police %d",
			f, when, t.cfg_rd(f, SHAPER_INCR), t.cfg_rd(f, SHAPER_BURST),
			t.cfg_rd(f, SHAPER_MODE), t.credit(f), t.eligible(f), t.police(f));
}

// clr_all_i (vfnic_dp: a PF reset) puts every function's configuration and credit back to
// reset values at the clock edge, winning over a configuration write and a charge
void t_clear_all(Tb &t)
{
	for (unsigned f = 0; f < kFuncs; f++) {
		t.cfg_wr(f, SHAPER_BURST, 1000 + 37 * f);
		t.cfg_wr(f, SHAPER_INCR, 1000 + f);
		t.cfg_wr(f, SHAPER_MODE, f % 2 ? 1 : 0);
	}
	for (unsigned f : {0u, mid_func(), last_func()})
		drain(t, f);
	// the clear, with a BURST write and a charge in the same cycle: both lost
	t.in.clr_all = true;
	t.in.cfg_we = true;
	t.in.cfg_func = mid_func();
	t.in.cfg_sel = SHAPER_BURST;
	t.in.cfg_wdata = 777;
	t.in.charge = true;
	t.in.charge_func = last_func();
	t.in.charge_bytes = 1000;
	t.cycle();
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
	// an INCR write in the cycle of the clear is lost: the function stays unlimited
	t.in.clr_all = true;
	t.in.cfg_we = true;
	t.in.cfg_func = f;
	t.in.cfg_sel = SHAPER_INCR;
	t.in.cfg_wdata = 5;
	t.cycle();
	check_reset_values(t, "after a clear with an INCR write");
	for (unsigned i = 0; i < 100; i++) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = 65535;
		t.cycle();
	}
	t.check(t.eligible(f), "INCR written in the cycle of the clear limits function %u", f);
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
	for (unsigned i = 0; i < 300 + 2 * kFuncs; i++) {  // 1000 B at 8 B/cycle, plus a turn
		t.cycle();
		peak = std::max<int64_t>(peak, t.credit(f));
	}
	t.check(peak == 5000 && t.credit(f) == 5000, "credit peak %" PRId64 ", final %" PRId64
		", BURST 5000", peak, t.credit(f));
	// a full bucket sends BURST/frame + 1 frames back to back, then has to wait
	unsigned n = 0;
	while (t.eligible(f) && n < 100) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = 2500;
		t.cycle();
		n++;
	}
	t.check(n == 3, "a 5000-byte bucket took %u back-to-back 2500-byte frames, expected 3", n);
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
	while (t.ref.rr != f)
		t.cycle();
}

void t_same_cycle(Tb &t)
{
	unsigned f = last_func();
	const int64_t add = 2 * kFuncs;  // INCR 2.0 B/cycle, NumFuncs cycles per refresh
	t.cfg_wr(f, SHAPER_BURST, 100000);
	t.cfg_wr(f, SHAPER_INCR, 2u << 24);
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 50000;
	t.cycle();
	// charge in the refresh cycle: both apply
	until_refresh_of(t, f);
	int64_t c = t.credit(f);
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 1000;
	t.cycle();
	t.check(t.credit(f) == c + add - 1000, "charge in the refresh cycle: %" PRId64
		", expected %" PRId64, t.credit(f), c + add - 1000);
	// charge the cycle before and the cycle after the refresh
	until_refresh_of(t, (f + kFuncs - 1) % kFuncs);
	c = t.credit(f);
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 300;
	t.cycle();
	t.check(kFuncs == 1 || t.credit(f) == c - 300, "charge before the refresh: %" PRId64,
		t.credit(f));
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 700;
	t.cycle();
	t.check(t.credit(f) == c + add - 1000, "charges around the refresh: %" PRId64
		", expected %" PRId64, t.credit(f), c + add - 1000);
	// a full bucket: the refill is capped first, then the charge applies
	t.cfg_wr(f, SHAPER_BURST, 100000);
	until_refresh_of(t, f);
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 1000;
	t.cycle();
	t.check(t.credit(f) == 100000 - 1000, "charge in the refresh cycle of a full bucket: %" PRId64,
		t.credit(f));
	// priorities on one function in one cycle: configuration write > charge (the clear of
	// every function wins over both: t_clear_all)
	t.in.charge = true;
	t.in.charge_func = f;
	t.in.charge_bytes = 5000;
	t.in.cfg_we = true;
	t.in.cfg_func = f;
	t.in.cfg_sel = SHAPER_BURST;
	t.in.cfg_wdata = 7777;
	t.cycle();
	t.check(t.credit(f) == 7777, "BURST write with a charge: %" PRId64, t.credit(f));
	// three functions in one cycle: refresh of one, charge of another, BURST write of a third
	if (kFuncs >= 3) {
		unsigned a = 0, b = 1, c3 = 2;
		t.cfg_wr(a, SHAPER_INCR, 1u << 24);
		t.cfg_wr(a, SHAPER_BURST, 20000);
		t.cfg_wr(b, SHAPER_INCR, 1u << 24);
		t.cfg_wr(c3, SHAPER_INCR, 1u << 24);
		drain(t, a, 9000);
		drain(t, c3, 9000);
		until_refresh_of(t, a);
		int64_t ca = t.credit(a), cb = t.credit(b);
		t.in.charge = true;
		t.in.charge_func = b;
		t.in.charge_bytes = 10;
		t.in.cfg_we = true;
		t.in.cfg_func = c3;
		t.in.cfg_sel = SHAPER_BURST;
		t.in.cfg_wdata = 16384;
		t.cycle();
		t.check(t.credit(a) == ca + kFuncs && t.credit(b) == cb - 10 && t.credit(c3) == 16384,
			"refresh/charge/BURST write of three functions: %" PRId64 " %" PRId64 " %" PRId64,
			t.credit(a), t.credit(b), t.credit(c3));
	}
}

void t_saturate(Tb &t)
{
	unsigned f = 0;
	t.cfg_wr(f, SHAPER_INCR, 1);  // limited, next to no refill
	unsigned n = (unsigned)((16384 - kMinCreditBytes) / 65535) + 20;
	int64_t prev = t.credit(f);
	bool mono = true;
	for (unsigned i = 0; i < n; i++) {
		t.in.charge = true;
		t.in.charge_func = f;
		t.in.charge_bytes = 65535;
		t.cycle();
		int64_t c = t.credit(f);
		mono &= c <= prev;
		prev = c;
	}
	t.check(mono, "credit rose while charged every cycle (wrapped?)");
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
	uint64_t inelig = 0, same_cycle = 0, saturated = 0, capped = 0, writes = 0, clears = 0,
		 clear_writes = 0;
} cov;

void t_random(Tb &t)
{
	unsigned f_hot = (unsigned)t.rnd(kFuncs);
	const unsigned n = 300000;
	// kClears clears of every function, one in each sixth of the run; every other one with a
	// configuration write (and perhaps a charge) in the same cycle
	const unsigned kClears = 6;
	unsigned clear_at[kClears], ci = 0;
	for (unsigned k = 0; k < kClears; k++)
		clear_at[k] = k * (n / kClears) + (unsigned)t.rnd(n / kClears);
	for (unsigned i = 0; i < n; i++) {
		if (t.rnd(64) == 0) {
			t.in.cfg_we = true;
			t.in.cfg_func = (unsigned)(t.rnd(10) ? t.rnd(kFuncs) : t.rnd(128));
			t.in.cfg_sel = (unsigned)t.rnd(4);
			switch (t.in.cfg_sel) {
			case SHAPER_INCR: {
				unsigned k = (unsigned)t.rnd(6);
				t.in.cfg_wdata = k == 0 ? 0 : k == 1 ? (uint32_t)t.rng()
						      : (uint32_t)t.rnd(1u << (12 + 4 * k));
				break;
			}
			case SHAPER_BURST:
				t.in.cfg_wdata = t.rnd(4) ? (uint32_t)t.rnd(20000) : (uint32_t)t.rng();
				break;
			default:
				t.in.cfg_wdata = (uint32_t)t.rng();
				break;
			}
			cov.writes++;
		}
		if (t.rnd(3) == 0) {
			t.in.charge = true;
			t.in.charge_func = (unsigned)(t.rnd(4) == 0  ? f_hot
						      : t.rnd(10) ? t.rnd(kFuncs)
								  : t.rnd(128));
			unsigned k = (unsigned)t.rnd(8);
			t.in.charge_bytes = k == 0 ? 0 : k == 1 ? 65535 : 60 + (unsigned)t.rnd(1500);
			if (t.in.charge_func == t.ref.rr)
				cov.same_cycle++;
		}
		if (ci < kClears && i == clear_at[ci]) {
			t.in.clr_all = true;
			if (ci % 2 == 0) {
				t.in.cfg_we = true;
				t.in.cfg_func = (unsigned)t.rnd(kFuncs);
				t.in.cfg_sel = (unsigned)t.rnd(3);
				t.in.cfg_wdata = 1 + (uint32_t)t.rnd(20000);
				cov.clear_writes++;
			}
			cov.clears++;
			ci++;
		}
		if (t.rnd(20000) == 0)
			f_hot = (unsigned)t.rnd(kFuncs);
		t.rd_func = (unsigned)(t.rnd(16) ? t.rnd(kFuncs) : t.rnd(128));
		t.rd_sel = (unsigned)t.rnd(4);
		for (unsigned f = 0; f < kFuncs; f++) {
			cov.inelig += !shaper_ref_eligible(&t.ref, f);
			cov.saturated += t.ref.credit[f] == -(1LL << (25 + kFrac));
			cov.capped += t.ref.incr[f] && t.ref.credit[f] == (int64_t)t.ref.burst[f] << kFrac;
		}
		t.cycle();
	}
	t.rd_func = 0;
	t.rd_sel = 0;
	std::printf("# random: function-cycles ineligible %" PRIu64 ", at the floor %" PRIu64
		    ", at BURST %" PRIu64 "; charge in its refresh cycle %" PRIu64
		    "; config writes %" PRIu64 ", clears %" PRIu64 " (%" PRIu64 " with a write)\n",
		    cov.inelig, cov.saturated, cov.capped, cov.same_cycle, cov.writes, cov.clears,
		    cov.clear_writes);
}

void t_random_coverage(Tb &t)
{
	t.check(cov.inelig > 10000, "too few ineligible function-cycles: %" PRIu64, cov.inelig);
	t.check(cov.capped > 10000, "too few function-cycles at BURST: %" PRIu64, cov.capped);
	t.check(cov.same_cycle > 100, "too few same-cycle charge+refresh: %" PRIu64,
		cov.same_cycle);
	t.check(cov.writes > 1000, "too few configuration writes: %" PRIu64, cov.writes);
	t.check(cov.clears == 6 && cov.clear_writes == 3,
		"clears %" PRIu64 " (%" PRIu64 " with a write), expected 6 (3)", cov.clears,
		cov.clear_writes);
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
		{"clear (PF reset): every function's config and credit back to reset values",
		 true, t_clear_all},
		{"burst cap (credit never above BURST), BURST 0, BURST width", true, t_burst_cap},
		{"charge and refresh in one cycle; write > charge", true, t_same_cycle},
		{"credit saturates at -2^25 bytes, no wrap", true, t_saturate},
		{"INCR and BURST writes reset the credit, MODE does not", true, t_write_resets_credit},
		{"functions >= NumFuncs: writes and charges ignored", true, t_out_of_range},
		{"random config/charges/clears, cycle-exact vs model", true, t_random},
		{"random phase covered the corners", false, t_random_coverage},
	};
	return vfnic_tb::run_tests(t, tests, "[F" + std::to_string(kFuncs) + "]");
}
