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

/*
 * Descriptor memory: little-endian 32-bit words shared with the device, and
 * the barrier that orders descriptor writes before the doorbell (and a done
 * bit's read before the rest of a write-back).
 */
#ifdef __KERNEL__
#include <asm/barrier.h>
#include <asm/byteorder.h>
static inline u32 vfnic_desc_rd(const void *desc, unsigned int dw)
{
	return le32_to_cpu(READ_ONCE(((const __le32 *)desc)[dw]));
}
static inline void vfnic_desc_wr(void *desc, unsigned int dw, u32 val)
{
	WRITE_ONCE(((__le32 *)desc)[dw], cpu_to_le32(val));
}
#define vfnic_desc_wmb() dma_wmb()
#define vfnic_desc_rmb() dma_rmb()
#else
static inline u32 vfnic_desc_rd(const void *desc, unsigned int dw)
{
	const volatile uint8_t *p = (const volatile uint8_t *)desc + 4 * dw;

	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}
static inline void vfnic_desc_wr(void *desc, unsigned int dw, u32 val)
{
	volatile uint8_t *p = (volatile uint8_t *)desc + 4 * dw;

	p[0] = (uint8_t)val;
	p[1] = (uint8_t)(val >> 8);
	p[2] = (uint8_t)(val >> 16);
	p[3] = (uint8_t)(val >> 24);
}
#define vfnic_desc_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)
#define vfnic_desc_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#endif

#endif /* VFNIC_OSDEP_H */
