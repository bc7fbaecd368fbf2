"""Risk tables and list-style risks: the facts behind PRD401-PRD405.

A table is a risk table when its header has a risk column (Risk, Risk
Description, Threat ...) and one of the other risk columns (probability,
impact, mitigation), or when it sits in a risks section and has two of those
(its first column is then taken as the risk). Column names and rating scales are
the profile's (rules/<profile>.yaml, ``risks:``).

A list-style risk is a paragraph or list item labelled "Risk:" (or "Risk 2:", or
the risk column's name in any language: "Risiko:", "リスク:"); its mitigation is a
"Mitigation:"/"Response:"/"Plan:"/"Contingency:" label (or the mitigation column's
name: "Maßnahme:", "対策:") on a later line of the same text, in the item's nested
blocks or in the block right after it, or the word "mitigate(d)" in its own text.

A plain bullet of a section that lists risks ("## Risks", "### 14.2 Technische
Risiken") is a list-style risk too, when the document states no mitigation for it:
its own text names none (the languages' ``risk-words: mitigated``), it is one
sentence with no name before it ("**Vendor outage.**", "Outage:") and no second
clause after a dash or a colon (which is where a bullet's answer goes), it has
no nested details (its impact or probability aside: "(Impact: High)", "-
Likelihood: low"), and its section states mitigations nowhere else (no mitigation
label or heading, no paragraph after the list, no table). A section whose title
also names the handling of risks or what is listed beside them ("Risk
management", "Risks and Dependencies", "风险与挑战": the languages' ``risk-words:
companions``) holds measures and other things, not bare risks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from prdlint.analysis.sections import is_filler
from prdlint.analysis.text import Label, is_empty_value, label_of, labels_in, own_text, plain
from prdlint.kinds import Phrases, RiskExpectations
from prdlint.model import Block, BlockQuote, Heading, ListBlock, ListItem, Paragraph, Prose, Section, Table

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
# Where a bullet's second part starts: the answer to a risk is written after a dash, an arrow or a colon
# ("Vendor outage — fall back to the cache"), or in a sentence of its own.
_SECOND_PART = re.compile(r"\s[-\u2013\u2014]\s|[\u2013\u2014]|->|=>|\u2192|:\s|\uff1a|;|\uff1b")
_SENTENCE_BREAK = re.compile(r"[.!?](?:\s+|$)(?=\S)|[\u3002\uff01\uff1f](?=\S)")
_PARENTHESES = re.compile(r"[(\uff08]([^()\uff08\uff09]*)[)\uff09]")
_DETAIL_SEPARATORS = re.compile(r"[,;\u3001\uff0c\uff1b\u2013\u2014]|\s-\s|[.\u3002](?:\s|$)")
_NAMED_VALUE = re.compile(r"^(?P<name>[^:\uff1a*_]{1,30}?)[*_\s]*[:\uff1a][*_\s]*\S")
# "**Vendor lock-in.** ..." or "**Vendor lock-in**": a bold title the bullet's text follows.
_BOLD_TITLE = re.compile(r"^\s*(\*\*|__)[^*_\n]{1,80}?\1")


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
        words = facts.expectations.lexicon.risk_words
        self.mitigation_names = self.expectations.columns.get("mitigation") or Phrases(())
        self.companions = Phrases(words.get("companions", ())) + self.mitigation_names
        self.mitigated = Phrases(words.get("mitigated", ()))
        self.stated: dict[int, bool] = {}  # id(top risks section) -> whether it states mitigations

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
        labelled = {(risk.line, risk.col) for risk in self.result.list_risks}
        for section in self.result.risk_sections:
            self._plain_risks(section, labelled)
        return self.result

    def _plain_risks(self, section: Section, labelled: set[tuple[int, int]]) -> None:
        """The plain bullets of a section that lists risks and states no mitigation for them."""
        if any(isinstance(block, Table) for block in section.blocks):
            return  # a risk table's rows are PRD402's and PRD403's
        top = section
        while top.parent is not None and self.roles.has(top.parent, "risks"):
            top = top.parent
        current: Section | None = section
        while current is not None and current is not top.parent:
            if self.companions.in_title(current.title):
                return  # "Risk management", "Risks and Dependencies": measures and other things, not bare risks
            current = current.parent
        if self._states_mitigations(top):
            return  # "**Risk Mitigation:**" over a list of measures: the risks' mitigations are stated apart
        paragraphs = [i for i, block in enumerate(section.blocks) if isinstance(block, Paragraph)]
        last_paragraph = paragraphs[-1] if paragraphs else -1
        for index, block in enumerate(section.blocks):
            if not isinstance(block, ListBlock) or index < last_paragraph:
                continue  # a paragraph after the list may answer its risks
            for item in block.items:
                for risk in self._bare_risks(item):
                    if (risk.line, risk.col) not in labelled:
                        self.result.list_risks.append(risk)

    def _without_ratings(self, text: str) -> str:
        """A bullet's text without the ratings it gives ('(Impact: High)', '. Likelihood: low')."""
        body = _PARENTHESES.sub(lambda found: " " if self._ratings_only(found.group(1)) else found.group(), text)
        body = body.strip()
        breaks = [found.start() for found in (_SENTENCE_BREAK.search(body), _SECOND_PART.search(body)) if found]
        if breaks and self._ratings_only(body[min(breaks) :]):
            body = body[: min(breaks)].rstrip()
        return body

    def _ratings_only(self, text: str) -> bool:
        """'Impact: High, Likelihood: Medium': a risk's ratings, not its answer."""
        parts = [part.strip(" .*_") for part in _DETAIL_SEPARATORS.split(text)]
        parts = [part for part in parts if part]
        for part in parts:
            found = _NAMED_VALUE.match(part)
            if found is None or self.expectations.column_role(found.group("name")) not in ("impact", "probability"):
                return False
        return bool(parts)

    def _states_mitigations(self, top: Section) -> bool:
        """A mitigation label or heading anywhere in a risks section, or a '**Risk:**' label."""
        if id(top) not in self.stated:
            self.stated[id(top)] = self._find_mitigations(top)
        return self.stated[id(top)]

    def _find_mitigations(self, top: Section) -> bool:
        mitigation = self.mitigation_names
        for sub in top.walk():
            if sub is not top and mitigation.in_title(sub.title):
                return True
        for block in top.all_blocks():
            if isinstance(block, Heading):
                continue
            for inner in block.walk():
                prose = own_text(inner)
                label = label_of(prose) if prose is not None else None
                if label is not None and (
                    self._is_risk_label(label.label) or mitigation.in_title(plain(label.label))
                ):
                    return True
        return False

    def _bare_risks(self, item: ListItem) -> list[ListRisk]:
        """The item as a risk with no mitigation, or [] when it states one or may (see the module docstring)."""
        prose = item.first_text
        if item.task is not None or prose is None:
            return []
        text = prose.scan.masked
        if is_empty_value(text) or self.facts.analysis.is_placeholder(prose.text) or "](" in prose.text:
            return []
        nested = item.blocks[1:]
        if text.rstrip().endswith((":", "\uff1a")) and any(isinstance(b, ListBlock) for b in nested):
            # "- Technical:" over the risks themselves
            return [risk for b in nested if isinstance(b, ListBlock) for i in b.items for risk in self._bare_risks(i)]
        if self.mitigated.in_title(text) or _MITIGATED.search(text):
            return []
        for inner in (b for block in nested for b in block.walk()):
            inner_text = own_text(inner)
            if inner_text is None:
                if isinstance(inner, (ListBlock, ListItem, BlockQuote)) or is_filler(inner):
                    continue
                return []  # a table or code under the risk: details that may hold its answer
            detail = label_of(inner_text)
            if detail is None or self.expectations.column_role(detail.label) in (None, "risk", "mitigation"):
                return []  # an explanation or a mitigation under the risk
        body = self._without_ratings(text)
        if label_of(Prose.from_lines([body], [prose.line], [prose.col], None)) is not None or _BOLD_TITLE.match(body):
            return []  # "Vendor outage: ...", "**Stale cache.** ...": a name, and what follows may answer it
        if not body or _SENTENCE_BREAK.search(body) or _SECOND_PART.search(body):
            return []  # more than one sentence or a second part: it may say how the risk is handled
        first_line_end = prose.text.find("\n")
        end = first_line_end if first_line_end >= 0 else len(prose.text)
        end_line, end_col = prose.end_position(end)
        return [ListRisk(prose.line, prose.col, end_line, end_col, prose.text[:end], None)]

    def _is_risk_label(self, label: str) -> bool:
        label = plain(label)
        names = self.expectations.columns.get("risk")
        return bool(_RISK_LABEL.match(label)) or (names is not None and names.is_header(label))

    def _is_mitigation_label(self, label: str) -> bool:
        label = plain(label)
        names = self.expectations.columns.get("mitigation")
        return bool(_MITIGATION_LABEL.match(label)) or (names is not None and names.is_header(label))

    def _container(self, blocks: Sequence[Block]) -> None:
        for index, block in enumerate(blocks):
            prose = own_text(block)
            if prose is not None:
                label = label_of(prose)
                if (
                    label is not None
                    and self._is_risk_label(label.label)
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
            if later.start > label.start and self._is_mitigation_label(later.label):
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
                if found is not None and self._is_mitigation_label(found.label):
                    return found.value.split("\n", 1)[0].strip()
                if found is not None and self._is_risk_label(found.label):
                    return None  # the next risk: this one had none
        return None


def find_risks(facts: ProfileFacts) -> RiskFacts:
    return _Finder(facts).run()
