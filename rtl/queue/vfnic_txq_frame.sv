// SPDX-License-Identifier: MIT
// TX frame builder of vfnic_txq (docs/datapath-blocks.md "vfnic_txq"): groups descriptors
// into frames, reads the frame data through the DMA read engine (client 1) into the
// store-and-forward frame buffer, streams the frames out on `fo` in frame order, and keeps
// the frame records (one word per frame for egress here, one for completion in
// vfnic_txq_cpl) with the per-frame status that completion reads.
//
// Behaviour:
// - Builder (BdSel -> BdParse -> BdDecide -> BdIssue): asks the descriptor cache for the next
//   descriptor (rd_sel_o; vfnic_txq_desc picks the open chain's slot or the oldest one),
//   takes it the next cycle (rd_parse_o) and adds it to the open chain: LEN sum, RS bits,
//   buffers (address, length) into a RAM of MaxBufs words. When the chain's slot is used up
//   and the ring has none linked (rd_need_i), it asks the scheduler for a direct TAKE of the
//   chain's ring (cont_req_o); that answer (cont_ans_*) with another gen drops the chain
//   silently, not ok with the chain's gen (FETCH = TAIL) closes it as BAD_DESC.
// - A closed chain (EOP, MaxBufs + 1 descriptors, or cut by TAIL) gets its verdict in
//   BdDecide: LEN 0 / too many buffers / cut -> BAD_DESC; length > max frame or < 14 ->
//   OVERSIZE; !func_tx_ok -> FUNC_DOWN; police && !rate_eligible -> RATE. It waits for a
//   frame slot (FrameSlots, circular, freed by completion: cpl_ptr_i) and, for a good frame,
//   for frame buffer space (8-byte units, circular, BufBytes); then writes the frame's two
//   record words (egress RAM here, rec_* to completion). A good frame charges the shaper
//   (charge_*: length + 4) and issues one data read per buffer (BdIssue), each with a read
//   context (free-context FIFO; context words in two RAMs read with the registered beat /
//   read end): frame buffer byte, lead bytes, end; and the frame slot.
// - Data beats (any DW offset, any buffer alignment) are written by byte offset: rotated to
//   the frame buffer byte position, one write per 128-bit bank with byte enables.
// - Egress, in frame order: a frame whose reads are all done (or that was dropped) is
//   skipped if dropped, killed or failed (DMA), else streamed at one 64-bit beat per cycle
//   through a 3-entry output FIFO (fo_*); fs outcomes of the frames sent queue in a FIFO
//   (fo order = frame order) for completion (fs_head_*, fs_pop_i).
// - Kills: stop_* (failed descriptor read of a ring and gen) and bad_tail_* (a ring) mark
//   the ring's open chain killed and its frames stale (no completion); freset_i kills the
//   function's chain and frames (a killed frame is not sent unless its first beat left).
//
// Ports:
//   func_tx_ok_i, func_max_frame_i, freset_i, rate_eligible_i, rate_police_i  by function
//   charge_o, charge_func_o, charge_bytes_o      shaper charge of a started frame (pulse)
//   rd_sel_o, rd_parse_o, ch_open_o, ch_q_o, ch_gen_o / rd_issue_i, rd_drop_i, rd_need_i,
//   dsc_*_i                                      descriptor cache read port (vfnic_txq_desc)
//   cont_req_o, cont_q_o / cont_ans_valid_i, cont_ans_ok_i, cont_ans_q_i, cont_ans_gen_i
//                                                continuation TAKE (vfnic_txq_sched)
//   stop_valid_i, stop_q_i, stop_gen_i; bad_tail_i, bad_tail_q_i   ring stopped
//   drd_req_*_o / drd_req_ready_i                DMA read requests, client 1 (cookie = read
//                                                context)
//   drd_cpl_*_i, drd_done_*_i                    completion beats / read ends (client 1 used)
//   fo_*_o / fo_ready_i                          frames to vfnic_eth_tx
//   fs_valid_i, fs_err_i                         outcome of each frame sent, in fo order
//   rec_valid_o, rec_slot_o, rec_q_o, rec_func_o, rec_gen_o, rec_len_o, rec_units_o,
//   rec_cnt_o, rec_first_o, rec_rs_o, rec_code_o, rec_drop_o, rec_base_o, rec_log2_o,
//   rec_irq_o, rec_vec_o                         completion record of frame rec_slot (pulse):
//                                                ring, owner, gen, length, buffer units (0 if
//                                                dropped), descriptors, ring index of the
//                                                first, RS bits, verdict, dropped, ring base,
//                                                log2, IRQ_EN, VECTOR
//   cpl_ptr_i                                    completion's frame pointer (next to finish)
//   cf_left_o, cf_sent_o, cf_kill_o, cf_stale_o, cf_dmaerr_o
//                                                status of frame cpl_ptr_i: egress left it,
//                                                sent on fo, killed, stale, a data read failed
//   fs_head_valid_o, fs_head_code_o / fs_pop_i   head of the fs outcomes
//   cpl_done_i, cpl_units_i                      completion finished its frame: free units
//   idle_o                                       builder idle, no read, no frame, fo empty
`default_nettype none

module vfnic_txq_frame #(
  parameter int unsigned NumFuncs   = 9,
  parameter int unsigned BufBytes   = int'(vfnic_regs_pkg::TX_BUF_BYTES),
  parameter int unsigned MaxBufs    = int'(vfnic_regs_pkg::TX_MAX_BUFS),
  parameter int unsigned FrameSlots = 16,
  parameter int unsigned ReadCtx    = 16,
  localparam int unsigned FW        = $clog2(FrameSlots),
  localparam int unsigned MB1       = MaxBufs + 1,
  localparam int unsigned UW        = $clog2(BufBytes) - 3
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,

  input  logic [NumFuncs-1:0]           func_tx_ok_i,
  input  logic [NumFuncs-1:0][13:0]     func_max_frame_i,
  input  logic [NumFuncs-1:0]           freset_i,
  input  logic [NumFuncs-1:0]           rate_eligible_i,
  input  logic [NumFuncs-1:0]           rate_police_i,
  output logic                          charge_o,
  output logic [6:0]                    charge_func_o,
  output logic [15:0]                   charge_bytes_o,

  output logic                          rd_sel_o,
  output logic                          rd_parse_o,
  output logic                          ch_open_o,
  output logic [7:0]                    ch_q_o,
  output logic [3:0]                    ch_gen_o,
  input  logic                          rd_issue_i,
  input  logic                          rd_drop_i,
  input  logic                          rd_need_i,
  input  logic [63:0]                   dsc_addr_i,
  input  logic [13:0]                   dsc_len_i,
  input  logic                          dsc_eop_i,
  input  logic                          dsc_rs_i,
  input  logic [7:0]                    dsc_q_i,
  input  logic [3:0]                    dsc_gen_i,
  input  logic [6:0]                    dsc_func_i,
  input  logic [11:0]                   dsc_idx_i,
  input  logic [59:0]                   dsc_base_i,
  input  logic [3:0]                    dsc_log2_i,
  input  logic                          dsc_irq_i,
  input  logic [11:0]                   dsc_vec_i,

  output logic                          cont_req_o,
  output logic [7:0]                    cont_q_o,
  input  logic                          cont_ans_valid_i,
  input  logic                          cont_ans_ok_i,
  input  logic [7:0]                    cont_ans_q_i,
  input  logic [3:0]                    cont_ans_gen_i,

  input  logic                          stop_valid_i,
  input  logic [7:0]                    stop_q_i,
  input  logic [3:0]                    stop_gen_i,
  input  logic                          bad_tail_i,
  input  logic [7:0]                    bad_tail_q_i,

  output logic                          drd_req_valid_o,
  output logic [63:0]                   drd_req_addr_o,
  output logic [13:0]                   drd_req_len_o,
  output logic [6:0]                    drd_req_func_o,
  output logic [15:0]                   drd_req_cookie_o,
  input  logic                          drd_req_ready_i,
  input  logic                          drd_cpl_valid_i,
  input  logic                          drd_cpl_client_i,
  input  logic [15:0]                   drd_cpl_cookie_i,
  input  logic [12:0]                   drd_cpl_dw_off_i,
  input  logic [2:0]                    drd_cpl_dws_i,
  input  logic [127:0]                  drd_cpl_data_i,
  input  logic                          drd_done_valid_i,
  input  logic                          drd_done_client_i,
  input  logic [15:0]                   drd_done_cookie_i,
  input  logic                          drd_done_err_i,

  output logic                          fo_valid_o,
  output logic [63:0]                   fo_data_o,
  output logic [7:0]                    fo_keep_o,
  output logic                          fo_last_o,
  output logic [6:0]                    fo_func_o,
  output logic [7:0]                    fo_q_o,
  output logic [13:0]                   fo_len_o,
  input  logic                          fo_ready_i,
  input  logic                          fs_valid_i,
  input  logic [3:0]                    fs_err_i,

  output logic                          rec_valid_o,
  output logic [FW-1:0]                 rec_slot_o,
  output logic [7:0]                    rec_q_o,
  output logic [6:0]                    rec_func_o,
  output logic [3:0]                    rec_gen_o,
  output logic [13:0]                   rec_len_o,
  output logic [UW:0]                   rec_units_o,
  output logic [4:0]                    rec_cnt_o,
  output logic [11:0]                   rec_first_o,
  output logic [MB1-1:0]                rec_rs_o,
  output logic [3:0]                    rec_code_o,
  output logic                          rec_drop_o,
  output logic [59:0]                   rec_base_o,
  output logic [3:0]                    rec_log2_o,
  output logic                          rec_irq_o,
  output logic [11:0]                   rec_vec_o,

  input  logic [FW:0]                   cpl_ptr_i,
  output logic                          cf_left_o,
  output logic                          cf_sent_o,
  output logic                          cf_kill_o,
  output logic                          cf_stale_o,
  output logic                          cf_dmaerr_o,
  output logic                          fs_head_valid_o,
  output logic [3:0]                    fs_head_code_o,
  input  logic                          fs_pop_i,
  input  logic                          cpl_done_i,
  input  logic [UW:0]                   cpl_units_i,

  output logic                          idle_o
);

  localparam int unsigned FnW     = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam int unsigned RW      = $clog2(ReadCtx);
  localparam int unsigned BIW     = (MaxBufs > 1) ? $clog2(MaxBufs) : 1;
  localparam int unsigned BAW     = $clog2(BufBytes);      // frame buffer byte address
  localparam int unsigned Units   = BufBytes / 8;
  localparam int unsigned BkWords = BufBytes / 32;         // 128-bit words per bank
  localparam int unsigned BkW     = BAW - 5;
  localparam int unsigned MinFrame = 14;

  localparam logic [3:0] ErrOk      = 4'(vfnic_regs_pkg::TXERR_OK);
  localparam logic [3:0] ErrRate    = 4'(vfnic_regs_pkg::TXERR_RATE);
  localparam logic [3:0] ErrOversz  = 4'(vfnic_regs_pkg::TXERR_OVERSIZE);
  localparam logic [3:0] ErrBadDesc = 4'(vfnic_regs_pkg::TXERR_BAD_DESC);
  localparam logic [3:0] ErrDown    = 4'(vfnic_regs_pkg::TXERR_FUNC_DOWN);

  function automatic logic func_ok(input logic [6:0] f, input logic [NumFuncs-1:0] v);
    func_ok = (32'(f) < NumFuncs) && v[FnW'(f)];
  endfunction

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------
  // builder
  typedef enum logic [1:0] {BdSel, BdParse, BdDecide, BdIssue} bd_state_e;
  bd_state_e                         bd_st_q, bd_st_d;
  logic                              ch_act_q, ch_act_d;      // a chain is open
  logic                              ch_kill_q, ch_kill_d;
  logic                              ch_bad_q, ch_bad_d;
  logic [7:0]                        ch_q_q, ch_q_d;
  logic [3:0]                        ch_gen_q, ch_gen_d;
  logic [6:0]                        ch_func_q, ch_func_d;
  logic [11:0]                       ch_first_q, ch_first_d;
  logic [4:0]                        ch_cnt_q, ch_cnt_d;      // descriptors
  logic [MB1-1:0]                    ch_rs_q, ch_rs_d;
  logic [18:0]                       ch_len_q, ch_len_d;      // sum of LEN
  logic [UW-1:0]                     ch_start_q, ch_start_d;  // frame's first unit
  logic [BIW:0]                      ch_bi_q, ch_bi_d;        // next buffer to read
  logic [13:0]                       ch_off_q, ch_off_d;      // its offset in the frame
  logic [FW-1:0]                     ch_frame_q, ch_frame_d;
  logic [59:0]                       ch_base_q, ch_base_d;
  logic [3:0]                        ch_log2_q, ch_log2_d;
  logic                              ch_irq_q, ch_irq_d;
  logic [11:0]                       ch_vec_q, ch_vec_d;

  // data read request register (client 1)
  logic                              dq1_valid_q, dq1_valid_d;
  logic [63:0]                       dq1_addr_q, dq1_addr_d;
  logic [13:0]                       dq1_len_q, dq1_len_d;
  logic [6:0]                        dq1_func_q, dq1_func_d;
  logic [RW-1:0]                     dq1_ctx_q, dq1_ctx_d;

  // read contexts: busy bits here (one bit by index); the context words in RAMs (below)
  logic [ReadCtx-1:0]                rc_busy_q, rc_busy_d;
  logic [RW:0]                       rci_q, rci_d;            // free-list fill

  // frames
  logic [FW:0]                       fa_q, fa_d;              // alloc
  logic [FW:0]                       fe_q, fe_d;              // egress
  // what the builder decided lives in two RAMs (egress copy below, completion copy in
  // vfnic_txq_cpl); here only the keys the kill compares need (ring, gen, function; written
  // at allocation) and the status bits written by the engines, one bit (or counter) per
  // frame by index
  logic [FrameSlots-1:0][7:0]        fr_q_q, fr_q_d;
  logic [FrameSlots-1:0][6:0]        fr_func_q, fr_func_d;
  logic [FrameSlots-1:0][3:0]        fr_gen_q, fr_gen_d;
  logic [FrameSlots-1:0]             fr_kill_q, fr_kill_d;
  logic [FrameSlots-1:0]             fr_issued_q, fr_issued_d;
  logic [FrameSlots-1:0][RW:0]       fr_out_q, fr_out_d;      // reads in flight
  logic [FrameSlots-1:0]             fr_dmaerr_q, fr_dmaerr_d;
  logic [FrameSlots-1:0]             fr_sent_q, fr_sent_d;
  logic [FrameSlots-1:0]             fr_stale_q, fr_stale_d;  // ring stopped: no cpl

  logic [UW-1:0]                     bu_wr_q, bu_wr_d;        // next free unit
  logic [UW:0]                       bu_used_q, bu_used_d;

  // egress
  logic                              eg_act_q, eg_act_d;
  logic [UW-1:0]                     eg_beat_q, eg_beat_d;
  logic                              rp_valid_q, rp_valid_d;  // RAM read in flight
  logic                              rp_half_q, rp_half_d;
  logic                              rp_bank_q, rp_bank_d;
  logic [7:0]                        rp_keep_q, rp_keep_d;
  logic                              rp_last_q, rp_last_d;
  logic [6:0]                        rp_func_q, rp_func_d;
  logic [7:0]                        rp_qn_q, rp_qn_d;
  logic [13:0]                       rp_len_q, rp_len_d;
  logic [2:0][63:0]                  of_data_q, of_data_d;    // output FIFO
  logic [2:0][7:0]                   of_keep_q, of_keep_d;
  logic [2:0]                        of_last_q, of_last_d;
  logic [2:0][6:0]                   of_func_q, of_func_d;
  logic [2:0][7:0]                   of_qn_q, of_qn_d;
  logic [2:0][13:0]                  of_len_q, of_len_d;
  logic [1:0]                        of_rd_q, of_rd_d, of_wr_q, of_wr_d;
  logic [1:0]                        of_cnt_q, of_cnt_d;

  // frames sent on fo whose fs has not come yet
  logic [FW:0]                       sf_pend_q, sf_pend_d;

  logic                              charge_q, charge_d;
  logic [6:0]                        charge_func_q, charge_func_d;
  logic [15:0]                       charge_bytes_q, charge_bytes_d;

  // ---------------------------------------------------------------------------------------
  // Frame buffer: two banks of 128-bit words (16-byte word w in bank w[0]), byte enables.
  // A RAM, so it has no reset; egress reads a frame only after all of its data is written.
  // ---------------------------------------------------------------------------------------
  logic [1:0]              bk_we;
  logic [1:0][BkW-1:0]     bk_widx;
  logic [1:0][127:0]       bk_wdata;
  logic [1:0][15:0]        bk_wbe;
  logic                    bk_re;
  logic [BkW-1:0]          bk_ridx;
  logic [127:0]            bk0_mem [BkWords];
  logic [127:0]            bk1_mem [BkWords];
  logic [1:0][127:0]       bk_rdata_q;

  always_ff @(posedge clk_i) begin
    for (int j = 0; j < 16; j++) begin
      if (bk_we[0] && bk_wbe[0][j]) bk0_mem[bk_widx[0]][8*j +: 8] <= bk_wdata[0][8*j +: 8];
      if (bk_we[1] && bk_wbe[1][j]) bk1_mem[bk_widx[1]][8*j +: 8] <= bk_wdata[1][8*j +: 8];
    end
    if (bk_re) begin
      bk_rdata_q[0] <= bk0_mem[bk_ridx];
      bk_rdata_q[1] <= bk1_mem[bk_ridx];
    end
  end

  // Read contexts: written when a data read is issued; one RAM per reader. The beat path
  // reads {frame buffer byte of request byte 0, lead bytes, lead + len} by cookie, the read
  // end path reads the frame slot by cookie; both register the beat / end for the read.
  localparam int unsigned RcwW = BAW + 2 + 15;
  logic              rc_we;
  logic [RW-1:0]     rc_waddr;
  logic [RcwW-1:0]   rc_wdata;
  logic [RcwW-1:0]   rcw_rdata;
  logic [FW-1:0]     rcf_rdata;
  logic [FW-1:0]     rc_wframe;
  vfnic_ram_1r1w #(
    .Width(RcwW),
    .Depth(ReadCtx)
  ) u_rc_beat (
    .clk_i  (clk_i),
    .we_i   (rc_we),
    .waddr_i(rc_waddr),
    .wdata_i(rc_wdata),
    .re_i   (drd_cpl_valid_i),
    .raddr_i(RW'(drd_cpl_cookie_i)),
    .rdata_o(rcw_rdata)
  );
  vfnic_ram_1r1w #(
    .Width(FW),
    .Depth(ReadCtx)
  ) u_rc_frame (
    .clk_i  (clk_i),
    .we_i   (rc_we),
    .waddr_i(rc_waddr),
    .wdata_i(rc_wframe),
    .re_i   (drd_done_valid_i),
    .raddr_i(RW'(drd_done_cookie_i)),
    .rdata_o(rcf_rdata)
  );

  // free read contexts (filled after reset)
  logic          rf_in_valid, rf_in_ready, rf_out_valid, rf_out_ready;
  logic [RW-1:0] rf_in_data, rf_out_data;
  logic [$clog2(ReadCtx + 3)-1:0] rf_count;
  vfnic_fifo #(
    .Width(RW),
    .Depth(ReadCtx)
  ) u_free_ctx (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (rf_in_valid),
    .in_ready_o (rf_in_ready),
    .in_data_i  (rf_in_data),
    .out_valid_o(rf_out_valid),
    .out_ready_i(rf_out_ready),
    .out_data_o (rf_out_data),
    .count_o    (rf_count)
  );

  // The egress word of frame fa (start unit, length, function, ring, dropped), written by the
  // builder; egress reads the word of its next frame in every cycle (address fe_d), so the
  // word of frame fe is on the RAM output while it is worked on; a frame written in the cycle
  // of that read is read again in the next (eg_ok_q).
  localparam int unsigned EgW = UW + 14 + 7 + 8 + 1;
  logic            frw_we;
  logic [EgW-1:0]  fre_wdata, fre_rdata;
  logic            eg_ok_q;
  vfnic_ram_1r1w #(
    .Width(EgW),
    .Depth(FrameSlots)
  ) u_frame_eg (
    .clk_i  (clk_i),
    .we_i   (frw_we),
    .waddr_i(fa_q[FW-1:0]),
    .wdata_i(fre_wdata),
    .re_i   (1'b1),
    .raddr_i(fe_d[FW-1:0]),
    .rdata_o(fre_rdata)
  );
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) eg_ok_q <= 1'b0;
    else         eg_ok_q <= (fe_d != fa_q);
  end

  // fs outcomes of the frames sent, in fo order = frame order; completion pops the head when
  // it starts a frame that was sent
  logic          fsq_in_valid;
  logic          fsq_in_ready;
  logic [$clog2(FrameSlots + 3)-1:0] fsq_count;
  vfnic_fifo #(
    .Width(4),
    .Depth(FrameSlots)
  ) u_fs_codes (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fsq_in_valid),
    .in_ready_o (fsq_in_ready),
    .in_data_i  (fs_err_i),
    .out_valid_o(fs_head_valid_o),
    .out_ready_i(fs_pop_i),
    .out_data_o (fs_head_code_o),
    .count_o    (fsq_count)
  );
  assign fsq_in_valid = fs_valid_i && (sf_pend_q != '0);

  // buffers (address, length) of the open chain, written as its descriptors are parsed and
  // read one ahead of the read requests (BdDecide reads buffer 0, each request the next)
  logic             cbuf_we, cbuf_re;
  logic [BIW-1:0]   cbuf_waddr, cbuf_raddr;
  logic [77:0]      cbuf_wdata, cbuf_rdata;
  logic [63:0]      cbuf_addr;
  logic [13:0]      cbuf_len;
  vfnic_ram_1r1w #(
    .Width(78),
    .Depth(MaxBufs)
  ) u_chain_bufs (
    .clk_i  (clk_i),
    .we_i   (cbuf_we),
    .waddr_i(cbuf_waddr),
    .wdata_i(cbuf_wdata),
    .re_i   (cbuf_re),
    .raddr_i(cbuf_raddr),
    .rdata_o(cbuf_rdata)
  );
  assign {cbuf_addr, cbuf_len} = cbuf_rdata;

  // beats and ends of client 1, registered while their context is read
  logic          cb_valid_q;
  logic [12:0]   cb_dw_off_q;
  logic [2:0]    cb_dws_q;
  logic [127:0]  cb_data_q;
  logic          de_valid_q, de_err_q;
  logic [RW-1:0] de_ctx_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cb_valid_q  <= 1'b0;
      cb_dw_off_q <= '0;
      cb_dws_q    <= '0;
      cb_data_q   <= '0;
      de_valid_q  <= 1'b0;
      de_err_q    <= 1'b0;
      de_ctx_q    <= '0;
    end else begin
      cb_valid_q <= drd_cpl_valid_i && drd_cpl_client_i && (32'(drd_cpl_cookie_i) < ReadCtx) &&
                    rc_busy_q[RW'(drd_cpl_cookie_i)];
      if (drd_cpl_valid_i) begin
        cb_dw_off_q <= drd_cpl_dw_off_i;
        cb_dws_q    <= drd_cpl_dws_i;
        cb_data_q   <= drd_cpl_data_i;
      end
      de_valid_q <= drd_done_valid_i && drd_done_client_i && (32'(drd_done_cookie_i) < ReadCtx) &&
                    rc_busy_q[RW'(drd_done_cookie_i)];
      de_err_q   <= drd_done_err_i;
      de_ctx_q   <= RW'(drd_done_cookie_i);
    end
  end

  // data beat of client 1 -> bank writes
  logic [15:0]     cw_p0;
  logic [15:0]     cw_be;
  logic [BAW-1:0]  cw_fb, cw_base;
  logic [1:0]      cw_lead;
  logic [14:0]     cw_end;
  logic [BAW-5:0]  cw_w, cw_w1;
  logic [255:0]    cw_dd;
  logic [127:0]    cw_rot;
  logic [31:0]     cw_wbe;
  always_comb begin
    {cw_base, cw_lead, cw_end} = rcw_rdata;
    cw_p0  = {1'b0, cb_dw_off_q, 2'b00};
    for (int j = 0; j < 16; j++) begin
      cw_be[j] = (32'(j) < 32'(cb_dws_q) * 4) &&
                 ((cw_p0 + 16'(j)) >= {14'h0, cw_lead}) &&
                 ((cw_p0 + 16'(j)) < {1'b0, cw_end});
    end
    cw_fb   = cw_base + BAW'(cw_p0);
    cw_w    = cw_fb[BAW-1:4];
    cw_w1   = cw_w + 1'b1;
    // the beat rotated to its byte position: byte j lands in word w or w + 1 at byte
    // (j + fb) mod 16, so both banks take the same rotated data under their byte enables
    cw_dd   = {cb_data_q, cb_data_q} << {cw_fb[3:0], 3'b000};
    cw_rot  = cw_dd[255:128];
    cw_wbe  = {16'h0, cw_be} << cw_fb[3:0];
    bk_we   = {2{cb_valid_q}};
    bk_wdata = {2{cw_rot}};
    if (!cw_w[0]) begin
      bk_widx[0] = cw_w[BAW-5:1];  bk_wbe[0] = cw_wbe[15:0];
      bk_widx[1] = cw_w1[BAW-5:1]; bk_wbe[1] = cw_wbe[31:16];
    end else begin
      bk_widx[1] = cw_w[BAW-5:1];  bk_wbe[1] = cw_wbe[15:0];
      bk_widx[0] = cw_w1[BAW-5:1]; bk_wbe[0] = cw_wbe[31:16];
    end
  end

  // ---------------------------------------------------------------------------------------
  // Builder helpers
  // ---------------------------------------------------------------------------------------
  logic bd_sticky;   // the chain waits for its continuation (a direct TAKE of its ring)
  assign bd_sticky  = (bd_st_q == BdSel) && ch_act_q && rd_need_i && !ch_kill_q;
  assign cont_req_o = bd_sticky;
  assign cont_q_o   = ch_q_q;
  assign rd_sel_o   = (bd_st_q == BdSel);
  assign rd_parse_o = (bd_st_q == BdParse);
  assign ch_open_o  = ch_act_q;
  assign ch_q_o     = ch_q_q;
  assign ch_gen_o   = ch_gen_q;

  // verdict of a closed chain
  logic [3:0]  dc_code;
  logic [13:0] dc_len;
  logic [UW:0] dc_units;
  logic        dc_fit;
  always_comb begin
    dc_len = (ch_len_q > 19'd16383) ? 14'h3FFF : 14'(ch_len_q);
    if (ch_bad_q) begin
      dc_code = ErrBadDesc;
    end else if (ch_len_q > 19'(func_max_frame_i[FnW'(ch_func_q)]) ||
                 ch_len_q < 19'(MinFrame) || (32'(ch_func_q) >= NumFuncs)) begin
      dc_code = ErrOversz;
    end else if (!func_ok(ch_func_q, func_tx_ok_i)) begin
      dc_code = ErrDown;
    end else if (func_ok(ch_func_q, rate_police_i) && !func_ok(ch_func_q, rate_eligible_i)) begin
      dc_code = ErrRate;
    end else begin
      dc_code = ErrOk;
    end
    dc_units = (UW + 1)'((17'(dc_len) + 17'd7) >> 3);
    dc_fit   = ({1'b0, bu_used_q} + {1'b0, dc_units}) <= (UW + 2)'(Units);
  end

  logic fr_full;
  assign fr_full = (fa_q[FW] != cpl_ptr_i[FW]) && (fa_q[FW-1:0] == cpl_ptr_i[FW-1:0]);

  // the completion record of the frame decided in BdDecide
  assign rec_slot_o  = fa_q[FW-1:0];
  assign rec_q_o     = ch_q_q;
  assign rec_func_o  = ch_func_q;
  assign rec_gen_o   = ch_gen_q;
  assign rec_len_o   = dc_len;
  assign rec_units_o = (dc_code == ErrOk) ? dc_units : (UW + 1)'(0);
  assign rec_cnt_o   = ch_cnt_q;
  assign rec_first_o = ch_first_q;
  assign rec_rs_o    = ch_rs_q;
  assign rec_code_o  = dc_code;
  assign rec_drop_o  = dc_code != ErrOk;
  assign rec_base_o  = ch_base_q;
  assign rec_log2_o  = ch_log2_q;
  assign rec_irq_o   = ch_irq_q;
  assign rec_vec_o   = ch_vec_q;
  assign rec_valid_o = frw_we;

  // status of the frame at completion's pointer
  logic [FW-1:0] fc_i;
  assign fc_i        = cpl_ptr_i[FW-1:0];
  assign cf_left_o   = (cpl_ptr_i != fe_q);
  assign cf_sent_o   = fr_sent_q[fc_i];
  assign cf_kill_o   = fr_kill_q[fc_i];
  assign cf_stale_o  = fr_stale_q[fc_i];
  assign cf_dmaerr_o = fr_dmaerr_q[fc_i];

  // ---------------------------------------------------------------------------------------
  // Egress helpers
  // ---------------------------------------------------------------------------------------
  logic [FW-1:0] fe_i;
  logic          fe_have, fe_ready, fe_skip;
  logic [UW:0]   eg_nbeats;
  logic [UW-1:0] eg_unit, eg_cur;
  logic [UW-1:0] ei_start;      // the egress word of frame fe
  logic [13:0]   ei_len;
  logic [6:0]    ei_func;
  logic [7:0]    ei_q;
  logic          ei_drop;
  logic [127:0]  rp_word;       // the bank word read for the output FIFO
  always_comb begin
    {ei_start, ei_len, ei_func, ei_q, ei_drop} = fre_rdata;
    fe_i      = fe_q[FW-1:0];
    fe_have   = (fe_q != fa_q) && eg_ok_q;
    fe_ready  = fe_have && (ei_drop || (fr_issued_q[fe_i] && fr_out_q[fe_i] == '0));
    fe_skip   = ei_drop || fr_kill_q[fe_i] || fr_dmaerr_q[fe_i];
    eg_nbeats = (UW + 1)'((15'(ei_len) + 15'd7) >> 3);
    eg_cur    = eg_act_q ? eg_beat_q : '0;
    eg_unit   = ei_start + eg_cur;
    rp_word   = rp_bank_q ? bk_rdata_q[1] : bk_rdata_q[0];
  end

  // ---------------------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------------------
  always_comb begin
    bd_st_d    = bd_st_q;
    ch_act_d   = ch_act_q;
    ch_kill_d  = ch_kill_q;
    ch_bad_d   = ch_bad_q;
    ch_q_d     = ch_q_q;
    ch_gen_d   = ch_gen_q;
    ch_func_d  = ch_func_q;
    ch_first_d = ch_first_q;
    ch_cnt_d   = ch_cnt_q;
    ch_rs_d    = ch_rs_q;
    ch_len_d   = ch_len_q;
    ch_bi_d    = ch_bi_q;
    ch_off_d   = ch_off_q;
    ch_start_d = ch_start_q;
    ch_frame_d = ch_frame_q;
    ch_base_d  = ch_base_q;
    ch_log2_d  = ch_log2_q;
    ch_irq_d   = ch_irq_q;
    ch_vec_d   = ch_vec_q;
    dq1_valid_d = dq1_valid_q;
    dq1_addr_d  = dq1_addr_q;
    dq1_len_d   = dq1_len_q;
    dq1_func_d  = dq1_func_q;
    dq1_ctx_d   = dq1_ctx_q;
    rc_busy_d  = rc_busy_q;
    rci_d      = rci_q;
    fa_d = fa_q;
    fe_d = fe_q;
    fr_q_d      = fr_q_q;
    sf_pend_d   = sf_pend_q;
    frw_we      = 1'b0;
    fre_wdata   = '0;
    cbuf_we     = 1'b0;
    cbuf_waddr  = BIW'(ch_cnt_q);
    cbuf_wdata  = {dsc_addr_i, dsc_len_i};
    cbuf_re     = 1'b0;
    cbuf_raddr  = '0;
    fr_func_d   = fr_func_q;
    fr_gen_d    = fr_gen_q;
    fr_kill_d   = fr_kill_q;
    fr_issued_d = fr_issued_q;
    fr_out_d    = fr_out_q;
    fr_dmaerr_d = fr_dmaerr_q;
    fr_sent_d   = fr_sent_q;
    fr_stale_d  = fr_stale_q;
    bu_wr_d   = bu_wr_q;
    bu_used_d = bu_used_q;
    eg_act_d  = eg_act_q;
    eg_beat_d = eg_beat_q;
    rp_valid_d = 1'b0;
    rp_half_d  = rp_half_q;
    rp_bank_d  = rp_bank_q;
    rp_keep_d  = rp_keep_q;
    rp_last_d  = rp_last_q;
    rp_func_d  = rp_func_q;
    rp_qn_d    = rp_qn_q;
    rp_len_d   = rp_len_q;
    of_data_d = of_data_q;
    of_keep_d = of_keep_q;
    of_last_d = of_last_q;
    of_func_d = of_func_q;
    of_qn_d   = of_qn_q;
    of_len_d  = of_len_q;
    of_rd_d   = of_rd_q;
    of_wr_d   = of_wr_q;
    of_cnt_d  = of_cnt_q;
    charge_d       = 1'b0;
    charge_func_d  = charge_func_q;
    charge_bytes_d = charge_bytes_q;

    rc_we        = 1'b0;
    rc_waddr     = rf_out_data;
    rc_wdata     = '0;
    rc_wframe    = ch_frame_q;
    rf_in_valid  = 1'b0;
    rf_in_data   = '0;
    rf_out_ready = 1'b0;
    if (rci_q != (RW + 1)'(ReadCtx)) begin
      rf_in_valid = 1'b1;
      rf_in_data  = RW'(rci_q);
      rci_d       = rci_q + 1'b1;
    end
    bk_re      = 1'b0;
    bk_ridx    = '0;

    if (dq1_valid_q && drd_req_ready_i) dq1_valid_d = 1'b0;

    // ---- builder ----
    case (bd_st_q)
      BdSel: begin
        // the descriptor cache reads the open chain's next descriptor or the oldest slot's
        if (rd_drop_i) begin
          ch_act_d = 1'b0;                     // a failed or killed burst: its chain goes
        end else if (rd_issue_i) begin
          bd_st_d = BdParse;
        end else if (ch_act_q && rd_need_i && ch_kill_q) begin
          ch_act_d = 1'b0;                     // killed chain with nothing more to read
        end else if (bd_sticky && cont_ans_valid_i && cont_ans_q_i == ch_q_q) begin
          // the answer of the direct TAKE of the chain's ring (an ok answer of the same gen
          // fills a slot the chain continues from, in the descriptor cache)
          if (cont_ans_gen_i != ch_gen_q) begin
            ch_act_d = 1'b0;                   // the ring was reset: drop the chain silently
          end else if (!cont_ans_ok_i) begin
            ch_bad_d = 1'b1;                   // chain cut by TAIL (or the ring disabled)
            bd_st_d  = BdDecide;
          end
        end
      end
      BdParse: begin
        // the descriptor read in BdSel and its slot's TAKE answer are on dsc_*
        if (!ch_act_q) begin
          ch_act_d   = 1'b1;
          ch_kill_d  = 1'b0;
          ch_bad_d   = 1'b0;
          ch_q_d     = dsc_q_i;
          ch_gen_d   = dsc_gen_i;
          ch_func_d  = dsc_func_i;
          ch_first_d = dsc_idx_i;
          ch_base_d  = dsc_base_i;
          ch_log2_d  = dsc_log2_i;
          ch_irq_d   = dsc_irq_i;
          ch_vec_d   = dsc_vec_i;
          ch_cnt_d   = '0;
          ch_rs_d    = '0;
          ch_len_d   = '0;
        end
        if (ch_cnt_d < 5'(MaxBufs)) begin
          cbuf_we    = 1'b1;
          cbuf_waddr = BIW'(ch_cnt_d);
        end
        for (int k = 0; k < int'(MB1); k++) begin
          if (32'(ch_cnt_d) == k) ch_rs_d[k] = dsc_rs_i;
        end
        ch_bad_d  = ch_bad_d || (dsc_len_i == 14'h0);
        ch_len_d  = ch_len_d + 19'(dsc_len_i);
        ch_cnt_d  = ch_cnt_d + 1'b1;
        bd_st_d = BdSel;
        if (dsc_eop_i || ch_cnt_d == 5'(MB1)) begin
          if (!dsc_eop_i) ch_bad_d = 1'b1;
          bd_st_d = BdDecide;
        end
      end
      BdDecide: begin
        cbuf_re    = 1'b1;          // buffer 0 of the chain, for BdIssue
        cbuf_raddr = '0;
        if (ch_kill_q) begin
          ch_act_d = 1'b0;
          bd_st_d  = BdSel;
        end else if (!fr_full && (dc_code != ErrOk || dc_fit)) begin
          fa_d      = fa_q + 1'b1;
          frw_we    = 1'b1;
          fre_wdata = {bu_wr_q, dc_len, ch_func_q, ch_q_q, dc_code != ErrOk};
          for (int k = 0; k < int'(FrameSlots); k++) begin
            if (fa_q[FW-1:0] == FW'(k)) begin
              fr_q_d[k]      = ch_q_q;
              fr_func_d[k]   = ch_func_q;
              fr_gen_d[k]    = ch_gen_q;
              fr_kill_d[k]   = 1'b0;
              fr_issued_d[k] = 1'b0;
              fr_out_d[k]    = '0;
              fr_dmaerr_d[k] = 1'b0;
              fr_sent_d[k]   = 1'b0;
              fr_stale_d[k]  = 1'b0;
            end
          end
          if (dc_code == ErrOk) begin
            bu_wr_d   = bu_wr_q + UW'(dc_units);
            bu_used_d = bu_used_q + dc_units;
            charge_d       = 1'b1;
            charge_func_d  = ch_func_q;
            charge_bytes_d = {2'b00, dc_len} + 16'd4;
            ch_frame_d = fa_q[FW-1:0];
            ch_start_d = bu_wr_q;
            ch_bi_d    = '0;
            ch_off_d   = '0;
            bd_st_d    = BdIssue;
          end else begin
            ch_act_d = 1'b0;
            bd_st_d  = BdSel;
          end
        end
      end
      BdIssue: begin
        // buffer ch_bi of the chain is on the chain buffer RAM's output
        if (fr_kill_q[ch_frame_q]) begin
          // the function was reset: no more reads for this frame (those out complete into
          // nothing; the frame is dropped at egress)
          for (int k = 0; k < int'(FrameSlots); k++) begin
            if (ch_frame_q == FW'(k)) fr_issued_d[k] = 1'b1;
          end
          ch_act_d = 1'b0;
          bd_st_d  = BdSel;
        end else if ((!dq1_valid_q || drd_req_ready_i) && rf_out_valid) begin
          dq1_valid_d = 1'b1;
          dq1_addr_d  = cbuf_addr;
          dq1_len_d   = cbuf_len;
          dq1_func_d  = ch_func_q;
          dq1_ctx_d   = rf_out_data;
          rf_out_ready = 1'b1;
          for (int k = 0; k < int'(ReadCtx); k++) begin
            if (rf_out_data == RW'(k)) rc_busy_d[k] = 1'b1;
          end
          rc_we    = 1'b1;
          rc_wdata = {{ch_start_q, 3'b000} + BAW'(ch_off_q) - BAW'(cbuf_addr[1:0]),
                      cbuf_addr[1:0],
                      {13'h0, cbuf_addr[1:0]} + {1'b0, cbuf_len}};
          for (int k = 0; k < int'(FrameSlots); k++) begin
            if (ch_frame_q == FW'(k)) fr_out_d[k] = fr_out_d[k] + 1'b1;
          end
          ch_off_d   = ch_off_q + cbuf_len;
          ch_bi_d    = ch_bi_q + 1'b1;
          cbuf_re    = 1'b1;          // the next buffer
          cbuf_raddr = BIW'(ch_bi_q + 1'b1);
          if (ch_bi_q + 1'b1 == (BIW + 1)'(ch_cnt_q)) begin
            for (int k = 0; k < int'(FrameSlots); k++) begin
              if (ch_frame_q == FW'(k)) fr_issued_d[k] = 1'b1;
            end
            ch_act_d = 1'b0;
            bd_st_d  = BdSel;
          end
        end
      end
      default: bd_st_d = BdSel;
    endcase

    // ---- data read ends ----
    // (registered with the context's frame slot read from its RAM)
    if (de_valid_q) begin
      for (int k = 0; k < int'(ReadCtx); k++) begin
        if (de_ctx_q == RW'(k)) rc_busy_d[k] = 1'b0;
      end
      rf_in_valid = 1'b1;
      rf_in_data  = de_ctx_q;
      for (int k = 0; k < int'(FrameSlots); k++) begin
        if (rcf_rdata == FW'(k)) begin
          fr_out_d[k] = fr_out_d[k] - 1'b1;
          if (de_err_q) fr_dmaerr_d[k] = 1'b1;
        end
      end
    end

    // ---- egress: frame reads into the output FIFO ----
    if (rp_valid_q) begin
      for (int k = 0; k < 3; k++) begin
        if (of_wr_q == 2'(k)) begin
          of_data_d[k] = rp_half_q ? rp_word[127:64] : rp_word[63:0];
          of_keep_d[k] = rp_keep_q;
          of_last_d[k] = rp_last_q;
          of_func_d[k] = rp_func_q;
          of_qn_d[k]   = rp_qn_q;
          of_len_d[k]  = rp_len_q;
        end
      end
      of_wr_d = (of_wr_q == 2'd2) ? 2'd0 : of_wr_q + 1'b1;
    end
    if (fo_valid_o && fo_ready_i) begin
      of_rd_d = (of_rd_q == 2'd2) ? 2'd0 : of_rd_q + 1'b1;
    end
    of_cnt_d = of_cnt_q + {1'b0, rp_valid_q} - {1'b0, fo_valid_o && fo_ready_i};

    if (!eg_act_q && fe_ready && fe_skip) begin
      fe_d = fe_q + 1'b1;
    end else if ((eg_act_q || (fe_ready && !fe_skip)) &&
                 ({1'b0, of_cnt_q} + {2'b00, rp_valid_q} < 3'd3)) begin
      bk_re      = 1'b1;
      bk_ridx    = eg_unit[UW-1:2];
      rp_valid_d = 1'b1;
      rp_half_d  = eg_unit[0];
      rp_bank_d  = eg_unit[1];
      rp_func_d  = ei_func;
      rp_qn_d    = ei_q;
      rp_len_d   = ei_len;
      rp_last_d  = ({1'b0, eg_cur} + 1'b1 == eg_nbeats);
      rp_keep_d  = (rp_last_d && ei_len[2:0] != 3'd0) ?
                   8'((9'h1 << ei_len[2:0]) - 9'h1) : 8'hFF;
      if (!eg_act_q) begin
        sf_pend_d = sf_pend_d + 1'b1;          // its fs comes in fo order
        for (int k = 0; k < int'(FrameSlots); k++) begin
          if (fe_i == FW'(k)) fr_sent_d[k] = 1'b1;
        end
      end
      if (rp_last_d) begin
        eg_act_d  = 1'b0;
        eg_beat_d = '0;
        fe_d = fe_q + 1'b1;
      end else begin
        eg_act_d  = 1'b1;
        eg_beat_d = eg_cur + 1'b1;
      end
    end

    if (fsq_in_valid) sf_pend_d = sf_pend_d - 1'b1;

    // ---- completion finished a frame: its buffer space is free ----
    if (cpl_done_i) bu_used_d = bu_used_d - cpl_units_i;

    // ---- a failed descriptor read stopped a ring: its chain and frames (this gen) ----
    if (stop_valid_i) begin
      if (ch_act_d && ch_q_d == stop_q_i && ch_gen_d == stop_gen_i) ch_kill_d = 1'b1;
      for (int j = 0; j < FrameSlots; j++) begin
        if (fr_q_d[j] == stop_q_i && fr_gen_d[j] == stop_gen_i) fr_stale_d[j] = 1'b1;
      end
    end

    // ---- a rejected TAIL stopped a ring: as a failed descriptor read, any gen ----
    if (bad_tail_i) begin
      if (ch_act_d && ch_q_d == bad_tail_q_i) ch_kill_d = 1'b1;
      for (int j = 0; j < FrameSlots; j++) begin
        if (fr_q_d[j] == bad_tail_q_i) fr_stale_d[j] = 1'b1;
      end
    end

    // ---- function reset: drop everything of the function ----
    if (func_ok(ch_func_d, freset_i)) ch_kill_d = 1'b1;
    for (int j = 0; j < FrameSlots; j++) begin
      if (func_ok(fr_func_d[j], freset_i)) fr_kill_d[j] = 1'b1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bd_st_q    <= BdSel;
      ch_act_q   <= 1'b0;
      ch_kill_q  <= 1'b0;
      ch_bad_q   <= 1'b0;
      ch_q_q     <= '0;
      ch_gen_q   <= '0;
      ch_func_q  <= '0;
      ch_first_q <= '0;
      ch_cnt_q   <= '0;
      ch_rs_q    <= '0;
      ch_len_q   <= '0;
      ch_bi_q    <= '0;
      ch_off_q   <= '0;
      ch_start_q <= '0;
      ch_frame_q <= '0;
      ch_base_q  <= '0;
      ch_log2_q  <= '0;
      ch_irq_q   <= '0;
      ch_vec_q   <= '0;
      dq1_valid_q <= 1'b0;
      dq1_addr_q  <= '0;
      dq1_len_q   <= '0;
      dq1_func_q  <= '0;
      dq1_ctx_q   <= '0;
      rc_busy_q  <= '0;
      rci_q      <= '0;
      fa_q <= '0;
      fe_q <= '0;
      fr_q_q      <= '0;
      sf_pend_q   <= '0;
      fr_func_q   <= '0;
      fr_gen_q    <= '0;
      fr_kill_q   <= '0;
      fr_issued_q <= '0;
      fr_out_q    <= '0;
      fr_dmaerr_q <= '0;
      fr_sent_q   <= '0;
      fr_stale_q  <= '0;
      bu_wr_q   <= '0;
      bu_used_q <= '0;
      eg_act_q  <= 1'b0;
      eg_beat_q <= '0;
      rp_valid_q <= 1'b0;
      rp_half_q  <= 1'b0;
      rp_bank_q  <= 1'b0;
      rp_keep_q  <= '0;
      rp_last_q  <= 1'b0;
      rp_func_q  <= '0;
      rp_qn_q    <= '0;
      rp_len_q   <= '0;
      of_data_q <= '0;
      of_keep_q <= '0;
      of_last_q <= '0;
      of_func_q <= '0;
      of_qn_q   <= '0;
      of_len_q  <= '0;
      of_rd_q   <= '0;
      of_wr_q   <= '0;
      of_cnt_q  <= '0;
      charge_q       <= 1'b0;
      charge_func_q  <= '0;
      charge_bytes_q <= '0;
    end else begin
      bd_st_q    <= bd_st_d;
      ch_act_q   <= ch_act_d;
      ch_kill_q  <= ch_kill_d;
      ch_bad_q   <= ch_bad_d;
      ch_q_q     <= ch_q_d;
      ch_gen_q   <= ch_gen_d;
      ch_func_q  <= ch_func_d;
      ch_first_q <= ch_first_d;
      ch_cnt_q   <= ch_cnt_d;
      ch_rs_q    <= ch_rs_d;
      ch_len_q   <= ch_len_d;
      ch_bi_q    <= ch_bi_d;
      ch_off_q   <= ch_off_d;
      ch_start_q <= ch_start_d;
      ch_frame_q <= ch_frame_d;
      ch_base_q  <= ch_base_d;
      ch_log2_q  <= ch_log2_d;
      ch_irq_q   <= ch_irq_d;
      ch_vec_q   <= ch_vec_d;
      dq1_valid_q <= dq1_valid_d;
      dq1_addr_q  <= dq1_addr_d;
      dq1_len_q   <= dq1_len_d;
      dq1_func_q  <= dq1_func_d;
      dq1_ctx_q   <= dq1_ctx_d;
      rc_busy_q  <= rc_busy_d;
      rci_q      <= rci_d;
      fa_q <= fa_d;
      fe_q <= fe_d;
      fr_q_q      <= fr_q_d;
      sf_pend_q   <= sf_pend_d;
      fr_func_q   <= fr_func_d;
      fr_gen_q    <= fr_gen_d;
      fr_kill_q   <= fr_kill_d;
      fr_issued_q <= fr_issued_d;
      fr_out_q    <= fr_out_d;
      fr_dmaerr_q <= fr_dmaerr_d;
      fr_sent_q   <= fr_sent_d;
      fr_stale_q  <= fr_stale_d;
      bu_wr_q   <= bu_wr_d;
      bu_used_q <= bu_used_d;
      eg_act_q  <= eg_act_d;
      eg_beat_q <= eg_beat_d;
      rp_valid_q <= rp_valid_d;
      rp_half_q  <= rp_half_d;
      rp_bank_q  <= rp_bank_d;
      rp_keep_q  <= rp_keep_d;
      rp_last_q  <= rp_last_d;
      rp_func_q  <= rp_func_d;
      rp_qn_q    <= rp_qn_d;
      rp_len_q   <= rp_len_d;
      of_data_q <= of_data_d;
      of_keep_q <= of_keep_d;
      of_last_q <= of_last_d;
      of_func_q <= of_func_d;
      of_qn_q   <= of_qn_d;
      of_len_q  <= of_len_d;
      of_rd_q   <= of_rd_d;
      of_wr_q   <= of_wr_d;
      of_cnt_q  <= of_cnt_d;
      charge_q       <= charge_d;
      charge_func_q  <= charge_func_d;
      charge_bytes_q <= charge_bytes_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------------------
  assign drd_req_valid_o  = dq1_valid_q;
  assign drd_req_addr_o   = dq1_addr_q;
  assign drd_req_len_o    = dq1_len_q;
  assign drd_req_func_o   = dq1_func_q;
  assign drd_req_cookie_o = 16'(dq1_ctx_q);

  assign fo_valid_o = (of_cnt_q != 2'd0);
  assign fo_data_o  = of_data_q[of_rd_q];
  assign fo_keep_o  = of_keep_q[of_rd_q];
  assign fo_last_o  = of_last_q[of_rd_q];
  assign fo_func_o  = of_func_q[of_rd_q];
  assign fo_q_o     = of_qn_q[of_rd_q];
  assign fo_len_o   = of_len_q[of_rd_q];

  assign charge_o       = charge_q;
  assign charge_func_o  = charge_func_q;
  assign charge_bytes_o = charge_bytes_q;

  assign idle_o = !ch_act_q && (bd_st_q == BdSel) && (rci_q == (RW + 1)'(ReadCtx)) &&
                  !cb_valid_q && !de_valid_q && !dq1_valid_q && (rc_busy_q == '0) &&
                  (fa_q == cpl_ptr_i) && !rp_valid_q && (of_cnt_q == 2'd0);

  logic unused_frame;
  assign unused_frame = ^{cw_w1[0], cw_dd[127:0], rf_in_ready, rf_count, fsq_in_ready,
                          fsq_count};

`ifdef FORMAL
  // Properties of the builder's ports (proven with this module as the top by
  // rtl/lint/lint.sh; the inputs' rules are assumed only there, under VFNIC_FORMAL_TXQ_PART).
  // - drd_req (client 1), fo and the fs outcomes' head (fs_head_*, popped by fs_pop_i):
  //   AXI-Stream. fo comes out of a three-entry FIFO that egress reads into only with room
  //   for the read in flight; its pointer relations are asserted as induction invariants.
  // - rec (to vfnic_txq_cpl, a write without a handshake): a record is never written into
  //   the slot of a frame that egress has left, i.e. one completion may be working on (what
  //   vfnic_txq_cpl assumes), given that completion's pointer follows egress.
  // - The descriptor read port (rd_*, dsc_*), ch_*, cont_* and stop_* are request levels or
  //   one-cycle answers without a hold rule; charge_* is a pulse.
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // last cycle's reset, completion pointer and cf_left_o (registers of their own, so that the
  // assumption below is combinational and constrains the cycle it names)
  logic          f_rst_q, f_left_q;
  logic [FW:0]   f_ptr_q;
  initial f_rst_q = 1'b0;
  always @(posedge clk_i) begin
    f_rst_q  <= rst_ni;
    f_ptr_q  <= cpl_ptr_i;
    f_left_q <= cf_left_o;
  end

`ifdef VFNIC_FORMAL_TXQ_PART
  // completion's pointer: zero in and after reset, then it stays or steps to the next frame
  // once egress has left the one it points at
  always @(*) begin
    if (!rst_ni || !f_rst_q) begin
      assume (cpl_ptr_i == '0);
    end else begin
      assume (cpl_ptr_i == f_ptr_q || (cpl_ptr_i == f_ptr_q + 1'b1 && f_left_q));
    end
  end
`endif

  always @(*) begin
    if (rst_ni) begin
      // output FIFO: pointers in range, the write pointer count entries after the read
      // pointer, entries plus the read in flight never more than three
      assert (of_rd_q <= 2'd2 && of_wr_q <= 2'd2);
      assert ({1'b0, of_cnt_q} + {2'b00, rp_valid_q} <= 3'd3);
      assert (3'(of_wr_q) == ((3'(of_rd_q) + 3'(of_cnt_q)) % 3'd3));
      // frame pointers: completion <= egress <= allocation, at most FrameSlots apart
      assert ((FW + 1)'(fa_q - cpl_ptr_i) <= (FW + 1)'(FrameSlots));
      assert ((FW + 1)'(fe_q - cpl_ptr_i) <= (FW + 1)'(fa_q - cpl_ptr_i));
      assert (!eg_act_q || fe_q != fa_q);
      if (rec_valid_o && rec_slot_o == cpl_ptr_i[FW-1:0]) assert (!cf_left_o);
      // egress does not come back to the frame completion points at
      if (f_rst_q && f_left_q && cpl_ptr_i == f_ptr_q) assert (cf_left_o);
    end
  end

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni)) begin
      if ($past(drd_req_valid_o && !drd_req_ready_i)) begin
        assert (drd_req_valid_o);
        assert ($stable(drd_req_addr_o) && $stable(drd_req_len_o) &&
                $stable(drd_req_func_o) && $stable(drd_req_cookie_o));
      end
      if ($past(fo_valid_o && !fo_ready_i)) begin
        assert (fo_valid_o);
        assert ($stable(fo_data_o) && $stable(fo_keep_o) && $stable(fo_last_o) &&
                $stable(fo_func_o) && $stable(fo_q_o) && $stable(fo_len_o));
      end
      if ($past(fs_head_valid_o && !fs_pop_i)) begin
        assert (fs_head_valid_o && $stable(fs_head_code_o));
      end
    end
  end
`endif

endmodule

`default_nettype wire
