/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the wire's parsers of external input
 * (sim/model/vfm_wire_int.h). The first byte picks the parser:
 *   even: pcap replay file (the rest of the input is the file)
 *   odd:  stream framing (the rest is what a peer sends), delivered in
 *         chunks whose sizes come from the first byte, as a socket would.
 * Checks the invariants the backends rely on; ASan/UBSan do the rest.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vfm_wire_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_pcap(const uint8_t *data, size_t size)
{
	struct vfm_pcap_reader r;
	struct vfm_pcap_rec rec;
	char err[256];
	int n;

	if (vfm_pcap_reader_init(&r, data, size, err, sizeof(err)) < 0) {
		if (!err[0])
			abort();	/* every failure says why */
		return;
	}
	while ((n = vfm_pcap_reader_next(&r, &rec, err, sizeof(err))) > 0) {
		if (rec.data < data || rec.caplen > VFM_PCAP_MAX_RECORD ||
		    (size_t)(rec.data - data) + rec.caplen > size)
			abort();
		if (r.off > r.len)
			abort();
	}
	if (n < 0 && !err[0])
		abort();
}

static void fuzz_stream(uint8_t mode, const uint8_t *data, size_t size)
{
	static struct vfm_stream_rx p;
	size_t chunk = 1 + (mode >> 1), want, n;
	uint8_t *dst;
	int r;

	vfm_stream_rx_reset(&p);
	while (size) {
		dst = vfm_stream_rx_space(&p, &want);
		if (!want)
			abort();	/* a reader would spin */
		n = want < chunk ? want : chunk;
		n = n < size ? n : size;
		memcpy(dst, data, n);
		data += n;
		size -= n;
		r = vfm_stream_rx_commit(&p, n);
		if (r > 0 && (p.len == 0 || p.len > VFM_WIRE_MAX_FRAME ||
			      p.got != p.len))
			abort();
		if (r < 0) {
			if (p.len && p.len <= VFM_WIRE_MAX_FRAME)
				abort();	/* a good length refused */
			vfm_stream_rx_reset(&p);	/* the next peer */
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1)
		fuzz_stream(data[0], data + 1, size - 1);
	else
		fuzz_pcap(data + 1, size - 1);
	return 0;
}
