"""Findings per rule on the real-world corpus and the seeds: templates vs filled documents.

Usage::

    python bench/catalog_report.py                  # the table (Markdown)
    python bench/catalog_report.py --details filled # also every finding on the filled documents
    python bench/catalog_report.py --select PRD2,PRD3 --details filled

It lints ../shared/corpus/real/{templates,filled}/*.md (the group comes from
MANIFEST.tsv) and ../shared/seeds/*.md with the default configuration, each
file with the profile detection would give it, and prints how many findings
each rule produced per group, with the profiles the files got. Templates should
light up; on filled documents every finding is either a true finding or a rule
to fix. Nothing here is special-cased per file.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from prdlint.engine.linter import FileResult
from prdlint.runner import Runner, RunOptions

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "real"
SEEDS = SHARED / "seeds"
GROUPS = ("seeds", "templates", "filled")


def corpus_files() -> list[tuple[str, Path]]:
    """(group, path) for every seed and corpus document, the group read from MANIFEST.tsv."""
    files: list[tuple[str, Path]] = [("seeds", path) for path in sorted(SEEDS.glob("*.md"))]
    manifest = CORPUS / "MANIFEST.tsv"
    groups: dict[str, str] = {}
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                groups[row["file"]] = row["group"]
    for folder in ("templates", "filled"):
        for path in sorted((CORPUS / folder).glob("*.md")):
            files.append((groups.get(path.name, folder), path))
    return files


def lint_all(
    files: Sequence[tuple[str, Path]], select: tuple[str, ...] | None
) -> list[tuple[str, FileResult]]:
    runner = Runner(RunOptions(select=select, isolated=True))
    results = []
    for group, path in files:
        target = runner.targets([str(path)])[0]
        results.append((group, runner.lint_target(target)))
    return results


def table(results: Sequence[tuple[str, FileResult]], codes: Sequence[str]) -> str:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    files_with: dict[str, Counter[str]] = defaultdict(Counter)
    profiles: dict[str, Counter[str]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for group, result in results:
        totals[group] += 1
        profiles[group][result.profile] += 1
        seen = set()
        for finding in result.findings:
            counts[finding.code][group] += 1
            if finding.code not in seen:
                files_with[finding.code][group] += 1
                seen.add(finding.code)
    lines = [
        "| Rule | " + " | ".join(f"{g} ({totals[g]} files)" for g in GROUPS) + " |",
        "|---|" + "---|" * len(GROUPS),
    ]
    for code in codes:
        cells = [f"{counts[code][g]} in {files_with[code][g]}" if counts[code][g] else "0" for g in GROUPS]
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    lines.append(
        "| profiles | "
        + " | ".join(", ".join(f"{p} {n}" for p, n in sorted(profiles[g].items())) for g in GROUPS)
        + " |"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--select", help="rule selectors, comma-separated (default: every rule)")
    parser.add_argument(
        "--details",
        choices=GROUPS,
        action="append",
        default=[],
        help="also print every finding of this group (repeatable)",
    )
    args = parser.parse_args(argv)
    if not CORPUS.is_dir() and not SEEDS.is_dir():
        print(f"no corpus: {SHARED} is not present", file=sys.stderr)
        return 2
    select = tuple(s.strip() for s in args.select.split(",")) if args.select else None
    results = lint_all(corpus_files(), select)
    from prdlint.config import default_config
    from prdlint.engine.registry import registry_for

    registry = registry_for(default_config(ROOT))
    codes = [rule.code for rule in registry if rule.code >= "PRD2"]
    if select:
        wanted = {r.code for s in select for r in registry.resolve(s) or []}
        codes = [c for c in codes if c in wanted]
    print(table(results, codes))
    for group in args.details:
        print(f"\n## Findings on {group} documents\n")
        for result_group, result in results:
            if result_group != group:
                continue
            shown = [f for f in result.findings if f.code in codes]
            if not shown:
                continue
            print(f"### {Path(result.path).name} (profile {result.profile})")
            for finding in shown:
                print(f"{finding.line}:{finding.col} {finding.code} {finding.message}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
