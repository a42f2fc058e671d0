#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""PROTOTYPE, not used by the build: one-off translation of rtl/regs/vfnic_regs.toml
into SystemRDL 2.0 (rtl/regs/vfnic.rdl). Kept so the translation can be redone if the
TOML changes before the migration (docs/registers-generation.md); after the migration
vfnic.rdl is the source and this script goes away.

usage: proto_toml2rdl.py rtl/regs/vfnic_regs.toml > rtl/regs/vfnic.rdl
"""
import sys
import tomllib

# Arrays whose elements live in a vfnic_ram_1r1w (docs/rtl-structure.md rule 1), and the
# hardware parameter (or run-time register) that bounds the elements that exist.
RAM = {
    "FSTAT": "NumFstat", "ITR": "MsixVectors", "TXQ": "QUEUES.COUNT", "RXQ": "QUEUES.COUNT",
    "FUNC": "NumFuncs", "QP_OWNER": "NumQp", "CLS": "ClsEntries", "MBX": "TotalVfs",
    "PSTAT": "NumPstat",
}
PSTAT_FLOPS = {"PSTAT"}  # 10 port counters: small, stays in flops (not RAM)
INDEX_ENUM = {"FSTAT": "fstat_e", "PSTAT": "pstat_e"}
COUNTERS = {"MSIX_SENT", "MSIX_DROPPED", "BAD_ACCESS_COUNT", "UR_COUNT", "CPL_UNEXPECTED",
            "CONFIG_REJECTS", "MBX_BUSY_WRITES"}
# "writes ignored while ...": (array, reg) -> (lock field in the same element or None, text)
IGNORE = {
    ("TXQ", "BASE_LO"): ("CTRL.EN", None), ("TXQ", "BASE_HI"): ("CTRL.EN", None),
    ("TXQ", "SIZE"): ("CTRL.EN", None),
    ("RXQ", "BASE_LO"): ("CTRL.EN", None), ("RXQ", "BASE_HI"): ("CTRL.EN", None),
    ("RXQ", "SIZE"): ("CTRL.EN", None), ("RXQ", "BUF_SIZE"): ("CTRL.EN", None),
    ("FUNC", "QP"): (None, "a ring the function owns is enabled"),
    ("QP_OWNER", "FUNC"): (None, "either ring of the pair is enabled, or the value names no function"),
    ("MBX_V2P", "DATA"): (None, "MBX_CTRL.REQ is set"),
}
CLAMP = {("FUNC", "MAX_FRAME", "BYTES"): ("`FRAME_MIN_BYTES", "`FRAME_MAX_BYTES"),
         ("FUNC", "QP", "COUNT"): ("0", "`MAX_LOCAL_QP")}
RESET_EXPR = {("FUNC", "QP", "BASE"): "QP_PER_FUNC * i", ("FUNC", "QP", "COUNT"): "QP_PER_FUNC",
              ("QP_OWNER", "FUNC", "FUNC"): "i / QP_PER_FUNC"}
ENCODE = {("TXQ", "STATUS", "ERROR"): "qerr_e", ("RXQ", "STATUS", "ERROR"): "qerr_e"}
# MBX DW0 layout lives in driver/hw/vfnic_mbx.h today; carried here as a layout
MBX_MSG = [("OP", 0, 7, "mbx_op_e", "operation"), ("REPLY", 7, 1, None, "set in replies"),
           ("LEN", 8, 4, None, "payload DWs after DW0, 0..15"),
           ("ARG", 12, 4, None, "operation argument"),
           ("STATUS", 16, 8, "mbx_st_e", "replies; 0 in requests"),
           ("SEQ", 24, 8, None, "sequence number, echoed in the reply")]


def s(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hx(v, w=None):
    return f"0x{v:X}"


def field_props(acc, reg_name, has_const_reset, fname, width):
    """TOML access type -> SystemRDL field properties (sw/hw/onwrite/...)."""
    if acc == "ro":
        if has_const_reset:
            return "sw=r; hw=na;"  # a constant: reset value only
        if reg_name in COUNTERS:
            return "sw=r; hw=na; counter;"  # incremented by hwif_in..incr
        return "sw=r; hw=w;"
    if acc == "rw":
        return "sw=rw; hw=r;"
    if acc == "wo":
        return "sw=w; hw=r; singlepulse;" if width == 1 else "sw=w; hw=r; swmod;"
    if acc == "rw1c":
        return "sw=rw; hw=na; onwrite=woclr; hwset;" if width == 1 else \
            "sw=rw; hw=w; onwrite=woclr; intr; stickybit;"
    if acc == "w1s":
        return "sw=rw; hw=r; onwrite=woset; hwclr;"
    if acc == "rc":
        return "sw=r; hw=w; onread=rclr;"
    raise SystemExit(f"access {acc}")


# SystemRDL has one namespace per addrmap: the FUNC register (0x48) and the FUNC[] array
# (0x2000) of the TOML cannot share a name. The register becomes FUNC_NUM (its `name`
# property keeps "FUNC" for the docs).
RENAME = {(None, "FUNC"): "FUNC_NUM"}
ADMIN_BASE = 0x8000


def emit_reg(out, ind, reg, consts, arr=None, inst_suffix="", name_override=None):
    name = name_override or RENAME.get((arr["name"] if arr else None, reg["name"]), reg["name"])
    acc = reg.get("access", "ro")
    reset = reg.get("reset")
    const_reset = isinstance(reset, str)
    if const_reset:
        rv = f"`{reset}"
    elif reset is not None:
        rv = hx(reset)
    else:
        rv = None
    fields = reg.get("fields") or [{"name": "VAL", "lsb": 0, "width": 32}]
    out.append(f"{ind}reg {{")
    if name != reg["name"] and not name_override:
        out.append(f"{ind}  name = {s(reg['name'])};")
    if reg.get("desc"):
        out.append(f"{ind}  desc = {s(reg['desc'])};")
    key_arr = arr["name"] if arr else None
    lock = IGNORE.get((key_arr, reg["name"]))
    for f in fields:
        facc = f.get("access", acc)
        w, lsb = f["width"], f["lsb"]
        props = field_props(facc, reg["name"], const_reset and len(fields) == 1, f["name"], w)
        extra = []
        if f.get("desc"):
            extra.append(f"desc = {s(f['desc'])};")
        enc = ENCODE.get((key_arr, reg["name"], f["name"]))
        if enc:
            extra.append(f"encode = {enc};")
        cl = CLAMP.get((key_arr, reg["name"], f["name"]))
        if cl:
            extra.append(f"vfnic_clamp = '{{{cl[0]}, {cl[1]}}};")
        re_ = RESET_EXPR.get((key_arr, reg["name"], f["name"]))
        if re_:
            extra.append(f"vfnic_reset_expr = {s(re_)};")
        if lock and lock[1] and facc in ("rw", "w1s"):
            extra.append(f"vfnic_ignore_if = {s(lock[1])};")
        fr = ""
        if "singlepulse" in props and rv is None:
            fr = " = 0x0"
        if rv is not None and re_ is None:
            if len(fields) == 1 and lsb == 0 and w == 32:
                fr = f" = {rv}"
            else:
                if const_reset:
                    v = consts[reset]["value"]
                else:
                    v = reset
                fv = (v >> lsb) & ((1 << w) - 1)
                fr = f" = {hx(fv)}"
        body = " ".join([props] + extra)
        out.append(f"{ind}  field {{ {body} }} {f['name']}[{lsb + w - 1}:{lsb}]{fr};")
    out.append(f"{ind}}} {name}{inst_suffix};")


def main():
    desc = tomllib.load(open(sys.argv[1], "rb"))
    consts = desc["const"]
    out = ["// SPDX-License-Identifier: MIT",
           "// vfnic register map in SystemRDL 2.0. PROTOTYPE: translated from",
           "// rtl/regs/vfnic_regs.toml by rtl/regs/proto_toml2rdl.py; the build still uses the TOML",
           "// (docs/registers-generation.md). Compile: peakrdl dump rtl/regs/vfnic.rdl -t vfnic_bar0",
           "",
           "// ---------------------------------------------------------------------------",
           "// User-defined properties (UDPs): what vfnic needs beyond SystemRDL's own",
           "// ---------------------------------------------------------------------------",
           "// A device constant that is not a register (identity, BAR layout, datapath sizes).",
           "struct vfnic_const_s { string name; longint unsigned value; longint unsigned width; string desc; };",
           "property vfnic_consts { type = vfnic_const_s[]; component = addrmap; };",
           "// log2 of the BAR (or BAR slice) the addrmap decodes: offsets past the registers are holes.",
           "property vfnic_size_log2 { type = longint unsigned; component = addrmap; };",
           "// The array's elements are stored in a vfnic_ram_1r1w (one word per element, registered",
           "// read; docs/rtl-structure.md), by a block generated from this description; the",
           "// instance is also `external` so that PeakRDL-regblock leaves it to that block.",
           "property vfnic_ram { type = boolean; component = regfile | reg | addrmap; };",
           "// Elements at or past this bound (a hardware parameter or a run-time register) are holes.",
           "property vfnic_count { type = string; component = regfile | reg | addrmap; };",
           "// The array index is named by this enum (counter k = enum value k).",
           "property vfnic_index_enum { type = string; component = regfile | reg; };",
           "// Software writes are ignored (and counted in CONFIG_REJECTS or MBX_BUSY_WRITES) while",
           "// this holds. Where the condition is a field of the same element, swwel says it natively.",
           "property vfnic_ignore_if { type = string; component = field; };",
           "// Written values are clamped to [min, max].",
           "property vfnic_clamp { type = longint unsigned[]; component = field; };",
           "// Reset value that depends on the element index i (overrides `reset` per element).",
           "property vfnic_reset_expr { type = string; component = field; };",
           "// A host-memory or message layout (descriptor, mailbox DW0), not a register: offsets are",
           "// relative to the regfile.",
           "property vfnic_layout { type = boolean; component = regfile; };",
           "",
           "// ---------------------------------------------------------------------------",
           "// Device constants (one definition each; the macros keep reset values in sync)",
           "// ---------------------------------------------------------------------------"]
    for n, c in consts.items():
        out.append(f"`define {n} {hx(c['value'])}")
    out += ["", "// ---------------------------------------------------------------------------",
            "// Enumerations", "// ---------------------------------------------------------------------------"]
    for en in desc["enum"]:
        out.append(f"// {en['desc']}")
        out.append(f"enum {en['name'].lower()}_e {{")
        for v in en["value"]:
            d = f" {{ desc = {s(v['desc'])}; }}" if v.get("desc") else ""
            out.append(f"  {v['name']} = {v['value']}{d};")
        out.append("};")
    out.append("")

    blk = desc["block"][0]
    # The PF's port/admin registers (0x8000..) are one hardware block: their own addrmap, so
    # that PeakRDL-regblock can generate them alone (docs/registers-generation.md).
    admin = [r for r in blk["reg"] if r["offset"] >= ADMIN_BASE]
    out += ["// ---------------------------------------------------------------------------",
            "// PF port and administration registers (PF BAR0 0x8000): one register block",
            "// ---------------------------------------------------------------------------",
            "addrmap vfnic_pf_admin {",
            "  desc = \"PF port state, default pool, malicious-driver events and the PF side of the mailbox.\";",
            "  default regwidth = 32;", ""]
    for r in admin:
        emit_reg(out, "  ", r, consts, inst_suffix=f" @{hx(r['offset'] - ADMIN_BASE)}")
        out.append("")
    out += ["};", ""]
    out += ["// ---------------------------------------------------------------------------",
            "// BAR0 of a function. IS_PF selects the PF's view (64 KiB, every register) or a",
            "// VF's (16 KiB slice of VF BAR0, registers of both views plus the VF-only ones).",
            "// ---------------------------------------------------------------------------",
            "addrmap vfnic_bar0 #(boolean IS_PF = true) {",
            f"  name = \"BAR0\";",
            f"  desc = {s(blk['desc'])};",
            f"  vfnic_size_log2 = IS_PF ? {blk['size_log2']} : {blk['vf_size_log2']};",
            "  default regwidth = 32;", ""]
    post = []
    items = [(r["offset"], "reg", r) for r in blk["reg"] if r["offset"] < ADMIN_BASE]
    items += [(ADMIN_BASE, "admin", {"name": "ADMIN", "functions": ["pf"]})]
    items += [(a["offset"], "arr", a) for a in blk["array"]]
    items.sort(key=lambda t: t[0])
    for off, kind, it in items:
        funcs = it.get("functions", ["pf", "vf"])
        if kind == "reg":
            emit_reg(out, "  ", it, consts, inst_suffix=f" @{hx(off)}")
        elif kind == "admin":
            out.append(f"  vfnic_pf_admin ADMIN @{hx(off)};")
        else:
            arr = it
            single = len(arr["reg"]) == 1 and arr["reg"][0].get("dws") is None and arr["stride"] == 4
            ram = arr["name"] in RAM and arr["name"] not in PSTAT_FLOPS
            ext = "external " if ram else ""
            if single:
                # a plain register array (QP_OWNER, MBX_V2P, MBX_P2V): reg NAME[count]
                r = dict(arr["reg"][0])
                if arr.get("desc") and not r.get("desc"):
                    r["desc"] = arr["desc"]
                lines = []
                emit_reg(lines, "  ", r, consts, arr=arr, name_override=arr["name"])
                typ = f"{arr['name'].lower()}_reg_t"
                lines[0] = lines[0].replace("reg {", f"reg {typ} {{")
                lines[-1] = "  };"
                out += lines
                out.append(f"  {ext}{typ} {arr['name']}[{arr['count']}] @{hx(off)} += {hx(arr['stride'])};")
                nm = arr["name"]
            else:
                typ = f"{arr['name'].lower()}_t"
                out.append(f"  regfile {typ} {{")
                if arr.get("desc"):
                    out.append(f"    desc = {s(arr['desc'])};")
                locks = []
                for r in arr["reg"]:
                    dws = r.get("dws")
                    if dws and arr["name"] == "FUNC":
                        # STAT_LO dws=32: 16 64-bit counters as LO/HI pairs
                        out.append("    regfile {")
                        out.append(f"      desc = {s(r['desc'])};")
                        out.append("      vfnic_index_enum = \"fstat_e\";")
                        out.append("      reg { field { sw=r; hw=w; } VAL[31:0]; } LO @0x0;")
                        out.append("      reg { field { sw=r; hw=w; } VAL[31:0]; } HI @0x4;")
                        out.append(f"    }} STAT[{dws // 2}] @{hx(r['offset'])} += 0x8;")
                        continue
                    if dws:
                        emit_reg(out, "    ", r, consts, arr=arr, inst_suffix=f"[{dws}] @{hx(r['offset'])} += 0x4")
                        continue
                    lk = IGNORE.get((arr["name"], r["name"]))
                    if lk and lk[0]:
                        for f in (r.get("fields") or [{"name": "VAL"}]):
                            locks.append(f"    {r['name']}.{f['name']}->swwel = {lk[0]};")
                    emit_reg(out, "    ", r, consts, arr=arr, inst_suffix=f" @{hx(r['offset'])}")
                if locks:
                    out.append("    // writes ignored while the ring is enabled (counted in CONFIG_REJECTS)")
                    out += locks
                out.append("  };")
                out.append(f"  {ext}{typ} {arr['name']}[{arr['count']}] @{hx(off)} += {hx(arr['stride'])};")
                nm = arr["name"]
            props = []
            if ram:
                props.append(f"{nm}->vfnic_ram = true;")
            if arr["name"] in RAM:
                props.append(f"{nm}->vfnic_count = {s(RAM[arr['name']])};")
            if arr["name"] in INDEX_ENUM:
                props.append(f"{nm}->vfnic_index_enum = {s(INDEX_ENUM[arr['name']])};")
            if props:
                out.append("  " + " ".join(props))
            it = {"name": nm}
        if funcs == ["pf"]:
            out.append(f"  {it['name']}->ispresent = IS_PF;")
        elif funcs == ["vf"]:
            out.append(f"  {it['name']}->ispresent = !IS_PF;")
        out.append("")
    out.append("};")
    out.append("")

    # VF BAR0 as a whole (TotalVfs slices of 16 KiB, storage per VF) is not an addrmap here:
    # an array `vfnic_bar0 #(.IS_PF(false)) VF[64] += 0x4000` fails because instances removed
    # by ispresent still count in the element size (0xC000). The exporter replicates the VF
    # view instead (docs/registers-generation.md).

    # layouts + constants
    out += ["// ---------------------------------------------------------------------------",
            "// Host-memory and message layouts, and the device constants (not registers)",
            "// ---------------------------------------------------------------------------",
            "addrmap vfnic_defs {",
            "  desc = \"Descriptor and mailbox layouts and device constants of vfnic. Not a BAR: each regfile is a layout at its own offset 0.\";",
            "  vfnic_consts = '{"]
    cl = []
    for n, c in consts.items():
        cl.append(f"    vfnic_const_s'{{name:\"{n}\", value:`{n}, width:{c['width']}, desc:{s(c['desc'])}}}")
    out.append(",\n".join(cl))
    out.append("  };")
    base = 0
    for st in desc["struct"]:
        for view, suffix, who in (("driver", "", "the driver"), ("wb", "_WB", "the device (write-back)")):
            fl = [f for f in st["field"] if f.get("view", "driver") == view]
            if not fl:
                continue
            out.append("  regfile {")
            out.append(f"    desc = {s(st['desc'] + ' Fields written by ' + who + '.')};")
            out.append("    vfnic_layout = true;")
            for dw in range(st["size"] // 4):
                ff = [f for f in fl if f["dw"] == dw]
                if not ff:
                    continue
                out.append("    reg {")
                for f in ff:
                    enc = ""
                    d = f.get("desc", "")
                    if "enum TXERR" in d:
                        enc = " encode = txerr_e;"
                    elif "enum RXERR" in d:
                        enc = " encode = rxerr_e;"
                    elif "enum CLS_HOW" in d:
                        enc = " encode = cls_how_e;"
                    out.append(f"      field {{ sw=rw; hw=na; desc = {s(d)};{enc} }} "
                               f"{f['name']}[{f['lsb'] + f['width'] - 1}:{f['lsb']}];")
                out.append(f"    }} DW{dw} @{hx(dw * 4)};")
            out.append(f"  }} {st['name']}{suffix} @{hx(base)};")
            base += 0x10
    out.append("  regfile {")
    out.append("    desc = \"Mailbox message: 16 DWs (MBX_DWS); DW0 is the header, payload DWs follow (driver/hw/vfnic_mbx.c).\";")
    out.append("    vfnic_layout = true;")
    out.append("    reg {")
    for n, lsb, w, enc, d in MBX_MSG:
        e = f" encode = {enc};" if enc else ""
        out.append(f"      field {{ sw=rw; hw=na; desc = {s(d)};{e} }} {n}[{lsb + w - 1}:{lsb}];")
    out.append("    } DW0 @0x0;")
    out.append("    reg { field { sw=rw; hw=na; } VAL[31:0]; } PAYLOAD[15] @0x4;")
    out.append(f"  }} MBX_MSG @{hx(base)};")
    out.append("};")
    print("\n".join(out))


if __name__ == "__main__":
    main()
