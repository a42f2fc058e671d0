// SPDX-License-Identifier: MIT
// Benchmark environment (see bench.h): clocking, the four TLP streams, host memory, MAC model,
// RX injector, and the driver glue over driver/hw.
#include "bench.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "vfn_tlp.h"

namespace
{
constexpr unsigned kDevCtl = VFNIC_CAP_PCIE_OFFSET + 0x08;
constexpr unsigned kMsix = VFNIC_CAP_MSIX_OFFSET;
constexpr unsigned kSriov = VFNIC_CAP_SRIOV_OFFSET;
constexpr uint32_t kVfEn = 1u << 0, kVfMse = 1u << 3, kAriHier = 1u << 4;

u32 fn_rd(struct vfnic_hw *hw, u32 reg)
{
	Fn *f = (Fn *)hw->back;
	return f->b->mem_rd32(f->bar0 + reg);
}

void fn_wr(struct vfnic_hw *hw, u32 reg, u32 val)
{
	Fn *f = (Fn *)hw->back;
	f->b->mem_wr32(f->bar0 + reg, val);
}

const struct vfnic_hw_ops kOps = {fn_rd, fn_wr};

void die(const char *msg)
{
	std::fprintf(stderr, "bench: %s\n", msg);
	std::exit(1);
}
}  // namespace

Bench::Bench(const BenchOpts &opts) : o(opts)
{
	ctx.reset(new VerilatedContext);
	top.reset(new Vvfnic_core(ctx.get(), "vfnic_core"));
	mem.assign(kMemSize, 0);
	for (unsigned f = 0; f < kMaxFuncs; f++) {
		fn[f].b = this;
		fn[f].f = f;
		fn[f].hw.ops = &kOps;
		fn[f].hw.back = &fn[f];
		fn[f].bar0 = f ? kVfBar0 + (f - 1) * 0x4000ULL : kPfBar0;
		fn[f].bar2 = f ? kVfBar2 + (f - 1) * 0x4000ULL : kPfBar2;
		static const uint8_t base[6] = {0x02, 0x42, 0x56, 0x46, 0x00, 0x00};
		std::memcpy(fn[f].mac, base, 6);
		fn[f].mac[5] = (uint8_t)f;
	}
}

Bench::~Bench() { top->final(); }

// ---------------------------------------------------------------------------------------------
// one clock cycle
// ---------------------------------------------------------------------------------------------

void Bench::cycle()
{
	Vvfnic_core &m = *top;
	// cq
	bool cqv = !cq_q.empty();
	m.cq_valid_i = cqv;
	if (cqv) {
		const Tlp &t = cq_q.front();
		unsigned nb = t.data.empty() ? 1 : (unsigned)(t.data.size() + 3) / 4;
		for (int i = 0; i < 4; i++) {
			m.cq_hdr_i[i] = t.hdr[i];
			size_t k = 4 * cq_beat + i;
			m.cq_data_i[i] = k < t.data.size() ? t.data[k] : 0;
		}
		m.cq_last_i = cq_beat + 1 == nb;
	}
	// rc: back to back once due
	bool rcv = !rc_q.empty() && rc_q.front().due <= now;
	m.rc_valid_i = rcv;
	if (rcv) {
		const Tlp &t = rc_q.front().t;
		unsigned nb = t.data.empty() ? 1 : (unsigned)(t.data.size() + 3) / 4;
		for (int i = 0; i < 4; i++) {
			m.rc_hdr_i[i] = t.hdr[i];
			size_t k = 4 * rc_beat + i;
			m.rc_data_i[i] = k < t.data.size() ? t.data[k] : 0;
		}
		m.rc_last_i = rc_beat + 1 == nb;
	}
	m.rq_ready_i = 1;
	m.cc_ready_i = 1;
	bool mac_ready = mac_in_frame || 8 * now + 7 >= mac_line_end;
	m.eth_tx_ready_i = mac_ready;
	m.eth_link_up_i = 1;
	rx_drive();

	m.clk_i = 0;
	m.eval();

	bool cq_fire = cqv && m.cq_ready_o;
	bool rc_fire = rcv && m.rc_ready_o;
	if (rcv && !m.rc_ready_o)
		p.rc_waiting++;
	mac_sample(m.eth_tx_valid_o, mac_ready, m.eth_tx_data_o, m.eth_tx_keep_o, m.eth_tx_last_o);
	// rq beat
	if (m.rq_valid_o) {
		p.rq_beats++;
		if (!rq_in) {
			rq_cur = Tlp();
			for (int i = 0; i < 4; i++)
				rq_cur.hdr[i] = m.rq_hdr_o[i];
			rq_in = true;
		}
		unsigned want = vfn_tlp_payload_dw(rq_cur.hdr);
		for (unsigned i = 0; i < 4 && rq_cur.data.size() < want; i++)
			rq_cur.data.push_back(m.rq_data_o[i]);
	}
	bool rq_done = m.rq_valid_o && m.rq_last_o;
	// cc beat
	if (m.cc_valid_o) {
		if (!cc_in) {
			cc_cur = Tlp();
			for (int i = 0; i < 4; i++)
				cc_cur.hdr[i] = m.cc_hdr_o[i];
			cc_in = true;
		}
		if (cc_cur.data.empty())
			cc_cur.data.push_back(m.cc_data_o[0]);
		if (m.cc_last_o) {
			cc_in = false;
			cc_have = true;
			cc_tag = vfn_tlp_cpl_tag(cc_cur.hdr);
			cc_data = cc_cur.data[0];
		}
	}

	m.clk_i = 1;
	m.eval();
	now++;
	p.cycles++;
	total_cycles++;
	p.tags_sum += tags_out;
	if (tags_out > p.tags_max)
		p.tags_max = tags_out;

	if (cq_fire) {
		p.cq_beats++;
		const Tlp &t = cq_q.front();
		unsigned nb = t.data.empty() ? 1 : (unsigned)(t.data.size() + 3) / 4;
		if (++cq_beat == nb) {
			cq_beat = 0;
			cq_q.pop_front();
		}
	}
	if (rc_fire) {
		p.rc_beats++;
		const Tlp &t = rc_q.front().t;
		unsigned nb = t.data.empty() ? 1 : (unsigned)(t.data.size() + 3) / 4;
		if (++rc_beat == nb) {
			rc_beat = 0;
			if (rc_q.front().final)
				tags_out--;
			rc_q.pop_front();
		}
	}
	if (rq_done) {
		rq_in = false;
		on_rq(rq_cur);
	}
	if (!in_driver && !active.empty() && ++drv_countdown >= o.drv_period) {
		drv_countdown = 0;
		service();
	}
}

void Bench::run(uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		cycle();
}

// ---------------------------------------------------------------------------------------------
// MAC (TX) and wire (RX)
// ---------------------------------------------------------------------------------------------

void Bench::mac_sample(bool valid, bool ready, uint64_t data, uint8_t keep, bool last)
{
	if (!ready) {
		p.tx_line_busy++;
		return;
	}
	if (!valid) {
		if (mac_in_frame)
			p.tx_underrun++;
		else
			p.tx_starved++;
		return;
	}
	p.tx_beats++;
	if (!mac_in_frame) {
		mac_in_frame = true;
		mac_frame_start = 8 * now > mac_line_end ? 8 * now : mac_line_end;
		mac_frame_bytes = 0;
		mac_beat = 0;
		mac_frame_src = 0;
	}
	if (mac_beat == 1)	// source MAC bytes 10, 11 are bytes 2, 3 of beat 1
		mac_frame_src = (unsigned)((data >> 24) & 0xff) | (unsigned)((data >> 16) & 0xff) << 8;
	mac_beat++;
	mac_frame_bytes += (unsigned)__builtin_popcount(keep);
	p.tx_beat_bytes += (unsigned)__builtin_popcount(keep);
	if (!last)
		return;
	mac_in_frame = false;
	uint64_t wire = (mac_frame_bytes < 60 ? 60 : mac_frame_bytes) + 24;
	mac_line_end = mac_frame_start + wire;
	p.tx_frames++;
	p.tx_bytes += mac_frame_bytes;
	unsigned f = mac_frame_src < kMaxFuncs ? mac_frame_src : 0;
	mac_func_frames[f]++;
	mac_func_bytes[f] += mac_frame_bytes;
	if ((int)f == rate_watch)
		rate_log.emplace_back(mac_frame_start, wire - 20);
}

void Bench::rx_start(unsigned len, const std::vector<unsigned> &dst)
{
	rx_run = true;
	rx_len = len;
	rx_dst = dst;
	rx_rr = 0;
	rx_line = 0;
	rx_t0 = now + 1;
	rx_next_cycle = rx_t0;
	rx_beat = -1;
}

void Bench::rx_drive()
{
	Vvfnic_core &m = *top;
	m.eth_rx_valid_i = 0;
	m.eth_rx_last_i = 0;
	m.eth_rx_err_i = 0;
	m.eth_rx_keep_i = 0;
	m.eth_rx_data_i = 0;
	if (rx_beat < 0) {
		if (!rx_run || now < rx_next_cycle)
			return;
		rx_beat = 0;
		rx_beats = (int)((rx_len + 7) / 8);
		rx_cur_dst = rx_dst[rx_rr];
		rx_rr = (rx_rr + 1) % rx_dst.size();
		rx_line += rx_len + 24;
		rx_next_cycle = rx_t0 + (rx_line + 7) / 8;
		p.rx_frames_in++;
	}
	uint8_t b[8] = {};
	static const uint8_t ext[6] = {0x02, 0xee, 0x00, 0x00, 0x00, 0x01};
	const uint8_t *d = fn[rx_cur_dst].mac;
	for (unsigned i = 0; i < 8; i++) {
		unsigned k = 8 * (unsigned)rx_beat + i;
		b[i] = k < 6 ? d[k] : k < 12 ? ext[k - 6] : k == 12 ? 0x88 : k == 13 ? 0xb5 : 0;
	}
	uint64_t w = 0;
	for (int i = 7; i >= 0; i--)
		w = w << 8 | b[i];
	bool last = rx_beat + 1 == rx_beats;
	unsigned nb = last ? rx_len - 8 * (unsigned)rx_beat : 8;
	m.eth_rx_valid_i = 1;
	m.eth_rx_data_i = w;
	m.eth_rx_keep_i = (uint8_t)((1u << nb) - 1);
	m.eth_rx_last_i = last;
	if (last)
		rx_beat = -1;
	else
		rx_beat++;
}

// ---------------------------------------------------------------------------------------------
// host side of rq/rc
// ---------------------------------------------------------------------------------------------

void Bench::on_rq(const Tlp &t)
{
	unsigned ft = vfn_tlp_fmt_type(t.hdr);
	uint64_t addr = vfn_tlp_addr(t.hdr);
	if (ft == VFN_TLP_MWR32 || ft == VFN_TLP_MWR64) {
		unsigned ndw = vfn_tlp_len_dw(t.hdr);
		p.rq_mwr++;
		p.rq_mwr_beats += (ndw + 3) / 4;
		p.rq_mwr_bytes += 4 * ndw;
		if ((addr & ~0xfffffULL) == 0xfee00000ULL) {
			p.rq_msi++;
			uint32_t d = t.data.empty() ? 0 : t.data[0];
			unsigned f = (d >> 8) & 0xff, v = d & 7;
			if (f < kMaxFuncs)
				msi_count[f][v]++;
			return;
		}
		if (addr < kMemBase || addr + 4 * ndw > kMemBase + kMemSize)
			return;
		if (addr - kMemBase >= kRxBufArea)
			p.rx_buf_bytes += 4 * ndw;
		uint8_t *h = &mem[addr - kMemBase];
		for (unsigned i = 0; i < ndw && i < t.data.size(); i++) {
			unsigned be = i == 0 ? vfn_tlp_fbe(t.hdr)
					     : (i + 1 == ndw ? vfn_tlp_lbe(t.hdr) : 0xf);
			if (be == 0xf) {
				std::memcpy(h + 4 * i, &t.data[i], 4);
				continue;
			}
			for (unsigned k = 0; k < 4; k++)
				if (be & (1u << k))
					h[4 * i + k] = (uint8_t)(t.data[i] >> (8 * k));
		}
	} else if (ft == VFN_TLP_MRD32 || ft == VFN_TLP_MRD64) {
		answer_read(t);
	}
}

// CplDs for a read, split at RCB boundaries (or one CplD), due lat_cycles after the request
void Bench::answer_read(const Tlp &t)
{
	uint64_t addr = vfn_tlp_addr(t.hdr);
	unsigned ndw = vfn_tlp_len_dw(t.hdr);
	unsigned fbe = vfn_tlp_fbe(t.hdr), lbe = ndw > 1 ? vfn_tlp_lbe(t.hdr) : fbe;
	unsigned lead = fbe ? (unsigned)__builtin_ctz(fbe) : 0;
	unsigned trail = lbe ? 3 - (31 - (unsigned)__builtin_clz(lbe)) : 0;
	unsigned bytes = 4 * ndw - lead - trail;
	p.rq_mrd++;
	p.rq_mrd_bytes += bytes;
	if (addr - kMemBase < kTxBufArea)
		p.rq_mrd_desc++;
	tags_out++;
	uint64_t due = now + o.lat_cycles;
	if (!rc_q.empty() && rc_q.back().due > due)
		due = rc_q.back().due;
	uint16_t req = vfn_tlp_req_id(t.hdr);
	uint8_t tag = vfn_tlp_req_tag(t.hdr);
	bool inside = addr >= kMemBase && addr + 4 * ndw <= kMemBase + kMemSize;
	unsigned done = 0;	// DWs sent
	while (done < ndw) {
		uint64_t a = addr + 4 * done;
		unsigned n = ndw - done;
		if (o.rcb) {
			uint64_t next = (a / o.rcb + 1) * o.rcb;
			unsigned lim = (unsigned)((next - a) / 4);
			if (n > lim)
				n = lim;
		}
		RcItem it;
		it.due = due;
		unsigned first_byte = done ? 0 : lead;
		unsigned remaining = bytes - (done ? 4 * done - lead : 0);
		vfn_tlp_cpl(it.t.hdr, true, VFN_CPL_SC, rid(0), remaining, req, tag,
			    (unsigned)((a + first_byte) & 0x7f), n);
		it.t.data.resize(n);
		if (inside)
			std::memcpy(it.t.data.data(), &mem[a - kMemBase], 4 * n);
		done += n;
		it.final = done == ndw;
		rc_q.push_back(std::move(it));
	}
}

// ---------------------------------------------------------------------------------------------
// register access
// ---------------------------------------------------------------------------------------------

void Bench::mem_wr32(uint64_t addr, uint32_t v)
{
	Tlp t;
	vfn_tlp_mem(t.hdr, true, addr, 1, 0xf, 0, host_rid, 0);
	t.data.push_back(v);
	cq_q.push_back(t);
}

uint32_t Bench::mem_rd32(uint64_t addr)
{
	Tlp t;
	uint8_t tag = host_tag++;
	vfn_tlp_mem(t.hdr, false, addr, 1, 0xf, 0, host_rid, tag);
	cq_q.push_back(t);
	bool was = in_driver;
	in_driver = true;
	cc_have = false;
	for (unsigned i = 0; i < 100000; i++) {
		cycle();
		if (cc_have && cc_tag == tag) {
			cc_have = false;
			in_driver = was;
			return cc_data;
		}
		cc_have = false;
	}
	die("register read timed out");
	return 0;
}

void Bench::cfg_wr(unsigned f, unsigned reg, uint32_t v, unsigned be)
{
	Tlp t;
	uint8_t tag = host_tag++;
	vfn_tlp_cfg(t.hdr, true, rid(f), reg, be, host_rid, tag);
	t.data.push_back(v);
	cq_q.push_back(t);
	bool was = in_driver;
	in_driver = true;
	cc_have = false;
	for (unsigned i = 0; i < 100000; i++) {
		cycle();
		if (cc_have && cc_tag == tag) {
			cc_have = false;
			in_driver = was;
			return;
		}
		cc_have = false;
	}
	die("config write timed out");
}

uint32_t Bench::cfg_rd(unsigned f, unsigned reg)
{
	Tlp t;
	uint8_t tag = host_tag++;
	vfn_tlp_cfg(t.hdr, false, rid(f), reg, 0xf, host_rid, tag);
	cq_q.push_back(t);
	bool was = in_driver;
	in_driver = true;
	cc_have = false;
	for (unsigned i = 0; i < 100000; i++) {
		cycle();
		if (cc_have && cc_tag == tag) {
			cc_have = false;
			in_driver = was;
			return cc_data;
		}
		cc_have = false;
	}
	die("config read timed out");
	return 0;
}

// ---------------------------------------------------------------------------------------------
// bring-up
// ---------------------------------------------------------------------------------------------

void Bench::bring_up(unsigned nvfs)
{
	Vvfnic_core &m = *top;
	cq_q.clear();
	rc_q.clear();
	cq_beat = rc_beat = 0;
	cc_in = rq_in = cc_have = false;
	tags_out = 0;
	active.clear();
	rx_run = false;
	rx_beat = -1;
	mac_in_frame = false;
	mac_line_end = 0;
	rate_watch = -1;
	rate_log.clear();
	std::memset(mac_func_frames, 0, sizeof(mac_func_frames));
	std::memset(mac_func_bytes, 0, sizeof(mac_func_bytes));
	std::memset(msi_count, 0, sizeof(msi_count));
	for (unsigned f = 0; f < kMaxFuncs; f++) {
		Fn &x = fn[f];
		x.tx_on = x.rx_on = false;
		x.tx_pending = x.rx_pending = 0;
		x.tx_posted = x.tx_done = x.rx_frames = x.rx_bytes = x.rx_err = x.tx_seq = 0;
		std::memset(x.tx_errs, 0, sizeof(x.tx_errs));
	}
	m.rst_ni = 0;
	for (int i = 0; i < 4; i++)
		cycle();
	m.rst_ni = 1;
	for (int i = 0; i < 4; i++)
		cycle();
	now = 0;
	p = Probe();
	cfg_wr(0, 0x10, (uint32_t)kPfBar0, 0xf);  // also captures bus 1, device 0
	cfg_wr(0, 0x14, 0, 0xf);
	cfg_wr(0, 0x18, (uint32_t)kPfBar2, 0xf);
	cfg_wr(0, 0x1c, 0, 0xf);
	cfg_wr(0, 0x04, 0x0006, 0x3);  // MSE + BME
	// Device Control: MPS 256 (7:5 = 1), MRRS 512 (14:12 = 2), RO and No Snoop as at reset
	cfg_wr(0, kDevCtl, 0x2810 | 1u << 5 | 2u << 12, 0x3);
	if (nvfs) {
		cfg_wr(0, kSriov + 0x08, kAriHier, 0x1);
		cfg_wr(0, 0x04, 0x0006, 0x3);
		cfg_wr(0, kSriov + 0x10, nvfs, 0x3);
		cfg_wr(0, kSriov + 0x24, (uint32_t)kVfBar0, 0xf);
		cfg_wr(0, kSriov + 0x28, 0, 0xf);
		cfg_wr(0, kSriov + 0x2c, (uint32_t)kVfBar2, 0xf);
		cfg_wr(0, kSriov + 0x30, 0, 0xf);
		cfg_wr(0, kSriov + 0x08, kVfEn | kVfMse | kAriHier, 0x1);
	}
	if ((cfg_rd(0, kDevCtl) & 0x70e0) != (1u << 5 | 2u << 12))
		die("Device Control did not take MPS 256 / MRRS 512");
	if (mem_rd32(kPfBar0 + VFNIC_REG_VERSION) != VFNIC_REG_VERSION_RESET)
		die("PF BAR0 does not answer");
}

void Bench::vf_bme(unsigned f)
{
	cfg_wr(f, 0x04, 0x4, 0x1);
}

void Bench::vf_msix(unsigned f, unsigned vec)
{
	Fn &x = fn[f];
	cfg_wr(f, kMsix, 1u << 31, 0x8);
	uint64_t e = x.bar2 + VFNIC_MSIX_TABLE_OFFSET + 16 * vec;
	mem_wr32(e, 0xfee00000u | f << 4);
	mem_wr32(e + 4, 0);
	mem_wr32(e + 8, f << 8 | vec);
	mem_wr32(e + 12, 0);
}

// ---------------------------------------------------------------------------------------------
// driver: rings through driver/hw
// ---------------------------------------------------------------------------------------------

void Bench::tx_ring_up(unsigned f, unsigned frame_len, const uint8_t *dst)
{
	Fn &x = fn[f];
	x.frame_len = frame_len;
	std::memcpy(x.dst, dst, 6);
	for (unsigned i = 0; i < kTxBufs; i++) {
		uint8_t *b = hp(txbuf_off(f, i));
		std::memcpy(b, dst, 6);
		std::memcpy(b + 6, x.mac, 6);
		b[12] = 0x88;
		b[13] = 0xb5;
	}
	std::memset(hp(ring_off(f, false)), 0, 16u << o.ring_log2);
	if (vfnic_ring_init(&x.tx, &x.hw, false, 0, hp(ring_off(f, false)),
			    kMemBase + ring_off(f, false), (u8)o.ring_log2, 0))
		die("TX ring init");
	if (vfnic_ring_enable(&x.tx, false, 0))
		die("TX ring enable");
	x.tx_on = true;
	bool known = false;
	for (unsigned a : active)
		known = known || a == f;
	if (!known)
		active.push_back(f);
}

void Bench::rx_ring_up(unsigned f, unsigned buf_size, bool irq, unsigned vec)
{
	Fn &x = fn[f];
	x.rx_buf_size = buf_size;
	std::memset(hp(ring_off(f, true)), 0, 16u << o.ring_log2);
	if (vfnic_ring_init(&x.rx, &x.hw, true, 0, hp(ring_off(f, true)),
			    kMemBase + ring_off(f, true), (u8)o.ring_log2, buf_size))
		die("RX ring init");
	if (vfnic_ring_enable(&x.rx, irq, (u16)vec))
		die("RX ring enable");
	while (vfnic_ring_unused(&x.rx))
		vfnic_rx_add(&x.rx, kMemBase + rxbuf_off(f, x.rx.next_to_use % kRxBufs, buf_size));
	vfnic_ring_kick(&x.rx);
	x.rx_on = true;
	bool known = false;
	for (unsigned a : active)
		known = known || a == f;
	if (!known)
		active.push_back(f);
}

void Bench::service()
{
	in_driver = true;
	for (unsigned f : active) {
		Fn &x = fn[f];
		if (x.tx_on) {
			x.tx_done += vfnic_tx_reclaim_dd(&x.tx, x.tx_errs);
			while (vfnic_ring_unused(&x.tx)) {
				unsigned i = (unsigned)(x.tx_seq++ % kTxBufs);
				vfnic_tx_add(&x.tx, kMemBase + txbuf_off(f, i), x.frame_len, true,
					     true);
				x.tx_pending++;
				x.tx_posted++;
			}
			uint64_t inflight = x.tx_posted - x.tx_done - x.tx_pending;
			if (x.tx_pending >= o.kick_batch ||
			    (x.tx_pending && inflight < o.kick_batch)) {
				vfnic_ring_kick(&x.tx);
				x.tx_pending = 0;
			}
		}
		if (x.rx_on) {
			struct vfnic_rx_wb wb;
			while (vfnic_rx_next(&x.rx, &wb)) {
				x.rx_bytes += wb.len;
				if (wb.err)
					x.rx_err++;
				if (wb.eop)
					x.rx_frames++;
				vfnic_rx_add(&x.rx, kMemBase + rxbuf_off(f, x.rx.next_to_use % kRxBufs,
									 x.rx_buf_size));
				x.rx_pending++;
			}
			if (x.rx_pending >= o.kick_batch) {
				vfnic_ring_kick(&x.rx);
				x.rx_pending = 0;
			}
		}
	}
	in_driver = false;
}
