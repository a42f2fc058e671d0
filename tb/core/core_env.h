// SPDX-License-Identifier: MIT
// Cycle-level environment for vfnic_core: drivers for the cq/rc input streams and monitors for
// the cc/rq output streams (all with seeded random backpressure), a host memory model that
// answers the core's reads, and the in-order completion scoreboard for cq requests.
#ifndef VFNIC_CORE_ENV_H
#define VFNIC_CORE_ENV_H

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "Vvfnic_core.h"
#include "verilated.h"
#include "verilated_fst_c.h"

#include "vfn_tlp.h"

struct Tlp {
	uint32_t hdr[4] = {0, 0, 0, 0};
	std::vector<uint32_t> data;  // payload DWs as carried (may disagree with Length on purpose)
	uint64_t start = 0;	     // output streams: cycle its first beat became valid

	unsigned beats() const { return data.empty() ? 1 : (unsigned)(data.size() + 3) / 4; }
	unsigned ft() const { return vfn_tlp_fmt_type(hdr); }
	std::string str() const;
};

// How the host answers the core's memory reads
enum class HostRead { Normal, UR, CA, Drop, Poison };

class Env;

// Input stream (cq, rc): TLPs are presented beat by beat; valid rises after random gaps and,
// once up, stays until the beat is taken (AXI-Stream rule).
struct InStream {
	std::deque<std::pair<uint64_t, Tlp>> q;	 // (earliest cycle, TLP)
	unsigned beat = 0;
	bool valid = false;
	unsigned gap_pct = 30;

	void prepare(uint64_t now, std::mt19937_64 &rng);
	void drive(CData &v, VlWide<4> &hdr, VlWide<4> &data, CData &last) const;
	void advance(bool fire);
	bool busy() const { return valid || !q.empty(); }
};

// Output stream (cc, rq): random ready, AXI-Stream stability check, TLP reassembly
struct OutMon {
	const char *name;
	unsigned ready_pct = 70;
	bool ready = false;
	bool stalled = false;
	uint32_t prev_hdr[4] = {0, 0, 0, 0};
	uint32_t prev_data[4] = {0, 0, 0, 0};
	bool prev_last = false;
	bool in_tlp = false;
	bool presenting = false;  // a beat of a new TLP has been valid, not yet taken
	uint64_t present_since = 0;
	Tlp cur;
	std::deque<Tlp> done;  // reassembled TLPs not yet consumed

	explicit OutMon(const char *n) : name(n) {}
	void observe(Env &env, bool valid, const VlWide<4> &hdr, const VlWide<4> &data, bool last);
};

struct RqRecord {
	uint64_t cycle;
	Tlp tlp;
};

class Env
{
      public:
	Env(uint64_t seed, const std::string &outdir, const std::string &tag);
	~Env();

	// ---- clocking ----
	void reset();
	void cycle();
	void run(unsigned n);
	bool run_until(const std::function<bool()> &pred, uint64_t max, const char *what);
	// until every queue is empty, every completion is in and the core reports idle
	void drain();

	// ---- checking ----
	void fail(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
	bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
	unsigned errors = 0;  // in the current test
	unsigned total_errors = 0;

	// ---- cq requests ----
	uint64_t send(const Tlp &t);  // returns an id; non-posted ones are scoreboarded
	bool has_cpl(uint64_t id) const { return results.count(id) != 0; }
	Tlp wait_cpl(uint64_t id);
	Tlp take_cpl(uint64_t id);
	uint8_t next_tag() { return tag_ctr++; }

	Tlp cfg_tlp(bool write, unsigned reg, uint32_t val, unsigned be, unsigned func = 0);
	Tlp mem_tlp(bool write, uint64_t addr, unsigned ndw, unsigned fbe, unsigned lbe,
		    const std::vector<uint32_t> &data = {});
	Tlp cfg_rd_cpl(unsigned reg, unsigned func = 0);
	uint32_t cfg_rd(unsigned reg);
	Tlp cfg_wr_cpl(unsigned reg, uint32_t val, unsigned be = 0xf, unsigned func = 0);
	void cfg_wr(unsigned reg, uint32_t val, unsigned be = 0xf);
	Tlp mem_rd_cpl(uint64_t addr, unsigned ndw, unsigned fbe = 0xf, unsigned lbe = 0xf);
	uint32_t mem_rd32(uint64_t addr);
	uint64_t mem_rd64(uint64_t addr);
	void mem_wr32(uint64_t addr, uint32_t val, unsigned fbe = 0xf);
	void mem_wr64(uint64_t addr, uint64_t val, unsigned fbe = 0xf, unsigned lbe = 0xf);
	uint32_t reg_rd(unsigned off) { return mem_rd32(bar0 + off); }
	void reg_wr(unsigned off, uint32_t v) { mem_wr32(bar0 + off, v); }

	// ---- standard bring-up: reset, enumerate (bus capture, BARs), enable MSE and BME ----
	void bring_up();
	uint16_t dev_rid() const { return (uint16_t)((bus << 8) | (dev << 3)); }
	// routing ID of function func relative to the PF (VF n: func = 1 + n)
	uint16_t cfg_id(unsigned func = 0) const
	{
		return (uint16_t)((bus << 8) | ((dev << 3) + func) % 256);
	}

	// ---- host memory model ----
	uint8_t host_byte(uint64_t a) const;
	void host_write(uint64_t a, uint8_t v) { host_mem[a] = v; }
	HostRead host_read_mode = HostRead::Normal;
	unsigned host_lat_min = 4, host_lat_max = 120;
	bool host_split = true;
	std::vector<RqRecord> rq_log;  // every TLP the core sent on rq
	std::vector<RqRecord> irqs;    // MWr to the MSI window
	bool is_msi_addr(uint64_t a) const
	{
		return (a & ~0xfffffULL) == 0xfee00000ULL || (a & ~0xfffffULL) == 0x1fee00000ULL;
	}
	void host_complete(const Tlp &rd, unsigned status, uint8_t tag, bool poison = false);
	void inject_rc(const Tlp &t, unsigned delay = 0);

	// ---- state ----
	std::mt19937_64 rng;
	uint64_t rnd(uint64_t n) { return n ? rng() % n : 0; }
	uint64_t now = 0;
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vvfnic_core> top;
	std::unique_ptr<VerilatedFstC> fst;
	std::string fst_path, log_path;
	FILE *txlog = nullptr;

	InStream cq, rc;
	OutMon cc{"cc"}, rq{"rq"};

	uint16_t host_rid = 0x00f8;  // the requester ID the "root port" uses
	unsigned bus = 0, dev = 0;
	uint64_t bar0 = 0, bar2 = 0;
	bool bme = false;	  // Command.BME as far as the TB can tell
	std::set<uint16_t> vf_bme_rids;	 // requester IDs of VFs whose BME the TB has set
	uint64_t bme_off_at = 0;  // cycle the core confirmed clearing BME

	void logtlp(const char *dir, const Tlp &t);

      private:
	struct Outstanding {
		uint64_t id;
		uint8_t tag;
		uint16_t rid;
	};
	std::deque<Outstanding> outstanding;
	std::map<uint64_t, Tlp> results;
	std::map<uint64_t, uint8_t> host_mem;
	uint64_t next_id = 1;
	uint8_t tag_ctr = 0;

	void on_cc(const Tlp &t);
	void on_rq(const Tlp &t);
};

#endif
