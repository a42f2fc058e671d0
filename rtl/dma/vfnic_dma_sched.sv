// SPDX-License-Identifier: MIT
// Sharing of the one DMA test engine between the PF and the VFs: each function's START is
// held as a request until the engine is free; requests are served round robin; the engine
// then runs with the owner's registers, requester ID and Bus Master Enable. The VFs' DMA
// status bits (BUSY, DONE, ERROR, TIMEOUT, CPL_STATUS of DMA_CTRL) live here.
`default_nettype none

module vfnic_dma_sched #(
  parameter int unsigned TotalVfs  = 32'(vfnic_regs_pkg::TOTAL_VFS),
  localparam int unsigned Slots    = (TotalVfs > 0) ? TotalVfs : 1,
  localparam int unsigned IdxWidth = (Slots > 1) ? $clog2(Slots) : 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // START writes (ignored by the register files while the function is busy)
  input  logic                pf_start_i,
  input  logic                vf_start_i,
  input  logic [IdxWidth-1:0] vf_idx_i,       // VF of vf_start_i and the VF DMA_CTRL write
  input  logic                vf_clr_done_i,  // DMA_CTRL.DONE written 1 by that VF
  input  logic                vf_clr_error_i, // DMA_CTRL.ERROR written 1 by that VF

  // Resets: the PF's (FLR/software), one VF's, every VF (VF Enable clear)
  input  logic                pf_clr_i,
  input  logic                vf_clr_i,
  input  logic [IdxWidth-1:0] vf_clr_idx_i,
  input  logic                vf_clear_all_i,

  // Engine
  input  logic                eng_busy_i,
  input  logic                eng_done_i,
  input  logic                eng_error_i,
  input  logic                eng_timeout_i,
  input  logic                eng_cpl_status_en_i,
  input  logic [2:0]          eng_cpl_status_i,
  output logic                eng_start_o,    // start the engine for the granted function
  output logic                eng_abort_o,    // the owner was reset
  output logic                grant_vf_o,     // function granted now, or owning the engine:
  output logic [IdxWidth-1:0] grant_idx_o,    // a VF (and which) or the PF

  // Status
  output logic                pf_busy_o,
  input  logic [IdxWidth-1:0] vf_rd_idx_i,    // VF whose status is read
  output logic                vf_busy_o,
  output logic                vf_done_o,
  output logic                vf_error_o,
  output logic                vf_timeout_o,
  output logic [2:0]          vf_cpl_status_o,
  output logic                vf_finish_o,    // pulse: the owning VF's copy finished (IRQ)
  output logic                idle_o          // no request waiting
);

  localparam int unsigned Reqs = Slots + 1;  // requester 0 is the PF, 1 + n is VF n
  localparam int unsigned ReqWidth = $clog2(Reqs + 1);
  localparam int unsigned ReqSlots = 1 << ReqWidth;  // vectors span the index space

  logic [ReqSlots-1:0] pend_q, pend_d;       // START seen, not yet granted
  logic                own_q, own_d;         // the engine runs for owner_q
  logic [ReqWidth-1:0] owner_q, owner_d;
  (* fsm_encoding = "none" *) logic [ReqWidth-1:0] last_q;  // requester served last
  logic [ReqWidth-1:0] last_d;

  logic [Slots-1:0]       done_q, done_d;
  logic [Slots-1:0]       error_q, error_d;
  logic [Slots-1:0]       tmo_q, tmo_d;
  logic [Slots-1:0][2:0]  cpl_q, cpl_d;

  // ---- round robin over the waiting requesters, starting after the last one served ----
  // lowest waiting requester above last_q, else the lowest of all (x & -x, OR-tree encode)
  logic                any_pend;
  logic [ReqWidth-1:0] pick;
  logic [ReqSlots-1:0] above;
  logic [ReqSlots-1:0] cand;
  logic [ReqSlots-1:0] lowest;
  assign above  = {ReqSlots{1'b1}} << (32'(last_q) + 1);
  assign cand   = ((pend_q & above) != '0) ? (pend_q & above) : pend_q;
  assign lowest = cand & (~cand + ReqSlots'(1));
  always_comb begin
    pick = '0;
    for (int i = 0; i < ReqSlots; i++) begin
      pick = pick | (lowest[i] ? ReqWidth'(i) : '0);
    end
  end
  assign any_pend = |pend_q;

  logic                grant;       // the engine starts a copy this cycle
  logic [ReqWidth-1:0] cur;         // function granted now or owning the engine
  logic                owner_reset; // the owner is being reset
  logic [IdxWidth-1:0] owner_vf;
  logic                fin;         // the owner's copy finished

  assign grant    = any_pend && !own_q && !eng_busy_i;
  assign cur      = own_q ? owner_q : pick;
  assign owner_vf = IdxWidth'(owner_q - ReqWidth'(1));
  assign fin      = own_q && (eng_done_i || eng_error_i);

  always_comb begin
    owner_reset = 1'b0;
    if (own_q) begin
      if (owner_q == '0) begin
        owner_reset = pf_clr_i;
      end else begin
        owner_reset = vf_clear_all_i || (vf_clr_i && vf_clr_idx_i == owner_vf);
      end
    end
  end

  always_comb begin
    pend_d  = pend_q;
    own_d   = own_q;
    owner_d = owner_q;
    last_d  = last_q;
    done_d  = done_q;
    error_d = error_q;
    tmo_d   = tmo_q;
    cpl_d   = cpl_q;

    if (grant) begin
      pend_d[pick] = 1'b0;
      own_d        = 1'b1;
      owner_d      = pick;
      last_d       = pick;
    end
    if (own_q && !eng_busy_i && !grant) begin
      own_d = 1'b0;  // the copy is over (finished or abandoned)
    end

    // the owning VF's outcome
    if (own_q && owner_q != '0) begin
      if (eng_cpl_status_en_i) begin
        cpl_d[owner_vf] = eng_cpl_status_i;
      end
      if (eng_done_i) begin
        done_d[owner_vf] = 1'b1;
      end
      if (eng_error_i) begin
        error_d[owner_vf] = 1'b1;
        tmo_d[owner_vf]   = eng_timeout_i;
      end
    end

    // register writes of VF vf_idx_i
    if (vf_clr_done_i) begin
      done_d[vf_idx_i] = 1'b0;
    end
    if (vf_clr_error_i) begin
      error_d[vf_idx_i] = 1'b0;
    end
    if (pf_start_i) begin
      pend_d[0] = 1'b1;
    end
    if (vf_start_i) begin
      pend_d[ReqWidth'(vf_idx_i) + ReqWidth'(1)] = 1'b1;
      done_d[vf_idx_i]  = 1'b0;
      error_d[vf_idx_i] = 1'b0;
      tmo_d[vf_idx_i]   = 1'b0;
    end

    // resets drop the function's waiting request and status
    if (pf_clr_i) begin
      pend_d[0] = 1'b0;
    end
    if (vf_clr_i) begin
      pend_d[ReqWidth'(vf_clr_idx_i) + ReqWidth'(1)] = 1'b0;
      done_d[vf_clr_idx_i]  = 1'b0;
      error_d[vf_clr_idx_i] = 1'b0;
      tmo_d[vf_clr_idx_i]   = 1'b0;
      cpl_d[vf_clr_idx_i]   = '0;
    end
    if (vf_clear_all_i) begin
      pend_d[ReqSlots-1:1] = '0;
      done_d  = '0;
      error_d = '0;
      tmo_d   = '0;
      cpl_d   = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_q  <= '0;
      own_q   <= 1'b0;
      owner_q <= '0;
      last_q  <= '0;
      done_q  <= '0;
      error_q <= '0;
      tmo_q   <= '0;
      cpl_q   <= '0;
    end else begin
      pend_q  <= pend_d;
      own_q   <= own_d;
      owner_q <= owner_d;
      last_q  <= last_d;
      done_q  <= done_d;
      error_q <= error_d;
      tmo_q   <= tmo_d;
      cpl_q   <= cpl_d;
    end
  end

  logic [IdxWidth-1:0] rd;
  assign rd = (32'(vf_rd_idx_i) < Slots) ? vf_rd_idx_i : '0;

  assign eng_start_o     = grant;
  assign eng_abort_o     = owner_reset;
  assign grant_vf_o      = (cur != '0);
  assign grant_idx_o     = IdxWidth'(cur - ReqWidth'(1));
  assign pf_busy_o       = pend_q[0] || (own_q && owner_q == '0);
  assign vf_busy_o       = pend_q[ReqWidth'(rd) + ReqWidth'(1)] ||
                           (own_q && owner_q == ReqWidth'(rd) + ReqWidth'(1));
  assign vf_done_o       = done_q[rd];
  assign vf_error_o      = error_q[rd];
  assign vf_timeout_o    = tmo_q[rd];
  assign vf_cpl_status_o = cpl_q[rd];
  assign vf_finish_o     = fin && (owner_q != '0);
  assign idle_o          = !any_pend;

endmodule

`default_nettype wire
