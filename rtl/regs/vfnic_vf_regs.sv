// SPDX-License-Identifier: MIT
// BAR0 register blocks of all virtual functions (the PF_BAR0 map of rtl/regs/vfnic_regs.toml
// minus the registers not marked for VFs). Register words live in memories indexed by VF
// number; a per-word "fresh" flag makes a word read as its reset value until written, so an
// FLR or software reset of one VF (or of all) takes one cycle without clearing the memories.
`default_nettype none

module vfnic_vf_regs #(
  parameter int unsigned TotalVfs      = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned VfMsixVectors = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  localparam int unsigned Slots        = (TotalVfs > 0) ? TotalVfs : 1,
  localparam int unsigned IdxWidth     = (Slots > 1) ? $clog2(Slots) : 1,
  localparam int unsigned AddrWidth    = vfnic_regs_pkg::VF_BAR0_SIZE_LOG2
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,

  // Register access to VF vf_i: one DW per cycle, effective while req_i is high
  input  logic                 req_i,
  input  logic                 we_i,
  input  logic [IdxWidth-1:0]  vf_i,
  input  logic [AddrWidth-1:0] addr_i,     // byte offset in the VF's BAR0 slice
  input  logic [3:0]           be_i,
  input  logic [31:0]          wdata_i,
  output logic [31:0]          rdata_o,
  output logic                 hit_o,

  // Resets: FLR or software reset of one VF; every VF (VF Enable clear)
  input  logic                 clr_i,
  input  logic [IdxWidth-1:0]  clr_vf_i,
  input  logic                 clear_all_i,
  output logic                 soft_reset_o,  // CTRL.RESET written (for VF vf_i)

  // Counted events (one-cycle pulses, each for its own VF)
  input  logic                 bad_access_i,
  input  logic [IdxWidth-1:0]  bad_access_vf_i,
  input  logic [31:0]          bad_access_addr_i,
  input  logic                 msix_sent_i,
  input  logic [IdxWidth-1:0]  msix_sent_vf_i,
  input  logic                 msix_dropped_i,   // an interrupt event was dropped ...
  input  logic [IdxWidth-1:0]  msix_dropped_vf_i, // ... for this VF

  // IRQ_TEST: raise a vector of VF vf_i
  output logic                 raise_o,
  output logic [11:0]          raise_vec_o,

  // DMA test engine (shared, vfnic_dma_sched): DMA_CTRL writes of VF vf_i, its status
  output logic                 dma_start_o,
  output logic                 dma_clr_done_o,
  output logic                 dma_clr_error_o,
  input  logic                 dma_busy_i,
  input  logic                 dma_done_i,
  input  logic                 dma_error_i,
  input  logic                 dma_timeout_i,
  input  logic [2:0]           dma_cpl_status_i,
  // the registers of VF dma_vf_i, for the engine
  input  logic [IdxWidth-1:0]  dma_vf_i,
  output logic [63:0]          dma_src_o,
  output logic [63:0]          dma_dst_o,
  output logic [7:0]           dma_len_o,
  output logic                 dma_irq_en_o,
  output logic [11:0]          dma_irq_vec_o
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_total_vfs_check
    $error("TotalVfs must be 0..MAX_TOTAL_VFS");
  end
  if (!vfnic_regs_pkg::REG_SCRATCH_IN_VF || !vfnic_regs_pkg::REG_DMA_CTRL_IN_VF ||
      vfnic_regs_pkg::REG_UR_COUNT_IN_VF || vfnic_regs_pkg::REG_CPL_UNEXPECTED_IN_VF ||
      !vfnic_regs_pkg::REG_FUNC_IN_VF || !vfnic_regs_pkg::REG_CTRL_IN_VF ||
      vfnic_regs_pkg::REG_CTRL >= 16'(1 << AddrWidth)) begin : gen_layout_check
    $error("VF register map changed: review vfnic_vf_regs");
  end
`endif

  // ---- read/write words in memory: word index within a VF ----
  localparam int unsigned Words = 8;
  localparam logic [2:0] WScratch   = 3'd0;
  localparam logic [2:0] WScratchHi = 3'd1;
  localparam logic [2:0] WSrcLo     = 3'd2;
  localparam logic [2:0] WSrcHi     = 3'd3;
  localparam logic [2:0] WDstLo     = 3'd4;
  localparam logic [2:0] WDstHi     = 3'd5;
  localparam logic [2:0] WDmaLen    = 3'd6;
  localparam logic [2:0] WDmaCtrl   = 3'd7;  // IRQ_EN and IRQ_VECTOR fields of DMA_CTRL
  localparam logic [31:0] DmaCtrlRw =
      (32'h1 << vfnic_regs_pkg::DMA_CTRL_IRQ_EN_LSB) |
      (32'hFFF << vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_LSB);

  // counters: one memory each, so each has its own write port
  localparam logic [1:0] CSent    = 2'd0;
  localparam logic [1:0] CDropped = 2'd1;
  localparam logic [1:0] CBad     = 2'd2;
  localparam logic [1:0] CBadAddr = 2'd3;

  // sized for the whole VF index space (TotalVfs = 1 still has a 1-bit index)
  localparam int unsigned IdxSlots = 1 << IdxWidth;
  logic [31:0] word_mem     [IdxSlots * Words];
  logic [31:0] sent_mem     [IdxSlots];
  logic [31:0] dropped_mem  [IdxSlots];
  logic [31:0] bad_mem      [IdxSlots];
  logic [31:0] bad_addr_mem [IdxSlots];

  // flags indexed by {VF, word} and {VF, counter}
  logic [IdxSlots*Words-1:0] fresh_q, fresh_d;    // word reads as its reset value (0)
  logic [IdxSlots*4-1:0]     cfresh_q, cfresh_d;  // counter reads as 0

  logic [AddrWidth-1:0] reg_addr;
  logic [IdxWidth-1:0]  vf;
  logic                 wr;
  logic [31:0]          wmask;
  logic                 is_word;
  logic [2:0]           word;
  logic [31:0]          word_cur;    // current value of the addressed word
  logic [31:0]          word_wmask;  // writable bits of the addressed word

  assign reg_addr = {addr_i[AddrWidth-1:2], 2'b00};
  logic unused_addr_lsbs;
  assign unused_addr_lsbs = ^addr_i[1:0];
  assign vf    = (32'(vf_i) < Slots) ? vf_i : '0;
  assign wr    = req_i & we_i;
  assign wmask = vfnic_tlp_pkg::be_mask(be_i);

  always_comb begin
    is_word    = 1'b1;
    word       = WScratch;
    word_wmask = 32'hFFFF_FFFF;
    case (16'(reg_addr))
      vfnic_regs_pkg::REG_SCRATCH:    word = WScratch;
      vfnic_regs_pkg::REG_SCRATCH_HI: word = WScratchHi;
      vfnic_regs_pkg::REG_DMA_SRC_LO: word = WSrcLo;
      vfnic_regs_pkg::REG_DMA_SRC_HI: word = WSrcHi;
      vfnic_regs_pkg::REG_DMA_DST_LO: word = WDstLo;
      vfnic_regs_pkg::REG_DMA_DST_HI: word = WDstHi;
      vfnic_regs_pkg::REG_DMA_LEN: begin
        word       = WDmaLen;
        word_wmask = 32'h0000_00FF;
      end
      vfnic_regs_pkg::REG_DMA_CTRL: begin
        word       = WDmaCtrl;
        word_wmask = DmaCtrlRw;
      end
      default: is_word = 1'b0;
    endcase
  end

  assign word_cur = fresh_q[{vf, word}] ? 32'h0 : word_mem[{vf, word}];

  // ---- decode: which offsets hold a VF register ----
  always_comb begin
    case (16'(reg_addr))
      vfnic_regs_pkg::REG_ID, vfnic_regs_pkg::REG_VERSION, vfnic_regs_pkg::REG_SCRATCH,
      vfnic_regs_pkg::REG_SCRATCH_HI, vfnic_regs_pkg::REG_CAPS, vfnic_regs_pkg::REG_IRQ_TEST,
      vfnic_regs_pkg::REG_MSIX_SENT, vfnic_regs_pkg::REG_MSIX_DROPPED,
      vfnic_regs_pkg::REG_BAD_ACCESS_COUNT, vfnic_regs_pkg::REG_BAD_ACCESS_ADDR,
      vfnic_regs_pkg::REG_DMA_SRC_LO, vfnic_regs_pkg::REG_DMA_SRC_HI,
      vfnic_regs_pkg::REG_DMA_DST_LO, vfnic_regs_pkg::REG_DMA_DST_HI,
      vfnic_regs_pkg::REG_DMA_LEN, vfnic_regs_pkg::REG_DMA_CTRL,
      vfnic_regs_pkg::REG_FUNC, vfnic_regs_pkg::REG_CTRL: hit_o = 1'b1;
      default: hit_o = 1'b0;  // includes UR_COUNT and CPL_UNEXPECTED (device-wide, PF only)
    endcase
  end

  // ---- writes ----
  logic        word_we;
  logic [31:0] word_wdata;
  assign word_we    = wr && is_word && (be_i != 4'h0);
  assign word_wdata = (word_cur & ~(wmask & word_wmask)) | (wdata_i & wmask & word_wmask);

  always_ff @(posedge clk_i) begin
    if (word_we) begin
      word_mem[{vf, word}] <= word_wdata;
    end
  end

  always_comb begin
    raise_o         = 1'b0;
    raise_vec_o     = wdata_i[11:0] & wmask[11:0];
    soft_reset_o    = 1'b0;
    dma_start_o     = 1'b0;
    dma_clr_done_o  = 1'b0;
    dma_clr_error_o = 1'b0;
    if (wr) begin
      case (16'(reg_addr))
        vfnic_regs_pkg::REG_IRQ_TEST: raise_o = (be_i[1:0] != 2'b00);
        vfnic_regs_pkg::REG_CTRL:
          soft_reset_o = be_i[0] && wdata_i[vfnic_regs_pkg::CTRL_RESET_LSB];
        vfnic_regs_pkg::REG_DMA_CTRL: begin
          if (be_i[0]) begin
            dma_clr_done_o  = wdata_i[vfnic_regs_pkg::DMA_CTRL_DONE_LSB];
            dma_clr_error_o = wdata_i[vfnic_regs_pkg::DMA_CTRL_ERROR_LSB];
            // START while busy is ignored (the scheduler clears the old outcome on start)
            dma_start_o     = wdata_i[vfnic_regs_pkg::DMA_CTRL_START_LSB] && !dma_busy_i;
          end
        end
        default: ;
      endcase
    end
  end

  // ---- the engine's view of VF dma_vf_i ----
  logic [IdxWidth-1:0] dvf;
  logic [31:0]         dma_word [Words];
  assign dvf = (32'(dma_vf_i) < Slots) ? dma_vf_i : '0;
  always_comb begin
    for (int w = 0; w < Words; w++) begin
      dma_word[w] = fresh_q[{dvf, 3'(w)}] ? 32'h0 : word_mem[{dvf, 3'(w)}];
    end
  end
  assign dma_src_o     = {dma_word[WSrcHi], dma_word[WSrcLo]};
  assign dma_dst_o     = {dma_word[WDstHi], dma_word[WDstLo]};
  assign dma_len_o     = dma_word[WDmaLen][7:0];
  assign dma_irq_en_o  = dma_word[WDmaCtrl][vfnic_regs_pkg::DMA_CTRL_IRQ_EN_LSB];
  assign dma_irq_vec_o = dma_word[WDmaCtrl][vfnic_regs_pkg::DMA_CTRL_IRQ_VECTOR_LSB +: 12];
  logic unused_dma_word;
  assign unused_dma_word = ^{dma_word[WScratch], dma_word[WScratchHi], dma_word[WDmaLen][31:8],
                             dma_word[WDmaCtrl]};

  // ---- counters: read-modify-write through their own ports ----
  logic [31:0] sent_cur, dropped_cur, bad_cur;
  assign sent_cur    = cfresh_q[{msix_sent_vf_i, CSent}] ? 32'h0 : sent_mem[msix_sent_vf_i];
  assign dropped_cur = cfresh_q[{msix_dropped_vf_i, CDropped}] ? 32'h0
                                                               : dropped_mem[msix_dropped_vf_i];
  assign bad_cur     = cfresh_q[{bad_access_vf_i, CBad}] ? 32'h0 : bad_mem[bad_access_vf_i];

  always_ff @(posedge clk_i) begin
    if (msix_sent_i) begin
      sent_mem[msix_sent_vf_i] <= sent_cur + 32'd1;
    end
    if (msix_dropped_i) begin
      dropped_mem[msix_dropped_vf_i] <= dropped_cur + 32'd1;
    end
    if (bad_access_i) begin
      bad_mem[bad_access_vf_i]      <= bad_cur + 32'd1;
      bad_addr_mem[bad_access_vf_i] <= bad_access_addr_i;
    end
  end

  always_comb begin
    fresh_d  = fresh_q;
    cfresh_d = cfresh_q;
    if (word_we) begin
      fresh_d[{vf, word}] = 1'b0;
    end
    if (msix_sent_i) begin
      cfresh_d[{msix_sent_vf_i, CSent}] = 1'b0;
    end
    if (msix_dropped_i) begin
      cfresh_d[{msix_dropped_vf_i, CDropped}] = 1'b0;
    end
    if (bad_access_i) begin
      cfresh_d[{bad_access_vf_i, CBad}]     = 1'b0;
      cfresh_d[{bad_access_vf_i, CBadAddr}] = 1'b0;
    end
    if (clr_i) begin
      fresh_d[32'(clr_vf_i) * Words +: Words] = '1;
      cfresh_d[32'(clr_vf_i) * 4 +: 4]        = '1;
    end
    if (clear_all_i) begin
      fresh_d  = '1;
      cfresh_d = '1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fresh_q  <= '1;
      cfresh_q <= '1;
    end else begin
      fresh_q  <= fresh_d;
      cfresh_q <= cfresh_d;
    end
  end

  // ---- read mux ----
  localparam logic [31:0] Caps =
      32'(12'(VfMsixVectors)) << vfnic_regs_pkg::CAPS_MSIX_VECTORS_LSB;  // TOTAL_VFS 0

  always_comb begin
    case (16'(reg_addr))
      vfnic_regs_pkg::REG_ID:               rdata_o = vfnic_regs_pkg::REG_ID_RESET;
      vfnic_regs_pkg::REG_VERSION:          rdata_o = vfnic_regs_pkg::REG_VERSION_RESET;
      vfnic_regs_pkg::REG_CAPS:             rdata_o = Caps;
      vfnic_regs_pkg::REG_MSIX_SENT:
        rdata_o = cfresh_q[{vf, CSent}] ? 32'h0 : sent_mem[vf];
      vfnic_regs_pkg::REG_MSIX_DROPPED:
        rdata_o = cfresh_q[{vf, CDropped}] ? 32'h0 : dropped_mem[vf];
      vfnic_regs_pkg::REG_BAD_ACCESS_COUNT:
        rdata_o = cfresh_q[{vf, CBad}] ? 32'h0 : bad_mem[vf];
      vfnic_regs_pkg::REG_BAD_ACCESS_ADDR:
        rdata_o = cfresh_q[{vf, CBadAddr}] ? 32'h0 : bad_addr_mem[vf];
      vfnic_regs_pkg::REG_DMA_CTRL: begin
        rdata_o = word_cur;  // IRQ_EN, IRQ_VECTOR; the status comes from the scheduler
        rdata_o[vfnic_regs_pkg::DMA_CTRL_START_LSB]        = dma_busy_i;
        rdata_o[vfnic_regs_pkg::DMA_CTRL_DONE_LSB]         = dma_done_i;
        rdata_o[vfnic_regs_pkg::DMA_CTRL_ERROR_LSB]        = dma_error_i;
        rdata_o[vfnic_regs_pkg::DMA_CTRL_CPL_STATUS_LSB +: 3] = dma_cpl_status_i;
        rdata_o[vfnic_regs_pkg::DMA_CTRL_TIMEOUT_LSB]      = dma_timeout_i;
      end
      vfnic_regs_pkg::REG_FUNC:
        rdata_o = 32'(vf) * 32'(vfnic_regs_pkg::VF_STRIDE) + 32'(vfnic_regs_pkg::FIRST_VF_OFFSET);
      default:                              rdata_o = is_word ? word_cur : 32'h0;
    endcase
  end

endmodule

`default_nettype wire
