// SPDX-License-Identifier: MIT
// Clock gate for simulation speed (docs/rtl-structure.md "Activity gating"). With
// VFNIC_SIM_GATING defined (the Verilated model) clk_o runs only in cycles whose en_i was
// high before the rising edge: en_i is sampled while clk_i is low, as an integrated clock
// gate does. Without it (synthesis, block testbenches, the reference of the lockstep check)
// clk_o is clk_i. A block on clk_o must not change state in a cycle with en_i low: en_i is
// "this block has work or an input that could give it some".
`default_nettype none

module vfnic_cg (
  input  logic clk_i,
  input  logic en_i,
  output logic clk_o
);
`ifdef VFNIC_SIM_GATING
  logic en_q = 1'b1;  // runs from the start, so a reset held from time 0 is clocked in
  always_ff @(negedge clk_i) en_q <= en_i;
  assign clk_o = clk_i & en_q;
`else
  assign clk_o = clk_i;
  logic unused_en;
  assign unused_en = en_i;
`endif
endmodule

`default_nettype wire
