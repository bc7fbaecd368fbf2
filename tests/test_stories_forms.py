"""Stories and their acceptance criteria in every common form (issue 7 §2): each form with a
realistic example, and the near-misses that look like it."""

from __future__ import annotations

from ._catalog import at, lint, messages


def stories(text: str, kind: str = "spec") -> list[tuple[int, int]]:
    return at(lint(text, profile=kind, select=["PRD201"]), "PRD201")


def empty(text: str, kind: str = "spec") -> list[tuple[int, int]]:
    return at(lint(text, profile=kind, select=["PRD202"]), "PRD202")


def test_a_checklist_or_bullets_under_a_story_item_or_heading() -> None:
    item = (
        "## Stories\n\n- As a reader, I want dark mode so that I can read at night\n"
        "  - [ ] The toggle persists across sessions\n  - [ ] Contrast is at least 4.5:1\n"
        "- As an admin, I want an audit log so that I can trace changes\n"
        "  - Priority: High\n  - Status: Open\n"
    )
    assert stories(item) == [(6, 3)]  # Priority/Status are the story's fields, not its criteria
    heading = (
        "### Story 3: Import\n\nAs an accountant, I want to import payments so that books balance.\n\n"
        "- A CSV of up to 10 MB imports in one step\n- Duplicates are skipped and listed\n\n"
        "### Story 4: Share\n\nAs an accountant, I want to share a report so that my boss sees it.\n\n"
        "**Tasks:**\n\n- Add a share button\n"
    )
    assert stories(heading) == [(8, 5)]  # a list under 'Tasks:' is work, not criteria


def test_bullets_that_complete_a_story_sentence_are_stories_of_their_own() -> None:
    text = (
        "## 7. User Stories\n\n### As a program manager I want...\n\n- to plan lectures per quarter\n"
        "- to see which lecturers are free\n\n### Als Studiengangsleiterin möchte ich...\n\n"
        "- Überblick über alle Kurse haben\n\n## More\n\n- As a user, I want to:\n  - export invoices\n"
    )
    found = lint(text, profile="prd", select=["PRD201"])
    assert at(found, "PRD201") == [(5, 3), (6, 3), (10, 3), (15, 5)]
    assert "As a program manager I want... to plan lectures" in messages(found, "PRD201")[0]


def test_given_when_then_in_paragraphs_items_and_tables() -> None:
    text = (
        "### Story 1: Export\n\nAs a user, I want to export.\n\nGiven 3 invoices\nWhen I export March\n"
        "Then the CSV has 3 rows\n\n### Story 2: Import\n\nAs a user, I want to import.\n\n"
        "| Given | When | Then |\n|---|---|---|\n| a CSV | I import it | rows appear |\n\n"
        "### Story 3: Sync\n\nAs a user, I want sync.\n\n- **Dado** un lote\n- **Cuando** sincronizo\n"
        "- **Entonces** aparece\n\n### Story 4: Share\n\nAs a user, I want to share. When it works, good.\n"
    )
    assert stories(text) == [(25, 5)]


def test_spec_kit_kiro_openspec_and_gherkin() -> None:
    spec_kit = (
        "### User Story 1 - Upload a photo (Priority: P1)\n\nA seller uploads a product photo.\n\n"
        "**Acceptance Scenarios**:\n\n1. **Given** a JPEG under 5 MB, **When** it is uploaded, **Then** it shows.\n"
    )
    kiro = (
        "### Requirement 1\n\n**User Story:** As a player, I want to delete a warband, so that my list is tidy.\n\n"
        "#### Acceptance Criteria\n\n1. WHEN the player confirms THEN the system SHALL delete the warband\n"
        "2. IF the warband is loaded THEN the system SHALL unload it first\n"
    )
    gherkin = (
        "### Story 9: Login\n\nAs a user, I want to log in.\n\n```gherkin\nScenario: valid password\n"
        "  Given a user\n  When she logs in\n  Then she sees the dashboard\n```\n"
    )
    assert stories(spec_kit) == stories(kiro) == stories(gherkin) == []
    openspec = (
        "### Requirement: Totals\nThe system SHALL sum the month.\n\n#### Scenario: Empty month\n"
        "- **GIVEN** no transactions\n- **THEN** the total is 0\n\n### Requirement: Averages\n"
        "The system SHALL average.\n"
    )
    assert stories(openspec) == [(8, 5)]
    assert "has no scenario" in messages(lint(openspec, profile="spec", select=["PRD201"]), "PRD201")[0]
    found = lint(openspec, profile="spec", select=["PRD202"])
    assert at(found, "PRD202") == [(4, 6)] and "no WHEN step" in messages(found, "PRD202")[0]


def test_a_separate_criteria_section_keyed_by_story_ids() -> None:
    text = (
        "## User Stories\n\n| ID | Story |\n|---|---|\n| US-1 | As a user, I can add a folder |\n"
        "| US-2 | As a user, I can rename a rule |\n| US-3 | As a user, I can pause |\n\n"
        "## Acceptance Criteria\n\n### AC for US-1\n\n- The folder is watched within 1 s\n\n"
        "### Story 3\n\n- Pausing stops all moves\n"
    )
    assert stories(text, "prd") == [(6, 10)]  # US-2: the section names US-1 and Story 3, not it
    general = (
        "## User Stories\n\n- As a user, I want to add a folder so that files get sorted\n\n"
        "## Acceptance Criteria\n\n- Adding a folder starts watching it within 1 s\n"
    )
    assert stories(general, "prd") == []


def test_labels_in_other_languages_and_the_criteria_section_after_a_story() -> None:
    text = (
        "## Historias\n\n- Como cliente, quiero reservar un turno para asegurar mi atención\n"
        "  - Criterios de aceptación: el turno queda confirmado por correo\n"
        "- Als Kunde möchte ich stornieren, damit ich Geld spare\n  - Akzeptanzkriterien: Storno bis 24 h\n"
        "- 作为用户\uff0c我希望导出报表\uff0c以便分享\n  - 验收标准\uff1a导出文件包含表头\n\n"
        "## Export\n\n### User Story\n\nAs an accountant, I want to export invoices.\n\n"
        "### Acceptance Criteria\n\n- The CSV has one row per invoice\n"
    )
    assert stories(text) == []


def test_empty_criteria_labels_headings_and_numbered_lists() -> None:
    text = (
        "## HU-01 — Reservar\n\nComo cliente, quiero reservar.\n\n### Criterios de aceptación\n\n1. \n2. \n3. \n\n"
        "## Story 2: Export\n\nAs a user, I want export.\n\n**Acceptance Criteria**\n\n## Story 3\n\n"
        "As a user, I want Y.\n\n**Acceptance criteria:**\n\n1.\n2.\n"
    )
    assert empty(text) == [(5, 5), (15, 3), (21, 3)]
    filled = "## Story 1\n\nAs a user, I want X.\n\n**Acceptance criteria:**\n\n1. The file opens\n"
    assert empty(filled) == []


def test_a_story_template_handed_to_readers_is_no_story() -> None:
    text = (
        "**User Story template:**\n\n1. **Story**\n\n   As a [ROLE], I want to [ACTION] so that [VALUE].\n\n"
        "Template: As a [persona], I want [goal].\n"
    )
    assert stories(text, "test-strategy") == []


def test_stories_on_a_task_list_are_stories() -> None:
    text = (
        "## Must-Haves\n\n- [ ] As a user, I want key announcements at the top\n  so that I stay informed.\n\n"
        "- [x] As a user, I want a navigation bar so that I find sections.\n"
        "  - Given the home page when it loads then the bar lists every section\n"
    )
    assert stories(text, "backlog") == [(3, 3)]
    assert stories("## Tasks\n\n- [ ] Assign a reviewer\n- [ ] As agreed, update the docs\n", "backlog") == []


def test_a_template_story_with_its_slots_left_as_ellipses_is_not_a_story_to_check() -> None:
    assert stories("## Stories\n\n- As a <user>, I want … so that …\n- As a ... I want ... so that ...\n") == []
    assert stories("## Stories\n\n- As a user, I want exports... so that I keep my data\n") == [(3, 3)]


def test_a_job_story_needs_criteria_like_a_user_story() -> None:
    bare = (
        "# Backlog\n\n## Stories\n\n"
        "- When I am offline, I want to queue my edits, so I can keep working on the train.\n"
    )
    assert at(lint(bare, profile="backlog", select=["PRD201"]), "PRD201") == [(5, 3)]
    # A step that opens with "When" but wants nothing is no story.
    step = "# Backlog\n\n## Stories\n\n- When the build fails, the page shows the log, so I can fix it.\n"
    assert lint(step, profile="backlog", select=["PRD201"]) == []
    with_criteria = bare.replace("train.\n", "train.\n  - Acceptance criteria: edits sync within 5 s of reconnecting\n")
    assert lint(with_criteria, profile="backlog", select=["PRD201"]) == []


def test_a_story_told_across_columns_is_one_story_per_row_in_any_language() -> None:
    dutch = (
        "## Backlog\n\n| ID | Als... | wil ik... | zodat ik... | Status |\n|---|---|---|---|---|\n"
        "| US-01 | bezoeker | prijzen zien | een keuze kan maken | Done |\n"
        "| US-02 | beheerder | pagina's bewerken | content beheer | Open |\n"
    )
    found = lint(dutch, profile="backlog", select=["PRD201"])
    assert at(found, "PRD201") == [(5, 11), (6, 11)]
    assert "Als bezoeker wil ik prijzen zien zodat ik een" in messages(found, "PRD201")[0]
    russian = "| Как | я хочу | чтобы |\n|---|---|---|\n| менеджер | выгрузить отчёт | сверить счета |\n"
    assert stories(russian, "backlog") == [(3, 3)]
    chinese = "| 编号 | 作为 | 我希望 | 以便 |\n|---|---|---|---|\n| 1 | 用户 | 导出发票 | 报税 |\n"
    assert stories(chinese, "backlog") == [(3, 7)]
    # Criteria in a column of their own, or parts that are no story ("If ... I want ..." is no persona).
    with_criteria = (
        "| As a | I want | So that | Acceptance criteria |\n|---|---|---|---|\n"
        "| buyer | to pay by card | I check out fast | a declined card shows the bank's reason |\n"
    )
    assert stories(with_criteria, "backlog") == []
    no_story = "| Name | Role | Goal |\n|---|---|---|\n| Ana | buyer | pays by card |\n"
    assert stories(no_story, "backlog") == []
