// SPDX-License-Identifier: MIT
// TX descriptor fetch and descriptor cache of vfnic_txq (docs/datapath-blocks.md "vfnic_txq",
// State): the descriptor slots (DescSlots bursts of up to BurstDescs descriptors), their
// reads through the DMA read engine (client 0), the ERR of a failed read (port 2 of
// vfnic_rings), and the cursor that hands descriptors to the frame builder in chain order.
//
// Behaviour:
// - Slots: free slots in a FIFO (filled after reset); the scheduler reserves the spare slot
//   (a refused TAKE's) or the FIFO's head (rsv_*). The answer of a reserving TAKE (fill_*)
//   with ok fills the slot (ring, gen, owner, TAKE answer in the slot-info RAM; killed if
//   fill_kill_i) and the descriptor MRd (one per burst, cookie = slot); not ok -> the slot is
//   the spare. Descriptor words DW0..2 in three RAMs at slot * BurstDescs + position, written
//   by the completion beats (at most 4 DWs at any DW offset: each DW lane once).
// - Order: a FIFO of {slot, tag} in allocation order gives the oldest slot when no chain is
//   open (an entry whose slot was used by a chain — free, or reallocated with another tag —
//   is dropped at the head). A per-ring RAM of the slot last allocated (read at the TAKE's
//   issue, iss_*) lets the answer link the new slot behind the ring's previous one if that
//   is still unused with the same ring and gen.
// - Cursor (the builder's read port): rd_sel_i (builder idle) reads the next descriptor of
//   the open chain's slot (ch_open_i) or of the oldest slot once its read has ended: the
//   descriptor and the slot info are read (rd_issue_o) and presented the next cycle on
//   dsc_* (rd_parse_i: the builder takes it, the position advances; the last descriptor of
//   a slot frees it and moves the cursor to the linked next slot, or rd_need_o = 1: the
//   chain waits for its ring's next slot, which the next fill of that ring and gen gives).
//   A failed or killed slot is freed unread (rd_drop_o: an open chain in it is dropped).
// - A failed descriptor read stops the ring: the slot keeps its ERR (errp) until port 2
//   takes it (ERR QERR DMA; err FIFO in failure order, qerr_o), so at most DescSlots wait and
//   none is lost; the ring's other slots (same gen) are killed and stop_* tells the builder
//   (its chain and frames of that ring and gen). bad_tail_i kills the ring's slots;
//   freset_i kills the function's slots.
//
// Ports:
//   freset_i, bad_tail_i, bad_tail_q_i       kills (by function / by ring)
//   rsv_valid_o, rsv_slot_o, rsv_nfree_o / rsv_take_i    slot reservation (scheduler)
//   fill_room_o                              the MRd register, the order FIFO and the free
//                                            list can take an answer two cycles from now
//   iss_valid_i, iss_q_i                     a TAKE issued (reads the ring's last slot)
//   fill_valid_i, fill_ok_i, fill_slot_i, fill_kill_i, fill_func_i, fill_q_i, fill_gen_i,
//   fill_idx_i, fill_n_i, fill_base_i, fill_log2_i, fill_irq_i, fill_vec_i
//                                            answer of a reserving TAKE (vfnic_txq_sched)
//   ch_open_i, ch_q_i, ch_gen_i              the builder's open chain (ring, gen)
//   rd_sel_i / rd_issue_o, rd_drop_o, rd_need_o      cursor: request / read issued, slot
//                                            dropped, chain waits for its ring's next slot
//   rd_parse_i / dsc_addr_o, dsc_len_o, dsc_eop_o, dsc_rs_o, dsc_q_o, dsc_gen_o, dsc_func_o,
//   dsc_idx_o (ring index of the descriptor), dsc_base_o, dsc_log2_o, dsc_irq_o, dsc_vec_o
//                                            the descriptor read (valid in the cycle after
//                                            rd_issue_o), taken with rd_parse_i
//   stop_valid_o, stop_q_o, stop_gen_o       a descriptor read of ring q, gen failed (pulse)
//   drd_req_*_o / drd_req_ready_i            DMA read requests, client 0 (cookie = slot)
//   drd_cpl_*_i, drd_done_*_i                completion beats / read ends (client 0 used)
//   op_valid_o, op_code_o, op_q_o, op_n_o, op_gen_o, op_err_o / op_ready_i
//                                            ring manager port 2 (ERR QERR DMA)
//   qerr_o, qerr_q_o                         the rings took the ERR (pulse)
//   idle_o                                   no slot busy, no ERR waiting, no MRd waiting
`default_nettype none

module vfnic_txq_desc #(
  parameter int unsigned NumFuncs   = 9,
  parameter int unsigned NumQp      = 18,
  parameter int unsigned BurstDescs = int'(vfnic_regs_pkg::TX_BURST_DESCS),
  parameter int unsigned DescSlots  = 8,
  localparam int unsigned SW        = $clog2(DescSlots)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic [NumFuncs-1:0]       freset_i,
  input  logic                      bad_tail_i,
  input  logic [7:0]                bad_tail_q_i,

  output logic                      rsv_valid_o,
  output logic [SW-1:0]             rsv_slot_o,
  output logic [SW+1:0]             rsv_nfree_o,
  input  logic                      rsv_take_i,
  output logic                      fill_room_o,

  input  logic                      iss_valid_i,
  input  logic [7:0]                iss_q_i,

  input  logic                      fill_valid_i,
  input  logic                      fill_ok_i,
  input  logic [SW-1:0]             fill_slot_i,
  input  logic                      fill_kill_i,
  input  logic [6:0]                fill_func_i,
  input  logic [7:0]                fill_q_i,
  input  logic [3:0]                fill_gen_i,
  input  logic [11:0]               fill_idx_i,
  input  logic [4:0]                fill_n_i,
  input  logic [63:0]               fill_base_i,
  input  logic [3:0]                fill_log2_i,
  input  logic                      fill_irq_i,
  input  logic [11:0]               fill_vec_i,

  input  logic                      ch_open_i,
  input  logic [7:0]                ch_q_i,
  input  logic [3:0]                ch_gen_i,
  input  logic                      rd_sel_i,
  output logic                      rd_issue_o,
  output logic                      rd_drop_o,
  output logic                      rd_need_o,
  input  logic                      rd_parse_i,
  output logic [63:0]               dsc_addr_o,
  output logic [13:0]               dsc_len_o,
  output logic                      dsc_eop_o,
  output logic                      dsc_rs_o,
  output logic [7:0]                dsc_q_o,
  output logic [3:0]                dsc_gen_o,
  output logic [6:0]                dsc_func_o,
  output logic [11:0]               dsc_idx_o,
  output logic [59:0]               dsc_base_o,
  output logic [3:0]                dsc_log2_o,
  output logic                      dsc_irq_o,
  output logic [11:0]               dsc_vec_o,

  output logic                      stop_valid_o,
  output logic [7:0]                stop_q_o,
  output logic [3:0]                stop_gen_o,

  output logic                      drd_req_valid_o,
  output logic [63:0]               drd_req_addr_o,
  output logic [13:0]               drd_req_len_o,
  output logic [6:0]                drd_req_func_o,
  output logic [15:0]               drd_req_cookie_o,
  input  logic                      drd_req_ready_i,
  input  logic                      drd_cpl_valid_i,
  input  logic                      drd_cpl_client_i,
  input  logic [15:0]               drd_cpl_cookie_i,
  input  logic [12:0]               drd_cpl_dw_off_i,
  input  logic [2:0]                drd_cpl_dws_i,
  input  logic [127:0]              drd_cpl_data_i,
  input  logic                      drd_done_valid_i,
  input  logic                      drd_done_client_i,
  input  logic [15:0]               drd_done_cookie_i,
  input  logic                      drd_done_err_i,

  output logic                      op_valid_o,
  input  logic                      op_ready_i,
  output logic [2:0]                op_code_o,
  output logic [7:0]                op_q_o,
  output logic [4:0]                op_n_o,
  output logic [3:0]                op_gen_o,
  output logic [3:0]                op_err_o,
  output logic                      qerr_o,
  output logic [7:0]                qerr_q_o,

  output logic                      idle_o
);

  localparam int unsigned QIW     = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned FnW     = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam int unsigned TagW    = 8;                     // > log2 of the order queue
  localparam int unsigned OqDepth = 32;                    // + 2: DescSlots + MB1 entries
  localparam int unsigned DAW     = $clog2(DescSlots * BurstDescs);
  localparam int unsigned InfoW   = 12 + 5 + 60 + 4 + 1 + 12;  // idx, n, base, log2, irq, vec
  localparam int unsigned LenLsb  = vfnic_regs_pkg::TXD_LEN_LSB;
  localparam int unsigned EopBit  = 64 + vfnic_regs_pkg::TXD_EOP_LSB;   // in DW0..2
  localparam int unsigned RsBit   = 64 + vfnic_regs_pkg::TXD_RS_LSB;
  localparam logic [2:0]  OpErr   = 3'd2;
  localparam logic [3:0]  QerrDma = 4'(vfnic_regs_pkg::QERR_DMA);

  function automatic logic func_ok(input logic [6:0] f, input logic [NumFuncs-1:0] v);
    func_ok = (32'(f) < NumFuncs) && v[FnW'(f)];
  endfunction

  // per-slot state in flops (DescSlots entries, written by index)
  logic [DescSlots-1:0]           sl_busy_q, sl_busy_d;
  logic [DescSlots-1:0]           sl_done_q, sl_done_d;    // read ended
  logic [DescSlots-1:0]           sl_err_q, sl_err_d;
  logic [DescSlots-1:0]           sl_kill_q, sl_kill_d;
  logic [DescSlots-1:0][7:0]      sl_q_q, sl_q_d;
  logic [DescSlots-1:0][3:0]      sl_gen_q, sl_gen_d;
  logic [DescSlots-1:0][6:0]      sl_func_q, sl_func_d;
  logic [DescSlots-1:0][4:0]      sl_pos_q, sl_pos_d;      // next desc to parse
  logic [DescSlots-1:0]           sl_errp_q, sl_errp_d;    // ERR to send (port 2)
  logic [DescSlots-1:0][TagW-1:0] sl_tag_q, sl_tag_d;      // allocation tag
  logic [DescSlots-1:0]           sl_nxt_v_q, sl_nxt_v_d;  // next slot of the ring
  logic [DescSlots-1:0][SW-1:0]   sl_nxt_q, sl_nxt_d;
  logic [TagW-1:0]                tag_q, tag_d;            // next allocation tag
  logic [SW:0]                    ini_q, ini_d;            // free-list fill
  logic                           sp_v_q, sp_v_d;          // spare reserved slot
  logic [SW-1:0]                  sp_q, sp_d;

  // cursor: the open chain's slot, whether it waits for its ring's next one, the slot read
  logic [SW-1:0]                  cu_slot_q, cu_slot_d;
  logic                           cu_need_q, cu_need_d;
  logic [SW-1:0]                  cu_rd_q, cu_rd_d;

  // descriptor read request register (client 0)
  logic                           dq0_valid_q, dq0_valid_d;
  logic [63:0]                    dq0_addr_q, dq0_addr_d;
  logic [13:0]                    dq0_len_q, dq0_len_d;
  logic [6:0]                     dq0_func_q, dq0_func_d;
  logic [SW-1:0]                  dq0_slot_q, dq0_slot_d;

  // Descriptor words DW0..2 of slot s, position d at address s * BurstDescs + d, one RAM per
  // DW: a completion beat (at most 4 DWs at any DW offset) writes each DW lane at most once.
  logic [2:0]           dr_we;
  logic [2:0][DAW-1:0]  dr_waddr;
  logic [2:0][31:0]     dr_wdata;
  logic                 dr_re;
  logic [DAW-1:0]       dr_raddr;
  logic [2:0][31:0]     dr_rdata;
  logic                 cd_hit;
  assign cd_hit = drd_cpl_valid_i && !drd_cpl_client_i && (32'(drd_cpl_cookie_i) < DescSlots);
  for (genvar f = 0; f < 3; f++) begin : gen_desc_ram
    logic [1:0]  k;      // the beat's DW that lands in lane f
    logic [12:0] dw;     // its DW number in the burst
    assign k  = 2'(f) - drd_cpl_dw_off_i[1:0];
    assign dw = drd_cpl_dw_off_i + 13'(k);
    assign dr_we[f]    = cd_hit && (3'(k) < drd_cpl_dws_i) && (32'(dw[12:2]) < BurstDescs);
    assign dr_waddr[f] = DAW'(32'(SW'(drd_cpl_cookie_i)) * BurstDescs + 32'(dw[12:2]));
    assign dr_wdata[f] = drd_cpl_data_i[32*k +: 32];
    vfnic_ram_1r1w #(
      .Width(32),
      .Depth(DescSlots * BurstDescs)
    ) u_ram (
      .clk_i  (clk_i),
      .we_i   (dr_we[f]),
      .waddr_i(dr_waddr[f]),
      .wdata_i(dr_wdata[f]),
      .re_i   (dr_re),
      .raddr_i(dr_raddr),
      .rdata_o(dr_rdata[f])
    );
  end

  // the TAKE answer of each slot (ring index of descriptor 0, count, base, log2, irq, vector)
  logic             si_we, si_re;
  logic [SW-1:0]    si_waddr, si_raddr;
  logic [InfoW-1:0] si_wdata, si_rdata;
  vfnic_ram_1r1w #(
    .Width(InfoW),
    .Depth(DescSlots)
  ) u_slot_info (
    .clk_i  (clk_i),
    .we_i   (si_we),
    .waddr_i(si_waddr),
    .wdata_i(si_wdata),
    .re_i   (si_re),
    .raddr_i(si_raddr),
    .rdata_o(si_rdata)
  );

  // per ring: the slot (and its tag) last allocated to it, read when a TAKE is issued, so
  // that its answer links the new slot behind the ring's previous one (chain continuation)
  logic                 ls_we;
  logic [QIW-1:0]       ls_waddr;
  logic [SW+TagW-1:0]   ls_wdata, ls_rdata;
  logic [SW-1:0]        ls_slot;
  logic [TagW-1:0]      ls_tag;
  vfnic_ram_1r1w #(
    .Width(SW + TagW),
    .Depth(NumQp)
  ) u_last_slot (
    .clk_i  (clk_i),
    .we_i   (ls_we),
    .waddr_i(ls_waddr),
    .wdata_i(ls_wdata),
    .re_i   (iss_valid_i),
    .raddr_i(QIW'(iss_q_i)),
    .rdata_o(ls_rdata)
  );
  assign {ls_slot, ls_tag} = ls_rdata;

  // free slots (filled after reset); a TAKE reserves the head (or the spare slot a refused
  // TAKE left), the cursor returns a slot when it has used or dropped it
  logic          fl_in_valid, fl_in_ready, fl_out_valid, fl_out_ready;
  logic [SW-1:0] fl_in_data, fl_out_data;
  logic [$clog2(DescSlots + 3)-1:0] fl_count;
  vfnic_fifo #(
    .Width(SW),
    .Depth(DescSlots)
  ) u_free_slots (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fl_in_valid),
    .in_ready_o (fl_in_ready),
    .in_data_i  (fl_in_data),
    .out_valid_o(fl_out_valid),
    .out_ready_i(fl_out_ready),
    .out_data_o (fl_out_data),
    .count_o    (fl_count)
  );

  // allocation order of the slots ({slot, tag}): the cursor starts chains at its head; a
  // slot used out of order by a chain leaves a stale entry (slot free or tag changed) that is
  // dropped when it reaches the head. Live slots + one open chain's slots <= OqDepth + 2.
  logic                 oq_in_valid, oq_in_ready, oq_out_valid, oq_out_ready;
  logic [SW+TagW-1:0]   oq_in_data, oq_out_data;
  logic [SW-1:0]        oq_slot;
  logic [$clog2(OqDepth + 3)-1:0] oq_count;
  logic [TagW-1:0]      oq_tag;
  vfnic_fifo #(
    .Width(SW + TagW),
    .Depth(OqDepth)
  ) u_slot_order (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (oq_in_valid),
    .in_ready_o (oq_in_ready),
    .in_data_i  (oq_in_data),
    .out_valid_o(oq_out_valid),
    .out_ready_i(oq_out_ready),
    .out_data_o (oq_out_data),
    .count_o    (oq_count)
  );
  assign {oq_slot, oq_tag} = oq_out_data;

  // slots whose descriptor read failed, waiting for port 2 to take their ERR
  logic          er_in_valid, er_in_ready, er_out_valid, er_out_ready;
  logic [$clog2(DescSlots + 3)-1:0] er_count;
  logic [SW-1:0] er_in_data, er_idx;
  vfnic_fifo #(
    .Width(SW),
    .Depth(DescSlots)
  ) u_err_slots (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (er_in_valid),
    .in_ready_o (er_in_ready),
    .in_data_i  (er_in_data),
    .out_valid_o(er_out_valid),
    .out_ready_i(er_out_ready),
    .out_data_o (er_idx),
    .count_o    (er_count)
  );

  // slot reservation for the scheduler: the spare slot first, else the free list's head
  assign rsv_valid_o = sp_v_q || fl_out_valid;
  assign rsv_slot_o  = sp_v_q ? sp_q : fl_out_data;
  assign rsv_nfree_o = (SW + 2)'(fl_count) + (SW + 2)'(sp_v_q);
  assign fill_room_o = (!dq0_valid_q || drd_req_ready_i) && oq_in_ready &&
                       (ini_q == (SW + 1)'(DescSlots));

  // ERR of a failed descriptor read (port 2): the slot keeps it (sl_errp) until the rings take
  // it, and the cursor does not free the slot before, so no error is lost and the number
  // waiting is bounded by DescSlots. One at a time, in the order the reads failed.
  assign op_valid_o = er_out_valid;
  assign op_code_o  = OpErr;
  assign op_q_o     = sl_q_q[er_idx];
  assign op_n_o     = '0;
  assign op_gen_o   = sl_gen_q[er_idx];
  assign op_err_o   = QerrDma;
  assign qerr_o     = op_valid_o && op_ready_i;
  assign qerr_q_o   = op_q_o;

  // the descriptor and slot info read for the cursor, presented the cycle after rd_issue_o
  logic [95:0]  bd_desc;
  logic [11:0]  bi_idx;
  logic [4:0]   bi_n;
  always_comb begin
    bd_desc = {dr_rdata[2], dr_rdata[1], dr_rdata[0]};
    {bi_idx, bi_n, dsc_base_o, dsc_log2_o, dsc_irq_o, dsc_vec_o} = si_rdata;
  end
  assign dsc_addr_o = bd_desc[63:0];
  assign dsc_len_o  = bd_desc[64 + LenLsb +: 14];
  assign dsc_eop_o  = bd_desc[EopBit];
  assign dsc_rs_o   = bd_desc[RsBit];
  assign dsc_q_o    = sl_q_q[cu_rd_q];
  assign dsc_gen_o  = sl_gen_q[cu_rd_q];
  assign dsc_func_o = sl_func_q[cu_rd_q];
  assign dsc_idx_o  = bi_idx + 12'(sl_pos_q[cu_rd_q]);
  assign rd_need_o  = cu_need_q;

  // a failed descriptor read: its ring and gen
  logic          dn_hit;
  logic [SW-1:0] dn_slot;
  assign dn_slot      = SW'(drd_done_cookie_i);
  assign dn_hit       = drd_done_valid_i && !drd_done_client_i &&
                        (32'(drd_done_cookie_i) < DescSlots) && sl_busy_q[dn_slot];
  assign stop_valid_o = dn_hit && drd_done_err_i;
  assign stop_q_o     = sl_q_q[dn_slot];
  assign stop_gen_o   = sl_gen_q[dn_slot];

  logic          sel_v;   // cursor: a slot to read
  logic [SW-1:0] sel_s;
  always_comb begin
    sl_busy_d  = sl_busy_q;
    sl_done_d  = sl_done_q;
    sl_err_d   = sl_err_q;
    sl_kill_d  = sl_kill_q;
    sl_q_d     = sl_q_q;
    sl_gen_d   = sl_gen_q;
    sl_func_d  = sl_func_q;
    sl_pos_d   = sl_pos_q;
    sl_errp_d  = sl_errp_q;
    sl_tag_d   = sl_tag_q;
    sl_nxt_v_d = sl_nxt_v_q;
    sl_nxt_d   = sl_nxt_q;
    tag_d      = tag_q;
    ini_d      = ini_q;
    sp_v_d     = sp_v_q;
    sp_d       = sp_q;
    cu_slot_d  = cu_slot_q;
    cu_need_d  = cu_need_q;
    cu_rd_d    = cu_rd_q;
    dq0_valid_d = dq0_valid_q;
    dq0_addr_d  = dq0_addr_q;
    dq0_len_d   = dq0_len_q;
    dq0_func_d  = dq0_func_q;
    dq0_slot_d  = dq0_slot_q;

    rd_issue_o = 1'b0;
    rd_drop_o  = 1'b0;
    sel_v      = 1'b0;
    sel_s      = '0;
    dr_re      = 1'b0;
    dr_raddr   = '0;
    si_re      = 1'b0;
    si_raddr   = '0;
    si_we      = 1'b0;
    si_waddr   = fill_slot_i;
    si_wdata   = {fill_idx_i, fill_n_i, fill_base_i[63:4], fill_log2_i, fill_irq_i, fill_vec_i};
    ls_we      = 1'b0;
    ls_waddr   = QIW'(fill_q_i);
    ls_wdata   = {fill_slot_i, tag_q};
    fl_in_valid  = 1'b0;
    fl_in_data   = '0;
    fl_out_ready = 1'b0;
    oq_in_valid  = 1'b0;
    oq_in_data   = {fill_slot_i, tag_q};
    oq_out_ready = 1'b0;
    er_in_valid  = 1'b0;
    er_in_data   = '0;
    er_out_ready = 1'b0;
    // free list fill after reset
    if (ini_q != (SW + 1)'(DescSlots)) begin
      fl_in_valid = 1'b1;
      fl_in_data  = SW'(ini_q);
      ini_d       = ini_q + 1'b1;
    end

    if (dq0_valid_q && drd_req_ready_i) dq0_valid_d = 1'b0;

    // ---- a slot reserved by the scheduler ----
    if (rsv_take_i) begin
      if (sp_v_q) sp_v_d = 1'b0;
      else        fl_out_ready = 1'b1;
    end

    // ---- the answer of a reserving TAKE: fill the slot and the MRd, or keep it spare ----
    if (fill_valid_i && !fill_ok_i) begin
      sp_v_d = 1'b1;                 // keep the reserved slot for the next TAKE
      sp_d   = fill_slot_i;
    end
    if (fill_valid_i && fill_ok_i) begin
      // FETCH has advanced inside the rings; fill_idx is FETCH before the take
      dq0_valid_d = 1'b1;
      dq0_addr_d  = fill_base_i + {48'h0, fill_idx_i, 4'h0};
      dq0_len_d   = {5'h0, fill_n_i, 4'h0};
      dq0_func_d  = fill_func_i;
      dq0_slot_d  = fill_slot_i;
      for (int k = 0; k < int'(DescSlots); k++) begin
        if (fill_slot_i == SW'(k)) begin
          sl_busy_d[k] = 1'b1;
          sl_done_d[k] = 1'b0;
          sl_err_d[k] = 1'b0;
          sl_errp_d[k] = 1'b0;
          sl_kill_d[k] = fill_kill_i;
          sl_q_d[k] = fill_q_i;
          sl_gen_d[k] = fill_gen_i;
          sl_func_d[k] = fill_func_i;
          sl_pos_d[k] = '0;
          sl_tag_d[k] = tag_q;
          sl_nxt_v_d[k] = 1'b0;
        end
      end
      tag_d       = tag_q + 1'b1;
      si_we       = 1'b1;
      oq_in_valid = 1'b1;
      ls_we       = 1'b1;
      // chain continuation: the chain waiting for this ring takes the slot; otherwise the
      // ring's previous slot, if still unused, links to it
      if (ch_open_i && cu_need_q && ch_q_i == fill_q_i && ch_gen_i == fill_gen_i) begin
        cu_slot_d = fill_slot_i;
        cu_need_d = 1'b0;
      end else if (sl_busy_q[ls_slot] && sl_tag_q[ls_slot] == ls_tag &&
                   sl_q_q[ls_slot] == fill_q_i && sl_gen_q[ls_slot] == fill_gen_i) begin
        for (int k = 0; k < int'(DescSlots); k++) begin
          if (ls_slot == SW'(k)) begin
            sl_nxt_v_d[k] = 1'b1;
            sl_nxt_d[k] = fill_slot_i;
          end
        end
      end
    end

    // ---- ERR taken by the rings ----
    if (op_valid_o && op_ready_i) begin
      for (int k = 0; k < int'(DescSlots); k++) begin
        if (er_idx == SW'(k)) sl_errp_d[k] = 1'b0;
      end
      er_out_ready = 1'b1;
    end

    // ---- cursor: the builder asks for a descriptor ----
    if (rd_sel_i) begin
      // the slot to read: the open chain's, else the oldest slot (order queue head; a stale
      // entry is dropped)
      sel_v = 1'b0;
      sel_s = cu_slot_q;
      if (ch_open_i) begin
        sel_v = !cu_need_q;
      end else if (oq_out_valid) begin
        sel_s = oq_slot;
        if (!sl_busy_q[oq_slot] || sl_tag_q[oq_slot] != oq_tag) begin
          oq_out_ready = 1'b1;
        end else begin
          sel_v = 1'b1;
        end
      end
      if (sel_v && sl_done_q[sel_s] && !sl_errp_q[sel_s]) begin
        if (sl_err_q[sel_s] || sl_kill_q[sel_s]) begin
          // nothing of a failed or killed burst is used (a chain in it goes with it)
          for (int k = 0; k < int'(DescSlots); k++) begin
            if (sel_s == SW'(k)) sl_busy_d[k] = 1'b0;
          end
          fl_in_valid = 1'b1;
          fl_in_data  = sel_s;
          rd_drop_o   = 1'b1;
        end else begin
          dr_re      = 1'b1;
          dr_raddr   = DAW'(32'(sel_s) * BurstDescs + 32'(sl_pos_q[sel_s]));
          si_re      = 1'b1;
          si_raddr   = sel_s;
          cu_rd_d    = sel_s;
          rd_issue_o = 1'b1;
        end
      end
    end

    // ---- cursor: the builder takes the descriptor read ----
    if (rd_parse_i) begin
      if (!ch_open_i) begin
        cu_slot_d = cu_rd_q;
        cu_need_d = 1'b0;
      end
      for (int k = 0; k < int'(DescSlots); k++) begin
        if (cu_rd_q == SW'(k)) sl_pos_d[k] = sl_pos_q[cu_rd_q] + 1'b1;
      end
      if (sl_pos_q[cu_rd_q] + 1'b1 == bi_n) begin
        for (int k = 0; k < int'(DescSlots); k++) begin
          if (cu_rd_q == SW'(k)) sl_busy_d[k] = 1'b0;
        end
        fl_in_valid = 1'b1;
        fl_in_data  = cu_rd_q;
        // the chain goes on in the ring's next slot (linked, maybe this cycle) or waits
        if (sl_nxt_v_d[cu_rd_q]) cu_slot_d = sl_nxt_d[cu_rd_q];
        else                     cu_need_d = 1'b1;
      end
    end

    // ---- descriptor read ends ----
    if (dn_hit) begin
      for (int k = 0; k < int'(DescSlots); k++) begin
        if (dn_slot == SW'(k)) begin
          sl_done_d[k] = 1'b1;
          sl_err_d[k] = drd_done_err_i;
        end
      end
      if (drd_done_err_i) begin
        // the ring stops (ERR through port 2): its later bursts complete into nothing (the
        // builder drops its open chain and frames on stop_*)
        for (int k = 0; k < int'(DescSlots); k++) begin
          if (dn_slot == SW'(k)) sl_errp_d[k] = !sl_kill_q[dn_slot];
        end
        er_in_valid = !sl_kill_q[dn_slot];
        er_in_data  = dn_slot;
        for (int j = 0; j < DescSlots; j++) begin
          if (sl_q_d[j] == stop_q_o && sl_gen_d[j] == stop_gen_o) sl_kill_d[j] = 1'b1;
        end
      end
    end

    // ---- a rejected TAIL stopped a ring: as a failed descriptor read, without the ERR ----
    if (bad_tail_i) begin
      for (int j = 0; j < DescSlots; j++) begin
        if (sl_q_d[j] == bad_tail_q_i) sl_kill_d[j] = 1'b1;
      end
    end

    // ---- function reset: drop everything of the function ----
    for (int j = 0; j < DescSlots; j++) begin
      if (func_ok(sl_func_d[j], freset_i)) sl_kill_d[j] = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sl_busy_q   <= '0;
      sl_done_q   <= '0;
      sl_err_q    <= '0;
      sl_kill_q   <= '0;
      sl_q_q      <= '0;
      sl_gen_q    <= '0;
      sl_func_q   <= '0;
      sl_pos_q    <= '0;
      sl_errp_q   <= '0;
      sl_tag_q    <= '0;
      sl_nxt_v_q  <= '0;
      sl_nxt_q    <= '0;
      tag_q       <= '0;
      ini_q       <= '0;
      sp_v_q      <= 1'b0;
      sp_q        <= '0;
      cu_slot_q   <= '0;
      cu_need_q   <= 1'b0;
      cu_rd_q     <= '0;
      dq0_valid_q <= 1'b0;
      dq0_addr_q  <= '0;
      dq0_len_q   <= '0;
      dq0_func_q  <= '0;
      dq0_slot_q  <= '0;
    end else begin
      sl_busy_q   <= sl_busy_d;
      sl_done_q   <= sl_done_d;
      sl_err_q    <= sl_err_d;
      sl_kill_q   <= sl_kill_d;
      sl_q_q      <= sl_q_d;
      sl_gen_q    <= sl_gen_d;
      sl_func_q   <= sl_func_d;
      sl_pos_q    <= sl_pos_d;
      sl_errp_q   <= sl_errp_d;
      sl_tag_q    <= sl_tag_d;
      sl_nxt_v_q  <= sl_nxt_v_d;
      sl_nxt_q    <= sl_nxt_d;
      tag_q       <= tag_d;
      ini_q       <= ini_d;
      sp_v_q      <= sp_v_d;
      sp_q        <= sp_d;
      cu_slot_q   <= cu_slot_d;
      cu_need_q   <= cu_need_d;
      cu_rd_q     <= cu_rd_d;
      dq0_valid_q <= dq0_valid_d;
      dq0_addr_q  <= dq0_addr_d;
      dq0_len_q   <= dq0_len_d;
      dq0_func_q  <= dq0_func_d;
      dq0_slot_q  <= dq0_slot_d;
    end
  end

  assign drd_req_valid_o  = dq0_valid_q;
  assign drd_req_addr_o   = dq0_addr_q;
  assign drd_req_len_o    = dq0_len_q;
  assign drd_req_func_o   = dq0_func_q;
  assign drd_req_cookie_o = 16'(dq0_slot_q);

  assign idle_o = (sl_busy_q == '0) && (sl_errp_q == '0) && (ini_q == (SW + 1)'(DescSlots)) &&
                  !dq0_valid_q;

  logic unused_desc;
  assign unused_desc = ^{fill_base_i[3:0], iss_q_i, bd_desc[95:64 + LenLsb + 14], fl_in_ready,
                         er_in_ready, er_count, oq_count, gen_desc_ram[0].dw[1:0],
                         gen_desc_ram[1].dw[1:0], gen_desc_ram[2].dw[1:0]};

`ifdef FORMAL
  // Properties of the cache's ports (proven with this module as the top by rtl/lint/lint.sh;
  // the inputs' rules are assumed only there, under VFNIC_FORMAL_TXQ_PART: they are what
  // vfnic_txq_sched asserts of its side).
  // - drd_req (client 0): AXI-Stream. The MRd register is loaded by a fill, which comes two
  //   cycles after a TAKE issued under fill_room_o, so a request waiting is never replaced.
  // - op (port 2, ERR): valid/ready; the valid and the failed slot (the err FIFO's head)
  //   hold until taken. The slot's ring and gen come from the slot's registers, which hold
  //   as long as the slot is not refilled (the cursor frees it only after the ERR was
  //   taken); that rests on which slots are free, not proven here.
  // - rsv: valid/take, not held (the spare slot is offered before the free list's head), so
  //   no hold to check.
  // - dsc_* (the answer the cycle after rd_issue_o) and stop_* (a read's end) are one-cycle
  //   ports without a handshake; nothing to hold.

  // the TAKE issues (and reservations) of the last two cycles, in one register chain, so
  // that the assumption on the answers and the strengthening below see the same history
  logic          f_past_valid, f_iss1, f_iss2, f_take1, f_take2;
  logic [SW-1:0] f_slot1, f_slot2;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) begin
    f_past_valid <= 1'b1;
    f_iss1  <= rst_ni && iss_valid_i;
    f_iss2  <= rst_ni && f_iss1;
    f_take1 <= rst_ni && rsv_take_i;
    f_take2 <= rst_ni && f_take1;
    f_slot1 <= rsv_slot_o;
    f_slot2 <= f_slot1;
  end

`ifdef VFNIC_FORMAL_TXQ_PART
  always @(*) begin
    if (rst_ni) begin
      // one TAKE in flight, issued only with room for its answer and a slot offered; only a
      // TAKE that reserves takes the slot; its answer comes two cycles after the issue
      if (iss_valid_i) assume (fill_room_o && rsv_valid_o && !f_iss1 && !f_iss2);
      if (rsv_take_i) assume (iss_valid_i);
      assume (fill_valid_i == f_take2);
      if (fill_valid_i) assume (fill_slot_i == f_slot2);
    end else begin
      assume (!iss_valid_i && !rsv_take_i && !fill_valid_i);
    end
  end
`endif

  always @(*) begin
    if (rst_ni) begin
      // an answer finds the MRd register empty and room in the slot order FIFO
      if (fill_valid_i) assert (!dq0_valid_q && oq_in_ready);
    end
  end

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni)) begin
      // ... and so from the cycle after the issue on (strengthening for the induction)
      if (f_take1) assert (!dq0_valid_q && oq_in_ready);
      if ($past(drd_req_valid_o && !drd_req_ready_i)) begin
        assert (drd_req_valid_o);
        assert ($stable(drd_req_addr_o) && $stable(drd_req_len_o) &&
                $stable(drd_req_func_o) && $stable(drd_req_cookie_o));
      end
      if ($past(op_valid_o && !op_ready_i)) begin
        assert (op_valid_o);
        assert ($stable(er_idx) && $stable(op_code_o) && $stable(op_n_o) && $stable(op_err_o));
      end
    end
  end
`endif

endmodule

`default_nettype wire
