"""Templates and examples a document hands to its readers on purpose.

A QA strategy that says "**User Story template:**" and then shows "As a [ROLE], I want to
[ACTION] ..." is not a document with leftovers: it gives the team a template. What follows a
label of the languages' ``example-labels`` ("Template:", "Example:", "Beispiel:", "Plantilla:"
...) is an *exhibit*: the text after the label on its own line, or, when the label stands alone,
the block right after it (a list, a quote, a code block, a table, a paragraph). Placeholders in
an exhibit are not reported, and a story sentence there is not a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prdlint.analysis.text import containers, label_of, plain
from prdlint.kinds import Phrases
from prdlint.model import Block, Document, Heading, ListItem, Paragraph, Prose, Table, ThematicBreak

_NOT_AN_EXHIBIT = frozenset({"how", "using", "use", "about", "when", "why", "which", "choosing", "filling"})
_PARENTHESIS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


@dataclass
class Exhibits:
    blocks: set[int] = field(default_factory=set)  # ids of blocks shown as examples, nested ones included
    inline: dict[int, int] = field(default_factory=dict)  # id(prose) -> offset where the example starts
    # The "**Guidance:**" labels that open a template's guidance to its author: left in a document, each
    # is template text (PRD102), though what it says is not scanned for placeholders.
    guidance: list[tuple[Prose, int]] = field(default_factory=list)  # (prose, end of the label)

    def covers(self, block: Block) -> bool:
        return id(block) in self.blocks

    def covers_text(self, prose: Prose, offset: int = 0) -> bool:
        """Whether the text from ``offset`` on is shown as an example (after 'Template:' on its line)."""
        start = self.inline.get(id(prose))
        return start is not None and offset >= start

    def __bool__(self) -> bool:
        return bool(self.blocks or self.inline)


def find_exhibits(document: Document, labels: Phrases, guidance: Phrases | None = None) -> Exhibits:
    found = Exhibits()
    guidance = guidance or Phrases(())
    if not labels:
        return found
    first = next(document.headings(), None)
    for section in document.root.walk():
        heading = section.heading
        if heading is None or heading is first or heading.level < 2:
            continue
        words = plain(_PARENTHESIS.sub("", heading.title)).split()
        if not words or len(words) > 4 or words[0].casefold() in _NOT_AN_EXHIBIT:
            continue  # "How to Use This Template" explains a template, it does not show one
        if labels.is_header(words[-1]) or labels.is_header(" ".join(words[-2:])):
            # "### Error Message Template", "## Example": what the section shows is an example.
            for block in section.all_blocks():
                if not isinstance(block, Heading):
                    found.blocks.update(id(inner) for inner in block.walk())
    for blocks in containers(document, items=True):
        for index, block in enumerate(blocks):
            prose = block.text if isinstance(block, Paragraph) else None
            if isinstance(block, ListItem):
                prose = block.first_text
            if prose is None:
                continue
            opened = _exhibit_start(prose, guidance) if guidance else None
            if opened is not None:
                if _whole_label(prose, guidance):
                # "**Guidance:** ...": the template's guidance to its author, to the end of its section,
                # to a thematic break ("***" parts it from the text the author wrote) or to a table (the
                # form the guidance explains, whose cells the author fills in).
                    found.guidance.append((prose, opened))
                for rest in blocks[index:]:
                    if isinstance(rest, (Heading, ThematicBreak)) or (rest is not block and isinstance(rest, Table)):
                        break
                    found.blocks.update(id(inner) for inner in rest.walk())
                continue
            start = _exhibit_start(prose, labels)
            if start is None:
                continue
            if start < len(prose.text.rstrip()):
                found.inline[id(prose)] = start
            elif isinstance(block, ListItem) and len(block.blocks) > 1:
                for nested in block.blocks[1:]:
                    found.blocks.update(id(inner) for inner in nested.walk())
            elif index + 1 < len(blocks) and not isinstance(blocks[index + 1], Heading):
                found.blocks.update(id(inner) for inner in blocks[index + 1].walk())
    return found


def _exhibit_start(prose: Prose, labels: Phrases) -> int | None:
    """Where the example starts when the text begins with an example label ('Template:', '**Example**')."""
    label = label_of(prose)
    if label is not None:
        name = plain(label.label).strip()
        return label.value_start if _is_example_label(name, labels) else None
    text = prose.text.strip()
    if "\n" not in text and text.startswith(("*", "_")) and len(text) <= 80:
        name = plain(text).strip().rstrip(":").strip()
        return len(prose.text) if _is_example_label(name, labels) else None
    return None


def _whole_label(prose: Prose, labels: Phrases) -> bool:
    """The text opens with a label that is one of the labels as a whole ("**Guidance Notes:**")."""
    label = label_of(prose)
    name = plain(label.label) if label is not None else plain(prose.text).rstrip(":")
    return labels.is_header(name.strip())


def _is_example_label(name: str, labels: Phrases) -> bool:
    """The label names an example: it is one, or ends with one ('User Story template')."""
    words = name.split()
    return bool(words) and len(words) <= 6 and (labels.is_header(name) or labels.is_header(" ".join(words[-2:]))
                                                  or labels.is_header(words[-1]))
