// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic VF driver: debugfs test knob, one directory per VF under
 * <debugfs>/vfnic_vf/<pci name>/:
 *   irq_test  write N: raise MSI-X vector N of this VF through IRQ_TEST (N may
 *             be past the table: the device must drop and count it);
 *             read: function number, per-vector handler counts and the VF's
 *             counters (same format as the PF's knob)
 *   dma_test  write LEN: copy LEN bytes with the VF's DMA registers and check
 *             them (vfnic_dmatest_run); read: "len L result R dma_ctrl C"
 *             of the last run (same format as the PF's knob)
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "vfnic_vf.h"

static struct dentry *vfnic_vf_dbg_root;

static int vfnic_vf_irq_test_show(struct seq_file *s, void *unused)
{
	struct vfnic_vf *vf = s->private;

	seq_printf(s, "func %d\n", vf->func);
	vfnic_msix_show(&vf->msix, s);
	return 0;
}

static int vfnic_vf_irq_test_open(struct inode *inode, struct file *file)
{
	return single_open(file, vfnic_vf_irq_test_show, inode->i_private);
}

static ssize_t vfnic_vf_irq_test_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	struct vfnic_vf *vf = ((struct seq_file *)file->private_data)->private;
	unsigned int vector;
	int err;

	err = kstrtouint_from_user(ubuf, count, 0, &vector);
	if (err)
		return err;
	err = vfnic_hw_irq_test(&vf->hw, vector);
	return err ? err : count;
}

static const struct file_operations vfnic_vf_irq_test_fops = {
	.owner = THIS_MODULE,
	.open = vfnic_vf_irq_test_open,
	.read = seq_read,
	.write = vfnic_vf_irq_test_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int vfnic_vf_dma_test_show(struct seq_file *s, void *unused)
{
	struct vfnic_vf *vf = s->private;

	mutex_lock(&vf->dma.lock);
	seq_printf(s, "len %u result %d dma_ctrl %#x\n", vf->dma.len,
		   vf->dma.result, vf->dma.ctrl);
	mutex_unlock(&vf->dma.lock);
	return 0;
}

static int vfnic_vf_dma_test_open(struct inode *inode, struct file *file)
{
	return single_open(file, vfnic_vf_dma_test_show, inode->i_private);
}

static ssize_t vfnic_vf_dma_test_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	struct vfnic_vf *vf = ((struct seq_file *)file->private_data)->private;
	unsigned int len;
	int err;

	err = kstrtouint_from_user(ubuf, count, 0, &len);
	if (err)
		return err;
	err = vfnic_dmatest_run(&vf->dma, &vf->hw, &vf->pdev->dev, len,
				VFNIC_VF_DMA_TIMEOUT_MS);
	return err ? err : count;
}

static const struct file_operations vfnic_vf_dma_test_fops = {
	.owner = THIS_MODULE,
	.open = vfnic_vf_dma_test_open,
	.read = seq_read,
	.write = vfnic_vf_dma_test_write,
	.llseek = seq_lseek,
	.release = single_release,
};

void vfnic_vf_debugfs_register(void)
{
	vfnic_vf_dbg_root = debugfs_create_dir(VFNIC_VF_DRV_NAME, NULL);
}

void vfnic_vf_debugfs_unregister(void)
{
	debugfs_remove_recursive(vfnic_vf_dbg_root);
	vfnic_vf_dbg_root = NULL;
}

void vfnic_vf_debugfs_init(struct vfnic_vf *vf)
{
	vf->dbg_dir = debugfs_create_dir(pci_name(vf->pdev), vfnic_vf_dbg_root);
	debugfs_create_file("irq_test", 0600, vf->dbg_dir, vf,
			    &vfnic_vf_irq_test_fops);
	debugfs_create_file("dma_test", 0600, vf->dbg_dir, vf,
			    &vfnic_vf_dma_test_fops);
}

void vfnic_vf_debugfs_exit(struct vfnic_vf *vf)
{
	/* waits for readers and writers still inside the file */
	debugfs_remove_recursive(vf->dbg_dir);
	vf->dbg_dir = NULL;
}
