// SPDX-License-Identifier: MIT
// Register slice for a valid/ready stream (AXI-Stream rules on both sides): every output and
// in_ready_o come from flops, so nothing combinational crosses it in either direction, and it
// passes one word per cycle. Two places: the output register and a skid register that catches
// the word accepted in the cycle the output stalled. Used at the core's boundary
// (docs/rtl-structure.md rule 5).
`default_nettype none

module vfnic_skid #(
  parameter int unsigned Width = 8
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [Width-1:0] in_data_i,

  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [Width-1:0] out_data_o,

  output logic             busy_o        // a word is held
);

  logic             out_valid_q, skid_valid_q;
  logic [Width-1:0] out_data_q, skid_data_q;

  // ready while the skid register is empty: a word taken now finds a place even if the
  // output stalls this cycle
  assign in_ready_o = !skid_valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_valid_q  <= 1'b0;
      skid_valid_q <= 1'b0;
      out_data_q   <= '0;
      skid_data_q  <= '0;
    end else begin
      if (!out_valid_q || out_ready_i) begin
        // the output register is free after this cycle: refill it, skid first
        if (skid_valid_q) begin
          out_valid_q  <= 1'b1;
          out_data_q   <= skid_data_q;
          skid_valid_q <= 1'b0;   // (no word is taken while the skid is full)
        end else begin
          out_valid_q <= in_valid_i;
          if (in_valid_i) begin
            out_data_q <= in_data_i;
          end
        end
      end else if (in_valid_i && in_ready_o) begin
        // output stalled: park the new word
        skid_valid_q <= 1'b1;
        skid_data_q  <= in_data_i;
      end
    end
  end

  assign out_valid_o = out_valid_q;
  assign out_data_o  = out_data_q;
  assign busy_o      = out_valid_q || skid_valid_q;

endmodule

`default_nettype wire
