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
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

BracketKind = Literal["literal", "link", "image", "footnote", "wiki", "task", "citation", "callout"]

_SPECIAL = re.compile(r"[`\\<]")
_BRACKET = re.compile(r"[\[\]]")
_LONGEST_LABEL = 999  # characters in a link label at most (CommonMark)
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
_BACKSLASHES = re.compile(r"\\+")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20]")
_BLANK_RUN = re.compile(r"[ \t\n]+")
_PARENS = re.compile(r"[()]")
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
    runs: _BacktickRuns | None = None
    unclosed: set[str] = set()
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
            if runs is None:
                runs = _BacktickRuns(text)
            closing = runs.next_of_size(run.end() - pos, run.end())
            if closing is None:
                pos = run.end()
            else:
                code.append((pos, closing))
                pos = closing
        else:
            end = _match_angle(text, pos, html, autolinks, unclosed)
            pos = end if end is not None else pos + 1
    return code, html, autolinks, escapes


class _BacktickRuns:
    """The maximal runs of backticks of a text by length, so that finding an opener's closer is a lookup.

    Searching the rest of the text for each unclosed opener would be quadratic in a text of many.
    """

    def __init__(self, text: str) -> None:
        self._starts: dict[int, list[int]] = {}
        for found in _BACKTICKS.finditer(text):
            self._starts.setdefault(found.end() - found.start(), []).append(found.start())

    def next_of_size(self, size: int, after: int) -> int | None:
        """The end of the first run of exactly ``size`` backticks that starts at or after ``after``."""
        starts = self._starts.get(size, [])
        index = bisect_left(starts, after)
        return starts[index] + size if index < len(starts) else None


def _match_angle(
    text: str, pos: int, html: list[HtmlSpan], autolinks: list[tuple[int, int]], unclosed: set[str]
) -> int | None:
    """``unclosed`` collects closers already searched for in vain: they are not after any later opener either."""
    for pattern in (_AUTOLINK, _AUTO_EMAIL):
        found = pattern.match(text, pos)
        if found:
            autolinks.append((pos, found.end()))
            return found.end()
    for opener, closer in (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>")):
        if text.startswith(opener, pos):
            end = -1 if closer in unclosed else text.find(closer, pos + len(opener))
            if end < 0:
                unclosed.add(closer)
                return None
            end += len(closer)
            html.append(HtmlSpan(pos, end, text[pos:end], None))
            return end
    if text.startswith("<!", pos) and pos + 2 < len(text) and text[pos + 2].isalpha():
        end = -1 if ">" in unclosed else text.find(">", pos)
        if end < 0:
            unclosed.add(">")
            return None
        html.append(HtmlSpan(pos, end + 1, text[pos : end + 1], None))
        return end + 1
    for pattern in (_OPEN_TAG, _CLOSE_TAG):
        found = pattern.match(text, pos)
        if found:
            html.append(HtmlSpan(pos, found.end(), found.group(0), found.group(1).lower()))
            return found.end()
    return None


class _LinkSyntax:
    """Where inline link destinations and titles end, for every '](' of one text, in linear total time.

    Scanning each ``(destination "title")`` afresh would run to the end of the text for every '[a](' of
    '[a]([a]([a](...' (quadratic). The scans depend only on these facts, gathered once: which
    characters a backslash escapes, where white space and control characters are, the balance of
    parentheses, and where each title closer and '>' is.
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        escaped = {
            found.end() for found in _BACKSLASHES.finditer(text) if len(found.group()) % 2 and found.end() < len(text)
        }
        self._stops = [i for i in (f.start() for f in _CONTROL_OR_SPACE.finditer(text)) if i not in escaped]
        self._blank_runs = [found.span() for found in _BLANK_RUN.finditer(text)]
        self._blank_starts = [start for start, _ in self._blank_runs]
        self._parens = [i for i in (f.start() for f in _PARENS.finditer(text)) if i not in escaped]
        balance = [0]
        for index in self._parens:
            balance.append(balance[-1] + (1 if text[index] == "(" else -1))
        # For each prefix of the parentheses, the first later prefix whose balance is lower: where a
        # destination starting there meets its unbalanced ')'.
        self._drop = [len(balance)] * len(balance)
        stack: list[int] = []
        for index in range(len(balance) - 1, -1, -1):
            while stack and balance[stack[-1]] >= balance[index]:
                stack.pop()
            if stack:
                self._drop[index] = stack[-1]
            stack.append(index)
        self._closers = {
            char: [found.start() for found in re.finditer(re.escape(char), text) if found.start() not in escaped]
            for char in "\"')"
        }
        self._greater = [found.start() for found in re.finditer(">", text)]
        self._newlines = [found.start() for found in re.finditer("\n", text)]

    def skip_blanks(self, i: int) -> int:
        index = bisect_right(self._blank_starts, i) - 1
        if index >= 0 and i < self._blank_runs[index][1]:
            return self._blank_runs[index][1]
        return i

    def destination_end(self, i: int) -> int:
        """Where a bare destination starting at ``i`` ends: white space, a control character or an unbalanced ')'."""
        stop = bisect_left(self._stops, i)
        end = self._stops[stop] if stop < len(self._stops) else self.length
        first = bisect_left(self._parens, i)
        drop = self._drop[first]
        if drop < len(self._drop):
            end = min(end, self._parens[drop - 1])
        return end

    def next_closer(self, char: str, i: int) -> int | None:
        positions = self._closers[char]
        index = bisect_left(positions, i)
        return positions[index] if index < len(positions) else None

    def angle_end(self, i: int) -> int | None:
        """The '>' that closes a ``<destination>`` opened at ``i``, if it is on the same line."""
        index = bisect_left(self._greater, i)
        if index == len(self._greater):
            return None
        close = self._greater[index]
        newline = bisect_left(self._newlines, i)
        if newline < len(self._newlines) and self._newlines[newline] < close:
            return None
        return close


def _link_destination_end(text: str, pos: int, blocked: Sequence[bool], syntax: _LinkSyntax) -> int | None:
    """``text[pos]`` is '(' right after ']': the end of an inline link's ``(destination "title")``."""
    length = len(text)
    i = syntax.skip_blanks(pos + 1)
    if i < length and text[i] == "<":
        close = syntax.angle_end(i)
        if close is None:
            return None
        i = close + 1
    else:
        i = syntax.destination_end(i)
    i = syntax.skip_blanks(i)
    if i < length and text[i] in "\"'(":
        close = syntax.next_closer(")" if text[i] == "(" else text[i], i + 1)
        if close is None:
            return None
        i = syntax.skip_blanks(close + 1)
    if i < length and text[i] == ")" and not blocked[i]:
        return i + 1
    return None


_NO_LINKS = _LinkSyntax("")


def _classify(inner: str, labels: frozenset[str]) -> BracketKind:
    if not inner:  # '[]', or longer than any label
        return "literal"
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
    syntax = _LinkSyntax(text) if "](" in text else _NO_LINKS
    brackets: dict[int, Bracket] = {}
    destinations: list[tuple[int, int]] = []
    consumed: set[int] = set()
    length = len(text)
    for start, end in pairs:
        if start in consumed:
            continue
        kind: BracketKind
        # Longer than any link label: never a reference, a footnote or a task, and not copied (the pairs of
        # deeply nested brackets would copy the text once per level).
        inner = text[start + 1 : end - 1] if end - start <= _LONGEST_LABEL + 2 else ""
        is_image = start > 0 and text[start - 1] == "!" and not _is_escaped(text, start - 1)
        nxt = text[end] if end < length else ""
        if (start > 0 and text[start - 1] == "[" and nxt == "]"
                and not blocked[start - 1] and not blocked[end]):
            # [[wiki link]]: the inner pair and the outer pair are one piece of syntax.
            brackets[start - 1] = Bracket(start - 1, end + 1, "wiki")
            consumed.add(start - 1)
            kind = "wiki"
        elif nxt == "(" and (dest_end := _link_destination_end(text, end, blocked, syntax)) is not None:
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
            elif kind == "task" and nxt == "%":
                kind = "literal"  # "[X]% of the tests": a number to fill in, not a checkbox
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
