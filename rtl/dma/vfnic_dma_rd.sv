// SPDX-License-Identifier: MIT
// DMA read engine of the datapath (docs/datapath.md "DMA"): clients (TX descriptors, TX data,
// RX descriptors) ask for a byte range on behalf of a function; the engine splits it into MRds
// of at most Max Read Request Size that never cross an MRRS (hence 4 KiB) boundary, each with
// its own tag and the function's requester ID, and hands completion data back DW-aligned to
// the request, in whatever order the host returns it. A request ends with one `done` pulse,
// after its last data, with an error flag for UR/CA/poisoned/malformed completions, a
// completion timeout, or Bus Master Enable clear at the start (then no MRd is sent).
//
// Offsets given to the client: data DW k of a beat is request DW (cpl_dw_off_o + k), where
// request DW 0 is the DW holding the request's first byte (address bits 1:0 dropped).
//
// Structure (docs/datapath-blocks.md "vfnic_dma_rd"):
// - Tag words (function, end offset and length of the MRd, context, client, cookie) live in
//   a vfnic_ram_1r1w written when the MRd is sent and read at a completion's first beat.
//   Completions therefore take one pipeline stage: a beat on rc_* is registered while its
//   tag word is read, and is checked, delivered on cpl_* and accounted one cycle later
//   (rc_unexpected_o too).
// - Completion timeout: a second RAM holds each tag's context and the tick (2^EpochLog2
//   cycles, 4 per timeout period) its MRd was sent in; a scan reads one tag a cycle and
//   kills a busy tag 4 ticks old (tells its context at once), frees a dead one at 8. Time
//   and the scan stand still while the block is idle.
// - Client and cookie of a context live in a RAM written when the request is accepted and
//   read when it retires (done_client_o/done_cookie_o are that RAM's output register).
// - In flops: per tag busy and dead; per context busy, error and the MRds outstanding once
//   its request is split (the request being split counts in sp_subs_q). The bit vectors are
//   updated whole from one-hot event vectors; the counts are an unpacked array (a decoded
//   write per entry in synthesis, an indexed word in simulation), with a bit vector of the
//   non-zero ones; nothing is written through a part-select of a packed array.
// - The lowest-index picks (free context, free tag, context to retire) use one function,
//   lowest_set.
// - One context count is decremented per cycle: a timeout waits (the scan stays on the tag)
//   while a completion ends an MRd in the same cycle.
`default_nettype none

module vfnic_dma_rd #(
  parameter int unsigned NumClients        = 3,
  parameter int unsigned NumFuncs          = 9,   // routing function numbers 0..NumFuncs-1
  parameter int unsigned NumTags           = 28,  // tags 0..NumTags-1 (5-bit tags: <= 32)
  parameter int unsigned NumCtx            = 16,  // client requests in flight
  parameter int unsigned CookieWidth       = 16,
  parameter int unsigned LenWidth          = 14,  // request length 1..2^LenWidth-1 bytes
  parameter int unsigned TimeoutCyclesLog2 = 20
) (
  input  logic                                  clk_i,
  input  logic                                  rst_ni,

  input  logic [15:0]                           rid_base_i,  // {bus, dev, 000}: RID = base + func
  input  logic [2:0]                            mrrs_i,      // Device Control encoding (128 << n)
  input  logic [NumFuncs-1:0]                   bme_i,       // may function f master the bus

  // requests, one port per client
  input  logic [NumClients-1:0]                 req_valid_i,
  output logic [NumClients-1:0]                 req_ready_o,
  input  logic [NumClients-1:0][63:0]           req_addr_i,
  input  logic [NumClients-1:0][LenWidth-1:0]   req_len_i,
  input  logic [NumClients-1:0][6:0]            req_func_i,
  input  logic [NumClients-1:0][CookieWidth-1:0] req_cookie_i,

  // rq: MRds (one beat each)
  output logic                                  rq_valid_o,
  input  logic                                  rq_ready_i,
  output logic [127:0]                          rq_hdr_o,

  // rc: completions whose tag is < NumTags (the core steers them here); always accepted
  input  logic                                  rc_valid_i,
  input  logic                                  rc_sof_i,    // first beat of a TLP
  input  logic [127:0]                          rc_hdr_i,
  input  logic [127:0]                          rc_data_i,
  input  logic                                  rc_last_i,
  output logic                                  rc_unexpected_o,  // pulse: no such read

  // completion data (no backpressure: clients take every beat)
  output logic                                  cpl_valid_o,
  output logic [$clog2(NumClients > 1 ? NumClients : 2)-1:0] cpl_client_o,
  output logic [CookieWidth-1:0]                cpl_cookie_o,
  output logic [LenWidth-2:0]                   cpl_dw_off_o,
  output logic [2:0]                            cpl_dws_o,   // valid DWs in the beat, 1..4
  output logic [127:0]                          cpl_data_o,

  // end of a request
  output logic                                  done_valid_o,
  output logic [$clog2(NumClients > 1 ? NumClients : 2)-1:0] done_client_o,
  output logic [CookieWidth-1:0]                done_cookie_o,
  output logic                                  done_err_o,

  output logic                                  timeout_o,   // pulse: a tag timed out
  output logic                                  idle_o
);


  localparam int unsigned ClW   = $clog2(NumClients > 1 ? NumClients : 2);
  localparam int unsigned TagW  = $clog2(NumTags > 1 ? NumTags : 2);
  localparam int unsigned CtxW  = $clog2(NumCtx > 1 ? NumCtx : 2);
  localparam int unsigned OffW  = LenWidth + 1;      // byte offsets incl. the first DW's lead
  localparam int unsigned SubW  = $clog2(NumTags + 1); // MRds outstanding of a context
  localparam int unsigned EpochLog2 = TimeoutCyclesLog2 - 2;
  localparam int unsigned FuncW = $clog2(NumFuncs > 1 ? NumFuncs : 2);
  // tag word {func, end, len, ctx, client, cookie}; context word {client, cookie}
  localparam int unsigned TwW   = 7 + OffW + 13 + CtxW + ClW + CookieWidth;
  localparam int unsigned CwW   = ClW + CookieWidth;

`ifndef __ICARUS__
  if (NumTags < 1 || NumTags > 32) begin : gen_tags_check
    $error("NumTags must be 1..32 (5-bit tags)");
  end
  if (NumCtx < 1 || NumCtx > 64) begin : gen_ctx_check
    $error("NumCtx must be 1..64");
  end
  if (LenWidth < 8 || LenWidth > 16) begin : gen_len_check
    $error("LenWidth must be 8..16");
  end
  if (TimeoutCyclesLog2 < 6 || TimeoutCyclesLog2 > 30) begin : gen_timeout_check
    $error("TimeoutCyclesLog2 must be 6..30");
  end
`endif

  // ---------------------------------------------------------------------------------------
  // The lowest set bit of a vector (zero-extended to 64 bits): {any bit set, its index}.
  // The one definition behind every pick of this block.
  // ---------------------------------------------------------------------------------------
  // the bit positions 0..63 whose index has bit b set
  function automatic logic [63:0] idx_mask(input int b);
    for (int i = 0; i < 64; i++) begin
      idx_mask[i] = ((i >> b) & 1) != 0;
    end
  endfunction

  function automatic logic [6:0] lowest_set(input logic [63:0] v);
    logic [63:0] low;   // the lowest set bit alone (v & -v)
    low = v & (~v + 64'd1);
    for (int b = 0; b < 6; b++) begin
      // index bit b: the lowest set bit is one whose index has bit b set
      lowest_set[b] = |(low & idx_mask(b));
    end
    lowest_set[6] = v != 64'd0;
  endfunction

  // ---------------------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------------------
  // contexts: one per client request (client and cookie in u_ctx_ram)
  logic [NumCtx-1:0]      ctx_busy_q;
  logic [NumCtx-1:0]      ctx_err_q;
  logic [SubW-1:0]        ctx_subs_q [NumCtx]; // MRds outstanding once split
  logic [NumCtx-1:0]      ctx_nz_q;        // ... that count is not zero

  // tags (words in u_tag_ram and u_tctx_ram); a tag is free when neither busy nor dead
  logic [NumTags-1:0]     tag_busy_q;      // MRd outstanding
  logic [NumTags-1:0]     tag_dead_q;      // timed out, resting before reuse

  // the request being split
  logic                   sp_busy_q;
  logic [CtxW-1:0]        sp_ctx_q;
  logic [63:0]            sp_addr_q;       // next byte to read
  logic [LenWidth-1:0]    sp_rem_q;        // bytes still to request
  logic [OffW-1:0]        sp_off_q;        // lead + bytes requested
  logic [6:0]             sp_func_q;
  logic [ClW-1:0]         sp_client_q;
  logic [CookieWidth-1:0] sp_cookie_q;
  logic [SubW-1:0]        sp_subs_q;       // its MRds outstanding (its context's count
                                           // takes the figure when the last MRd is sent)

  // stage 1: the rc beat, registered while its tag word is read
  logic                   r_valid_q, r_sof_q, r_last_q;
  logic [127:0]           r_data_q;
  logic [TagW-1:0]        r_tag_q;         // of the completion (taken at its first beat)
  logic                   r_pre_q;         // Cpl(D), tag in range, RID above the function
                                           // bits right, tag not allocated at the read
  logic [6:0]             r_rid_q;         // requester ID - rid_base_i, low bits
  logic                   r_good_q;        // successful, with data, not poisoned
  logic [12:0]            r_bc_q;          // byte count, 1..4096
  logic [10:0]            r_dws_q;         // payload DWs, 1..1024
  logic [1:0]             r_la_q;          // lower address bits 1:0
  logic                   r_final_q;       // its data reaches the byte count

  // completion in progress (between first and last beat)
  logic                   cp_match_q;
  logic [LenWidth-2:0]    cp_dw_q;         // request DW of the next beat
  logic [10:0]            cp_left_q;       // payload DWs still to come
  logic                   cp_final_q;      // last completion of the tag
  logic                   cp_bad_q;

  // timeout: time in ticks of 2^EpochLog2 cycles; a scan reads one tag's word a cycle
  logic [EpochLog2-1:0]   epoch_q;
  logic [3:0]             now_q;           // ticks, wrapping
  logic [TagW-1:0]        s_ptr_q;         // next tag to read
  logic                   s_valid_q;       // a tag's scan word was read last cycle
  logic [TagW-1:0]        s_tag_q;         // ... of this tag
  logic                   s_stale_q;       // ... which was allocated in the read cycle
  logic                   s_fire;          // the scanned tag times out now

  // done pulse (client and cookie: u_ctx_ram's output)
  logic                   dn_valid_q;
  logic                   dn_err_q;

  // ---------------------------------------------------------------------------------------
  // Picks
  // ---------------------------------------------------------------------------------------
  logic [6:0]      ctx_free_p, tag_free_p, retire_p;
  logic            ctx_free_any, tag_free_any, retire_any;
  logic [CtxW-1:0] ctx_free_idx, retire_idx;
  logic [TagW-1:0] tag_free_idx;
  logic [NumCtx-1:0] ctx_rdy;   // busy, split, no MRd outstanding

  assign ctx_rdy = ctx_busy_q & ~ctx_nz_q & ~(sp_busy_q ? NumCtx'(1) << sp_ctx_q : '0);

  logic [NumCtx-1:0]  ctx_free;
  logic [NumTags-1:0] tag_free;
  assign ctx_free     = ~ctx_busy_q;
  assign tag_free     = ~(tag_busy_q | tag_dead_q);
  assign ctx_free_p   = lowest_set(64'(ctx_free));
  assign tag_free_p   = lowest_set(64'(tag_free));
  assign retire_p     = lowest_set(64'(ctx_rdy));
  assign ctx_free_any = ctx_free_p[6];
  assign ctx_free_idx = ctx_free_p[CtxW-1:0];
  assign tag_free_any = tag_free_p[6];
  assign tag_free_idx = tag_free_p[TagW-1:0];
  assign retire_any   = retire_p[6];
  assign retire_idx   = retire_p[CtxW-1:0];

  // ---------------------------------------------------------------------------------------
  // Client requests: round robin, one accepted when no request is being split
  // ---------------------------------------------------------------------------------------
  logic [NumClients-1:0] pick_gnt;
  logic [ClW-1:0]        pick;
  logic                  pick_any;
  logic                  accept;

  vfnic_arb_rr #(
    .N(NumClients)
  ) u_arb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .req_i  (req_valid_i),
    .ack_i  (accept),
    .gnt_o  (pick_gnt),
    .idx_o  (pick),
    .valid_o(pick_any)
  );

  assign accept      = !sp_busy_q && ctx_free_any && pick_any;
  assign req_ready_o = accept ? pick_gnt : '0;

  // the picked request's fields (a mux by constant indices, selected by the index)
  logic [63:0]            pick_addr;
  logic [LenWidth-1:0]    pick_len;
  logic [6:0]             pick_func;
  logic [CookieWidth-1:0] pick_cookie;
  always_comb begin
    pick_addr   = '0;
    pick_len    = '0;
    pick_func   = '0;
    pick_cookie = '0;
    for (int c = 0; c < NumClients; c++) begin
      if (pick == ClW'(c)) begin
        pick_addr   = req_addr_i[c];
        pick_len    = req_len_i[c];
        pick_func   = req_func_i[c];
        pick_cookie = req_cookie_i[c];
      end
    end
  end

  logic pick_ok;   // an MRd may be sent for it
  assign pick_ok = (32'(pick_func) < NumFuncs) && bme_i[FuncW'(pick_func)] && (pick_len != '0);

  // ---------------------------------------------------------------------------------------
  // Next MRd of the request being split
  // ---------------------------------------------------------------------------------------
  logic [12:0] mrrs_bytes;
  assign mrrs_bytes = 13'd128 << ((mrrs_i > 3'd5) ? 3'd5 : mrrs_i);

  logic [12:0] chunk;      // bytes
  logic [12:0] to_bound;   // bytes to the next MRRS boundary
  logic [13:0] span;       // lead + chunk
  logic [9:0]  chunk_dws;
  logic [1:0]  lead;
  logic [1:0]  tail_b;     // byte index of the last byte in its DW
  logic [3:0]  fbe, lbe;
  always_comb begin
    to_bound = mrrs_bytes - (13'(sp_addr_q[11:0]) & (mrrs_bytes - 13'd1));
    if ({{(32 - LenWidth){1'b0}}, sp_rem_q} < {19'h0, to_bound}) begin
      chunk = 13'(sp_rem_q);
    end else begin
      chunk = to_bound;
    end
    lead      = sp_addr_q[1:0];
    span      = {12'h0, lead} + {1'b0, chunk};
    chunk_dws = 10'((span + 14'd3) >> 2);
    tail_b    = 2'(span - 14'd1);
    fbe       = 4'b1111 << lead;
    lbe       = 4'b1111 >> (2'd3 - tail_b);
    if (chunk_dws == 10'd1) begin
      fbe = fbe & lbe;
      lbe = 4'b0000;
    end
  end

  logic issue;
  logic split_end;   // the MRd sent is the request's last
  assign rq_valid_o = sp_busy_q && tag_free_any;
  assign rq_hdr_o   = vfnic_tlp_pkg::mem_hdr(1'b0, sp_addr_q, chunk_dws, fbe, lbe,
                                             rid_base_i + {9'h0, sp_func_q},
                                             {{(8 - TagW){1'b0}}, tag_free_idx});
  assign issue      = rq_valid_o && rq_ready_i;
  assign split_end  = sp_rem_q == LenWidth'(chunk);

  logic [OffW-1:0] sp_off_end;   // lead + bytes requested after this MRd
  assign sp_off_end = sp_off_q + OffW'(chunk);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sp_busy_q   <= 1'b0;
      sp_ctx_q    <= '0;
      sp_addr_q   <= '0;
      sp_rem_q    <= '0;
      sp_off_q    <= '0;
      sp_func_q   <= '0;
      sp_client_q <= '0;
      sp_cookie_q <= '0;
    end else if (accept) begin
      sp_busy_q   <= pick_ok;
      sp_ctx_q    <= ctx_free_idx;
      sp_addr_q   <= pick_addr;
      sp_rem_q    <= pick_len;
      sp_off_q    <= OffW'(pick_addr[1:0]);
      sp_func_q   <= pick_func;
      sp_client_q <= pick;
      sp_cookie_q <= pick_cookie;
    end else if (issue) begin
      sp_busy_q <= !split_end;
      sp_addr_q <= sp_addr_q + {51'h0, chunk};
      sp_off_q  <= sp_off_end;
      sp_rem_q  <= sp_rem_q - LenWidth'(chunk);
    end
  end

  // ---------------------------------------------------------------------------------------
  // Completions, stage 0: decode what the header alone tells, read the tag word
  // ---------------------------------------------------------------------------------------
  logic [7:0]      h_tag;
  logic [TagW-1:0] h_tidx;
  logic [15:0]     h_rid;     // requester ID - rid_base_i
  logic [11:0]     h_bc;
  logic [12:0]     h_bc13;
  logic [9:0]      h_len;
  logic [10:0]     h_dws;
  logic [6:0]      h_la;
  always_comb begin
    h_tag  = vfnic_tlp_pkg::cpl_tag(rc_hdr_i);
    h_tidx = h_tag[TagW-1:0];
    h_rid  = vfnic_tlp_pkg::cpl_req_id(rc_hdr_i) - rid_base_i;
    h_bc   = vfnic_tlp_pkg::cpl_byte_count(rc_hdr_i);
    h_bc13 = (h_bc == 12'd0) ? 13'd4096 : {1'b0, h_bc};
    h_len  = vfnic_tlp_pkg::len_field(rc_hdr_i);
    h_dws  = (h_len == 10'd0) ? 11'd1024 : {1'b0, h_len};
    h_la   = rc_hdr_i[70:64];
  end

  // tag words: written when the MRd is sent, read at a completion's first beat (u_tag_ram)
  // and by the timeout scan (u_scan_ram: the context and the tick of the MRd)
  logic [TwW-1:0]  tw_rdata;
  logic            s_re;
  logic [TagW-1:0] s_raddr;
  logic [CtxW-1:0] s_ctx;
  logic [3:0]      s_stamp;

  vfnic_ram_1r1w #(
    .Width(TwW),
    .Depth(NumTags)
  ) u_tag_ram (
    .clk_i  (clk_i),
    .we_i   (issue),
    .waddr_i(tag_free_idx),
    .wdata_i({sp_func_q, sp_off_end, chunk, sp_ctx_q, sp_client_q, sp_cookie_q}),
    .re_i   (rc_valid_i && rc_sof_i),
    .raddr_i(h_tidx),
    .rdata_o(tw_rdata)
  );

  vfnic_ram_1r1w #(
    .Width(CtxW + 4),
    .Depth(NumTags)
  ) u_scan_ram (
    .clk_i  (clk_i),
    .we_i   (issue),
    .waddr_i(tag_free_idx),
    .wdata_i({sp_ctx_q, now_q}),
    .re_i   (s_re),
    .raddr_i(s_raddr),
    .rdata_o({s_ctx, s_stamp})
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_valid_q <= 1'b0;
      r_sof_q   <= 1'b0;
      r_last_q  <= 1'b0;
      r_data_q  <= '0;
      r_tag_q   <= '0;
      r_pre_q   <= 1'b0;
      r_rid_q   <= '0;
      r_good_q  <= 1'b0;
      r_bc_q    <= '0;
      r_dws_q   <= '0;
      r_la_q    <= '0;
      r_final_q <= 1'b0;
    end else begin
      r_valid_q <= rc_valid_i;
      if (rc_valid_i) begin
        r_sof_q  <= rc_sof_i;
        r_last_q <= rc_last_i;
        r_data_q <= rc_data_i;
      end
      if (rc_valid_i && rc_sof_i) begin
        r_tag_q   <= h_tidx;
        // a tag allocated in this cycle holds its old word in the read: not outstanding yet
        r_pre_q   <= vfnic_tlp_pkg::is_cpl(rc_hdr_i) && (32'(h_tag) < NumTags) &&
                     (h_rid[15:7] == 9'h0) && !(issue && tag_free_idx == h_tidx);
        r_rid_q   <= h_rid[6:0];
        r_good_q  <= (vfnic_tlp_pkg::cpl_status(rc_hdr_i) == vfnic_tlp_pkg::CPL_SC) &&
                     vfnic_tlp_pkg::has_data(rc_hdr_i) && !vfnic_tlp_pkg::poisoned(rc_hdr_i);
        r_bc_q    <= h_bc13;
        r_dws_q   <= h_dws;
        r_la_q    <= h_la[1:0];
        r_final_q <= ({h_dws, 2'b00} - {11'h0, h_la[1:0]}) >= {1'b0, h_bc13};
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Completions, stage 1: check against the tag word, deliver, account
  // ---------------------------------------------------------------------------------------
  logic [6:0]             w_func;
  logic [OffW-1:0]        w_end;       // lead + the MRd's end offset in the request, bytes
  logic [12:0]            w_len;       // the MRd's length, bytes (<= 4096)
  logic [CtxW-1:0]        w_ctx;
  logic [ClW-1:0]         w_client;
  logic [CookieWidth-1:0] w_cookie;
  assign {w_func, w_end, w_len, w_ctx, w_client, w_cookie} = tw_rdata;

  logic            t_busy;      // the completion's tag is outstanding now
  logic            h_ok;
  logic [OffW-1:0] h_first;     // byte of the request this completion starts with
  logic            h_good;
  assign t_busy  = tag_busy_q[r_tag_q];
  assign h_ok    = r_pre_q && t_busy && (r_rid_q == w_func);
  assign h_first = w_end - OffW'(r_bc_q);
  assign h_good  = r_good_q && (r_bc_q <= w_len) && (r_la_q == h_first[1:0]);

  // the beat: its match, request DW, payload DWs left, error, last completion of the MRd
  logic                c_match;
  logic [LenWidth-2:0] c_dw;
  logic [10:0]         c_left;
  logic                c_bad;
  logic                c_fin;
  always_comb begin
    if (r_sof_q) begin
      c_match = h_ok;
      c_dw    = (LenWidth - 1)'(h_first >> 2);
      c_left  = r_dws_q;
      c_bad   = !h_good;
      c_fin   = r_final_q || !h_good;  // an error completion ends the MRd
    end else begin
      c_match = cp_match_q;
      c_dw    = cp_dw_q;
      c_left  = cp_left_q;
      c_bad   = cp_bad_q;
      c_fin   = cp_final_q;
    end
  end

  logic c_dec;   // the beat ends its tag's MRd: free the tag, count it off its context
  assign c_dec = r_valid_q && r_last_q && c_match && t_busy && c_fin;

  assign rc_unexpected_o = r_valid_q && r_sof_q && !h_ok;
  assign cpl_valid_o     = r_valid_q && c_match && !c_bad && t_busy;
  assign cpl_client_o    = w_client;
  assign cpl_cookie_o    = w_cookie;
  assign cpl_dw_off_o    = c_dw;
  assign cpl_dws_o       = (c_left > 11'd4) ? 3'd4 : 3'(c_left);
  assign cpl_data_o      = r_data_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cp_match_q <= 1'b0;
      cp_dw_q    <= '0;
      cp_left_q  <= '0;
      cp_final_q <= 1'b0;
      cp_bad_q   <= 1'b0;
    end else if (r_valid_q) begin
      cp_match_q <= c_match;
      cp_dw_q    <= c_dw + (LenWidth - 1)'(4);
      cp_left_q  <= (c_left > 11'd4) ? c_left - 11'd4 : 11'd0;
      cp_final_q <= c_fin;
      cp_bad_q   <= c_bad;
    end
  end

  // ---------------------------------------------------------------------------------------
  // Completion timeout: a scan reads one tag's word a cycle
  // ---------------------------------------------------------------------------------------
  // Each MRd's word records the tick it was sent in (ticks of 2^EpochLog2 cycles, 4 per
  // timeout period, counted in 4 wrapping bits). The scan visits the tags in turn, at least
  // once every NumTags cycles, and a busy tag 4 or more ticks old turns dead (a late
  // completion then finds no busy tag: unexpected) and is counted off its context at once
  // (error), unless a completion decrements a context in that cycle: then the scan stays
  // on the tag and tries again. A dead tag is free again at 8 ticks (one more timeout
  // period of rest). Time, and the scan, stand still while the block is idle (no busy
  // context), so an idle block keeps its state.
  logic [3:0] s_age;
  logic       s_busy, s_dead, s_kill, s_rest, s_hold;
  assign s_age   = now_q - s_stamp;
  assign s_busy  = tag_busy_q[s_tag_q];
  assign s_dead  = tag_dead_q[s_tag_q];
  assign s_kill  = s_valid_q && !s_stale_q && s_busy && (s_age >= 4'd4);
  assign s_rest  = s_valid_q && !s_stale_q && s_dead && (s_age >= 4'd8);
  assign s_fire  = s_kill && !c_dec;
  assign s_hold  = s_kill && c_dec;
  assign s_re    = !idle_o;
  assign s_raddr = s_hold ? s_tag_q : s_ptr_q;
  assign timeout_o = s_fire;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      epoch_q   <= '0;
      now_q     <= '0;
      s_ptr_q   <= '0;
      s_valid_q <= 1'b0;
      s_tag_q   <= '0;
      s_stale_q <= 1'b0;
    end else begin
      s_valid_q <= s_re;
      if (s_re) begin
        epoch_q   <= epoch_q + 1'b1;
        if (epoch_q == '1) begin
          now_q <= now_q + 4'd1;
        end
        s_tag_q   <= s_raddr;
        s_stale_q <= issue && tag_free_idx == s_raddr;
        s_ptr_q   <= (32'(s_raddr) + 1 == NumTags) ? '0 : s_raddr + 1'b1;
      end
    end
  end

  // one bit per tag and event (an allocation wins over a free, a kill over a rest)
  logic [NumTags-1:0] t_alloc, t_free, t_kill, t_rest;
  assign t_alloc = issue  ? NumTags'(1) << tag_free_idx : '0;
  assign t_free  = c_dec  ? NumTags'(1) << r_tag_q      : '0;
  assign t_kill  = s_fire ? NumTags'(1) << s_tag_q      : '0;
  assign t_rest  = s_rest ? NumTags'(1) << s_tag_q      : '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tag_busy_q <= '0;
      tag_dead_q <= '0;
    end else begin
      tag_busy_q <= t_alloc | (tag_busy_q & ~(t_free | t_kill));
      tag_dead_q <= t_kill | (tag_dead_q & ~t_rest);
    end
  end

  // ---------------------------------------------------------------------------------------
  // Contexts
  // ---------------------------------------------------------------------------------------
  // one decrement a cycle: a completion that ends an MRd, else a tag timed out
  logic            d_any;
  logic [CtxW-1:0] d_ctx;
  logic            d_err;
  assign d_any = c_dec || s_fire;
  assign d_ctx = c_dec ? w_ctx : s_ctx;
  assign d_err = c_dec ? c_bad : 1'b1;

  // the count of the request being split: +1 an MRd sent, -1 one of its MRds ended
  logic            d_sp;        // the decremented context is the split request's
  logic [SubW-1:0] sp_subs_nx;
  assign d_sp       = d_any && sp_busy_q && d_ctx == sp_ctx_q;
  assign sp_subs_nx = sp_subs_q + SubW'(issue) - SubW'(d_sp);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sp_subs_q <= '0;
    end else if (accept) begin
      sp_subs_q <= '0;
    end else begin
      sp_subs_q <= sp_subs_nx;
    end
  end

  // one bit per context and event
  logic [NumCtx-1:0] c_acc, c_ret, c_err;
  assign c_acc   = accept ? NumCtx'(1) << ctx_free_idx : '0;
  assign c_ret   = retire_any ? NumCtx'(1) << retire_idx : '0;
  assign c_err   = (d_any && d_err) ? NumCtx'(1) << d_ctx : '0;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctx_busy_q <= '0;
      ctx_err_q  <= '0;
      ctx_nz_q   <= '0;
      for (int i = 0; i < NumCtx; i++) begin
        ctx_subs_q[i] <= '0;
      end
    end else begin
      // a free context has nothing outstanding (it retired at zero); one that cannot send
      // an MRd ends at once, with an error (not split: ready with zero outstanding)
      ctx_busy_q <= (ctx_busy_q | c_acc) & ~c_ret;
      ctx_err_q  <= (ctx_err_q & ~c_acc) | (c_acc & {NumCtx{!pick_ok}}) | c_err;
      // while the request is split its count is sp_subs_q; it is loaded when the last MRd
      // is sent. The decremented context is then another one (d_sp is false for it).
      if (sp_busy_q && issue && split_end) begin
        ctx_subs_q[sp_ctx_q] <= sp_subs_nx;
        ctx_nz_q[sp_ctx_q]   <= sp_subs_nx != '0;
      end
      if (d_any && !d_sp) begin
        ctx_subs_q[d_ctx] <= ctx_subs_q[d_ctx] - 1'b1;
        ctx_nz_q[d_ctx]   <= ctx_subs_q[d_ctx] != SubW'(1);
      end
    end
  end

  // client and cookie of a context: written at accept, read when it retires (done_*)
  logic [CwW-1:0] cw_rdata;

  vfnic_ram_1r1w #(
    .Width(CwW),
    .Depth(NumCtx)
  ) u_ctx_ram (
    .clk_i  (clk_i),
    .we_i   (accept),
    .waddr_i(ctx_free_idx),
    .wdata_i({pick, pick_cookie}),
    .re_i   (retire_any),
    .raddr_i(retire_idx),
    .rdata_o(cw_rdata)
  );

  // retire one finished context per cycle (after its last data beat)
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dn_valid_q <= 1'b0;
      dn_err_q   <= 1'b0;
    end else begin
      dn_valid_q <= retire_any;
      if (retire_any) begin
        dn_err_q <= ctx_err_q[retire_idx];
      end
    end
  end

  assign done_valid_o = dn_valid_q;
  assign {done_client_o, done_cookie_o} = cw_rdata;
  assign done_err_o   = dn_err_q;

  // every busy tag belongs to a busy context
  assign idle_o = !sp_busy_q && (ctx_busy_q == '0) && !dn_valid_q && !r_valid_q;

  logic unused_rd;   // index bits above the vectors' widths
  assign unused_rd = ^{h_la[6:2], ctx_free_p, tag_free_p, retire_p};

endmodule

`default_nettype wire
