// SPDX-License-Identifier: MIT
// RX engine of the datapath (docs/datapath.md "RX engine", docs/datapath-blocks.md "vfnic_rxq"):
// stores wire and VEB-loop frames, and hands a copy of each frame to every pool (function) in
// its classifier mask: into buffers from that pool's RX ring's descriptor cache, written with
// the DMA write engine, then the descriptors' write-backs, HEAD, a statistics event and an
// interrupt event. A pool that cannot take a frame drops it for itself only, at once.
//
// Ports (docs/datapath-blocks.md "vfnic_rxq"; widths as there):
//   reg_*, reg_ack_o      vfnic_rings register port of the RX rings (ack style: inputs held
//                         until reg_ack_o), passed through, with en_o and
//                         bad_tail_o/bad_tail_q_o (rejected TAIL writes, for BAD_TAIL)
//   own_we_i, own_q_i, own_func_i   QP_OWNER writes (to the local copies of the rings, the
//                         descriptor cache and the pool's queue pick)
//   func_qp_base_i[f], func_qp_count_i[f], func_rx_ok_i[f], func_max_frame_i[f],
//   func_qsel_hash_i[f], freset_i[f]   per routing function (= pool)
//   wi_*                  wire frames, no ready (every beat is taken); the sideband (mask,
//                         how, tci, tagged, hash) and abort come with the last beat
//   li_*, li_ready_o      looped frames: as wi_, ready low while the loop buffer lacks room
//                         for a FRAME_MAX_BYTES frame
//   drd_*                 vfnic_dma_rd client (descriptor refills)
//   dwr_*                 vfnic_dma_wr client (frame data, then write-backs)
//   ev_*                  one event per (frame, pool): code 0 delivered, 1 no ring / ring
//                         disabled / not enough cached descriptors, 2 above the pool's max
//                         frame, 3 pool not ok (RX off, link, BME, reset); q 0xFF: no ring
//   ovf_o                 pulse: a wire frame did not fit the wire buffer (dropped whole)
//   irq_*                 a delivered frame's ring has IRQ_EN: its function and vector
//   qerr_o, qerr_q_o      a failed refill's ERR (QERR DMA) was taken by the rings (pulse)
//   idle_o                nothing stored, in flight or pending (includes the rings' busy_o:
//                         low for NumQp cycles after reset, the rings' reset walk)
//
// Behaviour:
// - Ingress (vfnic_rxq_ibuf, one per input): circular buffers of WireBufBytes and
//   LoopBufBytes, frames committed at their last beat unless aborted; dispatch takes
//   committed frames from the two alternately.
// - Ring manager (vfnic_rings, IsRx = 1) with four engine ports, each request held until its
//   op_ready: 0 TAKE (descriptor cache refill), 1 READ (dispatch), 2 HADV (completions, a
//   4-entry queue; the builder's output waits when it is full), 3 ERR (failed refills).
// - Dispatch decides the pools of a frame in ascending pool order: ring = func_qp_base +
//   (QSEL hash ? hash % count : 0), used only if count != 0, it exists and its owner is
//   the pool (by index). Then, first that applies: frame above func_max_frame -> 2; pool not
//   ok (or being reset) -> 3; no ring -> 1; otherwise the ring is READ (one READ in flight,
//   answer two cycles after it is taken, registered: a pool with a ring costs ~4 cycles) and
//   ring disabled, cache of another gen than the READ's, or fewer cached descriptors than the
//   frame's BUF_SIZE pieces -> 1 (never waits); else the pieces' descriptors are taken from
//   the cache and a job goes to the frame builder with the READ's base, size, BUF_SIZE, gen,
//   IRQ_EN and vector.
// - Frame builder: per piece one write request (BUF_SIZE bytes, the last one the rest) to
//   the descriptor's buffer, one 128-bit beat per cycle; then the write-backs (one request
//   per run of descriptors that does not wrap the ring, one 16-byte beat per descriptor:
//   LEN, VLAN/TAGGED, HOW, DD, EOP on the last, ERR 0). When the last write-back beat is
//   taken by the write engine: HEAD += pieces (HADV, the ring's gen of the READ), ev code 0,
//   irq if IRQ_EN. All write requests carry the pool's function (the ring's owner).
// - A function reset stops the builder's work for that function at the next request
//   boundary (the request being sent is finished; nothing later is sent) with ev code 3.
// - Descriptor cache: vfnic_rxq_dcache (refills by popping the rings' work FIFO and TAKE;
//   register writes to a ring are passed to it so a parked ring is woken and re-TAKEn).
//
// Deviations from docs/datapath-blocks.md (see the report of this block):
// - DescCache = RX_DESC_CACHE = 16: a ring consumes one descriptor per 10.5 cycles at
//   14.88 Mpps, and a refill takes the 78-cycle read latency plus ~10 cycles of engine
//   pipeline, so 8 slots would sustain at most ~1 descriptor per 11 cycles — below line
//   rate. 16 gives 2x margin.
// - bad_tail_o/bad_tail_q_o of vfnic_rings are passed through (the list omits them, but
//   BAD_TAIL of RX rings could not be counted without them).
// - ev code 4 (DMA error) is never produced: receive writes are posted and cannot fail; a
//   failed refill stops its ring (QERR DMA), whose later frames are code 1.
//
// Throughput (tb/rxq, 78-cycle read latency): 60-byte frames into one ring at 100% of 10 GbE
// line rate with no drop (the engine takes 60-byte frames at up to one per 8 cycles, 131%);
// 1514-byte frames at line rate; a pool copy costs ceil(len/16) + pieces beats on the write
// port (16 bytes per cycle), so 60-byte broadcast to 8 pools would run at 40 cycles per
// frame (26%), the write port's limit; with a READ per pool it runs at 45 cycles (23.3%).
`default_nettype none

module vfnic_rxq #(
  parameter int unsigned NumFuncs     = 9,
  parameter int unsigned NumQp        = 18,
  parameter int unsigned WireBufBytes = int'(vfnic_regs_pkg::RX_BUF_BYTES),
  parameter int unsigned LoopBufBytes = 32768,  // two jumbo frames: fill overlaps drain
  parameter int unsigned DescCache    = 32'(vfnic_regs_pkg::RX_DESC_CACHE)
) (
  input  logic                        clk_i,
  input  logic                        rst_ni,

  // RX ring registers (vfnic_rings)
  input  logic                        reg_req_i,
  input  logic                        reg_we_i,
  input  logic [7:0]                  reg_q_i,
  input  logic [5:2]                  reg_off_i,
  input  logic [3:0]                  reg_be_i,
  input  logic [31:0]                 reg_wdata_i,
  output logic                        reg_ack_o,
  output logic [31:0]                 reg_rdata_o,
  output logic                        reg_hit_o,
  output logic [NumQp-1:0]            en_o,
  output logic                        bad_tail_o,
  output logic [7:0]                  bad_tail_q_o,

  input  logic                        own_we_i,    // QP_OWNER writes (vfnic_rings' port)
  input  logic [7:0]                  own_q_i,
  input  logic [6:0]                  own_func_i,
  input  logic [NumFuncs-1:0][9:0]    func_qp_base_i,
  input  logic [NumFuncs-1:0][4:0]    func_qp_count_i,
  input  logic [NumFuncs-1:0]         func_rx_ok_i,
  input  logic [NumFuncs-1:0][13:0]   func_max_frame_i,
  input  logic [NumFuncs-1:0]         func_qsel_hash_i,
  input  logic [NumFuncs-1:0]         freset_i,

  // wire frames
  input  logic                        wi_valid_i,
  input  logic [63:0]                 wi_data_i,
  input  logic [7:0]                  wi_keep_i,
  input  logic                        wi_last_i,
  input  logic                        wi_abort_i,
  input  logic [NumFuncs-1:0]         wi_mask_i,
  input  logic [1:0]                  wi_how_i,
  input  logic [15:0]                 wi_tci_i,
  input  logic                        wi_tagged_i,
  input  logic [3:0]                  wi_hash_i,

  // looped frames
  input  logic                        li_valid_i,
  input  logic [63:0]                 li_data_i,
  input  logic [7:0]                  li_keep_i,
  input  logic                        li_last_i,
  input  logic                        li_abort_i,
  input  logic [NumFuncs-1:0]         li_mask_i,
  input  logic [1:0]                  li_how_i,
  input  logic [15:0]                 li_tci_i,
  input  logic                        li_tagged_i,
  input  logic [3:0]                  li_hash_i,
  output logic                        li_ready_o,

  // DMA read engine client 2
  output logic                        drd_req_valid_o,
  output logic [63:0]                 drd_req_addr_o,
  output logic [13:0]                 drd_req_len_o,
  output logic [6:0]                  drd_req_func_o,
  output logic [15:0]                 drd_req_cookie_o,
  input  logic                        drd_req_ready_i,
  input  logic                        drd_cpl_valid_i,
  input  logic [15:0]                 drd_cpl_cookie_i,
  input  logic [12:0]                 drd_cpl_dw_off_i,
  input  logic [2:0]                  drd_cpl_dws_i,
  input  logic [127:0]                drd_cpl_data_i,
  input  logic                        drd_done_valid_i,
  input  logic [15:0]                 drd_done_cookie_i,
  input  logic                        drd_done_err_i,

  // DMA write engine client
  output logic                        dwr_valid_o,
  output logic                        dwr_sof_o,
  output logic [63:0]                 dwr_addr_o,
  output logic [13:0]                 dwr_len_o,
  output logic [6:0]                  dwr_func_o,
  output logic [127:0]                dwr_data_o,
  output logic                        dwr_last_o,
  input  logic                        dwr_ready_i,

  output logic                        ev_valid_o,
  output logic [7:0]                  ev_q_o,
  output logic [6:0]                  ev_func_o,
  output logic [13:0]                 ev_bytes_o,
  output logic [2:0]                  ev_code_o,
  output logic                        ovf_o,

  output logic                        irq_valid_o,
  output logic [6:0]                  irq_func_o,
  output logic [11:0]                 irq_vec_o,

  // a descriptor refill failed: ring qerr_q_o stops with QERR DMA (pulse; for MDD events)
  output logic                        qerr_o,
  output logic [7:0]                  qerr_q_o,
  output logic                        idle_o
);

  localparam int unsigned WireAw    = $clog2(WireBufBytes / 16);
  localparam int unsigned LoopAw    = $clog2(LoopBufBytes / 16);
  localparam int unsigned Aw        = (WireAw > LoopAw) ? WireAw : LoopAw;
  localparam int unsigned CntWidth  = $clog2(DescCache) + 1;
  localparam int unsigned SlotWidth = $clog2(DescCache);
  localparam int unsigned FW        = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam int unsigned QW        = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned FifoDepth = 4;   // builder output queue (covers the read latency)

  localparam logic [2:0] EvOk       = 3'd0;
  localparam logic [2:0] EvNoDesc   = 3'd1;
  localparam logic [2:0] EvOversize = 3'd2;
  localparam logic [2:0] EvDown     = 3'd3;

`ifndef __ICARUS__
  if (NumFuncs < 1 || NumFuncs > 128) begin : gen_funcs_check
    $error("NumFuncs must be 1..128 (functions are [6:0])");
  end
  if (NumQp < 1 || NumQp > 255) begin : gen_qp_check
    $error("NumQp must be 1..255 (rings are [7:0]; 0xFF names no ring in ev_q_o)");
  end
  if (DescCache < 2 || DescCache > 16 || (DescCache & (DescCache - 1)) != 0)
  begin : gen_cache_check
    $error("DescCache must be a power of two in 2..16");
  end
  if (WireBufBytes < 16384 || LoopBufBytes < 16384) begin : gen_buf_check
    $error("the frame buffers must hold a FRAME_MAX_BYTES frame (>= 16 KiB)");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // Ring registers
  // ---------------------------------------------------------------------------------------
  // engine ports: 0 refill TAKE (descriptor cache), 1 dispatch READ, 2 completion HADV,
  // 3 refill ERR; every source holds its request until op_ready
  localparam int unsigned NumPorts = 4;
  localparam logic [2:0] OpTake = 3'd0;
  localparam logic [2:0] OpHadv = 3'd1;
  localparam logic [2:0] OpErr  = 3'd2;
  localparam logic [2:0] OpRead = 3'd3;

  logic [NumPorts-1:0]      op_valid, op_ready;
  logic [NumPorts-1:0][2:0] op_code;
  logic [NumPorts-1:0][7:0] op_q;
  logic [NumPorts-1:0][4:0] op_n;
  logic [NumPorts-1:0][3:0] op_gen, op_err;
  logic                     work_valid, work_ready;
  logic [7:0]               work_q;
  logic                     ans_valid, ans_ok, ans_irq_en;
  logic [1:0]               ans_port;
  logic [7:0]               ans_q;
  logic [63:0]              ans_base;
  logic [3:0]               ans_log2, ans_gen;
  logic [11:0]              ans_idx, ans_vector, ans_fetch, ans_tail;
  logic [4:0]               ans_n;
  logic [13:0]              ans_buf_size;
  logic                     rings_busy, rings_ack;

  // TAKE (port 0), from the descriptor cache
  logic       tk_valid;
  logic [7:0] tk_q;
  logic [4:0] tk_n;
  // READ (port 1), dispatch
  logic       rq_valid_q, rq_valid_d;
  logic [7:0] rq_q_q, rq_q_d;
  // HADV (port 2), completions queued
  logic       hq_in_ready, hq_valid;
  logic [16:0] hq_out;
  // ERR (port 3), from the descriptor cache
  logic       er_valid;
  logic [7:0] er_q;
  logic [3:0] er_gen;

  assign op_valid = {er_valid, hq_valid, rq_valid_q, tk_valid};
  assign op_code  = {OpErr, OpHadv, OpRead, OpTake};
  assign op_q     = {er_q, hq_out[7:0], rq_q_q, tk_q};
  assign op_n     = {5'd0, hq_out[12:8], 5'd0, tk_n};
  assign op_gen   = {er_gen, hq_out[16:13], 4'd0, 4'd0};
  assign op_err   = {4'(vfnic_regs_pkg::QERR_DMA), 4'd0, 4'd0, 4'd0};

  vfnic_rings #(
    .NumQp    (NumQp),
    .NumFuncs (NumFuncs),
    .IsRx     (1),
    .NumPorts (NumPorts)
  ) u_rings (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .reg_req_i      (reg_req_i),
    .reg_we_i       (reg_we_i),
    .reg_q_i        (reg_q_i),
    .reg_off_i      (reg_off_i),
    .reg_be_i       (reg_be_i),
    .reg_wdata_i    (reg_wdata_i),
    .reg_ack_o      (rings_ack),
    .reg_rdata_o    (reg_rdata_o),
    .reg_hit_o      (reg_hit_o),
    .en_o           (en_o),
    .work_valid_o   (work_valid),
    .work_q_o       (work_q),
    .work_ready_i   (work_ready),
    .op_valid_i     (op_valid),
    .op_ready_o     (op_ready),
    .op_code_i      (op_code),
    .op_q_i         (op_q),
    .op_n_i         (op_n),
    .op_gen_i       (op_gen),
    .op_err_i       (op_err),
    .ans_valid_o    (ans_valid),
    .ans_port_o     (ans_port),
    .ans_q_o        (ans_q),
    .ans_ok_o       (ans_ok),
    .ans_base_o     (ans_base),
    .ans_log2_o     (ans_log2),
    .ans_idx_o      (ans_idx),
    .ans_n_o        (ans_n),
    .ans_gen_o      (ans_gen),
    .ans_irq_en_o   (ans_irq_en),
    .ans_vector_o   (ans_vector),
    .ans_buf_size_o (ans_buf_size),
    .ans_fetch_o    (ans_fetch),
    .ans_tail_o     (ans_tail),
    .own_we_i       (own_we_i),
    .own_q_i        (own_q_i),
    .own_func_i     (own_func_i),
    .freset_i       (freset_i),
    .bad_tail_o     (bad_tail_o),
    .bad_tail_q_o   (bad_tail_q_o),
    .busy_o         (rings_busy)
  );

  assign reg_ack_o = rings_ack;

  // a register write to an existing ring was done: it may wake the ring's refill
  logic regw_valid;
  assign regw_valid = rings_ack && reg_req_i && reg_we_i && 32'(reg_q_i) < NumQp;

  // completions: HEAD += pieces with the frame's gen, queued until the HADV port takes them
  logic        hq_push;
  logic [16:0] hq_in;
  logic [$clog2(4 + 2)-1:0] hq_count;

  vfnic_fifo #(
    .Width(17),
    .Depth(4)
  ) u_hadvq (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (hq_push),
    .in_ready_o (hq_in_ready),
    .in_data_i  (hq_in),
    .out_valid_o(hq_valid),
    .out_ready_i(op_ready[2]),
    .out_data_o (hq_out),
    .count_o    (hq_count)
  );

  // TAKE answers go to the cache, READ answers to dispatch (HEAD, FETCH, TAIL, n not needed)
  logic unused_ans;
  assign unused_ans = ^{ans_fetch, ans_tail};

  // ---------------------------------------------------------------------------------------
  // Frame buffers
  // ---------------------------------------------------------------------------------------
  logic [1:0]                 fb_valid, fb_take, fb_rel, fb_rd_en, fb_empty, fb_ovf;
  logic [1:0][Aw-1:0]         fb_start, fb_rd_addr;
  logic [1:0][13:0]           fb_len;
  logic [1:0][NumFuncs-1:0]   fb_mask;
  logic [1:0][1:0]            fb_how;
  logic [1:0][15:0]           fb_tci;
  logic [1:0]                 fb_tagged;
  logic [1:0][3:0]            fb_hash;
  logic [1:0][127:0]          fb_rd_data;
  logic [WireAw-1:0]          w_start;
  logic [LoopAw-1:0]          l_start;
  logic                       w_ready;

  vfnic_rxq_ibuf #(
    .NumFuncs (NumFuncs),
    .BufBytes (WireBufBytes),
    .HasReady (1'b0)
  ) u_wire (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (wi_valid_i),
    .in_data_i   (wi_data_i),
    .in_keep_i   (wi_keep_i),
    .in_last_i   (wi_last_i),
    .in_abort_i  (wi_abort_i),
    .in_mask_i   (wi_mask_i),
    .in_how_i    (wi_how_i),
    .in_tci_i    (wi_tci_i),
    .in_tagged_i (wi_tagged_i),
    .in_hash_i   (wi_hash_i),
    .in_ready_o  (w_ready),
    .ovf_o       (fb_ovf[0]),
    .fr_valid_o  (fb_valid[0]),
    .fr_start_o  (w_start),
    .fr_len_o    (fb_len[0]),
    .fr_mask_o   (fb_mask[0]),
    .fr_how_o    (fb_how[0]),
    .fr_tci_o    (fb_tci[0]),
    .fr_tagged_o (fb_tagged[0]),
    .fr_hash_o   (fb_hash[0]),
    .fr_take_i   (fb_take[0]),
    .rel_i       (fb_rel[0]),
    .rd_en_i     (fb_rd_en[0]),
    .rd_addr_i   (WireAw'(fb_rd_addr[0])),
    .rd_data_o   (fb_rd_data[0]),
    .empty_o     (fb_empty[0])
  );

  vfnic_rxq_ibuf #(
    .NumFuncs (NumFuncs),
    .BufBytes (LoopBufBytes),
    .HasReady (1'b1)
  ) u_loop (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .in_valid_i  (li_valid_i),
    .in_data_i   (li_data_i),
    .in_keep_i   (li_keep_i),
    .in_last_i   (li_last_i),
    .in_abort_i  (li_abort_i),
    .in_mask_i   (li_mask_i),
    .in_how_i    (li_how_i),
    .in_tci_i    (li_tci_i),
    .in_tagged_i (li_tagged_i),
    .in_hash_i   (li_hash_i),
    .in_ready_o  (li_ready_o),
    .ovf_o       (fb_ovf[1]),
    .fr_valid_o  (fb_valid[1]),
    .fr_start_o  (l_start),
    .fr_len_o    (fb_len[1]),
    .fr_mask_o   (fb_mask[1]),
    .fr_how_o    (fb_how[1]),
    .fr_tci_o    (fb_tci[1]),
    .fr_tagged_o (fb_tagged[1]),
    .fr_hash_o   (fb_hash[1]),
    .fr_take_i   (fb_take[1]),
    .rel_i       (fb_rel[1]),
    .rd_en_i     (fb_rd_en[1]),
    .rd_addr_i   (LoopAw'(fb_rd_addr[1])),
    .rd_data_o   (fb_rd_data[1]),
    .empty_o     (fb_empty[1])
  );

  assign fb_start[0] = Aw'(w_start);
  assign fb_start[1] = Aw'(l_start);
  assign ovf_o       = fb_ovf[0];

  // the wire has no ready; the loop buffer cannot overflow (its ready keeps room) and frames
  // longer than 16383 bytes do not come from eth_tx
  logic unused_fb;
  assign unused_fb = ^{w_ready, fb_ovf[1], fb_rd_addr};

  // ---------------------------------------------------------------------------------------
  // Descriptor cache
  // ---------------------------------------------------------------------------------------
  logic                 lk_live;
  logic [CntWidth-1:0]  lk_cnt;
  logic [11:0]          lk_idx;
  logic                 use_valid;
  logic [CntWidth-1:0]  use_n;
  logic [7:0]           ard_q;
  logic [SlotWidth-1:0] ard_slot;
  logic [63:0]          ard_addr;
  logic                 hrel_valid;
  logic [7:0]           hrel_q;
  logic [CntWidth-1:0]  hrel_n;
  logic                 dc_idle;

  // the READ answer of the ring of the pool being decided
  logic                 ra_valid_q, ra_valid_d;
  logic                 rq_wait_q, rq_wait_d;    // READ accepted, answer not yet here
  logic                 rq_stale_q, rq_stale_d;  // ... and no longer wanted
  logic [7:0]           ra_q_q;
  logic                 ra_ok_q, ra_irq_en_q;
  logic [63:0]          ra_base_q;
  logic [3:0]           ra_log2_q, ra_gen_q;
  logic [11:0]          ra_vector_q;
  logic [13:0]          ra_bs_q;

  vfnic_rxq_dcache #(
    .NumQp     (NumQp),
    .DescCache (DescCache)
  ) u_dcache (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .own_we_i          (own_we_i),
    .own_q_i           (own_q_i),
    .own_func_i        (own_func_i),
    .work_valid_i      (work_valid),
    .work_q_i          (work_q),
    .work_ready_o      (work_ready),
    .tk_valid_o        (tk_valid),
    .tk_q_o            (tk_q),
    .tk_n_o            (tk_n),
    .tk_ready_i        (op_ready[0]),
    .er_valid_o        (er_valid),
    .er_q_o            (er_q),
    .er_gen_o          (er_gen),
    .er_ready_i        (op_ready[3]),
    .ans_valid_i       (ans_valid),
    .ans_take_i        (ans_port == 2'd0),
    .ans_q_i           (ans_q),
    .ans_ok_i          (ans_ok),
    .ans_base_i        (ans_base),
    .ans_idx_i         (ans_idx),
    .ans_n_i           (ans_n),
    .ans_gen_i         (ans_gen),
    .regw_valid_i      (regw_valid),
    .regw_q_i          (reg_q_i),
    .drd_req_valid_o   (drd_req_valid_o),
    .drd_req_addr_o    (drd_req_addr_o),
    .drd_req_len_o     (drd_req_len_o),
    .drd_req_func_o    (drd_req_func_o),
    .drd_req_cookie_o  (drd_req_cookie_o),
    .drd_req_ready_i   (drd_req_ready_i),
    .drd_cpl_valid_i   (drd_cpl_valid_i),
    .drd_cpl_cookie_i  (drd_cpl_cookie_i),
    .drd_cpl_dw_off_i  (drd_cpl_dw_off_i),
    .drd_cpl_dws_i     (drd_cpl_dws_i),
    .drd_cpl_data_i    (drd_cpl_data_i),
    .drd_done_valid_i  (drd_done_valid_i),
    .drd_done_cookie_i (drd_done_cookie_i),
    .drd_done_err_i    (drd_done_err_i),
    .lk_q_i            (ra_q_q),
    .lk_log2_i         (ra_log2_q),
    .lk_gen_i          (ra_gen_q),
    .lk_live_o         (lk_live),
    .lk_cnt_o          (lk_cnt),
    .lk_idx_o          (lk_idx),
    .use_valid_i       (use_valid),
    .use_q_i           (ra_q_q),
    .use_n_i           (use_n),
    .use_log2_i        (ra_log2_q),
    .ard_q_i           (ard_q),
    .ard_slot_i        (ard_slot),
    .ard_addr_o        (ard_addr),
    .rel_valid_i       (hrel_valid),
    .rel_q_i           (hrel_q),
    .rel_n_i           (hrel_n),
    .idle_o            (dc_idle)
  );

  // ---------------------------------------------------------------------------------------
  // Dispatch: one pool decision per cycle
  // ---------------------------------------------------------------------------------------
  // the frame being dispatched
  logic                 fr_valid_q, fr_valid_d;
  logic                 fr_buf_q, fr_buf_d;        // 0 wire, 1 loop
  logic [Aw-1:0]        fr_start_q, fr_start_d;
  logic [13:0]          fr_len_q, fr_len_d;
  logic [NumFuncs-1:0]  fr_rem_q, fr_rem_d;        // pools still to decide
  logic [1:0]           fr_how_q, fr_how_d;
  logic [15:0]          fr_tci_q, fr_tci_d;
  logic                 fr_tagged_q, fr_tagged_d;
  logic [3:0]           fr_hash_q, fr_hash_d;
  logic                 turn_q, turn_d;            // input served next when both have frames

  // job: one (frame, pool) for the frame builder, or a frame release only
  typedef struct packed {
    logic                 deliver;
    logic                 release_buf;  // the frame's last job: free its buffer space after
    logic                 kill;
    logic                 buf_sel;
    logic [Aw-1:0]        start;
    logic [13:0]          len;
    logic [7:0]           q;
    logic [6:0]           func;
    logic [CntWidth-1:0]  n;
    logic [11:0]          idx0;         // ring index of the first descriptor
    logic [3:0]           log2;
    logic [63:0]          base;
    logic [13:0]          bs;
    logic [13:0]          last_len;     // bytes in the last piece
    logic [3:0]           gen;
    logic [1:0]           how;
    logic [15:0]          tci;
    logic                 tag;
    logic                 irq_en;
    logic [11:0]          vec;
  } job_t;

  job_t job_q, job_d;
  logic job_valid_q, job_valid_d;
  logic job_take;      // the builder takes job_q this cycle
  logic job_free;

  // outputs of the completion path, registered
  logic        ev_valid_q, ev_valid_d;
  logic [7:0]  ev_q_q, ev_q_d;
  logic [6:0]  ev_func_q, ev_func_d;
  logic [13:0] ev_bytes_q, ev_bytes_d;
  logic [2:0]  ev_code_q, ev_code_d;
  logic        irq_valid_q, irq_valid_d;
  logic [6:0]  irq_func_q, irq_func_d;
  logic [11:0] irq_vec_q, irq_vec_d;
  logic        pop_cmpl;    // a builder completion leaves the output queue: it owns ev

  // pool decision
  logic [FW-1:0]  dp;
  logic           dp_last;
  logic [10:0]    dq11;
  logic [3:0]     dloc;
  logic           dring_ok;
  logic [QW-1:0]  dqi;
  logic [6:0]     downer;
  logic [DescCache:0][17:0] dmul;        // k * BUF_SIZE
  logic [CntWidth-1:0] dn;
  logic           dn_fit;
  logic [13:0]    dlast_len;
  logic           d_over, d_down, d_nodesc, d_read, d_ans;

  always_comb begin
    dp = '0;
    for (int p = NumFuncs - 1; p >= 0; p--) begin
      if (fr_rem_q[p]) dp = FW'(p);
    end
  end

  assign dp_last = (fr_rem_q & ~(NumFuncs'(1) << dp)) == '0;
  assign dloc    = !func_qsel_hash_i[dp] ? 4'd0 :
                   (func_qp_count_i[dp] == 5'd0) ? 4'd0 :
                   4'(5'(fr_hash_q) % func_qp_count_i[dp]);
  assign dq11    = 11'(func_qp_base_i[dp]) + 11'(dloc);
  assign dqi     = QW'(dq11);
  assign dring_ok = func_qp_count_i[dp] != 5'd0 && 32'(dq11) < NumQp &&
                    32'(downer) == 32'(dp);

  // the owner of the picked pair, from this block's copy of QP_OWNER
  vfnic_owner_copy #(
    .NumQp(NumQp),
    .Reads(1)
  ) u_owner (
    .clk_i     (clk_i),
    .own_we_i  (own_we_i),
    .own_q_i   (own_q_i),
    .own_func_i(own_func_i),
    .q_i       (dqi),
    .func_o    (downer)
  );

  // pieces: the smallest k <= DescCache with len <= k * BUF_SIZE
  always_comb begin
    dn        = '0;
    dn_fit    = 1'b0;
    dlast_len = fr_len_q;
    for (int k = 0; k <= DescCache; k++) begin
      dmul[k] = 18'(k) * 18'(ra_bs_q);
    end
    for (int k = DescCache; k >= 1; k--) begin
      if (18'(fr_len_q) <= dmul[k]) begin
        dn        = CntWidth'(k);
        dn_fit    = 1'b1;
        dlast_len = 14'(18'(fr_len_q) - dmul[k - 1]);
      end
    end
  end

  assign d_over   = fr_len_q > func_max_frame_i[dp];
  assign d_down   = !func_rx_ok_i[dp] || freset_i[dp];
  // the pool's ring needs a READ unless the decision is made without it
  assign d_read   = !d_over && !d_down && dring_ok;
  assign d_ans    = ra_valid_q && ra_q_q == 8'(dq11);
  assign d_nodesc = !dring_ok || !ra_ok_q || !lk_live || !dn_fit || lk_cnt < dn;

  always_comb begin
    logic fin;      // the frame's last decision is made this cycle
    logic sel;
    logic decided;  // a pool's decision is made this cycle
    fr_valid_d  = fr_valid_q;
    fr_buf_d    = fr_buf_q;
    fr_start_d  = fr_start_q;
    fr_len_d    = fr_len_q;
    fr_rem_d    = fr_rem_q;
    fr_how_d    = fr_how_q;
    fr_tci_d    = fr_tci_q;
    fr_tagged_d = fr_tagged_q;
    fr_hash_d   = fr_hash_q;
    turn_d      = turn_q;
    fb_take     = '0;
    use_valid   = 1'b0;
    use_n       = dn;
    fin         = 1'b0;
    sel         = 1'b0;
    decided     = 1'b0;
    rq_valid_d  = rq_valid_q && !op_ready[1];
    rq_q_d      = rq_q_q;
    rq_wait_d   = rq_wait_q || (rq_valid_q && op_ready[1]);
    rq_stale_d  = rq_stale_q;
    ra_valid_d  = ra_valid_q && fr_valid_q;

    job_valid_d = job_valid_q && !job_take;
    job_d       = job_q;
    if (job_valid_q && freset_i[FW'(job_q.func)]) begin
      job_d.kill = 1'b1;
    end

    ev_valid_d = 1'b0;
    ev_q_d     = ev_q_q;
    ev_func_d  = ev_func_q;
    ev_bytes_d = ev_bytes_q;
    ev_code_d  = ev_code_q;

    if (fr_valid_q) begin
      if (fr_rem_q == '0) begin
        // no pool (never from eth_rx): just free the space, in order with the jobs
        if (job_free) begin
          fin         = 1'b1;
          job_valid_d = 1'b1;
          job_d       = '0;
          job_d.release_buf = 1'b1;
          job_d.buf_sel     = fr_buf_q;
        end
      end else if (d_read && !d_ans) begin
        // READ the pool's ring (an answer for another ring is of no use: read again)
        ra_valid_d = 1'b0;
        if (!rq_valid_q && !rq_wait_q && !ra_valid_q) begin
          rq_valid_d = 1'b1;
          rq_q_d     = 8'(dq11);
        end
      end else if (d_read && !d_nodesc) begin
        if (job_free) begin
          decided     = 1'b1;
          fin         = dp_last;
          use_valid   = 1'b1;
          job_valid_d = 1'b1;
          job_d.deliver     = 1'b1;
          job_d.release_buf = dp_last;
          job_d.kill        = 1'b0;
          job_d.buf_sel     = fr_buf_q;
          job_d.start       = fr_start_q;
          job_d.len         = fr_len_q;
          job_d.q           = 8'(dq11);
          job_d.func        = 7'(dp);
          job_d.n           = dn;
          job_d.idx0        = lk_idx;
          job_d.log2        = ra_log2_q;
          job_d.base        = ra_base_q;
          job_d.bs          = ra_bs_q;
          job_d.last_len    = dlast_len;
          job_d.gen         = ra_gen_q;
          job_d.how         = fr_how_q;
          job_d.tci         = fr_tci_q;
          job_d.tag         = fr_tagged_q;
          job_d.irq_en      = ra_irq_en_q;
          job_d.vec         = ra_vector_q;
          fr_rem_d[dp]      = 1'b0;
        end
      end else if (!pop_cmpl && (!dp_last || job_free)) begin
        decided      = 1'b1;
        ev_valid_d   = 1'b1;
        ev_q_d       = dring_ok ? 8'(dq11) : 8'hFF;
        ev_func_d    = 7'(dp);
        ev_bytes_d   = fr_len_q;
        ev_code_d    = d_over ? EvOversize : d_down ? EvDown : EvNoDesc;
        fr_rem_d[dp] = 1'b0;
        if (dp_last) begin
          fin         = 1'b1;
          job_valid_d = 1'b1;
          job_d       = '0;
          job_d.release_buf = 1'b1;
          job_d.buf_sel     = fr_buf_q;
        end
      end
    end

    if (decided) begin
      ra_valid_d = 1'b0;
    end
    // the READ answer: kept for the pool that asked, unless it was decided without it
    if (ans_valid && ans_port == 2'd1) begin
      rq_wait_d  = 1'b0;
      rq_stale_d = 1'b0;
      if (!rq_stale_q && !decided && fr_valid_q) begin
        ra_valid_d = 1'b1;
      end
    end else if (decided && (rq_valid_q || rq_wait_q)) begin
      rq_stale_d = 1'b1;
    end

    // take the next frame, alternating between the inputs
    if (!fr_valid_q || fin) begin
      fr_valid_d = 1'b0;
      if (fb_valid[0] || fb_valid[1]) begin
        sel         = fb_valid[1] && (!fb_valid[0] || turn_q);
        fb_take[sel] = 1'b1;
        turn_d      = !sel;
        fr_valid_d  = 1'b1;
        fr_buf_d    = sel;
        fr_start_d  = fb_start[sel];
        fr_len_d    = fb_len[sel];
        fr_rem_d    = fb_mask[sel];
        fr_how_d    = fb_how[sel];
        fr_tci_d    = fb_tci[sel];
        fr_tagged_d = fb_tagged[sel];
        fr_hash_d   = fb_hash[sel];
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Frame builder: one beat (or one completion-only entry) per cycle into the output queue
  // ---------------------------------------------------------------------------------------
  typedef struct packed {
    logic                beat;     // a dwr beat (else only a completion)
    logic                mem;      // data from the frame buffer (else wb)
    logic                buf_sel;
    logic                sof;
    logic                last;
    logic [63:0]         addr;
    logic [13:0]         len;
    logic [6:0]          func;
    logic                cmpl;     // the (frame, pool) is finished when this leaves
    logic                c_hadv;
    logic [2:0]          c_code;
    logic [7:0]          c_q;
    logic [13:0]         c_bytes;
    logic [4:0]          c_n;
    logic [3:0]          c_gen;
    logic                c_irq;
    logic [11:0]         c_vec;
  } beat_t;

  job_t                g_q, g_d;         // the job being built
  logic                g_act_q, g_act_d;
  logic                g_wb_q, g_wb_d;   // write-back phase
  logic [CntWidth-1:0] g_piece_q, g_piece_d;
  logic [9:0]          g_beat_q, g_beat_d;
  logic [13:0]         g_off_q, g_off_d; // frame byte offset of the piece
  logic [CntWidth-1:0] g_wbj_q, g_wbj_d;

  logic                iss_valid;        // a beat goes to the read stage
  beat_t               iss;
  logic [127:0]        iss_wb;
  logic [Aw-1:0]       iss_word;

  logic                r_valid_q;        // read stage (frame buffer read in flight)
  beat_t               r_q;
  logic [127:0]        r_wb_q;

  // output queue
  beat_t  [FifoDepth-1:0]        f_q, f_d;
  logic   [FifoDepth-1:0][127:0] fd_q, fd_d;
  logic   [1:0]                  f_rd_q, f_rd_d, f_wr_q, f_wr_d;
  logic   [2:0]                  f_cnt_q, f_cnt_d;
  logic                          f_pop;
  logic                          f_go;
  beat_t                         f_head;

  logic          credit;
  logic [11:0]   g_mask;
  logic [13:0]   g_piece_len;
  logic [9:0]    g_nbeats_m1;
  logic [11:0]   g_idx;          // ring index of this write-back / this piece's descriptor
  logic [12:0]   g_run;          // descriptors to the ring end from g_idx
  logic          g_boundary;     // at a request boundary
  logic          g_final_piece;

  assign credit        = 32'(f_cnt_q) + 32'(r_valid_q) < FifoDepth;
  assign g_mask        = (g_q.log2 >= 4'd12) ? 12'hFFF : 12'((16'd1 << g_q.log2) - 16'd1);
  assign g_piece_len   = (g_q.len - g_off_q < g_q.bs) ? g_q.len - g_off_q : g_q.bs;
  assign g_nbeats_m1   = 10'((g_piece_len - 14'd1) >> 4);
  assign g_idx         = (g_q.idx0 + (g_wb_q ? 12'(g_wbj_q) : 12'(g_piece_q))) & g_mask;
  assign g_run         = 13'(g_mask) + 13'd1 - 13'(g_idx);
  assign g_boundary    = g_wb_q ? (g_wbj_q == '0 || g_idx == '0) : (g_beat_q == '0);
  assign g_final_piece = g_piece_q == g_q.n - 1'b1;
  assign iss_word      = g_q.start + Aw'(g_off_q >> 4) + Aw'(g_beat_q);
  // the descriptor cache reads addresses with a registered read: it is given the piece of the
  // next cycle (g_d), so ard_addr is the address of this cycle's piece
  assign ard_q         = g_d.q;
  assign ard_slot      = SlotWidth'((g_d.idx0 + 12'(g_piece_d)) &
                                    ((g_d.log2 >= 4'd12) ? 12'hFFF :
                                     12'((16'd1 << g_d.log2) - 16'd1)));

  always_comb begin
    logic fin;
    logic [CntWidth-1:0] m;
    g_d        = g_q;
    g_act_d    = g_act_q;
    g_wb_d     = g_wb_q;
    g_piece_d  = g_piece_q;
    g_beat_d   = g_beat_q;
    g_off_d    = g_off_q;
    g_wbj_d    = g_wbj_q;
    iss_valid  = 1'b0;
    iss        = '0;
    iss_wb     = '0;
    hrel_valid = 1'b0;
    hrel_q     = g_q.q;
    hrel_n     = '0;
    fb_rel     = '0;
    job_take   = 1'b0;
    fin        = 1'b0;
    m          = '0;

    if (g_act_q && g_q.deliver && freset_i[FW'(g_q.func)]) begin
      g_d.kill = 1'b1;
    end

    if (g_act_q) begin
      if (!g_q.deliver) begin
        fin = 1'b1;
      end else if ((g_q.kill || freset_i[FW'(g_q.func)]) && g_boundary) begin
        // the function was reset: send nothing more, give back the unread descriptors
        if (credit) begin
          fin            = 1'b1;
          iss_valid      = 1'b1;
          iss.cmpl       = 1'b1;
          iss.c_code     = EvDown;
          iss.c_q        = g_q.q;
          iss.func       = g_q.func;
          iss.c_bytes    = g_q.len;
          if (!g_wb_q) begin
            hrel_valid = 1'b1;
            hrel_n     = g_q.n - g_piece_q;
          end
        end
      end else if (credit) begin
        iss_valid = 1'b1;
        iss.beat  = 1'b1;
        iss.func  = g_q.func;
        if (!g_wb_q) begin
          // frame data, piece g_piece_q
          iss.mem     = 1'b1;
          iss.buf_sel = g_q.buf_sel;
          iss.sof     = g_beat_q == '0;
          iss.last    = g_beat_q == g_nbeats_m1;
          iss.addr    = ard_addr;
          iss.len     = g_piece_len;
          if (g_beat_q == '0) begin
            hrel_valid = 1'b1;
            hrel_n     = CntWidth'(1);
          end
          if (iss.last) begin
            g_beat_d  = '0;
            g_piece_d = g_piece_q + 1'b1;
            g_off_d   = g_off_q + g_q.bs;
            if (g_final_piece) begin
              g_wb_d  = 1'b1;
              g_wbj_d = '0;
            end
          end else begin
            g_beat_d = g_beat_q + 10'd1;
          end
        end else begin
          // write-back of descriptor g_wbj_q
          m = g_q.n - g_wbj_q;
          if (32'(g_run) < 32'(m)) m = CntWidth'(g_run);
          iss.sof  = g_wbj_q == '0 || g_idx == '0;
          iss.last = g_wbj_q == g_q.n - 1'b1 || g_idx == g_mask;
          iss.addr = g_q.base + {48'h0, g_idx, 4'h0};
          iss.len  = 14'({m, 4'h0});
          iss_wb[32 * vfnic_regs_pkg::RXD_LEN_DW + vfnic_regs_pkg::RXD_LEN_LSB +: 16] =
              {2'b00, (g_wbj_q == g_q.n - 1'b1) ? g_q.last_len : g_q.bs};
          iss_wb[32 * vfnic_regs_pkg::RXD_VLAN_DW + vfnic_regs_pkg::RXD_VLAN_LSB +: 16] =
              g_q.tci;
          iss_wb[32 * vfnic_regs_pkg::RXD_TAGGED_DW + vfnic_regs_pkg::RXD_TAGGED_LSB] =
              g_q.tag;
          iss_wb[32 * vfnic_regs_pkg::RXD_HOW_DW + vfnic_regs_pkg::RXD_HOW_LSB +: 2] = g_q.how;
          iss_wb[32 * vfnic_regs_pkg::RXD_DD_DW + vfnic_regs_pkg::RXD_DD_LSB] = 1'b1;
          iss_wb[32 * vfnic_regs_pkg::RXD_EOP_DW + vfnic_regs_pkg::RXD_EOP_LSB] =
              g_wbj_q == g_q.n - 1'b1;
          iss_wb[32 * vfnic_regs_pkg::RXD_ERR_DW + vfnic_regs_pkg::RXD_ERR_LSB +: 4] =
              4'(vfnic_regs_pkg::RXERR_OK);
          g_wbj_d = g_wbj_q + 1'b1;
          if (g_wbj_q == g_q.n - 1'b1) begin
            fin         = 1'b1;
            iss.cmpl    = 1'b1;
            iss.c_hadv  = 1'b1;
            iss.c_code  = EvOk;
            iss.c_q     = g_q.q;
            iss.c_bytes = g_q.len;
            iss.c_n     = 5'(g_q.n);
            iss.c_gen   = g_q.gen;
            iss.c_irq   = g_q.irq_en;
            iss.c_vec   = g_q.vec;
          end
        end
      end
    end

    if (fin && g_q.release_buf) begin
      fb_rel[g_q.buf_sel] = 1'b1;
    end

    // next job
    if (!g_act_q || fin) begin
      g_act_d   = job_valid_q;
      job_take  = job_valid_q;
      g_d       = job_q;
      if (job_valid_q && freset_i[FW'(job_q.func)]) begin
        g_d.kill = 1'b1;
      end
      g_wb_d    = 1'b0;
      g_piece_d = '0;
      g_beat_d  = '0;
      g_off_d   = '0;
      g_wbj_d   = '0;
    end
  end

  assign job_free = !job_valid_q || job_take;

  // frame buffer reads for data beats
  always_comb begin
    fb_rd_en   = '0;
    fb_rd_addr = '0;
    for (int b = 0; b < 2; b++) begin
      fb_rd_en[b]   = iss_valid && iss.mem && iss.buf_sel == b[0];
      fb_rd_addr[b] = iss_word;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Output queue and completions
  // ---------------------------------------------------------------------------------------
  assign f_head   = f_q[f_rd_q];
  // a completion with a HEAD advance leaves only when the HADV queue has a place
  assign f_go     = !(f_head.cmpl && f_head.c_hadv) || hq_in_ready;
  assign f_pop    = f_cnt_q != '0 && f_go && (!f_head.beat || dwr_ready_i);
  assign pop_cmpl = f_pop && f_head.cmpl;

  always_comb begin
    f_d     = f_q;
    fd_d    = fd_q;
    f_wr_d  = f_wr_q;
    f_rd_d  = f_rd_q;
    f_cnt_d = f_cnt_q;
    if (r_valid_q) begin
      // the entry at f_wr_q, written at a constant index (no shifter over the whole queue)
      for (int k = 0; k < FifoDepth; k++) begin
        if (32'(f_wr_q) == k) begin
          f_d[k]  = r_q;
          fd_d[k] = r_q.mem ? fb_rd_data[r_q.buf_sel] : r_wb_q;
        end
      end
      f_wr_d = f_wr_q + 2'd1;
    end
    if (f_pop) begin
      f_rd_d = f_rd_q + 2'd1;
    end
    f_cnt_d = f_cnt_q + 3'(r_valid_q) - 3'(f_pop);
  end

  always_comb begin
    hq_push      = pop_cmpl && f_head.c_hadv;
    hq_in        = {f_head.c_gen, f_head.c_n, f_head.c_q};
    irq_valid_d  = pop_cmpl && f_head.c_irq;
    irq_func_d   = f_head.func;
    irq_vec_d    = f_head.c_vec;
  end

  // a completion leaving the queue takes the event port (dispatch drops wait a cycle)
  logic        ev_valid_n;
  logic [7:0]  ev_q_n;
  logic [6:0]  ev_func_n;
  logic [13:0] ev_bytes_n;
  logic [2:0]  ev_code_n;

  always_comb begin
    ev_valid_n = ev_valid_d;
    ev_q_n     = ev_q_d;
    ev_func_n  = ev_func_d;
    ev_bytes_n = ev_bytes_d;
    ev_code_n  = ev_code_d;
    if (pop_cmpl) begin
      ev_valid_n = 1'b1;
      ev_q_n     = f_head.c_q;
      ev_func_n  = f_head.func;
      ev_bytes_n = f_head.c_bytes;
      ev_code_n  = f_head.c_code;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rq_valid_q   <= 1'b0;
      rq_q_q       <= '0;
      rq_wait_q    <= 1'b0;
      rq_stale_q   <= 1'b0;
      ra_valid_q   <= 1'b0;
      fr_valid_q   <= 1'b0;
      fr_buf_q     <= 1'b0;
      fr_start_q   <= '0;
      fr_len_q     <= '0;
      fr_rem_q     <= '0;
      fr_how_q     <= '0;
      fr_tci_q     <= '0;
      fr_tagged_q  <= 1'b0;
      fr_hash_q    <= '0;
      turn_q       <= 1'b0;
      job_valid_q  <= 1'b0;
      job_q        <= '0;
      g_q          <= '0;
      g_act_q      <= 1'b0;
      g_wb_q       <= 1'b0;
      g_piece_q    <= '0;
      g_beat_q     <= '0;
      g_off_q      <= '0;
      g_wbj_q      <= '0;
      r_valid_q    <= 1'b0;
      r_q          <= '0;
      r_wb_q       <= '0;
      f_q          <= '0;
      fd_q         <= '0;
      f_rd_q       <= '0;
      f_wr_q       <= '0;
      f_cnt_q      <= '0;
      irq_valid_q  <= 1'b0;
      irq_func_q   <= '0;
      irq_vec_q    <= '0;
      ev_valid_q   <= 1'b0;
      ev_q_q       <= '0;
      ev_func_q    <= '0;
      ev_bytes_q   <= '0;
      ev_code_q    <= '0;
    end else begin
      rq_valid_q   <= rq_valid_d;
      rq_q_q       <= rq_q_d;
      rq_wait_q    <= rq_wait_d;
      rq_stale_q   <= rq_stale_d;
      ra_valid_q   <= ra_valid_d;
      fr_valid_q   <= fr_valid_d;
      fr_buf_q     <= fr_buf_d;
      fr_start_q   <= fr_start_d;
      fr_len_q     <= fr_len_d;
      fr_rem_q     <= fr_rem_d;
      fr_how_q     <= fr_how_d;
      fr_tci_q     <= fr_tci_d;
      fr_tagged_q  <= fr_tagged_d;
      fr_hash_q    <= fr_hash_d;
      turn_q       <= turn_d;
      job_valid_q  <= job_valid_d;
      job_q        <= job_d;
      g_q          <= g_d;
      g_act_q      <= g_act_d;
      g_wb_q       <= g_wb_d;
      g_piece_q    <= g_piece_d;
      g_beat_q     <= g_beat_d;
      g_off_q      <= g_off_d;
      g_wbj_q      <= g_wbj_d;
      r_valid_q    <= iss_valid;
      r_q          <= iss;
      r_wb_q       <= iss_wb;
      f_q          <= f_d;
      fd_q         <= fd_d;
      f_rd_q       <= f_rd_d;
      f_wr_q       <= f_wr_d;
      f_cnt_q      <= f_cnt_d;
      irq_valid_q  <= irq_valid_d;
      irq_func_q   <= irq_func_d;
      irq_vec_q    <= irq_vec_d;
      ev_valid_q   <= ev_valid_n;
      ev_q_q       <= ev_q_n;
      ev_func_q    <= ev_func_n;
      ev_bytes_q   <= ev_bytes_n;
      ev_code_q    <= ev_code_n;
    end
  end

  // the READ answer's fields (qualified by ra_valid_q)
  always_ff @(posedge clk_i) begin
    if (ans_valid && ans_port == 2'd1) begin
      ra_q_q      <= ans_q;
      ra_ok_q     <= ans_ok;
      ra_base_q   <= ans_base;
      ra_log2_q   <= ans_log2;
      ra_gen_q    <= ans_gen;
      ra_irq_en_q <= ans_irq_en;
      ra_vector_q <= ans_vector;
      ra_bs_q     <= ans_buf_size;
    end
  end

  // mem/buf_sel only steer the read stage
  logic unused_head;
  assign unused_head = ^{f_head.mem, f_head.buf_sel};

  assign dwr_valid_o = f_cnt_q != '0 && f_head.beat && f_go;
  assign dwr_sof_o   = f_head.sof;
  assign dwr_addr_o  = f_head.addr;
  assign dwr_len_o   = f_head.len;
  assign dwr_func_o  = f_head.func;
  assign dwr_data_o  = fd_q[f_rd_q];
  assign dwr_last_o  = f_head.last;

  assign ev_valid_o  = ev_valid_q;
  assign ev_q_o      = ev_q_q;
  assign ev_func_o   = ev_func_q;
  assign ev_bytes_o  = ev_bytes_q;
  assign ev_code_o   = ev_code_q;
  assign irq_valid_o = irq_valid_q;
  assign irq_func_o  = irq_func_q;
  assign irq_vec_o   = irq_vec_q;

`ifdef FORMAL
  // AXI-Stream rules of the two request streams
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni)) begin
      if ($past(dwr_valid_o && !dwr_ready_i)) begin
        assert (dwr_valid_o);
        assert ($stable(dwr_sof_o) && $stable(dwr_addr_o) && $stable(dwr_len_o) &&
                $stable(dwr_func_o) && $stable(dwr_data_o) && $stable(dwr_last_o));
      end
      if ($past(drd_req_valid_o && !drd_req_ready_i)) begin
        assert (drd_req_valid_o);
        assert ($stable(drd_req_addr_o) && $stable(drd_req_len_o) &&
                $stable(drd_req_func_o) && $stable(drd_req_cookie_o));
      end
    end
  end
`endif

  assign idle_o = &fb_empty && !fr_valid_q && !job_valid_q && !g_act_q && !r_valid_q &&
                  f_cnt_q == '0 && dc_idle && !ev_valid_q && hq_count == '0 && !irq_valid_q &&
                  !rq_valid_q && !rq_wait_q && !rings_busy;

  // a failed refill's ERR was taken by the rings (registered pulse)
  logic       qerr_q;
  logic [7:0] qerr_qn_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      qerr_q    <= 1'b0;
      qerr_qn_q <= '0;
    end else begin
      qerr_q <= er_valid && op_ready[3];
      if (er_valid && op_ready[3]) begin
        qerr_qn_q <= er_q;
      end
    end
  end
  assign qerr_o   = qerr_q;
  assign qerr_q_o = qerr_qn_q;

endmodule

`default_nettype wire
