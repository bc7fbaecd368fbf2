"""Source positions of the document model, checked against the raw text.

Every expectation here is computed from the raw file without the model: a small
line scanner (:class:`RawScanner`) follows the CommonMark/GFM container rules
(block quotes, list items, lazy continuation), tracks fenced and indented code,
HTML blocks, front matter and tables itself, and records where each heading,
fence, table cell, list marker and piece of prose text sits in the original
lines. The model must put every block and every prose character at exactly
those lines and columns, over the seeds, the real-world corpus, transformed
copies of the seeds (CRLF, BOM, nested in a block quote or a list item) and
small hand-written cases.
"""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from prdlint.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    FootnoteDefinition,
    HtmlBlock,
    LinkDefinition,
    ListBlock,
    ListItem,
    Paragraph,
    Prose,
    Table,
    ThematicBreak,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SKIP_REASON = "../shared is not present (it exists in CI, not in a user's clone)"


def _shared_files(*patterns: str) -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(path for pattern in patterns for path in SHARED.glob(pattern))


def _file_params(files: list[Path]) -> list[object]:
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=SKIP_REASON), id="no-shared")]
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}") for path in files]


SEEDS = _shared_files("seeds/*.md")
CORPUS = _shared_files("seeds/*.md", "corpus/real/*/*.md")


# -- the independent scanner --------------------------------------------------------------------

_NEWLINE = re.compile(r"\r\n|\r|\n")
_ATX_OPEN = re.compile(r"#{1,6}(?=[ \t]|$)")
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)$")
_THEMATIC = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_SETEXT_UNDERLINE = re.compile(r"(=+|-+)[ \t]*$")
_BULLET_OR_NUMBER = re.compile(r"([-+*]|(\d{1,9})[.)])(?=[ \t]|$)")
_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFERENCE = re.compile(  # [label]: destination "optional title", all on one line
    r"\[(?!\^)(?:\\.|[^\[\]\\])+\]:[ \t]*(?:<[^<>]*>|[^\s<]\S*)"
    r"(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?[ \t]*$"
)
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]:")
_HTML_BLOCK_TAGS = frozenset(
    [
        "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
        "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
        "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "meta", "nav", "noframes",
        "ol", "optgroup", "option", "p", "param", "section", "source", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "title", "tr", "track", "ul",
    ]
)
_HTML_RAW_TAG = re.compile(r"<(script|pre|style|textarea)(?=[ \t>]|$)", re.IGNORECASE)
_HTML_NAMED_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)(?=[ \t]|/?>|$)")
_HTML_LONE_TAG = re.compile(
    r"(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>)[ \t]*$"
)


def raw_lines(text: str) -> list[str]:
    """The file's lines as a reader counts them: BOM dropped, CR LF / CR / LF all end a line."""
    text = text.removeprefix("\ufeff")
    lines = _NEWLINE.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def indent_at(text: str, idx: int, vcol: int) -> tuple[int, int, int]:
    """Width of the white space at ``text[idx:]`` (tab stops of 4) and where it ends (index, column)."""
    start = vcol
    while idx < len(text) and text[idx] in " \t":
        vcol += 1 if text[idx] == " " else 4 - vcol % 4
        idx += 1
    return vcol - start, idx, vcol


def consume_columns(text: str, idx: int, vcol: int, count: int) -> tuple[int, int]:
    """Consume ``count`` columns of white space; a tab may be consumed in part (idx stays on it)."""
    while count > 0 and idx < len(text) and text[idx] in " \t":
        width = 1 if text[idx] == " " else 4 - vcol % 4
        if width > count:
            return idx, vcol + count
        idx += 1
        vcol += width
        count -= width
    return idx, vcol


def column_of(text: str, idx: int) -> int:
    """The column (tab stops of 4, 0-based) where ``text[idx]`` starts."""
    vcol = 0
    for char in text[:idx]:
        vcol += 4 - vcol % 4 if char == "\t" else 1
    return vcol


def code_start(text: str, idx: int, vcol: int) -> int | None:
    """Where the text of an indented code line starts, 4 columns in; None when that is inside a tab."""
    target = vcol + 4
    while vcol < target:
        width = 1 if text[idx] == " " else 4 - vcol % 4
        if vcol + width > target:
            return None
        idx += 1
        vcol += width
    return idx


def split_row(text: str, start: int) -> list[tuple[int, str]]:
    """(0-based index, value) of each cell of a table row whose content starts at ``text[start]``."""
    pipes: list[int] = []
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "|":
            pipes.append(i)
        i += 1
    end = len(text.rstrip())
    first = start
    if pipes and pipes[0] == start:
        first = pipes.pop(0) + 1
    if pipes and pipes[-1] == end - 1:
        end = pipes.pop()
    cells: list[tuple[int, str]] = []
    for bound in [*pipes, end]:
        raw = text[first:bound]
        value = raw.strip()
        at = first + (len(raw) - len(raw.lstrip()) if value else 0)
        cells.append((at, value))
        first = bound + 1
    return cells


@dataclass
class Box:
    """An open container: a block quote, a list item or a footnote definition."""

    kind: str
    width: int  # content indent of a list item / footnote, relative to its parent's content
    start: int
    last: int
    marker: str = ""  # of a list item, with its 1-based column
    col: int = 0


@dataclass
class Leaf:
    kind: str  # para, fence, html, icode, table
    depth: int  # number of containers it lives in
    start: int
    lines: list[int] = field(default_factory=list)  # the lines with content (blank ones not)
    fence: str = ""
    indent: int = 0  # of a fence; up to that many spaces are not part of its content lines
    html_end: str | None = None  # end marker for HTML blocks of kind 1-5; None: ends at a blank line
    record: list[int] | None = None  # of a table: header, delimiter and row lines


@dataclass
class RawScan:
    lines: list[str]
    front_matter: tuple[int, int] | None = None
    atx: set[tuple[int, int, int, str]] = field(default_factory=set)  # line, level, text col, text
    setext: set[tuple[int, int, int]] = field(default_factory=set)  # start, end, level
    fences: set[tuple[int, int, str, bool]] = field(default_factory=set)  # start, end, info, closed
    indented_code: set[tuple[int, int]] = field(default_factory=set)
    tables: set[tuple[int, int, tuple[int, ...]]] = field(default_factory=set)  # header, delimiter, rows
    cells: set[tuple[int, int, str]] = field(default_factory=set)  # line, col, value
    items: set[tuple[int, str, int, int]] = field(default_factory=set)  # line, marker, col, end
    quotes: set[tuple[int, int]] = field(default_factory=set)
    html: set[tuple[int, int]] = field(default_factory=set)
    breaks: set[int] = field(default_factory=set)
    references: set[int] = field(default_factory=set)
    footnotes: set[tuple[int, str]] = field(default_factory=set)
    code: dict[int, int | None] = field(default_factory=dict)  # line -> 0-based start of code text
    prose: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # line -> [(start, end)] 0-based

    def prose_chars(self) -> set[tuple[int, int]]:
        """(line, col) of every non-space character of prose text."""
        found = set()
        for line, spans in self.prose.items():
            text = self.lines[line - 1]
            for start, end in spans:
                found.update((line, i + 1) for i in range(start, end) if not text[i].isspace())
        return found

    def occurrences(self, pattern: re.Pattern[str]) -> set[tuple[int, int]]:
        """(line, col) of every match of ``pattern`` that starts in prose text."""
        found = set()
        for line, spans in self.prose.items():
            text = self.lines[line - 1]
            for start, end in spans:
                found.update((line, m.start() + 1) for m in pattern.finditer(text, start, end))
        return found


class RawScanner:
    """A line scanner for the block structure of CommonMark + GFM tables, written for these tests."""

    def __init__(self, text: str) -> None:
        self.lines = raw_lines(text)
        self.out = RawScan(self.lines)
        self.boxes: list[Box] = []
        self.leaf: Leaf | None = None

    def scan(self) -> RawScan:
        first = self._front_matter()
        for number in range(first, len(self.lines) + 1):
            self._line(number, self.lines[number - 1])
        self._close_boxes(0)
        self._close_leaf()
        return self.out

    def _front_matter(self) -> int:
        lines = self.lines
        if not lines or not re.fullmatch(r"---[ \t]*", lines[0]):
            return 1
        for index in range(1, len(lines)):
            if re.fullmatch(r"(?:---|\.\.\.)[ \t]*", lines[index]):
                body = [line for line in lines[1:index] if line.strip() and not line.lstrip().startswith("#")]
                if body and not re.match(r"[^\s:][^:]*:(?:\s|$)", body[0].lstrip()):
                    return 1
                self.out.front_matter = (1, index + 1)
                return index + 2
        return 1

    # -- bookkeeping ------------------------------------------------------------------------------

    def _prose(self, number: int, start: int, end: int) -> None:
        self.out.prose.setdefault(number, []).append((start, end))

    def _close_leaf(self) -> None:
        leaf, self.leaf = self.leaf, None
        if leaf is None:
            return
        if leaf.kind == "fence":
            last = max([leaf.start, *leaf.lines])  # an open fence ends at its last non-blank line
            self.out.fences.add((leaf.start, last, text_info(self.lines[leaf.start - 1], leaf.fence), False))
        elif leaf.kind == "icode":
            self.out.indented_code.add((leaf.start, max(leaf.lines)))
        elif leaf.kind == "html":
            self.out.html.add((leaf.start, max(leaf.lines)))
        elif leaf.kind == "table":
            assert leaf.record is not None
            header, delimiter, *rows = leaf.record
            self.out.tables.add((header, delimiter, tuple(rows)))

    def _close_boxes(self, keep: int) -> None:
        if len(self.boxes) > keep and self.leaf is not None and self.leaf.depth > keep:
            self._close_leaf()
        for box in self.boxes[keep:]:
            if box.kind == "quote":
                self.out.quotes.add((box.start, box.last))
            elif box.kind == "item":
                self.out.items.add((box.start, box.marker, box.col, box.last))
        del self.boxes[keep:]

    # -- one line ---------------------------------------------------------------------------------

    def _line(self, number: int, text: str) -> None:
        idx = vcol = 0
        matched = 0
        marked: list[Box] = []  # boxes this line visibly continues
        for box in self.boxes:
            width, j, vj = indent_at(text, idx, vcol)
            if box.kind == "quote":
                if width > 3 or j >= len(text) or text[j] != ">":
                    break
                idx, vcol = consume_columns(text, j + 1, vj + 1, 1)
                marked.append(box)
            elif j >= len(text):
                pass  # a blank line continues a list item or a footnote
            elif width >= box.width:
                idx, vcol = consume_columns(text, idx, vcol, box.width)
                marked.append(box)
            else:
                break
            matched += 1
        all_matched = matched == len(self.boxes)
        rest = text[idx:]
        blank = not rest.strip()

        leaf = self.leaf
        continues = leaf is not None and all_matched and leaf.kind in ("fence", "html", "icode")
        if continues and self._continue_leaf(leaf, number, text, idx, vcol, blank):
            self._touch(marked, number)
            return
        lazy = leaf is not None and leaf.kind == "para" and leaf.depth == len(self.boxes) and not all_matched
        if lazy and not blank and not self._starts_block(text, idx, vcol):
            _, j, _ = indent_at(text, idx, vcol)
            leaf.lines.append(number)
            self._prose(number, j, len(text))
            self._touch(self.boxes, number)
            return
        if not all_matched:
            self._close_boxes(matched)
        elif leaf is not None and leaf.kind in ("fence", "html", "icode") and self.leaf is leaf:
            self._close_leaf()

        paragraph_tip = self.leaf is not None and self.leaf.kind == "para"
        while True:
            width, j, vj = indent_at(text, idx, vcol)
            if j >= len(text) or width >= 4:
                break
            if text[j] == ">":
                self._close_leaf()
                box = Box("quote", 0, number, number)
                self.boxes.append(box)
                marked.append(box)
                idx, vcol = consume_columns(text, j + 1, vj + 1, 1)
                paragraph_tip = False
                continue
            note = _FOOTNOTE.match(text, j)
            if note:  # GFM: a footnote definition may interrupt a paragraph
                self._close_leaf()
                self.out.footnotes.add((number, note.group(1)))
                box = Box("footnote", 4, number, number)
                self.boxes.append(box)
                marked.append(box)
                _, idx, vcol = indent_at(text, note.end(), vj + note.end() - j)
                continue
            found = _BULLET_OR_NUMBER.match(text, j)
            if found and not _THEMATIC.match(text, j):
                empty = not text[found.end() :].strip()
                number_value = found.group(2)
                if paragraph_tip and (empty or (number_value is not None and int(number_value) != 1)):
                    break
                marker_end = vj + len(found.group(1))
                spaces, k, vk = indent_at(text, found.end(), marker_end)
                if empty:
                    item_width = marker_end + 1 - vcol
                    idx, vcol = len(text), marker_end + 1
                elif spaces >= 5:
                    item_width = marker_end + 1 - vcol
                    idx, vcol = consume_columns(text, found.end(), marker_end, 1)
                else:
                    item_width = vk - vcol
                    idx, vcol = k, vk
                self._close_leaf()
                box = Box("item", item_width, number, number, found.group(1), j + 1)
                self.boxes.append(box)
                marked.append(box)
                paragraph_tip = False
                continue
            break
        self._touch(marked, number)
        self._leaf_line(number, text, idx, vcol, paragraph_tip)

    def _touch(self, boxes: Iterable[Box], number: int) -> None:
        text = self.lines[number - 1]
        for box in boxes:
            if box.kind == "quote" or text.strip():
                box.last = number

    def _continue_leaf(self, leaf: Leaf, number: int, text: str, idx: int, vcol: int, blank: bool) -> bool:
        """Whether this line belongs to the open fenced code, HTML or indented code block."""
        width, j, _ = indent_at(text, idx, vcol)
        if leaf.kind == "fence":
            closing = re.match(re.escape(leaf.fence[0]) + f"{{{len(leaf.fence)},}}[ \t]*$", text[j:])
            if width <= 3 and closing:
                self.leaf = None
                info = text_info(self.lines[leaf.start - 1], leaf.fence)
                self.out.fences.add((leaf.start, number, info, True))
            elif not blank:
                leaf.lines.append(number)
                if column_of(text, idx) != vcol:
                    self.out.code[number] = None  # the container's indent ends inside a tab
                else:
                    start = idx
                    while start < len(text) and text[start] == " " and start - idx < leaf.indent:
                        start += 1
                    self.out.code[number] = start
            return True
        if leaf.kind == "html":
            if leaf.html_end is None and blank:
                self._close_leaf()
                return True
            if not blank:
                leaf.lines.append(number)
            if leaf.html_end is not None and leaf.html_end in text[idx:]:
                self._close_leaf()
            return True
        if blank or width >= 4:  # indented code
            if not blank:
                leaf.lines.append(number)
                self.out.code[number] = code_start(text, idx, vcol)
            return True
        return False

    def _starts_block(self, text: str, idx: int, vcol: int) -> bool:
        """Whether the rest of a line would start a block (so it cannot be a lazy continuation)."""
        width, j, _ = indent_at(text, idx, vcol)
        if width >= 4:
            return False
        rest = text[j:]
        # Unlike inside the paragraph's own container, any list marker starts a block here: the
        # container the new item would open in is not the paragraph (CommonMark 5.2, cmark, mistune).
        return bool(
            rest.startswith(">")
            or _BULLET_OR_NUMBER.match(rest)
            or _FOOTNOTE.match(rest)
            or _ATX_OPEN.match(rest)
            or self._fence(rest)
            or _THEMATIC.match(rest)
            or self._html_start(rest, interrupting=True)
        )

    @staticmethod
    def _fence(rest: str) -> re.Match[str] | None:
        found = _FENCE_OPEN.match(rest)
        if found and found.group(1)[0] == "`" and "`" in found.group(2):
            return None
        return found

    @staticmethod
    def _html_start(rest: str, interrupting: bool) -> tuple[str | None] | None:
        """The end marker of the HTML block ``rest`` starts (in a tuple), or None for no HTML block."""
        raw = _HTML_RAW_TAG.match(rest)
        if raw:
            return (f"</{raw.group(1).lower()}>",)
        for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")):
            if rest.startswith(opener):
                return (closer,)
        if re.match(r"<![A-Z]", rest):
            return (">",)
        named = _HTML_NAMED_TAG.match(rest)
        if named and named.group(1).lower() in _HTML_BLOCK_TAGS:
            return (None,)
        if not interrupting and _HTML_LONE_TAG.match(rest):
            return (None,)
        return None

    def _leaf_line(self, number: int, text: str, idx: int, vcol: int, paragraph_tip: bool) -> None:
        width, j, _ = indent_at(text, idx, vcol)
        leaf = self.leaf
        depth = len(self.boxes)
        if j >= len(text):
            if leaf is not None and leaf.kind in ("para", "table"):
                self._close_leaf()
            return
        rest = text[j:]
        if paragraph_tip and leaf is not None and width < 4:
            underline = _SETEXT_UNDERLINE.match(rest)
            if underline:
                self.out.setext.add((leaf.start, number, 1 if underline.group(1)[0] == "=" else 2))
                self.leaf = None
                return
            if "|" in rest and _DELIMITER_ROW.match(rest) and self._table_header(leaf, number, rest):
                return
        if width >= 4:
            if paragraph_tip and leaf is not None:
                leaf.lines.append(number)
                self._prose(number, j, len(text))
            else:
                self._close_leaf()
                self.leaf = Leaf("icode", depth, number, [number])
                self.out.code[number] = code_start(text, idx, vcol)
            return
        if _ATX_OPEN.match(rest):
            self._close_leaf()
            self._atx(number, text, j)
            return
        fence = self._fence(rest)
        if fence:
            self._close_leaf()
            self.leaf = Leaf("fence", depth, number, [], fence=fence.group(1), indent=width)
            return
        html = self._html_start(rest, interrupting=paragraph_tip)
        if html is not None:
            self._close_leaf()
            self.leaf = Leaf("html", depth, number, [number], html_end=html[0])
            after = rest[4:] if rest.startswith("<!--") else rest[1:]
            if html[0] is not None and html[0] in after:
                self._close_leaf()
            return
        if _THEMATIC.match(rest):
            self._close_leaf()
            self.out.breaks.add(number)
            return
        if leaf is not None and leaf.kind == "table" and leaf.depth == depth:
            assert leaf.record is not None
            leaf.record.append(number)
            self._cells(number, text, j)
            return
        if not paragraph_tip and _REFERENCE.match(rest):
            self._close_leaf()
            self.out.references.add(number)
            return
        if paragraph_tip and leaf is not None:
            leaf.lines.append(number)
        else:
            self._close_leaf()
            self.leaf = Leaf("para", depth, number, [number])
        self._prose(number, j, len(text))

    def _table_header(self, leaf: Leaf, number: int, rest: str) -> bool:
        header_line = leaf.lines[-1]
        header = self.lines[header_line - 1]
        start = self.out.prose[header_line][-1][0]
        if "|" not in header[start:] or len(split_row(header, start)) != len(split_row(rest, 0)):
            return False
        self.out.prose[header_line].pop()
        if len(leaf.lines) > 1:
            self._close_leaf()  # the lines before the header stay a paragraph
        self.leaf = Leaf("table", len(self.boxes), header_line, record=[header_line, number])
        self._cells(header_line, header, start)
        return True

    def _cells(self, number: int, text: str, start: int) -> None:
        for at, value in split_row(text, start):
            self.out.cells.add((number, at + 1, value))
            if value:
                self._prose(number, at, at + len(value))

    def _atx(self, number: int, text: str, j: int) -> None:
        hashes = _ATX_OPEN.match(text, j)
        assert hashes is not None
        after = text[hashes.end() :]
        content = after.rstrip(" \t")
        closing = len(content) - len(content.rstrip("#"))
        if closing and (closing == len(content) or content[-closing - 1] in " \t"):
            content = content[:-closing]
        title = content.strip(" \t")
        col = hashes.end() + len(after) - len(after.lstrip(" \t")) + 1 if title else 0
        self.out.atx.add((number, len(hashes.group(0)), col, title))
        if title:
            self._prose(number, col - 1, col - 1 + len(title))


def text_info(fence_line: str, fence: str) -> str:
    """The info string of a fence line: what follows the fence characters, trimmed."""
    at = fence_line.index(fence)
    return fence_line[at + len(fence) :].lstrip(fence[0]).strip()


def scan(text: str) -> RawScan:
    return RawScanner(text).scan()


# -- what the model says, in the same shapes ---------------------------------------------------


@dataclass
class ModelView:
    doc: Document

    def atx(self) -> set[tuple[int, int, int, str]]:
        return {
            (h.start_line, h.level, h.text.col if h.text.text else 0, h.text.text)
            for h in self.doc.headings()
            if not h.setext
        }

    def setext(self) -> set[tuple[int, int, int]]:
        return {(h.start_line, h.end_line, h.level) for h in self.doc.headings() if h.setext}

    def fences(self) -> set[tuple[int, int, str, bool]]:
        return {(c.start_line, c.end_line, c.info, c.closed) for c in self.doc.code_blocks() if c.fenced}

    def indented_code(self) -> set[tuple[int, int]]:
        return {(c.start_line, c.end_line) for c in self.doc.code_blocks() if not c.fenced}

    def tables(self) -> set[tuple[int, int, tuple[int, ...]]]:
        return {(t.start_line, t.delimiter_line, tuple(r.line for r in t.rows)) for t in self.doc.tables()}

    def cells(self) -> set[tuple[int, int, str]]:
        return {
            (cell.line, cell.col, cell.value)
            for table in self.doc.tables()
            for row in (table.header, *table.rows)
            for cell in row.cells
        }

    def items(self) -> set[tuple[int, str, int, int]]:
        return {(i.start_line, i.marker, i.marker_col, i.end_line) for i in self.doc.find(ListItem)}

    def quotes(self) -> set[tuple[int, int]]:
        return {(q.start_line, q.end_line) for q in self.doc.find(BlockQuote)}

    def html(self) -> set[tuple[int, int]]:
        return {(h.start_line, h.end_line) for h in self.doc.find(HtmlBlock)}

    def breaks(self) -> set[int]:
        return {b.start_line for b in self.doc.find(ThematicBreak)}

    def references(self) -> set[int]:
        return {d.start_line for d in self.doc.find(LinkDefinition)}

    def footnotes(self) -> set[tuple[int, str]]:
        return {(f.start_line, f.label) for f in self.doc.find(FootnoteDefinition)}

    def code_lines(self, skip: Iterable[int]) -> set[tuple[int, int]]:
        skipped = set(skip)
        return {
            (code.line, code.col)
            for block in self.doc.code_blocks()
            for code in block.lines
            if code.text.strip() and code.line not in skipped
        }

    def prose_chars(self) -> set[tuple[int, int]]:
        found = set()
        for _, prose in self.doc.prose():
            found.update(prose.position(i) for i, char in enumerate(prose.text) if not char.isspace())
        return found

    def occurrences(self, pattern: re.Pattern[str]) -> set[tuple[int, int]]:
        return {
            prose.position(m.start()) for _, prose in self.doc.prose() for m in pattern.finditer(prose.text)
        }


def _same(expected: Iterable[object], actual: Iterable[object], what: str) -> None:
    expected, actual = set(expected), set(actual)
    missing = sorted(expected - actual, key=repr)[:8]
    extra = sorted(actual - expected, key=repr)[:8]
    assert not missing and not extra, f"{what}: missing (expected, not in model) {missing}; extra {extra}"


# -- checks shared by the corpus and the transformed copies ------------------------------------

TOKENS = {
    "bracket": re.compile(r"\["),
    "fill-in": re.compile(r"\[FILL IN", re.IGNORECASE),
    "code span": re.compile(r"`"),
    "comment": re.compile(r"<!--"),
    "requirement id": re.compile(r"\b[A-Z]{2,5}-\d+\b"),
}


def shifted_scan(raw: RawScan, line_shift: int, col_shift: int) -> RawScan:
    """The scan of a document after every line moved down and right: what a wrapped copy must give."""

    def pos(line: int, col: int) -> tuple[int, int]:
        return line + line_shift, col + col_shift

    out = RawScan([" " * col_shift + line for line in [""] * line_shift + raw.lines])
    out.atx = {(line + line_shift, level, col + col_shift if title else 0, title)
               for line, level, col, title in raw.atx}
    out.setext = {(a + line_shift, b + line_shift, level) for a, b, level in raw.setext}
    out.fences = {(a + line_shift, b + line_shift, info, closed) for a, b, info, closed in raw.fences}
    out.indented_code = {(a + line_shift, b + line_shift) for a, b in raw.indented_code}
    out.tables = {(h + line_shift, d + line_shift, tuple(r + line_shift for r in rows))
                  for h, d, rows in raw.tables}
    out.cells = {(*pos(line, col), value) for line, col, value in raw.cells}
    out.items = {(line + line_shift, marker, col + col_shift, end + line_shift)
                 for line, marker, col, end in raw.items}
    out.quotes = {(a + line_shift, b + line_shift) for a, b in raw.quotes}
    out.html = {(a + line_shift, b + line_shift) for a, b in raw.html}
    out.breaks = {b + line_shift for b in raw.breaks}
    out.references = {r + line_shift for r in raw.references}
    out.footnotes = {(line + line_shift, label) for line, label in raw.footnotes}
    out.code = {line + line_shift: None if at is None else at + col_shift for line, at in raw.code.items()}
    out.prose = {line + line_shift: [(a + col_shift, b + col_shift) for a, b in spans]
                 for line, spans in raw.prose.items()}
    return out


def check_structure(expected: RawScan, doc: Document, quotes: bool = True) -> None:
    model = ModelView(doc)
    _same(expected.atx, model.atx(), "ATX headings (line, level, col, text)")
    _same(expected.setext, model.setext(), "setext headings (start, end, level)")
    _same(expected.fences, model.fences(), "fenced code (start, end, info, closed)")
    _same(expected.indented_code, model.indented_code(), "indented code (start, end)")
    _same(expected.tables, model.tables(), "tables (header, delimiter, rows)")
    _same(expected.cells, model.cells(), "table cells (line, col, value)")
    _same(expected.items, model.items(), "list items (line, marker, col, end)")
    if quotes:
        _same(expected.quotes, model.quotes(), "block quotes (start, end)")
    _same(expected.html, model.html(), "HTML blocks (start, end)")
    _same(expected.breaks, model.breaks(), "thematic breaks")
    _same(expected.references, model.references(), "link reference definitions")
    _same(expected.footnotes, model.footnotes(), "footnote definitions")
    inside_tab = [line for line, at in expected.code.items() if at is None]
    code = {(line, at + 1) for line, at in expected.code.items() if at is not None}
    _same(code, model.code_lines(inside_tab), "code lines (line, col)")


def check_prose(expected: RawScan, doc: Document) -> None:
    model = ModelView(doc)
    _same(expected.prose_chars(), model.prose_chars(), "prose characters (line, col)")
    for name, pattern in TOKENS.items():
        _same(expected.occurrences(pattern), model.occurrences(pattern), f"{name} tokens (line, col)")


def _front_range(doc: Document) -> tuple[int, int] | None:
    front = doc.front_matter
    return (front.start_line, front.end_line) if front is not None else None


# -- 1. every seed and corpus file --------------------------------------------------------------


@functools.cache
def _load(path: Path) -> tuple[str, Document, RawScan]:
    text = path.read_bytes().decode("utf-8")  # not read_text: keep CR LF and lone CR as they are
    return text, Document.parse(text, str(path)), scan(text)


@pytest.mark.parametrize("path", _file_params(CORPUS))
def test_blocks_match_raw_text(path: Path) -> None:
    _, doc, expected = _load(path)
    check_structure(expected, doc)
    assert _front_range(doc) == expected.front_matter


@pytest.mark.parametrize("path", _file_params(CORPUS))
def test_prose_positions_match_raw_text(path: Path) -> None:
    _, doc, expected = _load(path)
    check_prose(expected, doc)
    source = doc.source
    for _, prose in doc.prose():
        for piece in prose.pieces:
            assert source.line(piece.line)[piece.col - 1 :].startswith(piece.text), piece


@pytest.mark.parametrize("path", _file_params(CORPUS))
def test_code_lines_match_raw_text(path: Path) -> None:
    text, doc, _ = _load(path)
    lines = raw_lines(text)
    for block in doc.code_blocks():
        first = block.start_line + 1 if block.fenced else block.start_line
        last = block.end_line - 1 if block.fenced and block.closed else block.end_line
        assert [c.line for c in block.lines] == list(range(first, last + 1)), block.start_line
        for code in block.lines:
            assert lines[code.line - 1][code.col - 1 :] == code.text


# -- 2. transformed copies of the seeds ----------------------------------------------------------


def _seed(path: Path) -> tuple[list[str], RawScan]:
    """A seed's lines with any front matter blanked out (a wrapped copy cannot have front matter)."""
    text, _, raw = _load(path)
    lines = raw_lines(text)
    if raw.front_matter is not None:
        lines[: raw.front_matter[1]] = [""] * raw.front_matter[1]
    return lines, scan("\n".join(lines) + "\n")


@pytest.mark.parametrize("path", _file_params(SEEDS))
@pytest.mark.parametrize(
    ("prefix", "newline"),
    [("", "\r\n"), ("\ufeff", "\r\n"), ("\ufeff", "\n"), ("", "\r")],
    ids=["crlf", "bom-crlf", "bom-lf", "cr"],
)
def test_line_endings_and_bom_change_no_position(path: Path, prefix: str, newline: str) -> None:
    text, _, expected = _load(path)
    copy = prefix + newline.join(raw_lines(text)) + newline
    doc = Document.parse(copy, "copy.md")
    check_structure(expected, doc)
    check_prose(expected, doc)
    assert _front_range(doc) == expected.front_matter
    assert doc.source.newline == newline and doc.source.had_bom == bool(prefix)


@pytest.mark.parametrize("path", _file_params(SEEDS))
def test_inside_block_quote_shifts_columns_by_two(path: Path) -> None:
    lines, base = _seed(path)
    copy = [f"> {line}" if line else ">" for line in lines]
    doc = Document.parse("\n".join(copy) + "\n", "quoted.md")
    expected = shifted_scan(base, 0, 2)
    expected.lines = copy
    expected.quotes.add((1, len(copy)))
    check_structure(expected, doc)
    check_prose(expected, doc)
    outer = doc.blocks
    assert len(outer) == 1 and isinstance(outer[0], BlockQuote)


@pytest.mark.parametrize("path", _file_params(SEEDS))
def test_inside_list_item_shifts_lines_by_two_and_columns_by_four(path: Path) -> None:
    lines, base = _seed(path)
    copy = ["-   item", "", *(f"    {line}" if line.strip() else "" for line in lines)]
    doc = Document.parse("\n".join(copy) + "\n", "listed.md")
    expected = shifted_scan(base, 2, 4)
    expected.lines = copy
    last = max(number for number, line in enumerate(copy, start=1) if line.strip())
    expected.items.add((1, "-", 1, last))
    expected.prose[1] = [(4, 8)]
    check_structure(expected, doc)
    check_prose(expected, doc)
    assert len(doc.blocks) == 1 and len(doc.blocks[0].children()) == 1


# -- 3. targeted cases, with the expected positions stated literally -------------------------------

CASES: dict[str, str] = {
    "tabs in lists": "- top\n\t- nested\n\t\t- deeper\n-\tafter tab\n",
    "tab in a table cell": "| a\t| b |\n|---|---|\n| x\ty |\tz |\n",
    "nested lists": (
        "1. one\n"
        "   - two\n"
        "     1) three\n"
        "        continued three\n"
        "   - back at two\n"
        "2. end\n"
    ),
    "quote with a lazy list": "> - alpha\nlazy line\n> - beta\n>   more beta\n>\n> after list\n",
    "setext headings": (
        "Title line one\ncontinues here\n==============\n\nSub title\n---------\n\n> Quoted title\n> ---\n"
    ),
    "table without outer pipes": "Name | Value\n--- | :---:\nalpha | 1 | extra\nbeta\ngamma \\| pipe | 2\n",
    "table in a quote": "> | Field | Value |\n> |-------|-------|\n> | Owner | [FILL IN] |\n",
    "indented code": "Para\n\n    code line 1\n      more indented\n\n    after blank\nNext para\n",
    "fence in a list item": '- item\n\n  ```python title="x"\n  print(1)\n  ```\n',
    "html comments": "<!--\nmulti-line\ncomment -->\nText with <!-- inline note --> here.\n",
    "html block": "<details>\n<summary>More</summary>\n\nInner **markdown**\n\n</details>\n",
    "front matter": "---\ntitle: Positions\nowners:\n  - alice\n---\n# Heading\n",
    "invalid front matter": "---\ntitle: ok\nowner: a: b\n---\nBody [x]\n",
    "thematic break first": "---\nJust prose after a rule.\n\nMore prose.\n",
    "thematic break, then setext": "---\nIntro sentence, not YAML.\n---\n",
    "footnote": "Claim.[^n1]\n\n[^n1]: Footnote text\n    continued here\n",
    "link reference": 'See [the spec][spec] and [spec].\n\n[spec]: https://example.com/spec "Spec"\n',
    "heading in a quote": "> ## Quoted heading ##\n>\n> # \n",
    "bom and lone cr": "\ufeff# Title\r\rText [x] here\r",
    "mixed line endings": "# A\r\nb [c]\rd\n[e] f\r\n",
    "quote between paragraph and list": "x\n> a\n2. b\n",
    "quote with an empty item, then a list": "x\n>-\n0.\n",
    "list, quote, list": "x\n- a\n> b\n2. c\nmore\n",
    "quote, then heading": "> quote\n> more\n## Head\ntext\n",
    "quote, then footnote": "> quote\n[^1]: note\n",
    "table, then details": (
        "| a | b |\n|---|---|\n| 1 | 2 |\n<details>\n<summary>More</summary>\n\n</details>\n"
    ),
    "item, then div": "- item\n<div>\n\n> quote\n<div align=\"center\">\n",
}


def _parse(name: str) -> Document:
    return Document.parse(CASES[name], f"{name}.md")


def _items(doc: Document) -> list[tuple[int, str, int, int]]:
    return [(i.start_line, i.marker, i.marker_col, i.end_line) for i in doc.find(ListItem)]


def _pieces(prose: Prose) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.text) for p in prose.pieces]


def _paragraphs(doc: Document) -> list[list[tuple[int, int, str]]]:
    return [_pieces(p.text) for p in doc.find(Paragraph)]


def _cells(table: Table) -> list[list[tuple[int, int, str]]]:
    return [[(c.line, c.col, c.value) for c in row.cells] for row in (table.header, *table.rows)]


@pytest.mark.parametrize("name", list(CASES))
def test_targeted_case_agrees_with_the_scanner(name: str) -> None:
    doc = _parse(name)
    expected = scan(CASES[name])
    check_structure(expected, doc)
    check_prose(expected, doc)


def test_tab_indented_lists() -> None:
    doc = _parse("tabs in lists")
    # a tab is 4 columns: line 2's marker is the 2nd character, line 3's the 3rd
    assert _items(doc) == [(1, "-", 1, 3), (2, "-", 2, 3), (3, "-", 3, 3), (4, "-", 1, 4)]
    assert _paragraphs(doc) == [
        [(1, 3, "top")], [(2, 4, "nested")], [(3, 5, "deeper")], [(4, 3, "after tab")]
    ]


def test_tab_inside_table_cells() -> None:
    table = next(_parse("tab in a table cell").tables())
    assert _cells(table) == [[(1, 3, "a"), (1, 7, "b")], [(3, 3, "x\ty"), (3, 9, "z")]]
    cell = table.rows[0].cells[0]
    assert cell.text.position(cell.text.text.index("y")) == (3, 5)
    assert cell.end_col == 6


def test_nested_lists_three_deep() -> None:
    doc = _parse("nested lists")
    assert _items(doc) == [(1, "1.", 1, 5), (2, "-", 4, 4), (3, "1)", 6, 4), (5, "-", 4, 5), (6, "2.", 1, 6)]
    assert [(b.start_line, b.end_line, b.ordered) for b in doc.find(ListBlock)] == [
        (1, 6, True), (2, 5, False), (3, 4, True)
    ]
    three = next(i for i in doc.find(ListItem) if i.marker == "1)").first_text
    assert three is not None
    assert _pieces(three) == [(3, 9, "three"), (4, 9, "continued three")]
    assert three.position(three.text.index("continued")) == (4, 9)


def test_block_quote_with_lazy_list_continuation() -> None:
    doc = _parse("quote with a lazy list")
    quote = doc.blocks[0]
    assert isinstance(quote, BlockQuote) and (quote.start_line, quote.end_line) == (1, 6)
    assert _items(doc) == [(1, "-", 3, 2), (3, "-", 3, 4)]
    assert _paragraphs(doc) == [
        [(1, 5, "alpha"), (2, 1, "lazy line")],
        [(3, 5, "beta"), (4, 5, "more beta")],
        [(6, 3, "after list")],
    ]


def test_setext_headings() -> None:
    headings = list(_parse("setext headings").headings())
    assert [(h.start_line, h.end_line, h.level, h.setext) for h in headings] == [
        (1, 3, 1, True), (5, 6, 2, True), (8, 9, 2, True)
    ]
    assert _pieces(headings[0].text) == [(1, 1, "Title line one"), (2, 1, "continues here")]
    assert headings[0].title == "Title line one\ncontinues here"
    assert _pieces(headings[2].text) == [(8, 3, "Quoted title")]


def test_table_without_outer_pipes_and_ragged_rows() -> None:
    doc = _parse("table without outer pipes")
    table = next(doc.tables())
    assert (table.start_line, table.delimiter_line, table.end_line, table.column_count) == (1, 2, 5, 2)
    assert _cells(table) == [
        [(1, 1, "Name"), (1, 8, "Value")],
        [(3, 1, "alpha"), (3, 9, "1"), (3, 13, "extra")],
        [(4, 1, "beta")],
        [(5, 1, "gamma \\| pipe"), (5, 17, "2")],
    ]


def test_table_in_a_block_quote_reports_brackets_in_cells() -> None:
    table = next(_parse("table in a quote").tables())
    assert _cells(table) == [[(1, 5, "Field"), (1, 13, "Value")], [(3, 5, "Owner"), (3, 13, "[FILL IN]")]]
    cell = table.rows[0].cells[1].text
    [bracket] = list(cell.scan.literal_brackets())
    assert cell.position(bracket.start) == (3, 13)
    assert cell.end_position(bracket.end) == (3, 22)


def test_indented_code_block() -> None:
    doc = _parse("indented code")
    [code] = list(doc.code_blocks())
    assert (code.start_line, code.end_line, code.fenced, code.info) == (3, 6, False, "")
    assert [(c.line, c.col, c.text) for c in code.lines if c.text] == [
        (3, 5, "code line 1"), (4, 5, "  more indented"), (6, 5, "after blank")
    ]
    assert _paragraphs(doc) == [[(1, 1, "Para")], [(7, 1, "Next para")]]


def test_fenced_code_in_a_list_item_keeps_its_info_string() -> None:
    [code] = list(_parse("fence in a list item").code_blocks())
    assert (code.start_line, code.end_line, code.fenced, code.closed) == (3, 5, True, True)
    assert code.info == 'python title="x"' and code.language == "python"
    assert [(c.line, c.col, c.text) for c in code.lines] == [(4, 3, "print(1)")]


def test_html_comments_in_blocks_and_inline() -> None:
    doc = _parse("html comments")
    assert [(b.start_line, b.end_line) for b in doc.find(HtmlBlock)] == [(1, 3)]
    comments = [(c.line, c.col, c.end_line, c.end_col, c.body) for c in doc.html_comments()]
    assert comments == [(1, 1, 3, 12, "\nmulti-line\ncomment "), (4, 11, 4, 31, " inline note ")]


def test_html_block_ends_at_a_blank_line() -> None:
    doc = _parse("html block")
    assert [(b.start_line, b.end_line) for b in doc.find(HtmlBlock)] == [(1, 2), (6, 6)]
    assert _paragraphs(doc) == [[(4, 1, "Inner **markdown**")]]


def test_yaml_front_matter() -> None:
    doc = _parse("front matter")
    front = doc.front_matter
    assert front is not None and (front.start_line, front.end_line) == (1, 5)
    assert front.data == {"title": "Positions", "owners": ["alice"]} and front.error is None
    assert [(c.line, c.col, c.text) for c in front.lines] == [
        (2, 1, "title: Positions"), (3, 1, "owners:"), (4, 1, "  - alice")
    ]
    heading = next(doc.headings())
    assert (heading.start_line, heading.text.col, heading.title) == (6, 3, "Heading")
    assert [b.start_line for b in doc.blocks] == [6]


def test_invalid_yaml_front_matter() -> None:
    doc = _parse("invalid front matter")
    front = doc.front_matter
    assert front is not None and (front.start_line, front.end_line) == (1, 4)
    assert front.error is not None and front.data is None
    # "owner: a: b": the second ':' (line 3, column 9) is where a mapping value is not allowed
    assert (front.error_line, front.error_col) == (3, 9)
    assert _paragraphs(doc) == [[(5, 1, "Body [x]")]]


def test_leading_thematic_break_is_not_front_matter() -> None:
    doc = _parse("thematic break first")
    assert doc.front_matter is None
    assert [(type(b).__name__, b.start_line, b.end_line) for b in doc.blocks] == [
        ("ThematicBreak", 1, 1), ("Paragraph", 2, 2), ("Paragraph", 4, 4)
    ]
    doc = _parse("thematic break, then setext")
    assert doc.front_matter is None
    assert [(type(b).__name__, b.start_line, b.end_line) for b in doc.blocks] == [
        ("ThematicBreak", 1, 1), ("Heading", 2, 3)
    ]


def test_footnote_definition() -> None:
    doc = _parse("footnote")
    [note] = list(doc.find(FootnoteDefinition))
    assert (note.start_line, note.end_line, note.label) == (3, 4, "n1")
    assert _paragraphs(doc)[1] == [(3, 8, "Footnote text"), (4, 5, "continued here")]
    claim = doc.blocks[0]
    assert isinstance(claim, Paragraph)
    [bracket] = list(claim.text.scan.brackets)
    assert (bracket.kind, claim.text.position(bracket.start)) == ("footnote", (1, 7))


def test_link_reference_definition() -> None:
    doc = _parse("link reference")
    [definition] = list(doc.find(LinkDefinition))
    assert (definition.start_line, definition.end_line, definition.label) == (3, 3, "spec")
    paragraph = doc.blocks[0]
    assert isinstance(paragraph, Paragraph)
    brackets = [(b.kind, paragraph.text.position(b.start)) for b in paragraph.text.scan.brackets]
    assert brackets == [("link", (1, 5)), ("link", (1, 26))]


def test_atx_heading_in_a_quote_with_closing_hashes() -> None:
    headings = list(_parse("heading in a quote").headings())
    first = headings[0]
    assert (first.start_line, first.level, first.text.col, first.title) == (1, 2, 6, "Quoted heading")
    assert [(h.start_line, h.level, h.title) for h in headings[1:]] == [(3, 1, "")]


def test_bom_and_lone_carriage_returns() -> None:
    doc = _parse("bom and lone cr")
    assert doc.source.had_bom and doc.source.newline == "\r"
    heading = next(doc.headings())
    assert (heading.start_line, heading.text.col) == (1, 3)
    [text] = _paragraphs(doc)
    assert text == [(3, 1, "Text [x] here")]


def test_mixed_line_endings() -> None:
    doc = _parse("mixed line endings")
    heading = next(doc.headings())
    assert (heading.start_line, heading.title) == (1, "A")
    [paragraph] = list(doc.find(Paragraph))
    assert _pieces(paragraph.text) == [(2, 1, "b [c]"), (3, 1, "d"), (4, 1, "[e] f")]
    starts = [paragraph.text.position(b.start) for b in paragraph.text.scan.brackets]
    assert starts == [(2, 3), (4, 1)]


def _outline(doc: Document) -> list[tuple[str, int, int]]:
    return [(type(b).__name__, b.start_line, b.end_line) for b in doc.walk()]


def test_paragraph_does_not_swallow_the_line_after_an_interrupting_quote() -> None:
    # mistune appended line 3 to the paragraph of line 1 (an ordered list not starting at 1
    # may not interrupt a paragraph), which put the quote at line 1 and its text on line 1
    doc = _parse("quote between paragraph and list")
    assert _outline(doc) == [
        ("Paragraph", 1, 1),
        ("BlockQuote", 2, 2), ("Paragraph", 2, 2),
        ("ListBlock", 3, 3), ("ListItem", 3, 3), ("Paragraph", 3, 3),
    ]
    assert _paragraphs(doc) == [[(1, 1, "x")], [(2, 3, "a")], [(3, 4, "b")]]
    assert _items(doc) == [(3, "2.", 1, 3)]

    doc = _parse("quote with an empty item, then a list")
    assert _outline(doc) == [
        ("Paragraph", 1, 1),
        ("BlockQuote", 2, 2), ("ListBlock", 2, 2), ("ListItem", 2, 2),
        ("ListBlock", 3, 3), ("ListItem", 3, 3),
    ]
    assert _items(doc) == [(2, "-", 2, 2), (3, "0.", 1, 3)]

    doc = _parse("list, quote, list")
    assert _items(doc) == [(2, "-", 1, 2), (4, "2.", 1, 5)]
    assert [(q.start_line, q.end_line) for q in doc.find(BlockQuote)] == [(3, 3)]
    assert _paragraphs(doc) == [[(1, 1, "x")], [(2, 3, "a")], [(3, 3, "b")], [(4, 4, "c"), (5, 1, "more")]]


def test_heading_right_after_a_block_quote_is_not_part_of_it() -> None:
    # an ATX heading interrupts a paragraph, so it cannot continue a quote lazily
    doc = _parse("quote, then heading")
    assert _outline(doc) == [
        ("BlockQuote", 1, 2), ("Paragraph", 1, 2), ("Heading", 3, 3), ("Paragraph", 4, 4)
    ]
    assert [(s.title, s.start_line, s.end_line) for s in doc.root.subsections] == [("Head", 3, 4)]
    doc = _parse("quote, then footnote")
    assert _outline(doc) == [("BlockQuote", 1, 1), ("Paragraph", 1, 1), ("FootnoteDefinition", 2, 2),
                             ("Paragraph", 2, 2)]


def test_html_block_tag_ends_a_table_a_list_item_and_a_quote() -> None:
    # '<details>' right after a table row starts an HTML block; it is not a table row
    doc = _parse("table, then details")
    assert _outline(doc) == [("Table", 1, 3), ("HtmlBlock", 4, 5), ("HtmlBlock", 7, 7)]
    assert [[c.value for c in row.cells] for row in next(doc.tables()).rows] == [["1", "2"]]
    doc = _parse("item, then div")
    assert _outline(doc) == [
        ("ListBlock", 1, 1), ("ListItem", 1, 1), ("Paragraph", 1, 1), ("HtmlBlock", 2, 2),
        ("BlockQuote", 4, 4), ("Paragraph", 4, 4), ("HtmlBlock", 5, 5),
    ]


# -- 4. random documents: whatever the structure, every position points at its raw text -----------

_PREFIXES = [
    "", "", "", "> ", ">", "- ", "  ", "    ", "\t", "1. ", "2) ", "  - ", "* ", "> - ", "-\t", "   ", ">\t",
    " \t", "\t\t", ">>", "10. ",
]
_BODIES = ["text [x] here", "# Head", "## Tail ##", "```", "```py", "~~~", "| a | b |", "|---|---|", "a | b",
           "--- | ---", "---", "===", "", "", "<!-- c -->", "<div>", "</div>", "<!--", "-->", "[ref]: /u",
           "[^n]: note [y]", "***", "more `co|de` [z]", "\\| esc | x", "    indented", "x\ty [w]", "\tTabbed",
           "#\tTab head", "|\ta\t|\tb\t|", "0.", "-"]


def _position_problems(doc: Document) -> Iterator[str]:
    lines = doc.source.lines

    def raw(line: int) -> str:
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    def nested(blocks: Iterable[Block], first: int, last: int) -> Iterator[str]:
        previous_end = 0
        for block in blocks:
            where = f"{type(block).__name__} {block.start_line}-{block.end_line}"
            if not first <= block.start_line <= block.end_line <= last:
                yield f"{where} outside {first}-{last}"
            if block.start_line <= previous_end:
                yield f"{where} overlaps the block before it"
            previous_end = block.end_line
            yield from nested(block.children(), block.start_line, block.end_line)

    yield from nested(doc.blocks, 1, max(len(lines), 1))
    for block in doc.walk():
        at_marker = raw(block.start_line)[getattr(block, "marker_col", 1) - 1 :]
        if isinstance(block, ListItem) and not at_marker.startswith(block.marker):
            yield f"list marker {block.marker!r} not at {block.start_line}:{block.marker_col}"
        if isinstance(block, CodeBlock):
            yield from (f"code line {c}" for c in block.lines if raw(c.line)[c.col - 1 :] != c.text)
        if isinstance(block, Table):
            cells = [cell for row in (block.header, *block.rows) for cell in row.cells]
            yield from (f"cell {c}" for c in cells if raw(c.line)[c.col - 1 : c.end_col - 1] != c.value)
        for prose in block.prose():
            for piece in prose.pieces:
                if not (1 <= piece.col <= len(raw(piece.line)) + 1 and raw(piece.line)[piece.col - 1 :]
                        .startswith(piece.text)):
                    yield f"piece {piece}"


def test_random_documents_report_positions_of_their_raw_text() -> None:
    chooser = random.Random(20240501)
    for _ in range(1500):
        lines = [
            chooser.choice(_PREFIXES) + chooser.choice(_PREFIXES[:6]) * chooser.randint(0, 1)
            + chooser.choice(_BODIES)
            for _ in range(chooser.randint(1, 8))
        ]
        text = "\n".join(lines) + "\n"
        problems = list(_position_problems(Document.parse(text)))
        assert not problems, (text, problems[:5])


def test_link_definitions_keep_label_destination_and_line() -> None:
    doc = Document.parse('See [a].\n\n[a]: https://example.com/x "t"\n[b]: <#top>\n')
    found = [(b.label, b.destination, b.start_line) for b in doc.find(LinkDefinition)]
    assert found == [("a", "https://example.com/x", 3), ("b", "#top", 4)]
