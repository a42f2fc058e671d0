// SPDX-License-Identifier: MIT
// DMA write engine of the datapath (docs/datapath.md "DMA", docs/datapath-blocks.md
// "vfnic_dma_wr"): clients (RX frame data, TX and RX write-backs) stream a byte range on behalf
// of a function; the engine turns each request into MWrs of at most Max Payload Size that
// never cross a 4 KiB boundary, realigning the packed request bytes to the address's DW lanes.
//
// Ports (as docs/datapath-blocks.md; ClW = $clog2(max(NumClients, 2))):
//   rid_base_i [15:0]   {bus, dev, 000}: requester ID = rid_base_i + func
//   mps_i [2:0]         Max Payload Size, Device Control encoding (128 << n, n > 5 taken as 5)
//   bme_i [NumFuncs]    Bus Master Enable per function
//   per client c: wr_valid_i, wr_sof_i, wr_addr_i [63:0], wr_len_i [LenWidth] (1..),
//     wr_func_i [6:0], wr_data_i [127:0], wr_last_i -> wr_ready_o. One request is
//     ceil(len/16) beats; addr/len/func are read on the sof beat (which must stay presented,
//     AXI-Stream rules, until the engine takes it); request byte k is in beat k/16 at
//     bits 8*(k%16)+7 : 8*(k%16).
//   rq_valid_o, rq_hdr_o [127:0], rq_data_o [127:0], rq_last_o, rq_ready_i: MWr TLPs
//     (docs/tlp-stream.md), registered.
//   drop_o, drop_client_o [ClW]: pulse per TLP not sent (Bus Master Enable clear, and the
//     bad input below). The contract gives drop_client_o no width: ClW bits.
//   idle_o: no request taken or in progress, nothing on rq, no drop pulse pending.
//
// Behaviour:
// - Arbitration: round robin over the clients whose beat is valid; the picked request starts
//   (its addr/len/func are registered from the port, its sof beat stays there until the data
//   path takes it) when nothing is in progress or in the cycle the current request builds its
//   last beat, so requests follow each other without idle cycles. The client being served
//   takes part again once all its beats were taken. Requests are never interleaved.
// - Splitting: MWrs end at Max-Payload-Size-aligned addresses (so the first MWr of a request
//   may be short and no MWr crosses 4 KiB); First/Last BE follow from address and length
//   (a 1-DW MWr has Last BE 0); 3-DW header below 4 GiB, 4-DW above; TC 0, attributes 0,
//   tag 0. Payload bytes outside the Byte Enables and unused DWs of a last beat are 0.
// - A TLP is sent only if bme_i[func] is set when its first beat is built; otherwise its
//   data is consumed at one beat per cycle (no rq_ready needed) and drop_o pulses once.
// - Realignment: the engine keeps the last request beat it took; every rq beat is a byte
//   window of {current input beat, held beat}, so each cycle builds one rq beat and takes at
//   most one request beat. An MWr of b bytes at address a is ceil((a % 4 + b) / 16) rq
//   beats, so realignment costs at most one rq beat per MWr.
// Bad input (the contract does not allow it; this is what happens):
// - wr_len_i == 0 on a sof beat: the beat is taken, nothing is sent, drop_o pulses once
//   (for the one zero-length MWr it would have been).
// - wr_func_i >= NumFuncs: treated as Bus Master Enable clear.
// - a beat without wr_sof_i where a request must start: the beat is taken and discarded.
// - framing is by wr_len_i: wr_last_i is not looked at (a wrong one is not detected).
// Throughput: with rq_ready high and both clients busy every cycle builds an rq beat
// (tb/dma_wr measures it); a single client loses one cycle per request when its last input
// beat is taken by the request's last rq beat (its next sof beat is seen one cycle later).
// The ready paths are combinational: rq_ready_i -> wr_ready_o (one output register stage).
`default_nettype none

module vfnic_dma_wr #(
  parameter int unsigned NumClients = 2,
  parameter int unsigned NumFuncs   = 9,   // routing function numbers 0..NumFuncs-1
  parameter int unsigned LenWidth   = 14   // request length 1..2^LenWidth-1 bytes
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,

  input  logic [15:0]                           rid_base_i,  // {bus, dev, 000}: RID = base + func
  input  logic [2:0]                            mps_i,       // Device Control encoding
  input  logic [NumFuncs-1:0]                   bme_i,

  // write requests, one port per client
  input  logic [NumClients-1:0]                 wr_valid_i,
  output logic [NumClients-1:0]                 wr_ready_o,
  input  logic [NumClients-1:0]                 wr_sof_i,
  input  logic [NumClients-1:0][63:0]           wr_addr_i,
  input  logic [NumClients-1:0][LenWidth-1:0]   wr_len_i,
  input  logic [NumClients-1:0][6:0]            wr_func_i,
  input  logic [NumClients-1:0][127:0]          wr_data_i,
  input  logic [NumClients-1:0]                 wr_last_i,

  // rq: MWrs
  output logic                                  rq_valid_o,
  input  logic                                  rq_ready_i,
  output logic [127:0]                          rq_hdr_o,
  output logic [127:0]                          rq_data_o,
  output logic                                  rq_last_o,

  output logic                                  drop_o,
  output logic [$clog2(NumClients > 1 ? NumClients : 2)-1:0] drop_client_o,
  output logic                                  idle_o
);

  localparam int unsigned ClW   = $clog2(NumClients > 1 ? NumClients : 2);
  localparam int unsigned FuncW = $clog2(NumFuncs > 1 ? NumFuncs : 2);
  localparam int unsigned BeatW = LenWidth - 3;   // request beats, 0..2^(LenWidth-4)

`ifndef __ICARUS__
  if (NumClients < 1 || NumClients > 16) begin : gen_clients_check
    $error("NumClients must be 1..16");
  end
  if (NumFuncs < 1 || NumFuncs > 128) begin : gen_funcs_check
    $error("NumFuncs must be 1..128 (7-bit function numbers)");
  end
  if (LenWidth < 8 || LenWidth > 16) begin : gen_len_check
    $error("LenWidth must be 8..16");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------

  // the request being split
  logic                 act_q, act_d;
  logic [ClW-1:0]       cur_client_q, cur_client_d;
  logic [6:0]           cur_func_q, cur_func_d;
  logic [63:0]          nx_addr_q, nx_addr_d;     // address of the next MWr
  logic [LenWidth-1:0]  nx_rem_q, nx_rem_d;       // bytes from nx_addr_q to the end
  logic [BeatW-1:0]     in_left_q, in_left_d;     // request beats not yet taken
  logic                 in_tlp_q, in_tlp_d;       // between first and last beat of an MWr
  logic [12:0]          tlp_left_q, tlp_left_d;   // bytes of that MWr still to build
  logic                 tlp_drop_q, tlp_drop_d;
  logic [4:0]           hoff_q, hoff_d;           // next byte: window offset 0..16
  logic [127:0]         hold_q, hold_d;           // last request beat taken

  // rq output register
  logic                 rq_valid_q, rq_valid_d;
  logic [127:0]         rq_hdr_q, rq_hdr_d;
  logic [127:0]         rq_data_q, rq_data_d;
  logic                 rq_last_q, rq_last_d;

  logic                 drop_q, drop_d;
  logic [ClW-1:0]       drop_client_q, drop_client_d;

  // ---------------------------------------------------------------------------------------
  // Local helpers
  // ---------------------------------------------------------------------------------------
  // Request beats of a length: ceil(len / 16)
  function automatic logic [BeatW-1:0] beats_of(input logic [LenWidth-1:0] len);
    logic [LenWidth:0] l;
    l = {1'b0, len} + (LenWidth + 1)'(15);
    beats_of = BeatW'(l >> 4);
  endfunction

  // Byte lanes lo .. hi-1 of a beat (hi <= 16)
  function automatic logic [15:0] lane_mask(input logic [1:0] lo, input logic [4:0] hi);
    lane_mask = (16'hffff << lo) & ~(16'hffff << hi);
  endfunction

  // Bytes sh .. sh+15 of the window (sh <= 20): one byte shifter for the whole beat, largest
  // step first, each step keeping only the bytes the later steps can still reach
  function automatic logic [127:0] window_at(input logic [287:0] w, input logic [4:0] sh);
    logic [375:0] w0;   // w with zero bytes above (byte 46 is the last a step can reach)
    logic [247:0] s16;  // 31 bytes
    logic [183:0] s8;   // 23 bytes
    logic [151:0] s4;   // 19 bytes
    logic [135:0] s2;   // 17 bytes
    w0        = {88'h0, w};
    s16       = sh[4] ? w0[128 +: 248] : w0[0 +: 248];
    s8        = sh[3] ? s16[64 +: 184] : s16[0 +: 184];
    s4        = sh[2] ? s8[32 +: 152] : s8[0 +: 152];
    s2        = sh[1] ? s4[16 +: 136] : s4[0 +: 136];
    window_at = sh[0] ? s2[8 +: 128] : s2[0 +: 128];
  endfunction

  // ---------------------------------------------------------------------------------------
  // Arbitration: the next client with a valid beat
  // ---------------------------------------------------------------------------------------
  logic [NumClients-1:0] cand;
  logic                  pick_any;
  logic [ClW-1:0]        pick;
  logic                  pick_take;   // the picked client's beat is used this cycle
  always_comb begin
    cand = wr_valid_i;
    // the client being served presents request beats until all are taken
    if (act_q && in_left_q != '0) begin
      cand[cur_client_q] = 1'b0;
    end
  end

  // round robin: the client after the one last taken is first in line
  logic [NumClients-1:0] unused_gnt;
  vfnic_arb_rr #(
    .N(NumClients)
  ) u_arb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .req_i  (cand),
    .ack_i  (pick_take),
    .gnt_o  (unused_gnt),
    .idx_o  (pick),
    .valid_o(pick_any)
  );

  // ---------------------------------------------------------------------------------------
  // The next MWr (used when its first beat is built)
  // ---------------------------------------------------------------------------------------
  logic [12:0]  mps_bytes;
  logic [12:0]  to_bound;
  logic [12:0]  chunk;       // payload bytes of the MWr
  logic [1:0]   lead;        // byte lane of its first byte
  logic [13:0]  span;        // lead + chunk
  logic [1:0]   tail_b;      // lane of the last byte within its DW
  logic [9:0]   dws;         // Length field (1024 encodes as 0)
  logic [3:0]   fbe, lbe;
  logic         func_ok;
  logic [15:0]  rid;
  always_comb begin
    mps_bytes = 13'd128 << ((mps_i > 3'd5) ? 3'd5 : mps_i);
    to_bound  = mps_bytes - (13'(nx_addr_q[11:0]) & (mps_bytes - 13'd1));
    if (32'(nx_rem_q) < 32'(to_bound)) begin
      chunk = 13'(nx_rem_q);
    end else begin
      chunk = to_bound;
    end
    lead   = nx_addr_q[1:0];
    span   = {12'h0, lead} + {1'b0, chunk};
    dws    = 10'((span + 14'd3) >> 2);
    tail_b = 2'(span - 14'd1);
    fbe    = 4'b1111 << lead;
    lbe    = 4'b1111 >> (2'd3 - tail_b);
    if (span <= 14'd4) begin
      fbe = fbe & lbe;
      lbe = 4'b0000;
    end
    func_ok = (32'(cur_func_q) < NumFuncs) && bme_i[FuncW'(cur_func_q)];
    rid     = rid_base_i + {9'h0, cur_func_q};
  end

  // ---------------------------------------------------------------------------------------
  // The rq beat of this cycle
  // ---------------------------------------------------------------------------------------
  logic         first;       // first beat of an MWr
  logic [1:0]   lane0;       // lane of the beat's first byte
  logic [4:0]   nbytes;      // request bytes in the beat, 1..16
  logic         blast;       // last beat of the MWr
  logic         bdrop;       // the MWr is dropped
  logic         rfin;        // last beat of the request
  logic         need_in;     // the beat takes the next request beat
  logic         adv;         // the output register can take a beat
  logic         go;          // build the beat
  logic [127:0] in_data;
  logic [287:0] win;         // {input beat, held beat, 4 pad bytes}
  logic [4:0]   sh;          // window byte of lane 0 (1..20)
  logic [127:0] wsel;        // window bytes sh .. sh+15
  logic [15:0]  bmask;
  logic [127:0] bdata;
  always_comb begin
    first = !in_tlp_q;
    if (first) begin
      lane0  = lead;
      nbytes = (span > 14'd16) ? 5'd16 - {3'b000, lead} : 5'(chunk);
      blast  = (span <= 14'd16);
      bdrop  = !func_ok;
      rfin   = blast && (32'(nx_rem_q) == 32'(chunk));
    end else begin
      lane0  = 2'd0;
      nbytes = (tlp_left_q > 13'd16) ? 5'd16 : 5'(tlp_left_q);
      blast  = (tlp_left_q <= 13'd16);
      bdrop  = tlp_drop_q;
      rfin   = blast && (nx_rem_q == '0);
    end
    need_in = ({1'b0, hoff_q} + {1'b0, nbytes}) > 6'd16;
    adv     = !rq_valid_q || rq_ready_i;
    go      = act_q && (!need_in || wr_valid_i[cur_client_q]) && (bdrop || adv);

    in_data = wr_data_i[cur_client_q];
    win     = {in_data, hold_q, 32'h0};
    sh      = hoff_q + 5'd4 - {3'b000, lane0};
    bmask   = lane_mask(lane0, {3'b000, lane0} + nbytes);
    wsel    = window_at(win, sh);
    for (int i = 0; i < 16; i++) begin
      bdata[8*i +: 8] = bmask[i] ? wsel[8*i +: 8] : 8'h00;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------------------
  always_comb begin
    pick_take     = 1'b0;
    act_d         = act_q;
    cur_client_d  = cur_client_q;
    cur_func_d    = cur_func_q;
    nx_addr_d     = nx_addr_q;
    nx_rem_d      = nx_rem_q;
    in_left_d     = in_left_q;
    in_tlp_d      = in_tlp_q;
    tlp_left_d    = tlp_left_q;
    tlp_drop_d    = tlp_drop_q;
    hoff_d        = hoff_q;
    hold_d        = hold_q;
    rq_valid_d    = rq_valid_q && !rq_ready_i;
    rq_hdr_d      = rq_hdr_q;
    rq_data_d     = rq_data_q;
    rq_last_d     = rq_last_q;
    drop_d        = 1'b0;
    drop_client_d = drop_client_q;
    wr_ready_o    = '0;

    // ---- build one rq beat of the current request ----
    if (go) begin
      if (need_in) begin
        wr_ready_o[cur_client_q] = 1'b1;
        hold_d    = in_data;
        in_left_d = in_left_q - 1'b1;
        hoff_d    = hoff_q + nbytes - 5'd16;
      end else begin
        hoff_d    = hoff_q + nbytes;
      end
      if (first) begin
        nx_addr_d  = nx_addr_q + {51'h0, chunk};
        nx_rem_d   = nx_rem_q - LenWidth'(chunk);
        tlp_drop_d = bdrop;
        tlp_left_d = chunk - {8'h0, nbytes};
        if (!bdrop) begin
          rq_hdr_d = vfnic_tlp_pkg::mem_hdr(1'b1, nx_addr_q, dws, fbe, lbe, rid, 8'h00);
        end
        if (bdrop) begin
          drop_d        = 1'b1;
          drop_client_d = cur_client_q;
        end
      end else begin
        tlp_left_d = tlp_left_q - {8'h0, nbytes};
      end
      in_tlp_d = !blast;
      if (!bdrop) begin
        rq_valid_d = 1'b1;
        rq_data_d  = bdata;
        rq_last_d  = blast;
      end
      if (rfin) begin
        act_d = 1'b0;
      end
    end

    // ---- the next request starts in the cycle the current one builds its last beat ----
    // (bad leading beats are taken and discarded here; a zero-length request waits while an
    // MWr's first beat may be dropped in this cycle: one drop pulse per cycle)
    if (pick_any) begin
      if (wr_sof_i[pick] && wr_len_i[pick] != '0) begin
        if (!act_q || (go && rfin)) begin
          pick_take    = 1'b1;
          act_d        = 1'b1;
          cur_client_d = pick;
          cur_func_d   = wr_func_i[pick];
          nx_addr_d    = wr_addr_i[pick];
          nx_rem_d     = wr_len_i[pick];
          in_left_d    = beats_of(wr_len_i[pick]);
          in_tlp_d     = 1'b0;
          hoff_d       = 5'd16;   // nothing held: the first byte is lane 0 of the input beat
        end
      end else if (!wr_sof_i[pick]) begin
        pick_take        = 1'b1;
        wr_ready_o[pick] = 1'b1;
      end else if (!(act_q && first && !func_ok)) begin
        pick_take        = 1'b1;
        wr_ready_o[pick] = 1'b1;
        drop_d           = 1'b1;
        drop_client_d    = pick;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      act_q         <= 1'b0;
      cur_client_q  <= '0;
      cur_func_q    <= '0;
      nx_addr_q     <= '0;
      nx_rem_q      <= '0;
      in_left_q     <= '0;
      in_tlp_q      <= 1'b0;
      tlp_left_q    <= '0;
      tlp_drop_q    <= 1'b0;
      hoff_q        <= 5'd16;
      hold_q        <= '0;
      rq_valid_q    <= 1'b0;
      rq_hdr_q      <= '0;
      rq_data_q     <= '0;
      rq_last_q     <= 1'b0;
      drop_q        <= 1'b0;
      drop_client_q <= '0;
    end else begin
      act_q         <= act_d;
      cur_client_q  <= cur_client_d;
      cur_func_q    <= cur_func_d;
      nx_addr_q     <= nx_addr_d;
      nx_rem_q      <= nx_rem_d;
      in_left_q     <= in_left_d;
      in_tlp_q      <= in_tlp_d;
      tlp_left_q    <= tlp_left_d;
      tlp_drop_q    <= tlp_drop_d;
      hoff_q        <= hoff_d;
      hold_q        <= hold_d;
      rq_valid_q    <= rq_valid_d;
      rq_hdr_q      <= rq_hdr_d;
      rq_data_q     <= rq_data_d;
      rq_last_q     <= rq_last_d;
      drop_q        <= drop_d;
      drop_client_q <= drop_client_d;
    end
  end

  assign rq_valid_o    = rq_valid_q;
  assign rq_hdr_o      = rq_hdr_q;
  assign rq_data_o     = rq_data_q;
  assign rq_last_o     = rq_last_q;
  assign drop_o        = drop_q;
  assign drop_client_o = drop_client_q;
  assign idle_o        = !act_q && !rq_valid_q && !drop_q;

  // framing is by length (see the header); the last flags are for the clients' checkers
  logic unused_wr;
  assign unused_wr = ^{wr_last_i};

endmodule

`default_nettype wire
