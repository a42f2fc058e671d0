/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfnic-vf: QEMU PCIe endpoint that gives a VM one VF of the vfnic RTL
 * running in a vfnic-model process, as VFIO pass-through of a VF would: the
 * model's PF host (a vfnic-pf in another VM) enables the VFs, this device
 * connects as a VFN_ROLE_VF client for one of them (docs/transport.md §6).
 *
 * Like VFIO, QEMU virtualises only what a VF cannot present itself: Vendor
 * and Device ID (a VF reads 0xFFFF there; the IDs are the generated
 * VFNIC_VENDOR_ID / VFNIC_VF_DEVICE_ID, as the VF client may only read its
 * own function's config space, not the PF's), the BARs (a VF's are RO 0;
 * sizes from the generated VF BAR sizes, placement by this VM's firmware and
 * OS) and Command's Memory Space Enable (RO 0 in a VF). Everything else in
 * config space is the RTL's VF config space (CfgRd0/CfgWr0 to the VF's own
 * function); MMIO becomes BAR-relative TLPs; the VF's DMA and MSI-X writes
 * are performed in this VM's bus-master address space.
 * docs/qemu-device.md describes the rules.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/range.h"
#include "qapi/error.h"
#include "exec/address-spaces.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "qom/object.h"

#include "vfnic_link.h"
#include "vfn_tlp.h"
#include "vfnic_regs.h"

#define TYPE_VFNIC_VF "vfnic-vf"
OBJECT_DECLARE_SIMPLE_TYPE(VfnicVfPtState, VFNIC_VF)

#define VFNIC_VF_PT_LOAD_BYTES 0x100    /* config QEMU keeps a copy of */
#define VFNIC_MSI_BASE  0xfee00000ULL    /* x86 MSI address window */
#define VFNIC_MSI_SIZE  0x100000ULL

typedef struct VfnicVfPtBar {
    VfnicVfPtState *s;
    MemoryRegion mr;
    int region;
} VfnicVfPtBar;

struct VfnicVfPtState {
    PCIDevice parent_obj;

    char *socket;
    uint32_t vf;                /* VF number n */
    uint32_t timeout_ms;

    uint16_t func;              /* routing function: First VF Offset + n*Stride */
    VfnLink link;
    VfnicVfPtBar bars[PCI_NUM_REGIONS];
};

static uint64_t vfpt_ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
}

static const char *vfpt_result(int r)
{
    switch (r) {
    case VFN_CPL_SC:
        return "success";
    case VFN_CPL_UR:
        return "UR completion (VF not enabled by the PF host?)";
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

/* bytes QEMU presents itself: IDs, BARs (Command is merged, see below) */
static bool vfpt_qemu_owned(uint32_t addr)
{
    return range_covers_byte(PCI_VENDOR_ID, 4, addr) ||
           range_covers_byte(PCI_BASE_ADDRESS_0, 24, addr);
}

static int vfpt_cfg_rd(VfnicVfPtState *s, unsigned reg, unsigned be,
                       uint32_t *val)
{
    /* completer: the ARI form, low 8 bits = the routing function */
    return vfn_link_cfg_read(&s->link, s->func, s->func & 0xff, reg, be, val);
}

static int vfpt_cfg_wr(VfnicVfPtState *s, unsigned reg, unsigned be,
                       uint32_t val)
{
    return vfn_link_cfg_write(&s->link, s->func, s->func & 0xff, reg, be,
                              val);
}

/* QEMU's Command: BME as the RTL's, MSE QEMU's own (a VF's is RO 0) */
static void vfpt_apply_command(PCIDevice *d, uint16_t rtl_cmd)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MEMORY;

    pci_default_write_config(d, PCI_COMMAND,
                             cmd | (rtl_cmd & PCI_COMMAND_MASTER), 2);
}

/* copy the RTL's VF config (header and capabilities) into QEMU's */
static bool vfpt_load_config(VfnicVfPtState *s, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint32_t reg, val, i;
    int r;

    for (reg = 0; reg < VFNIC_VF_PT_LOAD_BYTES; reg += 4) {
        r = vfpt_cfg_rd(s, reg, 0xf, &val);
        if (r != VFN_CPL_SC) {
            error_setg(errp, "the RTL did not answer CfgRd0 of VF %u's config "
                       "register 0x%03x (%s)", s->vf, reg, vfpt_result(r));
            return false;
        }
        if (reg == PCI_COMMAND) {
            pci_set_word(d->config + PCI_STATUS, val >> 16);
            vfpt_apply_command(d, val);
            continue;
        }
        for (i = 0; i < 4; i++) {
            if (!vfpt_qemu_owned(reg + i)) {
                d->config[reg + i] = val >> (i * 8);
            }
        }
    }
    d->exp.exp_cap = pci_find_capability(d, PCI_CAP_ID_EXP);
    return true;
}

/* ---- config space accesses from the guest ---- */

static uint32_t vfnic_vf_pt_config_read(PCIDevice *d, uint32_t addr, int len)
{
    VfnicVfPtState *s = VFNIC_VF(d);
    unsigned off = addr & 3, reg = addr & ~3u, i;
    uint32_t val = 0, out = 0;
    bool need_rtl = false;
    int r;

    if (off + len > 4) {
        unsigned lo = 4 - off;

        return vfnic_vf_pt_config_read(d, addr, lo) |
               vfnic_vf_pt_config_read(d, addr + lo, len - lo) << (lo * 8);
    }
    for (i = off; i < off + len; i++) {
        need_rtl |= !vfpt_qemu_owned(reg + i);
    }
    if (need_rtl) {
        r = vfpt_cfg_rd(s, reg, ((1u << len) - 1) << off, &val);
        if (r != VFN_CPL_SC) {
            if (r >= 0) {
                qemu_log_mask(LOG_GUEST_ERROR, "%s: config read of 0x%03x: "
                              "%s\n", s->link.name, addr, vfpt_result(r));
            }
            return vfpt_ones(len);
        }
    }
    for (i = off; i < off + len; i++) {
        uint8_t b;

        if (vfpt_qemu_owned(reg + i)) {
            b = d->config[reg + i];
        } else {
            b = val >> (i * 8);
            if (reg + i == PCI_COMMAND) {
                /* the mapping QEMU does is what the guest asked for */
                b = (b & ~PCI_COMMAND_MEMORY) |
                    (d->config[PCI_COMMAND] & PCI_COMMAND_MEMORY);
            } else if (reg + i != PCI_COMMAND + 1) {
                d->config[reg + i] = b;
            }
        }
        out |= (uint32_t)b << ((i - off) * 8);
    }
    return out;
}

static void vfnic_vf_pt_config_write(PCIDevice *d, uint32_t addr,
                                     uint32_t val, int len)
{
    VfnicVfPtState *s = VFNIC_VF(d);
    unsigned off = addr & 3, reg = addr & ~3u, i, be = 0;
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    uint32_t rtl = 0;
    bool have_rtl = false;
    int r;

    if (off + len > 4) {
        unsigned lo = 4 - off;

        vfnic_vf_pt_config_write(d, addr, val & vfpt_ones(lo), lo);
        vfnic_vf_pt_config_write(d, addr + lo, val >> (lo * 8), len - lo);
        return;
    }
    for (i = off; i < off + len; i++) {
        if (!vfpt_qemu_owned(reg + i)) {
            be |= 1u << i;
        }
    }
    /*
     * Bus Master Enable takes effect in the RTL when the CfgWr0 reaches it:
     * QEMU's copy turns it on first (as vfnic-pf does).
     */
    if (range_covers_byte(addr, len, PCI_COMMAND) &&
        (val >> ((PCI_COMMAND - addr) * 8)) & PCI_COMMAND_MASTER &&
        !(cmd & PCI_COMMAND_MASTER)) {
        pci_default_write_config(d, PCI_COMMAND, cmd | PCI_COMMAND_MASTER, 2);
    }
    if (be) {
        r = vfpt_cfg_wr(s, reg, be, val << (off * 8));
        if (r > 0) {
            qemu_log_mask(LOG_GUEST_ERROR, "%s: config write of 0x%03x: %s\n",
                          s->link.name, addr, vfpt_result(r));
        }
        have_rtl = r == VFN_CPL_SC &&
                   vfpt_cfg_rd(s, reg, 0xf, &rtl) == VFN_CPL_SC;
    }
    /* QEMU's side: BAR placement, Command (MSE from the guest, BME) */
    if (ranges_overlap(addr, len, PCI_COMMAND, 2) ||
        ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 24)) {
        pci_default_write_config(d, addr, val, len);
    }
    if (have_rtl) {
        for (i = 0; i < 4; i++) {
            if (!vfpt_qemu_owned(reg + i) &&
                !range_covers_byte(PCI_COMMAND, 2, reg + i)) {
                d->config[reg + i] = rtl >> (i * 8);
            }
        }
        if (ranges_overlap(reg, 4, PCI_COMMAND, 2)) {
            vfpt_apply_command(d, rtl);
        }
    }
    if (d->exp.exp_cap &&
        range_covers_byte(addr, len, d->exp.exp_cap + PCI_EXP_DEVCTL + 1) &&
        (val >> ((d->exp.exp_cap + PCI_EXP_DEVCTL + 1 - addr) * 8)) &
        (PCI_EXP_DEVCTL_BCR_FLR >> 8)) {
        Error *err = NULL;

        /* the RTL reset this VF: take its config again */
        if (!vfpt_load_config(s, &err)) {
            error_report_err(err);
        }
    }
}

/* ---- BARs: every access is a BAR-relative TLP ---- */

static uint64_t vfnic_vf_pt_bar_read(void *opaque, hwaddr off, unsigned size)
{
    VfnicVfPtBar *bar = opaque;
    VfnicVfPtState *s = bar->s;
    uint64_t val = vfpt_ones(size);
    int r;

    r = vfn_link_mem_read_aux(&s->link, s->func,
                              VFN_TLP_AUX_BAR(bar->region), off, size, &val);
    if (r > 0) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: read of %u bytes at BAR%d+0x%"
                      HWADDR_PRIx ": %s, returning all-ones\n", s->link.name,
                      size, bar->region, off, vfpt_result(r));
    }
    return val;
}

static void vfnic_vf_pt_bar_write(void *opaque, hwaddr off, uint64_t val,
                                  unsigned size)
{
    VfnicVfPtBar *bar = opaque;
    VfnicVfPtState *s = bar->s;

    vfn_link_mem_write_aux(&s->link, s->func, VFN_TLP_AUX_BAR(bar->region),
                           off, size, val);
}

static const MemoryRegionOps vfnic_vf_pt_bar_ops = {
    .read = vfnic_vf_pt_bar_read,
    .write = vfnic_vf_pt_bar_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static void vfpt_register_bar(VfnicVfPtState *s, int region, uint64_t size)
{
    VfnicVfPtBar *bar = &s->bars[region];
    g_autofree char *name = g_strdup_printf("vfnic-vf%u-bar%d", s->vf, region);

    bar->s = s;
    bar->region = region;
    memory_region_init_io(&bar->mr, OBJECT(s), &vfnic_vf_pt_bar_ops, bar,
                          name, size);
    pci_register_bar(PCI_DEVICE(s), region, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &bar->mr);
}

/* ---- device requests: only this VF's, in this VM's address space ---- */

static PCIDevice *vfnic_vf_pt_requester(void *opaque, uint16_t func,
                                        uint16_t req_id)
{
    VfnicVfPtState *s = opaque;

    /* the requester ID's bus is VM A's; the model routes by function */
    return func == s->func ? PCI_DEVICE(s) : NULL;
}

/*
 * DMA windows: this VM's RAM, from the top-level RAM regions and aliases of
 * system memory (q35: ram-below-4g, ram-above-4g; the PAM aliases inside
 * them merge away), plus the MSI window.
 */
static int vfpt_window_cmp(const void *a, const void *b)
{
    const struct vfn_window *x = a, *y = b;

    return x->base < y->base ? -1 : x->base > y->base;
}

static bool vfpt_windows(VfnicVfPtState *s, Error **errp)
{
    MemoryRegion *sysmem = get_system_memory(), *sub;
    g_autofree struct vfn_window *w = NULL;
    unsigned n = 0, cap = 0, i, m;

    QTAILQ_FOREACH(sub, &sysmem->subregions, subregions_link) {
        MemoryRegion *t = sub->alias ? sub->alias : sub;

        if (!sub->enabled || !memory_region_is_ram(t) ||
            memory_region_is_rom(t) || sub->readonly ||
            !int128_nz(sub->size)) {
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            w = g_renew(struct vfn_window, w, cap);
        }
        w[n].base = sub->addr;
        w[n].size = int128_get64(sub->size);
        n++;
    }
    if (!n) {
        error_setg(errp, "found no RAM in this VM for the VF's DMA windows");
        return false;
    }
    qsort(w, n, sizeof(*w), vfpt_window_cmp);
    for (i = 1, m = 0; i < n; i++) {
        if (w[i].base <= w[m].base + w[m].size) {
            w[m].size = MAX(w[m].base + w[m].size, w[i].base + w[i].size) -
                        w[m].base;
        } else {
            w[++m] = w[i];
        }
    }
    n = m + 1;
    if (n > VFN_MAX_WINDOWS - 1) {
        error_setg(errp, "this VM has %u RAM ranges, more than the %d DMA "
                   "windows the transport allows besides MSI", n,
                   VFN_MAX_WINDOWS - 1);
        return false;
    }
    memcpy(s->link.windows, w, n * sizeof(*w));
    s->link.windows[n].base = VFNIC_MSI_BASE;
    s->link.windows[n].size = VFNIC_MSI_SIZE;
    s->link.nwindows = n + 1;
    return true;
}

/* ---- QOM ---- */

static void vfnic_vf_pt_realize(PCIDevice *d, Error **errp)
{
    VfnicVfPtState *s = VFNIC_VF(d);
    const char *id = DEVICE(d)->id;
    g_autofree char *name = NULL;

    if (!s->socket || !*s->socket) {
        error_setg(errp, "vfnic-vf needs socket=PATH, the UNIX socket of a "
                   "running vfnic-model");
        return;
    }
    if (d->romfile) {
        error_setg(errp, "vfnic-vf takes no romfile");
        return;
    }
    if (!s->timeout_ms) {
        error_setg(errp, "timeout-ms must not be 0");
        return;
    }
    /*
     * The routing function from the RTL's generated SR-IOV constants: the
     * client cannot read the PF's capability. The model checks it (and
     * whether the PF host has enabled that VF) and refuses with its reason.
     */
    if (s->vf > 0xff - VFNIC_FIRST_VF_OFFSET) {
        error_setg(errp, "vfnic-vf: vf=%u is out of range", s->vf);
        return;
    }
    s->func = VFNIC_FIRST_VF_OFFSET + s->vf * VFNIC_VF_STRIDE;
    name = id ? g_strdup_printf("vfnic-vf '%s' (VF %u)", id, s->vf) :
                g_strdup_printf("vfnic-vf (VF %u)", s->vf);
    if (!vfpt_windows(s, errp)) {
        error_prepend(errp, "%s: ", name);
        return;
    }
    s->link.cpl_bytes = 64;
    if (!vfn_link_open(&s->link, s->socket, VFN_ROLE_VF, s->func, name,
                       s->timeout_ms, &DEVICE(d)->mem_reentrancy_guard,
                       vfnic_vf_pt_requester, s, errp)) {
        error_prepend(errp, "%s: ", name);
        return;
    }
    if (s->vf >= s->link.client.welcome.total_vfs) {
        /* the model would have refused; be clear if it ever does not */
        error_setg(errp, "vf=%u but the RTL has TotalVFs %u", s->vf,
                   s->link.client.welcome.total_vfs);
        goto fail;
    }
    if (!vfpt_load_config(s, errp)) {
        goto fail;
    }
    if (!d->exp.exp_cap) {
        error_setg(errp, "the RTL's VF config space has no PCI Express "
                   "capability");
        goto fail;
    }
    /* what a VF cannot present: IDs and BARs (VFIO does the same) */
    pci_set_word(d->config + PCI_VENDOR_ID, VFNIC_VENDOR_ID);
    pci_set_word(d->config + PCI_DEVICE_ID, VFNIC_VF_DEVICE_ID);
    pci_set_word(d->wmask + PCI_COMMAND,
                 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    pci_set_word(d->w1cmask + PCI_COMMAND, 0);
    vfpt_register_bar(s, 0, VFNIC_VF_BAR0_SIZE);
    vfpt_register_bar(s, VFNIC_VF_MSIX_BAR,
                      1ULL << VFNIC_VF_MSIX_BAR_SIZE_LOG2);
    vfn_link_start(&s->link);
    return;
fail:
    error_prepend(errp, "%s: ", name);
    vfn_link_close(&s->link);
}

static void vfnic_vf_pt_exit(PCIDevice *d)
{
    vfn_link_close(&VFNIC_VF(d)->link);
}

/* device and system reset: FLR of the VF (a VF client may not RESET) */
static void vfnic_vf_pt_reset_hold(Object *obj, ResetType type)
{
    VfnicVfPtState *s = VFNIC_VF(obj);
    PCIDevice *d = PCI_DEVICE(obj);
    unsigned reg;
    Error *err = NULL;
    int r;

    if (!vfn_link_alive(&s->link) || !d->exp.exp_cap) {
        return;
    }
    reg = d->exp.exp_cap + PCI_EXP_DEVCTL;
    r = vfpt_cfg_wr(s, reg & ~3u, 0x3u << (reg & 3),
                    (uint32_t)PCI_EXP_DEVCTL_BCR_FLR << ((reg & 3) * 8));
    if (r != VFN_CPL_SC) {
        error_report("%s: FLR on reset failed (%s)", s->link.name,
                     vfpt_result(r));
        return;
    }
    if (!vfpt_load_config(s, &err)) {
        error_report_err(err);
    }
}

static const VMStateDescription vfnic_vf_pt_vmstate = {
    .name = TYPE_VFNIC_VF,
    .unmigratable = 1,
};

static const Property vfnic_vf_pt_properties[] = {
    DEFINE_PROP_STRING("socket", VfnicVfPtState, socket),
    DEFINE_PROP_UINT32("vf", VfnicVfPtState, vf, 0),
    DEFINE_PROP_UINT32("timeout-ms", VfnicVfPtState, timeout_ms, 5000),
};

static void vfnic_vf_pt_instance_init(Object *obj)
{
    VfnicVfPtState *s = VFNIC_VF(obj);
    VfnLinkStats *st = &s->link.stats;

    object_property_add_uint32_ptr(obj, "timeouts", &st->timeouts,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "model-errors", &st->model_errors,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-refused", &st->dma_refused,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-reads", &st->dma_reads,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint32_ptr(obj, "dma-writes", &st->dma_writes,
                                   OBJ_PROP_FLAG_READ);
}

static void vfnic_vf_pt_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(klass);

    pc->realize = vfnic_vf_pt_realize;
    pc->exit = vfnic_vf_pt_exit;
    pc->config_read = vfnic_vf_pt_config_read;
    pc->config_write = vfnic_vf_pt_config_write;
    rc->phases.hold = vfnic_vf_pt_reset_hold;
    dc->desc = "vfnic SR-IOV VF given to this VM (pass-through of a VF of "
               "the RTL in vfnic-model)";
    dc->vmsd = &vfnic_vf_pt_vmstate;
    dc->hotpluggable = false;
    device_class_set_props(dc, vfnic_vf_pt_properties);
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static const TypeInfo vfnic_vf_pt_info = {
    .name = TYPE_VFNIC_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(VfnicVfPtState),
    .instance_init = vfnic_vf_pt_instance_init,
    .class_init = vfnic_vf_pt_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void vfnic_vf_pt_register_types(void)
{
    type_register_static(&vfnic_vf_pt_info);
}

type_init(vfnic_vf_pt_register_types)
