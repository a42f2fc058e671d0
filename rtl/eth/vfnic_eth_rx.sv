// SPDX-License-Identifier: MIT
// Wire ingress (docs/datapath.md "RX engine" step 1, "RX classifier"): checks every frame from
// the MAC (runt, oversize, MAC error), classifies it (one lookup per frame, priority port of
// the lookup arbiter) and passes it on to vfnic_rxq with its sideband, or aborted.
//
// Ports (docs/datapath-blocks.md "vfnic_eth_rx")
//   eth_rx_valid_i, eth_rx_data_i[63:0], eth_rx_keep_i[7:0], eth_rx_last_i, eth_rx_err_i
//       from the MAC: no ready, every beat is taken. err is looked at with last only.
//   lk_valid_o, lk_dmac_o[47:0], lk_tagged_o, lk_vid_o[11:0]
//       classifier lookup (never waits; the arbiter sends it with looped = 0), one per frame,
//       in the cycle after the frame's second beat; res_valid_i, res_mask_i[NumFuncs-1:0],
//       res_how_i[1:0], res_miss_i come back 3 cycles later, in lookup order.
//   wi_valid_o, wi_data_o[63:0], wi_keep_o[7:0], wi_last_o  the beats, one cycle later
//   wi_abort_o, wi_mask_o[NumFuncs-1:0], wi_how_o[1:0], wi_tci_o[15:0], wi_tagged_o,
//   wi_hash_o[3:0]  sideband, valid with wi_last_o (0 on other beats)
//   rx_ok_o, rx_bytes_o[13:0], rx_runt_o, rx_oversize_o, rx_err_o, rx_miss_o
//       port events, pulsed with wi_last_o; exactly one per frame
//
// Behaviour
// - Frame length = 8 bytes per beat before the last + the bytes kept in the last beat (the
//   MAC sends full beats before the last). Frames carry no FCS here.
// - The frame's one event, first that applies: rx_err (eth_rx_err_i with last), rx_runt
//   (< FRAME_MIN_BYTES), rx_oversize (> FRAME_MAX_BYTES; counting stops there), rx_miss
//   (classifier mask empty: no pool and no default pool), else rx_ok with rx_bytes_o (the
//   length; it is also driven with the other events). Every event but rx_ok aborts the frame.
// - VLAN: tagged when bytes 12..13 are 0x8100; then TCI = bytes 14..15 (big-endian) and the
//   lookup VID = TCI 11:0. Untagged: TCI 0.
// - wi_hash_o: XOR of the 12 destination and source MAC bytes, high nibble XOR low nibble.
// - The lookup is made when a frame's second beat is not its last (a frame ending sooner is a
//   runt). Its result arrives 4 cycles after that beat, before the last beat of any frame of
//   >= 60 bytes (8 beats). A shorter frame may end first; its result is then skipped when it
//   arrives (skip_q). A frame that somehow ends without its result is aborted as a miss.
// - Lookups are >= 3 cycles apart, so eth_tx always gets classifier slots.
`default_nettype none

module vfnic_eth_rx #(
  parameter int unsigned NumFuncs = 9   // pools = routing functions 0..NumFuncs-1
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // MAC receive stream
  input  logic                eth_rx_valid_i,
  input  logic [63:0]         eth_rx_data_i,
  input  logic [7:0]          eth_rx_keep_i,
  input  logic                eth_rx_last_i,
  input  logic                eth_rx_err_i,

  // classifier lookup (priority port of vfnic_cls_arb)
  output logic                lk_valid_o,
  output logic [47:0]         lk_dmac_o,
  output logic                lk_tagged_o,
  output logic [11:0]         lk_vid_o,
  input  logic                res_valid_i,
  input  logic [NumFuncs-1:0] res_mask_i,
  input  logic [1:0]          res_how_i,
  input  logic                res_miss_i,

  // wire frames to vfnic_rxq
  output logic                wi_valid_o,
  output logic [63:0]         wi_data_o,
  output logic [7:0]          wi_keep_o,
  output logic                wi_last_o,
  output logic                wi_abort_o,
  output logic [NumFuncs-1:0] wi_mask_o,
  output logic [1:0]          wi_how_o,
  output logic [15:0]         wi_tci_o,
  output logic                wi_tagged_o,
  output logic [3:0]          wi_hash_o,

  // port events (vfnic_stats)
  output logic                rx_ok_o,
  output logic [13:0]         rx_bytes_o,
  output logic                rx_runt_o,
  output logic                rx_oversize_o,
  output logic                rx_err_o,
  output logic                rx_miss_o,

  // a lookup or a beat going out, results due, or an event pulse out (docs/rtl-structure.md
  // "Activity gating"): with busy_o low and no input the block does not change
  output logic                busy_o
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumFuncs < 1 || NumFuncs > 65) begin : gen_funcs_check
    $error("NumFuncs must be 1..65 (PF + 64 VFs)");
  end
`endif

  localparam logic [13:0] MinBytes = 14'(vfnic_regs_pkg::FRAME_MIN_BYTES);
  localparam logic [13:0] MaxBytes = 14'(vfnic_regs_pkg::FRAME_MAX_BYTES);

  // ---------------------------------------------------------------------------------------
  // Frame state (as of before the current beat)
  // ---------------------------------------------------------------------------------------
  logic [1:0]          beat_q, beat_d;         // 0 next beat is the first, 1 second, 2 later
  logic [47:0]         dmac_q, dmac_d;
  logic [7:0]          hpart_q, hpart_d;       // XOR of bytes 0..7 (DMAC, SMAC bytes 0..1)
  logic [3:0]          hash_q, hash_d;
  logic [15:0]         tci_q, tci_d;
  logic                tagged_q, tagged_d;
  logic [13:0]         len_q, len_d;
  logic                over_q, over_d;
  logic                lk_valid_q, lk_valid_d;
  logic                lk_sent_q, lk_sent_d;   // this frame made a lookup
  logic                have_q, have_d;         // ... and holds its result
  logic [NumFuncs-1:0] rmask_q, rmask_d;
  logic [1:0]          rhow_q, rhow_d;
  logic                rmiss_q, rmiss_d;
  logic [1:0]          skip_q, skip_d;         // results still due for frames already ended

  // outputs
  logic                wi_valid_q, wi_valid_d;
  logic [63:0]         wi_data_q, wi_data_d;
  logic [7:0]          wi_keep_q, wi_keep_d;
  logic                wi_last_q, wi_last_d;
  logic                wi_abort_q, wi_abort_d;
  logic [NumFuncs-1:0] wi_mask_q, wi_mask_d;
  logic [1:0]          wi_how_q, wi_how_d;
  logic [15:0]         wi_tci_q, wi_tci_d;
  logic                wi_tagged_q, wi_tagged_d;
  logic [3:0]          wi_hash_q, wi_hash_d;
  logic                ev_ok_q, ev_ok_d;
  logic [13:0]         ev_bytes_q, ev_bytes_d;
  logic                ev_runt_q, ev_runt_d;
  logic                ev_over_q, ev_over_d;
  logic                ev_err_q, ev_err_d;
  logic                ev_miss_q, ev_miss_d;

  function automatic logic [7:0] xor_bytes(input logic [63:0] d, input logic [7:0] sel);
    logic [7:0] x;
    x = '0;
    for (int b = 0; b < 8; b++) begin
      if (sel[b]) begin
        x = x ^ d[8*b +: 8];
      end
    end
    xor_bytes = x;  // (Yosys has no `return`)
  endfunction

  function automatic logic [3:0] popcount8(input logic [7:0] k);
    logic [3:0] n;
    n = '0;
    for (int b = 0; b < 8; b++) begin
      n = n + {3'd0, k[b]};
    end
    popcount8 = n;
  endfunction

  always_comb begin
    logic [63:0] mdata;      // beat with bytes not kept zeroed
    logic        first;
    logic [13:0] cur_len;
    logic        cur_over;
    logic [13:0] new_len;
    logic        res_cur;    // this cycle's result belongs to the frame in progress
    logic        have;
    logic [NumFuncs-1:0] mask;
    logic [1:0]  how;
    logic        miss;
    logic [7:0]  hx;
    logic [3:0]  hash;
    logic [15:0] tci;
    logic        is_tagged;
    logic        runt;

    beat_d     = beat_q;
    dmac_d     = dmac_q;
    hpart_d    = hpart_q;
    hash_d     = hash_q;
    tci_d      = tci_q;
    tagged_d   = tagged_q;
    len_d      = len_q;
    over_d     = over_q;
    lk_valid_d = 1'b0;
    lk_sent_d  = lk_sent_q;
    have_d     = have_q;
    rmask_d    = rmask_q;
    rhow_d     = rhow_q;
    rmiss_d    = rmiss_q;
    skip_d     = skip_q;

    wi_valid_d  = eth_rx_valid_i;
    wi_data_d   = eth_rx_data_i;
    wi_keep_d   = eth_rx_keep_i;
    wi_last_d   = eth_rx_valid_i && eth_rx_last_i;
    wi_abort_d  = 1'b0;
    wi_mask_d   = '0;
    wi_how_d    = '0;
    wi_tci_d    = '0;
    wi_tagged_d = 1'b0;
    wi_hash_d   = '0;
    ev_ok_d     = 1'b0;
    ev_bytes_d  = '0;
    ev_runt_d   = 1'b0;
    ev_over_d   = 1'b0;
    ev_err_d    = 1'b0;
    ev_miss_d   = 1'b0;

    for (int b = 0; b < 8; b++) begin
      mdata[8*b +: 8] = eth_rx_keep_i[b] ? eth_rx_data_i[8*b +: 8] : 8'h00;
    end
    first    = beat_q == 2'd0;
    cur_len  = first ? 14'd0 : len_q;
    cur_over = first ? 1'b0 : over_q;
    new_len  = cur_len + (eth_rx_last_i ? {10'd0, popcount8(eth_rx_keep_i)} : 14'd8);

    // Results: the oldest due result is for an ended frame while skip_q != 0
    res_cur = res_valid_i && skip_q == 2'd0 && lk_sent_q && !have_q;
    if (res_valid_i && skip_q != 2'd0) begin
      skip_d = skip_q - 2'd1;
    end
    if (res_cur) begin
      have_d  = 1'b1;
      rmask_d = res_mask_i;
      rhow_d  = res_how_i;
      rmiss_d = res_miss_i;
    end
    have = have_q || res_cur;
    mask = have_q ? rmask_q : res_mask_i;
    how  = have_q ? rhow_q : res_how_i;
    miss = !have || (have_q ? rmiss_q : res_miss_i);

    // Header fields as they stand after this beat
    if (first) begin
      hx     = xor_bytes(mdata, 8'hff);
      tci    = '0;
      is_tagged = 1'b0;
    end else if (beat_q == 2'd1) begin
      hx     = hpart_q ^ xor_bytes(mdata, 8'h0f);
      is_tagged = mdata[39:32] == 8'h81 && mdata[47:40] == 8'h00;
      tci    = is_tagged ? {mdata[55:48], mdata[63:56]} : 16'h0000;
    end else begin
      hx     = '0;
      tci    = tci_q;
      is_tagged = tagged_q;
    end
    hash = (beat_q == 2'd2) ? hash_q : (hx[7:4] ^ hx[3:0]);
    runt = !(cur_over || new_len > MaxBytes) && new_len < MinBytes;

    if (eth_rx_valid_i) begin
      beat_d   = eth_rx_last_i ? 2'd0 : (first ? 2'd1 : 2'd2);
      over_d   = cur_over || new_len > MaxBytes;
      len_d    = (cur_over || new_len > MaxBytes) ? cur_len : new_len;
      tci_d    = tci;
      tagged_d = is_tagged;
      hash_d   = hash;
      if (first) begin
        dmac_d    = mdata[47:0];
        hpart_d   = hx;
        lk_sent_d = 1'b0;
        have_d    = 1'b0;
      end
      if (beat_q == 2'd1 && !eth_rx_last_i) begin
        lk_valid_d = 1'b1;
        lk_sent_d  = 1'b1;
      end
      if (eth_rx_last_i) begin
        // a lookup whose result has not come is skipped when it does
        if (lk_sent_q && !have) begin
          skip_d = skip_d + 2'd1;
        end
        ev_err_d    = eth_rx_err_i;
        ev_runt_d   = !eth_rx_err_i && runt;
        ev_over_d   = !eth_rx_err_i && !runt && over_d;
        ev_miss_d   = !eth_rx_err_i && !runt && !over_d && miss;
        ev_ok_d     = !eth_rx_err_i && !runt && !over_d && !miss;
        ev_bytes_d  = len_d;
        wi_abort_d  = !ev_ok_d;
        wi_mask_d   = ev_ok_d ? mask : '0;
        wi_how_d    = how;
        wi_tci_d    = tci;
        wi_tagged_d = is_tagged;
        wi_hash_d   = hash;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      beat_q      <= '0;
      dmac_q      <= '0;
      hpart_q     <= '0;
      hash_q      <= '0;
      tci_q       <= '0;
      tagged_q    <= 1'b0;
      len_q       <= '0;
      over_q      <= 1'b0;
      lk_valid_q  <= 1'b0;
      lk_sent_q   <= 1'b0;
      have_q      <= 1'b0;
      rmask_q     <= '0;
      rhow_q      <= '0;
      rmiss_q     <= 1'b0;
      skip_q      <= '0;
      wi_valid_q  <= 1'b0;
      wi_data_q   <= '0;
      wi_keep_q   <= '0;
      wi_last_q   <= 1'b0;
      wi_abort_q  <= 1'b0;
      wi_mask_q   <= '0;
      wi_how_q    <= '0;
      wi_tci_q    <= '0;
      wi_tagged_q <= 1'b0;
      wi_hash_q   <= '0;
      ev_ok_q     <= 1'b0;
      ev_bytes_q  <= '0;
      ev_runt_q   <= 1'b0;
      ev_over_q   <= 1'b0;
      ev_err_q    <= 1'b0;
      ev_miss_q   <= 1'b0;
    end else begin
      beat_q      <= beat_d;
      dmac_q      <= dmac_d;
      hpart_q     <= hpart_d;
      hash_q      <= hash_d;
      tci_q       <= tci_d;
      tagged_q    <= tagged_d;
      len_q       <= len_d;
      over_q      <= over_d;
      lk_valid_q  <= lk_valid_d;
      lk_sent_q   <= lk_sent_d;
      have_q      <= have_d;
      rmask_q     <= rmask_d;
      rhow_q      <= rhow_d;
      rmiss_q     <= rmiss_d;
      skip_q      <= skip_d;
      wi_valid_q  <= wi_valid_d;
      wi_data_q   <= wi_data_d;
      wi_keep_q   <= wi_keep_d;
      wi_last_q   <= wi_last_d;
      wi_abort_q  <= wi_abort_d;
      wi_mask_q   <= wi_mask_d;
      wi_how_q    <= wi_how_d;
      wi_tci_q    <= wi_tci_d;
      wi_tagged_q <= wi_tagged_d;
      wi_hash_q   <= wi_hash_d;
      ev_ok_q     <= ev_ok_d;
      ev_bytes_q  <= ev_bytes_d;
      ev_runt_q   <= ev_runt_d;
      ev_over_q   <= ev_over_d;
      ev_err_q    <= ev_err_d;
      ev_miss_q   <= ev_miss_d;
    end
  end

  // the lookup fields are the frame's registers, stable in the cycle after its second beat
  assign lk_valid_o  = lk_valid_q;
  assign lk_dmac_o   = dmac_q;
  assign lk_tagged_o = tagged_q;
  assign lk_vid_o    = tci_q[11:0];

  assign wi_valid_o  = wi_valid_q;
  assign wi_data_o   = wi_data_q;
  assign wi_keep_o   = wi_keep_q;
  assign wi_last_o   = wi_last_q;
  assign wi_abort_o  = wi_abort_q;
  assign wi_mask_o   = wi_mask_q;
  assign wi_how_o    = wi_how_q;
  assign wi_tci_o    = wi_tci_q;
  assign wi_tagged_o = wi_tagged_q;
  assign wi_hash_o   = wi_hash_q;

  assign rx_ok_o       = ev_ok_q;
  assign rx_bytes_o    = ev_bytes_q;
  assign rx_runt_o     = ev_runt_q;
  assign rx_oversize_o = ev_over_q;
  assign rx_err_o      = ev_err_q;
  assign rx_miss_o     = ev_miss_q;

  assign busy_o = lk_valid_q || skip_q != '0 || wi_valid_q || ev_ok_q || ev_runt_q || ev_over_q ||
                  ev_err_q || ev_miss_q;

endmodule

`default_nettype wire
