"""Lists pyperformance's benchmark configurations for scripts/bench-pyperformance.sh.

Usage: python3 list_benchmarks.py BENCHMARKS_DIR

BENCHMARKS_DIR is pyperformance's data-files/benchmarks. Reads its MANIFEST (section
[benchmarks]: name and metafile, `<local>` for bm_NAME/pyproject.toml, `<local:BASE>` for
bm_BASE/bm_NAME.toml) and each metafile's [tool.pyperformance] extra_opts. Prints one line
per configuration, tab-separated:

    name  directory  script  status  extra_opts...

status is `ok`, or `needs:PKG,PKG` when the benchmark's directory has a requirements.txt
(third-party packages that neither python3 here nor pyrc has; the runner skips those).
Runs under python3 only (tomllib).
"""

import os
import sys
import tomllib


def manifest_entries(root):
    section = None
    with open(os.path.join(root, "MANIFEST")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                section = line
                continue
            if section != "[benchmarks]":
                continue
            fields = line.split()
            if fields == ["name", "metafile"]:
                continue
            yield fields[0], fields[1]


def main():
    root = sys.argv[1]
    for name, metafile in manifest_entries(root):
        if metafile == "<local>":
            base = name
            meta = os.path.join(root, "bm_" + name, "pyproject.toml")
        elif metafile.startswith("<local:") and metafile.endswith(">"):
            base = metafile[len("<local:"):-1]
            meta = os.path.join(root, "bm_" + base, "bm_" + name + ".toml")
        else:
            sys.exit(f"list_benchmarks: unknown metafile {metafile!r} for {name}")
        directory = os.path.join(root, "bm_" + base)
        with open(meta, "rb") as f:
            tool = tomllib.load(f).get("tool", {}).get("pyperformance", {})
        extra = [str(opt) for opt in tool.get("extra_opts", [])]
        script = os.path.join(directory, "run_benchmark.py")
        status = "ok"
        requirements = os.path.join(directory, "requirements.txt")
        if os.path.exists(requirements):
            with open(requirements) as f:
                pkgs = [l.split("#")[0].strip() for l in f]
            status = "needs:" + ",".join(p for p in pkgs if p)
        if not os.path.exists(script):
            status = "no-script"
        print("\t".join([name, directory, script, status] + extra))


if __name__ == "__main__":
    main()
