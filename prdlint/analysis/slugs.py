"""In-document link targets, the way GitHub renders them: the facts behind PRD504.

A heading's anchor is its rendered text (emphasis, code backticks, link syntax
and HTML tags removed) lower-cased, with every character that is not a letter,
a mark, a number, '_', '-' or a space dropped and each space turned into '-'.
A repeated slug gets '-1', '-2' ... in document order (github-slugger). Explicit
anchors count too: ``<a name="x">``, ``id="x"`` in HTML, and a ``{#x}`` heading
attribute.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from prdlint.model import Document, HtmlBlock, LinkDefinition, Prose

_HTML_ID = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"(#[^"]*)"|'(#[^']*)'|(#[^\s>]+))""", re.IGNORECASE)
_ATTRIBUTE_ID = re.compile(r"\{#([\w\-.:]+)")
_BACKTICK_RUN = re.compile(r"`+")
_NOT_SLUG_ASCII = re.compile(r"[^a-z0-9 _-]")


def github_slug_base(text: str) -> str:
    """The slug of a heading's rendered text, before de-duplication."""
    if text.isascii():  # letters, marks, numbers and connectors of ASCII: letters, digits and '_'
        return _NOT_SLUG_ASCII.sub("", text.lower()).replace(" ", "-")
    kept = []
    for char in text.lower():
        if char in " -_":
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


class Slugger:
    """github-slugger: the same text twice gets 'text' then 'text-1'."""

    def __init__(self) -> None:
        self.occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = github_slug_base(text)
        result = base
        while result in self.occurrences:
            self.occurrences[base] += 1
            result = f"{base}-{self.occurrences[base]}"
        self.occurrences[result] = 0
        return result


def rendered_text(prose: Prose) -> str:
    """What a reader sees of a heading: link text without its destination, code without backticks ..."""
    text = prose.text
    scan = prose.scan
    if not (scan.link_destinations or scan.html or scan.brackets or scan.code_spans or "\\" in text or "_" in text):
        return text.strip()  # nothing to drop: what the loop below would keep is every character
    drop = [False] * len(text)
    for start, end in scan.link_destinations:
        drop[start:end] = [True] * (end - start)
    for span in scan.html:
        drop[span.start : span.end] = [True] * (span.end - span.start)
    for bracket in scan.brackets:
        if bracket.kind in ("link", "image", "wiki"):
            drop[bracket.start] = True
            drop[bracket.end - 1] = True
            if bracket.kind == "image" and bracket.start > 0 and text[bracket.start - 1] == "!":
                drop[bracket.start - 1] = True
    code_chars: set[int] = set()
    for start, end in scan.code_spans:
        opening = _BACKTICK_RUN.match(text, start)
        run = opening.end() - start if opening else 0
        drop[start : start + run] = [True] * run
        drop[end - run : end] = [True] * run
        code_chars.update(range(start + run, end - run))
    out = []
    for index, char in enumerate(text):
        if drop[index]:
            continue
        if index in code_chars:
            out.append(char)
            continue
        if char == "\\" and index + 1 < len(text) and not text[index + 1].isalnum():
            continue
        if char == "_":
            before = text[index - 1] if index > 0 else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if not (before.isalnum() and after.isalnum()):
                continue  # an emphasis marker; '_' inside a word stays ('snake_case')
        out.append(char)  # '*' and '~' are punctuation: the slug drops them anyway
    return "".join(out).strip()


@dataclass
class Link:
    """An in-document link to an anchor."""

    anchor: str  # without '#', percent-decoded
    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass
class Anchors:
    """The anchors a document defines and the links that point at anchors."""

    targets: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)

    def resolves(self, anchor: str) -> bool:
        key = anchor.casefold()
        if key.startswith("user-content-"):
            key = key[len("user-content-") :]
        return key in self.targets or key in ("", "top")


def heading_attribute(text: str) -> tuple[int, str] | None:
    """A ``{#id ...}`` attribute that ends a heading: where it starts (with the blanks before it) and the id.

    What ``\\s*\\{#([\\w\\-.:]+)[^}]*\\}\\s*$`` finds, without a regex search that would retry the end of
    the text from every '{#' and every blank (quadratic).
    """
    stripped = text.rstrip()
    if not stripped.endswith("}"):
        return None
    close = len(stripped) - 1
    candidate = stripped.rfind("}", 0, close) + 1  # no '}' may come between the attribute's '{#' and its end
    while (candidate := stripped.find("{#", candidate, close)) >= 0:
        found = _ATTRIBUTE_ID.match(stripped, candidate)
        if found:
            return len(stripped[:candidate].rstrip()), found.group(1)
        candidate += 2
    return None


def find_anchors(document: Document) -> Anchors:
    anchors = Anchors()
    slugger = Slugger()
    for heading in document.headings():
        text = rendered_text(heading.text)
        attribute = heading_attribute(text)
        if attribute:
            start, identifier = attribute
            anchors.targets.add(identifier.casefold())
            text = text[:start]
        anchors.targets.add(slugger.slug(text).casefold())
    for _, prose in document.prose():
        for span in prose.scan.html:
            _html_targets(span.raw, anchors)
        _inline_links(prose, anchors)
    for block in document.walk():
        if isinstance(block, HtmlBlock):
            _html_targets(block.text.text, anchors)
            _html_links(block.text, anchors)
        elif isinstance(block, LinkDefinition):
            link = _definition_link(document, block)
            if link is not None:
                anchors.links.append(link)
    for _, prose in document.prose():
        for span in prose.scan.html:
            if span.tag == "a":
                _html_links(prose, anchors, only=(span.start, span.end))
    return anchors


_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*(?:\n[ \t]*)?(?:<([^>\n]*)>|(\S+))")


def _definition_link(document: Document, block: LinkDefinition) -> Link | None:
    """The '#anchor' destination of a link reference definition ``[label]: #anchor``, if it has one."""
    source = document.source
    text = "\n".join(source.line(n) for n in range(block.start_line, min(block.end_line, block.start_line + 1) + 1))
    found = _DEFINITION.match(text)
    if found is None:
        return None
    group = 1 if found.group(1) is not None else 2
    destination = found.group(group)
    if not destination.startswith("#"):
        return None
    offset = found.start(group)
    line = block.start_line + text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Link(unquote(destination[1:]), line, col, line, col + len(destination), destination)


def _html_targets(raw: str, anchors: Anchors) -> None:
    for found in _HTML_ID.finditer(raw):
        value = found.group(1) or found.group(2) or found.group(3) or ""
        if value:
            anchors.targets.add(value.casefold())


def _html_links(prose: Prose, anchors: Anchors, only: tuple[int, int] | None = None) -> None:
    text = prose.text
    start, end = only or (0, len(text))
    for found in _HREF.finditer(text, start, end):
        group = 1 if found.group(1) else 2 if found.group(2) else 3
        value = found.group(group)
        line, col = prose.position(found.start(group))
        end_line, end_col = prose.end_position(found.end(group))
        anchors.links.append(Link(unquote(value[1:]), line, col, end_line, end_col, value))


def _inline_links(prose: Prose, anchors: Anchors) -> None:
    text = prose.text
    for start, end in prose.scan.link_destinations:
        inner = text[start:end]
        if not inner.startswith("("):
            continue  # a reference link: its definition is checked instead
        body = inner[1:-1].strip()
        if body.startswith("<"):
            destination = body[1 : body.find(">")] if ">" in body else body[1:]
        else:
            destination = body.split()[0] if body.split() else ""
        if not destination.startswith("#"):
            continue
        offset = start + inner.index(destination)
        line, col = prose.position(offset)
        end_line, end_col = prose.end_position(offset + len(destination))
        anchors.links.append(Link(unquote(destination[1:]), line, col, end_line, end_col, destination))
