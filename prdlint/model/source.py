"""The raw text of a document and the one coordinate system every finding uses.

Positions are 1-based lines and 1-based columns counted in characters (Unicode
code points) of the original line. A UTF-8 byte order mark is not part of line 1,
and CR LF, CR and LF all end a line; neither changes any column of visible text.
"""

from __future__ import annotations

from dataclasses import dataclass

BOM = "\ufeff"


@dataclass(frozen=True)
class Source:
    """A document's text with its line endings normalised to LF."""

    text: str
    lines: tuple[str, ...]
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
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return cls(text=text, lines=tuple(lines), had_bom=had_bom, newline=newline)

    def line(self, number: int) -> str:
        """The text of a 1-based line, without its line ending ('' past the end)."""
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return ""

    @property
    def line_count(self) -> int:
        return len(self.lines)
