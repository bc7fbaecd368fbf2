#!/usr/bin/env python3
"""Time prdlint on the standard benchmark corpus and print the figures.

usage: python bench/run_bench.py [--corpus DIR] [--runs N] [--jobs N]

Builds the corpus with ../shared/bench/make_corpus.py (unless --corpus points at one
already built) and runs the real command line, start-up included, on:
  small/  one 12 KB strategy file (what a pre-commit hook sees on every commit)
  many/   2,000 files, about 75 MB (a large docs tree)
  big/    one file of about 20 MB
For each it prints the wall time (median of --runs for small), the throughput and the peak
memory of the prdlint process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MAKE_CORPUS = REPO.parent / "shared" / "bench" / "make_corpus.py"


def run(target: Path, extra: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one `prdlint check` run in a child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "prdlint", "check", "--quiet", "--isolated", *extra, str(target)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        error = proc.stderr.read().decode() if proc.stderr else ""
        sys.exit(f"prdlint failed on {target}: {error.strip()}")
    return elapsed, usage.ru_maxrss


def size_of(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*.md")] if path.is_dir() else [path]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="an already built corpus directory")
    parser.add_argument("--runs", type=int, default=5, help="runs of the small case (median reported)")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to prdlint")
    args = parser.parse_args()
    extra = ["--jobs", str(args.jobs)] if args.jobs else []

    with tempfile.TemporaryDirectory() as scratch:
        corpus = args.corpus
        if corpus is None:
            if not MAKE_CORPUS.is_file():
                sys.exit(f"{MAKE_CORPUS} not found: pass --corpus DIR (built with make_corpus.py)")
            corpus = Path(scratch) / "corpus"
            subprocess.run([sys.executable, str(MAKE_CORPUS), str(corpus)], check=True)
        print(f"prdlint benchmark  python {sys.version.split()[0]}  cpus {os.cpu_count()}  corpus {corpus}")
        print(f"{'case':<8} {'files':>6} {'MB':>8} {'seconds':>9} {'MB/s':>7} {'files/s':>8} {'peak MiB':>9}")
        for case in ("small", "many", "big"):
            target = corpus / case
            files, size = size_of(target)
            runs = args.runs if case == "small" else 1
            results = [run(target, extra) for _ in range(runs)]
            seconds = statistics.median(r[0] for r in results)
            peak = max(r[1] for r in results)
            megabytes = size / 1e6
            print(f"{case:<8} {files:>6} {megabytes:>8.2f} {seconds:>9.2f} {megabytes / seconds:>7.2f} "
                  f"{files / seconds:>8.1f} {peak / 1024:>9.0f}")


if __name__ == "__main__":
    main()
