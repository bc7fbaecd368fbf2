"""Every catalog rule is documented through its Rule fields, and `prdlint explain` renders it all."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from click.testing import CliRunner

from prdlint.cli import main
from prdlint.engine.registry import builtin_rules

from ._catalog import ROOT, SHARED

CATALOG = [rule for rule in builtin_rules() if rule.code >= "PRD2"]
CODES = [
    ("PRD201", "story-without-acceptance-criteria"),
    ("PRD202", "empty-acceptance-criteria"),
    ("PRD203", "feature-table-without-criteria"),
    ("PRD301", "missing-coverage-target"),
    ("PRD302", "vague-coverage-target"),
    ("PRD303", "conflicting-coverage-targets"),
    ("PRD304", "coverage-target-out-of-range"),
    ("PRD401", "missing-risk-table"),
    ("PRD402", "risk-table-missing-column"),
    ("PRD403", "risk-row-incomplete"),
    ("PRD404", "invalid-risk-rating"),
    ("PRD405", "risk-without-mitigation"),
    ("PRD501", "missing-required-section"),
    ("PRD502", "empty-section"),
    ("PRD503", "duplicate-id"),
    ("PRD504", "broken-anchor"),
    ("PRD505", "invalid-frontmatter"),
    ("PRD506", "malformed-table"),
    ("PRD601", "unmeasurable-metric"),
    ("PRD602", "vague-term"),
]


def test_the_catalog_codes_and_names_are_the_public_ones() -> None:
    assert [(rule.code, rule.name) for rule in CATALOG] == CODES
    assert all(rule.severity.value == "warning" for rule in CATALOG if rule.code.startswith("PRD6"))


@pytest.mark.parametrize("rule", CATALOG, ids=lambda rule: rule.code)
def test_explain_renders_every_part(rule: object) -> None:
    code = rule.code
    result = CliRunner().invoke(main, ["explain", code])
    assert result.exit_code == 0
    text = result.stdout
    for part in (
        "### What it does",
        "### Why is this bad?",
        "Flagged:",
        "Fine:",
        "### Configure or silence it",
        f"prdlint-disable-next-line {code}",
    ):
        assert part in text
    assert len(rule.rationale) > 80 and rule.bad and rule.good
    assert rule.bad != rule.good


def test_bad_examples_are_flagged_and_good_ones_are_not() -> None:
    from ._catalog import lint

    for rule in CATALOG:
        if rule.code in ("PRD304", "PRD501", "PRD401", "PRD301"):
            continue  # need a configuration or a whole document: covered by their own tests
        bad = lint(rule.bad, select=[rule.code])
        good = lint(rule.good, select=[rule.code])
        assert bad, f"{rule.code}: its 'bad' example is not flagged"
        assert not good, f"{rule.code}: its 'good' example is flagged: {good}"


@pytest.mark.skipif(not (SHARED / "corpus" / "real").is_dir(), reason="../shared/corpus is not present")
def test_the_corpus_report_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("catalog_report", ROOT / "bench" / "catalog_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalog_report"] = module
    spec.loader.exec_module(module)
    assert module.main(["--select", "PRD4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("| Rule | seeds (4 files) | templates")
    assert [line.split(" | ")[0] for line in out.splitlines()[2:-1]] == [f"| PRD40{i}" for i in range(1, 6)]
