"""Which sections play which part in a document: user stories, risks, metrics, testing ...

A section has a role when its heading's title contains one of the role's names
from the languages (rules/languages/<code>.yaml, ``sections:``). A block is
*within* a role when its section or one of that section's ancestors has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from prdlint.kinds import Expectations, Phrases
from prdlint.model import Block, Document, Heading, HtmlBlock, LinkDefinition, Section, ThematicBreak

_WORD_CHAR = re.compile(r"\w")
_NOT_PATH_CHAR = re.compile(r"[^\w./-]")
_CODE_NAME = re.compile(r"_\w|\.[a-z]{1,5}\b")


def is_code_title(title: str) -> bool:
    """A heading that is a file or a name in code ('test_celestial_body.py', '`tests/`'): what
    ``^\\W*(?:`[^`]*`|[\\w./-]*(?:_\\w|\\.[a-z]{1,5}\\b)[\\w./-]*)\\W*$`` matches, in linear time (the regex
    backtracked cubically through a run of dots or dashes)."""
    if title.endswith("\n"):
        title = title[:-1]
    if "\n" in title:
        return False
    first = _WORD_CHAR.search(title)
    if first is None:  # no word character: only a code span of punctuation can match
        return title.count("`") >= 2
    start = first.start()
    end = len(title)
    while not (title[end - 1].isalnum() or title[end - 1] == "_"):
        end -= 1
    # A code span holding every word character, with no backtick inside:
    if "`" in title[:start] and "`" in title[end:] and "`" not in title[start:end]:
        return True
    # A path or name: the word characters and what joins them are path characters, extended over the
    # dots, slashes and dashes around them, and somewhere in it '_x' or '.ext'.
    if _NOT_PATH_CHAR.search(title, start, end):
        return False
    while start > 0 and title[start - 1] in "./-":
        start -= 1
    while end < len(title) and title[end] in "./-":
        end += 1
    return _CODE_NAME.search(title, start, end) is not None


class SectionRoles:
    def __init__(self, document: Document, expectations: Expectations) -> None:
        self.document = document
        self.expectations = expectations
        self._cache: dict[tuple[int, str], bool] = {}
        self._within: dict[tuple[int, str], Section | None] = {}  # rules ask the same again and again
        self._owner: dict[int, Section] = {}
        self.title_sections = _title_sections(document, expectations)
        for section in document.root.walk():
            if section.heading is not None:
                self._owner[id(section.heading)] = section
            for block in section.blocks:
                for nested in block.walk():
                    self._owner[id(nested)] = section

    def section_of(self, block: Block) -> Section:
        """The innermost section a block belongs to (a heading belongs to the section it opens)."""
        return self._owner.get(id(block), self.document.root)

    def has(self, section: Section, role: str) -> bool:
        """True when the section's own title names the role."""
        key = (id(section), role)
        known = self._cache.get(key)
        if known is None:
            known = self._cache[key] = self._has(section, role)
        return known

    def _has(self, section: Section, role: str) -> bool:
        if section.heading is None or id(section) in self.title_sections:
            return False  # "Product Requirements Document" names the document, not a requirements section
        if is_code_title(section.title):
            return False  # "test_celestial_body.py", "`tests/`": a file or a name in code, not a topic
        return self.expectations.section_names(role).in_title(section.title)

    def matches(self, section: Section, names: Phrases) -> bool:
        return (
            section.heading is not None
            and id(section) not in self.title_sections
            and names.in_title(section.title)
        )

    def within(self, section: Section, role: str) -> Section | None:
        """The section itself or its nearest ancestor that has the role."""
        key = (id(section), role)
        if key in self._within:
            return self._within[key]
        current: Section | None = section
        while current is not None and not self.has(current, role):
            current = current.parent
        self._within[key] = current
        return current

    def block_within(self, block: Block, role: str) -> Section | None:
        return self.within(self.section_of(block), role)

    def sections(self, role: str) -> Iterator[Section]:
        for section in self.document.root.walk():
            if self.has(section, role):
                yield section

    def heading_of(self, role: str) -> Heading | None:
        """The first heading of a section with the role."""
        return next((s.heading for s in self.sections(role) if s.heading is not None), None)


def _title_sections(document: Document, expectations: Expectations) -> frozenset[int]:
    """Sections whose heading names the document rather than a part of it.

    The first heading when it is a level-1 heading, and any heading that names a kind of
    document ("Product Requirements Document (PRD)", "Tailored Strategy"):
    "Requirements" there is the document's kind, not a requirements section.
    """
    names = _kind_titles(expectations)
    found: set[int] = set()
    first = next((s for s in document.root.subsections if s.heading is not None), None)
    if first is not None and first.level == 1:
        found.add(id(first))
    for section in document.root.walk():
        if section.heading is not None and section.level <= 2 and names.in_title(section.title):
            found.add(id(section))
    return frozenset(found)


def _kind_titles(expectations: Expectations) -> Phrases:
    """Phrases that name a whole document: a kind's title phrases, in every language."""
    return Phrases(
        name
        for kind, names in expectations.lexicon.kinds.items()
        if kind in ("prd", "strategy")
        for name in names
    )


def is_filler(block: Block) -> bool:
    """A block a reader does not see as content: a thematic break, an HTML comment, a link definition."""
    if isinstance(block, (ThematicBreak, LinkDefinition)):
        return True
    if isinstance(block, HtmlBlock):
        return not re.sub(r"<!--.*?(?:-->|$)", "", block.text.text, flags=re.DOTALL).strip()
    return False


def is_empty_section(section: Section) -> bool:
    """No content before the next heading of the same or a higher level, and no subsection."""
    return not section.subsections and all(is_filler(block) for block in section.blocks)
