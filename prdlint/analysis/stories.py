"""User stories and their acceptance criteria: the facts behind PRD201-PRD203.

A story is one of:

- a heading such as ``### Story 1: Export`` or ``### User Story 2 - Import (Priority: P1)``;
  everything under it is the story's;
- a paragraph or list item that starts "As a ..., I want ..." (after an optional
  label such as ``**User Story:**`` or an identifier);
- a list item "I want ..." under a lead paragraph "As a <persona>:";
- a table row under a user-stories heading whose story cell is filled (a table
  with a "Story" column, or rows that read "As a ... I can ...").

Its acceptance criteria are an acceptance-criteria heading, a label such as
``**Acceptance Criteria:**`` with its items, Given/When/Then (or EARS
WHEN/THEN/SHALL) lines, an acceptance-criteria table column, a linked or
referenced AC list (``AC-3``), among the blocks that belong to the story. A
label, heading or cell that is there but says nothing ("", "-", "N/A") is an
*empty* criterion (PRD202); a placeholder value counts as present, because the
placeholder family reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from prdlint.analysis.sections import is_empty_section
from prdlint.analysis.text import Label, is_empty_value, label_of, labels_in, own_text, plain
from prdlint.kinds import Phrases
from prdlint.model import (
    Block,
    BlockQuote,
    FootnoteDefinition,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Prose,
    Section,
    Table,
    TableCell,
)

if TYPE_CHECKING:
    from prdlint.analysis.facts import ProfileFacts

StoryKind = Literal["heading", "paragraph", "item", "row"]

_STORY_HEADING = re.compile(
    r"^(?:user\s+)?story\b(?!\s*map)(?:\s*#?\s*[\w.\-]+)?\s*(?:[:.\-\u2013\u2014(]|$)|^(?:US|UC)-?\d+\b",
    re.IGNORECASE,
)
_ID = r"(?:[A-Z][A-Z0-9]{0,9}-?\d+[a-z]?[.:)]?\s+)"
_AS_A = re.compile(
    r"^\s*(?:[\w .#\-]{0,30}?:\s*)?" + _ID + r"?(?:as\s+an?|as\s+the)\s+\S[^\n]*?(?:\n[^\n]*?){0,3}?"
    r"\bI\s*(?:want|need|would\s+like|'d\s+like|can|should\s+be\s+able|must\s+be\s+able|expect|am\s+able)\b",
    re.IGNORECASE,
)
_PERSONA_LEAD = re.compile(r"^\s*as\s+an?\s+[^\n]{1,80}:\s*$", re.IGNORECASE)
_I_WANT = re.compile(
    r"^\s*(?:[\w .#\-]{0,30}?:\s*)?I\s*(?:want|need|would\s+like|'d\s+like|can|should\s+be\s+able)\b",
    re.IGNORECASE,
)
_GWT = re.compile(
    r"^\s*(?:\d+[.)]\s*)?(?:given|when|then|and\s+then|scenario)\b|\bgiven\b[^\n]*?\bwhen\b|\bwhen\b[^\n]*?\bthen\b"
    r"|\b(?:shall|must)\b[^\n]*?\b(?:when|if|while)\b|^\s*(?:when|if|while|where)\b[^\n]*?\b(?:shall|must)\b",
    re.IGNORECASE,
)
_AC_REFERENCE = re.compile(r"\bAC[-_ ]?(?:[A-Z]+-)?\d+\b|#acceptance|acceptance[-\s]criteria", re.IGNORECASE)
# Labels that hold a story's criteria besides the acceptance-criteria names of the profile.
_STORY_CRITERIA_LABELS = Phrases(["success criteria", "done when", "definition of done", "acceptance"])
_STORY_COLUMN = Phrases(
    ["user story", "story", "stories", "as a", "user stories", "job story", "job to be done"]
)


@dataclass
class Story:
    kind: StoryKind
    line: int
    col: int
    text: str
    has_criteria: bool = False


@dataclass(frozen=True)
class EmptyCriteria:
    kind: Literal["label", "heading", "cell"]
    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass
class StoryFacts:
    stories: list[Story] = field(default_factory=list)
    empty: list[EmptyCriteria] = field(default_factory=list)


class _Finder:
    def __init__(self, facts: ProfileFacts) -> None:
        self.facts = facts
        self.document = facts.document
        self.roles = facts.roles
        self.ac_names = facts.expectations.section_names("acceptance-criteria")
        self.result = StoryFacts()
        self._empty_seen: set[tuple[int, int]] = set()

    # -- acceptance criteria ----------------------------------------------------------------------

    def is_ac_label(self, label: str) -> bool:
        return (
            self.ac_names.in_title(label)
            or self.ac_names.is_header(label)
            or _STORY_CRITERIA_LABELS.in_title(label)
        )

    def _empty(self, kind: Literal["label", "heading", "cell"], prose: Prose, start: int, end: int) -> None:
        line, col = prose.position(start)
        if (line, col) in self._empty_seen:
            return
        self._empty_seen.add((line, col))
        end_line, end_col = prose.end_position(end)
        self.result.empty.append(EmptyCriteria(kind, line, col, end_line, end_col, prose.text[start:end]))

    def criteria_in(self, blocks: Sequence[Block], own: Prose | None = None) -> bool:
        """Whether the blocks (and the story's own text) hold acceptance criteria; records empty ones."""
        found = False
        if own is not None and self._text_has_criteria(own, following=None):
            found = True
        flat = [nested for block in blocks for nested in _walk(block)]
        item_texts = {id(b.first_text) for b in flat if isinstance(b, ListItem) and b.first_text is not None}
        for index, block in enumerate(flat):
            if (
                isinstance(block, Heading)
                and block.section is not None
                and self.ac_names.in_title(block.title)
            ):
                if is_empty_section(block.section):
                    self._empty("heading", block.text, 0, len(block.text.text))
                found = True
            elif isinstance(block, Table):
                if self._table_has_criteria(block):
                    found = True
            elif isinstance(block, ListItem):
                prose = block.first_text
                if prose is not None:
                    after = flat[index + 2 :] if id(prose) in item_texts else flat[index + 1 :]
                    if self._text_has_criteria(prose, following=after):
                        found = True
            elif (
                isinstance(block, Paragraph)
                and id(block.text) not in item_texts
                and self._text_has_criteria(block.text, following=flat[index + 1 :])
            ):
                found = True
        return found

    def _text_has_criteria(self, prose: Prose, following: Sequence[Block] | None) -> bool:
        text = prose.scan.masked
        found = False
        for label in labels_in(prose):
            if not self.is_ac_label(plain(label.label)):
                continue
            found = True
            value = label.value.split("\n", 1)[0] if "\n" in label.value else label.value
            if is_empty_value(value) and not self._next_holds_value(following):
                rest_of_text = prose.text[label.value_start :].strip()
                if is_empty_value(rest_of_text) or rest_of_text.startswith(("**", "__")):
                    self._empty("label", prose, label.start, _label_end(prose.text, label))
        if _GWT.search(plain(text)) or _AC_REFERENCE.search(text) or _has_ac_link(prose):
            found = True
        return found

    @staticmethod
    def _next_holds_value(following: Sequence[Block] | None) -> bool:
        if not following:
            return False
        nxt = following[0]
        if isinstance(nxt, ListItem):
            return True  # a nested list under the label's own item, or the next list
        return isinstance(nxt, (ListBlock, Table, BlockQuote)) or (
            isinstance(nxt, Paragraph) and label_of(nxt.text) is None
        )

    def _table_has_criteria(self, table: Table) -> bool:
        column = self._ac_column(table)
        if column is None:
            return False
        for row in table.rows:
            if column < len(row.cells):
                self._check_cell(row.cells[column])
        return True

    def _ac_column(self, table: Table) -> int | None:
        for index, header in enumerate(table.columns):
            if self.ac_names.is_header(header) or self.ac_names.in_title(plain(header)):
                return index
        return None

    def _check_cell(self, cell: TableCell) -> None:
        """Record an AC cell that is empty; a placeholder counts as filled."""
        if not is_empty_value(cell.value) or (cell.line, cell.col) in self._empty_seen:
            return
        self._empty_seen.add((cell.line, cell.col))
        end_col = cell.end_col if cell.value else cell.col + 1
        self.result.empty.append(EmptyCriteria("cell", cell.line, cell.col, cell.line, end_col, cell.value))

    # -- stories ----------------------------------------------------------------------------------

    def run(self) -> StoryFacts:
        inside_heading_story: set[int] = set()
        for section in self.document.root.walk():
            if section.heading is None or not _STORY_HEADING.search(_title(section.heading)):
                continue
            if id(section) in inside_heading_story:
                continue
            blocks = list(section.all_blocks())
            for sub in section.walk():
                inside_heading_story.add(id(sub))
            heading = section.heading
            story = Story("heading", heading.start_line, heading.text.col, heading.title)
            # An empty story section is PRD502's (empty-section): one defect, one finding.
            story.has_criteria = self.criteria_in(blocks) or is_empty_section(section)
            self.result.stories.append(story)
        covered_elsewhere = self._separate_criteria_section(inside_heading_story)
        for section in self.document.root.walk():
            if id(section) in inside_heading_story:
                continue
            self._container(section.blocks, section, covered_elsewhere)
        self.result.stories.sort(key=lambda s: (s.line, s.col))
        return self.result

    def _separate_criteria_section(self, story_sections: set[int]) -> bool:
        """True when the document has an acceptance-criteria section of its own, outside any story.

        It must sit no deeper than the user-stories sections (or at level 2 when there are
        none): an "#### Acceptance Criteria" under one requirement belongs to that requirement.
        """
        story_levels = [s.level for s in self.roles.sections("user-stories")]
        deepest = min(story_levels) if story_levels else 2
        for section in self.roles.sections("acceptance-criteria"):
            if id(section) in story_sections or section.level > deepest or is_empty_section(section):
                continue
            return True
        return False

    def _container(self, blocks: Sequence[Block], section: Section, covered: bool) -> None:
        stories_at = [i for i, block in enumerate(blocks) if self._story_text(block) is not None]
        for position, index in enumerate(stories_at):
            block = blocks[index]
            prose = self._story_text(block)
            assert prose is not None
            kind: StoryKind = "item" if isinstance(block, ListItem) else "paragraph"
            story = Story(kind, prose.line, prose.col, prose.text.split("\n", 1)[0])
            end = stories_at[position + 1] if position + 1 < len(stories_at) else len(blocks)
            # The story's own nested blocks, then what follows it up to the next story (or heading):
            # "- User Story: ..." is often followed by a sibling "- Acceptance Criteria: ..." item.
            scope: list[Block] = list(block.blocks[1:]) if isinstance(block, ListItem) else []
            scope.extend(_until_next_label_story(blocks[index + 1 : end]))
            if (
                not isinstance(block, ListItem)
                and position + 1 == len(stories_at)
                and blocks is section.blocks
            ):
                for sub in section.subsections:
                    if sub.heading is not None:
                        scope.append(sub.heading)
                    scope.extend(sub.all_blocks())
            story.has_criteria = self.criteria_in(scope, own=prose) or covered
            self.result.stories.append(story)
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph) and _PERSONA_LEAD.match(plain(block.text.text)):
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if isinstance(following, ListBlock):
                    self._persona_items(following, covered)
            if isinstance(block, Table):
                self._table_stories(block, section, covered)
            if isinstance(block, ListItem):
                own = block.first_text is not None
                self._container(block.blocks[1:] if own else block.blocks, section, covered)
            elif isinstance(block, (ListBlock, BlockQuote, FootnoteDefinition)):
                self._container(block.children(), section, covered)

    def _story_text(self, block: Block) -> Prose | None:
        prose = own_text(block)
        if prose is None:
            return None
        return prose if _AS_A.match(plain(prose.text)) else None

    def _persona_items(self, items: ListBlock, covered: bool) -> None:
        for item in items.items:
            prose = item.first_text
            if prose is None or not _I_WANT.match(plain(prose.text)) or _AS_A.match(plain(prose.text)):
                continue
            story = Story("item", prose.line, prose.col, prose.text.split("\n", 1)[0])
            story.has_criteria = self.criteria_in(item.blocks[1:], own=prose) or covered
            self.result.stories.append(story)

    def _table_stories(self, table: Table, section: Section, covered: bool) -> None:
        story_column = next((i for i, h in enumerate(table.columns) if _STORY_COLUMN.is_header(h)), None)
        as_a_rows = any(_AS_A.match(plain(cell.value)) for row in table.rows for cell in row.cells)
        if story_column is None and not (as_a_rows and self.roles.within(section, "user-stories")):
            return
        ac_column = self._ac_column(table)
        for row in table.rows:
            cell = _story_cell(row.cells, story_column)
            if cell is None or is_empty_value(cell.value):
                continue
            story = Story("row", cell.line, cell.col, cell.value)
            if ac_column is not None:
                if ac_column < len(row.cells):
                    self._check_cell(row.cells[ac_column])
                story.has_criteria = True  # an empty AC cell is PRD202's
            else:
                row_text = " ".join(c.text.scan.masked for c in row.cells)
                story.has_criteria = covered or bool(_AC_REFERENCE.search(row_text))
            self.result.stories.append(story)


def _story_cell(cells: Sequence[TableCell], column: int | None) -> TableCell | None:
    if column is not None:
        return cells[column] if column < len(cells) else None
    return next((cell for cell in cells if _AS_A.match(plain(cell.value))), None)


def _until_next_label_story(blocks: Iterable[Block]) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, Heading):
            return
        yield block


def _walk(block: Block) -> Iterator[Block]:
    yield from block.walk()


def _title(heading: Heading) -> str:
    return plain(re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)", "", heading.title))


def _label_end(text: str, label: Label) -> int:
    return len(text[: label.value_start].rstrip())


def _has_ac_link(prose: Prose) -> bool:
    return any("accept" in prose.text[start:end].casefold() for start, end in prose.scan.link_destinations)


def find_stories(facts: ProfileFacts) -> StoryFacts:
    return _Finder(facts).run()
