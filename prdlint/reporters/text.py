"""Human-readable output: ``path:line:col: CODE [severity] message`` and a summary."""

from __future__ import annotations

from typing import TextIO

import click

from prdlint.engine.finding import printable
from prdlint.reporters.base import Report

_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class TextReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        color = report.color

        def style(text: str, **kwargs: object) -> str:
            return click.style(text, **kwargs) if color else text  # type: ignore[arg-type]

        findings = report.findings
        for finding in findings:
            where = style(f"{finding.path}:{finding.line}:{finding.col}:", bold=True)
            code = style(finding.code, fg=_COLORS[finding.severity.value], bold=True)
            stream.write(f"{where} {code} [{finding.severity.value}] {printable(finding.message)}\n")
        if report.statistics and findings:
            stream.write("\n" if findings else "")
            counts = report.counts_by_rule()
            for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                rule = report.registry.get(code)
                name = rule.name if rule else ""
                severity = next(f.severity.value for f in findings if f.code == code)
                stream.write(f"{count:>6}  {code:<8} {name:<34} [{severity}]\n")
        if report.quiet:
            return
        files = len(report.files)
        if not files:
            stream.write("No files checked.\n")
            return
        if not findings:
            stream.write(style(f"All checks passed ({_plural(files, 'file')} checked).", fg="green") + "\n")
            return
        by_severity = report.counts_by_severity()
        parts = [_plural(by_severity[s], s) for s in ("error", "warning", "info") if by_severity[s]]
        with_findings = sum(1 for result in report.files if result.findings)
        stream.write(
            f"Found {_plural(len(findings), 'problem')} ({', '.join(parts)}) "
            f"in {with_findings} of {_plural(files, 'file')}.\n"
        )
