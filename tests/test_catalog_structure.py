"""PRD501-PRD506: sections, identifiers, anchors, front matter and tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from prdlint.analysis.slugs import Slugger, github_slug_base, rendered_text
from prdlint.config import Config
from prdlint.model import Document

from ._catalog import at, lint, messages

FULL_PRD = """
# Checkout PRD

## Problem Statement

Carts are abandoned.

## Goals

Halve abandonment.

## Functional Requirements

- FR-001: One-page checkout

## Success Metrics

- Abandonment from 60% to 30%
"""


def test_required_sections_by_any_of_their_names() -> None:
    assert lint(FULL_PRD, select=["PRD501"]) == []
    synonyms = "# X\n\n## Background\n\nx\n\n## Objectives\n\nx\n\n## User Stories\n\nx\n\n## KPIs\n\nx\n"
    assert lint(synonyms, select=["PRD501"]) == []
    findings = lint("# X\n\n## Background\n\nx\n\n## Features\n\nx\n", select=["PRD501"])
    assert at(findings, "PRD501") == [(1, 1)]
    assert "Success Metrics" in messages(findings, "PRD501")[0]
    # The problem or the goals, under any of their names: an overview says why the product exists.
    findings = lint("# X\n\n## Features\n\nx\n\n## KPIs\n\nx\n", select=["PRD501"])
    assert "Problem Statement" in messages(findings, "PRD501")[0]
    assert lint("# X\n\n## Overview\n\nx\n\n## Features\n\nx\n\n## KPIs\n\nx\n", select=["PRD501"]) == []


def test_generic_profile_requires_no_section() -> None:
    assert lint("# Notes\n\nText.\n", profile="generic", select=["PRD501"]) == []


def test_strategy_required_sections() -> None:
    findings = lint(
        "# Team — Tailored Strategy\n\n## 1. Project Identity\n\nx\n", profile="strategy", select=["PRD501"]
    )
    assert len(at(findings, "PRD501")) == 4


def test_empty_sections() -> None:
    findings = lint(
        """
        # Title
        ## Subtitle

        ---

        ## Rollout Plan

        ## Open Questions

        <!-- who owns billing? -->

        ## Parent

        ### Child

        Text.

        ## Placeholder

        [Describe the plan]

        ## Last
        """,
        profile="generic",
        select=["PRD502"],
    )
    assert at(findings, "PRD502") == [(6, 4), (8, 4), (22, 4)]
    assert "only an HTML comment" in messages(findings, "PRD502")[1]


def test_duplicate_ids_defined_twice() -> None:
    findings = lint(
        """
        ## Requirements

        - **FR-001:** Export
        - **FR-002:** Import
        - **FR-001:** Share
        - FR1.1: Watch folders
        - FR1.2: Detect renames

        ### NFR-003 Latency

        | ID | Requirement |
        |---|---|
        | NFR-003 | p95 < 200 ms |

        FR-002 is referenced here, and in [FR-001](#requirements).

        | ID | Requirement |
        |---|---|
        | NFR-003 | Error rate below 1% |
        """,
        profile="generic",
        select=["PRD503"],
    )
    # A table that details an ID a heading defined (or a list that repeats a heading's ID) refers to it.
    assert at(findings, "PRD503") == [(5, 5)]
    assert "line 3" in messages(findings, "PRD503")[0]
    rows = lint("| ID | Requirement |\n|---|---|\n| NFR-3 | p95 < 200 ms |\n\n| ID | R |\n|---|---|\n| NFR-3 | x |\n",
                profile="generic", select=["PRD503"])
    assert at(rows, "PRD503") == [(7, 3)]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Product Requirements Document (PRD)", "product-requirements-document-prd"),
        ("README - Quick Start Guide", "readme---quick-start-guide"),
        ("10. Risk Analysis", "10-risk-analysis"),
        ("**Bold** and `code_span` and [a link](https://x.y)", "bold-and-code_span-and-a-link"),
        ("snake_case _emphasis_ words", "snake_case-emphasis-words"),
        ("🚀 Launch & Rollout!", "-launch--rollout"),
        ("Ünïcödé Ωmega", "ünïcödé-ωmega"),
        ("Q&A: What's next?", "qa-whats-next"),
    ],
)
def test_github_slugs(title: str, slug: str) -> None:
    document = Document.parse(f"## {title}\n")
    heading = next(document.headings())
    assert github_slug_base(rendered_text(heading.text)) == slug


def test_repeated_slugs_get_numbers() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ("Notes", "Notes", "Notes", "Notes 1")] == [
        "notes",
        "notes-1",
        "notes-2",
        "notes-1-1",
    ]


def test_broken_and_working_anchors() -> None:
    findings = lint(
        """
        ## Table of Contents
        1. [PRD](#product-requirements-document-prd)
        2. [Notes](#notes-1)
        3. [Missing](#risk-analysis)
        4. [Anchor](#custom) and [top](#) and [Elsewhere](other.md#x) and [case](#NOTES)
        5. [Ref][r]

        [r]: #nowhere

        ## Product Requirements Document (PRD)

        ## Notes

        <a name="custom"></a>

        ## Notes
        """,
        profile="generic",
        select=["PRD504"],
    )
    assert at(findings, "PRD504") == [(4, 14), (8, 6)]


def test_front_matter_yaml_error() -> None:
    findings = lint("---\ntitle: [unclosed\n---\n# T\n", profile="generic", select=["PRD505"])
    assert len(at(findings, "PRD505")) == 1 and "not valid YAML" in messages(findings, "PRD505")[0]


def test_front_matter_default_schema() -> None:
    findings = lint(
        '---\nversion: "1.0"\ncreated: 03/04/2026\nupdated: 2026-03-04\nstatus: draft\nowner:\n---\n# T\n',
        profile="generic",
        select=["PRD505"],
    )
    assert at(findings, "PRD505") == [(3, 1), (6, 1)]
    assert "created" in messages(findings, "PRD505")[0] and "YYYY-MM-DD" in messages(findings, "PRD505")[0]


def test_front_matter_placeholders_are_the_placeholder_rules() -> None:
    findings = lint(
        '---\nversion: "1.0"\ncreated: "YYYY-MM-DD"\nowner: "<your-name>"\n---\n# T\n',
        profile="generic",
        select=["PRD505", "PRD103"],
    )
    assert at(findings, "PRD505") == []
    assert at(findings, "PRD103") == [(3, 11), (4, 9)]


def test_front_matter_custom_schema(tmp_path: Path) -> None:
    schema = {"type": "object", "required": ["ticket"], "properties": {"ticket": {"type": "string"}}}
    config = Config(path=tmp_path / ".prdlint.yaml", root=tmp_path, frontmatter_schema=schema)
    findings = lint(
        "---\ncreated: not-a-date\n---\n# T\n", profile="generic", select=["PRD505"], config=config
    )
    assert (
        messages(findings, "PRD505") == ["front matter front matter: 'ticket' is required"]
        or len(findings) == 1
    )
    (tmp_path / "schema.yaml").write_text("type: object\nproperties:\n  ticket: {type: integer}\n")
    config = Config(path=tmp_path / ".prdlint.yaml", root=tmp_path, frontmatter_schema="schema.yaml")
    findings = lint("---\nticket: abc\n---\n# T\n", profile="generic", select=["PRD505"], config=config)
    assert at(findings, "PRD505") == [(2, 1)]


def test_malformed_table_rows() -> None:
    findings = lint(
        "| Risk | Impact |\n|---|---|\n| Outage | High | Fallback |\n| Drift |\n| Lock-in | Low |\n",
        profile="generic",
        select=["PRD506"],
    )
    assert at(findings, "PRD506") == [(3, 19), (4, 3)]
    assert "3 cells; the header has 2" in messages(findings, "PRD506")[0]


def test_an_id_repeated_in_the_headings_under_its_own_heading_is_part_of_that_item() -> None:
    text = (
        "# Stories\n\n## US-001 — Deploy\n\n### US-001 — Narrative\n\nAs a dev I want x.\n\n"
        "### US-001 — Acceptance criteria\n\n- US-001: works\n\n## US-002 — Undo\n\n### US-001 — Criteria\n\nx\n"
    )
    findings = lint(text, profile="generic", select=["PRD503"])
    # Under US-002 the ID US-001 is a second definition again; under its own heading it never is.
    assert at(findings, "PRD503") == [(15, 5)]
    siblings = lint("## US-001 — Deploy\n\nx\n\n## US-001 — Undo\n\ny\n", profile="generic", select=["PRD503"])
    assert at(siblings, "PRD503") == [(5, 4)]


def test_outline_numbers_nest_subsections_written_at_their_parents_level() -> None:
    from prdlint.api import lint_text
    from prdlint.model import Document

    text = (
        "# Product spec\n\n## 8. Background\n\nText here.\n\n## 9. {parent}\n\n## 9.1 Interface\n\n"
        "- The interface must be fast and intuitive.\n\n### Notes\n\nMore.\n\n## 9.2 Data\n\nRows.\n\n"
        "## 10. Roadmap\n\n- The roadmap must be fast.\n"
    )
    document = Document.parse(text.format(parent="Requirements"))
    tree = [(s.title, [sub.title for sub in s.subsections]) for s in document.root.walk() if s.subsections]
    assert tree == [
        ("", ["Product spec"]),
        ("Product spec", ["8. Background", "9. Requirements", "10. Roadmap"]),
        ("9. Requirements", ["9.1 Interface", "9.2 Data"]),  # 9.2 closes 9.1, not 9.
        ("9.1 Interface", ["Notes"]),
    ]
    # So the requirements' vague terms are read as requirements' (and '9.' is not an empty section).
    found = lint_text(text.format(parent="Non-functional requirements"), profile="prd")
    assert sorted({(f.line, f.code) for f in found if f.code in ("PRD602", "PRD502")}) == [(11, "PRD602")]
    assert not [f for f in lint_text(text.format(parent="History"), profile="prd") if f.code == "PRD602"]


def test_a_paragraph_that_markdown_makes_a_setext_heading_is_not_an_empty_section() -> None:
    from prdlint.api import lint_text

    text = (
        "# Task\n\n## Comments\n\nauthor: @planner\ncreated: 2026-07-17 16:15\n---\n"
        + "The grep scope is narrower than the call sites; widen it to every form of the check. " * 2
        + "\n---\n\nEmpty one\n---\n\n## Next\n\nText.\n"
    )
    found = [f.line for f in lint_text(text) if f.code == "PRD502"]
    assert found == [11]  # a short one-line setext heading is a heading; the comment's lines and note are not
