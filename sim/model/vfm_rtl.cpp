// SPDX-License-Identifier: MIT
// vfnic model: extern "C" shim around the Verilated vfnic_core. Everything
// else in the model is C; this file only moves values across the ports.
//
// Built with VFM_LOCKSTEP (build/lockstep/vfnic-model, suite "lockstep"), the
// shim runs a second copy of the core built without activity gating
// (Vvfnic_core_ref: docs/rtl-structure.md "Activity gating") on the same
// inputs and compares every output after every evaluation: the gated model
// must be cycle-for-cycle the design that is synthesised. A difference stops
// the model with the cycle and the port.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "verilated.h"
#include "verilated_fst_c.h"
#include "Vvfnic_core.h"
#ifdef VFM_LOCKSTEP
#include "Vvfnic_core_ref.h"
#endif

#include "vfm_rtl.h"

struct vfm_rtl {
	VerilatedContext ctx;
	Vvfnic_core *top;
#ifdef VFM_LOCKSTEP
	Vvfnic_core_ref *ref;
#endif
	VerilatedFstC *fst;
	uint64_t cycles;
};


template <class W> static void put128(W &w, const uint32_t v[4])
{
	for (int i = 0; i < 4; i++)
		w[i] = v[i];
}

template <class W> static void get128(const W &w, uint32_t v[4])
{
	for (int i = 0; i < 4; i++)
		v[i] = w[i];
}

// the inputs at power-on
template <class T> static void init_inputs(T *t)
{
	t->clk_i = 0;
	t->rst_ni = 0;
	t->cq_valid_i = 0;
	t->rc_valid_i = 0;
	t->cc_ready_i = 0;
	t->rq_ready_i = 0;
	t->eth_rx_valid_i = 0;
	t->eth_tx_ready_i = 0;
	t->eth_link_up_i = 0;
}

// one cycle's inputs, set with the clock low
template <class T> static void drive(T *t, const struct vfm_rtl_in *in)
{
	t->clk_i = 0;
	t->cq_valid_i = in->cq_valid;
	put128(t->cq_hdr_i, in->cq.hdr);
	put128(t->cq_data_i, in->cq.data);
	t->cq_last_i = in->cq.last;
	t->rc_valid_i = in->rc_valid;
	put128(t->rc_hdr_i, in->rc.hdr);
	put128(t->rc_data_i, in->rc.data);
	t->rc_last_i = in->rc.last;
	t->cc_ready_i = in->cc_ready;
	t->rq_ready_i = in->rq_ready;
	t->eth_rx_valid_i = in->eth_rx_valid;
	t->eth_rx_data_i = in->eth_rx.data;
	t->eth_rx_keep_i = in->eth_rx.keep;
	t->eth_rx_last_i = in->eth_rx.last;
	t->eth_rx_err_i = in->eth_rx.err;
	t->eth_tx_ready_i = in->eth_tx_ready;
	t->eth_link_up_i = in->eth_link_up;
}

template <class T> static void sample(const T *t, struct vfm_rtl_out *out)
{
	out->cq_ready = t->cq_ready_o;
	out->rc_ready = t->rc_ready_o;
	out->cc_valid = t->cc_valid_o;
	get128(t->cc_hdr_o, out->cc.hdr);
	get128(t->cc_data_o, out->cc.data);
	out->cc.last = t->cc_last_o;
	out->rq_valid = t->rq_valid_o;
	get128(t->rq_hdr_o, out->rq.hdr);
	get128(t->rq_data_o, out->rq.data);
	out->rq.last = t->rq_last_o;
	out->eth_tx_valid = t->eth_tx_valid_o;
	out->eth_tx.data = t->eth_tx_data_o;
	out->eth_tx.keep = t->eth_tx_keep_o;
	out->eth_tx.last = t->eth_tx_last_o;
	out->eth_tx.err = 0;
	out->idle = t->idle_o;
}

#ifdef VFM_LOCKSTEP
// Every output of the two cores, as the model reads them; payloads only where
// their valid is set (an idle bus may hold anything)
static void lockstep_check(struct vfm_rtl *r, const char *phase)
{
	struct vfm_rtl_out a, b;
	const char *bad = nullptr;

	std::memset(&a, 0, sizeof(a));
	std::memset(&b, 0, sizeof(b));
	sample(r->top, &a);
	sample(r->ref, &b);
	if (a.cq_ready != b.cq_ready)
		bad = "cq_ready_o";
	else if (a.rc_ready != b.rc_ready)
		bad = "rc_ready_o";
	else if (a.cc_valid != b.cc_valid ||
		 (a.cc_valid && std::memcmp(&a.cc, &b.cc, sizeof(a.cc))))
		bad = "cc (completer completions)";
	else if (a.rq_valid != b.rq_valid ||
		 (a.rq_valid && std::memcmp(&a.rq, &b.rq, sizeof(a.rq))))
		bad = "rq (requests)";
	else if (a.eth_tx_valid != b.eth_tx_valid ||
		 (a.eth_tx_valid && (a.eth_tx.data != b.eth_tx.data ||
				     a.eth_tx.keep != b.eth_tx.keep ||
				     a.eth_tx.last != b.eth_tx.last)))
		bad = "eth_tx";
	else if (a.idle != b.idle)
		bad = "idle_o";
	if (bad) {
		std::fprintf(stderr,
			     "vfnic-model: lockstep: the gated core differs from the "
			     "reference at cycle %llu (%s): %s (valid %d/%d, idle %d/%d)\n",
			     (unsigned long long)r->cycles, phase, bad,
			     a.cc_valid | a.rq_valid << 1 | a.eth_tx_valid << 2,
			     b.cc_valid | b.rq_valid << 1 | b.eth_tx_valid << 2, a.idle, b.idle);
		std::fflush(stdout);
		std::fflush(stderr);
		std::abort();
	}
}
#endif

extern "C" struct vfm_rtl *vfm_rtl_new(const char *trace_path)
{
	vfm_rtl *r = new (std::nothrow) vfm_rtl;

	if (!r)
		return nullptr;
	r->cycles = 0;
	r->fst = nullptr;
#ifdef VFM_LOCKSTEP
	r->ref = nullptr;
#endif
	if (trace_path)
		r->ctx.traceEverOn(true);
	r->top = new (std::nothrow) Vvfnic_core(&r->ctx, "vfnic_core");
	if (!r->top) {
		delete r;
		return nullptr;
	}
	Vvfnic_core *t = r->top;
	init_inputs(t);
#ifdef VFM_LOCKSTEP
	r->ref = new (std::nothrow) Vvfnic_core_ref(&r->ctx, "vfnic_core_ref");
	if (!r->ref) {
		vfm_rtl_free(r);
		return nullptr;
	}
	init_inputs(r->ref);
	r->ref->eval();
#endif
	if (trace_path) {
		r->fst = new (std::nothrow) VerilatedFstC;
		if (r->fst) {
			t->trace(r->fst, 99);
			r->fst->open(trace_path);
			if (!r->fst->isOpen()) {
				delete r->fst;
				r->fst = nullptr;
			}
		}
		if (!r->fst) {
			vfm_rtl_free(r);
			return nullptr;
		}
	}
	t->eval();
	return r;
}

extern "C" void vfm_rtl_free(struct vfm_rtl *r)
{
	if (!r)
		return;
	if (r->top)
		r->top->final();
	if (r->fst) {
		r->fst->close();
		delete r->fst;
	}
	delete r->top;
#ifdef VFM_LOCKSTEP
	if (r->ref) {
		r->ref->final();
		delete r->ref;
	}
#endif
	delete r;
}

extern "C" void vfm_rtl_set_reset(struct vfm_rtl *r, int in_reset)
{
	r->top->rst_ni = in_reset ? 0 : 1;
#ifdef VFM_LOCKSTEP
	r->ref->rst_ni = r->top->rst_ni;
#endif
}

extern "C" void vfm_rtl_cycle(struct vfm_rtl *r, const struct vfm_rtl_in *in,
			      struct vfm_rtl_out *out)
{
	Vvfnic_core *t = r->top;
	uint64_t now = r->cycles * 2;

	drive(t, in);
	r->ctx.time(now);
	t->eval();
#ifdef VFM_LOCKSTEP
	drive(r->ref, in);
	r->ref->eval();
	lockstep_check(r, "clock low");
#endif
	if (r->fst)
		r->fst->dump(now);

	sample(t, out);

	t->clk_i = 1;
	r->ctx.time(now + 1);
	t->eval();
#ifdef VFM_LOCKSTEP
	r->ref->clk_i = 1;
	r->ref->eval();
	lockstep_check(r, "clock high");
#endif
	if (r->fst)
		r->fst->dump(now + 1);
	r->cycles++;
}

extern "C" uint64_t vfm_rtl_cycles(const struct vfm_rtl *r)
{
	return r->cycles;
}

extern "C" void vfm_rtl_flush_trace(struct vfm_rtl *r)
{
	if (r->fst)
		r->fst->flush();
}
