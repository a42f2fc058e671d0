// SPDX-License-Identifier: MIT
// BAR0 register file of the physical function, as described by rtl/regs/vfnic_regs.toml:
// identity, scratch, counters, interrupt test and the DMA test engine's registers.
`default_nettype none

module vfnic_pf_regs #(
  parameter int unsigned MsixVectors = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),
  parameter int unsigned TotalVfs    = 0,
  localparam int unsigned AddrWidth  = vfnic_regs_pkg::PF_BAR0_SIZE_LOG2
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 clr_i,      // FLR or software reset: every register to reset

  // Register access: one DW per cycle, effective while req_i is high; rdata_o is combinational
  input  logic                 req_i,
  input  logic                 we_i,
  input  logic [AddrWidth-1:0] addr_i,     // byte offset in BAR0; bits 1:0 are ignored
  input  logic [3:0]           be_i,
  input  logic [31:0]          wdata_i,
  output logic [31:0]          rdata_o,
  output logic                 hit_o,      // a register exists at addr_i

  // Events counted here (one-cycle pulses)
  input  logic                 ur_i,               // unsupported request (device-wide)
  input  logic [1:0]           cpl_unexpected_i,   // unexpected completions, from two sources
  input  logic                 bad_access_i,       // access to a hole of this function's BARs
  input  logic [31:0]          bad_access_addr_i,
  input  logic                 msix_sent_i,
  input  logic [2:0]           msix_dropped_i,   // one per raise source

  // CTRL.RESET written (pulse): the caller resets this function (clr_i among others)
  output logic                 soft_reset_o,

  // MSI-X events: 0 = IRQ_TEST write, 1 = DMA test engine finished
  output logic [1:0]           raise_o,
  output logic [1:0][11:0]     raise_vec_o,

  // DMA test engine
  output logic                 dma_start_o,
  output logic [63:0]          dma_src_o,
  output logic [63:0]          dma_dst_o,
  output logic [7:0]           dma_len_o,
  input  logic                 dma_busy_i,
  input  logic                 dma_done_i,          // pulse: finished without error
  input  logic                 dma_error_i,         // pulse: finished with error
  input  logic                 dma_timeout_i,       // with dma_error_i: it was a timeout
  input  logic                 dma_cpl_status_en_i, // pulse: a completion arrived
  input  logic [2:0]           dma_cpl_status_i
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (MsixVectors < 1 || MsixVectors > 2048) begin : gen_vectors_check
    $error("MsixVectors must be 1..2048");
  end
  if (TotalVfs > 255) begin : gen_vfs_check
    $error("TotalVfs must fit CAPS.TOTAL_VFS");
  end
  if (vfnic_regs_pkg::DMA_LEN_BYTES_WIDTH != 8 || vfnic_regs_pkg::DMA_CTRL_START_LSB != 0 ||
      vfnic_regs_pkg::IRQ_TEST_VECTOR_WIDTH != 12 ||
      vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_WIDTH != 12) begin : gen_layout_check
    $error("register layout changed: review vfnic_pf_regs");
  end
`endif

  // ---- register state ----
  logic [31:0] scratch_q, scratch_d;
  logic [31:0] scratch_hi_q, scratch_hi_d;
  logic [31:0] msix_sent_q, msix_sent_d;
  logic [31:0] msix_dropped_q, msix_dropped_d;
  logic [31:0] bad_count_q, bad_count_d;
  logic [31:0] bad_addr_q, bad_addr_d;
  logic [31:0] ur_count_q, ur_count_d;
  logic [31:0] cpl_unexp_q, cpl_unexp_d;
  logic [31:0] dma_src_lo_q, dma_src_lo_d;
  logic [31:0] dma_src_hi_q, dma_src_hi_d;
  logic [31:0] dma_dst_lo_q, dma_dst_lo_d;
  logic [31:0] dma_dst_hi_q, dma_dst_hi_d;
  logic [7:0]  dma_len_q, dma_len_d;
  logic        dma_done_q, dma_done_d;
  logic        dma_error_q, dma_error_d;
  logic        dma_irq_en_q, dma_irq_en_d;
  logic [2:0]  dma_cpl_status_q, dma_cpl_status_d;
  logic        dma_timeout_q, dma_timeout_d;
  logic [11:0] dma_irq_vec_q, dma_irq_vec_d;

  logic [AddrWidth-1:0] reg_addr;
  logic                 wr;
  logic [31:0]          wmask;
  logic [11:0]          irq_test_vec;  // IRQ_TEST.VECTOR with disabled bytes read as 0

  assign reg_addr = {addr_i[AddrWidth-1:2], 2'b00};
  logic unused_addr_lsbs;  // registers are whole DWs; byte enables select within them
  assign unused_addr_lsbs = ^addr_i[1:0];
  assign wr       = req_i & we_i;
  assign wmask    = vfnic_tlp_pkg::be_mask(be_i);
  assign irq_test_vec = wdata_i[11:0] & wmask[11:0];

  function automatic logic [31:0] merge(input logic [31:0] old, input logic [31:0] wdata,
                                        input logic [31:0] bytes);
    merge = (old & ~bytes) | (wdata & bytes);
  endfunction

  // ---- decode: which offsets hold a register ----
  always_comb begin
    case (reg_addr)
      vfnic_regs_pkg::REG_ID, vfnic_regs_pkg::REG_VERSION, vfnic_regs_pkg::REG_SCRATCH,
      vfnic_regs_pkg::REG_SCRATCH_HI, vfnic_regs_pkg::REG_CAPS, vfnic_regs_pkg::REG_IRQ_TEST,
      vfnic_regs_pkg::REG_MSIX_SENT, vfnic_regs_pkg::REG_MSIX_DROPPED,
      vfnic_regs_pkg::REG_BAD_ACCESS_COUNT, vfnic_regs_pkg::REG_BAD_ACCESS_ADDR,
      vfnic_regs_pkg::REG_UR_COUNT, vfnic_regs_pkg::REG_CPL_UNEXPECTED,
      vfnic_regs_pkg::REG_DMA_SRC_LO, vfnic_regs_pkg::REG_DMA_SRC_HI,
      vfnic_regs_pkg::REG_DMA_DST_LO, vfnic_regs_pkg::REG_DMA_DST_HI,
      vfnic_regs_pkg::REG_DMA_LEN, vfnic_regs_pkg::REG_DMA_CTRL,
      vfnic_regs_pkg::REG_FUNC, vfnic_regs_pkg::REG_CTRL: hit_o = 1'b1;
      default: hit_o = 1'b0;
    endcase
  end

  // ---- next state ----
  always_comb begin
    scratch_d        = scratch_q;
    scratch_hi_d     = scratch_hi_q;
    msix_sent_d      = msix_sent_q + 32'(msix_sent_i);
    msix_dropped_d   = msix_dropped_q + 32'(msix_dropped_i[0]) + 32'(msix_dropped_i[1]) +
                       32'(msix_dropped_i[2]);
    bad_count_d      = bad_count_q;
    bad_addr_d       = bad_addr_q;
    ur_count_d       = ur_count_q + 32'(ur_i);
    cpl_unexp_d      = cpl_unexp_q + 32'(cpl_unexpected_i[0]) + 32'(cpl_unexpected_i[1]);
    dma_src_lo_d     = dma_src_lo_q;
    dma_src_hi_d     = dma_src_hi_q;
    dma_dst_lo_d     = dma_dst_lo_q;
    dma_dst_hi_d     = dma_dst_hi_q;
    dma_len_d        = dma_len_q;
    dma_done_d       = dma_done_q;
    dma_error_d      = dma_error_q;
    dma_irq_en_d     = dma_irq_en_q;
    dma_cpl_status_d = dma_cpl_status_q;
    dma_timeout_d    = dma_timeout_q;
    dma_irq_vec_d    = dma_irq_vec_q;
    dma_start_o      = 1'b0;
    soft_reset_o     = 1'b0;
    raise_o          = '0;
    raise_vec_o      = '0;

    if (bad_access_i) begin
      bad_count_d = bad_count_q + 32'd1;
      bad_addr_d  = bad_access_addr_i;
    end

    if (wr) begin
      case (reg_addr)
        vfnic_regs_pkg::REG_SCRATCH:    scratch_d    = merge(scratch_q, wdata_i, wmask);
        vfnic_regs_pkg::REG_SCRATCH_HI: scratch_hi_d = merge(scratch_hi_q, wdata_i, wmask);
        vfnic_regs_pkg::REG_IRQ_TEST: begin
          // the vector number lives in the two low bytes
          if (be_i[1:0] != 2'b00) begin
            raise_o[0]     = 1'b1;
            raise_vec_o[0] = irq_test_vec;
          end
        end
        vfnic_regs_pkg::REG_DMA_SRC_LO: dma_src_lo_d = merge(dma_src_lo_q, wdata_i, wmask);
        vfnic_regs_pkg::REG_DMA_SRC_HI: dma_src_hi_d = merge(dma_src_hi_q, wdata_i, wmask);
        vfnic_regs_pkg::REG_DMA_DST_LO: dma_dst_lo_d = merge(dma_dst_lo_q, wdata_i, wmask);
        vfnic_regs_pkg::REG_DMA_DST_HI: dma_dst_hi_d = merge(dma_dst_hi_q, wdata_i, wmask);
        vfnic_regs_pkg::REG_DMA_LEN: begin
          if (be_i[0]) begin
            dma_len_d = wdata_i[7:0];
          end
        end
        vfnic_regs_pkg::REG_DMA_CTRL: begin
          if (be_i[0]) begin
            dma_irq_en_d = wdata_i[vfnic_regs_pkg::DMA_CTRL_IRQ_EN_LSB];
            if (wdata_i[vfnic_regs_pkg::DMA_CTRL_DONE_LSB]) begin
              dma_done_d = 1'b0;
            end
            if (wdata_i[vfnic_regs_pkg::DMA_CTRL_ERROR_LSB]) begin
              dma_error_d = 1'b0;
            end
            // START while busy is ignored; a new copy clears the previous outcome
            if (wdata_i[vfnic_regs_pkg::DMA_CTRL_START_LSB] && !dma_busy_i) begin
              dma_start_o   = 1'b1;
              dma_done_d    = 1'b0;
              dma_error_d   = 1'b0;
              dma_timeout_d = 1'b0;
            end
          end
          if (be_i[1]) begin
            dma_irq_vec_d[7:0] = wdata_i[15:8];
          end
          if (be_i[2]) begin
            dma_irq_vec_d[11:8] = wdata_i[19:16];
          end
        end
        vfnic_regs_pkg::REG_CTRL: begin
          soft_reset_o = be_i[0] && wdata_i[vfnic_regs_pkg::CTRL_RESET_LSB];
        end
        default: ;  // read-only registers and holes: writes ignored
      endcase
    end

    // DMA engine outcome
    if (dma_cpl_status_en_i) begin
      dma_cpl_status_d = dma_cpl_status_i;
    end
    if (dma_done_i) begin
      dma_done_d = 1'b1;
    end
    if (dma_error_i) begin
      dma_error_d   = 1'b1;
      dma_timeout_d = dma_timeout_i;
    end
    if ((dma_done_i || dma_error_i) && dma_irq_en_q) begin
      raise_o[1]     = 1'b1;
      raise_vec_o[1] = dma_irq_vec_q;
    end

    if (clr_i) begin
      scratch_d        = vfnic_regs_pkg::REG_SCRATCH_RESET;
      scratch_hi_d     = vfnic_regs_pkg::REG_SCRATCH_HI_RESET;
      msix_sent_d      = vfnic_regs_pkg::REG_MSIX_SENT_RESET;
      msix_dropped_d   = vfnic_regs_pkg::REG_MSIX_DROPPED_RESET;
      bad_count_d      = vfnic_regs_pkg::REG_BAD_ACCESS_COUNT_RESET;
      bad_addr_d       = vfnic_regs_pkg::REG_BAD_ACCESS_ADDR_RESET;
      ur_count_d       = vfnic_regs_pkg::REG_UR_COUNT_RESET;
      cpl_unexp_d      = vfnic_regs_pkg::REG_CPL_UNEXPECTED_RESET;
      dma_src_lo_d     = vfnic_regs_pkg::REG_DMA_SRC_LO_RESET;
      dma_src_hi_d     = vfnic_regs_pkg::REG_DMA_SRC_HI_RESET;
      dma_dst_lo_d     = vfnic_regs_pkg::REG_DMA_DST_LO_RESET;
      dma_dst_hi_d     = vfnic_regs_pkg::REG_DMA_DST_HI_RESET;
      dma_len_d        = vfnic_regs_pkg::REG_DMA_LEN_RESET[7:0];
      dma_done_d       = 1'b0;
      dma_error_d      = 1'b0;
      dma_irq_en_d     = 1'b0;
      dma_cpl_status_d = 3'd0;
      dma_timeout_d    = 1'b0;
      dma_irq_vec_d    = '0;
      dma_start_o      = 1'b0;
      raise_o          = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      scratch_q        <= vfnic_regs_pkg::REG_SCRATCH_RESET;
      scratch_hi_q     <= vfnic_regs_pkg::REG_SCRATCH_HI_RESET;
      msix_sent_q      <= vfnic_regs_pkg::REG_MSIX_SENT_RESET;
      msix_dropped_q   <= vfnic_regs_pkg::REG_MSIX_DROPPED_RESET;
      bad_count_q      <= vfnic_regs_pkg::REG_BAD_ACCESS_COUNT_RESET;
      bad_addr_q       <= vfnic_regs_pkg::REG_BAD_ACCESS_ADDR_RESET;
      ur_count_q       <= vfnic_regs_pkg::REG_UR_COUNT_RESET;
      cpl_unexp_q      <= vfnic_regs_pkg::REG_CPL_UNEXPECTED_RESET;
      dma_src_lo_q     <= vfnic_regs_pkg::REG_DMA_SRC_LO_RESET;
      dma_src_hi_q     <= vfnic_regs_pkg::REG_DMA_SRC_HI_RESET;
      dma_dst_lo_q     <= vfnic_regs_pkg::REG_DMA_DST_LO_RESET;
      dma_dst_hi_q     <= vfnic_regs_pkg::REG_DMA_DST_HI_RESET;
      dma_len_q        <= vfnic_regs_pkg::REG_DMA_LEN_RESET[7:0];
      dma_done_q       <= 1'b0;
      dma_error_q      <= 1'b0;
      dma_irq_en_q     <= 1'b0;
      dma_cpl_status_q <= 3'd0;
      dma_timeout_q    <= 1'b0;
      dma_irq_vec_q    <= '0;
    end else begin
      scratch_q        <= scratch_d;
      scratch_hi_q     <= scratch_hi_d;
      msix_sent_q      <= msix_sent_d;
      msix_dropped_q   <= msix_dropped_d;
      bad_count_q      <= bad_count_d;
      bad_addr_q       <= bad_addr_d;
      ur_count_q       <= ur_count_d;
      cpl_unexp_q      <= cpl_unexp_d;
      dma_src_lo_q     <= dma_src_lo_d;
      dma_src_hi_q     <= dma_src_hi_d;
      dma_dst_lo_q     <= dma_dst_lo_d;
      dma_dst_hi_q     <= dma_dst_hi_d;
      dma_len_q        <= dma_len_d;
      dma_done_q       <= dma_done_d;
      dma_error_q      <= dma_error_d;
      dma_irq_en_q     <= dma_irq_en_d;
      dma_cpl_status_q <= dma_cpl_status_d;
      dma_timeout_q    <= dma_timeout_d;
      dma_irq_vec_q    <= dma_irq_vec_d;
    end
  end

  // ---- read mux ----
  logic [31:0] dma_ctrl;
  always_comb begin
    dma_ctrl = '0;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_START_LSB]  = dma_busy_i;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_DONE_LSB]   = dma_done_q;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_ERROR_LSB]  = dma_error_q;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_IRQ_EN_LSB] = dma_irq_en_q;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_CPL_STATUS_LSB +: 3] = dma_cpl_status_q;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_TIMEOUT_LSB] = dma_timeout_q;
    dma_ctrl[vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_LSB +: 12] = dma_irq_vec_q;
  end

  localparam logic [31:0] Caps =
      (32'(12'(MsixVectors)) << vfnic_regs_pkg::CAPS_MSIX_VECTORS_LSB) |
      (32'(8'(TotalVfs)) << vfnic_regs_pkg::CAPS_TOTAL_VFS_LSB);

  always_comb begin
    case (reg_addr)
      vfnic_regs_pkg::REG_ID:               rdata_o = vfnic_regs_pkg::REG_ID_RESET;
      vfnic_regs_pkg::REG_VERSION:          rdata_o = vfnic_regs_pkg::REG_VERSION_RESET;
      vfnic_regs_pkg::REG_SCRATCH:          rdata_o = scratch_q;
      vfnic_regs_pkg::REG_SCRATCH_HI:       rdata_o = scratch_hi_q;
      vfnic_regs_pkg::REG_CAPS:             rdata_o = Caps;
      vfnic_regs_pkg::REG_MSIX_SENT:        rdata_o = msix_sent_q;
      vfnic_regs_pkg::REG_MSIX_DROPPED:     rdata_o = msix_dropped_q;
      vfnic_regs_pkg::REG_BAD_ACCESS_COUNT: rdata_o = bad_count_q;
      vfnic_regs_pkg::REG_BAD_ACCESS_ADDR:  rdata_o = bad_addr_q;
      vfnic_regs_pkg::REG_UR_COUNT:         rdata_o = ur_count_q;
      vfnic_regs_pkg::REG_CPL_UNEXPECTED:   rdata_o = cpl_unexp_q;
      vfnic_regs_pkg::REG_DMA_SRC_LO:       rdata_o = dma_src_lo_q;
      vfnic_regs_pkg::REG_DMA_SRC_HI:       rdata_o = dma_src_hi_q;
      vfnic_regs_pkg::REG_DMA_DST_LO:       rdata_o = dma_dst_lo_q;
      vfnic_regs_pkg::REG_DMA_DST_HI:       rdata_o = dma_dst_hi_q;
      vfnic_regs_pkg::REG_DMA_LEN:          rdata_o = {24'h0, dma_len_q};
      vfnic_regs_pkg::REG_DMA_CTRL:         rdata_o = dma_ctrl;
      default:                              rdata_o = '0;  // IRQ_TEST (write-only) and holes
    endcase
  end

  assign dma_src_o = {dma_src_hi_q, dma_src_lo_q};
  assign dma_dst_o = {dma_dst_hi_q, dma_dst_lo_q};
  assign dma_len_o = dma_len_q;

endmodule

`default_nettype wire
