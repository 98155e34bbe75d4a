"""A small stand-in for pyperf, for scripts/bench-pyperformance.sh.

pyperformance's benchmarks (data-files/benchmarks/bm_*/run_benchmark.py) import pyperf, make
a Runner, maybe add options to runner.argparser, and hand a workload to runner.bench_func,
bench_time_func or bench_async_func. This module implements those names, and nothing else,
so that the same file runs under python3 and under pyrc (which has no argparse, statistics
or itertools). It measures the in-process workload time only: no worker processes, no
system tuning, no metadata collection.

- bench_time_func(name, f, *args, inner_loops=None): f(loops, *args) returns seconds.
- bench_func(name, f, *args, inner_loops=None): `loops` calls of f(*args) timed with
  time.perf_counter.
- bench_async_func(name, f, *args, inner_loops=None): `loops` awaits of f(*args) inside one
  asyncio.run() (needs asyncio).
- bench_command(name, command): `loops` runs of the child process `command` (wall time,
  start-up included, as pyperf's), each required to exit with status 0; the last child's
  stdout is printed after the value line, so that the runner compares it too.

The loop count is fixed from outside so that both interpreters do the same work. Options
(removed from sys.argv when this module is imported, before the benchmark parses its own):

    --standin-calibrate          find, per benchmark name, the loop count (a power of two)
                                 for which one value takes at least --standin-min-time
                                 seconds; print `PYPERF-STANDIN<TAB>loops<TAB>NAME<TAB>LOOPS`
    --standin-min-time=SECONDS   calibration target (default 0.1)
    --standin-loops=NAME=N,...   the loop count of each name (missing names: 1)
    --standin-values=N           values measured after the warm-up (default 3)
    --standin-warmups=N          untimed warm-up calls, one loop each (default 1)

Without --standin-calibrate, each benchmark name prints one line, tab-separated:

    PYPERF-STANDIN  value  NAME  LOOPS  INNER_LOOPS  MEDIAN  V1,V2,...  RESULT

MEDIAN and Vi are seconds per loop (value / (loops * inner_loops)); RESULT is a short repr of
what the workload returned on its last call (bench_func only; `-` otherwise), so that the
runner can compare the two interpreters' results.
"""

import sys
import time

perf_counter = time.perf_counter

_TAG = "PYPERF-STANDIN"


class _Options:
    def __init__(self):
        self.calibrate = False
        self.min_time = 0.1
        self.loops = {}
        self.values = 3
        self.warmups = 1


def _take_standin_options(argv):
    options = _Options()
    rest = []
    for arg in argv:
        if not arg.startswith("--standin-"):
            rest.append(arg)
            continue
        key, sep, value = arg[len("--standin-"):].partition("=")
        if key == "calibrate":
            options.calibrate = True
        elif key == "min-time":
            options.min_time = float(value)
        elif key == "values":
            options.values = int(value)
        elif key == "warmups":
            options.warmups = int(value)
        elif key == "loops":
            for item in value.split(","):
                if item:
                    name, _, count = item.rpartition("=")
                    options.loops[name] = int(count)
        else:
            sys.stderr.write("pyperf stand-in: unknown option %s\n" % arg)
            sys.exit(2)
    return options, rest


_options, _rest = _take_standin_options(sys.argv[1:])
sys.argv[1:] = _rest


def python_implementation():
    impl = getattr(sys, "implementation", None)
    name = getattr(impl, "name", None)
    return name.lower() if name else "cpython"


def python_has_jit():
    return False


# --- a tiny argument parser: the subset of argparse the benchmarks use ---------------------


class Namespace:
    def __init__(self, **kwargs):
        for key in kwargs:
            setattr(self, key, kwargs[key])

    def __repr__(self):
        return "Namespace(%s)" % ", ".join(
            "%s=%r" % (k, v) for k, v in sorted(self.__dict__.items())
        )


class _Argument:
    def __init__(self, flags, kwargs):
        self.flags = flags
        self.positional = not flags[0].startswith("-")
        self.action = kwargs.get("action", "store")
        self.nargs = kwargs.get("nargs")
        self.type = kwargs.get("type")
        self.choices = kwargs.get("choices")
        self.required = kwargs.get("required", False)
        self.const = kwargs.get("const")
        if self.action == "store_true":
            default = False
        elif self.action == "store_false":
            default = True
        else:
            default = None
        self.default = kwargs.get("default", default)
        if "dest" in kwargs:
            self.dest = kwargs["dest"]
        elif self.positional:
            self.dest = flags[0]
        else:
            longs = [f for f in flags if f.startswith("--")]
            self.dest = (longs[0] if longs else flags[0]).lstrip("-").replace("-", "_")
        known = ("action", "nargs", "type", "choices", "required", "const", "default",
                 "dest", "help", "metavar")
        for key in kwargs:
            if key not in known:
                raise NotImplementedError(
                    "pyperf stand-in: add_argument(%s=...) is not supported" % key)
        if self.action not in ("store", "store_true", "store_false", "store_const",
                               "append"):
            raise NotImplementedError(
                "pyperf stand-in: add_argument(action=%r) is not supported" % self.action)

    def convert(self, text):
        value = self.type(text) if self.type is not None else text
        if self.choices is not None and value not in self.choices:
            _usage_error("argument %s: invalid choice: %r (choose from %s)" % (
                self.dest, value, ", ".join(repr(c) for c in self.choices)))
        return value


def _usage_error(message):
    sys.stderr.write("error: %s\n" % message)
    sys.exit(2)


class ArgumentParser:
    def __init__(self, *args, **kwargs):
        self._arguments = []

    def add_argument(self, *flags, **kwargs):
        argument = _Argument(flags, kwargs)
        self._arguments.append(argument)
        return argument

    def parse_args(self, args=None):
        if args is None:
            args = sys.argv[1:]
        values = {}
        for argument in self._arguments:
            if argument.action == "append":
                values[argument.dest] = list(argument.default or [])
            else:
                values[argument.dest] = argument.default
        positionals = [a for a in self._arguments if a.positional]
        options = {}
        for argument in self._arguments:
            if not argument.positional:
                for flag in argument.flags:
                    options[flag] = argument
        words = []
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                words.extend(args[i:])
                break
            if not arg.startswith("-") or arg == "-":
                words.append(arg)
                continue
            flag, sep, inline = arg.partition("=")
            argument = options.get(flag)
            if argument is None:
                _usage_error("unrecognized arguments: %s" % arg)
            if argument.action == "store_true":
                values[argument.dest] = True
            elif argument.action == "store_false":
                values[argument.dest] = False
            elif argument.action == "store_const":
                values[argument.dest] = argument.const
            else:
                if sep:
                    text = inline
                elif i < len(args):
                    text = args[i]
                    i += 1
                else:
                    _usage_error("argument %s: expected one argument" % flag)
                if argument.action == "append":
                    values[argument.dest].append(argument.convert(text))
                else:
                    values[argument.dest] = argument.convert(text)
        for argument in positionals:
            if argument.nargs in ("*", "+"):
                if argument.nargs == "+" and not words:
                    _usage_error("the following arguments are required: %s" % argument.dest)
                values[argument.dest] = [argument.convert(w) for w in words]
                words = []
            elif words:
                values[argument.dest] = argument.convert(words.pop(0))
            elif argument.nargs != "?":
                _usage_error("the following arguments are required: %s" % argument.dest)
        if words:
            _usage_error("unrecognized arguments: %s" % " ".join(words))
        for argument in self._arguments:
            if argument.required and not argument.positional and values[argument.dest] is None:
                _usage_error("the following arguments are required: %s" % argument.flags[0])
        return Namespace(**values)


# --- the runner -----------------------------------------------------------------------------


def _median(values):
    ordered = sorted(values)
    n = len(ordered)
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2.0


def _short_repr(value):
    try:
        text = repr(value)
    except Exception as exc:  # a workload result whose repr fails is still a result
        text = "<repr failed: %s>" % type(exc).__name__
    text = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if len(text) > 120:
        text = "%s...(%d chars)...%s" % (text[:60], len(text), text[-40:])
    return text


class Runner:
    def __init__(self, values=None, processes=None, loops=0, min_time=0.1, metadata=None,
                 show_name=True, program_args=None, add_cmdline_args=None,
                 _argparser=None, warmups=None, **kwargs):
        self.metadata = dict(metadata or {})
        self.argparser = _argparser if _argparser is not None else ArgumentParser()
        self.args = None
        self._add_cmdline_args = add_cmdline_args

    def parse_args(self, args=None):
        if self.args is None:
            self.args = self.argparser.parse_args(args)
        return self.args

    def _run(self, name, measure, inner_loops, keeps_result):
        # measure(loops) returns (seconds, result)
        self.parse_args()
        inner = inner_loops or 1
        if _options.calibrate:
            loops = 1
            measure(loops)  # warm-up
            while True:
                seconds, _ = measure(loops)
                if seconds >= _options.min_time or loops >= 2 ** 30:
                    break
                loops *= 2
            print("%s\tloops\t%s\t%d" % (_TAG, name, loops))
            return None
        loops = _options.loops.get(name, 1)
        result = None
        for _ in range(_options.warmups):
            measure(1)  # warm-up: one call (one loop), untimed
        values = []
        for _ in range(max(_options.values, 1)):
            seconds, result = measure(loops)
            values.append(seconds / (loops * inner))
        print("%s\tvalue\t%s\t%d\t%d\t%r\t%s\t%s" % (
            _TAG, name, loops, inner, _median(values),
            ",".join(repr(v) for v in values),
            _short_repr(result) if keeps_result else "-"))
        return None

    def bench_time_func(self, name, time_func, *args, inner_loops=None, metadata=None):
        def measure(loops):
            return time_func(loops, *args), None

        return self._run(name, measure, inner_loops, False)

    def bench_func(self, name, func, *args, inner_loops=None, metadata=None):
        def measure(loops):
            result = None
            t0 = perf_counter()
            for _ in range(loops):
                result = func(*args)
            return perf_counter() - t0, result

        return self._run(name, measure, inner_loops, True)

    def bench_async_func(self, name, func, *args, inner_loops=None, metadata=None,
                         loop_factory=None):
        import asyncio

        def measure(loops):
            async def timed():
                result = None
                t0 = perf_counter()
                for _ in range(loops):
                    result = await func(*args)
                return perf_counter() - t0, result

            if loop_factory is None:
                return asyncio.run(timed())
            loop = loop_factory()
            try:
                return loop.run_until_complete(timed())
            finally:
                loop.close()

        return self._run(name, measure, inner_loops, True)

    def bench_command(self, name, command):
        import subprocess

        outputs = []

        def measure(loops):
            t0 = perf_counter()
            for _ in range(loops):
                done = subprocess.run(command, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                sys.stderr.write(done.stderr.decode("utf-8", "replace"))
                if done.returncode:
                    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
                    raise RuntimeError("bench_command: %s exited with status %d: %s" % (
                        command[0].rsplit("/", 1)[-1], done.returncode,
                        lines[-1] if lines else "no message"))
            outputs.append(done.stdout)
            return perf_counter() - t0, None

        self._run(name, measure, None, False)
        if outputs and not _options.calibrate:
            # the child's own output, once, so that the runner compares it too
            sys.stdout.write(outputs[-1].decode("utf-8", "replace"))
        return None
