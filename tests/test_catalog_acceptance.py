"""PRD201-PRD203: stories and features without acceptance criteria."""

from __future__ import annotations

from ._catalog import at, lint, messages


def test_heading_story_without_criteria_is_reported_on_its_heading() -> None:
    findings = lint(
        """
        ## User Stories

        ### Story 1: Export

        As an accountant, I want to export invoices so that I can reconcile them.

        **Acceptance Criteria:**

        - Given 3 invoices, when I export, then the CSV has 3 rows

        ### Story 2: Import

        As an accountant, I want to import payments.
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == [(11, 5)]
    assert "Story 2: Import" in messages(findings, "PRD201")[0]


def test_criteria_in_a_subsection_heading_or_gherkin_lines_count() -> None:
    findings = lint(
        """
        ### Story 3.1: Credentials

        As a seller, I want to store my API keys.

        #### Acceptance Criteria

        1. Keys are encrypted at rest

        ### Story 3.2: Sync

        As a seller, I want my inventory synced.

        - Given a new lot
        - When the sync runs
        - Then the lot appears in BrickLink
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == []


def test_as_a_paragraph_and_list_item_stories() -> None:
    findings = lint(
        """
        ## Stories

        - As a user, I want dark mode so that I can read at night
        - As an admin, I want an audit log so that I can trace changes
          - Acceptance criteria: every change has an author and a timestamp

        ## Requirements

        ### Requirement 1

        **User Story:** As a player, I want to delete a saved warband, so that I can tidy my list.

        #### Acceptance Criteria

        1. WHEN the player confirms THEN the system SHALL delete the warband
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == [(3, 3)]


def test_persona_lead_with_i_want_items() -> None:
    findings = lint(
        """
        ### User Stories

        **As a [Primary User Type]:**
        - I want to [action] so that [benefit]
        - I want to [action] so that [benefit]
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == [(4, 3), (5, 3)]


def test_sibling_item_with_criteria_belongs_to_the_story() -> None:
    findings = lint(
        """
        1. **Export**
           - **User Story:** As a persona, I want to export so that I can share
           - **Acceptance Criteria:**
             - [ ] The file opens in Excel
        2. **Import**
           - User story: As a user, I want to import so that I save time
           - Success criteria: 95% of files import without errors
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == []


def test_table_row_stories() -> None:
    findings = lint(
        """
        ## User Stories

        | ID | Story | Status |
        |----|-------|--------|
        | U01 | As a user, I can add a folder to watch | Done |

        | Story | Acceptance Criteria |
        |---|---|
        | As a user, I can rename a rule | The new name shows in the list |
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == [(5, 9)]


def test_stories_listed_apart_from_a_document_level_criteria_section_are_covered() -> None:
    findings = lint(
        """
        ## User Stories

        - As a user, I want to add a folder so that files get sorted

        ## Acceptance Criteria

        - Adding a folder starts watching it within 1 s
        """,
        select=["PRD201"],
    )
    assert at(findings, "PRD201") == []


def test_placeholder_criteria_are_left_to_the_placeholder_rules() -> None:
    findings = lint(
        """
        ### Story 1: [Title]

        **As a** [user type] **I want** [goal] **So that** [benefit]

        **Acceptance Criteria:**

        - Given [context]
        """,
        select=["PRD201", "PRD202"],
    )
    assert at(findings, "PRD201") == [] and at(findings, "PRD202") == []


def test_empty_story_section_is_prd502s_not_prd201s() -> None:
    findings = lint(
        "### Story 1 (Optional)\n\n### Story 2 (Optional)\n\nAs a user I want X.\n",
        select=["PRD201", "PRD502"],
    )
    assert at(findings, "PRD502") == [(1, 5)]
    assert at(findings, "PRD201") == [(3, 5)]


def test_generic_profile_gets_no_story_findings() -> None:
    assert (
        lint("### Story 2: Import\n\nAs a user, I want to import.\n", profile="generic", select=["PRD2"])
        == []
    )


def test_empty_acceptance_criteria_label_heading_and_cell() -> None:
    findings = lint(
        """
        ### Story 1: Export

        As a user, I want to export.

        **Acceptance Criteria:** N/A

        ### Story 2: Import

        As a user, I want to import.

        #### Acceptance Criteria

        ### Story 3: Share

        | Story | Acceptance Criteria |
        |---|---|
        | As a user, I can share a link | |
        | As a user, I can revoke a link | - |
        | As a user, I can copy a link | [Testable criteria] |
        """,
        select=["PRD201", "PRD202"],
    )
    assert at(findings, "PRD202") == [(5, 3), (11, 6), (17, 34), (18, 36)]
    assert at(findings, "PRD201") == []


def test_label_followed_by_its_items_is_not_empty() -> None:
    findings = lint(
        """
        ### Story 1: Export

        As a user, I want to export.

        **Acceptance Criteria:**

        - The file opens in Excel
        """,
        select=["PRD202"],
    )
    assert findings == []


def test_must_have_feature_table_without_criteria_column() -> None:
    findings = lint(
        """
        ### P0 — Must-Have (Launch Blockers)
        | # | Feature | Description |
        |---|---------|-------------|
        | 1 | SSO | Okta login |

        ### P1 — Should-Have
        | # | Feature | Description |
        |---|---------|-------------|
        | 1 | Export | CSV |

        ### MVP
        | Feature | Acceptance Criteria |
        |---|---|
        | Search | Results in < 1 s |

        ### Must Have
        | Metric | Target |
        |---|---|
        | Uptime | 99.9% |
        """,
        select=["PRD203"],
    )
    assert at(findings, "PRD203") == [(2, 3)]


def test_feature_table_sections_are_configurable() -> None:
    from pathlib import Path

    from prdlint.config import Config

    config = Config(path=None, root=Path.cwd(), rules={"PRD203": {"sections": ["should-have"]}})
    findings = lint(
        """
        ### P1 — Should-Have
        | # | Feature | Description |
        |---|---------|-------------|
        | 1 | Export | CSV |
        """,
        select=["PRD203"],
        config=config,
    )
    assert at(findings, "PRD203") == [(2, 3)]
