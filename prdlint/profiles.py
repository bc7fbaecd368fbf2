"""Which kind of document a file is: a PRD, a strategy file, or generic Markdown.

The profile decides which rule families apply. It comes from, in order: the
configuration's ``profiles`` globs, the front matter (``prdlint: {profile: prd}``),
``--profile``, then the content: the headings, scored against the detection
signals in rules/prd.yaml and rules/strategy.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prdlint.analysis.text import short
from prdlint.expectations import detectable_profiles
from prdlint.files import GlobMatcher
from prdlint.model import Document

PROFILES = ("prd", "strategy", "generic")


def choose_profile(
    document: Document,
    path: Path | None,
    globs: Sequence[tuple[str, str]],
    root: Path,
    cli_profile: str | None,
    roots: Sequence[Path] = (),
) -> tuple[str, str]:
    """The profile and a short reason, for ``check -v``; ``roots``: each glob's directory, if not ``root``."""
    if path is not None:
        for index, (glob, profile) in enumerate(globs):
            if GlobMatcher([glob], roots[index] if roots else root).matches(path):
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
    """The profile the headings point to, from the detection signals in rules/<profile>.yaml.

    Each profile's signals are regular expressions searched in every heading title;
    a signal counts once, with its weight. Profiles are tried in priority order and
    the first whose score reaches its ``min-score`` wins.
    """
    titles = [(heading.title, heading.start_line) for heading in document.headings()]
    for profile in detectable_profiles():
        score = 0
        evidence: dict[int, str] = {}
        for signal in profile.signals:
            hit = next(((title, line) for title, line in titles if signal.pattern.search(title)), None)
            if hit is not None:
                score += signal.weight
                evidence.setdefault(hit[1], f"'{short(hit[0], markup=True)}' (line {hit[1]})")
        if score >= profile.min_score:
            shown = [evidence[line] for line in sorted(evidence)[:3]]
            more = f" and {len(evidence) - 3} more" if len(evidence) > 3 else ""
            return profile.profile, (
                f"heading{'s' if len(evidence) > 1 else ''} {', '.join(shown)}{more}: "
                f"score {score} of {profile.min_score} needed by the signals in rules/{profile.profile}.yaml"
            )
    return "generic", "no heading matches the prd or strategy signals in rules/prd.yaml, rules/strategy.yaml"


