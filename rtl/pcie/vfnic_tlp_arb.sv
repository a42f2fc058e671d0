// SPDX-License-Identifier: MIT
// Round-robin arbiter merging TLP streams into one. A source keeps the output from its first
// presented beat until its last beat is accepted, so TLPs never interleave and the output
// payload never changes while valid && !ready.
`default_nettype none

module vfnic_tlp_arb #(
  parameter int unsigned NumIn = 2
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  input  logic [NumIn-1:0]        in_valid_i,
  output logic [NumIn-1:0]        in_ready_o,
  input  logic [NumIn-1:0][127:0] in_hdr_i,
  input  logic [NumIn-1:0][127:0] in_data_i,
  input  logic [NumIn-1:0]        in_last_i,

  output logic                   out_valid_o,
  input  logic                   out_ready_i,
  output logic [127:0]           out_hdr_o,
  output logic [127:0]           out_data_o,
  output logic                   out_last_o,

  output logic                   busy_o      // a TLP is being passed through
);

  localparam int unsigned IdxW = (NumIn > 1) ? $clog2(NumIn) : 1;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumIn < 2) begin : gen_num_in_check
    $error("NumIn must be at least 2");
  end
`endif

  logic            locked_q, locked_d;  // a TLP owns the output
  logic [IdxW-1:0] sel_q, sel_d;        // its source
  logic [IdxW-1:0] prio_q, prio_d;      // source served last; the search starts after it
  logic [IdxW-1:0] winner;
  logic            any_valid;
  logic [IdxW-1:0] sel;

  // first valid source after the one served last
  always_comb begin
    winner    = prio_q;
    any_valid = 1'b0;
    for (int k = NumIn; k >= 1; k--) begin
      logic [IdxW:0] idx;
      idx = {1'b0, prio_q} + (IdxW + 1)'(k);
      if (idx >= (IdxW + 1)'(NumIn)) begin
        idx = idx - (IdxW + 1)'(NumIn);
      end
      if (in_valid_i[idx[IdxW-1:0]]) begin
        winner    = idx[IdxW-1:0];
        any_valid = 1'b1;
      end
    end
  end

  assign sel = locked_q ? sel_q : winner;

  always_comb begin
    locked_d = locked_q;
    sel_d    = sel_q;
    prio_d   = prio_q;
    if (locked_q || any_valid) begin
      locked_d = 1'b1;
      sel_d    = sel;
      if (out_ready_i && out_last_o) begin
        locked_d = 1'b0;
        prio_d   = sel;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      locked_q <= 1'b0;
      sel_q    <= '0;
      prio_q   <= IdxW'(NumIn - 1);
    end else begin
      locked_q <= locked_d;
      sel_q    <= sel_d;
      prio_q   <= prio_d;
    end
  end

  always_comb begin
    in_ready_o      = '0;
    in_ready_o[sel] = out_ready_i && (locked_q || any_valid);
  end

  assign out_valid_o = (locked_q || any_valid) && in_valid_i[sel];
  assign out_hdr_o   = in_hdr_i[sel];
  assign out_data_o  = in_data_i[sel];
  assign out_last_o  = in_last_i[sel];
  assign busy_o      = locked_q;

`ifdef FORMAL
  // The merged stream follows AXI-Stream rules given sources that do. Inside the core the
  // sources assert their own rules; proving this module alone, define VFNIC_FORMAL_ARB_TOP
  // to assume them.
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni)) begin
`ifdef VFNIC_FORMAL_ARB_TOP
      for (int k = 0; k < NumIn; k++) begin
        if ($past(in_valid_i[k] && !in_ready_o[k])) begin
          assume (in_valid_i[k]);
          assume ($stable(in_hdr_i[k]) && $stable(in_data_i[k]) && $stable(in_last_i[k]));
        end
      end
`endif
      if ($past(out_valid_o && !out_ready_i)) begin
        assert (out_valid_o);
        assert ($stable(out_hdr_o) && $stable(out_data_o) && $stable(out_last_o));
      end
    end
  end
`endif

endmodule

`default_nettype wire
