// SPDX-License-Identifier: MIT
// TX scheduler of vfnic_txq (docs/datapath-blocks.md "vfnic_txq"): decides which ring sends
// next and asks the ring manager for its descriptors (port 0 of vfnic_rings).
//
// Behaviour:
// - Pops the rings' work FIFO (rings with posted descriptors, each at most once, in doorbell
//   order: the round robin is the FIFO's order). For the popped ring it checks the owner
//   (the owner of q by index): not in freset_i, func_tx_ok_i, rate_eligible_i unless police mode
//   -> TAKE n = BurstDescs; else TAKE n = 0 (the ring goes back to the FIFO's tail).
// - While the frame builder waits for the rest of a chain (cont_req_i), it TAKE_DIRECTs the
//   chain's ring (cont_q_i) instead of popping.
// - One TAKE in flight. It issues only when the descriptor cache can take the answer
//   (fill_room_i) and a slot can be reserved (rsv_valid_i); a normal TAKE needs two free
//   slots (rsv_nfree_i >= 2: one is kept back for a chain's continuation, so a direct TAKE
//   always finds one). A TAKE with n > 0 reserves the offered slot at issue (rsv_take_o).
// - The answer (two cycles later) of a reserving TAKE goes to the descriptor cache on fill_*
//   (ok: fill the slot and fetch; not ok: the slot becomes the spare for the next TAKE); the
//   answer of a direct TAKE also goes to the builder on cont_ans_*. A TAKE in flight whose
//   ring's owner is reset meanwhile fills a killed slot (fill_kill_o).
//
// Ports:
//   work_valid_i, work_q_i / work_ready_o     rings' work FIFO (valid/ready)
//   op_valid_o, op_code_o, op_q_o, op_n_o, op_gen_o, op_err_o / op_ready_i
//                                            ring manager port 0 (held until op_ready_i)
//   ans_valid_i, ans_port_i, ans_*_i         ring manager answers (only port 0's are used)
//   own_we_i/own_q_i/own_func_i (QP_OWNER writes: a local copy, docs/rtl-structure.md "Tables
//   read in the cycle"), func_tx_ok_i, freset_i, rate_eligible_i, rate_police_i   policy
//   (by index)
//   rsv_valid_i, rsv_slot_i, rsv_nfree_i     descriptor cache: a slot can be reserved, which
//                                            one, how many are free (spare included)
//   rsv_take_o                               the offered slot is reserved (a TAKE n > 0 issued)
//   fill_room_i                              the cache can take an answer two cycles from now
//   iss_valid_o, iss_q_o                     a TAKE is issued for ring iss_q_o (pulse)
//   fill_valid_o, fill_ok_o, fill_slot_o, fill_kill_o, fill_func_o, fill_q_o, fill_gen_o,
//   fill_idx_o, fill_n_o, fill_base_o, fill_log2_o, fill_irq_o, fill_vec_o
//                                            answer of a reserving TAKE (pulse): its slot,
//                                            kill (owner reset), owner, and the TAKE answer
//                                            (idx = FETCH before the take, n, base, log2,
//                                            IRQ_EN, VECTOR)
//   cont_req_i, cont_q_i                     builder waits for the continuation of its chain
//   cont_ans_valid_o, cont_ans_ok_o, cont_ans_q_o, cont_ans_gen_o
//                                            answer of a direct TAKE (pulse)
//   busy_o                                   a TAKE is in flight
`default_nettype none

module vfnic_txq_sched #(
  parameter int unsigned NumFuncs   = 9,
  parameter int unsigned NumQp      = 18,
  parameter int unsigned BurstDescs = int'(vfnic_regs_pkg::TX_BURST_DESCS),
  parameter int unsigned DescSlots  = 8,
  localparam int unsigned SW        = $clog2(DescSlots)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,

  input  logic                      work_valid_i,
  input  logic [7:0]                work_q_i,
  output logic                      work_ready_o,

  output logic                      op_valid_o,
  input  logic                      op_ready_i,
  output logic [2:0]                op_code_o,
  output logic [7:0]                op_q_o,
  output logic [4:0]                op_n_o,
  output logic [3:0]                op_gen_o,
  output logic [3:0]                op_err_o,

  input  logic                      ans_valid_i,
  input  logic [1:0]                ans_port_i,
  input  logic [7:0]                ans_q_i,
  input  logic                      ans_ok_i,
  input  logic [63:0]               ans_base_i,
  input  logic [3:0]                ans_log2_i,
  input  logic [11:0]               ans_idx_i,
  input  logic [4:0]                ans_n_i,
  input  logic [3:0]                ans_gen_i,
  input  logic                      ans_irq_en_i,
  input  logic [11:0]               ans_vector_i,

  input  logic                      own_we_i,     // QP_OWNER writes (vfnic_rings' port)
  input  logic [7:0]                own_q_i,
  input  logic [6:0]                own_func_i,
  input  logic [NumFuncs-1:0]       func_tx_ok_i,
  input  logic [NumFuncs-1:0]       freset_i,
  input  logic [NumFuncs-1:0]       rate_eligible_i,
  input  logic [NumFuncs-1:0]       rate_police_i,

  input  logic                      rsv_valid_i,
  input  logic [SW-1:0]             rsv_slot_i,
  input  logic [SW+1:0]             rsv_nfree_i,
  output logic                      rsv_take_o,
  input  logic                      fill_room_i,

  output logic                      iss_valid_o,
  output logic [7:0]                iss_q_o,

  output logic                      fill_valid_o,
  output logic                      fill_ok_o,
  output logic [SW-1:0]             fill_slot_o,
  output logic                      fill_kill_o,
  output logic [6:0]                fill_func_o,
  output logic [7:0]                fill_q_o,
  output logic [3:0]                fill_gen_o,
  output logic [11:0]               fill_idx_o,
  output logic [4:0]                fill_n_o,
  output logic [63:0]               fill_base_o,
  output logic [3:0]                fill_log2_o,
  output logic                      fill_irq_o,
  output logic [11:0]               fill_vec_o,

  input  logic                      cont_req_i,
  input  logic [7:0]                cont_q_i,
  output logic                      cont_ans_valid_o,
  output logic                      cont_ans_ok_o,
  output logic [7:0]                cont_ans_q_o,
  output logic [3:0]                cont_ans_gen_o,

  output logic                      busy_o
);

  localparam int unsigned QIW = (NumQp > 1) ? $clog2(NumQp) : 1;
  localparam int unsigned FnW = (NumFuncs > 1) ? $clog2(NumFuncs) : 1;

  localparam logic [2:0] OpTake   = 3'd0;
  localparam logic [2:0] OpTakeDr = 3'd4;

  function automatic logic func_ok(input logic [6:0] f, input logic [NumFuncs-1:0] v);
    func_ok = (32'(f) < NumFuncs) && v[FnW'(f)];
  endfunction

  // the TAKE in flight (at most one): its ring, its reserved slot
  logic          tk_busy_q, tk_busy_d;
  logic          tk_direct_q, tk_direct_d;   // TAKE_DIRECT (chain)
  logic          tk_res_q, tk_res_d;         // n > 0: slot reserved
  logic [SW-1:0] tk_slot_q, tk_slot_d;
  logic [7:0]    tk_q_q, tk_q_d;
  logic          tk_kill_q, tk_kill_d;       // owner reset meanwhile

  logic          sc_can;        // a TAKE may be issued now
  logic [6:0]    sc_owner;
  logic          sc_elig;
  logic          sc_pop;        // a normal TAKE (or requeue) of the FIFO's head
  logic          sc_dir;        // a direct TAKE of the chain's ring
  logic          tk_ans;        // the answer of the TAKE in flight is here
  logic [6:0]    ans_owner;
  logic [6:0]    tk_owner;

  // this block's copy of QP_OWNER, read at the FIFO head, the answer and the TAKE in flight
  logic [2:0][6:0] own_rd;
  vfnic_owner_copy #(
    .NumQp(NumQp),
    .Reads(3)
  ) u_owner (
    .clk_i     (clk_i),
    .own_we_i  (own_we_i),
    .own_q_i   (own_q_i),
    .own_func_i(own_func_i),
    .q_i       ({QIW'(tk_q_q), QIW'(ans_q_i), QIW'(work_q_i)}),
    .func_o    (own_rd)
  );
  assign tk_owner  = own_rd[2];

  assign sc_can   = !tk_busy_q && fill_room_i;
  assign sc_owner = (32'(work_q_i) < NumQp) ? own_rd[0] : 7'd0;
  assign sc_elig  = !func_ok(sc_owner, freset_i) && func_ok(sc_owner, func_tx_ok_i) &&
                    func_ok(sc_owner, rate_eligible_i | rate_police_i);
  assign sc_dir   = sc_can && cont_req_i && rsv_valid_i;
  assign sc_pop   = sc_can && !cont_req_i && work_valid_i && rsv_valid_i &&
                    (rsv_nfree_i >= (SW + 2)'(2));
  assign tk_ans   = ans_valid_i && (ans_port_i == 2'd0);
  assign ans_owner = own_rd[1];

  assign op_valid_o   = sc_dir || sc_pop;
  assign op_code_o    = sc_dir ? OpTakeDr : OpTake;
  assign op_q_o       = sc_dir ? cont_q_i : work_q_i;
  assign op_n_o       = (sc_dir || sc_elig) ? 5'(BurstDescs) : 5'd0;
  assign op_gen_o     = '0;
  assign op_err_o     = '0;
  assign work_ready_o = sc_pop && op_ready_i;

  assign iss_valid_o = op_valid_o && op_ready_i;
  assign iss_q_o     = op_q_o;
  assign rsv_take_o  = iss_valid_o && (op_n_o != 5'd0);

  always_comb begin
    tk_busy_d   = tk_busy_q;
    tk_direct_d = tk_direct_q;
    tk_res_d    = tk_res_q;
    tk_slot_d   = tk_slot_q;
    tk_q_d      = tk_q_q;
    tk_kill_d   = tk_kill_q;
    if (iss_valid_o) begin
      tk_busy_d   = 1'b1;
      tk_direct_d = sc_dir;
      tk_res_d    = op_n_o != 5'd0;
      tk_q_d      = op_q_o;
      tk_kill_d   = 1'b0;
      if (op_n_o != 5'd0) tk_slot_d = rsv_slot_i;
    end
    if (tk_busy_q && !tk_ans && (32'(tk_q_q) < NumQp) &&
        func_ok(tk_owner, freset_i)) begin
      tk_kill_d = 1'b1;   // the owner was reset while the TAKE was in flight
    end
    if (tk_ans) tk_busy_d = 1'b0;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tk_busy_q   <= 1'b0;
      tk_direct_q <= 1'b0;
      tk_res_q    <= 1'b0;
      tk_slot_q   <= '0;
      tk_q_q      <= '0;
      tk_kill_q   <= 1'b0;
    end else begin
      tk_busy_q   <= tk_busy_d;
      tk_direct_q <= tk_direct_d;
      tk_res_q    <= tk_res_d;
      tk_slot_q   <= tk_slot_d;
      tk_q_q      <= tk_q_d;
      tk_kill_q   <= tk_kill_d;
    end
  end

  // the answer of a reserving TAKE fills (or gives back) its slot
  assign fill_valid_o = tk_ans && tk_res_q;
  assign fill_ok_o    = ans_ok_i;
  assign fill_slot_o  = tk_slot_q;
  assign fill_kill_o  = tk_kill_q || func_ok(ans_owner, freset_i);
  assign fill_func_o  = ans_owner;
  assign fill_q_o     = ans_q_i;
  assign fill_gen_o   = ans_gen_i;
  assign fill_idx_o   = ans_idx_i;
  assign fill_n_o     = ans_n_i;
  assign fill_base_o  = ans_base_i;
  assign fill_log2_o  = ans_log2_i;
  assign fill_irq_o   = ans_irq_en_i;
  assign fill_vec_o   = ans_vector_i;

  assign cont_ans_valid_o = tk_ans && tk_direct_q;
  assign cont_ans_ok_o    = ans_ok_i;
  assign cont_ans_q_o     = ans_q_i;
  assign cont_ans_gen_o   = ans_gen_i;

  assign busy_o = tk_busy_q;

`ifdef FORMAL
  // Properties of the scheduler's ports (proven with this module as the top by
  // rtl/lint/lint.sh; the inputs' rules are assumed only there, under VFNIC_FORMAL_TXQ_PART).
  // - work (from the rings' FIFO) is AXI-Stream; it is popped only with its TAKE.
  // - op (port 0) is offered afresh in every cycle from the current inputs (the descriptor
  //   cache's room and slots, the builder's chain, the owner's state) and the rings' arbiter
  //   grants in the same cycle, so it is not held: what holds is that a TAKE is issued only
  //   with no other in flight, with room for its answer and a slot to reserve, and that an
  //   unchanged offer stays offered.
  // - fill (to vfnic_txq_desc): one answer per reserving TAKE, two cycles after its issue
  //   (the rings answer port 0 exactly then), so the cache's room seen at the issue still
  //   holds and no other fill came in between; cont_ans only for a direct TAKE.
  logic f_past_valid, f_past2;
  initial f_past_valid = 1'b0;
  initial f_past2 = 1'b0;
  always @(posedge clk_i) begin
    f_past_valid <= 1'b1;
    f_past2      <= f_past_valid;
  end

  // the issues of the last two cycles and last cycle's work handshake (registers of their
  // own, so that the assumptions are combinational and constrain the cycle they name)
  logic       f_iss1, f_iss2, f_rst_q, f_wstall_q;
  logic [7:0] f_wq_q;
  initial f_rst_q = 1'b0;
  always @(posedge clk_i) begin
    f_iss1     <= rst_ni && iss_valid_o;
    f_iss2     <= rst_ni && f_iss1;
    f_rst_q    <= rst_ni;
    f_wstall_q <= work_valid_i && !work_ready_o;
    f_wq_q     <= work_q_i;
  end

`ifdef VFNIC_FORMAL_TXQ_PART
  always @(*) begin
    if (!rst_ni) begin
      assume (!ans_valid_i);
    end else begin
      // the rings answer each port 0 TAKE two cycles after taking it, and nothing else
      assume (tk_ans == (f_iss2 && f_rst_q));
      // the work FIFO's head stays until popped
      if (f_rst_q && f_wstall_q) assume (work_valid_i && work_q_i == f_wq_q);
    end
  end
`endif

  always @(*) begin
    if (rst_ni) begin
      assert (!work_ready_o || (work_valid_i && iss_valid_o));
      assert (!iss_valid_o || (!tk_busy_q && fill_room_i && rsv_valid_i));
      assert (!rsv_take_o || rsv_valid_i);
      assert (!cont_ans_valid_o || tk_direct_q);
    end
  end

  always @(posedge clk_i) begin
    if (f_past2 && rst_ni && $past(rst_ni)) begin
      // an unchanged offer stays: the same TAKE is offered until the rings grant it
      if ($past(op_valid_o && !op_ready_i) && $stable(fill_room_i) && $stable(rsv_valid_i) &&
          $stable(rsv_nfree_i) && $stable(cont_req_i) && $stable(cont_q_i) &&
          $stable(work_valid_i) && $stable(work_q_i) && !$past(own_we_i) &&
          $stable(func_tx_ok_i) && $stable(freset_i) && $stable(rate_eligible_i) &&
          $stable(rate_police_i)) begin
        assert (op_valid_o);
        assert ($stable(op_code_o) && $stable(op_q_o) && $stable(op_n_o) &&
                $stable(op_gen_o) && $stable(op_err_o));
      end
      // a TAKE is in flight exactly from the cycle after its issue to its answer's
      if (tk_busy_q) assert ($past(iss_valid_o) || $past(iss_valid_o, 2));
      if ($past(iss_valid_o) || $past(iss_valid_o && rst_ni, 2)) assert (tk_busy_q);
      if (fill_valid_o || cont_ans_valid_o) begin
        assert ($past(iss_valid_o, 2) && $past(fill_room_i, 2));
        assert (!$past(fill_valid_o) && !$past(fill_valid_o, 2));
      end
      if (fill_valid_o) assert ($past(rsv_take_o, 2) && fill_slot_o == $past(rsv_slot_i, 2));
    end
  end
`endif

endmodule

`default_nettype wire
