// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_mbx: directed tests of every mailbox rule, then a seeded random
// phase. Every cycle, every output of the RTL is compared with the C reference model (mbx_ref.c);
// directed tests also check hand-written expectations. Prints TAP; exits non-zero on any failure
// and then keeps the FST waveform.
//
// usage: tb_mbx OUTDIR     (SEED=n in the environment replays a run; CYCLES=n sets the random
// phase's length)
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "Vvfnic_mbx.h"
#include "block_tb.h"
#include "mbx_ref.h"

#ifndef MBX_TB_TOTAL_VFS
#error "build with -DMBX_TB_TOTAL_VFS=<the TotalVfs the RTL was built with>"
#endif

namespace
{

constexpr unsigned kTotalVfs = MBX_TB_TOTAL_VFS;
constexpr unsigned kIdxWidth = kTotalVfs > 1 ? 32 - __builtin_clz(kTotalVfs - 1) : 1;
constexpr unsigned kIdxSlots = 1u << kIdxWidth;
// a buffer access waits at most for the clear walk in progress, one walk of every VF (32 DWs
// each, round robin) and its own two cycles, unless its VF is cleared again meanwhile (the
// random phase allows for a few of those)
constexpr unsigned kWalkPerVf = 32;
constexpr unsigned kMaxLatency = (kTotalVfs + 1) * kWalkPerVf + 4;
constexpr unsigned kMaxLatencyRandom = 4 * kMaxLatency;

// VF window DWs (vf_addr_i[7:2]) and PF buffer window DWs (pfb_addr_i[12:2])
constexpr unsigned kVfCtrl = 0x00 / 4;
constexpr unsigned kVfV2p = 0x40 / 4;
constexpr unsigned kVfP2v = 0x80 / 4;
constexpr uint32_t kReq = 1u << 0;
constexpr uint32_t kResp = 1u << 1;

unsigned pf_v2p(unsigned vf, unsigned dw) { return vf * 0x20 + dw; }
unsigned pf_p2v(unsigned vf, unsigned dw) { return vf * 0x20 + 0x10 + dw; }

struct Tb : vfnic_tb::BlockTb<Vvfnic_mbx> {
	Tb(uint64_t seed, const std::string &outdir)
		: BlockTb(seed, outdir, ("mbx-tb-vfs" + std::to_string(kTotalVfs)).c_str())
	{
		mbx_ref_reset(&ref, kTotalVfs);
		reset();
	}

	void reset()
	{
		idle_inputs();
		top->clk_i = 0;
		top->rst_ni = 0;
		eval_dump();
		top->clk_i = 1;
		eval_dump();
		top->clk_i = 0;
		top->rst_ni = 1;
		top->eval();
		mbx_ref_reset(&ref, kTotalVfs);
	}

	void idle_inputs()
	{
		mbx_ref_in z = {};
		apply(z);
	}

	// One clock cycle with inputs `in` (a request held until its ack): the model sees an access
	// only in the cycle the RTL acks it; compare every output with the model, then clock both.
	mbx_ref_out cycle(const mbx_ref_in &in)
	{
		apply(in);
		eval_dump();
		mbx_ref_in seen = in;
		vf_acked = top->vf_ack_o;
		pfb_acked = top->pfb_ack_o;
		if (in.vf_req && in.pfb_req)
			fail("testbench drove both access ports in one cycle");
		if (!in.vf_req && vf_acked)
			fail("vf_ack_o without a request");
		if (!in.pfb_req && pfb_acked)
			fail("pfb_ack_o without a request");
		seen.vf_req = in.vf_req && vf_acked;
		seen.pfb_req = in.pfb_req && pfb_acked;
		mbx_ref_out exp;
		mbx_ref_eval(&ref, &seen, &exp);
		mbx_ref_out got = outputs();
		compare(seen, exp, got);
		top->clk_i = 1;
		eval_dump();
		mbx_ref_clock(&ref, &seen);
		now++;
		top->clk_i = 0;
		top->eval();
		return got;
	}

	// One access (`in` holds at most one request): the strobes in `in` (DONE/SEND, clears)
	// are applied in the first cycle only; the request is held until its ack. Returns the
	// outputs of the ack cycle; `latency` is the number of cycles it took (1 = same cycle).
	mbx_ref_out access(const mbx_ref_in &in)
	{
		mbx_ref_in held = {};
		held.vf_req = in.vf_req;
		held.vf_we = in.vf_we;
		held.vf_idx = in.vf_idx;
		held.vf_dw = in.vf_dw;
		held.vf_be = in.vf_be;
		held.vf_wdata = in.vf_wdata;
		held.pfb_req = in.pfb_req;
		held.pfb_we = in.pfb_we;
		held.pfb_dw = in.pfb_dw;
		held.pfb_be = in.pfb_be;
		held.pfb_wdata = in.pfb_wdata;
		mbx_ref_out o = cycle(in);
		latency = 1;
		while (!((in.vf_req && vf_acked) || (in.pfb_req && pfb_acked))) {
			if (latency > kMaxLatency) {
				fail("access not acked after %u cycles", latency);
				break;
			}
			o = cycle(held);
			latency++;
		}
		return o;
	}
	mbx_ref_out idle() { return cycle(mbx_ref_in{}); }
	// one idle cycle after every test (still part of the test)
	void after_test() override { idle(); }
	void summary() override { std::printf("# %" PRIu64 " cycles\n", now); }

	// ---- one-access helpers (one cycle each) ----
	mbx_ref_out vf_wr(unsigned vf, unsigned dw, uint32_t v, unsigned be = 0xf)
	{
		mbx_ref_in in = {};
		in.vf_req = in.vf_we = 1;
		in.vf_idx = vf;
		in.vf_dw = dw;
		in.vf_be = be;
		in.vf_wdata = v;
		return access(in);
	}
	mbx_ref_out vf_rd(unsigned vf, unsigned dw)
	{
		mbx_ref_in in = {};
		in.vf_req = 1;
		in.vf_idx = vf;
		in.vf_dw = dw;
		in.vf_be = 0xf;
		return access(in);
	}
	uint32_t vf_rd32(unsigned vf, unsigned dw) { return vf_rd(vf, dw).vf_rdata; }
	mbx_ref_out pf_wr(unsigned dw, uint32_t v, unsigned be = 0xf)
	{
		mbx_ref_in in = {};
		in.pfb_req = in.pfb_we = 1;
		in.pfb_dw = dw;
		in.pfb_be = be;
		in.pfb_wdata = v;
		return access(in);
	}
	mbx_ref_out pf_rd(unsigned dw)
	{
		mbx_ref_in in = {};
		in.pfb_req = 1;
		in.pfb_dw = dw;
		in.pfb_be = 0xf;
		return access(in);
	}
	uint32_t pf_rd32(unsigned dw) { return pf_rd(dw).pfb_rdata; }
	mbx_ref_out done(unsigned vf)
	{
		mbx_ref_in in = {};
		in.pf_done = 1;
		in.pf_vf = vf;
		return cycle(in);
	}
	mbx_ref_out send(unsigned vf)
	{
		mbx_ref_in in = {};
		in.pf_send = 1;
		in.pf_vf = vf;
		return cycle(in);
	}
	mbx_ref_out clr(unsigned vf)
	{
		mbx_ref_in in = {};
		in.vf_clr = 1;
		in.vf_clr_idx = vf;
		return cycle(in);
	}
	mbx_ref_out clr_all()
	{
		mbx_ref_in in = {};
		in.clear_all = 1;
		return cycle(in);
	}

	mbx_ref ref;
	int vf_acked = 0, pfb_acked = 0;  // the ports' acks in the last cycle
	unsigned latency = 0;             // cycles of the last access()
	uint64_t rand_cycles = 500000;  // length of the random phase (CYCLES)

      private:
	void apply(const mbx_ref_in &in)
	{
		top->vf_req_i = in.vf_req;
		top->vf_we_i = in.vf_we;
		top->vf_idx_i = in.vf_idx;
		top->vf_addr_i = in.vf_dw;
		top->vf_be_i = in.vf_be;
		top->vf_wdata_i = in.vf_wdata;
		top->pfb_req_i = in.pfb_req;
		top->pfb_we_i = in.pfb_we;
		top->pfb_addr_i = in.pfb_dw;
		top->pfb_be_i = in.pfb_be;
		top->pfb_wdata_i = in.pfb_wdata;
		top->pf_done_i = in.pf_done;
		top->pf_send_i = in.pf_send;
		top->pf_vf_i = in.pf_vf;
		top->vf_clr_i = in.vf_clr;
		top->vf_clr_idx_i = in.vf_clr_idx;
		top->clear_all_i = in.clear_all;
	}

	mbx_ref_out outputs() const
	{
		mbx_ref_out o = {};
		o.vf_rdata = top->vf_rdata_o;
		o.vf_hit = top->vf_hit_o;
		o.pfb_rdata = top->pfb_rdata_o;
		o.pfb_hit = top->pfb_hit_o;
		o.pf_bad = top->pf_bad_o;
		o.req_pending = top->req_pending_o;
		o.resp_pending = top->resp_pending_o;
		o.busy_writes = top->busy_writes_o;
		o.pf_irq = top->pf_irq_o;
		o.vf_irq = top->vf_irq_o;
		o.vf_irq_idx = top->vf_irq_idx_o;
		return o;
	}

	void compare(const mbx_ref_in &in, const mbx_ref_out &e, const mbx_ref_out &g)
	{
		bool ok = true;
		// read data is only defined for the ports' read cycles; hit for any access
		if (in.vf_req && !in.vf_we && g.vf_rdata != e.vf_rdata)
			ok = false;
		if (in.vf_req && g.vf_hit != e.vf_hit)
			ok = false;
		if (in.pfb_req && !in.pfb_we && g.pfb_rdata != e.pfb_rdata)
			ok = false;
		if (in.pfb_req && g.pfb_hit != e.pfb_hit)
			ok = false;
		if (g.pf_bad != e.pf_bad || g.req_pending != e.req_pending ||
		    g.resp_pending != e.resp_pending || g.busy_writes != e.busy_writes ||
		    g.pf_irq != e.pf_irq || g.vf_irq != e.vf_irq ||
		    (e.vf_irq && g.vf_irq_idx != e.vf_irq_idx))
			ok = false;
		if (ok)
			return;
		fail("RTL != model; in: vf req %d we %d idx %u dw 0x%02x be %x wd %08x | pfb req %d "
		     "we %d dw 0x%03x be %x wd %08x | done %d send %d vf %u | clr %d idx %u all %d",
		     in.vf_req, in.vf_we, in.vf_idx, in.vf_dw, in.vf_be, in.vf_wdata, in.pfb_req,
		     in.pfb_we, in.pfb_dw, in.pfb_be, in.pfb_wdata, in.pf_done, in.pf_send,
		     in.pf_vf, in.vf_clr, in.vf_clr_idx, in.clear_all);
		std::printf("#   got: vf rd %08x hit %d | pfb rd %08x hit %d | bad %d req %016" PRIx64
			    " resp %016" PRIx64 " busy %u pf_irq %d vf_irq %d/%u\n",
			    g.vf_rdata, g.vf_hit, g.pfb_rdata, g.pfb_hit, g.pf_bad, g.req_pending,
			    g.resp_pending, g.busy_writes, g.pf_irq, g.vf_irq, g.vf_irq_idx);
		std::printf("#   exp: vf rd %08x hit %d | pfb rd %08x hit %d | bad %d req %016" PRIx64
			    " resp %016" PRIx64 " busy %u pf_irq %d vf_irq %d/%u\n",
			    e.vf_rdata, e.vf_hit, e.pfb_rdata, e.pfb_hit, e.pf_bad, e.req_pending,
			    e.resp_pending, e.busy_writes, e.pf_irq, e.vf_irq, e.vf_irq_idx);
	}
};

// a few VFs every test touches: first, last and one in between
std::vector<unsigned> some_vfs()
{
	std::vector<unsigned> v = {0};
	if (kTotalVfs > 2)
		v.push_back(kTotalVfs / 2 + 1);
	if (kTotalVfs > 1)
		v.push_back(kTotalVfs - 1);
	return v;
}

uint32_t pattern(unsigned vf, unsigned dw, unsigned salt)
{
	return 0x9e3779b9u * (vf * 64 + dw + 1) ^ (salt * 0x01010101u);
}

// ---- directed tests ----

void t_reset_state(Tb &t)
{
	mbx_ref_out o = t.idle();
	t.check(o.req_pending == 0 && o.resp_pending == 0 && o.busy_writes == 0,
		"bitmaps/counter not 0 after reset");
	for (unsigned vf : some_vfs()) {
		t.check(t.vf_rd32(vf, kVfCtrl) == 0, "VF %u MBX_CTRL not 0", vf);
		for (unsigned dw = 0; dw < 16; dw++) {
			t.check(t.vf_rd32(vf, kVfV2p + dw) == 0, "VF %u V2P[%u] not 0", vf, dw);
			t.check(t.vf_rd32(vf, kVfP2v + dw) == 0, "VF %u P2V[%u] not 0", vf, dw);
			t.check(t.pf_rd32(pf_v2p(vf, dw)) == 0, "PF view V2P[%u] not 0", dw);
			t.check(t.pf_rd32(pf_p2v(vf, dw)) == 0, "PF view P2V[%u] not 0", dw);
		}
	}
}

void t_post_read_done(Tb &t)
{
	for (unsigned vf : some_vfs()) {
		for (unsigned dw = 0; dw < 16; dw++) {
			mbx_ref_out o = t.vf_wr(vf, kVfV2p + dw, pattern(vf, dw, 1));
			t.check(o.vf_hit, "V2P write not a hit");
		}
		for (unsigned dw = 0; dw < 16; dw++)
			t.check(t.vf_rd32(vf, kVfV2p + dw) == pattern(vf, dw, 1),
				"VF %u reads back V2P[%u] wrong", vf, dw);
		mbx_ref_out o = t.vf_wr(vf, kVfCtrl, kReq);
		t.check(o.pf_irq, "no PF interrupt when VF %u set REQ", vf);
		o = t.idle();
		t.check(!o.pf_irq, "PF interrupt longer than one cycle");
		t.check(o.req_pending == (1ull << vf), "MBX_REQ %016" PRIx64 " (VF %u)",
			o.req_pending, vf);
		t.check(t.vf_rd32(vf, kVfCtrl) == kReq, "VF %u MBX_CTRL not REQ", vf);
		for (unsigned dw = 0; dw < 16; dw++)
			t.check(t.pf_rd32(pf_v2p(vf, dw)) == pattern(vf, dw, 1),
				"PF reads VF %u V2P[%u] wrong", vf, dw);
		o = t.done(vf);
		t.check(!o.pf_bad, "DONE of VF %u counted bad", vf);
		o = t.idle();
		t.check(o.req_pending == 0, "REQ still pending after DONE");
		t.check(t.vf_rd32(vf, kVfCtrl) == 0, "VF sees REQ after DONE");
		// the V2P contents stay until the VF rewrites them
		t.check(t.pf_rd32(pf_v2p(vf, 3)) == pattern(vf, 3, 1), "V2P lost on DONE");
	}
	// DONE with nothing pending changes nothing
	mbx_ref_out o = t.done(0);
	t.check(!o.pf_bad && !o.pf_irq, "DONE of idle VF");
	t.check(t.idle().req_pending == 0, "DONE of idle VF set something");
}

void t_send_read_clear(Tb &t)
{
	for (unsigned vf : some_vfs()) {
		for (unsigned dw = 0; dw < 16; dw++) {
			mbx_ref_out o = t.pf_wr(pf_p2v(vf, dw), pattern(vf, dw, 2));
			t.check(o.pfb_hit, "P2V write not a hit");
		}
		for (unsigned dw = 0; dw < 16; dw++)
			t.check(t.pf_rd32(pf_p2v(vf, dw)) == pattern(vf, dw, 2),
				"PF reads back P2V[%u] wrong", dw);
		mbx_ref_out o = t.send(vf);
		t.check(o.vf_irq && o.vf_irq_idx == vf, "no VF interrupt (VF %u)", vf);
		o = t.idle();
		t.check(!o.vf_irq, "VF interrupt longer than one cycle");
		t.check(o.resp_pending == (1ull << vf), "MBX_RESP %016" PRIx64, o.resp_pending);
		t.check(t.vf_rd32(vf, kVfCtrl) == kResp, "VF %u MBX_CTRL not RESP", vf);
		for (unsigned dw = 0; dw < 16; dw++)
			t.check(t.vf_rd32(vf, kVfP2v + dw) == pattern(vf, dw, 2),
				"VF %u reads P2V[%u] wrong", vf, dw);
		t.vf_wr(vf, kVfCtrl, 0);  // writing 0 leaves RESP
		t.check(t.vf_rd32(vf, kVfCtrl) == kResp, "RESP cleared by writing 0");
		t.vf_wr(vf, kVfCtrl, kResp);
		t.check(t.vf_rd32(vf, kVfCtrl) == 0, "RESP not cleared by w1c");
		t.check(t.idle().resp_pending == 0, "MBX_RESP still set");
	}
	// SEND twice: two pulses, RESP stays set; P2V writable while RESP = 1
	t.check(t.send(0).vf_irq && t.send(0).vf_irq, "second SEND raised nothing");
	t.pf_wr(pf_p2v(0, 0), 0x12345678);
	t.check(t.vf_rd32(0, kVfP2v) == 0x12345678, "P2V write while RESP=1 dropped");
	t.vf_wr(0, kVfCtrl, kResp);
	// SEND in the same cycle as the VF clearing RESP: SEND wins
	mbx_ref_in in = {};
	in.vf_req = in.vf_we = 1;
	in.vf_dw = kVfCtrl;
	in.vf_be = 0xf;
	in.vf_wdata = kResp;
	in.pf_send = 1;
	in.pf_vf = 0;
	t.access(in);
	t.check(t.vf_rd32(0, kVfCtrl) == kResp, "SEND lost against a RESP clear");
	t.vf_wr(0, kVfCtrl, kResp);
}

void t_busy_writes(Tb &t)
{
	unsigned vf = kTotalVfs - 1;
	uint32_t b0 = t.idle().busy_writes;
	t.vf_wr(vf, kVfV2p + 5, 0xaaaa5555);
	uint32_t w6 = t.pf_rd32(pf_v2p(vf, 6));
	t.vf_wr(vf, kVfCtrl, kReq);
	mbx_ref_out o = t.vf_wr(vf, kVfV2p + 5, 0xdeadbeef);
	t.check(o.vf_hit, "busy V2P write not a hit");
	t.vf_wr(vf, kVfV2p + 6, 0xdeadbeef, 0x1);
	t.vf_wr(vf, kVfV2p + 7, 0xdeadbeef, 0x0);  // no byte: nothing to count
	o = t.idle();
	t.check(o.busy_writes == b0 + 2, "busy writes %u, expected %u", o.busy_writes, b0 + 2);
	t.check(t.pf_rd32(pf_v2p(vf, 5)) == 0xaaaa5555, "V2P written while REQ=1");
	t.check(t.pf_rd32(pf_v2p(vf, 6)) == w6, "V2P byte written while REQ=1");
	t.done(vf);
	t.vf_wr(vf, kVfV2p + 5, 0x01020304);
	t.check(t.pf_rd32(pf_v2p(vf, 5)) == 0x01020304, "V2P not writable after DONE");
	t.check(t.idle().busy_writes == b0 + 2, "write after DONE counted busy");
}

void t_req_twice(Tb &t)
{
	unsigned vf = 0;
	uint32_t b0 = t.idle().busy_writes;
	t.check(t.vf_wr(vf, kVfCtrl, kReq).pf_irq, "first REQ: no interrupt");
	mbx_ref_out o = t.vf_wr(vf, kVfCtrl, kReq | kResp);
	t.check(!o.pf_irq, "second REQ raised the PF interrupt");
	o = t.vf_wr(vf, kVfCtrl, kReq, 0xe);  // byte 0 off: not a REQ write
	o = t.idle();
	t.check(o.busy_writes == b0 + 1, "REQ twice: busy writes %u, expected %u",
		o.busy_writes, b0 + 1);
	t.check(o.req_pending == 1, "REQ lost");
	// DONE and a new REQ in the same cycle: the new one is busy, DONE clears
	mbx_ref_in in = {};
	in.vf_req = in.vf_we = 1;
	in.vf_idx = vf;
	in.vf_dw = kVfCtrl;
	in.vf_be = 0x1;
	in.vf_wdata = kReq;
	in.pf_done = 1;
	in.pf_vf = vf;
	o = t.access(in);
	t.check(!o.pf_irq, "REQ while REQ=1 (and DONE) raised the PF interrupt");
	o = t.idle();
	t.check(o.req_pending == 0 && o.busy_writes == b0 + 2, "DONE + REQ same cycle");
	// REQ from 0 and DONE in the same cycle: REQ wins (DONE completes nothing)
	in.pf_done = 1;
	o = t.access(in);
	t.check(o.pf_irq, "REQ + DONE same cycle: no interrupt");
	t.check(t.idle().req_pending == 1, "REQ + DONE same cycle: REQ lost");
	t.done(vf);
}

void t_irq_pulses(Tb &t)
{
	unsigned n_pf = 0, n_vf = 0;
	auto count = [&](const mbx_ref_out &o) {
		n_pf += o.pf_irq;
		n_vf += o.vf_irq;
	};
	for (unsigned vf : some_vfs()) {
		count(t.vf_wr(vf, kVfCtrl, kReq));
		for (int i = 0; i < 5; i++)
			count(t.idle());
		count(t.vf_wr(vf, kVfCtrl, kReq));  // busy: no interrupt
		count(t.done(vf));
		count(t.send(vf));
		for (int i = 0; i < 5; i++)
			count(t.idle());
		count(t.vf_wr(vf, kVfCtrl, kResp));
		count(t.idle());
	}
	t.check(n_pf == some_vfs().size(), "PF interrupts %u", n_pf);
	t.check(n_vf == some_vfs().size(), "VF interrupts %u", n_vf);
}

void t_byte_enables(Tb &t)
{
	unsigned vf = kTotalVfs > 1 ? 1 : 0;
	t.vf_wr(vf, kVfV2p + 2, 0x11223344);
	for (unsigned be = 0; be < 16; be++) {
		t.vf_wr(vf, kVfV2p + 2, 0x11223344);
		t.vf_wr(vf, kVfV2p + 2, 0xaabbccdd, be);
		uint32_t m = 0;
		for (int b = 0; b < 4; b++)
			if (be & (1u << b))
				m |= 0xffu << (8 * b);
		uint32_t exp = (0x11223344 & ~m) | (0xaabbccdd & m);
		t.check(t.pf_rd32(pf_v2p(vf, 2)) == exp, "V2P be %x: %08x", be,
			t.pf_rd32(pf_v2p(vf, 2)));
		t.pf_wr(pf_p2v(vf, 9), 0x55667788);
		t.pf_wr(pf_p2v(vf, 9), 0x01234567, be);
		exp = (0x55667788 & ~m) | (0x01234567 & m);
		t.check(t.vf_rd32(vf, kVfP2v + 9) == exp, "P2V be %x: %08x", be,
			t.vf_rd32(vf, kVfP2v + 9));
	}
	// a fresh (cleared) DW written with some bytes reads 0 in the others
	t.clr(vf);
	t.vf_wr(vf, kVfV2p + 4, 0xffffffff, 0x2);
	t.check(t.pf_rd32(pf_v2p(vf, 4)) == 0x0000ff00, "partial write to a cleared DW");
	// MBX_CTRL: REQ and RESP live in byte 0
	t.vf_wr(vf, kVfCtrl, kReq, 0xe);
	t.check(t.vf_rd32(vf, kVfCtrl) == 0, "REQ set with byte 0 disabled");
	t.send(vf);
	t.vf_wr(vf, kVfCtrl, kResp, 0xe);
	t.check(t.vf_rd32(vf, kVfCtrl) == kResp, "RESP cleared with byte 0 disabled");
	t.vf_wr(vf, kVfCtrl, kResp, 0x1);
	t.check(t.vf_rd32(vf, kVfCtrl) == 0, "RESP not cleared with byte 0");
	t.clr(vf);
}

void t_holes(Tb &t)
{
	unsigned vf = 0;
	t.vf_wr(vf, kVfV2p, 0x0badf00d);
	t.pf_wr(pf_p2v(vf, 0), 0xcafe0001);
	// VF window: DWs 1..15 and 0xC0..0xFF
	for (unsigned dw = 0; dw < 64; dw++) {
		bool reg = dw == 0 || (dw >= 16 && dw < 48);
		mbx_ref_out o = t.vf_rd(vf, dw);
		t.check(o.vf_hit == reg, "VF DW 0x%02x read hit %d", dw * 4, o.vf_hit);
		if (!reg) {
			t.check(o.vf_rdata == 0, "VF hole 0x%02x reads %08x", dw * 4, o.vf_rdata);
			o = t.vf_wr(vf, dw, 0xffffffff);
			t.check(!o.vf_hit, "VF write to hole 0x%02x hit", dw * 4);
		}
	}
	// VF write to P2V: a hole, no effect
	mbx_ref_out o = t.vf_wr(vf, kVfP2v, 0x11111111);
	t.check(!o.vf_hit, "VF write to P2V is a hit");
	t.check(t.vf_rd32(vf, kVfP2v) == 0xcafe0001, "VF write to P2V took effect");
	// PF write to V2P: a hole, no effect
	o = t.pf_wr(pf_v2p(vf, 0), 0x22222222);
	t.check(!o.pfb_hit, "PF write to V2P is a hit");
	t.check(t.pf_rd32(pf_v2p(vf, 0)) == 0x0badf00d, "PF write to V2P took effect");
	t.check(t.pf_rd(pf_v2p(vf, 0)).pfb_hit, "PF read of V2P not a hit");
	t.check(t.idle().req_pending == 0 && t.idle().busy_writes == t.ref.busy_writes,
		"holes changed doorbells");
	// writing 0 to REQ has no effect
	t.vf_wr(vf, kVfCtrl, kReq);
	t.vf_wr(vf, kVfCtrl, 0);
	t.check(t.vf_rd32(vf, kVfCtrl) == kReq, "REQ cleared by the VF writing 0");
	t.done(vf);
}

void t_vf_clear(Tb &t)
{
	std::vector<unsigned> vfs = some_vfs();
	for (unsigned vf : vfs) {
		t.vf_wr(vf, kVfV2p + 1, pattern(vf, 1, 3));
		t.pf_wr(pf_p2v(vf, 15), pattern(vf, 15, 3));
		t.vf_wr(vf, kVfCtrl, kReq);
		t.send(vf);
	}
	unsigned victim = vfs.back();
	mbx_ref_out o = t.clr(victim);
	o = t.idle();
	for (unsigned vf : vfs) {
		bool gone = vf == victim;
		t.check(((o.req_pending >> vf) & 1) == !gone, "VF %u REQ after clear of %u", vf,
			victim);
		t.check(((o.resp_pending >> vf) & 1) == !gone, "VF %u RESP after clear", vf);
		t.check(t.pf_rd32(pf_v2p(vf, 1)) == (gone ? 0 : pattern(vf, 1, 3)),
			"VF %u V2P after clear of %u", vf, victim);
		t.check(t.vf_rd32(vf, kVfP2v + 15) == (gone ? 0 : pattern(vf, 15, 3)),
			"VF %u P2V after clear", vf);
	}
	// REQ set in the same cycle as its VF's clear: no interrupt, REQ stays 0
	mbx_ref_in in = {};
	in.vf_req = in.vf_we = 1;
	in.vf_idx = victim;
	in.vf_dw = kVfCtrl;
	in.vf_be = 0xf;
	in.vf_wdata = kReq;
	in.vf_clr = 1;
	in.vf_clr_idx = victim;
	t.check(!t.access(in).pf_irq, "interrupt for a VF being cleared");
	t.check(t.vf_rd32(victim, kVfCtrl) == 0, "REQ survived the clear");
	// clear all
	t.vf_wr(victim, kVfV2p, 1);
	t.clr_all();
	o = t.idle();
	t.check(o.req_pending == 0 && o.resp_pending == 0, "doorbells after clear_all");
	for (unsigned vf : vfs) {
		t.check(t.pf_rd32(pf_v2p(vf, 1)) == 0 && t.vf_rd32(vf, kVfP2v + 15) == 0 &&
				t.vf_rd32(vf, kVfV2p) == 0,
			"VF %u buffers after clear_all", vf);
	}
	// the busy counter is device-wide; VF clears keep it
	t.check(o.busy_writes == t.ref.busy_writes, "busy counter");
}

void t_latency(Tb &t)
{
	unsigned vf = kTotalVfs - 1;
	mbx_ref_in in = {};
	// MBX_CTRL and holes in the cycle of the request, buffer DWs in the second
	t.vf_rd(vf, kVfCtrl);
	t.check(t.latency == 1, "MBX_CTRL read took %u cycles", t.latency);
	t.vf_rd(vf, 0x30);
	t.check(t.latency == 1, "VF hole read took %u cycles", t.latency);
	t.vf_wr(vf, kVfP2v, 1);
	t.check(t.latency == 1, "VF write to P2V (hole) took %u cycles", t.latency);
	t.pf_wr(pf_v2p(vf, 0), 1);
	t.check(t.latency == 1, "PF write to V2P (hole) took %u cycles", t.latency);
	t.vf_wr(vf, kVfV2p + 3, 0x5a5a0001);
	t.check(t.latency == 2, "V2P write took %u cycles", t.latency);
	t.vf_rd(vf, kVfV2p + 3);
	t.check(t.latency == 2, "V2P read took %u cycles", t.latency);
	t.pf_wr(pf_p2v(vf, 4), 0x5a5a0002);
	t.check(t.latency == 2, "P2V write took %u cycles", t.latency);
	t.pf_rd(pf_p2v(vf, 4));
	t.check(t.latency == 2, "P2V read took %u cycles", t.latency);

	// a VF clear keeps busy_o up for its walk (32 DWs)
	t.clr(vf);
	unsigned busy = 0;
	while (t.top->busy_o && busy <= 2 * kWalkPerVf) {
		t.idle();
		busy++;
	}
	t.check(busy >= kWalkPerVf && busy <= kWalkPerVf + 2, "walk busy for %u cycles", busy);
	// an access right after a VF clear waits for its walk
	t.clr(vf);
	mbx_ref_out o = t.pf_rd(pf_v2p(vf, 3));
	t.check(o.pfb_rdata == 0, "V2P after clear: %08x", o.pfb_rdata);
	t.check(t.latency >= kWalkPerVf && t.latency <= kWalkPerVf + 4,
		"read after a clear took %u cycles", t.latency);

	// a clear in the cycle a read is issued: the read waits and returns the cleared DW
	t.vf_wr(vf, kVfV2p + 3, 0x5a5a0003);
	in.pfb_req = 1;
	in.pfb_dw = pf_v2p(vf, 3);
	in.pfb_be = 0xf;
	in.vf_clr = 1;
	in.vf_clr_idx = vf;
	o = t.access(in);
	t.check(o.pfb_rdata == 0, "read issued with a clear returned %08x", o.pfb_rdata);
	t.check(t.latency > kWalkPerVf, "read issued with a clear took %u cycles", t.latency);

	// a clear in the ack cycle: the access is ordered first (read: old data; write: wiped)
	t.vf_wr(vf, kVfV2p + 3, 0x5a5a0004);
	in = {};
	in.pfb_req = 1;
	in.pfb_dw = pf_v2p(vf, 3);
	in.pfb_be = 0xf;
	t.cycle(in);
	t.check(!t.pfb_acked, "buffer read acked in its first cycle");
	in.vf_clr = 1;
	in.vf_clr_idx = vf;
	o = t.cycle(in);
	t.check(t.pfb_acked && o.pfb_rdata == 0x5a5a0004, "read acked with a clear: ack %d %08x",
		t.pfb_acked, o.pfb_rdata);
	t.check(t.pf_rd32(pf_v2p(vf, 3)) == 0, "V2P read acked with a clear not cleared after");
	in = {};
	in.pfb_req = in.pfb_we = 1;
	in.pfb_dw = pf_p2v(vf, 5);
	in.pfb_be = 0xf;
	in.pfb_wdata = 0x5a5a0005;
	t.cycle(in);
	t.check(!t.pfb_acked, "buffer write acked in its first cycle");
	in.vf_clr = 1;
	in.vf_clr_idx = vf;
	t.cycle(in);
	t.check(t.pfb_acked, "buffer write not acked in its second cycle");
	t.check(t.vf_rd32(vf, kVfP2v + 5) == 0, "P2V write before a clear survived it");

	// clear_all held (VF Enable 0): buffer accesses answered at once, read 0, writes lost
	in = {};
	in.clear_all = 1;
	for (int i = 0; i < 3 * (int)kWalkPerVf; i++)
		t.cycle(in);
	in.pfb_req = in.pfb_we = 1;
	in.pfb_dw = pf_p2v(vf, 2);
	in.pfb_be = 0xf;
	in.pfb_wdata = 0x5a5a0008;
	t.cycle(in);
	t.check(t.pfb_acked, "P2V write under clear_all not acked at once");
	in.pfb_we = 0;
	o = t.cycle(in);
	t.check(t.pfb_acked && o.pfb_rdata == 0, "P2V read under clear_all: ack %d %08x",
		t.pfb_acked, o.pfb_rdata);
	in = {};
	in.vf_req = 1;
	in.vf_dw = kVfV2p + 1;
	in.vf_be = 0xf;
	in.clear_all = 1;
	o = t.cycle(in);
	t.check(t.vf_acked && o.vf_rdata == 0, "V2P read under clear_all: ack %d %08x",
		t.vf_acked, o.vf_rdata);
	t.idle();
	t.check(!t.top->busy_o || kTotalVfs * kWalkPerVf > 3 * kWalkPerVf,
		"clear_all held: walks not done");
	t.check(t.pf_rd32(pf_p2v(vf, 2)) == 0, "P2V written under clear_all");

	// clear_all: every VF's walk, one DW per cycle; accesses to VFs already cleared go on
	t.pf_wr(pf_p2v(0, 7), 0x5a5a0007);
	t.clr_all();
	unsigned total = 0;
	for (unsigned v = 0; v < kTotalVfs; v++) {
		t.check(t.pf_rd32(pf_p2v(v, 7)) == 0, "VF %u P2V after clear_all", v);
		total += t.latency;
	}
	t.check(total >= kTotalVfs * kWalkPerVf && total <= kMaxLatency + 2 * kTotalVfs,
		"reading every VF after clear_all took %u cycles", total);
}

void t_vf_out_of_range(Tb &t)
{
	uint32_t b0 = t.idle().busy_writes;
	for (unsigned vf : {kTotalVfs, kTotalVfs + 1, 64u, 127u}) {
		if (vf < kTotalVfs)
			continue;
		mbx_ref_out o = t.done(vf);
		t.check(o.pf_bad, "DONE of VF %u not bad", vf);
		o = t.send(vf);
		t.check(o.pf_bad && !o.vf_irq, "SEND of VF %u: bad %d irq %d", vf, o.pf_bad,
			o.vf_irq);
		o = t.idle();
		t.check(o.req_pending == 0 && o.resp_pending == 0 && o.busy_writes == b0,
			"out-of-range VF %u changed state", vf);
		// buffer window: VF numbers the build lacks
		if (vf < 64) {
			o = t.pf_wr(pf_p2v(vf, 0), 0xffffffff);
			t.check(!o.pfb_hit, "P2V write of VF %u hit", vf);
			o = t.pf_rd(pf_p2v(vf, 0));
			t.check(!o.pfb_hit && o.pfb_rdata == 0, "P2V read of VF %u", vf);
		}
	}
	// VF indices the build can encode but lacks (TotalVfs not a power of two)
	for (unsigned vf = kTotalVfs; vf < kIdxSlots; vf++) {
		mbx_ref_out o = t.vf_wr(vf, kVfCtrl, kReq);
		t.check(!o.vf_hit && !o.pf_irq, "VF index %u", vf);
		t.clr(vf);
	}
	// in range: no bad pulse
	t.check(!t.done(kTotalVfs - 1).pf_bad, "DONE of the last VF counted bad");
	t.check(!t.send(kTotalVfs - 1).pf_bad, "SEND of the last VF counted bad");
	t.vf_wr(kTotalVfs - 1, kVfCtrl, kResp);
}

// ---- seeded random phase ----

unsigned acc_age;  // cycles the random phase's access has waited

unsigned rand_vf_dw(Tb &t)
{
	switch (t.rnd(8)) {
	case 0:
		return kVfCtrl;
	case 1:
	case 2:
	case 3:
		return kVfV2p + (unsigned)t.rnd(16);
	case 4:
	case 5:
		return kVfP2v + (unsigned)t.rnd(16);
	default:
		return (unsigned)t.rnd(64);
	}
}

uint32_t rand_data(Tb &t)
{
	switch (t.rnd(4)) {
	case 0:
		return (uint32_t)t.rnd(4);  // REQ/RESP combinations
	default:
		return (uint32_t)t.rng();
	}
}

unsigned rand_be(Tb &t)
{
	return t.rnd(3) ? 0xf : (unsigned)t.rnd(16);
}

// VF numbers concentrated on a few VFs so that doorbells collide
unsigned rand_vf(Tb &t, unsigned space)
{
	if (t.rnd(4))
		return (unsigned)t.rnd(kTotalVfs < 4 ? kTotalVfs : 4);
	return (unsigned)t.rnd(space);
}

void t_random(Tb &t, uint64_t cycles)
{
	mbx_ref_in acc = {};  // the access in progress (held until its ack)
	unsigned all_left = 0;  // cycles clear_all stays high
	for (uint64_t i = 0; i < cycles; i++) {
		if (!acc.vf_req && !acc.pfb_req && t.rnd(4)) {
			if (t.rnd(2)) {
				acc.vf_req = 1;
				acc.vf_we = (int)t.rnd(2);
				acc.vf_idx = rand_vf(t, kIdxSlots);
				acc.vf_dw = rand_vf_dw(t);
				acc.vf_be = rand_be(t);
				acc.vf_wdata = rand_data(t);
			} else {
				unsigned vf = rand_vf(t, 64);
				acc.pfb_req = 1;
				acc.pfb_we = (int)t.rnd(2);
				acc.pfb_dw = (unsigned)(vf * 0x20 + t.rnd(32));
				acc.pfb_be = rand_be(t);
				acc.pfb_wdata = (uint32_t)t.rng();
			}
			acc_age = 0;
		}
		mbx_ref_in in = acc;
		unsigned c = (unsigned)t.rnd(16);
		in.pf_done = c == 0 || c == 1;
		in.pf_send = c == 2 || c == 1;
		in.pf_vf = t.rnd(8) ? rand_vf(t, kTotalVfs) : (unsigned)t.rnd(128);
		if (!t.rnd(128)) {
			in.vf_clr = 1;
			in.vf_clr_idx = rand_vf(t, kIdxSlots);
		}
		// clear_all is a level (VF Enable 0): now and then held for 1..256 cycles
		if (!all_left && !t.rnd(4096))
			all_left = 1 + (unsigned)t.rnd(t.rnd(2) ? 1 : 256);
		in.clear_all = all_left > 0;
		if (all_left)
			all_left--;
		t.cycle(in);
		if ((acc.vf_req && t.vf_acked) || (acc.pfb_req && t.pfb_acked)) {
			acc = mbx_ref_in{};
		} else if ((acc.vf_req || acc.pfb_req) && ++acc_age > kMaxLatencyRandom) {
			t.fail("random phase: access not acked after %u cycles", acc_age);
			break;
		}
		if (t.errors > 20)
			break;
	}
	while ((acc.vf_req || acc.pfb_req) && t.errors == 0) {
		t.access(acc);
		acc = mbx_ref_in{};
	}
	// finally every buffer DW of every VF through the PF window
	for (unsigned vf = 0; vf < kTotalVfs; vf++)
		for (unsigned dw = 0; dw < 32; dw++)
			t.pf_rd(vf * 0x20 + dw);
}

void t_random_phase(Tb &t) { t_random(t, t.rand_cycles); }

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	uint64_t cycles = 500000;
	const char *c = std::getenv("CYCLES");
	if (c && *c)
		cycles = std::strtoull(c, nullptr, 0);

	Verilated::commandArgs(argc, argv);
	Tb t(seed, argc > 1 ? argv[1] : ".");
	t.rand_cycles = cycles;
	// no test starts from reset: the block is reset once, the tests run on one after another
	const std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset state: doorbells, counter and buffers read 0", false, t_reset_state},
		{"post (V2P + REQ), PF reads V2P, DONE clears REQ", false, t_post_read_done},
		{"PF writes P2V + SEND, VF reads P2V, clears RESP (w1c)", false, t_send_read_clear},
		{"V2P writes while REQ=1 ignored and counted", false, t_busy_writes},
		{"REQ set twice counted, DONE/REQ same cycle", false, t_req_twice},
		{"interrupt pulses: one per REQ rise and per SEND", false, t_irq_pulses},
		{"byte enables on V2P, P2V and MBX_CTRL", false, t_byte_enables},
		{"holes: VF window gaps, VF P2V write, PF V2P write", false, t_holes},
		{"VF clear (one VF) and clear_all", false, t_vf_clear},
		{"ack timing: one cycle, two, after clear walks; clears against accesses", false, t_latency},
		{"VF number out of range: DONE/SEND bad, window holes", false, t_vf_out_of_range},
		{"seeded random accesses and strobes vs reference model", false, t_random_phase},
	};
	return vfnic_tb::run_tests(t, tests, "[TotalVfs=" + std::to_string(kTotalVfs) + "]");
}
