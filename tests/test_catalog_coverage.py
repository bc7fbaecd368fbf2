"""PRD301-PRD304: test-coverage targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from prdlint.config import Config

from ._catalog import at, lint, messages


@pytest.mark.parametrize(
    "sentence",
    [
        "Coverage target: ≥ 80%",
        "We require >= 80% line coverage.",
        "Tests achieve 85%+ coverage.",
        "Unit tests keep at least 90 percent of the code covered by test coverage.",
        "80% branch coverage for the billing module.",
        "Test coverage: 80",
    ],
)
def test_recognised_targets_satisfy_the_profile(sentence: str) -> None:
    findings = lint(f"# Spec\n\n## Testing\n\n{sentence}\n", select=["PRD3"])
    assert findings == []


def test_missing_target_on_the_testing_heading_or_line_1() -> None:
    findings = lint(
        "# Spec\n\n## Goals\n\nShip it.\n\n## Testing Strategy\n\nUnit tests in CI.\n", select=["PRD301"]
    )
    assert at(findings, "PRD301") == [(7, 4)]
    findings = lint("# Spec\n\n## Goals\n\nShip it.\n", select=["PRD301"])
    assert at(findings, "PRD301") == [(1, 1)]


def test_coverage_that_is_not_test_coverage_does_not_count() -> None:
    findings = lint(
        "# Spec\n\n## Goals\n\n| Goal | Target |\n|---|---|\n| Lifecycle | 100% coverage of PWA lifecycle "
        "|\n",
        select=["PRD301"],
    )
    assert at(findings, "PRD301") == [(1, 1)]


def test_measurements_are_not_targets() -> None:
    findings = lint(
        "# Spec\n\n## Testing\n\nCode coverage: 72% (target: 80%).\n\n- Last measured line coverage was "
        "65%\n",
        select=["PRD303", "PRD304"],
        config=Config(path=None, root=Path.cwd(), coverage={"minimum": 75}),
    )
    assert findings == []


def test_profiles_that_do_not_require_a_target() -> None:
    assert lint("# Notes\n\nNothing about tests.\n", profile="generic", select=["PRD3"]) == []


def test_vague_goal_is_prd302_not_prd301() -> None:
    findings = lint(
        "# Spec\n\n## Testing\n\nWe aim for comprehensive test coverage.\n\nHigh coverage of the parser "
        "(90%).\n",
        select=["PRD301", "PRD302"],
    )
    assert at(findings, "PRD302") == [(5, 12)]
    assert at(findings, "PRD301") == []


def test_vague_words_without_test_context_are_not_coverage_goals() -> None:
    findings = lint(
        "# Spec\n\n## Market\n\nWe want high coverage of the EU market.\n\n## Testing\n\n80% line "
        "coverage.\n",
        select=["PRD302"],
    )
    assert findings == []


def test_conflicting_targets_report_the_second_with_the_first_line() -> None:
    findings = lint(
        """
        # Spec

        ## Testing

        Coverage target: >= 80% line coverage.

        ## Launch Criteria

        - [ ] >= 90% line coverage
        - [ ] >= 90% line coverage on the billing module
        """,
        select=["PRD303"],
    )
    assert at(findings, "PRD303") == [(9, 7)]
    assert "line 5" in messages(findings, "PRD303")[0]


def test_different_scopes_and_one_sentence_do_not_conflict() -> None:
    findings = lint(
        """
        # Spec

        ## Testing

        **Coverage Target**: >= 80% line coverage (business logic + API), >= 90% (pipeline critical paths)

        - **Minimum:** 80% line coverage
        - **Ideal:** 90%+ line coverage, 80%+ branch coverage

        ## Launch

        - [ ] >= 80% test coverage on business logic, >= 90% on pipeline critical paths
        """,
        select=["PRD303"],
    )
    assert findings == []


def test_targets_for_other_components_metrics_or_test_levels_in_any_language_do_not_conflict() -> None:
    components = lint(
        """
        # Stratégie de test

        ## Objectifs de couverture

        | Composant | Couverture cible |
        |---|---|
        | **Backend - Services** | 90% |
        | **Backend - API** | 85% |

        ## Métriques

        | Métrique | Seuil |
        |---|---|
        | Couverture lignes | ≥ 80% |
        | Couverture branches | ≥ 75% |
        """,
        select=["PRD303"],
    )
    assert components == []
    levels = lint(
        "# テスト戦略\n\n## テスト\n\n- **カバレッジ目標**: 80%以上\uff08ユニットテスト\uff09\n\n"
        "### 目標数値\n\n- **統合テストカバレッジ**: 60%以上\n",
        select=["PRD303"],
    )
    assert levels == []
    same = lint(
        "# Stratégie\n\n## Tests\n\n| Métrique | Seuil |\n|---|---|\n| Couverture branches | ≥ 75% |\n\n"
        "## Qualité\n\n| Métrique | Seuil |\n|---|---|\n| Couverture branches | ≥ 60% |\n",
        select=["PRD303"],
    )
    assert at(same, "PRD303") == [(13, 25)]


def test_out_of_range_and_below_minimum() -> None:
    config = Config(path=None, root=Path.cwd(), coverage={"minimum": 80})
    findings = lint(
        "# Spec\n\n## Testing\n\n- Line coverage >= 120%\n- Branch coverage: at least 60%\n- Unit test "
        "coverage 85%+\n",
        select=["PRD304"],
        config=config,
    )
    assert at(findings, "PRD304") == [(5, 17), (6, 20)]
    assert "outside 0-100%" in messages(findings, "PRD304")[0]
    assert "minimum of 80%" in messages(findings, "PRD304")[1]
    assert (
        at(lint("# Spec\n\n## Testing\n\n- Branch coverage: at least 60%\n", select=["PRD304"]), "PRD304")
        == []
    )


def test_a_negated_or_past_percentage_is_no_target() -> None:
    findings = lint("# P\n\n## Testing\n\n**Pragmatic coverage — not 100%. Test what breaks.**\n", select=["PRD301"])
    assert at(findings, "PRD301") == [(3, 4)]
    assert lint("# P\n\n## Testing\n\nLine coverage of at least 80%, not 100%.\n", select=["PRD301"]) == []
    changed = lint(
        "# P\n\n## Testing\n\n- Ensure 95% code coverage\n- Improved test coverage from 96% to 99% by refactoring\n",
        select=["PRD303"],
    )
    assert changed == []


def test_vague_goals_as_stories_future_items_and_plans() -> None:
    text = (
        "# QA approach\n\n## Approach\n\n- Increase automation coverage with each sprint.\n"
        "- As a developer, I want comprehensive unit tests so that refactoring is safe.\n\n"
        "Through TDD, incorporating comprehensive automation testing, we minimise issues.\n\n"
        "The current suite has extensive test coverage of the parser.\n"
    )
    findings = lint(text, profile="test-strategy", select=["PRD301", "PRD302"])
    assert at(findings, "PRD302") == [(5, 3), (6, 26), (8, 28)]
    assert at(findings, "PRD301") == [(1, 1)]  # a vague goal is still no target


def test_a_testing_field_or_a_wish_for_thorough_testing_is_a_vague_goal() -> None:
    findings = lint(
        "# Plan\n\n## Rollout\n\n- **Testing**: Comprehensive testing across all schema formats\n"
        "- **Docs**: Comprehensive testing notes live in the wiki\n\n"
        "## Testing\n\nWe want the mapping testing to be thorough.\n\n- Manual testing is sufficient\n",
        select=["PRD302"],
    )
    # A field labelled Testing states the testing; another label does not; a decision is not a goal.
    assert at(findings, "PRD302") == [(5, 16), (10, 21)]
