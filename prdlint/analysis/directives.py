"""Inline configuration comments: ``<!-- prdlint-disable PRD101 -->`` and friends."""

from __future__ import annotations

import re
from dataclasses import dataclass

from prdlint.model import Document

VERBS = ("disable", "enable", "disable-next-line", "disable-line", "disable-file")
_DIRECTIVE = re.compile(r"\A(\s*)prdlint-([A-Za-z][A-Za-z-]*)?", re.IGNORECASE)  # PRDLINT-DISABLE too
_SELECTOR = re.compile(r"[^\s,]+")


@dataclass(frozen=True)
class Selector:
    """A rule selector written in a directive, at its position."""

    text: str
    line: int
    col: int


@dataclass(frozen=True)
class Directive:
    """One ``prdlint-...`` comment: its verb, selectors and position."""

    verb: str  # as written; not necessarily one of VERBS
    selectors: tuple[Selector, ...]
    line: int
    col: int
    end_line: int
    verb_col: int
    reason: str = ""
    end_col: int = 0  # the column just after the comment's closing '-->'
    written: str = ""  # 'prdlint-...' as written (directives ignore case)

    @property
    def known(self) -> bool:
        return self.verb in VERBS

    @property
    def text(self) -> str:
        """The directive as written, without its reason: 'prdlint-disable PRD101 PRD102'."""
        return " ".join([f"prdlint-{self.verb}", *(selector.text for selector in self.selectors)])

    def contains(self, line: int, col: int) -> bool:
        """Whether the source position is inside this comment."""
        return (self.line, self.col) <= (line, col) and (line, col) < (self.end_line, self.end_col or 10**9)


def find_directives(document: Document) -> list[Directive]:
    """Every ``prdlint-...`` comment, in source order; code blocks and code spans never hold one."""
    directives: list[Directive] = []
    if "prdlint-" not in document.source.text.lower():
        return directives
    for comment in document.html_comments():
        body = comment.body
        found = _DIRECTIVE.match(body)
        if not found:
            continue
        verb = (found.group(2) or "").lower()
        rest_start = found.end()
        rest = body[rest_start:]
        reason = ""
        if " -- " in f" {rest} ":
            cut = f" {rest} ".index(" -- ")
            reason = rest[cut + 3 :].strip()
            rest = rest[:cut]
        selectors = []
        for item in _SELECTOR.finditer(rest):
            line, col = comment.position(4 + rest_start + item.start())
            selectors.append(Selector(item.group(), line, col))
        _, verb_col = comment.position(4 + len(found.group(1)))
        written = body[len(found.group(1)) : found.end()]
        directives.append(
            Directive(
                verb, tuple(selectors), comment.line, comment.col, comment.end_line, verb_col, reason,
                comment.end_col, written,
            )
        )
    return directives
