// SPDX-License-Identifier: MIT
// RX descriptor cache of vfnic_rxq (docs/datapath-blocks.md "vfnic_rxq"): per ring DescCache
// buffer addresses, refilled ahead of use by MRds through the DMA read engine (client 2), one
// ring per cycle round-robin, and handed to dispatch in ring order.
//
// Ports:
//   en_i, avail_i, owner_i            vfnic_rings' en_o/avail_o and the ring owners
//   rd_q_o -> rd_base_i, rd_log2_i, rd_fetch_i, rd_tail_i, rd_gen_i
//                                     one vfnic_rings read port (the ring being refilled)
//   fadv_*_o                          FETCH += n when a refill MRd is issued (combinational)
//   err_*_o                           a refill failed: stop the ring (QERR DMA)
//   drd_req_*, drd_cpl_*, drd_done_*  vfnic_dma_rd client port (cookie: ring 7:0, epoch 11:8,
//                                     first cache slot 15:12)
//   lk_q_i, lk_log2_i -> lk_live_o, lk_cnt_o, lk_idx_o
//       lookup (combinational): lk_cnt_o descriptors are cached for ring lk_q_i in ring order
//       from ring index lk_idx_o; lk_live_o: the cache belongs to the ring's current enable
//       (no enable/disable of the ring is still being taken in)
//   use_valid_i, use_q_i, use_n_i, use_log2_i
//       dispatch takes the next use_n_i (<= lk_cnt_o) cached descriptors of the ring; their
//       slots stay held until the frame builder has read their addresses
//   ard_q_i, ard_slot_i -> ard_addr_o address of a held descriptor (slot = ring index mod
//                                     DescCache; combinational read)
//   rel_valid_i, rel_q_i, rel_n_i     the builder is done with rel_n_i held descriptors
//   idle_o                            no refill in flight
//
// Behaviour: a descriptor of ring index i sits in slot i mod DescCache. A ring wants a refill
// while it has descriptors to fetch (avail), free slots, and either DescCache/4 free slots or
// no refill in flight (batching small MRds under load without ever starving). A refill reads
// min(free slots, up to the ring end, up to TAIL) descriptors; FETCH advances at issue. Slots
// become usable when the whole MRd is done; a failed MRd stops the ring with QERR DMA. Every
// enable or disable of a ring (en_i edge: enable, error, bad TAIL, function reset, EN = 0)
// bumps the ring's cache epoch and empties the cache; completions of an older epoch are
// ignored, and a ring whose old descriptors are still held by the builder is not refilled
// until they are released (their slots would collide).
`default_nettype none

module vfnic_rxq_dcache #(
  parameter int unsigned NumQp     = 18,
  parameter int unsigned DescCache = 16,   // power of two, 2..16
  localparam int unsigned CntWidth  = $clog2(DescCache) + 1,
  localparam int unsigned SlotWidth = $clog2(DescCache)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic [NumQp-1:0]          en_i,
  input  logic [NumQp-1:0]          avail_i,
  input  logic [NumQp-1:0][6:0]     owner_i,

  output logic [7:0]                rd_q_o,
  input  logic [63:0]               rd_base_i,
  input  logic [3:0]                rd_log2_i,
  input  logic [11:0]               rd_fetch_i,
  input  logic [11:0]               rd_tail_i,
  input  logic [3:0]                rd_gen_i,

  output logic                      fadv_valid_o,
  output logic [7:0]                fadv_q_o,
  output logic [4:0]                fadv_n_o,
  output logic [3:0]                fadv_gen_o,
  output logic                      err_valid_o,
  output logic [7:0]                err_q_o,
  output logic [3:0]                err_code_o,
  output logic [3:0]                err_gen_o,

  output logic                      drd_req_valid_o,
  output logic [63:0]               drd_req_addr_o,
  output logic [13:0]               drd_req_len_o,
  output logic [6:0]                drd_req_func_o,
  output logic [15:0]               drd_req_cookie_o,
  input  logic                      drd_req_ready_i,
  input  logic                      drd_cpl_valid_i,
  input  logic [15:0]               drd_cpl_cookie_i,
  input  logic [12:0]               drd_cpl_dw_off_i,
  input  logic [2:0]                drd_cpl_dws_i,
  input  logic [127:0]              drd_cpl_data_i,
  input  logic                      drd_done_valid_i,
  input  logic [15:0]               drd_done_cookie_i,
  input  logic                      drd_done_err_i,

  input  logic [7:0]                lk_q_i,
  input  logic [3:0]                lk_log2_i,
  output logic                      lk_live_o,
  output logic [CntWidth-1:0]       lk_cnt_o,
  output logic [11:0]               lk_idx_o,

  input  logic                      use_valid_i,
  input  logic [7:0]                use_q_i,
  input  logic [CntWidth-1:0]       use_n_i,
  input  logic [3:0]                use_log2_i,

  input  logic [7:0]                ard_q_i,
  input  logic [SlotWidth-1:0]      ard_slot_i,
  output logic [63:0]               ard_addr_o,

  input  logic                      rel_valid_i,
  input  logic [7:0]                rel_q_i,
  input  logic [CntWidth-1:0]       rel_n_i,

  output logic                      idle_o
);

  localparam int unsigned QW        = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned RefillMin = (DescCache >= 4) ? DescCache / 4 : 1;
  localparam int unsigned Entries   = NumQp * DescCache;
  localparam int unsigned EntryW    = QW + SlotWidth;
  localparam int unsigned OutstW    = 8;   // refills in flight (the DMA engine has <= 32 tags)

`ifndef __ICARUS__
  if (NumQp < 1 || NumQp > 256) begin : gen_qp_check
    $error("NumQp must be 1..256");
  end
  if (DescCache < 2 || DescCache > 16 || (DescCache & (DescCache - 1)) != 0)
  begin : gen_cache_check
    $error("DescCache must be a power of two in 2..16 (FETCH/HEAD advance by <= 16)");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------
  logic [NumQp-1:0]                 en_q, en_d;        // en_i as last taken in
  logic [NumQp-1:0][3:0]            ep_q, ep_d;        // cache epoch
  logic [NumQp-1:0][DescCache-1:0]  valid_q, valid_d;  // slot holds a usable descriptor
  logic [NumQp-1:0][11:0]           cidx_q, cidx_d;    // ring index of the next to hand out
  logic [NumQp-1:0][CntWidth-1:0]   pend_q, pend_d;    // slots being refilled
  logic [NumQp-1:0][CntWidth-1:0]   held_q, held_d;    // slots handed out, not yet released
  logic [NumQp-1:0][CntWidth-1:0]   occ_q, occ_d;      // valid + pend + held
  logic [NumQp-1:0]                 dirty_q, dirty_d;  // held slots of an older epoch
  logic [NumQp-1:0][3:0]            rgen_q, rgen_d;    // ring gen of the last refill
  logic [QW-1:0]                    rr_q, rr_d;
  logic [OutstW-1:0]                outst_q, outst_d;

  logic                             req_valid_q, req_valid_d;
  logic [63:0]                      req_addr_q, req_addr_d;
  logic [13:0]                      req_len_q, req_len_d;
  logic [6:0]                       req_func_q, req_func_d;
  logic [15:0]                      req_cookie_q, req_cookie_d;

  logic                             err_valid_q, err_valid_d;
  logic [7:0]                       err_q_q, err_q_d;
  logic [3:0]                       err_gen_q, err_gen_d;

  // addresses (lo/hi DW memories: a completion beat writes at most one of each) and the
  // length of every refill in flight, by first slot
  logic [31:0]                      lo_mem  [Entries];
  logic [31:0]                      hi_mem  [Entries];
  logic [SlotWidth-1:0]             len_mem [Entries];   // descriptors - 1

  function automatic logic [11:0] ring_mask(logic [3:0] log2);
    ring_mask = (log2 >= 4'd12) ? 12'hFFF : 12'((16'd1 << log2) - 16'd1);
  endfunction

  function automatic logic [EntryW-1:0] entry(logic [QW-1:0] q, logic [SlotWidth-1:0] s);
    entry = {q, s};
  endfunction

  // ---------------------------------------------------------------------------------------
  // Refill: pick a ring round-robin, size the MRd from its pointers
  // ---------------------------------------------------------------------------------------
  logic [NumQp-1:0] want;
  logic             pick_any;
  logic [QW-1:0]    pick;
  logic             issue;
  logic [CntWidth-1:0] pick_free;
  logic [12:0]      to_end, to_tail;
  logic [CntWidth-1:0] rf_n;

  always_comb begin
    for (int q = 0; q < NumQp; q++) begin
      want[q] = avail_i[q] && en_q[q] && en_i[q] && !dirty_q[q] &&
                32'(occ_q[q]) < DescCache &&
                (32'(DescCache) - 32'(occ_q[q]) >= RefillMin || pend_q[q] == '0);
    end
  end

  // round-robin: the first wanting ring at or after rr_q, else the first one
  always_comb begin
    logic hi_any;
    logic [QW-1:0] hi_idx, lo_idx;
    hi_any   = 1'b0;
    hi_idx   = '0;
    lo_idx   = '0;
    pick_any = |want;
    for (int q = NumQp - 1; q >= 0; q--) begin
      if (want[q]) begin
        lo_idx = QW'(q);
        if (QW'(q) >= rr_q) begin
          hi_any = 1'b1;
          hi_idx = QW'(q);
        end
      end
    end
    pick = hi_any ? hi_idx : lo_idx;
  end

  assign rd_q_o    = 8'(pick);
  assign issue     = pick_any && (!req_valid_q || drd_req_ready_i);
  assign pick_free = CntWidth'(DescCache) - occ_q[pick];
  assign to_end    = 13'(ring_mask(rd_log2_i)) + 13'd1 - 13'(rd_fetch_i);
  assign to_tail   = {1'b0, (rd_tail_i - rd_fetch_i) & ring_mask(rd_log2_i)};

  always_comb begin
    rf_n = pick_free;
    if (32'(to_end) < 32'(rf_n)) rf_n = CntWidth'(to_end);
    if (32'(to_tail) < 32'(rf_n)) rf_n = CntWidth'(to_tail);
  end

  // ---------------------------------------------------------------------------------------
  // Completions and done
  // ---------------------------------------------------------------------------------------
  logic [QW-1:0]        cq;
  logic                 c_match;
  logic [SlotWidth-1:0] c_slot0;
  logic                 lo_we, hi_we;
  logic [EntryW-1:0]    lo_wa, hi_wa;
  logic [31:0]          lo_wd, hi_wd;

  assign cq      = QW'(drd_cpl_cookie_i[7:0]);
  assign c_slot0 = SlotWidth'(drd_cpl_cookie_i[15:12]);
  assign c_match = drd_cpl_valid_i && 32'(drd_cpl_cookie_i[7:0]) < NumQp &&
                   ep_q[cq] == drd_cpl_cookie_i[11:8] && en_q[cq];

  always_comb begin
    logic [12:0] rdw;
    lo_we = 1'b0;
    hi_we = 1'b0;
    lo_wa = '0;
    hi_wa = '0;
    lo_wd = '0;
    hi_wd = '0;
    for (int k = 0; k < 4; k++) begin
      rdw = drd_cpl_dw_off_i + 13'(k);
      if (c_match && 3'(k) < drd_cpl_dws_i) begin
        if (rdw[1:0] == 2'd0) begin
          lo_we = 1'b1;
          lo_wa = entry(cq, c_slot0 + SlotWidth'(rdw[12:2]));
          lo_wd = drd_cpl_data_i[32*k +: 32];
        end
        if (rdw[1:0] == 2'd1) begin
          hi_we = 1'b1;
          hi_wa = entry(cq, c_slot0 + SlotWidth'(rdw[12:2]));
          hi_wd = drd_cpl_data_i[32*k +: 32];
        end
      end
    end
  end

  logic [QW-1:0]        dq;
  logic                 d_match;
  logic [SlotWidth-1:0] d_slot0;
  logic [CntWidth-1:0]  d_n;
  logic [DescCache-1:0] d_slots;

  assign dq      = QW'(drd_done_cookie_i[7:0]);
  assign d_slot0 = SlotWidth'(drd_done_cookie_i[15:12]);
  assign d_match = drd_done_valid_i && 32'(drd_done_cookie_i[7:0]) < NumQp &&
                   ep_q[dq] == drd_done_cookie_i[11:8] && en_q[dq];
  assign d_n     = CntWidth'(len_mem[entry(dq, d_slot0)]) + 1'b1;

  always_comb begin
    d_slots = '0;
    for (int j = 0; j < DescCache; j++) begin
      if (32'(j) < 32'(d_n)) d_slots[d_slot0 + SlotWidth'(j)] = 1'b1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Lookup and use
  // ---------------------------------------------------------------------------------------
  logic [QW-1:0]        lq, uq, aq;
  logic [DescCache-1:0] use_slots;
  logic [11:0]          use_cidx;
  logic [DescCache-1:0] lk_valid;

  assign lq = QW'(lk_q_i);
  assign uq = QW'(use_q_i);
  assign aq = QW'(ard_q_i);

  assign lk_live_o = 32'(lk_q_i) < NumQp && en_q[lq] && en_i[lq];
  assign lk_idx_o  = cidx_q[lq];
  assign use_cidx  = cidx_q[uq];
  assign lk_valid  = valid_q[lq];

  always_comb begin
    logic run;
    logic [SlotWidth-1:0] slot;
    run      = 1'b1;
    lk_cnt_o = '0;
    for (int j = 0; j < DescCache; j++) begin
      slot = SlotWidth'((lk_idx_o + 12'(j)) & ring_mask(lk_log2_i));
      run  = run && lk_valid[slot];
      if (run) lk_cnt_o = CntWidth'(j + 1);
    end
  end

  always_comb begin
    logic [SlotWidth-1:0] slot;
    use_slots = '0;
    for (int j = 0; j < DescCache; j++) begin
      slot = SlotWidth'((use_cidx + 12'(j)) & ring_mask(use_log2_i));
      if (32'(j) < 32'(use_n_i)) use_slots[slot] = 1'b1;
    end
  end

  logic unused_ard_q;
  assign unused_ard_q = ^ard_q_i;  // the frame builder names an existing ring (bits above QW)

  assign ard_addr_o = {hi_mem[entry(aq, ard_slot_i)], lo_mem[entry(aq, ard_slot_i)]};

  // ---------------------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------------------
  always_comb begin
    en_d         = en_i;
    ep_d         = ep_q;
    valid_d      = valid_q;
    cidx_d       = cidx_q;
    pend_d       = pend_q;
    held_d       = held_q;
    occ_d        = occ_q;
    dirty_d      = dirty_q;
    rgen_d       = rgen_q;
    rr_d         = rr_q;
    outst_d      = outst_q + OutstW'(issue) - OutstW'(drd_done_valid_i);

    req_valid_d  = req_valid_q && !drd_req_ready_i;
    req_addr_d   = req_addr_q;
    req_len_d    = req_len_q;
    req_func_d   = req_func_q;
    req_cookie_d = req_cookie_q;
    err_valid_d  = 1'b0;
    err_q_d      = err_q_q;
    err_gen_d    = err_gen_q;

    if (issue) begin
      req_valid_d  = 1'b1;
      req_addr_d   = rd_base_i + {48'h0, rd_fetch_i, 4'h0};
      req_len_d    = 14'({rf_n, 4'h0});
      req_func_d   = owner_i[pick];
      req_cookie_d = {4'(rd_fetch_i[SlotWidth-1:0]), ep_q[pick], 8'(pick)};
      rr_d         = (32'(pick) + 1 >= NumQp) ? '0 : pick + 1'b1;
    end

    if (d_match && drd_done_err_i) begin
      err_valid_d = 1'b1;
      err_q_d     = 8'(dq);
      err_gen_d   = rgen_q[dq];
    end

    for (int q = 0; q < NumQp; q++) begin
      if (issue && QW'(q) == pick) begin
        pend_d[q] = pend_d[q] + rf_n;
        occ_d[q]  = occ_d[q] + rf_n;
        rgen_d[q] = rd_gen_i;
      end
      if (d_match && QW'(q) == dq) begin
        pend_d[q] = pend_d[q] - d_n;
        if (drd_done_err_i) begin
          occ_d[q] = occ_d[q] - d_n;
        end else begin
          valid_d[q] = valid_d[q] | d_slots;
        end
      end
      if (use_valid_i && 32'(use_q_i) == q) begin
        valid_d[q] = valid_d[q] & ~use_slots;
        held_d[q]  = held_d[q] + use_n_i;
        cidx_d[q]  = (cidx_q[q] + 12'(use_n_i)) & ring_mask(use_log2_i);
      end
      if (rel_valid_i && 32'(rel_q_i) == q) begin
        held_d[q] = held_d[q] - rel_n_i;
        occ_d[q]  = occ_d[q] - rel_n_i;
      end
      if (held_d[q] == '0) begin
        dirty_d[q] = 1'b0;
      end
      // an enable or disable empties the cache (refills in flight now complete into nothing)
      if (en_i[q] != en_q[q]) begin
        ep_d[q]    = ep_q[q] + 4'd1;
        valid_d[q] = '0;
        pend_d[q]  = '0;
        occ_d[q]   = held_d[q];
        cidx_d[q]  = '0;
        dirty_d[q] = held_d[q] != '0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (lo_we) lo_mem[lo_wa] <= lo_wd;
    if (hi_we) hi_mem[hi_wa] <= hi_wd;
    if (issue) len_mem[entry(pick, rd_fetch_i[SlotWidth-1:0])] <= SlotWidth'(rf_n - 1'b1);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      en_q         <= '0;
      ep_q         <= '0;
      valid_q      <= '0;
      cidx_q       <= '0;
      pend_q       <= '0;
      held_q       <= '0;
      occ_q        <= '0;
      dirty_q      <= '0;
      rgen_q       <= '0;
      rr_q         <= '0;
      outst_q      <= '0;
      req_valid_q  <= 1'b0;
      req_addr_q   <= '0;
      req_len_q    <= '0;
      req_func_q   <= '0;
      req_cookie_q <= '0;
      err_valid_q  <= 1'b0;
      err_q_q      <= '0;
      err_gen_q    <= '0;
    end else begin
      en_q         <= en_d;
      ep_q         <= ep_d;
      valid_q      <= valid_d;
      cidx_q       <= cidx_d;
      pend_q       <= pend_d;
      held_q       <= held_d;
      occ_q        <= occ_d;
      dirty_q      <= dirty_d;
      rgen_q       <= rgen_d;
      rr_q         <= rr_d;
      outst_q      <= outst_d;
      req_valid_q  <= req_valid_d;
      req_addr_q   <= req_addr_d;
      req_len_q    <= req_len_d;
      req_func_q   <= req_func_d;
      req_cookie_q <= req_cookie_d;
      err_valid_q  <= err_valid_d;
      err_q_q      <= err_q_d;
      err_gen_q    <= err_gen_d;
    end
  end

  assign drd_req_valid_o  = req_valid_q;
  assign drd_req_addr_o   = req_addr_q;
  assign drd_req_len_o    = req_len_q;
  assign drd_req_func_o   = req_func_q;
  assign drd_req_cookie_o = req_cookie_q;
  // FETCH moves in the cycle the MRd is issued, so the next pick sees the new FETCH
  assign fadv_valid_o     = issue;
  assign fadv_q_o         = 8'(pick);
  assign fadv_n_o         = 5'(rf_n);
  assign fadv_gen_o       = rd_gen_i;
  assign err_valid_o      = err_valid_q;
  assign err_q_o          = err_q_q;
  assign err_code_o       = 4'(vfnic_regs_pkg::QERR_DMA);
  assign err_gen_o        = err_gen_q;
  assign idle_o           = !req_valid_q && outst_q == '0;

endmodule

`default_nettype wire
