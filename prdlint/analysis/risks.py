"""Risk tables and list-style risks: the facts behind PRD401-PRD405.

A table is a risk table when its header has a risk column (Risk, Risk
Description, Threat ...) and one of the other risk columns (probability,
impact, mitigation), or when it sits in a risks section and has two of those
(its first column is then taken as the risk). Column names and rating scales are
the profile's (rules/<profile>.yaml, ``risks:``).

A list-style risk is a paragraph or list item labelled "Risk:" (or "Risk 2:");
its mitigation is a "Mitigation:"/"Response:"/"Plan:"/"Contingency:" label on a
later line of the same text, in the item's nested blocks or in the block right
after it, or the word "mitigate(d)" in its own text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from prdlint.analysis.text import Label, is_empty_value, label_of, labels_in, own_text, plain
from prdlint.kinds import RiskExpectations
from prdlint.model import Block, BlockQuote, ListBlock, ListItem, Prose, Section, Table

if TYPE_CHECKING:
    from prdlint.analysis.facts import ProfileFacts

_RISK_LABEL = re.compile(r"^(?:key\s+|main\s+|technical\s+|business\s+)?risk(?:\s*#?\s*\d+)?$", re.IGNORECASE)
_MITIGATION_LABEL = re.compile(
    r"^(?:mitigation|mitigations|mitigation\s+(?:strategy|plan)|response|plan|contingency|countermeasures?|"
    r"how\s+we(?:'ll|\s+will)\s+(?:address|mitigate)\s+it)$",
    re.IGNORECASE,
)
# "**Risk:** A potential event that could ...": a glossary explaining the word, not a risk.
_DEFINITION = re.compile(
    r"^\s*(?:an?|any)\s+(?:\w+\s+){0,2}(?:event|situation|condition|occurrence|uncertainty|possibility)\b",
    re.IGNORECASE,
)
_MITIGATED = re.compile(r"\bmitigat\w*|\bcontingency\b|\bfallback\b", re.IGNORECASE)
_RANGE_SEPARATOR = re.compile(r"-|\u2013|\u2014|to", re.IGNORECASE)
_ALTERNATIVES = re.compile(r"/|\||\bor\b", re.IGNORECASE)  # the parts are stripped: no \s* around it
_LEADING_SYMBOLS = re.compile(r"^[^\w(]+", re.UNICODE)
# A match starts only where a run of white space starts, so that splitting stays linear.
_HEAD_END = re.compile(
    r"(?<!\s)(?:\s+[-\u2013\u2014:]\s+|\s*[,;(]|\s*:\s*|\s+because\b|\s+due\b)", re.IGNORECASE
)
_FRACTION = re.compile(r"\A\d+\s*/\s*\d+\Z")
_NUMBER = re.compile(r"\A(\d+(?:\.\d+)?)\s*(%)?\Z")


@dataclass
class RiskTable:
    """A table of risks and the index of each column role it has."""

    table: Table
    columns: dict[str, int]  # role -> column index
    section: Section


@dataclass(frozen=True)
class ListRisk:
    """A risk written as a list item, with its mitigation if it states one."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str
    mitigation: str | None  # None: no mitigation at all; '' or '-': an empty one


@dataclass
class RiskFacts:
    """The risk tables, list risks and risk sections of one document."""

    tables: list[RiskTable] = field(default_factory=list)
    list_risks: list[ListRisk] = field(default_factory=list)
    risk_sections: list[Section] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.tables or self.list_risks or self.risk_sections)


def classify_table(
    table: Table, expectations: RiskExpectations, in_risk_section: bool
) -> dict[str, int] | None:
    """The role of each risk column of a table, or None when it is not a risk table."""
    columns: dict[str, int] = {}
    for index, header in enumerate(table.columns):
        role = expectations.column_role(header)
        if role is not None and role not in columns:
            columns[role] = index
    others = [role for role in columns if role != "risk"]
    if "risk" in columns and (others or in_risk_section):
        return columns
    if in_risk_section and len(others) >= 2:
        first_free = next((i for i in range(table.column_count) if i not in columns.values()), None)
        if first_free is not None:
            columns["risk"] = first_free
        return columns
    return None


def rating_problem(value: str, expectations: RiskExpectations) -> str | None:
    """Why a probability or impact value is not a rating on the scale, or None when it is one."""
    text = _LEADING_SYMBOLS.sub("", plain(value)).strip()
    if not text:
        return None
    parts = [p for p in _ALTERNATIVES.split(text) if p.strip()]
    if len(parts) > 1 and sum(1 for p in parts if _on_scale(p, expectations)) >= 2:
        if _FRACTION.match(text) and _numeric_fraction(text, expectations):
            return None
        return "alternatives"
    head = _HEAD_END.split(text, maxsplit=1)[0].strip()
    if _on_scale(head, expectations) or _on_scale(text, expectations):
        return None
    found = _range(head)
    if found and _on_scale(found[0], expectations) and _on_scale(found[1], expectations):
        return None
    if _FRACTION.match(head) and _numeric_fraction(head, expectations):
        return None
    return "off-scale"


def _range(text: str) -> tuple[str, str] | None:
    """'Low - Medium', '2 to 3': the two ends of a range.

    What ``^(.+?)\\s*(?:-|to)\\s*(.+)$`` matches (up to white space around the ends), in linear time.
    """
    if "\n" in text:
        return None
    found = _RANGE_SEPARATOR.search(text, 1)
    if found is None or found.end() >= len(text):
        return None
    return text[: found.start()], text[found.end() :]


def _numeric_fraction(text: str, expectations: RiskExpectations) -> bool:
    numerator, denominator = (float(p) for p in text.split("/"))
    return 0 <= numerator <= denominator


def _on_scale(word: str, expectations: RiskExpectations) -> bool:
    word = plain(word).strip().strip(".").casefold()
    if not word:
        return False
    if any(word in scale for scale in expectations.scales):
        return True
    number = _NUMBER.match(word)
    if number:
        value = float(number.group(1))
        if number.group(2):
            return expectations.percentages and 0 <= value <= 100
        low, high = expectations.numeric_scale or (1.0, 5.0)
        return low <= value <= high
    return False


class _Finder:
    def __init__(self, facts: ProfileFacts) -> None:
        self.facts = facts
        self.expectations = facts.expectations.risks
        self.roles = facts.roles
        self.result = RiskFacts()

    def run(self) -> RiskFacts:
        document = self.facts.document
        self.result.risk_sections = list(self.roles.sections("risks"))
        for table in document.tables():
            section = self.roles.section_of(table)
            in_risks = self.roles.within(section, "risks") is not None
            columns = classify_table(table, self.expectations, in_risks)
            if columns is not None:
                self.result.tables.append(RiskTable(table, columns, section))
        for section in document.root.walk():
            self._container(section.blocks)
        return self.result

    def _container(self, blocks: Sequence[Block]) -> None:
        for index, block in enumerate(blocks):
            prose = own_text(block)
            if prose is not None:
                label = label_of(prose)
                if (
                    label is not None
                    and _RISK_LABEL.match(plain(label.label))
                    and not is_empty_value(label.value.split("\n", 1)[0])
                    and not _DEFINITION.match(plain(label.value))
                ):
                    following = blocks[index + 1] if index + 1 < len(blocks) else None
                    self._risk(prose, label, block, following)
            if isinstance(block, ListItem):
                self._container(block.blocks[1:] if block.first_text is not None else block.blocks)
            elif isinstance(block, (ListBlock, BlockQuote)):
                self._container(block.children())

    def _risk(self, prose: Prose, label: Label, block: Block, following: Block | None) -> None:
        mitigation = self._mitigation(prose, label, block, following)
        line, col = prose.position(label.start)
        first_line_end = prose.text.find("\n")
        end = first_line_end if first_line_end >= 0 else len(prose.text)
        end_line, end_col = prose.end_position(end)
        self.result.list_risks.append(
            ListRisk(line, col, end_line, end_col, prose.text[label.start : end], mitigation)
        )

    def _mitigation(self, prose: Prose, label: Label, block: Block, following: Block | None) -> str | None:
        for later in labels_in(prose):
            if later.start > label.start and _MITIGATION_LABEL.match(plain(later.label)):
                return later.value.split("\n", 1)[0].strip()
        if _MITIGATED.search(prose.scan.masked[label.value_start :]):
            return "mentioned"
        nested: list[Block] = list(block.blocks[1:]) if isinstance(block, ListItem) else []
        if following is not None:
            nested.append(following)
        for candidate in nested:
            for inner in candidate.walk():
                text = own_text(inner)
                if text is None:
                    continue
                found = label_of(text)
                if found is not None and _MITIGATION_LABEL.match(plain(found.label)):
                    return found.value.split("\n", 1)[0].strip()
                if found is not None and _RISK_LABEL.match(plain(found.label)):
                    return None  # the next risk: this one had none
        return None


def find_risks(facts: ProfileFacts) -> RiskFacts:
    return _Finder(facts).run()
