// SPDX-License-Identifier: MIT
// Simple dual-port RAM: one write port, one read port with a registered read (the data of a
// read issued in cycle n is on rdata_o in cycle n+1 and stays there until the next read).
// This is the one shape every per-ring, per-function, per-vector and per-entry table of the
// core uses: block RAM (DP16KD/PDPW16KD) or distributed RAM on an FPGA, and a plain array
// in the simulator. Contents are not reset: a user that needs cleared state keeps validity elsewhere
// (a generation tag, a "written since reset" bit) or clears entries by walking them.
// A read of the address written in the same cycle returns the old word (read-first); a user
// that needs the new word forwards it (docs/rtl-structure.md "Memories").
`default_nettype none

module vfnic_ram_1r1w #(
  parameter int unsigned Width = 32,
  parameter int unsigned Depth = 16,
  localparam int unsigned AddrWidth = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                 clk_i,

  input  logic                 we_i,
  input  logic [AddrWidth-1:0] waddr_i,
  input  logic [Width-1:0]     wdata_i,

  input  logic                 re_i,
  input  logic [AddrWidth-1:0] raddr_i,
  output logic [Width-1:0]     rdata_o
);

`ifndef __ICARUS__
  if (Width < 1 || Depth < 1) begin : gen_check
    $error("vfnic_ram_1r1w: Width and Depth must be at least 1");
  end
`endif

  logic [Width-1:0] mem [Depth];
  logic [Width-1:0] rdata_q;

  // an address at or beyond Depth writes nothing and reads an undefined word (callers check)
  always_ff @(posedge clk_i) begin
    if (we_i && 32'(waddr_i) < Depth) begin
      mem[waddr_i] <= wdata_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (re_i) begin
      rdata_q <= mem[raddr_i];
    end
  end

  assign rdata_o = rdata_q;

endmodule

`default_nettype wire
