// SPDX-License-Identifier: MIT
// MSI-X of every function, 0 (the PF, PfVectors vectors) .. TotalVfs (each VF VfVectors):
// the vector tables and PBAs seen through each function's MSI-X BAR (the PF's own BAR, a VF's
// slice of VF BAR2), the pending logic and message generation (one MWr per delivered vector,
// with the function's requester ID) on a single-beat request stream.
//
// Vector v of function f is entry f_ent(f, v): the PF's vectors come first (entries
// 0 .. PfSlots-1), then vector v of VF n = function 1 + n is entry PfSlots + v * VfStride + n
// (VfSlot planes of VfStride VFs: a VF's vectors are one bit of each plane).
//
// State (docs/rtl-structure.md): Message Address lo/hi and Message Data in three
// vfnic_ram_1r1w (one word per entry, registered read); Vector Control mask, pending and
// "queued" bits in bit vectors read by index and updated as whole vectors (one-hot decoded
// entries; a VF's entries are its one-hot repeated over the planes); function state
// (MSI-X Enable, Function Mask, Bus Master Enable) comes in as bit vectors by function.
// Work is driven by events: a vector that becomes deliverable (raised while its function may
// deliver and it is unmasked; pending and unmasked by a Vector Control write; pending when a
// config write to its function may have enabled delivery) is pushed once into the delivery
// FIFO; the delivery pops it, re-checks pending/mask/function state, reads the table and
// latches the message. A config write to function f queues f (once) in a rescan FIFO; the
// rescan visits f's vectors, one per cycle. Nothing walks all vectors in a cycle.
// Resets: an FLR or software reset of one function rewrites its (at most PfVectors) mask and
// pending bits in one cycle (an FLR also its table words' "written" bits: they read 0 until
// written again, so nothing of the old owner's table is readable); clearing VF Enable starts
// a reset walk over the VFs (one VF per cycle, TotalVfs cycles) while walk_o holds every
// register access of the core.
`default_nettype none

module vfnic_msix #(
  parameter int unsigned TotalVfs      = 32'(vfnic_regs_pkg::TOTAL_VFS),
  parameter int unsigned PfVectors     = 32'(vfnic_regs_pkg::PF_MSIX_VECTORS),
  parameter int unsigned VfVectors     = 32'(vfnic_regs_pkg::VF_MSIX_VECTORS),
  parameter int unsigned PfBarSizeLog2 = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2),
  parameter int unsigned VfBarSizeLog2 = 32'(vfnic_regs_pkg::VF_MSIX_BAR_SIZE_LOG2),
  parameter logic [31:0] TableOffset   = vfnic_regs_pkg::MSIX_TABLE_OFFSET,
  parameter logic [31:0] PbaOffset     = vfnic_regs_pkg::MSIX_PBA_OFFSET,
  localparam int unsigned NumFuncs     = TotalVfs + 1,
  localparam int unsigned FuncW        = (NumFuncs > 1) ? $clog2(NumFuncs) : 1,
  localparam int unsigned DwAddrWidth  = ((PfBarSizeLog2 > VfBarSizeLog2) ? PfBarSizeLog2
                                                                           : VfBarSizeLog2) - 2
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,

  // Register port (docs/rtl-structure.md): one DW of function reg_func_i's MSI-X BAR (its
  // slice for a VF); inputs held until reg_ack_o
  input  logic                   reg_req_i,
  input  logic                   reg_we_i,
  input  logic [FuncW-1:0]       reg_func_i,
  input  logic [DwAddrWidth-1:0] reg_dw_i,
  input  logic [3:0]             reg_be_i,
  input  logic [31:0]            reg_wdata_i,
  output logic                   reg_ack_o,
  output logic [31:0]            reg_rdata_o,
  output logic                   reg_hit_o,    // 0: no register here / unsupported write

  // Function state, by function (a VF's bits include VF Enable)
  input  logic [NumFuncs-1:0]    en_i,         // MSI-X Enable
  input  logic [NumFuncs-1:0]    fmask_i,      // Function Mask
  input  logic [NumFuncs-1:0]    bme_i,        // Bus Master Enable
  input  logic [15:0]            rid_base_i,   // {bus, device, 000}: function f is + f's offset

  // A config write to function cfg_func_i was done (in an earlier cycle): its MSI-X Enable,
  // Function Mask or BME may now let pending vectors out
  input  logic                   cfg_wr_i,
  input  logic [FuncW-1:0]       cfg_func_i,

  // Resets: PF FLR (vectors masked, none pending), PF software reset (none pending), one
  // VF's FLR (vf_rst_mask_i) or software reset, and VF Enable (falling: every VF as after FLR)
  input  logic                   pf_flr_i,
  input  logic                   pf_clr_pending_i,
  input  logic                   vf_rst_i,
  input  logic [FuncW-1:0]       vf_rst_func_i,  // a VF: 1 .. TotalVfs
  input  logic                   vf_rst_mask_i,
  input  logic                   vf_en_i,
  output logic                   walk_o,       // the VF reset walk runs: hold register access

  // One interrupt event per cycle: raise vector ev_vec_i of function ev_func_i. An event is
  // always taken; ev_ready_o low asks sources that can wait (the datapath) to wait, so the
  // block's own work (rescan, unmask write) gets the delivery FIFO's push port
  input  logic                   ev_valid_i,
  input  logic [FuncW-1:0]       ev_func_i,
  input  logic [11:0]            ev_vec_i,
  output logic                   ev_ready_o,
  output logic                   dropped_o,    // the event was dropped (disabled/out of range)
  output logic                   sent_o,       // a message was accepted by the stream ...
  output logic [FuncW-1:0]       sent_func_o,  // ... of this function

  // Message stream (single-beat MWr TLPs)
  output logic                   msg_valid_o,
  input  logic                   msg_ready_i,
  output logic [127:0]           msg_hdr_o,
  output logic [127:0]           msg_data_o,

  output logic                   busy_o
);

  logic clk_g;  // clk_i, stopped in the model while the block has nothing to do (below)


  localparam int unsigned PfLog2   = (PfVectors > 1) ? $clog2(PfVectors) : 0;
  localparam int unsigned VfLog2   = (VfVectors > 1) ? $clog2(VfVectors) : 0;
  localparam int unsigned PfSlots  = 1 << PfLog2;
  localparam int unsigned VfSlot   = 1 << VfLog2;
  localparam int unsigned VfN      = (TotalVfs > 0) ? TotalVfs : 1;
  localparam int unsigned VfWalkW  = (VfN > 1) ? $clog2(VfN) : 1;
  localparam int unsigned VfStrLog2 = (VfN > 1) ? $clog2(VfN) : 0;
  localparam int unsigned VfStride = 1 << VfStrLog2;  // VfN rounded up to a power of 2
  localparam int unsigned Entries  = PfSlots + VfSlot * VfStride;
  localparam int unsigned EntW     = $clog2(Entries + 1);
  localparam int unsigned DqDepth  = (Entries > 2) ? (1 << $clog2(Entries)) : 2;
  localparam int unsigned RqDepth  = (NumFuncs > 2) ? (1 << $clog2(NumFuncs)) : 2;
  localparam int unsigned PfWin    = (PfVectors > 32) ? 32 : PfVectors;  // pending bits in a
  localparam int unsigned VfWin    = (VfVectors > 32) ? 32 : VfVectors;  // PBA DW
  localparam logic [DwAddrWidth-1:0] TableDw = TableOffset[DwAddrWidth+1:2];
  localparam logic [DwAddrWidth-1:0] PbaDw   = PbaOffset[DwAddrWidth+1:2];
  localparam int unsigned MaxVectors = (PfVectors > VfVectors) ? PfVectors : VfVectors;
  localparam int unsigned PfPbaBytes  = 8 * ((PfVectors + 63) / 64);  // whole QWs
  localparam int unsigned VfPbaBytes  = 8 * ((VfVectors + 63) / 64);
  localparam int unsigned MaxPbaBytes = 8 * ((MaxVectors + 63) / 64);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (PfVectors < 1 || PfVectors > 2048 || VfVectors < 1 || VfVectors > 2048) begin
    : gen_vectors_check
    $error("PfVectors and VfVectors must be 1..2048");
  end
  if (TotalVfs > 32'(vfnic_regs_pkg::MAX_TOTAL_VFS)) begin : gen_total_vfs_check
    $error("TotalVfs must be 0..MAX_TOTAL_VFS");
  end
  if (PfBarSizeLog2 < 7 || PfBarSizeLog2 > 31 || VfBarSizeLog2 < 7 || VfBarSizeLog2 > 31)
    begin : gen_bar_check
    $error("BarSizeLog2 must be 7..31");
  end
  if (TableOffset[2:0] != 3'b000 || PbaOffset[2:0] != 3'b000) begin : gen_align_check
    $error("MSI-X table and PBA offsets must be QW aligned");
  end
  if (64'(TableOffset) + 64'(16 * PfVectors) > (64'd1 << PfBarSizeLog2) ||
      64'(PbaOffset) + 64'(PfPbaBytes) > (64'd1 << PfBarSizeLog2) ||
      64'(TableOffset) + 64'(16 * VfVectors) > (64'd1 << VfBarSizeLog2) ||
      64'(PbaOffset) + 64'(VfPbaBytes) > (64'd1 << VfBarSizeLog2))
    begin : gen_fit_check
    $error("MSI-X table or PBA does not fit the BAR");
  end
  if ((TableOffset < PbaOffset) ? (TableOffset + 32'(16 * MaxVectors) > PbaOffset)
                                : (PbaOffset + 32'(MaxPbaBytes) > TableOffset))
    begin : gen_overlap_check
    $error("MSI-X table and PBA overlap");
  end
`endif

  // ---- entry numbers ----
  // Vector v of the PF is entry v; vector v of VF n (function 1 + n) is entry
  // PfSlots + v * VfStride + n: the VFs' vector v lie side by side, so the entries of one VF
  // are the same bit in each of VfSlot VfStride-bit planes. A VF reset then sets or clears
  // its entries with a VF one-hot repeated over the planes (a decoder of the VF number, no
  // shifter of a slice across all entries), and its PBA bits are a VF-indexed mux per plane.
  // v is within the function's vectors wherever an entry is used (ev_ok, in_table, rescan).
  function automatic logic [EntW-1:0] f_ent(input logic [FuncW-1:0] f, input logic [11:0] v);
    f_ent = (f == '0) ? EntW'(v)
                      : EntW'(PfSlots + ((32'(v) & (VfSlot - 1)) << VfStrLog2) + (32'(f) - 1));
  endfunction
  function automatic logic [12:0] f_nvec(input logic [FuncW-1:0] f);
    f_nvec = (f == '0) ? 13'(PfVectors) : 13'(VfVectors);
  endfunction
  // one-hot of an entry: bit i is the AND over the index bits k of (e[k] == i[k]), built from
  // constant vectors of the entries' index bits (IdxBits[k] holds bit k of every entry
  // number): whole-vector ANDs for the simulator, a flat compare per entry for synthesis
  function automatic logic [EntW*Entries-1:0] f_idx_bits(input int unsigned n);
    for (int k = 0; k < EntW; k++) begin
      for (int i = 0; i < n; i++) begin
        f_idx_bits[k * n + i] = 1'((i >> k) & 1);
      end
    end
  endfunction
  localparam logic [EntW*Entries-1:0] IdxBits = f_idx_bits(Entries);

  function automatic logic [Entries-1:0] f_oh(input logic [EntW-1:0] e);
    logic [EntW-1:0][Entries-1:0] t;
    for (int k = 0; k < EntW; k++) begin
      t[k] = e[k] ? IdxBits[k * Entries +: Entries] : ~IdxBits[k * Entries +: Entries];
    end
    // a balanced AND tree: pairs of index bits, then pairs of pairs
    for (int w = EntW; w > 1; w = (w + 1) / 2) begin
      for (int k = 0; k < w / 2; k++) t[k] = t[2 * k] & t[2 * k + 1];
      if (w % 2 == 1) t[w / 2] = t[w - 1];
    end
    f_oh = t[0];
  endfunction
  function automatic logic f_ok(input logic [FuncW-1:0] f, input logic [NumFuncs-1:0] en,
                                input logic [NumFuncs-1:0] fmask,
                                input logic [NumFuncs-1:0] bme);
    f_ok = en[f] && !fmask[f] && bme[f];
  endfunction

  logic [Entries-1:0] mask_q;     // Vector Control bit 0, resets to masked
  logic [Entries-1:0] pending_q;
  logic [Entries-1:0] queued_q;   // the vector is in the delivery FIFO
  // a table word (Message Address lo, hi, Message Data) was written since its function's
  // last reset: an unwritten word reads 0 and is sent as 0, so a reset leaves nothing of the
  // old owner's addresses readable (the RAMs themselves are not rewritten)
  logic [Entries-1:0] wr_lo_q, wr_hi_q, wr_data_q;
  logic [2:0]         rd_wr_q;    // the written bits of the entry being delivered
  logic [NumFuncs-1:0] resc_q;    // the function is in the rescan FIFO

  // ---- table RAMs: one word per entry, shared read port (register reads first) ----
  logic            ram_re;
  logic [EntW-1:0] ram_raddr;
  logic [29:0]     lo_rdata;   // Message Address 31:2 (bits 1:0 are RO 0)
  logic [31:0]     hi_rdata;
  logic [31:0]     data_rdata;
  logic [2:0]      ram_we;
  logic [EntW-1:0] ram_waddr;

  vfnic_ram_1r1w #(.Width(30), .Depth(Entries)) u_addr_lo (
    .clk_i(clk_g), .we_i(ram_we[0]), .waddr_i(ram_waddr), .wdata_i(reg_wdata_i[31:2]),
    .re_i(ram_re), .raddr_i(ram_raddr), .rdata_o(lo_rdata)
  );
  vfnic_ram_1r1w #(.Width(32), .Depth(Entries)) u_addr_hi (
    .clk_i(clk_g), .we_i(ram_we[1]), .waddr_i(ram_waddr), .wdata_i(reg_wdata_i),
    .re_i(ram_re), .raddr_i(ram_raddr), .rdata_o(hi_rdata)
  );
  vfnic_ram_1r1w #(.Width(32), .Depth(Entries)) u_data (
    .clk_i(clk_g), .we_i(ram_we[2]), .waddr_i(ram_waddr), .wdata_i(reg_wdata_i),
    .re_i(ram_re), .raddr_i(ram_raddr), .rdata_o(data_rdata)
  );

  // ---- delivery FIFO: {function, entry}, each vector at most once (queued_q) ----
  logic                   dq_push, dq_pop, dq_valid, dq_in_ready;
  logic [FuncW+EntW-1:0]  dq_in, dq_out;
  logic [$clog2(DqDepth + 3)-1:0] dq_count;
  logic [FuncW-1:0]       pop_f;
  logic [EntW-1:0]        pop_e;

  vfnic_fifo #(.Width(FuncW + EntW), .Depth(DqDepth)) u_dq (
    .clk_i(clk_g), .rst_ni(rst_ni), .clr_i(1'b0),
    .in_valid_i(dq_push), .in_ready_o(dq_in_ready), .in_data_i(dq_in),
    .out_valid_o(dq_valid), .out_ready_i(dq_pop), .out_data_o(dq_out),
    .count_o(dq_count)
  );
  assign {pop_f, pop_e} = dq_out;

  // ---- rescan FIFO: functions after a config write, each at most once (resc_q) ----
  logic                   rq_push, rq_pop, rq_valid, rq_in_ready;
  logic [FuncW-1:0]       rq_out;
  logic [$clog2(RqDepth + 3)-1:0] rq_count;

  vfnic_fifo #(.Width(FuncW), .Depth(RqDepth)) u_rq (
    .clk_i(clk_g), .rst_ni(rst_ni), .clr_i(1'b0),
    .in_valid_i(rq_push), .in_ready_o(rq_in_ready), .in_data_i(cfg_func_i),
    .out_valid_o(rq_valid), .out_ready_i(rq_pop), .out_data_o(rq_out),
    .count_o(rq_count)
  );

  // ---- engine: register access, rescan ----
  typedef enum logic [1:0] {
    StIdle,    // take a register access, else start a rescan
    StRead,    // the table word read in the last cycle is on the RAM outputs: answer
    StRescan   // visit vector rs_v_q of function rs_f_q
  } st_e;

  st_e              st_q;
  logic [1:0]       rd_word_q;
  logic [FuncW-1:0] rs_f_q;
  logic [11:0]      rs_v_q;
  logic             ctl_wait_q;   // an unmask write waited for the push port: hold the datapath
  logic             walk_q;
  logic [VfWalkW-1:0] walk_vf_q;
  logic             vf_en_q;

  // delivery pipeline
  logic             rd_inflight_q;
  logic [FuncW-1:0] rd_func_q;
  logic             msg_valid_q;
  logic [127:0]     msg_hdr_q;
  logic [31:0]      msg_data_q;
  logic [FuncW-1:0] msg_func_q;

  // ---- register access decode ----
  logic [12:0]            acc_nvec;
  logic [DwAddrWidth:0]   table_diff;  // one extra bit: set when below the region
  logic [DwAddrWidth:0]   pba_diff;
  logic [DwAddrWidth-1:0] table_rel;
  logic [DwAddrWidth-1:0] pba_rel;
  logic                   in_table, in_pba;
  logic [1:0]             acc_word;
  logic [FuncW-1:0]       eng_f;
  logic [EntW-1:0]        eng_e;
  logic [31:0]            pba_word;

  assign acc_nvec   = f_nvec(reg_func_i);
  assign table_diff = {1'b0, reg_dw_i} - {1'b0, TableDw};
  assign pba_diff   = {1'b0, reg_dw_i} - {1'b0, PbaDw};
  assign table_rel  = table_diff[DwAddrWidth-1:0];
  assign pba_rel    = pba_diff[DwAddrWidth-1:0];
  assign in_table   = !table_diff[DwAddrWidth] && (32'(table_rel) < 4 * 32'(acc_nvec));
  assign in_pba     = !pba_diff[DwAddrWidth] && (32'(pba_rel) < 2 * ((32'(acc_nvec) + 63) / 64));
  assign acc_word   = table_rel[1:0];

  // PBA DW: pending bits 32 * pba_rel .. of the function (at most 32 that exist: a function
  // with up to 32 vectors has only DW 0, read as its PfWin/VfWin bits)
  logic [VfWalkW-1:0] acc_vf;  // the VF of a VF access
  assign acc_vf = VfWalkW'(32'(reg_func_i) - 1);

  always_comb begin
    logic [31:0] nleft;
    logic [31:0] vmask;
    logic [31:0] pw, vw;  // the DW's first vector (0 unless a function can have more than 32)
    logic [VfStride-1:0] plane;  // pending bit of vector vw + j of every VF
    pw    = (PfVectors > 32) ? 32 * 32'(pba_rel) : 32'd0;
    vw    = (VfVectors > 32) ? 32 * 32'(pba_rel) : 32'd0;
    nleft = 32'(acc_nvec) - 32 * 32'(pba_rel);
    vmask = (nleft >= 32) ? '1 : ((32'd1 << nleft[4:0]) - 32'd1);
    pba_word = '0;
    plane    = '0;
    if (32 * 32'(pba_rel) < 32'(acc_nvec)) begin
      if (reg_func_i == '0) begin
        for (int j = 0; j < PfWin; j++) begin
          pba_word[j] = pending_q[EntW'(pw + 32'(j))];
        end
      end else begin
        for (int j = 0; j < VfWin; j++) begin
          plane       = pending_q[PfSlots + (vw + 32'(j)) * VfStride +: VfStride];
          pba_word[j] = plane[acc_vf];
        end
      end
      pba_word = pba_word & vmask;
    end
  end

  // ---- the event of this cycle ----
  logic [EntW-1:0] ev_e;
  logic            ev_ok, ev_take, ev_push;
  logic            pop_fire, pop_ok;

  assign ev_e      = f_ent(ev_func_i, ev_vec_i);
  assign ev_ok     = en_i[ev_func_i] && (13'(ev_vec_i) < f_nvec(ev_func_i));
  assign ev_take   = ev_valid_i && ev_ok;
  assign dropped_o = ev_valid_i && !ev_ok;
  // queued after this cycle's pop: the popped vector may be pushed again
  assign ev_push   = ev_take && !mask_q[ev_e] && f_ok(ev_func_i, en_i, fmask_i, bme_i) &&
                     !(queued_q[ev_e] && !(pop_fire && pop_e == ev_e));

  // ---- engine ----
  st_e              st_d;
  logic             reg_rd_issue;
  logic             int_push;
  logic             ctl_we;
  logic             eng_ok;

  // The entry of the engine's state, read once: the rescan's vector in StRescan, else the
  // register access's table entry (used only when in_table)
  assign eng_f  = (st_q == StRescan) ? rs_f_q : reg_func_i;
  assign eng_e  = f_ent(eng_f, (st_q == StRescan) ? rs_v_q : 12'(table_rel >> 2));
  assign eng_ok = f_ok(eng_f, en_i, fmask_i, bme_i);

  always_comb begin
    st_d         = st_q;
    reg_ack_o    = 1'b0;
    reg_rdata_o  = '0;
    reg_hit_o    = 1'b0;
    reg_rd_issue = 1'b0;
    ram_we       = '0;
    ctl_we       = 1'b0;
    int_push     = 1'b0;
    rq_pop       = 1'b0;

    case (st_q)
      StIdle: if (!walk_q) begin
        if (reg_req_i) begin
          if (in_table) begin
            reg_hit_o = !reg_we_i || (reg_be_i == 4'hF) || (reg_be_i == 4'h0);
          end else begin
            reg_hit_o = in_pba;
          end
          if (!reg_we_i && in_table && acc_word != 2'd3) begin
            reg_rd_issue = 1'b1;  // address/data: answered from the RAM next cycle
            st_d         = StRead;
          end else if (reg_we_i && in_table && reg_be_i == 4'hF && acc_word == 2'd3) begin
            // Vector Control: an unmask of a pending vector may make it deliverable
            int_push = !reg_wdata_i[0] && mask_q[eng_e] &&
                       (pending_q[eng_e] || (ev_take && ev_e == eng_e)) && eng_ok &&
                       !(queued_q[eng_e] && !(pop_fire && pop_e == eng_e));
            if (!(int_push && ev_push)) begin
              ctl_we    = 1'b1;
              reg_ack_o = 1'b1;
            end else begin
              int_push = 1'b0;  // the event has the push port: try again next cycle
            end
          end else begin
            // table address/data writes (whole DW only), reads of Vector Control and PBA,
            // PBA writes (read-only) and holes
            ram_we[0] = reg_we_i && in_table && reg_be_i == 4'hF && acc_word == 2'd0;
            ram_we[1] = reg_we_i && in_table && reg_be_i == 4'hF && acc_word == 2'd1;
            ram_we[2] = reg_we_i && in_table && reg_be_i == 4'hF && acc_word == 2'd2;
            reg_ack_o = 1'b1;
            if (!reg_we_i && in_table) begin
              reg_rdata_o = {31'h0, mask_q[eng_e]};
            end else if (!reg_we_i && in_pba) begin
              reg_rdata_o = pba_word;
            end
          end
        end else if (rq_valid) begin
          rq_pop = 1'b1;
          if (f_ok(rq_out, en_i, fmask_i, bme_i)) begin
            st_d = StRescan;
          end
        end
      end

      StRead: begin
        reg_ack_o = 1'b1;
        reg_hit_o = 1'b1;
        case (rd_word_q)
          2'd0:    reg_rdata_o = wr_lo_q[eng_e] ? {lo_rdata, 2'b00} : '0;
          2'd1:    reg_rdata_o = wr_hi_q[eng_e] ? hi_rdata : '0;
          default: reg_rdata_o = wr_data_q[eng_e] ? data_rdata : '0;
        endcase
        st_d = StIdle;
      end

      StRescan: if (!ev_push) begin
        int_push = pending_q[eng_e] && !mask_q[eng_e] && eng_ok &&
                   !(queued_q[eng_e] && !(pop_fire && pop_e == eng_e));
        if (13'(rs_v_q) + 13'd1 >= f_nvec(rs_f_q)) begin
          st_d = StIdle;
        end
      end

      default: st_d = StIdle;
    endcase
  end

  assign ram_waddr = eng_e;
  assign dq_push   = ev_push || int_push;
  assign dq_in     = ev_push ? {ev_func_i, ev_e} : {eng_f, eng_e};
  assign rq_push   = cfg_wr_i && !(resc_q[cfg_func_i] && !(rq_pop && rq_out == cfg_func_i));
  assign ev_ready_o = (st_q != StRescan) && !ctl_wait_q;

  // ---- delivery: pop a vector, re-check it, read its table entry, latch the message ----
  assign pop_fire  = dq_valid && !msg_valid_q && !rd_inflight_q && !reg_rd_issue;
  assign dq_pop    = pop_fire;
  assign pop_ok    = pending_q[pop_e] && !mask_q[pop_e] &&
                     f_ok(pop_f, en_i, fmask_i, bme_i);
  assign ram_re    = reg_rd_issue || (pop_fire && pop_ok);
  assign ram_raddr = reg_rd_issue ? eng_e : pop_e;

  logic [15:0] msg_rid;
  assign msg_rid = {rid_base_i[15:8], rid_base_i[7:0] +
                    ((rd_func_q == '0) ? 8'h00
                                       : 8'((32'(rd_func_q) - 1) *
                                            32'(vfnic_regs_pkg::VF_STRIDE) +
                                            32'(vfnic_regs_pkg::FIRST_VF_OFFSET)))};

  // ---- bit vectors ----
  // Each is updated as a whole, from one-hot vectors of the entries written (f_oh) and the
  // entries a reset rewrites (a VF's: its one-hot in every plane): an entry's next bit is a
  // function of its own bits only, with no decoder or slice shifter per write site. Written
  // as the original priority order of the writes; a term is only computed in a cycle that
  // needs it (the simulation model evaluates this block every cycle).
  logic [Entries-1:0]  mask_d, pending_d, queued_d, wr_lo_d, wr_hi_d, wr_data_d;
  logic [NumFuncs-1:0] resc_d;
  logic                rst_any;

  assign rst_any = pf_flr_i || pf_clr_pending_i || vf_rst_i || walk_q;

  always_comb begin
    logic [VfStride-1:0] rst_oh, walk_oh;  // the VF reset this cycle, the walk's VF
    logic [Entries-1:0]  clr_pend, clr_flr, oh;
    oh        = '0;
    rst_oh    = '0;
    walk_oh   = '0;
    clr_pend  = '0;
    clr_flr   = '0;
    pending_d = pending_q;
    queued_d  = queued_q;
    mask_d    = mask_q;
    wr_lo_d   = wr_lo_q;
    wr_hi_d   = wr_hi_q;
    wr_data_d = wr_data_q;
    // the pop clears queued (and pending when it delivers)
    if (pop_fire) begin
      oh       = f_oh(pop_e);
      queued_d = queued_d & ~oh;
      if (pop_ok) pending_d = pending_d & ~oh;
    end
    // an event in the cycle its vector's delivery starts leaves it pending again
    if (ev_take) pending_d = pending_d | f_oh(ev_e);
    if (dq_push) queued_d = queued_d | f_oh(ev_push ? ev_e : eng_e);
    // register writes: Vector Control, table words
    if (ctl_we || ram_we != '0) begin
      oh = f_oh(eng_e);
      if (ctl_we)    mask_d = reg_wdata_i[0] ? (mask_d | oh) : (mask_d & ~oh);
      if (ram_we[0]) wr_lo_d = wr_lo_d | oh;
      if (ram_we[1]) wr_hi_d = wr_hi_d | oh;
      if (ram_we[2]) wr_data_d = wr_data_d | oh;
    end
    // resets: none pending; after an FLR (or the walk) also masked and no word written (the
    // whole slot of the PF, every plane of a VF: entries past the vectors are never used);
    // a message already committed to delivery still goes out
    if (rst_any) begin
      rst_oh   = vf_rst_i ? VfStride'(1) << VfWalkW'(32'(vf_rst_func_i) - 1) : '0;
      walk_oh  = walk_q ? VfStride'(1) << walk_vf_q : '0;
      clr_pend = {{VfSlot{rst_oh | walk_oh}}, {PfSlots{pf_flr_i || pf_clr_pending_i}}};
      clr_flr  = {{VfSlot{(vf_rst_mask_i ? rst_oh : '0) | walk_oh}}, {PfSlots{pf_flr_i}}};
      pending_d = pending_d & ~clr_pend;
      mask_d    = mask_d | clr_flr;
      wr_lo_d   = wr_lo_d & ~clr_flr;
      wr_hi_d   = wr_hi_d & ~clr_flr;
      wr_data_d = wr_data_d & ~clr_flr;
    end
    resc_d = resc_q;
    if (rq_pop)  resc_d[rq_out] = 1'b0;
    if (rq_push) resc_d[cfg_func_i] = 1'b1;
  end

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      mask_q    <= '1;
      pending_q <= '0;
      queued_q  <= '0;
      resc_q    <= '0;
      wr_lo_q   <= '0;
      wr_hi_q   <= '0;
      wr_data_q <= '0;
    end else begin
      mask_q    <= mask_d;
      pending_q <= pending_d;
      queued_q  <= queued_d;
      resc_q    <= resc_d;
      wr_lo_q   <= wr_lo_d;
      wr_hi_q   <= wr_hi_d;
      wr_data_q <= wr_data_d;
    end
  end

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q          <= StIdle;
      rd_word_q     <= '0;
      rs_f_q        <= '0;
      rs_v_q        <= '0;
      ctl_wait_q    <= 1'b0;
      walk_q        <= 1'b0;
      walk_vf_q     <= '0;
      vf_en_q       <= 1'b0;
      rd_inflight_q <= 1'b0;
      rd_func_q     <= '0;
      rd_wr_q       <= '0;
      msg_valid_q   <= 1'b0;
      msg_hdr_q     <= '0;
      msg_data_q    <= '0;
      msg_func_q    <= '0;
    end else begin
      st_q <= st_d;
      if (reg_rd_issue) begin
        rd_word_q <= acc_word;
      end
      if (rq_pop) begin
        rs_f_q <= rq_out;
        rs_v_q <= '0;
      end else if (st_q == StRescan && !ev_push) begin
        rs_v_q <= rs_v_q + 12'd1;
      end
      ctl_wait_q <= (st_q == StIdle) && !walk_q && reg_req_i && reg_we_i && !reg_ack_o;

      // VF Enable cleared: mask and clear every VF's vectors, one VF per cycle
      vf_en_q <= vf_en_i;
      if (vf_en_q && !vf_en_i) begin
        walk_q    <= 1'b1;
        walk_vf_q <= '0;
      end else if (walk_q) begin
        if (32'(walk_vf_q) == VfN - 1) begin
          walk_q <= 1'b0;
        end else begin
          walk_vf_q <= walk_vf_q + 1'b1;
        end
      end

      rd_inflight_q <= pop_fire && pop_ok;
      if (pop_fire && pop_ok) begin
        rd_func_q <= pop_f;
        rd_wr_q   <= {wr_data_q[pop_e], wr_hi_q[pop_e], wr_lo_q[pop_e]};
      end
      // the message registers change only while no message is presented (AXI-Stream)
      if (!msg_valid_q) begin
        if (rd_inflight_q) begin
          msg_valid_q <= 1'b1;
          msg_hdr_q   <= vfnic_tlp_pkg::mem_hdr(1'b1, {rd_wr_q[1] ? hi_rdata : 32'h0,
                                                      rd_wr_q[0] ? lo_rdata : 30'h0, 2'b00},
                                                10'd1, 4'hF, 4'h0, msg_rid, 8'h00);
          msg_data_q  <= rd_wr_q[2] ? data_rdata : 32'h0;
          msg_func_q  <= rd_func_q;
        end
      end else if (msg_ready_i) begin
        msg_valid_q <= 1'b0;
      end
    end
  end

  assign walk_o      = walk_q;
  assign sent_o      = msg_valid_q && msg_ready_i;
  assign sent_func_o = msg_func_q;
  assign msg_valid_o = msg_valid_q;
  assign msg_hdr_o   = msg_hdr_q;
  assign msg_data_o  = {96'h0, msg_data_q};
  assign busy_o      = msg_valid_q || rd_inflight_q || dq_count != '0 || rq_count != '0 ||
                       st_q != StIdle || walk_q || vf_en_i != vf_en_q || ctl_wait_q;

  // Activity gating (docs/rtl-structure.md "Activity gating"): the block runs on clk_g, which
  // the Verilated model stops while it is not busy and no access, event, config write or
  // reset comes in (the function state inputs are only read when one of those happens)
  vfnic_cg u_cg (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (busy_o || reg_req_i || ev_valid_i || cfg_wr_i || pf_flr_i ||
             pf_clr_pending_i || vf_rst_i),
    .clk_o (clk_g)
  );

  logic unused;
  assign unused = ^{dq_in_ready, rq_in_ready};

`ifdef FORMAL
  // AXI-Stream rules for the message stream
  logic f_past_valid;
  initial f_past_valid = 1'b0;
  always @(posedge clk_i) f_past_valid <= 1'b1;

  always @(posedge clk_i) begin
    if (f_past_valid && rst_ni && $past(rst_ni) && $past(msg_valid_o && !msg_ready_i)) begin
      assert (msg_valid_o);
      assert ($stable(msg_hdr_o) && $stable(msg_data_o));
    end
  end
`endif

endmodule

`default_nettype wire
