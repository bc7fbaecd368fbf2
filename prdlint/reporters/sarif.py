"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

- Locations are repository-relative URIs against ``%SRCROOT%`` (the checkout: ``GITHUB_WORKSPACE``
  or the git top level), columns are Unicode code points (``columnKind``) and ``endColumn`` is
  exclusive, as SARIF defines it.
- ``partialFingerprints["prdlintFingerprint/v1"]`` is prdlint's line-independent fingerprint, so
  code scanning keeps tracking a finding when lines above it move.
- GitHub accepts at most 25,000 results per run: beyond that the worst findings are kept (errors
  first) and a run-level notification and the run's properties say how many were dropped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from prdlint import __version__
from prdlint.engine.finding import Finding, Severity
from prdlint.engine.registry import Registry
from prdlint.engine.rule import Rule
from prdlint.reporters.base import Report
from prdlint.reporters.common import HOMEPAGE, repo_relative, rule_url, severity_first, source_root

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "prdlintFingerprint/v1"
# GitHub code scanning rejects runs with more results than this.
MAX_RESULTS = 25_000

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    from prdlint.docs import render_rule_doc

    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "help": {
            "text": f"{rule.summary}\n\n{rule.rationale}\n\nSee {rule_url(rule.code, rule.name)}",
            "markdown": render_rule_doc(rule),
        },
        "helpUri": rule_url(rule.code, rule.name),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "tags": ["prdlint", rule.family]},
    }


def _unknown_rule(finding: Finding) -> dict[str, Any]:
    """A descriptor for a finding whose rule is not in the registry (it must still validate)."""
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": f"{finding.code} {finding.name}"},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _location(finding: Finding, root: Path) -> dict[str, Any]:
    relative = repo_relative(finding.path, root)
    if relative is not None:
        artifact: dict[str, Any] = {"uri": _uri(relative), "uriBaseId": SRCROOT}
    elif finding.path == "-":
        artifact = {"uri": "stdin"}
    else:
        artifact = {"uri": (Path.cwd() / finding.path).resolve().as_uri()}
    region: dict[str, Any] = {"startLine": max(finding.line, 1), "startColumn": max(finding.col, 1)}
    end_line = finding.end_line if finding.end_line is not None else finding.line
    if end_line >= finding.line:
        region["endLine"] = max(end_line, 1)
        if finding.end_col is not None and (end_line > finding.line or finding.end_col >= finding.col):
            region["endColumn"] = max(finding.end_col, 1)
    return {"physicalLocation": {"artifactLocation": artifact, "region": region}}


def sarif_log(report: Report, root: Path | None = None, max_results: int = MAX_RESULTS) -> dict[str, Any]:
    """The SARIF log as a dict (one run)."""
    root = source_root() if root is None else root
    registry: Registry = report.registry
    rules: list[dict[str, Any]] = [_rule_descriptor(rule) for rule in registry]
    index: dict[str, int] = {rule["id"]: i for i, rule in enumerate(rules)}
    findings = report.findings
    kept = findings
    dropped = 0
    if len(findings) > max_results:
        kept = sorted(severity_first(findings)[:max_results], key=lambda f: f.sort_key)
        dropped = len(findings) - max_results
    results = []
    for finding in kept:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_unknown_rule(finding))
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": index[finding.code],
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(finding, root)],
        }
        if finding.fingerprint:
            result["partialFingerprints"] = {FINGERPRINT_KEY: finding.fingerprint}
        results.append(result)
    invocation: dict[str, Any] = {"executionSuccessful": not any(r.errors for r in report.files)}
    notifications = [
        {"level": "error", "message": {"text": problem}} for r in report.files for problem in r.errors
    ]
    properties: dict[str, Any] = {"findings": len(findings), "severityThreshold": report.threshold.value}
    if dropped:
        text = (
            f"{dropped} of {len(findings)} results were left out to stay within GitHub's limit of "
            f"{max_results} results per run (the most severe were kept); run prdlint with another "
            "format to see them all."
        )
        notifications.append({"level": "warning", "message": {"text": text}})
        properties["droppedResults"] = dropped
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "prdlint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": HOMEPAGE,
                "rules": rules,
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": results,
        "properties": properties,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


class SarifReporter:
    def render(self, report: Report, stream: TextIO) -> None:
        json.dump(sarif_log(report), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
