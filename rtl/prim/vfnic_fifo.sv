// SPDX-License-Identifier: MIT
// Synchronous FIFO with valid/ready on both sides (AXI-Stream rules) and its storage in a
// vfnic_ram_1r1w, so deep FIFOs (one place per ring or per function) become block RAM. The
// head words are prefetched into a two-place output queue, so out_valid_o/out_data_o come
// from flops and the FIFO passes one word per cycle in steady state; a word written into an
// empty FIFO is on the output two cycles later. Depth places in the RAM plus the two output
// places: Depth + 2 words in all. count_o counts every word held.
`default_nettype none

module vfnic_fifo #(
  parameter int unsigned Width = 8,
  parameter int unsigned Depth = 16,   // RAM places (the output queue holds two more)
  localparam int unsigned AddrWidth = (Depth > 1) ? $clog2(Depth) : 1,
  localparam int unsigned CountWidth = $clog2(Depth + 3)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  clr_i,      // drop everything (synchronous)

  input  logic                  in_valid_i,
  output logic                  in_ready_o,
  input  logic [Width-1:0]      in_data_i,

  output logic                  out_valid_o,
  input  logic                  out_ready_i,
  output logic [Width-1:0]      out_data_o,

  output logic [CountWidth-1:0] count_o
);

`ifndef __ICARUS__
  if (Depth < 2 || (Depth & (Depth - 1)) != 0) begin : gen_check
    $error("vfnic_fifo: Depth must be a power of two, at least 2");
  end
`endif

  logic [AddrWidth-1:0]  wptr_q, rptr_q;
  logic [AddrWidth:0]    used_q;       // words in the RAM (not yet read out of it)
  logic                  rd_pend_q;    // a RAM read lands in the output queue this cycle
  logic [1:0]            ov_q;         // output queue places 0 (head) and 1 hold a word
  logic [1:0][Width-1:0] od_q;
  logic [Width-1:0]      ram_rdata;

  logic       push, pop, ram_re;
  logic [1:0] held_after;  // output words after this cycle's pop and landing

  assign in_ready_o = 32'(used_q) < Depth;
  assign push       = in_valid_i && in_ready_o;
  assign pop        = ov_q[0] && out_ready_i;
  assign held_after = 2'(ov_q[0]) + 2'(ov_q[1]) + 2'(rd_pend_q) - 2'(pop);
  // a read issued now lands next cycle: it needs a place even if nothing is popped then
  assign ram_re     = used_q != '0 && held_after < 2'd2;

  vfnic_ram_1r1w #(
    .Width(Width),
    .Depth(Depth)
  ) u_ram (
    .clk_i  (clk_i),
    .we_i   (push),
    .waddr_i(wptr_q),
    .wdata_i(in_data_i),
    .re_i   (ram_re),
    .raddr_i(rptr_q),
    .rdata_o(ram_rdata)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q    <= '0;
      rptr_q    <= '0;
      used_q    <= '0;
      rd_pend_q <= 1'b0;
      ov_q      <= '0;
      od_q      <= '0;
    end else if (clr_i) begin
      wptr_q    <= '0;
      rptr_q    <= '0;
      used_q    <= '0;
      rd_pend_q <= 1'b0;
      ov_q      <= '0;
    end else if (push || ram_re || rd_pend_q || pop) begin
      // (nothing changes in a cycle without any of these: an idle FIFO costs no evaluation)
      if (push) begin
        wptr_q <= wptr_q + 1'b1;
      end
      if (ram_re) begin
        rptr_q <= rptr_q + 1'b1;
      end
      used_q    <= used_q + (AddrWidth + 1)'(push) - (AddrWidth + 1)'(ram_re);
      rd_pend_q <= ram_re;
      // shift out the popped head, then append the landing word behind what is left
      if (pop) begin
        if (ov_q[1]) begin
          ov_q <= rd_pend_q ? 2'b11 : 2'b01;
          od_q[0] <= od_q[1];
          if (rd_pend_q) od_q[1] <= ram_rdata;
        end else begin
          ov_q <= rd_pend_q ? 2'b01 : 2'b00;
          if (rd_pend_q) od_q[0] <= ram_rdata;
        end
      end else if (rd_pend_q) begin
        if (ov_q[0]) begin
          ov_q    <= 2'b11;
          od_q[1] <= ram_rdata;
        end else begin
          ov_q    <= 2'b01;
          od_q[0] <= ram_rdata;
        end
      end
    end
  end

  assign out_valid_o = ov_q[0];
  assign out_data_o  = od_q[0];
  assign count_o     = CountWidth'(used_q) + CountWidth'(rd_pend_q) + CountWidth'(ov_q[0]) +
                       CountWidth'(ov_q[1]);

endmodule

`default_nettype wire
