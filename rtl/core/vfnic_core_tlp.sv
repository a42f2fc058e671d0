// SPDX-License-Identifier: MIT
// vfnic core: the TLP target/completer. Takes requests from the (registered) cq stream one at
// a time, in order, decodes what they address, runs their register accesses one DW per cycle
// on the register-access port of the function layer (vfnic_core_func) and sends the
// completion on cc (through the core's output slice).
//
// Ports
//   cq_*            requests (from the core's input slice); payload beyond the first two DWs
//                   is consumed and ignored (a register access uses at most two DWs)
//   cpl_* / cc_ready_i  the completion of the current request (valid while it is offered;
//                   header and the two data DWs), taken when cc_ready_i is high
//   mem_en_i .. vf_bar2_i  the decode state from config space: PF Memory Space Enable, BAR0
//                   and MSI-X BAR; VF Enable, VF MSE, NumVFs, the VF BAR sizes and bases
//   acc_*           register-access port (one DW per cycle, held until acked):
//                     acc_req_o    an access to the function layer this cycle (low for an
//                                  access the decode already found bad: MSI-X QW not aligned)
//                     acc_we_o     write (else read)
//                     acc_tgt_o    target kind (vfnic_core_pkg::TGT_*); valid in the access
//                                  phase even while acc_req_o is low
//                     acc_func_o   function index of the target: 0 the PF, 1 + n VF n
//                     acc_fn_o     routing function number of the target (offset from the
//                                  PF's routing ID: 0 the PF, FIRST_VF_OFFSET + n VF n)
//                     acc_off_o    byte offset in the target (config space, BAR, VF slice)
//                     acc_be_o, acc_wdata_o  byte enables and write data of this DW
//                     acc_ack_i    the DW is done this cycle (also sampled while acc_req_o is
//                                  low: the function layer may hold the access phase)
//                     acc_hit_i    some register answered (else a hole: reads 0, reported)
//                     acc_rdata_i  read data (0 for a hole)
//   rid_base_o      {bus, device, 3'b000}: captured from every CfgWr0 (the device number only
//                   while VF Enable is clear)
//   ev_*            one-cycle events: Unsupported Request, poisoned request, completion
//                   received on cq, bad access (hole or refused access of a BAR, once per
//                   request, with its offset; counted for function acc_func_o)
//   idle_o          no request in progress
//
// Behaviour: a request is decoded the cycle after its last beat. Completions (received on cq)
// are dropped and reported, poisoned writes dropped; memory reads and writes of one or two DWs
// that fit the PF's BAR0 or MSI-X BAR or a VF's slice of VF BAR0/BAR2 become accesses (PF BARs
// win over VF BARs if software overlaps them); Type 0 config requests of one DW to the PF or
// an enabled VF become config accesses; everything else is an Unsupported Request (completion
// with status UR unless posted). Memory writes are posted; reads and config requests get a
// successful completion with the data read.
`default_nettype none

module vfnic_core_tlp #(
  parameter int unsigned Bar0SizeLog2    = vfnic_regs_pkg::PF_BAR0_SIZE_LOG2,
  parameter int unsigned MsixBarSizeLog2 = 32'(vfnic_regs_pkg::PF_MSIX_BAR_SIZE_LOG2),
  parameter int unsigned TotalVfs        = 32'(vfnic_regs_pkg::TOTAL_VFS),
  // derived
  parameter int unsigned FuncW           = (TotalVfs > 0) ? $clog2(TotalVfs + 1) : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,

  input  logic             cq_valid_i,
  output logic             cq_ready_o,
  input  logic [127:0]     cq_hdr_i,
  input  logic [63:0]      cq_data_i,
  input  logic             cq_last_i,

  output logic             cpl_valid_o,
  input  logic             cc_ready_i,
  output logic [127:0]     cpl_hdr_o,
  output logic [63:0]      cpl_data_o,

  input  logic             mem_en_i,
  input  logic [63:0]      bar0_i,
  input  logic [63:0]      msix_bar_i,
  input  logic             vf_en_i,
  input  logic             vf_mse_i,
  input  logic [15:0]      num_vfs_i,
  input  logic [4:0]       vf_bar0_size_log2_i,
  input  logic [4:0]       vf_bar2_size_log2_i,
  input  logic [63:0]      vf_bar0_i,
  input  logic [63:0]      vf_bar2_i,

  output logic             acc_req_o,
  output logic             acc_we_o,
  output logic [2:0]       acc_tgt_o,
  output logic [FuncW-1:0] acc_func_o,
  output logic [7:0]       acc_fn_o,
  output logic [23:0]      acc_off_o,
  output logic [3:0]       acc_be_o,
  output logic [31:0]      acc_wdata_o,
  input  logic             acc_ack_i,
  input  logic             acc_hit_i,
  input  logic [31:0]      acc_rdata_i,

  output logic [15:0]      rid_base_o,

  output logic             ev_ur_o,
  output logic             ev_poisoned_o,
  output logic             ev_cpl_unexpected_o,
  output logic             ev_bad_access_o,
  output logic [31:0]      ev_bad_access_addr_o,

  output logic             idle_o
);

  localparam logic [7:0]  PfFunc     = 8'd0;  // routing function number of the PF
  localparam int unsigned VfSlots    = (TotalVfs > 0) ? TotalVfs : 1;
  localparam int unsigned VfIdxWidth = (VfSlots > 1) ? $clog2(VfSlots) : 1;

  typedef enum logic [2:0] {
    CqIdle,    // ready for the first beat of a request
    CqDrain,   // consume payload beats the core does not use
    CqDecode,  // classify the request
    CqAccess,  // one register access per DW
    CqCpl      // completion on cc
  } cq_state_e;

  // Device identity: bus and device number captured from every CfgWr0 (PCIe endpoint rule)
  logic [7:0]  bus_q, bus_d;
  logic [4:0]  dev_q, dev_d;

  cq_state_e    cq_state_q, cq_state_d;
  logic [127:0] req_hdr_q, req_hdr_d;
  logic [63:0]  req_data_q, req_data_d;  // the first two payload DWs: all a register access uses
  logic [2:0]   tgt_q, tgt_d;            // vfnic_core_pkg::TGT_*
  logic         acc_we_q, acc_we_d;
  logic         acc_two_q, acc_two_d;    // two-DW access
  logic         acc_idx_q, acc_idx_d;    // DW being accessed
  logic [23:0]  acc_off_q, acc_off_d;    // offset of the first DW
  logic         acc_skip_q, acc_skip_d;  // whole access is a bad access: no target sees it
  logic [31:0]  rd0_q, rd0_d;            // first DW read
  logic         bad_q, bad_d;
  logic [23:0]  bad_off_q, bad_off_d;
  logic [7:0]   fn_q, fn_d;              // routing function number of the target function
  logic [127:0] cpl_hdr_q, cpl_hdr_d;
  logic [63:0]  cpl_data_q, cpl_data_d;
  logic [VfIdxWidth-1:0] vf_idx_q, vf_idx_d;  // VF addressed by the request

  // ---- decode of the held request ----
  logic [7:0]  ft;
  logic [63:0] addr;
  logic [9:0]  len;
  logic [3:0]  fbe;
  logic [3:0]  lbe;
  logic        is_mrd;
  logic        is_mrdlk;
  logic        is_mwr;
  logic        is_cfg0;
  logic        len_ok;
  logic        hit_bar0;
  logic        hit_msix;
  logic        fits_bar0;
  logic        fits_msix;
  logic [7:0]  cfg_func;     // routing function number addressed by a config request
  logic        cfg_is_vf;    // ... names an enabled VF
  logic [7:0]  cfg_vf;       // ... VF number (cfg_func - FIRST_VF_OFFSET)
  logic [15:0] cpl_id;
  logic [11:0] rd_bc;
  logic [6:0]  rd_la;

  assign ft       = vfnic_tlp_pkg::fmt_type(req_hdr_q);
  assign addr     = vfnic_tlp_pkg::mem_addr(req_hdr_q);
  assign len      = vfnic_tlp_pkg::len_field(req_hdr_q);
  assign fbe      = vfnic_tlp_pkg::req_fbe(req_hdr_q);
  assign lbe      = vfnic_tlp_pkg::req_lbe(req_hdr_q);
  assign is_mrd   = (ft == vfnic_tlp_pkg::FT_MRD32) || (ft == vfnic_tlp_pkg::FT_MRD64);
  assign is_mrdlk = (ft == vfnic_tlp_pkg::FT_MRDLK32) || (ft == vfnic_tlp_pkg::FT_MRDLK64);
  assign is_mwr   = (ft == vfnic_tlp_pkg::FT_MWR32) || (ft == vfnic_tlp_pkg::FT_MWR64);
  assign is_cfg0  = (ft == vfnic_tlp_pkg::FT_CFGRD0) || (ft == vfnic_tlp_pkg::FT_CFGWR0);
  assign len_ok   = (len == 10'd1) || (len == 10'd2);
  // Function addressed by a config request, relative to the PF (routing ID minus the PF's).
  // While VF Enable is clear only the PF exists: the 3-bit function number counts and the
  // device bits are ignored (and captured), as before SR-IOV. While it is set, VF n is at the
  // PF's routing ID + First VF Offset + n x VF Stride (with ARI the PF is device 0, so that
  // is simply function 1 + n), and the device number is no longer recaptured.
  logic [15:0] cfg_target;
  assign cfg_target = vfnic_tlp_pkg::cfg_target_id(req_hdr_q);
  assign cfg_func   = vf_en_i ? (cfg_target[7:0] - {dev_q, 3'b000})
                              : {5'b00000, cfg_target[2:0]};
  assign cfg_vf    = cfg_func - vfnic_regs_pkg::FIRST_VF_OFFSET[7:0];
  // NumVFs <= TotalVFs whenever VF Enable is set (vfnic_func_cfg refuses or locks otherwise)
  assign cfg_is_vf = vf_en_i && (cfg_func >= vfnic_regs_pkg::FIRST_VF_OFFSET[7:0]) &&
                     (16'(cfg_vf) < num_vfs_i);

  // VF BAR decode: VF n's slice of VF BAR k is VFBAR_k + n * size_k; it answers while VF
  // Enable and VF MSE are set and n < NumVFs. PF BARs win if software overlaps them.
  logic [63:0] vf0_off, vf2_off;      // offset from the VF BAR base
  logic [63:0] vf0_n, vf2_n;          // VF number of the slice
  logic [21:0] vf0_slice, vf2_slice;  // offset in the slice (slices are 16 KiB..4 MiB)
  logic [21:0] vf0_last, vf2_last;    // offset of the last DW of a slice
  logic        hit_vf0, hit_vf2;
  logic        fits_vf0, fits_vf2;

  assign vf0_off   = addr - vf_bar0_i;
  assign vf2_off   = addr - vf_bar2_i;
  assign vf0_n     = vf0_off >> vf_bar0_size_log2_i;
  assign vf2_n     = vf2_off >> vf_bar2_size_log2_i;
  assign vf0_last  = 22'((64'd1 << vf_bar0_size_log2_i) - 64'd4);
  assign vf2_last  = 22'((64'd1 << vf_bar2_size_log2_i) - 64'd4);
  assign vf0_slice = vf0_off[21:0] & (vf0_last | 22'h3);
  assign vf2_slice = vf2_off[21:0] & (vf2_last | 22'h3);
  assign hit_vf0   = vf_en_i && vf_mse_i && (vf0_n < 64'(num_vfs_i));
  assign hit_vf2   = vf_en_i && vf_mse_i && (vf2_n < 64'(num_vfs_i)) && !hit_vf0;
  assign fits_vf0  = (len == 10'd1) || ({vf0_slice[21:2], 2'b00} != vf0_last);
  assign fits_vf2  = (len == 10'd1) || ({vf2_slice[21:2], 2'b00} != vf2_last);

  // BAR decode against the function's own BAR registers; BAR0 wins if software overlaps them
  assign hit_bar0 = mem_en_i && (addr[63:Bar0SizeLog2] == bar0_i[63:Bar0SizeLog2]);
  assign hit_msix = mem_en_i && !hit_bar0 &&
                    (addr[63:MsixBarSizeLog2] == msix_bar_i[63:MsixBarSizeLog2]);
  // a two-DW access must not run past the end of the BAR
  assign fits_bar0 = (len == 10'd1) || !(&addr[Bar0SizeLog2-1:2]);
  assign fits_msix = (len == 10'd1) || !(&addr[MsixBarSizeLog2-1:2]);

  // Completions carry the ID of the function that answers: a UR for a config request the
  // addressed function number, any other UR the PF's, an access the target function's
  logic [7:0] cpl_fn;
  assign cpl_fn = (cq_state_q == CqDecode) ? (is_cfg0 ? cfg_func : PfFunc) : fn_q;
  assign cpl_id = {bus_q, {dev_q, 3'b000} + cpl_fn};
  assign rd_bc  = vfnic_tlp_pkg::rd_byte_count(len, fbe, lbe);
  assign rd_la  = vfnic_tlp_pkg::rd_lower_addr(addr[6:0], fbe);

  // ---- register access of the current DW ----
  logic [23:0] acc_off;
  logic        tgt_is_cfg;  // config space (PF or VF): no holes, never reported
  assign acc_off     = acc_off_q + {21'h0, acc_idx_q, 2'b00};
  assign tgt_is_cfg  = (tgt_q == vfnic_core_pkg::TGT_CFG) || (tgt_q == vfnic_core_pkg::TGT_VF_CFG);
  assign acc_req_o   = (cq_state_q == CqAccess) && !acc_skip_q;
  assign acc_we_o    = acc_we_q;
  assign acc_tgt_o   = tgt_q;
  assign acc_func_o  = (tgt_q == vfnic_core_pkg::TGT_VF_CFG ||
                        tgt_q == vfnic_core_pkg::TGT_VF_BAR0 ||
                        tgt_q == vfnic_core_pkg::TGT_VF_MSIX) ? FuncW'(vf_idx_q) + 1'b1 : '0;
  assign acc_fn_o    = fn_q;
  assign acc_off_o   = acc_off;
  assign acc_be_o    = (acc_two_q && acc_idx_q) ? lbe : fbe;
  assign acc_wdata_o = acc_idx_q ? req_data_q[63:32] : req_data_q[31:0];

  // ---- cq state machine ----
  logic ur;    // decode: answer with Unsupported Request (completion or, if posted, drop)
  logic drop;  // decode: consume without effect on any register

  always_comb begin
    cq_state_d = cq_state_q;
    req_hdr_d  = req_hdr_q;
    req_data_d = req_data_q;
    tgt_d      = tgt_q;
    acc_we_d   = acc_we_q;
    acc_two_d  = acc_two_q;
    acc_idx_d  = acc_idx_q;
    acc_off_d  = acc_off_q;
    acc_skip_d = acc_skip_q;
    rd0_d      = rd0_q;
    bad_d      = bad_q;
    bad_off_d  = bad_off_q;
    fn_d       = fn_q;
    cpl_hdr_d  = cpl_hdr_q;
    cpl_data_d = cpl_data_q;
    vf_idx_d   = vf_idx_q;
    bus_d      = bus_q;
    dev_d      = dev_q;

    cq_ready_o           = 1'b0;
    ev_ur_o              = 1'b0;
    ev_poisoned_o        = 1'b0;
    ev_cpl_unexpected_o  = 1'b0;
    ev_bad_access_o      = 1'b0;
    ev_bad_access_addr_o = '0;
    ur                   = 1'b0;
    drop                 = 1'b0;

    case (cq_state_q)
      CqIdle: begin
        cq_ready_o = 1'b1;
        if (cq_valid_i) begin
          req_hdr_d  = cq_hdr_i;
          req_data_d = cq_data_i;
          if (vfnic_tlp_pkg::fmt_type(cq_hdr_i) == vfnic_tlp_pkg::FT_CFGWR0) begin
            bus_d = cq_hdr_i[95:88];
            if (!vf_en_i) begin
              dev_d = cq_hdr_i[87:83];  // the PF's device number (0 under ARI)
            end
          end
          if (cq_last_i) begin
            cq_state_d = CqDecode;
          end else begin
            cq_state_d = CqDrain;
          end
        end
      end

      CqDrain: begin
        cq_ready_o = 1'b1;
        if (cq_valid_i && cq_last_i) begin
          cq_state_d = CqDecode;
        end
      end

      CqDecode: begin
        acc_idx_d  = 1'b0;
        acc_skip_d = 1'b0;
        bad_d      = 1'b0;
        acc_two_d  = (len == 10'd2);
        ev_poisoned_o = vfnic_tlp_pkg::has_data(req_hdr_q) && vfnic_tlp_pkg::poisoned(req_hdr_q);

        if (vfnic_tlp_pkg::is_cpl(req_hdr_q)) begin
          // a completion is not a request: nothing to answer
          ev_cpl_unexpected_o = 1'b1;
          drop = 1'b1;
        end else if (is_mwr || is_mrd) begin
          if (is_mwr && vfnic_tlp_pkg::poisoned(req_hdr_q)) begin
            drop = 1'b1;  // poisoned write data must not reach a register
          end else if (hit_bar0 && len_ok && fits_bar0) begin
            tgt_d     = vfnic_core_pkg::TGT_BAR0;
            acc_off_d = 24'(addr[Bar0SizeLog2-1:0]);
            fn_d      = PfFunc;
          end else if (hit_msix && len_ok && fits_msix) begin
            tgt_d      = vfnic_core_pkg::TGT_MSIX;
            acc_off_d  = 24'(addr[MsixBarSizeLog2-1:0]);
            fn_d       = PfFunc;
            // table and PBA take DW and aligned QW accesses only
            acc_skip_d = (len == 10'd2) && addr[2];
          end else if (!hit_bar0 && !hit_msix && hit_vf0 && len_ok && fits_vf0) begin
            tgt_d     = vfnic_core_pkg::TGT_VF_BAR0;
            acc_off_d = {2'b00, vf0_slice};
            vf_idx_d  = VfIdxWidth'(vf0_n);
            fn_d      = 8'(vf0_n) + vfnic_regs_pkg::FIRST_VF_OFFSET[7:0];
          end else if (!hit_bar0 && !hit_msix && hit_vf2 && len_ok && fits_vf2) begin
            tgt_d      = vfnic_core_pkg::TGT_VF_MSIX;
            acc_off_d  = {2'b00, vf2_slice};
            vf_idx_d   = VfIdxWidth'(vf2_n);
            fn_d       = 8'(vf2_n) + vfnic_regs_pkg::FIRST_VF_OFFSET[7:0];
            acc_skip_d = (len == 10'd2) && addr[2];
          end else begin
            ur = 1'b1;
          end
          acc_we_d = is_mwr;
        end else if (is_cfg0) begin
          if ((cfg_func != PfFunc && !cfg_is_vf) || len != 10'd1 ||
              (vfnic_tlp_pkg::has_data(req_hdr_q) && vfnic_tlp_pkg::poisoned(req_hdr_q))) begin
            ur = 1'b1;  // no such function, malformed length, or poisoned write
          end else begin
            if (cfg_is_vf) begin
              tgt_d = vfnic_core_pkg::TGT_VF_CFG;
            end else begin
              tgt_d = vfnic_core_pkg::TGT_CFG;
            end
            vf_idx_d  = VfIdxWidth'(cfg_vf);
            acc_off_d = {12'h0, vfnic_tlp_pkg::cfg_dw_addr(req_hdr_q), 2'b00};
            fn_d      = cfg_func;
            acc_we_d  = vfnic_tlp_pkg::has_data(req_hdr_q);
            acc_two_d = 1'b0;
          end
        end else begin
          ur = 1'b1;  // I/O, Type 1 config, messages, atomics, locked reads, unknown types
        end

        if (ur) begin
          ev_ur_o = 1'b1;
          if (vfnic_tlp_pkg::is_posted(req_hdr_q)) begin
            cq_state_d = CqIdle;
          end else begin
            cpl_hdr_d  = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, 1'b0, vfnic_tlp_pkg::CPL_UR, cpl_id,
                                                (is_mrd || is_mrdlk) ? rd_bc : 12'd4,
                                                (is_mrd || is_mrdlk) ? rd_la : 7'd0, 10'd0);
            cpl_data_d = '0;
            cq_state_d = CqCpl;
          end
        end else if (drop) begin
          cq_state_d = CqIdle;
        end else begin
          cq_state_d = CqAccess;
        end
      end

      CqAccess: if (acc_ack_i) begin
        if (!acc_hit_i && !bad_q) begin
          bad_d     = 1'b1;
          bad_off_d = acc_off;
        end
        if (acc_idx_q == 1'b0) begin
          rd0_d = acc_rdata_i;
        end
        if (acc_two_q && !acc_idx_q) begin
          acc_idx_d = 1'b1;
        end else begin
          // last DW: report a bad access once, then answer
          ev_bad_access_addr_o = {8'h0, bad_off_d};
          if (bad_d && !tgt_is_cfg) begin
            ev_bad_access_o = 1'b1;  // counted in the registers of function acc_func_o
          end
          if (tgt_is_cfg) begin
            cpl_hdr_d = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, !acc_we_q, vfnic_tlp_pkg::CPL_SC,
                                               cpl_id, 12'd4, 7'd0, 10'd1);
          end else begin
            cpl_hdr_d = vfnic_tlp_pkg::cpl_hdr(req_hdr_q, 1'b1, vfnic_tlp_pkg::CPL_SC,
                                               cpl_id, rd_bc, rd_la, len);
          end
          cpl_data_d = acc_two_q ? {acc_rdata_i, rd0_q} : {32'h0, acc_rdata_i};
          if (acc_we_q && !tgt_is_cfg) begin
            cq_state_d = CqIdle;  // memory writes are posted
          end else begin
            cq_state_d = CqCpl;
          end
        end
      end

      CqCpl: begin
        if (cc_ready_i) begin
          cq_state_d = CqIdle;
        end
      end

      default: cq_state_d = CqIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cq_state_q <= CqIdle;
      req_hdr_q  <= '0;
      req_data_q <= '0;
      tgt_q      <= vfnic_core_pkg::TGT_CFG;
      acc_we_q   <= 1'b0;
      acc_two_q  <= 1'b0;
      acc_idx_q  <= 1'b0;
      acc_off_q  <= '0;
      acc_skip_q <= 1'b0;
      rd0_q      <= '0;
      bad_q      <= 1'b0;
      bad_off_q  <= '0;
      fn_q       <= '0;
      cpl_hdr_q  <= '0;
      cpl_data_q <= '0;
      vf_idx_q   <= '0;
      bus_q      <= '0;
      dev_q      <= '0;
    end else begin
      cq_state_q <= cq_state_d;
      req_hdr_q  <= req_hdr_d;
      req_data_q <= req_data_d;
      tgt_q      <= tgt_d;
      acc_we_q   <= acc_we_d;
      acc_two_q  <= acc_two_d;
      acc_idx_q  <= acc_idx_d;
      acc_off_q  <= acc_off_d;
      acc_skip_q <= acc_skip_d;
      rd0_q      <= rd0_d;
      bad_q      <= bad_d;
      bad_off_q  <= bad_off_d;
      fn_q       <= fn_d;
      cpl_hdr_q  <= cpl_hdr_d;
      cpl_data_q <= cpl_data_d;
      vf_idx_q   <= vf_idx_d;
      bus_q      <= bus_d;
      dev_q      <= dev_d;
    end
  end

  assign cpl_valid_o = (cq_state_q == CqCpl);
  assign cpl_hdr_o   = cpl_hdr_q;
  assign cpl_data_o  = cpl_data_q;
  assign rid_base_o  = {bus_q, dev_q, 3'b000};
  assign idle_o      = (cq_state_q == CqIdle);

  // BAR bits below the BAR size are always 0; the bus number of a config request's target ID
  // is not checked (ARI Capable Hierarchy changes nothing: First VF Offset and VF Stride are
  // constant)
  logic unused_tlp;
  assign unused_tlp = ^{bar0_i[Bar0SizeLog2-1:0], msix_bar_i[MsixBarSizeLog2-1:0],
                        cfg_target[15:8]};

endmodule

`default_nettype wire
