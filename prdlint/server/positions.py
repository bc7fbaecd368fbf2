"""prdlint's columns (1-based, in code points) as LSP positions (0-based, in the client's code units).

LSP counts characters in UTF-16 code units unless client and server agree on UTF-8 or UTF-32, so
an emoji is two units in UTF-16 and four in UTF-8, a CJK character one and three, and a
combining mark (a code point of its own) one and two. Lines are split the way both prdlint
(:mod:`prdlint.model.source`) and LSP split them: at CR LF, CR and LF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prdlint.model.source import BOM

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` without their endings, as an LSP client numbers them."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def code_units(text: str, encoding: str) -> int:
    """How many code units ``text`` takes in ``encoding``."""
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    if encoding == UTF32:
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # an astral character is a surrogate pair


def code_points(line: str, units: int, encoding: str) -> int:
    """The code-point offset in ``line`` of the code-unit offset ``units`` (clamped to the line)."""
    if encoding == UTF32:
        return min(max(units, 0), len(line))
    seen = 0
    for index, char in enumerate(line):
        if seen >= units:
            return index
        seen += code_units(char, encoding)
    return len(line)


@dataclass(frozen=True)
class LinePosition:
    """A 0-based line and a 0-based character offset in the client's code units."""

    line: int
    character: int


class PositionMap:
    """Converts prdlint's (line, column) pairs for one text into the client's units.

    A byte order mark kept in the client's text is not part of prdlint's line 1 (see Source), so
    it is counted here; a column past the end of its line means the end of the line.
    """

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.lines: Sequence[str] = split_lines(text)
        self.encoding = encoding
        self._bom = 1 if text.startswith(BOM) else 0

    def _line_text(self, line_index: int) -> str:
        if 0 <= line_index < len(self.lines):
            text = self.lines[line_index]
            return text[self._bom :] if line_index == 0 else text
        return ""

    def _offset(self, line_index: int) -> int:
        return code_units(BOM, self.encoding) if line_index == 0 and self._bom else 0

    def position(self, line: int, col: int) -> LinePosition:
        """The LSP position of prdlint's 1-based ``line`` and 1-based code-point ``col``."""
        index = max(line - 1, 0)
        text = self._line_text(index)
        before = text[: max(col - 1, 0)]
        return LinePosition(index, self._offset(index) + code_units(before, self.encoding))

    def line_end(self, line: int) -> LinePosition:
        """The LSP position just past the last character of prdlint's 1-based ``line``."""
        index = max(line - 1, 0)
        return LinePosition(index, self._offset(index) + code_units(self._line_text(index), self.encoding))

    def column(self, position: LinePosition) -> int:
        """prdlint's 1-based code-point column of an LSP position (the inverse of :meth:`position`)."""
        text = self._line_text(position.line)
        units = max(position.character - self._offset(position.line), 0)
        return code_points(text, units, self.encoding) + 1
