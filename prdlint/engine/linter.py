"""The engine: run the enabled rules over a document and collect findings.

It knows no rule by name: rules come from the registry, settings decide which
run, and suppression comments and per-file ignores filter what they report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from prdlint import user_regex
from prdlint.analysis import Analysis
from prdlint.engine.finding import Finding, Severity, internal_error
from prdlint.engine.fingerprint import fingerprints
from prdlint.engine.registry import Registry
from prdlint.engine.rule import Rule, RuleContext
from prdlint.engine.settings import ActiveRule, LintSettings
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
    # Internal errors (prdlint bugs), one line each for stderr; each is also a PRD000 finding. Exit code 2.
    errors: list[str] = field(default_factory=list)

    def add_internal_error(self, where: str, error: BaseException) -> None:
        finding = internal_error(self.path, where, error)
        self.findings.append(finding)
        self.errors.append(f"{self.path}: {finding.message}")


@dataclass
class _Failures:
    """Exceptions raised while linting one document, each once, with the rules that raised it."""

    found: dict[tuple[str, str], tuple[list[str], BaseException]] = field(default_factory=dict)

    def add(self, code: str, error: BaseException) -> None:
        codes, _ = self.found.setdefault((type(error).__name__, str(error)), ([], error))
        codes.append(code)


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
    failures = _Failures()
    findings: list[Finding] = []
    try:
        ignored = frozenset(ignored)
        kind = expectations(profile)
        analysis = Analysis(document, settings.vocabulary, registry, settings.config)
        running = [
            active for active in settings.rules
            if active.rule.code not in ignored and _runs_on(active.rule, kind)
            and (document.load_error is None or not active.rule.needs_content)
        ]
        for active in running:
            if not active.rule.after_suppression:
                context = RuleContext(options=active.options, analysis=analysis, profile=profile)
                findings.extend(_run_rule(active, document, context, failures))
        late = [active for active in running if active.rule.after_suppression]
        if analysis.directives and (findings or late):
            suppressions = Suppressions.build(analysis.directives, registry)
            kept = [f for f in findings if not suppressions.suppresses(f)]
            result.suppressed = len(findings) - len(kept)
            findings = kept
            codes = frozenset(active.rule.code for active in running)
            for active in late:
                context = RuleContext(options=active.options, analysis=analysis, profile=profile,
                                      suppressions=suppressions, running=codes)
                reports, silenced = _run_late_rule(active, document, context, failures, suppressions)
                findings.extend(reports)
                result.suppressed += silenced
    except Exception as error:  # outside the rules: keep every finding made so far
        failures.add("", error)
    result.findings = findings
    for timeout in user_regex.take_timeouts():  # a configured pattern that ran out of time: say so
        result.add_internal_error("", timeout)
    for raised_by, exception in failures.found.values():
        rules = [registry.get(code) for code in raised_by if code]
        named = [f"{rule.code} ({rule.name})" for rule in rules if rule is not None]
        where = ("in rule " if len(named) == 1 else "in rules ") + ", ".join(named) if named else "while linting"
        result.add_internal_error(where, exception)
    result.findings.sort(key=lambda f: f.sort_key)
    try:
        prints = fingerprints(result.findings, document.source)
        for finding, print_ in zip(result.findings, prints, strict=True):
            # Set on the new, not yet shared, objects: dataclasses.replace would copy each of them.
            object.__setattr__(finding, "fingerprint", print_)
    except Exception as error:  # the findings stand, without fingerprints
        result.add_internal_error("while computing fingerprints", error)
    return result


def _run_rule(active: ActiveRule, document: Document, context: RuleContext, failures: _Failures) -> list[Finding]:
    """One rule's findings; an exception is recorded in ``failures`` (a prdlint bug: PRD000, exit code 2)."""
    rule = active.rule
    found: list[Finding] = []
    try:
        for violation in rule.check(document, context):
            found.append(
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
    except Exception as error:  # one broken rule must not hide the others' findings (nor its own so far)
        failures.add(rule.code, error)
    return found


def _run_late_rule(
    active: ActiveRule, document: Document, context: RuleContext, failures: _Failures, suppressions: Suppressions
) -> tuple[list[Finding], int]:
    """A rule about the suppression comments: its findings that no other comment silences, and how many were.

    Silencing one of its findings gives that comment credit, which can change what the rule reports,
    so it runs again until the credit is stable (it only grows, so this ends).
    """
    while True:
        credited = len(suppressions.used)
        attempt = _Failures()  # only the last run's errors count
        reports = _run_rule(active, document, context, attempt)
        flags = [suppressions.suppresses(f, own_comment_excluded=True) for f in reports]
        if len(suppressions.used) == credited:
            for codes, error in attempt.found.values():
                for code in codes:
                    failures.add(code, error)
            return [f for f, silenced in zip(reports, flags, strict=True) if not silenced], sum(flags)


def _runs_on(rule: Rule, kind: Expectations) -> bool:
    """Whether a rule runs on a document of this kind: its own list of kinds, or the kind's families."""
    if rule.profiles is not None:
        return kind.kind in rule.profiles
    return kind.applies(rule.family)


def exit_code(findings: Iterable[Finding], threshold: Severity) -> int:
    """0 when nothing reaches the threshold, 1 when something does."""
    return 1 if any(f.severity.rank >= threshold.rank for f in findings) else 0
