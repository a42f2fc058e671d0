// SPDX-License-Identifier: MIT
// Clock gate for simulation speed (docs/rtl-structure.md "Activity gating"). With
// VFNIC_SIM_GATING defined (the Verilated model) clk_o runs only in cycles whose en_i was
// high before the rising edge: en_i passes a latch that is open while clk_i is low, as in an
// integrated clock gate. Without it (synthesis, lint, the lockstep reference, the smaller
// configuration of each block testbench) clk_o is clk_i. A block on clk_o must not change state in a cycle with en_i low: en_i is
// "this block has work or an input that could give it some".
`default_nettype none

module vfnic_cg (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic en_i,
  output logic clk_o
);
`ifdef VFNIC_SIM_GATING
  // the latch of an integrated clock gate: open while the clock is low, so an enable that
  // changes at any time in the low phase counts; it starts open, so a reset held from time 0
  // is clocked in
  // also open in reset and for the first edge after it (awake_q), so every block is reset
  // and sees its first cycle out of reset whatever its enable says
  logic en_l = 1'b1;
  logic awake_q;
  always_ff @(posedge clk_o or negedge rst_ni) begin
    if (!rst_ni) begin
      awake_q <= 1'b0;
    end else begin
      awake_q <= 1'b1;
    end
  end
  always_latch begin
    if (!clk_i) begin
      en_l = en_i || !rst_ni || !awake_q;
    end
  end
  assign clk_o = clk_i & en_l;
`else
  assign clk_o = clk_i;
  logic unused_en;
  assign unused_en = ^{en_i, rst_ni};
`endif
endmodule

`default_nettype wire
