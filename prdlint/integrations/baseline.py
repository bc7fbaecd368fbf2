"""Baselines: accept the findings a tree has today, and report only new ones from then on.

``prdlint baseline [PATHS]`` writes ``.prdlint-baseline.json``; ``prdlint check --baseline FILE``
hides the findings it lists and says how many of them are fixed. The file is versioned JSON,
one entry per line, sorted, with nothing that changes from run to run (no dates, no prdlint
version), so it diffs well in review::

    {
      "version": 1,
      "fingerprint": "prdlint/v1",
      "entries": [
        {"rule": "PRD101", "path": "docs/prd.md", "fingerprint": "1f0c...", "count": 2}
      ]
    }

An entry says: ``path`` has ``count`` findings of ``rule`` whose fingerprint identity (the rule,
the normalised offending text and the normalised text of its line; see
prdlint.engine.fingerprint) is ``fingerprint``. Paths are relative to the directory of the
baseline file, so a check from any directory finds them. Matching is count-aware: with
``count: 1`` and the same finding twice, the second (by position) is reported. Line numbers
play no part, so moving paragraphs and editing other lines changes nothing.

A file renamed or moved since the baseline keeps its entries when its old path no longer
exists, its new path is not in the baseline, and more than half of the old path's baselined
findings turn up, unchanged, in the new file. Otherwise its findings are reported as new
(and the old path's count as fixed).

``fixed`` counts baselined findings that are no longer present in the files this run linted
(or whose file is gone); entries for files outside this run's paths are left out of it.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from prdlint.atomic import write_text_atomically
from prdlint.engine.fingerprint import IDENTITY_LENGTH, VERSION, identity
from prdlint.engine.linter import FileResult
from prdlint.engine.settings import UsageError
from prdlint.inputs import InputError, read_text

BASELINE_VERSION = 1
DEFAULT_BASELINE = ".prdlint-baseline.json"
RENAME_SHARE = 0.5  # a new file must carry more than this share of an old path's findings


class BaselineError(UsageError):
    """A missing, unreadable or invalid baseline file (exit code 2)."""


Key = tuple[str, str, str]  # path, rule, fingerprint identity


@dataclass(frozen=True, order=True)
class Entry:
    """One baseline entry: findings of a rule with one fingerprint in one file."""

    path: str
    rule: str
    fingerprint: str
    count: int = 1

    @property
    def key(self) -> Key:
        return self.path, self.rule, self.fingerprint


@dataclass
class Baseline:
    """A baseline file and its entries."""

    file: Path
    entries: list[Entry]

    @property
    def directory(self) -> Path:
        return Path(os.path.abspath(self.file)).parent


def relative_path(display: str, directory: Path, cwd: Path | None = None) -> str:
    """A finding's display path (relative to ``cwd``) relative to ``directory``, with '/'."""
    if display == "-":
        return display
    cwd = cwd or Path.cwd()
    path = Path(display)
    absolute = os.path.abspath(path if path.is_absolute() else cwd / path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(directory))
    except ValueError:  # another drive on Windows
        relative = absolute
    return relative.replace(os.sep, "/")


def entries_for(results: Iterable[FileResult], directory: Path, cwd: Path | None = None) -> list[Entry]:
    counts: Counter[Key] = Counter()
    for result in results:
        path = relative_path(result.path, directory, cwd)
        for finding in result.findings:
            if not finding.internal:  # a prdlint bug is not a finding to live with
                counts[(path, finding.code, identity(finding.fingerprint))] += 1
    return sorted(Entry(path, rule, print_, count) for (path, rule, print_), count in counts.items())


def _json_line(entry: Entry) -> str:
    data = {"rule": entry.rule, "path": entry.path, "fingerprint": entry.fingerprint, "count": entry.count}
    line = json.dumps(data, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not valid UTF-8: escaped, and it reads back the same
        line = json.dumps(data)
    return line


def dumps(entries: Sequence[Entry]) -> str:
    """The file's text: stable key order, one entry per line."""
    lines = [_json_line(e) for e in sorted(entries)]
    body = ("[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]") if lines else "[]"
    return (
        "{\n"
        f'  "version": {BASELINE_VERSION},\n'
        f'  "fingerprint": {json.dumps(VERSION)},\n'
        f'  "entries": {body}\n'
        "}\n"
    )


def write_baseline(file: Path, results: Iterable[FileResult], cwd: Path | None = None) -> list[Entry]:
    entries = entries_for(results, Path(os.path.abspath(file)).parent, cwd)
    try:
        write_text_atomically(file, dumps(entries), newline="\n")  # never half a baseline
    except OSError as error:
        raise BaselineError(f"cannot write the baseline {file}: {error.strerror or error}") from None
    return entries


def load_baseline(file: Path) -> Baseline:
    where = f"baseline {file}"
    if not os.path.lexists(file):
        raise BaselineError(f"{where}: no such file (create it with 'prdlint baseline')")
    try:
        text = read_text(file, encoding="utf-8")  # a regular file only: a named pipe would block
    except InputError as error:
        raise BaselineError(f"{where}: {error}") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{where}: cannot be read: not UTF-8") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"{where}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None
    except RecursionError:
        raise BaselineError(f"{where}: not a prdlint baseline (nested too deeply)") from None
    if not isinstance(data, dict) or "entries" not in data or "version" not in data:
        raise BaselineError(f"{where}: not a prdlint baseline (expected 'version' and 'entries')")
    if data["version"] != BASELINE_VERSION:
        raise BaselineError(
            f"{where}: format version {data['version']!r} is not supported (this prdlint reads "
            f"version {BASELINE_VERSION}); regenerate it with 'prdlint baseline'"
        )
    if data.get("fingerprint") != VERSION:
        raise BaselineError(
            f"{where}: made with fingerprint scheme {data.get('fingerprint')!r}, this prdlint uses "
            f"{VERSION!r}; regenerate it with 'prdlint baseline'"
        )
    raw = data["entries"]
    if not isinstance(raw, list):
        raise BaselineError(f"{where}: 'entries' must be a list")
    entries: list[Entry] = []
    for index, item in enumerate(raw):
        if not (
            isinstance(item, dict)
            and isinstance(item.get("rule"), str)
            and isinstance(item.get("path"), str)
            and isinstance(item.get("fingerprint"), str)
            and len(item["fingerprint"]) == IDENTITY_LENGTH
            and isinstance(item.get("count", 1), int)
            and not isinstance(item.get("count", 1), bool)
            and item.get("count", 1) >= 1
        ):
            raise BaselineError(
                f"{where}: entries[{index}] must have 'rule', 'path', a {IDENTITY_LENGTH}-digit "
                "'fingerprint' and a positive 'count'"
            )
        entries.append(Entry(item["path"], item["rule"], item["fingerprint"], item.get("count", 1)))
    return Baseline(file, entries)


@dataclass
class BaselineSummary:
    """What a baseline hid and what is new."""

    file: str
    baselined: int = 0  # findings the baseline lists
    matched: int = 0  # findings of this run it hid
    fixed: int = 0  # baselined findings no longer present
    new: int = 0  # findings of this run it does not list
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (old path, new path) followed

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "baselined": self.baselined,
            "matched": self.matched,
            "fixed": self.fixed,
            "new": self.new,
            "renamed": [{"from": old, "to": new} for old, new in self.renamed],
        }

    def note(self) -> str:
        text = (
            f"baseline {self.file}: {_plural(self.matched, 'known finding')} hidden, "
            f"{self.new} new, {self.fixed} fixed since the baseline"
        )
        if self.renamed:
            text += f" ({_plural(len(self.renamed), 'renamed file')} followed)"
        if self.fixed:
            text += "; 'prdlint baseline' updates it"
        return text


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def apply_baseline(
    results: Sequence[FileResult], baseline: Baseline, cwd: Path | None = None
) -> tuple[list[FileResult], BaselineSummary]:
    """The results without the findings the baseline lists (count-aware), and what happened."""
    directory = baseline.directory
    remaining: Counter[Key] = Counter()
    for entry in baseline.entries:
        remaining[entry.key] += entry.count
    summary = BaselineSummary(str(baseline.file), baselined=sum(remaining.values()))
    paths = [relative_path(result.path, directory, cwd) for result in results]
    # Pass 1: same path, same rule, same fingerprint identity; findings in position order.
    unmatched: list[list[bool]] = []
    for result, path in zip(results, paths, strict=True):
        flags = []
        for finding in sorted(result.findings, key=lambda f: f.sort_key):
            key = (path, finding.code, identity(finding.fingerprint))
            if remaining[key] > 0:
                remaining[key] -= 1
                flags.append(False)
            else:
                flags.append(True)
        unmatched.append(flags)
    # Pass 2: files renamed since the baseline.
    linted = set(paths)
    known = {entry.path for entry in baseline.entries}
    gone = {p for p in known - linted if p != "-" and not (directory / p).exists()}
    newcomers = [i for i, path in enumerate(paths) if path not in known and any(unmatched[i])]
    for index, old in _pair_renames(results, paths, unmatched, newcomers, gone, remaining):
        result = results[index]
        for position, finding in enumerate(sorted(result.findings, key=lambda f: f.sort_key)):
            key = (old, finding.code, identity(finding.fingerprint))
            if unmatched[index][position] and remaining[key] > 0:
                remaining[key] -= 1
                unmatched[index][position] = False
        summary.renamed.append((old, paths[index]))
    in_scope = linted | gone
    summary.fixed = sum(count for (path, _, _), count in remaining.items() if path in in_scope)
    out: list[FileResult] = []
    for result, flags in zip(results, unmatched, strict=True):
        ordered = sorted(result.findings, key=lambda f: f.sort_key)
        kept = [finding for finding, new in zip(ordered, flags, strict=True) if new]
        summary.matched += len(ordered) - len(kept)
        summary.new += len(kept)
        out.append(replace(result, findings=kept))
    return out, summary


def _pair_renames(
    results: Sequence[FileResult],
    paths: Sequence[str],
    unmatched: Sequence[Sequence[bool]],
    newcomers: Sequence[int],
    gone: set[str],
    remaining: Counter[Key],
) -> list[tuple[int, str]]:
    """(result index, old path) for new files that carry most of a vanished file's findings."""
    by_old: dict[str, Counter[tuple[str, str]]] = {old: Counter() for old in gone}
    for (path, rule, print_), count in remaining.items():
        if path in by_old and count > 0:
            by_old[path][(rule, print_)] += count
    candidates: list[tuple[int, bool, int, str]] = []  # (-overlap, other name, index, old)
    for index in newcomers:
        ordered = sorted(results[index].findings, key=lambda f: f.sort_key)
        mine = Counter(
            (f.code, identity(f.fingerprint)) for f, new in zip(ordered, unmatched[index], strict=True) if new
        )
        for old, theirs in by_old.items():
            overlap = sum((mine & theirs).values())
            if overlap > RENAME_SHARE * sum(theirs.values()):
                candidates.append((-overlap, Path(old).name != Path(paths[index]).name, index, old))
    pairs: list[tuple[int, str]] = []
    used_new: set[int] = set()
    used_old: set[str] = set()
    for _, _, index, old in sorted(candidates):
        if index not in used_new and old not in used_old:
            used_new.add(index)
            used_old.add(old)
            pairs.append((index, old))
    return pairs
