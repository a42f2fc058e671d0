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
	struct vfn_server_shm shm;
	struct vfm_qmsg *ovf_head, *ovf_tail;
	size_t ovf_bytes;
	uint64_t msgs_in, msgs_out;
};

/* a TLP on its way into the RTL (cq or rc stream) */
struct vfm_tlp {
	struct vfm_tlp *next;
	uint32_t client_id;	/* who sent it; 0 = the model itself */
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
	uint32_t func_owner[VFM_NFUNCS];	/* client id; 0 = free */

	struct vfm_feed cq, rc;
	struct vfm_collect cc, rq;
	struct vfm_cq_tag tags[256];
	unsigned tag_next;
	struct vfm_dev_read dev_reads[256];

	unsigned reset_left;	/* cycles of rst_ni low still to run */
	struct vfm_reset_req reset_reqs[VFM_MAX_CLIENTS];
	unsigned nreset_reqs;

	long long busy_since;
	long long trace_flushed;	/* when the FST file was last flushed */	/* start of the current busy stretch, 0 = idle */
	uint64_t quiet_cycles;	/* since the last stream activity */
	int rtl_idle;
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
int vfm_client_send(struct vfm *m, struct vfm_client *c, uint16_t type,
		    uint16_t func, uint32_t aux, const void *b1, size_t l1,
		    const void *b2, size_t l2);
void vfm_client_error(struct vfm *m, struct vfm_client *c, uint32_t err,
		      const struct vfn_msg *bad, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
int vfm_client_owns(const struct vfm *m, const struct vfm_client *c,
		    unsigned func);

/* vfm_route.c */
void vfm_route_client_tlp(struct vfm *m, struct vfm_client *c,
			  const struct vfn_msg *msg);
void vfm_route_client_gone(struct vfm *m, struct vfm_client *c);
void vfm_route_start_reset(struct vfm *m, struct vfm_client *c, uint32_t seq);
int vfm_route_busy(const struct vfm *m);
void vfm_route_step(struct vfm *m);
void vfm_route_free(struct vfm *m);
unsigned vfm_rid_func(uint16_t rid);

long long vfm_now_ns(void);

#endif /* VFM_H */
