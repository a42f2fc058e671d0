// SPDX-License-Identifier: MIT
// MSI-X of one function: vector table and PBA in the function's MSI-X BAR, pending logic, and
// message generation (one MWr per delivered vector on a single-beat request stream).
`default_nettype none

module vfnic_msix #(
  parameter int unsigned NumVectors   = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),
  parameter int unsigned BarSizeLog2  = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2),
  parameter logic [31:0] TableOffset  = vfnic_regs_pkg::MSIX_TABLE_OFFSET,
  parameter logic [31:0] PbaOffset    = vfnic_regs_pkg::MSIX_PBA_OFFSET,
  parameter int unsigned NumRaise     = 2,  // event sources that can raise a vector
  localparam int unsigned DwAddrWidth = BarSizeLog2 - 2
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      clr_i,         // FLR: every vector masked, none pending
  input  logic                      clr_pending_i, // software reset: none pending

  // Register access within the MSI-X BAR: one DW per cycle, effective while req_i is high
  input  logic                      req_i,
  input  logic                      we_i,
  input  logic [DwAddrWidth-1:0]    dw_addr_i,
  input  logic [3:0]                be_i,
  input  logic [31:0]               wdata_i,
  output logic [31:0]               rdata_o,
  output logic                      hit_o,     // 0: no register here / unsupported write

  // Function state
  input  logic                      en_i,        // MSI-X Enable
  input  logic                      func_mask_i, // Function Mask
  input  logic                      bme_i,       // Bus Master Enable
  input  logic [15:0]               req_id_i,

  // Interrupt events
  input  logic [NumRaise-1:0]       raise_i,
  input  logic [NumRaise-1:0][11:0] raise_vec_i,
  output logic [NumRaise-1:0]       dropped_o,   // event k was dropped (disabled/out of range)
  output logic                      sent_o,      // a message was accepted by the stream

  // Message stream (single-beat MWr TLPs)
  output logic                      msg_valid_o,
  input  logic                      msg_ready_i,
  output logic [127:0]              msg_hdr_o,
  output logic [127:0]              msg_data_o,

  output logic                      busy_o       // a message is queued or deliverable
);

  localparam int unsigned VecWidth  = (NumVectors > 1) ? $clog2(NumVectors) : 1;
  localparam int unsigned PbaDws    = 2 * ((NumVectors + 63) / 64);  // whole QWs
  localparam int unsigned PbaBits   = 32 * PbaDws;
  localparam logic [DwAddrWidth-1:0] TableDw = TableOffset[DwAddrWidth+1:2];
  localparam logic [DwAddrWidth-1:0] PbaDw   = PbaOffset[DwAddrWidth+1:2];

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumVectors < 1 || NumVectors > 2048) begin : gen_vectors_check
    $error("NumVectors must be 1..2048");
  end
  if (BarSizeLog2 < 7 || BarSizeLog2 > 31) begin : gen_bar_check
    $error("BarSizeLog2 must be 7..31");
  end
  if (TableOffset[2:0] != 3'b000 || PbaOffset[2:0] != 3'b000) begin : gen_align_check
    $error("MSI-X table and PBA offsets must be QW aligned");
  end
  if (64'(TableOffset) + 64'(16 * NumVectors) > (64'd1 << BarSizeLog2) ||
      64'(PbaOffset) + 64'(4 * PbaDws) > (64'd1 << BarSizeLog2)) begin : gen_fit_check
    $error("MSI-X table or PBA does not fit the BAR");
  end
  if ((TableOffset < PbaOffset) ? (TableOffset + 32'(16 * NumVectors) > PbaOffset)
                                : (PbaOffset + 32'(4 * PbaDws) > TableOffset)) begin
    : gen_overlap_check
    $error("MSI-X table and PBA overlap");
  end
  if (NumRaise < 1) begin : gen_raise_check
    $error("NumRaise must be at least 1");
  end
`endif

  // ---- vector table: address/data are plain storage (reset value undefined by the spec) ----
  logic [29:0] addr_lo_mem [NumVectors];  // Message Address 31:2 (bits 1:0 are RO 0)
  logic [31:0] addr_hi_mem [NumVectors];
  logic [31:0] data_mem    [NumVectors];

  logic [NumVectors-1:0] mask_q, mask_d;        // Vector Control bit 0, resets to masked
  logic [NumVectors-1:0] pending_q, pending_d;

  // ---- register access decode ----
  logic                   in_table;
  logic                   in_pba;
  logic [DwAddrWidth:0]   table_diff;  // one extra bit: set when below the region
  logic [DwAddrWidth:0]   pba_diff;
  logic [DwAddrWidth-1:0] table_rel;
  logic [DwAddrWidth-1:0] pba_rel;
  logic [VecWidth-1:0]    acc_vec;
  logic [1:0]             acc_word;
  logic                   tbl_we;

  assign table_diff = {1'b0, dw_addr_i} - {1'b0, TableDw};
  assign pba_diff   = {1'b0, dw_addr_i} - {1'b0, PbaDw};
  assign table_rel  = table_diff[DwAddrWidth-1:0];
  assign pba_rel    = pba_diff[DwAddrWidth-1:0];
  assign in_table   = !table_diff[DwAddrWidth] && (32'(table_rel) < 4 * NumVectors);
  assign in_pba     = !pba_diff[DwAddrWidth] && (32'(pba_rel) < PbaDws);
  assign acc_word  = table_rel[1:0];
  assign acc_vec   = VecWidth'(table_rel >> 2);

  // Table writes must cover the whole DW; a partial one is ignored and reported as not hit.
  // A zero-length write (no byte enabled) is a no-op. The PBA is read-only.
  assign tbl_we = req_i && we_i && in_table && (be_i == 4'hF);

  always_comb begin
    hit_o = 1'b0;
    if (in_table) begin
      hit_o = !we_i || (be_i == 4'hF) || (be_i == 4'h0);
    end else if (in_pba) begin
      hit_o = 1'b1;
    end
  end

  always_ff @(posedge clk_i) begin
    if (tbl_we) begin
      case (acc_word)
        2'd0:    addr_lo_mem[acc_vec] <= wdata_i[31:2];
        2'd1:    addr_hi_mem[acc_vec] <= wdata_i;
        2'd2:    data_mem[acc_vec]    <= wdata_i;
        default: ;  // Vector Control lives in mask_q
      endcase
    end
  end

  logic [PbaBits-1:0] pba_bits;
  assign pba_bits = PbaBits'(pending_q);

  always_comb begin
    rdata_o = '0;
    if (in_table) begin
      case (acc_word)
        2'd0:    rdata_o = {addr_lo_mem[acc_vec], 2'b00};
        2'd1:    rdata_o = addr_hi_mem[acc_vec];
        2'd2:    rdata_o = data_mem[acc_vec];
        default: rdata_o = {31'h0, mask_q[acc_vec]};
      endcase
    end else if (in_pba) begin
      rdata_o = pba_bits[32*pba_rel +: 32];
    end
  end

  // ---- pending bits and message generation ----
  logic                  msg_valid_q, msg_valid_d;
  logic [127:0]          msg_hdr_q, msg_hdr_d;
  logic [31:0]           msg_data_q, msg_data_d;
  logic [NumVectors-1:0] sendable;
  logic                  any_sendable;
  logic [VecWidth-1:0]   send_vec;
  logic [NumVectors-1:0] raise_set;

  // A vector may be delivered when the function has MSI-X on, unmasked, and may master the bus
  assign sendable     = pending_q & ~mask_q & {NumVectors{en_i & ~func_mask_i & bme_i}};
  assign any_sendable = |sendable;

  always_comb begin
    send_vec = '0;
    for (int i = NumVectors - 1; i >= 0; i--) begin
      if (sendable[i]) begin
        send_vec = VecWidth'(i);
      end
    end
  end

  always_comb begin
    raise_set = '0;
    dropped_o = '0;
    for (int k = 0; k < NumRaise; k++) begin
      if (raise_i[k]) begin
        if (!en_i || 32'(raise_vec_i[k]) >= NumVectors) begin
          dropped_o[k] = 1'b1;
        end else begin
          raise_set[VecWidth'(raise_vec_i[k])] = 1'b1;
        end
      end
    end
  end

  always_comb begin
    logic [63:0] msg_addr;
    mask_d      = mask_q;
    pending_d   = pending_q;
    msg_valid_d = msg_valid_q;
    msg_hdr_d   = msg_hdr_q;
    msg_data_d  = msg_data_q;
    sent_o      = 1'b0;
    msg_addr    = {addr_hi_mem[send_vec], addr_lo_mem[send_vec], 2'b00};

    if (tbl_we && acc_word == 2'd3) begin
      mask_d[acc_vec] = wdata_i[0];
    end

    if (msg_valid_q) begin
      if (msg_ready_i) begin
        msg_valid_d = 1'b0;
        sent_o      = 1'b1;
      end
    end else if (any_sendable) begin
      // Latch the message so the stream payload stays stable while it waits for ready
      msg_valid_d          = 1'b1;
      msg_hdr_d            = vfnic_tlp_pkg::mem_hdr(1'b1, msg_addr, 10'd1, 4'hF, 4'h0,
                                                    req_id_i, 8'h00);
      msg_data_d           = data_mem[send_vec];
      pending_d[send_vec]  = 1'b0;
    end

    // An event in the same cycle as delivery starts leaves the vector pending again
    pending_d = pending_d | raise_set;

    // A message already presented on the stream still goes out (it cannot be withdrawn)
    if (clr_i || clr_pending_i) begin
      pending_d = '0;
    end
    if (clr_i) begin
      mask_d = '1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mask_q      <= '1;
      pending_q   <= '0;
      msg_valid_q <= 1'b0;
      msg_hdr_q   <= '0;
      msg_data_q  <= '0;
    end else begin
      mask_q      <= mask_d;
      pending_q   <= pending_d;
      msg_valid_q <= msg_valid_d;
      msg_hdr_q   <= msg_hdr_d;
      msg_data_q  <= msg_data_d;
    end
  end

  assign msg_valid_o = msg_valid_q;
  assign msg_hdr_o   = msg_hdr_q;
  assign msg_data_o  = {96'h0, msg_data_q};
  assign busy_o      = msg_valid_q | any_sendable;

`ifdef FORMAL
  // AXI-Stream rules for the message stream
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni) && $past(msg_valid_o && !msg_ready_i)) begin
      assert (msg_valid_o);
      assert ($stable(msg_hdr_o) && $stable(msg_data_o));
    end
  end
`endif

endmodule

`default_nettype wire
