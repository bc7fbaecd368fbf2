"""What each kind of document expects, read from rules/kinds/<kind>.yaml and the merged languages.

The rules of families 2xx-6xx know no section name, column name or rating scale
themselves: they ask the :class:`Expectations` of the document's kind. A kind's
pack says which rule families apply to it, which sections it must have (by
role), whether it must state a coverage target and risks, and how it is
recognised; what sections and columns are *called* comes from the languages
(rules/languages/), merged into every kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from prdlint.kinds.languages import Lexicon, lexicon
from prdlint.kinds.packs import builtin_names, builtin_pack
from prdlint.kinds.phrases import CJK, Phrases

DEFAULTS_PACK = "kinds/_defaults"
# Every rule family; a kind lists those that apply to it. The engine family (PRD0xx) always applies.
FAMILIES = ("placeholders", "acceptance-criteria", "coverage", "risks", "structure", "measurability")


def builtin_kinds() -> tuple[str, ...]:
    """The names of the built-in kinds (rules/kinds/*.yaml, but _defaults)."""
    return tuple(name for name in builtin_names("kinds") if not name.startswith("_"))


def id_pattern(pattern: str) -> re.Pattern[str]:
    """An ``ids:`` pattern as prdlint uses it: matched where a definition starts. The look-behind also
    keeps a search linear in "A-A-A-..." runs (which would otherwise be rescanned from every letter)."""
    return re.compile(rf"(?<![A-Za-z0-9-])(?:{pattern})")


@dataclass(frozen=True)
class Signal:
    """One piece of evidence for a kind: where it is looked for, what, and what it weighs."""

    where: str  # title, heading, text, file, feature
    weight: int
    pattern: re.Pattern[str] | None = None
    phrases: Phrases | None = None
    feature: str = ""
    min_count: int = 1

    def describe(self) -> str:
        if self.feature:
            return f"{self.feature} >= {self.min_count}"
        if self.pattern is not None:
            return self.pattern.pattern
        return ", ".join((self.phrases.phrases if self.phrases else ())[:3])


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
    """One kind's expectations (see rules/kinds/prd.yaml for the meaning of each)."""

    kind: str
    summary: str
    priority: int
    families: frozenset[str]
    paths: tuple[str, ...]
    min_score: int
    signals: tuple[Signal, ...]
    required_sections: tuple[RequiredSection, ...]
    sections: Mapping[str, Phrases]
    coverage_required: bool
    risks: RiskExpectations
    ids: tuple[re.Pattern[str], ...]
    lexicon: Lexicon

    @property
    def profile(self) -> str:
        """The kind's name (what older code and configurations call its profile)."""
        return self.kind

    def applies(self, family: str) -> bool:
        """Whether a rule family applies to documents of this kind (families of user packs always do)."""
        return family in self.families or family not in FAMILIES

    def section_names(self, role: str) -> Phrases:
        return self.sections.get(role) or Phrases(())


def _merged(defaults: Mapping[str, Any], kind: Mapping[str, Any]) -> dict[str, Any]:
    """The kind's own keys over the shared defaults, one level deep for mappings."""
    merged = dict(defaults)
    for key, value in kind.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _signals(detect: Mapping[str, Any], kind: str, words: Lexicon) -> tuple[Signal, ...]:
    found: list[Signal] = []
    title_phrases = words.kinds.get(kind, ())
    if title_phrases and detect.get("title-weight"):
        weight = int(detect["title-weight"])
        found.append(Signal("title", weight, phrases=Phrases(title_phrases)))
        found.append(Signal("file", weight, phrases=Phrases(title_phrases)))
    for item in detect.get("signals", ()):
        pattern = item.get("pattern")
        phrases = list(item.get("phrases", ()))
        for role in item.get("roles", ()):
            phrases.extend(words.sections.get(role, ()))
        found.append(
            Signal(
                where=str(item.get("in", "feature" if "feature" in item else "heading")),
                weight=int(item.get("weight", 1)),
                pattern=re.compile(pattern, re.IGNORECASE) if pattern else None,
                phrases=Phrases(phrases) if phrases else None,
                feature=str(item.get("feature", "")),
                min_count=int(item.get("min-count", 1)),
            )
        )
    return tuple(found)


def _names(words: Lexicon, roles: Iterable[str], extra: Iterable[str] = ()) -> Phrases:
    names: list[str] = []
    for role in roles:
        names.extend(words.sections.get(role, ()))
    names.extend(extra)
    return Phrases(names)


def build_expectations(kind: str, words: Lexicon) -> Expectations:
    data = _merged(builtin_pack(DEFAULTS_PACK)["kind"], builtin_pack(f"kinds/{kind}")["kind"])
    detect = data.get("detect", {})
    risks = data.get("risks", {})
    numeric = risks.get("numeric-scale")
    scales = [tuple(str(v).casefold() for v in scale) for scale in risks.get("scales", ())]
    scales.extend(scale for scale in words.risk_scales if scale not in scales)
    sections = {role: Phrases(names) for role, names in words.sections.items()}
    return Expectations(
        kind=str(data["name"]),
        summary=str(data.get("summary", "")),
        priority=int(data.get("priority", 50)),
        families=frozenset(data.get("families", FAMILIES)),
        paths=tuple(data.get("paths", ())),
        min_score=int(detect.get("min-score", 1)),
        signals=_signals(detect, kind, words),
        required_sections=tuple(
            RequiredSection(
                str(item["name"]),
                _names(words, item.get("roles", ()), [str(item["name"]), *item.get("synonyms", ())]),
            )
            for item in data.get("required-sections", ())
        ),
        sections=sections,
        coverage_required=bool(data.get("coverage", {}).get("required", False)),
        risks=RiskExpectations(
            required=bool(risks.get("required", False)),
            columns={role: Phrases(names) for role, names in words.risk_columns.items()},
            required_columns=tuple(risks.get("required-columns", ())),
            scales=tuple(scales),
            numeric_scale=(float(numeric[0]), float(numeric[1])) if numeric else None,
            percentages=bool(risks.get("percentages", False)),
        ),
        ids=tuple(id_pattern(pattern) for pattern in data.get("ids", ())),
        lexicon=words,
    )


@lru_cache(maxsize=64)
def _cached(kind: str, words: Lexicon) -> Expectations:
    return build_expectations(kind, words)


def expectations(kind: str, vocabulary: Sequence[Mapping[str, Any]] = ()) -> Expectations:
    """The expectations of a kind (an unknown kind is 'generic'), with extra vocabularies merged in."""
    name = kind if kind in builtin_kinds() else "generic"
    return _cached(name, lexicon(vocabulary))


def detectable_kinds(vocabulary: Sequence[Mapping[str, Any]] = ()) -> list[Expectations]:
    """Kinds that content can claim, most specific first."""
    found = [expectations(name, vocabulary) for name in builtin_kinds()]
    return sorted((e for e in found if e.signals), key=lambda e: e.priority)


@dataclass(frozen=True)
class VagueTerm:
    """A vague term and what to write instead."""

    term: str
    hint: str


@dataclass(frozen=True)
class Measurability:
    """The vocabulary of the measurability rules."""

    vague_terms: tuple[VagueTerm, ...]
    vague_pattern: re.Pattern[str]
    coverage_adjectives: tuple[str, ...]
    number_words: frozenset[str]
    fixed_phrases: tuple[str, ...] = ()


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of the terms, longest first, each as a whole word (CJK ones as written)."""
    parts = []
    firsts = []
    for term in sorted(set(terms), key=len, reverse=True):
        escaped = r"\s+".join(re.escape(piece) for piece in term.split())
        firsts.append(term.lstrip()[:1])
        if CJK.search(term):
            parts.append(escaped)  # no word boundaries in Chinese, Japanese or Korean
            continue
        left = r"(?<![\w\-/])" if term[:1].isalnum() else ""
        right = r"(?![\w\-/])" if term[-1:].isalnum() else r"(?!\w)"
        parts.append(f"{left}{escaped}{right}")
    return _grouped(parts, firsts) or re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)


# Outside ASCII, the characters a case-insensitive regex matches to an ASCII letter.
_FOLDS_TO_ASCII = frozenset("\u0130\u0131\u017f\u212a")


def _grouped(parts: Sequence[str], firsts: Sequence[str]) -> re.Pattern[str] | None:
    """The same alternation, its alternatives grouped by the character they start with.

    Only the alternatives that start with the character at hand can match there, in their
    own order: so grouping them by that character (ASCII ignoring case; every other script
    in one group), behind a look-ahead for it, finds the same matches without trying every
    alternative with its look-behind at every position of every text. None when a term
    starts with nothing, or with a character that matches an ASCII letter ignoring case.
    """
    groups: dict[str, list[str]] = {}
    others: set[str] = set()
    for part, first in zip(parts, firsts, strict=True):
        if not first or first in _FOLDS_TO_ASCII:
            return None
        key = first.lower() if first.isascii() else ""
        if not first.isascii():
            others.add(first)
        groups.setdefault(key, []).append(part)
    if not groups:
        return None
    heads = {key: re.escape(key) if key else "".join(re.escape(char) for char in sorted(others)) for key in groups}
    body = "|".join(f"(?=[{heads[key]}])(?:{'|'.join(group)})" for key, group in groups.items())
    return re.compile(f"(?=[{''.join(heads.values())}])(?:{body})", re.IGNORECASE)


@lru_cache(maxsize=1)
def measurability() -> Measurability:
    vocabulary = builtin_pack("measurability").get("vocabulary", {})
    terms = [VagueTerm(item["term"], item.get("hint", "")) for item in vocabulary.get("vague-terms", ())]
    known = {term.term.casefold() for term in terms}
    for word in lexicon().vague_terms:  # the other languages' (rules/languages/*.yaml)
        if word.casefold() not in known:
            terms.append(VagueTerm(word, "a criterion a test can check"))
            known.add(word.casefold())
    adjectives = [*vocabulary.get("coverage-adjectives", ())]
    adjectives.extend(a for a in lexicon().coverage_adjectives if a not in adjectives)
    return Measurability(
        vague_terms=tuple(terms),
        vague_pattern=_term_pattern([t.term for t in terms]),
        coverage_adjectives=tuple(adjectives),
        number_words=frozenset(word.casefold() for word in vocabulary.get("number-words", ())),
        fixed_phrases=tuple(phrase.casefold() for phrase in vocabulary.get("fixed-phrases", ())),
    )
