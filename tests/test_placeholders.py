"""The placeholder family PRD101-PRD104: every placeholder found at its exact place, nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from prdlint.api import lint_text
from prdlint.config import default_config
from prdlint.config.loader import Config
from prdlint.engine.finding import Finding

from .conftest import SHARED, SKIP_SHARED

SEEDS = SHARED / "seeds"
PLACEHOLDER_CODES = ("PRD101", "PRD102", "PRD103", "PRD104")


def findings(text: str, config: Config | None = None) -> list[Finding]:
    return [f for f in lint_text(text, config=config) if f.code in PLACEHOLDER_CODES]


def positions(found: list[Finding], *codes: str) -> set[tuple[int, int]]:
    return {(f.line, f.col) for f in found if f.code in codes}


def seed(name: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(SKIP_SHARED)
    return (SEEDS / name).read_text(encoding="utf-8")


# -- an independent scan of the raw text ---------------------------------------------------------

FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")


def raw_lines_by_region(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """(prose lines, code lines with their fence language), 1-based, from the raw text alone."""
    prose: list[tuple[int, str]] = []
    code: list[tuple[int, str, str]] = []
    fence: str | None = None
    language = ""
    in_front_matter = text.startswith("---\n")
    for number, line in enumerate(text.split("\n"), start=1):
        if in_front_matter:
            if number > 1 and line.strip() == "---":
                in_front_matter = False
            continue
        found = FENCE.match(line)
        if fence is None and found:
            fence, language = found.group(1)[0] * 3, found.group(2).lower()
            continue
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            else:
                code.append((number, line, language))
            continue
        prose.append((number, line))
    return prose, code


def blank_inline_code(line: str) -> str:
    return re.sub(r"`[^`]*`", lambda m: " " * len(m.group()), line)


def raw_bracket_placeholders(text: str) -> set[tuple[int, int]]:
    """Where a reader sees square-bracketed template text in prose: not a link, link
    definition, image, task box or inline code."""
    found: set[tuple[int, int]] = set()
    prose, _ = raw_lines_by_region(text)
    for number, line in prose:
        if re.match(r"\s*\[[^\]]+\]:", line):
            continue  # a link reference definition
        visible = blank_inline_code(line)
        for match in re.finditer(r"\[([^\[\]]+)\](?!\()", visible):
            inner = match.group(1)
            if inner in (" ", "x", "X") or visible[match.start() - 1 : match.start()] == "!":
                continue
            found.add((number, match.start() + 1))
    return found


# -- the seeds -----------------------------------------------------------------------------------


def test_strategy_seed_reports_every_fill_in_marker_at_its_exact_position() -> None:
    text = seed("python-data-team-strategy.md")
    expected = {
        (number, match.start() + 1)
        for number, line in enumerate(text.split("\n"), start=1)
        for match in re.finditer(r"\[FILL IN", line)
    }
    assert len(expected) == 49
    assert positions(findings(text), "PRD101") == expected


def test_strategy_seed_reports_bracketed_table_placeholders_as_prd102() -> None:
    text = seed("python-data-team-strategy.md")
    expected = {
        (number, match.start() + 1)
        for number, line in enumerate(text.split("\n"), start=1)
        if line.startswith("|")
        for match in re.finditer(r"\[(?!FILL IN)[^\]]+\]", line)
    }
    assert expected, "the seed's tables hold bracketed placeholders"
    assert expected <= positions(findings(text), "PRD102")


@pytest.mark.parametrize(
    "name",
    ["python-data-team-strategy.md", "prd-template.md", "prd-implementation-guide-template.md",
     "python-pm-persona.md"],
)
def test_every_bracketed_placeholder_in_a_seed_is_found_at_its_position(name: str) -> None:
    text = seed(name)
    reported = positions(findings(text), "PRD101", "PRD102")
    assert reported == raw_bracket_placeholders(text)


def test_prd_template_front_matter_dates_are_unresolved_tokens() -> None:
    text = seed("prd-template.md")
    expected = {
        (number, line.index("YYYY-MM-DD") + 1)
        for number, line in enumerate(text.split("\n")[:5], start=1)
        if "YYYY-MM-DD" in line
    }
    assert expected == {(3, 11), (4, 11)}
    assert expected <= positions(findings(text), "PRD103")


def test_implementation_guide_code_placeholders_are_found_and_real_code_is_not() -> None:
    text = seed("prd-implementation-guide-template.md")
    reported = positions(findings(text), "PRD104")
    _, code = raw_lines_by_region(text)
    # Independent expectation: in shell, SQL, env and plain blocks every [name] that is not
    # attached to a word is template text; in Python only bare [Identifier]s are (the seed
    # has no one-element lists); mermaid node labels and YAML/Dockerfile lists are code.
    expected: set[tuple[int, int]] = set()
    typing: set[tuple[int, int]] = set()
    for number, line, language in code:
        if language in ("mermaid", "yaml", "dockerfile"):
            continue
        name = r"[A-Za-z]\w*" if language == "python" else r"[A-Za-z][\w ./-]*"
        for match in re.finditer(r"(?<![\w\]\)\[$])\[(" + name + r")\]", line):
            expected.add((number, match.start() + 1))
        for match in re.finditer(r"[A-Za-z0-9\])]\[", line):
            typing.add((number, match.start() + 2))
    for number, line, _ in code:
        for match in re.finditer(r"your_\w+", line):
            expected.add((number, match.start() + 1))
    assert len(expected) > 60
    assert expected <= reported
    assert not reported & typing, "indexing and type arguments are never placeholders"


def test_crlf_and_bom_copy_of_a_seed_gives_the_same_positions() -> None:
    text = seed("python-data-team-strategy.md")
    original = [(f.line, f.col, f.end_line, f.end_col, f.code) for f in findings(text)]
    converted = "\ufeff" + text.replace("\n", "\r\n")
    assert [(f.line, f.col, f.end_line, f.end_col, f.code) for f in findings(converted)] == original


def test_persona_seed_has_no_placeholders() -> None:
    assert findings(seed("python-pm-persona.md")) == []


# -- never a placeholder -------------------------------------------------------------------------

NEAR_MISSES = """\
# Checkout service

See the [design doc](https://example.com/design) and [the RFC][rfc], or just [rfc].
A footnote[^1] and a numeric citation [2] and [3, 4].
Escaped \\[brackets\\] stay text, as does `[inline code]` and `arr[0]`.
<!-- [FILL IN] inside an HTML comment is an instruction to the author, not content -->
An image ![Architecture](diagram.png) and a [[wiki link]].

- [ ] open task
- [x] done task
- [X] also done

> [!NOTE]
> GitHub alert syntax.

| Status | Ticket |
|--------|--------|
| [x] | [JIRA-12](https://jira.example.com/JIRA-12) |

```python
from typing import Any, Dict

def pick(arr: list[int], m: Dict[str, Any]) -> int:
    values = [item for item in arr if item]
    return arr[0] + len(values[1:3]) + len(m["k"])
```

```toml
[tool.prdlint]
select = ["PRD1"]
```

```yaml
branches: [main]
```

```mermaid
graph LR
    A[Start] --> B[Finish]
```

Quoted UI text such as the "[Undo]" button is mentioned, not a blank.

[rfc]: https://example.com/rfc
[^1]: The footnote text.
"""


def test_markdown_and_code_syntax_is_never_a_placeholder() -> None:
    assert findings(NEAR_MISSES) == []


@pytest.mark.parametrize(
    ("text", "code", "col"),
    [
        ("**Owner**: [FILL IN]\n", "PRD101", 12),
        ("Owner: [todo: ask Dana]\n", "PRD101", 8),
        ("Owner: [Insert name of the owner]\n", "PRD101", 8),
        ("Owner: [TBD]\n", "PRD101", 8),
        ("- **Spec**: [NEEDS CLARIFICATION: auth method]\n", "PRD101", 13),
        ("Start Date: (fill me in with today's date)\n", "PRD101", 13),
        ("| Risk | Impact |\n|---|---|\n| Outage | [H/M/L] |\n", "PRD102", 12),
        ("# [Your Product Name]\n", "PRD102", 3),
        ("Due: [Date]\n", "PRD102", 6),
        ("Launch date: TBD\n", "PRD103", 14),
        ("created: YYYY-MM-DD\n", "PRD103", 10),
        ("Owner: <your-name>\n", "PRD103", 8),
        ("Body: Lorem ipsum dolor sit amet.\n", "PRD103", 7),
        ("Title: {{PROJECT_NAME}}\n", "PRD103", 8),
        ("```bash\n[test command]\n```\n", "PRD104", 1),
        ("```env\nAPI_KEY=your_api_key\n```\n", "PRD104", 9),
        ("```sql\nCREATE TABLE [primary entity name] (id int);\n```\n", "PRD104", 14),
    ],
)
def test_each_kind_of_placeholder_is_reported_once_at_its_column(text: str, code: str, col: int) -> None:
    found = findings(text)
    assert [(f.code, f.col) for f in found] == [(code, col)]


def test_one_identifier_in_brackets_in_code_is_code_unless_the_document_is_a_template() -> None:
    prisma = "```prisma\nmodel Task {\n  user User @relation(fields: [userId], references: [id])\n}\n```\n"
    assert findings(prisma) == []
    assert findings("```sql\nSELECT * FROM [orders];\n```\n") == []
    template = "Owner: [Name]\n\n```sql\nCREATE TABLE [primary_entity] (id int);\n```\n"
    assert positions(findings(template), "PRD104") == {(4, 14)}


def test_templates_shown_to_the_reader_are_not_leftovers() -> None:
    text = (
        "**User Story template:**\n\n1. **Story**\n\n   As a [ROLE], I want to [ACTION].\n\n"
        "Example: Owner: [Your Name]\n\n**Template**:\n```bash\nrun your-command\n```\n\nOwner: [Name]\n"
    )
    assert positions(findings(text), "PRD102") == {(14, 8)}
    assert positions(findings(text), "PRD104") == set()


def test_a_token_inside_a_reported_bracket_is_not_reported_again() -> None:
    found = findings('Domain: [FILL IN or "TBD"]\nRevenue: [$X per month]\n')
    assert [(f.code, f.line) for f in found] == [("PRD101", 1), ("PRD102", 2)]


def test_placeholders_in_nested_containers_keep_exact_columns() -> None:
    text = "> - Owner: [Name]\n>   - Due: [Date]\n"
    found = findings(text)
    assert [(f.line, f.col, f.end_col) for f in found] == [(1, 12, 18), (2, 12, 18)]


def test_a_document_that_is_not_a_template_keeps_its_plain_code_blocks() -> None:
    text = "# Notes\n\n```\n[Cancel]  [Save]\n```\n"
    assert findings(text) == []
    template = "# Notes\n\nOwner: [Name]\n\n```\n[Cancel]  [Save]\n```\n"
    assert positions(findings(template), "PRD104") == {(6, 1), (6, 11)}


def test_ui_drawings_and_diagrams_are_not_placeholders() -> None:
    text = "Owner: [Name]\n\n```\n┌──────────┐\n│ [Cancel] │\n└──────────┘\n[A] → [B]\n```\n"
    assert positions(findings(text), "PRD104") == set()


# -- configuration -------------------------------------------------------------------------------


def config_with(tmp_path: Path, **placeholders: list[str]) -> Config:
    from dataclasses import replace

    settings = {key.replace("_", "-"): tuple(values) for key, values in placeholders.items()}
    return replace(default_config(tmp_path), placeholders=settings)


def test_configured_markers_patterns_and_allow_list(tmp_path: Path) -> None:
    text = "Owner: [PENDING: legal]\nTicket: PROJ-NNN\nSee [Unnamed Module] and [Optional]\n"
    config = config_with(
        tmp_path, markers=["PENDING"], patterns=[r"\bPROJ-NNN\b"], allow=["Optional", "re:Unnamed \\w+"]
    )
    found = findings(text, config)
    assert [(f.code, f.line, f.col) for f in found] == [("PRD101", 1, 8), ("PRD103", 2, 9)]


def test_configured_code_patterns(tmp_path: Path) -> None:
    text = "```bash\ncurl -H 'Token: <REDACTED>' https://api.example.com\n```\n"
    assert findings(text) == []
    config = config_with(tmp_path, code_patterns=["<REDACTED>"])
    assert [(f.code, f.line, f.col) for f in findings(text, config)] == [("PRD104", 2, 17)]


# -- the reviewed corpus -------------------------------------------------------------------------

REVIEW = Path(__file__).parent / "corpus_review" / "filled-placeholders.tsv"


def test_filled_corpus_findings_are_exactly_the_reviewed_ones() -> None:
    """Every placeholder finding on the filled corpus was reviewed by hand (the TSV records the
    verdict and why). A change in what the rules report there must be reviewed again."""
    folder = SHARED / "corpus" / "real" / "filled"
    if not folder.is_dir():
        pytest.skip(SKIP_SHARED)
    reviewed = set()
    for line in REVIEW.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "file\t")):
            name, number, col, code, _text, verdict, reason = line.split("\t")
            assert verdict in ("true", "false") and reason, f"review entry without a verdict and reason: {line}"
            reviewed.add((name, int(number), int(col), code))
    actual = set()
    for path in sorted(folder.glob("*.md")):
        for finding in findings(path.read_text(encoding="utf-8")):
            actual.add((path.name, finding.line, finding.col, finding.code))
    assert actual == reviewed


# -- leftovers real documents keep, and what only looks like one (issue 7) -----------------------


def test_placeholder_ids_and_a_templates_own_title() -> None:
    text = "# Test Plan Template\n\n| Related | RF-XX, FR-0XX |\n|---|---|\n\nSee US-X and REQ-12.\n"
    found = [(f.code, f.line, f.col) for f in findings(text)]
    assert found == [("PRD102", 1, 3), ("PRD103", 3, 13), ("PRD103", 3, 20), ("PRD103", 6, 5)]
    assert "template's own title 'Test Plan Template'" in findings(text)[0].message
    for title in ("# Vorlage: Lastenheft\n", "# テスト計画書テンプレート\n", "# PRD Template (v2)\n"):
        assert [f.code for f in findings(title)] == ["PRD102"], title
    for title in ("# Templates and how to use them in Checkout\n", "# Template engine migration\n"):
        assert findings(title) == [], title


def test_a_defined_token_is_not_an_unresolved_one() -> None:
    glossary = "| Term | Definition |\n|---|---|\n| TBD | To be determined |\n| TODO | A task |\n"
    assert findings(glossary) == []
    assert findings("| Abbr. | Meaning |\n|---|---|\n| tbd | to be determined |\n") == []
    assert findings("We write TBD (to be decided) where a value is open.\n") == []
    changelog = "| Date | Version | Description |\n|---|---|---|\n| [Current Date] | 1.0 | First |\n"
    assert [f.code for f in findings(changelog)] == ["PRD102"]


def test_diagram_boxes_and_citations_in_prose_are_not_placeholders() -> None:
    assert findings("  [ SENSORS ] ---> [ GATEWAY ] → [ BACKEND ]\n") == []
    assert findings("- Models: `a.py` [Source: architecture/impl.md#Parameter Models]\n") == []
    assert findings("See [docs/architecture.md#Models] for the layout.\n") == []
    assert [f.code for f in findings("Owner: [Name] -- not a diagram\n")] == ["PRD102"]


def test_a_templates_instructions_left_in_italics() -> None:
    text = (
        "# Outline\n\nOwner: [Name]\n\n## KPIs\n\n* *What data will you look at to judge the outcome?*\n"
        "* _Include links to dashboards_\n\n*Note: the beta ends in May.*\n\n"
        "- *What date will you evaluate impact after launch?*\n  - 2025-06-01\n"
    )
    assert positions(findings(text), "PRD102") == {(3, 8), (7, 3), (8, 3)}
    # Without other template text, only instructions about the document itself count.
    alone = "# QA\n\n_What data will you look at?_\n\n_\\*Update this info accordingly._\n"
    assert positions(findings(alone), "PRD102") == {(5, 1)}


def test_fields_left_empty_and_links_with_no_target() -> None:
    text = (
        "- Team name: Benefits\n- Slack channel:\n- Product owner: \n\n## Steps\n\n"
        "1. **Fetch**: load the rows\n2. **Prompt**:\n\n> System: you are a helpful bot\n\n"
        "See [Link to Initiative Brief](#) and [Back to top](#).\n"
    )
    found = lint_text(text)
    assert positions(found, "PRD105") == {(2, 3), (3, 3)}
    assert positions(found, "PRD102") == {(12, 5)}


def test_brackets_in_paths_links_and_code_name_lists_are_notation_not_blanks() -> None:
    text = (
        "# Collection\n\n"
        "| Attribute | Meaning |\n|---|---|\n"
        "| _[item].id_ | the id of each item |\n"
        "| _metadata.properties.[other]_ | holds [other] values too |\n\n"
        "See [Design notes](design notes.md) and [Spec](../specs/area spec.md).\n\n"
        "- tools: [initProject, saveScenario, browser_click]\n"
        "- Probability: [High, Medium, Low]\n"
        "- Owner: [Your Name]\n"
    )
    found = findings(text)
    # The template choice and the name to fill in stay; the path notation (also where it recurs
    # alone), the links whose targets hold a space and the list of code names go.
    assert positions(found, "PRD102") == {(11, 16), (12, 10)}


def test_template_variables_a_line_describes_and_ids_that_are_real_names_are_not_tokens() -> None:
    described = "# Actions\n\n1. Variables {{namespace}} and {{pod}} substituted in the URL template\n"
    assert positions(findings(described), "PRD103") == set()
    leftover = "# Actions\n\nWelcome to {{product_name}}, the best tool.\n"
    assert positions(findings(leftover), "PRD103") == {(3, 12)}
    ids = "# Refs\n\n- PCI/PCI-X Family of Controllers manual\n- FR-X: login\n- REQ-XX: export\n"
    assert positions(findings(ids), "PRD103") == {(4, 3), (5, 3)}


def test_a_commands_argument_is_usage_syntax_but_a_credential_is_a_value_to_put_in() -> None:
    text = "# CLI\n\n```bash\n/resume <id>\ncurl -H 'Authorization: Bearer <token>' https://x\n```\n"
    assert positions(findings(text), "PRD104") == {(5, 32)}


def test_an_escaped_angle_prompt_is_a_placeholder_and_an_escaped_comparison_is_not() -> None:
    text = (
        "# Plan\n\n*\\<Project/Initiative Name>*\n\n| Author: | \\<insert author's name> |\n|-|-|\n\n"
        "Latency \\< 200 ms.\n"
    )
    assert positions(findings(text), "PRD103") == {(3, 2), (5, 13)}


def test_a_template_sentence_with_every_slot_an_ellipsis_is_template_text() -> None:
    text = (
        "# Backlog\n\n- [ ] As a ... I want to ... so that ...\n  - Given x when y then z\n\n"
        "Given … when … then …\n\n- Loading... then the page shows\n\nThe story goes on... and on...\n"
    )
    found = findings(text)
    assert positions(found, "PRD102") == {(3, 7), (6, 1)}
    assert "the template's sentence 'As a ... I want to ... so that ...'" in found[0].message


def test_links_broken_by_a_line_break_links_in_brackets_references_and_dated_notes_are_not_blanks() -> None:
    text = (
        "# Security policy\n\n"
        "[**Update, 2014**: this work was completed and presented at GopherCon.]\n\n"  # 3
        "Announcements go to the\n[announcement list]\n(https://groups.example.com/announce).\n\n"  # 5-7
        "| Field | Type |\n|---|---|\n| items | [[ID](#id)] |\n\n"  # 11
        "Profiles help [[Chen '16](https://research.example/pub), Section 5.2] and\n"  # 13
        "bounds ([RFC 2289], [issue 20671], [CVE-2014-7189]) are accepted.\n\n"  # 14
        "## Id\n\n"
        "- Owner: [Your Name]\n"  # 18
        "- Summary: [A discussion of the change with regard to the [guidelines](https://example.com).]\n"  # 19
        "- Review: [Reviewer] (https://example.com/review)\n"  # 20: a link broken by a space
        "- Note: [Note: describe the rollout here]\n"  # 21: no date, an instruction
    )
    found = findings(text)
    assert positions(found, "PRD102") == {(18, 10), (19, 12), (21, 9)}


def test_a_capitalised_prompt_in_angles_is_a_placeholder_and_a_component_is_not() -> None:
    text = (
        "# Plan\n\n| Role | Name |\n|-|-|\n| PM | <Insert name> |\n\n"
        "Wrap it in <Suspense fallback> and <Insert>.\n"
    )
    assert positions(findings(text), "PRD103") == {(5, 8)}


def test_an_escaped_bracket_prompt_is_a_placeholder_and_display_math_is_not() -> None:
    text = (
        "# Plan\n\nEnvironment: \\[Browser; Display resolution; Localization\\]\n\nOwner: \\[TBD later\\]\n\n"
        "The area is \\[x^2 + y^2\\] and \\[\\frac{a}{b}\\], see a\\[0\\].\n"
    )
    found = findings(text)
    assert positions(found, "PRD102") == {(3, 14)}
    assert positions(found, "PRD101") == {(5, 8)}


def test_an_answer_in_brackets_is_given_and_a_choice_is_still_to_make() -> None:
    text = "# Scenarios\n\n- API change [Yes]\n- Bug fix [No]\n- Docs [N/A]\n- Needs review [Yes/No]\n"
    assert positions(findings(text), "PRD102") == {(6, 16)}


def test_a_field_whose_value_is_a_code_block_below_it_is_not_empty() -> None:
    text = (
        "# Sizing\n\n- **Risk per trade:** 1% of the portfolio\n- **Position size:**\n"
        "  ```\n  size = risk / (entry - stop)\n  ```\n- **Owner:**\n- **Review:** weekly\n"
    )
    assert positions(lint_text(text), "PRD105") == {(8, 3)}


def test_one_word_in_brackets_before_a_heading_is_a_tag_unless_the_document_is_a_template() -> None:
    doc = "# FAQ\n\n### [Android] Debug mode\n\nEnable it.\n\n### [General] Where are my logs?\n\nIn ~/logs.\n"
    assert positions(lint_text(doc), "PRD102") == set()
    template = doc + "\n## Owner\n\n[Your Name]\n"
    assert positions(lint_text(template), "PRD102") == {(3, 5), (7, 5), (13, 1)}


def test_a_date_template_that_names_a_format_is_not_a_blank() -> None:
    text = (
        "# API\n\n- each month: `period` (YYYY-MM), `total`\n- Dates are in YYYY-MM-DD format.\n"
        "- Date format: YYYY-MM-DD\n- Created: YYYY-MM-DD\n"
    )
    assert positions(lint_text(text), "PRD103") == {(6, 12)}
