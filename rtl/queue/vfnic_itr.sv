// SPDX-License-Identifier: MIT
// Interrupt moderation (docs/datapath.md "Interrupt moderation", docs/datapath-blocks.md
// "Interrupt moderation — vfnic_itr"): per MSI-X vector of every function, the ITR registers
// INTERVAL and PKTS, a pending flag and an event count; turns ring events from vfnic_txq and
// vfnic_rxq into raise requests to the MSI-X blocks.
//
// Ports:
//   parameter NumFuncs (1..65), PfVectors = PF_MSIX_VECTORS, VfVectors = VF_MSIX_VECTORS,
//             UnitLog2 = ITR_UNIT_LOG2 (interval unit 2^UnitLog2 cycles)
//   register port (ITR[vec] of function func; one access per cycle, write at the clock edge):
//     reg_req_i, reg_we_i, [6:0] reg_func_i, [11:0] reg_vec_i, [3:2] reg_off_i (0 INTERVAL,
//     1 PKTS; 2, 3 are holes), [3:0] reg_be_i, [31:0] reg_wdata_i
//     reg_hit_o    combinational: reg_req_i and the register exists (func < NumFuncs, vec below
//                  the function's vector count, off 0/1); writes elsewhere are ignored
//     reg_rdata_o  combinational: INTERVAL.UNITS (15:0) or PKTS.COUNT (7:0), 0 for a hole
//   tx_irq_valid_i, [6:0] tx_irq_func_i, [11:0] tx_irq_vec_i   events (vfnic_txq)
//   rx_irq_valid_i, [6:0] rx_irq_func_i, [11:0] rx_irq_vec_i   events (vfnic_rxq); both ports
//                  may fire in one cycle, also for the same vector (counts 2); an event for a
//                  vector the function does not have is ignored
//   raise_valid_o, [6:0] raise_func_o, [11:0] raise_vec_o; raise_ready_i   raise requests to
//                  the MSI-X blocks (AXI-Stream rules: held stable until accepted)
//   busy_o       a vector is pending or a raise waits on the output: time must keep running
//                  (the model stops the clock while the core is idle)
//   [NumFuncs-1:0] freset_i   function reset: the function's vectors go back to their reset
//                  state (INTERVAL = PKTS = 0, not pending, no interval running); events and
//                  register writes of the function in that cycle are dropped. A raise already
//                  on raise_*_o stays there until accepted.
//
// Rule: an event makes its vector pending and counts (saturating at 255). A pending vector is
// raised when INTERVAL = 0, or INTERVAL units have elapsed since its last raise was accepted,
// or PKTS != 0 and count >= PKTS. Raising (loading raise_*_o) clears pending and count; the
// acceptance (raise_valid_o && raise_ready_i) restarts the interval, so two accepted raises of
// a vector are never closer than INTERVAL * 2^UnitLog2 cycles. An event in the cycle of the
// raise makes the vector pending again. INTERVAL and PKTS may change at any time; the new
// values apply from the vector's next check (an event checks the values before a register
// write of its own cycle).
// Fast path (moderation off): an event for a vector whose INTERVAL is 0 (PKTS is then
// irrelevant, as for a pending vector) and that is not pending is raised directly, without
// becoming pending, when in its cycle the output register is free (or being accepted, also by
// the same vector) and the scan raises nothing; of two such events in one cycle the tx one
// wins. Otherwise (and for the other event) the event makes the vector pending as above.
// Events of a function being reset in that cycle are dropped, as always.
//
// Implementation (no per-vector comparators): vectors are numbered PF 0..PfVectors-1, then
// VfVectors per VF. A scan pointer visits one vector per cycle and checks it; an eligible
// vector is raised if the output register is free (or being accepted), otherwise the scan
// waits on it, so raises under backpressure go strictly round-robin. The fast path loads the
// output register only in a cycle in which the scan does not (the scan has priority, so a
// stream of fast-path events never starves a pending vector: the bound below still holds);
// it reads INTERVAL of the two event vectors through two more asynchronous read ports of its
// memory. Time: a global unit counter ticks every 2^UnitLog2 cycles; the acceptance stores
// the vector's unit stamp (and whether it fell inside a unit, then one more unit is required,
// so the interval is never short); elapsed = units now - stamp. A second pointer sweeps the
// stamps one vector per cycle and marks a vector "long ago" once 2^16 units have passed,
// before the 18-bit stamp could wrap, so an old stamp never looks recent.
// Extra latency: an event that takes the fast path is on raise_*_o in the next cycle (the
// output register only). A vector that becomes eligible otherwise (pending: the output was
// busy, the scan took that cycle, or its INTERVAL is not 0; a vector with an event in every
// cycle stays pending while its events meet its raises) is raised within NumVec cycles in
// which the output was free (NumVec = PfVectors + VfVectors*(NumFuncs-1): 40 for 9
// functions, 264 for 65), plus up to 2^UnitLog2 - 1 cycles of unit rounding when the
// interval is what it waits for.
//
// Storage: INTERVAL, PKTS and the stamps in memories (distributed RAM: one write port, cheap
// asynchronous read ports; INTERVAL has four: register port, scan, tx and rx events); pending,
// count and "written since reset" flags in flops.
`default_nettype none

module vfnic_itr #(
  parameter int unsigned NumFuncs  = 9,                       // routing functions (PF + VFs)
  parameter int unsigned PfVectors = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),  // of the PF
  parameter int unsigned VfVectors = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),  // of each VF
  parameter int unsigned UnitLog2  = 32'(vfnic_regs_pkg::ITR_UNIT_LOG2)     // 2^n cycles
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  input  logic                reg_req_i,
  input  logic                reg_we_i,
  input  logic [6:0]          reg_func_i,
  input  logic [11:0]         reg_vec_i,
  input  logic [3:2]          reg_off_i,
  input  logic [3:0]          reg_be_i,
  input  logic [31:0]         reg_wdata_i,
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



  localparam int unsigned NumVec  = PfVectors + VfVectors * (NumFuncs - 1);
  localparam int unsigned VecW    = (NumVec > 1) ? $clog2(NumVec) : 1;
  localparam int unsigned StampW  = 18;   // unit stamps: > 2^16 units + a sweep
  localparam int unsigned PreW    = (UnitLog2 > 0) ? UnitLog2 : 1;

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
  // the sweep must visit every stamp well within the 2^(StampW-1) - 2^16 units of headroom
  if (NumVec > (1 << UnitLog2) * 1024) begin : gen_sweep_check
    $error("too many vectors for the stamp sweep");
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

  function automatic int unsigned vec_func(int unsigned i);
    vec_func = (i < PfVectors) ? 0 : 1 + (i - PfVectors) / VfVectors;
  endfunction

  // ---- state ----
  logic [15:0]         interval_mem [NumVec];
  logic [7:0]          pkts_mem [NumVec];
  logic [StampW:0]     stamp_mem [NumVec];   // {inside a unit, units} of the last acceptance
  logic [NumVec-1:0]   int_set_q, int_set_d;     // INTERVAL written since reset
  logic [NumVec-1:0]   pkts_set_q, pkts_set_d;   // PKTS written since reset
  logic [NumVec-1:0]   pending_q, pending_d;
  logic [NumVec-1:0][7:0] count_q, count_d;
  logic [NumVec-1:0]   long_q, long_d;           // no acceptance for >= 2^16 units (or never)

  logic [PreW-1:0]     pre_q, pre_d;             // cycle within the unit
  logic [StampW-1:0]   units_q, units_d;

  logic [VecW-1:0]     scan_q, scan_d;           // vector checked this cycle
  logic [6:0]          scan_func_q, scan_func_d;
  logic [11:0]         scan_vec_q, scan_vec_d;
  logic [VecW-1:0]     sweep_q, sweep_d;         // stamp checked this cycle

  logic                out_valid_q, out_valid_d;
  logic [VecW-1:0]     out_idx_q, out_idx_d;
  logic [6:0]          out_func_q, out_func_d;
  logic [11:0]         out_vec_q, out_vec_d;
  logic                out_stale_q, out_stale_d; // its function was reset: do not stamp

  // per vector: its function is being reset
  logic [NumVec-1:0]   vec_reset;
  for (genvar i = 0; i < NumVec; i++) begin : gen_vec_reset
    assign vec_reset[i] = freset_i[vec_func(i)];
  end

  // ---- register port ----
  logic              reg_ok;
  logic [VecW-1:0]   reg_idx;
  logic [15:0]       reg_interval;
  logic [7:0]        reg_pkts;
  logic              int_we, pkts_we;
  logic [15:0]       int_wval;
  logic [7:0]        pkts_wval;
  logic              unused_wdata;

  assign reg_ok  = 32'(reg_func_i) < NumFuncs && 32'(reg_vec_i) < vec_count(reg_func_i) &&
                   !reg_off_i[3];
  assign reg_idx = vec_index(reg_func_i, reg_vec_i);
  assign reg_interval = int_set_q[reg_idx] ? interval_mem[reg_idx] : 16'd0;
  assign reg_pkts     = pkts_set_q[reg_idx] ? pkts_mem[reg_idx] : 8'd0;

  always_comb begin
    reg_rdata_o = '0;
    if (reg_ok) begin
      reg_rdata_o = reg_off_i[2] ? {24'd0, reg_pkts} : {16'd0, reg_interval};
    end
  end
  assign reg_hit_o = reg_req_i && reg_ok;

  assign int_we    = reg_req_i && reg_we_i && reg_ok && !reg_off_i[2];
  assign pkts_we   = reg_req_i && reg_we_i && reg_ok && reg_off_i[2];
  assign int_wval  = {reg_be_i[1] ? reg_wdata_i[15:8] : reg_interval[15:8],
                      reg_be_i[0] ? reg_wdata_i[7:0] : reg_interval[7:0]};
  assign pkts_wval = reg_be_i[0] ? reg_wdata_i[7:0] : reg_pkts;
  assign unused_wdata = ^{reg_wdata_i[31:16], reg_be_i[3:2]};

  // ---- events ----
  logic            tx_ok, rx_ok;
  logic [VecW-1:0] tx_idx, rx_idx;

  assign tx_ok  = tx_irq_valid_i && 32'(tx_irq_func_i) < NumFuncs &&
                  32'(tx_irq_vec_i) < vec_count(tx_irq_func_i);
  assign rx_ok  = rx_irq_valid_i && 32'(rx_irq_func_i) < NumFuncs &&
                  32'(rx_irq_vec_i) < vec_count(rx_irq_func_i);
  assign tx_idx = vec_index(tx_irq_func_i, tx_irq_vec_i);
  assign rx_idx = vec_index(rx_irq_func_i, rx_irq_vec_i);

  // ---- the scanned vector ----
  logic [15:0]       s_interval;
  logic [7:0]        s_pkts;
  logic [StampW:0]   s_stamp;
  logic [StampW-1:0] s_elapsed;
  logic              s_time_ok, s_pkts_ok, s_elig;
  logic              slot_free, issue, accept;

  assign s_interval = int_set_q[scan_q] ? interval_mem[scan_q] : 16'd0;
  assign s_pkts     = pkts_set_q[scan_q] ? pkts_mem[scan_q] : 8'd0;
  assign s_stamp    = stamp_mem[scan_q];
  assign s_elapsed  = units_q - s_stamp[StampW-1:0];
  // a stamp inside a unit needs one more unit: the interval is never shorter than INTERVAL
  assign s_time_ok  = s_interval == 16'd0 || long_q[scan_q] ||
                      s_elapsed >= StampW'(s_interval) + StampW'(s_stamp[StampW]);
  assign s_pkts_ok  = s_pkts != 8'd0 && count_q[scan_q] >= s_pkts;
  // the vector on the output waits until its raise is accepted and stamped
  assign s_elig     = pending_q[scan_q] && (s_time_ok || s_pkts_ok) && !vec_reset[scan_q] &&
                      !(out_valid_q && out_idx_q == scan_q);
  assign accept     = out_valid_q && raise_ready_i;
  assign slot_free  = !out_valid_q || raise_ready_i;
  assign issue      = s_elig && slot_free;

  // ---- the fast path: an event of a vector with INTERVAL 0 that is not pending ----
  logic [15:0]       tx_interval, rx_interval;
  logic              tx_fast_ok, rx_fast_ok, fast_go, fast_tx, fast_rx;

  assign tx_interval = int_set_q[tx_idx] ? interval_mem[tx_idx] : 16'd0;
  assign rx_interval = int_set_q[rx_idx] ? interval_mem[rx_idx] : 16'd0;
  assign tx_fast_ok  = tx_ok && tx_interval == 16'd0 && !pending_q[tx_idx] && !vec_reset[tx_idx];
  assign rx_fast_ok  = rx_ok && rx_interval == 16'd0 && !pending_q[rx_idx] && !vec_reset[rx_idx];
  // the output register is free and the scan does not load it (it has priority)
  assign fast_go     = slot_free && !s_elig;
  assign fast_tx     = fast_go && tx_fast_ok;
  assign fast_rx     = fast_go && rx_fast_ok && !tx_fast_ok;

  // ---- the stamp sweep ----
  logic [StampW-1:0] w_elapsed;
  logic              w_long;
  assign w_elapsed = units_q - stamp_mem[sweep_q][StampW-1:0];
  assign w_long    = w_elapsed >= StampW'(32'h10000);   // ignores the inside-unit bit

  // ---- memories (no reset; the *_set and long flags say what they hold) ----
  always_ff @(posedge clk_i) begin
    if (int_we) begin
      interval_mem[reg_idx] <= int_wval;
    end
    if (pkts_we) begin
      pkts_mem[reg_idx] <= pkts_wval;
    end
    if (accept) begin
      stamp_mem[out_idx_q] <= {pre_q != '0, units_q};
    end
  end

  // ---- next state ----
  always_comb begin
    int_set_d  = int_set_q;
    pkts_set_d = pkts_set_q;
    pending_d  = pending_q;
    count_d    = count_q;
    long_d     = long_q;

    // time
    pre_d   = pre_q + 1'b1;
    units_d = (pre_q == '1) ? units_q + 1'b1 : units_q;

    // the sweep marks old stamps (2^16 units >= any INTERVAL + 1)
    sweep_d = (32'(sweep_q) == NumVec - 1) ? '0 : sweep_q + 1'b1;
    if (w_long) begin
      long_d[sweep_q] = 1'b1;
    end

    // scan: advance unless waiting on an eligible vector for the output
    scan_d      = scan_q;
    scan_func_d = scan_func_q;
    scan_vec_d  = scan_vec_q;
    if (!s_elig || slot_free) begin
      if (32'(scan_q) == NumVec - 1) begin
        scan_d      = '0;
        scan_func_d = '0;
        scan_vec_d  = '0;
      end else begin
        scan_d = scan_q + 1'b1;
        if (32'(scan_vec_q) == vec_count(scan_func_q) - 1) begin
          scan_func_d = scan_func_q + 1'b1;
          scan_vec_d  = '0;
        end else begin
          scan_vec_d = scan_vec_q + 1'b1;
        end
      end
    end

    // output register
    out_valid_d = out_valid_q && !raise_ready_i;
    out_idx_d   = out_idx_q;
    out_func_d  = out_func_q;
    out_vec_d   = out_vec_q;
    out_stale_d = out_stale_q || (out_valid_q && vec_reset[out_idx_q]);
    if (issue) begin
      out_valid_d = 1'b1;
      out_idx_d   = scan_q;
      out_func_d  = scan_func_q;
      out_vec_d   = scan_vec_q;
      out_stale_d = 1'b0;
      pending_d[scan_q] = 1'b0;
      count_d[scan_q]   = '0;
    end else if (fast_tx || fast_rx) begin
      // the event is raised instead of making its vector pending (it is not: count is 0)
      out_valid_d = 1'b1;
      out_idx_d   = fast_tx ? tx_idx : rx_idx;
      out_func_d  = fast_tx ? tx_irq_func_i : rx_irq_func_i;
      out_vec_d   = fast_tx ? tx_irq_vec_i : rx_irq_vec_i;
      out_stale_d = 1'b0;
    end
    if (accept && !out_stale_q && !vec_reset[out_idx_q]) begin
      long_d[out_idx_q] = 1'b0;   // the stamp written now restarts the interval
    end

    for (int i = 0; i < NumVec; i++) begin
      logic [1:0] add;
      logic [8:0] sum;
      add = 2'(tx_ok && !fast_tx && 32'(tx_idx) == i) + 2'(rx_ok && !fast_rx && 32'(rx_idx) == i);
      sum = {1'b0, count_d[i]} + 9'(add);
      if (add != 2'd0) begin
        pending_d[i] = 1'b1;
        count_d[i]   = sum[8] ? 8'hff : sum[7:0];
      end
      if (int_we && 32'(reg_idx) == i) begin
        int_set_d[i] = 1'b1;
      end
      if (pkts_we && 32'(reg_idx) == i) begin
        pkts_set_d[i] = 1'b1;
      end
      if (vec_reset[i]) begin
        int_set_d[i]  = 1'b0;
        pkts_set_d[i] = 1'b0;
        pending_d[i]  = 1'b0;
        count_d[i]    = '0;
        long_d[i]     = 1'b1;
      end
    end
  end

  assign raise_valid_o = out_valid_q;
  assign raise_func_o  = out_func_q;
  assign raise_vec_o   = out_vec_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      int_set_q   <= '0;
      pkts_set_q  <= '0;
      pending_q   <= '0;
      count_q     <= '0;
      long_q      <= '1;
      pre_q       <= '0;
      units_q     <= '0;
      scan_q      <= '0;
      scan_func_q <= '0;
      scan_vec_q  <= '0;
      sweep_q     <= '0;
      out_valid_q <= 1'b0;
      out_idx_q   <= '0;
      out_func_q  <= '0;
      out_vec_q   <= '0;
      out_stale_q <= 1'b0;
    end else begin
      int_set_q   <= int_set_d;
      pkts_set_q  <= pkts_set_d;
      pending_q   <= pending_d;
      count_q     <= count_d;
      long_q      <= long_d;
      pre_q       <= pre_d;
      units_q     <= units_d;
      scan_q      <= scan_d;
      scan_func_q <= scan_func_d;
      scan_vec_q  <= scan_vec_d;
      sweep_q     <= sweep_d;
      out_valid_q <= out_valid_d;
      out_idx_q   <= out_idx_d;
      out_func_q  <= out_func_d;
      out_vec_q   <= out_vec_d;
      out_stale_q <= out_stale_d;
    end
  end

  assign busy_o = (|pending_q) || raise_valid_o;

endmodule

`default_nettype wire
