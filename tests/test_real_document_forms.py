"""How real documents write things, and what only looks like a defect in them (issue 7).

Each test holds a realistic form and its near-miss, so a change that reads one of them
differently shows here rather than in a corpus run.
"""

from __future__ import annotations

from pathlib import Path

from ._catalog import at, lint, messages


def test_leftovers_templates_leave_in_lists_and_braces() -> None:
    text = (
        "# Feature\n\n## Requirements\n\n- **FR-001**: The system shall...\n- **FR-002**: Export as CSV\n\n"
        "## Functional\n\n- Requirement 1\n- Requirement 2\n\n"
        "{Describe here the systems that are in scope of this plan.}\n\n"
        "We believe that...\n\n- teams own their goals\n"
    )
    findings = lint(text, profile="spec", select=["PRD102", "PRD103"])
    assert at(findings, "PRD102") == [(5, 26), (10, 3), (11, 3), (13, 1)]
    assert "left unfinished" in messages(findings, "PRD102")[0]
    # A single word in braces is a template language's variable; a requirement heading is no filler.
    near = "### Requirement 1\n\nAs a user I want X.\n\nExpected: {threshold} in {Gate Name}.\n"
    assert lint(near, profile="spec", select=["PRD102", "PRD103"]) == []


def test_a_quoted_prompt_in_a_template_and_quoted_words_elsewhere() -> None:
    template = "# PRD\n\n## Problem\n> What problem are we solving?\n\n## Owner\n[Name]\n"
    assert at(lint(template, select=["PRD102"]), "PRD102") == [(4, 3), (7, 1)]
    filled = "# PRD\n\n## Problem\n> What problem are we solving? Users abandon carts.\n"
    assert lint(filled, select=["PRD102"]) == []


def test_strings_in_brackets_and_arguments_in_angle_brackets() -> None:
    assert lint('Prefixes default to ["PPCD_A_", "PPCD_B_"].\n', profile="generic", select=["PRD1"]) == []
    usage = "Run it as wrapper <program-path> <program-arguments> from the shell.\n"
    assert lint(usage, profile="generic", select=["PRD1"]) == []
    template = "Owner: [Name]\n\nRun it as wrapper <program-path>.\n"
    assert at(lint(template, profile="generic", select=["PRD103"]), "PRD103") == [(3, 19)]
    assert at(lint("Contact: <your email>\n", profile="generic", select=["PRD103"]), "PRD103") == [(1, 10)]


def test_what_a_section_shows_or_guides_is_not_its_content() -> None:
    text = (
        "# QA\n\n### Error Message Template\n\n- Owner: [Name]\n\n### How to Use This Template\n\n"
        "- Replace [Company]\n\n**Guidance:** keep latency optimal as needed.\n"
    )
    findings = lint(text, profile="test-strategy", select=["PRD102", "PRD602"])
    # The guidance label itself is template text left in; what it says is not the document's requirement.
    assert at(findings, "PRD102") == [(9, 11), (11, 1)]
    assert at(findings, "PRD602") == []


def test_a_guidance_label_left_in_is_template_text_up_to_a_break() -> None:
    text = (
        "# Test Plan\n\n## 1.1 Background\n\n**Guidance Notes:**\\\nDescribe the project.\n\n***\n\n"
        "The plan covers *\\<project name>*.\n\n## 1.2 Design\n\n**Implementation guidance:** use one queue.\n"
    )
    findings = lint(text, profile="test-strategy", select=["PRD102", "PRD103"])
    # The label is reported once; the author's text after the break is scanned again (its placeholder);
    # a label that only ends with "guidance" is the document's own advice.
    assert at(findings, "PRD102") == [(5, 1)]
    assert "Guidance Notes" in messages(findings, "PRD102")[0]
    assert [f.line for f in findings if f.code == "PRD103"] == [10]


def test_non_goals_under_goals_and_metrics_are_not_metrics() -> None:
    text = (
        "# P\n\n## 3. Goals & Success Metrics\n\n- Adoption grows\n\n### 3.3 Non-Goals\n\n"
        "- Real-time multiplayer editing\n"
    )
    assert at(lint(text, select=["PRD601"]), "PRD601") == [(5, 3)]


def test_a_traceability_matrix_repeats_story_ids() -> None:
    text = (
        "## User Stories\n\n| Story | Requirement | Test |\n|---|---|---|\n"
        "| US-1 As a user, I can log in | REQ-1 | T1 |\n| US-1 As a user, I can log in | REQ-2 | T2 |\n"
    )
    assert lint(text, select=["PRD201"]) == []


def test_coverage_for_different_test_levels_does_not_conflict() -> None:
    text = "# P\n\n## Testing\n\n- 70% unit test coverage\n- 50% widget test coverage\n"
    assert lint(text, select=["PRD303"]) == []


def test_names_with_vague_words_and_feature_rows_without_criteria() -> None:
    text = "## Requirements\n\n- Ship a minimal viable product by May\n- A fast checkout\n"
    assert at(lint(text, select=["PRD602"]), "PRD602") == [(4, 5)]
    table = (
        "| Feature | User Story | Acceptance Criteria |\n|---|---|---|\n| Login API | -- | -- |\n"
        "| Export | As a user, I can export | CSV has a header |\n"
    )
    assert at(lint(table, profile="backlog", select=["PRD202"]), "PRD202") == [(3, 20)]


def test_metrics_that_are_outcomes_and_metrics_that_need_a_number() -> None:
    text = (
        "# P\n\n## Success Metrics\n\n- Users can export invoices to CSV\n- Improve engagement\n"
        "- Hundreds of teams use it\n\n| Goal | Measurable Outcome |\n|---|---|\n"
        "| Single binary | `curl | sh` installs it with no dependencies |\n| Faster onboarding | Better retention |\n"
    )
    assert at(lint(text, select=["PRD601"]), "PRD601") == [(6, 3), (7, 3), (12, 23)]


def test_a_required_section_may_be_a_bold_label() -> None:
    text = "# P\n\n## Background\n\nx\n\n## Features\n\nx\n\n**Success Metrics:** 30% fewer tickets.\n"
    assert lint(text, select=["PRD501"]) == []


def test_matrices_glossaries_and_scope_tables_are_not_definitions_risks_or_features() -> None:
    matrix = "| Story | Requirement |\n|---|---|\n| ET-1 | REQ-1 |\n| ET-2 | REQ-2 |\n\n- **REQ-1:** Login\n"
    assert lint(matrix, profile="generic", select=["PRD503"]) == []
    glossary = "## Risks\n\n**Risk:** A potential event or situation that could harm the project.\n"
    assert lint(glossary, select=["PRD405"]) == []
    scope = "## MVP\n\n| Category | Features |\n|---|---|\n| Core | Epics, specs |\n"
    assert lint(scope, select=["PRD203"]) == []
    levels = "# P\n\n## Testing\n\n- unit tests passing (70%+ coverage), widget tests passing (50%+ coverage)\n"
    assert lint(levels, select=["PRD303"]) == []


def test_number_blanks_in_brackets_are_placeholders_and_checkboxes_are_not() -> None:
    from prdlint.api import lint_text

    text = (
        "# Backlog\n\n**Story points:** [#]\n\n| Priority | Stories | Share |\n|---|---|---|\n| Must | [#] | [%] |\n\n"
        "- [ ] [X]% pass rate achieved\n- [x] Release notes written\n- Ranges: [0, 1] and [-]\n"
    )
    found = [(f.line, f.col, f.text) for f in lint_text(text) if f.code == "PRD102"]
    assert found == [(3, 19, "[#]"), (7, 10, "[#]"), (7, 16, "[%]"), (9, 7, "[X]")]


def test_immediately_after_a_step_that_stops_or_starts_is_not_a_missing_time_limit() -> None:

    text = (
        "# Spec\n\n## Requirements\n\n"
        "- WHEN the user presses the hotkey THEN recording stops immediately and encoding starts.\n"
        "- WHEN the user confirms THEN the game ends the turn immediately.\n"
        "- WHEN a photo is uploaded THEN it is displayed immediately.\n"
    )
    found = _vague_terms(text, "spec")
    assert found == [(7, "immediately")]


def test_vague_words_in_an_out_of_scope_part_of_a_requirements_chapter_are_not_requirements() -> None:

    text = (
        "# PRD\n\n## Requirements\n\n- The export must be fast.\n\n### Out of scope\n\n"
        "- Real-time streaming (polling is sufficient for now)\n\n### Reporting\n\n- Reports must be intuitive.\n"
    )
    found = _vague_terms(text, "prd")
    assert found == [(5, "fast"), (13, "intuitive")]


def test_a_functional_specification_title_in_any_language_makes_a_spec() -> None:
    from prdlint.api import lint_text
    from prdlint.config import default_config
    from prdlint.kinds import choose_kind
    from prdlint.model import Document

    config = default_config(Path.cwd())
    for title in ("Functional Specification: Exports", "📋 ESPECIFICAÇÕES FUNCIONAIS DETALHADAS",
                  "Spécifications fonctionnelles du module", "Especificación funcional — Pagos"):
        document = Document.parse(f"# {title}\n\n## Overview\n\nText.\n")
        assert choose_kind(document, None, (), config.root, None, ())[0] == "spec", title
    assert lint_text("# Notes\n\nText.\n") == []


def test_a_mitigator_column_is_a_mitigation_column() -> None:
    from prdlint.api import lint_text

    for header in ("| Risco | Probabilidade | Impacto | Mitigador |",
                   "| Riesgo | Probabilidad | Impacto | Cómo mitigar |"):
        text = f"# Plano de testes\n\n## Riscos\n\n{header}\n|---|---|---|---|\n| Atraso | Alta | Alto | Replanejar |\n"
        assert not [f for f in lint_text(text, profile="test-strategy") if f.code == "PRD402"], header
    text = ("# Plano\n\n## Riscos\n\n| Risco | Probabilidade | Impacto | Dono |\n|---|---|---|---|\n"
            "| A | Alta | Alto | Ana |\n")
    assert [f.code for f in lint_text(text, profile="test-strategy") if f.code == "PRD402"] == ["PRD402"]


def test_percentages_listed_under_a_test_coverage_heading_are_coverage_targets() -> None:
    from prdlint.api import lint_text

    text = (
        "# Test strategy\n\n## Scope\n\nThe CLI.\n\n## Entry and exit criteria\n\nAll tests pass.\n\n"
        "## Test Coverage Goals\n\n### Minimum Coverage Requirements\n\n- **Overall**: 80%\n- **Models**: 100%\n"
    )
    assert not [f for f in lint_text(text, profile="test-strategy") if f.code == "PRD301"]
    # Under a title that only names coverage, the notes' percentages are no targets.
    notes = "# Test plan — component coverage\n\n## Notes\n\n- **Guardrails**: exactly 10% passes\n"
    assert [f.code for f in lint_text(notes, profile="test-strategy") if f.code in ("PRD301", "PRD303")] == ["PRD301"]


def test_a_list_a_criteria_label_introduces_is_read_as_criteria_anywhere() -> None:

    text = (
        "# Especificações funcionais\n\n## 2. Fase 1: módulo PPTX\n\n### 2.1 Upload\n\n"
        "**Funcionalidades:**\n- Preview em alta qualidade do processamento\n\n"
        "**Critérios de Aceitação:**\n- Preservação de imagens em alta qualidade\n- Processamento em menos de 30 s\n"
    )
    found = _vague_terms(text, "spec")
    assert found == [(11, "alta qualidade")]  # the criteria, not the feature list above them


def test_a_number_that_holds_on_unnamed_modern_hardware_is_vague() -> None:

    text = (
        "# Spec\n\n## Requirements\n\n- Encoding takes under 50 ms per frame on modern CPUs.\n"
        "- Encoding takes under 50 ms per frame on an Apple M1.\n- Komunikaty o błędach są jasne.\n"
    )
    found = _vague_terms(text, "spec")
    assert found == [(5, "modern CPUs"), (7, "jasne")]


def test_a_percentage_left_blank_is_a_placeholder_not_a_vague_coverage_goal() -> None:
    from prdlint.api import lint_text

    text = (
        "# Test strategy\n\n## Test types\n\n- **Unit Tests**: [X]% of total tests\n"
        "- **UI Tests**: XX% of total tests\n"
        "- **Integration Tests**: comprehensive coverage of the API\n"
    )
    found = lint_text(text, profile="test-strategy")
    assert [(f.line, f.code) for f in found if f.code in ("PRD302",)] == [(7, "PRD302")]  # line 7: no number
    assert (5, "PRD102") in {(f.line, f.code) for f in found}


def _vague_terms(text: str, profile: str) -> list[tuple[int, str]]:
    """(line, term) of each PRD602 finding in ``text`` linted as ``profile``."""
    from prdlint.api import lint_text

    return [(f.line, f.text) for f in lint_text(text, profile=profile) if f.code == "PRD602"]
