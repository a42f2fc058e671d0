/* SPDX-License-Identifier: MIT */
/*
 * A QEMU run under -accel qtest, driven from C: the qtest text protocol
 * (port I/O, memory reads and writes) and QMP (commands, their return or
 * error, events), each on a UNIX socket this side listens on and QEMU
 * connects to. Enough for boot-less device tests (tb/qemu/check_pf.c).
 *
 * Errors: the first protocol failure (QEMU gone, a FAIL reply, a timeout,
 * unparsable QMP) is kept in vq->fail and makes the session unusable; every
 * later call returns at once with all-ones / -1. Callers check vq_ok().
 */
#ifndef VQ_QTEST_H
#define VQ_QTEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VQ_PATH_MAX 512
#define VQ_LINE_MAX 8192

/* where things are, shared by every QEMU a test starts */
struct vq_env {
	const char *qemu;	/* qemu-system-x86_64 */
	const char *roms;	/* -L directory */
	const char *work;	/* short directory for sockets */
	const char *logs;	/* QEMU's stderr and qtest log go here */
};

struct vq_buf {
	int fd;
	size_t len;
	char data[VQ_LINE_MAX * 2];
};

struct vq {
	pid_t pid;		/* 0 once reaped */
	int status;		/* exit status once reaped (128+sig if killed) */
	char name[64];
	char err_path[VQ_PATH_MAX];	/* QEMU's stderr */
	char fail[512];		/* first failure; session unusable after */
	struct vq_buf qt, qmp;
	char line[VQ_LINE_MAX];	/* last qtest reply, after "OK" */
	unsigned resets;	/* QMP RESET events seen */
};

/* QMP reply: return value (integer or string) or error description */
struct vq_reply {
	int is_error;
	int has_int;
	long long ival;
	char text[1024];	/* error "desc", or a string return value */
};

long long vq_now_ms(void);

/* start QEMU: -M q35 -accel qtest, qtest and QMP sockets, then @args */
int vq_start(struct vq *q, const struct vq_env *env, const char *name,
	     const char *const *args);
/* QMP quit, then wait; returns the exit status (-1: had to be killed) */
int vq_quit(struct vq *q);
int vq_alive(struct vq *q);
static inline int vq_ok(const struct vq *q)
{
	return !q->fail[0];
}

/* one qtest command; returns the text after "OK" or NULL */
const char *vq_cmd(struct vq *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* the two halves, for a command whose reply is awaited later */
int vq_send(struct vq *q, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *vq_recv(struct vq *q, int timeout_ms);
/* is a qtest reply waiting (within @timeout_ms)? */
int vq_reply_ready(struct vq *q, int timeout_ms);

/* guest memory (and MMIO): size 1, 2, 4 or 8 */
uint64_t vq_rd(struct vq *q, uint64_t addr, unsigned size);
void vq_wr(struct vq *q, uint64_t addr, uint64_t val, unsigned size);
int vq_read_mem(struct vq *q, uint64_t addr, void *buf, size_t n);
int vq_write_mem(struct vq *q, uint64_t addr, const void *buf, size_t n);

/* config space through 0xcf8/0xcfc; size 1, 2 or 4 */
uint32_t vq_cfg_rd(struct vq *q, unsigned bus, unsigned devfn, unsigned reg,
		   unsigned size);
void vq_cfg_wr(struct vq *q, unsigned bus, unsigned devfn, unsigned reg,
	       uint32_t val, unsigned size);

/*
 * QMP command @execute with @args_json (an object's text, or NULL).
 * Returns 0 on "return", 1 on "error" (reply->text has the description),
 * -1 when the session failed.
 */
int vq_qmp(struct vq *q, struct vq_reply *reply, const char *execute,
	   const char *args_json);
/* qom-get of an integer property; -1 on error */
long long vq_qom_int(struct vq *q, const char *path, const char *prop);
/* wait until @count RESET events have been seen */
int vq_wait_resets(struct vq *q, unsigned count, int timeout_ms);
/* @s as a JSON string literal into @dst */
void vq_json_str(char *dst, size_t n, const char *s);

/* start a process (stdin /dev/null, stdout+stderr to @out, killed if we
 * die); its pid or -1 */
pid_t vq_spawn(const char *const *argv, const char *out);
/* run a command to completion, stdin /dev/null, stdout+stderr to @out_path;
 * returns its exit status, 128+signal, or -1 (not run / timed out) */
int vq_run(const char *const *argv, const char *out_path, int timeout_ms);
/* whole file as a string (malloc'd, "" when unreadable) */
char *vq_slurp(const char *path);
/* wait for @pid for up to @timeout_ms; exit status, 128+sig, or -1 */
int vq_reap(pid_t pid, int timeout_ms);

#endif /* VQ_QTEST_H */
