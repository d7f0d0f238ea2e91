#!/usr/bin/env python3
"""Several kiosks' exports, the same file by file: every photo, thumbnail and badge byte for
byte, the CSVs and the gallery page whole, the workbook cell by cell apart from its export time.

same-exports.py [--photos N] [--badges N] XLSXDUMP EXPORT_DIR EXPORT_DIR...
"""
import argparse
import os
import subprocess
import sys


def view(xlsxdump, d):
    out = {}
    for sub in ("photos", "thumbs", "badges"):
        for name in sorted(os.listdir(f"{d}/{sub}")):
            out[f"{sub}/{name}"] = open(f"{d}/{sub}/{name}", "rb").read()
    for name in ("checkins.csv", "attendees.csv", "photos.csv"):
        out[name] = open(f"{d}/{name}", "rb").read()
    out["index.html"] = open(f"{d}/index.html", encoding="utf-8").read().splitlines()
    dump = subprocess.run([xlsxdump, f"{d}/attendees.xlsx"], capture_output=True, text=True,
                          check=True).stdout
    out["attendees.xlsx"] = [l for l in dump.splitlines() if "Exported" not in l]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int)
    ap.add_argument("--badges", type=int)
    ap.add_argument("xlsxdump")
    ap.add_argument("exports", nargs="+")
    args = ap.parse_args()
    first = view(args.xlsxdump, args.exports[0])
    for sub, want in (("photos/", args.photos), ("badges/", args.badges)):
        got = len([k for k in first if k.startswith(sub)])
        if want is not None and got != want:
            sys.exit(f"{args.exports[0]}: {got} files under {sub}, not {want}")
    for d in args.exports[1:]:
        other = view(args.xlsxdump, d)
        for name in sorted(set(first) | set(other)):
            x, y = first.get(name), other.get(name)
            if x == y:
                continue
            if isinstance(x, list) and isinstance(y, list):
                diff = [(i, p, q) for i, (p, q) in enumerate(zip(x, y)) if p != q]
                sys.exit(f"{args.exports[0]} and {d} differ in {name}: {len(x)} and {len(y)} "
                         f"lines; {diff[:3]}")
            sys.exit(f"{args.exports[0]} and {d} differ in {name}"
                     f"{'' if x is not None and y is not None else ' (only in one)'}")
    print(f"{len(args.exports)} exports alike: {len(first)} files and documents")


if __name__ == "__main__":
    main()
