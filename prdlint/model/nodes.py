"""The blocks of a Markdown document, each with its exact place in the source.

Lines are 1-based and inclusive (``start_line``..``end_line``); columns are 1-based.
Every piece of inline text is a :class:`~prdlint.model.inline.Prose`, which maps
any offset back to a line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from prdlint.model.inline import Prose


@dataclass
class Block:
    start_line: int
    end_line: int

    @property
    def kind(self) -> str:
        return type(self).__name__.lower()

    def children(self) -> tuple[Block, ...]:
        return ()

    def walk(self) -> Iterator[Block]:
        """This block and every block nested in it, in source order."""
        yield self
        for child in self.children():
            yield from child.walk()

    def prose(self) -> Iterator[Prose]:
        """The inline text directly owned by this block (not by nested blocks)."""
        return iter(())


@dataclass
class Heading(Block):
    level: int
    text: Prose
    setext: bool = False
    section: Any = None  # the Section this heading opens; set by the section builder

    def prose(self) -> Iterator[Prose]:
        yield self.text

    @property
    def title(self) -> str:
        return self.text.text.strip()

    @property
    def title_span(self) -> tuple[int, int, int, int]:
        """(line, col, end_line, end_col) of :attr:`title`: without the white space around it, which may
        be more than blanks (a form feed is part of an ATX heading's text, and counts as a column)."""
        text = self.text.text
        start = len(text) - len(text.lstrip())
        line, col = self.text.position(start)
        end_line, end_col = self.text.end_position(max(len(text.rstrip()), start))
        return line, col, end_line, end_col


@dataclass
class Paragraph(Block):
    text: Prose

    def prose(self) -> Iterator[Prose]:
        yield self.text


@dataclass
class ThematicBreak(Block):
    pass


@dataclass
class CodeLine:
    """One line of a code block: ``text`` starts at (line, col) in the source."""

    line: int
    col: int
    text: str


@dataclass
class CodeBlock(Block):
    fenced: bool
    info: str
    lines: list[CodeLine]
    closed: bool = True

    @property
    def language(self) -> str:
        """The first word of the info string, lower-cased ('' when there is none)."""
        return self.info.split()[0].lower() if self.info.strip() else ""


@dataclass
class HtmlBlock(Block):
    text: Prose  # the raw HTML; its scan finds the comments and tags inside


@dataclass
class BlockQuote(Block):
    blocks: list[Block] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.blocks)


@dataclass
class ListItem(Block):
    marker: str
    marker_col: int
    task: str | None = None  # ' ', 'x' or 'X' for a task-list item
    task_col: int = 0
    blocks: list[Block] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.blocks)

    @property
    def first_text(self) -> Prose | None:
        """The item's own text: its first paragraph, if it starts with one."""
        if self.blocks and isinstance(self.blocks[0], Paragraph):
            return self.blocks[0].text
        return None


@dataclass
class ListBlock(Block):
    ordered: bool
    items: list[ListItem] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.items)


@dataclass
class TableCell:
    line: int
    col: int  # column of the cell's first character after trimming (or of its pipe-delimited slot if empty)
    end_col: int  # exclusive
    text: Prose

    @property
    def value(self) -> str:
        return self.text.text.strip()


@dataclass
class TableRow:
    line: int
    cells: list[TableCell]


@dataclass
class Table(Block):
    header: TableRow
    delimiter_line: int
    rows: list[TableRow]
    column_count: int

    @property
    def columns(self) -> list[str]:
        return [cell.value for cell in self.header.cells]

    def prose(self) -> Iterator[Prose]:
        for row in (self.header, *self.rows):
            for cell in row.cells:
                yield cell.text


@dataclass
class FootnoteDefinition(Block):
    label: str
    blocks: list[Block] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.blocks)


@dataclass
class LinkDefinition(Block):
    label: str
    destination: str  # as mistune normalises it (percent-encoded); the source line has the text as written


@dataclass
class FrontMatter(Block):
    """YAML between '---' lines at the very top; ``lines`` are the lines between the fences."""

    lines: list[CodeLine]
    data: Any = None
    error: str | None = None
    error_line: int | None = None
    error_col: int | None = None
