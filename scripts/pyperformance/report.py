"""Reads the runs of scripts/bench-pyperformance.sh and prints its table and summary.

Usage: python3 report.py OUT_DIR

OUT_DIR/runs.tsv has one line per process run, tab-separated:
    config  interpreter(python3|pyrc|calibrate)  run  exit_status  wall_seconds  stdout  stderr
OUT_DIR/skipped.tsv: config, reason (benchmarks not run at all).
OUT_DIR/configs.tsv: list_benchmarks.py's output (which configurations are the issue's 47).
The stdout files hold the pyperf stand-in's `PYPERF-STANDIN<TAB>value` lines
(scripts/pyperformance/pyperf.py). Header facts (machine, versions, load) come from the
environment: BENCH_INFO (lines printed after the summary as they are).

Per benchmark name: the median over runs of each run's median seconds per loop, for each
interpreter; ratio = pyrc / python3; the geometric mean and the worst ratio over the names
measured under both. A configuration whose pyrc run fails is listed with its first error
line, grouped by that line; a Rust panic, exit status 70 or a signal is listed apart as a pyrc
internal error; a run killed by `timeout` as a timeout.

Stdout: each configuration's first pyrc run is compared with its first python3 run, line by
line, after normalising what may differ between two runs of one interpreter (a value line
keeps its name, loop counts and result but not its timings; `0x...` addresses are blanked).
Per configuration: equal, differs (the first differing line of each), fails (first error
line) or timeout; then "N of M configurations run with stdout equal", counted twice:

- M = 47, the issue's count: pyperformance 1.14.0's own benchmarks, one configuration per
  benchmark directory (MANIFEST entries with the `<local>` metafile, i.e. bm_NAME/pyproject.toml)
  that need no third-party package (no requirements.txt).
- all configurations that need no third-party package (71 in the MANIFEST: the 47 and their
  variants such as argparse_subparsers, the async_tree family, pickle_dict).

With a BENCHMARKS selection, M counts only the selected ones.
"""

import math
import os
import re
import sys

TAG = "PYPERF-STANDIN"
TIMEOUT_STATUSES = (124, 137)
INTERNAL_STATUS = 70
ERROR_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning|Iteration)\b.*)$")


def read_lines(path):
    try:
        with open(path, errors="replace") as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2.0


def fmt_time(seconds):
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale or unit == "ns":
            value = seconds / scale
            if value >= 100:
                return "%.0f %s" % (value, unit)
            if value >= 10:
                return "%.1f %s" % (value, unit)
            return "%.2f %s" % (value, unit)
    return "?"


def parse_values(stdout_path):
    """name -> (loops, inner_loops, median, result)"""
    out = {}
    for line in read_lines(stdout_path):
        fields = line.split("\t")
        if len(fields) >= 8 and fields[0] == TAG and fields[1] == "value":
            out[fields[2]] = (int(fields[3]), int(fields[4]), float(fields[5]), fields[7])
    return out


def failure(status, wall, stderr_path, timeout):
    """(kind, message) for a failed run: kind is timeout, internal or error."""
    lines = [l.rstrip() for l in read_lines(stderr_path) if l.strip()]
    timed_out = timeout.isdigit() and wall >= float(timeout) - 0.5
    if status in TIMEOUT_STATUSES and (timed_out or not timeout.isdigit()):
        return "timeout", "no result within %s s (killed by timeout)" % timeout
    panic = [i for i, l in enumerate(lines) if "panicked at" in l]
    if panic:
        i = panic[0]
        message = lines[i].split("panicked at", 1)[1].strip().rstrip(":")
        if i + 1 < len(lines) and not lines[i + 1].startswith("note:"):
            message += ": " + lines[i + 1].strip()
        return "internal", "Rust panic at " + message
    overflow = [l for l in lines if "overflowed its stack" in l]
    if overflow:
        return "internal", overflow[0].strip()
    if status == INTERNAL_STATUS:
        return "internal", (lines[-1] if lines else "exit status 70, no message")
    if status >= 128 or status < 0:
        return "internal", "killed by signal %d%s" % (
            status - 128 if status >= 128 else -status,
            (": " + lines[-1]) if lines else "")
    for line in reversed(lines):
        m = ERROR_LINE.match(line.strip())
        if m:
            return "error", m.group(1)
    if lines:
        return "error", lines[-1].strip()
    return "error", "exit status %d, no message" % status


ADDRESS = re.compile(r"0x[0-9a-fA-F]+")


def normalised_stdout(path):
    """The stdout lines of one run, without what differs between two runs of one interpreter."""
    lines = []
    for line in read_lines(path):
        fields = line.split("\t")
        if len(fields) >= 8 and fields[0] == TAG and fields[1] == "value":
            # name, loops, inner loops and the result; not the timings
            line = "\t".join(fields[:5] + fields[7:])
        lines.append(ADDRESS.sub("0x...", line))
    return lines


def first_difference(py_lines, rc_lines):
    """None when equal, else a one-line description of the first differing line."""
    for i in range(max(len(py_lines), len(rc_lines))):
        py = py_lines[i] if i < len(py_lines) else None
        rc = rc_lines[i] if i < len(rc_lines) else None
        if py != rc:
            def show(text):
                if text is None:
                    return "(no line)"
                text = text.replace("\t", " ")
                return repr(text if len(text) <= 100 else text[:97] + "...")
            return "line %d: python3 %s, pyrc %s" % (i + 1, show(py), show(rc))
    return None


def issue_configurations(out_dir):
    """Names of the issue's 47: own-directory configurations needing no third-party package."""
    names = set()
    for line in read_lines(os.path.join(out_dir, "configs.tsv")):
        fields = line.split("\t")
        if len(fields) < 4:
            continue
        name, directory, status = fields[0], fields[1], fields[3]
        if os.path.basename(directory) == "bm_" + name and not status.startswith("needs:"):
            names.add(name)
    return names


def main():
    out_dir = sys.argv[1]
    timeout = os.environ.get("BENCH_TIMEOUT", "?")
    runs = []
    for line in read_lines(os.path.join(out_dir, "runs.tsv")):
        config, interp, run, status, wall, stdout, stderr = line.split("\t")
        runs.append((config, interp, int(run), int(status), float(wall), stdout, stderr))
    skipped = [tuple(l.split("\t", 1)) for l in read_lines(os.path.join(out_dir, "skipped.tsv"))]

    configs = []
    for r in runs:
        if r[0] not in configs:
            configs.append(r[0])

    rows = []  # (config, name, loops, inner, py_median, pyrc_median, ratio, nruns_py, nruns_rc)
    py3_failures = []  # (config, message)
    pyrc_failures = {"error": [], "internal": [], "timeout": []}
    result_notes = []
    stdout_status = []  # (config, kind, detail): kind equal, differs, fails, timeout, python3
    ran_configs = []
    partial_configs = []
    for config in configs:
        mine = [r for r in runs if r[0] == config]
        per_interp = {"python3": [], "pyrc": []}
        py_failed = None
        rc_failed = None
        for (_, interp, run, status, wall, stdout, stderr) in mine:
            if interp == "calibrate" or interp == "python3":
                if status != 0 and py_failed is None:
                    py_failed = failure(status, wall, stderr, timeout)
                if interp == "python3" and status == 0:
                    per_interp["python3"].append(parse_values(stdout))
            elif interp == "pyrc":
                values = parse_values(stdout)
                if status != 0:
                    if rc_failed is None:
                        rc_failed = failure(status, wall, stderr, timeout)
                    # names completed before the failure still count as run
                per_interp["pyrc"].append(values)
        if py_failed is not None:
            py3_failures.append((config, py_failed[1]))
            stdout_status.append((config, "python3", py_failed[1]))
            continue
        firsts = {}
        for (_, interp, run, status, wall, stdout, stderr) in sorted(mine, key=lambda r: r[2]):
            if interp in ("python3", "pyrc") and interp not in firsts:
                firsts[interp] = stdout
        if rc_failed is not None:
            stdout_status.append((config, "timeout" if rc_failed[0] == "timeout" else "fails",
                                  rc_failed[1]))
        elif "python3" in firsts and "pyrc" in firsts:
            diff = first_difference(normalised_stdout(firsts["python3"]),
                                    normalised_stdout(firsts["pyrc"]))
            stdout_status.append((config, "differs" if diff else "equal", diff or ""))
        py_names = []
        for values in per_interp["python3"]:
            for name in values:
                if name not in py_names:
                    py_names.append(name)
        measured = 0
        for name in py_names:
            py = [v[name] for v in per_interp["python3"] if name in v]
            rc = [v[name] for v in per_interp["pyrc"] if name in v]
            if not rc:
                continue
            measured += 1
            pm = median([v[2] for v in py])
            rm = median([v[2] for v in rc])
            rows.append((config, name, py[0][0], py[0][1], pm, rm, rm / pm, len(py), len(rc)))
            py_result, rc_result = py[0][3], rc[0][3]
            if (py_result != rc_result and " at 0x" not in py_result
                    and " at 0x" not in rc_result):
                result_notes.append((name, py_result, rc_result))
        if rc_failed is not None:
            pyrc_failures[rc_failed[0]].append((config, rc_failed[1]))
            if measured:
                partial_configs.append(config)
        elif measured:
            ran_configs.append(config)

    print("%-34s %6s %11s %11s %8s" % ("benchmark", "loops", "python3", "pyrc", "pyrc/py3"))
    for (config, name, loops, inner, pm, rm, ratio, npy, nrc) in rows:
        label = name if name == config else "%s (%s)" % (name, config)
        runs_note = "" if npy == nrc else "  (runs: python3 %d, pyrc %d)" % (npy, nrc)
        print("%-34s %6d %11s %11s %8.2f%s" % (label, loops, fmt_time(pm), fmt_time(rm),
                                              ratio, runs_note))
    print()
    ratios = [r[6] for r in rows]
    total = len(configs) + len(skipped)
    if ratios:
        geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        worst = max(rows, key=lambda r: r[6])
        print("geometric mean pyrc/python3: %.2f over %d benchmark names "
              "(median ratio %.2f, best %.2f, worst %.2f: %s)" % (
                  geomean, len(ratios), median(ratios), min(ratios), worst[6], worst[1]))
    else:
        print("geometric mean pyrc/python3: n/a (no benchmark ran under pyrc)")
    print("configurations: %d in the MANIFEST selection; %d skipped (not run), %d fail under "
          "python3 with the stand-in, %d ran under pyrc (%d more only in part), "
          "%d fail or time out under pyrc" % (
              total, len(skipped), len(py3_failures), len(ran_configs), len(partial_configs),
              sum(len(v) for v in pyrc_failures.values()) - len(partial_configs)))
    if os.environ.get("BENCH_FAST"):
        print("FAST smoke run: 1 loop per value, 1 value per run, no warm-up: "
              "not a measurement")
    else:
        print("times are seconds per loop (median over runs of each run's median of values); "
              "loops per value fixed by a python3 calibration, the same for both")

    def grouped(items):
        groups = {}
        for config, message in items:
            groups.setdefault(message, []).append(config)
        for message in sorted(groups, key=lambda m: (-len(groups[m]), m)):
            print("  %s: %s" % (message, ", ".join(groups[message])))

    if pyrc_failures["internal"]:
        print()
        print("pyrc internal errors (panic, exit status 70, signal):")
        grouped(pyrc_failures["internal"])
    if pyrc_failures["timeout"]:
        print()
        print("pyrc timeouts:")
        grouped(pyrc_failures["timeout"])
    if pyrc_failures["error"]:
        print()
        print("fail under pyrc (first error line; %s ran in part):" % (
            ", ".join(partial_configs) if partial_configs else "none"))
        grouped(pyrc_failures["error"])
    if py3_failures:
        print()
        print("fail under python3 with the stand-in (not run under pyrc):")
        grouped(py3_failures)
    if skipped:
        print()
        print("skipped, third-party packages not installed (%d): %s" % (len(skipped), ", ".join(
            "%s (%s)" % (c, ", ".join(p.split("==")[0] for p in pkgs.split(",")))
            for c, pkgs in skipped)))
    if result_notes:
        print()
        print("workload results that differ (repr of the last call's return value):")
        for name, py, rc in result_notes:
            print("  %s: python3 %s, pyrc %s" % (name, py, rc))
    if stdout_status:
        print()
        print("stdout, first pyrc run against first python3 run:")
        for config, kind, detail in stdout_status:
            label = {"python3": "fails under python3 with the stand-in"}.get(kind, kind)
            print("  %-34s %s%s" % (config, label, (": " + detail) if detail else ""))
        issue = issue_configurations(out_dir)
        selected = set(configs) | {c for c, _ in skipped}
        equal = {c for c, kind, _ in stdout_status if kind == "equal"}
        mine = issue & selected
        print()
        print("%d of %d configurations run with stdout equal (M: the issue's 47, pyperformance "
              "1.14.0's own benchmark directories needing no third-party package%s)" % (
                  len(equal & mine), len(mine),
                  "" if len(mine) == len(issue) else ", those selected"))
        print("%d of %d configurations run with stdout equal (M: every selected configuration "
              "needing no third-party package)" % (len(equal), len(configs)))
    info = os.environ.get("BENCH_INFO", "")
    if info:
        print()
        print(info)


if __name__ == "__main__":
    main()
