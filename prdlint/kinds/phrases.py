"""Matching the names a section, a column or a label goes by, in any language.

Names are :class:`Phrases`: matched as whole words in a heading's title, or
compared whole with a table header, ignoring case, accents on Latin letters,
numbering ("6.2"), emphasis, emoji and a plural "s", so that "Risks &
Mitigations" is a risks section and "Mitigation Strategy" a mitigation column.
Text in Chinese, Japanese and Korean has no spaces between words, so a phrase
in those scripts matches as a substring, and a Latin word glued to CJK text
("架构重构PRD") is still a word of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from prdlint import user_regex
from prdlint.user_regex import TextPattern, UserPattern

_DASHES = r"\-\u2013\u2014"
_NUMBERING = re.compile(
    rf"^\s*(?:(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[A-Za-z][.)]|[一二三四五六七八九十]+[\u3001.\uff0e])"
    rf"(?=[\s:){_DASHES}]|(?<=[\u3001\uff0e]))[\s:){_DASHES}]*)+"
)
_WORD = re.compile(r"\w+(?:['\u2019\-]\w+)*")
# Han, kana, Hangul and their punctuation-free compatibility forms: scripts written without spaces.
CJK = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
                 r"\uf900-\ufaff]")
_CJK_RUN = re.compile(CJK.pattern + "+")
_EDGES = frozenset("*_` ")
_GROUP_CHARS = frozenset("()[]\uff08\uff09")  # what the text of a trailing group may not hold
_FEW_WORDS = 12  # up to this many words (a title, a label), runs of them are looked up; longer texts use a regex


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case-folded text without accents on Latin letters ('Critères' -> 'criteres').

    Only letters of the Latin blocks lose their marks: Hangul, kana and Devanagari
    decompose too, and their marks are part of the letter.
    """
    if text.isascii():
        return text.casefold()
    out = []
    for char in text:
        if "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
            out.append("".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)))
        else:
            out.append(char)
    return "".join(out).casefold()


# A hyphenated word that starts with a negation is a word of its own, in every language (folded).
_NEGATING_PREFIXES = ("non-", "nicht-", "niet-", "no-", "nao-")


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """Folded, singular words of a title or phrase; '&' reads as 'and', numbering is dropped.

    A run of CJK characters is one word, split off from Latin letters glued to it.
    """
    text = _NUMBERING.sub("", text).replace("&", " and ").replace("+", " and ")
    text = fold(text.replace("_", " ").replace("\u2019", "'"))
    if CJK.search(text):
        text = _CJK_RUN.sub(lambda found: f" {found.group()} ", text)
    tokens: list[str] = []
    for token in _WORD.findall(text):
        if "-" in token and not token.startswith(_NEGATING_PREFIXES):
            tokens.extend(_stem(part) for part in token.split("-") if part)  # "In-Scope" is "in scope"
        else:
            tokens.append(_stem(token))  # "Non-Functional" is not "functional", "Nicht-Ziele" no goals
    return tuple(tokens)


def normalize_header(text: str) -> str:
    """A table header reduced for comparison: no emphasis, no trailing '(...)', singular words."""
    return " ".join(words(without_trailing_groups(text)))


def without_trailing_groups(text: str) -> str:
    """Strip white space, emphasis and trailing '(...)', '[...]' or fullwidth-parenthesized groups, in one
    pass from the end (removing one group at a time with a regex anchored at the end was quadratic)."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or text[start] in _EDGES):
        start += 1
    while end > start:
        last = text[end - 1]
        if last.isspace() or last in _EDGES:
            end -= 1
            continue
        if last not in ")]\uff09":
            break
        opener = end - 2
        while opener >= start and text[opener] not in _GROUP_CHARS:
            opener -= 1
        if opener < start or text[opener] not in "([\uff08":
            break
        end = opener
    return text[start:end]


class _Names:
    """What a set of names is read into: regexes, CJK substrings and folded word phrases (shared, see _names)."""

    __slots__ = ("found", "headers", "headers_seen", "patterns", "regex", "sizes", "substrings", "word_phrases")

    def __init__(self, phrases: tuple[str, ...]) -> None:
        patterns: list[TextPattern] = []
        substrings: list[str] = []
        word_phrases: list[str] = []
        own = _builtin_expressions() if any(phrase.startswith("re:") for phrase in phrases) else frozenset()
        for phrase in phrases:
            if phrase in own:  # a built-in pack's or rule's: audited by the test suite, so plain re (fast, no budget)
                patterns.append(re.compile(phrase[3:], re.IGNORECASE))
            elif phrase.startswith("re:"):  # from a user's pack, vocabulary or rule options: under the budget
                patterns.append(UserPattern(phrase[3:], ignore_case=True, origin=f"'{phrase}'"))
            elif CJK.search(phrase):
                substrings.append(fold(phrase))
            else:
                tokens = words(phrase)
                if tokens:
                    word_phrases.append(" ".join(tokens))
        self.patterns = tuple(patterns)
        self.substrings = tuple(substrings)
        self.word_phrases = frozenset(word_phrases)
        self.headers = self.word_phrases | frozenset(substrings)  # what a whole header may be
        # Phrases of how many words, most first; the regex that finds them in a long text is compiled when one
        # is asked about (a run builds a few hundred Phrases and uses a few dozen, mostly on short titles).
        self.sizes = sorted({phrase.count(" ") + 1 for phrase in self.word_phrases}, reverse=True)
        self.regex: re.Pattern[str] | None = None
        self.found: dict[str, str | None] = {}  # find()'s answers: sections are asked about again and again
        self.headers_seen: dict[str, bool] = {}  # is_header()'s answers


def _builtin_expressions() -> frozenset[str]:
    from prdlint.engine.registry import builtin_option_expressions
    from prdlint.kinds.packs import builtin_expressions

    return builtin_expressions() | builtin_option_expressions()


def _longest_first(phrase: str) -> tuple[int, str]:
    return -len(phrase), phrase  # ties by text: the same pattern in every run (a set's order depends on the hash seed)


@lru_cache(maxsize=1024)
def _names(phrases: tuple[str, ...]) -> _Names:
    # The kinds and languages build the same sets of names many times over (a few hundred Phrases, a
    # quarter of them different): each is read once.
    return _Names(phrases)


class Phrases:
    """Names a section or column may go by: phrases matched as whole words, or 're:' regexes."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: tuple[str, ...] = tuple(dict.fromkeys(phrases))
        names = _names(self.phrases)
        self._names = names
        self._patterns = names.patterns
        self._substrings = names.substrings
        self._headers = names.headers
        self._word_phrases = names.word_phrases

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def __repr__(self) -> str:
        return f"Phrases({list(self.phrases)!r})"

    def __add__(self, other: Phrases) -> Phrases:
        return Phrases((*self.phrases, *other.phrases))

    def in_title(self, title: str) -> bool:
        """True when one of the phrases occurs in the title as whole words."""
        return self.find(title) is not None

    def find(self, title: str) -> str | None:
        """The phrase (as folded words, or the CJK substring) found in the title, or None."""
        known = self._names.found
        if title in known:
            return known[title]
        events = user_regex.timeout_events()
        found = self._find(title)
        if user_regex.timeout_events() != events:
            return found  # a user pattern ran out of time: the next document asks again (and is told so)
        if len(known) >= 4096:  # keep it bounded in a long-running process
            known.clear()
        known[title] = found
        return found

    def _find(self, title: str) -> str | None:
        for pattern in self._patterns:
            found = pattern.search(title)
            if found:
                return str(found.group())
        if self._substrings:
            folded = fold(title)
            for sub in self._substrings:
                if sub in folded:
                    return sub
        if self._word_phrases:
            return self._search(words(title))
        return None

    def _search(self, tokens: tuple[str, ...], first_only: bool = False) -> str | None:
        """The phrase that ``(?<!\\S)(?:phrases, longest first)(?!\\S)`` finds in the tokens joined by spaces.

        A match starts and ends at a word's edges, so it is a run of the tokens: the first
        word it can start at, and there the run of most words (the longest alternative).
        """
        names = self._names
        if len(tokens) > _FEW_WORDS and not first_only:
            if names.regex is None:
                alternatives = "|".join(re.escape(p) for p in sorted(self._word_phrases, key=_longest_first))
                names.regex = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)")
            found = names.regex.search(" ".join(tokens))
            return found.group() if found else None
        for start in range(1 if first_only else len(tokens)):
            for size in names.sizes:
                if start + size <= len(tokens):
                    candidate = " ".join(tokens[start : start + size])
                    if candidate in self._word_phrases:
                        return candidate
        return None

    def is_header(self, header: str) -> bool:
        """True when a table header is one of the phrases (compared whole)."""
        known = self._names.headers_seen
        if header in known:
            return known[header]
        events = user_regex.timeout_events()
        answer = self._is_header(header)
        if user_regex.timeout_events() != events:
            return answer  # as in find(): not kept
        if len(known) >= 4096:  # keep it bounded in a long-running process
            known.clear()
        known[header] = answer
        return answer

    def _is_header(self, header: str) -> bool:
        if normalize_header(header) in self._headers:
            return True
        return any(pattern.fullmatch(header.strip()) for pattern in self._patterns)

    def starts(self, text: str) -> bool:
        """True when the text starts with one of the phrases (a label such as 'Akzeptanzkriterien:')."""
        if self._word_phrases and self._search(words(text), first_only=True) is not None:
            return True
        folded = fold(text).lstrip()
        return any(folded.startswith(sub) for sub in self._substrings) or any(
            pattern.match(text.strip()) for pattern in self._patterns
        )
