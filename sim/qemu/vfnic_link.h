/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfnic_link: the narrow API between vfnic's QEMU devices and the model
 * process (docs/qemu-device.md). It turns host accesses into TLPs, waits for
 * their completions, and performs the device's own requests (DMA, MSI-X
 * writes) on guest memory, in the order the model sent them.
 *
 * Everything here runs under the BQL: from a vCPU doing MMIO or config
 * accesses, from the reset path, or from the main loop's fd handler.
 */
#ifndef HW_VFNIC_LINK_H
#define HW_VFNIC_LINK_H

#include "exec/memory.h"
#include "hw/pci/pci_device.h"
#include "vfn_transport.h"

/* results besides a completion status (enum vfn_cpl_status, >= 0) */
#define VFN_LINK_DEAD      (-1) /* model gone: the device reads ~0 */
#define VFN_LINK_TIMEOUT   (-2) /* no completion in time */
#define VFN_LINK_NESTED    (-3) /* request from inside a device request */
#define VFN_LINK_REJECTED  (-4) /* the model answered with ERROR */

/* host-side requester/completer ID: the root complex, 00:00.0 */
#define VFN_LINK_HOST_ID   0x0000

/*
 * Which QEMU function performs a device request: given the message's
 * function and the TLP's requester ID, return the PCIDevice whose bus-master
 * address space the request uses, or NULL to refuse it.
 */
typedef PCIDevice *VfnLinkResolveFn(void *opaque, uint16_t func,
                                    uint16_t req_id);

typedef struct VfnLinkStats {
    uint32_t timeouts;          /* requests that got no completion */
    uint32_t stale_cpls;        /* completions nobody waited for */
    uint32_t model_errors;      /* ERROR messages from the model */
    uint32_t dma_refused;       /* device requests refused (no BME, ...) */
    uint32_t dma_failed;        /* device requests QEMU could not perform */
    uint32_t dma_reads;
    uint32_t dma_writes;
} VfnLinkStats;

typedef struct VfnLink {
    struct vfn_client client;
    char *name;                 /* for messages, e.g. "vfnic-pf (pf0)" */
    uint32_t timeout_ms;
    uint32_t cpl_bytes;         /* CplD boundary for device reads, 64..4096 */
    MemReentrancyGuard *guard;  /* the owning device's */
    VfnLinkResolveFn *resolve;
    void *opaque;
    QEMUBH *bh;
    bool open;                  /* client connected (fds owned) */
    bool handlers;              /* main-loop fd handlers installed */
    bool gone;                  /* model lost: reads ~0, writes dropped */
    unsigned depth;             /* > 0 while waiting or serving requests */
    uint8_t next_tag;
    VfnLinkStats stats;
    /* DMA windows sent in the HELLO (set before vfn_link_open; 0 = all) */
    unsigned nwindows;
    struct vfn_window windows[VFN_MAX_WINDOWS];
} VfnLink;

/*
 * Connect to the model at @path with @role/@func; on failure sets @errp
 * with the model's explanation. @guard is engaged while device requests
 * are performed so DMA cannot re-enter the device's own MMIO.
 */
bool vfn_link_open(VfnLink *l, const char *path, enum vfn_role role,
                   uint16_t func, const char *name, uint32_t timeout_ms,
                   MemReentrancyGuard *guard, VfnLinkResolveFn *resolve,
                   void *opaque, Error **errp);
/* start serving device requests from the main loop */
void vfn_link_start(VfnLink *l);
void vfn_link_close(VfnLink *l);
bool vfn_link_alive(const VfnLink *l);

/*
 * Type 0 configuration requests to @completer ({bus, devfn}); @reg is the
 * DW-aligned byte offset, @be the byte enables. Return the completion
 * status (VFN_CPL_SC on success) or a negative VFN_LINK_* result.
 */
int vfn_link_cfg_read(VfnLink *l, uint16_t func, uint16_t completer,
                      unsigned reg, unsigned be, uint32_t *val);
int vfn_link_cfg_write(VfnLink *l, uint16_t func, uint16_t completer,
                       unsigned reg, unsigned be, uint32_t val);

/*
 * Memory read of @size (1..8) bytes at bus address @addr: waits for the
 * CplD. On anything but success *val is all-ones.
 */
int vfn_link_mem_read(VfnLink *l, uint16_t func, uint64_t addr,
                      unsigned size, uint64_t *val);
/* posted memory write: returns once the MWr is queued */
int vfn_link_mem_write(VfnLink *l, uint16_t func, uint64_t addr,
                       unsigned size, uint64_t val);

/*
 * The same with the message's aux (a VF client's BAR-relative requests:
 * aux = VFN_TLP_AUX_BAR(k), @addr = offset in the VF's slice of BAR k).
 */
int vfn_link_mem_read_aux(VfnLink *l, uint16_t func, uint32_t aux,
                          uint64_t addr, unsigned size, uint64_t *val);
int vfn_link_mem_write_aux(VfnLink *l, uint16_t func, uint32_t aux,
                           uint64_t addr, unsigned size, uint64_t val);

/* fundamental reset of the device; waits for RESET_DONE */
int vfn_link_reset(VfnLink *l);

/* perform the device requests that are waiting (also the fd handler) */
void vfn_link_poll(VfnLink *l);

#endif /* HW_VFNIC_LINK_H */
