"""Machine-readable output, versioned: see docs/json-output.md and json_output.schema.json."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from prdlint import __version__
from prdlint.reporters.base import Report

JSON_FORMAT_VERSION = 1
SEVERITIES = ("error", "warning", "info")
SCHEMA_PATH = Path(__file__).with_name("json_output.schema.json")


@cache
def output_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) every report of this format version satisfies."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def report_to_json(report: Report) -> dict[str, Any]:
    findings = report.findings
    by_severity = report.counts_by_severity()
    files = []
    for result in sorted(report.files, key=lambda r: r.path):
        counts = {s: sum(1 for f in result.findings if f.severity.value == s) for s in SEVERITIES}
        files.append(
            {"path": result.path, "profile": result.profile, "findings": len(result.findings), **counts}
        )
    data: dict[str, Any] = {
        "version": JSON_FORMAT_VERSION,
        "tool": {"name": "prdlint", "version": __version__},
        "summary": {
            "files": len(report.files),
            "files_with_findings": sum(1 for r in report.files if r.findings),
            "findings": len(findings),
            "error": by_severity["error"],
            "warning": by_severity["warning"],
            "info": by_severity["info"],
            "by_rule": dict(sorted(report.counts_by_rule().items())),
            "severity_threshold": report.threshold.value,
        },
        "files": files,
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.col,
                "end_line": f.end_line,
                "end_column": f.end_col,
                "code": f.code,
                "name": f.name,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in findings
        ],
    }
    filters = {key: report.extra[key] for key in ("baseline", "diff") if key in report.extra}
    if filters:
        data["filters"] = filters
    return data


class JsonReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        json.dump(report_to_json(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
