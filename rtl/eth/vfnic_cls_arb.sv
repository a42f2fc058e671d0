// SPDX-License-Identifier: MIT
// Classifier lookup arbiter (docs/datapath-blocks.md): shares the one lookup port of
// vfnic_classifier between wire ingress (vfnic_eth_rx) and the VEB of TX egress (vfnic_eth_tx),
// and routes each result back to its requester by the classifier's cookie.
//
// - eth_rx has priority and never waits: its lookup is granted in the cycle it is made (it
//   has no ready). eth_rx makes at most one lookup every other cycle, so eth_tx is never
//   starved; eth_tx waits for tx_lk_ready_o (AXI-Stream style: valid held, fields stable).
// - Wire lookups go in with looped = 0 (no sender to exclude), eth_tx lookups with looped = 1
//   and the sender's pool.
// - Cookie bit 0 names the requester (0 eth_rx, 1 eth_tx); the classifier returns it with the
//   result LookupLatency (3) cycles after the grant. Results go to both requesters' ports;
//   only the owner's res_valid is raised.
// Purely combinational: no clock, no state.
//
// Ports
//   rx_lk_valid_i, rx_lk_dmac_i[47:0], rx_lk_tagged_i, rx_lk_vid_i[11:0]     eth_rx lookup
//   rx_res_valid_o, rx_res_mask_o[NumFuncs-1:0], rx_res_how_o[1:0], rx_res_miss_o
//   tx_lk_valid_i, tx_lk_dmac_i, tx_lk_tagged_i, tx_lk_vid_i, tx_lk_src_pool_i[6:0];
//   tx_lk_ready_o                                                              eth_tx lookup
//   tx_res_valid_o, tx_res_mask_o, tx_res_how_o
//   cls_lk_* to vfnic_classifier's lk_* inputs (valid, dmac, tagged, vid, looped, src_pool,
//   cookie[7:0]); cls_res_* from its res_* outputs (valid, mask, how, miss, cookie)
`default_nettype none

module vfnic_cls_arb #(
  parameter int unsigned NumFuncs = 9   // pools = routing functions 0..NumFuncs-1
) (
  // eth_rx: priority, never waits
  input  logic                rx_lk_valid_i,
  input  logic [47:0]         rx_lk_dmac_i,
  input  logic                rx_lk_tagged_i,
  input  logic [11:0]         rx_lk_vid_i,
  output logic                rx_res_valid_o,
  output logic [NumFuncs-1:0] rx_res_mask_o,
  output logic [1:0]          rx_res_how_o,
  output logic                rx_res_miss_o,

  // eth_tx: waits for ready
  input  logic                tx_lk_valid_i,
  input  logic [47:0]         tx_lk_dmac_i,
  input  logic                tx_lk_tagged_i,
  input  logic [11:0]         tx_lk_vid_i,
  input  logic [6:0]          tx_lk_src_pool_i,
  output logic                tx_lk_ready_o,
  output logic                tx_res_valid_o,
  output logic [NumFuncs-1:0] tx_res_mask_o,
  output logic [1:0]          tx_res_how_o,

  // vfnic_classifier lookup port
  output logic                cls_lk_valid_o,
  output logic [47:0]         cls_lk_dmac_o,
  output logic                cls_lk_tagged_o,
  output logic [11:0]         cls_lk_vid_o,
  output logic                cls_lk_looped_o,
  output logic [6:0]          cls_lk_src_pool_o,
  output logic [7:0]          cls_lk_cookie_o,
  input  logic                cls_res_valid_i,
  input  logic [NumFuncs-1:0] cls_res_mask_i,
  input  logic [1:0]          cls_res_how_i,
  input  logic                cls_res_miss_i,
  input  logic [7:0]          cls_res_cookie_i
);

`ifndef __ICARUS__  // iverilog 11 has no elaboration-time $error; Verilator and Yosys check
  if (NumFuncs < 1 || NumFuncs > 65) begin : gen_funcs_check
    $error("NumFuncs must be 1..65 (PF + 64 VFs)");
  end
`endif

  localparam logic CookieRx = 1'b0;
  localparam logic CookieTx = 1'b1;

  logic grant_tx;  // eth_tx's lookup goes to the classifier this cycle

  assign grant_tx      = tx_lk_valid_i && !rx_lk_valid_i;
  assign tx_lk_ready_o = !rx_lk_valid_i;

  assign cls_lk_valid_o    = rx_lk_valid_i || tx_lk_valid_i;
  assign cls_lk_dmac_o     = grant_tx ? tx_lk_dmac_i : rx_lk_dmac_i;
  assign cls_lk_tagged_o   = grant_tx ? tx_lk_tagged_i : rx_lk_tagged_i;
  assign cls_lk_vid_o      = grant_tx ? tx_lk_vid_i : rx_lk_vid_i;
  assign cls_lk_looped_o   = grant_tx;
  assign cls_lk_src_pool_o = grant_tx ? tx_lk_src_pool_i : 7'd0;
  assign cls_lk_cookie_o   = {7'd0, grant_tx ? CookieTx : CookieRx};

  assign rx_res_valid_o = cls_res_valid_i && cls_res_cookie_i[0] == CookieRx;
  assign rx_res_mask_o  = cls_res_mask_i;
  assign rx_res_how_o   = cls_res_how_i;
  assign rx_res_miss_o  = cls_res_miss_i;

  assign tx_res_valid_o = cls_res_valid_i && cls_res_cookie_i[0] == CookieTx;
  assign tx_res_mask_o  = cls_res_mask_i;
  assign tx_res_how_o   = cls_res_how_i;

  // only cookie bit 0 is used; the others are sent as 0
  logic unused_cookie;
  assign unused_cookie = ^cls_res_cookie_i[7:1];

endmodule

`default_nettype wire
