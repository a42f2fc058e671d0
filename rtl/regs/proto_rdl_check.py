#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""PROTOTYPE, not used by the build: compile rtl/regs/vfnic.rdl with systemrdl-compiler and
check it against rtl/regs/vfnic_regs.toml DW by DW: for the PF and the VF view of BAR0,
every register DW (every array element) has the same offset, reset value and fields (name,
LSB, width, access type); the constants, enums and descriptor fields agree too.

usage: proto_rdl_check.py [vfnic.rdl] [vfnic_regs.toml]     exit 0 when they agree
"""
import os
import sys
import tomllib

from systemrdl import RDLCompiler, RDLCompileError
from systemrdl.node import FieldNode, RegNode
from systemrdl.rdltypes import OnReadType, OnWriteType
from systemrdl.rdltypes.user_enum import UserEnum

HERE = os.path.dirname(os.path.abspath(__file__))
RENAME = {"FUNC_NUM": "FUNC"}


def rdl_access(f):
    """SystemRDL field semantics -> the TOML's access names."""
    sw = f.get_property("sw").name
    ow = f.get_property("onwrite")
    orr = f.get_property("onread")
    if ow == OnWriteType.woclr:
        return "rw1c"
    if ow == OnWriteType.woset:
        return "w1s"
    if orr == OnReadType.rclr:
        return "rc"
    return {"r": "ro", "rw": "rw", "w": "wo"}[sw]


def rdl_flatten(root):
    """{offset: (name, reset, [(field, lsb, width, access)])} over every array element."""
    out = {}

    def walk(node):
        for c in node.children(unroll=True):
            if isinstance(c, RegNode):
                fields, reset = [], 0
                for f in c.fields():
                    fields.append((f.inst_name, f.lsb, f.width, rdl_access(f)))
                    r = f.get_property("reset")
                    if isinstance(r, int):
                        reset |= r << f.lsb
                out[c.absolute_address] = (c.get_path(), reset, sorted(fields))
            else:
                walk(c)
    walk(root)
    return out


def toml_flatten(blk, view):
    out = {}

    def add(off, name, reg):
        acc = reg.get("access", "ro")
        fl = reg.get("fields") or [{"name": "VAL", "lsb": 0, "width": 32}]
        fields = sorted((f["name"], f["lsb"], f["width"], f.get("access", acc)) for f in fl)
        reset = reg.get("reset", 0)
        if isinstance(reset, str):
            reset = CONSTS[reset]["value"]
        for k in range(reg.get("dws", 1)):
            out[off + 4 * k] = (name, reset, fields)

    for r in blk["reg"]:
        if view in r.get("functions", ["pf", "vf"]):
            add(r["offset"], r["name"], r)
    for a in blk["array"]:
        if view not in a.get("functions", ["pf", "vf"]):
            continue
        for i in range(a["count"]):
            for r in a["reg"]:
                add(a["offset"] + i * a["stride"] + r["offset"], f"{a['name']}[{i}].{r['name']}", r)
    return out


# Resets that depend on the element index are carried by vfnic_reset_expr (no `reset`):
INDEX_RESETS = {"QP", "FUNC"}


def compare(view, rdl, toml):
    errs = []
    for off in sorted(set(rdl) | set(toml)):
        if off not in toml:
            errs.append(f"{view} {off:#06x}: only in RDL ({rdl[off][0]})")
            continue
        if off not in rdl:
            errs.append(f"{view} {off:#06x}: only in TOML ({toml[off][0]})")
            continue
        (rn, rr, rf), (tn, tr, tf) = rdl[off], toml[off]
        leaf = RENAME.get(rn.split(".")[-1], rn.split(".")[-1]).split("[")[0]
        tleaf = tn.split(".")[-1]
        if leaf not in (tleaf, tn.split("[")[0]) and not (tleaf.startswith("STAT_") or tleaf in ("V2P", "P2V")):
            errs.append(f"{view} {off:#06x}: name {rn} vs {tn}")
        if rr != tr and tleaf not in INDEX_RESETS:
            errs.append(f"{view} {off:#06x} {tn}: reset {rr:#x} vs {tr:#x}")
        if rf != tf:
            errs.append(f"{view} {off:#06x} {tn}: fields {rf} vs {tf}")
    return errs


def main():
    global CONSTS
    rdl_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "vfnic.rdl")
    toml_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "vfnic_regs.toml")
    desc = tomllib.load(open(toml_path, "rb"))
    CONSTS = desc["const"]
    blk = desc["block"][0]
    errs = []
    rdlc = RDLCompiler()
    try:
        rdlc.compile_file(rdl_path)
        tops = {v: rdlc.elaborate("vfnic_bar0", f"{v.upper()}_BAR0", {"IS_PF": v == "pf"}).top
                for v in ("pf", "vf")}
        defs = rdlc.elaborate("vfnic_defs").top
    except RDLCompileError:
        sys.exit("rdl-check: compile failed")
    n = 0
    for v, top in tops.items():
        size = top.get_property("vfnic_size_log2")
        want = blk["size_log2"] if v == "pf" else blk["vf_size_log2"]
        if size != want:
            errs.append(f"{v}: size_log2 {size} vs {want}")
        r, t = rdl_flatten(top), toml_flatten(blk, v)
        n += len(t)
        errs += compare(v, r, t)
    # constants
    consts = {c.name: (c.value, c.width) for c in defs.get_property("vfnic_consts")}
    for k, c in CONSTS.items():
        if consts.get(k) != (c["value"], c["width"]):
            errs.append(f"const {k}: {consts.get(k)} vs {(c['value'], c['width'])}")
    if set(consts) != set(CONSTS):
        errs.append(f"consts differ: {set(consts) ^ set(CONSTS)}")
    # enums: every root-scope enum of the RDL against the TOML's
    for en in desc["enum"]:
        e = rdlc.namespace.lookup_type(en["name"].lower() + "_e")
        if not (isinstance(e, type) and issubclass(e, UserEnum)):
            errs.append(f"enum {en['name']}: missing")
            continue
        got = {m.name: m.value for m in e}
        if got != {v["name"]: v["value"] for v in en["value"]}:
            errs.append(f"enum {en['name']}: {got}")
    # descriptor layouts
    for st in desc["struct"]:
        for view, suf in (("driver", ""), ("wb", "_WB")):
            want = sorted((f["name"], f["dw"], f["lsb"], f["width"]) for f in st["field"]
                          if f.get("view", "driver") == view)
            rf = defs.get_child_by_name(st["name"] + suf)
            got = sorted((f.inst_name, f.parent.address_offset // 4, f.lsb, f.width)
                         for f in rf.descendants() if isinstance(f, FieldNode)) if rf else []
            if got != want:
                errs.append(f"struct {st['name']}{suf}: {got} vs {want}")
    for e in errs[:40]:
        print("rdl-check:", e)
    if errs:
        sys.exit(f"rdl-check: {len(errs)} differences")
    print(f"rdl-check: vfnic.rdl agrees with vfnic_regs.toml ({n} register DWs in the PF and VF "
          f"views, {len(CONSTS)} constants, {len(desc['enum'])} enums, {len(desc['struct'])} layouts)")


if __name__ == "__main__":
    main()
