// SPDX-License-Identifier: MIT
// Type-0 configuration spaces of every function (docs/sriov.md): function 0 is the PF, function
// 1 + n is VF n. One implementation over functions 0..TotalVfs: the header, the PCI Express
// capability (v2 endpoint, FLR) and the MSI-X capability are decoded once for all functions;
// the PF adds its BARs, Power Management, Link Control, the ARI and the SR-IOV capabilities
// (a VF reads 0 there, or the fixed values of docs/sriov.md "VF config space").
//
// State: the bits every function has (Bus Master Enable, the Status error bits, Device Status,
// MSI-X Enable and Function Mask: 15 bits per function) are vectors written by function
// index; the PF's other registers are single registers. One DW access per cycle, to one
// function; rdata_o is combinational.
//
// Resets: a function's Initiate FLR resets that function's bits (flr_o names it; the caller
// resets the rest of the function). The PF's FLR resets every PF register except the link's
// and clears VF Enable; while VF Enable is clear every VF's bits are held at their reset
// values.
`default_nettype none

module vfnic_func_cfg #(
  parameter logic [15:0] VendorId        = vfnic_regs_pkg::VENDOR_ID,
  parameter logic [15:0] DeviceId        = vfnic_regs_pkg::PF_DEVICE_ID,
  parameter logic [15:0] SubsysVendorId  = vfnic_regs_pkg::SUBSYS_VENDOR_ID,
  parameter logic [15:0] SubsysId        = vfnic_regs_pkg::SUBSYS_ID,
  parameter logic [7:0]  RevisionId      = vfnic_regs_pkg::REVISION_ID,
  parameter logic [23:0] ClassCode       = vfnic_regs_pkg::CLASS_CODE,
  parameter int unsigned Bar0SizeLog2    = vfnic_regs_pkg::PF_BAR0_SIZE_LOG2,
  parameter int unsigned MsixBar         = 32'(vfnic_regs_pkg::PF_MSIX_BAR),
  parameter int unsigned MsixBarSizeLog2 = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2),
  parameter int unsigned MsixVectors     = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),
  parameter int unsigned TotalVfs        = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned VfMsixVectors   = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  parameter logic [15:0] VfDeviceId      = vfnic_regs_pkg::VF_DEVICE_ID,
  localparam int unsigned NumFuncs       = TotalVfs + 1,
  localparam int unsigned FuncW          = (NumFuncs > 1) ? $clog2(NumFuncs) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // Configuration access to function func_i: one DW, effective in the cycle req_i is high;
  // rdata_o is combinational. A function number beyond TotalVfs reads 0, writes nothing.
  input  logic                req_i,
  input  logic                we_i,
  input  logic [FuncW-1:0]    func_i,
  input  logic [9:0]          dw_addr_i,
  input  logic [3:0]          be_i,
  input  logic [31:0]         wdata_i,
  output logic [31:0]         rdata_o,

  // Every function's state used by the rest of the core (bit f: function f); VF bits are
  // held at 0 while VF Enable is clear
  output logic [NumFuncs-1:0] bus_master_en_o,
  output logic [NumFuncs-1:0] msix_en_o,
  output logic [NumFuncs-1:0] msix_func_mask_o,
  output logic                flr_o,             // pulse: Initiate FLR written ...
  output logic [FuncW-1:0]    flr_func_o,        // ... for this function

  // PF state used by the rest of the core
  output logic                mem_en_o,          // Command.Memory Space Enable
  output logic [63:0]         bar0_o,            // BAR0/1 base (bits below the size are 0)
  output logic [63:0]         msix_bar_o,        // MSI-X BAR base
  output logic                cto_disable_o,     // Device Control 2.Completion Timeout Disable
  output logic [15:0]         dev_ctl_o,         // Device Control (MPS, MRRS)

  // SR-IOV capability state
  output logic                vf_en_o,           // VF Enable
  output logic                vf_mse_o,          // VF Memory Space Enable
  output logic                ari_hier_o,        // ARI Capable Hierarchy
  output logic [15:0]         num_vfs_o,         // NumVFs (<= TotalVfs whenever vf_en_o is set)
  output logic [4:0]          vf_bar0_size_log2_o, // size of one VF's slice of VF BAR0
  output logic [4:0]          vf_bar2_size_log2_o, // ... and of VF BAR2
  output logic [63:0]         vf_bar0_o,         // VF BAR0 base (bits below the slice size are 0)
  output logic [63:0]         vf_bar2_o,         // VF BAR2 base

  // Events (one-cycle pulses): the PF received an unsupported request / a poisoned TLP
  input  logic                ur_i,
  input  logic                poisoned_i,
  // a DMA read of function ev_func_i completed poisoned, with UR, with CA
  input  logic [FuncW-1:0]    ev_func_i,
  input  logic                rx_poisoned_cpl_i,
  input  logic                rx_master_abort_i,
  input  logic                rx_target_abort_i,
  // live: function f has a read outstanding (Transactions Pending)
  input  logic [NumFuncs-1:0] trans_pending_i
);

  // ---- elaboration-time parameter checks ----
`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (Bar0SizeLog2 < 7 || Bar0SizeLog2 > 31) begin : gen_bar0_size_check
    $error("Bar0SizeLog2 must be 7..31");
  end
  if (MsixBarSizeLog2 < 7 || MsixBarSizeLog2 > 31) begin : gen_msix_bar_size_check
    $error("MsixBarSizeLog2 must be 7..31");
  end
  if (MsixBar != 2 && MsixBar != 4) begin : gen_msix_bar_check
    $error("MsixBar must be 2 or 4 (BAR0/1 is the register BAR)");
  end
  if (MsixVectors < 1 || MsixVectors > 2048) begin : gen_msix_vectors_check
    $error("MsixVectors must be 1..2048");
  end
  if (VfMsixVectors < 3 || VfMsixVectors > 2048) begin : gen_vf_vectors_check
    $error("VfMsixVectors must be 3..2048");
  end
  if (TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_total_vfs_check
    $error("TotalVfs must be 0..MAX_TOTAL_VFS");
  end
  if (vfnic_regs_pkg::CAP_ARI_OFFSET != vfnic_regs_pkg::EXT_CAP_OFFSET ||
      vfnic_regs_pkg::CAP_SRIOV_OFFSET < vfnic_regs_pkg::CAP_ARI_OFFSET + 12'h8 ||
      vfnic_regs_pkg::CAP_ARI_OFFSET[1:0] != 2'b00 ||
      vfnic_regs_pkg::CAP_SRIOV_OFFSET[1:0] != 2'b00 ||
      vfnic_regs_pkg::CAP_SRIOV_OFFSET + 12'h40 > 12'h400) begin : gen_ext_cap_layout_check
    $error("extended capability offsets: ARI first, then SR-IOV, aligned, below 0x400");
  end
  if (vfnic_regs_pkg::CAP_PCIE_OFFSET[1:0] != 2'b00 ||
      vfnic_regs_pkg::CAP_PM_OFFSET[1:0] != 2'b00 ||
      vfnic_regs_pkg::CAP_MSIX_OFFSET[1:0] != 2'b00 ||
      vfnic_regs_pkg::CAP_PM_OFFSET < vfnic_regs_pkg::CAP_PCIE_OFFSET + 12'h3C ||
      vfnic_regs_pkg::CAP_MSIX_OFFSET < vfnic_regs_pkg::CAP_PM_OFFSET + 12'h8 ||
      vfnic_regs_pkg::CAP_MSIX_OFFSET + 12'hC > 12'h100 ||
      vfnic_regs_pkg::CAP_PCIE_OFFSET < 12'h40) begin : gen_cap_layout_check
    $error("capability offsets overlap, are unaligned or leave the legacy 256-byte space");
  end
`endif

  // ---- register addresses (DW index) ----
  localparam logic [9:0] DwId       = 10'h000;
  localparam logic [9:0] DwCmdSts   = 10'h001;
  localparam logic [9:0] DwClassRev = 10'h002;
  localparam logic [9:0] DwHdrType  = 10'h003;
  localparam logic [9:0] DwBar0     = 10'h004;
  localparam logic [9:0] DwBar1     = 10'h005;
  localparam logic [9:0] DwMsixBarL = 10'h004 + 10'(MsixBar);
  localparam logic [9:0] DwMsixBarH = 10'h005 + 10'(MsixBar);
  localparam logic [9:0] DwSubsys   = 10'h00B;
  localparam logic [9:0] DwCapPtr   = 10'h00D;
  localparam logic [9:0] DwIntr     = 10'h00F;

  localparam logic [9:0] DwPcie  = {2'b00, vfnic_regs_pkg::CAP_PCIE_OFFSET[9:2]};
  localparam logic [9:0] DwPm    = {2'b00, vfnic_regs_pkg::CAP_PM_OFFSET[9:2]};
  localparam logic [9:0] DwMsix  = {2'b00, vfnic_regs_pkg::CAP_MSIX_OFFSET[9:2]};

  localparam logic [9:0] DwPcieCap     = DwPcie;
  localparam logic [9:0] DwDevCap      = DwPcie + 10'd1;
  localparam logic [9:0] DwDevCtlSts   = DwPcie + 10'd2;
  localparam logic [9:0] DwLinkCap     = DwPcie + 10'd3;
  localparam logic [9:0] DwLinkCtlSts  = DwPcie + 10'd4;
  localparam logic [9:0] DwDevCap2     = DwPcie + 10'd9;
  localparam logic [9:0] DwDevCtlSts2  = DwPcie + 10'd10;
  localparam logic [9:0] DwLinkCap2    = DwPcie + 10'd11;
  localparam logic [9:0] DwLinkCtlSts2 = DwPcie + 10'd12;
  localparam logic [9:0] DwPmCap       = DwPm;
  localparam logic [9:0] DwPmCsr       = DwPm + 10'd1;
  localparam logic [9:0] DwMsixCtl     = DwMsix;
  localparam logic [9:0] DwMsixTable   = DwMsix + 10'd1;
  localparam logic [9:0] DwMsixPba     = DwMsix + 10'd2;

  localparam logic [9:0] DwAri         = vfnic_regs_pkg::CAP_ARI_OFFSET[11:2];
  localparam logic [9:0] DwSriov       = vfnic_regs_pkg::CAP_SRIOV_OFFSET[11:2];
  localparam logic [9:0] DwSriovCap    = DwSriov + 10'd1;
  localparam logic [9:0] DwSriovCtl    = DwSriov + 10'd2;
  localparam logic [9:0] DwSriovTotal  = DwSriov + 10'd3;
  localparam logic [9:0] DwSriovNum    = DwSriov + 10'd4;
  localparam logic [9:0] DwSriovOffset = DwSriov + 10'd5;
  localparam logic [9:0] DwSriovDevId  = DwSriov + 10'd6;
  localparam logic [9:0] DwSriovPages  = DwSriov + 10'd7;
  localparam logic [9:0] DwSriovPage   = DwSriov + 10'd8;
  localparam logic [9:0] DwVfBar0      = DwSriov + 10'd9;
  localparam logic [9:0] DwVfBar1      = DwSriov + 10'd10;
  localparam logic [9:0] DwVfMsixBarL  = DwSriov + 10'd9 + 10'(vfnic_regs_pkg::VF_MSIX_BAR);
  localparam logic [9:0] DwVfMsixBarH  = DwSriov + 10'd10 + 10'(vfnic_regs_pkg::VF_MSIX_BAR);

  // ---- constant register contents ----
  // 64-bit non-prefetchable memory BAR: type bits 3:0 = 0100
  localparam logic [63:0] Bar0AddrMask = ~((64'd1 << Bar0SizeLog2) - 64'd1);
  localparam logic [63:0] MsixAddrMask = ~((64'd1 << MsixBarSizeLog2) - 64'd1);
  localparam logic [3:0]  BarType64    = 4'b0100;

  // Command: MSE 1, BME 2, Parity Error Response 6, SERR# Enable 8, INTx Disable 10; BME is a
  // per-function bit (a VF's only writable Command bit), the others the PF's
  localparam int unsigned CmdBme       = 2;
  localparam logic [15:0] PfCmdRwMask  = 16'h0542;
  // Status RW1C: Master Data Parity Error 8, Signaled/Received Target Abort 11/12, Received
  // Master Abort 13, Signaled System Error 14, Detected Parity Error 15 (stored: bits 15:8)
  localparam logic [7:0]  StsW1cMask = 8'hF9;
  localparam logic [15:0] StsCapList = 16'h0010;

  // PCIe Capabilities register: version 2, device/port type 0 (PCI Express endpoint)
  localparam logic [15:0] PcieCapReg = 16'h0002;
  // Device Capabilities: MPS supported 512 B (2), Extended Tag (bit 5), Role-Based Error
  // Reporting (bit 15), Function Level Reset (bit 28); no phantom functions (VFs: the same)
  localparam logic [31:0] DevCap = 32'h1000_8022;
  // Device Control: error reporting enables 3:0, Relaxed Ordering 4, MPS 7:5, Extended Tag 8,
  // No Snoop 11, MRRS 14:12. Reset: RO and No Snoop on, MPS 128 B, MRRS 512 B. A VF reads
  // the PF's (its fields are RsvdP or take the PF's values)
  localparam logic [15:0] DevCtlRwMask = 16'h79FF;
  localparam logic [15:0] DevCtlReset  = 16'h2810;
  // Device Status RW1C: Correctable 0, Non-Fatal 1, Fatal 2, Unsupported Request 3
  localparam logic [3:0]  DevStsW1cMask = 4'hF;
  // Link Capabilities: max speed 2.5 GT/s (1), width x1, no ASPM, ASPM Optionality
  // Compliance (bit 22), port number 0
  localparam logic [31:0] LinkCap = 32'h0040_0011;
  // Link Control: ASPM Control 1:0, Common Clock Configuration 6, Extended Synch 7
  localparam logic [15:0] LinkCtlRwMask = 16'h00C3;
  // Link Status: current speed 2.5 GT/s, negotiated width x1, Slot Clock Configuration 12
  localparam logic [15:0] LinkSts = 16'h1011;
  // Device Capabilities 2: no completion timeout ranges, Completion Timeout Disable supported
  localparam logic [31:0] DevCap2 = 32'h0000_0010;
  // Device Control 2: Completion Timeout Disable 4 (a VF reads the PF's)
  localparam logic [15:0] DevCtl2RwMask = 16'h0010;
  // Link Capabilities 2: supported link speeds vector = 2.5 GT/s
  localparam logic [31:0] LinkCap2 = 32'h0000_0002;
  // Link Control 2: Target Link Speed 3:0, reset to the highest supported speed
  localparam logic [15:0] LinkCtl2RwMask = 16'h000F;
  localparam logic [15:0] LinkCtl2Reset  = 16'h0001;

  // Power Management Capabilities (PF only): version 3, no PME, no D1/D2
  localparam logic [15:0] PmCapReg = 16'h0003;
  // PMCSR No_Soft_Reset (bit 3): D3hot -> D0 keeps the function's state
  localparam logic [15:0] PmcsrNoSoftReset = 16'h0008;

  localparam logic [10:0] PfTableSize = 11'(MsixVectors - 1);
  localparam logic [10:0] VfTableSize = 11'(VfMsixVectors - 1);
  localparam logic [31:0] PfMsixTableReg = {vfnic_regs_pkg::MSIX_TABLE_OFFSET[31:3], 3'(MsixBar)};
  localparam logic [31:0] PfMsixPbaReg   = {vfnic_regs_pkg::MSIX_PBA_OFFSET[31:3], 3'(MsixBar)};
  localparam logic [31:0] VfMsixTableReg =
      {vfnic_regs_pkg::MSIX_TABLE_OFFSET[31:3], 3'(vfnic_regs_pkg::VF_MSIX_BAR)};
  localparam logic [31:0] VfMsixPbaReg   =
      {vfnic_regs_pkg::MSIX_PBA_OFFSET[31:3], 3'(vfnic_regs_pkg::VF_MSIX_BAR)};

  // ARI v1: the PF's next capability is SR-IOV, a VF's list ends; ARI Capability register:
  // no MFVC/ACS groups, Next Function Number 0 (the PF is the only physical function)
  localparam logic [31:0] PfAriHdr = {vfnic_regs_pkg::CAP_SRIOV_OFFSET, 4'h1, 16'h000E};
  localparam logic [31:0] VfAriHdr = {12'h000, 4'h1, 16'h000E};
  localparam logic [31:0] SriovHdr = {12'h000, 4'h1, 16'h0010};
  localparam logic [15:0] TotalVfsReg = 16'(TotalVfs);
  localparam logic [31:0] SupportedPages = vfnic_regs_pkg::SRIOV_SUPPORTED_PAGE_SIZES;
  localparam int unsigned VfBar0NativeLog2 = vfnic_regs_pkg::VF_BAR0_SIZE_LOG2;
  localparam int unsigned VfBar2NativeLog2 = 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2);

  // ---- state of every function (bit or entry f: function f) ----
  logic [NumFuncs-1:0]      bme_q, bme_d;
  logic [NumFuncs-1:0][7:0] sts_q, sts_d;       // Status bits 15:8, RW1C bits only
  logic [NumFuncs-1:0][3:0] dev_sts_q, dev_sts_d;
  logic [NumFuncs-1:0]      msix_en_q, msix_en_d;
  logic [NumFuncs-1:0]      msix_fmask_q, msix_fmask_d;

  // ---- the PF's own registers ----
  logic [15:0] cmd_q, cmd_d;          // PfCmdRwMask bits (BME is bme_q[0])
  logic [7:0]  cache_line_q, cache_line_d;
  logic [7:0]  int_line_q, int_line_d;
  logic [63:0] bar0_q, bar0_d;
  logic [63:0] msix_bar_q, msix_bar_d;
  logic [15:0] dev_ctl_q, dev_ctl_d;
  logic [15:0] link_ctl_q, link_ctl_d;
  logic [15:0] dev_ctl2_q, dev_ctl2_d;
  logic [15:0] link_ctl2_q, link_ctl2_d;
  logic [1:0]  power_state_q, power_state_d;
  logic        vf_en_q, vf_en_d;
  logic        vf_mse_q, vf_mse_d;
  logic        ari_hier_q, ari_hier_d;
  logic [15:0] num_vfs_q, num_vfs_d;
  logic [31:0] page_q, page_d;         // System Page Size, one supported bit
  logic [63:0] vf_bar0_q, vf_bar0_d;   // stored unmasked; the slice size masks it on use
  logic [63:0] vf_bar2_q, vf_bar2_d;

  // ---- VF BAR slice size: max(native size, System Page Size) ----
  logic [4:0]  page_log2;
  logic [4:0]  vf_bar0_log2;
  logic [4:0]  vf_bar2_log2;
  logic [63:0] vf_bar0_mask;
  logic [63:0] vf_bar2_mask;
  logic [31:0] page_wr;

  always_comb begin
    page_log2 = 5'd12;
    for (int b = 0; b < 32; b++) begin  // the page size bits, not functions
      if (page_q[b]) begin
        page_log2 = 5'(12 + b);
      end
    end
  end
  assign vf_bar0_log2 = (page_log2 > 5'(VfBar0NativeLog2)) ? page_log2 : 5'(VfBar0NativeLog2);
  assign vf_bar2_log2 = (page_log2 > 5'(VfBar2NativeLog2)) ? page_log2 : 5'(VfBar2NativeLog2);
  assign vf_bar0_mask = ~((64'd1 << vf_bar0_log2) - 64'd1);
  assign vf_bar2_mask = ~((64'd1 << vf_bar2_log2) - 64'd1);

  // ---- the access ----
  logic             f_ok;     // func_i names an existing function
  logic [FuncW-1:0] f;
  logic             is_pf;
  logic             wr;
  logic [31:0]      wmask;

  assign f_ok  = 32'(func_i) < NumFuncs;
  assign f     = f_ok ? func_i : '0;
  assign is_pf = func_i == '0;
  assign wr    = req_i && we_i && f_ok;
  assign wmask = vfnic_tlp_pkg::be_mask(be_i);

  // Read-write bits under a mask: only enabled bytes of writable bits change
  function automatic logic [31:0] merge_rw(input logic [31:0] old, input logic [31:0] wdata,
                                           input logic [31:0] bytes, input logic [31:0] rw);
    merge_rw = (old & ~(bytes & rw)) | (wdata & bytes & rw);
  endfunction

  logic             flr;
  logic [FuncW-1:0] ev_f;
  assign ev_f = (32'(ev_func_i) < NumFuncs) ? ev_func_i : '0;

  always_comb begin
    logic [31:0] tmp;
    bme_d         = bme_q;
    sts_d         = sts_q;
    dev_sts_d     = dev_sts_q;
    msix_en_d     = msix_en_q;
    msix_fmask_d  = msix_fmask_q;
    cmd_d         = cmd_q;
    cache_line_d  = cache_line_q;
    int_line_d    = int_line_q;
    bar0_d        = bar0_q;
    msix_bar_d    = msix_bar_q;
    dev_ctl_d     = dev_ctl_q;
    link_ctl_d    = link_ctl_q;
    dev_ctl2_d    = dev_ctl2_q;
    link_ctl2_d   = link_ctl2_q;
    power_state_d = power_state_q;
    vf_en_d       = vf_en_q;
    vf_mse_d      = vf_mse_q;
    ari_hier_d    = ari_hier_q;
    num_vfs_d     = num_vfs_q;
    page_d        = page_q;
    vf_bar0_d     = vf_bar0_q;
    vf_bar2_d     = vf_bar2_q;
    flr           = 1'b0;
    tmp           = '0;
    page_wr       = merge_rw(page_q, wdata_i, wmask, 32'hFFFF_FFFF);

    // ---- writes: registers of every function ----
    if (wr) begin
      case (dw_addr_i)
        DwCmdSts: begin
          if (be_i[0]) begin
            bme_d[f] = wdata_i[CmdBme];
          end
          sts_d[f] = sts_q[f] & ~(wdata_i[31:24] & wmask[31:24] & StsW1cMask);
        end
        DwDevCtlSts: begin
          flr          = be_i[1] && wdata_i[15];  // Initiate Function Level Reset
          dev_sts_d[f] = dev_sts_q[f] & ~(wdata_i[19:16] & wmask[19:16] & DevStsW1cMask);
        end
        DwMsixCtl: begin
          if (be_i[3]) begin
            msix_en_d[f]    = wdata_i[31];
            msix_fmask_d[f] = wdata_i[30];
          end
        end
        default: ;
      endcase
    end

    // ---- writes: the PF's own registers ----
    if (wr && is_pf) begin
      case (dw_addr_i)
        DwCmdSts: begin
          tmp   = merge_rw({16'h0, cmd_q}, wdata_i, wmask, {16'h0, PfCmdRwMask});
          cmd_d = tmp[15:0];
        end
        DwHdrType: begin
          tmp          = merge_rw({24'h0, cache_line_q}, wdata_i, wmask, 32'h0000_00FF);
          cache_line_d = tmp[7:0];
        end
        DwBar0: begin
          tmp    = merge_rw(bar0_q[31:0], wdata_i, wmask, Bar0AddrMask[31:0]);
          bar0_d = {bar0_q[63:32], tmp};
        end
        DwBar1: begin
          tmp    = merge_rw(bar0_q[63:32], wdata_i, wmask, Bar0AddrMask[63:32]);
          bar0_d = {tmp, bar0_q[31:0]};
        end
        DwMsixBarL: begin
          tmp        = merge_rw(msix_bar_q[31:0], wdata_i, wmask, MsixAddrMask[31:0]);
          msix_bar_d = {msix_bar_q[63:32], tmp};
        end
        DwMsixBarH: begin
          tmp        = merge_rw(msix_bar_q[63:32], wdata_i, wmask, MsixAddrMask[63:32]);
          msix_bar_d = {tmp, msix_bar_q[31:0]};
        end
        DwIntr: begin
          tmp        = merge_rw({24'h0, int_line_q}, wdata_i, wmask, 32'h0000_00FF);
          int_line_d = tmp[7:0];
        end
        DwDevCtlSts: begin
          tmp       = merge_rw({16'h0, dev_ctl_q}, wdata_i, wmask, {16'h0, DevCtlRwMask});
          dev_ctl_d = tmp[15:0];
        end
        DwLinkCtlSts: begin
          tmp        = merge_rw({16'h0, link_ctl_q}, wdata_i, wmask, {16'h0, LinkCtlRwMask});
          link_ctl_d = tmp[15:0];
        end
        DwDevCtlSts2: begin
          tmp        = merge_rw({16'h0, dev_ctl2_q}, wdata_i, wmask, {16'h0, DevCtl2RwMask});
          dev_ctl2_d = tmp[15:0];
        end
        DwLinkCtlSts2: begin
          tmp         = merge_rw({16'h0, link_ctl2_q}, wdata_i, wmask, {16'h0, LinkCtl2RwMask});
          link_ctl2_d = tmp[15:0];
        end
        DwPmCsr: begin
          // only D0 and D3hot exist; a write of D1 or D2 leaves the state unchanged
          if (be_i[0] && (wdata_i[1:0] == 2'b00 || wdata_i[1:0] == 2'b11)) begin
            power_state_d = wdata_i[1:0];
          end
        end
        DwSriovCtl: begin
          if (be_i[0]) begin
            // VF Enable may not rise while NumVFs exceeds TotalVFs; the write is ignored
            if (!wdata_i[0] || vf_en_q || num_vfs_q <= TotalVfsReg) begin
              vf_en_d = wdata_i[0];
            end
            vf_mse_d   = wdata_i[3];
            ari_hier_d = wdata_i[4];
          end
        end
        DwSriovNum: begin
          if (!vf_en_q) begin  // NumVFs is locked while VFs are enabled
            tmp       = merge_rw({16'h0, num_vfs_q}, wdata_i, wmask, 32'h0000_FFFF);
            num_vfs_d = tmp[15:0];
          end
        end
        DwSriovPage: begin
          // exactly one supported page size, else the write is ignored
          if ($onehot(page_wr) && (page_wr & ~SupportedPages) == '0) begin
            page_d = page_wr;
          end
        end
        DwVfBar0:     vf_bar0_d = {vf_bar0_q[63:32],
                                   merge_rw(vf_bar0_q[31:0], wdata_i, wmask, 32'hFFFF_FFF0)};
        DwVfBar1:     vf_bar0_d = {merge_rw(vf_bar0_q[63:32], wdata_i, wmask, '1),
                                   vf_bar0_q[31:0]};
        DwVfMsixBarL: vf_bar2_d = {vf_bar2_q[63:32],
                                   merge_rw(vf_bar2_q[31:0], wdata_i, wmask, 32'hFFFF_FFF0)};
        DwVfMsixBarH: vf_bar2_d = {merge_rw(vf_bar2_q[63:32], wdata_i, wmask, '1),
                                   vf_bar2_q[31:0]};
        default: ;  // read-only or unimplemented: writes ignored
      endcase
    end

    // ---- hardware-set status bits; a set in the same cycle as a software clear wins ----
    // a DMA read of function ev_f: Master Data Parity Error (8) under Parity Error Response
    // (the PF's; RsvdP 0 for a VF), Received Target Abort (12), Master Abort (13), Detected
    // Parity Error (15)
    sts_d[ev_f] = sts_d[ev_f] | {rx_poisoned_cpl_i, 1'b0, rx_master_abort_i, rx_target_abort_i,
                                 3'b000, rx_poisoned_cpl_i && ev_f == '0 && cmd_q[6]};
    if (poisoned_i) begin
      sts_d[0][7] = 1'b1;
    end
    if (ur_i) begin
      dev_sts_d[0][3] = 1'b1;
    end

    // ---- Function Level Reset of function f ----
    if (flr) begin
      bme_d[f]        = 1'b0;
      sts_d[f]        = '0;
      dev_sts_d[f]    = '0;
      msix_en_d[f]    = 1'b0;
      msix_fmask_d[f] = 1'b0;
    end
    // the PF's: every PF register back to its reset value except the link's (Link Control
    // and Link Control 2 belong to the link, not the function); VF Enable clears
    if (flr && is_pf) begin
      cmd_d         = '0;
      cache_line_d  = '0;
      int_line_d    = '0;
      bar0_d        = '0;
      msix_bar_d    = '0;
      dev_ctl_d     = DevCtlReset;
      dev_ctl2_d    = '0;
      power_state_d = 2'b00;
      vf_en_d       = 1'b0;
      vf_mse_d      = 1'b0;
      ari_hier_d    = 1'b0;
      num_vfs_d     = '0;
      page_d        = 32'h1;
      vf_bar0_d     = '0;
      vf_bar2_d     = '0;
    end
    // every VF is held in reset while VF Enable is clear
    if (!vf_en_q) begin
      for (int v = 1; v < NumFuncs; v++) begin
        bme_d[v]        = 1'b0;
        sts_d[v]        = '0;
        dev_sts_d[v]    = '0;
        msix_en_d[v]    = 1'b0;
        msix_fmask_d[v] = 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bme_q         <= '0;
      sts_q         <= '0;
      dev_sts_q     <= '0;
      msix_en_q     <= '0;
      msix_fmask_q  <= '0;
      cmd_q         <= '0;
      cache_line_q  <= '0;
      int_line_q    <= '0;
      bar0_q        <= '0;
      msix_bar_q    <= '0;
      dev_ctl_q     <= DevCtlReset;
      link_ctl_q    <= '0;
      dev_ctl2_q    <= '0;
      link_ctl2_q   <= LinkCtl2Reset;
      power_state_q <= 2'b00;
      vf_en_q       <= 1'b0;
      vf_mse_q      <= 1'b0;
      ari_hier_q    <= 1'b0;
      num_vfs_q     <= '0;
      page_q        <= 32'h1;  // 4 KiB
      vf_bar0_q     <= '0;
      vf_bar2_q     <= '0;
    end else begin
      bme_q         <= bme_d;
      sts_q         <= sts_d;
      dev_sts_q     <= dev_sts_d;
      msix_en_q     <= msix_en_d;
      msix_fmask_q  <= msix_fmask_d;
      cmd_q         <= cmd_d;
      cache_line_q  <= cache_line_d;
      int_line_q    <= int_line_d;
      bar0_q        <= bar0_d;
      msix_bar_q    <= msix_bar_d;
      dev_ctl_q     <= dev_ctl_d;
      link_ctl_q    <= link_ctl_d;
      dev_ctl2_q    <= dev_ctl2_d;
      link_ctl2_q   <= link_ctl2_d;
      power_state_q <= power_state_d;
      vf_en_q       <= vf_en_d;
      vf_mse_q      <= vf_mse_d;
      ari_hier_q    <= ari_hier_d;
      num_vfs_q     <= num_vfs_d;
      page_q        <= page_d;
      vf_bar0_q     <= vf_bar0_d;
      vf_bar2_q     <= vf_bar2_d;
    end
  end

  // ---- read mux ----
  logic [15:0] cmd_rd;  // Command as function f reads it
  assign cmd_rd = (is_pf ? cmd_q : 16'h0) | (16'(bme_q[f]) << CmdBme);

  always_comb begin
    rdata_o = '0;  // unimplemented registers (and a VF's PF-only registers) read 0
    // registers of every function
    case (dw_addr_i)
      DwId:          rdata_o = is_pf ? {DeviceId, VendorId} : 32'hFFFF_FFFF;
      DwCmdSts:      rdata_o = {{sts_q[f], 8'h00} | StsCapList, cmd_rd};
      DwClassRev:    rdata_o = {ClassCode, RevisionId};
      DwSubsys:      rdata_o = {SubsysId, SubsysVendorId};
      DwCapPtr:      rdata_o = {24'h0, vfnic_regs_pkg::CAP_PCIE_OFFSET[7:0]};
      // a VF has no Power Management capability: its PCIe capability links to MSI-X
      DwPcieCap:     rdata_o = {PcieCapReg, is_pf ? vfnic_regs_pkg::CAP_PM_OFFSET[7:0]
                                                  : vfnic_regs_pkg::CAP_MSIX_OFFSET[7:0], 8'h10};
      DwDevCap:      rdata_o = DevCap;
      DwDevCtlSts:   rdata_o = {10'h0, trans_pending_i[f], 1'b0, dev_sts_q[f], dev_ctl_q};
      DwLinkCap:     rdata_o = LinkCap;
      DwLinkCtlSts:  rdata_o = {LinkSts, is_pf ? link_ctl_q : 16'h0};
      DwDevCap2:     rdata_o = DevCap2;
      DwDevCtlSts2:  rdata_o = {16'h0, dev_ctl2_q};
      DwLinkCap2:    rdata_o = LinkCap2;
      DwMsixCtl:     rdata_o = {msix_en_q[f], msix_fmask_q[f], 3'b000,
                                is_pf ? PfTableSize : VfTableSize, 8'h00, 8'h11};
      DwMsixTable:   rdata_o = is_pf ? PfMsixTableReg : VfMsixTableReg;
      DwMsixPba:     rdata_o = is_pf ? PfMsixPbaReg : VfMsixPbaReg;
      DwAri:         rdata_o = is_pf ? PfAriHdr : VfAriHdr;
      default: ;
    endcase
    // the PF's own registers
    if (is_pf) begin
      case (dw_addr_i)
        DwHdrType:     rdata_o = {8'h00, 8'h00, 8'h00, cache_line_q};  // BIST, type 0, latency
        DwBar0:        rdata_o = {bar0_q[31:4], BarType64};
        DwBar1:        rdata_o = bar0_q[63:32];
        DwMsixBarL:    rdata_o = {msix_bar_q[31:4], BarType64};
        DwMsixBarH:    rdata_o = msix_bar_q[63:32];
        DwIntr:        rdata_o = {8'h00, 8'h00, 8'h00, int_line_q};  // no INTx pin
        DwLinkCtlSts2: rdata_o = {16'h0, link_ctl2_q};
        DwPmCap:       rdata_o = {PmCapReg, vfnic_regs_pkg::CAP_MSIX_OFFSET[7:0], 8'h01};
        DwPmCsr:       rdata_o = {16'h0, PmcsrNoSoftReset | {14'h0, power_state_q}};
        DwSriov:       rdata_o = SriovHdr;
        DwSriovCap:    rdata_o = 32'h0;  // no VF Migration; ARI Capable Hierarchy not preserved
        DwSriovCtl:    rdata_o = {16'h0, 11'h0, ari_hier_q, vf_mse_q, 2'b00, vf_en_q};
        DwSriovTotal:  rdata_o = {TotalVfsReg, TotalVfsReg};  // TotalVFs, InitialVFs
        DwSriovNum:    rdata_o = {16'h0, num_vfs_q};          // Function Dependency Link 0
        DwSriovOffset: rdata_o = {vfnic_regs_pkg::VF_STRIDE, vfnic_regs_pkg::FIRST_VF_OFFSET};
        DwSriovDevId:  rdata_o = {VfDeviceId, 16'h0};
        DwSriovPages:  rdata_o = SupportedPages;
        DwSriovPage:   rdata_o = page_q;
        DwVfBar0:      rdata_o = {vf_bar0_q[31:4] & vf_bar0_mask[31:4], BarType64};
        DwVfBar1:      rdata_o = vf_bar0_q[63:32] & vf_bar0_mask[63:32];
        DwVfMsixBarL:  rdata_o = {vf_bar2_q[31:4] & vf_bar2_mask[31:4], BarType64};
        DwVfMsixBarH:  rdata_o = vf_bar2_q[63:32] & vf_bar2_mask[63:32];
        default: ;
      endcase
    end
    if (!f_ok) begin
      rdata_o = '0;
    end
  end

  assign bus_master_en_o  = bme_q;
  assign msix_en_o        = msix_en_q;
  assign msix_func_mask_o = msix_fmask_q;
  assign flr_o            = flr;
  assign flr_func_o       = f;
  assign mem_en_o         = cmd_q[1];
  assign bar0_o           = bar0_q;
  assign msix_bar_o       = msix_bar_q;
  assign cto_disable_o    = dev_ctl2_q[4];
  assign dev_ctl_o        = dev_ctl_q;
  assign vf_en_o          = vf_en_q;
  assign vf_mse_o         = vf_mse_q;
  assign ari_hier_o       = ari_hier_q;
  assign num_vfs_o        = num_vfs_q;
  assign vf_bar0_size_log2_o = vf_bar0_log2;
  assign vf_bar2_size_log2_o = vf_bar2_log2;
  assign vf_bar0_o        = vf_bar0_q & vf_bar0_mask;
  assign vf_bar2_o        = vf_bar2_q & vf_bar2_mask;

endmodule

`default_nettype wire
