/* SPDX-License-Identifier: MIT */
/*
 * TLP header build/parse helpers (docs/tlp-stream.md). Header DW i is hdr[i],
 * each DW with the PCIe specification's bit numbering. Header-only so QEMU,
 * the model and the harness compile the same definitions.
 */
#ifndef VFN_TLP_H
#define VFN_TLP_H

#include <stdbool.h>
#include <stdint.h>

/* DW0 bits 31:24 (Fmt and Type together) */
enum vfn_tlp_fmt_type {
	VFN_TLP_MRD32 = 0x00,
	VFN_TLP_MRD64 = 0x20,
	VFN_TLP_MRDLK32 = 0x01,
	VFN_TLP_MWR32 = 0x40,
	VFN_TLP_MWR64 = 0x60,
	VFN_TLP_IORD = 0x02,
	VFN_TLP_IOWR = 0x42,
	VFN_TLP_CFGRD0 = 0x04,
	VFN_TLP_CFGWR0 = 0x44,
	VFN_TLP_CFGRD1 = 0x05,
	VFN_TLP_CFGWR1 = 0x45,
	VFN_TLP_MSG = 0x30,	/* 0x30..0x37: Msg routed as in low bits */
	VFN_TLP_CPL = 0x0a,
	VFN_TLP_CPLD = 0x4a,
};

enum vfn_cpl_status {
	VFN_CPL_SC = 0,
	VFN_CPL_UR = 1,
	VFN_CPL_CRS = 2,
	VFN_CPL_CA = 4,
};

static inline unsigned vfn_tlp_fmt_type(const uint32_t *hdr)
{
	return hdr[0] >> 24;
}

static inline bool vfn_tlp_has_data(const uint32_t *hdr)
{
	return (hdr[0] >> 30) & 1;
}

static inline bool vfn_tlp_is_4dw(const uint32_t *hdr)
{
	return (hdr[0] >> 29) & 1;
}

/* payload DWs (Length field; 0 encodes 1024) - meaningful only with data */
static inline unsigned vfn_tlp_len_dw(const uint32_t *hdr)
{
	unsigned l = hdr[0] & 0x3ff;

	return l ? l : 1024;
}

static inline unsigned vfn_tlp_payload_dw(const uint32_t *hdr)
{
	return vfn_tlp_has_data(hdr) ? vfn_tlp_len_dw(hdr) : 0;
}

static inline bool vfn_tlp_is_cpl(const uint32_t *hdr)
{
	return (vfn_tlp_fmt_type(hdr) & 0xbe) == 0x0a; /* Cpl, CplD, CplLk, CplDLk */
}

static inline bool vfn_tlp_is_posted(const uint32_t *hdr)
{
	unsigned ft = vfn_tlp_fmt_type(hdr);

	return ft == VFN_TLP_MWR32 || ft == VFN_TLP_MWR64 || (ft & 0x38) == 0x30;
}

/* requester ID and tag of a request (DW1) */
static inline uint16_t vfn_tlp_req_id(const uint32_t *hdr)
{
	return hdr[1] >> 16;
}

static inline uint8_t vfn_tlp_req_tag(const uint32_t *hdr)
{
	return (hdr[1] >> 8) & 0xff;
}

static inline unsigned vfn_tlp_fbe(const uint32_t *hdr)
{
	return hdr[1] & 0xf;
}

static inline unsigned vfn_tlp_lbe(const uint32_t *hdr)
{
	return (hdr[1] >> 4) & 0xf;
}

static inline uint64_t vfn_tlp_addr(const uint32_t *hdr)
{
	if (vfn_tlp_is_4dw(hdr))
		return ((uint64_t)hdr[2] << 32) | (hdr[3] & ~3u);
	return hdr[2] & ~3u;
}

/* memory request; 4DW form when the address needs it. len_dw 1..1024 */
static inline void vfn_tlp_mem(uint32_t *hdr, bool write, uint64_t addr,
			       unsigned len_dw, unsigned fbe, unsigned lbe,
			       uint16_t req_id, uint8_t tag)
{
	bool wide = addr >> 32;
	unsigned ft = (write ? 0x40 : 0x00) | (wide ? 0x20 : 0x00);

	hdr[0] = ((uint32_t)ft << 24) | (len_dw & 0x3ff);
	hdr[1] = ((uint32_t)req_id << 16) | ((uint32_t)tag << 8) |
		 ((lbe & 0xf) << 4) | (fbe & 0xf);
	if (wide) {
		hdr[2] = addr >> 32;
		hdr[3] = (uint32_t)addr & ~3u;
	} else {
		hdr[2] = (uint32_t)addr & ~3u;
		hdr[3] = 0;
	}
}

/* byte enables and DW count for an access of `size` bytes at `addr` */
static inline unsigned vfn_tlp_access_dw(uint64_t addr, unsigned size,
					 unsigned *fbe, unsigned *lbe)
{
	unsigned first = addr & 3, end = first + size;
	unsigned ndw = (end + 3) / 4;

	if (ndw == 1) {
		*fbe = ((1u << size) - 1) << first;
		*lbe = 0;
	} else {
		*fbe = (0xfu << first) & 0xf;
		*lbe = 0xfu >> ((4 - (end & 3)) & 3);
	}
	return ndw;
}

/* type 0 configuration request; completer = {bus, devfn}; reg = byte offset */
static inline void vfn_tlp_cfg(uint32_t *hdr, bool write, uint16_t completer,
			       unsigned reg, unsigned fbe, uint16_t req_id,
			       uint8_t tag)
{
	hdr[0] = ((uint32_t)(write ? VFN_TLP_CFGWR0 : VFN_TLP_CFGRD0) << 24) | 1;
	hdr[1] = ((uint32_t)req_id << 16) | ((uint32_t)tag << 8) | (fbe & 0xf);
	hdr[2] = ((uint32_t)completer << 16) | (reg & 0xffc);
	hdr[3] = 0;
}

static inline uint16_t vfn_tlp_cfg_completer(const uint32_t *hdr)
{
	return hdr[2] >> 16;
}

static inline unsigned vfn_tlp_cfg_reg(const uint32_t *hdr)
{
	return hdr[2] & 0xffc;
}

/* completion; byte_count = remaining bytes incl. this one (4096 encodes 0) */
static inline void vfn_tlp_cpl(uint32_t *hdr, bool with_data, unsigned status,
			       uint16_t completer, unsigned byte_count,
			       uint16_t req_id, uint8_t tag, unsigned lower_addr,
			       unsigned len_dw)
{
	hdr[0] = ((uint32_t)(with_data ? VFN_TLP_CPLD : VFN_TLP_CPL) << 24) |
		 (with_data ? (len_dw & 0x3ff) : 0);
	hdr[1] = ((uint32_t)completer << 16) | ((status & 7) << 13) |
		 (byte_count & 0xfff);
	hdr[2] = ((uint32_t)req_id << 16) | ((uint32_t)tag << 8) |
		 (lower_addr & 0x7f);
	hdr[3] = 0;
}

static inline unsigned vfn_tlp_cpl_status(const uint32_t *hdr)
{
	return (hdr[1] >> 13) & 7;
}

static inline uint16_t vfn_tlp_cpl_completer(const uint32_t *hdr)
{
	return hdr[1] >> 16;
}

static inline unsigned vfn_tlp_cpl_byte_count(const uint32_t *hdr)
{
	unsigned bc = hdr[1] & 0xfff;

	return bc ? bc : 4096;
}

static inline uint16_t vfn_tlp_cpl_req_id(const uint32_t *hdr)
{
	return hdr[2] >> 16;
}

static inline uint8_t vfn_tlp_cpl_tag(const uint32_t *hdr)
{
	return (hdr[2] >> 8) & 0xff;
}

static inline unsigned vfn_tlp_cpl_lower_addr(const uint32_t *hdr)
{
	return hdr[2] & 0x7f;
}

#endif /* VFN_TLP_H */
