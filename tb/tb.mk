# SPDX-License-Identifier: MIT
# Testbenches: per-block cycle-level benches (tb/<block>/), the
# transport-level harness (tb/harness/) and the boot-less checks of the
# QEMU device (tb/qemu/).
include tb/core/core.mk
include tb/prim/prim.mk
include tb/dma_rd/dma_rd.mk
include tb/mbx/mbx.mk
include tb/mbxproto/mbxproto.mk
include tb/classifier/classifier.mk
include tb/shaper/shaper.mk
include tb/dma_wr/dma_wr.mk
include tb/rings/rings.mk
include tb/txq/txq.mk
include tb/rxq/rxq.mk
include tb/eth/eth.mk
include tb/stats/stats.mk
include tb/itr/itr.mk
include tb/msix/msix.mk
include tb/bench/bench.mk
include tb/harness/harness.mk
include tb/qemu/qemu.mk
