// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_rings (ring registers and pointers): directed tests of every
// register rule, advance, error, generation and function-reset rule, plus a seeded random phase
// (a random mix of all inputs every cycle). A reference model (RingsModel below, written from
// docs/datapath-blocks.md and docs/registers.md) predicts every output in every cycle, in the
// directed tests too; the directed tests also check the values the documents name.
// Prints TAP; exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_rings OUTDIR     (SEED=n in the environment replays a run)
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "Vvfnic_rings.h"
#include "block_tb.h"
#include "vfnic_regs.h"

#ifndef RINGS_TB_QP
#error "build with -DRINGS_TB_QP=<NumQp> -DRINGS_TB_FUNCS=<NumFuncs> -DRINGS_TB_RX=<IsRx>"
#endif

namespace
{

using vfnic_tb::get_bit;
using vfnic_tb::get_bits;
using vfnic_tb::put_bits;

constexpr unsigned kQp = RINGS_TB_QP;
constexpr unsigned kFuncs = RINGS_TB_FUNCS;
constexpr bool kRx = RINGS_TB_RX != 0;
constexpr unsigned kLog2Min = VFNIC_RING_SIZE_LOG2_MIN;
constexpr unsigned kLog2Max = VFNIC_RING_SIZE_LOG2_MAX;

// Register layout of the direction under test, from the generated C header (byte offsets in
// the ring's 0x40 window)
constexpr unsigned kOffBaseLo = kRx ? VFNIC_REG_RXQ_BASE_LO(0) - VFNIC_RXQ_OFFSET
				    : VFNIC_REG_TXQ_BASE_LO(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffBaseHi = kRx ? VFNIC_REG_RXQ_BASE_HI(0) - VFNIC_RXQ_OFFSET
				    : VFNIC_REG_TXQ_BASE_HI(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffSize = kRx ? VFNIC_REG_RXQ_SIZE(0) - VFNIC_RXQ_OFFSET
				  : VFNIC_REG_TXQ_SIZE(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffCtrl = kRx ? VFNIC_REG_RXQ_CTRL(0) - VFNIC_RXQ_OFFSET
				  : VFNIC_REG_TXQ_CTRL(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffHead = kRx ? VFNIC_REG_RXQ_HEAD(0) - VFNIC_RXQ_OFFSET
				  : VFNIC_REG_TXQ_HEAD(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffTail = kRx ? VFNIC_REG_RXQ_TAIL(0) - VFNIC_RXQ_OFFSET
				  : VFNIC_REG_TXQ_TAIL(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffStatus = kRx ? VFNIC_REG_RXQ_STATUS(0) - VFNIC_RXQ_OFFSET
				    : VFNIC_REG_TXQ_STATUS(0) - VFNIC_TXQ_OFFSET;
constexpr unsigned kOffBuf = VFNIC_REG_RXQ_BUF_SIZE(0) - VFNIC_RXQ_OFFSET;  // RX only

constexpr uint32_t kSizeResetVal = kRx ? VFNIC_REG_RXQ_SIZE_RESET : VFNIC_REG_TXQ_SIZE_RESET;
constexpr uint32_t kBufResetVal = VFNIC_REG_RXQ_BUF_SIZE_RESET;

constexpr unsigned kLog2Shift = VFNIC_TXQ_SIZE_LOG2_SHIFT;
constexpr uint32_t kLog2Mask = VFNIC_TXQ_SIZE_LOG2_MASK;
constexpr uint32_t kEnMask = VFNIC_TXQ_CTRL_EN_MASK;
constexpr uint32_t kIrqEnMask = VFNIC_TXQ_CTRL_IRQ_EN_MASK;
constexpr unsigned kVecShift = VFNIC_TXQ_CTRL_VECTOR_SHIFT;
constexpr uint32_t kVecMask = VFNIC_TXQ_CTRL_VECTOR_MASK;
constexpr uint32_t kStEnMask = VFNIC_TXQ_STATUS_ENABLED_MASK;
constexpr unsigned kStErrShift = VFNIC_TXQ_STATUS_ERROR_SHIFT;
constexpr uint32_t kStErrMask = VFNIC_TXQ_STATUS_ERROR_MASK;
constexpr unsigned kBufShift = VFNIC_RXQ_BUF_SIZE_BYTES_SHIFT;
constexpr uint32_t kBufMask = VFNIC_RXQ_BUF_SIZE_BYTES_MASK;
static_assert(VFNIC_TXQ_CTRL_EN_MASK == VFNIC_RXQ_CTRL_EN_MASK &&
		      VFNIC_TXQ_CTRL_VECTOR_MASK == VFNIC_RXQ_CTRL_VECTOR_MASK &&
		      VFNIC_TXQ_STATUS_ERROR_MASK == VFNIC_RXQ_STATUS_ERROR_MASK &&
		      VFNIC_TXQ_SIZE_LOG2_MASK == VFNIC_RXQ_SIZE_LOG2_MASK,
	      "TXQ and RXQ fields are laid out alike");

// ---------------------------------------------------------------------------------------------
// Inputs of one cycle
// ---------------------------------------------------------------------------------------------
struct In {
	bool reg_req = false, reg_we = false;
	unsigned reg_q = 0, reg_off = 0, reg_be = 0xf;
	uint32_t reg_wdata = 0;
	unsigned rd_q[2] = {0, 0};
	bool fv = false, hv = false, ev = false;
	unsigned fq = 0, fn = 0, fg = 0;
	unsigned hq = 0, hn = 0, hg = 0;
	unsigned eq = 0, ecode = 0, eg = 0;
	std::vector<unsigned> owner;  // per ring, 7 bits
	std::vector<bool> freset;     // per function

	// the one-cycle events go back to idle after each cycle; owner and rd_q stay
	void idle()
	{
		reg_req = reg_we = false;
		fv = hv = ev = false;
		freset.assign(kFuncs, false);
	}
};

struct RdPort {
	uint64_t base = 0;
	unsigned log2 = 0, head = 0, fetch = 0, tail = 0, vec = 0, buf = 0, gen = 0;
	bool en = false, irq_en = false;
	bool operator==(const RdPort &o) const
	{
		return base == o.base && log2 == o.log2 && head == o.head && fetch == o.fetch &&
		       tail == o.tail && vec == o.vec && buf == o.buf && gen == o.gen &&
		       en == o.en && irq_en == o.irq_en;
	}
	std::string str() const
	{
		char b[200];
		std::snprintf(b, sizeof(b),
			      "base %016" PRIx64 " log2 %u head %u fetch %u tail %u en %d irq %d "
			      "vec %u buf %u gen %u",
			      base, log2, head, fetch, tail, en, irq_en, vec, buf, gen);
		return b;
	}
};

// ---------------------------------------------------------------------------------------------
// Reference model
// ---------------------------------------------------------------------------------------------
struct Ring {
	uint32_t base_lo = 0, base_hi = 0;
	unsigned log2 = 0, vec = 0, buf = 0;
	bool irq_en = false, en = false;
	bool live = false;  // advances and errors are taken (not disabled by a reset or error)
	unsigned head = 0, fetch = 0, tail = 0, err = 0, gen = 0;
};

class RingsModel
{
      public:
	std::vector<Ring> r;
	bool bad_tail = false;
	unsigned bad_tail_q = 0;

	// register values after a reset; gen and live are the caller's
	static void clear(Ring &x)
	{
		x.base_lo = VFNIC_REG_TXQ_BASE_LO_RESET;
		x.base_hi = VFNIC_REG_TXQ_BASE_HI_RESET;
		x.log2 = (kSizeResetVal & kLog2Mask) >> kLog2Shift;
		x.irq_en = false;
		x.vec = 0;
		x.buf = (kBufResetVal & kBufMask) >> kBufShift;
		x.en = false;
		x.head = x.fetch = x.tail = 0;
		x.err = VFNIC_QERR_NONE;
	}
	void reset()
	{
		r.assign(kQp, Ring());
		for (Ring &x : r) {
			clear(x);
			x.gen = 0;
			x.live = false;
		}
		bad_tail = false;
		bad_tail_q = 0;
	}

	static bool hit(unsigned q, unsigned off)
	{
		if (q >= kQp)
			return false;
		return off == kOffBaseLo || off == kOffBaseHi || off == kOffSize || off == kOffCtrl ||
		       off == kOffHead || off == kOffTail || off == kOffStatus ||
		       (kRx && off == kOffBuf);
	}
	static uint32_t read_of(const Ring &x, unsigned off)
	{
		if (off == kOffBaseLo)
			return x.base_lo & ~0xfu;
		if (off == kOffBaseHi)
			return x.base_hi;
		if (off == kOffSize)
			return (x.log2 << kLog2Shift) & kLog2Mask;
		if (off == kOffCtrl)
			return (x.en ? kEnMask : 0) | (x.irq_en ? kIrqEnMask : 0) |
			       ((x.vec << kVecShift) & kVecMask);
		if (off == kOffHead)
			return x.head;
		if (off == kOffTail)
			return x.tail;
		if (off == kOffStatus)
			return (x.en ? kStEnMask : 0) | ((x.err << kStErrShift) & kStErrMask);
		if (kRx && off == kOffBuf)
			return (x.buf << kBufShift) & kBufMask;
		return 0;
	}
	uint32_t read(unsigned q, unsigned off) const
	{
		return hit(q, off) ? read_of(r[q], off) : 0;
	}
	bool avail(unsigned q) const { return r[q].en && r[q].fetch != r[q].tail; }
	RdPort port(unsigned q) const
	{
		RdPort p;
		if (q >= kQp)
			return p;
		const Ring &x = r[q];
		p.base = ((uint64_t)x.base_hi << 32) | (x.base_lo & ~0xfu);
		p.log2 = x.log2;
		p.head = x.head;
		p.fetch = x.fetch;
		p.tail = x.tail;
		p.en = x.en;
		p.irq_en = x.irq_en;
		p.vec = x.vec;
		p.buf = kRx ? x.buf : 0;
		p.gen = x.gen;
		return p;
	}
	static bool config_ok(const Ring &x)
	{
		bool ok = x.log2 >= kLog2Min && x.log2 <= kLog2Max;
		if (kRx)
			ok = ok && x.buf % 64 == 0 && x.buf >= 64 && x.buf <= 16320;
		return ok;
	}
	static unsigned wrap(unsigned ptr, unsigned n, unsigned log2)
	{
		unsigned size = 1u << (log2 > 12 ? 12 : log2);
		return (ptr + n) % size;
	}

	// The clock edge: every rule sees the state at the start of the cycle (old); the events of
	// one ring apply in the order advances, err, register write (docs: a successful enable
	// starts a new generation, so it overrides the old generation's advances and errors).
	void step(const In &in)
	{
		const std::vector<Ring> old = r;
		bool bt = false;
		for (unsigned q = 0; q < kQp; q++) {
			const Ring &o = old[q];
			Ring &n = r[q];
			if (in.owner[q] < kFuncs && in.freset[in.owner[q]]) {
				clear(n);
				n.live = false;
				n.gen = (o.gen + 1) & 15;
				continue;
			}
			bool bump = false;
			if (in.fv && in.fq == q && o.live && o.gen == in.fg)
				n.fetch = wrap(o.fetch, in.fn, o.log2);
			if (in.hv && in.hq == q && o.live && o.gen == in.hg)
				n.head = wrap(o.head, in.hn, o.log2);
			if (in.ev && in.eq == q && o.live && o.gen == in.eg) {
				n.en = false;
				n.live = false;
				n.err = in.ecode;
				bump = true;
			}
			if (in.reg_req && in.reg_we && in.reg_q == q && hit(q, in.reg_off)) {
				uint32_t bm = 0;
				for (unsigned b = 0; b < 4; b++)
					if ((in.reg_be >> b) & 1)
						bm |= 0xffu << (8 * b);
				uint32_t v = (in.reg_wdata & bm) | (read_of(o, in.reg_off) & ~bm);
				unsigned off = in.reg_off;
				if (off == kOffBaseLo && !o.en) {
					n.base_lo = v & ~0xfu;
				} else if (off == kOffBaseHi && !o.en) {
					n.base_hi = v;
				} else if (off == kOffSize && !o.en) {
					n.log2 = (v & kLog2Mask) >> kLog2Shift;
				} else if (kRx && off == kOffBuf && !o.en) {
					n.buf = (v & kBufMask) >> kBufShift;
				} else if (off == kOffCtrl) {
					n.irq_en = (v & kIrqEnMask) != 0;
					n.vec = (v & kVecMask) >> kVecShift;
					bool want = (v & kEnMask) != 0;
					if (!o.en && want) {
						if (config_ok(o)) {
							n.en = true;
							n.live = true;
							n.err = VFNIC_QERR_NONE;
							n.head = n.fetch = n.tail = 0;
							bump = true;
						} else {
							n.err = VFNIC_QERR_BAD_CONFIG;
						}
					} else if (o.en && !want) {
						n.en = false;
					}
				} else if (off == kOffTail && o.en) {
					if (v < (1u << o.log2)) {
						n.tail = v;
					} else {
						n.en = false;
						n.live = false;
						n.err = VFNIC_QERR_BAD_TAIL;
						bump = true;
						bt = true;
						bad_tail_q = q;
					}
				}
			}
			if (bump)
				n.gen = (o.gen + 1) & 15;
		}
		bad_tail = bt;
	}
};

// ---------------------------------------------------------------------------------------------
// The bench
// ---------------------------------------------------------------------------------------------
struct Out {
	uint32_t rdata = 0;
	bool hit = false;
	RdPort rd[2];
	bool bad_tail = false;
	unsigned bad_tail_q = 0;
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_rings> {
	Tb(uint64_t seed_, const std::string &dir) : BlockTb(seed_, dir, "tb-rings") {}

	RingsModel m;
	In in;
	Out out;  // outputs sampled in the last cycle (before its clock edge)

	void drive()
	{
		Vvfnic_rings &t = *top;
		t.reg_req_i = in.reg_req;
		t.reg_we_i = in.reg_we;
		t.reg_q_i = in.reg_q & 0xff;
		t.reg_off_i = (in.reg_off >> 2) & 0xf;
		t.reg_be_i = in.reg_be & 0xf;
		t.reg_wdata_i = in.reg_wdata;
		t.rd_q_i = 0;
		for (unsigned p = 0; p < 2; p++)
			put_bits(t.rd_q_i, 8 * p, 8, in.rd_q[p] & 0xff);
		t.fadv_valid_i = in.fv;
		t.fadv_q_i = in.fq & 0xff;
		t.fadv_n_i = in.fn & 0x1f;
		t.fadv_gen_i = in.fg & 0xf;
		t.hadv_valid_i = in.hv;
		t.hadv_q_i = in.hq & 0xff;
		t.hadv_n_i = in.hn & 0x1f;
		t.hadv_gen_i = in.hg & 0xf;
		t.err_valid_i = in.ev;
		t.err_q_i = in.eq & 0xff;
		t.err_code_i = in.ecode & 0xf;
		t.err_gen_i = in.eg & 0xf;
		for (unsigned q = 0; q < kQp; q++)
			put_bits(t.owner_i, 7 * q, 7, in.owner[q] & 0x7f);
		for (unsigned f = 0; f < kFuncs; f++)
			put_bits(t.freset_i, f, 1, in.freset[f]);
	}

	RdPort sample_port(unsigned p)
	{
		Vvfnic_rings &t = *top;
		RdPort x;
		x.base = get_bits(t.rd_base_o, 64 * p, 64);
		x.log2 = get_bits(t.rd_log2_o, 4 * p, 4);
		x.head = get_bits(t.rd_head_o, 12 * p, 12);
		x.fetch = get_bits(t.rd_fetch_o, 12 * p, 12);
		x.tail = get_bits(t.rd_tail_o, 12 * p, 12);
		x.en = get_bit(t.rd_en_o, p);
		x.irq_en = get_bit(t.rd_irq_en_o, p);
		x.vec = get_bits(t.rd_vector_o, 12 * p, 12);
		x.buf = get_bits(t.rd_buf_size_o, 14 * p, 14);
		x.gen = get_bits(t.rd_gen_o, 4 * p, 4);
		return x;
	}

	// Compare every output with the model (state before this cycle's edge, this cycle's inputs)
	void compare()
	{
		Vvfnic_rings &t = *top;
		out.rdata = t.reg_rdata_o;
		out.hit = t.reg_hit_o;
		out.bad_tail = t.bad_tail_o;
		out.bad_tail_q = t.bad_tail_q_o;
		for (unsigned p = 0; p < 2; p++)
			out.rd[p] = sample_port(p);

		bool ehit = RingsModel::hit(in.reg_q, in.reg_off);
		uint32_t edata = m.read(in.reg_q, in.reg_off);
		check(out.hit == ehit, "reg_hit_o %d, model %d (q %u off 0x%02x)", out.hit, ehit,
		      in.reg_q, in.reg_off);
		check(out.rdata == edata, "reg_rdata_o 0x%08x, model 0x%08x (q %u off 0x%02x)",
		      out.rdata, edata, in.reg_q, in.reg_off);
		for (unsigned q = 0; q < kQp; q++) {
			check(get_bit(t.en_o, q) == m.r[q].en, "en_o[%u] %d, model %d", q,
			      get_bit(t.en_o, q), m.r[q].en);
			check(get_bit(t.avail_o, q) == m.avail(q), "avail_o[%u] %d, model %d", q,
			      get_bit(t.avail_o, q), m.avail(q));
		}
		for (unsigned p = 0; p < 2; p++) {
			RdPort e = m.port(in.rd_q[p]);
			check(out.rd[p] == e, "read port %u q %u: %s; model %s", p, in.rd_q[p],
			      out.rd[p].str().c_str(), e.str().c_str());
		}
		check(out.bad_tail == m.bad_tail, "bad_tail_o %d, model %d", out.bad_tail,
		      m.bad_tail);
		if (m.bad_tail)
			check(out.bad_tail_q == m.bad_tail_q, "bad_tail_q_o %u, model %u",
			      out.bad_tail_q, m.bad_tail_q);
	}

	// One clock cycle with `in`; then the one-cycle events return to idle
	void cycle()
	{
		drive();
		top->clk_i = 0;
		eval_dump();
		if (top->rst_ni)
			compare();
		top->clk_i = 1;
		eval_dump();
		if (top->rst_ni)
			m.step(in);
		now++;
		in.idle();
	}

	void reset()
	{
		in = In();
		in.owner.assign(kQp, 0);
		for (unsigned q = 0; q < kQp; q++)
			in.owner[q] = (q / 2) % kFuncs;  // reset ownership: QP_PER_FUNC = 2
		in.idle();
		drive();
		top->rst_ni = 0;
		top->clk_i = 0;
		eval_dump();
		top->clk_i = 1;
		eval_dump();
		top->clk_i = 0;
		eval_dump();
		top->rst_ni = 1;
		eval_dump();
		m.reset();
		cycle();
	}

	// ---- one-cycle helpers (the model checks every output of each cycle as well) ----
	uint32_t rd(unsigned q, unsigned off, bool *hit = nullptr)
	{
		in.reg_req = true;
		in.reg_we = false;
		in.reg_q = q;
		in.reg_off = off;
		cycle();
		if (hit)
			*hit = out.hit;
		return out.rdata;
	}
	void wr(unsigned q, unsigned off, uint32_t v, unsigned be = 0xf)
	{
		in.reg_req = true;
		in.reg_we = true;
		in.reg_q = q;
		in.reg_off = off;
		in.reg_wdata = v;
		in.reg_be = be;
		cycle();
		in.reg_be = 0xf;
	}
	RdPort port(unsigned q)
	{
		in.rd_q[0] = q;
		cycle();
		return out.rd[0];
	}
	unsigned gen(unsigned q) { return m.r[q].gen; }
	void fadv(unsigned q, unsigned n, unsigned g)
	{
		in.fv = true;
		in.fq = q;
		in.fn = n;
		in.fg = g;
		cycle();
	}
	void hadv(unsigned q, unsigned n, unsigned g)
	{
		in.hv = true;
		in.hq = q;
		in.hn = n;
		in.hg = g;
		cycle();
	}
	void err(unsigned q, unsigned code, unsigned g)
	{
		in.ev = true;
		in.eq = q;
		in.ecode = code;
		in.eg = g;
		cycle();
	}
	void freset(unsigned f)
	{
		in.freset[f] = true;
		cycle();
	}
	void idle(unsigned n)
	{
		for (unsigned i = 0; i < n; i++)
			cycle();
	}

	// ring q enabled with size 2^log2 (and a valid BUF_SIZE on RX); checks that it worked
	void enable(unsigned q, unsigned log2 = 6)
	{
		if (m.r[q].en)
			wr(q, kOffCtrl, 0);
		wr(q, kOffSize, log2);
		if (kRx)
			wr(q, kOffBuf, 2048);
		wr(q, kOffCtrl, kEnMask);
		check(m.r[q].en, "helper: ring %u did not enable (model)", q);
		check(rd(q, kOffStatus) == kStEnMask, "ring %u: STATUS after enable 0x%x", q,
		      out.rdata);
	}
	unsigned status_err(unsigned q) { return (rd(q, kOffStatus) & kStErrMask) >> kStErrShift; }
	bool status_en(unsigned q) { return (rd(q, kOffStatus) & kStEnMask) != 0; }
	unsigned pick_q() { return (unsigned)rnd(kQp); }
};

// A few rings every directed test uses: the first, the last and a middle one
std::vector<unsigned> some_rings()
{
	std::vector<unsigned> v = {0, kQp - 1};
	if (kQp > 2)
		v.push_back(kQp / 2);
	return v;
}

// ---------------------------------------------------------------------------------------------
// Directed tests
// ---------------------------------------------------------------------------------------------
void t_reset_values(Tb &t)
{
	for (unsigned q = 0; q < kQp; q++) {
		t.check(t.rd(q, kOffBaseLo) == 0, "q %u BASE_LO 0x%x after reset", q, t.out.rdata);
		t.check(t.rd(q, kOffBaseHi) == 0, "q %u BASE_HI 0x%x after reset", q, t.out.rdata);
		t.check(t.rd(q, kOffSize) == 3, "q %u SIZE 0x%x after reset", q, t.out.rdata);
		t.check(t.rd(q, kOffCtrl) == 0, "q %u CTRL 0x%x after reset", q, t.out.rdata);
		t.check(t.rd(q, kOffHead) == 0, "q %u HEAD 0x%x after reset", q, t.out.rdata);
		t.check(t.rd(q, kOffTail) == 0, "q %u TAIL 0x%x after reset", q, t.out.rdata);
		t.check(t.rd(q, kOffStatus) == 0, "q %u STATUS 0x%x after reset", q, t.out.rdata);
		if (kRx)
			t.check(t.rd(q, kOffBuf) == 0x800, "q %u BUF_SIZE 0x%x after reset", q,
				t.out.rdata);
		RdPort p = t.port(q);
		t.check(p.base == 0 && p.log2 == 3 && p.head == 0 && p.fetch == 0 && p.tail == 0 &&
				!p.en && !p.irq_en && p.vec == 0 && p.gen == 0 &&
				p.buf == (kRx ? 0x800u : 0u),
			"q %u read port after reset: %s", q, p.str().c_str());
	}
	t.check(get_bits(t.top->en_o, 0, 1) == 0, "en_o after reset");
}

void t_hits_and_holes(Tb &t)
{
	for (unsigned q : some_rings()) {
		for (unsigned off = 0; off < 0x40; off += 4) {
			bool hit;
			t.rd(q, off, &hit);
			bool want = off <= 0x18 || (kRx && off == 0x1c);
			t.check(hit == want, "q %u off 0x%02x: hit %d, want %d", q, off, hit, want);
			if (!want)
				t.check(t.out.rdata == 0, "q %u hole 0x%02x reads 0x%x", q, off,
					t.out.rdata);
		}
	}
	// rings beyond NumQp are holes at every offset (up to q 255)
	for (unsigned q = kQp; q < 256; q += (q < kQp + 4 ? 1 : 37)) {
		bool hit;
		t.rd(q, kOffSize, &hit);
		t.check(!hit && t.out.rdata == 0, "q %u (>= NumQp) SIZE: hit %d data 0x%x", q, hit,
			t.out.rdata);
		t.rd(q, kOffCtrl, &hit);
		t.check(!hit, "q %u (>= NumQp) CTRL hit", q);
	}
	// writes to holes change nothing (the model checks every register read afterwards)
	unsigned q = t.pick_q();
	for (unsigned off = 0x1c; off < 0x40; off += 4)
		if (!(kRx && off == 0x1c))
			t.wr(q, off, 0xffffffff);
	for (unsigned qq = kQp; qq < 256; qq += 51) {
		t.wr(qq, kOffSize, 5);
		t.wr(qq, kOffCtrl, kEnMask);
	}
	for (unsigned qq = 0; qq < kQp; qq++) {
		t.check(t.rd(qq, kOffSize) == 3, "q %u SIZE changed by a hole write", qq);
		t.check(t.rd(qq, kOffCtrl) == 0, "q %u CTRL changed by a hole write", qq);
		if (kRx)
			t.check(t.rd(qq, kOffBuf) == 0x800, "q %u BUF changed by a hole write", qq);
	}
	// a register access with reg_req_i low writes nothing
	t.in.reg_req = false;
	t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffSize;
	t.in.reg_wdata = 7;
	t.cycle();
	t.check(t.rd(q, kOffSize) == 3, "SIZE written without reg_req_i");
}

void t_config_rw(Tb &t)
{
	for (unsigned q : some_rings()) {
		uint32_t lo = (uint32_t)t.rnd(1ull << 32), hi = (uint32_t)t.rnd(1ull << 32);
		t.wr(q, kOffBaseLo, lo);
		t.wr(q, kOffBaseHi, hi);
		t.check(t.rd(q, kOffBaseLo) == (lo & ~0xfu), "q %u BASE_LO 0x%x, wrote 0x%x", q,
			t.out.rdata, lo);
		t.check(t.rd(q, kOffBaseHi) == hi, "q %u BASE_HI 0x%x, wrote 0x%x", q, t.out.rdata,
			hi);
		t.wr(q, kOffSize, 0xfffffff9);
		t.check(t.rd(q, kOffSize) == 9, "q %u SIZE 0x%x, wrote 0xfffffff9", q, t.out.rdata);
		t.wr(q, kOffCtrl, 0xfffffffe);  // all but EN
		t.check(t.rd(q, kOffCtrl) == (kIrqEnMask | kVecMask), "q %u CTRL 0x%x", q,
			t.out.rdata);
		t.wr(q, kOffCtrl, (0x5a5u << kVecShift));
		t.check(t.rd(q, kOffCtrl) == (0x5a5u << kVecShift), "q %u CTRL 0x%x", q,
			t.out.rdata);
		if (kRx) {
			t.wr(q, kOffBuf, 0xffff1234);
			t.check(t.rd(q, kOffBuf) == (0x1234 & kBufMask), "q %u BUF_SIZE 0x%x", q,
				t.out.rdata);
		}
		RdPort p = t.port(q);
		t.check(p.base == (((uint64_t)hi << 32) | (lo & ~0xfu)) && p.log2 == 9 &&
				p.vec == 0x5a5 && !p.irq_en && !p.en &&
				p.buf == (kRx ? (0x1234u & kBufMask) : 0u),
			"q %u read port: %s", q, p.str().c_str());
		// read-only registers ignore writes
		t.wr(q, kOffHead, 0xffffffff);
		t.wr(q, kOffStatus, 0xffffffff);
		t.check(t.rd(q, kOffHead) == 0 && t.rd(q, kOffStatus) == 0,
			"q %u HEAD/STATUS written", q);
		// TAIL of a disabled ring ignores writes
		t.wr(q, kOffTail, 1);
		t.check(t.rd(q, kOffTail) == 0 && t.status_err(q) == 0,
			"q %u TAIL written while disabled", q);
	}
	// the second read port is independent of the first
	unsigned a = 0, b = kQp - 1;
	t.in.rd_q[0] = a;
	t.in.rd_q[1] = b;
	t.cycle();
	t.check(t.out.rd[0] == t.m.port(a) && t.out.rd[1] == t.m.port(b), "two read ports");
	t.in.rd_q[0] = 255;
	t.in.rd_q[1] = kQp;
	t.cycle();
	t.check(t.out.rd[0] == RdPort() && t.out.rd[1] == RdPort(),
		"read ports of rings >= NumQp are not 0: %s / %s", t.out.rd[0].str().c_str(),
		t.out.rd[1].str().c_str());
	t.in.rd_q[0] = t.in.rd_q[1] = 0;
}

void t_byte_enables(Tb &t)
{
	unsigned q = t.pick_q();
	t.wr(q, kOffBaseLo, 0x12345678);
	t.wr(q, kOffBaseLo, 0xaabbccdd, 0x2);
	t.check(t.rd(q, kOffBaseLo) == 0x1234cc70, "BASE_LO be 0010: 0x%x", t.out.rdata);
	t.wr(q, kOffBaseLo, 0xaabbccdd, 0x9);
	t.check(t.rd(q, kOffBaseLo) == 0xaa34ccd0, "BASE_LO be 1001: 0x%x", t.out.rdata);
	t.wr(q, kOffBaseLo, 0, 0x0);
	t.check(t.rd(q, kOffBaseLo) == 0xaa34ccd0, "BASE_LO be 0000: 0x%x", t.out.rdata);
	t.wr(q, kOffBaseHi, 0x01020304);
	t.wr(q, kOffBaseHi, 0xffffffff, 0x4);
	t.check(t.rd(q, kOffBaseHi) == 0x01ff0304, "BASE_HI be 0100: 0x%x", t.out.rdata);
	t.wr(q, kOffSize, 0x5, 0x2);  // LOG2 is in byte 0
	t.check(t.rd(q, kOffSize) == 3, "SIZE be 0010 changed LOG2: 0x%x", t.out.rdata);
	// CTRL: VECTOR spans bytes 0 and 1; EN in byte 0 is untouched by a byte-1 write
	t.wr(q, kOffCtrl, 0x0000abc2);
	t.wr(q, kOffCtrl, 0x00001201, 0x2);
	t.check(t.rd(q, kOffCtrl) == 0x000012c2, "CTRL be 0010: 0x%x", t.out.rdata);
	t.check(!t.m.r[q].en && !t.status_en(q), "CTRL byte-1 write enabled the ring");
	if (kRx) {
		t.wr(q, kOffBuf, 0x0840);
		t.wr(q, kOffBuf, 0x0000ff00, 0x2);
		t.check(t.rd(q, kOffBuf) == 0x3f40, "BUF_SIZE be 0010: 0x%x", t.out.rdata);
	}
	// TAIL: the merged value is what is checked against the size
	t.enable(q, 8);  // 256 descriptors
	t.wr(q, kOffTail, 0xffffff10, 0x1);
	t.check(t.rd(q, kOffTail) == 0x10, "TAIL be 0001: 0x%x", t.out.rdata);
	t.wr(q, kOffTail, 0x00000000, 0x2);
	t.check(t.rd(q, kOffTail) == 0x10 && t.status_en(q), "TAIL be 0010 with 0: 0x%x",
		t.out.rdata);
	t.wr(q, kOffTail, 0x00000100, 0x2);  // 0x110 >= 256
	t.check(t.rd(q, kOffTail) == 0x10 && !t.status_en(q) &&
			t.status_err(q) == VFNIC_QERR_BAD_TAIL,
		"TAIL be 0010 making 0x110 on a 256 ring: TAIL 0x%x", t.m.r[q].tail);
	// EN via byte 0 only
	t.wr(q, kOffCtrl, 0xffffff11, 0x1);
	t.check(t.status_en(q) && t.rd(q, kOffCtrl) == 0x00000011,
		"CTRL be 0001 EN=1: CTRL 0x%x", t.out.rdata);
	// EN is only written through byte 0: writes of other bytes, or none, keep the ring enabled
	t.wr(q, kOffCtrl, 0x00003400, 0x2);
	t.check(t.status_en(q) && t.rd(q, kOffCtrl) == 0x00003411,
		"CTRL be 0010 on an enabled ring: CTRL 0x%x", t.out.rdata);
	t.wr(q, kOffCtrl, 0, 0x0);
	t.check(t.status_en(q) && t.rd(q, kOffCtrl) == 0x00003411,
		"CTRL be 0000 on an enabled ring: CTRL 0x%x", t.out.rdata);
}

void t_enable_disable(Tb &t)
{
	for (unsigned q : some_rings()) {
		t.wr(q, kOffBaseLo, 0x1000);
		t.wr(q, kOffSize, 5);
		if (kRx)
			t.wr(q, kOffBuf, 1024);
		unsigned g = t.port(q).gen;
		t.wr(q, kOffCtrl, kEnMask | kIrqEnMask | (7u << kVecShift));
		RdPort p = t.port(q);
		t.check(p.en && p.gen == ((g + 1) & 15) && p.head == 0 && p.fetch == 0 &&
				p.tail == 0 && p.irq_en && p.vec == 7,
			"q %u after enable: %s (gen before %u)", q, p.str().c_str(), g);
		t.check(t.rd(q, kOffStatus) == kStEnMask, "q %u STATUS 0x%x", q, t.out.rdata);
		t.check(t.rd(q, kOffCtrl) == (kEnMask | kIrqEnMask | (7u << kVecShift)),
			"q %u CTRL 0x%x", q, t.out.rdata);
		t.check(get_bit(t.top->en_o, q), "en_o[%u] after enable", q);
		// move the pointers
		t.wr(q, kOffTail, 20);
		t.fadv(q, 12, p.gen);
		t.hadv(q, 5, p.gen);
		p = t.port(q);
		t.check(p.tail == 20 && p.fetch == 12 && p.head == 5, "q %u pointers %s", q,
			p.str().c_str());
		t.check(get_bit(t.top->avail_o, q), "avail_o[%u] with FETCH 12 TAIL 20", q);
		// writing EN = 1 again is not an enable: nothing changes but IRQ_EN/VECTOR
		t.wr(q, kOffCtrl, kEnMask | (9u << kVecShift));
		RdPort p2 = t.port(q);
		t.check(p2.en && p2.gen == p.gen && p2.tail == 20 && p2.fetch == 12 &&
				p2.head == 5 && !p2.irq_en && p2.vec == 9,
			"q %u CTRL write without an EN flip: %s", q, p2.str().c_str());
		// EN 1 -> 0: disabled, gen and pointers kept, avail drops
		t.wr(q, kOffCtrl, 0);
		p2 = t.port(q);
		t.check(!p2.en && p2.gen == p.gen && p2.tail == 20 && p2.fetch == 12 &&
				p2.head == 5,
			"q %u after EN 1->0: %s", q, p2.str().c_str());
		t.check(!get_bit(t.top->avail_o, q) && !get_bit(t.top->en_o, q),
			"q %u avail_o/en_o after disable", q);
		t.check(t.status_err(q) == 0, "q %u ERROR after a disable", q);
		// work in flight still advances (current gen) after EN 1 -> 0
		t.hadv(q, 7, p.gen);
		t.fadv(q, 4, p.gen);
		p2 = t.port(q);
		t.check(p2.head == 12 && p2.fetch == 16, "q %u advances after disable: %s", q,
			p2.str().c_str());
		// TAIL ignored while disabled
		t.wr(q, kOffTail, 3);
		t.check(t.rd(q, kOffTail) == 20, "q %u TAIL written while disabled", q);
		// re-enable: pointers back to 0, gen + 1
		t.wr(q, kOffCtrl, kEnMask);
		p2 = t.port(q);
		t.check(p2.en && p2.gen == ((p.gen + 1) & 15) && p2.head == 0 && p2.fetch == 0 &&
				p2.tail == 0,
			"q %u re-enable: %s", q, p2.str().c_str());
		t.check(!get_bit(t.top->avail_o, q), "q %u avail with FETCH == TAIL", q);
		t.wr(q, kOffCtrl, 0);
	}
	// en_o / avail_o of several rings at once
	std::vector<unsigned> rs = some_rings();
	for (unsigned q : rs)
		t.enable(q, 4);
	t.wr(rs[0], kOffTail, 3);
	for (unsigned q : rs) {
		t.check(get_bit(t.top->en_o, q), "en_o[%u]", q);
		t.check(get_bit(t.top->avail_o, q) == (q == rs[0]), "avail_o[%u]", q);
	}
	t.fadv(rs[0], 3, t.gen(rs[0]));
	t.check(!get_bit(t.top->avail_o, rs[0]), "avail_o after FETCH reached TAIL");
}

void t_enable_checks(Tb &t)
{
	unsigned q = t.pick_q();
	if (kRx)
		t.wr(q, kOffBuf, 2048);
	for (unsigned log2 = 0; log2 < 16; log2++) {
		t.wr(q, kOffSize, log2);
		unsigned g = t.gen(q);
		t.wr(q, kOffCtrl, kEnMask);
		bool good = log2 >= 3 && log2 <= 12;
		unsigned st = t.rd(q, kOffStatus);
		RdPort p = t.port(q);
		if (good)
			t.check(st == kStEnMask && p.gen == ((g + 1) & 15),
				"LOG2 %u: STATUS 0x%x gen %u (was %u)", log2, st, p.gen, g);
		else
			t.check(st == (VFNIC_QERR_BAD_CONFIG << kStErrShift) && p.gen == g &&
					!get_bit(t.top->en_o, q),
				"LOG2 %u: STATUS 0x%x gen %u (was %u), want BAD_CONFIG", log2, st,
				p.gen, g);
		t.wr(q, kOffCtrl, 0);
	}
	// a good enable clears BAD_CONFIG
	t.wr(q, kOffSize, 15);
	t.wr(q, kOffCtrl, kEnMask);
	t.check(t.status_err(q) == VFNIC_QERR_BAD_CONFIG, "LOG2 15 did not fail");
	t.wr(q, kOffSize, 12);
	t.wr(q, kOffCtrl, kEnMask);
	t.check(t.rd(q, kOffStatus) == kStEnMask, "enable after BAD_CONFIG: STATUS 0x%x",
		t.out.rdata);
	t.wr(q, kOffCtrl, 0);
	if (!kRx)
		return;
	t.wr(q, kOffSize, 6);
	const unsigned bufs[] = {0,    1,    32,   63,    64,    65,    96,    128,   2048,
				 2050, 4096, 9216, 16256, 16320, 16321, 16383, 16352, 0x3fc0};
	for (unsigned b : bufs) {
		t.wr(q, kOffBuf, b);
		t.wr(q, kOffCtrl, kEnMask);
		bool good = b % 64 == 0 && b >= 64 && b <= 16320;
		unsigned st = t.rd(q, kOffStatus);
		t.check(st == (good ? kStEnMask : (VFNIC_QERR_BAD_CONFIG << kStErrShift)),
			"BUF_SIZE %u: STATUS 0x%x (good %d)", b, st, good);
		t.wr(q, kOffCtrl, 0);
	}
}

void t_writes_while_enabled(Tb &t)
{
	for (unsigned q : some_rings()) {
		t.wr(q, kOffBaseLo, 0x11110000);
		t.wr(q, kOffBaseHi, 0x22222222);
		t.enable(q, 7);
		t.wr(q, kOffBaseLo, 0x33330000);
		t.wr(q, kOffBaseHi, 0x44444444);
		t.wr(q, kOffSize, 4);
		if (kRx)
			t.wr(q, kOffBuf, 64);
		RdPort p = t.port(q);
		t.check(p.base == 0x2222222211110000ull && p.log2 == 7 &&
				(!kRx || p.buf == 2048),
			"q %u config writes while enabled took effect: %s", q, p.str().c_str());
		t.check(t.rd(q, kOffBaseLo) == 0x11110000 && t.rd(q, kOffBaseHi) == 0x22222222 &&
				t.rd(q, kOffSize) == 7,
			"q %u register reads after writes while enabled", q);
		t.wr(q, kOffCtrl, 0);
		t.wr(q, kOffBaseLo, 0x33330000);
		t.wr(q, kOffSize, 4);
		p = t.port(q);
		t.check(p.base == 0x2222222233330000ull && p.log2 == 4,
			"q %u config writes after disable: %s", q, p.str().c_str());
	}
}

void t_tail(Tb &t)
{
	for (unsigned log2 = kLog2Min; log2 <= kLog2Max; log2++) {
		unsigned q = t.pick_q();
		unsigned size = 1u << log2;
		t.enable(q, log2);
		unsigned g = t.gen(q);
		t.wr(q, kOffTail, size - 1);
		t.check(t.rd(q, kOffTail) == size - 1 && t.status_en(q),
			"size %u: TAIL %u not taken", size, size - 1);
		t.check(!t.out.bad_tail, "bad_tail_o for a good TAIL");
		t.wr(q, kOffTail, 0);
		t.check(t.rd(q, kOffTail) == 0, "size %u: TAIL 0", size);
		uint32_t bad = (t.rnd(2) ? size : size + (uint32_t)t.rnd(0x100000000ull - size));
		t.wr(q, kOffTail, bad);
		// the pulse is in the cycle after the write
		t.check(t.out.bad_tail == false, "bad_tail_o in the write cycle");
		t.in.rd_q[0] = q;
		t.cycle();
		t.check(t.out.bad_tail && t.out.bad_tail_q == q,
			"size %u TAIL 0x%x: bad_tail_o %d q %u", size, bad, t.out.bad_tail,
			t.out.bad_tail_q);
		t.check(!t.out.rd[0].en && t.out.rd[0].gen == ((g + 1) & 15) &&
				t.out.rd[0].tail == 0,
			"size %u TAIL 0x%x: %s", size, bad, t.out.rd[0].str().c_str());
		t.cycle();
		t.check(!t.out.bad_tail, "bad_tail_o longer than one cycle");
		t.check(t.status_err(q) == VFNIC_QERR_BAD_TAIL && !t.status_en(q),
			"size %u: STATUS after a bad TAIL", size);
		// work in flight of the old gen no longer moves the pointers; the new gen neither
		// (the ring was stopped by an error)
		t.fadv(q, 1, g);
		t.fadv(q, 1, (g + 1) & 15);
		t.hadv(q, 1, (g + 1) & 15);
		t.check(t.port(q).fetch == 0 && t.out.rd[0].head == 0,
			"advance after a bad TAIL: %s", t.out.rd[0].str().c_str());
		// a bad TAIL while disabled is ignored (no error change, no pulse)
		t.wr(q, kOffCtrl, 0);
		t.wr(q, kOffTail, size);
		t.cycle();
		t.check(!t.out.bad_tail, "bad_tail_o for a TAIL write while disabled");
		// enabling clears the error
		t.wr(q, kOffCtrl, kEnMask);
		t.check(t.rd(q, kOffStatus) == kStEnMask, "STATUS 0x%x after re-enable", t.out.rdata);
		t.wr(q, kOffCtrl, 0);
	}
}

void t_advance_wrap(Tb &t)
{
	for (unsigned log2 = kLog2Min; log2 <= kLog2Max; log2++) {
		unsigned q = t.pick_q();
		unsigned size = 1u << log2;
		t.enable(q, log2);
		unsigned g = t.gen(q);
		unsigned f = 0, h = 0;
		// three times round the ring, FETCH and HEAD in the same cycle
		unsigned steps = 0;
		for (unsigned done = 0; done < 3 * size && steps < 2000; steps++) {
			unsigned n = 1 + (unsigned)t.rnd(16);
			if (log2 == 12 && t.rnd(4))
				n = 16;
			t.in.fv = t.in.hv = true;
			t.in.fq = t.in.hq = q;
			t.in.fn = n;
			t.in.hn = n;
			t.in.fg = t.in.hg = g;
			t.cycle();
			f = (f + n) % size;
			h = (h + n) % size;
			done += n;
		}
		RdPort p = t.port(q);
		t.check(p.fetch == f && p.head == h, "size %u after %u steps: %s, want fetch %u head %u",
			size, steps, p.str().c_str(), f, h);
		// n = 16 on the smallest ring wraps twice back to the same index
		t.fadv(q, 16, g);
		t.check(t.port(q).fetch == (f + 16) % size, "size %u +16: fetch %u", size,
			t.out.rd[0].fetch);
		// the last index wraps to 0
		unsigned to_end = size - t.m.r[q].fetch;
		if (to_end <= 16) {
			t.fadv(q, to_end, g);
			t.check(t.port(q).fetch == 0, "size %u: wrap to 0: fetch %u", size,
				t.out.rd[0].fetch);
		}
		t.wr(q, kOffCtrl, 0);
	}
	// out-of-contract n (0 and 17..31) is added as given, modulo the ring size
	unsigned q = t.pick_q();
	t.enable(q, 3);
	unsigned g = t.gen(q);
	t.fadv(q, 0, g);
	t.check(t.port(q).fetch == 0, "n 0 moved FETCH to %u", t.out.rd[0].fetch);
	t.fadv(q, 31, g);
	t.check(t.port(q).fetch == 7, "n 31 on 8 ring: FETCH %u", t.out.rd[0].fetch);
	t.hadv(q, 17, g);
	t.check(t.port(q).head == 1, "n 17 on 8 ring: HEAD %u", t.out.rd[0].head);
}

void t_stale_gen_and_err(Tb &t)
{
	for (unsigned q : some_rings()) {
		// device reset: gen 0, never enabled: advances and errors with gen 0 are ignored
		t.fadv(q, 1, 0);
		t.hadv(q, 1, 0);
		t.err(q, VFNIC_QERR_DMA, 0);
		RdPort p = t.port(q);
		t.check(p.fetch == 0 && p.head == 0 && p.gen == 0 && t.status_err(q) == 0,
			"q %u: events before the first enable took effect: %s", q, p.str().c_str());
		t.enable(q, 5);
		unsigned g = t.gen(q);
		for (unsigned s = 1; s < 16; s++) {
			t.fadv(q, 1, (g + s) & 15);
			t.hadv(q, 1, (g + s) & 15);
			t.err(q, VFNIC_QERR_DMA, (g + s) & 15);
		}
		p = t.port(q);
		t.check(p.en && p.fetch == 0 && p.head == 0 && p.gen == g,
			"q %u stale advances/errors took effect: %s", q, p.str().c_str());
		// other rings' advances do not touch this one
		unsigned other = (q + 1) % kQp;
		if (other != q) {
			t.fadv(other, 3, t.gen(other));
			t.check(t.port(q).fetch == 0, "q %u moved by an advance of ring %u", q, other);
		}
		// a current err stops the ring with its code and bumps gen
		t.fadv(q, 2, g);
		t.err(q, VFNIC_QERR_DMA, g);
		p = t.port(q);
		t.check(!p.en && p.gen == ((g + 1) & 15) && p.fetch == 2,
			"q %u after err: %s", q, p.str().c_str());
		t.check(t.rd(q, kOffStatus) == (VFNIC_QERR_DMA << kStErrShift),
			"q %u STATUS after err 0x%x", q, t.out.rdata);
		// neither the old nor the new gen advances the stopped ring; a second err is ignored
		t.fadv(q, 1, g);
		t.fadv(q, 1, (g + 1) & 15);
		t.err(q, 7, (g + 1) & 15);
		p = t.port(q);
		t.check(p.fetch == 2 && p.gen == ((g + 1) & 15) && t.status_err(q) == VFNIC_QERR_DMA,
			"q %u events after err: %s err %u", q, p.str().c_str(), t.m.r[q].err);
		// an err on a ring disabled by EN 1 -> 0 (still live) counts
		t.wr(q, kOffCtrl, kEnMask);
		g = t.gen(q);
		t.wr(q, kOffCtrl, 0);
		t.err(q, 0xc, g);
		t.check(t.status_err(q) == 0xc && t.gen(q) == ((g + 1) & 15),
			"q %u err after disable: ERROR %u", q, t.m.r[q].err);
	}
}

// Several events on one ring, and on different rings, in one cycle
void t_simultaneous(Tb &t)
{
	std::vector<unsigned> rs = some_rings();
	unsigned q = rs[0];
	// advances + good TAIL write, same ring
	t.enable(q, 6);
	unsigned g = t.gen(q);
	t.wr(q, kOffTail, 40);
	t.fadv(q, 10, g);
	t.in.fv = t.in.hv = true;
	t.in.fq = t.in.hq = q;
	t.in.fn = 5;
	t.in.hn = 3;
	t.in.fg = t.in.hg = g;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffTail;
	t.in.reg_wdata = 50;
	t.cycle();
	RdPort p = t.port(q);
	t.check(p.fetch == 15 && p.head == 3 && p.tail == 50 && p.en && p.gen == g,
		"fadv+hadv+TAIL: %s", p.str().c_str());
	// advances + err + good TAIL write: err stops the ring, advances count, gen + 1 once
	t.in.fv = t.in.hv = t.in.ev = true;
	t.in.fq = t.in.hq = t.in.eq = q;
	t.in.fn = 1;
	t.in.hn = 2;
	t.in.fg = t.in.hg = t.in.eg = g;
	t.in.ecode = VFNIC_QERR_DMA;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffTail;
	t.in.reg_wdata = 60;
	t.cycle();
	p = t.port(q);
	t.check(p.fetch == 16 && p.head == 5 && !p.en && p.gen == ((g + 1) & 15) &&
			t.status_err(q) == VFNIC_QERR_DMA,
		"fadv+hadv+err+TAIL: %s err %u", p.str().c_str(), t.m.r[q].err);
	// advances + err + bad TAIL: BAD_TAIL wins, gen + 1 once, pulse
	t.enable(q, 6);
	g = t.gen(q);
	t.wr(q, kOffTail, 9);
	t.in.fv = t.in.hv = t.in.ev = true;
	t.in.fq = t.in.hq = t.in.eq = q;
	t.in.fn = 4;
	t.in.hn = 1;
	t.in.fg = t.in.hg = t.in.eg = g;
	t.in.ecode = VFNIC_QERR_DMA;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffTail;
	t.in.reg_wdata = 64;
	t.cycle();
	t.cycle();
	t.check(t.out.bad_tail && t.out.bad_tail_q == q, "bad TAIL + err: no bad_tail_o");
	p = t.port(q);
	t.check(p.fetch == 4 && p.head == 1 && p.tail == 9 && !p.en &&
			p.gen == ((g + 1) & 15) && t.status_err(q) == VFNIC_QERR_BAD_TAIL,
		"fadv+hadv+err+bad TAIL: %s err %u", p.str().c_str(), t.m.r[q].err);
	// EN 0 -> 1 with advances and err of the old gen (ring disabled by EN, still live): the
	// enable wins: pointers 0, no error, gen + 1 once
	t.enable(q, 6);
	g = t.gen(q);
	t.wr(q, kOffTail, 30);
	t.fadv(q, 7, g);
	t.wr(q, kOffCtrl, 0);
	t.in.fv = t.in.hv = t.in.ev = true;
	t.in.fq = t.in.hq = t.in.eq = q;
	t.in.fn = 4;
	t.in.hn = 2;
	t.in.fg = t.in.hg = t.in.eg = g;
	t.in.ecode = VFNIC_QERR_DMA;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffCtrl;
	t.in.reg_wdata = kEnMask;
	t.cycle();
	p = t.port(q);
	t.check(p.en && p.fetch == 0 && p.head == 0 && p.tail == 0 && p.gen == ((g + 1) & 15) &&
			t.status_err(q) == 0,
		"enable + fadv+hadv+err: %s err %u", p.str().c_str(), t.m.r[q].err);
	// EN 1 -> 0 with advances and err: disabled, ERROR = err's code, advances count
	g = t.gen(q);
	t.wr(q, kOffTail, 30);
	t.in.fv = t.in.hv = t.in.ev = true;
	t.in.fq = t.in.hq = t.in.eq = q;
	t.in.fn = 4;
	t.in.hn = 2;
	t.in.fg = t.in.hg = t.in.eg = g;
	t.in.ecode = VFNIC_QERR_DMA;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffCtrl;
	t.in.reg_wdata = 0;
	t.cycle();
	p = t.port(q);
	t.check(!p.en && p.fetch == 4 && p.head == 2 && p.gen == ((g + 1) & 15) &&
			t.status_err(q) == VFNIC_QERR_DMA,
		"disable + fadv+hadv+err: %s err %u", p.str().c_str(), t.m.r[q].err);
	// a failed enable (BAD_CONFIG) with err of the live gen: BAD_CONFIG, gen + 1 (the err)
	t.enable(q, 6);
	g = t.gen(q);
	t.wr(q, kOffCtrl, 0);
	t.wr(q, kOffSize, 13);
	t.in.ev = true;
	t.in.eq = q;
	t.in.eg = g;
	t.in.ecode = VFNIC_QERR_DMA;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffCtrl;
	t.in.reg_wdata = kEnMask;
	t.cycle();
	t.check(t.status_err(q) == VFNIC_QERR_BAD_CONFIG && t.gen(q) == ((g + 1) & 15) &&
			!t.status_en(q),
		"bad enable + err: err %u gen %u", t.m.r[q].err, t.m.r[q].gen);
	// different rings in one cycle: fadv on a, hadv on b, err on c, TAIL write on d
	if (kQp >= 4) {
		unsigned a = 0, b = 1, c = 2, d = 3;
		for (unsigned x : {a, b, c, d}) {
			t.enable(x, 5);
			t.wr(x, kOffTail, 20);
		}
		t.in.fv = t.in.hv = t.in.ev = true;
		t.in.fq = a;
		t.in.fg = t.gen(a);
		t.in.fn = 6;
		t.in.hq = b;
		t.in.hg = t.gen(b);
		t.in.hn = 9;
		t.in.eq = c;
		t.in.eg = t.gen(c);
		t.in.ecode = VFNIC_QERR_DMA;
		t.in.reg_req = t.in.reg_we = true;
		t.in.reg_q = d;
		t.in.reg_off = kOffTail;
		t.in.reg_wdata = 31;
		unsigned ga = t.gen(a), gb = t.gen(b), gc = t.gen(c), gd = t.gen(d);
		t.cycle();
		t.check(t.port(a).fetch == 6 && t.out.rd[0].head == 0 && t.out.rd[0].gen == ga,
			"ring a: %s", t.out.rd[0].str().c_str());
		t.check(t.port(b).head == 9 && t.out.rd[0].fetch == 0 && t.out.rd[0].gen == gb,
			"ring b: %s", t.out.rd[0].str().c_str());
		t.check(!t.port(c).en && t.out.rd[0].gen == ((gc + 1) & 15), "ring c: %s",
			t.out.rd[0].str().c_str());
		t.check(t.port(d).tail == 31 && t.out.rd[0].en && t.out.rd[0].gen == gd,
			"ring d: %s", t.out.rd[0].str().c_str());
		// FETCH and HEAD advances of two different rings plus an enable of a third
		t.wr(c, kOffCtrl, 0);
		t.in.fv = t.in.hv = true;
		t.in.fq = b;
		t.in.fg = t.gen(b);
		t.in.fn = 16;
		t.in.hq = a;
		t.in.hg = t.gen(a);
		t.in.hn = 16;
		t.in.reg_req = t.in.reg_we = true;
		t.in.reg_q = c;
		t.in.reg_off = kOffCtrl;
		t.in.reg_wdata = kEnMask;
		t.cycle();
		t.check(t.port(b).fetch == 16 && t.port(a).head == 16 && t.port(c).en,
			"two advances + an enable of three rings");
	}
}

void t_function_reset(Tb &t)
{
	// random owners, including values >= NumFuncs (never reset)
	for (unsigned q = 0; q < kQp; q++)
		t.in.owner[q] = t.rnd(8) == 0 ? (unsigned)(kFuncs + t.rnd(128 - kFuncs))
					      : (unsigned)t.rnd(kFuncs);
	t.in.owner[0] = 0;
	t.in.owner[kQp - 1] = kFuncs - 1;
	for (unsigned q = 0; q < kQp; q++) {
		t.wr(q, kOffBaseLo, 0xabc00000 + q * 16);
		t.wr(q, kOffBaseHi, q);
		if (kRx)
			t.wr(q, kOffBuf, 4096);
		t.wr(q, kOffSize, 9);
		t.wr(q, kOffCtrl, kEnMask | kIrqEnMask | (3u << kVecShift));
		t.wr(q, kOffTail, 100 + q);
		t.fadv(q, 5, t.gen(q));
		if (q % 3 == 0)
			t.wr(q, kOffCtrl, kIrqEnMask);  // disabled by EN, still live
	}
	for (unsigned round = 0; round < 3; round++) {
		unsigned f = round == 0 ? 0 : (unsigned)t.rnd(kFuncs);
		std::vector<RdPort> before(kQp);
		for (unsigned q = 0; q < kQp; q++)
			before[q] = t.port(q);
		t.freset(f);
		for (unsigned q = 0; q < kQp; q++) {
			RdPort p = t.port(q);
			if (t.in.owner[q] == f) {
				RdPort want;
				want.log2 = 3;
				want.buf = kRx ? 0x800 : 0;
				want.gen = (before[q].gen + 1) & 15;
				t.check(p == want, "q %u (owner %u) after reset of %u: %s", q,
					t.in.owner[q], f, p.str().c_str());
				t.check(t.rd(q, kOffStatus) == 0 && t.rd(q, kOffCtrl) == 0 &&
						t.rd(q, kOffBaseLo) == 0 && t.rd(q, kOffSize) == 3,
					"q %u registers after function reset", q);
				// work in flight of the old gen, and the new gen, do nothing
				t.fadv(q, 1, before[q].gen);
				t.hadv(q, 1, p.gen);
				t.err(q, VFNIC_QERR_DMA, p.gen);
				t.check(t.port(q).fetch == 0 && t.out.rd[0].head == 0 &&
						t.status_err(q) == 0,
					"q %u events after function reset", q);
			} else {
				t.check(p == before[q], "q %u (owner %u) changed by reset of %u: %s", q,
					t.in.owner[q], f, p.str().c_str());
			}
		}
		// re-set the reset rings up for the next round
		for (unsigned q = 0; q < kQp; q++) {
			if (t.in.owner[q] != f)
				continue;
			t.wr(q, kOffBaseLo, 0x5550);
			if (kRx)
				t.wr(q, kOffBuf, 4096);
			t.wr(q, kOffSize, 9);
			t.wr(q, kOffCtrl, kEnMask);
			t.wr(q, kOffTail, 7);
		}
	}
	// every function at once: rings with an owner >= NumFuncs survive
	std::vector<RdPort> before(kQp);
	for (unsigned q = 0; q < kQp; q++)
		before[q] = t.port(q);
	for (unsigned f = 0; f < kFuncs; f++)
		t.in.freset[f] = true;
	t.cycle();
	for (unsigned q = 0; q < kQp; q++) {
		RdPort want = before[q];
		if (t.in.owner[q] < kFuncs) {
			want = RdPort();
			want.log2 = 3;
			want.buf = kRx ? 0x800 : 0;
			want.gen = (before[q].gen + 1) & 15;
		}
		t.check(t.port(q) == want, "q %u (owner %u) after resetting every function: %s", q,
			t.in.owner[q], t.out.rd[0].str().c_str());
	}
	// function reset in the same cycle as a register write and advances to its ring: the
	// reset wins
	unsigned q = 0;
	t.enable(q, 6);
	unsigned g = t.gen(q);
	t.wr(q, kOffTail, 10);
	t.in.freset[t.in.owner[q]] = true;
	t.in.fv = true;
	t.in.fq = q;
	t.in.fn = 2;
	t.in.fg = g;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffTail;
	t.in.reg_wdata = 0xffff;  // would be a bad TAIL
	t.cycle();
	t.cycle();
	t.check(!t.out.bad_tail, "bad_tail_o for a TAIL write to a ring being reset");
	RdPort p = t.port(q);
	t.check(!p.en && p.fetch == 0 && p.tail == 0 && p.gen == ((g + 1) & 15) &&
			t.status_err(q) == 0,
		"reset + TAIL + fadv: %s", p.str().c_str());
	t.wr(q, kOffBaseLo, 0x1230);
	t.in.freset[t.in.owner[q]] = true;
	t.in.reg_req = t.in.reg_we = true;
	t.in.reg_q = q;
	t.in.reg_off = kOffBaseHi;
	t.in.reg_wdata = 0x77;
	t.cycle();
	t.check(t.port(q).base == 0, "reset + BASE_HI write: base %016" PRIx64,
		t.out.rd[0].base);
	t.check(t.rd(q, kOffBaseHi) == 0, "BASE_HI 0x%x after reset + write", t.out.rdata);
}

// ---------------------------------------------------------------------------------------------
// Random phase
// ---------------------------------------------------------------------------------------------
void t_random(Tb &t)
{
	const unsigned cycles = kQp > 32 ? 150000 : 200000;
	// most traffic on a few hot rings so that events collide
	std::vector<unsigned> hot;
	for (unsigned i = 0; i < 4; i++)
		hot.push_back(t.pick_q());
	auto ring = [&]() -> unsigned {
		unsigned r = (unsigned)t.rnd(100);
		if (r < 60)
			return hot[t.rnd(hot.size())];
		if (r < 62)
			return kQp + (unsigned)t.rnd(256 - kQp);  // out of range
		return t.pick_q();
	};
	auto gen_of = [&](unsigned q) -> unsigned {
		if (q < kQp && t.rnd(10) < 8)
			return t.m.r[q].gen;
		return (unsigned)t.rnd(16);
	};
	auto count_n = [&]() -> unsigned {
		unsigned r = (unsigned)t.rnd(100);
		if (r < 3)
			return 0;
		if (r < 6)
			return 17 + (unsigned)t.rnd(15);
		return 1 + (unsigned)t.rnd(16);
	};
	uint64_t c_en = 0, c_badcfg = 0, c_badtail = 0, c_err = 0, c_fadv = 0, c_frst = 0,
		 c_same = 0, c_wrap = 0;
	for (unsigned i = 0; i < cycles && t.errors == 0; i++) {
		In &in = t.in;
		in.rd_q[0] = t.rnd(4) ? ring() : hot[0];
		in.rd_q[1] = ring();
		if (t.rnd(3) == 0) {
			in.reg_req = true;
			in.reg_we = t.rnd(3) != 0;
			in.reg_q = ring();
			unsigned r = (unsigned)t.rnd(100);
			unsigned q = in.reg_q < kQp ? in.reg_q : 0;
			uint32_t v = (uint32_t)t.rng();
			in.reg_be = t.rnd(8) ? 0xf : (unsigned)t.rnd(16);
			if (r < 30) {
				in.reg_off = kOffTail;
				unsigned size = 1u << t.m.r[q].log2;
				v = t.rnd(20) ? (uint32_t)t.rnd(size) : (t.rnd(2) ? size : v);
			} else if (r < 50) {
				in.reg_off = kOffCtrl;
				v = (v & ~kEnMask) | (t.rnd(3) ? kEnMask : 0);
				if (t.rnd(4) == 0)
					v = (v & ~kEnMask) | (t.m.r[q].en ? 0 : kEnMask);
			} else if (r < 62) {
				in.reg_off = kOffSize;
				v = t.rnd(8) ? kLog2Min + (unsigned)t.rnd(kLog2Max - kLog2Min + 1)
					     : (unsigned)t.rnd(16) | (v & 0xfffffff0);
			} else if (r < 72 && kRx) {
				in.reg_off = kOffBuf;
				v = t.rnd(6) ? 64 * (1 + (unsigned)t.rnd(255)) : v;
			} else {
				in.reg_off = 4 * (unsigned)t.rnd(16);
			}
			in.reg_wdata = v;
			if (in.reg_we && in.reg_q < kQp && in.reg_off == kOffCtrl &&
			    (in.reg_be & 1) && (v & kEnMask) && !t.m.r[in.reg_q].en)
				(RingsModel::config_ok(t.m.r[in.reg_q]) ? c_en : c_badcfg)++;
			if (in.reg_we && in.reg_q < kQp && in.reg_off == kOffTail &&
			    t.m.r[in.reg_q].en && v >= (1u << t.m.r[in.reg_q].log2) && in.reg_be == 0xf)
				c_badtail++;
		}
		if (t.rnd(2)) {
			in.fv = true;
			in.fq = ring();
			in.fn = count_n();
			in.fg = gen_of(in.fq);
			if (in.fq < kQp && t.m.r[in.fq].live && in.fg == t.m.r[in.fq].gen) {
				c_fadv++;
				if (t.m.r[in.fq].fetch + in.fn >= (1u << t.m.r[in.fq].log2))
					c_wrap++;
			}
		}
		if (t.rnd(2)) {
			in.hv = true;
			in.hq = t.rnd(3) ? in.fq : ring();
			in.hn = count_n();
			in.hg = gen_of(in.hq);
		}
		if (t.rnd(40) == 0) {
			in.ev = true;
			in.eq = t.rnd(2) ? in.fq : ring();
			in.ecode = t.rnd(4) ? VFNIC_QERR_DMA : (unsigned)t.rnd(16);
			in.eg = gen_of(in.eq);
			if (in.eq < kQp && t.m.r[in.eq].live && in.eg == t.m.r[in.eq].gen)
				c_err++;
		}
		if (in.fv && in.hv && in.fq == in.hq && in.reg_req && in.reg_we &&
		    in.reg_q == in.fq)
			c_same++;
		if (t.rnd(300) == 0) {
			in.freset[t.rnd(kFuncs)] = true;
			c_frst++;
		}
		if (t.rnd(500) == 0) {
			unsigned q = t.pick_q();
			in.owner[q] = t.rnd(10) ? (unsigned)t.rnd(kFuncs) : (unsigned)t.rnd(128);
		}
		t.cycle();
	}
	// every ring once more through both read ports and the register port
	for (unsigned q = 0; q < kQp; q++) {
		t.in.rd_q[0] = q;
		t.in.rd_q[1] = kQp - 1 - q;
		for (unsigned off = 0; off < 0x20; off += 4)
			t.rd(q, off);
	}
	std::printf("# random: %u cycles; enables %" PRIu64 ", BAD_CONFIG %" PRIu64
		    ", bad TAIL %" PRIu64 ", errs %" PRIu64 ", fetch advances %" PRIu64
		    " (%" PRIu64 " wrapping), function resets %" PRIu64
		    ", fadv+hadv+write same ring %" PRIu64 "\n",
		    cycles, c_en, c_badcfg, c_badtail, c_err, c_fadv, c_wrap, c_frst, c_same);
	t.check(c_en > 100 && c_badcfg > 10 && c_badtail > 10 && c_err > 10 && c_wrap > 100 &&
			c_frst > 10 && c_same > 10,
		"random phase coverage too low");
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	const std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset values of every ring's registers and read port", true, t_reset_values},
		{"hits, holes (TX 0x1C, 0x20.., rings >= NumQp), writes to holes", true,
		 t_hits_and_holes},
		{"BASE/SIZE/CTRL/BUF_SIZE read back, read-only HEAD/STATUS, read ports", true,
		 t_config_rw},
		{"byte enables (BASE, SIZE, CTRL, BUF_SIZE, TAIL)", true, t_byte_enables},
		{"enable resets HEAD/FETCH/TAIL and bumps gen; disable keeps them; en_o/avail_o",
		 true, t_enable_disable},
		{"enable checks SIZE.LOG2 (and BUF_SIZE on RX) -> BAD_CONFIG", true, t_enable_checks},
		{"BASE/SIZE/BUF_SIZE writes ignored while enabled", true, t_writes_while_enabled},
		{"TAIL >= size -> BAD_TAIL, disable, gen + 1, bad_tail_o; TAIL while disabled", true,
		 t_tail},
		{"FETCH/HEAD advances wrap for ring sizes 8..4096", true, t_advance_wrap},
		{"stale gen and disabled-by-reset/error ignore advances and errors; err", true,
		 t_stale_gen_and_err},
		{"fadv+hadv+err+register write in one cycle, same and different rings", true,
		 t_simultaneous},
		{"function reset: only the function's rings, reset wins over writes", true,
		 t_function_reset},
		{"random mix of all inputs against the model", true, t_random},
	};
	char label[64];
	std::snprintf(label, sizeof(label), "[%s NumQp=%u NumFuncs=%u]", kRx ? "rx" : "tx", kQp,
		      kFuncs);
	return vfnic_tb::run_tests(t, tests, label);
}
