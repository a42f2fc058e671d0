# SPDX-License-Identifier: MIT
# Shared settings for vfnic's scripts (sourced, POSIX sh).
# VFNIC_CACHE holds everything built or downloaded outside the repo:
# the QEMU build, the guest kernel, apt state for the source-only suite.
VFNIC_ROOT=${VFNIC_ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
VFNIC_CACHE=${VFNIC_CACHE:-$HOME/.cache/vfnic}
VFNIC_PY=${VFNIC_PY:-python3}
export VFNIC_ROOT VFNIC_CACHE VFNIC_PY
