"""The engine: run the enabled rules over a document and collect findings.

It knows no rule by name: rules come from the registry, settings decide which
run, and suppression comments and per-file ignores filter what they report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from prdlint import user_regex
from prdlint.analysis import Analysis
from prdlint.engine.finding import Finding, Severity, internal_error
from prdlint.engine.fingerprint import fingerprints
from prdlint.engine.registry import Registry
from prdlint.engine.rule import Rule, RuleContext
from prdlint.engine.settings import LintSettings
from prdlint.engine.suppression import Suppressions
from prdlint.kinds import Expectations, expectations
from prdlint.model import Document


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    profile: str = "generic"
    profile_reason: str = ""
    suppressed: int = 0
    # Internal errors (prdlint bugs), one line each for stderr; each is also a PRD000 finding. Exit code 2.
    errors: list[str] = field(default_factory=list)

    def add_internal_error(self, where: str, error: BaseException) -> None:
        finding = internal_error(self.path, where, error)
        self.findings.append(finding)
        self.errors.append(f"{self.path}: {finding.message}")


def lint_document(
    document: Document,
    settings: LintSettings,
    registry: Registry,
    *,
    profile: str = "generic",
    ignored: Iterable[str] = (),
) -> FileResult:
    """Every finding of one document; never raises: an exception anywhere becomes a PRD000 finding,
    and whatever was found before it (by that rule too) is still reported."""
    user_regex.new_document()
    result = FileResult(document.path, profile=profile)
    failures: dict[tuple[str, str], list[str]] = {}  # one PRD000 per distinct exception, naming its rules
    errors: dict[tuple[str, str], BaseException] = {}
    findings: list[Finding] = []
    try:
        kind = expectations(profile)
        analysis = Analysis(document, settings.vocabulary, registry, settings.config)
        findings = _run_rules(document, settings, analysis, kind, profile, frozenset(ignored), failures, errors)
        if findings and analysis.directives:
            suppressions = Suppressions.build(analysis.directives, registry)
            kept = [f for f in findings if not suppressions.suppresses(f)]
            result.suppressed = len(findings) - len(kept)
            findings = kept
    except Exception as error:  # outside the rules: keep every finding made so far, unsuppressed
        key = (type(error).__name__, str(error))
        failures.setdefault(key, []).append("")
        errors[key] = error
    result.findings = findings
    for timeout in user_regex.take_timeouts():  # a configured pattern that ran out of time: say so
        result.add_internal_error("", timeout)
    for key, codes in failures.items():
        rules = [registry.get(code) for code in codes if code]
        named = [f"{rule.code} ({rule.name})" for rule in rules if rule is not None]
        where = ("in rule " if len(named) == 1 else "in rules ") + ", ".join(named) if named else "while linting"
        result.add_internal_error(where, errors[key])
    result.findings.sort(key=lambda f: f.sort_key)
    try:
        prints = fingerprints(result.findings, document.source)
        result.findings = [replace(f, fingerprint=p) for f, p in zip(result.findings, prints, strict=True)]
    except Exception as error:  # the findings stand, without fingerprints
        result.add_internal_error("while computing fingerprints", error)
    return result


def _run_rules(
    document: Document,
    settings: LintSettings,
    analysis: Analysis,
    kind: Expectations,
    profile: str,
    ignored: frozenset[str],
    failures: dict[tuple[str, str], list[str]],
    errors: dict[tuple[str, str], BaseException],
) -> list[Finding]:
    findings: list[Finding] = []
    for active in settings.rules:
        rule = active.rule
        if rule.code in ignored or not _runs_on(rule, kind):
            continue
        if document.load_error is not None and rule.needs_content:
            continue
        context = RuleContext(options=active.options, analysis=analysis, profile=profile)
        try:
            for violation in rule.check(document, context):
                findings.append(
                    Finding(
                        path=document.path,
                        line=violation.line,
                        col=violation.col,
                        code=rule.code,
                        name=rule.name,
                        severity=active.severity,
                        message=violation.message,
                        end_line=violation.end_line,
                        end_col=violation.end_col,
                        text=violation.text,
                    )
                )
        except Exception as error:  # one broken rule must not hide the others' findings
            key = (type(error).__name__, str(error))
            failures.setdefault(key, []).append(rule.code)
            errors[key] = error
    return findings


def _runs_on(rule: Rule, kind: Expectations) -> bool:
    """Whether a rule runs on a document of this kind: its own list of kinds, or the kind's families."""
    if rule.profiles is not None:
        return kind.kind in rule.profiles
    return kind.applies(rule.family)


def exit_code(findings: Iterable[Finding], threshold: Severity) -> int:
    """0 when nothing reaches the threshold, 1 when something does."""
    return 1 if any(f.severity.rank >= threshold.rank for f in findings) else 0
