"""5xx: the document's structure: sections, identifiers, anchors, front matter and tables."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from prdlint.analysis.ids import IdDefinition
from prdlint.analysis.sections import is_empty_section, is_filler
from prdlint.analysis.slugs import Link
from prdlint.analysis.text import label_of, plain, short
from prdlint.config import load_yaml_with_lines
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import Rule, RuleContext
from prdlint.frontmatter_schema import problems, schema_for
from prdlint.model import Document, Heading, HtmlBlock, ListItem, Paragraph, Section


def _label_titles(document: Document) -> Iterator[str]:
    """Labels that stand for a heading: '**Success Metrics:** ...', a paragraph that is only '**KPIs**'."""
    for block in document.walk():
        prose = block.text if isinstance(block, Paragraph) else None
        if isinstance(block, ListItem):
            prose = block.first_text
        if prose is None:
            continue
        text = prose.text.strip()
        if not text.startswith(("**", "__")):
            continue
        label = label_of(prose)
        if label is not None:
            yield plain(label.label)
        elif "\n" not in text and len(text) <= 80:
            yield plain(text).strip().rstrip(":\uff1a")


def check_required_sections(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    titles = [section.title for section in document.root.walk() if section.heading is not None]
    titles.extend(_label_titles(document))
    for required in facts.expectations.required_sections:
        if any(required.names.in_title(title) for title in titles):
            continue
        others = [name for name in required.names.phrases if name.casefold() != required.name.casefold()][:4]
        also = f" (or {', '.join(repr(n) for n in others)} ...)" if others else ""
        yield Violation(
            1, 1, f"missing required section '{required.name}'{also} for a {context.profile} document"
        )


_NUMBER = re.compile(r"^\W*(\d+(?:\.\d+)*)\.?(?=\s)")
# "### Review Date: 2025-08-05", "### Reviewed By: Quinn": a heading that is a field holds its value.
# Matched after the title's leading non-word characters (_LEADING_NONWORD): '^\W*' in front of the
# '[\w-]+' words backtracked quadratically through a run of dashes.
_LEADING_NONWORD = re.compile(r"\W*")

_FIELD_HEADING = re.compile(
    r"\A(?:[\w-]+\s+){0,2}(?:date|by|owner|author|authors|status|version|reviewer|approver|priority|"
    r"deadline|estimate|effort|updated|created|team|lead|sponsor|contact|datum|fecha|data|date)\s*:\s*\S",
    re.IGNORECASE,
)


def _is_field_heading(title: str) -> bool:
    leading = _LEADING_NONWORD.match(title)
    return _FIELD_HEADING.match(title[leading.end() if leading else 0 :]) is not None


def _paragraph_like(heading: Heading) -> bool:
    """A setext heading of several lines or a long one: a paragraph whose next line is '---' (a comment's
    'author:' / 'created:' lines, a note), which Markdown makes a heading; not a section left empty."""
    return heading.setext and (heading.end_line > heading.start_line + 1 or len(heading.title) > 100)


def _numbered_parent(section: Section) -> bool:
    """'## 7. Deliverables' followed by '## 7.1 ...': subsections written one level too high."""
    found = _NUMBER.match(section.title)
    parent = section.parent
    if found is None or parent is None:
        return False
    siblings = parent.subsections
    index = next((i for i, sub in enumerate(siblings) if sub is section), -1)
    if index < 0 or index + 1 >= len(siblings):
        return False
    following = _NUMBER.match(siblings[index + 1].title)
    return following is not None and following.group(1).startswith(found.group(1) + ".")


def check_empty_sections(document: Document, context: RuleContext) -> Iterator[Violation]:
    for section in document.root.walk():
        heading = section.heading
        if heading is None or not is_empty_section(section) or _is_subtitle(section):
            continue
        if _numbered_parent(section) or _is_field_heading(section.title) or _paragraph_like(heading):
            continue
        comment_only = any(isinstance(block, HtmlBlock) for block in section.blocks)
        detail = " (only an HTML comment)" if comment_only else ""
        line, col, end_line, end_col = heading.title_span
        yield Violation(line, col, f"section '{short(heading.title, 50)}' is empty{detail}", end_line, end_col,
                        heading.title)


def _is_subtitle(section: Section) -> bool:
    """The heading right under the document's title, before anything else: a subtitle, not a section."""
    parent = section.parent
    return (
        parent is not None
        and parent.heading is not None
        and parent.level == 1
        and parent.parent is not None
        and parent.parent.heading is None
        and parent.subsections[0] is section
        and all(is_filler(block) for block in parent.blocks)
        and parent.parent.subsections[0] is parent
    )


def check_duplicate_ids(document: Document, context: RuleContext) -> Iterator[Violation]:
    # Per kind of definition: a table of IDs detailed under headings of the same IDs, or stories listed
    # again in a release plan, tell the same thing twice; two rows or two headings define it twice.
    # The first definition says how the document defines an ID; other kinds of mention after it refer to it.
    first: dict[str, IdDefinition] = {}
    for definition in context.analysis.for_profile(context.profile).ids:
        earlier = first.get(definition.identifier)
        if earlier is None:
            first[definition.identifier] = definition
            continue
        if (earlier.line, earlier.col) == (definition.line, definition.col) or earlier.where != definition.where:
            continue
        yield Violation(
            definition.line,
            definition.col,
            f"ID '{definition.identifier}' is already defined on line {earlier.line}",
            definition.end_line,
            definition.end_col,
            definition.identifier,
        )


# A table of contents: this many in-document links or more on lines at most two apart.
_TOC_LINKS = 4


def _link_runs(links: Sequence[Link]) -> Iterator[list[Link]]:
    """In-document links grouped into runs of nearby lines: a table of contents is one run."""
    run: list[Link] = []
    for link in sorted(links, key=lambda link: (link.line, link.col)):
        if run and link.line - run[-1].end_line > 2:
            yield run
            run = []
        run.append(link)
    if run:
        yield run


def check_anchors(document: Document, context: RuleContext) -> Iterator[Violation]:
    anchors = context.analysis.anchors
    placeholders = context.analysis.placeholders
    for run in _link_runs(anchors.links):
        broken = [
            link
            for link in run
            if not anchors.resolves(link.anchor)
            and not placeholders.covers(link.line, link.col, link.end_line, link.end_col)
        ]
        if len(run) >= _TOC_LINKS and 2 * len(broken) > len(run):
            # One root cause, one finding: a table of contents made for another renderer (a Google Docs
            # export's '#_1fob9te', '#h.x1') or for headings that were renamed since.
            first, last = broken[0], broken[-1]
            yield Violation(
                first.line,
                first.col,
                f"table of contents: {len(broken)} of its {len(run)} links match no heading or anchor "
                f"(lines {first.line}-{last.line}, e.g. '#{first.anchor}'); regenerate it from the headings",
                first.end_line,
                first.end_col,
                first.text,
            )
            continue
        for link in broken:
            yield Violation(
                link.line,
                link.col,
                f"link to '#{link.anchor}' matches no heading or anchor in the document",
                link.end_line,
                link.end_col,
                link.text,
            )


def check_front_matter(document: Document, context: RuleContext) -> Iterator[Violation]:
    front = document.front_matter
    if front is None:
        return
    if front.error is not None:
        yield Violation(front.error_line or 1, front.error_col or 1, front.error)
        return
    schema = schema_for(context.analysis.config)
    data: Any = front.data if front.data is not None else {}
    found = list(problems(data, schema))
    if not found:
        return
    body = "\n".join(line.text for line in front.lines)
    try:
        _, key_lines = load_yaml_with_lines(body)
    except Exception:
        key_lines = {}
    for problem in found:
        value = _value_at(data, problem.path)
        if isinstance(value, str) and context.analysis.is_placeholder(value):
            continue
        line, col = 1, 1
        key = problem.path
        while key and key not in key_lines:
            key = key[:-1]
        if key:
            index = key_lines[key] - 1
            if 0 <= index < len(front.lines):
                source = front.lines[index]
                line = source.line
                name = str(key[-1]) if not isinstance(key[-1], int) else ""
                position = source.text.find(name) if name else len(source.text) - len(source.text.lstrip())
                col = source.col + max(position, 0)
                covered = context.analysis.placeholders.covers(line, 1, line, len(source.text) + 1)
                if covered and isinstance(value, str):
                    continue
        where = ".".join(str(part) for part in problem.path) or "front matter"
        yield Violation(line, col, f"front matter {where}: {problem.message}")


def _value_at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
            continue
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
            continue
        return None
    return data


def check_tables(document: Document, context: RuleContext) -> Iterator[Violation]:
    for table in document.tables():
        expected = table.column_count
        for row in table.rows:
            count = len(row.cells)
            if count == expected:
                continue
            if count > expected:
                extra = row.cells[expected]
                col, end_col = extra.col, row.cells[-1].end_col
            else:
                last = row.cells[-1] if row.cells else None
                col = last.col if last else 1
                end_col = last.end_col if last else 2
            yield Violation(
                row.line,
                col,
                f"table row has {count} cell{'s' if count != 1 else ''}; the header has {expected}",
                row.line,
                end_col,
            )


RULES = (
    Rule(
        code="PRD501",
        name="missing-required-section",
        family="structure",
        severity=Severity.ERROR,
        summary="A section the document's kind requires is missing (under any of its names, in any language).",
        rationale=(
            "Reviewers read a PRD for the problem, the goals, the requirements and how success is measured; "
            "when one of those is missing the document cannot be approved. The required sections and the "
            "names "
            "each may go by ('Success Metrics', 'KPIs', 'Success Criteria' ...) are data: the kind's "
            "`required-sections:` (rules/kinds/<kind>.yaml) name roles, and rules/languages/ what each role is "
            "called in every language; a bold label standing for a heading ('**Success Metrics:**') counts. "
            "A PRD requires its problem (or goals), its requirements and its success metrics; a test strategy "
            "its entry and exit criteria; a spec, an RFC, a backlog or other Markdown nothing. "
            "Risks and testing are checked by PRD401 and PRD301. The finding is on line 1."
        ),
        bad="# Checkout Revamp PRD\n\n## Problem\n...\n## Requirements\n...",
        good=(
            "# Checkout Revamp PRD\n\n## Problem\n...\n## Goals\n...\n## Requirements\n...\n## Success "
            "Metrics\n..."
        ),
        check=check_required_sections,
    ),
    Rule(
        code="PRD502",
        name="empty-section",
        family="structure",
        severity=Severity.WARNING,
        summary="A heading has no content before the next heading of the same or a higher level.",
        rationale=(
            "An empty section is a question the document forgot to answer, and it looks finished in the "
            "outline. A heading whose only content is subsections is not empty; one whose only content is an "
            "HTML comment or a thematic break is. A section holding only a placeholder is the placeholder "
            "rules' finding, not this one's."
        ),
        bad="## Rollout Plan\n\n## Open Questions\n\n- Who owns billing?",
        good=(
            "## Rollout Plan\n\nInternal dogfood in week 1, 10% of customers in week 2.\n\n## Open "
            "Questions\n\n- Who owns billing?"
        ),
        check=check_empty_sections,
    ),
    Rule(
        code="PRD503",
        name="duplicate-id",
        family="structure",
        severity=Severity.ERROR,
        summary="An identifier such as `FR-001`, `NFR-3`, `AC-PRD-01` or `US-12` is defined twice.",
        rationale=(
            "Tickets, tests and reviews point at requirement IDs; when two requirements share one, a "
            "reference "
            "means two things. An ID is defined at the start of a heading, list item or paragraph, or as the "
            "first (or ID) cell of a table row; mentions elsewhere are references and are fine. The second "
            "definition is reported, naming the line of the first. A mention of "
            "another kind after the first definition (a table detailing IDs a heading defined, stories listed "
            "again in a release plan) refers to it, and a table whose IDs repeat or fill two columns is a "
            "traceability matrix. The patterns are in rules/kinds/_defaults.yaml (`ids:`)."
        ),
        bad="- **FR-001:** Export invoices as CSV\n- **FR-001:** Import payments from the bank feed",
        good="- **FR-001:** Export invoices as CSV\n- **FR-002:** Import payments from the bank feed",
        check=check_duplicate_ids,
    ),
    Rule(
        code="PRD504",
        name="broken-anchor",
        family="structure",
        severity=Severity.ERROR,
        summary="An in-document link `[text](#anchor)` matches no heading (by GitHub's slug rules) or anchor.",
        rationale=(
            "A table of contents that points nowhere is the first thing a reader clicks. Headings get "
            "GitHub's "
            "anchors: the rendered text lower-cased, punctuation dropped except '-' and '_', spaces "
            "turned into "
            "'-', and '-1', '-2' ... for repeated titles. Explicit anchors (<a name=...>, id=\"...\", {#id}) "
            "count too. Anchors are compared without regard to case."
        ),
        bad="1. [Risks](#risk-analysis)\n\n## 10. Risk Analysis",
        good="1. [Risks](#10-risk-analysis)\n\n## 10. Risk Analysis",
        check=check_anchors,
    ),
    Rule(
        code="PRD505",
        name="invalid-frontmatter",
        family="structure",
        severity=Severity.ERROR,
        summary="The front matter is not valid YAML, or fails the front matter JSON Schema.",
        rationale=(
            "Tools read the front matter (status dashboards, doc sites, release checklists); a typo there "
            "breaks them silently. The default schema checks the fields most templates share: `version` "
            "(text or "
            "number), `created` and `updated` (`YYYY-MM-DD` dates), `status` and `owner` (non-empty). Other "
            "fields "
            "are allowed. A value that is still a placeholder (`YYYY-MM-DD`, `<owner>`) is reported by the "
            "placeholder rules instead."
        ),
        bad="---\nversion: 1.0\ncreated: 03/04/2026\nowner:\n---",
        good='---\nversion: "1.0"\ncreated: 2026-03-04\nowner: Dana Ruiz\n---',
        check=check_front_matter,
        option_docs={
            "frontmatter-schema": (
                "Replace the default schema in the configuration: `frontmatter-schema: docs/prd.schema.json` "
                "(a JSON or YAML file, relative to the configuration file) or an inline mapping."
            ),
        },
    ),
    Rule(
        code="PRD506",
        name="malformed-table",
        family="structure",
        severity=Severity.ERROR,
        summary="A table row has more or fewer cells than the table's header.",
        rationale=(
            "Renderers drop extra cells and pad missing ones, so a value silently lands in the wrong "
            "column or "
            "disappears: often an unescaped '|' inside a cell. Escape it as '\\|' or fix the row."
        ),
        bad="| Risk | Impact |\n|---|---|\n| Outage | High | Fallback provider |",
        good="| Risk | Impact | Mitigation |\n|---|---|---|\n| Outage | High | Fallback provider |",
        check=check_tables,
    ),
)
