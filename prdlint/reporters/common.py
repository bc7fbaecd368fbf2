"""What several reporters share: documentation links, severity order, repository-relative paths.

Nothing here imports more than the standard library; ``git`` runs at most once per process and
only for formats that need repository-relative paths (SARIF, GitLab, GitHub).
"""

from __future__ import annotations

import functools
import os
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from prdlint.engine.finding import Finding, Severity

HOMEPAGE = "https://github.com/prdlint/prdlint"
# Where the rule reference lives; a rule's anchor is '#prd101-fill-in-marker' (GitHub's heading slug).
DOCS_BASE_URL = f"{HOMEPAGE}/blob/main/docs/"
RULES_DOC_URL = f"{DOCS_BASE_URL}rules.md"


def rule_anchor(code: str, name: str) -> str:
    """The GitHub heading slug of '## PRD101 fill-in-marker' in docs/rules.md."""
    return f"{code.lower()}-{name.lower()}"


def rule_url(code: str, name: str) -> str:
    return f"{RULES_DOC_URL}#{rule_anchor(code, name)}"


def severity_first(findings: Iterable[Finding]) -> list[Finding]:
    """Worst first (errors, warnings, info), then by path, line, column and code."""
    return sorted(findings, key=lambda f: (-f.severity.rank, f.sort_key))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts_phrase(findings: Iterable[Finding]) -> str:
    """'6 problems (4 errors, 2 warnings)' or 'no problems'."""
    counts = {severity: 0 for severity in Severity}
    total = 0
    for finding in findings:
        counts[finding.severity] += 1
        total += 1
    if not total:
        return "no problems"
    parts = [plural(counts[s], s.value) for s in Severity if counts[s]]
    return f"{plural(total, 'problem')} ({', '.join(parts)})"


@functools.lru_cache(maxsize=8)
def _git_toplevel(cwd: str) -> Path | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=cwd, capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    top = done.stdout.strip()
    return Path(top).resolve() if done.returncode == 0 and top else None


def source_root(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path:
    """The directory repository-relative paths are relative to.

    ``GITHUB_WORKSPACE`` in GitHub Actions (the checkout), else the git top level above the
    current directory, else the current directory itself.
    """
    environ = os.environ if environ is None else environ
    here = (cwd or Path.cwd()).resolve()
    workspace = environ.get("GITHUB_WORKSPACE", "").strip()
    if workspace:
        return Path(workspace).resolve()
    return _git_toplevel(str(here)) or here


def repo_relative(display_path: str, root: Path, cwd: Path | None = None) -> str | None:
    """``display_path`` (as findings show it, relative to the current directory) relative to ``root``.

    POSIX separators, no leading './'. None for standard input and for files outside ``root``.
    """
    if display_path == "-" or not display_path:
        return None
    return _repo_relative(display_path, root, cwd or Path.cwd())


@functools.lru_cache(maxsize=4096)
def _repo_relative(display_path: str, root: Path, cwd: Path) -> str | None:
    here = cwd.resolve()
    absolute = Path(os.path.normpath(here / display_path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        # The root may be reached through a symbolic link that cwd resolved differently.
        try:
            relative = absolute.resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            return None
    text = PurePosixPath(*relative.parts).as_posix()
    return None if text in ("", ".") else text
