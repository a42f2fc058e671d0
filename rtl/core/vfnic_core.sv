// SPDX-License-Identifier: MIT
// vfnic core: the whole device behind the TLP stream interface of docs/tlp-stream.md.
// The physical function (config space, BAR decode, BAR0 register file, MSI-X, DMA test engine),
// the SR-IOV function layer of docs/sriov.md (ARI, SR-IOV capability, VF config spaces) and the
// datapath of docs/datapath.md (vfnic_dp: queues, DMA, classifier, VEB, mailbox, statistics).
// cq requests are served one at a time, in order.
`default_nettype none

module vfnic_core #(
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
  parameter int unsigned VfMsixVectors        = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS)
) (
  input  logic         clk_i,
  input  logic         rst_ni,

  // cq: host -> device requests
  input  logic         cq_valid_i,
  output logic         cq_ready_o,
  input  logic [127:0] cq_hdr_i,
  input  logic [127:0] cq_data_i,
  input  logic         cq_last_i,

  // cc: device -> host completions
  output logic         cc_valid_o,
  input  logic         cc_ready_i,
  output logic [127:0] cc_hdr_o,
  output logic [127:0] cc_data_o,
  output logic         cc_last_o,

  // rq: device -> host requests (DMA, MSI-X)
  output logic         rq_valid_o,
  input  logic         rq_ready_i,
  output logic [127:0] rq_hdr_o,
  output logic [127:0] rq_data_o,
  output logic         rq_last_o,

  // rc: host -> device completions
  input  logic         rc_valid_i,
  output logic         rc_ready_o,
  input  logic [127:0] rc_hdr_i,
  input  logic [127:0] rc_data_i,
  input  logic         rc_last_i,

  // Ethernet port to the MAC (docs/datapath.md "Ethernet port"): frames without preamble
  // and FCS, 64 bits per cycle.
  output logic         eth_tx_valid_o,
  input  logic         eth_tx_ready_i,
  output logic [63:0]  eth_tx_data_o,
  output logic [7:0]   eth_tx_keep_o,
  output logic         eth_tx_last_o,
  input  logic         eth_rx_valid_i,
  input  logic [63:0]  eth_rx_data_i,
  input  logic [7:0]   eth_rx_keep_i,
  input  logic         eth_rx_last_i,
  input  logic         eth_rx_err_i,
  input  logic         eth_link_up_i,

  // 1 when no internal work is pending: nothing to send, no DMA outstanding, no TLP
  // half-received. With idle_o high and no input, the core's outputs do not change.
  output logic         idle_o
);

  localparam int unsigned Bar0SizeLog2    = vfnic_regs_pkg::PF_BAR0_SIZE_LOG2;
  localparam int unsigned MsixBarSizeLog2 = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2);
  localparam logic [7:0]  PfFunc          = 8'd0;  // routing function number of the PF
  // VF storage: at least one slot so that TotalVfs = 0 elaborates (it is then unreachable)
  localparam int unsigned VfSlots         = (TotalVfs > 0) ? TotalVfs : 1;
  localparam int unsigned VfIdxWidth      = (VfSlots > 1) ? $clog2(VfSlots) : 1;
  localparam int unsigned FuncW           = (TotalVfs > 0) ? $clog2(TotalVfs + 1) : 1;
  // DW offset bits of an MSI-X BAR (the PF's, a VF's slice): the larger of the two
  localparam int unsigned MsixDwWidth     =
      ((MsixBarSizeLog2 > 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2)) ? MsixBarSizeLog2
                                  : 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2)) - 2;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (Bar0SizeLog2 < 12 || Bar0SizeLog2 > 16) begin : gen_bar0_check
    $error("BAR0 must be 4 KiB..64 KiB: offsets are carried in 16 bits");
  end
  if (MsixBarSizeLog2 < 12 || MsixBarSizeLog2 > 16) begin : gen_msix_bar_check
    $error("the MSI-X BAR must be 4 KiB..64 KiB: offsets are carried in 16 bits");
  end
  if (TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_total_vfs_check
    $error("TotalVfs must be 0..MAX_TOTAL_VFS (64)");
  end
  if (VfMsixVectors < 3 || VfMsixVectors > 2048) begin : gen_vf_msix_vectors_check
    $error("VfMsixVectors must be 3..2048");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // Device identity: bus and device number captured from every CfgWr0 (PCIe endpoint rule)
  // ---------------------------------------------------------------------------------------
  logic [7:0]  bus_q, bus_d;
  logic [4:0]  dev_q, dev_d;
  logic [15:0] pf_rid;

  assign pf_rid = {bus_q, {dev_q, 3'b000} | PfFunc};

  // ---------------------------------------------------------------------------------------
  // Function blocks
  // ---------------------------------------------------------------------------------------
  // register access, shared by the three targets (one DW per cycle)
  logic        acc_req;
  logic        acc_we;
  logic [23:0] acc_off;     // byte offset in the target (config space, BAR or VF BAR slice)
  logic [3:0]  acc_be;
  logic [31:0] acc_wdata;

  logic        cfg_req;
  logic [31:0] cfg_rdata;
  logic             fregs_req;     // the access goes to vfnic_func_regs (and maybe vfnic_dp)
  logic             fregs_hit;
  logic             fregs_ack;
  logic [31:0]      fregs_rdata;
  logic [FuncW-1:0] acc_func;      // function of a BAR0 or MSI-X access (0: the PF)
  logic        msix_sel;          // the current register access goes to vfnic_msix
  logic        msix_ack;
  logic [31:0] msix_rdata;
  logic        msix_hit;
  logic        msix_walk;         // vfnic_msix resets every VF: register access waits

  // function state from config space
  logic        mem_en;
  logic        bus_master_en;
  logic [63:0] bar0;
  logic [63:0] msix_bar;
  logic        msix_en;
  logic        msix_func_mask;
  logic        cto_disable;
  logic [15:0] pf_dev_ctl;
  logic        pf_flr;            // pulse: PF Initiate FLR written
  logic        pf_soft_reset_q;   // the PF's CTRL.RESET, applied the cycle after the write
  logic        pf_clr;            // PF FLR or software reset in progress

  // SR-IOV state
  logic        vf_en;
  logic        vf_mse;
  logic        ari_hier;
  logic [15:0] num_vfs;
  logic [4:0]  vf_bar0_size_log2;
  logic [4:0]  vf_bar2_size_log2;
  logic [63:0] vf_bar0;
  logic [63:0] vf_bar2;

  // VF config spaces
  logic                  vf_cfg_req;
  logic                  vf_flr;
  logic [VfIdxWidth-1:0] vf_flr_idx;
  logic [VfSlots-1:0]    vf_bme;
  logic [VfSlots-1:0]    vf_msix_en;
  logic [VfSlots-1:0]    vf_msix_fmask;

  // VF BAR slices, resets
  logic                  vf_in_native;      // the DW lies in the native 16 KiB of its slice
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

  // events
  logic        ev_ur;
  logic        ev_poisoned;
  logic [1:0]  ev_cpl_unexpected;  // 0: completion on cq, 1: unmatched completion on rc
  logic        ev_bad_access;       // counted for function acc_func
  logic [31:0] ev_bad_access_addr;

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
  logic         dma_rd_pending;
  logic [7:0]   dma_rd_tag;
  logic [15:0]  dma_rd_req_id;
  logic         dma_idle;
  logic         dma_rq_valid;
  logic         dma_rq_ready;
  logic [127:0] dma_rq_hdr;
  logic [127:0] dma_rq_data;
  logic         dma_rq_last;
  logic         dma_cpl_valid;
  logic         dma_cpl_sof;

  // MSI-X messages
  // datapath
  localparam int unsigned NumFuncs = TotalVfs + 1;
  logic                dp_sel;      // the current register access goes to the datapath
  logic                dp_ack;
  logic [31:0]         dp_rdata;
  logic                dp_hit;
  logic [NumFuncs-1:0] dp_bme;
  logic [NumFuncs-1:0] dp_freset;
  logic                dp_rq_valid;
  logic                dp_rq_ready;
  logic [127:0]        dp_rq_hdr;
  logic [127:0]        dp_rq_data;
  logic                dp_rq_last;
  logic                dp_cpl_valid;
  logic                dp_rc_unexpected;
  logic                dp_irq_valid;
  logic                dp_irq_ready;
  logic [6:0]          dp_irq_func;
  logic [11:0]         dp_irq_vec;
  logic                dp_idle;

  logic         msix_busy;
  logic         msg_valid;
  logic         msg_ready;
  logic [127:0] msg_hdr;
  logic [127:0] msg_data;

  // The cq port is registered before the request decode sees it (docs/rtl-structure.md
  // rule 5): a register slice, so no logic runs combinationally from the core's inputs.
  logic         cq_valid, cq_ready, cq_last, cc_ready, cc_slice_busy, cq_slice_busy;
  logic [127:0] cq_hdr, cq_data;

  vfnic_skid #(
    .Width(257)
  ) u_cq_slice (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (cq_valid_i),
    .in_ready_o (cq_ready_o),
    .in_data_i  ({cq_hdr_i, cq_data_i, cq_last_i}),
    .out_valid_o(cq_valid),
    .out_ready_i(cq_ready),
    .out_data_o ({cq_hdr, cq_data, cq_last}),
    .busy_o     (cq_slice_busy)
  );

  // The rc port is registered before anything looks at it (docs/rtl-structure.md rule 5);
  // rc_ready_o is constant, so one register stage carries the stream.
  logic         rc_valid, rc_last;
  logic [127:0] rc_hdr, rc_data;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rc_valid <= 1'b0;
      rc_last  <= 1'b0;
      rc_hdr   <= '0;
      rc_data  <= '0;
    end else begin
      rc_valid <= rc_valid_i;
      if (rc_valid_i) begin
        rc_last <= rc_last_i;
        rc_hdr  <= rc_hdr_i;
        rc_data <= rc_data_i;
      end
    end
  end

  // Config spaces of every function (the PF is function 0, VF n function 1 + n)
  localparam int unsigned CfgFuncW = FuncW;
  logic [TotalVfs:0]     cfg_bme, cfg_msix_en, cfg_msix_fmask, cfg_trans_pending;
  logic                  cfg_flr;
  logic [CfgFuncW-1:0]   cfg_flr_func;
  logic [CfgFuncW-1:0]   cfg_ev_func;

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
    .we_i               (acc_we),
    .func_i             (vf_cfg_req ? CfgFuncW'(vf_idx_q) + 1'b1 : '0),
    .dw_addr_i          (acc_off[11:2]),
    .be_i               (acc_be),
    .wdata_i            (acc_wdata),
    .rdata_o            (cfg_rdata),
    .bus_master_en_o    (cfg_bme),
    .msix_en_o          (cfg_msix_en),
    .msix_func_mask_o   (cfg_msix_fmask),
    .flr_o              (cfg_flr),
    .flr_func_o         (cfg_flr_func),
    .mem_en_o           (mem_en),
    .bar0_o             (bar0),
    .msix_bar_o         (msix_bar),
    .cto_disable_o      (cto_disable),
    .dev_ctl_o          (pf_dev_ctl),
    .vf_en_o            (vf_en),
    .vf_mse_o           (vf_mse),
    .ari_hier_o         (ari_hier),
    .num_vfs_o          (num_vfs),
    .vf_bar0_size_log2_o(vf_bar0_size_log2),
    .vf_bar2_size_log2_o(vf_bar2_size_log2),
    .vf_bar0_o          (vf_bar0),
    .vf_bar2_o          (vf_bar2),
    .ur_i               (ev_ur),
    .poisoned_i         (ev_poisoned),
    .ev_func_i          (cfg_ev_func),
    .rx_poisoned_cpl_i  (dma_rx_poisoned),
    .rx_master_abort_i  (dma_rx_master_abort),
    .rx_target_abort_i  (dma_rx_target_abort),
    .trans_pending_i    (cfg_trans_pending)
  );

  // the DMA test engine's events and pending read belong to the function it works for
  assign cfg_ev_func = dma_own_func;
  always_comb begin
    cfg_trans_pending = '0;
    cfg_trans_pending[cfg_ev_func] = dma_rd_pending;
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

  // BAR0 registers every function has (generated from rtl/regs/vfnic.rdl): one block over
  // functions 0..TotalVfs; the access's function is acc_func (0: the PF, 1 + n: VF n)
  vfnic_func_regs #(
    .NumFuncs(NumFuncs)
  ) u_func_regs (
    .clk_i                  (clk_i),
    .rst_ni                 (rst_ni),
    .req_i                  (fregs_req),
    .we_i                   (acc_we),
    .func_i                 (acc_func),
    .addr_i                 (acc_off[Bar0SizeLog2-1:0]),
    .be_i                   (acc_be),
    .wdata_i                (acc_wdata),
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
    .bad_access_count_incr_i(ev_bad_access),
    .bad_access_count_func_i(acc_func),
    .bad_access_addr_we_i   (ev_bad_access),
    .bad_access_addr_func_i (acc_func),
    .bad_access_addr_i      (ev_bad_access_addr),
    .ur_count_incr_i        (ev_ur),
    .cpl_unexpected_incr_i  (2'(ev_cpl_unexpected[0]) + 2'(ev_cpl_unexpected[1])),
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
    .finish_ok_i      (!(fregs_ack && acc_we)),
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
    .rd_pending_o     (dma_rd_pending),
    .rd_tag_o         (dma_rd_tag),
    .rd_req_id_o      (dma_rd_req_id),
    .idle_o           (dma_idle),
    .rq_valid_o       (dma_rq_valid),
    .rq_ready_i       (dma_rq_ready),
    .rq_hdr_o         (dma_rq_hdr),
    .rq_data_o        (dma_rq_data),
    .rq_last_o        (dma_rq_last),
    .cpl_valid_i      (dma_cpl_valid),
    .cpl_sof_i        (dma_cpl_sof),
    .cpl_hdr_i        (rc_hdr),
    .cpl_data_i       (rc_data),
    .cpl_last_i       (rc_last)
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
  // asks it to)
  logic             ev_valid;   // the event, registered
  logic [FuncW-1:0] ev_func;
  logic [11:0]      ev_vec;
  logic             msix_ev_ready;
  logic             msix_dropped_any;
  logic             msix_sent_any;
  logic [FuncW-1:0] msix_sent_func;

  assign dp_irq_ready = !irq_test && !dma_raise && msix_ev_ready;

  // the event enters vfnic_msix through a register (docs/rtl-structure.md rule 5)
  logic             ev_valid_q;
  logic [FuncW-1:0] ev_func_q;
  logic [11:0]      ev_vec_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ev_valid_q <= 1'b0;
      ev_func_q  <= '0;
      ev_vec_q   <= '0;
    end else begin
      ev_valid_q <= irq_test || dma_raise || (dp_irq_valid && dp_irq_ready);
      ev_func_q  <= irq_test ? acc_func : dma_raise ? dma_raise_func : FuncW'(dp_irq_func);
      ev_vec_q   <= irq_test ? irq_test_vec : dma_raise ? dma_raise_vec : dp_irq_vec;
    end
  end
  assign ev_valid = ev_valid_q;
  assign ev_func  = ev_func_q;
  assign ev_vec   = ev_vec_q;

  vfnic_dma_sched #(
    .NumFuncs(NumFuncs)
  ) u_dma_sched (
    .clk_i              (clk_i),
    .rst_ni             (rst_ni),
    .ctrl_rd_i          (dma_ctrl_rd),
    .ctrl_wr_i          (dma_ctrl_wr),
    .ctrl_func_i        (acc_func),
    .ctrl_wdata_i       (acc_wdata),
    .ctrl_be_i          (acc_be),
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
  assign dma_rid = (dma_own_func == '0) ? pf_rid
                 : {bus_q, {dev_q, 3'b000} +
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
      cfg_wr_q   <= (cfg_req || vf_cfg_req) && acc_we;
      cfg_func_q <= (tgt_q == TgtVfCfg) ? FuncW'(vf_idx_q) + 1'b1 : '0;
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
    .reg_we_i        (acc_we),
    .reg_func_i      ((tgt_q == TgtVfMsix) ? FuncW'(vf_idx_q) + 1'b1 : '0),
    .reg_dw_i        (acc_off[MsixDwWidth+1:2]),
    .reg_be_i        (acc_be),
    .reg_wdata_i     (acc_wdata),
    .reg_ack_o       (msix_ack),
    .reg_rdata_o     (msix_rdata),
    .reg_hit_o       (msix_hit),
    .en_i            (fn_msix_en),
    .fmask_i         (fn_msix_fmask),
    .bme_i           (fn_bme),
    .rid_base_i      ({bus_q, dev_q, 3'b000}),
    .cfg_wr_i        (cfg_wr_q),
    .cfg_func_i      (cfg_func_q),
    .pf_flr_i        (pf_flr),
    .pf_clr_pending_i(pf_soft_reset_q),
    .vf_rst_i        (vf_clr),
    .vf_rst_func_i   (FuncW'(vf_clr_idx) + 1'b1),
    .vf_rst_mask_i   (vf_flr),
    .vf_en_i         (vf_en),
    .walk_o          (msix_walk),
    .ev_valid_i      (ev_valid),
    .ev_func_i       (ev_func),
    .ev_vec_i        (ev_vec),
    .ev_ready_o      (msix_ev_ready),
    .dropped_o       (msix_dropped_any),
    .sent_o          (msix_sent_any),
    .sent_func_o     (msix_sent_func),
    .msg_valid_o     (msg_valid),
    .msg_ready_i     (msg_ready),
    .msg_hdr_o       (msg_hdr),
    .msg_data_o      (msg_data),
    .busy_o          (msix_busy)
  );

  // ---------------------------------------------------------------------------------------
  // cq: receive one request, decode it, run its register accesses, send its completion
  // ---------------------------------------------------------------------------------------
  typedef enum logic [2:0] {
    CqIdle,    // ready for the first beat of a request
    CqDrain,   // consume payload beats the core does not use
    CqDecode,  // classify the request
    CqAccess,  // one register access per DW
    CqCpl      // completion on cc
  } cq_state_e;

  typedef enum logic [2:0] {
    TgtCfg,     // PF config space
    TgtBar0,
    TgtMsix,
    TgtVfCfg,   // config space of VF vf_idx_q
    TgtVfBar0,  // VF vf_idx_q's slice of VF BAR0 (its registers)
    TgtVfMsix   // VF vf_idx_q's slice of VF BAR2 (its MSI-X table and PBA)
  } target_e;

  cq_state_e    cq_state_q, cq_state_d;
  logic [127:0] req_hdr_q, req_hdr_d;
  logic [63:0]  req_data_q, req_data_d;  // the first two payload DWs: all a register access uses
  target_e      tgt_q, tgt_d;
  logic         acc_we_q, acc_we_d;
  logic         acc_two_q, acc_two_d;    // two-DW access
  logic         acc_idx_q, acc_idx_d;    // DW being accessed
  logic [23:0]  acc_off_q, acc_off_d;    // offset of the first DW
  logic         acc_skip_q, acc_skip_d;  // whole access is a bad access: no target sees it
  logic [31:0]  rd0_q, rd0_d;            // first DW read
  logic         bad_q, bad_d;
  logic [23:0]  bad_off_q, bad_off_d;
  logic [7:0]   fn_q, fn_d;              // routing function number of the target function
  logic [127:0] cpl_hdr_q, cpl_hdr_d;
  logic [63:0]  cpl_data_q, cpl_data_d;
  logic [VfIdxWidth-1:0] vf_idx_q, vf_idx_d;  // VF addressed by the request

  // ---- decode of the held request ----
  logic [7:0]  ft;
  logic [63:0] addr;
  logic [9:0]  len;
  logic [3:0]  fbe;
  logic [3:0]  lbe;
  logic        is_mrd;
  logic        is_mrdlk;
  logic        is_mwr;
  logic        is_cfg0;
  logic        len_ok;
  logic        hit_bar0;
  logic        hit_msix;
  logic        fits_bar0;
  logic        fits_msix;
  logic [7:0]  cfg_func;     // routing function number addressed by a config request
  logic        cfg_is_vf;    // ... names an enabled VF
  logic [7:0]  cfg_vf;       // ... VF number (cfg_func - FIRST_VF_OFFSET)
  logic [15:0] cpl_id;
  logic [11:0] rd_bc;
  logic [6:0]  rd_la;

  assign ft       = vfnic_tlp_pkg::fmt_type(req_hdr_q);
  assign addr     = vfnic_tlp_pkg::mem_addr(req_hdr_q);
  assign len      = vfnic_tlp_pkg::len_field(req_hdr_q);
  assign fbe      = vfnic_tlp_pkg::req_fbe(req_hdr_q);
  assign lbe      = vfnic_tlp_pkg::req_lbe(req_hdr_q);
  assign is_mrd   = (ft == vfnic_tlp_pkg::FT_MRD32) || (ft == vfnic_tlp_pkg::FT_MRD64);
  assign is_mrdlk = (ft == vfnic_tlp_pkg::FT_MRDLK32) || (ft == vfnic_tlp_pkg::FT_MRDLK64);
  assign is_mwr   = (ft == vfnic_tlp_pkg::FT_MWR32) || (ft == vfnic_tlp_pkg::FT_MWR64);
  assign is_cfg0  = (ft == vfnic_tlp_pkg::FT_CFGRD0) || (ft == vfnic_tlp_pkg::FT_CFGWR0);
  assign len_ok   = (len == 10'd1) || (len == 10'd2);
  // Function addressed by a config request, relative to the PF (routing ID minus the PF's).
  // While VF Enable is clear only the PF exists: the 3-bit function number counts and the
  // device bits are ignored (and captured), as before SR-IOV. While it is set, VF n is at the
  // PF's routing ID + First VF Offset + n x VF Stride (with ARI the PF is device 0, so that
  // is simply function 1 + n), and the device number is no longer recaptured.
  logic [15:0] cfg_target;
  assign cfg_target = vfnic_tlp_pkg::cfg_target_id(req_hdr_q);
  assign cfg_func   = vf_en ? (cfg_target[7:0] - {dev_q, 3'b000})
                            : {5'b00000, cfg_target[2:0]};
  assign cfg_vf    = cfg_func - vfnic_regs_pkg::FIRST_VF_OFFSET[7:0];
  // NumVFs <= TotalVFs whenever VF Enable is set (vfnic_func_cfg refuses or locks otherwise)
  assign cfg_is_vf = vf_en && (cfg_func >= vfnic_regs_pkg::FIRST_VF_OFFSET[7:0]) &&
                     (16'(cfg_vf) < num_vfs);

  // VF BAR decode: VF n's slice of VF BAR k is VFBAR_k + n * size_k; it answers while VF
  // Enable and VF MSE are set and n < NumVFs. PF BARs win if software overlaps them.
  logic [63:0] vf0_off, vf2_off;      // offset from the VF BAR base
  logic [63:0] vf0_n, vf2_n;          // VF number of the slice
  logic [21:0] vf0_slice, vf2_slice;  // offset in the slice (slices are 16 KiB..4 MiB)
  logic [21:0] vf0_last, vf2_last;    // offset of the last DW of a slice
  logic        hit_vf0, hit_vf2;
  logic        fits_vf0, fits_vf2;

  assign vf0_off   = addr - vf_bar0;
  assign vf2_off   = addr - vf_bar2;
  assign vf0_n     = vf0_off >> vf_bar0_size_log2;
  assign vf2_n     = vf2_off >> vf_bar2_size_log2;
  assign vf0_last  = 22'((64'd1 << vf_bar0_size_log2) - 64'd4);
  assign vf2_last  = 22'((64'd1 << vf_bar2_size_log2) - 64'd4);
  assign vf0_slice = vf0_off[21:0] & (vf0_last | 22'h3);
  assign vf2_slice = vf2_off[21:0] & (vf2_last | 22'h3);
  assign hit_vf0   = vf_en && vf_mse && (vf0_n < 64'(num_vfs));
  assign hit_vf2   = vf_en && vf_mse && (vf2_n < 64'(num_vfs)) && !hit_vf0;
  assign fits_vf0  = (len == 10'd1) || ({vf0_slice[21:2], 2'b00} != vf0_last);
  assign fits_vf2  = (len == 10'd1) || ({vf2_slice[21:2], 2'b00} != vf2_last);

  // BAR decode against the function's own BAR registers; BAR0 wins if software overlaps them
  assign hit_bar0 = mem_en && (addr[63:Bar0SizeLog2] == bar0[63:Bar0SizeLog2]);
  assign hit_msix = mem_en && !hit_bar0 &&
                    (addr[63:MsixBarSizeLog2] == msix_bar[63:MsixBarSizeLog2]);
  // a two-DW access must not run past the end of the BAR
  assign fits_bar0 = (len == 10'd1) || !(&addr[Bar0SizeLog2-1:2]);
  assign fits_msix = (len == 10'd1) || !(&addr[MsixBarSizeLog2-1:2]);

  // Completions carry the ID of the function that answers: a UR for a config request the
  // addressed function number, any other UR the PF's, an access the target function's
  logic [7:0] cpl_fn;
  assign cpl_fn = (cq_state_q == CqDecode) ? (is_cfg0 ? cfg_func : PfFunc) : fn_q;
  assign cpl_id = {bus_q, {dev_q, 3'b000} + cpl_fn};
  assign rd_bc  = vfnic_tlp_pkg::rd_byte_count(len, fbe, lbe);
  assign rd_la  = vfnic_tlp_pkg::rd_lower_addr(addr[6:0], fbe);

  // ---- register access of the current DW ----
  logic [31:0] acc_rdata;
  logic        acc_hit;

  assign acc_req   = (cq_state_q == CqAccess) && !acc_skip_q;
  assign acc_we    = acc_we_q;
  assign acc_off   = acc_off_q + {21'h0, acc_idx_q, 2'b00};
  assign acc_be    = (acc_two_q && acc_idx_q) ? lbe : fbe;
  assign acc_wdata = acc_idx_q ? req_data_q[63:32] : req_data_q[31:0];
  assign cfg_req   = acc_req && (tgt_q == TgtCfg);
  assign acc_func  = (tgt_q == TgtVfBar0 || tgt_q == TgtVfMsix) ? FuncW'(vf_idx_q) + 1'b1 : '0;
  assign vf_cfg_req = acc_req && (tgt_q == TgtVfCfg);
  // a VF slice larger than the native 16 KiB (big system pages) holds nothing above it
  assign vf_in_native = (acc_off[23:vfnic_regs_pkg::VF_BAR0_SIZE_LOG2] == '0);
  // the function's BAR0 registers: vfnic_func_regs, or the datapath where it has none; the
  // access is withdrawn while vfnic_msix walks (it then answers nothing: acks only a held req)
  logic bar0_req;
  assign bar0_req  = acc_req && (tgt_q == TgtBar0 || (tgt_q == TgtVfBar0 && vf_in_native));
  assign fregs_req = bar0_req && !msix_walk;
  // MSI-X table and PBA accesses are ack-style (a registered RAM read)
  assign msix_sel     = acc_req && (tgt_q == TgtMsix || (tgt_q == TgtVfMsix && vf_in_native));

  // BAR0 offsets the PF/VF register files do not claim belong to the datapath, which may take
  // a few cycles to answer (statistics counters): the access then waits for dp_ack
  assign dp_sel = bar0_req && !fregs_hit;
  // (an access that vfnic_func_regs decodes waits for its ack: a registered memory read)
  logic fregs_sel;
  assign fregs_sel = fregs_req && fregs_hit;

  always_comb begin
    acc_rdata = '0;
    acc_hit   = 1'b0;
    if (dp_sel) begin
      acc_rdata = dp_rdata;
      acc_hit   = dp_hit;
    end else if (!acc_skip_q) begin
      case (tgt_q)
        TgtCfg: begin
          acc_rdata = cfg_rdata;
          acc_hit   = 1'b1;  // config space has no holes: unimplemented registers read 0
        end
        TgtBar0: begin
          acc_rdata = fregs_rdata;
          acc_hit   = fregs_hit;
        end
        TgtMsix: begin
          acc_rdata = msix_rdata;
          acc_hit   = msix_hit;
        end
        TgtVfCfg: begin
          acc_rdata = cfg_rdata;
          acc_hit   = 1'b1;
        end
        TgtVfBar0: begin
          acc_rdata = fregs_rdata;
          acc_hit   = fregs_hit && vf_in_native;
        end
        TgtVfMsix: begin
          acc_rdata = msix_rdata;
          acc_hit   = msix_hit && vf_in_native;
        end
        default: ;
      endcase
    end
    if (!acc_hit) begin
      acc_rdata = '0;  // holes read 0
    end
  end

  // ---- cq state machine ----
  logic ur;    // decode: answer with Unsupported Request (completion or, if posted, drop)
  logic drop;  // decode: consume without effect on any register

  always_comb begin
    cq_state_d = cq_state_q;
    req_hdr_d  = req_hdr_q;
    req_data_d = req_data_q;
    tgt_d      = tgt_q;
    acc_we_d   = acc_we_q;
    acc_two_d  = acc_two_q;
    acc_idx_d  = acc_idx_q;
    acc_off_d  = acc_off_q;
    acc_skip_d = acc_skip_q;
    rd0_d      = rd0_q;
    bad_d      = bad_q;
    bad_off_d  = bad_off_q;
    fn_d       = fn_q;
    cpl_hdr_d  = cpl_hdr_q;
    cpl_data_d = cpl_data_q;
    vf_idx_d   = vf_idx_q;
    bus_d      = bus_q;
    dev_d      = dev_q;

    cq_ready           = 1'b0;
    ev_ur                = 1'b0;
    ev_poisoned          = 1'b0;
    ev_cpl_unexpected[0] = 1'b0;
    ev_bad_access        = 1'b0;
    ev_bad_access_addr   = '0;
    ur                   = 1'b0;
    drop                 = 1'b0;

    case (cq_state_q)
      CqIdle: begin
        cq_ready = 1'b1;
        if (cq_valid) begin
          req_hdr_d  = cq_hdr;
          req_data_d = cq_data[63:0];
          if (vfnic_tlp_pkg::fmt_type(cq_hdr) == vfnic_tlp_pkg::FT_CFGWR0) begin
            bus_d = cq_hdr[95:88];
            if (!vf_en) begin
              dev_d = cq_hdr[87:83];  // the PF's device number (0 under ARI)
            end
          end
          if (cq_last) begin
            cq_state_d = CqDecode;
          end else begin
            cq_state_d = CqDrain;
          end
        end
      end

      CqDrain: begin
        cq_ready = 1'b1;
        if (cq_valid && cq_last) begin
          cq_state_d = CqDecode;
        end
      end

      CqDecode: begin
        acc_idx_d  = 1'b0;
        acc_skip_d = 1'b0;
        bad_d      = 1'b0;
        acc_two_d  = (len == 10'd2);
        ev_poisoned = vfnic_tlp_pkg::has_data(req_hdr_q) && vfnic_tlp_pkg::poisoned(req_hdr_q);

        if (vfnic_tlp_pkg::is_cpl(req_hdr_q)) begin
          // a completion is not a request: nothing to answer
          ev_cpl_unexpected[0] = 1'b1;
          drop = 1'b1;
        end else if (is_mwr || is_mrd) begin
          if (is_mwr && vfnic_tlp_pkg::poisoned(req_hdr_q)) begin
            drop = 1'b1;  // poisoned write data must not reach a register
          end else if (hit_bar0 && len_ok && fits_bar0) begin
            tgt_d     = TgtBar0;
            acc_off_d = 24'(addr[Bar0SizeLog2-1:0]);
            fn_d      = PfFunc;
          end else if (hit_msix && len_ok && fits_msix) begin
            tgt_d      = TgtMsix;
            acc_off_d  = 24'(addr[MsixBarSizeLog2-1:0]);
            fn_d       = PfFunc;
            // table and PBA take DW and aligned QW accesses only
            acc_skip_d = (len == 10'd2) && addr[2];
          end else if (!hit_bar0 && !hit_msix && hit_vf0 && len_ok && fits_vf0) begin
            tgt_d     = TgtVfBar0;
            acc_off_d = {2'b00, vf0_slice};
            vf_idx_d  = VfIdxWidth'(vf0_n);
            fn_d      = 8'(vf0_n) + vfnic_regs_pkg::FIRST_VF_OFFSET[7:0];
          end else if (!hit_bar0 && !hit_msix && hit_vf2 && len_ok && fits_vf2) begin
            tgt_d      = TgtVfMsix;
            acc_off_d  = {2'b00, vf2_slice};
            vf_idx_d   = VfIdxWidth'(vf2_n);
            fn_d       = 8'(vf2_n) + vfnic_regs_pkg::FIRST_VF_OFFSET[7:0];
            acc_skip_d = (len == 10'd2) && addr[2];
          end else begin
            ur = 1'b1;
          end
          acc_we_d = is_mwr;
        end else if (is_cfg0) begin
          if ((cfg_func != PfFunc && !cfg_is_vf) || len != 10'd1 ||
              (vfnic_tlp_pkg::has_data(req_hdr_q) && vfnic_tlp_pkg::poisoned(req_hdr_q))) begin
            ur = 1'b1;  // no such function, malformed length, or poisoned write
          end else begin
            if (cfg_is_vf) begin
              tgt_d = TgtVfCfg;
            end else begin
              tgt_d = TgtCfg;
            end
            vf_idx_d  = VfIdxWidth'(cfg_vf);
            acc_off_d = {12'h0, vfnic_tlp_pkg::cfg_dw_addr(req_hdr_q), 2'b00};
            fn_d      = cfg_func;
            acc_we_d  = vfnic_tlp_pkg::has_data(req_hdr_q);
            acc_two_d = 1'b0;
          end
        end else begin
          ur = 1'b1;  // I/O, Type 1 config, messages, atomics, locked reads, unknown types
        end

        if (ur) begin
          ev_ur = 1'b1;
          if (vfnic_tlp_pkg::is_posted(req_hdr_q)) begin
            cq_state_d = CqIdle;
          end else begin
            cpl_hdr_d  = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, 1'b0, vfnic_tlp_pkg::CPL_UR, cpl_id,
                                                (is_mrd || is_mrdlk) ? rd_bc : 12'd4,
                                                (is_mrd || is_mrdlk) ? rd_la : 7'd0, 10'd0);
            cpl_data_d = '0;
            cq_state_d = CqCpl;
          end
        end else if (drop) begin
          cq_state_d = CqIdle;
        end else begin
          cq_state_d = CqAccess;
        end
      end

      CqAccess: if ((!dp_sel || dp_ack) && (!fregs_sel || fregs_ack) && (!msix_sel || msix_ack) &&
                    !msix_walk) begin
        if (!acc_hit && !bad_q) begin
          bad_d     = 1'b1;
          bad_off_d = acc_off;
        end
        if (acc_idx_q == 1'b0) begin
          rd0_d = acc_rdata;
        end
        if (acc_two_q && !acc_idx_q) begin
          acc_idx_d = 1'b1;
        end else begin
          // last DW: report a bad access once, then answer
          ev_bad_access_addr = {8'h0, bad_off_d};
          if (bad_d && tgt_q != TgtCfg && tgt_q != TgtVfCfg) begin
            ev_bad_access = 1'b1;  // counted in the registers of function acc_func
          end
          if (tgt_q == TgtCfg || tgt_q == TgtVfCfg) begin
            cpl_hdr_d = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, !acc_we_q, vfnic_tlp_pkg::CPL_SC,
                                               cpl_id, 12'd4, 7'd0, 10'd1);
          end else begin
            cpl_hdr_d = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, 1'b1, vfnic_tlp_pkg::CPL_SC,
                                               cpl_id, rd_bc, rd_la, len);
          end
          cpl_data_d = acc_two_q ? {acc_rdata, rd0_q} : {32'h0, acc_rdata};
          if (acc_we_q && tgt_q != TgtCfg && tgt_q != TgtVfCfg) begin
            cq_state_d = CqIdle;  // memory writes are posted
          end else begin
            cq_state_d = CqCpl;
          end
        end
      end

      CqCpl: begin
        if (cc_ready) begin
          cq_state_d = CqIdle;
        end
      end

      default: cq_state_d = CqIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cq_state_q <= CqIdle;
      req_hdr_q  <= '0;
      req_data_q <= '0;
      tgt_q      <= TgtCfg;
      acc_we_q   <= 1'b0;
      acc_two_q  <= 1'b0;
      acc_idx_q  <= 1'b0;
      acc_off_q  <= '0;
      acc_skip_q <= 1'b0;
      rd0_q      <= '0;
      bad_q      <= 1'b0;
      bad_off_q  <= '0;
      fn_q       <= '0;
      cpl_hdr_q  <= '0;
      cpl_data_q <= '0;
      vf_idx_q   <= '0;
      bus_q      <= '0;
      dev_q      <= '0;
    end else begin
      cq_state_q <= cq_state_d;
      req_hdr_q  <= req_hdr_d;
      req_data_q <= req_data_d;
      tgt_q      <= tgt_d;
      acc_we_q   <= acc_we_d;
      acc_two_q  <= acc_two_d;
      acc_idx_q  <= acc_idx_d;
      acc_off_q  <= acc_off_d;
      acc_skip_q <= acc_skip_d;
      rd0_q      <= rd0_d;
      bad_q      <= bad_d;
      bad_off_q  <= bad_off_d;
      fn_q       <= fn_d;
      cpl_hdr_q  <= cpl_hdr_d;
      cpl_data_q <= cpl_data_d;
      vf_idx_q   <= vf_idx_d;
      bus_q      <= bus_d;
      dev_q      <= dev_d;
    end
  end

  // The completion leaves through a register slice (docs/rtl-structure.md rule 5)
  vfnic_skid #(
    .Width(257)
  ) u_cc_slice (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (cq_state_q == CqCpl),
    .in_ready_o (cc_ready),
    .in_data_i  ({cpl_hdr_q, 64'h0, cpl_data_q, 1'b1}),
    .out_valid_o(cc_valid_o),
    .out_ready_i(cc_ready_i),
    .out_data_o ({cc_hdr_o, cc_data_o, cc_last_o}),
    .busy_o     (cc_slice_busy)
  );

  // ---------------------------------------------------------------------------------------
  // rq: DMA engine and MSI-X messages share the request stream
  // ---------------------------------------------------------------------------------------
  logic [2:0]   arb_ready;
  logic         arb_busy;
  logic         arb_valid, arb_out_ready, arb_last, rq_slice_busy;
  logic [127:0] arb_hdr, arb_data;

  vfnic_tlp_arb #(
    .NumIn(3)
  ) u_rq_arb (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i ({dp_rq_valid, msg_valid, dma_rq_valid}),
    .in_ready_o (arb_ready),
    .in_hdr_i   ({dp_rq_hdr, msg_hdr, dma_rq_hdr}),
    .in_data_i  ({dp_rq_data, msg_data, dma_rq_data}),
    .in_last_i  ({dp_rq_last, 1'b1, dma_rq_last}),
    .out_valid_o(arb_valid),
    .out_ready_i(arb_out_ready),
    .out_hdr_o  (arb_hdr),
    .out_data_o (arb_data),
    .out_last_o (arb_last),
    .busy_o     (arb_busy)
  );

  // the core's rq port leaves from flops (docs/rtl-structure.md rule 5)
  vfnic_skid #(
    .Width(257)
  ) u_rq_slice (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (arb_valid),
    .in_ready_o (arb_out_ready),
    .in_data_i  ({arb_hdr, arb_data, arb_last}),
    .out_valid_o(rq_valid_o),
    .out_ready_i(rq_ready_i),
    .out_data_o ({rq_hdr_o, rq_data_o, rq_last_o}),
    .busy_o     (rq_slice_busy)
  );

  assign dma_rq_ready = arb_ready[0];
  assign msg_ready    = arb_ready[1];
  assign dp_rq_ready  = arb_ready[2];

  // ---------------------------------------------------------------------------------------
  // rc: completions with a tag below DMA_TAGS belong to the datapath's read engine (which
  // matches them itself); the others are matched by tag and requester ID against the DMA
  // test engine's outstanding read. Anything else is dropped and counted. Always ready, so
  // the stream never stalls.
  // ---------------------------------------------------------------------------------------
  logic rc_in_tlp_q, rc_in_tlp_d;  // between the first and last beat of a TLP
  logic rc_match_q, rc_match_d;    // the TLP in progress belongs to the DMA test engine
  logic rc_dp_q, rc_dp_d;          // ... to the datapath
  logic rc_sof;
  logic rc_match_new;
  logic rc_dp_new;
  logic rc_match;
  logic rc_dp;

  assign rc_ready_o   = 1'b1;
  assign rc_sof       = !rc_in_tlp_q;
  assign rc_dp_new    = vfnic_tlp_pkg::is_cpl(rc_hdr) &&
                        (vfnic_tlp_pkg::cpl_tag(rc_hdr) < 8'(vfnic_regs_pkg::DMA_TAGS));
  assign rc_match_new = vfnic_tlp_pkg::is_cpl(rc_hdr) && dma_rd_pending && !rc_dp_new &&
                        (vfnic_tlp_pkg::cpl_tag(rc_hdr) == dma_rd_tag) &&
                        (vfnic_tlp_pkg::cpl_req_id(rc_hdr) == dma_rd_req_id);
  assign rc_match     = rc_sof ? rc_match_new : rc_match_q;
  assign rc_dp        = rc_sof ? rc_dp_new : rc_dp_q;

  always_comb begin
    rc_in_tlp_d          = rc_in_tlp_q;
    rc_match_d           = rc_match_q;
    rc_dp_d              = rc_dp_q;
    ev_cpl_unexpected[1] = dp_rc_unexpected;
    if (rc_valid) begin
      rc_in_tlp_d = !rc_last;
      rc_match_d  = rc_match;
      rc_dp_d     = rc_dp;
      if (rc_sof && !rc_match_new && !rc_dp_new) begin
        ev_cpl_unexpected[1] = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rc_in_tlp_q <= 1'b0;
      rc_match_q  <= 1'b0;
      rc_dp_q     <= 1'b0;
    end else begin
      rc_in_tlp_q <= rc_in_tlp_d;
      rc_match_q  <= rc_match_d;
      rc_dp_q     <= rc_dp_d;
    end
  end

  assign dma_cpl_valid = rc_valid && rc_match;
  assign dma_cpl_sof   = rc_sof;
  assign dp_cpl_valid  = rc_valid && rc_dp;

  // ---------------------------------------------------------------------------------------
  // Datapath
  // ---------------------------------------------------------------------------------------
  // Bus Master Enable per routing function (a VF's needs VF Enable and n < NumVFs) and the
  // function resets: FLR, software reset, every VF while VF Enable is clear
  // (vector expressions, no loop over the VFs: VF n's bit is n + 1)
  logic [TotalVfs-1:0] dp_vf_num_mask;   // n < NumVFs
  logic [TotalVfs-1:0] dp_vf_clr_bit;    // the VF being reset by FLR or software reset
  assign dp_vf_num_mask = ~({TotalVfs{1'b1}} << num_vfs);
  assign dp_vf_clr_bit  = vf_clr ? (TotalVfs'(1) << vf_clr_idx) : '0;
  assign dp_bme    = {vf_bme[TotalVfs-1:0] & dp_vf_num_mask & {TotalVfs{vf_en}}, bus_master_en};
  assign dp_freset = {{TotalVfs{!vf_en}} | dp_vf_clr_bit, pf_clr};

  // The Ethernet port is registered in both directions (docs/rtl-structure.md rule 5): the
  // received beats and the link state pass one register stage (the port has no ready), the
  // transmitted stream leaves through vfnic_dp's output slice.
  logic        eth_rx_valid_q, eth_rx_last_q, eth_rx_err_q, eth_link_up_q;
  logic [63:0] eth_rx_data_q;
  logic [7:0]  eth_rx_keep_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      eth_rx_valid_q <= 1'b0;
      eth_rx_last_q  <= 1'b0;
      eth_rx_err_q   <= 1'b0;
      eth_rx_data_q  <= '0;
      eth_rx_keep_q  <= '0;
      eth_link_up_q  <= 1'b0;
    end else begin
      eth_rx_valid_q <= eth_rx_valid_i;
      if (eth_rx_valid_i) begin
        eth_rx_last_q <= eth_rx_last_i;
        eth_rx_err_q  <= eth_rx_err_i;
        eth_rx_data_q <= eth_rx_data_i;
        eth_rx_keep_q <= eth_rx_keep_i;
      end
      eth_link_up_q <= eth_link_up_i;
    end
  end

  vfnic_dp #(
    .TotalVfs (TotalVfs),
    .PfVectors(MsixVectors),
    .VfVectors(VfMsixVectors)
  ) u_dp (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .reg_req_i      (dp_sel),
    .reg_we_i       (acc_we),
    .reg_func_i     ((tgt_q == TgtVfBar0) ? fn_q[6:0] : 7'd0),
    .reg_off_i      (acc_off[15:0]),
    .reg_be_i       (acc_be),
    .reg_wdata_i    (acc_wdata),
    .reg_ack_o      (dp_ack),
    .reg_rdata_o    (dp_rdata),
    .reg_hit_o      (dp_hit),
    .rid_base_i     ({bus_q, dev_q, 3'b000}),
    .mps_i          (pf_dev_ctl[7:5]),
    .mrrs_i         (pf_dev_ctl[14:12]),
    .bme_i          (dp_bme),
    .freset_i       (dp_freset),
    .vf_clr_i       (vf_clr),
    .vf_clr_idx_i   (7'(vf_clr_idx)),
    .vf_clr_all_i   (!vf_en),
    .rq_valid_o     (dp_rq_valid),
    .rq_ready_i     (dp_rq_ready),
    .rq_hdr_o       (dp_rq_hdr),
    .rq_data_o      (dp_rq_data),
    .rq_last_o      (dp_rq_last),
    .rc_valid_i     (dp_cpl_valid),
    .rc_sof_i       (rc_sof),
    .rc_hdr_i       (rc_hdr),
    .rc_data_i      (rc_data),
    .rc_last_i      (rc_last),
    .rc_unexpected_o(dp_rc_unexpected),
    .irq_valid_o    (dp_irq_valid),
    .irq_func_o     (dp_irq_func),
    .irq_vec_o      (dp_irq_vec),
    .irq_ready_i    (dp_irq_ready),
    .eth_tx_valid_o (eth_tx_valid_o),   // from vfnic_dp's output slice
    .eth_tx_ready_i (eth_tx_ready_i),
    .eth_tx_data_o  (eth_tx_data_o),
    .eth_tx_keep_o  (eth_tx_keep_o),
    .eth_tx_last_o  (eth_tx_last_o),
    .eth_rx_valid_i (eth_rx_valid_q),
    .eth_rx_data_i  (eth_rx_data_q),
    .eth_rx_keep_i  (eth_rx_keep_q),
    .eth_rx_last_i  (eth_rx_last_q),
    .eth_rx_err_i   (eth_rx_err_q),
    .eth_link_up_i  (eth_link_up_q),
    .idle_o         (dp_idle)
  );

  // ---------------------------------------------------------------------------------------
  // idle: no request in progress, nothing to send, no read outstanding, no TLP half-received
  // ---------------------------------------------------------------------------------------
  assign idle_o = (cq_state_q == CqIdle) && !rc_in_tlp_q && dma_idle && !msix_busy && !arb_busy &&
                  !pf_soft_reset_q && !vf_soft_reset_q && !ev_valid_q && !cfg_wr_q && dma_sched_idle &&
                  dp_idle && !cq_slice_busy && !cc_slice_busy && !rc_valid && !rq_slice_busy && !eth_rx_valid_q &&
                  (eth_link_up_q == eth_link_up_i);


  // A register access uses at most the first two payload DWs; BAR bits below the BAR size are
  // always 0
  logic unused_core;
  // ARI Capable Hierarchy changes nothing here: First VF Offset and VF Stride are constant;
  // of Device Control the datapath uses MPS and MRRS
  assign unused_core = ^{cq_data[127:64], bar0[Bar0SizeLog2-1:0], cfg_target[15:8], ari_hier,
                         msix_bar[MsixBarSizeLog2-1:0], pf_dev_ctl[15], pf_dev_ctl[11:8],
                         pf_dev_ctl[4:0], 7'(dp_irq_func >> FuncW)};

`ifdef FORMAL
  // ---------------------------------------------------------------------------------------
  // AXI-Stream rules: assumed for the inputs, asserted for the outputs
  // ---------------------------------------------------------------------------------------
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni)) begin
      if ($past(cq_valid_i && !cq_ready_o)) begin
        assume (cq_valid_i);
        assume ($stable(cq_hdr_i) && $stable(cq_data_i) && $stable(cq_last_i));
      end
      if ($past(rc_valid_i && !rc_ready_o)) begin
        assume (rc_valid_i);
        assume ($stable(rc_hdr_i) && $stable(rc_data_i) && $stable(rc_last_i));
      end
      // the datapath's request stream (u_dp is cut out of the proof, see rtl/lint/lint.sh)
      if ($past(dp_rq_valid && !dp_rq_ready)) begin
        assume (dp_rq_valid);
        assume ($stable(dp_rq_hdr) && $stable(dp_rq_data) && $stable(dp_rq_last));
      end
      if ($past(cc_valid_o && !cc_ready_i)) begin
        assert (cc_valid_o);
        assert ($stable(cc_hdr_o) && $stable(cc_data_o) && $stable(cc_last_o));
      end
      if ($past(rq_valid_o && !rq_ready_i)) begin
        assert (rq_valid_o);
        assert ($stable(rq_hdr_o) && $stable(rq_data_o) && $stable(rq_last_o));
      end
    end
  end
`endif

endmodule

`default_nettype wire
