/* SPDX-License-Identifier: MIT */
/*
 * vfnic transport-level regression harness: acts as the root complex and
 * host memory for the model (docs/transport.md), no QEMU involved.
 * hx_host.c: requests, completions, serving device reads/writes;
 * hx_main.c: model process, test runner (TAP), hx_tests.c / hx_bad.c:
 * the tests, hx_bench.c: --bench.
 */
#ifndef HX_H
#define HX_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "vfn_tlp.h"
#include "vfn_transport.h"
#include "vfnic_regs.h"

/* where the harness puts the device (what a root port would assign) */
#define HX_BUS		3u
#define HX_DEV		0u	/* alone on its bus, behind an ARI port */
#define HX_DEVID	((HX_BUS << 8) | (HX_DEV << 3))	/* {bus, dev, fn 0} */
#define HX_RC_ID	0x0000u		/* root complex requester ID */

/* host memory the device may DMA into (a 64-bit address) and MSI space */
#define HX_MEM_BASE	0x123400000ull
#define HX_MEM_SIZE	(1u << 20)
#define HX_MSI_BASE	0xfee00000ull
#define HX_MSI_SIZE	0x100000ull

/* BAR placement: BAR0 below 4 GiB (3DW requests), BAR2 above (4DW) */
#define HX_BAR0		0xfe000000ull
#define HX_BAR0_HI	0x7f00000000ull		/* relocation test */
#define HX_BAR2		0x4000000000ull
#define HX_NOBAR	0xfd000000ull		/* hits no BAR */
/* VF BARs (PF's SR-IOV capability): registers above 4 GiB, MSI-X below */
#define HX_VFBAR0	0x5000000000ull
#define HX_VFBAR2	0xfc000000ull

#define HX_TIMEOUT_MS	5000
/* the model we start gets a small overflow queue, so that bad-overflow
 * is quick (the default is 64 MiB) */
#define HX_MODEL_MAX_QUEUE	"1048576"

/* config space offsets we use (PCI Local Bus / PCIe base spec) */
#define CFG_ID		0x00
#define CFG_CMD		0x04
#define CFG_REV_CLASS	0x08
#define CFG_HDR		0x0c
#define CFG_BAR(n)	(0x10 + 4 * (n))
#define CFG_SUBSYS	0x2c
#define CFG_ROM		0x30
#define CFG_CAP_PTR	0x34
#define CFG_INT		0x3c
#define CMD_MEM		0x0002u
#define CMD_MASTER	0x0004u

struct hx_mwr {			/* a device write the host received */
	uint64_t addr;
	uint16_t rid;
	unsigned ndw, fbe, lbe;
	uint32_t data[16];
};

struct hx_err {			/* an ERROR message from the model */
	uint32_t code, bad_seq, bad_type;
	char text[VFN_TEXT_LEN];
};

struct hx_host {
	struct vfn_client c;
	int connected;
	int gone;		/* the model closed our socket */
	char name[VFN_NAME_LEN];
	uint8_t tag;
	uint16_t func;		/* function our requests are sent for */
	uint32_t req_aux;	/* aux of the next request (VF: BAR-relative) */
	int serve_reads;	/* answer device reads (else only record) */
	int split_reads;	/* split read completions at 64-byte boundaries */
	uint64_t *rng;		/* for split decisions */

	struct hx_mwr mwr[256];	/* device writes since hx_clear_log */
	unsigned nmwr;
	uint32_t mrd[64][4];	/* device reads since hx_clear_log */
	unsigned nmrd;
	struct hx_err err[32];	/* ERROR messages since hx_clear_log */
	unsigned nerr;
	unsigned nerr_total;	/* ERROR messages, also past the log's size */
	unsigned nerr_by_code[8];
	unsigned npongs;
	unsigned unexpected;	/* completions nobody waited for */

	int reset_done;
	uint32_t reset_aux;
	int pong;
	uint32_t pong_aux;

	int want_tag;		/* -1: none, -2: collect all in cpls[] */
	uint32_t cpls[64][6];	/* collected completions: header, 2 DWs */
	unsigned ncpls;
	unsigned ncpls_total;	/* collected, also past cpls[] */
	int got_cpl;
	uint32_t cpl_hdr[4];
	uint32_t cpl_data[1024];
	unsigned cpl_ndw;
};

extern uint8_t hx_mem[HX_MEM_SIZE];

/* hx_host.c */
void hx_hello(struct vfn_hello *h, enum vfn_role role, const char *name,
	      int windows);
int hx_connect(struct hx_host *h, const char *sock, const char *name,
	       enum vfn_role role, char *err, size_t errlen);
/* a VFN_ROLE_VF client for routing function func; windows as hx_connect */
int hx_connect_vf(struct hx_host *h, const char *sock, const char *name,
		  unsigned func, char *err, size_t errlen);
void hx_close(struct hx_host *h);
void hx_clear_log(struct hx_host *h);
/* wait up to timeout_ms for one message and act on it: 1, 0 = timeout,
 * -1 = model gone or broken ring */
int hx_pump(struct hx_host *h, int timeout_ms);
/* handle everything already in the ring, without waiting */
void hx_drain(struct hx_host *h);
/* send a non-posted request and wait for its completion (in h->cpl_*);
 * returns 0, -ETIMEDOUT, -EPIPE */
int hx_request(struct hx_host *h, uint32_t *hdr, const uint32_t *data,
	       unsigned ndw);
int hx_send_tlp(struct hx_host *h, const uint32_t *hdr, const uint32_t *data,
		unsigned ndw);
int hx_send_tlp_aux(struct hx_host *h, uint32_t aux, const uint32_t *hdr,
		    const uint32_t *data, unsigned ndw);
/* returns the completion status (0 = SC) or a negative errno */
int hx_cfg_rd(struct hx_host *h, unsigned reg, uint32_t *val);
int hx_cfg_wr(struct hx_host *h, unsigned reg, uint32_t val, unsigned be);
/* config request to the function with this completer ID, sent as h->func */
int hx_cfg_rd_id(struct hx_host *h, uint16_t completer, unsigned reg,
		 uint32_t *val);
int hx_cfg_wr_id(struct hx_host *h, uint16_t completer, unsigned reg,
		 uint32_t val, unsigned be);
int hx_rd(struct hx_host *h, uint64_t addr, unsigned size, uint64_t *val);
/* VF client: BAR-relative memory requests (offset in VF BAR bar) */
int hx_vf_rd(struct hx_host *h, unsigned bar, uint64_t off, unsigned size,
	     uint64_t *val);
int hx_vf_wr(struct hx_host *h, unsigned bar, uint64_t off, unsigned size,
	     uint64_t val);
int hx_wr(struct hx_host *h, uint64_t addr, unsigned size, uint64_t val);
/* BAR0 register shorthands; a failed read returns 0xdeadbeef and counts */
uint32_t hx_reg(struct hx_host *h, unsigned off);
void hx_reg_wr(struct hx_host *h, unsigned off, uint32_t val);
extern unsigned hx_reg_failures;
int hx_ping(struct hx_host *h);
int hx_reset(struct hx_host *h);
/* wait for an ERROR with this code about message seq; index or -1 */
int hx_wait_err(struct hx_host *h, uint32_t code, uint32_t seq,
		int timeout_ms);

/* small seeded PRNG (splitmix64) */
uint64_t hx_rand(uint64_t *s);
long long hx_now_ns(void);

/* hx_main.c: shared run context */
struct hx_ctx {
	struct hx_host main;	/* the well-behaved TEST client */
	struct hx_host aux[2];	/* a test's other clients, closed after it */
	const char *sock;
	pid_t model_pid;	/* 0 when connected to a foreign model */
	char log_path[256];
	char dir[200];
	uint64_t rng;
	uint64_t seed;
	int enumerated;
	int wire_fd;		/* our end of the model's --wire dgram, or -1 */
	char capture_path[256];	/* the model's --capture pcap, or "" */
};

void hx_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int hx_main_up(struct hx_ctx *x);	/* main client connected */
int hx_enumerate(struct hx_ctx *x);	/* BARs assigned, memory + master on */
int hx_good_client_check(struct hx_ctx *x, int reads);

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			hx_diag("%s:%d: check failed: %s", __FILE__,	\
				__LINE__, #cond);			\
			return 0;					\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		unsigned long long _a = (a), _b = (b);			\
		if (_a != _b) {						\
			hx_diag("%s:%d: %s = %#llx, expected %s = %#llx",\
				__FILE__, __LINE__, #a, _a, #b, _b);	\
			return 0;					\
		}							\
	} while (0)

#define HX_SKIP	2	/* a test's return value: not applicable here */

struct hx_test {
	const char *id;
	const char *desc;
	int (*fn)(struct hx_ctx *x);
	int alone;		/* runs without the main client connected */
};

extern const struct hx_test hx_dev_tests[];
extern const struct hx_test hx_bad_tests[];
extern const struct hx_test hx_sriov_tests[];
extern const struct hx_test hx_dp_tests[];
/* hx_peer.c: against an external link partner (--peer-wire, --peer-ip) */
extern const struct hx_test hx_peer_tests[];
int hx_peer_parse_ip(const char *s, uint32_t *ip);
void hx_peer_set_ip(uint32_t ip);
/* hx_bad.c: model log lookups */
int hx_log_has(struct hx_ctx *x, const char *who, const char *what);
int hx_bench(struct hx_ctx *x);

/* hx_wire.c: the harness as the link partner (model --wire dgram) */
int hx_wire_prepare(struct hx_ctx *x, char *spec, size_t n);
int hx_wire_connect(struct hx_ctx *x);
int hx_wire_send(struct hx_ctx *x, const uint8_t *frame, size_t len);
ssize_t hx_wire_recv(struct hx_ctx *x, uint8_t *buf, size_t cap,
		     int timeout_ms);
unsigned hx_wire_drain(struct hx_ctx *x);
void hx_wire_close(struct hx_ctx *x);

/* hx_sriov.c: SR-IOV set-up shared with the datapath tests */
struct hx_sriov {
	unsigned cap;		/* offset of the SR-IOV capability */
	unsigned total, first, stride;
};
int hx_sriov_setup(struct hx_ctx *x, struct hx_sriov *s, unsigned nvfs);
int hx_sriov_disable(struct hx_ctx *x, const struct hx_sriov *s);
unsigned hx_sriov_vf_func(const struct hx_sriov *s, unsigned n);
int hx_vf_connect(struct hx_ctx *x, struct hx_host *v, unsigned func,
		  const char *name);
/* the VF's Command.BME (and MSI-X Enable) through its own config space */
int hx_vf_cfg_setup(struct hx_host *v, int msix);
int hx_vf_msix_set(struct hx_host *v, unsigned vec, uint64_t addr, uint32_t data);

#endif /* HX_H */
