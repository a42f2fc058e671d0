// SPDX-License-Identifier: MIT
// Testbench of the stream primitives of rtl/prim/: vfnic_fifo (a vfnic_ram_1r1w behind a
// two-place output queue) and vfnic_skid (register slice). Seeded random valid/ready on both
// sides against a queue model: every word comes out once, in order, unchanged; valid and data
// hold while not accepted; the input is never refused while there is room; count_o is the
// number of words held; and with both sides always willing, one word passes every cycle.
// Prints TAP; exits non-zero on failure.  usage: tb_prim   (SEED=n replays a run)
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <random>

#include "verilated.h"
#include PRIM_TB_HDR

namespace
{
int g_fail;
unsigned g_n;

void tap(bool ok, const char *what)
{
	std::printf("%s %u - %s %s\n", ok ? "ok" : "not ok", ++g_n, PRIM_TB_NAME, what);
	if (!ok)
		g_fail = 1;
}

struct Dut {
	VerilatedContext ctx;
	PRIM_TB_TOP top{&ctx};
	void tick()
	{
		top.clk_i = 0;
		top.eval();
		top.clk_i = 1;
		top.eval();
	}
	void reset()
	{
		top.rst_ni = 0;
		top.in_valid_i = 0;
		top.out_ready_i = 0;
#ifdef PRIM_TB_FIFO
		top.clr_i = 0;
#endif
		top.clk_i = 0;
		top.eval();
		top.rst_ni = 1;
		tick();
	}
};

// one run: p_in / p_out = probability (percent) that the producer offers / the consumer takes
bool run(Dut &d, std::mt19937_64 &rng, unsigned cycles, unsigned p_in, unsigned p_out,
	 unsigned *passed)
{
	std::deque<uint32_t> model;
	uint32_t next = (uint32_t)rng();
	bool held_valid = false, ok = true;
	uint32_t held_data = 0;
	unsigned out_n = 0;

	d.reset();
	for (unsigned c = 0; c < cycles && ok; c++) {
		bool offer = held_valid || (rng() % 100) < p_in;  // a producer keeps its word
		d.top.in_valid_i = offer;
		d.top.in_data_i = held_valid ? held_data : next & 0xffff;
		d.top.out_ready_i = (rng() % 100) < p_out;
		d.top.clk_i = 0;
		d.top.eval();
		bool in_fire = d.top.in_valid_i && d.top.in_ready_o;
		bool out_fire = d.top.out_valid_o && d.top.out_ready_i;
#ifdef PRIM_TB_FIFO
		if (d.top.count_o != model.size()) {
			std::printf("# cycle %u: count_o %u, model %zu\n", c, (unsigned)d.top.count_o,
				    model.size());
			ok = false;
		}
		if (!d.top.in_ready_o && model.size() < PRIM_TB_DEPTH) {
			std::printf("# cycle %u: refused with %zu held\n", c, model.size());
			ok = false;
		}
#endif
		if (out_fire) {
			if (model.empty() || d.top.out_data_o != model.front()) {
				std::printf("# cycle %u: out %04x, expected %s%04x\n", c,
					    (unsigned)d.top.out_data_o, model.empty() ? "nothing " : "",
					    model.empty() ? 0 : model.front());
				ok = false;
			} else {
				model.pop_front();
				out_n++;
			}
		}
		if (in_fire) {
			model.push_back(d.top.in_data_i);
			held_valid = false;
			next = (uint32_t)rng();
		} else if (offer) {
			held_valid = true;
			held_data = d.top.in_data_i;
		}
		// AXI rule on the output: a word offered and not taken stays
		bool ov = d.top.out_valid_o, taken = out_fire;
		uint32_t od = d.top.out_data_o;
		d.top.clk_i = 1;
		d.top.eval();
		d.top.clk_i = 0;
		d.top.eval();
		if (ov && !taken && (!d.top.out_valid_o || d.top.out_data_o != od)) {
			std::printf("# cycle %u: output changed while not accepted\n", c);
			ok = false;
		}
	}
	*passed = out_n;
	return ok;
}
}  // namespace

int main()
{
	const char *e = std::getenv("SEED");
	uint64_t seed = e ? std::strtoull(e, nullptr, 0) : (uint64_t)std::random_device{}();
	std::printf("# seed %" PRIu64 "\n", seed);
	std::mt19937_64 rng(seed);
	Dut d;
	unsigned n;

	tap(run(d, rng, 20000, 50, 50, &n), "random valid/ready 50/50: order, data, count, AXI");
	tap(run(d, rng, 20000, 90, 20, &n), "mostly full (90/20)");
	tap(run(d, rng, 20000, 20, 90, &n), "mostly empty (20/90)");
	tap(run(d, rng, 1000, 100, 100, &n) && n >= 1000 - 4,
	    "both sides always willing: one word per cycle");
	std::printf("# throughput: %u words in 1000 cycles\n", n);
	std::printf("1..%u\n", g_n);
	return g_fail;
}
