// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic PF driver: debugfs test knobs, one directory per device under
 * <debugfs>/vfnic_pf/<pci name>/:
 *   irq_test  write N: raise MSI-X vector N through IRQ_TEST (N may be past
 *             the table: the device must drop and count it);
 *             read: per-vector handler counts and the device's counters
 *   dma_test  write LEN: copy LEN bytes with the DMA test engine and check
 *             them (the write fails with the error); read: last result
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "vfnic_pf.h"

static struct dentry *vfnic_pf_dbg_root;

static int vfnic_pf_irq_test_show(struct seq_file *s, void *unused)
{
	struct vfnic_pf *pf = s->private;
	unsigned int i;

	seq_printf(s, "vectors %u\n", pf->num_vectors);
	for (i = 0; i < pf->num_vectors; i++)
		seq_printf(s, "vec%u %ld irq %d\n", i,
			   atomic_long_read(&pf->vectors[i].count),
			   pf->vectors[i].irq);
	seq_printf(s, "msix_sent %u\n", vfnic_hw_msix_sent(&pf->hw));
	seq_printf(s, "msix_dropped %u\n", vfnic_hw_msix_dropped(&pf->hw));
	seq_printf(s, "bad_access %u\n", vfnic_hw_bad_access_count(&pf->hw));
	return 0;
}

static int vfnic_pf_irq_test_open(struct inode *inode, struct file *file)
{
	return single_open(file, vfnic_pf_irq_test_show, inode->i_private);
}

static ssize_t vfnic_pf_irq_test_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	struct vfnic_pf *pf = ((struct seq_file *)file->private_data)->private;
	unsigned int vector;
	int err;

	err = kstrtouint_from_user(ubuf, count, 0, &vector);
	if (err)
		return err;
	err = vfnic_hw_irq_test(&pf->hw, vector);
	return err ? err : count;
}

static const struct file_operations vfnic_pf_irq_test_fops = {
	.owner = THIS_MODULE,
	.open = vfnic_pf_irq_test_open,
	.read = seq_read,
	.write = vfnic_pf_irq_test_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int vfnic_pf_dma_test_show(struct seq_file *s, void *unused)
{
	struct vfnic_pf *pf = s->private;

	mutex_lock(&pf->dma_lock);
	seq_printf(s, "len %u result %d dma_ctrl %#x\n", pf->dma_len,
		   pf->dma_result, pf->dma_ctrl);
	mutex_unlock(&pf->dma_lock);
	return 0;
}

static int vfnic_pf_dma_test_open(struct inode *inode, struct file *file)
{
	return single_open(file, vfnic_pf_dma_test_show, inode->i_private);
}

static ssize_t vfnic_pf_dma_test_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	struct vfnic_pf *pf = ((struct seq_file *)file->private_data)->private;
	unsigned int len;
	int err;

	err = kstrtouint_from_user(ubuf, count, 0, &len);
	if (err)
		return err;
	err = vfnic_pf_dma_test(pf, len);
	return err ? err : count;
}

static const struct file_operations vfnic_pf_dma_test_fops = {
	.owner = THIS_MODULE,
	.open = vfnic_pf_dma_test_open,
	.read = seq_read,
	.write = vfnic_pf_dma_test_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void vfnic_pf_debugfs_register(void)
{
	vfnic_pf_dbg_root = debugfs_create_dir(VFNIC_PF_DRV_NAME, NULL);
}

void vfnic_pf_debugfs_unregister(void)
{
	debugfs_remove_recursive(vfnic_pf_dbg_root);
	vfnic_pf_dbg_root = NULL;
}

void vfnic_pf_debugfs_init(struct vfnic_pf *pf)
{
	pf->dbg_dir = debugfs_create_dir(pci_name(pf->pdev), vfnic_pf_dbg_root);
	debugfs_create_file("irq_test", 0600, pf->dbg_dir, pf,
			    &vfnic_pf_irq_test_fops);
	debugfs_create_file("dma_test", 0600, pf->dbg_dir, pf,
			    &vfnic_pf_dma_test_fops);
}

void vfnic_pf_debugfs_exit(struct vfnic_pf *pf)
{
	/* waits for readers and writers still inside the files */
	debugfs_remove_recursive(pf->dbg_dir);
	pf->dbg_dir = NULL;
}
