/* SPDX-License-Identifier: MIT */
/*
 * vfnic model: what the model needs to know of the PF's SR-IOV capability
 * (docs/sriov.md "Transport and QEMU"), always read from the RTL with the
 * model's own config requests: which VFs exist and are enabled (for VF
 * HELLOs) and where each VF's BAR slices are (to turn VF clients'
 * BAR-relative requests into bus addresses).
 *
 * A probe walks the extended capability list once to find SR-IOV, then
 * reads Control, TotalVFs, NumVFs, First VF Offset / Stride, System Page
 * Size and the VF BARs, and sizes the VF BARs the standard way (write
 * all-ones, read the mask, write the value back). While it runs no client
 * ring is read, so no client request reaches the RTL between the sizing
 * write and the restore, and the snapshot is consistent.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <inttypes.h>
#include <string.h>

#include "vfm.h"
#include "vfn_tlp.h"

#define EXT_CAP_START	0x100u
#define EXT_CAP_ID_SRIOV 0x0010u
#define MAX_EXT_CAPS	64	/* loop guard for a broken list */
/* a config request the RTL has not answered in this many cycles ends the
 * probe (as "no SR-IOV"), so that a broken RTL cannot stall every client */
#define PROBE_TIMEOUT_CYCLES	(1ull << 20)

/* SR-IOV capability registers (PCIe base spec 9.3.3) */
#define SRIOV_CTRL	0x08u	/* Control (15:0), Status (31:16) */
#define SRIOV_TOTAL	0x0cu	/* InitialVFs (15:0), TotalVFs (31:16) */
#define SRIOV_NUMVFS	0x10u	/* NumVFs (15:0) */
#define SRIOV_OFFSET	0x14u	/* First VF Offset (15:0), VF Stride (31:16) */
#define SRIOV_PAGE	0x20u	/* System Page Size */
#define SRIOV_BAR0	0x24u	/* VF BAR0..5 */
#define SRIOV_CTRL_VFE	0x0001u
#define SRIOV_CTRL_MSE	0x0008u

/* probe value slots */
enum {
	SLOT_CTRL, SLOT_TOTAL, SLOT_NUMVFS, SLOT_OFFSET, SLOT_PAGE,
	SLOT_BAR = 5,		/* 6: values as found */
	SLOT_MASK = 11,		/* 6: values after writing all-ones */
	SLOT_WALK = 17,		/* extended capability header being walked */
};

static void add_op(struct vfm_sriov *s, int write, int ones, unsigned slot,
		   unsigned reg)
{
	struct vfm_sriov_op *o = &s->ops[s->nops++];

	o->write = (uint8_t)write;
	o->ones = (uint8_t)ones;
	o->slot = (uint8_t)slot;
	o->reg = (uint16_t)(s->cap + reg);
}

/* the register reads and the VF BAR sizing, once the capability is found */
static void build_program(struct vfm_sriov *s)
{
	static const unsigned regs[] = { SRIOV_CTRL, SRIOV_TOTAL, SRIOV_NUMVFS,
					 SRIOV_OFFSET, SRIOV_PAGE };
	unsigned i;

	s->nops = 0;
	s->op = 0;
	for (i = 0; i < 5; i++)
		add_op(s, 0, 0, SLOT_CTRL + i, regs[i]);
	for (i = 0; i < 6; i++)
		add_op(s, 0, 0, SLOT_BAR + i, SRIOV_BAR0 + 4 * i);
	for (i = 0; i < 6; i++)
		add_op(s, 1, 1, 0, SRIOV_BAR0 + 4 * i);
	for (i = 0; i < 6; i++)
		add_op(s, 0, 0, SLOT_MASK + i, SRIOV_BAR0 + 4 * i);
	for (i = 0; i < 6; i++)
		add_op(s, 1, 0, SLOT_BAR + i, SRIOV_BAR0 + 4 * i);
}

static void fail(struct vfm *m, const char *what)
{
	vfm_log(m, "SR-IOV probe: %s: will retry", what);
	m->sr.probing = 0;
	m->sr.need = 1;
}

static void issue(struct vfm *m)
{
	struct vfm_sriov *s = &m->sr;
	int r;

	s->issued_at = vfm_rtl_cycles(m->rtl);
	if (!s->cap) {
		r = vfm_route_internal_cfg(m, 0, s->walk, 0);
	} else {
		const struct vfm_sriov_op *o = &s->ops[s->op];

		r = vfm_route_internal_cfg(m, o->write, o->reg,
					   o->ones ? 0xffffffffu : s->val[o->slot]);
	}
	if (r < 0)
		fail(m, "out of memory");
}

/* VF BAR k's base and per-VF size from the values and the sizing masks */
static void decode_bars(struct vfm_sriov *s)
{
	unsigned k = 0;

	memset(s->bar_base, 0, sizeof(s->bar_base));
	memset(s->bar_size, 0, sizeof(s->bar_size));
	while (k < 6) {
		uint32_t lo = s->val[SLOT_BAR + k], lmask = s->val[SLOT_MASK + k];
		uint64_t mask, base;

		if (!(lmask & ~0xfu) || (lmask & 1)) {	/* none, or I/O */
			k++;
			continue;
		}
		mask = 0xffffffff00000000ull | (lmask & ~0xfu);
		base = lo & ~0xfu;
		if (((lmask >> 1) & 3) == 2 && k < 5) {	/* 64-bit */
			mask = ((uint64_t)s->val[SLOT_MASK + k + 1] << 32) |
			       (lmask & ~0xfu);
			base |= (uint64_t)s->val[SLOT_BAR + k + 1] << 32;
			s->bar_base[k] = base;
			s->bar_size[k] = ~mask + 1;
			k += 2;
			continue;
		}
		s->bar_base[k] = base;
		s->bar_size[k] = ~mask + 1;
		k++;
	}
}

static void finish(struct vfm *m, int present)
{
	struct vfm_sriov *s = &m->sr;

	s->probing = 0;
	s->present = present;
	if (present) {
		s->ctrl = (uint16_t)s->val[SLOT_CTRL];
		s->total = (uint16_t)(s->val[SLOT_TOTAL] >> 16);
		s->numvfs = (uint16_t)s->val[SLOT_NUMVFS];
		s->first = (uint16_t)s->val[SLOT_OFFSET];
		s->stride = (uint16_t)(s->val[SLOT_OFFSET] >> 16);
		s->page = s->val[SLOT_PAGE];
		decode_bars(s);
		if (s->total >= VFM_NFUNCS)
			s->total = VFM_NFUNCS - 1;
		vfm_log(m, "SR-IOV at %#x: VF Enable %u, VF MSE %u, NumVFs %u "
			"of %u, offset %u stride %u, page size %#x, VF BAR0 "
			"%#" PRIx64 " + n x %#" PRIx64 ", VF BAR2 %#" PRIx64
			" + n x %#" PRIx64, s->cap, s->ctrl & SRIOV_CTRL_VFE,
			!!(s->ctrl & SRIOV_CTRL_MSE), s->numvfs, s->total,
			s->first, s->stride, s->page, s->bar_base[0],
			s->bar_size[0], s->bar_base[2], s->bar_size[2]);
	} else {
		s->total = 0;
		s->numvfs = 0;
		s->ctrl = 0;
		vfm_log(m, "SR-IOV: the RTL has no SR-IOV capability");
	}
	if (s->need)
		return;		/* invalidated meanwhile: probe again */
	s->valid = 1;
	vfm_client_hellos_ready(m);
}

/* one step of the extended capability list walk */
static void walk_step(struct vfm *m, uint32_t v, int ok)
{
	struct vfm_sriov *s = &m->sr;
	unsigned next = (v >> 20) & 0xffcu;

	if (!ok || v == 0 || v == 0xffffffffu) {
		finish(m, 0);
		return;
	}
	if ((v & 0xffffu) == EXT_CAP_ID_SRIOV) {
		s->cap = s->walk;
		build_program(s);
		issue(m);
		return;
	}
	if (next < EXT_CAP_START || ++s->walked > MAX_EXT_CAPS) {
		finish(m, 0);
		return;
	}
	s->walk = next;
	issue(m);
}

void vfm_sriov_cpl(struct vfm *m, const uint32_t *hdr, const uint32_t *data,
		   unsigned ndw)
{
	struct vfm_sriov *s = &m->sr;
	int ok = vfn_tlp_cpl_status(hdr) == VFN_CPL_SC;
	uint32_t v = ok && ndw ? data[0] : 0xffffffffu;
	const struct vfm_sriov_op *o;

	if (!s->probing) {
		vfm_log(m, "SR-IOV probe: completion after the probe ended: dropped");
		return;
	}
	if (!s->cap) {
		walk_step(m, v, ok);
		return;
	}
	o = &s->ops[s->op];
	if (!o->write)
		s->val[o->slot] = v;
	else if (!ok)
		vfm_log(m, "SR-IOV probe: config write %#x: completion status %u",
			o->reg, vfn_tlp_cpl_status(hdr));
	if (++s->op < s->nops)
		issue(m);
	else
		finish(m, 1);
}

void vfm_sriov_poll(struct vfm *m)
{
	struct vfm_sriov *s = &m->sr;

	if (s->probing && !m->reset_left &&
	    vfm_rtl_cycles(m->rtl) - s->issued_at > PROBE_TIMEOUT_CYCLES) {
		vfm_log(m, "SR-IOV probe: config request %#x not answered in "
			"%llu cycles: giving up", s->cap ? s->ops[s->op].reg :
			s->walk, (unsigned long long)PROBE_TIMEOUT_CYCLES);
		s->need = 0;
		finish(m, 0);
		return;
	}
	if (!s->need || s->probing || m->reset_left)
		return;
	s->need = 0;
	s->valid = 0;
	s->probing = 1;
	s->probes++;
	if (!s->cap) {
		s->walk = EXT_CAP_START;
		s->walked = 0;
	} else {
		build_program(s);
	}
	issue(m);
}

void vfm_sriov_invalidate(struct vfm *m, const char *why)
{
	if (m->log_tlp && m->sr.valid)
		vfm_log(m, "SR-IOV state invalidated: %s", why);
	m->sr.valid = 0;
	if (m->sr.probing)
		m->sr.need = 1;
}

void vfm_sriov_on_reset(struct vfm *m)
{
	/* the reset discarded the probe's requests in flight */
	if (m->sr.probing) {
		m->sr.probing = 0;
		m->sr.need = 1;
	}
	m->sr.valid = 0;
}

/*
 * A config write is on its way to the RTL. The PF's extended space holds
 * the SR-IOV capability; its capabilities at 0x40.. include Device Control
 * (Initiate FLR, which clears VF Enable). Anything else cannot change what
 * the model knows.
 */
void vfm_sriov_cfg_write_seen(struct vfm *m, unsigned func, unsigned reg)
{
	if (func == 0 && reg >= 0x40)
		vfm_sriov_invalidate(m, "config write to the PF");
}

/* VF number of routing function func, or -1 */
static int vf_number(const struct vfm_sriov *s, unsigned func)
{
	unsigned d;

	if (!s->stride || func < s->first || func >= VFM_NFUNCS)
		return -1;
	d = func - s->first;
	if (d % s->stride || d / s->stride >= s->total)
		return -1;
	return (int)(d / s->stride);
}

int vfm_sriov_vf_check(const struct vfm *m, unsigned func, unsigned *n,
		       char *text, size_t len)
{
	const struct vfm_sriov *s = &m->sr;
	int vf;

	if (!s->present) {
		snprintf(text, len, "function %u: the RTL has no SR-IOV "
			 "capability", func);
		return VFN_E_NOFUNC;
	}
	if (func == 0) {
		snprintf(text, len, "function 0 is the PF; a VF client names "
			 "function First VF Offset + n x Stride (1 + n)");
		return VFN_E_NOFUNC;
	}
	vf = vf_number(s, func);
	if (vf < 0) {
		snprintf(text, len, "function %u is no VF (First VF Offset %u, "
			 "Stride %u, TotalVFs %u)", func, s->first, s->stride,
			 s->total);
		return VFN_E_NOFUNC;
	}
	*n = (unsigned)vf;
	if (!(s->ctrl & SRIOV_CTRL_VFE) || *n >= s->numvfs) {
		snprintf(text, len, "VF %u (function %u) is not enabled: VF "
			 "Enable %u, NumVFs %u", *n, func,
			 s->ctrl & SRIOV_CTRL_VFE, s->numvfs);
		return VFN_E_NOFUNC;
	}
	return 0;
}

int vfm_sriov_translate(const struct vfm *m, unsigned func, unsigned bar,
			uint64_t off, uint64_t len, uint64_t *addr,
			char *text, size_t tlen)
{
	const struct vfm_sriov *s = &m->sr;
	uint64_t size;
	int vf = vf_number(s, func);

	if (!s->valid || vf < 0) {
		snprintf(text, tlen, "function %u has no VF BARs", func);
		return -1;
	}
	size = bar < 6 ? s->bar_size[bar] : 0;
	if (!size) {
		snprintf(text, tlen, "VF BAR%u is not implemented", bar);
		return -1;
	}
	if (off >= size || len > size - off) {
		snprintf(text, tlen, "offset %#" PRIx64 " + %" PRIu64
			 " bytes is outside VF BAR%u (%#" PRIx64 " bytes)",
			 off, len, bar, size);
		return -1;
	}
	*addr = s->bar_base[bar] + (uint64_t)vf * size + off;
	return 0;
}
