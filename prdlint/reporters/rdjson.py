"""reviewdog's diagnostic format (rdjson): ``reviewdog -f=rdjson`` reads it.

Columns are UTF-8 byte offsets starting at 1 and ranges end exclusively, as the format defines;
prdlint counts code points, so each column is converted with the file's text (read again from
disk; when it cannot be, as for standard input, the code-point column is kept).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from prdlint.engine.finding import Finding, Severity
from prdlint.model.source import Source
from prdlint.reporters.base import Report
from prdlint.reporters.common import HOMEPAGE, rule_url

SEVERITIES = {Severity.ERROR: "ERROR", Severity.WARNING: "WARNING", Severity.INFO: "INFO"}


@lru_cache(maxsize=256)
def _source(path: str) -> Source | None:
    if path == "-":
        return None
    try:
        return Source.from_text(Path(path).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def byte_column(path: str, line: int, column: int) -> int:
    """A 1-based code-point column as a 1-based UTF-8 byte column of the same line."""
    source = _source(path)
    if source is None:
        return column
    text = source.line(line)
    return len(text[: max(column - 1, 0)].encode("utf-8")) + 1


def _diagnostic(finding: Finding) -> dict[str, Any]:
    start = {"line": max(finding.line, 1), "column": byte_column(finding.path, finding.line, finding.col)}
    location_range: dict[str, Any] = {"start": start}
    if finding.end_line is not None and finding.end_col is not None:
        location_range["end"] = {
            "line": finding.end_line,
            "column": byte_column(finding.path, finding.end_line, finding.end_col),
        }
    return {
        "message": finding.message,
        "location": {"path": finding.path, "range": location_range},
        "severity": SEVERITIES[finding.severity],
        "code": {"value": finding.code, "url": rule_url(finding.code, finding.name)},
    }


def rdjson(report: Report) -> dict[str, Any]:
    _source.cache_clear()
    return {
        "source": {"name": "prdlint", "url": HOMEPAGE},
        "diagnostics": [_diagnostic(finding) for finding in report.findings],
    }


class RdjsonReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        json.dump(rdjson(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
