/* SPDX-License-Identifier: MIT */
/*
 * vfnic co-simulation transport: wire formats shared by the model and every
 * client (QEMU devices, the regression harness). docs/transport.md is the
 * prose definition; this header is the machine one. Little-endian, x86-64.
 */
#ifndef VFN_PROTO_H
#define VFN_PROTO_H

#include <stdint.h>

#define VFN_MAGIC	0x544e4656u	/* "VFNT" */
#define VFN_VERSION	1u

/* ---- setup: SOCK_SEQPACKET UNIX socket, one datagram each way ---- */

#define VFN_MAX_WINDOWS	8
#define VFN_NAME_LEN	32
#define VFN_TEXT_LEN	128

/* HELLO.role */
enum vfn_role {
	VFN_ROLE_PF = 1,	/* owns the PF and every VF not claimed by a VF client */
	VFN_ROLE_VF = 2,	/* owns one VF (HELLO.func) - issue 3 */
	VFN_ROLE_TEST = 3,	/* harness: like PF, and may send malformed input */
};

struct vfn_window {		/* host memory range the client's DMA may touch */
	uint64_t base;
	uint64_t size;		/* 0 = unused entry */
};

struct vfn_hello {		/* client -> model */
	uint32_t magic;		/* VFN_MAGIC */
	uint32_t version;	/* VFN_VERSION */
	uint32_t role;		/* enum vfn_role */
	uint32_t func;		/* function for VFN_ROLE_VF, else 0 */
	char name[VFN_NAME_LEN];	/* for the model's log; NUL-terminated */
	uint32_t nwindows;	/* 0 = all of memory */
	uint32_t reserved;
	struct vfn_window windows[VFN_MAX_WINDOWS];
};

enum vfn_status {
	VFN_OK = 0,
	VFN_E_VERSION = 1,	/* magic/version mismatch, or a short HELLO */
	VFN_E_BUSY = 2,		/* function already owned by another client */
	VFN_E_NOFUNC = 3,	/* function does not exist or is not enabled */
	VFN_E_ROLE = 4,		/* unknown role */
	VFN_E_RESOURCE = 5,	/* model out of memory/fds/client slots */
};

struct vfn_welcome {		/* model -> client, with SCM_RIGHTS fds on OK */
	uint32_t magic;
	uint32_t version;
	uint32_t status;	/* enum vfn_status */
	uint32_t client_id;	/* model-assigned, for logs */
	uint64_t shm_size;	/* bytes of the shared-memory file */
	uint32_t c2m_off;	/* offset of the client->model ring */
	uint32_t m2c_off;	/* offset of the model->client ring */
	uint32_t ring_bytes;	/* data bytes of each ring, power of two */
	uint32_t total_vfs;	/* TotalVFs of the RTL's SR-IOV capability, 0 = none */
	char text[VFN_TEXT_LEN];	/* error text when status != OK */
};
/* fds passed with an OK welcome, in this order */
#define VFN_FD_SHM	0	/* memfd holding both rings */
#define VFN_FD_C2M	1	/* eventfd: client kicks model */
#define VFN_FD_M2C	2	/* eventfd: model kicks client */
#define VFN_NFDS	3

/* ---- data: shared-memory rings ---- */

/*
 * One single-producer single-consumer byte ring per direction. head and tail
 * are free-running byte counters (mod 2^32); used = head - tail. The control
 * block is three cache lines so producer and consumer never share one.
 * The consumer sets `waiting` before sleeping on its eventfd; the producer
 * kicks the eventfd after publishing head only if `waiting` is set
 * (both sides use a sequentially consistent fence between the store and the
 * load, so no wake-up is lost).
 */
struct vfn_ring_ctrl {
	uint32_t head;			/* written by producer only */
	uint8_t pad0[60];
	uint32_t tail;			/* written by consumer only */
	uint8_t pad1[60];
	uint32_t waiting;		/* written by consumer only */
	uint8_t pad2[60];
	uint8_t pad3[4096 - 192];	/* data starts page aligned */
};
#define VFN_RING_CTRL_BYTES	4096u

/* every message starts with this; len includes it and is a multiple of 8 */
struct vfn_msg {
	uint16_t type;		/* enum vfn_msg_type */
	uint16_t func;		/* PCIe function concerned (0 = PF) */
	uint32_t len;		/* bytes, including this header */
	uint32_t seq;		/* sender's running message number */
	uint32_t aux;		/* type specific, 0 if unused */
};

enum vfn_msg_type {
	VFN_MSG_PAD = 0,	/* filler up to the ring end; skip */
	VFN_MSG_TLP = 1,	/* body: uint32_t hdr[4], then payload DWs */
	VFN_MSG_ERROR = 2,	/* model -> client: aux = enum vfn_err; body vfn_error */
	VFN_MSG_PING = 3,	/* client -> model; answered by PONG with same seq in aux */
	VFN_MSG_PONG = 4,
	VFN_MSG_RESET = 5,	/* client -> model: fundamental reset (PF/test role) */
	VFN_MSG_RESET_DONE = 6,	/* model -> client: aux = seq of the RESET */
	VFN_MSG_TYPE_MAX
};

/*
 * aux of a TLP message from a VF client (VFN_ROLE_VF): every memory request
 * (MRd, MRdLk, MWr) is BAR-relative and carries VFN_TLP_AUX_BAR(k), k being
 * the VF BAR index 0..5 as in the PF's SR-IOV capability (vfnic: 0 =
 * registers, 2 = MSI-X); its TLP address is the byte offset in this VF's
 * slice of VF BAR k (3DW header; the model rewrites it to the bus address).
 * Every other TLP message, in either direction, has aux = 0.
 */
#define VFN_TLP_AUX_BAR_REL	0x80000000u
#define VFN_TLP_AUX_BAR_MASK	0x7u
#define VFN_TLP_AUX_BAR(k)	(VFN_TLP_AUX_BAR_REL | ((uint32_t)(k) & VFN_TLP_AUX_BAR_MASK))

enum vfn_err {
	VFN_ERR_UNKNOWN_TYPE = 1,	/* message type not understood; dropped */
	VFN_ERR_TRUNCATED = 2,		/* body shorter than its type needs; dropped */
	VFN_ERR_BAD_TLP = 3,		/* TLP malformed or not allowed from a client */
	VFN_ERR_NOT_OWNER = 4,		/* function not owned by this client */
	VFN_ERR_FRAMING = 5,		/* ring framing broken: fatal, model disconnects */
	VFN_ERR_DMA_WINDOW = 6,		/* (model -> log) DMA outside the client's windows */
	VFN_ERR_OVERFLOW = 7,		/* client did not drain its ring: fatal */
};

struct vfn_error {
	uint32_t bad_seq;	/* seq of the offending message */
	uint32_t bad_type;	/* its type */
	char text[VFN_TEXT_LEN];
};

/* largest message: header + TLP header + 4096 B payload */
#define VFN_MSG_MAX	(16u + 16u + 4096u)

#endif /* VFN_PROTO_H */
