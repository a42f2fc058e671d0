// SPDX-License-Identifier: MIT
// RX descriptor cache of vfnic_rxq (docs/datapath-blocks.md "vfnic_rxq"): per ring DescCache
// buffer addresses, refilled ahead of use by MRds through the DMA read engine (client 2), and
// handed to dispatch in ring order. Refills are driven by the RX ring manager (vfnic_rings):
// the cache pops rings with posted descriptors from its work FIFO and TAKEs as many as it has
// free places for; nothing here loops over rings.
//
// Ports:
//   owner_i                           ring owners (the refill MRd's function, by index)
//   work_valid_i, work_q_i -> work_ready_o
//                                     vfnic_rings' work FIFO (rings with posted descriptors)
//   tk_valid_o, tk_q_o, tk_n_o <- tk_ready_i
//                                     TAKE operation (vfnic_rings engine port, held to ready)
//   er_valid_o, er_q_o, er_gen_o <- er_ready_i
//                                     ERR operation: a refill failed (QERR DMA, held to ready)
//   ans_valid_i, ans_take_i, ans_q_i, ans_ok_i, ans_base_i, ans_idx_i, ans_n_i, ans_gen_i
//                                     every vfnic_rings answer (ans_take_i: of the TAKE port;
//                                     READ answers only update the ring's gen)
//   regw_valid_i, regw_q_i            a register write to ring regw_q_i was acked
//   drd_req_*, drd_cpl_*, drd_done_*  vfnic_dma_rd client port (cookie: ring 7:0, gen 11:8,
//                                     first cache slot 15:12)
//   lk_q_i, lk_log2_i, lk_gen_i -> lk_live_o, lk_cnt_o, lk_idx_o
//       lookup (combinational): lk_cnt_o descriptors are cached for ring lk_q_i in ring order
//       from ring index lk_idx_o; lk_live_o: they were fetched under gen lk_gen_i (the gen of
//       the ring's READ answer); a cache of another gen is no use (and is emptied by that
//       answer)
//   use_valid_i, use_q_i, use_n_i, use_log2_i
//       dispatch takes the next use_n_i (<= lk_cnt_o) cached descriptors of the ring; their
//       slots stay held until the frame builder has read their addresses
//   ard_q_i, ard_slot_i -> ard_addr_o address of a held descriptor (slot = ring index mod
//                                     DescCache; combinational read)
//   rel_valid_i, rel_q_i, rel_n_i     the builder is done with rel_n_i held descriptors
//   idle_o                            no refill in flight, nothing to pop or wake
//
// Behaviour: a descriptor of ring index i sits in slot i mod DescCache. A ring popped from the
// work FIFO (or woken, below) is served if it has free places and either DescCache/4 of them or
// no refill in flight (batching small MRds under load without ever starving): TAKE n = its
// free places; the answer (base, FETCH before, n, gen) becomes one MRd, and the slots become
// usable when the whole MRd is done; a failed MRd stops the ring (ERR QERR DMA with the gen of
// the refill). One TAKE is in flight at a time and at most MaxOutst MRds.
// A popped ring that cannot be served is parked (a bit per ring): it stays QUEUED in
// vfnic_rings (no doorbell pushes it again, unless a function reset clears QUEUED: a parked
// ring that comes out of the work FIFO again is simply a candidate) and is woken — pushed into one of three wake FIFOs
// (depth NumQp; a ring is parked or in one of them at most once) — by the next event that can
// change its answer: a release by the builder, a refill done, or a register write to the ring.
// A ring written through the register port since its last TAKE (a bit per ring) is always
// TAKEn (n = 0 if it cannot be served), so the cache learns a new gen (an enable) before it
// decides the ring is full, and a disabled ring leaves the work queue as vfnic_rings says.
// Generations: every answer carries the ring's gen; when it differs from the gen the ring's
// cache was filled under, the cache of that ring is emptied (refills in flight then complete
// into nothing: their cookie has the old gen). Held slots of an older gen are still read by the
// builder: a refill of the new gen waits in the request register until they are released.
//
// As built: the per-ring counters (next index, pending, held, occupied, gen, parked, touched)
// are flip-flop arrays read and written by index (no loop over rings), the valid slots a bit
// vector by entry (ring, slot). The next state has no chained by-index updates: each array is
// written at the rings of the cycle's events (done, use, release, answer, in that order; a
// later write at the same ring wins) with a value computed from the _q words at that ring,
// equality compares of the event rings adding the earlier events on it; valid bits are written
// as constants (no read); the candidate reads the finished next-state words of its ring. The
// only per-ring logic is an OR of each ring's valid bits (is the answered ring's cache empty).
// The addresses and refill lengths are memories read combinationally (not yet vfnic_ram_1r1w).
// Area (synth_ecp5, NumQp 18, DescCache 16): ~9.1 k LUT4, of which most are the by-index reads
// (~24 LUT4 per bit and read index at 18 rings: lookup, use, done, release, answer, candidate)
// and the 64-bit address read (18 banks of distributed RAM and a mux); the next step is the
// counters in vfnic_ram_1r1w with the events serialized through one read-modify-write port.
`default_nettype none

module vfnic_rxq_dcache #(
  parameter int unsigned NumQp     = 18,
  parameter int unsigned DescCache = 16,   // power of two, 2..16
  localparam int unsigned CntWidth  = $clog2(DescCache) + 1,
  localparam int unsigned SlotWidth = $clog2(DescCache)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic [NumQp-1:0][6:0]     owner_i,

  input  logic                      work_valid_i,
  input  logic [7:0]                work_q_i,
  output logic                      work_ready_o,

  output logic                      tk_valid_o,
  output logic [7:0]                tk_q_o,
  output logic [4:0]                tk_n_o,
  input  logic                      tk_ready_i,

  output logic                      er_valid_o,
  output logic [7:0]                er_q_o,
  output logic [3:0]                er_gen_o,
  input  logic                      er_ready_i,

  input  logic                      ans_valid_i,
  input  logic                      ans_take_i,
  input  logic [7:0]                ans_q_i,
  input  logic                      ans_ok_i,
  input  logic [63:0]               ans_base_i,
  input  logic [11:0]               ans_idx_i,
  input  logic [4:0]                ans_n_i,
  input  logic [3:0]                ans_gen_i,

  input  logic                      regw_valid_i,
  input  logic [7:0]                regw_q_i,

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
  input  logic [3:0]                lk_gen_i,
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
  localparam int unsigned MaxOutst  = 16;  // refill MRds in flight (= error FIFO places)
  localparam int unsigned OutstW    = 5;
  localparam int unsigned WakeDepth = 1 << $clog2(NumQp < 2 ? 2 : NumQp);

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
  // Per-ring state (indexed by ring, never looped over)
  // ---------------------------------------------------------------------------------------
  logic [NumQp-1:0][3:0]            cgen_q, cgen_d;    // gen the cache was filled under
  logic [Entries-1:0]               valid_q, valid_d;  // slot holds a usable descriptor (by entry)
  logic [NumQp-1:0][11:0]           cidx_q, cidx_d;    // ring index of the next to hand out
  logic [NumQp-1:0][CntWidth-1:0]   pend_q, pend_d;    // slots being refilled
  logic [NumQp-1:0][CntWidth-1:0]   held_q, held_d;    // slots handed out, not yet released
  logic [NumQp-1:0][CntWidth-1:0]   occ_q, occ_d;      // valid + pend + held
  logic [NumQp-1:0]                 park_q, park_d;    // popped, not served, waiting to wake
  logic [NumQp-1:0]                 touch_q, touch_d;  // register write since the last TAKE

  // refill pipeline: candidate -> TAKE -> answer -> MRd request
  logic                             cand_valid_q, cand_valid_d;
  logic [QW-1:0]                    cand_q, cand_d;
  logic                             tk_valid_q, tk_valid_d;
  logic [7:0]                       tk_q_q, tk_q_d;
  logic [4:0]                       tk_n_q, tk_n_d;
  logic                             tk_wait_q, tk_wait_d;        // TAKE accepted, no answer yet
  logic [OutstW-1:0]                outst_q, outst_d;

  logic                             req_valid_q, req_valid_d;
  logic                             req_hold_q, req_hold_d;      // wait for held slots to go
  logic [QW-1:0]                    req_ring_q, req_ring_d;
  logic [63:0]                      req_addr_q, req_addr_d;
  logic [13:0]                      req_len_q, req_len_d;
  logic [6:0]                       req_func_q, req_func_d;
  logic [15:0]                      req_cookie_q, req_cookie_d;

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
                   cgen_q[cq] == drd_cpl_cookie_i[11:8];

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
  logic                 d_in, d_match;
  logic [SlotWidth-1:0] d_slot0;
  logic [CntWidth-1:0]  d_n;
  logic [DescCache-1:0] d_slots;

  assign dq      = QW'(drd_done_cookie_i[7:0]);
  assign d_slot0 = SlotWidth'(drd_done_cookie_i[15:12]);
  assign d_in    = drd_done_valid_i && 32'(drd_done_cookie_i[7:0]) < NumQp;
  assign d_match = d_in && cgen_q[dq] == drd_done_cookie_i[11:8];
  assign d_n     = CntWidth'(len_mem[entry(dq, d_slot0)]) + 1'b1;

  always_comb begin
    d_slots = '0;
    for (int j = 0; j < DescCache; j++) begin
      if (32'(j) < 32'(d_n)) d_slots[d_slot0 + SlotWidth'(j)] = 1'b1;
    end
  end

  // failed refills of the current gen: ERR operations (at most MaxOutst waiting)
  logic       ef_in_ready, ef_out_valid;
  logic [11:0] ef_out;
  logic [$clog2(MaxOutst + 2)-1:0] ef_count;

  vfnic_fifo #(
    .Width(12),
    .Depth(MaxOutst)
  ) u_errq (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (d_match && drd_done_err_i),
    .in_ready_o (ef_in_ready),
    .in_data_i  ({drd_done_cookie_i[11:8], drd_done_cookie_i[7:0]}),
    .out_valid_o(ef_out_valid),
    .out_ready_i(er_ready_i),
    .out_data_o (ef_out),
    .count_o    (ef_count)
  );

  assign er_valid_o = ef_out_valid;
  assign er_q_o     = ef_out[7:0];
  assign er_gen_o   = ef_out[11:8];

  // ---------------------------------------------------------------------------------------
  // Lookup and use
  // ---------------------------------------------------------------------------------------
  logic [QW-1:0]        lq, uq, aq, rq, wq, tq;
  logic [DescCache-1:0] use_slots;
  logic [11:0]          use_cidx;
  logic [DescCache-1:0] lk_valid;
  logic                 a_in, r_in, w_in;

  assign lq   = QW'(lk_q_i);
  assign uq   = QW'(use_q_i);
  assign aq   = QW'(ard_q_i);
  assign rq   = QW'(rel_q_i);
  assign wq   = QW'(regw_q_i);
  assign tq   = QW'(ans_q_i);
  assign a_in = ans_valid_i && 32'(ans_q_i) < NumQp;
  assign r_in = rel_valid_i && 32'(rel_q_i) < NumQp;
  assign w_in = regw_valid_i && 32'(regw_q_i) < NumQp;

  assign lk_live_o = 32'(lk_q_i) < NumQp && cgen_q[lq] == lk_gen_i;
  assign lk_idx_o  = cidx_q[lq];
  assign use_cidx  = cidx_q[uq];
  assign lk_valid  = valid_q[entry(lq, '0) +: DescCache];

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
  assign unused_ard_q = ^{ard_q_i, work_q_i, use_q_i};  // rings that exist (bits above QW)

  assign ard_addr_o = {hi_mem[entry(aq, ard_slot_i)], lo_mem[entry(aq, ard_slot_i)]};

  // ---------------------------------------------------------------------------------------
  // Wake FIFOs: parked rings named by an event (release, done, register write)
  // ---------------------------------------------------------------------------------------
  logic [2:0]         wk_push, wk_in_ready, wk_valid, wk_pop;
  logic [2:0][7:0]    wk_in, wk_out;
  logic [2:0][$clog2(WakeDepth + 2)-1:0] wk_count;

  always_comb begin
    wk_push  = '0;
    wk_in[0] = 8'(rq);
    wk_in[1] = 8'(dq);
    wk_in[2] = 8'(wq);
    wk_push[0] = r_in && park_q[rq];
    wk_push[1] = d_in && park_q[dq] && !(wk_push[0] && rq == dq);
    wk_push[2] = w_in && park_q[wq] && !(wk_push[0] && rq == wq) &&
                 !(wk_push[1] && dq == wq);
  end

  for (genvar i = 0; i < 3; i++) begin : gen_wake
    vfnic_fifo #(
      .Width(8),
      .Depth(WakeDepth)
    ) u_wake (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .clr_i      (1'b0),
      .in_valid_i (wk_push[i]),
      .in_ready_o (wk_in_ready[i]),
      .in_data_i  (wk_in[i]),
      .out_valid_o(wk_valid[i]),
      .out_ready_i(wk_pop[i]),
      .out_data_o (wk_out[i]),
      .count_o    (wk_count[i])
    );
  end

  logic unused_wk;
  assign unused_wk = ^{wk_in_ready, ef_out_valid};

  // ---------------------------------------------------------------------------------------
  // Candidate pick: work FIFO and wake FIFOs, round robin; one refill in the pipe at a time
  // ---------------------------------------------------------------------------------------
  logic [3:0] src_req, src_gnt;
  logic [1:0] src_idx;
  logic       src_any, pick;
  logic       pipe_free;

  assign pipe_free = !cand_valid_q && !tk_valid_q && !tk_wait_q && !req_valid_q &&
                     32'(outst_q) < MaxOutst;
  assign src_req   = {wk_valid, work_valid_i} & {4{pipe_free}};
  assign pick      = src_any;

  vfnic_arb_rr #(
    .N(4)
  ) u_src_arb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .req_i  (src_req),
    .ack_i  (pick),
    .gnt_o  (src_gnt),
    .idx_o  (src_idx),
    .valid_o(src_any)
  );

  assign work_ready_o = src_gnt[0];
  assign wk_pop       = src_gnt[3:1];

  logic unused_src;
  assign unused_src = ^src_idx;

  // ---------------------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------------------
  // A cycle's events name up to four rings (done dq, use uq, release rq, answer tq), possibly
  // the same one; each array is written at the rings of its events in that order, and a later
  // write at the same ring overwrites an earlier one, so each write's value is computed from
  // the _q words at its own ring (equality compares bring in the earlier events on that ring),
  // never from another write's result (a chain of by-index read-modify-writes is a mux tree
  // per link in synthesis). The valid slots are written bit by bit with constants (done sets,
  // use clears, a new gen clears the word): no read at all.
  logic                a_inv, a_tok, tk_fire;
  logic                dn_r, un_r, un_t, rn_t, dn_t;  // event on the ring of another event
  logic [CntWidth-1:0] t_held, t_pend, t_occ, c_occ, c_pend;
  logic                t_empty, c_touch;
  logic [NumQp-1:0]    vany_d;                       // ring has a valid slot next cycle

  assign a_inv   = a_in && ans_gen_i != cgen_q[tq];
  assign a_tok   = a_in && ans_take_i && ans_ok_i;
  assign tk_fire = tk_valid_q && tk_ready_i;
  assign dn_r    = d_match && dq == rq;
  assign un_r    = use_valid_i && uq == rq;
  assign dn_t    = d_match && dq == tq;
  assign un_t    = use_valid_i && uq == tq;
  assign rn_t    = r_in && rq == tq;

  // the answered ring after this cycle's done, use and release (before the answer)
  always_comb begin
    t_held = held_q[tq];
    t_pend = pend_q[tq];
    t_occ  = occ_q[tq];
    if (dn_t) begin
      t_pend = t_pend - d_n;
      if (drd_done_err_i) t_occ = t_occ - d_n;
    end
    if (un_t) t_held = t_held + use_n_i;
    if (rn_t) begin
      t_held = t_held - rel_n_i;
      t_occ  = t_occ - rel_n_i;
    end
    if (a_inv) begin
      t_pend = '0;
      t_occ  = t_held;
    end
    t_empty = !vany_d[tq] && t_pend == '0;  // valid: a new gen clears it (vany_d then 0)
    if (a_tok) begin
      t_pend = t_pend + CntWidth'(ans_n_i);
      t_occ  = t_occ + CntWidth'(ans_n_i);
    end
  end

  for (genvar r = 0; r < NumQp; r++) begin : gen_vany
    assign vany_d[r] = |valid_d[r*DescCache +: DescCache];
  end

  // the candidate sees this cycle's events: its words of the next state (one read each)
  assign c_occ   = occ_d[cand_q];
  assign c_pend  = pend_d[cand_q];
  assign c_touch = (touch_q[cand_q] && !(tk_fire && QW'(tk_q_q) == cand_q)) ||
                   (w_in && wq == cand_q);

  // valid slots: constants written bit by bit (done sets, use clears, a new gen clears all)
  always_comb begin
    valid_d = valid_q;
    for (int j = 0; j < DescCache; j++) begin
      if (d_match && !drd_done_err_i && d_slots[j]) valid_d[entry(dq, SlotWidth'(j))] = 1'b1;
      if (use_valid_i && use_slots[j]) valid_d[entry(uq, SlotWidth'(j))] = 1'b0;
    end
    if (a_inv) valid_d[entry(tq, '0) +: DescCache] = '0;
  end

  // counters, each written at its events' rings in the order done, use, release, answer
  always_comb begin
    pend_d = pend_q;
    held_d = held_q;
    occ_d  = occ_q;
    if (d_match) begin
      pend_d[dq] = pend_q[dq] - d_n;
      if (drd_done_err_i) occ_d[dq] = occ_q[dq] - d_n;
    end
    if (use_valid_i) begin
      held_d[uq] = held_q[uq] + use_n_i;
    end
    if (r_in) begin
      held_d[rq] = held_q[rq] - rel_n_i + (un_r ? use_n_i : '0);
      occ_d[rq]  = occ_q[rq] - rel_n_i - ((dn_r && drd_done_err_i) ? d_n : '0);
    end
    if (a_inv || a_tok) begin
      pend_d[tq] = t_pend;
      occ_d[tq]  = t_occ;
    end
  end

  always_comb begin
    logic [CntWidth-1:0] cfree;
    logic serve;

    cgen_d       = cgen_q;
    cidx_d       = cidx_q;
    park_d       = park_q;
    cand_valid_d = cand_valid_q;
    cand_d       = cand_q;
    touch_d      = touch_q;
    tk_valid_d   = tk_valid_q && !tk_ready_i;
    tk_q_d       = tk_q_q;
    tk_n_d       = tk_n_q;
    tk_wait_d    = tk_wait_q || tk_fire;
    outst_d      = outst_q - OutstW'(d_in);
    req_valid_d  = req_valid_q && !(drd_req_valid_o && drd_req_ready_i);
    req_hold_d   = req_hold_q;
    req_ring_d   = req_ring_q;
    req_addr_d   = req_addr_q;
    req_len_d    = req_len_q;
    req_func_d   = req_func_q;
    req_cookie_d = req_cookie_q;
    cfree        = '0;
    serve        = 1'b0;

    if (use_valid_i) begin
      cidx_d[uq] = (cidx_q[uq] + 12'(use_n_i)) & ring_mask(use_log2_i);
    end
    // an answer (TAKE or READ): a new gen empties the ring's cache
    if (a_inv) begin
      cgen_d[tq] = ans_gen_i;
    end
    if (a_in && ans_take_i) begin
      tk_wait_d = 1'b0;
      if (ans_ok_i) begin
        if (t_empty) begin
          cidx_d[tq] = ans_idx_i;
        end
        outst_d      = outst_d + 1'b1;
        req_valid_d  = 1'b1;
        req_hold_d   = a_inv && t_held != '0;
        req_ring_d   = tq;
        req_addr_d   = ans_base_i + {48'h0, ans_idx_i, 4'h0};
        req_len_d    = 14'({ans_n_i, 4'h0});
        req_func_d   = owner_i[tq];
        req_cookie_d = {4'(ans_idx_i[SlotWidth-1:0]), ans_gen_i, ans_q_i};
      end
    end
    if (req_hold_q && held_q[req_ring_q] == '0) begin
      req_hold_d = 1'b0;
    end

    // a TAKE sees every register write acked before it; later ones touch the ring again
    if (tk_fire) begin
      touch_d[QW'(tk_q_q)] = 1'b0;
    end
    if (w_in) begin
      touch_d[wq] = 1'b1;
    end

    // events wake parked rings
    for (int i = 0; i < 3; i++) begin
      if (wk_push[i]) park_d[QW'(wk_in[i])] = 1'b0;
    end

    // the candidate: TAKE its free places, or park it (seeing this cycle's events)
    if (cand_valid_q) begin
      cand_valid_d = 1'b0;
      cfree = CntWidth'(DescCache) - c_occ;
      serve = cfree != '0 && (32'(cfree) >= RefillMin || c_pend == '0);
      if (serve || c_touch) begin
        tk_valid_d = 1'b1;
        tk_q_d     = 8'(cand_q);
        tk_n_d     = serve ? 5'(cfree) : 5'd0;
      end else begin
        park_d[cand_q] = 1'b1;
      end
    end
    if (pick) begin
      cand_valid_d = 1'b1;
      cand_d       = (src_idx == 2'd0) ? QW'(work_q_i) : QW'(wk_out[2'(src_idx - 2'd1)]);
      // a function reset clears a parked ring's QUEUED in vfnic_rings, so its next doorbell
      // queues it again: coming out of the work FIFO it is a candidate, no longer parked
      if (src_idx == 2'd0) begin
        park_d[QW'(work_q_i)] = 1'b0;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (lo_we) lo_mem[lo_wa] <= lo_wd;
    if (hi_we) hi_mem[hi_wa] <= hi_wd;
    if (a_in && ans_take_i && ans_ok_i) begin
      len_mem[entry(tq, ans_idx_i[SlotWidth-1:0])] <= SlotWidth'(ans_n_i - 5'd1);
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cgen_q       <= '0;
      valid_q      <= '0;
      cidx_q       <= '0;
      pend_q       <= '0;
      held_q       <= '0;
      occ_q        <= '0;
      park_q       <= '0;
      cand_valid_q <= 1'b0;
      cand_q       <= '0;
      touch_q      <= '0;
      tk_valid_q   <= 1'b0;
      tk_q_q       <= '0;
      tk_n_q       <= '0;
      tk_wait_q    <= 1'b0;
      outst_q      <= '0;
      req_valid_q  <= 1'b0;
      req_hold_q   <= 1'b0;
      req_ring_q   <= '0;
      req_addr_q   <= '0;
      req_len_q    <= '0;
      req_func_q   <= '0;
      req_cookie_q <= '0;
    end else begin
      cgen_q       <= cgen_d;
      valid_q      <= valid_d;
      cidx_q       <= cidx_d;
      pend_q       <= pend_d;
      held_q       <= held_d;
      occ_q        <= occ_d;
      park_q       <= park_d;
      cand_valid_q <= cand_valid_d;
      cand_q       <= cand_d;
      touch_q      <= touch_d;
      tk_valid_q   <= tk_valid_d;
      tk_q_q       <= tk_q_d;
      tk_n_q       <= tk_n_d;
      tk_wait_q    <= tk_wait_d;
      outst_q      <= outst_d;
      req_valid_q  <= req_valid_d;
      req_hold_q   <= req_hold_d;
      req_ring_q   <= req_ring_d;
      req_addr_q   <= req_addr_d;
      req_len_q    <= req_len_d;
      req_func_q   <= req_func_d;
      req_cookie_q <= req_cookie_d;
    end
  end

  assign tk_valid_o       = tk_valid_q;
  assign tk_q_o           = tk_q_q;
  assign tk_n_o           = tk_n_q;
  assign drd_req_valid_o  = req_valid_q && !req_hold_q;
  assign drd_req_addr_o   = req_addr_q;
  assign drd_req_len_o    = req_len_q;
  assign drd_req_func_o   = req_func_q;
  assign drd_req_cookie_o = req_cookie_q;
  assign idle_o           = !req_valid_q && outst_q == '0 && !cand_valid_q && !tk_valid_q &&
                            !tk_wait_q && !work_valid_i && wk_count == '0 && ef_count == '0;

`ifndef SYNTHESIS
`ifndef FORMAL  // Yosys' formal read has no runtime $error
  always_ff @(posedge clk_i) begin
    if (d_match && drd_done_err_i && !ef_in_ready) begin
      $error("vfnic_rxq_dcache: error FIFO full");
    end
    if (wk_push != (wk_push & wk_in_ready)) begin
      $error("vfnic_rxq_dcache: wake FIFO full (a ring woken twice)");
    end
  end
`endif
`endif

endmodule

`default_nettype wire
