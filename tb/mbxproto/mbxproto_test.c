// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * Unit test of the mailbox protocol (driver/hw/vfnic_mbx.c) in userspace:
 * every opcode's happy path, every validation error, the admin policy,
 * the rate limit on a fake clock, zero-filled replies, the register helpers
 * on a model of the mailbox registers, and a seeded random loop of hostile
 * messages. Prints TAP; SEED=n replays the random loop; exits 1 on failure.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vfnic_mbx.h"

/* ---- TAP ---- */

static unsigned int tap_n, tap_failed;

static int ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%s %u - ", cond ? "ok" : "not ok", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

/* ---- fake hardware behind the PF ops ---- */

struct fake_hw {
	unsigned int calls;	/* set_* and reset_vf callbacks */
	int ret;		/* what the set_* callbacks return */
	u8 mac[VFNIC_MAX_TOTAL_VFS][6];
	u16 vid[VFNIC_MAX_TOTAL_VFS];
	bool vlan_en[VFNIC_MAX_TOTAL_VFS];
	u32 max_frame[VFNIC_MAX_TOTAL_VFS];
	unsigned int mc_count[VFNIC_MAX_TOTAL_VFS];
	unsigned int resets[VFNIC_MAX_TOTAL_VFS];
};

static int f_set_mac(void *ctx, unsigned int vf, const u8 *mac)
{
	struct fake_hw *hw = ctx;

	hw->calls++;
	if (!hw->ret)
		memcpy(hw->mac[vf], mac, 6);
	return hw->ret;
}

static int f_set_mc_list(void *ctx, unsigned int vf, const u8 *macs,
			 unsigned int count)
{
	struct fake_hw *hw = ctx;

	(void)macs;
	hw->calls++;
	if (!hw->ret)
		hw->mc_count[vf] = count;
	return hw->ret;
}

static int f_set_vlan(void *ctx, unsigned int vf, u16 vid, bool enable)
{
	struct fake_hw *hw = ctx;

	hw->calls++;
	if (!hw->ret) {
		hw->vid[vf] = vid;
		hw->vlan_en[vf] = enable;
	}
	return hw->ret;
}

static int f_set_max_frame(void *ctx, unsigned int vf, u32 bytes)
{
	struct fake_hw *hw = ctx;

	hw->calls++;
	if (!hw->ret)
		hw->max_frame[vf] = bytes;
	return hw->ret;
}

static int f_reset_vf(void *ctx, unsigned int vf)
{
	struct fake_hw *hw = ctx;

	hw->calls++;
	if (!hw->ret)
		hw->resets[vf]++;
	return hw->ret;
}

static void f_get_queues(void *ctx, unsigned int vf, u32 *tx, u32 *rx,
			 u32 *vectors)
{
	(void)ctx;
	*tx = 4 + vf;
	*rx = 5 + vf;
	*vectors = 3;
}

static void f_get_link(void *ctx, unsigned int vf, bool *up, u32 *speed)
{
	(void)ctx;
	*up = vf % 2 == 0;
	*speed = 10000;
}

static const struct vfnic_mbx_pf_ops fake_ops = {
	.set_mac = f_set_mac,
	.set_mc_list = f_set_mc_list,
	.set_vlan = f_set_vlan,
	.set_max_frame = f_set_max_frame,
	.reset_vf = f_reset_vf,
	.get_queues = f_get_queues,
	.get_link = f_get_link,
};

static struct vfnic_mbx_pf pf;
static struct fake_hw hw;
static u64 clk_ns;

static void setup(unsigned int num_vfs)
{
	memset(&hw, 0, sizeof(hw));
	vfnic_mbx_pf_init(&pf, &fake_ops, &hw, num_vfs);
	clk_ns += 10 * VFNIC_MBX_RATE_WINDOW_NS;	/* fresh rate windows */
}

/*
 * Send @req from @vf at a fresh point of the clock (10 ms apart: half the
 * rate limit); the reply buffer is pre-filled with 0xAA.
 */
static int handle(unsigned int vf, const u32 *req, u32 *reply)
{
	memset(reply, 0xaa, 4 * VFNIC_MBX_DWS);
	clk_ns += 10000000;
	return vfnic_mbx_pf_handle(&pf, vf, req, reply, clk_ns);
}

/* the reply is well-formed for @req: header, LEN for its status, zero tail */
static int reply_ok(const u32 *req, const u32 *reply, u8 status)
{
	unsigned int i, len = vfnic_mbx_len(reply);

	if (vfnic_mbx_op(reply) != (vfnic_mbx_op(req) | VFNIC_MBX_OP_REPLY) ||
	    vfnic_mbx_seq(reply) != vfnic_mbx_seq(req) ||
	    vfnic_mbx_status(reply) != status || vfnic_mbx_arg(reply))
		return 0;
	if (status != VFNIC_MBX_ST_OK && len)
		return 0;
	for (i = 1 + len; i < VFNIC_MBX_DWS; i++)
		if (reply[i])
			return 0;
	return 1;
}

/* expected reply LEN of an OK answer to @op */
static unsigned int ok_len(u8 op)
{
	switch (op) {
	case VFNIC_MBX_OP_RESET:
	case VFNIC_MBX_OP_GET_LINK:
		return 2;
	case VFNIC_MBX_OP_GET_QUEUES:
		return 3;
	default:
		return 0;
	}
}

static const u8 mac_a[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const u8 mac_b[6] = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0xee };
static const u8 mac_mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const u8 mac_zero[6];

/* ---- happy paths ---- */

static void t_happy(void)
{
	u32 req[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS];
	u8 macs[VFNIC_MBX_MC_MAX * 6], mac[6];
	u32 tx, rx, vec, speed;
	unsigned int i, n;
	bool up;
	int r;

	setup(8);

	vfnic_mbx_enc_reset(req, 7);
	r = handle(3, req, rep);
	ok(r == 0 && reply_ok(req, rep, 0) && vfnic_mbx_len(rep) == 2 &&
	   hw.resets[3] == 1, "RESET: OK, reset_vf called");
	r = vfnic_mbx_dec_reset_reply(rep, 7, mac);
	ok(r == 0 && !memcmp(mac, mac_zero, 6),
	   "RESET reply decodes, no admin MAC -> zero MAC");
	vfnic_mbx_pf_set_admin_mac(&pf, 3, mac_a);
	vfnic_mbx_enc_reset(req, 8);
	handle(3, req, rep);
	ok(vfnic_mbx_dec_reset_reply(rep, 8, mac) == 0 && !memcmp(mac, mac_a, 6) &&
	   !memcmp(pf.vf[3].mac, mac_a, 6), "RESET reply carries the admin MAC");

	vfnic_mbx_enc_set_mac(req, 9, mac_b);
	r = handle(1, req, rep);
	ok(r == 0 && reply_ok(req, rep, 0) && !memcmp(hw.mac[1], mac_b, 6) &&
	   !memcmp(pf.vf[1].mac, mac_b, 6) &&
	   vfnic_mbx_dec_reply(rep, VFNIC_MBX_OP_SET_MAC, 9) == 0,
	   "SET_MAC: OK, programmed and recorded");

	for (n = 0; n <= VFNIC_MBX_MC_MAX; n++) {
		for (i = 0; i < 6 * n; i++)
			macs[i] = i % 6 == 0 ? (u8)(0x01 | (i << 1)) : (u8)(i * 7);
		ok(vfnic_mbx_enc_set_mc_list(req, (u8)n, macs, n) == 0 &&
		   vfnic_mbx_len(req) == vfnic_mbx_mc_len(n),
		   "SET_MC_LIST encodes %u entries", n);
		r = handle(2, req, rep);
		ok(r == 0 && reply_ok(req, rep, 0) && hw.mc_count[2] == n &&
		   pf.vf[2].mc_count == n &&
		   (n == 0 || !memcmp(pf.vf[2].mc[n - 1], &macs[6 * (n - 1)], 6)),
		   "SET_MC_LIST with %u entries: OK", n);
	}

	vfnic_mbx_enc_set_vlan(req, 1, 100, true);
	handle(4, req, rep);
	ok(reply_ok(req, rep, 0) && hw.vid[4] == 100 && hw.vlan_en[4] &&
	   pf.vf[4].vid == 100 && pf.vf[4].vlan_en, "SET_VLAN 100: OK");
	vfnic_mbx_enc_set_vlan(req, 2, 0, false);
	handle(4, req, rep);
	ok(reply_ok(req, rep, 0) && !hw.vlan_en[4] && !pf.vf[4].vlan_en,
	   "SET_VLAN off: OK");

	vfnic_mbx_enc_set_max_frame(req, 3, 60);
	handle(5, req, rep);
	ok(reply_ok(req, rep, 0) && hw.max_frame[5] == 60, "SET_MAX_FRAME 60: OK");
	vfnic_mbx_enc_set_max_frame(req, 4, 9018);
	handle(5, req, rep);
	ok(reply_ok(req, rep, 0) && pf.vf[5].max_frame == 9018,
	   "SET_MAX_FRAME 9018: OK");

	vfnic_mbx_enc_get_queues(req, 5);
	handle(6, req, rep);
	r = vfnic_mbx_dec_queues_reply(rep, 5, &tx, &rx, &vec);
	ok(reply_ok(req, rep, 0) && r == 0 && tx == 10 && rx == 11 && vec == 3,
	   "GET_QUEUES: tx %u rx %u vectors %u", tx, rx, vec);

	vfnic_mbx_enc_get_link(req, 6);
	handle(6, req, rep);
	r = vfnic_mbx_dec_link_reply(rep, 6, &up, &speed);
	ok(reply_ok(req, rep, 0) && r == 0 && up && speed == 10000,
	   "GET_LINK: up, 10000 Mb/s");

	vfnic_mbx_enc_link_event(rep, false, 1000);
	r = vfnic_mbx_dec_link_event(rep, &up, &speed);
	ok(r == 0 && !up && speed == 1000 &&
	   vfnic_mbx_op(rep) == VFNIC_MBX_OP_LINK_EVENT,
	   "LINK_EVENT encodes and decodes");
	rep[1] |= 2;
	ok(vfnic_mbx_dec_link_event(rep, &up, &speed) == -EINVAL,
	   "LINK_EVENT with reserved bits rejected");

	/* VF-side reply checks */
	vfnic_mbx_enc_get_link(req, 6);
	handle(6, req, rep);
	ok(vfnic_mbx_dec_link_reply(rep, 7, &up, &speed) == -EINVAL,
	   "reply with the wrong SEQ rejected");
	ok(vfnic_mbx_dec_queues_reply(rep, 6, &tx, &rx, &vec) == -EINVAL,
	   "reply to another opcode rejected");
	vfnic_mbx_enc_reply(rep, VFNIC_MBX_OP_SET_VLAN, 1, VFNIC_MBX_ST_EPERM);
	ok(vfnic_mbx_dec_reply(rep, VFNIC_MBX_OP_SET_VLAN, 1) == -EPERM,
	   "EPERM reply -> -EPERM");
	vfnic_mbx_enc_reply(rep, VFNIC_MBX_OP_SET_VLAN, 1, VFNIC_MBX_ST_ERATE);
	ok(vfnic_mbx_dec_reply(rep, VFNIC_MBX_OP_SET_VLAN, 1) == -EAGAIN,
	   "ERATE reply -> -EAGAIN");
	ok(vfnic_mbx_enc_set_mc_list(req, 0, macs, 11) == -EINVAL &&
	   vfnic_mbx_enc_set_vlan(req, 0, 4096, true) == -EINVAL,
	   "encoders refuse what the message cannot carry");
}

/* ---- validation errors ---- */

/* a valid request of @op (count entries for SET_MC_LIST: 2) */
static void valid_req(u32 *req, u8 op, u8 seq)
{
	static const u8 two[12] = { 0x01, 0, 0x5e, 0, 0, 1, 0x33, 0x33, 0, 0, 0, 1 };

	switch (op) {
	case VFNIC_MBX_OP_RESET:
		vfnic_mbx_enc_reset(req, seq);
		break;
	case VFNIC_MBX_OP_SET_MAC:
		vfnic_mbx_enc_set_mac(req, seq, mac_a);
		break;
	case VFNIC_MBX_OP_SET_MC_LIST:
		vfnic_mbx_enc_set_mc_list(req, seq, two, 2);
		break;
	case VFNIC_MBX_OP_SET_VLAN:
		vfnic_mbx_enc_set_vlan(req, seq, 10, true);
		break;
	case VFNIC_MBX_OP_SET_MAX_FRAME:
		vfnic_mbx_enc_set_max_frame(req, seq, 1500);
		break;
	case VFNIC_MBX_OP_GET_QUEUES:
		vfnic_mbx_enc_get_queues(req, seq);
		break;
	default:
		vfnic_mbx_enc_get_link(req, seq);
		break;
	}
}

/* @req must be answered @status and program nothing */
static void expect(const char *what, const u32 *req, u8 status)
{
	u32 rep[VFNIC_MBX_DWS];
	unsigned int calls = hw.calls;
	int r = handle(0, req, rep);

	ok(r == 0 && reply_ok(req, rep, status) && hw.calls == calls,
	   "%s -> status %u (got %u, hw calls %u)", what, status,
	   vfnic_mbx_status(rep), hw.calls - calls);
}

static void t_validation(void)
{
	static const u8 ops[] = {
		VFNIC_MBX_OP_RESET, VFNIC_MBX_OP_SET_MAC,
		VFNIC_MBX_OP_SET_MC_LIST, VFNIC_MBX_OP_SET_VLAN,
		VFNIC_MBX_OP_SET_MAX_FRAME, VFNIC_MBX_OP_GET_QUEUES,
		VFNIC_MBX_OP_GET_LINK,
	};
	u32 req[VFNIC_MBX_DWS];
	unsigned int i, len, bad;
	char what[96];

	setup(8);
	for (i = 0; i < sizeof(ops); i++) {
		unsigned int good;

		valid_req(req, ops[i], 1);
		good = vfnic_mbx_len(req);
		bad = 0;
		for (len = 0; len < 16; len++) {
			u32 rep[VFNIC_MBX_DWS];
			unsigned int calls = hw.calls;

			if (len == good)
				continue;
			valid_req(req, ops[i], 1);
			req[0] = (req[0] & ~VFNIC_MBX_LEN_MASK) |
				 (len << VFNIC_MBX_LEN_SHIFT);
			handle(0, req, rep);
			if (!reply_ok(req, rep, VFNIC_MBX_ST_EINVAL) ||
			    hw.calls != calls)
				bad++;
		}
		ok(!bad, "opcode 0x%02x: every wrong LEN -> EINVAL, nothing programmed",
		   ops[i]);
		valid_req(req, ops[i], 1);
		req[0] |= 1u << VFNIC_MBX_STATUS_SHIFT;
		snprintf(what, sizeof(what), "opcode 0x%02x with STATUS set", ops[i]);
		expect(what, req, VFNIC_MBX_ST_EINVAL);
		if (ops[i] != VFNIC_MBX_OP_SET_MC_LIST) {
			valid_req(req, ops[i], 1);
			req[0] |= 1u << VFNIC_MBX_ARG_SHIFT;
			snprintf(what, sizeof(what), "opcode 0x%02x with ARG set",
				 ops[i]);
			expect(what, req, VFNIC_MBX_ST_EINVAL);
		}
		valid_req(req, ops[i], 1);
		req[0] |= VFNIC_MBX_OP_REPLY;
		snprintf(what, sizeof(what), "opcode 0x%02x with the reply bit",
			 ops[i]);
		expect(what, req, VFNIC_MBX_ST_EINVAL);
	}

	bad = 0;
	for (i = 0; i < 0x80; i++) {
		u32 rep[VFNIC_MBX_DWS];

		if (i >= VFNIC_MBX_OP_RESET && i <= VFNIC_MBX_OP_GET_LINK)
			continue;
		memset(req, 0, sizeof(req));
		req[0] = vfnic_mbx_hdr((u8)i, 0, 0, 5);
		handle(0, req, rep);
		if (!reply_ok(req, rep, VFNIC_MBX_ST_EOPNOTSUPP))
			bad++;
	}
	ok(!bad, "unknown opcodes (0x00, 0x08 LINK_EVENT, 0x09..0x7f) -> EOPNOTSUPP");
	memset(req, 0, sizeof(req));
	req[0] = vfnic_mbx_hdr(0xc5, 0, 0, 5);
	expect("unknown opcode with the reply bit", req, VFNIC_MBX_ST_EINVAL);

	vfnic_mbx_enc_set_mac(req, 1, mac_zero);
	expect("SET_MAC zero MAC", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_mac(req, 1, mac_mc);
	expect("SET_MAC multicast MAC", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_mac(req, 1, mac_a);
	req[2] |= 0x10000;
	expect("SET_MAC with bits above the MAC", req, VFNIC_MBX_ST_EINVAL);

	valid_req(req, VFNIC_MBX_OP_SET_MC_LIST, 1);
	req[0] = (req[0] & ~VFNIC_MBX_ARG_MASK) | (3u << VFNIC_MBX_ARG_SHIFT);
	expect("SET_MC_LIST count 3, LEN for 2", req, VFNIC_MBX_ST_EINVAL);
	valid_req(req, VFNIC_MBX_OP_SET_MC_LIST, 1);
	req[0] = (req[0] & ~VFNIC_MBX_ARG_MASK) | (1u << VFNIC_MBX_ARG_SHIFT);
	expect("SET_MC_LIST count 1, LEN for 2", req, VFNIC_MBX_ST_EINVAL);
	memset(req, 0, sizeof(req));
	req[0] = vfnic_mbx_hdr(VFNIC_MBX_OP_SET_MC_LIST, 15, 0, 1) |
		 (11u << VFNIC_MBX_ARG_SHIFT);
	expect("SET_MC_LIST count 11", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_mc_list(req, 1, mac_mc, 1);
	req[2] |= 0x00ff0000;	/* padding after one entry */
	expect("SET_MC_LIST non-zero padding", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_mc_list(req, 1, mac_a, 1);
	expect("SET_MC_LIST unicast entry", req, VFNIC_MBX_ST_EINVAL);

	vfnic_mbx_enc_set_max_frame(req, 1, 59);
	expect("SET_MAX_FRAME 59", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_max_frame(req, 1, 9019);
	expect("SET_MAX_FRAME 9019", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_max_frame(req, 1, 0);
	expect("SET_MAX_FRAME 0", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_max_frame(req, 1, 0xffffffffu);
	expect("SET_MAX_FRAME 0xffffffff", req, VFNIC_MBX_ST_EINVAL);

	vfnic_mbx_enc_set_vlan(req, 1, 4095, true);
	expect("SET_VLAN VID 4095", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_vlan(req, 1, 0, true);
	expect("SET_VLAN enable with VID 0", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_vlan(req, 1, 5, false);
	expect("SET_VLAN disable with a VID", req, VFNIC_MBX_ST_EINVAL);
	vfnic_mbx_enc_set_vlan(req, 1, 5, true);
	req[1] |= 0x2000;
	expect("SET_VLAN reserved bits", req, VFNIC_MBX_ST_EINVAL);

	{
		u32 rep[VFNIC_MBX_DWS];

		valid_req(req, VFNIC_MBX_OP_GET_LINK, 1);
		memset(rep, 0xaa, sizeof(rep));
		ok(vfnic_mbx_pf_handle(&pf, 8, req, rep, clk_ns) == -EINVAL &&
		   rep[0] == 0 && rep[15] == 0,
		   "VF out of range: -EINVAL, reply zero-filled");
	}

	/* callback errors: status mapped, nothing recorded */
	hw.ret = -EBUSY;
	vfnic_mbx_enc_set_mac(req, 1, mac_b);
	{
		u32 rep[VFNIC_MBX_DWS];

		handle(0, req, rep);
		ok(reply_ok(req, rep, VFNIC_MBX_ST_EBUSY) &&
		   memcmp(pf.vf[0].mac, mac_b, 6),
		   "set_mac -EBUSY -> EBUSY, MAC not recorded");
		hw.ret = -EIO;
		vfnic_mbx_enc_set_max_frame(req, 1, 2000);
		handle(0, req, rep);
		ok(reply_ok(req, rep, VFNIC_MBX_ST_EINVAL) &&
		   pf.vf[0].max_frame == VFNIC_DEFAULT_MAX_FRAME,
		   "set_max_frame -EIO -> EINVAL, not recorded");
	}
	hw.ret = 0;
}

/* ---- admin policy ---- */

static void t_policy(void)
{
	u32 req[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS];

	setup(4);
	ok(vfnic_mbx_pf_set_admin_mac(&pf, 1, mac_a) == 0 &&
	   !memcmp(hw.mac[1], mac_a, 6), "admin MAC programmed");
	ok(vfnic_mbx_pf_set_admin_mac(&pf, 1, mac_mc) == -EINVAL &&
	   vfnic_mbx_pf_set_admin_mac(&pf, 4, mac_a) == -EINVAL,
	   "admin MAC: multicast or VF out of range refused");
	vfnic_mbx_enc_set_mac(req, 1, mac_b);
	handle(1, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_EPERM) && !memcmp(pf.vf[1].mac, mac_a, 6) &&
	   !memcmp(hw.mac[1], mac_a, 6), "untrusted VF: other MAC -> EPERM");
	vfnic_mbx_enc_set_mac(req, 2, mac_a);
	handle(1, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK), "untrusted VF: the admin MAC -> OK");
	vfnic_mbx_enc_set_mac(req, 3, mac_b);
	handle(2, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK), "VF without admin MAC: any MAC -> OK");

	vfnic_mbx_pf_set_trust(&pf, 1, true);
	vfnic_mbx_enc_set_mac(req, 4, mac_b);
	handle(1, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK) && !memcmp(pf.vf[1].mac, mac_b, 6),
	   "trusted VF: other MAC -> OK");
	vfnic_mbx_pf_set_trust(&pf, 1, false);
	ok(!memcmp(pf.vf[1].mac, mac_a, 6), "trust withdrawn: admin MAC restored");

	ok(vfnic_mbx_pf_set_admin_vlan(&pf, 3, 200) == 0 && hw.vid[3] == 200 &&
	   hw.vlan_en[3], "admin VLAN programmed");
	vfnic_mbx_enc_set_vlan(req, 5, 300, true);
	handle(3, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_EPERM) && pf.vf[3].vid == 200,
	   "untrusted VF: SET_VLAN under admin VLAN -> EPERM");
	vfnic_mbx_enc_set_vlan(req, 6, 0, false);
	handle(3, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_EPERM) && pf.vf[3].vlan_en,
	   "untrusted VF: VLAN off under admin VLAN -> EPERM");
	vfnic_mbx_enc_reset(req, 7);
	handle(3, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK) && pf.vf[3].vlan_en &&
	   pf.vf[3].vid == 200, "RESET keeps the admin VLAN");
	vfnic_mbx_pf_set_trust(&pf, 3, true);
	vfnic_mbx_enc_set_vlan(req, 8, 300, true);
	handle(3, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK) && pf.vf[3].vid == 300,
	   "trusted VF: SET_VLAN under admin VLAN -> OK");
	vfnic_mbx_pf_set_trust(&pf, 3, false);
	vfnic_mbx_pf_set_admin_vlan(&pf, 3, 0);
	vfnic_mbx_enc_set_vlan(req, 9, 300, true);
	handle(3, req, rep);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK) && pf.vf[3].vid == 300,
	   "admin VLAN removed: untrusted SET_VLAN -> OK");
	ok(vfnic_mbx_pf_set_admin_vlan(&pf, 3, 4095) == -EINVAL,
	   "admin VLAN 4095 refused");
}

/* ---- rate limit ---- */

static void t_rate(void)
{
	u32 req[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS];
	u64 t0;
	unsigned int i, okays = 0, calls;

	setup(2);
	t0 = clk_ns;
	vfnic_mbx_enc_set_max_frame(req, 1, 1000);
	for (i = 0; i < VFNIC_MBX_RATE_MAX; i++) {
		vfnic_mbx_pf_handle(&pf, 0, req, rep, t0 + i * 1000);
		okays += reply_ok(req, rep, VFNIC_MBX_ST_OK);
	}
	ok(okays == VFNIC_MBX_RATE_MAX, "%u messages in 1 s: all OK", okays);
	calls = hw.calls;
	vfnic_mbx_enc_set_max_frame(req, 2, 2000);
	vfnic_mbx_pf_handle(&pf, 0, req, rep,
			    t0 + VFNIC_MBX_RATE_WINDOW_NS - 1);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_ERATE) && hw.calls == calls &&
	   pf.vf[0].max_frame == 1000 && pf.vf[0].rate_drops == 1,
	   "message %u in the window: ERATE, not acted upon, counted",
	   VFNIC_MBX_RATE_MAX + 1);
	vfnic_mbx_enc_get_link(req, 3);
	vfnic_mbx_pf_handle(&pf, 1, req, rep, t0 + 5000);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK), "another VF is not limited");
	vfnic_mbx_enc_set_max_frame(req, 4, 2000);
	vfnic_mbx_pf_handle(&pf, 0, req, rep, t0 + VFNIC_MBX_RATE_WINDOW_NS);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK) && pf.vf[0].max_frame == 2000,
	   "next window: OK again");
	vfnic_mbx_pf_handle(&pf, 0, req, rep, t0);
	ok(reply_ok(req, rep, VFNIC_MBX_ST_OK),
	   "clock going backwards starts a new window");
}

/* ---- zero fill ---- */

static void t_zero_fill(void)
{
	static const u8 ops[] = { 1, 2, 3, 4, 5, 6, 7, 8, 0x42, 0x81 };
	u32 req[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS];
	unsigned int i, bad = 0;

	setup(2);
	for (i = 0; i < sizeof(ops); i++) {
		u8 st;

		valid_req(req, ops[i] & 0x7f, 9);
		req[0] = (req[0] & ~VFNIC_MBX_OP_MASK) | ops[i];
		handle(1, req, rep);
		st = vfnic_mbx_status(rep);
		if (!reply_ok(req, rep, st) ||
		    (st == VFNIC_MBX_ST_OK && vfnic_mbx_len(rep) != ok_len(ops[i])))
			bad++;
	}
	ok(!bad, "replies pre-filled with 0xAA: zero past LEN, header exact");
}

/* ---- register helpers on a model of the mailbox registers ---- */

struct fake_mbx {
	u32 ctrl;		/* REQ, RESP of VF 0 */
	u32 v2p[16], p2v[16];
	unsigned int rd, wr;
};

static u32 vf_rd(void *ctx, u32 off)
{
	struct fake_mbx *m = ctx;

	m->rd++;
	if (off == VFNIC_REG_MBX_CTRL)
		return m->ctrl;
	if (off >= VFNIC_REG_MBX_V2P_DATA(0) && off <= VFNIC_REG_MBX_V2P_DATA(15))
		return m->v2p[(off - VFNIC_REG_MBX_V2P_DATA(0)) / 4];
	if (off >= VFNIC_REG_MBX_P2V_DATA(0) && off <= VFNIC_REG_MBX_P2V_DATA(15))
		return m->p2v[(off - VFNIC_REG_MBX_P2V_DATA(0)) / 4];
	return 0;
}

static void vf_wr(void *ctx, u32 off, u32 val)
{
	struct fake_mbx *m = ctx;

	m->wr++;
	if (off == VFNIC_REG_MBX_CTRL) {
		m->ctrl |= val & VFNIC_MBX_CTRL_REQ_MASK;
		m->ctrl &= ~(val & VFNIC_MBX_CTRL_RESP_MASK);
	} else if (off >= VFNIC_REG_MBX_V2P_DATA(0) &&
		   off <= VFNIC_REG_MBX_V2P_DATA(15) &&
		   !(m->ctrl & VFNIC_MBX_CTRL_REQ_MASK)) {
		m->v2p[(off - VFNIC_REG_MBX_V2P_DATA(0)) / 4] = val;
	}
}

/* PF view: VF 0's buffers only */
static u32 pfb_rd(void *ctx, u32 off)
{
	struct fake_mbx *m = ctx;
	u32 v2p = VFNIC_REG_MBX_V2P(0), p2v = VFNIC_REG_MBX_P2V(0);

	if (off >= v2p && off < p2v)
		return m->v2p[(off - v2p) / 4];
	if (off >= p2v && off < VFNIC_REG_MBX_V2P(1))
		return m->p2v[(off - p2v) / 4];
	return 0xdeadbeef;
}

static void pfb_wr(void *ctx, u32 off, u32 val)
{
	struct fake_mbx *m = ctx;
	u32 p2v = VFNIC_REG_MBX_P2V(0);

	if (off >= p2v && off < VFNIC_REG_MBX_V2P(1))
		m->p2v[(off - p2v) / 4] = val;
}

static const struct vfnic_mbx_io_ops vf_io_ops = { .rd = vf_rd, .wr = vf_wr };
static const struct vfnic_mbx_io_ops pf_io_ops = { .rd = pfb_rd, .wr = pfb_wr };

static void t_io(void)
{
	struct fake_mbx m;
	struct vfnic_mbx_io vio = { &vf_io_ops, &m }, pio = { &pf_io_ops, &m };
	u32 req[VFNIC_MBX_DWS], got[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS];
	u32 tx, rx, vec;

	memset(&m, 0, sizeof(m));
	memset(m.v2p, 0x5a, sizeof(m.v2p));	/* stale buffer contents */
	setup(1);
	ok(vfnic_mbx_vf_poll(&vio, got) == -EAGAIN, "VF poll without RESP: -EAGAIN");
	vfnic_mbx_enc_get_queues(req, 42);
	ok(vfnic_mbx_vf_post(&vio, req) == 0 && m.ctrl == VFNIC_MBX_CTRL_REQ_MASK &&
	   m.wr == 2, "VF post: DW0 written, REQ set");
	ok(vfnic_mbx_vf_post(&vio, req) == -EBUSY, "VF post while REQ: -EBUSY");
	ok(vfnic_mbx_pf_read_req(&pio, 0, got) == 0 && got[0] == req[0] &&
	   got[1] == 0 && got[15] == 0, "PF read: DW0, stale DWs past LEN zeroed");
	vfnic_mbx_pf_handle(&pf, 0, got, rep, clk_ns);
	m.ctrl &= ~VFNIC_MBX_CTRL_REQ_MASK;	/* MBX_DONE */
	memset(m.p2v, 0x77, sizeof(m.p2v));
	ok(vfnic_mbx_pf_write_reply(&pio, 0, rep) == 0 && m.p2v[15] == 0,
	   "PF write: whole P2V written");
	m.ctrl |= VFNIC_MBX_CTRL_RESP_MASK;	/* MBX_SEND */
	ok(vfnic_mbx_vf_poll(&vio, got) == 0 && m.ctrl == 0 &&
	   vfnic_mbx_dec_queues_reply(got, 42, &tx, &rx, &vec) == 0 && tx == 4,
	   "VF poll: reply read, RESP cleared");
	m.ctrl = 0xffffffffu;
	ok(vfnic_mbx_vf_post(&vio, req) == -EIO && vfnic_mbx_vf_poll(&vio, got) == -EIO,
	   "function gone (all-ones): -EIO");
	ok(vfnic_mbx_pf_read_req(&pio, VFNIC_MAX_TOTAL_VFS, got) == -EINVAL,
	   "PF read of VF out of range: -EINVAL");
}

/* ---- seeded random loop ---- */

static u64 rng_state;

static u64 rnd64(void)
{
	/* splitmix64 */
	u64 z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static u32 rnd(u32 n)
{
	return n ? (u32)(rnd64() % n) : 0;
}

static void random_mac(u8 *mac)
{
	unsigned int i;

	for (i = 0; i < 6; i++)
		mac[i] = (u8)rnd64();
	if (rnd(4))
		mac[0] &= 0xfe;
	if (!rnd(16))
		memset(mac, 0, 6);
}

static void random_req(u32 *req)
{
	u8 macs[VFNIC_MBX_MC_MAX * 6];
	unsigned int i, n;
	u8 op = (u8)(1 + rnd(7));
	u8 seq = (u8)rnd64();

	switch (op) {
	case VFNIC_MBX_OP_SET_MAC:
		random_mac(macs);
		vfnic_mbx_enc_set_mac(req, seq, macs);
		break;
	case VFNIC_MBX_OP_SET_MC_LIST:
		n = rnd(VFNIC_MBX_MC_MAX + 1);
		for (i = 0; i < n; i++)
			random_mac(&macs[6 * i]);
		for (i = 0; i < n; i++)
			if (rnd(4))
				macs[6 * i] |= 1;
		vfnic_mbx_enc_set_mc_list(req, seq, macs, n);
		break;
	case VFNIC_MBX_OP_SET_VLAN:
		vfnic_mbx_enc_set_vlan(req, seq, (u16)rnd(4096), rnd(2));
		break;
	case VFNIC_MBX_OP_SET_MAX_FRAME:
		vfnic_mbx_enc_set_max_frame(req, seq, rnd(2) ? 50 + rnd(9000) :
					    (u32)rnd64());
		break;
	default:
		valid_req(req, op, seq);
		break;
	}
	/* then damage it now and then */
	switch (rnd(8)) {
	case 0:
		for (i = 0; i < VFNIC_MBX_DWS; i++)
			req[i] = (u32)rnd64();
		break;
	case 1:
		req[rnd(VFNIC_MBX_DWS)] ^= 1u << rnd(32);
		break;
	case 2:
		req[0] = (req[0] & ~VFNIC_MBX_LEN_MASK) |
			 (rnd(16) << VFNIC_MBX_LEN_SHIFT);
		break;
	case 3:
		for (i = 1 + vfnic_mbx_len(req); i < VFNIC_MBX_DWS; i++)
			req[i] = (u32)rnd64();	/* stale tail */
		break;
	default:
		break;
	}
}

/* the record never breaks what the administrator fixed for an untrusted VF */
static int policy_holds(unsigned int vf)
{
	const struct vfnic_mbx_vf_state *st = &pf.vf[vf];

	if (st->trusted)
		return 1;
	if (st->admin_mac_set && memcmp(st->mac, st->admin_mac, 6))
		return 0;
	if (st->admin_vlan_set && (!st->vlan_en || st->vid != st->admin_vid))
		return 0;
	return st->max_frame >= VFNIC_FRAME_MIN_BYTES &&
	       st->max_frame <= VFNIC_FRAME_MAX_BYTES &&
	       st->mc_count <= VFNIC_MBX_MC_MAX;
}

static void t_random(u64 seed, unsigned int iters)
{
	u32 req[VFNIC_MBX_DWS], rep[VFNIC_MBX_DWS];
	unsigned int i, bad_reply = 0, bad_policy = 0, st_count[8] = { 0 };
	unsigned int nvfs = 16;

	rng_state = seed;
	setup(nvfs);
	for (i = 0; i < iters; i++) {
		/* VF 0 floods (~250/s), the others are slow; some out of range */
		unsigned int vf = rnd(4) ? rnd(nvfs + 1) : 0;
		u8 mac[6];
		int r;

		switch (rnd(64)) {
		case 0:
			random_mac(mac);
			vfnic_mbx_pf_set_admin_mac(&pf, rnd(nvfs), mac);
			break;
		case 1:
			vfnic_mbx_pf_set_admin_vlan(&pf, rnd(nvfs), (u16)rnd(4096));
			break;
		case 2:
			vfnic_mbx_pf_set_trust(&pf, rnd(nvfs), rnd(4) == 0);
			break;
		default:
			break;
		}
		random_req(req);
		memset(rep, 0xaa, sizeof(rep));
		clk_ns += rnd(1000000);
		if (i % 4096 == 0)
			clk_ns += 2 * VFNIC_MBX_RATE_WINDOW_NS;
		hw.ret = rnd(32) ? 0 : -EBUSY;
		r = vfnic_mbx_pf_handle(&pf, vf, req, rep, clk_ns);
		if (vf >= nvfs) {
			unsigned int k;

			for (k = 0; k < VFNIC_MBX_DWS; k++)
				if (rep[k])
					r = 1;
			if (r != -EINVAL)
				bad_reply++;
			continue;
		}
		if (r != 0 || vfnic_mbx_status(rep) > VFNIC_MBX_ST_ERATE ||
		    !reply_ok(req, rep, vfnic_mbx_status(rep)) ||
		    (vfnic_mbx_status(rep) == VFNIC_MBX_ST_OK &&
		     vfnic_mbx_len(rep) != ok_len(vfnic_mbx_op(req)))) {
			if (bad_reply++ < 5)
				printf("# bad reply %08x to %08x (iteration %u)\n",
				       rep[0], req[0], i);
		} else {
			st_count[vfnic_mbx_status(rep)]++;
		}
		if (!policy_holds(vf) && bad_policy++ < 5)
			printf("# policy broken for VF %u (iteration %u)\n", vf, i);
	}
	printf("# statuses: OK %u EINVAL %u EPERM %u EOPNOTSUPP %u EBUSY %u ERATE %u\n",
	       st_count[0], st_count[1], st_count[2], st_count[3], st_count[4],
	       st_count[5]);
	ok(!bad_reply, "random: %u messages, every reply well-formed", iters);
	ok(!bad_policy, "random: admin policy never violated");
	ok(st_count[0] && st_count[1] && st_count[2] && st_count[3] &&
	   st_count[4] && st_count[5], "random: every status seen");
	hw.ret = 0;
}

int main(void)
{
	const char *s = getenv("SEED");
	u64 seed = s && *s ? strtoull(s, NULL, 0) : (u64)time(NULL);

	printf("# seed %" PRIu64 "\n", seed);
	t_happy();
	t_validation();
	t_policy();
	t_rate();
	t_zero_fill();
	t_io();
	t_random(seed, 100000);
	printf("1..%u\n", tap_n);
	if (tap_failed) {
		printf("# %u of %u failed; replay with SEED=%" PRIu64 "\n", tap_failed,
		       tap_n, seed);
		return 1;
	}
	return 0;
}
