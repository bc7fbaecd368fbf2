"""PRD601-PRD602: metrics without numbers and vague words in requirements."""

from __future__ import annotations

from pathlib import Path

from prdlint.config import Config

from ._catalog import at, lint, messages


def test_unmeasurable_metrics_in_lists_and_tables() -> None:
    findings = lint(
        """
        ## Success Metrics

        - Improved user engagement
        - Weekly active users from 1,200 to 2,000
        - Zero critical bugs
        - Retention
          - target: 40% at day 30
        - [ ] Documentation published
        - [Metric 3]

        | Metric | Target | How to Measure |
        |---|---|---|
        | Churn | Lower | Billing data |
        | NPS | > 50 | Survey |
        | [KPI] | [Target] | [Method] |
        """,
        select=["PRD601"],
    )
    assert at(findings, "PRD601") == [(3, 3), (13, 11)]
    assert "Churn" in messages(findings, "PRD601")[1]


def test_quantitative_non_functional_requirements_only() -> None:
    findings = lint(
        """
        ## Non-Functional Requirements

        **Performance**:
        - API response time P95 < 200ms
        - Pages load quickly

        **Security**:
        - Authentication: OAuth2 / JWT

        ### Reliability
        - Highly available

        ### Accessibility
        - Screen-reader friendly
        """,
        select=["PRD601"],
    )
    assert at(findings, "PRD601") == [(5, 3), (11, 3)]


def test_metrics_outside_metric_sections_are_not_checked() -> None:
    assert lint("## Goals\n\n- Improve engagement\n", select=["PRD601"]) == []
    assert lint("## Success Metrics\n\n- Improve engagement\n", profile="generic", select=["PRD601"]) == []


def test_vague_terms_in_requirement_sections() -> None:
    findings = lint(
        """
        # Search PRD

        ## Overview

        A fast, user-friendly search.

        ## Functional Requirements

        - **FR-004:** Search must be fast and user-friendly, with filters for date, status, etc.
        - **FR-005:** Results load fast: p95 < 300 ms.
        - **FR-006:** Export as CSV and/or JSON.
        - **FR-007:** A responsive grid, `fast_path` flag, and a [robust] option.

        **Why build this:** a quick win for sales.

        ## User Stories

        - As a user, I want export so that I can quickly share results.
        """,
        select=["PRD602"],
    )
    words = [m.split("'")[1] for m in messages(findings, "PRD602")]
    assert words == ["fast", "user-friendly", "etc.", "and/or"]
    assert at(findings, "PRD602")[0] == (9, 30)


def test_vague_terms_everywhere_and_ignore_terms() -> None:
    config = Config(
        path=None, root=Path.cwd(), rules={"PRD602": {"everywhere": True, "ignore-terms": ["user-friendly"]}}
    )
    findings = lint("## Overview\n\nA fast, user-friendly search.\n", select=["PRD602"], config=config)
    assert [m.split("'")[1] for m in messages(findings, "PRD602")] == ["fast"]


def test_vague_term_near_misses() -> None:
    findings = lint(
        """
        ## Functional Requirements

        - Pattern variables `{1}`, `{2}`, etc. — regex capture groups
        - Users convert arrows in place, enabling quick diagram changes.

        | Icon | State | Meaning |
        |---|---|---|
        | ○ | Unstaked | Claim has minimal economic signal |

        | ID | Requirement |
        |---|---|
        | NFR-1 | Sync must be robust |
        """,
        select=["PRD602"],
    )
    assert [m.split("'")[1] for m in messages(findings, "PRD602")] == ["robust"]
    assert at(findings, "PRD602") == [(12, 24)]
