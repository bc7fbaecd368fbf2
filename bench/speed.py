#!/usr/bin/env python3
"""prdlint's speed and memory targets (issue 9), measured against markdownlint-cli2 in the same run.

usage: python bench/speed.py [--corpus DIR] [--runs N] [--cases small,many,cache,big,linear]
                             [--markdownlint-big]

The machine is shared and noisy, so only ratios taken in one run mean something: every
comparison interleaves prdlint with the tool it is compared with. Cases:

  small   one 12 KB file (the pre-commit case): median wall of --runs runs of each tool, and
          prdlint's peak RSS. prdlint runs with its defaults (the result cache on, and cold:
          the file is new to it, as in a commit that changed it).
  many    many/ (2,000 files, 75 MB) with --jobs 2 and --no-cache against markdownlint-cli2:
          throughput, and the peak RSS of all of prdlint's processes (the sum of each
          process's own peak, an upper bound of what they hold at once).
  cache   many/ with the result cache: a cold run (empty cache) then warm re-runs.
  big     one 20 MB file against mistune's block parser alone with prdlint's parser setup
          (prdlint.model.parser.parse_blocks, timed in its own process without start-up).
  linear  prdlint on 2.5, 5, 10 and 20 MB files built from the seeds the same way.

The corpus comes from ../shared/bench/make_corpus.py unless --corpus names a built one.
markdownlint-cli2 is installed with npm into bench/.node on first use. Child processes run
without PYTHONDONTWRITEBYTECODE (as installed prdlint does, with compiled bytecode), after
one warm-up run of each tool; PRDLINT_NO_CACHE is dropped from their environment.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
SHARED = Path(os.environ.get("PRDLINT_SHARED", REPO.parent / "shared"))
MAKE_CORPUS = SHARED / "bench" / "make_corpus.py"
SEEDS = SHARED / "seeds"
SEED_ORDER = ["python-pm-persona.md", "prd-template.md", "python-data-team-strategy.md",
              "prd-implementation-guide-template.md"]  # as make_corpus.py concatenates them
MARKDOWNLINT = "markdownlint-cli2@0.22.1"
NODE_DIR = BENCH / ".node"
MARKDOWNLINT_BIN = NODE_DIR / "node_modules" / ".bin" / "markdownlint-cli2"
ALL_CASES = ("small", "many", "cache", "big", "linear")

# Targets of issue 9.
SMALL_WALL_RATIO = 0.35
SMALL_PEAK_MIB = 30
MANY_THROUGHPUT_RATIO = 5.0
MANY_PEAK_MIB = 200
BIG_PARSER_RATIO = 0.35
BIG_PEAK_MIB = 300
WARM_CACHE_RATIO = 0.1
LINEAR_MIN = 0.8  # throughput at 20 MB over throughput at 2.5 MB

MISTUNE_ALONE = """\
import gc, sys, time
try:
    from prdlint.model.parser import parse_blocks
except ImportError:  # a prdlint from before parse_blocks (the baseline of issue 9)
    from prdlint.model.parser import TrackedState, TrackingBlockParser

    def parse_blocks(text):
        state = TrackedState()
        state.process(text)
        TrackingBlockParser().parse(state)
        return state
text = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[2] == "off":
    gc.disable()
start = time.perf_counter()
parse_blocks(text)
print(time.perf_counter() - start)
"""


@dataclass
class Measure:
    seconds: float
    peak_mib: float  # the process's own peak RSS
    tree_peak_mib: float  # the sum of the peaks of the process and all its descendants


@dataclass
class Row:
    case: str
    target: str
    figure: str
    met: bool | None  # None: a figure without a target


@dataclass
class Bench:
    corpus: Path
    runs: int
    env: dict[str, str] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)

    has_cache: bool = True

    def prdlint(self, *args: str) -> list[str]:
        if not self.has_cache:  # a prdlint from before the result cache (the baseline of issue 9)
            args = tuple(arg for arg in args if arg != "--no-cache")
        return [sys.executable, "-m", "prdlint", "check", "--quiet", "--isolated", *args]

    def markdownlint(self, *args: str) -> list[str]:
        return [str(MARKDOWNLINT_BIN), *args]

    def add(self, case: str, target: str, figure: str, met: bool | None) -> None:
        self.rows.append(Row(case, target, figure, met))
        status = "" if met is None else ("  met" if met else "  NOT MET")
        print(f"  {case:<7} {target:<46} {figure}{status}", flush=True)


# -- measuring ----------------------------------------------------------------------------------


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    found = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in found and pid not in found:
                found.add(pid)
                grew = True
    return found


def _high_water_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeSampler(threading.Thread):
    """Records the peak RSS (VmHWM) of every process under ``root`` while it runs."""

    def __init__(self, root: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for pid in _descendants(self.root):
                self.peaks[pid] = max(self.peaks.get(pid, 0), _high_water_kib(pid))
            self.done.wait(self.interval)


def measure(command: Sequence[str], cwd: Path, env: dict[str, str], *, ok: Sequence[int] = (0, 1)) -> Measure:
    """Wall seconds and peak memory of one run of ``command``; exits when it fails."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            errors.seek(0)
            sys.exit(f"{command[0]} failed ({code}): {errors.read().decode(errors='replace')[-2000:]}")
    own = usage.ru_maxrss / 1024
    sampler.peaks[proc.pid] = max(sampler.peaks.get(proc.pid, 0), usage.ru_maxrss)
    return Measure(seconds, own, sum(sampler.peaks.values()) / 1024)


def interleaved(
    commands: dict[str, Callable[[], Measure]], runs: int
) -> dict[str, list[Measure]]:
    """``runs`` rounds, each running every command once, in alternating order."""
    out: dict[str, list[Measure]] = {name: [] for name in commands}
    names = list(commands)
    for index in range(runs):
        for name in names if index % 2 == 0 else reversed(names):
            out[name].append(commands[name]())
    return out


def megabytes(path: Path) -> float:
    files = list(path.rglob("*.md")) if path.is_dir() else [path]
    return sum(p.stat().st_size for p in files) / 1e6


def build_file(target: Path, size: int) -> Path:
    """Seeds concatenated until ``size`` bytes, as make_corpus.py builds big/big.md."""
    texts = [(SEEDS / name).read_text(encoding="utf-8") for name in SEED_ORDER]
    texts = [t if t.endswith("\n") else t + "\n" for t in texts]
    parts: list[str] = []
    total = 0
    while total < size:
        part = texts[len(parts) % 4] + "\n"
        parts.append(part)
        total += len(part.encode())
    target.write_text("".join(parts), encoding="utf-8")
    return target


# -- cases --------------------------------------------------------------------------------------


def case_small(bench: Bench) -> None:
    target = Path("small") / "strategy.md"
    cache = bench.corpus / ".prdlint_cache"

    def prdlint_cold() -> Measure:
        shutil.rmtree(cache, ignore_errors=True)
        return measure(bench.prdlint(str(target)), bench.corpus, bench.env)

    results = interleaved(
        {
            "prdlint": prdlint_cold,
            "markdownlint": lambda: measure(bench.markdownlint(str(target)), bench.corpus, bench.env),
        },
        bench.runs,
    )
    ours = statistics.median(m.seconds for m in results["prdlint"])
    theirs = statistics.median(m.seconds for m in results["markdownlint"])
    peak = max(m.peak_mib for m in results["prdlint"])
    their_peak = max(m.peak_mib for m in results["markdownlint"])
    bench.add("small", f"median wall <= {SMALL_WALL_RATIO}x markdownlint-cli2's",
              f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms = {ours / theirs:.2f}x "
              f"({bench.runs} runs each)", ours / theirs <= SMALL_WALL_RATIO)
    bench.add("small", f"peak RSS <= {SMALL_PEAK_MIB} MB", f"{peak:.1f} MB (markdownlint-cli2 {their_peak:.0f} MB)",
              peak <= SMALL_PEAK_MIB)
    warm = [measure(bench.prdlint(str(target)), bench.corpus, bench.env).seconds for _ in range(bench.runs)]
    bench.add("small", "warm cache (same file again)", f"{statistics.median(warm) * 1000:.0f} ms", None)


def case_many(bench: Bench) -> None:
    size = megabytes(bench.corpus / "many")
    results = interleaved(
        {
            "prdlint": lambda: measure(bench.prdlint("--no-cache", "--jobs", "2", "many"), bench.corpus, bench.env),
            "markdownlint": lambda: measure(bench.markdownlint("many/*.md"), bench.corpus, bench.env),
        },
        1,
    )
    ours = results["prdlint"][0]
    theirs = results["markdownlint"][0]
    ratio = theirs.seconds / ours.seconds
    bench.add("many", f"throughput >= {MANY_THROUGHPUT_RATIO:g}x markdownlint-cli2's (--jobs 2)",
              f"{size / ours.seconds:.2f} MB/s ({ours.seconds:.1f} s) vs {size / theirs.seconds:.2f} MB/s "
              f"({theirs.seconds:.1f} s) = {ratio:.1f}x", ratio >= MANY_THROUGHPUT_RATIO)
    bench.add("many", f"peak RSS of all processes <= {MANY_PEAK_MIB} MB",
              f"{ours.tree_peak_mib:.0f} MB (markdownlint-cli2 {theirs.tree_peak_mib:.0f} MB)",
              ours.tree_peak_mib <= MANY_PEAK_MIB)


def case_cache(bench: Bench) -> None:
    cache = bench.corpus / ".prdlint_cache"
    shutil.rmtree(cache, ignore_errors=True)
    cold = measure(bench.prdlint("--jobs", "2", "many"), bench.corpus, bench.env)
    warm = [measure(bench.prdlint("--jobs", "2", "many"), bench.corpus, bench.env) for _ in range(3)]
    seconds = statistics.median(m.seconds for m in warm)
    bench.add("cache", f"warm re-run of many/ <= {WARM_CACHE_RATIO}x the cold run",
              f"{seconds:.2f} s vs {cold.seconds:.1f} s = {seconds / cold.seconds:.3f}x "
              f"(peak {max(m.tree_peak_mib for m in warm):.0f} MB)", seconds / cold.seconds <= WARM_CACHE_RATIO)
    shutil.rmtree(cache, ignore_errors=True)


def _parser_alone(bench: Bench, path: Path, gc_mode: str) -> float:
    done = subprocess.run([sys.executable, "-c", MISTUNE_ALONE, str(path), gc_mode], env=bench.env,
                          capture_output=True, text=True, check=True)
    return float(done.stdout.strip())


# The big cases measure a big file, so they lift prdlint's default limit (10 MiB, reported as PRD001).
NO_SIZE_LIMIT = ("--max-file-size", str(1 << 40))


def case_big(bench: Bench, markdownlint_big: bool) -> None:
    path = bench.corpus / "big" / "big.md"
    size = megabytes(path)
    results = interleaved(
        {
            "prdlint": lambda: measure(bench.prdlint("--no-cache", *NO_SIZE_LIMIT, str(path)), bench.corpus,
                                       bench.env),
            "parser": lambda: Measure(_parser_alone(bench, path, "on"), 0, 0),
        },
        2,
    )
    ours = min(results["prdlint"], key=lambda m: m.seconds)
    parser = min(m.seconds for m in results["parser"])
    parser_gc_off = _parser_alone(bench, path, "off")
    ratio = parser / ours.seconds
    bench.add("big", f"throughput >= {BIG_PARSER_RATIO}x mistune's block parser alone",
              f"{size / ours.seconds:.2f} MB/s ({ours.seconds:.1f} s) vs {size / parser:.2f} MB/s "
              f"= {ratio:.2f}x (parser with GC off: {size / parser_gc_off:.2f} MB/s, "
              f"{parser_gc_off / ours.seconds:.2f}x)", ratio >= BIG_PARSER_RATIO)
    bench.add("big", f"peak RSS <= {BIG_PEAK_MIB} MB", f"{ours.peak_mib:.0f} MB", ours.peak_mib <= BIG_PEAK_MIB)
    if markdownlint_big:
        theirs = measure(bench.markdownlint(str(path.relative_to(bench.corpus))), bench.corpus, bench.env)
        bench.add("big", "markdownlint-cli2 on the same file",
                  f"{size / theirs.seconds:.2f} MB/s ({theirs.seconds:.1f} s), {theirs.peak_mib:.0f} MB", None)


def case_linear(bench: Bench) -> None:
    sizes = (2_500_000, 5_000_000, 10_000_000)
    files = [build_file(bench.corpus / f"linear-{size // 100_000}.md", size) for size in sizes]
    files.append(bench.corpus / "big" / "big.md")
    throughputs: list[float] = []
    figures: list[str] = []
    for path in files:
        result = measure(bench.prdlint("--no-cache", *NO_SIZE_LIMIT, str(path)), bench.corpus, bench.env)
        size = megabytes(path)
        throughputs.append(size / result.seconds)
        figures.append(f"{size:.1f} MB: {result.seconds:.1f} s {size / result.seconds:.2f} MB/s "
                       f"{result.peak_mib:.0f} MB")
    for path in files[:-1]:
        path.unlink()
    ratio = throughputs[-1] / throughputs[0]
    bench.add("linear", f"MB/s at 20 MB >= {LINEAR_MIN}x MB/s at 2.5 MB",
              f"{ratio:.2f}x ({'; '.join(figures)})", ratio >= LINEAR_MIN)


# -- main ---------------------------------------------------------------------------------------


def ensure_markdownlint() -> None:
    if MARKDOWNLINT_BIN.exists():
        return
    print(f"installing {MARKDOWNLINT} into {NODE_DIR} with npm", flush=True)
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    package = NODE_DIR / "package.json"
    if not package.exists():
        package.write_text('{"private": true}\n', encoding="utf-8")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR), MARKDOWNLINT],
                   check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="an already built corpus (make_corpus.py OUTDIR)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each tool in the small case")
    parser.add_argument("--cases", default=",".join(ALL_CASES), help="comma-separated: " + ", ".join(ALL_CASES))
    parser.add_argument("--markdownlint-big", action="store_true",
                        help="also run markdownlint-cli2 on the 20 MB file (slow, about 3 GB)")
    args = parser.parse_args()
    cases = [case.strip() for case in args.cases.split(",") if case.strip()]
    unknown = sorted(set(cases) - set(ALL_CASES))
    if unknown:
        sys.exit(f"unknown case(s): {', '.join(unknown)}")
    ensure_markdownlint()
    # The bench decides about bytecode and the result cache itself (--no-cache where a case wants none).
    dropped = ("PYTHONDONTWRITEBYTECODE", "PRDLINT_NO_CACHE")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory(prefix="prdlint-speed-") as scratch:
        corpus = args.corpus.resolve() if args.corpus else Path(scratch) / "corpus"
        if args.corpus is None:
            if not MAKE_CORPUS.is_file():
                sys.exit(f"{MAKE_CORPUS} not found: pass --corpus DIR (built with make_corpus.py)")
            subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus)], check=True)
        bench = Bench(corpus, args.runs, env)
        usage = subprocess.run([sys.executable, "-m", "prdlint", "check", "--help"], capture_output=True, text=True,
                               env=env, check=True)
        bench.has_cache = "--no-cache" in usage.stdout
        version = subprocess.run([str(MARKDOWNLINT_BIN), "--help"], capture_output=True, text=True, env=env)
        print(f"prdlint speed  python {sys.version.split()[0]}  cpus {os.cpu_count()}  "
              f"{version.stdout.splitlines()[0] if version.stdout else 'markdownlint-cli2'}  corpus {corpus}")
        # Warm-up: bytecode, the disk cache and node's compile cache.
        measure(bench.prdlint("--no-cache", "small"), corpus, env)
        measure(bench.markdownlint("small/*.md"), corpus, env)
        for case in cases:
            if case == "small":
                case_small(bench)
            elif case == "many":
                case_many(bench)
            elif case == "cache":
                case_cache(bench)
            elif case == "big":
                case_big(bench, args.markdownlint_big)
            elif case == "linear":
                case_linear(bench)
        shutil.rmtree(corpus / ".prdlint_cache", ignore_errors=True)
    print()
    print("| case | target | figure | met |")
    print("|---|---|---|---|")
    for row in bench.rows:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        print(f"| {row.case} | {row.target} | {row.figure} | {met} |")
    failed = [row for row in bench.rows if row.met is False]
    print()
    print("every target met" if not failed else f"{len(failed)} target(s) not met")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
