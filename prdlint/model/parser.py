"""Block structure from mistune 3, with the source positions mistune does not keep.

mistune's block parser walks its source with a cursor and appends plain dict
tokens; nested containers (block quotes, list items) are parsed from child
sources whose lines correspond one to one to the parent's lines but lose their
container prefix and have leading tabs expanded. This module records, through
mistune's extension points (``state_cls``, ``child_state``, ``parse_method`` and
registered block rules), where each token starts and ends in its state's source
and where each child source starts in its parent, and turns the tokens into
:mod:`prdlint.model.nodes` blocks positioned on the original lines.

Columns come from the raw source line, never from mistune's text: the
non-white-space content of a line in any child source is a suffix of the raw
line, so the raw column of its first character is ``len(raw) - len(content)``.

Tables and footnote definitions are parsed by rules registered here rather than
mistune's plugins: GitHub keeps a table row whose cell count differs from the
header (mistune's plugin drops the whole table), and mistune's footnote plugin
keeps no trace of where a definition was.
"""

from __future__ import annotations

import re
import string
from array import array
from bisect import bisect_right
from collections.abc import Callable
from re import Match, Pattern
from typing import Any

from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.util import unikey

from prdlint.model.inline import Prose
from prdlint.model.nodes import (
    Block,
    BlockQuote,
    CodeBlock,
    FootnoteDefinition,
    Heading,
    HtmlBlock,
    LinkDefinition,
    ListBlock,
    ListItem,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    ThematicBreak,
)
from prdlint.model.source import Source

START = "_prdlint_start"
END = "_prdlint_end"
PROVISIONAL = "_prdlint_provisional_start"
CHILD_STATES = "_prdlint_child_states"
SINK_AT = 64  # top-level tokens a root state holds before it hands the final ones to its sink
KEEP = 2  # the last tokens, which mistune may still change (a setext underline, prepend_token)

_DELIMITER_CELL = r"[ \t]*:?-+:?[ \t]*"
_DELIMITER_ROW = (
    r" {0,3}(?:\|" + _DELIMITER_CELL + r"(?:\|" + _DELIMITER_CELL + r")*\|?"
    r"|" + _DELIMITER_CELL + r"(?:\|" + _DELIMITER_CELL + r")+\|?)[ \t]*"
)
TABLE_PATTERN = r"^ {0,3}(?=[^\n]*\|)[^\n]*\n(?=" + _DELIMITER_ROW + r"(?:\n|$))"
FOOTNOTE_PATTERN = r"^ {0,3}\[\^(?P<footnote_label>[^\]\s]{1,200})\]:[ \t]*"
_LIST_MARKER = re.compile(r"([*+-]|\d{1,9}[.)])(?=[ \t]|$)")
_TASK_BOX = re.compile(r"\[([ xX])\](?=[ \t]|$)")
_ATX = re.compile(r"(#{1,6})(.*)$")
# A closing sequence starts where a run of blanks starts, never inside one (linear, not quadratic).
_ATX_CLOSING = re.compile(r"(?:^|(?<![ \t])[ \t]+)#+[ \t]*$")
_FENCE_CLOSE = re.compile(r"\A {0,3}(`{3,}|~{3,})[ \t]*$")
_NEWLINE = re.compile("\n")
_MATCH_END = re.Match.end
_BLOCK_TAG_END = r"(?:[ \t]+|\n|$))"  # how mistune's BLOCK_HTML ends a block tag's name
# The rules mistune's extract_block_quote stops a block quote's lazy continuation at.
_QUOTE_LAZY_BREAK = ["blank_line", "thematic_break", "fenced_code", "list", "block_html"]


def without_closing_sequence(text: str) -> str:
    """An ATX heading's text without its closing '#'s: what mistune's ``(\\s+|^)#+\\s*$`` removes."""
    body = text.rstrip()
    hashes = len(body) - len(body.rstrip("#"))
    if not hashes:
        return text
    before = body[: len(body) - hashes]
    if before and not before[-1].isspace():
        return text  # '#' attached to a word ('C#') is text
    return before.rstrip()


class TrackedState(BlockState):
    """A BlockState that remembers where its tokens and child states come from.

    A root state given a ``sink`` hands it its tokens while parsing goes on (see
    TrackingBlockParser.parse_method), so that they can become blocks and be dropped.
    """

    parent_cursor: int = 0
    sink: Callable[[TrackedState], None] | None = None
    active: int = 0  # parse_method calls under way on this state

    def child_state(self, src: str, lazy_line_starts: set[int] | None = None) -> BlockState:
        child = super().child_state(src, lazy_line_starts)
        assert isinstance(child, TrackedState)
        child.parent_cursor = self.cursor
        self.env.setdefault(CHILD_STATES, {})[id(child.tokens)] = child
        return child

    def append_token(self, token: dict[str, Any]) -> None:
        # Most tokens are positioned by TrackingBlockParser.parse_method; the
        # cursor here is only right for tokens appended outside of it.
        token.setdefault(PROVISIONAL, self.cursor)
        super().append_token(token)

    def _continues_paragraph(self) -> bool:
        """Whether the last token is a paragraph that ends right at the cursor.

        A paragraph interrupted by a block quote or list is still the last token
        while mistune reads that container's lazy lines and calls other rules for
        the line after it: text at the cursor then does not continue the paragraph.
        """
        last = self.last_token()
        return bool(last) and last["type"] == "paragraph" and last.get(END, self.cursor) == self.cursor

    def add_paragraph(self, text: str) -> None:
        if self._continues_paragraph():
            last = self.tokens[-1]
            last["text"] += text
            last[END] = self.cursor + len(text)
        else:
            self.tokens.append(
                {"type": "paragraph", "text": text, START: self.cursor, END: self.cursor + len(text)}
            )

    def append_paragraph(self) -> int | None:
        last = self.last_token()
        if last and last["type"] == "paragraph" and not self._continues_paragraph():
            return None  # no paragraph here for the line to continue (or for a block to interrupt)
        pos = super().append_paragraph()
        if pos is not None:
            self.tokens[-1][END] = pos
        return pos


class TrackingBlockParser(BlockParser):
    state_cls = TrackedState

    def __init__(self) -> None:
        super().__init__()
        # mistune's block_html wants white space or a line end after the tag name, so
        # '<div>' or '<details>' did not end a table, a list item or a quote's lazy lines.
        assert _BLOCK_TAG_END in self.BLOCK_HTML
        self.specification["block_html"] = self.BLOCK_HTML.replace(_BLOCK_TAG_END, r"(?=[ \t]|/?>|\n|$))")
        self.register("footnote_definition", FOOTNOTE_PATTERN, _parse_footnote_definition, before="ref_link")
        self.register("table", TABLE_PATTERN, _parse_table, before="ref_link")
        for rules in (self.block_quote_rules, self.list_rules):
            self.insert_rule(rules, "footnote_definition", before="ref_link")
            self.insert_rule(rules, "table", before="ref_link")
        self._block_start = self.compile_sc(
            ["fenced_code", "atx_heading", "thematic_break", "block_quote", "list", "block_html"]
        )

    def parse_atx_heading(self, m: Match[str], state: BlockState) -> int:
        """mistune's, with its closing-sequence regex (retried from every blank of a long run) replaced."""
        level = len(m.group("atx_1"))
        text = without_closing_sequence(m.group("atx_2").strip(string.whitespace))
        state.append_token({"type": "heading", "text": text, "attrs": {"level": level}, "style": "atx"})
        return m.end() + 1

    def parse_method(self, m: Match[str], state: BlockState) -> int | None:
        assert isinstance(state, TrackedState)
        state.active += 1
        try:
            result = self._parse_positioned(m, state)
        finally:
            state.active -= 1
        # Between two top-level calls mistune only looks at (and may still change) the last two tokens:
        # the ones before are final. Within a call it may hold an index into the list (a list's place).
        if state.sink is not None and state.active == 0 and len(state.tokens) > SINK_AT:
            state.sink(state)
        return result

    def _parse_positioned(self, m: Match[str], state: TrackedState) -> int | None:
        start = state.cursor
        count = len(state.tokens)
        last = state.tokens[-1] if state.tokens else None
        last_was_paragraph = last is not None and last["type"] == "paragraph"
        result = super().parse_method(m, state)
        if not result:
            return result
        fresh = [token for token in state.tokens[count:] if START not in token]
        if fresh:
            # A container interrupted by another block ends where that block starts.
            nested = [t[START] for t in state.tokens[count:] if START in t and t[START] > start]
            end = min([result, *nested])
            for token in fresh:
                token[START] = start
                token[END] = end
        elif m.lastgroup == "setex_heading" and last is not None and last_was_paragraph and last["type"] == "heading":
            last[END] = result
        elif m.lastgroup == "ref_link" and not last_was_paragraph and len(state.tokens) == count:
            state.tokens.append(
                {
                    "type": "ref_definition",
                    "label": m.group("reflink_1"),
                    "url": state.env["ref_links"].get(unikey(m.group("reflink_1")), {}).get("url", ""),
                    START: start,
                    END: result,
                }
            )
        return result

    def compile_sc(self, rules: list[str] | None = None) -> Pattern[str]:
        if rules == _QUOTE_LAZY_BREAK:
            # mistune ends a block quote's lazy continuation lines only at these rules, so a
            # heading (or footnote definition) right after a quote became part of the quote.
            # Both interrupt a paragraph, so neither can continue one lazily.
            rules = [*rules, "atx_heading", "footnote_definition"]
        return super().compile_sc(rules)

    def is_block_start(self, src: str, pos: int) -> bool:
        return self._block_start.match(src, pos) is not None


_PARSER: TrackingBlockParser | None = None


def parse_blocks(text: str, sink: Callable[[TrackedState], None] | None = None) -> TrackedState:
    """mistune's block parse of ``text`` with prdlint's tracking: the root state, its tokens and child states.

    ``sink`` (BlockBuilder.consume) takes the final top-level tokens while the parse goes on.
    """
    global _PARSER
    if _PARSER is None:
        _PARSER = TrackingBlockParser()
    state = TrackedState()
    state.sink = sink
    state.process(text)
    _PARSER.parse(state)
    state.sink = None
    return state


def _split_cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell's raw text in a table line, outer pipes excluded."""
    bounds: list[int] = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "|":
            bounds.append(i)
        i += 1
    stripped = text.rstrip()
    start = 0
    end = len(stripped)
    if bounds and not text[: bounds[0]].strip():
        start = bounds.pop(0) + 1
    if bounds and bounds[-1] == end - 1 and end - 1 >= start:
        end = bounds.pop()
    cells: list[tuple[int, int]] = []
    for bound in [*bounds, end]:
        cells.append((start, bound))
        start = bound + 1
    return cells


def _parse_table(block: BlockParser, m: Match[str], state: BlockState) -> int | None:
    assert isinstance(block, TrackingBlockParser)
    header_end = state.find_line_end_at(m.start())
    header = state.src[m.start() : header_end].rstrip("\n")
    delimiter_end = state.find_line_end_at(header_end)
    delimiter = state.src[header_end:delimiter_end].rstrip("\n")
    if len(_split_cells(header.strip())) != len(_split_cells(delimiter.strip())):
        return None  # GFM: not a table, the lines are a paragraph
    pos = delimiter_end
    while pos < state.cursor_max:
        line_end = state.find_line_end_at(pos)
        line = state.src[pos:line_end]
        if not line.strip() or block.is_block_start(state.src, pos):
            break
        pos = line_end
    state.append_token({"type": "table"})
    return pos


def _parse_footnote_definition(block: BlockParser, m: Match[str], state: BlockState) -> int | None:
    first_end = state.find_line_end_at(m.start())
    lines = [state.src[m.end() : first_end]]
    pos = first_end
    pending_blank: list[str] = []
    assert isinstance(block, TrackingBlockParser)
    while pos < state.cursor_max:
        line_end = state.find_line_end_at(pos)
        line = state.src[pos:line_end]
        if not line.strip():
            pending_blank.append("\n")
        elif line.startswith("    ") or line.startswith("\t"):
            lines.extend(pending_blank)
            pending_blank = []
            lines.append(line[4:] if line.startswith("    ") else line[1:])
        elif not pending_blank and not block.is_block_start(state.src, pos):
            lines.append(line)  # lazy continuation of the definition's paragraph
        else:
            break
        pos = line_end
    child = state.child_state("".join(lines))
    block.parse(child)
    state.append_token({"type": "footnote_definition", "label": m.group("footnote_label"), "children": child.tokens})
    return pos


class _StateLines:
    """Line arithmetic for one parser state: its offsets and its absolute line numbers."""

    __slots__ = ("base_line", "src", "starts")

    def __init__(self, state: BlockState, base_line: int) -> None:
        self.src = state.src
        self.base_line = base_line
        self.starts = array("q", [0])  # not a list: a big document has hundreds of thousands of lines
        self.starts.extend(map(_MATCH_END, _NEWLINE.finditer(self.src)))

    def line_of(self, offset: int) -> int:
        return self.base_line + bisect_right(self.starts, offset) - 1

    def text(self, line: int) -> str:
        index = line - self.base_line
        starts = self.starts
        if index < 0 or index >= len(starts):
            return ""
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.src)
        return self.src[starts[index] : end]


class BlockBuilder:
    """Turns tracked mistune tokens into positioned blocks."""

    def __init__(self, source: Source, labels: Callable[[], frozenset[str]]) -> None:
        self.source = source
        self.labels = labels
        self.child_states: dict[int, TrackedState] = {}
        self._blocks_so_far: list[Block] = []
        self._root_lines: _StateLines | None = None

    def consume(self, root: TrackedState) -> None:
        """Turn the root's final tokens into blocks while parsing goes on, and drop them (the sink of
        parse_blocks): the tokens of a big document then never all exist at once, nor beside its model."""
        self._take(root, len(root.tokens) - KEEP)

    def build(self, root: TrackedState) -> list[Block]:
        """All the blocks of the root state (its remaining tokens included), in source order."""
        self._take(root, len(root.tokens))
        blocks, self._blocks_so_far = self._blocks_so_far, []
        # mistune's prepend_token can misplace a container interrupted by a chain of
        # other containers; source order is what readers and rules expect.
        blocks.sort(key=lambda block: block.start_line)
        return blocks

    def _take(self, root: TrackedState, count: int) -> None:
        if count <= 0:
            return
        # Taken out of the shared env: the child states point at the env, so leaving them there is a cycle
        # that only the garbage collector could free.
        self.child_states.update(root.env.pop(CHILD_STATES, {}))
        if self._root_lines is None:
            self._root_lines = _StateLines(root, 1)
        for token in root.tokens[:count]:
            block = self._block(token, self._root_lines)
            if block is not None:
                self._blocks_so_far.append(block)
        del root.tokens[:count]

    # -- positions -------------------------------------------------------------------------------

    def _content_col(self, lines: _StateLines, line: int) -> int:
        """0-based raw column where the line's non-blank content (in this state) starts."""
        raw = self.source.line(line)
        content = lines.text(line).lstrip(" \t")
        if raw.endswith(content):
            return len(raw) - len(content)
        # Defensive: should not happen, but never report a column off the line.
        found = raw.rfind(content.strip())
        return found if found >= 0 else len(raw) - len(raw.lstrip(" \t>"))

    def _range(self, token: dict[str, Any], lines: _StateLines) -> tuple[int, int]:
        start = token.get(START, token.get(PROVISIONAL, 0))
        first = lines.line_of(start)
        # An indented code block appended outside parse_method has no end: count its lines.
        last = (
            lines.line_of(max(token[END] - 1, start)) if END in token else first + token.get("raw", "").count("\n")
        )
        while last > first and not lines.text(last).strip():
            last -= 1
        return first, last

    def _prose_of_lines(self, lines: _StateLines, first: int, last: int) -> Prose:
        """The prose of lines ``first``..``last``, each from where its content starts in this state."""
        texts: list[str] = []
        numbers: list[int] = []
        cols: list[int] = []
        raws = self.source.line_range(first, last)
        for index, line in enumerate(range(first, last + 1)):
            raw = raws[index]
            content = lines.text(line).lstrip(" \t")
            col0 = len(raw) - len(content) if raw.endswith(content) else self._content_col(lines, line)
            texts.append(raw[col0:])
            numbers.append(line)
            cols.append(col0 + 1)
        return Prose.from_lines(texts, numbers, cols, self.labels)

    def _prose(self, line: int, col: int, text: str) -> Prose:
        return Prose.from_lines([text], [line], [col], self.labels)

    def _child_lines(self, token: dict[str, Any], base_line: int) -> _StateLines | None:
        child = self.child_states.pop(id(token["children"]), None)
        return _StateLines(child, base_line) if child is not None else None

    # -- tokens ----------------------------------------------------------------------------------

    def _blocks(self, tokens: list[dict[str, Any]], lines: _StateLines) -> list[Block]:
        blocks: list[Block] = []
        for token in tokens:
            block = self._block(token, lines)
            if block is not None:
                blocks.append(block)
        # mistune's prepend_token can misplace a container interrupted by a chain of
        # other containers; source order is what readers and rules expect.
        blocks.sort(key=lambda block: block.start_line)
        return blocks

    def _block(self, token: dict[str, Any], lines: _StateLines) -> Block | None:
        kind = token["type"]
        if kind == "blank_line":
            return None
        if kind == "list":
            return self._list(token, lines)
        first, last = self._range(token, lines)
        if kind in ("paragraph", "block_text"):
            return Paragraph(first, last, self._prose_of_lines(lines, first, last))
        if kind == "heading":
            return self._heading(token, lines, first, last)
        if kind == "block_code":
            return self._code(token, lines, first, last)
        if kind == "table":
            return self._table(lines, first, last)
        if kind == "block_quote":
            child = self._child_lines(token, first)
            blocks = self._blocks(token["children"], child) if child else []
            return BlockQuote(first, last, blocks)
        if kind == "block_html":
            return HtmlBlock(first, last, self._prose_of_lines(lines, first, last))
        if kind == "thematic_break":
            return ThematicBreak(first, first)
        if kind == "ref_definition":
            return LinkDefinition(first, last, token["label"], token.get("url", ""))
        if kind == "footnote_definition":
            child = self._child_lines(token, first)
            blocks = self._blocks(token["children"], child) if child else []
            return FootnoteDefinition(first, last, token["label"], blocks)
        return None

    def _heading(self, token: dict[str, Any], lines: _StateLines, first: int, last: int) -> Heading:
        level = int(token["attrs"]["level"])
        if token.get("style") == "setext":
            return Heading(first, last, level, self._prose_of_lines(lines, first, last - 1), setext=True)
        col0 = self._content_col(lines, first)
        content = self.source.line(first)[col0:]
        found = _ATX.match(content)
        rest = found.group(2) if found else ""
        offset = len(found.group(1)) if found else 0
        rest = _ATX_CLOSING.sub("", rest) if rest.strip() else ""
        text = rest.strip(" \t")
        if text:
            offset += len(rest) - len(rest.lstrip(" \t"))
        else:
            offset = len(content.rstrip())
        return Heading(first, first, level, self._prose(first, col0 + offset + 1, text))

    def _code(self, token: dict[str, Any], lines: _StateLines, first: int, last: int) -> CodeBlock:
        fenced = token.get("style") == "fenced"
        info = token.get("attrs", {}).get("info", "") if fenced else ""
        closed = True
        content_first, content_last = first, last
        if fenced:
            content_first = first + 1
            closed = last > first and bool(_FENCE_CLOSE.fullmatch(lines.text(last).lstrip(" \t").rstrip()))
            closed = closed and lines.text(last).strip()[0] == token.get("marker", "`")[0]
            content_last = last - 1 if closed else last
        texts: list[str] = []
        cols = array("i")
        raw_code = token.get("raw", "").split("\n")
        raws = self.source.line_range(content_first, content_last)
        for index, line in enumerate(range(content_first, content_last + 1)):
            raw = raws[index]
            code = raw_code[index] if index < len(raw_code) else lines.text(line)
            if code and raw.endswith(code):
                col0 = len(raw) - len(code)
            else:
                col0 = len(raw) - len(code.lstrip(" \t")) if code.strip() else len(raw)
            texts.append(raw[col0:])
            cols.append(col0 + 1)
        return CodeBlock(first, last, fenced, info, "\n".join(texts), content_first, cols, closed)

    def _table(self, lines: _StateLines, first: int, last: int) -> Table:
        rows: list[TableRow] = []
        for line in [first, *range(first + 2, last + 1)]:
            col0 = self._content_col(lines, line)
            content = self.source.line(line)[col0:]
            cells: list[TableCell] = []
            for start, end in _split_cells(content):
                raw = content[start:end]
                lead = len(raw) - len(raw.lstrip())
                value = raw.strip()
                col = col0 + start + (lead if value else 0) + 1
                cells.append(TableCell(line, col, col + len(value), self._prose(line, col, value)))
            rows.append(TableRow(line, cells))
        header, body = rows[0], rows[1:]
        return Table(first, last, header, first + 1, body, len(header.cells))

    def _list(self, token: dict[str, Any], lines: _StateLines) -> ListBlock:
        first, _ = self._range(token, lines)
        ordered = bool(token.get("attrs", {}).get("ordered"))
        items: list[ListItem] = []
        marker_line = first
        previous_child: TrackedState | None = None
        for item_token in token["children"]:
            if previous_child is not None:
                # mistune creates item k's child state with the cursor just past
                # item k+1's marker line.
                marker_line = lines.line_of(max(previous_child.parent_cursor - 1, 0))
            child = self.child_states.pop(id(item_token["children"]), None)
            items.append(self._item(item_token, lines, marker_line, child))
            previous_child = child
        last = max((item.end_line for item in items), default=first)
        return ListBlock(first, last, ordered, items)

    def _item(
        self, token: dict[str, Any], lines: _StateLines, marker_line: int, child: TrackedState | None
    ) -> ListItem:
        content = lines.text(marker_line).lstrip(" \t")
        found = _LIST_MARKER.match(content)
        marker = found.group(1) if found else ""
        marker_col = self._content_col(lines, marker_line) + 1
        after_marker = content[len(marker) :]
        base = marker_line + 1 if not after_marker.strip() else marker_line
        blocks = self._blocks(token["children"], _StateLines(child, base)) if child is not None else []
        end_line = max([marker_line, *(block.end_line for block in blocks)])
        item = ListItem(marker_line, end_line, marker, marker_col, blocks=blocks)
        if blocks and isinstance(blocks[0], Paragraph) and blocks[0].start_line == marker_line:
            text = blocks[0].text
            box = _TASK_BOX.match(text.text)
            if box:
                item.task = box.group(1)
                item.task_col = text.col
        return item
