"""The raw text of a document and the one coordinate system every finding uses.

Positions are 1-based lines and 1-based columns counted in characters (Unicode
code points) of the original line. A UTF-8 byte order mark is not part of line 1,
and CR LF, CR and LF all end a line; neither changes any column of visible text.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

BOM = "\ufeff"
_NEWLINE = re.compile("\n")
_END = re.Match.end


@dataclass(frozen=True, slots=True)
class Source:
    """A document's text with its line endings normalised to LF.

    Lines are kept as the offsets where they start (a big document has hundreds of
    thousands of lines, and a string object each would double its memory); ``line()``
    cuts one out of the text.
    """

    text: str
    starts: array[int]  # where each line starts in ``text``; one more entry: the end of the last line + 1
    had_bom: bool
    newline: str

    @classmethod
    def from_text(cls, raw: str) -> Source:
        had_bom = raw.startswith(BOM)
        if had_bom:
            raw = raw[1:]
        if "\r\n" in raw:
            newline = "\r\n"
        elif "\r" in raw:
            newline = "\r"
        else:
            newline = "\n"
        text = raw.replace("\r\n", "\n").replace("\r", "\n") if newline != "\n" else raw
        starts = array("q", [0])
        starts.extend(map(_END, _NEWLINE.finditer(text)))
        if text and not text.endswith("\n"):
            starts.append(len(text) + 1)  # as if the last line ended with a line break
        return cls(text=text, starts=starts, had_bom=had_bom, newline=newline)

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line ending ('' past the end)."""
        if 1 <= number < len(self.starts):
            return self.text[self.starts[number - 1] : self.starts[number] - 1]
        return ""

    def line_range(self, first: int, last: int) -> list[str]:
        """The text of lines ``first``..``last`` (1-based, inclusive), each as ``line()`` gives it."""
        if first < 1 or last >= len(self.starts) or first > last:
            return [self.line(number) for number in range(first, last + 1)]
        return self.text[self.starts[first - 1] : self.starts[last] - 1].split("\n")

    @property
    def line_count(self) -> int:
        return len(self.starts) - 1

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line (made on each call: prefer ``line()`` for a few)."""
        return tuple(self.line(number) for number in range(1, len(self.starts)))

    def offset(self, number: int) -> int:
        """Where a 1-based line starts in ``text`` (``len(text)`` past the end)."""
        if 1 <= number < len(self.starts):
            return self.starts[number - 1]
        return len(self.text)
