// SPDX-License-Identifier: MIT
// Round-robin arbiter over a few requesters (clients of an engine, not entries of a table:
// N is a handful). gnt_o is one-hot among req_i, combinational; the requester after the one
// granted last is first in line, so under constant requests each gets every N-th grant.
// The pointer moves only when the grant is used (ack_i), so a grant held under backpressure
// does not skip anyone.
`default_nettype none

module vfnic_arb_rr #(
  parameter int unsigned N = 4,
  localparam int unsigned IdxWidth = (N > 1) ? $clog2(N) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [N-1:0]        req_i,
  input  logic                ack_i,      // the grant of this cycle is taken
  output logic [N-1:0]        gnt_o,
  output logic [IdxWidth-1:0] idx_o,      // index of the grant (0 when none)
  output logic                valid_o     // some request is granted
);

`ifndef __ICARUS__
  if (N < 1 || N > 32) begin : gen_check
    $error("vfnic_arb_rr: N must be 1..32 (an arbiter of clients, not of table entries)");
  end
`endif

  logic [IdxWidth-1:0] next_q;   // first requester in line

  always_comb begin
    logic                found;
    logic [IdxWidth-1:0] i;
    gnt_o = '0;
    idx_o = '0;
    found = 1'b0;
    for (int unsigned k = 0; k < N; k++) begin
      i = IdxWidth'((32'(next_q) + k) % N);
      if (!found && req_i[i]) begin
        found    = 1'b1;
        gnt_o[i] = 1'b1;
        idx_o    = IdxWidth'(i);
      end
    end
    valid_o = found;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      next_q <= '0;
    end else if (ack_i && valid_o) begin
      next_q <= (32'(idx_o) + 1 == N) ? '0 : idx_o + 1'b1;
    end
  end

endmodule

`default_nettype wire
