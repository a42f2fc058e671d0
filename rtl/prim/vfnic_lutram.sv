// SPDX-License-Identifier: MIT
// A small table with one write port and Reads combinational read ports: the shape of ECP5
// distributed RAM (TRELLIS_DPR16X4: write clocked, read asynchronous), which Yosys replicates
// once per read port. For tables that are written rarely and read by index inside a cycle
// (the QP_OWNER copies of docs/rtl-structure.md "Tables read in the cycle"): a read of a
// flop vector at a computed index is a multiplexer over every entry per read site (about
// 1 k LUT4 for 130 entries of 7 bits), a read of this table a few DPR16X4 and a small mux.
// A write is seen by reads from the next cycle on. Contents are not reset: the owner writes
// every entry after reset (a walk) before anyone relies on them.
`default_nettype none

module vfnic_lutram #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 16,
  parameter int unsigned Reads = 1,
  localparam int unsigned AddrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                              clk_i,

  input  logic                              we_i,
  input  logic [AddrWidth-1:0]              waddr_i,
  input  logic [Width-1:0]                  wdata_i,

  input  logic [Reads-1:0][AddrWidth-1:0]   raddr_i,
  output logic [Reads-1:0][Width-1:0]       rdata_o   // mem[raddr_i[r]], combinational
);

`ifndef __ICARUS__
  if (Width < 1 || Depth < 1 || Reads < 1) begin : gen_check
    $error("vfnic_lutram: Width, Depth and Reads must be at least 1");
  end
`endif

  logic [Width-1:0] mem [Depth];

  // an address at or beyond Depth writes nothing and reads an undefined word (callers check)
  always_ff @(posedge clk_i) begin
    if (we_i && 32'(waddr_i) < Depth) begin
      mem[waddr_i] <= wdata_i;
    end
  end

  for (genvar r = 0; r < Reads; r++) begin : gen_rd
    assign rdata_o[r] = mem[raddr_i[r]];
  end

endmodule

`default_nettype wire
