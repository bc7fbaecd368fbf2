"""``prdlint check``'s pull-request filters: ``--baseline``, ``--diff-base`` and ``--filter-mode``.

They take the findings after linting and before reporting: the baseline first (so its
"fixed" count sees every finding), then the diff. What they did goes to ``Report.extra``
(``extra["baseline"]``, ``extra["diff"]``) for the reporters, and as one line each on stderr.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from prdlint.engine.linter import FileResult
from prdlint.engine.settings import UsageError

if TYPE_CHECKING:  # imported when a run uses them: git_diff brings subprocess, baseline the fingerprints
    from prdlint.integrations.baseline import Baseline
    from prdlint.integrations.git_diff import FilterMode, GitDiff

F = TypeVar("F", bound=Callable[..., Any])
# git_diff.FILTER_MODES, spelled out so that defining the options imports nothing (tests/test_git_diff.py checks).
FILTER_MODES = ("added", "diff_context", "file", "nofilter")


def filter_options(function: F) -> F:
    """The click options of ``prdlint check`` for baselines and changed-lines filtering."""
    function = click.option(
        "--filter-mode", type=click.Choice(FILTER_MODES), default=None,
        help="With --diff-base: keep findings on added lines, within the diff's hunks, in changed files, "
             "or all.  [default: added]",
    )(function)
    function = click.option(
        "--diff-base", metavar="REF", default=None,
        help="Report only what changed since the merge base of REF and HEAD (working tree and untracked "
             "files included); see --filter-mode.",
    )(function)
    function = click.option(
        "--baseline", "baseline_file", metavar="FILE", type=click.Path(path_type=Path), default=None,
        help="Hide the findings listed in this baseline (made by 'prdlint baseline') and say how many "
             "of them are fixed.",
    )(function)
    return function


@dataclass
class Filters:
    """The pull-request filters of a run: a baseline and a diff."""

    baseline: Baseline | None = None
    diff: GitDiff | None = None
    mode: FilterMode | None = None  # with a diff: how it filters

    @classmethod
    def prepare(
        cls, baseline_file: Path | None = None, diff_base: str | None = None, filter_mode: str | None = None
    ) -> Filters:
        """Read the baseline and the diff before any file is linted; raises UsageError (exit code 2)."""
        if baseline_file is None and diff_base is None and filter_mode is None:
            return cls()
        from prdlint.integrations.baseline import load_baseline
        from prdlint.integrations.git_diff import FilterMode, load_diff

        mode = FilterMode(filter_mode) if filter_mode else FilterMode.ADDED
        if diff_base is None and filter_mode not in (None, FilterMode.NOFILTER.value):
            raise UsageError(f"--filter-mode {filter_mode} needs --diff-base REF")
        baseline = load_baseline(baseline_file) if baseline_file is not None else None
        diff = load_diff(diff_base) if diff_base is not None and mode is not FilterMode.NOFILTER else None
        return cls(baseline, diff, mode)

    @property
    def active(self) -> bool:
        return self.baseline is not None or self.diff is not None

    def apply(self, results: Sequence[FileResult]) -> tuple[list[FileResult], dict[str, object], list[str]]:
        """The kept results, the notes for ``Report.extra``, and one line per filter for stderr."""
        # Internal errors (PRD000) are never filtered out: a prdlint bug must not pass for a clean file.
        internal = [[f for f in result.findings if f.internal] for result in results]
        out = [replace(result, findings=[f for f in result.findings if not f.internal]) for result in results]
        extra: dict[str, object] = {}
        notes: list[str] = []
        if self.baseline is not None:
            from prdlint.integrations.baseline import apply_baseline

            out, summary = apply_baseline(out, self.baseline)
            extra["baseline"] = summary.as_dict()
            notes.append(summary.note())
        if self.diff is not None:
            from prdlint.integrations.git_diff import FilterMode, filter_results

            mode = self.mode or FilterMode.ADDED
            out, kept = filter_results(out, self.diff, mode)
            diff = self.diff
            extra["diff"] = {
                "base": diff.base,
                "base_commit": diff.base_commit,
                "merge_base": diff.merge_base,
                "filter_mode": mode.value,
                "changed_files": len(diff.files),
                "kept": kept.kept,
                "filtered_out": kept.dropped,
            }
            against = f"merge base {diff.base_commit[:12]}" if diff.merge_base else (
                f"{diff.base_commit[:12]} (no merge base with HEAD: a shallow clone?)"
            )
            notes.append(
                f"diff {diff.base} ({against}), filter mode {mode.value}: "
                f"{kept.kept} kept, {kept.dropped} outside the change left out"
            )
        out = [
            replace(result, findings=sorted([*errors, *result.findings], key=lambda f: f.sort_key)) if errors
            else result
            for result, errors in zip(out, internal, strict=True)
        ]
        return out, extra, notes
