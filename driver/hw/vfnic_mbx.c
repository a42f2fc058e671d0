// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * PF<->VF mailbox protocol of vfnic (see vfnic_mbx.h for the message format).
 * Everything a VF sends is untrusted: the PF checks opcode, length and
 * reserved fields before looking at a payload, answers every request with a
 * zero-filled reply, and applies the administrator's policy.
 */
#include "vfnic_mbx.h"

static void msg_zero(u32 *msg)
{
	unsigned int i;

	for (i = 0; i < VFNIC_MBX_DWS; i++)
		msg[i] = 0;
}

/* ---- MAC addresses ---- */

static void mac_copy(u8 *dst, const u8 *src)
{
	unsigned int i;

	for (i = 0; i < 6; i++)
		dst[i] = src[i];
}

static bool mac_equal(const u8 *a, const u8 *b)
{
	unsigned int i;

	for (i = 0; i < 6; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

static bool mac_is_zero(const u8 *mac)
{
	static const u8 zero[6];

	return mac_equal(mac, zero);
}

static bool mac_is_multicast(const u8 *mac)
{
	return mac[0] & 0x01;
}

static u8 byte_get(const u32 *dws, unsigned int i)
{
	return (dws[i / 4] >> (8 * (i % 4))) & 0xff;
}

static void byte_put(u32 *dws, unsigned int i, u8 v)
{
	dws[i / 4] |= (u32)v << (8 * (i % 4));
}

static void mac_put(u32 *dws, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < 6; i++)
		byte_put(dws, i, mac[i]);
}

/* the two DWs of a MAC; the unused upper half of the second must be 0 */
static int mac_get(const u32 *dws, u8 *mac)
{
	unsigned int i;

	if (dws[1] & 0xffff0000u)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		mac[i] = byte_get(dws, i);
	return 0;
}

/* ---- request encoders ---- */

void vfnic_mbx_enc_reset(u32 *msg, u8 seq)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_RESET, 0, 0, seq);
}

void vfnic_mbx_enc_set_mac(u32 *msg, u8 seq, const u8 *mac)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_SET_MAC, 2, 0, seq);
	mac_put(&msg[1], mac);
}

int vfnic_mbx_enc_set_mc_list(u32 *msg, u8 seq, const u8 *macs,
			      unsigned int count)
{
	unsigned int i;

	msg_zero(msg);
	if (count > VFNIC_MBX_MC_MAX)
		return -EINVAL;
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_SET_MC_LIST,
			       vfnic_mbx_mc_len(count), 0, seq) |
		 ((u32)count << VFNIC_MBX_ARG_SHIFT);
	for (i = 0; i < count * 6; i++)
		byte_put(&msg[1], i, macs[i]);
	return 0;
}

int vfnic_mbx_enc_set_vlan(u32 *msg, u8 seq, u16 vid, bool enable)
{
	msg_zero(msg);
	if (vid > VFNIC_MBX_VLAN_VID_MASK)
		return -EINVAL;
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_SET_VLAN, 1, 0, seq);
	msg[1] = vid | (enable ? VFNIC_MBX_VLAN_EN : 0);
	return 0;
}

int vfnic_mbx_enc_set_max_frame(u32 *msg, u8 seq, u32 bytes)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_SET_MAX_FRAME, 1, 0, seq);
	msg[1] = bytes;
	return 0;
}

void vfnic_mbx_enc_get_queues(u32 *msg, u8 seq)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_GET_QUEUES, 0, 0, seq);
}

void vfnic_mbx_enc_get_link(u32 *msg, u8 seq)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_GET_LINK, 0, 0, seq);
}

/* ---- request decoders ---- */

/* OP, LEN, and the fields a request leaves 0 (STATUS; ARG unless @arg_ok) */
static int check_req(const u32 *msg, u8 op, unsigned int len, bool arg_ok)
{
	if (vfnic_mbx_op(msg) != op || vfnic_mbx_len(msg) != len ||
	    vfnic_mbx_status(msg) != 0)
		return -EINVAL;
	if (!arg_ok && vfnic_mbx_arg(msg))
		return -EINVAL;
	return 0;
}

int vfnic_mbx_dec_empty(const u32 *msg, u8 op)
{
	return check_req(msg, op, 0, false);
}

int vfnic_mbx_dec_set_mac(const u32 *msg, u8 *mac)
{
	if (check_req(msg, VFNIC_MBX_OP_SET_MAC, 2, false))
		return -EINVAL;
	return mac_get(&msg[1], mac);
}

int vfnic_mbx_dec_set_mc_list(const u32 *msg, u8 *macs, unsigned int *count)
{
	unsigned int n = vfnic_mbx_arg(msg);
	unsigned int i;

	if (n > VFNIC_MBX_MC_MAX)
		return -EINVAL;
	if (check_req(msg, VFNIC_MBX_OP_SET_MC_LIST, vfnic_mbx_mc_len(n), true))
		return -EINVAL;
	/* bytes after the last entry in its DW */
	for (i = n * 6; i < vfnic_mbx_mc_len(n) * 4; i++)
		if (byte_get(&msg[1], i))
			return -EINVAL;
	for (i = 0; i < n * 6; i++)
		macs[i] = byte_get(&msg[1], i);
	*count = n;
	return 0;
}

int vfnic_mbx_dec_set_vlan(const u32 *msg, u16 *vid, bool *enable)
{
	if (check_req(msg, VFNIC_MBX_OP_SET_VLAN, 1, false))
		return -EINVAL;
	if (msg[1] & ~(VFNIC_MBX_VLAN_VID_MASK | VFNIC_MBX_VLAN_EN))
		return -EINVAL;
	*vid = msg[1] & VFNIC_MBX_VLAN_VID_MASK;
	*enable = msg[1] & VFNIC_MBX_VLAN_EN;
	return 0;
}

int vfnic_mbx_dec_set_max_frame(const u32 *msg, u32 *bytes)
{
	if (check_req(msg, VFNIC_MBX_OP_SET_MAX_FRAME, 1, false))
		return -EINVAL;
	*bytes = msg[1];
	return 0;
}

/* ---- reply and event encoders ---- */

void vfnic_mbx_enc_reply(u32 *msg, u8 op, u8 seq, u8 status)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(op | VFNIC_MBX_OP_REPLY, 0, status, seq);
}

void vfnic_mbx_enc_reset_reply(u32 *msg, u8 seq, const u8 *mac)
{
	vfnic_mbx_enc_reply(msg, VFNIC_MBX_OP_RESET, seq, VFNIC_MBX_ST_OK);
	msg[0] |= 2 << VFNIC_MBX_LEN_SHIFT;
	mac_put(&msg[1], mac);
}

void vfnic_mbx_enc_queues_reply(u32 *msg, u8 seq, u32 tx, u32 rx,
				u32 vectors)
{
	vfnic_mbx_enc_reply(msg, VFNIC_MBX_OP_GET_QUEUES, seq,
			    VFNIC_MBX_ST_OK);
	msg[0] |= 3 << VFNIC_MBX_LEN_SHIFT;
	msg[1] = tx;
	msg[2] = rx;
	msg[3] = vectors;
}

void vfnic_mbx_enc_link_reply(u32 *msg, u8 seq, bool up, u32 speed)
{
	vfnic_mbx_enc_reply(msg, VFNIC_MBX_OP_GET_LINK, seq, VFNIC_MBX_ST_OK);
	msg[0] |= 2 << VFNIC_MBX_LEN_SHIFT;
	msg[1] = up ? VFNIC_MBX_LINK_UP : 0;
	msg[2] = speed;
}

void vfnic_mbx_enc_link_event(u32 *msg, bool up, u32 speed)
{
	msg_zero(msg);
	msg[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_LINK_EVENT, 2, 0, 0);
	msg[1] = up ? VFNIC_MBX_LINK_UP : 0;
	msg[2] = speed;
}

/* ---- reply and event decoders ---- */

int vfnic_mbx_status_errno(u8 status)
{
	switch (status) {
	case VFNIC_MBX_ST_OK:
		return 0;
	case VFNIC_MBX_ST_EPERM:
		return -EPERM;
	case VFNIC_MBX_ST_EOPNOTSUPP:
		return -EOPNOTSUPP;
	case VFNIC_MBX_ST_EBUSY:
		return -EBUSY;
	case VFNIC_MBX_ST_ERATE:
		return -EAGAIN;
	default:
		return -EINVAL;
	}
}

/* the reply to (@op, @seq); LEN must be @len if its status is OK */
static int check_reply(const u32 *msg, u8 op, u8 seq, unsigned int len)
{
	if (vfnic_mbx_op(msg) != (op | VFNIC_MBX_OP_REPLY) ||
	    vfnic_mbx_seq(msg) != seq || vfnic_mbx_arg(msg))
		return -EINVAL;
	if (vfnic_mbx_status(msg) != VFNIC_MBX_ST_OK)
		return vfnic_mbx_status_errno(vfnic_mbx_status(msg));
	if (vfnic_mbx_len(msg) != len)
		return -EINVAL;
	return 0;
}

int vfnic_mbx_dec_reply(const u32 *msg, u8 op, u8 seq)
{
	return check_reply(msg, op, seq, 0);
}

int vfnic_mbx_dec_reset_reply(const u32 *msg, u8 seq, u8 *mac)
{
	int ret = check_reply(msg, VFNIC_MBX_OP_RESET, seq, 2);

	if (ret)
		return ret;
	return mac_get(&msg[1], mac);
}

int vfnic_mbx_dec_queues_reply(const u32 *msg, u8 seq, u32 *tx, u32 *rx,
			       u32 *vectors)
{
	int ret = check_reply(msg, VFNIC_MBX_OP_GET_QUEUES, seq, 3);

	if (ret)
		return ret;
	*tx = msg[1];
	*rx = msg[2];
	*vectors = msg[3];
	return 0;
}

static int link_get(const u32 *dws, bool *up, u32 *speed)
{
	if (dws[0] & ~VFNIC_MBX_LINK_UP)
		return -EINVAL;
	*up = dws[0] & VFNIC_MBX_LINK_UP;
	*speed = dws[1];
	return 0;
}

int vfnic_mbx_dec_link_reply(const u32 *msg, u8 seq, bool *up, u32 *speed)
{
	int ret = check_reply(msg, VFNIC_MBX_OP_GET_LINK, seq, 2);

	if (ret)
		return ret;
	return link_get(&msg[1], up, speed);
}

int vfnic_mbx_dec_link_event(const u32 *msg, bool *up, u32 *speed)
{
	if (msg[0] != vfnic_mbx_hdr(VFNIC_MBX_OP_LINK_EVENT, 2, 0, 0))
		return -EINVAL;
	return link_get(&msg[1], up, speed);
}

/* ---- PF: policy state ---- */

/**
 * vfnic_mbx_pf_init - start the PF's mailbox state
 * @pf: state to fill
 * @ops: hardware programming callbacks
 * @ctx: passed to every callback
 * @num_vfs: VFs enabled (at most VFNIC_MAX_TOTAL_VFS)
 *
 * Every VF starts untrusted, without admin settings, with the defaults of
 * vfnic_mbx_pf_vf_defaults().
 *
 * Return: 0, or -EINVAL if @num_vfs is too large.
 */
int vfnic_mbx_pf_init(struct vfnic_mbx_pf *pf,
		      const struct vfnic_mbx_pf_ops *ops, void *ctx,
		      unsigned int num_vfs)
{
	static const struct vfnic_mbx_vf_state blank;
	unsigned int vf;

	if (num_vfs > VFNIC_MAX_TOTAL_VFS)
		return -EINVAL;
	pf->ops = ops;
	pf->ctx = ctx;
	pf->num_vfs = num_vfs;
	for (vf = 0; vf < VFNIC_MAX_TOTAL_VFS; vf++) {
		pf->vf[vf] = blank;
		vfnic_mbx_pf_vf_defaults(pf, vf);
	}
	return 0;
}

/**
 * vfnic_mbx_pf_vf_defaults - record a VF's settings as after a reset
 * @pf: PF state
 * @vf: VF number
 *
 * MAC and VLAN are the administrator's if set, no multicast entries, the
 * default maximum frame. Policy, rate window and counters are kept. Only the
 * record changes; the caller programs the hardware (RESET does it through
 * ops->reset_vf).
 */
void vfnic_mbx_pf_vf_defaults(struct vfnic_mbx_pf *pf, unsigned int vf)
{
	struct vfnic_mbx_vf_state *st;
	static const u8 zero[6];

	if (vf >= VFNIC_MAX_TOTAL_VFS)
		return;
	st = &pf->vf[vf];
	mac_copy(st->mac, st->admin_mac_set ? st->admin_mac : zero);
	st->vlan_en = st->admin_vlan_set;
	st->vid = st->admin_vlan_set ? st->admin_vid : 0;
	st->max_frame = VFNIC_DEFAULT_MAX_FRAME;
	st->mc_count = 0;
}

/**
 * vfnic_mbx_pf_set_admin_mac - fix a VF's MAC address (ndo_set_vf_mac)
 * @pf: PF state
 * @vf: VF number
 * @mac: the address; all-zero removes the administrator's setting
 *
 * The address is programmed through ops->set_mac at once. An untrusted VF
 * can no longer choose another one.
 *
 * Return: 0; -EINVAL for a VF out of range or a multicast address; the
 * callback's error (nothing recorded then).
 */
int vfnic_mbx_pf_set_admin_mac(struct vfnic_mbx_pf *pf, unsigned int vf,
			       const u8 *mac)
{
	struct vfnic_mbx_vf_state *st;
	int ret;

	if (vf >= pf->num_vfs || mac_is_multicast(mac))
		return -EINVAL;
	st = &pf->vf[vf];
	if (mac_is_zero(mac)) {
		st->admin_mac_set = false;
		mac_copy(st->admin_mac, mac);
		return 0;
	}
	if (pf->ops->set_mac) {
		ret = pf->ops->set_mac(pf->ctx, vf, mac);
		if (ret)
			return ret;
	}
	mac_copy(st->admin_mac, mac);
	mac_copy(st->mac, mac);
	st->admin_mac_set = true;
	return 0;
}

/**
 * vfnic_mbx_pf_set_admin_vlan - fix a VF's port VLAN (ndo_set_vf_vlan)
 * @pf: PF state
 * @vf: VF number
 * @vid: 1..4094; 0 removes the administrator's setting (and the VLAN)
 *
 * Return: 0; -EINVAL for a VF or VID out of range; the callback's error.
 */
int vfnic_mbx_pf_set_admin_vlan(struct vfnic_mbx_pf *pf, unsigned int vf,
				u16 vid)
{
	struct vfnic_mbx_vf_state *st;
	bool en = vid != 0;
	int ret;

	if (vf >= pf->num_vfs || vid >= VFNIC_MBX_VLAN_VID_MASK)
		return -EINVAL;
	st = &pf->vf[vf];
	if (pf->ops->set_vlan) {
		ret = pf->ops->set_vlan(pf->ctx, vf, vid, en);
		if (ret)
			return ret;
	}
	st->admin_vlan_set = en;
	st->admin_vid = vid;
	st->vlan_en = en;
	st->vid = vid;
	return 0;
}

/**
 * vfnic_mbx_pf_set_trust - let a VF override the admin settings or not
 * @pf: PF state
 * @vf: VF number
 * @trusted: new setting
 *
 * Withdrawing trust restores the admin MAC and VLAN in the record; the
 * caller reprograms the hardware (vfnic_mbx_pf_set_admin_mac/_vlan).
 *
 * Return: 0, or -EINVAL for a VF out of range.
 */
int vfnic_mbx_pf_set_trust(struct vfnic_mbx_pf *pf, unsigned int vf,
			   bool trusted)
{
	struct vfnic_mbx_vf_state *st;

	if (vf >= pf->num_vfs)
		return -EINVAL;
	st = &pf->vf[vf];
	st->trusted = trusted;
	if (!trusted && st->admin_mac_set)
		mac_copy(st->mac, st->admin_mac);
	if (!trusted && st->admin_vlan_set) {
		st->vlan_en = true;
		st->vid = st->admin_vid;
	}
	return 0;
}

/* ---- PF: request handler ---- */

static u8 errno_status(int err)
{
	switch (err) {
	case 0:
		return VFNIC_MBX_ST_OK;
	case -EBUSY:
	case -EAGAIN:
		return VFNIC_MBX_ST_EBUSY;
	case -EPERM:
		return VFNIC_MBX_ST_EPERM;
	case -EOPNOTSUPP:
		return VFNIC_MBX_ST_EOPNOTSUPP;
	default:
		return VFNIC_MBX_ST_EINVAL;
	}
}

/* count one message in the VF's window; false if it is over the limit */
static bool rate_ok(struct vfnic_mbx_vf_state *st, u64 now_ns)
{
	if (now_ns < st->rate_start_ns ||
	    now_ns - st->rate_start_ns >= VFNIC_MBX_RATE_WINDOW_NS ||
	    !st->rate_count) {
		st->rate_start_ns = now_ns;
		st->rate_count = 0;
	}
	if (st->rate_count >= VFNIC_MBX_RATE_MAX)
		return false;
	st->rate_count++;
	return true;
}

static u8 pf_reset(struct vfnic_mbx_pf *pf, unsigned int vf, const u32 *req,
		   u32 *reply)
{
	struct vfnic_mbx_vf_state *st = &pf->vf[vf];
	int ret;

	if (vfnic_mbx_dec_empty(req, VFNIC_MBX_OP_RESET))
		return VFNIC_MBX_ST_EINVAL;
	if (!pf->ops->reset_vf)
		return VFNIC_MBX_ST_EOPNOTSUPP;
	ret = pf->ops->reset_vf(pf->ctx, vf);
	if (ret)
		return errno_status(ret);
	vfnic_mbx_pf_vf_defaults(pf, vf);
	vfnic_mbx_enc_reset_reply(reply, vfnic_mbx_seq(req), st->admin_mac);
	return VFNIC_MBX_ST_OK;
}

static u8 pf_set_mac(struct vfnic_mbx_pf *pf, unsigned int vf, const u32 *req)
{
	struct vfnic_mbx_vf_state *st = &pf->vf[vf];
	u8 mac[6];
	int ret;

	if (vfnic_mbx_dec_set_mac(req, mac))
		return VFNIC_MBX_ST_EINVAL;
	if (mac_is_zero(mac) || mac_is_multicast(mac))
		return VFNIC_MBX_ST_EINVAL;
	if (st->admin_mac_set && !st->trusted && !mac_equal(mac, st->admin_mac))
		return VFNIC_MBX_ST_EPERM;
	if (!pf->ops->set_mac)
		return VFNIC_MBX_ST_EOPNOTSUPP;
	ret = pf->ops->set_mac(pf->ctx, vf, mac);
	if (ret)
		return errno_status(ret);
	mac_copy(st->mac, mac);
	return VFNIC_MBX_ST_OK;
}

static u8 pf_set_mc_list(struct vfnic_mbx_pf *pf, unsigned int vf,
			 const u32 *req)
{
	struct vfnic_mbx_vf_state *st = &pf->vf[vf];
	u8 macs[VFNIC_MBX_MC_MAX * 6];
	unsigned int count, i;
	int ret;

	if (vfnic_mbx_dec_set_mc_list(req, macs, &count))
		return VFNIC_MBX_ST_EINVAL;
	for (i = 0; i < count; i++)
		if (!mac_is_multicast(&macs[6 * i]))
			return VFNIC_MBX_ST_EINVAL;
	if (!pf->ops->set_mc_list)
		return VFNIC_MBX_ST_EOPNOTSUPP;
	ret = pf->ops->set_mc_list(pf->ctx, vf, macs, count);
	if (ret)
		return errno_status(ret);
	for (i = 0; i < count; i++)
		mac_copy(st->mc[i], &macs[6 * i]);
	st->mc_count = count;
	return VFNIC_MBX_ST_OK;
}

static u8 pf_set_vlan(struct vfnic_mbx_pf *pf, unsigned int vf,
		      const u32 *req)
{
	struct vfnic_mbx_vf_state *st = &pf->vf[vf];
	bool enable;
	u16 vid;
	int ret;

	if (vfnic_mbx_dec_set_vlan(req, &vid, &enable))
		return VFNIC_MBX_ST_EINVAL;
	/* VID 0 is "no VLAN" (enable = 0); 4095 is reserved */
	if (vid == VFNIC_MBX_VLAN_VID_MASK || (enable && !vid) ||
	    (!enable && vid))
		return VFNIC_MBX_ST_EINVAL;
	if (st->admin_vlan_set && !st->trusted)
		return VFNIC_MBX_ST_EPERM;
	if (!pf->ops->set_vlan)
		return VFNIC_MBX_ST_EOPNOTSUPP;
	ret = pf->ops->set_vlan(pf->ctx, vf, vid, enable);
	if (ret)
		return errno_status(ret);
	st->vid = vid;
	st->vlan_en = enable;
	return VFNIC_MBX_ST_OK;
}

static u8 pf_set_max_frame(struct vfnic_mbx_pf *pf, unsigned int vf,
			   const u32 *req)
{
	u32 bytes;
	int ret;

	if (vfnic_mbx_dec_set_max_frame(req, &bytes))
		return VFNIC_MBX_ST_EINVAL;
	if (bytes < VFNIC_FRAME_MIN_BYTES || bytes > VFNIC_FRAME_MAX_BYTES)
		return VFNIC_MBX_ST_EINVAL;
	if (!pf->ops->set_max_frame)
		return VFNIC_MBX_ST_EOPNOTSUPP;
	ret = pf->ops->set_max_frame(pf->ctx, vf, bytes);
	if (ret)
		return errno_status(ret);
	pf->vf[vf].max_frame = bytes;
	return VFNIC_MBX_ST_OK;
}

static u8 pf_get_queues(struct vfnic_mbx_pf *pf, unsigned int vf,
			const u32 *req, u32 *reply)
{
	u32 tx = 0, rx = 0, vectors = 0;

	if (vfnic_mbx_dec_empty(req, VFNIC_MBX_OP_GET_QUEUES))
		return VFNIC_MBX_ST_EINVAL;
	if (pf->ops->get_queues)
		pf->ops->get_queues(pf->ctx, vf, &tx, &rx, &vectors);
	vfnic_mbx_enc_queues_reply(reply, vfnic_mbx_seq(req), tx, rx, vectors);
	return VFNIC_MBX_ST_OK;
}

static u8 pf_get_link(struct vfnic_mbx_pf *pf, unsigned int vf,
		      const u32 *req, u32 *reply)
{
	bool up = false;
	u32 speed = 0;

	if (vfnic_mbx_dec_empty(req, VFNIC_MBX_OP_GET_LINK))
		return VFNIC_MBX_ST_EINVAL;
	if (pf->ops->get_link)
		pf->ops->get_link(pf->ctx, vf, &up, &speed);
	vfnic_mbx_enc_link_reply(reply, vfnic_mbx_seq(req), up, speed);
	return VFNIC_MBX_ST_OK;
}

static u8 pf_dispatch(struct vfnic_mbx_pf *pf, unsigned int vf,
		      const u32 *req, u32 *reply)
{
	u8 op = vfnic_mbx_op(req);

	if (op & VFNIC_MBX_OP_REPLY)
		return VFNIC_MBX_ST_EINVAL;
	switch (op) {
	case VFNIC_MBX_OP_RESET:
		return pf_reset(pf, vf, req, reply);
	case VFNIC_MBX_OP_SET_MAC:
		return pf_set_mac(pf, vf, req);
	case VFNIC_MBX_OP_SET_MC_LIST:
		return pf_set_mc_list(pf, vf, req);
	case VFNIC_MBX_OP_SET_VLAN:
		return pf_set_vlan(pf, vf, req);
	case VFNIC_MBX_OP_SET_MAX_FRAME:
		return pf_set_max_frame(pf, vf, req);
	case VFNIC_MBX_OP_GET_QUEUES:
		return pf_get_queues(pf, vf, req, reply);
	case VFNIC_MBX_OP_GET_LINK:
		return pf_get_link(pf, vf, req, reply);
	default:
		/* includes LINK_EVENT: the PF sends it, never receives it */
		return VFNIC_MBX_ST_EOPNOTSUPP;
	}
}

/**
 * vfnic_mbx_pf_handle - answer one request of a VF
 * @pf: PF state
 * @vf: the VF that posted @req
 * @req: the request, VFNIC_MBX_DWS DWs as read from its V2P buffer
 * @reply: VFNIC_MBX_DWS DWs to write to its P2V buffer
 * @now_ns: a monotonic clock, for the message rate limit
 *
 * @reply is zero-filled, then gets OP | REPLY, @req's SEQ and the status.
 * A request over the rate limit is answered ERATE and not acted upon.
 * Only an OK reply carries a payload.
 *
 * Return: 0 (@reply is to be sent), or -EINVAL if @vf is not enabled
 * (@reply zero-filled only).
 */
int vfnic_mbx_pf_handle(struct vfnic_mbx_pf *pf, unsigned int vf,
			const u32 *req, u32 *reply, u64 now_ns)
{
	struct vfnic_mbx_vf_state *st;
	u8 op = vfnic_mbx_op(req);
	u8 seq = vfnic_mbx_seq(req);
	u8 status;

	msg_zero(reply);
	if (vf >= pf->num_vfs)
		return -EINVAL;
	st = &pf->vf[vf];
	st->msgs++;
	if (!rate_ok(st, now_ns)) {
		st->rate_drops++;
		status = VFNIC_MBX_ST_ERATE;
	} else {
		status = pf_dispatch(pf, vf, req, reply);
	}
	if (status != VFNIC_MBX_ST_OK) {
		st->errors += status != VFNIC_MBX_ST_ERATE;
		/* a failed handler may have started a payload: drop it */
		vfnic_mbx_enc_reply(reply, op, seq, status);
	} else if (!(reply[0] & VFNIC_MBX_OP_REPLY)) {
		vfnic_mbx_enc_reply(reply, op, seq, status);
	}
	return 0;
}

/* ---- register-level helpers ---- */

/**
 * vfnic_mbx_vf_post - VF: put a request in V2P and ring REQ
 * @io: the VF's BAR0
 * @msg: the request (DW0 and LEN payload DWs are written)
 *
 * Return: 0; -EBUSY if the previous request is not completed yet; -EIO if
 * the function does not answer.
 */
int vfnic_mbx_vf_post(struct vfnic_mbx_io *io, const u32 *msg)
{
	unsigned int i, n = 1 + vfnic_mbx_len(msg);
	u32 ctrl = io->ops->rd(io->ctx, VFNIC_REG_MBX_CTRL);

	if (ctrl == 0xffffffffu)
		return -EIO;
	if (ctrl & VFNIC_MBX_CTRL_REQ_MASK)
		return -EBUSY;
	for (i = 0; i < n; i++)
		io->ops->wr(io->ctx, VFNIC_REG_MBX_V2P_DATA(i), msg[i]);
	io->ops->wr(io->ctx, VFNIC_REG_MBX_CTRL, VFNIC_MBX_CTRL_REQ_MASK);
	return 0;
}

/**
 * vfnic_mbx_vf_poll - VF: take the PF's message if one is there
 * @io: the VF's BAR0
 * @msg: VFNIC_MBX_DWS DWs; DW0 and its LEN payload DWs are read, the rest 0
 *
 * Return: 0 and RESP cleared; -EAGAIN if no message; -EIO if the function
 * does not answer.
 */
int vfnic_mbx_vf_poll(struct vfnic_mbx_io *io, u32 *msg)
{
	u32 ctrl = io->ops->rd(io->ctx, VFNIC_REG_MBX_CTRL);
	unsigned int i, n;

	msg_zero(msg);
	if (ctrl == 0xffffffffu)
		return -EIO;
	if (!(ctrl & VFNIC_MBX_CTRL_RESP_MASK))
		return -EAGAIN;
	msg[0] = io->ops->rd(io->ctx, VFNIC_REG_MBX_P2V_DATA(0));
	n = 1 + vfnic_mbx_len(msg);
	for (i = 1; i < n; i++)
		msg[i] = io->ops->rd(io->ctx, VFNIC_REG_MBX_P2V_DATA(i));
	io->ops->wr(io->ctx, VFNIC_REG_MBX_CTRL, VFNIC_MBX_CTRL_RESP_MASK);
	return 0;
}

/**
 * vfnic_mbx_pf_read_req - PF: read the request VF @vf posted
 * @io: the PF's BAR0
 * @vf: VF number (its bit is set in MBX_REQ)
 * @msg: VFNIC_MBX_DWS DWs; DW0 and its LEN payload DWs, the rest 0 (so that
 *	 stale buffer contents never reach the handler)
 *
 * Return: 0, or -EINVAL for @vf out of range.
 */
int vfnic_mbx_pf_read_req(struct vfnic_mbx_io *io, unsigned int vf, u32 *msg)
{
	unsigned int i, n;

	msg_zero(msg);
	if (vf >= VFNIC_MAX_TOTAL_VFS)
		return -EINVAL;
	msg[0] = io->ops->rd(io->ctx, VFNIC_REG_MBX_V2P(vf));
	n = 1 + vfnic_mbx_len(msg);
	for (i = 1; i < n; i++)
		msg[i] = io->ops->rd(io->ctx, VFNIC_REG_MBX_V2P(vf) + 4 * i);
	return 0;
}

/**
 * vfnic_mbx_pf_write_reply - PF: put a reply or event in VF @vf's P2V
 * @io: the PF's BAR0
 * @vf: VF number; its RESP must be clear (MBX_RESP), the VF owns P2V while
 *	it is set
 * @msg: VFNIC_MBX_DWS DWs, all written so that P2V holds no stale data
 *
 * Return: 0, or -EINVAL for @vf out of range.
 */
int vfnic_mbx_pf_write_reply(struct vfnic_mbx_io *io, unsigned int vf,
			     const u32 *msg)
{
	unsigned int i;

	if (vf >= VFNIC_MAX_TOTAL_VFS)
		return -EINVAL;
	for (i = 0; i < VFNIC_MBX_DWS; i++)
		io->ops->wr(io->ctx, VFNIC_REG_MBX_P2V(vf) + 4 * i, msg[i]);
	return 0;
}
