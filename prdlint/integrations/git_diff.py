"""Only what a pull request touched: keep the findings on lines that ``git diff`` shows as changed.

``--diff-base REF`` compares the merge base of REF and HEAD (what a pull request's "Files
changed" tab shows, whatever happened on the base branch since) with the working tree, so
committed, staged and unstaged changes all count, and untracked files that are not ignored
count as wholly added. Renames are detected (``-M``): a renamed file's findings are judged by
the lines the rename changed. When REF and HEAD have no merge base (a shallow clone, unrelated
histories), REF itself is the base, and the note says so.

``--filter-mode`` picks what is kept (the modes reviewdog users know):

- ``added``: findings on added or modified lines;
- ``diff_context``: findings within the diff's hunks (changed lines and their context lines);
- ``file``: every finding in a file the diff lists (renamed without edits included);
- ``nofilter``: every finding.

A finding spanning several lines is kept when any of its lines qualifies. Standard input
without ``--stdin-filename`` is not filtered; with it, it is judged by that path. A document-level
finding (no offending text, such as a missing section or an unreadable file) is kept by
``added`` and ``diff_context`` when the file's content changed: removing lines can be what
caused it. A rename without edits changes no content.
"""

from __future__ import annotations

import enum
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from prdlint.engine.finding import Finding
from prdlint.engine.linter import FileResult
from prdlint.engine.settings import UsageError


class DiffError(UsageError):
    """The diff cannot be computed (no repository, unknown ref, git missing): a usage error."""


class FilterMode(str, enum.Enum):
    ADDED = "added"
    DIFF_CONTEXT = "diff_context"
    FILE = "file"
    NOFILTER = "nofilter"


FILTER_MODES = tuple(mode.value for mode in FilterMode)


@dataclass
class ChangedFile:
    """One file of the diff, by its path in the new tree (relative to the repository root, with '/')."""

    path: str
    old_path: str | None = None  # the path in the base tree when renamed or copied
    added: set[int] = field(default_factory=set)  # new-file line numbers that were added
    hunks: list[tuple[int, int]] = field(default_factory=list)  # new-file line ranges, inclusive
    all_added: bool = False  # untracked, or binary: every line counts as added
    content_changed: bool = False

    def has_added(self, first: int, last: int) -> bool:
        return self.all_added or any(line in self.added for line in range(first, last + 1))

    def in_hunks(self, first: int, last: int) -> bool:
        return self.all_added or any(start <= last and first <= end for start, end in self.hunks)


@dataclass
class GitDiff:
    """The files and lines that changed since a base commit."""

    root: Path  # the repository's top-level directory
    base: str  # the REF as given
    base_commit: str  # the commit compared with the working tree
    merge_base: bool  # False when REF itself is used (no merge base)
    files: dict[str, ChangedFile] = field(default_factory=dict)

    def repo_path(self, display: str, cwd: Path) -> str | None:
        """A finding's display path (relative to ``cwd``, or absolute) as a path in the repository."""
        path = Path(display)
        absolute = Path(os.path.abspath(path if path.is_absolute() else cwd / path))
        for root, candidate in ((self.root, absolute), (self.root.resolve(), absolute.resolve())):
            try:
                return candidate.relative_to(root).as_posix()
            except ValueError:
                continue
        return None


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=cwd, capture_output=True, check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except FileNotFoundError:
        raise DiffError("--diff-base needs git, and no 'git' command was found") from None


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def _first_line(data: bytes) -> str:
    """git's first "fatal:"/"error:" line (hints follow it), or its first line."""
    lines = [line.strip() for line in _text(data).strip().splitlines() if line.strip()]
    important = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (important or lines or [""])[0]


def load_diff(base: str, cwd: Path | None = None) -> GitDiff:
    """The changes between the merge base of ``base`` and HEAD and the working tree at ``cwd``."""
    cwd = cwd or Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        problem = _first_line(top.stderr)
        if "not a git repository" in problem.lower() or not problem:
            raise DiffError(f"--diff-base {base}: {cwd} is not inside a git repository")
        raise DiffError(f"--diff-base {base}: git cannot read the repository: {problem}")
    root = Path(_text(top.stdout).strip())
    if not base or base.startswith("-"):
        raise DiffError(f"--diff-base {base!r}: not a git revision")
    resolved = _git(["rev-parse", "--verify", "--quiet", base + "^{commit}"], cwd)
    if resolved.returncode != 0:
        raise DiffError(f"--diff-base {base}: unknown revision (is it fetched? a shallow clone may lack it)")
    base_commit = _text(resolved.stdout).strip()
    merge_base = True
    has_head = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cwd).returncode == 0
    found = _git(["merge-base", base_commit, "HEAD"], cwd) if has_head else None
    if found is not None and found.returncode == 0 and found.stdout.strip():
        base_commit = _text(found.stdout).strip()
    else:
        merge_base = False
    diff = _git(
        [
            "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-relative", "-M", "--unified=3",
            "--src-prefix=a/", "--dst-prefix=b/", "--ignore-submodules", base_commit, "--",
        ],
        cwd,
    )
    if diff.returncode != 0:
        raise DiffError(f"--diff-base {base}: git diff failed: {_first_line(diff.stderr)}")
    result = GitDiff(root=root, base=base, base_commit=base_commit, merge_base=merge_base)
    result.files = parse_diff(_text(diff.stdout))
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", "."], root)
    if untracked.returncode == 0:
        for name in _text(untracked.stdout).split("\0"):
            if name:
                result.files[name] = ChangedFile(name, all_added=True, content_changed=True)
    return result


_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote(name: str) -> str:
    """A path as git prints it: C-quoted (``"a\\tb"``, octal bytes) when it has special characters."""
    if not (len(name) >= 2 and name.startswith('"') and name.endswith('"')):
        return name
    body, out, i = name[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            following = body[i + 1]
            if following in _ESCAPES:
                out.append(_ESCAPES[following])
                i += 2
                continue
            if re.match(r"[0-7]{3}", body[i + 1 : i + 4]):
                out.append(int(body[i + 1 : i + 4], 8))
                i += 4
                continue
        out += char.encode("utf-8", "surrogateescape")
        i += 1
    return out.decode("utf-8", "surrogateescape")


def _header_path(value: str, prefix: str) -> str | None:
    value = value.rstrip("\t")  # git ends a name that contains a space with a tab
    if value == "/dev/null":
        return None
    value = unquote(value)
    return value[len(prefix):] if value.startswith(prefix) else value


def _git_header_paths(rest: str) -> tuple[str | None, str | None]:
    """``a/X b/Y`` from a ``diff --git`` line: reliable when quoted or when both names are equal."""
    if rest.startswith('"'):
        end = re.match(r'"(?:[^"\\]|\\.)*"', rest)
        if end is None:
            return None, None
        old, new = end.group(0), rest[end.end():].strip()
        return _header_path(old, "a/"), _header_path(new, "b/")
    half = (len(rest) - 1) // 2
    old, new = rest[:half], rest[half + 1:]
    if old.startswith("a/") and new.startswith("b/") and old[2:] == new[2:]:
        return old[2:], new[2:]
    if new.startswith('"'):
        first = rest[: rest.index(' "')]
        return _header_path(first, "a/"), _header_path(rest[len(first) + 1:], "b/")
    return None, None


def parse_diff(text: str) -> dict[str, ChangedFile]:
    """The files of a ``git diff`` patch, by new path (deleted files left out)."""
    files: dict[str, ChangedFile] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].startswith("diff --git "):
            i += 1
            continue
        old, new = _git_header_paths(lines[i][len("diff --git "):])
        deleted = False
        changed = ChangedFile(path="")
        i += 1
        while i < len(lines) and not lines[i].startswith(("diff --git ", "@@ ")):
            line = lines[i]
            if line.startswith(("rename from ", "copy from ")):
                old = unquote(line.split(" ", 2)[2])
            elif line.startswith(("rename to ", "copy to ")):
                new = unquote(line.split(" ", 2)[2])
            elif line.startswith("deleted file mode"):
                deleted = True
            elif line.startswith("--- "):
                old = _header_path(line[4:], "a/") or old
            elif line.startswith("+++ "):
                target = _header_path(line[4:], "b/")
                deleted = deleted or target is None
                new = target or new
            elif line.startswith("Binary files "):
                changed.all_added = changed.content_changed = True
            i += 1
        while i < len(lines) and lines[i].startswith("@@ "):
            match = _HUNK.match(lines[i])
            i += 1
            if match is None:
                continue
            old_left = int(match.group(1) or "1")
            line_no = int(match.group(2))
            new_left = int(match.group(3) or "1")
            changed.content_changed = True
            if new_left:
                changed.hunks.append((line_no, line_no + new_left - 1))
            while i < len(lines) and (old_left > 0 or new_left > 0):
                body = lines[i]
                i += 1
                if body.startswith("\\"):  # "\ No newline at end of file"
                    continue
                if body.startswith("+"):
                    changed.added.add(line_no)
                    line_no += 1
                    new_left -= 1
                elif body.startswith("-"):
                    old_left -= 1
                else:  # a context line (empty when diff.suppressBlankEmpty is set)
                    line_no += 1
                    new_left -= 1
                    old_left -= 1
            while i < len(lines) and lines[i].startswith("\\"):
                i += 1
        if deleted or new is None:
            continue
        changed.path = new
        changed.old_path = old if old != new else None
        files[new] = changed
    return files


@dataclass
class DiffSummary:
    """How many findings a diff filter kept and dropped."""

    mode: FilterMode
    kept: int = 0
    dropped: int = 0


def filter_results(
    results: Sequence[FileResult], diff: GitDiff, mode: FilterMode, cwd: Path | None = None
) -> tuple[list[FileResult], DiffSummary]:
    """The results with only the findings ``mode`` keeps; files stay (they were checked)."""
    cwd = cwd or Path.cwd()
    summary = DiffSummary(mode)
    out: list[FileResult] = []
    for result in results:
        if mode is FilterMode.NOFILTER or result.path == "-":
            kept = list(result.findings)
        else:
            repo_path = diff.repo_path(result.path, cwd)
            changed = diff.files.get(repo_path) if repo_path is not None else None
            kept = [f for f in result.findings if changed is not None and keeps(f, changed, mode)]
        summary.kept += len(kept)
        summary.dropped += len(result.findings) - len(kept)
        out.append(replace(result, findings=kept))
    return out, summary


def keeps(finding: Finding, changed: ChangedFile, mode: FilterMode) -> bool:
    if mode in (FilterMode.FILE, FilterMode.NOFILTER):
        return True
    if not finding.text:  # document-level: kept when the file's content changed
        return changed.content_changed
    last = max(finding.line, finding.end_line or finding.line)
    if mode is FilterMode.ADDED:
        return changed.has_added(finding.line, last)
    return changed.in_hunks(finding.line, last)
