/* SPDX-License-Identifier: MIT */
/*
 * check-pf: boot-less checks of the QEMU device vfnic-pf against the model
 * (TAP). QEMU runs with -accel qtest: no guest code runs; this program plays
 * firmware and driver through the qtest protocol (port I/O to 0xcf8/0xcfc
 * for config space, memory reads and writes for MMIO and guest RAM) and
 * reads the device's counters over QMP. The model runs with --log-tlp, so
 * the TLPs QEMU sent (byte enables, 4DW headers, how DMA reads were split
 * into completions) are checked in its log, not just their effects.
 *
 * Checks: start-up errors (command line and device_add), config space and
 * BAR sizes as the RTL answers them, the config mirror, MMIO of every size
 * at every offset, a BAR above 4 GiB, DMA through the RTL's test engine,
 * the reentrancy guard, Bus Master Enable, MSI-X writes (pointed at RAM so
 * they can be seen), reset, a stalled model (timeout) and a vanished one;
 * SR-IOV in the PF's VM (session qemu-sriov: VF Enable, the VFs' config,
 * MMIO, MSI-X and FLR, disabling, PF FLR and reset, the capability mirror).
 *
 * usage: check-pf [--qemu BIN] [--model BIN] [--logs DIR] [--total-vfs N]
 *                 [--keep]
 * Defaults: $VFNIC_QEMU or the path in $BUILD/qemu-bin, $BUILD/model/
 * vfnic-model, logs in $BUILD/qemu-check/ ($BUILD defaults to "build").
 * --keep keeps the socket directory.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qtest.h"
#include "vfn_tlp.h"
#include "vfnic_regs.h"

/* root port at 00:03.0, its secondary bus 1, the PF at 01:00.0 */
#define RP_DEVFN	(3 << 3)
#define PF_BUS		1
#define MEM_BASE	0xFE000000u	/* root port window: 1 MiB from here */
#define BAR0_ADDR	MEM_BASE
#define BAR2_ADDR	(MEM_BASE + 0x10000u)
#define HIGH_BAR	0x800000000ull	/* BAR0 of the PF on pcie.0, > 4 GiB */
#define HIGH_DEVFN	(4 << 3)
#define RAM_SRC		0x00100000u
#define RAM_DST		0x00200000u
#define RAM_MSI		0x00300000u
#define PF_PATH		"/machine/peripheral/pf0"
#define TIMEOUT_MS	1500		/* timeout-ms of the main QEMU */
#define LINK_TIMEOUT_MS	5000		/* vfnic-pf's default timeout-ms */

#define DMA_DONE	VFNIC_DMA_CTRL_DONE_MASK
#define DMA_ERROR	VFNIC_DMA_CTRL_ERROR_MASK
#define DMA_FINISHED	(DMA_DONE | DMA_ERROR)
#define DMA_STATUS(c)	(((c) & VFNIC_DMA_CTRL_CPL_STATUS_MASK) >> \
			 VFNIC_DMA_CTRL_CPL_STATUS_SHIFT)

#define PCI_CMD_MEM_MASTER	0x6
#define MSIX_ENABLE		0x8000
#define CAP_ID_PM		0x01
#define CAP_ID_PCIE		0x10
#define CAP_ID_MSIX		0x11

static struct vq_env env;

/* ---- TAP ---- */

static int n_test, n_fail;

static int vtap(int ok, const char *fmt, va_list ap)
{
	n_test++;
	if (!ok)
		n_fail++;
	printf("%sok %d - ", ok ? "" : "not ", n_test);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return ok;
}

static int __attribute__((format(printf, 2, 3))) tap(int ok,
						      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ok = vtap(ok, fmt, ap);
	va_end(ap);
	return ok;
}

static void __attribute__((format(printf, 1, 2))) diag(const char *fmt, ...)
{
	va_list ap;

	printf("#   ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* the last @max lines of @text as diagnostics */
static void diag_text(const char *text, int max)
{
	const char *p = text + strlen(text);
	int lines = 0;

	while (p > text && lines <= max)
		if (*--p == '\n')
			lines++;
	if (*p == '\n')
		p++;
	while (*p) {
		const char *nl = strchr(p, '\n');
		int len = nl ? (int)(nl - p) : (int)strlen(p);

		printf("#   %.*s\n", len, p);
		p += len + (nl ? 1 : 0);
	}
	fflush(stdout);
}

static void diag_file(const char *path)
{
	char *text = vq_slurp(path);

	diag("%s:", path);
	diag_text(text, 20);
	free(text);
}

/* a check in a QEMU session: a broken session fails it, and says why */
static int __attribute__((format(printf, 3, 4))) qtap(struct vq *q, int ok,
						       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ok = vtap(ok && vq_ok(q), fmt, ap);
	va_end(ap);
	if (!vq_ok(q))
		diag("session: %s", q->fail);
	return ok;
}

/* ---- the model, and the TLPs it logs ---- */

struct model {
	pid_t pid;
	char sock[VQ_PATH_MAX];
	char log[VQ_PATH_MAX];
	char err[VQ_PATH_MAX];
};

static int model_start(struct model *m, const char *bin)
{
	const char *argv[] = { bin, "--socket", m->sock, "--log", m->log,
			       "--log-tlp", NULL };
	long long deadline = vq_now_ms() + 20000;

	snprintf(m->sock, sizeof(m->sock), "%s/model.sock", env.work);
	snprintf(m->log, sizeof(m->log), "%s/model.log", env.logs);
	snprintf(m->err, sizeof(m->err), "%s/model.stderr", env.logs);
	m->pid = vq_spawn(argv, m->err);
	if (m->pid < 0) {
		m->pid = 0;
		return -1;
	}
	while (vq_now_ms() < deadline) {
		char *err = vq_slurp(m->err);
		int ready = strstr(err, "vfnic-model: ready") != NULL;

		free(err);
		if (ready)
			return 0;
		if (vq_reap(m->pid, 0) >= 0) {
			m->pid = 0;
			return -1;
		}
		usleep(20000);
	}
	return -1;
}

static void model_stop(struct model *m)
{
	if (m->pid) {
		kill(m->pid, SIGCONT);
		kill(m->pid, SIGTERM);
		if (vq_reap(m->pid, 5000) < 0) {
			kill(m->pid, SIGKILL);
			vq_reap(m->pid, 5000);
		}
		m->pid = 0;
	}
	unlink(m->sock);
}

static long log_mark(const struct model *m)
{
	struct stat st;

	return stat(m->log, &st) ? 0 : (long)st.st_size;
}

/* one TLP line of the model's log ("... c2m CplD cid=... st=0 bc=32 ...") */
struct tlp_rec {
	char type[16];
	unsigned long long addr;
	unsigned len, fbe, lbe, st, bc, la;
};

static unsigned field(const char *line, const char *name, int base)
{
	const char *p = strstr(line, name);

	return p ? (unsigned)strtoul(p + strlen(name), NULL, base) : ~0u;
}

/* the model's log from byte @from on (malloc'd) */
static char *log_since(const struct model *m, long from)
{
	FILE *f = fopen(m->log, "r");
	size_t n = 0, cap = 0, r;
	char *buf = NULL, *nb;

	if (f && fseek(f, from, SEEK_SET) == 0) {
		do {
			nb = realloc(buf, cap += 65536);
			if (!nb)
				break;
			buf = nb;
			r = fread(buf + n, 1, cap - n - 1, f);
			n += r;
		} while (r > 0);
	}
	if (f)
		fclose(f);
	if (!buf)
		return strdup("");
	buf[n] = 0;
	return buf;
}

/*
 * TLPs logged after @from in direction @dir ("c2m": QEMU to the model,
 * "m2c": the model to QEMU) whose type is @type. Returns how many; the
 * first @max are parsed into @out.
 */
static int log_tlps(const struct model *m, long from, const char *dir,
		    const char *type, struct tlp_rec *out, int max)
{
	char *text = log_since(m, from), *line, *save = NULL, key[32];
	int n = 0;

	snprintf(key, sizeof(key), " %s %s ", dir, type);
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p = strstr(line, key), *a, *be;
		struct tlp_rec *t = &out[n];

		if (!p || n++ >= max)
			continue;
		memset(t, 0, sizeof(*t));
		snprintf(t->type, sizeof(t->type), "%s", type);
		a = strstr(p, " addr=");
		t->addr = a ? strtoull(a + 6, NULL, 16) : ~0ull;
		t->len = field(p, " len=", 10);
		t->st = field(p, " st=", 10);
		t->bc = field(p, " bc=", 10);
		t->la = field(p, " la=", 16);
		be = strstr(p, " be=");
		if (!be || sscanf(be, " be=%x/%x", &t->fbe, &t->lbe) != 2)
			t->fbe = t->lbe = ~0u;
	}
	free(text);
	return n;
}

/* what the model logged since @from, when a TLP check fails */
static void diag_log_since(const struct model *m, long from)
{
	char *text = log_since(m, from);

	diag("model log (%s) since the access:", m->log);
	diag_text(text, 12);
	free(text);
}

/* ---- config space and firmware's part ---- */

static uint32_t pf_rd(struct vq *q, unsigned reg, unsigned size)
{
	return vq_cfg_rd(q, PF_BUS, 0, reg, size);
}

static void pf_wr(struct vq *q, unsigned reg, uint32_t val, unsigned size)
{
	vq_cfg_wr(q, PF_BUS, 0, reg, val, size);
}

/* what firmware does: bus numbers and the root port's memory window */
static void enumerate_bus(struct vq *q)
{
	vq_cfg_wr(q, 0, RP_DEVFN, 0x18, PF_BUS << 8 | PF_BUS << 16, 4);
	vq_cfg_wr(q, 0, RP_DEVFN, 0x20, (MEM_BASE >> 16) | (MEM_BASE >> 16) << 16,
		  4);
	vq_cfg_wr(q, 0, RP_DEVFN, 0x04, PCI_CMD_MEM_MASTER, 2);
}

struct bar_size {
	uint64_t size;
	int is64;
	int restored;	/* the BAR reads its old value after sizing */
};

/* guest-style sizing with decode off: all-ones, read back, restore */
static struct bar_size size_bar(struct vq *q, unsigned reg)
{
	uint32_t lo = pf_rd(q, reg, 4), hi = 0, mlo, mhi = 0xFFFFFFFFu;
	struct bar_size b = { 0 };
	uint64_t mask;

	pf_wr(q, reg, 0xFFFFFFFFu, 4);
	mlo = pf_rd(q, reg, 4);
	pf_wr(q, reg, lo, 4);
	b.is64 = (lo & 6) == 4;
	b.restored = pf_rd(q, reg, 4) == lo;
	if (b.is64) {
		hi = pf_rd(q, reg + 4, 4);
		pf_wr(q, reg + 4, 0xFFFFFFFFu, 4);
		mhi = pf_rd(q, reg + 4, 4);
		pf_wr(q, reg + 4, hi, 4);
		b.restored &= pf_rd(q, reg + 4, 4) == hi;
	}
	mask = (uint64_t)mhi << 32 | (mlo & ~0xFu);
	b.size = mask & 0xFFFFFFF0u ? ~mask + 1 : 0;
	return b;
}

static void map_bars(struct vq *q)
{
	pf_wr(q, 0x10, BAR0_ADDR | 0x4, 4);
	pf_wr(q, 0x14, 0, 4);
	pf_wr(q, 0x18, BAR2_ADDR | 0x4, 4);
	pf_wr(q, 0x1C, 0, 4);
	pf_wr(q, 0x04, PCI_CMD_MEM_MASTER, 2);
}

static long long counter(struct vq *q, const char *name)
{
	return vq_qom_int(q, PF_PATH, name);
}

/* QEMU's error lines about the mirror, when the counter is not 0 */
static void diag_stderr_grep(struct vq *q, const char *what)
{
	char *err = vq_slurp(q->err_path), *line, *save = NULL;

	diag("%s lines in %s:", what, q->err_path);
	for (line = strtok_r(err, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (strstr(line, what))
			diag("%s", line);
	free(err);
}

static void check_mirror(struct vq *q, const char *when)
{
	long long mm = counter(q, "mirror-mismatches");

	if (!qtap(q, mm == 0, "mirror-mismatches = %lld after %s", mm, when))
		diag_stderr_grep(q, "disagree");
}

/* ---- start-up errors ---- */

static int run_startup(const char *dev, const char *tag, char **err)
{
	char out[VQ_PATH_MAX];
	const char *argv[] = {
		env.qemu, "-M", "q35", "-accel", "qtest", "-display", "none",
		"-nic", "none", "-L", env.roms, "-S",
		"-device", "pcie-root-port,id=rp0,chassis=1",
		"-device", dev, NULL
	};
	int rc;

	snprintf(out, sizeof(out), "%s/startup-%s.stderr", env.logs, tag);
	rc = vq_run(argv, out, 30000);
	*err = vq_slurp(out);
	return rc;
}

/* hot-plug through QMP: 1 if QEMU answered with an error, text in @r */
static int device_add(struct vq *q, const char *id, const char *socket,
		      struct vq_reply *r)
{
	char args[VQ_PATH_MAX * 2], s[VQ_PATH_MAX + 8], i[64];

	vq_json_str(s, sizeof(s), socket);
	vq_json_str(i, sizeof(i), id);
	snprintf(args, sizeof(args), "{\"driver\": \"vfnic-pf\", "
		 "\"bus\": \"rp1\", \"id\": %s, \"socket\": %s}", i, s);
	return vq_qmp(q, r, "device_add", args);
}

/* device_add failed cleanly: QEMU runs, answers, kept no half device */
static int survived_device_add(struct vq *q, const char *id)
{
	char args[256], path[96], json[128];
	struct vq_reply r;

	snprintf(path, sizeof(path), "/machine/peripheral/%s", id);
	vq_json_str(json, sizeof(json), path);
	snprintf(args, sizeof(args), "{\"path\": %s, \"property\": \"type\"}",
		 json);
	return vq_cmd(q, "readb 0x0") && vq_alive(q) &&
	       vq_qmp(q, &r, "qom-get", args) == 1 &&
	       vq_qmp(q, &r, "query-status", NULL) == 0;
}

static void check_startup_errors(struct model *m)
{
	const char *first_args[] = {
		"-device", "pcie-root-port,id=rp0,chassis=1,bus=pcie.0,addr=0x3",
		"-device", "pcie-root-port,id=rp1,chassis=2,bus=pcie.0,addr=0x5",
		"-device", NULL, NULL
	};
	char missing[VQ_PATH_MAX], dev[VQ_PATH_MAX + 64];
	struct vq_reply r;
	struct vq first;
	char *err;
	int rc;

	rc = run_startup("vfnic-pf,bus=rp0", "no-socket", &err);
	if (!tap(rc == 1 && strstr(err, "socket=PATH"),
		 "no socket property: clear error, exit status %d", rc))
		diag_text(err, 10);
	free(err);

	snprintf(missing, sizeof(missing), "%s/nothing.sock", env.work);
	snprintf(dev, sizeof(dev), "vfnic-pf,bus=rp0,socket=%s", missing);
	rc = run_startup(dev, "missing-socket", &err);
	if (!tap(rc == 1 && strstr(err, "No such file") && strstr(err, missing),
		 "socket absent: clear error, exit status %d", rc))
		diag_text(err, 10);
	free(err);

	/* a second PF client: the model refuses it and says why */
	snprintf(dev, sizeof(dev), "vfnic-pf,bus=rp0,id=pf0,socket=%s",
		 m->sock);
	first_args[5] = dev;
	vq_start(&first, &env, "qemu-first", first_args);
	vq_cmd(&first, "readb 0x0");	/* realized and connected */
	if (!vq_ok(&first)) {
		tap(0, "QEMU with a PF starts: %s", first.fail);
		diag_file(first.err_path);
		vq_quit(&first);
		return;
	}
	snprintf(dev, sizeof(dev), "vfnic-pf,bus=rp0,socket=%s", m->sock);
	rc = run_startup(dev, "second-pf", &err);
	if (!tap(rc == 1 && strstr(err, "model refused"),
		 "second PF client: the model's refusal is shown, exit "
		 "status %d", rc))
		diag_text(err, 10);
	free(err);

	/* the same failures at run time: an error for QMP, QEMU unharmed */
	rc = device_add(&first, "pfbad", missing, &r);
	if (!qtap(&first, rc == 1 && strstr(r.text, "No such file") &&
		  strstr(r.text, missing) && survived_device_add(&first, "pfbad"),
		  "device_add with an absent socket: QMP error, QEMU runs on "
		  "without the device"))
		diag("device_add: %s", rc == 0 ? "succeeded" : r.text);
	rc = device_add(&first, "pfdup", m->sock, &r);
	enumerate_bus(&first);
	if (!qtap(&first, rc == 1 && strstr(r.text, "model refused") &&
		  survived_device_add(&first, "pfdup") &&
		  vq_cfg_rd(&first, PF_BUS, 0, 0x00, 4) ==
		  (VFNIC_PF_DEVICE_ID << 16 | VFNIC_VENDOR_ID),
		  "device_add of a second PF: the model's refusal is the QMP "
		  "error, pf0 still answers"))
		diag("device_add: %s", rc == 0 ? "succeeded" : r.text);
	rc = vq_quit(&first);
	if (!tap(rc == 0, "QEMU exits cleanly after the refused hot-plugs "
		 "(status %d)", rc))
		diag_file(first.err_path);
}

/* ---- config space ---- */

struct caps {
	unsigned pcie, pm, msix;	/* offsets, 0 if absent */
};

/* one QEMU session's checks run in steps; a broken session ends them */
struct ctx {
	struct vq *q;
	struct model *m;
	struct caps caps;
};

static void check_ids(struct vq *q)
{
	uint32_t vid = pf_rd(q, 0x00, 2), did = pf_rd(q, 0x02, 2);
	uint32_t dw8 = pf_rd(q, 0x08, 4), sub = pf_rd(q, 0x2C, 4);
	int ok = 1;
	unsigned reg, i;

	qtap(q, vid == VFNIC_VENDOR_ID && did == VFNIC_PF_DEVICE_ID,
	     "vendor:device %04x:%04x as the RTL says", vid, did);
	qtap(q, dw8 >> 8 == VFNIC_CLASS_CODE &&
	     (dw8 & 0xFF) == VFNIC_REVISION_ID,
	     "class code 0x%06x, revision %u", dw8 >> 8, dw8 & 0xFF);
	qtap(q, sub == (VFNIC_SUBSYS_ID << 16 | VFNIC_SUBSYS_VENDOR_ID),
	     "subsystem %04x:%04x", sub & 0xFFFF, sub >> 16);
	/* 1- and 2-byte reads at every offset select the right bytes */
	for (reg = 0x00; reg <= 0x08; reg += 8) {
		uint32_t dw = pf_rd(q, reg, 4);

		for (i = 0; i < 4; i++)
			ok &= pf_rd(q, reg + i, 1) == ((dw >> (8 * i)) & 0xFF);
		for (i = 0; i < 4; i += 2)
			ok &= pf_rd(q, reg + i, 2) == ((dw >> (8 * i)) & 0xFFFF);
	}
	qtap(q, ok, "sub-DW config reads select the RTL's bytes");
}

static struct caps check_caps(struct vq *q)
{
	struct caps c = { 0 };
	char list[128] = "";
	unsigned ptr = pf_rd(q, 0x34, 1) & 0xFC, n = 0;
	size_t l = 0;

	while (ptr && n++ < 16 && vq_ok(q)) {
		unsigned id = pf_rd(q, ptr, 1);

		if (id == CAP_ID_PCIE)
			c.pcie = ptr;
		else if (id == CAP_ID_PM)
			c.pm = ptr;
		else if (id == CAP_ID_MSIX)
			c.msix = ptr;
		l += (size_t)snprintf(list + l, sizeof(list) - l, "%s%02x@%02x",
				      l ? ", " : "", id, ptr);
		if (l >= sizeof(list))
			l = sizeof(list) - 1;
		ptr = pf_rd(q, ptr + 1, 1) & 0xFC;
	}
	qtap(q, !ptr && c.pcie == VFNIC_CAP_PCIE_OFFSET &&
	     c.pm == VFNIC_CAP_PM_OFFSET && c.msix == VFNIC_CAP_MSIX_OFFSET,
	     "capability list from the RTL: %s", list);
	return c;
}

static void check_bars(struct vq *q)
{
	struct bar_size b0 = size_bar(q, 0x10), b2 = size_bar(q, 0x18);

	qtap(q, b0.size == VFNIC_PF_BAR0_SIZE && b0.is64 && b0.restored,
	     "BAR0 sized through QEMU: %#" PRIx64 " bytes, 64-bit%s", b0.size,
	     b0.restored ? "" : ", NOT restored");
	qtap(q, b2.size == 1u << VFNIC_PF_MSIX_BAR_SIZE_LOG2 && b2.is64 &&
	     b2.restored, "BAR2 (MSI-X) sized: %#" PRIx64 " bytes, %s%s",
	     b2.size, b2.is64 ? "64-bit" : "32-bit",
	     b2.restored ? "" : ", NOT restored");
}

/* ---- MMIO ---- */

/* the MRd/MWr a @size-byte access at @addr must become (PCIe rules) */
static void expect_be(uint64_t addr, unsigned size, unsigned *ndw,
		      unsigned *fbe, unsigned *lbe)
{
	unsigned first = addr & 3;
	unsigned mask = ((1u << size) - 1) << first;

	*ndw = (first + size + 3) / 4;
	*fbe = mask & 0xF;
	*lbe = *ndw > 1 ? (mask >> (4 * (*ndw - 1))) & 0xF : 0;
}

/* exactly one TLP of @type since @from, addressed and enabled as it must */
static int one_tlp(const struct model *m, long from, const char *type,
		   uint64_t addr, unsigned size, char *why, size_t n)
{
	struct tlp_rec t;
	unsigned ndw, fbe, lbe;
	int cnt = log_tlps(m, from, "c2m", type, &t, 1);

	expect_be(addr, size, &ndw, &fbe, &lbe);
	if (cnt == 1 && t.addr == (addr & ~3ull) && t.len == ndw &&
	    t.fbe == fbe && t.lbe == lbe)
		return 1;
	snprintf(why, n, "%u-byte access at %#" PRIx64 ": want one %s len=%u "
		 "be=%x/%x, got %d, first addr=%#llx len=%u be=%x/%x", size,
		 addr, type, ndw, fbe, lbe, cnt, cnt ? t.addr : 0,
		 cnt ? t.len : 0, cnt ? t.fbe : 0, cnt ? t.lbe : 0);
	return 0;
}

static uint64_t get_bytes(const uint8_t *b, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | b[n];
	return v;
}

static const unsigned sizes[] = { 1, 2, 4, 8 };

/* every size at every offset of SCRATCH..SCRATCH_HI: data and BEs */
static void check_mmio_sweep(struct vq *q, const struct model *m)
{
	const uint64_t base = BAR0_ADDR + VFNIC_REG_SCRATCH;
	uint8_t shadow[8];
	char why[256] = "";
	int ok = 1, count = 0;
	unsigned s, off, i;

	for (i = 0; i < 8; i++)
		shadow[i] = (uint8_t)(0x11 * (i + 1));
	vq_wr(q, base, get_bytes(shadow, 8), 8);
	for (s = 0; s < 4; s++) {
		for (off = 0; off + sizes[s] <= 8 && ok; off++) {
			long mark = log_mark(m);
			uint64_t v = vq_rd(q, base + off, sizes[s]);
			uint64_t want = get_bytes(shadow + off, sizes[s]);

			count++;
			if (v != want) {
				snprintf(why, sizeof(why), "%u-byte read at "
					 "+%u: 0x%" PRIx64 ", want 0x%" PRIx64,
					 sizes[s], off, v, want);
				ok = 0;
			} else if (!one_tlp(m, mark, "MRd32", base + off,
					    sizes[s], why, sizeof(why))) {
				ok = 0;
				diag_log_since(m, mark);
			}
		}
	}
	if (!qtap(q, ok, "MMIO reads of 1/2/4/8 bytes at every offset of "
		  "SCRATCH..SCRATCH_HI: right bytes, one MRd each with exact "
		  "byte enables (%d reads)", count))
		diag("%s", why);

	ok = 1;
	count = 0;
	for (s = 0; s < 4; s++) {
		for (off = 0; off + sizes[s] <= 8 && ok; off++) {
			long mark = log_mark(m);
			uint8_t val[8];
			uint64_t v, want;

			for (i = 0; i < sizes[s]; i++)
				val[i] = (uint8_t)(0xA0 + 0x10 * s + off + i);
			vq_wr(q, base + off, get_bytes(val, sizes[s]),
			      sizes[s]);
			memcpy(shadow + off, val, sizes[s]);
			/* a read is ordered after the posted write */
			v = vq_rd(q, base, 8);
			want = get_bytes(shadow, 8);
			count++;
			if (v != want) {
				snprintf(why, sizeof(why), "%u-byte write at "
					 "+%u: SCRATCH..HI 0x%016" PRIx64
					 ", want 0x%016" PRIx64, sizes[s],
					 off, v, want);
				ok = 0;
			} else if (!one_tlp(m, mark, "MWr32", base + off,
					    sizes[s], why, sizeof(why))) {
				ok = 0;
				diag_log_since(m, mark);
			}
		}
	}
	if (!qtap(q, ok, "MMIO writes of 1/2/4/8 bytes at every offset: only "
		  "the enabled bytes change, one MWr each with exact byte "
		  "enables (%d writes)", count))
		diag("%s", why);
}

static void check_mmio(struct ctx *c)
{
	struct vq *q = c->q;
	const struct model *m = c->m;
	const uint64_t scratch = BAR0_ADDR + VFNIC_REG_SCRATCH;
	uint64_t v, w;
	uint8_t b[4];
	unsigned i;

	v = vq_rd(q, BAR0_ADDR + VFNIC_REG_ID, 4);
	qtap(q, v == VFNIC_REG_ID_RESET, "MMIO read of ID = 0x%08" PRIx64, v);
	vq_wr(q, scratch, 0x11223344, 4);
	v = vq_rd(q, scratch, 4);
	qtap(q, v == 0x11223344, "SCRATCH write/read (4 bytes): 0x%08" PRIx64,
	     v);
	vq_wr(q, scratch, 0x8877665544332211ull, 8);
	v = vq_rd(q, scratch, 8);
	w = vq_rd(q, BAR0_ADDR + VFNIC_REG_SCRATCH_HI, 4);
	qtap(q, v == 0x8877665544332211ull && w == 0x88776655,
	     "64-bit access covers SCRATCH/SCRATCH_HI: 0x%" PRIx64, v);
	for (i = 0; i < 4; i++)
		b[i] = (uint8_t)vq_rd(q, scratch + i, 1);
	w = vq_rd(q, scratch + 2, 2);
	qtap(q, b[0] == 0x11 && b[1] == 0x22 && b[2] == 0x33 && b[3] == 0x44 &&
	     w == 0x4433, "1- and 2-byte reads get the right bytes: "
	     "%02x %02x %02x %02x, 0x%04" PRIx64, b[0], b[1], b[2], b[3], w);
	vq_wr(q, scratch + 1, 0xAA, 1);
	v = vq_rd(q, scratch, 4);
	qtap(q, v == 0x4433AA11, "1-byte write carries its byte enable: "
	     "0x%08" PRIx64, v);
	check_mmio_sweep(q, m);
}

/* ---- DMA through the RTL's test engine ---- */

static uint32_t dma_wait(struct vq *q, uint64_t base, int timeout_ms)
{
	long long deadline = vq_now_ms() + timeout_ms;
	uint32_t ctrl = 0;

	do {
		ctrl = (uint32_t)vq_rd(q, base + VFNIC_REG_DMA_CTRL, 4);
	} while (!(ctrl & DMA_FINISHED) && vq_ok(q) &&
		 vq_now_ms() < deadline);
	return ctrl;
}

static void dma_start(struct vq *q, uint64_t base)
{
	vq_wr(q, base + VFNIC_REG_DMA_CTRL, DMA_FINISHED, 4);	/* W1C */
	vq_wr(q, base + VFNIC_REG_DMA_CTRL, VFNIC_DMA_CTRL_START_MASK, 4);
}

static uint32_t dma_copy(struct vq *q, uint64_t src, uint64_t dst,
			 unsigned len, int timeout_ms)
{
	const uint64_t base = BAR0_ADDR;

	vq_wr(q, base + VFNIC_REG_DMA_SRC_LO, (uint32_t)src, 4);
	vq_wr(q, base + VFNIC_REG_DMA_SRC_HI, src >> 32, 4);
	vq_wr(q, base + VFNIC_REG_DMA_DST_LO, (uint32_t)dst, 4);
	vq_wr(q, base + VFNIC_REG_DMA_DST_HI, dst >> 32, 4);
	vq_wr(q, base + VFNIC_REG_DMA_LEN, len, 4);
	dma_start(q, base);
	return dma_wait(q, base, timeout_ms);
}

static void fill(uint8_t *b, unsigned n, unsigned mul, unsigned add)
{
	unsigned i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(i * mul + add);
}

/* the completions QEMU sent for a device read, as the model logged them */
static int cpl_shape(const struct model *m, long from, const unsigned *bc,
		     const unsigned *la, const unsigned *len, int n)
{
	struct tlp_rec t[8];
	int cnt = log_tlps(m, from, "c2m", "CplD", t, 8), i;

	if (cnt != n)
		return 0;
	for (i = 0; i < n; i++)
		if (t[i].st != VFN_CPL_SC || t[i].bc != bc[i] ||
		    t[i].la != la[i] || t[i].len != len[i])
			return 0;
	return 1;
}

static void check_dma(struct ctx *c)
{
	struct vq *q = c->q;
	const struct model *m = c->m;
	const unsigned len = VFNIC_DMA_TEST_MAX_BYTES;
	uint8_t pat[VFNIC_DMA_TEST_MAX_BYTES], zero[VFNIC_DMA_TEST_MAX_BYTES];
	uint8_t got[VFNIC_DMA_TEST_MAX_BYTES];
	const unsigned bc1[] = { len }, la1[] = { 0 }, len1[] = { len / 4 };
	const unsigned bc2[] = { 0x20, 0x10 }, la2[] = { 0x30, 0x40 };
	const unsigned len2[] = { 4, 4 };
	long long reads, writes, dr, dw;
	struct tlp_rec t;
	uint32_t ctrl;
	long mark;
	int ok;

	memset(zero, 0, sizeof(zero));
	fill(pat, len, 7, 3);
	vq_write_mem(q, RAM_SRC, pat, len);
	vq_write_mem(q, RAM_DST, zero, len);
	reads = counter(q, "dma-reads");
	writes = counter(q, "dma-writes");
	mark = log_mark(m);
	ctrl = dma_copy(q, RAM_SRC, RAM_DST, len, 5000);
	vq_read_mem(q, RAM_DST, got, len);
	qtap(q, (ctrl & DMA_FINISHED) == DMA_DONE && !memcmp(got, pat, len),
	     "DMA test engine copies %u bytes through QEMU (DMA_CTRL 0x%x)",
	     len, ctrl);
	dr = counter(q, "dma-reads") - reads;
	dw = counter(q, "dma-writes") - writes;
	ok = cpl_shape(m, mark, bc1, la1, len1, 1);
	if (!qtap(q, dr == 1 && dw == 1 && ok, "the copy was one MRd and one "
		  "MWr served by vfnic-pf (+%lld, +%lld), read answered by one "
		  "%u-byte CplD", dr, dw, len))
		diag_log_since(m, mark);

	/* an odd length crossing a 64-byte boundary: split completions */
	fill(pat, 0x20, 13, 1);
	vq_write_mem(q, RAM_SRC + 0x30, pat, 0x20);
	vq_write_mem(q, RAM_DST, zero, len);
	mark = log_mark(m);
	ctrl = dma_copy(q, RAM_SRC + 0x30, RAM_DST, 0x20, 5000);
	vq_read_mem(q, RAM_DST, got, len);
	ok = cpl_shape(m, mark, bc2, la2, len2, 2);
	if (!qtap(q, (ctrl & DMA_FINISHED) == DMA_DONE &&
		  !memcmp(got, pat, 0x20) && !memcmp(got + 0x20, zero, len - 0x20)
		  && ok, "DMA read crossing a 64-byte boundary: two CplDs "
		  "(byte count 32 at 0x30, 16 at 0x40), data right"))
		diag_log_since(m, mark);

	/* a source with no memory: UR completion, the engine reports ERROR */
	mark = log_mark(m);
	ctrl = dma_copy(q, 0x10000000000ull, RAM_DST, 4, 5000);	/* 1 TiB */
	ok = log_tlps(m, mark, "c2m", "Cpl", &t, 1) == 1 &&
	     t.st == VFN_CPL_UR;
	if (!qtap(q, (ctrl & DMA_ERROR) && DMA_STATUS(ctrl) == VFN_CPL_UR &&
		  ok, "DMA read from nowhere: UR completion, engine ERROR "
		  "(DMA_CTRL 0x%x)", ctrl))
		diag_log_since(m, mark);
	vq_wr(q, BAR0_ADDR + VFNIC_REG_DMA_SRC_HI, 0, 4);
}

/* DMA aimed at the device's own BAR must fail, not recurse */
static void check_dma_to_self(struct ctx *c)
{
	struct vq *q = c->q;
	const uint64_t base = BAR0_ADDR;
	const uint8_t ee[4] = { 0xEE, 0xEE, 0xEE, 0xEE };
	long long failed = counter(q, "dma-failed");
	uint32_t ctrl;
	uint64_t v;

	vq_wr(q, base + VFNIC_REG_SCRATCH, 0x600DF00D, 4);
	vq_write_mem(q, RAM_SRC, ee, 4);
	ctrl = dma_copy(q, RAM_SRC, base + VFNIC_REG_SCRATCH, 4, 5000);
	v = vq_rd(q, base + VFNIC_REG_SCRATCH, 4);
	qtap(q, v == 0x600DF00D && counter(q, "dma-failed") == failed + 1 &&
	     (ctrl & DMA_FINISHED),
	     "DMA write into the device's own BAR is blocked (reentrancy "
	     "guard): SCRATCH 0x%08" PRIx64, v);
	ctrl = dma_copy(q, base + VFNIC_REG_ID, RAM_DST, 4, 5000);
	qtap(q, (ctrl & DMA_ERROR) && DMA_STATUS(ctrl) == VFN_CPL_UR &&
	     counter(q, "dma-failed") == failed + 2,
	     "DMA read from the device's own BAR: UR (DMA_CTRL 0x%x)", ctrl);
}

static void check_bus_master(struct ctx *c)
{
	struct vq *q = c->q;
	uint8_t pat[16], got[16], zero[16] = { 0 };
	long long refused;
	uint32_t ctrl;

	memset(pat, 0x5A, sizeof(pat));
	vq_write_mem(q, RAM_SRC, pat, 16);
	vq_write_mem(q, RAM_DST, zero, 16);
	pf_wr(q, 0x04, 0x2, 2);			/* MEM only */
	check_mirror(q, "clearing Bus Master Enable");
	ctrl = dma_copy(q, RAM_SRC, RAM_DST, 16, 500);
	vq_read_mem(q, RAM_DST, got, 16);
	refused = counter(q, "dma-refused");
	qtap(q, !(ctrl & DMA_FINISHED) && !memcmp(got, zero, 16) &&
	     refused == 0, "no DMA while Bus Master Enable is clear "
	     "(DMA_CTRL 0x%x, dma-refused %lld)", ctrl, refused);
	pf_wr(q, 0x04, PCI_CMD_MEM_MASTER, 2);	/* the engine goes on */
	ctrl = dma_wait(q, BAR0_ADDR, 5000);
	vq_read_mem(q, RAM_DST, got, 16);
	qtap(q, (ctrl & DMA_FINISHED) == DMA_DONE && !memcmp(got, pat, 16),
	     "the waiting copy runs once BME is set (DMA_CTRL 0x%x)", ctrl);
}

static void check_msix(struct ctx *c)
{
	struct vq *q = c->q;
	const unsigned cap = c->caps.msix;
	const uint64_t entry = BAR2_ADDR + VFNIC_MSIX_TABLE_OFFSET + 16;
	const uint8_t zero[16] = { 0 };
	uint64_t sent, val = 0, after;
	long long deadline;
	uint32_t ctl;

	vq_write_mem(q, RAM_MSI, zero, 16);
	/* entry 1 -> plain RAM so the write can be seen */
	vq_wr(q, entry + 0, RAM_MSI + 4, 4);
	vq_wr(q, entry + 4, 0, 4);
	vq_wr(q, entry + 8, 0xC0FFEE01, 4);
	vq_wr(q, entry + 12, 0, 4);		/* unmasked */
	val = vq_rd(q, entry + 8, 4);
	qtap(q, val == 0xC0FFEE01 && vq_rd(q, entry, 4) == RAM_MSI + 4,
	     "MSI-X table entry reads back from the RTL");
	ctl = pf_rd(q, cap + 2, 2);
	pf_wr(q, cap + 2, ctl | MSIX_ENABLE, 2);
	sent = vq_rd(q, BAR0_ADDR + VFNIC_REG_MSIX_SENT, 4);
	vq_wr(q, BAR0_ADDR + VFNIC_REG_IRQ_TEST, 1, 4);
	deadline = vq_now_ms() + 5000;
	val = 0;
	while (vq_now_ms() < deadline && val != 0xC0FFEE01 && vq_ok(q)) {
		/* a read orders after the MWr */
		vq_rd(q, BAR0_ADDR + VFNIC_REG_MSIX_SENT, 4);
		val = vq_rd(q, RAM_MSI + 4, 4);
	}
	qtap(q, val == 0xC0FFEE01 && vq_rd(q, RAM_MSI, 4) == 0 &&
	     vq_rd(q, RAM_MSI + 8, 4) == 0, "MSI-X message is the RTL's MWr, "
	     "performed by QEMU (0x%08" PRIx64 ")", val);
	after = vq_rd(q, BAR0_ADDR + VFNIC_REG_MSIX_SENT, 4);
	qtap(q, after == sent + 1, "MSIX_SENT counted it (%" PRIu64 " -> %"
	     PRIu64 ")", sent, after);
	pf_wr(q, cap + 2, ctl, 2);
}

/* the link's error counters after the normal traffic so far */
static void check_quiet(struct ctx *c)
{
	struct vq *q = c->q;
	long long errs = counter(q, "model-errors");
	long long tos = counter(q, "timeouts");
	long long refused = counter(q, "dma-refused");

	if (!qtap(q, errs == 0 && tos == 0 && refused == 0,
		  "no model errors, timeouts or refused DMA so far (%lld, "
		  "%lld, %lld)", errs, tos, refused))
		diag_file(q->err_path);
}

static void check_timeout(struct ctx *c)
{
	struct vq *q = c->q;
	const struct model *m = c->m;
	long long t0, dt, stale;
	uint64_t v;

	kill(m->pid, SIGSTOP);
	t0 = vq_now_ms();
	v = vq_rd(q, BAR0_ADDR + VFNIC_REG_ID, 4);
	dt = vq_now_ms() - t0;
	kill(m->pid, SIGCONT);
	qtap(q, v == 0xFFFFFFFFu && dt >= TIMEOUT_MS - 100 &&
	     dt < TIMEOUT_MS + 2500, "stalled model: read returns all-ones "
	     "after timeout-ms=%d (%lld ms)", TIMEOUT_MS, dt);
	qtap(q, counter(q, "timeouts") == 1, "timeouts counter = 1");
	v = vq_rd(q, BAR0_ADDR + VFNIC_REG_ID, 4);
	qtap(q, v == VFNIC_REG_ID_RESET, "next read after the stall is "
	     "answered (0x%08" PRIx64 ")", v);
	stale = counter(q, "stale-completions");
	qtap(q, stale == 1, "the late completion was dropped as stale (%lld)",
	     stale);
}

/* QMP system_reset, and wait until QEMU has done it (its RESET event) */
static void system_reset(struct vq *q)
{
	unsigned before = q->resets;

	vq_qmp(q, NULL, "system_reset", NULL);
	vq_wait_resets(q, before + 1, 10000);
}

static void check_reset(struct ctx *c)
{
	struct vq *q = c->q;
	uint32_t cmd, bar0, bar2;
	uint64_t scratch;

	system_reset(q);
	/* the root port was reset too: number its bus again */
	enumerate_bus(q);
	cmd = pf_rd(q, 0x04, 2);
	bar0 = pf_rd(q, 0x10, 4);
	bar2 = pf_rd(q, 0x18, 4);
	qtap(q, !(cmd & 0x7) && !(bar0 & ~0xFu) && !(bar2 & ~0xFu),
	     "system reset: the RTL's Command and BARs are cleared (0x%x, "
	     "0x%x, 0x%x)", cmd, bar0, bar2);
	qtap(q, pf_rd(q, 0x00, 2) == VFNIC_VENDOR_ID,
	     "config space answers after reset");
	check_mirror(q, "reset");
	map_bars(q);
	scratch = vq_rd(q, BAR0_ADDR + VFNIC_REG_SCRATCH, 4);
	qtap(q, scratch == VFNIC_REG_SCRATCH_RESET &&
	     vq_rd(q, BAR0_ADDR + VFNIC_REG_ID, 4) == VFNIC_REG_ID_RESET,
	     "the RTL itself was reset: SCRATCH 0x%08" PRIx64 " after "
	     "re-mapping", scratch);
	check_mirror(q, "mapping the BARs again");
}

/* firmware's part and the config space the RTL answers */
static void check_config(struct ctx *c)
{
	enumerate_bus(c->q);
	check_ids(c->q);
	c->caps = check_caps(c->q);
	check_bars(c->q);
	check_mirror(c->q, "BAR sizing");
	map_bars(c->q);
	check_mirror(c->q, "BAR assignment and Command");
}

typedef void check_fn(struct ctx *c);

/*
 * One QEMU session: start it with the PF as @dev, run @steps until one
 * breaks the session (QEMU gone, protocol error), quit; QEMU must exit 0.
 * Returns 0 if the session stayed usable.
 */
static int run_session(struct model *m, const char *name, const char *dev,
		       check_fn *const *steps, size_t n)
{
	const char *args[] = {
		"-device", "pcie-root-port,id=rp0,chassis=1,bus=pcie.0,addr=0x3",
		"-device", dev, NULL
	};
	struct vq q;
	struct ctx c = { .q = &q, .m = m };
	size_t i;
	int rc, ok;

	if (vq_start(&q, &env, name, args)) {
		tap(0, "%s starts: %s", name, q.fail);
		diag_file(q.err_path);
		vq_quit(&q);
		return -1;
	}
	for (i = 0; i < n && vq_ok(&q); i++)
		steps[i](&c);
	ok = vq_ok(&q);
	if (!ok) {
		tap(0, "check aborted: %s", q.fail);
		diag_file(q.err_path);
	}
	rc = vq_quit(&q);
	if (!tap(rc == 0, "%s exits cleanly (status %d)", name, rc))
		diag_file(q.err_path);
	return ok ? 0 : -1;
}

/* main session: config, MMIO, DMA, BME, MSI-X, a stall, reset */
static int run_main(struct model *m)
{
	static check_fn *const steps[] = {
		check_config, check_mmio, check_dma, check_dma_to_self,
		check_bus_master, check_msix, check_quiet, check_timeout,
		check_reset,
	};
	char dev[VQ_PATH_MAX * 2];

	snprintf(dev, sizeof(dev), "vfnic-pf,bus=rp0,id=pf0,timeout-ms=%d,"
		 "socket=%s", TIMEOUT_MS, m->sock);
	return run_session(m, "qemu", dev, steps,
			   sizeof(steps) / sizeof(steps[0]));
}

/*
 * A BAR above 4 GiB: MRd/MWr with 4DW headers. The PF sits on the root
 * bus here because a root port's non-prefetchable window is 32-bit.
 */
static void check_high_bar(struct ctx *c)
{
	const uint64_t high = HIGH_BAR;
	const unsigned len = VFNIC_DMA_TEST_MAX_BYTES;
	uint8_t pat[VFNIC_DMA_TEST_MAX_BYTES], zero[VFNIC_DMA_TEST_MAX_BYTES];
	uint8_t got[VFNIC_DMA_TEST_MAX_BYTES];
	const unsigned bc[] = { len }, la[] = { 0x20 }, ldw[] = { len / 4 };
	const struct model *m = c->m;
	struct vq *q = c->q;
	struct tlp_rec t;
	uint64_t v, w;
	uint32_t ctrl;
	long mark;
	int ok;

	vq_cfg_wr(q, 0, HIGH_DEVFN, 0x10, 0x4, 4);
	vq_cfg_wr(q, 0, HIGH_DEVFN, 0x14, high >> 32, 4);
	vq_cfg_wr(q, 0, HIGH_DEVFN, 0x04, PCI_CMD_MEM_MASTER, 2);
	check_mirror(q, "placing BAR0 at 0x800000000");

	mark = log_mark(m);
	v = vq_rd(q, high + VFNIC_REG_ID, 4);
	ok = log_tlps(m, mark, "c2m", "MRd64", &t, 1) == 1 && t.addr == high;
	mark = log_mark(m);
	vq_wr(q, high + VFNIC_REG_SCRATCH, 0xA5A5F00F, 4);
	w = vq_rd(q, high + VFNIC_REG_SCRATCH, 4);
	ok &= log_tlps(m, mark, "c2m", "MWr64", &t, 1) == 1 &&
	      t.addr == high + VFNIC_REG_SCRATCH;
	if (!qtap(q, v == VFNIC_REG_ID_RESET && w == 0xA5A5F00F && ok,
		  "MMIO above 4 GiB as 4DW MRd64/MWr64: ID 0x%08" PRIx64
		  ", SCRATCH 0x%08" PRIx64, v, w))
		diag_log_since(m, mark);

	fill(pat, len, 5, 9);
	memset(zero, 0, sizeof(zero));
	vq_write_mem(q, RAM_SRC + 0x20, pat, len);
	vq_write_mem(q, RAM_DST, zero, len);
	vq_wr(q, high + VFNIC_REG_DMA_SRC_LO, RAM_SRC + 0x20, 4);
	vq_wr(q, high + VFNIC_REG_DMA_DST_LO, RAM_DST, 4);
	vq_wr(q, high + VFNIC_REG_DMA_LEN, len, 4);
	mark = log_mark(m);
	dma_start(q, high);
	ctrl = dma_wait(q, high, 5000);
	vq_read_mem(q, RAM_DST, got, len);
	ok = cpl_shape(m, mark, bc, la, ldw, 1);
	if (!qtap(q, (ctrl & DMA_FINISHED) == DMA_DONE &&
		  !memcmp(got, pat, len) && ok, "x-cpl-bytes=4096: one CplD "
		  "for a read crossing a 64-byte boundary"))
		diag_log_since(m, mark);
}

static int run_high_bar(struct model *m)
{
	static check_fn *const steps[] = { check_high_bar };
	char dev[VQ_PATH_MAX * 2];

	snprintf(dev, sizeof(dev), "vfnic-pf,bus=pcie.0,addr=0x4,id=pf0,"
		 "x-cpl-bytes=4096,socket=%s", m->sock);
	return run_session(m, "qemu-high", dev, steps, 1);
}

/* ---- SR-IOV: the VFs QEMU creates for the RTL's SR-IOV capability ---- */

#define ECAM_BASE	0xB0000000u	/* q35's PCIEXBAR, enabled below */
#define SRIOV		VFNIC_CAP_SRIOV_OFFSET
#define SRIOV_CTRL	(SRIOV + 0x08)
#define SRIOV_TOTAL	(SRIOV + 0x0E)
#define SRIOV_NUMVFS	(SRIOV + 0x10)
#define SRIOV_VFBAR0	(SRIOV + 0x24)
#define SRIOV_VFBAR2	(SRIOV + 0x2C)
#define SRIOV_VFE	0x1
#define SRIOV_MSE	0x8
#define VF_BAR0_ADDR	(MEM_BASE + 0x80000u)	/* 256 KiB for VF BAR0s */
#define VF_BAR2_ADDR	(MEM_BASE + 0xC0000u)	/* 256 KiB for VF BAR2s */
#define VF_MAX		16u			/* VFs that fit the window */
#define VF_DEVFN(n)	(VFNIC_FIRST_VF_OFFSET + (n) * VFNIC_VF_STRIDE)
#define VF0(n, a)	((a) + (uint64_t)(n) * VFNIC_VF_BAR0_SIZE)
#define VF2(n, a)	((a) + ((uint64_t)(n) << VFNIC_VF_MSIX_BAR_SIZE_LOG2))
#define MSI_DATA	0xBEEF0000u

static unsigned sriov_nvfs;
/* TotalVFs the model was built with (--total-vfs; default: the generated
 * default of the core's parameter) */
static unsigned total_vfs_expected = VFNIC_TOTAL_VFS;

/* extended config space through q35's ECAM window */
static uint64_t ecam(unsigned devfn, unsigned reg)
{
	return ECAM_BASE + ((uint64_t)PF_BUS << 20) + (devfn << 12) + reg;
}

static uint32_t pfx_rd(struct vq *q, unsigned reg, unsigned size)
{
	return (uint32_t)vq_rd(q, ecam(0, reg), size);
}

static void pfx_wr(struct vq *q, unsigned reg, uint32_t val, unsigned size)
{
	vq_wr(q, ecam(0, reg), val, size);
}

static uint32_t vf_rd(struct vq *q, unsigned n, unsigned reg, unsigned size)
{
	return vq_cfg_rd(q, PF_BUS, VF_DEVFN(n), reg, size);
}

static void vf_wr(struct vq *q, unsigned n, unsigned reg, uint32_t val,
		  unsigned size)
{
	vq_cfg_wr(q, PF_BUS, VF_DEVFN(n), reg, val, size);
}

static void sriov_firmware(struct vq *q)
{
	/* PCIEXBAR: 256 MiB at ECAM_BASE, enabled (firmware's job) */
	vq_cfg_wr(q, 0, 0, 0x64, 0, 4);
	vq_cfg_wr(q, 0, 0, 0x60, ECAM_BASE | 1, 4);
	enumerate_bus(q);
	map_bars(q);
}

/* the VFs answer config reads as the RTL's VFs: IDs 0xFFFF, PCIe, MSI-X */
static int vf_answers(struct vq *q, unsigned n, char *why, size_t len)
{
	uint32_t id = vf_rd(q, n, 0x00, 4);
	unsigned p = vf_rd(q, n, 0x34, 1), p2 = 0, c1, c2 = 0;

	c1 = vf_rd(q, n, p, 1);
	if (p)
		p2 = vf_rd(q, n, p + 1, 1);
	if (p2)
		c2 = vf_rd(q, n, p2, 1);
	if (id == 0xFFFFFFFFu && p == VFNIC_CAP_PCIE_OFFSET &&
	    c1 == CAP_ID_PCIE && p2 == VFNIC_CAP_MSIX_OFFSET &&
	    c2 == CAP_ID_MSIX)
		return 1;
	snprintf(why, len, "VF %u (devfn %u): IDs 0x%08x, caps 0x%02x:%02x "
		 "-> 0x%02x:%02x", n, VF_DEVFN(n), id, p, c1, p2, c2);
	return 0;
}

static void check_sriov_enable(struct ctx *c)
{
	struct vq *q = c->q;
	uint32_t hdr, total, ctrl, nv;
	unsigned n, bad = 0;
	char why[160] = "";

	sriov_firmware(q);
	hdr = pfx_rd(q, SRIOV, 4);
	total = pfx_rd(q, SRIOV_TOTAL, 2);
	qtap(q, (hdr & 0xFFFF) == 0x0010 && total == total_vfs_expected,
	     "PF's SR-IOV capability at 0x%x through ECAM: header 0x%08x, "
	     "TotalVFs %u", SRIOV, hdr, total);
	sriov_nvfs = total < VF_MAX ? total : VF_MAX;
	qtap(q, vf_rd(q, 0, 0x00, 4) == 0xFFFFFFFFu,
	     "VF Enable clear: no function at devfn %u", VF_DEVFN(0));

	/* driver: NumVFs, VF BARs, then VF MSE + VF Enable */
	pfx_wr(q, SRIOV_NUMVFS, sriov_nvfs, 2);
	pfx_wr(q, SRIOV_VFBAR0, VF_BAR0_ADDR | 0x4, 4);
	pfx_wr(q, SRIOV_VFBAR0 + 4, 0, 4);
	pfx_wr(q, SRIOV_VFBAR2, VF_BAR2_ADDR | 0x4, 4);
	pfx_wr(q, SRIOV_VFBAR2 + 4, 0, 4);
	pfx_wr(q, SRIOV_CTRL, SRIOV_VFE | SRIOV_MSE, 2);
	ctrl = pfx_rd(q, SRIOV_CTRL, 2);
	nv = pfx_rd(q, SRIOV_NUMVFS, 2);
	qtap(q, (ctrl & (SRIOV_VFE | SRIOV_MSE)) == (SRIOV_VFE | SRIOV_MSE) &&
	     nv == sriov_nvfs, "VF Enable + VF MSE with NumVFs %u (Control "
	     "0x%x, NumVFs %u)", sriov_nvfs, ctrl, nv);
	check_mirror(q, "enabling VFs");
	for (n = 0; n < sriov_nvfs; n++)
		if (!vf_answers(q, n, why, sizeof(why)))
			bad++;
	qtap(q, !bad, "each of the %u VFs answers config reads at its devfn "
	     "(Vendor/Device 0xFFFF, PCIe cap -> MSI-X cap)%s%s", sriov_nvfs,
	     bad ? ": " : "", why);
	qtap(q, vf_rd(q, sriov_nvfs, 0x00, 4) == 0xFFFFFFFFu,
	     "no function past the last VF (devfn %u)", VF_DEVFN(sriov_nvfs));

	/* NumVFs is RO while VF Enable is set: in the RTL and in QEMU */
	pfx_wr(q, SRIOV_NUMVFS, sriov_nvfs - 1, 2);
	nv = pfx_rd(q, SRIOV_NUMVFS, 2);
	qtap(q, nv == sriov_nvfs && vf_answers(q, sriov_nvfs - 1, why,
					       sizeof(why)),
	     "NumVFs write while VF Enable is set is ignored (NumVFs %u, last "
	     "VF still there)", nv);
	check_mirror(q, "a NumVFs write while VF Enable is set");
}

static void check_sriov_mmio(struct ctx *c)
{
	struct vq *q = c->q;
	const struct model *m = c->m;
	const unsigned last = sriov_nvfs - 1;
	uint64_t f0, fl, s0, sl, s1, sp;
	struct tlp_rec t;
	long mark;
	int ok;

	mark = log_mark(m);
	f0 = vq_rd(q, VF0(0, VF_BAR0_ADDR) + VFNIC_REG_FUNC, 4);
	ok = log_tlps(m, mark, "c2m", "MRd32", &t, 1) == 1 &&
	     t.addr == VF0(0, VF_BAR0_ADDR) + VFNIC_REG_FUNC;
	fl = vq_rd(q, VF0(last, VF_BAR0_ADDR) + VFNIC_REG_FUNC, 4);
	if (!qtap(q, ok && f0 == VF_DEVFN(0) && fl == VF_DEVFN(last),
		  "VF BAR0 MMIO reaches the VF at its bus address: FUNC %"
		  PRIu64 " (VF 0), %" PRIu64 " (VF %u)", f0, fl, last))
		diag_log_since(m, mark);
	vq_wr(q, BAR0_ADDR + VFNIC_REG_SCRATCH, 0x5CA7C400, 4);
	vq_wr(q, VF0(0, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 0x5CA7C401, 4);
	vq_wr(q, VF0(last, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 0x5CA7C4FF, 4);
	s0 = vq_rd(q, VF0(0, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 4);
	sl = vq_rd(q, VF0(last, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 4);
	s1 = vq_rd(q, VF0(1, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 4);
	sp = vq_rd(q, BAR0_ADDR + VFNIC_REG_SCRATCH, 4);
	qtap(q, s0 == 0x5CA7C401 && sl == 0x5CA7C4FF && s1 == 0 &&
	     sp == 0x5CA7C400, "SCRATCH is per function: VF 0 0x%08" PRIx64
	     ", VF %u 0x%08" PRIx64 ", VF 1 0x%08" PRIx64 ", PF 0x%08" PRIx64,
	     s0, last, sl, s1, sp);
}

static void check_sriov_msix(struct ctx *c)
{
	struct vq *q = c->q;
	const struct model *m = c->m;
	const unsigned n = sriov_nvfs - 1, vec = 1;
	const uint64_t regs = VF0(n, VF_BAR0_ADDR);
	const uint64_t entry = VF2(n, VF_BAR2_ADDR) + VFNIC_MSIX_TABLE_OFFSET +
			       16 * vec;
	const uint8_t zero[16] = { 0 };
	uint64_t val = 0;
	long long deadline, refused;
	struct tlp_rec t;
	unsigned rid = ~0u, ctl;
	char *text, *p;
	long mark;

	vq_write_mem(q, RAM_MSI, zero, 16);
	vf_wr(q, n, 0x04, 0x4, 2);			/* VF Bus Master */
	vq_wr(q, entry + 0, RAM_MSI + 8, 4);
	vq_wr(q, entry + 4, 0, 4);
	vq_wr(q, entry + 8, MSI_DATA | n, 4);
	vq_wr(q, entry + 12, 0, 4);
	ctl = vf_rd(q, n, VFNIC_CAP_MSIX_OFFSET + 2, 2);
	vf_wr(q, n, VFNIC_CAP_MSIX_OFFSET + 2, ctl | MSIX_ENABLE, 2);
	mark = log_mark(m);
	vq_wr(q, regs + VFNIC_REG_IRQ_TEST, vec, 4);
	deadline = vq_now_ms() + 5000;
	while (vq_now_ms() < deadline && val != (MSI_DATA | n) && vq_ok(q)) {
		vq_rd(q, regs + VFNIC_REG_MSIX_SENT, 4);
		val = vq_rd(q, RAM_MSI + 8, 4);
	}
	/* the requester ID the RTL put on the MSI-X MWr, as logged */
	if (log_tlps(m, mark, "m2c", "MWr32", &t, 1) >= 1) {
		text = log_since(m, mark);
		p = strstr(text, " m2c MWr32 ");
		rid = p ? field(p, " rid=", 16) : ~0u;
		free(text);
	}
	refused = counter(q, "dma-refused");
	if (!qtap(q, val == (MSI_DATA | n) && rid == (PF_BUS << 8 |
						       VF_DEVFN(n)) &&
		  refused == 0, "VF %u's MSI-X message lands in guest RAM "
		  "(0x%08" PRIx64 ") with the VF's requester ID %04x, through "
		  "the VF's bus-master address space (dma-refused %lld)", n,
		  val, rid, refused))
		diag_log_since(m, mark);
}

static void check_sriov_flr(struct ctx *c)
{
	struct vq *q = c->q;
	const unsigned devctl = VFNIC_CAP_PCIE_OFFSET + 8;
	uint64_t s0, sl, sp;
	uint32_t cmd, msix;
	unsigned last = sriov_nvfs - 1;

	vf_wr(q, 0, 0x04, 0x4, 2);
	vq_wr(q, VF0(0, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 0x5CA7C401, 4);
	vf_wr(q, 0, devctl, vf_rd(q, 0, devctl, 2) | 0x8000, 2);
	s0 = vq_rd(q, VF0(0, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 4);
	cmd = vf_rd(q, 0, 0x04, 2);
	sl = vq_rd(q, VF0(last, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 4);
	msix = vf_rd(q, last, VFNIC_CAP_MSIX_OFFSET + 2, 2);
	sp = vq_rd(q, BAR0_ADDR + VFNIC_REG_SCRATCH, 4);
	qtap(q, s0 == 0 && !(cmd & 0x4) && sl == 0x5CA7C4FF &&
	     (msix & MSIX_ENABLE) && sp == 0x5CA7C400, "VF 0 FLR resets VF 0 "
	     "only (VF 0 SCRATCH 0x%" PRIx64 ", Command 0x%x; VF %u SCRATCH "
	     "0x%08" PRIx64 ", MSI-X control 0x%x; PF SCRATCH 0x%08" PRIx64
	     ")", s0, cmd, last, sl, msix, sp);
	check_mirror(q, "a VF FLR");
}

static void check_sriov_disable(struct ctx *c)
{
	struct vq *q = c->q;
	const struct model *m = c->m;
	struct tlp_rec t;
	uint32_t ctrl, id0, idl;
	uint64_t v;
	long mark;
	int mrds;

	pfx_wr(q, SRIOV_CTRL, SRIOV_MSE, 2);
	ctrl = pfx_rd(q, SRIOV_CTRL, 2);
	id0 = vf_rd(q, 0, 0x00, 4);
	idl = vf_rd(q, sriov_nvfs - 1, 0x00, 4);
	/* QEMU unmapped the VF BARs: the read reaches no device at all */
	mark = log_mark(m);
	vq_rd(q, VF0(0, VF_BAR0_ADDR) + VFNIC_REG_FUNC, 4);
	mrds = log_tlps(m, mark, "c2m", "MRd32", &t, 1);
	qtap(q, !(ctrl & SRIOV_VFE) && id0 == 0xFFFFFFFFu &&
	     idl == 0xFFFFFFFFu && mrds == 0, "clearing VF Enable removes the "
	     "VFs (config reads 0x%08x, 0x%08x; %d MRd for VF 0's BAR0; "
	     "Control 0x%x)", id0, idl, mrds, ctrl);
	check_mirror(q, "disabling VFs");
	/* enabled again: fresh VFs (clearing VF Enable reset them all) */
	pfx_wr(q, SRIOV_CTRL, SRIOV_VFE | SRIOV_MSE, 2);
	v = vq_rd(q, VF0(sriov_nvfs - 1, VF_BAR0_ADDR) + VFNIC_REG_SCRATCH, 4);
	qtap(q, v == 0 && vf_rd(q, 0, 0x00, 4) == 0xFFFFFFFFu &&
	     vf_rd(q, 0, 0x34, 1) == VFNIC_CAP_PCIE_OFFSET,
	     "enabled again: the VFs answer, reset (VF %u SCRATCH 0x%"
	     PRIx64 ")", sriov_nvfs - 1, v);
	check_mirror(q, "enabling VFs again");
}

static void sriov_enable_all(struct vq *q)
{
	pfx_wr(q, SRIOV_NUMVFS, sriov_nvfs, 2);
	pfx_wr(q, SRIOV_VFBAR0, VF_BAR0_ADDR | 0x4, 4);
	pfx_wr(q, SRIOV_VFBAR2, VF_BAR2_ADDR | 0x4, 4);
	pfx_wr(q, SRIOV_CTRL, SRIOV_VFE | SRIOV_MSE, 2);
}

/* a PF FLR clears the SR-IOV capability: QEMU's VFs go away with it */
static void check_sriov_pf_flr(struct ctx *c)
{
	struct vq *q = c->q;
	const unsigned devctl = VFNIC_CAP_PCIE_OFFSET + 8;
	uint32_t ctrl, id0;

	pf_wr(q, devctl, pf_rd(q, devctl, 2) | 0x8000, 2);
	ctrl = pfx_rd(q, SRIOV_CTRL, 2);
	id0 = vf_rd(q, 0, 0x00, 4);
	qtap(q, !(ctrl & SRIOV_VFE) && id0 == 0xFFFFFFFFu, "PF FLR clears VF "
	     "Enable in the RTL and removes QEMU's VFs (Control 0x%x, VF 0 "
	     "config 0x%08x)", ctrl, id0);
	check_mirror(q, "a PF FLR with VFs enabled");
	map_bars(q);
	sriov_enable_all(q);
	qtap(q, vf_rd(q, sriov_nvfs - 1, 0x34, 1) == VFNIC_CAP_PCIE_OFFSET &&
	     vq_rd(q, VF0(sriov_nvfs - 1, VF_BAR0_ADDR) + VFNIC_REG_FUNC, 4) ==
	     VF_DEVFN(sriov_nvfs - 1), "VFs enabled again after the PF FLR");
	check_mirror(q, "enabling VFs after a PF FLR");
}

/* a system reset clears VF Enable in the RTL and in QEMU alike */
static void check_sriov_reset(struct ctx *c)
{
	struct vq *q = c->q;
	uint32_t ctrl, nv;

	system_reset(q);
	sriov_firmware(q);
	ctrl = pfx_rd(q, SRIOV_CTRL, 2);
	nv = pfx_rd(q, SRIOV_NUMVFS, 2);
	qtap(q, !(ctrl & SRIOV_VFE) && nv == 0 &&
	     vf_rd(q, 0, 0x00, 4) == 0xFFFFFFFFu, "system reset clears VF "
	     "Enable and NumVFs; no VFs (Control 0x%x, NumVFs %u)", ctrl, nv);
	check_mirror(q, "reset with VFs enabled");
	check_quiet(c);
}

static int run_sriov(struct model *m)
{
	static check_fn *const steps[] = {
		check_sriov_enable, check_sriov_mmio, check_sriov_msix,
		check_sriov_flr, check_sriov_disable, check_sriov_pf_flr,
		check_sriov_reset,
	};
	char dev[VQ_PATH_MAX * 2];

	snprintf(dev, sizeof(dev), "vfnic-pf,bus=rp0,id=pf0,socket=%s",
		 m->sock);
	return run_session(m, "qemu-sriov", dev, steps,
			   sizeof(steps) / sizeof(steps[0]));
}

/* the model dies while a read waits for its completion */
static void check_disconnect(struct ctx *ctx)
{
	struct vq *q = ctx->q;
	struct model *m = ctx->m;
	long long t0, dt;
	const char *r;
	uint64_t v;
	uint32_t c;
	int pending, lost = 0;
	char *err, *p;

	kill(m->pid, SIGSTOP);
	vq_send(q, "readl 0x%x", BAR0_ADDR + VFNIC_REG_ID);
	pending = !vq_reply_ready(q, 300);
	t0 = vq_now_ms();
	kill(m->pid, SIGKILL);
	vq_reap(m->pid, 5000);
	m->pid = 0;
	r = vq_recv(q, 30000);
	dt = vq_now_ms() - t0;
	v = r ? strtoull(r, NULL, 16) : 0;
	qtap(q, pending && v == 0xFFFFFFFFu && dt < 2000,
	     "model killed during a read: all-ones at once (%lld ms, not the "
	     "%d ms timeout)%s", dt, LINK_TIMEOUT_MS,
	     pending ? "" : "; the read was NOT waiting");
	v = vq_rd(q, BAR0_ADDR + VFNIC_REG_ID, 4);
	c = pf_rd(q, 0x00, 4);
	vq_wr(q, BAR0_ADDR + VFNIC_REG_SCRATCH, 1, 4);
	vq_rd(q, BAR0_ADDR + VFNIC_REG_SCRATCH, 8);
	err = vq_slurp(q->err_path);
	for (p = err; (p = strstr(p, "lost the vfnic model")); p++)
		lost++;
	if (!qtap(q, v == 0xFFFFFFFFu && c == 0xFFFFFFFFu && lost == 1,
		  "model gone: one error (%d), MMIO and config read all-ones",
		  lost))
		diag_text(err, 20);
	free(err);
	system_reset(q);
	enumerate_bus(q);
	c = pf_rd(q, 0x00, 4);
	qtap(q, vq_alive(q) && c == 0xFFFFFFFFu,
	     "QEMU survives reset without model (config 0x%08x)", c);
}

/* a new VM on the device the previous one left programmed */
static void check_fresh(struct ctx *c)
{
	struct vq *q = c->q;
	uint32_t cmd, lo, hi;

	/* the previous QEMU left BAR0 programmed and BME on in the RTL */
	check_mirror(q, "starting on a device another VM left programmed");
	enumerate_bus(q);
	cmd = pf_rd(q, 0x04, 2);
	lo = pf_rd(q, 0x10, 4);
	hi = pf_rd(q, 0x14, 4);
	qtap(q, !(cmd & 0x7) && !(lo & ~0xFu) && !hi,
	     "the new VM finds the device reset (Command 0x%x, BAR0 "
	     "0x%08x%08x)", cmd, hi, lo);
	map_bars(q);
}

/* last session: a fresh VM, then the model vanishes under it */
static void run_last(struct model *m)
{
	static check_fn *const steps[] = { check_fresh, check_disconnect };
	char dev[VQ_PATH_MAX * 2];

	snprintf(dev, sizeof(dev), "vfnic-pf,bus=rp0,id=pf0,socket=%s",
		 m->sock);
	run_session(m, "qemu-last", dev, steps, 2);
}

/* ---- set-up ---- */

/* logs of an earlier run would be mistaken for this one's */
static void clean_logs(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[VQ_PATH_MAX];

	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);

		if ((n > 4 && !strcmp(e->d_name + n - 4, ".log")) ||
		    (n > 7 && !strcmp(e->d_name + n - 7, ".stderr"))) {
			if (snprintf(path, sizeof(path), "%s/%s", dir,
				     e->d_name) < (int)sizeof(path))
				unlink(path);
		}
	}
	if (d)
		closedir(d);
}

static char *read_first_line(const char *path)
{
	char *s = vq_slurp(path);

	s[strcspn(s, "\n")] = 0;
	return s;
}

static void usage(void)
{
	fprintf(stderr, "usage: check-pf [--qemu BIN] [--model BIN] "
		"[--logs DIR] [--total-vfs N] [--keep]\n");
}

int main(int argc, char **argv)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char model_bin[VQ_PATH_MAX], roms[VQ_PATH_MAX], logs[VQ_PATH_MAX];
	char work[VQ_PATH_MAX], binfile[VQ_PATH_MAX];
	const char *qemu = getenv("VFNIC_QEMU"), *mbin = NULL, *ldir = NULL;
	char *qemu_alloc = NULL;
	struct model m = { 0 };
	int keep = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--qemu") && i + 1 < argc)
			qemu = argv[++i];
		else if (!strcmp(argv[i], "--model") && i + 1 < argc)
			mbin = argv[++i];
		else if (!strcmp(argv[i], "--logs") && i + 1 < argc)
			ldir = argv[++i];
		else if (!strcmp(argv[i], "--total-vfs") && i + 1 < argc)
			total_vfs_expected = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--keep"))
			keep = 1;
		else {
			usage();
			return 2;
		}
	}
	snprintf(model_bin, sizeof(model_bin), "%s/model/vfnic-model", build);
	snprintf(roms, sizeof(roms), "%s/qemu-roms", build);
	snprintf(logs, sizeof(logs), "%s", ldir ? ldir : build);
	if (!ldir)
		snprintf(logs, sizeof(logs), "%s/qemu-check", build);
	if (!qemu || !*qemu) {
		snprintf(binfile, sizeof(binfile), "%s/qemu-bin", build);
		qemu = qemu_alloc = read_first_line(binfile);
	}
	if (!*qemu || access(qemu, X_OK)) {
		fprintf(stderr, "check-pf: no QEMU binary ('%s'); run make "
			"qemu or pass --qemu\n", qemu);
		free(qemu_alloc);
		return 2;
	}
	snprintf(work, sizeof(work), "%s/vfnic-qemu-check.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	mkdir(build, 0755);
	mkdir(logs, 0755);
	if (!mkdtemp(work)) {
		fprintf(stderr, "check-pf: mkdtemp %s: %s\n", work,
			strerror(errno));
		free(qemu_alloc);
		return 2;
	}
	if (access(roms, R_OK | X_OK)) {	/* made by `make qemu` */
		fprintf(stderr, "check-pf: no ROM directory %s; run make qemu\n",
			roms);
		return 2;
	}
	clean_logs(logs);
	env = (struct vq_env){ .qemu = qemu, .roms = roms, .work = work,
			       .logs = logs };
	signal(SIGPIPE, SIG_IGN);

	if (model_start(&m, mbin ? mbin : model_bin)) {
		tap(0, "the model starts (%s)", mbin ? mbin : model_bin);
		diag_file(m.err);
	} else {
		check_startup_errors(&m);
		if (!run_main(&m) && !run_high_bar(&m) && !run_sriov(&m))
			run_last(&m);
	}
	model_stop(&m);
	if (!keep)
		rmdir(work);
	printf("1..%d\n", n_test);
	if (n_fail)
		printf("# %d of %d failed; logs (QEMU stderr and qtest log, "
		       "model log with every TLP) in %s/\n", n_fail, n_test,
		       logs);
	else
		printf("# logs in %s/\n", logs);
	free(qemu_alloc);
	return n_fail ? 1 : 0;
}
