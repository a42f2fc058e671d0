// SPDX-License-Identifier: MIT
// vfnic core: what the TLP target (vfnic_core_tlp) and the function layer (vfnic_core_func)
// agree on at their register-access port: the kind of target a request decoded to.
`default_nettype none

package vfnic_core_pkg;

  // target kind of a register access (vfnic_core_tlp acc_tgt_o -> vfnic_core_func reg_tgt_i)
  localparam logic [2:0] TGT_CFG     = 3'd0;  // PF config space
  localparam logic [2:0] TGT_BAR0    = 3'd1;  // PF BAR0 (its registers, datapath windows)
  localparam logic [2:0] TGT_MSIX    = 3'd2;  // PF MSI-X BAR (table and PBA)
  localparam logic [2:0] TGT_VF_CFG  = 3'd3;  // config space of a VF
  localparam logic [2:0] TGT_VF_BAR0 = 3'd4;  // a VF's slice of VF BAR0 (its registers)
  localparam logic [2:0] TGT_VF_MSIX = 3'd5;  // a VF's slice of VF BAR2 (MSI-X table and PBA)

endpackage

`default_nettype wire
