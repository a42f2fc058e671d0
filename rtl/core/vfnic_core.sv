// SPDX-License-Identifier: MIT
// vfnic core: the whole device behind the TLP stream interface of docs/tlp-stream.md.
// The physical function (config space, BAR decode, BAR0 register file, MSI-X, DMA test engine),
// the SR-IOV function layer of docs/sriov.md (ARI, SR-IOV capability, VF config spaces) and the
// datapath of docs/datapath.md (vfnic_dp: queues, DMA, classifier, VEB, mailbox, statistics).
// cq requests are served one at a time, in order.
//
// Structural top: the boundary slices and registers of every port (docs/rtl-structure.md
// rule 5), the TLP target/completer (vfnic_core_tlp: cq decode, register accesses, cc
// completions), the function layer (vfnic_core_func: config spaces, BAR0 registers, MSI-X, DMA
// test engine, interrupt events, function resets), the datapath (vfnic_dp), the rq arbiter
// (vfnic_tlp_arb) and the steering of rc completions by tag.
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
  localparam int unsigned FuncW           = (TotalVfs > 0) ? $clog2(TotalVfs + 1) : 1;

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
  // Wiring
  // ---------------------------------------------------------------------------------------
  localparam int unsigned NumFuncs = TotalVfs + 1;

  // register-access port: TLP target -> function layer (-> datapath for BAR0 offsets the
  // function registers do not decode)
  logic             acc_req;
  logic             acc_we;
  logic [2:0]       acc_tgt;
  logic [FuncW-1:0] acc_func;
  logic [7:0]       acc_fn;
  logic [23:0]      acc_off;
  logic [3:0]       acc_be;
  logic [31:0]      acc_wdata;
  logic             acc_ack;
  logic             acc_hit;
  logic [31:0]      acc_rdata;
  logic [15:0]      rid_base;       // {bus, device, 3'b000} of the PF

  // events of the target and the rc steering
  logic        ev_ur;
  logic        ev_poisoned;
  logic        tlp_cpl_unexpected;  // a completion received on cq
  logic        rc_cpl_unexpected;   // an unmatched completion on rc
  logic        ev_bad_access;       // counted for function acc_func
  logic [31:0] ev_bad_access_addr;

  // config-space state for the target's decode and the datapath
  logic        mem_en;
  logic [63:0] bar0;
  logic [63:0] msix_bar;
  logic        vf_en;
  logic        vf_mse;
  logic [15:0] num_vfs;
  logic [4:0]  vf_bar0_size_log2;
  logic [4:0]  vf_bar2_size_log2;
  logic [63:0] vf_bar0;
  logic [63:0] vf_bar2;
  logic [2:0]  mps;
  logic [2:0]  mrrs;

  // cc completion of the target
  logic         cpl_valid;
  logic [127:0] cpl_hdr;
  logic [63:0]  cpl_data;
  logic         tlp_idle;
  logic         func_idle;

  // DMA test engine
  logic         dma_rd_pending;
  logic [7:0]   dma_rd_tag;
  logic [15:0]  dma_rd_req_id;
  logic         dma_rq_valid;
  logic         dma_rq_ready;
  logic [127:0] dma_rq_hdr;
  logic [127:0] dma_rq_data;
  logic         dma_rq_last;
  logic         dma_cpl_valid;
  logic         dma_cpl_sof;

  // MSI-X messages
  logic         msg_valid;
  logic         msg_ready;
  logic [127:0] msg_hdr;
  logic [127:0] msg_data;

  // datapath
  logic                dp_sel;      // the current register access goes to the datapath
  logic [6:0]          dp_func;
  logic                dp_ack;
  logic [31:0]         dp_rdata;
  logic                dp_hit;
  logic [NumFuncs-1:0] dp_bme;
  logic [NumFuncs-1:0] dp_freset;
  logic                vf_clr;
  logic [6:0]          vf_clr_idx;
  logic                vf_clr_all;
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

  // ---------------------------------------------------------------------------------------
  // TLP target/completer: cq requests -> register accesses -> cc completions
  // ---------------------------------------------------------------------------------------
  vfnic_core_tlp #(
    .Bar0SizeLog2   (Bar0SizeLog2),
    .MsixBarSizeLog2(MsixBarSizeLog2),
    .TotalVfs       (TotalVfs)
  ) u_tlp (
    .clk_i               (clk_i),
    .rst_ni              (rst_ni),
    .cq_valid_i          (cq_valid),
    .cq_ready_o          (cq_ready),
    .cq_hdr_i            (cq_hdr),
    .cq_data_i           (cq_data[63:0]),
    .cq_last_i           (cq_last),
    .cpl_valid_o         (cpl_valid),
    .cc_ready_i          (cc_ready),
    .cpl_hdr_o           (cpl_hdr),
    .cpl_data_o          (cpl_data),
    .mem_en_i            (mem_en),
    .bar0_i              (bar0),
    .msix_bar_i          (msix_bar),
    .vf_en_i             (vf_en),
    .vf_mse_i            (vf_mse),
    .num_vfs_i           (num_vfs),
    .vf_bar0_size_log2_i (vf_bar0_size_log2),
    .vf_bar2_size_log2_i (vf_bar2_size_log2),
    .vf_bar0_i           (vf_bar0),
    .vf_bar2_i           (vf_bar2),
    .acc_req_o           (acc_req),
    .acc_we_o            (acc_we),
    .acc_tgt_o           (acc_tgt),
    .acc_func_o          (acc_func),
    .acc_fn_o            (acc_fn),
    .acc_off_o           (acc_off),
    .acc_be_o            (acc_be),
    .acc_wdata_o         (acc_wdata),
    .acc_ack_i           (acc_ack),
    .acc_hit_i           (acc_hit),
    .acc_rdata_i         (acc_rdata),
    .rid_base_o          (rid_base),
    .ev_ur_o             (ev_ur),
    .ev_poisoned_o       (ev_poisoned),
    .ev_cpl_unexpected_o (tlp_cpl_unexpected),
    .ev_bad_access_o     (ev_bad_access),
    .ev_bad_access_addr_o(ev_bad_access_addr),
    .idle_o              (tlp_idle)
  );

  // The completion leaves through a register slice (docs/rtl-structure.md rule 5)
  vfnic_skid #(
    .Width(257)
  ) u_cc_slice (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i (cpl_valid),
    .in_ready_o (cc_ready),
    .in_data_i  ({cpl_hdr, 64'h0, cpl_data, 1'b1}),
    .out_valid_o(cc_valid_o),
    .out_ready_i(cc_ready_i),
    .out_data_o ({cc_hdr_o, cc_data_o, cc_last_o}),
    .busy_o     (cc_slice_busy)
  );

  // ---------------------------------------------------------------------------------------
  // Function layer: config spaces, BAR0 registers, MSI-X, DMA test engine, function resets
  // ---------------------------------------------------------------------------------------
  vfnic_core_func #(
    .VendorId            (VendorId),
    .DeviceId            (DeviceId),
    .SubsysVendorId      (SubsysVendorId),
    .SubsysId            (SubsysId),
    .RevisionId          (RevisionId),
    .ClassCode           (ClassCode),
    .MsixVectors         (MsixVectors),
    .DmaMaxBytes         (DmaMaxBytes),
    .DmaTimeoutCyclesLog2(DmaTimeoutCyclesLog2),
    .TotalVfs            (TotalVfs),
    .VfMsixVectors       (VfMsixVectors),
    .Bar0SizeLog2        (Bar0SizeLog2),
    .MsixBarSizeLog2     (MsixBarSizeLog2)
  ) u_func (
    .clk_i               (clk_i),
    .rst_ni              (rst_ni),
    .reg_req_i           (acc_req),
    .reg_we_i            (acc_we),
    .reg_tgt_i           (acc_tgt),
    .reg_func_i          (acc_func),
    .reg_fn_i            (acc_fn),
    .reg_off_i           (acc_off),
    .reg_be_i            (acc_be),
    .reg_wdata_i         (acc_wdata),
    .reg_ack_o           (acc_ack),
    .reg_hit_o           (acc_hit),
    .reg_rdata_o         (acc_rdata),
    .dp_req_o            (dp_sel),
    .dp_func_o           (dp_func),
    .dp_ack_i            (dp_ack),
    .dp_hit_i            (dp_hit),
    .dp_rdata_i          (dp_rdata),
    .rid_base_i          (rid_base),
    .mem_en_o            (mem_en),
    .bar0_o              (bar0),
    .msix_bar_o          (msix_bar),
    .vf_en_o             (vf_en),
    .vf_mse_o            (vf_mse),
    .num_vfs_o           (num_vfs),
    .vf_bar0_size_log2_o (vf_bar0_size_log2),
    .vf_bar2_size_log2_o (vf_bar2_size_log2),
    .vf_bar0_o           (vf_bar0),
    .vf_bar2_o           (vf_bar2),
    .mps_o               (mps),
    .mrrs_o              (mrrs),
    .ev_ur_i             (ev_ur),
    .ev_poisoned_i       (ev_poisoned),
    .ev_cpl_unexpected_i ({rc_cpl_unexpected, tlp_cpl_unexpected}),
    .ev_bad_access_i     (ev_bad_access),
    .ev_bad_access_addr_i(ev_bad_access_addr),
    .dp_bme_o            (dp_bme),
    .dp_freset_o         (dp_freset),
    .vf_clr_o            (vf_clr),
    .vf_clr_idx_o        (vf_clr_idx),
    .vf_clr_all_o        (vf_clr_all),
    .irq_valid_i         (dp_irq_valid),
    .irq_ready_o         (dp_irq_ready),
    .irq_func_i          (dp_irq_func),
    .irq_vec_i           (dp_irq_vec),
    .msg_valid_o         (msg_valid),
    .msg_ready_i         (msg_ready),
    .msg_hdr_o           (msg_hdr),
    .msg_data_o          (msg_data),
    .dma_rq_valid_o      (dma_rq_valid),
    .dma_rq_ready_i      (dma_rq_ready),
    .dma_rq_hdr_o        (dma_rq_hdr),
    .dma_rq_data_o       (dma_rq_data),
    .dma_rq_last_o       (dma_rq_last),
    .dma_cpl_valid_i     (dma_cpl_valid),
    .dma_cpl_sof_i       (dma_cpl_sof),
    .rc_hdr_i            (rc_hdr),
    .rc_data_i           (rc_data),
    .rc_last_i           (rc_last),
    .dma_rd_pending_o    (dma_rd_pending),
    .dma_rd_tag_o        (dma_rd_tag),
    .dma_rd_req_id_o     (dma_rd_req_id),
    .idle_o              (func_idle)
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
    rc_cpl_unexpected = dp_rc_unexpected;
    if (rc_valid) begin
      rc_in_tlp_d = !rc_last;
      rc_match_d  = rc_match;
      rc_dp_d     = rc_dp;
      if (rc_sof && !rc_match_new && !rc_dp_new) begin
        rc_cpl_unexpected = 1'b1;
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
    .reg_func_i     (dp_func),
    .reg_off_i      (acc_off[15:0]),
    .reg_be_i       (acc_be),
    .reg_wdata_i    (acc_wdata),
    .reg_ack_o      (dp_ack),
    .reg_rdata_o    (dp_rdata),
    .reg_hit_o      (dp_hit),
    .rid_base_i     (rid_base),
    .mps_i          (mps),
    .mrrs_i         (mrrs),
    .bme_i          (dp_bme),
    .freset_i       (dp_freset),
    .vf_clr_i       (vf_clr),
    .vf_clr_idx_i   (vf_clr_idx),
    .vf_clr_all_i   (vf_clr_all),
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
  assign idle_o = tlp_idle && !rc_in_tlp_q && func_idle && !arb_busy && dp_idle &&
                  !cq_slice_busy && !cc_slice_busy && !rc_valid && !rq_slice_busy &&
                  !eth_rx_valid_q &&
                  (eth_link_up_q == eth_link_up_i);

  // A register access uses at most the first two payload DWs
  logic unused_core;
  assign unused_core = ^{cq_data[127:64]};

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
