"""User stories and their acceptance criteria: the facts behind PRD201-PRD203.

A story is one of:

- a heading that names one story (``### Story 1: Export``, ``### User Story 2 - Import (Priority: P1)``,
  ``## HU-01 — Reservar turno``), or a heading that is itself a story sentence ("### As a PM I
  want to export invoices"); everything under it is the story's;
- a paragraph, list item or table row that is a story sentence in any known language ("As a ...,
  I want ...", "Als ... möchte ich ...", "Como ..., quiero ...", "作为……我希望……"), after an
  optional label such as ``**User Story:**`` and an identifier;
- a list item "I want ..." under a lead "As a <persona>:", and each item of a list that completes
  a story sentence left open ("### As a program manager I want..." followed by the things wanted);
- an OpenSpec ``### Requirement: ...``, whose criteria are its ``#### Scenario:`` sections.

Its acceptance criteria are present when any of these belong to it: an acceptance-criteria
heading or label (in any language: "Acceptance Criteria", "Done when", "Definition of done",
"Akzeptanzkriterien", "Criterios de aceptación" ...) with its items; Given/When/Then lines (or
EARS "WHEN ... SHALL" lines) in any language; a table with an acceptance-criteria column or with
Given / When / Then columns; a Gherkin ``Scenario:`` in a code block; a checklist or bullet list
nested under the story's list item or directly under its heading; a reference to an AC list
(``AC-3``); or a separate acceptance-criteria section that names the story's ID (``US-3``, ``AC
for Story 3``). A label, heading, cell or numbered list that is there but says nothing ("", "-",
"N/A", ``1.`` with nothing after it) is an *empty* criterion (PRD202), as is an OpenSpec scenario
without a WHEN or a THEN; a placeholder value counts as present, because the placeholder family
reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from prdlint.analysis.sections import is_empty_section, is_filler
from prdlint.analysis.text import Label, is_empty_value, label_of, labels_in, own_text, plain
from prdlint.kinds import Phrases
from prdlint.kinds.languages import Lexicon
from prdlint.model import (
    Block,
    BlockQuote,
    CodeBlock,
    FootnoteDefinition,
    Heading,
    HtmlBlock,
    ListBlock,
    ListItem,
    Paragraph,
    Prose,
    Section,
    Table,
    TableCell,
)
from prdlint.model.inline import Piece
from prdlint.prefilter import Matcher, OneOf

if TYPE_CHECKING:
    from prdlint.analysis.facts import ProfileFacts

StoryKind = Literal["heading", "paragraph", "item", "row", "requirement"]
EmptyKind = Literal["label", "heading", "cell", "scenario"]

# An identifier in front of a story ("US-01:", "3.")
_ID = r"(?:[A-Z][A-Z0-9]{0,9}-?\d+(?:\.\d+)*[a-z]?[.:)]?\s+|\d+(?:\.\d+)*[.)]\s+)"
# An optional label before a story sentence ("**User Story:**", "Story:", "Historia:", "用户故事" with U+FF1A)
_SLOT = re.compile(r"\.{3}|\u2026")
_TASK_BOX = re.compile(r"^\s*\[[ xX]\]\s+")
_LEAD = re.compile(r"^\s*(?:[^\n:\uff1a]{1,30}?[:\uff1a]\s*)?" + _ID + r"?")
_STORY_HEADING = re.compile(
    r"^\s*(?:(?:user\s+)?stor(?:y|ies)|historia(?:\s+de\s+usuario)?|hist[oó]ria(?:\s+de\s+usu[aá]rio)?"
    r"|user-?story|r[ée]cit(?:\s+utilisateur)?|storia(?:\s+utente)?|gebruikersverhaal|cerita\s+pengguna)"
    r"\s*#?\s*[\w.\-]*\d[\w.\-]*\s*(?:[:.\-\u2013\u2014(|]|$)"
    r"|^\s*(?:US|UC|HU|USR|STORY)[-_ ]?\d+(?:\.\d+)*\b"
    r"|^\s*(?:ユーザーストーリー|ストーリー|用户故事|用戶故事|使用者故事|사용자\s*스토리)\s*#?\s*[\w.\-]*\d",
    re.IGNORECASE,
)
_STORY_MAP = re.compile(r"\bstory\s+map", re.IGNORECASE)
_PERSONA_LEAD = re.compile(r"^\s*as\s+an?\s+[^\n]{1,80}:\s*$", re.IGNORECASE)
_I_WANT = re.compile(
    r"^\s*(?:[\w .#\-]{0,30}?:\s*)?I\s*(?:want|need|would\s+like|'d\s+like|can|should\s+be\s+able)\b",
    re.IGNORECASE,
)
# A story sentence left open for a list to complete: "I want...", "möchte ich:", "I want to".
_OPEN_END = re.compile(r"(?:\.\.\.|\u2026|:)\s*$|\b(?:to|that|zu|ich|que|de|di|om|untuk)\s*$", re.IGNORECASE)
# The benefit clause of a complete story ("so that ...", "damit ...", "para que ..."): nothing left open.
_BENEFIT = re.compile(
    r"\b(?:so\s+that|in\s+order\s+to|damit|um\s+zu|afin\s+de|pour\s+que|para\s+que|de\s+modo\s+que|"
    r"affinch[eé]|zodat|sehingga|agar|supaya)\b|ために|以便|从而|以达到|위해",
    re.IGNORECASE,
)
# A column whose header opens a story's benefit, in the languages whose benefit words are too common for _BENEFIT.
_BENEFIT_HEADER = re.compile(r"(?:aby|żeby|чтобы|для\s+того|để|böylece)(?!\w)", re.IGNORECASE)
_EARS = re.compile(
    r"\b(?:WHEN|IF|WHILE|WHERE)\b[^\n]{0,300}?\b(?:SHALL|MUST)\b|\b(?:SHALL|MUST)\b[^\n]{0,300}?\b(?:WHEN|IF|WHILE)\b",
    re.IGNORECASE,
)
_REQUIREMENT_HEADING = re.compile(r"^\s*requirement:\s*\S", re.IGNORECASE)
_SCENARIO_HEADING = re.compile(
    r"^\s*(?:scenario|sc[ée]nario|szenario|escenario|cen[aá]rio|scenario|skenario|シナリオ|场景|場景|시나리오)"
    r"(?:\s+outline)?\s*\d*\s*[:\uff1a]",
    re.IGNORECASE,
)
_HTML_CONTENT = re.compile(r"<(?:ul|ol|li|table|tr|td|p|dl|dt|dd)\b", re.IGNORECASE)
_GHERKIN_LANGUAGES = frozenset({"gherkin", "feature", "cucumber", "behat", "specflow"})
_AC_REFERENCE = re.compile(r"\bAC[-_ ]?(?:[A-Z]+-)?\d+\b|#acceptance|acceptance[-\s]criteria", re.IGNORECASE)
_STORY_COLUMN = Phrases(
    ["user story", "story", "stories", "as a", "user stories", "job story", "job to be done", "historia",
     "historia de usuario", "história", "história de usuário", "user-story", "userstory", "récit",
     "storia utente", "ユーザーストーリー", "用户故事", "用戶故事", "使用者故事", "사용자 스토리"]
)
_STORY_ID_PREFIXED = re.compile(
    r"(?<![\w-])(?P<prefix>US|UC|HU|USR|STORY|USER\s+STORY|HISTORIA|HIST[OÓ]RIA)[-_ #]*(?P<number>\d+(?:\.\d+)*)"
    r"(?![\w-])",
    re.IGNORECASE,
)
_STORY_ID_OTHER = re.compile(r"(?<![\w-])(?P<prefix>[A-Z][A-Z0-9]{1,9})-(?P<number>\d+(?:\.\d+)*)(?![\w-])")
_SAME_STORY_PREFIX = {"STORY": "US", "USER STORY": "US", "USR": "US", "HISTORIA": "HU", "HISTÓRIA": "HU"}
_LEADING = re.compile(r"^[\s*_#>\[(|]*(?:ID\s*[:.]?\s*)?")
# Labels of a story's metadata fields: a list of them is not acceptance criteria.
_METADATA_LABELS = Phrases(
    ["priority", "status", "estimate", "estimation", "story points", "points", "owner", "assignee", "epic",
     "sprint", "effort", "size", "complexity", "value", "business value", "module", "type", "id", "dependencies",
     "depends on", "tags", "labels", "release", "version", "milestone", "persona", "role", "component", "area",
     "prioridad", "prioridade", "priorität", "priorité", "priorità", "prioriteit", "prioritas", "estado", "estimación",
     "estimativa", "aufwand", "módulo", "modulo", "dependencias", "dependências", "abhängigkeiten", "優先度", "优先级",
     "優先級", "우선순위", "状态", "狀態", "ステータス", "상태"]
)


def _ids(text: str) -> Iterator[str]:
    for pattern in (_STORY_ID_PREFIXED, _STORY_ID_OTHER):
        for found in pattern.finditer(text):
            yield _normalise_id(found.group("prefix"), found.group("number"))


def _normalise_id(prefix: str, number: str) -> str:
    prefix = " ".join(prefix.upper().split())
    prefix = _SAME_STORY_PREFIX.get(prefix, prefix)
    return f"{prefix}-{'.'.join(str(int(part)) for part in number.split('.'))}"


def _is_story(words: _Vocabulary, text: str) -> bool:
    return _story_match(words.story, text[:600])


@lru_cache(maxsize=4096)
def _story_match(story: Matcher, head: str) -> bool:
    head = _TASK_BOX.sub("", plain(head), count=1)  # "- [ ] As a user, I want ...": a story on a task list
    if len(_SLOT.findall(head[:200])) >= 2 and len(head) < 80:
        return False  # "As a <user>, I want … so that …": the template's story, its slots never filled
    lead = _LEAD.match(head)
    rest = head[lead.end() :] if lead else head
    return bool(story.match(rest) or (rest is not head and story.match(head)))  # no lead: the same text


def is_story_sentence(lexicon: Lexicon, text: str) -> bool:
    """Whether a text is a user story sentence ("As a ..., I want ...") in any language of the lexicon."""
    return _is_story(_vocabulary(lexicon), text)


def story_id(text: str) -> str | None:
    """The identifier a story starts with, normalised ("US-03", "Story 3" and "US3" are all "US-3")."""
    text = plain(text)
    start = _LEADING.match(text)
    rest = text[start.end() :] if start else text
    for pattern in (_STORY_ID_PREFIXED, _STORY_ID_OTHER):
        found = pattern.match(rest)
        if found is not None:
            return _normalise_id(found.group("prefix"), found.group("number"))
    return None


@dataclass
class Story:
    kind: StoryKind
    line: int
    col: int
    text: str
    has_criteria: bool = False
    ident: str | None = None


@dataclass(frozen=True)
class EmptyCriteria:
    kind: EmptyKind
    line: int
    col: int
    end_line: int
    end_col: int
    text: str
    detail: str = ""  # what is missing, for scenarios ("WHEN", "THEN")


@dataclass
class StoryFacts:
    stories: list[Story] = field(default_factory=list)
    empty: list[EmptyCriteria] = field(default_factory=list)


@dataclass(frozen=True)
class _Vocabulary:
    """The patterns a document's stories and criteria are read with, compiled once per lexicon."""

    stories: tuple[re.Pattern[str], ...]
    story: Matcher  # the stories as one, matched at the start (prdlint.prefilter.OneOf)
    criteria: Phrases
    gherkin_line: re.Pattern[str]
    gherkin_pair: re.Pattern[str]
    then_words: re.Pattern[str]
    when_words: re.Pattern[str]
    given_columns: Phrases
    when_columns: Phrases
    then_columns: Phrases


def _alternatives(words: Iterable[str]) -> str:
    ordered = sorted(set(words), key=lambda word: (-len(word), word))  # longest first; the same text every run
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


def _keyword(words: Iterable[str]) -> str:
    """Keywords as a regex: Latin words need a boundary after them, CJK ones cannot have one."""
    latin = [w for w in words if w and w[-1:].isascii()]
    other = [w for w in words if w and not w[-1:].isascii()]
    parts = []
    if latin:
        parts.append(rf"(?:{_alternatives(latin)})(?![\w])")
    if other:
        parts.append(rf"(?:{_alternatives(other)})")
    return "|".join(parts) or r"(?!)"


@lru_cache(maxsize=8)
def _vocabulary(lexicon: Lexicon) -> _Vocabulary:
    gherkin = lexicon.gherkin
    given, when, then = (_keyword(gherkin.get(step, ())) for step in ("given", "when", "then"))
    and_but = _keyword((*gherkin.get("and", ()), *gherkin.get("but", ())))
    step = rf"(?:{given}|{when}|{then})"
    line = re.compile(
        rf"^\s*(?:[-*+]\s+|\d+[.)]\s*)?(?:\[[ xX]\]\s*)?(?:(?:{and_but})\s+)?(?:{step})", re.IGNORECASE
    )
    pair = re.compile(rf"(?:{given})[^\n]{{0,300}}?(?:{when})|(?:{when})[^\n]{{0,300}}?(?:{then})", re.IGNORECASE)
    patterns = lexicon.story_patterns()
    return _Vocabulary(
        stories=patterns,
        # The patterns as one: an ASCII text is not tried against those that need another script (the
        # Japanese, Korean and Chinese ones start with any text up to forty characters long).
        story=OneOf(patterns),
        criteria=Phrases([*lexicon.sections.get("acceptance-criteria", ()), *lexicon.criteria_labels]),
        gherkin_line=line,
        gherkin_pair=pair,
        then_words=re.compile(rf"(?:^|[\s*_>|-])(?:{then})", re.IGNORECASE | re.MULTILINE),
        when_words=re.compile(rf"(?:^|[\s*_>|-])(?:{when})", re.IGNORECASE | re.MULTILINE),
        given_columns=Phrases(gherkin.get("given", ())),
        when_columns=Phrases(gherkin.get("when", ())),
        then_columns=Phrases(gherkin.get("then", ())),
    )


class _Finder:
    def __init__(self, facts: ProfileFacts) -> None:
        self.facts = facts
        self.document = facts.document
        self.roles = facts.roles
        self.words = _vocabulary(facts.expectations.lexicon)
        self.ac_sections = facts.expectations.section_names("acceptance-criteria")
        self.result = StoryFacts()
        self._empty_seen: set[tuple[int, int]] = set()
        self._attached: set[int] = set()
        self.exhibits = facts.analysis.exhibits

    # -- what is a story --------------------------------------------------------------------------

    def is_story(self, text: str) -> bool:
        return _is_story(self.words, text)

    def is_open_story(self, text: str) -> bool:
        """A story sentence a following list completes: it ends open ("I want...", "I want to:")."""
        text = plain(text).rstrip()
        if not _OPEN_END.search(text) or _BENEFIT.search(text):
            return False
        return not any(self.is_ac_label(plain(label.label)) for label in _labels_of(text))

    def _story_text(self, block: Block) -> Prose | None:
        prose = own_text(block)
        if prose is None or self.exhibits.covers(block) or id(prose) in self.exhibits.inline:
            return None  # a story template shown to the reader is not a story
        return prose if self.is_story(prose.text) else None

    # -- acceptance criteria ----------------------------------------------------------------------

    def is_ac_label(self, label: str) -> bool:
        return self.words.criteria.in_title(label) or self.words.criteria.is_header(label)

    def _is_gherkin_line(self, line: str) -> bool:
        text = plain(line)
        return bool(self.words.gherkin_line.match(text)) and not self.is_story(text)

    def _empty(self, kind: EmptyKind, prose: Prose, start: int, end: int, detail: str = "") -> None:
        line, col = prose.position(start)
        if (line, col) in self._empty_seen:
            return
        self._empty_seen.add((line, col))
        end_line, end_col = prose.end_position(end)
        self.result.empty.append(EmptyCriteria(kind, line, col, end_line, end_col, prose.text[start:end], detail))

    def criteria_in(self, blocks: Sequence[Block], own: Prose | None = None, lists_count: bool = False) -> bool:
        """Whether the blocks (and the story's own text) hold acceptance criteria; records empty ones.

        ``lists_count``: an unlabelled list among the top-level ``blocks`` is the story's criteria
        (a list nested under a story's item, or directly under a story's heading).
        """
        found = False
        if own is not None and self._own_text_has_criteria(own):
            found = True
        if lists_count and self._has_criteria_list(blocks):
            found = True
        flat = [nested for block in blocks for nested in block.walk()]
        item_texts = {id(b.first_text) for b in flat if isinstance(b, ListItem) and b.first_text is not None}
        for index, block in enumerate(flat):
            if isinstance(block, Heading):
                if block.section is not None and self._is_criteria_heading(block):
                    self._check_criteria_section(block)
                    found = True
            elif isinstance(block, Table):
                if self._table_has_criteria(block):
                    found = True
            elif isinstance(block, CodeBlock):
                if self._is_gherkin_block(block):
                    found = True
            elif isinstance(block, ListItem):
                prose = block.first_text
                if prose is not None:
                    after = index + 2 if id(prose) in item_texts else index + 1
                    if self._text_has_criteria(prose, flat[after] if after < len(flat) else None):
                        found = True
            elif isinstance(block, Paragraph) and id(block.text) not in item_texts:
                nxt = flat[index + 1] if index + 1 < len(flat) else None
                if self._text_has_criteria(block.text, nxt):
                    found = True
        return found

    def _is_criteria_heading(self, heading: Heading) -> bool:
        title = plain(heading.title)
        return self.ac_sections.in_title(title) or self.words.criteria.in_title(title)

    def _check_criteria_section(self, heading: Heading) -> None:
        """PRD202 for a criteria heading with nothing under it (or only a list of empty items)."""
        section = heading.section
        if section is None:
            return
        if is_empty_section(section) or (not section.subsections and _only_empty_items(section.blocks)):
            self._empty("heading", heading.text, 0, len(heading.text.text))

    def _own_text_has_criteria(self, prose: Prose) -> bool:
        """Criteria in the story's own text: a criteria label on a later line, Given ... When, AC-3."""
        found = False
        text = prose.scan.masked
        for label in labels_in(prose):
            if label.start > 0 and self.is_ac_label(plain(label.label)):
                found = True
                self._check_label(prose, label, None)
        body = plain(text)
        return found or bool(self.words.gherkin_pair.search(body) or _AC_REFERENCE.search(text)) or _has_ac_link(prose)

    def _text_has_criteria(self, prose: Prose, following: Block | None) -> bool:
        text = prose.scan.masked
        found = False
        for label in labels_in(prose):
            if self.is_ac_label(plain(label.label)):
                found = True
                self._check_label(prose, label, following)
        if not found and self._criteria_title_line(prose):
            found = True
        if not found and self._bold_criteria_title(prose):
            found = True
            if not _holds_value(following) or _holds_only_empty_items(following):
                text = prose.text.rstrip()
                start = len(text) - len(text.lstrip("*_ "))
                self._empty("label", prose, start, len(text.rstrip("*_ :")))
        if found:
            return True
        body = plain(text)
        if any(self._is_gherkin_line(line) for line in body.split("\n")) or self.words.gherkin_pair.search(body):
            return True
        return bool(_EARS.search(body) or _AC_REFERENCE.search(text) or _has_ac_link(prose))

    def _criteria_title_line(self, prose: Prose) -> bool:
        """A first line that is only a criteria name, with the criteria on the lines after it
        ("Critérios de aceitação" then an HTML list in the same paragraph)."""
        first, _, rest = prose.text.partition("\n")
        name = plain(first).strip().rstrip(":\uff1a").strip()
        return bool(rest.strip()) and 0 < len(name) <= 40 and self.is_ac_label(name)

    def _bold_criteria_title(self, prose: Prose) -> bool:
        """A paragraph that is only an emphasised criteria name: "**Acceptance Criteria**"."""
        text = prose.text.strip()
        if "\n" in text or not text.startswith(("*", "_")):
            return False
        return self.is_ac_label(plain(text).strip().rstrip(":").strip())

    def _check_label(self, prose: Prose, label: Label, following: Block | None) -> None:
        value = label.value.split("\n", 1)[0] if "\n" in label.value else label.value
        if not is_empty_value(value):
            return
        if _holds_value(following):
            if _holds_only_empty_items(following):
                self._empty("label", prose, label.start, _label_end(prose.text, label))
            return
        rest_of_text = prose.text[label.value_start :].strip()
        if is_empty_value(rest_of_text) or rest_of_text.startswith(("**", "__")):
            self._empty("label", prose, label.start, _label_end(prose.text, label))

    def _has_criteria_list(self, blocks: Sequence[Block]) -> bool:
        """An unlabelled, non-metadata list among the blocks: a story's checklist or bullet criteria."""
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, Heading):
                return False
            if isinstance(block, ListBlock) and not _is_metadata_list(block) and not _only_empty_items([block]):
                if isinstance(previous, Paragraph) and self.is_open_story(previous.text.text):
                    continue  # the list completes the story sentence: its items are stories
                label = _lead_label(previous)
                if label is None or self.is_ac_label(label):
                    return True
            if not is_filler(block):
                previous = block
        return False

    def _table_has_criteria(self, table: Table) -> bool:
        column = self._ac_column(table)
        if column is not None:
            for row in table.rows:
                if column < len(row.cells):
                    self._check_cell(row.cells[column])
            return True
        headers = [plain(h) for h in table.columns]
        given = any(self.words.given_columns.is_header(h) for h in headers)
        when = any(self.words.when_columns.is_header(h) for h in headers)
        then = any(self.words.then_columns.is_header(h) for h in headers)
        return (given and when) or (when and then)

    def _ac_column(self, table: Table) -> int | None:
        for index, header in enumerate(table.columns):
            if self.ac_sections.is_header(header) or self.ac_sections.in_title(plain(header)):
                return index
            if self.words.criteria.is_header(header):
                return index
        return None

    def _is_gherkin_block(self, block: CodeBlock) -> bool:
        if block.language in _GHERKIN_LANGUAGES:
            return any(_SCENARIO_HEADING.match(line.text) or self._is_gherkin_line(line.text) for line in block.lines)
        return any(_SCENARIO_HEADING.match(line.text) for line in block.lines) and any(
            self._is_gherkin_line(line.text) for line in block.lines
        )

    def _check_cell(self, cell: TableCell) -> None:
        """Record an AC cell that is empty; a placeholder counts as filled."""
        if not is_empty_value(cell.value) or (cell.line, cell.col) in self._empty_seen:
            return
        self._empty_seen.add((cell.line, cell.col))
        end_col = cell.end_col if cell.value else cell.col + 1
        self.result.empty.append(EmptyCriteria("cell", cell.line, cell.col, cell.line, end_col, cell.value))

    # -- stories ----------------------------------------------------------------------------------

    def run(self) -> StoryFacts:
        inside_heading_story: set[int] = set()
        keyed = self._criteria_ids()
        self._attached = self._attached_criteria_sections()
        for section in self.document.root.walk():
            heading = section.heading
            if heading is None or id(section) in inside_heading_story:
                continue
            title = _title(heading)
            if _REQUIREMENT_HEADING.match(title):
                self._requirement(section)
                continue
            sentence = self.is_story(title)
            if not sentence and (not _STORY_HEADING.match(title) or _STORY_MAP.search(title)):
                continue
            for sub in section.walk():
                inside_heading_story.add(id(sub))
            if sentence and self.is_open_story(title) and self._completing_list(section) is not None:
                self._completed_items(section, keyed)
                continue
            story = Story("heading", heading.start_line, heading.text.col, heading.title, ident=story_id(title))
            # An empty story section is PRD502's (empty-section): one defect, one finding.
            story.has_criteria = (
                self.criteria_in([*section.all_blocks(), *self._criteria_sibling(section)], lists_count=False)
                or self._has_criteria_list(section.blocks)
                or is_empty_section(section)
                or self._keyed(story, keyed, covered=False)
            )
            self.result.stories.append(story)
        covered = self._separate_criteria_section(inside_heading_story)
        for section in self.document.root.walk():
            if id(section) in inside_heading_story:
                continue
            self._container(section.blocks, section, covered, keyed)
        for section in self.document.root.walk():
            if section.heading is not None and self._is_criteria_heading(section.heading):
                self._check_criteria_section(section.heading)
        self.result.stories.sort(key=lambda s: (s.line, s.col))
        self.result.empty.sort(key=lambda e: (e.line, e.col))
        return self.result

    def _criteria_sibling(self, section: Section) -> list[Block]:
        """The next section at the same level when it is the story's criteria: '### User Story' + '### AC'."""
        parent = section.parent
        if parent is None:
            return []
        siblings = parent.subsections
        index = next((i for i, sub in enumerate(siblings) if sub is section), -1)
        if index < 0 or index + 1 >= len(siblings):
            return []
        sibling = siblings[index + 1]
        if sibling.heading is None or not self._is_criteria_heading(sibling.heading):
            return []
        return [sibling.heading, *sibling.all_blocks()]

    def _requirement(self, section: Section) -> None:
        """An OpenSpec requirement: its scenarios are its criteria, each needing a WHEN and a THEN."""
        heading = section.heading
        assert heading is not None
        story = Story("requirement", heading.start_line, heading.text.col, heading.title)
        scenarios = [sub for sub in section.subsections if sub.heading and _SCENARIO_HEADING.match(_title(sub.heading))]
        for scenario in scenarios:
            assert scenario.heading is not None
            text = "\n".join(plain(prose.text) for block in scenario.all_blocks() for prose in _all_prose(block))
            missing = [word for word, pattern in (("WHEN", self.words.when_words), ("THEN", self.words.then_words))
                       if not pattern.search(text)]
            if missing:
                prose = scenario.heading.text
                self._empty("scenario", prose, 0, len(prose.text), " and ".join(missing))
        story.has_criteria = bool(scenarios) or self.criteria_in(list(section.all_blocks()))
        self.result.stories.append(story)

    def _completing_list(self, section: Section) -> ListBlock | None:
        """The list right under a heading whose story sentence it completes."""
        for block in section.blocks:
            if is_filler(block):
                continue
            return block if isinstance(block, ListBlock) else None
        return None

    def _completed_items(self, section: Section, keyed: set[str]) -> None:
        """'### As a PM I want...' + '- to plan lectures': each item is a story of its own."""
        items = self._completing_list(section)
        assert items is not None and section.heading is not None
        rest = [block for block in section.all_blocks() if block is not items]
        self._items_completing(section.heading.title, items, False, keyed, shared=self.criteria_in(rest))

    def _criteria_ids(self) -> set[str]:
        """Story IDs named in the document's acceptance-criteria sections ('AC for US-3', '| US-3 | ...')."""
        found: set[str] = set()
        for section in self.roles.sections("acceptance-criteria"):
            texts = [section.title]
            for block in section.all_blocks():
                texts.extend(prose.text for prose in _all_prose(block))
            for text in texts:
                found.update(_ids(text))
        return found

    def _keyed(self, story: Story, keyed: set[str], covered: bool) -> bool:
        """Whether a separate criteria section covers the story: by its ID, or wholesale when it names none."""
        if story.ident is not None and story.ident in keyed:
            return True
        if not covered:
            return False
        if story.ident is None:
            return True
        prefix = story.ident.split("-", 1)[0]
        return not any(ident.split("-", 1)[0] == prefix for ident in keyed)

    def _separate_criteria_section(self, story_sections: set[int]) -> bool:
        """True when the document has an acceptance-criteria section of its own, outside any story.

        It must sit no deeper than the user-stories sections (or at level 2 when there are
        none): an "#### Acceptance Criteria" under one requirement belongs to that requirement.
        """
        story_levels = [s.level for s in self.roles.sections("user-stories")]
        deepest = min(story_levels) if story_levels else 2
        for section in self.roles.sections("acceptance-criteria"):
            if id(section) in story_sections or section.level > deepest or is_empty_section(section):
                continue
            if id(section) in self._attached:
                continue  # the criteria of the story right before it
            return True
        return False

    def _attached_criteria_sections(self) -> set[int]:
        """Criteria sections right after a section holding a story: that story's ('### User Story', '### AC')."""
        attached: set[int] = set()
        for section in self.document.root.walk():
            for before, after in zip(section.subsections, section.subsections[1:], strict=False):
                if after.heading is None or not self._is_criteria_heading(after.heading):
                    continue
                title = _title(before.heading) if before.heading is not None else ""
                if (
                    _STORY_HEADING.match(title)
                    or self.is_story(title)
                    or any(self._story_text(block) is not None for block in before.blocks)
                ):
                    attached.add(id(after))
        return attached

    def _container(self, blocks: Sequence[Block], section: Section, covered: bool, keyed: set[str]) -> None:
        stories_at = [i for i, block in enumerate(blocks) if self._story_text(block) is not None]
        completed: set[int] = set()
        for position, index in enumerate(stories_at):
            block = blocks[index]
            prose = self._story_text(block)
            assert prose is not None
            end = stories_at[position + 1] if position + 1 < len(stories_at) else len(blocks)
            first = prose.text.split("\n", 1)[0]
            following = blocks[index + 1] if index + 1 < end else None
            if (
                isinstance(block, Paragraph)
                and isinstance(following, ListBlock)
                and self.is_open_story(prose.text)
                and not _is_metadata_list(following)
            ):
                completed.add(id(following))
                self._items_completing(prose.text, following, covered, keyed)
                continue
            nested_list = block.blocks[1] if isinstance(block, ListItem) and len(block.blocks) > 1 else None
            if isinstance(nested_list, ListBlock) and self.is_open_story(prose.text):
                completed.add(id(nested_list))
                self._items_completing(prose.text, nested_list, covered, keyed)
                continue
            kind: StoryKind = "item" if isinstance(block, ListItem) else "paragraph"
            story = Story(kind, prose.line, prose.col, first, ident=story_id(first))
            # The story's own nested blocks, then what follows it up to the next story (or heading):
            # "- User Story: ..." is often followed by a sibling "- Acceptance Criteria: ..." item.
            nested: list[Block] = list(block.blocks[1:]) if isinstance(block, ListItem) else []
            scope: list[Block] = [*nested, *_until_heading(blocks[index + 1 : end])]
            if not isinstance(block, ListItem) and position + 1 == len(stories_at) and blocks is section.blocks:
                for sub in section.subsections:
                    if sub.heading is not None:
                        scope.append(sub.heading)
                    scope.extend(sub.all_blocks())
                scope.extend(self._criteria_sibling(section))
            story.has_criteria = (
                self.criteria_in(scope, own=prose)
                or (bool(nested) and self._has_criteria_list(nested))
                or (isinstance(block, Paragraph) and isinstance(following, ListBlock)
                    and self._has_criteria_list([following]))
                or self._keyed(story, keyed, covered)
            )
            self.result.stories.append(story)
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph) and _PERSONA_LEAD.match(plain(block.text.text)):
                following_block = blocks[index + 1] if index + 1 < len(blocks) else None
                if isinstance(following_block, ListBlock) and id(following_block) not in completed:
                    self._persona_items(following_block, covered, keyed)
                    continue
            if id(block) in completed:
                continue
            if isinstance(block, Table):
                self._table_stories(block, section, covered, keyed)
            if isinstance(block, ListItem):
                own = block.first_text is not None
                self._container(block.blocks[1:] if own else block.blocks, section, covered, keyed)
            elif isinstance(block, (ListBlock, BlockQuote, FootnoteDefinition)):
                self._container(block.children(), section, covered, keyed)

    def _items_completing(
        self, lead: str, items: ListBlock, covered: bool, keyed: set[str], shared: bool = False
    ) -> None:
        """'As a user, I want to:' + '- export' '- import': each item completes the story and is one.

        ``shared``: criteria that belong to all of them (under the heading that opened the sentence)."""
        opening = " ".join(plain(lead).split())
        for item in items.items:
            prose = item.first_text
            if prose is None:
                continue
            first = prose.text.split("\n", 1)[0]
            story = Story("item", prose.line, prose.col, f"{opening} {first}", ident=story_id(first))
            story.has_criteria = (
                shared
                or self.criteria_in(item.blocks[1:], own=prose, lists_count=True)
                or self._keyed(story, keyed, covered)
            )
            self.result.stories.append(story)

    def _persona_items(self, items: ListBlock, covered: bool, keyed: set[str]) -> None:
        for item in items.items:
            prose = item.first_text
            if prose is None or not _I_WANT.match(plain(prose.text)) or self.is_story(prose.text):
                continue
            first = prose.text.split("\n", 1)[0]
            story = Story("item", prose.line, prose.col, first, ident=story_id(first))
            story.has_criteria = (
                self.criteria_in(item.blocks[1:], own=prose, lists_count=True) or self._keyed(story, keyed, covered)
            )
            self.result.stories.append(story)

    def _table_stories(self, table: Table, section: Section, covered: bool, keyed: set[str]) -> None:
        if self.exhibits.covers(table):
            return
        split = self._split_story_columns(table)
        story_column = next((i for i, h in enumerate(table.columns) if _STORY_COLUMN.is_header(h)), None)
        story_rows = any(self.is_story(cell.value) for row in table.rows for cell in row.cells)
        if split is None and story_column is None and not (story_rows and self.roles.within(section, "user-stories")):
            return
        ac_column = self._ac_column(table)
        first_cells = [plain(row.cells[0].value).strip() for row in table.rows if row.cells]
        if any(story_id(cell) for cell in first_cells) and len(set(first_cells)) < len(first_cells):
            return  # a story ID on several rows: a traceability matrix refers to stories told elsewhere
        for row in table.rows:
            if split is not None:
                self._split_story_row(table, row.cells, split, ac_column, covered, keyed)
                continue
            cell = self._story_cell(row.cells, story_column)
            if cell is None or is_empty_value(cell.value):
                # A feature row with no story still needs its criteria: "| Login | -- | -- |".
                if ac_column is not None and ac_column < len(row.cells) and any(
                    not is_empty_value(c.value) for i, c in enumerate(row.cells) if i != ac_column
                ):
                    self._check_cell(row.cells[ac_column])
                continue
            row_text = " ".join(c.text.scan.masked for c in row.cells)
            ident = next((i for i in (story_id(c.value) for c in row.cells if len(c.value) <= 20) if i), None)
            story = Story("row", cell.line, cell.col, cell.value, ident=ident or story_id(cell.value))
            if ac_column is not None:
                if ac_column < len(row.cells):
                    self._check_cell(row.cells[ac_column])
                story.has_criteria = True  # an empty AC cell is PRD202's
            else:
                story.has_criteria = bool(_AC_REFERENCE.search(row_text)) or self._keyed(story, keyed, covered)
            self.result.stories.append(story)

    def _split_story_columns(self, table: Table) -> range | None:
        """The columns a story is told across, its parts their headers: '| Als... | wil ik... | zodat ik... |'.

        Two neighbouring headers that, each followed by a word, read as a story sentence ("As a x I
        want x", "Als x wil ik x", "作为 x 我希望 x") are the persona's and the want's columns; a third
        that opens the benefit ("So that", "zodat ik...") goes with them."""
        headers = [_SLOT.sub(" ", plain(header)).strip() for header in table.columns]
        for start in range(len(headers) - 1):
            persona, want = headers[start], headers[start + 1]
            if not persona or not want or self.is_story(persona) or self.is_story(want):
                continue
            if not self.is_story(f"{persona} x {want} x"):
                continue
            end = start + 2
            if end < len(headers) and (_BENEFIT.match(headers[end]) or _BENEFIT_HEADER.match(headers[end])):
                end += 1
            return range(start, end)
        return None

    def _split_story_row(
        self, table: Table, cells: Sequence[TableCell], columns: range, ac_column: int | None, covered: bool,
        keyed: set[str],
    ) -> None:
        """One row of a column-split story table: the story is its header and cell pairs read in turn."""
        if columns.stop > len(cells) or all(is_empty_value(cells[i].value) for i in columns):
            return
        text = " ".join(
            f"{_SLOT.sub(' ', plain(table.columns[i])).strip()} {plain(cells[i].value).strip()}" for i in columns
        )
        if not self.is_story(text):
            return
        ident = next((i for i in (story_id(c.value) for c in cells if len(c.value) <= 20) if i), None)
        first = cells[columns.start]
        story = Story("row", first.line, first.col, " ".join(text.split()), ident=ident)
        if ac_column is not None:
            if ac_column < len(cells):
                self._check_cell(cells[ac_column])
            story.has_criteria = True  # an empty AC cell is PRD202's
        else:
            row_text = " ".join(c.text.scan.masked for c in cells)
            story.has_criteria = bool(_AC_REFERENCE.search(row_text)) or self._keyed(story, keyed, covered)
        self.result.stories.append(story)

    def _story_cell(self, cells: Sequence[TableCell], column: int | None) -> TableCell | None:
        if column is not None:
            return cells[column] if column < len(cells) else None
        return next((cell for cell in cells if self.is_story(cell.value)), None)


def _labels_of(text: str) -> Iterator[Label]:
    return labels_in(Prose([Piece(1, 1, text)]))


def _all_prose(block: Block) -> Iterator[Prose]:
    for nested in block.walk():
        yield from nested.prose()


def _until_heading(blocks: Iterable[Block]) -> Iterator[Block]:
    for block in blocks:
        if isinstance(block, Heading):
            return
        yield block


def _title(heading: Heading) -> str:
    return plain(re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?\s+)", "", heading.title))


def _label_end(text: str, label: Label) -> int:
    return len(text[: label.value_start].rstrip())


def _has_ac_link(prose: Prose) -> bool:
    return any("accept" in prose.text[start:end].casefold() for start, end in prose.scan.link_destinations)


def _holds_value(following: Block | None) -> bool:
    """Whether the block after a label holds the label's value (a list, a table, a quote, a paragraph)."""
    if following is None:
        return False
    if isinstance(following, ListItem):
        return True  # a nested list under the label's own item, or the next list
    if isinstance(following, HtmlBlock):
        return bool(_HTML_CONTENT.search(following.text.text))  # "<ul><li>...</li></ul>" written in HTML
    return isinstance(following, (ListBlock, Table, BlockQuote, CodeBlock)) or (
        isinstance(following, Paragraph) and label_of(following.text) is None
    )


def _empty_item(item: ListItem) -> bool:
    return all(isinstance(b, Paragraph) and is_empty_value(b.text.text) for b in item.blocks)


def _only_empty_items(blocks: Sequence[Block]) -> bool:
    """True when the blocks are lists whose items say nothing ('1.' '2.' with no text), and fillers."""
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    return bool(lists) and all(is_filler(b) or isinstance(b, ListBlock) for b in blocks) and all(
        _empty_item(item) for block in lists for item in block.items
    )


def _holds_only_empty_items(following: Block | None) -> bool:
    if isinstance(following, ListBlock):
        return _only_empty_items([following])
    if isinstance(following, ListItem):
        return _empty_item(following)
    return False


def _lead_label(block: Block | None) -> str | None:
    """The label a paragraph right before a list gives it ('**Tasks:**', 'Notes:'), if any."""
    if not isinstance(block, Paragraph):
        return None
    text = block.text.text.strip()
    label = label_of(block.text)
    if label is not None and not label.value.strip():
        return plain(label.label)
    if text.startswith(("*", "_")) and "\n" not in text and len(text) <= 80:
        return plain(text).strip().rstrip(":")
    return None


def _is_metadata_list(block: ListBlock) -> bool:
    """A list of a story's fields (Priority: P1, Status: Done, Estimate: 3): metadata, not criteria."""
    for item in block.items:
        prose = item.first_text
        label = label_of(prose) if prose is not None else None
        if label is None or not _METADATA_LABELS.is_header(plain(label.label)):
            return False
    return bool(block.items)


def find_stories(facts: ProfileFacts) -> StoryFacts:
    return _Finder(facts).run()
