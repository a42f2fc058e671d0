// SPDX-License-Identifier: MIT
// DMA test engine: copies up to MaxBytes of host memory to another host address with one MRd
// and one MWr, so software can check the function's requester path end to end.
`default_nettype none

module vfnic_dma_test #(
  parameter int unsigned MaxBytes          = 32'(vfnic_regs_pkg::DMA_TEST_MAX_BYTES),
  parameter int unsigned TimeoutCyclesLog2 = 32'(vfnic_regs_pkg::DMA_TIMEOUT_CYCLES_LOG2)
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  // FLR or software reset of the owning function: abandon the copy without reporting it. A TLP
  // already presented on rq is finished first (a stream beat cannot be withdrawn); late
  // completions of an abandoned read no longer match and are dropped as unexpected.
  input  logic         abort_i,
  // the outcome may be reported this cycle (else the engine holds it: the core has another
  // interrupt event in flight for the shared VF interrupt path)
  input  logic         finish_ok_i,

  // Control from the register file (src/dst/len are sampled on start_i)
  input  logic         start_i,
  input  logic [63:0]  src_i,
  input  logic [63:0]  dst_i,
  input  logic [7:0]   len_i,            // bytes
  input  logic         bme_i,            // Bus Master Enable of the function
  input  logic         cto_disable_i,    // completion timeout disabled
  input  logic [15:0]  req_id_i,

  // Outcome
  output logic         busy_o,
  output logic         done_o,           // pulse: copy finished
  output logic         error_o,          // pulse: copy failed
  output logic         timeout_o,        // with error_o: the read timed out
  output logic         cpl_status_en_o,  // pulse: a completion for our read arrived
  output logic [2:0]   cpl_status_o,
  output logic         rx_master_abort_o,  // pulse: our read completed with UR
  output logic         rx_target_abort_o,  // pulse: our read completed with CA
  output logic         rx_poisoned_o,      // pulse: our read completed with poisoned data

  // The read in flight, for completion matching and Transactions Pending
  output logic         rd_pending_o,
  output logic [7:0]   rd_tag_o,
  output logic [15:0]  rd_req_id_o,

  output logic         idle_o,           // nothing to do until some input changes

  // Requests (MRd, MWr)
  output logic         rq_valid_o,
  input  logic         rq_ready_i,
  output logic [127:0] rq_hdr_o,
  output logic [127:0] rq_data_o,
  output logic         rq_last_o,

  // Completion beats for our read (the core routes only matching TLPs here)
  input  logic         cpl_valid_i,
  input  logic         cpl_sof_i,        // first beat of a completion TLP
  input  logic [127:0] cpl_hdr_i,
  input  logic [127:0] cpl_data_i,
  input  logic         cpl_last_i
);

  localparam int unsigned MaxDws  = MaxBytes / 4;
  localparam int unsigned Beats   = (MaxDws + 3) / 4;
  localparam int unsigned BufDws  = 4 * Beats;
  localparam int unsigned TimerW  = TimeoutCyclesLog2 + 1;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  // Up to 128 bytes fits one MRd and one MWr under the smallest MPS and MRRS (128 bytes)
  if (MaxBytes < 4 || MaxBytes > 128 || (MaxBytes % 4) != 0) begin : gen_max_bytes_check
    $error("MaxBytes must be a multiple of 4 in 4..128");
  end
  if (TimeoutCyclesLog2 < 1 || TimeoutCyclesLog2 > 31) begin : gen_timeout_check
    $error("TimeoutCyclesLog2 must be 1..31");
  end
`endif

  typedef enum logic [2:0] {
    StIdle,     // nothing to do
    StRdWait,   // waiting for Bus Master Enable to issue the read
    StRdReq,    // MRd presented on rq
    StCpl,      // read outstanding: collecting completions
    StCplDrain, // error seen mid-completion: consume the rest of the TLP
    StWrWait,   // data complete, waiting for Bus Master Enable to issue the write
    StWr,       // MWr beats on rq
    StFinish    // report the outcome
  } state_e;

  state_e              state_q, state_d;
  logic [63:0]         src_q, src_d;
  logic [63:0]         dst_q, dst_d;
  logic [7:0]          len_dw_q, len_dw_d;   // transfer length in DWs
  logic [15:0]         rid_q, rid_d;
  logic [1:0]          tag_q, tag_d;  // tags 28..31: 0..27 belong to the datapath
  logic [7:0]          rcv_dw_q, rcv_dw_d;   // DWs received in finished completions
  logic [7:0]          ptr_q, ptr_d;         // buffer index of the next DW of this completion
  logic [9:0]          tlp_rem_q, tlp_rem_d; // DWs of this completion not yet seen
  logic                in_tlp_q, in_tlp_d;   // between the first and last beat of a completion
  logic [TimerW-1:0]   timer_q, timer_d;
  logic [7:0]          beat_q, beat_d;       // MWr beat index
  logic                err_q, err_d;
  logic                tmo_q, tmo_d;
  logic [BufDws*32-1:0] buf_q, buf_d;
  logic                abort_q, abort_d;     // abandon once the TLP on rq is finished

  // ---- start checks: length, alignment, no 4 KiB crossing (a TLP must not cross one) ----
  logic start_ok;
  always_comb begin
    logic [12:0] src_end;
    logic [12:0] dst_end;
    src_end  = {1'b0, src_i[11:0]} + 13'(len_i);
    dst_end  = {1'b0, dst_i[11:0]} + 13'(len_i);
    start_ok = (len_i[1:0] == 2'b00) && (len_i != 8'd0) && (32'(len_i) <= MaxBytes) &&
               (src_i[1:0] == 2'b00) && (dst_i[1:0] == 2'b00) &&
               (src_end <= 13'h1000) && (dst_end <= 13'h1000);
  end

  // ---- completion beat handling ----
  logic [9:0]  cpl_len;
  logic [2:0]  cpl_sts;
  logic [11:0] cpl_bc;
  logic [7:0]  rem_dw;        // DWs of the read still to come
  logic        cpl_bad;       // first beat: anything but a well-formed successful CplD
  logic [9:0]  beat_dws;      // DWs carried by this beat
  logic [7:0]  beat_ptr;      // buffer index of this beat's first DW
  logic        beat_write;

  assign cpl_len = vfnic_tlp_pkg::len_field(cpl_hdr_i);
  assign cpl_sts = vfnic_tlp_pkg::cpl_status(cpl_hdr_i);
  assign cpl_bc  = vfnic_tlp_pkg::cpl_byte_count(cpl_hdr_i);
  assign rem_dw  = len_dw_q - rcv_dw_q;
  assign cpl_bad = (cpl_sts != vfnic_tlp_pkg::CPL_SC) || vfnic_tlp_pkg::poisoned(cpl_hdr_i) ||
                   (vfnic_tlp_pkg::fmt_type(cpl_hdr_i) != vfnic_tlp_pkg::FT_CPLD) ||
                   (cpl_len == 10'd0) || (cpl_len > {2'b00, rem_dw}) ||
                   (cpl_bc != {2'b00, rem_dw, 2'b00});

  always_comb begin
    logic [9:0] left;
    left     = cpl_sof_i ? cpl_len : tlp_rem_q;
    beat_dws = (left > 10'd4) ? 10'd4 : left;
    beat_ptr = cpl_sof_i ? rcv_dw_q : ptr_q;
  end

  assign beat_write = cpl_valid_i && (state_q == StCpl) && !(cpl_sof_i && cpl_bad);

  // beat DW j goes to buffer lane (beat_ptr + j) mod 4
  logic [127:0] beat_rot;
  always_comb begin
    case (beat_ptr[1:0])
      2'd1:    beat_rot = {cpl_data_i[95:0], cpl_data_i[127:96]};
      2'd2:    beat_rot = {cpl_data_i[63:0], cpl_data_i[127:64]};
      2'd3:    beat_rot = {cpl_data_i[31:0], cpl_data_i[127:32]};
      default: beat_rot = cpl_data_i;
    endcase
  end

  // ---- next state ----
  always_comb begin
    state_d   = state_q;
    src_d     = src_q;
    dst_d     = dst_q;
    len_dw_d  = len_dw_q;
    rid_d     = rid_q;
    tag_d     = tag_q;
    rcv_dw_d  = rcv_dw_q;
    ptr_d     = ptr_q;
    tlp_rem_d = tlp_rem_q;
    in_tlp_d  = in_tlp_q;
    timer_d   = timer_q;
    beat_d    = beat_q;
    err_d     = err_q;
    tmo_d     = tmo_q;
    buf_d     = buf_q;
    abort_d   = abort_q;

    cpl_status_en_o   = 1'b0;
    rx_master_abort_o = 1'b0;
    rx_target_abort_o = 1'b0;
    rx_poisoned_o     = 1'b0;

    // completion payload into the buffer: the beat, rotated to the buffer's DW lanes, lands in
    // the slots from beat_ptr on, so each slot only chooses between keeping and loading
    if (beat_write) begin
      for (int k = 0; k < BufDws; k++) begin
        if (8'(k) >= beat_ptr && 8'(k) < beat_ptr + beat_dws[7:0]) begin
          buf_d[32*k +: 32] = beat_rot[32*(k % 4) +: 32];
        end
      end
    end

    case (state_q)
      StIdle: begin
        if (start_i) begin
          src_d    = src_i;
          dst_d    = dst_i;
          len_dw_d = {2'b00, len_i[7:2]};
          rcv_dw_d = '0;
          err_d    = !start_ok;
          tmo_d    = 1'b0;
          if (start_ok) begin
            state_d = StRdWait;
          end else begin
            state_d = StFinish;
          end
        end
      end

      StRdWait: begin
        if (bme_i) begin
          // a new read gets a new tag, so a late completion of a timed-out read cannot match
          rid_d   = req_id_i;
          tag_d   = tag_q + 2'd1;
          state_d = StRdReq;
        end
      end

      StRdReq: begin
        if (rq_ready_i) begin
          timer_d  = '0;
          in_tlp_d = 1'b0;
          state_d  = StCpl;
        end
      end

      StCpl: begin
        if (cpl_valid_i) begin
          if (cpl_sof_i) begin
            cpl_status_en_o   = 1'b1;
            rx_master_abort_o = (cpl_sts == vfnic_tlp_pkg::CPL_UR);
            rx_target_abort_o = (cpl_sts == vfnic_tlp_pkg::CPL_CA);
            rx_poisoned_o     = vfnic_tlp_pkg::poisoned(cpl_hdr_i);
          end
          if (cpl_sof_i && cpl_bad) begin
            err_d   = 1'b1;
            if (cpl_last_i) begin
              state_d = StFinish;
            end else begin
              state_d = StCplDrain;
            end
          end else begin
            ptr_d     = beat_ptr + beat_dws[7:0];
            tlp_rem_d = (cpl_sof_i ? cpl_len : tlp_rem_q) - beat_dws;
            in_tlp_d  = !cpl_last_i;
            if (cpl_last_i) begin
              if (tlp_rem_d != 10'd0) begin
                // fewer beats than the Length field promised
                err_d   = 1'b1;
                state_d = StFinish;
              end else begin
                rcv_dw_d = beat_ptr + beat_dws[7:0];
                if (beat_ptr + beat_dws[7:0] == len_dw_q) begin
                  state_d = StWrWait;
                end
              end
            end
          end
        end else if (!cto_disable_i && !in_tlp_q) begin
          if (timer_q[TimerW-1]) begin
            err_d   = 1'b1;
            tmo_d   = 1'b1;
            state_d = StFinish;
          end else begin
            timer_d = timer_q + TimerW'(1);
          end
        end
      end

      StCplDrain: begin
        if (cpl_valid_i && cpl_last_i) begin
          state_d = StFinish;
        end
      end

      StWrWait: begin
        if (bme_i) begin
          rid_d   = req_id_i;
          beat_d  = '0;
          state_d = StWr;
        end
      end

      StWr: begin
        if (rq_ready_i) begin
          beat_d = beat_q + 8'd1;
          if (rq_last_o) begin
            state_d = StFinish;
          end
        end
      end

      StFinish: begin
        if (finish_ok_i) begin
          state_d = StIdle;
        end
      end

      default: state_d = StIdle;
    endcase

    if (abort_i || abort_q) begin
      if ((state_q == StRdReq || state_q == StWr) && state_d == state_q) begin
        abort_d = 1'b1;  // still presenting a TLP
      end else begin
        abort_d = 1'b0;
        if (state_d != StIdle || state_q == StFinish) begin
          state_d = StIdle;
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      src_q     <= '0;
      dst_q     <= '0;
      len_dw_q  <= '0;
      rid_q     <= '0;
      tag_q     <= '0;
      rcv_dw_q  <= '0;
      ptr_q     <= '0;
      tlp_rem_q <= '0;
      in_tlp_q  <= 1'b0;
      timer_q   <= '0;
      beat_q    <= '0;
      err_q     <= 1'b0;
      tmo_q     <= 1'b0;
      buf_q     <= '0;
      abort_q   <= 1'b0;
    end else begin
      state_q   <= state_d;
      src_q     <= src_d;
      dst_q     <= dst_d;
      len_dw_q  <= len_dw_d;
      rid_q     <= rid_d;
      tag_q     <= tag_d;
      rcv_dw_q  <= rcv_dw_d;
      ptr_q     <= ptr_d;
      tlp_rem_q <= tlp_rem_d;
      in_tlp_q  <= in_tlp_d;
      timer_q   <= timer_d;
      beat_q    <= beat_d;
      err_q     <= err_d;
      tmo_q     <= tmo_d;
      buf_q     <= buf_d;
      abort_q   <= abort_d;
    end
  end

  // ---- request stream: headers and data come from registers, so they hold while waiting ----
  logic [3:0]   lbe;
  logic [7:0]   last_beat;
  logic [127:0] beat_data;

  assign lbe       = (len_dw_q == 8'd1) ? 4'h0 : 4'hF;
  assign last_beat = (len_dw_q - 8'd1) >> 2;

  always_comb begin
    beat_data = '0;
    for (int b = 0; b < Beats; b++) begin
      if (beat_q == 8'(b)) begin
        beat_data = buf_q[128*b +: 128];
      end
    end
    // unused DWs of the last beat are driven 0
    for (int j = 0; j < 4; j++) begin
      if ({beat_q[5:0], 2'(j)} >= len_dw_q) begin
        beat_data[32*j +: 32] = '0;
      end
    end
  end

  always_comb begin
    rq_valid_o = 1'b0;
    rq_hdr_o   = '0;
    rq_data_o  = '0;
    rq_last_o  = 1'b0;
    case (state_q)
      StRdReq: begin
        rq_valid_o = 1'b1;
        rq_hdr_o   = vfnic_tlp_pkg::mem_hdr(1'b0, src_q, {2'b00, len_dw_q}, 4'hF, lbe, rid_q,
                                            {6'b000111, tag_q});
        rq_last_o  = 1'b1;
      end
      StWr: begin
        rq_valid_o = 1'b1;
        rq_hdr_o   = vfnic_tlp_pkg::mem_hdr(1'b1, dst_q, {2'b00, len_dw_q}, 4'hF, lbe, rid_q,
                                            8'h00);
        rq_data_o  = beat_data;
        rq_last_o  = (beat_q == last_beat);
      end
      default: ;
    endcase
  end

  assign busy_o       = (state_q != StIdle);
  assign done_o       = (state_q == StFinish) && finish_ok_i && !err_q && !abort_i;
  assign error_o      = (state_q == StFinish) && finish_ok_i && err_q && !abort_i;
  assign timeout_o    = tmo_q;
  assign cpl_status_o = cpl_sts;
  assign rd_pending_o = (state_q == StCpl);
  assign rd_tag_o     = {6'b000111, tag_q};
  assign rd_req_id_o  = rid_q;
  assign idle_o       = (state_q == StIdle) ||
                        (state_q == StRdWait && !bme_i) || (state_q == StWrWait && !bme_i);

`ifdef FORMAL
  // AXI-Stream rules for the request stream
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni) && $past(rq_valid_o && !rq_ready_i)) begin
      assert (rq_valid_o);
      assert ($stable(rq_hdr_o) && $stable(rq_data_o) && $stable(rq_last_o));
    end
  end
`endif

endmodule

`default_nettype wire
