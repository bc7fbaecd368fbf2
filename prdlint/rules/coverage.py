"""3xx: test-coverage targets: missing, vague, conflicting or out of range."""

from __future__ import annotations

from collections.abc import Iterator

from prdlint.analysis.coverage import CoverageTarget
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import Rule, RuleContext
from prdlint.model import Document


def _number(value: float) -> str:
    return f"{value:g}%"


def check_missing(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    if not facts.expectations.coverage_required:
        return
    coverage = facts.coverage
    if coverage.targets:
        return  # a vague goal is still no target: PRD302 reports it, and this finding says none is stated
    heading = coverage.testing_heading
    if heading is not None:
        line, col, end_line, end_col = heading.title_span
        yield Violation(
            line,
            col,
            f"no numeric test-coverage target in the document; state one in '{heading.title}' "
            "(for example '>= 80% line coverage')",
            end_line,
            end_col,
            heading.title,
        )
    else:
        yield Violation(
            1,
            1,
            f"no numeric test-coverage target in this {context.profile} document "
            "(for example '>= 80% line coverage' in a Testing section)",
        )


def check_vague(document: Document, context: RuleContext) -> Iterator[Violation]:
    for vague in context.analysis.for_profile(context.profile).coverage.vague:
        yield Violation(
            vague.line,
            vague.col,
            f"coverage goal '{vague.text}' has no number; give a target such as '>= 80% line coverage'",
            vague.end_line,
            vague.end_col,
            vague.text,
        )


def check_conflicts(document: Document, context: RuleContext) -> Iterator[Violation]:
    first: dict[tuple[str, str], CoverageTarget] = {}
    reported: set[tuple[str, str, float]] = set()
    for target in context.analysis.for_profile(context.profile).coverage.targets:
        earlier = first.get(target.scope)
        if earlier is None:
            first[target.scope] = target
            continue
        if earlier.group == target.group or earlier.value == target.value:
            continue
        key = (*target.scope, target.value)
        if key in reported:
            continue
        reported.add(key)
        yield Violation(
            target.line,
            target.col,
            f"coverage target {_number(target.value)} ({target.describe_scope()}) conflicts with "
            f"{_number(earlier.value)} on line {earlier.line}",
            target.end_line,
            target.end_col,
            target.text,
        )


def check_range(document: Document, context: RuleContext) -> Iterator[Violation]:
    config = context.analysis.config
    minimum = context.options.get("minimum")
    if minimum is None and config is not None:
        minimum = config.coverage.get("minimum")
    for target in context.analysis.for_profile(context.profile).coverage.targets:
        if not 0 <= target.value <= 100:
            yield Violation(
                target.line,
                target.col,
                f"coverage target {_number(target.value)} is outside 0-100%",
                target.end_line,
                target.end_col,
                target.text,
            )
        elif minimum is not None and target.value < float(minimum):
            yield Violation(
                target.line,
                target.col,
                f"coverage target {_number(target.value)} ({target.describe_scope()}) is below the "
                "configured "
                f"minimum of {_number(float(minimum))}",
                target.end_line,
                target.end_col,
                target.text,
            )


_RECOGNISED = (
    "Recognised forms: '>= 80%', '≥ 80% line coverage', '85%+', 'at least 90 percent', '80% branch "
    "coverage', "
    "'coverage: 80', and numbers in a table column headed like 'Coverage Target'. Only test coverage "
    "counts: the "
    "sentence must say test, code, line, branch, unit ... or sit in a testing section."
)

RULES = (
    Rule(
        code="PRD301",
        name="missing-coverage-target",
        family="coverage",
        severity=Severity.ERROR,
        summary="The document's kind requires a numeric test-coverage target and the document states none.",
        rationale=(
            "Without a number, 'tested' means whatever the last person to touch the CI config decided. The "
            "kinds prd, strategy and test-strategy require a target (rules/kinds/<kind>.yaml: "
            "`coverage: {required: true}`); a feature spec, an RFC or a backlog does not. "
            "The finding is on the testing section's heading, or on line 1 "
            "when "
            "there is none. A goal without a number is PRD302's instead. " + _RECOGNISED
        ),
        bad="## Testing\n\nUnit and integration tests run in CI.",
        good="## Testing\n\nUnit and integration tests run in CI. **Coverage target:** >= 80% line coverage.",
        check=check_missing,
    ),
    Rule(
        code="PRD302",
        name="vague-coverage-target",
        family="coverage",
        severity=Severity.WARNING,
        summary=(
            "Coverage is set as a goal without a number ('comprehensive test coverage', 'high coverage')."
        ),
        rationale=(
            "'High coverage' cannot fail a build. Reviewers read it as a promise and CI cannot check it. The "
            "adjectives are listed in rules/measurability.yaml (`coverage-adjectives`). A sentence that also "
            "states a percentage is not reported."
        ),
        bad="- Comprehensive test coverage for the billing module",
        good="- >= 90% branch coverage for the billing module",
        check=check_vague,
    ),
    Rule(
        code="PRD303",
        name="conflicting-coverage-targets",
        family="coverage",
        severity=Severity.ERROR,
        summary="Two coverage targets for the same scope disagree.",
        rationale=(
            "When the testing section says 80% and the launch criteria say 90%, one of them is wrong and CI "
            "enforces only one. A target's scope is its kind (line, branch, unit ...) and its area (the "
            "'(business logic)' or 'on the data pipeline' after it, a list label, a table row's first cell): "
            "targets with different scopes, or in the same sentence, never conflict. The second target is "
            "reported, naming the line of the first."
        ),
        bad=(
            "## Testing\n\nCoverage target: >= 80% line coverage.\n\n## Launch Criteria\n\n- >= 90% line "
            "coverage"
        ),
        good=(
            "## Testing\n\nCoverage target: >= 80% line coverage.\n\n## Launch Criteria\n\n- >= 80% line "
            "coverage"
        ),
        check=check_conflicts,
    ),
    Rule(
        code="PRD304",
        name="coverage-target-out-of-range",
        family="coverage",
        severity=Severity.ERROR,
        summary="A coverage target is outside 0-100% or below the configured minimum (`coverage.minimum`).",
        rationale=(
            "A 120% target is a typo; a 40% target where the team agreed on 80% is a decision someone "
            "should see. "
            "Set the floor once in the configuration (`coverage: {minimum: 80}`) and every document is "
            "held to it."
        ),
        bad="Coverage target: >= 40% line coverage   (with `coverage: {minimum: 80}`)\nCoverage: 180%",
        good="Coverage target: >= 85% line coverage",
        check=check_range,
        options={"minimum": None},
        option_docs={
            "minimum": (
                "A floor for this rule only; by default the configuration's `coverage: {minimum: N}` is used."
            ),
        },
    ),
)
