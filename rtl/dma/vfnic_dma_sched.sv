// SPDX-License-Identifier: MIT
// Sharing of the one DMA test engine between the functions 0..NumFuncs-1 (function 0 is the
// PF), and the DMA_CTRL register of every function (the external register of
// vfnic_func_regs): its status bits (START read as BUSY, DONE, ERROR, CPL_STATUS, TIMEOUT)
// and its interrupt settings (IRQ_EN, IRQ_VECTOR) live here.
//
// Structure (docs/rtl-structure.md rule 2): nothing looks at more than one function per cycle.
// A function's START sets its bit of the pending vector and pushes the function into a FIFO
// (vfnic_fifo, one place per function: a function is in it at most once, its "queued" bit
// says so); functions are served in the order of their STARTs. When the engine is free the
// FIFO's head is granted: in that cycle rd_func_o names it, so that vfnic_func_regs reads its
// DMA_SRC, DMA_DST and DMA_LEN, and in the next the engine starts with them (unless the
// function is being reset then). A reset drops a function's request by clearing its pending
// bit only; its FIFO entry is then stale and is popped without a grant when it reaches the
// head. Status bits are bit vectors read and written one bit by index; the interrupt
// settings are a memory (two vfnic_ram_1r1w copies: the register port's, read-modify-
// written with byte enables, and the engine's, read at the owner) that reads as zero until
// written after a reset.
//
// DMA_CTRL access (vfnic_func_regs' external register): ctrl_rd_i in the first cycle of an
// access to function ctrl_func_i (the settings are read), ctrl_rdata_o in the second;
// ctrl_wr_i in the second cycle of a write (ctrl_wdata_i, ctrl_be_i). START while the
// function is busy is ignored; a START clears DONE, ERROR and TIMEOUT.
`default_nettype none

module vfnic_dma_sched #(
  parameter int unsigned NumFuncs = 32'(vfnic_regs_pkg::TOTAL_VFS) + 1,
  localparam int unsigned FuncW   = (NumFuncs > 1) ? $clog2(NumFuncs) : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  // DMA_CTRL of function ctrl_func_i
  input  logic             ctrl_rd_i,
  input  logic             ctrl_wr_i,
  input  logic [FuncW-1:0] ctrl_func_i,
  input  logic [31:0]      ctrl_wdata_i,
  input  logic [3:0]       ctrl_be_i,
  output logic [31:0]      ctrl_rdata_o,

  // Resets: function clr_func_i (FLR or software reset); every function but the PF
  input  logic             clr_i,
  input  logic [FuncW-1:0] clr_func_i,
  input  logic             clr_vfs_i,

  // The function whose DMA registers the engine needs next cycle (vfnic_func_regs' hw port)
  output logic [FuncW-1:0] rd_func_o,

  // Engine
  input  logic             eng_busy_i,
  input  logic             eng_done_i,
  input  logic             eng_error_i,
  input  logic             eng_timeout_i,
  input  logic             eng_cpl_status_en_i,
  input  logic [2:0]       eng_cpl_status_i,
  output logic             eng_start_o,    // start the engine for own_func_o
  output logic             eng_abort_o,    // the owner is being reset
  output logic [FuncW-1:0] own_func_o,     // the function the engine works for (or starts for)

  // The owner's copy finished with IRQ_EN set: raise its IRQ_VECTOR
  output logic             raise_o,
  output logic [FuncW-1:0] raise_func_o,
  output logic [11:0]      raise_vec_o,

  output logic             idle_o          // no request waiting
);

  localparam int unsigned FifoDepth = (NumFuncs > 2) ? (1 << $clog2(NumFuncs)) : 2;
  localparam logic [NumFuncs-1:0] VfFuncs = ~NumFuncs'(1);  // every function but the PF
  localparam int unsigned IrqW = 13;                         // {IRQ_VECTOR, IRQ_EN}

  logic [NumFuncs-1:0] pend_q;     // START seen, not yet granted
  logic [NumFuncs-1:0] queued_q;   // in the FIFO (live or stale)
  logic                gnt_q;      // granted last cycle: the engine starts now
  logic                own_q;      // the engine runs for own_func_q
  logic [FuncW-1:0]    own_func_q;
  logic [NumFuncs-1:0] done_q, error_q, tmo_q;
  logic [NumFuncs-1:0] cpl0_q, cpl1_q, cpl2_q;  // CPL_STATUS bits, one vector each
  logic [NumFuncs-1:0] irq_fresh_q;             // interrupt settings read as 0

  // ---- the FIFO of functions whose START was written ----
  logic             fifo_push, fifo_pop, fifo_head_valid, fifo_in_ready;
  logic [FuncW-1:0] fifo_head;
  logic [$clog2(FifoDepth + 3)-1:0] fifo_count;

  vfnic_fifo #(
    .Width(FuncW),
    .Depth(FifoDepth)
  ) u_fifo (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fifo_push),
    .in_ready_o (fifo_in_ready),
    .in_data_i  (ctrl_func_i),
    .out_valid_o(fifo_head_valid),
    .out_ready_i(fifo_pop),
    .out_data_o (fifo_head),
    .count_o    (fifo_count)
  );

  function automatic logic clr_hits(input logic [FuncW-1:0] f);
    clr_hits = (clr_i && clr_func_i == f) || (clr_vfs_i && f != '0);
  endfunction

  // ---- the register port's view of function ctrl_func_i ----
  logic [31:0]     wmask;
  logic            ctrl_busy;
  logic [IrqW-1:0] irq_a_rd, irq_cur, irq_wd;
  logic            irq_a_fresh_q;
  logic            start;     // a START that takes effect

  assign wmask     = vfnic_tlp_pkg::be_mask(ctrl_be_i);
  assign ctrl_busy = pend_q[ctrl_func_i] || ((gnt_q || own_q) && own_func_q == ctrl_func_i);
  assign irq_cur   = irq_a_fresh_q ? '0 : irq_a_rd;
  assign start     = ctrl_wr_i && ctrl_be_i[0] && ctrl_wdata_i[vfnic_regs_pkg::DMA_CTRL_START_LSB] &&
                     !ctrl_busy;
  always_comb begin
    irq_wd = irq_cur;
    if (ctrl_be_i[0]) begin
      irq_wd[0] = ctrl_wdata_i[vfnic_regs_pkg::DMA_CTRL_IRQ_EN_LSB];
    end
    irq_wd[12:1] = 12'((32'(irq_cur[12:1]) & ~(wmask >> vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_LSB)) |
                       ((ctrl_wdata_i & wmask) >> vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_LSB));
  end

  logic irq_we;
  assign irq_we = ctrl_wr_i && (ctrl_be_i[2:0] != 3'b000);

  vfnic_ram_1r1w #(
    .Width(IrqW),
    .Depth(NumFuncs)
  ) u_irq_reg (
    .clk_i  (clk_i),
    .we_i   (irq_we),
    .waddr_i(ctrl_func_i),
    .wdata_i(irq_wd),
    .re_i   (ctrl_rd_i),
    .raddr_i(ctrl_func_i),
    .rdata_o(irq_a_rd)
  );

  always_comb begin
    ctrl_rdata_o = '0;
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_START_LSB]          = ctrl_busy;
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_DONE_LSB]           = done_q[ctrl_func_i];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_ERROR_LSB]          = error_q[ctrl_func_i];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_IRQ_EN_LSB]         = irq_cur[0];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_CPL_STATUS_LSB + 0] = cpl0_q[ctrl_func_i];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_CPL_STATUS_LSB + 1] = cpl1_q[ctrl_func_i];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_CPL_STATUS_LSB + 2] = cpl2_q[ctrl_func_i];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_TIMEOUT_LSB]        = tmo_q[ctrl_func_i];
    ctrl_rdata_o[vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_LSB +: 12] = irq_cur[12:1];
  end

  // ---- grant ----
  logic head_live;   // the FIFO's head still has its request
  logic grant;       // the head is granted: its registers are read now, the engine starts next
  logic fin;         // the owner's copy finished

  assign head_live = fifo_head_valid && pend_q[fifo_head];
  assign grant     = head_live && !gnt_q && !own_q && !eng_busy_i;
  // the head leaves when granted, or at once when its request was dropped
  assign fifo_pop  = fifo_head_valid && (!pend_q[fifo_head] || grant);
  // a START of the function whose stale entry leaves now queues it again (one place each)
  assign fifo_push = start && (!queued_q[ctrl_func_i] || (fifo_pop && fifo_head == ctrl_func_i));
  assign fin       = own_q && (eng_done_i || eng_error_i);

  assign rd_func_o   = (gnt_q || own_q) ? own_func_q : fifo_head;
  assign own_func_o  = own_func_q;
  // (the engine is idle when granted; checked again here so that the engine never sees a
  // start while busy, whatever the state)
  assign eng_start_o = gnt_q && !clr_hits(own_func_q) && !own_q && !eng_busy_i;
  assign eng_abort_o = own_q && clr_hits(own_func_q);

  // the owner's interrupt settings, read at rd_func_o (the owner while it owns the engine)
  logic [IrqW-1:0] irq_b_rd;
  logic            irq_b_fresh_q;
  vfnic_ram_1r1w #(
    .Width(IrqW),
    .Depth(NumFuncs)
  ) u_irq_eng (
    .clk_i  (clk_i),
    .we_i   (irq_we),
    .waddr_i(ctrl_func_i),
    .wdata_i(irq_wd),
    .re_i   (1'b1),
    .raddr_i(rd_func_o),
    .rdata_o(irq_b_rd)
  );
  assign raise_o      = fin && !irq_b_fresh_q && irq_b_rd[0];
  assign raise_func_o = own_func_q;
  assign raise_vec_o  = irq_b_rd[12:1];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      irq_a_fresh_q <= 1'b1;
      irq_b_fresh_q <= 1'b1;
    end else begin
      if (ctrl_rd_i) begin
        irq_a_fresh_q <= irq_fresh_q[ctrl_func_i];
      end
      irq_b_fresh_q <= irq_fresh_q[rd_func_o];
    end
  end

  logic [NumFuncs-1:0] pend_d, queued_d, done_d, error_d, tmo_d, cpl0_d, cpl1_d, cpl2_d;
  logic [NumFuncs-1:0] irq_fresh_d;
  logic                own_d;
  logic [FuncW-1:0]    own_func_d;

  always_comb begin
    pend_d      = pend_q;
    queued_d    = queued_q;
    done_d      = done_q;
    error_d     = error_q;
    tmo_d       = tmo_q;
    cpl0_d      = cpl0_q;
    cpl1_d      = cpl1_q;
    cpl2_d      = cpl2_q;
    irq_fresh_d = irq_fresh_q;
    own_d       = own_q;
    own_func_d  = own_func_q;

    // later assignments win: grant, the owner's outcome, register writes, resets
    if (grant) begin
      own_func_d        = fifo_head;
      pend_d[fifo_head] = 1'b0;
    end
    if (eng_start_o) begin
      own_d = 1'b1;
    end else if (own_q && !eng_busy_i) begin
      own_d = 1'b0;  // the copy is over (finished or abandoned)
    end
    if (fifo_pop) begin
      queued_d[fifo_head] = 1'b0;
    end
    if (fifo_push) begin
      queued_d[ctrl_func_i] = 1'b1;
    end

    // the owner's outcome
    if (own_q) begin
      if (eng_cpl_status_en_i) begin
        cpl0_d[own_func_q] = eng_cpl_status_i[0];
        cpl1_d[own_func_q] = eng_cpl_status_i[1];
        cpl2_d[own_func_q] = eng_cpl_status_i[2];
      end
      if (eng_done_i) begin
        done_d[own_func_q] = 1'b1;
      end
      if (eng_error_i) begin
        error_d[own_func_q] = 1'b1;
        tmo_d[own_func_q]   = eng_timeout_i;
      end
    end

    // register writes of function ctrl_func_i
    if (irq_we) begin
      irq_fresh_d[ctrl_func_i] = 1'b0;
    end
    if (ctrl_wr_i && ctrl_be_i[0]) begin
      if (ctrl_wdata_i[vfnic_regs_pkg::DMA_CTRL_DONE_LSB]) begin
        done_d[ctrl_func_i] = 1'b0;
      end
      if (ctrl_wdata_i[vfnic_regs_pkg::DMA_CTRL_ERROR_LSB]) begin
        error_d[ctrl_func_i] = 1'b0;
      end
    end
    if (start) begin
      pend_d[ctrl_func_i]  = 1'b1;
      done_d[ctrl_func_i]  = 1'b0;
      error_d[ctrl_func_i] = 1'b0;
      tmo_d[ctrl_func_i]   = 1'b0;
    end

    // resets drop the function's waiting request, status and settings
    if (clr_i) begin
      pend_d[clr_func_i]      = 1'b0;
      done_d[clr_func_i]      = 1'b0;
      error_d[clr_func_i]     = 1'b0;
      tmo_d[clr_func_i]       = 1'b0;
      cpl0_d[clr_func_i]      = 1'b0;
      cpl1_d[clr_func_i]      = 1'b0;
      cpl2_d[clr_func_i]      = 1'b0;
      irq_fresh_d[clr_func_i] = 1'b1;
    end
    if (clr_vfs_i) begin
      pend_d      = pend_d & ~VfFuncs;
      done_d      = done_d & ~VfFuncs;
      error_d     = error_d & ~VfFuncs;
      tmo_d       = tmo_d & ~VfFuncs;
      cpl0_d      = cpl0_d & ~VfFuncs;
      cpl1_d      = cpl1_d & ~VfFuncs;
      cpl2_d      = cpl2_d & ~VfFuncs;
      irq_fresh_d = irq_fresh_d | VfFuncs;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_q      <= '0;
      queued_q    <= '0;
      gnt_q       <= 1'b0;
      own_q       <= 1'b0;
      own_func_q  <= '0;
      done_q      <= '0;
      error_q     <= '0;
      tmo_q       <= '0;
      cpl0_q      <= '0;
      cpl1_q      <= '0;
      cpl2_q      <= '0;
      irq_fresh_q <= '1;
    end else begin
      pend_q      <= pend_d;
      queued_q    <= queued_d;
      gnt_q       <= grant;
      own_q       <= own_d;
      own_func_q  <= own_func_d;
      done_q      <= done_d;
      error_q     <= error_d;
      tmo_q       <= tmo_d;
      cpl0_q      <= cpl0_d;
      cpl1_q      <= cpl1_d;
      cpl2_q      <= cpl2_d;
      irq_fresh_q <= irq_fresh_d;
    end
  end

  // every live request is in the FIFO; stale entries drain on their own
  assign idle_o = (fifo_count == '0) && !gnt_q;

  logic unused_sched;
  assign unused_sched = fifo_in_ready;   // one place per function: never full

endmodule

`default_nettype wire
