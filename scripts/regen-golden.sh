#!/usr/bin/env bash
# Regenerates the expected output of pyrc's golden programs (issue #5): for every
# crates/pyrc/tests/py/NAME.py, runs CPython 3.11 on it and writes its stdout to NAME.out.
# crates/pyrc/tests/golden.rs then runs each program under pyrc and compares.
#
# Each program runs as the golden test runs it: in a fresh temporary directory (programs
# write files with relative names), stdin empty, the script given by its absolute path.
# The first-line `# expect:` directives (documented in crates/pyrc/tests/golden.rs) are
# checked against CPython too, so a wrong expectation is caught here, not in pyrc's test:
#   exit=N       CPython must exit with N (default 0)
#   stderr="..." CPython's stderr must contain the text (\n \t \" \\ escapes)
#   no-stderr    CPython's stderr must be empty
#   stderr-golden CPython's stderr is written to NAME.err too (the script's path replaced by NAME.py)
#   nofile=N     the program runs with `ulimit -n N`
#   known-bug "…" only reported here (the .out is still CPython's output)
# Every program runs twice, with PYTHONHASHSEED=0 and =1: output that depends on the order
# of a set or dict of strings is an error.
#
# Usage: scripts/regen-golden.sh [NAME ...]   (default: every program; NAME without .py)
set -euo pipefail
cd "$(dirname "$0")/.."

command -v python3 >/dev/null || { echo "regen-golden: python3 (CPython 3.11) is required" >&2; exit 1; }
version="$(python3 --version 2>&1)"
case "$version" in
  "Python 3.11."*) ;;
  *) echo "regen-golden: refusing to run: python3 is '$version', the golden files need CPython 3.11.x" >&2; exit 1 ;;
esac
python3 -c 'import sys; sys.exit(0 if sys.implementation.name == "cpython" else 1)' ||
  { echo "regen-golden: refusing to run: python3 is not CPython" >&2; exit 1; }

exec python3 - "$PWD/crates/pyrc/tests/py" "$@" <<'PY'
import os
import re
import shutil
import subprocess
import sys
import tempfile

directory = sys.argv[1]
wanted = sys.argv[2:]
DIRECTIVE = re.compile(r'\s*(exit=(\d+)|nofile=(\d+)|stderr-golden|no-stderr|stderr="((?:[^"\\]|\\.)*)"|known-bug\s+"((?:[^"\\]|\\.)*)")')


def unescape(text):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def directives(path):
    spec = {"exit": 0, "nofile": None, "no_stderr": False, "stderr": [], "known_bug": None,
            "stderr_golden": False}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("# expect:"):
                break
            rest = line[len("# expect:"):].rstrip("\n")
            while rest.strip():
                m = DIRECTIVE.match(rest)
                if not m:
                    sys.exit(f"regen-golden: {path}: bad directive near {rest.strip()!r}")
                if m.group(2):
                    spec["exit"] = int(m.group(2))
                elif m.group(3):
                    spec["nofile"] = int(m.group(3))
                elif m.group(1) == "stderr-golden":
                    spec["stderr_golden"] = True
                elif m.group(1) == "no-stderr":
                    spec["no_stderr"] = True
                elif m.group(4) is not None:
                    spec["stderr"].append(unescape(m.group(4)))
                else:
                    spec["known_bug"] = unescape(m.group(5))
                rest = rest[m.end():]
    return spec


def run(path, spec, seed):
    workdir = tempfile.mkdtemp(prefix="pyrc-golden-regen-")
    env = dict(os.environ, PYTHONHASHSEED=str(seed), PYTHONIOENCODING="utf-8",
               PYTHONDONTWRITEBYTECODE="1", PYTHONUTF8="1")
    for var in ("PYTHONSTARTUP", "PYTHONPATH", "PYTHONWARNINGS"):
        env.pop(var, None)
    command = [sys.executable, path]
    if spec["nofile"] is not None:
        command = ["/bin/sh", "-c", f'ulimit -n {spec["nofile"]} && exec "$0" "$@"'] + command
    try:
        done = subprocess.run(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=120)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return done


names = sorted(n[:-3] for n in os.listdir(directory) if n.endswith(".py"))
if wanted:
    missing = [w for w in wanted if w not in names]
    if missing:
        sys.exit(f"regen-golden: no such program: {', '.join(missing)}")
    names = wanted
problems = []
for name in names:
    path = os.path.join(directory, name + ".py")
    spec = directives(path)
    first = run(path, spec, 0)
    second = run(path, spec, 1)
    stderr = first.stderr.decode("utf-8", "replace")
    if first.stdout != second.stdout:
        problems.append(f"{name}: stdout depends on PYTHONHASHSEED (set or dict order of strings)")
    if first.returncode != spec["exit"]:
        problems.append(f"{name}: CPython exited with {first.returncode}, expected {spec['exit']}\n{stderr}")
    for text in spec["stderr"]:
        if text not in stderr:
            problems.append(f"{name}: CPython's stderr lacks {text!r}\n{stderr}")
    if spec["no_stderr"] and stderr:
        problems.append(f"{name}: CPython wrote to stderr\n{stderr}")
    if "Warning:" in stderr:
        problems.append(f"{name}: CPython warned (rewrite the program)\n{stderr}")
    with open(os.path.join(directory, name + ".out"), "wb") as out:
        out.write(first.stdout)
    err_path = os.path.join(directory, name + ".err")
    if spec["stderr_golden"]:
        with open(err_path, "w", encoding="utf-8") as err:
            err.write(stderr.replace(path, name + ".py"))
    elif os.path.exists(err_path):
        os.unlink(err_path)
    note = f"  (known bug: {spec['known_bug']})" if spec["known_bug"] else ""
    print(f"{name}.out: {len(first.stdout.splitlines())} lines, exit {first.returncode}{note}")
for out in sorted(n for n in os.listdir(directory) if n.endswith((".out", ".err"))):
    if not os.path.exists(os.path.join(directory, out[:-4] + ".py")):
        problems.append(f"{out}: no {out[:-4]}.py next to it (delete it)")
if problems:
    print("\nregen-golden: problems:\n" + "\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"regen-golden: {len(names)} expected outputs written by {sys.version.split()[0]}")
PY
