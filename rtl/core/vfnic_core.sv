// vfnic core: the whole device behind the TLP stream interface of docs/tlp-stream.md.
// This walking skeleton holds the physical function only: config space, BAR decode, the BAR0
// register file, MSI-X, and a DMA test engine. cq requests are served one at a time, in order.
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
  parameter int unsigned DmaTimeoutCyclesLog2 = 32'(vfnic_regs_pkg::DMA_TIMEOUT_CYCLES_LOG2)
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

  // 1 when no internal work is pending: nothing to send, no DMA outstanding, no TLP
  // half-received. With idle_o high and no input, the core's outputs do not change.
  output logic         idle_o
);

  localparam int unsigned Bar0SizeLog2    = vfnic_regs_pkg::PF_BAR0_SIZE_LOG2;
  localparam int unsigned MsixBarSizeLog2 = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2);
  localparam logic [2:0]  PfFunc          = 3'd0;  // function number of the PF

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (Bar0SizeLog2 < 12 || Bar0SizeLog2 > 16) begin : gen_bar0_check
    $error("BAR0 must be 4 KiB..64 KiB: offsets are carried in 16 bits");
  end
  if (MsixBarSizeLog2 < 12 || MsixBarSizeLog2 > 16) begin : gen_msix_bar_check
    $error("the MSI-X BAR must be 4 KiB..64 KiB: offsets are carried in 16 bits");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // Device identity: bus and device number captured from every CfgWr0 (PCIe endpoint rule)
  // ---------------------------------------------------------------------------------------
  logic [7:0]  bus_q, bus_d;
  logic [4:0]  dev_q, dev_d;
  logic [15:0] pf_rid;

  assign pf_rid = {bus_q, dev_q, PfFunc};

  // ---------------------------------------------------------------------------------------
  // Function blocks
  // ---------------------------------------------------------------------------------------
  // register access, shared by the three targets (one DW per cycle)
  logic        acc_req;
  logic        acc_we;
  logic [15:0] acc_off;     // byte offset in the target (config space or BAR)
  logic [3:0]  acc_be;
  logic [31:0] acc_wdata;

  logic        cfg_req;
  logic [31:0] cfg_rdata;
  logic        regs_req;
  logic [31:0] regs_rdata;
  logic        regs_hit;
  logic        msix_req;
  logic [31:0] msix_rdata;
  logic        msix_hit;

  // function state from config space
  logic        mem_en;
  logic        bus_master_en;
  logic [63:0] bar0;
  logic [63:0] msix_bar;
  logic        msix_en;
  logic        msix_func_mask;
  logic        cto_disable;

  // events
  logic        ev_ur;
  logic        ev_poisoned;
  logic [1:0]  ev_cpl_unexpected;  // 0: completion on cq, 1: unmatched completion on rc
  logic        ev_bad_access;
  logic [31:0] ev_bad_access_addr;
  logic        msix_sent;
  logic [1:0]  msix_dropped;
  logic [1:0]        raise;
  logic [1:0][11:0]  raise_vec;

  // DMA test engine
  logic         dma_start;
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
  logic         msix_busy;
  logic         msg_valid;
  logic         msg_ready;
  logic [127:0] msg_hdr;
  logic [127:0] msg_data;

  vfnic_pf_cfg #(
    .VendorId       (VendorId),
    .DeviceId       (DeviceId),
    .SubsysVendorId (SubsysVendorId),
    .SubsysId       (SubsysId),
    .RevisionId     (RevisionId),
    .ClassCode      (ClassCode),
    .Bar0SizeLog2   (Bar0SizeLog2),
    .MsixBar        (32'(vfnic_regs_pkg::PF_MSIX_BAR)),
    .MsixBarSizeLog2(MsixBarSizeLog2),
    .MsixVectors    (MsixVectors)
  ) u_pf_cfg (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .req_i            (cfg_req),
    .we_i             (acc_we),
    .dw_addr_i        (acc_off[11:2]),
    .be_i             (acc_be),
    .wdata_i          (acc_wdata),
    .rdata_o          (cfg_rdata),
    .mem_en_o         (mem_en),
    .bus_master_en_o  (bus_master_en),
    .bar0_o           (bar0),
    .msix_bar_o       (msix_bar),
    .msix_en_o        (msix_en),
    .msix_func_mask_o (msix_func_mask),
    .cto_disable_o    (cto_disable),
    .ur_i             (ev_ur),
    .poisoned_i       (ev_poisoned),
    .rx_poisoned_cpl_i(dma_rx_poisoned),
    .rx_master_abort_i(dma_rx_master_abort),
    .rx_target_abort_i(dma_rx_target_abort),
    .trans_pending_i  (dma_rd_pending)
  );

  vfnic_pf_regs #(
    .MsixVectors(MsixVectors),
    .TotalVfs   (0)
  ) u_pf_regs (
    .clk_i              (clk_i),
    .rst_ni             (rst_ni),
    .req_i              (regs_req),
    .we_i               (acc_we),
    .addr_i             (acc_off[Bar0SizeLog2-1:0]),
    .be_i               (acc_be),
    .wdata_i            (acc_wdata),
    .rdata_o            (regs_rdata),
    .hit_o              (regs_hit),
    .ur_i               (ev_ur),
    .cpl_unexpected_i   (ev_cpl_unexpected),
    .bad_access_i       (ev_bad_access),
    .bad_access_addr_i  (ev_bad_access_addr),
    .msix_sent_i        (msix_sent),
    .msix_dropped_i     (msix_dropped),
    .raise_o            (raise),
    .raise_vec_o        (raise_vec),
    .dma_start_o        (dma_start),
    .dma_src_o          (dma_src),
    .dma_dst_o          (dma_dst),
    .dma_len_o          (dma_len),
    .dma_busy_i         (dma_busy),
    .dma_done_i         (dma_done),
    .dma_error_i        (dma_error),
    .dma_timeout_i      (dma_timeout),
    .dma_cpl_status_en_i(dma_cpl_status_en),
    .dma_cpl_status_i   (dma_cpl_status)
  );

  vfnic_msix #(
    .NumVectors (MsixVectors),
    .BarSizeLog2(MsixBarSizeLog2),
    .TableOffset(vfnic_regs_pkg::MSIX_TABLE_OFFSET),
    .PbaOffset  (vfnic_regs_pkg::MSIX_PBA_OFFSET),
    .NumRaise   (2)
  ) u_pf_msix (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .req_i      (msix_req),
    .we_i       (acc_we),
    .dw_addr_i  (acc_off[MsixBarSizeLog2-1:2]),
    .be_i       (acc_be),
    .wdata_i    (acc_wdata),
    .rdata_o    (msix_rdata),
    .hit_o      (msix_hit),
    .en_i       (msix_en),
    .func_mask_i(msix_func_mask),
    .bme_i      (bus_master_en),
    .req_id_i   (pf_rid),
    .raise_i    (raise),
    .raise_vec_i(raise_vec),
    .dropped_o  (msix_dropped),
    .sent_o     (msix_sent),
    .msg_valid_o(msg_valid),
    .msg_ready_i(msg_ready),
    .msg_hdr_o  (msg_hdr),
    .msg_data_o (msg_data),
    .busy_o     (msix_busy)
  );

  vfnic_dma_test #(
    .MaxBytes         (DmaMaxBytes),
    .TimeoutCyclesLog2(DmaTimeoutCyclesLog2)
  ) u_pf_dma (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .start_i          (dma_start),
    .src_i            (dma_src),
    .dst_i            (dma_dst),
    .len_i            (dma_len),
    .bme_i            (bus_master_en),
    .cto_disable_i    (cto_disable),
    .req_id_i         (pf_rid),
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
    .cpl_hdr_i        (rc_hdr_i),
    .cpl_data_i       (rc_data_i),
    .cpl_last_i       (rc_last_i)
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

  typedef enum logic [1:0] {
    TgtCfg,
    TgtBar0,
    TgtMsix
  } target_e;

  cq_state_e    cq_state_q, cq_state_d;
  logic [127:0] req_hdr_q, req_hdr_d;
  logic [63:0]  req_data_q, req_data_d;  // the first two payload DWs: all a register access uses
  target_e      tgt_q, tgt_d;
  logic         acc_we_q, acc_we_d;
  logic         acc_two_q, acc_two_d;    // two-DW access
  logic         acc_idx_q, acc_idx_d;    // DW being accessed
  logic [15:0]  acc_off_q, acc_off_d;    // offset of the first DW
  logic         acc_skip_q, acc_skip_d;  // whole access is a bad access: no target sees it
  logic [31:0]  rd0_q, rd0_d;            // first DW read
  logic         bad_q, bad_d;
  logic [15:0]  bad_off_q, bad_off_d;
  logic [127:0] cpl_hdr_q, cpl_hdr_d;
  logic [63:0]  cpl_data_q, cpl_data_d;

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
  logic [2:0]  cfg_func;
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
  assign cfg_func = vfnic_tlp_pkg::cfg_target_func(req_hdr_q);

  // BAR decode against the function's own BAR registers; BAR0 wins if software overlaps them
  assign hit_bar0 = mem_en && (addr[63:Bar0SizeLog2] == bar0[63:Bar0SizeLog2]);
  assign hit_msix = mem_en && !hit_bar0 &&
                    (addr[63:MsixBarSizeLog2] == msix_bar[63:MsixBarSizeLog2]);
  // a two-DW access must not run past the end of the BAR
  assign fits_bar0 = (len == 10'd1) || !(&addr[Bar0SizeLog2-1:2]);
  assign fits_msix = (len == 10'd1) || !(&addr[MsixBarSizeLog2-1:2]);

  // Config completions carry the addressed function, everything else the PF's ID
  assign cpl_id = is_cfg0 ? {bus_q, dev_q, cfg_func} : pf_rid;
  assign rd_bc  = vfnic_tlp_pkg::rd_byte_count(len, fbe, lbe);
  assign rd_la  = vfnic_tlp_pkg::rd_lower_addr(addr[6:0], fbe);

  // ---- register access of the current DW ----
  logic [31:0] acc_rdata;
  logic        acc_hit;

  assign acc_req   = (cq_state_q == CqAccess) && !acc_skip_q;
  assign acc_we    = acc_we_q;
  assign acc_off   = acc_off_q + {13'h0, acc_idx_q, 2'b00};
  assign acc_be    = (acc_two_q && acc_idx_q) ? lbe : fbe;
  assign acc_wdata = acc_idx_q ? req_data_q[63:32] : req_data_q[31:0];
  assign cfg_req   = acc_req && (tgt_q == TgtCfg);
  assign regs_req  = acc_req && (tgt_q == TgtBar0);
  assign msix_req  = acc_req && (tgt_q == TgtMsix);

  always_comb begin
    acc_rdata = '0;
    acc_hit   = 1'b0;
    if (!acc_skip_q) begin
      case (tgt_q)
        TgtCfg: begin
          acc_rdata = cfg_rdata;
          acc_hit   = 1'b1;  // config space has no holes: unimplemented registers read 0
        end
        TgtBar0: begin
          acc_rdata = regs_rdata;
          acc_hit   = regs_hit;
        end
        TgtMsix: begin
          acc_rdata = msix_rdata;
          acc_hit   = msix_hit;
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
    cpl_hdr_d  = cpl_hdr_q;
    cpl_data_d = cpl_data_q;
    bus_d      = bus_q;
    dev_d      = dev_q;

    cq_ready_o           = 1'b0;
    ev_ur                = 1'b0;
    ev_poisoned          = 1'b0;
    ev_cpl_unexpected[0] = 1'b0;
    ev_bad_access        = 1'b0;
    ev_bad_access_addr   = '0;
    ur                   = 1'b0;
    drop                 = 1'b0;

    case (cq_state_q)
      CqIdle: begin
        cq_ready_o = 1'b1;
        if (cq_valid_i) begin
          req_hdr_d  = cq_hdr_i;
          req_data_d = cq_data_i[63:0];
          if (vfnic_tlp_pkg::fmt_type(cq_hdr_i) == vfnic_tlp_pkg::FT_CFGWR0) begin
            bus_d = cq_hdr_i[95:88];
            dev_d = cq_hdr_i[87:83];
          end
          if (cq_last_i) begin
            cq_state_d = CqDecode;
          end else begin
            cq_state_d = CqDrain;
          end
        end
      end

      CqDrain: begin
        cq_ready_o = 1'b1;
        if (cq_valid_i && cq_last_i) begin
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
            acc_off_d = 16'(addr[Bar0SizeLog2-1:0]);
          end else if (hit_msix && len_ok && fits_msix) begin
            tgt_d      = TgtMsix;
            acc_off_d  = 16'(addr[MsixBarSizeLog2-1:0]);
            // table and PBA take DW and aligned QW accesses only
            acc_skip_d = (len == 10'd2) && addr[2];
          end else begin
            ur = 1'b1;
          end
          acc_we_d = is_mwr;
        end else if (is_cfg0) begin
          if (cfg_func != PfFunc || len != 10'd1 ||
              (vfnic_tlp_pkg::has_data(req_hdr_q) && vfnic_tlp_pkg::poisoned(req_hdr_q))) begin
            ur = 1'b1;  // no such function, malformed length, or poisoned write
          end else begin
            tgt_d     = TgtCfg;
            acc_off_d = {4'h0, vfnic_tlp_pkg::cfg_dw_addr(req_hdr_q), 2'b00};
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

      CqAccess: begin
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
          if (bad_d && tgt_q != TgtCfg) begin
            ev_bad_access      = 1'b1;
            ev_bad_access_addr = {16'h0, bad_off_d};
          end
          if (tgt_q == TgtCfg) begin
            cpl_hdr_d = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, !acc_we_q, vfnic_tlp_pkg::CPL_SC,
                                               cpl_id, 12'd4, 7'd0, 10'd1);
          end else begin
            cpl_hdr_d = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, 1'b1, vfnic_tlp_pkg::CPL_SC,
                                               cpl_id, rd_bc, rd_la, len);
          end
          cpl_data_d = acc_two_q ? {acc_rdata, rd0_q} : {32'h0, acc_rdata};
          if (acc_we_q && tgt_q != TgtCfg) begin
            cq_state_d = CqIdle;  // memory writes are posted
          end else begin
            cq_state_d = CqCpl;
          end
        end
      end

      CqCpl: begin
        if (cc_ready_i) begin
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
      cpl_hdr_q  <= '0;
      cpl_data_q <= '0;
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
      cpl_hdr_q  <= cpl_hdr_d;
      cpl_data_q <= cpl_data_d;
      bus_q      <= bus_d;
      dev_q      <= dev_d;
    end
  end

  assign cc_valid_o = (cq_state_q == CqCpl);
  assign cc_hdr_o   = cpl_hdr_q;
  assign cc_data_o  = {64'h0, cpl_data_q};
  assign cc_last_o  = 1'b1;

  // ---------------------------------------------------------------------------------------
  // rq: DMA engine and MSI-X messages share the request stream
  // ---------------------------------------------------------------------------------------
  logic [1:0] arb_ready;
  logic       arb_busy;

  vfnic_tlp_arb #(
    .NumIn(2)
  ) u_rq_arb (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .in_valid_i ({msg_valid, dma_rq_valid}),
    .in_ready_o (arb_ready),
    .in_hdr_i   ({msg_hdr, dma_rq_hdr}),
    .in_data_i  ({msg_data, dma_rq_data}),
    .in_last_i  ({1'b1, dma_rq_last}),
    .out_valid_o(rq_valid_o),
    .out_ready_i(rq_ready_i),
    .out_hdr_o  (rq_hdr_o),
    .out_data_o (rq_data_o),
    .out_last_o (rq_last_o),
    .busy_o     (arb_busy)
  );

  assign dma_rq_ready = arb_ready[0];
  assign msg_ready    = arb_ready[1];

  // ---------------------------------------------------------------------------------------
  // rc: completions are matched by tag and requester ID against the outstanding read;
  // anything else is dropped and counted. Always ready, so the stream never stalls.
  // ---------------------------------------------------------------------------------------
  logic rc_in_tlp_q, rc_in_tlp_d;  // between the first and last beat of a TLP
  logic rc_match_q, rc_match_d;    // the TLP in progress belongs to the DMA engine
  logic rc_sof;
  logic rc_match_new;
  logic rc_match;

  assign rc_ready_o   = 1'b1;
  assign rc_sof       = !rc_in_tlp_q;
  assign rc_match_new = vfnic_tlp_pkg::is_cpl(rc_hdr_i) && dma_rd_pending &&
                        (vfnic_tlp_pkg::cpl_tag(rc_hdr_i) == dma_rd_tag) &&
                        (vfnic_tlp_pkg::cpl_req_id(rc_hdr_i) == dma_rd_req_id);
  assign rc_match     = rc_sof ? rc_match_new : rc_match_q;

  always_comb begin
    rc_in_tlp_d          = rc_in_tlp_q;
    rc_match_d           = rc_match_q;
    ev_cpl_unexpected[1] = 1'b0;
    if (rc_valid_i) begin
      rc_in_tlp_d          = !rc_last_i;
      rc_match_d           = rc_match;
      ev_cpl_unexpected[1] = rc_sof && !rc_match_new;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rc_in_tlp_q <= 1'b0;
      rc_match_q  <= 1'b0;
    end else begin
      rc_in_tlp_q <= rc_in_tlp_d;
      rc_match_q  <= rc_match_d;
    end
  end

  assign dma_cpl_valid = rc_valid_i && rc_match;
  assign dma_cpl_sof   = rc_sof;

  // ---------------------------------------------------------------------------------------
  // idle: no request in progress, nothing to send, no read outstanding, no TLP half-received
  // ---------------------------------------------------------------------------------------
  assign idle_o = (cq_state_q == CqIdle) && !rc_in_tlp_q && dma_idle && !msix_busy && !arb_busy;

  // A register access uses at most the first two payload DWs; BAR bits below the BAR size are
  // always 0
  logic unused_core;
  assign unused_core = ^{cq_data_i[127:64], bar0[Bar0SizeLog2-1:0],
                         msix_bar[MsixBarSizeLog2-1:0]};

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
