// SPDX-License-Identifier: MIT
// PF<->VF mailbox (docs/datapath.md "PF<->VF mailbox"): per VF a V2P and a P2V buffer of 16 DWs,
// the REQ/RESP doorbells, the PF's pending bitmaps and the doorbell interrupts.
//
// Choices the design doc leaves open:
// - VF window (+0x00 MBX_CTRL, +0x40 V2P, +0x80 P2V): a VF write to P2V is a hole (vf_hit_o = 0,
//   so the core counts a bad access); a VF write to V2P while its REQ is 1, and a VF write
//   setting REQ while REQ is 1, are hits that change nothing and count in busy_writes_o. A write
//   with no byte enabled is a hit that changes nothing and is not counted.
// - PF buffer window (VF v at 0x80 * v): V2P is read-only (writes are holes); P2V writes are
//   accepted whatever the VF's RESP: the PF owns P2V and checks MBX_RESP before writing.
// - pf_done_i / pf_send_i naming a VF >= TotalVfs change nothing and pulse pf_bad_o (the PF
//   register block counts it with its other bad accesses). SEND while RESP is already 1 sets it
//   again and raises the vector again.
// - Same-cycle order: VF access, then PF DONE/SEND (SEND wins over the VF clearing RESP, DONE
//   clears a REQ that was already 1), then the VF clears. An interrupt for a VF being cleared in
//   that cycle is not raised. busy_writes_o counts from the state before the cycle.
// - VF clears take one cycle: the buffers are memories indexed by {VF, DW} with a "fresh" flag per
//   DW (as vfnic_vf_regs) that makes the DW read as 0 until written. Byte-enable writes are a
//   read-modify-write of the current value. Reads are combinational (as every per-VF block here),
//   so synthesis maps the buffers to distributed (LUT) RAM, not block RAM; each buffer has one
//   write port (V2P: the VF side, P2V: the PF side) and two read ports.
`default_nettype none

module vfnic_mbx #(
  parameter int unsigned TotalVfs       = 32'(vfnic_regs_pkg::TOTAL_VFS),  // 1..64
  localparam int unsigned Slots         = (TotalVfs > 0) ? TotalVfs : 1,
  localparam int unsigned VfIdxWidth    = (Slots > 1) ? $clog2(Slots) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

  // VF side: VF vf_idx_i's mailbox window (VF BAR0 0x0400..0x04FF), one DW per cycle
  input  logic                  vf_req_i,
  input  logic                  vf_we_i,
  input  logic [VfIdxWidth-1:0] vf_idx_i,
  input  logic [7:2]            vf_addr_i,    // DW address within the 256-byte window
  input  logic [3:0]            vf_be_i,
  input  logic [31:0]           vf_wdata_i,
  output logic [31:0]           vf_rdata_o,   // combinational; holes read 0
  output logic                  vf_hit_o,     // 0: hole (or VF index >= TotalVfs)

  // PF side: buffer window (PF BAR0 0xA000..0xBFFF; VF v at 0x80 * v: V2P +0x00, P2V +0x40)
  input  logic                  pfb_req_i,
  input  logic                  pfb_we_i,
  input  logic [12:2]           pfb_addr_i,
  input  logic [3:0]            pfb_be_i,
  input  logic [31:0]           pfb_wdata_i,
  output logic [31:0]           pfb_rdata_o,  // combinational; holes read 0
  output logic                  pfb_hit_o,    // 0: VF number >= TotalVfs, or a write to V2P

  // PF side: control registers, decoded by the PF register block (one-cycle strobes)
  input  logic                  pf_done_i,    // MBX_DONE: clear REQ of VF pf_vf_i
  input  logic                  pf_send_i,    // MBX_SEND: set RESP of pf_vf_i, raise its vector
  input  logic [6:0]            pf_vf_i,
  output logic                  pf_bad_o,     // DONE/SEND named a VF >= TotalVfs (ignored)
  output logic [63:0]           req_pending_o,   // MBX_REQ_LO/HI
  output logic [63:0]           resp_pending_o,  // MBX_RESP_LO/HI
  output logic [31:0]           busy_writes_o,   // MBX_BUSY_WRITES (wraps)

  // Interrupts (one-cycle pulses)
  output logic                  pf_irq_o,     // a VF's REQ went 0 -> 1 (PF misc vector)
  output logic                  vf_irq_o,     // PF sent to VF vf_irq_idx_o (its mailbox vector)
  output logic [VfIdxWidth-1:0] vf_irq_idx_o,

  // VF reset: FLR or software reset of one VF; VF Enable cleared (every VF)
  input  logic                  vf_clr_i,
  input  logic [VfIdxWidth-1:0] vf_clr_idx_i,
  input  logic                  clear_all_i
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (TotalVfs < 1 || TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS) || TotalVfs > 64)
      begin : gen_total_vfs_check
    $error("TotalVfs must be 1..MAX_TOTAL_VFS (at most 64)");
  end
`endif

  localparam int unsigned BufDws   = 16;
  localparam int unsigned IdxSlots = 1 << VfIdxWidth;  // memories span the whole index space
  localparam int unsigned Words    = IdxSlots * BufDws;
  localparam int unsigned EntWidth = VfIdxWidth + 4;

  // VF window regions, by vf_addr_i[7:6]
  localparam logic [1:0] RegionCtrl = 2'd0;  // only DW 0 (MBX_CTRL) is a register
  localparam logic [1:0] RegionV2p  = 2'd1;
  localparam logic [1:0] RegionP2v  = 2'd2;

  localparam int unsigned CtrlReqBit  = 0;
  localparam int unsigned CtrlRespBit = 1;

  function automatic logic [31:0] be_mask(input logic [3:0] be);
    be_mask = {{8{be[3]}}, {8{be[2]}}, {8{be[1]}}, {8{be[0]}}};
  endfunction

  // ---- state ----
  logic [31:0]      v2p_mem [Words];
  logic [31:0]      p2v_mem [Words];
  logic [Words-1:0] v2p_fresh_q, v2p_fresh_d;  // DW reads as 0 until written
  logic [Words-1:0] p2v_fresh_q, p2v_fresh_d;
  logic [Slots-1:0] req_q, req_d;
  logic [Slots-1:0] resp_q, resp_d;
  logic [31:0]      busy_q, busy_d;

  // ---- VF side decode ----
  logic                  vf_ok;       // vf_idx_i names an existing VF
  logic [VfIdxWidth-1:0] vvf;
  logic [EntWidth-1:0]   vent;        // {VF, DW} of the addressed buffer DW
  logic                  v_ctrl, v_v2p, v_p2v;
  logic                  v_wr;
  logic [31:0]           v_v2p_cur, v_p2v_cur;
  logic                  v_req_cur;

  assign vf_ok  = 32'(vf_idx_i) < Slots;
  assign vvf    = vf_ok ? vf_idx_i : '0;
  assign vent   = {vvf, vf_addr_i[5:2]};
  assign v_ctrl = vf_ok && (vf_addr_i[7:6] == RegionCtrl) && (vf_addr_i[5:2] == 4'd0);
  assign v_v2p  = vf_ok && (vf_addr_i[7:6] == RegionV2p);
  assign v_p2v  = vf_ok && (vf_addr_i[7:6] == RegionP2v);
  assign v_wr   = vf_req_i && vf_we_i;

  assign v_v2p_cur = v2p_fresh_q[vent] ? 32'h0 : v2p_mem[vent];
  assign v_p2v_cur = p2v_fresh_q[vent] ? 32'h0 : p2v_mem[vent];
  assign v_req_cur = req_q[vvf];

  assign vf_hit_o = v_ctrl || v_v2p || (v_p2v && !vf_we_i);

  always_comb begin
    vf_rdata_o = 32'h0;
    if (v_ctrl) begin
      vf_rdata_o[CtrlReqBit]  = req_q[vvf];
      vf_rdata_o[CtrlRespBit] = resp_q[vvf];
    end else if (v_v2p) begin
      vf_rdata_o = v_v2p_cur;
    end else if (v_p2v) begin
      vf_rdata_o = v_p2v_cur;
    end
  end

  // VF writes: V2P data (while REQ = 0), REQ set, RESP clear; busy writes
  logic        v2p_we;
  logic [31:0] v2p_wdata;
  logic        v_set_req;     // REQ written 1 while it was 0
  logic        v_clr_resp;
  logic        v_busy;

  assign v2p_we     = v_wr && v_v2p && (vf_be_i != 4'h0) && !v_req_cur;
  assign v2p_wdata  = (v_v2p_cur & ~be_mask(vf_be_i)) | (vf_wdata_i & be_mask(vf_be_i));
  assign v_set_req  = v_wr && v_ctrl && vf_be_i[0] && vf_wdata_i[CtrlReqBit] && !v_req_cur;
  assign v_clr_resp = v_wr && v_ctrl && vf_be_i[0] && vf_wdata_i[CtrlRespBit];
  assign v_busy     = v_wr && v_req_cur &&
                      ((v_v2p && (vf_be_i != 4'h0)) ||
                       (v_ctrl && vf_be_i[0] && vf_wdata_i[CtrlReqBit]));

  always_ff @(posedge clk_i) begin
    if (v2p_we) begin
      v2p_mem[vent] <= v2p_wdata;
    end
  end

  // ---- PF buffer window decode ----
  logic                  p_ok;
  logic [VfIdxWidth-1:0] pvf;
  logic [EntWidth-1:0]   pent;
  logic                  p_is_p2v;
  logic [31:0]           p_v2p_cur, p_p2v_cur;

  assign p_ok      = 32'(pfb_addr_i[12:7]) < Slots;
  assign pvf       = p_ok ? VfIdxWidth'(pfb_addr_i[12:7]) : '0;
  assign pent      = {pvf, pfb_addr_i[5:2]};
  assign p_is_p2v  = pfb_addr_i[6];
  assign p_v2p_cur = v2p_fresh_q[pent] ? 32'h0 : v2p_mem[pent];
  assign p_p2v_cur = p2v_fresh_q[pent] ? 32'h0 : p2v_mem[pent];

  assign pfb_hit_o   = p_ok && (p_is_p2v || !pfb_we_i);
  assign pfb_rdata_o = !p_ok ? 32'h0 : p_is_p2v ? p_p2v_cur : p_v2p_cur;

  logic        p2v_we;
  logic [31:0] p2v_wdata;
  assign p2v_we    = pfb_req_i && pfb_we_i && p_ok && p_is_p2v && (pfb_be_i != 4'h0);
  assign p2v_wdata = (p_p2v_cur & ~be_mask(pfb_be_i)) | (pfb_wdata_i & be_mask(pfb_be_i));

  always_ff @(posedge clk_i) begin
    if (p2v_we) begin
      p2v_mem[pent] <= p2v_wdata;
    end
  end

  // ---- PF control ----
  logic                  c_ok;
  logic [VfIdxWidth-1:0] cvf;
  assign c_ok     = 32'(pf_vf_i) < Slots;
  assign cvf      = c_ok ? VfIdxWidth'(pf_vf_i) : '0;
  assign pf_bad_o = (pf_done_i || pf_send_i) && !c_ok;

  // a VF being cleared this cycle raises no interrupt
  logic vclr_hit, cclr_hit;
  assign vclr_hit = clear_all_i || (vf_clr_i && (vf_clr_idx_i == vvf));
  assign cclr_hit = clear_all_i || (vf_clr_i && (vf_clr_idx_i == cvf));

  assign pf_irq_o     = v_set_req && !vclr_hit;
  assign vf_irq_o     = pf_send_i && c_ok && !cclr_hit;
  assign vf_irq_idx_o = cvf;

  // ---- next state ----
  always_comb begin
    req_d       = req_q;
    resp_d      = resp_q;
    busy_d      = busy_q;
    v2p_fresh_d = v2p_fresh_q;
    p2v_fresh_d = p2v_fresh_q;

    if (v2p_we) begin
      v2p_fresh_d[vent] = 1'b0;
    end
    if (p2v_we) begin
      p2v_fresh_d[pent] = 1'b0;
    end
    if (v_busy) begin
      busy_d = busy_q + 32'd1;
    end
    if (v_set_req) begin
      req_d[vvf] = 1'b1;
    end
    if (v_clr_resp) begin
      resp_d[vvf] = 1'b0;
    end
    if (pf_done_i && c_ok && req_q[cvf]) begin
      req_d[cvf] = 1'b0;
    end
    if (pf_send_i && c_ok) begin
      resp_d[cvf] = 1'b1;
    end
    if (vf_clr_i && (32'(vf_clr_idx_i) < Slots)) begin
      req_d[vf_clr_idx_i]                              = 1'b0;
      resp_d[vf_clr_idx_i]                             = 1'b0;
      v2p_fresh_d[32'(vf_clr_idx_i) * BufDws +: BufDws] = '1;
      p2v_fresh_d[32'(vf_clr_idx_i) * BufDws +: BufDws] = '1;
    end
    if (clear_all_i) begin
      req_d       = '0;
      resp_d      = '0;
      v2p_fresh_d = '1;
      p2v_fresh_d = '1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      req_q       <= '0;
      resp_q      <= '0;
      busy_q      <= '0;
      v2p_fresh_q <= '1;
      p2v_fresh_q <= '1;
    end else begin
      req_q       <= req_d;
      resp_q      <= resp_d;
      busy_q      <= busy_d;
      v2p_fresh_q <= v2p_fresh_d;
      p2v_fresh_q <= p2v_fresh_d;
    end
  end

  assign req_pending_o  = 64'(req_q);
  assign resp_pending_o = 64'(resp_q);
  assign busy_writes_o  = busy_q;

endmodule

`default_nettype wire
