/* SPDX-License-Identifier: MIT */
/*
 * vfnic harness: device tests through the transport, as the root complex
 * sees the device: config space, BARs, registers, MSI-X, the DMA test
 * engine, UR rules, reset. Expected values come from vfnic_regs.h and the
 * PCI/PCIe specifications, never from the model.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <string.h>
#include <unistd.h>

#include "../common/bar0_holes.h"
#include "hx.h"

#define PCIE	VFNIC_CAP_PCIE_OFFSET
#define PM	VFNIC_CAP_PM_OFFSET
#define MSIX	VFNIC_CAP_MSIX_OFFSET
#define NVEC	VFNIC_PF_MSIX_VECTORS
#define DEVSTA_URD	(1u << 19)	/* Device Status bit 3, in the DW at +8 */
#define MSIX_EN		(1u << 31)	/* Message Control bits, DW at +0 */
#define MSIX_FMASK	(1u << 30)

#define CFG(reg, var) CHECK_EQ(hx_cfg_rd(h, (reg), &(var)), 0)
#define CFGW(reg, val, be) CHECK_EQ(hx_cfg_wr(h, (reg), (val), (be)), 0)

static uint32_t rnd32(struct hx_ctx *x)
{
	return (uint32_t)hx_rand(&x->rng);
}

static uint64_t msix_entry(unsigned v, unsigned word)
{
	return HX_BAR2 + VFNIC_MSIX_TABLE_OFFSET + 16 * v + 4 * word;
}

static uint64_t rd32(struct hx_host *h, uint64_t addr)
{
	uint64_t v;

	if (hx_rd(h, addr, 4, &v) != 0) {
		hx_diag("read %#llx failed", (unsigned long long)addr);
		hx_reg_failures++;
		return 0xdeadbeef;
	}
	return v;
}

static void wr32(struct hx_host *h, uint64_t addr, uint32_t v)
{
	if (hx_wr(h, addr, 4, v) < 0)
		hx_reg_failures++;
}

/* ---- transport ---- */

static int t_ping(struct hx_ctx *x)
{
	int i;

	for (i = 0; i < 100; i++)
		CHECK_EQ(hx_ping(&x->main), 0);
	return 1;
}

/* ---- config space ---- */

static int t_cfg_ids(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	CFG(CFG_ID, v);
	CHECK_EQ(v, (VFNIC_PF_DEVICE_ID << 16) | VFNIC_VENDOR_ID);
	CFG(CFG_REV_CLASS, v);
	CHECK_EQ(v, (VFNIC_CLASS_CODE << 8) | VFNIC_REVISION_ID);
	CFG(CFG_HDR, v);
	CHECK_EQ((v >> 16) & 0x7f, 0);		/* type-0 header */
	CFG(CFG_SUBSYS, v);
	CHECK_EQ(v, (VFNIC_SUBSYS_ID << 16) | VFNIC_SUBSYS_VENDOR_ID);
	CFG(CFG_CMD, v);
	CHECK((v >> 16) & 0x10);		/* Status: capabilities list */
	CFG(CFG_ROM, v);
	CHECK_EQ(v, 0);
	return 1;
}

/* walk the capability list the way Linux does (pci_find_capability) */
static int t_cfg_caps(struct hx_ctx *x)
{
	static const struct { unsigned off, id; } want[] = {
		{ PCIE, 0x10 }, { PM, 0x01 }, { MSIX, 0x11 },
	};
	struct hx_host *h = &x->main;
	unsigned ptr, n = 0, ttl = 48;
	uint32_t v;

	CFG(CFG_CAP_PTR, v);
	ptr = v & 0xfc;
	while (ptr >= 0x40 && ttl--) {
		CFG(ptr, v);
		hx_diag("capability %#x at %#x", v & 0xff, ptr);
		CHECK(n < 3);
		CHECK_EQ(ptr, want[n].off);
		CHECK_EQ(v & 0xff, want[n].id);
		n++;
		ptr = (v >> 8) & 0xfc;
	}
	CHECK_EQ(n, 3);
	CHECK_EQ(ptr, 0);
	return 1;
}

static int t_cfg_pcie(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	CFG(PCIE, v);
	CHECK_EQ((v >> 16) & 0xf, 2);		/* capability version 2 */
	CHECK_EQ((v >> 20) & 0xf, 0);		/* PCI Express endpoint */
	CFG(PCIE + 4, v);			/* Device Capabilities */
	CHECK((v & 7) <= 5);			/* Max_Payload_Size Supported */
	CFG(PCIE + 8, v);			/* Device Control / Status */
	CHECK_EQ((v >> 5) & 7, 0);		/* MPS: 128 B after reset */
	CHECK_EQ((v >> 12) & 7, 2);		/* MRRS: 512 B after reset */
	return 1;
}

static int t_cfg_pm(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	CFG(PM, v);
	CHECK_EQ(v & 0xff, 0x01);
	CHECK_EQ((v >> 16) & 7, 3);		/* PMC version: PM 1.2 */
	CFG(PM + 4, v);				/* PMCSR */
	CHECK_EQ(v & 3, 0);			/* D0 */
	return 1;
}

static int t_cfg_msix(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	CFG(MSIX, v);
	CHECK_EQ(v & 0xff, 0x11);
	CHECK_EQ((v >> 16) & 0x7ff, NVEC - 1);	/* table size N-1 */
	CHECK_EQ(v & (MSIX_EN | MSIX_FMASK), 0);
	CFG(MSIX + 4, v);
	CHECK_EQ(v, VFNIC_MSIX_TABLE_OFFSET | VFNIC_PF_MSIX_BAR);
	CFG(MSIX + 8, v);
	CHECK_EQ(v, VFNIC_MSIX_PBA_OFFSET | VFNIC_PF_MSIX_BAR);
	return 1;
}

static int t_cfg_ext(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	unsigned end = VFNIC_EXT_CAP_OFFSET;
	uint32_t v;
	int i;

#ifdef VFNIC_CAP_SRIOV_OFFSET
	/* docs/sriov.md: ARI -> SR-IOV (0x40 bytes) -> end, then zeros */
	CFG(VFNIC_CAP_ARI_OFFSET, v);
	CHECK_EQ(v, 0x000eu | 1u << 16 | VFNIC_CAP_SRIOV_OFFSET << 20);
	CFG(VFNIC_CAP_SRIOV_OFFSET, v);
	CHECK_EQ(v, 0x0010u | 1u << 16);
	end = VFNIC_CAP_SRIOV_OFFSET + 0x40;
#else
	CFG(VFNIC_EXT_CAP_OFFSET, v);
	CHECK_EQ(v, 0);
#endif
	for (i = 0; i < 16; i++) {
		unsigned reg = end + (rnd32(x) % (0x1000 - end) & ~3u);

		CFG(reg, v);
		if (v)
			hx_diag("extended config %#x = %#x", reg, v);
		CHECK_EQ(v, 0);
	}
	return 1;
}

/* BAR sizing as an OS does it: decode off, all-ones, read, restore */
static int size_bar(struct hx_ctx *x, unsigned bar, unsigned size_log2)
{
	struct hx_host *h = &x->main;
	uint32_t cmd, lo, hi, slo, shi, v;
	uint32_t mask = ~((1u << size_log2) - 1);

	CFG(CFG_CMD, cmd);
	CFGW(CFG_CMD, cmd & ~(CMD_MEM | CMD_MASTER) & 0xffff, 0x3);
	CFG(CFG_BAR(bar), lo);
	CFG(CFG_BAR(bar + 1), hi);
	CHECK_EQ(lo & 0xf, 0x4);		/* memory, 64-bit, non-prefetchable */
	CFGW(CFG_BAR(bar), 0xffffffff, 0xf);
	CFGW(CFG_BAR(bar + 1), 0xffffffff, 0xf);
	CFG(CFG_BAR(bar), slo);
	CFG(CFG_BAR(bar + 1), shi);
	hx_diag("BAR%u sizing: %08x %08x -> %u KiB", bar, shi, slo,
		(~(slo & ~0xfu) + 1) >> 10);
	CHECK_EQ(slo, (mask & ~0xfu) | 0x4);
	CHECK_EQ(shi, 0xffffffff);
	CFGW(CFG_BAR(bar), lo, 0xf);
	CFGW(CFG_BAR(bar + 1), hi, 0xf);
	CFG(CFG_BAR(bar), v);
	CHECK_EQ(v, lo);
	CFG(CFG_BAR(bar + 1), v);
	CHECK_EQ(v, hi);
	CFGW(CFG_CMD, cmd & 0xffff, 0x3);
	return 1;
}

static int t_bar0_size(struct hx_ctx *x)
{
	return size_bar(x, 0, 16);
}

static int t_bar2_size(struct hx_ctx *x)
{
	return size_bar(x, VFNIC_PF_MSIX_BAR, VFNIC_PF_MSIX_BAR_SIZE_LOG2);
}

static int t_bar_unused(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	unsigned regs[] = { CFG_BAR(4), CFG_BAR(5), CFG_ROM };
	unsigned i;
	uint32_t v;

	for (i = 0; i < 3; i++) {
		CFGW(regs[i], 0xffffffff, 0xf);
		CFG(regs[i], v);
		CHECK_EQ(v, 0);
	}
	return 1;
}

static int t_bar_assign(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	x->enumerated = 0;
	CHECK(hx_enumerate(x));
	CFG(CFG_BAR(0), v);
	CHECK_EQ(v, (uint32_t)HX_BAR0 | 0x4);
	CFG(CFG_BAR(1), v);
	CHECK_EQ(v, (uint32_t)(HX_BAR0 >> 32));
	CFG(CFG_BAR(2), v);
	CHECK_EQ(v, (uint32_t)HX_BAR2 | 0x4);
	CFG(CFG_BAR(3), v);
	CHECK_EQ(v, (uint32_t)(HX_BAR2 >> 32));
	CFG(CFG_CMD, v);
	CHECK_EQ(v & (CMD_MEM | CMD_MASTER), CMD_MEM | CMD_MASTER);
	CHECK_EQ(hx_reg(h, VFNIC_REG_ID), VFNIC_DEV_ID_MAGIC);
	return 1;
}

static int t_cfg_ro(struct hx_ctx *x)
{
	static const unsigned regs[] = {
		CFG_ID, CFG_REV_CLASS, CFG_SUBSYS, CFG_CAP_PTR,
		PCIE + 4, MSIX + 4, MSIX + 8,
	};
	struct hx_host *h = &x->main;
	uint32_t before, after;
	unsigned i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		CFG(regs[i], before);
		CFGW(regs[i], ~before, 0xf);
		CFG(regs[i], after);
		if (after != before)
			hx_diag("config %#x changed by a write", regs[i]);
		CHECK_EQ(after, before);
	}
	/* capability headers (ID, next) and PCIe Capabilities register */
	for (i = 0; i < 3; i++) {
		unsigned cap = i == 0 ? PCIE : i == 1 ? PM : MSIX;

		CFG(cap, before);
		CFGW(cap, ~before, i == 0 ? 0xf : 0x3);
		CFG(cap, after);
		CHECK_EQ(after & (i == 0 ? 0xffffffff : 0xffff),
			 before & (i == 0 ? 0xffffffff : 0xffff));
	}
	/* header type byte */
	CFG(CFG_HDR, before);
	CFGW(CFG_HDR, ~before, 0x4);
	CFG(CFG_HDR, after);
	CHECK_EQ(after & 0xff0000, before & 0xff0000);
	return 1;
}

static int t_cfg_rw(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v, cmd, line = rnd32(x) & 0xff;

	CHECK(hx_enumerate(x));
	CFG(CFG_INT, v);
	CFGW(CFG_INT, (v & ~0xffu) | line, 0x1);	/* Interrupt Line */
	CFG(CFG_INT, v);
	CHECK_EQ(v & 0xff, line);
	CFG(CFG_CMD, cmd);
	CFGW(CFG_CMD, 0, 0x3);
	CFG(CFG_CMD, v);
	CHECK_EQ(v & (CMD_MEM | CMD_MASTER), 0);
	CFGW(CFG_CMD, CMD_MEM | CMD_MASTER, 0x3);
	CFG(CFG_CMD, v);
	CHECK_EQ(v & (CMD_MEM | CMD_MASTER), CMD_MEM | CMD_MASTER);
	CFGW(CFG_CMD, cmd & 0xffff, 0x3);
	return 1;
}

static int t_cfg_rw1c(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v, ctl;
	uint64_t d;

	CHECK(hx_enumerate(x));
	CFG(PCIE + 8, v);
	ctl = v & 0xffff;
	CFGW(PCIE + 8, DEVSTA_URD, 0xc);	/* clear a stale URD */
	CFG(PCIE + 8, v);
	CHECK_EQ(v & DEVSTA_URD, 0);
	CHECK_EQ(hx_rd(h, HX_NOBAR, 4, &d), VFN_CPL_UR);
	CFG(PCIE + 8, v);
	CHECK_EQ(v & DEVSTA_URD, DEVSTA_URD);	/* set by the UR */
	CFGW(PCIE + 8, 0, 0xc);			/* writing 0 keeps it */
	CFG(PCIE + 8, v);
	CHECK_EQ(v & DEVSTA_URD, DEVSTA_URD);
	CFGW(PCIE + 8, DEVSTA_URD, 0xc);	/* writing 1 clears it */
	CFG(PCIE + 8, v);
	CHECK_EQ(v & DEVSTA_URD, 0);
	CHECK_EQ(v & 0xffff, ctl);		/* Device Control untouched */
	return 1;
}

/* ---- BAR0 registers ---- */

static int t_mmio_ids(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t caps;

	CHECK(hx_enumerate(x));
	CHECK_EQ(hx_reg(h, VFNIC_REG_ID), VFNIC_DEV_ID_MAGIC);
	CHECK_EQ(hx_reg(h, VFNIC_REG_VERSION), VFNIC_VERSION);
	caps = hx_reg(h, VFNIC_REG_CAPS);
	CHECK_EQ((caps & VFNIC_CAPS_MSIX_VECTORS_MASK) >>
		 VFNIC_CAPS_MSIX_VECTORS_SHIFT, NVEC);
	return 1;
}

static int t_mmio_ro(struct hx_ctx *x)
{
	static const unsigned regs[] = {
		VFNIC_REG_ID, VFNIC_REG_VERSION, VFNIC_REG_CAPS,
		VFNIC_REG_MSIX_SENT, VFNIC_REG_MSIX_DROPPED,
		VFNIC_REG_UR_COUNT, VFNIC_REG_CPL_UNEXPECTED,
	};
	struct hx_host *h = &x->main;
	unsigned i;

	CHECK(hx_enumerate(x));
	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		uint32_t before = hx_reg(h, regs[i]);

		hx_reg_wr(h, regs[i], ~before);
		CHECK_EQ(hx_reg(h, regs[i]), before);
	}
	return 1;
}

static int t_mmio_scratch32(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	int i;

	CHECK(hx_enumerate(x));
	for (i = 0; i < 64; i++) {
		uint32_t a = rnd32(x), b = rnd32(x);

		hx_reg_wr(h, VFNIC_REG_SCRATCH, a);
		hx_reg_wr(h, VFNIC_REG_SCRATCH_HI, b);
		CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH), a);
		CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH_HI), b);
	}
	return 1;
}

static int t_mmio_scratch64(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	int i;

	CHECK(hx_enumerate(x));
	for (i = 0; i < 32; i++) {
		uint64_t v = hx_rand(&x->rng), got;

		CHECK(hx_wr(h, HX_BAR0 + VFNIC_REG_SCRATCH, 8, v) == 0);
		CHECK_EQ(hx_rd(h, HX_BAR0 + VFNIC_REG_SCRATCH, 8, &got), 0);
		CHECK_EQ(h->cpl_ndw, 2);
		CHECK_EQ(got, v);
		CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH), (uint32_t)v);
		CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH_HI), (uint32_t)(v >> 32));
	}
	return 1;
}

/* several reads in flight with the same client tag: the model remaps */
static int t_mmio_pipelined(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	const unsigned n = 32;
	uint32_t hdr[4], v = rnd32(x);
	long long deadline;
	unsigned i;

	CHECK(hx_enumerate(x));
	hx_reg_wr(h, VFNIC_REG_SCRATCH, v);
	h->want_tag = -2;
	h->ncpls = 0;
	for (i = 0; i < n; i++) {
		unsigned off = i & 1 ? VFNIC_REG_SCRATCH : VFNIC_REG_ID;

		vfn_tlp_mem(hdr, false, HX_BAR0 + off, 1, 0xf, 0, HX_RC_ID,
			    i < n / 2 ? 0x55 : (uint8_t)i);
		CHECK(hx_send_tlp(h, hdr, NULL, 0) == 0);
	}
	deadline = hx_now_ns() + 5000000000LL;
	while (h->ncpls < n && hx_now_ns() < deadline)
		CHECK(hx_pump(h, 100) >= 0);
	h->want_tag = -1;
	CHECK_EQ(h->ncpls, n);
	for (i = 0; i < n; i++) {
		const uint32_t *c = h->cpls[i];

		CHECK_EQ(vfn_tlp_cpl_tag(c), i < n / 2 ? 0x55 : i);
		CHECK_EQ(vfn_tlp_cpl_req_id(c), HX_RC_ID);
		CHECK_EQ(vfn_tlp_cpl_status(c), VFN_CPL_SC);
		CHECK_EQ(c[4], i & 1 ? v : VFNIC_DEV_ID_MAGIC);
	}
	/* more reads than the model has tags */
	for (i = 0; i < 300; i++)
		CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH), v);
	return 1;
}

static int t_mmio_hole(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t c0, scratch = rnd32(x), off = 0;
	int i, n = 0;

	CHECK(hx_enumerate(x));
	hx_reg_wr(h, VFNIC_REG_SCRATCH, scratch);
	c0 = hx_reg(h, VFNIC_REG_BAD_ACCESS_COUNT);
	for (i = 0; i < 16; i++) {
		const unsigned *r = vfnic_tb_bar0_holes[rnd32(x) % VFNIC_TB_BAR0_NHOLES];

		off = r[0] + (rnd32(x) % (r[1] - r[0]) & ~3u);
		CHECK_EQ(hx_reg(h, off), 0);
		n++;
		if (i & 1) {
			hx_reg_wr(h, off, rnd32(x));
			n++;
		}
	}
	CHECK_EQ(hx_reg(h, VFNIC_REG_BAD_ACCESS_COUNT), c0 + n);
	CHECK_EQ(hx_reg(h, VFNIC_REG_BAD_ACCESS_ADDR), off);
	CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH), scratch);
	return 1;
}

static int t_bar0_high(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v = rnd32(x);
	uint64_t d;

	CHECK(hx_enumerate(x));
	CFGW(CFG_BAR(0), (uint32_t)HX_BAR0_HI, 0xf);
	CFGW(CFG_BAR(1), (uint32_t)(HX_BAR0_HI >> 32), 0xf);
	CHECK(hx_wr(h, HX_BAR0_HI + VFNIC_REG_SCRATCH, 4, v) == 0);
	CHECK_EQ(hx_rd(h, HX_BAR0_HI + VFNIC_REG_ID, 4, &d), 0);
	CHECK_EQ(d, VFNIC_DEV_ID_MAGIC);
	CHECK_EQ(hx_rd(h, HX_BAR0_HI + VFNIC_REG_SCRATCH, 4, &d), 0);
	CHECK_EQ(d, v);
	CHECK_EQ(hx_rd(h, HX_BAR0 + VFNIC_REG_ID, 4, &d), VFN_CPL_UR);
	CFGW(CFG_BAR(0), (uint32_t)HX_BAR0, 0xf);
	CFGW(CFG_BAR(1), (uint32_t)(HX_BAR0 >> 32), 0xf);
	CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH), v);
	return 1;
}

/* ---- unsupported requests ---- */

static int t_ur_nobar(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t ur0, hdr[4];
	uint64_t d;

	CHECK(hx_enumerate(x));
	ur0 = hx_reg(h, VFNIC_REG_UR_COUNT);
	CHECK_EQ(hx_rd(h, HX_NOBAR, 4, &d), VFN_CPL_UR);
	CHECK_EQ(h->cpl_ndw, 0);
	CHECK_EQ(vfn_tlp_cpl_tag(h->cpl_hdr), (uint8_t)(h->tag - 1));
	CHECK_EQ(hx_rd(h, HX_BAR2 + (1u << VFNIC_PF_MSIX_BAR_SIZE_LOG2), 4, &d),
		 VFN_CPL_UR);			/* just past BAR2 */
	CHECK(hx_wr(h, HX_NOBAR, 4, 1) == 0);	/* posted: dropped, counted */
	/* an I/O read: the device has no I/O BAR */
	hdr[0] = (uint32_t)VFN_TLP_IORD << 24 | 1;
	hdr[1] = (HX_RC_ID << 16) | 0xf;
	hdr[2] = 0x1000;
	hdr[3] = 0;
	CHECK_EQ(hx_request(h, hdr, NULL, 0), 0);
	CHECK_EQ(vfn_tlp_cpl_status(h->cpl_hdr), VFN_CPL_UR);
	CHECK_EQ(hx_reg(h, VFNIC_REG_UR_COUNT), ur0 + 4);
	return 1;
}

static int t_ur_mse_off(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint64_t d;

	CHECK(hx_enumerate(x));
	CFGW(CFG_CMD, CMD_MASTER, 0x3);
	CHECK_EQ(hx_rd(h, HX_BAR0 + VFNIC_REG_ID, 4, &d), VFN_CPL_UR);
	CHECK_EQ(hx_rd(h, HX_BAR2, 4, &d), VFN_CPL_UR);
	CFGW(CFG_CMD, CMD_MEM | CMD_MASTER, 0x3);
	CHECK_EQ(hx_reg(h, VFNIC_REG_ID), VFNIC_DEV_ID_MAGIC);
	return 1;
}

/* ---- MSI-X ---- */

static uint64_t random_msi_addr(struct hx_ctx *x)
{
	if (hx_rand(&x->rng) & 1)
		return HX_MSI_BASE + (hx_rand(&x->rng) % HX_MSI_SIZE & ~3ull);
	return HX_MEM_BASE + (hx_rand(&x->rng) % HX_MEM_SIZE & ~3ull);
}

static uint64_t msi_addr[NVEC];
static uint32_t msi_data[NVEC];

static int program_table(struct hx_ctx *x, int mask)
{
	struct hx_host *h = &x->main;
	unsigned v;

	for (v = 0; v < NVEC; v++) {
		msi_addr[v] = random_msi_addr(x);
		msi_data[v] = rnd32(x);
		wr32(h, msix_entry(v, 0), (uint32_t)msi_addr[v]);
		wr32(h, msix_entry(v, 1), (uint32_t)(msi_addr[v] >> 32));
		wr32(h, msix_entry(v, 2), msi_data[v]);
		wr32(h, msix_entry(v, 3), mask ? 1 : 0);
	}
	return 1;
}

static int msix_ctl(struct hx_ctx *x, uint32_t bits)
{
	struct hx_host *h = &x->main;

	CFGW(MSIX, bits, 0x8);	/* byte 3: Enable, Function Mask */
	return 1;
}

static uint32_t pba(struct hx_host *h)
{
	return (uint32_t)rd32(h, HX_BAR2 + VFNIC_MSIX_PBA_OFFSET);
}

/* wait until the host has received n device writes (or give up) */
static int wait_mwr(struct hx_host *h, unsigned n)
{
	long long deadline = hx_now_ns() + 2000000000LL;

	while (h->nmwr < n && hx_now_ns() < deadline)
		if (hx_pump(h, 50) < 0)
			return 0;
	return h->nmwr >= n;
}

static int check_msi(struct hx_host *h, unsigned idx, unsigned v)
{
	const struct hx_mwr *w = &h->mwr[idx];

	CHECK_EQ(w->addr, msi_addr[v]);
	CHECK_EQ(w->ndw, 1);
	CHECK_EQ(w->fbe, 0xf);
	CHECK_EQ(w->data[0], msi_data[v]);
	CHECK_EQ(w->rid, HX_DEVID);
	return 1;
}

/* a few round trips, so anything the device was about to send arrives */
static void settle(struct hx_host *h)
{
	int i;

	for (i = 0; i < 4; i++)
		(void)hx_reg(h, VFNIC_REG_ID);
}

static int t_msix_table(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	unsigned v;

	CHECK(hx_enumerate(x));
	CHECK(msix_ctl(x, 0));
	for (v = 0; v < NVEC; v++)	/* masked after reset */
		CHECK_EQ(rd32(h, msix_entry(v, 3)) & 1, 1);
	CHECK(program_table(x, 1));
	for (v = 0; v < NVEC; v++) {
		CHECK_EQ(rd32(h, msix_entry(v, 0)), (uint32_t)msi_addr[v]);
		CHECK_EQ(rd32(h, msix_entry(v, 1)), (uint32_t)(msi_addr[v] >> 32));
		CHECK_EQ(rd32(h, msix_entry(v, 2)), msi_data[v]);
		CHECK_EQ(rd32(h, msix_entry(v, 3)) & 1, 1);
	}
	CHECK_EQ(pba(h), 0);
	return 1;
}

static int t_msix_irq(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	unsigned order[NVEC], i, sent0;

	CHECK(hx_enumerate(x));
	CHECK(program_table(x, 0));
	CHECK(msix_ctl(x, MSIX_EN));
	for (i = 0; i < NVEC; i++)
		order[i] = i;
	for (i = NVEC - 1; i > 0; i--) {
		unsigned j = (unsigned)(hx_rand(&x->rng) % (i + 1)), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	sent0 = hx_reg(h, VFNIC_REG_MSIX_SENT);
	hx_clear_log(h);
	for (i = 0; i < NVEC; i++) {
		hx_reg_wr(h, VFNIC_REG_IRQ_TEST, order[i]);
		CHECK(wait_mwr(h, i + 1));
		CHECK(check_msi(h, i, order[i]));
	}
	CHECK_EQ(hx_reg(h, VFNIC_REG_MSIX_SENT), sent0 + NVEC);
	CHECK_EQ(pba(h), 0);
	CHECK(msix_ctl(x, 0));
	return 1;
}

/* a masked vector stays pending (PBA) and is sent on unmask */
static int masked_irq(struct hx_ctx *x, int function_mask)
{
	struct hx_host *h = &x->main;
	unsigned v = (unsigned)(hx_rand(&x->rng) % NVEC);
	int i;

	CHECK(hx_enumerate(x));
	CHECK(program_table(x, 0));
	if (function_mask)
		CHECK(msix_ctl(x, MSIX_EN | MSIX_FMASK));
	else
		wr32(h, msix_entry(v, 3), 1);
	CHECK(msix_ctl(x, function_mask ? MSIX_EN | MSIX_FMASK : MSIX_EN));
	hx_clear_log(h);
	hx_reg_wr(h, VFNIC_REG_IRQ_TEST, v);
	for (i = 0; i < 50 && !(pba(h) & (1u << v)); i++)
		;
	CHECK_EQ(pba(h), 1u << v);
	settle(h);
	CHECK_EQ(h->nmwr, 0);
	if (function_mask)
		CHECK(msix_ctl(x, MSIX_EN));
	else
		wr32(h, msix_entry(v, 3), 0);
	CHECK(wait_mwr(h, 1));
	CHECK(check_msi(h, 0, v));
	CHECK_EQ(pba(h), 0);
	settle(h);
	CHECK_EQ(h->nmwr, 1);
	CHECK(msix_ctl(x, 0));
	return 1;
}

static int t_msix_fmask(struct hx_ctx *x)
{
	return masked_irq(x, 1);
}

static int t_msix_vmask(struct hx_ctx *x)
{
	return masked_irq(x, 0);
}

static int t_msix_dropped(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t d0, s0;

	CHECK(hx_enumerate(x));
	CHECK(program_table(x, 0));
	CHECK(msix_ctl(x, 0));
	d0 = hx_reg(h, VFNIC_REG_MSIX_DROPPED);
	s0 = hx_reg(h, VFNIC_REG_MSIX_SENT);
	hx_clear_log(h);
	hx_reg_wr(h, VFNIC_REG_IRQ_TEST, 0);	/* MSI-X disabled */
	settle(h);
	CHECK_EQ(hx_reg(h, VFNIC_REG_MSIX_DROPPED), d0 + 1);
	CHECK(msix_ctl(x, MSIX_EN));
	hx_reg_wr(h, VFNIC_REG_IRQ_TEST, NVEC);	/* beyond the table */
	settle(h);
	CHECK_EQ(hx_reg(h, VFNIC_REG_MSIX_DROPPED), d0 + 2);
	CHECK_EQ(hx_reg(h, VFNIC_REG_MSIX_SENT), s0);
	CHECK_EQ(h->nmwr, 0);
	CHECK_EQ(pba(h), 0);
	CHECK(msix_ctl(x, 0));
	return 1;
}

/* ---- DMA test engine ---- */

#define DMA_DONE	VFNIC_DMA_CTRL_DONE_MASK
#define DMA_ERROR	VFNIC_DMA_CTRL_ERROR_MASK
#define DMA_BUSY	VFNIC_DMA_CTRL_START_MASK

static void dma_setup(struct hx_host *h, uint64_t src, uint64_t dst,
		      unsigned len)
{
	hx_reg_wr(h, VFNIC_REG_DMA_SRC_LO, (uint32_t)src);
	hx_reg_wr(h, VFNIC_REG_DMA_SRC_HI, (uint32_t)(src >> 32));
	hx_reg_wr(h, VFNIC_REG_DMA_DST_LO, (uint32_t)dst);
	hx_reg_wr(h, VFNIC_REG_DMA_DST_HI, (uint32_t)(dst >> 32));
	hx_reg_wr(h, VFNIC_REG_DMA_LEN, len);
}

/* START, then poll until DONE or ERROR; returns DMA_CTRL (0 on timeout) */
static uint32_t dma_run(struct hx_host *h, uint32_t extra)
{
	long long deadline = hx_now_ns() + 3000000000LL;
	uint32_t c;

	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_DONE | DMA_ERROR);	/* RW1C */
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_BUSY | extra);
	do {
		c = hx_reg(h, VFNIC_REG_DMA_CTRL);
		if (c == 0xdeadbeef)
			return 0;
		if (c & (DMA_DONE | DMA_ERROR))
			return c;
	} while (hx_now_ns() < deadline);
	hx_diag("DMA did not finish: DMA_CTRL %#x", c);
	return 0;
}

/* a DW-aligned buffer in host memory that does not cross 4 KiB (a TLP
 * may not, and the engine refuses such a copy) */
static uint64_t mem_addr(struct hx_ctx *x, unsigned len)
{
	uint64_t a;

	do {
		a = HX_MEM_BASE + (hx_rand(&x->rng) % (HX_MEM_SIZE - len) & ~3ull);
	} while ((a & 0xfff) + len > 0x1000);
	return a;
}

static int t_dma_copy(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	int it;

	CHECK(hx_enumerate(x));
	for (it = 0; it < 24; it++) {
		unsigned len = 4 * (1 + (unsigned)(hx_rand(&x->rng) %
					  (VFNIC_DMA_TEST_MAX_BYTES / 4)));
		uint64_t src = mem_addr(x, len), dst;
		uint8_t expect[VFNIC_DMA_TEST_MAX_BYTES];
		uint32_t c;
		unsigned i;

		if (it == 0)
			len = VFNIC_DMA_TEST_MAX_BYTES;
		do {
			dst = mem_addr(x, len);
		} while (dst + len > src && src + len > dst);
		for (i = 0; i < len; i++)
			hx_mem[src - HX_MEM_BASE + i] = (uint8_t)hx_rand(&x->rng);
		memcpy(expect, &hx_mem[src - HX_MEM_BASE], len);
		memset(&hx_mem[dst - HX_MEM_BASE], 0xa5, len);
		dma_setup(h, src, dst, len);
		hx_clear_log(h);
		c = dma_run(h, 0);
		if (c != DMA_DONE)
			hx_diag("copy %u bytes %#llx -> %#llx: DMA_CTRL %#x", len,
				(unsigned long long)src, (unsigned long long)dst, c);
		CHECK_EQ(c & (DMA_DONE | DMA_ERROR | VFNIC_DMA_CTRL_CPL_STATUS_MASK),
			 DMA_DONE);
		CHECK_EQ(h->nmrd, 1);
		CHECK_EQ(vfn_tlp_req_id(h->mrd[0]), HX_DEVID);
		CHECK_EQ(vfn_tlp_addr(h->mrd[0]), src);
		CHECK_EQ(vfn_tlp_len_dw(h->mrd[0]), len / 4);
		CHECK_EQ(h->nmwr, 1);
		CHECK_EQ(h->mwr[0].rid, HX_DEVID);
		CHECK_EQ(h->mwr[0].addr, dst);
		CHECK_EQ(h->mwr[0].ndw, len / 4);
		CHECK(memcmp(&hx_mem[dst - HX_MEM_BASE], expect, len) == 0);
		/* DONE is RW1C */
		hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_DONE);
		CHECK_EQ(hx_reg(h, VFNIC_REG_DMA_CTRL) & DMA_DONE, 0);
	}
	return 1;
}

static int t_dma_irq(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	unsigned v = (unsigned)(hx_rand(&x->rng) % NVEC);
	uint64_t src = mem_addr(x, 16), dst = mem_addr(x, 16);
	uint32_t c;

	CHECK(hx_enumerate(x));
	CHECK(program_table(x, 0));
	CHECK(msix_ctl(x, MSIX_EN));
	dma_setup(h, src, dst, 16);
	hx_clear_log(h);
	c = dma_run(h, VFNIC_DMA_CTRL_IRQ_EN_MASK |
		       (v << VFNIC_DMA_CTRL_IRQ_VECTOR_SHIFT));
	CHECK_EQ(c & (DMA_DONE | DMA_ERROR), DMA_DONE);
	CHECK(wait_mwr(h, 2));			/* the copy, then the MSI-X */
	CHECK_EQ(h->mwr[0].addr, dst);
	CHECK(check_msi(h, 1, v));
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_DONE);
	CHECK(msix_ctl(x, 0));
	return 1;
}

static int t_dma_badlen(struct hx_ctx *x)
{
	static const unsigned lens[] = { 0, 3, 6, VFNIC_DMA_TEST_MAX_BYTES + 4 };
	struct hx_host *h = &x->main;
	unsigned i;

	CHECK(hx_enumerate(x));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint32_t c;

		dma_setup(h, mem_addr(x, 128), mem_addr(x, 128), lens[i]);
		hx_clear_log(h);
		c = dma_run(h, 0);
		if (!(c & DMA_ERROR))
			hx_diag("DMA_LEN %u: DMA_CTRL %#x", lens[i], c);
		CHECK_EQ(c & (DMA_DONE | DMA_ERROR), DMA_ERROR);
		CHECK_EQ(h->nmrd + h->nmwr, 0);
		hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_ERROR);
	}
	/* source or destination crossing a 4 KiB boundary */
	for (i = 0; i < 2; i++) {
		uint64_t cross = HX_MEM_BASE + 0x3000 - 8, ok = mem_addr(x, 16);
		uint32_t c;

		dma_setup(h, i ? ok : cross, i ? cross : ok, 16);
		hx_clear_log(h);
		c = dma_run(h, 0);
		CHECK_EQ(c & (DMA_DONE | DMA_ERROR), DMA_ERROR);
		CHECK_EQ(h->nmrd + h->nmwr, 0);
		hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_ERROR);
	}
	/* a misaligned address */
	{
		uint32_t c;

		dma_setup(h, mem_addr(x, 16) + 2, mem_addr(x, 16), 16);
		hx_clear_log(h);
		c = dma_run(h, 0);
		CHECK_EQ(c & (DMA_DONE | DMA_ERROR), DMA_ERROR);
		CHECK_EQ(h->nmrd + h->nmwr, 0);
		hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_ERROR);
	}
	return 1;
}

static int t_dma_window(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	const uint64_t outside = 0x50000000ull;	/* no window of ours */
	uint64_t src = mem_addr(x, 32);
	uint32_t c;

	CHECK(hx_enumerate(x));
	/* read outside: the model completes it with UR */
	dma_setup(h, outside, mem_addr(x, 32), 32);
	hx_clear_log(h);
	c = dma_run(h, 0);
	CHECK_EQ(c & (DMA_DONE | DMA_ERROR), DMA_ERROR);
	CHECK_EQ((c & VFNIC_DMA_CTRL_CPL_STATUS_MASK) >>
		 VFNIC_DMA_CTRL_CPL_STATUS_SHIFT, VFN_CPL_UR);
	CHECK_EQ(h->nmrd + h->nmwr, 0);
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_ERROR);
	/* write outside: posted, so the engine finishes; the model drops it */
	dma_setup(h, src, outside, 32);
	hx_clear_log(h);
	c = dma_run(h, 0);
	CHECK_EQ(c & (DMA_DONE | DMA_ERROR), DMA_DONE);
	settle(h);
	CHECK_EQ(h->nmrd, 1);
	CHECK_EQ(h->nmwr, 0);
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_DONE);
	return 1;
}

static int t_dma_bme(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint64_t src = mem_addr(x, 8), dst = mem_addr(x, 8);
	uint32_t c;
	int i;

	CHECK(hx_enumerate(x));
	CFGW(CFG_CMD, CMD_MEM, 0x3);
	dma_setup(h, src, dst, 8);
	hx_clear_log(h);
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_DONE | DMA_ERROR);
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_BUSY);
	for (i = 0; i < 20; i++) {
		c = hx_reg(h, VFNIC_REG_DMA_CTRL);
		CHECK_EQ(c & (DMA_BUSY | DMA_DONE | DMA_ERROR), DMA_BUSY);
	}
	CHECK_EQ(h->nmrd + h->nmwr, 0);
	CFGW(CFG_CMD, CMD_MEM | CMD_MASTER, 0x3);
	for (i = 0; i < 1000; i++) {
		c = hx_reg(h, VFNIC_REG_DMA_CTRL);
		if (c & (DMA_DONE | DMA_ERROR))
			break;
	}
	CHECK_EQ(c & (DMA_BUSY | DMA_DONE | DMA_ERROR), DMA_DONE);
	CHECK_EQ(h->nmrd, 1);
	hx_reg_wr(h, VFNIC_REG_DMA_CTRL, DMA_DONE);
	return 1;
}

/* ---- reset ---- */

static int t_reset(struct hx_ctx *x)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	CHECK(hx_enumerate(x));
	hx_reg_wr(h, VFNIC_REG_SCRATCH, rnd32(x) | 1);
	hx_reg_wr(h, VFNIC_REG_DMA_LEN, 8);
	CHECK(msix_ctl(x, MSIX_EN));
	CHECK_EQ(hx_reset(h), 0);
	x->enumerated = 0;
	CFG(CFG_CMD, v);
	CHECK_EQ(v & 0xffff & ~0x400u, 0);	/* INTx disable may be RO 0 */
	CFG(CFG_BAR(0), v);
	CHECK_EQ(v, 0x4);
	CFG(MSIX, v);
	CHECK_EQ(v & (MSIX_EN | MSIX_FMASK), 0);
	CHECK(hx_enumerate(x));
	CHECK_EQ(hx_reg(h, VFNIC_REG_SCRATCH), 0);
	CHECK_EQ(hx_reg(h, VFNIC_REG_DMA_LEN), 0);
	CHECK_EQ(hx_reg(h, VFNIC_REG_BAD_ACCESS_COUNT), 0);
	return 1;
}

const struct hx_test hx_dev_tests[] = {
	{ "ping", "PING answered by PONG with its seq", t_ping, 0 },
	{ "cfg-ids", "config: IDs, class, header type, subsystem", t_cfg_ids, 0 },
	{ "cfg-caps", "config: capability chain PCIe -> PM -> MSI-X", t_cfg_caps, 0 },
	{ "cfg-pcie", "config: PCIe capability v2 endpoint, DevCtl defaults",
	  t_cfg_pcie, 0 },
	{ "cfg-pm", "config: PM capability, D0", t_cfg_pm, 0 },
	{ "cfg-msix", "config: MSI-X capability, table/PBA BIR and offsets",
	  t_cfg_msix, 0 },
	{ "cfg-ext", "config: extended capabilities (ARI, SR-IOV), rest reads 0", t_cfg_ext, 0 },
	{ "bar0-size", "BAR0 sizing: all-ones, 64 KiB, 64-bit, restore",
	  t_bar0_size, 0 },
	{ "bar2-size", "BAR2 sizing: all-ones, 16 KiB, 64-bit, restore",
	  t_bar2_size, 0 },
	{ "bar-unused", "BAR4/5 and expansion ROM not implemented", t_bar_unused, 0 },
	{ "bar-assign", "assign BAR0/BAR2, enable memory + bus master",
	  t_bar_assign, 0 },
	{ "cfg-ro", "config: RO registers keep their value after writes",
	  t_cfg_ro, 0 },
	{ "cfg-rw", "config: RW Interrupt Line and Command bits", t_cfg_rw, 0 },
	{ "cfg-rw1c", "config: Device Status URD set by UR, RW1C", t_cfg_rw1c, 0 },
	{ "mmio-ids", "MMIO: ID, VERSION, CAPS", t_mmio_ids, 0 },
	{ "mmio-ro", "MMIO: RO registers ignore writes", t_mmio_ro, 0 },
	{ "mmio-scratch32", "MMIO: SCRATCH/SCRATCH_HI 32-bit random", t_mmio_scratch32, 0 },
	{ "mmio-scratch64", "MMIO: SCRATCH 64-bit random", t_mmio_scratch64, 0 },
	{ "mmio-pipelined", "MMIO: 32 reads in flight, client tags restored; 300 reads",
	  t_mmio_pipelined, 0 },
	{ "mmio-hole", "MMIO: BAR0 holes read 0, count BAD_ACCESS", t_mmio_hole, 0 },
	{ "bar0-high", "BAR0 moved above 4 GiB: 4DW requests, old address UR",
	  t_bar0_high, 0 },
	{ "ur-nobar", "UR: MRd/MWr outside any BAR, IORd; UR_COUNT", t_ur_nobar, 0 },
	{ "ur-mse-off", "UR: MRd with Memory Space Enable clear", t_ur_mse_off, 0 },
	{ "msix-table", "MSI-X: table reset masked, program random entries",
	  t_msix_table, 0 },
	{ "msix-irq", "MSI-X: IRQ_TEST delivers address, data, RID", t_msix_irq, 0 },
	{ "msix-fmask", "MSI-X: function mask holds, PBA, unmask delivers",
	  t_msix_fmask, 0 },
	{ "msix-vmask", "MSI-X: vector mask holds, PBA, unmask delivers",
	  t_msix_vmask, 0 },
	{ "msix-dropped", "MSI-X: disabled or vector out of range -> MSIX_DROPPED",
	  t_msix_dropped, 0 },
	{ "dma-copy", "DMA: 24 random copies, data and RID checked", t_dma_copy, 0 },
	{ "dma-irq", "DMA: IRQ_EN raises the vector after the copy", t_dma_irq, 0 },
	{ "dma-badlen", "DMA: bad length, 4 KiB crossing, misaligned -> ERROR", t_dma_badlen, 0 },
	{ "dma-window", "DMA: outside the client's windows refused by the model",
	  t_dma_window, 0 },
	{ "dma-bme", "DMA: waits for Bus Master Enable", t_dma_bme, 0 },
	{ "reset", "RESET restores defaults", t_reset, 0 },
	{ NULL, NULL, NULL, 0 },
};
