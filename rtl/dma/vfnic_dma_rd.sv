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
  localparam int unsigned EpochLog2 = TimeoutCyclesLog2 - 2;
  localparam int unsigned FuncW = $clog2(NumFuncs > 1 ? NumFuncs : 2);

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
  // State
  // ---------------------------------------------------------------------------------------
  // contexts: one per client request
  logic [NumCtx-1:0]                  ctx_busy_q, ctx_busy_d;
  logic [NumCtx-1:0]                  ctx_err_q, ctx_err_d;
  logic [NumCtx-1:0]                  ctx_issued_q, ctx_issued_d;   // every MRd sent
  logic [NumCtx-1:0][TagW:0]          ctx_subs_q, ctx_subs_d;       // MRds outstanding
  logic [NumCtx-1:0][ClW-1:0]         ctx_client_q, ctx_client_d;
  logic [NumCtx-1:0][CookieWidth-1:0] ctx_cookie_q, ctx_cookie_d;

  // tags
  // tag states (plain constants: iverilog 11 has no packed arrays of enums)
  localparam logic [1:0] TagFree = 2'd0;
  localparam logic [1:0] TagBusy = 2'd1;
  localparam logic [1:0] TagDead = 2'd2;
  logic [NumTags-1:0][1:0]            tag_st_q, tag_st_d;
  logic [NumTags-1:0][1:0]            tag_age_q, tag_age_d;
  logic [NumTags-1:0][CtxW-1:0]       tag_ctx_q, tag_ctx_d;
  logic [NumTags-1:0][6:0]            tag_func_q, tag_func_d;
  logic [NumTags-1:0][OffW-1:0]       tag_base_q, tag_base_d;  // lead + sub's offset, bytes
  logic [NumTags-1:0][12:0]           tag_len_q, tag_len_d;    // sub length, bytes (<= 4096)
  logic [NumTags-1:0]                 tag_exp_q, tag_exp_d;    // timed out, context not told

  // the request being split
  logic                               sp_busy_q, sp_busy_d;
  logic [CtxW-1:0]                    sp_ctx_q, sp_ctx_d;
  logic [63:0]                        sp_addr_q, sp_addr_d;      // next byte to read
  logic [LenWidth-1:0]                sp_rem_q, sp_rem_d;        // bytes still to request
  logic [OffW-1:0]                    sp_off_q, sp_off_d;        // lead + bytes requested
  logic [6:0]                         sp_func_q, sp_func_d;

  // completion in progress (between first and last beat)
  logic                               cp_match_q, cp_match_d;
  logic [TagW-1:0]                    cp_tag_q, cp_tag_d;
  logic [LenWidth-2:0]                cp_dw_q, cp_dw_d;          // request DW of this beat
  logic [10:0]                        cp_left_q, cp_left_d;      // payload DWs still to come
  logic                               cp_final_q, cp_final_d;    // last completion of the tag
  logic                               cp_bad_q, cp_bad_d;

  logic [EpochLog2-1:0]               epoch_q, epoch_d;
  logic [ClW-1:0]                     rr_q, rr_d;

  // done pulse register
  logic                               dn_valid_q, dn_valid_d;
  logic [ClW-1:0]                     dn_client_q, dn_client_d;
  logic [CookieWidth-1:0]             dn_cookie_q, dn_cookie_d;
  logic                               dn_err_q, dn_err_d;

  // ---------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------
  logic [12:0] mrrs_bytes;
  assign mrrs_bytes = 13'd128 << ((mrrs_i > 3'd5) ? 3'd5 : mrrs_i);

  // free context and free tag (lowest index)
  logic            ctx_free_any;
  logic [CtxW-1:0] ctx_free_idx;
  logic            tag_free_any;
  logic [TagW-1:0] tag_free_idx;
  always_comb begin
    ctx_free_any = 1'b0;
    ctx_free_idx = '0;
    for (int i = NumCtx - 1; i >= 0; i--) begin
      if (!ctx_busy_q[i]) begin
        ctx_free_any = 1'b1;
        ctx_free_idx = CtxW'(i);
      end
    end
    tag_free_any = 1'b0;
    tag_free_idx = '0;
    for (int i = NumTags - 1; i >= 0; i--) begin
      if (tag_st_q[i] == TagFree) begin
        tag_free_any = 1'b1;
        tag_free_idx = TagW'(i);
      end
    end
  end

  // round-robin pick among requesting clients
  logic           pick_any;
  logic [ClW-1:0] pick;
  logic [63:0]    pick_addr;  // (a whole element first: iverilog 11 cannot part-select it)
  assign pick_addr = req_addr_i[pick];
  always_comb begin
    pick_any = 1'b0;
    pick     = rr_q;
    for (int k = NumClients - 1; k >= 0; k--) begin
      if (req_valid_i[(32'(rr_q) + 32'(k)) % NumClients]) begin
        pick_any = 1'b1;
        pick     = ClW'((32'(rr_q) + 32'(k)) % NumClients);
      end
    end
  end

  // next MRd of the request being split
  logic [12:0]        chunk;      // bytes
  logic [12:0]        to_bound;   // bytes to the next MRRS boundary
  logic [13:0]        span;       // lead + chunk
  logic [9:0]         chunk_dws;
  logic [1:0]         lead;
  logic [1:0]         tail_b;     // byte index of the last byte in its DW
  logic [3:0]         fbe, lbe;
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

  assign rq_valid_o = sp_busy_q && tag_free_any;
  assign rq_hdr_o   = vfnic_tlp_pkg::mem_hdr(1'b0, sp_addr_q, chunk_dws, fbe, lbe,
                                             rid_base_i + {9'h0, sp_func_q},
                                             {{(8 - TagW){1'b0}}, tag_free_idx});

  // ---------------------------------------------------------------------------------------
  // Completion decode (first beat)
  // ---------------------------------------------------------------------------------------
  logic [7:0]      h_tag;
  logic [TagW-1:0] h_tidx;
  logic            h_tag_ok;
  logic [2:0]      h_status;
  logic [11:0]     h_bc;
  logic [12:0]     h_bc13;
  logic [9:0]      h_len;
  logic [10:0]     h_dws;
  logic [6:0]      h_la;
  logic [OffW-1:0] h_first;     // byte offset within the request (lead included)
  logic            h_good;
  logic            h_final;

  always_comb begin
    h_tag    = vfnic_tlp_pkg::cpl_tag(rc_hdr_i);
    h_tidx   = TagW'(h_tag);
    h_tag_ok = vfnic_tlp_pkg::is_cpl(rc_hdr_i) && (32'(h_tag) < NumTags) &&
               (tag_st_q[h_tidx] == TagBusy) &&
               (vfnic_tlp_pkg::cpl_req_id(rc_hdr_i) == rid_base_i + {9'h0, tag_func_q[h_tidx]});
    h_status = vfnic_tlp_pkg::cpl_status(rc_hdr_i);
    h_bc     = vfnic_tlp_pkg::cpl_byte_count(rc_hdr_i);
    h_bc13   = (h_bc == 12'd0) ? 13'd4096 : {1'b0, h_bc};
    h_len    = vfnic_tlp_pkg::len_field(rc_hdr_i);
    h_dws    = (h_len == 10'd0) ? 11'd1024 : {1'b0, h_len};
    h_la     = rc_hdr_i[70:64];
    // byte of the request this completion starts with, and whether it ends the tag's MRd
    h_first  = tag_base_q[h_tidx] + OffW'(tag_len_q[h_tidx]) - OffW'(h_bc13);
    h_good   = (h_status == vfnic_tlp_pkg::CPL_SC) && vfnic_tlp_pkg::has_data(rc_hdr_i) &&
               !vfnic_tlp_pkg::poisoned(rc_hdr_i) && (h_bc13 <= tag_len_q[h_tidx]) &&
               (h_la[1:0] == h_first[1:0]);
    h_final  = ({h_dws, 2'b00} - {11'h0, h_la[1:0]}) >= {1'b0, h_bc13};
  end

  // ---------------------------------------------------------------------------------------
  // Next state
  // ---------------------------------------------------------------------------------------
  logic tick;
  assign tick = (epoch_q == '0);

  // the beat on rc: its tag, request DW, payload DWs left, error, last completion of the MRd
  logic                c_match;
  logic [TagW-1:0]     c_t;
  logic [LenWidth-2:0] c_dw;
  logic [10:0]         c_left;
  logic                c_bad;
  logic                c_fin;
  always_comb begin
    if (rc_sof_i) begin
      c_match = h_tag_ok;
      c_t     = h_tidx;
      c_dw    = (LenWidth - 1)'(h_first >> 2);
      c_left  = h_dws;
      c_bad   = !h_good;
      c_fin   = h_final || !h_good;  // an error completion ends the MRd
    end else begin
      c_match = cp_match_q;
      c_t     = cp_tag_q;
      c_dw    = cp_dw_q;
      c_left  = cp_left_q;
      c_bad   = cp_bad_q;
      c_fin   = cp_final_q;
    end
  end

  // the lowest expired tag (told to its context this cycle)
  logic            exp_any;
  logic [TagW-1:0] exp_idx;
  always_comb begin
    exp_any = 1'b0;
    exp_idx = '0;
    for (int i = NumTags - 1; i >= 0; i--) begin
      if (tag_exp_q[i]) begin
        exp_any = 1'b1;
        exp_idx = TagW'(i);
      end
    end
  end

  logic retire_any;
  logic [CtxW-1:0] retire_idx;
  always_comb begin
    retire_any = 1'b0;
    retire_idx = '0;
    for (int i = NumCtx - 1; i >= 0; i--) begin
      if (ctx_busy_q[i] && ctx_issued_q[i] && ctx_subs_q[i] == '0) begin
        retire_any = 1'b1;
        retire_idx = CtxW'(i);
      end
    end
  end

  always_comb begin
    ctx_busy_d   = ctx_busy_q;
    ctx_err_d    = ctx_err_q;
    ctx_issued_d = ctx_issued_q;
    ctx_subs_d   = ctx_subs_q;
    ctx_client_d = ctx_client_q;
    ctx_cookie_d = ctx_cookie_q;
    tag_st_d     = tag_st_q;
    tag_age_d    = tag_age_q;
    tag_ctx_d    = tag_ctx_q;
    tag_func_d   = tag_func_q;
    tag_base_d   = tag_base_q;
    tag_len_d    = tag_len_q;
    tag_exp_d    = tag_exp_q;
    sp_busy_d    = sp_busy_q;
    sp_ctx_d     = sp_ctx_q;
    sp_addr_d    = sp_addr_q;
    sp_rem_d     = sp_rem_q;
    sp_off_d     = sp_off_q;
    sp_func_d    = sp_func_q;
    cp_match_d   = cp_match_q;
    cp_tag_d     = cp_tag_q;
    cp_dw_d      = cp_dw_q;
    cp_left_d    = cp_left_q;
    cp_final_d   = cp_final_q;
    cp_bad_d     = cp_bad_q;
    epoch_d      = epoch_q + 1'b1;
    rr_d         = rr_q;
    dn_valid_d   = 1'b0;
    dn_client_d  = dn_client_q;
    dn_cookie_d  = dn_cookie_q;
    dn_err_d     = 1'b0;

    req_ready_o     = '0;
    rc_unexpected_o = 1'b0;
    cpl_valid_o     = 1'b0;
    cpl_client_o    = '0;
    cpl_cookie_o    = '0;
    cpl_dw_off_o    = '0;
    cpl_dws_o       = '0;
    timeout_o       = 1'b0;

    // ---- accept a client request into a free context ----
    if (!sp_busy_q && ctx_free_any && pick_any) begin
      req_ready_o[pick] = 1'b1;
      rr_d = ClW'((32'(pick) + 1) % NumClients);
      ctx_busy_d[ctx_free_idx]   = 1'b1;
      ctx_client_d[ctx_free_idx] = pick;
      ctx_cookie_d[ctx_free_idx] = req_cookie_i[pick];
      ctx_subs_d[ctx_free_idx]   = '0;
      if ((32'(req_func_i[pick]) < NumFuncs) && bme_i[FuncW'(req_func_i[pick])] &&
          (req_len_i[pick] != '0)) begin
        ctx_err_d[ctx_free_idx]    = 1'b0;
        ctx_issued_d[ctx_free_idx] = 1'b0;
        sp_busy_d = 1'b1;
        sp_ctx_d  = ctx_free_idx;
        sp_addr_d = pick_addr;
        sp_rem_d  = req_len_i[pick];
        sp_off_d  = OffW'(pick_addr[1:0]);
        sp_func_d = req_func_i[pick];
      end else begin
        // no MRd may be sent for it: it ends at once, with an error
        ctx_err_d[ctx_free_idx]    = 1'b1;
        ctx_issued_d[ctx_free_idx] = 1'b1;
      end
    end

    // ---- issue the next MRd ----
    if (rq_valid_o && rq_ready_i) begin
      tag_st_d[tag_free_idx]   = TagBusy;
      tag_age_d[tag_free_idx]  = '0;
      tag_ctx_d[tag_free_idx]  = sp_ctx_q;
      tag_func_d[tag_free_idx] = sp_func_q;
      tag_base_d[tag_free_idx] = sp_off_q;
      tag_len_d[tag_free_idx]  = chunk;
      ctx_subs_d[sp_ctx_q]     = ctx_subs_d[sp_ctx_q] + 1'b1;
      sp_addr_d = sp_addr_q + {51'h0, chunk};
      sp_off_d  = sp_off_q + OffW'(chunk);
      sp_rem_d  = sp_rem_q - LenWidth'(chunk);
      if (sp_rem_q == LenWidth'(chunk)) begin
        sp_busy_d = 1'b0;
        ctx_issued_d[sp_ctx_q] = 1'b1;
      end
    end

    // ---- completions ----
    if (rc_valid_i) begin
      rc_unexpected_o = rc_sof_i && !h_tag_ok;
      if (c_match && !c_bad && (tag_st_q[c_t] == TagBusy)) begin
        cpl_valid_o  = 1'b1;
        cpl_client_o = ctx_client_q[tag_ctx_q[c_t]];
        cpl_cookie_o = ctx_cookie_q[tag_ctx_q[c_t]];
        cpl_dw_off_o = c_dw;
        cpl_dws_o    = (c_left > 11'd4) ? 3'd4 : 3'(c_left);
      end
      cp_match_d = c_match;
      cp_tag_d   = c_t;
      cp_dw_d    = c_dw + (LenWidth - 1)'(4);
      cp_left_d  = (c_left > 11'd4) ? c_left - 11'd4 : 11'd0;
      cp_final_d = c_fin;
      cp_bad_d   = c_bad;
      if (rc_last_i && c_match && (tag_st_q[c_t] == TagBusy)) begin
        if (c_bad) begin
          ctx_err_d[tag_ctx_q[c_t]] = 1'b1;
        end
        if (c_fin) begin
          tag_st_d[c_t] = TagFree;
          ctx_subs_d[tag_ctx_q[c_t]] = ctx_subs_d[tag_ctx_q[c_t]] - 1'b1;
        end
      end
    end

    // ---- completion timeout: busy tags age every 2^EpochLog2 cycles ----
    // A busy tag that reaches the limit turns dead at once (a late completion then finds no
    // busy tag: unexpected) and is marked expired; its context learns of it below, one tag
    // per cycle, so the per-tag work of a tick is local to the tag. A dead tag rests one more
    // timeout period before reuse, and never while its expiry is still to be told.
    if (tick) begin
      for (int i = 0; i < NumTags; i++) begin
        if (tag_st_q[i] != TagFree && tag_st_d[i] != TagFree) begin
          tag_age_d[i] = tag_age_q[i] + 1'b1;
          if (tag_age_q[i] == 2'd3) begin
            if (tag_st_q[i] == TagBusy) begin
              tag_st_d[i]  = TagDead;
              tag_exp_d[i] = 1'b1;
            end else if (!tag_exp_q[i]) begin
              tag_st_d[i] = TagFree;
            end
          end
        end
      end
    end
    if (exp_any) begin
      tag_exp_d[exp_idx] = 1'b0;
      ctx_err_d[tag_ctx_q[exp_idx]]  = 1'b1;
      ctx_subs_d[tag_ctx_q[exp_idx]] = ctx_subs_d[tag_ctx_q[exp_idx]] - 1'b1;
      timeout_o = 1'b1;
    end

    // ---- retire one finished context per cycle (after its last data beat) ----
    if (retire_any) begin
      ctx_busy_d[retire_idx] = 1'b0;
      dn_valid_d  = 1'b1;
      dn_client_d = ctx_client_q[retire_idx];
      dn_cookie_d = ctx_cookie_q[retire_idx];
      dn_err_d    = ctx_err_q[retire_idx];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctx_busy_q   <= '0;
      ctx_err_q    <= '0;
      ctx_issued_q <= '0;
      ctx_subs_q   <= '0;
      ctx_client_q <= '0;
      ctx_cookie_q <= '0;
      tag_st_q     <= {NumTags{TagFree}};
      tag_age_q    <= '0;
      tag_ctx_q    <= '0;
      tag_func_q   <= '0;
      tag_base_q   <= '0;
      tag_len_q    <= '0;
      tag_exp_q    <= '0;
      sp_busy_q    <= 1'b0;
      sp_ctx_q     <= '0;
      sp_addr_q    <= '0;
      sp_rem_q     <= '0;
      sp_off_q     <= '0;
      sp_func_q    <= '0;
      cp_match_q   <= 1'b0;
      cp_tag_q     <= '0;
      cp_dw_q      <= '0;
      cp_left_q    <= '0;
      cp_final_q   <= 1'b0;
      cp_bad_q     <= 1'b0;
      epoch_q      <= '0;
      rr_q         <= '0;
      dn_valid_q   <= 1'b0;
      dn_client_q  <= '0;
      dn_cookie_q  <= '0;
      dn_err_q     <= 1'b0;
    end else begin
      ctx_busy_q   <= ctx_busy_d;
      ctx_err_q    <= ctx_err_d;
      ctx_issued_q <= ctx_issued_d;
      ctx_subs_q   <= ctx_subs_d;
      ctx_client_q <= ctx_client_d;
      ctx_cookie_q <= ctx_cookie_d;
      tag_st_q     <= tag_st_d;
      tag_age_q    <= tag_age_d;
      tag_ctx_q    <= tag_ctx_d;
      tag_func_q   <= tag_func_d;
      tag_base_q   <= tag_base_d;
      tag_len_q    <= tag_len_d;
      tag_exp_q    <= tag_exp_d;
      sp_busy_q    <= sp_busy_d;
      sp_ctx_q     <= sp_ctx_d;
      sp_addr_q    <= sp_addr_d;
      sp_rem_q     <= sp_rem_d;
      sp_off_q     <= sp_off_d;
      sp_func_q    <= sp_func_d;
      cp_match_q   <= cp_match_d;
      cp_tag_q     <= cp_tag_d;
      cp_dw_q      <= cp_dw_d;
      cp_left_q    <= cp_left_d;
      cp_final_q   <= cp_final_d;
      cp_bad_q     <= cp_bad_d;
      epoch_q      <= epoch_d;
      rr_q         <= rr_d;
      dn_valid_q   <= dn_valid_d;
      dn_client_q  <= dn_client_d;
      dn_cookie_q  <= dn_cookie_d;
      dn_err_q     <= dn_err_d;
    end
  end

  assign cpl_data_o    = rc_data_i;
  assign done_valid_o  = dn_valid_q;
  assign done_client_o = dn_client_q;
  assign done_cookie_o = dn_cookie_q;
  assign done_err_o    = dn_err_q;

  always_comb begin
    idle_o = !sp_busy_q && (ctx_busy_q == '0) && !dn_valid_q && (tag_exp_q == '0);
    for (int i = 0; i < NumTags; i++) begin
      if (tag_st_q[i] == TagBusy) begin
        idle_o = 1'b0;
      end
    end
  end

  logic unused_rd;
  assign unused_rd = ^{h_la[6:2]};

endmodule

`default_nettype wire
