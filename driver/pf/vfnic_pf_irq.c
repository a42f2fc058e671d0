// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic PF driver: MSI-X vectors, their handlers and the probe-time
 * interrupt self-test (every vector fired once through IRQ_TEST).
 */
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "vfnic_pf.h"

static irqreturn_t vfnic_pf_msix_handler(int irq, void *data)
{
	struct vfnic_pf_vector *v = data;

	atomic_long_inc(&v->count);
	complete(&v->fired);
	return IRQ_HANDLED;
}

/**
 * vfnic_pf_irq_init - enable MSI-X with every vector of the function
 * @pf: adapter whose hw caps are known
 *
 * The device's CAPS register and the MSI-X table size in config space must
 * agree: both come from the RTL, and a mismatch means a broken build.
 *
 * Return: 0 or a negative errno; nothing is left allocated on failure.
 */
int vfnic_pf_irq_init(struct vfnic_pf *pf)
{
	struct pci_dev *pdev = pf->pdev;
	unsigned int nvec = pf->hw.msix_vectors;
	unsigned int i;
	int table, err;

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

	pf->vectors = kcalloc(nvec, sizeof(*pf->vectors), GFP_KERNEL);
	if (!pf->vectors)
		return -ENOMEM;

	err = pci_alloc_irq_vectors(pdev, nvec, nvec, PCI_IRQ_MSIX);
	if (err < 0) {
		dev_err(&pdev->dev, "cannot allocate %u MSI-X vectors: %d\n",
			nvec, err);
		goto err_free_array;
	}

	for (i = 0; i < nvec; i++) {
		struct vfnic_pf_vector *v = &pf->vectors[i];

		v->pf = pf;
		v->idx = i;
		v->irq = pci_irq_vector(pdev, i);
		atomic_long_set(&v->count, 0);
		init_completion(&v->fired);
		snprintf(v->name, sizeof(v->name), "%s-%u",
			 VFNIC_PF_DRV_NAME, i);
		err = request_irq(v->irq, vfnic_pf_msix_handler, 0, v->name, v);
		if (err) {
			dev_err(&pdev->dev, "request_irq %d (vector %u): %d\n",
				v->irq, i, err);
			goto err_free_irqs;
		}
	}
	pf->num_vectors = nvec;
	return 0;

err_free_irqs:
	while (i--)
		free_irq(pf->vectors[i].irq, &pf->vectors[i]);
	pci_free_irq_vectors(pdev);
err_free_array:
	kfree(pf->vectors);
	pf->vectors = NULL;
	return err;
}

void vfnic_pf_irq_exit(struct vfnic_pf *pf)
{
	unsigned int i;

	for (i = 0; i < pf->num_vectors; i++)
		free_irq(pf->vectors[i].irq, &pf->vectors[i]);
	pf->num_vectors = 0;
	pci_free_irq_vectors(pf->pdev);
	kfree(pf->vectors);
	pf->vectors = NULL;
}

static long vfnic_pf_irq_total(struct vfnic_pf *pf)
{
	long total = 0;
	unsigned int i;

	for (i = 0; i < pf->num_vectors; i++)
		total += atomic_long_read(&pf->vectors[i].count);
	return total;
}

/* Fire vector @idx and wait for its handler. Fails if it did not run, or if
 * another vector's handler ran meanwhile (the message used the wrong MSI-X
 * table entry).
 */
static bool vfnic_pf_irq_test_one(struct vfnic_pf *pf, unsigned int idx)
{
	struct vfnic_pf_vector *v = &pf->vectors[idx];
	struct device *dev = &pf->pdev->dev;
	long own, others;

	own = atomic_long_read(&v->count);
	others = vfnic_pf_irq_total(pf) - own;

	reinit_completion(&v->fired);
	vfnic_hw_irq_test(&pf->hw, idx);
	if (!wait_for_completion_timeout(&v->fired,
					 msecs_to_jiffies(VFNIC_PF_IRQ_TIMEOUT_MS))) {
		dev_err(dev, "self-test: vector %u (irq %d) did not fire within %d ms\n",
			idx, v->irq, VFNIC_PF_IRQ_TIMEOUT_MS);
		return false;
	}

	own = atomic_long_read(&v->count) - own;
	others = vfnic_pf_irq_total(pf) - atomic_long_read(&v->count) - others;
	if (own != 1 || others) {
		dev_err(dev, "self-test: vector %u: its handler ran %ld times, others %ld times\n",
			idx, own, others);
		return false;
	}
	return true;
}

/**
 * vfnic_pf_irq_selftest - fire every MSI-X vector once and wait for each
 * @pf: adapter with vectors requested
 *
 * Also checks that the device's MSIX_SENT counter moved by exactly the
 * number of vectors and that nothing was dropped.
 *
 * Return: 0 if every vector arrived where expected, -EIO otherwise.
 */
int vfnic_pf_irq_selftest(struct vfnic_pf *pf)
{
	struct device *dev = &pf->pdev->dev;
	u32 sent, dropped;
	unsigned int i, good = 0;

	sent = vfnic_hw_msix_sent(&pf->hw);
	dropped = vfnic_hw_msix_dropped(&pf->hw);

	for (i = 0; i < pf->num_vectors; i++)
		if (vfnic_pf_irq_test_one(pf, i))
			good++;

	sent = vfnic_hw_msix_sent(&pf->hw) - sent;
	dropped = vfnic_hw_msix_dropped(&pf->hw) - dropped;

	if (good == pf->num_vectors && sent == pf->num_vectors && !dropped) {
		dev_info(dev, "self-test: %u/%u MSI-X vectors fired (MSIX_SENT +%u, MSIX_DROPPED +%u)\n",
			 good, pf->num_vectors, sent, dropped);
		return 0;
	}
	dev_err(dev, "self-test failed: %u/%u MSI-X vectors fired (MSIX_SENT +%u, MSIX_DROPPED +%u)\n",
		good, pf->num_vectors, sent, dropped);
	return -EIO;
}
