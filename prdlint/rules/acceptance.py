"""2xx: user stories and features without acceptance criteria."""

from __future__ import annotations

from collections.abc import Iterator

from prdlint.analysis.text import plain, short
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import Rule, RuleContext
from prdlint.kinds import Phrases
from prdlint.model import Document, Table

_KINDS = {
    "heading": "story",
    "paragraph": "story",
    "item": "story",
    "row": "story in this table row",
    "requirement": "requirement",
}
_MISSING = {"requirement": "has no scenario (#### Scenario: with WHEN and THEN)"}



def check_story_without_criteria(document: Document, context: RuleContext) -> Iterator[Violation]:
    for story in context.analysis.for_profile(context.profile).stories.stories:
        if not story.has_criteria:
            yield Violation(
                story.line,
                story.col,
                f"{_KINDS[story.kind]} '{short(story.text)}' "
                + _MISSING.get(story.kind, "has no acceptance criteria"),
                text=story.text,
            )


def check_empty_criteria(document: Document, context: RuleContext) -> Iterator[Violation]:
    for empty in context.analysis.for_profile(context.profile).stories.empty:
        if empty.kind == "scenario":
            yield Violation(
                empty.line,
                empty.col,
                f"scenario '{short(empty.text)}' has no {empty.detail} step",
                empty.end_line,
                empty.end_col,
                empty.text,
            )
            continue
        what = {"label": "label", "heading": "section", "cell": "cell"}[empty.kind]
        shown = f" '{short(empty.text)}'" if empty.kind != "cell" else ""
        value = f" ('{empty.text.strip()}')" if empty.kind == "cell" and empty.text.strip() else ""
        yield Violation(
            empty.line,
            empty.col,
            f"acceptance criteria {what}{shown} is empty{value}",
            empty.end_line,
            empty.end_col,
            empty.text,
        )


_FEATURE_COLUMNS = Phrases(
    [
        "feature",
        "features",
        "requirement",
        "requirements",
        "capability",
        "user story",
        "story",
        "functionality",
        "epic",
        "item",
        "deliverable",
    ]
)


def check_feature_table(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    sections = Phrases(context.options["sections"])
    criteria = Phrases(context.options["columns"])
    for table in document.tables():
        section = facts.roles.section_of(table)
        owner = next((s for s in (section, *section.ancestors()) if facts.roles.matches(s, sections)), None)
        if owner is None or not _is_feature_table(table):
            continue
        if any(criteria.is_header(header) or criteria.in_title(plain(header)) for header in table.columns):
            continue
        first = table.header.cells[0]
        yield Violation(
            table.start_line,
            first.col,
            f"feature table under '{short(owner.title)}' has no acceptance-criteria column "
            f"(columns: {', '.join(short(c, 30) for c in table.columns)})",
            table.start_line,
            table.header.cells[-1].end_col,
        )


def _is_feature_table(table: Table) -> bool:
    # Two columns ("Category | Features") list the scope; a requirements table says more about each.
    return table.column_count >= 3 and any(_FEATURE_COLUMNS.is_header(header) for header in table.columns)


_SILENCE = (
    "Stories are recognised as headings ('### Story 1: ...'), 'As a ..., I want ...' paragraphs and list "
    "items, "
    "table rows under a user-stories heading, and rows of a table that tells the story across its columns "
    "('| As a | I want | So that |', '| Als... | wil ik... |': the headers and cells read in turn), "
    "in every language of rules/languages/ (story sentences, "
    "criteria labels and Given/When/Then keywords are there: `stories`, `criteria-labels`, `gherkin`); "
    "add your own with a `vocabulary:` in the configuration. The rules run on the kinds whose pack lists "
    "their family (rules/kinds/: prd, spec, test-strategy, strategy, backlog)."
)

RULES = (
    Rule(
        code="PRD201",
        name="story-without-acceptance-criteria",
        family="acceptance-criteria",
        severity=Severity.ERROR,
        summary="A user story has no acceptance criteria.",
        rationale=(
            "A story without acceptance criteria cannot be called done: developers guess, testers invent "
            "their "
            "own checks and the review happens after the work. Criteria can be Given/When/Then lines, an "
            "'Acceptance Criteria' heading or bold label followed by items, an acceptance-criteria column "
            "in a "
            "story table, or a link or reference to an AC list (AC-3). The finding is on the story's "
            "first line. "
            "A story whose criteria are still a placeholder is left to the placeholder rules "
            "(PRD101-PRD103); an "
            "empty criteria label is PRD202's. Stories listed in a table or list are taken as covered "
            "when the "
            "document has an acceptance-criteria section of its own."
        ),
        bad=(
            "### Story 2: Export invoices\n\n"
            "As an accountant, I want to export invoices as CSV so that I can reconcile them.\n\n"
            "### Story 3: Import payments"
        ),
        good=(
            "### Story 2: Export invoices\n\n"
            "As an accountant, I want to export invoices as CSV so that I can reconcile them.\n\n"
            "**Acceptance Criteria:**\n\n"
            "- Given 3 invoices in March, when I export March, then the CSV has 3 rows\n"
            "- The CSV opens in Excel without an import wizard"
        ),
        check=check_story_without_criteria,
        option_docs={"vocabulary": _SILENCE},
    ),
    Rule(
        code="PRD202",
        name="empty-acceptance-criteria",
        family="acceptance-criteria",
        severity=Severity.ERROR,
        summary="An acceptance-criteria label, heading or table cell is present but empty ('', '-', 'N/A').",
        rationale=(
            "An empty 'Acceptance Criteria:' looks like a finished story at a glance and hides the fact that "
            "nothing can be verified. 'N/A' is not a criterion either: if a story truly has nothing to "
            "check, it is "
            "not a story. A placeholder there (`[Testable criteria]`, `TBD`) is reported by the "
            "placeholder rules, "
            "not again here."
        ),
        bad=(
            "**Acceptance Criteria:**\n\n### Story 4\n\n"
            "| Feature | Acceptance Criteria |\n|---|---|\n| CSV export | N/A |"
        ),
        good=(
            "**Acceptance Criteria:**\n\n- The export finishes in under 5 s for 10,000 invoices\n\n"
            "| Feature | Acceptance Criteria |\n|---|---|\n| CSV export | 3 invoices export as 3 rows |"
        ),
        check=check_empty_criteria,
        option_docs={"vocabulary": _SILENCE},
    ),
    Rule(
        code="PRD203",
        name="feature-table-without-criteria",
        family="acceptance-criteria",
        severity=Severity.WARNING,
        summary="A feature or requirement table under a must-have section has no acceptance-criteria column.",
        rationale=(
            "Must-have features are the launch blockers: each needs a test that says it is done. A table of "
            "them without an acceptance-criteria column leaves that test to be invented later. Only tables "
            "with a feature-like column (Feature, Requirement, Capability, Story ...) under a section whose "
            "title matches `sections` are checked; nice-to-have tables are not."
        ),
        bad=(
            "### P0 — Must-Have\n\n| # | Feature | Description |\n|---|---|---|\n| 1 | SSO | Log in with "
            "Okta |"
        ),
        good=(
            "### P0 — Must-Have\n\n| # | Feature | Description | Acceptance Criteria |\n|---|---|---|---|\n"
            "| 1 | SSO | Log in with Okta | An Okta user reaches the dashboard in one click |"
        ),
        check=check_feature_table,
        options={
            "sections": [
                "must-have",
                "must have",
                "must haves",
                "P0",
                "launch blocker",
                "launch blockers",
                "MVP",
                "re:^\\s*must\\s*$",
            ],
            "columns": [
                "acceptance criteria",
                "acceptance criterion",
                "acceptance",
                "AC",
                "criteria",
                "done when",
                "definition of done",
                "acceptance tests",
                "success criteria",
            ],
        },
        option_docs={
            "sections": "Section-title phrases (or 're:' regexes) whose feature tables must have the column.",
            "columns": "Header names that count as an acceptance-criteria column.",
        },
    ),
)
