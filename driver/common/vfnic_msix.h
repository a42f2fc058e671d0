/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * MSI-X vectors of one vfnic function (PF or VF) and the probe-time
 * interrupt self-test, shared by the Linux PF and VF drivers. Kernel only:
 * the OS-independent part (IRQ_TEST, counters) is in driver/hw/.
 */
#ifndef VFNIC_MSIX_H
#define VFNIC_MSIX_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/pci.h>

#include "vfnic_hw.h"

struct seq_file;

/* How long the self-test waits for each vector. Generous: under TCG
 * co-simulation a round trip to the RTL takes milliseconds.
 */
#define VFNIC_MSIX_TEST_TIMEOUT_MS	2000

struct vfnic_msix_vector {
	unsigned int idx;
	int irq;
	atomic_long_t count;		/* times the handler ran */
	struct completion fired;	/* self-test: the handler ran */
	char name[40];			/* "<prefix>-<n>", seen in /proc/interrupts */
};

struct vfnic_msix {
	struct pci_dev *pdev;
	struct vfnic_hw *hw;
	unsigned int num_vectors;
	struct vfnic_msix_vector *vectors;
};

int vfnic_msix_init(struct vfnic_msix *msix, struct pci_dev *pdev,
		    struct vfnic_hw *hw, const char *prefix);
void vfnic_msix_exit(struct vfnic_msix *msix);
int vfnic_msix_selftest(struct vfnic_msix *msix);
void vfnic_msix_show(struct vfnic_msix *msix, struct seq_file *s);

#endif /* VFNIC_MSIX_H */
