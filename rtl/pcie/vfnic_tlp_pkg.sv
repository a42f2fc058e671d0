// SPDX-License-Identifier: MIT
// TLP header encodings and field helpers for the stream interface of docs/tlp-stream.md.
// Header DW i sits at hdr[32*i +: 32], each DW with the PCIe specification's bit numbering.
`default_nettype none

package vfnic_tlp_pkg;

  localparam int unsigned HdrBits  = 128;
  localparam int unsigned DataBits = 128;
  localparam int unsigned BeatDws  = DataBits / 32;

  // Fmt/Type, DW0 bits 31:24
  localparam logic [7:0] FT_MRD32   = 8'h00;
  localparam logic [7:0] FT_MRD64   = 8'h20;
  localparam logic [7:0] FT_MRDLK32 = 8'h01;
  localparam logic [7:0] FT_MRDLK64 = 8'h21;
  localparam logic [7:0] FT_MWR32   = 8'h40;
  localparam logic [7:0] FT_MWR64   = 8'h60;
  localparam logic [7:0] FT_CFGRD0  = 8'h04;
  localparam logic [7:0] FT_CFGWR0  = 8'h44;
  localparam logic [7:0] FT_CFGRD1  = 8'h05;
  localparam logic [7:0] FT_CFGWR1  = 8'h45;
  localparam logic [7:0] FT_CPL     = 8'h0A;
  localparam logic [7:0] FT_CPLD    = 8'h4A;
  localparam logic [7:0] FT_CPLLK   = 8'h0B;

  // Completion status, DW1 bits 15:13 of a completion
  localparam logic [2:0] CPL_SC  = 3'd0;
  localparam logic [2:0] CPL_UR  = 3'd1;
  localparam logic [2:0] CPL_CRS = 3'd2;
  localparam logic [2:0] CPL_CA  = 3'd4;

  // ---- fields common to all TLPs (DW0) ----

  function automatic logic [7:0] fmt_type(input logic [HdrBits-1:0] hdr);
    fmt_type = hdr[31:24];
  endfunction

  function automatic logic has_data(input logic [HdrBits-1:0] hdr);
    has_data = hdr[30];
  endfunction

  function automatic logic is_4dw(input logic [HdrBits-1:0] hdr);
    is_4dw = hdr[29];
  endfunction

  // Poisoned (EP)
  function automatic logic poisoned(input logic [HdrBits-1:0] hdr);
    poisoned = hdr[14];
  endfunction

  // Length field as sent: 0 encodes 1024 DWs
  function automatic logic [9:0] len_field(input logic [HdrBits-1:0] hdr);
    len_field = hdr[9:0];
  endfunction

  // Completions of every flavour: Cpl, CplD, CplLk, CplDLk
  function automatic logic is_cpl(input logic [HdrBits-1:0] hdr);
    is_cpl = (hdr[31:24] & 8'hBE) == 8'h0A;
  endfunction

  // Posted requests: MWr and Msg/MsgD (Type 10rrr); same rule as vfn_tlp_is_posted()
  function automatic logic is_posted(input logic [HdrBits-1:0] hdr);
    is_posted = (hdr[31:24] == FT_MWR32) || (hdr[31:24] == FT_MWR64) || (hdr[29:27] == 3'b110);
  endfunction

  // ---- requests (DW1..DW3) ----

  function automatic logic [15:0] req_id(input logic [HdrBits-1:0] hdr);
    req_id = hdr[63:48];
  endfunction

  function automatic logic [7:0] req_tag(input logic [HdrBits-1:0] hdr);
    req_tag = hdr[47:40];
  endfunction

  function automatic logic [3:0] req_lbe(input logic [HdrBits-1:0] hdr);
    req_lbe = hdr[39:36];
  endfunction

  function automatic logic [3:0] req_fbe(input logic [HdrBits-1:0] hdr);
    req_fbe = hdr[35:32];
  endfunction

  // Memory request address (bits 1:0 forced to 0)
  function automatic logic [63:0] mem_addr(input logic [HdrBits-1:0] hdr);
    if (hdr[29]) begin
      mem_addr = {hdr[95:64], hdr[127:98], 2'b00};
    end else begin
      mem_addr = {32'h0, hdr[95:66], 2'b00};
    end
  endfunction

  // Configuration request: target ID {bus, device, function} and DW index (ext reg + reg)
  function automatic logic [15:0] cfg_target_id(input logic [HdrBits-1:0] hdr);
    cfg_target_id = hdr[95:80];
  endfunction

  function automatic logic [2:0] cfg_target_func(input logic [HdrBits-1:0] hdr);
    cfg_target_func = hdr[82:80];  // non-ARI function number
  endfunction

  function automatic logic [9:0] cfg_dw_addr(input logic [HdrBits-1:0] hdr);
    cfg_dw_addr = hdr[75:66];
  endfunction

  // ---- completions ----

  function automatic logic [2:0] cpl_status(input logic [HdrBits-1:0] hdr);
    cpl_status = hdr[47:45];
  endfunction

  function automatic logic [11:0] cpl_byte_count(input logic [HdrBits-1:0] hdr);
    cpl_byte_count = hdr[43:32];
  endfunction

  function automatic logic [15:0] cpl_req_id(input logic [HdrBits-1:0] hdr);
    cpl_req_id = hdr[95:80];
  endfunction

  function automatic logic [7:0] cpl_tag(input logic [HdrBits-1:0] hdr);
    cpl_tag = hdr[79:72];
  endfunction

  // ---- byte-enable arithmetic for read completions (PCIe Base, byte count rules) ----

  // Index of the lowest enabled byte of a byte-enable nibble (0 when none is set)
  function automatic logic [1:0] be_first(input logic [3:0] be);
    if (be[0]) begin
      be_first = 2'd0;
    end else if (be[1]) begin
      be_first = 2'd1;
    end else if (be[2]) begin
      be_first = 2'd2;
    end else if (be[3]) begin
      be_first = 2'd3;
    end else begin
      be_first = 2'd0;
    end
  endfunction

  // Index of the highest enabled byte (3 when none is set, so nothing is trimmed)
  function automatic logic [1:0] be_last(input logic [3:0] be);
    if (be[3]) begin
      be_last = 2'd3;
    end else if (be[2]) begin
      be_last = 2'd2;
    end else if (be[1]) begin
      be_last = 2'd1;
    end else if (be[0]) begin
      be_last = 2'd0;
    end else begin
      be_last = 2'd3;
    end
  endfunction

  // Byte count of a whole memory read request (12 bits; 4096 wraps to 0 as the field wants)
  function automatic logic [11:0] rd_byte_count(input logic [9:0] len, input logic [3:0] fbe,
                                                 input logic [3:0] lbe);
    logic [12:0] dws;
    logic [12:0] bytes;
    dws = (len == 10'd0) ? 13'd1024 : {3'b000, len};
    if (dws == 13'd1) begin
      // a one-DW read spans first..last enabled byte; a zero-length read counts as one byte
      if (fbe == 4'h0) begin
        bytes = 13'd1;
      end else begin
        bytes = {11'd0, be_last(fbe)} - {11'd0, be_first(fbe)} + 13'd1;
      end
    end else begin
      bytes = (dws << 2) - {11'd0, be_first(fbe)} - (13'd3 - {11'd0, be_last(lbe)});
    end
    rd_byte_count = bytes[11:0];
  endfunction

  // Lower Address of the first completion of a memory read
  function automatic logic [6:0] rd_lower_addr(input logic [6:0] addr, input logic [3:0] fbe);
    rd_lower_addr = {addr[6:2], be_first(fbe)};
  endfunction

  // ---- header builders ----

  // Completion header for request `req`: carries the request's TC, Attr and 10-bit tag bits
  function automatic logic [HdrBits-1:0] cpl_hdr(input logic [HdrBits-1:0] req,
                                                 input logic with_data,
                                                 input logic [2:0] status,
                                                 input logic [15:0] completer_id,
                                                 input logic [11:0] byte_count,
                                                 input logic [6:0] lower_addr,
                                                 input logic [9:0] len_dw);
    logic [31:0] dw0;
    logic [7:0]  ft;
    // a completion for a locked read is CplLk/CplDLk
    ft = (req[31:24] == FT_MRDLK32 || req[31:24] == FT_MRDLK64) ? FT_CPLLK : FT_CPL;
    ft[6] = with_data;
    dw0 = '0;
    dw0[31:24] = ft;
    dw0[23] = req[23];  // T9
    dw0[22:20] = req[22:20];  // TC
    dw0[19] = req[19];  // T8
    dw0[18] = req[18];  // Attr[2] (ID-based ordering)
    dw0[13:12] = req[13:12];  // Attr[1:0] (relaxed ordering, no snoop)
    dw0[9:0] = with_data ? len_dw : 10'd0;
    cpl_hdr = {32'h0,
               req[63:48], req[47:40], 1'b0, lower_addr,
               completer_id, status, 1'b0, byte_count,
               dw0};
  endfunction

  // Memory request header: 3DW when the address fits 32 bits, else 4DW
  function automatic logic [HdrBits-1:0] mem_hdr(input logic write,
                                                 input logic [63:0] addr,
                                                 input logic [9:0] len_dw,
                                                 input logic [3:0] fbe,
                                                 input logic [3:0] lbe,
                                                 input logic [15:0] rid,
                                                 input logic [7:0] tag);
    logic wide;
    logic [31:0] dw0;
    logic [31:0] dw1;
    wide = (addr[63:32] != 32'h0);
    dw0 = {1'b0, write, wide, 5'b00000, 14'h0, len_dw};
    dw1 = {rid, tag, lbe, fbe};
    if (wide) begin
      mem_hdr = {addr[31:2], 2'b00, addr[63:32], dw1, dw0};
    end else begin
      mem_hdr = {32'h0, addr[31:2], 2'b00, dw1, dw0};
    end
  endfunction

  // Byte mask of a byte-enable nibble
  function automatic logic [31:0] be_mask(input logic [3:0] be);
    be_mask = {{8{be[3]}}, {8{be[2]}}, {8{be[1]}}, {8{be[0]}}};
  endfunction

endpackage

`default_nettype wire
