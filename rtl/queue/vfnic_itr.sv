// SPDX-License-Identifier: MIT
// Interrupt moderation (docs/datapath.md "Interrupt moderation", docs/datapath-blocks.md
// "Interrupt moderation — vfnic_itr"): per MSI-X vector of every function, the ITR registers
// INTERVAL and PKTS and the events not yet raised; turns ring events from vfnic_txq and
// vfnic_rxq into raise requests to the MSI-X blocks. State in memories, work driven by events
// (docs/rtl-structure.md): the cost of a cycle does not depend on the number of vectors.
//
// Ports:
//   parameter NumFuncs (1..65), PfVectors = PF_MSIX_VECTORS, VfVectors = VF_MSIX_VECTORS,
//             UnitLog2 = ITR_UNIT_LOG2 (interval unit 2^UnitLog2 cycles)
//   register port (docs/rtl-structure.md "Register port"; ITR[vec] of function func):
//     reg_req_i (held with the other inputs until the ack), reg_we_i, [6:0] reg_func_i,
//     [11:0] reg_vec_i, [3:2] reg_off_i (0 INTERVAL, 1 PKTS; 2, 3 are holes), [3:0] reg_be_i,
//     [31:0] reg_wdata_i
//     reg_ack_o    two cycles after the request (cycle 0 registers it, cycle 1 reads the
//                  configuration word, cycle 2 answers and writes); a new request may follow
//                  in the cycle after the ack
//     reg_hit_o, reg_rdata_o   with the ack: the register exists (func < NumFuncs, vec below
//                  the function's vector count, off 0/1); INTERVAL.UNITS (15:0) or
//                  PKTS.COUNT (7:0), 0 for a hole; writes elsewhere are ignored
//   tx_irq_valid_i, [6:0] tx_irq_func_i, [11:0] tx_irq_vec_i   events (vfnic_txq)
//   rx_irq_valid_i, [6:0] rx_irq_func_i, [11:0] rx_irq_vec_i   events (vfnic_rxq); both ports
//                  may fire in every cycle, also for the same vector (counts 2); an event for
//                  a vector the function does not have is ignored
//   raise_valid_o, [6:0] raise_func_o, [11:0] raise_vec_o; raise_ready_i   raise requests to
//                  the MSI-X blocks (AXI-Stream rules: held stable until accepted)
//   busy_o       a vector is pending (queued), an event or register access is in flight, a
//                  raise waits on the output, or the initialisation walk runs: time must keep
//                  running (the model stops the clock while the core is idle)
//   [NumFuncs-1:0] freset_i   function reset (several bits at once allowed): the function's
//                  vectors go back to their reset state (INTERVAL = PKTS = 0, no events, no
//                  interval running); events of the function in that cycle or the cycle
//                  before, and its register write acked in that cycle, are dropped. A raise
//                  already on raise_*_o stays there until accepted (its acceptance starts no
//                  interval).
//
// Rule: an event counts for its vector (saturating at 255 events not yet raised). A vector
// with events is raised when INTERVAL = 0, or INTERVAL units have elapsed since its last
// raise was accepted, or PKTS != 0 and its count >= PKTS. Raising (loading raise_*_o) clears
// the count; the acceptance (raise_valid_o && raise_ready_i) restarts the interval, so two
// accepted raises of a vector are never closer than INTERVAL * 2^UnitLog2 cycles (PKTS
// aside). INTERVAL and PKTS may change at any time; the new values apply from the vector's
// next check (a check that read the word in the cycle of the write still uses the old ones).
// Fast path (moderation off): an event (cycle e) for a vector whose INTERVAL is 0 (after the
// register write of cycle e; PKTS is then irrelevant) is raised directly — loaded at the end
// of cycle e+1, on raise_*_o from e+2 — when in e+1 the output register is free (empty or
// being accepted) and the checker loads nothing; of two such events the tx one wins; an event
// not raised this way counts as above. One raise per event at up to one event per cycle.
//
// Implementation. Vectors are numbered PF 0..PfVectors-1, then VfVectors per VF (NumVec =
// PfVectors + VfVectors*(NumFuncs-1): 40 for 9 functions, 264 for 65). All per-vector state is
// in vfnic_ram_1r1w (registered read, one write port), each memory with a single writer:
//   - per event port: a free-running 16-bit event counter per vector (two copies: one read
//     by the port's read-modify-write pipeline, one by the checker) and a copy of INTERVAL
//     (the fast path). Port pipeline: E0 reads the counter and INTERVAL, E1 adds one and
//     writes back (forwarding the word written in E0: back-to-back events of a vector) or
//     takes the fast path. The two ports own separate counters, so they never conflict.
//   - configuration {INTERVAL, PKTS}: written by the register port, copies read by the
//     register port, the checker and the two event ports.
//   - checker state {base_tx, base_rx, acc}: the counters seen at the last check and the
//     events not yet raised (count = acc + (cnt_tx - base_tx) + (cnt_rx - base_rx)).
//   - acceptance stamps {set, inside a unit, units}: written at acceptance. Units count
//     2^UnitLog2 cycles in UnitsW = 58 bits: they wrap only after 2^(58+UnitLog2) cycles
//     (> 3000 years at 156.25 MHz), so an old stamp never looks recent and no sweep is needed.
//   Every word carries the generation of its function when written and reads as reset when
//   it differs from the function's current generation (GenW = 16 bits, incremented where
//   freset_i rises, for all functions at once: the low 6 bits are bit planes of one flop per
//   function, the high 10 bits small memories per reader that a walker over the functions
//   updates when a low part wraps; see "function generations" below). A stale word could
//   look current only after 2^16 resets of its function without a write to it. The raise on
//   the output keeps the generation it was loaded with (for its acceptance stamp).
//   After rst_ni an initialisation walk writes every word once (NumVec cycles; events are
//   dropped and the register port does not ack meanwhile).
// Work: an event that counts pushes its vector into its port's FIFO of pending vectors
// (vfnic_fifo, depth >= NumVec) unless the vector is queued already (one bit per vector:
// the XOR of three toggle bitmaps in memories, one per writer: each event port's pushes, the
// checker letting vectors go; read by each port in E0 and by the checker). The checker takes
// one vector per cycle from the three FIFOs (tx, rx, re-queue; vfnic_arb_rr): C0 reads its
// words, C1 decides. Due: raised if the output is free, else C1 holds it until the output is
// free (so the checker has priority over the fast path and raises under backpressure go in
// FIFO order). Not due but pending: the counts are folded into acc and the vector goes to
// the re-queue FIFO. Events that arrived while the vector was being read (E1 writes in C0
// and C1, compared with the checker's vector) also re-queue it, so none is lost; otherwise
// its queued bit is cleared.
// Latency: a due vector is checked within one lap (each queued vector popped once, at most
// 3 cycles each: < 3*NumVec + 8 cycles in which the output is free), two laps when an event
// arrives while it is being read, plus up to 2^UnitLog2 - 1 cycles of unit rounding when the
// interval is what it waits for: bound 6*NumVec + 2^UnitLog2 + 16 free-output cycles (checked
// by tb/itr).
`default_nettype none

module vfnic_itr #(
  parameter int unsigned NumFuncs  = 9,                       // routing functions (PF + VFs)
  parameter int unsigned PfVectors = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),  // of the PF
  parameter int unsigned VfVectors = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),  // of each VF
  parameter int unsigned UnitLog2  = 32'(vfnic_regs_pkg::ITR_UNIT_LOG2)     // 2^n cycles
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [63:0]         now_i,      // cycle counter (vfnic_dp's time base)

  input  logic                reg_req_i,
  input  logic                reg_we_i,
  input  logic [6:0]          reg_func_i,
  input  logic [11:0]         reg_vec_i,
  input  logic [3:2]          reg_off_i,
  input  logic [3:0]          reg_be_i,
  input  logic [31:0]         reg_wdata_i,
  output logic                reg_ack_o,
  output logic [31:0]         reg_rdata_o,
  output logic                reg_hit_o,

  input  logic                tx_irq_valid_i,
  input  logic [6:0]          tx_irq_func_i,
  input  logic [11:0]         tx_irq_vec_i,
  input  logic                rx_irq_valid_i,
  input  logic [6:0]          rx_irq_func_i,
  input  logic [11:0]         rx_irq_vec_i,

  output logic                raise_valid_o,
  output logic [6:0]          raise_func_o,
  output logic [11:0]         raise_vec_o,
  input  logic                raise_ready_i,

  input  logic [NumFuncs-1:0] freset_i,
  output logic                busy_o
);

  logic clk_g;  // clk_i, stopped in the model while the block has nothing to do (end)


  localparam int unsigned NumVec  = PfVectors + VfVectors * (NumFuncs - 1);
  localparam int unsigned VecW    = (NumVec > 1) ? $clog2(NumVec) : 1;
  localparam int unsigned FifoD   = (NumVec > 2) ? (1 << $clog2(NumVec)) : 2;  // >= NumVec
  localparam int unsigned GenW    = 16;   // function generation
  localparam int unsigned CntW    = 16;   // per-port free-running event counters
  localparam int unsigned UnitsW  = 58;   // units: 2^(58+UnitLog2) cycles never wrap
  localparam int unsigned PreW    = (UnitLog2 > 0) ? UnitLog2 : 1;
  localparam int unsigned FuncW   = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;

  localparam int unsigned CfgW    = GenW + 16 + 8;            // {gen, INTERVAL, PKTS}
  localparam int unsigned IntW    = GenW + 16;                // {gen, INTERVAL}
  localparam int unsigned CW      = GenW + CntW;              // {gen, count}
  localparam int unsigned StW     = GenW + 2 * CntW + 8;      // {gen, base_tx, base_rx, acc}
  localparam int unsigned StampMW = GenW + 2 + UnitsW;        // {gen, set, inside a unit, units}

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumFuncs < 1 || NumFuncs > 65) begin : gen_funcs_check
    $error("NumFuncs must be 1..65 (PF + 64 VFs)");
  end
  if (PfVectors < 1 || PfVectors > vfnic_regs_pkg::ITR_COUNT || VfVectors < 1 || VfVectors > vfnic_regs_pkg::ITR_COUNT)
  begin : gen_vec_check
    $error("PfVectors and VfVectors must be 1..vfnic_regs_pkg::ITR_COUNT");
  end
  if (UnitLog2 < 1 || UnitLog2 > 16) begin : gen_unit_check
    $error("UnitLog2 must be 1..16");
  end
`endif

  // number of function f's vectors / global index of its vector v
  function automatic int unsigned vec_count(logic [6:0] f);
    vec_count = (f == 7'd0) ? PfVectors : VfVectors;
  endfunction

  function automatic logic [VecW-1:0] vec_index(logic [6:0] f, logic [11:0] v);
    if (f == 7'd0) begin
      vec_index = VecW'(v);
    end else begin
      vec_index = VecW'(PfVectors + VfVectors * (32'(f) - 1) + 32'(v));
    end
  endfunction

  function automatic logic f_reset(logic [NumFuncs-1:0] r, logic [FuncW-1:0] f);
    f_reset = r[f];
  endfunction

  // ---- initialisation walk after rst_ni: every word of every memory written once ----
  // (memories are not reset; the generations start at 0, so every word must hold a reset
  // word of generation 0 before it is used; the first NumFuncs cycles also write the high
  // generation words 0). NumVec cycles; events are dropped and the
  // register port does not ack meanwhile.
  logic            init_q;
  logic [VecW-1:0] init_ptr_q;

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      init_q     <= 1'b1;
      init_ptr_q <= '0;
    end else if (init_q) begin
      init_ptr_q <= init_ptr_q + 1'b1;
      if (32'(init_ptr_q) == NumVec - 1) begin
        init_q <= 1'b0;
      end
    end
  end

  // ---- function generations ----
  // A function reset adds one to the generation of every function whose freset_i bit rises;
  // every memory word carries the generation it was written under and reads as reset when
  // that is not its function's current generation. While the bit stays high (every VF while
  // VF Enable is clear) the function's events, accesses and stamps are dropped, so nothing is
  // written under the new generation until the reset ends; counting once per reset (not once
  // per cycle of it) keeps a long reset from wrapping the generation back onto old words.
  // A generation is {high, low}: the GenLoW low bits are bit planes of one flop per function,
  // incremented where freset_i rises (a ripple-carry add over the planes, all functions at
  // once); the high part of every function is in small memories, one copy per reader (the
  // register port, each event port, the checker, the walker below), read a cycle ahead like
  // the words it is compared with. A carry out of the low part marks the function in
  // gen_pend_q (its high part is one more than the memories hold) and a walker stepping over
  // the functions one per cycle adds it to the memories: it reads its copy (W0), writes every
  // copy (W1) and clears the mark a cycle later (W2), so a reader sees memory + mark = the
  // current high part in every cycle. A mark is cleared within NumFuncs + 2 cycles; the next
  // carry of the function needs 2^GenLoW more resets, at least 2^(GenLoW+1) cycles (a reset
  // rises at most every other cycle), so a mark never has to count two. Same generations, in
  // the same cycles, as GenW planes of flops, but a reader muxes GenLoW + 1 bits by function
  // (NumFuncs-input muxes, the bulk of the area) instead of GenW.
  localparam int unsigned GenLoW = 6;
  localparam int unsigned GenHiW = GenW - GenLoW;
  logic [GenLoW-1:0][NumFuncs-1:0] gen_lo_q, gen_lo_d;
  logic [NumFuncs-1:0]             freset_q;    // freset_i of the cycle before
  logic [NumFuncs-1:0]             gen_wrap;    // the low part wraps this cycle
  logic [NumFuncs-1:0]             gen_pend_q;  // high part one more than in the memories

`ifndef __ICARUS__
  if (NumFuncs + 3 > (1 << (GenLoW + 1))) begin : gen_walk_check
    $error("the generation walker must visit every function within 2^(GenLoW+1) - 2 cycles");
  end
`endif

  always_comb begin
    logic [NumFuncs-1:0] carry;
    carry = freset_i & ~freset_q;
    for (int unsigned k = 0; k < GenLoW; k++) begin
      gen_lo_d[k] = gen_lo_q[k] ^ carry;
      carry       = carry & gen_lo_q[k];
    end
    gen_wrap = carry;
  end

  // the current generation of function f from its copy's high word (read in the cycle
  // before), the low planes and the marks (callers pass function numbers below NumFuncs: the
  // events and register accesses checked, the rest derived from vector indices)
  function automatic logic [GenW-1:0] gen_of(logic [GenHiW-1:0] hi,
                                             logic [GenLoW*NumFuncs-1:0] lo,
                                             logic [NumFuncs-1:0] pend, logic [FuncW-1:0] f);
    // bit plane k first (a constant slice once the loop unrolls), then function f in it: a
    // NumFuncs-input mux per bit
    logic [NumFuncs-1:0] plane;
    for (int unsigned k = 0; k < GenLoW; k++) begin
      plane     = lo[k * NumFuncs +: NumFuncs];
      gen_of[k] = plane[f];
    end
    gen_of[GenW-1:GenLoW] = hi + GenHiW'(pend[f]);
  endfunction

  // walker: a pointer over the functions (after the initialisation walk has written their
  // high words); a marked function is read in W0, written in W1, unmarked in W2
  logic [FuncW-1:0]  gw_ptr_q;
  logic              gw_hi_init, gw0, gw1_q, gw2_q;
  logic [FuncW-1:0]  gw1_f_q, gw2_f_q;
  logic [GenHiW-1:0] gw_rdata;
  logic              gh_we;
  logic [FuncW-1:0]  gh_waddr;
  logic [GenHiW-1:0] gh_wdata;

  assign gw_hi_init = init_q && 32'(init_ptr_q) < NumFuncs;
  assign gw0        = !gw_hi_init && f_reset(gen_pend_q, gw_ptr_q) &&
                      !(gw1_q && gw1_f_q == gw_ptr_q) && !(gw2_q && gw2_f_q == gw_ptr_q);
  assign gh_we      = gw1_q || gw_hi_init;
  assign gh_waddr   = gw1_q ? gw1_f_q : FuncW'(init_ptr_q);
  assign gh_wdata   = gw1_q ? gw_rdata + 1'b1 : '0;

  vfnic_ram_1r1w #(.Width(GenHiW), .Depth(NumFuncs)) u_gen_w (
    .clk_i(clk_g), .we_i(gh_we), .waddr_i(gh_waddr), .wdata_i(gh_wdata),
    .re_i(gw0), .raddr_i(gw_ptr_q), .rdata_o(gw_rdata));

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      gen_lo_q   <= '0;
      gen_pend_q <= '0;
      freset_q   <= '0;
      gw_ptr_q   <= '0;
      gw1_q      <= 1'b0;
      gw2_q      <= 1'b0;
      gw1_f_q    <= '0;
      gw2_f_q    <= '0;
    end else begin
      gen_lo_q   <= gen_lo_d;
      freset_q   <= freset_i;
      gen_pend_q <= (gen_pend_q & ~(NumFuncs'(gw2_q) << gw2_f_q)) | gen_wrap;
      if (!gw_hi_init) begin
        gw_ptr_q <= (32'(gw_ptr_q) == NumFuncs - 1) ? '0 : gw_ptr_q + 1'b1;
      end
      gw1_q   <= gw0;
      gw1_f_q <= gw_ptr_q;
      gw2_q   <= gw1_q;
      gw2_f_q <= gw1_f_q;
    end
  end

  // ---- time: units of 2^UnitLog2 cycles of now_i (they do not wrap in practice) ----
  logic [PreW-1:0]   pre_q;
  logic [UnitsW-1:0] units_q;
  assign pre_q   = PreW'(now_i & ((64'd1 << UnitLog2) - 64'd1));
  assign units_q = UnitsW'(now_i >> UnitLog2);

  // ---- output register ----
  logic              out_valid_q, out_stale_q;
  logic [VecW-1:0]   out_idx_q;
  logic [6:0]        out_func_q;
  logic [11:0]       out_vec_q;
  // the generation of the raise's function when it was loaded (C1 or E1 of a function not
  // reset in that cycle); it is still current at an acceptance that writes a stamp, as a
  // rise of the function's reset in between makes the raise stale (no stamp)
  logic [GenW-1:0]   out_gen_q;
  logic              slot_free, accept;

  assign accept    = out_valid_q && raise_ready_i;
  assign slot_free = !out_valid_q || raise_ready_i;

  // ======================================================================================
  // Register port: cycle 0 latches the request, cycle 1 reads the configuration word,
  // cycle 2 answers (ack) and writes the merged word into every copy.
  // ======================================================================================
  logic [1:0]      rq_st_q;        // 0 idle, 1 read, 2 answer
  logic            rq_we_q, rq_ok_q, rq_off_q;
  logic [FuncW-1:0] rq_func_q;
  logic [VecW-1:0] rq_idx_q;
  logic [1:0]      rq_be_q;
  logic [23:0]     rq_wdata_q;
  logic [CfgW-1:0] cfg_r_rdata;
  logic [GenW-1:0] rq_gen;
  logic [15:0]     rq_interval;
  logic [7:0]      rq_pkts;
  logic            cfg_we;
  logic [CfgW-1:0] cfg_wdata;
  logic [15:0]     cfg_w_interval;
  logic [7:0]      cfg_w_pkts;
  logic            unused_wdata;

  assign unused_wdata = ^{reg_wdata_i[31:24], rq_wdata_q[23:16], reg_be_i[3:2]};

  logic [GenHiW-1:0] rq_hi;
  vfnic_ram_1r1w #(.Width(GenHiW), .Depth(NumFuncs)) u_gen_r (
    .clk_i(clk_g), .we_i(gh_we), .waddr_i(gh_waddr), .wdata_i(gh_wdata),
    .re_i(rq_st_q == 2'd1), .raddr_i(rq_func_q), .rdata_o(rq_hi));
  assign rq_gen      = gen_of(rq_hi, gen_lo_q, gen_pend_q, rq_func_q);
  assign rq_interval = (cfg_r_rdata[CfgW-1 -: GenW] == rq_gen) ? cfg_r_rdata[23:8] : 16'd0;
  assign rq_pkts     = (cfg_r_rdata[CfgW-1 -: GenW] == rq_gen) ? cfg_r_rdata[7:0] : 8'd0;

  assign cfg_w_interval = rq_off_q ? rq_interval :
                          {rq_be_q[1] ? rq_wdata_q[15:8] : rq_interval[15:8],
                           rq_be_q[0] ? rq_wdata_q[7:0] : rq_interval[7:0]};
  assign cfg_w_pkts     = (rq_off_q && rq_be_q[0]) ? rq_wdata_q[7:0] : rq_pkts;
  assign cfg_we    = rq_st_q == 2'd2 && rq_we_q && rq_ok_q &&
                     !f_reset(freset_i, rq_func_q);
  assign cfg_wdata = {rq_gen, cfg_w_interval, cfg_w_pkts};

  // the configuration copies' write port (the register port, or the initialisation walk)
  logic            cfg_wen;
  logic [VecW-1:0] cfg_waddr;
  logic [CfgW-1:0] cfg_wword;
  assign cfg_wen   = cfg_we || init_q;
  assign cfg_waddr = init_q ? init_ptr_q : rq_idx_q;
  assign cfg_wword = init_q ? '0 : cfg_wdata;

  assign reg_ack_o   = rq_st_q == 2'd2;
  assign reg_hit_o   = rq_st_q == 2'd2 && rq_ok_q;
  assign reg_rdata_o = (rq_st_q == 2'd2 && rq_ok_q) ?
                       (rq_off_q ? {24'd0, rq_pkts} : {16'd0, rq_interval}) : 32'd0;

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      rq_st_q    <= 2'd0;
      rq_we_q    <= 1'b0;
      rq_ok_q    <= 1'b0;
      rq_off_q   <= 1'b0;
      rq_func_q  <= '0;
      rq_idx_q   <= '0;
      rq_be_q    <= '0;
      rq_wdata_q <= '0;
    end else begin
      case (rq_st_q)
        2'd0: if (reg_req_i && !init_q) begin
          rq_st_q    <= 2'd1;
          rq_we_q    <= reg_we_i;
          rq_ok_q    <= 32'(reg_func_i) < NumFuncs && 32'(reg_vec_i) < vec_count(reg_func_i) &&
                        !reg_off_i[3];
          rq_off_q   <= reg_off_i[2];
          rq_func_q  <= FuncW'(reg_func_i);
          rq_idx_q   <= vec_index(reg_func_i, reg_vec_i);
          rq_be_q    <= reg_be_i[1:0];
          rq_wdata_q <= reg_wdata_i[23:0];
        end
        2'd1:    rq_st_q <= 2'd2;
        default: rq_st_q <= 2'd0;
      endcase
    end
  end

  // configuration copies, all written by the register port: one read by the register port,
  // one by the checker, and INTERVAL for each event port (the fast path)
  logic [CfgW-1:0] cfg_c_rdata;
  logic [IntW-1:0] int_rdata [2];

  vfnic_ram_1r1w #(.Width(CfgW), .Depth(NumVec)) u_cfg_r (
    .clk_i(clk_g), .we_i(cfg_wen), .waddr_i(cfg_waddr), .wdata_i(cfg_wword),
    .re_i(rq_st_q == 2'd1), .raddr_i(rq_idx_q), .rdata_o(cfg_r_rdata));

  // ======================================================================================
  // Event ports: E0 reads the port's counter word (and INTERVAL), E1 takes the fast path or
  // adds one and writes it back; a vector that is not queued yet is pushed into the port's
  // FIFO of pending vectors. Each port owns its counters (no write conflict between ports).
  // ======================================================================================
  logic [1:0]           ev_in_valid;
  logic [1:0][6:0]      ev_in_func;
  logic [1:0][11:0]     ev_in_vec;
  logic [1:0]           e1_valid_q;
  logic [1:0][VecW-1:0] e1_idx_q;
  logic [1:0][6:0]      e1_func_q;
  logic [1:0][11:0]     e1_vec_q;
  logic [1:0]           cw_valid_q;        // the counter write of the last cycle (forwarding)
  logic [1:0][VecW-1:0] cw_idx_q;
  logic [1:0][CW-1:0]   cw_word_q;
  logic                 iw_valid_q;        // the configuration write of the last cycle
  logic [VecW-1:0]      iw_idx_q;
  logic [IntW-1:0]      iw_word_q;
  logic [CW-1:0]        cnt_a_rdata [2];
  logic [CW-1:0]        cnt_b_rdata [2];
  logic [1:0]           e1_fast_ok, e1_fast, e1_count;
  logic [1:0][CW-1:0]   e1_word;           // new counter word
  logic [1:0][GenW-1:0] e1_gen;            // the generation of the event's function
  logic [1:0]           push_ev;
  logic                 push_tx, push_rx;
  logic [1:0]           fifo_in_ready;
  // queued (in a FIFO or in the checker) = qt[0] ^ qt[1] ^ qt[2] per vector: three toggle
  // bitmaps in memories, each with a single writer (0: tx pushes, 1: rx pushes, 2: the
  // checker letting a vector go); a writer flips its bit, so it sets or clears the vector's
  // queued state. Words of 4 vectors (distributed RAM is 4 bits wide): a writer writes back
  // the word it read with one bit flipped. Copies: one of each per event port (read in E0
  // like the counter), qt[2] also for the checker. (A bitmap indexed by vector in flops, with
  // three write sites, cost a decoder per site per bit.)
  localparam int unsigned QtD  = (NumVec + 3) / 4;
  localparam int unsigned QtAW = (QtD > 1) ? $clog2(QtD) : 1;
  function automatic logic [QtAW-1:0] qt_word(logic [VecW-1:0] idx);
    qt_word = QtAW'(32'(idx) >> 2);
  endfunction
  function automatic logic [3:0] qt_bit(logic [1:0] pos);  // pos: the index's low 2 bits
    qt_bit = 4'd1 << pos;
  endfunction
  logic [2:0]            qt_we;            // the writes of this cycle
  logic [2:0][QtAW-1:0]  qt_waddr;
  logic [2:0][3:0]       qt_wword;
  logic [2:0]            qt_fwd_q;         // the writes of the cycle before (read-first RAM)
  logic [2:0][QtAW-1:0]  qt_fwd_addr_q;
  logic [2:0][3:0]       qt_fwd_word_q;
  logic [1:0][2:0][3:0]  qt_old;           // port p's E1 view of the bitmaps' word of its vector
  logic [1:0]            ev_queued;        // port p's vector is queued (E1)
  logic [3:0]            c_qt_rd, c_qt_old; // the checker's qt[2] word of its vector (C1)
  logic                  letgo;            // the checker lets its vector go (not queued)
  logic                 chk_load;          // the checker loads the output this cycle
  logic                 chk_re;            // the checker pops a vector (C0)
  logic [VecW-1:0]      c0_idx;
  logic [VecW-1:0]      c1_idx_q;

  assign ev_in_valid = {rx_irq_valid_i, tx_irq_valid_i};
  assign ev_in_func  = {rx_irq_func_i, tx_irq_func_i};
  assign ev_in_vec   = {rx_irq_vec_i, tx_irq_vec_i};

  for (genvar p = 0; p < 2; p++) begin : gen_port
    logic            ok;
    logic [VecW-1:0] idx;
    logic [GenW-1:0] g;
    logic [CW-1:0]   old_word;
    logic [CntW-1:0] old_cnt;
    logic [IntW-1:0] int_word;
    logic            cnt_we;
    logic [VecW-1:0] cnt_waddr;
    logic [CW-1:0]   cnt_wword;
    assign cnt_we    = e1_count[p] || init_q;
    assign cnt_waddr = init_q ? init_ptr_q : e1_idx_q[p];
    assign cnt_wword = init_q ? '0 : e1_word[p];

    assign ok  = ev_in_valid[p] && 32'(ev_in_func[p]) < NumFuncs &&
                 32'(ev_in_vec[p]) < vec_count(ev_in_func[p]) &&
                 !f_reset(freset_i, FuncW'(ev_in_func[p])) && !init_q;
    assign idx = vec_index(ev_in_func[p], ev_in_vec[p]);

    vfnic_ram_1r1w #(.Width(CW), .Depth(NumVec)) u_cnt_a (
      .clk_i(clk_g), .we_i(cnt_we), .waddr_i(cnt_waddr), .wdata_i(cnt_wword),
      .re_i(ok), .raddr_i(idx), .rdata_o(cnt_a_rdata[p]));
    vfnic_ram_1r1w #(.Width(CW), .Depth(NumVec)) u_cnt_b (
      .clk_i(clk_g), .we_i(cnt_we), .waddr_i(cnt_waddr), .wdata_i(cnt_wword),
      .re_i(chk_re), .raddr_i(c0_idx), .rdata_o(cnt_b_rdata[p]));
    vfnic_ram_1r1w #(.Width(IntW), .Depth(NumVec)) u_int (
      .clk_i(clk_g), .we_i(cfg_wen), .waddr_i(cfg_waddr), .wdata_i(cfg_wword[CfgW-1:8]),
      .re_i(ok), .raddr_i(idx), .rdata_o(int_rdata[p]));

    for (genvar b = 0; b < 3; b++) begin : gen_qt
      logic [3:0] rd;
      vfnic_ram_1r1w #(.Width(4), .Depth(QtD)) u_qt (
        .clk_i(clk_g), .we_i(qt_we[b] || init_q),
        .waddr_i(init_q ? qt_word(init_ptr_q) : qt_waddr[b]),
        .wdata_i(init_q ? 4'd0 : qt_wword[b]), .re_i(ok), .raddr_i(qt_word(idx)),
        .rdata_o(rd));
      assign qt_old[p][b] = (qt_fwd_q[b] && qt_fwd_addr_q[b] == qt_word(e1_idx_q[p])) ?
                            qt_fwd_word_q[b] : rd;
    end
    assign ev_queued[p] = |((qt_old[p][0] ^ qt_old[p][1] ^ qt_old[p][2]) &
                            qt_bit(2'(e1_idx_q[p])));

    // E1: the word read in E0, or the one this port wrote in E0 (read-first RAM)
    logic [GenHiW-1:0] hi;
    vfnic_ram_1r1w #(.Width(GenHiW), .Depth(NumFuncs)) u_gen (
      .clk_i(clk_g), .we_i(gh_we), .waddr_i(gh_waddr), .wdata_i(gh_wdata),
      .re_i(ok), .raddr_i(FuncW'(ev_in_func[p])), .rdata_o(hi));
    assign g        = gen_of(hi, gen_lo_q, gen_pend_q, FuncW'(e1_func_q[p]));
    assign e1_gen[p] = g;
    assign old_word = (cw_valid_q[p] && cw_idx_q[p] == e1_idx_q[p]) ? cw_word_q[p]
                                                                     : cnt_a_rdata[p];
    assign old_cnt  = (old_word[CW-1 -: GenW] == g) ? old_word[CntW-1:0] : '0;
    assign int_word = (iw_valid_q && iw_idx_q == e1_idx_q[p]) ? iw_word_q : int_rdata[p];
    assign e1_word[p]    = {g, old_cnt + 1'b1};
    assign e1_fast_ok[p] = e1_valid_q[p] && !f_reset(freset_i, FuncW'(e1_func_q[p])) &&
                           (int_word[IntW-1 -: GenW] != g || int_word[15:0] == 16'd0);

    always_ff @(posedge clk_g or negedge rst_ni) begin
      if (!rst_ni) begin
        e1_valid_q[p] <= 1'b0;
        e1_idx_q[p]   <= '0;
        e1_func_q[p]  <= '0;
        e1_vec_q[p]   <= '0;
        cw_valid_q[p] <= 1'b0;
        cw_idx_q[p]   <= '0;
        cw_word_q[p]  <= '0;
      end else begin
        e1_valid_q[p] <= ok;
        if (ok) begin
          e1_idx_q[p]  <= idx;
          e1_func_q[p] <= ev_in_func[p];
          e1_vec_q[p]  <= ev_in_vec[p];
        end
        cw_valid_q[p] <= e1_count[p];
        if (e1_count[p]) begin
          cw_idx_q[p]  <= e1_idx_q[p];
          cw_word_q[p] <= e1_word[p];
        end
      end
    end
  end

  // fast path: INTERVAL 0, the output free and not loaded by the checker; tx before rx
  assign e1_fast[0]  = e1_fast_ok[0] && slot_free && !chk_load;
  assign e1_fast[1]  = e1_fast_ok[1] && slot_free && !chk_load && !e1_fast_ok[0];
  // an event not raised by the fast path counts (an event of a function reset in E1 too:
  // it is written under the old generation, so it reads as reset afterwards)
  assign e1_count    = e1_valid_q & ~e1_fast;
  assign push_tx     = e1_count[0] && !ev_queued[0];
  assign push_rx     = e1_count[1] && !ev_queued[1] &&
                       !(push_tx && e1_idx_q[0] == e1_idx_q[1]);
  assign push_ev     = {push_rx, push_tx};

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      iw_valid_q <= 1'b0;
      iw_idx_q   <= '0;
      iw_word_q  <= '0;
    end else begin
      iw_valid_q <= cfg_we;
      if (cfg_we) begin
        iw_idx_q  <= rq_idx_q;
        iw_word_q <= cfg_wdata[CfgW-1:8];
      end
    end
  end

  // ======================================================================================
  // FIFOs of pending vectors (one per event port, one for vectors the checker re-queues);
  // a vector is in at most one of them (its queued bit), so none can overflow (depth >= NumVec).
  // ======================================================================================
  localparam int unsigned FCntW = $clog2(FifoD + 2);
  logic [2:0]           fq_in_valid, fq_out_valid, fq_out_ready;
  logic [2:0][VecW-1:0] fq_in_data, fq_out_data;
  logic [2:0][FCntW-1:0] fq_count;
  logic [2:0]           fq_in_ready;
  logic [2:0]           arb_gnt;
  logic [1:0]           arb_idx;
  logic                 arb_valid;
  logic                 requeue;

  assign fq_in_valid = {requeue, push_ev};
  assign fq_in_data  = {c1_idx_q, e1_idx_q[1], e1_idx_q[0]};
  assign fifo_in_ready = fq_in_ready[1:0];

  for (genvar q = 0; q < 3; q++) begin : gen_fifo
    vfnic_fifo #(.Width(VecW), .Depth(FifoD)) u_fifo (
      .clk_i(clk_g), .rst_ni, .clr_i(1'b0),
      .in_valid_i(fq_in_valid[q]), .in_ready_o(fq_in_ready[q]), .in_data_i(fq_in_data[q]),
      .out_valid_o(fq_out_valid[q]), .out_ready_i(fq_out_ready[q]),
      .out_data_o(fq_out_data[q]), .count_o(fq_count[q]));
  end

  // ======================================================================================
  // Checker: C0 pops a vector and reads its words; C1 decides. A due vector is raised if
  // the output is free, else C1 holds it (no pop) until the output is free. A vector still
  // pending after C1 (not due, or events that arrived while it was read) is re-queued.
  // ======================================================================================
  logic              c1_valid_q, c1_hit_q, c1_stall;
  logic [6:0]        c1_func_q;
  logic [11:0]       c1_vec_q;
  logic [6:0]        c0_func;
  logic [11:0]       c0_vec;
  logic [StW-1:0]    st_rdata;
  logic [StampMW-1:0] stamp_rdata;
  logic              st_we;
  logic [StW-1:0]    st_wdata;
  logic              stamp_we;
  logic [StampMW-1:0] stamp_wdata;
  logic              c1_sfwd_q;           // the stamp was written in the cycle of its read
  logic [StampMW-1:0] c1_sword_q;

  assign chk_re   = arb_valid && !c1_stall;
  assign c0_idx   = fq_out_data[2'(arb_idx)];
  assign fq_out_ready = chk_re ? arb_gnt : 3'b000;

  vfnic_arb_rr #(.N(3)) u_arb (
    .clk_i(clk_g), .rst_ni, .req_i(fq_out_valid), .ack_i(chk_re),
    .gnt_o(arb_gnt), .idx_o(arb_idx), .valid_o(arb_valid));

  // function and vector number of the popped index (a division by a constant, once per pop)
  always_comb begin
    if (32'(c0_idx) < PfVectors) begin
      c0_func = '0;
      c0_vec  = 12'(c0_idx);
    end else begin
      c0_func = 7'(1 + (32'(c0_idx) - PfVectors) / VfVectors);
      c0_vec  = 12'((32'(c0_idx) - PfVectors) % VfVectors);
    end
  end

  vfnic_ram_1r1w #(.Width(CfgW), .Depth(NumVec)) u_cfg_c (
    .clk_i(clk_g), .we_i(cfg_wen), .waddr_i(cfg_waddr), .wdata_i(cfg_wword),
    .re_i(chk_re), .raddr_i(c0_idx), .rdata_o(cfg_c_rdata));
  vfnic_ram_1r1w #(.Width(StW), .Depth(NumVec)) u_st (
    .clk_i(clk_g), .we_i(st_we || init_q), .waddr_i(init_q ? init_ptr_q : c1_idx_q),
    .wdata_i(init_q ? '0 : st_wdata),
    .re_i(chk_re), .raddr_i(c0_idx), .rdata_o(st_rdata));
  vfnic_ram_1r1w #(.Width(StampMW), .Depth(NumVec)) u_stamp (
    .clk_i(clk_g), .we_i(stamp_we || init_q), .waddr_i(init_q ? init_ptr_q : out_idx_q),
    .wdata_i(init_q ? '0 : stamp_wdata),
    .re_i(chk_re), .raddr_i(c0_idx), .rdata_o(stamp_rdata));

  // C1
  logic [GenW-1:0]   c_gen;
  logic [15:0]       c_interval;
  logic [7:0]        c_pkts;
  logic [CntW-1:0]   c_tx, c_rx, c_base_tx, c_base_rx, c_dtx, c_drx;
  logic [7:0]        c_acc;
  logic [CntW+1:0]   c_sum_w;
  logic [7:0]        c_sum;
  logic [StampMW-1:0] c_stamp_word;
  logic              c_stamp_ok;
  logic [UnitsW-1:0] c_elapsed;
  logic              c_time_ok, c_pkts_ok, c_pending, c_due, c_hit, c_on_out;
  logic              c_freset;

  logic [GenHiW-1:0] c_hi;
  // read in every cycle: a stalled C1 needs its function's word of the cycle before
  vfnic_ram_1r1w #(.Width(GenHiW), .Depth(NumFuncs)) u_gen_c (
    .clk_i(clk_g), .we_i(gh_we), .waddr_i(gh_waddr), .wdata_i(gh_wdata),
    .re_i(1'b1), .raddr_i(chk_re ? FuncW'(c0_func) : FuncW'(c1_func_q)), .rdata_o(c_hi));
  assign c_gen      = gen_of(c_hi, gen_lo_q, gen_pend_q, FuncW'(c1_func_q));
  assign c_freset   = f_reset(freset_i, FuncW'(c1_func_q));
  assign c_interval = (cfg_c_rdata[CfgW-1 -: GenW] == c_gen) ? cfg_c_rdata[23:8] : 16'd0;
  assign c_pkts     = (cfg_c_rdata[CfgW-1 -: GenW] == c_gen) ? cfg_c_rdata[7:0] : 8'd0;
  assign c_tx       = (cnt_b_rdata[0][CW-1 -: GenW] == c_gen) ? cnt_b_rdata[0][CntW-1:0] : '0;
  assign c_rx       = (cnt_b_rdata[1][CW-1 -: GenW] == c_gen) ? cnt_b_rdata[1][CntW-1:0] : '0;
  assign c_base_tx  = (st_rdata[StW-1 -: GenW] == c_gen) ? st_rdata[2*CntW+7 -: CntW] : '0;
  assign c_base_rx  = (st_rdata[StW-1 -: GenW] == c_gen) ? st_rdata[CntW+7 -: CntW] : '0;
  assign c_acc      = (st_rdata[StW-1 -: GenW] == c_gen) ? st_rdata[7:0] : 8'd0;
  assign c_dtx      = c_tx - c_base_tx;
  assign c_drx      = c_rx - c_base_rx;
  assign c_sum_w    = (CntW + 2)'(c_acc) + (CntW + 2)'(c_dtx) + (CntW + 2)'(c_drx);
  assign c_sum      = (c_sum_w > (CntW + 2)'(255)) ? 8'hff : c_sum_w[7:0];
  // the stamp written in the cycle of the read is forwarded (read-first RAM)
  assign c_stamp_word = c1_sfwd_q ? c1_sword_q : stamp_rdata;
  assign c_stamp_ok   = c_stamp_word[StampMW-1 -: GenW] == c_gen && c_stamp_word[UnitsW+1];
  assign c_elapsed    = units_q - c_stamp_word[UnitsW-1:0];
  // a stamp inside a unit needs one more unit: the interval is never shorter than INTERVAL
  assign c_time_ok  = c_interval == 16'd0 || !c_stamp_ok ||
                      c_elapsed >= UnitsW'(c_interval) + UnitsW'(c_stamp_word[UnitsW]);
  assign c_pkts_ok  = c_pkts != 8'd0 && c_sum >= c_pkts;
  assign c_pending  = c_sum != 8'd0;
  assign c_on_out   = out_valid_q && out_idx_q == c1_idx_q;
  assign c_due      = c1_valid_q && c_pending && (c_time_ok || c_pkts_ok) && !c_on_out &&
                      !c_freset;
  assign chk_load   = c_due && slot_free;
  assign c1_stall   = c_due && !slot_free;
  // events of this vector counted after its words were read (E1 writes in C0 and C1)
  assign c_hit      = c1_hit_q || (e1_count[0] && e1_idx_q[0] == c1_idx_q) ||
                      (e1_count[1] && e1_idx_q[1] == c1_idx_q);

  // the state word: counters seen (bases), events not yet raised (acc, 0 after a raise)
  assign st_we    = c1_valid_q && !c1_stall;
  assign st_wdata = {c_gen, c_tx, c_rx, chk_load ? 8'd0 : c_sum};
  // re-queue: still pending and not raised, or events arrived while it was read
  assign requeue  = c1_valid_q && !c1_stall && ((c_pending && !chk_load) || c_hit);

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      c1_valid_q <= 1'b0;
      c1_hit_q   <= 1'b0;
      c1_idx_q   <= '0;
      c1_func_q  <= '0;
      c1_vec_q   <= '0;
      c1_sfwd_q  <= 1'b0;
      c1_sword_q <= '0;
    end else if (c1_stall) begin
      c1_hit_q <= c_hit;
    end else begin
      c1_valid_q <= chk_re;
      if (chk_re) begin
        c1_idx_q  <= c0_idx;
        c1_func_q <= c0_func;
        c1_vec_q  <= c0_vec;
        c1_hit_q  <= (e1_count[0] && e1_idx_q[0] == c0_idx) ||
                     (e1_count[1] && e1_idx_q[1] == c0_idx);
        c1_sfwd_q  <= stamp_we && out_idx_q == c0_idx;
        c1_sword_q <= stamp_wdata;
      end
    end
  end

  // queued: set by a push of an event port, cleared when the checker lets a vector go (each
  // flips its own bitmap's bit: a pushed vector was not queued, a vector let go was). The
  // checker reads its qt[2] word in every cycle (C0's vector, or C1's while it waits), so the
  // word of the cycle before plus its own write of that cycle is current in C1.
  assign letgo    = c1_valid_q && !c1_stall && !requeue;
  assign qt_we    = {letgo, push_ev[1], push_ev[0]};
  assign qt_waddr = {qt_word(c1_idx_q), qt_word(e1_idx_q[1]), qt_word(e1_idx_q[0])};
  assign qt_wword = {c_qt_old ^ qt_bit(2'(c1_idx_q)), qt_old[1][1] ^ qt_bit(2'(e1_idx_q[1])),
                     qt_old[0][0] ^ qt_bit(2'(e1_idx_q[0]))};
  assign c_qt_old = (qt_fwd_q[2] && qt_fwd_addr_q[2] == qt_word(c1_idx_q)) ? qt_fwd_word_q[2]
                                                                          : c_qt_rd;

  vfnic_ram_1r1w #(.Width(4), .Depth(QtD)) u_qt_c (
    .clk_i(clk_g), .we_i(qt_we[2] || init_q),
    .waddr_i(init_q ? qt_word(init_ptr_q) : qt_waddr[2]),
    .wdata_i(init_q ? 4'd0 : qt_wword[2]), .re_i(1'b1),
    .raddr_i(qt_word(chk_re ? c0_idx : c1_idx_q)), .rdata_o(c_qt_rd));

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      qt_fwd_q      <= '0;
      qt_fwd_addr_q <= '0;
      qt_fwd_word_q <= '0;
    end else begin
      qt_fwd_q      <= qt_we;
      qt_fwd_addr_q <= qt_waddr;
      qt_fwd_word_q <= qt_wword;
    end
  end

  // ======================================================================================
  // Output register and acceptance stamps
  // ======================================================================================
  assign stamp_we    = accept && !out_stale_q && !f_reset(freset_i, FuncW'(out_func_q));
  assign stamp_wdata = {out_gen_q, 1'b1, pre_q != '0, units_q};

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q <= 1'b0;
      out_stale_q <= 1'b0;
      out_idx_q   <= '0;
      out_func_q  <= '0;
      out_vec_q   <= '0;
      out_gen_q   <= '0;
    end else begin
      if (out_valid_q && f_reset(freset_i, FuncW'(out_func_q))) begin
        out_stale_q <= 1'b1;
      end
      if (accept) begin
        out_valid_q <= 1'b0;
      end
      if (chk_load) begin
        out_valid_q <= 1'b1;
        out_stale_q <= 1'b0;
        out_idx_q   <= c1_idx_q;
        out_func_q  <= c1_func_q;
        out_vec_q   <= c1_vec_q;
        out_gen_q   <= c_gen;
      end else if (e1_fast[0] || e1_fast[1]) begin
        out_valid_q <= 1'b1;
        out_stale_q <= 1'b0;
        out_idx_q   <= e1_fast[0] ? e1_idx_q[0] : e1_idx_q[1];
        out_func_q  <= e1_fast[0] ? e1_func_q[0] : e1_func_q[1];
        out_vec_q   <= e1_fast[0] ? e1_vec_q[0] : e1_vec_q[1];
        out_gen_q   <= e1_fast[0] ? e1_gen[0] : e1_gen[1];
      end
    end
  end

  assign raise_valid_o = out_valid_q;
  assign raise_func_o  = out_func_q;
  assign raise_vec_o   = out_vec_q;

  // pending vectors are queued (in a FIFO or the checker); events in flight; a raise waits;
  // a function reset has started or ended (freset_q follows it)
  assign busy_o = init_q || fq_count != '0 || c1_valid_q || e1_valid_q != '0 || out_valid_q ||
                  rq_st_q != 2'd0 || freset_i != freset_q;

  logic unused;
  assign unused = ^{fifo_in_ready, fq_in_ready[2]};

  // Activity gating (docs/rtl-structure.md "Activity gating"): the block runs on clk_g,
  // which the Verilated model stops while busy_o is low and nothing comes in:
  // a register access or an event (a function reset makes busy_o high)
  vfnic_cg u_cg (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (busy_o || reg_req_i || tx_irq_valid_i || rx_irq_valid_i),
    .clk_o (clk_g)
  );

endmodule

`default_nettype wire
