"""6xx: measurability: metrics without a number and vague words in requirements (warnings)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from prdlint.analysis.facts import ProfileFacts
from prdlint.analysis.stories import is_story_sentence
from prdlint.analysis.text import containers, is_empty_value, label_of, plain, sentences, short
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import Rule, RuleContext
from prdlint.kinds import Measurability, Phrases, measurability, normalize_header
from prdlint.kinds.languages import Lexicon
from prdlint.model import (
    Block,
    CodeBlock,
    Document,
    Heading,
    HtmlBlock,
    ListBlock,
    ListItem,
    Paragraph,
    Prose,
    Section,
    Table,
    TableCell,
    TableRow,
)

_DIGIT = re.compile(r"\d|[½¼¾⅓]")
_METRIC_HEADERS = Phrases(
    [
        "metric",
        "metrics",
        "KPI",
        "KPIs",
        "measure",
        "indicator",
        "key result",
        "goal",
        "objective",
        "success metric",
        "requirement",
        "area",
        "NFR",
        "attribute",
    ]
)
_TARGET_HEADERS = Phrases(
    [
        "target",
        "threshold",
        "success criteria",
        "criteria",
        "value",
        "benchmark",
        "SLA",
        "SLO",
        "budget",
        "limit",
        "success metric",
        "measurable outcome",
        "outcome",
        "expected result",
        "success measure",
    ]
)


# Labels of text that is not itself a requirement: why it matters, what an epic aims at (its stories say
# what must hold), how a story is tested on its own (spec-kit's "Independent Test").
_RATIONALE = re.compile(
    r"\b(?:why|rationale|motivation|benefits?|background|context|value|notes?|goals?|objectives?|independent\s+test)\b"
    r"|독립적\s*테스트|独立测试|獨立測試|独立テスト|독립\s*테스트",
    re.IGNORECASE,
)
# Right before a vague word: "for" (or its equivalent), as in "for better retrieval", "für nahtlose Migration".
_PURPOSE = re.compile(r"\b(?:for|für|pour|voor|untuk)\s+(?:(?:more|mehr|plus|meer|a|an)\s+)?\Z", re.IGNORECASE)
# A sentence about the document itself ("This chapter describes when enough has been tested").
_ABOUT_THE_TEXT = re.compile(  # anchored: only ever matched at a sentence's start
    r"\A(?:\W*(?:this|the\s+following)\s+(?:section|chapter|document|page|part)\s+(?:describes|defines|lists|explains|"
    r"covers|contains|outlines|summari[sz]es)\b"
    r"|\W*(?:dieses|dieser|der\s+folgende)\s+(?:Kapitel|Abschnitt|Dokument|Teil)\s+(?:beschreibt|definiert|erläutert|enthält)"
    r"|\W*dit\s+(?:hoofdstuk|document|onderdeel)\s+(?:beschrijft|bevat|definieert)"
    r"|\W*(?:ce|cette)\s+(?:chapitre|section|document|partie)\s+(?:décrit|définit|présente|contient)"
    r"|\W*(?:este|esta)\s+(?:capítulo|sección|seção|secção|documento|parte)\s+(?:describe|descreve|define|apresenta|presenta|contiene|contém)"
    r"|\W*(?:questo|questa)\s+(?:capitolo|sezione|documento|parte)\s+(?:descrive|definisce|contiene|presenta))",
    re.IGNORECASE,
)
# Advice in the conditional with no modal of obligation: "The ideal time to do more testing would be ...".
_HEDGED = re.compile(r"\b(?:would|could|might)\s+be\b", re.IGNORECASE)
_OBLIGATION = re.compile(r"\b(?:shall|must|should|will|needs?\s+to)\b", re.IGNORECASE)


def _is_hedged(sentence: str) -> bool:
    """A conditional with no modal of obligation after it (one search each, where a look-ahead rescanned)."""
    found = _HEDGED.search(sentence)
    return found is not None and _OBLIGATION.search(sentence, found.end()) is None
# A benefit clause: "so that", and its equivalents in the other languages ("para que", "damit", "afin de").
_BENEFIT = re.compile(
    r"\bso\s+(?:that|I\s+can|we\s+can|they\s+can)\b|,\s*(?:enabling|allowing|letting)\b"
    r"|\b(?:para\s+que|damit|so\s?dass|afin\s+(?:de|d'|que)|pour\s+que|affinch[eé]|in\s+modo\s+(?:che|da)|"
    r"così\s+da|zodat|opdat|agar|supaya|sehingga)(?!\w)",
    re.IGNORECASE,
)
# A vague word made concrete right after it: "(logo wordmark in header, favicon)", ": logo and favicon",
# "a clear message stating the size limit".
# An example in brackets ("normally (e.g., Rails console)") makes nothing concrete.
_SCOPED = re.compile(
    r"[\w\s-]{0,30}?(?:\(\s*(?!e\.\s?g\.|for\s+example|such\s+as|like\s|z\.\s?B\.|p\.\s?ex|por\s+ej|"
    r"por\s+ex|ad\s+es|bijv)[^()\s][^()]*\s[^()]*\)|:\s+\S+\s+\S+)"
    r"|[\w\s,-]{0,80}?\((?:e\.\s?g\.|for\s+example)[^()]*[\"\u201c][^()]*\)"  # an example of the very message
    # the means, listed: "distinguish current and past trips clearly, whether by title, layout or a separator"
    r"|[^.;!?]{0,60}?,\s*(?:whether|either|seja|sea|soit|sia)\s+(?:by|via|through|por|par|per|através|mediante|tramite)\b"
    r"|[\w\s,-]{0,20}?\b(?:stating|showing|displaying|listing|naming|giving|including|containing|outputting|"
    r"printing|returning|explaining|that\s+(?:says|states|shows|lists|names|gives|explains)|"
    r"informando|indicando|explicando|mostrando|exibindo|indiquant|expliquant|pr[ée]cisant|indicante|"
    r"che\s+(?:indica|spiega)|die\s+(?:angibt|erkl[äa]rt|nennt)|mit\s+Angabe)\b",
    re.IGNORECASE,
)
# An identifier and a short title, no sentence: a story's or a requirement's name.
_NAME = re.compile(r"^\W*[A-Z][A-Z0-9]{0,9}-\d+[\w.]*\W*[:\-\u2013\u2014]?\s*(?P<title>[^.!?\n]{1,60})$")
_MODAL = re.compile(
    r"\b(?:shall|must|should|will|can|needs?|has\s+to|muss|soll|debe|deve|doit|dovr[àa]|moet|harus)\b"
    r"|しなければ|必须|应该|해야",
    re.IGNORECASE,
)


def _is_name(text: str) -> bool:
    found = _NAME.match(text)
    return found is not None and len(found.group("title").split()) <= 6 and not _MODAL.search(text)
# "SEO-optimized URLs: `/shop/[slug]`": what the vague word describes, given as a literal after a colon.
_NAMED_AFTER = re.compile(r"[\w \t-]{0,30}?:[ \t]*`")
# "`{1}`, `{2}`, etc.": a series of literal examples, not an open-ended requirement.
_AFTER_CODE = re.compile(r"`\s*,?\s*$")


# A code of capitals and digits ("CA2", "US6", "RF-TOOL-04", "S3", "EC2") names something: no amount.
_CODE = re.compile(r"(?<![\w.-])[A-Z]+(?:-[A-Z]+)*-?\d+[a-z]?(?![\w.])")


def _without_ids(text: str, facts: ProfileFacts) -> str:
    for pattern in facts.expectations.ids:
        text = pattern.sub(" ", text)
    return _CODE.sub(" ", text)



def _measurable(text: str) -> bool:
    if _DIGIT.search(text):
        return True
    words = {word.casefold() for word in re.findall(r"\w+%?", text)}
    return bool(words & measurability().number_words)


def _quantitative(facts: ProfileFacts, section: Section) -> bool:
    """True in a non-functional section about something that is a number by nature (performance ...)."""
    names = facts.expectations.section_names("quantitative")
    current: Section | None = section
    while current is not None and current.heading is not None:
        if names.in_title(current.title):
            return True
        if facts.roles.has(current, "non-functional"):
            return False
        current = current.parent
    return False


def _metric_scope(facts: ProfileFacts, block: Block) -> str | None:
    """'metrics' or 'nfr' when a block states metrics or quantitative non-functional requirements,
    'quality' for other requirements about a quantitative quality, else None."""
    section = facts.roles.section_of(block)
    if facts.roles.within(section, "out-of-scope") is not None:
        return None  # "3.3 Non-Goals" under "3. Goals & Success Metrics" lists what is not aimed at
    metrics = facts.roles.within(section, "metrics")
    if metrics is not None:
        return None if _no_targets(facts, section, metrics) else "metrics"
    if facts.roles.within(section, "non-functional") is not None and _quantitative(facts, section):
        return "nfr"
    if _quantitative_requirements(facts, section):
        return "quality"
    return None


# A heading's remark in brackets: "Notes and limits (real constraints, no vanity metrics)".
_REMARK = re.compile(r"[(\uff08\[][^()\uff08\uff09\[\]]*[)\uff09\]]")


def _no_targets(facts: ProfileFacts, section: Section, metrics: Section) -> bool:
    """Text in a metrics chapter that sets no targets: its constraints, limits and notes ('13.3 Guardrails',
    'Notes and limits (no vanity metrics)'), and in a test strategy what the test report shows ('11.
    Metrics and reporting' > '11.1 Test metrics').

    The metrics section's own title counts only when, its remarks in brackets left out, it names no
    metrics: 'Success metrics and constraints' still holds metrics."""
    roles = ["constraints", "reporting"] if facts.profile == "test-strategy" else ["constraints"]
    metric_names = facts.expectations.section_names("metrics")
    current: Section | None = section
    while current is not None and current.heading is not None:
        if any(facts.roles.has(current, role) for role in roles):
            if current is not metrics and not facts.roles.has(current, "metrics"):
                return True  # a subsection of its own: "13.3 Guardrails"
            if not metric_names.in_title(_REMARK.sub(" ", current.title)):
                return True  # "Notes and limits (no vanity metrics)"
            if "reporting" in roles and facts.roles.has(current, "reporting"):
                return True  # "Metrics and reporting" in a test strategy
        if current is not metrics and current.level <= metrics.level:
            break
        current = current.parent
    return False


_NOT_QUANTITATIVE_REQUIREMENTS = ("testing", "user-stories", "acceptance-criteria")


def _quantitative_requirements(facts: ProfileFacts, section: Section) -> bool:
    """A requirements section about something that is a number by nature: '4) Exigences techniques et
    performance', '### Speed' under 'User Experience Requirements' (not a story's criteria, nor how
    it is tested)."""
    requirements = facts.roles.within(section, "requirements")
    if requirements is None:
        return False
    if any(facts.roles.within(section, role) is not None for role in _NOT_QUANTITATIVE_REQUIREMENTS):
        return False
    names = facts.expectations.section_names("quantitative")
    current: Section | None = section
    while current is not None and current is not requirements.parent:
        if current.heading is not None and names.in_title(current.title):
            return True
        current = current.parent
    return False


# What a quantitative requirement is about: a quality that takes a number.
_QUALITY = re.compile(
    r"\b(?:fast|faster|quick\w*|slow\w*|latenc\w*|respon\w*|load\w*|performan\w*|scal\w*|availab\w*|uptime|"
    r"concurren\w*|throughput|capacity|efficien\w*|reliab\w*|handle\w*|support\w*|users?|requests?|"
    r"downtime|recover\w*|backup\w*|time|times|speed|resilien\w*|degrad\w*|peak|volume|growth|growing)\b",
    re.IGNORECASE,
)


# A goal said as a change or a quality with no amount ("improve engagement", "hundreds of users",
# "backups performed regularly"): what PRD601 asks a number for. A pass/fail outcome ("Users can
# export to CSV", "`curl | sh` installs it") is measurable as it is.
_QUALITATIVE = re.compile(
    r"\b(?:improv\w*|increas\w*|decreas\w*|reduc\w*|enhanc\w*|optimi[sz]\w*|maximi[sz]\w*|minimi[sz]\w*|"
    r"boost\w*|grow\w*|growth|rais\w*|lower\w*|higher|better|more|less|fewer|faster|slower|greater|"
    r"high|low|good|great|strong|excellent|significant\w*|substantial\w*|regular\w*|frequent\w*|often|"
    r"many|few|several|some|lots|hundreds|thousands|dozens|most|majority|minimal|acceptable|adequate|"
    r"degrad\w*|scal\w*|efficien\w*|quick\w*|fast|slow|responsive|seamless\w*|smooth\w*|reliab\w*|"
    r"robust|stable|stability|satisf\w*|engag\w*|adopt\w*|retention|churn|conversion|uptake)\b",
    re.IGNORECASE,
)


def _has_vague_word(text: str) -> bool:
    return next(measurability().vague_words(text), None) is not None


def _unmeasurable(text: str) -> bool:
    """No number, and a quality or a change that needs one."""
    return not _measurable(text) and (
        bool(_QUALITATIVE.search(text)) or _has_vague_word(text)
    )


def _metric_words(facts: ProfileFacts, key: str) -> Phrases:
    return _lexicon_phrases(facts.expectations.lexicon, key)


@lru_cache(maxsize=64)
def _lexicon_phrases(lexicon: Lexicon, key: str) -> Phrases:
    """The languages' ``metric-words`` of one key (a Lexicon is hashed by identity: one per vocabulary)."""
    return Phrases(lexicon.metric_words.get(key, ()))


def _metric_needs_number(facts: ProfileFacts, text: str) -> bool:
    """A metric's text with no number that says what it measures ('success rate', '满意度') or asks
    whether something happens ('用户能否 ...'), or names a quality or a change that needs a number."""
    if _measurable(text):
        return False
    return (
        _unmeasurable(text)
        or _metric_words(facts, "measures").in_title(text)
        or _metric_words(facts, "questions").in_title(text)
    )


def _names_quality(facts: ProfileFacts, text: str) -> bool:
    """A requirement about how fast, how much or how often ('starts quickly', '尽快', 'temps de réponse')."""
    return (
        bool(_QUALITY.search(text))
        or _has_vague_word(text)
        or _metric_words(facts, "qualities").in_title(text)
    )


_NAME_WORD = re.compile(r"[^\W_]+")


def _metric_key(text: str) -> str:
    """A metric's name as compared across the document: its words, with no markup or remark in brackets."""
    return " ".join(_NAME_WORD.findall(_REMARK.sub(" ", plain(text)).casefold()))


def _targets_elsewhere(document: Document, facts: ProfileFacts) -> dict[str, set[int]]:
    """The names of the metrics the document gives a number somewhere: a table row naming the metric in
    its first cell and a number in another ('| Diarization accuracy | > 80% |'), or a labelled item
    ('- **Code coverage**: at least 90%'), with the lines that give it. A metric listed without one on
    another line has its target there."""
    names: dict[str, set[int]] = {}
    for block in document.walk():
        if isinstance(block, Table):
            for row in block.rows:
                values = " ".join(cell.text.scan.masked for cell in row.cells[1:])
                if len(row.cells) >= 2 and _measurable(_without_ids(values, facts)):
                    names.setdefault(_metric_key(row.cells[0].value), set()).add(row.line)
        elif isinstance(block, ListItem) and block.first_text is not None:
            label = label_of(block.first_text)
            if label is not None and _measurable(_without_ids(label.value, facts)):
                names.setdefault(_metric_key(label.label), set()).add(block.first_text.line)
    names.pop("", None)
    return names


def _target_elsewhere(targets: dict[str, set[int]], name: str, line: int) -> bool:
    lines = targets.get(_metric_key(name))
    if not lines:
        return False
    return len(lines) > 1 or line not in lines  # no set copy: linear however often a name recurs


def check_unmeasurable(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    analysis = context.analysis
    targets = _targets_elsewhere(document, facts)
    quantitative = facts.expectations.section_names("quantitative")
    nested_items = {
        id(inner)
        for block in document.walk()
        if isinstance(block, ListItem)
        for child in block.blocks
        for inner in child.walk()
        if isinstance(inner, ListItem)
    }
    for block in document.walk():
        if isinstance(block, Table):
            yield from _table_metrics(facts, block, context, targets)
            continue
        if not isinstance(block, ListItem) or block.first_text is None or id(block) in nested_items:
            continue
        if block.task is not None:
            continue  # a checklist item is done or not: a release criterion, not a metric
        prose = block.first_text
        scope = _metric_scope(facts, block)
        label = label_of(prose)
        if (
            scope is None
            and label is not None
            and facts.roles.block_within(block, "non-functional") is not None
        ):
            scope = "nfr" if quantitative.in_title(plain(label.label)) else None
        if scope is None:
            scope = _lead_label_scope(facts, block, quantitative)
        if scope is None:
            continue
        # The item with its nested details ("- Churn\n  - target: < 3%") is one metric; an identifier
        # ("SC-002", "US-001") is no number.
        text = _without_ids(" ".join(p.scan.masked for inner in block.walk() for p in inner.prose()), facts)
        if _measurable(text) or is_empty_value(prose.text) or analysis.is_placeholder(prose.text):
            continue
        if any(p.scan.code_spans for inner in block.walk() for p in inner.prose()):
            continue  # a named file, command or symbol to check ("`npm test` passes"): pass/fail as it is
        if prose.text.rstrip().endswith("?"):
            continue  # a question to answer ("What data will you look at?"), not a metric
        if scope == "nfr" and not _names_quality(facts, text):
            continue  # how it is built ("Images served via the CDN"), not how well it must work
        if scope == "quality" and not _metric_words(facts, "qualities").in_title(text):
            continue  # outside a non-functional section, only "instant", "temps de réponse", "尽快" ask a number
        if scope == "metrics" and not _metric_needs_number(facts, text):
            continue  # a pass/fail outcome ("Users can export to CSV") is measurable as it is
        if analysis.placeholders.covers(prose.line, prose.col, *prose.end_position(len(prose.text))):
            continue
        if _target_elsewhere(targets, label.label if label is not None else prose.text, prose.line):
            continue  # "- Code coverage" under "Test metrics": its target is given elsewhere ("**Code coverage**: 90%")
        kind = {"metrics": "success metric", "nfr": "non-functional requirement"}.get(scope, "requirement")
        end_line, end_col = prose.end_position(len(prose.text.split("\n", 1)[0]))
        yield Violation(
            prose.line,
            prose.col,
            f"{kind} '{short(prose.text, 50)}' has no number, threshold or unit",
            end_line,
            end_col,
            prose.text,
        )


def _lead_label_scope(facts: ProfileFacts, item: ListItem, quantitative: Phrases) -> str | None:
    """An item under a lead paragraph such as '**Performance**:' inside a non-functional section."""
    section = facts.roles.section_of(item)
    if facts.roles.within(section, "non-functional") is None:
        return None
    previous: Paragraph | None = None
    for block in section.blocks:
        if block.start_line > item.start_line:
            break
        if isinstance(block, Paragraph):
            previous = block
        elif block.start_line <= item.start_line <= block.end_line:
            break
    if previous is None:
        return None
    label = label_of(previous.text)
    if label is not None and not label.value.strip() and quantitative.in_title(plain(label.label)):
        return "nfr"
    return None


def _table_metrics(
    facts: ProfileFacts, table: Table, context: RuleContext, targets: dict[str, set[int]] | None = None
) -> Iterator[Violation]:
    headers = table.columns
    scope = _metric_scope(facts, table)
    if scope == "quality":
        scope = None  # a table of requirements under "Performance" is not a table of metrics
    metric_column = next((i for i, h in enumerate(headers) if _METRIC_HEADERS.is_header(h)), None)
    target_columns = [i for i, h in enumerate(headers) if i > 0 and _TARGET_HEADERS.in_title(plain(h))]
    if not target_columns and scope is None:
        if facts.roles.block_within(table, "goals") is not None:
            yield from _measures_without_targets(facts, table, metric_column, context)
        return
    if scope is None and not (metric_column == 0 and target_columns):
        return
    if scope is None and [normalize_header(h) for h in headers] == ["attribute", "value"]:
        return  # a key-value table describing one requirement ("| Description | ... |"), no metrics
    analysis = context.analysis
    for row in table.rows:
        if not row.cells:
            continue
        name_index = metric_column if metric_column is not None and metric_column < len(row.cells) else 0
        name = row.cells[name_index]
        cells = [row.cells[i] for i in target_columns if i < len(row.cells)] or row.cells
        values = " ".join(cell.text.scan.masked for cell in cells)
        if analysis.is_placeholder(name.value):
            continue
        if targets and _target_elsewhere(targets, name.value, row.line):
            continue  # its target is in another table ("### Targets (MVP)": "| Diarization accuracy | > 80% |")
        empty = _empty_target(row, name_index, target_columns)
        if empty is not None:
            yield Violation(
                row.line,
                empty.col,
                f"metric '{short(name.value, 50)}' has no target"
                + (f" in '{short(headers[target_columns[0]], 20)}'" if target_columns else ""),
                row.line,
                empty.end_col if empty.value else empty.col + 1,
                empty.value,
            )
            continue
        if _measurable(values) or all(is_empty_value(cell.value) for cell in cells):
            continue
        needs_number = _metric_needs_number(facts, values) if scope == "metrics" else _unmeasurable(values)
        if not needs_number:
            continue  # a pass/fail outcome ("Bundled web UI renders the specs") is measurable as it is
        if any(analysis.is_placeholder(cell.value) for cell in cells):
            continue
        if any(analysis.placeholders.covers(c.line, c.col, c.line, c.end_col) for c in cells if c.value):
            continue
        first = cells[0]
        yield Violation(
            row.line,
            first.col,
            f"metric '{short(name.value, 50)}' has no number, threshold or unit"
            + (f" in '{short(headers[target_columns[0]], 20)}'" if target_columns else ""),
            row.line,
            first.end_col if first.value else first.col + 1,
            first.value,
        )


def _empty_target(row: TableRow, name_index: int, target_columns: list[int]) -> TableCell | None:
    """The first cell of a row where its metric's target should be, when every such cell is empty ('', '-').

    With no target column, every cell but the metric's name is. A row whose only text is an emphasized
    name ('| **Performance** | | |') groups the rows under it.
    """
    if is_empty_value(row.cells[name_index].text.scan.masked):
        return None  # no metric named ('', '-', '<!-- TODO -->'): nothing to set a target for
    places = target_columns or [i for i in range(len(row.cells)) if i != name_index]
    cells = [row.cells[i] for i in places if i < len(row.cells)]
    if not cells or not all(is_empty_value(cell.value) for cell in cells):
        return None
    others = [cell for i, cell in enumerate(row.cells) if i != name_index]
    grouping = _EMPHASIZED.fullmatch(row.cells[name_index].value.strip())
    if grouping and all(is_empty_value(cell.value) for cell in others):
        return None
    return cells[0]


_EMPHASIZED = re.compile(r"(\*\*|__)[^*_]+\1")
# A column that names what is measured ("Measured by", "KPI"): with no target column, a row that names
# a measure and states no number has no target.
_MEASURE_HEADERS = Phrases(
    ["measured by", "how measured", "how we measure", "measure", "measures", "measurement", "metric", "metrics",
     "KPI", "KPIs", "indicator", "indicators"]
)


def _measures_without_targets(
    facts: ProfileFacts, table: Table, metric_column: int | None, context: RuleContext
) -> Iterator[Violation]:
    """Goals measured by something with no target: '| Fast merge signal | ... | PR workflow duration |'."""
    measure_column = next((i for i, h in enumerate(table.columns) if _MEASURE_HEADERS.is_header(h)), None)
    if measure_column is None:
        return
    analysis = context.analysis
    for row in table.rows:
        if measure_column >= len(row.cells):
            continue
        measure = row.cells[measure_column]
        whole = _without_ids(" ".join(cell.text.scan.masked for cell in row.cells), facts)
        if _measurable(whole) or is_empty_value(measure.value) or analysis.is_placeholder(measure.value):
            continue
        if not _metric_needs_number(facts, measure.text.scan.masked):
            continue  # "Per-browser job matrix in Actions": a check that passes or fails
        if analysis.placeholders.covers(measure.line, measure.col, measure.line, measure.end_col):
            continue
        name = row.cells[metric_column if metric_column is not None and metric_column < len(row.cells) else 0]
        yield Violation(
            row.line,
            measure.col,
            f"goal '{short(name.value, 50)}' is measured by '{short(measure.value, 40)}' with no target",
            row.line,
            measure.end_col,
            measure.value,
        )


def check_vague_terms(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    vocabulary = measurability(facts.expectations.lexicon)
    everywhere = bool(context.options["everywhere"])
    extra = Phrases(context.options["sections"])
    ignored = {word.casefold() for word in context.options["ignore-terms"]}
    # A story's own sentence says what a user wants; its criteria say what must hold.
    stories = {(story.line, story.col) for story in facts.stories.stories}
    narratives = _story_narratives(document, facts)
    columns = _requirement_columns(facts.expectations.lexicon)
    # "- **Critical (Must be fast)**:" over items with numbers: the vague word names quantified details.
    detailed = {
        id(block.blocks[0])
        for block in document.walk()
        if isinstance(block, ListItem)
        and len(block.blocks) > 1
        and any(_DIGIT.search(p.scan.masked) for inner in block.blocks[1:] for b in inner.walk() for p in b.prose())
    }
    exhibits = context.analysis.exhibits
    out_of_scope = Phrases(facts.expectations.lexicon.sections.get("out-of-scope", ()))
    checklists = _test_checklist_items(document, facts) | _labelled_criteria(document, facts)
    # "### In Scope": a summary of what will be delivered, when the requirements or stories say how.
    in_scope = _IN_SCOPE if any(
        facts.roles.heading_of(role) is not None for role in ("requirements", "user-stories", "acceptance-criteria")
    ) else None
    for block in document.walk():
        if isinstance(block, (Heading, CodeBlock, HtmlBlock)) or id(block) in detailed or exhibits.covers(block):
            continue  # an example or the template's guidance shown to the author is not a requirement
        if id(block) in narratives:
            continue
        if not everywhere and not _in_requirements(facts, block, extra) and id(block) not in checklists:
            continue
        if in_scope is not None and in_scope.match(plain(facts.roles.section_of(block).title)):
            continue
        for prose in _requirement_text(block, columns):
            if (prose.line, prose.col) in stories or is_story_sentence(facts.expectations.lexicon, prose.text):
                continue
            if _is_name(plain(prose.text)):
                continue  # "US-012: TAG performance optimisation": a story's or requirement's name
            label = label_of(prose)
            if label is not None and out_of_scope.in_title(plain(label.label)):
                continue  # "Excluded: automatic optimisation": what is not asked for
            yield from _vague_in(prose, vocabulary, ignored, context, facts)


_IN_SCOPE = re.compile(  # anchored: matched against a whole title
    r"\A\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:in[\s-]+scope|scope(?:\s+boundaries)?|within\s+scope|im\s+umfang|"
    r"dans\s+le\s+p[ée]rim[èe]tre|p[ée]rim[èe]tre|dentro\s+del\s+alcance|alcance|no\s+escopo|escopo|"
    r"nell.ambito|in\s+ambito|binnen\s+scope|範囲内|范围内|범위\s*내)\W*\Z",
    re.IGNORECASE,
)


def _test_checklist_items(document: Document, facts: ProfileFacts) -> set[int]:
    """Open checklist items in a testing section: "- [ ] Search finds relevant verses" is a pass criterion."""
    return {
        id(block.blocks[0])
        for block in document.walk()
        if isinstance(block, ListItem)
        and block.task == " "  # a ticked box records a result ("[x] Validated error formatting")
        and block.first_text is not None
        and facts.roles.block_within(block, "testing") is not None
    }


def _labelled_criteria(document: Document, facts: ProfileFacts) -> set[int]:
    """The items of a list that a criteria label introduces ('**Acceptance criteria:**', '**Critérios de
    Aceitação:**' and the list below it), wherever it is: each is a pass criterion."""
    names = Phrases([*facts.expectations.lexicon.sections.get("acceptance-criteria", ()),
                     *facts.expectations.lexicon.criteria_labels])
    found: set[int] = set()
    for container in containers(document):
        for index in range(len(container) - 1):
            block, following = container[index], container[index + 1]
            if not isinstance(block, Paragraph) or not isinstance(following, ListBlock):
                continue
            label = label_of(block.text)
            if label is None or not is_empty_value(label.value) or not names.is_header(plain(label.label)):
                continue
            found.update(id(item.blocks[0]) for item in following.items if item.blocks)
    return found


def _story_narratives(document: Document, facts: ProfileFacts) -> set[int]:
    """The paragraph that opens a story's section ("### User Story 5 - Quick Toggle" + "A user wants ...").

    It tells the story in the user's words, as a story sentence does; the criteria below say what must hold.
    """
    lines = {story.line for story in facts.stories.stories if story.kind == "heading"}
    found = set()
    for section in document.root.walk():
        if section.heading is None or section.heading.start_line not in lines or not section.blocks:
            continue
        first = section.blocks[0]
        if isinstance(first, Paragraph) and label_of(first.text) is None:
            found.add(id(first))
    return found


_REQUIREMENT_COLUMNS = (
    "requirement", "requirements", "description", "criteria", "criterion", "acceptance criteria", "statement",
    "story", "user story", "behaviour", "behavior", "specification", "details", "NFR", "feature",
)


@lru_cache(maxsize=8)
def _requirement_columns(lexicon: Lexicon) -> Phrases:
    """Headers of table columns that state requirements, in every language: the requirement and criteria names."""
    names = [*_REQUIREMENT_COLUMNS, *lexicon.criteria_labels]
    for role in _REQUIREMENT_ROLES:
        names.extend(lexicon.sections.get(role, ()))
    return Phrases(names)


def _requirement_text(block: Block, columns: Phrases) -> Iterator[Prose]:
    """The prose of a block that states requirements: in a table, only its requirement-like columns."""
    if not isinstance(block, Table):
        yield from block.prose()
        return
    indexes = [i for i, header in enumerate(block.columns) if columns.in_title(plain(header))]
    for row in block.rows:
        for index in indexes:
            if index < len(row.cells):
                yield row.cells[index].text
        if not indexes and len(row.cells) > 1 and columns.is_header(plain(row.cells[0].value)):
            # An attribute table: "| **Description** | System shall generate diverse questions |"
            yield from (cell.text for cell in row.cells[1:])


def _in_requirements(facts: ProfileFacts, block: Block, extra: Phrases) -> bool:
    section = facts.roles.section_of(block)
    aside = _aside(facts, section)
    for role in _REQUIREMENT_ROLES:
        owner = facts.roles.within(section, role)
        if owner is not None and (aside is None or (aside is not owner and aside in owner.ancestors())):
            return True  # unless a part that is not a requirement is nearer: "Requirements > Non-goals"
    if aside is not None:
        return False
    return bool(extra) and any(facts.roles.matches(s, extra) for s in (section, *section.ancestors()))


def _aside(facts: ProfileFacts, section: Section) -> Section | None:
    """The nearest section, this one or an ancestor, that says what is not asked for."""
    found = [owner for role in _ASIDE_ROLES if (owner := facts.roles.within(section, role)) is not None]
    # The deepest one: the one whose ancestors hold the others.
    return max(found, key=lambda owner: sum(1 for _ in owner.ancestors()), default=None)


# Sections whose text states what must hold: requirements, stories and their criteria, NFRs.
_REQUIREMENT_ROLES = ("requirements", "acceptance-criteria", "user-stories", "non-functional", "entry-exit", "success")
# Sections that say what is not asked for, even inside a requirements chapter. (Not the audience's: its
# names, "users", "customers", are in too many requirement titles, "User Experience Requirements".)
_ASIDE_ROLES = ("out-of-scope",)


@lru_cache(maxsize=8)
def _trigger_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """A scenario's or an EARS criterion's condition, up to its response: "**Given** ... **When** ... **Then**".

    Matched at the start of a sentence; its end is where the response (THEN, SHALL) starts.
    """
    conditions = [*lexicon.gherkin.get("given", ()), *lexicon.gherkin.get("when", ()), "if", "while", "where"]
    responses = lexicon.gherkin.get("then", ())
    first = "|".join(re.escape(word) for word in sorted(set(conditions), key=lambda word: (-len(word), word)))
    then = "|".join(re.escape(word) for word in sorted(set(responses), key=lambda word: (-len(word), word)))
    return re.compile(
        rf"[\W\d]*(?:{first})(?!\w).*?(?=(?<!\w)(?i:{then})(?!\w)|\b(?-i:SHALL|MUST)\b)", re.IGNORECASE | re.DOTALL
    )


def _vague_in(
    prose: Prose,
    vocabulary: Measurability,
    ignored: set[str],
    context: RuleContext,
    facts: ProfileFacts,
) -> Iterator[Violation]:
    masked = prose.scan.masked
    if not vocabulary.vague_pattern.search(masked):
        return
    label = label_of(prose)
    if label is not None and _RATIONALE.search(plain(label.label)):
        return  # why a feature matters is not what it must do
    placeholders = context.analysis.placeholders
    trigger = _trigger_pattern(facts.expectations.lexicon)
    for start, end in sentences(masked):
        sentence = masked[start:end]
        quantified = bool(_DIGIT.search(_without_ids(sentence, facts)))  # an identifier (FR-004) is no number
        benefit = _BENEFIT.search(sentence)
        condition = trigger.match(sentence)
        if _ABOUT_THE_TEXT.match(sentence) or _is_hedged(sentence):
            continue  # "This chapter describes ...", "The ideal time would be ...": no requirement
        for found, term in vocabulary.vague_words(sentence):
            if benefit is not None and found.start() > benefit.start():
                break  # "so that I can quickly find it": the story's benefit, not its requirement
            if condition is not None and found.start() < condition.end():
                continue  # "WHEN the user sends messages in quick succession THEN ...": the trigger, not the response
            if not term.with_numbers and _PURPOSE.search(sentence, 0, found.start()):
                continue  # "Strict typing for seamless migration": what a requirement is for, not what it asks
            if quantified and not term.with_numbers:
                continue  # "fast: p95 < 200 ms": the sentence says how fast
            after = prose.text[start + found.end() : start + found.end() + 40]
            if after.lstrip(" \t").startswith("`") or _NAMED_AFTER.match(after):
                continue  # "Enhance `x.spec.ts`", "SEO-optimized URLs: `/shop/[slug]`": a named file, symbol or form
            word = " ".join(found.group().split())
            if word.casefold() in ignored or term.term.casefold() in ignored:
                continue
            if word.casefold() == "etc." and _AFTER_CODE.search(prose.text[: start + found.start()]):
                continue
            if _SCOPED.match(sentence, found.end()):
                continue  # "Minimal branding (logo wordmark in header, favicon)": said right after
            s, e = start + found.start(), start + found.end()
            line, col = prose.position(s)
            end_line, end_col = prose.end_position(e)
            if placeholders.covers(line, col, end_line, end_col):
                continue
            yield Violation(
                line,
                col,
                f"vague term '{word}' in a requirement" + (f"; state {term.hint}" if term.hint else ""),
                end_line,
                end_col,
                prose.text[s:e],
            )


RULES = (
    Rule(
        code="PRD601",
        name="unmeasurable-metric",
        family="measurability",
        severity=Severity.WARNING,
        summary=(
            "A success metric, KPI or quantitative non-functional requirement has no number, threshold or "
            "unit."
        ),
        rationale=(
            "'Improve retention' cannot be met or missed; '30-day retention from 40% to 55% by Q3' can. "
            "Checked: list items and table rows in success-metric and KPI sections (in every language: "
            "Erfolgskennzahlen, Métricas de éxito, 成功指标, 성공 지표 ...), and in non-functional sections "
            "about something that is a number by nature (performance, scalability, availability ...: the "
            "`quantitative` section names of rules/languages/). Not checked: constraints, limits and notes in "
            "a metrics chapter ('### Guardrails', 'Notes and limits (no vanity metrics)': the `constraints` "
            "section names), in a test strategy the measures its report shows ('Metrics and reporting': "
            "`reporting`), and a metric the document gives a number on another line (a targets table's row "
            "'| Diarization accuracy | > 80% |', an item '**Code coverage**: 90%'). "
            "A metric needs a number when it names a "
            "change or a quality ('improve', 'faster', 'reliable'), what it measures ('success rate', "
            "'PR review time', '满意度': `metric-words: measures`) or asks whether something happens "
            "('用户能否 ...', `questions`); a pass/fail outcome ('Users can export to CSV') is measurable as it "
            "is. A quantitative requirement needs one when it is about speed, load or time ('starts quickly', "
            "'尽快', 'temps de réponse': `qualities`); so does one under a requirements heading that names such "
            "a quality ('### Speed', '4) Exigences techniques et performance') when it names one of the "
            "`qualities`. In a metrics table with a Target column only that column has to hold the number, "
            "and an empty target ('', '-') is reported; a goals table whose 'Measured by' column names a "
            "measure with no target column is reported too. Number words ('zero', 'all', 'twice') count; an "
            "identifier ('SC-002', 'US-001') does not. Placeholders are left to the placeholder rules."
        ),
        bad=(
            "## Success Metrics\n\n- Improved user engagement\n\n| Metric | Target |\n|---|---|\n| Churn "
            "| Lower |"
        ),
        good="## Success Metrics\n\n- Weekly active users from 1,200 to 2,000 by June\n\n"
        "| Metric | Target |\n|---|---|\n| Churn | < 3% monthly |",
        check=check_unmeasurable,
    ),
    Rule(
        code="PRD602",
        name="vague-term",
        family="measurability",
        severity=Severity.WARNING,
        summary=(
            "A requirement uses a vague term such as 'fast', 'user-friendly', 'scalable', 'etc.' or 'and/or'."
        ),
        rationale=(
            "Vague words let every reader imagine a different system, and no test can fail them. The curated "
            "list is rules/measurability.yaml (`vague-terms`), each with what to write instead, and each "
            "language's `vague-terms` in rules/languages/; a word that is vague in one sense only is reported "
            "in that sense ('a clear message', not 'clear the cache'; 'regular audits', not 'regular "
            "expression'). Checked: requirement sections (Requirements, Functional/Non-Functional "
            "Requirements, User Stories, Acceptance Criteria, Features, MoSCoW priorities ...), success and "
            "entry/exit criteria, open checklist items of testing sections, and in tables the requirement "
            "and criteria columns (in every language). Not reported: a sentence that states a number ('fast: "
            "p95 < 200 ms'), unless the word is a condition or an open list ('under normal load', 'etc.'); a "
            "story's own sentence and benefit, the narrative that opens a story's section, a scenario's "
            "Given/When trigger, labelled rationale, goals and 'Independent Test' notes, a purpose after "
            "'for', text about the document itself, and a name ('Better Auth')."
        ),
        bad=(
            "## Functional Requirements\n\n- **FR-004:** Search must be fast and user-friendly, with "
            "filters for date, status, etc."
        ),
        good=(
            "## Functional Requirements\n\n- **FR-004:** Search returns the first page in < 300 ms (p95) "
            "with filters for date, status and owner."
        ),
        check=check_vague_terms,
        options={"everywhere": False, "sections": [], "ignore-terms": []},
        option_docs={
            "everywhere": "Check every section, not only requirement sections.",
            "sections": "More section-title phrases (or 're:' regexes) to check besides requirements.",
            "ignore-terms": "Terms from the list not to report (e.g. `[simple, reliable]`).",
        },
    ),
)
