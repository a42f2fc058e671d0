// SPDX-License-Identifier: MIT
// vfnic datapath benchmarks (`make bench`, docs/datapath.md "Benchmarks"): cycle-accurate TX,
// RX and VF<->VF throughput, rate-limiter accuracy, fairness and interrupt rate of the
// Verilated vfnic_core (TotalVfs = 64) at 156.25 MHz. Writes readable tables to stdout and
// OUT/*.dat + OUT/results.md (OUT = --out, default build/bench); tb/bench/plots.gp draws them.
//
//   bench [--quick] [--lat-ns N] [--rcb BYTES] [--ring-log2 N] [--only tx,rx,vf2vf,rate,irq]
//         [--sizes 64,...] [--vfs 0,1,8,64] [--out DIR]
//   env: BENCH_RATES=bps:size:frames,... replaces the rate list; BENCH_RATE_DUMP=1 prints the
//        limited VF's frame start times.
//
// Environment (bench_env.cpp): host memory is a flat 128 MiB at 4 GiB; every MRd is answered
// --lat-ns (default 500 ns = 78 cycles) after it left rq, split at --rcb (64 B) boundaries,
// completions back to back on rc; rq and cc always ready; MSI-X MWrs (0xFEEx_xxxx) counted per
// function/vector. Register accesses are cq MRd/MWr TLPs (reads run the clock until their
// CplD). Each scenario starts from a core reset: enumeration, MPS 256 / MRRS 512, ARI, 64 VFs
// enabled (only the "active" ones get rings and Bus Master Enable). The driver (driver/hw
// vfnic_dp) runs every 16 cycles at no simulated cost: TX rings kept full (one descriptor per
// frame with EOP|RS, reclaim by DD, TAIL in batches of 32), RX rings re-posted (TAIL batches
// of 32). MAC: eth_tx_ready is held low while the line is busy; frame k+1 may start at byte
// time L = start_k + bytes + 4 + 20 (8 byte times per cycle, fractional, so the average is
// exact 10 GbE); eth_rx frames are injected at exactly that rate.
// Throughput = frame bytes incl. FCS per second, from bytes accepted by the MAC (TX) or DMA-
// written into RX buffers (RX, VF<->VF) over a window after a warm-up; the rate limiter is
// measured between frame start times at the MAC over whole periods of its pacing pattern.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench.h"

namespace
{
const unsigned kSizes[] = {64, 128, 256, 512, 1024, 1518, 9018};
const uint8_t kExtMac[6] = {0x02, 0xee, 0x00, 0x00, 0x00, 0x02};  // not local: goes to the wire

double line_fps(unsigned s) { return 10e9 / ((s + 20) * 8.0); }
double line_gbps(unsigned s) { return 10.0 * s / (s + 20); }

struct Row {
	std::string scen;
	std::string cfg;	// e.g. "PF", "1 VF"
	unsigned nvf = 0, size = 0;
	uint64_t cycles = 0;
	uint64_t frames = 0, offered = 0, drops = 0;
	double gbps = 0, mpps = 0, pct = 0, jain = 0;
	double min_share = 0, max_share = 0;
	Probe d;		// probe delta over the window
	std::string note;
};

Probe operator-(const Probe &a, const Probe &b)
{
	Probe r = a;
	r.cycles -= b.cycles;
	r.tx_beats -= b.tx_beats;
	r.tx_frames -= b.tx_frames;
	r.tx_bytes -= b.tx_bytes;
	r.tx_beat_bytes -= b.tx_beat_bytes;
	r.rx_buf_bytes -= b.rx_buf_bytes;
	r.tx_starved -= b.tx_starved;
	r.tx_underrun -= b.tx_underrun;
	r.tx_line_busy -= b.tx_line_busy;
	r.rq_beats -= b.rq_beats;
	r.rq_mrd -= b.rq_mrd;
	r.rq_mrd_desc -= b.rq_mrd_desc;
	r.rq_mrd_bytes -= b.rq_mrd_bytes;
	r.rq_mwr -= b.rq_mwr;
	r.rq_mwr_beats -= b.rq_mwr_beats;
	r.rq_mwr_bytes -= b.rq_mwr_bytes;
	r.rq_msi -= b.rq_msi;
	r.rc_beats -= b.rc_beats;
	r.rc_waiting -= b.rc_waiting;
	r.tags_sum -= b.tags_sum;
	r.rx_frames_in -= b.rx_frames_in;
	r.cq_beats -= b.cq_beats;
	return r;
}

struct Ctx {
	Bench *b;
	bool quick;
	std::vector<Row> rows;
	double wall_s = 0;
};

// measurement window in cycles for frame size s: at least nframes frames at line rate
uint64_t window(const Ctx &c, unsigned s, unsigned nframes, uint64_t lo, uint64_t hi)
{
	if (c.quick) {
		nframes /= 4;
		lo /= 4;
		hi /= 4;
	}
	uint64_t w = (uint64_t)(nframes * (s + 20) / 8.0);
	return w < lo ? lo : w > hi ? hi : w;
}

void fill(Row &r, double frames, unsigned s)
{
	double t = r.cycles / kClockHz;
	r.gbps = frames * s * 8 / t / 1e9;
	r.mpps = frames / t / 1e6;
	r.pct = 100.0 * (frames / t) / line_fps(s);
}

std::string vf_cfg(unsigned n) { return n ? std::to_string(n) + (n == 1 ? " VF" : " VFs") : "PF"; }

uint64_t fstat(Bench &b, unsigned f, unsigned idx)
{
	return vfnic_read_counter(&b.pf().hw, VFNIC_REG_FUNC_STAT_LO(f) + 8 * idx);
}

uint64_t pstat(Bench &b, unsigned idx)
{
	return vfnic_read_counter(&b.pf().hw, VFNIC_REG_PSTAT_LO(idx));
}

void func_common(Bench &b, unsigned f, unsigned s)
{
	if (f)
		b.vf_bme(f);
	vfnic_pf_set_mac(&b.pf().hw, f, b.fn[f].mac);
	if (s > 1518)
		vfnic_pf_set_max_frame(&b.pf().hw, f, 9018);
}

double jain(const std::vector<double> &x)
{
	double s = 0, q = 0;
	for (double v : x) {
		s += v;
		q += v * v;
	}
	return q > 0 ? s * s / (x.size() * q) : 0;
}

// ---- (1) TX, (5) fairness ----
// fair: a window of whole scheduler rounds (64 VFs x 8-descriptor bursts, 16 rounds), so
// that Jain's index measures the scheduler and not where the window cuts a round
Row run_tx(Ctx &c, unsigned nvf, unsigned s, bool fair = false)
{
	Bench &b = *c.b;
	b.bring_up(64);
	std::vector<unsigned> funcs;
	if (!nvf)
		funcs.push_back(0);
	for (unsigned n = 0; n < nvf; n++)
		funcs.push_back(1 + n);
	for (unsigned f : funcs)
		func_common(b, f, s);
	for (unsigned f : funcs)
		b.tx_ring_up(f, s - 4, kExtMac);
	b.run(window(c, s, 40, 12000, 40000));
	Probe p0 = b.p;
	std::vector<uint64_t> f0(b.mac_func_frames, b.mac_func_frames + kMaxFuncs);
	// Fairness counts frames per VF over 16 scheduler rounds (VFs x 8-descriptor bursts): a
	// VF's burst cut by either end of the window moves its share by up to 8 frames, so fewer
	// rounds would measure the window, not the scheduler (4 rounds gave Jain 0.984), so
	// --quick does not shorten it.
	Ctx full = c;
	full.quick = false;
	uint64_t w = fair ? window(full, s, nvf * 8 * 16, 20000, 4000000)
			  : window(c, s, nvf >= 64 ? 64 * 12 : 2000, 20000, nvf >= 64 ? 160000 : 100000);
	b.run(w);
	Row r;
	r.scen = fair ? "fair" : "tx";
	r.cfg = vf_cfg(nvf);
	r.nvf = nvf;
	r.size = s;
	r.d = b.p - p0;
	r.cycles = r.d.cycles;
	r.frames = r.d.tx_frames;
	fill(r, (double)r.d.tx_beat_bytes / (s - 4), s);
	std::vector<double> share;
	for (unsigned f : funcs)
		share.push_back((double)(b.mac_func_frames[f] - f0[f]));
	r.jain = jain(share);
	double tot = 0, mn = 1e18, mx = 0;
	for (double v : share) {
		tot += v;
		mn = v < mn ? v : mn;
		mx = v > mx ? v : mx;
	}
	r.min_share = tot ? mn / (tot / share.size()) : 0;
	r.max_share = tot ? mx / (tot / share.size()) : 0;
	uint32_t errs = 0;
	for (unsigned f : funcs)
		for (unsigned k = 1; k < 16; k++)
			errs += b.fn[f].tx_errs[k];
	if (errs)
		r.note = "TXERR write-backs: " + std::to_string(errs);
	return r;
}

// ---- (2) RX ----
Row run_rx(Ctx &c, unsigned nvf, unsigned s)
{
	Bench &b = *c.b;
	b.bring_up(64);
	std::vector<unsigned> funcs;
	for (unsigned n = 0; n < nvf; n++)
		funcs.push_back(1 + n);
	unsigned bs = s > 2048 ? 9216 : 2048;
	for (unsigned f : funcs) {
		func_common(b, f, s);
		vfnic_pf_cls_set(&b.pf().hw, f, b.fn[f].mac, 0, true, f);
		b.rx_ring_up(f, bs, false, 0);
	}
	b.rx_start(s - 4, funcs);
	b.run(window(c, s, 40, 12000, 40000));
	Probe p0 = b.p;
	uint64_t d0 = 0;
	for (unsigned f : funcs)
		d0 += b.fn[f].rx_frames;
	b.run(window(c, s, 2000, 20000, 100000));
	Row r;
	r.scen = "rx";
	r.cfg = vf_cfg(nvf);
	r.nvf = nvf;
	r.size = s;
	r.d = b.p - p0;
	r.cycles = r.d.cycles;
	uint64_t d1 = 0;
	for (unsigned f : funcs)
		d1 += b.fn[f].rx_frames;
	r.frames = d1 - d0;
	r.offered = r.d.rx_frames_in;
	fill(r, (double)r.d.rx_buf_bytes / (s - 4), s);
	b.rx_run = false;
	// drops over the whole run (counters): port overflow/miss + per-function no-descriptor
	uint64_t ovf = pstat(b, VFNIC_PSTAT_RX_OVERFLOW), miss = pstat(b, VFNIC_PSTAT_RX_MISS);
	uint64_t nodesc = 0, ovs = 0;
	for (unsigned f : funcs) {
		nodesc += fstat(b, f, VFNIC_FSTAT_DROP_NODESC);
		ovs += fstat(b, f, VFNIC_FSTAT_DROP_OVERSIZE);
	}
	r.drops = ovf + miss + nodesc + ovs;
	char buf[160];
	std::snprintf(buf, sizeof(buf), "run drops: overflow %llu, miss %llu, nodesc %llu, oversize %llu",
		      (unsigned long long)ovf, (unsigned long long)miss, (unsigned long long)nodesc,
		      (unsigned long long)ovs);
	r.note = buf;
	return r;
}

// ---- (3) VF <-> VF through the VEB ----
Row run_vf2vf(Ctx &c, unsigned nvf, unsigned s)
{
	Bench &b = *c.b;
	b.bring_up(64);
	unsigned bs = s > 2048 ? 9216 : 2048;
	std::vector<unsigned> rx;
	for (unsigned n = 0; n < nvf; n++)
		func_common(b, 1 + n, s);
	for (unsigned k = 0; k < nvf / 2; k++) {
		unsigned rcv = 2 + 2 * k;	// receives from VF 2k (function 1 + 2k)
		vfnic_pf_cls_set(&b.pf().hw, rcv, b.fn[rcv].mac, 0, true, rcv);
		b.rx_ring_up(rcv, bs, false, 0);
		rx.push_back(rcv);
	}
	for (unsigned k = 0; k < nvf / 2; k++)
		b.tx_ring_up(1 + 2 * k, s - 4, b.fn[2 + 2 * k].mac);
	b.run(window(c, s, 40, 12000, 40000));
	Probe p0 = b.p;
	uint64_t d0 = 0;
	for (unsigned f : rx)
		d0 += b.fn[f].rx_frames;
	b.run(window(c, s, 2000, 20000, 100000));
	Row r;
	r.scen = "vf2vf";
	r.cfg = std::to_string(nvf) + " VFs";
	r.nvf = nvf;
	r.size = s;
	r.d = b.p - p0;
	r.cycles = r.d.cycles;
	uint64_t d1 = 0;
	for (unsigned f : rx)
		d1 += b.fn[f].rx_frames;
	r.frames = d1 - d0;
	fill(r, (double)r.d.rx_buf_bytes / (s - 4), s);
	uint64_t veb = pstat(b, VFNIC_PSTAT_VEB_FRAMES), nodesc = 0;
	for (unsigned f : rx)
		nodesc += fstat(b, f, VFNIC_FSTAT_DROP_NODESC);
	char buf[160];
	std::snprintf(buf, sizeof(buf), "wire frames in window %llu; run: VEB_FRAMES %llu, nodesc %llu",
		      (unsigned long long)r.d.tx_frames, (unsigned long long)veb,
		      (unsigned long long)nodesc);
	r.note = buf;
	r.drops = nodesc;
	return r;
}

// ---- (4) rate limiter ----
Row run_rate(Ctx &c, uint64_t bps, unsigned s, unsigned nframes)
{
	Bench &b = *c.b;
	if (c.quick)
		nframes = nframes / 4 < 10 ? 10 : nframes / 4;
	b.bring_up(64);
	func_common(b, 1, s);
	const u32 burst = 4096;
	if (vfnic_pf_set_rate(&b.pf().hw, 1, bps, burst, false))
		std::fprintf(stderr, "bench: rate %llu refused\n", (unsigned long long)bps);
	b.rate_watch = 1;
	b.tx_ring_up(1, s - 4, kExtMac);
	// the bucket starts full (up to RATE_BURST and more before the new depth applies): the
	// steady state begins after the last frame that followed its predecessor in less than half
	// the configured spacing; measure nframes frame starts after it
	double gap = (double)s * 8 / bps * kClockHz * 8;	// spacing in byte times (8 per cycle)
	// The bucket starts full and the engine may send several frames per scheduler turn, so
	// frames leave in bursts: measure from the first frame that follows a gap of more than
	// half the configured spacing (credit exhausted: steady state) to the last such frame, so
	// the window spans whole periods of the pattern
	double line_gap = (s + 20.0), thr = gap / 2;
	if (thr < 1.5 * line_gap)
		thr = (gap + line_gap) / 2;
	auto marks = [&]() {
		std::vector<size_t> m;
		for (size_t i = 1; i < b.rate_log.size(); i++)
			if (b.rate_log[i].first - b.rate_log[i - 1].first > thr)
				m.push_back(i);
		return m;
	};
	uint64_t cap = (uint64_t)((nframes + 300) * gap / 8 * 1.5) + 200000;
	Probe p0 = b.p;
	size_t skip = 0, lastm = 0;
	for (;;) {
		b.run(2000);
		std::vector<size_t> m = marks();
		if (m.size() >= 2) {
			skip = m.front();
			lastm = m.back();
		}
		if ((m.size() >= 2 && lastm - skip >= nframes) || b.p.cycles - p0.cycles > cap)
			break;
	}
	if (std::getenv("BENCH_RATE_DUMP"))
		for (size_t i = 1; i < b.rate_log.size() && i < 200; i++)
			std::printf("rate frame %zu start %llu gap %.1f cycles\n", i,
				    (unsigned long long)b.rate_log[i].first / 8,
				    (b.rate_log[i].first - b.rate_log[i - 1].first) / 8.0);
	Row r;
	r.scen = "rate";
	r.size = s;
	r.cfg = std::to_string(bps);
	r.d = b.p - p0;
	size_t last = lastm;
	if (lastm <= skip) {
		// no pacing gap seen: measure everything after twice the largest bucket
		skip = (2 * 16384 + s - 1) / s + 2;
		last = b.rate_log.size() - 1;
		if (last <= skip) {
			r.note = "too few frames";
			return r;
		}
		r.note = "NO PACING SEEN; ";
	}
	double bytes = 0;
	for (size_t k = skip; k < last; k++)
		bytes += (double)b.rate_log[k].second;
	double t = (b.rate_log[last].first - b.rate_log[skip].first) / 8.0 / kClockHz;
	r.frames = last - skip;
	r.cycles = (uint64_t)(t * kClockHz);
	r.gbps = bytes * 8 / t / 1e9;	// achieved, frame bytes incl. FCS
	r.pct = 100.0 * bytes * 8 / t / (double)bps;
	r.mpps = r.frames / t / 1e6;
	// resolution: one shaper refresh round (NumFuncs cycles) over the window
	char buf[160];
	std::snprintf(buf, sizeof(buf), "%sRATE_INCR %u; resolution +-%.3f%%", r.note.c_str(),
		      vfnic_rate_incr(bps, VFNIC_REG_CLOCK_KHZ_RESET),
		      100.0 * kMaxFuncs / (t * kClockHz));
	r.note = buf;
	return r;
}

// ---- (6) interrupt rate ----
Row run_irq(Ctx &c, bool moderated)
{
	Bench &b = *c.b;
	const unsigned s = 64, f = 1, vec = 0;
	b.bring_up(64);
	func_common(b, f, s);
	vfnic_pf_cls_set(&b.pf().hw, f, b.fn[f].mac, 0, true, f);
	b.vf_msix(f, vec);
	vfnic_wr32(&b.fn[f].hw, VFNIC_REG_ITR_INTERVAL(vec), moderated ? 20 : 0);
	vfnic_wr32(&b.fn[f].hw, VFNIC_REG_ITR_PKTS(vec), moderated ? 32 : 0);
	b.rx_ring_up(f, 2048, true, vec);
	b.rx_start(s - 4, {f});
	b.run(window(c, s, 40, 12000, 40000));
	Probe p0 = b.p;
	uint64_t i0 = b.msi_count[f][vec], d0 = b.fn[f].rx_frames;
	b.run(window(c, s, 0, 150000, 150000));
	Row r;
	r.scen = "irq";
	r.cfg = moderated ? "INTERVAL 20 (8.2 us), PKTS 32" : "off";
	r.size = s;
	r.d = b.p - p0;
	r.cycles = r.d.cycles;
	r.frames = b.fn[f].rx_frames - d0;
	r.offered = b.msi_count[f][vec] - i0;	// interrupts
	fill(r, (double)r.d.rx_buf_bytes / (s - 4), s);
	b.rx_run = false;
	return r;
}

// ---------------------------------------------------------------------------------------------
// reporting
// ---------------------------------------------------------------------------------------------

std::string probe_cols(const Row &r)
{
	const Probe &d = r.d;
	double cy = d.cycles ? (double)d.cycles : 1;
	double fr = r.frames ? (double)r.frames : 1;
	char buf[400];
	std::snprintf(buf, sizeof(buf),
		      "%5.1f | %6llu | %5.1f | %5.1f | %5.1f | %3llu | %4.2f | %6.0f | %4.2f",
		      100.0 * d.tx_starved / cy, (unsigned long long)d.tx_underrun,
		      100.0 * d.rq_beats / cy, 100.0 * d.rc_beats / cy, d.tags_sum / cy,
		      (unsigned long long)d.tags_max, d.rq_mrd_desc / fr,
		      d.rq_mrd > d.rq_mrd_desc ? (double)(d.rq_mrd_bytes) / d.rq_mrd : 0.0,
		      d.rq_mwr / fr);
	return buf;
}

const char *kProbeHdr = "MAC starved % | underrun cyc | rq util % | rc util % | tags avg | "
			"tags max | desc MRd/frame | B/MRd | MWr/frame";

void print_tp(FILE *o, const std::vector<Row> &rows, const char *scen, bool md)
{
	bool rx = std::strcmp(scen, "tx") != 0;
	std::fprintf(o, "| config | size B | cycles | frames |%s Gb/s | Mpps | %% line | %s |%s\n",
		     rx ? " offered |" : "", kProbeHdr, rx ? " notes |" : " Jain | notes |");
	std::fprintf(o, "|---|---|---|---|%s---|---|---|---|---|---|---|---|---|---|---|---|%s\n",
		     rx ? "---|" : "", rx ? "---|" : "---|---|");
	for (const Row &r : rows) {
		if (r.scen != scen)
			continue;
		std::fprintf(o, "| %s | %u | %llu | %llu |", r.cfg.c_str(), r.size,
			     (unsigned long long)r.cycles, (unsigned long long)r.frames);
		if (rx)
			std::fprintf(o, " %llu |", (unsigned long long)r.offered);
		std::fprintf(o, " %.3f | %.3f | %.1f | %s |", r.gbps, r.mpps, r.pct,
			     probe_cols(r).c_str());
		if (!rx)
			std::fprintf(o, " %.4f |", r.jain);
		std::fprintf(o, " %s |\n", r.note.c_str());
	}
	(void)md;
}

void print_rate(FILE *o, const std::vector<Row> &rows)
{
	std::fprintf(o, "| configured | frame B | frames measured | window cycles | achieved Mb/s | "
			"achieved / configured | notes |\n|---|---|---|---|---|---|---|\n");
	for (const Row &r : rows)
		if (r.scen == "rate")
			std::fprintf(o, "| %.0f Mb/s | %u | %llu | %llu | %.4f | %.5f | %s |\n",
				     std::atof(r.cfg.c_str()) / 1e6, r.size,
				     (unsigned long long)r.frames, (unsigned long long)r.cycles,
				     r.gbps * 1e3, r.pct / 100, r.note.c_str());
}

void print_fair(FILE *o, const std::vector<Row> &rows)
{
	std::fprintf(o, "| VFs | frame B | frames | Gb/s | %% line | Jain's index | min/mean | "
			"max/mean |\n|---|---|---|---|---|---|---|---|\n");
	for (const Row &r : rows)
		if (r.scen == "fair")
			std::fprintf(o, "| %u | %u | %llu | %.3f | %.1f | %.4f | %.3f | %.3f |\n",
				     r.nvf, r.size, (unsigned long long)r.frames, r.gbps, r.pct,
				     r.jain, r.min_share, r.max_share);
}

void print_irq(FILE *o, const std::vector<Row> &rows)
{
	std::fprintf(o, "| moderation | window cycles | frames | Mpps | interrupts | interrupts/s | "
			"frames/interrupt |\n|---|---|---|---|---|---|---|\n");
	for (const Row &r : rows)
		if (r.scen == "irq") {
			double t = r.cycles / kClockHz;
			std::fprintf(o, "| %s | %llu | %llu | %.3f | %llu | %.0f | %.1f |\n",
				     r.cfg.c_str(), (unsigned long long)r.cycles,
				     (unsigned long long)r.frames, r.mpps,
				     (unsigned long long)r.offered, r.offered / t,
				     r.offered ? (double)r.frames / r.offered : 0.0);
		}
}

// one .dat per throughput scenario: size, line rate, then Gb/s and Mpps per configuration
void write_dat(const std::string &dir, const std::vector<Row> &rows, const char *scen)
{
	std::vector<std::string> cfgs;
	for (const Row &r : rows)
		if (r.scen == scen) {
			bool seen = false;
			for (auto &x : cfgs)
				seen = seen || x == r.cfg;
			if (!seen)
				cfgs.push_back(r.cfg);
		}
	if (cfgs.empty())
		return;
	FILE *f = std::fopen((dir + "/" + scen + ".dat").c_str(), "w");
	if (!f)
		return;
	// first line: column heads for gnuplot (plots.gp); Gb/s and Mpps per configuration
	std::fprintf(f, "size \"10 GbE line rate\" \"line Mpps\"");
	for (auto &x : cfgs)
		std::fprintf(f, " \"%s\" \"%s Mpps\"", x.c_str(), x.c_str());
	std::fprintf(f, "\n");
	for (unsigned s : kSizes) {
		std::fprintf(f, "%u %.4f %.4f", s, line_gbps(s), line_fps(s) / 1e6);
		for (auto &x : cfgs) {
			const Row *hit = nullptr;
			for (const Row &r : rows)
				if (r.scen == scen && r.cfg == x && r.size == s)
					hit = &r;
			if (hit)
				std::fprintf(f, " %.4f %.4f", hit->gbps, hit->mpps);
			else
				std::fprintf(f, " NaN NaN");
		}
		std::fprintf(f, "\n");
	}
	std::fclose(f);
}

void write_results(const std::string &dir, const Ctx &c, const std::string &cmd,
		   const BenchOpts &o)
{
	FILE *f = std::fopen((dir + "/results.md").c_str(), "w");
	if (!f)
		return;
	std::fprintf(f, "# vfnic datapath benchmarks (cycle-accurate)\n\n");
	std::fprintf(f, "Command: `%s`\n\n", cmd.c_str());
	std::fprintf(f, "Core: `vfnic_core`, Verilator 5.006, `-GTotalVfs=64`, 156.25 MHz, 64-bit "
			"Ethernet stream, 128-bit TLP streams. Host: DMA read latency %u cycles "
			"(%.0f ns), completions split at %u-byte boundaries (0 = not split), rq "
			"always ready, MPS 256, MRRS 512. Driver (driver/hw): rings of %u "
			"descriptors, RS on every frame, TAIL in batches of %u, serviced every %u "
			"cycles. MAC: exact 10 GbE pacing (frame + 4 FCS + 20 preamble/IFG). Frame "
			"sizes on the wire incl. FCS. %s\n\n",
		o.lat_cycles, o.lat_cycles / kClockHz * 1e9, o.rcb, 1u << o.ring_log2,
		o.kick_batch, o.drv_period, c.quick ? "**Quick mode (short windows).**" : "");
	std::fprintf(f, "Probe columns (over the measurement window): *MAC starved* = cycles the "
			"MAC was ready between frames and the core had no beat; *underrun* = cycles "
			"inside a frame without a beat; *rq/rc util* = beats / cycles; *tags* = DMA "
			"reads outstanding (issued, last completion not yet delivered); *desc "
			"MRd/frame* = descriptor reads per frame; *B/MRd* = mean read size; "
			"*MWr/frame* = DMA writes per frame (data, write-backs, MSI-X).\n\n");
	std::fprintf(f, "## TX (to the wire)\n\n");
	print_tp(f, c.rows, "tx", true);
	std::fprintf(f, "\n![TX](tx.png)\n\n## RX (from the wire, round robin over the VFs)\n\n");
	print_tp(f, c.rows, "rx", true);
	std::fprintf(f, "\n![RX](rx.png)\n\n## VF to VF through the VEB (VF 2k -> VF 2k+1)\n\n");
	print_tp(f, c.rows, "vf2vf", true);
	std::fprintf(f, "\n![VF-VF](vf2vf.png)\n\n## Rate limiter (one VF, wait mode, saturating "
			"sender)\n\n");
	print_rate(f, c.rows);
	std::fprintf(f, "\n## Fairness (saturating TX, per-VF frames in the window)\n\n");
	print_fair(f, c.rows);
	std::fprintf(f, "\n## Interrupt rate (RX 64 B at line rate into one VF ring)\n\n");
	print_irq(f, c.rows);
	std::fprintf(f, "\nSimulation: %llu cycles in %.1f s wall = %.0f cycles/s.\n",
		     (unsigned long long)c.b->total_cycles, c.wall_s,
		     c.b->total_cycles / (c.wall_s > 0 ? c.wall_s : 1));
	std::fclose(f);
}

// The cycle-level targets of docs/results.md: every throughput row at line rate (>= 99 %,
// the window holds whole frames only), the rate limiter within 1 %, Jain's index >= 0.99,
// one interrupt per frame with moderation off. Cycle counts, not wall time: stable. Prints one
// TAP line per row; returns the number of rows that missed.
int check_targets(const std::vector<Row> &rows)
{
	int n = 0, bad = 0;
	for (const Row &r : rows) {
		bool ok = true;
		char why[160] = "";
		if (r.scen == "tx" || r.scen == "rx" || r.scen == "vf2vf" || r.scen == "fair") {
			ok = r.pct >= 99.0;
			std::snprintf(why, sizeof(why), "%.1f%% of line rate (target >= 99%%)", r.pct);
			if (ok && r.scen == "fair") {
				ok = r.jain >= 0.99;
				std::snprintf(why, sizeof(why), "Jain %.4f (target >= 0.99)", r.jain);
			}
		} else if (r.scen == "rate") {
			ok = r.pct >= 99.0 && r.pct <= 101.0;
			std::snprintf(why, sizeof(why), "%.3f%% of the set rate (target 100 +- 1%%)",
				      r.pct);
		} else if (r.scen == "irq") {
			if (r.cfg == "off") {
				ok = r.frames > 0 && r.offered >= r.frames * 99 / 100 && r.pct >= 99.0;
				std::snprintf(why, sizeof(why),
					      "%llu interrupts for %llu frames (target: one per frame)",
					      (unsigned long long)r.offered, (unsigned long long)r.frames);
			} else {
				ok = r.offered > 0 && r.offered < r.frames && r.pct >= 99.0;
				std::snprintf(why, sizeof(why), "%llu interrupts for %llu frames (moderated)",
					      (unsigned long long)r.offered, (unsigned long long)r.frames);
			}
		} else {
			continue;
		}
		n++;
		std::printf("%s %d - target %s %s %u B: %s\n", ok ? "ok" : "not ok", n,
			    r.scen.c_str(), r.cfg.c_str(), r.size, why);
		bad += !ok;
	}
	std::printf("1..%d\n", n);
	return bad;
}

void print_row(const Row &r, double wall)
{
	std::printf("%-6s %-8s %5u B: %8llu cyc %8llu fr  %7.3f Gb/s %7.3f Mpps %6.1f%%  "
		    "[starved %.1f%% underrun %llu rq %.0f%% rc %.0f%% tags %.1f/%llu] %s (%.1fs)\n",
		    r.scen.c_str(), r.cfg.c_str(), r.size, (unsigned long long)r.cycles,
		    (unsigned long long)r.frames, r.gbps, r.mpps, r.pct,
		    r.d.cycles ? 100.0 * r.d.tx_starved / r.d.cycles : 0.0,
		    (unsigned long long)r.d.tx_underrun,
		    r.d.cycles ? 100.0 * r.d.rq_beats / r.d.cycles : 0.0,
		    r.d.cycles ? 100.0 * r.d.rc_beats / r.d.cycles : 0.0,
		    r.d.cycles ? (double)r.d.tags_sum / r.d.cycles : 0.0,
		    (unsigned long long)r.d.tags_max, r.note.c_str(), wall);
	std::fflush(stdout);
}
}  // namespace

int main(int argc, char **argv)
{
	BenchOpts o;
	std::string out = "build/bench", only = "tx,rx,vf2vf,rate,fair,irq", sizes_arg, vfs_arg;
	std::string cmd = "bench";
	bool check = false;	// exit 1 when a cycle-level target is missed
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		cmd += " " + a;
		auto next = [&]() -> std::string {
			if (i + 1 >= argc) {
				std::fprintf(stderr, "bench: %s needs a value\n", a.c_str());
				std::exit(2);
			}
			cmd += std::string(" ") + argv[i + 1];
			return argv[++i];
		};
		if (a == "--quick")
			o.quick = true;
		else if (a == "--check")
			check = true;
		else if (a == "--lat-ns")
			o.lat_cycles = (unsigned)std::lround(std::atof(next().c_str()) * 1e-9 * kClockHz);
		else if (a == "--rcb")
			o.rcb = (unsigned)std::atoi(next().c_str());
		else if (a == "--ring-log2")
			o.ring_log2 = (unsigned)std::atoi(next().c_str());
		else if (a == "--only")
			only = next();
		else if (a == "--sizes")
			sizes_arg = next();
		else if (a == "--vfs")
			vfs_arg = next();
		else if (a == "--out")
			out = next();
		else {
			std::fprintf(stderr, "usage: bench [--quick] [--check] [--lat-ns N] [--rcb B] [--ring-log2 N] "
					     "[--only tx,rx,vf2vf,rate,irq] [--sizes 64,1518] [--vfs 0,1,8,64] "
					     "[--out DIR]\n");
			return 2;
		}
	}
	auto list = [](const std::string &s) {
		std::vector<unsigned> v;
		std::stringstream ss(s);
		std::string x;
		while (std::getline(ss, x, ','))
			v.push_back((unsigned)std::atoi(x.c_str()));
		return v;
	};
	std::set<std::string> want;
	{
		std::stringstream ss(only);
		std::string x;
		while (std::getline(ss, x, ','))
			want.insert(x);
	}
	std::vector<unsigned> sizes(std::begin(kSizes), std::end(kSizes));
	if (!sizes_arg.empty())
		sizes = list(sizes_arg);
	std::vector<unsigned> vfs = {0, 1, 8, 64};
	if (!vfs_arg.empty())
		vfs = list(vfs_arg);

	Bench b(o);
	Ctx c{&b, o.quick, {}, 0};
	std::printf("# vfnic bench: DMA read latency %u cycles, RCB %u, ring %u, %s\n", o.lat_cycles,
		    o.rcb, 1u << o.ring_log2, o.quick ? "quick" : "full");
	auto t_start = std::chrono::steady_clock::now();
	auto timed = [&](Row r, std::chrono::steady_clock::time_point t0) {
		double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
		print_row(r, w);
		c.rows.push_back(r);
	};
	auto tick = [] { return std::chrono::steady_clock::now(); };
	if (want.count("tx"))
		for (unsigned n : vfs)
			for (unsigned s : sizes) {
				auto t0 = tick();
				timed(run_tx(c, n, s), t0);
			}
	if (want.count("rx"))
		for (unsigned n : vfs)
			for (unsigned s : sizes) {
				if (!n)
					continue;
				auto t0 = tick();
				timed(run_rx(c, n, s), t0);
			}
	if (want.count("vf2vf"))
		for (unsigned n : vfs)
			for (unsigned s : sizes) {
				if (n < 1)
					continue;
				auto t0 = tick();
				timed(run_vf2vf(c, n < 2 ? 2 : n, s), t0);
			}
	if (want.count("rate")) {
		struct Rate {
			uint64_t bps;
			unsigned s, n;
		};
		std::vector<Rate> rates = {{10000000ULL, 64, 40}, {100000000ULL, 64, 300},
					   {1000000000ULL, 256, 800}, {5000000000ULL, 1518, 600}};
		if (const char *e = std::getenv("BENCH_RATES")) {	// bps:size:frames,...
			rates.clear();
			std::stringstream ss(e);
			std::string x;
			while (std::getline(ss, x, ',')) {
				Rate r{};
				std::sscanf(x.c_str(), "%llu:%u:%u", (unsigned long long *)&r.bps, &r.s,
					    &r.n);
				rates.push_back(r);
			}
		}
		const char *only_rate = std::getenv("BENCH_RATE_ONLY");	// debugging: one rate
		for (auto &x : rates) {
			if (only_rate && std::strtoull(only_rate, nullptr, 10) != x.bps)
				continue;
			auto t0 = tick();
			timed(run_rate(c, x.bps, x.s, x.n), t0);
		}
	}
	if (want.count("fair"))
		for (unsigned n : {8u, 64u})
			for (unsigned s : {64u, 1518u}) {
				auto t0 = tick();
				timed(run_tx(c, n, s, true), t0);
			}
	if (want.count("irq"))
		for (bool m : {false, true}) {
			auto t0 = tick();
			timed(run_irq(c, m), t0);
		}
	c.wall_s = std::chrono::duration<double>(tick() - t_start).count();

	std::printf("\n## TX\n");
	print_tp(stdout, c.rows, "tx", false);
	std::printf("\n## RX\n");
	print_tp(stdout, c.rows, "rx", false);
	std::printf("\n## VF<->VF\n");
	print_tp(stdout, c.rows, "vf2vf", false);
	std::printf("\n## Rate limiter\n");
	print_rate(stdout, c.rows);
	std::printf("\n## Fairness\n");
	print_fair(stdout, c.rows);
	std::printf("\n## Interrupts\n");
	print_irq(stdout, c.rows);
	std::printf("\n# simulated %llu cycles in %.1f s = %.0f cycles/s\n",
		    (unsigned long long)b.total_cycles, c.wall_s, b.total_cycles / c.wall_s);
	for (const char *s : {"tx", "rx", "vf2vf"})
		write_dat(out, c.rows, s);
	write_results(out, c, cmd, o);
	if (check && check_targets(c.rows) != 0)
		return 1;
	return 0;
}
