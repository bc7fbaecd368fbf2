"""Which kind of document a file is: a PRD, a strategy file, or generic Markdown.

The profile decides which rule families apply. It comes from, in order: the
configuration's ``profiles`` globs, the front matter (``prdlint: {profile: prd}``),
``--profile``, then the content (the title and headings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from prdlint.files import GlobMatcher
from prdlint.model import Document

PROFILES = ("prd", "strategy", "generic")

_STRATEGY = re.compile(r"(?i)\b(?:tailored\s+strategy|project\s+identity)\b")
_PRD = re.compile(
    r"(?i)\b(?:product\s+requirements?\s+(?:document|doc|definition)|PRD|user\s+stories|"
    r"functional\s+requirements|requirements\s+specification)\b"
)


def choose_profile(
    document: Document,
    path: Path | None,
    globs: Sequence[tuple[str, str]],
    root: Path,
    cli_profile: str | None,
) -> tuple[str, str]:
    """The profile and a short reason, for ``check -v``."""
    if path is not None:
        for glob, profile in globs:
            if GlobMatcher([glob], root).matches(path):
                return profile, f"configuration 'profiles' glob '{glob}'"
    front = document.front_matter
    if front is not None and isinstance(front.data, dict):
        settings = front.data.get("prdlint")
        if isinstance(settings, dict) and settings.get("profile") in PROFILES:
            return str(settings["profile"]), "front matter 'prdlint.profile'"
    if cli_profile:
        return cli_profile, "--profile"
    return detect_profile(document)


def detect_profile(document: Document) -> tuple[str, str]:
    headings = list(document.headings())
    for heading in headings:
        if _STRATEGY.search(heading.title):
            return "strategy", f"heading '{heading.title}' (line {heading.start_line})"
    for heading in headings:
        if _PRD.search(heading.title):
            return "prd", f"heading '{heading.title}' (line {heading.start_line})"
    return "generic", "no PRD or strategy headings"
