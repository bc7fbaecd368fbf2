"""The blocks of a Markdown document, each with its exact place in the source.

Lines are 1-based and inclusive (``start_line``..``end_line``); columns are 1-based.
Every piece of inline text is a :class:`~prdlint.model.inline.Prose`, which maps
any offset back to a line and column.
"""

from __future__ import annotations

import weakref
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from prdlint.model.inline import Prose


@dataclass(slots=True)
class Block:
    """A block of the document, on lines ``start_line``..``end_line``."""

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


@dataclass(slots=True)
class Heading(Block):
    """An ATX or setext heading."""

    level: int
    text: Prose
    setext: bool = False
    # The Section this heading opens (set by the section builder), held weakly: the section holds its heading.
    _section: Any = field(default=None, init=False, repr=False, compare=False)

    @property
    def section(self) -> Any:
        return self._section() if self._section is not None else None

    @section.setter
    def section(self, section: Any) -> None:
        self._section = weakref.ref(section) if section is not None else None

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


@dataclass(slots=True)
class Paragraph(Block):
    """A paragraph (or the text of a tight list item)."""

    text: Prose

    def prose(self) -> Iterator[Prose]:
        yield self.text


@dataclass(slots=True)
class ThematicBreak(Block):
    """A thematic break (``---``)."""

    pass


@dataclass(slots=True)
class CodeLine:
    """One line of a code block: ``text`` starts at (line, col) in the source."""

    line: int
    col: int
    text: str


@dataclass(slots=True)
class CodeBlock(Block):
    """A fenced or indented code block.

    Its lines are kept as one text and a column per line (a CodeLine object and a string
    per line would be most of a big document's model); :attr:`lines` makes them on each call.
    """

    fenced: bool
    info: str
    code: str  # the code lines joined with '\n', each from its column on
    first_code_line: int  # the line of the first code line
    code_cols: array[int] = field(repr=False)  # the 1-based column each code line starts at
    closed: bool = True

    @property
    def lines(self) -> list[CodeLine]:
        """Each line of code, where it starts in the source."""
        first = self.first_code_line
        texts = self.code.split("\n") if self.code_cols else []
        pairs = zip(self.code_cols, texts, strict=True)
        return [CodeLine(first + index, col, text) for index, (col, text) in enumerate(pairs)]

    @property
    def language(self) -> str:
        """The first word of the info string, lower-cased ('' when there is none)."""
        return self.info.split()[0].lower() if self.info.strip() else ""


@dataclass(slots=True)
class HtmlBlock(Block):
    """A block of raw HTML."""

    text: Prose  # the raw HTML; its scan finds the comments and tags inside


@dataclass(slots=True)
class BlockQuote(Block):
    """A block quote and the blocks in it."""

    blocks: list[Block] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.blocks)


@dataclass(slots=True)
class ListItem(Block):
    """A list item: its marker, task box and blocks."""

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


@dataclass(slots=True)
class ListBlock(Block):
    """An ordered or bullet list."""

    ordered: bool
    items: list[ListItem] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.items)


@dataclass(slots=True)
class TableCell:
    """A table cell: its trimmed text and columns."""

    line: int
    col: int  # column of the cell's first character after trimming (or of its pipe-delimited slot if empty)
    end_col: int  # exclusive
    text: Prose

    @property
    def value(self) -> str:
        return self.text.text.strip()


@dataclass(slots=True)
class TableRow:
    """A table row (the header or a body row)."""

    line: int
    cells: list[TableCell]


@dataclass(slots=True)
class Table(Block):
    """A GitHub table: header, delimiter line and rows."""

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


@dataclass(slots=True)
class FootnoteDefinition(Block):
    """A footnote definition and the blocks in it."""

    label: str
    blocks: list[Block] = field(default_factory=list)

    def children(self) -> tuple[Block, ...]:
        return tuple(self.blocks)


@dataclass(slots=True)
class LinkDefinition(Block):
    """A link reference definition."""

    label: str
    destination: str  # as mistune normalises it (percent-encoded); the source line has the text as written


@dataclass(slots=True)
class FrontMatter(Block):
    """YAML between '---' lines at the very top; ``lines`` are the lines between the fences."""

    lines: list[CodeLine]
    data: Any = None
    error: str | None = None
    error_line: int | None = None
    error_col: int | None = None
