# Testbenches: per-block cycle-level benches (tb/<block>/) and the
# transport-level harness (tb/harness/).
include tb/core/core.mk
include tb/harness/harness.mk
