/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * vfnic_link: host accesses -> TLPs to the vfnic model, and the model's
 * device requests (DMA, MSI-X writes) -> guest memory. See vfnic_link.h and
 * docs/qemu-device.md for the rules this file keeps: everything under the
 * BQL, device requests performed in arrival order (also while a vCPU waits
 * for a completion), bounded waits, never trusting the model's bytes.
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "qapi/error.h"
#include "exec/memory.h"
#include "hw/pci/pci_device.h"

#include "vfnic_link.h"
#include "vfn_server.h"     /* vfn_ring_read: copy a message out, then pop */
#include "vfn_tlp.h"

/* device requests served per main-loop turn before yielding */
#define LINK_BURST      256
/* a message copied out of shared memory (the model is another process) */
#define LINK_MSG_BYTES  ((VFN_MSG_MAX + 7) & ~7u)

typedef union LinkMsg {
    struct vfn_msg m;
    uint8_t bytes[LINK_MSG_BYTES];
    uint64_t align;
} LinkMsg;

typedef enum { WAIT_CPL, WAIT_RESET } WaitKind;

/* what the requester (vCPU or reset) waits for */
typedef struct LinkWait {
    WaitKind kind;
    const char *what;       /* for messages */
    uint32_t seq;           /* our message's seq: ERROR and RESET_DONE */
    uint8_t tag;
    uint32_t *data;         /* CplD payload goes here */
    unsigned want_dw;       /* 0: completion without data expected */
    unsigned got_dw;
    int result;
    bool done;
} LinkWait;

static const char *const link_err_names[] = {
    [VFN_ERR_UNKNOWN_TYPE] = "unknown type",
    [VFN_ERR_TRUNCATED] = "truncated",
    [VFN_ERR_BAD_TLP] = "bad TLP",
    [VFN_ERR_NOT_OWNER] = "function not owned",
    [VFN_ERR_FRAMING] = "framing",
    [VFN_ERR_DMA_WINDOW] = "DMA window",
    [VFN_ERR_OVERFLOW] = "overflow",
};

bool vfn_link_alive(const VfnLink *l)
{
    return l->open && !l->gone;
}

static void link_remove_handlers(VfnLink *l)
{
    if (!l->handlers) {
        return;
    }
    qemu_set_fd_handler(vfn_client_notify_fd(&l->client), NULL, NULL, NULL);
    qemu_set_fd_handler(l->client.sock, NULL, NULL, NULL);
    l->handlers = false;
}

/* the model is gone: say so once; from now on the device reads ~0 */
static void link_lost(VfnLink *l, const char *why)
{
    if (l->gone) {
        return;
    }
    l->gone = true;
    error_report("%s: lost the vfnic model (%s); the device is dead, "
                 "its reads return all-ones", l->name, why);
    link_remove_handlers(l);
}

/* queue one TLP; *seq (if given) receives the message's sequence number */
static int link_send_tlp_aux(VfnLink *l, uint16_t func, uint32_t aux,
                             const uint32_t hdr[4], const void *payload,
                             unsigned ndw, uint32_t *seq)
{
    uint8_t body[16 + 16];
    int r;

    if (seq) {
        *seq = l->client.tx.seq;    /* the ring stamps seq, then counts */
    }
    if (!aux) {
        r = vfn_client_send_tlp(&l->client, func, hdr, payload, ndw,
                                (int)l->timeout_ms);
    } else {
        /* a VF client's BAR-relative MMIO: at most 3 DWs of payload */
        assert(ndw <= 4);
        memcpy(body, hdr, 16);
        if (ndw) {
            memcpy(body + 16, payload, ndw * 4);
        }
        r = vfn_client_send(&l->client, VFN_MSG_TLP, func, aux, body,
                            16 + ndw * 4, (int)l->timeout_ms);
    }
    if (r == 0) {
        return 0;
    }
    if (r == -ETIMEDOUT) {
        l->stats.timeouts++;
        error_report("%s: the model has not drained its ring for %u ms",
                     l->name, l->timeout_ms);
        return VFN_LINK_TIMEOUT;
    }
    link_lost(l, r == -EPIPE ? "it closed the connection" : strerror(-r));
    return VFN_LINK_DEAD;
}

static int link_send_tlp(VfnLink *l, uint16_t func, const uint32_t hdr[4],
                         const void *payload, unsigned ndw, uint32_t *seq)
{
    return link_send_tlp_aux(l, func, 0, hdr, payload, ndw, seq);
}

/* ---- device requests: the model's DMA reads and writes ---- */

static void link_refuse(VfnLink *l, const char *why, const uint32_t *hdr)
{
    l->stats.dma_refused++;
    qemu_log_mask(LOG_GUEST_ERROR,
                  "%s: refused device request 0x%02x from %04x to "
                  "0x%" PRIx64 ": %s\n", l->name, vfn_tlp_fmt_type(hdr),
                  vfn_tlp_req_id(hdr), vfn_tlp_addr(hdr), why);
}

/* completion without data (UR for a read we cannot serve) */
static void link_send_status(VfnLink *l, uint16_t func, const uint32_t *req,
                             unsigned status, unsigned byte_count)
{
    uint32_t hdr[4];

    vfn_tlp_cpl(hdr, false, status, VFN_LINK_HOST_ID, byte_count,
                vfn_tlp_req_id(req), vfn_tlp_req_tag(req), 0, 0);
    link_send_tlp(l, func, hdr, NULL, 0, NULL);
}

/* is byte i of a request's payload enabled by its byte enables? */
static bool link_byte_enabled(unsigned i, unsigned ndw, unsigned fbe,
                              unsigned lbe)
{
    unsigned dw = i / 4;

    if (dw == 0) {
        return (fbe >> (i % 4)) & 1;
    }
    if (dw == ndw - 1) {
        return (lbe >> (i % 4)) & 1;
    }
    return true;
}

/* the requesting function's PCIDevice, if it may master the bus now */
static PCIDevice *link_requester(VfnLink *l, uint16_t func,
                                 const uint32_t *hdr)
{
    PCIDevice *dev = l->resolve(l->opaque, func, vfn_tlp_req_id(hdr));

    if (!dev) {
        link_refuse(l, "requester ID is not a function of this device", hdr);
        return NULL;
    }
    if (!(pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_MASTER)) {
        /* the RTL must not master the bus with BME clear: an RTL bug */
        warn_report_once("%s: device request with Bus Master Enable clear "
                         "(refused; see the dma-refused counter)", l->name);
        link_refuse(l, "Bus Master Enable is clear", hdr);
        return NULL;
    }
    return dev;
}

static void link_dma_write(VfnLink *l, uint16_t func, const uint32_t *hdr,
                           const uint32_t *payload, unsigned avail_dw)
{
    unsigned ndw = vfn_tlp_len_dw(hdr), nbytes = ndw * 4;
    unsigned fbe = vfn_tlp_fbe(hdr), lbe = vfn_tlp_lbe(hdr);
    const uint8_t *bytes = (const uint8_t *)payload;
    uint64_t addr = vfn_tlp_addr(hdr);
    MemTxAttrs attrs = { .requester_id = vfn_tlp_req_id(hdr) };
    MemTxResult res = MEMTX_OK;
    PCIDevice *dev;
    unsigned i = 0;

    if (ndw > avail_dw) {
        link_refuse(l, "payload shorter than its Length", hdr);
        return;
    }
    dev = link_requester(l, func, hdr);
    if (!dev) {
        return;
    }
    l->stats.dma_writes++;
    /* one write per run of enabled bytes: usually exactly one */
    while (i < nbytes) {
        unsigned start;

        if (!link_byte_enabled(i, ndw, fbe, lbe)) {
            i++;
            continue;
        }
        start = i;
        while (i < nbytes && link_byte_enabled(i, ndw, fbe, lbe)) {
            i++;
        }
        res |= address_space_write(pci_get_address_space(dev), addr + start,
                                   attrs, bytes + start, i - start);
    }
    if (res != MEMTX_OK) {
        l->stats.dma_failed++;
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: device DMA write of %u bytes to 0x%" PRIx64
                      " failed (nothing there, or the device itself)\n",
                      l->name, nbytes, addr);
    }
}

/*
 * Byte span of a read request per its byte enables: *first is the offset of
 * the first enabled byte from the DW-aligned address, the result the Byte
 * Count (0 for a malformed request).
 */
static unsigned link_read_span(const uint32_t *hdr, unsigned *first)
{
    unsigned ndw = vfn_tlp_len_dw(hdr);
    unsigned fbe = vfn_tlp_fbe(hdr), lbe = vfn_tlp_lbe(hdr);
    unsigned last;

    if (ndw == 1) {
        if (!fbe) {
            *first = 0;
            return 0;
        }
        *first = ctz32(fbe);
        last = 31 - clz32(fbe);
    } else {
        if (!fbe || !lbe) {
            return 0;
        }
        *first = ctz32(fbe);
        last = (ndw - 1) * 4 + 31 - clz32(lbe);
    }
    return last + 1 - *first;
}

static void link_dma_read(VfnLink *l, uint16_t func, const uint32_t *hdr)
{
    unsigned ndw = vfn_tlp_len_dw(hdr), first = 0, bc, cur, end;
    uint64_t addr = vfn_tlp_addr(hdr);
    MemTxAttrs attrs = { .requester_id = vfn_tlp_req_id(hdr) };
    uint32_t buf[1024];
    uint32_t cpl[4];
    PCIDevice *dev;

    bc = link_read_span(hdr, &first);
    dev = link_requester(l, func, hdr);
    if (!dev) {
        link_send_status(l, func, hdr, VFN_CPL_UR, bc ? bc : 4);
        return;
    }
    l->stats.dma_reads++;
    if (ndw == 1 && !vfn_tlp_fbe(hdr)) {
        /* zero-length read (a flush): one DW of don't-care data */
        buf[0] = 0;
        vfn_tlp_cpl(cpl, true, VFN_CPL_SC, VFN_LINK_HOST_ID, 1,
                    vfn_tlp_req_id(hdr), vfn_tlp_req_tag(hdr),
                    addr & 0x7f, 1);
        link_send_tlp(l, func, cpl, buf, 1, NULL);
        return;
    }
    if (!bc) {
        link_refuse(l, "byte enables malformed", hdr);
        link_send_status(l, func, hdr, VFN_CPL_UR, 4);
        return;
    }
    memset(buf, 0, ndw * 4);
    if (address_space_read(pci_get_address_space(dev), addr + first, attrs,
                           (uint8_t *)buf + first, bc) != MEMTX_OK) {
        l->stats.dma_failed++;
        qemu_log_mask(LOG_GUEST_ERROR,
                      "%s: device DMA read of %u bytes at 0x%" PRIx64
                      " failed (nothing there, or the device itself): UR\n",
                      l->name, bc, addr + first);
        link_send_status(l, func, hdr, VFN_CPL_UR, bc);
        return;
    }
    /* completions never cross an l->cpl_bytes boundary (64 = the RCB) */
    cur = first;
    end = first + bc;
    while (cur < end && vfn_link_alive(l)) {
        uint64_t a = addr + cur;
        unsigned stop = MIN(end, cur + l->cpl_bytes - (a % l->cpl_bytes));
        unsigned dw0 = cur / 4, dwn = DIV_ROUND_UP(stop, 4);

        vfn_tlp_cpl(cpl, true, VFN_CPL_SC, VFN_LINK_HOST_ID, end - cur,
                    vfn_tlp_req_id(hdr), vfn_tlp_req_tag(hdr), a & 0x7f,
                    dwn - dw0);
        if (link_send_tlp(l, func, cpl, buf + dw0, dwn - dw0, NULL)) {
            return;
        }
        cur = stop;
    }
}

static void link_device_request(VfnLink *l, uint16_t func,
                                const uint32_t *hdr, const uint32_t *payload,
                                unsigned avail_dw)
{
    switch (vfn_tlp_fmt_type(hdr)) {
    case VFN_TLP_MWR32:
    case VFN_TLP_MWR64:
        link_dma_write(l, func, hdr, payload, avail_dw);
        return;
    case VFN_TLP_MRD32:
    case VFN_TLP_MRD64:
        link_dma_read(l, func, hdr);
        return;
    default:
        if (vfn_tlp_is_posted(hdr)) {
            link_refuse(l, "posted request type not supported; dropped", hdr);
            return;
        }
        link_refuse(l, "request type not supported; UR", hdr);
        link_send_status(l, func, hdr, VFN_CPL_UR, 4);
        return;
    }
}

/* ---- completions and control messages ---- */

static void link_completion(VfnLink *l, const uint32_t *hdr,
                            const uint32_t *payload, unsigned avail_dw,
                            LinkWait *w)
{
    unsigned status = vfn_tlp_cpl_status(hdr), ndw, bytes_here;

    if (!w || w->kind != WAIT_CPL || w->done ||
        vfn_tlp_cpl_tag(hdr) != w->tag) {
        /* typically the late answer to a request that timed out */
        l->stats.stale_cpls++;
        qemu_log_mask(LOG_GUEST_ERROR, "%s: dropped a completion (tag %u) "
                      "nobody waits for\n", l->name, vfn_tlp_cpl_tag(hdr));
        return;
    }
    w->done = true;
    if (status != VFN_CPL_SC) {
        w->result = status;
        return;
    }
    if (!vfn_tlp_has_data(hdr)) {
        /* fine for a write; a read must get data */
        w->result = w->want_dw ? VFN_CPL_CA : VFN_CPL_SC;
        return;
    }
    ndw = vfn_tlp_len_dw(hdr);
    if (ndw > avail_dw) {
        w->result = VFN_CPL_CA;
        return;
    }
    if (w->got_dw < w->want_dw) {
        memcpy(w->data + w->got_dw, payload,
               MIN(ndw, w->want_dw - w->got_dw) * 4);
    }
    w->got_dw += ndw;
    bytes_here = ndw * 4 - (vfn_tlp_cpl_lower_addr(hdr) & 3);
    if (vfn_tlp_cpl_byte_count(hdr) > bytes_here && w->got_dw < w->want_dw) {
        w->done = false;    /* split completion: more to come */
        return;
    }
    w->result = VFN_CPL_SC;
}

static void link_model_error(VfnLink *l, const struct vfn_msg *m,
                             size_t body_len, LinkWait *w)
{
    const struct vfn_error *e = (const struct vfn_error *)(m + 1);
    const char *name = m->aux < ARRAY_SIZE(link_err_names) &&
                       link_err_names[m->aux] ? link_err_names[m->aux] :
                       "unknown";
    char text[VFN_TEXT_LEN + 1] = "";
    uint32_t bad_seq = UINT32_MAX;

    l->stats.model_errors++;
    if (body_len >= sizeof(*e)) {
        memcpy(text, e->text, VFN_TEXT_LEN);
        bad_seq = e->bad_seq;
    }
    error_report("%s: the model rejected message %u (%s): %s", l->name,
                 bad_seq, name, text);
    if (w && !w->done && bad_seq == w->seq) {
        w->result = VFN_LINK_REJECTED;
        w->done = true;
    }
}

/* act on one message from the model; w is the waiter, if any */
static void link_dispatch(VfnLink *l, const struct vfn_msg *m, LinkWait *w)
{
    size_t body_len = m->len - sizeof(*m);
    const uint32_t *body = (const uint32_t *)(m + 1);

    switch (m->type) {
    case VFN_MSG_TLP:
        if (body_len < 16) {
            break;
        }
        if (vfn_tlp_is_cpl(body)) {
            link_completion(l, body, body + 4, (body_len - 16) / 4, w);
        } else {
            link_device_request(l, m->func, body, body + 4,
                                (body_len - 16) / 4);
        }
        return;
    case VFN_MSG_ERROR:
        link_model_error(l, m, body_len, w);
        return;
    case VFN_MSG_RESET_DONE:
        if (w && w->kind == WAIT_RESET && !w->done && m->aux == w->seq) {
            w->result = VFN_CPL_SC;
            w->done = true;
        }
        return;
    case VFN_MSG_PONG:
        return;
    default:
        break;
    }
    qemu_log_mask(LOG_GUEST_ERROR, "%s: ignored malformed message type %u "
                  "from the model\n", l->name, m->type);
}

/* copy the next message out of the ring; 1 = got one, 0 = empty, <0 bad */
static int link_take(VfnLink *l, LinkMsg *buf)
{
    long n = vfn_ring_read(&l->client.rx, buf, sizeof(*buf));

    if (n < 0) {
        link_lost(l, "broken ring framing");
        return -1;
    }
    return n > 0;
}

/* ---- waiting (vCPU or reset path) ---- */

/* serve messages until w is done; device requests in order, inline */
static int link_wait(VfnLink *l, LinkWait *w)
{
    int64_t deadline = g_get_monotonic_time() + l->timeout_ms * 1000LL;
    LinkMsg buf;

    while (!w->done) {
        int64_t left = deadline - g_get_monotonic_time();
        int err = 0;

        if (left <= 0) {
            l->stats.timeouts++;
            error_report("%s: no answer from the model to %s within %u ms; "
                         "the access returns all-ones", l->name, w->what,
                         l->timeout_ms);
            return VFN_LINK_TIMEOUT;
        }
        if (!vfn_client_wait(&l->client, (int)((left + 999) / 1000), &err)) {
            if (err == -ETIMEDOUT) {
                continue;
            }
            link_lost(l, err == -EPIPE ? "it closed the connection" :
                      "broken ring framing");
            return VFN_LINK_DEAD;
        }
        if (link_take(l, &buf) < 0) {
            return VFN_LINK_DEAD;
        }
        link_dispatch(l, &buf.m, w);
        if (l->gone) {
            return VFN_LINK_DEAD;
        }
    }
    return w->result;
}

/* let the main loop see messages that arrived after our completion */
static void link_rearm(VfnLink *l)
{
    if (!l->handlers || l->gone) {
        return;
    }
    if (vfn_ring_used(&l->client.rx) ||
        !vfn_ring_prepare_sleep(&l->client.rx)) {
        qemu_bh_schedule(l->bh);
    }
}

/* enter a request: refuse when dead or nested inside a device request */
static int link_begin(VfnLink *l, bool *guard_was)
{
    if (!vfn_link_alive(l)) {
        return VFN_LINK_DEAD;
    }
    if (l->depth) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: access to the device from inside "
                      "one of its own requests (DMA loop?) refused\n",
                      l->name);
        return VFN_LINK_NESTED;
    }
    l->depth++;
    *guard_was = l->guard->engaged_in_io;
    l->guard->engaged_in_io = true;
    return 0;
}

static void link_end(VfnLink *l, bool guard_was)
{
    l->guard->engaged_in_io = guard_was;
    l->depth--;
    link_rearm(l);
}

static int link_request(VfnLink *l, uint16_t func, uint32_t aux,
                        const uint32_t hdr[4],
                        const uint32_t *payload, unsigned payload_dw,
                        uint32_t *data, unsigned want_dw, const char *what)
{
    LinkWait w = {
        .kind = WAIT_CPL, .what = what, .tag = vfn_tlp_req_tag(hdr),
        .data = data, .want_dw = want_dw,
    };
    bool guard_was;
    int r = link_begin(l, &guard_was);

    if (r) {
        return r;
    }
    r = link_send_tlp_aux(l, func, aux, hdr, payload, payload_dw, &w.seq);
    if (!r) {
        r = link_wait(l, &w);
    }
    link_end(l, guard_was);
    return r;
}

/* ---- public API ---- */

int vfn_link_cfg_read(VfnLink *l, uint16_t func, uint16_t completer,
                      unsigned reg, unsigned be, uint32_t *val)
{
    uint32_t hdr[4];

    *val = UINT32_MAX;
    vfn_tlp_cfg(hdr, false, completer, reg, be, VFN_LINK_HOST_ID,
                l->next_tag++);
    return link_request(l, func, 0, hdr, NULL, 0, val, 1, "a config read");
}

int vfn_link_cfg_write(VfnLink *l, uint16_t func, uint16_t completer,
                       unsigned reg, unsigned be, uint32_t val)
{
    uint32_t hdr[4];

    vfn_tlp_cfg(hdr, true, completer, reg, be, VFN_LINK_HOST_ID,
                l->next_tag++);
    return link_request(l, func, 0, hdr, &val, 1, NULL, 0, "a config write");
}

int vfn_link_mem_read(VfnLink *l, uint16_t func, uint64_t addr,
                      unsigned size, uint64_t *val)
{
    return vfn_link_mem_read_aux(l, func, 0, addr, size, val);
}

int vfn_link_mem_write(VfnLink *l, uint16_t func, uint64_t addr,
                       unsigned size, uint64_t val)
{
    return vfn_link_mem_write_aux(l, func, 0, addr, size, val);
}

int vfn_link_mem_read_aux(VfnLink *l, uint16_t func, uint32_t aux,
                          uint64_t addr, unsigned size, uint64_t *val)
{
    uint32_t hdr[4], data[3];
    unsigned fbe, lbe, ndw;
    uint64_t v = 0;
    int r;

    *val = size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;
    ndw = vfn_tlp_access_dw(addr, size, &fbe, &lbe);
    vfn_tlp_mem(hdr, false, addr, ndw, fbe, lbe, VFN_LINK_HOST_ID,
                l->next_tag++);
    memset(data, 0xff, sizeof(data));
    r = link_request(l, func, aux, hdr, NULL, 0, data, ndw, "an MMIO read");
    if (r == VFN_CPL_SC) {
        memcpy(&v, (uint8_t *)data + (addr & 3), size);
        *val = le64_to_cpu(v);
    }
    return r;
}

int vfn_link_mem_write_aux(VfnLink *l, uint16_t func, uint32_t aux,
                           uint64_t addr, unsigned size, uint64_t val)
{
    uint32_t hdr[4], data[3] = { 0 };
    uint64_t le = cpu_to_le64(val);
    unsigned fbe, lbe, ndw;

    if (!vfn_link_alive(l)) {
        return VFN_LINK_DEAD;
    }
    ndw = vfn_tlp_access_dw(addr, size, &fbe, &lbe);
    vfn_tlp_mem(hdr, true, addr, ndw, fbe, lbe, VFN_LINK_HOST_ID, 0);
    memcpy((uint8_t *)data + (addr & 3), &le, size);
    return link_send_tlp_aux(l, func, aux, hdr, data, ndw, NULL);
}

int vfn_link_reset(VfnLink *l)
{
    LinkWait w = { .kind = WAIT_RESET, .what = "RESET" };
    bool guard_was;
    int r = link_begin(l, &guard_was);

    if (r) {
        return r;
    }
    w.seq = l->client.tx.seq;
    r = vfn_client_send(&l->client, VFN_MSG_RESET, 0, 0, NULL, 0,
                        (int)l->timeout_ms);
    if (r == -EPIPE) {
        link_lost(l, "it closed the connection");
        r = VFN_LINK_DEAD;
    } else if (r) {
        error_report("%s: cannot send RESET: %s", l->name, strerror(-r));
        r = VFN_LINK_TIMEOUT;
    } else {
        r = link_wait(l, &w);
    }
    link_end(l, guard_was);
    return r;
}

void vfn_link_poll(VfnLink *l)
{
    unsigned n = 0;
    bool guard_was;
    LinkMsg buf;

    if (!vfn_link_alive(l) || l->depth) {
        return;
    }
    /* working now: no kicks needed until we announce sleep again */
    vfn_ring_end_sleep(&l->client.rx);
    l->depth++;
    guard_was = l->guard->engaged_in_io;
    l->guard->engaged_in_io = true;
    while (!l->gone) {
        int got;

        if (n++ == LINK_BURST) {
            qemu_bh_schedule(l->bh);    /* let the rest of QEMU run */
            break;
        }
        got = link_take(l, &buf);
        if (got < 0) {
            break;
        }
        if (got) {
            link_dispatch(l, &buf.m, NULL);
        } else if (vfn_ring_prepare_sleep(&l->client.rx)) {
            break;                      /* empty, and the model will kick */
        }
    }
    l->guard->engaged_in_io = guard_was;
    l->depth--;
}

static void link_notify(void *opaque)
{
    vfn_link_poll(opaque);
}

static void link_bh(void *opaque)
{
    vfn_link_poll(opaque);
}

/* the socket carries nothing after the handshake: readable means EOF */
static void link_sock_event(void *opaque)
{
    VfnLink *l = opaque;
    char byte;
    ssize_t n = recv(l->client.sock, &byte, 1, MSG_DONTWAIT | MSG_PEEK);

    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return;
    }
    if (n > 0) {
        char junk[256];

        /* not in the protocol: consume it so we do not spin on it */
        if (recv(l->client.sock, junk, sizeof(junk), MSG_DONTWAIT) >= 0) {
            warn_report("%s: ignored an unexpected datagram on the model's "
                        "socket", l->name);
        }
        return;
    }
    /* the model may have queued a last ERROR before closing */
    vfn_link_poll(l);
    link_lost(l, "it closed the connection");
}

bool vfn_link_open(VfnLink *l, const char *path, enum vfn_role role,
                   uint16_t func, const char *name, uint32_t timeout_ms,
                   MemReentrancyGuard *guard, VfnLinkResolveFn *resolve,
                   void *opaque, Error **errp)
{
    struct vfn_hello hello;
    char err[256] = "";
    int r;

    l->name = g_strdup(name);
    l->timeout_ms = timeout_ms;
    l->guard = guard;
    l->resolve = resolve;
    l->opaque = opaque;
    if (!l->cpl_bytes) {
        l->cpl_bytes = 64;
    }
    vfn_hello_init(&hello, role, func, name);
    if (l->nwindows) {
        assert(l->nwindows <= VFN_MAX_WINDOWS);
        hello.nwindows = l->nwindows;
        memcpy(hello.windows, l->windows,
               l->nwindows * sizeof(hello.windows[0]));
    }
    r = vfn_client_connect(&l->client, path, &hello, err, sizeof(err));
    if (r) {
        error_setg(errp, "cannot use the vfnic model at '%s': %s", path,
                   err[0] ? err : strerror(r < 0 ? -r : EPROTO));
        if (r < 0 && (r == -ENOENT || r == -ECONNREFUSED)) {
            error_append_hint(errp, "Start build/model/vfnic-model --socket "
                              "%s first.\n", path);
        }
        g_free(l->name);
        l->name = NULL;
        return false;
    }
    l->open = true;
    l->gone = false;
    l->bh = qemu_bh_new_guarded(link_bh, l, guard);
    return true;
}

void vfn_link_start(VfnLink *l)
{
    if (!vfn_link_alive(l) || l->handlers) {
        return;
    }
    qemu_set_fd_handler(vfn_client_notify_fd(&l->client), link_notify, NULL,
                        l);
    qemu_set_fd_handler(l->client.sock, link_sock_event, NULL, l);
    l->handlers = true;
    vfn_link_poll(l);   /* serve what is there and arm the kick */
}

void vfn_link_close(VfnLink *l)
{
    if (!l->open) {
        return;
    }
    link_remove_handlers(l);
    qemu_bh_delete(l->bh);
    l->bh = NULL;
    vfn_client_close(&l->client);
    l->open = false;
    g_free(l->name);
    l->name = NULL;
}
