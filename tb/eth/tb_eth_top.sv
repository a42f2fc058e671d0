// SPDX-License-Identifier: MIT
// Test wrapper of the Ethernet-side blocks (tb/eth/): vfnic_eth_tx and vfnic_eth_rx sharing the
// real vfnic_classifier through vfnic_cls_arb, as vfnic_dp will connect them. The classifier's
// register port and pool configuration are exposed so the bench can program entries; the
// lookup handshakes are exposed so it can check the arbitration.
`default_nettype none

module tb_eth_top #(
  parameter int unsigned NumFuncs   = 9,
  parameter int unsigned NumEntries = 34
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic                      fo_valid_i,
  input  logic [63:0]               fo_data_i,
  input  logic [7:0]                fo_keep_i,
  input  logic                      fo_last_i,
  input  logic [6:0]                fo_func_i,
  input  logic [7:0]                fo_q_i,
  input  logic [13:0]               fo_len_i,
  output logic                      fo_ready_o,
  output logic                      fs_valid_o,
  output logic [3:0]                fs_err_o,
  input  logic [NumFuncs-1:0][47:0] func_mac_i,
  input  logic [NumFuncs-1:0][11:0] func_vid_i,
  input  logic [NumFuncs-1:0]       func_vlan_en_i,
  input  logic [NumFuncs-1:0]       func_spoof_mac_i,
  input  logic [NumFuncs-1:0]       func_spoof_vlan_i,
  input  logic                      veb_en_i,
  output logic                      eth_tx_valid_o,
  output logic [63:0]               eth_tx_data_o,
  output logic [7:0]                eth_tx_keep_o,
  output logic                      eth_tx_last_o,
  input  logic                      eth_tx_ready_i,
  output logic                      li_valid_o,
  output logic [63:0]               li_data_o,
  output logic [7:0]                li_keep_o,
  output logic                      li_last_o,
  output logic                      li_abort_o,
  output logic [NumFuncs-1:0]       li_mask_o,
  output logic [1:0]                li_how_o,
  output logic [15:0]               li_tci_o,
  output logic                      li_tagged_o,
  output logic [3:0]                li_hash_o,
  input  logic                      li_ready_i,
  output logic                      mdd_valid_o,
  output logic [6:0]                mdd_func_o,
  output logic                      port_tx_o,
  output logic                      port_veb_o,
  output logic [13:0]               port_bytes_o,

  input  logic                      eth_rx_valid_i,
  input  logic [63:0]               eth_rx_data_i,
  input  logic [7:0]                eth_rx_keep_i,
  input  logic                      eth_rx_last_i,
  input  logic                      eth_rx_err_i,
  output logic                      wi_valid_o,
  output logic [63:0]               wi_data_o,
  output logic [7:0]                wi_keep_o,
  output logic                      wi_last_o,
  output logic                      wi_abort_o,
  output logic [NumFuncs-1:0]       wi_mask_o,
  output logic [1:0]                wi_how_o,
  output logic [15:0]               wi_tci_o,
  output logic                      wi_tagged_o,
  output logic [3:0]                wi_hash_o,
  output logic                      rx_ok_o,
  output logic [13:0]               rx_bytes_o,
  output logic                      rx_runt_o,
  output logic                      rx_oversize_o,
  output logic                      rx_err_o,
  output logic                      rx_miss_o,

  input  logic                      reg_req_i,
  input  logic                      reg_we_i,
  input  logic [11:2]               reg_addr_i,
  input  logic [3:0]                reg_be_i,
  input  logic [31:0]               reg_wdata_i,
  output logic                      reg_ack_o,
  output logic [31:0]               reg_rdata_o,
  output logic                      reg_hit_o,
  input  logic [NumFuncs-1:0]       pool_bcast_i,
  input  logic [NumFuncs-1:0]       pool_mcast_i,
  input  logic [NumFuncs-1:0]       pool_promisc_i,
  input  logic [NumFuncs-1:0]       pool_untagged_i,
  input  logic [NumFuncs-1:0]       pool_vlan_en_i,
  input  logic [NumFuncs-1:0][11:0] pool_vid_i,
  input  logic                      default_en_i,
  input  logic [6:0]                default_pool_i,

  output logic                      dbg_rx_lk_valid_o,
  output logic                      dbg_tx_lk_valid_o,
  output logic                      dbg_tx_lk_ready_o,
  // the blocks' activity (docs/rtl-structure.md "Activity gating")
  output logic                      tx_busy_o,
  output logic                      rx_busy_o,
  output logic                      cls_busy_o
);

  logic                rx_lk_valid, rx_lk_tagged;
  logic [47:0]         rx_lk_dmac;
  logic [11:0]         rx_lk_vid;
  logic                rx_res_valid, rx_res_miss;
  logic [NumFuncs-1:0] rx_res_mask;
  logic [1:0]          rx_res_how;
  logic                tx_lk_valid, tx_lk_tagged, tx_lk_ready;
  logic [47:0]         tx_lk_dmac;
  logic [11:0]         tx_lk_vid;
  logic [6:0]          tx_lk_src_pool;
  logic                tx_res_valid;
  logic [NumFuncs-1:0] tx_res_mask;
  logic [1:0]          tx_res_how;
  logic                cls_lk_valid, cls_lk_tagged, cls_lk_looped;
  logic [47:0]         cls_lk_dmac;
  logic [11:0]         cls_lk_vid;
  logic [6:0]          cls_lk_src_pool;
  logic [7:0]          cls_lk_cookie;
  logic                cls_res_valid, cls_res_miss, cls_res_exact, cls_res_default;
  logic [NumFuncs-1:0] cls_res_mask;
  logic [1:0]          cls_res_how;
  logic [7:0]          cls_res_cookie;

  assign dbg_rx_lk_valid_o = rx_lk_valid;
  assign dbg_tx_lk_valid_o = tx_lk_valid;
  assign dbg_tx_lk_ready_o = tx_lk_ready;

  vfnic_eth_tx #(.NumFuncs(NumFuncs)) u_tx (
    .clk_i             (clk_i),
    .rst_ni            (rst_ni),
    .fo_valid_i        (fo_valid_i),
    .fo_data_i         (fo_data_i),
    .fo_keep_i         (fo_keep_i),
    .fo_last_i         (fo_last_i),
    .fo_func_i         (fo_func_i),
    .fo_q_i            (fo_q_i),
    .fo_len_i          (fo_len_i),
    .fo_ready_o        (fo_ready_o),
    .fs_valid_o        (fs_valid_o),
    .fs_err_o          (fs_err_o),
    .func_mac_i        (func_mac_i),
    .func_vid_i        (func_vid_i),
    .func_vlan_en_i    (func_vlan_en_i),
    .func_spoof_mac_i  (func_spoof_mac_i),
    .func_spoof_vlan_i (func_spoof_vlan_i),
    .veb_en_i          (veb_en_i),
    .lk_valid_o        (tx_lk_valid),
    .lk_dmac_o         (tx_lk_dmac),
    .lk_tagged_o       (tx_lk_tagged),
    .lk_vid_o          (tx_lk_vid),
    .lk_src_pool_o     (tx_lk_src_pool),
    .lk_ready_i        (tx_lk_ready),
    .res_valid_i       (tx_res_valid),
    .res_mask_i        (tx_res_mask),
    .res_how_i         (tx_res_how),
    .eth_tx_valid_o    (eth_tx_valid_o),
    .eth_tx_data_o     (eth_tx_data_o),
    .eth_tx_keep_o     (eth_tx_keep_o),
    .eth_tx_last_o     (eth_tx_last_o),
    .eth_tx_ready_i    (eth_tx_ready_i),
    .li_valid_o        (li_valid_o),
    .li_data_o         (li_data_o),
    .li_keep_o         (li_keep_o),
    .li_last_o         (li_last_o),
    .li_abort_o        (li_abort_o),
    .li_mask_o         (li_mask_o),
    .li_how_o          (li_how_o),
    .li_tci_o          (li_tci_o),
    .li_tagged_o       (li_tagged_o),
    .li_hash_o         (li_hash_o),
    .li_ready_i        (li_ready_i),
    .mdd_valid_o       (mdd_valid_o),
    .mdd_func_o        (mdd_func_o),
    .port_tx_o         (port_tx_o),
    .port_veb_o        (port_veb_o),
    .port_bytes_o      (port_bytes_o),
    .busy_o            (tx_busy_o)
  );

  vfnic_eth_rx #(.NumFuncs(NumFuncs)) u_rx (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .eth_rx_valid_i (eth_rx_valid_i),
    .eth_rx_data_i  (eth_rx_data_i),
    .eth_rx_keep_i  (eth_rx_keep_i),
    .eth_rx_last_i  (eth_rx_last_i),
    .eth_rx_err_i   (eth_rx_err_i),
    .lk_valid_o     (rx_lk_valid),
    .lk_dmac_o      (rx_lk_dmac),
    .lk_tagged_o    (rx_lk_tagged),
    .lk_vid_o       (rx_lk_vid),
    .res_valid_i    (rx_res_valid),
    .res_mask_i     (rx_res_mask),
    .res_how_i      (rx_res_how),
    .res_miss_i     (rx_res_miss),
    .wi_valid_o     (wi_valid_o),
    .wi_data_o      (wi_data_o),
    .wi_keep_o      (wi_keep_o),
    .wi_last_o      (wi_last_o),
    .wi_abort_o     (wi_abort_o),
    .wi_mask_o      (wi_mask_o),
    .wi_how_o       (wi_how_o),
    .wi_tci_o       (wi_tci_o),
    .wi_tagged_o    (wi_tagged_o),
    .wi_hash_o      (wi_hash_o),
    .rx_ok_o        (rx_ok_o),
    .rx_bytes_o     (rx_bytes_o),
    .rx_runt_o      (rx_runt_o),
    .rx_oversize_o  (rx_oversize_o),
    .rx_err_o       (rx_err_o),
    .rx_miss_o      (rx_miss_o),
    .busy_o         (rx_busy_o)
  );

  vfnic_cls_arb #(.NumFuncs(NumFuncs)) u_arb (
    .rx_lk_valid_i     (rx_lk_valid),
    .rx_lk_dmac_i      (rx_lk_dmac),
    .rx_lk_tagged_i    (rx_lk_tagged),
    .rx_lk_vid_i       (rx_lk_vid),
    .rx_res_valid_o    (rx_res_valid),
    .rx_res_mask_o     (rx_res_mask),
    .rx_res_how_o      (rx_res_how),
    .rx_res_miss_o     (rx_res_miss),
    .tx_lk_valid_i     (tx_lk_valid),
    .tx_lk_dmac_i      (tx_lk_dmac),
    .tx_lk_tagged_i    (tx_lk_tagged),
    .tx_lk_vid_i       (tx_lk_vid),
    .tx_lk_src_pool_i  (tx_lk_src_pool),
    .tx_lk_ready_o     (tx_lk_ready),
    .tx_res_valid_o    (tx_res_valid),
    .tx_res_mask_o     (tx_res_mask),
    .tx_res_how_o      (tx_res_how),
    .cls_lk_valid_o    (cls_lk_valid),
    .cls_lk_dmac_o     (cls_lk_dmac),
    .cls_lk_tagged_o   (cls_lk_tagged),
    .cls_lk_vid_o      (cls_lk_vid),
    .cls_lk_looped_o   (cls_lk_looped),
    .cls_lk_src_pool_o (cls_lk_src_pool),
    .cls_lk_cookie_o   (cls_lk_cookie),
    .cls_res_valid_i   (cls_res_valid),
    .cls_res_mask_i    (cls_res_mask),
    .cls_res_how_i     (cls_res_how),
    .cls_res_miss_i    (cls_res_miss),
    .cls_res_cookie_i  (cls_res_cookie)
  );

  vfnic_classifier #(.NumPools(NumFuncs), .NumEntries(NumEntries)) u_cls (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .clr_all_i       (1'b0),  // the table clear has its own testbench (tb/classifier)
    .reg_req_i       (reg_req_i),
    .reg_we_i        (reg_we_i),
    .reg_addr_i      (reg_addr_i),
    .reg_be_i        (reg_be_i),
    .reg_wdata_i     (reg_wdata_i),
    .reg_ack_o       (reg_ack_o),
    .reg_rdata_o     (reg_rdata_o),
    .reg_hit_o       (reg_hit_o),
    .pool_bcast_i    (pool_bcast_i),
    .pool_mcast_i    (pool_mcast_i),
    .pool_promisc_i  (pool_promisc_i),
    .pool_untagged_i (pool_untagged_i),
    .pool_vlan_en_i  (pool_vlan_en_i),
    .pool_vid_i      (pool_vid_i),
    .default_en_i    (default_en_i),
    .default_pool_i  (default_pool_i),
    .lk_valid_i      (cls_lk_valid),
    .lk_dmac_i       (cls_lk_dmac),
    .lk_tagged_i     (cls_lk_tagged),
    .lk_vid_i        (cls_lk_vid),
    .lk_looped_i     (cls_lk_looped),
    .lk_src_pool_i   (cls_lk_src_pool),
    .lk_cookie_i     (cls_lk_cookie),
    .res_valid_o     (cls_res_valid),
    .res_mask_o      (cls_res_mask),
    .res_exact_o     (cls_res_exact),
    .res_default_o   (cls_res_default),
    .res_miss_o      (cls_res_miss),
    .res_how_o       (cls_res_how),
    .res_cookie_o    (cls_res_cookie),
    .busy_o          (cls_busy_o)
  );

  // the arbiter's requesters need neither flag (how and miss carry what they use)
  logic unused_cls;
  assign unused_cls = cls_res_exact ^ cls_res_default;

endmodule

`default_nettype wire
