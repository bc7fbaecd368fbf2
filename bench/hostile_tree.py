#!/usr/bin/env python3
"""Every hostile input of issue 8 in one directory, beside good documents: time `prdlint check` on it.

usage: python bench/hostile_tree.py [--keep] [--jobs N]

Builds the tree in a temporary directory and runs the real command line on it (a child process,
start-up included, with a 120 s timeout). Done when the run ends in under 30 s with exit code 1,
every bad input has its finding (one line each, printed below), and every good file has exactly the
findings it has when linted alone. Prints one line per input and a verdict; exits 1 when a
criterion fails. The inputs are documents; hostile configuration (a regex that backtracks, an
alias bomb in .prdlint.yaml) is a configuration error by design (exit code 2) and is tested in the
suite instead.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from prdlint.engine.finding import printable  # noqa: E402  (how findings show a file name)

LIMIT_SECONDS = 30.0

BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + "".join(
    f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@dataclass
class Bad:
    name: str  # the file (or directory) under the tree
    expect: str  # text the finding for it must contain
    code: str
    make: Callable[[Path], None]


def _text(content: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(content, encoding="utf-8")


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(content)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


STORY = "# PRD\n\n## User Stories\n\n### Story 1: Export\n\nAs a user, I want export so that I can share.\n\n"
BAD: list[Bad] = [
    Bad("fifo.md", "not a regular file (a named pipe (FIFO))", "PRD001", _fifo),
    Bad("zero.md", "not a regular file (a character device)", "PRD001", _link("/dev/zero")),
    Bad("loop.md", "a symbolic link loop", "PRD001", _loop),
    Bad("broken.md", "no such file or directory (a broken symbolic link?)", "PRD001", _link("missing-target.md")),
    Bad("huge.md", "too large", "PRD001", _text("# Huge\n\n" + "word " * 2_200_000)),
    Bad("binary.md", "binary file", "PRD001", _bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 100)),
    Bad("latin1.md", "not valid UTF-8", "PRD001", _bytes("# Caf\xe9\n".encode("latin-1"))),
    Bad("utf16.md", "UTF-16 text without a byte order mark", "PRD001",
        _bytes("# Title\n\nText\n".encode("utf-16-le"))),
    Bad("bomb.md", "aliases expand to more than", "PRD505", _text(f"---\n{BOMB}---\n# Bomb\n")),
    Bad("recursive.md", "an alias refers to a node that contains it", "PRD505", _text("---\na: &a [*a]\n---\n# R\n")),
    Bad("date.md", "'2024-02-30' is not a valid date", "PRD505", _text("---\ncreated: 2024-02-30\n---\n# D\n")),
    Bad("fill-in-line.md", "fill-in marker '[FILL IN]'", "PRD101", _text("# D\n\n" + "[FILL IN] " * 8000 + "\n")),
    Bad("your-name-line.md", "'[Your Name]'", "PRD102", _text("# D\n\n" + "[Your Name] " * 7000 + "\n")),
    Bad("tbd-line.md", "unresolved TBD", "PRD103", _text("# D\n\n" + "TBD " * 20000 + "\n")),
    Bad("link-openers.md", "", "", _text("# D\n\n" + "[a](" * 20000 + "\n")),
    Bad("unclosed-comments.md", "", "", _text("# D\n\n" + "x <!-- y " * 20000 + "\n")),
    Bad("python-hashes.md", "", "", _text("# D\n\n```python\n" + "# " * 20000 + "[x]\n```\n")),
    Bad("gwt-run.md", "", "", _text(STORY + "".join(f"- Given a{i} when b then c\n" for i in range(3000)))),
    Bad("a-dash-runs.md", "", "", _text("# D\n\n" + "A-" * 50000 + "\n")),
    Bad("spaces.md", "", "", _text("# D" + " " * 50000 + "x\n\n| a | b |\n|---|---|\n| x" + " " * 50000 + "y | z |\n")),
    Bad("nfr-list.md", "", "", _text("# PRD\n\n## Non-Functional Requirements\n\n"
                                     + "".join(f"- NFR-{i}: The system shall be fast\n" for i in range(3000)))),
    Bad("directives.md", "", "", _text("# D\n\n" + "".join(
        f"<!-- prdlint-disable PRD103 -->\nTBD {i}\n<!-- PRDLINT-ENABLE PRD103 -->\n\n" for i in range(3000)))),
    Bad("code-block.md", "", "", _text("# D\n\n```\n" + "x = [a] # y\n" * 3000 + "```\n")),
    Bad("nesting.md", "", "", _text("# D\n\n" + "> " * 3000 + "x\n\n"
                                    + "".join("  " * i + "- x\n" for i in range(500)))),
    Bad("long-line.md", "", "", _text("# D\n\n" + "word " * 400_000 + "\n")),
    Bad("control\nchars\x1b.md", "unresolved TBD", "PRD103", _text("# D\n\nDate: TBD\n")),
    Bad(os.fsdecode(b"not-utf8-\xff.md"), "unresolved TBD", "PRD103", _text("# D\n\nDate: TBD\n")),
    Bad("form\ffeed.md", "", "PRD502", _text("# Title\n\nIntro.\n\n## \fEmpty\n\n## Next\n\nText.\n")),
]


def build(root: Path) -> list[Bad]:
    good = root / "good"
    good.mkdir(parents=True)
    shutil.copy(REPO / "examples" / "checkout-prd.md", good / "checkout-prd.md")
    (good / "clean.md").write_text("# Notes\n\nEverything is decided.\n", encoding="utf-8")
    (good / "notes.md").write_text("# Notes\n\nOwner: [FILL IN]\nDate: TBD\n", encoding="utf-8")
    made = []
    for bad in BAD:
        try:
            bad.make(root / bad.name)
        except (OSError, AttributeError, UnicodeError) as error:  # no FIFOs on Windows, names a file system refuses
            print(f"  (skipped {bad.name!r}: {error})")
            continue
        made.append(bad)
    return made


def run(root: Path, *paths: str, jobs: int | None = None) -> tuple[subprocess.CompletedProcess[str], float]:
    args = [sys.executable, "-m", "prdlint", "check", "--format", "json", "--isolated", *paths]
    if jobs is not None:
        args[4:4] = ["--jobs", str(jobs)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env["PYTHONPATH"] = str(REPO)
    start = time.perf_counter()
    done = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=120, env=env, check=False)
    return done, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", action="store_true", help="keep the tree (its path is printed)")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to prdlint")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="prdlint-hostile-"))
    try:
        made = build(scratch)
        done, elapsed = run(scratch, ".", jobs=args.jobs)
        report = json.loads(done.stdout)
        by_path: dict[str, list[dict[str, object]]] = {}
        for finding in report["findings"]:
            by_path.setdefault(str(finding["path"]), []).append(finding)
        failures = []
        print(f"tree: {scratch} ({len(made)} hostile inputs, 3 good files)")
        for bad in made:
            shown = printable(bad.name)
            found = by_path.get(shown, [])
            internal = [f for f in found if f["code"] == "PRD000"]
            wanted = [f for f in found if (not bad.code or f["code"] == bad.code)
                      and (not bad.expect or bad.expect in str(f["message"]))]
            ok = not internal and (bool(wanted) or not bad.code)
            first = wanted[0] if wanted else (found[0] if found else None)
            what = f"{first['code']} {str(first['message'])[:90]}" if first else "no finding"
            print(f"  {'ok ' if ok else 'BAD'} {shown[:28]:<28} {len(found):>6} finding(s); {what}")
            if not ok:
                failures.append(bad.name)
        for name in ("checkout-prd.md", "clean.md", "notes.md"):
            alone, _ = run(scratch / "good", name)
            expected = [(f["line"], f["column"], f["code"], f["message"]) for f in json.loads(alone.stdout)["findings"]]
            got = [(f["line"], f["column"], f["code"], f["message"]) for f in by_path.get(f"good/{name}", [])]
            same = expected == got
            print(f"  {'ok ' if same else 'BAD'} good/{name:<23} {len(got):>6} finding(s), as when linted alone")
            if not same:
                failures.append(f"good/{name}")
        print(f"prdlint check: exit code {done.returncode} in {elapsed:.1f} s "
              f"({report['summary']['files']} files, {report['summary']['findings']} findings)")
        if done.stderr.strip():
            print("stderr: " + done.stderr.strip().replace("\n", "\n        "))
        verdict = done.returncode == 1 and elapsed < LIMIT_SECONDS and not failures
        print(("PASS" if verdict else "FAIL") + f": exit 1, under {LIMIT_SECONDS:.0f} s, every input reported"
              + (f" (failed: {', '.join(failures)})" if failures else ""))
        return 0 if verdict else 1
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
