// SPDX-License-Identifier: MIT
// TX rate limiter (docs/datapath.md "TX anti-spoof and rate limiter"): one token bucket per
// function with its configuration. The scheduler asks eligible_o before it starts a frame and
// charges the frame's bytes when it does; credit is refreshed round-robin, one function a cycle.
//
// Reset rules: rst_ni and clr_all_i (vfnic_dp: the PF's reset, FLR or CTRL.RESET) put every
// function's configuration back to its reset values (INCR 0 = unlimited, BURST 16384, MODE 0)
// and its credit to BURST, so every function is eligible. clr_all_i is a one-cycle pulse that
// takes effect at the clock edge and wins over everything else in that cycle (configuration
// write, charge, refresh); the round robin keeps its place.
// There is no per-function reset: a VF's FLR changes neither the configuration the PF set nor
// the credit. Refilling the bucket on a VF's FLR would hand the VF a full BURST every time it
// resets itself, a way around its limit; keeping the credit costs a reset VF at most the
// frames it was charged for but lost in the reset.
`default_nettype none

module vfnic_shaper #(
  parameter int unsigned NumFuncs = 9,   // routing functions (PF + VFs)
  parameter int unsigned FracBits = 24   // fraction bits of the credit (INCR has 24)
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // Pulse: every function's configuration and credit back to reset values (wins, see above)
  input  logic                clr_all_i,

  // Configuration, per function (writes to a function >= NumFuncs or to sel 3 are ignored):
  //   sel 0 INCR   bytes per cycle, 8.24 fixed point; 0 = unlimited         (reset 0)
  //   sel 1 BURST  bucket depth in bytes, 23:0                               (reset 16384)
  //   sel 2 MODE   bit 0 POLICE                                              (reset 0)
  //   sel 3 CREDIT read only: the credit's whole bytes, signed (rounded toward -inf)
  // Writing INCR or BURST also sets the credit to the (new) BURST, so a new rate starts from
  // a full bucket and the credit never exceeds BURST.
  input  logic                cfg_we_i,
  input  logic [6:0]          cfg_func_i,
  input  logic [1:0]          cfg_sel_i,
  input  logic [31:0]         cfg_wdata_i,
  input  logic [6:0]          cfg_rd_func_i,
  input  logic [1:0]          cfg_rd_sel_i,
  output logic [31:0]         cfg_rdata_o,    // combinational; 0 for a function >= NumFuncs

  output logic [NumFuncs-1:0] eligible_o,     // unlimited, or credit >= 0
  output logic [NumFuncs-1:0] police_o,       // MODE.POLICE

  // A frame of charge_bytes_i starts for charge_func_i: its credit drops by that many bytes
  input  logic                charge_i,
  input  logic [6:0]          charge_func_i,
  input  logic [15:0]         charge_bytes_i
);

  // Credit: signed, FracBits fraction bits, IntBits whole bits. The range +-2^25 bytes holds
  // a full 24-bit BURST plus one refill, and hundreds of 64 KiB charges below zero; it
  // saturates at the bottom rather than wrap.
  localparam int unsigned IntBits     = 26;
  localparam int unsigned CreditWidth = IntBits + FracBits;
  localparam int unsigned SumWidth    = CreditWidth + 1;  // one more bit for sums
  localparam int unsigned IncrFrac    = 24;  // INCR is 8.24
  localparam int unsigned FuncWidth   = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam logic [CreditWidth:0] MinCredit = {2'b11, {(CreditWidth - 1){1'b0}}};  // -2^25 B
  localparam logic [23:0] BurstReset = 24'd16384;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumFuncs < 1 || NumFuncs > 65) begin : gen_funcs_check
    $error("NumFuncs must be 1..65 (PF + 64 VFs)");
  end
  // Below 24 the low INCR bits are dropped (the rate rounds down); above 32 the credit would
  // not fit 58 bits, which the reference model assumes
  if (FracBits < 8 || FracBits > 32) begin : gen_frac_check
    $error("FracBits must be 8..32");
  end
`endif

  // INCR x NumFuncs in credit units: < 2^(FracBits+8) * 65 < 2^(CreditWidth-1), so adding it to
  // a credit <= BURST < 2^24 B cannot overflow the CreditWidth+1-bit sum
  function automatic logic [CreditWidth:0] refill(logic [31:0] incr);
    logic [CreditWidth:0] fp;
    if (FracBits >= IncrFrac) begin
      fp = SumWidth'(incr) << (FracBits - IncrFrac);
    end else begin
      fp = SumWidth'(incr) >> (IncrFrac - FracBits);
    end
    refill = SumWidth'(fp * SumWidth'(NumFuncs));  // (Yosys has no `return`)
  endfunction

  function automatic logic [CreditWidth-1:0] burst_credit(logic [23:0] burst);
    burst_credit = CreditWidth'(burst) << FracBits;
  endfunction

  // ---- state ----
  // INCR and BURST live in memories (distributed RAM on an FPGA: one write port, cheap
  // asynchronous read ports) that cannot be reset; flops say whether they hold a value yet.
  logic [31:0]                          incr_mem [NumFuncs];
  logic [23:0]                          burst_mem [NumFuncs];
  logic [NumFuncs-1:0]                  unlimited_q, unlimited_d;  // INCR == 0 (reset: 1)
  logic [NumFuncs-1:0]                  burst_set_q, burst_set_d;  // BURST written since reset
  logic [NumFuncs-1:0]                  police_q, police_d;
  // The credits rotate through a ring, one place per cycle, so that the function refreshed
  // this cycle (rr_q) is always at place 0: the refresh needs no read port. Function f is at
  // place (f - rr_q) mod NumFuncs.
  logic [NumFuncs-1:0][CreditWidth-1:0] ring_q, ring_d;
  logic [NumFuncs-1:0]                  neg_q, neg_d;    // per function: credit < 0
  // The credit is BURST (after reset, clr_all_i, an INCR or BURST write) whatever the ring
  // holds. Setting a flag instead of the credit leaves the ring two writers (refresh, charge).
  logic [NumFuncs-1:0]                  full_q, full_d;
  logic [FuncWidth-1:0]                 rr_q, rr_d;      // function refreshed this cycle

  function automatic logic [FuncWidth-1:0] ring_place(logic [6:0]           func,
                                                       logic [FuncWidth-1:0] rr);
    logic [7:0] d;
    d = {1'b0, func} - 8'(rr);
    if (d[7]) begin
      d = d + 8'(NumFuncs);
    end
    ring_place = FuncWidth'(d);
  endfunction

  logic [FuncWidth-1:0] cfg_idx;
  logic                 incr_we;
  logic                 burst_we;

  // configuration writes (the memories are written here, everything else in the blocks below)
  always_ff @(posedge clk_i) begin
    if (incr_we) begin
      incr_mem[cfg_idx] <= cfg_wdata_i;
    end
    if (burst_we) begin
      burst_mem[cfg_idx] <= cfg_wdata_i[23:0];
    end
  end

  // ---- refresh of function rr_q: credit + INCR*NumFuncs, capped at BURST ----
  logic [31:0]            rr_incr;
  logic [CreditWidth-1:0] rr_credit;
  logic [CreditWidth-1:0] rr_burst;
  logic [CreditWidth:0]   rr_sum;
  logic [CreditWidth-1:0] rr_new;

  // Reads of the per-function arrays are indexed selects (balanced mux trees); an index
  // >= NumFuncs only happens where the result is not used
  always_comb begin
    rr_incr   = unlimited_q[rr_q] ? 32'h0 : incr_mem[rr_q];
    rr_burst  = burst_credit(burst_set_q[rr_q] ? burst_mem[rr_q] : BurstReset);
    rr_credit = full_q[rr_q] ? rr_burst : ring_q[0];
    rr_sum = {rr_credit[CreditWidth-1], rr_credit} + refill(rr_incr);
    // the credit never exceeds BURST, so the sum only needs the cap, never a floor
    if ($signed(rr_sum) > $signed({1'b0, rr_burst})) begin
      rr_new = rr_burst;
    end else begin
      rr_new = rr_sum[CreditWidth-1:0];
    end
  end

  // ---- charge: after this cycle's refresh when both hit the same function ----
  logic [FuncWidth-1:0]   chg_idx;
  logic [FuncWidth-1:0]   chg_place;
  logic                   chg_rr;   // the charged function is the one refreshed
  logic                   chg_hit;
  logic [CreditWidth-1:0] chg_base;
  logic [CreditWidth:0]   chg_diff;
  logic [CreditWidth-1:0] chg_new;

  assign chg_idx   = FuncWidth'(charge_func_i);
  assign chg_place = ring_place(charge_func_i, rr_q);
  assign chg_rr    = 32'(charge_func_i) == 32'(rr_q);
  assign chg_hit   = charge_i && 32'(charge_func_i) < NumFuncs;

  always_comb begin
    if (full_q[chg_idx]) begin
      chg_base = burst_credit(burst_set_q[chg_idx] ? burst_mem[chg_idx] : BurstReset);
    end else begin
      chg_base = ring_q[chg_place];
    end
    if (chg_rr) begin
      chg_base = rr_new;
    end
    chg_diff = {chg_base[CreditWidth-1], chg_base} -
               (SumWidth'(charge_bytes_i) << FracBits);
    if ($signed(chg_diff) < $signed(MinCredit)) begin
      chg_new = MinCredit[CreditWidth-1:0];
    end else begin
      chg_new = chg_diff[CreditWidth-1:0];
    end
  end

  // ---- next state. Per function, the last applicable rule wins: refresh, charge (on top of
  //      the refresh when both hit it), INCR/BURST write (sets full_q), clr_all_i ----
  logic cfg_hit;

  // The ring moved one place: the refreshed credit (charged too when chg_rr) to the back
  logic [CreditWidth-1:0]               ring_back;
  logic [NumFuncs-1:0][CreditWidth-1:0] ring_moved;

  assign ring_back = (chg_hit && chg_rr) ? chg_new : rr_new;
  if (NumFuncs > 1) begin : gen_ring
    assign ring_moved = {ring_back, ring_q[NumFuncs-1:1]};
  end else begin : gen_ring_one
    assign ring_moved = ring_back;
  end

  assign cfg_hit  = cfg_we_i && 32'(cfg_func_i) < NumFuncs;
  assign cfg_idx  = FuncWidth'(cfg_func_i);
  assign incr_we  = cfg_hit && cfg_sel_i == 2'd0;
  assign burst_we = cfg_hit && cfg_sel_i == 2'd1;

  always_comb begin
    unlimited_d = unlimited_q;
    burst_set_d = burst_set_q;
    police_d    = police_q;
    neg_d       = neg_q;
    full_d      = full_q;
    rr_d        = (32'(rr_q) == NumFuncs - 1) ? '0 : rr_q + 1'b1;

    // a charged credit (other than the refreshed one) moves forward with the ring
    ring_d = ring_moved;
    for (int i = 0; i < NumFuncs; i++) begin
      if (chg_hit && !chg_rr && 32'(chg_place) == i + 1) begin
        ring_d[i] = chg_new;
      end
    end

    for (int f = 0; f < NumFuncs; f++) begin
      if (chg_hit && 32'(charge_func_i) == f) begin
        neg_d[f]  = chg_new[CreditWidth-1];
        full_d[f] = 1'b0;
      end else if (32'(rr_q) == f) begin
        neg_d[f]  = rr_new[CreditWidth-1];
        full_d[f] = 1'b0;
      end
      if (cfg_hit && 32'(cfg_func_i) == f) begin
        case (cfg_sel_i)
          2'd0: begin
            unlimited_d[f] = cfg_wdata_i == '0;
            full_d[f]      = 1'b1;
          end
          2'd1: begin
            burst_set_d[f] = 1'b1;
            full_d[f]      = 1'b1;
          end
          2'd2: begin
            police_d[f] = cfg_wdata_i[0];
          end
          default: ;  // CREDIT is read only
        endcase
      end
    end

    // Back to the reset state. The memories keep what they hold: unlimited_q and burst_set_q
    // make INCR and BURST read their reset values until written again. full_q makes the
    // credit BURST, so the ring's contents no longer matter.
    if (clr_all_i) begin
      unlimited_d = '1;
      burst_set_d = '0;
      police_d    = '0;
      neg_d       = '0;
      full_d      = '1;
    end
  end

  // ---- read back ----
  logic [FuncWidth-1:0] rd_idx;
  assign rd_idx = FuncWidth'(cfg_rd_func_i);

  always_comb begin
    logic [23:0]            rd_burst;
    logic [IntBits-1:0]     rd_credit;  // whole bytes (iverilog: no part-select of ring_q[i])
    rd_burst    = burst_set_q[rd_idx] ? burst_mem[rd_idx] : BurstReset;
    rd_credit   = IntBits'(ring_q[ring_place(cfg_rd_func_i, rr_q)] >> FracBits);
    cfg_rdata_o = '0;
    if (32'(cfg_rd_func_i) < NumFuncs) begin
      case (cfg_rd_sel_i)
        2'd0:    cfg_rdata_o = unlimited_q[rd_idx] ? 32'h0 : incr_mem[rd_idx];
        2'd1:    cfg_rdata_o = {8'h0, rd_burst};
        2'd2:    cfg_rdata_o = {31'h0, police_q[rd_idx]};
        default: begin
          if (full_q[rd_idx]) begin
            cfg_rdata_o = {8'h0, rd_burst};
          end else begin
            cfg_rdata_o = 32'($signed(rd_credit));
          end
        end
      endcase
    end
  end

  assign eligible_o = unlimited_q | full_q | ~neg_q;
  assign police_o = police_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int i = 0; i < NumFuncs; i++) begin
        ring_q[i] <= '0;  // full_q: the credit is BURST
      end
      neg_q       <= '0;
      full_q      <= '1;
      unlimited_q <= '1;
      burst_set_q <= '0;
      police_q    <= '0;
      rr_q        <= '0;
    end else begin
      unlimited_q <= unlimited_d;
      burst_set_q <= burst_set_d;
      police_q    <= police_d;
      ring_q      <= ring_d;
      neg_q       <= neg_d;
      full_q      <= full_d;
      rr_q        <= rr_d;
    end
  end

endmodule

`default_nettype wire
