// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_itr: directed tests of the registers and the register port
// handshake (ack two cycles after the request, back-to-back accesses), of every moderation
// rule (interval, packet threshold, both, run-time changes, backpressure, every vector at
// once and fairness, function reset and its generations, the INTERVAL-0 fast path: one raise
// per event, no starvation of the checker), of the event pipeline (back-to-back events of one
// vector on both ports: exact counts) and of the pending-vector FIFOs at full load, plus a
// seeded random phase. Every cycle is checked against the C reference model itr_ref: the
// fast path exactly (an INTERVAL-0 event raised at the edge after its cycle when the output
// is free and the checker loads nothing), no raise without an event, INTERVAL between
// accepted raises unless PKTS, every due vector raised within 6*NumVec + 2^UnitLog2 + 16
// cycles in which the output was free; the output stable while not accepted. Prints TAP;
// exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_itr OUTDIR     (SEED=n in the environment replays a run; ITR_DEBUG=1 prints the
// recent raises and register writes when a vector was not raised in time)
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "Vvfnic_itr.h"
#include "block_tb.h"
#include "itr_ref.h"

#ifndef ITR_TB_FUNCS
#error "build with -DITR_TB_FUNCS=<NumFuncs>"
#endif

namespace
{

using vfnic_tb::put_bits;

constexpr unsigned kFuncs = ITR_TB_FUNCS;
constexpr unsigned kPfVec = 8, kVfVec = 4, kUnitLog2 = 6;  // package defaults
constexpr unsigned kUnit = 1u << kUnitLog2;
constexpr unsigned kNumVec = kPfVec + kVfVec * (kFuncs - 1);
// one lap of the checker: every queued vector popped once (<= 3 cycles each) + pipeline
constexpr unsigned kLap = 3 * kNumVec + 8;

struct Raise {
	uint64_t issued, accepted;
	unsigned func, vec;
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_itr> {
	Tb(uint64_t seed, const std::string &dir) : BlockTb(seed, dir, "tb-itr") {}

	itr_ref ref;
	// inputs of the next cycle
	bool ev[2] = {false, false};
	unsigned ev_f[2] = {0, 0}, ev_v[2] = {0, 0};
	bool ready = true;
	uint64_t tnow = 0;  // now_i: the time base vfnic_dp gives the block
	uint8_t freset[128];
	std::vector<Raise> raises;   // accepted raises, in order
	Raise cur{};                 // the raise on the output
	bool cur_valid = false;
	std::vector<std::string> wlog;
	bool acked = false, ack_hit = false;   // the register port's last ack
	uint32_t ack_rdata = 0;

	void reset();
	void cycle();
	void idle(unsigned n)
	{
		for (unsigned i = 0; i < n; i++)
			cycle();
	}
	uint32_t reg(bool we, unsigned f, unsigned v, unsigned off, unsigned be, uint32_t wd,
		     bool *hit = nullptr);
	void event(unsigned port, unsigned f, unsigned v)
	{
		ev[port] = true;
		ev_f[port] = f;
		ev_v[port] = v;
	}
	// cycles until the next accepted raise (or max), 0 if none
	uint64_t wait_raise(uint64_t max)
	{
		size_t n = raises.size();
		for (uint64_t i = 1; i <= max; i++) {
			cycle();
			if (raises.size() > n)
				return i;
		}
		return 0;
	}
	// the vector of function f used by a test: its last one
	unsigned last_vec(unsigned f) { return (f == 0 ? kPfVec : kVfVec) - 1; }
};

void Tb::reset()
{
	itr_ref_init(&ref, kFuncs, kPfVec, kVfVec, kUnitLog2);
	std::memset(freset, 0, sizeof(freset));
	raises.clear();
	cur_valid = false;
	ev[0] = ev[1] = false;
	ready = true;
	Vvfnic_itr &m = *top;
	m.rst_ni = 0;
	m.clk_i = 0;
	tnow = 0;
	m.now_i = 0;
	m.reg_req_i = 0;
	m.tx_irq_valid_i = 0;
	m.rx_irq_valid_i = 0;
	m.raise_ready_i = 1;
	put_bits(m.freset_i, 0, kFuncs, 0);
	eval_dump();
	m.clk_i = 1;
	eval_dump();
	m.clk_i = 0;
	eval_dump();
	m.rst_ni = 1;
	// the initialisation walk (one cycle per vector): busy, no ack
	for (unsigned i = 0; i < kNumVec; i++) {
		check(m.busy_o, "busy_o low during the initialisation walk");
		m.clk_i = 1;
		eval_dump();
		m.now_i = ++tnow;
		m.clk_i = 0;
		eval_dump();
	}
	check(!m.busy_o, "busy_o high after the initialisation walk");
	now = 0;
}

void Tb::cycle()
{
	Vvfnic_itr &m = *top;
	m.tx_irq_valid_i = ev[0];
	m.tx_irq_func_i = ev_f[0];
	m.tx_irq_vec_i = ev_v[0];
	m.rx_irq_valid_i = ev[1];
	m.rx_irq_func_i = ev_f[1];
	m.rx_irq_vec_i = ev_v[1];
	m.raise_ready_i = ready;
	for (unsigned f = 0; f < kFuncs; f++)
		put_bits(m.freset_i, f, 1, freset[f]);
	m.clk_i = 0;
	eval_dump();

	bool valid = m.raise_valid_o;
	check(valid == cur_valid, "raise_valid_o %d, expected %d", valid, cur_valid);
	bool accepted = valid && ready;
	bool slot_free = !valid || ready;

	// the register port: an ack answers the access held on the port
	bool ack = m.reg_ack_o;
	bool reg_we = false;
	unsigned rf = m.reg_func_i, rv = m.reg_vec_i, ro = m.reg_off_i, rb = m.reg_be_i;
	uint32_t rw = m.reg_wdata_i;
	if (ack) {
		check(m.reg_req_i, "reg_ack_o without a request");
		uint32_t want;
		int want_hit = itr_ref_reg_read(&ref, rf, rv, ro, &want);
		bool h = m.reg_hit_o;
		uint32_t got = m.reg_rdata_o;
		check(h == (bool)want_hit, "hit %d for func %u vec %u off %u, expected %d", h, rf,
		      rv, ro, want_hit);
		if (!m.reg_we_i)
			check(got == want, "rdata %#x for func %u vec %u off %u, expected %#x", got,
			      rf, rv, ro, want);
		ack_rdata = got;
		ack_hit = h;
		reg_we = m.reg_we_i;
		acked = true;
	}

	if (itr_ref_age(&ref, (int64_t)now, slot_free, freset)) {
		fail("%s", ref.err);
		if (std::getenv("ITR_DEBUG")) {
			for (size_t k = raises.size() > 60 ? raises.size() - 60 : 0; k < raises.size(); k++)
				std::printf("#  raise %u/%u issued %" PRIu64 " accepted %" PRIu64 "\n",
					    raises[k].func, raises[k].vec, raises[k].issued,
					    raises[k].accepted);
			for (auto &w : wlog)
				std::printf("#  %s\n", w.c_str());
		}
	}
	if (accepted) {
		cur.accepted = now;
		raises.push_back(cur);
		cur_valid = false;
		if (itr_ref_accept(&ref, (int64_t)now, freset))
			fail("%s", ref.err);
	}
	for (unsigned p = 0; p < 2; p++)
		if (ev[p])
			itr_ref_offer(&ref, p, ev_f[p], ev_v[p], (int64_t)now, freset);

	m.clk_i = 1;
	eval_dump();
	m.now_i = ++tnow;  // vfnic_dp's time base: the rising edges since reset

	// a raise loaded at this edge appears now
	bool nvalid = m.raise_valid_o;
	unsigned nf = m.raise_func_o, nv = m.raise_vec_o;
	bool loaded = false;
	if (valid && !accepted) {
		check(nvalid && nf == cur.func && nv == cur.vec,
		      "raise changed before it was accepted (%u/%u -> %d %u/%u)", cur.func, cur.vec,
		      nvalid, nf, nv);
	} else if (nvalid) {
		loaded = true;
		cur = Raise{now, 0, nf, nv};
		cur_valid = true;
	}
	if (itr_ref_issue(&ref, slot_free, loaded, nf, nv, (int64_t)now, freset))
		fail("%s", ref.err);
	if (reg_we) {
		itr_ref_reg_write(&ref, rf, rv, ro, rb, rw, (int64_t)now, freset);
		if (std::getenv("ITR_DEBUG"))
			wlog.push_back("write @" + std::to_string(now) + " " + std::to_string(rf) + "/" +
				       std::to_string(rv) + " off " + std::to_string(ro) + " = " +
				       std::to_string(rw));
		if (wlog.size() > 30)
			wlog.erase(wlog.begin());
	}
	itr_ref_freset(&ref, freset);

	now++;
	ev[0] = ev[1] = false;
	std::memset(freset, 0, sizeof(freset));
	if (ack)
		m.reg_req_i = 0;
}

// One register access from the next cycle on, held until the ack (checked: two cycles after
// the request); read data and hit are checked against the model in the cycle of the ack.
// Events, resets and ready set for the first cycle apply to it only.
uint32_t Tb::reg(bool we, unsigned f, unsigned v, unsigned off, unsigned be, uint32_t wd,
		 bool *hit)
{
	Vvfnic_itr &m = *top;
	m.reg_req_i = 1;
	m.reg_we_i = we;
	m.reg_func_i = f;
	m.reg_vec_i = v;
	m.reg_off_i = off;
	m.reg_be_i = be;
	m.reg_wdata_i = wd;
	acked = false;
	unsigned n = 0;
	while (!acked && n < 10) {
		cycle();
		n++;
	}
	check(acked && n == 3, "register access acked in cycle %u of the request, not 3", n);
	if (hit)
		*hit = ack_hit;
	return ack_rdata;
}

// ---- tests ----

void t_regs(Tb &t)
{
	// reset values, every function's vectors and the holes around them
	for (unsigned f = 0; f < kFuncs + 2 && f < 128; f++)
		for (unsigned v = 0; v < (f == 0 ? kPfVec : kVfVec) + 2; v++)
			for (unsigned off = 0; off < 4; off++)
				t.reg(false, f, v, off, 0, 0);
	// writes with byte enables, read back
	for (unsigned i = 0; i < 3000; i++) {
		unsigned f = (unsigned)t.rnd(kFuncs + 2);
		unsigned v = (unsigned)t.rnd(kPfVec + 2);
		unsigned off = (unsigned)t.rnd(4);
		t.reg(true, f, v, off, (unsigned)t.rnd(16), (uint32_t)t.rng());
		t.reg(false, f, v, off, 0, 0);
	}
	for (unsigned f = 0; f < kFuncs; f++)
		for (unsigned v = 0; v < (f == 0 ? kPfVec : kVfVec); v++)
			for (unsigned off = 0; off < 2; off++)
				t.reg(false, f, v, off, 0, 0);
}

void t_no_moderation(Tb &t)
{
	for (unsigned i = 0; i < 200; i++) {
		unsigned f = (unsigned)t.rnd(kFuncs), v = (unsigned)t.rnd(f ? kVfVec : kPfVec);
		t.event((unsigned)t.rnd(2), f, v);
		t.cycle();
		// fast path: on the output (and accepted) two cycles after the event
		uint64_t dt = t.wait_raise(kLap);
		t.check(dt == 2, "func %u vec %u raised %" PRIu64 " cycles after its event, not 2",
			f, v, dt);
		if (dt)
			t.check(t.raises.back().func == f && t.raises.back().vec == v,
				"raised %u/%u, expected %u/%u", t.raises.back().func,
				t.raises.back().vec, f, v);
		t.idle((unsigned)t.rnd(3));
	}
	// events for vectors that do not exist are ignored
	t.event(0, kFuncs == 65 ? 66 : kFuncs, 0);
	t.event(1, 1, kVfVec);
	t.cycle();
	t.check(t.wait_raise(2 * kLap) == 0, "raise for a vector that does not exist");
}

// Moderation off: one vector gets 100 events, 1..4 cycles apart, on either port (one per
// cycle), the output always ready: 100 raises, each accepted two cycles after its event.
// PKTS does not matter with INTERVAL 0 (second round: PKTS 200).
void t_fast_per_event(Tb &t)
{
	unsigned f = kFuncs - 1, v = 1 % (f ? kVfVec : kPfVec);
	for (unsigned pkts : {0u, 200u}) {
		t.reg(true, f, v, 1, 1, pkts);
		t.idle(2);
		size_t first = t.raises.size();
		std::vector<uint64_t> ev_at;
		for (unsigned i = 0; i < 100; i++) {
			t.event((unsigned)t.rnd(2), f, v);
			ev_at.push_back(t.now);
			t.idle(1 + (unsigned)t.rnd(4));
		}
		t.idle(kLap);
		size_t n = t.raises.size() - first;
		t.check(n == 100, "PKTS %u: %zu raises for 100 events", pkts, n);
		for (size_t k = 0; k < n && k < 100; k++) {
			const Raise &r = t.raises[first + k];
			if (!t.check(r.func == f && r.vec == v && r.accepted == ev_at[k] + 2,
				     "PKTS %u: raise %zu of %u/%u accepted @%" PRIu64
				     ", event @%" PRIu64, pkts, k, r.func, r.vec, r.accepted,
				     ev_at[k]))
				break;
		}
	}
	// back to back, one event every cycle: still one raise per event
	size_t first = t.raises.size();
	for (unsigned i = 0; i < 100; i++) {
		t.event(i & 1, f, v);
		t.cycle();
	}
	t.idle(kLap);
	t.check(t.raises.size() - first == 100, "every cycle: %zu raises for 100 events",
		t.raises.size() - first);
	t.reg(true, f, v, 1, 1, 0);
}

// The scan keeps priority: every other vector pending (INTERVAL 0, made pending while the
// output was stalled, half of them with an INTERVAL that has run out), then the fast-path
// vector fires every cycle: every pending vector is still raised within one scan lap (NumVec
// cycles, the output always ready; the model checks its age bound all along). The fast-path
// vector raises on each event until the scan's first raise; its event in that cycle makes it
// pending, and with an event in every cycle (also in the cycle the scan raises it) it then
// stays with the scan: raised once per lap, never starved either.
void t_fast_starvation(Tb &t)
{
	unsigned hf = 0, hv = 0;  // the fast-path vector: PF vector 0
	for (unsigned i = 1; i < kNumVec; i += 2)
		t.reg(true, itr_ref_func_of(&t.ref, i), itr_ref_vec_of(&t.ref, i), 0, 3, 1);
	for (unsigned rep = 0; rep < 3; rep++) {
		t.idle(2 * kUnit);  // the intervals (no raise yet: none running) are over
		t.ready = false;
		for (unsigned i = 1; i < kNumVec; i += 2) {
			for (unsigned p = 0; p < 2 && i + p < kNumVec; p++)
				t.event(p, itr_ref_func_of(&t.ref, i + p), itr_ref_vec_of(&t.ref, i + p));
			t.cycle();
		}
		t.idle(3);
		t.ready = true;
		uint64_t t0 = t.now;
		size_t first = t.raises.size();
		std::vector<uint64_t> at(kNumVec, 0);
		uint64_t last = t0;  // the fast-path vector's last raise
		for (unsigned c = 0; c < 3 * kLap; c++) {
			t.event(0, hf, hv);
			t.cycle();
		}
		for (size_t k = first; k < t.raises.size(); k++) {
			int i = itr_ref_index(&t.ref, t.raises[k].func, t.raises[k].vec);
			if (i == 0) {
				t.check(t.raises[k].accepted - last <= 2 * kLap,
					"round %u: the fast-path vector not raised for %" PRIu64
					" cycles", rep, t.raises[k].accepted - last);
				last = t.raises[k].accepted;
			} else if (!at[i])
				at[i] = t.raises[k].accepted - t0 + 1;
		}
		for (unsigned i = 1; i < kNumVec; i++)
			if (!t.check(at[i] != 0 && at[i] <= 2 * kLap,
				     "round %u: vector %u (of %u) raised %" PRIu64
				     " cycles after ready, not within a lap", rep, i, kNumVec, at[i]))
				break;
		t.check(t.now - last <= 2 * kLap, "round %u: the fast-path vector not raised for "
			"%" PRIu64 " cycles", rep, t.now - last);
		t.idle(kLap);
	}
}

void t_interval(Tb &t)
{
	for (unsigned I : {1u, 3u, 7u}) {
		unsigned f = (unsigned)t.rnd(kFuncs), v = t.last_vec(f);
		t.reg(true, f, v, 0, 3, I);
		size_t first = t.raises.size();
		for (unsigned i = 0; i < 12 * (I * kUnit + kUnit + kNumVec); i++) {
			t.event(0, f, v);
			t.cycle();
		}
		t.idle(kLap);
		std::vector<uint64_t> at;  // this vector's raises
		for (size_t k = first; k < t.raises.size(); k++)
			if (t.raises[k].func == f && t.raises[k].vec == v)
				at.push_back(t.raises[k].accepted);
		t.check(at.size() >= 10, "interval %u: only %zu raises", I, at.size());
		for (size_t k = 1; k < at.size(); k++) {
			uint64_t d = at[k] - at[k - 1];
			t.check(d >= I * kUnit && d <= I * kUnit + kUnit + kLap,
				"interval %u: raises %" PRIu64 " cycles apart", I, d);
		}
		t.reg(true, f, v, 0, 3, 0);
	}
}

void t_pkts(Tb &t)
{
	unsigned f = kFuncs - 1, v = t.last_vec(f);
	t.reg(true, f, v, 0, 3, 60000);
	t.reg(true, f, v, 1, 1, 5);
	t.event(0, f, v);  // first raise: no interval running yet
	t.cycle();
	t.check(t.wait_raise(kLap) != 0, "first event not raised");
	for (unsigned rep = 0; rep < 5; rep++) {
		for (unsigned k = 1; k <= 5; k++) {
			t.event(k & 1, f, v);
			t.cycle();
			uint64_t dt = t.wait_raise(k < 5 ? 2 * kLap : kLap);
			t.check((dt != 0) == (k == 5), "after %u of 5 events: raise %d", k, dt != 0);
		}
	}
	// both ports on the vector in one cycle count 2
	t.reg(true, f, v, 1, 1, 2);
	t.event(0, f, v);
	t.event(1, f, v);
	t.cycle();
	t.check(t.wait_raise(kLap) != 0, "two events in one cycle did not reach PKTS 2");
	t.reg(true, f, v, 0, 3, 0);
	t.reg(true, f, v, 1, 1, 0);
}

void t_both(Tb &t)
{
	unsigned f = 1 % kFuncs, v = 0;
	const unsigned I = 4, P = 8;
	t.reg(true, f, v, 0, 3, I);
	t.reg(true, f, v, 1, 1, P);
	// slow events (one per 100 cycles): the interval decides
	size_t first = t.raises.size();
	for (unsigned i = 0; i < 40; i++) {
		t.event(0, f, v);
		t.idle(100);
	}
	for (size_t k = first + 1; k < t.raises.size(); k++) {
		uint64_t d = t.raises[k].accepted - t.raises[k - 1].accepted;
		t.check(d >= I * kUnit && d <= I * kUnit + kUnit + 100 + kLap,
			"slow events: raises %" PRIu64 " cycles apart", d);
	}
	t.check(t.raises.size() - first >= 8, "slow events: too few raises");
	// fast events (one per 2 cycles): PKTS decides, well inside the interval
	first = t.raises.size();
	for (unsigned i = 0; i < 2000; i++) {
		if (i % 2 == 0)
			t.event(1, f, v);
		t.cycle();
	}
	size_t n = t.raises.size() - first;
	t.check(n > 2000 / (2 * P + kLap) / 2, "fast events: only %zu raises", n);
	t.reg(true, f, v, 0, 3, 0);
	t.reg(true, f, v, 1, 1, 0);
}

void t_runtime_change(Tb &t)
{
	unsigned f = kFuncs / 2, v = 1;
	t.event(0, f, v);
	t.cycle();
	t.check(t.wait_raise(kLap) != 0, "first raise");
	t.reg(true, f, v, 0, 3, 60000);
	t.event(0, f, v);
	t.cycle();
	t.check(t.wait_raise(3000) == 0, "raised inside a long interval");
	t.reg(true, f, v, 0, 3, 0);  // INTERVAL -> 0: raised at once
	t.check(t.wait_raise(kLap) != 0, "not raised after INTERVAL := 0");
	t.reg(true, f, v, 0, 3, 60000);
	for (unsigned i = 0; i < 3; i++) {
		t.event(1, f, v);
		t.cycle();
	}
	t.check(t.wait_raise(1000) == 0, "raised inside a long interval (2)");
	t.reg(true, f, v, 1, 1, 3);  // PKTS -> 3 with 3 pending: raised at once
	t.check(t.wait_raise(kLap) != 0, "not raised after PKTS := 3");
	t.reg(true, f, v, 1, 1, 0);
	t.event(1, f, v);
	t.cycle();
	t.check(t.wait_raise(1000) == 0, "raised inside a long interval (3)");
	uint64_t since = t.now - t.raises.back().accepted;
	t.reg(true, f, v, 0, 3, 20);  // shorter interval: due 20 units after the last raise
	uint64_t dt = t.wait_raise(30 * kUnit);
	t.check(dt != 0, "not raised after INTERVAL := 20");
	t.check(dt + since + 1 >= 20 * kUnit, "raised %" PRIu64 " cycles after the last", dt + since);
	t.reg(true, f, v, 0, 3, 0);
}

void t_backpressure(Tb &t)
{
	t.ready = false;
	std::vector<int> want(kNumVec, 0);
	for (unsigned i = 0; i < 40; i++) {
		unsigned f = (unsigned)t.rnd(kFuncs), v = (unsigned)t.rnd(f ? kVfVec : kPfVec);
		t.event(0, f, v);
		want[itr_ref_index(&t.ref, f, v)] = 1;
		t.idle(1 + (unsigned)t.rnd(20));
	}
	size_t first = t.raises.size();
	t.idle(500);
	t.check(t.raises.size() == first, "accepted while ready was low");
	t.check(t.top->raise_valid_o, "no raise offered");
	t.ready = true;
	t.idle(2 * kLap + 10);
	// every vector with an event raised (more than once if it became pending again after
	// its raise was issued), none still pending
	std::vector<int> got(kNumVec, 0);
	for (size_t k = first; k < t.raises.size(); k++)
		got[itr_ref_index(&t.ref, t.raises[k].func, t.raises[k].vec)]++;
	for (unsigned i = 0; i < kNumVec; i++) {
		t.check(!want[i] || got[i] > 0, "vector %u not raised", i);
		t.check(!itr_ref_due(&t.ref, i, (int64_t)t.now), "vector %u still pending", i);
	}
	// ready toggling randomly
	for (unsigned i = 0; i < 5000; i++) {
		t.ready = t.rnd(3) == 0;
		if (t.rnd(4) == 0) {
			unsigned f = (unsigned)t.rnd(kFuncs);
			t.event((unsigned)t.rnd(2), f, (unsigned)t.rnd(f ? kVfVec : kPfVec));
		}
		t.cycle();
	}
	t.ready = true;
	t.idle(2 * kLap);
}

void t_many_vectors(Tb &t)
{
	// every vector pending at once: each raised exactly once, in index order from the scan
	std::vector<unsigned> order;
	for (unsigned round = 0; round < 2; round++) {
		t.ready = round == 0;
		size_t first = t.raises.size();
		for (unsigned i = 0; i < kNumVec; i += 2) {
			for (unsigned p = 0; p < 2 && i + p < kNumVec; p++)
				t.event(p, itr_ref_func_of(&t.ref, i + p), itr_ref_vec_of(&t.ref, i + p));
			t.cycle();
		}
		for (unsigned i = 0; i < 20 * kNumVec; i++) {
			t.ready = round == 0 || i % 8 == 7;
			t.cycle();
		}
		t.check(t.raises.size() - first == kNumVec, "%zu raises for %u vectors",
			t.raises.size() - first, kNumVec);
		std::vector<int> seen(kNumVec, 0);
		for (size_t k = first; k < t.raises.size(); k++)
			seen[itr_ref_index(&t.ref, t.raises[k].func, t.raises[k].vec)]++;
		for (unsigned i = 0; i < kNumVec; i++)
			t.check(seen[i] == 1, "vector %u raised %d times", i, seen[i]);
	}
	// fairness: every vector kept pending (made pending again as soon as it is raised),
	// ready one cycle in 8: between two raises of a vector no other vector is raised twice
	// (the checker takes the queued vectors in FIFO order)
	t.ready = true;
	for (unsigned i = 0; i < kNumVec; i += 2) {
		for (unsigned p = 0; p < 2 && i + p < kNumVec; p++)
			t.event(p, itr_ref_func_of(&t.ref, i + p), itr_ref_vec_of(&t.ref, i + p));
		t.ready = false;
		t.cycle();
	}
	size_t first = t.raises.size();
	size_t seen = first;
	while (t.raises.size() < first + 4 * kNumVec && t.now < 10000000) {
		t.ready = t.now % 8 == 0;
		if (t.raises.size() > seen) {  // pending again at once
			t.event(0, t.raises.back().func, t.raises.back().vec);
			seen = t.raises.size();
		}
		t.cycle();
	}
	std::vector<unsigned> since(kNumVec, 0);   // raises of each vector since k's last
	unsigned worst = 0;
	for (size_t k = first + kNumVec; k < t.raises.size(); k++) {
		unsigned b = (unsigned)itr_ref_index(&t.ref, t.raises[k].func, t.raises[k].vec);
		// raises of other vectors since b's last raise: each at most once
		unsigned twice = 0;
		for (size_t j = k; j-- > first;) {
			unsigned a = (unsigned)itr_ref_index(&t.ref, t.raises[j].func, t.raises[j].vec);
			if (a == b)
				break;
			since[a]++;
			if (since[a] > 1)
				twice++;
		}
		for (size_t j = k; j-- > first;) {
			unsigned a = (unsigned)itr_ref_index(&t.ref, t.raises[j].func, t.raises[j].vec);
			if (a == b)
				break;
			since[a] = 0;
		}
		worst = twice > worst ? twice : worst;
	}
	t.check(worst == 0, "a vector raised twice between two raises of another (%u times)",
		worst);
	std::vector<int> cnt(kNumVec, 0);
	for (size_t k = first; k < t.raises.size(); k++)
		cnt[itr_ref_index(&t.ref, t.raises[k].func, t.raises[k].vec)]++;
	for (unsigned i = 0; i < kNumVec; i++)
		if (!t.check(cnt[i] >= 3, "vector %u raised %d times in %u raises", i, cnt[i],
			     4 * kNumVec))
			break;
	t.ready = true;
	t.idle(2 * kLap);
}

void t_freset(Tb &t)
{
	unsigned f = kFuncs - 1, g = kFuncs > 2 ? 1 : 0;
	for (unsigned v = 0; v < kVfVec; v++) {
		t.reg(true, f, v, 0, 3, 5 + v);
		t.reg(true, f, v, 1, 1, 9);
		t.reg(true, g, v, 0, 3, 7);
	}
	// raise once so an interval runs, then make everything pending with ready low
	for (unsigned v = 0; v < kVfVec; v++) {
		t.event(0, f, v);
		t.event(1, g, v);
		t.cycle();
	}
	t.idle(kLap);
	t.ready = false;
	for (unsigned v = 0; v < kVfVec; v++) {
		t.event(0, f, v);
		t.event(1, g, v);
		t.cycle();
	}
	t.idle(100);
	t.freset[f] = 1;
	t.event(0, f, 0);  // dropped: same cycle as the reset
	t.cycle();
	for (unsigned v = 0; v < kVfVec; v++)
		for (unsigned off = 0; off < 2; off++)
			t.check(t.reg(false, f, v, off, 0, 0) == 0, "func %u vec %u off %u not reset", f,
				v, off);
	t.check(t.reg(false, g, 0, 0, 0, 0) == 7, "other function's INTERVAL changed");
	t.ready = true;
	t.idle(20 * kUnit);
	unsigned nf = 0, ng = 0;
	for (const Raise &r : t.raises) {
		nf += r.func == f && r.accepted > t.now - 20 * kUnit - 10;
		ng += r.func == g && r.accepted > t.now - 20 * kUnit - 10;
	}
	t.check(nf <= 1, "%u raises of the reset function (at most the one on the output)", nf);
	t.check(ng == kVfVec, "%u raises of the other function, expected %u", ng, kVfVec);
	// after the reset the function's vectors raise at once (no interval running)
	t.event(0, f, 2);
	t.cycle();
	t.check(t.wait_raise(kLap) != 0, "reset function's vector not raised");
}

// Register port handshake: the ack comes two cycles after the request (checked in reg()),
// a new request in the cycle after an ack is a new access (back to back: write, read,
// write, read of different vectors), and no ack without a request.
void t_reg_port(Tb &t)
{
	for (unsigned i = 0; i < 200; i++) {
		unsigned f = (unsigned)t.rnd(kFuncs), v = (unsigned)t.rnd(f ? kVfVec : kPfVec);
		unsigned off = (unsigned)t.rnd(2);
		uint32_t d = (uint32_t)t.rng();
		t.reg(true, f, v, off, 0xf, d);
		uint32_t got = t.reg(false, f, v, off, 0, 0);
		t.check(got == (off ? (d & 0xff) : (d & 0xffff)), "read back %#x after writing %#x",
			got, d);
	}
	for (unsigned i = 0; i < 50; i++) {
		t.cycle();
		t.check(!t.top->reg_ack_o, "reg_ack_o without a request");
	}
	// clean up: every register back to 0
	for (unsigned f = 0; f < kFuncs; f++)
		for (unsigned v = 0; v < (f == 0 ? kPfVec : kVfVec); v++)
			for (unsigned off = 0; off < 2; off++)
				t.reg(true, f, v, off, 3, 0);
}

// Same vector, back to back on both ports (the read-modify-write pipeline forwards the word
// it wrote in the cycle before): with INTERVAL long and PKTS 200, 199 events do not raise,
// the 200th does; repeated with the events of one cycle on both ports and on one port.
void t_same_vector(Tb &t)
{
	unsigned f = kFuncs - 1, v = t.last_vec(f);
	t.reg(true, f, v, 0, 3, 60000);
	t.event(0, f, v);  // first raise: no interval running yet
	t.cycle();
	t.check(t.wait_raise(kLap) != 0, "first event not raised");
	t.reg(true, f, v, 1, 1, 200);
	for (unsigned mode = 0; mode < 3; mode++) {
		size_t first = t.raises.size();
		unsigned n = 0;
		while (n < 199) {
			bool both = mode == 0 || (mode == 2 && t.rnd(2));
			t.event(0, f, v);
			n++;
			if (both && n < 199) {
				t.event(1, f, v);
				n++;
			}
			t.cycle();
		}
		t.idle(2 * kLap);
		t.check(t.raises.size() == first, "mode %u: raised after 199 of 200 events", mode);
		t.event(1, f, v);
		t.cycle();
		t.check(t.wait_raise(kLap) != 0, "mode %u: 200 events did not raise", mode);
	}
	t.reg(true, f, v, 0, 3, 0);
	t.reg(true, f, v, 1, 1, 0);
}

// The FIFOs of pending vectors at full load: every vector pending with an INTERVAL that has
// not run out (so every vector circulates through the checker's re-queue FIFO), more events
// on all of them meanwhile (nothing may be pushed twice or lost), then INTERVAL := 0 for all:
// every vector raised exactly once.
void t_fifo_full(Tb &t)
{
	for (unsigned i = 0; i < kNumVec; i++) {
		unsigned f = itr_ref_func_of(&t.ref, i), v = itr_ref_vec_of(&t.ref, i);
		t.reg(true, f, v, 0, 3, 0);
		t.event(0, f, v);  // a raise starts the interval
		t.cycle();
	}
	t.idle(2 * kLap);
	for (unsigned i = 0; i < kNumVec; i++)
		t.reg(true, itr_ref_func_of(&t.ref, i), itr_ref_vec_of(&t.ref, i), 0, 3, 60000);
	size_t first = t.raises.size();
	for (unsigned rep = 0; rep < 4; rep++) {
		for (unsigned i = 0; i < kNumVec; i += 2) {
			for (unsigned p = 0; p < 2 && i + p < kNumVec; p++)
				t.event(p, itr_ref_func_of(&t.ref, i + p), itr_ref_vec_of(&t.ref, i + p));
			t.cycle();
		}
		t.idle((unsigned)t.rnd(kLap));
	}
	t.idle(2 * kLap);
	t.check(t.raises.size() == first, "%zu raises inside the intervals",
		t.raises.size() - first);
	t.check(t.top->busy_o, "busy_o low with every vector pending");
	for (unsigned i = 0; i < kNumVec; i++)
		t.reg(true, itr_ref_func_of(&t.ref, i), itr_ref_vec_of(&t.ref, i), 0, 3, 0);
	t.idle(2 * kLap);
	std::vector<int> seen(kNumVec, 0);
	for (size_t k = first; k < t.raises.size(); k++)
		seen[itr_ref_index(&t.ref, t.raises[k].func, t.raises[k].vec)]++;
	for (unsigned i = 0; i < kNumVec; i++)
		if (!t.check(seen[i] == 1, "vector %u raised %d times", i, seen[i]))
			break;
	t.idle(8);
	t.check(!t.top->busy_o, "busy_o high with nothing pending");
}

// Generations: functions reset (several at once, many times, also in the cycle of a
// register access or an event) leave no old state readable: registers read 0, no raise for
// the events before the reset, counts start again from 0 (PKTS), no interval running.
void t_generations(Tb &t)
{
	for (unsigned rep = 0; rep < 300; rep++) {
		unsigned f = (unsigned)t.rnd(kFuncs), v = t.rnd(f ? kVfVec : kPfVec);
		t.reg(true, f, v, 0, 3, 60000);
		t.reg(true, f, v, 1, 1, 3);
		t.event(0, f, v);
		t.cycle();
		t.wait_raise(kLap);        // the interval runs now
		t.event(0, f, v);          // pending, 1 of 3
		t.event(1, f, v);          // 2 of 3
		t.cycle();
		t.idle(4);
		// reset f and a random set of others (several at once)
		t.freset[f] = 1;
		for (unsigned g = 0; g < kFuncs; g++)
			if (t.rnd(4) == 0)
				t.freset[g] = 1;
		if (rep % 3 == 0)
			t.event(1, f, v);      // dropped: the cycle of the reset
		t.cycle();
		for (unsigned off = 0; off < 2; off++)
			t.check(t.reg(false, f, v, off, 0, 0) == 0, "func %u vec %u off %u after reset",
				f, v, off);
		// the two events before the reset are gone: nothing raised
		t.check(t.wait_raise(2 * kLap) == 0, "raise of events before the reset");
		// PKTS 3 again: the count restarts from 0 (one event raises at once: no interval
		// running and INTERVAL 0), then with INTERVAL set, 3 events are needed
		t.reg(true, f, v, 0, 3, 60000);
		t.reg(true, f, v, 1, 1, 3);
		t.event(0, f, v);
		t.cycle();
		t.check(t.wait_raise(kLap) != 0, "no interval running after the reset: not raised");
		t.event(0, f, v);
		t.cycle();
		t.event(1, f, v);
		t.cycle();
		t.check(t.wait_raise(2 * kLap) == 0, "2 events raised with PKTS 3 after the reset");
		t.event(1, f, v);
		t.cycle();
		t.check(t.wait_raise(kLap) != 0, "3 events did not raise with PKTS 3");
		t.reg(true, f, v, 0, 3, 0);
		t.reg(true, f, v, 1, 1, 0);
	}
}

void t_random(Tb &t)
{
	uint64_t events = 0;
	for (unsigned i = 0; i < 150000; i++) {
		if (t.rnd(50) == 0) {
			unsigned f = (unsigned)t.rnd(kFuncs), v = (unsigned)t.rnd(f ? kVfVec : kPfVec);
			unsigned off = (unsigned)t.rnd(2);
			t.reg(true, f, v, off, 3, off ? (unsigned)t.rnd(6) : (unsigned)t.rnd(9));
			continue;
		}
		for (unsigned p = 0; p < 2; p++)
			if (t.rnd(3) == 0) {
				unsigned f = (unsigned)t.rnd(kFuncs);
				t.event(p, f, (unsigned)t.rnd(f ? kVfVec + 1 : kPfVec));
				events++;
			}
		if (t.rnd(20000) == 0)
			t.freset[t.rnd(kFuncs)] = 1;
		if (i % 5000 == 4000)
			t.ready = false;  // a long stall now and then
		else if (i % 5000 > 4000 && i % 5000 < 4300)
			t.ready = false;
		else
			t.ready = t.rnd(4) != 0;
		t.cycle();
	}
	t.ready = true;
	t.idle(2 * kLap + 2 * kUnit * 8);
	std::printf("# random: %" PRIu64 " events, %zu raises (%" PRIu64 " by the fast path), "
		    "longest wait of a due vector %" PRIu64 " free cycles (bound %" PRIu64 ")\n",
		    events, t.raises.size(), t.ref.fast_raises, t.ref.max_age, t.ref.bound);
}

}  // namespace

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	std::vector<vfnic_tb::Test<Tb>> tests = {
		{"registers: reset values, byte enables, holes", true, t_regs},
		{"INTERVAL 0: every event raised two cycles later", true, t_no_moderation},
		{"INTERVAL 0 fast path: one raise per event, back to back", true,
		 t_fast_per_event},
		{"INTERVAL 0 fast path never starves the checker's pending vectors", true,
		 t_fast_starvation},
		{"INTERVAL honoured (1, 3, 7 units)", true, t_interval},
		{"PKTS threshold, two events in one cycle", true, t_pkts},
		{"INTERVAL and PKTS together", true, t_both},
		{"INTERVAL/PKTS changed at run time", true, t_runtime_change},
		{"backpressure on raise_ready: held, nothing lost", true, t_backpressure},
		{"every vector at once; fair order under backpressure", true,
		 t_many_vectors},
		{"function reset", true, t_freset},
		{"register port: ack two cycles after the request, back to back", true, t_reg_port},
		{"same vector back to back on both ports: exact counts", true, t_same_vector},
		{"pending-vector FIFOs at full load: nothing lost or doubled", true, t_fifo_full},
		{"reset generations: no old state readable (300 resets)", true, t_generations},
		{"random phase vs reference", true, t_random},
	};
	return vfnic_tb::run_tests(t, tests, "[f" + std::to_string(kFuncs) + "]");
}
