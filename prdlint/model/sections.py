"""The section tree: each heading with the content and subsections under it."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator

from prdlint.model.nodes import Block, Heading


class Section:
    """A heading and everything up to the next heading of the same or a higher level.

    The root section (level 0, no heading) holds what comes before the first heading.
    A section holds its parent weakly, so that the tree has no reference cycle and
    reference counting frees a document as soon as it is no longer used.
    """

    __slots__ = ("__weakref__", "_parent", "blocks", "end_line", "heading", "level", "start_line", "subsections")

    def __init__(
        self,
        heading: Heading | None,
        level: int,
        start_line: int,
        end_line: int,
        blocks: list[Block] | None = None,
        subsections: list[Section] | None = None,
        parent: Section | None = None,
    ) -> None:
        self.heading = heading
        self.level = level
        self.start_line = start_line
        self.end_line = end_line
        self.blocks: list[Block] = [] if blocks is None else blocks
        self.subsections: list[Section] = [] if subsections is None else subsections
        self._parent = weakref.ref(parent) if parent is not None else None

    def __repr__(self) -> str:
        return f"Section({self.title!r}, level={self.level}, lines {self.start_line}-{self.end_line})"

    @property
    def parent(self) -> Section | None:
        return self._parent() if self._parent is not None else None

    @property
    def title(self) -> str:
        return self.heading.title if self.heading else ""

    def walk(self) -> Iterator[Section]:
        """This section and all sections below it, in document order."""
        yield self
        for sub in self.subsections:
            yield from sub.walk()

    def all_blocks(self) -> Iterator[Block]:
        """The blocks of this section and of its subsections (headings included), in order."""
        yield from self.blocks
        for sub in self.subsections:
            if sub.heading is not None:
                yield sub.heading
            yield from sub.all_blocks()

    def ancestors(self) -> Iterator[Section]:
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent


# An outline number at the start of a title: "9.", "9.1", "2.3.4 Title".
_OUTLINE = re.compile(r"^\W*(\d{1,3}(?:\.\d{1,3}){0,5})\.?(?=\s)")


def _outline_number(heading: Heading) -> str | None:
    found = _OUTLINE.match(heading.title)
    return found.group(1) if found else None


def _is_outline_parent(section: Section, number: str | None) -> bool:
    """'## 9. Requirements' for '## 9.1 Performance': subsections written at their parent's level
    (documents converted from word processors), which the outline numbers nest all the same."""
    if number is None or section.heading is None or "." not in number:
        return False
    own = _outline_number(section.heading)
    return own is not None and number.rsplit(".", 1)[0] == own


def build_sections(blocks: list[Block], last_line: int) -> Section:
    root = Section(heading=None, level=0, start_line=1, end_line=last_line)
    stack = [root]
    for block in blocks:
        if isinstance(block, Heading):
            number = _outline_number(block) if block.title[:8].lstrip(" #*_")[:1].isdigit() else None
            while stack[-1].level > block.level or (
                stack[-1].level == block.level and not _is_outline_parent(stack[-1], number)
            ):
                closed = stack.pop()
                closed.end_line = block.start_line - 1
            parent = stack[-1]
            section = Section(block, block.level, block.start_line, last_line, parent=parent)
            block.section = section
            parent.subsections.append(section)
            stack.append(section)
        else:
            stack[-1].blocks.append(block)
    return root
