/* SPDX-License-Identifier: MIT */
/*
 * vfnic harness: SR-IOV through the model (docs/sriov.md, docs/transport.md
 * "VF clients"). The main TEST client is the PF's host: it enables VFs and
 * programs the VF BARs; VF clients (VFN_ROLE_VF) then reach their VF with
 * BAR-relative requests. An RTL without the SR-IOV capability fails these
 * tests (found by walking the extended capability list).
 */
#include <string.h>

#include "hx.h"

#define SRIOV_ID	0x0010u
#define SR_CTRL		0x08u
#define SR_TOTAL	0x0cu
#define SR_NUMVFS	0x10u
#define SR_OFFSET	0x14u
#define SR_PAGE		0x20u
#define SR_BAR(k)	(0x24u + 4 * (k))
#define SR_VFE		0x0001u
#define SR_MSE		0x0008u
#define VF_SLICE	VFNIC_VF_BAR0_SIZE	/* per VF, with 4 KiB pages */
#define MSIX_EN		(1u << 31)

static uint16_t vf_id(const struct hx_sriov *s, unsigned n)
{
	return (uint16_t)(HX_DEVID + s->first + n * s->stride);
}

unsigned hx_sriov_vf_func(const struct hx_sriov *s, unsigned n)
{
	return s->first + n * s->stride;
}

/* walk the PF's extended capabilities for SR-IOV */
static int find_sriov(struct hx_host *h, struct hx_sriov *s)
{
	unsigned off = 0x100, guard;
	uint32_t v;

	memset(s, 0, sizeof(*s));
	for (guard = 0; guard < 64 && off >= 0x100; guard++) {
		CHECK_EQ(hx_cfg_rd(h, off, &v), 0);
		if (v == 0 || v == 0xffffffffu)
			break;
		if ((v & 0xffff) == SRIOV_ID) {
			s->cap = off;
			break;
		}
		off = (v >> 20) & 0xffc;
	}
	if (!s->cap) {
		hx_diag("the RTL has no SR-IOV capability (extended list "
			"from 0x100)");
		return 0;
	}
	CHECK_EQ(hx_cfg_rd(h, s->cap + SR_TOTAL, &v), 0);
	s->total = v >> 16;
	CHECK_EQ(hx_cfg_rd(h, s->cap + SR_OFFSET, &v), 0);
	s->first = v & 0xffff;
	s->stride = v >> 16;
	CHECK(s->total >= 1 && s->stride >= 1);
	return 1;
}

/* the PF host: nvfs VFs enabled, VF BARs at HX_VFBAR0/2, VF MSE on */
int hx_sriov_setup(struct hx_ctx *x, struct hx_sriov *s, unsigned nvfs)
{
	struct hx_host *h = &x->main;
	uint32_t v;

	CHECK(hx_enumerate(x));
	CHECK(find_sriov(h, s));
	if (!nvfs || nvfs > s->total)
		nvfs = s->total;
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_CTRL, 0, 0x3), 0);
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_PAGE, 0x1, 0xf), 0);	/* 4 KiB */
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_NUMVFS, nvfs, 0x3), 0);
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_BAR(0), (uint32_t)HX_VFBAR0, 0xf), 0);
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_BAR(1), (uint32_t)(HX_VFBAR0 >> 32),
			   0xf), 0);
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_BAR(2), (uint32_t)HX_VFBAR2, 0xf), 0);
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_BAR(3), (uint32_t)(HX_VFBAR2 >> 32),
			   0xf), 0);
	CHECK_EQ(hx_cfg_wr(h, s->cap + SR_CTRL, SR_VFE | SR_MSE, 0x3), 0);
	CHECK_EQ(hx_cfg_rd(h, s->cap + SR_CTRL, &v), 0);
	CHECK_EQ(v & (SR_VFE | SR_MSE), SR_VFE | SR_MSE);
	CHECK_EQ(hx_cfg_rd(h, s->cap + SR_NUMVFS, &v), 0);
	CHECK_EQ(v & 0xffff, nvfs);
	return 1;
}

int hx_sriov_disable(struct hx_ctx *x, const struct hx_sriov *s)
{
	CHECK_EQ(hx_cfg_wr(&x->main, s->cap + SR_CTRL, 0, 0x3), 0);
	return 1;
}

int hx_vf_connect(struct hx_ctx *x, struct hx_host *v, unsigned func,
		      const char *name)
{
	char err[256];
	int r;

	v->rng = &x->rng;
	r = hx_connect_vf(v, x->sock, name, func, err, sizeof(err));
	if (r) {
		hx_diag("VF client for function %u refused: %d (%s)", func, r,
			err);
		return 0;
	}
	hx_diag("VF client: %s", v->c.welcome.text);
	return 1;
}

/* HELLO as a VF client that must be refused with want */
static int vf_refused(struct hx_ctx *x, unsigned func, int want)
{
	struct hx_host v;
	char err[256];
	int r;

	v.rng = &x->rng;
	r = hx_connect_vf(&v, x->sock, "vf-refused", func, err, sizeof(err));
	hx_close(&v);
	hx_diag("VF HELLO for function %u: %d (%s)", func, r, err);
	CHECK_EQ(r, want);
	return 1;
}

static uint32_t vf_reg(struct hx_host *v, unsigned off)
{
	uint64_t val;
	int r = hx_vf_rd(v, 0, off, 4, &val);

	if (r != 0) {
		hx_diag("%s: read VF BAR0+%#x: %d", v->name, off, r);
		hx_reg_failures++;
		return 0xdeadbeef;
	}
	return (uint32_t)val;
}

/*
 * VF n's register at its bus address, through the PF host. Memory requests
 * are decoded by address; `func` only says which function the client acts
 * for, so the PF host sends them as the PF, even to a VF a VF client holds.
 */
static int pf_vf_rd(struct hx_ctx *x, unsigned n, unsigned off, uint32_t *val)
{
	uint64_t v;
	int r = hx_rd(&x->main, HX_VFBAR0 + (uint64_t)n * VF_SLICE + off, 4, &v);

	*val = (uint32_t)v;
	return r;
}

static int pf_vf_wr(struct hx_ctx *x, unsigned n, unsigned off, uint32_t val)
{
	return hx_wr(&x->main, HX_VFBAR0 + (uint64_t)n * VF_SLICE + off, 4, val);
}

/* VF client's BAR0 is its own register block; scratch isolated */
static int vf_regs_check(struct hx_ctx *x, const struct hx_sriov *s,
			 struct hx_host *v, unsigned n)
{
	uint32_t mine = (uint32_t)hx_rand(&x->rng), other, pfv;
	unsigned m = n ? n - 1 : n + 1;	/* a neighbour, if enabled */

	CHECK_EQ(vf_reg(v, VFNIC_REG_ID), VFNIC_REG_ID_RESET);
	CHECK_EQ(vf_reg(v, VFNIC_REG_FUNC) & VFNIC_FUNC_NUMBER_MASK,
		 hx_sriov_vf_func(s, n));
	other = ~mine;
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_SCRATCH, 4, mine), 0);
	if (m < s->total) {
		CHECK_EQ(pf_vf_wr(x, m, VFNIC_REG_SCRATCH, other), 0);
		CHECK_EQ(pf_vf_rd(x, m, VFNIC_REG_SCRATCH, &pfv), 0);
		CHECK_EQ(pfv, other);
	}
	hx_reg_wr(&x->main, VFNIC_REG_SCRATCH, mine ^ 0x5a5a5a5a);
	CHECK_EQ(vf_reg(v, VFNIC_REG_SCRATCH), mine);
	CHECK_EQ(hx_reg(&x->main, VFNIC_REG_SCRATCH), mine ^ 0x5a5a5a5a);
	/* the PF host sees the same register at the VF's bus address */
	CHECK_EQ(pf_vf_rd(x, n, VFNIC_REG_SCRATCH, &pfv), 0);
	CHECK_EQ(pfv, mine);
	return 1;
}

static int t_sriov_mmio(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	struct hx_sriov s;

	CHECK(hx_sriov_setup(x, &s, 4));
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 1), "vf1"));
	CHECK_EQ(v->c.welcome.total_vfs, s.total);
	CHECK(vf_regs_check(x, &s, v, 1));
	CHECK_EQ(x->main.unexpected + v->unexpected, 0);
	return hx_sriov_disable(x, &s);
}

/* the VF's own config space: Command (Bus Master) and MSI-X control */
/* MSI-X table entry vec of the client's VF (its BAR2): address, data, unmasked */
int hx_vf_msix_set(struct hx_host *v, unsigned vec, uint64_t addr, uint32_t data)
{
	uint64_t e = VFNIC_MSIX_TABLE_OFFSET + 16ull * vec;

	CHECK_EQ(hx_vf_wr(v, 2, e + 0, 4, (uint32_t)addr), 0);
	CHECK_EQ(hx_vf_wr(v, 2, e + 4, 4, (uint32_t)(addr >> 32)), 0);
	CHECK_EQ(hx_vf_wr(v, 2, e + 8, 4, data), 0);
	CHECK_EQ(hx_vf_wr(v, 2, e + 12, 4, 0), 0);	/* unmasked */
	return 1;
}

int hx_vf_cfg_setup(struct hx_host *v, int msix)
{
	uint16_t self = (uint16_t)v->func;	/* ARI form: the model adds the bus */

	CHECK_EQ(hx_cfg_wr_id(v, self, CFG_CMD, CMD_MASTER, 0x3), 0);
	if (msix)
		CHECK_EQ(hx_cfg_wr_id(v, self, VFNIC_CAP_MSIX_OFFSET, MSIX_EN,
				      0x8), 0);
	return 1;
}

static int wait_writes(struct hx_host *h, unsigned n)
{
	long long deadline = hx_now_ns() + 2000000000LL;

	while (h->nmwr < n && hx_now_ns() < deadline)
		if (hx_pump(h, 50) < 0)
			return 0;
	return h->nmwr >= n;
}

static int t_sriov_irq(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	uint64_t addr = HX_MSI_BASE + 0x40 + (hx_rand(&x->rng) & 0xff0);
	uint32_t data = (uint32_t)hx_rand(&x->rng);
	unsigned vec = (unsigned)(hx_rand(&x->rng) % VFNIC_VF_MSIX_VECTORS);
	uint64_t e = VFNIC_MSIX_TABLE_OFFSET + 16ull * vec;
	long long deadline;
	struct hx_sriov s;

	CHECK(hx_sriov_setup(x, &s, 4));
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 1), "vf1-irq"));
	CHECK(hx_vf_cfg_setup(v, 1));
	CHECK(hx_vf_msix_set(v, vec, addr, data));
	hx_clear_log(&x->main);
	hx_clear_log(v);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_IRQ_TEST, 4, vec), 0);
	CHECK(wait_writes(v, 1));
	CHECK_EQ(v->mwr[0].addr, addr);
	CHECK_EQ(v->mwr[0].data[0], data);
	CHECK_EQ(v->mwr[0].rid, vf_id(&s, 1));
	CHECK_EQ(vf_reg(v, VFNIC_REG_MSIX_SENT), 1);
	/* an MSI address outside the VF client's windows: refused, logged */
	CHECK_EQ(hx_vf_wr(v, 2, e + 0, 4, 0xfed00000u), 0);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_IRQ_TEST, 4, vec), 0);
	deadline = hx_now_ns() + 2000000000LL;
	while (vf_reg(v, VFNIC_REG_MSIX_SENT) < 2 && !hx_reg_failures &&
	       hx_now_ns() < deadline)
		;
	CHECK_EQ(vf_reg(v, VFNIC_REG_MSIX_SENT), 2);
	CHECK_EQ(hx_ping(v), 0);
	CHECK_EQ(v->nmwr, 1);
	CHECK(hx_log_has(x, "'vf1-irq'", "DMA_WINDOW"));
	/* the PF client saw nothing of either */
	CHECK_EQ(hx_ping(&x->main), 0);
	CHECK_EQ(x->main.nmwr, 0);
	return hx_sriov_disable(x, &s);
}

static int run_dma(struct hx_host *v, uint64_t src, uint64_t dst,
		   unsigned len, uint32_t *ctrl)
{
	long long deadline = hx_now_ns() + 2000000000LL;

	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_DMA_SRC_LO, 4, (uint32_t)src), 0);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_DMA_SRC_HI, 4, (uint32_t)(src >> 32)), 0);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_DMA_DST_LO, 4, (uint32_t)dst), 0);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_DMA_DST_HI, 4, (uint32_t)(dst >> 32)), 0);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_DMA_LEN, 4, len), 0);
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_DMA_CTRL, 4, VFNIC_DMA_CTRL_START_MASK), 0);
	do {
		*ctrl = vf_reg(v, VFNIC_REG_DMA_CTRL);
		/* finished either way: the callers check which */
		if (*ctrl & (VFNIC_DMA_CTRL_DONE_MASK |
			     VFNIC_DMA_CTRL_ERROR_MASK))
			return 1;
	} while (hx_now_ns() < deadline);
	hx_diag("DMA did not finish: CTRL %#x", *ctrl);
	return 0;
}

static int t_sriov_dma(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	unsigned len = VFNIC_DMA_TEST_MAX_BYTES, i;
	/* 16-byte aligned, and neither range may cross a 4 KiB boundary */
	uint64_t src = 0x1000 + hx_rand(&x->rng) % ((0x1000 - len) / 16 + 1) * 16;
	uint64_t dst = 0x8000 + hx_rand(&x->rng) % ((0x1000 - len) / 16 + 1) * 16;
	uint32_t ctrl;
	struct hx_sriov s;

	CHECK(hx_sriov_setup(x, &s, 4));
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 1), "vf1-dma"));
	CHECK(hx_vf_cfg_setup(v, 0));
	for (i = 0; i < len; i++) {
		hx_mem[src + i] = (uint8_t)hx_rand(&x->rng);
		hx_mem[dst + i] = 0;
	}
	hx_clear_log(&x->main);
	hx_clear_log(v);
	CHECK(run_dma(v, HX_MEM_BASE + src, HX_MEM_BASE + dst, len, &ctrl));
	CHECK_EQ(ctrl & VFNIC_DMA_CTRL_ERROR_MASK, 0);
	CHECK(memcmp(&hx_mem[src], &hx_mem[dst], len) == 0);
	CHECK(v->nmrd >= 1 && v->nmwr >= 1);
	CHECK_EQ(vfn_tlp_req_id(v->mrd[0]), vf_id(&s, 1));
	CHECK_EQ(v->mwr[0].rid, vf_id(&s, 1));
	CHECK_EQ(hx_ping(&x->main), 0);
	CHECK_EQ(x->main.nmrd + x->main.nmwr, 0);

	/* outside the VF client's DMA windows: refused (UR) and logged */
	CHECK(run_dma(v, 0x200000000ull, HX_MEM_BASE + dst, len, &ctrl));
	CHECK(ctrl & VFNIC_DMA_CTRL_ERROR_MASK);
	CHECK_EQ((ctrl & VFNIC_DMA_CTRL_CPL_STATUS_MASK) >>
		 VFNIC_DMA_CTRL_CPL_STATUS_SHIFT, VFN_CPL_UR);
	CHECK(hx_log_has(x, "'vf1-dma'", "DMA_WINDOW"));
	CHECK_EQ(x->main.nmrd + x->main.nmwr, 0);
	return hx_sriov_disable(x, &s);
}

/* a config read sent as func to completer must be refused with code */
static int cfg_refused(struct hx_host *h, unsigned func, uint16_t completer,
		       uint32_t code)
{
	uint16_t own = h->func;
	uint32_t hdr[4], seq;
	int r;

	vfn_tlp_cfg(hdr, false, completer, CFG_ID, 0xf, HX_RC_ID, 0xee);
	h->func = (uint16_t)func;
	seq = h->c.tx.seq;
	r = hx_send_tlp(h, hdr, NULL, 0);
	h->func = own;
	CHECK_EQ(r, 0);
	if (hx_wait_err(h, code, seq, 2000) < 0) {
		hx_diag("%s: no ERROR %u for a config read of %#x as "
			"function %u", h->name, code, completer, func);
		return 0;
	}
	return 1;
}

/* who may hold which VF: BUSY, NOFUNC, reconnect after close */
static int t_sriov_owner(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	struct hx_sriov s;
	uint32_t val;

	CHECK(hx_sriov_setup(x, &s, 2));
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 1), "vf1-owner"));
	CHECK(vf_refused(x, hx_sriov_vf_func(&s, 1), VFN_E_BUSY));
	CHECK(vf_refused(x, hx_sriov_vf_func(&s, 2), VFN_E_NOFUNC));	/* NumVFs 2 */
	CHECK(vf_refused(x, 0, VFN_E_NOFUNC));
	CHECK(vf_refused(x, hx_sriov_vf_func(&s, s.total), VFN_E_NOFUNC));
	/* the PF client no longer owns VF 1's function */
	CHECK(cfg_refused(&x->main, hx_sriov_vf_func(&s, 1), vf_id(&s, 1),
			  VFN_ERR_NOT_OWNER));
	/* but still VF 0's */
	x->main.func = (uint16_t)hx_sriov_vf_func(&s, 0);
	CHECK_EQ(hx_cfg_rd_id(&x->main, vf_id(&s, 0), CFG_ID, &val), 0);
	x->main.func = 0;
	CHECK_EQ(val, 0xffffffffu);	/* VF Vendor/Device ID read as FFFF */
	/* disconnect frees the VF */
	hx_close(v);
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 1), "vf1-again"));
	CHECK_EQ(vf_reg(v, VFNIC_REG_FUNC) & 0xff, hx_sriov_vf_func(&s, 1));
	return hx_sriov_disable(x, &s);
}

/* a VF client's bad requests: NOT_OWNER, BAD_TLP; it continues */
static int t_sriov_bad(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	unsigned f1, seq;
	uint32_t hdr[4], val;
	struct hx_sriov s;
	uint64_t d;

	CHECK(hx_sriov_setup(x, &s, 4));
	f1 = hx_sriov_vf_func(&s, 1);
	CHECK(hx_vf_connect(x, v, f1, "vf1-bad"));
	/* config request to another function: NOT_OWNER, sent either way */
	CHECK(cfg_refused(v, f1, (uint16_t)hx_sriov_vf_func(&s, 2), VFN_ERR_NOT_OWNER));
	CHECK(cfg_refused(v, hx_sriov_vf_func(&s, 2), (uint16_t)hx_sriov_vf_func(&s, 2),
			  VFN_ERR_NOT_OWNER));
	CHECK(cfg_refused(v, f1, 0, VFN_ERR_NOT_OWNER));	/* the PF */
	CHECK(cfg_refused(v, 0, 0, VFN_ERR_NOT_OWNER));
	/* memory request without BAR-relative aux; outside the VF BAR */
	vfn_tlp_mem(hdr, false, VFNIC_REG_ID, 1, 0xf, 0, HX_RC_ID, 0);
	seq = v->c.tx.seq;
	CHECK_EQ(hx_send_tlp(v, hdr, NULL, 0), 0);
	CHECK(hx_wait_err(v, VFN_ERR_BAD_TLP, seq, 2000) >= 0);
	seq = v->c.tx.seq;
	CHECK_EQ(hx_vf_wr(v, 0, VF_SLICE, 4, 1), 0);
	CHECK(hx_wait_err(v, VFN_ERR_BAD_TLP, seq, 2000) >= 0);
	seq = v->c.tx.seq;
	CHECK_EQ(hx_vf_wr(v, 0, VF_SLICE - 4, 8, 1), 0);	/* straddles */
	CHECK(hx_wait_err(v, VFN_ERR_BAD_TLP, seq, 2000) >= 0);
	seq = v->c.tx.seq;
	CHECK_EQ(hx_vf_wr(v, 4, 0, 4, 1), 0);	/* no VF BAR4 */
	CHECK(hx_wait_err(v, VFN_ERR_BAD_TLP, seq, 2000) >= 0);
	/* a BAR-relative request from the PF client is no such thing */
	seq = x->main.c.tx.seq;
	CHECK_EQ(hx_send_tlp_aux(&x->main, VFN_TLP_AUX_BAR(0), hdr, NULL, 0), 0);
	CHECK(hx_wait_err(&x->main, VFN_ERR_BAD_TLP, seq, 2000) >= 0);
	/* the VF client is still served; its own config space answers */
	CHECK_EQ(hx_cfg_rd_id(v, (uint16_t)f1, CFG_ID, &val), 0);
	CHECK_EQ(val, 0xffffffffu);
	CHECK_EQ(hx_vf_rd(v, 0, VFNIC_REG_ID, 4, &d), 0);
	CHECK_EQ(d, VFNIC_REG_ID_RESET);
	return hx_sriov_disable(x, &s);
}

/* VF Enable cleared under a VF client: it stays, its requests get UR */
static int t_sriov_disable(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	struct hx_sriov s;
	uint64_t d;

	CHECK(hx_sriov_setup(x, &s, 2));
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 0), "vf0-disable"));
	CHECK_EQ(vf_reg(v, VFNIC_REG_ID), VFNIC_REG_ID_RESET);
	CHECK(hx_sriov_disable(x, &s));
	CHECK_EQ(hx_vf_rd(v, 0, VFNIC_REG_ID, 4, &d), VFN_CPL_UR);
	CHECK_EQ(hx_ping(v), 0);
	/* enabled again: the same client is served again */
	CHECK(hx_sriov_setup(x, &s, 2));
	CHECK_EQ(vf_reg(v, VFNIC_REG_ID), VFNIC_REG_ID_RESET);
	return hx_sriov_disable(x, &s);
}

/*
 * System Page Size 64 KiB: each VF's slice grows to 64 KiB (docs/sriov.md),
 * which the model must learn from the RTL (the write invalidates its copy)
 * to put VF n's requests at VF BAR + n x 64 KiB.
 */
static int t_sriov_pagesize(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	const uint64_t slice = 0x10000;
	struct hx_sriov s;
	uint32_t val;
	unsigned n, seq;

	CHECK(hx_sriov_setup(x, &s, 0));
	n = s.total > 2 ? 2 : s.total - 1;
	CHECK(hx_sriov_disable(x, &s));
	CHECK_EQ(hx_cfg_wr(&x->main, s.cap + SR_PAGE, 0x10, 0xf), 0);
	CHECK_EQ(hx_cfg_rd(&x->main, s.cap + SR_PAGE, &val), 0);
	CHECK_EQ(val, 0x10);
	CHECK_EQ(hx_cfg_wr(&x->main, s.cap + SR_CTRL, SR_VFE | SR_MSE, 0x3), 0);
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, n), "vf-64k"));
	CHECK_EQ(vf_reg(v, VFNIC_REG_FUNC) & 0xff, hx_sriov_vf_func(&s, n));
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_SCRATCH, 4, 0x64000 + n), 0);
	CHECK_EQ(vf_reg(v, VFNIC_REG_SCRATCH), 0x64000 + n);
	CHECK_EQ(hx_rd(&x->main, HX_VFBAR0 + n * slice + VFNIC_REG_SCRATCH, 4,
		       &(uint64_t){ 0 }), 0);
	CHECK_EQ(x->main.cpl_data[0], 0x64000 + n);
	/* the slice ends at 64 KiB now, not at the native 16 KiB */
	seq = v->c.tx.seq;
	CHECK_EQ(hx_vf_wr(v, 0, slice, 4, 1), 0);
	CHECK(hx_wait_err(v, VFN_ERR_BAD_TLP, seq, 2000) >= 0);
	CHECK_EQ(v->nerr_total, 1);
	CHECK_EQ(hx_vf_rd(v, 0, slice - 4, 4, &(uint64_t){ 0 }) >= 0, 1);
	CHECK_EQ(v->nerr_total, 1);
	/* back to 4 KiB pages */
	CHECK(hx_sriov_disable(x, &s));
	CHECK_EQ(hx_cfg_wr(&x->main, s.cap + SR_PAGE, 0x1, 0xf), 0);
	return 1;
}

/* the VF client FLRs its own VF: connection kept, VF registers reset */
static int t_sriov_flr(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	uint32_t mark = (uint32_t)hx_rand(&x->rng) | 1;
	struct hx_sriov s;

	CHECK(hx_sriov_setup(x, &s, 2));
	CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, 1), "vf1-flr"));
	CHECK_EQ(hx_vf_wr(v, 0, VFNIC_REG_SCRATCH, 4, mark), 0);
	CHECK_EQ(vf_reg(v, VFNIC_REG_SCRATCH), mark);
	CHECK_EQ(pf_vf_wr(x, 0, VFNIC_REG_SCRATCH, ~mark), 0);
	/* Device Control: Initiate FLR (bit 15) */
	CHECK_EQ(hx_cfg_wr_id(v, v->func, VFNIC_CAP_PCIE_OFFSET + 8, 1u << 15,
			      0x3), 0);
	CHECK_EQ(hx_ping(v), 0);
	CHECK_EQ(vf_reg(v, VFNIC_REG_SCRATCH), 0);
	CHECK_EQ(vf_reg(v, VFNIC_REG_FUNC) & 0xff, hx_sriov_vf_func(&s, 1));
	/* VF 0 kept its state */
	{
		uint32_t other;

		CHECK_EQ(pf_vf_rd(x, 0, VFNIC_REG_SCRATCH, &other), 0);
		CHECK_EQ(other, ~mark);
	}
	return hx_sriov_disable(x, &s);
}

/* all TotalVFs enabled: first, middle and last VF decode through the model */
static int t_sriov_all(struct hx_ctx *x)
{
	struct hx_host *v = &x->aux[0];
	struct hx_sriov s;
	unsigned pick[3], i;
	uint32_t lo, hi;
	uint64_t size;

	CHECK(hx_sriov_setup(x, &s, 0));
	hx_diag("TotalVFs %u", s.total);
	CHECK_EQ(x->main.c.welcome.total_vfs, s.total);
	/* VF BAR0 size per VF, by the standard sizing of the PF host */
	CHECK_EQ(hx_cfg_wr(&x->main, s.cap + SR_BAR(0), 0xffffffffu, 0xf), 0);
	CHECK_EQ(hx_cfg_wr(&x->main, s.cap + SR_BAR(1), 0xffffffffu, 0xf), 0);
	CHECK_EQ(hx_cfg_rd(&x->main, s.cap + SR_BAR(0), &lo), 0);
	CHECK_EQ(hx_cfg_rd(&x->main, s.cap + SR_BAR(1), &hi), 0);
	size = ~((uint64_t)hi << 32 | (lo & ~0xfu)) + 1;
	CHECK_EQ(size, VF_SLICE);
	CHECK(hx_sriov_setup(x, &s, 0));
	pick[0] = 0;
	pick[1] = s.total / 2;
	pick[2] = s.total - 1;
	for (i = 0; i < 3; i++) {
		CHECK(hx_vf_connect(x, v, hx_sriov_vf_func(&s, pick[i]), "vf-pick"));
		CHECK(vf_regs_check(x, &s, v, pick[i]));
		hx_close(v);
	}
	return hx_sriov_disable(x, &s);
}

const struct hx_test hx_sriov_tests[] = {
	{ "sriov-mmio", "VF client: BAR-relative MMIO reaches its VF; "
	  "scratch isolated from its neighbour and the PF", t_sriov_mmio, 0 },
	{ "sriov-irq", "VF client: its MSI-X goes to it only; outside its "
	  "windows refused and logged", t_sriov_irq, 0 },
	{ "sriov-dma", "VF client: DMA test engine on its VF; outside its "
	  "windows refused and logged", t_sriov_dma, 0 },
	{ "sriov-owner", "VF HELLO: BUSY, NOFUNC; close frees the VF",
	  t_sriov_owner, 0 },
	{ "sriov-bad", "VF client: NOT_OWNER config, BAD_TLP memory requests",
	  t_sriov_bad, 0 },
	{ "sriov-disable", "VF Enable cleared under a VF client: UR, then "
	  "served again", t_sriov_disable, 0 },
	{ "sriov-flr", "VF client FLRs its VF: kept connected, its registers "
	  "reset, VF 0 untouched", t_sriov_flr, 0 },
	{ "sriov-pagesize", "System Page Size 64 KiB: VF slices follow "
	  "through the model", t_sriov_pagesize, 0 },
	{ "sriov-all", "all TotalVFs: VF BAR sizing, first/middle/last VF "
	  "through the model", t_sriov_all, 0 },
	{ NULL, NULL, NULL, 0 },
};
