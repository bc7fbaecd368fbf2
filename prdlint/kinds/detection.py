"""Which kind of document a file is, and why.

In this order, the first that answers wins:

1. the front matter: ``prdlint: {kind: spec}`` (``profile:`` is the older name);
2. the configuration's ``kinds:`` globs (``profiles:``), e.g. ``"specs/**/spec.md": spec``;
3. ``--kind`` on the command line, then the configuration's ``kind:`` (both also spelled ``profile``);
4. the path conventions of spec-driven tools (a kind's ``paths:``: ``.kiro/specs/*/requirements.md``,
   ``openspec/changes/**``, ``rfcs/`` ...);
5. the content: each kind's signals (rules/kinds/<kind>.yaml ``detect:``) scored over the title,
   the headings, the text, the file name and a few counts (stories, EARS lines, scenarios); the
   highest score that reaches its kind's ``min-score`` wins, ties going to the lower ``priority``.

A file nothing claims is ``generic``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from prdlint.kinds.expectations import Expectations, Signal, builtin_kinds, detectable_kinds
from prdlint.kinds.phrases import Phrases
from prdlint.model import CodeBlock, Document, Heading, HtmlBlock, ListItem, Paragraph
from prdlint.prefilter import Matcher, as_one

FRONT_MATTER_KEYS = ("kind", "profile")


@dataclass(frozen=True)
class Choice:
    kind: str
    reason: str


def choose_kind(
    document: Document,
    path: Path | None,
    globs: Sequence[tuple[str, str]],
    root: Path,
    declared: str | None,
    vocabulary: Sequence[Mapping[str, Any]] = (),
    roots: Sequence[Path] = (),
) -> tuple[str, str]:
    """The kind of a document and a short reason, for ``check -v``; ``roots``: each glob's directory."""
    front = _front_matter_kind(document)
    if front is not None:
        return front
    if path is not None:
        from prdlint.files import GlobMatcher

        for index, (glob, kind) in enumerate(globs):
            if GlobMatcher([glob], roots[index] if roots else root).matches(path):
                return kind, f"configuration 'kinds' glob '{glob}'"
    if declared:
        return declared, "declared on the command line or in the configuration"
    kinds = detectable_kinds(vocabulary)
    if path is not None:
        for expectations in kinds:
            for convention in expectations.paths:
                if _path_matches(convention, path):
                    return expectations.kind, f"path convention '{convention}' (rules/kinds/{expectations.kind}.yaml)"
    return detect_kind(document, path, kinds)


def _front_matter_kind(document: Document) -> tuple[str, str] | None:
    front = document.front_matter
    if front is None or not isinstance(front.data, dict):
        return None
    settings = front.data.get("prdlint")
    if not isinstance(settings, dict):
        return None
    for key in FRONT_MATTER_KEYS:
        value = settings.get(key)
        if isinstance(value, str) and value in builtin_kinds():
            return value, f"front matter 'prdlint.{key}'"
    return None


@lru_cache(maxsize=256)
def _convention_pattern(convention: str) -> re.Pattern[str]:
    """A path convention as a regex matched at any depth: 'rfcs/' is any file under an 'rfcs' folder."""
    from prdlint.files import translate_glob

    body = convention.strip("/")
    tail = "/.*" if convention.endswith("/") else ""
    return re.compile(rf"(?:^|.*/){translate_glob(body)}{tail}\Z", re.IGNORECASE)


def _path_matches(convention: str, path: Path) -> bool:
    posix = PurePosixPath(*path.parts).as_posix() if path.parts else ""
    return _convention_pattern(convention).match(posix) is not None


# -- content ----------------------------------------------------------------------------------------


_STORY_HEADING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?\s+)?(?:user\s+)?stor(?:y|ies)\b\s*#?\s*[\w.\-]*\d[\w.\-]*\s*(?:[:.\-\u2013\u2014(]|$)"
    r"|^\s*(?:US|UC|HU)-?\d+\b",
    re.IGNORECASE,
)
_EARS = re.compile(r"\b(?:WHEN|IF|WHILE|WHERE)\b[^\n]{0,300}?\bSHALL\b|\bTHE\s+\w+(?:\s+\w+){0,3}\s+SHALL\b")
_GHERKIN_LINE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?(?:\*\*|__)?(?:given|when|then)\b", re.IGNORECASE)


@dataclass
class _Content:
    """What the signals look at, read once from a document."""

    title: str
    title_line: int
    file_name: str
    headings: list[tuple[str, int]]
    text_lines: list[tuple[str, int]]
    features: dict[str, int] = field(default_factory=dict)
    plain: dict[str, str] = field(default_factory=dict)  # each text without emphasis, for every signal asking


def _read(document: Document, path: Path | None, expectations: Expectations) -> _Content:
    all_headings = list(document.headings())
    headings = [(heading.title, heading.start_line) for heading in all_headings]
    first_h1 = next((h for h in all_headings if h.level == 1), all_headings[0] if all_headings else None)
    title, title_line = (first_h1.title, first_h1.start_line) if first_h1 is not None else ("", 0)
    front = document.front_matter
    if front is not None and isinstance(front.data, dict) and isinstance(front.data.get("title"), str):
        named = front.data["title"].strip()
        if named.casefold() != title.strip().casefold():
            title, title_line = f"{named} {title}".strip(), title_line or 1
    lines: list[tuple[str, int]] = []
    stories = gherkin = ears = 0
    story_patterns = as_one(expectations.lexicon.story_patterns())  # one match per text, not one per pattern
    for block in document.walk():
        if isinstance(block, (CodeBlock, HtmlBlock, Heading)):
            continue
        own = isinstance(block, (Paragraph, ListItem))
        for prose in block.prose():
            text = prose.text
            lines.append((text, prose.line))
            if own and _is_story(text, story_patterns):
                stories += 1
            gherkin += sum(1 for line in text.split("\n") if _GHERKIN_LINE.match(line))
            ears += len(_EARS.findall(text))
    story_headings = sum(1 for heading_title, _ in headings if _STORY_HEADING.match(_plain(heading_title)))
    features = {
        "story-headings": story_headings,
        "stories": stories + story_headings,
        "gherkin": gherkin,
        "ears": ears,
        "headings": len(headings),
    }
    return _Content(title, title_line, path.name if path is not None else "", headings, lines, features)


_EMPHASIS = re.compile(r"[*_`]+")
_LEAD = re.compile(r"^\s*(?:[\w .#\-]{0,30}?[:\uff1a]\s*|[A-Z][A-Z0-9]{0,9}-?\d+[a-z]?[.:)]?\s+)?")


def _plain(text: str) -> str:
    return _EMPHASIS.sub("", text)


def _is_story(text: str, patterns: Iterable[Matcher]) -> bool:
    head = _plain(text[:400])
    lead = _LEAD.match(head)  # it matches every text (all of it is optional)
    rest = head[lead.end() :] if lead else head
    # Without a lead, rest is head itself (a whole slice of a str is the str): matched once.
    return any(pattern.match(rest) or (rest is not head and pattern.match(head)) for pattern in patterns)


@dataclass
class _Score:
    expectations: Expectations
    score: int = 0
    evidence: list[str] = field(default_factory=list)


def _hits(signal: Signal, content: _Content) -> Iterator[str]:
    """Evidence for one signal (at most one item: a signal counts once)."""
    if signal.where == "feature":
        count = content.features.get(signal.feature, 0)
        if count >= signal.min_count:
            yield f"{count} {signal.feature}"
        return
    candidates: list[tuple[str, int]]
    if signal.where == "title":
        candidates = [(content.title, content.title_line)] if content.title else []
    elif signal.where == "file":
        stem = content.file_name.rsplit(".", 1)[0].replace("_", " ").replace("-", " ")
        candidates = [(stem, 0)] if stem else []
    elif signal.where == "heading":
        candidates = content.headings
    else:
        candidates = content.text_lines
    count = 0
    first: tuple[str, int] | None = None
    for text, line in candidates:
        if _signal_matches(signal, text, content.plain):
            count += 1
            first = first or (text, line)
            if count >= signal.min_count:
                break
    if first is not None and count >= signal.min_count:
        text, line = first
        shown = " ".join(_plain(text).split())
        shown = shown if len(shown) <= 50 else shown[:47] + "..."
        if signal.where == "file":
            yield f"file name '{content.file_name}'"
        else:
            yield f"{signal.where} '{shown}' (line {line})"


def _signal_matches(signal: Signal, text: str, plain_texts: dict[str, str]) -> bool:
    if signal.pattern is not None and signal.pattern.search(text):
        return True
    phrases: Phrases | None = signal.phrases
    if phrases is None:
        return False
    plain = plain_texts.get(text)
    if plain is None:
        plain = plain_texts[text] = _plain(text)
    return phrases.in_title(plain)


def detect_kind(
    document: Document, path: Path | None = None, kinds: Sequence[Expectations] | None = None
) -> tuple[str, str]:
    """The kind the content points to, from the signals in rules/kinds/<kind>.yaml."""
    kinds = list(kinds) if kinds is not None else detectable_kinds()
    if not kinds:
        return "generic", "no kind has detection signals"
    content = _read(document, path, kinds[0])
    scores = []
    for expectations in kinds:
        score = _Score(expectations)
        for signal in expectations.signals:
            for evidence in _hits(signal, content):
                score.score += signal.weight
                if signal.weight > 0 and evidence not in score.evidence:
                    score.evidence.append(evidence)
        scores.append(score)
    eligible = [s for s in scores if s.score >= s.expectations.min_score]
    if not eligible:
        best = max(scores, key=lambda s: s.score)
        near = f"; closest: {best.expectations.kind} with {best.score}" if best.score > 0 else ""
        return "generic", f"no kind's signals reach its min-score in rules/kinds/{near}"
    winner = max(eligible, key=lambda s: (s.score, -s.expectations.priority))
    shown = winner.evidence[:3]
    more = f" and {len(winner.evidence) - 3} more" if len(winner.evidence) > 3 else ""
    runner_up = max((s for s in scores if s is not winner), key=lambda s: s.score, default=None)
    versus = (
        f"; next {runner_up.expectations.kind} {runner_up.score}"
        if runner_up is not None and runner_up.score > 0
        else ""
    )
    return winner.expectations.kind, (
        f"{', '.join(shown)}{more}: score {winner.score} of {winner.expectations.min_score} needed by "
        f"rules/kinds/{winner.expectations.kind}.yaml{versus}"
    )
