// SPDX-License-Identifier: MIT
// TX rate limiter (docs/datapath.md "TX anti-spoof and rate limiter"): one token bucket per
// function with its configuration. The scheduler asks eligible_o before it starts a frame and
// charges the frame's bytes when it does.
//
// Structure (docs/rtl-structure.md): every function's state is one word of a vfnic_ram_1r1w
// (INCR, BURST, MODE.POLICE, credit, and the cycle of the word's last update), handled by one
// read-modify-write pipeline that takes one operation a cycle:
//   stage 0  pick the operation and read its function's word: the walk of a clear, else a
//            charge, else a register access, else -- only while some function's eligible_o
//            bit is 0 (a count of them is kept as the bits are written) -- the refresh of the
//            function under the round-robin pointer (which moves only when the refresh gets
//            the cycle); with every function eligible a refresh would change nothing, so the
//            block stays still (busy_o low, docs/rtl-structure.md "Activity gating");
//   stage 1  the word (forwarded when stage 1 wrote the same function in the cycle before:
//            the RAM reads first), credit + INCR x (cycles since the word's last update),
//            capped at BURST; then the operation (charge, register write); write the word
//            back and the function's bit of eligible_o and police_o; a register access acks.
// The time is now_i, the cycle counter of vfnic_dp (it runs while the block's clock may not).
// The refill is by elapsed time, so every operation on a function brings its credit up to
// date and the long-run rate is exact however the cycles are shared. No logic looks at more
// than one function per cycle.
//
// Timing: eligible_o[f] and police_o[f] change in the cycle after stage 1: 2 cycles after
// charge_i (the scheduler may start one more frame of f in between: the credit dips by that
// frame, the long-run rate does not change), in the cycle after a register write's ack. A function
// whose credit refills to >= 0 becomes eligible when its refresh comes, at most one lap of
// the pointer later (NumFuncs cycles plus the cycles taken by charges and register accesses).
// A charge is never delayed (charges win stage 0); a register access waits for a cycle
// without a charge; the refresh takes whatever cycle is left.
//
// Register port (docs/rtl-structure.md "Register port"): cfg_req_i held with the other cfg_*
// until cfg_ack_o, which comes one cycle after the access gets stage 0 (the write is
// performed by the ack; read data valid with the ack). Byte enables are not used: the
// registers are written whole.
//
// Reset rules: rst_ni and clr_all_i (vfnic_dp: the PF's reset, FLR or CTRL.RESET) put every
// function's configuration back to its reset values (INCR 0 = unlimited, BURST 16384, MODE 0)
// and its credit to BURST, by a walk (rule 3 of docs/rtl-structure.md): one function's word
// per cycle, NumFuncs cycles, writing its eligible_o bit 1 and its police_o bit 0 as it goes.
// clr_all_i is a one-cycle pulse; it drops the operation that enters stage 0 in its cycle
// (a charge of that cycle is lost; a register access there waits and is done after the walk);
// the one in stage 1 completes (a register access acks) but the walk rewrites its word.
// While the walk runs, charges are ignored and register accesses wait. A clear during the
// walk starts it again. The round robin keeps its place.
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
  input  logic [31:0]         now_i,          // cycle counter (vfnic_dp's time base)

  // Pulse: every function's configuration and credit back to reset values (see above)
  input  logic                clr_all_i,

  // Register port, per function (writes to a function >= NumFuncs or to sel 3 are ignored,
  // reads of a function >= NumFuncs return 0):
  //   sel 0 INCR   bytes per cycle, 8.24 fixed point; 0 = unlimited         (reset 0)
  //   sel 1 BURST  bucket depth in bytes, 23:0                               (reset 16384)
  //   sel 2 MODE   bit 0 POLICE                                              (reset 0)
  //   sel 3 CREDIT read only: the credit's whole bytes, signed (rounded toward -inf), as of
  //                the ack (a read refreshes the function)
  // Writing INCR or BURST also sets the credit to the (new) BURST, so a new rate starts from
  // a full bucket and the credit never exceeds BURST.
  input  logic                cfg_req_i,
  input  logic                cfg_we_i,
  input  logic [6:0]          cfg_func_i,
  input  logic [1:0]          cfg_sel_i,
  input  logic [31:0]         cfg_wdata_i,
  output logic                cfg_ack_o,
  output logic [31:0]         cfg_rdata_o,    // valid with cfg_ack_o

  output logic [NumFuncs-1:0] eligible_o,     // unlimited, or credit >= 0 (see Timing)
  output logic [NumFuncs-1:0] police_o,       // MODE.POLICE

  // A frame of charge_bytes_i starts for charge_func_i: its credit drops by that many bytes
  input  logic                charge_i,
  input  logic [6:0]          charge_func_i,
  input  logic [15:0]         charge_bytes_i,

  // a walk, an operation or a register access in progress, or a function waiting for its
  // refill (docs/rtl-structure.md "Activity gating"): with busy_o low and no input the
  // block does not change
  output logic                busy_o
);

  logic clk_g;  // clk_i, stopped in the model while the block has nothing to do (end)


  // Credit: signed, FracBits fraction bits, IntBits whole bits. The range +-2^25 bytes holds
  // a full 24-bit BURST plus one refill, and hundreds of 64 KiB charges below zero; it
  // saturates at the bottom rather than wrap.
  localparam int unsigned IntBits     = 26;
  localparam int unsigned CreditWidth = IntBits + FracBits;
  localparam int unsigned IncrFrac    = 24;  // INCR is 8.24
  localparam int unsigned StampWidth  = 32;  // cycle of a word's last update
  localparam int unsigned FuncWidth   = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  // INCR x cycles is formed with INCR's fraction cut to FracBits when FracBits < 24 (the rate
  // rounds down, as the per-cycle INCR would), then shifted left by LShift when FracBits > 24
  localparam int unsigned RShift      = (FracBits < IncrFrac) ? IncrFrac - FracBits : 0;
  localparam int unsigned LShift      = (FracBits > IncrFrac) ? FracBits - IncrFrac : 0;
  localparam logic [23:0] BurstReset  = 24'd16384;

  // word: {incr, burst, police, credit, stamp}
  localparam int unsigned StampLsb  = 0;
  localparam int unsigned CreditLsb = StampLsb + StampWidth;
  localparam int unsigned PoliceLsb = CreditLsb + CreditWidth;
  localparam int unsigned BurstLsb  = PoliceLsb + 1;
  localparam int unsigned IncrLsb   = BurstLsb + 24;
  localparam int unsigned WordWidth = IncrLsb + 32;

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

  function automatic logic signed [CreditWidth+1:0] burst_credit(logic [23:0] burst);
    burst_credit = (CreditWidth + 2)'(burst) << FracBits;
  endfunction

  // ---- stage 0: one operation a cycle ----
  typedef enum logic [1:0] {
    OpRefresh = 2'd0,
    OpCharge  = 2'd1,
    OpReg     = 2'd2,
    OpWalk    = 2'd3
  } op_e;

  logic                 walk_q, walk_d;       // a reset walk runs
  logic [FuncWidth-1:0] walk_ptr_q, walk_ptr_d;
  logic [FuncWidth-1:0] rr_q, rr_d;           // function of the next refresh
  logic                 reg_busy_q, reg_busy_d; // the register access is in stage 1
  logic [FuncWidth:0]   inelig_q, inelig_d;  // functions whose eligible_o bit is 0
  logic                 refresh_on;          // the refresh runs while one is waiting
  logic                 s0_go;               // stage 0 starts an operation

  logic                 chg_hit;
  logic                 reg_go;
  op_e                  s0_op;
  logic [6:0]           s0_func;              // 7 bits: a register access may name >= NumFuncs

  assign chg_hit    = charge_i && 32'(charge_func_i) < NumFuncs;
  assign refresh_on = inelig_q != '0;
  assign s0_go      = s0_op != OpRefresh || refresh_on;
  assign reg_go  = cfg_req_i && !reg_busy_q;

  always_comb begin
    if (walk_q) begin
      s0_op   = OpWalk;
      s0_func = 7'(walk_ptr_q);
    end else if (chg_hit) begin
      s0_op   = OpCharge;
      s0_func = charge_func_i;
    end else if (reg_go) begin
      s0_op   = OpReg;
      s0_func = cfg_func_i;
    end else begin
      s0_op   = OpRefresh;
      s0_func = 7'(rr_q);
    end
  end

  // stage 1 inputs (the operation's arguments)
  logic                 s1_valid_q;
  op_e                  s1_op_q;
  logic [6:0]           s1_func_q;
  logic [15:0]          s1_bytes_q;
  logic                 s1_we_q;
  logic [1:0]           s1_sel_q;
  logic [31:0]          s1_wdata_q;

  // ---- the memory and the forward of its last write ----
  logic                 mem_we;
  logic [WordWidth-1:0] mem_wdata;
  logic [WordWidth-1:0] mem_rdata;
  logic                 fwd_valid_q;
  logic [FuncWidth-1:0] fwd_func_q;
  logic [WordWidth-1:0] fwd_word_q;

  vfnic_ram_1r1w #(
    .Width(WordWidth),
    .Depth(NumFuncs)
  ) u_mem (
    .clk_i  (clk_g),
    .we_i   (mem_we),
    .waddr_i(FuncWidth'(s1_func_q)),
    .wdata_i(mem_wdata),
    .re_i   (s0_go && s0_op != OpWalk),
    .raddr_i(FuncWidth'(s0_func)),
    .rdata_o(mem_rdata)
  );

  // ---- stage 1: bring the credit up to date, apply the operation ----
  logic                 s1_in_range;
  logic [WordWidth-1:0] word;
  logic [31:0]          w_incr;
  logic [23:0]          w_burst;
  logic                 w_police;
  logic signed [CreditWidth-1:0] w_credit;
  logic [StampWidth-1:0] w_stamp;

  logic [StampWidth-1:0] delta;
  logic [31:0]           incr_s;               // INCR with FracBits fraction bits at most
  logic [63:0]           prod;
  logic [CreditWidth:0]  refill;               // saturates at 2^CreditWidth
  logic signed [CreditWidth+1:0] sum;          // credit + refill
  logic signed [CreditWidth+1:0] burst_fp;
  logic signed [CreditWidth+1:0] cur;          // credit up to date, capped at BURST
  logic signed [CreditWidth+1:0] chg;          // cur - charge, floored
  logic signed [CreditWidth+1:0] min_credit;

  logic [31:0]           n_incr;
  logic [23:0]           n_burst;
  logic                  n_police;
  logic signed [CreditWidth+1:0] n_credit;
  logic [31:0]           rd_data;

  assign s1_in_range = 32'(s1_func_q) < NumFuncs;
  assign word = (fwd_valid_q && 32'(fwd_func_q) == 32'(s1_func_q)) ? fwd_word_q : mem_rdata;
  assign w_incr   = word[IncrLsb +: 32];
  assign w_burst  = word[BurstLsb +: 24];
  assign w_police = word[PoliceLsb];
  assign w_credit = word[CreditLsb +: CreditWidth];
  assign w_stamp  = word[StampLsb +: StampWidth];

  assign min_credit = -((CreditWidth + 2)'(1) << (CreditWidth - 1));

  always_comb begin
    // credit + INCR x cycles since the last update: the product needs at most 2^CreditWidth
    // (from -2^25 B to a BURST < 2^24 B), so anything above saturates there
    delta = now_i - w_stamp;
    incr_s = w_incr >> RShift;
    prod   = 64'(incr_s) * 64'(delta);
    if ((prod >> (CreditWidth - LShift)) != 64'd0) begin
      refill = (CreditWidth + 1)'(1) << CreditWidth;
    end else begin
      refill = (CreditWidth + 1)'(prod << LShift);
    end
    sum      = (CreditWidth + 2)'(w_credit) + (CreditWidth + 2)'(refill);
    burst_fp = burst_credit(w_burst);
    cur      = (sum > burst_fp) ? burst_fp : sum;
    chg      = cur - ((CreditWidth + 2)'(s1_bytes_q) << FracBits);
    if (chg < min_credit) begin
      chg = min_credit;
    end

    n_incr   = w_incr;
    n_burst  = w_burst;
    n_police = w_police;
    n_credit = cur;
    rd_data  = '0;
    case (s1_op_q)
      OpCharge: n_credit = chg;
      OpReg: begin
        if (s1_we_q) begin
          case (s1_sel_q)
            2'd0: begin
              n_incr   = s1_wdata_q;
              n_credit = burst_fp;
            end
            2'd1: begin
              n_burst  = s1_wdata_q[23:0];
              n_credit = burst_credit(s1_wdata_q[23:0]);
            end
            2'd2: n_police = s1_wdata_q[0];
            default: ;  // CREDIT is read only
          endcase
        end else if (s1_in_range) begin
          case (s1_sel_q)
            2'd0:    rd_data = w_incr;
            2'd1:    rd_data = {8'h0, w_burst};
            2'd2:    rd_data = {31'h0, w_police};
            default: rd_data = 32'(cur >>> FracBits);  // whole bytes, toward -inf
          endcase
        end
      end
      OpWalk: begin
        n_incr   = '0;
        n_burst  = BurstReset;
        n_police = 1'b0;
        n_credit = burst_credit(BurstReset);
      end
      default: ;  // refresh: cur
    endcase
  end

  assign mem_we    = s1_valid_q && s1_in_range;
  assign mem_wdata = {n_incr, n_burst, n_police, n_credit[CreditWidth-1:0], now_i};

  assign cfg_ack_o   = s1_valid_q && s1_op_q == OpReg;
  assign cfg_rdata_o = rd_data;

  // ---- control ----
  always_comb begin
    walk_d     = walk_q;
    walk_ptr_d = walk_ptr_q;
    rr_d       = rr_q;
    reg_busy_d = reg_busy_q;
    if (s0_op == OpWalk) begin
      walk_ptr_d = walk_ptr_q + 1'b1;
      if (32'(walk_ptr_q) == NumFuncs - 1) begin
        walk_d     = 1'b0;
        walk_ptr_d = '0;
      end
    end
    if (s0_op == OpRefresh && refresh_on) begin
      rr_d = (32'(rr_q) == NumFuncs - 1) ? '0 : rr_q + 1'b1;
    end
    if (cfg_ack_o) begin
      reg_busy_d = 1'b0;
    end
    if (s0_op == OpReg) begin
      reg_busy_d = 1'b1;
    end
    if (clr_all_i) begin
      walk_d     = 1'b1;
      walk_ptr_d = '0;
      reg_busy_d = 1'b0;   // a register access entering stage 0 now is done after the walk
    end
  end

  logic [NumFuncs-1:0] eligible_q;
  logic [NumFuncs-1:0] police_q;
  logic                n_eligible;

  // the count of ineligible functions follows the one bit written per cycle
  assign n_eligible = n_incr == '0 || !n_credit[CreditWidth+1];
  always_comb begin
    inelig_d = inelig_q;
    if (mem_we && eligible_q[FuncWidth'(s1_func_q)] != n_eligible) begin
      inelig_d = n_eligible ? inelig_q - 1'b1 : inelig_q + 1'b1;
    end
  end

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      walk_q      <= 1'b1;   // the memory holds nothing yet
      walk_ptr_q  <= '0;
      rr_q        <= '0;
      reg_busy_q  <= 1'b0;
      inelig_q    <= '0;
      s1_valid_q  <= 1'b0;
      s1_op_q     <= OpRefresh;
      s1_func_q   <= '0;
      s1_bytes_q  <= '0;
      s1_we_q     <= 1'b0;
      s1_sel_q    <= '0;
      s1_wdata_q  <= '0;
      fwd_valid_q <= 1'b0;
      fwd_func_q  <= '0;
      fwd_word_q  <= '0;
      eligible_q  <= '1;
      police_q    <= '0;
    end else begin
      walk_q     <= walk_d;
      walk_ptr_q <= walk_ptr_d;
      rr_q       <= rr_d;
      reg_busy_q <= reg_busy_d;
      inelig_q   <= inelig_d;

      s1_valid_q <= !clr_all_i && s0_go;
      s1_op_q    <= s0_op;
      s1_func_q  <= s0_func;
      s1_bytes_q <= (s0_op == OpCharge) ? charge_bytes_i : 16'd0;
      s1_we_q    <= cfg_we_i;
      s1_sel_q   <= cfg_sel_i;
      s1_wdata_q <= cfg_wdata_i;

      fwd_valid_q <= mem_we;
      if (mem_we) begin
        fwd_func_q <= FuncWidth'(s1_func_q);
        fwd_word_q <= mem_wdata;
      end

      // one bit of each vector, of the function whose word is written
      if (mem_we) begin
        eligible_q[FuncWidth'(s1_func_q)] <= n_eligible;
        police_q[FuncWidth'(s1_func_q)]   <= n_police;
      end
    end
  end

  assign eligible_o = eligible_q;
  assign police_o   = police_q;
  assign busy_o     = walk_q || s1_valid_q || reg_busy_q || refresh_on;

  // Activity gating (docs/rtl-structure.md "Activity gating"): the block runs on clk_g,
  // which the Verilated model stops while busy_o is low and nothing comes in:
  // a charge, register access or clear (now_i is time, not work)
  vfnic_cg u_cg (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (busy_o || charge_i || cfg_req_i || clr_all_i),
    .clk_o (clk_g)
  );

endmodule

`default_nettype wire
