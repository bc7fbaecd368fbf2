"""GitHub Actions workflow commands: ``::error file=..,line=..::message``, one line per finding.

A PRD on a pull request from a fork is untrusted input, and so are its file names. The runner
reads our standard output line by line (CR, LF and CRLF all end a line) and runs any line that
starts, after leading white space, with ``::command`` -- and, for old-style commands, any line that
contains ``##[command]`` anywhere. So every line this reporter writes is either

- a command it built itself (``::error``, ``::warning`` or ``::notice``), in which every value is
  escaped as the runner unescapes it: data ``%``->``%25``, CR->``%0D``, LF->``%0A``; property values
  also ``:``->``%3A`` and ``,``->``%2C``. No CR or LF survives, so document text can never begin a line,
  and the runner's parser stops at our own ``::`` before it reaches any ``::`` or ``##[`` in the data; or
- a summary line made only of our own words and numbers (never document text or a path).

Findings come errors first: GitHub shows only the first 10 error, 10 warning and 10 notice
annotations of a step (and 50 per job); every finding is still in the log.
"""

from __future__ import annotations

import contextlib
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from prdlint.engine.finding import Finding, Severity
from prdlint.reporters.base import Report
from prdlint.reporters.common import counts_phrase, plural, repo_relative, severity_first, source_root

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
# GitHub turns at most this many workflow commands of each level into annotations per step.
ANNOTATIONS_PER_LEVEL = 10
ANNOTATIONS_PER_JOB = 50


def escape_data(value: str) -> str:
    """Escape the message part of a workflow command (``%`` first, so escapes are not doubled)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value: data escaping plus ``:`` and ``,``, which end a value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(finding: Finding, path: str | None = None) -> str:
    """One ``::error``/``::warning``/``::notice`` line (without newline) for a finding.

    ``path`` is the file as the runner should see it (relative to the workspace); columns are
    only given when the finding starts and ends on one line, as GitHub requires.
    """
    end_line = finding.end_line or finding.line
    properties = [("file", path if path is not None else finding.path), ("line", str(max(finding.line, 1)))]
    if end_line == finding.line:
        properties.append(("col", str(max(finding.col, 1))))
        if finding.end_col is not None and finding.end_col >= finding.col:
            properties.append(("endColumn", str(finding.end_col)))
    properties.append(("endLine", str(max(end_line, finding.line, 1))))
    properties.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(finding.message)}"


def over_the_cap(findings: Iterable[Finding]) -> int:
    """How many findings GitHub will not show as annotations when sent as workflow commands in one step."""
    counts = Counter(f.severity for f in findings)
    return sum(max(0, count - ANNOTATIONS_PER_LEVEL) for count in counts.values())


def render_commands(findings: Iterable[Finding], stream: TextIO, root: Path | None = None) -> int:
    """Write one workflow command per finding, errors first; returns how many were written."""
    root = source_root() if root is None else root
    written = 0
    for finding in severity_first(findings):
        stream.write(workflow_command(finding, repo_relative(finding.path, root)) + "\n")
        written += 1
    return written


def cap_notice(findings: list[Finding]) -> str | None:
    """A plain log line (never a command) saying how many findings GitHub will not annotate."""
    hidden = over_the_cap(findings)
    if not hidden:
        return None
    return (
        f"prdlint: GitHub shows at most {ANNOTATIONS_PER_LEVEL} error, {ANNOTATIONS_PER_LEVEL} warning and "
        f"{ANNOTATIONS_PER_LEVEL} notice annotations per step ({ANNOTATIONS_PER_JOB} per job), so "
        f"{plural(hidden, 'finding')} above have no annotation; every finding is listed in this log."
    )


class GithubReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        findings = report.findings
        render_commands(findings, stream)
        if report.quiet:
            return
        with_findings = sum(1 for result in report.files if result.findings)
        stream.write(
            f"prdlint: {counts_phrase(findings)} in {with_findings} of {plural(len(report.files), 'file')}.\n"
        )
        notice = cap_notice(findings)
        if notice:
            stream.write(notice + "\n")


@contextlib.contextmanager
def commands_stopped(stream: TextIO, enabled: bool = True) -> Iterator[None]:
    """Make the runner ignore workflow commands in everything written to ``stream`` inside the block.

    For output that quotes documents but is not made of workflow commands (the text format in
    a GitHub Actions log): ``::stop-commands::TOKEN`` ... ``::TOKEN::`` with an unguessable token,
    resumed even when the block raises.
    """
    if not enabled:
        yield
        return
    token = f"prdlint-{secrets.token_hex(16)}"
    stream.write(f"::stop-commands::{token}\n")
    stream.flush()
    try:
        yield
    finally:
        stream.write(f"::{token}::\n")
        stream.flush()
