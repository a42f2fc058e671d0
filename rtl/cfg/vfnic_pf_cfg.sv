// SPDX-License-Identifier: MIT
// Type-0 configuration space of the physical function: header, PCI Express (v2 endpoint, FLR),
// Power Management and MSI-X capabilities, and the ARI and SR-IOV extended capabilities
// (docs/sriov.md). One DW access per cycle.
`default_nettype none

module vfnic_pf_cfg #(
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
  parameter logic [15:0] VfDeviceId      = vfnic_regs_pkg::VF_DEVICE_ID
) (
  input  logic        clk_i,
  input  logic        rst_ni,

  // Configuration access: one DW, effective in the cycle req_i is high; rdata_o is combinational
  input  logic        req_i,
  input  logic        we_i,
  input  logic [9:0]  dw_addr_i,
  input  logic [3:0]  be_i,
  input  logic [31:0] wdata_i,
  output logic [31:0] rdata_o,

  // Function state used by the rest of the core
  output logic        mem_en_o,          // Command.Memory Space Enable
  output logic        bus_master_en_o,   // Command.Bus Master Enable
  output logic [63:0] bar0_o,            // BAR0/1 base (address bits below the size are 0)
  output logic [63:0] msix_bar_o,        // MSI-X BAR base
  output logic        msix_en_o,
  output logic        msix_func_mask_o,
  output logic        cto_disable_o,     // Device Control 2.Completion Timeout Disable
  output logic [15:0] dev_ctl_o,         // Device Control (VFs read their RsvdP fields here)
  output logic [15:0] dev_ctl2_o,        // Device Control 2 (likewise)
  output logic        flr_o,             // pulse: Initiate Function Level Reset written

  // SR-IOV capability state
  output logic        vf_en_o,           // VF Enable
  output logic        vf_mse_o,          // VF Memory Space Enable
  output logic        ari_hier_o,        // ARI Capable Hierarchy
  output logic [15:0] num_vfs_o,         // NumVFs (<= TotalVfs whenever vf_en_o is set)
  output logic [4:0]  vf_bar0_size_log2_o, // size of one VF's slice of VF BAR0
  output logic [4:0]  vf_bar2_size_log2_o, // ... and of VF BAR2
  output logic [63:0] vf_bar0_o,         // VF BAR0 base (bits below the slice size are 0)
  output logic [63:0] vf_bar2_o,         // VF BAR2 base

  // Error and status events of this function (one-cycle pulses) and live status
  input  logic        ur_i,              // received an unsupported request
  input  logic        poisoned_i,        // received a poisoned TLP
  input  logic        rx_poisoned_cpl_i, // a read of ours completed with poisoned data
  input  logic        rx_master_abort_i, // a read of ours completed with UR
  input  logic        rx_target_abort_i, // a read of ours completed with CA
  input  logic        trans_pending_i    // a read of ours is outstanding
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

  // Command: MSE 1, BME 2, Parity Error Response 6, SERR# Enable 8, INTx Disable 10
  localparam logic [15:0] CmdRwMask = 16'h0546;
  // Status RW1C: Master Data Parity Error 8, Signaled/Received Target Abort 11/12,
  // Received Master Abort 13, Signaled System Error 14, Detected Parity Error 15
  localparam logic [15:0] StsW1cMask = 16'hF900;
  localparam logic [15:0] StsCapList = 16'h0010;

  // PCIe Capabilities register: version 2, device/port type 0 (PCI Express endpoint)
  localparam logic [15:0] PcieCapReg = 16'h0002;
  // Device Capabilities: MPS supported 512 B (2), Extended Tag (bit 5), Role-Based Error
  // Reporting (bit 15), Function Level Reset (bit 28); no phantom functions
  localparam logic [31:0] DevCap = 32'h1000_8022;
  // Device Control: error reporting enables 3:0, Relaxed Ordering 4, MPS 7:5, Extended Tag 8,
  // No Snoop 11, MRRS 14:12. Reset: RO and No Snoop on, MPS 128 B, MRRS 512 B
  localparam logic [15:0] DevCtlRwMask = 16'h79FF;
  localparam logic [15:0] DevCtlReset  = 16'h2810;
  // Device Status RW1C: Correctable 0, Non-Fatal 1, Fatal 2, Unsupported Request 3
  localparam logic [15:0] DevStsW1cMask = 16'h000F;
  // Link Capabilities: max speed 2.5 GT/s (1), width x1, no ASPM, ASPM Optionality
  // Compliance (bit 22), port number 0
  localparam logic [31:0] LinkCap = 32'h0040_0011;
  // Link Control: ASPM Control 1:0, Common Clock Configuration 6, Extended Synch 7
  localparam logic [15:0] LinkCtlRwMask = 16'h00C3;
  // Link Status: current speed 2.5 GT/s, negotiated width x1, Slot Clock Configuration 12
  localparam logic [15:0] LinkSts = 16'h1011;
  // Device Capabilities 2: no completion timeout ranges, Completion Timeout Disable supported
  localparam logic [31:0] DevCap2 = 32'h0000_0010;
  // Device Control 2: Completion Timeout Disable 4
  localparam logic [15:0] DevCtl2RwMask = 16'h0010;
  // Link Capabilities 2: supported link speeds vector = 2.5 GT/s
  localparam logic [31:0] LinkCap2 = 32'h0000_0002;
  // Link Control 2: Target Link Speed 3:0, reset to the highest supported speed
  localparam logic [15:0] LinkCtl2RwMask = 16'h000F;
  localparam logic [15:0] LinkCtl2Reset  = 16'h0001;

  // Power Management Capabilities: version 3, no PME, no D1/D2
  localparam logic [15:0] PmCapReg = 16'h0003;
  // PMCSR No_Soft_Reset (bit 3): D3hot -> D0 keeps the function's state
  localparam logic [15:0] PmcsrNoSoftReset = 16'h0008;

  localparam logic [10:0] MsixTableSize = 11'(MsixVectors - 1);
  localparam logic [31:0] MsixTableReg =
      {vfnic_regs_pkg::MSIX_TABLE_OFFSET[31:3], 3'(MsixBar)};
  localparam logic [31:0] MsixPbaReg =
      {vfnic_regs_pkg::MSIX_PBA_OFFSET[31:3], 3'(MsixBar)};

  // ARI: version 1, next = SR-IOV; ARI Capability register: no MFVC/ACS groups, Next
  // Function Number 0 (the PF is the only physical function)
  localparam logic [31:0] AriHdr = {vfnic_regs_pkg::CAP_SRIOV_OFFSET, 4'h1, 16'h000E};
  localparam logic [31:0] SriovHdr = {12'h000, 4'h1, 16'h0010};
  localparam logic [15:0] TotalVfsReg = 16'(TotalVfs);
  localparam logic [31:0] SupportedPages = vfnic_regs_pkg::SRIOV_SUPPORTED_PAGE_SIZES;
  localparam int unsigned VfBar0NativeLog2 = vfnic_regs_pkg::VF_BAR0_SIZE_LOG2;
  localparam int unsigned VfBar2NativeLog2 = 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2);

  // ---- state ----
  logic [15:0] cmd_q, cmd_d;
  logic [15:0] sts_q, sts_d;         // RW1C bits only
  logic [7:0]  cache_line_q, cache_line_d;
  logic [7:0]  int_line_q, int_line_d;
  logic [63:0] bar0_q, bar0_d;
  logic [63:0] msix_bar_q, msix_bar_d;
  logic [15:0] dev_ctl_q, dev_ctl_d;
  logic [3:0]  dev_sts_q, dev_sts_d;  // RW1C bits only
  logic [15:0] link_ctl_q, link_ctl_d;
  logic [15:0] dev_ctl2_q, dev_ctl2_d;
  logic [15:0] link_ctl2_q, link_ctl2_d;
  logic [1:0]  power_state_q, power_state_d;
  logic        msix_en_q, msix_en_d;
  logic        msix_fmask_q, msix_fmask_d;
  logic        vf_en_q, vf_en_d;
  logic        vf_mse_q, vf_mse_d;
  logic        ari_hier_q, ari_hier_d;
  logic [15:0] num_vfs_q, num_vfs_d;
  logic [31:0] page_q, page_d;         // System Page Size, one supported bit
  logic [63:0] vf_bar0_q, vf_bar0_d;   // stored unmasked; the slice size masks it on use
  logic [63:0] vf_bar2_q, vf_bar2_d;
  logic        flr;

  // ---- VF BAR slice size: max(native size, System Page Size) ----
  logic [4:0]  page_log2;
  logic [4:0]  vf_bar0_log2;
  logic [4:0]  vf_bar2_log2;
  logic [63:0] vf_bar0_mask;
  logic [63:0] vf_bar2_mask;
  logic [31:0] page_wr;

  always_comb begin
    page_log2 = 5'd12;
    for (int b = 0; b < 32; b++) begin
      if (page_q[b]) begin
        page_log2 = 5'(12 + b);
      end
    end
  end
  assign vf_bar0_log2 = (page_log2 > 5'(VfBar0NativeLog2)) ? page_log2 : 5'(VfBar0NativeLog2);
  assign vf_bar2_log2 = (page_log2 > 5'(VfBar2NativeLog2)) ? page_log2 : 5'(VfBar2NativeLog2);
  assign vf_bar0_mask = ~((64'd1 << vf_bar0_log2) - 64'd1);
  assign vf_bar2_mask = ~((64'd1 << vf_bar2_log2) - 64'd1);

  logic        wr;
  logic [31:0] wmask;

  assign wr    = req_i & we_i;
  assign wmask = vfnic_tlp_pkg::be_mask(be_i);

  // Read-write bits under a mask: only enabled bytes of writable bits change
  function automatic logic [31:0] merge_rw(input logic [31:0] old, input logic [31:0] wdata,
                                           input logic [31:0] bytes, input logic [31:0] rw);
    merge_rw = (old & ~(bytes & rw)) | (wdata & bytes & rw);
  endfunction

  // Write-one-to-clear bits under a mask
  function automatic logic [31:0] clear_w1c(input logic [31:0] old, input logic [31:0] wdata,
                                            input logic [31:0] bytes, input logic [31:0] w1c);
    clear_w1c = old & ~(wdata & bytes & w1c);
  endfunction

  always_comb begin
    logic [31:0] tmp;
    cmd_d         = cmd_q;
    sts_d         = sts_q;
    cache_line_d  = cache_line_q;
    int_line_d    = int_line_q;
    bar0_d        = bar0_q;
    msix_bar_d    = msix_bar_q;
    dev_ctl_d     = dev_ctl_q;
    dev_sts_d     = dev_sts_q;
    link_ctl_d    = link_ctl_q;
    dev_ctl2_d    = dev_ctl2_q;
    link_ctl2_d   = link_ctl2_q;
    power_state_d = power_state_q;
    msix_en_d     = msix_en_q;
    msix_fmask_d  = msix_fmask_q;
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

    if (wr) begin
      case (dw_addr_i)
        DwCmdSts: begin
          tmp   = merge_rw({16'h0, cmd_q}, wdata_i, wmask, {16'h0, CmdRwMask});
          cmd_d = tmp[15:0];
          tmp   = clear_w1c({sts_q, 16'h0}, wdata_i, wmask, {StsW1cMask, 16'h0});
          sts_d = tmp[31:16];
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
          flr       = be_i[1] && wdata_i[15];  // Initiate Function Level Reset
          tmp       = clear_w1c({12'h0, dev_sts_q, 16'h0}, wdata_i, wmask, {DevStsW1cMask, 16'h0});
          dev_sts_d = tmp[19:16];
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
        DwMsixCtl: begin
          if (be_i[3]) begin
            msix_en_d    = wdata_i[31];
            msix_fmask_d = wdata_i[30];
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

    // Hardware-set status bits; a set in the same cycle as a software clear wins
    if (rx_poisoned_cpl_i && cmd_q[6]) begin
      sts_d[8] = 1'b1;
    end
    if (rx_target_abort_i) begin
      sts_d[12] = 1'b1;
    end
    if (rx_master_abort_i) begin
      sts_d[13] = 1'b1;
    end
    if (poisoned_i || rx_poisoned_cpl_i) begin
      sts_d[15] = 1'b1;
    end
    if (ur_i) begin
      dev_sts_d[3] = 1'b1;
    end

    // Function Level Reset: every register back to its reset value except the link's
    // (Link Control and Link Control 2 belong to the link, not the function). Clearing VF
    // Enable here resets every VF (docs/sriov.md).
    if (flr) begin
      cmd_d         = '0;
      sts_d         = '0;
      cache_line_d  = '0;
      int_line_d    = '0;
      bar0_d        = '0;
      msix_bar_d    = '0;
      dev_ctl_d     = DevCtlReset;
      dev_sts_d     = '0;
      dev_ctl2_d    = '0;
      power_state_d = 2'b00;
      msix_en_d     = 1'b0;
      msix_fmask_d  = 1'b0;
      vf_en_d       = 1'b0;
      vf_mse_d      = 1'b0;
      ari_hier_d    = 1'b0;
      num_vfs_d     = '0;
      page_d        = 32'h1;
      vf_bar0_d     = '0;
      vf_bar2_d     = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cmd_q         <= '0;
      sts_q         <= '0;
      cache_line_q  <= '0;
      int_line_q    <= '0;
      bar0_q        <= '0;
      msix_bar_q    <= '0;
      dev_ctl_q     <= DevCtlReset;
      dev_sts_q     <= '0;
      link_ctl_q    <= '0;
      dev_ctl2_q    <= '0;
      link_ctl2_q   <= LinkCtl2Reset;
      power_state_q <= 2'b00;
      msix_en_q     <= 1'b0;
      msix_fmask_q  <= 1'b0;
      vf_en_q       <= 1'b0;
      vf_mse_q      <= 1'b0;
      ari_hier_q    <= 1'b0;
      num_vfs_q     <= '0;
      page_q        <= 32'h1;  // 4 KiB
      vf_bar0_q     <= '0;
      vf_bar2_q     <= '0;
    end else begin
      cmd_q         <= cmd_d;
      sts_q         <= sts_d;
      cache_line_q  <= cache_line_d;
      int_line_q    <= int_line_d;
      bar0_q        <= bar0_d;
      msix_bar_q    <= msix_bar_d;
      dev_ctl_q     <= dev_ctl_d;
      dev_sts_q     <= dev_sts_d;
      link_ctl_q    <= link_ctl_d;
      dev_ctl2_q    <= dev_ctl2_d;
      link_ctl2_q   <= link_ctl2_d;
      power_state_q <= power_state_d;
      msix_en_q     <= msix_en_d;
      msix_fmask_q  <= msix_fmask_d;
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
  always_comb begin
    rdata_o = '0;  // unimplemented registers read 0
    case (dw_addr_i)
      DwId:       rdata_o = {DeviceId, VendorId};
      DwCmdSts:   rdata_o = {sts_q | StsCapList, cmd_q};
      DwClassRev: rdata_o = {ClassCode, RevisionId};
      DwHdrType:  rdata_o = {8'h00, 8'h00, 8'h00, cache_line_q};  // BIST, type 0, latency timer
      DwBar0:     rdata_o = {bar0_q[31:4], BarType64};
      DwBar1:     rdata_o = bar0_q[63:32];
      DwMsixBarL: rdata_o = {msix_bar_q[31:4], BarType64};
      DwMsixBarH: rdata_o = msix_bar_q[63:32];
      DwSubsys:   rdata_o = {SubsysId, SubsysVendorId};
      DwCapPtr:   rdata_o = {24'h0, vfnic_regs_pkg::CAP_PCIE_OFFSET[7:0]};
      DwIntr:     rdata_o = {8'h00, 8'h00, 8'h00, int_line_q};  // Max_Lat, Min_Gnt, no INTx pin

      DwPcieCap:     rdata_o = {PcieCapReg, vfnic_regs_pkg::CAP_PM_OFFSET[7:0], 8'h10};
      DwDevCap:      rdata_o = DevCap;
      DwDevCtlSts:   rdata_o = {10'h0, trans_pending_i, 1'b0, dev_sts_q, dev_ctl_q};
      DwLinkCap:     rdata_o = LinkCap;
      DwLinkCtlSts:  rdata_o = {LinkSts, link_ctl_q};
      DwDevCap2:     rdata_o = DevCap2;
      DwDevCtlSts2:  rdata_o = {16'h0, dev_ctl2_q};
      DwLinkCap2:    rdata_o = LinkCap2;
      DwLinkCtlSts2: rdata_o = {16'h0, link_ctl2_q};

      DwPmCap:  rdata_o = {PmCapReg, vfnic_regs_pkg::CAP_MSIX_OFFSET[7:0], 8'h01};
      DwPmCsr:  rdata_o = {16'h0, PmcsrNoSoftReset | {14'h0, power_state_q}};

      DwMsixCtl:   rdata_o = {msix_en_q, msix_fmask_q, 3'b000, MsixTableSize, 8'h00, 8'h11};
      DwMsixTable: rdata_o = MsixTableReg;
      DwMsixPba:   rdata_o = MsixPbaReg;

      DwAri:         rdata_o = AriHdr;
      DwSriov:       rdata_o = SriovHdr;
      DwSriovCap:    rdata_o = 32'h0;  // no VF Migration, ARI Capable Hierarchy not preserved
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

  assign mem_en_o         = cmd_q[1];
  assign bus_master_en_o  = cmd_q[2];
  assign bar0_o           = bar0_q;
  assign msix_bar_o       = msix_bar_q;
  assign msix_en_o        = msix_en_q;
  assign msix_func_mask_o = msix_fmask_q;
  assign cto_disable_o    = dev_ctl2_q[4];
  assign dev_ctl_o        = dev_ctl_q;
  assign dev_ctl2_o       = dev_ctl2_q;
  assign flr_o            = flr;
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
