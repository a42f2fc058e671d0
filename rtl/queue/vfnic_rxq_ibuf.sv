// SPDX-License-Identifier: MIT
// RX frame buffer of one ingress (wire or VEB loop) of vfnic_rxq: a circular store-and-forward
// buffer written one 64-bit beat per cycle and read one 128-bit word per cycle by dispatch,
// plus a queue of the committed frames' sideband. A frame is committed at its last beat
// unless it is aborted, empty, longer than 16383 bytes (the 14-bit length of every port
// after this one) or does not fit (data or frame queue full) — those leave no trace.
//
// Ports:
//   in_valid_i, in_data_i[63:0], in_keep_i[7:0], in_last_i, in_abort_i, in_mask_i[NumFuncs-1:0],
//   in_how_i[1:0], in_tci_i[15:0], in_tagged_i, in_hash_i[3:0]
//       frame beats (docs/datapath-blocks.md byte order); sideband and abort with the last beat
//   in_ready_o   HasReady: the buffer has room for a MaxFrameBytes frame and a queue entry
//                (the loop input); otherwise 1 (the wire input has no ready: every beat is
//                taken, what does not fit is dropped)
//   ovf_o        pulse with the last beat of a frame dropped for lack of room or length (not
//                for an aborted frame: eth_rx counts those itself)
//   fr_valid_o, fr_start_o[AddrWidth-1:0] (128-bit word of the first byte; frames start on a
//   word), fr_len_o[13:0], fr_mask_o, fr_how_o, fr_tci_o, fr_tagged_o, fr_hash_o
//                the oldest committed frame that dispatch has not taken yet (peek)
//   fr_take_i    dispatch took it (the next committed frame shows)
//   rel_i        dispatch is done with the oldest taken frame: its space is free again
//   rd_en_i, rd_addr_i[AddrWidth-1:0] -> rd_data_o[127:0] the cycle after (synchronous read;
//                byte k of the word at bits 8k+7:8k)
//   empty_o      nothing stored and no frame being received
`default_nettype none

module vfnic_rxq_ibuf #(
  parameter int unsigned NumFuncs      = 9,
  parameter int unsigned BufBytes      = 32768,  // power of two
  parameter bit          HasReady      = 1'b0,
  parameter int unsigned MaxFrameBytes = int'(vfnic_regs_pkg::FRAME_MAX_BYTES),
  localparam int unsigned AddrWidth    = $clog2(BufBytes / 16)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic                      in_valid_i,
  input  logic [63:0]               in_data_i,
  input  logic [7:0]                in_keep_i,
  input  logic                      in_last_i,
  input  logic                      in_abort_i,
  input  logic [NumFuncs-1:0]       in_mask_i,
  input  logic [1:0]                in_how_i,
  input  logic [15:0]               in_tci_i,
  input  logic                      in_tagged_i,
  input  logic [3:0]                in_hash_i,
  output logic                      in_ready_o,
  output logic                      ovf_o,

  output logic                      fr_valid_o,
  output logic [AddrWidth-1:0]      fr_start_o,
  output logic [13:0]               fr_len_o,
  output logic [NumFuncs-1:0]       fr_mask_o,
  output logic [1:0]                fr_how_o,
  output logic [15:0]               fr_tci_o,
  output logic                      fr_tagged_o,
  output logic [3:0]                fr_hash_o,
  input  logic                      fr_take_i,
  input  logic                      rel_i,

  input  logic                      rd_en_i,
  input  logic [AddrWidth-1:0]      rd_addr_i,
  output logic [127:0]              rd_data_o,

  output logic                      empty_o
);

  localparam int unsigned Halves    = BufBytes / 8;         // 64-bit slots
  localparam int unsigned PtrWidth  = AddrWidth + 2;        // slot index + wrap bit
  localparam int unsigned MetaDepth = BufBytes / 64;        // frames of >= 60 bytes fit
  localparam int unsigned MetaWidth = $clog2(MetaDepth);
  localparam int unsigned MaxLen    = 16383;
  // room the loop input needs before it takes a frame: the largest frame, rounded to a word
  localparam int unsigned ReadyHalves = 2 * ((MaxFrameBytes + 15) / 16);

`ifndef __ICARUS__
  if (BufBytes < 1024 || BufBytes > (1 << 20) || (BufBytes & (BufBytes - 1)) != 0)
  begin : gen_buf_check
    $error("BufBytes must be a power of two in 1 KiB .. 1 MiB");
  end
  if (HasReady && ReadyHalves > Halves) begin : gen_ready_check
    $error("BufBytes must hold a MaxFrameBytes frame when HasReady");
  end
  if (NumFuncs < 1 || NumFuncs > 128) begin : gen_funcs_check
    $error("NumFuncs must be 1..128");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------
  logic [PtrWidth-1:0]  wp_q, wp_d;     // next slot to write
  logic [PtrWidth-1:0]  fs_q, fs_d;     // first slot of the frame being received
  logic [PtrWidth-1:0]  rp_q, rp_d;     // first slot still in use (oldest unreleased frame)
  logic                 inf_q, inf_d;   // inside a frame (a beat without last was taken)
  logic                 drop_q, drop_d; // the frame being received lost a beat
  logic [14:0]          blen_q, blen_d; // bytes of the frame's beats so far (saturating)
  logic [MetaWidth:0]   nfr_q, nfr_d;   // frames committed and not yet released
  logic                 ovf_q, ovf_d;

  // Frame queue (committed frames dispatch has not taken: start word, length, sideband) and
  // the lengths of the taken frames not yet released, oldest first: two FIFOs in RAM
  localparam int unsigned MetaBits = AddrWidth + 14 + NumFuncs + 2 + 16 + 1 + 4;
  localparam int unsigned FifoCntW = $clog2(MetaDepth + 3);
  logic [MetaBits-1:0]  meta_wdata, meta_peek;
  logic                 meta_we;
  logic                 meta_valid;
  logic                 taken_valid;
  logic [13:0]          taken_len;
  logic [FifoCntW-1:0]  meta_count, taken_count;
  logic                 meta_in_ready, taken_in_ready;  // always: nfr_q <= MetaDepth
  logic                 unused_fifo;

  logic [63:0]          mem_lo [BufBytes / 16];
  logic [63:0]          mem_hi [BufBytes / 16];
  logic [127:0]         rd_data_q;

  // ---------------------------------------------------------------------------------------
  // Ingress
  // ---------------------------------------------------------------------------------------
  logic [PtrWidth-1:0] used;       // slots in use (frames + the frame being received)
  logic [PtrWidth-1:0] committed;  // slots of committed frames
  logic                meta_full;
  logic                beat;       // a beat is taken
  logic                room;       // the beat has a slot
  logic                store;      // ... and is written
  logic [3:0]          last_bytes;
  logic [14:0]         fr_bytes;   // frame length at its last beat (saturated)
  logic                fr_long;
  logic                commit;
  logic [PtrWidth-1:0] wp_next;    // after this beat
  logic [PtrWidth-1:0] fs_next;    // next frame's first slot (word aligned)
  logic [13:0]         rel_len;

  assign used       = wp_q - rp_q;
  assign meta_full  = nfr_q == (MetaWidth + 1)'(MetaDepth);
  // room counted from the frame's start, so ready stays high through a frame once it began
  assign committed  = fs_q - rp_q;
  assign in_ready_o = HasReady ? (32'(Halves) - 32'(committed) >= ReadyHalves && !meta_full)
                               : 1'b1;
  assign beat       = in_valid_i && in_ready_o;
  assign room       = 32'(used) < Halves;
  assign store      = beat && !drop_q && room;
  assign wp_next    = wp_q + PtrWidth'(store);
  assign fs_next    = wp_next + PtrWidth'(wp_next[0]);

  // keep is contiguous from bit 0: its bytes are the index of its first zero
  always_comb begin
    last_bytes = 4'd8;
    for (int b = 7; b >= 0; b--) begin
      if (!in_keep_i[b]) last_bytes = 4'(b);
    end
  end

  assign fr_bytes = blen_q + 15'(last_bytes);
  assign fr_long  = blen_q[14] || fr_bytes > 15'(MaxLen);
  assign commit   = beat && in_last_i && !in_abort_i && !drop_q && room && !fr_long &&
                    fr_bytes != '0 && !meta_full;

  assign meta_wdata = {fs_q[AddrWidth:1], fr_bytes[13:0], in_mask_i, in_how_i, in_tci_i,
                       in_tagged_i, in_hash_i};
  assign meta_we    = commit;

  always_comb begin
    wp_d   = wp_q;
    fs_d   = fs_q;
    rp_d   = rp_q;
    inf_d  = inf_q;
    drop_d = drop_q;
    blen_d = blen_q;
    nfr_d  = nfr_q;
    ovf_d  = 1'b0;

    if (beat) begin
      if (in_last_i) begin
        inf_d  = 1'b0;
        drop_d = 1'b0;
        blen_d = '0;
        if (commit) begin
          wp_d = fs_next;
          fs_d = fs_next;
          nfr_d = nfr_d + 1'b1;
        end else begin
          wp_d  = fs_q;    // roll the frame back
          ovf_d = !in_abort_i && (drop_q || !room || fr_long || meta_full) && fr_bytes != '0;
        end
      end else begin
        inf_d  = 1'b1;
        wp_d   = wp_next;
        drop_d = drop_q || !room;
        blen_d = blen_q[14] ? blen_q : blen_q + 15'd8;
      end
    end

    if (rel_i && taken_valid) begin
      nfr_d = nfr_d - 1'b1;
      // frames are stored back to back from word boundaries: the next one starts after it
      rp_d = rp_q + PtrWidth'(2 * ((32'(rel_len) + 15) / 16));
    end
  end

  // ---------------------------------------------------------------------------------------
  // Memories
  // ---------------------------------------------------------------------------------------
  always_ff @(posedge clk_i) begin
    if (store && !wp_q[0]) begin
      mem_lo[wp_q[AddrWidth:1]] <= in_data_i;
    end
    if (store && wp_q[0]) begin
      mem_hi[wp_q[AddrWidth:1]] <= in_data_i;
    end
    if (rd_en_i) begin
      rd_data_q <= {mem_hi[rd_addr_i], mem_lo[rd_addr_i]};
    end
  end

  // a committed frame shows two cycles after its last beat; dispatch releases a frame at
  // least three cycles after taking it, so its length is then at the head of the taken queue
  vfnic_fifo #(
    .Width(MetaBits),
    .Depth(MetaDepth)
  ) u_meta (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (meta_we),
    .in_ready_o (meta_in_ready),
    .in_data_i  (meta_wdata),
    .out_valid_o(meta_valid),
    .out_ready_i(fr_take_i),
    .out_data_o (meta_peek),
    .count_o    (meta_count)
  );

  vfnic_fifo #(
    .Width(14),
    .Depth(MetaDepth)
  ) u_taken (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fr_take_i && meta_valid),
    .in_ready_o (taken_in_ready),
    .in_data_i  (fr_len_o),
    .out_valid_o(taken_valid),
    .out_ready_i(rel_i),
    .out_data_o (taken_len),
    .count_o    (taken_count)
  );

  assign rel_len     = taken_len;
  assign unused_fifo = ^{meta_count, taken_count, meta_in_ready, taken_in_ready};

  assign fr_valid_o = meta_valid;
  assign {fr_start_o, fr_len_o, fr_mask_o, fr_how_o, fr_tci_o, fr_tagged_o, fr_hash_o} =
      meta_peek;
  assign rd_data_o  = rd_data_q;
  assign empty_o    = !inf_q && nfr_q == '0;
  assign ovf_o      = ovf_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wp_q   <= '0;
      fs_q   <= '0;
      rp_q   <= '0;
      inf_q  <= 1'b0;
      drop_q <= 1'b0;
      blen_q <= '0;
      nfr_q  <= '0;
      ovf_q  <= 1'b0;
    end else begin
      wp_q   <= wp_d;
      fs_q   <= fs_d;
      rp_q   <= rp_d;
      inf_q  <= inf_d;
      drop_q <= drop_d;
      blen_q <= blen_d;
      nfr_q  <= nfr_d;
      ovf_q  <= ovf_d;
    end
  end

`ifndef SYNTHESIS
`ifndef FORMAL  // Yosys' formal read has no runtime $error
  // (checked out of reset only: before the first reset edge the registers hold their initial
  // values; the reset is asynchronous here as in the registers above, so lint sees one use)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
    end else if (rel_i && !taken_valid) begin
      $error("vfnic_rxq_ibuf: a release with no taken frame at the head of the taken queue");
    end
  end
`endif
`endif

endmodule

`default_nettype wire
