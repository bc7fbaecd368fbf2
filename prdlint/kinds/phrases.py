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

from prdlint.user_regex import UserPattern

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


class Phrases:
    """Names a section or column may go by: phrases matched as whole words, or 're:' regexes."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: tuple[str, ...] = tuple(dict.fromkeys(phrases))
        patterns: list[UserPattern] = []
        substrings: list[str] = []
        word_phrases: list[str] = []
        for phrase in self.phrases:
            if phrase.startswith("re:"):  # may come from a pack, a vocabulary or rule options: under the budget
                patterns.append(UserPattern(phrase[3:], ignore_case=True, origin=f"'{phrase}'"))
            elif CJK.search(phrase):
                substrings.append(fold(phrase))
            else:
                tokens = words(phrase)
                if tokens:
                    word_phrases.append(" ".join(tokens))
        self._patterns = tuple(patterns)
        self._substrings = tuple(substrings)
        self._headers = frozenset(word_phrases) | frozenset(substrings)
        alternatives = "|".join(re.escape(p) for p in sorted(set(word_phrases), key=len, reverse=True))
        self._words = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)") if alternatives else None

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
        for pattern in self._patterns:
            found = pattern.search(title)
            if found:
                return str(found.group())
        if self._substrings:
            folded = fold(title)
            for sub in self._substrings:
                if sub in folded:
                    return sub
        if self._words is not None:
            found = self._words.search(" ".join(words(title)))
            if found:
                return found.group()
        return None

    def is_header(self, header: str) -> bool:
        """True when a table header is one of the phrases (compared whole)."""
        if normalize_header(header) in self._headers:
            return True
        return any(pattern.fullmatch(header.strip()) for pattern in self._patterns)

    def starts(self, text: str) -> bool:
        """True when the text starts with one of the phrases (a label such as 'Akzeptanzkriterien:')."""
        tokens = " ".join(words(text))
        if self._words is not None:
            found = self._words.search(tokens)
            if found and found.start() == 0:
                return True
        folded = fold(text).lstrip()
        return any(folded.startswith(sub) for sub in self._substrings) or any(
            pattern.match(text.strip()) for pattern in self._patterns
        )
