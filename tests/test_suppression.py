"""Suppression comments: ``<!-- prdlint-disable ... -->`` and friends, and PRD002 for bad ones."""

from __future__ import annotations

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
