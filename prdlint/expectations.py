"""What each profile expects of a document, read from the built-in packs rules/<profile>.yaml.

The rules of families 2xx-6xx know no section name, column name or rating scale
themselves: they ask the :class:`Expectations` of the document's profile. Names
are :class:`Phrases`, matched as whole words in a heading's title or compared
whole with a table header, so that "Risks & Mitigations" is a risks section and
"Mitigation Strategy" a mitigation column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from prdlint.packs import builtin_pack
from prdlint.user_regex import UserPattern

PROFILE_PACKS = ("strategy", "prd", "generic")

_DASHES = r"\-\u2013\u2014"
_NUMBERING = re.compile(
    rf"^\s*(?:(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Za-z][.)])(?=[\s:){_DASHES}])[\s:){_DASHES}]*)+"
)
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_EDGES = frozenset("*_` ")


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def words(text: str) -> list[str]:
    """Lower-cased, singular words of a title or phrase; '&' reads as 'and', numbering is dropped."""
    text = _NUMBERING.sub("", text).replace("&", " and ").replace("+", " and ")
    return [_stem(token) for token in _WORD.findall(text.casefold().replace("_", " "))]


def normalize_header(text: str) -> str:
    """A table header reduced for comparison: no emphasis, no trailing '(...)', singular words."""
    return " ".join(words(_without_trailing_groups(text)))


def _without_trailing_groups(text: str) -> str:
    """Strip white space, emphasis and trailing '(...)' or '[...]' groups, from the end in one pass."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _EDGES):
        start += 1
    while end > start:
        last = text[end - 1]
        if last.isspace() or last in _EDGES:
            end -= 1
            continue
        if last not in ")]":
            break
        opener = end - 2
        while opener >= start and text[opener] not in "()[]":
            opener -= 1
        if opener < start or text[opener] not in "([":
            break
        end = opener
    return text[start:end]


class Phrases:
    """Names a section or column may go by: phrases matched as whole words, or 're:' regexes."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: tuple[str, ...] = tuple(phrases)
        self._word_phrases: list[tuple[str, ...]] = []
        self._substrings: list[str] = []
        self._patterns: list[UserPattern] = []
        for phrase in self.phrases:
            if phrase.startswith("re:"):  # may come from a rule pack or a rule's options: under the budget
                self._patterns.append(UserPattern(phrase[3:], ignore_case=True, origin=f"'{phrase}'"))
            elif _CJK.search(phrase):
                self._substrings.append(phrase.casefold())
            else:
                tokens = tuple(words(phrase))
                if tokens:
                    self._word_phrases.append(tokens)
        self._headers = frozenset(" ".join(tokens) for tokens in self._word_phrases)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def __repr__(self) -> str:
        return f"Phrases({list(self.phrases)!r})"

    def in_title(self, title: str) -> bool:
        """True when one of the phrases occurs in the title as whole words."""
        if any(pattern.search(title) for pattern in self._patterns):
            return True
        lowered = title.casefold()
        if any(sub in lowered for sub in self._substrings):
            return True
        tokens = words(title)
        for phrase in self._word_phrases:
            size = len(phrase)
            for start in range(len(tokens) - size + 1):
                if tuple(tokens[start : start + size]) == phrase:
                    return True
        return False

    def is_header(self, header: str) -> bool:
        """True when a table header is one of the phrases (compared whole)."""
        normalized = normalize_header(header)
        if normalized in self._headers:
            return True
        return any(pattern.fullmatch(header.strip()) for pattern in self._patterns) or any(
            normalized == sub for sub in self._substrings
        )


@dataclass(frozen=True)
class Signal:
    pattern: re.Pattern[str]
    weight: int


@dataclass(frozen=True)
class RequiredSection:
    name: str
    names: Phrases


@dataclass(frozen=True)
class RiskExpectations:
    required: bool = False
    columns: Mapping[str, Phrases] = field(default_factory=dict)
    required_columns: tuple[str, ...] = ()
    scales: tuple[tuple[str, ...], ...] = ()
    numeric_scale: tuple[float, float] | None = None
    percentages: bool = False

    def column_role(self, header: str) -> str | None:
        for role, names in self.columns.items():
            if names.is_header(header):
                return role
        return None


@dataclass(frozen=True)
class Expectations:
    """One profile's expectations (see rules/prd.yaml for the meaning of each)."""

    profile: str
    priority: int
    min_score: int
    signals: tuple[Signal, ...]
    required_sections: tuple[RequiredSection, ...]
    sections: Mapping[str, Phrases]
    coverage_required: bool
    risks: RiskExpectations
    ids: tuple[re.Pattern[str], ...]

    def section_names(self, role: str) -> Phrases:
        return self.sections.get(role) or Phrases(())

    @classmethod
    def from_pack(cls, data: Mapping[str, Any]) -> Expectations:
        profile = data["profile"]
        detect = profile.get("detect", {})
        risks = profile.get("risks", {})
        numeric = risks.get("numeric-scale")
        return cls(
            profile=profile["name"],
            priority=int(profile.get("priority", 50)),
            min_score=int(detect.get("min-score", 1)),
            signals=tuple(
                Signal(re.compile(signal["pattern"], re.IGNORECASE), int(signal.get("weight", 1)))
                for signal in detect.get("signals", ())
            ),
            required_sections=tuple(
                RequiredSection(item["name"], Phrases([item["name"], *item.get("synonyms", ())]))
                for item in profile.get("required-sections", ())
            ),
            sections={role: Phrases(names) for role, names in profile.get("sections", {}).items()},
            coverage_required=bool(profile.get("coverage", {}).get("required", False)),
            risks=RiskExpectations(
                required=bool(risks.get("required", False)),
                columns={role: Phrases(names) for role, names in risks.get("columns", {}).items()},
                required_columns=tuple(risks.get("required-columns", ())),
                scales=tuple(tuple(value.casefold() for value in scale) for scale in risks.get("scales", ())),
                numeric_scale=(float(numeric[0]), float(numeric[1])) if numeric else None,
                percentages=bool(risks.get("percentages", False)),
            ),
            ids=tuple(id_pattern(pattern) for pattern in profile.get("ids", ())),
        )


def id_pattern(pattern: str) -> re.Pattern[str]:
    """An ``ids:`` pattern as prdlint uses it: matched where a definition starts. The look-behind also
    keeps a search linear in "A-A-A-..." runs (which would otherwise be rescanned from every letter)."""
    return re.compile(rf"(?<![A-Za-z0-9-])(?:{pattern})")


@cache
def expectations(profile: str) -> Expectations:
    """The expectations of a profile ('prd', 'strategy' or 'generic')."""
    name = profile if profile in PROFILE_PACKS else "generic"
    return Expectations.from_pack(builtin_pack(name))


def detectable_profiles() -> list[Expectations]:
    """Profiles that content can claim, most specific first."""
    found = [expectations(name) for name in PROFILE_PACKS]
    return sorted((e for e in found if e.signals), key=lambda e: e.priority)


@dataclass(frozen=True)
class VagueTerm:
    term: str
    hint: str


@dataclass(frozen=True)
class Measurability:
    vague_terms: tuple[VagueTerm, ...]
    vague_pattern: re.Pattern[str]
    coverage_adjectives: tuple[str, ...]
    number_words: frozenset[str]


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for term in sorted(terms, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(piece) for piece in term.split())
        left = r"(?<![\w\-/])" if term[:1].isalnum() else ""
        right = r"(?![\w\-/])" if term[-1:].isalnum() else r"(?!\w)"
        parts.append(f"{left}{escaped}{right}")
    return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


@lru_cache(maxsize=1)
def measurability() -> Measurability:
    vocabulary = builtin_pack("measurability").get("vocabulary", {})
    terms = tuple(VagueTerm(item["term"], item.get("hint", "")) for item in vocabulary.get("vague-terms", ()))
    return Measurability(
        vague_terms=terms,
        vague_pattern=_term_pattern([t.term for t in terms]),
        coverage_adjectives=tuple(vocabulary.get("coverage-adjectives", ())),
        number_words=frozenset(word.casefold() for word in vocabulary.get("number-words", ())),
    )
