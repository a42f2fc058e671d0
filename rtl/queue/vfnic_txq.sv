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
//   own_we_i/own_q_i/own_func_i (QP_OWNER writes, to the rings' and the scheduler's copies),
//   func_tx_ok_i[NumFuncs], func_max_frame_i[NumFuncs][14], freset_i
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
// Structure (this module only instantiates and wires; each part's header has its ports and
// behaviour):
// - vfnic_rings (u_rings): the TX ring manager, NumPorts = 3: port 0 scheduler (TAKE /
//   TAKE_DIRECT / TAKE n = 0 = requeue; the only port with answers), port 1 completion
//   (HADV), port 2 descriptor-fetch errors (ERR); each holds its request until op_ready. The
//   register port is the rings' (ack style), passed through.
// - vfnic_txq_sched (u_sched): which ring sends next. Pops the rings' work FIFO (doorbell
//   order = round robin), checks the owner (func_tx_ok, rate_eligible unless police, not in
//   freset) and TAKEs a burst (or requeues); TAKE_DIRECTs a chain's ring when the builder
//   waits for the chain's rest; one TAKE in flight, its descriptor slot reserved at issue.
// - vfnic_txq_desc (u_desc): descriptor fetch and cache. Descriptor slots (DescSlots bursts,
//   descriptors in RAM), one MRd per burst on DMA read client 0, slot order and chain links,
//   the ERR of a failed read (port 2), and the cursor that hands descriptors to the builder
//   in chain order.
// - vfnic_txq_frame (u_frame): frame builder. Chains of descriptors to frames (verdict,
//   shaper charge), data reads on client 1 into the frame buffer, egress on fo in frame order,
//   the frame records and per-frame status, the fs outcomes.
// - vfnic_txq_cpl (u_cpl): completion in frame order: DW3 write-backs, HEAD advance (port 1),
//   ev and irq; frees the frame's slot and buffer space.
// Interfaces between the parts (valid/ready streams or request/answer ports, fields in the
// parts' headers):
//   sched -> desc   rsv_* (slot reservation), iss_* (TAKE issued), fill_* (TAKE answer)
//   frame <-> desc  rd_* / dsc_* (descriptor read port: request, answer the next cycle),
//                   ch_* (the open chain), stop_* (a failed descriptor read stopped a ring)
//   frame <-> sched cont_req / cont_ans_* (TAKE_DIRECT of the chain's ring and its answer)
//   frame -> cpl    rec_* (completion record of a frame), cf_* (status of completion's
//                   frame), fs_head_* (fs outcomes); cpl -> frame: cpl_ptr, cpl_done/units,
//                   fs_pop
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

  input  logic                          own_we_i,
  input  logic [7:0]                    own_q_i,
  input  logic [6:0]                    own_func_i,
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

  localparam int unsigned SW     = $clog2(DescSlots);
  localparam int unsigned FW     = $clog2(FrameSlots);
  localparam int unsigned MB1    = MaxBufs + 1;           // chain length that is always bad
  localparam int unsigned UW     = $clog2(BufBytes) - 3;  // frame buffer 8-byte units
  localparam int unsigned LenLsb = vfnic_regs_pkg::TXD_LEN_LSB;

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

  // ---------------------------------------------------------------------------------------
  // Ring manager: port 0 scheduler, port 1 completion, port 2 descriptor-fetch errors
  // ---------------------------------------------------------------------------------------
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
    .own_we_i      (own_we_i),
    .own_q_i       (own_q_i),
    .own_func_i    (own_func_i),
    .freset_i      (freset_i),
    .bad_tail_o    (bad_tail_o),
    .bad_tail_q_o  (bad_tail_q_o),
    .busy_o        (rings_busy)
  );

  // ---------------------------------------------------------------------------------------
  // Interfaces between the parts
  // ---------------------------------------------------------------------------------------
  // scheduler -> descriptor cache: slot reservation, TAKE issue, TAKE answer
  logic            rsv_valid, rsv_take, fill_room;
  logic [SW-1:0]   rsv_slot;
  logic [SW+1:0]   rsv_nfree;
  logic            iss_valid;
  logic [7:0]      iss_q;
  logic            fill_valid, fill_ok, fill_kill, fill_irq;
  logic [SW-1:0]   fill_slot;
  logic [6:0]      fill_func;
  logic [7:0]      fill_q;
  logic [3:0]      fill_gen, fill_log2;
  logic [11:0]     fill_idx, fill_vec;
  logic [4:0]      fill_n;
  logic [63:0]     fill_base;
  // frame builder <-> scheduler: continuation of a chain
  logic            cont_req, cont_ans_valid, cont_ans_ok;
  logic [7:0]      cont_q, cont_ans_q;
  logic [3:0]      cont_ans_gen;
  // frame builder <-> descriptor cache: descriptor read port, open chain, ring stopped
  logic            rd_sel, rd_parse, rd_issue, rd_drop, rd_need;
  logic            ch_open;
  logic [7:0]      ch_q;
  logic [3:0]      ch_gen;
  logic [63:0]     dsc_addr;
  logic [13:0]     dsc_len;
  logic            dsc_eop, dsc_rs, dsc_irq;
  logic [7:0]      dsc_q;
  logic [3:0]      dsc_gen, dsc_log2;
  logic [6:0]      dsc_func;
  logic [11:0]     dsc_idx, dsc_vec;
  logic [59:0]     dsc_base;
  logic            stop_valid;
  logic [7:0]      stop_q;
  logic [3:0]      stop_gen;
  // frame builder <-> completion: frame records, status, fs outcomes, frames finished
  logic            rec_valid, rec_drop, rec_irq;
  logic [FW-1:0]   rec_slot;
  logic [7:0]      rec_q;
  logic [6:0]      rec_func;
  logic [3:0]      rec_gen, rec_code, rec_log2;
  logic [13:0]     rec_len;
  logic [UW:0]     rec_units, cpl_units;
  logic [4:0]      rec_cnt;
  logic [11:0]     rec_first, rec_vec;
  logic [MB1-1:0]  rec_rs;
  logic [59:0]     rec_base;
  logic [FW:0]     cpl_ptr;
  logic            cf_left, cf_sent, cf_kill, cf_stale, cf_dmaerr;
  logic            fs_head_valid, fs_pop, cpl_done;
  logic [3:0]      fs_head_code;
  logic            sched_busy, desc_idle, frame_idle, cpl_idle;

  // ---------------------------------------------------------------------------------------
  // Scheduler
  // ---------------------------------------------------------------------------------------
  vfnic_txq_sched #(
    .NumFuncs  (NumFuncs),
    .NumQp     (NumQp),
    .BurstDescs(BurstDescs),
    .DescSlots (DescSlots)
  ) u_sched (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .work_valid_i    (work_valid),
    .work_q_i        (work_q),
    .work_ready_o    (work_ready),
    .op_valid_o      (op_valid[0]),
    .op_ready_i      (op_ready[0]),
    .op_code_o       (op_code[0]),
    .op_q_o          (op_q[0]),
    .op_n_o          (op_n[0]),
    .op_gen_o        (op_gen[0]),
    .op_err_o        (op_err[0]),
    .ans_valid_i     (ans_valid),
    .ans_port_i      (ans_port),
    .ans_q_i         (ans_q),
    .ans_ok_i        (ans_ok),
    .ans_base_i      (ans_base),
    .ans_log2_i      (ans_log2),
    .ans_idx_i       (ans_idx),
    .ans_n_i         (ans_n),
    .ans_gen_i       (ans_gen),
    .ans_irq_en_i    (ans_irq_en),
    .ans_vector_i    (ans_vector),
    .own_we_i        (own_we_i),
    .own_q_i         (own_q_i),
    .own_func_i      (own_func_i),
    .func_tx_ok_i    (func_tx_ok_i),
    .freset_i        (freset_i),
    .rate_eligible_i (rate_eligible_i),
    .rate_police_i   (rate_police_i),
    .rsv_valid_i     (rsv_valid),
    .rsv_slot_i      (rsv_slot),
    .rsv_nfree_i     (rsv_nfree),
    .rsv_take_o      (rsv_take),
    .fill_room_i     (fill_room),
    .iss_valid_o     (iss_valid),
    .iss_q_o         (iss_q),
    .fill_valid_o    (fill_valid),
    .fill_ok_o       (fill_ok),
    .fill_slot_o     (fill_slot),
    .fill_kill_o     (fill_kill),
    .fill_func_o     (fill_func),
    .fill_q_o        (fill_q),
    .fill_gen_o      (fill_gen),
    .fill_idx_o      (fill_idx),
    .fill_n_o        (fill_n),
    .fill_base_o     (fill_base),
    .fill_log2_o     (fill_log2),
    .fill_irq_o      (fill_irq),
    .fill_vec_o      (fill_vec),
    .cont_req_i      (cont_req),
    .cont_q_i        (cont_q),
    .cont_ans_valid_o(cont_ans_valid),
    .cont_ans_ok_o   (cont_ans_ok),
    .cont_ans_q_o    (cont_ans_q),
    .cont_ans_gen_o  (cont_ans_gen),
    .busy_o          (sched_busy)
  );

  // ---------------------------------------------------------------------------------------
  // Descriptor fetch and cache (DMA read client 0, ring manager port 2)
  // ---------------------------------------------------------------------------------------
  vfnic_txq_desc #(
    .NumFuncs  (NumFuncs),
    .NumQp     (NumQp),
    .BurstDescs(BurstDescs),
    .DescSlots (DescSlots)
  ) u_desc (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .freset_i         (freset_i),
    .bad_tail_i       (bad_tail_o),
    .bad_tail_q_i     (bad_tail_q_o),
    .rsv_valid_o      (rsv_valid),
    .rsv_slot_o       (rsv_slot),
    .rsv_nfree_o      (rsv_nfree),
    .rsv_take_i       (rsv_take),
    .fill_room_o      (fill_room),
    .iss_valid_i      (iss_valid),
    .iss_q_i          (iss_q),
    .fill_valid_i     (fill_valid),
    .fill_ok_i        (fill_ok),
    .fill_slot_i      (fill_slot),
    .fill_kill_i      (fill_kill),
    .fill_func_i      (fill_func),
    .fill_q_i         (fill_q),
    .fill_gen_i       (fill_gen),
    .fill_idx_i       (fill_idx),
    .fill_n_i         (fill_n),
    .fill_base_i      (fill_base),
    .fill_log2_i      (fill_log2),
    .fill_irq_i       (fill_irq),
    .fill_vec_i       (fill_vec),
    .ch_open_i        (ch_open),
    .ch_q_i           (ch_q),
    .ch_gen_i         (ch_gen),
    .rd_sel_i         (rd_sel),
    .rd_issue_o       (rd_issue),
    .rd_drop_o        (rd_drop),
    .rd_need_o        (rd_need),
    .rd_parse_i       (rd_parse),
    .dsc_addr_o       (dsc_addr),
    .dsc_len_o        (dsc_len),
    .dsc_eop_o        (dsc_eop),
    .dsc_rs_o         (dsc_rs),
    .dsc_q_o          (dsc_q),
    .dsc_gen_o        (dsc_gen),
    .dsc_func_o       (dsc_func),
    .dsc_idx_o        (dsc_idx),
    .dsc_base_o       (dsc_base),
    .dsc_log2_o       (dsc_log2),
    .dsc_irq_o        (dsc_irq),
    .dsc_vec_o        (dsc_vec),
    .stop_valid_o     (stop_valid),
    .stop_q_o         (stop_q),
    .stop_gen_o       (stop_gen),
    .drd_req_valid_o  (drd_req_valid_o[0]),
    .drd_req_addr_o   (drd_req_addr_o[0]),
    .drd_req_len_o    (drd_req_len_o[0]),
    .drd_req_func_o   (drd_req_func_o[0]),
    .drd_req_cookie_o (drd_req_cookie_o[0]),
    .drd_req_ready_i  (drd_req_ready_i[0]),
    .drd_cpl_valid_i  (drd_cpl_valid_i),
    .drd_cpl_client_i (drd_cpl_client_i),
    .drd_cpl_cookie_i (drd_cpl_cookie_i),
    .drd_cpl_dw_off_i (drd_cpl_dw_off_i),
    .drd_cpl_dws_i    (drd_cpl_dws_i),
    .drd_cpl_data_i   (drd_cpl_data_i),
    .drd_done_valid_i (drd_done_valid_i),
    .drd_done_client_i(drd_done_client_i),
    .drd_done_cookie_i(drd_done_cookie_i),
    .drd_done_err_i   (drd_done_err_i),
    .op_valid_o       (op_valid[2]),
    .op_ready_i       (op_ready[2]),
    .op_code_o        (op_code[2]),
    .op_q_o           (op_q[2]),
    .op_n_o           (op_n[2]),
    .op_gen_o         (op_gen[2]),
    .op_err_o         (op_err[2]),
    .qerr_o           (qerr_o),
    .qerr_q_o         (qerr_q_o),
    .idle_o           (desc_idle)
  );

  // ---------------------------------------------------------------------------------------
  // Frame builder, data reads, frame buffer, egress (DMA read client 1, fo, fs)
  // ---------------------------------------------------------------------------------------
  vfnic_txq_frame #(
    .NumFuncs  (NumFuncs),
    .BufBytes  (BufBytes),
    .MaxBufs   (MaxBufs),
    .FrameSlots(FrameSlots),
    .ReadCtx   (ReadCtx)
  ) u_frame (
    .clk_i            (clk_i),
    .rst_ni           (rst_ni),
    .func_tx_ok_i     (func_tx_ok_i),
    .func_max_frame_i (func_max_frame_i),
    .freset_i         (freset_i),
    .rate_eligible_i  (rate_eligible_i),
    .rate_police_i    (rate_police_i),
    .charge_o         (charge_o),
    .charge_func_o    (charge_func_o),
    .charge_bytes_o   (charge_bytes_o),
    .rd_sel_o         (rd_sel),
    .rd_parse_o       (rd_parse),
    .ch_open_o        (ch_open),
    .ch_q_o           (ch_q),
    .ch_gen_o         (ch_gen),
    .rd_issue_i       (rd_issue),
    .rd_drop_i        (rd_drop),
    .rd_need_i        (rd_need),
    .dsc_addr_i       (dsc_addr),
    .dsc_len_i        (dsc_len),
    .dsc_eop_i        (dsc_eop),
    .dsc_rs_i         (dsc_rs),
    .dsc_q_i          (dsc_q),
    .dsc_gen_i        (dsc_gen),
    .dsc_func_i       (dsc_func),
    .dsc_idx_i        (dsc_idx),
    .dsc_base_i       (dsc_base),
    .dsc_log2_i       (dsc_log2),
    .dsc_irq_i        (dsc_irq),
    .dsc_vec_i        (dsc_vec),
    .cont_req_o       (cont_req),
    .cont_q_o         (cont_q),
    .cont_ans_valid_i (cont_ans_valid),
    .cont_ans_ok_i    (cont_ans_ok),
    .cont_ans_q_i     (cont_ans_q),
    .cont_ans_gen_i   (cont_ans_gen),
    .stop_valid_i     (stop_valid),
    .stop_q_i         (stop_q),
    .stop_gen_i       (stop_gen),
    .bad_tail_i       (bad_tail_o),
    .bad_tail_q_i     (bad_tail_q_o),
    .drd_req_valid_o  (drd_req_valid_o[1]),
    .drd_req_addr_o   (drd_req_addr_o[1]),
    .drd_req_len_o    (drd_req_len_o[1]),
    .drd_req_func_o   (drd_req_func_o[1]),
    .drd_req_cookie_o (drd_req_cookie_o[1]),
    .drd_req_ready_i  (drd_req_ready_i[1]),
    .drd_cpl_valid_i  (drd_cpl_valid_i),
    .drd_cpl_client_i (drd_cpl_client_i),
    .drd_cpl_cookie_i (drd_cpl_cookie_i),
    .drd_cpl_dw_off_i (drd_cpl_dw_off_i),
    .drd_cpl_dws_i    (drd_cpl_dws_i),
    .drd_cpl_data_i   (drd_cpl_data_i),
    .drd_done_valid_i (drd_done_valid_i),
    .drd_done_client_i(drd_done_client_i),
    .drd_done_cookie_i(drd_done_cookie_i),
    .drd_done_err_i   (drd_done_err_i),
    .fo_valid_o       (fo_valid_o),
    .fo_data_o        (fo_data_o),
    .fo_keep_o        (fo_keep_o),
    .fo_last_o        (fo_last_o),
    .fo_func_o        (fo_func_o),
    .fo_q_o           (fo_q_o),
    .fo_len_o         (fo_len_o),
    .fo_ready_i       (fo_ready_i),
    .fs_valid_i       (fs_valid_i),
    .fs_err_i         (fs_err_i),
    .rec_valid_o      (rec_valid),
    .rec_slot_o       (rec_slot),
    .rec_q_o          (rec_q),
    .rec_func_o       (rec_func),
    .rec_gen_o        (rec_gen),
    .rec_len_o        (rec_len),
    .rec_units_o      (rec_units),
    .rec_cnt_o        (rec_cnt),
    .rec_first_o      (rec_first),
    .rec_rs_o         (rec_rs),
    .rec_code_o       (rec_code),
    .rec_drop_o       (rec_drop),
    .rec_base_o       (rec_base),
    .rec_log2_o       (rec_log2),
    .rec_irq_o        (rec_irq),
    .rec_vec_o        (rec_vec),
    .cpl_ptr_i        (cpl_ptr),
    .cf_left_o        (cf_left),
    .cf_sent_o        (cf_sent),
    .cf_kill_o        (cf_kill),
    .cf_stale_o       (cf_stale),
    .cf_dmaerr_o      (cf_dmaerr),
    .fs_head_valid_o  (fs_head_valid),
    .fs_head_code_o   (fs_head_code),
    .fs_pop_i         (fs_pop),
    .cpl_done_i       (cpl_done),
    .cpl_units_i      (cpl_units),
    .idle_o           (frame_idle)
  );

  // ---------------------------------------------------------------------------------------
  // Completion (ring manager port 1, DMA write client, ev, irq)
  // ---------------------------------------------------------------------------------------
  vfnic_txq_cpl #(
    .BufBytes  (BufBytes),
    .MaxBufs   (MaxBufs),
    .FrameSlots(FrameSlots)
  ) u_cpl (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .rec_valid_i    (rec_valid),
    .rec_slot_i     (rec_slot),
    .rec_q_i        (rec_q),
    .rec_func_i     (rec_func),
    .rec_gen_i      (rec_gen),
    .rec_len_i      (rec_len),
    .rec_units_i    (rec_units),
    .rec_cnt_i      (rec_cnt),
    .rec_first_i    (rec_first),
    .rec_rs_i       (rec_rs),
    .rec_code_i     (rec_code),
    .rec_drop_i     (rec_drop),
    .rec_base_i     (rec_base),
    .rec_log2_i     (rec_log2),
    .rec_irq_i      (rec_irq),
    .rec_vec_i      (rec_vec),
    .cpl_ptr_o      (cpl_ptr),
    .cf_left_i      (cf_left),
    .cf_sent_i      (cf_sent),
    .cf_kill_i      (cf_kill),
    .cf_stale_i     (cf_stale),
    .cf_dmaerr_i    (cf_dmaerr),
    .fs_head_valid_i(fs_head_valid),
    .fs_head_code_i (fs_head_code),
    .fs_pop_o       (fs_pop),
    .cpl_done_o     (cpl_done),
    .cpl_units_o    (cpl_units),
    .op_valid_o     (op_valid[1]),
    .op_ready_i     (op_ready[1]),
    .op_code_o      (op_code[1]),
    .op_q_o         (op_q[1]),
    .op_n_o         (op_n[1]),
    .op_gen_o       (op_gen[1]),
    .op_err_o       (op_err[1]),
    .dwr_valid_o    (dwr_valid_o),
    .dwr_sof_o      (dwr_sof_o),
    .dwr_addr_o     (dwr_addr_o),
    .dwr_len_o      (dwr_len_o),
    .dwr_func_o     (dwr_func_o),
    .dwr_data_o     (dwr_data_o),
    .dwr_last_o     (dwr_last_o),
    .dwr_ready_i    (dwr_ready_i),
    .ev_valid_o     (ev_valid_o),
    .ev_q_o         (ev_q_o),
    .ev_func_o      (ev_func_o),
    .ev_bytes_o     (ev_bytes_o),
    .ev_err_o       (ev_err_o),
    .irq_valid_o    (irq_valid_o),
    .irq_func_o     (irq_func_o),
    .irq_vec_o      (irq_vec_o),
    .idle_o         (cpl_idle)
  );

  assign idle_o = desc_idle && !sched_busy && !rings_busy && frame_idle && cpl_idle;

  logic unused_txq;
  assign unused_txq = ^{ans_fetch, ans_tail, ans_buf_size};

endmodule

`default_nettype wire
