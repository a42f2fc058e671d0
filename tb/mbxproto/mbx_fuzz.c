// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * libFuzzer target for the mailbox parsers (driver/hw/vfnic_mbx.c): the PF's
 * request handler with fuzzed policy and clock, and every VF-side reply and
 * event decoder. Traps on a malformed reply or a broken admin policy.
 * Build: make fuzz-mbx (clang -fsanitize=fuzzer).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vfnic_mbx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int nop_set(void *ctx, unsigned int vf, const u8 *mac)
{
	(void)ctx;
	(void)vf;
	(void)mac;
	return 0;
}

static const struct vfnic_mbx_pf_ops ops = { .set_mac = nop_set };

static struct vfnic_mbx_pf pf;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const u8 admin[6] = { 0x02, 1, 2, 3, 4, 5 };
	u32 req[VFNIC_MBX_DWS] = { 0 }, rep[VFNIC_MBX_DWS];
	const struct vfnic_mbx_vf_state *st;
	u8 mac[6], macs[VFNIC_MBX_MC_MAX * 6];
	unsigned int vf, i, count;
	u32 a, b, c;
	u64 now;
	bool up;
	u16 vid;

	if (size < 9)
		return 0;
	vfnic_mbx_pf_init(&pf, &ops, NULL, 4);
	vf = data[0] % 5;
	if (data[0] & 0x10)
		vfnic_mbx_pf_set_admin_mac(&pf, 0, admin);
	if (data[0] & 0x20)
		vfnic_mbx_pf_set_admin_vlan(&pf, 0, 7);
	vfnic_mbx_pf_set_trust(&pf, 0, data[0] & 0x40);
	memcpy(&now, data + 1, sizeof(now));
	data += 9;
	size -= 9;
	memcpy(req, data, size < sizeof(req) ? size : sizeof(req));

	if (vfnic_mbx_pf_handle(&pf, vf, req, rep, now)) {
		for (i = 0; i < VFNIC_MBX_DWS; i++)
			if (rep[i] || vf < 4)
				__builtin_trap();
	} else {
		if (vfnic_mbx_op(rep) != (vfnic_mbx_op(req) | VFNIC_MBX_OP_REPLY) ||
		    vfnic_mbx_seq(rep) != vfnic_mbx_seq(req) ||
		    vfnic_mbx_status(rep) > VFNIC_MBX_ST_ERATE ||
		    (vfnic_mbx_status(rep) && vfnic_mbx_len(rep)))
			__builtin_trap();
		for (i = 1 + vfnic_mbx_len(rep); i < VFNIC_MBX_DWS; i++)
			if (rep[i])
				__builtin_trap();
		st = &pf.vf[0];
		if (!st->trusted && st->admin_mac_set && memcmp(st->mac, admin, 6))
			__builtin_trap();
		if (!st->trusted && st->admin_vlan_set && st->vid != 7)
			__builtin_trap();
	}

	/* the VF-side parsers, on the same bytes */
	vfnic_mbx_dec_reply(req, VFNIC_MBX_OP_SET_MAC, vfnic_mbx_seq(req));
	vfnic_mbx_dec_reset_reply(req, vfnic_mbx_seq(req), mac);
	vfnic_mbx_dec_queues_reply(req, vfnic_mbx_seq(req), &a, &b, &c);
	vfnic_mbx_dec_link_reply(req, vfnic_mbx_seq(req), &up, &a);
	vfnic_mbx_dec_link_event(req, &up, &a);
	if (vfnic_mbx_dec_set_mc_list(req, macs, &count) == 0 &&
	    count > VFNIC_MBX_MC_MAX)
		__builtin_trap();
	vfnic_mbx_dec_set_vlan(req, &vid, &up);
	return 0;
}
