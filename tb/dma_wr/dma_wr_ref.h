// SPDX-License-Identifier: MIT
// Reference model of vfnic_dma_wr for its testbench: how one write request splits into MWrs
// (Max-Payload-Size-aligned splits, so none crosses 4 KiB), each MWr's header and payload
// beats as docs/tlp-stream.md lays them out, and a host memory that applies an MWr by its
// byte enables.
#ifndef VFNIC_TB_DMA_WR_REF_H
#define VFNIC_TB_DMA_WR_REF_H

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace dwr_ref
{

using Mem = std::unordered_map<uint64_t, uint8_t>;

struct Tlp {
	uint64_t addr;    // address of the first byte
	unsigned off;     // request byte offset of the first byte
	unsigned bytes;   // payload bytes meant (1..MPS)
	unsigned lead;    // byte lane of the first byte in DW 0
	unsigned dws;     // Length (1..1024)
	unsigned beats;   // rq beats
	uint32_t hdr[4];  // header as on rq (DW i = hdr[i])
};

inline unsigned mps_bytes(unsigned mps_enc)
{
	return 128u << (mps_enc > 5 ? 5 : mps_enc);
}

// The MWrs of one request (none for a zero-length request)
inline std::vector<Tlp> split(uint64_t addr, unsigned len, unsigned mps_enc, uint16_t rid)
{
	std::vector<Tlp> v;
	unsigned mps = mps_bytes(mps_enc);
	unsigned off = 0;
	while (off < len) {
		Tlp t{};
		t.addr = addr + off;
		t.off = off;
		unsigned to_bound = mps - (unsigned)(t.addr & (mps - 1));
		t.bytes = std::min(len - off, to_bound);
		t.lead = (unsigned)(t.addr & 3);
		unsigned span = t.lead + t.bytes;
		t.dws = (span + 3) / 4;
		t.beats = (t.dws + 3) / 4;
		unsigned fbe = (0xfu << t.lead) & 0xf;
		unsigned lbe = 0xfu >> (3 - ((span - 1) & 3));
		if (t.dws == 1) {
			fbe &= lbe;
			lbe = 0;
		}
		bool wide = (t.addr >> 32) != 0;
		t.hdr[0] = ((wide ? 0x60u : 0x40u) << 24) | (t.dws & 0x3ff);
		t.hdr[1] = ((uint32_t)rid << 16) | (lbe << 4) | fbe;
		if (wide) {
			t.hdr[2] = (uint32_t)(t.addr >> 32);
			t.hdr[3] = (uint32_t)t.addr & ~3u;
		} else {
			t.hdr[2] = (uint32_t)t.addr & ~3u;
			t.hdr[3] = 0;
		}
		v.push_back(t);
		off += t.bytes;
	}
	return v;
}

// Expected payload beats (beats * 16 bytes): request bytes at their DW lanes, all else 0
inline std::vector<uint8_t> payload(const Tlp &t, const std::vector<uint8_t> &req)
{
	std::vector<uint8_t> p(t.beats * 16u, 0);
	for (unsigned k = 0; k < t.bytes; k++)
		p[t.lead + k] = req[t.off + k];
	return p;
}

// Writes the bytes of an MWr the host would write (by First/Last BE) into mem.
inline void apply_mwr(Mem &mem, const uint32_t hdr[4], const std::vector<uint8_t> &pl)
{
	bool wide = (hdr[0] >> 29) & 1;
	unsigned dws = hdr[0] & 0x3ff;
	if (dws == 0)
		dws = 1024;
	unsigned fbe = hdr[1] & 0xf, lbe = (hdr[1] >> 4) & 0xf;
	uint64_t a = wide ? (((uint64_t)hdr[2] << 32) | (hdr[3] & ~3u)) : (hdr[2] & ~3u);
	for (unsigned d = 0; d < dws; d++) {
		unsigned be = d == 0 ? fbe : (d == dws - 1 ? lbe : 0xf);
		for (unsigned b = 0; b < 4; b++)
			if ((be >> b) & 1 && 4 * d + b < pl.size())
				mem[a + 4 * d + b] = pl[4 * d + b];
	}
}

}  // namespace dwr_ref

#endif
