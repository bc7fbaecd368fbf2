"""Small readings of inline text that several rule families share: labels, plain text, sentences.

A *label* is how Markdown documents name a field in prose: ``**Risk:** Data
loss``, ``**Acceptance Criteria**:``, ``Owner: Dana``. Offsets always index the
:class:`~prdlint.model.Prose` text, so a rule can turn them into exact positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from prdlint.model import Block, BlockQuote, Document, ListBlock, ListItem, Paragraph, Prose

# Matched at the start of a text only (\A); the label starts after all the leading blanks, so that a long
# run of them is not retried label by label. A label ends with a colon, or the fullwidth colon of Chinese,
# Japanese and Korean (U+FF1A).
_LABEL_FORMS = (
    re.compile(r"\A[ \t]*(\*\*|__)(?P<label>[^\n*_:\uff1a]{1,80}?)[ \t]*[:\uff1a][ \t]*\1[ \t]*"),  # **Label:** value
    re.compile(r"\A[ \t]*(\*\*|__)(?P<label>[^\n*_:\uff1a]{1,80}?)\1[ \t]*[:\uff1a][ \t]*"),  # **Label**: value
    re.compile(r"\A[ \t]*([*_])(?P<label>[^\n*_:\uff1a]{1,80}?)[ \t]*[:\uff1a][ \t]*\1[ \t]*"),  # *Label:* value
    re.compile(r"\A[ \t]*([*_])(?P<label>[^\n*_:\uff1a]{1,80}?)\1[ \t]*[:\uff1a][ \t]*"),  # *Label*: value
    re.compile(  # Label: value (a fullwidth colon needs no space after it)
        r"\A[ \t]*(?![ \t])(?P<label>[^\n*_:\uff1a`\[\]()<>]{1,60}?)[ \t]*(?::(?:[ \t]+|(?=\n)|$)|\uff1a[ \t]*)"
    ),
)
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|~~")
_EMPTY_VALUES = frozenset(
    {"", "-", "--", "\u2014", "\u2013", "n/a", "na", "none", "nil", "null", ".", "…", "...", "n.a."}
)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9*_\[(])|\n\s*\n|;\s+")


@dataclass(frozen=True)
class Label:
    """``label`` at the start of a prose text, and the value that follows it on the same text."""

    label: str
    start: int  # offset of the label's first character
    value_start: int  # offset where the value starts
    value: str

    @property
    def empty(self) -> bool:
        return is_empty_value(self.value)


def plain(text: str) -> str:
    """Text without emphasis markers, for matching words (not for positions)."""
    if "*" not in text and "_" not in text and "~" not in text:
        return text  # most texts: nothing for the pattern to remove
    return _EMPHASIS.sub("", text)


def short(text: str, limit: int = 60, *, markup: bool = False) -> str:
    """Text on one line, cut to ``limit`` characters for a message; Markdown markup is
    removed unless ``markup`` (a user pattern's match is quoted as written)."""
    text = " ".join((text if markup else plain(text)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_empty_value(text: str) -> bool:
    """True for a value that says nothing: '', '-', 'N/A', 'none'."""
    return plain(text).strip().strip(":").strip().casefold() in _EMPTY_VALUES


def label_of(prose: Prose) -> Label | None:
    """The label a prose text starts with, if it starts with one."""
    derived = prose.derived
    if derived is None:
        derived = prose.derived = {}
    if "label" not in derived:  # asked by several rules of the same prose: read once
        derived["label"] = _label_of(prose)
    label: Label | None = derived["label"]
    return label


def _label_of(prose: Prose) -> Label | None:
    text = prose.text
    for form in _LABEL_FORMS:
        found = form.match(text)
        if found:
            label = found.group("label").strip()
            if not label or label.startswith(("http", "www")):
                continue
            value = text[found.end() :]
            return Label(label, found.start("label"), found.end(), value)
    return None


def labels_in(prose: Prose) -> Iterator[Label]:
    """Labels at the start of the text and at the start of each of its later lines."""
    text = prose.text
    offset = 0
    for line in text.split("\n"):
        for form in _LABEL_FORMS:
            found = form.match(line)
            if (
                found
                and found.group("label").strip()
                and not found.group("label").strip().startswith(("http", "www"))
            ):
                label = found.group("label").strip()
                yield Label(
                    label, offset + found.start("label"), offset + found.end(), text[offset + found.end() :]
                )
                break
        offset += len(line) + 1


def containers(document: Document, items: bool = False) -> Iterator[Sequence[Block]]:
    """Every run of sibling blocks: a section's blocks, a list item's and a quote's blocks (and, with
    ``items``, a list's items)."""
    for section in document.root.walk():
        yield section.blocks
    for block in document.walk():
        if isinstance(block, (ListItem, BlockQuote)):
            yield block.blocks
        elif items and isinstance(block, ListBlock):
            yield block.items


def own_text(block: Block) -> Prose | None:
    """The inline text a paragraph or a list item starts with."""
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, ListItem):
        return block.first_text
    return None


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of the sentences (and ';'-separated clauses) of a text."""
    start = 0
    for found in SENTENCE_END.finditer(text):
        if found.start() > start:
            yield start, found.start()
        start = found.end()
    if start < len(text):
        yield start, len(text)
