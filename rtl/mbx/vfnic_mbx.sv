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
// - The two access ports are the block register port of docs/rtl-structure.md ("Register
//   port"), one access at a time (vfnic_dp's decode drives at most one of vf_req_i / pfb_req_i):
//   the request is held until its ack. MBX_CTRL and holes ack in the cycle of the request; a
//   buffer DW acks in the second cycle at the earliest: the buffers are one block-RAM-shaped
//   memory (vfnic_ram_1r1w, {VF, P2V?, DW}) with a registered read, so cycle 1 reads the DW and
//   cycle 2 answers the read or writes the byte-merged word back.
// - Order within the cycle of an ack: the access, then PF DONE/SEND (SEND wins over the VF
//   clearing RESP, DONE clears a REQ that was already 1), then VF clears. An interrupt for a VF
//   being cleared in that cycle is not raised. busy_writes_o counts from the state before the
//   cycle.
// - VF clears: REQ and RESP clear at once; the VF's 32 buffer DWs are cleared by a walk that
//   writes one zero per cycle (VFs waiting for theirs in a bitmap, taken round robin; the reset
//   and a rising clear_all_i queue every VF; while clear_all_i stays high, from its second cycle
//   on, a buffer access not yet issued is answered at once as a cleared DW: it reads 0 and a
//   write is lost). A buffer access to a VF whose walk is pending or running
//   does not start, so no access sees a DW its clear has not reached; a read issued in the cycle
//   of its VF's clear is dropped and issued again after the walk (an access acked in the cycle
//   of a clear is ordered before it, as above). Accesses to other VFs go on during a walk; the
//   walk waits in the cycles an access writes back. A walk takes 32 cycles per VF (2 048 after
//   clear_all at TotalVfs = 64).
`default_nettype none

module vfnic_mbx #(
  parameter int unsigned TotalVfs       = 32'(vfnic_regs_pkg::TOTAL_VFS),  // 1..64
  localparam int unsigned Slots         = (TotalVfs > 0) ? TotalVfs : 1,
  localparam int unsigned VfIdxWidth    = (Slots > 1) ? $clog2(Slots) : 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,

  // VF side: VF vf_idx_i's mailbox window (VF BAR0 0x0400..0x04FF); held until vf_ack_o
  input  logic                  vf_req_i,
  input  logic                  vf_we_i,
  input  logic [VfIdxWidth-1:0] vf_idx_i,
  input  logic [7:2]            vf_addr_i,    // DW address within the 256-byte window
  input  logic [3:0]            vf_be_i,
  input  logic [31:0]           vf_wdata_i,
  output logic                  vf_ack_o,     // the access is done this cycle
  output logic [31:0]           vf_rdata_o,   // valid with vf_ack_o; holes read 0
  output logic                  vf_hit_o,     // valid with vf_ack_o; 0: hole (or VF index >= TotalVfs)

  // PF side: buffer window (PF BAR0 0xA000..0xBFFF; VF v at 0x80 * v: V2P +0x00, P2V +0x40)
  input  logic                  pfb_req_i,
  input  logic                  pfb_we_i,
  input  logic [12:2]           pfb_addr_i,
  input  logic [3:0]            pfb_be_i,
  input  logic [31:0]           pfb_wdata_i,
  output logic                  pfb_ack_o,
  output logic [31:0]           pfb_rdata_o,  // valid with pfb_ack_o; holes read 0
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

  // VF reset: FLR or software reset of one VF (a one-cycle strobe); every VF while VF Enable
  // is cleared (a level: the state stays cleared while it is high)
  input  logic                  vf_clr_i,
  input  logic [VfIdxWidth-1:0] vf_clr_idx_i,
  input  logic                  clear_all_i,
  output logic                  busy_o        // a clear walk is pending or running
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (TotalVfs < 1 || TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS) || TotalVfs > 64)
      begin : gen_total_vfs_check
    $error("TotalVfs must be 1..MAX_TOTAL_VFS (at most 64)");
  end
`endif

  localparam int unsigned BufDws   = 16;
  localparam int unsigned VfDws    = 2 * BufDws;            // V2P then P2V
  localparam int unsigned IdxSlots = 1 << VfIdxWidth;      // the memory spans the index space
  localparam int unsigned AddrW    = VfIdxWidth + 5;       // {VF, P2V?, DW}

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
  logic [Slots-1:0] req_q, req_d;
  logic [Slots-1:0] resp_q, resp_d;
  logic [31:0]      busy_q, busy_d;
  logic             clr_all_q;     // clear_all_i in the cycle before
  logic             rd_q;          // the buffer DW of the access in progress is on mem_rdata
  logic [Slots-1:0] clr_pend_q;    // VFs whose buffers wait for the clear walk
  logic             walk_q;        // the walk clears VF walk_vf_q, DW walk_dw_q next
  logic [VfIdxWidth-1:0] walk_vf_q;
  logic [4:0]       walk_dw_q;

  // ---- VF side decode ----
  logic                  vf_ok;       // vf_idx_i names an existing VF
  logic [VfIdxWidth-1:0] vvf;
  logic                  v_ctrl, v_v2p, v_p2v;
  logic                  v_req_cur;

  assign vf_ok     = 32'(vf_idx_i) < Slots;
  assign vvf       = vf_ok ? vf_idx_i : '0;
  assign v_ctrl    = vf_ok && (vf_addr_i[7:6] == RegionCtrl) && (vf_addr_i[5:2] == 4'd0);
  assign v_v2p     = vf_ok && (vf_addr_i[7:6] == RegionV2p);
  assign v_p2v     = vf_ok && (vf_addr_i[7:6] == RegionP2v);
  assign v_req_cur = req_q[vvf];
  assign vf_hit_o  = v_ctrl || v_v2p || (v_p2v && !vf_we_i);

  // ---- PF buffer window decode ----
  logic                  p_ok;
  logic [VfIdxWidth-1:0] pvf;
  logic                  p_is_p2v;
  assign p_ok      = 32'(pfb_addr_i[12:7]) < Slots;
  assign pvf       = p_ok ? VfIdxWidth'(pfb_addr_i[12:7]) : '0;
  assign p_is_p2v  = pfb_addr_i[6];
  assign pfb_hit_o = p_ok && (p_is_p2v || !pfb_we_i);

  // ---- the buffer access: cycle 1 reads the DW, cycle 2 answers or writes it back ----
  logic             v_buf, p_buf;   // the request is a buffer DW hit (needs the memory)
  logic             a_buf;
  logic [AddrW-1:0] a_addr;
  logic [VfIdxWidth-1:0] a_vf;
  logic             clr_now;        // a clear of the access's VF arrives this cycle
  logic             clr_busy;       // the access's VF waits for its clear walk
  logic             a_issue;        // read the DW now
  logic [31:0]      mem_rdata;

  assign v_buf    = vf_req_i && vf_hit_o && !v_ctrl;
  assign p_buf    = pfb_req_i && pfb_hit_o;
  assign a_buf    = v_buf || p_buf;
  assign a_addr   = v_buf ? {vvf, v_p2v, vf_addr_i[5:2]} : {pvf, p_is_p2v, pfb_addr_i[5:2]};
  assign a_vf     = a_addr[AddrW-1:5];
  assign clr_now  = clear_all_i || (vf_clr_i && vf_clr_idx_i == a_vf);
  assign clr_busy = clr_pend_q[a_vf] || (walk_q && walk_vf_q == a_vf);
  assign a_issue  = a_buf && !rd_q && !clr_busy && !clr_now;

  // while clear_all_i stays high every buffer DW is cleared in every cycle: from its second
  // cycle on, an access not yet issued is answered at once as a cleared DW (reads 0, a write is
  // lost in the clear of the same cycle)
  logic all_clr;
  assign all_clr   = clear_all_i && clr_all_q;
  assign vf_ack_o  = vf_req_i && (!v_buf || rd_q || all_clr);
  assign pfb_ack_o = pfb_req_i && (!p_buf || rd_q || all_clr);

  assign vf_rdata_o = !vf_hit_o ? 32'h0 :
                      v_ctrl ? {30'h0, resp_q[vvf], req_q[vvf]} :
                      rd_q ? mem_rdata : 32'h0;
  assign pfb_rdata_o = (pfb_hit_o && rd_q) ? mem_rdata : 32'h0;

  // VF writes: V2P data (while REQ = 0), REQ set, RESP clear; busy writes
  logic v_wr;          // a VF write completes this cycle
  logic v2p_we;
  logic v_set_req;     // REQ written 1 while it was 0
  logic v_clr_resp;
  logic v_busy;
  logic p2v_we;

  assign v_wr       = vf_ack_o && vf_we_i;
  assign v2p_we     = v_wr && v_v2p && (vf_be_i != 4'h0) && !v_req_cur;
  assign v_set_req  = v_wr && v_ctrl && vf_be_i[0] && vf_wdata_i[CtrlReqBit] && !v_req_cur;
  assign v_clr_resp = v_wr && v_ctrl && vf_be_i[0] && vf_wdata_i[CtrlRespBit];
  assign v_busy     = v_wr && v_req_cur &&
                      ((v_v2p && (vf_be_i != 4'h0)) ||
                       (v_ctrl && vf_be_i[0] && vf_wdata_i[CtrlReqBit]));
  assign p2v_we     = pfb_ack_o && pfb_we_i && p_ok && p_is_p2v && (pfb_be_i != 4'h0);

  // one write port: the access's write-back (an ack cycle: the walk waits) or a walk zero
  logic             m_we;
  logic [AddrW-1:0] m_waddr;
  logic [31:0]      m_wdata;
  logic [31:0]      a_mask, a_wdata;
  assign a_mask  = be_mask(v_buf ? vf_be_i : pfb_be_i);
  assign a_wdata = v_buf ? vf_wdata_i : pfb_wdata_i;
  assign m_we    = (rd_q && (v2p_we || p2v_we)) || (walk_q && !rd_q);
  assign m_waddr = rd_q ? a_addr : {walk_vf_q, walk_dw_q};
  assign m_wdata = rd_q ? ((mem_rdata & ~a_mask) | (a_wdata & a_mask)) : 32'h0;

  vfnic_ram_1r1w #(
    .Width(32),
    .Depth(IdxSlots * VfDws)
  ) u_mem (
    .clk_i  (clk_i),
    .we_i   (m_we),
    .waddr_i(m_waddr),
    .wdata_i(m_wdata),
    .re_i   (a_issue),
    .raddr_i(a_addr),
    .rdata_o(mem_rdata)
  );

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
    req_d  = req_q;
    resp_d = resp_q;
    busy_d = busy_q;
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
      req_d[vf_clr_idx_i]  = 1'b0;
      resp_d[vf_clr_idx_i] = 1'b0;
    end
    if (clear_all_i) begin
      req_d  = '0;
      resp_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      req_q  <= '0;
      resp_q <= '0;
      busy_q <= '0;
      rd_q   <= 1'b0;
    end else begin
      req_q  <= req_d;
      resp_q <= resp_d;
      busy_q <= busy_d;
      rd_q   <= a_issue;
    end
  end

  // ---- the clear walk ----
  // The pick of the next VF (lowest pending) is evaluated only when a walk starts.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      clr_pend_q <= '1;        // the memory holds no defined word after reset
      clr_all_q  <= 1'b0;
      walk_q     <= 1'b0;
      walk_vf_q  <= '0;
      walk_dw_q  <= '0;
    end else begin
      // the next VF's walk starts in the cycle after the last DW of the one before
      if (walk_q && !rd_q) begin
        walk_dw_q <= walk_dw_q + 5'd1;
      end
      if ((!walk_q || (!rd_q && walk_dw_q == 5'(VfDws - 1))) && clr_pend_q != '0) begin
        logic [Slots-1:0]      after, low;
        logic [VfIdxWidth-1:0] idx;
        // round robin: the lowest pending VF above the one walked last, else the lowest
        after = clr_pend_q & ~((Slots'(2) << walk_vf_q) - Slots'(1));
        if (after == '0) begin
          after = clr_pend_q;
        end
        low = after & (~after + Slots'(1));
        idx = '0;
        for (int unsigned i = 0; i < Slots; i++) begin
          if (low[i]) begin
            idx = idx | VfIdxWidth'(i);
          end
        end
        walk_q     <= 1'b1;
        walk_vf_q  <= idx;
        walk_dw_q  <= '0;
        clr_pend_q <= clr_pend_q & ~low;
      end else if (walk_q && !rd_q && walk_dw_q == 5'(VfDws - 1)) begin
        walk_q <= 1'b0;
      end
      if (vf_clr_i && (32'(vf_clr_idx_i) < Slots)) begin
        clr_pend_q[vf_clr_idx_i] <= 1'b1;
      end
      clr_all_q <= clear_all_i;
      if (clear_all_i && !clr_all_q) begin
        clr_pend_q <= '1;
      end
    end
  end

  assign busy_o         = walk_q || (clr_pend_q != '0);
  assign req_pending_o  = 64'(req_q);
  assign resp_pending_o = 64'(resp_q);
  assign busy_writes_o  = busy_q;

endmodule

`default_nettype wire
