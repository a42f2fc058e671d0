// SPDX-License-Identifier: MIT
// Ring manager of one direction (docs/datapath-blocks.md "vfnic_rings"): the TXQ/RXQ register
// window (BASE, SIZE, CTRL, HEAD, TAIL, STATUS and, for RX, BUF_SIZE) and the engines' view of
// every global ring, kept in one RAM word per ring. Every access is one operation of a
// read-modify-write pipeline, one per cycle:
//   cycle 0  an arbiter picks the operation (reset walk, engine ports round robin, register
//            port) and reads the ring's word;
//   cycle 1  the word arrives (forwarded from the previous operation when it wrote the same
//            ring), the operation computes the new word, writes it back, and registers its
//            answer, its register ack, its work-FIFO push and its en_o bit;
//   cycle 2  the answer is on ans_*_o (register acks: reg_ack_o).
// Rings with descriptors posted and not taken yet are in the work FIFO (each at most once:
// QUEUED), so engines pop work instead of scanning rings. A function reset marks the function
// pending; a walk visits every ring once and resets those of marked functions. Nothing here
// loops over rings, so the cost of a simulated cycle does not depend on NumQp.
//
// Contract notes:
// - gen is 4 bits; a reset walk bumps it only on a ring that was enabled or live, so a
//   function held in reset (VF Enable clear) does not spin the generation of its rings.
// - Register accesses and operations on a ring whose owner has a reset pending or being
//   walked wait (register port) or are refused (operations) until the walk has passed it.
`default_nettype none

module vfnic_rings #(
  parameter int unsigned NumQp           = 18,  // global rings 0..NumQp-1
  parameter int unsigned NumFuncs        = 9,   // routing functions (owner_i values)
  parameter int unsigned IsRx            = 0,   // 0 TX rings, 1 RX rings (BUF_SIZE)
  parameter int unsigned RingSizeLog2Min = int'(vfnic_regs_pkg::RING_SIZE_LOG2_MIN),
  parameter int unsigned RingSizeLog2Max = int'(vfnic_regs_pkg::RING_SIZE_LOG2_MAX),
  parameter int unsigned NumPorts        = 2,   // engine operation ports
  localparam int unsigned PW = (NumPorts > 1) ? $clog2(NumPorts) : 1
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,

  // register window of ring reg_q_i (ack style: held until reg_ack_o)
  input  logic                          reg_req_i,
  input  logic                          reg_we_i,
  input  logic [7:0]                    reg_q_i,
  input  logic [5:2]                    reg_off_i,
  input  logic [3:0]                    reg_be_i,
  input  logic [31:0]                   reg_wdata_i,
  output logic                          reg_ack_o,
  output logic [31:0]                   reg_rdata_o,
  output logic                          reg_hit_o,

  output logic [NumQp-1:0]              en_o,

  // rings with work, in doorbell order
  output logic                          work_valid_o,
  output logic [7:0]                    work_q_o,
  input  logic                          work_ready_i,

  // engine operations
  input  logic [NumPorts-1:0]           op_valid_i,
  output logic [NumPorts-1:0]           op_ready_o,
  input  logic [NumPorts-1:0][2:0]      op_code_i,
  input  logic [NumPorts-1:0][7:0]      op_q_i,
  input  logic [NumPorts-1:0][4:0]      op_n_i,
  input  logic [NumPorts-1:0][3:0]      op_gen_i,
  input  logic [NumPorts-1:0][3:0]      op_err_i,

  // answers of TAKE and READ
  output logic                          ans_valid_o,
  output logic [PW-1:0]                 ans_port_o,
  output logic [7:0]                    ans_q_o,
  output logic                          ans_ok_o,
  output logic [63:0]                   ans_base_o,
  output logic [3:0]                    ans_log2_o,
  output logic [11:0]                   ans_idx_o,
  output logic [4:0]                    ans_n_o,
  output logic [3:0]                    ans_gen_o,
  output logic                          ans_irq_en_o,
  output logic [11:0]                   ans_vector_o,
  output logic [13:0]                   ans_buf_size_o,
  output logic [11:0]                   ans_fetch_o,
  output logic [11:0]                   ans_tail_o,

  // QP_OWNER writes (docs/rtl-structure.md "Tables read in the cycle"): entry own_q_i becomes
  // own_func_i from the next cycle on; every entry is written after reset
  input  logic                          own_we_i,
  input  logic [7:0]                    own_q_i,
  input  logic [6:0]                    own_func_i,
  // function reset
  input  logic [NumFuncs-1:0]           freset_i,

  output logic                          bad_tail_o,
  output logic [7:0]                    bad_tail_q_o,
  output logic                          busy_o
);

  localparam bit Rx = IsRx != 0;

  localparam logic [2:0] OpTake   = 3'd0;  // take from a ring popped from the work FIFO
  localparam logic [2:0] OpHadv   = 3'd1;
  localparam logic [2:0] OpErr    = 3'd2;
  localparam logic [2:0] OpRead   = 3'd3;
  localparam logic [2:0] OpTakeDr = 3'd4;  // take from a ring the engine did not pop

  // Register layout of this direction (TXQ and RXQ share it, each from its own array)
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
  localparam int unsigned CtrlVecWidth =
      Rx ? vfnic_regs_pkg::RXQ_CTRL_VECTOR_WIDTH : vfnic_regs_pkg::TXQ_CTRL_VECTOR_WIDTH;
  localparam int unsigned StErrWidth =
      Rx ? vfnic_regs_pkg::RXQ_STATUS_ERROR_WIDTH : vfnic_regs_pkg::TXQ_STATUS_ERROR_WIDTH;
  localparam int unsigned BufWidth = vfnic_regs_pkg::RXQ_BUF_SIZE_BYTES_WIDTH;

  // RX buffer sizes: a multiple of 64, 64..16320 (docs/registers.md RXQ.BUF_SIZE)
  localparam int unsigned BufAlignBytes = 64;
  localparam int unsigned BufMaxBytes   = 16320;

  localparam int unsigned QW = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned FW = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam int unsigned FifoDepth = 1 << $clog2(NumQp < 2 ? 2 : NumQp);

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
  if (NumPorts < 1 || NumPorts > 4) begin : gen_ports_check
    $error("NumPorts must be 1..4");
  end
  if (RingSizeLog2Min > RingSizeLog2Max || RingSizeLog2Max > 12) begin : gen_size_check
    $error("RingSizeLog2Min/Max must be 0..12 with Min <= Max (ring indices are [11:0])");
  end
  if (Log2Width != 4 || CtrlVecWidth != 12 || StErrWidth != 4 || BufWidth != 14)
  begin : gen_field_check
    $error("vfnic_regs_pkg ring field widths must match the vfnic_rings ports");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // The ring word
  // ---------------------------------------------------------------------------------------
  typedef struct packed {
    logic        queued;     // in the work FIFO or popped and not yet resolved by a TAKE
    logic [13:0] buf_size;
    logic [11:0] vec;
    logic        irq_en;
    logic [3:0]  gen;
    logic [3:0]  error;
    logic        live;       // advances and errors of the current gen are taken
    logic        en;
    logic [11:0] tail;
    logic [11:0] fetch;
    logic [11:0] head;
    logic [3:0]  log2;
    logic [31:0] base_hi;
    logic [27:0] base_lo;    // base bits 31:4
  } ring_t;

  localparam int unsigned WordBits = 1 + 14 + 12 + 1 + 4 + 4 + 1 + 1 + 12 * 3 + 4 + 32 + 28;

  // the word of a ring after a reset; gen and queued are the caller's
  function automatic ring_t reset_word(logic [3:0] gen, logic queued);
    ring_t w;
    w          = '0;
    w.queued   = queued;
    w.buf_size = Rx ? BufReset[BufLsb +: 14] : 14'd0;
    w.vec      = CtrlReset[CtrlVecLsb +: 12];
    w.irq_en   = CtrlReset[CtrlIrqEnLsb];
    w.gen      = gen;
    w.error    = 4'(vfnic_regs_pkg::QERR_NONE);
    w.log2     = SizeReset[SizeLog2Lsb +: 4];
    w.base_hi  = BaseHiReset;
    w.base_lo  = BaseLoReset[31:4];
    reset_word = w;
  endfunction

  // 2^log2 - 1 as a 12-bit ring index mask (LOG2 > 12 only on a disabled ring: all ones)
  function automatic logic [11:0] ring_mask(logic [3:0] log2);
    ring_mask = (log2 >= 4'd12) ? 12'hFFF : 12'((16'd1 << log2) - 16'd1);
  endfunction

  // ---------------------------------------------------------------------------------------
  // Reset walk: pending functions, the walk's mask and pointer
  // ---------------------------------------------------------------------------------------
  logic [NumFuncs-1:0] pend_q, pend_d;    // reset requested, walk not started for it
  logic [NumFuncs-1:0] wmask_q, wmask_d;  // functions the running walk resets
  logic                walk_q, walk_d;
  logic                winit_q, winit_d;  // the walk after rst_ni: write every word
  logic [QW-1:0]       wptr_q, wptr_d;

  // a function whose rings are (about to be) reset: refuse, or wait
  function automatic logic in_reset(logic [6:0] f, logic [NumFuncs-1:0] pend,
                                    logic [NumFuncs-1:0] wmask, logic walk);
    in_reset = 32'(f) < NumFuncs && (pend[FW'(f)] || (walk && wmask[FW'(f)]));
  endfunction

  // ---------------------------------------------------------------------------------------
  // Stage 0: pick one operation and read its ring
  // ---------------------------------------------------------------------------------------
  typedef enum logic [2:0] {SrcNone, SrcWalk, SrcPort, SrcReg} src_e;

  logic [NumPorts-1:0] port_req;
  logic [NumPorts-1:0] port_gnt;
  logic [PW-1:0]       port_idx;
  logic                port_any;
  logic                reg_busy_q, reg_busy_d;  // a register operation is in the pipeline
  logic                reg_wait;                // the register port's ring is being reset
  logic                reg_in_range;
  src_e                s0_src;

  // the walk's ring and owner; the register port's owner
  // (this block's copy of QP_OWNER, read at three places: walk, register port, stage 0)
  logic [6:0] walk_owner, reg_owner, s0_owner;
  logic [2:0][6:0] own_rd;
  logic [7:0] s0_q;
  vfnic_owner_copy #(
    .NumQp(NumQp),
    .Reads(3)
  ) u_owner (
    .clk_i     (clk_i),
    .own_we_i  (own_we_i),
    .own_q_i   (own_q_i),
    .own_func_i(own_func_i),
    .q_i       ({QW'(s0_q), QW'(reg_q_i), wptr_q}),
    .func_o    (own_rd)
  );
  assign walk_owner   = own_rd[0];
  assign reg_in_range = 32'(reg_q_i) < NumQp;
  assign reg_owner    = reg_in_range ? own_rd[1] : 7'd0;
  assign s0_owner     = own_rd[2];
  assign reg_wait     = in_reset(reg_owner, pend_q | freset_i, wmask_q, walk_q) || winit_q;

  logic reg_go;   // the register port's access enters the pipeline this cycle
  assign reg_go = !walk_q && reg_req_i && reg_in_range && !reg_busy_q && !reg_ack_o &&
                  !reg_wait;

  for (genvar p = 0; p < NumPorts; p++) begin : gen_port_req
    assign port_req[p] = op_valid_i[p] && !walk_q && !reg_go;
  end

  vfnic_arb_rr #(
    .N(NumPorts)
  ) u_port_arb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .req_i  (port_req),
    .ack_i  (port_any),
    .gnt_o  (port_gnt),
    .idx_o  (port_idx),
    .valid_o(port_any)
  );

  always_comb begin
    s0_src = SrcNone;
    s0_q   = '0;
    // the register port before the engines: it is rare, and engines under full load would
    // otherwise starve it
    if (walk_q) begin
      s0_src = SrcWalk;
      s0_q   = 8'(wptr_q);
    end else if (reg_go) begin
      s0_src = SrcReg;
      s0_q   = reg_q_i;
    end else if (port_any) begin
      s0_src = SrcPort;
      s0_q   = op_q_i[port_idx];
    end
  end

  assign op_ready_o = port_gnt & {NumPorts{s0_src == SrcPort}};

  // ---------------------------------------------------------------------------------------
  // The memory
  // ---------------------------------------------------------------------------------------
  logic              mem_we;
  logic [QW-1:0]     mem_waddr;
  ring_t             mem_wdata;
  ring_t             mem_rdata;

  vfnic_ram_1r1w #(
    .Width(WordBits),
    .Depth(NumQp)
  ) u_mem (
    .clk_i  (clk_i),
    .we_i   (mem_we),
    .waddr_i(mem_waddr),
    .wdata_i(mem_wdata),
    .re_i   (s0_src != SrcNone),
    .raddr_i(QW'(s0_q)),
    .rdata_o(mem_rdata)
  );

  // ---------------------------------------------------------------------------------------
  // Stage 1 registers: the operation whose word arrives now
  // ---------------------------------------------------------------------------------------
  src_e        s1_src_q;
  logic [7:0]  s1_q_q;
  logic        s1_init_q;            // walk: the initial write of every word
  logic        s1_wreset_q;          // walk: this ring's owner is being reset
  logic [PW-1:0] s1_port_q;
  logic [2:0]  s1_code_q;
  logic [4:0]  s1_n_q;
  logic [3:0]  s1_gen_q;
  logic [3:0]  s1_err_q;
  logic        s1_refuse_q;          // engine operation on a ring whose owner is in reset
  logic        s1_we_q;              // register: write
  logic [5:2]  s1_off_q;
  logic [3:0]  s1_be_q;
  logic [31:0] s1_wdata_q;

  // the previous operation's write, for forwarding
  logic        fw_valid_q;
  logic [7:0]  fw_q_q;
  ring_t       fw_word_q;

  ring_t cur;    // the ring as the operation sees it
  assign cur = (fw_valid_q && fw_q_q == s1_q_q) ? fw_word_q : mem_rdata;

  // ---------------------------------------------------------------------------------------
  // Stage 1: compute
  // ---------------------------------------------------------------------------------------
  ring_t       nxt;
  logic        s1_write;
  logic        s1_push;               // put the ring into the work FIFO
  logic        s1_bad_tail;
  logic        s1_ans;                // answer TAKE/READ
  logic        s1_ok;
  logic [11:0] s1_idx;
  logic [4:0]  s1_taken;
  logic        s1_reg_ack;
  logic [31:0] s1_rdata;
  logic        s1_hit;

  // register view of the current word
  logic [31:0] reg_word;   // the addressed DW as it reads now
  logic [31:0] reg_off;
  always_comb begin
    reg_off  = 32'({s1_off_q, 2'b00});
    reg_word = '0;
    s1_hit   = 1'b1;
    if (reg_off == OffBaseLo) begin
      reg_word = {cur.base_lo, 4'h0};
    end else if (reg_off == OffBaseHi) begin
      reg_word = cur.base_hi;
    end else if (reg_off == OffSize) begin
      reg_word[SizeLog2Lsb +: 4] = cur.log2;
    end else if (reg_off == OffCtrl) begin
      reg_word[CtrlEnLsb]        = cur.en;
      reg_word[CtrlIrqEnLsb]     = cur.irq_en;
      reg_word[CtrlVecLsb +: 12] = cur.vec;
    end else if (reg_off == OffHead) begin
      reg_word = 32'(cur.head);
    end else if (reg_off == OffTail) begin
      reg_word = 32'(cur.tail);
    end else if (reg_off == OffStatus) begin
      reg_word[StEnLsb]       = cur.en;
      reg_word[StErrLsb +: 4] = cur.error;
    end else if (Rx && reg_off == OffBuf) begin
      reg_word[BufLsb +: 14] = cur.buf_size;
    end else begin
      s1_hit = 1'b0;
    end
  end

  always_comb begin
    logic [31:0] be_mask, wr;
    logic [12:0] size, to_end;
    logic [11:0] posted;
    logic [4:0]  m;
    logic        log2_ok, buf_ok;

    nxt         = cur;
    s1_write    = 1'b0;
    s1_push     = 1'b0;
    s1_bad_tail = 1'b0;
    s1_ans      = 1'b0;
    s1_ok       = 1'b0;
    s1_idx      = '0;
    s1_taken    = '0;
    s1_reg_ack  = 1'b0;
    s1_rdata    = '0;

    be_mask = {{8{s1_be_q[3]}}, {8{s1_be_q[2]}}, {8{s1_be_q[1]}}, {8{s1_be_q[0]}}};
    wr      = (s1_wdata_q & be_mask) | (reg_word & ~be_mask);
    size    = 13'd1 << cur.log2;
    posted  = (cur.tail - cur.fetch) & ring_mask(cur.log2);
    to_end  = size - {1'b0, cur.fetch};
    m       = s1_n_q;
    if ({1'b0, posted} < 13'(m)) m = 5'(posted);
    if (to_end < 13'(m)) m = 5'(to_end);
    log2_ok = 32'(cur.log2) >= RingSizeLog2Min && 32'(cur.log2) <= RingSizeLog2Max;
    buf_ok  = !Rx || (32'(cur.buf_size) % BufAlignBytes == 0 &&
                      32'(cur.buf_size) >= BufAlignBytes && 32'(cur.buf_size) <= BufMaxBytes);

    case (s1_src_q)
      SrcWalk: begin
        if (s1_init_q) begin
          nxt      = reset_word(4'd0, 1'b0);
          s1_write = 1'b1;
        end else if (s1_wreset_q) begin
          nxt      = reset_word((cur.en || cur.live) ? cur.gen + 4'd1 : cur.gen, cur.queued);
          s1_write = 1'b1;
        end
      end
      SrcPort: begin
        case (s1_code_q)
          OpTake, OpTakeDr: begin
            s1_ans = 1'b1;
            s1_idx = cur.fetch;
            if (!s1_refuse_q && cur.en && cur.fetch != cur.tail) begin
              s1_ok     = m != 5'd0;
              s1_taken  = m;
              nxt.fetch = (cur.fetch + 12'(m)) & ring_mask(cur.log2);
            end
            if (s1_code_q == OpTake) begin
              // the popped ring goes back into the FIFO while work remains, else it leaves
              if (!s1_refuse_q && cur.en && nxt.fetch != cur.tail) begin
                s1_push    = 1'b1;
                nxt.queued = 1'b1;
              end else begin
                nxt.queued = 1'b0;
              end
            end else if (!s1_refuse_q && cur.en && nxt.fetch != cur.tail && !cur.queued) begin
              // a direct take leaves the queue as a doorbell would
              s1_push    = 1'b1;
              nxt.queued = 1'b1;
            end
            s1_write = 1'b1;
          end
          OpHadv: begin
            if (!s1_refuse_q && cur.live && cur.gen == s1_gen_q) begin
              nxt.head = (cur.head + 12'(s1_n_q)) & ring_mask(cur.log2);
              s1_write = 1'b1;
            end
          end
          OpErr: begin
            if (!s1_refuse_q && cur.live && cur.gen == s1_gen_q) begin
              nxt.en    = 1'b0;
              nxt.live  = 1'b0;
              nxt.error = s1_err_q;
              nxt.gen   = cur.gen + 4'd1;
              s1_write  = 1'b1;
            end
          end
          OpRead: begin
            s1_ans = 1'b1;
            s1_ok  = cur.en && !s1_refuse_q;
            s1_idx = cur.head;
          end
          default: ;
        endcase
      end
      SrcReg: begin
        s1_reg_ack = 1'b1;
        s1_rdata   = s1_hit ? reg_word : '0;
        if (s1_we_q && s1_hit) begin
          s1_write = 1'b1;
          if (reg_off == OffBaseLo) begin
            if (!cur.en) nxt.base_lo = wr[31:4];
          end else if (reg_off == OffBaseHi) begin
            if (!cur.en) nxt.base_hi = wr;
          end else if (reg_off == OffSize) begin
            if (!cur.en) nxt.log2 = wr[SizeLog2Lsb +: 4];
          end else if (reg_off == OffCtrl) begin
            nxt.irq_en = wr[CtrlIrqEnLsb];
            nxt.vec    = wr[CtrlVecLsb +: 12];
            if (!cur.en && wr[CtrlEnLsb]) begin
              if (log2_ok && buf_ok) begin
                nxt.en    = 1'b1;
                nxt.live  = 1'b1;
                nxt.error = 4'(vfnic_regs_pkg::QERR_NONE);
                nxt.head  = '0;
                nxt.fetch = '0;
                nxt.tail  = '0;
                nxt.gen   = cur.gen + 4'd1;
              end else begin
                nxt.error = 4'(vfnic_regs_pkg::QERR_BAD_CONFIG);
              end
            end else if (cur.en && !wr[CtrlEnLsb]) begin
              nxt.en = 1'b0;
            end
          end else if (reg_off == OffTail) begin
            if (cur.en) begin
              if ((wr >> cur.log2) == 32'd0) begin
                nxt.tail = wr[11:0];
                if (wr[11:0] != cur.fetch && !cur.queued) begin
                  s1_push    = 1'b1;
                  nxt.queued = 1'b1;
                end
              end else begin
                nxt.en      = 1'b0;
                nxt.live    = 1'b0;
                nxt.error   = 4'(vfnic_regs_pkg::QERR_BAD_TAIL);
                nxt.gen     = cur.gen + 4'd1;
                s1_bad_tail = 1'b1;
              end
            end
          end else if (Rx && reg_off == OffBuf) begin
            if (!cur.en) nxt.buf_size = wr[BufLsb +: 14];
          end
        end
      end
      default: ;
    endcase
  end

  assign mem_we    = s1_write;
  assign mem_waddr = QW'(s1_q_q);
  assign mem_wdata = nxt;

  // ---------------------------------------------------------------------------------------
  // Work FIFO: every ring at most once (QUEUED), so NumQp places always suffice
  // ---------------------------------------------------------------------------------------
  logic                      fifo_in_ready;
  logic [$clog2(FifoDepth + 2)-1:0] fifo_count;
  logic                      unused_rings;
  assign unused_rings = ^fifo_count;

  vfnic_fifo #(
    .Width(8),
    .Depth(FifoDepth)
  ) u_work (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (winit_q),
    .in_valid_i (s1_push),
    .in_ready_o (fifo_in_ready),
    .in_data_i  (s1_q_q),
    .out_valid_o(work_valid_o),
    .out_ready_i(work_ready_i),
    .out_data_o (work_q_o),
    .count_o    (fifo_count)
  );

  // ---------------------------------------------------------------------------------------
  // Walk and pending resets
  // ---------------------------------------------------------------------------------------
  // A reset held high (every VF while VF Enable is clear) walks once, at its rising edge; while
  // it stays high its rings are refused by operations, and nothing else reaches them.
  logic [NumFuncs-1:0] frst_prev_q, frst_rise;
  assign frst_rise = freset_i & ~frst_prev_q;

  always_comb begin
    pend_d  = pend_q | frst_rise;
    wmask_d = wmask_q;
    walk_d  = walk_q;
    winit_d = winit_q;
    wptr_d  = wptr_q;
    if (walk_q) begin
      if (32'(wptr_q) + 1 >= NumQp) begin
        walk_d  = 1'b0;
        winit_d = 1'b0;
        wptr_d  = '0;
      end else begin
        wptr_d = wptr_q + 1'b1;
      end
    end else if (pend_q != '0) begin
      // start a walk for everything pending now; later requests wait for the next one
      walk_d  = 1'b1;
      wmask_d = pend_q;
      pend_d  = frst_rise;
      wptr_d  = '0;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------------------
  logic s0_refuse;
  assign s0_refuse = (s0_src == SrcPort) &&
                     in_reset(s0_owner, pend_q | freset_i, wmask_q, walk_q);

  always_comb begin
    reg_busy_d = reg_busy_q;
    if (s0_src == SrcReg) begin
      reg_busy_d = 1'b1;
    end
    if (s1_reg_ack) begin
      reg_busy_d = 1'b0;
    end
  end

  logic              ans_valid_q, ans_ok_q, ans_irq_en_q;
  logic [PW-1:0]     ans_port_q;
  logic [7:0]        ans_q_q;
  logic [63:0]       ans_base_q;
  logic [3:0]        ans_log2_q, ans_gen_q;
  logic [11:0]       ans_idx_q, ans_vector_q, ans_fetch_q, ans_tail_q;
  logic [4:0]        ans_n_q;
  logic [13:0]       ans_buf_size_q;
  logic              reg_ack_q, reg_hit_q;
  logic [31:0]       reg_rdata_q;
  logic [NumQp-1:0]  en_q;
  logic              bad_tail_q;
  logic [7:0]        bad_tail_qn_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pend_q       <= '0;
      frst_prev_q  <= '0;
      wmask_q      <= '0;
      walk_q       <= 1'b1;   // the initial walk writes every word
      winit_q      <= 1'b1;
      wptr_q       <= '0;
      reg_busy_q   <= 1'b0;
      s1_src_q     <= SrcNone;
      s1_q_q       <= '0;
      s1_init_q    <= 1'b0;
      s1_wreset_q  <= 1'b0;
      s1_port_q    <= '0;
      s1_code_q    <= '0;
      s1_n_q       <= '0;
      s1_gen_q     <= '0;
      s1_err_q     <= '0;
      s1_refuse_q  <= 1'b0;
      s1_we_q      <= 1'b0;
      s1_off_q     <= '0;
      s1_be_q      <= '0;
      s1_wdata_q   <= '0;
      fw_valid_q   <= 1'b0;
      fw_q_q       <= '0;
      fw_word_q    <= '0;
      ans_valid_q  <= 1'b0;
      reg_ack_q    <= 1'b0;
      en_q         <= '0;
      bad_tail_q   <= 1'b0;
      bad_tail_qn_q <= '0;
    end else begin
      pend_q      <= pend_d;
      frst_prev_q <= freset_i;
      wmask_q     <= wmask_d;
      walk_q      <= walk_d;
      winit_q     <= winit_d;
      wptr_q      <= wptr_d;
      reg_busy_q  <= reg_busy_d;
      s1_src_q    <= s0_src;
      s1_q_q      <= s0_q;
      s1_init_q   <= winit_q;
      s1_wreset_q <= walk_q && in_reset(walk_owner, '0, wmask_q, 1'b1);
      s1_refuse_q <= s0_refuse;
      if (s0_src == SrcPort) begin
        s1_port_q <= port_idx;
        s1_code_q <= op_code_i[port_idx];
        s1_n_q    <= op_n_i[port_idx];
        s1_gen_q  <= op_gen_i[port_idx];
        s1_err_q  <= op_err_i[port_idx];
      end
      if (s0_src == SrcReg) begin
        s1_we_q    <= reg_we_i;
        s1_off_q   <= reg_off_i;
        s1_be_q    <= reg_be_i;
        s1_wdata_q <= reg_wdata_i;
      end
      fw_valid_q <= s1_write;
      if (s1_write) begin
        fw_q_q    <= s1_q_q;
        fw_word_q <= nxt;
        en_q[QW'(s1_q_q)] <= nxt.en;
      end
      ans_valid_q <= s1_ans;
      reg_ack_q   <= s1_reg_ack;
      bad_tail_q  <= s1_bad_tail;
      if (s1_bad_tail) begin
        bad_tail_qn_q <= s1_q_q;
      end
    end
  end

  // answer and register read data: plain registers (no reset needed: qualified by valids)
  always_ff @(posedge clk_i) begin
    if (s1_ans) begin
      ans_port_q     <= s1_port_q;
      ans_q_q        <= s1_q_q;
      ans_ok_q       <= s1_ok;
      ans_base_q     <= {nxt.base_hi, nxt.base_lo, 4'h0};
      ans_log2_q     <= nxt.log2;
      ans_idx_q      <= s1_idx;
      ans_n_q        <= s1_taken;
      ans_gen_q      <= nxt.gen;
      ans_irq_en_q   <= nxt.irq_en;
      ans_vector_q   <= nxt.vec;
      ans_buf_size_q <= Rx ? nxt.buf_size : 14'd0;
      ans_fetch_q    <= nxt.fetch;
      ans_tail_q     <= nxt.tail;
    end
    if (s1_reg_ack) begin
      reg_rdata_q <= s1_rdata;
      reg_hit_q   <= s1_hit;
    end
  end

  assign ans_valid_o    = ans_valid_q;
  assign ans_port_o     = ans_port_q;
  assign ans_q_o        = ans_q_q;
  assign ans_ok_o       = ans_ok_q;
  assign ans_base_o     = ans_base_q;
  assign ans_log2_o     = ans_log2_q;
  assign ans_idx_o      = ans_idx_q;
  assign ans_n_o        = ans_n_q;
  assign ans_gen_o      = ans_gen_q;
  assign ans_irq_en_o   = ans_irq_en_q;
  assign ans_vector_o   = ans_vector_q;
  assign ans_buf_size_o = ans_buf_size_q;
  assign ans_fetch_o    = ans_fetch_q;
  assign ans_tail_o     = ans_tail_q;

  // an access to a ring that does not exist is a hole, answered at once
  assign reg_ack_o   = reg_ack_q || (reg_req_i && !reg_in_range && !reg_busy_q);
  assign reg_rdata_o = reg_ack_q ? reg_rdata_q : '0;
  assign reg_hit_o   = reg_ack_q && reg_hit_q;

  assign en_o         = en_q;
  assign bad_tail_o   = bad_tail_q;
  assign bad_tail_q_o = bad_tail_qn_q;
  assign busy_o       = walk_q || pend_q != '0 || s1_src_q != SrcNone || ans_valid_q ||
                        reg_ack_q || fifo_count != '0 || freset_i != frst_prev_q;

`ifndef SYNTHESIS
`ifndef FORMAL  // Yosys' read_verilog -formal does not define SYNTHESIS and has no runtime $error
  // the FIFO has a place for every ring, and a ring is in it at most once
  always_ff @(posedge clk_i) begin
    if (s1_push && !fifo_in_ready) begin
      $error("vfnic_rings: work FIFO full (a ring queued twice)");
    end
  end
`endif
`endif

endmodule

`default_nettype wire
