"""Identifier definitions (FR-001, NFR-3, AC-PRD-01, US-12 ...): the facts behind PRD503.

An identifier is *defined* where something is named by it: at the start of a
heading's title, of a list item or of a paragraph (optionally in bold, after a
task box, followed by ':', '.', ')', a dash or a space), or as the whole first
cell of a table row (or of a column headed ID, Key, Ref ...). Everywhere else it
is a reference and is not collected. The patterns are the profile's
(rules/<profile>.yaml, ``ids:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prdlint.kinds import normalize_header
from prdlint.model import CodeBlock, Heading, HtmlBlock, ListItem, Paragraph, Prose, Table

if TYPE_CHECKING:
    from prdlint.analysis.facts import ProfileFacts

_LEAD = re.compile(r"^[ \t]*(?:\[[ xX]\][ \t]+)?(?:\*\*|__|\*|_|`)?[ \t]*")
# Both are matched right after an ID; the look-behind keeps a search through a run of blanks linear.
_AFTER = re.compile(r"(?![.\-/]\w)(?:\*\*|__|\*|_|`)?(?<![ \t])[ \t]*(?:[:.)\]]|[-\u2013\u2014]\s|\s|$)")
# A paragraph names a definition only with punctuation after the ID ("FR-002: ..."), not a
# sentence that starts with one ("FR-002 is referenced here").
_AFTER_IN_PARAGRAPH = re.compile(r"(?![.\-/]\w)(?:\*\*|__|\*|_|`)?(?<![ \t])[ \t]*(?:[:.)\]]|[-\u2013\u2014]\s)")
_ID_HEADERS = frozenset(
    {
        "id",
        "#",
        "ref",
        "key",
        "code",
        "req id",
        "requirement id",
        "story id",
        "identifier",
        "no",
        "no.",
        "number",
        "req",
        "req.",
    }
)


@dataclass(frozen=True)
class IdDefinition:
    """Where an identifier (FR-001) is defined."""

    identifier: str
    line: int
    col: int
    end_line: int
    end_col: int
    where: str  # 'heading', 'item', 'paragraph', 'row'


def _leading_id(
    prose: Prose, patterns: tuple[re.Pattern[str], ...], after: re.Pattern[str] = _AFTER
) -> tuple[str, int, int] | None:
    text = prose.text
    lead = _LEAD.match(text)
    start = lead.end() if lead else 0
    for pattern in patterns:
        found = pattern.match(text, start)
        if found and after.match(text, found.end()):
            return found.group(), found.start(), found.end()
    return None


def find_id_definitions(facts: ProfileFacts) -> list[IdDefinition]:
    patterns = facts.expectations.ids
    if not patterns:
        return []
    found: list[IdDefinition] = []

    def add(prose: Prose, where: str, hit: tuple[str, int, int] | None) -> None:
        if hit is None:
            return
        identifier, start, end = hit
        line, col = prose.position(start)
        end_line, end_col = prose.end_position(end)
        found.append(IdDefinition(identifier, line, col, end_line, end_col, where))

    item_texts = {
        id(block.first_text)
        for block in facts.document.walk()
        if isinstance(block, ListItem) and block.first_text
    }
    # The IDs of the headings that enclose the block being read, outermost first. A block
    # that repeats the ID of a heading it sits under ('### US-001 — Acceptance criteria'
    # under '## US-001 — Deploy') is a part of that item, not a second definition.
    enclosing: list[tuple[int, str | None]] = []

    def add_unless_enclosed(prose: Prose, where: str, hit: tuple[str, int, int] | None) -> None:
        if hit is not None and any(identifier == hit[0] for _, identifier in enclosing):
            return
        add(prose, where, hit)

    for block in facts.document.walk():
        if isinstance(block, (CodeBlock, HtmlBlock)):
            continue
        if isinstance(block, Heading):
            while enclosing and enclosing[-1][0] >= block.level:
                enclosing.pop()
            hit = _leading_id(block.text, patterns)
            add_unless_enclosed(block.text, "heading", hit)
            enclosing.append((block.level, hit[0] if hit else None))
        elif isinstance(block, ListItem) and block.first_text is not None:
            add_unless_enclosed(block.first_text, "item", _leading_id(block.first_text, patterns))
        elif isinstance(block, Paragraph) and id(block.text) not in item_texts:
            add_unless_enclosed(block.text, "paragraph", _leading_id(block.text, patterns, _AFTER_IN_PARAGRAPH))
        elif isinstance(block, Table):
            headers = block.columns
            column = next((i for i, h in enumerate(headers) if _is_id_header(h)), 0)
            rows = []
            for row in block.rows:
                if column >= len(row.cells):
                    continue
                cell = row.cells[column]
                value = cell.value.strip("*_` ")
                if any(pattern.fullmatch(value) for pattern in patterns):
                    rows.append((cell, value))
            if len({value for _, value in rows}) < len(rows) or _id_columns(block, patterns) > 1:
                continue  # an ID on several rows, or IDs in two columns: a traceability matrix of references
            for cell, value in rows:
                offset = cell.text.text.find(value)
                add_unless_enclosed(cell.text, "row", (value, offset, offset + len(value)))
    return found


def _id_columns(table: Table, patterns: tuple[re.Pattern[str], ...]) -> int:
    """How many columns of a table hold only identifiers."""
    count = 0
    for index in range(table.column_count):
        values = [row.cells[index].value.strip("*_` ") for row in table.rows if index < len(row.cells)]
        values = [value for value in values if value]
        if values and all(any(p.fullmatch(value) for p in patterns) for value in values):
            count += 1
    return count


def _is_id_header(header: str) -> bool:
    return normalize_header(header) in _ID_HEADERS or header.strip().strip("*_").casefold() in _ID_HEADERS
