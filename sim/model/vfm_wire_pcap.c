/* SPDX-License-Identifier: MIT */
/*
 * vfnic model wire "pcap": sent frames are appended to a classic pcap file
 * (LINKTYPE_ETHERNET, microsecond stamps, one write() per frame so readers
 * see it at once); in=FILE replays a pcap file (either byte order,
 * microsecond or nanosecond magic), checked in full when the wire opens.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "vfm_wire_int.h"

#define PCAP_MAGIC_US		0xa1b2c3d4u
#define PCAP_MAGIC_NS		0xa1b23c4du
#define PCAPNG_MAGIC		0x0a0d0d0au
#define PCAP_HDR_LEN		24
#define PCAP_REC_LEN		16
#define LINKTYPE_ETHERNET	1
#define LT_LINKTYPE(x)		((x) & 0x03ffffffu)	/* as libpcap */
#define LT_FCS_PRESENT(x)	((x) & 0x04000000u)
#define LT_FCS_WORDS(x)		(((x) >> 28) & 0xfu)
#define PCAP_IN_MAX		(1u << 30)	/* replay files are read whole */

/* ---- reader ---- */

static uint32_t rd32(const struct vfm_pcap_reader *r, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return r->swap ? __builtin_bswap32(v) : v;
}

static uint16_t rd16(const struct vfm_pcap_reader *r, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return r->swap ? __builtin_bswap16(v) : v;
}

/* magic in our byte order -> swap/nsec, or -1 */
static int pcap_magic(struct vfm_pcap_reader *r, uint32_t magic)
{
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
		r->swap = 0;
	} else if (__builtin_bswap32(magic) == PCAP_MAGIC_US ||
		   __builtin_bswap32(magic) == PCAP_MAGIC_NS) {
		r->swap = 1;
		magic = __builtin_bswap32(magic);
	} else {
		return -1;
	}
	r->nsec = magic == PCAP_MAGIC_NS;
	return 0;
}

int vfm_pcap_reader_init(struct vfm_pcap_reader *r, const uint8_t *buf,
			 size_t len, char *err, size_t errlen)
{
	uint32_t magic = 0, lt;

	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	if (len >= 4)
		memcpy(&magic, buf, 4);
	if (magic == PCAPNG_MAGIC)
		return vfm_wire_err(err, errlen,
				    "pcapng, not classic pcap (convert: editcap -F pcap IN OUT)");
	if (len < PCAP_HDR_LEN)
		return vfm_wire_err(err, errlen,
				    "%zu bytes, shorter than a pcap file header (24): truncated or not pcap",
				    len);
	if (pcap_magic(r, magic) < 0)
		return vfm_wire_err(err, errlen,
				    "bad magic 0x%08x: not a pcap file", magic);
	if (rd16(r, buf + 4) != 2)
		return vfm_wire_err(err, errlen,
				    "pcap version %u.%u, expected 2.x",
				    rd16(r, buf + 4), rd16(r, buf + 6));
	lt = rd32(r, buf + 20);
	if (LT_LINKTYPE(lt) != LINKTYPE_ETHERNET)
		return vfm_wire_err(err, errlen,
				    "link type %u, not Ethernet (1)",
				    LT_LINKTYPE(lt));
	if (LT_FCS_PRESENT(lt))
		r->fcs_len = 2 * LT_FCS_WORDS(lt);
	r->off = PCAP_HDR_LEN;
	return 0;
}

int vfm_pcap_reader_next(struct vfm_pcap_reader *r, struct vfm_pcap_rec *rec,
			 char *err, size_t errlen)
{
	size_t left = r->len - r->off;
	const uint8_t *p = r->buf + r->off;
	uint32_t sec, frac;

	if (left == 0)
		return 0;
	if (left < PCAP_REC_LEN)
		return vfm_wire_err(err, errlen,
				    "record %lu at offset %zu: truncated header (%zu of 16 bytes)",
				    r->rec + 1, r->off, left);
	sec = rd32(r, p);
	frac = rd32(r, p + 4);
	rec->caplen = rd32(r, p + 8);
	rec->origlen = rd32(r, p + 12);
	if (rec->caplen > VFM_PCAP_MAX_RECORD)
		return vfm_wire_err(err, errlen,
				    "record %lu at offset %zu: captured length %u > %u: corrupt file",
				    r->rec + 1, r->off, rec->caplen,
				    VFM_PCAP_MAX_RECORD);
	if (rec->caplen > left - PCAP_REC_LEN)
		return vfm_wire_err(err, errlen,
				    "record %lu at offset %zu: truncated (%u bytes captured, %zu left in the file)",
				    r->rec + 1, r->off, rec->caplen,
				    left - PCAP_REC_LEN);
	rec->data = p + PCAP_REC_LEN;
	rec->ts_ns = (uint64_t)sec * 1000000000u +
		     (uint64_t)frac * (r->nsec ? 1u : 1000u);
	if (r->fcs_len && rec->caplen == rec->origlen &&
	    rec->caplen >= r->fcs_len) {
		rec->caplen -= r->fcs_len;
		rec->origlen -= r->fcs_len;
	}
	r->off += PCAP_REC_LEN + (size_t)rd32(r, p + 8);
	r->rec++;
	return 1;
}

/* ---- backend ---- */

struct pcap {
	int out_fd;			/* -1: no out= */
	uint8_t *in_buf;		/* the replay file, NULL: no in= */
	struct vfm_pcap_reader rd;
	int snapped_logged;
};

static int write_all(int fd, struct iovec *iov, int n)
{
	ssize_t r;

	while (n > 0) {
		r = writev(fd, iov, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		while (n > 0 && (size_t)r >= iov->iov_len) {
			r -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + r;
			iov->iov_len -= (size_t)r;
		}
	}
	return 0;
}

static int pcap_send(struct vfm_wire *w, const uint8_t *frame, size_t len)
{
	struct pcap *pc = w->be;
	uint64_t ns = vfm_wire_now_ns(w);
	uint32_t hdr[4];
	struct iovec iov[2];

	if (pc->out_fd < 0)
		return -EAGAIN;		/* replay only: nowhere to send */
	hdr[0] = (uint32_t)(ns / 1000000000u);
	hdr[1] = (uint32_t)(ns % 1000000000u / 1000u);
	hdr[2] = (uint32_t)len;
	hdr[3] = (uint32_t)len;
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	iov[1].iov_base = (void *)frame;
	iov[1].iov_len = len;
	return write_all(pc->out_fd, iov, 2);
}

/* the next replayable record, or 0 at the end (clears the poll flag) */
static ssize_t pcap_recv(struct vfm_wire *w)
{
	struct pcap *pc = w->be;
	struct vfm_pcap_rec rec;

	if (!pc->in_buf)
		return 0;
	while (vfm_pcap_reader_next(&pc->rd, &rec, NULL, 0) == 1) {
		if (pc->rd.off == pc->rd.len)
			vfm_wire_flag_set(w->fd, 0);
		if (rec.caplen && rec.caplen == rec.origlen &&
		    rec.caplen <= VFM_WIRE_MAX_FRAME) {
			memcpy(w->rx, rec.data, rec.caplen);
			return (ssize_t)rec.caplen;
		}
		w->st.rx_drops++;
		if (!pc->snapped_logged++)
			vfm_wire_log(w, "record %lu: %u of %u bytes captured: not replayed (further ones counted in rx_drops)",
				     pc->rd.rec, rec.caplen, rec.origlen);
	}
	vfm_wire_flag_set(w->fd, 0);
	return 0;
}

static void pcap_close(struct vfm_wire *w)
{
	struct pcap *pc = w->be;

	if (pc->out_fd >= 0)
		close(pc->out_fd);
	if (w->fd >= 0)
		close(w->fd);
	free(pc->in_buf);
	free(pc);
}

static const struct vfm_wire_ops pcap_ops = {
	.send = pcap_send,
	.recv = pcap_recv,
	.close = pcap_close,
};

static int open_out(struct pcap *pc, const char *path, char *err,
		    size_t errlen)
{
	static const uint16_t version[2] = { 2, 4 };
	uint32_t hdr[6] = { PCAP_MAGIC_US, 0, 0, 0, VFM_PCAP_MAX_RECORD,
			    LINKTYPE_ETHERNET };
	struct iovec iov = { hdr, sizeof(hdr) };
	int r;

	memcpy(&hdr[1], version, sizeof(version));	/* native order */
	pc->out_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (pc->out_fd < 0)
		return vfm_wire_err(err, errlen, "out=%s: %s", path,
				    strerror(errno));
	r = write_all(pc->out_fd, &iov, 1);
	if (r < 0)
		return vfm_wire_err(err, errlen, "out=%s: %s", path,
				    strerror(-r));
	return 0;
}

static int read_file(const char *path, uint8_t **buf, size_t *len, char *err,
		     size_t errlen)
{
	struct stat sb;
	size_t got = 0;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vfm_wire_err(err, errlen, "%s", strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > PCAP_IN_MAX) {
		close(fd);
		return vfm_wire_err(err, errlen,
				    "not a regular file of at most 1 GiB");
	}
	*buf = malloc((size_t)sb.st_size + 1);
	if (!*buf) {
		close(fd);
		return vfm_wire_err(err, errlen, "out of memory");
	}
	while (got < (size_t)sb.st_size &&
	       (r = read(fd, *buf + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)r;
	close(fd);
	*len = got;
	return 0;
}

/* the whole file is checked now, so a bad one fails the open */
static int open_in(struct vfm_wire *w, struct pcap *pc, const char *path,
		   char *err, size_t errlen)
{
	struct vfm_pcap_rec rec;
	size_t len = 0;
	char why[256];
	int r;

	if (read_file(path, &pc->in_buf, &len, why, sizeof(why)) < 0)
		return vfm_wire_err(err, errlen, "in=%s: %s", path, why);
	if (vfm_pcap_reader_init(&pc->rd, pc->in_buf, len, why,
				 sizeof(why)) < 0)
		return vfm_wire_err(err, errlen, "in=%s: %s", path, why);
	while ((r = vfm_pcap_reader_next(&pc->rd, &rec, why, sizeof(why))) > 0)
		;
	if (r < 0)
		return vfm_wire_err(err, errlen, "in=%s: %s", path, why);
	vfm_pcap_reader_init(&pc->rd, pc->in_buf, len, NULL, 0);
	w->fd = vfm_wire_flag_new();
	if (w->fd < 0)
		return vfm_wire_err(err, errlen, "in=%s: eventfd: %s", path,
				    strerror(-w->fd));
	vfm_wire_flag_set(w->fd, pc->rd.off < pc->rd.len);
	return 0;
}

static int check_keys(const char *args)
{
	const char *p = args;

	while (*p) {
		if (strncmp(p, "out=", 4) && strncmp(p, "in=", 3))
			return -1;
		p = strchr(p, ',');
		if (!p)
			break;
		p++;
	}
	return 0;
}

int vfm_wire_pcap_open(struct vfm_wire *w, const char *args, char *err,
		       size_t errlen)
{
	char out[PATH_MAX], in[PATH_MAX], why[PATH_MAX + 300];
	int have_out, have_in;
	struct pcap *pc;

	have_out = vfm_wire_opt(args, "out", out, sizeof(out)) == 0;
	have_in = vfm_wire_opt(args, "in", in, sizeof(in)) == 0;
	if (check_keys(args) < 0 || (!have_out && !have_in))
		return vfm_wire_err(err, errlen,
				    "wire '%s': expected pcap:out=FILE[,in=FILE] or pcap:in=FILE",
				    w->name);
	pc = calloc(1, sizeof(*pc));
	if (!pc)
		return vfm_wire_err(err, errlen, "wire '%s': out of memory",
				    w->name);
	pc->out_fd = -1;
	w->ops = &pcap_ops;
	w->be = pc;
	if ((have_out && open_out(pc, out, why, sizeof(why)) < 0) ||
	    (have_in && open_in(w, pc, in, why, sizeof(why)) < 0)) {
		pcap_close(w);
		return vfm_wire_err(err, errlen, "wire '%s': %s", w->name,
				    why);
	}
	return 0;
}
