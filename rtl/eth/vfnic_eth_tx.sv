// SPDX-License-Identifier: MIT
// TX egress (docs/datapath.md "TX engine" step 4, "TX anti-spoof"): checks every frame from
// vfnic_txq against its function's anti-spoof settings, then sends it to the wire, to the RX
// path (VEB loop) or both, and reports each frame's outcome to vfnic_txq in frame order.
//
// Ports (docs/datapath-blocks.md "vfnic_eth_tx")
//   fo_valid_i, fo_data_i[63:0], fo_keep_i[7:0], fo_last_i, fo_func_i[6:0], fo_q_i[7:0],
//   fo_len_i[13:0]; fo_ready_o        frames from vfnic_txq, sideband constant per frame
//   fs_valid_o, fs_err_o[3:0]          outcome per frame in fo order: TXERR_OK / TXERR_SPOOF
//   func_mac_i[NumFuncs][47:0], func_vid_i[NumFuncs][11:0], func_vlan_en_i, func_spoof_mac_i,
//   func_spoof_vlan_i [NumFuncs]       FUNC_MAC, FUNC_VLAN (VID, EN), FUNC_FLAGS.SPOOFCHK_*
//   veb_en_i                           loop local traffic (sampled when a frame starts egress)
//   lk_valid_o, lk_dmac_o[47:0], lk_tagged_o, lk_vid_o[11:0], lk_src_pool_o[6:0]; lk_ready_i
//                                      classifier lookup through vfnic_cls_arb (may wait)
//   res_valid_i, res_mask_i[NumFuncs], res_how_i[1:0]   its result, in lookup order
//   eth_tx_valid_o, eth_tx_data_o[63:0], eth_tx_keep_o[7:0], eth_tx_last_o; eth_tx_ready_i
//   li_valid_o, li_data_o[63:0], li_keep_o[7:0], li_last_o, li_abort_o (always 0),
//   li_mask_o[NumFuncs], li_how_o[1:0], li_tci_o[15:0], li_tagged_o, li_hash_o[3:0];
//   li_ready_i                         looped frames to vfnic_rxq; sideband constant per frame
//   mdd_valid_o, mdd_func_o[6:0]       pulse per anti-spoof drop (MDD_EVENT, PF misc vector)
//   port_tx_o, port_veb_o, port_bytes_o[13:0]   pulse per frame sent to the wire / looped
//                                      (both in one cycle for a frame that went to both)
//
// Behaviour
// - Anti-spoof, with the function's settings when the frame's header is complete: source MAC
//   (bytes 6..11) must equal FUNC_MAC if SPOOFCHK_MAC; if SPOOFCHK_VLAN the frame must carry
//   an 802.1Q tag (bytes 12..13 = 0x8100) with VID = FUNC_VLAN.VID when FUNC_VLAN.EN, and no
//   tag otherwise. A failing frame is drained, not sent: fs SPOOF and an mdd pulse. A frame
//   whose function is >= NumFuncs is not checked (txq never sends one). Bytes a frame does
//   not have (< 16 bytes; txq never sends < 14) count as 0.
// - VEB when veb_en_i, from the classifier lookup on (DMAC, VLAN) with the sender excluded:
//   a multicast/broadcast frame (DMAC bit 0) goes to the wire and, if the mask is not empty,
//   to the loop; a unicast frame whose lookup hit an exact entry (how = CLS_HOW_EXACT) goes
//   only to the loop; any other frame goes only to the wire (a unicast that only
//   promiscuous pools would take leaves through the wire, not copied). li_mask_o/li_how_o
//   are the classifier's. VEB off: every good frame goes to the wire only.
// - li_tci_o/li_tagged_o/li_hash_o as vfnic_eth_rx computes them for wire frames.
// - A frame for both destinations advances a beat when both took it (each valid drops once
//   its side took the beat). fs, mdd and port events pulse in the cycle after the last beat.
// - Throughput: frames enter a 16-beat FIFO while their header is parsed and looked up
//   (4 frames in flight); egress of one frame overlaps the lookup of the next, so 60-byte
//   frames leave at one every 8 cycles without bubbles (the 64-bit port is the limit).
//   fo_q_i and fo_len_i: fo_len_i gives port_bytes_o; fo_q_i is not needed here.
`default_nettype none

module vfnic_eth_tx #(
  parameter int unsigned NumFuncs = 9   // routing functions 0..NumFuncs-1 (0 = PF)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  // frames from vfnic_txq
  input  logic                      fo_valid_i,
  input  logic [63:0]               fo_data_i,
  input  logic [7:0]                fo_keep_i,
  input  logic                      fo_last_i,
  input  logic [6:0]                fo_func_i,
  input  logic [7:0]                fo_q_i,
  input  logic [13:0]               fo_len_i,
  output logic                      fo_ready_o,
  output logic                      fs_valid_o,
  output logic [3:0]                fs_err_o,

  // per-function anti-spoof configuration
  input  logic [NumFuncs-1:0][47:0] func_mac_i,
  input  logic [NumFuncs-1:0][11:0] func_vid_i,
  input  logic [NumFuncs-1:0]       func_vlan_en_i,
  input  logic [NumFuncs-1:0]       func_spoof_mac_i,
  input  logic [NumFuncs-1:0]       func_spoof_vlan_i,
  input  logic                      veb_en_i,

  // classifier lookup (vfnic_cls_arb)
  output logic                      lk_valid_o,
  output logic [47:0]               lk_dmac_o,
  output logic                      lk_tagged_o,
  output logic [11:0]               lk_vid_o,
  output logic [6:0]                lk_src_pool_o,
  input  logic                      lk_ready_i,
  input  logic                      res_valid_i,
  input  logic [NumFuncs-1:0]       res_mask_i,
  input  logic [1:0]                res_how_i,

  // the MAC
  output logic                      eth_tx_valid_o,
  output logic [63:0]               eth_tx_data_o,
  output logic [7:0]                eth_tx_keep_o,
  output logic                      eth_tx_last_o,
  input  logic                      eth_tx_ready_i,

  // looped frames to vfnic_rxq
  output logic                      li_valid_o,
  output logic [63:0]               li_data_o,
  output logic [7:0]                li_keep_o,
  output logic                      li_last_o,
  output logic                      li_abort_o,
  output logic [NumFuncs-1:0]       li_mask_o,
  output logic [1:0]                li_how_o,
  output logic [15:0]               li_tci_o,
  output logic                      li_tagged_o,
  output logic [3:0]                li_hash_o,
  input  logic                      li_ready_i,

  output logic                      mdd_valid_o,
  output logic [6:0]                mdd_func_o,
  output logic                      port_tx_o,
  output logic                      port_veb_o,
  output logic [13:0]               port_bytes_o,

  // beats or frames held, a frame leaving, or an event pulse out (docs/rtl-structure.md
  // "Activity gating"): with busy_o low and no input the block does not change
  output logic                busy_o
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumFuncs < 1 || NumFuncs > 65) begin : gen_funcs_check
    $error("NumFuncs must be 1..65 (PF + 64 VFs)");
  end
`endif

  localparam int unsigned FifoDepth = 16;  // beats: covers parse + lookup of the next frame
  localparam int unsigned HdrDepth  = 4;   // frames between fo and egress
  localparam int unsigned HdrAw     = $clog2(HdrDepth);
  localparam int unsigned FW        = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam logic [3:0]  ErrOk     = 4'(vfnic_regs_pkg::TXERR_OK);
  localparam logic [3:0]  ErrSpoof  = 4'(vfnic_regs_pkg::TXERR_SPOOF);
  localparam logic [1:0]  HowExact  = 2'(vfnic_regs_pkg::CLS_HOW_EXACT);

  // ---------------------------------------------------------------------------------------
  // Beat FIFO (data, keep, last)
  // ---------------------------------------------------------------------------------------
  // (storage in a vfnic_fifo: a RAM, head in its output registers)
  logic                       f_empty, f_full;
  logic [63:0]                h_data;  // head beat
  logic [7:0]                 h_keep;
  logic                       h_last;
  logic                       f_in_ready, f_out_valid, f_pop;
  logic [$clog2(FifoDepth + 3)-1:0] f_count;

  vfnic_fifo #(
    .Width(73),
    .Depth(FifoDepth)
  ) u_beats (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fo_take),
    .in_ready_o (f_in_ready),
    .in_data_i  ({fo_last_i, fo_keep_i, fo_data_i}),
    .out_valid_o(f_out_valid),
    .out_ready_i(f_pop),
    .out_data_o ({h_last, h_keep, h_data}),
    .count_o    (f_count)
  );

  assign f_empty = !f_out_valid;
  assign f_full  = !f_in_ready;

  // ---------------------------------------------------------------------------------------
  // Frame records: allocated at a frame's first beat, header fields when its second beat
  // (or its last) arrives, the lookup result when it comes back. Pointers with a wrap bit:
  // rd (egress) <= res (next result) <= lk (next lookup) <= wr (next free).
  // ---------------------------------------------------------------------------------------
  logic [HdrDepth-1:0][6:0]          r_func_q, r_func_d;
  logic [HdrDepth-1:0][13:0]         r_len_q, r_len_d;
  logic [HdrDepth-1:0][47:0]         r_dmac_q, r_dmac_d;
  logic [HdrDepth-1:0][15:0]         r_tci_q, r_tci_d;
  logic [15:0]                       lk_tci;
  logic [HdrDepth*48-1:0]            r_dmac_flat;
  assign r_dmac_flat = r_dmac_q;
  logic [HdrDepth-1:0]               r_tagged_q, r_tagged_d;
  logic [HdrDepth-1:0][3:0]          r_hash_q, r_hash_d;
  logic [HdrDepth-1:0]               r_spoof_q, r_spoof_d;
  logic [HdrDepth-1:0]               r_done_q, r_done_d;   // header complete
  logic [HdrDepth-1:0]               r_res_q, r_res_d;     // lookup result in
  logic [HdrDepth-1:0][NumFuncs-1:0] r_mask_q, r_mask_d;
  logic [HdrDepth-1:0][1:0]          r_how_q, r_how_d;
  logic [HdrAw:0]                    r_wr_q, r_wr_d, r_lk_q, r_lk_d, r_res_ptr_q, r_res_ptr_d;
  logic [HdrAw:0]                    r_rd_q, r_rd_d;
  logic                              r_full;

  assign r_full = r_wr_q[HdrAw] != r_rd_q[HdrAw] && r_wr_q[HdrAw-1:0] == r_rd_q[HdrAw-1:0];

  // parser of the frame entering on fo
  logic [1:0]  p_beat_q, p_beat_d;   // 0 next beat is a first beat, 1 a second, 2 later
  logic [15:0] p_smac_lo_q, p_smac_lo_d;  // source MAC bytes 0..1 (frame bytes 6..7)
  logic [7:0]  p_hx_q, p_hx_d;       // XOR of frame bytes 0..7

  // ---------------------------------------------------------------------------------------
  // Egress of the frame at r_rd
  // ---------------------------------------------------------------------------------------
  logic                eg_act_q, eg_act_d;
  logic                eg_wire_q, eg_wire_d;
  logic                eg_loop_q, eg_loop_d;
  logic                eg_spoof_q, eg_spoof_d;
  logic [6:0]          eg_func_q, eg_func_d;
  logic [13:0]         eg_len_q, eg_len_d;
  logic [NumFuncs-1:0] eg_mask_q, eg_mask_d;
  logic [1:0]          eg_how_q, eg_how_d;
  logic [15:0]         eg_tci_q, eg_tci_d;
  logic                eg_tagged_q, eg_tagged_d;
  logic [3:0]          eg_hash_q, eg_hash_d;
  logic                wire_done_q, wire_done_d;  // the wire took the current beat already
  logic                loop_done_q, loop_done_d;  // the loop took the current beat already

  logic                fs_valid_q, fs_valid_d;
  logic [3:0]          fs_err_q, fs_err_d;
  logic                mdd_valid_q, mdd_valid_d;
  logic [6:0]          mdd_func_q, mdd_func_d;
  logic                port_tx_q, port_tx_d;
  logic                port_veb_q, port_veb_d;
  logic [13:0]         port_bytes_q, port_bytes_d;

  assign fo_ready_o = !f_full && (p_beat_q != 2'd0 || !r_full);

  assign eth_tx_valid_o = eg_act_q && eg_wire_q && !f_empty && !wire_done_q;
  assign eth_tx_data_o  = h_data;
  assign eth_tx_keep_o  = h_keep;
  assign eth_tx_last_o  = h_last;

  assign li_valid_o  = eg_act_q && eg_loop_q && !f_empty && !loop_done_q;
  assign li_data_o   = h_data;
  assign li_keep_o   = h_keep;
  assign li_last_o   = h_last;
  assign li_abort_o  = 1'b0;
  assign li_mask_o   = eg_mask_q;
  assign li_how_o    = eg_how_q;
  assign li_tci_o    = eg_tci_q;
  assign li_tagged_o = eg_tagged_q;
  assign li_hash_o   = eg_hash_q;

  assign lk_valid_o    = r_lk_q != r_wr_q && r_done_q[r_lk_q[HdrAw-1:0]];
  // the record at r_lk, one entry per iteration (word muxes, no shifter by r_lk * width)
  always_comb begin
    lk_dmac_o     = r_dmac_q[0];
    lk_tagged_o   = r_tagged_q[0];
    lk_tci        = r_tci_q[0];
    lk_src_pool_o = r_func_q[0];
    for (int k = 1; k < HdrDepth; k++) begin
      if (32'(r_lk_q[HdrAw-1:0]) == k) begin
        lk_dmac_o     = r_dmac_q[k];
        lk_tagged_o   = r_tagged_q[k];
        lk_tci        = r_tci_q[k];
        lk_src_pool_o = r_func_q[k];
      end
    end
  end
  assign lk_vid_o      = lk_tci[11:0];

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

  // ---- ingress: FIFO write, parser, records, lookup and result bookkeeping ----
  logic fo_take;   // a beat comes in
  assign fo_take = fo_valid_i && fo_ready_o;

  always_comb begin
    logic [63:0]         mdata;     // beat with bytes not kept zeroed
    logic                complete;  // this beat completes the header
    logic [HdrAw-1:0]    cidx;      // record completed
    logic [15:0]         smac_lo;
    logic [63:0]         b1;        // frame bytes 8..15 (0 when the frame ended at beat 0)
    logic [47:0]         smac;
    logic                is_tagged;
    logic [15:0]         tci;
    logic [7:0]          hx;
    logic [47:0]         f_mac;
    logic [11:0]         f_vid;
    logic                f_vlan_en, f_chk_mac, f_chk_vlan;
    logic                vlan_bad;
    logic                spoof;     // the completed header fails anti-spoof
    logic                alloc;     // a first beat allocates the record at r_wr
    logic                res_take;  // a lookup result is stored at r_res_ptr

    r_func_d    = r_func_q;
    r_len_d     = r_len_q;
    r_dmac_d    = r_dmac_q;
    r_tci_d     = r_tci_q;
    r_tagged_d  = r_tagged_q;
    r_hash_d    = r_hash_q;
    r_spoof_d   = r_spoof_q;
    r_done_d    = r_done_q;
    r_res_d     = r_res_q;
    r_mask_d    = r_mask_q;
    r_how_d     = r_how_q;
    r_wr_d      = r_wr_q;
    r_lk_d      = r_lk_q;
    r_res_ptr_d = r_res_ptr_q;
    p_beat_d    = p_beat_q;
    p_smac_lo_d = p_smac_lo_q;
    p_hx_d      = p_hx_q;

    for (int b = 0; b < 8; b++) begin
      mdata[8*b +: 8] = fo_keep_i[b] ? fo_data_i[8*b +: 8] : 8'h00;
    end
    complete = fo_take && (p_beat_q == 2'd1 || (p_beat_q == 2'd0 && fo_last_i));
    cidx     = (p_beat_q == 2'd0) ? r_wr_q[HdrAw-1:0] : r_wr_q[HdrAw-1:0] - 1'b1;
    smac_lo  = (p_beat_q == 2'd0) ? mdata[63:48] : p_smac_lo_q;
    b1       = (p_beat_q == 2'd0) ? 64'h0 : mdata;
    smac     = {b1[31:0], smac_lo};
    is_tagged   = b1[39:32] == 8'h81 && b1[47:40] == 8'h00;
    hx       = ((p_beat_q == 2'd0) ? xor_bytes(mdata, 8'hff) : p_hx_q) ^ xor_bytes(b1, 8'h0f);

    // the sender's anti-spoof settings (none for a function number out of range)
    f_mac      = '0;
    f_vid      = '0;
    f_vlan_en  = 1'b0;
    f_chk_mac  = 1'b0;
    f_chk_vlan = 1'b0;
    // (read by index: one word mux; a compare per function here built a priority chain)
    if (32'(fo_func_i) < NumFuncs) begin
      f_mac      = func_mac_i[FW'(fo_func_i)];
      f_vid      = func_vid_i[FW'(fo_func_i)];
      f_vlan_en  = func_vlan_en_i[FW'(fo_func_i)];
      f_chk_mac  = func_spoof_mac_i[FW'(fo_func_i)];
      f_chk_vlan = func_spoof_vlan_i[FW'(fo_func_i)];
    end
    tci      = {b1[55:48], b1[63:56]};  // big-endian on the wire
    vlan_bad = f_vlan_en ? !(is_tagged && tci[11:0] == f_vid) : is_tagged;

    alloc    = fo_take && p_beat_q == 2'd0;
    // a result with no lookup outstanding cannot happen and is ignored
    res_take = res_valid_i && r_res_ptr_q != r_lk_q;
    spoof    = (f_chk_mac && smac != f_mac) || (f_chk_vlan && vlan_bad);

    if (fo_take) begin
      p_beat_d = fo_last_i ? 2'd0 : ((p_beat_q == 2'd0) ? 2'd1 : 2'd2);
      if (p_beat_q == 2'd0) begin
        r_wr_d      = r_wr_q + 1'b1;
        p_smac_lo_d = mdata[63:48];
        p_hx_d      = xor_bytes(mdata, 8'hff);
      end
    end
    if (lk_valid_o && lk_ready_i) begin
      r_lk_d = r_lk_q + 1'b1;
    end
    if (res_take) begin
      r_res_ptr_d = r_res_ptr_q + 1'b1;
    end

    // record writes, each at a constant index (no shifter over the records in synthesis):
    // allocation at r_wr, header fields at cidx, the lookup result at r_res_ptr
    for (int k = 0; k < HdrDepth; k++) begin
      if (alloc && 32'(r_wr_q[HdrAw-1:0]) == k) begin
        r_func_d[k] = fo_func_i;
        r_len_d[k]  = fo_len_i;
        r_dmac_d[k] = mdata[47:0];
        r_done_d[k] = 1'b0;
        r_res_d[k]  = 1'b0;
      end
      if (complete && 32'(cidx) == k) begin
        r_tagged_d[k] = is_tagged;
        r_tci_d[k]    = is_tagged ? tci : 16'h0000;
        r_hash_d[k]   = hx[7:4] ^ hx[3:0];
        r_spoof_d[k]  = spoof;
        r_done_d[k]   = 1'b1;
      end
      if (res_take && 32'(r_res_ptr_q[HdrAw-1:0]) == k) begin
        r_mask_d[k] = res_mask_i;
        r_how_d[k]  = res_how_i;
        r_res_d[k]  = 1'b1;
      end
    end
  end

  // ---- egress: decision, beat transfer to wire and/or loop, outcome ----
  logic adv;   // the head beat is done with (popped)
  assign f_pop = adv;

  always_comb begin
    logic             finish;   // ... and it ended the frame
    logic [HdrAw:0]   nxt;      // record to start next
    logic [HdrAw-1:0] ni;
    logic             ready;
    logic             mcast;
    logic             hit;

    r_rd_d       = r_rd_q;
    eg_act_d     = eg_act_q;
    eg_wire_d    = eg_wire_q;
    eg_loop_d    = eg_loop_q;
    eg_spoof_d   = eg_spoof_q;
    eg_func_d    = eg_func_q;
    eg_len_d     = eg_len_q;
    eg_mask_d    = eg_mask_q;
    eg_how_d     = eg_how_q;
    eg_tci_d     = eg_tci_q;
    eg_tagged_d  = eg_tagged_q;
    eg_hash_d    = eg_hash_q;
    wire_done_d  = wire_done_q || (eth_tx_valid_o && eth_tx_ready_i);
    loop_done_d  = loop_done_q || (li_valid_o && li_ready_i);
    fs_valid_d   = 1'b0;
    fs_err_d     = fs_err_q;
    mdd_valid_d  = 1'b0;
    mdd_func_d   = mdd_func_q;
    port_tx_d    = 1'b0;
    port_veb_d   = 1'b0;
    port_bytes_d = port_bytes_q;

    adv    = eg_act_q && !f_empty &&
             (!eg_wire_q || wire_done_q || eth_tx_ready_i) &&
             (!eg_loop_q || loop_done_q || li_ready_i);
    finish = adv && h_last;

    if (adv) begin
      wire_done_d = 1'b0;
      loop_done_d = 1'b0;
    end
    if (finish) begin
      r_rd_d       = r_rd_q + 1'b1;
      eg_act_d     = 1'b0;
      fs_valid_d   = 1'b1;
      fs_err_d     = eg_spoof_q ? ErrSpoof : ErrOk;
      mdd_valid_d  = eg_spoof_q;
      mdd_func_d   = eg_func_q;
      port_tx_d    = eg_wire_q;
      port_veb_d   = eg_loop_q;
      port_bytes_d = eg_len_q;
    end

    // the next frame starts in the cycle after the previous one's last beat
    nxt   = finish ? r_rd_q + 1'b1 : r_rd_q;
    ni    = nxt[HdrAw-1:0];
    ready = (!eg_act_q || finish) && nxt != r_wr_q && r_done_q[ni] && r_res_q[ni];
    mcast = r_dmac_flat[48 * 32'(ni)];  // I/G bit of the destination (flat: iverilog 11)
    hit   = |r_mask_q[ni];
    if (ready) begin
      eg_act_d    = 1'b1;
      eg_spoof_d  = r_spoof_q[ni];
      eg_func_d   = r_func_q[ni];
      eg_len_d    = r_len_q[ni];
      eg_mask_d   = r_mask_q[ni];
      eg_how_d    = r_how_q[ni];
      eg_tci_d    = r_tci_q[ni];
      eg_tagged_d = r_tagged_q[ni];
      eg_hash_d   = r_hash_q[ni];
      if (r_spoof_q[ni]) begin
        eg_wire_d = 1'b0;
        eg_loop_d = 1'b0;
      end else if (!veb_en_i) begin
        eg_wire_d = 1'b1;
        eg_loop_d = 1'b0;
      end else if (mcast) begin
        eg_wire_d = 1'b1;
        eg_loop_d = hit;
      end else if (r_how_q[ni] == HowExact && hit) begin
        eg_wire_d = 1'b0;
        eg_loop_d = 1'b1;
      end else begin
        eg_wire_d = 1'b1;
        eg_loop_d = 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_func_q     <= '0;
      r_len_q      <= '0;
      r_dmac_q     <= '0;
      r_tci_q      <= '0;
      r_tagged_q   <= '0;
      r_hash_q     <= '0;
      r_spoof_q    <= '0;
      r_done_q     <= '0;
      r_res_q      <= '0;
      r_mask_q     <= '0;
      r_how_q      <= '0;
      r_wr_q       <= '0;
      r_lk_q       <= '0;
      r_res_ptr_q  <= '0;
      r_rd_q       <= '0;
      p_beat_q     <= '0;
      p_smac_lo_q  <= '0;
      p_hx_q       <= '0;
      eg_act_q     <= 1'b0;
      eg_wire_q    <= 1'b0;
      eg_loop_q    <= 1'b0;
      eg_spoof_q   <= 1'b0;
      eg_func_q    <= '0;
      eg_len_q     <= '0;
      eg_mask_q    <= '0;
      eg_how_q     <= '0;
      eg_tci_q     <= '0;
      eg_tagged_q  <= 1'b0;
      eg_hash_q    <= '0;
      wire_done_q  <= 1'b0;
      loop_done_q  <= 1'b0;
      fs_valid_q   <= 1'b0;
      fs_err_q     <= '0;
      mdd_valid_q  <= 1'b0;
      mdd_func_q   <= '0;
      port_tx_q    <= 1'b0;
      port_veb_q   <= 1'b0;
      port_bytes_q <= '0;
    end else begin
      r_func_q     <= r_func_d;
      r_len_q      <= r_len_d;
      r_dmac_q     <= r_dmac_d;
      r_tci_q      <= r_tci_d;
      r_tagged_q   <= r_tagged_d;
      r_hash_q     <= r_hash_d;
      r_spoof_q    <= r_spoof_d;
      r_done_q     <= r_done_d;
      r_res_q      <= r_res_d;
      r_mask_q     <= r_mask_d;
      r_how_q      <= r_how_d;
      r_wr_q       <= r_wr_d;
      r_lk_q       <= r_lk_d;
      r_res_ptr_q  <= r_res_ptr_d;
      r_rd_q       <= r_rd_d;
      p_beat_q     <= p_beat_d;
      p_smac_lo_q  <= p_smac_lo_d;
      p_hx_q       <= p_hx_d;
      eg_act_q     <= eg_act_d;
      eg_wire_q    <= eg_wire_d;
      eg_loop_q    <= eg_loop_d;
      eg_spoof_q   <= eg_spoof_d;
      eg_func_q    <= eg_func_d;
      eg_len_q     <= eg_len_d;
      eg_mask_q    <= eg_mask_d;
      eg_how_q     <= eg_how_d;
      eg_tci_q     <= eg_tci_d;
      eg_tagged_q  <= eg_tagged_d;
      eg_hash_q    <= eg_hash_d;
      wire_done_q  <= wire_done_d;
      loop_done_q  <= loop_done_d;
      fs_valid_q   <= fs_valid_d;
      fs_err_q     <= fs_err_d;
      mdd_valid_q  <= mdd_valid_d;
      mdd_func_q   <= mdd_func_d;
      port_tx_q    <= port_tx_d;
      port_veb_q   <= port_veb_d;
      port_bytes_q <= port_bytes_d;
    end
  end

  assign fs_valid_o   = fs_valid_q;
  assign fs_err_o     = fs_err_q;
  assign mdd_valid_o  = mdd_valid_q;
  assign mdd_func_o   = mdd_func_q;
  assign port_tx_o    = port_tx_q;
  assign port_veb_o   = port_veb_q;
  assign port_bytes_o = port_bytes_q;

  // the ring number is the frame's bookkeeping in vfnic_txq, not needed for egress
  logic unused_fo;
  assign unused_fo = ^{fo_q_i, lk_tci[15:12]};  // the lookup needs the VID only

  assign busy_o = f_count != '0 || r_wr_q != r_rd_q || eg_act_q || fs_valid_q || mdd_valid_q ||
                  port_tx_q || port_veb_q;

endmodule

`default_nettype wire
