// SPDX-License-Identifier: MIT
// RX classifier (docs/datapath.md "RX classifier", docs/datapath-blocks.md "vfnic_classifier"):
// the entry table with its register window, a hardware-maintained hash index of the entries'
// keys, and a pipelined lookup that turns a destination MAC/VLAN into the mask of pools
// (= routing functions) that receive a copy. One lookup per cycle, fixed latency 3, no stalls.
//
// Structure (docs/rtl-structure.md rules 1-4)
// - Entry RAM (NumEntries words): MAC, VID, ANY, POOL, VALID as written, and INST (the entry
//   is installed in the index). Only the register port and the maintenance engine read it.
// - Index: a key is (MAC, ANY, ANY ? 0 : VID); every distinct key of the installed entries is
//   one group {key, pool mask = OR of the pools of the installed valid entries with that key}.
//   Groups live in two tables A and B of NumBuckets buckets x Ways (4) ways, bucket A[h1(MAC)]
//   or B[h2(MAC)] (d-left: a new group goes to the table with more free ways in its bucket, A
//   on a tie). Each way of each table is two RAMs written together: one read by the lookup,
//   one by the maintenance engine (one copy per reader); an update writes the one way it
//   changes.
// - Lookup: cycle 0 hashes the MAC and reads A[h1] and B[h2]; cycle 1 compares the 2 x Ways
//   candidates (MAC and key, so the exact-VID group and the ANY group) and ORs their masks;
//   cycle 2 adds the flag-based pools, excludes a looped frame's sender, applies the default
//   pool; the result is in the output registers in cycle 3. The compare is 8 candidates,
//   whatever NumEntries and NumPools. The per-pool flag vector (BCAST/MCAST/PROMISC/UNTAGGED
//   and the pool VLAN compare) is a loop over NumPools computed only in a cycle with a lookup.
// - Maintenance (register writes): a write acks only when the entry RAM and the index are
//   updated. A write that leaves the lookup unchanged acks in 2 cycles (read, merge, write
//   back). Setting VALID inserts the key (join an existing group: mask |= pool; else a free
//   way; else the entry is not installed: CTRL.INSTALLED reads 0 and the entry matches
//   nothing until written again while valid). Any other change of an installed entry first
//   removes it: the entry is rewritten with INST = 0 and a walk over the entry RAM (NumEntries
//   cycles) recomputes the old group's mask (the group is freed when no member is left), then
//   the new key is inserted. A lookup during such a write sees the entry as it was, absent,
//   or as written; every other entry as it is.
// - Register reads ack in the cycle after the request (registered RAM read); holes (entries
//   at or beyond NumEntries) ack in the request cycle with reg_hit_o = 0.
//
// Reset rules: rst_ni and clr_all_i (vfnic_dp: the PF's reset, FLR or CTRL.RESET) start a
// clear walk: max(NumEntries, NumBuckets) cycles writing zero into every entry and bucket.
// A lookup in the cycle of clr_all_i sees the table as it was; lookups made during the walk
// match no entry (the flag-based pools and the default pool still apply). The register port
// does not ack during the walk; an access in progress when clr_all_i comes is abandoned and
// performed after the walk (the request is still held), so it lands in the cleared table. An
// access acked in the cycle of clr_all_i is cleared. The pool configuration comes in on ports
// and is not stored here.
`default_nettype none

module vfnic_classifier #(
  parameter int unsigned NumPools   = 9,   // functions: pool p = routing function p (0 = PF)
  parameter int unsigned NumEntries = 34   // exact-match entries
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,

  // Pulse: start the clear walk (every entry and every group back to zero)
  input  logic                       clr_all_i,

  // Entry table window (4 KiB, entry e at byte 0x10*e), block register port of
  // docs/rtl-structure.md: request held until reg_ack_o; read data and hit valid with the ack.
  //   +0x0 MAC_LO  bytes 0..3 of the MAC (byte 0, first on the wire, in bits 7:0)
  //   +0x4 MAC_HI  bytes 4..5 in bits 15:0
  //   +0x8 VLAN    VID 11:0, ANY 12 (match any VLAN, or none)
  //   +0xC CTRL    POOL 6:0, INSTALLED 30 (ro), VALID 31
  input  logic                       reg_req_i,
  input  logic                       reg_we_i,
  input  logic [11:2]                reg_addr_i,
  input  logic [3:0]                 reg_be_i,
  input  logic [31:0]                reg_wdata_i,
  output logic                       reg_ack_o,
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
  output logic [7:0]                 res_cookie_o,

  // a clear walk, a register access or a lookup is in progress (docs/rtl-structure.md "Activity
  // gating"): with busy_o low and no input the block does not change
  output logic                busy_o
);

  logic clk_g;  // clk_i, stopped in the model while the block has nothing to do (end)


  localparam int unsigned LookupLatency = 3;
  localparam int unsigned Ways          = 4;
  // buckets per table: a power of two >= NumEntries / 2 (>= 4 ways per entry over A and B)
  localparam int unsigned HashBits      = (NumEntries <= 4) ? 1 : $clog2((NumEntries + 1) / 2);
  localparam int unsigned NumBuckets    = 1 << HashBits;
  localparam int unsigned EntryAw       = (NumEntries > 1) ? $clog2(NumEntries) : 1;
  localparam int unsigned ClearLen      = (NumEntries > NumBuckets) ? NumEntries : NumBuckets;
  localparam int unsigned ClearW        = $clog2(ClearLen + 1);
  localparam int unsigned WalkW         = $clog2(NumEntries + 1);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumPools < 1 || NumPools > 65) begin : gen_pools_check
    $error("NumPools must be 1..65 (PF + 64 VFs; POOL is 7 bits)");
  end
  if (NumEntries < 1 || NumEntries > 256) begin : gen_entries_check
    $error("NumEntries must be 1..256 (16 bytes each in a 4 KiB window)");
  end
`endif

  typedef struct packed {
    logic        inst;   // installed in the index (CTRL.INSTALLED)
    logic        valid;
    logic [6:0]  pool;
    logic        any;
    logic [11:0] vid;
    logic [47:0] mac;
  } entry_t;

  typedef struct packed {
    logic [NumPools-1:0] mask;
    logic [11:0]         vid;   // 0 for an ANY group
    logic                any;
    logic [47:0]         mac;
    logic                valid;
  } way_t;

  localparam int unsigned EntryBits  = 70;             // $bits(entry_t) (Yosys has no $bits)
  localparam int unsigned WayBits    = NumPools + 62;  // $bits(way_t)
  localparam int unsigned BucketBits = Ways * WayBits;   // way k at [k*WayBits +: WayBits]

  // ---------------------------------------------------------------------------------------
  // Hashes of the MAC (the VLAN is not hashed: all keys of one MAC share its two buckets)
  // ---------------------------------------------------------------------------------------
  function automatic logic [HashBits-1:0] hash1(input logic [47:0] mac);
    logic [HashBits-1:0] h;
    h = '0;
    for (int i = 0; i < 48; i++) begin
      h[i % HashBits] = h[i % HashBits] ^ mac[i];
    end
    hash1 = h;
  endfunction

  function automatic logic [HashBits-1:0] hash2(input logic [47:0] mac);
    logic [HashBits-1:0] h;
    h = '0;
    for (int i = 0; i < 48; i++) begin
      h[(i + i / HashBits) % HashBits] = h[(i + i / HashBits) % HashBits] ^ mac[i];
    end
    hash2 = h;
  endfunction

  function automatic logic key_eq(input logic [47:0] mac_a, input logic any_a,
                                  input logic [11:0] vid_a, input logic [47:0] mac_b,
                                  input logic any_b, input logic [11:0] vid_b);
    key_eq = mac_a == mac_b && any_a == any_b && (any_a || vid_a == vid_b);
  endfunction

  // way k of a bucket (a case over the ways: a computed part-select would become a
  // bucket-wide shifter)
  function automatic logic [WayBits-1:0] way_get(input logic [BucketBits-1:0] bk,
                                                 input logic [1:0] k);
    way_get = bk[WayBits-1:0];
    for (int i = 1; i < Ways; i++) begin
      if (k == 2'(i)) way_get = bk[i*WayBits +: WayBits];
    end
  endfunction

  function automatic logic [NumPools-1:0] pool_dec(input logic [6:0] pool);
    pool_dec = NumPools'(1) << pool;   // a POOL >= NumPools decodes to no pool
  endfunction

  // ---------------------------------------------------------------------------------------
  // Memories
  // ---------------------------------------------------------------------------------------
  logic                 ent_we, ent_re;
  logic [EntryAw-1:0]   ent_waddr, ent_raddr;
  entry_t               ent_wdata, ent_rdata;

  vfnic_ram_1r1w #(.Width(EntryBits), .Depth(NumEntries)) u_ent (
    .clk_i  (clk_g),
    .we_i   (ent_we),
    .waddr_i(ent_waddr),
    .wdata_i(ent_wdata),
    .re_i   (ent_re),
    .raddr_i(ent_raddr),
    .rdata_o(ent_rdata)
  );

  // index tables: [0] = A (h1), [1] = B (h2); a lookup copy and a maintenance copy of each,
  // each way in a RAM of its own (a write changes one way: its RAM alone is written, with a
  // way-wide word, so no bucket-wide write data is built)
  logic    [2*Ways-1:0]         idx_we;   // way k of table t at t * Ways + k
  logic    [1:0][HashBits-1:0]  idx_waddr;
  logic    [1:0][WayBits-1:0]   idx_wdata;
  logic                         lk_re;
  logic    [1:0][HashBits-1:0]  lk_raddr;
  logic    [1:0][BucketBits-1:0] lk_rdata;
  logic                         mt_re;
  logic    [1:0][HashBits-1:0]  mt_raddr;
  logic    [1:0][BucketBits-1:0] mt_rdata;

  for (genvar t = 0; t < 2; t++) begin : gen_tbl
    for (genvar k = 0; k < Ways; k++) begin : gen_way
      vfnic_ram_1r1w #(.Width(WayBits), .Depth(NumBuckets)) u_lk (
        .clk_i  (clk_g),
        .we_i   (idx_we[t*Ways + k]),
        .waddr_i(idx_waddr[t]),
        .wdata_i(idx_wdata[t]),
        .re_i   (lk_re),
        .raddr_i(lk_raddr[t]),
        .rdata_o(lk_rdata[t][k*WayBits +: WayBits])
      );
      vfnic_ram_1r1w #(.Width(WayBits), .Depth(NumBuckets)) u_mt (
        .clk_i  (clk_g),
        .we_i   (idx_we[t*Ways + k]),
        .waddr_i(idx_waddr[t]),
        .wdata_i(idx_wdata[t]),
        .re_i   (mt_re),
        .raddr_i(mt_raddr[t]),
        .rdata_o(mt_rdata[t][k*WayBits +: WayBits])
      );
    end
  end

  // ---------------------------------------------------------------------------------------
  // Register port and maintenance engine
  // ---------------------------------------------------------------------------------------
  typedef enum logic [2:0] {
    StClear,   // clear walk
    StIdle,    // waiting for a request (reads the addressed entry)
    StRmw,     // the entry is here: answer a read, merge a write
    StWalk,    // recompute the old group's mask over the entry RAM
    StRemUpd,  // write the old group back (or free it)
    StInsRd,   // read the new key's buckets
    StIns      // join or place the new key, write the entry
  } st_e;

  st_e                st_q, st_d;
  logic [ClearW-1:0]  clr_ptr_q, clr_ptr_d;
  logic [WalkW-1:0]   walk_ptr_q, walk_ptr_d;
  logic               walk_dv_q, walk_dv_d;     // the entry RAM has the previous walk read
  logic [NumPools-1:0] walk_mask_q, walk_mask_d;
  logic               walk_mem_q, walk_mem_d;   // the old group still has a member
  entry_t             old_q, old_d;             // the entry before the write
  entry_t             new_q, new_d;             // ... and after it
  logic [EntryAw-1:0] idx_q, idx_d;             // the entry being written

  logic [7:0]         acc_entry;
  logic               acc_in_range;
  logic [1:0]         acc_word;
  logic [31:0]        be_mask;
  logic [31:0]        cur_word;
  logic [31:0]        wr_word;
  entry_t             merged;
  logic               old_active;

  assign acc_entry    = reg_addr_i[11:4];
  assign acc_word     = reg_addr_i[3:2];
  assign acc_in_range = 32'(acc_entry) < NumEntries;
  assign be_mask      = {{8{reg_be_i[3]}}, {8{reg_be_i[2]}}, {8{reg_be_i[1]}}, {8{reg_be_i[0]}}};

  always_comb begin
    case (acc_word)
      2'd0:    cur_word = ent_rdata.mac[31:0];
      2'd1:    cur_word = {16'h0, ent_rdata.mac[47:32]};
      2'd2:    cur_word = {19'h0, ent_rdata.any, ent_rdata.vid};
      default: cur_word = {ent_rdata.valid, ent_rdata.inst, 23'h0, ent_rdata.pool};
    endcase
  end

  assign wr_word    = (reg_wdata_i & be_mask) | (cur_word & ~be_mask);
  assign old_active = ent_rdata.valid && ent_rdata.inst;

  always_comb begin
    merged = ent_rdata;
    case (acc_word)
      2'd0:    merged.mac[31:0]  = wr_word;
      2'd1:    merged.mac[47:32] = wr_word[15:0];
      2'd2:    {merged.any, merged.vid} = wr_word[12:0];
      default: {merged.valid, merged.pool} = {wr_word[31], wr_word[6:0]};
    endcase
    merged.inst = 1'b0;
  end

  // the way of a bucket pair holding a key, and free ways for a new one
  logic                 ins_found;
  logic                 ins_tbl;
  logic [1:0]           ins_way;
  logic [2:0]           free_a, free_b;
  logic                 ins_place;
  logic                 rem_found;
  logic                 rem_tbl;
  logic [1:0]           rem_way;

  // temporaries of the bucket checks and the update (module scope: Yosys does not take struct
  // variables local to a block)
  /* verilator lint_off UNUSEDSIGNAL */
  way_t                  cm_wy;   // its mask is not looked at by the bucket checks
  /* verilator lint_on UNUSEDSIGNAL */
  logic [BucketBits-1:0] cm_bk;
  way_t                  up_w;
  logic [BucketBits-1:0] up_b;

  always_comb begin
    cm_wy = '0;
    cm_bk = '0;
    ins_found = 1'b0;
    ins_tbl   = 1'b0;
    ins_way   = '0;
    rem_found = 1'b0;
    rem_tbl   = 1'b0;
    rem_way   = '0;
    free_a    = '0;
    free_b    = '0;
    for (int t = 1; t >= 0; t--) begin
      for (int k = Ways - 1; k >= 0; k--) begin
        cm_bk = (t == 1) ? mt_rdata[1] : mt_rdata[0];
        cm_wy = cm_bk[k*WayBits +: WayBits];
        if (cm_wy.valid && key_eq(cm_wy.mac, cm_wy.any, cm_wy.vid, new_q.mac, new_q.any, new_q.vid)) begin
          ins_found = 1'b1;
          ins_tbl   = 1'(t);
          ins_way   = 2'(k);
        end
        if (cm_wy.valid && key_eq(cm_wy.mac, cm_wy.any, cm_wy.vid, old_q.mac, old_q.any, old_q.vid)) begin
          rem_found = 1'b1;
          rem_tbl   = 1'(t);
          rem_way   = 2'(k);
        end
      end
    end
    for (int k = 0; k < Ways; k++) begin
      cm_wy     = mt_rdata[0][k*WayBits +: WayBits];
      free_a = free_a + 3'(!cm_wy.valid);
      cm_wy     = mt_rdata[1][k*WayBits +: WayBits];
      free_b = free_b + 3'(!cm_wy.valid);
    end
    ins_place = free_a != 0 || free_b != 0;
    if (!ins_found && ins_place) begin
      ins_tbl = !(free_a >= free_b);
      ins_way = '0;
      cm_bk = ins_tbl ? mt_rdata[1] : mt_rdata[0];
      for (int k = Ways - 1; k >= 0; k--) begin
        cm_wy = cm_bk[k*WayBits +: WayBits];
        if (!cm_wy.valid) begin
          ins_way = 2'(k);
        end
      end
    end
  end

  always_comb begin
    up_b           = mt_rdata[0];
    up_w           = up_b[WayBits-1:0];
    st_d        = st_q;
    clr_ptr_d   = clr_ptr_q;
    walk_ptr_d  = walk_ptr_q;
    walk_dv_d   = 1'b0;
    walk_mask_d = walk_mask_q;
    walk_mem_d  = walk_mem_q;
    old_d       = old_q;
    new_d       = new_q;
    idx_d       = idx_q;

    ent_re      = 1'b0;
    ent_raddr   = EntryAw'(acc_entry);
    ent_we      = 1'b0;
    ent_waddr   = idx_q;
    ent_wdata   = new_q;
    idx_we      = '0;
    idx_waddr   = {hash2(new_q.mac), hash1(new_q.mac)};
    idx_wdata   = '0;
    mt_re       = 1'b0;
    mt_raddr    = {hash2(new_q.mac), hash1(new_q.mac)};

    reg_ack_o   = 1'b0;
    reg_hit_o   = 1'b0;
    reg_rdata_o = '0;

    case (st_q)
      StClear: begin
        ent_we    = 32'(clr_ptr_q) < NumEntries;
        ent_waddr = EntryAw'(clr_ptr_q);
        ent_wdata = '0;
        for (int t = 0; t < 2; t++) begin
          idx_we[t*Ways +: Ways] = {Ways{32'(clr_ptr_q) < NumBuckets}};
          idx_waddr[t] = HashBits'(clr_ptr_q);
          idx_wdata[t] = '0;
        end
        clr_ptr_d = clr_ptr_q + 1'b1;
        if (32'(clr_ptr_q) == ClearLen - 1) begin
          st_d = StIdle;
        end
      end

      StIdle: begin
        if (reg_req_i) begin
          if (!acc_in_range) begin
            reg_ack_o = 1'b1;   // a hole: reads 0, write ignored
          end else begin
            ent_re = 1'b1;
            idx_d  = EntryAw'(acc_entry);
            st_d   = StRmw;
          end
        end
      end

      StRmw: begin
        reg_hit_o = 1'b1;
        if (!reg_we_i) begin
          reg_ack_o   = 1'b1;
          reg_rdata_o = cur_word;
          st_d        = StIdle;
        end else begin
          old_d = ent_rdata;
          new_d = merged;
          if (!old_active && !merged.valid) begin
            // not in the index before or after
            reg_ack_o = 1'b1;
            ent_we    = 1'b1;
            ent_wdata = merged;
            st_d      = StIdle;
          end else if (old_active && merged.valid && merged.pool == ent_rdata.pool &&
                       key_eq(merged.mac, merged.any, merged.vid,
                              ent_rdata.mac, ent_rdata.any, ent_rdata.vid)) begin
            // same key and pool (e.g. VID written under ANY): the index is unchanged
            reg_ack_o = 1'b1;
            ent_we    = 1'b1;
            ent_wdata = merged;
            ent_wdata.inst = 1'b1;
            st_d      = StIdle;
          end else if (old_active) begin
            // out of its group first: rewrite it uninstalled, walk for the group's new mask
            ent_we      = 1'b1;
            ent_wdata   = merged;
            mt_re       = 1'b1;
            mt_raddr    = {hash2(ent_rdata.mac), hash1(ent_rdata.mac)};
            walk_ptr_d  = '0;
            walk_mask_d = '0;
            walk_mem_d  = 1'b0;
            st_d        = StWalk;
          end else begin
            mt_re    = 1'b1;
            mt_raddr = {hash2(merged.mac), hash1(merged.mac)};
            st_d     = StIns;
          end
        end
      end

      StWalk: begin
        if (walk_dv_q && ent_rdata.valid && ent_rdata.inst &&
            key_eq(ent_rdata.mac, ent_rdata.any, ent_rdata.vid,
                   old_q.mac, old_q.any, old_q.vid)) begin
          walk_mask_d = walk_mask_q | pool_dec(ent_rdata.pool);
          walk_mem_d  = 1'b1;
        end
        if (32'(walk_ptr_q) < NumEntries) begin
          ent_re     = 1'b1;
          ent_raddr  = EntryAw'(walk_ptr_q);
          walk_ptr_d = walk_ptr_q + 1'b1;
          walk_dv_d  = 1'b1;
        end else begin
          st_d = StRemUpd;
        end
      end

      StRemUpd: begin
        if (rem_found) begin
          up_b = rem_tbl ? mt_rdata[1] : mt_rdata[0];
          up_w = way_get(up_b, rem_way);
          if (walk_mem_q) begin
            up_w.mask = walk_mask_q;
          end else begin
            up_w = '0;
          end
          idx_we[{rem_tbl, rem_way}] = 1'b1;
          idx_waddr[rem_tbl] = rem_tbl ? hash2(old_q.mac) : hash1(old_q.mac);
          idx_wdata[rem_tbl] = up_w;
        end
        if (new_q.valid) begin
          st_d = StInsRd;
        end else begin
          reg_hit_o = 1'b1;
          reg_ack_o = 1'b1;
          st_d      = StIdle;
        end
      end

      StInsRd: begin
        mt_re = 1'b1;
        st_d  = StIns;
      end

      StIns: begin
        up_b = ins_tbl ? mt_rdata[1] : mt_rdata[0];
        up_w = way_get(up_b, ins_way);
        if (ins_found) begin
          up_w.mask = up_w.mask | pool_dec(new_q.pool);
        end else begin
          up_w.valid = 1'b1;
          up_w.mac   = new_q.mac;
          up_w.any   = new_q.any;
          up_w.vid   = new_q.any ? 12'h000 : new_q.vid;
          up_w.mask  = pool_dec(new_q.pool);
        end
        idx_we[{ins_tbl, ins_way}] = ins_found || ins_place;
        idx_wdata[ins_tbl] = up_w;
        ent_we             = 1'b1;
        ent_wdata          = new_q;
        ent_wdata.inst     = ins_found || ins_place;
        reg_hit_o          = 1'b1;
        reg_ack_o          = 1'b1;
        st_d               = StIdle;
      end

      default: st_d = StClear;
    endcase
  end

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q       <= StClear;
      clr_ptr_q  <= '0;
      walk_ptr_q <= '0;
      walk_dv_q  <= 1'b0;
    end else if (clr_all_i) begin
      // a clear abandons whatever is in progress (a held request is redone after the walk)
      st_q       <= StClear;
      clr_ptr_q  <= '0;
      walk_ptr_q <= walk_ptr_d;
      walk_dv_q  <= 1'b0;
    end else begin
      st_q       <= st_d;
      clr_ptr_q  <= clr_ptr_d;
      walk_ptr_q <= walk_ptr_d;
      walk_dv_q  <= walk_dv_d;
    end
  end

  always_ff @(posedge clk_g) begin
    walk_mask_q <= walk_mask_d;
    walk_mem_q  <= walk_mem_d;
    old_q       <= old_d;
    new_q       <= new_d;
    idx_q       <= idx_d;
  end

  // ---------------------------------------------------------------------------------------
  // Lookup pipeline
  // ---------------------------------------------------------------------------------------
  assign lk_re    = lk_valid_i;
  assign lk_raddr = {hash2(lk_dmac_i), hash1(lk_dmac_i)};

  logic [11:0]         s1_vid_q;
  logic [47:0]         s1_dmac_q;
  logic                s1_tbl_q;       // the table was readable (no clear walk)
  logic [NumPools-1:0] s1_flag_mask_q;
  logic                s1_bcast_q, s1_mcast_q, s1_looped_q, s1_default_en_q;
  logic [6:0]          s1_src_pool_q, s1_default_pool_q;

  logic [NumPools-1:0] s2_exact_mask_q, s2_flag_mask_q;
  logic                s2_bcast_q, s2_mcast_q, s2_looped_q, s2_default_en_q;
  logic [6:0]          s2_src_pool_q, s2_default_pool_q;

  logic [NumPools-1:0] res_mask_q;
  logic                res_exact_q, res_default_q, res_miss_q;
  logic [1:0]          res_how_q;

  logic [LookupLatency-1:0]      valid_pipe_q;
  logic [LookupLatency-1:0][7:0] cookie_pipe_q;

  always_ff @(posedge clk_g or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_pipe_q  <= '0;
      cookie_pipe_q <= '0;
    end else begin
      valid_pipe_q  <= {valid_pipe_q[LookupLatency-2:0], lk_valid_i};
      cookie_pipe_q <= {cookie_pipe_q[LookupLatency-2:0], lk_cookie_i};
    end
  end

  // Stage 0 -> 1: the frame's fields and the flag-based pools (one loop over the pools, only
  // in a cycle with a lookup)
  always_ff @(posedge clk_g) begin
    logic [11:0] fv;
    logic        bc, mc, ok;
    if (lk_valid_i) begin
      fv = lk_tagged_i ? lk_vid_i : 12'h000;
      bc = &lk_dmac_i;
      mc = lk_dmac_i[0] && !bc;  // I/G bit of byte 0
      for (int p = 0; p < NumPools; p++) begin
        ok = lk_tagged_i ? (!pool_vlan_en_i[p] || pool_vid_i[p] == fv) : pool_untagged_i[p];
        s1_flag_mask_q[p] <= ok && (pool_promisc_i[p] || (bc && pool_bcast_i[p]) ||
                                    (mc && pool_mcast_i[p]));
      end
      s1_vid_q          <= fv;
      s1_dmac_q         <= lk_dmac_i;
      s1_tbl_q          <= st_q != StClear;
      s1_bcast_q        <= bc;
      s1_mcast_q        <= mc;
      s1_looped_q       <= lk_looped_i;
      s1_src_pool_q     <= lk_src_pool_i;
      s1_default_en_q   <= default_en_i;
      s1_default_pool_q <= default_pool_i;
    end
  end

  // Stage 1 -> 2: compare the 2 x Ways candidates of the two buckets, OR their masks
  // (temporaries at module scope: Yosys does not take struct variables local to a block)
  logic [NumPools-1:0]   lk_m;
  way_t                  lk_w;
  logic [BucketBits-1:0] lk_bk;

  always_comb begin
    lk_m  = '0;
    lk_w  = '0;
    lk_bk = '0;
    for (int t = 0; t < 2; t++) begin
      lk_bk = (t == 1) ? lk_rdata[1] : lk_rdata[0];
      for (int k = 0; k < Ways; k++) begin
        lk_w = lk_bk[k*WayBits +: WayBits];
        if (lk_w.valid && lk_w.mac == s1_dmac_q && (lk_w.any || lk_w.vid == s1_vid_q)) begin
          lk_m = lk_m | lk_w.mask;
        end
      end
    end
  end

  always_ff @(posedge clk_g) begin
    if (valid_pipe_q[0]) begin
      s2_exact_mask_q   <= s1_tbl_q ? lk_m : '0;
      s2_flag_mask_q    <= s1_flag_mask_q;
      s2_bcast_q        <= s1_bcast_q;
      s2_mcast_q        <= s1_mcast_q;
      s2_looped_q       <= s1_looped_q;
      s2_src_pool_q     <= s1_src_pool_q;
      s2_default_en_q   <= s1_default_en_q;
      s2_default_pool_q <= s1_default_pool_q;
    end
  end

  // Stage 2 -> 3: sender exclusion, default pool, classification
  always_ff @(posedge clk_g or negedge rst_ni) begin
    logic [NumPools-1:0] keep, exact_kept, mask;
    logic                dflt;
    if (!rst_ni) begin
      res_mask_q    <= '0;
      res_exact_q   <= 1'b0;
      res_default_q <= 1'b0;
      res_miss_q    <= 1'b0;
      res_how_q     <= '0;
    end else if (valid_pipe_q[1]) begin
      keep       = ~(NumPools'(s2_looped_q) << s2_src_pool_q);
      exact_kept = s2_exact_mask_q & keep;
      mask       = (s2_exact_mask_q | s2_flag_mask_q) & keep;
      // A looped frame nobody local wants goes to the wire only, never to the default pool
      dflt = !s2_looped_q && mask == '0 && s2_default_en_q &&
             32'(s2_default_pool_q) < NumPools;
      if (dflt) begin
        mask = pool_dec(s2_default_pool_q);
      end
      res_mask_q    <= mask;
      res_exact_q   <= |exact_kept;
      res_default_q <= dflt;
      res_miss_q    <= mask == '0;
      if (|exact_kept) begin
        res_how_q <= 2'd0;
      end else if (s2_bcast_q) begin
        res_how_q <= 2'd1;
      end else if (s2_mcast_q) begin
        res_how_q <= 2'd2;
      end else begin
        res_how_q <= 2'd3;
      end
    end
  end

  assign res_valid_o   = valid_pipe_q[LookupLatency-1];
  assign res_mask_o    = res_mask_q;
  assign res_exact_o   = res_exact_q;
  assign res_default_o = res_default_q;
  assign res_miss_o    = res_miss_q;
  assign res_how_o     = res_how_q;
  assign res_cookie_o  = cookie_pipe_q[LookupLatency-1];

  assign busy_o = st_q != StIdle || |valid_pipe_q;

  // Activity gating (docs/rtl-structure.md "Activity gating"): the block runs on clk_g,
  // which the Verilated model stops while busy_o is low and nothing comes in:
  // a lookup, register access or clear; the pool configuration inputs are read only with a lookup
  vfnic_cg u_cg (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (busy_o || lk_valid_i || reg_req_i || clr_all_i),
    .clk_o (clk_g)
  );

endmodule

`default_nettype wire
