#!/usr/bin/env python3
"""plot_smime.py: the S/MIME throughput plot of doc/performance.md from a bench.json.

usage: plot_smime.py BENCH_JSON OUT_PNG

Reads the smime.* cases of `make bench` (tools/bench), writes their throughput per content
size to a data file and runs gnuplot (Debian: gnuplot-nox) on smime.gp beside this script.
"""
import json
import os
import subprocess
import sys
import tempfile

SIZES = [("1k", 1024), ("64k", 65536), ("1m", 1048576)]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        bench = json.load(f)
    cases = {c["name"]: c for c in bench["cases"]}

    def val(name, key="value"):
        c = cases.get(name)
        v = c.get(key) if c else None
        return "?" if v is None else "%.1f" % v

    rows = []
    for tag, size in SIZES:
        rows.append(" ".join([
            str(size),
            val("smime.build.aes128gcm." + tag),
            val("smime.open.aes128gcm." + tag),
            val("smime.build.aes128gcm." + tag, "reference_value"),
            val("smime.open.aes128gcm." + tag, "reference_value"),
            val("smime.build_vs_openssl.aes128gcm." + tag, "reference_value"),
            val("smime.open_vs_openssl.aes128gcm." + tag, "reference_value"),
            val("smime.build.aes128ccm." + tag),
            val("smime.open.aes128ccm." + tag),
            val("smime.build.aes128ccm." + tag, "reference_value"),
            val("smime.open.aes128ccm." + tag, "reference_value"),
        ]))
    m = bench.get("machine", {})
    title = "AuthEnvelopedData throughput, %s, libgcrypt %s (%s)" % (
        m.get("cpu", "?"), m.get("libgcrypt", "?"), m.get("date", "?")[:10])
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.NamedTemporaryFile("w", suffix=".dat", delete=False) as d:
        d.write("# size lib_build_gcm lib_open_gcm bare_gcm_enc bare_gcm_dec ossl_build "
                "ossl_open lib_build_ccm lib_open_ccm bare_ccm_enc bare_ccm_dec\n")
        d.write("\n".join(rows) + "\n")
        data = d.name
    try:
        subprocess.run(["gnuplot", "-e", 'datafile="%s"; outfile="%s"; title="%s"' %
                        (data, sys.argv[2], title), os.path.join(here, "smime.gp")],
                       check=True)
    finally:
        os.unlink(data)


if __name__ == "__main__":
    main()
