"""Test-coverage targets stated in a document: the facts behind PRD301-PRD304.

A target is a percentage (or a bare number after "coverage:") in a sentence, list
item or table row that speaks of *test* coverage: one that says test, code, line,
branch, statement, unit ..., or sits in a testing section. Recognised forms
include "≥ 80%", ">= 80% line coverage", "85%+", "at least 90 percent", "80%
branch coverage", "coverage: 80", and a number in a table column headed like
"Coverage Target". A number that is a measurement ("last run: 87%", "currently
72% (target: 80%)") is not a target.

Each target has a scope: its kind (line, branch, statement, function, unit,
integration ...) and its area (the "(business logic)" or "on the data pipeline"
after it, a list item's label, a table row's first cell). Two targets conflict
(PRD303) only when kind and area are the same and they come from different
sentences. A coverage goal without a number ("comprehensive test coverage") is a
vague target (PRD302).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from prdlint.analysis.text import label_of, plain, sentences
from prdlint.kinds import measurability, normalize_header
from prdlint.kinds.languages import Lexicon
from prdlint.kinds.phrases import CJK
from prdlint.model import CodeBlock, Heading, HtmlBlock, ListItem, Paragraph, Prose, Section, Table
from prdlint.prefilter import compile_prefiltered

if TYPE_CHECKING:
    from prdlint.analysis.facts import ProfileFacts
    from prdlint.model import Block
    from prdlint.model import Heading as HeadingT

_TEST_CONTEXT = re.compile(
    r"\b(?:tests?|testing|tested|code|line|lines|branch(?:es)?|statements?|functions?|conditions?|mutation|"
    r"unit|integration|e2e|end-to-end|pytest(?:-cov)?|jest|vitest|coverage\.py|istanbul|nyc|jacoco|codecov|"
    r"coveralls|sonar\w*|cov)\b",
    re.IGNORECASE,
)
_KINDS = re.compile(
    r"\b(line|branch|statement|function|condition|mutation|unit|integration|e2e|end-to-end|widget|component|ui|"
    r"api|service|contract|system|acceptance|smoke|snapshot|golden|frontend|backend)"
    r"(?:s|es)?\b(?:\s+tests?)?",
    re.IGNORECASE,
)
# The white space after the operator belongs to the operator's group: a bare "\s*" in front of the number
# would be retried from every position of a run of spaces (quadratic).
_PERCENT = re.compile(
    r"(?:(?P<op>≥|>=|=>|>|≤|<=|<|at\s+least|minimum(?:\s+of)?|min\.?|no\s+less\s+than|not\s+less\s+than|above|"
    r"over|below|under|more\s+than|greater\s+than)\s*)?"
    r"(?<!\d)(?P<num>-?\d+(?:[.,]\d+)?)\s*(?P<unit>%|percent\b|per\s+cent\b|pct\b)\s*(?P<plus>\+)?"
)
_BARE = re.compile(
    r"\bcoverage\b(?:\s+(?:target|goal|threshold|minimum|floor|requirement))?\s*(?::|=|of|≥|>=|>|at\s+least)\s*"
    r"(?P<num>-?\d+(?:[.,]\d+)?)(?![\d.,]*\s*(?:%|percent|ms|s\b|x\b|/|[a-z]))",
    re.IGNORECASE,
)
_TARGET_WORDS = re.compile(
    r"\b(?:target|targets|goal|goals|threshold|minimum|min|must|shall|should|require[sd]?|requirement|"
    r"at\s+least|achieve|maintain|aim|expected|gate|fail[_-]?under|no\s+less)\b",
    re.IGNORECASE,
)
_MEASURED_WORDS = re.compile(
    r"\b(?:measured|measurement|currently|current|actual|was|were|reached|achieved|last\s+run|baseline|"
    r"prior\s+to|after\s+merging|before\s+merging|today|now\s+at|is\s+at)\b",
    re.IGNORECASE,
)
_AREA_AFTER = re.compile(
    r"^\s*(?:(?:line|branch|statement|function|test|code|unit|integration)\s+)*(?:coverage\s*)?"
    r"(?:\((?P<paren>[^()]{2,80})\)|(?:on|for|in|of|across)\s+(?:the\s+)?(?P<words>[\w][\w \-/+&]{1,60}))",
    re.IGNORECASE,
)
# Only split at the first stop: a match starts where a run of white space starts (linear, not quadratic).
_AREA_STOP = re.compile(r"(?<!\s)\s*(?:,|;|\.|\bwith\b|\band\s+(?=\d)|\bor\b|\u2014|\u2013|\s-\s|$)")
_MEASUREMENT_HEADERS = re.compile(r"\b(?:current|actual|measured|baseline|today|now|last)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CoverageTarget:
    """A numeric coverage target stated in a testing section."""

    value: float
    line: int
    col: int
    end_line: int
    end_col: int
    text: str
    kind: str  # '' for unspecified
    area: str  # '' for unspecified
    group: tuple[int, int]  # (line, col) of the sentence or table row it came from

    @property
    def scope(self) -> tuple[str, str]:
        return (self.kind, self.area)

    def describe_scope(self) -> str:
        parts = [p for p in (self.kind, self.area) if p]
        return " / ".join(parts) if parts else "overall"


@dataclass(frozen=True)
class VagueCoverage:
    """A coverage requirement stated with an adjective instead of a number."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass
class CoverageFacts:
    """The coverage targets and vague coverage statements of one document."""

    targets: list[CoverageTarget] = field(default_factory=list)
    vague: list[VagueCoverage] = field(default_factory=list)
    testing_heading: HeadingT | None = None


@dataclass(frozen=True)
class _Patterns:
    """What coverage is called, and how a goal is said without a number, in every language."""

    coverage: re.Pattern[str]
    negation: re.Pattern[str]
    vague: re.Pattern[str]
    vague_testing: re.Pattern[str]
    more_coverage: re.Pattern[str]
    scopes: tuple[tuple[str, re.Pattern[str]], ...]  # canonical scope, the words naming it in any language


def _words(words: Iterable[str]) -> str:
    """Words as alternatives: Latin ones as whole words, CJK ones as they are (no word boundaries there)."""
    latin: list[str] = []
    other: list[str] = []
    for word in sorted(set(words), key=lambda word: (-len(word), word)):
        escaped = r"\s+".join(re.escape(part) for part in word.split())
        (other if CJK.match(word) else latin).append(escaped)
    parts = [rf"\b(?:{'|'.join(latin)})\b"] if latin else []
    parts += [f"(?:{'|'.join(other)})"] if other else []
    return "|".join(parts) or "(?!)"


@lru_cache(maxsize=8)
def _patterns(lexicon: Lexicon) -> _Patterns:
    # Prefiltered (prdlint/prefilter.py): the same matches, without trying the whole alternation everywhere.
    adjectives = _words(measurability(lexicon).coverage_adjectives)
    coverage = _words(["coverage", *lexicon.coverage_words])
    kinds = (
        r"(?:\s+(?:test|tests|testing|code|unit|integration|e2e|line|branch|automated|automation|statement|and|"
        r"end-to-end|regression)){0,3}"
    )
    return _Patterns(
        coverage=compile_prefiltered(coverage, re.IGNORECASE),
        negation=compile_prefiltered(
            rf"(?:{_words(lexicon.coverage_negations)})(?:\s+\w+){{0,2}}\s*$", re.IGNORECASE
        ),
        vague=compile_prefiltered(rf"(?:{adjectives}){kinds}\s+(?:{coverage})", re.IGNORECASE),
        vague_testing=compile_prefiltered(
            rf"(?:{adjectives})(?:\s+(?:unit|integration|e2e|end-to-end|automated|automation|regression|manual|"
            r"functional|api|ui))?\s+(?:tests|testing)\b"
            # "we want the testing to be thorough", "coverage should be comprehensive"
            rf"|\b(?:tests|testing|coverage)\s+(?:to\s+be|should\s+be|must\s+be|will\s+be|shall\s+be|needs?\s+to\s+be)\s+"
            rf"(?:very\s+|really\s+)?(?:{adjectives})\b",
            re.IGNORECASE,
        ),
        more_coverage=compile_prefiltered(
            rf"\b(?:increase|improve|raise|grow|expand|extend|boost|maximi[sz]e)\w*\s+(?:the\s+|our\s+)?"
            rf"(?:[\w-]+\s+){{0,2}}(?:{coverage})",
            re.IGNORECASE,
        ),
        scopes=tuple(
            (scope, re.compile(_words(words), re.IGNORECASE)) for scope, words in lexicon.coverage_scopes.items()
        ),
    )


# A coverage goal is being set: a modal, an intent or an imperative ("should", "we aim", "Increase ...").
_GOAL = re.compile(
    r"\b(?:should|must|shall|will|need|needs|require[sd]?|aim|aims|target|goal|ensure|strive|want|plan|expect|"
    r"achieve|maintain|increase|improve|raise|grow|expand|extend|add|write|provide|pursue|incorporat\w*|"
    r"propos\w*|intend)\b",
    re.IGNORECASE,
)
# ... or an existing state is being described ("the code demonstrates extensive test coverage").
_DESCRIPTIVE = re.compile(
    r"\b(?:has|have|had|demonstrates?|demonstrated|shows?|showed|shown|achieved|reached|was|were|includes?|"
    r"included|gives|gave)\b",
    re.IGNORECASE,
)
# "Improved test coverage from 96% to 99%": a change that happened, so both numbers are measurements.
_CHANGE = re.compile(r"\b\w+ed\b[^.\n]{0,60}?\bfrom\s+\d+(?:[.,]\d+)?\s*%?\s*to\s+\d", re.IGNORECASE)


def _kind(text: str, scopes: Iterable[tuple[str, re.Pattern[str]]] = ()) -> str:
    kinds = {found.group(1).lower().replace("end-to-end", "e2e") for found in _KINDS.finditer(text)}
    kinds.update(scope for scope, words in scopes if words.search(text))
    return "+".join(sorted(kinds))


def _clean_area(text: str) -> str:
    text = _AREA_STOP.split(text, maxsplit=1)[0] if text else ""
    return " ".join(normalize_header(text).split())


class _Finder:
    def __init__(self, facts: ProfileFacts) -> None:
        self.facts = facts
        self.roles = facts.roles
        self.placeholders = facts.analysis.placeholders
        self.result = CoverageFacts()
        self.item_texts: set[int] = set()
        self.patterns = _patterns(facts.expectations.lexicon)
        # A test strategy is about testing throughout: every part of it is a testing section.
        self.whole_document_tests = facts.expectations.kind == "test-strategy"

    def run(self) -> CoverageFacts:
        self.result.testing_heading = self.roles.heading_of("testing")
        self.item_texts = {
            id(block.blocks[0]) for block in self.facts.document.walk() if isinstance(block, ListItem) and block.blocks
        }
        for block in self.facts.document.walk():
            if isinstance(block, (CodeBlock, HtmlBlock)):
                continue
            if isinstance(block, Table):
                self._table(block)
            elif isinstance(block, Heading):
                continue
            else:
                for prose in block.prose():
                    self._prose(prose, block)
        return self.result

    def _in_testing(self, block: Block) -> bool:
        return self.whole_document_tests or self.roles.block_within(block, "testing") is not None

    def _is_goal(self, sentence: str, block: Block, testing: bool) -> bool:
        """Whether a sentence sets a coverage goal (rather than describing the tests that exist)."""
        if _DESCRIPTIVE.search(sentence):
            return False
        return bool(_GOAL.search(sentence)) or id(block) in self.item_texts

    def _prose(self, prose: Prose, block: Block) -> None:
        masked = prose.scan.masked
        coverage = self.patterns.coverage
        if not coverage.search(masked) and "%" in masked and self._under_coverage_heading(block):
            # "## Test Coverage Goals" over "- **Overall**: 80%": the heading says what the numbers are.
            label = label_of(prose)
            area = _clean_area(plain(label.label)) if label is not None else ""
            for start, end in sentences(masked):
                if "%" in masked[start:end]:
                    self._sentence(prose, block, start, end, area, True)
            return
        if not coverage.search(masked):
            # Its match ends in 'tests' or 'testing' ignoring case (the long s U+017F is an 's'): rare in a text.
            lowered = masked.lower()
            if ("test" in lowered or "te\u017ft" in lowered) and self.patterns.vague_testing.search(masked):
                self._vague_testing(prose, block, masked)
            return
        testing = self._in_testing(block)
        label = (
            label_of(prose)
            if isinstance(block, Paragraph) or prose is getattr(block, "first_text", None)
            else None
        )
        label_area = ""
        if (
            label is not None
            and not coverage.search(label.label)
            and not _TARGET_WORDS.search(label.label)
            and not any(p.fullmatch(plain(label.label).strip()) for p in self.facts.expectations.ids)
        ):
            label_area = _clean_area(plain(label.label))
        for start, end in sentences(masked):
            sentence = masked[start:end]
            if not coverage.search(sentence):
                continue
            if not (testing or _TEST_CONTEXT.search(sentence) or self._test_words(sentence)):
                continue
            self._sentence(prose, block, start, end, label_area, testing)

    def _under_coverage_heading(self, block: Block) -> bool:
        """A list item under a heading that names test coverage ('Test Coverage Goals', 'Testabdeckung')."""
        if id(block) not in self.item_texts:
            return False
        section: Section | None = self.roles.section_of(block)
        # Not the document's title ("# Test Coverage Plan" holds every section, the notes too).
        while section is not None and section.heading is not None and id(section) not in self.roles.title_sections:
            title = plain(section.title)
            if self.patterns.coverage.search(title):
                return self._in_testing(block) or any(
                    self._test_words(plain(s.title)) for s in (section, *section.ancestors()) if s.heading is not None
                )
            section = section.parent
        return False

    def _labelled_testing(self, prose: Prose, block: Block) -> bool:
        """'- **Testing**: comprehensive testing across formats': a field that states the testing."""
        if not (isinstance(block, Paragraph) or prose is getattr(block, "first_text", None)):
            return False
        label = label_of(prose)
        return label is not None and self._test_words(plain(label.label))

    def _test_words(self, sentence: str) -> bool:
        """The sentence names testing in one of the languages ('Testabdeckung', 'cobertura de pruebas')."""
        return self.facts.expectations.section_names("testing").in_title(sentence)

    def _vague_testing(self, prose: Prose, block: Block, masked: str) -> None:
        """'I want comprehensive unit tests', 'incorporating comprehensive automation testing': no number."""
        testing = self._in_testing(block) or self._labelled_testing(prose, block)
        if not testing:
            return
        for start, end in sentences(masked):
            sentence = masked[start:end]
            if _numbers_in(sentence) or _PERCENT_BLANK.search(sentence) or not self._is_goal(sentence, block, testing):
                continue
            for found in self.patterns.vague_testing.finditer(sentence):
                self._add_vague(prose, start + found.start(), start + found.end())

    def _sentence(
        self, prose: Prose, block: Block, start: int, end: int, label_area: str, testing: bool
    ) -> None:
        masked = prose.scan.masked
        sentence = masked[start:end]
        numbers = list(_numbers(sentence, self.patterns.negation))
        group = prose.position(start)
        if not numbers:
            if _numbers_in(sentence) or _PERCENT_BLANK.search(sentence) or not self._is_goal(sentence, block, testing):
                return  # a number that is no target ("not 100%"), or a description of the tests there are
            found_any = False
            for found in self.patterns.vague.finditer(sentence):
                found_any = True
                self._add_vague(prose, start + found.start(), start + found.end())
            if not found_any:
                for found in self.patterns.more_coverage.finditer(sentence):
                    self._add_vague(prose, start + found.start(), start + found.end())
            return
        explicit = [n for n in numbers if n.explicit]
        measured = bool(_MEASURED_WORDS.search(sentence) or _CHANGE.search(sentence))
        for number in numbers:
            if not number.explicit and (explicit or measured):
                continue
            s, e = start + number.start, start + number.end
            if self.placeholders.covers(*prose.position(s), *prose.end_position(e)):
                continue
            after = sentence[number.end :]
            area_match = _AREA_AFTER.match(after)
            area = ""
            if area_match:
                area = _clean_area(area_match.group("paren") or area_match.group("words") or "")
            around = sentence[max(0, number.start - 40) : number.end + 40]
            scopes = self.patterns.scopes
            kind = _kind(_window(sentence, number.start, number.end), scopes)
            kind = kind or _kind(_before_parenthesis(sentence, number.start), scopes)
            self._add(number.value, prose, s, e, kind, area or label_area, group, around)

    def _add(
        self,
        value: float,
        prose: Prose,
        start: int,
        end: int,
        kind: str,
        area: str,
        group: tuple[int, int],
        _context: str,
    ) -> None:
        line, col = prose.position(start)
        end_line, end_col = prose.end_position(end)
        self.result.targets.append(
            CoverageTarget(
                value, line, col, end_line, end_col, prose.text[start:end].strip(), kind, area, group
            )
        )

    def _add_vague(self, prose: Prose, start: int, end: int) -> None:
        line, col = prose.position(start)
        end_line, end_col = prose.end_position(end)
        self.result.vague.append(VagueCoverage(line, col, end_line, end_col, prose.text[start:end]))

    def _table(self, table: Table) -> None:
        headers = table.columns
        testing = self._in_testing(table)
        coverage = self.patterns.coverage
        coverage_columns = {
            i for i, h in enumerate(headers) if coverage.search(h) and not _MEASUREMENT_HEADERS.search(h)
        }
        measured_columns = {i for i, h in enumerate(headers) if _MEASUREMENT_HEADERS.search(h)}
        for row in table.rows:
            cells = row.cells
            row_mentions = any(
                coverage.search(c.text.scan.masked) and (testing or _TEST_CONTEXT.search(c.text.scan.masked))
                for c in cells
            )
            first = plain(cells[0].value) if cells else ""
            # A row's label names its scope whole ("Backend - API" and "Backend - Services" are two);
            # a label that names coverage itself ("Branch coverage") says its kind instead.
            row_area = "" if coverage.search(first) else " ".join(normalize_header(first).split())
            row_kind = _kind(first, self.patterns.scopes) if coverage.search(first) else ""
            for index, cell in enumerate(cells):
                if index in measured_columns:
                    continue
                header = headers[index] if index < len(headers) else ""
                in_column = index in coverage_columns and (
                    testing or _TEST_CONTEXT.search(header) is not None
                )
                masked = cell.text.scan.masked
                own = coverage.search(masked) is not None and (
                    testing or _TEST_CONTEXT.search(masked) is not None
                )
                if not (in_column or own or row_mentions):
                    continue
                numbers = list(_numbers(masked, self.patterns.negation))
                if not numbers and own:
                    for found in self.patterns.vague.finditer(masked):
                        self._add_vague(cell.text, found.start(), found.end())
                explicit = [n for n in numbers if n.explicit]
                for number in numbers:
                    if not number.explicit and (explicit or _MEASURED_WORDS.search(masked)):
                        continue
                    if index == 0 and not own:
                        continue
                    if self.placeholders.covers(
                        *cell.text.position(number.start), *cell.text.end_position(number.end)
                    ):
                        continue
                    kind = _kind(f"{header} {_window(masked, number.start, number.end)}", self.patterns.scopes)
                    kind = kind or row_kind
                    after = _AREA_AFTER.match(masked[number.end :])
                    area = _clean_area(after.group("paren") or after.group("words") or "") if after else ""
                    self._add(
                        number.value,
                        cell.text,
                        number.start,
                        number.end,
                        kind,
                        area or row_area,
                        (row.line, 0),
                        masked,
                    )


# "[X]% of total tests", "XX %": a percentage left to fill in, which the placeholder rules report; not a vague goal.
_PERCENT_BLANK = re.compile(r"\[[^\[\]\n]{1,12}\]\s?%|(?<![\w.])(?:X{1,3}|N{1,3}|#{1,3})\s?%")


def _before_parenthesis(sentence: str, start: int) -> str:
    """'widget tests passing (50%+ coverage)': the words before the parenthesis a number is in."""
    opening = sentence.rfind("(", 0, start)
    if opening < 0 or ")" in sentence[opening:start]:
        return ""
    left = max(sentence.rfind(",", 0, opening), sentence.rfind(";", 0, opening), sentence.rfind("\n", 0, opening))
    return sentence[left + 1 : opening]


def _window(sentence: str, start: int, end: int) -> str:
    """The words around a number, up to the neighbouring numbers: where its kind is said."""
    left = max(sentence.rfind(",", 0, start), sentence.rfind(";", 0, start), sentence.rfind("(", 0, start))
    right_candidates = [i for i in (sentence.find(",", end), sentence.find(";", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(sentence)
    return sentence[left + 1 : right]


@dataclass(frozen=True)
class _Number:
    """A number in a text, with its offsets."""

    value: float
    start: int
    end: int
    explicit: bool  # an operator, a '+', or a target word right before it


def _numbers_in(text: str) -> bool:
    """Whether a text states a percentage at all (a target or not)."""
    return _PERCENT.search(text) is not None and any(found.group("unit") for found in _PERCENT.finditer(text))


def _numbers(text: str, negation: re.Pattern[str] | None = None) -> Iterator[_Number]:
    """The coverage numbers of a text, but those a negation takes back ("not 100%", "rather than 90%")."""
    taken: list[tuple[int, int]] = []
    for found in _PERCENT.finditer(text):
        value = float(found.group("num").replace(",", "."))
        before = text[max(0, found.start() - 30) : found.start()]
        explicit = bool(
            found.group("op")
            or found.group("plus")
            or re.search(
                r"\b(?:target|goal|threshold|minimum|min|floor|required?|at\s+least)\b\W*$",
                before,
                re.IGNORECASE,
            )
        )
        start = found.start("op") if found.group("op") else found.start("num")
        taken.append((found.start(), found.end()))
        if not found.group("op") and negation is not None and negation.search(text, 0, found.start("num")):
            continue
        yield _Number(value, start, found.end(), explicit)
    for found in _BARE.finditer(text):
        if any(s <= found.start("num") < e for s, e in taken):
            continue
        yield _Number(float(found.group("num").replace(",", ".")), found.start("num"), found.end("num"), True)


def find_coverage(facts: ProfileFacts) -> CoverageFacts:
    return _Finder(facts).run()
