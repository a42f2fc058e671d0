// SPDX-License-Identifier: MIT
// Statistics counter memory (docs/datapath.md "Statistics", docs/datapath-blocks.md
// "vfnic_stats"): the 64-bit ring, function and port counters, kept in RAM and updated from the
// frame events of vfnic_txq / vfnic_rxq and the port's pulses; read through a pipelined port.
//
// Ports (docs/datapath-blocks.md is the contract):
//   parameter NumFuncs (1..65), NumQp (1..255), EvFifoDepth (2..16, default 4)
//   tx_ev_valid_i, [7:0] tx_ev_q_i, [6:0] tx_ev_func_i, [13:0] tx_ev_bytes_i,
//     [3:0] tx_ev_err_i (enum TXERR)                      one per finished TX frame (vfnic_txq)
//   rx_ev_valid_i, [7:0] rx_ev_q_i (0xFF: no ring), [6:0] rx_ev_func_i, [13:0] rx_ev_bytes_i,
//     [2:0] rx_ev_code_i (0 delivered, 1 no descriptor, 2 oversize, 3 function down, 4 DMA)
//   [NumPstat-1:0] port_ev_i        pulses, bit k = PSTAT counter k + 1; the two byte
//                                   counters are added with the frame pulses instead, so bits
//                                   PSTAT_RX_BYTES and PSTAT_TX_BYTES are ignored
//   [13:0] port_rx_bytes_i          bytes of the frame of port_ev_i[PSTAT_RX_FRAMES]
//   [13:0] port_tx_bytes_i          bytes of the frame of port_ev_i[PSTAT_TX_FRAMES]
//   rd_req_i, [1:0] rd_space_i (0 TX ring, 1 RX ring, 2 function, 3 port), [7:0] rd_idx_i
//     (ring q / function; ignored for the port), [3:0] rd_cnt_i (ring: 0 PKTS 1 BYTES 2 DROPS;
//     function: enum FSTAT; port: enum PSTAT)
//   rd_ack_o, [63:0] rd_data_o      exactly 2 cycles after rd_req_i; 0 for a counter that does
//                                   not exist (index or counter number out of range)
//   [15:0] overrun_o                events lost because a FIFO or accumulator was full
//                                   (saturating; stays 0 within the rates below)
//
// Counting rules:
//   TX event: err OK -> ring TX PKTS += 1, BYTES += bytes, function TX_PKTS/TX_BYTES; any other
//     err -> ring TX DROPS += 1 and the function's FSTAT drop counter of the TXERR (SPOOF,
//     RATE, OVERSIZE, BADDESC, DMA, DOWN); an err outside the enum counts only the ring DROPS.
//   RX event: code 0 -> ring RX PKTS/BYTES and function RX_PKTS/RX_BYTES; codes 1-4 -> ring
//     RX DROPS and DROP_NODESC / DROP_OVERSIZE / DROP_DOWN / DROP_DMA; codes 5-7 only the ring
//     DROPS. A q >= NumQp (0xFF) updates no ring, a function >= NumFuncs no function counter.
//   Counters wrap modulo 2^64; reset clears them all (there is no per-function clear).
//
// Structure: three counter RAMs, each doing one read-modify-write per cycle (read in cycle t,
// add and write in t+1, the write forwarded to a read of the same word in t+1):
//   ring RAM      2*NumQp words of {DROPS, BYTES, PKTS}: one RMW per event
//   function RAM  NumFuncs*6 words of two counters {2k+1, 2k}: PKTS/BYTES pairs share a word
//   port RAM      NumPstat words; per-kind accumulators (flops) take up to one event per kind
//                 per cycle and are flushed round-robin, one kind per cycle while any holds a count
// The RAMs cannot be reset; a flop per word says whether it was written since reset (an
// unwritten word reads 0), so the counters are zero right after reset.
// TX and RX events wait in one FIFO each (EvFifoDepth); the head events are issued to the ring
// and function RAMs together, one event per cycle, TX and RX alternating.
//
// Reads have priority over updates in the RAM they use (a ring or function read holds the
// event issue for that cycle, a port read the port flush), so the latency is fixed: 2 cycles.
// A port read returns the RAM word plus the kind's accumulator: it counts every port event up
// to and including the request cycle. A ring/function read counts the events issued before the
// request cycle; an event is issued at the earliest one cycle after it arrived, so within the
// rates below a read counts every event that arrived at least 5 cycles before the request.
//
// Rates: no loss with at most one TX and one RX event every 8 cycles (64-byte frames at line
// rate) together with one read every 2 cycles (one outstanding read), and port pulses at up to
// one per cycle per kind. Bursts absorbed: the event path serves one event per cycle without a
// read, so either source alone may send back to back indefinitely; both at once back to back
// fill the FIFOs by one entry per cycle (2*EvFifoDepth - 1 = 7 such cycles with the default).
// A port kind is flushed at least every 2*NumPstat cycles (reads at most every other cycle),
// within which its 20-bit accumulator cannot overflow (20 frames * 16383 bytes < 2^20).
`default_nettype none

module vfnic_stats
#(
  parameter int unsigned NumFuncs    = 9,   // routing functions (PF + VFs)
  parameter int unsigned NumQp       = 18,  // global queue pairs
  parameter int unsigned EvFifoDepth = 4    // entries of each event FIFO
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,

  input  logic                    tx_ev_valid_i,
  input  logic [7:0]              tx_ev_q_i,
  input  logic [6:0]              tx_ev_func_i,
  input  logic [13:0]             tx_ev_bytes_i,
  input  logic [3:0]              tx_ev_err_i,

  input  logic                    rx_ev_valid_i,
  input  logic [7:0]              rx_ev_q_i,
  input  logic [6:0]              rx_ev_func_i,
  input  logic [13:0]             rx_ev_bytes_i,
  input  logic [2:0]              rx_ev_code_i,

  input  logic [vfnic_regs_pkg::PSTAT_VEB_FRAMES:0] port_ev_i,
  input  logic [13:0]             port_rx_bytes_i,
  input  logic [13:0]             port_tx_bytes_i,

  input  logic                    rd_req_i,
  input  logic [1:0]              rd_space_i,
  input  logic [7:0]              rd_idx_i,
  input  logic [3:0]              rd_cnt_i,
  output logic                    rd_ack_o,
  output logic [63:0]             rd_data_o,

  output logic [15:0]             overrun_o,

  // events queued, counts not yet flushed, or a read in flight (docs/rtl-structure.md
  // "Activity gating"): with busy_o low and no input the block does not change
  output logic                    busy_o
);

  logic clk_g;  // clk_i, stopped in the model while the block has nothing to do (end)


  localparam int unsigned NumPstat  = vfnic_regs_pkg::PSTAT_VEB_FRAMES + 1;
  localparam int unsigned NumFstat  = vfnic_regs_pkg::FSTAT_DROP_DOWN + 1;
  localparam int unsigned FuncPairs = (NumFstat + 1) / 2;   // function RAM words per function
  localparam int unsigned RingWords = 2 * NumQp;
  localparam int unsigned FuncWords = NumFuncs * FuncPairs;
  localparam int unsigned RingAw    = $clog2(RingWords);
  localparam int unsigned FuncAw    = $clog2(FuncWords);
  localparam int unsigned PortAw    = $clog2(NumPstat);
  localparam int unsigned AccWidth  = 20;                   // port accumulators
  localparam int unsigned TxEvWidth = 8 + 7 + 14 + 4;
  localparam int unsigned RxEvWidth = 8 + 7 + 14 + 3;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumFuncs < 1 || NumFuncs > 65) begin : gen_funcs_check
    $error("NumFuncs must be 1..65 (PF + 64 VFs)");
  end
  if (NumQp < 1 || NumQp > 255) begin : gen_qp_check
    $error("NumQp must be 1..255 (q 0xFF means no ring)");
  end
  if (EvFifoDepth < 2 || EvFifoDepth > 16) begin : gen_fifo_check
    $error("EvFifoDepth must be 2..16");
  end
  if (NumFstat > 16 || NumPstat > 16) begin : gen_enum_check
    $error("FSTAT and PSTAT must fit rd_cnt_i");
  end
`endif

  // ---- event FIFOs (flops): index 0 TX, 1 RX (RX entries padded to the TX width). A push
  //      into a full FIFO is lost (counted) unless the FIFO pops in the same cycle ----
  localparam int unsigned FifoPtrW = $clog2(EvFifoDepth);

  logic [1:0]                 f_push, f_pop, f_empty, f_lost;
  logic [1:0][TxEvWidth-1:0]  f_data, f_head;
  logic                       txf_pop, rxf_pop, txf_empty, rxf_empty;
  logic [TxEvWidth-1:0]       txf_head;
  logic [RxEvWidth-1:0]       rxf_head;
  logic                       unused_rx_pad;

  assign f_push    = {rx_ev_valid_i, tx_ev_valid_i};
  assign f_data[0] = {tx_ev_q_i, tx_ev_func_i, tx_ev_bytes_i, tx_ev_err_i};
  assign f_data[1] = {1'b0, rx_ev_q_i, rx_ev_func_i, rx_ev_bytes_i, rx_ev_code_i};
  assign f_pop     = {rxf_pop, txf_pop};
  assign txf_empty = f_empty[0];
  assign rxf_empty = f_empty[1];
  assign txf_head  = f_head[0];
  assign rxf_head  = f_head[1][RxEvWidth-1:0];
  assign unused_rx_pad = f_head[1][TxEvWidth-1];

  for (genvar i = 0; i < 2; i++) begin : gen_fifo
    // entry k at bits k*TxEvWidth (flat: Yosys cannot assign an element of a 2-D packed
    // array declared in a generate block)
    logic [EvFifoDepth*TxEvWidth-1:0]      mem_q, mem_d;
    logic [FifoPtrW-1:0]                   rd_q, rd_d, wr_q, wr_d;
    logic [FifoPtrW:0]                     cnt_q, cnt_d;
    logic                                  do_push;

    always_comb begin
      mem_d     = mem_q;
      rd_d      = rd_q;
      wr_d      = wr_q;
      cnt_d     = cnt_q;
      do_push   = f_push[i] && (32'(cnt_q) < EvFifoDepth || f_pop[i]);
      f_lost[i] = f_push[i] && !do_push;
      if (f_pop[i]) begin
        rd_d  = rd_q + 1'b1;
        cnt_d = cnt_d - 1'b1;
      end
      if (do_push) begin
        // the entry at wr_q, at a constant offset (no shifter over the whole FIFO)
        for (int k = 0; k < EvFifoDepth; k++) begin
          if (32'(wr_q) == k) begin
            mem_d[k * TxEvWidth +: TxEvWidth] = f_data[i];
          end
        end
        wr_d        = wr_q + 1'b1;
        cnt_d       = cnt_d + 1'b1;
      end
    end

    assign f_empty[i] = cnt_q == '0;
    assign f_head[i]  = mem_q[32'(rd_q) * TxEvWidth +: TxEvWidth];

    always_ff @(posedge clk_g or negedge rst_ni) begin
      if (!rst_ni) begin
        mem_q <= '0;
        rd_q  <= '0;
        wr_q  <= '0;
        cnt_q <= '0;
      end else begin
        mem_q <= mem_d;
        rd_q  <= rd_d;
        wr_q  <= wr_d;
        cnt_q <= cnt_d;
      end
    end
  end

  // FSTAT drop counter of a TX error / RX code (ok = 0: none)
  function automatic logic [4:0] tx_drop_stat(logic [3:0] err);
    case (32'(err))
      vfnic_regs_pkg::TXERR_SPOOF:     tx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_SPOOF)};
      vfnic_regs_pkg::TXERR_RATE:      tx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_RATE)};
      vfnic_regs_pkg::TXERR_OVERSIZE:  tx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_OVERSIZE)};
      vfnic_regs_pkg::TXERR_BAD_DESC:  tx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_BADDESC)};
      vfnic_regs_pkg::TXERR_DMA:       tx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_DMA)};
      vfnic_regs_pkg::TXERR_FUNC_DOWN: tx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_DOWN)};
      default:         tx_drop_stat = '0;
    endcase
  endfunction

  function automatic logic [4:0] rx_drop_stat(logic [2:0] code);
    case (code)
      3'd1:    rx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_NODESC)};
      3'd2:    rx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_OVERSIZE)};
      3'd3:    rx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_DOWN)};
      3'd4:    rx_drop_stat = {1'b1, 4'(vfnic_regs_pkg::FSTAT_DROP_DMA)};
      default: rx_drop_stat = '0;
    endcase
  endfunction

  // ---- stage A: this cycle's operation on each RAM ----
  logic                     rd_ring, rd_func, rd_port;   // read of that RAM this cycle
  logic                     rd_oob;                      // counter does not exist
  logic                     ev_pick_rx;                  // issue the RX head (else TX)
  logic                     ev_go;
  logic                     rr_q, rr_d;                  // 1: RX goes first on a tie

  logic                     ring_op;
  logic [RingAw-1:0]        ring_addr;
  logic [2:0][13:0]         ring_inc;
  logic                     func_op;
  logic [FuncAw-1:0]        func_addr;
  logic [1:0][13:0]         func_inc;

  // decoded head event
  logic [7:0]               ev_q;
  logic [6:0]               ev_func;
  logic [13:0]              ev_bytes;
  logic                     ev_ok;                       // OK / delivered
  logic [4:0]               ev_drop;                     // {valid, FSTAT}

  always_comb begin
    rd_oob  = 1'b1;
    case (rd_space_i)
      2'd0, 2'd1: rd_oob = !(32'(rd_idx_i) < NumQp && rd_cnt_i < 4'd3);
      2'd2:       rd_oob = !(32'(rd_idx_i) < NumFuncs && 32'(rd_cnt_i) < NumFstat);
      default:    rd_oob = !(32'(rd_cnt_i) < NumPstat);
    endcase
  end

  assign rd_ring = rd_req_i && !rd_oob && !rd_space_i[1];
  assign rd_func = rd_req_i && !rd_oob && rd_space_i == 2'd2;
  assign rd_port = rd_req_i && !rd_oob && rd_space_i == 2'd3;

  // a ring or function read (even of a missing counter) holds the event path for a cycle
  assign ev_pick_rx = !rxf_empty && (txf_empty || rr_q);
  assign ev_go      = (!txf_empty || !rxf_empty) && !(rd_req_i && !rd_space_i[1]) &&
                      !(rd_req_i && rd_space_i == 2'd2);
  assign txf_pop    = ev_go && !ev_pick_rx;
  assign rxf_pop    = ev_go && ev_pick_rx;

  always_comb begin
    rr_d = rr_q;
    if (ev_go) begin
      rr_d = !ev_pick_rx;  // the other source goes first next time
    end
  end

  always_comb begin
    if (ev_pick_rx) begin
      {ev_q, ev_func, ev_bytes} = rxf_head[RxEvWidth-1:3];
      ev_ok   = rxf_head[2:0] == 3'd0;
      ev_drop = rx_drop_stat(rxf_head[2:0]);
    end else begin
      {ev_q, ev_func, ev_bytes} = txf_head[TxEvWidth-1:4];
      ev_ok   = 32'(txf_head[3:0]) == vfnic_regs_pkg::TXERR_OK;
      ev_drop = tx_drop_stat(txf_head[3:0]);
    end
  end

  always_comb begin
    ring_op   = 1'b0;
    ring_addr = '0;
    ring_inc  = '0;
    if (rd_ring) begin
      ring_op   = 1'b1;
      ring_addr = RingAw'((rd_space_i[0] ? NumQp : 0) + 32'(rd_idx_i));
    end else if (ev_go && 32'(ev_q) < NumQp) begin
      ring_op   = 1'b1;
      ring_addr = RingAw'((ev_pick_rx ? NumQp : 0) + 32'(ev_q));
      if (ev_ok) begin
        ring_inc[0] = 14'd1;
        ring_inc[1] = ev_bytes;
      end else begin
        ring_inc[2] = 14'd1;
      end
    end
  end

  always_comb begin
    func_op   = 1'b0;
    func_addr = '0;
    func_inc  = '0;
    if (rd_func) begin
      func_op   = 1'b1;
      func_addr = FuncAw'(32'(rd_idx_i) * FuncPairs + 32'(rd_cnt_i[3:1]));
    end else if (ev_go && 32'(ev_func) < NumFuncs && (ev_ok || ev_drop[4])) begin
      func_op = 1'b1;
      if (ev_ok) begin
        // {TX,RX}_PKTS = 2k, {TX,RX}_BYTES = 2k+1 with k = 0 TX, 1 RX
        func_addr   = FuncAw'(32'(ev_func) * FuncPairs + (ev_pick_rx ? 1 : 0));
        func_inc[0] = 14'd1;
        func_inc[1] = ev_bytes;
      end else begin
        func_addr = FuncAw'(32'(ev_func) * FuncPairs + 32'(ev_drop[3:1]));
        func_inc[ev_drop[0]] = 14'd1;
      end
    end
  end

  // ---- port accumulators and their round-robin flush ----
  logic [NumPstat-1:0][AccWidth-1:0] acc_q, acc_d;
  logic [NumPstat-1:0][13:0]         port_add;
  logic [NumPstat-1:0]               port_lost;
  logic [PortAw-1:0]                 prr_q, prr_d;   // kind flushed next
  logic                              port_op;
  logic [PortAw-1:0]                 port_addr;
  logic [0:0][AccWidth-1:0]          port_inc;
  logic                              unused_port_ev;

  assign unused_port_ev = ^{port_ev_i[vfnic_regs_pkg::PSTAT_RX_BYTES], port_ev_i[vfnic_regs_pkg::PSTAT_TX_BYTES]};

  always_comb begin
    for (int k = 0; k < NumPstat; k++) begin
      port_add[k] = {13'd0, port_ev_i[k]};
    end
    port_add[vfnic_regs_pkg::PSTAT_RX_BYTES] = port_ev_i[vfnic_regs_pkg::PSTAT_RX_FRAMES] ? port_rx_bytes_i : 14'd0;
    port_add[vfnic_regs_pkg::PSTAT_TX_BYTES] = port_ev_i[vfnic_regs_pkg::PSTAT_TX_FRAMES] ? port_tx_bytes_i : 14'd0;
  end

  // Flushing runs only while some accumulator holds a count (an OR over the NumPstat kinds,
  // a constant of the design): with nothing to flush the block keeps still (busy_o)
  logic acc_any;
  always_comb begin
    acc_any = 1'b0;
    for (int k = 0; k < NumPstat; k++) begin   // the port kinds, not functions or rings
      acc_any = acc_any || acc_q[k] != '0;
    end
  end

  always_comb begin
    port_op   = acc_any;
    port_addr = prr_q;
    port_inc  = '0;   // the accumulator of kind prr_q (a word mux: no shifter by prr_q * width)
    for (int k = 0; k < NumPstat; k++) begin
      if (32'(prr_q) == k) port_inc = acc_q[k];
    end
    prr_d     = !acc_any ? prr_q : (32'(prr_q) == NumPstat - 1) ? '0 : prr_q + 1'b1;
    if (rd_port) begin
      port_op   = 1'b1;
      port_addr = PortAw'(rd_cnt_i);
      port_inc  = '0;
      prr_d     = prr_q;
    end
    for (int k = 0; k < NumPstat; k++) begin
      logic [AccWidth:0] sum;
      // a flushed kind starts again from this cycle's event
      sum = (!rd_port && acc_any && 32'(prr_q) == k) ? (AccWidth + 1)'(port_add[k]) :
                                            {1'b0, acc_q[k]} + (AccWidth + 1)'(port_add[k]);
      port_lost[k] = sum[AccWidth];
      acc_d[k]     = sum[AccWidth] ? acc_q[k] : sum[AccWidth-1:0];
    end
  end

  // ---- the counter RAMs: index 0 ring, 1 function, 2 port ----
  // An operation issued in cycle t (ram_op/addr/inc) reads its word at the end of t; in t+1 the
  // word's value before the operation is on ram_cur and value + inc is written at the end of
  // t+1. Back-to-back operations on one word see each other (last cycle's write is forwarded).
  // A flop per word says whether it was written since reset; an unwritten word reads 0.
  localparam int unsigned RamAw = (RingAw > FuncAw) ? RingAw : FuncAw;

  logic [2:0]                     ram_op;
  logic [2:0][RamAw-1:0]          ram_addr;
  logic [2:0][2:0][AccWidth-1:0]  ram_inc;    // lanes beyond a RAM's own are 0
  logic [2:0][2:0][63:0]          ram_cur;
  logic [2:0][63:0]               ring_cur;
  logic [1:0][63:0]               func_cur;
  logic [63:0]                    port_cur;

  assign ram_op      = {port_op, func_op, ring_op};
  assign ram_addr[0] = RamAw'(ring_addr);
  assign ram_addr[1] = RamAw'(func_addr);
  assign ram_addr[2] = RamAw'(port_addr);
  always_comb begin
    ram_inc = '0;
    for (int l = 0; l < 3; l++) begin
      ram_inc[0][l] = AccWidth'(ring_inc[l]);
    end
    for (int l = 0; l < 2; l++) begin
      ram_inc[1][l] = AccWidth'(func_inc[l]);
    end
    ram_inc[2][0] = port_inc[0];
  end
  logic [2:0]                     ram_busy;   // an operation in a RAM's pipeline
  assign ring_cur = ram_cur[0];
  assign func_cur = ram_cur[1][1:0];
  assign port_cur = ram_cur[2][0];

  for (genvar r = 0; r < 3; r++) begin : gen_ram
    localparam int unsigned Depth = (r == 0) ? RingWords : (r == 1) ? FuncWords : NumPstat;
    localparam int unsigned Lanes = 3 - r;
    localparam int unsigned Aw    = $clog2(Depth);

    // lane l of a word at bits 64*l (flat vectors: Yosys cannot take 2-D packed arrays
    // declared in a generate block)
    logic [Lanes*64-1:0]            mem [Depth];
    logic [Depth-1:0]               written_q, written_d;
    logic [Lanes*64-1:0]            rd_q;        // RAM read data (not reset)
    logic                           rd_ok_q;     // the word had been written
    logic                           b_valid_q;
    logic [Aw-1:0]                  addr;
    logic [Aw-1:0]                  b_addr_q;
    logic [Lanes*AccWidth-1:0]      b_inc_q;
    logic                           w_valid_q;   // last cycle's write, for forwarding
    logic [Aw-1:0]                  w_addr_q;
    logic [Lanes*64-1:0]            w_data_q;
    logic [Lanes*64-1:0]            cur;
    logic [Lanes*64-1:0]            upd;

    // addresses are < Depth (the callers check the ranges)
    assign addr = Aw'(ram_addr[r]);
    assign ram_busy[r] = b_valid_q || w_valid_q;

    always_ff @(posedge clk_g) begin
      if (ram_op[r]) begin
        rd_q <= mem[addr];
      end
      if (b_valid_q) begin
        mem[b_addr_q] <= upd;
      end
    end

    always_comb begin
      if (w_valid_q && w_addr_q == b_addr_q) begin
        cur = w_data_q;
      end else if (rd_ok_q) begin
        cur = rd_q;
      end else begin
        cur = '0;
      end
      for (int l = 0; l < Lanes; l++) begin
        upd[64*l +: 64] = cur[64*l +: 64] + 64'(b_inc_q[AccWidth*l +: AccWidth]);
      end
      written_d = written_q;
      if (b_valid_q) begin
        written_d[b_addr_q] = 1'b1;
      end
      ram_cur[r] = '0;
      for (int l = 0; l < Lanes; l++) begin
        ram_cur[r][l] = cur[64*l +: 64];
      end
    end

    if (Lanes < 3) begin : gen_unused
      logic unused_inc;
      assign unused_inc = ^ram_inc[r][2:Lanes];
    end

    always_ff @(posedge clk_g or negedge rst_ni) begin
      if (!rst_ni) begin
        written_q <= '0;
        rd_ok_q   <= 1'b0;
        b_valid_q <= 1'b0;
        b_addr_q  <= '0;
        b_inc_q   <= '0;
        w_valid_q <= 1'b0;
        w_addr_q  <= '0;
        w_data_q  <= '0;
      end else begin
        written_q <= written_d;
        rd_ok_q   <= written_q[addr];
        b_valid_q <= ram_op[r];
        b_addr_q  <= addr;
        b_inc_q   <= ram_inc[r][Lanes-1:0];
        w_valid_q <= b_valid_q;
        w_addr_q  <= b_addr_q;
        w_data_q  <= upd;
      end
    end
  end

  // ---- stage B: the read's value; registered to rd_data_o ----
  logic        rdb_valid_q;
  logic [1:0]  rdb_space_q;
  logic [3:0]  rdb_cnt_q;
  logic        rdb_oob_q;
  logic [63:0] rdb_value;
  logic        rd_ack_q;
  logic [63:0] rd_data_q, rd_data_d;
  always_comb begin
    case (rdb_space_q)
      2'd0, 2'd1: begin
        case (rdb_cnt_q[1:0])
          2'd1:    rdb_value = ring_cur[1];
          2'd2:    rdb_value = ring_cur[2];
          default: rdb_value = ring_cur[0];
        endcase
      end
      2'd2:       rdb_value = func_cur[rdb_cnt_q[0]];
      default:    rdb_value = port_cur + 64'(acc_q[PortAw'(rdb_cnt_q)]);
    endcase
    rd_data_d = rd_data_q;
    if (rdb_valid_q) begin
      rd_data_d = rdb_oob_q ? 64'd0 : rdb_value;
    end
  end

  assign rd_ack_o  = rd_ack_q;
  assign rd_data_o = rd_data_q;

  // ---- lost events ----
  logic [15:0] overrun_q, overrun_d;

  always_comb begin
    logic [16:0] sum;
    sum = {1'b0, overrun_q} + 17'(f_lost[0]) + 17'(f_lost[1]);
    for (int k = 0; k < NumPstat; k++) begin
      sum = sum + 17'(port_lost[k]);
    end
    overrun_d = sum[16] ? 16'hffff : sum[15:0];
  end

  assign overrun_o = overrun_q;

  assign busy_o = !txf_empty || !rxf_empty || acc_any || ram_busy != '0 || rdb_valid_q ||
                  rd_ack_q;

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      rr_q        <= 1'b0;
      acc_q       <= '0;
      prr_q       <= '0;
      rdb_valid_q <= 1'b0;
      rdb_space_q <= '0;
      rdb_cnt_q   <= '0;
      rdb_oob_q   <= 1'b0;
      rd_ack_q    <= 1'b0;
      rd_data_q   <= '0;
      overrun_q   <= '0;
    end else begin
      rr_q        <= rr_d;
      acc_q       <= acc_d;
      prr_q       <= prr_d;
      rdb_valid_q <= rd_req_i;
      rdb_space_q <= rd_space_i;
      rdb_cnt_q   <= rd_cnt_i;
      rdb_oob_q   <= rd_oob;
      rd_ack_q    <= rdb_valid_q;
      rd_data_q   <= rd_data_d;
      overrun_q   <= overrun_d;
    end
  end

  // Activity gating (docs/rtl-structure.md "Activity gating"): the block runs on clk_g,
  // which the Verilated model stops while busy_o is low and nothing comes in:
  // an event or a read
  vfnic_cg u_cg (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (busy_o || tx_ev_valid_i || rx_ev_valid_i || port_ev_i != '0 || rd_req_i),
    .clk_o (clk_g)
  );

endmodule

`default_nettype wire
