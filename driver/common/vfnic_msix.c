// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * MSI-X vectors of one vfnic function, their handlers and the probe-time
 * interrupt self-test (every vector fired once through IRQ_TEST). Linked
 * into both the PF and the VF module: each function has its own table and
 * counters, so the same code serves both.
 */
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "vfnic_msix.h"

static irqreturn_t vfnic_msix_handler(int irq, void *data)
{
	struct vfnic_msix_vector *v = data;

	atomic_long_inc(&v->count);
	complete(&v->fired);
	return IRQ_HANDLED;
}

/**
 * vfnic_msix_init - enable MSI-X with every vector of the function
 * @msix: state to fill
 * @pdev: the function
 * @hw: its hw layer, caps known
 * @prefix: interrupt names are "<prefix>-<n>" (/proc/interrupts)
 *
 * The device's CAPS register and the MSI-X table size in config space must
 * agree: both come from the RTL, and a mismatch means a broken build.
 *
 * Return: 0 or a negative errno; nothing is left allocated on failure.
 */
int vfnic_msix_init(struct vfnic_msix *msix, struct pci_dev *pdev,
		    struct vfnic_hw *hw, const char *prefix)
{
	unsigned int nvec = hw->msix_vectors;
	unsigned int i;
	int table, err;

	msix->pdev = pdev;
	msix->hw = hw;
	msix->num_vectors = 0;

	table = pci_msix_vec_count(pdev);
	if (table < 0) {
		dev_err(&pdev->dev, "no MSI-X capability\n");
		return table;
	}
	if (table != nvec) {
		dev_err(&pdev->dev, "MSI-X table has %d entries but CAPS says %u\n",
			table, nvec);
		return -EIO;
	}

	msix->vectors = kcalloc(nvec, sizeof(*msix->vectors), GFP_KERNEL);
	if (!msix->vectors)
		return -ENOMEM;

	err = pci_alloc_irq_vectors(pdev, nvec, nvec, PCI_IRQ_MSIX);
	if (err < 0) {
		dev_err(&pdev->dev, "cannot allocate %u MSI-X vectors: %d\n",
			nvec, err);
		goto err_free_array;
	}

	for (i = 0; i < nvec; i++) {
		struct vfnic_msix_vector *v = &msix->vectors[i];

		v->idx = i;
		v->irq = pci_irq_vector(pdev, i);
		atomic_long_set(&v->count, 0);
		init_completion(&v->fired);
		snprintf(v->name, sizeof(v->name), "%s-%u", prefix, i);
		err = request_irq(v->irq, vfnic_msix_handler, 0, v->name, v);
		if (err) {
			dev_err(&pdev->dev, "request_irq %d (vector %u): %d\n",
				v->irq, i, err);
			goto err_free_irqs;
		}
	}
	msix->num_vectors = nvec;
	return 0;

err_free_irqs:
	while (i--)
		free_irq(msix->vectors[i].irq, &msix->vectors[i]);
	pci_free_irq_vectors(pdev);
err_free_array:
	kfree(msix->vectors);
	msix->vectors = NULL;
	return err;
}

void vfnic_msix_exit(struct vfnic_msix *msix)
{
	unsigned int i;

	for (i = 0; i < msix->num_vectors; i++)
		free_irq(msix->vectors[i].irq, &msix->vectors[i]);
	msix->num_vectors = 0;
	pci_free_irq_vectors(msix->pdev);
	kfree(msix->vectors);
	msix->vectors = NULL;
}

static long vfnic_msix_total(struct vfnic_msix *msix)
{
	long total = 0;
	unsigned int i;

	for (i = 0; i < msix->num_vectors; i++)
		total += atomic_long_read(&msix->vectors[i].count);
	return total;
}

/* Fire vector @idx and wait for its handler. Fails if it did not run, or if
 * another vector's handler ran meanwhile (the message used the wrong MSI-X
 * table entry).
 */
static bool vfnic_msix_test_one(struct vfnic_msix *msix, unsigned int idx)
{
	struct vfnic_msix_vector *v = &msix->vectors[idx];
	struct device *dev = &msix->pdev->dev;
	long own, others;

	own = atomic_long_read(&v->count);
	others = vfnic_msix_total(msix) - own;

	reinit_completion(&v->fired);
	vfnic_hw_irq_test(msix->hw, idx);
	if (!wait_for_completion_timeout(&v->fired,
					 msecs_to_jiffies(VFNIC_MSIX_TEST_TIMEOUT_MS))) {
		dev_err(dev, "self-test: vector %u (irq %d) did not fire within %d ms\n",
			idx, v->irq, VFNIC_MSIX_TEST_TIMEOUT_MS);
		return false;
	}

	own = atomic_long_read(&v->count) - own;
	others = vfnic_msix_total(msix) - atomic_long_read(&v->count) - others;
	if (own != 1 || others) {
		dev_err(dev, "self-test: vector %u: its handler ran %ld times, others %ld times\n",
			idx, own, others);
		return false;
	}
	return true;
}

/**
 * vfnic_msix_selftest - fire every MSI-X vector once and wait for each
 * @msix: vectors requested by vfnic_msix_init()
 *
 * Also checks that the function's MSIX_SENT counter moved by exactly the
 * number of vectors and that nothing was dropped.
 *
 * Return: 0 if every vector arrived where expected, -EIO otherwise.
 */
int vfnic_msix_selftest(struct vfnic_msix *msix)
{
	struct device *dev = &msix->pdev->dev;
	unsigned int i, good = 0;
	u32 sent, dropped;

	sent = vfnic_hw_msix_sent(msix->hw);
	dropped = vfnic_hw_msix_dropped(msix->hw);

	for (i = 0; i < msix->num_vectors; i++)
		if (vfnic_msix_test_one(msix, i))
			good++;

	sent = vfnic_hw_msix_sent(msix->hw) - sent;
	dropped = vfnic_hw_msix_dropped(msix->hw) - dropped;

	if (good == msix->num_vectors && sent == msix->num_vectors && !dropped) {
		dev_info(dev, "self-test: %u/%u MSI-X vectors fired (MSIX_SENT +%u, MSIX_DROPPED +%u)\n",
			 good, msix->num_vectors, sent, dropped);
		return 0;
	}
	dev_err(dev, "self-test failed: %u/%u MSI-X vectors fired (MSIX_SENT +%u, MSIX_DROPPED +%u)\n",
		good, msix->num_vectors, sent, dropped);
	return -EIO;
}

/**
 * vfnic_msix_show - the irq_test debugfs report of one function
 * @msix: its vectors
 * @s: seq_file being read
 *
 * "vectors N", one "vecI COUNT irq IRQ" line per vector, then the
 * function's msix_sent, msix_dropped and bad_access counters.
 */
void vfnic_msix_show(struct vfnic_msix *msix, struct seq_file *s)
{
	unsigned int i;

	seq_printf(s, "vectors %u\n", msix->num_vectors);
	for (i = 0; i < msix->num_vectors; i++)
		seq_printf(s, "vec%u %ld irq %d\n", i,
			   atomic_long_read(&msix->vectors[i].count),
			   msix->vectors[i].irq);
	seq_printf(s, "msix_sent %u\n", vfnic_hw_msix_sent(msix->hw));
	seq_printf(s, "msix_dropped %u\n", vfnic_hw_msix_dropped(msix->hw));
	seq_printf(s, "bad_access %u\n", vfnic_hw_bad_access_count(msix->hw));
}
