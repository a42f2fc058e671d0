/* SPDX-License-Identifier: MIT */
/*
 * vfnic model process: shared state of the server that connects transport
 * clients (docs/transport.md) to the Verilated vfnic_core (vfm_rtl.h).
 * Single-threaded; every function here runs on the main loop.
 */
#ifndef VFM_H
#define VFM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vfm_eth.h"
#include "vfm_rtl.h"
#include "vfn_proto.h"
#include "vfn_server.h"

#define VFM_MAX_CLIENTS		32
#define VFM_NFUNCS		256
#define VFM_OVF_LIMIT		(64u << 20)	/* default per-client overflow queue */
#define VFM_IDLE_TAIL_CYCLES	64	/* keep clocking after activity */
#define VFM_RESET_CYCLES	16
#define VFM_QUEUE_LIMIT		64	/* TLPs queued per RTL input stream */
#define VFM_READ_BUDGET		32	/* messages read from one client per pass */
#define VFM_HELLO_TIMEOUT_NS	5000000000LL
#define VFM_MSG_BUF		((VFN_MSG_MAX + 7u) & ~7u)

/* a message waiting for room in a client's ring */
struct vfm_qmsg {
	struct vfm_qmsg *next;
	struct vfn_msg msg;	/* followed by its body, msg.len bytes in all */
};

struct vfm_client {
	uint32_t id;		/* unique for the model's life; 0 = nobody */
	int sock;
	int active;		/* HELLO accepted, rings mapped */
	long long accepted_ns;
	char name[VFN_NAME_LEN];
	struct vfn_hello hello;	/* role, DMA windows */
	int hello_pending;	/* HELLO waits for the SR-IOV probe */
	struct vfn_server_shm shm;
	struct vfm_qmsg *ovf_head, *ovf_tail;
	size_t ovf_bytes;
	uint64_t msgs_in, msgs_out;
};

/* a TLP on its way into the RTL (cq or rc stream) */
struct vfm_tlp {
	struct vfm_tlp *next;
	uint32_t client_id;	/* who sent it; 0 = the model itself */
	int internal;		/* the model's own config request (SR-IOV probe) */
	uint16_t func;
	uint8_t client_tag;	/* cq non-posted: the client's tag and RID */
	uint16_t client_rid;
	uint32_t hdr[4];
	unsigned ndw;		/* payload DWs */
	uint32_t data[];
};

struct vfm_feed {
	struct vfm_tlp *head, *tail;
	unsigned count;
	unsigned beat;		/* beats of head already accepted */
	int started;		/* head has been offered to the RTL */
};

/* beats of one RTL output TLP being collected */
struct vfm_collect {
	int active;
	uint32_t hdr[4];
	unsigned ndw;
	uint32_t data[1024 + 4];
};

/* a client's non-posted request in the RTL, by the model's tag */
struct vfm_cq_tag {
	int used;
	int internal;		/* completion goes to the SR-IOV probe */
	uint32_t client_id;	/* 0 once the client has gone: discard */
	uint16_t func;
	uint16_t client_rid;
	uint8_t client_tag;
};

/* a device read (rq MRd) routed to a client, by the RTL's tag */
struct vfm_dev_read {
	int used;
	uint32_t client_id;
	uint32_t hdr[4];
};

struct vfm_reset_req {
	uint32_t client_id;
	uint32_t seq;
};

/*
 * What the model knows of the PF's SR-IOV capability, read from the RTL by
 * the model's own config requests (vfm_sriov.c). Invalidated by every config
 * write that could change it (extended config space or Device Control of the
 * PF, i.e. the SR-IOV capability or a PF FLR) and by RESET; while invalid,
 * VF clients' rings are not read and HELLOs wait, so nothing is decided on
 * stale values.
 */
#define VFM_SRIOV_OPS	48
struct vfm_sriov_op {
	uint8_t write;		/* CfgWr0 of `val`, else CfgRd0 into slot */
	uint8_t ones;		/* write all-ones (BAR sizing) */
	uint8_t slot;		/* read: where the value goes; write: value */
	uint16_t reg;
};

struct vfm_sriov {
	int valid;		/* the fields below match the RTL */
	int need;		/* a probe is wanted */
	int probing;		/* a probe runs: client rings are not read */
	int present;		/* the RTL has an SR-IOV capability */
	unsigned cap;		/* its offset, 0 = not found yet */
	unsigned walk;		/* extended capability being read */
	unsigned walked;	/* capabilities visited (loop guard) */
	struct vfm_sriov_op ops[VFM_SRIOV_OPS];
	unsigned nops, op;	/* probe program and position, in cap mode */
	uint32_t val[32];	/* values read by the probe, by slot */
	/* decoded */
	uint16_t ctrl, total, numvfs, first, stride;
	uint32_t page;		/* System Page Size */
	uint64_t bar_base[6];	/* VF BAR k base (64-bit BARs at k and k+1) */
	uint64_t bar_size[6];	/* size of one VF's slice of VF BAR k, 0 = none */
	uint64_t issued_at;	/* RTL cycle of the request in flight */
	uint64_t probes;	/* statistics */
};

struct vfm_stats {
	uint64_t msgs_in, msgs_out;
	uint64_t tlps_to_rtl, tlps_from_rtl;
	uint64_t rejects;
	uint64_t dma_refused;
	uint64_t cpl_discarded;
	uint64_t clients;
	long long busy_ns;
};

struct vfm {
	struct vfm_rtl *rtl;
	FILE *log;
	int log_tlp;		/* log every TLP */
	const char *socket_path;
	uint32_t ring_bytes;
	size_t ovf_limit;	/* bytes a client's overflow queue may hold */
	int listen_fd;
	struct vfm_client *clients[VFM_MAX_CLIENTS];
	uint32_t next_client_id;
	/* function 0: the PF/TEST client; a VF function: its VF client, else
	 * (0) the PF/TEST client while the function is 1..TotalVFs */
	uint32_t func_owner[VFM_NFUNCS];
	uint16_t pf_rid;	/* the PF's ID {bus, dev, 0}, from its CfgWr0s */
	struct vfm_sriov sr;

	struct vfm_feed cq, rc;
	struct vfm_collect cc, rq;
	struct vfm_cq_tag tags[256];
	unsigned tag_next;
	struct vfm_dev_read dev_reads[256];

	unsigned reset_left;	/* cycles of rst_ni low still to run */
	struct vfm_reset_req reset_reqs[VFM_MAX_CLIENTS];
	unsigned nreset_reqs;

	long long busy_since;	/* start of the current busy stretch, 0 = idle */
	long long trace_flushed;	/* when the FST file was last flushed */
	uint64_t quiet_cycles;	/* since the last stream activity */
	int rtl_idle;
	struct vfm_eth eth;	/* Ethernet port and its wire (--wire) */
	struct vfm_stats st;
};

/* vfm_log.c */
void vfm_log(struct vfm *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vfm_log_client(struct vfm *m, const struct vfm_client *c,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *vfm_tlp_str(char *buf, size_t n, const uint32_t *hdr);
void vfm_log_tlp(struct vfm *m, const char *dir, const struct vfm_client *c,
		 const uint32_t *hdr);
void vfm_log_stats(struct vfm *m, const char *when);

/* vfm_client.c */
struct vfm_client *vfm_client_find(struct vfm *m, uint32_t id);
void vfm_client_accept(struct vfm *m);
void vfm_client_on_socket(struct vfm *m, struct vfm_client *c);
void vfm_client_drop(struct vfm *m, struct vfm_client *c, const char *why);
void vfm_client_reap(struct vfm *m);
void vfm_client_read(struct vfm *m, struct vfm_client *c);
void vfm_client_flush(struct vfm *m, struct vfm_client *c);
void vfm_client_hellos_ready(struct vfm *m);
int vfm_client_send(struct vfm *m, struct vfm_client *c, uint16_t type,
		    uint16_t func, uint32_t aux, const void *b1, size_t l1,
		    const void *b2, size_t l2);
void vfm_client_error(struct vfm *m, struct vfm_client *c, uint32_t err,
		      const struct vfn_msg *bad, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int vfm_client_owns(const struct vfm *m, const struct vfm_client *c,
		    unsigned func);
uint32_t vfm_func_owner(const struct vfm *m, unsigned func);

/* vfm_route.c */
void vfm_route_client_tlp(struct vfm *m, struct vfm_client *c,
			  const struct vfn_msg *msg);
void vfm_route_client_gone(struct vfm *m, struct vfm_client *c);
void vfm_route_start_reset(struct vfm *m, struct vfm_client *c, uint32_t seq);
int vfm_route_busy(const struct vfm *m);
void vfm_route_step(struct vfm *m);
void vfm_route_free(struct vfm *m);
unsigned vfm_rid_func(const struct vfm *m, uint16_t rid);
int vfm_route_internal_cfg(struct vfm *m, int write, unsigned reg,
			   uint32_t val);

/* vfm_sriov.c */
void vfm_sriov_poll(struct vfm *m);
void vfm_sriov_invalidate(struct vfm *m, const char *why);
void vfm_sriov_on_reset(struct vfm *m);
void vfm_sriov_cpl(struct vfm *m, const uint32_t *hdr, const uint32_t *data,
		   unsigned ndw);
void vfm_sriov_cfg_write_seen(struct vfm *m, unsigned func, unsigned reg);
/* VF client: 0 and *n set when VF n is function func and enabled; else a
 * VFN_E_* status with the reason in text */
int vfm_sriov_vf_check(const struct vfm *m, unsigned func, unsigned *n,
		       char *text, size_t len);
/* VF client memory request: BAR-relative offset -> bus address; 0 or -1
 * with the reason in text */
int vfm_sriov_translate(const struct vfm *m, unsigned func, unsigned bar,
			uint64_t off, uint64_t len, uint64_t *addr,
			char *text, size_t tlen);

long long vfm_now_ns(void);

#endif /* VFM_H */
