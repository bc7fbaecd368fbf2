#!/usr/bin/env python3
"""Check that an optimisation changed no finding: record every result once, compare later.

usage: python bench/same_output.py record FILE   write the results of this checkout to FILE
       python bench/same_output.py compare FILE  exit 1 (and show the first difference) if they differ

It lints the seeds, the real corpus (../shared), the repository's own documents and a 2.5 MB
file built from the seeds (../shared, or $PRDLINT_SHARED), under each profile (detected, prd, strategy, generic), in one
process with the cache off, and writes every field of every result: positions, messages,
offending text, fingerprints, profiles and their reasons, suppressed counts and errors.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRDLINT_SHARED", REPO.parent / "shared"))  # ../shared, as in CI


def documents(scratch: Path) -> list[Path]:
    paths = sorted((SHARED / "seeds").glob("*.md")) + sorted((SHARED / "corpus" / "real").rglob("*.md"))
    for folder, pattern in ((REPO, "*.md"), (REPO / "docs", "**/*.md"), (REPO / "examples", "**/*.md")):
        paths += sorted(folder.glob(pattern))
    seeds = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.md"))]
    parts: list[str] = []
    size = 0
    while size < 2_500_000:
        part = seeds[len(parts) % len(seeds)].rstrip("\n") + "\n\n"
        parts.append(part)
        size += len(part.encode())
    big = scratch / "big.md"
    big.write_text("".join(parts), encoding="utf-8")
    return [*paths, big]


def results(paths: list[Path]) -> list[dict[str, Any]]:
    from prdlint.runner import Runner, RunOptions

    try:
        from prdlint.kinds.expectations import builtin_kinds

        kinds: tuple[str | None, ...] = (None, *builtin_kinds())
    except ImportError:  # before document kinds
        kinds = (None, "prd", "strategy", "generic")
    out: list[dict[str, Any]] = []
    for profile in kinds:
        options = RunOptions(profile=profile, isolated=True, jobs=1, **_no_cache())
        runner = Runner(options)
        targets = runner.targets([str(p) for p in paths])
        for target, result in zip(targets, runner.lint_all(targets), strict=True):
            out.append({
                "profile_option": profile,
                "path": Path(target.display).name,
                "profile": result.profile,
                "reason": result.profile_reason,
                "suppressed": result.suppressed,
                "errors": result.errors,
                "findings": [
                    [f.line, f.col, f.end_line, f.end_col, f.code, f.name, f.severity.value, f.message, f.text,
                     f.fingerprint]
                    for f in result.findings
                ],
            })
    return out


def _no_cache() -> dict[str, Any]:
    from dataclasses import fields

    from prdlint.runner import RunOptions

    return {"cache": False} if any(f.name == "cache" for f in fields(RunOptions)) else {}


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "compare"):
        sys.exit(__doc__)
    if not SHARED.is_dir():
        sys.exit(f"{SHARED} not found")
    with tempfile.TemporaryDirectory() as scratch:
        data = results(documents(Path(scratch)))
    target = Path(sys.argv[2])
    if sys.argv[1] == "record":
        target.write_text(json.dumps(data, indent=0, ensure_ascii=False), encoding="utf-8")
        print(f"recorded {len(data)} results, {sum(len(r['findings']) for r in data)} findings in {target}")
        return
    expected = json.loads(target.read_text(encoding="utf-8"))
    for want, got in zip(expected, data, strict=False):
        if want != got:
            print(f"differs: {want['path']} (profile option {want['profile_option']})")
            for key in want:
                if want[key] != got.get(key):
                    if key == "findings":
                        for a, b in zip(want[key], got[key], strict=False):
                            if a != b:
                                print(f"  first differing finding:\n  - {a}\n  + {b}")
                                break
                        print(f"  {len(want[key])} findings before, {len(got[key])} now")
                    else:
                        print(f"  {key}: {want[key]!r} -> {got.get(key)!r}")
            sys.exit(1)
    if len(expected) != len(data):
        sys.exit(f"{len(expected)} results before, {len(data)} now")
    print(f"same: {len(data)} results, {sum(len(r['findings']) for r in data)} findings")


if __name__ == "__main__":
    main()
