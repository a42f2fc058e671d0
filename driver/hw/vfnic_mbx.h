/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * PF<->VF mailbox protocol (docs/datapath.md "PF<->VF mailbox"): message
 * encoders and decoders, the PF's request handler with its per-VF policy,
 * and the register-level post/poll helpers of both sides. OS-independent:
 * hardware programming and register access go through ops tables.
 *
 * Message: 16 DWs. DW0: OP 7:0 (bit 7 = reply), ARG 15:12, LEN 11:8 (payload
 * DWs after DW0, 0..15), STATUS 23:16 (replies; 0 in requests), SEQ 31:24
 * (a reply echoes its request's). Payload DWs after LEN are not part of the
 * message (the buffers are not cleared between messages).
 *
 * ARG is 0 except in SET_MC_LIST, where it holds the entry count: ten
 * 6-byte entries take all 15 payload DWs, so the count cannot be a payload DW.
 *
 * Payloads (MAC bytes little-endian: DW a = mac[0..3], DW b 15:0 = mac[4..5]):
 *   RESET          req -                reply a, b: admin MAC (0 if none)
 *   SET_MAC        req a, b             reply -
 *   SET_MC_LIST    req ARG = n <= 10, n MACs packed 6 bytes each in
 *                  ceil(6n / 4) DWs, unused bytes 0; reply -
 *   SET_VLAN       req VID 11:0, enable 12     reply -
 *   SET_MAX_FRAME  req bytes (60..9018, no FCS)   reply -
 *   GET_QUEUES     req -                reply tx, rx, vectors
 *   GET_LINK       req -                reply up (bit 0), speed (Mb/s)
 *   LINK_EVENT     PF->VF unsolicited (no reply bit, SEQ 0), as GET_LINK reply
 * Replies with a non-OK STATUS have LEN 0.
 */
#ifndef VFNIC_MBX_H
#define VFNIC_MBX_H

#include "vfnic_osdep.h"
#include "vfnic_regs.h"

/*
 * Register offsets, message size, opcodes and status codes come from the
 * register description (rtl/regs/vfnic.rdl -> vfnic_regs.h):
 * VFNIC_REG_MBX_CTRL, VFNIC_REG_MBX_V2P_DATA(i)/P2V_DATA(i) (VF side),
 * VFNIC_REG_MBX_V2P(vf)/P2V(vf) (PF side), VFNIC_MBX_DWS, VFNIC_MBX_OP_*,
 * VFNIC_MBX_ST_*.
 */
/*
 * Limits shared with the RTL come from the description too: VFNIC_MAX_TOTAL_VFS (per-VF
 * state arrays), VFNIC_FRAME_MIN_BYTES / VFNIC_FRAME_MAX_BYTES (SET_MAX_FRAME range),
 * VFNIC_DEFAULT_MAX_FRAME (a VF's setting after its reset). What follows is the message
 * format's own: a multicast list fills at most the payload DWs after DW0.
 */
#define VFNIC_MBX_MC_MAX	((VFNIC_MBX_DWS - 1) * 4 / 6)
/* A VF may post this many messages per window; more are answered ERATE */
#define VFNIC_MBX_RATE_MAX	200
#define VFNIC_MBX_RATE_WINDOW_NS	1000000000ull

/* DW0 fields */
#define VFNIC_MBX_OP_MASK	0x000000ffu
#define VFNIC_MBX_LEN_MASK	0x00000f00u
#define VFNIC_MBX_LEN_SHIFT	8
#define VFNIC_MBX_ARG_MASK	0x0000f000u
#define VFNIC_MBX_ARG_SHIFT	12
#define VFNIC_MBX_STATUS_MASK	0x00ff0000u
#define VFNIC_MBX_STATUS_SHIFT	16
#define VFNIC_MBX_SEQ_MASK	0xff000000u
#define VFNIC_MBX_SEQ_SHIFT	24

#define VFNIC_MBX_OP_REPLY	0x80
#define VFNIC_MBX_VLAN_VID_MASK	0x00000fffu
#define VFNIC_MBX_VLAN_EN	0x00001000u
#define VFNIC_MBX_LINK_UP	0x00000001u

static inline u32 vfnic_mbx_hdr(u8 op, unsigned int len, u8 status, u8 seq)
{
	return op | ((u32)(len & 0xf) << VFNIC_MBX_LEN_SHIFT) |
	       ((u32)status << VFNIC_MBX_STATUS_SHIFT) |
	       ((u32)seq << VFNIC_MBX_SEQ_SHIFT);
}

static inline u8 vfnic_mbx_op(const u32 *msg)
{
	return msg[0] & VFNIC_MBX_OP_MASK;
}

static inline unsigned int vfnic_mbx_len(const u32 *msg)
{
	return (msg[0] & VFNIC_MBX_LEN_MASK) >> VFNIC_MBX_LEN_SHIFT;
}

static inline unsigned int vfnic_mbx_arg(const u32 *msg)
{
	return (msg[0] & VFNIC_MBX_ARG_MASK) >> VFNIC_MBX_ARG_SHIFT;
}

static inline u8 vfnic_mbx_status(const u32 *msg)
{
	return (msg[0] & VFNIC_MBX_STATUS_MASK) >> VFNIC_MBX_STATUS_SHIFT;
}

static inline u8 vfnic_mbx_seq(const u32 *msg)
{
	return (msg[0] & VFNIC_MBX_SEQ_MASK) >> VFNIC_MBX_SEQ_SHIFT;
}

/* payload DWs of a SET_MC_LIST request with @count entries */
static inline unsigned int vfnic_mbx_mc_len(unsigned int count)
{
	return (count * 6 + 3) / 4;
}

/*
 * Request encoders (VF side). Each zero-fills @msg first. Return 0, or
 * -EINVAL for an argument the message cannot carry.
 */
void vfnic_mbx_enc_reset(u32 *msg, u8 seq);
void vfnic_mbx_enc_set_mac(u32 *msg, u8 seq, const u8 *mac);
int vfnic_mbx_enc_set_mc_list(u32 *msg, u8 seq, const u8 *macs,
			      unsigned int count);
int vfnic_mbx_enc_set_vlan(u32 *msg, u8 seq, u16 vid, bool enable);
int vfnic_mbx_enc_set_max_frame(u32 *msg, u8 seq, u32 bytes);
void vfnic_mbx_enc_get_queues(u32 *msg, u8 seq);
void vfnic_mbx_enc_get_link(u32 *msg, u8 seq);

/*
 * Request decoders (PF side): check OP, LEN, ARG and STATUS, then the
 * payload's format (not the policy). Return 0 or -EINVAL.
 */
int vfnic_mbx_dec_empty(const u32 *msg, u8 op);
int vfnic_mbx_dec_set_mac(const u32 *msg, u8 *mac);
int vfnic_mbx_dec_set_mc_list(const u32 *msg, u8 *macs, unsigned int *count);
int vfnic_mbx_dec_set_vlan(const u32 *msg, u16 *vid, bool *enable);
int vfnic_mbx_dec_set_max_frame(const u32 *msg, u32 *bytes);

/* Reply and event encoders (PF side); each zero-fills @msg first */
void vfnic_mbx_enc_reply(u32 *msg, u8 op, u8 seq, u8 status);
void vfnic_mbx_enc_reset_reply(u32 *msg, u8 seq, const u8 *mac);
void vfnic_mbx_enc_queues_reply(u32 *msg, u8 seq, u32 tx, u32 rx,
				u32 vectors);
void vfnic_mbx_enc_link_reply(u32 *msg, u8 seq, bool up, u32 speed);
void vfnic_mbx_enc_link_event(u32 *msg, bool up, u32 speed);

/*
 * Reply and event decoders (VF side). Return 0; the errno of a non-OK
 * STATUS (ERATE: -EAGAIN); or -EINVAL if the message is not the reply to
 * @op with sequence number @seq or its length is wrong.
 */
int vfnic_mbx_status_errno(u8 status);
int vfnic_mbx_dec_reply(const u32 *msg, u8 op, u8 seq);
int vfnic_mbx_dec_reset_reply(const u32 *msg, u8 seq, u8 *mac);
int vfnic_mbx_dec_queues_reply(const u32 *msg, u8 seq, u32 *tx, u32 *rx,
			       u32 *vectors);
int vfnic_mbx_dec_link_reply(const u32 *msg, u8 seq, bool *up, u32 *speed);
int vfnic_mbx_dec_link_event(const u32 *msg, bool *up, u32 *speed);

/*
 * PF side: hardware programming done by the caller. The set_* and reset_vf
 * callbacks return 0 or a negative errno (-EBUSY/-EAGAIN -> EBUSY, -EPERM ->
 * EPERM, -EOPNOTSUPP -> EOPNOTSUPP, others -> EINVAL); the VF's recorded
 * state changes only on 0. A NULL set callback answers EOPNOTSUPP, a NULL get
 * callback reports zeros.
 */
struct vfnic_mbx_pf_ops {
	int (*set_mac)(void *ctx, unsigned int vf, const u8 *mac);
	/* @macs: @count entries of 6 bytes */
	int (*set_mc_list)(void *ctx, unsigned int vf, const u8 *macs,
			   unsigned int count);
	int (*set_vlan)(void *ctx, unsigned int vf, u16 vid, bool enable);
	int (*set_max_frame)(void *ctx, unsigned int vf, u32 bytes);
	int (*reset_vf)(void *ctx, unsigned int vf);
	void (*get_queues)(void *ctx, unsigned int vf, u32 *tx, u32 *rx,
			   u32 *vectors);
	void (*get_link)(void *ctx, unsigned int vf, bool *up, u32 *speed);
};

/* What the PF knows and enforces about one VF */
struct vfnic_mbx_vf_state {
	/* policy, set by the administrator through the PF driver */
	u8 admin_mac[6];
	bool admin_mac_set;
	u16 admin_vid;
	bool admin_vlan_set;
	bool trusted;

	/* the VF's current settings, as last programmed */
	u8 mac[6];
	u16 vid;
	bool vlan_en;
	u32 max_frame;
	u8 mc[VFNIC_MBX_MC_MAX][6];
	u8 mc_count;

	/* message rate: messages in the window starting at rate_start_ns */
	u64 rate_start_ns;
	u32 rate_count;

	/* counters */
	u32 msgs;
	u32 rate_drops;		/* answered ERATE, not acted upon */
	u32 errors;		/* answered with another non-OK status */
};

struct vfnic_mbx_pf {
	const struct vfnic_mbx_pf_ops *ops;
	void *ctx;
	unsigned int num_vfs;
	struct vfnic_mbx_vf_state vf[VFNIC_MAX_TOTAL_VFS];
};

int vfnic_mbx_pf_init(struct vfnic_mbx_pf *pf,
		      const struct vfnic_mbx_pf_ops *ops, void *ctx,
		      unsigned int num_vfs);
void vfnic_mbx_pf_vf_defaults(struct vfnic_mbx_pf *pf, unsigned int vf);
int vfnic_mbx_pf_set_admin_mac(struct vfnic_mbx_pf *pf, unsigned int vf,
			       const u8 *mac);
int vfnic_mbx_pf_set_admin_vlan(struct vfnic_mbx_pf *pf, unsigned int vf,
				u16 vid);
int vfnic_mbx_pf_set_trust(struct vfnic_mbx_pf *pf, unsigned int vf,
			   bool trusted);
int vfnic_mbx_pf_handle(struct vfnic_mbx_pf *pf, unsigned int vf,
			const u32 *req, u32 *reply, u64 now_ns);

/* Register access of one function's BAR0 (VF side) or the PF's BAR0 */
struct vfnic_mbx_io_ops {
	u32 (*rd)(void *ctx, u32 off);
	void (*wr)(void *ctx, u32 off, u32 val);
};

struct vfnic_mbx_io {
	const struct vfnic_mbx_io_ops *ops;
	void *ctx;
};

/* VF side */
int vfnic_mbx_vf_post(struct vfnic_mbx_io *io, const u32 *msg);
int vfnic_mbx_vf_poll(struct vfnic_mbx_io *io, u32 *msg);

/* PF side (the caller then writes MBX_DONE and, after the reply, MBX_SEND) */
int vfnic_mbx_pf_read_req(struct vfnic_mbx_io *io, unsigned int vf,
			  u32 *msg);
int vfnic_mbx_pf_write_reply(struct vfnic_mbx_io *io, unsigned int vf,
			     const u32 *msg);

#endif /* VFNIC_MBX_H */
