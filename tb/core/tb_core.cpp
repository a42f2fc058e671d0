// SPDX-License-Identifier: MIT
// Cycle-level testbench of vfnic_core: directed tests of config space, BAR decode, the BAR0
// register file, MSI-X, the DMA test engine and what each function reset returns to reset
// values (also the PF's classifier entries and rate settings), plus a seeded random phase
// checked against a reference model. Prints TAP; exits non-zero on any failure and then keeps an FST waveform.
//
// usage: tb_core OUTDIR     (SEED=n in the environment replays a run)
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../common/bar0_holes.h"
#include "core_env.h"
#include "vfnic_regs.h"

#ifndef CORE_TB_DMA_TIMEOUT_LOG2
#error "build with -DCORE_TB_DMA_TIMEOUT_LOG2=<the DmaTimeoutCyclesLog2 the core was built with>"
#endif
#ifndef CORE_TB_TOTAL_VFS
#error "build with -DCORE_TB_TOTAL_VFS=<the TotalVfs the core was built with>"
#endif

namespace
{

// ---- config space layout (PCI and PCIe specifications; capability offsets from vfnic.rdl) ----
constexpr unsigned kCmd = 0x04;
constexpr unsigned kPcie = VFNIC_CAP_PCIE_OFFSET;
constexpr unsigned kDevCtl = kPcie + 0x08;
constexpr unsigned kLinkCtl = kPcie + 0x10;
constexpr unsigned kDevCtl2 = kPcie + 0x28;
constexpr unsigned kLinkCtl2 = kPcie + 0x30;
constexpr unsigned kPm = VFNIC_CAP_PM_OFFSET;
constexpr unsigned kMsix = VFNIC_CAP_MSIX_OFFSET;

constexpr uint32_t kCmdMse = 1u << 1;
constexpr uint32_t kCmdBme = 1u << 2;
constexpr uint32_t kCmdRwMask = 0x0546;
constexpr uint32_t kDevCtlReset = 0x2810;  // RO + No Snoop on, MPS 128 B, MRRS 512 B
constexpr unsigned kVectors = VFNIC_PF_MSIX_VECTORS;
constexpr uint64_t kBar0Size = 1ULL << 16;
constexpr uint64_t kBar2Size = 1ULL << VFNIC_PF_MSIX_BAR_SIZE_LOG2;
constexpr unsigned kTotalVfs = CORE_TB_TOTAL_VFS;
constexpr uint32_t kDevCapFlr = 1u << 28;

// SR-IOV capability (docs/sriov.md)
constexpr unsigned kSriov = VFNIC_CAP_SRIOV_OFFSET;
constexpr unsigned kSriovCtl = kSriov + 0x08;
constexpr unsigned kSriovNum = kSriov + 0x10;
constexpr unsigned kSriovPage = kSriov + 0x20;
constexpr unsigned kVfBar0 = kSriov + 0x24;
constexpr unsigned kVfBar2 = kSriov + 0x2c;
constexpr uint32_t kVfEn = 1u << 0;
constexpr uint32_t kVfMse = 1u << 3;
constexpr uint32_t kAriHier = 1u << 4;
constexpr unsigned kVfVectors = VFNIC_VF_MSIX_VECTORS;

void ari_on(Env &e);
unsigned vf_fn(unsigned n);

bool is_ur_cpl(const Tlp &c)
{
	return vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPL && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_UR &&
	       c.data.empty();
}

// an address that neither BAR decodes
uint64_t outside_addr(Env &e)
{
	for (;;) {
		uint64_t a =
			e.rnd(2) ? (e.rng() & 0x00ffffffffffff00ULL) : (e.rng() & 0xffffff00ULL);
		if ((a >> 16) != (e.bar0 >> 16) && (a >> 14) != (e.bar2 >> 14) &&
		    ((a + 0xff) >> 16) != (e.bar0 >> 16) && ((a + 0xff) >> 14) != (e.bar2 >> 14))
			return a;
	}
}

void msix_program(Env &e, unsigned v, uint64_t addr, uint32_t data, bool masked)
{
	uint64_t ent = e.bar2 + VFNIC_MSIX_TABLE_OFFSET + 16 * v;
	e.mem_wr32(ent + 0, (uint32_t)addr);
	e.mem_wr32(ent + 4, (uint32_t)(addr >> 32));
	e.mem_wr32(ent + 8, data);
	e.mem_wr32(ent + 12, masked ? 1 : 0);
}

void msix_ctl(Env &e, bool enable, bool fmask)
{
	e.cfg_wr(kMsix, (enable ? 1u << 31 : 0) | (fmask ? 1u << 30 : 0), 0x8);
}

uint32_t pba(Env &e)
{
	return e.mem_rd32(e.bar2 + VFNIC_MSIX_PBA_OFFSET);
}

uint64_t msi_addr(Env &e, unsigned v, bool wide)
{
	return (wide ? 0x1fee00000ULL : 0xfee00000ULL) | ((uint64_t)v << 12) |
	       ((e.rng() & 0xff) << 2);
}

bool wait_irq(Env &e, size_t before, const char *what)
{
	return e.run_until([&] { return e.irqs.size() > before; }, 5000, what);
}

// Program and start the DMA test engine; poll DMA_CTRL until it is no longer busy
uint32_t dma_run(Env &e, uint64_t src, uint64_t dst, unsigned len, uint32_t ctrl_extra)
{
	e.reg_wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	e.reg_wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	e.reg_wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	e.reg_wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	e.reg_wr(VFNIC_REG_DMA_LEN, len);
	e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK | ctrl_extra);
	uint32_t v = 0;
	for (int i = 0; i < 4000; i++) {
		v = e.reg_rd(VFNIC_REG_DMA_CTRL);
		if (!(v & VFNIC_DMA_CTRL_START_MASK))
			return v;
		if (e.errors)
			break;
	}
	e.fail("DMA engine still busy (DMA_CTRL %08x)", v);
	return v;
}

uint64_t dma_addr(Env &e, unsigned len)
{
	uint64_t base = e.rnd(2) ? (0x300000000ULL + (e.rnd(0x10000) << 12))
				 : (0x10000000ULL + (e.rnd(0x10000) << 12));
	return base + 4 * e.rnd((4096 - len) / 4 + 1);
}

// ---------------------------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------------------------

void t_config_walk(Env &e)
{
	e.bring_up();
	e.check(e.cfg_rd(0x00) == ((uint32_t)VFNIC_PF_DEVICE_ID << 16 | VFNIC_VENDOR_ID),
		"vendor/device ID");
	e.check(e.cfg_rd(0x08) == ((uint32_t)VFNIC_CLASS_CODE << 8 | VFNIC_REVISION_ID),
		"class code / revision");
	e.check((e.cfg_rd(0x0c) & 0xffffff00) == 0, "BIST 0, header type 0, latency timer 0");
	e.check(e.cfg_rd(0x2c) == ((uint32_t)VFNIC_SUBSYS_ID << 16 | VFNIC_SUBSYS_VENDOR_ID),
		"subsystem IDs");
	e.check(e.cfg_rd(0x20) == 0 && e.cfg_rd(0x24) == 0, "BAR4/5 read 0");
	e.check(e.cfg_rd(0x28) == 0 && e.cfg_rd(0x30) == 0, "CardBus CIS and expansion ROM read 0");
	e.check((e.cfg_rd(0x34) & 0xff) == kPcie, "capabilities pointer");
	e.check(((e.cfg_rd(0x3c) >> 8) & 0xff) == 0, "interrupt pin 0 (no INTx)");
	e.check((e.cfg_rd(kCmd) >> 16) & 0x10, "Status.Capabilities List");
	e.check((e.cfg_rd(0x10) & 0xf) == 0x4 && (e.cfg_rd(0x18) & 0xf) == 0x4,
		"BAR0 and BAR2 are 64-bit non-prefetchable memory BARs");

	// walk the capability list
	const unsigned want[][2] = {{kPcie, 0x10}, {kPm, 0x01}, {kMsix, 0x11}};
	unsigned p = e.cfg_rd(0x34) & 0xfc;
	for (unsigned i = 0; i < 3; i++) {
		if (!e.check(p == want[i][0], "capability %u at 0x%02x, expected 0x%02x", i, p,
			     want[i][0]))
			return;
		uint32_t h = e.cfg_rd(p);
		e.check((h & 0xff) == want[i][1], "capability at 0x%02x has ID %02x", p, h & 0xff);
		p = (h >> 8) & 0xfc;
	}
	e.check(p == 0, "capability list ends after MSI-X");

	// PCI Express capability v2, endpoint
	e.check((e.cfg_rd(kPcie) >> 16) == 0x0002, "PCIe Capabilities: version 2, endpoint");
	uint32_t devcap = e.cfg_rd(kPcie + 4);
	e.check((devcap & 7) == 2 && (devcap & (1u << 5)) && (devcap & (1u << 15)) &&
			(devcap & kDevCapFlr),
		"Device Capabilities %08x (MPS 512, ext tag, RBER, FLR)", devcap);
	uint32_t devctl = e.cfg_rd(kDevCtl);
	e.check((devctl & 0xffff) == kDevCtlReset, "Device Control reset value %04x",
		devctl & 0xffff);
	e.check((devctl >> 16) == 0, "Device Status clear");
	uint32_t lnkcap = e.cfg_rd(kPcie + 0x0c);
	e.check((lnkcap & 0xf) == 1 && ((lnkcap >> 4) & 0x3f) == 1 && (lnkcap >> 24) == 0,
		"Link Capabilities %08x: 2.5 GT/s x1, port 0", lnkcap);
	uint32_t lnk = e.cfg_rd(kLinkCtl);
	e.check(((lnk >> 16) & 0xf) == 1 && ((lnk >> 20) & 0x3f) == 1 && (lnk & (1u << 28)),
		"Link Status %04x: 2.5 GT/s x1, slot clock", lnk >> 16);
	uint32_t devcap2 = e.cfg_rd(kPcie + 0x24);
	e.check((devcap2 & 0x1f) == 0x10, "Device Capabilities 2 %08x: CTO disable supported",
		devcap2);
	e.check((e.cfg_rd(kPcie + 0x2c) & 0xfe) == 0x02, "Link Capabilities 2: 2.5 GT/s");
	e.check((e.cfg_rd(kLinkCtl2) & 0xf) == 1, "Link Control 2 target speed 2.5 GT/s");
	for (unsigned off = 0x14; off <= 0x20; off += 4)
		e.check(e.cfg_rd(kPcie + off) == 0, "slot/root registers at +0x%02x read 0", off);

	// Power Management v3, No_Soft_Reset
	e.check(((e.cfg_rd(kPm) >> 16) & 7) == 3, "PM capability version 3");
	uint32_t pmcsr = e.cfg_rd(kPm + 4);
	e.check((pmcsr & 0xffff) == 0x0008, "PMCSR %04x: D0, No_Soft_Reset", pmcsr & 0xffff);

	// MSI-X
	uint32_t mc = e.cfg_rd(kMsix);
	e.check((mc >> 16) == kVectors - 1, "MSI-X Message Control %04x: table size, off",
		mc >> 16);
	e.check(e.cfg_rd(kMsix + 4) == (VFNIC_MSIX_TABLE_OFFSET | VFNIC_PF_MSIX_BAR),
		"MSI-X table offset/BIR");
	e.check(e.cfg_rd(kMsix + 8) == (VFNIC_MSIX_PBA_OFFSET | VFNIC_PF_MSIX_BAR),
		"MSI-X PBA offset/BIR");

	// extended capabilities: ARI -> SR-IOV -> end
	e.check(e.cfg_rd(VFNIC_EXT_CAP_OFFSET) ==
			(VFNIC_CAP_SRIOV_OFFSET << 20 | 1u << 16 | 0x000e),
		"extended list starts with ARI, next SR-IOV");
	e.check(e.cfg_rd(VFNIC_CAP_SRIOV_OFFSET) == (1u << 16 | 0x0010),
		"SR-IOV capability ends the extended list");
	e.check(e.cfg_rd(0xffc) == 0 && e.cfg_rd(0xa0) == 0 && e.cfg_rd(0x38) == 0,
		"unimplemented registers read 0");
}

void t_bar_sizing(Env &e)
{
	e.bring_up();
	e.cfg_wr(kCmd, 0);  // decode off while sizing, as software does
	const struct {
		unsigned reg;
		uint64_t size;
	} bars[] = {{0x10, kBar0Size}, {0x18, kBar2Size}};
	for (const auto &b : bars) {
		uint32_t lo = e.cfg_rd(b.reg), hi = e.cfg_rd(b.reg + 4);
		e.cfg_wr(b.reg, 0xffffffff);
		e.cfg_wr(b.reg + 4, 0xffffffff);
		uint32_t slo = e.cfg_rd(b.reg), shi = e.cfg_rd(b.reg + 4);
		uint64_t mask = ((uint64_t)shi << 32) | (slo & ~0xfu);
		e.check((slo & 0xf) == 0x4, "BAR at 0x%02x: type bits %x while sizing", b.reg,
			slo & 0xf);
		e.check(~mask + 1 == b.size,
			"BAR at 0x%02x sizes to 0x%" PRIx64 ", expected 0x%" PRIx64, b.reg,
			~mask + 1, b.size);
		e.cfg_wr(b.reg, lo);
		e.cfg_wr(b.reg + 4, hi);
		e.check(e.cfg_rd(b.reg) == lo && e.cfg_rd(b.reg + 4) == hi,
			"BAR at 0x%02x restored", b.reg);
	}
	for (unsigned reg : {0x20u, 0x24u, 0x30u}) {
		e.cfg_wr(reg, 0xffffffff);
		e.check(e.cfg_rd(reg) == 0, "register 0x%02x (unimplemented BAR/ROM) stays 0", reg);
	}
	e.cfg_wr(kCmd, kCmdMse | kCmdBme);
	e.check(e.reg_rd(VFNIC_REG_ID) == VFNIC_DEV_ID_MAGIC, "BAR0 decodes after restore");
}

void t_ro_fields(Env &e)
{
	e.bring_up();
	const unsigned ro[] = {0x00,	     0x08,	   0x20,	 0x24,	       0x28,
			       0x2c,	     0x30,	   0x34,	 0x38,	       kPcie,
			       kPcie + 0x04, kPcie + 0x0c, kPcie + 0x14, kPcie + 0x18, kPcie + 0x1c,
			       kPcie + 0x20, kPcie + 0x24, kPcie + 0x2c, kPcie + 0x34, kPcie + 0x38,
			       kPm,	     kMsix + 4,	   kMsix + 8,	 0xa0,	       0x100,
			       0x104,	     0xffc};
	for (unsigned reg : ro) {
		uint32_t orig = e.cfg_rd(reg);
		e.cfg_wr(reg, 0xffffffff);
		uint32_t a = e.cfg_rd(reg);
		e.cfg_wr(reg, 0);
		uint32_t b = e.cfg_rd(reg);
		e.check(a == orig && b == orig, "read-only 0x%03x changed: %08x -> %08x / %08x",
			reg, orig, a, b);
	}
	// registers that mix read-only and writable bits: the read-only part must hold
	e.cfg_wr(0x0c, 0xffffffff);
	e.check(e.cfg_rd(0x0c) == 0x000000ff, "0x0C: only Cache Line Size is writable");
	e.cfg_wr(0x3c, 0xffffffff);
	e.check(e.cfg_rd(0x3c) == 0x000000ff, "0x3C: only Interrupt Line is writable");
	uint32_t st = e.cfg_rd(kCmd);
	e.cfg_wr(kCmd, 0xffff0000, 0xc);
	e.check(e.cfg_rd(kCmd) == st, "Status: RO bits hold, RW1C bits were 0");
	uint32_t lnk = e.cfg_rd(kLinkCtl);
	e.cfg_wr(kLinkCtl, 0xffff0000, 0xc);
	e.check(e.cfg_rd(kLinkCtl) == lnk, "Link Status is read-only");
	uint32_t mc = e.cfg_rd(kMsix);
	e.cfg_wr(kMsix, 0x3fffffff);
	e.check(e.cfg_rd(kMsix) == mc, "MSI-X Table Size and header are read-only");
	uint32_t pm = e.cfg_rd(kPm + 4);
	e.cfg_wr(kPm + 4, 0xfffffff0);
	e.check(e.cfg_rd(kPm + 4) == pm, "PMCSR upper bits are read-only");
}

void t_rw_fields(Env &e)
{
	e.bring_up();
	struct Rw {
		unsigned reg, be;
		uint32_t ones, reset;  // value after writing all ones; value to restore
	};
	const Rw rw[] = {
		{kCmd, 0x3, kCmdRwMask, kCmdMse | kCmdBme},
		{0x0c, 0x1, 0xff, 0},
		{0x3c, 0x1, 0xff, 0},
		{kDevCtl, 0x3, 0x79ff, kDevCtlReset},  // written 0x7fff: bit 15 would be an FLR
		{kLinkCtl, 0x3, 0x00c3, 0},
		{kDevCtl2, 0x3, 0x0010, 0},
		{kLinkCtl2, 0x3, 0x000f, 1},
	};
	for (const Rw &r : rw) {
		uint32_t keep = e.cfg_rd(r.reg) & ~0xffffu;
		e.cfg_wr(r.reg, r.reg == kDevCtl ? 0x7fff : 0xffff, r.be);
		uint32_t v = e.cfg_rd(r.reg);
		e.check((v & 0xffff) == r.ones, "0x%03x after writing ones: %04x, expected %04x",
			r.reg, v & 0xffff, r.ones);
		e.check((v & ~0xffffu) == keep, "0x%03x: upper half disturbed", r.reg);
		e.cfg_wr(r.reg, 0, r.be);
		e.check((e.cfg_rd(r.reg) & 0xffff) == 0, "0x%03x clears", r.reg);
		e.cfg_wr(r.reg, r.reset, r.be);
	}
	// byte enables: only the enabled byte of Command changes
	e.cfg_wr(kCmd, 0xffff, 0x2);
	e.check((e.cfg_rd(kCmd) & 0xffff) == (0x0500 | kCmdMse | kCmdBme),
		"Command high byte only");
	e.cfg_wr(kCmd, kCmdMse | kCmdBme, 0x3);
	// PowerState: D3hot and D0 are accepted, D1/D2 writes leave it unchanged
	e.cfg_wr(kPm + 4, 3, 0x1);
	e.check((e.cfg_rd(kPm + 4) & 3) == 3, "PowerState D3hot");
	e.cfg_wr(kPm + 4, 1, 0x1);
	e.check((e.cfg_rd(kPm + 4) & 3) == 3, "PowerState D1 write ignored");
	e.cfg_wr(kPm + 4, 0, 0x1);
	e.check((e.cfg_rd(kPm + 4) & 3) == 0, "PowerState back to D0");
	e.cfg_wr(kPm + 4, 2, 0x1);
	e.check((e.cfg_rd(kPm + 4) & 3) == 0, "PowerState D2 write ignored");
	// MSI-X Enable and Function Mask
	msix_ctl(e, true, true);
	e.check((e.cfg_rd(kMsix) >> 30) == 3, "MSI-X Enable and Function Mask set");
	msix_ctl(e, false, false);
	e.check((e.cfg_rd(kMsix) >> 30) == 0, "MSI-X Enable and Function Mask clear");
}

void t_rw1c_urd(Env &e)
{
	e.bring_up();
	e.check((e.cfg_rd(kDevCtl) >> 16) == 0, "Device Status starts clear");
	Tlp c = e.mem_rd_cpl(outside_addr(e), 1);
	e.check(is_ur_cpl(c), "read outside the BARs gets UR");
	e.check(e.cfg_rd(kDevCtl) >> 16 == 0x8, "Unsupported Request Detected set");
	e.cfg_wr(kDevCtl, 0, 0xc);
	e.check(e.cfg_rd(kDevCtl) >> 16 == 0x8, "writing 0 leaves URD set");
	e.cfg_wr(kDevCtl, 0x00080000, 0xc);
	uint32_t v = e.cfg_rd(kDevCtl);
	e.check(v >> 16 == 0, "writing 1 clears URD");
	e.check((v & 0xffff) == kDevCtlReset, "Device Control untouched by the status write");
}

void t_bus_capture(Env &e)
{
	e.bring_up();
	unsigned nbus = (e.bus + 1 + (unsigned)e.rnd(254)) & 0xff, ndev = (unsigned)e.rnd(32);
	uint16_t nid = (uint16_t)(nbus << 8 | ndev << 3);
	Tlp w;
	vfn_tlp_cfg(w.hdr, true, nid, 0x0c, 0x1, e.host_rid, e.next_tag());
	w.data.push_back(0x10);
	Tlp c = e.wait_cpl(e.send(w));
	e.check(vfn_tlp_cpl_completer(c.hdr) == nid, "CfgWr0 completion from %04x, expected %04x",
		vfn_tlp_cpl_completer(c.hdr), nid);
	e.bus = nbus;
	e.dev = ndev;
	// a CfgRd0 does not capture: the completer stays the captured ID
	Tlp r;
	vfn_tlp_cfg(r.hdr, false, (uint16_t)(nid ^ 0x5500), 0x00, 0xf, e.host_rid, e.next_tag());
	c = e.wait_cpl(e.send(r));
	e.check(vfn_tlp_cpl_completer(c.hdr) == nid, "CfgRd0 does not change the captured ID");
	e.check(e.reg_rd(VFNIC_REG_ID) == VFNIC_DEV_ID_MAGIC, "MMIO completion uses the new ID");
	// and MSI-X messages carry it as requester ID (checked by the host model)
	msix_program(e, 0, msi_addr(e, 0, false), 0x1234, false);
	msix_ctl(e, true, false);
	size_t n = e.irqs.size();
	e.reg_wr(VFNIC_REG_IRQ_TEST, 0);
	wait_irq(e, n, "an MSI-X message");
}

void t_mmio_scratch(Env &e)
{
	e.bring_up();
	uint64_t s = e.bar0 + VFNIC_REG_SCRATCH;
	e.check(e.reg_rd(VFNIC_REG_ID) == VFNIC_DEV_ID_MAGIC, "ID");
	e.check(e.reg_rd(VFNIC_REG_VERSION) == VFNIC_VERSION, "VERSION");
	e.check(e.reg_rd(VFNIC_REG_CAPS) == (kVectors | kTotalVfs << 16), "CAPS: %u vectors, %u VFs",
		kVectors, kTotalVfs);
	uint32_t lo = (uint32_t)e.rng(), hi = (uint32_t)e.rng();
	e.mem_wr32(s, lo);
	e.check(e.mem_rd32(s) == lo, "SCRATCH 32-bit");
	uint64_t q = e.rng();
	e.mem_wr64(s, q);
	e.check(e.mem_rd64(s) == q, "SCRATCH 64-bit");
	e.check(e.mem_rd32(s) == (uint32_t)q && e.mem_rd32(s + 4) == (uint32_t)(q >> 32),
		"64-bit write reached SCRATCH and SCRATCH_HI");
	// byte enables
	e.mem_wr32(s, 0xaabbccdd, 0x6);
	uint64_t m = (q & ~0x00ffff00ULL) | 0x00bbcc00ULL;
	e.check(e.mem_rd32(s) == (uint32_t)m, "FBE 0110 write merges bytes 1..2");
	e.mem_wr64(s, ((uint64_t)hi << 32) | lo, 0xc, 0x3);
	m = (m & ~0x0000ffffffff0000ULL) | (((uint64_t)hi << 32 | lo) & 0x0000ffffffff0000ULL);
	e.check(e.mem_rd64(s) == m, "FBE 1100 / LBE 0011 write merges bytes 2..5");
	// partial reads return whole DWs with PCIe byte count and lower address
	struct {
		unsigned ndw, fbe, lbe, bc, la;
	} rd[] = {{1, 0x2, 0, 1, 1}, {1, 0xc, 0, 2, 2},	  {1, 0x0, 0, 1, 0},
		  {1, 0x9, 0, 4, 0}, {2, 0xe, 0x1, 4, 1}, {2, 0x8, 0x7, 4, 3}};
	for (auto &r : rd) {
		Tlp c = e.mem_rd_cpl(s, r.ndw, r.fbe, r.lbe);
		bool ok = vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPLD && c.data.size() == r.ndw &&
			  vfn_tlp_cpl_byte_count(c.hdr) == r.bc &&
			  vfn_tlp_cpl_lower_addr(c.hdr) == ((s & 0x7c) | r.la) &&
			  c.data[0] == (uint32_t)m &&
			  (r.ndw == 1 || c.data[1] == (uint32_t)(m >> 32));
		e.check(ok, "read %u DW FBE %x LBE %x: %s (byte count %u, lower addr +%u)", r.ndw,
			r.fbe, r.lbe, c.str().c_str(), r.bc, r.la);
	}
	// a 64-bit access need not be QW aligned in BAR0: VERSION + SCRATCH
	uint64_t vs = e.mem_rd64(e.bar0 + VFNIC_REG_VERSION);
	e.check(vs == ((uint64_t)(uint32_t)m << 32 | VFNIC_VERSION),
		"64-bit read of VERSION+SCRATCH");
	// the other read/write registers of the file
	for (unsigned off : {VFNIC_REG_DMA_SRC_LO, VFNIC_REG_DMA_SRC_HI, VFNIC_REG_DMA_DST_LO,
			     VFNIC_REG_DMA_DST_HI}) {
		uint32_t v = (uint32_t)e.rng();
		e.reg_wr(off, v);
		e.check(e.reg_rd(off) == v, "register 0x%02x read/write", off);
	}
	e.reg_wr(VFNIC_REG_DMA_LEN, 0xffffffff);
	e.check(e.reg_rd(VFNIC_REG_DMA_LEN) == 0xff, "DMA_LEN holds BYTES only");
	e.reg_wr(VFNIC_REG_ID, 0);
	e.check(e.reg_rd(VFNIC_REG_ID) == VFNIC_DEV_ID_MAGIC, "ID is read-only");
}

// a DW offset in a range of the PF's BAR0 with no register (docs/datapath.md "PF BAR0 layout";
// the datapath windows are left to the transport harness, whose host model runs DMA)
unsigned bar0_hole(Env &e)
{
	const unsigned *h = vfnic_tb_bar0_holes[e.rnd(VFNIC_TB_BAR0_NHOLES)];
	/* a two-DW access stays inside the range */
	return h[0] + 4 * (unsigned)e.rnd((h[1] - h[0]) / 4 - 1);
}

// the part of BAR0 the random phase's reference model knows: the general registers below
// the datapath's (QUEUES at 0x50 on) and the holes
bool ref_bar0_area(unsigned off, unsigned ndw)
{
	if (off + 4 * ndw <= VFNIC_REG_QUEUES)
		return true;
	for (const auto &h : vfnic_tb_bar0_holes)
		if (off >= h[0] && off + 4 * ndw <= h[1])
			return true;
	return false;
}

void t_bad_access(Env &e)
{
	e.bring_up();
	uint32_t n = e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT);
	e.check(n == 0, "BAD_ACCESS_COUNT starts at 0");
	e.check(e.reg_rd(0x0c00) == 0, "hole reads 0");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == n + 1 &&
			e.reg_rd(VFNIC_REG_BAD_ACCESS_ADDR) == 0x0c00,
		"hole read counted with its offset");
	e.reg_wr(0xfff8, 0x12345678);
	e.check(e.reg_rd(0xfff8) == 0, "write to a hole is ignored");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == n + 3 &&
			e.reg_rd(VFNIC_REG_BAD_ACCESS_ADDR) == 0xfff8,
		"hole write and read counted");
	// a 64-bit access half in a hole counts once, at the hole's offset
	uint64_t v = e.mem_rd64(e.bar0 + VFNIC_REG_CLOCK_KHZ);  // the last register, then a hole
	e.check((v >> 32) == 0 && (uint32_t)v == VFNIC_CLOCK_KHZ,
		"hole half of a 64-bit read is 0");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == n + 4 &&
			e.reg_rd(VFNIC_REG_BAD_ACCESS_ADDR) == VFNIC_REG_CLOCK_KHZ + 4,
		"64-bit access over a hole counted once");
	// the write-only register reads 0 and is not a hole
	e.check(e.reg_rd(VFNIC_REG_IRQ_TEST) == 0, "IRQ_TEST reads 0");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == n + 4, "IRQ_TEST read is not a bad access");
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == 0, "holes are not UR");
}

void t_ur_memory(Env &e)
{
	e.bring_up();
	unsigned urs = 0;
	uint64_t a = outside_addr(e);
	Tlp c = e.mem_rd_cpl(a, 1, 0xf, 0);
	urs++;
	e.check(is_ur_cpl(c) && vfn_tlp_cpl_completer(c.hdr) == e.dev_rid() &&
			vfn_tlp_cpl_byte_count(c.hdr) == 4 &&
			vfn_tlp_cpl_lower_addr(c.hdr) == (a & 0x7c),
		"MRd outside any BAR: %s", c.str().c_str());
	c = e.mem_rd_cpl(a + 8, 2, 0xe, 0x3);
	urs++;
	e.check(is_ur_cpl(c) && vfn_tlp_cpl_byte_count(c.hdr) == 5 &&
			vfn_tlp_cpl_lower_addr(c.hdr) == ((a + 9) & 0x7f),
		"2-DW MRd outside: %s", c.str().c_str());
	// Memory Space Enable clear: reads UR, writes dropped
	uint32_t s = e.reg_rd(VFNIC_REG_SCRATCH);
	e.cfg_wr(kCmd, kCmdBme);
	c = e.mem_rd_cpl(e.bar0 + VFNIC_REG_ID, 1, 0xf, 0);
	urs++;
	e.check(is_ur_cpl(c), "MRd with MSE clear gets UR");
	e.mem_wr32(e.bar0 + VFNIC_REG_SCRATCH, ~s);
	urs++;
	c = e.mem_rd_cpl(e.bar2 + VFNIC_MSIX_PBA_OFFSET, 1, 0xf, 0);
	urs++;
	e.check(is_ur_cpl(c), "MRd of the MSI-X BAR with MSE clear gets UR");
	e.cfg_wr(kCmd, kCmdMse | kCmdBme);
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == s, "write with MSE clear was dropped");
	// longer than two DWs
	c = e.mem_rd_cpl(e.bar0 + VFNIC_REG_SCRATCH, 3, 0xf, 0xf);
	urs++;
	e.check(is_ur_cpl(c) && vfn_tlp_cpl_byte_count(c.hdr) == 12, "3-DW MRd gets UR: %s",
		c.str().c_str());
	e.send(e.mem_tlp(true, e.bar0 + VFNIC_REG_SCRATCH, 3, 0xf, 0xf, {1, 2, 3}));
	urs++;
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == s, "3-DW MWr was dropped");
	// two DWs running past the end of BAR0
	c = e.mem_rd_cpl(e.bar0 + kBar0Size - 4, 2, 0xf, 0xf);
	urs++;
	e.check(is_ur_cpl(c), "2-DW MRd crossing the end of BAR0 gets UR");
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == urs, "UR_COUNT %u", urs);
	e.check((e.cfg_rd(kDevCtl) >> 16) & 0x8, "URD set");
}

void t_ur_other(Env &e)
{
	e.bring_up();
	std::vector<Tlp> reqs;
	Tlp t;
	// I/O read and write
	t = Tlp();
	t.hdr[0] = 0x02u << 24 | 1;
	t.hdr[1] = (uint32_t)e.host_rid << 16 | (uint32_t)e.next_tag() << 8 | 0xf;
	t.hdr[2] = 0x1000;
	reqs.push_back(t);
	t.hdr[0] = 0x42u << 24 | 1;
	t.hdr[1] = (uint32_t)e.host_rid << 16 | (uint32_t)e.next_tag() << 8 | 0xf;
	t.data = {0x55};
	reqs.push_back(t);
	// Type 1 configuration read and write
	t = Tlp();
	vfn_tlp_cfg(t.hdr, false, (uint16_t)((e.bus + 1) << 8), 0, 0xf, e.host_rid, e.next_tag());
	t.hdr[0] = (t.hdr[0] & 0x00ffffff) | 0x05u << 24;
	reqs.push_back(t);
	t = Tlp();
	vfn_tlp_cfg(t.hdr, true, (uint16_t)((e.bus + 1) << 8), 0x10, 0xf, e.host_rid, e.next_tag());
	t.hdr[0] = (t.hdr[0] & 0x00ffffff) | 0x45u << 24;
	t.data = {0xffffffff};
	reqs.push_back(t);
	// locked read, atomic FetchAdd, a reserved type
	t = e.mem_tlp(false, e.bar0 + VFNIC_REG_ID, 1, 0xf, 0);
	t.hdr[0] = (t.hdr[0] & 0x00ffffff) | (t.hdr[0] & 0x20000000) | 0x01u << 24;
	reqs.push_back(t);
	t = e.mem_tlp(false, e.bar0 + VFNIC_REG_SCRATCH, 1, 0xf, 0);
	t.hdr[0] = (t.hdr[0] & 0x00ffffff) | (t.hdr[0] & 0x20000000) | 0x4cu << 24;
	t.data = {1};
	reqs.push_back(t);
	t = e.mem_tlp(false, e.bar0, 1, 0xf, 0);
	t.hdr[0] = (t.hdr[0] & 0x00ffffff) | 0x1bu << 24;
	reqs.push_back(t);

	std::vector<uint64_t> ids;
	for (const Tlp &r : reqs)
		ids.push_back(e.send(r));
	for (size_t i = 0; i < ids.size(); i++) {
		Tlp c = e.wait_cpl(ids[i]);
		unsigned ft = vfn_tlp_fmt_type(reqs[i].hdr);
		bool locked = (ft & 0xdf) == 0x01;
		e.check(vfn_tlp_cpl_status(c.hdr) == VFN_CPL_UR && c.data.empty() &&
				vfn_tlp_fmt_type(c.hdr) == (locked ? 0x0bu : 0x0au) &&
				vfn_tlp_cpl_completer(c.hdr) == e.dev_rid(),
			"request type %02x: completion %s", ft, c.str().c_str());
	}
	// config read of a function that does not exist
	Tlp c = e.cfg_rd_cpl(0, 3);
	e.check(is_ur_cpl(c) && vfn_tlp_cpl_completer(c.hdr) == e.cfg_id(3),
		"CfgRd0 to function 3 gets UR: %s", c.str().c_str());
	c = e.cfg_wr_cpl(0x04, 0, 0xf, 5);
	e.check(is_ur_cpl(c), "CfgWr0 to function 5 gets UR");
	e.check(((e.cfg_rd(kCmd) & 0xffff) == (kCmdMse | kCmdBme)), "PF Command unaffected");
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == reqs.size() + 2, "UR_COUNT %zu", reqs.size() + 2);
}

void t_posted_dropped(Env &e)
{
	e.bring_up();
	uint32_t s = e.reg_rd(VFNIC_REG_SCRATCH);
	Tlp t;
	// Msg (local, vendor-defined type 0) and MsgD
	t.hdr[0] = 0x34u << 24;
	t.hdr[1] = (uint32_t)e.host_rid << 16 | 0x7e;
	e.send(t);
	t = Tlp();
	t.hdr[0] = 0x74u << 24 | 1;
	t.hdr[1] = (uint32_t)e.host_rid << 16 | 0x7f;
	t.data = {0xabcdef01};
	e.send(t);
	// MWr outside the BARs, short and long (many beats)
	e.mem_wr32(outside_addr(e), 0x1111);
	std::vector<uint32_t> big(40);
	for (auto &w : big)
		w = (uint32_t)e.rng();
	e.send(e.mem_tlp(true, outside_addr(e), 40, 0xf, 0xf, big));
	// too long for a register
	e.send(e.mem_tlp(true, e.bar0 + VFNIC_REG_SCRATCH, 20, 0xf, 0xf, big));
	// a completion arriving on cq is not a request
	Tlp cpl;
	vfn_tlp_cpl(cpl.hdr, true, VFN_CPL_SC, e.host_rid, 4, e.dev_rid(), 0x33, 0, 1);
	cpl.data = {0x77};
	e.send(cpl);
	e.drain();  // the scoreboard fails the test if any of these got a completion
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == 5, "UR_COUNT counts the 5 unsupported posted");
	e.check(e.reg_rd(VFNIC_REG_CPL_UNEXPECTED) == 1, "completion on cq counted unexpected");
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == s, "SCRATCH untouched");
	e.check((e.cfg_rd(kDevCtl) >> 16) & 0x8, "URD set by posted UR");
}

void t_msix_message(Env &e)
{
	e.bring_up();
	msix_ctl(e, true, false);
	for (int wide = 0; wide < 2; wide++) {
		unsigned v = (unsigned)e.rnd(kVectors);
		uint64_t addr = msi_addr(e, v, wide);
		uint32_t data = (uint32_t)e.rng();
		msix_program(e, v, addr | 3, data, false);  // address bits 1:0 are read-only 0
		uint64_t ent = e.bar2 + 16 * v;
		e.check(e.mem_rd32(ent) == (uint32_t)addr && e.mem_rd32(ent + 4) == addr >> 32 &&
				e.mem_rd32(ent + 8) == data && e.mem_rd32(ent + 12) == 0,
			"vector %u table entry reads back", v);
		uint32_t sent = e.reg_rd(VFNIC_REG_MSIX_SENT);
		size_t n = e.irqs.size();
		e.reg_wr(VFNIC_REG_IRQ_TEST, v);
		if (!wait_irq(e, n, "the MSI-X message"))
			return;
		const Tlp &m = e.irqs.back().tlp;
		e.check(vfn_tlp_fmt_type(m.hdr) == (wide ? VFN_TLP_MWR64 : VFN_TLP_MWR32) &&
				vfn_tlp_len_dw(m.hdr) == 1 && vfn_tlp_fbe(m.hdr) == 0xf &&
				vfn_tlp_lbe(m.hdr) == 0 && vfn_tlp_addr(m.hdr) == addr &&
				m.data.size() == 1 && m.data[0] == data &&
				vfn_tlp_req_id(m.hdr) == e.dev_rid() &&
				(m.hdr[0] & 0x00f03000) == 0,
			"vector %u message %s (addr %" PRIx64 " data %08x)", v, m.str().c_str(),
			addr, data);
		e.drain();
		e.check(e.irqs.size() == n + 1, "exactly one message");
		e.check(e.reg_rd(VFNIC_REG_MSIX_SENT) == sent + 1, "MSIX_SENT counts it");
		e.check(pba(e) == 0, "PBA clear after delivery");
	}
}

void t_msix_masks(Env &e)
{
	e.bring_up();
	unsigned v = (unsigned)e.rnd(kVectors);
	uint32_t data = (uint32_t)e.rng();
	msix_program(e, v, msi_addr(e, v, false), data, false);
	// Function Mask holds the message, PBA shows it pending
	msix_ctl(e, true, true);
	size_t n = e.irqs.size();
	e.reg_wr(VFNIC_REG_IRQ_TEST, v);
	e.drain();
	e.check(e.irqs.size() == n, "no message while the function is masked");
	e.check(pba(e) == 1u << v, "PBA bit %u pending under Function Mask", v);
	msix_ctl(e, true, false);
	if (wait_irq(e, n, "the message after clearing Function Mask"))
		e.check(e.irqs.back().tlp.data[0] == data, "released message data");
	e.drain();
	e.check(pba(e) == 0, "PBA clear after release");
	// per-vector mask, with a second vector pending too
	unsigned w = (v + 1) % kVectors;
	msix_program(e, w, msi_addr(e, w, true), ~data, true);
	e.mem_wr32(e.bar2 + 16 * v + 12, 1);
	n = e.irqs.size();
	e.reg_wr(VFNIC_REG_IRQ_TEST, v);
	e.reg_wr(VFNIC_REG_IRQ_TEST, w);
	e.reg_wr(VFNIC_REG_IRQ_TEST, v);  // coalesces with the pending one
	e.drain();
	e.check(e.irqs.size() == n, "no message while the vectors are masked");
	e.check(pba(e) == ((1u << v) | (1u << w)), "PBA shows both vectors pending");
	e.mem_wr32(e.bar2 + 16 * w + 12, 0);
	e.drain();
	e.check(e.irqs.size() == n + 1 && e.irqs.back().tlp.data[0] == ~data,
		"unmasking vector %u delivers it", w);
	e.check(pba(e) == 1u << v, "vector %u still pending", v);
	e.mem_wr32(e.bar2 + 16 * v + 12, 0);
	e.drain();
	e.check(e.irqs.size() == n + 2 && e.irqs.back().tlp.data[0] == data,
		"unmasking vector %u delivers one message", v);
	e.check(pba(e) == 0, "PBA clear");
	e.check(e.reg_rd(VFNIC_REG_MSIX_DROPPED) == 0, "nothing dropped");
}

void t_msix_dropped(Env &e)
{
	e.bring_up();
	unsigned v = (unsigned)e.rnd(kVectors);
	msix_program(e, v, msi_addr(e, v, false), 1, false);
	size_t n = e.irqs.size();
	e.reg_wr(VFNIC_REG_IRQ_TEST, v);  // MSI-X disabled
	e.drain();
	e.check(e.irqs.size() == n && pba(e) == 0, "disabled: no message, nothing pending");
	e.check(e.reg_rd(VFNIC_REG_MSIX_DROPPED) == 1, "disabled: MSIX_DROPPED 1");
	msix_ctl(e, true, false);
	e.reg_wr(VFNIC_REG_IRQ_TEST, kVectors);
	e.reg_wr(VFNIC_REG_IRQ_TEST, 0xfff);
	e.drain();
	e.check(e.irqs.size() == n && pba(e) == 0, "out of range: no message");
	e.check(e.reg_rd(VFNIC_REG_MSIX_DROPPED) == 3, "out of range: MSIX_DROPPED 3");
	// the DMA engine's interrupt goes the same way
	uint32_t v2 =
		dma_run(e, dma_addr(e, 4), dma_addr(e, 4) ^ (1ULL << 22), 4,
			VFNIC_DMA_CTRL_IRQ_EN_MASK | kVectors << VFNIC_DMA_CTRL_IRQ_VECTOR_SHIFT);
	e.check((v2 & 0xff) == (VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_IRQ_EN_MASK),
		"DMA done: %08x", v2);
	e.drain();
	e.check(e.irqs.size() == n, "DMA interrupt out of range: no message");
	e.check(e.reg_rd(VFNIC_REG_MSIX_DROPPED) == 4, "DMA interrupt out of range: dropped");
	e.check(e.reg_rd(VFNIC_REG_MSIX_SENT) == 0, "MSIX_SENT 0");
}

void t_msix_bme(Env &e)
{
	e.bring_up();
	unsigned v = (unsigned)e.rnd(kVectors);
	msix_program(e, v, msi_addr(e, v, e.rnd(2)), 0xbeef, false);
	msix_ctl(e, true, false);
	e.cfg_wr(kCmd, kCmdMse);
	size_t n = e.irqs.size();
	e.reg_wr(VFNIC_REG_IRQ_TEST, v);
	e.drain();
	e.check(e.irqs.size() == n, "no message while Bus Master Enable is clear");
	e.check(pba(e) == 1u << v, "vector pending while Bus Master Enable is clear");
	e.cfg_wr(kCmd, kCmdMse | kCmdBme);
	wait_irq(e, n, "the message after setting Bus Master Enable");
}

void t_msix_table_rules(Env &e)
{
	e.bring_up();
	unsigned v = (unsigned)e.rnd(kVectors);
	uint64_t ent = e.bar2 + 16 * v;
	msix_program(e, v, 0xfee00000, 0x11223344, true);
	e.mem_wr32(ent + 8, 0xffffffff, 0x3);
	e.check(e.mem_rd32(ent + 8) == 0x11223344, "partial write to the table is ignored");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == 1 &&
			e.reg_rd(VFNIC_REG_BAD_ACCESS_ADDR) == 16 * v + 8,
		"partial table write counted as a bad access");
	uint64_t a = 0x1fee01230ULL;
	e.mem_wr64(ent, a);
	e.check(e.mem_rd64(ent) == a, "QW write/read of Message Address");
	e.check(e.mem_rd64(ent + 8) == (1ULL << 32 | 0x11223344), "QW read of data + control");
	Tlp c = e.mem_rd_cpl(ent + 4, 2, 0xf, 0xf);
	e.check(vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC && c.data.size() == 2 && c.data[0] == 0 &&
			c.data[1] == 0,
		"unaligned QW read returns 0");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == 2 &&
			e.reg_rd(VFNIC_REG_BAD_ACCESS_ADDR) == 16 * v + 4,
		"unaligned QW counted");
	e.mem_wr64(ent + 4, 0);
	e.check(e.mem_rd64(ent) == a, "unaligned QW write ignored");
	e.mem_wr32(e.bar2 + VFNIC_MSIX_PBA_OFFSET, 0xffffffff);
	e.check(pba(e) == 0, "PBA is read-only");
	e.check(e.mem_rd64(e.bar2 + VFNIC_MSIX_PBA_OFFSET) == 0, "PBA QW read");
	e.check(e.mem_rd32(e.bar2 + 0x1000) == 0, "hole in the MSI-X BAR reads 0");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == 4 &&
			e.reg_rd(VFNIC_REG_BAD_ACCESS_ADDR) == 0x1000,
		"MSI-X BAR hole counted");
	for (unsigned i = 0; i < kVectors; i++)
		if (i != v)
			e.check(e.mem_rd32(e.bar2 + 16 * i + 12) == 1,
				"vector %u masked after reset", i);
}

void t_dma_copy(Env &e)
{
	e.bring_up();
	unsigned iv = (unsigned)e.rnd(kVectors);
	uint32_t idata = (uint32_t)e.rng();
	msix_program(e, iv, msi_addr(e, iv, false), idata, false);
	msix_ctl(e, true, false);
	for (int it = 0; it < 40 && !e.errors; it++) {
		// the largest and the smallest copy first, then random lengths
		unsigned len = 4 * (1 + (unsigned)e.rnd(VFNIC_DMA_TEST_MAX_BYTES / 4));
		if (it == 0)
			len = VFNIC_DMA_TEST_MAX_BYTES;
		else if (it == 1)
			len = 4;
		uint64_t src = dma_addr(e, len), dst = dma_addr(e, len);
		if ((src >> 12) == (dst >> 12))
			dst ^= 1ULL << 20;
		for (unsigned i = 0; i < len; i++)
			e.host_write(src + i, (uint8_t)e.rng());
		for (unsigned i = 0; i < len + 4; i++)
			e.host_write(dst + i, 0);
		bool irq = e.rnd(2);
		size_t first = e.rq_log.size(), nirq = e.irqs.size();
		uint32_t v = dma_run(
			e, src, dst, len,
			irq ? (VFNIC_DMA_CTRL_IRQ_EN_MASK | iv << VFNIC_DMA_CTRL_IRQ_VECTOR_SHIFT)
			    : 0);
		e.check((v & (VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_ERROR_MASK |
			      VFNIC_DMA_CTRL_CPL_STATUS_MASK | VFNIC_DMA_CTRL_TIMEOUT_MASK)) ==
				VFNIC_DMA_CTRL_DONE_MASK,
			"copy %u bytes %" PRIx64 " -> %" PRIx64 ": DMA_CTRL %08x", len, src, dst,
			v);
		e.drain();
		bool same = true;
		for (unsigned i = 0; i < len; i++)
			same = same && e.host_byte(dst + i) == e.host_byte(src + i);
		e.check(same, "destination holds the source data (%u bytes)", len);
		e.check(e.host_byte(dst + len) == 0, "nothing written past the end");
		// exactly one MRd and one data MWr, then the interrupt (ordered after the data)
		int nrd = 0, nwr = 0;
		size_t wr_at = 0, irq_at = 0;
		for (size_t i = first; i < e.rq_log.size(); i++) {
			const Tlp &t = e.rq_log[i].tlp;
			unsigned ft = vfn_tlp_fmt_type(t.hdr);
			unsigned lbe = len > 4 ? 0xf : 0;
			if (ft == VFN_TLP_MRD32 || ft == VFN_TLP_MRD64) {
				nrd++;
				e.check(vfn_tlp_addr(t.hdr) == src &&
						vfn_tlp_len_dw(t.hdr) == len / 4 &&
						vfn_tlp_fbe(t.hdr) == 0xf &&
						vfn_tlp_lbe(t.hdr) == lbe,
					"MRd %s", t.str().c_str());
			} else if (e.is_msi_addr(vfn_tlp_addr(t.hdr))) {
				irq_at = i;
				e.check(t.data[0] == idata, "DMA interrupt data");
			} else {
				nwr++;
				wr_at = i;
				e.check(vfn_tlp_addr(t.hdr) == dst &&
						vfn_tlp_len_dw(t.hdr) == len / 4 &&
						vfn_tlp_fbe(t.hdr) == 0xf &&
						vfn_tlp_lbe(t.hdr) == lbe,
					"MWr %s", t.str().c_str());
			}
		}
		e.check(nrd == 1 && nwr == 1, "one MRd (%d) and one MWr (%d)", nrd, nwr);
		e.check(e.irqs.size() == nirq + (irq ? 1 : 0), "interrupt iff IRQ_EN");
		if (irq)
			e.check(irq_at > wr_at, "interrupt follows the data write");
		e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_DONE_MASK);
		e.check(!(e.reg_rd(VFNIC_REG_DMA_CTRL) & VFNIC_DMA_CTRL_DONE_MASK), "DONE is RW1C");
	}
}

// DMA requests and MSI-X messages compete for rq: TLPs must not interleave or change while
// stalled (the monitors check), every message and the data must arrive
void t_rq_mix(Env &e)
{
	e.bring_up();
	for (unsigned v = 0; v < kVectors; v++)
		msix_program(e, v, msi_addr(e, v, v & 1), 0xa000 + v, false);
	msix_ctl(e, true, false);
	e.host_lat_min = 2;
	e.host_lat_max = 40;
	for (int it = 0; it < 10 && !e.errors; it++) {
		unsigned len = VFNIC_DMA_TEST_MAX_BYTES - 4 * (unsigned)e.rnd(4);
		uint64_t src = dma_addr(e, len), dst = dma_addr(e, len) ^ (1ULL << 23);
		for (unsigned i = 0; i < len; i++)
			e.host_write(src + i, (uint8_t)e.rng());
		e.reg_wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
		e.reg_wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
		e.reg_wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
		e.reg_wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
		e.reg_wr(VFNIC_REG_DMA_LEN, len);
		size_t n = e.irqs.size();
		e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
		for (unsigned v = 0; v < kVectors; v++) {
			e.reg_wr(VFNIC_REG_IRQ_TEST, v);
			e.run((unsigned)e.rnd(25));
		}
		e.drain();
		e.check(e.irqs.size() == n + kVectors, "%zu messages, expected %u",
			e.irqs.size() - n, kVectors);
		unsigned seen = 0;
		for (size_t i = n; i < e.irqs.size(); i++)
			seen |= 1u << (e.irqs[i].tlp.data[0] - 0xa000);
		e.check(seen == (1u << kVectors) - 1, "every vector delivered once (%02x)", seen);
		bool same = true;
		for (unsigned i = 0; i < len; i++)
			same = same && e.host_byte(dst + i) == e.host_byte(src + i);
		e.check(same, "DMA data intact next to MSI-X traffic");
		e.check((e.reg_rd(VFNIC_REG_DMA_CTRL) & 0xff) == VFNIC_DMA_CTRL_DONE_MASK,
			"copy done");
	}
	e.host_lat_min = 4;
	e.host_lat_max = 120;
}

void t_dma_pending(Env &e)
{
	e.bring_up();
	e.host_lat_min = e.host_lat_max = 600;
	uint64_t src = dma_addr(e, 64), dst = dma_addr(e, 64) ^ (1ULL << 21);
	e.reg_wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	e.reg_wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	e.reg_wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	e.reg_wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	e.reg_wr(VFNIC_REG_DMA_LEN, 64);
	e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
	bool seen = false;
	for (int i = 0; i < 40 && !seen; i++)
		seen = (e.cfg_rd(kDevCtl) >> 16) & 0x20;
	e.check(seen, "Transactions Pending while the read is outstanding");
	e.drain();
	e.check(e.reg_rd(VFNIC_REG_DMA_CTRL) & VFNIC_DMA_CTRL_DONE_MASK, "copy done");
	e.check(!((e.cfg_rd(kDevCtl) >> 16) & 0x20), "Transactions Pending clear afterwards");
	e.host_lat_min = 4;
	e.host_lat_max = 120;
}

void t_dma_errors(Env &e)
{
	e.bring_up();
	struct {
		HostRead mode;
		unsigned status, sts_bit;
		const char *what;
	} cases[] = {{HostRead::UR, VFN_CPL_UR, 13, "UR -> Received Master Abort"},
		     {HostRead::CA, VFN_CPL_CA, 12, "CA -> Received Target Abort"},
		     {HostRead::Poison, VFN_CPL_SC, 15, "poisoned -> Detected Parity Error"}};
	e.cfg_wr(kCmd, kCmdMse | kCmdBme | 0x40);  // Parity Error Response
	for (auto &c : cases) {
		e.host_read_mode = c.mode;
		uint64_t src = dma_addr(e, 32), dst = dma_addr(e, 32) ^ (1ULL << 22);
		uint32_t v = dma_run(e, src, dst, 32, 0);
		e.check((v & 0xff) == (VFNIC_DMA_CTRL_ERROR_MASK | c.status << 4),
			"%s: DMA_CTRL %08x", c.what, v);
		uint32_t st = e.cfg_rd(kCmd) >> 16;
		e.check(st & (1u << c.sts_bit), "%s: Status %04x", c.what, st);
		if (c.mode == HostRead::Poison)
			e.check(st & (1u << 8), "poisoned completion -> Master Data Parity Error");
		e.cfg_wr(kCmd, 0xffffu << 16, 0xc);
		e.check((e.cfg_rd(kCmd) >> 16) == 0x10, "Status error bits are RW1C");
		e.drain();
	}
	e.host_read_mode = HostRead::Normal;
	uint32_t v = dma_run(e, dma_addr(e, 8), dma_addr(e, 8) ^ (1ULL << 22), 8, 0);
	e.check((v & 0xff) == VFNIC_DMA_CTRL_DONE_MASK, "engine works again after errors: %08x", v);
}

void t_dma_bad_len(Env &e)
{
	e.bring_up();
	struct {
		unsigned len;
		uint64_t src, dst;
	} bad[] = {{0, 0x1000, 0x2000},		{2, 0x1000, 0x2000},
		   {6, 0x1000, 0x2000},		{VFNIC_DMA_TEST_MAX_BYTES + 4, 0x1000, 0x2000},
		   {252, 0x1000, 0x2000},	{8, 0x1002, 0x2000},
		   {8, 0x1000, 0x2001},		{32, 0x1ff0, 0x3000},
		   {32, 0x1000, 0x100002ff0ULL}};
	for (auto &b : bad) {
		size_t n = e.rq_log.size();
		uint32_t v = dma_run(e, b.src, b.dst, b.len, 0);
		e.check((v & 0xff) == VFNIC_DMA_CTRL_ERROR_MASK,
			"len %u src %" PRIx64 " dst %" PRIx64 ": DMA_CTRL %08x", b.len, b.src,
			b.dst, v);
		e.drain();
		e.check(e.rq_log.size() == n, "rejected copy issued no request");
	}
}

void t_dma_timeout(Env &e)
{
	e.bring_up();
	const uint64_t tmo = 1ULL << CORE_TB_DMA_TIMEOUT_LOG2;
	e.host_read_mode = HostRead::Drop;
	size_t n = e.rq_log.size();
	uint64_t t0 = e.now;
	uint32_t v = dma_run(e, dma_addr(e, 16), dma_addr(e, 16) ^ (1ULL << 22), 16, 0);
	e.check((v & 0xff) == (VFNIC_DMA_CTRL_ERROR_MASK | VFNIC_DMA_CTRL_TIMEOUT_MASK),
		"timeout: DMA_CTRL %08x", v);
	e.check(e.now - t0 >= tmo, "timeout took %" PRIu64 " cycles, at least %" PRIu64, e.now - t0,
		tmo);
	e.check(e.rq_log.size() == n + 1, "one MRd was issued");
	// the late completion matches nothing any more, not even the next read (new tag)
	if (e.rq_log.size() == n + 1) {
		Tlp stale = e.rq_log.back().tlp;
		uint64_t src = dma_addr(e, 16) ^ (1ULL << 24), dst = dma_addr(e, 16) ^ (1ULL << 25);
		e.reg_wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
		e.reg_wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
		e.reg_wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
		e.reg_wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
		e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
		if (e.run_until([&] { return e.rq_log.size() > n + 1; }, 2000, "the second MRd")) {
			Tlp rd = e.rq_log.back().tlp;
			e.check(vfn_tlp_req_tag(rd.hdr) != vfn_tlp_req_tag(stale.hdr),
				"a new read uses a new tag");
			e.host_split = false;  // one stale TLP, counted once
			e.host_complete(stale, VFN_CPL_SC, vfn_tlp_req_tag(stale.hdr));
			e.host_split = true;
			e.host_complete(rd, VFN_CPL_SC, vfn_tlp_req_tag(rd.hdr));
			e.drain();
			e.check((e.reg_rd(VFNIC_REG_DMA_CTRL) & 0xff) == VFNIC_DMA_CTRL_DONE_MASK,
				"second copy done");
			bool same = true;
			for (unsigned i = 0; i < 16; i++)
				same = same && e.host_byte(dst + i) == e.host_byte(src + i);
			e.check(same, "second copy has its own data, not the stale completion's");
			e.check(e.reg_rd(VFNIC_REG_CPL_UNEXPECTED) == 1,
				"late completion counted unexpected");
		}
	}
	// Completion Timeout Disable keeps the read outstanding until it is cleared again
	e.host_read_mode = HostRead::Drop;
	e.cfg_wr(kDevCtl2, 0x10, 0x3);
	e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
	e.run((unsigned)(3 * tmo));
	v = e.reg_rd(VFNIC_REG_DMA_CTRL);
	e.check((v & VFNIC_DMA_CTRL_START_MASK) && !(v & VFNIC_DMA_CTRL_ERROR_MASK),
		"no timeout while Completion Timeout Disable is set: %08x", v);
	e.cfg_wr(kDevCtl2, 0, 0x3);
	e.run_until([&] { return !(e.reg_rd(VFNIC_REG_DMA_CTRL) & VFNIC_DMA_CTRL_START_MASK); },
		    4 * tmo, "the timeout after re-enabling it");
	v = e.reg_rd(VFNIC_REG_DMA_CTRL);
	e.check((v & 0xff) == (VFNIC_DMA_CTRL_ERROR_MASK | VFNIC_DMA_CTRL_TIMEOUT_MASK),
		"timeout after clearing Completion Timeout Disable: %08x", v);
	e.host_read_mode = HostRead::Normal;
}

void t_unexpected_cpl(Env &e)
{
	e.bring_up();
	Tlp c;
	vfn_tlp_cpl(c.hdr, true, VFN_CPL_SC, 0, 4, e.dev_rid(), 0x55, 0, 1);
	c.data = {1};
	e.inject_rc(c);
	c = Tlp();
	vfn_tlp_cpl(c.hdr, true, VFN_CPL_SC, 0, 36, e.dev_rid(), 0x77, 0, 9);
	c.data.assign(9, 0xa5a5a5a5);
	e.inject_rc(c);
	c = Tlp();
	vfn_tlp_cpl(c.hdr, false, VFN_CPL_UR, 0, 4, e.dev_rid(), 0x12, 0, 0);
	e.inject_rc(c);
	e.drain();
	e.check(e.reg_rd(VFNIC_REG_CPL_UNEXPECTED) == 3, "3 unexpected completions counted");
	// while a read is outstanding, a completion with its tag but another requester ID does
	// not match; the right one then completes the copy
	e.host_read_mode = HostRead::Drop;
	uint64_t src = dma_addr(e, 8), dst = dma_addr(e, 8) ^ (1ULL << 22);
	e.reg_wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	e.reg_wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	e.reg_wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	e.reg_wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	e.reg_wr(VFNIC_REG_DMA_LEN, 8);
	size_t n = e.rq_log.size();
	e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
	if (!e.run_until([&] { return e.rq_log.size() > n; }, 2000, "the MRd"))
		return;
	Tlp rd = e.rq_log.back().tlp;
	Tlp wrong;
	vfn_tlp_cpl(wrong.hdr, true, VFN_CPL_SC, 0, 8, (uint16_t)(e.dev_rid() ^ 0x0100),
		    vfn_tlp_req_tag(rd.hdr), src & 0x7f, 2);
	wrong.data = {0, 0};
	e.inject_rc(wrong);
	e.host_complete(rd, VFN_CPL_SC, vfn_tlp_req_tag(rd.hdr));
	e.run_until([&] { return !(e.reg_rd(VFNIC_REG_DMA_CTRL) & VFNIC_DMA_CTRL_START_MASK); },
		    5000, "the copy");
	e.check((e.reg_rd(VFNIC_REG_DMA_CTRL) & 0xff) == VFNIC_DMA_CTRL_DONE_MASK,
		"copy done with the matching completion");
	e.check(e.reg_rd(VFNIC_REG_CPL_UNEXPECTED) == 4, "wrong requester ID counted unexpected");
	e.host_read_mode = HostRead::Normal;
}

void t_dma_waits_bme(Env &e)
{
	e.bring_up();
	e.cfg_wr(kCmd, kCmdMse);
	uint64_t src = dma_addr(e, 16), dst = dma_addr(e, 16) ^ (1ULL << 22);
	e.reg_wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	e.reg_wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	e.reg_wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	e.reg_wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	e.reg_wr(VFNIC_REG_DMA_LEN, 16);
	size_t n = e.rq_log.size();
	e.reg_wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK);
	e.drain();  // waiting for Bus Master Enable counts as idle
	e.check(e.rq_log.size() == n, "no request while Bus Master Enable is clear");
	e.check(e.reg_rd(VFNIC_REG_DMA_CTRL) & VFNIC_DMA_CTRL_START_MASK, "engine busy, waiting");
	e.cfg_wr(kCmd, kCmdMse | kCmdBme);
	e.drain();
	e.check((e.reg_rd(VFNIC_REG_DMA_CTRL) & 0xff) == VFNIC_DMA_CTRL_DONE_MASK,
		"copy done once Bus Master Enable is set");
}

void t_reset(Env &e)
{
	e.bring_up();
	e.reg_wr(VFNIC_REG_SCRATCH, 0x1234);
	e.cfg_wr(kDevCtl, 0x7fff, 0x3);  // everything but Initiate FLR
	e.cfg_wr(kLinkCtl2, 0x3, 0x1);
	msix_ctl(e, true, true);
	msix_program(e, 1, 0xfee00000, 1, false);
	e.reg_wr(VFNIC_REG_IRQ_TEST, 1);
	e.mem_rd_cpl(outside_addr(e), 1);
	e.drain();
	e.reset();
	e.bus = e.dev = 0;  // the captured bus/device number is gone too
	e.check(e.cfg_rd(kCmd) == 0x00100000, "Command/Status after reset");
	e.check(e.cfg_rd(0x10) == 0x4 && e.cfg_rd(0x14) == 0 && e.cfg_rd(0x18) == 0x4,
		"BARs after reset");
	e.check(e.cfg_rd(kDevCtl) == kDevCtlReset, "Device Control/Status after reset");
	e.check((e.cfg_rd(kLinkCtl2) & 0xf) == 1, "Link Control 2 after reset");
	e.check((e.cfg_rd(kMsix) >> 30) == 0, "MSI-X off after reset");
	e.check((e.cfg_rd(0x0c) & 0xff) == 0, "Cache Line Size after reset");
	e.bring_up();
	for (unsigned off : {VFNIC_REG_SCRATCH, VFNIC_REG_UR_COUNT, VFNIC_REG_MSIX_SENT,
			     VFNIC_REG_DMA_CTRL, VFNIC_REG_BAD_ACCESS_COUNT, VFNIC_REG_DMA_LEN})
		e.check(e.reg_rd(off) == 0, "register 0x%02x is 0 after reset", off);
	e.check(pba(e) == 0, "PBA clear after reset");
	for (unsigned i = 0; i < kVectors; i++)
		e.check(e.mem_rd32(e.bar2 + 16 * i + 12) == 1, "vector %u masked after reset", i);
}

// ---- random phase: config and MMIO mix against a reference model ----

struct Ref {
	uint32_t cmd = kCmdMse | kCmdBme;
	uint64_t bar0 = 0, bar2 = 0;
	uint32_t regs[0x48 / 4] = {};  // RW registers of BAR0
	uint32_t ur = 0, bad = 0, bad_addr = 0, dropped = 0, dma_len = 0;
	bool urd = false;
	uint8_t cls = 0;

	bool mse() const { return cmd & kCmdMse; }
	int target(uint64_t a) const
	{
		if (!mse())
			return -1;
		if ((a >> 16) == (bar0 >> 16))
			return 0;
		if ((a >> 14) == (bar2 >> 14))
			return 2;
		return -1;
	}
	static bool rw(unsigned off)
	{
		return off == VFNIC_REG_SCRATCH || off == VFNIC_REG_SCRATCH_HI ||
		       (off >= VFNIC_REG_DMA_SRC_LO && off <= VFNIC_REG_DMA_DST_HI);
	}
	// value of a BAR0 register; false for a hole
	bool reg(unsigned off, uint32_t &v) const
	{
		switch (off) {
		case VFNIC_REG_ID: v = VFNIC_DEV_ID_MAGIC; return true;
		case VFNIC_REG_VERSION: v = VFNIC_VERSION; return true;
		case VFNIC_REG_CAPS: v = kVectors | kTotalVfs << 16; return true;
		case VFNIC_REG_FUNC: v = 0; return true;  // the PF is routing function 0
		case VFNIC_REG_CTRL: v = 0; return true;  // write-only
		case VFNIC_REG_IRQ_TEST: v = 0; return true;
		case VFNIC_REG_MSIX_SENT: v = 0; return true;
		case VFNIC_REG_MSIX_DROPPED: v = dropped; return true;
		case VFNIC_REG_BAD_ACCESS_COUNT: v = bad; return true;
		case VFNIC_REG_BAD_ACCESS_ADDR: v = bad_addr; return true;
		case VFNIC_REG_UR_COUNT: v = ur; return true;
		case VFNIC_REG_CPL_UNEXPECTED: v = 0; return true;
		case VFNIC_REG_DMA_LEN: v = dma_len; return true;
		case VFNIC_REG_DMA_CTRL: v = 0; return true;
		default:
			if (rw(off)) {
				v = regs[off / 4];
				return true;
			}
			v = 0;
			return false;
		}
	}
	// MSI-X BAR in the random phase: PBA reads 0, table entries are not touched
	bool msix(unsigned off, uint32_t &v) const
	{
		v = 0;
		return off >= VFNIC_MSIX_PBA_OFFSET && off < VFNIC_MSIX_PBA_OFFSET + 8;
	}
};

struct Pred {
	uint64_t id;
	std::string what;
	bool ur;
	std::vector<uint32_t> data;
	unsigned bc, la;
	uint16_t completer;
	uint32_t tc_attr = 0;  // DW0 TC and Attr bits the completion must copy
};

unsigned be_first(unsigned be)
{
	for (unsigned i = 0; i < 4; i++)
		if (be & (1u << i))
			return i;
	return 0;
}

unsigned be_last(unsigned be)
{
	for (unsigned i = 4; i-- > 0;)
		if (be & (1u << i))
			return i;
	return 3;
}

// byte count and lower address of a read completion (PCIe Base, 2.3.1.1)
unsigned rd_bc(unsigned ndw, unsigned fbe, unsigned lbe)
{
	if (ndw == 1)
		return fbe ? be_last(fbe) - be_first(fbe) + 1 : 1;
	return 4 * ndw - be_first(fbe) - (3 - be_last(lbe));
}

unsigned rd_la(uint64_t a, unsigned fbe)
{
	return (unsigned)(a & 0x7c) | be_first(fbe);
}

uint32_t bytemask(unsigned be)
{
	uint32_t m = 0;
	for (unsigned b = 0; b < 4; b++)
		if (be & (1u << b))
			m |= 0xffu << (8 * b);
	return m;
}

// a VF register read without completer checks (t_random checks those through its predictions)
uint32_t vf_rd_plain(Env &e, uint64_t addr)
{
	Tlp c = e.mem_rd_cpl(addr, 1, 0xf, 0);
	return c.data.empty() ? 0xdeadbeef : c.data[0];
}

void t_random(Env &e)
{
	e.bring_up();
	Ref r;
	r.bar0 = e.bar0;
	r.bar2 = e.bar2;
	// a few BAR placements to move between, some of them overlapping
	const uint64_t places0[] = {e.bar0, 0xc0000000, 0x4200000000ULL, e.bar2 & ~0xffffULL};
	const uint64_t places2[] = {e.bar2, 0xc0010000, 0x4200004000ULL, e.bar0};
	const unsigned rw_offs[] = {VFNIC_REG_SCRATCH,	  VFNIC_REG_SCRATCH_HI,
				    VFNIC_REG_DMA_SRC_LO, VFNIC_REG_DMA_SRC_HI,
				    VFNIC_REG_DMA_DST_LO, VFNIC_REG_DMA_DST_HI};
	// every VF enabled, its BAR0 slices in high memory where no PF placement reaches
	ari_on(e);
	const uint64_t vf_b0 = 0x700000000ULL;
	e.cfg_wr(kSriovNum, kTotalVfs, 0x3);
	e.cfg_wr(kVfBar0, (uint32_t)vf_b0);
	e.cfg_wr(kVfBar0 + 4, (uint32_t)(vf_b0 >> 32));
	e.cfg_wr(kVfBar2, 0);  // VF BAR2 high too: at 0 it would claim low addresses
	e.cfg_wr(kVfBar2 + 4, 0x8);
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
	std::vector<uint32_t> vf_scratch(2 * kTotalVfs, 0);
	unsigned vf_ops = 0;
	unsigned ops = 0;
	while (ops < 20000 && e.errors == 0) {
		std::vector<Pred> preds;
		unsigned burst = 1 + (unsigned)e.rnd(8);
		for (unsigned k = 0; k < burst; k++, ops++) {
			if (e.rnd(8) == 0) {  // a VF's scratch, ID or FUNC; or past the last VF
				unsigned n = (unsigned)e.rnd(kTotalVfs + 1);
				const unsigned offs[] = {VFNIC_REG_SCRATCH, VFNIC_REG_SCRATCH_HI,
							 VFNIC_REG_ID, VFNIC_REG_FUNC};
				unsigned off = offs[e.rnd(4)];
				bool wr = off == VFNIC_REG_SCRATCH || off == VFNIC_REG_SCRATCH_HI
						  ? e.rnd(2) != 0
						  : false;
				uint64_t a = vf_b0 + (uint64_t)n * (1ULL << 14) + off;
				uint32_t wv = (uint32_t)e.rng();
				unsigned be = e.rnd(4) ? 0xf : (unsigned)e.rnd(16);
				Tlp t = e.mem_tlp(wr, a, 1, be, 0, {wv});
				unsigned bc = rd_bc(1, be, 0), la = rd_la(a, be);
				vf_ops++;
				if (n == kTotalVfs) {
					r.ur++;
					r.urd = true;
					uint64_t id = e.send(t);
					if (!wr)
						preds.push_back({id, "VF MRd UR", true, {}, bc, la,
								 e.dev_rid()});
					continue;
				}
				uint32_t *sc = off == VFNIC_REG_SCRATCH      ? &vf_scratch[2 * n]
					       : off == VFNIC_REG_SCRATCH_HI ? &vf_scratch[2 * n + 1]
									      : nullptr;
				if (wr) {
					uint32_t m = bytemask(be);
					*sc = (*sc & ~m) | (wv & m);
					e.send(t);
				} else {
					uint32_t v = sc ? *sc
						     : off == VFNIC_REG_ID ? VFNIC_DEV_ID_MAGIC
									   : vf_fn(n);
					preds.push_back({e.send(t), "VF MRd", false, {v}, bc, la,
							 e.cfg_id(vf_fn(n))});
				}
				continue;
			}
			unsigned op = (unsigned)e.rnd(100);
			if (op < 8) {  // Command write
				unsigned be = e.rnd(4) ? 0x3 : (unsigned)e.rnd(16);
				uint32_t v = (uint32_t)e.rng() & 0xffff;
				if (e.rnd(10))
					v |= kCmdMse;
				v &= ~kCmdBme;	// no requests from the core in this phase
				uint32_t m = bytemask(be) & kCmdRwMask;
				r.cmd = (r.cmd & ~m) | (v & m);
				Tlp t = e.cfg_tlp(true, kCmd, v, be);
				preds.push_back(
					{e.send(t), "CfgWr Command", false, {}, 4, 0, e.cfg_id()});
			} else if (op < 14) {  // BAR write: move, size or restore
				bool b2 = e.rnd(2), hi = e.rnd(3) == 0;
				uint64_t &bar = b2 ? r.bar2 : r.bar0;
				uint64_t amask = ~((b2 ? kBar2Size : kBar0Size) - 1);
				uint64_t nv =
					e.rnd(8) == 0 ? ~0ULL : (b2 ? places2 : places0)[e.rnd(4)];
				unsigned be = e.rnd(4) ? 0xf : (unsigned)e.rnd(16);
				uint64_t m = (uint64_t)bytemask(be) << (hi ? 32 : 0);
				bar = ((bar & ~m) | (nv & m)) & amask;
				Tlp t = e.cfg_tlp(true, (b2 ? 0x18 : 0x10) + (hi ? 4 : 0),
						  (uint32_t)(hi ? nv >> 32 : nv), be);
				preds.push_back(
					{e.send(t), "CfgWr BAR", false, {}, 4, 0, e.cfg_id()});
			} else if (op <
				   22) {  // config read of Command/Status, a BAR, Device Ctl/Sts
				unsigned which = (unsigned)e.rnd(7);
				const unsigned regs[] = {kCmd, 0x10,	0x14, 0x18,
							 0x1c, kDevCtl, 0x0c};
				uint32_t v = 0;
				switch (which) {
				case 0: v = 0x00100000 | r.cmd; break;
				case 1: v = (uint32_t)r.bar0 | 4; break;
				case 2: v = (uint32_t)(r.bar0 >> 32); break;
				case 3: v = (uint32_t)r.bar2 | 4; break;
				case 4: v = (uint32_t)(r.bar2 >> 32); break;
				case 5: v = kDevCtlReset | (r.urd ? 0x80000u : 0); break;
				default: v = r.cls; break;
				}
				Tlp t = e.cfg_tlp(false, regs[which], 0, 0xf);
				preds.push_back({e.send(t), "CfgRd", false, {v}, 4, 0, e.cfg_id()});
			} else if (op < 25) {  // Device Status W1C / Cache Line Size write
				if (e.rnd(2)) {
					Tlp t = e.cfg_tlp(true, kDevCtl, 0x00080000, 0xc);
					r.urd = false;
					preds.push_back({e.send(t),
							 "CfgWr DevSts",
							 false,
							 {},
							 4,
							 0,
							 e.cfg_id()});
				} else {
					uint8_t v = (uint8_t)e.rng();
					r.cls = v;
					Tlp t = e.cfg_tlp(true, 0x0c, v, 0x1);
					preds.push_back({e.send(t),
							 "CfgWr CLS",
							 false,
							 {},
							 4,
							 0,
							 e.cfg_id()});
				}
			} else if (op < 75) {  // memory read or write, mostly into BAR0
				bool wr = e.rnd(2);
				unsigned ndw = e.rnd(8) == 0 ? 3 : 1 + (unsigned)e.rnd(2);
				unsigned sel = (unsigned)e.rnd(20);
				uint64_t a;
				if (sel < 12)
					a = r.bar0 + 4 * e.rnd(0x4c / 4);
				else if (sel < 14)
					a = r.bar0 + bar0_hole(e);
				else if (sel < 17)
					a = r.bar2 + (e.rnd(2)
							      ? VFNIC_MSIX_PBA_OFFSET + 4 * e.rnd(2)
							      : 0x1000 + 4 * e.rnd(0x400));
				else
					a = outside_addr(e);
				unsigned fbe = e.rnd(3) ? 0xf : (unsigned)e.rnd(16);
				unsigned lbe =
					ndw > 1 ? (e.rnd(3) ? 0xf : 1 + (unsigned)e.rnd(15)) : 0;
				if (ndw > 1 && fbe == 0)
					fbe = 0xf;
				int tgt = r.target(a);
				uint64_t base = tgt == 0 ? r.bar0 : r.bar2;
				uint64_t size = tgt == 0 ? kBar0Size : kBar2Size;
				// never start the DMA engine in this phase
				if (wr && tgt == 0 && a - base <= VFNIC_REG_DMA_CTRL &&
				    a - base + 4 * ndw > VFNIC_REG_DMA_CTRL)
					a = base + VFNIC_REG_SCRATCH;
				// the datapath's windows (rings, administration) are not in the
				// reference model: an access that would reach them (BAR0 moved
				// over BAR2's range) goes to a hole instead
				if (tgt == 0 && !ref_bar0_area((unsigned)(a - base), ndw))
					a = base + bar0_hole(e);
				bool ok = tgt >= 0 && ndw <= 2 && (a - base) + 4 * ndw <= size;
				std::vector<uint32_t> wdata;
				for (unsigned i = 0; i < ndw; i++)
					wdata.push_back((uint32_t)e.rng());
				Tlp t = e.mem_tlp(wr, a, ndw, fbe, lbe, wdata);
				// traffic class and attributes must come back in the completion
				t.hdr[0] |= (uint32_t)(e.rng() & 0x00703000);
				unsigned bc = rd_bc(ndw, fbe, lbe), la = rd_la(a, fbe);
				if (!ok) {
					r.ur++;
					r.urd = true;
					uint64_t id = e.send(t);
					if (!wr)
						preds.push_back({id,
								 "MRd UR",
								 true,
								 {},
								 bc,
								 la,
								 e.dev_rid(),
								 t.hdr[0] & 0x00703000});
					continue;
				}
				// the access: DW by DW, the bad-access count updated at the end
				unsigned off = (unsigned)(a - base);
				bool skip = tgt == 2 && ndw == 2 && (off & 4);
				std::vector<uint32_t> rdata;
				int bad_off = -1;
				for (unsigned i = 0; i < ndw; i++) {
					unsigned o = off + 4 * i;
					unsigned be = i == 0 ? fbe : lbe;
					uint32_t v = 0;
					bool hit = !skip && (tgt == 0 ? r.reg(o, v) : r.msix(o, v));
					if (!hit) {
						v = 0;
						if (bad_off < 0)
							bad_off = (int)o;
					}
					rdata.push_back(v);
					if (wr && hit && tgt == 0) {
						if (Ref::rw(o)) {
							uint32_t m = bytemask(be);
							r.regs[o / 4] = (r.regs[o / 4] & ~m) |
									(wdata[i] & m);
						} else if (o == VFNIC_REG_DMA_LEN && (be & 1)) {
							r.dma_len = wdata[i] & 0xff;
						} else if (o == VFNIC_REG_CTRL && (be & 1) &&
							   (wdata[i] & VFNIC_CTRL_RESET_MASK)) {
							// software reset of the PF's registers
							for (uint32_t &x : r.regs)
								x = 0;
							r.dma_len = r.dropped = r.bad = r.bad_addr =
								r.ur = 0;
						} else if (o == VFNIC_REG_IRQ_TEST && (be & 3)) {
							r.dropped++;  // MSI-X is disabled in this
								      // phase
						}
					}
				}
				if (bad_off >= 0) {
					r.bad++;
					r.bad_addr = (uint32_t)bad_off;
				}
				if (!wr) {
					preds.push_back({e.send(t), "MRd", false, rdata, bc, la,
							 e.dev_rid(), t.hdr[0] & 0x00703000});
				} else {
					e.send(t);
				}
			} else {  // read a counter or register (always BAR0 when decoded)
				unsigned off = (unsigned)(4 * e.rnd(0x48 / 4));
				uint64_t a = r.bar0 + off;
				int tgt = r.target(a);
				Tlp t = e.mem_tlp(false, a, 1, 0xf, 0);
				unsigned la = rd_la(a, 0xf);
				if (tgt != 0) {
					r.ur++;
					r.urd = true;
					preds.push_back({e.send(t),
							 "MRd UR",
							 true,
							 {},
							 4,
							 la,
							 e.dev_rid()});
					continue;
				}
				uint32_t v;
				if (!r.reg(off, v)) {
					r.bad++;
					r.bad_addr = off;
				}
				preds.push_back(
					{e.send(t), "MRd reg", false, {v}, 4, la, e.dev_rid()});
			}
		}
		for (const Pred &p : preds) {
			Tlp c = e.wait_cpl(p.id);
			bool ok;
			if (p.ur) {
				ok = is_ur_cpl(c);
			} else {
				ok = vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
				     vfn_tlp_fmt_type(c.hdr) ==
					     (p.data.empty() ? VFN_TLP_CPL : VFN_TLP_CPLD) &&
				     c.data == p.data;
			}
			ok = ok && (c.hdr[0] & 0x00703000) == (p.tc_attr) &&
			     vfn_tlp_cpl_completer(c.hdr) == p.completer &&
			     vfn_tlp_cpl_byte_count(c.hdr) == (p.bc ? p.bc : 4096) &&
			     vfn_tlp_cpl_lower_addr(c.hdr) == p.la;
			if (!e.check(ok, "random op %u (%s): completion %s", ops, p.what.c_str(),
				     c.str().c_str())) {
				std::printf("#   expected %s", p.ur ? "UR" : "SC");
				for (uint32_t d : p.data)
					std::printf(" %08x", d);
				std::printf("\n");
				break;
			}
		}
	}
	e.drain();
	// the device-wide counters agree with the model at the end
	r.cmd |= kCmdMse;
	e.cfg_wr(kCmd, r.cmd);
	e.cfg_wr(0x10, (uint32_t)e.bar0);
	e.cfg_wr(0x14, (uint32_t)(e.bar0 >> 32));
	e.cfg_wr(0x18, (uint32_t)e.bar2);
	e.cfg_wr(0x1c, (uint32_t)(e.bar2 >> 32));
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == r.ur, "UR_COUNT matches the model (%u)", r.ur);
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == r.bad, "BAD_ACCESS_COUNT matches (%u)",
		r.bad);
	e.check(e.reg_rd(VFNIC_REG_MSIX_DROPPED) == r.dropped, "MSIX_DROPPED matches (%u)",
		r.dropped);
	bool vf_same = true;
	for (unsigned n = 0; n < kTotalVfs; n++)
		vf_same = vf_same &&
			  vf_rd_plain(e, vf_b0 + (uint64_t)n * (1ULL << 14) + VFNIC_REG_SCRATCH) ==
				  vf_scratch[2 * n] &&
			  vf_rd_plain(e, vf_b0 + (uint64_t)n * (1ULL << 14) + VFNIC_REG_SCRATCH_HI) ==
				  vf_scratch[2 * n + 1];
	e.check(vf_same, "every VF's SCRATCH/SCRATCH_HI matches the model");
	std::printf("# random phase: %u operations (%u to VFs), %u UR, %u bad accesses\n", ops,
		    vf_ops, r.ur, r.bad);
}

// ---------------------------------------------------------------------------------------------
// SR-IOV function layer (docs/sriov.md)
// ---------------------------------------------------------------------------------------------


// config access to routing function fn; checks a successful completion from that function
uint32_t fcfg_rd(Env &e, unsigned fn, unsigned reg)
{
	Tlp c = e.cfg_rd_cpl(reg, fn);
	e.check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPLD && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
			vfn_tlp_cpl_completer(c.hdr) == e.cfg_id(fn),
		"CfgRd0 fn %u 0x%03x: completion %s", fn, reg, c.str().c_str());
	return c.data.empty() ? 0xdeadbeef : c.data[0];
}

void fcfg_wr(Env &e, unsigned fn, unsigned reg, uint32_t val, unsigned be = 0xf)
{
	Tlp c = e.cfg_wr_cpl(reg, val, be, fn);
	e.check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPL && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
			vfn_tlp_cpl_completer(c.hdr) == e.cfg_id(fn),
		"CfgWr0 fn %u 0x%03x: completion %s", fn, reg, c.str().c_str());
}

bool cfg_is_ur(Env &e, unsigned fn, unsigned reg, bool write)
{
	Tlp c = write ? e.cfg_wr_cpl(reg, 0xffffffff, 0xf, fn) : e.cfg_rd_cpl(reg, fn);
	return is_ur_cpl(c) && vfn_tlp_cpl_completer(c.hdr) == e.cfg_id(fn);
}

// ARI Capable Hierarchy on, device number 0 from now on (the core captures it as 0)
void ari_on(Env &e)
{
	e.cfg_wr(kSriovCtl, kAriHier, 0x1);
	e.dev = 0;
	e.cfg_wr(kCmd, kCmdMse | kCmdBme, 0x3);  // a CfgWr0 to recapture the device number
}

// NumVFs = n, VF Enable and VF MSE on, under ARI
void vfs_on(Env &e, unsigned n)
{
	ari_on(e);
	e.cfg_wr(kSriovNum, n, 0x3);
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
}

unsigned vf_fn(unsigned n) { return VFNIC_FIRST_VF_OFFSET + n * VFNIC_VF_STRIDE; }

// VF 0, one in the middle and the last one
std::vector<unsigned> vf_picks(unsigned n)
{
	std::vector<unsigned> v = {0};
	if (n > 2)
		v.push_back(n / 2);
	if (n > 1)
		v.push_back(n - 1);
	return v;
}

void t_sriov_cap(Env &e)
{
	e.bring_up();
	e.check(e.cfg_rd(VFNIC_CAP_ARI_OFFSET + 4) == 0,
		"ARI capability: no MFVC/ACS groups, Next Function Number 0");
	e.check(e.cfg_rd(kSriov + 0x04) == 0, "SR-IOV Capabilities 0 (no migration)");
	e.check(e.cfg_rd(kSriovCtl) == 0, "SR-IOV Control/Status reset 0");
	e.check(e.cfg_rd(kSriov + 0x0c) == (kTotalVfs << 16 | kTotalVfs),
		"InitialVFs = TotalVFs = %u", kTotalVfs);
	e.check(e.cfg_rd(kSriovNum) == 0, "NumVFs 0, Function Dependency Link 0");
	e.check(e.cfg_rd(kSriov + 0x14) ==
			(VFNIC_VF_STRIDE << 16 | VFNIC_FIRST_VF_OFFSET),
		"First VF Offset 1, VF Stride 1");
	e.check(e.cfg_rd(kSriov + 0x18) == (uint32_t)VFNIC_VF_DEVICE_ID << 16, "VF Device ID");
	e.check(e.cfg_rd(kSriov + 0x1c) == VFNIC_SRIOV_SUPPORTED_PAGE_SIZES,
		"Supported Page Sizes 0x553");
	e.check(e.cfg_rd(kSriovPage) == 1, "System Page Size resets to 4 KiB");
	e.check(e.cfg_rd(kVfBar0) == 0x4 && e.cfg_rd(kVfBar0 + 4) == 0 &&
			e.cfg_rd(kVfBar2) == 0x4 && e.cfg_rd(kVfBar2 + 4) == 0,
		"VF BAR0 and BAR2: 64-bit memory, base 0");
	e.check(e.cfg_rd(kSriov + 0x34) == 0 && e.cfg_rd(kSriov + 0x38) == 0 &&
			e.cfg_rd(kSriov + 0x3c) == 0,
		"VF BAR4/5 and Migration State Array Offset read 0");
	// read-only fields ignore writes
	for (unsigned off : {0x04u, 0x0cu, 0x14u, 0x18u, 0x1cu, 0x34u, 0x3cu}) {
		uint32_t before = e.cfg_rd(kSriov + off);
		e.cfg_wr(kSriov + off, 0xffffffff);
		e.check(e.cfg_rd(kSriov + off) == before, "SR-IOV +0x%02x is read-only", off);
	}
	e.cfg_wr(kSriovCtl, 0xffff0000);
	e.check(e.cfg_rd(kSriovCtl) == 0, "SR-IOV Status never set, Control untouched");
}

void t_sriov_rw(Env &e)
{
	e.bring_up();
	ari_on(e);
	// NumVFs is RW while VF Enable is clear (any 16-bit value)
	e.cfg_wr(kSriovNum, 0xffff, 0x3);
	e.check(e.cfg_rd(kSriovNum) == 0xffff, "NumVFs holds 0xffff");
	e.cfg_wr(kSriovNum, kTotalVfs + 1, 0x3);
	e.cfg_wr(kSriovCtl, kVfEn, 0x1);
	e.check((e.cfg_rd(kSriovCtl) & kVfEn) == 0, "VF Enable refused with NumVFs > TotalVFs");
	e.cfg_wr(kSriovNum, kTotalVfs, 0x3);
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
	e.check((e.cfg_rd(kSriovCtl) & 0xffff) == (kVfEn | kVfMse | kAriHier),
		"VF Enable, VF MSE and ARI Capable Hierarchy set");
	e.cfg_wr(kSriovNum, 1, 0x3);
	e.check(e.cfg_rd(kSriovNum) == kTotalVfs, "NumVFs locked while VF Enable is set");
	e.cfg_wr(kSriovCtl, 0x6 | kAriHier, 0x1);  // migration bits are RO 0
	e.check((e.cfg_rd(kSriovCtl) & 0xffff) == kAriHier,
		"VF Enable and VF MSE clear (migration bits RO 0)");
	e.cfg_wr(kSriovNum, 2, 0x1);
	e.check(e.cfg_rd(kSriovNum) == 2, "NumVFs writable again once VF Enable is clear");
	e.cfg_wr(kSriovNum, 0, 0x3);
	e.cfg_wr(kSriovCtl, kVfEn | kAriHier, 0x1);
	e.check(e.cfg_rd(kSriovCtl) & kVfEn, "VF Enable with NumVFs = 0 is accepted (no VFs)");
	e.check(cfg_is_ur(e, 1, 0, false), "NumVFs = 0: function 1 does not exist");
	e.cfg_wr(kSriovCtl, kAriHier, 0x1);

	// System Page Size: exactly one supported bit, else ignored; VF BAR sizes follow
	struct {
		uint32_t page;
		bool ok;
	} const pages[] = {{0x3, false}, {0x4, false}, {0x0, false}, {0x800, false},
			   {0x10, true}, {0x2, true}, {0x400, true}, {0x1, true}};
	uint32_t cur = 1;
	for (auto p : pages) {
		e.cfg_wr(kSriovPage, p.page);
		if (p.ok)
			cur = p.page;
		e.check(e.cfg_rd(kSriovPage) == cur, "System Page Size write %#x %s", p.page,
			p.ok ? "accepted" : "ignored");
		unsigned log2 = 12;
		while (!((cur >> (log2 - 12)) & 1))
			log2++;
		uint64_t size = 1ULL << (log2 > 14 ? log2 : 14);
		for (unsigned bar : {kVfBar0, kVfBar2}) {
			e.cfg_wr(bar, 0xffffffff);
			e.cfg_wr(bar + 4, 0xffffffff);
			uint64_t v = e.cfg_rd(bar) | (uint64_t)e.cfg_rd(bar + 4) << 32;
			e.check(v == ((~(size - 1)) | 0x4), "VF BAR at +0x%02x sizes to %#" PRIx64
				" with page %#x: %016" PRIx64, bar - kSriov, size, cur, v);
			e.cfg_wr(bar, 0);
			e.cfg_wr(bar + 4, 0);
		}
	}
	// a byte write to the page size register works as a whole-register write
	e.cfg_wr(kSriovPage, 0x10 << 8, 0x2);
	e.check(e.cfg_rd(kSriovPage) == 1, "byte write leaving two bits set is ignored");
}

void t_vf_config(Env &e)
{
	e.bring_up();
	vfs_on(e, kTotalVfs);
	uint32_t pf_devctl = e.cfg_rd(kDevCtl) & 0x7fff;
	for (unsigned n : vf_picks(kTotalVfs)) {
		unsigned fn = vf_fn(n);
		e.check(fcfg_rd(e, fn, 0x00) == 0xffffffff, "VF %u: Vendor/Device ID 0xFFFF", n);
		e.check(fcfg_rd(e, fn, kCmd) == 0x00100000, "VF %u: Command 0, Status cap list", n);
		fcfg_wr(e, fn, kCmd, 0xffff, 0x3);
		e.check(fcfg_rd(e, fn, kCmd) == (0x00100000 | kCmdBme),
			"VF %u: only Bus Master Enable is writable in Command", n);
		e.check(fcfg_rd(e, fn, 0x08) == ((uint32_t)VFNIC_CLASS_CODE << 8 | VFNIC_REVISION_ID),
			"VF %u: class/revision as the PF", n);
		fcfg_wr(e, fn, 0x0c, 0xffffffff);
		e.check(fcfg_rd(e, fn, 0x0c) == 0, "VF %u: header type 0, nothing writable", n);
		bool bars0 = true;
		for (unsigned b : {0x10u, 0x14u, 0x18u, 0x1cu, 0x20u, 0x24u, 0x30u}) {
			fcfg_wr(e, fn, b, 0xffffffff);
			bars0 = bars0 && fcfg_rd(e, fn, b) == 0;
		}
		e.check(bars0, "VF %u: BARs 0-5 and Expansion ROM read 0", n);
		e.check(fcfg_rd(e, fn, 0x2c) ==
				((uint32_t)VFNIC_SUBSYS_ID << 16 | VFNIC_SUBSYS_VENDOR_ID),
			"VF %u: subsystem IDs", n);
		e.check(fcfg_rd(e, fn, 0x34) == kPcie, "VF %u: capabilities pointer", n);
		fcfg_wr(e, fn, 0x3c, 0xff);
		e.check(fcfg_rd(e, fn, 0x3c) == 0, "VF %u: Interrupt Line/Pin RO 0", n);
		uint32_t pc = fcfg_rd(e, fn, kPcie);
		e.check((pc & 0xff) == 0x10 && ((pc >> 8) & 0xff) == kMsix && (pc >> 16) == 2,
			"VF %u: PCIe capability v2 endpoint, next MSI-X (%08x)", n, pc);
		e.check(fcfg_rd(e, fn, kPcie + 4) & kDevCapFlr, "VF %u: FLR capable", n);
		e.check(fcfg_rd(e, fn, kDevCtl) == pf_devctl,
			"VF %u: Device Control reads the PF's fields", n);
		uint32_t mc = fcfg_rd(e, fn, kMsix);
		e.check((mc & 0xffff) == 0x0011 && (mc >> 16) == kVfVectors - 1,
			"VF %u: MSI-X capability, %u vectors, last (%08x)", n, kVfVectors, mc);
		e.check(fcfg_rd(e, fn, kMsix + 4) ==
					(VFNIC_MSIX_TABLE_OFFSET | VFNIC_VF_MSIX_BAR) &&
				fcfg_rd(e, fn, kMsix + 8) ==
					(VFNIC_MSIX_PBA_OFFSET | VFNIC_VF_MSIX_BAR),
			"VF %u: MSI-X table/PBA in VF BAR2", n);
		e.check(fcfg_rd(e, fn, kPm) == 0, "VF %u: no PM capability", n);
		e.check(fcfg_rd(e, fn, VFNIC_CAP_ARI_OFFSET) == (1u << 16 | 0x000e) &&
				fcfg_rd(e, fn, VFNIC_CAP_ARI_OFFSET + 4) == 0,
			"VF %u: ARI capability ends the extended list", n);
		e.check(fcfg_rd(e, fn, VFNIC_CAP_SRIOV_OFFSET) == 0, "VF %u: no SR-IOV capability", n);
	}
}

void t_vf_nonexistent(Env &e)
{
	e.bring_up();
	e.check(cfg_is_ur(e, 1, 0, false) && cfg_is_ur(e, 1, kCmd, true),
		"VF Enable clear: function 1 is a UR");
	unsigned num = kTotalVfs > 2 ? kTotalVfs / 2 : kTotalVfs;
	vfs_on(e, num);
	e.check(!cfg_is_ur(e, vf_fn(num - 1), 0, false), "last enabled VF answers");
	e.check(cfg_is_ur(e, vf_fn(num), 0, false) && cfg_is_ur(e, vf_fn(num), kCmd, true),
		"function beyond the last enabled VF (NumVFs %u) is a UR", num);
	if (vf_fn(kTotalVfs) < 256)
		e.check(cfg_is_ur(e, vf_fn(kTotalVfs), 0, false), "function beyond TotalVFs is a UR");
	e.check(cfg_is_ur(e, 255, 0, false), "function 255 is a UR");
	// PF at device 5 without ARI: VF n sits at the PF's routing ID + 1 + n, also across device
	// numbers; the device number is captured only while VF Enable is clear
	e.cfg_wr(kSriovCtl, 0, 0x1);
	e.dev = 5;
	e.cfg_wr(kCmd, kCmdMse | kCmdBme, 0x3);
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse, 0x1);
	e.check(fcfg_rd(e, 1, 0) == 0xffffffff && fcfg_rd(e, vf_fn(num - 1), 0) == 0xffffffff,
		"PF at device 5: VF 0 and VF %u at routing ID + 1 + n", num - 1);
	e.check(e.cfg_rd(0) == ((uint32_t)VFNIC_PF_DEVICE_ID << 16 | VFNIC_VENDOR_ID),
		"the PF still answers at device 5 function 0");
	e.dev = 4;
	e.check(cfg_is_ur(e, 7, 0, false), "function below the PF's routing ID is a UR");
	e.dev = 5;
	e.cfg_wr(kSriovCtl, 0, 0x1);
	e.check(cfg_is_ur(e, 1, 0, false), "VF Enable cleared: VF 0 gone");
}

void t_vf_cfg_isolation(Env &e)
{
	e.bring_up();
	vfs_on(e, kTotalVfs);
	auto picks = vf_picks(kTotalVfs);
	// give each picked VF its own BME / MSI-X control pattern
	for (size_t i = 0; i < picks.size(); i++) {
		unsigned fn = vf_fn(picks[i]);
		fcfg_wr(e, fn, kCmd, (i & 1) ? 0 : kCmdBme, 0x1);
		fcfg_wr(e, fn, kMsix, (i == 1 ? 1u << 31 : 3u << 30), 0x8);
	}
	for (size_t i = 0; i < picks.size(); i++) {
		unsigned fn = vf_fn(picks[i]);
		e.check((fcfg_rd(e, fn, kCmd) & 0xffff) == ((i & 1) ? 0 : kCmdBme),
			"VF %u keeps its own BME", picks[i]);
		e.check((fcfg_rd(e, fn, kMsix) >> 30) == (i == 1 ? 2u : 3u),
			"VF %u keeps its own MSI-X Enable/Function Mask", picks[i]);
	}
	if (kTotalVfs > 3)
		e.check((fcfg_rd(e, vf_fn(1), kCmd) & 0xffff) == 0 &&
				(fcfg_rd(e, vf_fn(1), kMsix) >> 30) == 0,
			"an untouched VF stays at reset values");
	e.check((e.cfg_rd(kMsix) >> 30) == 0 && (e.cfg_rd(kCmd) & 0xffff) == (kCmdMse | kCmdBme),
		"PF config untouched by VF writes");

	// VF FLR: only that VF returns to reset values
	unsigned a = picks.back(), b = picks.front();
	fcfg_wr(e, vf_fn(b), kCmd, kCmdBme, 0x1);
	fcfg_wr(e, vf_fn(a), kCmd, kCmdBme, 0x1);
	fcfg_wr(e, vf_fn(a), kMsix, 3u << 30, 0x8);
	fcfg_wr(e, vf_fn(a), kDevCtl, 0x8000, 0x2);  // Initiate FLR
	e.check((fcfg_rd(e, vf_fn(a), kCmd) & 0xffff) == 0 && (fcfg_rd(e, vf_fn(a), kMsix) >> 30) == 0,
		"FLR'd VF %u back at reset values", a);
	e.check((fcfg_rd(e, vf_fn(a), kDevCtl) & 0x8000) == 0, "Initiate FLR reads 0");
	if (a != b)
		e.check((fcfg_rd(e, vf_fn(b), kCmd) & 0xffff) == kCmdBme &&
				(fcfg_rd(e, vf_fn(b), kMsix) >> 30) == 3,
			"VF %u survives VF %u's FLR", b, a);
	e.check((e.cfg_rd(kCmd) & 0xffff) == (kCmdMse | kCmdBme) && e.cfg_rd(0x10) != 0x4,
		"PF survives a VF FLR");
	// clearing VF Enable resets every VF
	e.cfg_wr(kSriovCtl, kAriHier, 0x1);
	e.cfg_wr(kSriovCtl, kAriHier | kVfEn | kVfMse, 0x1);
	e.check((fcfg_rd(e, vf_fn(b), kCmd) & 0xffff) == 0 && (fcfg_rd(e, vf_fn(b), kMsix) >> 30) == 0,
		"VF %u reset by clearing VF Enable", b);
}

// ---- datapath administration that only a PF reset returns to reset values: classifier
// entries (the first and the last) and the rate settings of the PF and of function f ----

unsigned cls_entries(Env &e)
{
	return (e.reg_rd(VFNIC_REG_DP_CAPS) & VFNIC_DP_CAPS_CLS_ENTRIES_MASK) >>
	       VFNIC_DP_CAPS_CLS_ENTRIES_SHIFT;
}

// what dp_admin_program writes, or the reset value
uint32_t dp_cls_val(unsigned ent, unsigned word, bool programmed)
{
	static const uint32_t reset[4] = {VFNIC_REG_CLS_MAC_LO_RESET, VFNIC_REG_CLS_MAC_HI_RESET,
					  VFNIC_REG_CLS_VLAN_RESET, VFNIC_REG_CLS_CTRL_RESET};
	if (!programmed)
		return reset[word];
	switch (word) {
	case 0:
		return 0x33221102u + ent;
	case 1:
		return 0x5544u;
	case 2:
		return VFNIC_CLS_VLAN_ANY_MASK | (7u + ent);
	default:
		return VFNIC_CLS_CTRL_VALID_MASK | (ent % (kTotalVfs + 1));
	}
}

uint32_t dp_rate_val(unsigned f, unsigned reg, bool programmed)
{
	static const uint32_t reset[3] = {VFNIC_REG_FUNC_RATE_INCR_RESET,
					  VFNIC_REG_FUNC_RATE_BURST_RESET,
					  VFNIC_REG_FUNC_RATE_MODE_RESET};
	static const uint32_t set[3] = {13422u, 3000u, VFNIC_FUNC_RATE_MODE_POLICE_MASK};
	return programmed ? set[reg] + (reg < 2 ? f : 0) : reset[reg];
}

uint32_t dp_rate_off(unsigned f, unsigned reg)
{
	return reg == 0 ? VFNIC_REG_FUNC_RATE_INCR(f)
			: reg == 1 ? VFNIC_REG_FUNC_RATE_BURST(f) : VFNIC_REG_FUNC_RATE_MODE(f);
}

uint32_t dp_cls_off(unsigned ent, unsigned word)
{
	return VFNIC_REG_CLS_MAC_LO(ent) + 4 * word;
}

void dp_admin_program(Env &e, unsigned f)
{
	unsigned n = cls_entries(e);
	e.check(n >= 2, "DP_CAPS.CLS_ENTRIES %u", n);
	for (unsigned ent : {0u, n - 1})
		for (unsigned w = 0; w < 4; w++)
			e.reg_wr(dp_cls_off(ent, w), dp_cls_val(ent, w, true));
	for (unsigned g : {0u, f})
		for (unsigned r = 0; r < 3; r++)
			e.reg_wr(dp_rate_off(g, r), dp_rate_val(g, r, true));
}

// the entries and rate settings read back as programmed or as after reset
void dp_admin_check(Env &e, unsigned f, bool programmed, const char *when)
{
	unsigned n = cls_entries(e);
	for (unsigned ent : {0u, n - 1})
		for (unsigned w = 0; w < 4; w++) {
			uint32_t v = e.reg_rd(dp_cls_off(ent, w));
			// a programmed entry is valid with a key of its own: INSTALLED (CTRL bit 30)
			uint32_t want = dp_cls_val(ent, w, programmed);
			if (w == 3 && programmed)
				want |= VFNIC_CLS_CTRL_INSTALLED_MASK;
			e.check(v == want, "%s: classifier entry %u word %u = %08x, expected %08x", when,
				ent, w, v, want);
		}
	for (unsigned g : {0u, f})
		for (unsigned r = 0; r < 3; r++) {
			uint32_t v = e.reg_rd(dp_rate_off(g, r));
			e.check(v == dp_rate_val(g, r, programmed),
				"%s: FUNC[%u] rate register %u = %08x, expected %08x", when, g, r, v,
				dp_rate_val(g, r, programmed));
		}
}

void t_pf_flr(Env &e)
{
	e.bring_up();
	vfs_on(e, kTotalVfs);
	e.cfg_wr(kSriovPage, 0x10);
	e.cfg_wr(kVfBar0, 0x10000000);
	e.reg_wr(VFNIC_REG_SCRATCH, 0xabcd1234);
	e.reg_wr(VFNIC_REG_DMA_LEN, 8);
	dp_admin_program(e, kTotalVfs);
	dp_admin_check(e, kTotalVfs, true, "before the PF FLR");
	msix_ctl(e, true, false);
	msix_program(e, 0, 0xfee00000, 7, true);
	e.reg_wr(VFNIC_REG_IRQ_TEST, 0);
	e.check(pba(e) == 1, "vector 0 pending before the FLR");
	e.cfg_wr(kDevCtl, kDevCtlReset | 0x8000, 0x3);
	e.check((e.cfg_rd(kCmd) & 0xffff) == 0 && e.cfg_rd(0x10) == 0x4 && e.cfg_rd(0x18) == 0x4,
		"PF FLR: Command and BARs back to reset values");
	e.check((e.cfg_rd(kDevCtl) & 0xffff) == kDevCtlReset && (e.cfg_rd(kMsix) >> 30) == 0,
		"PF FLR: Device Control, MSI-X control reset");
	e.check(e.cfg_rd(kSriovCtl) == 0 && e.cfg_rd(kSriovNum) == 0 && e.cfg_rd(kSriovPage) == 1 &&
			e.cfg_rd(kVfBar0) == 0x4,
		"PF FLR clears VF Enable and the SR-IOV capability");
	e.check(cfg_is_ur(e, 1, 0, false), "no VF answers after a PF FLR");
	// bring the PF back and look at its BAR state
	e.cfg_wr(0x10, (uint32_t)e.bar0);
	e.cfg_wr(0x14, (uint32_t)(e.bar0 >> 32));
	e.cfg_wr(0x18, (uint32_t)e.bar2);
	e.cfg_wr(0x1c, (uint32_t)(e.bar2 >> 32));
	e.cfg_wr(kCmd, kCmdMse | kCmdBme);
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == 0 && e.reg_rd(VFNIC_REG_DMA_LEN) == 0,
		"PF FLR: registers back to reset values");
	dp_admin_check(e, kTotalVfs, false, "after the PF FLR");
	e.check(pba(e) == 0 && e.mem_rd32(e.bar2 + 12) == 1, "PF FLR: PBA clear, vector masked");
}

void t_pf_soft_reset(Env &e)
{
	e.bring_up();
	e.reg_wr(VFNIC_REG_SCRATCH, 0x1111);
	e.reg_wr(VFNIC_REG_SCRATCH_HI, 0x2222);
	e.reg_wr(VFNIC_REG_DMA_SRC_LO, 0x1000);
	e.reg_wr(VFNIC_REG_DMA_CTRL, 0x300 | VFNIC_DMA_CTRL_IRQ_EN_MASK);
	unsigned f = kTotalVfs / 2 + 1;
	dp_admin_program(e, f);
	dp_admin_check(e, f, true, "before CTRL.RESET");
	msix_ctl(e, true, false);
	msix_program(e, 3, 0xfee00000, 3, true);
	e.reg_wr(VFNIC_REG_IRQ_TEST, 3);
	e.check(pba(e) == 8, "vector 3 pending before CTRL.RESET");
	e.check(e.reg_rd(VFNIC_REG_FUNC) == 0 && e.reg_rd(VFNIC_REG_CTRL) == 0,
		"PF FUNC reads 0, CTRL reads 0");
	e.reg_wr(VFNIC_REG_CTRL, VFNIC_CTRL_RESET_MASK);
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == 0 && e.reg_rd(VFNIC_REG_SCRATCH_HI) == 0 &&
			e.reg_rd(VFNIC_REG_DMA_SRC_LO) == 0 && e.reg_rd(VFNIC_REG_DMA_CTRL) == 0,
		"CTRL.RESET: registers back to reset values");
	dp_admin_check(e, f, false, "after CTRL.RESET");
	e.check(pba(e) == 0, "CTRL.RESET: pending MSI-X cleared");
	e.check(e.mem_rd32(e.bar2 + 16 * 3 + 12) == 1 && e.mem_rd32(e.bar2 + 16 * 3 + 8) == 3,
		"CTRL.RESET keeps the MSI-X table");
	e.check((e.cfg_rd(kCmd) & 0xffff) == (kCmdMse | kCmdBme) && (e.cfg_rd(kMsix) >> 31) == 1,
		"CTRL.RESET keeps the config space");
}

// ---- VF BARs: decode, registers, MSI-X ----

struct VfBars {
	uint64_t b0 = 0, b2 = 0, size = 1ULL << 14;
	uint64_t reg(unsigned n, unsigned off) const { return b0 + n * size + off; }
	uint64_t msix(unsigned n, unsigned off) const { return b2 + n * size + off; }
};

// VFs on (NumVFs = num) with both VF BARs placed away from the PF's BARs
VfBars vf_bars_on(Env &e, unsigned num)
{
	VfBars v;
	bool high = e.rnd(2);
	v.b0 = high ? 0x700000000ULL : 0xc0000000ULL;
	v.b2 = high ? 0x710000000ULL : 0xd0000000ULL;
	vfs_on(e, num);
	e.cfg_wr(kVfBar0, (uint32_t)v.b0);
	e.cfg_wr(kVfBar0 + 4, (uint32_t)(v.b0 >> 32));
	e.cfg_wr(kVfBar2, (uint32_t)v.b2);
	e.cfg_wr(kVfBar2 + 4, (uint32_t)(v.b2 >> 32));
	return v;
}

// MRd of one DW from VF n: a successful completion from that VF
uint32_t vf_rd(Env &e, unsigned n, uint64_t addr)
{
	Tlp c = e.mem_rd_cpl(addr, 1, 0xf, 0);
	e.check(vfn_tlp_fmt_type(c.hdr) == VFN_TLP_CPLD && vfn_tlp_cpl_status(c.hdr) == VFN_CPL_SC &&
			vfn_tlp_len_dw(c.hdr) == 1 && vfn_tlp_cpl_byte_count(c.hdr) == 4 &&
			vfn_tlp_cpl_completer(c.hdr) == e.cfg_id(vf_fn(n)),
		"VF %u MRd 0x%" PRIx64 ": completion %s", n, addr, c.str().c_str());
	return c.data.empty() ? 0xdeadbeef : c.data[0];
}

// VF Command.BME on or off, keeping the TB's record of which requester IDs may master
void vf_bme(Env &e, unsigned n, bool on)
{
	// set from the moment the write is sent; clear once it completed (callers clear BME only
	// while the VF has nothing to send)
	if (on)
		e.vf_bme_rids.insert(e.cfg_id(vf_fn(n)));
	fcfg_wr(e, vf_fn(n), kCmd, on ? kCmdBme : 0, 0x1);
	if (!on)
		e.vf_bme_rids.erase(e.cfg_id(vf_fn(n)));
}

void t_vf_bar_decode(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	for (unsigned n : vf_picks(kTotalVfs)) {
		e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_ID)) == VFNIC_DEV_ID_MAGIC &&
				vf_rd(e, n, v.reg(n, VFNIC_REG_VERSION)) == VFNIC_VERSION,
			"VF %u: ID and VERSION in its VF BAR0 slice", n);
		e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_FUNC)) == vf_fn(n),
			"VF %u: FUNC reads its routing function number %u", n, vf_fn(n));
		e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_CAPS)) == kVfVectors,
			"VF %u: CAPS: %u vectors, no VFs", n, kVfVectors);
		e.check(vf_rd(e, n, v.msix(n, VFNIC_MSIX_TABLE_OFFSET + 12)) == 1 &&
				vf_rd(e, n, v.msix(n, VFNIC_MSIX_PBA_OFFSET)) == 0,
			"VF %u: MSI-X vector 0 masked, PBA clear in its VF BAR2 slice", n);
	}
	uint32_t ur0 = e.reg_rd(VFNIC_REG_UR_COUNT);
	e.check(is_ur_cpl(e.mem_rd_cpl(v.reg(kTotalVfs, 0), 1)),
		"slice past the last VF is not decoded");
	e.check(is_ur_cpl(e.mem_rd_cpl(v.reg(kTotalVfs - 1, 0x3ffc), 2)),
		"a 2-DW access running past a VF slice is a UR");
	e.check(is_ur_cpl(e.mem_rd_cpl(v.b0 - 4, 1)), "below VF BAR0 is not decoded");
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == ur0 + 3, "URs counted device-wide on the PF");
	// VF MSE clear: VF slices answer UR, writes are dropped and counted
	e.cfg_wr(kSriovCtl, kVfEn | kAriHier, 0x1);
	e.check(is_ur_cpl(e.mem_rd_cpl(v.reg(0, VFNIC_REG_ID), 1)), "VF MSE clear: VF 0 MRd UR");
	e.mem_wr32(v.reg(0, VFNIC_REG_SCRATCH), 0x5555);
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == ur0 + 5, "VF MSE clear: MWr dropped and counted");
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
	e.check(vf_rd(e, 0, v.reg(0, VFNIC_REG_SCRATCH)) == 0, "the dropped MWr changed nothing");
	// NumVFs smaller: the slices above it are gone
	if (kTotalVfs > 1) {
		e.cfg_wr(kSriovCtl, kAriHier, 0x1);
		e.cfg_wr(kSriovNum, kTotalVfs / 2, 0x3);
		e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
		e.check(is_ur_cpl(e.mem_rd_cpl(v.reg(kTotalVfs / 2, 0), 1)) &&
				is_ur_cpl(e.mem_rd_cpl(v.msix(kTotalVfs / 2, 0), 1)),
			"VF %u >= NumVFs %u: its slices are not decoded", kTotalVfs / 2,
			kTotalVfs / 2);
		e.check(vf_rd(e, kTotalVfs / 2 - 1, v.reg(kTotalVfs / 2 - 1, VFNIC_REG_ID)) ==
				VFNIC_DEV_ID_MAGIC,
			"VF %u < NumVFs answers", kTotalVfs / 2 - 1);
	}
	// 64 KiB system pages: slices of 64 KiB, registers in the first 16 KiB
	e.cfg_wr(kSriovCtl, kAriHier, 0x1);
	e.cfg_wr(kSriovPage, 0x10);
	e.cfg_wr(kSriovNum, kTotalVfs, 0x3);
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
	v.size = 1ULL << 16;
	unsigned last = kTotalVfs - 1;
	e.check(vf_rd(e, last, v.reg(last, VFNIC_REG_FUNC)) == vf_fn(last),
		"64 KiB pages: VF %u's slice at base + n * 64 KiB", last);
	e.check(vf_rd(e, last, v.reg(last, 0x8000)) == 0 &&
			vf_rd(e, last, v.reg(last, VFNIC_REG_BAD_ACCESS_COUNT)) == 1 &&
			vf_rd(e, last, v.reg(last, VFNIC_REG_BAD_ACCESS_ADDR)) == 0x8000,
		"64 KiB pages: beyond the registers reads 0, counted with its offset");
	e.check(vf_rd(e, last, v.msix(last, VFNIC_MSIX_TABLE_OFFSET + 12)) == 1,
		"64 KiB pages: VF %u's MSI-X slice", last);
	// VF Enable clear: everything gone
	e.cfg_wr(kSriovCtl, kVfMse | kAriHier, 0x1);
	e.check(is_ur_cpl(e.mem_rd_cpl(v.reg(0, VFNIC_REG_ID), 1)), "VF Enable clear: UR");
}

void t_vf_regs_isolation(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	auto picks = vf_picks(kTotalVfs);
	e.reg_wr(VFNIC_REG_SCRATCH, 0xfeedf00d);
	for (unsigned n : picks) {
		e.mem_wr32(v.reg(n, VFNIC_REG_SCRATCH), 0x1000 + n);
		e.mem_wr64(v.reg(n, VFNIC_REG_DMA_SRC_LO), 0x2000000000ULL * (n + 1) + 0x40);
		e.mem_wr32(v.reg(n, VFNIC_REG_SCRATCH_HI), 0xab000000 | n, 0x8);  // one byte
	}
	for (unsigned n : picks) {
		e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_SCRATCH)) == 0x1000 + n &&
				vf_rd(e, n, v.reg(n, VFNIC_REG_SCRATCH_HI)) == 0xab000000,
			"VF %u keeps its own SCRATCH/SCRATCH_HI (byte enables)", n);
		e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_DMA_SRC_HI)) == 0x20 * (n + 1),
			"VF %u keeps its own DMA_SRC (64-bit write)", n);
	}
	if (kTotalVfs > 3)
		e.check(vf_rd(e, 1, v.reg(1, VFNIC_REG_SCRATCH)) == 0, "an untouched VF reads 0");
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == 0xfeedf00d, "PF SCRATCH untouched by VFs");
	// device-wide registers are holes on VFs, counted in the VF's BAD_ACCESS_COUNT
	unsigned n = picks.back();
	e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_UR_COUNT)) == 0 &&
			vf_rd(e, n, v.reg(n, VFNIC_REG_CPL_UNEXPECTED)) == 0,
		"UR_COUNT and CPL_UNEXPECTED read 0 on a VF");
	e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_BAD_ACCESS_COUNT)) == 2 &&
			vf_rd(e, n, v.reg(n, VFNIC_REG_BAD_ACCESS_ADDR)) == VFNIC_REG_CPL_UNEXPECTED,
		"... and count as holes on that VF");
	e.check(e.reg_rd(VFNIC_REG_BAD_ACCESS_COUNT) == 0, "not on the PF");
	if (picks.size() > 1)
		e.check(vf_rd(e, picks[0], v.reg(picks[0], VFNIC_REG_BAD_ACCESS_COUNT)) == 0,
			"nor on another VF");
}

void t_vf_msix(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	auto picks = vf_picks(kTotalVfs);
	unsigned a = picks.back(), b = picks.front();
	for (unsigned n : {a, b}) {
		vf_bme(e, n, true);
		fcfg_wr(e, vf_fn(n), kMsix, 1u << 31, 0x8);
		for (unsigned vec = 0; vec < kVfVectors; vec++) {
			uint64_t ent = v.msix(n, VFNIC_MSIX_TABLE_OFFSET + 16 * vec);
			uint64_t ma = msi_addr(e, vec, (n + vec) & 1);
			e.mem_wr32(ent, (uint32_t)ma);
			e.mem_wr32(ent + 4, (uint32_t)(ma >> 32));
			e.mem_wr32(ent + 8, 0xd0000000 | n << 8 | vec);
			e.mem_wr32(ent + 12, 0);
		}
	}
	// a's vector 1 fires with a's data and requester ID, nothing from b
	size_t before = e.irqs.size();
	e.mem_wr32(v.reg(a, VFNIC_REG_IRQ_TEST), 1);
	if (wait_irq(e, before, "VF MSI-X message")) {
		e.drain();
		const Tlp &m = e.irqs.back().tlp;
		e.check(e.irqs.size() == before + 1, "exactly one message");
		e.check(vfn_tlp_req_id(m.hdr) == e.cfg_id(vf_fn(a)) && !m.data.empty() &&
				m.data[0] == (0xd0000000 | a << 8 | 1),
			"VF %u vector 1: requester ID %04x and data %s", a, e.cfg_id(vf_fn(a)),
			m.str().c_str());
	}
	e.check(vf_rd(e, a, v.reg(a, VFNIC_REG_MSIX_SENT)) == 1 &&
			vf_rd(e, b, v.reg(b, VFNIC_REG_MSIX_SENT)) == (a == b ? 1u : 0u),
		"MSIX_SENT counts per VF");
	// per-VF vector mask: pending in a's PBA only
	e.mem_wr32(v.msix(a, VFNIC_MSIX_TABLE_OFFSET + 16 * 2 + 12), 1);
	before = e.irqs.size();
	e.mem_wr32(v.reg(a, VFNIC_REG_IRQ_TEST), 2);
	e.drain();
	e.check(e.irqs.size() == before, "masked vector held");
	e.check(vf_rd(e, a, v.msix(a, VFNIC_MSIX_PBA_OFFSET)) == 4, "pending in VF %u's PBA", a);
	if (a != b)
		e.check(vf_rd(e, b, v.msix(b, VFNIC_MSIX_PBA_OFFSET)) == 0, "not in VF %u's PBA", b);
	e.check(pba(e) == 0, "not in the PF's PBA");
	e.mem_wr32(v.msix(a, VFNIC_MSIX_TABLE_OFFSET + 16 * 2 + 12), 0);
	if (wait_irq(e, before, "unmasked VF vector")) {
		e.drain();
		e.check(e.irqs.back().tlp.data[0] == (0xd0000000 | a << 8 | 2),
			"unmasking delivers the held vector");
	}
	// Function Mask and BME of one VF hold only that VF's vectors
	fcfg_wr(e, vf_fn(a), kMsix, 3u << 30, 0x8);
	before = e.irqs.size();
	e.mem_wr32(v.reg(a, VFNIC_REG_IRQ_TEST), 0);
	if (a != b)
		e.mem_wr32(v.reg(b, VFNIC_REG_IRQ_TEST), 3);
	e.drain();
	e.check(e.irqs.size() == before + (a != b ? 1 : 0), "function-masked VF held, other sent");
	if (a != b)
		e.check(vfn_tlp_req_id(e.irqs.back().tlp.hdr) == e.cfg_id(vf_fn(b)),
			"the message is VF %u's", b);
	vf_bme(e, a, false);
	fcfg_wr(e, vf_fn(a), kMsix, 1u << 31, 0x8);
	e.drain();
	e.check(e.irqs.size() == before + (a != b ? 1 : 0), "BME clear holds VF %u's vector", a);
	vf_bme(e, a, true);
	if (wait_irq(e, before + (a != b ? 1 : 0), "VF vector after BME")) {
		e.drain();
		e.check(vfn_tlp_req_id(e.irqs.back().tlp.hdr) == e.cfg_id(vf_fn(a)),
			"delivered once BME is set");
	}
	// out-of-range vector and MSI-X disabled: dropped, counted on that VF
	e.mem_wr32(v.reg(a, VFNIC_REG_IRQ_TEST), kVfVectors);
	fcfg_wr(e, vf_fn(a), kMsix, 0, 0x8);
	e.mem_wr32(v.reg(a, VFNIC_REG_IRQ_TEST), 0);
	e.check(vf_rd(e, a, v.reg(a, VFNIC_REG_MSIX_DROPPED)) == 2, "VF %u MSIX_DROPPED 2", a);
	if (a != b)
		e.check(vf_rd(e, b, v.reg(b, VFNIC_REG_MSIX_DROPPED)) == 0, "VF %u MSIX_DROPPED 0", b);
	// the PF's MSI-X is separate
	msix_ctl(e, true, false);
	msix_program(e, 0, 0xfee00000, 0x77, false);
	before = e.irqs.size();
	e.reg_wr(VFNIC_REG_IRQ_TEST, 0);
	if (wait_irq(e, before, "PF message")) {
		e.drain();
		e.check(vfn_tlp_req_id(e.irqs.back().tlp.hdr) == e.dev_rid() &&
				e.irqs.back().tlp.data[0] == 0x77,
			"PF message with the PF's ID");
	}
}

void t_vf_msix_table_rules(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	unsigned n = kTotalVfs / 2;
	uint64_t ent = v.msix(n, VFNIC_MSIX_TABLE_OFFSET + 16);
	e.mem_wr32(ent + 8, 0x11223344);
	e.mem_wr32(ent + 8, 0xffffffff, 0x3);  // partial DW: ignored, counted
	e.check(vf_rd(e, n, ent + 8) == 0x11223344, "partial table write ignored");
	e.check(vf_rd(e, n, v.reg(n, VFNIC_REG_BAD_ACCESS_COUNT)) == 1 &&
			vf_rd(e, n, v.reg(n, VFNIC_REG_BAD_ACCESS_ADDR)) ==
				VFNIC_MSIX_TABLE_OFFSET + 16 + 8,
		"partial write counted in VF %u's BAD_ACCESS_COUNT", n);
	e.mem_wr64(ent, 0x00000001fee01000ULL);
	Tlp c = e.mem_rd_cpl(ent, 2);
	e.check(c.data.size() == 2 && c.data[0] == 0xfee01000 && c.data[1] == 1,
		"aligned QW table access");
	c = e.mem_rd_cpl(ent + 4, 2);
	e.check(c.data.size() == 2 && c.data[0] == 0 && c.data[1] == 0 &&
			vf_rd(e, n, v.reg(n, VFNIC_REG_BAD_ACCESS_COUNT)) == 2,
		"unaligned QW access reads 0 and is counted");
	uint32_t ur = e.reg_rd(VFNIC_REG_UR_COUNT);
	e.check(is_ur_cpl(e.mem_rd_cpl(ent, 3)), "3-DW table read is a UR");
	e.check(e.reg_rd(VFNIC_REG_UR_COUNT) == ur + 1, "counted in UR_COUNT");
	e.check(vf_rd(e, n, v.msix(n, VFNIC_MSIX_PBA_OFFSET + 4)) == 0 &&
			vf_rd(e, n, v.msix(n, 0x3000)) == 0 &&
			vf_rd(e, n, v.reg(n, VFNIC_REG_BAD_ACCESS_COUNT)) == 3,
		"PBA high DW reads 0; a hole in the MSI-X slice is counted");
}

void t_vf_flr_regs(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	auto picks = vf_picks(kTotalVfs);
	unsigned a = picks.back(), b = picks.front();
	e.reg_wr(VFNIC_REG_SCRATCH, 0x7f7f);
	dp_admin_program(e, 1 + a);  // VF a is routing function 1 + a
	msix_program(e, 2, 0xfee00000, 0x22, false);
	for (unsigned n : {a, b}) {
		e.mem_wr32(v.reg(n, VFNIC_REG_SCRATCH), 0x900 + n);
		e.mem_wr32(v.reg(n, VFNIC_REG_DMA_LEN), 16);
		e.mem_wr32(v.msix(n, VFNIC_MSIX_TABLE_OFFSET + 8), 0x300 + n);
		e.mem_wr32(v.msix(n, VFNIC_MSIX_TABLE_OFFSET + 12), 0);
		fcfg_wr(e, vf_fn(n), kMsix, 1u << 31, 0x8);  // enabled, no BME: stays pending
		e.mem_wr32(v.reg(n, VFNIC_REG_IRQ_TEST), 0);
		e.mem_wr32(v.reg(n, 0x2000), 1);  // a hole: BAD_ACCESS_COUNT 1
	}
	e.check(vf_rd(e, a, v.msix(a, VFNIC_MSIX_PBA_OFFSET)) == 1, "VF %u vector 0 pending", a);
	fcfg_wr(e, vf_fn(a), kDevCtl, 0x8000, 0x2);  // VF a FLR
	e.check(vf_rd(e, a, v.reg(a, VFNIC_REG_SCRATCH)) == 0 &&
			vf_rd(e, a, v.reg(a, VFNIC_REG_DMA_LEN)) == 0 &&
			vf_rd(e, a, v.reg(a, VFNIC_REG_BAD_ACCESS_COUNT)) == 0,
		"FLR'd VF %u: registers at reset values", a);
	e.check(vf_rd(e, a, v.msix(a, VFNIC_MSIX_TABLE_OFFSET + 12)) == 1 &&
			vf_rd(e, a, v.msix(a, VFNIC_MSIX_PBA_OFFSET)) == 0,
		"FLR'd VF %u: vectors masked, nothing pending", a);
	if (a != b) {
		e.check(vf_rd(e, b, v.reg(b, VFNIC_REG_SCRATCH)) == 0x900 + b &&
				vf_rd(e, b, v.reg(b, VFNIC_REG_BAD_ACCESS_COUNT)) == 1,
			"VF %u's registers survive", b);
		e.check(vf_rd(e, b, v.msix(b, VFNIC_MSIX_TABLE_OFFSET + 8)) == 0x300 + b &&
				vf_rd(e, b, v.msix(b, VFNIC_MSIX_TABLE_OFFSET + 12)) == 0 &&
				vf_rd(e, b, v.msix(b, VFNIC_MSIX_PBA_OFFSET)) == 1 &&
				(fcfg_rd(e, vf_fn(b), kMsix) >> 31) == 1,
			"VF %u's MSI-X table, PBA and control survive", b);
	}
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == 0x7f7f &&
			e.mem_rd32(e.bar2 + 16 * 2 + 8) == 0x22,
		"PF registers and MSI-X table survive a VF FLR");
	// the PF's administration of the VF (its rate limit) and the classifier survive too
	dp_admin_check(e, 1 + a, true, "after VF FLR");
	// software reset of VF b: registers and pending go, config and table stay
	e.mem_wr32(v.reg(b, VFNIC_REG_CTRL), VFNIC_CTRL_RESET_MASK);
	e.check(vf_rd(e, b, v.reg(b, VFNIC_REG_SCRATCH)) == 0 &&
			vf_rd(e, b, v.msix(b, VFNIC_MSIX_PBA_OFFSET)) == 0,
		"VF %u CTRL.RESET: registers and pending cleared", b);
	e.check(vf_rd(e, b, v.msix(b, VFNIC_MSIX_TABLE_OFFSET + 8)) == 0x300 + b &&
			(fcfg_rd(e, vf_fn(b), kMsix) >> 31) == 1,
		"VF %u CTRL.RESET keeps the table and the config space", b);
	// clearing VF Enable resets every VF's registers
	e.mem_wr32(v.reg(b, VFNIC_REG_SCRATCH), 0x4242);
	e.cfg_wr(kSriovCtl, kAriHier, 0x1);
	e.cfg_wr(kSriovCtl, kVfEn | kVfMse | kAriHier, 0x1);
	e.check(vf_rd(e, b, v.reg(b, VFNIC_REG_SCRATCH)) == 0 &&
			vf_rd(e, b, v.msix(b, VFNIC_MSIX_TABLE_OFFSET + 12)) == 1,
		"VF Enable cleared and set: VF %u's registers reset, vectors masked", b);
	e.check(e.reg_rd(VFNIC_REG_SCRATCH) == 0x7f7f, "PF unaffected by VF Enable");
	dp_admin_check(e, 1 + a, true, "after VF CTRL.RESET and VF Enable cleared");
}

// ---- DMA test engine shared by the PF and the VFs ----

// program function f's DMA registers (f < 0: the PF; else VF f) and START
void dma_start_fn(Env &e, const VfBars &v, int f, uint64_t src, uint64_t dst, unsigned len,
		  uint32_t ctrl_extra)
{
	auto wr = [&](unsigned off, uint32_t val) {
		if (f < 0)
			e.reg_wr(off, val);
		else
			e.mem_wr32(v.reg((unsigned)f, off), val);
	};
	wr(VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	wr(VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	wr(VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	wr(VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	wr(VFNIC_REG_DMA_LEN, len);
	wr(VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK | ctrl_extra);
}

uint32_t dma_ctrl_fn(Env &e, const VfBars &v, int f)
{
	return f < 0 ? e.reg_rd(VFNIC_REG_DMA_CTRL)
		     : vf_rd(e, (unsigned)f, v.reg((unsigned)f, VFNIC_REG_DMA_CTRL));
}

uint32_t dma_wait_fn(Env &e, const VfBars &v, int f)
{
	uint32_t c = 0;
	for (int i = 0; i < 4000 && !e.errors; i++) {
		c = dma_ctrl_fn(e, v, f);
		if (!(c & VFNIC_DMA_CTRL_START_MASK))
			return c;
	}
	e.fail("function %d: DMA engine still busy (DMA_CTRL %08x)", f, c);
	return c;
}

// requests of the copy src -> dst in rq_log from index first: all with requester ID rid
bool dma_reqs_are(Env &e, size_t first, uint64_t src, uint64_t dst, uint16_t rid)
{
	bool rd = false, wr = false, ok = true;
	for (size_t i = first; i < e.rq_log.size(); i++) {
		const Tlp &t = e.rq_log[i].tlp;
		uint64_t a = vfn_tlp_addr(t.hdr);
		if (a != src && a != dst)
			continue;
		ok = ok && vfn_tlp_req_id(t.hdr) == rid;
		rd = rd || a == src;
		wr = wr || a == dst;
	}
	return ok && rd && wr;
}

void t_vf_dma(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	auto picks = vf_picks(kTotalVfs);
	unsigned a = picks.back();
	vf_bme(e, a, true);
	fcfg_wr(e, vf_fn(a), kMsix, 1u << 31, 0x8);
	e.mem_wr32(v.msix(a, VFNIC_MSIX_TABLE_OFFSET + 16 * 3), 0xfee03000);
	e.mem_wr32(v.msix(a, VFNIC_MSIX_TABLE_OFFSET + 16 * 3 + 8), 0xd3a0);
	e.mem_wr32(v.msix(a, VFNIC_MSIX_TABLE_OFFSET + 16 * 3 + 12), 0);
	unsigned len = VFNIC_DMA_TEST_MAX_BYTES;
	uint64_t src = 0x12340000, dst = 0x56780000;
	for (unsigned i = 0; i < len; i++) {
		e.host_write(src + i, (uint8_t)e.rng());
		e.host_write(dst + i, 0);
	}
	size_t first = e.rq_log.size(), nirq = e.irqs.size();
	dma_start_fn(e, v, (int)a, src, dst, len,
		     VFNIC_DMA_CTRL_IRQ_EN_MASK | 3u << VFNIC_DMA_CTRL_IRQ_VECTOR_SHIFT);
	uint32_t c = dma_wait_fn(e, v, (int)a);
	e.check((c & 0xff) == (VFNIC_DMA_CTRL_DONE_MASK | VFNIC_DMA_CTRL_IRQ_EN_MASK) &&
			((c & VFNIC_DMA_CTRL_IRQ_VECTOR_MASK) >> VFNIC_DMA_CTRL_IRQ_VECTOR_SHIFT) == 3,
		"VF %u DMA_CTRL after the copy %08x", a, c);
	e.drain();
	bool same = true;
	for (unsigned i = 0; i < len; i++)
		same = same && e.host_byte(dst + i) == e.host_byte(src + i);
	e.check(same, "VF %u copy: destination holds the source", a);
	e.check(dma_reqs_are(e, first, src, dst, e.cfg_id(vf_fn(a))),
		"VF %u copy: MRd and MWr carry requester ID %04x", a, e.cfg_id(vf_fn(a)));
	e.check(e.irqs.size() == nirq + 1 && e.irqs.back().tlp.data[0] == 0xd3a0 &&
			vfn_tlp_req_id(e.irqs.back().tlp.hdr) == e.cfg_id(vf_fn(a)),
		"VF %u DMA interrupt on its vector 3", a);
	e.check(e.reg_rd(VFNIC_REG_DMA_CTRL) == 0, "PF DMA_CTRL untouched by a VF copy");
	e.mem_wr32(v.reg(a, VFNIC_REG_DMA_CTRL), VFNIC_DMA_CTRL_DONE_MASK);
	e.check(!(dma_ctrl_fn(e, v, (int)a) & VFNIC_DMA_CTRL_DONE_MASK), "VF DONE is RW1C");
	// bad length: ERROR on that VF, no request
	first = e.rq_log.size();
	dma_start_fn(e, v, (int)a, src, dst, 6, 0);
	c = dma_wait_fn(e, v, (int)a);
	e.check((c & VFNIC_DMA_CTRL_ERROR_MASK) && e.rq_log.size() == first,
		"VF bad length -> ERROR, no request");

	// BME gating: a VF without BME waits, the PF goes ahead
	unsigned b = picks.front();
	if (b != a) {
		vf_bme(e, b, false);
		uint64_t s2 = 0x22220000, d2 = 0x33330000;
		first = e.rq_log.size();
		dma_start_fn(e, v, (int)b, s2, d2, 8, 0);
		e.run(300);
		e.check((dma_ctrl_fn(e, v, (int)b) & VFNIC_DMA_CTRL_START_MASK) &&
				e.rq_log.size() == first,
			"VF %u without BME: busy, nothing issued", b);
		vf_bme(e, b, true);
		c = dma_wait_fn(e, v, (int)b);
		e.drain();
		e.check((c & VFNIC_DMA_CTRL_DONE_MASK) && dma_reqs_are(e, first, s2, d2,
								      e.cfg_id(vf_fn(b))),
			"VF %u copies once its BME is set, with its own ID", b);
	}

	// the PF and several VFs started together: all served, each with its own ID
	first = e.rq_log.size();
	std::vector<int> fns = {-1};
	for (unsigned n : picks) {
		vf_bme(e, n, true);
		fns.push_back((int)n);
	}
	for (int f : fns)
		dma_start_fn(e, v, f, 0x40000000ULL + ((uint64_t)(f + 1) << 16),
			     0x50000000ULL + ((uint64_t)(f + 1) << 16), 16, 0);
	for (int f : fns) {
		c = dma_wait_fn(e, v, f);
		e.check(c & VFNIC_DMA_CTRL_DONE_MASK, "function %d: shared engine copy done", f);
	}
	e.drain();
	for (int f : fns) {
		uint16_t rid = f < 0 ? e.dev_rid() : e.cfg_id(vf_fn((unsigned)f));
		e.check(dma_reqs_are(e, first, 0x40000000ULL + ((uint64_t)(f + 1) << 16),
				     0x50000000ULL + ((uint64_t)(f + 1) << 16), rid),
			"function %d's copy carries requester ID %04x", f, rid);
	}
}

void t_vf_dma_flr(Env &e)
{
	e.bring_up();
	VfBars v = vf_bars_on(e, kTotalVfs);
	unsigned a = kTotalVfs - 1;
	vf_bme(e, a, true);
	e.host_read_mode = HostRead::Drop;  // the read stays outstanding
	size_t first = e.rq_log.size();
	dma_start_fn(e, v, (int)a, 0x12000000, 0x13000000, 8, 0);
	e.run_until([&] { return e.rq_log.size() > first; }, 2000, "VF MRd");
	e.run(20);  // not drain(): the read is meant to stay outstanding (no completion timeout yet)
	e.check((fcfg_rd(e, vf_fn(a), kDevCtl) >> 16) & 0x20, "VF Transactions Pending");
	e.check(!((e.cfg_rd(kDevCtl) >> 16) & 0x20), "not the PF's");
	e.vf_bme_rids.erase(e.cfg_id(vf_fn(a)));
	fcfg_wr(e, vf_fn(a), kDevCtl, 0x8000, 0x2);  // FLR abandons the copy
	e.check(!(vf_rd(e, a, v.reg(a, VFNIC_REG_DMA_CTRL)) & VFNIC_DMA_CTRL_START_MASK) &&
			!((fcfg_rd(e, vf_fn(a), kDevCtl) >> 16) & 0x20),
		"FLR'd VF: DMA idle, no Transactions Pending");
	// the late completion is unexpected now
	e.host_read_mode = HostRead::Normal;
	const Tlp &rd = e.rq_log[first].tlp;
	uint32_t unexp = e.reg_rd(VFNIC_REG_CPL_UNEXPECTED);
	bool split = e.host_split;
	e.host_split = false;  // one completion TLP, counted once
	e.host_complete(rd, VFN_CPL_SC, vfn_tlp_req_tag(rd.hdr));
	e.host_split = split;
	e.drain();
	e.check(e.reg_rd(VFNIC_REG_CPL_UNEXPECTED) == unexp + 1,
		"late completion of the abandoned read is counted as unexpected");
	// the engine serves the PF afterwards
	uint32_t c = dma_run(e, 0x14000000, 0x15000000, 8, 0);
	e.check(c & VFNIC_DMA_CTRL_DONE_MASK, "PF copy after the VF FLR");
}

struct Test {
	const char *name;
	void (*fn)(Env &);
};

const Test tests[] = {
	{"config header and capability list walk", t_config_walk},
	{"BAR sizing (BAR0, BAR2) and restore", t_bar_sizing},
	{"read-only config fields ignore writes", t_ro_fields},
	{"read-write config fields", t_rw_fields},
	{"RW1C: Device Status URD set by UR, cleared by writing 1", t_rw1c_urd},
	{"bus/device number captured from CfgWr0 into completer/requester IDs", t_bus_capture},
	{"MMIO SCRATCH 32/64-bit with byte enables, byte count and lower address", t_mmio_scratch},
	{"BAD_ACCESS_COUNT/ADDR for holes", t_bad_access},
	{"UR for MRd outside BARs, with MSE clear, 3 DWs; MWr dropped", t_ur_memory},
	{"UR for I/O, Type 1 config, absent function, locked, atomic, reserved", t_ur_other},
	{"unsupported posted requests dropped and counted", t_posted_dropped},
	{"MSI-X message address, data, requester ID (3DW and 4DW)", t_msix_message},
	{"MSI-X function and vector masks hold the message in the PBA", t_msix_masks},
	{"MSI-X disabled or vector out of range -> MSIX_DROPPED", t_msix_dropped},
	{"MSI-X held while Bus Master Enable is clear", t_msix_bme},
	{"MSI-X table access rules (partial, QW, unaligned, PBA, holes)", t_msix_table_rules},
	{"DMA engine copy with split completions and interrupt", t_dma_copy},
	{"rq arbitration: DMA and MSI-X traffic interleaved", t_rq_mix},
	{"DMA Transactions Pending while outstanding", t_dma_pending},
	{"DMA UR/CA/poisoned completion -> ERROR and Status bits", t_dma_errors},
	{"DMA bad length/alignment -> ERROR, no request", t_dma_bad_len},
	{"DMA completion timeout and Completion Timeout Disable", t_dma_timeout},
	{"unexpected completions dropped and counted", t_unexpected_cpl},
	{"DMA waits for Bus Master Enable", t_dma_waits_bme},
	{"reset restores spec reset values", t_reset},
	{"random config/MMIO mix against a reference model", t_random},
	{"SR-IOV: ARI/SR-IOV capability fields, RO fields", t_sriov_cap},
	{"SR-IOV: NumVFs lock, VF Enable refusal, System Page Size, VF BAR size masks", t_sriov_rw},
	{"SR-IOV: VF config header rules (VF 0, middle, last)", t_vf_config},
	{"SR-IOV: config to nonexistent functions is UR; non-ARI numbering", t_vf_nonexistent},
	{"SR-IOV: per-VF config isolation, VF FLR, VF Enable clear resets VFs", t_vf_cfg_isolation},
	{"PF FLR resets the PF (classifier, rate settings) and clears VF Enable", t_pf_flr},
	{"PF CTRL.RESET: registers, classifier, rate settings, pending MSI-X; not config",
	 t_pf_soft_reset},
	{"VF BAR decode: VF 0/middle/last, disabled slices UR, page-size slices", t_vf_bar_decode},
	{"VF BAR0 registers: per-VF scratch isolation, device-wide registers are holes",
	 t_vf_regs_isolation},
	{"VF MSI-X: requester ID, per-VF masks/PBA/BME, counters, PF separate", t_vf_msix},
	{"VF MSI-X table access rules (partial, QW, 3 DWs, holes)", t_vf_msix_table_rules},
	{"VF FLR, VF CTRL.RESET and VF Enable clear: isolation; PF's rate settings kept",
	 t_vf_flr_regs},
	{"DMA from VFs: requester ID, IRQ, BME gating, the PF and VFs served in START order", t_vf_dma},
	{"VF FLR abandons its DMA; late completion unexpected", t_vf_dma_flr},
};

}  // namespace

int main(int argc, char **argv)
{
	const char *outdir = argc > 1 ? argv[1] : ".";
	uint64_t seed;
	const char *s = std::getenv("SEED");
	if (s && *s)
		seed = std::strtoull(s, nullptr, 0);
	else
		seed = (uint64_t)std::chrono::system_clock::now().time_since_epoch().count() %
		       1000000007ULL;
	std::printf("# seed %" PRIu64 "\n", seed);
	std::printf("# DmaTimeoutCyclesLog2 %d (core built with a short timeout)\n",
		    CORE_TB_DMA_TIMEOUT_LOG2);
	std::string tag = "seed" + std::to_string(seed);
	Env e(seed, outdir, tag);

	unsigned n = 0, failed = 0;
	for (const Test &t : tests) {
		n++;
		e.errors = 0;
		t.fn(e);
		e.drain();
		if (e.errors) {
			failed++;
			std::printf("not ok %u - [TotalVfs=%u] %s\n", n, kTotalVfs, t.name);
		} else {
			std::printf("ok %u - [TotalVfs=%u] %s\n", n, kTotalVfs, t.name);
		}
		std::fflush(stdout);
	}
	std::printf("1..%u\n", n);  // one plan per build; run-core-tb runs two builds
	std::printf("# %" PRIu64 " cycles\n", e.now);
	std::string fst = e.fst_path, log = e.log_path;
	e.fst->close();
	e.fst.reset();
	if (failed) {
		std::printf("# %u of %u tests failed; replay with SEED=%" PRIu64 "\n", failed, n,
			    seed);
		std::printf("# waveform: %s\n", fst.c_str());
		std::printf("# transaction log: %s\n", log.c_str());
		return 1;
	}
	std::remove(fst.c_str());
	std::remove(log.c_str());
	return 0;
}
