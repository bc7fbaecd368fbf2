"""Inline text with exact source positions, and a scanner for the inline syntax rules care about.

A :class:`Prose` is the inline content of one block (a paragraph, a heading, a
table cell, ...) built from raw substrings of the source lines, so an offset in
``Prose.text`` maps back to an exact line and column by construction. The
scanner then marks what is *not* prose a reader would fill in: code spans,
HTML, autolinks and bare URLs, link destinations and the brackets of link,
image, footnote, wiki-link, task-box, citation and callout syntax.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

BracketKind = Literal["literal", "link", "image", "footnote", "wiki", "task", "citation", "callout"]

_SPECIAL = re.compile(r"[`\\<]")
_BRACKET = re.compile(r"[\[\]]")
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*>")
_AUTO_EMAIL = re.compile(r"<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
                         r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>")
_TAG_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = (r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*"
              r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)")
_OPEN_TAG = re.compile(r"<(" + _TAG_NAME + r")" + _ATTRIBUTE + r"*\s*/?>")
_CLOSE_TAG = re.compile(r"</(" + _TAG_NAME + r")\s*>")
_URL = re.compile(r"(?:\bhttps?://|\bwww\.)[^\s<>`]*[^\s<>`.,:;!?\"'*_~)\]]")
_CITATION = re.compile(r"\d{1,4}(?:\s*[,\u2013-]\s*\d{1,4})*")
# Text without any of these has no inline syntax the scanner marks (a superset of what _SPECIAL,
# _BRACKET and _URL look for): most prose, which then needs no scan at all.
_ANY_SYNTAX = re.compile(r"[`\\<\[\]]|https?://|www\.")
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass(frozen=True, slots=True)
class Piece:
    """One line's share of a block's inline text: raw text starting at (line, col)."""

    line: int
    col: int
    text: str


@dataclass(frozen=True, slots=True)
class Bracket:
    """A ``[...]`` pair in prose. ``start``/``end`` include the brackets."""

    start: int
    end: int
    kind: BracketKind

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1


@dataclass(frozen=True, slots=True)
class HtmlSpan:
    """Inline HTML: a tag, comment, declaration or processing instruction."""

    start: int
    end: int
    raw: str
    tag: str | None  # lower-case tag name; None for comments, declarations and processing instructions

    @property
    def is_comment(self) -> bool:
        return self.raw.startswith("<!--")


@dataclass(frozen=True, slots=True)
class InlineScan:
    """What the scanner found in one :class:`Prose`. Offsets index ``Prose.text``."""

    code_spans: tuple[tuple[int, int], ...]
    html: tuple[HtmlSpan, ...]
    urls: tuple[tuple[int, int], ...]
    link_destinations: tuple[tuple[int, int], ...]
    brackets: tuple[Bracket, ...]
    masked: str

    def literal_brackets(self) -> Iterator[Bracket]:
        """Outermost ``[...]`` groups that are not Markdown syntax."""
        last_end = -1
        for bracket in self.brackets:
            if bracket.kind == "literal" and bracket.start >= last_end:
                last_end = bracket.end
                yield bracket


class Prose:
    """The inline text of one block with a map from offsets to source positions.

    It keeps the text once, with where each line's share of it starts in the text and in
    the source; :attr:`pieces` rebuilds the :class:`Piece` objects when asked.
    """

    __slots__ = ("_cols", "_labels", "_lines", "_scan", "_starts", "derived", "text")

    def __init__(self, pieces: Iterable[Piece], labels: Callable[[], frozenset[str]] | None = None) -> None:
        given = tuple(pieces)
        self._set([piece.text for piece in given], [piece.line for piece in given], [piece.col for piece in given],
                  labels)

    @classmethod
    def from_lines(
        cls, texts: list[str], lines: list[int], cols: list[int], labels: Callable[[], frozenset[str]] | None
    ) -> Prose:
        """The prose of ``texts``, the i-th starting at (``lines[i]``, ``cols[i]``); no Piece is made."""
        prose = cls.__new__(cls)
        prose._set(texts, lines, cols, labels)
        return prose

    def _set(
        self, texts: list[str], lines: list[int], cols: list[int], labels: Callable[[], frozenset[str]] | None
    ) -> None:
        self.text = texts[0] if len(texts) == 1 else "\n".join(texts)
        starts = [0] * len(texts)
        offset = 0
        for index, text in enumerate(texts):
            starts[index] = offset
            offset += len(text) + 1
        self._starts = starts
        self._lines = lines
        self._cols = cols
        self._labels = labels
        self._scan: InlineScan | None = None
        # Facts analysis helpers derive from the text and keep (prdlint.analysis.text.label_of): several
        # rules ask them of the same prose.
        self.derived: dict[str, Any] | None = None

    @property
    def pieces(self) -> tuple[Piece, ...]:
        """Each line's share of the text, where it starts in the source."""
        ends = [*(start - 1 for start in self._starts[1:]), len(self.text)]
        return tuple(
            Piece(line, col, self.text[start:end])
            for line, col, start, end in zip(self._lines, self._cols, self._starts, ends, strict=True)
        )

    def __repr__(self) -> str:
        where = f"{self._lines[0]}:{self._cols[0]}" if self._lines else "-"
        return f"Prose({where}, {self.text!r})"

    @property
    def line(self) -> int:
        return self._lines[0] if self._lines else 0

    @property
    def col(self) -> int:
        return self._cols[0] if self._cols else 0

    def position(self, offset: int) -> tuple[int, int]:
        """The (line, column) in the source of ``self.text[offset]``."""
        starts = self._starts
        if not starts:
            return (0, 0)
        index = 0 if len(starts) == 1 else max(bisect_right(starts, offset) - 1, 0)
        return self._lines[index], self._cols[index] + offset - starts[index]

    def end_position(self, end: int) -> tuple[int, int]:
        """The (line, column) just after the character before ``end``; for exclusive span ends."""
        if end <= 0:
            return self.position(0)
        line, col = self.position(end - 1)
        return line, col + 1

    @property
    def scan(self) -> InlineScan:
        if self._scan is None:
            labels = self._labels() if self._labels is not None else frozenset()
            self._scan = _scan_cached(self.text, labels)
        return self._scan


def normalize_label(label: str) -> str:
    """Link labels match case-insensitively with runs of white space collapsed."""
    return " ".join(label.split()).casefold()


def _is_escaped(text: str, pos: int) -> bool:
    count = 0
    pos -= 1
    while pos >= 0 and text[pos] == "\\":
        count += 1
        pos -= 1
    return count % 2 == 1


def _scan_code_html_escapes(
    text: str,
) -> tuple[list[tuple[int, int]], list[HtmlSpan], list[tuple[int, int]], list[int]]:
    """First pass: the inline constructs that bind tighter than links (CommonMark 6.1)."""
    code: list[tuple[int, int]] = []
    html: list[HtmlSpan] = []
    autolinks: list[tuple[int, int]] = []
    escapes: list[int] = []
    pos = 0
    length = len(text)
    while pos < length:
        match = _SPECIAL.search(text, pos)
        if match is None:
            break
        pos = match.start()
        char = text[pos]
        if char == "\\":
            if pos + 1 < length and text[pos + 1] in ASCII_PUNCTUATION:
                escapes.append(pos)
                pos += 2
            else:
                pos += 1
        elif char == "`":
            run = _BACKTICKS.match(text, pos)
            assert run is not None
            size = len(run.group(0))
            closing = re.compile(rf"(?<!`)`{{{size}}}(?!`)").search(text, run.end())
            if closing is None:
                pos = run.end()
            else:
                code.append((pos, closing.end()))
                pos = closing.end()
        else:
            end = _match_angle(text, pos, html, autolinks)
            pos = end if end is not None else pos + 1
    return code, html, autolinks, escapes


def _match_angle(text: str, pos: int, html: list[HtmlSpan], autolinks: list[tuple[int, int]]) -> int | None:
    for pattern in (_AUTOLINK, _AUTO_EMAIL):
        found = pattern.match(text, pos)
        if found:
            autolinks.append((pos, found.end()))
            return found.end()
    for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")):
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            if end < 0:
                return None
            end += len(closer)
            html.append(HtmlSpan(pos, end, text[pos:end], None))
            return end
    if text.startswith("<!", pos) and pos + 2 < len(text) and text[pos + 2].isalpha():
        end = text.find(">", pos)
        if end < 0:
            return None
        html.append(HtmlSpan(pos, end + 1, text[pos : end + 1], None))
        return end + 1
    for pattern in (_OPEN_TAG, _CLOSE_TAG):
        found = pattern.match(text, pos)
        if found:
            html.append(HtmlSpan(pos, found.end(), found.group(0), found.group(1).lower()))
            return found.end()
    return None


def _link_destination_end(text: str, pos: int, blocked: Sequence[bool]) -> int | None:
    """``text[pos]`` is '(' right after ']': the end of an inline link's ``(destination "title")``."""
    length = len(text)
    i = pos + 1
    while i < length and text[i] in " \t\n":
        i += 1
    if i < length and text[i] == "<":
        close = text.find(">", i)
        if close < 0 or "\n" in text[i:close]:
            return None
        i = close + 1
    else:
        depth = 0
        while i < length:
            char = text[i]
            if char == "\\" and i + 1 < length:
                i += 2
                continue
            if char in " \t\n" or ord(char) < 0x20:
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
    while i < length and text[i] in " \t\n":
        i += 1
    if i < length and text[i] in "\"'(":
        closer = ")" if text[i] == "(" else text[i]
        i += 1
        while i < length and text[i] != closer:
            i += 2 if text[i] == "\\" else 1
        i += 1
        while i < length and text[i] in " \t\n":
            i += 1
    if i < length and text[i] == ")" and not blocked[i]:
        return i + 1
    return None


def _classify(inner: str, labels: frozenset[str]) -> BracketKind:
    stripped = inner.strip()
    if inner in (" ", "x", "X"):
        return "task"
    if stripped.startswith("^") and len(stripped) > 1:
        return "footnote"
    if stripped.startswith("!") and len(stripped) > 1 and stripped[1].isalpha():
        return "callout"
    if _CITATION.fullmatch(stripped):
        return "citation"
    if normalize_label(inner) in labels and inner.strip():
        return "link"
    return "literal"


@lru_cache(maxsize=8192)
def _scan_cached(text: str, labels: frozenset[str]) -> InlineScan:
    """Scans are immutable, and most paragraphs are unchanged between two edits of a document (the server)."""
    return scan_inline(text, labels)


def scan_inline(text: str, labels: frozenset[str] = frozenset()) -> InlineScan:
    """Find code spans, HTML, URLs and bracket syntax in ``text``."""
    if not _ANY_SYNTAX.search(text):
        return InlineScan((), (), (), (), (), text)
    code, html, autolinks, escapes = _scan_code_html_escapes(text)
    blocked = [False] * len(text)
    spans: list[tuple[int, int]] = [*code, *((h.start, h.end) for h in html), *autolinks]
    for start, end in spans:
        blocked[start:end] = [True] * (end - start)
    urls = list(autolinks)
    for found in _URL.finditer(text):
        start, end = found.span()
        if not any(blocked[start:end]):
            urls.append((start, end))
            blocked[start:end] = [True] * (end - start)
    for pos in escapes:
        blocked[pos] = True
        blocked[pos + 1] = True

    openers: list[int] = []
    pairs: list[tuple[int, int]] = []
    for found in _BRACKET.finditer(text):
        pos = found.start()
        if blocked[pos]:
            continue
        if text[pos] == "[":
            openers.append(pos)
        elif openers:
            pairs.append((openers.pop(), pos + 1))

    # Pairs come out innermost first, ordered by their closing bracket.
    brackets: dict[int, Bracket] = {}
    destinations: list[tuple[int, int]] = []
    consumed: set[int] = set()
    length = len(text)
    for start, end in pairs:
        if start in consumed:
            continue
        kind: BracketKind
        inner = text[start + 1 : end - 1]
        is_image = start > 0 and text[start - 1] == "!" and not _is_escaped(text, start - 1)
        nxt = text[end] if end < length else ""
        if (start > 0 and text[start - 1] == "[" and nxt == "]"
                and not blocked[start - 1] and not blocked[end]):
            # [[wiki link]]: the inner pair and the outer pair are one piece of syntax.
            brackets[start - 1] = Bracket(start - 1, end + 1, "wiki")
            consumed.add(start - 1)
            kind = "wiki"
        elif nxt == "(" and (dest_end := _link_destination_end(text, end, blocked)) is not None:
            kind = "image" if is_image else "link"
            destinations.append((end, dest_end))
            blocked[end:dest_end] = [True] * (dest_end - end)
        elif nxt == "[" and (ref := _full_reference(text, end, blocked)) is not None:
            label_end, label = ref
            if normalize_label(label or inner) in labels:
                kind = "image" if is_image else "link"
                destinations.append((end, label_end))
                blocked[end:label_end] = [True] * (label_end - end)
                consumed.add(end)
            else:
                kind = _classify(inner, labels)
        else:
            kind = _classify(inner, labels)
            if kind == "link" and is_image:
                kind = "image"
        brackets[start] = Bracket(start, end, kind)

    hidden = [*code, *((h.start, h.end) for h in html), *urls, *destinations, *((p, p + 2) for p in escapes)]
    return InlineScan(
        code_spans=tuple(code),
        html=tuple(html),
        urls=tuple(sorted(urls)),
        link_destinations=tuple(destinations),
        brackets=tuple(sorted(brackets.values(), key=lambda b: (b.start, -b.end))),
        masked=_blank(text, hidden),
    )


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of the spans but line breaks turned into a space."""
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        start = max(start, last)
        if end <= start:
            continue
        out.append(text[last:start])
        hidden = text[start:end]
        out.append(_NOT_NEWLINE.sub(" ", hidden) if "\n" in hidden else " " * len(hidden))
        last = end
    out.append(text[last:])
    return "".join(out)




def _full_reference(text: str, pos: int, blocked: Sequence[bool]) -> tuple[int, str] | None:
    """``text[pos]`` is '[' right after ']': the end and label of ``[label]`` (empty for ``[]``)."""
    close = pos + 1
    while close < len(text):
        char = text[close]
        if char == "\\":
            close += 2
            continue
        if char == "[" and not blocked[close]:
            return None
        if char == "]" and not blocked[close]:
            return close + 1, text[pos + 1 : close]
        close += 1
    return None
