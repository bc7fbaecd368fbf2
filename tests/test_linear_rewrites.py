"""Issue 8, item 3: the functions rewritten to run in linear time give the results of the code they
replaced. Each reference below is the earlier, quadratic implementation (a regex search or a rescan),
and hypothesis compares the two on strings made of the characters that matter to them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from prdlint.analysis import coverage, ids, placeholders, risks, text
from prdlint.analysis.slugs import heading_attribute
from prdlint.kinds.phrases import without_trailing_groups as _without_trailing_groups
from prdlint.model.inline import _link_destination_end, _LinkSyntax
from prdlint.model.parser import _ATX_CLOSING, without_closing_sequence

SETTINGS = settings(max_examples=400, deadline=None)


def strings(alphabet: str, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(list(alphabet)), max_size=max_size)


# -- link destinations -------------------------------------------------------------------------------


def _reference_destination_end(text: str, pos: int, blocked: Sequence[bool]) -> int | None:
    length = len(text)
    i = pos + 1
    while i < length and text[i] in " \t\n":
        i += 1
    if i < length and text[i] == "<":
        close = text.find(">", i)
        if close < 0 or "\n" in text[i:close]:
            return None
        i = close + 1
    else:
        depth = 0
        while i < length:
            char = text[i]
            if char == "\\" and i + 1 < length:
                i += 2
                continue
            if char in " \t\n" or ord(char) < 0x20:
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
    while i < length and text[i] in " \t\n":
        i += 1
    if i < length and text[i] in "\"'(":
        closer = ")" if text[i] == "(" else text[i]
        i += 1
        while i < length and text[i] != closer:
            i += 2 if text[i] == "\\" else 1
        i += 1
        while i < length and text[i] in " \t\n":
            i += 1
    if i < length and text[i] == ")" and not blocked[i]:
        return i + 1
    return None


@SETTINGS
@given(strings("()<>\"' \t\n\\ab\x01"), st.data())
def test_link_destinations_end_where_the_rescan_said(body: str, data: st.DataObject) -> None:
    text = "[a](" + body
    blocked = [data.draw(st.booleans()) if char == ")" else False for char in text]
    syntax = _LinkSyntax(text)
    for pos in [i for i, char in enumerate(text) if char == "("]:
        assert _link_destination_end(text, pos, blocked, syntax) == _reference_destination_end(text, pos, blocked)


# -- headings, headers and ratings --------------------------------------------------------------------


@SETTINGS
@given(strings("{}#a-:. \t"))
def test_heading_attributes_are_what_the_regex_found(title: str) -> None:
    found = re.search(r"\s*\{#([\w\-.:]+)[^}]*\}\s*$", title)
    assert heading_attribute(title) == ((found.start(), found.group(1)) if found else None)


@SETTINGS
@given(strings("()[]*_` \ta"))
def test_trailing_groups_are_stripped_as_the_loop_did(header: str) -> None:
    expected = header.strip().strip("*_` ")
    previous = None
    while previous != expected:
        previous = expected
        expected = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*$", "", expected).strip().strip("*_` ")
    assert _without_trailing_groups(header) == expected


@SETTINGS
@given(strings("-\u2013to T \tLowHigh", 30))
def test_rating_ranges_are_split_where_the_regex_split_them(value: str) -> None:
    head = value.strip()
    found = re.match(r"^(?P<a>.+?)\s*(?:-|\u2013|\u2014|to)\s*(?P<b>.+)$", head, re.IGNORECASE)
    got = risks._range(head)
    if found is None:
        assert got is None
    else:
        assert got is not None
        assert (got[0].strip(), got[1].strip()) == (found.group("a").strip(), found.group("b").strip())


@SETTINGS
@given(strings("# \tx\u00a0\f"))
def test_atx_closing_sequences_are_trimmed_as_mistune_did(title: str) -> None:
    stripped = title.strip(" \t\n\r\x0b\x0c")
    assert without_closing_sequence(stripped) == (re.sub(r"(\s+|^)#+\s*$", "", stripped) if stripped else stripped)
    assert _ATX_CLOSING.sub("", title) == re.sub(r"(?:^|[ \t]+)#+[ \t]*$", "", title)


# -- placeholders ----------------------------------------------------------------------------------


@SETTINGS
@given(strings('"\u201c\u201d\u00ab\u00bb\u201e\u300c\u300d\u300e\u300f[]a\n'))
def test_quoted_spans_are_the_regex_pairs(value: str) -> None:
    pairs = [m.span() for m in re.finditer(
        r'"[^"\n]*(?:\n[^"\n]*)*?"|\u201c[^\u201d]*\u201d|\u00ab[^\u00bb]*\u00bb|\u201e[^\u201c\u201d]*[\u201c\u201d]'
        r"|\u300c[^\u300d]*\u300d|\u300e[^\u300f]*\u300f", value)]
    quoted = placeholders._Quoted(value)
    assert quoted.spans == pairs
    for start in range(len(value)):
        for end in range(start, len(value) + 1):
            assert quoted.contains(start, end) == any(s < start and end < e for s, e in pairs)


def _reference_in_string(value: str, pos: int) -> bool:
    quote = ""
    index = 0
    while index < pos:
        char = value[index]
        if char == "\\":
            index += 2
            continue
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        index += 1
    return bool(quote)


@SETTINGS
@given(strings("\"'`\\#a -/[]"), st.sampled_from(["python", "sql", "js", "", "text"]))
def test_string_masks_and_comment_starts_match_the_rescans(line: str, language: str) -> None:
    mask = placeholders._StringMask(line)
    assert [mask.inside(i) for i in range(len(line))] == [_reference_in_string(line, i) for i in range(len(line))]
    markers = ("//",) if language not in placeholders._HASH_COMMENTS and language not in placeholders._DASH_COMMENTS \
        else ()
    if language in placeholders._HASH_COMMENTS:
        markers = ("#",)
    elif language in placeholders._DASH_COMMENTS:
        markers = ("--",)
    expected = len(line)
    if markers and language not in placeholders._PLAIN_LANGUAGES:
        marker = markers[0]
        index = line.find(marker)
        while index >= 0:
            if not _reference_in_string(line, index) and (marker != "#" or index == 0 or line[index - 1] in " \t"):
                expected = index
                break
            index = line.find(marker, index + 1)
    assert placeholders._comment_start(line, language, mask) == expected


@SETTINGS
@given(strings("for in x"))
def test_comprehensions_are_what_the_regex_found(inner: str) -> None:
    assert placeholders._is_comprehension(inner) == bool(re.search(r"\bfor\b.*\bin\b", inner))


@SETTINGS
@given(strings("</aAbB->x"), strings("ab-", 5).filter(bool))
def test_closing_tags_are_found_as_the_substring_search_did(value: str, tag: str) -> None:
    assert (tag in placeholders._ClosingTags(value)) == (f"</{tag}" in value.lower())


# -- regular expressions anchored or guarded against rescans ----------------------------------------


@SETTINGS
@given(strings(" \t,;.-\u2014orwithand1x", 30))
def test_splitting_at_the_first_stop_is_unchanged(value: str) -> None:
    old_area = re.compile(r"\s*(?:,|;|\.|\bwith\b|\band\s+(?=\d)|\bor\b|\u2014|\u2013|\s-\s|$)")
    assert coverage._AREA_STOP.split(value, maxsplit=1)[0] == old_area.split(value, maxsplit=1)[0]
    old_head = re.compile(r"\s+[-\u2013\u2014:]\s+|\s*[,;(]|\s*:\s*|\s+because\b|\s+due\b", re.IGNORECASE)
    assert risks._HEAD_END.split(value, maxsplit=1)[0].strip() == old_head.split(value, maxsplit=1)[0].strip()
    old_alternatives = re.compile(r"\s*(?:/|\||\bor\b)\s*", re.IGNORECASE)
    assert [p.strip() for p in risks._ALTERNATIVES.split(value) if p.strip()] == [
        p.strip() for p in old_alternatives.split(value) if p.strip()
    ]


@SETTINGS
@given(strings("*_` \t:.)]-\u2013ax\n", 20))
def test_what_follows_an_id_matches_as_before(rest: str) -> None:
    old_after = re.compile(r"(?![.\-/]\w)(?:\*\*|__|\*|_|`)?[ \t]*(?:[:.)\]]|[-\u2013\u2014]\s|\s|$)")
    value = "FR-1" + rest
    for new, old in ((ids._AFTER, old_after),):
        found, expected = new.match(value, 4), old.match(value, 4)
        assert (found and found.span()) == (expected and expected.span())


@SETTINGS
@given(strings("*_ \t:Owner\n", 30))
def test_labels_are_found_as_before(value: str) -> None:
    old_forms = [re.compile(form.pattern.replace(r"\A", "", 1).replace(r"(?![ \t])", "")) for form in
                 text._LABEL_FORMS]
    for new, old in zip(text._LABEL_FORMS, old_forms, strict=True):
        found, expected = new.match(value), old.match(value)
        if expected is not None and not expected.group("label").strip():
            continue  # an empty label is skipped by the callers either way
        assert (found and (found.group("label").strip(), found.end())) == (
            expected and (expected.group("label").strip(), expected.end())
        )


@SETTINGS
@given(strings("1.%5 \t>=atlest", 30))
def test_percentages_are_found_as_before(value: str) -> None:
    old = re.compile(coverage._PERCENT.pattern.replace("(?<!\\d)", "").replace(
        r"(?:(?P<op>", "(?P<op>").replace(r")\s*)?(?P<num>", r")?\s*(?P<num>"))
    assert [m.group("num", "unit") for m in coverage._PERCENT.finditer(value)] == [
        m.group("num", "unit") for m in old.finditer(value)
    ]


@SETTINGS
@given(strings("`._/-aZ_1 !:\u00e9", 24))
def test_code_titles_are_what_the_regex_found(title: str) -> None:
    from prdlint.analysis.sections import is_code_title

    old = re.compile(r"^\W*(?:`[^`]*`|[\w./-]*(?:_\w|\.[a-z]{1,5}\b)[\w./-]*)\W*$")
    assert is_code_title(title) == bool(old.match(title))


@SETTINGS
@given(strings("-! aDate:x\t", 30))
def test_field_headings_are_what_the_regex_found(title: str) -> None:
    from prdlint.rules import structure

    old = re.compile("^\\W*" + structure._FIELD_HEADING.pattern.replace("\\A", "", 1), re.IGNORECASE)
    assert structure._is_field_heading(title) == bool(old.match(title))


# -- brackets longer than any link label ---------------------------------------------------------------


def test_nested_brackets_are_classified_without_copying_each_level() -> None:
    from prdlint.model.inline import scan_inline

    depth = 3000
    found = scan_inline("[ " * depth + "x" + " ]" * depth)
    kinds = {b.end - b.start: b.kind for b in found.brackets}
    assert len(found.brackets) == depth
    assert kinds[5] == "literal"  # '[ x ]', read as before
    assert all(kind == "literal" for kind in kinds.values())


def test_a_label_of_up_to_999_characters_is_a_label_and_a_longer_one_is_not() -> None:
    from prdlint.model.inline import scan_inline

    short, long = "a" * 999, "a" * 1000
    assert [b.kind for b in scan_inline(f"[{short}]", frozenset({short})).brackets] == ["link"]
    assert [b.kind for b in scan_inline(f"[{long}]", frozenset({long})).brackets] == ["literal"]
    assert [b.kind for b in scan_inline("[^" + "n" * 2000 + "]").brackets] == ["literal"]
    assert [b.kind for b in scan_inline("[^note]").brackets] == ["footnote"]
