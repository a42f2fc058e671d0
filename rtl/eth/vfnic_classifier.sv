// SPDX-License-Identifier: MIT
// RX classifier (docs/datapath.md "RX classifier"): the exact-match entry table with its register
// window, and a pipelined lookup that turns a destination MAC/VLAN into the mask of pools
// (= routing functions) that receive a copy. One lookup per cycle, fixed latency, no stalls.
//
// Reset rules: rst_ni and clr_all_i (vfnic_dp: the PF's reset, FLR or CTRL.RESET) both put
// every entry back to its reset value: all fields 0, VALID clear, so it reads 0 and matches
// nothing. clr_all_i is a one-cycle pulse that takes effect at the clock edge, like a write:
// a lookup in that cycle still sees the table as it was, a register write in that cycle is
// lost (the clear wins). The pool configuration comes in on ports and is not stored here
// (vfnic_dp resets it with the rest of the PF's administration).
`default_nettype none

module vfnic_classifier #(
  parameter int unsigned NumPools   = 9,   // functions: pool p = routing function p (0 = PF)
  parameter int unsigned NumEntries = 34   // exact-match entries
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,

  // Pulse: every entry back to its reset value at the clock edge (wins over a write)
  input  logic                       clr_all_i,

  // Entry table window (4 KiB, entry e at byte 0x10*e): one DW per cycle, combinational read
  // data, a write takes effect at the clock edge. Byte enables are honoured.
  //   +0x0 MAC_LO  bytes 0..3 of the MAC (byte 0, first on the wire, in bits 7:0)
  //   +0x4 MAC_HI  bytes 4..5 in bits 15:0
  //   +0x8 VLAN    VID 11:0, ANY 12 (match any VLAN, or none)
  //   +0xC CTRL    POOL 6:0, VALID 31
  input  logic                       reg_req_i,
  input  logic                       reg_we_i,
  input  logic [11:2]                reg_addr_i,
  input  logic [3:0]                 reg_be_i,
  input  logic [31:0]                reg_wdata_i,
  output logic [31:0]                reg_rdata_o,
  output logic                       reg_hit_o,   // the DW belongs to an entry; holes read 0

  // Per-pool configuration (FUNC_POOL, FUNC_VLAN and DEFAULT_POOL live in the register file)
  input  logic [NumPools-1:0]        pool_bcast_i,
  input  logic [NumPools-1:0]        pool_mcast_i,
  input  logic [NumPools-1:0]        pool_promisc_i,
  input  logic [NumPools-1:0]        pool_untagged_i,
  input  logic [NumPools-1:0]        pool_vlan_en_i,
  input  logic [NumPools-1:0][11:0]  pool_vid_i,
  input  logic                       default_en_i,
  input  logic [6:0]                 default_pool_i,

  // Lookup: table and configuration are sampled in the cycle lk_valid_i is high; the result
  // appears LookupLatency (3) cycles later.
  input  logic                       lk_valid_i,
  input  logic [47:0]                lk_dmac_i,      // byte 0 (first on the wire) in bits 7:0
  input  logic                       lk_tagged_i,
  input  logic [11:0]                lk_vid_i,       // ignored when untagged (frame VLAN 0)
  input  logic                       lk_looped_i,    // from the VEB (a local TX), not the wire
  input  logic [6:0]                 lk_src_pool_i,  // the sender's pool when looped
  input  logic [7:0]                 lk_cookie_i,    // carried to the result unchanged

  output logic                       res_valid_o,
  output logic [NumPools-1:0]        res_mask_o,     // pools that get a copy
  output logic                       res_exact_o,    // an entry matched (sender excluded)
  output logic                       res_default_o,  // mask is the default pool (wire miss)
  output logic                       res_miss_o,     // mask empty
  // 0 exact, 1 broadcast, 2 multicast, 3 promiscuous/default: the first that applies of
  // "an entry matched", "the frame is broadcast", "the frame is multicast"
  output logic [1:0]                 res_how_o,
  output logic [7:0]                 res_cookie_o
);

  // Stage 1 compares every entry, stage 2 ORs the matching entries' pools, stage 3 applies
  // the sender exclusion and the default pool into the output registers.
  localparam int unsigned LookupLatency = 3;
  localparam int unsigned NumGroups     = (NumPools + 15) / 16;          // pools by POOL 6:4
  localparam int unsigned LoWidth       = (NumPools < 16) ? NumPools : 16;  // POOL 3:0 values

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumPools < 1 || NumPools > 65) begin : gen_pools_check
    $error("NumPools must be 1..65 (PF + 64 VFs; POOL is 7 bits)");
  end
  if (NumEntries < 1 || NumEntries > 256) begin : gen_entries_check
    $error("NumEntries must be 1..256 (16 bytes each in a 4 KiB window)");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // Entry table
  // ---------------------------------------------------------------------------------------
  logic [NumEntries-1:0][47:0] mac_q, mac_d;
  logic [NumEntries-1:0][11:0] vid_q, vid_d;
  logic [NumEntries-1:0]       any_q, any_d;
  logic [NumEntries-1:0][6:0]  pool_q, pool_d;
  logic [NumEntries-1:0]       valid_q, valid_d;

  localparam int unsigned EntryIdxWidth = (NumEntries > 1) ? $clog2(NumEntries) : 1;

  logic [7:0]               acc_entry;
  logic [EntryIdxWidth-1:0] acc_idx;  // acc_entry when in range
  logic [1:0]               acc_word;
  logic                     acc_in_range;
  logic                     tbl_we;

  assign acc_entry    = reg_addr_i[11:4];
  assign acc_idx      = EntryIdxWidth'(acc_entry);
  assign acc_word     = reg_addr_i[3:2];
  assign acc_in_range = 32'(acc_entry) < NumEntries;
  assign tbl_we       = reg_req_i && reg_we_i && acc_in_range;
  assign reg_hit_o    = acc_in_range;

  // Register reads come from a copy of the table in a memory (distributed RAM on an FPGA),
  // one whole entry per word: an asynchronous RAM read costs a fraction of a mux over every
  // entry flop. A memory cannot be reset, so held_q says which entries it holds; the others
  // read 0. Entry word: MAC 47:0, VID 59:48, ANY 60, POOL 67:61, VALID 68.
  // clr_all_i therefore clears only held_q and valid_q: a cleared entry reads 0 (held_q),
  // matches nothing (valid_q), and the next write to it loads all of its flops from the
  // (zero-based) new entry, so the old MAC/VID/ANY/POOL flops are never seen again.
  localparam int unsigned EntryBits = 69;

  logic [EntryBits-1:0]  shadow_mem [NumEntries];
  logic [NumEntries-1:0] held_q, held_d;  // entry written since reset
  logic [EntryBits-1:0]  cur_entry;       // the addressed entry as it reads now
  logic [EntryBits-1:0]  new_entry;       // ... and after this cycle's write
  logic [31:0]           be_mask;
  logic [31:0]           wr_word;         // the addressed DW after the write

  assign cur_entry = held_q[acc_idx] ? shadow_mem[acc_idx] : '0;
  assign be_mask   = {{8{reg_be_i[3]}}, {8{reg_be_i[2]}}, {8{reg_be_i[1]}}, {8{reg_be_i[0]}}};
  assign wr_word   = (reg_wdata_i & be_mask) | (reg_rdata_o & ~be_mask);

  always_comb begin
    reg_rdata_o = '0;
    if (acc_in_range) begin
      case (acc_word)
        2'd0:    reg_rdata_o = cur_entry[31:0];
        2'd1:    reg_rdata_o = {16'h0, cur_entry[47:32]};
        2'd2:    reg_rdata_o = {19'h0, cur_entry[60:48]};
        default: reg_rdata_o = {cur_entry[68], 24'h0, cur_entry[67:61]};
      endcase
    end
  end

  always_comb begin
    new_entry = cur_entry;
    case (acc_word)
      2'd0:    new_entry[31:0]  = wr_word;
      2'd1:    new_entry[47:32] = wr_word[15:0];
      2'd2:    new_entry[60:48] = wr_word[12:0];
      default: new_entry[68:61] = {wr_word[31], wr_word[6:0]};
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (tbl_we) begin
      shadow_mem[acc_idx] <= new_entry;
    end
  end

  // The entry flops (compared by every lookup) take the whole new entry: no per-entry muxes
  always_comb begin
    mac_d   = mac_q;
    vid_d   = vid_q;
    any_d   = any_q;
    pool_d  = pool_q;
    valid_d = valid_q;
    held_d  = held_q;
    for (int e = 0; e < NumEntries; e++) begin
      if (tbl_we && 32'(acc_entry) == e) begin
        mac_d[e]   = new_entry[47:0];
        vid_d[e]   = new_entry[59:48];
        any_d[e]   = new_entry[60];
        pool_d[e]  = new_entry[67:61];
        valid_d[e] = new_entry[68];
        held_d[e]  = 1'b1;
      end
    end
    // a clear of the whole table wins over this cycle's write
    if (clr_all_i) begin
      valid_d = '0;
      held_d  = '0;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Stage 1: per-entry compare and the flag-based pools
  // ---------------------------------------------------------------------------------------
  logic [11:0]           frame_vid;
  logic                  is_bcast;
  logic                  is_mcast;
  logic [NumEntries-1:0] match;
  logic [NumPools-1:0]   vlan_ok;
  logic [NumPools-1:0]   flag_mask;

  assign frame_vid = lk_tagged_i ? lk_vid_i : 12'h000;
  assign is_bcast  = &lk_dmac_i;
  assign is_mcast  = lk_dmac_i[0] && !is_bcast;  // I/G bit of byte 0

  always_comb begin
    for (int e = 0; e < NumEntries; e++) begin
      match[e] = valid_q[e] && (mac_q[e] == lk_dmac_i) && (any_q[e] || vid_q[e] == frame_vid);
    end
  end

  always_comb begin
    for (int p = 0; p < NumPools; p++) begin
      vlan_ok[p]   = lk_tagged_i ? (!pool_vlan_en_i[p] || pool_vid_i[p] == frame_vid)
                                 : pool_untagged_i[p];
      flag_mask[p] = vlan_ok[p] && (pool_promisc_i[p] || (is_bcast && pool_bcast_i[p]) ||
                                    (is_mcast && pool_mcast_i[p]));
    end
  end

  // Each matching entry's POOL leaves stage 1 predecoded: the group of 16 pools it is in
  // (POOL 6:4, combined with the match) and its place in the group (POOL 3:0, one-hot), so
  // that stage 2 is one AND per (entry, pool) in front of the OR. Capturing the pool here also
  // keeps a CTRL write right after the lookup from mixing two versions of an entry.
  logic [NumEntries-1:0][NumGroups-1:0] grp_hit;
  logic [NumEntries-1:0][LoWidth-1:0]   lo_dec;

  always_comb begin
    logic [6:0]           pool_e;
    logic [NumGroups-1:0] grp_e;
    logic [LoWidth-1:0]   lo_e;
    for (int e = 0; e < NumEntries; e++) begin
      pool_e = pool_q[e];
      for (int g = 0; g < NumGroups; g++) begin
        grp_e[g] = match[e] && 32'(pool_e[6:4]) == g;
      end
      for (int l = 0; l < LoWidth; l++) begin
        lo_e[l] = 32'(pool_e[3:0]) == l;
      end
      grp_hit[e] = grp_e;
      lo_dec[e]  = lo_e;
    end
  end

  logic [NumEntries-1:0][NumGroups-1:0] s1_grp_hit_q;
  logic [NumEntries-1:0][LoWidth-1:0]   s1_lo_dec_q;
  logic [NumPools-1:0]                  s1_flag_mask_q;
  logic                                 s1_bcast_q;
  logic                                 s1_mcast_q;
  logic                                 s1_looped_q;
  logic [6:0]                           s1_src_pool_q;
  logic                                 s1_default_en_q;
  logic [6:0]                           s1_default_pool_q;

  // ---------------------------------------------------------------------------------------
  // Stage 2: OR of the matching entries' pools
  // ---------------------------------------------------------------------------------------
  logic [NumPools-1:0] exact_mask;

  // A POOL >= NumPools decodes to no pool p < NumPools, so such an entry never delivers
  always_comb begin
    logic [NumGroups-1:0] grp_e;
    logic [LoWidth-1:0]   lo_e;
    exact_mask = '0;
    for (int e = 0; e < NumEntries; e++) begin
      grp_e = s1_grp_hit_q[e];
      lo_e  = s1_lo_dec_q[e];
      for (int p = 0; p < NumPools; p++) begin
        exact_mask[p] = exact_mask[p] | (grp_e[p / 16] & lo_e[p % 16]);
      end
    end
  end

  logic [NumPools-1:0] s2_exact_mask_q;
  logic [NumPools-1:0] s2_flag_mask_q;
  logic                s2_bcast_q;
  logic                s2_mcast_q;
  logic                s2_looped_q;
  logic [6:0]          s2_src_pool_q;
  logic                s2_default_en_q;
  logic [6:0]          s2_default_pool_q;

  // ---------------------------------------------------------------------------------------
  // Stage 3: sender exclusion, default pool, classification
  // ---------------------------------------------------------------------------------------
  logic [NumPools-1:0] res_mask_q, res_mask_d;
  logic                res_exact_q, res_exact_d;
  logic                res_default_q, res_default_d;
  logic                res_miss_q, res_miss_d;
  logic [1:0]          res_how_q, res_how_d;

  always_comb begin
    logic [NumPools-1:0] keep;  // all pools but a looped frame's sender
    logic [NumPools-1:0] exact_kept;
    keep = '1;
    for (int p = 0; p < NumPools; p++) begin
      if (s2_looped_q && 32'(s2_src_pool_q) == p) begin
        keep[p] = 1'b0;
      end
    end
    exact_kept    = s2_exact_mask_q & keep;
    res_mask_d    = (s2_exact_mask_q | s2_flag_mask_q) & keep;
    res_exact_d   = |exact_kept;
    res_default_d = 1'b0;
    // A looped frame nobody local wants goes to the wire only, never to the default pool
    if (!s2_looped_q && res_mask_d == '0 && s2_default_en_q &&
        32'(s2_default_pool_q) < NumPools) begin
      res_default_d = 1'b1;
      for (int p = 0; p < NumPools; p++) begin
        res_mask_d[p] = 32'(s2_default_pool_q) == p;
      end
    end
    res_miss_d = res_mask_d == '0;
    if (res_exact_d) begin
      res_how_d = 2'd0;
    end else if (s2_bcast_q) begin
      res_how_d = 2'd1;
    end else if (s2_mcast_q) begin
      res_how_d = 2'd2;
    end else begin
      res_how_d = 2'd3;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------------------
  // valid and cookie ride along all LookupLatency stages
  logic [LookupLatency-1:0]      valid_pipe_q, valid_pipe_d;
  logic [LookupLatency-1:0][7:0] cookie_pipe_q, cookie_pipe_d;

  assign valid_pipe_d  = {valid_pipe_q[LookupLatency-2:0], lk_valid_i};
  assign cookie_pipe_d = {cookie_pipe_q[LookupLatency-2:0], lk_cookie_i};

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      // per entry: a 256-entry MAC array as one '0 would be a >8k-bit replication
      for (int e = 0; e < NumEntries; e++) begin
        mac_q[e]   <= '0;
        vid_q[e]   <= '0;
        any_q[e]   <= 1'b0;
        pool_q[e]  <= '0;
        valid_q[e] <= 1'b0;
      end
      held_q <= '0;
    end else begin
      mac_q   <= mac_d;
      vid_q   <= vid_d;
      any_q   <= any_d;
      pool_q  <= pool_d;
      valid_q <= valid_d;
      held_q  <= held_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s1_grp_hit_q      <= '0;
      s1_lo_dec_q       <= '0;
      valid_pipe_q      <= '0;
      cookie_pipe_q     <= '0;
      s1_flag_mask_q    <= '0;
      s1_bcast_q        <= 1'b0;
      s1_mcast_q        <= 1'b0;
      s1_looped_q       <= 1'b0;
      s1_src_pool_q     <= '0;
      s1_default_en_q   <= 1'b0;
      s1_default_pool_q <= '0;
      s2_exact_mask_q   <= '0;
      s2_flag_mask_q    <= '0;
      s2_bcast_q        <= 1'b0;
      s2_mcast_q        <= 1'b0;
      s2_looped_q       <= 1'b0;
      s2_src_pool_q     <= '0;
      s2_default_en_q   <= 1'b0;
      s2_default_pool_q <= '0;
      res_mask_q        <= '0;
      res_exact_q       <= 1'b0;
      res_default_q     <= 1'b0;
      res_miss_q        <= 1'b0;
      res_how_q         <= '0;
    end else begin
      s1_grp_hit_q      <= grp_hit;
      s1_lo_dec_q       <= lo_dec;
      valid_pipe_q      <= valid_pipe_d;
      cookie_pipe_q     <= cookie_pipe_d;
      s1_flag_mask_q    <= flag_mask;
      s1_bcast_q        <= is_bcast;
      s1_mcast_q        <= is_mcast;
      s1_looped_q       <= lk_looped_i;
      s1_src_pool_q     <= lk_src_pool_i;
      s1_default_en_q   <= default_en_i;
      s1_default_pool_q <= default_pool_i;
      s2_exact_mask_q   <= exact_mask;
      s2_flag_mask_q    <= s1_flag_mask_q;
      s2_bcast_q        <= s1_bcast_q;
      s2_mcast_q        <= s1_mcast_q;
      s2_looped_q       <= s1_looped_q;
      s2_src_pool_q     <= s1_src_pool_q;
      s2_default_en_q   <= s1_default_en_q;
      s2_default_pool_q <= s1_default_pool_q;
      res_mask_q        <= res_mask_d;
      res_exact_q       <= res_exact_d;
      res_default_q     <= res_default_d;
      res_miss_q        <= res_miss_d;
      res_how_q         <= res_how_d;
    end
  end

  assign res_valid_o   = valid_pipe_q[LookupLatency-1];
  assign res_mask_o    = res_mask_q;
  assign res_exact_o   = res_exact_q;
  assign res_default_o = res_default_q;
  assign res_miss_o    = res_miss_q;
  assign res_how_o     = res_how_q;
  assign res_cookie_o  = cookie_pipe_q[LookupLatency-1];

endmodule

`default_nettype wire
