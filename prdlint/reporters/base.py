"""One interface for every output format: a reporter renders a Report to a text stream."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult
from prdlint.engine.registry import Registry


@dataclass
class Report:
    """Everything a run produced, in the order reporters show it."""

    files: list[FileResult]
    registry: Registry
    threshold: Severity = Severity.WARNING
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for result in self.files for f in result.findings), key=lambda f: f.sort_key)

    def counts_by_severity(self) -> Counter[str]:
        return Counter(f.severity.value for f in self.findings)

    def counts_by_rule(self) -> Counter[str]:
        return Counter(f.code for f in self.findings)


class Reporter(Protocol):
    def render(self, report: Report, stream: TextIO) -> None: ...


ReporterFactory = Callable[[], Reporter]
