// SPDX-License-Identifier: MIT
// Testbench of vfnic_rings, the ring manager (docs/datapath-blocks.md "vfnic_rings — ring
// manager"): directed tests of every register rule, of the work FIFO, of the TAKE/HADV/ERR/READ
// operations, of function resets and the reset walk, of forwarding between back-to-back
// operations, plus a seeded random phase.
//
// The reference model (Model below) is exact in *what* happens, not in *when*: it keeps every
// ring's word, the work FIFO and the set of rings popped and not yet TAKEn, and applies every
// operation in the order the DUT accepted it -- engine operations when op_valid_i && op_ready_o,
// register accesses at their ack (they entered the pipeline kLat cycles before it), function
// resets when freset_i is seen (ops on the function's rings are refused until its walk has
// passed, which the model treats as operating on the reset ring; answers of refused operations
// are only checked for ok/n). Every cycle it checks: answers (fields and the exact two-cycle
// latency, in order), register read data and hit at ack, bad_tail_o pulses, en_o, the work
// FIFO's head against the model's FIFO (each ring at most once, nothing that was not pushed,
// everything pushed eventually offered), one operation per pipeline slot, the ports' round
// robin, and that nothing waits for ever.
//
// usage: tb_rings OUTDIR     (SEED=n in the environment replays a run)
#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "Vvfnic_rings.h"
#include "block_tb.h"
#include "vfnic_regs.h"

#ifndef RINGS_TB_QP
#error "build with -DRINGS_TB_QP=<NumQp> -DRINGS_TB_FUNCS=<NumFuncs> -DRINGS_TB_RX=<IsRx>"
#endif
#ifndef RINGS_TB_PORTS
#define RINGS_TB_PORTS 2
#endif

namespace
{

using vfnic_tb::get_bit;
using vfnic_tb::get_bits;
using vfnic_tb::put_bits;

constexpr unsigned kQp = RINGS_TB_QP;
constexpr unsigned kFuncs = RINGS_TB_FUNCS;
constexpr bool kRx = RINGS_TB_RX != 0;
constexpr unsigned kPorts = RINGS_TB_PORTS;
constexpr unsigned kLog2Min = VFNIC_RING_SIZE_LOG2_MIN;
constexpr unsigned kLog2Max = VFNIC_RING_SIZE_LOG2_MAX;
constexpr unsigned kLat = 2;  // answers and register acks: cycles after entering the pipeline
// a function reset's walk is over at most this many cycles after freset_i (a running walk to
// finish, then one over every ring)
constexpr unsigned kWalkBound = 2 * kQp + 8;

enum : unsigned { kTake = 0, kHadv = 1, kErr = 2, kRead = 3, kTakeDr = 4 };
const char *const kOpName[8] = {"TAKE", "HADV", "ERR", "READ", "TAKE_DIRECT", "op5", "op6", "op7"};
inline bool answered(unsigned code) { return code == kTake || code == kRead || code == kTakeDr; }

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
// Transactions
// ---------------------------------------------------------------------------------------------
struct RegReq {
	bool we = false;
	unsigned q = 0, off = 0, be = 0xf;
	uint32_t wdata = 0;
};

struct EngOp {
	unsigned port = 0, code = kRead, q = 0, n = 0, gen = 0, err = 0;
	std::string str() const
	{
		char b[96];
		std::snprintf(b, sizeof(b), "%s q %u n %u gen %u err %u (port %u)", kOpName[code & 7],
			      q, n, gen, err, port);
		return b;
	}
};

struct Ans {
	unsigned port = 0, q = 0, code = kRead;
	bool ok = false;
	uint64_t base = 0;
	unsigned log2 = 0, idx = 0, n = 0, gen = 0, vec = 0, buf = 0, fetch = 0, tail = 0;
	bool irq_en = false;
	uint64_t due = 0;    // model: the cycle it must be on ans_*
	bool loose = false;  // model: the ring may be refused (reset pending): check ok/n only
	std::string str() const
	{
		char b[256];
		std::snprintf(b, sizeof(b),
			      "port %u q %u ok %d base %016" PRIx64 " log2 %u idx %u n %u gen %u "
			      "irq %d vec %u buf %u fetch %u tail %u",
			      port, q, ok, base, log2, idx, n, gen, irq_en, vec, buf, fetch, tail);
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
	bool live = false;    // HADV/ERR of the current gen are taken
	bool queued = false;  // in the work FIFO, or popped and not yet resolved by a TAKE
	unsigned head = 0, fetch = 0, tail = 0, err = 0, gen = 0;
};

class Model
{
      public:
	std::vector<Ring> r;
	std::deque<unsigned> fifo;      // pushed, not popped, in push order
	std::deque<uint64_t> fifo_key;  // the cycle of the operation that pushed it
	std::vector<bool> in_fifo, popped;
	std::string err;  // a model invariant that broke (contract hole or TB misuse)
	uint64_t pushes = 0;

	static unsigned mask_of(unsigned log2) { return log2 >= 12 ? 0xfffu : (1u << log2) - 1; }

	// register values after a reset; gen, live and queued are the caller's
	static void clear(Ring &x)
	{
		x.base_lo = VFNIC_REG_TXQ_BASE_LO_RESET;
		x.base_hi = VFNIC_REG_TXQ_BASE_HI_RESET;
		x.log2 = (kSizeResetVal & kLog2Mask) >> kLog2Shift;
		x.irq_en = false;
		x.vec = 0;
		x.buf = (kBufResetVal & kBufMask) >> kBufShift;
		x.en = false;
		x.live = false;
		x.head = x.fetch = x.tail = 0;
		x.err = VFNIC_QERR_NONE;
	}
	void reset()
	{
		r.assign(kQp, Ring());
		for (Ring &x : r) {
			clear(x);
			x.gen = 0;
			x.queued = false;
		}
		fifo.clear();
		fifo_key.clear();
		in_fifo.assign(kQp, false);
		popped.assign(kQp, false);
		err.clear();
	}
	// function reset of ring q: reset values, gen + 1 if it was enabled or live, QUEUED kept
	void freset_ring(unsigned q)
	{
		Ring &x = r[q];
		bool bump = x.en || x.live;
		unsigned g = x.gen;
		bool qd = x.queued;
		clear(x);
		x.gen = bump ? (g + 1) & 15 : g;
		x.queued = qd;
	}
	void push(unsigned q, uint64_t key)
	{
		if (in_fifo[q] || popped[q])
			note("ring %u pushed while in the FIFO or popped", q);
		fifo.push_back(q);
		fifo_key.push_back(key);
		in_fifo[q] = true;
		pushes++;
	}
	void pop_front()
	{
		unsigned q = fifo.front();
		fifo.pop_front();
		fifo_key.pop_front();
		in_fifo[q] = false;
		popped[q] = true;
	}
	void note(const char *fmt, unsigned q)
	{
		char b[160];
		std::snprintf(b, sizeof(b), fmt, q);
		if (err.empty())
			err = b;
	}
	// the contract's invariants of ring q
	void invariants(unsigned q)
	{
		const Ring &x = r[q];
		if (x.en && x.fetch != x.tail && !x.queued)
			note("ring %u enabled with FETCH != TAIL but not QUEUED", q);
		if (x.queued != (in_fifo[q] || popped[q]))
			note("ring %u: QUEUED differs from (in FIFO or popped)", q);
	}

	static bool hit(unsigned off)
	{
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
	static bool config_ok(const Ring &x)
	{
		bool ok = x.log2 >= kLog2Min && x.log2 <= kLog2Max;
		if (kRx)
			ok = ok && x.buf % 64 == 0 && x.buf >= 64 && x.buf <= 16320;
		return ok;
	}

	struct RegRes {
		uint32_t rdata = 0;
		bool hit = false, bad_tail = false;
	};
	// a register access that entered the pipeline at `key`
	RegRes reg(const RegReq &a, uint64_t key)
	{
		RegRes res;
		Ring &n = r[a.q];
		const Ring o = n;
		res.hit = hit(a.off);
		res.rdata = res.hit ? read_of(o, a.off) : 0;
		if (!a.we || !res.hit)
			return res;
		uint32_t bm = 0;
		for (unsigned b = 0; b < 4; b++)
			if ((a.be >> b) & 1)
				bm |= 0xffu << (8 * b);
		uint32_t v = (a.wdata & bm) | (res.rdata & ~bm);
		unsigned off = a.off;
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
					n.gen = (o.gen + 1) & 15;
				} else {
					n.err = VFNIC_QERR_BAD_CONFIG;
				}
			} else if (o.en && !want) {
				n.en = false;
			}
		} else if (off == kOffTail && o.en) {
			if (v < (1u << o.log2)) {
				n.tail = v;
				if (n.tail != o.fetch && !o.queued) {
					n.queued = true;
					push(a.q, key);
				}
			} else {
				n.en = false;
				n.live = false;
				n.err = VFNIC_QERR_BAD_TAIL;
				n.gen = (o.gen + 1) & 15;
				res.bad_tail = true;
			}
		}
		invariants(a.q);
		return res;
	}

	// an engine operation accepted at `key`; the answer (TAKE, READ) is due at key + kLat
	Ans op(const EngOp &o, uint64_t key)
	{
		Ans a;
		a.port = o.port;
		a.q = o.q;
		a.code = o.code;
		a.due = key + kLat;
		Ring &x = r[o.q];
		switch (o.code) {
		case kTake:
		case kTakeDr: {
			if (o.code == kTake) {
				if (!popped[o.q])
					note("TB: TAKE of ring %u, which was not popped", o.q);
				popped[o.q] = false;
			}
			a.idx = x.fetch;
			unsigned m = 0;
			if (x.en && x.fetch != x.tail) {
				unsigned size = 1u << x.log2;
				unsigned posted = (x.tail - x.fetch) & (size - 1);
				unsigned to_end = size - x.fetch;
				m = std::min(o.n, std::min(posted, to_end));
				x.fetch = (x.fetch + m) & (size - 1);
			}
			a.ok = m > 0;
			a.n = m;
			if (o.code == kTakeDr) {
				// as a doorbell: pushed if work remains and not QUEUED, else unchanged
				if (x.en && x.fetch != x.tail && !x.queued) {
					x.queued = true;
					push(o.q, key);
				}
			} else if (x.en && x.fetch != x.tail) {
				x.queued = true;
				push(o.q, key);
			} else {
				x.queued = false;
			}
			break;
		}
		case kHadv:
			if (x.live && x.gen == o.gen)
				x.head = (x.head + o.n) & mask_of(x.log2);
			break;
		case kErr:
			if (x.live && x.gen == o.gen) {
				x.en = false;
				x.live = false;
				x.err = o.err;
				x.gen = (x.gen + 1) & 15;
			}
			break;
		default:
			a.ok = x.en;
			a.idx = x.head;
			break;
		}
		a.base = ((uint64_t)x.base_hi << 32) | (x.base_lo & ~0xfu);
		a.log2 = x.log2;
		a.gen = x.gen;
		a.irq_en = x.irq_en;
		a.vec = x.vec;
		a.buf = kRx ? x.buf : 0;
		a.fetch = x.fetch;
		a.tail = x.tail;
		invariants(o.q);
		return a;
	}
};

// ---------------------------------------------------------------------------------------------
// The bench: drivers (register port held until ack, engine ports held until ready, work pops,
// function resets) and the monitor that feeds the model and checks the DUT every cycle
// ---------------------------------------------------------------------------------------------
struct Event {
	uint64_t key;
	unsigned kind;  // 0 function reset, 1 register access, 2 engine operation (same-key order)
	RegReq reg;
	EngOp op;
	unsigned f = 0;
};

struct PortDrv {
	bool valid = false;
	EngOp op;
	uint64_t since = 0;
	std::deque<EngOp> script;  // loaded back to back as the port accepts
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_rings> {
	Tb(uint64_t seed_, const std::string &dir) : BlockTb(seed_, dir, "tb-rings") {}

	Model m;
	// ---- drivers ----
	bool reg_req = false;
	RegReq reg;
	uint64_t reg_since = 0;
	PortDrv port[kPorts];
	bool work_ready = false;
	std::vector<unsigned> owner = std::vector<unsigned>(kQp, 0);
	// the RTL's copy of QP_OWNER, written through its port one entry per cycle (the first
	// entry that differs from `owner`): a change is seen by the RTL from the next cycle on
	std::vector<unsigned> own_rtl = std::vector<unsigned>(kQp, ~0u);
	int own_wq = -1;  // the entry written in this cycle
	std::vector<bool> freset = std::vector<bool>(kFuncs, false);  // this cycle
	std::vector<unsigned> freset_hold = std::vector<unsigned>(kFuncs, 0);  // more cycles
	bool in_rst = false;

	// ---- monitor ----
	std::vector<Event> events;  // accepted, not yet applied to the model
	std::deque<Ans> exp_ans;
	std::deque<uint64_t> op_keys;  // recent engine acceptances
	std::vector<uint64_t> unsure_until = std::vector<uint64_t>(kQp, 0);
	std::vector<bool> owed = std::vector<bool>(kPorts, false);  // round robin
	uint64_t last_pop = 0;
	bool reported_stall = false;
	int acc_port = -1;  // the port accepted in this cycle
	// what the last cycle saw, for the directed tests
	bool acked = false, ack_hit = false;
	uint32_t ack_rdata = 0;
	uint64_t last_reg_key = 0, last_op_key = 0;
	bool bad_tail_seen = false;
	unsigned bad_tail_seen_q = 0;
	std::vector<Ans> got;        // every DUT answer
	std::vector<unsigned> pops;  // every ring popped from the work FIFO
	uint64_t cycles_checked = 0, answers_checked = 0, reg_checked = 0, pops_checked = 0;
	bool auto_take = false;  // random phase: popped rings go to `popped_q`
	std::deque<unsigned> popped_q;

	unsigned reset_owner(unsigned q) const { return (q / 2) % kFuncs; }

	void drive()
	{
		Vvfnic_rings &t = *top;
		t.reg_req_i = reg_req;
		t.reg_we_i = reg.we;
		t.reg_q_i = reg.q & 0xff;
		t.reg_off_i = (reg.off >> 2) & 0xf;
		t.reg_be_i = reg.be & 0xf;
		t.reg_wdata_i = reg.wdata;
		for (unsigned p = 0; p < kPorts; p++) {
			PortDrv &d = port[p];
			if (!d.valid && !d.script.empty()) {
				d.op = d.script.front();
				d.op.port = p;
				d.script.pop_front();
				d.valid = true;
				d.since = now;
			}
			put_bits(t.op_valid_i, p, 1, d.valid);
			put_bits(t.op_code_i, 3 * p, 3, d.op.code);
			put_bits(t.op_q_i, 8 * p, 8, d.op.q);
			put_bits(t.op_n_i, 5 * p, 5, d.op.n);
			put_bits(t.op_gen_i, 4 * p, 4, d.op.gen);
			put_bits(t.op_err_i, 4 * p, 4, d.op.err);
		}
		t.work_ready_i = work_ready;
		own_wq = -1;
		for (unsigned q = 0; q < kQp && own_wq < 0; q++)
			if (own_rtl[q] != (owner[q] & 0x7f))
				own_wq = (int)q;
		t.own_we_i = own_wq >= 0;
		t.own_q_i = own_wq >= 0 ? (unsigned)own_wq : 0;
		t.own_func_i = own_wq >= 0 ? owner[own_wq] & 0x7f : 0;
		for (unsigned f = 0; f < kFuncs; f++)
			put_bits(t.freset_i, f, 1, freset[f]);
	}

	Ans sample_ans()
	{
		Vvfnic_rings &t = *top;
		Ans a;
		a.port = kPorts > 1 ? (unsigned)t.ans_port_o : 0;
		a.q = t.ans_q_o;
		a.ok = t.ans_ok_o;
		a.base = t.ans_base_o;
		a.log2 = t.ans_log2_o;
		a.idx = t.ans_idx_o;
		a.n = t.ans_n_o;
		a.gen = t.ans_gen_o;
		a.irq_en = t.ans_irq_en_o;
		a.vec = t.ans_vector_o;
		a.buf = t.ans_buf_size_o;
		a.fetch = t.ans_fetch_o;
		a.tail = t.ans_tail_o;
		a.due = now;
		return a;
	}

	void cmp_ans(const Ans &g, const Ans &e)
	{
		bool same = g.port == e.port && g.q == e.q && g.ok == e.ok;
		if (e.code == kTake || e.code == kTakeDr)
			same = same && g.n == e.n;
		if (!e.loose) {
			same = same && g.base == e.base && g.log2 == e.log2 && g.idx == e.idx &&
			       g.gen == e.gen && g.irq_en == e.irq_en && g.vec == e.vec &&
			       g.buf == e.buf && g.fetch == e.fetch && g.tail == e.tail;
		}
		check(same, "%s answer: %s; model %s%s", kOpName[e.code & 7], g.str().c_str(),
		      e.str().c_str(), e.loose ? " (reset pending: ok/n only)" : "");
	}

	// Everything the DUT shows before the clock edge of cycle `now`
	void monitor()
	{
		Vvfnic_rings &t = *top;
		cycles_checked++;
		acked = false;
		acc_port = -1;
		// 1. engine acceptances: at most one per cycle, round robin
		int acc = -1;
		unsigned nacc = 0;
		for (unsigned p = 0; p < kPorts; p++)
			if (port[p].valid && get_bit(t.op_ready_o, p)) {
				nacc++;
				acc = (int)p;
			}
		check(nacc <= 1, "%u engine operations accepted in one cycle", nacc);
		if (acc >= 0) {
			for (unsigned p = 0; p < kPorts; p++) {
				if ((int)p == acc || !port[p].valid)
					continue;
				check(!(owed[p] && !owed[acc]),
				      "round robin: port %d accepted again while port %u waits", acc,
				      p);
				owed[p] = true;
			}
			owed[acc] = false;
			acc_port = acc;
			Event e;
			e.key = now;
			e.kind = 2;
			e.op = port[acc].op;
			events.push_back(e);
			op_keys.push_back(now);
			while (op_keys.size() > 8)
				op_keys.pop_front();
			last_op_key = now;
		}
		// 2. register ack: the access entered the pipeline kLat cycles ago
		if (t.reg_ack_o) {
			if (!reg_req) {
				fail("reg_ack_o without a request");
			} else if (reg.q >= kQp) {
				acked = true;  // outside the contract (q < NumQp): only no hang
			} else {
				uint64_t key = now - kLat;
				check(now >= reg_since + kLat,
				      "reg_ack_o %" PRIu64 " cycles after the request (< %u)",
				      now - reg_since, kLat);
				check(std::find(op_keys.begin(), op_keys.end(), key) == op_keys.end(),
				      "register access acked at %" PRIu64
				      " shares its pipeline slot with an engine operation",
				      now);
				Event e;
				e.key = key;
				e.kind = 1;
				e.reg = reg;
				events.push_back(e);
				acked = true;
				last_reg_key = key;
			}
		}
		// 3. function resets seen now
		for (unsigned f = 0; f < kFuncs; f++)
			if (freset[f]) {
				Event e;
				e.key = now;
				e.kind = 0;
				e.f = f;
				events.push_back(e);
			}
		// 4. apply everything whose order is settled (key <= now - kLat)
		bool exp_bt = false;
		unsigned exp_bt_q = 0;
		std::stable_sort(events.begin(), events.end(), [](const Event &a, const Event &b) {
			return a.key != b.key ? a.key < b.key : a.kind < b.kind;
		});
		size_t done = 0;
		for (; done < events.size() && events[done].key + kLat <= now; done++) {
			const Event &e = events[done];
			if (e.kind == 1) {
				Model::RegRes res = m.reg(e.reg, e.key);
				reg_checked++;
				ack_rdata = t.reg_rdata_o;
				ack_hit = t.reg_hit_o;
				check(ack_hit == res.hit && ack_rdata == res.rdata,
				      "register %s q %u off 0x%02x: rdata 0x%08x hit %d; model 0x%08x "
				      "hit %d",
				      e.reg.we ? "write" : "read", e.reg.q, e.reg.off, ack_rdata,
				      ack_hit, res.rdata, res.hit);
				if (res.bad_tail) {
					exp_bt = true;
					exp_bt_q = e.reg.q;
				}
				// the access waited for its ring's reset: the walk is over
				if (unsure_until[e.reg.q] > e.key + 1)
					unsure_until[e.reg.q] = e.key + 1;
			} else if (e.kind == 0) {
				for (unsigned q = 0; q < kQp; q++)
					if (owner[q] == e.f) {
						m.freset_ring(q);
						unsure_until[q] = std::max(unsure_until[q],
									   e.key + kWalkBound);
					}
			} else {
				Ans a = m.op(e.op, e.key);
				a.loose = e.key < unsure_until[e.op.q];
				if (answered(e.op.code))
					exp_ans.push_back(a);
			}
			if (!m.err.empty()) {
				fail("model: %s", m.err.c_str());
				m.err.clear();
			}
		}
		events.erase(events.begin(), events.begin() + done);
		// 5. answers, in order, exactly kLat cycles after acceptance
		if (t.ans_valid_o) {
			Ans g = sample_ans();
			got.push_back(g);
			if (exp_ans.empty() || exp_ans.front().due != now) {
				fail("unexpected answer: %s", g.str().c_str());
			} else {
				cmp_ans(g, exp_ans.front());
				got.back().code = exp_ans.front().code;
				exp_ans.pop_front();
				answers_checked++;
			}
		}
		while (!exp_ans.empty() && exp_ans.front().due <= now) {
			fail("no answer at cycle %" PRIu64 " for %s q %u (port %u)",
			     exp_ans.front().due, kOpName[exp_ans.front().code & 7], exp_ans.front().q,
			     exp_ans.front().port);
			exp_ans.pop_front();
		}
		// 6. bad_tail_o: a pulse with the register ack of the bad TAIL write
		bad_tail_seen = t.bad_tail_o;
		bad_tail_seen_q = t.bad_tail_q_o;
		check(bad_tail_seen == exp_bt, "bad_tail_o %d, model %d", bad_tail_seen, exp_bt);
		if (exp_bt)
			check(bad_tail_seen_q == exp_bt_q, "bad_tail_q_o %u, model %u", bad_tail_seen_q,
			      exp_bt_q);
		// 7. en_o (rings whose reset may still be walking excepted)
		for (unsigned q = 0; q < kQp; q++)
			if (now >= unsure_until[q])
				check(get_bit(t.en_o, q) == m.r[q].en, "en_o[%u] %d, model %d", q,
				      get_bit(t.en_o, q), m.r[q].en);
		// 8. work FIFO: the DUT's head is the model's head; a pop moves it to `popped`
		if (t.work_valid_o) {
			unsigned q = t.work_q_o;
			if (m.fifo.empty()) {
				fail("work FIFO offers ring %u; the model's FIFO is empty", q);
			} else if (m.fifo.front() != q) {
				fail("work FIFO offers ring %u; the model's head is %u (%zu queued)", q,
				     m.fifo.front(), m.fifo.size());
			} else if (work_ready) {
				m.pop_front();
				pops.push_back(q);
				pops_checked++;
				last_pop = now;
				if (auto_take)
					popped_q.push_back(q);
			}
		} else if (!m.fifo.empty()) {
			uint64_t due = std::max(m.fifo_key.front() + 6, last_pop + 5);
			if (now > due && !reported_stall) {
				reported_stall = true;
				fail("work FIFO: ring %u (pushed at %" PRIu64 ") not offered by %" PRIu64,
				     m.fifo.front(), m.fifo_key.front(), due);
			}
		}
		// 9. busy_o: an operation accepted in the last cycle is in flight
		if (!op_keys.empty() && op_keys.back() + 1 == now)
			check(t.busy_o, "busy_o low with an operation in flight");
		// 10. nothing waits for ever
		const uint64_t starve = 4 * kQp + 3000;
		if (reg_req && now - reg_since == starve)
			fail("register access q %u off 0x%02x waiting for %" PRIu64 " cycles", reg.q,
			     reg.off, starve);
		for (unsigned p = 0; p < kPorts; p++)
			if (port[p].valid && now - port[p].since == starve)
				fail("port %u: %s waiting for %" PRIu64 " cycles", p,
				     port[p].op.str().c_str(), starve);
	}

	void post()
	{
		// the port whose operation was accepted, the register port that was acked
		if (acc_port >= 0)
			port[acc_port].valid = false;
		if (acked)
			reg_req = false;
		for (unsigned f = 0; f < kFuncs; f++) {
			if (freset_hold[f]) {
				freset_hold[f]--;
				freset[f] = true;
			} else {
				freset[f] = false;
			}
		}
	}

	// One clock cycle
	void cycle()
	{
		drive();
		top->clk_i = 0;
		eval_dump();
		bool mon = top->rst_ni && !in_rst;
		if (mon)
			monitor();
		top->clk_i = 1;
		eval_dump();
		if (own_wq >= 0)
			own_rtl[own_wq] = owner[own_wq] & 0x7f;
		if (mon)
			post();
		now++;
	}

	// rst_ni, then (if `wait`) the reset walk; checks busy_o and that nothing is accepted
	void reset() { reset_to(true); }
	void reset_to(bool wait)
	{
		reg_req = false;
		for (PortDrv &d : port) {
			d.valid = false;
			d.script.clear();
		}
		work_ready = false;
		auto_take = false;
		popped_q.clear();
		for (unsigned q = 0; q < kQp; q++)
			owner[q] = reset_owner(q);
		freset.assign(kFuncs, false);
		freset_hold.assign(kFuncs, 0);
		in_rst = true;
		// in reset: clock until every owner is in the RTL's copy
		top->rst_ni = 0;
		do {
			drive();
			top->clk_i = 0;
			eval_dump();
			top->clk_i = 1;
			eval_dump();
			if (own_wq >= 0)
				own_rtl[own_wq] = owner[own_wq] & 0x7f;
		} while (own_wq >= 0);
		top->clk_i = 0;
		eval_dump();
		top->rst_ni = 1;
		eval_dump();
		in_rst = false;
		m.reset();
		events.clear();
		exp_ans.clear();
		op_keys.clear();
		unsure_until.assign(kQp, 0);
		owed.assign(kPorts, false);
		reported_stall = false;
		if (!wait)
			return;
		unsigned busy = 0;
		while (top->busy_o && busy < kQp + 20) {
			busy++;
			cycle();
		}
		check(busy >= kQp && busy <= kQp + 4, "reset walk: busy_o for %u cycles (NumQp %u)",
		      busy, kQp);
		cycle();
	}

	// ---- helpers of the directed tests (the monitor checks every cycle of them too) ----
	void idle(unsigned n)
	{
		for (unsigned i = 0; i < n; i++)
			cycle();
	}
	void start_reg(bool we, unsigned q, unsigned off, uint32_t v = 0, unsigned be = 0xf)
	{
		for (unsigned i = 0; reg_req && i < 10000; i++)
			cycle();
		reg_req = true;
		reg.we = we;
		reg.q = q;
		reg.off = off;
		reg.wdata = v;
		reg.be = be;
		reg_since = now;
	}
	// waits for the ack of the register access in progress; returns the cycles it took
	unsigned wait_reg(unsigned limit = 4 * kQp + 200)
	{
		unsigned i = 0;
		for (; reg_req && i < limit; i++)
			cycle();
		if (reg_req) {
			fail("register %s q %u off 0x%02x: no ack in %u cycles",
			     reg.we ? "write" : "read", reg.q, reg.off, limit);
			reg_req = false;
		}
		return i;
	}
	uint32_t rd(unsigned q, unsigned off, bool *hit = nullptr)
	{
		start_reg(false, q, off);
		wait_reg();
		if (hit)
			*hit = ack_hit;
		return ack_rdata;
	}
	void wr(unsigned q, unsigned off, uint32_t v, unsigned be = 0xf)
	{
		start_reg(true, q, off, v, be);
		wait_reg();
	}
	// queue an operation on port p (loaded back to back after the port's earlier ones)
	void issue(unsigned p, unsigned code, unsigned q, unsigned n = 0, unsigned g = 0,
		   unsigned e = 0)
	{
		EngOp o;
		o.port = p;
		o.code = code;
		o.q = q;
		o.n = n;
		o.gen = g;
		o.err = e;
		port[p].script.push_back(o);
	}
	bool ports_busy() const
	{
		for (const PortDrv &d : port)
			if (d.valid || !d.script.empty())
				return true;
		return false;
	}
	// every queued operation accepted and answered
	void settle(unsigned limit = 4 * kQp + 200)
	{
		unsigned i = 0;
		for (; (ports_busy() || reg_req) && i < limit; i++)
			cycle();
		if (ports_busy() || reg_req) {
			fail("operations not accepted in %u cycles", limit);
			for (PortDrv &d : port) {
				d.valid = false;
				d.script.clear();
			}
			reg_req = false;
		}
		idle(kLat + 1);
	}
	// one operation, waited for; returns its answer (TAKE, READ)
	Ans op(unsigned code, unsigned q, unsigned n = 0, unsigned g = 0, unsigned e = 0,
	       unsigned p = 0)
	{
		size_t n0 = got.size();
		issue(p, code, q, n, g, e);
		settle();
		Ans a;
		bool found = false;
		for (size_t i = n0; i < got.size(); i++)
			if (got[i].port == p && got[i].q == q) {
				a = got[i];
				found = true;
			}
		if (answered(code) && !found)
			fail("%s q %u: no answer", kOpName[code], q);
		return a;
	}
	Ans take(unsigned q, unsigned n, unsigned p = 0) { return op(kTake, q, n, 0, 0, p); }
	Ans read(unsigned q, unsigned p = 0) { return op(kRead, q, 0, 0, 0, p); }
	void hadv(unsigned q, unsigned n, unsigned g, unsigned p = 0) { op(kHadv, q, n, g, 0, p); }
	void err(unsigned q, unsigned code, unsigned g, unsigned p = 0)
	{
		op(kErr, q, 0, g, code, p);
	}
	// pop the work FIFO's head (-1: nothing within `limit` cycles)
	int pop(unsigned limit = 12)
	{
		size_t n0 = pops.size();
		work_ready = true;
		for (unsigned i = 0; i < limit && pops.size() == n0; i++)
			cycle();
		work_ready = false;
		return pops.size() > n0 ? (int)pops.back() : -1;
	}
	// the work FIFO stays empty for a while
	void expect_no_work(const char *what)
	{
		idle(6);
		check(!top->work_valid_o && m.fifo.empty(), "%s: work FIFO not empty (ring %u)",
		      what, (unsigned)top->work_q_o);
	}
	unsigned gen(unsigned q) const { return m.r[q].gen; }
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
		      ack_rdata);
	}
	unsigned status_err(unsigned q) { return (rd(q, kOffStatus) & kStErrMask) >> kStErrShift; }
	bool status_en(unsigned q) { return (rd(q, kOffStatus) & kStEnMask) != 0; }
	unsigned pick_q() { return (unsigned)rnd(kQp); }

	void after_test() override
	{
		work_ready = false;
		settle();
		idle(kWalkBound);
		check(exp_ans.empty() && events.empty(), "answers or operations left over");
		unsigned i = 0;
		while (top->busy_o && i < 2 * kWalkBound) {
			cycle();
			i++;
		}
		check(!top->busy_o, "busy_o stays high when idle");
	}
	void summary() override
	{
		std::printf("# %" PRIu64 " cycles checked: %" PRIu64 " answers, %" PRIu64
			    " register accesses, %" PRIu64 " work pops\n",
			    cycles_checked, answers_checked, reg_checked, pops_checked);
	}
};

// A few rings every directed test uses: the first, the last and a middle one
std::vector<unsigned> some_rings()
{
	std::vector<unsigned> v = {0, kQp - 1};
	if (kQp > 2)
		v.push_back(kQp / 2);
	return v;
}

// pop every ring in the work FIFO and TAKE up to n of it, until the FIFO stays empty
void drain_work(Tb &t, unsigned n = 31)
{
	for (unsigned i = 0; i < 4 * kQp + 64; i++) {
		int q = t.pop(12);
		if (q < 0)
			return;
		t.take((unsigned)q, n);
	}
	t.fail("drain_work: the work FIFO does not drain");
}

// ---------------------------------------------------------------------------------------------
// Directed tests
// ---------------------------------------------------------------------------------------------
void t_reset_walk(Tb &t)
{
	t.reset_to(false);
	// a register read and a READ presented in the first cycle after rst_ni wait for the walk
	unsigned q = kQp - 1;
	uint64_t t0 = t.now;
	t.start_reg(false, 0, kOffSize);
	t.issue(0, kRead, q);
	unsigned busy = 0;
	uint64_t ack_at = 0, acc_at = 0;
	for (unsigned i = 0; i < 4 * kQp + 40 && (t.reg_req || t.ports_busy()); i++) {
		busy += t.top->busy_o;
		bool r = t.reg_req, p = t.ports_busy();
		t.cycle();
		if (r && !t.reg_req)
			ack_at = t.now - 1;
		if (p && !t.ports_busy())
			acc_at = t.now - 1;
	}
	t.check(!t.reg_req && !t.ports_busy(), "nothing accepted after the reset walk");
	t.check(busy >= kQp, "busy_o high for %u cycles of the walk (NumQp %u)", busy, kQp);
	t.check(ack_at >= t0 + kQp && acc_at >= t0 + kQp,
		"accepted during the walk: ack after %" PRIu64 ", READ after %" PRIu64 " cycles",
		ack_at - t0, acc_at - t0);
	t.check(t.ack_rdata == 3, "SIZE after the walk 0x%x", t.ack_rdata);
	t.idle(4);
	t.check(!t.top->busy_o, "busy_o after the walk");
	// every ring's word is its reset word
	for (unsigned r = 0; r < kQp; r++) {
		Ans a = t.read(r);
		t.check(!a.ok && a.base == 0 && a.log2 == 3 && a.idx == 0 && a.gen == 0 &&
				!a.irq_en && a.vec == 0 && a.fetch == 0 && a.tail == 0 &&
				a.buf == (kRx ? 0x800u : 0u),
			"q %u after the reset walk: %s", r, a.str().c_str());
	}
	for (unsigned r : some_rings()) {
		t.check(t.rd(r, kOffBaseLo) == 0, "q %u BASE_LO 0x%x", r, t.ack_rdata);
		t.check(t.rd(r, kOffBaseHi) == 0, "q %u BASE_HI 0x%x", r, t.ack_rdata);
		t.check(t.rd(r, kOffSize) == 3, "q %u SIZE 0x%x", r, t.ack_rdata);
		t.check(t.rd(r, kOffCtrl) == 0, "q %u CTRL 0x%x", r, t.ack_rdata);
		t.check(t.rd(r, kOffHead) == 0, "q %u HEAD 0x%x", r, t.ack_rdata);
		t.check(t.rd(r, kOffTail) == 0, "q %u TAIL 0x%x", r, t.ack_rdata);
		t.check(t.rd(r, kOffStatus) == 0, "q %u STATUS 0x%x", r, t.ack_rdata);
		if (kRx)
			t.check(t.rd(r, kOffBuf) == 0x800, "q %u BUF_SIZE 0x%x", r, t.ack_rdata);
	}
	t.check(get_bits(t.top->en_o, 0, 1) == 0, "en_o after reset");
	t.expect_no_work("after reset");
	// rst_ni while rings are queued (one in the FIFO, one popped): the walk clears QUEUED
	// and the FIFO
	std::vector<unsigned> rs = some_rings();
	for (unsigned r : rs) {
		t.enable(r, 4);
		t.wr(r, kOffTail, 3);
	}
	t.check(t.pop() == (int)rs[0], "first doorbell not first in the work FIFO");
	t.reset();
	t.expect_no_work("rst_ni with rings queued");
	t.enable(rs[0], 4);
	t.wr(rs[0], kOffTail, 2);
	t.check(t.pop() == (int)rs[0], "doorbell after rst_ni: ring not pushed (QUEUED kept?)");
	t.take(rs[0], 8);
	if (rs.size() > 1) {
		t.enable(rs[1], 4);
		t.wr(rs[1], kOffTail, 2);
		t.check(t.pop() == (int)rs[1], "doorbell after rst_ni: ring %u not pushed", rs[1]);
		t.take(rs[1], 8);
	}
	t.expect_no_work("after rst_ni");
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
				t.check(t.ack_rdata == 0, "q %u hole 0x%02x reads 0x%x", q, off,
					t.ack_rdata);
		}
	}
	// writes to holes change nothing (the model checks every read afterwards)
	unsigned q = t.pick_q();
	for (unsigned off = 0x1c; off < 0x40; off += 4)
		if (!(kRx && off == 0x1c))
			t.wr(q, off, 0xffffffff);
	for (unsigned off = 0; off < 0x20; off += 4)
		t.rd(q, off);
	t.check(t.rd(q, kOffSize) == 3 && t.rd(q, kOffCtrl) == 0, "hole writes changed q %u", q);
	// reg_req_i low writes nothing
	t.reg.we = true;
	t.reg.q = q;
	t.reg.off = kOffSize;
	t.reg.wdata = 7;
	t.idle(3);
	t.check(t.rd(q, kOffSize) == 3, "SIZE written without reg_req_i");
}

void t_config_rw(Tb &t)
{
	for (unsigned q : some_rings()) {
		uint32_t lo = (uint32_t)t.rng(), hi = (uint32_t)t.rng();
		t.wr(q, kOffBaseLo, lo);
		t.wr(q, kOffBaseHi, hi);
		t.check(t.rd(q, kOffBaseLo) == (lo & ~0xfu), "q %u BASE_LO 0x%x, wrote 0x%x", q,
			t.ack_rdata, lo);
		t.check(t.rd(q, kOffBaseHi) == hi, "q %u BASE_HI 0x%x, wrote 0x%x", q, t.ack_rdata,
			hi);
		t.wr(q, kOffSize, 0xfffffff9);
		t.check(t.rd(q, kOffSize) == 9, "q %u SIZE 0x%x, wrote 0xfffffff9", q, t.ack_rdata);
		t.wr(q, kOffCtrl, 0xfffffffe);  // all but EN
		t.check(t.rd(q, kOffCtrl) == (kIrqEnMask | kVecMask), "q %u CTRL 0x%x", q,
			t.ack_rdata);
		t.wr(q, kOffCtrl, (0x5a5u << kVecShift));
		t.check(t.rd(q, kOffCtrl) == (0x5a5u << kVecShift), "q %u CTRL 0x%x", q,
			t.ack_rdata);
		if (kRx) {
			t.wr(q, kOffBuf, 0xffff1234);
			t.check(t.rd(q, kOffBuf) == (0x1234 & kBufMask), "q %u BUF_SIZE 0x%x", q,
				t.ack_rdata);
		}
		Ans a = t.read(q);
		t.check(a.base == (((uint64_t)hi << 32) | (lo & ~0xfu)) && a.log2 == 9 &&
				a.vec == 0x5a5 && !a.irq_en && !a.ok &&
				a.buf == (kRx ? (0x1234u & kBufMask) : 0u),
			"q %u READ: %s", q, a.str().c_str());
		// read-only registers ignore writes
		t.wr(q, kOffHead, 0xffffffff);
		t.wr(q, kOffStatus, 0xffffffff);
		t.check(t.rd(q, kOffHead) == 0 && t.rd(q, kOffStatus) == 0,
			"q %u HEAD/STATUS written", q);
		// TAIL of a disabled ring ignores writes (and rings no doorbell)
		t.wr(q, kOffTail, 1);
		t.check(t.rd(q, kOffTail) == 0 && t.status_err(q) == 0,
			"q %u TAIL written while disabled", q);
		t.expect_no_work("TAIL write to a disabled ring");
	}
}

void t_byte_enables(Tb &t)
{
	unsigned q = t.pick_q();
	t.wr(q, kOffBaseLo, 0x12345678);
	t.wr(q, kOffBaseLo, 0xaabbccdd, 0x2);
	t.check(t.rd(q, kOffBaseLo) == 0x1234cc70, "BASE_LO be 0010: 0x%x", t.ack_rdata);
	t.wr(q, kOffBaseLo, 0xaabbccdd, 0x9);
	t.check(t.rd(q, kOffBaseLo) == 0xaa34ccd0, "BASE_LO be 1001: 0x%x", t.ack_rdata);
	t.wr(q, kOffBaseLo, 0, 0x0);
	t.check(t.rd(q, kOffBaseLo) == 0xaa34ccd0, "BASE_LO be 0000: 0x%x", t.ack_rdata);
	t.wr(q, kOffBaseHi, 0x01020304);
	t.wr(q, kOffBaseHi, 0xffffffff, 0x4);
	t.check(t.rd(q, kOffBaseHi) == 0x01ff0304, "BASE_HI be 0100: 0x%x", t.ack_rdata);
	t.wr(q, kOffSize, 0x5, 0x2);  // LOG2 is in byte 0
	t.check(t.rd(q, kOffSize) == 3, "SIZE be 0010 changed LOG2: 0x%x", t.ack_rdata);
	// CTRL: VECTOR spans bytes 0 and 1; EN in byte 0 is untouched by a byte-1 write
	t.wr(q, kOffCtrl, 0x0000abc2);
	t.wr(q, kOffCtrl, 0x00001201, 0x2);
	t.check(t.rd(q, kOffCtrl) == 0x000012c2, "CTRL be 0010: 0x%x", t.ack_rdata);
	t.check(!t.m.r[q].en && !t.status_en(q), "CTRL byte-1 write enabled the ring");
	if (kRx) {
		t.wr(q, kOffBuf, 0x0840);
		t.wr(q, kOffBuf, 0x0000ff00, 0x2);
		t.check(t.rd(q, kOffBuf) == 0x3f40, "BUF_SIZE be 0010: 0x%x", t.ack_rdata);
	}
	// TAIL: the merged value is what is checked against the size
	t.enable(q, 8);  // 256 descriptors
	t.wr(q, kOffTail, 0xffffff10, 0x1);
	t.check(t.rd(q, kOffTail) == 0x10, "TAIL be 0001: 0x%x", t.ack_rdata);
	t.wr(q, kOffTail, 0x00000000, 0x2);
	t.check(t.rd(q, kOffTail) == 0x10 && t.status_en(q), "TAIL be 0010 with 0: 0x%x",
		t.ack_rdata);
	t.wr(q, kOffTail, 0x00000100, 0x2);  // 0x110 >= 256
	t.check(t.bad_tail_seen && t.bad_tail_seen_q == q, "TAIL be 0010 0x110: no bad_tail_o");
	t.check(t.rd(q, kOffTail) == 0x10 && !t.status_en(q) &&
			t.status_err(q) == VFNIC_QERR_BAD_TAIL,
		"TAIL be 0010 making 0x110 on a 256 ring: TAIL 0x%x", t.m.r[q].tail);
	// EN via byte 0 only
	t.wr(q, kOffCtrl, 0xffffff11, 0x1);
	t.check(t.status_en(q) && t.rd(q, kOffCtrl) == 0x00000011,
		"CTRL be 0001 EN=1: CTRL 0x%x", t.ack_rdata);
	// EN is only written through byte 0: writes of other bytes, or none, keep the ring enabled
	t.wr(q, kOffCtrl, 0x00003400, 0x2);
	t.check(t.status_en(q) && t.rd(q, kOffCtrl) == 0x00003411,
		"CTRL be 0010 on an enabled ring: CTRL 0x%x", t.ack_rdata);
	t.wr(q, kOffCtrl, 0, 0x0);
	t.check(t.status_en(q) && t.rd(q, kOffCtrl) == 0x00003411,
		"CTRL be 0000 on an enabled ring: CTRL 0x%x", t.ack_rdata);
	drain_work(t);
}

void t_enable_disable(Tb &t)
{
	for (unsigned q : some_rings()) {
		t.wr(q, kOffBaseLo, 0x1000);
		t.wr(q, kOffSize, 5);
		if (kRx)
			t.wr(q, kOffBuf, 1024);
		unsigned g = t.read(q).gen;
		t.wr(q, kOffCtrl, kEnMask | kIrqEnMask | (7u << kVecShift));
		Ans a = t.read(q);
		unsigned g1 = (g + 1) & 15;
		t.check(a.ok && a.gen == g1 && a.idx == 0 && a.fetch == 0 && a.tail == 0 &&
				a.irq_en && a.vec == 7 && a.base == 0x1000 && a.log2 == 5,
			"q %u after enable: %s (gen before %u)", q, a.str().c_str(), g);
		t.check(t.rd(q, kOffStatus) == kStEnMask, "q %u STATUS 0x%x", q, t.ack_rdata);
		t.check(t.rd(q, kOffCtrl) == (kEnMask | kIrqEnMask | (7u << kVecShift)),
			"q %u CTRL 0x%x", q, t.ack_rdata);
		t.check(get_bit(t.top->en_o, q), "en_o[%u] after enable", q);
		// move the pointers: TAIL 20, TAKE 12, HEAD + 5; the ring stays popped
		t.wr(q, kOffTail, 20);
		t.check(t.pop() == (int)q, "q %u: doorbell did not queue the ring", q);
		a = t.take(q, 12);
		t.check(a.ok && a.n == 12 && a.idx == 0 && a.fetch == 12 && a.tail == 20 &&
				a.gen == g1,
			"q %u TAKE 12: %s", q, a.str().c_str());
		t.check(t.pop() == (int)q, "q %u: not requeued with work left", q);
		t.hadv(q, 5, g1);
		a = t.read(q);
		t.check(a.idx == 5 && a.fetch == 12 && a.tail == 20, "q %u pointers %s", q,
			a.str().c_str());
		// writing EN = 1 again is not an enable: nothing changes but IRQ_EN/VECTOR
		t.wr(q, kOffCtrl, kEnMask | (9u << kVecShift));
		a = t.read(q);
		t.check(a.ok && a.gen == g1 && a.tail == 20 && a.fetch == 12 && a.idx == 5 &&
				!a.irq_en && a.vec == 9,
			"q %u CTRL write without an EN flip: %s", q, a.str().c_str());
		// EN 1 -> 0: disabled, gen and pointers kept
		t.wr(q, kOffCtrl, 0);
		a = t.read(q);
		t.check(!a.ok && a.gen == g1 && a.tail == 20 && a.fetch == 12 && a.idx == 5,
			"q %u after EN 1->0: %s", q, a.str().c_str());
		t.check(!get_bit(t.top->en_o, q), "q %u en_o after disable", q);
		t.check(t.status_err(q) == 0, "q %u ERROR after a disable", q);
		// TAKE refuses the disabled ring and does not requeue it
		a = t.take(q, 4);
		t.check(!a.ok && a.n == 0 && a.fetch == 12, "q %u TAKE on a disabled ring: %s", q,
			a.str().c_str());
		t.expect_no_work("TAKE on a disabled ring");
		// work in flight still completes (LIVE): HADV of the current gen
		t.hadv(q, 7, g1);
		t.check(t.read(q).idx == 12, "q %u HADV after EN 1->0: HEAD %u", q, t.m.r[q].head);
		// TAIL ignored while disabled
		t.wr(q, kOffTail, 3);
		t.check(t.rd(q, kOffTail) == 20, "q %u TAIL written while disabled", q);
		t.expect_no_work("TAIL write while disabled");
		// re-enable: pointers back to 0, gen + 1; the old gen's HADV is ignored
		t.wr(q, kOffCtrl, kEnMask);
		a = t.read(q);
		t.check(a.ok && a.gen == ((g1 + 1) & 15) && a.idx == 0 && a.fetch == 0 &&
				a.tail == 0,
			"q %u re-enable: %s", q, a.str().c_str());
		t.hadv(q, 1, g1);
		t.check(t.read(q).idx == 0, "q %u: HADV of the old gen after re-enable", q);
		t.wr(q, kOffCtrl, 0);
	}
	// en_o of several rings at once
	std::vector<unsigned> rs = some_rings();
	for (unsigned q : rs)
		t.enable(q, 4);
	for (unsigned q : rs)
		t.check(get_bit(t.top->en_o, q), "en_o[%u]", q);
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
		bool good = log2 >= kLog2Min && log2 <= kLog2Max;
		unsigned st = t.rd(q, kOffStatus);
		Ans a = t.read(q);
		if (good)
			t.check(st == kStEnMask && a.gen == ((g + 1) & 15) && a.ok,
				"LOG2 %u: STATUS 0x%x gen %u (was %u)", log2, st, a.gen, g);
		else
			t.check(st == (VFNIC_QERR_BAD_CONFIG << kStErrShift) && a.gen == g &&
					!a.ok && !get_bit(t.top->en_o, q),
				"LOG2 %u: STATUS 0x%x gen %u (was %u), want BAD_CONFIG", log2, st,
				a.gen, g);
		// HADV of the gen after a failed enable: the model knows whether it is LIVE
		if (!good) {
			t.hadv(q, 1, g);
			t.rd(q, kOffHead);
		}
		t.wr(q, kOffCtrl, 0);
	}
	// a good enable clears BAD_CONFIG
	t.wr(q, kOffSize, 15);
	t.wr(q, kOffCtrl, kEnMask);
	t.check(t.status_err(q) == VFNIC_QERR_BAD_CONFIG, "LOG2 15 did not fail");
	t.wr(q, kOffSize, 12);
	t.wr(q, kOffCtrl, kEnMask);
	t.check(t.rd(q, kOffStatus) == kStEnMask, "enable after BAD_CONFIG: STATUS 0x%x",
		t.ack_rdata);
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
		Ans a = t.read(q);
		t.check(a.base == 0x2222222211110000ull && a.log2 == 7 && (!kRx || a.buf == 2048),
			"q %u config writes while enabled took effect: %s", q, a.str().c_str());
		t.check(t.rd(q, kOffBaseLo) == 0x11110000 && t.rd(q, kOffBaseHi) == 0x22222222 &&
				t.rd(q, kOffSize) == 7,
			"q %u register reads after writes while enabled", q);
		t.wr(q, kOffCtrl, 0);
		t.wr(q, kOffBaseLo, 0x33330000);
		t.wr(q, kOffSize, 4);
		a = t.read(q);
		t.check(a.base == 0x2222222233330000ull && a.log2 == 4,
			"q %u config writes after disable: %s", q, a.str().c_str());
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
		t.check(!t.bad_tail_seen, "bad_tail_o for a good TAIL");
		t.check(t.rd(q, kOffTail) == size - 1 && t.status_en(q),
			"size %u: TAIL %u not taken", size, size - 1);
		drain_work(t);
		t.check(t.read(q).fetch == size - 1, "size %u: FETCH after draining %u", size,
			t.m.r[q].fetch);
		uint32_t bad = (t.rnd(2) ? size : size + (uint32_t)t.rnd(0x100000000ull - size));
		t.wr(q, kOffTail, bad);
		t.check(t.bad_tail_seen && t.bad_tail_seen_q == q,
			"size %u TAIL 0x%x: bad_tail_o %d q %u with the ack", size, bad,
			t.bad_tail_seen, t.bad_tail_seen_q);
		t.cycle();
		t.check(!t.bad_tail_seen, "bad_tail_o longer than one cycle");
		Ans a = t.read(q);
		t.check(!a.ok && a.gen == ((g + 1) & 15) && a.tail == size - 1,
			"size %u TAIL 0x%x: %s", size, bad, a.str().c_str());
		t.check(t.status_err(q) == VFNIC_QERR_BAD_TAIL && !t.status_en(q),
			"size %u: STATUS after a bad TAIL", size);
		t.check(!get_bit(t.top->en_o, q), "en_o[%u] after a bad TAIL", q);
		// not LIVE any more: HADV and ERR of the old and the new gen do nothing
		t.hadv(q, 1, g);
		t.hadv(q, 1, (g + 1) & 15);
		t.err(q, VFNIC_QERR_DMA, (g + 1) & 15);
		t.check(t.read(q).idx == 0 && t.status_err(q) == VFNIC_QERR_BAD_TAIL,
			"events after a bad TAIL: head %u err %u", t.m.r[q].head, t.m.r[q].err);
		// a bad TAIL while disabled is ignored (no error change, no pulse)
		t.wr(q, kOffCtrl, 0);
		t.wr(q, kOffTail, size);
		t.check(!t.bad_tail_seen, "bad_tail_o for a TAIL write while disabled");
		t.cycle();
		// enabling clears the error
		t.wr(q, kOffCtrl, kEnMask);
		t.check(t.rd(q, kOffStatus) == kStEnMask, "STATUS 0x%x after re-enable", t.ack_rdata);
		t.wr(q, kOffCtrl, 0);
	}
}

void t_doorbell_fifo(Tb &t)
{
	// up to 8 distinct rings in a random order
	std::vector<unsigned> rs;
	for (unsigned q = 0; q < kQp; q++)
		rs.push_back(q);
	std::shuffle(rs.begin(), rs.end(), t.rng);
	rs.resize(std::min<size_t>(rs.size(), 8));
	for (unsigned q : rs)
		t.enable(q, 6);
	for (unsigned i = 0; i < rs.size(); i++)
		t.wr(rs[i], kOffTail, 5 + i);
	// more doorbells on queued rings do not queue them twice
	t.wr(rs[0], kOffTail, 20);
	if (rs.size() > 1)
		t.wr(rs[1], kOffTail, 21);
	// a doorbell to a disabled ring is ignored
	unsigned off_ring = rs.back();
	t.wr(off_ring, kOffCtrl, 0);
	for (unsigned i = 0; i < rs.size(); i++) {
		int q = t.pop();
		t.check(q == (int)rs[i], "pop %u: ring %d, want %u (doorbell order)", i, q, rs[i]);
		if (q < 0)
			break;
		Ans a = t.take((unsigned)q, 31);
		unsigned want = q == (int)off_ring ? 0 : i == 0 ? 20 : i == 1 ? 21 : 5 + i;
		t.check(a.n == want && a.ok == (want > 0), "ring %d TAKE 31: %s, want n %u", q,
			a.str().c_str(), want);
	}
	t.expect_no_work("every ring taken");
	// TAIL == FETCH rings no doorbell; TAIL back and forth does
	unsigned q = rs[0];
	t.wr(q, kOffTail, 20);
	t.expect_no_work("TAIL == FETCH");
	t.wr(q, kOffTail, 19);  // 63 posted
	t.check(t.pop() == (int)q, "TAIL moved back by one: not queued");
	Ans a = t.take(q, 31);
	t.check(a.ok && a.n == 31 && a.idx == 20 && a.fetch == 51, "TAKE 31 of 63: %s",
		a.str().c_str());
	t.check(t.pop() == (int)q, "not requeued");
	a = t.take(q, 31);
	t.check(a.n == 13 && a.fetch == 0, "TAKE to the ring end: %s", a.str().c_str());
	t.check(t.pop() == (int)q, "not requeued at the ring end");
	a = t.take(q, 31);
	t.check(a.n == 19 && a.fetch == 19, "TAKE after the wrap: %s", a.str().c_str());
	t.expect_no_work("ring drained");
}

void t_take(Tb &t)
{
	unsigned q = t.pick_q();
	t.wr(q, kOffBaseLo, 0xdead0000);
	t.wr(q, kOffBaseHi, 0x12);
	t.enable(q, 4);  // 16 descriptors
	unsigned g = t.gen(q);
	t.wr(q, kOffCtrl, kEnMask | kIrqEnMask | (0x21u << kVecShift));
	t.wr(q, kOffTail, 10);
	t.check(t.pop() == (int)q, "doorbell");
	// limited by n
	Ans a = t.take(q, 4);
	t.check(a.ok && a.n == 4 && a.idx == 0 && a.fetch == 4 && a.tail == 10 && a.gen == g &&
			a.base == 0x12dead0000ull && a.log2 == 4 && a.irq_en && a.vec == 0x21 &&
			a.buf == (kRx ? 2048u : 0u),
		"TAKE 4 of 10: %s", a.str().c_str());
	t.check(t.pop() == (int)q, "requeued");
	// limited by the descriptors posted
	a = t.take(q, 31);
	t.check(a.ok && a.n == 6 && a.idx == 4 && a.fetch == 10, "TAKE 31 of 6: %s",
		a.str().c_str());
	t.expect_no_work("all taken");
	// limited by the ring end
	t.wr(q, kOffTail, 3);  // 9 posted, 6 to the end
	t.check(t.pop() == (int)q, "doorbell 2");
	a = t.take(q, 31);
	t.check(a.ok && a.n == 6 && a.idx == 10 && a.fetch == 0 && a.tail == 3,
		"TAKE to the ring end: %s", a.str().c_str());
	t.check(t.pop() == (int)q, "requeued at the ring end");
	a = t.take(q, 31);
	t.check(a.ok && a.n == 3 && a.idx == 0 && a.fetch == 3, "TAKE after the wrap: %s",
		a.str().c_str());
	t.expect_no_work("all taken 2");
	// n = 0: only requeue
	t.wr(q, kOffTail, 8);
	t.check(t.pop() == (int)q, "doorbell 3");
	a = t.take(q, 0);
	t.check(!a.ok && a.n == 0 && a.idx == 3 && a.fetch == 3, "TAKE 0: %s", a.str().c_str());
	t.check(t.pop() == (int)q, "TAKE 0 did not requeue");
	a = t.take(q, 1);
	t.check(a.ok && a.n == 1 && a.idx == 3 && a.fetch == 4, "TAKE 1: %s", a.str().c_str());
	t.check(t.pop() == (int)q, "requeued after TAKE 1");
	// n above 16 counts as given
	t.wr(q, kOffTail, 15);
	a = t.take(q, 17);
	t.check(a.ok && a.n == 11 && a.fetch == 15, "TAKE 17 of 11: %s", a.str().c_str());
	t.expect_no_work("all taken 3");
	// a requeued ring goes behind the others
	if (kQp > 1) {
		unsigned b = (q + 1) % kQp;
		t.enable(b, 4);
		t.wr(q, kOffTail, 4);
		t.wr(b, kOffTail, 4);
		t.check(t.pop() == (int)q, "order: first");
		t.take(q, 1);
		t.check(t.pop() == (int)b, "order: requeued ring went ahead of ring %u", b);
		t.take(b, 16);
		t.check(t.pop() == (int)q, "order: requeued ring lost");
		t.take(q, 16);
		t.expect_no_work("order");
	}
}

void t_take_disabled(Tb &t)
{
	unsigned q = t.pick_q();
	t.enable(q, 5);
	// popped, then disabled by EN 1 -> 0: TAKE not ok, QUEUED cleared, not requeued
	t.wr(q, kOffTail, 5);
	t.check(t.pop() == (int)q, "doorbell");
	t.wr(q, kOffCtrl, 0);
	Ans a = t.take(q, 4);
	t.check(!a.ok && a.n == 0 && a.fetch == 0 && a.tail == 5, "TAKE disabled: %s",
		a.str().c_str());
	t.expect_no_work("TAKE on a disabled ring");
	// QUEUED was cleared: the next doorbell queues the ring again
	t.wr(q, kOffCtrl, kEnMask);
	t.wr(q, kOffTail, 2);
	t.check(t.pop() == (int)q, "doorbell after a refused TAKE: not queued");
	// popped, then stopped by ERR
	t.wr(q, kOffTail, 6);
	t.err(q, VFNIC_QERR_DMA, t.gen(q));
	a = t.take(q, 4);
	t.check(!a.ok && a.n == 0, "TAKE after ERR: %s", a.str().c_str());
	t.expect_no_work("TAKE after ERR");
	// disabled while waiting in the FIFO: stays there, its TAKE lets it go
	t.enable(q, 5);
	t.wr(q, kOffTail, 4);
	t.wr(q, kOffCtrl, 0);
	t.check(t.pop() == (int)q, "a disabled ring left the FIFO without its TAKE");
	a = t.take(q, 4);
	t.check(!a.ok && a.n == 0, "TAKE of a ring disabled while queued: %s", a.str().c_str());
	t.expect_no_work("disabled while queued");
	// re-enabled while popped: pointers 0, TAKE finds nothing, QUEUED cleared
	t.wr(q, kOffCtrl, kEnMask);
	t.wr(q, kOffTail, 4);
	t.check(t.pop() == (int)q, "doorbell 4");
	t.wr(q, kOffCtrl, 0);
	t.wr(q, kOffCtrl, kEnMask);
	a = t.take(q, 4);
	t.check(!a.ok && a.n == 0 && a.fetch == 0 && a.tail == 0, "TAKE after re-enable: %s",
		a.str().c_str());
	t.expect_no_work("re-enabled while popped");
	t.wr(q, kOffTail, 1);
	t.check(t.pop() == (int)q, "doorbell after re-enable");
	t.take(q, 4);
}

void t_take_direct(Tb &t)
{
	unsigned q = t.pick_q();
	unsigned p1 = kPorts > 1 ? 1 : 0;
	t.enable(q, 4);
	// on a ring waiting in the FIFO: takes; the ring stays queued, once
	t.wr(q, kOffTail, 10);
	Ans a = t.op(kTakeDr, q, 4);
	t.check(a.ok && a.n == 4 && a.idx == 0 && a.fetch == 4 && a.tail == 10,
		"TAKE_DIRECT 4 of 10: %s", a.str().c_str());
	a = t.op(kTakeDr, q, 31, 0, 0, p1);
	t.check(a.ok && a.n == 6 && a.idx == 4 && a.fetch == 10, "TAKE_DIRECT 31 of 6: %s",
		a.str().c_str());
	t.check(t.pop() == (int)q, "ring left the FIFO after TAKE_DIRECT");
	a = t.take(q, 4);
	t.check(!a.ok && a.n == 0, "TAKE after TAKE_DIRECT took everything: %s", a.str().c_str());
	t.expect_no_work("TAKE_DIRECT");
	// nothing posted: not ok, nothing queued
	a = t.op(kTakeDr, q, 4);
	t.check(!a.ok && a.n == 0 && a.idx == 10, "TAKE_DIRECT with nothing posted: %s",
		a.str().c_str());
	t.expect_no_work("TAKE_DIRECT with nothing posted");
	// on a popped ring: QUEUED unchanged (no push); the popped ring's TAKE resolves it
	t.wr(q, kOffTail, 12);
	t.check(t.pop() == (int)q, "doorbell");
	a = t.op(kTakeDr, q, 1);
	t.check(a.ok && a.n == 1 && a.fetch == 11, "TAKE_DIRECT on a popped ring: %s",
		a.str().c_str());
	t.expect_no_work("TAKE_DIRECT on a popped ring pushed it");
	a = t.take(q, 31);
	t.check(a.ok && a.n == 1 && a.fetch == 12, "TAKE after TAKE_DIRECT: %s", a.str().c_str());
	t.expect_no_work("popped ring drained");
	// limited by the ring end
	t.wr(q, kOffTail, 3);
	a = t.op(kTakeDr, q, 31);
	t.check(a.ok && a.n == 4 && a.fetch == 0, "TAKE_DIRECT to the ring end: %s",
		a.str().c_str());
	a = t.op(kTakeDr, q, 31);
	t.check(a.ok && a.n == 3 && a.fetch == 3, "TAKE_DIRECT after the wrap: %s",
		a.str().c_str());
	t.check(t.pop() == (int)q, "queued ring lost by TAKE_DIRECT");
	t.check(!t.take(q, 4).ok, "TAKE of a drained ring ok");
	// a disabled ring: not ok, the queue as it was
	t.wr(q, kOffTail, 5);
	t.wr(q, kOffCtrl, 0);
	a = t.op(kTakeDr, q, 4);
	t.check(!a.ok && a.n == 0 && a.fetch == 3, "TAKE_DIRECT on a disabled ring: %s",
		a.str().c_str());
	t.check(t.pop() == (int)q, "disabled queued ring left the FIFO on TAKE_DIRECT");
	t.take(q, 4);
	t.expect_no_work("TAKE_DIRECT on a disabled ring");
	// right after a TAIL write (forwarding)
	t.wr(q, kOffCtrl, kEnMask);
	t.start_reg(true, q, kOffTail, 7);
	t.cycle();
	t.issue(0, kTakeDr, q, 31);
	t.settle();
	t.check(t.last_op_key == t.last_reg_key + 1, "setup: TAIL write and TAKE_DIRECT not back "
						      "to back");
	t.check(t.got.back().n == 7, "TAKE_DIRECT right after a TAIL write: %s",
		t.got.back().str().c_str());
	t.check(t.pop() == (int)q, "doorbell + TAKE_DIRECT: ring not queued");
	t.check(!t.take(q, 4).ok, "TAKE after TAKE_DIRECT took everything");
	t.expect_no_work("TAKE_DIRECT after doorbell");
}

void t_hadv_err(Tb &t)
{
	for (unsigned q : some_rings()) {
		// never enabled: not LIVE, HADV/ERR with gen 0 do nothing
		t.hadv(q, 1, 0);
		t.err(q, VFNIC_QERR_DMA, 0);
		Ans a = t.read(q);
		t.check(a.idx == 0 && a.gen == 0 && t.status_err(q) == 0,
			"q %u: events before the first enable: %s", q, a.str().c_str());
		t.enable(q, 5);
		unsigned g = t.gen(q);
		for (unsigned s = 1; s < 16; s++) {
			t.hadv(q, 1, (g + s) & 15);
			t.err(q, VFNIC_QERR_DMA, (g + s) & 15);
		}
		a = t.read(q);
		t.check(a.ok && a.idx == 0 && a.gen == g, "q %u stale HADV/ERR took effect: %s", q,
			a.str().c_str());
		// HEAD wraps modulo the ring size; n up to 31
		t.hadv(q, 7, g);
		t.hadv(q, 30, g);
		t.check(t.read(q).idx == 5, "q %u HEAD after 7 + 30 on a 32 ring: %u", q,
			t.m.r[q].head);
		t.check(t.rd(q, kOffHead) == 5, "q %u HEAD register 0x%x", q, t.ack_rdata);
		// ERR of the current gen: disabled, not LIVE, ERROR = code, gen + 1
		unsigned code = 4 + (unsigned)t.rnd(12);
		t.err(q, code, g);
		a = t.read(q);
		t.check(!a.ok && a.gen == ((g + 1) & 15) && a.idx == 5, "q %u after ERR: %s", q,
			a.str().c_str());
		t.check(t.rd(q, kOffStatus) == (code << kStErrShift), "q %u STATUS after ERR 0x%x", q,
			t.ack_rdata);
		t.check(!get_bit(t.top->en_o, q), "en_o[%u] after ERR", q);
		// neither gen moves the stopped ring; a second ERR is ignored
		t.hadv(q, 1, g);
		t.hadv(q, 1, (g + 1) & 15);
		t.err(q, 7, (g + 1) & 15);
		a = t.read(q);
		t.check(a.idx == 5 && a.gen == ((g + 1) & 15) && t.status_err(q) == code,
			"q %u events after ERR: %s err %u", q, a.str().c_str(), t.m.r[q].err);
		// ERR on a ring disabled by EN 1 -> 0 (still LIVE) counts
		t.wr(q, kOffCtrl, kEnMask);
		g = t.gen(q);
		t.wr(q, kOffCtrl, 0);
		t.hadv(q, 3, g);
		t.err(q, 0xc, g);
		t.check(t.status_err(q) == 0xc && t.read(q).gen == ((g + 1) & 15) &&
				t.m.r[q].head == 3,
			"q %u ERR after EN 1->0: err %u gen %u", q, t.m.r[q].err, t.m.r[q].gen);
		// a failed enable (BAD_CONFIG) keeps the ring not LIVE
		t.wr(q, kOffSize, 13);
		t.wr(q, kOffCtrl, kEnMask);
		t.err(q, VFNIC_QERR_DMA, t.gen(q));
		t.check(t.status_err(q) == VFNIC_QERR_BAD_CONFIG, "ERR after BAD_CONFIG counted");
		t.wr(q, kOffSize, 5);
	}
}

void t_function_reset(Tb &t)
{
	// random owners, including values >= NumFuncs (never reset)
	for (unsigned q = 0; q < kQp; q++)
		t.owner[q] = t.rnd(8) == 0 ? (unsigned)(kFuncs + t.rnd(128 - kFuncs))
					   : (unsigned)t.rnd(kFuncs);
	const unsigned f = kFuncs - 1;
	t.owner[0] = 0;
	t.owner[kQp - 1] = f;
	for (unsigned q = kQp / 2; q < kQp / 2 + 5 && q < kQp - 1; q++)
		t.owner[q] = f;  // one ring of each kind below
	// every ring in one of five states: 0 enabled and queued, 1 disabled by EN 1->0 (LIVE),
	// 2 stopped by ERR (not LIVE), 3 never enabled, 4 enabled and popped
	auto kind = [](unsigned q) { return q % 5; };
	unsigned nqueued = 0;
	for (unsigned q = 0; q < kQp; q++) {
		t.wr(q, kOffBaseLo, 0xabc00000 + q * 16);
		t.wr(q, kOffBaseHi, q);
		if (kind(q) == 3) {
			t.wr(q, kOffSize, 7);
			continue;
		}
		t.enable(q, 5);
		t.wr(q, kOffCtrl, kEnMask | kIrqEnMask | (3u << kVecShift));
		if (kind(q) == 2) {
			t.err(q, VFNIC_QERR_DMA, t.gen(q));
			continue;
		}
		t.wr(q, kOffTail, kind(q) == 4 ? 5 : 9);
		nqueued++;
		if (kind(q) == 1)
			t.wr(q, kOffCtrl, 0);
	}
	std::vector<unsigned> popped;
	for (unsigned i = 0; i < nqueued; i++) {
		int q = t.pop();
		if (q < 0) {
			t.fail("setup: ring %u of %u queued rings missing", i, nqueued);
			break;
		}
		if (kind((unsigned)q) == 4)
			popped.push_back((unsigned)q);
		else
			t.take((unsigned)q, 0);  // kind 0 requeued, kind 1 (disabled) dropped
	}
	std::vector<Ans> before(kQp);
	for (unsigned q = 0; q < kQp; q++)
		before[q] = t.read(q);

	// a pulse; right after it a register read of one of f's rings waits for the walk and
	// reads reset values; operations on f's rings are refused meanwhile
	unsigned fq = kQp - 1;
	t.freset[f] = true;
	t.cycle();
	t.start_reg(false, fq, kOffStatus);
	t.issue(0, kRead, fq);
	t.issue(kPorts > 1 ? 1 : 0, kHadv, fq, 1, before[fq].gen);
	unsigned waited = t.wait_reg();
	t.check(t.ack_rdata == 0, "STATUS of ring %u read during its reset: 0x%x (after %u cycles)",
		fq, t.ack_rdata, waited);
	t.settle();
	t.idle(kWalkBound);
	for (unsigned q = 0; q < kQp; q++) {
		Ans a = t.read(q);
		const Ans &b = before[q];
		if (t.owner[q] == f) {
			bool bump = kind(q) == 0 || kind(q) == 1 || kind(q) == 4;
			unsigned g = bump ? (b.gen + 1) & 15 : b.gen;
			t.check(!a.ok && a.base == 0 && a.log2 == 3 && a.idx == 0 && a.fetch == 0 &&
					a.tail == 0 && !a.irq_en && a.vec == 0 &&
					a.buf == (kRx ? 0x800u : 0u) && a.gen == g,
				"q %u (owner %u, kind %u) after the reset of %u: %s (gen before %u)",
				q, t.owner[q], kind(q), f, a.str().c_str(), b.gen);
			t.check(t.rd(q, kOffStatus) == 0 && t.rd(q, kOffCtrl) == 0 &&
					t.rd(q, kOffBaseLo) == 0 && t.rd(q, kOffBaseHi) == 0 &&
					t.rd(q, kOffSize) == 3 && t.rd(q, kOffTail) == 0,
				"q %u registers after the function reset", q);
		} else {
			t.check(a.ok == b.ok && a.base == b.base && a.log2 == b.log2 &&
					a.idx == b.idx && a.gen == b.gen && a.fetch == b.fetch &&
					a.tail == b.tail && a.vec == b.vec && a.irq_en == b.irq_en,
				"q %u (owner %u) changed by the reset of %u: %s, before %s", q,
				t.owner[q], f, a.str().c_str(), b.str().c_str());
		}
	}
	// QUEUED kept: f's queued rings are still in the FIFO (in order); their TAKE answers not
	// ok and lets them go; the popped ones likewise. One of them is re-enabled and rung
	// before its TAKE: still QUEUED, so it is not pushed a second time.
	unsigned again = kQp;
	for (unsigned q = 0; q < kQp && again == kQp; q++)
		if (t.owner[q] == f && kind(q) == 0)
			again = q;
	if (again < kQp) {
		t.enable(again, 4);
		t.wr(again, kOffTail, 2);
	}
	for (unsigned q : popped) {
		Ans a = t.take(q, 4);
		if (t.owner[q] == f)
			t.check(!a.ok && a.n == 0, "TAKE of popped ring %u after its reset: %s", q,
				a.str().c_str());
	}
	unsigned seen_f = 0;
	for (unsigned i = 0; i < 4 * kQp; i++) {
		int q = t.pop();
		if (q < 0)
			break;
		Ans a = t.take((unsigned)q, 31);
		if (t.owner[q] == f) {
			seen_f++;
			if ((unsigned)q == again)
				t.check(a.ok && a.n == 2, "TAKE of ring %d re-enabled while queued: %s",
					q, a.str().c_str());
			else
				t.check(!a.ok && a.n == 0, "TAKE of queued ring %d after its reset: %s",
					q, a.str().c_str());
		}
	}
	unsigned want_f = 0;
	for (unsigned q = 0; q < kQp; q++)
		want_f += t.owner[q] == f && kind(q) == 0;
	t.check(seen_f == want_f, "%u of f's %u queued rings left the FIFO after the reset", seen_f,
		want_f);
	t.expect_no_work("after the reset");
	// f's rings work again; a second reset bumps gen only on the ring enabled since
	t.enable(fq, 4);
	t.wr(fq, kOffTail, 2);
	t.check(t.pop() == (int)fq, "ring %u after its reset: doorbell not queued", fq);
	t.take(fq, 1);  // requeued
	std::vector<bool> was_on(kQp);
	for (unsigned q = 0; q < kQp; q++) {
		before[q] = t.read(q);
		was_on[q] = t.m.r[q].en || t.m.r[q].live;
	}
	t.freset[f] = true;
	t.cycle();
	t.idle(kWalkBound);
	for (unsigned q = 0; q < kQp; q++) {
		if (t.owner[q] != f)
			continue;
		Ans a = t.read(q);
		unsigned g = was_on[q] ? (before[q].gen + 1) & 15 : before[q].gen;
		if (q == fq)
			t.check(was_on[q], "setup: ring %u not enabled before the second reset", q);
		t.check(a.gen == g && !a.ok, "second reset: q %u %s (gen before %u)", q,
			a.str().c_str(), before[q].gen);
	}
	t.check(t.pop() == (int)fq, "ring %u queued before its second reset left the FIFO", fq);
	t.check(!t.take(fq, 4).ok, "TAKE after the second reset ok");
	t.expect_no_work("second reset");
	// every function at once: rings with an owner >= NumFuncs survive
	for (unsigned q = 0; q < kQp; q++)
		before[q] = t.read(q);
	for (unsigned g = 0; g < kFuncs; g++)
		t.freset[g] = true;
	t.cycle();
	t.idle(kWalkBound);
	for (unsigned q = 0; q < kQp; q++) {
		Ans a = t.read(q);
		if (t.owner[q] >= kFuncs)
			t.check(a.ok == before[q].ok && a.gen == before[q].gen &&
					a.base == before[q].base,
				"q %u (owner %u) reset by every function: %s", q, t.owner[q],
				a.str().c_str());
		else
			t.check(!a.ok && a.base == 0, "q %u not reset by every function: %s", q,
				a.str().c_str());
	}
}

// A function held in reset (level) does not block the PF's register accesses and operations
void t_freset_level(Tb &t)
{
	const unsigned f = kFuncs - 1;
	std::vector<unsigned> fr;
	for (unsigned q = 0; q < kQp; q++)
		if (t.owner[q] == f)
			fr.push_back(q);
	unsigned pf = 0;  // owner 0
	for (unsigned q : fr)
		t.enable(q, 4);
	t.enable(pf, 6);
	std::vector<unsigned> g0;
	for (unsigned q : fr)
		g0.push_back(t.gen(q));
	const unsigned hold = 6 * kQp + 60;
	t.freset[f] = true;
	t.freset_hold[f] = hold - 1;
	t.cycle();
	uint64_t t0 = t.now;
	const unsigned n = 24;
	for (unsigned i = 0; i < n; i++) {
		if (i % 2)
			t.wr(pf, kOffCtrl, kEnMask | (i << kVecShift));
		else
			t.rd(pf, kOffCtrl);
	}
	uint64_t took_reg = t.now - t0;
	t0 = t.now;
	for (unsigned i = 0; i < n; i++)
		t.issue(i % kPorts, kRead, pf);
	t.settle();
	uint64_t took_ops = t.now - t0;
	std::printf("# held freset: %u PF register accesses in %" PRIu64 " cycles, %u READs in %" PRIu64
		    " cycles (NumQp %u)\n",
		    n, took_reg, n, took_ops, kQp);
	t.check(took_reg <= n * 8 + kWalkBound,
		"a held freset blocks the PF's register accesses: %u took %" PRIu64 " cycles", n,
		took_reg);
	t.check(took_ops <= n * 2 + kWalkBound,
		"a held freset blocks the PF's operations: %u READs took %" PRIu64 " cycles", n,
		took_ops);
	t.check(t.freset[f], "setup: the hold ended too early");
	// while it is high, f's rings' register accesses wait and operations are refused
	t.start_reg(false, fr[0], kOffStatus);
	t.issue(0, kRead, fr[0]);
	t.issue(kPorts > 1 ? 1 : 0, kHadv, fr[0], 1, (g0[0] + 1) & 15);
	for (unsigned i = 0; i < hold + 2 && t.freset[f]; i++)
		t.cycle();
	t.check(t.reg_req, "register access to a ring of a function held in reset acked");
	t.wait_reg();
	t.check(t.ack_rdata == 0, "STATUS of ring %u after a held reset: 0x%x", fr[0], t.ack_rdata);
	t.idle(kWalkBound);
	for (unsigned i = 0; i < fr.size(); i++) {
		Ans a = t.read(fr[i]);
		t.check(!a.ok && a.gen == ((g0[i] + 1) & 15) && a.log2 == 3,
			"ring %u after a held reset: %s (gen before %u: bumped once)", fr[i],
			a.str().c_str(), g0[i]);
	}
	t.check(t.status_en(pf), "PF ring disabled by another function's reset");
	// released: f's rings work again
	t.enable(fr[0], 4);
	t.wr(fr[0], kOffTail, 1);
	t.check(t.pop() == (int)fr[0], "ring %u after the release: doorbell not queued", fr[0]);
	t.take(fr[0], 1);
}

void t_forwarding(Tb &t)
{
	unsigned q = t.pick_q();
	unsigned p1 = kPorts > 1 ? 1 : 0;
	t.enable(q, 5);
	unsigned g = t.gen(q);
	// both ports in one cycle on the same ring: consecutive slots
	t.issue(0, kHadv, q, 3, g);
	t.issue(p1, kHadv, q, 5, g);
	t.settle();
	t.check(t.read(q).idx == 8, "two ports' HADV 3 + 5: HEAD %u", t.m.r[q].head);
	// one port back to back: HADV, HADV, READ in consecutive cycles
	t.issue(0, kHadv, q, 1, g);
	t.issue(0, kHadv, q, 2, g);
	t.issue(0, kRead, q);
	t.settle();
	t.check(!t.got.empty() && t.got.back().idx == 11, "HADV, HADV, READ back to back: HEAD %u",
		t.got.empty() ? 0 : t.got.back().idx);
	// one cycle between (the RAM path rather than forwarding)
	t.issue(0, kHadv, q, 1, g);
	t.cycle();
	t.cycle();
	t.issue(0, kRead, q);
	t.settle();
	t.check(t.got.back().idx == 12, "HADV, gap, READ: HEAD %u", t.got.back().idx);
	// register then engine: a TAIL write, and a TAKE in the next cycle sees the new TAIL
	t.wr(q, kOffTail, 4);
	t.check(t.pop() == (int)q, "doorbell");
	t.start_reg(true, q, kOffTail, 20);
	t.cycle();
	t.issue(0, kTake, q, 31);
	t.settle();
	t.check(t.last_op_key == t.last_reg_key + 1, "setup: TAIL write and TAKE not back to back");
	t.check(t.got.back().n == 20 && t.got.back().tail == 20, "TAKE after a TAIL write: %s",
		t.got.back().str().c_str());
	t.expect_no_work("TAKE took everything");
	// engine then register: HADV, and a HEAD read in the next cycle
	t.issue(0, kHadv, q, 6, g);
	t.cycle();
	t.start_reg(false, q, kOffHead);
	t.wait_reg();
	t.check(t.last_reg_key == t.last_op_key + 1, "setup: HADV and HEAD read not back to back");
	t.check(t.ack_rdata == 18, "HEAD read after HADV: %u", t.ack_rdata);
	// a TAKE that empties the ring, and a TAIL write in the next cycle: queued again
	t.wr(q, kOffTail, 22);
	t.check(t.pop() == (int)q, "doorbell 2");
	t.issue(0, kTake, q, 31);
	t.cycle();
	t.start_reg(true, q, kOffTail, 25);
	t.wait_reg();
	t.settle();
	t.check(t.last_reg_key == t.last_op_key + 1, "setup: TAKE and TAIL write not back to back");
	t.check(t.pop() == (int)q, "TAIL write right after the emptying TAKE: not queued");
	t.check(t.take(q, 31).n == 3, "TAKE after the back-to-back doorbell");
	// a TAKE that requeues, and a TAIL write in the next cycle: not queued twice
	t.wr(q, kOffTail, 30);
	t.check(t.pop() == (int)q, "doorbell 3");
	t.issue(0, kTake, q, 2);
	t.cycle();
	t.start_reg(true, q, kOffTail, 31);
	t.wait_reg();
	t.settle();
	t.check(t.last_reg_key == t.last_op_key + 1, "setup: TAKE and TAIL write not back to back");
	t.check(t.pop() == (int)q, "requeued ring");
	t.check(t.take(q, 31).n == 4, "TAKE of the rest");
	t.expect_no_work("queued twice");
	// TAKE on one port and READ on the other in one cycle
	t.wr(q, kOffTail, 5);
	t.check(t.pop() == (int)q, "doorbell 4");
	t.issue(0, kTake, q, 3);
	t.issue(p1, kRead, q);
	t.settle();
	drain_work(t);
	// ERR, and a TAIL write in the next cycle: the ring is disabled (no doorbell, no BAD_TAIL)
	t.issue(0, kErr, q, 0, g, VFNIC_QERR_DMA);
	t.cycle();
	t.start_reg(true, q, kOffTail, 99999);
	t.wait_reg();
	t.check(t.last_reg_key == t.last_op_key + 1, "setup: ERR and TAIL write not back to back");
	t.check(!t.bad_tail_seen, "bad TAIL counted on a ring stopped in the cycle before");
	t.expect_no_work("TAIL after ERR");
	t.check(t.status_err(q) == VFNIC_QERR_DMA, "ERROR after ERR + TAIL: %u", t.m.r[q].err);
	// an enable, and a HADV of the new gen in the next cycle
	unsigned g2 = (t.gen(q) + 1) & 15;
	t.start_reg(true, q, kOffCtrl, kEnMask);
	t.cycle();
	t.issue(0, kHadv, q, 2, g2);
	t.settle();
	t.check(t.last_op_key == t.last_reg_key + 1, "setup: enable and HADV not back to back");
	t.check(t.read(q).idx == 2 && t.m.r[q].gen == g2, "HADV of the new gen right after the "
							      "enable: HEAD %u",
		t.m.r[q].head);
	// a bad TAIL, and a HADV of the old gen in the next cycle: ignored
	t.start_reg(true, q, kOffTail, 4096);
	t.cycle();
	t.issue(0, kHadv, q, 1, g2);
	t.settle();
	t.check(t.last_op_key == t.last_reg_key + 1, "setup: bad TAIL and HADV not back to back");
	t.check(t.read(q).idx == 2, "HADV right after a bad TAIL moved HEAD to %u", t.m.r[q].head);
	// a register read right behind a register write (the port is serial: ack, then the next)
	t.wr(q, kOffCtrl, 0);
	t.wr(q, kOffSize, 9);
	t.check(t.rd(q, kOffSize) == 9, "SIZE read right after its write 0x%x", t.ack_rdata);
}

// work_ready_i low holds the FIFO's head; random ready with requeues and doorbells going on
void t_backpressure(Tb &t)
{
	std::vector<unsigned> rs;
	for (unsigned q = 0; q < kQp; q++)
		rs.push_back(q);
	std::shuffle(rs.begin(), rs.end(), t.rng);
	rs.resize(std::min<size_t>(rs.size(), 10));
	for (unsigned q : rs)
		t.enable(q, 4);
	for (unsigned q : rs)
		t.wr(q, kOffTail, 3);
	for (unsigned i = 0; i < 40; i++) {
		t.cycle();
		t.check(t.top->work_valid_o && t.top->work_q_o == rs[0],
			"held work FIFO head: valid %d ring %u, want %u", t.top->work_valid_o,
			(unsigned)t.top->work_q_o, rs[0]);
	}
	t.auto_take = true;
	unsigned takes = 0;
	for (unsigned i = 0; i < 4000; i++) {
		t.work_ready = t.rnd(3) == 0;
		if (!t.popped_q.empty() && t.rnd(2)) {
			unsigned q = t.popped_q.front();
			t.popped_q.pop_front();
			t.issue((unsigned)t.rnd(kPorts), kTake, q, (unsigned)t.rnd(4));
			takes++;
		}
		if (!t.reg_req && t.rnd(6) == 0 && i < 3500) {
			unsigned q = rs[t.rnd(rs.size())];
			t.start_reg(true, q, kOffTail, (t.m.r[q].tail + 1 + (unsigned)t.rnd(4)) & 15);
		}
		t.cycle();
	}
	t.work_ready = false;
	while (!t.popped_q.empty()) {
		t.issue(0, kTake, t.popped_q.front(), 31);
		t.popped_q.pop_front();
	}
	t.settle();
	t.auto_take = false;
	drain_work(t);
	std::printf("# backpressure: %u TAKEs\n", takes);
}

// ---------------------------------------------------------------------------------------------
// Random phase
// ---------------------------------------------------------------------------------------------
void t_random(Tb &t)
{
	const unsigned cycles = kQp > 32 ? 120000 : 160000;
	std::vector<unsigned> hot;
	for (unsigned i = 0; i < 4; i++)
		hot.push_back(t.pick_q());
	auto ring = [&]() -> unsigned {
		return t.rnd(100) < 60 ? hot[t.rnd(hot.size())] : t.pick_q();
	};
	auto count_n = [&]() -> unsigned {
		unsigned r = (unsigned)t.rnd(100);
		if (r < 5)
			return 0;
		if (r < 10)
			return 17 + (unsigned)t.rnd(15);
		return 1 + (unsigned)t.rnd(16);
	};
	for (unsigned q : hot)
		t.enable(q, 3 + (unsigned)t.rnd(4));
	t.auto_take = true;
	uint64_t c_take_ok = 0, c_take_end = 0, c_take_zero = 0, c_take_off = 0, c_hadv = 0,
		 c_err = 0, c_read = 0, c_frst = 0, c_level = 0, c_badtail = 0, c_badcfg = 0,
		 c_en = 0, c_b2b = 0, c_reg = 0, c_takedr = 0;
	uint64_t last_key_q = ~0ull, prev_q = ~0u;
	size_t ans_seen = t.got.size();
	std::vector<bool> pending_f(kFuncs, false);
	for (unsigned i = 0; i < cycles && t.errors == 0; i++) {
		// register port
		if (!t.reg_req && t.rnd(3) == 0) {
			unsigned q = ring();
			const Ring &x = t.m.r[q];
			unsigned r = (unsigned)t.rnd(100);
			uint32_t v = (uint32_t)t.rng();
			unsigned off;
			bool we = true;
			if (r < 35) {
				off = kOffTail;
				unsigned size = 1u << (x.log2 > 12 ? 12 : x.log2);
				v = t.rnd(25) ? (x.fetch + (unsigned)t.rnd(size)) & (size - 1)
					      : (t.rnd(2) ? size : v);
				if (x.en && v >= size)
					c_badtail++;
			} else if (r < 50) {
				off = kOffCtrl;
				bool en = x.en ? t.rnd(8) != 0 : t.rnd(10) < 7;
				v = (v & ~kEnMask) | (en ? kEnMask : 0);
				if (en && !x.en)
					(Model::config_ok(x) ? c_en : c_badcfg)++;
			} else if (r < 58) {
				off = kOffSize;
				v = t.rnd(8) ? 3 + (unsigned)t.rnd(5) : (unsigned)t.rnd(16);
			} else if (r < 63 && kRx) {
				off = kOffBuf;
				v = t.rnd(6) ? 64 * (1 + (unsigned)t.rnd(255)) : v;
			} else if (r < 68) {
				off = t.rnd(2) ? kOffBaseLo : kOffBaseHi;
			} else {
				off = 4 * (unsigned)t.rnd(16);
				we = t.rnd(6) == 0;
			}
			unsigned be = t.rnd(10) ? 0xf : (unsigned)t.rnd(16);
			t.start_reg(we, q, off, v, be);
			c_reg++;
		}
		// engine ports
		for (unsigned p = 0; p < kPorts; p++) {
			if (t.port[p].valid || !t.port[p].script.empty() || t.rnd(100) >= 40)
				continue;
			if (!t.popped_q.empty() && t.rnd(3)) {
				unsigned q = t.popped_q.front();
				t.popped_q.pop_front();
				t.issue(p, kTake, q, count_n());
				continue;
			}
			unsigned r = (unsigned)t.rnd(100);
			unsigned q = ring();
			unsigned g = t.rnd(10) < 8 ? t.m.r[q].gen : (unsigned)t.rnd(16);
			if (r < 52) {
				t.issue(p, kHadv, q, count_n(), g);
				c_hadv++;
			} else if (r < 60) {
				t.issue(p, kTakeDr, q, count_n());
				c_takedr++;
			} else if (r < 63) {
				t.issue(p, kErr, q, 0, g, t.rnd(4) ? VFNIC_QERR_DMA : (unsigned)t.rnd(16));
				c_err++;
			} else {
				t.issue(p, kRead, q);
				c_read++;
			}
		}
		t.work_ready = t.popped_q.size() < 3 && t.rnd(2);
		// function resets: a pulse or a short level, never starting in a cycle with an
		// operation or register access to one of the function's rings presented
		bool any_rst = false;
		for (unsigned f = 0; f < kFuncs; f++)
			any_rst = any_rst || t.freset[f];
		if (!any_rst && t.rnd(600) == 0) {
			unsigned f = (unsigned)t.rnd(kFuncs);
			bool clash = t.reg_req && t.owner[t.reg.q] == f;
			for (unsigned p = 0; p < kPorts; p++) {
				PortDrv &d = t.port[p];
				if (d.valid && t.owner[d.op.q] == f)
					clash = true;
				if (!d.valid && !d.script.empty() && t.owner[d.script.front().q] == f)
					clash = true;
			}
			if (!clash) {
				t.freset[f] = true;
				if (t.rnd(4) == 0) {
					t.freset_hold[f] = 1 + (unsigned)t.rnd(8);
					c_level++;
				}
				c_frst++;
			}
		}
		// owners change now and then, when no reset can be walking
		for (unsigned f = 0; f < kFuncs; f++)
			any_rst = any_rst || t.freset[f];
		if (t.rnd(2000) == 0 && !any_rst) {
			bool quiet = true;
			for (unsigned q = 0; q < kQp; q++)
				quiet = quiet && t.now >= t.unsure_until[q];
			if (quiet) {
				unsigned q = t.pick_q();
				t.owner[q] = t.rnd(10) ? (unsigned)t.rnd(kFuncs) : (unsigned)t.rnd(128);
			}
		}
		t.cycle();
		// coverage of what the DUT answered
		if (!t.events.empty() && t.events.back().kind == 2 && t.events.back().key + 1 == t.now) {
			unsigned q = t.events.back().op.q;
			if (last_key_q + 1 == t.events.back().key && prev_q == q)
				c_b2b++;
			last_key_q = t.events.back().key;
			prev_q = q;
		}
		for (; ans_seen < t.got.size(); ans_seen++) {
			const Ans &a = t.got[ans_seen];
			if (a.code != kTake)
				continue;
			if (!a.ok && a.n == 0 && a.idx == a.fetch && a.fetch != a.tail)
				c_take_zero++;
			if (a.n > 0) {
				c_take_ok++;
				if (a.fetch == 0)
					c_take_end++;
			}
			if (a.n == 0 && !a.ok)
				c_take_off++;
		}
	}
	t.auto_take = false;
	t.work_ready = false;
	t.settle();
	while (!t.popped_q.empty()) {
		t.issue(0, kTake, t.popped_q.front(), 0);
		t.popped_q.pop_front();
	}
	t.settle();
	t.idle(kWalkBound);
	// every ring once more through the register port and READ
	for (unsigned q = 0; q < kQp; q++) {
		for (unsigned off = 0; off < 0x20; off += 4)
			t.rd(q, off);
		t.read(q);
	}
	drain_work(t, 0 + 31);
	std::printf("# random: %u cycles; %" PRIu64 " register accesses (enables %" PRIu64
		    ", BAD_CONFIG %" PRIu64 ", bad TAIL %" PRIu64 "), TAKE ok %" PRIu64
		    " (to the ring end %" PRIu64 "), not ok %" PRIu64 " (n = 0 requeue %" PRIu64
		    "), TAKE_DIRECT %" PRIu64 ", HADV %" PRIu64 ", ERR %" PRIu64 ", READ %" PRIu64
		    ", function resets %" PRIu64 " (level %" PRIu64
		    "), same ring in consecutive slots %" PRIu64 ", pops %" PRIu64 "\n",
		    cycles, c_reg, c_en, c_badcfg, c_badtail, c_take_ok, c_take_end, c_take_off,
		    c_take_zero, c_takedr, c_hadv, c_err, c_read, c_frst, c_level, c_b2b, t.pops_checked);
	t.check(c_en > 100 && c_badcfg > 10 && c_badtail > 10 && c_take_ok > 1000 &&
			c_take_end > 50 && c_take_zero > 10 && c_frst > 20 && c_b2b > 100,
		"random phase coverage too low");
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	const std::vector<vfnic_tb::Test<Tb>> tests = {
		{"reset walk after rst_ni: busy_o, accesses wait, reset words, FIFO and QUEUED "
		 "cleared",
		 false, t_reset_walk},
		{"hits and holes (TX 0x1C, 0x20..0x3C), writes to holes", true, t_hits_and_holes},
		{"BASE/SIZE/CTRL/BUF_SIZE read back, read-only HEAD/STATUS, READ answer", true,
		 t_config_rw},
		{"byte enables (BASE, SIZE, CTRL, BUF_SIZE, TAIL)", true, t_byte_enables},
		{"EN 0->1 resets pointers and bumps gen; EN 1->0 keeps gen and LIVE; en_o", true,
		 t_enable_disable},
		{"enable checks SIZE.LOG2 (and BUF_SIZE on RX) -> BAD_CONFIG", true, t_enable_checks},
		{"BASE/SIZE/BUF_SIZE writes ignored while enabled", true, t_writes_while_enabled},
		{"TAIL >= size -> BAD_TAIL, bad_tail_o pulse, disable, not LIVE, gen + 1", true,
		 t_tail},
		{"doorbells -> work FIFO in order, each ring once; TAIL == FETCH", true,
		 t_doorbell_fifo},
		{"TAKE limited by n / posted / ring end; n = 0 requeues; requeue order", true, t_take},
		{"TAKE on a disabled ring: not ok, QUEUED cleared, not requeued", true,
		 t_take_disabled},
		{"TAKE_DIRECT: takes as TAKE, leaves the queue as a doorbell would", true,
		 t_take_direct},
		{"HADV/ERR: stale gen ignored, ERR stops the ring, LIVE rules", true, t_hadv_err},
		{"function reset: its rings only, gen bump if enabled/LIVE, QUEUED kept, register "
		 "access waits",
		 true, t_function_reset},
		{"held freset of a VF does not block the PF", true, t_freset_level},
		{"back-to-back operations on one ring: two ports, register + engine (forwarding)",
		 true, t_forwarding},
		{"work_ready_i backpressure with requeues and doorbells", true, t_backpressure},
		{"random operations, register accesses, pops and resets against the model", true,
		 t_random},
	};
	char label[64];
	std::snprintf(label, sizeof(label), "[%s NumQp=%u NumFuncs=%u]", kRx ? "rx" : "tx", kQp,
		      kFuncs);
	return vfnic_tb::run_tests(t, tests, label);
}
