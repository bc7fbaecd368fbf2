"""YAML front matter: a '---' fenced block at the very top, which mistune does not know."""

from __future__ import annotations

import re

from prdlint.model.nodes import CodeLine, FrontMatter
from prdlint.model.source import Source

_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_KEY_LINE = re.compile(r"""\A(?:[\w"'$@.-][^:\n]*|\? .*):(?:[ \t]|$)""")


def find_front_matter(source: Source) -> FrontMatter | None:
    """The front matter block, or None when the document has none.

    A document that merely starts with a thematic break ('---' then prose) has
    none: the first line inside the fences that is not blank or a comment must
    look like a YAML mapping key.
    """
    count = source.line_count
    if not count or not _OPEN.fullmatch(source.line(1)):
        return None
    close = next((i for i in range(1, count) if _CLOSE.fullmatch(source.line(i + 1))), None)
    if close is None:
        return None
    body = [source.line(number) for number in range(2, close + 1)]
    meaningful = [line for line in body if line.strip() and not line.lstrip().startswith("#")]
    if meaningful and not _KEY_LINE.match(meaningful[0].lstrip()):
        return None
    if not meaningful and any(line.strip() for line in body):
        return None
    front = FrontMatter(
        start_line=1,
        end_line=close + 1,
        lines=[CodeLine(number, 1, text) for number, text in enumerate(body, start=2)],
    )
    import yaml  # only for documents with front matter

    from prdlint import yaml_loader  # bounded aliases; the C loader where PyYAML has it

    try:
        front.data = yaml_loader.load("\n".join(body), fast=True)
    except yaml.YAMLError as error:
        problem, line, col = yaml_loader.problem_of(error)
        front.error = f"front matter is not valid YAML: {problem}"
        if line is not None:
            front.error_line = line + 1
            front.error_col = col
    return front
