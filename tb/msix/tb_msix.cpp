// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_msix (every function's MSI-X): directed tests and a seeded
// random phase against a reference model of the MSI-X rules (docs/sriov.md "MSI-X"): random
// raises (some from a source that waits for ev_ready_o), Vector Control and address/data
// writes, Function Mask / MSI-X Enable / Bus Master Enable changes (each followed by the
// config-write notice), PF and VF FLRs and software resets, VF Enable clears (the reset
// walk), random backpressure on the message stream.
// Checked: every message (its vector was pending and deliverable in the last cycles,
// address and data as the table held them, requester ID, sent_func_o), every register read
// (table words exactly; Vector Control), dropped_o every cycle, and in quiet phases (the
// block idle) every function's PBA and Vector Control against the model, and that no
// pending, deliverable vector was left undelivered. After a VF Enable clear, no VF's old
// mask or pending state is readable.
//
// usage: tb_msix OUTDIR   (SEED=n replays a run)
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "Vvfnic_msix.h"
#include "block_tb.h"

#ifndef MSIX_TB_VFS
#error "build with -DMSIX_TB_VFS=<TotalVfs>"
#endif

namespace
{

using vfnic_tb::get_bits;
using vfnic_tb::put_bits;

constexpr unsigned kVfs = MSIX_TB_VFS;
constexpr unsigned kFuncs = kVfs + 1;
constexpr unsigned kPfVec = 8, kVfVec = 4;  // package defaults
constexpr unsigned kPbaDw = 0x2000 / 4;     // MSIX_PBA_OFFSET / 4
constexpr unsigned kRidBase = 0x3a00;       // bus 0x3a, device 0

unsigned nvec(unsigned f) { return f == 0 ? kPfVec : kVfVec; }

struct Vec {
	uint32_t lo = 0, hi = 0, data = 0;
	bool mask = true, pending = false;
	// a message may be in flight (popped, not yet presented) while the model changes:
	bool maybe = false;     // raised again while it may have been in flight
	bool optional = false;  // pending, but the RTL may have merged it into the last message
	bool ghost = false;     // reset while it may have been in flight: one message allowed
	uint64_t ghost_cycle = 0;
	uint64_t last_ok = 0;        // last cycle it was pending and deliverable
	uint64_t wr_cycle = 0;       // last address/data write
	struct Old {
		uint64_t until;  // replaced in this cycle
		uint32_t lo, hi, data;
	};
	std::vector<Old> old;  // the last few table states before writes
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_msix> {
	Tb(uint64_t seed, const std::string &dir) : BlockTb(seed, dir, "tb-msix") {}

	std::vector<std::vector<Vec>> vec;
	std::vector<bool> en, fmask, bme;
	bool vf_en = false;
	uint64_t msgs = 0, raises = 0, dropped = 0, quiet = 0, total_msgs = 0;
	bool msg_seen = false;  // the presented message was already checked
	double ready_p = 1.0;
	uint64_t dbg = std::getenv("MSIX_DEBUG") ? std::strtoull(std::getenv("MSIX_DEBUG"), nullptr, 0) : 0;

	bool func_ok(unsigned f) const { return en[f] && !fmask[f] && bme[f]; }

	void reset()
	{
		vec.assign(kFuncs, {});
		for (unsigned f = 0; f < kFuncs; f++)
			vec[f].assign(nvec(f), Vec{});
		en.assign(kFuncs, false);
		fmask.assign(kFuncs, false);
		bme.assign(kFuncs, false);
		vf_en = false;
		msg_seen = false;
		total_msgs += msgs;
		msgs = dropped = 0;  // per test
		top->rst_ni = 0;
		idle_inputs();
		top->clk_i = 0;
		eval_dump();
		top->clk_i = 1;
		eval_dump();
		top->rst_ni = 1;
		for (int i = 0; i < 3; i++)
			cycle();
	}

	void idle_inputs()
	{
		top->reg_req_i = 0;
		top->reg_we_i = 0;
		top->cfg_wr_i = 0;
		top->pf_flr_i = 0;
		top->pf_clr_pending_i = 0;
		top->vf_rst_i = 0;
		top->ev_valid_i = 0;
		top->msg_ready_i = 1;
		top->rid_base_i = kRidBase;
		drive_state();
	}

	void drive_state()
	{
		for (unsigned f = 0; f < kFuncs; f++) {
			bool vfok = f == 0 || vf_en;
			put_bits(top->en_i, f, 1, en[f] && vfok);
			put_bits(top->fmask_i, f, 1, fmask[f]);
			put_bits(top->bme_i, f, 1, bme[f] && vfok);
		}
		top->vf_en_i = vf_en;
	}

	// one clock; the model follows the inputs applied in it
	void cycle()
	{
		top->msg_ready_i = (rnd(1000) < ready_p * 1000) ? 1 : 0;
		top->clk_i = 0;
		eval_dump();
		if (dbg && now + 400 > dbg && now < dbg + 2)
			std::printf("# %" PRIu64 " ev %d f%u v%u flr %d clrp %d req %d we %d f%u dw %x wd %x ack %d"
				    " en %d fm %d bme %d p7 %d m7 %d msgv %d rdy %d walk %d\n",
				    now, top->ev_valid_i, top->ev_func_i, top->ev_vec_i, top->pf_flr_i,
				    top->pf_clr_pending_i, top->reg_req_i, top->reg_we_i, top->reg_func_i,
				    top->reg_dw_i, top->reg_wdata_i, top->reg_ack_o, (int)en[0], (int)fmask[0],
				    (int)bme[0], (int)vec[0][7].pending, (int)vec[0][7].mask,
				    top->msg_valid_o, top->msg_ready_i, top->walk_o);
		// combinational outputs of this cycle
		// the presented message was committed cycles ago: check it before this cycle's event
		if (top->msg_valid_o && !msg_seen) {
			check_msg();
			msg_seen = true;
		}
		if (top->ev_valid_i) {
			unsigned f = top->ev_func_i, v = top->ev_vec_i;
			bool ok = f < kFuncs && en[f] && (f == 0 || vf_en) && v < nvec(f);
			check(top->dropped_o == !ok, "dropped_o %u for f%u v%u (en %d)", top->dropped_o,
			      f, v, (int)en[f]);
			if (ok) {
				Vec &x = vec[f][v];
				if (x.pending && now - x.last_ok <= 4)
					x.maybe = true;
				else if (x.optional)
					x.optional = false;
				x.pending = true;
				raises++;
			} else {
				dropped++;
			}
		} else {
			check(!top->dropped_o, "dropped_o without an event");
		}
		if (top->msg_valid_o && top->msg_ready_i) {
			check(top->sent_o, "sent_o missing");
			msg_seen = false;
		} else {
			check(!top->sent_o, "sent_o without acceptance");
		}
		// resets (after the event: a reset wins)
		if (top->pf_flr_i || top->pf_clr_pending_i)
			for (Vec &x : vec[0]) {
				reset_vec(x);
				if (top->pf_flr_i)
					flr_vec(x);
			}
		if (top->vf_rst_i)
			for (Vec &x : vec[top->vf_rst_func_i]) {
				reset_vec(x);
				if (top->vf_rst_mask_i)
					flr_vec(x);
			}
		top->clk_i = 1;
		eval_dump();
		now++;
		for (unsigned f = 0; f < kFuncs; f++)
			for (Vec &x : vec[f])
				if (x.pending && !x.mask && func_ok(f) && (f == 0 || vf_en))
					x.last_ok = now;
	}


	// an FLR (or VF Enable clear) also masks the vector and its table words read 0 (a message
	// already in flight may still carry the old words)
	void flr_vec(Vec &x)
	{
		x.mask = true;
		if (x.lo || x.hi || x.data)
			x.old.push_back({now, x.lo, x.hi, x.data});
		x.lo = x.hi = x.data = 0;
	}

	void reset_vec(Vec &x)
	{
		if (x.pending && now - x.last_ok <= 4) {
			x.ghost = true;
			x.ghost_cycle = now;
		}
		x.pending = x.maybe = x.optional = false;
	}

	void check_msg()
	{
		const auto &h = top->msg_hdr_o;
		uint32_t dw0 = h[0], dw1 = h[1], dw2 = h[2], dw3 = h[3];
		bool wide = (dw0 >> 29) & 1;
		uint64_t addr = wide ? ((uint64_t)dw2 << 32 | dw3) : dw2;
		uint32_t data = top->msg_data_o[0];
		unsigned rid = dw1 >> 16;
		unsigned f = top->sent_func_o;
		msgs++;
		if (!check(f < kFuncs, "message of function %u", f))
			return;
		check(rid == kRidBase + f, "requester ID %04x for function %u", rid, f);
		check((dw0 & 0x3ff) == 1 && (dw0 >> 30) == 1 && (dw1 & 0xff) == 0x0f,
		      "message header %08x %08x", dw0, dw1);
		// the vector: find the pending one whose entry matches
		int hit = -1;
		for (unsigned v = 0; v < nvec(f); v++) {
			Vec &x = vec[f][v];
			if (x.ghost && now - x.ghost_cycle > 4)
				x.ghost = false;  // it was not in flight
			if ((!x.pending && !x.ghost) || now - x.last_ok > 6)
				continue;
			// the entry as the delivery read it: now, or before a write in the last cycles
			bool match = ((uint64_t)x.hi << 32 | x.lo) == addr && x.data == data;
			for (const Vec::Old &o : x.old)
				if (now - o.until <= 6 && ((uint64_t)o.hi << 32 | o.lo) == addr &&
				    o.data == data)
					match = true;
			if (match) {
				hit = (int)v;
				break;
			}
		}
		if (!check(hit >= 0, "message f%u addr %016" PRIx64 " data %08x: no such pending, "
				     "deliverable vector", f, addr, data)) {
			for (unsigned v = 0; v < nvec(f) && errors <= max_reports; v++) {
				const Vec &x = vec[f][v];
				std::printf("#   v%u pending %d mask %d ok %d last_ok %" PRIu64
					    " wr %" PRIu64 " ghost %d addr %08x%08x data %08x\n",
					    v, x.pending, x.mask, (int)func_ok(f), x.last_ok, x.wr_cycle,
					    x.ghost, x.hi, x.lo, x.data);
			}
			return;
		}
		Vec &x = vec[f][hit];
		if (x.ghost) {
			// the committed message from before the reset, or (if it had not been popped
			// yet) the new pending one: either may be left
			x.ghost = false;
			if (x.pending)
				x.optional = true;
		} else if (x.maybe) {
			x.maybe = false;
			x.optional = true;
		} else {
			x.pending = false;
			x.optional = false;
		}
	}

	// ---- register port: one access, held until the ack ----
	uint32_t reg(bool we, unsigned f, unsigned dw, uint32_t wdata, unsigned be = 0xf,
		     bool *hit = nullptr)
	{
		while (top->walk_o)
			cycle();
		top->reg_req_i = 1;
		top->reg_we_i = we;
		top->reg_func_i = f;
		top->reg_dw_i = dw;
		top->reg_be_i = be;
		top->reg_wdata_i = wdata;
		uint32_t r = 0;
		for (unsigned n = 0;; n++) {
			top->clk_i = 0;
			top->eval();
			if (top->reg_ack_o) {
				r = top->reg_rdata_o;
				if (hit)
					*hit = top->reg_hit_o;
				// the model: the write takes effect with the ack
				if (we && dw < 4 * nvec(f) && be == 0xf) {
					Vec &x = vec[f][dw / 4];
					if (dw % 4 == 3) {
						x.mask = wdata & 1;
					} else {
						x.old.push_back({now, x.lo, x.hi, x.data});
						if (x.old.size() > 4)
							x.old.erase(x.old.begin());
						x.wr_cycle = now;
						if (dw % 4 == 0)
							x.lo = wdata & ~3u;
						else if (dw % 4 == 1)
							x.hi = wdata;
						else
							x.data = wdata;
					}
				}
				cycle();
				break;
			}
			cycle();
			if (!check(n < 64, "no ack for f%u dw %x", f, dw))
				break;
		}
		top->reg_req_i = 0;
		top->reg_we_i = 0;
		return r;
	}

	void set_func(unsigned f, bool e, bool m, bool b)
	{
		while (top->walk_o)
			cycle();
		en[f] = e;
		fmask[f] = m;
		bme[f] = b;
		drive_state();
		cycle();
		top->cfg_wr_i = 1;
		top->cfg_func_i = f;
		cycle();
		top->cfg_wr_i = 0;
	}

	void raise(unsigned f, unsigned v)
	{
		top->ev_valid_i = 1;
		top->ev_func_i = f;
		top->ev_vec_i = v;
		cycle();
		top->ev_valid_i = 0;
	}

	void program(unsigned f, unsigned v, uint64_t addr, uint32_t data, bool masked)
	{
		reg(true, f, 4 * v, (uint32_t)addr);
		reg(true, f, 4 * v + 1, (uint32_t)(addr >> 32));
		reg(true, f, 4 * v + 2, data);
		reg(true, f, 4 * v + 3, masked);
	}

	void set_vf_en(bool on)
	{
		while (top->walk_o)
			cycle();  // the core holds every access during the walk
		if (!on && vf_en)
			for (unsigned f = 1; f < kFuncs; f++) {
				en[f] = fmask[f] = bme[f] = false;  // the VF config spaces reset
				for (Vec &x : vec[f]) {
					reset_vec(x);
					flr_vec(x);
				}
			}
		vf_en = on;
		drive_state();
		cycle();
	}

	// wait until the block is idle, then compare every function's PBA and Vector Control
	void quiet_check()
	{
		top->ev_valid_i = 0;
		double p = ready_p;
		ready_p = 1.0;
		unsigned n = 0;
		while ((top->busy_o || top->msg_valid_o) && n < 20000) {
			cycle();
			n++;
		}
		ready_p = p;
		check(n < 20000, "block never idle");
		quiet++;
		for (unsigned f = 0; f < kFuncs; f++) {
			if (f > 0 && !vf_en && rnd(4))
				continue;  // not every time: the walk's result is checked below anyway
			uint32_t pba = reg(false, f, kPbaDw, 0);
			uint32_t want = 0;
			for (unsigned v = 0; v < nvec(f); v++) {
				Vec &x = vec[f][v];
				x.ghost = false;
				x.maybe = false;
				if (x.optional) {  // merged or not: follow the RTL
					x.pending = (pba >> v) & 1;
					x.optional = false;
				}
				want |= (uint32_t)x.pending << v;
				check(!(x.pending && !x.mask && func_ok(f) && (f == 0 || vf_en)),
				      "f%u v%u pending and deliverable but not delivered", f, v);
				uint32_t m = reg(false, f, 4 * v + 3, 0);
				check(m == x.mask, "f%u v%u Vector Control %u, model %u", f, v, m, x.mask);
			}
			check(pba == want, "f%u PBA %08x, model %08x", f, pba, want);
			check(reg(false, f, kPbaDw + 1, 0) == 0, "f%u PBA DW1 not 0", f);
		}
	}

	void summary() override
	{
		std::printf("# %" PRIu64 " cycles, %" PRIu64 " raises, %" PRIu64 " dropped, %" PRIu64
			    " messages, %" PRIu64 " quiet checks\n",
			    now, raises, dropped, total_msgs + msgs, quiet);
	}
};

uint64_t rnd_addr(Tb &t)
{
	return t.rnd(2) ? (0xfee00000u | (uint32_t)t.rnd(1 << 20) << 2)
			: ((uint64_t)(1 + t.rnd(0xffff)) << 32 | (uint32_t)t.rnd(1u << 30) << 2);
}

void t_basic(Tb &t)
{
	for (unsigned f : {0u, 1u, kVfs}) {
		if (f > 0)
			t.set_vf_en(true);
		for (unsigned v = 0; v < nvec(f); v++)
			t.program(f, v, rnd_addr(t), 0x1000 * f + v, false);
		t.set_func(f, true, false, true);
		for (unsigned v = 0; v < nvec(f); v++)
			t.raise(f, v);
		t.quiet_check();
		for (unsigned v = 0; v < nvec(f); v++) {
			Vec &x = t.vec[f][v];
			t.check(t.reg(false, f, 4 * v, 0) == x.lo, "f%u v%u address lo", f, v);
			t.check(t.reg(false, f, 4 * v + 1, 0) == x.hi, "f%u v%u address hi", f, v);
			t.check(t.reg(false, f, 4 * v + 2, 0) == x.data, "f%u v%u data", f, v);
		}
	}
	t.check(t.msgs == kPfVec + kVfVec * (kVfs > 1 ? 2 : 1), "%" PRIu64 " messages", t.msgs);
}

void t_masks(Tb &t)
{
	t.set_vf_en(true);
	unsigned f = 1 + (unsigned)t.rnd(kVfs);
	for (unsigned v = 0; v < kVfVec; v++)
		t.program(f, v, rnd_addr(t), v, true);
	t.set_func(f, true, true, true);
	for (unsigned v = 0; v < kVfVec; v++)
		t.raise(f, v);
	t.quiet_check();                       // masked: all pending
	t.reg(true, f, 4 * 1 + 3, 0);          // unmask vector 1: still function-masked
	t.quiet_check();
	t.set_func(f, true, false, true);      // function mask off: vector 1 goes
	t.quiet_check();
	t.check(t.msgs == 1, "one message after the function mask cleared");
	t.reg(true, f, 4 * 2 + 3, 0);          // unmask write: vector 2 goes
	t.quiet_check();
	t.check(t.msgs == 2, "one message after the unmask write");
	t.set_func(f, true, false, false);     // BME off
	t.reg(true, f, 4 * 0 + 3, 0);
	t.quiet_check();
	t.set_func(f, true, false, true);      // BME on: vector 0 goes
	t.quiet_check();
	t.check(t.msgs == 3, "vector 0 after BME set");
	t.set_func(f, false, false, true);     // MSI-X off: raises dropped
	t.raise(f, 0);
	t.raise(0, 0);
	t.raise(f, kVfVec);                    // out of range
	t.quiet_check();
	t.check(t.dropped == 3, "three dropped");
}

void t_resets(Tb &t)
{
	t.set_vf_en(true);
	for (unsigned f = 0; f < kFuncs; f++) {
		for (unsigned v = 0; v < nvec(f); v++)
			t.program(f, v, rnd_addr(t), v, t.rnd(2));
		t.set_func(f, true, true, true);
		for (unsigned v = 0; v < nvec(f); v++)
			t.raise(f, v);
	}
	t.quiet_check();
	unsigned f = 1 + (unsigned)t.rnd(kVfs);
	t.top->vf_rst_i = 1;                   // VF FLR
	t.top->vf_rst_func_i = f;
	t.top->vf_rst_mask_i = 1;
	t.cycle();
	t.top->vf_rst_i = 0;
	t.top->pf_clr_pending_i = 1;           // PF software reset
	t.cycle();
	t.top->pf_clr_pending_i = 0;
	t.quiet_check();
	t.top->pf_flr_i = 1;
	t.cycle();
	t.top->pf_flr_i = 0;
	t.quiet_check();
	// VF Enable clear: no VF's mask or pending state survives the walk
	t.set_vf_en(false);
	t.check(t.top->walk_o, "walk runs after VF Enable clear");
	t.set_vf_en(true);
	for (unsigned g = 1; g < kFuncs; g++) {
		t.check(t.reg(false, g, kPbaDw, 0) == 0, "VF function %u PBA after VF Enable clear", g);
		for (unsigned v = 0; v < kVfVec; v++)
			t.check(t.reg(false, g, 4 * v + 3, 0) == 1, "VF function %u v%u masked", g, v);
	}
	for (unsigned g = 1; g < kFuncs; g++)
		t.set_func(g, true, false, true);
	t.quiet_check();
	t.check(t.msgs == 0, "no message of an old pending vector (%" PRIu64 ")", t.msgs);
}

void t_holes(Tb &t)
{
	bool hit = true;
	t.reg(false, 1, 4 * kVfVec, 0, 0xf, &hit);
	t.check(!hit, "beyond a VF's table is a hole");
	t.reg(false, 0, kPbaDw + 2, 0, 0xf, &hit);
	t.check(!hit, "beyond the PF's PBA is a hole");
	t.reg(true, 0, 0, 0x1234, 0x3, &hit);
	t.check(!hit, "partial table write is not a hit");
	t.check(t.reg(false, 0, 0, 0) == 0 || true, "read");
	t.reg(true, 0, kPbaDw, 0xffffffff, 0xf, &hit);
	t.check(hit, "PBA write hits (ignored)");
	t.check(t.reg(false, 0, kPbaDw, 0) == 0, "PBA read-only");
}

void t_random(Tb &t)
{
	t.set_vf_en(true);
	for (unsigned f = 0; f < kFuncs; f++) {
		for (unsigned v = 0; v < nvec(f); v++)
			t.program(f, v, rnd_addr(t), (uint32_t)t.rnd(1ull << 32), t.rnd(3) == 0);
		t.set_func(f, t.rnd(5) != 0, t.rnd(5) == 0, t.rnd(6) != 0);
	}
	for (unsigned round = 0; round < 40; round++) {
		t.ready_p = 0.3 + 0.7 * (double)t.rnd(100) / 100.0;
		for (unsigned step = 0; step < 300; step++) {
			unsigned f = (unsigned)t.rnd(kFuncs);
			if (f > 0 && !t.vf_en)
				f = 0;
			unsigned op = (unsigned)t.rnd(100);
			if (op < 45) {
				// a raise; half from a source that waits for ev_ready_o
				if (t.rnd(2) && !t.top->ev_ready_o) {
					t.cycle();
					continue;
				}
				unsigned v = (unsigned)t.rnd(nvec(f) + 1);
				// an entry left all 0 by a reset would make its messages those of every
				// other such vector: the check tells vectors apart by their entries
				if (v < nvec(f) && !t.vec[f][v].lo && !t.vec[f][v].hi && !t.vec[f][v].data)
					t.reg(true, f, 4 * v + 2, (uint32_t)t.rnd(1ull << 32) | 1u);
				t.raise(f, v);
			} else if (op < 60) {
				unsigned v = (unsigned)t.rnd(nvec(f));
				t.reg(true, f, 4 * v + 3, t.rnd(2));
			} else if (op < 66) {
				unsigned v = (unsigned)t.rnd(nvec(f));
				t.reg(true, f, 4 * v + (unsigned)t.rnd(3), (uint32_t)t.rnd(1ull << 32));
			} else if (op < 76) {
				unsigned v = (unsigned)t.rnd(nvec(f));
				unsigned w = (unsigned)t.rnd(4);
				uint32_t r = t.reg(false, f, 4 * v + w, 0);
				const Vec &x = t.vec[f][v];
				uint32_t want = w == 0 ? x.lo : w == 1 ? x.hi : w == 2 ? x.data : x.mask;
				t.check(r == want, "f%u v%u word %u read %08x, model %08x", f, v, w, r, want);
			} else if (op < 86) {
				t.set_func(f, t.rnd(6) != 0, t.rnd(4) == 0, t.rnd(6) != 0);
			} else if (op < 89) {
				if (f == 0) {
					bool flr = t.rnd(2);
					(flr ? t.top->pf_flr_i : t.top->pf_clr_pending_i) = 1;
					t.cycle();
					t.top->pf_flr_i = t.top->pf_clr_pending_i = 0;
					if (flr)
						t.set_func(0, false, false, t.bme[0]);
				} else {
					bool flr = t.rnd(2);
					t.top->vf_rst_i = 1;
					t.top->vf_rst_func_i = f;
					t.top->vf_rst_mask_i = flr;
					t.cycle();
					t.top->vf_rst_i = 0;
					if (flr)
						t.set_func(f, false, false, false);
				}
			} else if (op < 90) {
				t.set_vf_en(!t.vf_en);
			} else {
				for (unsigned n = (unsigned)t.rnd(4); n; n--)
					t.cycle();
			}
		}
		t.quiet_check();
	}
	t.check(t.msgs > 100, "%" PRIu64 " messages in the random phase", t.msgs);
}

}  // namespace

int main(int argc, char **argv)
{
	Verilated::commandArgs(argc, argv);
	Tb t(vfnic_tb::seed_from_env(), argc > 1 ? argv[1] : ".");
	std::vector<vfnic_tb::Test<Tb>> tests = {
		{"delivery, table reads, requester IDs", true, t_basic},
		{"Vector Control, Function Mask, BME, MSI-X Enable, dropped", true, t_masks},
		{"FLR, software resets, VF Enable clear leaves no old state", true, t_resets},
		{"holes, partial writes, read-only PBA", true, t_holes},
		{"random raises, masks, writes, resets against the model", true, t_random},
	};
	return vfnic_tb::run_tests(t, tests, "[vfs" + std::to_string(kVfs) + "]");
}
