// SPDX-License-Identifier: MIT
// vfnic model: extern "C" shim around the Verilated vfnic_core. Everything
// else in the model is C; this file only moves values across the ports.
#include <cstdint>
#include <cstring>
#include <new>

#include "verilated.h"
#include "verilated_fst_c.h"
#include "Vvfnic_core.h"

#include "vfm_rtl.h"

struct vfm_rtl {
	VerilatedContext ctx;
	Vvfnic_core *top;
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

extern "C" struct vfm_rtl *vfm_rtl_new(const char *trace_path)
{
	vfm_rtl *r = new (std::nothrow) vfm_rtl;

	if (!r)
		return nullptr;
	r->cycles = 0;
	r->fst = nullptr;
	if (trace_path)
		r->ctx.traceEverOn(true);
	r->top = new (std::nothrow) Vvfnic_core(&r->ctx, "vfnic_core");
	if (!r->top) {
		delete r;
		return nullptr;
	}
	Vvfnic_core *t = r->top;
	t->clk_i = 0;
	t->rst_ni = 0;
	t->cq_valid_i = 0;
	t->rc_valid_i = 0;
	t->cc_ready_i = 0;
	t->rq_ready_i = 0;
	t->eth_rx_valid_i = 0;
	t->eth_tx_ready_i = 0;
	t->eth_link_up_i = 0;
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
	delete r;
}

extern "C" void vfm_rtl_set_reset(struct vfm_rtl *r, int in_reset)
{
	r->top->rst_ni = in_reset ? 0 : 1;
}

extern "C" void vfm_rtl_cycle(struct vfm_rtl *r, const struct vfm_rtl_in *in,
			      struct vfm_rtl_out *out)
{
	Vvfnic_core *t = r->top;
	uint64_t now = r->cycles * 2;

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
	r->ctx.time(now);
	t->eval();
	if (r->fst)
		r->fst->dump(now);

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

	t->clk_i = 1;
	r->ctx.time(now + 1);
	t->eval();
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
