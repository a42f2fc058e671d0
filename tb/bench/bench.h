// SPDX-License-Identifier: MIT
// Cycle-accurate datapath benchmark environment (tb/bench/): the Verilated vfnic_core with a
// flat host memory answering DMA reads after a fixed latency, a host "driver" that uses
// driver/hw over cq register TLPs, and a 10 GbE MAC model on the Ethernet port.
#ifndef VFNIC_BENCH_H
#define VFNIC_BENCH_H

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "Vvfnic_core.h"
#include "verilated.h"

extern "C" {
#include "vfnic_dp.h"
}

constexpr double kClockHz = 156.25e6;
constexpr uint64_t kMemBase = 0x100000000ULL;	// host memory: 128 MiB at 4 GiB
constexpr uint64_t kMemSize = 128ULL << 20;
constexpr uint64_t kPfBar0 = 0x80000000ULL;	// 64 KiB
constexpr uint64_t kPfBar2 = 0x80100000ULL;	// 16 KiB (MSI-X)
constexpr uint64_t kVfBar0 = 0xc0000000ULL;	// VF n at + n * 16 KiB
constexpr uint64_t kVfBar2 = 0xd0000000ULL;
constexpr unsigned kMaxFuncs = 65;		// PF + 64 VFs (the bench build's TotalVfs)

// host memory layout (offsets from kMemBase)
constexpr uint64_t kRingArea = 0x0000000;	// per function 128 KiB: TX ring, RX ring
constexpr uint64_t kTxBufArea = 0x1000000;	// per function 256 KiB: kTxBufs buffers
constexpr uint64_t kRxBufArea = 0x3000000;	// per function 0x90000: kRxBufs buffers
constexpr unsigned kTxBufs = 16, kTxBufStride = 9216;
constexpr unsigned kRxBufs = 64;
inline uint64_t ring_off(unsigned f, bool rx) { return kRingArea + f * 0x20000ULL + (rx ? 0x10000 : 0); }
inline uint64_t txbuf_off(unsigned f, unsigned i) { return kTxBufArea + f * 0x40000ULL + i * kTxBufStride; }
inline uint64_t rxbuf_off(unsigned f, unsigned i, unsigned bs) { return kRxBufArea + f * 0x90000ULL + i * bs; }

struct Tlp {
	uint32_t hdr[4] = {0, 0, 0, 0};
	std::vector<uint32_t> data;
};

// Counters sampled at window edges (all cumulative since the run's reset)
struct Probe {
	uint64_t cycles = 0;
	uint64_t tx_beats = 0, tx_frames = 0, tx_bytes = 0;	// accepted by the MAC (whole frames)
	uint64_t tx_beat_bytes = 0;	// bytes accepted by the MAC, counted per beat
	uint64_t rx_buf_bytes = 0;	// bytes DMA-written into RX buffers
	uint64_t tx_starved = 0;	// MAC ready between frames, core not valid
	uint64_t tx_underrun = 0;	// inside a frame, core not valid
	uint64_t tx_line_busy = 0;	// MAC holding ready low (pacing)
	uint64_t rq_beats = 0, rq_mrd = 0, rq_mrd_desc = 0, rq_mrd_bytes = 0;
	uint64_t rq_mwr = 0, rq_mwr_beats = 0, rq_mwr_bytes = 0, rq_msi = 0;
	uint64_t rq_stall = 0;		// never: rq is always ready (kept for completeness)
	uint64_t rc_beats = 0, rc_waiting = 0;	// beats sent; cycles a completion was due but waited
	uint64_t tags_sum = 0, tags_max = 0;	// reads outstanding, summed per cycle
	uint64_t rx_frames_in = 0;		// frames injected on eth_rx
	uint64_t cq_beats = 0;
};

class Bench;

// One PCIe function as the driver sees it
struct Fn {
	Bench *b = nullptr;
	unsigned f = 0;		// 0 = PF, 1 + n = VF n
	uint64_t bar0 = 0, bar2 = 0;
	struct vfnic_hw hw {};
	struct vfnic_ring tx {}, rx {};
	bool tx_on = false, rx_on = false;
	unsigned frame_len = 0;	// TX bytes without FCS
	uint8_t mac[6] = {};
	uint8_t dst[6] = {};
	unsigned tx_pending = 0, rx_pending = 0;	// added, not kicked
	uint64_t tx_posted = 0, tx_done = 0;
	uint64_t rx_frames = 0, rx_bytes = 0, rx_err = 0;
	uint64_t tx_seq = 0;
	uint32_t tx_errs[16] = {};
	unsigned rx_buf_size = 2048;
};

struct BenchOpts {
	unsigned lat_cycles = 78;	// DMA read latency (500 ns)
	unsigned rcb = 64;		// completion split boundary (0: one CplD per request)
	unsigned ring_log2 = 10;
	unsigned kick_batch = 32;
	unsigned drv_period = 16;	// driver service interval in cycles
	bool quick = false;
};

class Bench
{
      public:
	explicit Bench(const BenchOpts &o);
	~Bench();

	// ---- clocking ----
	void cycle();
	void run(uint64_t n);
	uint64_t now = 0;
	uint64_t total_cycles = 0;

	// ---- register and config access (blocking reads run the clock) ----
	void mem_wr32(uint64_t addr, uint32_t v);
	uint32_t mem_rd32(uint64_t addr);
	void cfg_wr(unsigned fn, unsigned reg, uint32_t v, unsigned be);
	uint32_t cfg_rd(unsigned fn, unsigned reg);

	// ---- bring-up: reset, enumerate, MPS/MRRS, SR-IOV with all VFs ----
	void bring_up(unsigned nvfs);
	Fn fn[kMaxFuncs];
	Fn &pf() { return fn[0]; }
	void vf_bme(unsigned f);
	void vf_msix(unsigned f, unsigned vec);

	// ---- driver ----
	void tx_ring_up(unsigned f, unsigned frame_len, const uint8_t *dst);
	void rx_ring_up(unsigned f, unsigned buf_size, bool irq, unsigned vec);
	void service();	// one pass over every active ring
	bool in_driver = false;
	unsigned drv_countdown = 0;
	std::vector<unsigned> active;	// functions with a ring up

	// ---- host memory ----
	std::vector<uint8_t> mem;
	uint8_t *hp(uint64_t off) { return &mem[off]; }

	// ---- MAC TX model ----
	bool mac_in_frame = false;
	uint64_t mac_line_end = 0;	// byte time (8 per cycle) the line is free again
	uint64_t mac_frame_start = 0, mac_frame_bytes = 0;
	unsigned mac_frame_src = 0, mac_beat = 0;
	uint64_t mac_func_frames[kMaxFuncs] = {}, mac_func_bytes[kMaxFuncs] = {};
	int rate_watch = -1;	// function whose frame start times are recorded
	std::vector<std::pair<uint64_t, uint64_t>> rate_log;	// (start byte time, wire bytes)

	// ---- RX injector ----
	bool rx_run = false;
	unsigned rx_len = 0;		// bytes without FCS
	std::vector<unsigned> rx_dst;	// destination functions, round robin
	unsigned rx_rr = 0;
	uint64_t rx_line = 0, rx_t0 = 0, rx_next_cycle = 0;
	int rx_beat = -1, rx_beats = 0;
	unsigned rx_cur_dst = 0;
	void rx_start(unsigned len, const std::vector<unsigned> &dst);

	// ---- interrupts ----
	uint64_t msi_count[kMaxFuncs][8] = {};

	Probe p;
	BenchOpts o;

      private:
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vvfnic_core> top;
	// cq
	std::deque<Tlp> cq_q;
	unsigned cq_beat = 0;
	// cc
	bool cc_in = false;
	Tlp cc_cur;
	bool cc_have = false;
	uint8_t cc_tag = 0;
	uint32_t cc_data = 0;
	uint8_t host_tag = 0;
	// rq
	bool rq_in = false;
	Tlp rq_cur;
	// rc: (cycle due, TLP, final piece of its request)
	struct RcItem {
		uint64_t due;
		Tlp t;
		bool final;
	};
	std::deque<RcItem> rc_q;
	unsigned rc_beat = 0;
	unsigned tags_out = 0;

	void on_rq(const Tlp &t);
	void answer_read(const Tlp &t);
	void mac_sample(bool valid, bool ready, uint64_t data, uint8_t keep, bool last);
	void rx_drive();
	uint16_t host_rid = 0x0000;
	unsigned bus = 1;
	uint16_t rid(unsigned fn) const { return (uint16_t)((bus << 8) | (fn & 0xff)); }
};

#endif
