"""A report for people: counts per family and rule, then a table per file, worst findings first.

It is also the GitHub step summary and the check run's summary, so it has a size limit: GitHub
takes at most 1 MiB per step summary and 65,535 characters per check-run summary. When the
findings do not fit, the most severe are kept and a note says how many were left out and where
the full list is. Document text is escaped, so a placeholder cannot add links, images, HTML or
break a table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from prdlint import __version__
from prdlint.engine.finding import Finding, Severity
from prdlint.reporters.base import Report
from prdlint.reporters.common import counts_phrase, plural, rule_url, severity_first

# Bytes of UTF-8 (which is never fewer than characters): below GitHub's 1 MiB step-summary cap,
# leaving room for a note prdlint may append to the same summary.
STEP_SUMMARY_LIMIT = 1024 * 1024
MARKDOWN_LIMIT = STEP_SUMMARY_LIMIT - 32 * 1024
_NOTE_RESERVE = 1024

_WORST_FIRST = (Severity.ERROR, Severity.WARNING, Severity.INFO)
_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~!#])")
_NEWLINES = re.compile(r"\r\n|[\r\n\u2028\u2029\x85\x0b\x0c]")


def escape(text: str) -> str:
    """Literal text inside a Markdown table cell or heading: no markup, links, HTML or line breaks."""
    return _SPECIAL.sub(r"\\\1", _NEWLINES.sub(" ", text))


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


@dataclass(frozen=True)
class _Row:
    """A finding and its rendered table row."""

    finding: Finding
    text: str


def _row(finding: Finding) -> str:
    where = f"{finding.line}:{finding.col}"
    rule = f"[{finding.code}]({rule_url(finding.code, finding.name)}) {escape(finding.name)}"
    return f"| {where} | {finding.severity.value} | {rule} | {escape(finding.message)} |\n"


def _file_heading(path: str, findings: Sequence[Finding]) -> str:
    return (
        f"\n### {escape(path)}\n\n{counts_phrase(findings)}\n\n"
        "| Line:Col | Severity | Rule | Message |\n|---:|---|---|---|\n"
    )


def _file_order(by_path: dict[str, list[Finding]]) -> list[str]:
    """Files with the worst findings first: most errors, then warnings, then info, then by path."""
    counts = {path: Counter(f.severity for f in found) for path, found in by_path.items()}
    return sorted(
        counts,
        key=lambda path: (*(-counts[path][s] for s in _WORST_FIRST), path),
    )


def _filter_notes(extra: dict[str, object]) -> list[str]:
    """What --baseline and --diff-base left out, so a reader knows the report is partial."""
    notes = []
    baseline = extra.get("baseline")
    if isinstance(baseline, dict):
        hidden = plural(int(str(baseline.get("matched", 0))), "known finding")
        fixed = plural(int(str(baseline.get("fixed", 0))), "baselined finding")
        name = escape(str(baseline.get("file", "")))
        notes.append(f"Baseline `{name}`: {hidden} not shown, {fixed} fixed since it was recorded.")
    diff = extra.get("diff")
    if isinstance(diff, dict):
        left_out = plural(int(str(diff.get("filtered_out", 0))), "finding")
        notes.append(
            f"Only findings in the change since `{escape(str(diff.get('base', '')))}` (filter mode "
            f"`{diff.get('filter_mode')}`): {left_out} outside it left out."
        )
    return notes


def _header(report: Report, findings: list[Finding], title: bool) -> str:
    with_findings = sum(1 for result in report.files if result.findings)
    lines: list[str] = []
    if title:
        checked = plural(len(report.files), "file")
        lines += [f"## prdlint: {counts_phrase(findings)} in {with_findings} of {checked}", ""]
    lines.append(
        f"prdlint {__version__} · severity threshold: {report.threshold.value} · "
        f"{plural(len(report.files), 'file')} checked"
    )
    lines += [f"\n{note}" for note in _filter_notes(report.extra)]
    if not findings:
        lines += ["", "No problems found."]
        return "\n".join(lines) + "\n"
    families: dict[str, Counter[Severity]] = {}
    for finding in findings:
        rule = report.registry.get(finding.code)
        family = rule.family if rule is not None else "other"
        families.setdefault(family, Counter())[finding.severity] += 1
    lines += ["", "| Family | Errors | Warnings | Info | Total |", "|---|---:|---:|---:|---:|"]
    for family in sorted(families, key=lambda name: (-sum(families[name].values()), name)):
        c = families[family]
        cells = " | ".join(str(c[s]) for s in _WORST_FIRST)
        lines.append(f"| {escape(family)} | {cells} | {sum(c.values())} |")
    by_rule = Counter((f.code, f.name, f.severity) for f in findings)
    lines += ["", "| Rule | Severity | Count |", "|---|---|---:|"]
    for (code, name, severity), count in sorted(
        by_rule.items(), key=lambda item: (-item[0][2].rank, -item[1], item[0][0])
    ):
        lines.append(f"| [{code}]({rule_url(code, name)}) {escape(name)} | {severity.value} | {count} |")
    return "\n".join(lines) + "\n"


def markdown_report(
    report: Report,
    limit: int = MARKDOWN_LIMIT,
    *,
    title: bool = True,
    elsewhere: Sequence[str] = (),
) -> str:
    """The report, at most ``limit`` bytes of UTF-8; ``elsewhere`` names where the full report is."""
    findings = report.findings
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    header = _header(report, findings, title)
    budget = limit - _size(header) - _NOTE_RESERVE
    # Choose what fits, worst first across all files, counting each file's heading once.
    chosen: dict[str, list[_Row]] = {}
    for finding in severity_first(findings):
        row = _row(finding)
        cost = _size(row)
        if finding.path not in chosen:
            cost += _size(_file_heading(finding.path, by_path[finding.path]))
        if cost > budget:
            break
        budget -= cost
        chosen.setdefault(finding.path, []).append(_Row(finding, row))
    parts = [header]
    for path in _file_order(by_path):
        rows = chosen.get(path)
        if not rows:
            continue
        parts.append(_file_heading(path, by_path[path]))
        parts.extend(row.text for row in rows)
    shown = sum(len(rows) for rows in chosen.values())
    if shown < len(findings):
        where = ", ".join(escape(place) for place in elsewhere)
        where = where or "the job log (run prdlint with --format text)"
        parts.append(
            f"\n> **Report cut:** {shown} of {plural(len(findings), 'finding')} are shown (the most severe "
            f"first) to stay within {limit:,} bytes; {len(findings) - shown} are left out. "
            f"The full report: {where}.\n"
        )
    text = "".join(parts)
    if _size(text) > limit:  # only when the header alone is too large for a tiny limit
        text = text.encode("utf-8")[:limit].decode("utf-8", "ignore")
    return text


class MarkdownReporter:
    def __init__(self, limit: int = MARKDOWN_LIMIT, elsewhere: Sequence[str] = ()) -> None:
        self.limit = limit
        self.elsewhere = tuple(elsewhere)

    def render(self, report: Report, stream: TextIO) -> None:
        elsewhere = self.elsewhere
        extra = report.extra.get("full_report")
        if not elsewhere and isinstance(extra, (list, tuple)):
            elsewhere = tuple(str(place) for place in extra)
        stream.write(markdown_report(report, self.limit, elsewhere=elsewhere))
