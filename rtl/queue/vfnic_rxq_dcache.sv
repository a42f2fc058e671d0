// SPDX-License-Identifier: MIT
// RX descriptor cache of vfnic_rxq (docs/datapath-blocks.md "vfnic_rxq"): per ring DescCache
// buffer addresses, refilled ahead of use by MRds through the DMA read engine (client 2), and
// handed to dispatch in ring order. Refills are driven by the RX ring manager (vfnic_rings):
// the cache pops rings with posted descriptors from its work FIFO and TAKEs as many as it has
// free places for; nothing here loops over rings.
//
// Ports:
//   own_we_i, own_q_i, own_func_i     QP_OWNER writes (a local copy: the refill MRd's function)
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
//       lookup (combinational, from registers): lk_cnt_o descriptors are cached for ring
//       lk_q_i in ring order from ring index lk_idx_o; lk_live_o: they were fetched under gen
//       lk_gen_i (the gen of the ring's READ answer); a cache of another gen is no use (and is
//       emptied by that answer). lk_q_i must be the ring of the latest READ answer (ans_take_i
//       low), from the cycle after that answer on: the cache loads that ring's state when the
//       answer arrives (lk_live_o is low for any other ring)
//   use_valid_i, use_q_i, use_n_i, use_log2_i
//       dispatch takes the next use_n_i (<= lk_cnt_o) cached descriptors of the ring (use_q_i =
//       lk_q_i); their slots stay held until the frame builder has read their addresses
//   ard_q_i, ard_slot_i -> ard_addr_o address of a held descriptor (slot = ring index mod
//                                     DescCache); registered read: the address named in cycle
//                                     n is on ard_addr_o in cycle n+1
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
// As built: every per-ring and per-slot table is a vfnic_ram_1r1w (registered read); nothing is
// read by index from a flop array wider than one bit (the park and touch vectors, the owner
// bits). The per-ring state is split by its writer, so each memory has one write port and no
// event ever waits for another:
//   done word   {S, Derr, Dok}   written by a refill done: descriptors done ok / failed, and a
//                                bit per slot toggled when its descriptor arrives
//   use word    {ack, Ci, U}     written by a use: descriptors used, ring index after the use
//   rel word    {R}              written by a release: descriptors released
//   answer word {tog, X, Vz, Kp, gen} and {rs_idx}   written by an answer (TAKE or READ)
// The counters of the contract are differences mod 2 DescCache: pending = Kp - Dok - Derr,
// valid = Dok - U - Vz, held = U - R, occupied = Kp - Vz - Derr - R; an answer with a new gen
// sets Kp and Vz so that pending and valid are 0. Slot s holds a usable descriptor when
// S[s] != X[s] and it lies in the cached run: a TAKE answer sets X := S on its slots, so the
// slots from the next index up to the last refill are exact and stale bits beyond never count
// (lk_cnt_o is the run of such slots, capped at the valid count). The next index is rs_idx while
// a resync is pending (tog != ack: a TAKE answer found the cache empty and restarted it at
// FETCH), else Ci; a use acknowledges the resync.
// Every reader has its own copy of the memories it reads, read at the ring it serves, with the
// writer's write of the previous cycle forwarded (and the write of this cycle where the
// contract wants the state after this cycle's events): the dispatch copy (ring of the latest READ
// answer, read every cycle: lookup, use), the refill copy (the candidate's ring from its pick to
// its MRd, read every cycle: candidate, TAKE answer, request hold), and one copy for each event
// whose ring comes without notice (completion: gen; done: gen, done word, refill length;
// release: rel word). Those events and the answers are registered once and handled the next
// cycle, when their ring's words have been read; an answer sees the done and use of its cycle
// (as if those came first), and a lookup in the cycle an answer with a new gen is handled reads
// that ring's cache empty. Against the combinational design: a done makes its slots usable one
// cycle later, a refill MRd leaves one cycle later, the builder's address read is registered
// (vfnic_rxq names the piece of its next cycle). The addresses are two memories (low and high
// DW; a completion beat carries at most one of each) by {ring, slot}, the refill lengths one by
// {ring, first slot}. After reset a walk of NumQp cycles zeroes the per-ring words (idle_o low,
// no pick, lookups not live).
// Area (synth_ecp5, NumQp 18, DescCache 16, fpga/synth/block.sh): 2 280 LUT4, 925 FF,
// 121 DPR16X4, 3 DP16KD (the combinational design: 9 058 LUT4, 1 155 FF, 321 DPR16X4). The
// valid bits (S, X, their copies, the run) are ~380 LUT4, park/touch ~220, the completion path
// ~200, the four FIFOs ~260; the rest is the forwarding muxes and the counters. At NumQp 130 the
// per-ring bit vectors (park, touch) and the owner mux grow with NumQp (~NumQp LUT4 per read
// bit: 4 800..5 900 LUT4 in all, 27 DP16KD); ABC's result varies by +-150 LUT4 at 18 rings
// between equivalent formulations.
`default_nettype none

module vfnic_rxq_dcache #(
  parameter int unsigned NumQp     = 18,
  parameter int unsigned DescCache = 16,   // power of two, 2..16
  localparam int unsigned CntWidth  = $clog2(DescCache) + 1,
  localparam int unsigned SlotWidth = $clog2(DescCache)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic                      own_we_i,
  input  logic [7:0]                own_q_i,
  input  logic [6:0]                own_func_i,

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
  localparam int unsigned DC        = DescCache;
  localparam int unsigned CW        = CntWidth;
  localparam int unsigned RefillMin = (DescCache >= 4) ? DescCache / 4 : 1;
  localparam int unsigned EntryW    = QW + SlotWidth;
  localparam int unsigned Entries   = 1 << EntryW;  // slot memories: {ring, slot}
  localparam int unsigned MaxOutst  = 16;  // refill MRds in flight (= error FIFO places)
  localparam int unsigned OutstW    = 5;
  localparam int unsigned WakeDepth = 1 << $clog2(NumQp < 2 ? 2 : NumQp);
  // word widths of the per-ring memories (the structs below)
  localparam int unsigned DoneW     = DC + 2 * CW;
  localparam int unsigned UseW      = 1 + 12 + CW;
  localparam int unsigned UseTW     = 1 + CW;
  localparam int unsigned AnsW      = 1 + DC + 2 * CW + 4;

`ifndef __ICARUS__
  if (NumQp < 1 || NumQp > 256) begin : gen_qp_check
    $error("NumQp must be 1..256");
  end
  if (DescCache < 2 || DescCache > 16 || (DescCache & (DescCache - 1)) != 0)
  begin : gen_cache_check
    $error("DescCache must be a power of two in 2..16 (FETCH/HEAD advance by <= 16)");
  end
`endif

  // per-ring words, one memory (and its copies) per writer; counters are mod 2 DescCache
  typedef struct packed {
    logic [DC-1:0] s;      // a bit per slot, toggled when a descriptor arrives in it
    logic [CW-1:0] derr;   // descriptors of failed refills (of the current gen)
    logic [CW-1:0] dok;    // descriptors of completed refills (of the current gen)
  } done_w_t;

  typedef struct packed {
    logic          ack;    // the answer word's tog when the ring was last used
    logic [11:0]   ci;     // ring index after the last use
    logic [CW-1:0] u;      // descriptors used
  } use_w_t;

  typedef struct packed {
    logic          ack;
    logic [CW-1:0] u;
  } uset_w_t;             // the refill copy of the use word

  typedef struct packed {
    logic          tog;    // != use ack: a resync to rs_idx is pending
    logic [DC-1:0] x;      // S of each slot when a TAKE last filled it (valid: S != X)
    logic [CW-1:0] vz;     // valid = Dok - U - Vz
    logic [CW-1:0] kp;     // pending = Kp - Dok - Derr
    logic [3:0]    gen;    // gen the cache was filled under
  } ans_w_t;

  function automatic logic [11:0] ring_mask(logic [3:0] log2);
    ring_mask = (log2 >= 4'd12) ? 12'hFFF : 12'((16'd1 << log2) - 16'd1);
  endfunction

  // n slots from slot s0 (mod DescCache)
  function automatic logic [DC-1:0] slot_run(logic [SlotWidth-1:0] s0, logic [CW-1:0] n);
    logic [2*DC-1:0] w;
    logic [DC-1:0]   ones;
    ones = '0;
    for (int j = 0; j < DC; j++) begin
      if (32'(j) < 32'(n)) ones[j] = 1'b1;
    end
    w = {{DC{1'b0}}, ones} << s0;
    slot_run = w[DC-1:0] | w[2*DC-1:DC];
  endfunction

  // ---------------------------------------------------------------------------------------
  // Reset walk: zeroes the per-ring words (the memories are not reset)
  // ---------------------------------------------------------------------------------------
  logic          walk_q;
  logic [QW-1:0] wptr_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      walk_q <= 1'b1;
      wptr_q <= '0;
    end else if (walk_q) begin
      wptr_q <= wptr_q + 1'b1;
      if (32'(wptr_q) == NumQp - 1) walk_q <= 1'b0;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Rings of the readers
  // ---------------------------------------------------------------------------------------
  // L: dispatch (ring of the latest READ answer); T: refill (the candidate, until its MRd)
  logic          a_arr;                      // an answer for an existing ring arrives
  logic [QW-1:0] lring_q, lring_d, l_ra;
  logic [QW-1:0] cand_q, cand_d, t_ra;

  // the owner of the answered ring, from this block's copy of QP_OWNER (distributed RAM:
  // a read of a flop vector at a computed index is a multiplexer over every ring)
  logic [6:0]       ans_owner;
  vfnic_owner_copy #(
    .NumQp(NumQp),
    .Reads(1)
  ) u_owner (
    .clk_i     (clk_i),
    .own_we_i  (own_we_i),
    .own_q_i   (own_q_i),
    .own_func_i(own_func_i),
    .q_i       (QW'(ans_q_i)),
    .func_o    (ans_owner)
  );

  assign a_arr   = ans_valid_i && 32'(ans_q_i) < NumQp;
  assign lring_d = (a_arr && !ans_take_i) ? QW'(ans_q_i) : lring_q;
  assign l_ra    = lring_d;
  assign t_ra    = cand_d;

  // ---------------------------------------------------------------------------------------
  // Event stages: completions, dones, releases and answers are handled the cycle after they
  // arrive (their ring's words are read meanwhile)
  // ---------------------------------------------------------------------------------------
  logic                 c1_valid_q, c1_lo_we_q, c1_hi_we_q;
  logic [QW-1:0]        c1_q_q;
  logic [3:0]           c1_gen_q;
  logic [EntryW-1:0]    c1_lo_wa_q, c1_hi_wa_q;
  logic [31:0]          c1_lo_wd_q, c1_hi_wd_q;

  logic                 d1_valid_q, d1_err_q;
  logic [QW-1:0]        d1_q_q;
  logic [3:0]           d1_gen_q;
  logic [SlotWidth-1:0] d1_slot_q;

  logic                 r1_valid_q;
  logic [QW-1:0]        r1_q_q;
  logic [CW-1:0]        r1_n_q;

  logic                 a1_valid_q, a1_take_q, a1_ok_q;
  logic [QW-1:0]        a1_q_q;
  logic [3:0]           a1_gen_q;
  logic [11:0]          a1_idx_q;
  logic [4:0]           a1_n_q;

  // completion beat: the lo/hi DWs it carries (at most one of each)
  logic              c_in, lo_we, hi_we;
  logic [EntryW-1:0] lo_wa, hi_wa;
  logic [31:0]       lo_wd, hi_wd;

  assign c_in = drd_cpl_valid_i && 32'(drd_cpl_cookie_i[7:0]) < NumQp;

  // the beat's DWs are off .. off + dws - 1 of the refill: the first with off % 4 = 0 (k_lo DWs
  // into the beat) is a low DW, the first with off % 4 = 1 a high DW
  function automatic logic [31:0] beat_dw(logic [127:0] d, logic [1:0] k);
    case (k)
      2'd0:    beat_dw = d[31:0];
      2'd1:    beat_dw = d[63:32];
      2'd2:    beat_dw = d[95:64];
      default: beat_dw = d[127:96];
    endcase
  endfunction

  always_comb begin
    logic [1:0]           k_lo, k_hi, o;
    logic [SlotWidth-1:0] s0, d0;
    o     = drd_cpl_dw_off_i[1:0];
    k_lo  = 2'd0 - o;
    k_hi  = 2'd1 - o;
    s0    = SlotWidth'(drd_cpl_cookie_i[15:12]);
    d0    = s0 + SlotWidth'(drd_cpl_dw_off_i[12:2]);
    lo_we = c_in && {1'b0, k_lo} < drd_cpl_dws_i;
    hi_we = c_in && {1'b0, k_hi} < drd_cpl_dws_i;
    lo_wa = {QW'(drd_cpl_cookie_i[7:0]), d0 + SlotWidth'(o != 2'd0)};
    hi_wa = {QW'(drd_cpl_cookie_i[7:0]), d0 + SlotWidth'(o[1])};
    lo_wd = beat_dw(drd_cpl_data_i, k_lo);
    hi_wd = beat_dw(drd_cpl_data_i, k_hi);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      c1_valid_q <= 1'b0;
      c1_lo_we_q <= 1'b0;
      c1_hi_we_q <= 1'b0;
      d1_valid_q <= 1'b0;
      r1_valid_q <= 1'b0;
      a1_valid_q <= 1'b0;
    end else begin
      c1_valid_q <= c_in;
      c1_lo_we_q <= lo_we;
      c1_hi_we_q <= hi_we;
      d1_valid_q <= drd_done_valid_i && 32'(drd_done_cookie_i[7:0]) < NumQp;
      r1_valid_q <= rel_valid_i && 32'(rel_q_i) < NumQp;
      a1_valid_q <= a_arr;
    end
  end

  always_ff @(posedge clk_i) begin
    if (c_in) begin
      c1_q_q     <= QW'(drd_cpl_cookie_i[7:0]);
      c1_gen_q   <= drd_cpl_cookie_i[11:8];
      c1_lo_wa_q <= lo_wa;
      c1_hi_wa_q <= hi_wa;
      c1_lo_wd_q <= lo_wd;
      c1_hi_wd_q <= hi_wd;
    end
    if (drd_done_valid_i) begin
      d1_q_q    <= QW'(drd_done_cookie_i[7:0]);
      d1_gen_q  <= drd_done_cookie_i[11:8];
      d1_slot_q <= SlotWidth'(drd_done_cookie_i[15:12]);
      d1_err_q  <= drd_done_err_i;
    end
    if (rel_valid_i) begin
      r1_q_q <= QW'(rel_q_i);
      r1_n_q <= rel_n_i;
    end
    if (ans_valid_i) begin
      a1_take_q <= ans_take_i;
      a1_ok_q   <= ans_ok_i;
      a1_q_q    <= QW'(ans_q_i);
      a1_gen_q  <= ans_gen_i;
      a1_idx_q  <= ans_idx_i;
      a1_n_q    <= ans_n_i;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Per-ring memories: one write port each (the writer's stage), a copy per reader; the last
  // write is kept to forward it to reads issued in the same cycle
  // ---------------------------------------------------------------------------------------
  logic          dn_we, us_we, rl_we, an_we, rs_we;
  logic [QW-1:0] dn_wa, us_wa, rl_wa, an_wa, rs_wa;
  done_w_t       dn_wd;
  use_w_t        us_wd;
  logic [CW-1:0] rl_wd;
  ans_w_t        an_wd;
  logic [11:0]   rs_wd;

  logic          dn_fwe_q, us_fwe_q, rl_fwe_q, an_fwe_q, rs_fwe_q;
  logic [QW-1:0] dn_fwa_q, us_fwa_q, rl_fwa_q, an_fwa_q, rs_fwa_q;
  done_w_t       dn_fwd_q;
  use_w_t        us_fwd_q;
  logic [CW-1:0] rl_fwd_q;
  ans_w_t        an_fwd_q;
  logic [11:0]   rs_fwd_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dn_fwe_q <= 1'b0;
      us_fwe_q <= 1'b0;
      rl_fwe_q <= 1'b0;
      an_fwe_q <= 1'b0;
      rs_fwe_q <= 1'b0;
    end else begin
      dn_fwe_q <= dn_we;
      us_fwe_q <= us_we;
      rl_fwe_q <= rl_we;
      an_fwe_q <= an_we;
      rs_fwe_q <= rs_we;
    end
  end

  always_ff @(posedge clk_i) begin
    dn_fwa_q <= dn_wa;
    dn_fwd_q <= dn_wd;
    us_fwa_q <= us_wa;
    us_fwd_q <= us_wd;
    rl_fwa_q <= rl_wa;
    rl_fwd_q <= rl_wd;
    an_fwa_q <= an_wa;
    an_fwd_q <= an_wd;
    rs_fwa_q <= rs_wa;
    rs_fwd_q <= rs_wd;
  end

  // read data of the copies
  done_w_t          l_dn_rd, t_dn_rd, d_dn_rd;
  use_w_t           l_us_rd;
  uset_w_t          t_us_rd;
  logic [CW-1:0]    t_rl_rd, r_rl_rd;
  ans_w_t           l_an_rd, t_an_rd;
  logic [3:0]       d_gen_rd, c_gen_rd;
  logic [11:0]      l_rs_rd;
  logic [SlotWidth-1:0] d_len_rd;
  uset_w_t          us_wd_t;

  assign us_wd_t = {us_wd.ack, us_wd.u};

  vfnic_ram_1r1w #(.Width(DoneW), .Depth(NumQp)) u_done_l (
    .clk_i(clk_i), .we_i(dn_we), .waddr_i(dn_wa), .wdata_i(dn_wd),
    .re_i(1'b1), .raddr_i(l_ra), .rdata_o(l_dn_rd));
  vfnic_ram_1r1w #(.Width(DoneW), .Depth(NumQp)) u_done_t (
    .clk_i(clk_i), .we_i(dn_we), .waddr_i(dn_wa), .wdata_i(dn_wd),
    .re_i(1'b1), .raddr_i(t_ra), .rdata_o(t_dn_rd));
  vfnic_ram_1r1w #(.Width(DoneW), .Depth(NumQp)) u_done_d (
    .clk_i(clk_i), .we_i(dn_we), .waddr_i(dn_wa), .wdata_i(dn_wd),
    .re_i(drd_done_valid_i), .raddr_i(QW'(drd_done_cookie_i[7:0])), .rdata_o(d_dn_rd));

  vfnic_ram_1r1w #(.Width(UseW), .Depth(NumQp)) u_use_l (
    .clk_i(clk_i), .we_i(us_we), .waddr_i(us_wa), .wdata_i(us_wd),
    .re_i(1'b1), .raddr_i(l_ra), .rdata_o(l_us_rd));
  vfnic_ram_1r1w #(.Width(UseTW), .Depth(NumQp)) u_use_t (
    .clk_i(clk_i), .we_i(us_we), .waddr_i(us_wa), .wdata_i(us_wd_t),
    .re_i(1'b1), .raddr_i(t_ra), .rdata_o(t_us_rd));

  vfnic_ram_1r1w #(.Width(CW), .Depth(NumQp)) u_rel_t (
    .clk_i(clk_i), .we_i(rl_we), .waddr_i(rl_wa), .wdata_i(rl_wd),
    .re_i(1'b1), .raddr_i(t_ra), .rdata_o(t_rl_rd));
  vfnic_ram_1r1w #(.Width(CW), .Depth(NumQp)) u_rel_r (
    .clk_i(clk_i), .we_i(rl_we), .waddr_i(rl_wa), .wdata_i(rl_wd),
    .re_i(rel_valid_i), .raddr_i(QW'(rel_q_i)), .rdata_o(r_rl_rd));

  vfnic_ram_1r1w #(.Width(AnsW), .Depth(NumQp)) u_ans_l (
    .clk_i(clk_i), .we_i(an_we), .waddr_i(an_wa), .wdata_i(an_wd),
    .re_i(1'b1), .raddr_i(l_ra), .rdata_o(l_an_rd));
  vfnic_ram_1r1w #(.Width(AnsW), .Depth(NumQp)) u_ans_t (
    .clk_i(clk_i), .we_i(an_we), .waddr_i(an_wa), .wdata_i(an_wd),
    .re_i(1'b1), .raddr_i(t_ra), .rdata_o(t_an_rd));
  vfnic_ram_1r1w #(.Width(4), .Depth(NumQp)) u_gen_d (
    .clk_i(clk_i), .we_i(an_we), .waddr_i(an_wa), .wdata_i(an_wd.gen),
    .re_i(drd_done_valid_i), .raddr_i(QW'(drd_done_cookie_i[7:0])), .rdata_o(d_gen_rd));
  vfnic_ram_1r1w #(.Width(4), .Depth(NumQp)) u_gen_c (
    .clk_i(clk_i), .we_i(an_we), .waddr_i(an_wa), .wdata_i(an_wd.gen),
    .re_i(drd_cpl_valid_i), .raddr_i(QW'(drd_cpl_cookie_i[7:0])), .rdata_o(c_gen_rd));
  vfnic_ram_1r1w #(.Width(12), .Depth(NumQp)) u_rsidx_l (
    .clk_i(clk_i), .we_i(rs_we), .waddr_i(rs_wa), .wdata_i(rs_wd),
    .re_i(1'b1), .raddr_i(l_ra), .rdata_o(l_rs_rd));

  // refill lengths (descriptors - 1) by first slot, and the addresses by slot
  logic              len_we;
  logic [EntryW-1:0] len_wa;
  logic [31:0]       lo_rd, hi_rd;

  vfnic_ram_1r1w #(.Width(SlotWidth), .Depth(Entries)) u_len (
    .clk_i(clk_i), .we_i(len_we), .waddr_i(len_wa), .wdata_i(SlotWidth'(a1_n_q - 5'd1)),
    .re_i(drd_done_valid_i),
    .raddr_i({QW'(drd_done_cookie_i[7:0]), SlotWidth'(drd_done_cookie_i[15:12])}),
    .rdata_o(d_len_rd));

  // completions of the current gen write the addresses (one cycle after they arrive)
  logic c_match;

  vfnic_ram_1r1w #(.Width(32), .Depth(Entries)) u_lo (
    .clk_i(clk_i), .we_i(c1_lo_we_q && c_match), .waddr_i(c1_lo_wa_q), .wdata_i(c1_lo_wd_q),
    .re_i(1'b1), .raddr_i({QW'(ard_q_i), ard_slot_i}), .rdata_o(lo_rd));
  vfnic_ram_1r1w #(.Width(32), .Depth(Entries)) u_hi (
    .clk_i(clk_i), .we_i(c1_hi_we_q && c_match), .waddr_i(c1_hi_wa_q), .wdata_i(c1_hi_wd_q),
    .re_i(1'b1), .raddr_i({QW'(ard_q_i), ard_slot_i}), .rdata_o(hi_rd));

  assign ard_addr_o = {hi_rd, lo_rd};

  // views: the word at the start of this cycle (_q) and, where needed, after this cycle's
  // write (_n)
  done_w_t l_dn, t_dn, d_dn, l_dn_n, t_dn_n;
  use_w_t  l_us, l_us_n;
  uset_w_t t_us, t_us_n;
  logic [CW-1:0] t_rl, t_rl_n, r_rl;
  ans_w_t  l_an, t_an, t_an_n;
  logic [3:0]  d_gen, c_gen;
  logic [11:0] l_rs;

  assign l_dn   = (dn_fwe_q && dn_fwa_q == lring_q) ? dn_fwd_q : l_dn_rd;
  assign t_dn   = (dn_fwe_q && dn_fwa_q == cand_q)  ? dn_fwd_q : t_dn_rd;
  assign d_dn   = (dn_fwe_q && dn_fwa_q == d1_q_q)  ? dn_fwd_q : d_dn_rd;
  assign l_dn_n = (dn_we && dn_wa == lring_q) ? dn_wd : l_dn;
  assign t_dn_n = (dn_we && dn_wa == cand_q)  ? dn_wd : t_dn;

  assign l_us   = (us_fwe_q && us_fwa_q == lring_q) ? us_fwd_q : l_us_rd;
  assign t_us   = (us_fwe_q && us_fwa_q == cand_q) ?
                  {us_fwd_q.ack, us_fwd_q.u} : t_us_rd;
  assign l_us_n = (us_we && us_wa == lring_q) ? us_wd : l_us;
  assign t_us_n = (us_we && us_wa == cand_q) ? us_wd_t : t_us;

  assign t_rl   = (rl_fwe_q && rl_fwa_q == cand_q) ? rl_fwd_q : t_rl_rd;
  assign r_rl   = (rl_fwe_q && rl_fwa_q == r1_q_q) ? rl_fwd_q : r_rl_rd;
  assign t_rl_n = (rl_we && rl_wa == cand_q) ? rl_wd : t_rl;

  assign l_an   = (an_fwe_q && an_fwa_q == lring_q) ? an_fwd_q : l_an_rd;
  assign t_an   = (an_fwe_q && an_fwa_q == cand_q)  ? an_fwd_q : t_an_rd;
  assign t_an_n = (an_we && an_wa == cand_q) ? an_wd : t_an;
  assign d_gen  = (an_fwe_q && an_fwa_q == d1_q_q) ? an_fwd_q.gen : d_gen_rd;
  assign c_gen  = (an_fwe_q && an_fwa_q == c1_q_q) ? an_fwd_q.gen : c_gen_rd;
  assign l_rs   = (rs_fwe_q && rs_fwa_q == lring_q) ? rs_fwd_q : l_rs_rd;

  assign c_match = c1_valid_q && c1_gen_q == c_gen;

  // ---------------------------------------------------------------------------------------
  // Done: the refill's slots become usable, or the ring stops (error FIFO)
  // ---------------------------------------------------------------------------------------
  logic          d_match;
  logic [CW-1:0] d_n;

  assign d_match = d1_valid_q && d1_gen_q == d_gen;
  assign d_n     = CW'(d_len_rd) + 1'b1;

  always_comb begin
    dn_we = d_match;
    dn_wa = d1_q_q;
    dn_wd = d_dn;
    if (d1_err_q) begin
      dn_wd.derr = d_dn.derr + d_n;
    end else begin
      dn_wd.dok = d_dn.dok + d_n;
      dn_wd.s   = d_dn.s ^ slot_run(d1_slot_q, d_n);
    end
    if (walk_q) begin
      dn_we = 1'b1;
      dn_wa = wptr_q;
      dn_wd = '0;
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
    .in_valid_i (d_match && d1_err_q),
    .in_ready_o (ef_in_ready),
    .in_data_i  ({d1_gen_q, 8'(d1_q_q)}),
    .out_valid_o(ef_out_valid),
    .out_ready_i(er_ready_i),
    .out_data_o (ef_out),
    .count_o    (ef_count)
  );

  assign er_valid_o = ef_out_valid;
  assign er_q_o     = ef_out[7:0];
  assign er_gen_o   = ef_out[11:8];

  // ---------------------------------------------------------------------------------------
  // Release
  // ---------------------------------------------------------------------------------------
  always_comb begin
    rl_we = r1_valid_q;
    rl_wa = r1_q_q;
    rl_wd = r_rl + r1_n_q;
    if (walk_q) begin
      rl_we = 1'b1;
      rl_wa = wptr_q;
      rl_wd = '0;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Lookup and use (dispatch copy)
  // ---------------------------------------------------------------------------------------
  logic [11:0]   l_cidx;
  logic [DC-1:0] l_vb;
  logic [CW-1:0] l_vcnt, l_run;
  logic          l_on, l_inv_now;

  assign l_cidx    = (l_an.tog != l_us.ack) ? l_rs : l_us.ci;
  assign l_vb      = l_dn.s ^ l_an.x;
  assign l_vcnt    = l_dn.dok - l_us.u - l_an.vz;
  assign l_on      = !walk_q && 32'(lk_q_i) < NumQp && lk_q_i == 8'(lring_q);
  // an answer with another gen for this ring is handled this cycle: its cache reads empty
  assign l_inv_now = a1_valid_q && a1_q_q == lring_q && a1_gen_q != l_an.gen;

  // the run of valid slots in ring order from the next index (capped at the valid count)
  always_comb begin
    logic                 run;
    logic [SlotWidth-1:0] m, slot;
    m     = SlotWidth'(ring_mask(lk_log2_i));
    run   = 1'b1;
    l_run = '0;
    for (int j = 0; j < DC; j++) begin
      slot = (SlotWidth'(l_cidx) + SlotWidth'(j)) & m;
      run  = run && l_vb[slot];
      if (run) l_run = CW'(j + 1);
    end
  end

  assign lk_live_o = l_on && (l_inv_now ? a1_gen_q : l_an.gen) == lk_gen_i;
  assign lk_cnt_o  = l_inv_now ? '0 : (l_run < l_vcnt) ? l_run : l_vcnt;
  assign lk_idx_o  = l_cidx;

  always_comb begin
    us_we    = use_valid_i;
    us_wa    = lring_q;
    us_wd.u   = l_us.u + use_n_i;
    us_wd.ci  = (l_cidx + 12'(use_n_i)) & ring_mask(use_log2_i);
    us_wd.ack = l_an.tog;
    if (walk_q) begin
      us_we = 1'b1;
      us_wa = wptr_q;
      us_wd = '0;
    end
  end

  logic unused_q;
  assign unused_q = ^{ard_q_i, work_q_i, use_q_i,  // rings that exist (bits above QW)
                      l_us_n.ci, t_an_n.tog, t_an_n.x, t_an_n.gen};  // fields not read there

  // ---------------------------------------------------------------------------------------
  // Wake FIFOs: parked rings named by an event (release, done, register write)
  // ---------------------------------------------------------------------------------------
  logic [NumQp-1:0]   park_q, park_d;    // popped, not served, waiting to wake
  logic [NumQp-1:0]   touch_q, touch_d;  // register write since the last TAKE
  logic [2:0]         wk_push, wk_in_ready, wk_valid, wk_pop;
  logic [2:0][7:0]    wk_in, wk_out;
  logic [2:0][$clog2(WakeDepth + 2)-1:0] wk_count;
  logic [QW-1:0]      wq;
  logic               w_in;

  assign wq   = QW'(regw_q_i);
  assign w_in = regw_valid_i && 32'(regw_q_i) < NumQp;

  always_comb begin
    wk_push  = '0;
    wk_in[0] = 8'(r1_q_q);
    wk_in[1] = 8'(d1_q_q);
    wk_in[2] = 8'(wq);
    wk_push[0] = r1_valid_q && park_q[r1_q_q];
    wk_push[1] = d1_valid_q && park_q[d1_q_q] && !(wk_push[0] && r1_q_q == d1_q_q);
    wk_push[2] = w_in && park_q[wq] && !(wk_push[0] && r1_q_q == wq) &&
                 !(wk_push[1] && d1_q_q == wq);
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
  logic                cand_valid_q, cand_valid_d;
  logic                tk_valid_q, tk_valid_d;
  logic [4:0]          tk_n_q, tk_n_d;
  logic                tk_wait_q, tk_wait_d;        // TAKE accepted, answer not handled yet
  logic [OutstW-1:0]   outst_q, outst_d;
  logic                req_valid_q, req_valid_d;
  logic                req_hold_q, req_hold_d;      // wait for held slots to go
  logic [63:0]         req_addr_q, req_addr_d;
  logic [13:0]         req_len_q, req_len_d;
  logic [6:0]          req_func_q, req_func_d;
  logic [15:0]         req_cookie_q, req_cookie_d;

  logic [3:0] src_req, src_gnt;
  logic [1:0] src_idx;
  logic       src_any, pick;
  logic       pipe_free;
  logic [QW-1:0] pick_q;

  assign pipe_free = !walk_q && !cand_valid_q && !tk_valid_q && !tk_wait_q && !req_valid_q &&
                     32'(outst_q) < MaxOutst;
  assign src_req   = {wk_valid, work_valid_i} & {4{pipe_free}};
  assign pick      = src_any;
  assign pick_q    = (src_idx == 2'd0) ? QW'(work_q_i) : QW'(wk_out[2'(src_idx - 2'd1)]);
  assign cand_d    = pick ? pick_q : cand_q;

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

  // ---------------------------------------------------------------------------------------
  // Answers (the cycle after they arrive): a new gen empties the ring's cache; a TAKE's
  // descriptors become a refill MRd. The ring's words come from the refill copy (TAKE) or the
  // dispatch copy (READ), after this cycle's done and use (as if those came first)
  // ---------------------------------------------------------------------------------------
  done_w_t       x_dn;
  logic [CW-1:0] x_u, x_held;
  logic          x_ack;
  ans_w_t        x_an;
  logic          a_inv, a_tok, t_empty;

  assign x_dn   = a1_take_q ? t_dn_n : l_dn_n;
  assign x_u    = a1_take_q ? t_us_n.u : l_us_n.u;
  assign x_ack  = a1_take_q ? t_us_n.ack : l_us_n.ack;
  assign x_an   = a1_take_q ? t_an : l_an;
  assign x_held = t_us_n.u - t_rl_n;   // TAKE answers only (refill copy)

  always_comb begin
    logic [CW-1:0] pend, vcnt;
    a_inv   = a1_valid_q && a1_gen_q != x_an.gen;
    a_tok   = a1_valid_q && a1_take_q && a1_ok_q;
    pend    = x_an.kp - x_dn.dok - x_dn.derr;
    vcnt    = x_dn.dok - x_u - x_an.vz;
    t_empty = a_inv || (pend == '0 && vcnt == '0);

    an_wd     = x_an;
    an_wd.gen = a1_gen_q;
    if (a_inv) begin
      an_wd.kp = x_dn.dok + x_dn.derr;   // pending 0
      an_wd.vz = x_dn.dok - x_u;         // valid 0
    end
    if (a_tok) begin
      an_wd.kp = an_wd.kp + CW'(a1_n_q);
      an_wd.x  = (x_an.x & ~slot_run(SlotWidth'(a1_idx_q), CW'(a1_n_q))) |
                 (x_dn.s & slot_run(SlotWidth'(a1_idx_q), CW'(a1_n_q)));
      if (t_empty) an_wd.tog = !x_ack;   // resync: the next index is FETCH
    end
    an_we = a_inv || a_tok;
    an_wa = a1_q_q;
    rs_we = a_tok && t_empty;
    rs_wa = a1_q_q;
    rs_wd = a1_idx_q;
    if (walk_q) begin
      an_we = 1'b1;
      an_wa = wptr_q;
      an_wd = '0;
      rs_we = 1'b0;
    end
  end

  assign len_we = a_tok;
  assign len_wa = {a1_q_q, SlotWidth'(a1_idx_q)};

  // ---------------------------------------------------------------------------------------
  // Refill pipeline (refill copy: the candidate's ring, until its MRd is sent)
  // ---------------------------------------------------------------------------------------
  logic          tk_fire;
  logic [CW-1:0] c_occ, c_pend;
  logic          c_touch, c_park;

  assign tk_fire = tk_valid_q && tk_ready_i;
  // the candidate sees this cycle's events (the words after this cycle's writes)
  assign c_occ   = t_an_n.kp - t_an_n.vz - t_dn_n.derr - t_rl_n;
  assign c_pend  = t_an_n.kp - t_dn_n.dok - t_dn_n.derr;
  assign c_touch = (touch_q[cand_q] && !tk_fire) ||
                   (w_in && wq == cand_q);

  always_comb begin
    logic [CW-1:0] cfree;
    logic serve;

    cand_valid_d = cand_valid_q;
    c_park       = 1'b0;
    tk_valid_d   = tk_valid_q && !tk_ready_i;
    tk_n_d       = tk_n_q;
    tk_wait_d    = tk_wait_q || tk_fire;
    outst_d      = outst_q - OutstW'(d1_valid_q);
    req_valid_d  = req_valid_q && !(drd_req_valid_o && drd_req_ready_i);
    req_hold_d   = req_hold_q;
    req_addr_d   = req_addr_q;
    req_len_d    = req_len_q;
    req_func_d   = req_func_q;
    req_cookie_d = req_cookie_q;
    cfree        = '0;
    serve        = 1'b0;

    if (a1_valid_q && a1_take_q) begin
      tk_wait_d = 1'b0;
      if (a1_ok_q) begin
        outst_d      = outst_d + 1'b1;
        req_valid_d  = 1'b1;
        req_hold_d   = a_inv && x_held != '0;
      end
    end
    // the request's fields come with the TAKE answer (no request is pending then)
    if (a_arr && ans_take_i) begin
      req_addr_d   = ans_base_i + {48'h0, ans_idx_i, 4'h0};
      req_len_d    = 14'({ans_n_i, 4'h0});
      req_func_d   = ans_owner;
      req_cookie_d = {4'(ans_idx_i[SlotWidth-1:0]), ans_gen_i, ans_q_i};
    end
    // the MRd of a new gen waits until the builder has read the old gen's held slots
    if (req_hold_q && t_us.u == t_rl) begin
      req_hold_d = 1'b0;
    end

    // the candidate: TAKE its free places, or park it (seeing this cycle's events)
    if (cand_valid_q) begin
      cand_valid_d = 1'b0;
      cfree = CW'(DescCache) - c_occ;
      serve = cfree != '0 && (32'(cfree) >= RefillMin || c_pend == '0);
      if (serve || c_touch) begin
        tk_valid_d = 1'b1;
        tk_n_d     = serve ? 5'(cfree) : 5'd0;
      end else begin
        c_park = 1'b1;
      end
    end
    if (pick) begin
      cand_valid_d = 1'b1;
    end
  end

  // park and touch bits, written by index
  always_comb begin
    park_d  = park_q;
    touch_d = touch_q;
    // events wake parked rings
    for (int i = 0; i < 3; i++) begin
      if (wk_push[i]) park_d[QW'(wk_in[i])] = 1'b0;
    end
    if (c_park) begin
      park_d[cand_q] = 1'b1;
    end
    // a function reset clears a parked ring's QUEUED in vfnic_rings, so its next doorbell
    // queues it again: coming out of the work FIFO it is a candidate, no longer parked
    if (pick && src_idx == 2'd0) begin
      park_d[QW'(work_q_i)] = 1'b0;
    end
    // a TAKE sees every register write acked before it; later ones touch the ring again
    if (tk_fire) begin
      touch_d[cand_q] = 1'b0;
    end
    if (w_in) begin
      touch_d[wq] = 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      lring_q      <= '0;
      park_q       <= '0;
      cand_valid_q <= 1'b0;
      cand_q       <= '0;
      touch_q      <= '0;
      tk_valid_q   <= 1'b0;
      tk_n_q       <= '0;
      tk_wait_q    <= 1'b0;
      outst_q      <= '0;
      req_valid_q  <= 1'b0;
      req_hold_q   <= 1'b0;
      req_addr_q   <= '0;
      req_len_q    <= '0;
      req_func_q   <= '0;
      req_cookie_q <= '0;
    end else begin
      lring_q      <= lring_d;
      park_q       <= park_d;
      cand_valid_q <= cand_valid_d;
      cand_q       <= cand_d;
      touch_q      <= touch_d;
      tk_valid_q   <= tk_valid_d;
      tk_n_q       <= tk_n_d;
      tk_wait_q    <= tk_wait_d;
      outst_q      <= outst_d;
      req_valid_q  <= req_valid_d;
      req_hold_q   <= req_hold_d;
      req_addr_q   <= req_addr_d;
      req_len_q    <= req_len_d;
      req_func_q   <= req_func_d;
      req_cookie_q <= req_cookie_d;
    end
  end

  assign tk_valid_o       = tk_valid_q;
  assign tk_q_o           = 8'(cand_q);
  assign tk_n_o           = tk_n_q;
  assign drd_req_valid_o  = req_valid_q && !req_hold_q;
  assign drd_req_addr_o   = req_addr_q;
  assign drd_req_len_o    = req_len_q;
  assign drd_req_func_o   = req_func_q;
  assign drd_req_cookie_o = req_cookie_q;
  assign idle_o           = !walk_q && !req_valid_q && outst_q == '0 && !cand_valid_q &&
                            !tk_valid_q && !tk_wait_q && !work_valid_i && wk_count == '0 &&
                            ef_count == '0 && !c1_valid_q && !d1_valid_q && !r1_valid_q &&
                            !a1_valid_q;

`ifndef SYNTHESIS
`ifndef FORMAL  // Yosys' formal read has no runtime $error
  // (checked out of reset only: before the first reset edge the registers hold their initial
  // values; the reset is asynchronous here as in the registers above)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
    end else begin
      if (d_match && d1_err_q && !ef_in_ready) begin
        $error("vfnic_rxq_dcache: error FIFO full");
      end
      if (wk_push != (wk_push & wk_in_ready)) begin
        $error("vfnic_rxq_dcache: wake FIFO full (a ring woken twice)");
      end
      if (use_valid_i && use_q_i != 8'(lring_q)) begin
        $error("vfnic_rxq_dcache: use of ring %0d, the latest READ answer was ring %0d",
               use_q_i, lring_q);
      end
      if (a_arr && ans_take_i && req_valid_q) begin
        $error("vfnic_rxq_dcache: TAKE answer while a refill request is pending");
      end
      if (a1_valid_q && a1_take_q && (!tk_wait_q || a1_q_q != cand_q)) begin
        $error("vfnic_rxq_dcache: TAKE answer for ring %0d, no TAKE of it in flight", a1_q_q);
      end
    end
  end
`endif
`endif

endmodule

`default_nettype wire
