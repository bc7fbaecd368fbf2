"""Rule packs: built-in ones validate against the shipped schema; user packs behave like built-in rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from prdlint.cli import main
from prdlint.config import ConfigError, load_config
from prdlint.engine.registry import registry_for
from prdlint.kinds.packs import builtin_pack_paths
from prdlint.rules.packs import load_pack, pack_errors, pack_schema

from ._catalog import ROOT, at, lint, messages

EXAMPLE_PACK = ROOT / "examples" / "acme-pack.yaml"


@pytest.mark.parametrize("path", builtin_pack_paths(), ids=lambda p: p.name)
def test_builtin_packs_validate_against_the_schema(path: Path) -> None:
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(pack_schema())
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert pack_errors(data) == []
    assert data["pack"] == path.stem.lstrip("_")


def test_the_schema_rejects_what_it_should() -> None:
    assert pack_errors({"pack": "x", "version": 2})[0][0] == ("version",)
    bad_rule = {
        "pack": "x",
        "version": 1,
        "rules": [{"code": "X1", "name": "a", "kind": "pattern", "summary": "s"}],
    }
    problems = pack_errors(bad_rule)
    assert [key for key, _ in problems] == [("rules", 0), ("rules", 0, "code")]
    assert "'pattern' is missing" in problems[0][1]


def _config(tmp_path: Path, pack: str, extra: str = "") -> Path:
    (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    config = tmp_path / ".prdlint.yaml"
    config.write_text(f"rule-packs: [pack.yaml]\n{extra}", encoding="utf-8")
    return config


def _check(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--no-color", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("pack", "line", "key", "problem"),
    [
        (
            "pack: acme\nversion: 1\nrules:\n  - code: ACME001\n    name: x\n    kind: pattern\n    "
            "summary: s\n"
            "    pattern: '(unclosed'\n",
            8,
            "rules[0].pattern",
            "invalid regular expression",
        ),
        (
            "pack: acme\nversion: 1\nrules:\n  - code: ACME001\n    name: x\n    kind: patern\n    "
            "summary: s\n",
            6,
            "rules[0].kind",
            "did you mean 'pattern'",
        ),
        (
            "pack: acme\nversion: 1\nrules:\n  - code: ACME001\n    name: x\n    kind: pattern\n    "
            "summary: s\n"
            "    patern: 'x'\n",
            8,
            "rules[0].patern",
            "did you mean 'pattern'",
        ),
        (
            "pack: acme\nversion: 1\nrules:\n  - code: PRD900\n    name: x\n    kind: pattern\n    "
            "summary: s\n"
            "    pattern: x\n",
            4,
            "rules[0].code",
            "reserved",
        ),
        (
            "pack: acme\nversion: 1\nrules:\n  - code: ACME001\n    name: fill-in-marker\n    kind: pattern\n"
            "    summary: s\n    pattern: x\n",
            5,
            "rules[0].name",
            "already used by PRD101",
        ),
        (
            "pack: acme\nversion: 1\nrules:\n  - code: ACME001\n    name: x\n    kind: pattern\n    "
            "summary: s\n"
            "    pattern: x\n    columns: [Owner]\n",
            9,
            "rules[0].columns",
            "does not apply to a pattern rule",
        ),
        ("pack: acme\nversion: 1\nrules: [\n", 4, "", "not valid YAML"),
    ],
)
def test_a_bad_pack_is_a_configuration_error_naming_file_line_key_and_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pack: str, line: int, key: str, problem: str
) -> None:
    _config(tmp_path, pack)
    (tmp_path / "doc.md").write_text("# Doc\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _check(tmp_path, "doc.md")
    assert code == 2
    assert f"pack.yaml:{line}: {key + ': ' if key else ''}" in err and problem in err, err


def test_a_missing_pack_names_the_configuration_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".prdlint.yaml").write_text(
        "select: [ALL]\nrule-packs:\n  - nowhere.yaml\n", encoding="utf-8"
    )
    (tmp_path / "doc.md").write_text("# Doc\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _check(tmp_path, "doc.md")
    assert code == 2 and ".prdlint.yaml:3: rule-packs[0]: rule pack" in err and "not found" in err


def test_the_example_pack_loads_and_documents_its_rules() -> None:
    rules = load_pack(EXAMPLE_PACK)
    assert [rule.code for rule in rules] == ["ACME001", "ACME002", "ACME003", "ACME004"]
    assert {rule.family for rule in rules} == {"acme"}
    assert all(rule.summary and rule.bad and rule.good for rule in rules)


EXAMPLE_DOC = """\
# Importer v2 PRD

## Goals

Falcon replaces the importer.

## Milestones

| Milestone | Date |
|---|---|
| Beta | 2026-05-01 |

## Budget

We keep costs low.

<!-- prdlint-disable-next-line ACME001 -->
Falcon again, on purpose.
"""


def test_example_pack_rules_behave_like_builtin_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".prdlint.yaml").write_text(
        f"rule-packs: [{EXAMPLE_PACK}]\nrules:\n  ACME002: error\n", encoding="utf-8"
    )
    (tmp_path / "prd.md").write_text(EXAMPLE_DOC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _check(tmp_path, "--select", "acme", "prd.md")
    assert code == 1
    lines = [line for line in out.splitlines() if "ACME" in line]
    assert lines == [
        "prd.md:1:1: ACME002 [error] missing required section 'Rollout Plan'",
        "prd.md:5:1: ACME001 [error] internal codename 'Falcon'; use the product's public name",
        "prd.md:9:3: ACME003 [warning] table under 'Milestones' has no 'Owner' column",
        "prd.md:13:4: ACME004 [warning] section 'Budget' states no amount",
    ]
    code, out, _ = _check(tmp_path, "--select", "acme", "--ignore", "ACME001,no-internal-codenames", "prd.md")
    assert "ACME001" not in out and "ACME004" in out
    code, out, _ = _check(
        tmp_path, "--select", "ACME0", "--ignore", "ACME002,ACME003,ACME004", "--format", "json", "prd.md"
    )
    findings = json.loads(out)["findings"]
    assert {f["code"] for f in findings} == {"ACME001"}
    explained = CliRunner().invoke(main, ["explain", "ACME003"])
    assert explained.exit_code == 0 and "## ACME003 milestones-have-owners" in explained.stdout
    assert "Family: acme" in explained.stdout
    listed = CliRunner().invoke(main, ["rules"])
    assert "ACME004  budget-has-amount" in listed.stdout.replace("budget-has-amount ", "budget-has-amount")


def test_explain_with_an_explicit_config(tmp_path: Path) -> None:
    config = tmp_path / "cfg.yaml"
    config.write_text(f"rule-packs: [{EXAMPLE_PACK}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "--config", str(config), "budget-has-amount"])
    assert result.exit_code == 0 and "ACME004" in result.stdout
    assert CliRunner().invoke(main, ["explain", "ACME004"]).exit_code == 2


def test_pattern_scopes_and_sections(tmp_path: Path) -> None:
    pack = """
pack: house
version: 1
rules:
  - code: HOUSE001
    name: no-jira-in-code
    kind: pattern
    summary: No Jira keys in code.
    pattern: 'JIRA-\\d+'
    scope: [code, cells]
  - code: HOUSE002
    name: no-maybe-in-requirements
    kind: pattern
    summary: No maybe in requirements.
    pattern: '\\bmaybe\\b'
    ignore-case: true
    sections: [Requirements]
"""
    config_path = _config(tmp_path, pack)
    config = load_config(config_path)
    findings = lint(
        """
        # Doc

        JIRA-1 in text. Maybe in text.

        ## Requirements

        - Maybe `JIRA-2` here.

        | Ticket |
        |---|
        | JIRA-3 |

        ```
        see JIRA-4
        ```
        """,
        config=config,
        select=["house"],
    )
    assert at(findings, "HOUSE001") == [(7, 10), (11, 3), (14, 5)]
    assert at(findings, "HOUSE002") == [(7, 3)]
    assert registry_for(config).get("HOUSE001") is not None


def test_section_requires_and_required_columns_messages(tmp_path: Path) -> None:
    pack = """
pack: house
version: 1
rules:
  - code: HOUSE010
    name: metrics-have-numbers
    kind: section-requires
    summary: Success metrics state numbers.
    sections: [Success Metrics]
    pattern: '\\d'
  - code: HOUSE011
    name: risk-owner
    kind: required-columns
    summary: Risk tables name owners.
    sections: ['re:^risks?\\b']
    columns: [Owner]
"""
    config = load_config(_config(tmp_path, pack))
    findings = lint(
        "## Success Metrics\n\nMore users.\n\n## Risks\n\n| Risk | Owner |\n|---|---|\n| x | y |\n\n"
        "## Risks later\n\n| Risk |\n|---|\n| x |\n",
        config=config,
        select=["house"],
    )
    assert at(findings, "HOUSE010") == [(1, 4)]
    assert at(findings, "HOUSE011") == [(13, 3)]
    assert messages(findings, "HOUSE011") == ["table under 'Risks later' has no 'Owner' column"]


def test_frontmatter_schema_errors_are_configuration_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".prdlint.yaml").write_text("frontmatter-schema: {type: 12}\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Doc\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _check(tmp_path, "doc.md")
    assert code == 2 and ".prdlint.yaml:1: frontmatter-schema: the front matter schema is not a valid" in err


def test_user_pack_may_not_carry_builtin_sections(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text(
        "pack: x\nversion: 1\nplaceholders: {markers: [FOO]}\n", encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="for built-in packs only"):
        load_pack(tmp_path / "pack.yaml")
