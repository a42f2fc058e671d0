// SPDX-License-Identifier: MIT
// Sharing of the one DMA test engine between the PF and the VFs: each function's START is
// held as a request until the engine is free; the engine then runs with the owner's
// registers, requester ID and Bus Master Enable. The VFs' DMA status bits (BUSY, DONE, ERROR,
// TIMEOUT, CPL_STATUS of DMA_CTRL) live here.
//
// Structure (docs/rtl-structure.md rule 2): nothing looks at more than one function per cycle.
// A VF's START sets its bit of the pending vector and pushes the VF into a FIFO (vfnic_fifo,
// one place per VF: a VF is in it at most once, its "queued" bit says so); the PF's request
// is one bit of its own. When the engine is free the scheduler takes the FIFO's head or the
// PF, alternating between the two when both wait (the PF gets every other copy at most; the
// VFs are served in the order of their STARTs). A reset drops a VF's request by clearing its
// pending bit only; its FIFO entry is then stale and is popped without a grant when it
// reaches the head. VF Enable cleared empties the FIFO. Status bits are bit vectors read and
// written by index.
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

  localparam int unsigned FifoDepth = (Slots > 2) ? (1 << $clog2(Slots)) : 2;

  logic                pf_pend_q;            // the PF's START seen, not yet granted
  logic [Slots-1:0]    vf_pend_q;            // a VF's START seen, not yet granted
  logic [Slots-1:0]    queued_q;             // the VF is in the FIFO (live or stale)
  logic                own_q;                // the engine runs for the owner:
  logic                own_vf_q;             // a VF (which: own_idx_q) or the PF
  logic [IdxWidth-1:0] own_idx_q;
  logic                last_vf_q;            // the last grant went to a VF

  logic [Slots-1:0]       done_q;
  logic [Slots-1:0]       error_q;
  logic [Slots-1:0]       tmo_q;
  logic [Slots-1:0][2:0]  cpl_q;

  // ---- the FIFO of VFs whose START was written ----
  logic                fifo_push, fifo_pop, fifo_head_valid;
  logic [IdxWidth-1:0] fifo_head;
  logic [$clog2(FifoDepth + 3)-1:0] fifo_count;
  logic                fifo_in_ready;

  vfnic_fifo #(
    .Width(IdxWidth),
    .Depth(FifoDepth)
  ) u_fifo (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (vf_clear_all_i),
    .in_valid_i (fifo_push),
    .in_ready_o (fifo_in_ready),
    .in_data_i  (vf_idx_i),
    .out_valid_o(fifo_head_valid),
    .out_ready_i(fifo_pop),
    .out_data_o (fifo_head),
    .count_o    (fifo_count)
  );

  logic head_live;   // the FIFO's head still has its request
  logic grant;       // the engine starts a copy this cycle
  logic pick_pf;     // ... for the PF (else the FIFO's head)
  logic owner_reset; // the owner is being reset
  logic fin;         // the owner's copy finished

  assign head_live = fifo_head_valid && vf_pend_q[fifo_head];
  assign pick_pf   = pf_pend_q && (!head_live || last_vf_q);
  assign grant     = (pf_pend_q || head_live) && !own_q && !eng_busy_i;
  // the head leaves when granted, or at once when its request was dropped
  assign fifo_pop  = fifo_head_valid && (!vf_pend_q[fifo_head] || (grant && !pick_pf));
  // a START of the VF whose stale entry leaves now queues it again (one place each)
  assign fifo_push = vf_start_i && !vf_clear_all_i &&
                     (!queued_q[vf_idx_i] || (fifo_pop && fifo_head == vf_idx_i));
  assign fin       = own_q && (eng_done_i || eng_error_i);

  always_comb begin
    owner_reset = 1'b0;
    if (own_q) begin
      if (!own_vf_q) begin
        owner_reset = pf_clr_i;
      end else begin
        owner_reset = vf_clear_all_i || (vf_clr_i && vf_clr_idx_i == own_idx_q);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pf_pend_q <= 1'b0;
      vf_pend_q <= '0;
      queued_q  <= '0;
      own_q     <= 1'b0;
      own_vf_q  <= 1'b0;
      own_idx_q <= '0;
      last_vf_q <= 1'b0;
      done_q    <= '0;
      error_q   <= '0;
      tmo_q     <= '0;
      cpl_q     <= '0;
    end else begin
      // later assignments win: grant, then the owner's outcome, register writes, resets
      if (grant) begin
        own_q     <= 1'b1;
        own_vf_q  <= !pick_pf;
        own_idx_q <= fifo_head;
        last_vf_q <= !pick_pf;
        if (pick_pf) begin
          pf_pend_q <= 1'b0;
        end else begin
          vf_pend_q[fifo_head] <= 1'b0;
        end
      end else if (own_q && !eng_busy_i) begin
        own_q <= 1'b0;  // the copy is over (finished or abandoned)
      end
      if (fifo_pop) begin
        queued_q[fifo_head] <= 1'b0;
      end
      if (fifo_push) begin
        queued_q[vf_idx_i] <= 1'b1;
      end

      // the owning VF's outcome
      if (own_q && own_vf_q) begin
        if (eng_cpl_status_en_i) begin
          cpl_q[own_idx_q] <= eng_cpl_status_i;
        end
        if (eng_done_i) begin
          done_q[own_idx_q] <= 1'b1;
        end
        if (eng_error_i) begin
          error_q[own_idx_q] <= 1'b1;
          tmo_q[own_idx_q]   <= eng_timeout_i;
        end
      end

      // register writes of VF vf_idx_i
      if (vf_clr_done_i) begin
        done_q[vf_idx_i] <= 1'b0;
      end
      if (vf_clr_error_i) begin
        error_q[vf_idx_i] <= 1'b0;
      end
      if (pf_start_i) begin
        pf_pend_q <= 1'b1;
      end
      if (vf_start_i) begin
        vf_pend_q[vf_idx_i] <= 1'b1;
        done_q[vf_idx_i]    <= 1'b0;
        error_q[vf_idx_i]   <= 1'b0;
        tmo_q[vf_idx_i]     <= 1'b0;
      end

      // resets drop the function's waiting request and status
      if (pf_clr_i) begin
        pf_pend_q <= 1'b0;
      end
      if (vf_clr_i) begin
        vf_pend_q[vf_clr_idx_i] <= 1'b0;
        done_q[vf_clr_idx_i]    <= 1'b0;
        error_q[vf_clr_idx_i]   <= 1'b0;
        tmo_q[vf_clr_idx_i]     <= 1'b0;
        cpl_q[vf_clr_idx_i]     <= '0;
      end
      if (vf_clear_all_i) begin
        vf_pend_q <= '0;
        queued_q  <= '0;   // the FIFO is emptied too
        done_q    <= '0;
        error_q   <= '0;
        tmo_q     <= '0;
        cpl_q     <= '0;
      end
    end
  end

  logic [IdxWidth-1:0] rd;
  assign rd = (32'(vf_rd_idx_i) < Slots) ? vf_rd_idx_i : '0;

  assign eng_start_o     = grant;
  assign eng_abort_o     = owner_reset;
  assign grant_vf_o      = own_q ? own_vf_q : (head_live && !pick_pf);
  assign grant_idx_o     = own_q ? own_idx_q : fifo_head;
  assign pf_busy_o       = pf_pend_q || (own_q && !own_vf_q);
  assign vf_busy_o       = vf_pend_q[rd] || (own_q && own_vf_q && own_idx_q == rd);
  assign vf_done_o       = done_q[rd];
  assign vf_error_o      = error_q[rd];
  assign vf_timeout_o    = tmo_q[rd];
  assign vf_cpl_status_o = cpl_q[rd];
  assign vf_finish_o     = fin && own_vf_q;
  // every live request is in the FIFO (or the PF's bit); stale entries drain on their own
  assign idle_o          = !pf_pend_q && fifo_count == '0;

  logic unused_sched;
  assign unused_sched = fifo_in_ready;   // one place per VF: never full

endmodule

`default_nettype wire
