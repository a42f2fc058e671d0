// SPDX-License-Identifier: MIT
// Implementation of the vfnic_core cycle-level environment (see core_env.h).
#include "core_env.h"

#include <cinttypes>
#include <cstring>

#include "vfnic_regs.h"

std::string Tlp::str() const
{
	char buf[96];
	std::snprintf(buf, sizeof(buf), "%08x %08x %08x %08x", hdr[0], hdr[1], hdr[2], hdr[3]);
	std::string s(buf);
	if (!data.empty()) {
		s += " |";
		for (size_t i = 0; i < data.size() && i < 16; i++) {
			std::snprintf(buf, sizeof(buf), " %08x", data[i]);
			s += buf;
		}
		if (data.size() > 16)
			s += " ...";
	}
	return s;
}

// ---------------------------------------------------------------------------------------------
// streams
// ---------------------------------------------------------------------------------------------

void InStream::prepare(uint64_t now, std::mt19937_64 &rng)
{
	if (!valid && !q.empty() && q.front().first <= now && rng() % 100 >= gap_pct)
		valid = true;
}

void InStream::drive(CData &v, VlWide<4> &hdr, VlWide<4> &data, CData &last) const
{
	v = valid;
	for (int i = 0; i < 4; i++) {
		hdr[i] = 0;
		data[i] = 0;
	}
	last = 0;
	if (!valid)
		return;
	const Tlp &t = q.front().second;
	for (int i = 0; i < 4; i++) {
		hdr[i] = t.hdr[i];
		size_t k = 4 * beat + i;
		data[i] = k < t.data.size() ? t.data[k] : 0;
	}
	last = (beat + 1 == t.beats());
}

void InStream::advance(bool fire)
{
	if (!fire)
		return;
	valid = false;
	if (++beat == q.front().second.beats()) {
		beat = 0;
		q.pop_front();
	}
}

void OutMon::observe(Env &env, bool valid, const VlWide<4> &hdr, const VlWide<4> &data, bool last)
{
	if (stalled) {
		// valid && !ready last cycle: valid must hold and the payload must not move
		bool same = valid && last == prev_last;
		for (int i = 0; i < 4; i++)
			same = same && hdr[i] == prev_hdr[i] && data[i] == prev_data[i];
		if (!same)
			env.fail("%s: AXI-Stream rule broken (valid dropped or payload changed "
				 "while stalled)",
				 name);
	}
	stalled = valid && !ready;
	if (valid && !in_tlp && !presenting) {
		presenting = true;
		present_since = env.now;
	}
	for (int i = 0; i < 4; i++) {
		prev_hdr[i] = hdr[i];
		prev_data[i] = data[i];
	}
	prev_last = last;
	if (!(valid && ready))
		return;

	if (!in_tlp) {
		cur = Tlp();
		for (int i = 0; i < 4; i++)
			cur.hdr[i] = hdr[i];
		cur.start = present_since;
		presenting = false;
		in_tlp = true;
	} else {
		for (int i = 0; i < 4; i++)
			if (cur.hdr[i] != hdr[i])
				env.fail("%s: header changed within a TLP", name);
	}
	unsigned want = vfn_tlp_payload_dw(cur.hdr);
	for (unsigned i = 0; i < 4; i++) {
		if (cur.data.size() < want)
			cur.data.push_back(data[i]);
		else if (want && data[i] != 0)
			env.fail("%s: unused DW %u of the last beat is not 0", name, i);
	}
	if (last) {
		unsigned beats_expected = want ? (want + 3) / 4 : 1;
		unsigned beats_seen = cur.data.empty() ? 1 : (unsigned)(cur.data.size() + 3) / 4;
		if (cur.data.size() < want || beats_seen != beats_expected)
			env.fail("%s: TLP %s has the wrong number of beats", name,
				 cur.str().c_str());
		in_tlp = false;
		done.push_back(cur);
	} else if (cur.data.size() >= want) {
		env.fail("%s: TLP %s continues past its payload", name, cur.str().c_str());
	}
}

// ---------------------------------------------------------------------------------------------
// environment
// ---------------------------------------------------------------------------------------------

Env::Env(uint64_t seed, const std::string &outdir, const std::string &tag) : rng(seed)
{
	ctx.reset(new VerilatedContext);
	ctx->randReset(2);  // registers without reset start random: reset must set them
	ctx->randSeed((int)(seed & 0x7fffffff));
	ctx->traceEverOn(true);
	top.reset(new Vvfnic_core(ctx.get(), "vfnic_core"));
	fst_path = outdir + "/core-tb-" + tag + ".fst";
	log_path = outdir + "/core-tb-" + tag + ".log";
	fst.reset(new VerilatedFstC);
	top->trace(fst.get(), 99);
	fst->open(fst_path.c_str());
	txlog = std::fopen(log_path.c_str(), "w");
	cq.gap_pct = 20 + (unsigned)rnd(50);
	rc.gap_pct = 20 + (unsigned)rnd(50);
	cc.ready_pct = 30 + (unsigned)rnd(60);
	rq.ready_pct = 30 + (unsigned)rnd(60);
	std::printf("# backpressure: cq gap %u%%, rc gap %u%%, cc ready %u%%, rq ready %u%%\n",
		    cq.gap_pct, rc.gap_pct, cc.ready_pct, rq.ready_pct);
}

Env::~Env()
{
	if (fst)
		fst->close();
	if (txlog)
		std::fclose(txlog);
	top->final();
}

void Env::fail(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	std::vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	errors++;
	total_errors++;
	if (errors <= 20)
		std::printf("# FAIL @%" PRIu64 ": %s\n", now, buf);
	if (txlog)
		std::fprintf(txlog, "%10" PRIu64 " FAIL %s\n", now, buf);
}

bool Env::check(bool cond, const char *fmt, ...)
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

void Env::logtlp(const char *dir, const Tlp &t)
{
	if (txlog)
		std::fprintf(txlog, "%10" PRIu64 " %s %s\n", now, dir, t.str().c_str());
}

void Env::cycle()
{
	cq.prepare(now, rng);
	rc.prepare(now, rng);
	cc.ready = rnd(100) < cc.ready_pct;
	rq.ready = rnd(100) < rq.ready_pct;

	Vvfnic_core &m = *top;
	cq.drive(m.cq_valid_i, m.cq_hdr_i, m.cq_data_i, m.cq_last_i);
	rc.drive(m.rc_valid_i, m.rc_hdr_i, m.rc_data_i, m.rc_last_i);
	m.cc_ready_i = cc.ready;
	m.rq_ready_i = rq.ready;
	m.eth_rx_valid_i = 0;	// the Ethernet port has its own benches
	m.eth_tx_ready_i = 1;
	m.eth_link_up_i = 1;
	m.clk_i = 0;
	m.eval();
	fst->dump(2 * now);

	bool cq_fire = m.cq_valid_i && m.cq_ready_o;
	bool rc_fire = m.rc_valid_i && m.rc_ready_o;
	if (m.rst_ni) {
		cc.observe(*this, m.cc_valid_o, m.cc_hdr_o, m.cc_data_o, m.cc_last_o);
		rq.observe(*this, m.rq_valid_o, m.rq_hdr_o, m.rq_data_o, m.rq_last_o);
		if (m.idle_o && (m.cc_valid_o || m.rq_valid_o))
			fail("idle_o is high while a TLP is being sent");
	}
	if (cq_fire && cq.beat == 0)
		logtlp("cq", cq.q.front().second);
	if (rc_fire && rc.beat == 0)
		logtlp("rc", rc.q.front().second);

	m.clk_i = 1;
	m.eval();
	fst->dump(2 * now + 1);
	now++;

	cq.advance(cq_fire);
	rc.advance(rc_fire);
	while (!cc.done.empty()) {
		Tlp t = cc.done.front();
		cc.done.pop_front();
		logtlp("cc", t);
		on_cc(t);
	}
	while (!rq.done.empty()) {
		Tlp t = rq.done.front();
		rq.done.pop_front();
		logtlp("rq", t);
		on_rq(t);
	}
}

void Env::run(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		cycle();
}

bool Env::run_until(const std::function<bool()> &pred, uint64_t max, const char *what)
{
	for (uint64_t i = 0; i < max; i++) {
		if (pred())
			return true;
		cycle();
	}
	if (pred())
		return true;
	fail("timed out after %" PRIu64 " cycles waiting for %s", max, what);
	return false;
}

void Env::reset()
{
	cq.q.clear();
	cq.valid = false;
	cq.beat = 0;
	rc.q.clear();
	rc.valid = false;
	rc.beat = 0;
	cc.stalled = rq.stalled = false;
	cc.in_tlp = rq.in_tlp = false;
	cc.presenting = rq.presenting = false;
	cc.done.clear();
	rq.done.clear();
	outstanding.clear();
	results.clear();
	top->rst_ni = 0;
	run(4);
	top->rst_ni = 1;
	run(2);
	bme = false;
	bme_off_at = now;
	host_read_mode = HostRead::Normal;
	if (txlog)
		std::fprintf(txlog, "%10" PRIu64 " reset\n", now);
}

void Env::drain()
{
	run_until(
		[this] {
			return !cq.busy() && !rc.busy() && outstanding.empty() && top->idle_o &&
			       !cc.in_tlp && !rq.in_tlp;
		},
		200000, "the core to become idle");
	// idle must mean idle: with no input, nothing may come out
	for (int i = 0; i < 40; i++) {
		cycle();
		if (!top->idle_o) {
			fail("idle_o dropped without any input");
			break;
		}
	}
}

// ---------------------------------------------------------------------------------------------
// cq requests and the completion scoreboard
// ---------------------------------------------------------------------------------------------

uint64_t Env::send(const Tlp &t)
{
	uint64_t id = next_id++;
	cq.q.emplace_back(0, t);
	if (!vfn_tlp_is_posted(t.hdr) && !vfn_tlp_is_cpl(t.hdr))
		outstanding.push_back({id, vfn_tlp_req_tag(t.hdr), vfn_tlp_req_id(t.hdr)});
	return id;
}

void Env::on_cc(const Tlp &t)
{
	if (!vfn_tlp_is_cpl(t.hdr)) {
		fail("cc carries a non-completion %s", t.str().c_str());
		return;
	}
	if (outstanding.empty()) {
		fail("completion %s for no request", t.str().c_str());
		return;
	}
	Outstanding o = outstanding.front();
	outstanding.pop_front();
	if (vfn_tlp_cpl_tag(t.hdr) != o.tag || vfn_tlp_cpl_req_id(t.hdr) != o.rid)
		fail("completion %s out of order: expected tag %02x rid %04x", t.str().c_str(),
		     o.tag, o.rid);
	results[o.id] = t;
}

Tlp Env::wait_cpl(uint64_t id)
{
	run_until([this, id] { return results.count(id) != 0; }, 20000, "a completion");
	return take_cpl(id);
}

Tlp Env::take_cpl(uint64_t id)
{
	Tlp t;
	auto it = results.find(id);
	if (it != results.end()) {
		t = it->second;
		results.erase(it);
	}
	return t;
}

Tlp Env::cfg_tlp(bool write, unsigned reg, uint32_t val, unsigned be, unsigned func)
{
	Tlp t;
	vfn_tlp_cfg(t.hdr, write, cfg_id(func), reg, be, host_rid, next_tag());
	if (write)
		t.data.push_back(val);
	return t;
}

Tlp Env::mem_tlp(bool write, uint64_t addr, unsigned ndw, unsigned fbe, unsigned lbe,
		 const std::vector<uint32_t> &data)
{
	Tlp t;
	vfn_tlp_mem(t.hdr, write, addr, ndw, fbe, ndw > 1 ? lbe : 0, host_rid,
		    write ? 0 : next_tag());
	if (write) {
		t.data = data;
		t.data.resize(ndw, 0);
	}
	return t;
}

Tlp Env::cfg_rd_cpl(unsigned reg, unsigned func)
{
	return wait_cpl(send(cfg_tlp(false, reg, 0, 0xf, func)));
}

uint32_t Env::cfg_rd(unsigned reg)
{
	Tlp c = cfg_rd_cpl(reg);
	check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPLD && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC,
	      "CfgRd0 0x%03x: completion %s is not a successful CplD", reg, c.str().c_str());
	check(vfn_tlp_cpl_completer(c.hdr) == cfg_id() && vfn_tlp_cpl_byte_count(c.hdr) == 4 &&
		      vfn_tlp_cpl_lower_addr(c.hdr) == 0 && vfn_tlp_len_dw(c.hdr) == 1,
	      "CfgRd0 0x%03x: completion %s fields (completer/byte count/lower address/length)",
	      reg, c.str().c_str());
	return c.data.empty() ? 0xdeadbeef : c.data[0];
}

Tlp Env::cfg_wr_cpl(unsigned reg, uint32_t val, unsigned be, unsigned func)
{
	return wait_cpl(send(cfg_tlp(true, reg, val, be, func)));
}

void Env::cfg_wr(unsigned reg, uint32_t val, unsigned be)
{
	// BME counts as set from the moment the write is sent, and as clear once it completed
	bool touches_bme = reg == 0x04 && (be & 1);
	if (touches_bme && ((val >> 2) & 1))
		bme = true;
	Tlp c = cfg_wr_cpl(reg, val, be);
	check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPL && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
		      vfn_tlp_cpl_completer(c.hdr) == cfg_id() &&
		      vfn_tlp_cpl_byte_count(c.hdr) == 4,
	      "CfgWr0 0x%03x: completion %s is not a successful Cpl", reg, c.str().c_str());
	if (touches_bme && !((val >> 2) & 1)) {
		bme = false;
		bme_off_at = now;
	}
}

Tlp Env::mem_rd_cpl(uint64_t addr, unsigned ndw, unsigned fbe, unsigned lbe)
{
	return wait_cpl(send(mem_tlp(false, addr, ndw, fbe, lbe)));
}

uint32_t Env::mem_rd32(uint64_t addr)
{
	Tlp c = mem_rd_cpl(addr, 1, 0xf, 0);
	check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPLD && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
		      vfn_tlp_len_dw(c.hdr) == 1 && vfn_tlp_cpl_byte_count(c.hdr) == 4 &&
		      vfn_tlp_cpl_lower_addr(c.hdr) == (addr & 0x7c) &&
		      vfn_tlp_cpl_completer(c.hdr) == dev_rid(),
	      "MRd 0x%" PRIx64 ": completion %s is not the expected CplD", addr, c.str().c_str());
	return c.data.empty() ? 0xdeadbeef : c.data[0];
}

uint64_t Env::mem_rd64(uint64_t addr)
{
	Tlp c = mem_rd_cpl(addr, 2, 0xf, 0xf);
	check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPLD && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
		      vfn_tlp_len_dw(c.hdr) == 2 && vfn_tlp_cpl_byte_count(c.hdr) == 8 &&
		      vfn_tlp_cpl_lower_addr(c.hdr) == (addr & 0x7c) &&
		      vfn_tlp_cpl_completer(c.hdr) == dev_rid(),
	      "64-bit MRd 0x%" PRIx64 ": completion %s is not the expected CplD", addr,
	      c.str().c_str());
	if (c.data.size() < 2)
		return 0xdeadbeefdeadbeefULL;
	return ((uint64_t)c.data[1] << 32) | c.data[0];
}

void Env::mem_wr32(uint64_t addr, uint32_t val, unsigned fbe)
{
	send(mem_tlp(true, addr, 1, fbe, 0, {val}));
}

void Env::mem_wr64(uint64_t addr, uint64_t val, unsigned fbe, unsigned lbe)
{
	send(mem_tlp(true, addr, 2, fbe, lbe, {(uint32_t)val, (uint32_t)(val >> 32)}));
}

void Env::bring_up()
{
	reset();
	vf_bme_rids.clear();
	bus = 1 + (unsigned)rnd(255);
	dev = (unsigned)rnd(32);
	// BAR0 64 KiB and the MSI-X BAR 16 KiB, above or below 4 GiB (3DW or 4DW requests)
	if (rnd(2))
		bar0 = (0x20ULL + rnd(0x1000)) << 32 | (rnd(0x10000) << 16);
	else
		bar0 = 0x80000000ULL + (rnd(0x3000) << 16);
	bar2 = rnd(2) ? (bar0 + 0x10000 + (rnd(64) << 14)) : (0x40000000ULL + (rnd(0x1000) << 14));
	cfg_wr(0x10, (uint32_t)bar0);  // the first CfgWr0 also sets bus and device number
	cfg_wr(0x14, (uint32_t)(bar0 >> 32));
	cfg_wr(0x18, (uint32_t)bar2);
	cfg_wr(0x1c, (uint32_t)(bar2 >> 32));
	cfg_wr(0x04, 0x0006);  // Memory Space + Bus Master
}

// ---------------------------------------------------------------------------------------------
// host memory model: answers the core's reads, applies its writes
// ---------------------------------------------------------------------------------------------

uint8_t Env::host_byte(uint64_t a) const
{
	auto it = host_mem.find(a);
	if (it != host_mem.end())
		return it->second;
	uint64_t x = a * 0x9e3779b97f4a7c15ULL;	 // untouched memory holds a fixed pattern
	return (uint8_t)(x >> 56);
}

void Env::inject_rc(const Tlp &t, unsigned delay)
{
	uint64_t at = now + delay;
	if (!rc.q.empty() && rc.q.back().first > at)
		at = rc.q.back().first;	 // the host returns completions in order
	rc.q.emplace_back(at, t);
}

void Env::host_complete(const Tlp &rd, unsigned status, uint8_t tag, bool poison)
{
	uint64_t addr = vfn_tlp_addr(rd.hdr);
	unsigned ndw = vfn_tlp_len_dw(rd.hdr);
	uint16_t rid = vfn_tlp_req_id(rd.hdr);
	unsigned lat = host_lat_min + (unsigned)rnd(host_lat_max - host_lat_min + 1);
	if (status != VFN_CPL_SC) {
		Tlp c;
		vfn_tlp_cpl(c.hdr, false, status, 0x0000, ndw * 4, rid, tag, addr & 0x7f, 0);
		inject_rc(c, lat);
		return;
	}
	// split at random DW boundaries, in address order
	unsigned done = 0;
	while (done < ndw) {
		unsigned n = ndw - done;
		if (host_split && n > 1 && rnd(2))
			n = 1 + (unsigned)rnd(n);
		Tlp c;
		vfn_tlp_cpl(c.hdr, true, VFN_CPL_SC, 0x0000, (ndw - done) * 4, rid, tag,
			    (addr + 4 * done) & 0x7f, n);
		if (poison)
			c.hdr[0] |= 1u << 14;
		for (unsigned i = 0; i < n; i++) {
			uint64_t a = addr + 4 * (done + i);
			c.data.push_back((uint32_t)host_byte(a) | (uint32_t)host_byte(a + 1) << 8 |
					 (uint32_t)host_byte(a + 2) << 16 |
					 (uint32_t)host_byte(a + 3) << 24);
		}
		inject_rc(c, lat);
		lat = (unsigned)rnd(8);
		done += n;
	}
}

void Env::on_rq(const Tlp &t)
{
	rq_log.push_back({now, t});
	unsigned ft = vfn_tlp_fmt_type(t.hdr);
	uint16_t rid = vfn_tlp_req_id(t.hdr);
	if (rid == dev_rid()) {
		check(bme || t.start <= bme_off_at,
		      "rq %s issued while Bus Master Enable is clear", t.str().c_str());
	} else {
		// a VF's request: its BME must be set (the TB clears a VF's BME only when idle)
		check(vf_bme_rids.count(rid) != 0,
		      "rq %s: requester ID is neither the PF's %04x nor a VF with BME set",
		      t.str().c_str(), dev_rid());
	}
	uint64_t addr = vfn_tlp_addr(t.hdr);
	check(vfn_tlp_is_4dw(t.hdr) == ((addr >> 32) != 0),
	      "rq %s: 4DW header iff the address needs 64 bits", t.str().c_str());
	if (ft == VFN_TLP_MWR32 || ft == VFN_TLP_MWR64) {
		unsigned ndw = vfn_tlp_len_dw(t.hdr);
		for (unsigned i = 0; i < ndw && i < t.data.size(); i++) {
			unsigned be = i == 0 ? vfn_tlp_fbe(t.hdr)
					     : (i + 1 == ndw ? vfn_tlp_lbe(t.hdr) : 0xf);
			for (unsigned b = 0; b < 4; b++)
				if (be & (1u << b))
					host_write(addr + 4 * i + b,
						   (uint8_t)(t.data[i] >> (8 * b)));
		}
		if (is_msi_addr(addr))
			irqs.push_back({now, t});
	} else if (ft == VFN_TLP_MRD32 || ft == VFN_TLP_MRD64) {
		uint8_t tag = vfn_tlp_req_tag(t.hdr);
		switch (host_read_mode) {
		case HostRead::Normal: host_complete(t, VFN_CPL_SC, tag); break;
		case HostRead::UR: host_complete(t, VFN_CPL_UR, tag); break;
		case HostRead::CA: host_complete(t, VFN_CPL_CA, tag); break;
		case HostRead::Poison: host_complete(t, VFN_CPL_SC, tag, true); break;
		case HostRead::Drop: break;
		}
	} else {
		fail("rq carries an unexpected TLP %s", t.str().c_str());
	}
}
