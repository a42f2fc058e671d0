// SPDX-License-Identifier: MIT
// TX engine of the datapath (docs/datapath-blocks.md "vfnic_txq", docs/datapath.md "TX engine"):
// the TX ring manager (vfnic_rings), a descriptor scheduler fed by its work FIFO, with
// prefetch, the frame builder, frame data reads into a store-and-forward frame buffer,
// in-order egress on `fo` and in-order completion (write-back of DW3 of RS descriptors,
// HEAD, stats event, interrupt event).
//
// Ports (docs/datapath-blocks.md is the contract):
//   ring register port (reg_*, ack style: reg_ack_o), en_o, bad_tail_o/bad_tail_q_o
//                       vfnic_rings', passed through
//   owner_i[NumQp][7], func_tx_ok_i[NumFuncs], func_max_frame_i[NumFuncs][14], freset_i
//   rate_eligible_i, rate_police_i; charge_o, charge_func_o[7], charge_bytes_o[16] (len + 4)
//   drd_req_*[1:0]      DMA read requests: client 0 descriptors (cookie = descriptor slot),
//                       client 1 frame data (cookie = read context: frame slot + byte offset)
//   drd_cpl_*, drd_done_*   completion beats / request ends of clients 0 and 1
//   dwr_*               write-backs: one 4-byte write (DW3) per RS descriptor
//   fo_*, fo_ready_i    frames, one 64-bit beat per cycle; sideband constant for a frame
//   fs_valid_i, fs_err_i    outcome of each frame sent on fo, in fo order (TXERR OK / SPOOF)
//   ev_*                one event per finished frame (sent or dropped)
//   irq_*               a frame with at least one RS write-back finished on a ring with IRQ_EN
//   qerr_o, qerr_q_o    the rings took the ERR (QERR DMA) of a failed descriptor fetch
//   idle_o              nothing in flight and the rings not busy (reset walk, operations)
//
// Pipeline:
// - Ring manager ports: 0 scheduler (TAKE / TAKE_DIRECT / TAKE n = 0 = requeue; answers),
//   1 completion (HADV), 2 descriptor-fetch errors (ERR); each holds its request until
//   op_ready. The register port is the rings' (ack style), passed through.
// - Scheduler: pops the rings' work FIFO (doorbell order = round robin); for the popped ring,
//   owner ok (func_tx_ok, rate_eligible unless police, not in freset) -> TAKE n = BurstDescs,
//   else TAKE n = 0 (requeue). It pops only when two descriptor slots are free (one is kept
//   back for the continuation of a chain, below) and the descriptor request register will be
//   free for the answer. One TAKE in flight, its slot reserved at issue; the answer (two
//   cycles later; FETCH has already advanced in the rings) fills the slot (DescSlots of them,
//   so fetches run ahead of the builder) and one MRd of its descriptors; ok = 0 frees the
//   reservation. The slot keeps base, log2, irq_en and vector of the answer for completion.
// - Descriptor slots (docs/datapath-blocks.md "vfnic_txq", State): descriptors DW0..2 in
//   three RAMs by slot/position, the TAKE answer in a slot-info RAM; free slots in a FIFO;
//   allocation order in a FIFO of {slot, tag}; a per-ring RAM of the last allocated slot lets
//   a TAKE answer link the new slot behind the ring's previous one (chain continuation).
// - Frame builder: reads a descriptor and its slot info (BdSel), parses it the next cycle
//   (BdParse); from the oldest slot (order FIFO head) or the open chain's slot. A chain that
//   runs past the end of its slot continues in the ring's next slot (same gen, linked);
//   if there is none, the scheduler TAKE_DIRECTs that ring (instead of popping): ok -> the
//   chain continues from the new slot; another gen -> the chain is dropped silently; not ok
//   with the chain's gen (FETCH = TAIL, or the ring disabled) -> cut by TAIL. Checks in order:
//   LEN 0 / more than MaxBufs buffers / chain cut by TAIL -> BAD_DESC; length > max frame or
//   < 14 -> OVERSIZE; !func_tx_ok -> FUNC_DOWN; police && !rate_eligible -> RATE. A good
//   frame charges the shaper, takes frame buffer space (8-byte units, circular) and one read
//   context per buffer (free-context FIFO; context words in RAM, read with the registered
//   beat); the chain's buffers (address, length) wait in a RAM read one ahead of the
//   requests; data beats are written by byte offset (rotate + byte enables) into two 128-bit
//   banks, so any 16-byte beat at any byte offset is one write per bank.
// - Frames (FrameSlots, circular) leave in builder order. The builder writes each frame's
//   word into two RAMs, one per reader (egress: start, length, function, ring, drop;
//   completion: the rest); egress and completion read the word of their frame in every
//   cycle. Per frame in flops, written by index: reads in flight, issued, DMA error, sent,
//   kill, stale, and the keys of the kill compares (ring, gen, function). Egress streams a
//   frame once all of its reads are done (a failed read -> TXERR DMA, not sent), reading one
//   beat per cycle through a 3-entry output FIFO, no gap between frames. The fs outcomes
//   queue in a FIFO (fo order = frame order). Completion, in frame order: DW3 write-backs,
//   HEAD advance (HADV with the frame's gen, in steps of at most 16, stalling until the rings
//   take it), ev and irq; then the frame's buffer space is freed. Completion reads no ring:
//   base, log2, IRQ_EN and VECTOR travel with the frame from the TAKE answer.
//
// Resets and errors: a failed descriptor read stops the ring (ERR QERR DMA; the failed slot
// holds it until port 2 takes it, and is not freed before, so no ERR is lost) and kills the
// ring's later slots and its open chain, and its frames already built get no completion
// (stale); a rejected TAIL (bad_tail_o) does the same without the ERR. freset_i kills the
// function's slots (and the slot of a TAKE in flight for it), chain and frames (a killed
// frame is not sent unless its first beat already left, gets no write-back, no HEAD advance
// and no ev).
//
// Contract notes (docs/datapath-blocks.md "vfnic_txq"), decided here:
// - The per-client DMA request ports are packed [1:0] arrays (as vfnic_dma_rd's and
//   vfnic_rings' ports; Yosys rejects unpacked array ports). vfnic_rings' bad_tail_o /
//   bad_tail_q_o are passed through with the register port (for the BAD_TAIL counter).
// - A chain cut by TAIL (the builder needs the chain's next descriptor, the ring has none
//   posted and none in flight) is dropped as BAD_DESC rather than waited for: a driver that
//   never finishes a chain must not stall every other function's TX. Drivers post whole
//   chains before writing TAIL.
// - The shaper is charged when the builder starts a frame, after the scheduler let the burst
//   through, so a function's credit can dip by up to the frames of the bursts already
//   fetched (BurstDescs frames per burst), not one frame; the long-run rate is exact.
// - Frames killed by freset_i, and frames of a ring stopped by a descriptor error or a bad
//   TAIL (those are still sent), produce no ev, no irq, no write-back and no HEAD advance; a
//   killed frame whose first beat was already read for fo is still sent whole (a stream
//   cannot be recalled). Requests already in the DMA request registers stay valid until
//   taken (AXI rule); their data is discarded.
// - Completion reads no ring, so an IRQ_EN/VECTOR change applies to frames fetched after it,
//   and a ring re-enabled (gen++) under frames in flight is not seen: they write back into
//   the memory they were fetched from and report ev/irq; the rings refuse their HADV (gen).
//   Drivers re-enable a ring only once its work completed (or after a function reset).
// - ev_bytes_o saturates at 16383 (a BAD_DESC chain can sum to more).
// - irq_valid_o only for frames that wrote back at least one descriptor (RS).
`default_nettype none

module vfnic_txq #(
  parameter int unsigned NumFuncs   = 9,
  parameter int unsigned NumQp      = 18,
  parameter int unsigned BufBytes   = int'(vfnic_regs_pkg::TX_BUF_BYTES),
  parameter int unsigned BurstDescs = int'(vfnic_regs_pkg::TX_BURST_DESCS),
  parameter int unsigned MaxBufs    = int'(vfnic_regs_pkg::TX_MAX_BUFS),
  parameter int unsigned DescSlots  = 8,    // descriptor bursts in flight or waiting
  parameter int unsigned FrameSlots = 16,   // frames between builder and completion
  parameter int unsigned ReadCtx    = 16    // frame data reads in flight
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,

  // ring register port (vfnic_rings)
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
  output logic                          bad_tail_o,
  output logic [7:0]                    bad_tail_q_o,

  input  logic [NumQp-1:0][6:0]         owner_i,
  input  logic [NumFuncs-1:0]           func_tx_ok_i,
  input  logic [NumFuncs-1:0][13:0]     func_max_frame_i,
  input  logic [NumFuncs-1:0]           freset_i,

  // shaper
  input  logic [NumFuncs-1:0]           rate_eligible_i,
  input  logic [NumFuncs-1:0]           rate_police_i,
  output logic                          charge_o,
  output logic [6:0]                    charge_func_o,
  output logic [15:0]                   charge_bytes_o,

  // DMA read engine, client 0 = descriptors, client 1 = frame data
  output logic [1:0]                    drd_req_valid_o,
  output logic [1:0][63:0]              drd_req_addr_o,
  output logic [1:0][13:0]              drd_req_len_o,
  output logic [1:0][6:0]               drd_req_func_o,
  output logic [1:0][15:0]              drd_req_cookie_o,
  input  logic [1:0]                    drd_req_ready_i,
  input  logic                          drd_cpl_valid_i,
  input  logic                          drd_cpl_client_i,
  input  logic [15:0]                   drd_cpl_cookie_i,
  input  logic [12:0]                   drd_cpl_dw_off_i,
  input  logic [2:0]                    drd_cpl_dws_i,
  input  logic [127:0]                  drd_cpl_data_i,
  input  logic                          drd_done_valid_i,
  input  logic                          drd_done_client_i,
  input  logic [15:0]                   drd_done_cookie_i,
  input  logic                          drd_done_err_i,

  // DMA write engine client (write-backs)
  output logic                          dwr_valid_o,
  output logic                          dwr_sof_o,
  output logic [63:0]                   dwr_addr_o,
  output logic [13:0]                   dwr_len_o,
  output logic [6:0]                    dwr_func_o,
  output logic [127:0]                  dwr_data_o,
  output logic                          dwr_last_o,
  input  logic                          dwr_ready_i,

  // frames to vfnic_eth_tx
  output logic                          fo_valid_o,
  output logic [63:0]                   fo_data_o,
  output logic [7:0]                    fo_keep_o,
  output logic                          fo_last_o,
  output logic [6:0]                    fo_func_o,
  output logic [7:0]                    fo_q_o,
  output logic [13:0]                   fo_len_o,
  input  logic                          fo_ready_i,
  input  logic                          fs_valid_i,
  input  logic [3:0]                    fs_err_i,

  // events
  output logic                          ev_valid_o,
  output logic [7:0]                    ev_q_o,
  output logic [6:0]                    ev_func_o,
  output logic [13:0]                   ev_bytes_o,
  output logic [3:0]                    ev_err_o,
  output logic                          irq_valid_o,
  output logic [6:0]                    irq_func_o,
  output logic [11:0]                   irq_vec_o,
  // a descriptor fetch failed: ring qerr_q_o stops with QERR DMA (pulse; for MDD events)
  output logic                          qerr_o,
  output logic [7:0]                    qerr_q_o,
  output logic                          idle_o
);

  localparam int unsigned QIW    = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned FnW    = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam int unsigned SW     = $clog2(DescSlots);
  localparam int unsigned FW     = $clog2(FrameSlots);
  localparam int unsigned RW     = $clog2(ReadCtx);
  localparam int unsigned MB1    = MaxBufs + 1;           // chain length that is always bad
  localparam int unsigned BIW    = (MaxBufs > 1) ? $clog2(MaxBufs) : 1;
  localparam int unsigned BAW    = $clog2(BufBytes);      // frame buffer byte address
  localparam int unsigned UW     = BAW - 3;               // 8-byte units
  localparam int unsigned Units  = BufBytes / 8;
  localparam int unsigned BkWords = BufBytes / 32;        // 128-bit words per bank
  localparam int unsigned BkW    = BAW - 5;
  localparam int unsigned TagW   = 8;                     // > log2 of the order queue
  localparam int unsigned OqDepth = 32;                   // + 2: DescSlots + MB1 entries
  localparam int unsigned DAW    = $clog2(DescSlots * BurstDescs);
  localparam int unsigned InfoW  = 12 + 5 + 60 + 4 + 1 + 12;  // idx, n, base, log2, irq, vec

  localparam logic [3:0] ErrOk      = 4'(vfnic_regs_pkg::TXERR_OK);
  localparam logic [3:0] ErrRate    = 4'(vfnic_regs_pkg::TXERR_RATE);
  localparam logic [3:0] ErrOversz  = 4'(vfnic_regs_pkg::TXERR_OVERSIZE);
  localparam logic [3:0] ErrBadDesc = 4'(vfnic_regs_pkg::TXERR_BAD_DESC);
  localparam logic [3:0] ErrDma     = 4'(vfnic_regs_pkg::TXERR_DMA);
  localparam logic [3:0] ErrDown    = 4'(vfnic_regs_pkg::TXERR_FUNC_DOWN);
  localparam logic [3:0] QerrDma    = 4'(vfnic_regs_pkg::QERR_DMA);
  localparam int unsigned LenLsb = vfnic_regs_pkg::TXD_LEN_LSB;
  localparam int unsigned EopBit = 64 + vfnic_regs_pkg::TXD_EOP_LSB;   // in DW0..2
  localparam int unsigned RsBit  = 64 + vfnic_regs_pkg::TXD_RS_LSB;
  localparam int unsigned MinFrame = 14;

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumQp < 2 || NumQp > 256) begin : gen_qp_check
    $error("NumQp must be 2..256 (rings are numbered in [7:0] ports)");
  end
  if (NumFuncs < 2 || NumFuncs > 128) begin : gen_funcs_check
    $error("NumFuncs must be 2..128 (functions are numbered in [6:0] ports)");
  end
  if (BufBytes < 16384 || BufBytes > (1 << 20) || (BufBytes & (BufBytes - 1)) != 0)
  begin : gen_buf_check
    $error("BufBytes must be a power of two in 16 KiB .. 1 MiB (a 16383-byte frame fits)");
  end
  if (BurstDescs < 1 || BurstDescs > 16) begin : gen_burst_check
    $error("BurstDescs must be 1..16 (FETCH advances by 1..16)");
  end
  if (MaxBufs < 1 || MaxBufs > 16) begin : gen_bufs_check
    $error("MaxBufs must be 1..16");
  end
  if (DescSlots < 2 || DescSlots > 16 || (DescSlots & (DescSlots - 1)) != 0)
  begin : gen_slots_check
    $error("DescSlots must be a power of two in 2..16");
  end
  if (FrameSlots < 2 || FrameSlots > 64 || (FrameSlots & (FrameSlots - 1)) != 0)
  begin : gen_frames_check
    $error("FrameSlots must be a power of two in 2..64");
  end
  if (ReadCtx < 2 || ReadCtx > 64 || (ReadCtx & (ReadCtx - 1)) != 0) begin : gen_ctx_check
    $error("ReadCtx must be a power of two in 2..64");
  end
  if (vfnic_regs_pkg::TXD_LEN_WIDTH != 14 || LenLsb != 0 || vfnic_regs_pkg::TXD_ERR_LSB != 8 ||
      vfnic_regs_pkg::TXD_DD_LSB != 0 || vfnic_regs_pkg::TXD_LEN_DW != 2 ||
      vfnic_regs_pkg::TXD_EOP_DW != 2 || vfnic_regs_pkg::TXD_RS_DW != 2)
  begin : gen_txd_check
    $error("TXD layout differs from the one this engine decodes");
  end
`endif

  function automatic logic func_ok(input logic [6:0] f, input logic [NumFuncs-1:0] v);
    func_ok = (32'(f) < NumFuncs) && v[FnW'(f)];
  endfunction

  // ---------------------------------------------------------------------------------------
  // Ring manager: port 0 scheduler (TAKE, TAKE_DIRECT; n = 0 requeues), port 1 completion
  // (HADV), port 2 descriptor-fetch errors (ERR). Answers come only for port 0's TAKEs.
  // ---------------------------------------------------------------------------------------
  localparam logic [2:0] OpTake   = 3'd0;
  localparam logic [2:0] OpHadv   = 3'd1;
  localparam logic [2:0] OpErr    = 3'd2;
  localparam logic [2:0] OpTakeDr = 3'd4;

  logic              work_valid, work_ready;
  logic [7:0]        work_q;
  logic [2:0]        op_valid, op_ready;
  logic [2:0][2:0]   op_code;
  logic [2:0][7:0]   op_q;
  logic [2:0][4:0]   op_n;
  logic [2:0][3:0]   op_gen;
  logic [2:0][3:0]   op_err;
  logic              ans_valid, ans_ok, ans_irq_en;
  logic [1:0]        ans_port;
  logic [7:0]        ans_q;
  logic [63:0]       ans_base;
  logic [3:0]        ans_log2, ans_gen;
  logic [11:0]       ans_idx, ans_vector, ans_fetch, ans_tail;
  logic [4:0]        ans_n;
  logic [13:0]       ans_buf_size;
  logic              rings_busy;

  vfnic_rings #(
    .NumQp    (NumQp),
    .NumFuncs (NumFuncs),
    .IsRx     (0),
    .NumPorts (3)
  ) u_rings (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .reg_req_i     (reg_req_i),
    .reg_we_i      (reg_we_i),
    .reg_q_i       (reg_q_i),
    .reg_off_i     (reg_off_i),
    .reg_be_i      (reg_be_i),
    .reg_wdata_i   (reg_wdata_i),
    .reg_ack_o     (reg_ack_o),
    .reg_rdata_o   (reg_rdata_o),
    .reg_hit_o     (reg_hit_o),
    .en_o          (en_o),
    .work_valid_o  (work_valid),
    .work_q_o      (work_q),
    .work_ready_i  (work_ready),
    .op_valid_i    (op_valid),
    .op_ready_o    (op_ready),
    .op_code_i     (op_code),
    .op_q_i        (op_q),
    .op_n_i        (op_n),
    .op_gen_i      (op_gen),
    .op_err_i      (op_err),
    .ans_valid_o   (ans_valid),
    .ans_port_o    (ans_port),
    .ans_q_o       (ans_q),
    .ans_ok_o      (ans_ok),
    .ans_base_o    (ans_base),
    .ans_log2_o    (ans_log2),
    .ans_idx_o     (ans_idx),
    .ans_n_o       (ans_n),
    .ans_gen_o     (ans_gen),
    .ans_irq_en_o  (ans_irq_en),
    .ans_vector_o  (ans_vector),
    .ans_buf_size_o(ans_buf_size),
    .ans_fetch_o   (ans_fetch),
    .ans_tail_o    (ans_tail),
    .owner_i       (owner_i),
    .freset_i      (freset_i),
    .bad_tail_o    (bad_tail_o),
    .bad_tail_q_o  (bad_tail_q_o),
    .busy_o        (rings_busy)
  );

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------
  // descriptor slots: small per-slot state in flops (DescSlots entries, written by index);
  // the descriptors (DW0..2) and the TAKE answer of each slot live in RAMs below
  logic [DescSlots-1:0]                     sl_busy_q, sl_busy_d;
  logic [DescSlots-1:0]                     sl_done_q, sl_done_d;    // read ended
  logic [DescSlots-1:0]                     sl_err_q, sl_err_d;
  logic [DescSlots-1:0]                     sl_kill_q, sl_kill_d;
  logic [DescSlots-1:0][7:0]                sl_q_q, sl_q_d;
  logic [DescSlots-1:0][3:0]                sl_gen_q, sl_gen_d;
  logic [DescSlots-1:0][6:0]                sl_func_q, sl_func_d;
  logic [DescSlots-1:0][4:0]                sl_pos_q, sl_pos_d;      // next desc to parse
  logic [DescSlots-1:0]                     sl_errp_q, sl_errp_d;    // ERR to send (port 2)
  logic [DescSlots-1:0][TagW-1:0]           sl_tag_q, sl_tag_d;      // allocation tag
  logic [DescSlots-1:0]                     sl_nxt_v_q, sl_nxt_v_d;  // next slot of the ring
  logic [DescSlots-1:0][SW-1:0]             sl_nxt_q, sl_nxt_d;
  logic [TagW-1:0]                          tag_q, tag_d;            // next allocation tag
  logic [SW:0]                              ini_q, ini_d;            // free-list fill
  logic                                     sp_v_q, sp_v_d;          // spare reserved slot
  logic [SW-1:0]                            sp_q, sp_d;

  // the scheduler's TAKE in flight (at most one): its ring, its reserved slot
  logic                                     tk_busy_q, tk_busy_d;
  logic                                     tk_direct_q, tk_direct_d;  // TAKE_DIRECT (chain)
  logic                                     tk_res_q, tk_res_d;      // n > 0: slot reserved
  logic [SW-1:0]                            tk_slot_q, tk_slot_d;
  logic [7:0]                               tk_q_q, tk_q_d;
  logic                                     tk_kill_q, tk_kill_d;    // owner reset meanwhile

  // descriptor read request register (client 0)
  logic                                     dq0_valid_q, dq0_valid_d;
  logic [63:0]                              dq0_addr_q, dq0_addr_d;
  logic [13:0]                              dq0_len_q, dq0_len_d;
  logic [6:0]                               dq0_func_q, dq0_func_d;
  logic [SW-1:0]                            dq0_slot_q, dq0_slot_d;

  // frame builder
  typedef enum logic [1:0] {BdSel, BdParse, BdDecide, BdIssue} bd_state_e;
  bd_state_e                                bd_st_q, bd_st_d;
  logic                                     ch_act_q, ch_act_d;      // a chain is open
  logic [SW-1:0]                            ch_slot_q, ch_slot_d;    // its current slot
  logic                                     ch_need_q, ch_need_d;    // slot used up: next?
  logic [SW-1:0]                            bd_slot_q, bd_slot_d;    // slot read for BdParse
  logic                                     ch_kill_q, ch_kill_d;
  logic                                     ch_bad_q, ch_bad_d;
  logic [7:0]                               ch_q_q, ch_q_d;
  logic [3:0]                               ch_gen_q, ch_gen_d;
  logic [6:0]                               ch_func_q, ch_func_d;
  logic [11:0]                              ch_first_q, ch_first_d;
  logic [4:0]                               ch_cnt_q, ch_cnt_d;      // descriptors
  logic [MB1-1:0]                           ch_rs_q, ch_rs_d;
  logic [18:0]                              ch_len_q, ch_len_d;      // sum of LEN
  logic [UW-1:0]                            ch_start_q, ch_start_d;  // frame's first unit
  logic [BIW:0]                             ch_bi_q, ch_bi_d;        // next buffer to read
  logic [13:0]                              ch_off_q, ch_off_d;      // its offset in the frame
  logic [FW-1:0]                            ch_frame_q, ch_frame_d;
  logic [59:0]                              ch_base_q, ch_base_d;
  logic [3:0]                               ch_log2_q, ch_log2_d;
  logic                                     ch_irq_q, ch_irq_d;
  logic [11:0]                              ch_vec_q, ch_vec_d;

  // data read request register (client 1)
  logic                                     dq1_valid_q, dq1_valid_d;
  logic [63:0]                              dq1_addr_q, dq1_addr_d;
  logic [13:0]                              dq1_len_q, dq1_len_d;
  logic [6:0]                               dq1_func_q, dq1_func_d;
  logic [RW-1:0]                            dq1_ctx_q, dq1_ctx_d;

  // read contexts
  // read contexts: busy bits here (one bit by index); the context words in RAMs (below)
  logic [ReadCtx-1:0]                       rc_busy_q, rc_busy_d;
  logic [RW:0]                              rci_q, rci_d;            // free-list fill

  // frames
  logic [FW:0]                              fa_q, fa_d;              // alloc
  logic [FW:0]                              fe_q, fe_d;              // egress
  logic [FW:0]                              fc_q, fc_d;              // completion
  // frames: what the builder decided lives in two RAMs (egress copy, completion copy, below);
  // here only the keys the kill compares need (ring, gen, function; written at allocation)
  // and the status bits written by the engines, one bit (or counter) per frame by index
  logic [FrameSlots-1:0][7:0]               fr_q_q, fr_q_d;
  logic [FrameSlots-1:0][6:0]               fr_func_q, fr_func_d;
  logic [FrameSlots-1:0][3:0]               fr_gen_q, fr_gen_d;
  logic [FrameSlots-1:0]                    fr_kill_q, fr_kill_d;
  logic [FrameSlots-1:0]                    fr_issued_q, fr_issued_d;
  logic [FrameSlots-1:0][RW:0]              fr_out_q, fr_out_d;      // reads in flight
  logic [FrameSlots-1:0]                    fr_dmaerr_q, fr_dmaerr_d;
  logic [FrameSlots-1:0]                    fr_sent_q, fr_sent_d;
  logic [FrameSlots-1:0]                    fr_stale_q, fr_stale_d;  // ring stopped: no cpl

  logic [UW-1:0]                            bu_wr_q, bu_wr_d;        // next free unit
  logic [UW:0]                              bu_used_q, bu_used_d;

  // egress
  logic                                     eg_act_q, eg_act_d;
  logic [UW-1:0]                            eg_beat_q, eg_beat_d;
  logic                                     rp_valid_q, rp_valid_d;  // RAM read in flight
  logic                                     rp_half_q, rp_half_d;
  logic                                     rp_bank_q, rp_bank_d;
  logic [7:0]                               rp_keep_q, rp_keep_d;
  logic                                     rp_last_q, rp_last_d;
  logic [6:0]                               rp_func_q, rp_func_d;
  logic [7:0]                               rp_qn_q, rp_qn_d;
  logic [13:0]                              rp_len_q, rp_len_d;
  logic [2:0][63:0]                         of_data_q, of_data_d;    // output FIFO
  logic [2:0][7:0]                          of_keep_q, of_keep_d;
  logic [2:0]                               of_last_q, of_last_d;
  logic [2:0][6:0]                          of_func_q, of_func_d;
  logic [2:0][7:0]                          of_qn_q, of_qn_d;
  logic [2:0][13:0]                         of_len_q, of_len_d;
  logic [1:0]                               of_rd_q, of_rd_d, of_wr_q, of_wr_d;
  logic [1:0]                               of_cnt_q, of_cnt_d;

  // frames sent on fo whose fs has not come yet
  logic [FW:0]                              sf_pend_q, sf_pend_d;

  // completion
  logic                                     cp_act_q, cp_act_d;
  logic                                     cp_skip_q, cp_skip_d;
  logic [MB1-1:0]                           cp_rs_q, cp_rs_d;
  logic [4:0]                               cp_rem_q, cp_rem_d;
  logic [3:0]                               cp_err_q, cp_err_d;
  logic                                     cp_wb_q, cp_wb_d;        // wrote back something
  logic                                     dw_valid_q, dw_valid_d;
  logic [63:0]                              dw_addr_q, dw_addr_d;
  logic [6:0]                               dw_func_q, dw_func_d;
  logic [3:0]                               dw_err_q, dw_err_d;

  // registered pulses
  logic                                     ev_valid_q, ev_valid_d;
  logic [7:0]                               ev_q_q, ev_q_d;
  logic [6:0]                               ev_func_q, ev_func_d;
  logic [13:0]                              ev_bytes_q, ev_bytes_d;
  logic [3:0]                               ev_err_q, ev_err_d;
  logic                                     irq_valid_q, irq_valid_d;
  logic [6:0]                               irq_func_q, irq_func_d;
  logic [11:0]                              irq_vec_q, irq_vec_d;
  logic                                     charge_q, charge_d;
  logic [6:0]                               charge_func_q, charge_func_d;
  logic [15:0]                              charge_bytes_q, charge_bytes_d;

  // ---------------------------------------------------------------------------------------
  // Frame buffer: two banks of 128-bit words (16-byte word w in bank w[0]), byte enables.
  // A RAM, so it has no reset; egress reads a frame only after all of its data is written.
  // ---------------------------------------------------------------------------------------
  logic [1:0]              bk_we;
  logic [1:0][BkW-1:0]     bk_widx;
  logic [1:0][127:0]       bk_wdata;
  logic [1:0][15:0]        bk_wbe;
  logic                    bk_re;
  logic [BkW-1:0]          bk_ridx;
  logic [127:0]            bk0_mem [BkWords];
  logic [127:0]            bk1_mem [BkWords];
  logic [1:0][127:0]       bk_rdata_q;

  always_ff @(posedge clk_i) begin
    for (int j = 0; j < 16; j++) begin
      if (bk_we[0] && bk_wbe[0][j]) bk0_mem[bk_widx[0]][8*j +: 8] <= bk_wdata[0][8*j +: 8];
      if (bk_we[1] && bk_wbe[1][j]) bk1_mem[bk_widx[1]][8*j +: 8] <= bk_wdata[1][8*j +: 8];
    end
    if (bk_re) begin
      bk_rdata_q[0] <= bk0_mem[bk_ridx];
      bk_rdata_q[1] <= bk1_mem[bk_ridx];
    end
  end

  // Read contexts: written when a data read is issued; one RAM per reader. The beat path
  // reads {frame buffer byte of request byte 0, lead bytes, lead + len} by cookie, the read
  // end path reads the frame slot by cookie; both register the beat / end for the read.
  localparam int unsigned RcwW = BAW + 2 + 15;
  logic              rc_we;
  logic [RW-1:0]     rc_waddr;
  logic [RcwW-1:0]   rc_wdata;
  logic [RcwW-1:0]   rcw_rdata;
  logic [FW-1:0]     rcf_rdata;
  logic [FW-1:0]     rc_wframe;
  vfnic_ram_1r1w #(
    .Width(RcwW),
    .Depth(ReadCtx)
  ) u_rc_beat (
    .clk_i  (clk_i),
    .we_i   (rc_we),
    .waddr_i(rc_waddr),
    .wdata_i(rc_wdata),
    .re_i   (drd_cpl_valid_i),
    .raddr_i(RW'(drd_cpl_cookie_i)),
    .rdata_o(rcw_rdata)
  );
  vfnic_ram_1r1w #(
    .Width(FW),
    .Depth(ReadCtx)
  ) u_rc_frame (
    .clk_i  (clk_i),
    .we_i   (rc_we),
    .waddr_i(rc_waddr),
    .wdata_i(rc_wframe),
    .re_i   (drd_done_valid_i),
    .raddr_i(RW'(drd_done_cookie_i)),
    .rdata_o(rcf_rdata)
  );

  // free read contexts (filled after reset)
  logic          rf_in_valid, rf_in_ready, rf_out_valid, rf_out_ready;
  logic [RW-1:0] rf_in_data, rf_out_data;
  logic [$clog2(ReadCtx + 3)-1:0] rf_count;
  vfnic_fifo #(
    .Width(RW),
    .Depth(ReadCtx)
  ) u_free_ctx (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (rf_in_valid),
    .in_ready_o (rf_in_ready),
    .in_data_i  (rf_in_data),
    .out_valid_o(rf_out_valid),
    .out_ready_i(rf_out_ready),
    .out_data_o (rf_out_data),
    .count_o    (rf_count)
  );

  // Frames (docs above, "Frames"): the builder writes what it decided about frame fa into two
  // RAMs, one per reader. Egress and completion each read the word of their next frame in
  // every cycle (address fe_d / fc_d), so the word of frame fe / fc is on the RAM output
  // while it is worked on; a frame written in the cycle of that read is read again in the
  // next (eg_ok_q). Completion only reaches a frame two cycles after egress left it.
  localparam int unsigned EgW = UW + 14 + 7 + 8 + 1;
  localparam int unsigned CpW = 8 + 7 + 4 + 14 + (UW + 1) + 5 + 12 + MB1 + 4 + 1 + 60 + 4 + 1 + 12;
  logic            frw_we;
  logic [EgW-1:0]  fre_wdata, fre_rdata;
  logic [CpW-1:0]  frc_wdata, frc_rdata;
  logic            eg_ok_q;
  vfnic_ram_1r1w #(
    .Width(EgW),
    .Depth(FrameSlots)
  ) u_frame_eg (
    .clk_i  (clk_i),
    .we_i   (frw_we),
    .waddr_i(fa_q[FW-1:0]),
    .wdata_i(fre_wdata),
    .re_i   (1'b1),
    .raddr_i(fe_d[FW-1:0]),
    .rdata_o(fre_rdata)
  );
  vfnic_ram_1r1w #(
    .Width(CpW),
    .Depth(FrameSlots)
  ) u_frame_cp (
    .clk_i  (clk_i),
    .we_i   (frw_we),
    .waddr_i(fa_q[FW-1:0]),
    .wdata_i(frc_wdata),
    .re_i   (1'b1),
    .raddr_i(fc_d[FW-1:0]),
    .rdata_o(frc_rdata)
  );
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) eg_ok_q <= 1'b0;
    else         eg_ok_q <= (fe_d != fa_q);
  end

  // fs outcomes of the frames sent, in fo order = frame order; completion pops the head when
  // it starts a frame that was sent
  logic          fsq_in_valid, fsq_out_valid, fsq_out_ready;
  logic [3:0]    fsq_code;
  logic          fsq_in_ready;
  logic [$clog2(FrameSlots + 3)-1:0] fsq_count;
  vfnic_fifo #(
    .Width(4),
    .Depth(FrameSlots)
  ) u_fs_codes (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fsq_in_valid),
    .in_ready_o (fsq_in_ready),
    .in_data_i  (fs_err_i),
    .out_valid_o(fsq_out_valid),
    .out_ready_i(fsq_out_ready),
    .out_data_o (fsq_code),
    .count_o    (fsq_count)
  );
  assign fsq_in_valid = fs_valid_i && (sf_pend_q != '0);

  // buffers (address, length) of the open chain, written as its descriptors are parsed and
  // read one ahead of the read requests (BdDecide reads buffer 0, each request the next)
  logic             cbuf_we, cbuf_re;
  logic [BIW-1:0]   cbuf_waddr, cbuf_raddr;
  logic [77:0]      cbuf_wdata, cbuf_rdata;
  logic [63:0]      cbuf_addr;
  logic [13:0]      cbuf_len;
  vfnic_ram_1r1w #(
    .Width(78),
    .Depth(MaxBufs)
  ) u_chain_bufs (
    .clk_i  (clk_i),
    .we_i   (cbuf_we),
    .waddr_i(cbuf_waddr),
    .wdata_i(cbuf_wdata),
    .re_i   (cbuf_re),
    .raddr_i(cbuf_raddr),
    .rdata_o(cbuf_rdata)
  );
  assign {cbuf_addr, cbuf_len} = cbuf_rdata;

  // beats and ends of client 1, registered while their context is read
  logic          cb_valid_q;
  logic [12:0]   cb_dw_off_q;
  logic [2:0]    cb_dws_q;
  logic [127:0]  cb_data_q;
  logic          de_valid_q, de_err_q;
  logic [RW-1:0] de_ctx_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cb_valid_q  <= 1'b0;
      cb_dw_off_q <= '0;
      cb_dws_q    <= '0;
      cb_data_q   <= '0;
      de_valid_q  <= 1'b0;
      de_err_q    <= 1'b0;
      de_ctx_q    <= '0;
    end else begin
      cb_valid_q <= drd_cpl_valid_i && drd_cpl_client_i && (32'(drd_cpl_cookie_i) < ReadCtx) &&
                    rc_busy_q[RW'(drd_cpl_cookie_i)];
      if (drd_cpl_valid_i) begin
        cb_dw_off_q <= drd_cpl_dw_off_i;
        cb_dws_q    <= drd_cpl_dws_i;
        cb_data_q   <= drd_cpl_data_i;
      end
      de_valid_q <= drd_done_valid_i && drd_done_client_i && (32'(drd_done_cookie_i) < ReadCtx) &&
                    rc_busy_q[RW'(drd_done_cookie_i)];
      de_err_q   <= drd_done_err_i;
      de_ctx_q   <= RW'(drd_done_cookie_i);
    end
  end

  // data beat of client 1 -> bank writes
  logic [15:0]     cw_p0;
  logic [15:0]     cw_be;
  logic [BAW-1:0]  cw_fb, cw_base;
  logic [1:0]      cw_lead;
  logic [14:0]     cw_end;
  logic [BAW-5:0]  cw_w, cw_w1;
  logic [255:0]    cw_dd;
  logic [127:0]    cw_rot;
  logic [31:0]     cw_wbe;
  always_comb begin
    {cw_base, cw_lead, cw_end} = rcw_rdata;
    cw_p0  = {1'b0, cb_dw_off_q, 2'b00};
    for (int j = 0; j < 16; j++) begin
      cw_be[j] = (32'(j) < 32'(cb_dws_q) * 4) &&
                 ((cw_p0 + 16'(j)) >= {14'h0, cw_lead}) &&
                 ((cw_p0 + 16'(j)) < {1'b0, cw_end});
    end
    cw_fb   = cw_base + BAW'(cw_p0);
    cw_w    = cw_fb[BAW-1:4];
    cw_w1   = cw_w + 1'b1;
    // the beat rotated to its byte position: byte j lands in word w or w + 1 at byte
    // (j + fb) mod 16, so both banks take the same rotated data under their byte enables
    cw_dd   = {cb_data_q, cb_data_q} << {cw_fb[3:0], 3'b000};
    cw_rot  = cw_dd[255:128];
    cw_wbe  = {16'h0, cw_be} << cw_fb[3:0];
    bk_we   = {2{cb_valid_q}};
    bk_wdata = {2{cw_rot}};
    if (!cw_w[0]) begin
      bk_widx[0] = cw_w[BAW-5:1];  bk_wbe[0] = cw_wbe[15:0];
      bk_widx[1] = cw_w1[BAW-5:1]; bk_wbe[1] = cw_wbe[31:16];
    end else begin
      bk_widx[1] = cw_w[BAW-5:1];  bk_wbe[1] = cw_wbe[15:0];
      bk_widx[0] = cw_w1[BAW-5:1]; bk_wbe[0] = cw_wbe[31:16];
    end
  end

  // ---------------------------------------------------------------------------------------
  // Descriptor slots: RAMs, free list, order queue
  // ---------------------------------------------------------------------------------------
  // Descriptor words DW0..2 of slot s, position d at address s * BurstDescs + d, one RAM per
  // DW: a completion beat (at most 4 DWs at any DW offset) writes each DW lane at most once.
  logic [2:0]           dr_we;
  logic [2:0][DAW-1:0]  dr_waddr;
  logic [2:0][31:0]     dr_wdata;
  logic                 dr_re;
  logic [DAW-1:0]       dr_raddr;
  logic [2:0][31:0]     dr_rdata;
  logic                 cd_hit;
  assign cd_hit = drd_cpl_valid_i && !drd_cpl_client_i && (32'(drd_cpl_cookie_i) < DescSlots);
  for (genvar f = 0; f < 3; f++) begin : gen_desc_ram
    logic [1:0]  k;      // the beat's DW that lands in lane f
    logic [12:0] dw;     // its DW number in the burst
    assign k  = 2'(f) - drd_cpl_dw_off_i[1:0];
    assign dw = drd_cpl_dw_off_i + 13'(k);
    assign dr_we[f]    = cd_hit && (3'(k) < drd_cpl_dws_i) && (32'(dw[12:2]) < BurstDescs);
    assign dr_waddr[f] = DAW'(32'(SW'(drd_cpl_cookie_i)) * BurstDescs + 32'(dw[12:2]));
    assign dr_wdata[f] = drd_cpl_data_i[32*k +: 32];
    vfnic_ram_1r1w #(
      .Width(32),
      .Depth(DescSlots * BurstDescs)
    ) u_ram (
      .clk_i  (clk_i),
      .we_i   (dr_we[f]),
      .waddr_i(dr_waddr[f]),
      .wdata_i(dr_wdata[f]),
      .re_i   (dr_re),
      .raddr_i(dr_raddr),
      .rdata_o(dr_rdata[f])
    );
  end

  // the TAKE answer of each slot (ring index of descriptor 0, count, base, log2, irq, vector)
  logic             si_we, si_re;
  logic [SW-1:0]    si_waddr, si_raddr;
  logic [InfoW-1:0] si_wdata, si_rdata;
  vfnic_ram_1r1w #(
    .Width(InfoW),
    .Depth(DescSlots)
  ) u_slot_info (
    .clk_i  (clk_i),
    .we_i   (si_we),
    .waddr_i(si_waddr),
    .wdata_i(si_wdata),
    .re_i   (si_re),
    .raddr_i(si_raddr),
    .rdata_o(si_rdata)
  );

  // per ring: the slot (and its tag) last allocated to it, read when a TAKE is issued, so
  // that its answer links the new slot behind the ring's previous one (chain continuation)
  logic                 ls_we, ls_re;
  logic [QIW-1:0]       ls_waddr, ls_raddr;
  logic [SW+TagW-1:0]   ls_wdata, ls_rdata;
  vfnic_ram_1r1w #(
    .Width(SW + TagW),
    .Depth(NumQp)
  ) u_last_slot (
    .clk_i  (clk_i),
    .we_i   (ls_we),
    .waddr_i(ls_waddr),
    .wdata_i(ls_wdata),
    .re_i   (ls_re),
    .raddr_i(ls_raddr),
    .rdata_o(ls_rdata)
  );

  // free slots (filled after reset); a TAKE reserves the head (or the spare slot a refused
  // TAKE left), the builder returns a slot when it has used or dropped it
  logic          fl_in_valid, fl_in_ready, fl_out_valid, fl_out_ready;
  logic [SW-1:0] fl_in_data, fl_out_data;
  logic [$clog2(DescSlots + 3)-1:0] fl_count;
  vfnic_fifo #(
    .Width(SW),
    .Depth(DescSlots)
  ) u_free_slots (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (fl_in_valid),
    .in_ready_o (fl_in_ready),
    .in_data_i  (fl_in_data),
    .out_valid_o(fl_out_valid),
    .out_ready_i(fl_out_ready),
    .out_data_o (fl_out_data),
    .count_o    (fl_count)
  );

  // allocation order of the slots ({slot, tag}): the builder starts frames at its head; a
  // slot used out of order by a chain leaves a stale entry (slot free or tag changed) that is
  // dropped when it reaches the head. Live slots + one open chain's slots <= OqDepth + 2.
  logic                 oq_in_valid, oq_in_ready, oq_out_valid, oq_out_ready;
  logic [SW+TagW-1:0]   oq_in_data, oq_out_data;
  logic [SW-1:0]        oq_slot;
  logic [$clog2(OqDepth + 3)-1:0] oq_count;
  logic [TagW-1:0]      oq_tag;
  vfnic_fifo #(
    .Width(SW + TagW),
    .Depth(OqDepth)
  ) u_slot_order (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (oq_in_valid),
    .in_ready_o (oq_in_ready),
    .in_data_i  (oq_in_data),
    .out_valid_o(oq_out_valid),
    .out_ready_i(oq_out_ready),
    .out_data_o (oq_out_data),
    .count_o    (oq_count)
  );
  assign {oq_slot, oq_tag} = oq_out_data;

  // slots whose descriptor read failed, waiting for port 2 to take their ERR
  logic          er_in_valid, er_in_ready, er_out_valid, er_out_ready;
  logic [$clog2(DescSlots + 3)-1:0] er_count;
  logic [SW-1:0] er_in_data, er_idx;
  vfnic_fifo #(
    .Width(SW),
    .Depth(DescSlots)
  ) u_err_slots (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clr_i      (1'b0),
    .in_valid_i (er_in_valid),
    .in_ready_o (er_in_ready),
    .in_data_i  (er_in_data),
    .out_valid_o(er_out_valid),
    .out_ready_i(er_out_ready),
    .out_data_o (er_idx),
    .count_o    (er_count)
  );

  // Scheduler: pops a ring from the work FIFO and TAKEs a burst from it (n = BurstDescs) if
  // its owner may send, else requeues it (n = 0); while the builder waits for the rest of a
  // chain it TAKEs from the chain's ring directly instead. One TAKE in flight: its slot is
  // reserved at issue, and the descriptor request register is empty by the time the answer
  // (two cycles later) fills the slot and the request. Normal TAKEs keep one slot back for
  // the continuation of a chain, so a direct TAKE always finds a slot.
  logic                 bd_sticky;     // builder waits for the continuation of its chain
  logic                 sc_can;        // a TAKE may be issued now
  logic [6:0]           sc_owner;
  logic                 sc_elig;
  logic                 sc_pop;        // a normal TAKE (or requeue) of the FIFO's head
  logic                 sc_dir;        // a direct TAKE of the chain's ring
  logic                 tk_ans;        // the answer of the TAKE in flight is here
  logic                 sc_res;        // a slot can be reserved
  logic [SW+1:0]        sc_nfree;
  assign sc_res   = sp_v_q || fl_out_valid;
  assign sc_nfree = (SW + 2)'(fl_count) + (SW + 2)'(sp_v_q);
  assign sc_can   = !tk_busy_q && (!dq0_valid_q || drd_req_ready_i[0]) && oq_in_ready &&
                    (ini_q == (SW + 1)'(DescSlots));
  assign sc_owner = (32'(work_q) < NumQp) ? owner_i[QIW'(work_q)] : 7'd0;
  assign sc_elig  = !func_ok(sc_owner, freset_i) && func_ok(sc_owner, func_tx_ok_i) &&
                    func_ok(sc_owner, rate_eligible_i | rate_police_i);
  assign sc_dir   = sc_can && bd_sticky && sc_res;
  assign sc_pop   = sc_can && !bd_sticky && work_valid && sc_res &&
                    (sc_nfree >= (SW + 2)'(2));
  assign tk_ans   = ans_valid && (ans_port == 2'd0);

  assign op_valid[0] = sc_dir || sc_pop;
  assign op_code[0]  = sc_dir ? OpTakeDr : OpTake;
  assign op_q[0]     = sc_dir ? ch_q_q : work_q;
  assign op_n[0]     = (sc_dir || sc_elig) ? 5'(BurstDescs) : 5'd0;
  assign op_gen[0]   = '0;
  assign op_err[0]   = '0;
  assign work_ready  = sc_pop && op_ready[0];

  // the descriptor and slot info read in BdSel, used in BdParse
  logic [95:0]  bd_desc;
  logic [63:0]  bd_addr;
  logic [13:0]  bd_len;
  logic         bd_eop, bd_rs;
  logic [11:0]  bi_idx;
  logic [4:0]   bi_n;
  logic [59:0]  bi_base;
  logic [3:0]   bi_log2;
  logic         bi_irq;
  logic [11:0]  bi_vec;
  always_comb begin
    bd_desc = {dr_rdata[2], dr_rdata[1], dr_rdata[0]};
    bd_addr = bd_desc[63:0];
    bd_len  = bd_desc[64 + LenLsb +: 14];
    bd_eop  = bd_desc[EopBit];
    bd_rs   = bd_desc[RsBit];
    {bi_idx, bi_n, bi_base, bi_log2, bi_irq, bi_vec} = si_rdata;
  end

  assign bd_sticky = (bd_st_q == BdSel) && ch_act_q && ch_need_q && !ch_kill_q;

  // verdict of a closed chain
  logic [3:0]  dc_code;
  logic [13:0] dc_len;
  logic [UW:0] dc_units;
  logic        dc_fit;
  always_comb begin
    dc_len = (ch_len_q > 19'd16383) ? 14'h3FFF : 14'(ch_len_q);
    if (ch_bad_q) begin
      dc_code = ErrBadDesc;
    end else if (ch_len_q > 19'(func_max_frame_i[FnW'(ch_func_q)]) ||
                 ch_len_q < 19'(MinFrame) || (32'(ch_func_q) >= NumFuncs)) begin
      dc_code = ErrOversz;
    end else if (!func_ok(ch_func_q, func_tx_ok_i)) begin
      dc_code = ErrDown;
    end else if (func_ok(ch_func_q, rate_police_i) && !func_ok(ch_func_q, rate_eligible_i)) begin
      dc_code = ErrRate;
    end else begin
      dc_code = ErrOk;
    end
    dc_units = (UW + 1)'((17'(dc_len) + 17'd7) >> 3);
    dc_fit   = ({1'b0, bu_used_q} + {1'b0, dc_units}) <= (UW + 2)'(Units);
  end

  logic fr_full;
  assign fr_full = (fa_q[FW] != fc_q[FW]) && (fa_q[FW-1:0] == fc_q[FW-1:0]);

  // ---------------------------------------------------------------------------------------
  // Egress helpers
  // ---------------------------------------------------------------------------------------
  logic [FW-1:0] fe_i;
  logic          fe_have, fe_ready, fe_skip;
  logic [UW:0]   eg_nbeats;
  logic [UW-1:0] eg_unit, eg_cur;
  logic [UW-1:0] ei_start;      // the egress word of frame fe
  logic [13:0]   ei_len;
  logic [6:0]    ei_func;
  logic [7:0]    ei_q;
  logic          ei_drop;
  always_comb begin
    {ei_start, ei_len, ei_func, ei_q, ei_drop} = fre_rdata;
    fe_i      = fe_q[FW-1:0];
    fe_have   = (fe_q != fa_q) && eg_ok_q;
    fe_ready  = fe_have && (ei_drop || (fr_issued_q[fe_i] && fr_out_q[fe_i] == '0));
    fe_skip   = ei_drop || fr_kill_q[fe_i] || fr_dmaerr_q[fe_i];
    eg_nbeats = (UW + 1)'((15'(ei_len) + 15'd7) >> 3);
    eg_cur    = eg_act_q ? eg_beat_q : '0;
    eg_unit   = ei_start + eg_cur;
  end

  // ---------------------------------------------------------------------------------------
  // Completion helpers
  // ---------------------------------------------------------------------------------------
  logic [FW-1:0]  fc_i;
  logic           fc_ready;
  logic [MB1-1:0] cp_low;       // lowest RS bit still to write back
  logic [4:0]     cp_bit;
  logic [11:0]    cp_idx;
  logic [7:0]     ci_q;         // the completion word of frame fc
  logic [6:0]     ci_func;
  logic [3:0]     ci_gen;
  logic [13:0]    ci_len;
  logic [UW:0]    ci_units;
  logic [4:0]     ci_cnt;
  logic [11:0]    ci_first;
  logic [MB1-1:0] ci_rs;
  logic [3:0]     ci_code;
  logic           ci_drop;
  logic [59:0]    ci_base;
  logic [3:0]     ci_log2;
  logic           ci_irq;
  logic [11:0]    ci_vec;
  always_comb begin
    {ci_q, ci_func, ci_gen, ci_len, ci_units, ci_cnt, ci_first, ci_rs, ci_code, ci_drop,
     ci_base, ci_log2, ci_irq, ci_vec} = frc_rdata;
    fc_i     = fc_q[FW-1:0];
    // egress has left the frame (fe is past it); a sent frame waits for its fs
    fc_ready = (fc_q != fe_q) && (!fr_sent_q[fc_i] || fsq_out_valid);
  end
  always_comb begin
    cp_low = cp_rs_q & (~cp_rs_q + 1'b1);
    cp_bit = '0;
    for (int i = 0; i < int'(MB1); i++) begin
      if (cp_low[i]) cp_bit = 5'(i);
    end
    cp_idx = (ci_first + 12'(cp_bit)) & 12'((13'd1 << ci_log2) - 13'd1);
  end

  // HEAD advance of the frame in completion (port 1), held until the rings take it
  logic       cp_hadv;
  logic [4:0] cp_hadv_n;
  assign cp_hadv   = cp_act_q && !cp_skip_q && !fr_kill_q[fc_i] && (cp_rs_q == '0) &&
                     !dw_valid_q;
  assign cp_hadv_n = (cp_rem_q > 5'd16) ? 5'd16 : cp_rem_q;
  assign op_valid[1] = cp_hadv;
  assign op_code[1]  = OpHadv;
  assign op_q[1]     = ci_q;
  assign op_n[1]     = cp_hadv_n;
  assign op_gen[1]   = ci_gen;
  assign op_err[1]   = '0;

  // ERR of a failed descriptor read (port 2): the slot keeps it (sl_errp) until the rings take
  // it, and the builder does not free the slot before, so no error is lost and the number
  // waiting is bounded by DescSlots. One at a time, in the order the reads failed.
  assign op_valid[2] = er_out_valid;
  assign op_code[2]  = OpErr;
  assign op_q[2]     = sl_q_q[er_idx];
  assign op_n[2]     = '0;
  assign op_gen[2]   = sl_gen_q[er_idx];
  assign op_err[2]   = QerrDma;

  // ---------------------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------------------
  logic          sel_v;   // BdSel: a slot to read
  logic [SW-1:0] sel_s;
  logic [7:0] dn_q;     // ring and gen of a failed descriptor read
  logic [3:0] dn_gen;
  always_comb begin
    sl_busy_d  = sl_busy_q;
    sl_done_d  = sl_done_q;
    sl_err_d   = sl_err_q;
    sl_kill_d  = sl_kill_q;
    sl_q_d     = sl_q_q;
    sl_gen_d   = sl_gen_q;
    sl_func_d  = sl_func_q;
    sl_pos_d   = sl_pos_q;
    sl_errp_d  = sl_errp_q;
    sl_tag_d   = sl_tag_q;
    sl_nxt_v_d = sl_nxt_v_q;
    sl_nxt_d   = sl_nxt_q;
    tag_d      = tag_q;
    ini_d      = ini_q;
    sp_v_d     = sp_v_q;
    sp_d       = sp_q;
    tk_busy_d   = tk_busy_q;
    tk_direct_d = tk_direct_q;
    tk_res_d    = tk_res_q;
    tk_slot_d   = tk_slot_q;
    tk_q_d      = tk_q_q;
    tk_kill_d   = tk_kill_q;
    dq0_valid_d = dq0_valid_q;
    dq0_addr_d  = dq0_addr_q;
    dq0_len_d   = dq0_len_q;
    dq0_func_d  = dq0_func_q;
    dq0_slot_d  = dq0_slot_q;
    bd_st_d    = bd_st_q;
    ch_act_d   = ch_act_q;
    ch_slot_d  = ch_slot_q;
    ch_need_d  = ch_need_q;
    bd_slot_d  = bd_slot_q;
    ch_kill_d  = ch_kill_q;
    ch_bad_d   = ch_bad_q;
    ch_q_d     = ch_q_q;
    ch_gen_d   = ch_gen_q;
    ch_func_d  = ch_func_q;
    ch_first_d = ch_first_q;
    ch_cnt_d   = ch_cnt_q;
    ch_rs_d    = ch_rs_q;
    ch_len_d   = ch_len_q;
    ch_bi_d    = ch_bi_q;
    ch_off_d   = ch_off_q;
    ch_start_d = ch_start_q;
    ch_frame_d = ch_frame_q;
    ch_base_d  = ch_base_q;
    ch_log2_d  = ch_log2_q;
    ch_irq_d   = ch_irq_q;
    ch_vec_d   = ch_vec_q;
    dq1_valid_d = dq1_valid_q;
    dq1_addr_d  = dq1_addr_q;
    dq1_len_d   = dq1_len_q;
    dq1_func_d  = dq1_func_q;
    dq1_ctx_d   = dq1_ctx_q;
    rc_busy_d  = rc_busy_q;
    rci_d      = rci_q;
    fa_d = fa_q;
    fe_d = fe_q;
    fc_d = fc_q;
    fr_q_d      = fr_q_q;
    sf_pend_d   = sf_pend_q;
    frw_we      = 1'b0;
    fre_wdata   = '0;
    frc_wdata   = '0;
    cbuf_we     = 1'b0;
    cbuf_waddr  = BIW'(ch_cnt_q);
    cbuf_wdata  = {bd_addr, bd_len};
    cbuf_re     = 1'b0;
    cbuf_raddr  = '0;
    fsq_out_ready = 1'b0;
    fr_func_d   = fr_func_q;
    fr_gen_d    = fr_gen_q;
    fr_kill_d   = fr_kill_q;
    fr_issued_d = fr_issued_q;
    fr_out_d    = fr_out_q;
    fr_dmaerr_d = fr_dmaerr_q;
    fr_sent_d   = fr_sent_q;
    fr_stale_d  = fr_stale_q;
    bu_wr_d   = bu_wr_q;
    bu_used_d = bu_used_q;
    eg_act_d  = eg_act_q;
    eg_beat_d = eg_beat_q;
    rp_valid_d = 1'b0;
    rp_half_d  = rp_half_q;
    rp_bank_d  = rp_bank_q;
    rp_keep_d  = rp_keep_q;
    rp_last_d  = rp_last_q;
    rp_func_d  = rp_func_q;
    rp_qn_d    = rp_qn_q;
    rp_len_d   = rp_len_q;
    of_data_d = of_data_q;
    of_keep_d = of_keep_q;
    of_last_d = of_last_q;
    of_func_d = of_func_q;
    of_qn_d   = of_qn_q;
    of_len_d  = of_len_q;
    of_rd_d   = of_rd_q;
    of_wr_d   = of_wr_q;
    of_cnt_d  = of_cnt_q;
    cp_act_d  = cp_act_q;
    cp_skip_d = cp_skip_q;
    cp_rs_d   = cp_rs_q;
    cp_rem_d  = cp_rem_q;
    cp_err_d  = cp_err_q;
    cp_wb_d   = cp_wb_q;
    dw_valid_d = dw_valid_q;
    dw_addr_d  = dw_addr_q;
    dw_func_d  = dw_func_q;
    dw_err_d   = dw_err_q;
    ev_valid_d  = 1'b0;
    ev_q_d      = ev_q_q;
    ev_func_d   = ev_func_q;
    ev_bytes_d  = ev_bytes_q;
    ev_err_d    = ev_err_q;
    irq_valid_d = 1'b0;
    irq_func_d  = irq_func_q;
    irq_vec_d   = irq_vec_q;
    charge_d       = 1'b0;
    charge_func_d  = charge_func_q;
    charge_bytes_d = charge_bytes_q;

    dn_q       = '0;
    dn_gen     = '0;
    sel_v      = 1'b0;
    sel_s      = '0;
    dr_re      = 1'b0;
    dr_raddr   = '0;
    si_re      = 1'b0;
    si_raddr   = '0;
    si_we      = 1'b0;
    si_waddr   = tk_slot_q;
    si_wdata   = {ans_idx, ans_n, ans_base[63:4], ans_log2, ans_irq_en, ans_vector};
    ls_re      = 1'b0;
    ls_raddr   = QIW'(op_q[0]);
    ls_we      = 1'b0;
    ls_waddr   = QIW'(ans_q);
    ls_wdata   = {tk_slot_q, tag_q};
    fl_in_valid  = 1'b0;
    fl_in_data   = '0;
    fl_out_ready = 1'b0;
    oq_in_valid  = 1'b0;
    oq_in_data   = {tk_slot_q, tag_q};
    oq_out_ready = 1'b0;
    er_in_valid  = 1'b0;
    er_in_data   = '0;
    er_out_ready = 1'b0;
    rc_we        = 1'b0;
    rc_waddr     = rf_out_data;
    rc_wdata     = '0;
    rc_wframe    = ch_frame_q;
    rf_in_valid  = 1'b0;
    rf_in_data   = '0;
    rf_out_ready = 1'b0;
    if (rci_q != (RW + 1)'(ReadCtx)) begin
      rf_in_valid = 1'b1;
      rf_in_data  = RW'(rci_q);
      rci_d       = rci_q + 1'b1;
    end
    // free list fill after reset
    if (ini_q != (SW + 1)'(DescSlots)) begin
      fl_in_valid = 1'b1;
      fl_in_data  = SW'(ini_q);
      ini_d       = ini_q + 1'b1;
    end
    bk_re      = 1'b0;
    bk_ridx    = '0;

    // ---- request registers drain ----
    if (dq0_valid_q && drd_req_ready_i[0]) dq0_valid_d = 1'b0;
    if (dq1_valid_q && drd_req_ready_i[1]) dq1_valid_d = 1'b0;
    if (dw_valid_q && dwr_ready_i) dw_valid_d = 1'b0;

    // ---- scheduler: a TAKE issued; its answer fills the reserved slot and the MRd ----
    if (op_valid[0] && op_ready[0]) begin
      tk_busy_d   = 1'b1;
      tk_direct_d = sc_dir;
      tk_res_d    = op_n[0] != 5'd0;
      tk_q_d      = op_q[0];
      tk_kill_d   = 1'b0;
      ls_re       = 1'b1;          // the ring's last slot, for the answer's link
      if (op_n[0] != 5'd0) begin
        if (sp_v_q) begin
          tk_slot_d = sp_q;
          sp_v_d    = 1'b0;
        end else begin
          tk_slot_d    = fl_out_data;
          fl_out_ready = 1'b1;
        end
      end
    end
    if (tk_busy_q && !tk_ans && (32'(tk_q_q) < NumQp) &&
        func_ok(owner_i[QIW'(tk_q_q)], freset_i)) begin
      tk_kill_d = 1'b1;   // the owner was reset while the TAKE was in flight
    end
    if (tk_ans) begin
      tk_busy_d = 1'b0;
      if (tk_res_q && !ans_ok) begin
        sp_v_d = 1'b1;                 // keep the reserved slot for the next TAKE
        sp_d   = tk_slot_q;
      end
      if (ans_ok && tk_res_q) begin
        // FETCH has advanced inside the rings; ans_idx is FETCH before the take
        dq0_valid_d = 1'b1;
        dq0_addr_d  = ans_base + {48'h0, ans_idx, 4'h0};
        dq0_len_d   = {5'h0, ans_n, 4'h0};
        dq0_func_d  = owner_i[QIW'(ans_q)];
        dq0_slot_d  = tk_slot_q;
        for (int k = 0; k < int'(DescSlots); k++) begin
          if (tk_slot_q == SW'(k)) begin
            sl_busy_d[k] = 1'b1;
            sl_done_d[k] = 1'b0;
            sl_err_d[k] = 1'b0;
            sl_errp_d[k] = 1'b0;
            sl_kill_d[k] = tk_kill_q || func_ok(owner_i[QIW'(ans_q)], freset_i);
            sl_q_d[k] = ans_q;
            sl_gen_d[k] = ans_gen;
            sl_func_d[k] = owner_i[QIW'(ans_q)];
            sl_pos_d[k] = '0;
            sl_tag_d[k] = tag_q;
            sl_nxt_v_d[k] = 1'b0;
          end
        end
        tag_d       = tag_q + 1'b1;
        si_we       = 1'b1;
        oq_in_valid = 1'b1;
        ls_we       = 1'b1;
        // chain continuation: the chain waiting for this ring takes the slot; otherwise the
        // ring's previous slot, if still unused, links to it
        if (ch_act_q && ch_need_q && ch_q_q == ans_q && ch_gen_q == ans_gen) begin
          ch_slot_d = tk_slot_q;
          ch_need_d = 1'b0;
        end else if (sl_busy_q[ls_rdata[TagW +: SW]] &&
                     sl_tag_q[ls_rdata[TagW +: SW]] == ls_rdata[TagW-1:0] &&
                     sl_q_q[ls_rdata[TagW +: SW]] == ans_q &&
                     sl_gen_q[ls_rdata[TagW +: SW]] == ans_gen) begin
          for (int k = 0; k < int'(DescSlots); k++) begin
            if (ls_rdata[TagW +: SW] == SW'(k)) begin
              sl_nxt_v_d[k] = 1'b1;
              sl_nxt_d[k] = tk_slot_q;
            end
          end
        end
      end
    end

    // ---- ERR taken by the rings ----
    if (op_valid[2] && op_ready[2]) begin
      for (int k = 0; k < int'(DescSlots); k++) begin
        if (er_idx == SW'(k)) sl_errp_d[k] = 1'b0;
      end
      er_out_ready      = 1'b1;
    end

    // ---- builder ----
    case (bd_st_q)
      BdSel: begin
        // the slot to read: the open chain's, else the oldest slot (order queue head; a stale
        // entry is dropped)
        sel_v = 1'b0;
        sel_s = ch_slot_q;
        if (ch_act_q) begin
          sel_v = !ch_need_q;
        end else if (oq_out_valid) begin
          sel_s = oq_slot;
          if (!sl_busy_q[oq_slot] || sl_tag_q[oq_slot] != oq_tag) begin
            oq_out_ready = 1'b1;
          end else begin
            sel_v = 1'b1;
          end
        end
        if (sel_v && sl_done_q[sel_s] && !sl_errp_q[sel_s]) begin
          if (sl_err_q[sel_s] || sl_kill_q[sel_s]) begin
            // nothing of a failed or killed burst is used (a chain in it goes with it)
            for (int k = 0; k < int'(DescSlots); k++) begin
              if (sel_s == SW'(k)) sl_busy_d[k] = 1'b0;
            end
            fl_in_valid = 1'b1;
            fl_in_data  = sel_s;
            ch_act_d    = 1'b0;
          end else begin
            dr_re     = 1'b1;
            dr_raddr  = DAW'(32'(sel_s) * BurstDescs + 32'(sl_pos_q[sel_s]));
            si_re     = 1'b1;
            si_raddr  = sel_s;
            bd_slot_d = sel_s;
            bd_st_d   = BdParse;
          end
        end else if (ch_act_q && ch_need_q && ch_kill_q) begin
          ch_act_d = 1'b0;                     // killed chain with nothing more to read
        end else if (bd_sticky && tk_ans && tk_direct_q && ans_q == ch_q_q) begin
          // the answer of the direct TAKE of the chain's ring (an ok answer of the same gen
          // fills a slot the chain continues from, above)
          if (ans_gen != ch_gen_q) begin
            ch_act_d = 1'b0;                   // the ring was reset: drop the chain silently
          end else if (!ans_ok) begin
            ch_bad_d = 1'b1;                   // chain cut by TAIL (or the ring disabled)
            bd_st_d  = BdDecide;
          end
        end
      end
      BdParse: begin
        // the descriptor at bd_slot's position and the slot's TAKE answer are here
        if (!ch_act_q) begin
          ch_act_d   = 1'b1;
          ch_kill_d  = 1'b0;
          ch_bad_d   = 1'b0;
          ch_slot_d  = bd_slot_q;
          ch_need_d  = 1'b0;
          ch_q_d     = sl_q_q[bd_slot_q];
          ch_gen_d   = sl_gen_q[bd_slot_q];
          ch_func_d  = sl_func_q[bd_slot_q];
          ch_first_d = bi_idx + 12'(sl_pos_q[bd_slot_q]);
          ch_base_d  = bi_base;
          ch_log2_d  = bi_log2;
          ch_irq_d   = bi_irq;
          ch_vec_d   = bi_vec;
          ch_cnt_d   = '0;
          ch_rs_d    = '0;
          ch_len_d   = '0;
        end
        if (ch_cnt_d < 5'(MaxBufs)) begin
          cbuf_we    = 1'b1;
          cbuf_waddr = BIW'(ch_cnt_d);
        end
        for (int k = 0; k < int'(MB1); k++) begin
          if (32'(ch_cnt_d) == k) ch_rs_d[k] = bd_rs;
        end
        ch_bad_d  = ch_bad_d || (bd_len == 14'h0);
        ch_len_d  = ch_len_d + 19'(bd_len);
        ch_cnt_d  = ch_cnt_d + 1'b1;
        for (int k = 0; k < int'(DescSlots); k++) begin
          if (bd_slot_q == SW'(k)) sl_pos_d[k] = sl_pos_q[bd_slot_q] + 1'b1;
        end
        bd_st_d = BdSel;
        if (sl_pos_q[bd_slot_q] + 1'b1 == bi_n) begin
          for (int k = 0; k < int'(DescSlots); k++) begin
            if (bd_slot_q == SW'(k)) sl_busy_d[k] = 1'b0;
          end
          fl_in_valid = 1'b1;
          fl_in_data  = bd_slot_q;
          // the chain goes on in the ring's next slot (linked, maybe this cycle) or waits
          if (sl_nxt_v_d[bd_slot_q]) ch_slot_d = sl_nxt_d[bd_slot_q];
          else                       ch_need_d = 1'b1;
        end
        if (bd_eop || ch_cnt_d == 5'(MB1)) begin
          if (!bd_eop) ch_bad_d = 1'b1;
          bd_st_d = BdDecide;
        end
      end
      BdDecide: begin
        cbuf_re    = 1'b1;          // buffer 0 of the chain, for BdIssue
        cbuf_raddr = '0;
        if (ch_kill_q) begin
          ch_act_d = 1'b0;
          bd_st_d  = BdSel;
        end else if (!fr_full && (dc_code != ErrOk || dc_fit)) begin
          fa_d      = fa_q + 1'b1;
          frw_we    = 1'b1;
          fre_wdata = {bu_wr_q, dc_len, ch_func_q, ch_q_q, dc_code != ErrOk};
          frc_wdata = {ch_q_q, ch_func_q, ch_gen_q, dc_len,
                       (dc_code == ErrOk) ? dc_units : (UW + 1)'(0), ch_cnt_q, ch_first_q,
                       ch_rs_q, dc_code, dc_code != ErrOk, ch_base_q, ch_log2_q, ch_irq_q,
                       ch_vec_q};
          for (int k = 0; k < int'(FrameSlots); k++) begin
            if (fa_q[FW-1:0] == FW'(k)) begin
              fr_q_d[k]      = ch_q_q;
              fr_func_d[k]   = ch_func_q;
              fr_gen_d[k]    = ch_gen_q;
              fr_kill_d[k]   = 1'b0;
              fr_issued_d[k] = 1'b0;
              fr_out_d[k]    = '0;
              fr_dmaerr_d[k] = 1'b0;
              fr_sent_d[k]   = 1'b0;
              fr_stale_d[k]  = 1'b0;
            end
          end
          if (dc_code == ErrOk) begin
            bu_wr_d   = bu_wr_q + UW'(dc_units);
            bu_used_d = bu_used_q + dc_units;
            charge_d       = 1'b1;
            charge_func_d  = ch_func_q;
            charge_bytes_d = {2'b00, dc_len} + 16'd4;
            ch_frame_d = fa_q[FW-1:0];
            ch_start_d = bu_wr_q;
            ch_bi_d    = '0;
            ch_off_d   = '0;
            bd_st_d    = BdIssue;
          end else begin
            ch_act_d = 1'b0;
            bd_st_d  = BdSel;
          end
        end
      end
      BdIssue: begin
        // buffer ch_bi of the chain is on the chain buffer RAM's output
        if (fr_kill_q[ch_frame_q]) begin
          // the function was reset: no more reads for this frame (those out complete into
          // nothing; the frame is dropped at egress)
          for (int k = 0; k < int'(FrameSlots); k++) begin
            if (ch_frame_q == FW'(k)) fr_issued_d[k] = 1'b1;
          end
          ch_act_d = 1'b0;
          bd_st_d  = BdSel;
        end else if ((!dq1_valid_q || drd_req_ready_i[1]) && rf_out_valid) begin
          dq1_valid_d = 1'b1;
          dq1_addr_d  = cbuf_addr;
          dq1_len_d   = cbuf_len;
          dq1_func_d  = ch_func_q;
          dq1_ctx_d   = rf_out_data;
          rf_out_ready = 1'b1;
          for (int k = 0; k < int'(ReadCtx); k++) begin
            if (rf_out_data == RW'(k)) rc_busy_d[k] = 1'b1;
          end
          rc_we    = 1'b1;
          rc_wdata = {{ch_start_q, 3'b000} + BAW'(ch_off_q) - BAW'(cbuf_addr[1:0]),
                      cbuf_addr[1:0],
                      {13'h0, cbuf_addr[1:0]} + {1'b0, cbuf_len}};
          for (int k = 0; k < int'(FrameSlots); k++) begin
            if (ch_frame_q == FW'(k)) fr_out_d[k] = fr_out_d[k] + 1'b1;
          end
          ch_off_d   = ch_off_q + cbuf_len;
          ch_bi_d    = ch_bi_q + 1'b1;
          cbuf_re    = 1'b1;          // the next buffer
          cbuf_raddr = BIW'(ch_bi_q + 1'b1);
          if (ch_bi_q + 1'b1 == (BIW + 1)'(ch_cnt_q)) begin
            for (int k = 0; k < int'(FrameSlots); k++) begin
              if (ch_frame_q == FW'(k)) fr_issued_d[k] = 1'b1;
            end
            ch_act_d = 1'b0;
            bd_st_d  = BdSel;
          end
        end
      end
      default: bd_st_d = BdSel;
    endcase

    // ---- descriptor read ends ----
    if (drd_done_valid_i && !drd_done_client_i && (32'(drd_done_cookie_i) < DescSlots) &&
        sl_busy_q[SW'(drd_done_cookie_i)]) begin
      for (int k = 0; k < int'(DescSlots); k++) begin
        if (SW'(drd_done_cookie_i) == SW'(k)) begin
          sl_done_d[k] = 1'b1;
          sl_err_d[k] = drd_done_err_i;
        end
      end
      if (drd_done_err_i) begin
        // the ring stops (ERR through port 2): its later bursts and its open chain complete
        // into nothing, its frames already built get no completion
        for (int k = 0; k < int'(DescSlots); k++) begin
          if (SW'(drd_done_cookie_i) == SW'(k)) sl_errp_d[k] = !sl_kill_q[SW'(drd_done_cookie_i)];
        end
        er_in_valid = !sl_kill_q[SW'(drd_done_cookie_i)];
        er_in_data  = SW'(drd_done_cookie_i);
        dn_q   = sl_q_q[SW'(drd_done_cookie_i)];
        dn_gen = sl_gen_q[SW'(drd_done_cookie_i)];
        for (int j = 0; j < DescSlots; j++) begin
          if (sl_q_d[j] == dn_q && sl_gen_d[j] == dn_gen) sl_kill_d[j] = 1'b1;
        end
        if (ch_act_d && ch_q_d == dn_q && ch_gen_d == dn_gen) ch_kill_d = 1'b1;
        for (int j = 0; j < FrameSlots; j++) begin
          if (fr_q_d[j] == dn_q && fr_gen_d[j] == dn_gen) fr_stale_d[j] = 1'b1;
        end
      end
    end

    // ---- data read ends ----
    // (registered with the context's frame slot read from its RAM)
    if (de_valid_q) begin
      for (int k = 0; k < int'(ReadCtx); k++) begin
        if (de_ctx_q == RW'(k)) rc_busy_d[k] = 1'b0;
      end
      rf_in_valid = 1'b1;
      rf_in_data  = de_ctx_q;
      for (int k = 0; k < int'(FrameSlots); k++) begin
        if (rcf_rdata == FW'(k)) begin
          fr_out_d[k] = fr_out_d[k] - 1'b1;
          if (de_err_q) fr_dmaerr_d[k] = 1'b1;
        end
      end
    end

    // ---- egress: frame reads into the output FIFO ----
    if (rp_valid_q) begin
      for (int k = 0; k < 3; k++) begin
        if (of_wr_q == 2'(k)) begin
          of_data_d[k] = rp_half_q ? bk_rdata_q[rp_bank_q][127:64] : bk_rdata_q[rp_bank_q][63:0];
          of_keep_d[k] = rp_keep_q;
          of_last_d[k] = rp_last_q;
          of_func_d[k] = rp_func_q;
          of_qn_d[k]   = rp_qn_q;
          of_len_d[k]  = rp_len_q;
        end
      end
      of_wr_d = (of_wr_q == 2'd2) ? 2'd0 : of_wr_q + 1'b1;
    end
    if (fo_valid_o && fo_ready_i) begin
      of_rd_d = (of_rd_q == 2'd2) ? 2'd0 : of_rd_q + 1'b1;
    end
    of_cnt_d = of_cnt_q + {1'b0, rp_valid_q} - {1'b0, fo_valid_o && fo_ready_i};

    if (!eg_act_q && fe_ready && fe_skip) begin
      fe_d = fe_q + 1'b1;
    end else if ((eg_act_q || (fe_ready && !fe_skip)) &&
                 ({1'b0, of_cnt_q} + {2'b00, rp_valid_q} < 3'd3)) begin
      bk_re      = 1'b1;
      bk_ridx    = eg_unit[UW-1:2];
      rp_valid_d = 1'b1;
      rp_half_d  = eg_unit[0];
      rp_bank_d  = eg_unit[1];
      rp_func_d  = ei_func;
      rp_qn_d    = ei_q;
      rp_len_d   = ei_len;
      rp_last_d  = ({1'b0, eg_cur} + 1'b1 == eg_nbeats);
      rp_keep_d  = (rp_last_d && ei_len[2:0] != 3'd0) ?
                   8'((9'h1 << ei_len[2:0]) - 9'h1) : 8'hFF;
      if (!eg_act_q) begin
        sf_pend_d = sf_pend_d + 1'b1;          // its fs comes in fo order
        for (int k = 0; k < int'(FrameSlots); k++) begin
          if (fe_i == FW'(k)) fr_sent_d[k] = 1'b1;
        end
      end
      if (rp_last_d) begin
        eg_act_d  = 1'b0;
        eg_beat_d = '0;
        fe_d = fe_q + 1'b1;
      end else begin
        eg_act_d  = 1'b1;
        eg_beat_d = eg_cur + 1'b1;
      end
    end

    if (fsq_in_valid) sf_pend_d = sf_pend_d - 1'b1;

    // ---- completion: write-backs, HEAD, ev, irq ----
    if (!cp_act_q) begin
      if (fc_ready) begin
        fsq_out_ready = fr_sent_q[fc_i];      // the fs of this frame
        cp_act_d  = 1'b1;
        cp_skip_d = fr_kill_q[fc_i] || fr_stale_q[fc_i];
        cp_rs_d   = ci_rs;
        cp_rem_d  = ci_cnt;
        cp_err_d  = ci_drop ? ci_code :
                    fr_dmaerr_q[fc_i] ? ErrDma :
                    fr_sent_q[fc_i] ? fsq_code : ci_code;
        cp_wb_d   = 1'b0;
      end
    end else if (cp_skip_q || fr_kill_q[fc_i]) begin
      cp_act_d = 1'b0;
      fc_d = fc_q + 1'b1;
      bu_used_d = bu_used_d - ci_units;
    end else if (cp_rs_q != '0) begin
      if (!dw_valid_q || dwr_ready_i) begin
        dw_valid_d = 1'b1;
        dw_addr_d  = {ci_base, 4'h0} + {48'h0, cp_idx, 4'hC};
        dw_func_d  = ci_func;
        dw_err_d   = cp_err_q;
        cp_rs_d    = cp_rs_q & ~cp_low;
        cp_wb_d    = 1'b1;
      end
    end else if (cp_hadv && op_ready[1]) begin
      cp_rem_d   = cp_rem_q - cp_hadv_n;
      if (cp_rem_q == cp_hadv_n) begin
        ev_valid_d  = 1'b1;
        ev_q_d      = ci_q;
        ev_func_d   = ci_func;
        ev_bytes_d  = ci_len;
        ev_err_d    = cp_err_q;
        irq_valid_d = cp_wb_q && ci_irq;
        irq_func_d  = ci_func;
        irq_vec_d   = ci_vec;
        cp_act_d = 1'b0;
        fc_d = fc_q + 1'b1;
        bu_used_d = bu_used_d - ci_units;
      end
    end

    // ---- a rejected TAIL stopped a ring: as a failed descriptor read, without the ERR ----
    if (bad_tail_o) begin
      for (int j = 0; j < DescSlots; j++) begin
        if (sl_q_d[j] == bad_tail_q_o) sl_kill_d[j] = 1'b1;
      end
      if (ch_act_d && ch_q_d == bad_tail_q_o) ch_kill_d = 1'b1;
      for (int j = 0; j < FrameSlots; j++) begin
        if (fr_q_d[j] == bad_tail_q_o) fr_stale_d[j] = 1'b1;
      end
    end

    // ---- function reset: drop everything of the function ----
    for (int j = 0; j < DescSlots; j++) begin
      if (func_ok(sl_func_d[j], freset_i)) sl_kill_d[j] = 1'b1;
    end
    if (func_ok(ch_func_d, freset_i)) ch_kill_d = 1'b1;
    for (int j = 0; j < FrameSlots; j++) begin
      if (func_ok(fr_func_d[j], freset_i)) fr_kill_d[j] = 1'b1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sl_busy_q  <= '0;
      sl_done_q  <= '0;
      sl_err_q   <= '0;
      sl_kill_q  <= '0;
      sl_q_q     <= '0;
      sl_gen_q   <= '0;
      sl_func_q  <= '0;
      sl_pos_q   <= '0;
      sl_errp_q <= '0;
      sl_tag_q   <= '0;
      sl_nxt_v_q <= '0;
      sl_nxt_q   <= '0;
      tag_q      <= '0;
      ini_q      <= '0;
      sp_v_q     <= 1'b0;
      sp_q       <= '0;
      tk_busy_q   <= 1'b0;
      tk_direct_q <= 1'b0;
      tk_res_q    <= 1'b0;
      tk_slot_q   <= '0;
      tk_q_q      <= '0;
      tk_kill_q   <= 1'b0;
      dq0_valid_q <= 1'b0;
      dq0_addr_q  <= '0;
      dq0_len_q   <= '0;
      dq0_func_q  <= '0;
      dq0_slot_q  <= '0;
      bd_st_q    <= BdSel;
      ch_act_q   <= 1'b0;
      ch_slot_q  <= '0;
      ch_need_q  <= 1'b0;
      bd_slot_q  <= '0;
      ch_kill_q  <= 1'b0;
      ch_bad_q   <= 1'b0;
      ch_q_q     <= '0;
      ch_gen_q   <= '0;
      ch_func_q  <= '0;
      ch_first_q <= '0;
      ch_cnt_q   <= '0;
      ch_rs_q    <= '0;
      ch_len_q   <= '0;
      ch_bi_q    <= '0;
      ch_off_q   <= '0;
      ch_start_q <= '0;
      ch_frame_q <= '0;
      ch_base_q <= '0;
      ch_log2_q <= '0;
      ch_irq_q <= '0;
      ch_vec_q <= '0;
      dq1_valid_q <= 1'b0;
      dq1_addr_q  <= '0;
      dq1_len_q   <= '0;
      dq1_func_q  <= '0;
      dq1_ctx_q   <= '0;
      rc_busy_q  <= '0;
      rci_q      <= '0;
      fa_q <= '0;
      fe_q <= '0;
      fc_q <= '0;
      fr_q_q      <= '0;
      sf_pend_q   <= '0;
      fr_func_q   <= '0;
      fr_gen_q    <= '0;
      fr_kill_q   <= '0;
      fr_issued_q <= '0;
      fr_out_q    <= '0;
      fr_dmaerr_q <= '0;
      fr_sent_q   <= '0;
      fr_stale_q <= '0;
      bu_wr_q   <= '0;
      bu_used_q <= '0;
      eg_act_q  <= 1'b0;
      eg_beat_q <= '0;
      rp_valid_q <= 1'b0;
      rp_half_q  <= 1'b0;
      rp_bank_q  <= 1'b0;
      rp_keep_q  <= '0;
      rp_last_q  <= 1'b0;
      rp_func_q  <= '0;
      rp_qn_q    <= '0;
      rp_len_q   <= '0;
      of_data_q <= '0;
      of_keep_q <= '0;
      of_last_q <= '0;
      of_func_q <= '0;
      of_qn_q   <= '0;
      of_len_q  <= '0;
      of_rd_q   <= '0;
      of_wr_q   <= '0;
      of_cnt_q  <= '0;
      cp_act_q  <= 1'b0;
      cp_skip_q <= 1'b0;
      cp_rs_q   <= '0;
      cp_rem_q  <= '0;
      cp_err_q  <= '0;
      cp_wb_q   <= 1'b0;
      dw_valid_q <= 1'b0;
      dw_addr_q  <= '0;
      dw_func_q  <= '0;
      dw_err_q   <= '0;
      ev_valid_q  <= 1'b0;
      ev_q_q      <= '0;
      ev_func_q   <= '0;
      ev_bytes_q  <= '0;
      ev_err_q    <= '0;
      irq_valid_q <= 1'b0;
      irq_func_q  <= '0;
      irq_vec_q   <= '0;
      charge_q       <= 1'b0;
      charge_func_q  <= '0;
      charge_bytes_q <= '0;
    end else begin
      sl_busy_q  <= sl_busy_d;
      sl_done_q  <= sl_done_d;
      sl_err_q   <= sl_err_d;
      sl_kill_q  <= sl_kill_d;
      sl_q_q     <= sl_q_d;
      sl_gen_q   <= sl_gen_d;
      sl_func_q  <= sl_func_d;
      sl_pos_q   <= sl_pos_d;
      sl_errp_q <= sl_errp_d;
      sl_tag_q   <= sl_tag_d;
      sl_nxt_v_q <= sl_nxt_v_d;
      sl_nxt_q   <= sl_nxt_d;
      tag_q      <= tag_d;
      ini_q      <= ini_d;
      sp_v_q     <= sp_v_d;
      sp_q       <= sp_d;
      tk_busy_q   <= tk_busy_d;
      tk_direct_q <= tk_direct_d;
      tk_res_q    <= tk_res_d;
      tk_slot_q   <= tk_slot_d;
      tk_q_q      <= tk_q_d;
      tk_kill_q   <= tk_kill_d;
      dq0_valid_q <= dq0_valid_d;
      dq0_addr_q  <= dq0_addr_d;
      dq0_len_q   <= dq0_len_d;
      dq0_func_q  <= dq0_func_d;
      dq0_slot_q  <= dq0_slot_d;
      bd_st_q    <= bd_st_d;
      ch_act_q   <= ch_act_d;
      ch_slot_q  <= ch_slot_d;
      ch_need_q  <= ch_need_d;
      bd_slot_q  <= bd_slot_d;
      ch_kill_q  <= ch_kill_d;
      ch_bad_q   <= ch_bad_d;
      ch_q_q     <= ch_q_d;
      ch_gen_q   <= ch_gen_d;
      ch_func_q  <= ch_func_d;
      ch_first_q <= ch_first_d;
      ch_cnt_q   <= ch_cnt_d;
      ch_rs_q    <= ch_rs_d;
      ch_len_q   <= ch_len_d;
      ch_bi_q    <= ch_bi_d;
      ch_off_q   <= ch_off_d;
      ch_start_q <= ch_start_d;
      ch_frame_q <= ch_frame_d;
      ch_base_q <= ch_base_d;
      ch_log2_q <= ch_log2_d;
      ch_irq_q <= ch_irq_d;
      ch_vec_q <= ch_vec_d;
      dq1_valid_q <= dq1_valid_d;
      dq1_addr_q  <= dq1_addr_d;
      dq1_len_q   <= dq1_len_d;
      dq1_func_q  <= dq1_func_d;
      dq1_ctx_q   <= dq1_ctx_d;
      rc_busy_q  <= rc_busy_d;
      rci_q      <= rci_d;
      fa_q <= fa_d;
      fe_q <= fe_d;
      fc_q <= fc_d;
      fr_q_q      <= fr_q_d;
      sf_pend_q   <= sf_pend_d;
      fr_func_q   <= fr_func_d;
      fr_gen_q    <= fr_gen_d;
      fr_kill_q   <= fr_kill_d;
      fr_issued_q <= fr_issued_d;
      fr_out_q    <= fr_out_d;
      fr_dmaerr_q <= fr_dmaerr_d;
      fr_sent_q   <= fr_sent_d;
      fr_stale_q <= fr_stale_d;
      bu_wr_q   <= bu_wr_d;
      bu_used_q <= bu_used_d;
      eg_act_q  <= eg_act_d;
      eg_beat_q <= eg_beat_d;
      rp_valid_q <= rp_valid_d;
      rp_half_q  <= rp_half_d;
      rp_bank_q  <= rp_bank_d;
      rp_keep_q  <= rp_keep_d;
      rp_last_q  <= rp_last_d;
      rp_func_q  <= rp_func_d;
      rp_qn_q    <= rp_qn_d;
      rp_len_q   <= rp_len_d;
      of_data_q <= of_data_d;
      of_keep_q <= of_keep_d;
      of_last_q <= of_last_d;
      of_func_q <= of_func_d;
      of_qn_q   <= of_qn_d;
      of_len_q  <= of_len_d;
      of_rd_q   <= of_rd_d;
      of_wr_q   <= of_wr_d;
      of_cnt_q  <= of_cnt_d;
      cp_act_q  <= cp_act_d;
      cp_skip_q <= cp_skip_d;
      cp_rs_q   <= cp_rs_d;
      cp_rem_q  <= cp_rem_d;
      cp_err_q  <= cp_err_d;
      cp_wb_q   <= cp_wb_d;
      dw_valid_q <= dw_valid_d;
      dw_addr_q  <= dw_addr_d;
      dw_func_q  <= dw_func_d;
      dw_err_q   <= dw_err_d;
      ev_valid_q  <= ev_valid_d;
      ev_q_q      <= ev_q_d;
      ev_func_q   <= ev_func_d;
      ev_bytes_q  <= ev_bytes_d;
      ev_err_q    <= ev_err_d;
      irq_valid_q <= irq_valid_d;
      irq_func_q  <= irq_func_d;
      irq_vec_q   <= irq_vec_d;
      charge_q       <= charge_d;
      charge_func_q  <= charge_func_d;
      charge_bytes_q <= charge_bytes_d;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Outputs
  // ---------------------------------------------------------------------------------------
  assign drd_req_valid_o  = {dq1_valid_q, dq0_valid_q};
  assign drd_req_addr_o   = {dq1_addr_q, dq0_addr_q};
  assign drd_req_len_o    = {dq1_len_q, dq0_len_q};
  assign drd_req_func_o   = {dq1_func_q, dq0_func_q};
  assign drd_req_cookie_o = {16'(dq1_ctx_q), 16'(dq0_slot_q)};

  assign dwr_valid_o = dw_valid_q;
  assign dwr_sof_o   = 1'b1;
  assign dwr_last_o  = 1'b1;
  assign dwr_addr_o  = dw_addr_q;
  assign dwr_len_o   = 14'd4;
  assign dwr_func_o  = dw_func_q;
  assign dwr_data_o  = {96'h0, 20'h0, dw_err_q, 7'h0, 1'b1};   // DW3: ERR 11:8, DD 0

  assign fo_valid_o = (of_cnt_q != 2'd0);
  assign fo_data_o  = of_data_q[of_rd_q];
  assign fo_keep_o  = of_keep_q[of_rd_q];
  assign fo_last_o  = of_last_q[of_rd_q];
  assign fo_func_o  = of_func_q[of_rd_q];
  assign fo_q_o     = of_qn_q[of_rd_q];
  assign fo_len_o   = of_len_q[of_rd_q];

  assign ev_valid_o  = ev_valid_q;
  assign ev_q_o      = ev_q_q;
  assign ev_func_o   = ev_func_q;
  assign ev_bytes_o  = ev_bytes_q;
  assign ev_err_o    = ev_err_q;
  assign irq_valid_o = irq_valid_q;
  assign irq_func_o  = irq_func_q;
  assign irq_vec_o   = irq_vec_q;
  assign charge_o       = charge_q;
  assign charge_func_o  = charge_func_q;
  assign charge_bytes_o = charge_bytes_q;

  assign idle_o = (sl_busy_q == '0) && (sl_errp_q == '0) && !tk_busy_q && !rings_busy &&
                  !ch_act_q && (bd_st_q == BdSel) &&
                  (ini_q == (SW + 1)'(DescSlots)) && (rci_q == (RW + 1)'(ReadCtx)) &&
                  !cb_valid_q && !de_valid_q && !dq0_valid_q &&
                  !dq1_valid_q && (rc_busy_q == '0) && (fa_q == fc_q) && !rp_valid_q &&
                  (of_cnt_q == 2'd0) && !cp_act_q && !dw_valid_q;

  logic unused_txq;
  assign unused_txq = ^{ans_fetch, ans_tail, ans_buf_size, ans_base[3:0], cw_w1[0], cw_dd[127:0],
                        bd_desc[95:64 + LenLsb + 14], fl_in_ready, fsq_in_ready, fsq_count,
                        er_in_ready, er_count, oq_count, rf_in_ready, rf_count,
                        gen_desc_ram[0].dw[1:0], gen_desc_ram[1].dw[1:0], gen_desc_ram[2].dw[1:0]};

  assign qerr_o   = op_valid[2] && op_ready[2];
  assign qerr_q_o = op_q[2];

endmodule
