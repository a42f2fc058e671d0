// SPDX-License-Identifier: MIT
// TX completion of vfnic_txq (docs/datapath-blocks.md "vfnic_txq"): finishes the frames in
// frame order — DW3 write-backs of the RS descriptors, HEAD advance (port 1 of vfnic_rings),
// the stats event and the interrupt event — and frees each frame's slot and buffer space.
//
// Behaviour:
// - Keeps the completion record of every frame slot in a RAM (rec_*, written by the builder
//   at allocation), read in every cycle at the next frame's slot (address of cpl_ptr_o's
//   next value), so the record of frame cpl_ptr_o is on the RAM output while it is worked
//   on. The builder never writes the slot completion works on (its frames are between
//   cpl_ptr_o and its allocation pointer).
// - Starts the frame at cpl_ptr_o once egress has left it (cf_left_i) and, if it was sent,
//   its fs outcome is there (fs_head_valid_i; popped at the start, fs_pop_o). Outcome: the
//   builder's verdict if dropped, else DMA if a data read failed, else the fs code if sent.
// - A killed (freset) or stale (ring stopped) frame, or one killed meanwhile, is finished
//   silently. Otherwise: one 4-byte write (DW3: DD = 1, ERR) per RS descriptor, at the ring
//   base + 16 * ((first + i) mod 2^log2) + 12, with the owner's function; then HADV with the
//   frame's gen, n = the descriptor count in steps of at most 16, each held until the rings
//   take it; after the last: ev_* (ring, function, length, outcome) and, if the frame wrote
//   back something and the ring has IRQ_EN, irq_* (function, vector). Completion reads no
//   ring: base, log2, IRQ_EN and VECTOR come with the record from the TAKE answer.
// - Finishing a frame (cpl_done_o) frees its buffer units (cpl_units_o) and slot (cpl_ptr_o
//   advances).
//
// Ports:
//   rec_valid_i, rec_slot_i, rec_q_i, rec_func_i, rec_gen_i, rec_len_i, rec_units_i,
//   rec_cnt_i, rec_first_i, rec_rs_i, rec_code_i, rec_drop_i, rec_base_i, rec_log2_i,
//   rec_irq_i, rec_vec_i                   completion record of a frame (vfnic_txq_frame)
//   cpl_ptr_o                              the next frame to finish (frame slots, circular,
//                                          one more bit than the slot index)
//   cf_left_i, cf_sent_i, cf_kill_i, cf_stale_i, cf_dmaerr_i
//                                          status of frame cpl_ptr_o (from the builder)
//   fs_head_valid_i, fs_head_code_i / fs_pop_o     fs outcomes, in frame order
//   cpl_done_o, cpl_units_o                frame finished (pulse): its buffer units
//   op_valid_o, op_code_o, op_q_o, op_n_o, op_gen_o, op_err_o / op_ready_i
//                                          ring manager port 1 (HADV)
//   dwr_*_o / dwr_ready_i                  DMA write engine client (write-backs)
//   ev_*_o                                 one event per finished frame (not killed/stale)
//   irq_*_o                                interrupt event
//   idle_o                                 no frame in completion, no write-back waiting
`default_nettype none

module vfnic_txq_cpl #(
  parameter int unsigned BufBytes   = int'(vfnic_regs_pkg::TX_BUF_BYTES),
  parameter int unsigned MaxBufs    = int'(vfnic_regs_pkg::TX_MAX_BUFS),
  parameter int unsigned FrameSlots = 16,
  localparam int unsigned FW        = $clog2(FrameSlots),
  localparam int unsigned MB1       = MaxBufs + 1,
  localparam int unsigned UW        = $clog2(BufBytes) - 3
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic                      rec_valid_i,
  input  logic [FW-1:0]             rec_slot_i,
  input  logic [7:0]                rec_q_i,
  input  logic [6:0]                rec_func_i,
  input  logic [3:0]                rec_gen_i,
  input  logic [13:0]               rec_len_i,
  input  logic [UW:0]               rec_units_i,
  input  logic [4:0]                rec_cnt_i,
  input  logic [11:0]               rec_first_i,
  input  logic [MB1-1:0]            rec_rs_i,
  input  logic [3:0]                rec_code_i,
  input  logic                      rec_drop_i,
  input  logic [59:0]               rec_base_i,
  input  logic [3:0]                rec_log2_i,
  input  logic                      rec_irq_i,
  input  logic [11:0]               rec_vec_i,

  output logic [FW:0]               cpl_ptr_o,
  input  logic                      cf_left_i,
  input  logic                      cf_sent_i,
  input  logic                      cf_kill_i,
  input  logic                      cf_stale_i,
  input  logic                      cf_dmaerr_i,
  input  logic                      fs_head_valid_i,
  input  logic [3:0]                fs_head_code_i,
  output logic                      fs_pop_o,
  output logic                      cpl_done_o,
  output logic [UW:0]               cpl_units_o,

  output logic                      op_valid_o,
  input  logic                      op_ready_i,
  output logic [2:0]                op_code_o,
  output logic [7:0]                op_q_o,
  output logic [4:0]                op_n_o,
  output logic [3:0]                op_gen_o,
  output logic [3:0]                op_err_o,

  output logic                      dwr_valid_o,
  output logic                      dwr_sof_o,
  output logic [63:0]               dwr_addr_o,
  output logic [13:0]               dwr_len_o,
  output logic [6:0]                dwr_func_o,
  output logic [127:0]              dwr_data_o,
  output logic                      dwr_last_o,
  input  logic                      dwr_ready_i,

  output logic                      ev_valid_o,
  output logic [7:0]                ev_q_o,
  output logic [6:0]                ev_func_o,
  output logic [13:0]               ev_bytes_o,
  output logic [3:0]                ev_err_o,
  output logic                      irq_valid_o,
  output logic [6:0]                irq_func_o,
  output logic [11:0]               irq_vec_o,

  output logic                      idle_o
);

  localparam logic [2:0] OpHadv = 3'd1;
  localparam logic [3:0] ErrDma = 4'(vfnic_regs_pkg::TXERR_DMA);

  logic [FW:0]      fc_q, fc_d;
  logic             cp_act_q, cp_act_d;
  logic             cp_skip_q, cp_skip_d;
  logic [MB1-1:0]   cp_rs_q, cp_rs_d;
  logic [4:0]       cp_rem_q, cp_rem_d;
  logic [3:0]       cp_err_q, cp_err_d;
  logic             cp_wb_q, cp_wb_d;        // wrote back something
  logic             dw_valid_q, dw_valid_d;
  logic [63:0]      dw_addr_q, dw_addr_d;
  logic [6:0]       dw_func_q, dw_func_d;
  logic [3:0]       dw_err_q, dw_err_d;
  logic             ev_valid_q, ev_valid_d;
  logic [7:0]       ev_q_q, ev_q_d;
  logic [6:0]       ev_func_q, ev_func_d;
  logic [13:0]      ev_bytes_q, ev_bytes_d;
  logic [3:0]       ev_err_q, ev_err_d;
  logic             irq_valid_q, irq_valid_d;
  logic [6:0]       irq_func_q, irq_func_d;
  logic [11:0]      irq_vec_q, irq_vec_d;

  // the completion records, read at the next frame's slot in every cycle
  localparam int unsigned CpW = 8 + 7 + 4 + 14 + (UW + 1) + 5 + 12 + MB1 + 4 + 1 + 60 + 4 + 1 + 12;
  logic [CpW-1:0]  frc_wdata, frc_rdata;
  assign frc_wdata = {rec_q_i, rec_func_i, rec_gen_i, rec_len_i, rec_units_i, rec_cnt_i,
                      rec_first_i, rec_rs_i, rec_code_i, rec_drop_i, rec_base_i, rec_log2_i,
                      rec_irq_i, rec_vec_i};
  vfnic_ram_1r1w #(
    .Width(CpW),
    .Depth(FrameSlots)
  ) u_frame_cp (
    .clk_i  (clk_i),
    .we_i   (rec_valid_i),
    .waddr_i(rec_slot_i),
    .wdata_i(frc_wdata),
    .re_i   (1'b1),
    .raddr_i(fc_d[FW-1:0]),
    .rdata_o(frc_rdata)
  );

  logic           fc_ready;
  logic [MB1-1:0] cp_low;       // lowest RS bit still to write back
  logic [4:0]     cp_bit;
  logic [11:0]    cp_idx;
  logic [7:0]     ci_q;         // the completion record of frame fc
  logic [6:0]     ci_func;
  logic [3:0]     ci_gen;
  logic [13:0]    ci_len;
  logic [UW:0]    ci_units;
  logic [4:0]     ci_cnt;
  logic [11:0]    ci_first;
  logic [MB1-1:0] ci_rs;
  logic [3:0]     ci_code;
  logic           ci_drop;
  logic [59:0]    ci_base;
  logic [3:0]     ci_log2;
  logic           ci_irq;
  logic [11:0]    ci_vec;
  always_comb begin
    {ci_q, ci_func, ci_gen, ci_len, ci_units, ci_cnt, ci_first, ci_rs, ci_code, ci_drop,
     ci_base, ci_log2, ci_irq, ci_vec} = frc_rdata;
    // egress has left the frame; a sent frame waits for its fs
    fc_ready = cf_left_i && (!cf_sent_i || fs_head_valid_i);
  end
  always_comb begin
    cp_low = cp_rs_q & (~cp_rs_q + 1'b1);
    cp_bit = '0;
    for (int i = 0; i < int'(MB1); i++) begin
      if (cp_low[i]) cp_bit = 5'(i);
    end
    cp_idx = (ci_first + 12'(cp_bit)) & 12'((13'd1 << ci_log2) - 13'd1);
  end

  // HEAD advance of the frame in completion (port 1), held until the rings take it
  logic       cp_hadv;
  logic [4:0] cp_hadv_n;
  assign cp_hadv   = cp_act_q && !cp_skip_q && !cf_kill_i && (cp_rs_q == '0) && !dw_valid_q;
  assign cp_hadv_n = (cp_rem_q > 5'd16) ? 5'd16 : cp_rem_q;
  assign op_valid_o = cp_hadv;
  assign op_code_o  = OpHadv;
  assign op_q_o     = ci_q;
  assign op_n_o     = cp_hadv_n;
  assign op_gen_o   = ci_gen;
  assign op_err_o   = '0;

  assign cpl_units_o = ci_units;

  always_comb begin
    fc_d      = fc_q;
    cp_act_d  = cp_act_q;
    cp_skip_d = cp_skip_q;
    cp_rs_d   = cp_rs_q;
    cp_rem_d  = cp_rem_q;
    cp_err_d  = cp_err_q;
    cp_wb_d   = cp_wb_q;
    dw_valid_d = dw_valid_q;
    dw_addr_d  = dw_addr_q;
    dw_func_d  = dw_func_q;
    dw_err_d   = dw_err_q;
    ev_valid_d  = 1'b0;
    ev_q_d      = ev_q_q;
    ev_func_d   = ev_func_q;
    ev_bytes_d  = ev_bytes_q;
    ev_err_d    = ev_err_q;
    irq_valid_d = 1'b0;
    irq_func_d  = irq_func_q;
    irq_vec_d   = irq_vec_q;
    fs_pop_o    = 1'b0;
    cpl_done_o  = 1'b0;

    if (dw_valid_q && dwr_ready_i) dw_valid_d = 1'b0;

    if (!cp_act_q) begin
      if (fc_ready) begin
        fs_pop_o  = cf_sent_i;               // the fs of this frame
        cp_act_d  = 1'b1;
        cp_skip_d = cf_kill_i || cf_stale_i;
        cp_rs_d   = ci_rs;
        cp_rem_d  = ci_cnt;
        cp_err_d  = ci_drop ? ci_code :
                    cf_dmaerr_i ? ErrDma :
                    cf_sent_i ? fs_head_code_i : ci_code;
        cp_wb_d   = 1'b0;
      end
    end else if (cp_skip_q || cf_kill_i) begin
      cp_act_d   = 1'b0;
      fc_d       = fc_q + 1'b1;
      cpl_done_o = 1'b1;
    end else if (cp_rs_q != '0) begin
      if (!dw_valid_q || dwr_ready_i) begin
        dw_valid_d = 1'b1;
        dw_addr_d  = {ci_base, 4'h0} + {48'h0, cp_idx, 4'hC};
        dw_func_d  = ci_func;
        dw_err_d   = cp_err_q;
        cp_rs_d    = cp_rs_q & ~cp_low;
        cp_wb_d    = 1'b1;
      end
    end else if (cp_hadv && op_ready_i) begin
      cp_rem_d   = cp_rem_q - cp_hadv_n;
      if (cp_rem_q == cp_hadv_n) begin
        ev_valid_d  = 1'b1;
        ev_q_d      = ci_q;
        ev_func_d   = ci_func;
        ev_bytes_d  = ci_len;
        ev_err_d    = cp_err_q;
        irq_valid_d = cp_wb_q && ci_irq;
        irq_func_d  = ci_func;
        irq_vec_d   = ci_vec;
        cp_act_d   = 1'b0;
        fc_d       = fc_q + 1'b1;
        cpl_done_o = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fc_q       <= '0;
      cp_act_q   <= 1'b0;
      cp_skip_q  <= 1'b0;
      cp_rs_q    <= '0;
      cp_rem_q   <= '0;
      cp_err_q   <= '0;
      cp_wb_q    <= 1'b0;
      dw_valid_q <= 1'b0;
      dw_addr_q  <= '0;
      dw_func_q  <= '0;
      dw_err_q   <= '0;
      ev_valid_q  <= 1'b0;
      ev_q_q      <= '0;
      ev_func_q   <= '0;
      ev_bytes_q  <= '0;
      ev_err_q    <= '0;
      irq_valid_q <= 1'b0;
      irq_func_q  <= '0;
      irq_vec_q   <= '0;
    end else begin
      fc_q       <= fc_d;
      cp_act_q   <= cp_act_d;
      cp_skip_q  <= cp_skip_d;
      cp_rs_q    <= cp_rs_d;
      cp_rem_q   <= cp_rem_d;
      cp_err_q   <= cp_err_d;
      cp_wb_q    <= cp_wb_d;
      dw_valid_q <= dw_valid_d;
      dw_addr_q  <= dw_addr_d;
      dw_func_q  <= dw_func_d;
      dw_err_q   <= dw_err_d;
      ev_valid_q  <= ev_valid_d;
      ev_q_q      <= ev_q_d;
      ev_func_q   <= ev_func_d;
      ev_bytes_q  <= ev_bytes_d;
      ev_err_q    <= ev_err_d;
      irq_valid_q <= irq_valid_d;
      irq_func_q  <= irq_func_d;
      irq_vec_q   <= irq_vec_d;
    end
  end

  assign cpl_ptr_o = fc_q;

  assign dwr_valid_o = dw_valid_q;
  assign dwr_sof_o   = 1'b1;
  assign dwr_last_o  = 1'b1;
  assign dwr_addr_o  = dw_addr_q;
  assign dwr_len_o   = 14'd4;
  assign dwr_func_o  = dw_func_q;
  assign dwr_data_o  = {96'h0, 20'h0, dw_err_q, 7'h0, 1'b1};   // DW3: ERR 11:8, DD 0

  assign ev_valid_o  = ev_valid_q;
  assign ev_q_o      = ev_q_q;
  assign ev_func_o   = ev_func_q;
  assign ev_bytes_o  = ev_bytes_q;
  assign ev_err_o    = ev_err_q;
  assign irq_valid_o = irq_valid_q;
  assign irq_func_o  = irq_func_q;
  assign irq_vec_o   = irq_vec_q;

  assign idle_o = !cp_act_q && !dw_valid_q;

`ifdef FORMAL
  // Stream properties (proven with this module as the top by rtl/lint/lint.sh; the inputs'
  // rules are assumed only there, under VFNIC_FORMAL_TXQ_PART, since in vfnic_txq the
  // builder drives them). dwr: AXI-Stream. op (port 1, HADV): valid/ready, except that a
  // frame killed meanwhile (cf_kill_i, a function reset) withdraws its HADV; the rings'
  // arbiter grants in the cycle of the request, so a withdrawn request is simply not taken.
  // ev/irq are one-cycle events without a handshake: an irq comes only with its frame's ev.
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  // last cycle's reset, fs handshake, cf_left_i and pointer (registers of their own, so that the assumption is
  // combinational and constrains the cycle it names)
  logic       f_rst_q, f_fs_stall_q, f_left_q;
  logic [3:0] f_fs_code_q;
  logic [FW:0] f_fc_q;
  initial f_rst_q = 1'b0;
  always @(posedge clk_i) begin
    f_left_q     <= cf_left_i;
    f_fc_q       <= fc_q;
    f_rst_q      <= rst_ni;
    f_fs_stall_q <= fs_head_valid_i && !fs_pop_o;
    f_fs_code_q  <= fs_head_code_i;
  end

`ifdef VFNIC_FORMAL_TXQ_PART
  // the builder does not rewrite the record of the frame completion may work on: a record
  // is written before egress leaves its frame (cf_left_i), and egress does not come back
  always @(*) begin
    if (rst_ni && rec_valid_i && rec_slot_i == fc_q[FW-1:0]) assume (!cf_left_i);
    if (rst_ni && f_rst_q && f_left_q && fc_q == f_fc_q) assume (cf_left_i);
  end
  // the fs outcomes are a FIFO's head: it stays (same code) until popped
  always @(*) begin
    if (rst_ni && f_rst_q && f_fs_stall_q) begin
      assume (fs_head_valid_i && fs_head_code_i == f_fs_code_q);
    end
  end
`endif

  always @(*) begin
    if (rst_ni) begin
      // pops only an outcome that is there; a HADV and a write-back are never both pending
      assert (!fs_pop_o || fs_head_valid_i);
      assert (!(op_valid_o && dw_valid_q));
      assert (!irq_valid_o || ev_valid_o);
      // the frame in completion stays left by egress (so its record stays as it was)
      assert (!cp_act_q || cf_left_i);
    end
  end

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni)) begin
      if ($past(dwr_valid_o && !dwr_ready_i)) begin
        assert (dwr_valid_o);
        assert ($stable(dwr_sof_o) && $stable(dwr_addr_o) && $stable(dwr_len_o) &&
                $stable(dwr_func_o) && $stable(dwr_data_o) && $stable(dwr_last_o));
      end
      if ($past(op_valid_o && !op_ready_i)) begin
        assert (op_valid_o || cf_kill_i);
        if (op_valid_o) begin
          assert ($stable(op_code_o) && $stable(op_q_o) && $stable(op_n_o) &&
                  $stable(op_gen_o) && $stable(op_err_o));
        end
      end
    end
  end
`endif

endmodule

`default_nettype wire
