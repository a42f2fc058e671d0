// SPDX-License-Identifier: MIT
// Type-0 configuration spaces of all virtual functions (docs/sriov.md, "VF config space"):
// header with IDs 0xFFFF and no BARs, PCI Express capability (FLR), MSI-X, ARI. The few bits
// of state each VF has live in small per-VF vectors; one DW access per cycle, to one VF.
`default_nettype none

module vfnic_vf_cfg #(
  parameter int unsigned TotalVfs       = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned VfMsixVectors  = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  parameter logic [15:0] SubsysVendorId = vfnic_regs_pkg::SUBSYS_VENDOR_ID,
  parameter logic [15:0] SubsysId       = vfnic_regs_pkg::SUBSYS_ID,
  parameter logic [7:0]  RevisionId     = vfnic_regs_pkg::REVISION_ID,
  parameter logic [23:0] ClassCode      = vfnic_regs_pkg::CLASS_CODE,
  // at least one slot, so that TotalVfs = 0 still elaborates (nothing then reaches it)
  localparam int unsigned Slots         = (TotalVfs > 0) ? TotalVfs : 1,
  localparam int unsigned IdxWidth      = (Slots > 1) ? $clog2(Slots) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // Configuration access to VF vf_i: one DW, effective while req_i is high; rdata_o is
  // combinational. The caller only addresses existing VFs.
  input  logic                req_i,
  input  logic                we_i,
  input  logic [IdxWidth-1:0] vf_i,
  input  logic [9:0]          dw_addr_i,
  input  logic [3:0]          be_i,
  input  logic [31:0]         wdata_i,
  output logic [31:0]         rdata_o,

  // PF fields that VFs read in their RsvdP places
  input  logic [15:0]         pf_dev_ctl_i,
  input  logic [15:0]         pf_dev_ctl2_i,

  // clear_all_i resets every VF (VF Enable cleared); flr_o pulses when software writes a VF's
  // Initiate FLR (that VF's config state is reset here, the rest by the caller)
  input  logic                clear_all_i,
  output logic                flr_o,
  output logic [IdxWidth-1:0] flr_vf_o,

  // per-VF state used by the rest of the core
  output logic [Slots-1:0]    bus_master_en_o,
  output logic [Slots-1:0]    msix_en_o,
  output logic [Slots-1:0]    msix_func_mask_o,

  // events of one VF's DMA (one-cycle pulses for ev_vf_i) and live Transactions Pending
  input  logic                ev_valid_i,
  input  logic [IdxWidth-1:0] ev_vf_i,
  input  logic                rx_poisoned_cpl_i,
  input  logic                rx_master_abort_i,
  input  logic                rx_target_abort_i,
  input  logic [Slots-1:0]    trans_pending_i
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_total_vfs_check
    $error("TotalVfs must be 0..MAX_TOTAL_VFS");
  end
  if (VfMsixVectors < 3 || VfMsixVectors > 2048) begin : gen_vectors_check
    $error("VfMsixVectors must be 3..2048");
  end
`endif

  // ---- register addresses (DW index) ----
  localparam logic [9:0] DwId       = 10'h000;
  localparam logic [9:0] DwCmdSts   = 10'h001;
  localparam logic [9:0] DwClassRev = 10'h002;
  localparam logic [9:0] DwSubsys   = 10'h00B;
  localparam logic [9:0] DwCapPtr   = 10'h00D;
  localparam logic [9:0] DwPcie     = {2'b00, vfnic_regs_pkg::CAP_PCIE_OFFSET[9:2]};
  localparam logic [9:0] DwDevCap   = DwPcie + 10'd1;
  localparam logic [9:0] DwDevCtl   = DwPcie + 10'd2;
  localparam logic [9:0] DwLinkCap  = DwPcie + 10'd3;
  localparam logic [9:0] DwLinkCtl  = DwPcie + 10'd4;
  localparam logic [9:0] DwDevCap2  = DwPcie + 10'd9;
  localparam logic [9:0] DwDevCtl2  = DwPcie + 10'd10;
  localparam logic [9:0] DwLinkCap2 = DwPcie + 10'd11;
  localparam logic [9:0] DwLinkCtl2 = DwPcie + 10'd12;
  localparam logic [9:0] DwMsix     = {2'b00, vfnic_regs_pkg::CAP_MSIX_OFFSET[9:2]};
  localparam logic [9:0] DwMsixTbl  = DwMsix + 10'd1;
  localparam logic [9:0] DwMsixPba  = DwMsix + 10'd2;
  localparam logic [9:0] DwAri      = vfnic_regs_pkg::CAP_ARI_OFFSET[11:2];

  // ---- constant contents (the PF's values from vfnic_pf_cfg where a VF shares them) ----
  localparam logic [15:0] StsW1cMask = 16'hF900;  // as the PF's Status error bits
  localparam logic [15:0] StsCapList = 16'h0010;
  localparam logic [15:0] PcieCapReg = 16'h0002;  // v2, endpoint
  localparam logic [31:0] DevCap     = 32'h1000_8022;  // as the PF, FLR capable
  localparam logic [31:0] LinkCap    = 32'h0040_0011;
  localparam logic [15:0] LinkSts    = 16'h1011;
  localparam logic [31:0] DevCap2    = 32'h0000_0010;
  localparam logic [31:0] LinkCap2   = 32'h0000_0002;
  localparam logic [10:0] MsixTableSize = 11'(VfMsixVectors - 1);
  localparam logic [31:0] MsixTableReg =
      {vfnic_regs_pkg::MSIX_TABLE_OFFSET[31:3], 3'(vfnic_regs_pkg::VF_MSIX_BAR)};
  localparam logic [31:0] MsixPbaReg =
      {vfnic_regs_pkg::MSIX_PBA_OFFSET[31:3], 3'(vfnic_regs_pkg::VF_MSIX_BAR)};
  // ARI v1, last in the list; ARI Capability: Next Function Number 0
  localparam logic [31:0] AriHdr = {12'h000, 4'h1, 16'h000E};

  // ---- per-VF state ----
  logic [Slots-1:0]       bme_q, bme_d;
  logic [Slots-1:0][15:0] sts_q, sts_d;      // Status RW1C bits only
  logic [Slots-1:0][3:0]  dev_sts_q, dev_sts_d;
  logic [Slots-1:0]       msix_en_q, msix_en_d;
  logic [Slots-1:0]       msix_fmask_q, msix_fmask_d;

  logic        wr;
  logic [31:0] wmask;
  logic [IdxWidth-1:0] vf;

  assign wr    = req_i & we_i;
  assign wmask = vfnic_tlp_pkg::be_mask(be_i);
  // an index beyond the slots (TotalVfs not a power of two) is never sent; fold it to 0
  assign vf    = (32'(vf_i) < Slots) ? vf_i : '0;

  always_comb begin
    bme_d        = bme_q;
    sts_d        = sts_q;
    dev_sts_d    = dev_sts_q;
    msix_en_d    = msix_en_q;
    msix_fmask_d = msix_fmask_q;
    flr_o        = 1'b0;
    flr_vf_o     = vf;

    if (wr) begin
      case (dw_addr_i)
        DwCmdSts: begin
          if (be_i[0]) begin
            bme_d[vf] = wdata_i[2];  // the only writable Command bit of a VF
          end
          sts_d[vf] = sts_q[vf] & ~(wdata_i[31:16] & wmask[31:16] & StsW1cMask);
        end
        DwDevCtl: begin
          flr_o          = be_i[1] && wdata_i[15];
          dev_sts_d[vf]  = dev_sts_q[vf] & ~(wdata_i[19:16] & wmask[19:16]);
        end
        DwMsix: begin
          if (be_i[3]) begin
            msix_en_d[vf]    = wdata_i[31];
            msix_fmask_d[vf] = wdata_i[30];
          end
        end
        default: ;  // read-only or unimplemented: writes ignored
      endcase
    end

    // hardware-set status bits of the VF whose DMA saw the event
    if (ev_valid_i && 32'(ev_vf_i) < Slots) begin
      // Detected Parity Error (Parity Error Response is RsvdP 0), Received Target Abort,
      // Received Master Abort
      sts_d[ev_vf_i] = sts_d[ev_vf_i] | {rx_poisoned_cpl_i, 1'b0, rx_master_abort_i,
                                         rx_target_abort_i, 12'h000};
    end

    // FLR of one VF, or all of them when VF Enable clears
    if (flr_o) begin
      bme_d[vf]        = 1'b0;
      sts_d[vf]        = '0;
      dev_sts_d[vf]    = '0;
      msix_en_d[vf]    = 1'b0;
      msix_fmask_d[vf] = 1'b0;
    end
    if (clear_all_i) begin
      bme_d        = '0;
      sts_d        = '0;
      dev_sts_d    = '0;
      msix_en_d    = '0;
      msix_fmask_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bme_q        <= '0;
      sts_q        <= '0;
      dev_sts_q    <= '0;
      msix_en_q    <= '0;
      msix_fmask_q <= '0;
    end else begin
      bme_q        <= bme_d;
      sts_q        <= sts_d;
      dev_sts_q    <= dev_sts_d;
      msix_en_q    <= msix_en_d;
      msix_fmask_q <= msix_fmask_d;
    end
  end

  // ---- read mux ----
  always_comb begin
    rdata_o = '0;  // BARs, Expansion ROM, Interrupt Line/Pin and unimplemented registers
    case (dw_addr_i)
      DwId:       rdata_o = 32'hFFFF_FFFF;
      DwCmdSts:   rdata_o = {sts_q[vf] | StsCapList, 13'h0, bme_q[vf], 2'b00};
      DwClassRev: rdata_o = {ClassCode, RevisionId};
      DwSubsys:   rdata_o = {SubsysId, SubsysVendorId};
      DwCapPtr:   rdata_o = {24'h0, vfnic_regs_pkg::CAP_PCIE_OFFSET[7:0]};
      DwPcie:     rdata_o = {PcieCapReg, vfnic_regs_pkg::CAP_MSIX_OFFSET[7:0], 8'h10};
      DwDevCap:   rdata_o = DevCap;
      DwDevCtl:   rdata_o = {10'h0, trans_pending_i[vf], 1'b0, dev_sts_q[vf],
                             1'b0, pf_dev_ctl_i[14:0]};
      DwLinkCap:  rdata_o = LinkCap;
      DwLinkCtl:  rdata_o = {LinkSts, 16'h0};
      DwDevCap2:  rdata_o = DevCap2;
      DwDevCtl2:  rdata_o = {16'h0, pf_dev_ctl2_i};
      DwLinkCap2: rdata_o = LinkCap2;
      DwLinkCtl2: rdata_o = 32'h0;
      DwMsix:     rdata_o = {msix_en_q[vf], msix_fmask_q[vf], 3'b000, MsixTableSize, 8'h00, 8'h11};
      DwMsixTbl:  rdata_o = MsixTableReg;
      DwMsixPba:  rdata_o = MsixPbaReg;
      DwAri:      rdata_o = AriHdr;
      default: ;
    endcase
  end

  // a VF's writable bits are few: the rest of the write data and of Device Control go unused
  logic unused_bits;
  assign unused_bits = ^{wdata_i[14:3], wdata_i[1:0], wmask[15:0], pf_dev_ctl_i[15]};

  assign bus_master_en_o  = bme_q;
  assign msix_en_o        = msix_en_q;
  assign msix_func_mask_o = msix_fmask_q;

endmodule

`default_nettype wire
