// SPDX-License-Identifier: MIT
// The datapath (docs/datapath.md, docs/datapath-blocks.md): queue engines, DMA, classifier,
// VEB, anti-spoof, rate limiter, mailbox, statistics and interrupt moderation behind one
// register port and the core's TLP streams. This module owns the register decode of the
// datapath windows, the PF's administration registers (FUNC[f], QP_OWNER, port control, MDD
// events) and the wiring between the blocks.
//
// Register port: an access to BAR0 offset reg_off_i of function reg_func_i that the PF/VF
// register files do not claim. The core holds the request (req and every input stable) until
// reg_ack_o; ack comes in the same cycle for the registers answered here, except a FUNC_QP
// write (after a walk over the function's window, COUNT + 1 cycles); the blocks behind the
// decode ack on their own (docs/rtl-structure.md "Register port"). While the PF reset walk
// runs (NumQp cycles after freset_i[0]) a new access waits. A write takes effect at the clock
// edge of its ack. reg_hit_o = 0 marks a hole (reads 0, the core counts a bad access).
//
// Administration state (docs/datapath-blocks.md "vfnic_dp"): FUNC[f] and QP_OWNER[q] are flop
// arrays read and written by index; the per-function policy bits (TX/RX enable, anti-spoof,
// pool flags) are bit vectors written with FUNC_FLAGS / FUNC_POOL; no logic loops over the
// functions, pairs or VFs in any cycle.
`default_nettype none

module vfnic_dp #(
  parameter int unsigned TotalVfs   = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned QpPerFunc  = 32'(vfnic_regs_pkg::QP_PER_FUNC),
  parameter int unsigned PfVectors  = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),
  parameter int unsigned VfVectors  = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  parameter int unsigned ClsEntries = 2 * (TotalVfs + 1) + 16,
  localparam int unsigned NumFuncs  = TotalVfs + 1,
  localparam int unsigned NumQp     = QpPerFunc * NumFuncs
) (
  input  logic                clk_i,
  input  logic                rst_ni,

  // register access (see above)
  input  logic                reg_req_i,
  input  logic                reg_we_i,
  input  logic [6:0]          reg_func_i,
  input  logic [15:0]         reg_off_i,
  input  logic [3:0]          reg_be_i,
  input  logic [31:0]         reg_wdata_i,
  output logic                reg_ack_o,
  output logic [31:0]         reg_rdata_o,
  output logic                reg_hit_o,

  // function state from config space
  input  logic [15:0]         rid_base_i,   // {bus, device, 000}: requester ID = base + function
  input  logic [2:0]          mps_i,        // PF Device Control Max Payload Size
  input  logic [2:0]          mrrs_i,       // PF Device Control Max Read Request Size
  input  logic [NumFuncs-1:0] bme_i,        // function may master the bus (VF: enabled, BME)
  input  logic [NumFuncs-1:0] freset_i,     // pulse: function reset (FLR, CTRL.RESET, VF Enable)
  // the VF part of freset_i as events: one VF's reset (FLR, CTRL.RESET), every VF (VF Enable
  // clear); freset_i[NumFuncs-1:1] is their OR, as one-hot and all-ones vectors
  input  logic                vf_clr_i,
  input  logic [6:0]          vf_clr_idx_i,
  input  logic                vf_clr_all_i,

  // rq: MRds and MWrs of the datapath
  output logic                rq_valid_o,
  input  logic                rq_ready_i,
  output logic [127:0]        rq_hdr_o,
  output logic [127:0]        rq_data_o,
  output logic                rq_last_o,

  // rc: completions with a tag below DMA_TAGS (the core steers them here); always taken
  input  logic                rc_valid_i,
  input  logic                rc_sof_i,
  input  logic [127:0]        rc_hdr_i,
  input  logic [127:0]        rc_data_i,
  input  logic                rc_last_i,
  output logic                rc_unexpected_o,

  // interrupt requests to the MSI-X blocks
  output logic                irq_valid_o,
  output logic [6:0]          irq_func_o,
  output logic [11:0]         irq_vec_o,
  input  logic                irq_ready_i,

  // Ethernet port (docs/datapath.md "Ethernet port")
  output logic                eth_tx_valid_o,
  input  logic                eth_tx_ready_i,
  output logic [63:0]         eth_tx_data_o,
  output logic [7:0]          eth_tx_keep_o,
  output logic                eth_tx_last_o,
  input  logic                eth_rx_valid_i,
  input  logic [63:0]         eth_rx_data_i,
  input  logic [7:0]          eth_rx_keep_i,
  input  logic                eth_rx_last_i,
  input  logic                eth_rx_err_i,
  input  logic                eth_link_up_i,

  output logic                idle_o
);


  localparam int unsigned NumFstat  = vfnic_regs_pkg::FSTAT_DROP_DOWN + 1;
  localparam int unsigned NumPstat  = vfnic_regs_pkg::PSTAT_VEB_FRAMES + 1;
  localparam int unsigned FuncW     = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;
  localparam int unsigned QpW       = (NumQp > 1) ? $clog2(NumQp) : 1;

  logic clk_g;  // the datapath's clock (see "Activity gating" below)
  logic cls_busy, etx_busy, erx_busy, shp_busy, st_busy;

  // the time base: cycles since reset, for the blocks that measure time (rate limiter,
  // interrupt moderation); it runs on clk_i, so time passes while clk_g is stopped
  logic [63:0] now_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      now_q <= '0;
    end else begin
      now_q <= now_q + 64'd1;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Boundary (docs/rtl-structure.md rule 5, "Activity gating"): every input is registered
  // on clk_g, every output stream leaves through a vfnic_skid on clk_g, so no logic inside
  // reads a signal of the core's clock. A register request is taken again only after its
  // ack (the core drops it in the cycle after the ack).
  // ---------------------------------------------------------------------------------------
  logic                reg_req_g;
  logic                reg_we_g;
  logic [6:0]          reg_func_g;
  logic [15:0]         reg_off_g;
  logic [3:0]          reg_be_g;
  logic [31:0]         reg_wdata_g;
  logic [15:0]         rid_base_g;
  logic [2:0]          mps_g;
  logic [2:0]          mrrs_g;
  logic [NumFuncs-1:0] bme_g;
  logic [NumFuncs-1:0] freset_g;
  logic                vf_clr_g;
  logic [6:0]          vf_clr_idx_g;
  logic                vf_clr_all_g;
  logic                rc_valid_g;
  logic                rc_sof_g;
  logic [127:0]        rc_hdr_g;
  logic [127:0]        rc_data_g;
  logic                rc_last_g;
  logic                eth_rx_valid_g;
  logic [63:0]         eth_rx_data_g;
  logic [7:0]          eth_rx_keep_g;
  logic                eth_rx_last_g;
  logic                eth_rx_err_g;
  logic                eth_link_up_g;
  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      reg_req_g <= '0;
      reg_we_g <= '0;
      reg_func_g <= '0;
      reg_off_g <= '0;
      reg_be_g <= '0;
      reg_wdata_g <= '0;
      rid_base_g <= '0;
      mps_g <= '0;
      mrrs_g <= '0;
      bme_g <= '0;
      freset_g <= '0;
      vf_clr_g <= '0;
      vf_clr_idx_g <= '0;
      vf_clr_all_g <= '0;
      rc_valid_g <= '0;
      rc_sof_g <= '0;
      rc_hdr_g <= '0;
      rc_data_g <= '0;
      rc_last_g <= '0;
      eth_rx_valid_g <= '0;
      eth_rx_data_g <= '0;
      eth_rx_keep_g <= '0;
      eth_rx_last_g <= '0;
      eth_rx_err_g <= '0;
      eth_link_up_g <= '0;
    end else begin
      reg_req_g <= reg_req_i && !reg_ack_o;
      reg_we_g <= reg_we_i;
      reg_func_g <= reg_func_i;
      reg_off_g <= reg_off_i;
      reg_be_g <= reg_be_i;
      reg_wdata_g <= reg_wdata_i;
      rid_base_g <= rid_base_i;
      mps_g <= mps_i;
      mrrs_g <= mrrs_i;
      bme_g <= bme_i;
      freset_g <= freset_i;
      vf_clr_g <= vf_clr_i;
      vf_clr_idx_g <= vf_clr_idx_i;
      vf_clr_all_g <= vf_clr_all_i;
      rc_valid_g <= rc_valid_i;
      rc_sof_g <= rc_sof_i;
      rc_hdr_g <= rc_hdr_i;
      rc_data_g <= rc_data_i;
      rc_last_g <= rc_last_i;
      eth_rx_valid_g <= eth_rx_valid_i;
      eth_rx_data_g <= eth_rx_data_i;
      eth_rx_keep_g <= eth_rx_keep_i;
      eth_rx_last_g <= eth_rx_last_i;
      eth_rx_err_g <= eth_rx_err_i;
      eth_link_up_g <= eth_link_up_i;
    end
  end

  // the output streams, through slices
  logic         rq_valid_n, rq_ready_n, rq_last_n, rq_slice_busy;
  logic [127:0] rq_hdr_n, rq_data_n;
  logic         etx_valid_n, etx_ready_n, etx_last_n, etx_slice_busy;
  logic [63:0]  etx_data_n;
  logic [7:0]   etx_keep_n;
  logic         irq_valid_n, irq_ready_n, irq_slice_busy;
  logic [6:0]   irq_func_n;
  logic [11:0]  irq_vec_n;

  vfnic_skid #(
    .Width(257)
  ) u_rq_slice (
    .clk_i      (clk_g),
    .rst_ni     (rst_ni),
    .in_valid_i (rq_valid_n),
    .in_ready_o (rq_ready_n),
    .in_data_i  ({rq_hdr_n, rq_data_n, rq_last_n}),
    .out_valid_o(rq_valid_o),
    .out_ready_i(rq_ready_i),
    .out_data_o ({rq_hdr_o, rq_data_o, rq_last_o}),
    .busy_o     (rq_slice_busy)
  );

  vfnic_skid #(
    .Width(73)
  ) u_eth_tx_slice (
    .clk_i      (clk_g),
    .rst_ni     (rst_ni),
    .in_valid_i (etx_valid_n),
    .in_ready_o (etx_ready_n),
    .in_data_i  ({etx_data_n, etx_keep_n, etx_last_n}),
    .out_valid_o(eth_tx_valid_o),
    .out_ready_i(eth_tx_ready_i),
    .out_data_o ({eth_tx_data_o, eth_tx_keep_o, eth_tx_last_o}),
    .busy_o     (etx_slice_busy)
  );

  vfnic_skid #(
    .Width(19)
  ) u_irq_slice (
    .clk_i      (clk_g),
    .rst_ni     (rst_ni),
    .in_valid_i (irq_valid_n),
    .in_ready_o (irq_ready_n),
    .in_data_i  ({irq_func_n, irq_vec_n}),
    .out_valid_o(irq_valid_o),
    .out_ready_i(irq_ready_i),
    .out_data_o ({irq_func_o, irq_vec_o}),
    .busy_o     (irq_slice_busy)
  );

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (TotalVfs < 1 || TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_vfs_check
    $error("TotalVfs must be 1..vfnic_regs_pkg::MAX_TOTAL_VFS");
  end
  if (QpPerFunc < 2 || QpPerFunc > 32'(vfnic_regs_pkg::MAX_LOCAL_QP) || NumQp > 256) begin : gen_qp_check
    $error("QpPerFunc must be 2..vfnic_regs_pkg::MAX_LOCAL_QP and NumQp at most 256");
  end
  if (ClsEntries < 1 || ClsEntries > 256) begin : gen_cls_check
    $error("ClsEntries must be 1..256");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // PF administration state: FUNC[f], QP_OWNER, port registers
  // ---------------------------------------------------------------------------------------
  // Flop arrays read and written by index only (one function or pair per cycle, no loops
  // in any cycle): their consumers (rings, TX/RX engines, classifier, egress) still take
  // them as vectors; see docs/rtl-structure.md for what remains.
  logic [NumFuncs-1:0][9:0]  qp_base_q;
  logic [NumFuncs-1:0][4:0]  qp_count_q;
  logic [NumFuncs-1:0][13:0] max_frame_q;
  logic [NumFuncs-1:0][47:0] mac_q;
  logic [NumFuncs-1:0][11:0] vid_q;
  logic [NumFuncs-1:0]       vlan_en_q;
  logic [NumFuncs-1:0][9:0]  flags_q;
  logic [NumFuncs-1:0][5:0]  pool_q;
  // QP_OWNER: one write port (own_we, o_q, own_nv below) into a copy per reader
  // (vfnic_owner_copy, docs/rtl-structure.md "Tables read in the cycle"): here, in vfnic_txq
  // and in vfnic_rxq; the PF reset walk (also run after rst_ni) writes every entry
  localparam int unsigned OwnReads = 7;
  logic [OwnReads-1:0][6:0]  own_rd;   // ring_ok, FUNC_QP walk, QP_OWNER read, MDD x4
  logic                      own_we;
  logic                      veb_en_q;
  logic [6:0]                dflt_pool_q;
  logic                      dflt_en_q;
  logic [31:0]               rejects_q;
  logic [95:0]               mdd_q;
  logic [31:0]               hi_latch_q, hi_latch_d;   // high DW of the last counter read

  // reset values: function f owns pairs QpPerFunc*f .. QpPerFunc*f + QpPerFunc - 1
  function automatic logic [6:0] owner_reset(int unsigned q);
    owner_reset = 7'(q / QpPerFunc);  // (Yosys has no `return`)
  endfunction
  // reset value of FUNC_QP.BASE of function f: its own QpPerFunc pairs
  function automatic logic [9:0] qp_base_reset(int unsigned f);
    qp_base_reset = 10'(f * QpPerFunc);
  endfunction

  // Per-function policy derived from FUNC_FLAGS / FUNC_POOL: bit vectors written by index
  // together with the register (and by the PF reset walk), never recomputed for every
  // function. Bus Master Enable and the port's link enter as vector masks.
  logic [NumFuncs-1:0] tx_flag_q;     // FLAGS.TX_EN and LINK not forced down
  logic [NumFuncs-1:0] rx_flag_q;     // FLAGS.RX_EN and LINK not forced down
  logic [NumFuncs-1:0] func_tx_ok;
  logic [NumFuncs-1:0] func_rx_ok;
  logic [NumFuncs-1:0] spoof_mac;
  logic [NumFuncs-1:0] spoof_vlan;
  logic [NumFuncs-1:0] pool_bcast, pool_mcast, pool_promisc, pool_untagged, qsel_hash;

  // a link forced down stops the function's traffic; the port's link state does not (the
  // MAC drops what it cannot send)
  assign func_tx_ok = tx_flag_q & bme_g;
  assign func_rx_ok = rx_flag_q & bme_g;

  // mailbox state shown in the PF's admin registers
  logic [63:0] mbx_req;
  logic [63:0] mbx_resp;
  logic [31:0] mbx_busy;

  // ---------------------------------------------------------------------------------------
  // Register decode
  // ---------------------------------------------------------------------------------------
  typedef enum logic [3:0] {
    DstNone,    // hole
    DstImm,     // answered here, this cycle
    DstTxRing,  // vfnic_txq's rings
    DstRxRing,  // vfnic_rxq's rings
    DstStat,    // counter low DW from vfnic_stats
    DstStatHi,  // counter high DW: the latch
    DstItr,
    DstCls,
    DstMbxVf,
    DstMbxPf,
    DstShaper
  } dst_e;

  dst_e        dst;
  logic [31:0] imm_rdata;
  logic [7:0]  ring_q;        // global pair of a TXQ/RXQ access
  logic [5:2]  ring_off;
  logic [1:0]  st_space;
  logic [7:0]  st_idx;
  logic [3:0]  st_cnt;
  logic [6:0]  adm_f;         // FUNC[f] of a PF admin access
  logic        is_pf;
  logic        tx_en_any_of_f;  // a ring owned by adm_f is enabled (FUNC_QP writes refused)
  logic        dec_fqp;         // the access is FUNC[adm_f].QP

  logic [NumQp-1:0] tx_en, rx_en;
  logic             tx_bad_tail, rx_bad_tail;      // a TAIL write beyond the ring: the
  logic [7:0]       tx_bad_tail_q, rx_bad_tail_q;  // owner's driver misbehaves (MDD event)
  logic             tx_qerr;                       // a TX descriptor fetch failed: the ring
  logic [7:0]       tx_qerr_q;                     // stopped (QERR DMA; MDD event)
  logic             rx_qerr;                       // ... an RX descriptor refill
  logic [7:0]       rx_qerr_q;

  // local ring i of function f -> global pair, if the function owns it
  logic [6:0]  acc_f;
  logic [3:0]  loc_i;
  logic [10:0] glob_q;
  logic        ring_ok;

  assign acc_f  = (32'(reg_func_g) < NumFuncs) ? reg_func_g : 7'd0;
  assign is_pf  = (reg_func_g == 7'd0);
  assign loc_i  = reg_off_g[9:6];
  assign glob_q = 11'(qp_base_q[FuncW'(acc_f)]) + 11'(loc_i);
  assign ring_ok = (5'(loc_i) < qp_count_q[FuncW'(acc_f)]) && (32'(glob_q) < NumQp) &&
                   (own_rd[0] == acc_f) && (32'(reg_func_g) < NumFuncs);
  assign ring_q   = glob_q[7:0];
  assign ring_off = reg_off_g[5:2];

  // port / admin and per-function values seen by reads
  logic [1:0] acc_lk;        // FUNC_FLAGS.LINK of the accessing function
  logic       acc_link_up;   // LINK as the accessing function sees it
  assign acc_lk      = flags_q[FuncW'(acc_f)][vfnic_regs_pkg::FUNC_FLAGS_LINK_LSB +: 2];
  assign acc_link_up = (acc_lk == 2'd1) || (acc_lk == 2'd0 && eth_link_up_g);
  logic [6:0] itr_vecs;   // vectors of the accessing function
  assign itr_vecs = is_pf ? 7'(PfVectors) : 7'(VfVectors);
  assign adm_f    = 7'((reg_off_g - vfnic_regs_pkg::FUNC_OFFSET) >> 8);

  always_comb begin
    dst       = DstNone;
    imm_rdata = '0;
    st_space  = 2'd0;
    st_idx    = '0;
    st_cnt    = '0;
    dec_fqp   = 1'b0;
    if (32'(reg_func_g) < NumFuncs) begin
      if (reg_off_g == vfnic_regs_pkg::REG_QUEUES) begin
        dst       = DstImm;
        imm_rdata = 32'(qp_count_q[FuncW'(acc_f)]);
      end else if (reg_off_g == vfnic_regs_pkg::REG_MAX_FRAME) begin
        dst       = DstImm;
        imm_rdata = 32'(max_frame_q[FuncW'(acc_f)]);
      end else if (reg_off_g == vfnic_regs_pkg::REG_LINK) begin
        dst       = DstImm;
        imm_rdata = 32'(acc_link_up);
      end else if (reg_off_g == vfnic_regs_pkg::REG_DP_CAPS) begin
        dst       = DstImm;
        imm_rdata = (32'(NumQp) << vfnic_regs_pkg::DP_CAPS_NUM_QP_LSB) |
                    (32'(ClsEntries) << vfnic_regs_pkg::DP_CAPS_CLS_ENTRIES_LSB);
      end else if (reg_off_g == vfnic_regs_pkg::REG_CLOCK_KHZ) begin
        dst       = DstImm;
        imm_rdata = vfnic_regs_pkg::REG_CLOCK_KHZ_RESET;
      end else if (reg_off_g >= vfnic_regs_pkg::FSTAT_OFFSET &&
                   reg_off_g < vfnic_regs_pkg::FSTAT_OFFSET + 16'(vfnic_regs_pkg::FSTAT_STRIDE * NumFstat)) begin
        dst      = reg_off_g[2] ? DstStatHi : DstStat;
        st_space = 2'd2;
        st_idx   = 8'(acc_f);
        st_cnt   = 4'((reg_off_g - vfnic_regs_pkg::FSTAT_OFFSET) >> 3);
      end else if (!is_pf && reg_off_g >= vfnic_regs_pkg::REG_MBX_CTRL && reg_off_g < vfnic_regs_pkg::REG_MBX_CTRL + 16'h100) begin
        dst = DstMbxVf;
      end else if (reg_off_g >= vfnic_regs_pkg::ITR_OFFSET &&
                   reg_off_g < vfnic_regs_pkg::ITR_OFFSET + 16'(vfnic_regs_pkg::ITR_STRIDE) * 16'(itr_vecs) &&
                   reg_off_g[3] == 1'b0) begin
        dst = DstItr;
      end else if (reg_off_g >= vfnic_regs_pkg::TXQ_OFFSET && reg_off_g < vfnic_regs_pkg::TXQ_OFFSET + 16'h400 && ring_ok) begin
        if (reg_off_g[5:0] < 6'(vfnic_regs_pkg::REG_TXQ_PKTS_LO)) begin
          dst = DstTxRing;
        end else if (reg_off_g[5:0] < 6'(vfnic_regs_pkg::REG_TXQ_DROPS_HI + 4)) begin
          dst      = reg_off_g[2] ? DstStatHi : DstStat;
          st_space = 2'd0;
          st_idx   = ring_q;
          st_cnt   = 4'((reg_off_g[5:0] - 6'(vfnic_regs_pkg::REG_TXQ_PKTS_LO)) >> 3);
        end
      end else if (reg_off_g >= vfnic_regs_pkg::RXQ_OFFSET && reg_off_g < vfnic_regs_pkg::RXQ_OFFSET + 16'h400 && ring_ok) begin
        if (reg_off_g[5:0] < 6'(vfnic_regs_pkg::REG_RXQ_PKTS_LO)) begin
          dst = DstRxRing;
        end else if (reg_off_g[5:0] < 6'(vfnic_regs_pkg::REG_RXQ_DROPS_HI + 4)) begin
          dst      = reg_off_g[2] ? DstStatHi : DstStat;
          st_space = 2'd1;
          st_idx   = ring_q;
          st_cnt   = 4'((reg_off_g[5:0] - 6'(vfnic_regs_pkg::REG_RXQ_PKTS_LO)) >> 3);
        end
      end else if (is_pf && reg_off_g >= vfnic_regs_pkg::FUNC_OFFSET &&
                   reg_off_g < vfnic_regs_pkg::FUNC_OFFSET + 16'(vfnic_regs_pkg::FUNC_STRIDE * NumFuncs)) begin
        // FUNC[f]: configuration at +0x00..+0x27, statistics at +0x80
        logic [7:0] fo;
        fo = reg_off_g[7:0];
        dst = DstImm;
        case (32'(fo))
          vfnic_regs_pkg::REG_FUNC_QP: begin
            dec_fqp   = 1'b1;
            imm_rdata = (32'(qp_base_q[FuncW'(adm_f)]) << vfnic_regs_pkg::FUNC_QP_BASE_LSB) |
                                   (32'(qp_count_q[FuncW'(adm_f)]) << vfnic_regs_pkg::FUNC_QP_COUNT_LSB);
          end
          vfnic_regs_pkg::REG_FUNC_MAX_FRAME: imm_rdata = 32'(max_frame_q[FuncW'(adm_f)]);
          vfnic_regs_pkg::REG_FUNC_MAC_LO:    imm_rdata = mac_q[FuncW'(adm_f)][31:0];
          vfnic_regs_pkg::REG_FUNC_MAC_HI:    imm_rdata = 32'(mac_q[FuncW'(adm_f)][47:32]);
          vfnic_regs_pkg::REG_FUNC_VLAN:      imm_rdata = (32'(vid_q[FuncW'(adm_f)]) << vfnic_regs_pkg::FUNC_VLAN_VID_LSB) |
                                          (32'(vlan_en_q[FuncW'(adm_f)]) << vfnic_regs_pkg::FUNC_VLAN_EN_LSB);
          vfnic_regs_pkg::REG_FUNC_FLAGS:     imm_rdata = 32'(flags_q[FuncW'(adm_f)]);
          vfnic_regs_pkg::REG_FUNC_POOL:      imm_rdata = 32'(pool_q[FuncW'(adm_f)]);
          vfnic_regs_pkg::REG_FUNC_RATE_INCR, vfnic_regs_pkg::REG_FUNC_RATE_BURST, vfnic_regs_pkg::REG_FUNC_RATE_MODE: dst = DstShaper;
          default: begin
            dst = DstNone;
            if (fo >= 8'(vfnic_regs_pkg::REG_FUNC_STAT_LO) && fo < 8'(vfnic_regs_pkg::REG_FUNC_STAT_LO + 8 * NumFstat)) begin
              dst      = fo[2] ? DstStatHi : DstStat;
              st_space = 2'd2;
              st_idx   = 8'(adm_f);
              st_cnt   = 4'((fo - 8'(vfnic_regs_pkg::REG_FUNC_STAT_LO)) >> 3);
            end
          end
        endcase
      end else if (is_pf && reg_off_g >= vfnic_regs_pkg::PSTAT_OFFSET &&
                   reg_off_g < vfnic_regs_pkg::PSTAT_OFFSET + 16'(vfnic_regs_pkg::PSTAT_STRIDE * NumPstat)) begin
        dst      = reg_off_g[2] ? DstStatHi : DstStat;
        st_space = 2'd3;
        st_cnt   = 4'((reg_off_g - vfnic_regs_pkg::PSTAT_OFFSET) >> 3);
      end else if (is_pf && reg_off_g >= vfnic_regs_pkg::QP_OWNER_OFFSET &&
                   reg_off_g < vfnic_regs_pkg::QP_OWNER_OFFSET + 16'(vfnic_regs_pkg::QP_OWNER_STRIDE * NumQp)) begin
        dst       = DstImm;
        imm_rdata = 32'(own_rd[2]);
      end else if (is_pf && reg_off_g >= vfnic_regs_pkg::CLS_OFFSET && reg_off_g < vfnic_regs_pkg::CLS_OFFSET + 16'h1000) begin
        dst = DstCls;
      end else if (is_pf && reg_off_g >= vfnic_regs_pkg::MBX_OFFSET &&
                   reg_off_g < vfnic_regs_pkg::MBX_OFFSET + 16'(vfnic_regs_pkg::MBX_STRIDE * TotalVfs)) begin
        dst = DstMbxPf;
      end else if (is_pf) begin
        dst = DstImm;
        case (reg_off_g)
          vfnic_regs_pkg::REG_PORT_STATUS:     imm_rdata = 32'(eth_link_up_g);
          vfnic_regs_pkg::REG_PORT_CTRL:       imm_rdata = 32'(veb_en_q);
          vfnic_regs_pkg::REG_DEFAULT_POOL:    imm_rdata = (32'(dflt_pool_q) << vfnic_regs_pkg::DEFAULT_POOL_POOL_LSB) |
                                           (32'(dflt_en_q) << vfnic_regs_pkg::DEFAULT_POOL_EN_LSB);
          vfnic_regs_pkg::REG_CONFIG_REJECTS:  imm_rdata = rejects_q;
          vfnic_regs_pkg::REG_MDD_EVENT_LO:    imm_rdata = mdd_q[31:0];
          vfnic_regs_pkg::REG_MDD_EVENT_HI:    imm_rdata = mdd_q[63:32];
          vfnic_regs_pkg::REG_MDD_EVENT_HI2:   imm_rdata = mdd_q[95:64];
          vfnic_regs_pkg::REG_MBX_REQ_LO:      imm_rdata = mbx_req[31:0];
          vfnic_regs_pkg::REG_MBX_REQ_HI:      imm_rdata = mbx_req[63:32];
          vfnic_regs_pkg::REG_MBX_RESP_LO:     imm_rdata = mbx_resp[31:0];
          vfnic_regs_pkg::REG_MBX_RESP_HI:     imm_rdata = mbx_resp[63:32];
          // write only; naming a VF the device does not have is a bad access
          vfnic_regs_pkg::REG_MBX_DONE, vfnic_regs_pkg::REG_MBX_SEND: begin
            if (reg_we_g && 32'(reg_wdata_g[6:0]) >= TotalVfs) begin
              dst = DstNone;
            end
          end
          vfnic_regs_pkg::REG_MBX_BUSY_WRITES: imm_rdata = mbx_busy;
          default:             dst = DstNone;
        endcase
      end
    end
  end

  // ---- the access: one cycle, except counter low DWs ----
  logic        st_busy_q, st_busy_d;   // a counter read is out at vfnic_stats
  logic        st_rd_req;
  logic        st_rd_ack;
  logic [63:0] st_rd_data;
  logic [31:0] txr_rdata, rxr_rdata, itr_rdata, cls_rdata, mbxv_rdata, mbxp_rdata, shp_rdata;
  logic        txr_hit, rxr_hit, itr_hit, cls_hit, mbxv_hit, mbxp_hit;
  logic        acc;     // the access completes this cycle
  logic        wr;      // ... and is a write

  // Blocks behind the decode answer on the block register port of docs/rtl-structure.md
  // ("Register port"): the request is held until the block's ack, which may come in the same
  // cycle or later; read data is valid with the ack and a block performs a write by the ack.
  logic txr_ack, rxr_ack, itr_ack, cls_ack, mbxv_ack, mbxp_ack, shp_ack;
  logic dst_ack;   // the addressed destination completes the access this cycle

  // PF reset walk (below): a new access waits until it is over; one already in progress
  // (its request seen in an earlier cycle) completes
  logic walk_q;           // the PF reset walk runs
  logic open_q;           // the access in progress was requested in an earlier cycle
  logic hold;
  logic req;              // reg_req_g, unless held
  assign hold = walk_q && !open_q;
  assign req  = reg_req_g && !hold;

  // FUNC_QP write: refused while the function has an enabled ring. Every enabled ring lies
  // in its owner's window (a ring is enabled through the window; FUNC_QP and QP_OWNER
  // writes are refused while it is enabled; a PF reset returns owners and windows to the
  // aligned reset mapping), so a walk over the window, one pair per cycle (COUNT <= 16),
  // finds it; the write acks in the cycle after the walk's last pair.
  logic       fqp_wr;      // a FUNC_QP write waits for the window walk
  logic [4:0] qc_i_q;      // next local pair to check
  logic       qc_hit_q;    // an owned pair of the window has an enabled ring
  logic       qc_done;     // every pair of the window checked
  logic [10:0] qc_glob;
  assign fqp_wr  = reg_we_g && is_pf && dst == DstImm && dec_fqp;
  assign qc_done = qc_i_q >= qp_count_q[FuncW'(adm_f)];
  assign qc_glob = 11'(qp_base_q[FuncW'(adm_f)]) + 11'(qc_i_q);
  assign tx_en_any_of_f = qc_hit_q;

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      qc_i_q   <= '0;
      qc_hit_q <= 1'b0;
      open_q   <= 1'b0;
    end else begin
      open_q <= req && !reg_ack_o;
      if (req && fqp_wr) begin
        if (qc_done) begin
          qc_i_q   <= '0;   // acked now
          qc_hit_q <= 1'b0;
        end else begin
          qc_i_q <= qc_i_q + 5'd1;
          if (32'(qc_glob) < NumQp && own_rd[1] == adm_f &&
              (tx_en[QpW'(qc_glob)] || rx_en[QpW'(qc_glob)])) begin
            qc_hit_q <= 1'b1;
          end
        end
      end
    end
  end

  always_comb begin
    case (dst)
      DstTxRing: dst_ack = txr_ack;
      DstRxRing: dst_ack = rxr_ack;
      DstStat:   dst_ack = st_rd_ack;
      DstItr:    dst_ack = itr_ack;
      DstCls:    dst_ack = cls_ack;
      DstMbxVf:  dst_ack = mbxv_ack;
      DstMbxPf:  dst_ack = mbxp_ack;
      DstShaper: dst_ack = shp_ack;
      DstImm:    dst_ack = !fqp_wr || qc_done;
      default:   dst_ack = 1'b1;   // answered here: holes, immediate registers, counter latch
    endcase
  end

  assign st_rd_req = req && (dst == DstStat) && !st_busy_q;
  assign acc       = req && dst_ack;
  assign wr        = acc && reg_we_g;

  always_comb begin
    st_busy_d = st_busy_q;
    if (st_rd_req) begin
      st_busy_d = 1'b1;
    end
    if (st_rd_ack) begin
      st_busy_d = 1'b0;
    end
  end

  always_comb begin
    reg_rdata_o = '0;
    reg_hit_o   = 1'b1;
    case (dst)
      DstImm:    reg_rdata_o = imm_rdata;
      DstTxRing: begin reg_rdata_o = txr_rdata;  reg_hit_o = txr_hit;  end
      DstRxRing: begin reg_rdata_o = rxr_rdata;  reg_hit_o = rxr_hit;  end
      DstStat:   reg_rdata_o = st_rd_data[31:0];
      DstStatHi: reg_rdata_o = hi_latch_q;
      DstItr:    begin reg_rdata_o = itr_rdata;  reg_hit_o = itr_hit;  end
      DstCls:    begin reg_rdata_o = cls_rdata;  reg_hit_o = cls_hit;  end
      DstMbxVf:  begin reg_rdata_o = mbxv_rdata; reg_hit_o = mbxv_hit; end
      DstMbxPf:  begin reg_rdata_o = mbxp_rdata; reg_hit_o = mbxp_hit; end
      DstShaper: reg_rdata_o = shp_rdata;
      default:   reg_hit_o = 1'b0;
    endcase
    if (!reg_hit_o) begin
      reg_rdata_o = '0;
    end
  end
  assign reg_ack_o = acc;

  // counter reads latch the high DW; reading a high DW returns the latch
  always_comb begin
    hi_latch_d = hi_latch_q;
    if (acc && !reg_we_g && dst == DstStat) begin
      hi_latch_d = st_rd_data[63:32];
    end
  end

  // ---- writes to the administration registers ----
  logic [31:0] wmask;
  logic [31:0] wval;   // the write merged over the current value (byte enables)
  logic        pf_adm_wr;
  logic [7:0]  fo_w;

  assign wmask = {{8{reg_be_g[3]}}, {8{reg_be_g[2]}}, {8{reg_be_g[1]}}, {8{reg_be_g[0]}}};
  assign wval  = (imm_rdata & ~wmask) | (reg_wdata_g & wmask);
  assign pf_adm_wr = wr && is_pf && (dst == DstImm);
  assign fo_w      = reg_off_g[7:0];

  logic mbx_done, mbx_send;
  logic [6:0] mbx_vf_num;
  assign mbx_done   = pf_adm_wr && (reg_off_g == vfnic_regs_pkg::REG_MBX_DONE);
  assign mbx_send   = pf_adm_wr && (reg_off_g == vfnic_regs_pkg::REG_MBX_SEND);
  assign mbx_vf_num = reg_wdata_g[6:0];

  // ---- PF reset of the administration: a walk (docs/rtl-structure.md rule 3) ----
  // freset_g[0] puts PORT_CTRL, DEFAULT_POOL and MDD_EVENT back at once and starts a walk
  // that rewrites pair p's QP_OWNER and, for p < NumFuncs, FUNC[p] (and its policy bits),
  // one per cycle, NumQp cycles; a new register access waits for its end. A PF reset
  // during the walk starts it again.
  localparam int unsigned WalkW = (NumQp > 1) ? $clog2(NumQp) : 1;
  logic [WalkW-1:0] walk_ptr_q;
  logic             walk_func;    // walk_ptr_q also names a function
  logic [FuncW-1:0] walk_f;
  assign walk_func  = 32'(walk_ptr_q) < NumFuncs;
  assign walk_f     = FuncW'(walk_ptr_q);
  logic walk_wait;   // a FUNC or QP_OWNER write completes during the walk: the step waits
  logic walk_w;      // a walk step rewrites FUNC[walk_f] this cycle
  logic walk_o;      // a walk step rewrites QP_OWNER[walk_ptr_q] this cycle

  // ---- the write of this cycle, decoded ----
  logic           func_wr;      // a FUNC[adm_f] configuration write completes
  logic           own_wr;       // a QP_OWNER write completes
  logic [QpW-1:0] own_wr_q;     // ... of this pair
  logic           own_refused;
  logic [13:0]    max_frame_w;  // MAX_FRAME written, clamped
  logic [4:0]     qp_count_w;   // FUNC_QP.COUNT written, clamped
  logic [FuncW-1:0] wf;
  assign func_wr  = pf_adm_wr && reg_off_g >= vfnic_regs_pkg::FUNC_OFFSET &&
                    reg_off_g < vfnic_regs_pkg::FUNC_OFFSET + 16'(vfnic_regs_pkg::FUNC_STRIDE * NumFuncs);
  assign own_wr   = pf_adm_wr && reg_off_g >= vfnic_regs_pkg::QP_OWNER_OFFSET &&
                    reg_off_g < vfnic_regs_pkg::QP_OWNER_OFFSET + 16'(vfnic_regs_pkg::QP_OWNER_STRIDE * NumQp);
  assign own_wr_q = QpW'((reg_off_g - vfnic_regs_pkg::QP_OWNER_OFFSET) >> 2);
  // refused while either ring of the pair runs, and for a function that does not exist
  assign own_refused = tx_en[own_wr_q] || rx_en[own_wr_q] || 32'(wval[6:0]) >= NumFuncs;
  assign wf = FuncW'(adm_f);

  always_comb begin
    // clamped to what the device carries
    if (wval[13:0] < 14'(vfnic_regs_pkg::FRAME_MIN_BYTES)) begin
      max_frame_w = 14'(vfnic_regs_pkg::FRAME_MIN_BYTES);
    end else if (wval[13:0] > 14'(vfnic_regs_pkg::FRAME_MAX_BYTES) || wval[31:14] != '0) begin
      max_frame_w = 14'(vfnic_regs_pkg::FRAME_MAX_BYTES);
    end else begin
      max_frame_w = wval[13:0];
    end
    qp_count_w = wval[vfnic_regs_pkg::FUNC_QP_COUNT_LSB +: 5] > 5'(vfnic_regs_pkg::MAX_LOCAL_QP) ?
                 5'(vfnic_regs_pkg::MAX_LOCAL_QP) : wval[vfnic_regs_pkg::FUNC_QP_COUNT_LSB +: 5];
  end

  // policy bits of a FUNC_FLAGS / FUNC_POOL value
  function automatic logic tx_flag_of(logic [9:0] fl);
    tx_flag_of = fl[vfnic_regs_pkg::FUNC_FLAGS_TX_EN_LSB] &&
                 (fl[vfnic_regs_pkg::FUNC_FLAGS_LINK_LSB +: 2] != 2'd2);
  endfunction
  function automatic logic rx_flag_of(logic [9:0] fl);
    rx_flag_of = fl[vfnic_regs_pkg::FUNC_FLAGS_RX_EN_LSB] &&
                 (fl[vfnic_regs_pkg::FUNC_FLAGS_LINK_LSB +: 2] != 2'd2);
  endfunction

  // MDD events: spoofed frames, descriptor and DMA errors (per function); up to seven
  // sources a cycle, each setting its function's bit by index
  localparam int unsigned NumMddSrc = 7;
  logic [NumMddSrc-1:0]            mdd_ev;
  logic [NumMddSrc-1:0][FuncW-1:0] mdd_ev_f;
  logic                            mdd_new;   // a bit went 0 -> 1: raise the PF misc vector

  always_comb begin
    mdd_new = 1'b0;
    for (int i = 0; i < NumMddSrc; i++) begin   // the sources, not the functions
      mdd_new = mdd_new || (mdd_ev[i] && !mdd_q[7'(mdd_ev_f[i])]);
    end
  end

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      veb_en_q      <= vfnic_regs_pkg::REG_PORT_CTRL_RESET[0];
      dflt_pool_q   <= '0;
      dflt_en_q     <= 1'b0;
      rejects_q     <= '0;
      mdd_q         <= '0;
      walk_q        <= 1'b1;   // writes every QP_OWNER copy after reset
      walk_ptr_q    <= '0;
      hi_latch_q    <= '0;
      st_busy_q     <= 1'b0;
    end else begin
      hi_latch_q <= hi_latch_d;
      st_busy_q  <= st_busy_d;

      // FUNC[adm_f] writes (the fields: g_func below)
      if (func_wr && 32'(fo_w) == 32'(vfnic_regs_pkg::REG_FUNC_QP) && tx_en_any_of_f) begin
        // refused while the function has an enabled ring: its window would move under it
        rejects_q <= rejects_q + 32'd1;
      end

      if (own_wr && own_refused) begin
        rejects_q <= rejects_q + 32'd1;
      end

      if (pf_adm_wr) begin
        case (reg_off_g)
          vfnic_regs_pkg::REG_PORT_CTRL:    veb_en_q <= wval[0];
          vfnic_regs_pkg::REG_DEFAULT_POOL: begin
            dflt_pool_q <= wval[vfnic_regs_pkg::DEFAULT_POOL_POOL_LSB +: 7];
            dflt_en_q   <= wval[vfnic_regs_pkg::DEFAULT_POOL_EN_LSB];
          end
          vfnic_regs_pkg::REG_MDD_EVENT_LO:  mdd_q[31:0]  <= mdd_q[31:0] & ~(reg_wdata_g & wmask);
          vfnic_regs_pkg::REG_MDD_EVENT_HI:  mdd_q[63:32] <= mdd_q[63:32] & ~(reg_wdata_g & wmask);
          vfnic_regs_pkg::REG_MDD_EVENT_HI2: mdd_q[95:64] <= mdd_q[95:64] & ~(reg_wdata_g & wmask);
          default: ;
        endcase
      end

      // new events win over a clear in the same cycle
      for (int i = 0; i < NumMddSrc; i++) begin   // the sources, not the functions
        if (mdd_ev[i]) begin
          mdd_q[7'(mdd_ev_f[i])] <= 1'b1;
        end
      end

      // the PF reset walk: pair walk_ptr_q and function walk_ptr_q back to reset values (a
      // step waits while a FUNC or QP_OWNER write that was in progress when the walk began
      // completes)
      if (walk_q && !walk_wait) begin
        walk_ptr_q <= walk_ptr_q + 1'b1;
        if (32'(walk_ptr_q) == NumQp - 1) begin
          walk_q     <= 1'b0;
          walk_ptr_q <= '0;
        end
      end

      // a PF reset puts the administration back to its reset values (the classifier entries
      // and rate settings too: u_cls and u_shaper take freset_g[0]); a VF's reset leaves what
      // the PF set for it
      if (freset_g[0]) begin
        walk_q      <= 1'b1;
        walk_ptr_q  <= '0;
        veb_en_q    <= vfnic_regs_pkg::REG_PORT_CTRL_RESET[0];
        dflt_pool_q <= '0;
        dflt_en_q   <= 1'b0;
        mdd_q       <= '0;
      end
    end
  end


  // FUNC[f] and QP_OWNER[q]: one set of registers per function / pair, each written only
  // when its index is decoded (a whole-array write at a computed index is a shifter over
  // every entry in synthesis: docs/rtl-structure.md). A read at a computed index is a word multiplexer in synthesis
  // (the same size as a select out of an unpacked array) and one indexed load in Verilator.
  logic fw_qp, fw_mf, fw_maclo, fw_machi, fw_vlan, fw_flags, fw_pool;  // FUNC[adm_f] field written
  always_comb begin
    fw_qp    = 1'b0;
    fw_mf    = 1'b0;
    fw_maclo = 1'b0;
    fw_machi = 1'b0;
    fw_vlan  = 1'b0;
    fw_flags = 1'b0;
    fw_pool  = 1'b0;
    if (func_wr) begin
      case (32'(fo_w))
        vfnic_regs_pkg::REG_FUNC_QP:        fw_qp    = !tx_en_any_of_f;
        vfnic_regs_pkg::REG_FUNC_MAX_FRAME: fw_mf    = 1'b1;
        vfnic_regs_pkg::REG_FUNC_MAC_LO:    fw_maclo = 1'b1;
        vfnic_regs_pkg::REG_FUNC_MAC_HI:    fw_machi = 1'b1;
        vfnic_regs_pkg::REG_FUNC_VLAN:      fw_vlan  = 1'b1;
        vfnic_regs_pkg::REG_FUNC_FLAGS:     fw_flags = 1'b1;
        vfnic_regs_pkg::REG_FUNC_POOL:      fw_pool  = 1'b1;
        default: ;
      endcase
    end
  end


  localparam logic [9:0] FlagsReset = vfnic_regs_pkg::REG_FUNC_FLAGS_RESET[9:0];
  // One clocked block; the loop runs only in a cycle with a FUNC write or a walk step, and
  // each iteration writes its own entry (a constant index: no shifter in synthesis).
  // One source per cycle: a walk step writes the reset values into FUNC[walk_f] and
  // QP_OWNER[walk_ptr_q], else a register write its fields into FUNC[wf] or QP_OWNER[own_wr_q]
  // (walk_wait keeps them apart). Every entry takes the same data wires, only its write
  // enable is decoded: no data multiplexer per entry and bit in synthesis (the reset values
  // that depend on the entry are computed once from the walk pointer).
  logic own_ok;   // a QP_OWNER write is taken
  assign own_ok    = own_wr && !own_refused;
  assign walk_wait = walk_q && ((walk_func && func_wr) || own_ok);
  assign walk_w    = walk_q && walk_func && !walk_wait;
  assign walk_o    = walk_q && !walk_wait;

  logic [FuncW-1:0] e_f;        // the entry written
  logic             e_qp, e_mf, e_maclo, e_machi, e_vlan, e_flags, e_pool;
  logic [9:0]       qpb_nv;
  logic [4:0]       qpc_nv;
  logic [13:0]      mf_nv;
  logic [31:0]      maclo_nv;
  logic [15:0]      machi_nv;
  logic [11:0]      vid_nv;
  logic             vlan_en_nv;
  logic [9:0]       flags_nv;
  logic [5:0]       pool_nv;
  assign e_f        = walk_w ? walk_f : wf;
  assign e_qp       = walk_w || fw_qp;
  assign e_mf       = walk_w || fw_mf;
  assign e_maclo    = walk_w || fw_maclo;
  assign e_machi    = walk_w || fw_machi;
  assign e_vlan     = walk_w || fw_vlan;
  assign e_flags    = walk_w || fw_flags;
  assign e_pool     = walk_w || fw_pool;
  assign qpb_nv     = walk_w ? qp_base_reset(32'(walk_f)) :
                               wval[vfnic_regs_pkg::FUNC_QP_BASE_LSB +: 10];
  assign qpc_nv     = walk_w ? 5'(QpPerFunc) : qp_count_w;
  assign mf_nv      = walk_w ? 14'(vfnic_regs_pkg::DEFAULT_MAX_FRAME) : max_frame_w;
  assign maclo_nv   = walk_w ? 32'd0 : wval;
  assign machi_nv   = walk_w ? 16'd0 : wval[15:0];
  assign vid_nv     = walk_w ? 12'd0 : wval[vfnic_regs_pkg::FUNC_VLAN_VID_LSB +: 12];
  assign vlan_en_nv = walk_w ? 1'b0 : wval[vfnic_regs_pkg::FUNC_VLAN_EN_LSB];
  assign flags_nv   = walk_w ? FlagsReset : wval[9:0];
  assign pool_nv    = walk_w ? 6'd0 : wval[5:0];

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int f = 0; f < NumFuncs; f++) begin
        qp_base_q[f]   <= qp_base_reset(f);
        qp_count_q[f]  <= 5'(QpPerFunc);
        max_frame_q[f] <= 14'(vfnic_regs_pkg::DEFAULT_MAX_FRAME);
        flags_q[f]     <= FlagsReset;
      end
      mac_q         <= '0;
      vid_q         <= '0;
      vlan_en_q     <= '0;
      pool_q        <= '0;
      tx_flag_q     <= {NumFuncs{tx_flag_of(FlagsReset)}};
      rx_flag_q     <= {NumFuncs{rx_flag_of(FlagsReset)}};
      spoof_mac     <= '0;
      spoof_vlan    <= '0;
      pool_bcast    <= '0;
      pool_mcast    <= '0;
      pool_promisc  <= '0;
      pool_untagged <= '0;
      qsel_hash     <= '0;
    end else if (walk_w || func_wr) begin
      for (int f = 0; f < NumFuncs; f++) begin
        if (e_f == FuncW'(f)) begin
          if (e_qp) begin
            qp_base_q[f]  <= qpb_nv;
            qp_count_q[f] <= qpc_nv;
          end
          if (e_mf) begin
            max_frame_q[f] <= mf_nv;
          end
          if (e_maclo) begin
            mac_q[f][31:0] <= maclo_nv;
          end
          if (e_machi) begin
            mac_q[f][47:32] <= machi_nv;
          end
          if (e_vlan) begin
            vid_q[f]     <= vid_nv;
            vlan_en_q[f] <= vlan_en_nv;
          end
          if (e_flags) begin
            flags_q[f]    <= flags_nv;
            tx_flag_q[f]  <= tx_flag_of(flags_nv);
            rx_flag_q[f]  <= rx_flag_of(flags_nv);
            spoof_mac[f]  <= flags_nv[vfnic_regs_pkg::FUNC_FLAGS_SPOOFCHK_MAC_LSB];
            spoof_vlan[f] <= flags_nv[vfnic_regs_pkg::FUNC_FLAGS_SPOOFCHK_VLAN_LSB];
          end
          if (e_pool) begin
            pool_q[f]        <= pool_nv;
            pool_bcast[f]    <= pool_nv[vfnic_regs_pkg::FUNC_POOL_BCAST_LSB];
            pool_mcast[f]    <= pool_nv[vfnic_regs_pkg::FUNC_POOL_MCAST_LSB];
            pool_promisc[f]  <= pool_nv[vfnic_regs_pkg::FUNC_POOL_PROMISC_LSB];
            pool_untagged[f] <= pool_nv[vfnic_regs_pkg::FUNC_POOL_UNTAGGED_LSB];
            qsel_hash[f]     <= (pool_nv[vfnic_regs_pkg::FUNC_POOL_QSEL_LSB +: 2] == 2'd1);
          end
        end
      end
    end
  end

  logic [QpW-1:0] o_q;      // the QP_OWNER entry written
  logic [6:0]     own_nv;
  assign o_q    = walk_o ? QpW'(walk_ptr_q) : own_wr_q;
  assign own_nv = walk_o ? owner_reset(32'(walk_ptr_q)) : wval[6:0];

  assign own_we = walk_o || own_ok;

  vfnic_owner_copy #(
    .NumQp(NumQp),
    .Reads(OwnReads)
  ) u_owner (
    .clk_i     (clk_g),
    .own_we_i  (own_we),
    .own_q_i   (8'(o_q)),
    .own_func_i(own_nv),
    .q_i       ({QpW'(rx_bad_tail_q), QpW'(tx_bad_tail_q), QpW'(rx_qerr_q), QpW'(tx_qerr_q),
                 own_wr_q, QpW'(qc_glob), QpW'(glob_q)}),
    .func_o    (own_rd)
  );


  // ---------------------------------------------------------------------------------------
  // DMA: read engine (clients 0 TX descriptors, 1 TX data, 2 RX descriptors), write engine
  // (clients 0 TX write-backs, 1 RX data and write-backs), one rq stream
  // ---------------------------------------------------------------------------------------
  logic [NumFuncs-1:0] dma_bme;
  assign dma_bme = bme_g & ~freset_g;

  logic [2:0]        drd_req_valid, drd_req_ready;
  logic [2:0][63:0]  drd_req_addr;
  logic [2:0][13:0]  drd_req_len;
  logic [2:0][6:0]   drd_req_func;
  logic [2:0][15:0]  drd_req_cookie;
  logic              drd_cpl_valid;
  logic [1:0]        drd_cpl_client;
  logic [15:0]       drd_cpl_cookie;
  logic [12:0]       drd_cpl_dw_off;
  logic [2:0]        drd_cpl_dws;
  logic [127:0]      drd_cpl_data;
  logic              drd_done_valid;
  logic [1:0]        drd_done_client;
  logic [15:0]       drd_done_cookie;
  logic              drd_done_err;
  logic              drd_idle;
  logic              drd_timeout;  // the client sees the failed request through done_err
  logic              drd_rq_valid, drd_rq_ready;
  logic [127:0]      drd_rq_hdr;

  vfnic_dma_rd #(
    .NumClients(3),
    .NumFuncs  (NumFuncs),
    .NumTags   (32'(vfnic_regs_pkg::DMA_TAGS)),
    .LenWidth  (14)
  ) u_dma_rd (
    .clk_i          (clk_g),
    .rst_ni         (rst_ni),
    .rid_base_i     (rid_base_g),
    .mrrs_i         (mrrs_g),
    .bme_i          (dma_bme),
    .req_valid_i    (drd_req_valid),
    .req_ready_o    (drd_req_ready),
    .req_addr_i     (drd_req_addr),
    .req_len_i      (drd_req_len),
    .req_func_i     (drd_req_func),
    .req_cookie_i   (drd_req_cookie),
    .rq_valid_o     (drd_rq_valid),
    .rq_ready_i     (drd_rq_ready),
    .rq_hdr_o       (drd_rq_hdr),
    .rc_valid_i     (rc_valid_g),
    .rc_sof_i       (rc_sof_g),
    .rc_hdr_i       (rc_hdr_g),
    .rc_data_i      (rc_data_g),
    .rc_last_i      (rc_last_g),
    .rc_unexpected_o(rc_unexpected_o),
    .cpl_valid_o    (drd_cpl_valid),
    .cpl_client_o   (drd_cpl_client),
    .cpl_cookie_o   (drd_cpl_cookie),
    .cpl_dw_off_o   (drd_cpl_dw_off),
    .cpl_dws_o      (drd_cpl_dws),
    .cpl_data_o     (drd_cpl_data),
    .done_valid_o   (drd_done_valid),
    .done_client_o  (drd_done_client),
    .done_cookie_o  (drd_done_cookie),
    .done_err_o     (drd_done_err),
    .timeout_o      (drd_timeout),
    .idle_o         (drd_idle)
  );

  logic [1:0]        dwr_valid, dwr_ready, dwr_sof, dwr_last;
  logic [1:0][63:0]  dwr_addr;
  logic [1:0][13:0]  dwr_len;
  logic [1:0][6:0]   dwr_func;
  logic [1:0][127:0] dwr_data;
  logic              dwr_idle;
  logic              dwr_drop;         // a write of a function without Bus Master Enable:
  logic              dwr_drop_client;  // its owner was reset or disabled, nothing to tell
  logic              dwr_rq_valid, dwr_rq_ready, dwr_rq_last;
  logic [127:0]      dwr_rq_hdr, dwr_rq_data;

  vfnic_dma_wr #(
    .NumClients(2),
    .NumFuncs  (NumFuncs),
    .LenWidth  (14)
  ) u_dma_wr (
    .clk_i        (clk_g),
    .rst_ni       (rst_ni),
    .rid_base_i   (rid_base_g),
    .mps_i        (mps_g),
    .bme_i        (dma_bme),
    .wr_valid_i   (dwr_valid),
    .wr_ready_o   (dwr_ready),
    .wr_sof_i     (dwr_sof),
    .wr_addr_i    (dwr_addr),
    .wr_len_i     (dwr_len),
    .wr_func_i    (dwr_func),
    .wr_data_i    (dwr_data),
    .wr_last_i    (dwr_last),
    .rq_valid_o   (dwr_rq_valid),
    .rq_ready_i   (dwr_rq_ready),
    .rq_hdr_o     (dwr_rq_hdr),
    .rq_data_o    (dwr_rq_data),
    .rq_last_o    (dwr_rq_last),
    .drop_o       (dwr_drop),
    .drop_client_o(dwr_drop_client),
    .idle_o       (dwr_idle)
  );

  logic [1:0] rq_arb_ready;
  logic       rq_arb_busy;

  vfnic_tlp_arb #(
    .NumIn(2)
  ) u_rq_arb (
    .clk_i      (clk_g),
    .rst_ni     (rst_ni),
    .in_valid_i ({dwr_rq_valid, drd_rq_valid}),
    .in_ready_o (rq_arb_ready),
    .in_hdr_i   ({dwr_rq_hdr, drd_rq_hdr}),
    .in_data_i  ({dwr_rq_data, 128'h0}),
    .in_last_i  ({dwr_rq_last, 1'b1}),
    .out_valid_o(rq_valid_n),
    .out_ready_i(rq_ready_n),
    .out_hdr_o  (rq_hdr_n),
    .out_data_o (rq_data_n),
    .out_last_o (rq_last_n),
    .busy_o     (rq_arb_busy)
  );
  assign drd_rq_ready = rq_arb_ready[0];
  assign dwr_rq_ready = rq_arb_ready[1];

  // ---------------------------------------------------------------------------------------
  // TX engine, egress, shaper
  // ---------------------------------------------------------------------------------------
  logic              fo_valid, fo_ready, fo_last;
  logic [63:0]       fo_data;
  logic [7:0]        fo_keep;
  logic [6:0]        fo_func;
  logic [7:0]        fo_q;
  logic [13:0]       fo_len;
  logic              fs_valid;
  logic [3:0]        fs_err;
  logic              tx_ev_valid;
  logic [7:0]        tx_ev_q;
  logic [6:0]        tx_ev_func;
  logic [13:0]       tx_ev_bytes;
  logic [3:0]        tx_ev_err;
  logic              tx_irq_valid;
  logic [6:0]        tx_irq_func;
  logic [11:0]       tx_irq_vec;
  logic              txq_idle;
  logic [NumFuncs-1:0] rate_eligible, rate_police;
  logic              charge;
  logic [6:0]        charge_func;
  logic [15:0]       charge_bytes;
  logic [NumFuncs-1:0][13:0] max_frame_v;

  assign max_frame_v = max_frame_q;

  vfnic_txq #(
    .NumFuncs(NumFuncs),
    .NumQp   (NumQp)
  ) u_txq (
    .clk_i            (clk_g),
    .rst_ni           (rst_ni),
    .reg_req_i        (req && dst == DstTxRing),
    .reg_we_i         (reg_we_g),
    .reg_q_i          (ring_q),
    .reg_off_i        (ring_off),
    .reg_be_i         (reg_be_g),
    .reg_wdata_i      (reg_wdata_g),
    .reg_ack_o        (txr_ack),
    .reg_rdata_o      (txr_rdata),
    .reg_hit_o        (txr_hit),
    .en_o             (tx_en),
    .bad_tail_o       (tx_bad_tail),
    .bad_tail_q_o     (tx_bad_tail_q),
    .qerr_o           (tx_qerr),
    .qerr_q_o         (tx_qerr_q),
    .own_we_i         (own_we),
    .own_q_i          (8'(o_q)),
    .own_func_i       (own_nv),
    .func_tx_ok_i     (func_tx_ok),
    .func_max_frame_i (max_frame_v),
    .freset_i         (freset_g),
    .rate_eligible_i  (rate_eligible),
    .rate_police_i    (rate_police),
    .charge_o         (charge),
    .charge_func_o    (charge_func),
    .charge_bytes_o   (charge_bytes),
    .drd_req_valid_o  (drd_req_valid[1:0]),
    .drd_req_ready_i  (drd_req_ready[1:0]),
    .drd_req_addr_o   (drd_req_addr[1:0]),
    .drd_req_len_o    (drd_req_len[1:0]),
    .drd_req_func_o   (drd_req_func[1:0]),
    .drd_req_cookie_o (drd_req_cookie[1:0]),
    .drd_cpl_valid_i  (drd_cpl_valid && drd_cpl_client != 2'd2),
    .drd_cpl_client_i (drd_cpl_client[0]),
    .drd_cpl_cookie_i (drd_cpl_cookie),
    .drd_cpl_dw_off_i (drd_cpl_dw_off),
    .drd_cpl_dws_i    (drd_cpl_dws),
    .drd_cpl_data_i   (drd_cpl_data),
    .drd_done_valid_i (drd_done_valid && drd_done_client != 2'd2),
    .drd_done_client_i(drd_done_client[0]),
    .drd_done_cookie_i(drd_done_cookie),
    .drd_done_err_i   (drd_done_err),
    .dwr_valid_o      (dwr_valid[0]),
    .dwr_ready_i      (dwr_ready[0]),
    .dwr_sof_o        (dwr_sof[0]),
    .dwr_addr_o       (dwr_addr[0]),
    .dwr_len_o        (dwr_len[0]),
    .dwr_func_o       (dwr_func[0]),
    .dwr_data_o       (dwr_data[0]),
    .dwr_last_o       (dwr_last[0]),
    .fo_valid_o       (fo_valid),
    .fo_ready_i       (fo_ready),
    .fo_data_o        (fo_data),
    .fo_keep_o        (fo_keep),
    .fo_last_o        (fo_last),
    .fo_func_o        (fo_func),
    .fo_q_o           (fo_q),
    .fo_len_o         (fo_len),
    .fs_valid_i       (fs_valid),
    .fs_err_i         (fs_err),
    .ev_valid_o       (tx_ev_valid),
    .ev_q_o           (tx_ev_q),
    .ev_func_o        (tx_ev_func),
    .ev_bytes_o       (tx_ev_bytes),
    .ev_err_o         (tx_ev_err),
    .irq_valid_o      (tx_irq_valid),
    .irq_func_o       (tx_irq_func),
    .irq_vec_o        (tx_irq_vec),
    .idle_o           (txq_idle)
  );

  // shaper configuration: FUNC[f] RATE_INCR / RATE_BURST / RATE_MODE. A PF reset puts every
  // function's rate configuration and credit back to reset values; a VF's reset touches
  // neither (the PF set them; vfnic_shaper's header says why not even the credit)
  logic [1:0] shp_sel;
  always_comb begin
    case (32'(reg_off_g[7:0]))
      vfnic_regs_pkg::REG_FUNC_RATE_INCR:  shp_sel = 2'd0;
      vfnic_regs_pkg::REG_FUNC_RATE_BURST: shp_sel = 2'd1;
      default:             shp_sel = 2'd2;
    endcase
  end

  vfnic_shaper #(
    .NumFuncs(NumFuncs)
  ) u_shaper (
    .clk_i         (clk_g),
    .rst_ni        (rst_ni),
    .now_i         (now_q[31:0]),
    .clr_all_i     (freset_g[0]),
    .cfg_req_i     (req && dst == DstShaper),
    .cfg_we_i      (reg_we_g),
    .cfg_func_i    (adm_f),
    .cfg_sel_i     (shp_sel),
    .cfg_wdata_i   (reg_wdata_g),
    .cfg_ack_o     (shp_ack),
    .cfg_rdata_o   (shp_rdata),
    .eligible_o    (rate_eligible),
    .police_o      (rate_police),
    .charge_i      (charge),
    .charge_func_i (charge_func),
    .charge_bytes_i(charge_bytes),
    .busy_o        (shp_busy)
  );

  // classifier and its two users; a PF reset clears every entry
  logic              lk_valid, lk_tagged, lk_looped;
  logic [47:0]       lk_dmac;
  logic [11:0]       lk_vid;
  logic [6:0]        lk_src_pool;
  logic [7:0]        lk_cookie;
  logic              res_valid, res_exact, res_default, res_miss;
  logic [NumFuncs-1:0] res_mask;
  logic [1:0]        res_how;
  logic [7:0]        res_cookie;
  logic [NumFuncs-1:0][11:0] vid_v;
  logic [NumFuncs-1:0][47:0] mac_v;

  assign vid_v = vid_q;
  assign mac_v = mac_q;

  vfnic_classifier #(
    .NumPools  (NumFuncs),
    .NumEntries(ClsEntries)
  ) u_cls (
    .clk_i          (clk_g),
    .rst_ni         (rst_ni),
    .clr_all_i      (freset_g[0]),
    .reg_req_i      (req && dst == DstCls),
    .reg_we_i       (reg_we_g),
    .reg_addr_i     (reg_off_g[11:2]),
    .reg_be_i       (reg_be_g),
    .reg_wdata_i    (reg_wdata_g),
    .reg_ack_o      (cls_ack),
    .reg_rdata_o    (cls_rdata),
    .reg_hit_o      (cls_hit),
    .pool_bcast_i   (pool_bcast),
    .pool_mcast_i   (pool_mcast),
    .pool_promisc_i (pool_promisc),
    .pool_untagged_i(pool_untagged),
    .pool_vlan_en_i (vlan_en_q),
    .pool_vid_i     (vid_v),
    .default_en_i   (dflt_en_q),
    .default_pool_i (dflt_pool_q),
    .lk_valid_i     (lk_valid),
    .lk_dmac_i      (lk_dmac),
    .lk_tagged_i    (lk_tagged),
    .lk_vid_i       (lk_vid),
    .lk_looped_i    (lk_looped),
    .lk_src_pool_i  (lk_src_pool),
    .lk_cookie_i    (lk_cookie),
    .res_valid_o    (res_valid),
    .res_mask_o     (res_mask),
    .res_exact_o    (res_exact),
    .res_default_o  (res_default),
    .res_miss_o     (res_miss),
    .res_how_o      (res_how),
    .res_cookie_o   (res_cookie),
    .busy_o         (cls_busy)
  );

  // ---------------------------------------------------------------------------------------
  // RX engine
  // ---------------------------------------------------------------------------------------
  logic              wi_valid, wi_last, wi_abort, wi_tagged;
  logic [63:0]       wi_data;
  logic [7:0]        wi_keep;
  logic [NumFuncs-1:0] wi_mask;
  logic [1:0]        wi_how;
  logic [15:0]       wi_tci;
  logic [3:0]        wi_hash;
  logic              li_valid, li_ready, li_last, li_abort, li_tagged;
  logic [63:0]       li_data;
  logic [7:0]        li_keep;
  logic [NumFuncs-1:0] li_mask;
  logic [1:0]        li_how;
  logic [15:0]       li_tci;
  logic [3:0]        li_hash;
  logic              rx_ev_valid;
  logic [7:0]        rx_ev_q;
  logic [6:0]        rx_ev_func;
  logic [13:0]       rx_ev_bytes;
  logic [2:0]        rx_ev_code;
  logic              rx_ovf;
  logic              rx_irq_valid;
  logic [6:0]        rx_irq_func;
  logic [11:0]       rx_irq_vec;
  logic              rxq_idle;
  logic [NumFuncs-1:0][9:0] qp_base_v;
  logic [NumFuncs-1:0][4:0] qp_count_v;

  assign qp_base_v  = qp_base_q;
  assign qp_count_v = qp_count_q;

  vfnic_rxq #(
    .NumFuncs(NumFuncs),
    .NumQp   (NumQp)
  ) u_rxq (
    .clk_i            (clk_g),
    .rst_ni           (rst_ni),
    .reg_req_i        (req && dst == DstRxRing),
    .reg_we_i         (reg_we_g),
    .reg_q_i          (ring_q),
    .reg_off_i        (ring_off),
    .reg_be_i         (reg_be_g),
    .reg_wdata_i      (reg_wdata_g),
    .reg_ack_o        (rxr_ack),
    .reg_rdata_o      (rxr_rdata),
    .reg_hit_o        (rxr_hit),
    .en_o             (rx_en),
    .bad_tail_o       (rx_bad_tail),
    .bad_tail_q_o     (rx_bad_tail_q),
    .qerr_o           (rx_qerr),
    .qerr_q_o         (rx_qerr_q),
    .own_we_i         (own_we),
    .own_q_i          (8'(o_q)),
    .own_func_i       (own_nv),
    .func_qp_base_i   (qp_base_v),
    .func_qp_count_i  (qp_count_v),
    .func_rx_ok_i     (func_rx_ok),
    .func_max_frame_i (max_frame_v),
    .func_qsel_hash_i (qsel_hash),
    .freset_i         (freset_g),
    .wi_valid_i       (wi_valid),
    .wi_data_i        (wi_data),
    .wi_keep_i        (wi_keep),
    .wi_last_i        (wi_last),
    .wi_abort_i       (wi_abort),
    .wi_mask_i        (wi_mask),
    .wi_how_i         (wi_how),
    .wi_tci_i         (wi_tci),
    .wi_tagged_i      (wi_tagged),
    .wi_hash_i        (wi_hash),
    .li_valid_i       (li_valid),
    .li_ready_o       (li_ready),
    .li_data_i        (li_data),
    .li_keep_i        (li_keep),
    .li_last_i        (li_last),
    .li_abort_i       (li_abort),
    .li_mask_i        (li_mask),
    .li_how_i         (li_how),
    .li_tci_i         (li_tci),
    .li_tagged_i      (li_tagged),
    .li_hash_i        (li_hash),
    .drd_req_valid_o  (drd_req_valid[2]),
    .drd_req_ready_i  (drd_req_ready[2]),
    .drd_req_addr_o   (drd_req_addr[2]),
    .drd_req_len_o    (drd_req_len[2]),
    .drd_req_func_o   (drd_req_func[2]),
    .drd_req_cookie_o (drd_req_cookie[2]),
    .drd_cpl_valid_i  (drd_cpl_valid && drd_cpl_client == 2'd2),
    .drd_cpl_cookie_i (drd_cpl_cookie),
    .drd_cpl_dw_off_i (drd_cpl_dw_off),
    .drd_cpl_dws_i    (drd_cpl_dws),
    .drd_cpl_data_i   (drd_cpl_data),
    .drd_done_valid_i (drd_done_valid && drd_done_client == 2'd2),
    .drd_done_cookie_i(drd_done_cookie),
    .drd_done_err_i   (drd_done_err),
    .dwr_valid_o      (dwr_valid[1]),
    .dwr_ready_i      (dwr_ready[1]),
    .dwr_sof_o        (dwr_sof[1]),
    .dwr_addr_o       (dwr_addr[1]),
    .dwr_len_o        (dwr_len[1]),
    .dwr_func_o       (dwr_func[1]),
    .dwr_data_o       (dwr_data[1]),
    .dwr_last_o       (dwr_last[1]),
    .ev_valid_o       (rx_ev_valid),
    .ev_q_o           (rx_ev_q),
    .ev_func_o        (rx_ev_func),
    .ev_bytes_o       (rx_ev_bytes),
    .ev_code_o        (rx_ev_code),
    .ovf_o            (rx_ovf),
    .irq_valid_o      (rx_irq_valid),
    .irq_func_o       (rx_irq_func),
    .irq_vec_o        (rx_irq_vec),
    .idle_o           (rxq_idle)
  );

  // ---------------------------------------------------------------------------------------
  // Mailbox
  // ---------------------------------------------------------------------------------------
  localparam int unsigned VfIdxW = (TotalVfs > 1) ? $clog2(TotalVfs) : 1;
  logic              mbx_pf_irq, mbx_vf_irq;
  logic [VfIdxW-1:0] mbx_vf_irq_idx;
  logic [6:0]        vf_num;     // VF number of the accessing VF
  logic              mbx_pf_bad; // MBX_DONE/SEND named no VF: the decode already made it a hole

  assign vf_num   = reg_func_g - 7'(vfnic_regs_pkg::FIRST_VF_OFFSET);

  // the mailbox takes one VF's reset or all of them (the events the core derives freset_g
  // from, so no encoder over the VFs is needed here)
  logic              mbx_clr_one, mbx_clr_all;
  logic              mbx_busy_walk;  // the mailbox clears a VF's buffers
  logic [VfIdxW-1:0] mbx_clr_idx;
  assign mbx_clr_one = vf_clr_g;
  assign mbx_clr_idx = VfIdxW'(vf_clr_idx_g);
  assign mbx_clr_all = vf_clr_all_g;

  vfnic_mbx #(
    .TotalVfs(TotalVfs)
  ) u_mbx (
    .clk_i         (clk_g),
    .rst_ni        (rst_ni),
    .vf_req_i      (req && dst == DstMbxVf),
    .vf_we_i       (reg_we_g),
    .vf_idx_i      (VfIdxW'(vf_num)),
    .vf_addr_i     (reg_off_g[7:2]),
    .vf_be_i       (reg_be_g),
    .vf_wdata_i    (reg_wdata_g),
    .vf_ack_o      (mbxv_ack),
    .vf_rdata_o    (mbxv_rdata),
    .vf_hit_o      (mbxv_hit),
    .pfb_req_i     (req && dst == DstMbxPf),
    .pfb_we_i      (reg_we_g),
    .pfb_addr_i    (reg_off_g[12:2]),
    .pfb_be_i      (reg_be_g),
    .pfb_wdata_i   (reg_wdata_g),
    .pfb_ack_o     (mbxp_ack),
    .pfb_rdata_o   (mbxp_rdata),
    .pfb_hit_o     (mbxp_hit),
    .pf_done_i     (mbx_done),
    .pf_send_i     (mbx_send),
    .pf_vf_i       (mbx_vf_num),
    .pf_bad_o      (mbx_pf_bad),
    .req_pending_o (mbx_req),
    .resp_pending_o(mbx_resp),
    .busy_writes_o (mbx_busy),
    .pf_irq_o      (mbx_pf_irq),
    .vf_irq_o      (mbx_vf_irq),
    .vf_irq_idx_o  (mbx_vf_irq_idx),
    .vf_clr_i      (mbx_clr_one),
    .vf_clr_idx_i  (mbx_clr_idx),
    .clear_all_i   (mbx_clr_all),
    .busy_o        (mbx_busy_walk)
  );

  // ---------------------------------------------------------------------------------------
  // Statistics and malicious-driver events
  // ---------------------------------------------------------------------------------------
  logic [NumPstat-1:0] port_ev;
  logic [15:0]         st_overrun;   // events lost (never at line rate; a debug aid)
  logic [13:0]         port_tx_bytes, port_rx_bytes;
  logic                eth_mdd_valid;
  logic [6:0]          eth_mdd_func;

  always_comb begin
    mdd_ev   = '0;
    mdd_ev_f = '0;
    mdd_ev[0]   = eth_mdd_valid && 32'(eth_mdd_func) < NumFuncs;
    mdd_ev_f[0] = FuncW'(eth_mdd_func);
    mdd_ev[1]   = tx_ev_valid && (32'(tx_ev_err) == vfnic_regs_pkg::TXERR_BAD_DESC ||
                                  32'(tx_ev_err) == vfnic_regs_pkg::TXERR_DMA) &&
                  32'(tx_ev_func) < NumFuncs;
    mdd_ev_f[1] = FuncW'(tx_ev_func);
    mdd_ev[2]   = rx_ev_valid && rx_ev_code == 3'd4 && 32'(rx_ev_func) < NumFuncs;
    mdd_ev_f[2] = FuncW'(rx_ev_func);
    mdd_ev[3]   = tx_qerr && 32'(tx_qerr_q) < NumQp;
    mdd_ev_f[3] = FuncW'(own_rd[3]);
    mdd_ev[4]   = rx_qerr && 32'(rx_qerr_q) < NumQp;
    mdd_ev_f[4] = FuncW'(own_rd[4]);
    mdd_ev[5]   = tx_bad_tail && 32'(tx_bad_tail_q) < NumQp;
    mdd_ev_f[5] = FuncW'(own_rd[5]);
    mdd_ev[6]   = rx_bad_tail && 32'(rx_bad_tail_q) < NumQp;
    mdd_ev_f[6] = FuncW'(own_rd[6]);
  end

  vfnic_stats #(
    .NumFuncs(NumFuncs),
    .NumQp   (NumQp)
  ) u_stats (
    .clk_i          (clk_g),
    .rst_ni         (rst_ni),
    .tx_ev_valid_i  (tx_ev_valid),
    .tx_ev_q_i      (tx_ev_q),
    .tx_ev_func_i   (tx_ev_func),
    .tx_ev_bytes_i  (tx_ev_bytes),
    .tx_ev_err_i    (tx_ev_err),
    .rx_ev_valid_i  (rx_ev_valid),
    .rx_ev_q_i      (rx_ev_q),
    .rx_ev_func_i   (rx_ev_func),
    .rx_ev_bytes_i  (rx_ev_bytes),
    .rx_ev_code_i   (rx_ev_code),
    .port_ev_i      (port_ev),
    .port_tx_bytes_i(port_tx_bytes),
    .port_rx_bytes_i(port_rx_bytes),
    .rd_req_i       (st_rd_req),
    .rd_space_i     (st_space),
    .rd_idx_i       (st_idx),
    .rd_cnt_i       (st_cnt),
    .rd_ack_o       (st_rd_ack),
    .rd_data_o      (st_rd_data),
    .overrun_o      (st_overrun),
    .busy_o         (st_busy)
  );

  // ---------------------------------------------------------------------------------------
  // Interrupts: moderation of ring events, then one request stream to the MSI-X blocks.
  // The PF misc vector (mailbox requests, MDD events) and the VF mailbox vectors are kept as
  // pending bits here, so no event is lost while the MSI-X blocks are busy.
  // ---------------------------------------------------------------------------------------
  logic              itr_raise_valid, itr_raise_ready;
  logic              itr_busy;
  logic [6:0]        itr_raise_func;
  logic [11:0]       itr_raise_vec;
  logic              misc_pend_q, misc_pend_d;
  logic [TotalVfs-1:0] vfmbx_pend_q;
  logic              vfmbx_any;
  logic [VfIdxW-1:0] vfmbx_idx;

  vfnic_itr #(
    .NumFuncs(NumFuncs)
  ) u_itr (
    .clk_i         (clk_g),
    .rst_ni        (rst_ni),
    .now_i         (now_q),
    .reg_req_i     (req && dst == DstItr),
    .reg_we_i      (reg_we_g),
    .reg_func_i    (reg_func_g),
    .reg_vec_i     (12'((reg_off_g - vfnic_regs_pkg::ITR_OFFSET) >> 4)),
    .reg_off_i     (reg_off_g[3:2]),
    .reg_be_i      (reg_be_g),
    .reg_wdata_i   (reg_wdata_g),
    .reg_ack_o     (itr_ack),
    .reg_rdata_o   (itr_rdata),
    .reg_hit_o     (itr_hit),
    .tx_irq_valid_i(tx_irq_valid),
    .tx_irq_func_i (tx_irq_func),
    .tx_irq_vec_i  (tx_irq_vec),
    .rx_irq_valid_i(rx_irq_valid),
    .rx_irq_func_i (rx_irq_func),
    .rx_irq_vec_i  (rx_irq_vec),
    .raise_valid_o (itr_raise_valid),
    .raise_ready_i (itr_raise_ready),
    .raise_func_o  (itr_raise_func),
    .raise_vec_o   (itr_raise_vec),
    .freset_i      (freset_g),
    .busy_o        (itr_busy)
  );

  // VF mailbox interrupts waiting: a pending bit per VF (read and written by index) and a
  // FIFO of the VFs whose bit was set (each at most once: the "queued" bit); a reset clears
  // the pending bit only, the stale entry is popped without an interrupt at the head
  localparam int unsigned VmDepth = (TotalVfs > 2) ? (1 << $clog2(TotalVfs)) : 2;
  logic [TotalVfs-1:0] vfmbx_queued_q;
  logic                vm_push, vm_pop, vm_head_valid, vm_in_ready;
  logic [VfIdxW-1:0]   vm_head;
  logic [$clog2(VmDepth + 3)-1:0] vm_count;

  vfnic_fifo #(
    .Width(VfIdxW),
    .Depth(VmDepth)
  ) u_vfmbx_fifo (
    .clk_i      (clk_g),
    .rst_ni     (rst_ni),
    .clr_i      (mbx_clr_all),
    .in_valid_i (vm_push),
    .in_ready_o (vm_in_ready),
    .in_data_i  (mbx_vf_irq_idx),
    .out_valid_o(vm_head_valid),
    .out_ready_i(vm_pop),
    .out_data_o (vm_head),
    .count_o    (vm_count)
  );

  assign vfmbx_any = vm_head_valid && vfmbx_pend_q[vm_head];
  assign vfmbx_idx = vm_head;
  // the head leaves when its interrupt is taken, or at once when it was dropped by a reset
  assign vm_pop    = vm_head_valid && (!vfmbx_pend_q[vm_head] || (!misc_pend_q && irq_ready_n));
  assign vm_push   = mbx_vf_irq && !mbx_clr_all && !(mbx_clr_one && mbx_clr_idx == mbx_vf_irq_idx) &&
                     (!vfmbx_queued_q[mbx_vf_irq_idx] || (vm_pop && vm_head == mbx_vf_irq_idx));

  always_comb begin
    irq_valid_n     = 1'b0;
    irq_func_n      = '0;
    irq_vec_n       = '0;
    itr_raise_ready = 1'b0;
    if (misc_pend_q) begin
      irq_valid_n = 1'b1;
      irq_vec_n   = 12'(vfnic_regs_pkg::PF_MISC_VECTOR);
    end else if (vfmbx_any) begin
      irq_valid_n = 1'b1;
      irq_func_n  = 7'(vfmbx_idx) + 7'(vfnic_regs_pkg::FIRST_VF_OFFSET);
      irq_vec_n   = 12'(vfnic_regs_pkg::VF_MBX_VECTOR);
    end else if (itr_raise_valid) begin
      irq_valid_n     = 1'b1;
      irq_func_n      = itr_raise_func;
      irq_vec_n       = itr_raise_vec;
      itr_raise_ready = irq_ready_n;
    end
  end

  always_comb begin
    misc_pend_d = misc_pend_q;
    if (irq_valid_n && irq_ready_n && misc_pend_q) begin
      misc_pend_d = 1'b0;
    end
    if (mbx_pf_irq || mdd_new) begin
      misc_pend_d = 1'b1;
    end
    // a reset function has nothing to be told
    if (freset_g[0]) begin
      misc_pend_d = 1'b0;
    end
  end

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      misc_pend_q    <= 1'b0;
      vfmbx_pend_q   <= '0;
      vfmbx_queued_q <= '0;
    end else begin
      misc_pend_q <= misc_pend_d;
      if (vfmbx_any && !misc_pend_q && irq_ready_n) begin
        vfmbx_pend_q[vm_head] <= 1'b0;
      end
      if (vm_pop) begin
        vfmbx_queued_q[vm_head] <= 1'b0;
      end
      if (mbx_vf_irq) begin
        vfmbx_pend_q[mbx_vf_irq_idx] <= 1'b1;
      end
      if (vm_push) begin
        vfmbx_queued_q[mbx_vf_irq_idx] <= 1'b1;
      end
      // a reset function has nothing to be told
      if (mbx_clr_one) begin
        vfmbx_pend_q[mbx_clr_idx] <= 1'b0;
      end
      if (mbx_clr_all) begin
        vfmbx_pend_q   <= '0;
        vfmbx_queued_q <= '0;   // the FIFO is emptied too
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Egress (anti-spoof, VEB) and wire ingress, sharing the classifier through the arbiter
  // ---------------------------------------------------------------------------------------
  logic              rxl_valid, rxl_tagged, rxr_valid, rxr_miss;
  logic [47:0]       rxl_dmac;
  logic [11:0]       rxl_vid;
  logic [NumFuncs-1:0] rxr_mask;
  logic [1:0]        rxr_how;
  logic              txl_valid, txl_ready, txl_tagged, txr_valid;
  logic [47:0]       txl_dmac;
  logic [11:0]       txl_vid;
  logic [6:0]        txl_src_pool;
  logic [NumFuncs-1:0] txr_mask;
  logic [1:0]        txr_how;
  logic              port_tx, port_veb, rx_ok, rx_runt, rx_oversize, rx_err, rx_miss;

  vfnic_cls_arb #(
    .NumFuncs(NumFuncs)
  ) u_cls_arb (
    .rx_lk_valid_i    (rxl_valid),
    .rx_lk_dmac_i     (rxl_dmac),
    .rx_lk_tagged_i   (rxl_tagged),
    .rx_lk_vid_i      (rxl_vid),
    .rx_res_valid_o   (rxr_valid),
    .rx_res_mask_o    (rxr_mask),
    .rx_res_how_o     (rxr_how),
    .rx_res_miss_o    (rxr_miss),
    .tx_lk_valid_i    (txl_valid),
    .tx_lk_dmac_i     (txl_dmac),
    .tx_lk_tagged_i   (txl_tagged),
    .tx_lk_vid_i      (txl_vid),
    .tx_lk_src_pool_i (txl_src_pool),
    .tx_lk_ready_o    (txl_ready),
    .tx_res_valid_o   (txr_valid),
    .tx_res_mask_o    (txr_mask),
    .tx_res_how_o     (txr_how),
    .cls_lk_valid_o   (lk_valid),
    .cls_lk_dmac_o    (lk_dmac),
    .cls_lk_tagged_o  (lk_tagged),
    .cls_lk_vid_o     (lk_vid),
    .cls_lk_looped_o  (lk_looped),
    .cls_lk_src_pool_o(lk_src_pool),
    .cls_lk_cookie_o  (lk_cookie),
    .cls_res_valid_i  (res_valid),
    .cls_res_mask_i   (res_mask),
    .cls_res_how_i    (res_how),
    .cls_res_miss_i   (res_miss),
    .cls_res_cookie_i (res_cookie)
  );

  vfnic_eth_tx #(
    .NumFuncs(NumFuncs)
  ) u_eth_tx (
    .clk_i            (clk_g),
    .rst_ni           (rst_ni),
    .fo_valid_i       (fo_valid),
    .fo_data_i        (fo_data),
    .fo_keep_i        (fo_keep),
    .fo_last_i        (fo_last),
    .fo_func_i        (fo_func),
    .fo_q_i           (fo_q),
    .fo_len_i         (fo_len),
    .fo_ready_o       (fo_ready),
    .fs_valid_o       (fs_valid),
    .fs_err_o         (fs_err),
    .func_mac_i       (mac_v),
    .func_vid_i       (vid_v),
    .func_vlan_en_i   (vlan_en_q),
    .func_spoof_mac_i (spoof_mac),
    .func_spoof_vlan_i(spoof_vlan),
    .veb_en_i         (veb_en_q),
    .lk_valid_o       (txl_valid),
    .lk_dmac_o        (txl_dmac),
    .lk_tagged_o      (txl_tagged),
    .lk_vid_o         (txl_vid),
    .lk_src_pool_o    (txl_src_pool),
    .lk_ready_i       (txl_ready),
    .res_valid_i      (txr_valid),
    .res_mask_i       (txr_mask),
    .res_how_i        (txr_how),
    .eth_tx_valid_o   (etx_valid_n),
    .eth_tx_data_o    (etx_data_n),
    .eth_tx_keep_o    (etx_keep_n),
    .eth_tx_last_o    (etx_last_n),
    .eth_tx_ready_i   (etx_ready_n),
    .li_valid_o       (li_valid),
    .li_data_o        (li_data),
    .li_keep_o        (li_keep),
    .li_last_o        (li_last),
    .li_abort_o       (li_abort),
    .li_mask_o        (li_mask),
    .li_how_o         (li_how),
    .li_tci_o         (li_tci),
    .li_tagged_o      (li_tagged),
    .li_hash_o        (li_hash),
    .li_ready_i       (li_ready),
    .mdd_valid_o      (eth_mdd_valid),
    .mdd_func_o       (eth_mdd_func),
    .port_tx_o        (port_tx),
    .port_veb_o       (port_veb),
    .port_bytes_o     (port_tx_bytes),
    .busy_o           (etx_busy)
  );

  vfnic_eth_rx #(
    .NumFuncs(NumFuncs)
  ) u_eth_rx (
    .clk_i         (clk_g),
    .rst_ni        (rst_ni),
    .eth_rx_valid_i(eth_rx_valid_g),
    .eth_rx_data_i (eth_rx_data_g),
    .eth_rx_keep_i (eth_rx_keep_g),
    .eth_rx_last_i (eth_rx_last_g),
    .eth_rx_err_i  (eth_rx_err_g),
    .lk_valid_o    (rxl_valid),
    .lk_dmac_o     (rxl_dmac),
    .lk_tagged_o   (rxl_tagged),
    .lk_vid_o      (rxl_vid),
    .res_valid_i   (rxr_valid),
    .res_mask_i    (rxr_mask),
    .res_how_i     (rxr_how),
    .res_miss_i    (rxr_miss),
    .wi_valid_o    (wi_valid),
    .wi_data_o     (wi_data),
    .wi_keep_o     (wi_keep),
    .wi_last_o     (wi_last),
    .wi_abort_o    (wi_abort),
    .wi_mask_o     (wi_mask),
    .wi_how_o      (wi_how),
    .wi_tci_o      (wi_tci),
    .wi_tagged_o   (wi_tagged),
    .wi_hash_o     (wi_hash),
    .rx_ok_o       (rx_ok),
    .rx_bytes_o    (port_rx_bytes),
    .rx_runt_o     (rx_runt),
    .rx_oversize_o (rx_oversize),
    .rx_err_o      (rx_err),
    .rx_miss_o     (rx_miss),
    .busy_o        (erx_busy)
  );

  always_comb begin
    port_ev                    = '0;
    port_ev[vfnic_regs_pkg::PSTAT_RX_FRAMES]   = rx_ok;
    port_ev[vfnic_regs_pkg::PSTAT_RX_RUNT]     = rx_runt;
    port_ev[vfnic_regs_pkg::PSTAT_RX_OVERSIZE] = rx_oversize;
    port_ev[vfnic_regs_pkg::PSTAT_RX_ERR]      = rx_err;
    port_ev[vfnic_regs_pkg::PSTAT_RX_OVERFLOW] = rx_ovf;
    port_ev[vfnic_regs_pkg::PSTAT_RX_MISS]     = rx_miss;
    port_ev[vfnic_regs_pkg::PSTAT_TX_FRAMES]   = port_tx;
    port_ev[vfnic_regs_pkg::PSTAT_VEB_FRAMES]  = port_veb;
  end

  // ---------------------------------------------------------------------------------------
  // Activity gating (docs/rtl-structure.md "Activity gating"): everything here but the time
  // base (now_q) runs on clk_g, which the Verilated
  // model stops in cycles when the datapath has nothing to do: idle (idle_o: nothing in
  // flight in any block, including the boundary registers and output slices, and nothing
  // waiting for time), no request, completion or frame coming in, no function reset, and no
  // level input different from its registered copy. Everything inside reads only clk_g
  // flops (the boundary below), so none of its logic is evaluated in a stopped cycle.
  // In synthesis clk_g is clk_i (vfnic_cg).
  // ---------------------------------------------------------------------------------------
  // a level input that differs from its registered copy wakes the datapath
  logic lvl_changed;
  assign lvl_changed = rid_base_i != rid_base_g || mps_i != mps_g || mrrs_i != mrrs_g ||
                       bme_i != bme_g || freset_i != freset_g || vf_clr_all_i != vf_clr_all_g ||
                       eth_link_up_i != eth_link_up_g;
  vfnic_cg u_cg (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (!idle_o || reg_req_i || rc_valid_i || eth_rx_valid_i || vf_clr_i ||
             lvl_changed),
    .clk_o (clk_g)
  );

  // ---------------------------------------------------------------------------------------
  // idle: nothing in flight in any block, no interrupt waiting (the model stops the clock
  // while the core is idle, so anything that waits for time must keep this low)
  // ---------------------------------------------------------------------------------------
  assign idle_o = txq_idle && rxq_idle && drd_idle && dwr_idle && !rq_arb_busy &&
                  !misc_pend_q && vm_count == '0 && !itr_busy && !st_busy_q && !walk_q &&
                  !cls_busy && !etx_busy && !erx_busy && !shp_busy && !st_busy && !mbx_busy_walk &&
                  !reg_req_g && !rc_valid_g && !eth_rx_valid_g && !vf_clr_g &&
                  !rq_slice_busy && !etx_slice_busy && !irq_slice_busy;

  logic unused_dp;
  assign unused_dp = ^{res_exact, res_default, drd_timeout, dwr_drop, dwr_drop_client,
                       mbx_pf_bad, st_overrun, vf_num, vm_in_ready, vf_clr_idx_g};

endmodule

`default_nettype wire
