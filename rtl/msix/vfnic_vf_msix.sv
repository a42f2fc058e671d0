// SPDX-License-Identifier: MIT
// MSI-X of all virtual functions: each VF's vector table and PBA in its slice of VF BAR2, the
// pending logic, and message generation with the VF's requester ID. Table address/data words
// are memories indexed by {VF, vector}; only mask and pending bits are per-VF flops.
`default_nettype none

module vfnic_vf_msix #(
  parameter int unsigned TotalVfs      = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned NumVectors    = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  parameter int unsigned BarSizeLog2   = 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2),
  parameter logic [31:0] TableOffset   = vfnic_regs_pkg::MSIX_TABLE_OFFSET,
  parameter logic [31:0] PbaOffset     = vfnic_regs_pkg::MSIX_PBA_OFFSET,
  localparam int unsigned Slots        = (TotalVfs > 0) ? TotalVfs : 1,
  localparam int unsigned IdxWidth     = (Slots > 1) ? $clog2(Slots) : 1,
  localparam int unsigned DwAddrWidth  = BarSizeLog2 - 2
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // Register access within VF vf_i's slice of VF BAR2: one DW per cycle
  input  logic                   req_i,
  input  logic                   we_i,
  input  logic [IdxWidth-1:0]    vf_i,
  input  logic [DwAddrWidth-1:0] dw_addr_i,
  input  logic [3:0]             be_i,
  input  logic [31:0]            wdata_i,
  output logic [31:0]            rdata_o,
  output logic                   hit_o,     // 0: no register here / unsupported write

  // Per-VF function state
  input  logic                   vf_en_i,          // SR-IOV VF Enable
  input  logic [Slots-1:0]       en_i,             // MSI-X Enable
  input  logic [Slots-1:0]       func_mask_i,      // Function Mask
  input  logic [Slots-1:0]       bme_i,            // Bus Master Enable
  input  logic [15:0]            rid_base_i,       // the PF's ID: VF n's is it + 1 + n

  // Resets: FLR of one VF (vectors masked, nothing pending); software reset of one VF
  // (nothing pending); VF Enable clear (every VF as after an FLR)
  input  logic                   flr_i,
  input  logic [IdxWidth-1:0]    flr_vf_i,
  input  logic                   clr_pending_i,
  input  logic [IdxWidth-1:0]    clr_pending_vf_i,
  input  logic                   clear_all_i,

  // One interrupt event: raise vector raise_vec_i of VF raise_vf_i
  input  logic                   raise_i,
  input  logic [IdxWidth-1:0]    raise_vf_i,
  input  logic [11:0]            raise_vec_i,
  output logic                   dropped_o,   // the event was dropped (disabled/out of range)
  output logic                   sent_o,      // a message was accepted by the stream ...
  output logic [IdxWidth-1:0]    sent_vf_o,   // ... for this VF

  // Message stream (single-beat MWr TLPs)
  output logic                   msg_valid_o,
  input  logic                   msg_ready_i,
  output logic [127:0]           msg_hdr_o,
  output logic [127:0]           msg_data_o,

  output logic                   busy_o
);

  localparam int unsigned VecWidth = (NumVectors > 1) ? $clog2(NumVectors) : 1;
  // {VF, vector}, sized for the whole index space (TotalVfs = 1 still has a 1-bit VF index)
  localparam int unsigned Entries  = (1 << IdxWidth) << VecWidth;
  localparam int unsigned EntWidth = IdxWidth + VecWidth;
  localparam int unsigned PbaDws   = 2 * ((NumVectors + 63) / 64);
  localparam int unsigned PbaBits  = 32 * PbaDws;
  localparam logic [DwAddrWidth-1:0] TableDw = TableOffset[DwAddrWidth+1:2];
  localparam logic [DwAddrWidth-1:0] PbaDw   = PbaOffset[DwAddrWidth+1:2];

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumVectors < 1 || NumVectors > 2048) begin : gen_vectors_check
    $error("NumVectors must be 1..2048");
  end
  if (TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_total_vfs_check
    $error("TotalVfs must be 0..MAX_TOTAL_VFS");
  end
  if (TableOffset[2:0] != 3'b000 || PbaOffset[2:0] != 3'b000) begin : gen_align_check
    $error("MSI-X table and PBA offsets must be QW aligned");
  end
  if (64'(TableOffset) + 64'(16 * NumVectors) > (64'd1 << BarSizeLog2) ||
      64'(PbaOffset) + 64'(4 * PbaDws) > (64'd1 << BarSizeLog2)) begin : gen_fit_check
    $error("MSI-X table or PBA does not fit the BAR");
  end
`endif

  // ---- vector tables of all VFs ----
  logic [29:0] addr_lo_mem [Entries];
  logic [31:0] addr_hi_mem [Entries];
  logic [31:0] data_mem    [Entries];

  // mask and pending bits, indexed like the table by {VF, vector}; entries beyond NumVectors
  // (when it is not a power of two) stay masked and never pending
  localparam int unsigned VecSlots = 1 << VecWidth;
  logic [Entries-1:0] mask_q, mask_d;
  logic [Entries-1:0] pending_q, pending_d;

  // ---- register access decode (as vfnic_msix, per VF) ----
  logic                   in_table;
  logic                   in_pba;
  logic [DwAddrWidth:0]   table_diff;
  logic [DwAddrWidth:0]   pba_diff;
  logic [DwAddrWidth-1:0] table_rel;
  logic [DwAddrWidth-1:0] pba_rel;
  logic [VecWidth-1:0]    acc_vec;
  logic [1:0]             acc_word;
  logic [EntWidth-1:0]    acc_ent;
  logic                   tbl_we;
  logic [IdxWidth-1:0]    vf;

  assign vf         = (32'(vf_i) < Slots) ? vf_i : '0;
  assign table_diff = {1'b0, dw_addr_i} - {1'b0, TableDw};
  assign pba_diff   = {1'b0, dw_addr_i} - {1'b0, PbaDw};
  assign table_rel  = table_diff[DwAddrWidth-1:0];
  assign pba_rel    = pba_diff[DwAddrWidth-1:0];
  assign in_table   = !table_diff[DwAddrWidth] && (32'(table_rel) < 4 * NumVectors);
  assign in_pba     = !pba_diff[DwAddrWidth] && (32'(pba_rel) < PbaDws);
  assign acc_word   = table_rel[1:0];
  assign acc_vec    = VecWidth'(table_rel >> 2);
  assign acc_ent    = {vf, acc_vec};
  assign tbl_we     = req_i && we_i && in_table && (be_i == 4'hF);

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
        2'd0:    addr_lo_mem[acc_ent] <= wdata_i[31:2];
        2'd1:    addr_hi_mem[acc_ent] <= wdata_i;
        2'd2:    data_mem[acc_ent]    <= wdata_i;
        default: ;  // Vector Control lives in mask_q
      endcase
    end
  end

  logic [PbaBits-1:0] pba_bits;
  assign pba_bits = PbaBits'(pending_q[32'(vf) * VecSlots +: NumVectors]);

  always_comb begin
    rdata_o = '0;
    if (in_table) begin
      case (acc_word)
        2'd0:    rdata_o = {addr_lo_mem[acc_ent], 2'b00};
        2'd1:    rdata_o = addr_hi_mem[acc_ent];
        2'd2:    rdata_o = data_mem[acc_ent];
        default: rdata_o = {31'h0, mask_q[acc_ent]};
      endcase
    end else if (in_pba) begin
      rdata_o = pba_bits[32*pba_rel +: 32];
    end
  end

  // ---- delivery: round robin over {VF, vector}, starting after the last one sent ----
  logic [Entries-1:0]  sendable;
  logic [Entries-1:0]  after_last;
  logic                any_sendable;
  logic [EntWidth-1:0] send_ent;
  // a pointer, not a state machine: keep synthesis from re-encoding it
  (* fsm_encoding = "none" *) logic [EntWidth-1:0] last_ent_q;
  logic [EntWidth-1:0] last_ent_d;

  logic [Slots-1:0] func_ok;  // the VF may deliver: MSI-X on, not function-masked, BME
  assign func_ok = en_i & ~func_mask_i & bme_i & {Slots{vf_en_i}};
  always_comb begin
    for (int i = 0; i < Entries; i++) begin
      sendable[i] = pending_q[i] && !mask_q[i] && (i / VecSlots < Slots) &&
                    func_ok[(i / VecSlots < Slots) ? i / VecSlots : 0];
    end
  end
  assign any_sendable = |sendable;

  // Lowest set bit of the candidates above the last one sent, else of all: isolate it with
  // x & -x and encode it with an OR tree (no long priority chain, so 64 VFs synthesize well)
  logic [Entries-1:0] cand;
  logic [Entries-1:0] lowest;
  assign after_last = {Entries{1'b1}} << (32'(last_ent_q) + 1);
  assign cand       = ((sendable & after_last) != '0) ? (sendable & after_last) : sendable;
  assign lowest     = cand & (~cand + Entries'(1));
  always_comb begin
    send_ent = '0;
    for (int i = 0; i < Entries; i++) begin
      send_ent = send_ent | (lowest[i] ? EntWidth'(i) : '0);
    end
  end

  // ---- event: raise a vector of one VF ----
  logic raise_ok;
  logic [IdxWidth-1:0] raise_vf;
  assign raise_vf = (32'(raise_vf_i) < Slots) ? raise_vf_i : '0;
  assign raise_ok = en_i[raise_vf] && (32'(raise_vec_i) < NumVectors);
  assign dropped_o = raise_i && !raise_ok;

  logic                msg_valid_q, msg_valid_d;
  logic [127:0]        msg_hdr_q, msg_hdr_d;
  logic [31:0]         msg_data_q, msg_data_d;
  logic [IdxWidth-1:0] msg_vf_q, msg_vf_d;

  always_comb begin
    logic [63:0]         msg_addr;
    logic [IdxWidth-1:0] send_vf;
    mask_d      = mask_q;
    pending_d   = pending_q;
    msg_valid_d = msg_valid_q;
    msg_hdr_d   = msg_hdr_q;
    msg_data_d  = msg_data_q;
    msg_vf_d    = msg_vf_q;
    last_ent_d  = last_ent_q;
    sent_o      = 1'b0;
    send_vf     = send_ent[EntWidth-1:VecWidth];
    msg_addr    = {addr_hi_mem[send_ent], addr_lo_mem[send_ent], 2'b00};

    if (tbl_we && acc_word == 2'd3) begin
      mask_d[acc_ent] = wdata_i[0];
    end

    if (msg_valid_q) begin
      if (msg_ready_i) begin
        msg_valid_d = 1'b0;
        sent_o      = 1'b1;
      end
    end else if (any_sendable) begin
      msg_valid_d = 1'b1;
      msg_hdr_d   = vfnic_tlp_pkg::mem_hdr(1'b1, msg_addr, 10'd1, 4'hF, 4'h0,
                                           {rid_base_i[15:8], rid_base_i[7:0] +
                                            8'(32'(send_vf) * 32'(vfnic_regs_pkg::VF_STRIDE) +
                                               32'(vfnic_regs_pkg::FIRST_VF_OFFSET))},
                                           8'h00);
      msg_data_d  = data_mem[send_ent];
      msg_vf_d    = send_vf;
      last_ent_d  = send_ent;
      pending_d[send_ent] = 1'b0;
    end

    if (raise_i && raise_ok) begin
      pending_d[{raise_vf, VecWidth'(raise_vec_i)}] = 1'b1;
    end

    // resets; a message already presented on the stream still goes out
    if (clr_pending_i) begin
      pending_d[32'(clr_pending_vf_i) * VecSlots +: VecSlots] = '0;
    end
    if (flr_i) begin
      pending_d[32'(flr_vf_i) * VecSlots +: VecSlots] = '0;
      mask_d[32'(flr_vf_i) * VecSlots +: VecSlots]    = '1;
    end
    if (clear_all_i) begin
      pending_d = '0;
      mask_d    = '1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mask_q      <= '1;
      pending_q   <= '0;
      msg_valid_q <= 1'b0;
      msg_hdr_q   <= '0;
      msg_data_q  <= '0;
      msg_vf_q    <= '0;
      last_ent_q  <= '1;
    end else begin
      mask_q      <= mask_d;
      pending_q   <= pending_d;
      msg_valid_q <= msg_valid_d;
      msg_hdr_q   <= msg_hdr_d;
      msg_data_q  <= msg_data_d;
      msg_vf_q    <= msg_vf_d;
      last_ent_q  <= last_ent_d;
    end
  end

  assign msg_valid_o = msg_valid_q;
  assign msg_hdr_o   = msg_hdr_q;
  assign msg_data_o  = {96'h0, msg_data_q};
  assign sent_vf_o   = msg_vf_q;
  assign busy_o      = msg_valid_q | any_sendable;

`ifdef FORMAL
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
