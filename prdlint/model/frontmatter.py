"""YAML front matter: a '---' fenced block at the very top, which mistune does not know."""

from __future__ import annotations

import re
from typing import Any

import yaml

from prdlint.model.nodes import CodeLine, FrontMatter
from prdlint.model.source import Source

_OPEN = re.compile(r"---[ \t]*")
_CLOSE = re.compile(r"(?:---|\.\.\.)[ \t]*")
_KEY_LINE = re.compile(r"""\A(?:[\w"'$@.-][^:\n]*|\? .*):(?:[ \t]|$)""")

try:  # the C loader is several times faster where PyYAML was built with libyaml
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


def find_front_matter(source: Source) -> FrontMatter | None:
    """The front matter block, or None when the document has none.

    A document that merely starts with a thematic break ('---' then prose) has
    none: the first line inside the fences that is not blank or a comment must
    look like a YAML mapping key.
    """
    lines = source.lines
    if not lines or not _OPEN.fullmatch(lines[0]):
        return None
    close = next((i for i in range(1, len(lines)) if _CLOSE.fullmatch(lines[i])), None)
    if close is None:
        return None
    body = lines[1:close]
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
    try:
        front.data = yaml.load("\n".join(body), Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        front.error = f"front matter is not valid YAML: {problem}"
        if mark is not None:
            front.error_line = mark.line + 2
            front.error_col = mark.column + 1
    return front
