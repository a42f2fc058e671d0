/* SPDX-License-Identifier: MIT */
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
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "qom/object.h"

#include "vfnic_link.h"
#include "vfn_tlp.h"

#define TYPE_VFNIC_PF "vfnic-pf"
OBJECT_DECLARE_SIMPLE_TYPE(VfnicPfState, VFNIC_PF)

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
};

/* config registers whose QEMU copy takes the guest's value (via wmask) */
static bool pf_qemu_owned(uint32_t addr)
{
    return range_covers_byte(PCI_COMMAND, 2, addr) ||
           range_covers_byte(PCI_BASE_ADDRESS_0, 24, addr) ||
           range_covers_byte(PCI_ROM_ADDRESS, 4, addr);
}

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
        if (!pf_qemu_owned((addr & ~3u) + i)) {
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
            if (!pf_qemu_owned(reg + i)) {
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

/* ---- device requests: which QEMU function performs them ---- */

static PCIDevice *vfnic_pf_requester(void *opaque, uint16_t func,
                                     uint16_t req_id)
{
    PCIDevice *d = PCI_DEVICE(opaque);

    /*
     * The RTL's bus number is the one it captured from a CfgWr0; the
     * function part alone says which function asked.
     */
    if (func == 0 && (req_id & 0xff) == d->devfn) {
        return d;
    }
    return NULL;
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
    pf_check_mirror(s, "realize");
    vfn_link_start(&s->link);
    return;
fail:
    error_prepend(errp, "%s: ", name);
    vfn_link_close(&s->link);
}

static void vfnic_pf_exit(PCIDevice *d)
{
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

static void vfnic_pf_register_types(void)
{
    type_register_static(&vfnic_pf_info);
}

type_init(vfnic_pf_register_types)
