// SPDX-License-Identifier: MIT
// Shared scaffolding of the per-block Verilator testbenches (tb/<block>/): bit access to ports
// of any width, the seed (SEED in the environment replays a run), the FST waveform kept only
// when something failed, failure reporting, and the TAP runner.
//
//   struct MyTb : vfnic_tb::BlockTb<Vvfnic_x> {
//       MyTb(uint64_t seed, const std::string &dir) : BlockTb(seed, dir, "tb-x") {}
//       void cycle() { ... top->clk_i = 0; eval_dump(); ... top->clk_i = 1; eval_dump(); now++; }
//   };
//   int main(int argc, char **argv) {
//       uint64_t seed = vfnic_tb::seed_from_env();
//       MyTb t(seed, argc > 1 ? argv[1] : ".");
//       return vfnic_tb::run_tests(t, tests, "[cfg]");   // tests: {name, fresh, fn}
//   }
#ifndef VFNIC_TB_BLOCK_TB_H
#define VFNIC_TB_BLOCK_TB_H

#include <cinttypes>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "verilated.h"
#include "verilated_fst_c.h"

namespace vfnic_tb
{

// ---- bit access to Verilated ports of any width ----
template <typename T> inline void put_bits(T &port, unsigned lsb, unsigned width, uint64_t v)
{
	uint64_t m = (width >= 64 ? ~0ULL : ((1ULL << width) - 1)) << lsb;
	port = (T)(((uint64_t)port & ~m) | ((v << lsb) & m));
}
template <std::size_t N>
inline void put_bits(VlWide<N> &port, unsigned lsb, unsigned width, uint64_t v)
{
	for (unsigned i = 0; i < width; i++) {
		unsigned b = lsb + i;
		uint32_t m = 1u << (b % 32);
		if ((v >> i) & 1)
			port[b / 32] |= m;
		else
			port[b / 32] &= ~m;
	}
}
template <typename T> inline uint64_t get_bits(const T &port, unsigned lsb, unsigned width)
{
	uint64_t v = (uint64_t)port >> lsb;
	return width >= 64 ? v : v & ((1ULL << width) - 1);
}
template <std::size_t N>
inline uint64_t get_bits(const VlWide<N> &port, unsigned lsb, unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width && i < 64; i++) {
		unsigned b = lsb + i;
		v |= (uint64_t)((port[b / 32] >> (b % 32)) & 1) << i;
	}
	return v;
}
template <typename T> inline bool get_bit(const T &port, unsigned b)
{
	return get_bits(port, b, 1) != 0;
}

// SEED from the environment, else from the clock (printed by run_tests)
inline uint64_t seed_from_env()
{
	const char *s = std::getenv("SEED");
	if (s && *s)
		return std::strtoull(s, nullptr, 0);
	return (uint64_t)std::chrono::system_clock::now().time_since_epoch().count() %
	       1000000007ULL;
}

template <typename V> class BlockTb
{
public:
	BlockTb(uint64_t seed_, const std::string &outdir, const char *name)
		: seed(seed_), rng(seed_)
	{
		ctx.reset(new VerilatedContext);
		ctx->randReset(2);  // registers without reset start random: reset must set them
		ctx->randSeed((int)(seed & 0x7fffffff));
		ctx->traceEverOn(true);
		top.reset(new V(ctx.get(), "top"));
		fst_path = outdir + "/" + name + "-seed" + std::to_string(seed) + ".fst";
		fst.reset(new VerilatedFstC);
		top->trace(fst.get(), 99);
		fst->open(fst_path.c_str());
	}
	virtual ~BlockTb()
	{
		close_trace();
		top->final();
	}
	BlockTb(const BlockTb &) = delete;
	BlockTb &operator=(const BlockTb &) = delete;

	// evaluate and dump at the next half-cycle time stamp
	void eval_dump()
	{
		top->eval();
		if (fst)
			fst->dump(stamp++);
	}
	void close_trace()
	{
		if (fst) {
			fst->close();
			fst.reset();
		}
	}

	uint64_t rnd(uint64_t n) { return n ? rng() % n : 0; }

	// optional hooks of run_tests (no-ops here): after_test() runs after every test and its
	// failures count for that test (e.g. drain a pipeline); summary() prints comment lines
	// after the plan line (e.g. "# N cycles checked")
	virtual void after_test() {}
	virtual void summary() {}

	void fail(const char *fmt, ...) __attribute__((format(printf, 2, 3)))
	{
		char buf[512];
		va_list ap;
		va_start(ap, fmt);
		std::vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		errors++;
		if (errors <= max_reports)
			std::printf("# FAIL @%" PRIu64 ": %s\n", now, buf);
	}
	bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 3, 4)))
	{
		if (cond)
			return true;
		char buf[512];
		va_list ap;
		va_start(ap, fmt);
		std::vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		fail("%s", buf);
		return false;
	}

	uint64_t seed;
	std::mt19937_64 rng;
	uint64_t now = 0;     // cycles
	uint64_t stamp = 0;   // waveform time
	unsigned errors = 0;
	unsigned max_reports = 20;
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<V> top;
	std::unique_ptr<VerilatedFstC> fst;
	std::string fst_path;
};

template <typename T> struct Test {
	const char *name;
	bool fresh;            // reset the block first
	void (*fn)(T &);
};

// Runs every test (TAP), prints the seed and, on failure, how to replay it and where the
// waveform is; the waveform is deleted when everything passed. T needs reset() and errors.
template <typename T>
int run_tests(T &t, const std::vector<Test<T>> &tests, const std::string &label)
{
	unsigned n = 0, failed = 0;
	std::printf("# seed %" PRIu64 "\n", t.seed);
	for (const Test<T> &x : tests) {
		n++;
		t.errors = 0;
		if (x.fresh)
			t.reset();
		x.fn(t);
		t.after_test();
		failed += t.errors != 0;
		std::printf("%s %u - %s%s%s\n", t.errors ? "not ok" : "ok", n, label.c_str(),
			    label.empty() ? "" : " ", x.name);
		std::fflush(stdout);
	}
	std::printf("1..%u\n", n);
	t.summary();
	std::string path = t.fst_path;
	t.close_trace();
	if (failed) {
		std::printf("# %u of %u tests failed; replay with SEED=%" PRIu64 "\n", failed, n,
			    t.seed);
		std::printf("# waveform: %s\n", path.c_str());
		return 1;
	}
	std::remove(path.c_str());
	return 0;
}

}  // namespace vfnic_tb

#endif
