// SPDX-License-Identifier: MIT
// Ring registers and pointers of every global ring of one direction (docs/datapath-blocks.md
// "vfnic_rings"): the TXQ/RXQ register window (BASE, SIZE, CTRL, HEAD, TAIL, STATUS and, for
// RX, BUF_SIZE), the engines' FETCH and HEAD advances, ring errors, function resets, and the
// per-ring generation number that makes work in flight across a reset complete into nothing.
//
// Ports (widths fixed by the contract):
//   reg_req_i, reg_we_i, reg_q_i[7:0], reg_off_i[5:2], reg_be_i[3:0], reg_wdata_i[31:0]
//   reg_rdata_o[31:0], reg_hit_o
//       one access per cycle to ring reg_q_i (global; the caller mapped and checked it) at
//       byte offset {reg_off_i, 00} of its 0x40 window; read data combinational, a write
//       takes effect at the clock edge, byte enables honoured. reg_hit_o: a register exists at
//       the offset (0x00..0x18; 0x1C BUF_SIZE only when IsRx; 0x20.. are vfnic_stats' and
//       miss here) of a ring q < NumQp. Misses read 0 and ignore writes.
//   en_o[NumQp-1:0]     STATUS.ENABLED of every ring
//   avail_o[NumQp-1:0]  enabled and FETCH != TAIL
//   rd_q_i[1:0][7:0]    two combinational read ports; per port p: rd_base_o[p][63:0] (bits 3:0
//       zero), rd_log2_o[p][3:0], rd_head_o/rd_fetch_o/rd_tail_o[p][11:0], rd_en_o[p],
//       rd_irq_en_o[p], rd_vector_o[p][11:0], rd_buf_size_o[p][13:0] (0 for TX), rd_gen_o[p][3:0];
//       all 0 for q >= NumQp
//   fadv_valid_i, fadv_q_i[7:0], fadv_n_i[4:0], fadv_gen_i[3:0]    FETCH += n
//   hadv_valid_i, hadv_q_i[7:0], hadv_n_i[4:0], hadv_gen_i[3:0]    HEAD  += n
//   err_valid_i,  err_q_i[7:0],  err_code_i[3:0], err_gen_i[3:0]   stop the ring with QERR code
//   owner_i[NumQp-1:0][6:0], freset_i[NumFuncs-1:0]                 function reset
//   bad_tail_o, bad_tail_q_o[7:0]   one-cycle pulse the cycle after a TAIL write was rejected
//
// Behaviour (every rule sees the state at the start of the cycle):
// - BASE_LO/BASE_HI/SIZE/BUF_SIZE writes are ignored while the ring is enabled. CTRL.EN reads
//   STATUS.ENABLED, so writing EN = 1 to a ring stopped by an error enables it again.
// - CTRL write with EN 0 -> 1: SIZE.LOG2 in [RingSizeLog2Min, RingSizeLog2Max] and, for RX,
//   BUF_SIZE a multiple of 64 in 64..16320: ENABLED = 1, ERROR = NONE, HEAD = FETCH = TAIL = 0,
//   gen + 1; otherwise the ring stays disabled with ERROR = BAD_CONFIG. EN 1 -> 0: ENABLED = 0,
//   gen kept, pointers kept (work in flight still advances them). Every CTRL write updates
//   IRQ_EN and VECTOR.
// - TAIL writes count only while enabled: a value < 2^LOG2 sets TAIL; a larger one is
//   ignored, sets ERROR = BAD_TAIL, disables the ring, bumps gen and pulses bad_tail_o.
// - fadv/hadv/err are taken only when their gen equals the ring's and the ring is "live":
//   enabled since the last device reset, function reset or error (an EN 1 -> 0 write keeps it
//   live, so work in flight still completes). A taken err disables the ring, sets ERROR to
//   err_code_i and bumps gen. Advances add n modulo 2^LOG2 (n = 0 or > 16 is added as given).
// - Several events on one ring in one cycle: fadv, hadv and err apply together; a successful
//   enable overrides them (they belong to the old gen); the ERROR code of a rejected TAIL or
//   enable overrides err's; gen is bumped at most once per cycle.
// - freset_i[f] returns every ring q with owner_i[q] == f to its reset values (disabled,
//   ERROR = NONE, pointers 0, registers at their reset values) and bumps its gen; it overrides
//   everything else for that ring in that cycle (including a register write to it).
//
// Storage: BASE, IRQ_EN, VECTOR and BUF_SIZE are written only by the register port, so they
// live in a memory with one write and three asynchronous read ports (distributed RAM on an
// FPGA); per-field "held" flops say which fields were written since the ring's last reset
// (the others read their reset values), which is how a function reset clears many rings in
// one cycle. SIZE, the pointers, STATUS and gen are flops (several writers per cycle, and
// en_o/avail_o need every ring at once).
//
// Contract notes (docs/datapath-blocks.md "vfnic_rings"):
// - The read ports, written `rd_q_i [2]` there, are packed `[1:0]` arrays (as vfnic_dma_rd's
//   per-client ports) because Yosys rejects unpacked array ports.
// - "Disabled-by-reset" is read as "not live": a ring stopped by an error ignores advances and
//   errors of its new gen too, as one stopped by a reset does.
// - A function reset puts every register of the function's rings back to its reset value,
//   STATUS.ERROR included (NONE).
// - bad_tail_q_o is meaningful only while bad_tail_o is high.
`default_nettype none

module vfnic_rings #(
  parameter int unsigned NumQp           = 18,  // global rings 0..NumQp-1
  parameter int unsigned NumFuncs        = 9,   // routing functions (owner_i values)
  parameter int unsigned IsRx            = 0,   // 0 TX rings, 1 RX rings (BUF_SIZE)
  parameter int unsigned RingSizeLog2Min = int'(vfnic_regs_pkg::RING_SIZE_LOG2_MIN),
  parameter int unsigned RingSizeLog2Max = int'(vfnic_regs_pkg::RING_SIZE_LOG2_MAX)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,

  // register window of ring reg_q_i
  input  logic                       reg_req_i,
  input  logic                       reg_we_i,
  input  logic [7:0]                 reg_q_i,
  input  logic [5:2]                 reg_off_i,
  input  logic [3:0]                 reg_be_i,
  input  logic [31:0]                reg_wdata_i,
  output logic [31:0]                reg_rdata_o,
  output logic                       reg_hit_o,

  output logic [NumQp-1:0]           en_o,
  output logic [NumQp-1:0]           avail_o,

  // two read ports (e.g. scheduler and completion)
  input  logic [1:0][7:0]            rd_q_i,
  output logic [1:0][63:0]           rd_base_o,
  output logic [1:0][3:0]            rd_log2_o,
  output logic [1:0][11:0]           rd_head_o,
  output logic [1:0][11:0]           rd_fetch_o,
  output logic [1:0][11:0]           rd_tail_o,
  output logic [1:0]                 rd_en_o,
  output logic [1:0]                 rd_irq_en_o,
  output logic [1:0][11:0]           rd_vector_o,
  output logic [1:0][13:0]           rd_buf_size_o,
  output logic [1:0][3:0]            rd_gen_o,

  // advances and errors from the engines
  input  logic                       fadv_valid_i,
  input  logic [7:0]                 fadv_q_i,
  input  logic [4:0]                 fadv_n_i,
  input  logic [3:0]                 fadv_gen_i,
  input  logic                       hadv_valid_i,
  input  logic [7:0]                 hadv_q_i,
  input  logic [4:0]                 hadv_n_i,
  input  logic [3:0]                 hadv_gen_i,
  input  logic                       err_valid_i,
  input  logic [7:0]                 err_q_i,
  input  logic [3:0]                 err_code_i,
  input  logic [3:0]                 err_gen_i,

  // function reset
  input  logic [NumQp-1:0][6:0]      owner_i,
  input  logic [NumFuncs-1:0]        freset_i,

  output logic                       bad_tail_o,
  output logic [7:0]                 bad_tail_q_o
);

  localparam bit Rx = IsRx != 0;

  // Register layout of this direction (TXQ and RXQ share it, but each comes from its own array)
  localparam int unsigned OffBaseLo =
      Rx ? vfnic_regs_pkg::REG_RXQ_BASE_LO : vfnic_regs_pkg::REG_TXQ_BASE_LO;
  localparam int unsigned OffBaseHi =
      Rx ? vfnic_regs_pkg::REG_RXQ_BASE_HI : vfnic_regs_pkg::REG_TXQ_BASE_HI;
  localparam int unsigned OffSize =
      Rx ? vfnic_regs_pkg::REG_RXQ_SIZE : vfnic_regs_pkg::REG_TXQ_SIZE;
  localparam int unsigned OffCtrl =
      Rx ? vfnic_regs_pkg::REG_RXQ_CTRL : vfnic_regs_pkg::REG_TXQ_CTRL;
  localparam int unsigned OffHead =
      Rx ? vfnic_regs_pkg::REG_RXQ_HEAD : vfnic_regs_pkg::REG_TXQ_HEAD;
  localparam int unsigned OffTail =
      Rx ? vfnic_regs_pkg::REG_RXQ_TAIL : vfnic_regs_pkg::REG_TXQ_TAIL;
  localparam int unsigned OffStatus =
      Rx ? vfnic_regs_pkg::REG_RXQ_STATUS : vfnic_regs_pkg::REG_TXQ_STATUS;
  localparam int unsigned OffBuf = vfnic_regs_pkg::REG_RXQ_BUF_SIZE;

  localparam int unsigned SizeLog2Lsb =
      Rx ? vfnic_regs_pkg::RXQ_SIZE_LOG2_LSB : vfnic_regs_pkg::TXQ_SIZE_LOG2_LSB;
  localparam int unsigned CtrlEnLsb =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_EN_LSB : vfnic_regs_pkg::TXQ_CTRL_EN_LSB;
  localparam int unsigned CtrlIrqEnLsb =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_IRQ_EN_LSB : vfnic_regs_pkg::TXQ_CTRL_IRQ_EN_LSB;
  localparam int unsigned CtrlVecLsb =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_VECTOR_LSB : vfnic_regs_pkg::TXQ_CTRL_VECTOR_LSB;
  localparam int unsigned StEnLsb =
      Rx ? vfnic_regs_pkg::RXQ_STATUS_ENABLED_LSB : vfnic_regs_pkg::TXQ_STATUS_ENABLED_LSB;
  localparam int unsigned StErrLsb =
      Rx ? vfnic_regs_pkg::RXQ_STATUS_ERROR_LSB : vfnic_regs_pkg::TXQ_STATUS_ERROR_LSB;
  localparam int unsigned BufLsb = vfnic_regs_pkg::RXQ_BUF_SIZE_BYTES_LSB;

  localparam logic [31:0] BaseLoReset =
      Rx ? vfnic_regs_pkg::REG_RXQ_BASE_LO_RESET : vfnic_regs_pkg::REG_TXQ_BASE_LO_RESET;
  localparam logic [31:0] BaseHiReset =
      Rx ? vfnic_regs_pkg::REG_RXQ_BASE_HI_RESET : vfnic_regs_pkg::REG_TXQ_BASE_HI_RESET;
  localparam logic [31:0] SizeReset =
      Rx ? vfnic_regs_pkg::REG_RXQ_SIZE_RESET : vfnic_regs_pkg::REG_TXQ_SIZE_RESET;
  localparam logic [31:0] CtrlReset =
      Rx ? vfnic_regs_pkg::REG_RXQ_CTRL_RESET : vfnic_regs_pkg::REG_TXQ_CTRL_RESET;
  localparam logic [31:0] BufReset = vfnic_regs_pkg::REG_RXQ_BUF_SIZE_RESET;

  localparam int unsigned Log2Width =
      Rx ? vfnic_regs_pkg::RXQ_SIZE_LOG2_WIDTH : vfnic_regs_pkg::TXQ_SIZE_LOG2_WIDTH;
  localparam int unsigned CtrlEnWidth =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_EN_WIDTH : vfnic_regs_pkg::TXQ_CTRL_EN_WIDTH;
  localparam int unsigned CtrlIrqEnWidth =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_IRQ_EN_WIDTH : vfnic_regs_pkg::TXQ_CTRL_IRQ_EN_WIDTH;
  localparam int unsigned CtrlVecWidth =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_VECTOR_WIDTH : vfnic_regs_pkg::TXQ_CTRL_VECTOR_WIDTH;
  localparam int unsigned StEnWidth =
      Rx ? vfnic_regs_pkg::RXQ_STATUS_ENABLED_WIDTH : vfnic_regs_pkg::TXQ_STATUS_ENABLED_WIDTH;
  localparam int unsigned StErrWidth =
      Rx ? vfnic_regs_pkg::RXQ_STATUS_ERROR_WIDTH : vfnic_regs_pkg::TXQ_STATUS_ERROR_WIDTH;
  localparam int unsigned BufWidth = vfnic_regs_pkg::RXQ_BUF_SIZE_BYTES_WIDTH;

  localparam logic [3:0]  Log2Reset   = SizeReset[SizeLog2Lsb +: 4];

  // RX buffer sizes: a multiple of 64, 64..16320 (docs/registers.md RXQ.BUF_SIZE)
  localparam int unsigned BufAlignBytes = 64;
  localparam int unsigned BufMaxBytes   = 16320;

  localparam int unsigned QW = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned FW = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumQp < 1 || NumQp > 256) begin : gen_qp_check
    $error("NumQp must be 1..256 (rings are numbered in [7:0] ports)");
  end
  if (IsRx > 1) begin : gen_isrx_check
    $error("IsRx must be 0 (TX rings) or 1 (RX rings)");
  end
  if (NumFuncs < 1 || NumFuncs > 128) begin : gen_funcs_check
    $error("NumFuncs must be 1..128 (functions are numbered in [6:0] ports)");
  end
  if (RingSizeLog2Min > RingSizeLog2Max || RingSizeLog2Max > 12) begin : gen_size_check
    $error("RingSizeLog2Min/Max must be 0..12 with Min <= Max (ring indices are [11:0])");
  end
  // the ports carry these fields at fixed widths
  if (Log2Width != 4 || CtrlEnWidth != 1 || CtrlIrqEnWidth != 1 || CtrlVecWidth != 12 ||
      StEnWidth != 1 || StErrWidth != 4 || BufWidth != 14) begin : gen_field_check
    $error("vfnic_regs_pkg ring field widths must match the vfnic_rings ports");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------
  // Register-port-only fields, one memory word per ring
  typedef struct packed {
    logic [13:0] buf_size;
    logic [11:0] vec;
    logic        irq_en;
    logic [31:0] base_hi;
    logic [27:0] base_lo;   // base bits 31:4
  } cfg_t;

  // held bits: which fields of a ring's memory word are valid (else: reset value)
  localparam int unsigned HeldBaseLo = 0;
  localparam int unsigned HeldBaseHi = 1;
  localparam int unsigned HeldCtrl   = 2;
  localparam int unsigned HeldBuf    = 3;

  // plain vectors: Yosys infers no memory of structs (and has no $bits of a type)
  localparam int unsigned CfgBits = 14 + 12 + 1 + 32 + 28;
  logic [CfgBits-1:0]      cfg_mem [NumQp];
  logic [NumQp-1:0][3:0]   held_q, held_d;

  logic [NumQp-1:0][3:0]   log2_q, log2_d;
  logic [NumQp-1:0][11:0]  head_q, head_d;
  logic [NumQp-1:0][11:0]  fetch_q, fetch_d;
  logic [NumQp-1:0][11:0]  tail_q, tail_d;
  logic [NumQp-1:0]        en_q, en_d;
  logic [NumQp-1:0]        live_q, live_d;     // advances and errors are taken
  logic [NumQp-1:0][3:0]   error_q, error_d;
  logic [NumQp-1:0][3:0]   gen_q, gen_d;

  logic                    bad_tail_q, bad_tail_d;
  logic [7:0]              bad_tail_qn_q, bad_tail_qn_d;

  // The memory word as the registers read it
  function automatic cfg_t cfg_view(cfg_t raw, logic [3:0] held);
    cfg_t v;
    v          = raw;
    if (!held[HeldBaseLo]) v.base_lo = BaseLoReset[31:4];
    if (!held[HeldBaseHi]) v.base_hi = BaseHiReset;
    if (!held[HeldCtrl]) begin
      v.irq_en = CtrlReset[CtrlIrqEnLsb];
      v.vec = CtrlReset[CtrlVecLsb +: 12];
    end
    if (!held[HeldBuf]) v.buf_size = BufReset[BufLsb +: 14];
    cfg_view = v;
  endfunction

  // 2^log2 - 1 as a 12-bit ring index mask (LOG2 > 12 only on a disabled ring: all ones)
  function automatic logic [11:0] ring_mask(logic [3:0] log2);
    ring_mask = (log2 >= 4'd12) ? 12'hFFF : 12'((16'd1 << log2) - 16'd1);
  endfunction

  // ---------------------------------------------------------------------------------------
  // Function reset: rings whose owner is being reset
  // ---------------------------------------------------------------------------------------
  logic [NumQp-1:0] ring_rst;

  always_comb begin
    for (int q = 0; q < NumQp; q++) begin
      ring_rst[q] = 32'(owner_i[q]) < NumFuncs && freset_i[FW'(owner_i[q])];
    end
  end

  // ---------------------------------------------------------------------------------------
  // Register port
  // ---------------------------------------------------------------------------------------
  logic [QW-1:0] reg_idx;
  logic          reg_in_range;
  logic [31:0]   reg_off;
  cfg_t          reg_cfg;      // the addressed ring's memory fields as they read now
  cfg_t          reg_cfg_new;  // ... after this cycle's write
  logic          reg_en;       // the addressed ring is enabled
  logic [3:0]    reg_log2;
  logic [31:0]   be_mask;
  logic [31:0]   wr_word;      // the addressed DW after the write (byte enables applied)

  assign reg_idx      = QW'(reg_q_i);
  assign reg_in_range = 32'(reg_q_i) < NumQp;
  assign reg_off      = 32'({reg_off_i, 2'b00});
  assign reg_cfg      = cfg_view(cfg_mem[reg_idx], held_q[reg_idx]);
  assign reg_en       = en_q[reg_idx];
  assign reg_log2     = log2_q[reg_idx];
  assign be_mask      = {{8{reg_be_i[3]}}, {8{reg_be_i[2]}}, {8{reg_be_i[1]}}, {8{reg_be_i[0]}}};
  assign wr_word      = (reg_wdata_i & be_mask) | (reg_rdata_o & ~be_mask);

  always_comb begin
    reg_rdata_o = '0;
    reg_hit_o   = 1'b0;
    if (reg_in_range) begin
      if (reg_off == OffBaseLo) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o = {reg_cfg.base_lo, 4'h0};
      end else if (reg_off == OffBaseHi) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o = reg_cfg.base_hi;
      end else if (reg_off == OffSize) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o[SizeLog2Lsb +: 4] = reg_log2;
      end else if (reg_off == OffCtrl) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o[CtrlEnLsb]        = reg_en;
        reg_rdata_o[CtrlIrqEnLsb]     = reg_cfg.irq_en;
        reg_rdata_o[CtrlVecLsb +: 12] = reg_cfg.vec;
      end else if (reg_off == OffHead) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o = 32'(head_q[reg_idx]);
      end else if (reg_off == OffTail) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o = 32'(tail_q[reg_idx]);
      end else if (reg_off == OffStatus) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o[StEnLsb]       = reg_en;
        reg_rdata_o[StErrLsb +: 4] = error_q[reg_idx];
      end else if (Rx && reg_off == OffBuf) begin
        reg_hit_o   = 1'b1;
        reg_rdata_o[BufLsb +: 14] = reg_cfg.buf_size;
      end
    end
  end

  // Write decode (reg_hit_o implies the ring is in range)
  logic reg_wr;
  logic w_base_lo, w_base_hi, w_size, w_ctrl, w_tail, w_buf;
  logic log2_ok, buf_ok, tail_ok;
  logic do_enable, do_bad_config, do_disable, do_tail, do_bad_tail, cfg_we;

  assign reg_wr    = reg_req_i && reg_we_i && reg_hit_o;
  assign w_base_lo = reg_wr && reg_off == OffBaseLo && !reg_en;
  assign w_base_hi = reg_wr && reg_off == OffBaseHi && !reg_en;
  assign w_size    = reg_wr && reg_off == OffSize && !reg_en;
  assign w_ctrl    = reg_wr && reg_off == OffCtrl;
  assign w_tail    = reg_wr && reg_off == OffTail && reg_en;
  assign w_buf     = reg_wr && Rx && reg_off == OffBuf && !reg_en;

  assign log2_ok = 32'(reg_log2) >= RingSizeLog2Min && 32'(reg_log2) <= RingSizeLog2Max;
  assign buf_ok  = !Rx || (32'(reg_cfg.buf_size) % BufAlignBytes == 0 &&
                             32'(reg_cfg.buf_size) >= BufAlignBytes &&
                             32'(reg_cfg.buf_size) <= BufMaxBytes);
  assign tail_ok = (wr_word >> reg_log2) == 32'd0;

  assign do_enable     = w_ctrl && !reg_en && wr_word[CtrlEnLsb] && log2_ok && buf_ok;
  assign do_bad_config = w_ctrl && !reg_en && wr_word[CtrlEnLsb] && !(log2_ok && buf_ok);
  assign do_disable    = w_ctrl && reg_en && !wr_word[CtrlEnLsb];
  assign do_tail       = w_tail && tail_ok;
  assign do_bad_tail   = w_tail && !tail_ok;
  assign cfg_we        = w_base_lo || w_base_hi || w_ctrl || w_buf;

  // fields of the addressed ring's memory word that this write makes valid
  logic [3:0] held_set;
  always_comb begin
    held_set             = '0;
    held_set[HeldBaseLo] = w_base_lo;
    held_set[HeldBaseHi] = w_base_hi;
    held_set[HeldCtrl]   = w_ctrl;
    held_set[HeldBuf]    = w_buf;
  end

  always_comb begin
    reg_cfg_new = reg_cfg;
    if (w_base_lo) reg_cfg_new.base_lo = wr_word[31:4];
    if (w_base_hi) reg_cfg_new.base_hi = wr_word;
    if (w_ctrl) begin
      reg_cfg_new.irq_en = wr_word[CtrlIrqEnLsb];
      reg_cfg_new.vec = wr_word[CtrlVecLsb +: 12];
    end
    if (w_buf) reg_cfg_new.buf_size = wr_word[BufLsb +: 14];
  end

  // Whole word: fields not held are written with their reset values, which is what they read
  always_ff @(posedge clk_i) begin
    if (cfg_we) begin
      cfg_mem[reg_idx] <= reg_cfg_new;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Advances and errors
  // ---------------------------------------------------------------------------------------
  logic [QW-1:0] fadv_idx, hadv_idx, err_idx;
  logic          fadv_ok, hadv_ok, err_ok;
  logic [11:0]   fadv_ptr, hadv_ptr;

  assign fadv_idx = QW'(fadv_q_i);
  assign hadv_idx = QW'(hadv_q_i);
  assign err_idx  = QW'(err_q_i);
  assign fadv_ok  = fadv_valid_i && 32'(fadv_q_i) < NumQp && live_q[fadv_idx] &&
                    gen_q[fadv_idx] == fadv_gen_i;
  assign hadv_ok  = hadv_valid_i && 32'(hadv_q_i) < NumQp && live_q[hadv_idx] &&
                    gen_q[hadv_idx] == hadv_gen_i;
  assign err_ok   = err_valid_i && 32'(err_q_i) < NumQp && live_q[err_idx] &&
                    gen_q[err_idx] == err_gen_i;
  assign fadv_ptr = (fetch_q[fadv_idx] + 12'(fadv_n_i)) & ring_mask(log2_q[fadv_idx]);
  assign hadv_ptr = (head_q[hadv_idx] + 12'(hadv_n_i)) & ring_mask(log2_q[hadv_idx]);

  // ---------------------------------------------------------------------------------------
  // Next state of every ring
  // ---------------------------------------------------------------------------------------
  always_comb begin
    logic bump;
    held_d        = held_q;
    log2_d        = log2_q;
    head_d        = head_q;
    fetch_d       = fetch_q;
    tail_d        = tail_q;
    en_d          = en_q;
    live_d        = live_q;
    error_d       = error_q;
    gen_d         = gen_q;
    bad_tail_d    = do_bad_tail && !ring_rst[reg_idx];
    bad_tail_qn_d = do_bad_tail ? reg_q_i : bad_tail_qn_q;
    for (int q = 0; q < NumQp; q++) begin
      bump = 1'b0;
      if (ring_rst[q]) begin
        held_d[q]  = '0;
        log2_d[q]  = Log2Reset;
        head_d[q]  = '0;
        fetch_d[q] = '0;
        tail_d[q]  = '0;
        en_d[q]    = 1'b0;
        live_d[q]  = 1'b0;
        error_d[q] = 4'(vfnic_regs_pkg::QERR_NONE);
        bump       = 1'b1;
      end else begin
        if (fadv_ok && 32'(fadv_q_i) == q) begin
          fetch_d[q] = fadv_ptr;
        end
        if (hadv_ok && 32'(hadv_q_i) == q) begin
          head_d[q] = hadv_ptr;
        end
        if (err_ok && 32'(err_q_i) == q) begin
          en_d[q]    = 1'b0;
          live_d[q]  = 1'b0;
          error_d[q] = err_code_i;
          bump       = 1'b1;
        end
        if (32'(reg_q_i) == q) begin
          held_d[q] = held_q[q] | held_set;
          if (w_size) begin
            log2_d[q] = wr_word[SizeLog2Lsb +: 4];
          end
          if (do_tail) begin
            tail_d[q] = wr_word[11:0];
          end
          if (do_bad_tail) begin
            en_d[q]    = 1'b0;
            live_d[q]  = 1'b0;
            error_d[q] = 4'(vfnic_regs_pkg::QERR_BAD_TAIL);
            bump       = 1'b1;
          end
          if (do_disable) begin
            en_d[q] = 1'b0;
          end
          if (do_bad_config) begin
            error_d[q] = 4'(vfnic_regs_pkg::QERR_BAD_CONFIG);
          end
          if (do_enable) begin
            head_d[q]  = '0;
            fetch_d[q] = '0;
            tail_d[q]  = '0;
            en_d[q]    = 1'b1;
            live_d[q]  = 1'b1;
            error_d[q] = 4'(vfnic_regs_pkg::QERR_NONE);
            bump       = 1'b1;
          end
        end
      end
      if (bump) begin
        gen_d[q] = gen_q[q] + 4'd1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      held_q        <= '0;
      log2_q        <= {NumQp{Log2Reset}};
      head_q        <= '0;
      fetch_q       <= '0;
      tail_q        <= '0;
      en_q          <= '0;
      live_q        <= '0;
      error_q       <= '0;
      gen_q         <= '0;
      bad_tail_q    <= 1'b0;
      bad_tail_qn_q <= '0;
    end else begin
      held_q        <= held_d;
      log2_q        <= log2_d;
      head_q        <= head_d;
      fetch_q       <= fetch_d;
      tail_q        <= tail_d;
      en_q          <= en_d;
      live_q        <= live_d;
      error_q       <= error_d;
      gen_q         <= gen_d;
      bad_tail_q    <= bad_tail_d;
      bad_tail_qn_q <= bad_tail_qn_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------------------
  always_comb begin
    for (int q = 0; q < NumQp; q++) begin
      avail_o[q] = en_q[q] && fetch_q[q] != tail_q[q];
    end
  end
  assign en_o         = en_q;
  assign bad_tail_o   = bad_tail_q;
  assign bad_tail_q_o = bad_tail_qn_q;

  for (genvar p = 0; p < 2; p++) begin : gen_rd
    logic [QW-1:0] idx;
    logic          in_range;
    cfg_t          cfg;
    assign idx              = QW'(rd_q_i[p]);
    assign in_range         = 32'(rd_q_i[p]) < NumQp;
    assign cfg              = cfg_view(cfg_mem[idx], held_q[idx]);
    assign rd_base_o[p]     = in_range ? {cfg.base_hi, cfg.base_lo, 4'h0} : '0;
    assign rd_log2_o[p]     = in_range ? log2_q[idx] : '0;
    assign rd_head_o[p]     = in_range ? head_q[idx] : '0;
    assign rd_fetch_o[p]    = in_range ? fetch_q[idx] : '0;
    assign rd_tail_o[p]     = in_range ? tail_q[idx] : '0;
    assign rd_en_o[p]       = in_range && en_q[idx];
    assign rd_irq_en_o[p]   = in_range && cfg.irq_en;
    assign rd_vector_o[p]   = in_range ? cfg.vec : '0;
    assign rd_buf_size_o[p] = (in_range && Rx) ? cfg.buf_size : '0;
    assign rd_gen_o[p]      = in_range ? gen_q[idx] : '0;
  end

endmodule

`default_nettype wire
