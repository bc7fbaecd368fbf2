"""The text edits behind the code actions: suppression comments, and a closer anchor for PRD504.

Everything is in prdlint's coordinates (1-based lines, 1-based code-point columns, end exclusive);
the server turns them into LSP ranges. A suppression comment goes where Markdown keeps the
document's structure: ``<!-- prdlint-disable-next-line CODE -->`` on a line of its own above a block
that starts on the finding's line (indented to stay in its list item or quote), at the end of the
line as ``<!-- prdlint-disable-line CODE -->`` inside a paragraph or a table row (a line of its own
would split them), around a code block (a comment inside one is code), and never in front matter.
An existing directive for the line or the file gets the code added instead of a second comment.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from urllib.parse import unquote

from prdlint.analysis.directives import Directive, find_directives
from prdlint.analysis.slugs import find_anchors
from prdlint.model import Document
from prdlint.model.nodes import Block, CodeBlock, FrontMatter, ListBlock, ListItem, Table

_CONTAINER_PREFIX = re.compile(r"[ \t>]*")
_LIST_ITEM_START = re.compile(r"\A[ \t>]*(?:[-+*]|\d{1,9}[.)])[ \t]+")  # matched at a line's start


@dataclass(frozen=True)
class TextEdit:
    """Replace the text from (line, col) to (end_line, end_col) with ``new_text``; equal ends insert."""

    line: int
    col: int
    end_line: int
    end_col: int
    new_text: str


@dataclass(frozen=True)
class Fix:
    title: str
    edits: tuple[TextEdit, ...]
    preferred: bool = False


def _insert(line: int, col: int, text: str) -> TextEdit:
    return TextEdit(line, col, line, col, text)


def _line_above(document: Document, line: int, comment: str, prefix: str) -> TextEdit:
    """``comment`` on a line of its own before ``line``."""
    if line > document.source.line_count:  # past the last line: after it
        last = document.source.line_count
        return _insert(last, len(document.source.line(last)) + 1, f"\n{prefix}{comment}")
    return _insert(line, 1, f"{prefix}{comment}\n")


def _add_to_directive(directive: Directive, code: str) -> TextEdit:
    last = directive.selectors[-1]
    return _insert(last.line, last.col + len(last.text), f" {code}")


def _chain(document: Document, line: int) -> list[Block]:
    """The blocks that contain ``line``, outermost first."""
    chain: list[Block] = []
    level: list[Block] = list(document.blocks)
    while True:
        inside = [block for block in level if block.start_line <= line <= block.end_line]
        if not inside:
            return chain
        block = inside[-1]
        chain.append(block)
        level = list(block.children())


def _container_prefix(text: str) -> str:
    """The quote markers and indentation a line starts with."""
    found = _CONTAINER_PREFIX.match(text)
    return found.group() if found else ""


def _list_content_prefix(document: Document, item: ListItem) -> str:
    """What keeps a line inside ``item``: its quote markers, then spaces up to the item's text."""
    found = _LIST_ITEM_START.match(document.source.line(item.start_line))
    if found is None:
        return _container_prefix(document.source.line(item.start_line))
    return "".join(char if char in ">\t" else " " for char in found.group())


def _end_of_line(document: Document, line: int, comment: str) -> TextEdit:
    text = document.source.line(line)
    end = len(text.rstrip())
    if text[:end].endswith("\\"):  # a hard line break stays last
        end -= 1
    return _insert(line, end + 1, f" {comment}" if end and text[end - 1] not in " \t" else f"{comment} ")


def _in_table_row(table: Table, line: int, col: int, comment: str) -> TextEdit | None:
    row = next((row for row in (table.header, *table.rows) if row.line == line), None)
    if row is None or not row.cells:
        return None
    cell = next((cell for cell in row.cells if cell.col <= col < max(cell.end_col, cell.col + 1)), row.cells[-1])
    return _insert(line, cell.end_col, f" {comment}")


def disable_on_line(document: Document, line: int, col: int, code: str) -> Fix | None:
    """Silence ``code`` for the finding at (line, col), or None where no comment can (front matter)."""
    title = f"Disable {code} on this line"
    directives = [d for d in find_directives(document) if d.selectors]
    for directive in directives:
        covers = (directive.verb == "disable-line" and directive.line <= line <= directive.end_line) or (
            directive.verb == "disable-next-line" and directive.end_line + 1 == line
        )
        if covers:
            return Fix(title, (_add_to_directive(directive, code),))
    chain = _chain(document, line)
    if any(isinstance(block, FrontMatter) for block in chain) or (
        document.front_matter is not None and line <= document.front_matter.end_line
    ):
        return None
    code_block = next((block for block in chain if isinstance(block, CodeBlock)), None)
    if code_block is not None:
        indent = _container_prefix(document.source.line(code_block.start_line)) if len(chain) > 1 else ""
        return Fix(
            f"Disable {code} in this code block",
            (
                _line_above(document, code_block.start_line, f"<!-- prdlint-disable {code} -->", indent),
                _line_above(document, code_block.end_line + 1, f"<!-- prdlint-enable {code} -->", indent),
            ),
        )
    next_line = f"<!-- prdlint-disable-next-line {code} -->"
    same_line = f"<!-- prdlint-disable-line {code} -->"
    innermost = chain[-1] if chain else None
    if isinstance(innermost, Table) and line != innermost.start_line:
        edit = _in_table_row(innermost, line, col, same_line)
        return Fix(title, (edit or _end_of_line(document, line, same_line),))
    starting = [index for index, block in enumerate(chain) if block.start_line == line]
    if not starting:  # inside a paragraph or an HTML block: a line of its own would split it
        return Fix(title, (_end_of_line(document, line, same_line),))
    index = starting[0]
    outer = chain[index]
    parent = chain[index - 1] if index else None
    if isinstance(outer, ListItem) and isinstance(parent, ListBlock) and parent.items[0] is not outer:
        # Between two items: inside the previous item, so that the list stays one list.
        previous = parent.items[parent.items.index(outer) - 1]
        return Fix(title, (_line_above(document, line, next_line, _list_content_prefix(document, previous)),))
    prefix = "" if parent is None else _container_prefix(document.source.line(line))
    return Fix(title, (_line_above(document, line, next_line, prefix),))


def disable_in_file(document: Document, code: str) -> Fix:
    """Silence ``code`` in the whole document: a ``disable-file`` comment at the top, after front matter."""
    title = f"Disable {code} in this file"
    for directive in find_directives(document):
        if directive.verb == "disable-file" and directive.selectors:
            return Fix(title, (_add_to_directive(directive, code),))
    line = document.front_matter.end_line + 1 if document.front_matter is not None else 1
    return Fix(title, (_line_above(document, line, f"<!-- prdlint-disable-file {code} -->", ""),))


def closest_anchors(document: Document, line: int, col: int, end_col: int, limit: int = 3) -> list[Fix]:
    """For a broken in-document link (PRD504) at (line, col)-(line, end_col): the closest anchors."""
    written = document.source.line(line)[col - 1 : end_col - 1]
    if not written.startswith("#"):
        return []
    wanted = unquote(written[1:]).casefold()
    targets = sorted(find_anchors(document).targets - {""})
    fixes = []
    for rank, target in enumerate(difflib.get_close_matches(wanted, targets, n=limit, cutoff=0.6)):
        fixes.append(Fix(f"Change to #{target}", (TextEdit(line, col, line, end_col, f"#{target}"),), rank == 0))
    return fixes
