// SPDX-License-Identifier: MIT
// A block's own copy of QP_OWNER (docs/rtl-structure.md "Tables read in the cycle"): takes
// vfnic_dp's broadcast writes (own_we_i, own_q_i, own_func_i; a write to a pair >= NumQp is
// ignored) and answers Reads lookups by pair index in the cycle (the owner written in an
// earlier cycle). Distributed RAM in ECP5, one copy per read port.
`default_nettype none

module vfnic_owner_copy #(
  parameter int unsigned NumQp = 18,
  parameter int unsigned Reads = 1,
  localparam int unsigned QW = (NumQp > 1) ? $clog2(NumQp) : 1
) (
  input  logic                    clk_i,
  input  logic                    own_we_i,
  input  logic [7:0]              own_q_i,
  input  logic [6:0]              own_func_i,
  input  logic [Reads-1:0][QW-1:0] q_i,      // callers check q < NumQp where it matters
  output logic [Reads-1:0][6:0]    func_o
);

  vfnic_lutram #(
    .Width(7),
    .Depth(NumQp),
    .Reads(Reads)
  ) u_mem (
    .clk_i  (clk_i),
    .we_i   (own_we_i && 32'(own_q_i) < NumQp),
    .waddr_i(QW'(own_q_i)),
    .wdata_i(own_func_i),
    .raddr_i(q_i),
    .rdata_o(func_o)
  );

endmodule

`default_nettype wire
