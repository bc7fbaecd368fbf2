"""Suppression comments: ``<!-- prdlint-disable ... -->`` and friends, and PRD002 for bad ones."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from prdlint.config import default_config
from prdlint.engine.linter import FileResult, lint_document
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.engine.settings import LintSettings, resolve_settings
from prdlint.model import Document


@cache
def _engine() -> tuple[Registry, LintSettings]:
    registry = Registry(builtin_rules())
    return registry, resolve_settings(default_config(Path.cwd()), registry)


def lint(text: str) -> FileResult:
    registry, settings = _engine()
    return lint_document(Document.parse(text, "doc.md"), settings, registry)


def found(text: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.code) for f in lint(text).findings]


def codes_by_line(text: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for line, _col, code in found(text):
        out.setdefault(line, []).append(code)
    return out


# One line with a PRD101 marker, a PRD102 bracket and a PRD103 token.
LINE = "Owner: [FILL IN] and [Your Name] by TBD"
ALL_THREE = ["PRD101", "PRD102", "PRD103"]


def test_the_sample_line_has_one_finding_of_each_rule() -> None:
    assert found(LINE + "\n") == [(1, 8, "PRD101"), (1, 22, "PRD102"), (1, 37, "PRD103")]


def test_disable_codes_until_enable_all() -> None:
    text = "\n".join([
        LINE,                                           # 1
        "",
        "<!-- prdlint-disable PRD101 PRD102 -->",       # 3
        LINE,                                           # 4
        "",
        LINE,                                           # 6
        "<!-- prdlint-enable -->",                      # 7
        LINE,                                           # 8
    ]) + "\n"
    assert codes_by_line(text) == {1: ALL_THREE, 4: ["PRD103"], 6: ["PRD103"], 8: ALL_THREE}
    assert lint(text).suppressed == 4


def test_disable_without_codes_is_every_rule_and_enable_one_code_brings_it_back() -> None:
    text = "\n".join([
        "<!-- prdlint-disable -->",
        LINE,                                           # 2
        "<!-- prdlint-enable PRD103 -->",
        LINE,                                           # 4
        "<!-- prdlint-enable -->",
        LINE,                                           # 6
    ]) + "\n"
    assert codes_by_line(text) == {4: ["PRD103"], 6: ALL_THREE}


def test_enable_of_one_code_keeps_the_others_disabled() -> None:
    text = f"<!-- prdlint-disable PRD101,PRD102 -->\n{LINE}\n<!-- prdlint-enable PRD101 -->\n{LINE}\n"
    assert codes_by_line(text) == {2: ["PRD103"], 4: ["PRD101", "PRD103"]}


def test_disable_runs_to_the_end_of_the_file_without_enable() -> None:
    text = LINE + "\n\n<!-- prdlint-disable placeholders -->\n\n" + "\n\n".join([LINE] * 3) + "\n"
    assert codes_by_line(text) == {1: ALL_THREE}


def test_disable_next_line_with_codes_and_without() -> None:
    text = "\n".join([
        "<!-- prdlint-disable-next-line PRD102 -->",
        LINE,                                           # 2: PRD102 silenced
        LINE,                                           # 3: only the next line
        "",
        "<!-- prdlint-disable-next-line -->",
        LINE,                                           # 6: everything silenced
        LINE,                                           # 7
    ]) + "\n"
    assert codes_by_line(text) == {2: ["PRD101", "PRD103"], 3: ALL_THREE, 7: ALL_THREE}


def test_disable_next_line_after_a_multi_line_comment_is_the_line_after_its_end() -> None:
    text = "\n".join([
        "<!--",
        "  prdlint-disable-next-line",
        "  PRD101 PRD103",
        "-->",
        LINE,                                           # 5
        LINE,                                           # 6
    ]) + "\n"
    assert codes_by_line(text) == {5: ["PRD102"], 6: ALL_THREE}


def test_disable_line_at_the_end_of_the_line() -> None:
    text = LINE + " <!-- prdlint-disable-line PRD101 PRD103 -->\n\n" + LINE + "\n"
    assert codes_by_line(text) == {1: ["PRD102"], 3: ALL_THREE}


def test_disable_line_without_codes() -> None:
    assert codes_by_line(LINE + " <!-- prdlint-disable-line -->\n") == {}


def test_disable_file_anywhere_applies_to_the_whole_file() -> None:
    text = LINE + "\n\n" + LINE + "\n\n<!-- prdlint-disable-file PRD101 unresolved-token -->\n"
    assert codes_by_line(text) == {1: ["PRD102"], 3: ["PRD102"]}
    assert found(LINE + "\n\n<!-- prdlint-disable-file -->\n") == []


@pytest.mark.parametrize(
    ("selector", "left"),
    [
        ("PRD101", ["PRD102", "PRD103"]),             # code
        ("prd101", ["PRD102", "PRD103"]),             # any case
        ("fill-in-marker", ["PRD102", "PRD103"]),     # name
        ("placeholders", []),                         # family
        ("PRD1", []),                                 # prefix
        ("PRD10", []),                                # longer prefix
        ("ALL", []),
        ("PRD101,bracket-placeholder", ["PRD103"]),   # comma-separated
    ],
)
def test_selectors_are_codes_names_families_and_prefixes(selector: str, left: list[str]) -> None:
    text = f"<!-- prdlint-disable-next-line {selector} -->\n{LINE}\n"
    assert codes_by_line(text).get(2, []) == left
    assert [f for f in found(text) if f[2] == "PRD002"] == []


def test_a_reason_after_two_dashes_is_not_a_selector() -> None:
    text = f"<!-- prdlint-disable-next-line PRD101 -- the owner is decided on Monday -->\n{LINE}\n"
    assert codes_by_line(text) == {2: ["PRD102", "PRD103"]}


def test_directives_work_inside_containers() -> None:
    quote = f"> <!-- prdlint-disable-next-line placeholders -->\n> {LINE}\n"
    text = f"{quote}\n- {LINE} <!-- prdlint-disable-line -->\n"
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "```\n<!-- prdlint-disable-file -->\n```\n\n" + LINE + "\n",
        "~~~markdown\n<!-- prdlint-disable-file -->\n~~~\n\n" + LINE + "\n",
        "Some text:\n\n    <!-- prdlint-disable-file -->\n\n" + LINE + "\n",
        "Write `<!-- prdlint-disable-file -->` to silence a file.\n\n" + LINE + "\n",
        "Write ``<!-- prdlint-disable-next-line -->``\n" + LINE + "\n",
    ],
    ids=["backtick-fence", "tilde-fence", "indented-code", "code-span", "double-backtick-span"],
)
def test_directives_in_code_are_not_directives(text: str) -> None:
    result = found(text)
    assert [code for _line, _col, code in result if code != "PRD104"] == ALL_THREE


def test_unknown_verbs_in_code_are_not_reported() -> None:
    assert found("```html\n<!-- prdlint-disabel PRD101 -->\n```\n\nSay `<!-- prdlint-foo -->`.\n") == []


def test_an_ordinary_comment_is_not_a_directive() -> None:
    assert found("<!-- prdlint is great; disable nothing -->\n<!-- TODO: prdlint-ish -->\n") == []


# -- PRD002 -------------------------------------------------------------------------------------


def test_unknown_verb_is_prd002_at_the_verb_with_a_suggestion() -> None:
    result = lint("Intro\n\n  <!-- prdlint-disabel PRD101 -->\n" + LINE + "\n")
    prd002 = [f for f in result.findings if f.code == "PRD002"]
    assert [(f.line, f.col) for f in prd002] == [(3, 8)]
    assert "unknown directive 'prdlint-disabel'" in prd002[0].message
    assert "did you mean 'prdlint-disable'?" in prd002[0].message
    # An unknown verb disables nothing.
    assert [f.code for f in result.findings if f.line == 4] == ALL_THREE


@pytest.mark.parametrize(
    ("verb", "suggestion"),
    [("disable-nxt-line", "disable-next-line"), ("enabel", "enable"), ("disable-fil", "disable-file"),
     ("ignore", None)],
)
def test_every_unknown_verb_lists_the_real_ones(verb: str, suggestion: str | None) -> None:
    [finding] = lint(f"<!-- prdlint-{verb} -->\n").findings
    assert finding.code == "PRD002" and (finding.line, finding.col) == (1, 6)
    assert "expected one of prdlint-disable, prdlint-enable, prdlint-disable-next-line" in finding.message
    if suggestion:
        assert f"did you mean 'prdlint-{suggestion}'?" in finding.message


def test_unknown_codes_are_prd002_at_each_code_with_a_suggestion() -> None:
    text = "Text\n\n<!-- prdlint-disable PRD101 PRD1O2 fill-in-markr zzz -->\n"
    prd002 = [f for f in lint(text).findings if f.code == "PRD002"]
    positions = [(f.line, f.col, f.end_line, f.end_col) for f in prd002]
    assert positions == [(3, 29, 3, 35), (3, 36, 3, 49), (3, 50, 3, 53)]
    assert prd002[0].message == (
        "'PRD1O2' in 'prdlint-disable' is not a rule code, name or family (did you mean 'PRD102'?)"
    )
    assert prd002[1].message.endswith("(did you mean 'fill-in-marker'?)")
    assert "did you mean" not in prd002[2].message


def test_unknown_code_positions_in_a_multi_line_comment() -> None:
    text = "# Title\n\n<!--\nprdlint-disable-next-line\nPRD101\nPRD104 PRD1O3\n-->\n" + LINE + "\n"
    result = lint(text)
    assert [(f.line, f.col) for f in result.findings if f.code == "PRD002"] == [(6, 8)]
    # the known code still applies, the unknown one does not
    assert [f.code for f in result.findings if f.line == 8] == ["PRD102", "PRD103"]


def test_unknown_code_column_on_an_indented_line_of_a_multi_line_comment() -> None:
    text = "<!--\nprdlint-disable-next-line\n    PRD1O3\n-->\n"
    assert [(f.line, f.col) for f in lint(text).findings if f.code == "PRD002"] == [(3, 5)]


def test_a_directive_naming_only_unknown_codes_suppresses_nothing() -> None:
    text = f"<!-- prdlint-disable-next-line PRD999 -->\n{LINE}\n"
    assert codes_by_line(text) == {1: ["PRD002"], 2: ALL_THREE}


def test_prd002_itself_can_be_silenced_for_a_file() -> None:
    assert found("<!-- prdlint-disable-file PRD002 -->\n<!-- prdlint-bogus -->\n") == []


def test_an_inline_unknown_verb_has_the_column_of_its_line() -> None:
    [finding] = lint("Some text <!-- prdlint-disble --> more\n").findings
    assert (finding.line, finding.col) == (1, 16)


# -- PRD003 unused-suppression ------------------------------------------------------------------


def unused(text: str, **settings: tuple[str, ...]) -> list[tuple[int, int, int | None, int | None, str]]:
    """PRD003 findings as (line, col, end_line, end_col, message)."""
    registry = Registry(builtin_rules())
    config = replace(default_config(Path.cwd()), **settings)
    result = lint_document(Document.parse(text, "doc.md"), resolve_settings(config, registry), registry)
    return [(f.line, f.col, f.end_line, f.end_col, f.message) for f in result.findings if f.code == "PRD003"]


def test_a_directive_that_silences_nothing_is_reported_at_the_comment() -> None:
    text = "# Doc\n\n  <!-- prdlint-disable-next-line PRD101 -->\nThe owner is Dana Ruiz.\n"
    assert unused(text) == [
        (3, 3, 3, 44, "unused suppression 'prdlint-disable-next-line PRD101': it suppresses nothing")
    ]
    # The same comment before a marker silences it and is not reported.
    assert unused(text.replace("Dana Ruiz", "[FILL IN]")) == []


def test_only_the_idle_selectors_of_a_comment_that_silenced_something_are_reported() -> None:
    text = "<!-- prdlint-disable-next-line PRD101 PRD104, fill-in-marker -->\nOwner: [FILL IN]\n"
    # PRD101 and fill-in-marker name the same rule: the first gets the credit, the repeat is idle.
    assert unused(text) == [
        (1, 39, 1, 45, "'PRD104' in 'prdlint-disable-next-line' suppresses nothing"),
        (1, 47, 1, 61, "'fill-in-marker' in 'prdlint-disable-next-line' suppresses nothing"),
    ]


def test_the_narrowest_directive_gets_the_credit() -> None:
    text = "<!-- prdlint-disable-file PRD101 -->\n\n<!-- prdlint-disable-next-line PRD101 -->\nOwner: [FILL IN]\n"
    # The line directive silences the marker; the file directive is then redundant.
    assert [item[:2] for item in unused(text)] == [(1, 1)]
    text = "<!-- prdlint-disable-next-line placeholders -->\nOwner: [FILL IN] <!-- prdlint-disable-line PRD101 -->\n"
    assert [item[:2] for item in unused(text)] == [(1, 1)]


def test_ranges_blanket_comments_and_enable() -> None:
    text = "\n".join([
        "<!-- prdlint-disable PRD103 -->",      # 1: silences line 2
        "Due: TBD",
        "<!-- prdlint-enable PRD103 -->",       # 3: enable comments are never reported
        "<!-- prdlint-disable -->",             # 4: nothing follows to silence
        "All good.",
        "<!-- prdlint-enable -->",
    ]) + "\n"
    assert [item[:2] + item[4:] for item in unused(text)] == [
        (4, 1, "unused suppression 'prdlint-disable': it suppresses nothing"),
    ]
    assert [item[:2] + item[4:] for item in unused("All good.\n\n<!-- prdlint-disable-file -->\n")] == [
        (3, 1, "unused suppression 'prdlint-disable-file': it suppresses nothing"),
    ]


def test_a_comment_that_silences_a_prd003_finding_is_used() -> None:
    # disable-file with no rule named silences every rule, PRD003 included: the idle range at
    # line 1 is not reported, and the file comment, having silenced that report, is used.
    text = "<!-- prdlint-disable -->\nAll good.\n<!-- prdlint-enable -->\n<!-- prdlint-disable-file -->\n"
    assert unused(text) == []
    assert lint(text).suppressed == 1


def test_a_comment_naming_rules_that_do_not_run_says_so() -> None:
    text = "<!-- prdlint-disable-next-line PRD101 PRD601 -->\nThe owner is Dana Ruiz.\n"
    # A generic document: PRD601 (measurability) does not run on it.
    assert [item[4] for item in unused(text)] == [
        "unused suppression 'prdlint-disable-next-line PRD101 PRD601': it suppresses nothing "
        "(PRD601 is not enabled for this file)"
    ]
    text = "<!-- prdlint-disable-next-line PRD101 PRD103 -->\nOwner: [FILL IN]\n"
    assert [item[4] for item in unused(text, ignore=("PRD103",))] == [
        "'PRD103' in 'prdlint-disable-next-line' names no rule enabled for this file"
    ]
    assert [item[4] for item in unused("<!-- prdlint-disable-file PRD103 -->\n", ignore=("PRD103",))] == [
        "unused suppression 'prdlint-disable-file PRD103': PRD103 is not enabled for this file"
    ]


def test_prd003_is_off_with_ignore_and_outside_a_narrower_select() -> None:
    text = "<!-- prdlint-disable-next-line PRD101 -->\nNothing to hide.\n"
    assert unused(text) != []
    assert unused(text, ignore=("PRD003",)) == []
    assert unused(text, select=("placeholders",)) == []
    assert unused(text, select=("placeholders",), extend_select=("PRD003",)) != []


def test_prd003_is_silenced_by_another_comment_but_never_by_its_own() -> None:
    idle = "<!-- prdlint-disable-next-line PRD101 -->\nNothing to hide.\n"
    assert unused("<!-- prdlint-disable-next-line PRD003 -->\n" + idle) == []
    assert unused("<!-- prdlint-disable-file unused-suppression -->\n\n" + idle) == []
    # A comment that names PRD003 and silences nothing is itself reported: nothing else silences it.
    assert [item[4] for item in unused("<!-- prdlint-disable-file PRD003 -->\n")] == [
        "unused suppression 'prdlint-disable-file PRD003': it suppresses nothing"
    ]
    assert [item[:2] for item in unused("Text <!-- prdlint-disable-line -->\n")] == [(1, 6)]


def test_unknown_selectors_are_prd002_not_prd003() -> None:
    text = "<!-- prdlint-disable-next-line PRD1O1 -->\nOwner: [FILL IN]\n"
    assert unused(text) == []
    text = "<!-- prdlint-disable-next-line PRD1O1 PRD101 -->\nOwner: [FILL IN]\n"
    assert unused(text) == []
    assert unused("<!-- prdlint-disabel PRD101 -->\n") == []


def test_an_idle_selector_in_a_multi_line_comment_is_reported_where_it_is_written() -> None:
    text = "<!--\nprdlint-disable-next-line\n  PRD101\n  PRD103\n-->\nOwner: [FILL IN]\n"
    assert unused(text) == [(4, 3, 4, 9, "'PRD103' in 'prdlint-disable-next-line' suppresses nothing")]


def test_suppressed_counts_every_silenced_finding() -> None:
    text = "\n".join([
        "<!-- prdlint-disable-next-line PRD003 -->",   # silences the report about line 2
        "<!-- prdlint-disable-next-line PRD102 -->",   # idle: line 3 has no bracket placeholder
        "Owner: [FILL IN] <!-- prdlint-disable-line PRD101 -->",
    ]) + "\n"
    result = lint(text)
    assert result.findings == [] and result.suppressed == 2
    # Without the first comment, the second is reported.
    assert [(f.line, f.code) for f in lint(text.split("\n", 1)[1]).findings] == [(1, "PRD003")]
