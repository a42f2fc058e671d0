// SPDX-License-Identifier: MIT
// vfnic core: the function layer. Everything the core keeps per PCIe function (the PF is
// function 0, VF n function 1 + n): config spaces (vfnic_func_cfg), the BAR0 registers every
// function has (vfnic_func_regs), MSI-X tables and delivery (vfnic_msix), the DMA test engine
// and its scheduler (vfnic_dma_test, vfnic_dma_sched), the interrupt event mux into vfnic_msix
// and the per-function resets (FLR, CTRL.RESET, VF Enable clear) the datapath follows.
//
// Ports
//   reg_*           register-access port from the TLP target (vfnic_core_tlp acc_*), one DW
//                   per cycle: reg_req_i, reg_we_i, reg_tgt_i (vfnic_core_pkg::TGT_*),
//                   reg_func_i (0 the PF, 1 + n VF n), reg_fn_i (routing function number),
//                   reg_off_i (byte offset in the target), reg_be_i, reg_wdata_i ->
//                   reg_ack_o   the DW is done this cycle: every block the access went to
//                               has acked (config space: at once; vfnic_func_regs, vfnic_msix
//                               and the datapath: a registered read, a few cycles for the
//                               datapath) and vfnic_msix is not walking its VF reset (the
//                               access phase waits then, even with reg_req_i low)
//                   reg_hit_o   a register answered (config space always; BAR0: vfnic_func_regs
//                               or else the datapath; MSI-X: table or PBA; a VF slice only in
//                               its native 16 KiB); low while reg_req_i is low
//                   reg_rdata_o read data, 0 for a hole
//   dp_req_o, dp_func_o  the BAR0 access goes on to the datapath (vfnic_func_regs does not
//                   decode the offset), for routing function dp_func_o (0 for the PF); the
//                   datapath gets we/off/be/wdata from the target's port and answers on
//                   dp_ack_i / dp_hit_i / dp_rdata_i
//   rid_base_i      {bus, device, 3'b000} of the PF (requester IDs of MSI-X and DMA)
//   mem_en_o .. vf_bar2_o, mps_o, mrrs_o  config-space state: the target's BAR decode, the
//                   datapath's payload and read request sizes
//   ev_*_i          events of the target and the rc steering: UR, poisoned request, unexpected
//                   completions (0: on cq, 1: on rc), bad access of function reg_func_i (with
//                   its offset); counted in config space (status) and vfnic_func_regs
//   dp_bme_o, dp_freset_o, vf_clr_o, vf_clr_idx_o, vf_clr_all_o  the function controls of the
//                   datapath: Bus Master Enable by function (a VF's needs VF Enable and
//                   n < NumVFs), function resets (PF: FLR or CTRL.RESET; VF: FLR, CTRL.RESET
//                   or VF Enable clear), the VF being reset (pulse, index) and VF Enable clear
//   irq_*           interrupt requests of the datapath (function, vector), taken when no
//                   IRQ_TEST write or DMA copy end is raised and vfnic_msix takes events
//   msg_*           MSI-X memory writes (to the rq arbiter)
//   dma_rq_*        the DMA test engine's requests (tags 28..31)
//   dma_cpl_*, rc_* completions the rc steering matched to the DMA test engine's read
//   dma_rd_pending_o, dma_rd_tag_o, dma_rd_req_id_o  its outstanding read, for the steering
//   idle_o          nothing pending here (DMA, MSI-X, a reset or event in flight)
`default_nettype none

module vfnic_core_func #(
  parameter logic [15:0] VendorId             = vfnic_regs_pkg::VENDOR_ID,
  parameter logic [15:0] DeviceId             = vfnic_regs_pkg::PF_DEVICE_ID,
  parameter logic [15:0] SubsysVendorId       = vfnic_regs_pkg::SUBSYS_VENDOR_ID,
  parameter logic [15:0] SubsysId             = vfnic_regs_pkg::SUBSYS_ID,
  parameter logic [7:0]  RevisionId           = vfnic_regs_pkg::REVISION_ID,
  parameter logic [23:0] ClassCode            = vfnic_regs_pkg::CLASS_CODE,
  parameter int unsigned MsixVectors          = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),
  parameter int unsigned DmaMaxBytes          = 32'(vfnic_regs_pkg::DMA_TEST_MAX_BYTES),
  parameter int unsigned DmaTimeoutCyclesLog2 = 32'(vfnic_regs_pkg::DMA_TIMEOUT_CYCLES_LOG2),
  parameter int unsigned TotalVfs             = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned VfMsixVectors        = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  parameter int unsigned Bar0SizeLog2         = vfnic_regs_pkg::PF_BAR0_SIZE_LOG2,
  parameter int unsigned MsixBarSizeLog2      = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2),
  // derived
  parameter int unsigned NumFuncs             = TotalVfs + 1,
  parameter int unsigned FuncW                = (TotalVfs > 0) ? $clog2(TotalVfs + 1) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  input  logic                reg_req_i,
  input  logic                reg_we_i,
  input  logic [2:0]          reg_tgt_i,
  input  logic [FuncW-1:0]    reg_func_i,
  input  logic [7:0]          reg_fn_i,
  input  logic [23:0]         reg_off_i,
  input  logic [3:0]          reg_be_i,
  input  logic [31:0]         reg_wdata_i,
  output logic                reg_ack_o,
  output logic                reg_hit_o,
  output logic [31:0]         reg_rdata_o,

  output logic                dp_req_o,
  output logic [6:0]          dp_func_o,
  input  logic                dp_ack_i,
  input  logic                dp_hit_i,
  input  logic [31:0]         dp_rdata_i,

  input  logic [15:0]         rid_base_i,

  output logic                mem_en_o,
  output logic [63:0]         bar0_o,
  output logic [63:0]         msix_bar_o,
  output logic                vf_en_o,
  output logic                vf_mse_o,
  output logic [15:0]         num_vfs_o,
  output logic [4:0]          vf_bar0_size_log2_o,
  output logic [4:0]          vf_bar2_size_log2_o,
  output logic [63:0]         vf_bar0_o,
  output logic [63:0]         vf_bar2_o,
  output logic [2:0]          mps_o,
  output logic [2:0]          mrrs_o,

  input  logic                ev_ur_i,
  input  logic                ev_poisoned_i,
  input  logic [1:0]          ev_cpl_unexpected_i,
  input  logic                ev_bad_access_i,
  input  logic [31:0]         ev_bad_access_addr_i,

  output logic [NumFuncs-1:0] dp_bme_o,
  output logic [NumFuncs-1:0] dp_freset_o,
  output logic                vf_clr_o,
  output logic [6:0]          vf_clr_idx_o,
  output logic                vf_clr_all_o,

  input  logic                irq_valid_i,
  output logic                irq_ready_o,
  input  logic [6:0]          irq_func_i,
  input  logic [11:0]         irq_vec_i,

  output logic                msg_valid_o,
  input  logic                msg_ready_i,
  output logic [127:0]        msg_hdr_o,
  output logic [127:0]        msg_data_o,

  output logic                dma_rq_valid_o,
  input  logic                dma_rq_ready_i,
  output logic [127:0]        dma_rq_hdr_o,
  output logic [127:0]        dma_rq_data_o,
  output logic                dma_rq_last_o,

  input  logic                dma_cpl_valid_i,
  input  logic                dma_cpl_sof_i,
  input  logic [127:0]        rc_hdr_i,
  input  logic [127:0]        rc_data_i,
  input  logic                rc_last_i,
  output logic                dma_rd_pending_o,
  output logic [7:0]          dma_rd_tag_o,
  output logic [15:0]         dma_rd_req_id_o,

  output logic                idle_o
);

  localparam logic [7:0]  PfFunc     = 8'd0;  // routing function number of the PF
  // VF storage: at least one slot so that TotalVfs = 0 elaborates (it is then unreachable)
  localparam int unsigned VfSlots    = (TotalVfs > 0) ? TotalVfs : 1;
  localparam int unsigned VfIdxWidth = (VfSlots > 1) ? $clog2(VfSlots) : 1;
  // DW offset bits of an MSI-X BAR (the PF's, a VF's slice): the larger of the two
  localparam int unsigned MsixDwWidth =
      ((MsixBarSizeLog2 > 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2)) ? MsixBarSizeLog2
                                  : 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2)) - 2;

  // ---------------------------------------------------------------------------------------
  // Register access routing
  // ---------------------------------------------------------------------------------------
  logic             cfg_req;        // PF config space
  logic             vf_cfg_req;     // a VF's config space
  logic [31:0]      cfg_rdata;
  logic             fregs_req;      // the access goes to vfnic_func_regs (and maybe vfnic_dp)
  logic             fregs_hit;
  logic             fregs_ack;
  logic [31:0]      fregs_rdata;
  logic [FuncW-1:0] acc_func;       // function of a BAR0 or MSI-X access (0: the PF)
  logic             msix_sel;       // the current register access goes to vfnic_msix
  logic             msix_ack;
  logic [31:0]      msix_rdata;
  logic             msix_hit;
  logic             msix_walk;      // vfnic_msix resets every VF: register access waits
  logic             vf_in_native;   // the DW lies in the native 16 KiB of its slice
  logic             bar0_req;
  logic             dp_sel;         // the current register access goes to the datapath
  logic             fregs_sel;

  assign cfg_req    = reg_req_i && (reg_tgt_i == vfnic_core_pkg::TGT_CFG);
  assign vf_cfg_req = reg_req_i && (reg_tgt_i == vfnic_core_pkg::TGT_VF_CFG);
  assign acc_func   = (reg_tgt_i == vfnic_core_pkg::TGT_VF_BAR0 ||
                       reg_tgt_i == vfnic_core_pkg::TGT_VF_MSIX) ? reg_func_i : '0;
  // a VF slice larger than the native 16 KiB (big system pages) holds nothing above it
  assign vf_in_native = (reg_off_i[23:vfnic_regs_pkg::VF_BAR0_SIZE_LOG2] == '0);
  // the function's BAR0 registers: vfnic_func_regs, or the datapath where it has none; the
  // access is withdrawn while vfnic_msix walks (it then answers nothing: acks only a held req)
  assign bar0_req  = reg_req_i && (reg_tgt_i == vfnic_core_pkg::TGT_BAR0 ||
                                   (reg_tgt_i == vfnic_core_pkg::TGT_VF_BAR0 && vf_in_native));
  assign fregs_req = bar0_req && !msix_walk;
  // MSI-X table and PBA accesses are ack-style (a registered RAM read)
  assign msix_sel  = reg_req_i && (reg_tgt_i == vfnic_core_pkg::TGT_MSIX ||
                                   (reg_tgt_i == vfnic_core_pkg::TGT_VF_MSIX && vf_in_native));
  // BAR0 offsets the PF/VF register files do not claim belong to the datapath, which may take
  // a few cycles to answer (statistics counters): the access then waits for dp_ack_i
  assign dp_sel    = bar0_req && !fregs_hit;
  assign dp_req_o  = dp_sel;
  assign dp_func_o = (reg_tgt_i == vfnic_core_pkg::TGT_VF_BAR0) ? reg_fn_i[6:0] : 7'd0;
  // (an access that vfnic_func_regs decodes waits for its ack: a registered memory read)
  assign fregs_sel = fregs_req && fregs_hit;

  assign reg_ack_o = (!dp_sel || dp_ack_i) && (!fregs_sel || fregs_ack) &&
                     (!msix_sel || msix_ack) && !msix_walk;

  always_comb begin
    reg_rdata_o = '0;
    reg_hit_o   = 1'b0;
    if (dp_sel) begin
      reg_rdata_o = dp_rdata_i;
      reg_hit_o   = dp_hit_i;
    end else if (reg_req_i) begin
      case (reg_tgt_i)
        vfnic_core_pkg::TGT_CFG: begin
          reg_rdata_o = cfg_rdata;
          reg_hit_o   = 1'b1;  // config space has no holes: unimplemented registers read 0
        end
        vfnic_core_pkg::TGT_BAR0: begin
          reg_rdata_o = fregs_rdata;
          reg_hit_o   = fregs_hit;
        end
        vfnic_core_pkg::TGT_MSIX: begin
          reg_rdata_o = msix_rdata;
          reg_hit_o   = msix_hit;
        end
        vfnic_core_pkg::TGT_VF_CFG: begin
          reg_rdata_o = cfg_rdata;
          reg_hit_o   = 1'b1;
        end
        vfnic_core_pkg::TGT_VF_BAR0: begin
          reg_rdata_o = fregs_rdata;
          reg_hit_o   = fregs_hit && vf_in_native;
        end
        vfnic_core_pkg::TGT_VF_MSIX: begin
          reg_rdata_o = msix_rdata;
          reg_hit_o   = msix_hit && vf_in_native;
        end
        default: ;
      endcase
    end
    if (!reg_hit_o) begin
      reg_rdata_o = '0;  // holes read 0
    end
  end

  // ---------------------------------------------------------------------------------------
  // Function state
  // ---------------------------------------------------------------------------------------
  logic        bus_master_en;
  logic        msix_en;
  logic        msix_func_mask;
  logic        cto_disable;
  logic [15:0] pf_dev_ctl;
  logic        pf_flr;            // pulse: PF Initiate FLR written
  logic        pf_soft_reset_q;   // the PF's CTRL.RESET, applied the cycle after the write
  logic        pf_clr;            // PF FLR or software reset in progress
  logic        vf_en;
  logic        ari_hier;
  logic [15:0] num_vfs;

  logic                  vf_flr;
  logic [VfIdxWidth-1:0] vf_flr_idx;
  logic [VfSlots-1:0]    vf_bme;
  logic [VfSlots-1:0]    vf_msix_en;
  logic [VfSlots-1:0]    vf_msix_fmask;

  logic                  vf_soft_reset_q;   // a VF's CTRL.RESET, applied the cycle after
  logic                  vf_clr;            // a VF's FLR or software reset
  logic [VfIdxWidth-1:0] vf_clr_idx;
  logic                  soft_reset;        // pulse: CTRL.RESET written by function acc_func
  logic                  soft_reset_q;      // ... applied one cycle later
  logic [FuncW-1:0]      soft_func_q;
  logic                  fn_clr;            // a function's FLR or software reset ...
  logic [FuncW-1:0]      fn_clr_func;       // ... of this function
  logic                  irq_test;          // IRQ_TEST written by function acc_func
  logic [11:0]           irq_test_vec;

  // DMA engine sharing
  logic                  dma_ctrl_rd;       // DMA_CTRL access (vfnic_dma_sched owns it)
  logic                  dma_ctrl_wr;
  logic [31:0]           dma_ctrl_rdata;
  logic [FuncW-1:0]      dma_rd_func;       // registers read for the engine
  logic [FuncW-1:0]      dma_own_func;      // the function the engine works for
  logic                  dma_raise;         // its copy finished with IRQ_EN set
  logic [FuncW-1:0]      dma_raise_func;
  logic [11:0]           dma_raise_vec;
  logic                  dma_eng_start;
  logic                  dma_eng_abort;
  logic                  dma_sched_idle;
  logic [15:0]           dma_rid;
  logic                  dma_bme;

  // DMA test engine
  logic [63:0]  dma_src;
  logic [63:0]  dma_dst;
  logic [7:0]   dma_len;
  logic         dma_busy;
  logic         dma_done;
  logic         dma_error;
  logic         dma_timeout;
  logic         dma_cpl_status_en;
  logic [2:0]   dma_cpl_status;
  logic         dma_rx_master_abort;
  logic         dma_rx_target_abort;
  logic         dma_rx_poisoned;
  logic         dma_idle;
  logic         msix_busy;

  // Config spaces of every function (the PF is function 0, VF n function 1 + n)
  logic [TotalVfs:0]  cfg_bme, cfg_msix_en, cfg_msix_fmask, cfg_trans_pending;
  logic               cfg_flr;
  logic [FuncW-1:0]   cfg_flr_func;
  logic [FuncW-1:0]   cfg_ev_func;

  vfnic_func_cfg #(
    .VendorId       (VendorId),
    .DeviceId       (DeviceId),
    .SubsysVendorId (SubsysVendorId),
    .SubsysId       (SubsysId),
    .RevisionId     (RevisionId),
    .ClassCode      (ClassCode),
    .Bar0SizeLog2   (Bar0SizeLog2),
    .MsixBar        (32'(vfnic_regs_pkg::PF_MSIX_BAR)),
    .MsixBarSizeLog2(MsixBarSizeLog2),
    .MsixVectors    (MsixVectors),
    .TotalVfs       (TotalVfs),
    .VfMsixVectors  (VfMsixVectors)
  ) u_cfg (
    .clk_i              (clk_i),
    .rst_ni             (rst_ni),
    .req_i              (cfg_req || vf_cfg_req),
    .we_i               (reg_we_i),
    .func_i             (vf_cfg_req ? reg_func_i : '0),
    .dw_addr_i          (reg_off_i[11:2]),
    .be_i               (reg_be_i),
    .wdata_i            (reg_wdata_i),
    .rdata_o            (cfg_rdata),
    .bus_master_en_o    (cfg_bme),
    .msix_en_o          (cfg_msix_en),
    .msix_func_mask_o   (cfg_msix_fmask),
    .flr_o              (cfg_flr),
    .flr_func_o         (cfg_flr_func),
    .mem_en_o           (mem_en_o),
    .bar0_o             (bar0_o),
    .msix_bar_o         (msix_bar_o),
    .cto_disable_o      (cto_disable),
    .dev_ctl_o          (pf_dev_ctl),
    .vf_en_o            (vf_en),
    .vf_mse_o           (vf_mse_o),
    .ari_hier_o         (ari_hier),
    .num_vfs_o          (num_vfs),
    .vf_bar0_size_log2_o(vf_bar0_size_log2_o),
    .vf_bar2_size_log2_o(vf_bar2_size_log2_o),
    .vf_bar0_o          (vf_bar0_o),
    .vf_bar2_o          (vf_bar2_o),
    .ur_i               (ev_ur_i),
    .poisoned_i         (ev_poisoned_i),
    .ev_func_i          (cfg_ev_func),
    .rx_poisoned_cpl_i  (dma_rx_poisoned),
    .rx_master_abort_i  (dma_rx_master_abort),
    .rx_target_abort_i  (dma_rx_target_abort),
    .trans_pending_i    (cfg_trans_pending)
  );

  assign vf_en_o   = vf_en;
  assign num_vfs_o = num_vfs;
  assign mps_o     = pf_dev_ctl[7:5];
  assign mrrs_o    = pf_dev_ctl[14:12];

  // the DMA test engine's events and pending read belong to the function it works for
  assign cfg_ev_func = dma_own_func;
  always_comb begin
    cfg_trans_pending = '0;
    cfg_trans_pending[cfg_ev_func] = dma_rd_pending_o;
  end

  assign bus_master_en  = cfg_bme[0];
  assign msix_en        = cfg_msix_en[0];
  assign msix_func_mask = cfg_msix_fmask[0];
  assign pf_flr         = cfg_flr && cfg_flr_func == '0;
  assign vf_flr         = cfg_flr && cfg_flr_func != '0;
  assign vf_flr_idx     = VfIdxWidth'(cfg_flr_func - 1'b1);
  if (TotalVfs > 0) begin : gen_cfg_vfs
    assign vf_bme        = cfg_bme[TotalVfs:1];
    assign vf_msix_en    = cfg_msix_en[TotalVfs:1];
    assign vf_msix_fmask = cfg_msix_fmask[TotalVfs:1];
  end else begin : gen_cfg_pf
    assign vf_bme        = '0;
    assign vf_msix_en    = '0;
    assign vf_msix_fmask = '0;
  end

  // the interrupt event into vfnic_msix, registered (declared here: vfnic_func_regs counts
  // the drops of the event's function)
  logic             ev_valid_q;
  logic [FuncW-1:0] ev_func_q;
  logic [11:0]      ev_vec_q;
  logic             msix_ev_ready;
  logic             msix_dropped_any;
  logic             msix_sent_any;
  logic [FuncW-1:0] msix_sent_func;

  // BAR0 registers every function has (generated from rtl/regs/vfnic.rdl): one block over
  // functions 0..TotalVfs; the access's function is acc_func (0: the PF, 1 + n: VF n)
  vfnic_func_regs #(
    .NumFuncs(NumFuncs)
  ) u_func_regs (
    .clk_i                  (clk_i),
    .rst_ni                 (rst_ni),
    .req_i                  (fregs_req),
    .we_i                   (reg_we_i),
    .func_i                 (acc_func),
    .addr_i                 (reg_off_i[Bar0SizeLog2-1:0]),
    .be_i                   (reg_be_i),
    .wdata_i                (reg_wdata_i),
    .hit_o                  (fregs_hit),
    .ack_o                  (fregs_ack),
    .rdata_o                (fregs_rdata),
    .clr_i                  (fn_clr),
    .clr_func_i             (fn_clr_func),
    .clr_vfs_i              (!vf_en),
    .hw_rd_func_i           (dma_rd_func),
    .caps_msix_vectors_i    ((acc_func == '0) ? 12'(MsixVectors) : 12'(VfMsixVectors)),
    .caps_total_vfs_i       ((acc_func == '0) ? 8'(TotalVfs) : 8'd0),
    .irq_test_swmod_o       (irq_test),
    .irq_test_vector_o      (irq_test_vec),
    .msix_sent_incr_i       (msix_sent_any),
    .msix_sent_func_i       (msix_sent_func),
    .msix_dropped_incr_i    (msix_dropped_any),
    .msix_dropped_func_i    (ev_func_q),
    .bad_access_count_incr_i(ev_bad_access_i),
    .bad_access_count_func_i(acc_func),
    .bad_access_addr_we_i   (ev_bad_access_i),
    .bad_access_addr_func_i (acc_func),
    .bad_access_addr_i      (ev_bad_access_addr_i),
    .ur_count_incr_i        (ev_ur_i),
    .cpl_unexpected_incr_i  (2'(ev_cpl_unexpected_i[0]) + 2'(ev_cpl_unexpected_i[1])),
    .dma_src_lo_o           (dma_src[31:0]),
    .dma_src_hi_o           (dma_src[63:32]),
    .dma_dst_lo_o           (dma_dst[31:0]),
    .dma_dst_hi_o           (dma_dst[63:32]),
    .dma_len_bytes_o        (dma_len),
    .dma_ctrl_rd_o          (dma_ctrl_rd),
    .dma_ctrl_wr_o          (dma_ctrl_wr),
    .dma_ctrl_rdata_i       (dma_ctrl_rdata),
    .func_number_i          ((acc_func == '0) ? PfFunc
                             : 8'((32'(acc_func) - 32'd1) * 32'(vfnic_regs_pkg::VF_STRIDE) +
                                  32'(vfnic_regs_pkg::FIRST_VF_OFFSET))),
    .ctrl_reset_o           (soft_reset)
  );

  vfnic_dma_test #(
    .MaxBytes         (DmaMaxBytes),
    .TimeoutCyclesLog2(DmaTimeoutCyclesLog2)
  ) u_pf_dma (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .abort_i          (dma_eng_abort),
    // the outcome waits while a register write is answered (IRQ_TEST, DMA_CTRL), so that
    // the interrupt event and the status bits have one writer per cycle
    .finish_ok_i      (!(fregs_ack && reg_we_i)),
    .start_i          (dma_eng_start),
    .src_i            (dma_src),
    .dst_i            (dma_dst),
    .len_i            (dma_len),
    .bme_i            (dma_bme),
    .cto_disable_i    (cto_disable),
    .req_id_i         (dma_rid),
    .busy_o           (dma_busy),
    .done_o           (dma_done),
    .error_o          (dma_error),
    .timeout_o        (dma_timeout),
    .cpl_status_en_o  (dma_cpl_status_en),
    .cpl_status_o     (dma_cpl_status),
    .rx_master_abort_o(dma_rx_master_abort),
    .rx_target_abort_o(dma_rx_target_abort),
    .rx_poisoned_o    (dma_rx_poisoned),
    .rd_pending_o     (dma_rd_pending_o),
    .rd_tag_o         (dma_rd_tag_o),
    .rd_req_id_o      (dma_rd_req_id_o),
    .idle_o           (dma_idle),
    .rq_valid_o       (dma_rq_valid_o),
    .rq_ready_i       (dma_rq_ready_i),
    .rq_hdr_o         (dma_rq_hdr_o),
    .rq_data_o        (dma_rq_data_o),
    .rq_last_o        (dma_rq_last_o),
    .cpl_valid_i      (dma_cpl_valid_i),
    .cpl_sof_i        (dma_cpl_sof_i),
    .cpl_hdr_i        (rc_hdr_i),
    .cpl_data_i       (rc_data_i),
    .cpl_last_i       (rc_last_i)
  );

  // A software reset (CTRL.RESET) takes effect the cycle after the write (no loop through the
  // registers); an FLR (a config write) and a software reset never meet
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      soft_reset_q    <= 1'b0;
      soft_func_q     <= '0;
    end else begin
      soft_reset_q    <= soft_reset;
      soft_func_q     <= acc_func;
    end
  end
  assign pf_soft_reset_q = soft_reset_q && soft_func_q == '0;
  assign vf_soft_reset_q = soft_reset_q && soft_func_q != '0;
  assign pf_clr     = pf_flr | pf_soft_reset_q;
  assign vf_clr     = vf_flr | vf_soft_reset_q;
  assign vf_clr_idx = vf_flr ? vf_flr_idx : VfIdxWidth'(soft_func_q - 1'b1);
  // the function being reset, for the blocks over all functions
  assign fn_clr      = cfg_flr || soft_reset_q;
  assign fn_clr_func = cfg_flr ? FuncW'(cfg_flr_func) : soft_func_q;

  // One interrupt event per cycle for vfnic_msix: an IRQ_TEST write, else the end of a DMA
  // copy (the engine holds its outcome while a register write is answered, so the two never
  // meet), else a datapath request (which waits while another event is raised or vfnic_msix
  // asks it to). The event enters vfnic_msix through a register (docs/rtl-structure.md rule 5).
  assign irq_ready_o = !irq_test && !dma_raise && msix_ev_ready;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ev_valid_q <= 1'b0;
      ev_func_q  <= '0;
      ev_vec_q   <= '0;
    end else begin
      ev_valid_q <= irq_test || dma_raise || (irq_valid_i && irq_ready_o);
      ev_func_q  <= irq_test ? acc_func : dma_raise ? dma_raise_func : FuncW'(irq_func_i);
      ev_vec_q   <= irq_test ? irq_test_vec : dma_raise ? dma_raise_vec : irq_vec_i;
    end
  end

  vfnic_dma_sched #(
    .NumFuncs(NumFuncs)
  ) u_dma_sched (
    .clk_i              (clk_i),
    .rst_ni             (rst_ni),
    .ctrl_rd_i          (dma_ctrl_rd),
    .ctrl_wr_i          (dma_ctrl_wr),
    .ctrl_func_i        (acc_func),
    .ctrl_wdata_i       (reg_wdata_i),
    .ctrl_be_i          (reg_be_i),
    .ctrl_rdata_o       (dma_ctrl_rdata),
    .clr_i              (fn_clr),
    .clr_func_i         (fn_clr_func),
    .clr_vfs_i          (!vf_en),
    .rd_func_o          (dma_rd_func),
    .eng_busy_i         (dma_busy),
    .eng_done_i         (dma_done),
    .eng_error_i        (dma_error),
    .eng_timeout_i      (dma_timeout),
    .eng_cpl_status_en_i(dma_cpl_status_en),
    .eng_cpl_status_i   (dma_cpl_status),
    .eng_start_o        (dma_eng_start),
    .eng_abort_o        (dma_eng_abort),
    .own_func_o         (dma_own_func),
    .raise_o            (dma_raise),
    .raise_func_o       (dma_raise_func),
    .raise_vec_o        (dma_raise_vec),
    .idle_o             (dma_sched_idle)
  );

  // The engine works as its owner: requester ID, and Bus Master Enable (a VF's needs VF
  // Enable too); a function cannot make it use another's ID
  assign dma_rid = (dma_own_func == '0) ? {rid_base_i[15:8], rid_base_i[7:0] | PfFunc}
                 : {rid_base_i[15:8], rid_base_i[7:0] +
                           8'((32'(dma_own_func) - 32'd1) * 32'(vfnic_regs_pkg::VF_STRIDE) +
                              32'(vfnic_regs_pkg::FIRST_VF_OFFSET))};
  assign dma_bme = cfg_bme[dma_own_func] && (dma_own_func == '0 || vf_en);

  // MSI-X of every function (the PF is function 0, VF n function 1 + n)
  logic [TotalVfs:0] fn_msix_en, fn_msix_fmask, fn_bme;
  logic              cfg_wr_q;    // a config write was done in the last cycle ...
  logic [FuncW-1:0]  cfg_func_q;  // ... to this function
  if (TotalVfs > 0) begin : gen_fn_vfs
    assign fn_msix_en    = {vf_msix_en[TotalVfs-1:0] & {TotalVfs{vf_en}}, msix_en};
    assign fn_msix_fmask = {vf_msix_fmask[TotalVfs-1:0], msix_func_mask};
    assign fn_bme        = {vf_bme[TotalVfs-1:0] & {TotalVfs{vf_en}}, bus_master_en};
  end else begin : gen_fn_pf
    assign fn_msix_en    = msix_en;
    assign fn_msix_fmask = msix_func_mask;
    assign fn_bme        = bus_master_en;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cfg_wr_q   <= 1'b0;
      cfg_func_q <= '0;
    end else begin
      cfg_wr_q   <= (cfg_req || vf_cfg_req) && reg_we_i;
      cfg_func_q <= (reg_tgt_i == vfnic_core_pkg::TGT_VF_CFG) ? reg_func_i : '0;
    end
  end

  vfnic_msix #(
    .TotalVfs     (TotalVfs),
    .PfVectors    (MsixVectors),
    .VfVectors    (VfMsixVectors),
    .PfBarSizeLog2(MsixBarSizeLog2),
    .VfBarSizeLog2(32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2)),
    .TableOffset  (vfnic_regs_pkg::MSIX_TABLE_OFFSET),
    .PbaOffset    (vfnic_regs_pkg::MSIX_PBA_OFFSET)
  ) u_msix (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .reg_req_i       (msix_sel),
    .reg_we_i        (reg_we_i),
    .reg_func_i      ((reg_tgt_i == vfnic_core_pkg::TGT_VF_MSIX) ? reg_func_i : '0),
    .reg_dw_i        (reg_off_i[MsixDwWidth+1:2]),
    .reg_be_i        (reg_be_i),
    .reg_wdata_i     (reg_wdata_i),
    .reg_ack_o       (msix_ack),
    .reg_rdata_o     (msix_rdata),
    .reg_hit_o       (msix_hit),
    .en_i            (fn_msix_en),
    .fmask_i         (fn_msix_fmask),
    .bme_i           (fn_bme),
    .rid_base_i      (rid_base_i),
    .cfg_wr_i        (cfg_wr_q),
    .cfg_func_i      (cfg_func_q),
    .pf_flr_i        (pf_flr),
    .pf_clr_pending_i(pf_soft_reset_q),
    .vf_rst_i        (vf_clr),
    .vf_rst_func_i   (FuncW'(vf_clr_idx) + 1'b1),
    .vf_rst_mask_i   (vf_flr),
    .vf_en_i         (vf_en),
    .walk_o          (msix_walk),
    .ev_valid_i      (ev_valid_q),
    .ev_func_i       (ev_func_q),
    .ev_vec_i        (ev_vec_q),
    .ev_ready_o      (msix_ev_ready),
    .dropped_o       (msix_dropped_any),
    .sent_o          (msix_sent_any),
    .sent_func_o     (msix_sent_func),
    .msg_valid_o     (msg_valid_o),
    .msg_ready_i     (msg_ready_i),
    .msg_hdr_o       (msg_hdr_o),
    .msg_data_o      (msg_data_o),
    .busy_o          (msix_busy)
  );

  // ---------------------------------------------------------------------------------------
  // Function controls of the datapath
  // ---------------------------------------------------------------------------------------
  // Bus Master Enable per routing function (a VF's needs VF Enable and n < NumVFs) and the
  // function resets: FLR, software reset, every VF while VF Enable is clear
  // (vector expressions, no loop over the VFs: VF n's bit is n + 1)
  logic [TotalVfs-1:0] dp_vf_num_mask;   // n < NumVFs
  logic [TotalVfs-1:0] dp_vf_clr_bit;    // the VF being reset by FLR or software reset
  assign dp_vf_num_mask = ~({TotalVfs{1'b1}} << num_vfs);
  assign dp_vf_clr_bit  = vf_clr ? (TotalVfs'(1) << vf_clr_idx) : '0;
  assign dp_bme_o    = {vf_bme[TotalVfs-1:0] & dp_vf_num_mask & {TotalVfs{vf_en}}, bus_master_en};
  assign dp_freset_o = {{TotalVfs{!vf_en}} | dp_vf_clr_bit, pf_clr};
  assign vf_clr_o     = vf_clr;
  assign vf_clr_idx_o = 7'(vf_clr_idx);
  assign vf_clr_all_o = !vf_en;

  assign idle_o = dma_idle && !msix_busy && !pf_soft_reset_q && !vf_soft_reset_q && !ev_valid_q &&
                  !cfg_wr_q && dma_sched_idle;

  // ARI Capable Hierarchy changes nothing here: First VF Offset and VF Stride are constant;
  // of Device Control the datapath uses MPS and MRRS; the datapath's function numbers fit
  // FuncW bits; the routing number's bit 7 never reaches the datapath (at most 64 VFs)
  logic unused_func;
  assign unused_func = ^{ari_hier, pf_dev_ctl[15], pf_dev_ctl[11:8], pf_dev_ctl[4:0],
                         7'(irq_func_i >> FuncW), reg_fn_i[7]};

endmodule

`default_nettype wire
