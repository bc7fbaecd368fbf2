"""prdlint.prefilter: a prefiltered pattern finds exactly what the pattern does."""

from __future__ import annotations

import random
import re
import sys

import pytest

from prdlint.analysis.placeholders import Vocabulary
from prdlint.kinds.packs import builtin_pack
from prdlint.prefilter import prefiltered

PATTERNS = [
    r"\b(?:TBD|TBC|TBA|tbd)\b",
    r"(?i)\blorem\s+ipsum\b",
    r"(?<![\w$])\$X+(?:\.X+)?\b|\bXX%|(?<![\w.])X\.X(?:\.X)?\b",
    r"\{\{\s*[A-Za-z_][\w.\- ]*\}\}",
    r"(?<![{$\w])\{[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\}(?!\})",
    r"\b(?:Q[1-4X]\s+)?YYYY\b",
    r"<your[-_ ][^<>\n]*>",
    r"(a)\1b",
    r"(?:ab|cd)+e|x?y",
    r"(?P<word>[A-Z]{2,})-(?P=word)",
    "(?i:k)elvin|\u017f",  # the Kelvin sign and the long s match k and s ignoring case
    r"(?m)^[#>] *todo$",
    r"\b(?:YYYY-MM|\d{4}-(?:\d{2}|XX)-XX)\b",  # digits start a match: '\d' joins the look-ahead
    r"\s*:X|[\d.]+%",
]
ALPHABET = [*"aAbBcdeklxXyYsSTBDQ1$%.{}_-<>#\n ", "TBD", "lorem ipsum", "LOREM  IPSUM", "{{ name }}",
            "{PROJECT_NAME}", "$X.X", "XX%", "Q3 YYYY", "<your name>", "aab", "cdabe", "\u212aelvin", "ABC-ABC",
            "# TODO", "\u017f", "\u0663", "\u00a0", ":", "2024-XX-XX", "\t"]


def _random_texts(count: int) -> list[str]:
    chooser = random.Random(9)
    return ["".join(chooser.choice(ALPHABET) for _ in range(chooser.randint(0, 40))) for _ in range(count)]


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(found.span(), found.groups()) for found in pattern.finditer(text)]


@pytest.mark.parametrize("source", PATTERNS)
def test_the_same_matches_and_groups(source: str) -> None:
    for flags in (0, re.IGNORECASE):
        if flags and source.startswith("(?"):
            continue
        pattern = re.compile(source, flags)
        faster = prefiltered(pattern)
        assert faster.groups == pattern.groups and faster.groupindex == pattern.groupindex
        for text in _random_texts(400):
            assert _matches(faster, text) == _matches(pattern, text), (source, text)


def test_a_look_ahead_is_added_where_the_first_characters_are_known() -> None:
    assert prefiltered(re.compile(r"\bTBD\b")).pattern == r"(?=[T])(?:\bTBD\b)"
    assert prefiltered(re.compile(r"(?i)\blorem")).pattern == r"(?=(?i:[l]))(?:(?i:\blorem))"
    assert prefiltered(re.compile(r"\bX|\d+")).pattern == r"(?=[X\d])(?:\bX|\d+)"


@pytest.mark.parametrize("source", [r"\w+", r"a*", r"x|", r"[^x]y", r".z", r"\d{2}", r"(?>ab)c", r"(?s:a)b"])
def test_patterns_it_cannot_read_are_left_alone(source: str) -> None:
    pattern = re.compile(source)
    assert prefiltered(pattern) is pattern


def test_the_placeholder_vocabulary_finds_what_its_patterns_do() -> None:
    data = builtin_pack("placeholders")["placeholders"]
    builtin = Vocabulary.build(data)
    vocabulary = Vocabulary.build(data, {"patterns": [r"\bPROJ-NNN\b"], "code-patterns": [r"^\s*TODO:"]})
    assert not vocabulary.code_values_per_block  # '^' sees a line's start differently from a block's
    plain = [*(re.compile(t["pattern"]) for t in data["tokens"]), re.compile(r"\bPROJ-NNN\b")]
    texts = [*_random_texts(300), "Ticket PROJ-NNN", "due YYYY-MM-DD", "lorem ipsum", "TODO: x"]
    for text in texts:
        for token, pattern in zip(vocabulary.tokens, plain, strict=True):
            assert [(found.span(), found.groups()) for found in token.pattern.finditer(text)] == _matches(pattern, text)
        found = any(pattern.search(text) for pattern in plain[:-1])
        assert (builtin.token_filter.search(text) is not None) == found
        # A configured pattern runs only under its time budget (prdlint.user_regex), never inside the
        # filter's union: with one, the filter skips no text.
        assert vocabulary.token_filter.search(text) is not None


def test_the_characters_folding_to_ascii_are_every_one_that_matches_a_letter_ignoring_case() -> None:
    import importlib

    from prdlint import prefilter

    kinds = importlib.import_module("prdlint.kinds.expectations")  # the package's name 'expectations' is a function

    every = "".join(chr(code) for code in range(128, sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    matching = {found.group() for found in re.finditer("[a-z]", every, re.IGNORECASE)}
    assert matching == {chr(code) for code in prefilter._FOLDS_TO_ASCII} == set(kinds._FOLDS_TO_ASCII)


def test_the_grouped_vague_term_pattern_finds_what_one_alternation_finds() -> None:
    from prdlint.kinds.expectations import measurability, term_alternatives

    vocabulary = measurability()
    terms = [t.term for t in vocabulary.vague_terms]
    alternatives = term_alternatives(terms)
    # Every spelling as one alternation, longest first; a leading wildcard's compounds last, as grouped.
    parts = [regex for regex, first in alternatives if first] + [regex for regex, first in alternatives if not first]
    plain_pattern = re.compile("|".join(parts), re.IGNORECASE)
    assert vocabulary.vague_pattern.pattern.startswith("(?=[")  # grouped
    chooser = random.Random(17)
    spellings = [term.strip("*") for term in terms] + ["developer", "facil", "verstaendlich", "to-read"]
    pieces = [*spellings, *(t.upper() for t in spellings), " ", "-", "/", ".", "x", "\n", "10", "\u212a", "\u017f"]
    for _ in range(3000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 8)))
        assert _matches(vocabulary.vague_pattern, text) == _matches(plain_pattern, text), text


def test_phrases_find_what_one_regex_of_them_finds() -> None:
    from prdlint.kinds.phrases import Phrases, words

    chooser = random.Random(5)
    vocabulary = ["risk", "risks", "mitigation", "plan", "user", "stories", "story", "acceptance", "criteria",
                  "non-functional", "requirements", "test", "plan", "in", "scope", "KPIs", "success", "metrics"]
    for _ in range(300):
        names = [" ".join(chooser.choice(vocabulary) for _ in range(chooser.randint(1, 3))) for _ in range(6)]
        phrases = Phrases(names)
        folded = {" ".join(words(name)) for name in names if words(name)}
        alternatives = "|".join(re.escape(p) for p in sorted(folded, key=len, reverse=True))
        regex = re.compile(rf"(?<!\S)(?:{alternatives})(?!\S)")
        for _ in range(20):
            title = " ".join(chooser.choice([*vocabulary, "6.2", "&", "Other"]) for _ in range(chooser.randint(0, 20)))
            haystack = " ".join(words(title))
            found = regex.search(haystack)
            assert phrases.find(title) == (found.group() if found else None), (names, title)
            assert phrases.starts(title) == bool(found and found.start() == 0), (names, title)


def test_patterns_that_need_a_character_outside_ascii_are_not_tried_on_ascii_text() -> None:
    from prdlint.kinds.languages import lexicon
    from prdlint.prefilter import as_one, needs_non_ascii

    assert needs_non_ascii(re.compile("として"))
    assert needs_non_ascii(re.compile(r"[^\n]{1,40}?(?:として|로서)"))
    assert not needs_non_ascii(re.compile(r"(?:として)?x"))  # optional
    assert not needs_non_ascii(re.compile("\u212a", re.IGNORECASE))  # the Kelvin sign matches k ignoring case
    assert not needs_non_ascii(re.compile(r"é|e"))
    stories = lexicon().story_patterns()
    (one,) = as_one(stories)
    chooser = random.Random(13)
    pieces = ["As a ", "user ", "I want ", "私は", "ユーザーとして", "저는 ", "사용자로서", "作为", "用户", "我想要",
              "\n", "x", " ", "so that ", "Als ", "ik ", "wil "]
    for _ in range(3000):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 8)))
        assert (one.match(text) is not None) == any(p.match(text) for p in stories), text
        assert (one.search(text) is not None) == any(p.search(text) for p in stories), text
