"""The engine: run the enabled rules over a document and collect findings.

It knows no rule by name: rules come from the registry, settings decide which
run, and suppression comments and per-file ignores filter what they report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from prdlint.analysis import Analysis
from prdlint.engine.finding import Finding, Severity
from prdlint.engine.fingerprint import fingerprints
from prdlint.engine.registry import Registry
from prdlint.engine.rule import Rule, RuleContext
from prdlint.engine.settings import LintSettings
from prdlint.engine.suppression import Suppressions
from prdlint.kinds import Expectations, expectations
from prdlint.model import Document


@dataclass
class FileResult:
    """The findings of one file, its profile and what went wrong linting it."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    profile: str = "generic"
    profile_reason: str = ""
    suppressed: int = 0
    errors: list[str] = field(default_factory=list)  # rules that crashed: prdlint bugs, exit code 2


def lint_document(
    document: Document,
    settings: LintSettings,
    registry: Registry,
    *,
    profile: str = "generic",
    ignored: Iterable[str] = (),
) -> FileResult:
    ignored = frozenset(ignored)
    kind = expectations(profile)
    analysis = Analysis(document, settings.vocabulary, registry, settings.config)
    findings: list[Finding] = []
    result = FileResult(document.path, profile=profile)
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
                        # Interned: the same message and text recur across a template's findings, and the
                        # results of a big run are held (and sent between processes) together.
                        message=sys.intern(violation.message),
                        end_line=violation.end_line,
                        end_col=violation.end_col,
                        text=sys.intern(violation.text),
                    )
                )
        except Exception as error:  # one broken rule must not hide the others' findings
            result.errors.append(
                f"{document.path}: internal error in rule {rule.code} ({rule.name}): "
                f"{type(error).__name__}: {error}"
            )
    if findings and analysis.directives:
        suppressions = Suppressions.build(analysis.directives, registry)
        kept = [f for f in findings if not suppressions.suppresses(f)]
        result.suppressed = len(findings) - len(kept)
        findings = kept
    findings.sort(key=lambda f: f.sort_key)
    for finding, print_ in zip(findings, fingerprints(findings, document.source), strict=True):
        # Set on the new, not yet shared, objects: dataclasses.replace would copy each of them.
        object.__setattr__(finding, "fingerprint", print_)
    result.findings = findings
    return result


def _runs_on(rule: Rule, kind: Expectations) -> bool:
    """Whether a rule runs on a document of this kind: its own list of kinds, or the kind's families."""
    if rule.profiles is not None:
        return kind.kind in rule.profiles
    return kind.applies(rule.family)


def exit_code(findings: Iterable[Finding], threshold: Severity) -> int:
    """0 when nothing reaches the threshold, 1 when something does."""
    return 1 if any(f.severity.rank >= threshold.rank for f in findings) else 0
