/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * Types and error codes for the OS-independent hardware layer. The kernel
 * module gets them from the kernel; userspace (the regression harness) gets
 * them from libc (the typedefs below are the kernel's names for libc's
 * types). Nothing else in driver/hw/ includes a system header.
 */
#ifndef VFNIC_OSDEP_H
#define VFNIC_OSDEP_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#endif

#endif /* VFNIC_OSDEP_H */
