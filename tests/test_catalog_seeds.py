"""The issue's "Done when" checks on ../shared/seeds, each seed with the profile detection gives it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prdlint.engine.finding import Finding
from prdlint.runner import Runner, RunOptions

from ._catalog import SHARED, SKIP_REASON

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=SKIP_REASON)


def _lint(name: str) -> tuple[str, list[Finding]]:
    runner = Runner(RunOptions(isolated=True))
    target = runner.targets([str(SEEDS / name)])[0]
    result = runner.lint_target(target)
    assert not result.errors, result.errors
    return result.profile, result.findings


def _codes(findings: list[Finding], prefix: str) -> list[Finding]:
    return [f for f in findings if f.code.startswith(prefix)]


def test_strategy_file() -> None:
    profile, findings = _lint("python-data-team-strategy.md")
    assert profile == "strategy"
    assert _codes(findings, "PRD301") == []  # it states >= 80% / >= 90% targets
    assert _codes(findings, "PRD402") == []  # Risk | Probability | Impact | Mitigation
    assert _codes(findings, "PRD401") == []


def test_implementation_guide_template() -> None:
    profile, findings = _lint("prd-implementation-guide-template.md")
    assert profile == "prd"
    assert len(_codes(findings, "PRD301")) == 1
    assert _codes(findings, "PRD504") == []  # its table of contents resolves
    # PRD404 for every unchosen "High/Medium/Low" and "Critical/High/Medium/Low" cell, found in the raw text.
    lines = (SEEDS / "prd-implementation-guide-template.md").read_text(encoding="utf-8").splitlines()
    expected = {
        (number, match.start() + 1)
        for number, line in enumerate(lines, start=1)
        if line.startswith("|")
        for match in re.finditer(r"(?<=\| )(?:Critical/)?High/Medium/Low(?= \|)", line)
    }
    assert len(expected) == 10
    assert {(f.line, f.col) for f in _codes(findings, "PRD404")} == expected
    # PRD201 for its template stories: every "I want to ..." item under an "As a ...:" lead.
    stories = {number for number, line in enumerate(lines, start=1) if line.startswith("- I want to")}
    assert len(stories) == 7
    assert {f.line for f in _codes(findings, "PRD201")} == stories


def test_prd_template() -> None:
    profile, findings = _lint("prd-template.md")
    assert profile == "prd"
    lines = (SEEDS / "prd-template.md").read_text(encoding="utf-8").splitlines()
    dates = [number for number, line in enumerate(lines[:5], start=1) if "YYYY-MM-DD" in line]
    assert sorted({f.line for f in _codes(findings, "PRD103") if f.line <= 5}) == dates == [3, 4]
    story_2 = next(number for number, line in enumerate(lines, start=1) if line.startswith("### Story 2"))
    assert [(f.line, f.col) for f in _codes(findings, "PRD201")] == [(story_2, 5)]
    assert _codes(findings, "PRD505") == []  # the placeholder dates are PRD103's


def test_persona_is_generic_and_gets_nothing_from_families_2_to_4() -> None:
    profile, findings = _lint("python-pm-persona.md")
    assert profile == "generic"
    assert [f for f in findings if f.code[:4] in ("PRD2", "PRD3", "PRD4")] == []


def test_verbose_names_the_profile_and_why() -> None:
    from click.testing import CliRunner

    from prdlint.cli import main

    result = CliRunner().invoke(
        main,
        ["check", "-v", "--isolated", "--select", "PRD001", *(str(p) for p in sorted(SEEDS.glob("*.md")))],
    )
    assert result.exit_code == 0
    reasons = dict(re.findall(r"([\w-]+\.md): kind ([\w-]+) \(", result.stderr))
    assert reasons == {
        "prd-implementation-guide-template.md": "prd",
        "prd-template.md": "prd",
        "python-data-team-strategy.md": "strategy",
        "python-pm-persona.md": "generic",
    }
    assert "Tailored Strategy" in result.stderr and "rules/kinds/strategy.yaml" in result.stderr


def test_shared_path_is_beside_the_repository() -> None:
    assert Path(__file__).resolve().parents[1].parent / "shared" == SHARED
