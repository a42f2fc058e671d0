// SPDX-License-Identifier: MIT
// Testbench of vfnic_dma_rd (the datapath's DMA read engine): clients issue random reads,
// a host model answers each MRd after a random latency with completions split at random
// 64-byte boundaries and reordered across tags; every byte the clients receive is checked
// against host memory, and every MRd against the rules (requester ID, MRRS boundaries,
// byte enables). Directed tests cover Bus Master Enable clear, UR and poisoned completions,
// unexpected completions and the completion timeout; a throughput test checks that the
// completion stream stays busy (rc cycles carrying a beat) with a 78-cycle host latency. Prints TAP; exits non-zero on any
// failure and then keeps an FST waveform.
//
// usage: tb_dma_rd OUTDIR     (SEED=n in the environment replays a run)
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "Vvfnic_dma_rd.h"
#include "block_tb.h"

namespace
{

constexpr int kClients = 3;
constexpr int kFuncs = 9;
constexpr int kTags = 28;
constexpr uint16_t kRidBase = 0x3a00;  // bus 0x3a, device 0

uint8_t mem_byte(uint64_t a)
{
	uint64_t x = a * 0x9e3779b97f4a7c15ull;
	return (uint8_t)(x >> 56) ^ (uint8_t)a;
}

struct Mrd {
	uint64_t addr;	// DW aligned
	unsigned dws;
	unsigned fbe, lbe;
	uint16_t rid;
	unsigned tag;
	uint64_t due;
};

struct Cpl {
	uint32_t hdr[4];
	std::vector<uint32_t> data;
};

struct Req {
	int client;
	uint64_t addr;
	unsigned len;
	unsigned func;
	std::vector<int> got;	// byte -> value received (-1 none)
	bool expect_err;
};

struct Tb : vfnic_tb::BlockTb<Vvfnic_dma_rd> {
	// host side
	std::vector<Mrd> pending;	// MRds not yet answered
	std::deque<Cpl> cpls;		// completions ready to send
	size_t cpl_beat = 0;
	int latency_min = 20, latency_max = 120;
	int ur_pct = 0, poison_pct = 0, lose_pct = 0;
	int rc_gap_pct = 20, rq_stall_pct = 25;	// rc idle / rq not ready, % of cycles
	bool split_cpls = true;			// completions cut at random 64-byte boundaries
	uint64_t rc_beats = 0, rc_first = 0, rc_last = 0;	// rc beats sent, first/last cycle
	unsigned mrrs = 2;		// 512 B
	uint32_t bme = (1u << kFuncs) - 1;

	// client side
	std::map<unsigned, Req> reqs;	// cookie -> request in flight
	unsigned next_cookie = 1;
	std::deque<Req> to_issue[kClients];
	int done_ok = 0, done_err = 0, unexpected = 0, timeouts = 0;
	uint64_t mrds = 0;

	Tb(uint64_t seed, const std::string &outdir) : BlockTb(seed, outdir, "tb-dma-rd") { reset(); }

	void reset()
	{
		Vvfnic_dma_rd *m = top.get();
		// the reset is asynchronous: a falling edge of rst_ni applies it (registers start
		// random, and the first eval sees no edge from the initial value)
		m->rst_ni = 1;
		m->clk_i = 0;
		m->eval();
		m->rst_ni = 0;
		m->eval();
		m->rst_ni = 1;
		m->eval();
		pending.clear();
		cpls.clear();
		cpl_beat = 0;
		reqs.clear();
		for (auto &q : to_issue)
			q.clear();
	}

	// host: make the completions of one MRd (split at 64-byte boundaries at random)
	void answer(const Mrd &r)
	{
		unsigned first = 0;
		for (int i = 0; i < 4; i++)
			if (r.fbe & (1u << i)) { first = i; break; }
		unsigned last = 3;
		unsigned lbe = r.dws == 1 ? r.fbe : r.lbe;
		for (int i = 3; i >= 0; i--)
			if (lbe & (1u << i)) { last = i; break; }
		unsigned bytes = r.dws * 4 - first - (3 - last);
		uint64_t a = r.addr + first;	// first byte
		unsigned left = bytes;
		bool ur = rnd(100) < (unsigned)ur_pct;
		if (rnd(100) < (unsigned)lose_pct)
			return;
		if (ur) {
			Cpl c{};
			c.hdr[0] = 0x0Au << 24;
			c.hdr[1] = (0x0100u << 16) | (1u << 13) | (bytes & 0xfff);
			c.hdr[2] = ((uint32_t)r.rid << 16) | (r.tag << 8) | (a & 0x7f);
			cpls.push_back(c);
			return;
		}
		while (left) {
			// this completion ends at a 64-byte boundary or at the end
			uint64_t end = a + left;
			uint64_t cut = end;
			if (split_cpls && rnd(2)) {
				uint64_t b = (a & ~63ull) + 64 * (1 + rnd(4));
				if (b < end)
					cut = b;
			}
			unsigned n = (unsigned)(cut - a);
			Cpl c{};
			uint64_t dw0 = a & ~3ull;
			unsigned ndw = (unsigned)(((cut + 3) & ~3ull) - dw0) / 4;
			bool poison = rnd(100) < (unsigned)poison_pct;
			c.hdr[0] = (0x4Au << 24) | (poison ? (1u << 14) : 0) | (ndw & 0x3ff);
			c.hdr[1] = (0x0100u << 16) | (left & 0xfff);
			c.hdr[2] = ((uint32_t)r.rid << 16) | (r.tag << 8) | (a & 0x7f);
			for (unsigned k = 0; k < ndw; k++) {
				uint32_t v = 0;
				for (int b = 0; b < 4; b++)
					v |= (uint32_t)mem_byte(dw0 + 4 * k + b) << (8 * b);
				c.data.push_back(v);
			}
			cpls.push_back(c);
			a += n;
			left -= n;
		}
	}

	void check_mrd(const uint32_t h[4])
	{
		Mrd r{};
		uint32_t dw0 = h[0];
		bool wide = (dw0 >> 29) & 1;
		if (((dw0 >> 24) & 0xdf) != 0x00)
			fail("rq: not an MRd");
		r.dws = dw0 & 0x3ff;
		if (!r.dws)
			r.dws = 1024;
		r.rid = h[1] >> 16;
		r.tag = (h[1] >> 8) & 0xff;
		r.lbe = (h[1] >> 4) & 0xf;
		r.fbe = h[1] & 0xf;
		r.addr = wide ? (((uint64_t)h[2] << 32) | (h[3] & ~3u)) : (h[2] & ~3u);
		if (wide && h[2] == 0)
			fail("rq: 4DW header for a 32-bit address");
		if (r.tag >= (unsigned)kTags)
			fail("rq: tag out of range");
		for (auto &p : pending)
			if (p.tag == r.tag)
				fail("rq: tag %u reused while outstanding", r.tag);
		unsigned func = r.rid - kRidBase;
		if (func >= (unsigned)kFuncs || !(bme & (1u << func)))
			fail("rq: MRd for a function without Bus Master Enable");
		unsigned mb = 128u << mrrs;
		if (r.dws * 4 > mb)
			fail("rq: MRd longer than MRRS");
		if ((r.addr / mb) != ((r.addr + r.dws * 4 - 1) / mb))
			fail("rq: MRd crosses an MRRS boundary");
		if (r.dws == 1 && r.lbe)
			fail("rq: 1-DW MRd with a last BE");
		if (r.dws > 1 && (!r.lbe || !r.fbe))
			fail("rq: multi-DW MRd with an empty BE");
		r.due = now + latency_min + rnd(latency_max - latency_min + 1);
		pending.push_back(r);
		mrds++;
	}

	void cycle()
	{
		Vvfnic_dma_rd *m = top.get();
		// host: answer due MRds, in random order among the due ones
		for (size_t i = 0; i < pending.size();) {
			if (pending[i].due <= now && rnd(3) == 0) {
				answer(pending[i]);
				pending.erase(pending.begin() + i);
			} else {
				i++;
			}
		}
		// drive
		m->mrrs_i = mrrs;
		m->rid_base_i = kRidBase;
		m->bme_i = bme;
		m->rq_ready_i = rnd(100) >= (unsigned)rq_stall_pct;
		for (int c = 0; c < kClients; c++) {
			bool v = !to_issue[c].empty();
			m->req_valid_i = (m->req_valid_i & ~(1u << c)) | (v << c);
			if (v) {
				Req &q = to_issue[c].front();
				m->req_addr_i[2 * c] = (uint32_t)q.addr;
				m->req_addr_i[2 * c + 1] = (uint32_t)(q.addr >> 32);
			}
		}
		// packed arrays of narrow fields: build them by hand
		uint64_t len = 0, fn = 0, ck = 0;
		for (int c = 0; c < kClients; c++) {
			if (to_issue[c].empty())
				continue;
			Req &q = to_issue[c].front();
			len |= (uint64_t)q.len << (14 * c);
			fn |= (uint64_t)q.func << (7 * c);
			ck |= (uint64_t)cookie_of_front(c) << (16 * c);
		}
		m->req_len_i = len;
		m->req_func_i = fn;
		m->req_cookie_i = ck;
		bool rc_v = !cpls.empty() && rnd(100) >= (unsigned)rc_gap_pct;
		m->rc_valid_i = rc_v;
		if (rc_v) {
			if (!rc_beats++)
				rc_first = now;
			rc_last = now;
			Cpl &c = cpls.front();
			for (int i = 0; i < 4; i++)
				m->rc_hdr_i[i] = c.hdr[i];
			for (int i = 0; i < 4; i++) {
				size_t k = 4 * cpl_beat + i;
				m->rc_data_i[i] = k < c.data.size() ? c.data[k] : 0xdeadbeef;
			}
			size_t beats = c.data.empty() ? 1 : (c.data.size() + 3) / 4;
			m->rc_last_i = (cpl_beat + 1 == beats);
			m->rc_sof_i = cpl_beat == 0;
		}
		m->clk_i = 0;
		eval_dump();

		// sample
		if (m->rq_valid_o && m->rq_ready_i) {
			uint32_t h[4];
			for (int i = 0; i < 4; i++)
				h[i] = m->rq_hdr_o[i];
			check_mrd(h);
		}
		for (int c = 0; c < kClients; c++) {
			if ((m->req_valid_i >> c & 1) && (m->req_ready_o >> c & 1)) {
				Req q = to_issue[c].front();
				to_issue[c].pop_front();
				reqs[cookie_pending[c]] = q;
				cookie_pending[c] = 0;
			}
		}
		if (m->rc_unexpected_o)
			unexpected++;
		if (m->timeout_o)
			timeouts++;
		if (m->cpl_valid_o) {
			unsigned ck2 = m->cpl_cookie_o;
			auto it = reqs.find(ck2);
			if (it == reqs.end()) {
				fail("data for a cookie not in flight");
			} else {
				Req &q = it->second;
				if ((int)m->cpl_client_o != q.client)
					fail("data to the wrong client");
				unsigned lead = q.addr & 3;
				for (unsigned k = 0; k < m->cpl_dws_o; k++) {
					uint32_t v = m->cpl_data_o[k];
					for (int b = 0; b < 4; b++) {
						long off = (long)(4 * (m->cpl_dw_off_o + k) + b) - lead;
						if (off < 0 || off >= (long)q.len)
							continue;
						uint8_t want = mem_byte(q.addr + off);
						uint8_t got = v >> (8 * b);
						if (got != want)
							fail("wrong byte at offset %ld", off);
						if (q.got[off] >= 0)
							fail("byte delivered twice");
						q.got[off] = got;
					}
				}
			}
		}
		if (m->done_valid_o) {
			auto it = reqs.find(m->done_cookie_o);
			if (it == reqs.end()) {
				fail("done for a cookie not in flight");
			} else {
				Req &q = it->second;
				if (m->done_err_o) {
					done_err++;
					if (!q.expect_err && !ur_pct && !poison_pct && !lose_pct)
						fail("unexpected error done");
				} else {
					done_ok++;
					if (q.expect_err)
						fail("request that must fail succeeded");
					for (unsigned k = 0; k < q.len; k++)
						if (q.got[k] < 0) {
							fail("done before byte %u of %u", k, q.len);
							break;
						}
				}
				reqs.erase(it);
			}
		}
		if (rc_v) {
			Cpl &c = cpls.front();
			size_t beats = c.data.empty() ? 1 : (c.data.size() + 3) / 4;
			if (++cpl_beat == beats) {
				cpls.pop_front();
				cpl_beat = 0;
			}
		}
		m->clk_i = 1;
		eval_dump();
		now++;
	}

	unsigned cookie_pending[kClients] = {0, 0, 0};
	unsigned cookie_of_front(int c)
	{
		if (!cookie_pending[c]) {
			cookie_pending[c] = next_cookie;
			next_cookie = (next_cookie % 0xfffe) + 1;
		}
		return cookie_pending[c];
	}

	void add(int client, uint64_t addr, unsigned len, unsigned func, bool expect_err = false)
	{
		Req q;
		q.client = client;
		q.addr = addr;
		q.len = len;
		q.func = func;
		q.got.assign(len, -1);
		q.expect_err = expect_err;
		to_issue[client].push_back(q);
	}

	bool busy()
	{
		for (auto &q : to_issue)
			if (!q.empty())
				return true;
		return !reqs.empty() || !cpls.empty() || !pending.empty();
	}

	bool run(uint64_t max)
	{
		uint64_t end = now + max;
		while (busy() && now < end)
			cycle();
		for (int i = 0; i < 4; i++)
			cycle();
		return !busy();
	}

	void summary() override
	{
		std::printf("# %" PRIu64 " cycles, %" PRIu64 " MRds\n", now, mrds);
	}
};

// The tests run one after another on one engine (no reset in between)

// 1: one small aligned read
void t_one_read(Tb &t)
{
	t.add(0, 0x1000, 64, 0);
	bool idle = t.run(10000);
	t.check(idle, "still busy after 10000 cycles");
	t.check(t.done_ok == 1, "%d reads done, expected 1", t.done_ok);
}

// 2: unaligned, odd lengths, crossing MRRS boundaries, 64-bit addresses
void t_unaligned(Tb &t)
{
	int before = t.done_ok;
	t.add(1, 0x1003, 1, 1);
	t.add(1, 0x1ff, 2, 1);
	t.add(2, 0x12345fd, 1500, 2);
	t.add(0, 0x1234567800000ffeull, 9014, 3);
	t.add(2, 0xffd, 16383, 4);
	bool idle = t.run(200000);
	t.check(idle, "still busy after 200000 cycles");
	t.check(t.done_ok == before + 5, "%d reads done, expected 5", t.done_ok - before);
}

// 3: MRRS from 128 to 4096
void t_mrrs(Tb &t)
{
	int before = t.done_ok;
	bool idle = false;
	for (unsigned m = 0; m <= 5; m++) {
		t.mrrs = m;
		t.add(m % 3, 0x40000 + 777 * m, 5000, m);
		idle = t.run(200000);
	}
	t.mrrs = 2;
	t.check(idle, "still busy after the last 200000 cycles");
	t.check(t.done_ok == before + 6, "%d reads done, expected 6", t.done_ok - before);
}

// 4: Bus Master Enable clear: error at once, no MRd
void t_bme(Tb &t)
{
	uint64_t mrds = t.mrds;
	int errs = t.done_err;
	t.bme &= ~(1u << 5);
	t.add(0, 0x2000, 100, 5, true);
	t.add(1, 0x2000, 100, 9, true);	// no such function
	t.add(2, 0x2000, 0, 1, true);	// zero length
	bool idle = t.run(10000);
	t.check(idle, "still busy after 10000 cycles");
	t.check(t.done_err == errs + 3, "%d error dones, expected 3", t.done_err - errs);
	t.check(t.mrds == mrds, "%" PRIu64 " MRds issued, expected none", t.mrds - mrds);
	t.bme |= 1u << 5;
}

// 5: UR completions end the request with an error
void t_ur(Tb &t)
{
	int errs = t.done_err;
	t.ur_pct = 100;
	t.add(0, 0x3000, 2000, 1, true);
	bool idle = t.run(20000);
	t.check(idle, "still busy after 20000 cycles");
	t.check(t.done_err == errs + 1, "%d error dones, expected 1", t.done_err - errs);
	t.ur_pct = 0;
}

// 6: poisoned data is not delivered and fails the request
void t_poison(Tb &t)
{
	int errs = t.done_err;
	t.poison_pct = 100;
	t.add(1, 0x3000, 300, 2, true);
	bool idle = t.run(20000);
	t.check(idle, "still busy after 20000 cycles");
	t.check(t.done_err == errs + 1, "%d error dones, expected 1", t.done_err - errs);
	t.poison_pct = 0;
}

// 7: unexpected completions (tag not outstanding, wrong requester ID) are dropped
void t_unexpected(Tb &t)
{
	int unexp = t.unexpected;
	Cpl c{};
	c.hdr[0] = (0x4Au << 24) | 1;
	c.hdr[1] = (0x0100u << 16) | 4;
	c.hdr[2] = ((uint32_t)kRidBase << 16) | (3u << 8);
	c.data.push_back(0x11223344);
	t.cpls.push_back(c);
	c.hdr[2] = ((uint32_t)(kRidBase + 50) << 16) | (3u << 8);
	t.cpls.push_back(c);
	bool idle = t.run(1000);
	t.check(idle, "still busy after 1000 cycles");
	t.check(t.unexpected == unexp + 2, "%d unexpected completions, expected 2",
		t.unexpected - unexp);
}

// 8: timeout: lost completions end the request with an error, engine recovers
void t_timeout(Tb &t)
{
	int errs = t.done_err;
	int tos = t.timeouts;
	t.lose_pct = 100;
	t.add(2, 0x5000, 700, 1, true);
	uint64_t end = t.now + (1u << 12) * 4;
	while (t.now < end && t.done_err == errs)
		t.cycle();
	t.pending.clear();	// the host never answers them
	bool ok = t.check(t.done_err == errs + 1, "%d error dones, expected 1", t.done_err - errs);
	ok = t.check(t.timeouts > tos, "no timeout reported") && ok;
	t.lose_pct = 0;
	int before = t.done_ok;
	t.add(2, 0x5000, 700, 1);
	if (ok) {  // the engine recovers: the same read again, answered
		bool idle = t.run(20000);
		t.check(idle, "still busy after 20000 cycles");
		t.check(t.done_ok == before + 1, "%d reads done, expected 1", t.done_ok - before);
	}
}

// 9: random traffic from all clients, reordered and split completions
void t_random(Tb &t)
{
	int before = t.done_ok;
	int n = 0;
	for (int i = 0; i < 3000; i++) {
		unsigned len = t.rnd(4) ? 1 + t.rnd(256) : 1 + t.rnd(16383);
		uint64_t addr = t.rng() & (t.rnd(2) ? 0xffffffffull : 0xffffffffffffull);
		t.add(t.rnd(kClients), addr, len, t.rnd(kFuncs));
		n++;
		if (i % 50 == 49)
			t.run(2000000);
	}
	bool idle = t.run(5000000);
	t.check(idle, "still busy after 5000000 cycles");
	t.check(t.done_ok == before + n, "%d reads done, expected %d", t.done_ok - before, n);
}

// 10: throughput: rc never idle by choice, rq always ready, the host answers after 78
// cycles; the completion stream must stay busy (the engine must keep enough MRds in flight)
void t_throughput(Tb &t)
{
	t.latency_min = t.latency_max = 78;
	t.rc_gap_pct = 0;
	t.rq_stall_pct = 0;
	t.split_cpls = false;
	struct Case {
		unsigned len;
		double min_util;	// rc beats / cycles from the first beat to the last
	} cases[] = {{1514, 0.95}, {4096, 0.95}, {64, 0.70}};
	for (const Case &c : cases) {
		int before = t.done_ok;
		for (int i = 0; i < 400; i++)
			t.add(i % kClients, 0x100000 + (uint64_t)i * 8192, c.len, i % kFuncs);
		t.rc_beats = 0;
		bool idle = t.run(400000);
		double util = (double)t.rc_beats / (double)(t.rc_last - t.rc_first + 1);
		std::printf("# %u-byte reads: %" PRIu64 " rc beats in %" PRIu64 " cycles, %.1f%% busy\n",
			    c.len, t.rc_beats, t.rc_last - t.rc_first + 1, 100.0 * util);
		t.check(idle, "still busy after 400000 cycles");
		t.check(t.done_ok == before + 400, "%d reads done, expected 400", t.done_ok - before);
		t.check(util >= c.min_util, "rc %.1f%% busy for %u-byte reads, expected >= %.0f%%",
			100.0 * util, c.len, 100.0 * c.min_util);
	}
	t.latency_min = 20;
	t.latency_max = 120;
	t.rc_gap_pct = 20;
	t.rq_stall_pct = 25;
	t.split_cpls = true;
}

}  // namespace

int main(int argc, char **argv)
{
	uint64_t seed = vfnic_tb::seed_from_env();
	Tb t(seed, argc > 1 ? argv[1] : ".");
	const std::vector<vfnic_tb::Test<Tb>> tests = {
		{"one 64-byte read returns the host's bytes", false, t_one_read},
		{"unaligned reads, 1..16383 bytes, MRRS splits, 64-bit addresses", false,
		 t_unaligned},
		{"every Max Read Request Size", false, t_mrrs},
		{"BME clear, unknown function, zero length: error, no MRd", false, t_bme},
		{"UR completion: error done, tags freed", false, t_ur},
		{"poisoned completion: error done, data dropped", false, t_poison},
		{"unexpected completions counted and dropped", false, t_unexpected},
		{"completion timeout: error done, engine recovers", false, t_timeout},
		{"3000 random reads from 3 clients, reordered completions: every byte right", false,
		 t_random},
		{"throughput: the completion stream stays busy at 78 cycles of host latency", false,
		 t_throughput},
	};
	return vfnic_tb::run_tests(t, tests, "");
}
