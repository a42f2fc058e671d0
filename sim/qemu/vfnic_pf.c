/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfnic-pf: QEMU PCIe device that gives a VM the physical function of the
 * vfnic RTL running in a vfnic-model process. Thin QOM/PCI glue: config
 * space, BARs and device requests all go through vfnic_link.c. The RTL is
 * the source of truth; QEMU's copy of config space is a mirror that exists
 * only because QEMU maps BARs and gates bus mastering from it.
 * docs/qemu-device.md describes the rules.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/range.h"
#include "qapi/error.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "qom/object.h"

#include "vfnic_link.h"
#include "vfn_tlp.h"

#define TYPE_VFNIC_PF "vfnic-pf"
OBJECT_DECLARE_SIMPLE_TYPE(VfnicPfState, VFNIC_PF)
#define TYPE_VFNIC_SRIOV_VF "vfnic-sriov-vf"
OBJECT_DECLARE_SIMPLE_TYPE(VfnicVfState, VFNIC_SRIOV_VF)

#define VFNIC_SRIOV_SIZE    PCI_EXT_CAP_SRIOV_SIZEOF   /* 0x40 */
#define VFNIC_VF_LOAD_BYTES 0x100   /* VF config QEMU keeps a copy of */

/* a VF's BAR: MMIO becomes TLPs on the PF's link at the VF's bus address */
typedef struct VfnicVfBar {
    VfnicVfState *vf;
    MemoryRegion mr;
    int region;
} VfnicVfBar;

struct VfnicVfState {
    PCIDevice parent_obj;

    VfnicVfBar bars[PCI_NUM_REGIONS];
    bool loaded;            /* QEMU's copy holds the RTL's config space */
};

typedef struct VfnicPfBar {
    VfnicPfState *s;
    MemoryRegion mr;
    int region;             /* 0..5, or PCI_ROM_SLOT */
} VfnicPfBar;

struct VfnicPfState {
    PCIDevice parent_obj;

    char *socket;
    uint32_t timeout_ms;
    uint32_t cpl_bytes;

    VfnLink link;
    VfnicPfBar bars[PCI_NUM_REGIONS];
    uint32_t mirror_mismatches;     /* QEMU's mapping vs the RTL's BARs */

    /* SR-IOV (0 = the RTL has none, or QEMU does not model its VFs) */
    uint16_t sriov_cap;
    uint8_t vf_bar_type[PCI_NUM_REGIONS];
    uint64_t vf_bar_size[PCI_NUM_REGIONS];  /* per VF; 0 = not implemented */
};

/* config registers whose QEMU copy takes the guest's value (via wmask) */
static bool pf_qemu_owned(uint32_t addr)
{
    return range_covers_byte(PCI_COMMAND, 2, addr) ||
           range_covers_byte(PCI_BASE_ADDRESS_0, 24, addr) ||
           range_covers_byte(PCI_ROM_ADDRESS, 4, addr);
}

/* a byte of the SR-IOV capability, which QEMU keeps by its own rules */
static bool pf_in_sriov(VfnicPfState *s, uint32_t addr)
{
    return s->sriov_cap && range_covers_byte(s->sriov_cap, VFNIC_SRIOV_SIZE,
                                             addr);
}

static void pf_sriov_sync(VfnicPfState *s, const char *when);

/* the PF's routing ID as completer of config requests */
static uint16_t pf_rid(PCIDevice *d)
{
    return PCI_BUILD_BDF(pci_dev_bus_num(d), d->devfn);
}

static const char *pf_result(int r)
{
    switch (r) {
    case VFN_CPL_SC:
        return "success";
    case VFN_CPL_UR:
        return "UR completion";
    case VFN_CPL_CRS:
        return "CRS completion";
    case VFN_CPL_CA:
        return "CA completion";
    case VFN_LINK_DEAD:
        return "model gone";
    case VFN_LINK_TIMEOUT:
        return "timeout";
    case VFN_LINK_NESTED:
        return "nested access refused";
    case VFN_LINK_REJECTED:
        return "rejected by the model";
    default:
        return "bad completion status";
    }
}

static uint64_t pf_ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
}

static int pf_cfg_rd(VfnicPfState *s, unsigned reg, uint32_t *val)
{
    return vfn_link_cfg_read(&s->link, 0, pf_rid(PCI_DEVICE(s)), reg, 0xf,
                             val);
}

static int pf_cfg_wr(VfnicPfState *s, unsigned reg, unsigned be,
                     uint32_t val)
{
    return vfn_link_cfg_write(&s->link, 0, pf_rid(PCI_DEVICE(s)), reg, be,
                              val);
}

/* ---- mirror: QEMU's copy of config space vs the RTL ---- */

/* copy the RTL's whole config space into QEMU's */
static bool pf_load_config(VfnicPfState *s, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t reg, val;

    for (reg = 0; reg < pci_config_size(d); reg += 4) {
        int r = pf_cfg_rd(s, reg, &val);

        if (r != VFN_CPL_SC) {
            error_setg(errp, "the RTL did not answer CfgRd0 of config "
                       "register 0x%03x (%s)", reg, pf_result(r));
            return false;
        }
        pci_set_long(d->config + reg, val);
    }
    return true;
}

/*
 * QEMU derives BAR mappings and the bus-master address space from its copy
 * of config space; after reloading the copy, make it derive them again
 * (a same-value write of Command does exactly that).
 */
static void pf_apply_mapping(VfnicPfState *s)
{
    PCIDevice *d = PCI_DEVICE(s);

    pci_default_write_config(d, PCI_COMMAND,
                             pci_get_word(d->config + PCI_COMMAND), 2);
}

static void G_GNUC_PRINTF(2, 3) pf_mismatch(VfnicPfState *s,
                                            const char *fmt, ...)
{
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    s->mirror_mismatches++;
    error_report("%s: QEMU and the RTL disagree: %s (mirror-mismatches=%u)",
                 s->link.name, msg, s->mirror_mismatches);
}

/* a BAR register as the RTL holds it (both halves of a 64-bit BAR) */
static bool pf_rtl_bar(VfnicPfState *s, int region, uint64_t *val)
{
    PCIDevice *d = PCI_DEVICE(s);
    PCIIORegion *r = &d->io_regions[region];
    unsigned reg = pci_bar(d, region);
    uint32_t lo, hi = 0;

    if (pf_cfg_rd(s, reg, &lo) != VFN_CPL_SC) {
        return false;
    }
    if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64 &&
        pf_cfg_rd(s, reg + 4, &hi) != VFN_CPL_SC) {
        return false;
    }
    *val = deposit64(lo, 32, 32, hi);
    return true;
}

/*
 * Check that QEMU maps each BAR where the RTL decodes it, and that the
 * Command bits QEMU acts on (memory decode, bus master) are the RTL's.
 */
static void pf_check_mirror(VfnicPfState *s, const char *when)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint16_t qcmd = pci_get_word(d->config + PCI_COMMAND);
    uint32_t rcmd;
    int i;

    if (!vfn_link_alive(&s->link) || pf_cfg_rd(s, PCI_COMMAND, &rcmd)) {
        return;     /* the link has reported why */
    }
    if ((qcmd ^ rcmd) & (PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                         PCI_COMMAND_MASTER)) {
        pf_mismatch(s, "after %s: Command is 0x%04x in QEMU, 0x%04x in "
                    "the RTL", when, qcmd, rcmd & 0xffff);
    }
    for (i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];
        unsigned reg = pci_bar(d, i);
        pcibus_t qaddr = pci_get_bar_addr(d, i);
        uint64_t qval, rval;
        bool rtl_on;

        if (!r->size || !pf_rtl_bar(s, i, &rval)) {
            continue;
        }
        qval = r->type & PCI_BASE_ADDRESS_MEM_TYPE_64 ?
               pci_get_quad(d->config + reg) : pci_get_long(d->config + reg);
        if (!(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
            rval = (uint32_t)rval;
        }
        if (qval != rval) {
            pf_mismatch(s, "after %s: BAR%d register is 0x%" PRIx64
                        " in QEMU, 0x%" PRIx64 " in the RTL", when, i,
                        qval, rval);
        }
        rtl_on = rcmd & PCI_COMMAND_MEMORY &&
                 (i != PCI_ROM_SLOT || rval & PCI_ROM_ADDRESS_ENABLE);
        if (qaddr != PCI_BAR_UNMAPPED &&
            (!rtl_on || (rval & ~(r->size - 1)) != qaddr)) {
            pf_mismatch(s, "after %s: QEMU maps BAR%d at 0x%" PRIx64
                        ", the RTL decodes %s 0x%" PRIx64, when, i,
                        (uint64_t)qaddr, rtl_on ? "it at" : "nothing; BAR",
                        rval & ~(r->size - 1));
        }
    }
}

/* after an FLR or reset the RTL's config space changed on its own */
static void pf_resync(VfnicPfState *s, const char *when)
{
    Error *err = NULL;

    if (!pf_load_config(s, &err)) {
        error_reportf_err(err, "%s: cannot re-read config space after %s: ",
                          s->link.name, when);
        return;
    }
    pf_apply_mapping(s);
    pf_check_mirror(s, when);
    if (s->sriov_cap) {
        PCIDevice *d = PCI_DEVICE(s);
        uint16_t i, total = pci_get_word(d->config + s->sriov_cap +
                                         PCI_SRIOV_TOTAL_VF);

        /* the RTL's VF Enable etc. changed on their own: follow them */
        for (i = 0; i < total; i++) {
            VFNIC_SRIOV_VF(d->exp.sriov_pf.vf[i])->loaded = false;
        }
        pcie_sriov_pf_post_load(d);
        pf_sriov_sync(s, when);
    }
}

/* ---- config space accesses from the guest ---- */

static uint32_t vfnic_pf_config_read(PCIDevice *d, uint32_t addr, int len)
{
    VfnicPfState *s = VFNIC_PF(d);
    unsigned off = addr & 3, i;
    uint32_t val;
    int r;

    if (off + len > 4) {    /* never from QEMU's PCI hosts; be safe */
        unsigned lo = 4 - off;

        return vfnic_pf_config_read(d, addr, lo) |
               vfnic_pf_config_read(d, addr + lo, len - lo) << (lo * 8);
    }
    r = vfn_link_cfg_read(&s->link, 0, pf_rid(d), addr & ~3u,
                          ((1u << len) - 1) << off, &val);
    if (r != VFN_CPL_SC) {
        if (r >= 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: config read of 0x%03x: %s\n",
                          s->link.name, addr, pf_result(r));
        }
        return pf_ones(len);
    }
    /* keep the mirror current where the RTL, not QEMU, owns the value */
    for (i = off; i < off + len; i++) {
        if (!pf_qemu_owned((addr & ~3u) + i) &&
            !pf_in_sriov(s, (addr & ~3u) + i)) {
            d->config[(addr & ~3u) + i] = val >> (i * 8);
        }
    }
    return (val >> (off * 8)) & pf_ones(len);
}

/*
 * Bus Master Enable takes effect in the RTL when the CfgWr0 reaches it, and
 * the RTL may issue DMA before the write's completion comes back. So QEMU's
 * copy turns BME on before the write is forwarded; turning it off waits for
 * the completion (requests issued before it are still performed).
 */
static void pf_enable_master_early(PCIDevice *d, uint32_t addr, uint32_t val,
                                   int len)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);

    if (range_covers_byte(addr, len, PCI_COMMAND) &&
        (val >> ((PCI_COMMAND - addr) * 8)) & PCI_COMMAND_MASTER &&
        !(cmd & PCI_COMMAND_MASTER)) {
        pci_default_write_config(d, PCI_COMMAND, cmd | PCI_COMMAND_MASTER, 2);
    }
}

static void vfnic_pf_config_write(PCIDevice *d, uint32_t addr, uint32_t val,
                                  int len)
{
    VfnicPfState *s = VFNIC_PF(d);
    unsigned off = addr & 3, reg = addr & ~3u, i;
    uint32_t merged = val, rtl = 0;
    bool have_rtl;
    int r;

    if (off + len > 4) {
        unsigned lo = 4 - off;

        vfnic_pf_config_write(d, addr, val & pf_ones(lo), lo);
        vfnic_pf_config_write(d, addr + lo, val >> (lo * 8), len - lo);
        return;
    }
    pf_enable_master_early(d, addr, val, len);
    r = vfn_link_cfg_write(&s->link, 0, pf_rid(d), reg,
                           ((1u << len) - 1) << off, val << (off * 8));
    if (r > 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: config write of 0x%03x: %s\n",
                      s->link.name, addr, pf_result(r));
    }
    /* the RTL's value after the write, for the registers it owns */
    have_rtl = r == VFN_CPL_SC && pf_cfg_rd(s, reg, &rtl) == VFN_CPL_SC;
    for (i = 0; i < (unsigned)len; i++) {
        if (!pf_qemu_owned(addr + i) && have_rtl) {
            merged = deposit32(merged, i * 8, 8, rtl >> ((off + i) * 8));
        }
    }
    /* QEMU's side effects: BAR mapping, bus master, its own hooks */
    pci_default_write_config(d, addr, merged, len);
    if (have_rtl) {
        for (i = 0; i < 4; i++) {
            /*
             * SR-IOV: QEMU's copy took the RTL's value through its wmask
             * (and its VF enable logic); the check below compares
             */
            if (!pf_qemu_owned(reg + i) && !pf_in_sriov(s, reg + i)) {
                d->config[reg + i] = rtl >> (i * 8);
            }
        }
    }
    if (d->exp.exp_cap &&
        range_covers_byte(addr, len, d->exp.exp_cap + PCI_EXP_DEVCTL + 1) &&
        (val >> ((d->exp.exp_cap + PCI_EXP_DEVCTL + 1 - addr) * 8)) &
        (PCI_EXP_DEVCTL_BCR_FLR >> 8)) {
        pf_resync(s, "function level reset");
        return;
    }
    if (s->sriov_cap && ranges_overlap(addr, len, s->sriov_cap,
                                       VFNIC_SRIOV_SIZE)) {
        pf_sriov_sync(s, "a config write to the SR-IOV capability");
    }
    if (ranges_overlap(addr, len, PCI_COMMAND, 2) ||
        ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 24) ||
        ranges_overlap(addr, len, PCI_ROM_ADDRESS, 4)) {
        pf_check_mirror(s, "a config write");
    }
}

/* ---- BARs: every access is a TLP to the RTL ---- */

static uint64_t vfnic_pf_bar_read(void *opaque, hwaddr off, unsigned size)
{
    VfnicPfBar *bar = opaque;
    VfnicPfState *s = bar->s;
    pcibus_t base = pci_get_bar_addr(PCI_DEVICE(s), bar->region);
    uint64_t val = pf_ones(size);
    int r;

    if (base == PCI_BAR_UNMAPPED) {
        return val;
    }
    r = vfn_link_mem_read(&s->link, 0, base + off, size, &val);
    if (r > 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: read of %u bytes at BAR%d+0x%"
                      HWADDR_PRIx ": %s, returning all-ones\n", s->link.name,
                      size, bar->region, off, pf_result(r));
    }
    return val;
}

static void vfnic_pf_bar_write(void *opaque, hwaddr off, uint64_t val,
                               unsigned size)
{
    VfnicPfBar *bar = opaque;
    VfnicPfState *s = bar->s;
    pcibus_t base = pci_get_bar_addr(PCI_DEVICE(s), bar->region);

    if (base == PCI_BAR_UNMAPPED) {
        return;
    }
    if (bar->region == PCI_ROM_SLOT) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write to the expansion ROM "
                      "dropped\n", s->link.name);
        return;
    }
    vfn_link_mem_write(&s->link, 0, base + off, size, val);
}

static const MemoryRegionOps vfnic_pf_bar_ops = {
    .read = vfnic_pf_bar_read,
    .write = vfnic_pf_bar_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    /* any access the CPU makes becomes one TLP with matching byte enables */
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static void pf_register_bar(VfnicPfState *s, int region, uint8_t type,
                            uint64_t size)
{
    VfnicPfBar *bar = &s->bars[region];
    g_autofree char *name = region == PCI_ROM_SLOT ?
        g_strdup("vfnic-pf-rom") : g_strdup_printf("vfnic-pf-bar%d", region);

    bar->s = s;
    bar->region = region;
    memory_region_init_io(&bar->mr, OBJECT(s), &vfnic_pf_bar_ops, bar, name,
                          size);
    pci_register_bar(PCI_DEVICE(s), region, type, &bar->mr);
}

/*
 * BAR sizing through the RTL, as firmware does it: write all-ones, read the
 * size mask back, restore. *mask is the read-back, *orig the first value.
 */
static int pf_size_reg(VfnicPfState *s, unsigned reg, unsigned be,
                       uint32_t ones, uint32_t *orig, uint32_t *mask)
{
    int r = pf_cfg_rd(s, reg, orig);

    if (!r) {
        r = pf_cfg_wr(s, reg, be, ones);
    }
    if (!r) {
        r = pf_cfg_rd(s, reg, mask);
    }
    if (!r) {
        r = pf_cfg_wr(s, reg, be, *orig);
    }
    return r;
}

static bool pf_size_bars(VfnicPfState *s, Error **errp)
{
    uint32_t orig, mask, orig_hi, mask_hi;
    int i, r;

    for (i = 0; i < PCI_ROM_SLOT; i++) {
        unsigned reg = PCI_BASE_ADDRESS_0 + 4 * i;
        bool is64;
        uint64_t m;

        r = pf_size_reg(s, reg, 0xf, UINT32_MAX, &orig, &mask);
        if (r) {
            goto fail;
        }
        if (orig & PCI_BASE_ADDRESS_SPACE_IO) {
            if (mask & PCI_BASE_ADDRESS_IO_MASK) {
                error_setg(errp, "the RTL implements BAR%d as an I/O BAR; "
                           "vfnic-pf forwards memory BARs only", i);
                return false;
            }
            continue;
        }
        is64 = (orig & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
               PCI_BASE_ADDRESS_MEM_TYPE_64;
        m = mask & PCI_BASE_ADDRESS_MEM_MASK;
        if (is64) {
            if (i == PCI_ROM_SLOT - 1) {
                error_setg(errp, "the RTL's BAR5 claims to be 64-bit");
                return false;
            }
            r = pf_size_reg(s, reg + 4, 0xf, UINT32_MAX, &orig_hi,
                            &mask_hi);
            if (r) {
                goto fail;
            }
            m |= (uint64_t)mask_hi << 32;
        } else {
            m |= 0xffffffff00000000ULL;
        }
        if ((uint32_t)m == 0 && (!is64 || !(m >> 32))) {
            i += is64;
            continue;       /* not implemented */
        }
        if (!is_power_of_2(~m + 1)) {
            error_setg(errp, "the RTL's BAR%d reads back 0x%" PRIx64
                       " after writing all-ones: not a size mask", i, m);
            return false;
        }
        pf_register_bar(s, i, orig & ~PCI_BASE_ADDRESS_MEM_MASK, ~m + 1);
        i += is64;
    }
    /* expansion ROM: written with the enable bit clear */
    r = pf_size_reg(s, PCI_ROM_ADDRESS, 0xf, PCI_ROM_ADDRESS_MASK, &orig,
                    &mask);
    if (r) {
        goto fail;
    }
    mask &= PCI_ROM_ADDRESS_MASK;
    if (mask) {
        if (!is_power_of_2((uint32_t)(~mask + 1))) {
            error_setg(errp, "the RTL's expansion ROM BAR reads back 0x%x "
                       "after sizing: not a size mask", mask);
            return false;
        }
        pf_register_bar(s, PCI_ROM_SLOT, PCI_BASE_ADDRESS_SPACE_MEMORY,
                        (uint32_t)(~mask + 1));
    }
    return true;
fail:
    error_setg(errp, "BAR sizing through the RTL failed (%s)", pf_result(r));
    return false;
}

/* Command bits the RTL implements: QEMU's copy accepts exactly those */
static bool pf_probe_command(VfnicPfState *s, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t orig, probe;
    int r;

    /* byte enables 0x3: Status, the upper half, is RW1C */
    r = pf_size_reg(s, PCI_COMMAND, 0x3, 0xffff, &orig, &probe);
    if (r) {
        error_setg(errp, "probing the RTL's Command register failed (%s)",
                   pf_result(r));
        return false;
    }
    pci_set_word(d->wmask + PCI_COMMAND, probe & 0xffff);
    pci_set_word(d->w1cmask + PCI_COMMAND, 0);
    if (!(probe & PCI_COMMAND_MEMORY) || !(probe & PCI_COMMAND_MASTER)) {
        error_setg(errp, "the RTL's Command register does not implement "
                   "Memory Space and Bus Master Enable (reads 0x%04x after "
                   "writing 0xffff)", probe & 0xffff);
        return false;
    }
    return true;
}

/* ---- SR-IOV: QEMU's VFs follow the RTL's SR-IOV capability ---- */

/* the extended capability @id in QEMU's copy (the RTL's), and its prev */
static uint16_t pf_find_ext_cap(PCIDevice *d, uint16_t id, uint16_t *prev)
{
    uint16_t off = PCI_CONFIG_SPACE_SIZE, last = 0;
    int n;

    for (n = 0; n < (PCIE_CONFIG_SPACE_SIZE - PCI_CONFIG_SPACE_SIZE) / 4;
         n++) {
        uint32_t hdr = pci_get_long(d->config + off);

        if (!hdr || hdr == UINT32_MAX) {
            break;
        }
        if (PCI_EXT_CAP_ID(hdr) == id) {
            *prev = last;
            return off;
        }
        last = off;
        off = PCI_EXT_CAP_NEXT(hdr);
        if (off < PCI_CONFIG_SPACE_SIZE || off > PCIE_CONFIG_SPACE_SIZE - 8 ||
            off & 3) {
            break;
        }
    }
    return 0;
}

/* the routing function of VF @n (First VF Offset + n × VF Stride) */
static uint16_t pf_vf_func(VfnicPfState *s, uint16_t n)
{
    uint8_t *cap = PCI_DEVICE(s)->config + s->sriov_cap;

    return pci_get_word(cap + PCI_SRIOV_VF_OFFSET) +
           n * pci_get_word(cap + PCI_SRIOV_VF_STRIDE);
}

/* size the VF BARs through the RTL: all-ones, read back, restore */
static bool pf_size_vf_bars(VfnicPfState *s, uint16_t cap, Error **errp)
{
    uint32_t orig, mask, orig_hi, mask_hi;
    int i, r;

    for (i = 0; i < PCI_ROM_SLOT; i++) {
        unsigned reg = cap + PCI_SRIOV_BAR + 4 * i;
        bool is64;
        uint64_t m;

        r = pf_size_reg(s, reg, 0xf, UINT32_MAX, &orig, &mask);
        if (r) {
            goto fail;
        }
        if (orig & PCI_BASE_ADDRESS_SPACE_IO) {
            if (mask & PCI_BASE_ADDRESS_IO_MASK) {
                error_setg(errp, "the RTL implements VF BAR%d as an I/O "
                           "BAR; vfnic-pf forwards memory BARs only", i);
                return false;
            }
            continue;
        }
        is64 = (orig & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
               PCI_BASE_ADDRESS_MEM_TYPE_64;
        m = mask & PCI_BASE_ADDRESS_MEM_MASK;
        if (is64) {
            if (i == PCI_ROM_SLOT - 1) {
                error_setg(errp, "the RTL's VF BAR5 claims to be 64-bit");
                return false;
            }
            r = pf_size_reg(s, reg + 4, 0xf, UINT32_MAX, &orig_hi, &mask_hi);
            if (r) {
                goto fail;
            }
            m |= (uint64_t)mask_hi << 32;
        } else {
            m |= 0xffffffff00000000ULL;
        }
        if ((uint32_t)m == 0 && (!is64 || !(m >> 32))) {
            i += is64;
            continue;       /* not implemented */
        }
        if (!is_power_of_2(~m + 1)) {
            error_setg(errp, "the RTL's VF BAR%d reads back 0x%" PRIx64
                       " after writing all-ones: not a size mask", i, m);
            return false;
        }
        s->vf_bar_type[i] = orig & ~PCI_BASE_ADDRESS_MEM_MASK;
        s->vf_bar_size[i] = ~m + 1;
        i += is64;
    }
    return true;
fail:
    error_setg(errp, "VF BAR sizing through the RTL failed (%s)",
               pf_result(r));
    return false;
}

/*
 * Give QEMU the RTL's SR-IOV capability: QEMU creates TotalVFs VF devices
 * (switched on and off with VF Enable) and places their BARs from its copy
 * of the capability, which must therefore equal the RTL's.
 */
static bool pf_sriov_init(VfnicPfState *s, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint8_t saved[VFNIC_SRIOV_SIZE];
    uint16_t prev = 0, cap, total, initial, offset, stride, vf_did;
    uint32_t prev_hdr = 0;
    uint8_t *c;
    bool ok;
    int i;

    cap = pf_find_ext_cap(d, PCI_EXT_CAP_ID_SRIOV, &prev);
    if (!cap) {
        return true;
    }
    if (cap + VFNIC_SRIOV_SIZE > PCIE_CONFIG_SPACE_SIZE) {
        error_setg(errp, "the RTL's SR-IOV capability at 0x%03x does not "
                   "fit config space", cap);
        return false;
    }
    c = d->config + cap;
    total = pci_get_word(c + PCI_SRIOV_TOTAL_VF);
    initial = pci_get_word(c + PCI_SRIOV_INITIAL_VF);
    offset = pci_get_word(c + PCI_SRIOV_VF_OFFSET);
    stride = pci_get_word(c + PCI_SRIOV_VF_STRIDE);
    vf_did = pci_get_word(c + PCI_SRIOV_VF_DID);
    if (!total) {
        return true;
    }
    if (d->devfn != 0) {
        warn_report("%s: the RTL has an SR-IOV capability (TotalVFs %u) but "
                    "the PF is not at function 0 of its bus (put it behind a "
                    "pcie-root-port): this VM gets no VFs", s->link.name,
                    total);
        return true;
    }
    if (!offset || (total > 1 && !stride)) {
        error_setg(errp, "the RTL's SR-IOV capability has First VF Offset "
                   "%u, VF Stride %u", offset, stride);
        return false;
    }
    if (!pf_size_vf_bars(s, cap, errp)) {
        return false;
    }
    /* the RTL's bytes, before sizing's restore: read them again */
    for (i = 0; i < VFNIC_SRIOV_SIZE; i += 4) {
        uint32_t v;
        int r = pf_cfg_rd(s, cap + i, &v);

        if (r) {
            error_setg(errp, "reading the RTL's SR-IOV capability failed "
                       "(%s)", pf_result(r));
            return false;
        }
        pci_set_long(saved + i, v);
    }
    /*
     * pcie_sriov_pf_init() appends the capability to the list: unlink the
     * RTL's from it while QEMU does so, then put the RTL's bytes back.
     */
    if (prev) {
        prev_hdr = pci_get_long(d->config + prev);
        pci_set_long(d->config + prev, prev_hdr & 0xfffff);
    }
    s->sriov_cap = cap;     /* VF realize reads the VF BAR sizes */
    ok = pcie_sriov_pf_init(d, cap, TYPE_VFNIC_SRIOV_VF, vf_did, initial,
                            total, offset, stride, errp);
    if (prev) {
        pci_set_long(d->config + prev, prev_hdr);
    }
    if (!ok) {
        s->sriov_cap = 0;
        memcpy(d->config + cap, saved, VFNIC_SRIOV_SIZE);
        return false;
    }
    for (i = 0; i < PCI_ROM_SLOT; i++) {
        if (s->vf_bar_size[i]) {
            pcie_sriov_pf_init_vf_bar(d, i, s->vf_bar_type[i],
                                      s->vf_bar_size[i]);
        }
    }
    memcpy(d->config + cap, saved, VFNIC_SRIOV_SIZE);
    return true;
}

/* QEMU's copy of a VF's Command: BME as the RTL's, MSE = the PF's VF MSE */
static void vf_apply_command(PCIDevice *vf, uint16_t rtl_cmd)
{
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));
    uint16_t ctrl = pci_get_word(PCI_DEVICE(s)->config + s->sriov_cap +
                                 PCI_SRIOV_CTRL);
    uint16_t cmd = rtl_cmd & PCI_COMMAND_MASTER;

    /*
     * A VF's Memory Space Enable is RO 0; VF MSE in the PF governs its
     * BARs. QEMU 10.0 maps a VF's BARs from the VF's own Command, so its
     * copy carries VF MSE there. Guests read the RTL's value.
     */
    if (ctrl & PCI_SRIOV_CTRL_MSE) {
        cmd |= PCI_COMMAND_MEMORY;
    }
    pci_default_write_config(vf, PCI_COMMAND, cmd, 2);
}

static int vf_cfg_rd(PCIDevice *vf, unsigned reg, unsigned be, uint32_t *val)
{
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));

    return vfn_link_cfg_read(&s->link,
                             pf_vf_func(s, pcie_sriov_vf_number(vf)),
                             PCI_BUILD_BDF(pci_dev_bus_num(vf), vf->devfn),
                             reg, be, val);
}

static int vf_cfg_wr(PCIDevice *vf, unsigned reg, unsigned be, uint32_t val)
{
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));

    return vfn_link_cfg_write(&s->link,
                              pf_vf_func(s, pcie_sriov_vf_number(vf)),
                              PCI_BUILD_BDF(pci_dev_bus_num(vf), vf->devfn),
                              reg, be, val);
}

/* copy the RTL's VF config (header and capabilities) into QEMU's */
static void vf_load_config(PCIDevice *vf)
{
    VfnicVfState *v = VFNIC_SRIOV_VF(vf);
    uint32_t reg, val;
    int r;

    for (reg = 0; reg < VFNIC_VF_LOAD_BYTES; reg += 4) {
        r = vf_cfg_rd(vf, reg, 0xf, &val);
        if (r != VFN_CPL_SC) {
            error_report("%s: the RTL did not answer CfgRd0 of VF %u's "
                         "config register 0x%03x (%s)",
                         VFNIC_PF(pcie_sriov_get_pf(vf))->link.name,
                         pcie_sriov_vf_number(vf), reg, pf_result(r));
            return;
        }
        if (reg == PCI_COMMAND) {
            pci_set_word(vf->config + PCI_STATUS, val >> 16);
            vf_apply_command(vf, val);
        } else {
            pci_set_long(vf->config + reg, val);
        }
    }
    vf->exp.exp_cap = pci_find_capability(vf, PCI_CAP_ID_EXP);
    v->loaded = true;
}

/*
 * After QEMU's copy of the capability changed: compare it with the RTL's
 * and bring the VFs up to date (config copy, BAR mapping from VF MSE and
 * the VF BAR registers).
 */
static void pf_sriov_sync(VfnicPfState *s, const char *when)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint16_t cap = s->sriov_cap, total, i;
    uint32_t rtl;
    int reg;

    if (!vfn_link_alive(&s->link)) {
        return;
    }
    for (reg = 0; reg < VFNIC_SRIOV_SIZE; reg += 4) {
        uint32_t q = pci_get_long(d->config + cap + reg);

        if (pf_cfg_rd(s, cap + reg, &rtl) != VFN_CPL_SC) {
            return;
        }
        if (q != rtl) {
            pf_mismatch(s, "after %s: SR-IOV capability +0x%02x is 0x%08x "
                        "in QEMU, 0x%08x in the RTL", when, reg, q, rtl);
        }
    }
    total = pci_get_word(d->config + cap + PCI_SRIOV_TOTAL_VF);
    for (i = 0; i < total; i++) {
        PCIDevice *vf = d->exp.sriov_pf.vf[i];
        VfnicVfState *v = VFNIC_SRIOV_VF(vf);

        if (!vf->enabled) {
            v->loaded = false;
        } else if (!v->loaded) {
            vf_load_config(vf);
        } else {
            vf_apply_command(vf, pci_get_word(vf->config + PCI_COMMAND));
        }
    }
}

/* ---- the VF device: config and MMIO go to the RTL's VF ---- */

static uint32_t vfnic_vf_config_read(PCIDevice *vf, uint32_t addr, int len)
{
    unsigned off = addr & 3, i;
    uint32_t val;
    int r;

    if (off + len > 4) {
        unsigned lo = 4 - off;

        return vfnic_vf_config_read(vf, addr, lo) |
               vfnic_vf_config_read(vf, addr + lo, len - lo) << (lo * 8);
    }
    r = vf_cfg_rd(vf, addr & ~3u, ((1u << len) - 1) << off, &val);
    if (r != VFN_CPL_SC) {
        if (r >= 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: VF %u config read of "
                          "0x%03x: %s\n",
                          VFNIC_PF(pcie_sriov_get_pf(vf))->link.name,
                          pcie_sriov_vf_number(vf), addr, pf_result(r));
        }
        return pf_ones(len);
    }
    for (i = off; i < off + len; i++) {
        if (!range_covers_byte(PCI_COMMAND, 2, (addr & ~3u) + i)) {
            vf->config[(addr & ~3u) + i] = val >> (i * 8);
        }
    }
    return (val >> (off * 8)) & pf_ones(len);
}

static void vfnic_vf_config_write(PCIDevice *vf, uint32_t addr, uint32_t val,
                                  int len)
{
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));
    unsigned off = addr & 3, reg = addr & ~3u, i;
    uint32_t rtl;
    int r;

    if (off + len > 4) {
        unsigned lo = 4 - off;

        vfnic_vf_config_write(vf, addr, val & pf_ones(lo), lo);
        vfnic_vf_config_write(vf, addr + lo, val >> (lo * 8), len - lo);
        return;
    }
    pf_enable_master_early(vf, addr, val, len);
    r = vf_cfg_wr(vf, reg, ((1u << len) - 1) << off, val << (off * 8));
    if (r > 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: VF %u config write of 0x%03x: "
                      "%s\n", s->link.name, pcie_sriov_vf_number(vf), addr,
                      pf_result(r));
    }
    if (r != VFN_CPL_SC || vf_cfg_rd(vf, reg, 0xf, &rtl) != VFN_CPL_SC) {
        return;
    }
    for (i = 0; i < 4; i++) {
        if (!range_covers_byte(PCI_COMMAND, 2, reg + i)) {
            vf->config[reg + i] = rtl >> (i * 8);
        }
    }
    if (ranges_overlap(reg, 4, PCI_COMMAND, 2)) {
        vf_apply_command(vf, rtl);
    }
    if (vf->exp.exp_cap &&
        range_covers_byte(addr, len, vf->exp.exp_cap + PCI_EXP_DEVCTL + 1) &&
        (val >> ((vf->exp.exp_cap + PCI_EXP_DEVCTL + 1 - addr) * 8)) &
        (PCI_EXP_DEVCTL_BCR_FLR >> 8)) {
        vf_load_config(vf);     /* the RTL reset this VF */
    }
}

static uint64_t vfnic_vf_bar_read(void *opaque, hwaddr off, unsigned size)
{
    VfnicVfBar *bar = opaque;
    PCIDevice *vf = PCI_DEVICE(bar->vf);
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));
    pcibus_t base = pci_get_bar_addr(vf, bar->region);
    uint64_t val = pf_ones(size);
    int r;

    if (base == PCI_BAR_UNMAPPED) {
        return val;
    }
    /* a PF host reaches VF BARs by address, sending as function 0 */
    r = vfn_link_mem_read(&s->link, 0, base + off, size, &val);
    if (r > 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: read of %u bytes at VF %u "
                      "BAR%d+0x%" HWADDR_PRIx ": %s, returning all-ones\n",
                      s->link.name, size, pcie_sriov_vf_number(vf),
                      bar->region, off, pf_result(r));
    }
    return val;
}

static void vfnic_vf_bar_write(void *opaque, hwaddr off, uint64_t val,
                               unsigned size)
{
    VfnicVfBar *bar = opaque;
    PCIDevice *vf = PCI_DEVICE(bar->vf);
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));
    pcibus_t base = pci_get_bar_addr(vf, bar->region);

    if (base != PCI_BAR_UNMAPPED) {
        vfn_link_mem_write(&s->link, 0, base + off, size, val);
    }
}

static const MemoryRegionOps vfnic_vf_bar_ops = {
    .read = vfnic_vf_bar_read,
    .write = vfnic_vf_bar_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static void vfnic_vf_realize(PCIDevice *vf, Error **errp)
{
    VfnicVfState *v = VFNIC_SRIOV_VF(vf);
    VfnicPfState *s = VFNIC_PF(pcie_sriov_get_pf(vf));
    int i;

    /* the RTL's VF does not answer yet (VF Enable is clear) */
    pci_set_word(vf->wmask + PCI_COMMAND,
                 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    pci_set_word(vf->w1cmask + PCI_COMMAND, 0);
    /*
     * The RTL's VF has ARI at 0x100 (Next Function 0); QEMU's copy needs
     * it before the VF is placed past device 0 of the port's bus.
     */
    pcie_ari_init(vf, PCI_CONFIG_SPACE_SIZE);
    for (i = 0; i < PCI_ROM_SLOT; i++) {
        VfnicVfBar *bar = &v->bars[i];
        g_autofree char *name = NULL;

        if (!s->vf_bar_size[i]) {
            continue;
        }
        name = g_strdup_printf("vfnic-vf%u-bar%d", pcie_sriov_vf_number(vf),
                               i);
        bar->vf = v;
        bar->region = i;
        memory_region_init_io(&bar->mr, OBJECT(vf), &vfnic_vf_bar_ops, bar,
                              name, s->vf_bar_size[i]);
        pci_register_bar(vf, i, s->vf_bar_type[i], &bar->mr);
    }
}

/* ---- device requests: which QEMU function performs them ---- */

static PCIDevice *vfnic_pf_requester(void *opaque, uint16_t func,
                                     uint16_t req_id)
{
    VfnicPfState *s = opaque;
    PCIDevice *d = PCI_DEVICE(opaque);
    uint16_t off, stride;

    /*
     * The RTL's bus number is the one it captured from a CfgWr0; the
     * function part alone says which function asked: the PF's devfn plus
     * the routing function (ARI: VF n is PF + First VF Offset + n × Stride).
     */
    if ((req_id & 0xff) != ((d->devfn + func) & 0xff)) {
        return NULL;
    }
    if (func == 0) {
        return d;
    }
    if (!s->sriov_cap) {
        return NULL;
    }
    off = pci_get_word(d->config + s->sriov_cap + PCI_SRIOV_VF_OFFSET);
    stride = pci_get_word(d->config + s->sriov_cap + PCI_SRIOV_VF_STRIDE);
    if (func < off || (stride ? (func - off) % stride : func != off)) {
        return NULL;
    }
    /* NULL unless VF Enable is set and the VF is below NumVFs */
    return pcie_sriov_get_vf_at_index(d, stride ? (func - off) / stride : 0);
}

/* ---- QOM ---- */

static void vfnic_pf_realize(PCIDevice *d, Error **errp)
{
    VfnicPfState *s = VFNIC_PF(d);
    const char *id = DEVICE(d)->id;
    g_autofree char *name = id ? g_strdup_printf("vfnic-pf '%s'", id) :
                                 g_strdup("vfnic-pf");
    int r;

    if (!s->socket || !*s->socket) {
        error_setg(errp, "vfnic-pf needs socket=PATH, the UNIX socket of a "
                   "running vfnic-model");
        return;
    }
    if (d->romfile) {
        error_setg(errp, "vfnic-pf takes no romfile: the RTL owns all of the "
                   "device's config space and BARs");
        return;
    }
    if (s->cpl_bytes < 64 || s->cpl_bytes > 4096 ||
        !is_power_of_2(s->cpl_bytes)) {
        error_setg(errp, "x-cpl-bytes must be a power of two in 64..4096");
        return;
    }
    if (!s->timeout_ms) {
        error_setg(errp, "timeout-ms must not be 0");
        return;
    }
    s->link.cpl_bytes = s->cpl_bytes;
    if (!vfn_link_open(&s->link, s->socket, VFN_ROLE_PF, 0, name,
                       s->timeout_ms, &DEVICE(d)->mem_reentrancy_guard,
                       vfnic_pf_requester, s, errp)) {
        return;
    }
    /* a new VM powers the device on: whatever a previous client left goes */
    r = vfn_link_reset(&s->link);
    if (r != VFN_CPL_SC) {
        error_setg(errp, "the model did not reset the device (%s)",
                   pf_result(r));
        goto fail;
    }
    if (!pf_load_config(s, errp)) {
        goto fail;
    }
    d->exp.exp_cap = pci_find_capability(d, PCI_CAP_ID_EXP);
    if (!d->exp.exp_cap) {
        error_setg(errp, "the RTL's config space has no PCI Express "
                   "capability");
        goto fail;
    }
    if (!pf_probe_command(s, errp) || !pf_size_bars(s, errp)) {
        goto fail;
    }
    if (!pf_sriov_init(s, errp)) {
        goto fail;
    }
    pf_check_mirror(s, "realize");
    if (s->sriov_cap) {
        pf_sriov_sync(s, "realize");
    }
    vfn_link_start(&s->link);
    return;
fail:
    error_prepend(errp, "%s: ", name);
    vfn_link_close(&s->link);
}

static void vfnic_pf_exit(PCIDevice *d)
{
    if (VFNIC_PF(d)->sriov_cap) {
        pcie_sriov_pf_exit(d);
    }
    vfn_link_close(&VFNIC_PF(d)->link);
}

/* device and system reset: PERST# to the RTL, then mirror it again */
static void vfnic_pf_reset_hold(Object *obj, ResetType type)
{
    VfnicPfState *s = VFNIC_PF(obj);
    int r;

    if (!vfn_link_alive(&s->link)) {
        return;
    }
    r = vfn_link_reset(&s->link);
    if (r != VFN_CPL_SC) {
        error_report("%s: device reset failed (%s)", s->link.name,
                     pf_result(r));
        return;
    }
    pf_resync(s, "reset");
}

static void vfnic_pf_instance_init(Object *obj)
{
    VfnicPfState *s = VFNIC_PF(obj);
    VfnLinkStats *st = &s->link.stats;

    object_property_add_uint32_ptr(obj, "mirror-mismatches",
                                   &s->mirror_mismatches, OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "timeouts", &st->timeouts,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "stale-completions", &st->stale_cpls,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "model-errors", &st->model_errors,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-refused", &st->dma_refused,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-failed", &st->dma_failed,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-reads", &st->dma_reads,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-writes", &st->dma_writes,
                                   OBJ_PROP_FLAG_READ);
}

static const VMStateDescription vfnic_pf_vmstate = {
    .name = TYPE_VFNIC_PF,
    .unmigratable = 1,      /* the RTL's state lives in another process */
};

static const Property vfnic_pf_properties[] = {
    DEFINE_PROP_STRING("socket", VfnicPfState, socket),
    DEFINE_PROP_UINT32("timeout-ms", VfnicPfState, timeout_ms, 5000),
    DEFINE_PROP_UINT32("x-cpl-bytes", VfnicPfState, cpl_bytes, 64),
};

static void vfnic_pf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    /* no IDs here: vendor, device and class come from the RTL */
    pc->realize = vfnic_pf_realize;
    pc->exit = vfnic_pf_exit;
    pc->config_read = vfnic_pf_config_read;
    pc->config_write = vfnic_pf_config_write;
    rc->phases.hold = vfnic_pf_reset_hold;
    dc->desc = "vfnic SR-IOV NIC physical function (RTL in vfnic-model)";
    dc->vmsd = &vfnic_pf_vmstate;
    device_class_set_props(dc, vfnic_pf_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo vfnic_pf_info = {
    .name = TYPE_VFNIC_PF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(VfnicPfState),
    .instance_init = vfnic_pf_instance_init,
    .class_init = vfnic_pf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void vfnic_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    pc->realize = vfnic_vf_realize;
    pc->config_read = vfnic_vf_config_read;
    pc->config_write = vfnic_vf_config_write;
    dc->desc = "vfnic SR-IOV virtual function (created by vfnic-pf)";
    dc->user_creatable = false;
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo vfnic_vf_info = {
    .name = TYPE_VFNIC_SRIOV_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(VfnicVfState),
    .class_init = vfnic_vf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void vfnic_pf_register_types(void)
{
    type_register_static(&vfnic_pf_info);
    type_register_static(&vfnic_vf_info);
}

type_init(vfnic_pf_register_types)
