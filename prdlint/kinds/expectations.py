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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from prdlint.kinds.languages import Lexicon, lexicon
from prdlint.kinds.packs import builtin_names, builtin_pack
from prdlint.kinds.phrases import CJK, Phrases, fold

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
    """A vague term, what to write instead, and where it is not vague.

    ``followed_by`` / ``preceded_by``: the term counts only when the text right after (before) it
    matches; ``not_followed_by`` / ``not_preceded_by``: not when it does ("clear" as a verb: "clear
    the cache"). ``with_numbers``: the term stays vague in a sentence that states a number ("< 2 s
    under normal load", "PNG, JPEG, etc."): it is about a condition or an open list, not an amount.
    ``title_case_names``: capitalised before a capitalised word, the term starts a name ("Better
    Auth", "Clean Architecture", "Graceful Degradation"): English capitalises names, not nouns.
    """

    term: str
    hint: str
    followed_by: re.Pattern[str] | None = None
    not_followed_by: re.Pattern[str] | None = None
    preceded_by: re.Pattern[str] | None = None
    not_preceded_by: re.Pattern[str] | None = None
    with_numbers: bool = False
    title_case_names: bool = False

    def fits(self, text: str, start: int, end: int) -> bool:
        """Whether the term, found at text[start:end], is used in the sense that is vague."""
        if self.title_case_names and text[start : start + 1].isupper() and _TITLE_WORD.match(text, end):
            return False
        if self.followed_by is not None and not self.followed_by.match(text, end):
            return False
        if self.not_followed_by is not None and self.not_followed_by.match(text, end):
            return False
        before = text[max(0, start - _LOOK_BACK) : start]
        if self.preceded_by is not None and not self.preceded_by.search(before):
            return False
        return self.not_preceded_by is None or not self.not_preceded_by.search(before)


_LOOK_BACK = 60  # characters before a term that its preceded-by patterns see
_TITLE_WORD = re.compile(r"(?<![ \t])[ \t]+[A-Z][a-z]")  # matched right after a word: never retried in a run of blanks


@dataclass(frozen=True)
class Measurability:
    """The vocabulary of the measurability rules."""

    vague_terms: tuple[VagueTerm, ...]
    vague_pattern: re.Pattern[str]
    coverage_adjectives: tuple[str, ...]
    number_words: frozenset[str]
    fixed_phrases: tuple[str, ...] = ()

    def term_for(self, found: str) -> VagueTerm | None:
        """The term of the list that matched ``found`` (a spelling without accents, a wildcard's word ...)."""
        key = " ".join(found.split()).casefold()
        known = self._found_terms
        if key not in known:
            known[key] = next(
                (term for term in self.vague_terms if any(s.fullmatch(key) for s in _compiled(term.term))), None
            )
        return known[key]

    @cached_property
    def _found_terms(self) -> dict[str, VagueTerm | None]:
        return {}

    def vague_words(self, text: str) -> Iterator[tuple[re.Match[str], VagueTerm]]:
        """The vague terms of a text used in their vague sense, and not part of a fixed phrase."""
        for found in self.vague_pattern.finditer(text):
            term = self.term_for(found.group())
            if term is None or not term.fits(text, found.start(), found.end()):
                continue
            rest = " ".join(text[found.start() : found.start() + 40].casefold().split())
            if any(rest.startswith(phrase) for phrase in self.fixed_phrases):
                continue  # "minimal viable product", "in quick succession": a name or an idiom
            yield found, term


# German writes ä, ö, ü and ß as ae, oe, ue and ss where a keyboard lacks them ("verstaendlich").
_GERMAN_DIGRAPHS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


@lru_cache(maxsize=4096)
def _written(term: str) -> tuple[str, ...]:
    """A term as written, without accents ("fácil": "facil") and with German digraphs, in that order."""
    if CJK.search(term):
        return (term,)
    others = {fold(term), term.translate(_GERMAN_DIGRAPHS)} - {term}
    return (term, *sorted(spelling for spelling in others if spelling.casefold() != term.casefold()))


def _regex(term: str) -> str:
    """A spelling as a regex matched as a whole word (CJK as written).

    A leading ``*`` stands for the first part of a hyphenated compound ("*-friendly":
    "developer-friendly"), a trailing ``*`` for the rest of one ("easy-to-*": "easy-to-read").
    """
    head = r"[^\W_]\w*(?:-\w+)*?" if term.startswith("*") else ""
    tail = r"\w+(?:-\w+)*" if term.endswith("*") and len(term) > 1 else ""
    body = term.strip("*")
    escaped = r"\s+".join(re.escape(piece) for piece in body.split())
    if CJK.search(body):
        return f"{head}{escaped}{tail}"  # no word boundaries in Chinese, Japanese or Korean
    left = r"(?<![\w\-/])" if (head or body[:1].isalnum()) else ""
    right = r"(?![\w\-/])" if (tail or body[-1:].isalnum()) else r"(?!\w)"
    return f"{left}{head}{escaped}{tail}{right}"


@lru_cache(maxsize=4096)
def _compiled(term: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(_regex(spelling), re.IGNORECASE) for spelling in _written(term))


def term_alternatives(terms: Sequence[str]) -> list[tuple[str, str]]:
    """Each spelling of each term as (its regex, its first character or "" for a leading wildcard), longest first."""
    found = []
    for term in sorted(set(terms), key=lambda term: (-len(term), term)):  # the same pattern text in every run
        for spelling in _written(term):
            found.append((_regex(spelling), "" if spelling.startswith("*") else spelling.lstrip()[:1]))
    return found


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of the terms, longest first, each as a whole word (CJK ones as written).

    Terms that start with a wildcard come last, outside the grouping by first character.
    """
    alternatives = term_alternatives(terms)
    fixed = [(regex, first) for regex, first in alternatives if first]
    grouped = _grouped([regex for regex, _ in fixed], [first for _, first in fixed])
    if grouped is None:
        return re.compile("|".join(regex for regex, _ in alternatives) or r"(?!)", re.IGNORECASE)
    wild = _compounds(terms)
    return re.compile(f"{grouped.pattern}|{wild}", re.IGNORECASE) if wild else grouped


def _compounds(terms: Sequence[str]) -> str:
    """The terms with a leading wildcard as one alternative: a compound's first part is read once for all."""
    endings = sorted(
        {re.escape(spelling[1:]) for term in terms if term.startswith("*") for spelling in _written(term)},
        key=lambda ending: (-len(ending), ending),  # the same pattern text in every run
    )
    if not endings:
        return ""
    return rf"(?<![\w\-/])[^\W_]\w*(?:-\w+)*?(?:{'|'.join(endings)})(?![\w\-/])"


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
    body = "|".join(f"(?=[{heads[key]}]){_shared_start(group)}" for key, group in groups.items())
    return re.compile(f"(?=[{''.join(heads.values())}])(?:{body})", re.IGNORECASE)


_WORD_START = r"(?<![\w\-/])"


def _shared_start(group: Sequence[str]) -> str:
    """A group's alternatives, their look-behind for a word start tried once when all of them have it."""
    if all(part.startswith(_WORD_START) for part in group):
        return f"{_WORD_START}(?:{'|'.join(part[len(_WORD_START):] for part in group)})"
    return f"(?:{'|'.join(group)})"


def _context(item: Mapping[str, Any], key: str, after: bool) -> re.Pattern[str] | None:
    """A term's followed-by (after the term, past spaces) or preceded-by (up to it) pattern.

    Verbose: whitespace in the pattern is ignored, so that a long one can be folded over lines.
    """
    pattern = item.get(key)
    if not pattern:
        return None
    flags = re.IGNORECASE | re.VERBOSE
    # After: matched where the term ends (never in a run of blanks), so that no search retries the blanks.
    return re.compile(rf"(?<!\s)\s*(?:{pattern})" if after else rf"(?:{pattern})\s*\Z", flags)


def _vague_term(item: Mapping[str, Any], english: bool = False) -> VagueTerm:
    return VagueTerm(
        str(item["term"]),
        str(item.get("hint", "")),
        followed_by=_context(item, "followed-by", True),
        not_followed_by=_context(item, "not-followed-by", True),
        preceded_by=_context(item, "preceded-by", False),
        not_preceded_by=_context(item, "not-preceded-by", False),
        with_numbers=bool(item.get("with-numbers", False)),
        title_case_names=english,
    )


@lru_cache(maxsize=8)
def measurability(languages: Lexicon | None = None) -> Measurability:
    """The vague terms of rules/measurability.yaml and of every language in ``languages`` (by default the
    built-in ones; a run's lexicon adds its configuration's and packs' ``vocabulary:``)."""
    languages = languages if languages is not None else lexicon()
    vocabulary = builtin_pack("measurability").get("vocabulary", {})
    # A word that is English and another language's too ("intuitive", "flexible") may start a German noun
    # phrase ("Intuitive Bedienung"): only English-only terms start names when capitalised.
    others = {str(e["term"] if isinstance(e, Mapping) else e).casefold() for e in languages.vague_terms}
    items = vocabulary.get("vague-terms", ())
    terms = [_vague_term(item, english=str(item["term"]).casefold() not in others) for item in items]
    known = {term.term.casefold() for term in terms}
    for entry in languages.vague_terms:  # the other languages' (rules/languages/*.yaml)
        item = entry if isinstance(entry, Mapping) else {"term": entry}
        if str(item["term"]).casefold() not in known:
            terms.append(_vague_term({"hint": "a criterion a test can check", **item}))
            known.add(str(item["term"]).casefold())
    adjectives = [*vocabulary.get("coverage-adjectives", ())]
    adjectives.extend(a for a in languages.coverage_adjectives if a not in adjectives)
    return Measurability(
        vague_terms=tuple(terms),
        vague_pattern=_term_pattern([t.term for t in terms]),
        coverage_adjectives=tuple(adjectives),
        number_words=frozenset(word.casefold() for word in vocabulary.get("number-words", ())),
        fixed_phrases=tuple(phrase.casefold() for phrase in vocabulary.get("fixed-phrases", ())),
    )
