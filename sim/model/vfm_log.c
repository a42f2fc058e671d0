/* SPDX-License-Identifier: MIT */
/* vfnic model: the log (rejections, disconnects, TLP trace) and statistics. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "vfm.h"
#include "vfn_tlp.h"

long long vfm_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void log_prefix(struct vfm *m)
{
	fprintf(m->log, "vfnic-model: [%llu] ",
		(unsigned long long)(m->rtl ? vfm_rtl_cycles(m->rtl) : 0));
}

void vfm_log(struct vfm *m, const char *fmt, ...)
{
	va_list ap;

	log_prefix(m);
	va_start(ap, fmt);
	vfprintf(m->log, fmt, ap);
	va_end(ap);
	fputc('\n', m->log);
}

void vfm_log_client(struct vfm *m, const struct vfm_client *c,
		    const char *fmt, ...)
{
	va_list ap;

	log_prefix(m);
	fprintf(m->log, "client '%s' #%u: ", c->name, c->id);
	va_start(ap, fmt);
	vfprintf(m->log, fmt, ap);
	va_end(ap);
	fputc('\n', m->log);
}

static const char *fmt_type_name(unsigned ft)
{
	switch (ft) {
	case VFN_TLP_MRD32: return "MRd32";
	case VFN_TLP_MRD64: return "MRd64";
	case VFN_TLP_MRDLK32: return "MRdLk";
	case VFN_TLP_MWR32: return "MWr32";
	case VFN_TLP_MWR64: return "MWr64";
	case VFN_TLP_IORD: return "IORd";
	case VFN_TLP_IOWR: return "IOWr";
	case VFN_TLP_CFGRD0: return "CfgRd0";
	case VFN_TLP_CFGWR0: return "CfgWr0";
	case VFN_TLP_CFGRD1: return "CfgRd1";
	case VFN_TLP_CFGWR1: return "CfgWr1";
	case VFN_TLP_CPL: return "Cpl";
	case VFN_TLP_CPLD: return "CplD";
	default: return NULL;
	}
}

const char *vfm_tlp_str(char *buf, size_t n, const uint32_t *hdr)
{
	unsigned ft = vfn_tlp_fmt_type(hdr);
	const char *name = fmt_type_name(ft);
	char other[16];

	if (!name) {
		snprintf(other, sizeof(other), "TLP(%02x)", ft);
		name = other;
	}
	if (vfn_tlp_is_cpl(hdr)) {
		snprintf(buf, n, "%s cid=%04x st=%u bc=%u rid=%04x tag=%02x la=%02x len=%u",
			 name, vfn_tlp_cpl_completer(hdr), vfn_tlp_cpl_status(hdr),
			 vfn_tlp_cpl_byte_count(hdr), vfn_tlp_cpl_req_id(hdr),
			 vfn_tlp_cpl_tag(hdr), vfn_tlp_cpl_lower_addr(hdr),
			 vfn_tlp_payload_dw(hdr));
	} else if ((ft & 0xbe) == 0x04) {
		snprintf(buf, n, "%s rid=%04x tag=%02x cid=%04x reg=%03x be=%x",
			 name, vfn_tlp_req_id(hdr), vfn_tlp_req_tag(hdr),
			 vfn_tlp_cfg_completer(hdr), vfn_tlp_cfg_reg(hdr),
			 vfn_tlp_fbe(hdr));
	} else {
		snprintf(buf, n, "%s rid=%04x tag=%02x addr=%#llx len=%u be=%x/%x",
			 name, vfn_tlp_req_id(hdr), vfn_tlp_req_tag(hdr),
			 (unsigned long long)vfn_tlp_addr(hdr),
			 vfn_tlp_len_dw(hdr), vfn_tlp_fbe(hdr), vfn_tlp_lbe(hdr));
	}
	return buf;
}

void vfm_log_tlp(struct vfm *m, const char *dir, const struct vfm_client *c,
		 const uint32_t *hdr)
{
	char buf[160];

	if (!m->log_tlp)
		return;
	vfm_tlp_str(buf, sizeof(buf), hdr);
	if (c)
		vfm_log_client(m, c, "%s %s", dir, buf);
	else
		vfm_log(m, "%s %s", dir, buf);
}

void vfm_log_stats(struct vfm *m, const char *when)
{
	unsigned long long cycles = vfm_rtl_cycles(m->rtl);
	long long busy_ns = m->st.busy_ns;
	double busy;

	if (m->busy_since)
		busy_ns += vfm_now_ns() - m->busy_since;
	busy = busy_ns / 1e9;

	vfm_log(m, "stats (%s): cycles %llu busy_s %.6f cycles_per_s %.0f "
		"msgs_in %llu msgs_out %llu tlps_to_rtl %llu tlps_from_rtl %llu "
		"rejects %llu dma_refused %llu cpl_discarded %llu clients %llu "
		"sriov_probes %llu",
		when, cycles, busy, busy > 0 ? cycles / busy : 0.0,
		(unsigned long long)m->st.msgs_in,
		(unsigned long long)m->st.msgs_out,
		(unsigned long long)m->st.tlps_to_rtl,
		(unsigned long long)m->st.tlps_from_rtl,
		(unsigned long long)m->st.rejects,
		(unsigned long long)m->st.dma_refused,
		(unsigned long long)m->st.cpl_discarded,
		(unsigned long long)m->st.clients,
		(unsigned long long)m->sr.probes);
	vfm_log(m, "stats (%s): wire %s eth_tx_frames %llu eth_tx_bytes %llu "
		"eth_tx_discards %llu eth_rx_frames %llu eth_rx_bytes %llu "
		"eth_rx_wire_errors %llu", when, vfm_eth_name(&m->eth),
		(unsigned long long)m->eth.tx_frames,
		(unsigned long long)m->eth.tx_bytes,
		(unsigned long long)m->eth.tx_discards,
		(unsigned long long)m->eth.rx_frames,
		(unsigned long long)m->eth.rx_bytes,
		(unsigned long long)m->eth.rx_wire_errors);
	fflush(m->log);
}
