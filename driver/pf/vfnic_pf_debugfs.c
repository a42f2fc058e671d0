// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * vfnic PF driver: debugfs test knobs, one directory per device under
 * <debugfs>/vfnic_pf/<pci name>/:
 *   irq_test  write N: raise MSI-X vector N through IRQ_TEST (N may be past
 *             the table: the device must drop and count it);
 *             read: per-vector handler counts and the device's counters
 *   dma_test  write LEN: copy LEN bytes with the DMA test engine and check
 *             them (the write fails with the error); read: last result
 *   mmio_bench write N: time N reads of SCRATCH (each must return the value
 *             written before them); read: count, wrong values and the
 *             median/p99/max read round trip in ns
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/sort.h>
#include <linux/uaccess.h>

#include "vfnic_pf.h"

static struct dentry *vfnic_pf_dbg_root;

static int vfnic_pf_irq_test_show(struct seq_file *s, void *unused)
{
	struct vfnic_pf *pf = s->private;

	vfnic_msix_show(&pf->msix, s);
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

	mutex_lock(&pf->dma.lock);
	seq_printf(s, "len %u result %d dma_ctrl %#x\n", pf->dma.len,
		   pf->dma.result, pf->dma.ctrl);
	mutex_unlock(&pf->dma.lock);
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
	err = vfnic_dmatest_run(&pf->dma, &pf->hw, &pf->pdev->dev, len,
				VFNIC_PF_DMA_TIMEOUT_MS);
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

#define VFNIC_PF_BENCH_MAX	100000

static int vfnic_pf_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Round trip of a register read as the guest sees it: vCPU -> QEMU ->
 * transport -> RTL -> back. Every read must return the value written first,
 * so a bench that silently read garbage cannot pass.
 */
static int vfnic_pf_mmio_bench(struct vfnic_pf *pf, unsigned int n)
{
	u32 expect = get_random_u32();
	unsigned int i, wrong = 0;
	u64 *ns;

	if (!n || n > VFNIC_PF_BENCH_MAX)
		return -EINVAL;
	ns = kvmalloc_array(n, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	vfnic_wr32(&pf->hw, VFNIC_REG_SCRATCH, expect);
	for (i = 0; i < n; i++) {
		u64 t0 = ktime_get_ns();

		if (vfnic_rd32(&pf->hw, VFNIC_REG_SCRATCH) != expect)
			wrong++;
		ns[i] = ktime_get_ns() - t0;
		if (!(i & 1023))
			cond_resched();
	}
	sort(ns, n, sizeof(*ns), vfnic_pf_cmp_u64, NULL);
	mutex_lock(&pf->dma.lock);
	pf->bench_n = n;
	pf->bench_wrong = wrong;
	pf->bench_median_ns = ns[n / 2];
	pf->bench_p99_ns = ns[n - 1 - n / 100];
	pf->bench_max_ns = ns[n - 1];
	mutex_unlock(&pf->dma.lock);
	kvfree(ns);
	return wrong ? -EIO : 0;
}

static int vfnic_pf_mmio_bench_show(struct seq_file *s, void *unused)
{
	struct vfnic_pf *pf = s->private;

	mutex_lock(&pf->dma.lock);
	seq_printf(s, "reads %u wrong %u median_ns %llu p99_ns %llu max_ns %llu\n",
		   pf->bench_n, pf->bench_wrong, pf->bench_median_ns,
		   pf->bench_p99_ns, pf->bench_max_ns);
	mutex_unlock(&pf->dma.lock);
	return 0;
}

static int vfnic_pf_mmio_bench_open(struct inode *inode, struct file *file)
{
	return single_open(file, vfnic_pf_mmio_bench_show, inode->i_private);
}

static ssize_t vfnic_pf_mmio_bench_write(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	struct vfnic_pf *pf = ((struct seq_file *)file->private_data)->private;
	unsigned int n;
	int err;

	err = kstrtouint_from_user(ubuf, count, 0, &n);
	if (err)
		return err;
	err = vfnic_pf_mmio_bench(pf, n);
	return err ? err : count;
}

static const struct file_operations vfnic_pf_mmio_bench_fops = {
	.owner = THIS_MODULE,
	.open = vfnic_pf_mmio_bench_open,
	.read = seq_read,
	.write = vfnic_pf_mmio_bench_write,
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
	debugfs_create_file("mmio_bench", 0600, pf->dbg_dir, pf,
			    &vfnic_pf_mmio_bench_fops);
}

void vfnic_pf_debugfs_exit(struct vfnic_pf *pf)
{
	/* waits for readers and writers still inside the files */
	debugfs_remove_recursive(pf->dbg_dir);
	pf->dbg_dir = NULL;
}
