"""GitLab Code Quality (a Code Climate subset): a JSON array, one issue per finding.

``location.path`` is relative to the repository root, as GitLab requires; ``fingerprint`` is
unique within the report and stable across line moves (prdlint's fingerprint with the path).
Severities: error -> major, warning -> minor, info -> info.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from prdlint.engine.finding import Finding, Severity
from prdlint.reporters.base import Report
from prdlint.reporters.common import repo_relative, rule_url, source_root

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _fingerprint(path: str, finding: Finding) -> str:
    identity = finding.fingerprint or f"{finding.code}\0{finding.line}\0{finding.col}\0{finding.message}"
    return hashlib.sha256(f"{path}\0{identity}".encode()).hexdigest()[:32]


def gitlab_issues(report: Report) -> list[dict[str, Any]]:
    root = source_root()
    issues: list[dict[str, Any]] = []
    seen: set[str] = set()
    for finding in report.findings:
        path = repo_relative(finding.path, root) or finding.path
        fingerprint = _fingerprint(path, finding)
        rank = 1
        while fingerprint in seen:  # identical findings without a prdlint fingerprint
            rank += 1
            fingerprint = _fingerprint(path, finding) + f"-{rank}"
        seen.add(fingerprint)
        rule = report.registry.get(finding.code)
        issue: dict[str, Any] = {
            "type": "issue",
            "engine_name": "prdlint",
            "check_name": finding.code,
            "description": f"{finding.code} {finding.name}: {finding.message}",
            "categories": ["Clarity"],
            "severity": SEVERITIES[finding.severity],
            "fingerprint": fingerprint,
            "location": {
                "path": path,
                "lines": {"begin": max(finding.line, 1), "end": max(finding.end_line or finding.line, 1)},
            },
        }
        if rule is not None:
            body = f"{rule.summary}\n\n{rule.rationale}\n\n{rule_url(rule.code, rule.name)}"
            issue["content"] = {"body": body}
        issues.append(issue)
    return issues


class GitlabReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        json.dump(gitlab_issues(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
