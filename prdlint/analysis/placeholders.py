"""Finding template text that was never filled in: the facts behind PRD101-PRD104.

Every placeholder in a document is found once, here, and each hit is owned by
exactly one rule (``kind``): an explicit marker (PRD101), other bracketed
template text (PRD102), an unresolved token (PRD103) or template text in a code
block (PRD104). Hits never overlap: a token inside a reported bracket group is
part of that group. Rules of other families ask :meth:`PlaceholderIndex.covers`
or :func:`is_placeholder_value` to treat a placeholder as a missing value
without reporting it again.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal

from prdlint.analysis.exhibits import Exhibits
from prdlint.analysis.text import containers, label_of, plain
from prdlint.kinds import Phrases
from prdlint.model import (
    Block,
    BlockQuote,
    CodeBlock,
    Document,
    Heading,
    HtmlBlock,
    ListBlock,
    ListItem,
    Paragraph,
    Prose,
    Table,
)
from prdlint.model.inline import Bracket, Piece
from prdlint.prefilter import compile_prefiltered
from prdlint.user_regex import TextPattern, UserPattern

Kind = Literal["marker", "bracket", "token", "code", "field"]

# Names of HTML elements (and the SVG/MathML ones that appear inline); an <angle>
# token with any other lower-case name is template text such as <your-name>.
HTML_ELEMENTS = frozenset(
    {
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "big",
        "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
        "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em",
        "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
        "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd",
        "label", "legend", "li", "link", "main", "map", "mark", "marquee", "math", "menu", "meta", "meter", "nav",
        "nobr", "noframes", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
        "plaintext", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section", "select",
        "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary", "sup", "svg", "table",
        "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "tt", "u",
        "ul", "var", "video", "wbr", "path", "g", "circle", "rect", "line", "polyline", "polygon", "text", "tspan",
        "defs", "use", "symbol", "image", "foreignobject", "mi", "mo", "mn", "ms", "mrow", "msup", "msub", "mfrac",
        "msqrt", "mroot", "mtext", "semantics", "annotation"
    }
)
_BOX_DRAWING = re.compile(r"[\u2500-\u257f]")
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER_BLANK = re.compile(r"#{1,4}(?:[.,]#{1,4})?\s?%?|%|\$|\u20ac|\u00a3")
_QUOTE_OPENERS = re.compile('["\u201c\u00ab\u201e\u300c\u300e]')
_QUOTED_LIST = re.compile(r"""\A\s*(?:"[^"\n]*"|'[^'\n]*')(?:\s*,\s*(?:"[^"\n]*"|'[^'\n]*'))*\s*\Z""")
_CODE_BRACKET = re.compile(r"\[([^\[\]\n]*)\]")
_CODE_CONTENT = re.compile(r"[A-Za-z][A-Za-z0-9 _/'.&-]*[A-Za-z0-9]|[A-Za-z]{2,}")
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CHAR_RANGE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]-[A-Za-z0-9](?![A-Za-z0-9])")
_FOR = re.compile(r"\bfor\b")
_IN = re.compile(r"\bin\b")
_CLOSING_TAG = re.compile(r"</([a-z0-9-]*)")
_PARENTHESIZED = re.compile(r"\(([^()\n]*)\)")
_INI_ASSIGNMENT = re.compile(r"^\s*[\w.-]+\s*=")
_EMPHASIS_EDGES = "*_~ \t"
# Matched right after a bracket (and after a token): the look-behinds keep a search through runs of
# blanks or dashes from retrying at every position.
_ARROW_AFTER = re.compile(r"(?<![ \t])[ \t]*(?:(?<!-)-+>|(?<!=)=+>|\u2192|\u27f6|<-+>|<=+>)")
_ARROW_BEFORE = re.compile(r"(?:(?<!-)-+>|(?<!=)=+>|\u2192|\u27f6|<-+>)[ \t]*$")
# "TBD = to be determined": a token being explained, not left unresolved.
_PATH_AFTER = re.compile(r"\.[^\W\d]")
# "[the announcement list]\n(https://...)": a link the author wrapped between its text and its address, which
# Markdown then does not take for a link.
_LINK_AFTER_BREAK = re.compile(r"[ \t]{0,8}\n?[ \t]{0,8}\((?:https?://|mailto:|www\.)")  # bounded: linear
# An inline link or image in a bracket's text ("[[ID](#ID)]", "[[Chen '16](https://...), Section 3]").
_INNER_LINK = re.compile(r"!?\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)")
_WORD = re.compile(r"[^\W\d_]{2,}")
_LINK_TARGET = re.compile(r"\((?:[a-z][a-z0-9+.-]*:[^()\n]*|[^()\n]*[/#][^()\n]*|[^()\n]*\.[A-Za-z0-9]{1,5})\)")
# Anchored at both ends, so that a search never retries it from every position.
_IDENTIFIER_LIST = re.compile(r"\A\s*[A-Za-z_$@][\w$.@/-]*(?:\s*,\s*[A-Za-z_$@][\w$.@/-]*)+\s*\Z")
_CODE_NAME = re.compile(r"[a-z][A-Z]|_|[a-z]\.[a-z]{2}|[a-z]\d")  # camelCase, snake_case, dotted.names, v2
# A word in brackets that the document also uses in a path ("properties.[other]", "[item].id")
# is its notation for "each element" or "any key" wherever it appears.
_PATH_NOTATION = compile_prefiltered(r"(?<=\.)\[([^\[\]\n]{1,40})\]|\[([^\[\]\n]{1,40})\](?=\.[^\W\d])")
_EXPLAINED = re.compile(
    r"(?<![ \t])[ \t]*(?:[:=(\-\u2013\u2014][ \t]*)?(?:\*\*|__)?(?:to\s+be\s+|stands\s+for\b|means\b)", re.I
)


@dataclass(frozen=True)
class PlaceholderHit:
    """One placeholder found in the document, owned by the rule of its kind."""

    kind: Kind
    line: int
    col: int
    end_line: int
    end_col: int  # exclusive
    text: str
    label: str  # what matched: the marker, the token's name, ...


@dataclass(frozen=True)
class Token:
    """A named unresolved-token pattern (TBD, YYYY-MM-DD ...)."""

    name: str
    pattern: TextPattern
    kind: Kind = "token"  # "bracket" for template text (PRD102) rather than an unresolved token (PRD103)
    mentioned: re.Pattern[str] | None = None  # a line that also matches this describes the syntax


@dataclass(frozen=True)
class Vocabulary:
    """The compiled vocabulary of the placeholder family (built-in pack plus configuration)."""

    markers: re.Pattern[str]
    parenthesized_markers: re.Pattern[str] | None
    tokens: tuple[Token, ...]
    conventions: tuple[re.Pattern[str], ...]
    allow: frozenset[str]
    allow_patterns: tuple[TextPattern, ...]
    angle_tokens: bool
    code_values: TextPattern | None
    list_languages: frozenset[str]
    section_languages: frozenset[str]
    skip_languages: frozenset[str]
    token_filter: re.Pattern[str] = re.compile(r"(?!)")  # any token at all: a text without one is skipped
    template_titles: tuple[re.Pattern[str], ...] = ()
    guidance: tuple[re.Pattern[str], ...] = ()
    self_guidance: tuple[re.Pattern[str], ...] = ()
    glossary_terms: Phrases = field(default_factory=lambda: Phrases(()))
    glossary_columns: Phrases = field(default_factory=lambda: Phrases(()))
    # Speed only, no new meaning: whether the code values can be searched in a block's lines joined.
    code_values_per_block: bool = False

    @classmethod
    def build(cls, data: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> Vocabulary:
        """Compile a pack's ``placeholders`` section, extended by the ``placeholders`` config key."""
        extra = extra or {}
        markers = [*data.get("markers", ()), *extra.get("markers", ())]
        parenthesized = list(data.get("parenthesized_markers", ()))
        tokens = [
            Token(
                t["name"],
                compile_prefiltered(t["pattern"]),
                t.get("kind", "token"),
                re.compile(t["mentioned"]) if t.get("mentioned") else None,
            )
            for t in data.get("tokens", ())
        ]
        for index, pattern in enumerate(extra.get("patterns", ())):
            origin = f"placeholders.patterns[{index}]"
            tokens.append(Token(f"pattern {index + 1} from configuration", UserPattern(pattern, origin=origin)))
        # Conventions are matched whole: anchored, so that no search can retry them from every position.
        conventions = tuple(whole_text_pattern(c["pattern"]) for c in data.get("conventions", ()))
        code = data.get("code", {})
        code_values = [*code.get("values", ()), *extra.get("code-patterns", ())]
        allow = [str(item) for item in extra.get("allow", ())]
        user_code = list(extra.get("code-patterns", ()))
        joined = "|".join(f"(?:{p})" for p in code_values)
        # With the configuration's patterns in it, the alternation runs under the user-pattern budget.
        code_pattern: TextPattern | None = (
            None if not code_values
            else UserPattern(joined, origin="placeholders.code-patterns") if user_code
            else compile_prefiltered(joined)
        )
        return cls(
            markers=_phrase_pattern(markers),
            parenthesized_markers=_phrase_pattern(parenthesized) if parenthesized else None,
            tokens=tuple(tokens),
            conventions=conventions,
            allow=frozenset(item for item in allow if not item.startswith("re:")),
            allow_patterns=tuple(
                UserPattern(item[3:], origin=f"placeholders.allow '{item}'") for item in allow if item.startswith("re:")
            ),
            angle_tokens=bool(data.get("angle_tokens", True)),
            code_values=code_pattern,
            list_languages=frozenset(code.get("list_languages", ())),
            section_languages=frozenset(code.get("section_languages", ())),
            skip_languages=frozenset(code.get("skip_languages", ())),
            # Built from the pack's own patterns only: the configuration's run only under their time
            # budget (prdlint.user_regex), so with any of them no text is skipped.
            token_filter=re.compile("") if extra.get("patterns") else _any_of(
                [t["pattern"] for t in data.get("tokens", ())]
            ),
            template_titles=tuple(re.compile(pattern) for pattern in data.get("template-titles", ())),
            guidance=tuple(re.compile(pattern, re.IGNORECASE) for pattern in data.get("guidance", ())),
            self_guidance=tuple(re.compile(pattern, re.IGNORECASE) for pattern in data.get("self-guidance", ())),
            glossary_terms=Phrases(data.get("glossary-terms", ())),
            glossary_columns=Phrases(data.get("glossary-columns", ())),
            code_values_per_block=all(_line_local(pattern) for pattern in code_values),
        )

    def is_allowed(self, text: str) -> bool:
        """True when the configuration's allow-list accepts this text (with or without brackets)."""
        stripped = text.strip()
        inner = stripped[1:-1].strip() if stripped[:1] in "[(<" and len(stripped) > 1 else stripped
        if stripped in self.allow or inner in self.allow:
            return True
        return any(p.fullmatch(stripped) or p.fullmatch(inner) for p in self.allow_patterns)

    def marker_in(self, inner: str) -> str | None:
        """The marker an inner bracket text starts with, if any."""
        found = self.markers.match(inner.strip(_EMPHASIS_EDGES))
        return found.group(1) if found else None


_GLOBAL_FLAGS = re.compile(r"\A\(\?[aiLmsux]+\)")


def whole_text_pattern(pattern: str) -> re.Pattern[str]:
    """A pattern that only matches a whole text (its leading global flags such as (?i) kept in front)."""
    flags = _GLOBAL_FLAGS.match(pattern)
    prefix = flags.group() if flags else ""
    return re.compile(rf"{prefix}\A(?:{pattern[len(prefix):]})\Z")


def _any_of(patterns: Sequence[str]) -> re.Pattern[str]:
    """One pattern that matches where any of them does (inline flags scoped to their own part).

    A pattern with a back-reference cannot join a union (its group numbers would change):
    then the result matches everywhere, so that no text is skipped.
    """
    parts = []
    for pattern in patterns:
        found = re.match(r"\(\?([aiLmsux]+)\)", pattern)
        if found:  # a global flag is only allowed at the start: scope it to the pattern
            pattern = f"(?{found.group(1)}:{pattern[found.end():]})"
        if "(?P=" in pattern or "(?(" in pattern or any(f"\\{digit}" in pattern for digit in "123456789"):
            return re.compile("")
        parts.append(f"(?:{pattern})")
    if not parts:
        return re.compile(r"(?!)")
    try:
        return compile_prefiltered("|".join(parts))
    except re.error:
        return re.compile("")


def _line_local(pattern: str) -> bool:
    """Whether each match of ``pattern`` in a line is also one in the lines joined with '\\n'.

    True unless it has an anchor, a look-around, an atomic group or a possessive quantifier
    (anything that sees the line's edges differently from a '\\n'); judged on the text, so an
    escaped '$' counts too. Then a block without a match has no line with one.
    """
    if any(token in pattern for token in ("$", "\\A", "\\Z", "*+", "++", "?+", "}+")):
        return False
    for index, char in enumerate(pattern):
        negated_class = pattern[index - 1 : index] == "[" and pattern[index - 2 : index - 1] != "\\"
        if char == "^" and not negated_class:
            return False
    start = pattern.find("(?")
    while start >= 0:
        if not pattern.startswith((":", "P<"), start + 2):
            return False
        start = pattern.find("(?", start + 2)
    return True


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    words = sorted({p.strip() for p in phrases if p.strip()}, key=lambda word: (-len(word), word))
    if not words:
        return re.compile(r"(?!x)x")
    alternatives = "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in words)
    return re.compile(r"(" + alternatives + r")(?![\w-])", re.IGNORECASE)


@dataclass
class PlaceholderIndex:
    """All placeholder hits of one document, in source order."""

    hits: list[PlaceholderHit] = field(default_factory=list)
    _starts: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.hits.sort(key=lambda hit: (hit.line, hit.col))
        self._starts = [(hit.line, hit.col) for hit in self.hits]

    def of_kind(self, kind: Kind) -> Iterator[PlaceholderHit]:
        return (hit for hit in self.hits if hit.kind == kind)

    def covers(self, line: int, col: int, end_line: int | None = None, end_col: int | None = None) -> bool:
        """True when a placeholder overlaps the span starting at (line, col)."""
        end = (end_line or line, end_col if end_col is not None else col + 1)
        index = bisect_right(self._starts, (end[0], end[1] - 1))
        for hit in self.hits[max(index - 8, 0) : index]:
            if (hit.line, hit.col) < end and (hit.end_line, hit.end_col) > (line, col):
                return True
        return False


def is_placeholder_value(text: str, vocabulary: Vocabulary) -> bool:
    """True when a whole value (a table cell, a label's text) is nothing but template text.

    Rules that need a value use this to treat ``[TBD]`` or ``[H/M/L]`` as missing
    without reporting it: the placeholder rules already do.
    """
    stripped = text.strip().strip(_EMPHASIS_EDGES)
    if not stripped:
        return False
    hits = list(_prose_hits(Prose([Piece(1, 1, stripped)]), vocabulary))
    covered = sum(hit.end_col - hit.col for hit in hits)
    return bool(hits) and covered >= len(stripped.strip()) - 2


def find_placeholders(
    document: Document, vocabulary: Vocabulary, exhibits: Exhibits | None = None
) -> PlaceholderIndex:
    """Every placeholder of a document, but in the templates and examples it shows on purpose."""
    exhibits = exhibits or Exhibits()
    hits: list[PlaceholderHit] = []
    if document.front_matter is not None:
        hits.extend(_front_matter_hits(document, vocabulary))
    hits.extend(_template_title(document, vocabulary))
    defined = _glossary_cells(document, vocabulary)
    notation = _path_notation(document)
    for block in document.walk():
        if isinstance(block, (CodeBlock, HtmlBlock)) or exhibits.covers(block):
            continue
        for prose in block.prose():
            if id(prose) in defined:
                continue
            shown = exhibits.inline.get(id(prose))
            limit = prose.position(shown) if shown is not None else None
            found = [
                hit
                for hit in _prose_hits(prose, vocabulary, notation)
                if limit is None or (hit.line, hit.col) < limit
            ]
            if isinstance(block, Heading):
                found = [_weak_if_tag(hit, prose.text) for hit in found]
            hits.extend(found)
    template = any(hit.kind in ("marker", "bracket") and not hit.label.startswith("weak ") for hit in hits)
    hits = [
        replace(hit, label=hit.label[len("weak "):]) if hit.label.startswith("weak ") else hit
        for hit in hits
        if template or not hit.label.startswith("weak ")
    ]
    taken_lines = {hit.line for hit in hits}
    hits.extend(hit for hit in _guidance_hits(document, vocabulary, exhibits, template) if hit.line not in taken_lines)
    hits.extend(_guidance_labels(exhibits))
    hits.extend(_empty_fields(document, exhibits))
    hits.extend(_numbered_fillers(document, exhibits))
    hits.extend(_unfinished_items(document, exhibits))
    hits.extend(_skeletons(document, exhibits))
    hits.extend(_placeholder_links(document, exhibits))
    hits.extend(_code_hits(document, vocabulary, template, exhibits))
    return PlaceholderIndex(hits)


_TAG = re.compile(r"[^\W_][\w+#.-]{0,19}")


def _weak_if_tag(hit: PlaceholderHit, title: str) -> PlaceholderHit:
    """'### [Android] Debug mode', '[General] Where are my logs?': one word in brackets before a heading's
    title is a category tag, unless the document is a template elsewhere ('## [Product] Overview')."""
    stripped = title.lstrip()
    if (
        hit.kind == "bracket"
        and stripped.startswith(hit.text)
        and _TAG.fullmatch(hit.text[1:-1]) is not None
        and _WORD.search(stripped[len(hit.text):]) is not None
    ):
        return replace(hit, label=f"weak {hit.label}")
    return hit


def _own_texts(document: Document, exhibits: Exhibits) -> Iterator[Prose]:
    """The text of every paragraph (list items' included) but those shown as examples."""
    for block in document.walk():
        if isinstance(block, Paragraph) and not exhibits.covers(block) and id(block.text) not in exhibits.inline:
            yield block.text



_ITALIC = re.compile(r"^(?:\*(?!\*)|_(?!_)|\*\*\*|___|_\*\*|\*__)(?P<body>.+?)(?:\*|_)+\W{0,2}$")


def _guidance_hits(
    document: Document, vocabulary: Vocabulary, exhibits: Exhibits, template: bool
) -> Iterator[PlaceholderHit]:
    """A template's instructions to its author, left in italics ("*Describe the problem here.*"), each line
    on its own. Only in a document that is a template elsewhere, but for instructions about itself."""
    patterns = (*vocabulary.guidance, *vocabulary.self_guidance) if template else vocabulary.self_guidance
    if not patterns:
        return
    answered = {
        id(block.blocks[0].text)
        for block in document.walk()
        if isinstance(block, ListItem)
        and len(block.blocks) > 1
        and isinstance(block.blocks[0], Paragraph)
        and any(_has_text(b) for b in block.blocks[1:])
    }
    quoted = {
        id(inner.text)
        for block in document.walk()
        if isinstance(block, BlockQuote)
        for inner in block.walk()
        if isinstance(inner, Paragraph)
    } if template else set()
    for prose in _own_texts(document, exhibits):
        if id(prose) in answered:
            continue  # "- *What date will you evaluate impact?*" with the answer below it: a field's label
        text = prose.text
        offset = 0
        for line in text.split("\n"):
            stripped = line.strip()
            found = _ITALIC.match(stripped)
            # "> What problem are we solving?": a template's prompt quoted where the answer goes.
            body_text = found.group("body") if found is not None else stripped if id(prose) in quoted else None
            if body_text is not None:
                body = plain(body_text).strip().lstrip("\\*_ ")
                if len(body.split()) >= 3 and any(pattern.match(body) for pattern in patterns):
                    start = offset + len(line) - len(line.lstrip())
                    yield _hit("bracket", prose, start, offset + len(line.rstrip()), "template guidance")
            offset += len(line) + 1


def _guidance_labels(exhibits: Exhibits) -> Iterator[PlaceholderHit]:
    """A template's "**Guidance:**" label left in the document: its guidance to the author is still there.

    Only a label that is a guidance label as a whole ("Guidance", "Guidance Notes"), not one that ends
    with one ("Implementation guidance" is the document's own advice)."""
    for prose, end in exhibits.guidance:
        first = prose.text.split("\n", 1)[0]
        stop = len(first[: min(end, len(first))].rstrip(" \t\\"))
        if stop > 0:
            yield _hit("bracket", prose, 0, stop, "template guidance")


# The label starts after all the leading blanks: retrying it from each of them was quadratic.
_FIELD = re.compile(
    r"^[ \t]*(?![ \t])(?:\*\*|__)?(?P<label>[^\n:*_\[\]()`]{1,40}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?"
    r"[ \t]*(?:\.\.\.|\u2026)?[ \t]*$"
)


def _empty_fields(document: Document, exhibits: Exhibits) -> Iterator[PlaceholderHit]:
    """Fields of a form left empty: in a list whose every item is a 'Label: value' field, one with no value."""
    for container in containers(document):
        for index, block in enumerate(container):
            if not isinstance(block, ListBlock) or exhibits.covers(block) or len(block.items) < 2:
                continue
            texts = [item.first_text for item in block.items]
            if any(text is None or label_of(text) is None for text in texts):
                continue
            following = container[index + 1] if index + 1 < len(container) else None
            for position, item in enumerate(block.items):
                prose = item.first_text
                assert prose is not None
                found = _FIELD.match(prose.text)
                if found is None or len(found.group("label").split()) > 4:
                    continue
                if any(_has_text(nested) or _is_content(nested) for nested in item.blocks[1:]):
                    continue  # the value is below the label: "- Goals:" then its items, or a formula in code
                if position == len(block.items) - 1 and isinstance(
                    following, (Paragraph, BlockQuote, CodeBlock, ListBlock, Table)
                ):
                    continue  # the last field's value may be the block after the list ("3. **Prompt**:" + a quote)
                start = len(prose.text) - len(prose.text.lstrip())
                yield _hit("field", prose, start, len(prose.text.rstrip()), "empty field")


# "- Requirement 1", "- Requirement 2": a template's numbered filler in place of the things themselves.
_FILLER = re.compile(
    r"^[\s*_]*(?:requirement|feature|item|goal|objective|story|task|risk|metric|step|option|point|use\s+case|benefit|"
    r"assumption|dependency|milestone|question|criterion|scenario)\s*#?\s*\d{1,2}[\s*_.:]*$",
    re.IGNORECASE,
)


# "- FR-001: The system shall...", "| respond within... |": a sentence the template left unfinished.
_UNFINISHED = re.compile(
    r"\b(?:shall|should|must|will|can|within|to|the|a|an|of|for|by|with|that|when|as|is|are|be)"
    r"[ \t]*(?:\.\.\.|\u2026)[\s*_]*$",
    re.IGNORECASE,
)


def _unfinished_items(document: Document, exhibits: Exhibits) -> Iterator[PlaceholderHit]:
    """List items and table cells that stop mid-sentence; a paragraph may go on in the list after it."""
    texts: list[Prose] = []
    for block in document.walk():
        if exhibits.covers(block):
            continue
        if isinstance(block, ListItem) and block.first_text is not None and len(block.blocks) == 1:
            texts.append(block.first_text)
        elif isinstance(block, Table):
            texts.extend(cell.text for row in block.rows for cell in row.cells)
    for prose in texts:
        found = _UNFINISHED.search(prose.text)
        if found is not None and "\n" not in prose.text[found.start() :]:
            yield _hit("bracket", prose, found.start(), len(prose.text.rstrip()), "unfinished sentence")


# "As a ... I want to ... so that ...", "Given ... when ... then ...": a sentence of the template's
# words with every slot (three or more) left as an ellipsis. Split on the ellipses rather than one
# regex, which would backtrack exponentially on "a ... a ... a ...x".
_ELLIPSIS = re.compile(r"(?<![ \t])[ \t]*(?:\.{3}|\u2026)[ \t]*")
_SLOT_WORDS = re.compile(r"\A[,;]?[ \t]*[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,2}[ \t]*\Z")
_SKELETON_LEAD = re.compile(r"[\s*_]*(?:\[[ xX]\]\s+)?")


def _is_skeleton(text: str) -> bool:
    parts = _ELLIPSIS.split(text[_SKELETON_LEAD.match(text).end() :].rstrip(" *_"))  # type: ignore[union-attr]
    if len(parts) < 4 or parts[-1].strip(" ,;.") or not parts[0]:
        return False
    return all(_SLOT_WORDS.match(part) for part in parts[:-1])


def _skeletons(document: Document, exhibits: Exhibits) -> Iterator[PlaceholderHit]:
    """Sentences that are only a template's words around ellipses."""
    for block in document.walk():
        if exhibits.covers(block):
            continue
        prose = block.text if isinstance(block, Paragraph) else None  # a list item's text is its paragraph
        if prose is None or "\n" in prose.text.strip() or ("..." not in prose.text and "\u2026" not in prose.text):
            continue
        if _is_skeleton(prose.text):
            start = _SKELETON_LEAD.match(prose.text).end()  # type: ignore[union-attr]  # it always matches
            yield _hit("bracket", prose, start, len(prose.text.rstrip(" *_")), "template sentence")


def _numbered_fillers(document: Document, exhibits: Exhibits) -> Iterator[PlaceholderHit]:
    for block in document.walk():
        if not isinstance(block, ListBlock) or exhibits.covers(block):
            continue
        fillers = [
            item.first_text
            for item in block.items
            if item.first_text is not None and len(item.blocks) == 1 and _FILLER.match(item.first_text.text)
        ]
        if len(fillers) < 2:
            continue
        for prose in fillers:
            assert prose is not None
            start = len(prose.text) - len(prose.text.lstrip())
            yield _hit("bracket", prose, start, len(prose.text.rstrip()), "numbered filler")


def _is_content(block: Block) -> bool:
    """A code block or a table with something in it: a field's value as much as a sentence is."""
    if isinstance(block, CodeBlock):
        return bool(block.code.strip())
    return isinstance(block, Table) and bool(block.rows)


def _has_text(block: Block) -> bool:
    return any(prose.text.strip() and not _FIELD.match(prose.text) for inner in block.walk() for prose in inner.prose())


_LINK_WORDS = re.compile(
    r"(?i)\b(?:link|links|url|here|doc|docs|document|page|brief|spec|ticket|issue|jira|figma|design|dashboard|"
    r"report|mockup|prototype|recording|slides|deck)\b"
)
_PLACEHOLDER_LINK_TEXT = re.compile(r"(?i)^\W*(?:back\s+to\s+top|top|home|\u2191|\^)\W*$")


def _placeholder_links(document: Document, exhibits: Exhibits) -> Iterator[PlaceholderHit]:
    """A link whose target was never filled in: '[Link to Initiative Brief](#)'."""
    for prose in _own_texts(document, exhibits):
        scan = prose.scan
        for start, end in scan.link_destinations:
            destination = prose.text[start:end].strip().strip("()<> \t")
            if destination not in ("#", ""):
                continue
            opening = prose.text.rfind("[", 0, start)
            if opening < 0:
                continue
            text = prose.text[opening + 1 : prose.text.rfind("]", opening, start)]
            if not text.strip() or _PLACEHOLDER_LINK_TEXT.match(text):
                continue
            if not destination and not _LINK_WORDS.search(text):
                continue  # "[usuário]()": an empty target on ordinary words is styling, not a blank
            yield _hit("bracket", prose, opening, end, "placeholder link")



# -- prose --------------------------------------------------------------------------------------


def _template_title(document: Document, vocabulary: Vocabulary) -> Iterator[PlaceholderHit]:
    """The template's own title left as the document's title: '# Test Plan Template'."""
    first = next(document.headings(), None)
    if first is None or first.level > 2 or not vocabulary.template_titles:
        return
    title = first.text.text
    if any(pattern.search(title) for pattern in vocabulary.template_titles) and not vocabulary.is_allowed(title):
        start = len(title) - len(title.lstrip())
        yield _hit("bracket", first.text, start, len(title.rstrip()), "template title")


_DEFINED_BY_NEXT_CELL = re.compile(r"^\W{0,3}(?:to\s+be\b|stands\s+for\b|means\b|=)", re.IGNORECASE)


def _glossary_cells(document: Document, vocabulary: Vocabulary) -> set[int]:
    """Cells whose term the row defines: the first column of a Term | Definition table, or a cell the
    next cell explains ('tbd | to be determined')."""
    defined: set[int] = set()
    for table in document.tables():
        columns = table.columns
        glossary = bool(columns) and vocabulary.glossary_terms.is_header(columns[0]) and any(
            vocabulary.glossary_columns.is_header(header) for header in columns[1:]
        )
        for row in table.rows:
            cells = row.cells
            for index, cell in enumerate(cells[:-1]):
                if (index == 0 and glossary) or _DEFINED_BY_NEXT_CELL.match(cells[index + 1].value):
                    defined.add(id(cell.text))
    return defined


def _hit(kind: Kind, prose: Prose, start: int, end: int, label: str) -> PlaceholderHit:
    line, col = prose.position(start)
    end_line, end_col = prose.end_position(end)
    return PlaceholderHit(kind, line, col, end_line, end_col, prose.text[start:end], label)


class _Taken:
    """The characters of one text that hits already cover; a query costs the length of the span asked about."""

    __slots__ = ("_marks",)

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length + 1)

    def overlaps(self, start: int, end: int | None = None) -> bool:
        end = start + 1 if end is None else max(end, start + 1)
        return self._marks.find(1, start, end) >= 0

    def add(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)


class _Quoted:
    """Quoted stretches of a text: each opening quote ('"', '\u201c', '\u00ab', '\u201e', '\u300c', '\u300e')
    pairs with the next of its closing quotes, as the regex of alternatives ``"[^"]*"|\u201c[^\u201d]*\u201d...``
    paired them, without searching the rest of the text again from every unclosed opener."""

    _CLOSERS: ClassVar[dict[str, str]] = {
        '"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c\u201d", "\u300c": "\u300d",
        "\u300e": "\u300f",
    }

    def __init__(self, text: str) -> None:
        spans: list[tuple[int, int]] = []
        unclosed: set[str] = set()  # an opener with no closer after it: later ones have none either
        pos = 0
        while (found := _QUOTE_OPENERS.search(text, pos)) is not None:
            opener = found.group()
            close = -1 if opener in unclosed else _next_of(text, self._CLOSERS[opener], found.end())
            if close < 0:
                unclosed.add(opener)
                pos = found.end()
                continue
            spans.append((found.start(), close + 1))
            pos = close + 1
        self.spans = spans
        self._starts = [start for start, _ in spans]

    def contains(self, start: int, end: int) -> bool:
        """True when ``start..end`` lies strictly inside one quoted stretch."""
        index = bisect_left(self._starts, start) - 1
        return index >= 0 and end < self.spans[index][1]


def _next_of(text: str, chars: str, start: int) -> int:
    """The first position at or after ``start`` of any of ``chars`` (-1 when there is none)."""
    found = [index for index in (text.find(char, start) for char in chars) if index >= 0]
    return min(found) if found else -1


class _Lines:
    """Line boundaries of a multi-line text, and which lines hold a box drawing (computed once per line)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._breaks = [found.start() for found in re.finditer("\n", text)]
        self._drawing: dict[int, bool] = {}

    def line_start(self, pos: int) -> int:
        index = bisect_right(self._breaks, pos - 1)
        return self._breaks[index - 1] + 1 if index else 0

    def line_end(self, pos: int) -> int:
        index = bisect_right(self._breaks, pos - 1)
        return self._breaks[index] if index < len(self._breaks) else len(self.text)

    def has_drawing(self, pos: int) -> bool:
        index = bisect_right(self._breaks, pos)
        if index not in self._drawing:
            start = self._breaks[index - 1] + 1 if index else 0
            end = self._breaks[index] if index < len(self._breaks) else len(self.text)
            self._drawing[index] = _BOX_DRAWING.search(self.text, start, end) is not None
        return self._drawing[index]


def _path_notation(document: Document) -> frozenset[str]:
    """The bracketed words the document uses in paths, which are its notation everywhere."""
    text = document.source.text
    if "[" not in text:
        return frozenset()
    return frozenset(found.group(1) or found.group(2) for found in _PATH_NOTATION.finditer(text))


def _prose_hits(
    prose: Prose, vocabulary: Vocabulary, notation: frozenset[str] = frozenset()
) -> Iterator[PlaceholderHit]:
    # No pre-filter on the text: the token patterns (the configuration's too) are searched in every text.
    text = prose.text
    if "[" not in text and "<" not in text and "(" not in text and not vocabulary.token_filter.search(text):
        return
    scan = prose.scan
    taken = _Taken(len(text))
    quoted: _Quoted | None = None
    lines: _Lines | None = None
    for bracket in scan.literal_brackets():
        inner = text[bracket.inner_start : bracket.inner_end]
        if vocabulary.is_allowed(text[bracket.start : bracket.end]) or inner in notation:
            continue
        marker = vocabulary.marker_in(inner)
        if marker is not None:
            taken.add(bracket.start, bracket.end)
            yield _hit("marker", prose, bracket.start, bracket.end, marker.upper())
            continue
        if quoted is None:
            quoted, lines = _Quoted(text), _Lines(text)
        assert lines is not None
        if _is_bracket_placeholder(text, bracket, inner, scan.masked, vocabulary, quoted, lines):
            taken.add(bracket.start, bracket.end)
            yield _hit("bracket", prose, bracket.start, bracket.end, "bracketed text")
    if "\\[" in text:
        # "\\[Browser; Display resolution\\]" (in the source "\[...\]"): escaped, as converters from word
        # processors write them, so that Markdown shows the brackets; read as the bracket they show when
        # it holds words ("\\[brackets\\]" alone may be meant as text), not LaTeX's display math ("\\[x^2\\]").
        for found in _ESCAPED_BRACKET.finditer(text):
            start, end = found.span()
            if taken.overlaps(start, end) or vocabulary.is_allowed(found.group()):
                continue
            inner = found.group(1)
            marker = vocabulary.marker_in(inner)
            if quoted is None:
                quoted, lines = _Quoted(text), _Lines(text)
            assert lines is not None
            shown = Bracket(start + 1, end - 1, "literal")  # its inner text is the escaped bracket's
            if marker is not None or _is_bracket_placeholder(
                text, shown, inner, scan.masked, vocabulary, quoted, lines
            ):
                taken.add(start, end)
                kind: Kind = "marker" if marker is not None else "bracket"
                yield _hit(kind, prose, start, end, marker.upper() if marker is not None else "bracketed text")
    if vocabulary.parenthesized_markers is not None and "(" in text:
        yield from _parenthesized_markers(prose, scan.masked, vocabulary, taken)
    yield from _token_hits(prose, scan.masked, vocabulary, taken)
    if vocabulary.angle_tokens and scan.html:
        closing = _ClosingTags(text)
        for span in scan.html:
            if (
                span.tag
                and _is_angle_placeholder(span.raw, span.tag, closing)
                and not taken.overlaps(span.start)
                and not vocabulary.is_allowed(span.raw)
            ):
                # "<your-name>" and "<product name>" are blanks anywhere; "<program-name>" may be an
                # argument in a usage line, so it needs the document to be a template elsewhere.
                label = "angle-bracket token" if _PROMPT_ANGLE.match(span.raw) else "weak angle-bracket token"
                yield _hit("token", prose, span.start, span.end, label)
    if "\\<" in text:
        # "\<insert author's name>": escaped so that Markdown shows it instead of taking it for HTML.
        for found in _ESCAPED_ANGLE.finditer(text):
            start, end = found.span()
            if (
                scan.masked[found.start(1)] != " "
                and _PROMPT_ANGLE.match(f"<{found.group(1)}>")
                and not taken.overlaps(start, end)
                and not vocabulary.is_allowed(found.group())
            ):
                yield _hit("token", prose, start, end, "angle-bracket token")


def _is_bracket_placeholder(
    text: str,
    bracket: Bracket,
    inner: str,
    masked: str,
    vocabulary: Vocabulary,
    quoted: _Quoted,
    lines: _Lines,
) -> bool:
    content = inner.strip(_EMPHASIS_EDGES)
    if not _LETTER.search(content):
        # "[#]", "[%]", "[$]": a number to fill in; "[...]", "[0, 1]", "[-]": no words to fill in.
        return _NUMBER_BLANK.fullmatch(content) is not None
    if not masked[bracket.inner_start : bracket.inner_end].strip():
        return False  # only a URL or code inside: "[https://...]"
    if _QUOTED_LIST.match(content):
        return False  # ["PPCD_A_", "PPCD_B_"]: a literal list of strings
    if any(pattern.match(content) for pattern in vocabulary.conventions):
        return False
    before = text[bracket.start - 1] if bracket.start > 0 else " "
    if before.isalnum() or before in ")]}.":
        return False  # "claim[...]", "arr[0]", "properties.[other]": attached to a word or a path
    if _PATH_AFTER.match(text, bracket.end):
        return False  # "[item].id": a path through the elements of a list
    if _LINK_TARGET.match(text, bracket.end):
        return False  # "[Design](design notes.md)": a link whose target has a space, so it did not parse
    if _LINK_AFTER_BREAK.match(text, bracket.end):
        return False  # "[golang-announce]\n(https://groups...)": a link broken by a line break
    if "](" in content and len(_WORD.findall(_INNER_LINK.sub(" ", content))) <= 2:
        return False  # "[[ID](#ID)]" (a list of IDs), "[[Chen '16](...), Section 3]": a link in brackets
    if _IDENTIFIER_LIST.match(content) and all(_CODE_NAME.search(item) for item in content.split(",")):
        return False  # "tools: [initProject, saveScenario]": a list of names in code
    if lines.has_drawing(bracket.start):
        return False  # a drawing of a screen: its [Buttons] are labels
    before_text = text[max(lines.line_start(bracket.start), bracket.start - 8) : bracket.start]
    if _ARROW_AFTER.match(text, bracket.end) or _ARROW_BEFORE.search(before_text):
        return False  # "[ GATEWAY ] ---> [ BACKEND ]": a diagram's boxes
    return not quoted.contains(bracket.start, bracket.end)  # a quoted "[UNDO]" is being mentioned


def _parenthesized_markers(
    prose: Prose, masked: str, vocabulary: Vocabulary, taken: _Taken
) -> Iterator[PlaceholderHit]:
    assert vocabulary.parenthesized_markers is not None
    for found in _PARENTHESIZED.finditer(masked):
        if taken.overlaps(found.start(), found.end()):
            continue
        inner = found.group(1)
        marker = vocabulary.parenthesized_markers.match(inner.strip(_EMPHASIS_EDGES))
        if marker:
            taken.add(*found.span())
            yield _hit("marker", prose, found.start(), found.end(), marker.group(1).upper())


def _token_hits(
    prose: Prose, masked: str, vocabulary: Vocabulary, taken: _Taken
) -> Iterator[PlaceholderHit]:
    if vocabulary.token_filter.search(masked) is None:
        return  # no token anywhere: the scans below would find nothing
    lines: _Lines | None = None
    described: dict[tuple[str, int], bool] = {}
    for token in vocabulary.tokens:
        for found in token.pattern.finditer(masked):
            start, end = found.span()
            if end <= start or taken.overlaps(start, end):
                continue
            if vocabulary.is_allowed(prose.text[start:end]) or _EXPLAINED.match(masked, end):
                continue
            if token.name in _FORMAT_TOKENS and _is_format(prose.text, start, end):
                taken.add(start, end)  # "`period` (YYYY-MM)", "dates in YYYY-MM-DD format": a value's format
                continue
            if token.mentioned is not None:
                if lines is None:
                    lines = _Lines(masked)
                key = (token.name, lines.line_start(start))
                if key not in described:  # once per line: a long line of tokens stays linear
                    described[key] = token.mentioned.search(masked, key[1], lines.line_end(start)) is not None
                if described[key]:
                    continue  # "Variables {{namespace}} and {{pod}} are substituted": the product's syntax
            taken.add(start, end)
            yield _hit(token.kind, prose, start, end, token.name)


# The look-aheads stop at the next backslash: a run of "\\[" is scanned once, not once per bracket.
_ESCAPED_BRACKET = re.compile(
    r"\\\[(?=[^\]\n\\]{0,300}?[^\W\d_]{3})(?=[^\]\n\\]{0,300}?[^\s\]\\]\s+[^\s\]\\])([^\[\]\n\\^=_{}]{3,300})\\\]"
)
_FORMAT_TOKENS = frozenset({"date template", "year template"})
_FORMAT_AFTER = re.compile(r"[ \t]{0,4}\)?[ \t]{0,4}(?:format|form|pattern|notation)\b", re.IGNORECASE)
_FORMAT_BEFORE = re.compile(  # bounded blanks: searched in a short window, linear all the same
    r"(?:\bformat(?:ted)?(?:\s{1,4}(?:as|of|is))?|\bin\s{1,4}the\s{1,4}form(?:\s{1,4}of)?|\bpattern"
    r"|`[^`\n]{1,60}`[ \t]{0,4}\()[ \t:]{0,4}\(?[ \t]{0,4}\Z",
    re.IGNORECASE,
)


def _is_format(text: str, start: int, end: int) -> bool:
    """Whether a date template names a format: after 'format' or a field in code, or before 'format'."""
    if _FORMAT_AFTER.match(text, end) is not None:
        return True
    return _FORMAT_BEFORE.search(text[max(0, start - 80) : start]) is not None


_ESCAPED_ANGLE = re.compile(r"\\<([^<>\n]{2,120})>")
# A verb that asks the author to put something in: "<Insert name>", "<Enter the date>" (not a component's name).
_PROMPT_VERB = re.compile(r"insert|enter|fill|replace|provide|specify|describe|add", re.IGNORECASE)
_PROMPT_ANGLE = re.compile(r"<(?:[^<>\n]*\s[^<>\n]*|(?:your|my|insert|enter|add)[\w\s-]*)>", re.IGNORECASE)


class _ClosingTags:
    """Whether a text holds ``</tag`` (as a substring, ignoring case), answered by a binary search."""

    def __init__(self, text: str) -> None:
        self._names = sorted(found.group(1) for found in _CLOSING_TAG.finditer(text.lower()))

    def __contains__(self, tag: str) -> bool:
        index = bisect_left(self._names, tag)
        return index < len(self._names) and self._names[index].startswith(tag)


def _is_angle_placeholder(raw: str, tag: str, closing: _ClosingTags) -> bool:
    if raw.startswith("</") or tag in HTML_ELEMENTS:
        return False
    name = raw[1:].split(">")[0].split()[0] if len(raw) > 2 else ""
    if name[:1].isupper() and not name.isupper() and not (_PROMPT_VERB.fullmatch(name) and " " in raw.strip()):
        return False  # <Suspense>: a component, not a blank; "<Insert name>" asks for a name
    return tag not in closing  # a real element has a closing tag


# -- front matter -------------------------------------------------------------------------------


def _front_matter_hits(document: Document, vocabulary: Vocabulary) -> Iterator[PlaceholderHit]:
    assert document.front_matter is not None
    for line in document.front_matter.lines:
        text = _without_yaml_comment(line.text)
        if not text:
            continue
        prose = Prose([Piece(line.line, line.col, text)])
        for hit in _prose_hits(prose, vocabulary):
            if hit.kind == "bracket" and "," in hit.text:
                continue  # a YAML flow sequence: tags: [api, web]
            if hit.kind == "bracket" and _IDENTIFIER.fullmatch(hit.text[1:-1]) and hit.text[1:-1].islower():
                continue  # tags: [draft]
            yield hit


def _without_yaml_comment(line: str) -> str:
    """A front matter line without its YAML comment ('' for a comment line)."""
    stripped = line.lstrip()
    if not stripped or stripped.startswith("#"):
        return ""
    end = len(line)
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and index > 0 and line[index - 1] in " \t":
            end = index
            break
    return line[:end].rstrip()


# -- code blocks --------------------------------------------------------------------------------


Confidence = Literal["strong", "weak", "list"]

_DIAGRAM = re.compile(r"[\u250c\u2510\u2554\u2557\u256d\u256e\u2190-\u21ff]|-->|<--|==>")
# Blocks of text rather than code: their brackets are as often labels, log tags and buttons.
_PLAIN_LANGUAGES = frozenset({"", "text", "txt", "plain", "plaintext", "output", "console", "log", "ascii",
                              "markdown", "md"})
_HASH_COMMENTS = frozenset({"python", "py", "python3", "ruby", "rb", "yaml", "yml", "bash", "sh", "shell", "zsh",
                            "toml", "r", "perl", "dockerfile", "makefile", "make", "conf", "ini", "env", "dotenv",
                            "powershell", "ps1", "nix", "hcl", "terraform", "tf", "elixir", "ex", "julia"})
_DASH_COMMENTS = frozenset({"sql", "postgres", "postgresql", "mysql", "sqlite", "plsql", "tsql", "lua", "haskell"})
_PYTHONS = frozenset({"python", "py", "python3", "pycon", "ipython"})


def _code_hits(
    document: Document, vocabulary: Vocabulary, template_evidence: bool, exhibits: Exhibits
) -> Iterator[PlaceholderHit]:
    """Placeholders in code blocks, each found with a confidence.

    ``strong`` hits are always reported. ``weak`` ones (in plain-text blocks and
    comments, where brackets are as often labels and log tags, and a single
    identifier in brackets, which most languages use as code) only when the
    document shows it is still a template elsewhere. ``list`` ones (``[item]`` in
    a language where that is a list) only when the same text is reported
    elsewhere in the document's code, as ``[EntityName]`` in a class statement.
    """
    pending: list[tuple[Confidence, PlaceholderHit]] = []
    for block in document.code_blocks():
        if exhibits.covers(block):
            continue
        language = block.language
        # _DIAGRAM's alternatives hold no line break: a match in the joined lines is one in a line.
        scan_brackets = language not in vocabulary.skip_languages and not (
            language in _PLAIN_LANGUAGES and _DIAGRAM.search(block.code) is not None
        )
        values = vocabulary.code_values
        if values is not None and vocabulary.code_values_per_block and values.search(block.code) is None:
            values = None
        if values is None and (not scan_brackets or "[" not in block.code):
            continue  # no line of the block can hold a hit
        code_lines = block.lines
        sections = language in vocabulary.section_languages or (
            not language and any(_INI_ASSIGNMENT.match(line.text) for line in code_lines)
        )
        for code_line in code_lines:
            text = code_line.text
            taken = _Taken(len(text))
            for found in values.finditer(text) if values else ():
                start, end = found.span()
                if end > start and not vocabulary.is_allowed(found.group()):  # finditer: never overlapping
                    taken.add(start, end)
                    hit = PlaceholderHit("code", code_line.line, code_line.col + start, code_line.line,
                                         code_line.col + end, found.group(), "template value")
                    pending.append(("weak" if language in _PLAIN_LANGUAGES else "strong", hit))
            if not scan_brackets or "[" not in text:
                continue
            strings = _StringMask(text)
            comment = _comment_start(text, language, strings)
            for start, end, confidence in _code_brackets(text, vocabulary, sections, language, strings):
                if taken.overlaps(start, end) or vocabulary.is_allowed(text[start:end]):
                    continue
                if confidence == "strong" and (language in _PLAIN_LANGUAGES or start >= comment):
                    confidence = "weak"
                hit = PlaceholderHit("code", code_line.line, code_line.col + start, code_line.line,
                                     code_line.col + end, text[start:end], "bracketed text")
                pending.append((confidence, hit))
    reported = [
        hit for confidence, hit in pending if confidence == "strong" or (confidence == "weak" and template_evidence)
    ]
    confirmed = {hit.text for hit in reported}
    for confidence, hit in pending:
        if confidence == "strong" or (confidence == "weak" and template_evidence) or hit.text in confirmed:
            yield hit


def _comment_start(text: str, language: str, strings: _StringMask) -> int:
    """Where a line comment starts (len(text) when there is none), outside strings."""
    if language in _PLAIN_LANGUAGES:
        return len(text)
    marker = "#" if language in _HASH_COMMENTS else "--" if language in _DASH_COMMENTS else "//"
    index = text.find(marker)
    while index >= 0:
        if not strings.inside(index) and (marker != "#" or index == 0 or text[index - 1] in " \t"):
            return index
        index = text.find(marker, index + 1)
    return len(text)


class _StringMask:
    """Which characters of a code line are inside a quoted string, worked out once per line when asked."""

    __slots__ = ("_inside", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._inside: bytearray | None = None

    def inside(self, pos: int) -> bool:
        """True when ``text[pos]`` is inside a quoted string on its line."""
        if self._inside is None:
            self._inside = self._compute()
        return bool(self._inside[pos])

    def _compute(self) -> bytearray:
        # marks[i] is the quoting state before character i is read; a backslash skips the next character.
        text = self.text
        marks = bytearray(len(text) + 1)
        quote = ""
        index = 0
        while index < len(text):
            marks[index] = 1 if quote else 0
            char = text[index]
            if char == "\\":
                if index + 1 < len(text):
                    marks[index + 1] = marks[index]
                index += 2
                continue
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'`":
                quote = char
            index += 1
        marks[len(text)] = 1 if quote else 0
        return marks


def _is_comprehension(inner: str) -> bool:
    """'x for x in xs': what ``\\bfor\\b.*\\bin\\b`` finds, without rescanning the rest from every 'for'."""
    first = _FOR.search(inner)
    return first is not None and _IN.search(inner, first.end()) is not None


_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def _code_brackets(
    text: str, vocabulary: Vocabulary, sections: bool, language: str, strings: _StringMask
) -> Iterator[tuple[int, int, Confidence]]:
    """(start, end, confidence) of bracketed template text on one code line."""
    stripped = text.strip()
    lists = language in vocabulary.list_languages
    for found in _CODE_BRACKET.finditer(text):
        start, end = found.span()
        inner = found.group(1)
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        if before.isalnum() or before in ")]}$@[" or after in "+*?{]":
            continue  # indexing, type arguments, a node label, a regex class, a nested list
        if before == "." and (start < 2 or not (text[start - 2].isalnum() or text[start - 2] == "_")):
            continue  # pip extras, as in: pip install ".[test]"
        if not _CODE_CONTENT.fullmatch(inner) or _CHAR_RANGE.search(inner) or _is_comprehension(inner):
            continue
        if sections and stripped in (f"[{inner}]", f"[[{inner}]]"):
            continue  # an INI or TOML section header
        if language in ("markdown", "md") and after == "(":
            continue  # a Markdown link in a Markdown example
        if lists and _DOTTED.fullmatch(inner) and before != "_" and after != "_":
            if strings.inside(start):
                # "[field1] is required" is a blank; "[WS] connected" is a log tag
                yield start, end, ("weak" if inner[:1].isupper() else "strong")
            elif after == ":" and language in _PYTHONS:
                yield start, end, "strong"  # "[field1]: str" cannot be a list in Python
            else:
                yield start, end, "list"  # [item] is a list or an attribute in this language
            continue
        if _DOTTED.fullmatch(inner):
            # One identifier in brackets is code in most languages (Prisma's fields: [userId], SQL Server's
            # [table], attributes): template text only in a document that is a template elsewhere.
            yield start, end, "weak"
            continue
        yield start, end, "strong"
