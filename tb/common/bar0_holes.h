/* SPDX-License-Identifier: MIT */
/*
 * Ranges of the PF's BAR0 with no register at all (docs/datapath.md "PF BAR0 layout"; the
 * mailbox window 0x0400 is the VFs'), for tests that need holes: the transport harness
 * (C) and the core testbench (C++). [start, end) in bytes, DW aligned.
 */
#ifndef VFNIC_TB_BAR0_HOLES_H
#define VFNIC_TB_BAR0_HOLES_H

static const unsigned vfnic_tb_bar0_holes[][2] = {
	{ 0x0200, 0x0800 }, { 0x0c00, 0x1000 }, { 0x1400, 0x1800 },
	{ 0x1c00, 0x2000 }, { 0x8800, 0x9000 }, { 0xc000, 0x10000 },
};
#define VFNIC_TB_BAR0_NHOLES (sizeof(vfnic_tb_bar0_holes) / sizeof(vfnic_tb_bar0_holes[0]))

#endif
