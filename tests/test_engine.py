"""The rule engine: registry and selectors, resolved settings, running rules, ordering, exit codes.

The engine knows no rule by name, so most tests here use small fake rules; the
built-in registry is used where the real selectors (PRD1, placeholders) matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from prdlint.config import Config, ConfigError, default_config
from prdlint.engine.finding import Finding, Severity, Violation
from prdlint.engine.linter import FileResult, exit_code, lint_document
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.engine.rule import Rule, RuleContext
from prdlint.engine.settings import UsageError, resolve_settings
from prdlint.model import Document


def make_rule(code: str, name: str, family: str = "fake", severity: Severity = Severity.WARNING,
              violations: tuple[Violation, ...] = (), **kwargs: object) -> Rule:
    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        yield from violations

    fields: dict[str, object] = {
        "code": code, "name": name, "family": family, "severity": severity, "summary": f"{name} summary",
        "rationale": "because", "bad": "bad", "good": "good", "check": check,
    }
    fields.update(kwargs)
    return Rule(**fields)  # type: ignore[arg-type]


def config(tmp_path: Path, **changes: object) -> Config:
    return replace(default_config(tmp_path), **changes)  # type: ignore[arg-type]


def active_codes(cfg: Config, registry: Registry | None = None, **cli: object) -> list[str]:
    settings = resolve_settings(cfg, registry or Registry(builtin_rules()), **cli)  # type: ignore[arg-type]
    return [active.rule.code for active in settings.rules]


# -- registry -----------------------------------------------------------------------------------


def test_registry_resolves_codes_names_families_and_prefixes() -> None:
    registry = Registry(builtin_rules())
    codes = [r.code for r in registry]
    assert codes == sorted(codes)
    assert codes[:8] == ["PRD000", "PRD001", "PRD002", "PRD003", "PRD101", "PRD102", "PRD103", "PRD104"]
    assert [r.code for r in registry.resolve("PRD103") or []] == ["PRD103"]
    assert [r.code for r in registry.resolve("prd103") or []] == ["PRD103"]
    assert [r.code for r in registry.resolve("unresolved-token") or []] == ["PRD103"]
    assert [r.code for r in registry.resolve("Unresolved-Token") or []] == ["PRD103"]
    placeholders = ["PRD101", "PRD102", "PRD103", "PRD104", "PRD105"]
    assert [r.code for r in registry.resolve("placeholders") or []] == placeholders
    assert [r.code for r in registry.resolve("PRD1") or []] == placeholders
    assert [r.code for r in registry.resolve("PRD10") or []] == placeholders
    assert [r.code for r in registry.resolve("PRD0") or []] == ["PRD000", "PRD001", "PRD002", "PRD003"]
    assert len(registry.resolve("ALL") or []) == len(registry)
    assert len(registry.resolve("PRD") or []) == len(registry)


@pytest.mark.parametrize("selector", ["PRD1O1", "PRD9", "1", "10", "", "  ", "fill-in", "placeholder"])
def test_registry_rejects_what_names_no_rule(selector: str) -> None:
    assert Registry(builtin_rules()).resolve(selector) is None


def test_registry_suggests_the_closest_code_name_or_family() -> None:
    registry = Registry(builtin_rules())
    assert registry.suggest("PRD1O1") == "PRD101"
    assert registry.suggest("fill-in-markr") == "fill-in-marker"
    assert registry.suggest("placeholder") == "placeholders"
    assert registry.suggest("zzzzzzzz") is None


def test_registry_refuses_duplicate_codes_and_names() -> None:
    registry = Registry([make_rule("X101", "one")])
    with pytest.raises(ValueError, match=r"rule code x101 is defined twice"):
        registry.add(make_rule("x101", "two"))
    with pytest.raises(ValueError, match=r"rule name One is used by X101 and X102"):
        registry.add(make_rule("X102", "One"))


def test_rule_prefix_is_the_family_digit() -> None:
    assert make_rule("PRD101", "a").prefix == "PRD1"
    assert make_rule("PRD001", "b").prefix == "PRD0"
    assert make_rule("AB12", "c").prefix == "AB12"


def test_every_builtin_rule_is_documented() -> None:
    for rule in builtin_rules():
        assert rule.code and rule.name == rule.name.lower() and " " not in rule.name
        assert rule.summary and rule.rationale and rule.bad and rule.good, rule.code


# -- select / ignore ----------------------------------------------------------------------------


def test_default_selection_is_every_rule(tmp_path: Path) -> None:
    assert active_codes(config(tmp_path)) == [rule.code for rule in Registry(builtin_rules())]


def test_select_a_prefix_and_ignore_one_code_of_it(tmp_path: Path) -> None:
    cfg = config(tmp_path, select=("PRD1",), ignore=("PRD101",))
    assert active_codes(cfg) == ["PRD102", "PRD103", "PRD104", "PRD105"]


def test_a_selected_code_beats_an_ignored_prefix(tmp_path: Path) -> None:
    cfg = config(tmp_path, select=("PRD101",), ignore=("PRD1",))
    assert active_codes(cfg) == ["PRD101"]


def test_a_selected_code_beats_an_ignored_family(tmp_path: Path) -> None:
    cfg = config(tmp_path, select=("ALL", "unresolved-token"), ignore=("placeholders",))
    active = active_codes(cfg)
    assert "PRD103" in active and not {"PRD101", "PRD102", "PRD104"} & set(active)
    assert {"PRD001", "PRD002", "PRD201"} <= set(active)


def test_a_longer_prefix_beats_a_shorter_one(tmp_path: Path) -> None:
    cfg = config(tmp_path, select=("PRD10",), ignore=("PRD1",))
    assert active_codes(cfg) == ["PRD101", "PRD102", "PRD103", "PRD104", "PRD105"]
    cfg = config(tmp_path, select=("PRD1",), ignore=("PRD10",))
    assert active_codes(cfg) == []


def test_a_tie_between_select_and_ignore_goes_to_ignore(tmp_path: Path) -> None:
    assert active_codes(config(tmp_path, select=("PRD101", "PRD102"), ignore=("PRD101",))) == ["PRD102"]


def test_select_by_name_and_extend_select(tmp_path: Path) -> None:
    cfg = config(tmp_path, select=("fill-in-marker",), extend_select=("PRD0",))
    assert active_codes(cfg) == ["PRD000", "PRD001", "PRD002", "PRD003", "PRD101"]


def test_command_line_select_replaces_and_ignore_adds(tmp_path: Path) -> None:
    cfg = config(tmp_path, select=("PRD101",), ignore=("PRD104",))
    assert active_codes(cfg, select=["PRD1"]) == ["PRD101", "PRD102", "PRD103", "PRD105"]
    assert active_codes(cfg, select=["PRD1"], ignore=["PRD102"]) == ["PRD101", "PRD103", "PRD105"]


@pytest.mark.parametrize(
    ("select", "ignore", "option"), [(["PRD1O1"], [], "--select"), (None, ["fill"], "--ignore")]
)
def test_unknown_command_line_selector_is_a_usage_error(
    tmp_path: Path, select: list[str] | None, ignore: list[str], option: str
) -> None:
    with pytest.raises(UsageError) as caught:
        resolve_settings(config(tmp_path), Registry(builtin_rules()), select=select, ignore=ignore)
    assert str(caught.value).startswith(f"{option}: unknown rule code, name or family")


def test_unknown_selector_in_config_names_its_key(tmp_path: Path) -> None:
    cfg = config(tmp_path, ignore=("PRD101", "PRD1O1"))
    with pytest.raises(ConfigError) as caught:
        resolve_settings(cfg, Registry(builtin_rules()))
    assert caught.value.key == ("ignore", 1)
    assert "did you mean 'PRD101'?" in str(caught.value)


# -- per-rule severity and options --------------------------------------------------------------


def severities(cfg: Config, registry: Registry | None = None) -> dict[str, str]:
    settings = resolve_settings(cfg, registry or Registry(builtin_rules()))
    return {active.rule.code: active.severity.value for active in settings.rules}


def test_rule_severity_can_be_changed_or_switched_off(tmp_path: Path) -> None:
    cfg = config(tmp_path, rules={"PRD103": {"severity": "error"}, "PRD102": {"severity": "off"},
                                  "PRD104": {"severity": "info"}})
    result = severities(cfg)
    assert result["PRD103"] == "error"
    assert result["PRD104"] == "info"
    assert "PRD102" not in result
    assert result["PRD101"] == "error"  # untouched


def test_a_rule_entry_overrides_its_family_entry_whatever_the_order(tmp_path: Path) -> None:
    rules = {"PRD101": {"severity": "info"}, "placeholders": {"severity": "warning"}}
    result = severities(config(tmp_path, rules=rules))
    assert result["PRD101"] == "info"
    assert result["PRD102"] == result["PRD103"] == result["PRD104"] == "warning"


def test_severity_none_keeps_the_default(tmp_path: Path) -> None:
    assert severities(config(tmp_path, rules={"PRD103": {"severity": None}}))["PRD103"] == "warning"


def test_rule_options_are_merged_and_type_checked(tmp_path: Path) -> None:
    rule = make_rule("X101", "sized", options={"max": 3, "words": ["a"]})
    registry = Registry([rule])
    settings = resolve_settings(config(tmp_path, rules={"X101": {"max": 5}}), registry)
    assert settings.rules[0].options == {"max": 5, "words": ["a"]}
    with pytest.raises(ConfigError, match=r"expected a number, got 'five'"):
        resolve_settings(config(tmp_path, rules={"X101": {"max": "five"}}), registry)
    expected = r"unknown option for X101 \(sized\); expected one of: severity, max, words \(did you"
    with pytest.raises(ConfigError, match=expected) as caught:
        resolve_settings(config(tmp_path, rules={"X101": {"mx": 5}}), registry)
    assert caught.value.key == ("rules", "X101", "mx")
    assert str(caught.value).endswith("(did you mean 'max'?)")


def test_a_misspelt_severity_key_suggests_severity(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"did you mean 'severity'\?"):
        resolve_settings(config(tmp_path, rules={"PRD103": {"sevrity": "error"}}), Registry(builtin_rules()))


def test_per_file_ignores_resolve_selectors_to_codes(tmp_path: Path) -> None:
    cfg = config(tmp_path, per_file_ignores=(("drafts/**", ("placeholders",)), ("*.md", ("PRD002",))))
    settings = resolve_settings(cfg, Registry(builtin_rules()))
    everything = {"PRD101", "PRD102", "PRD103", "PRD104", "PRD105", "PRD002"}
    assert settings.ignored_for(tmp_path / "drafts" / "a.md") == everything
    assert settings.ignored_for(tmp_path / "docs" / "a.md") == {"PRD002"}
    assert settings.ignored_for(tmp_path / "docs" / "a.txt") == frozenset()


# -- running rules ------------------------------------------------------------------------------


def run(rules: list[Rule], text: str = "# Doc\n", *, tmp_path: Path, **kwargs: Any) -> FileResult:
    registry = Registry(rules)
    settings = resolve_settings(config(tmp_path), registry)
    return lint_document(Document.parse(text, "doc.md"), settings, registry, **kwargs)


def test_findings_carry_position_rule_and_severity(tmp_path: Path) -> None:
    rule = make_rule("X101", "thing", violations=(Violation(2, 3, "bad thing", 2, 8, "thing"),))
    result = run([rule], tmp_path=tmp_path)
    [finding] = result.findings
    position = (finding.path, finding.line, finding.col, finding.end_line, finding.end_col)
    assert position == ("doc.md", 2, 3, 2, 8)
    assert (finding.code, finding.name, finding.severity, finding.message, finding.text) == (
        "X101", "thing", Severity.WARNING, "bad thing", "thing"
    )
    assert result.errors == []


def test_findings_are_sorted_by_line_column_then_code(tmp_path: Path) -> None:
    b = make_rule("X202", "b", violations=(Violation(1, 5, "b1"), Violation(1, 2, "b2")))
    a = make_rule("X101", "a", violations=(Violation(3, 1, "a"), Violation(1, 5, "a"), Violation(1, 2, "a")))
    result = run([b, a], tmp_path=tmp_path)
    assert [(f.line, f.col, f.code) for f in result.findings] == [
        (1, 2, "X101"), (1, 2, "X202"), (1, 5, "X101"), (1, 5, "X202"), (3, 1, "X101")
    ]


def test_finding_ordering_is_path_line_col_code() -> None:
    def finding(path: str, line: int, col: int, code: str) -> Finding:
        return Finding(path, line, col, code, "n", Severity.ERROR, "m")

    unsorted = [finding("b.md", 1, 1, "A1"), finding("a.md", 2, 1, "A1"), finding("a.md", 1, 9, "A1"),
                finding("a.md", 1, 2, "B1"), finding("a.md", 1, 2, "A1")]
    expected = [("a.md", 1, 2, "A1"), ("a.md", 1, 2, "B1"), ("a.md", 1, 9, "A1"), ("a.md", 2, 1, "A1"),
                ("b.md", 1, 1, "A1")]
    assert [f.sort_key for f in sorted(unsorted, key=lambda f: f.sort_key)] == expected
    assert [f.sort_key for f in sorted(unsorted)] == expected


def test_a_crashing_rule_is_an_error_and_the_other_rules_still_report(tmp_path: Path) -> None:
    def boom(document: Document, context: RuleContext) -> Iterator[Violation]:
        yield Violation(1, 1, "before the crash")
        raise RuntimeError("kaput")

    crashing = make_rule("X101", "crashy", check=boom)
    fine = make_rule("X102", "fine", violations=(Violation(1, 1, "ok"),))
    result = run([crashing, fine], tmp_path=tmp_path)
    message = (
        "internal error in rule X101 (crashy): RuntimeError: kaput; this is a bug in prdlint, "
        "please report it at https://github.com/prdlint/prdlint/issues"
    )
    assert result.errors == [f"doc.md: {message}"]
    assert [(f.code, f.severity, f.message) for f in result.findings] == [
        ("PRD000", Severity.ERROR, message), ("X101", Severity.WARNING, "before the crash"),
        ("X102", Severity.WARNING, "ok"),
    ]


def test_unreadable_documents_run_only_rules_that_do_not_need_content(tmp_path: Path) -> None:
    calls: list[str] = []

    def content(document: Document, context: RuleContext) -> Iterator[Violation]:
        calls.append("content")
        yield Violation(1, 1, "content")

    def loader(document: Document, context: RuleContext) -> Iterator[Violation]:
        if document.load_error:
            yield Violation(1, 1, document.load_error)

    rules = [make_rule("X101", "content", check=content), make_rule("X001", "loader", check=loader,
                                                                    needs_content=False)]
    registry = Registry(rules)
    settings = resolve_settings(config(tmp_path), registry)
    result = lint_document(Document.unreadable("gone.md", "no such file"), settings, registry)
    assert [(f.code, f.message) for f in result.findings] == [("X001", "no such file")]
    assert calls == []


def test_rules_run_only_in_their_profiles(tmp_path: Path) -> None:
    prd_only = make_rule("X101", "prd-only", violations=(Violation(1, 1, "m"),), profiles=("prd",))
    assert run([prd_only], profile="generic", tmp_path=tmp_path).findings == []
    assert len(run([prd_only], profile="prd", tmp_path=tmp_path).findings) == 1


def test_ignored_codes_do_not_run(tmp_path: Path) -> None:
    rules = [make_rule("X101", "a", violations=(Violation(1, 1, "a"),)),
             make_rule("X102", "b", violations=(Violation(1, 1, "b"),))]
    assert [f.code for f in run(rules, ignored={"X101"}, tmp_path=tmp_path).findings] == ["X102"]


def test_the_engine_applies_suppression_comments_of_any_registry(tmp_path: Path) -> None:
    rule = make_rule("X101", "thing", violations=(Violation(3, 1, "m"), Violation(5, 1, "m")))
    text = "# Doc\n\n<!-- prdlint-disable-next-line thing -->\nline 4\nline 5\n"
    result = run([rule], text, tmp_path=tmp_path)
    assert [(f.line, f.code) for f in result.findings] == [(3, "X101"), (5, "X101")]
    text = "# Doc\n<!-- prdlint-disable-next-line thing -->\nline 3\n\nline 5\n"
    result = run([rule], text, tmp_path=tmp_path)
    assert [(f.line, f.code) for f in result.findings] == [(5, "X101")]
    assert result.suppressed == 1


@pytest.mark.parametrize(
    ("severities_found", "threshold", "expected"),
    [
        ([], Severity.INFO, 0),
        (["info"], Severity.WARNING, 0),
        (["info"], Severity.INFO, 1),
        (["warning"], Severity.WARNING, 1),
        (["warning"], Severity.ERROR, 0),
        (["warning", "error"], Severity.ERROR, 1),
    ],
)
def test_exit_code_follows_the_threshold(
    severities_found: list[str], threshold: Severity, expected: int
) -> None:
    findings = [Finding("a.md", 1, 1, "X1", "x", Severity(s), "m") for s in severities_found]
    assert exit_code(findings, threshold) == expected


def test_severity_ranks_and_parsing() -> None:
    assert Severity.ERROR.rank > Severity.WARNING.rank > Severity.INFO.rank
    assert Severity.parse(" Warning ") is Severity.WARNING
    with pytest.raises(ValueError):
        Severity.parse("fatal")


def test_lint_text_pauses_the_cyclic_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from prdlint import api
    from prdlint.model import Document

    seen: list[bool] = []
    parse = Document.parse

    def recording_parse(text: str, path: str) -> Document:
        seen.append(gc.isenabled())
        return parse(text, path)

    monkeypatch.setattr(api.Document, "parse", staticmethod(recording_parse))
    assert gc.isenabled()
    findings = api.lint_text("# D\n\nCall TBD now.\n")
    assert seen == [False]  # paused while the document is parsed and linted
    assert gc.isenabled()  # and on again afterwards
    assert [f.code for f in findings] == ["PRD103"]
