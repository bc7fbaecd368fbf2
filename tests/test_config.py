"""Configuration: discovery, reading, validation, and one clear line for every mistake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from prdlint.cli import main
from prdlint.config import ConfigError, find_config, load_config
from prdlint.config.loader import config_schema, load_yaml_with_lines

DOC = "# Notes\n\nOwner: [FILL IN]\nDate: TBD\n"  # PRD101 at 3:8, PRD103 at 4:7


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--no-color", *args])


def codes(result: Result) -> list[str]:
    """'path:code' of every finding in a JSON report."""
    report = json.loads(result.stdout)
    return [f"{f['path']}:{f['code']}" for f in report["findings"]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "doc.md", DOC)
    return tmp_path


# -- reading and validating -----------------------------------------------------------------------


def test_every_documented_key_loads(tmp_path: Path) -> None:
    path = write(tmp_path / ".prdlint.yaml", """\
select: [ALL]
extend-select: [PRD1]
ignore: [PRD103]
severity-threshold: error
include: ["*.md", "*.mdx"]
exclude: [archive]
extend-exclude: ["CHANGELOG.md"]
per-file-ignores:
  "templates/**": [placeholders]
rules:
  unresolved-token: error
  PRD104: off
  PRD102: {severity: info}
placeholders:
  markers: [PENDING]
  patterns: ['\\bPROJ-NNN\\b']
  code-patterns: ['<REDACTED>']
  allow: ["[Optional]", "re:\\\\[v\\\\d+\\\\]"]
profile: prd
profiles:
  "strategy/**": strategy
""")
    config = load_config(path)
    assert config.path == path and config.root == tmp_path.resolve()
    assert config.select == ("ALL",) and config.extend_select == ("PRD1",) and config.ignore == ("PRD103",)
    assert config.severity_threshold == "error"
    assert config.include == ("*.md", "*.mdx")
    assert config.exclude == ("archive",) and config.extend_exclude == ("CHANGELOG.md",)
    assert config.per_file_ignores == (("templates/**", ("placeholders",)),)
    assert config.rules == {
        "unresolved-token": {"severity": "error"},
        "PRD104": {"severity": "off"},
        "PRD102": {"severity": "info"},
    }
    assert config.placeholders == {
        "markers": ("PENDING",), "patterns": (r"\bPROJ-NNN\b",), "code-patterns": ("<REDACTED>",),
        "allow": ("[Optional]", r"re:\[v\d+\]"),
    }
    assert config.profile == "prd" and config.profiles == (("strategy/**", "strategy"),)
    assert config.line_of(("rules", "PRD104")) == 12
    assert config.line_of(("placeholders", "allow", 1)) == 18
    assert config.line_of(("per-file-ignores", "templates/**", 0)) == 9


def test_snake_case_keys_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / ".prdlint.yml", """\
extend_select: [PRD0]
severity_threshold: info
extend_exclude: [drafts]
per_file_ignores:
  "*.md": [PRD103]
placeholders:
  code_patterns: ['<SECRET>']
""")
    config = load_config(path)
    assert config.extend_select == ("PRD0",)
    assert config.severity_threshold == "info"
    assert config.extend_exclude == ("drafts",)
    assert config.per_file_ignores == (("*.md", ("PRD103",)),)
    assert config.placeholders == {"code-patterns": ("<SECRET>",)}
    assert config.line_of(("per-file-ignores", "*.md")) == 5


def test_rules_shorthands(tmp_path: Path) -> None:
    path = write(tmp_path / ".prdlint.yaml", "rules:\n  PRD101: warning\n  PRD102: false\n  PRD103: true\n")
    assert load_config(path).rules == {
        "PRD101": {"severity": "warning"}, "PRD102": {"severity": "off"}, "PRD103": {"severity": None}
    }


def test_empty_files_are_the_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path / ".prdlint.yaml", "# nothing yet\n")).select == ("ALL",)
    assert load_config(write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")).ignore == ()


def test_pyproject_reads_tool_prdlint_with_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", """\
[project]
name = "demo"
select = "not ours"

[tool.prdlint]
ignore = ["PRD103"]

[tool.prdlint.rules]
PRD104 = "off"

[tool.prdlint.per-file-ignores]
"templates/**" = ["placeholders"]
""")
    config = load_config(path)
    assert config.ignore == ("PRD103",) and config.select == ("ALL",)
    assert config.rules == {"PRD104": {"severity": "off"}}
    assert config.line_of(("ignore",)) == 6
    assert config.line_of(("rules", "PRD104")) == 9
    assert config.line_of(("per-file-ignores", "templates/**")) == 12


def test_a_toml_file_given_with_config_is_read_whole(tmp_path: Path) -> None:
    path = write(tmp_path / "prdlint.toml", 'ignore = ["PRD103"]\n\n[rules]\nPRD104 = "eror"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.line, caught.value.key) == (4, ("rules", "PRD104"))


def test_the_shipped_schema_is_a_valid_draft7_schema() -> None:
    from jsonschema import Draft7Validator

    Draft7Validator.check_schema(config_schema())
    assert config_schema()["additionalProperties"] is False


def test_yaml_lines_of_nested_keys_and_items() -> None:
    data, lines = load_yaml_with_lines("a:\n  b:\n    - x\n    - y\nc: 1\n")
    assert data == {"a": {"b": ["x", "y"]}, "c": 1}
    assert lines == {("a",): 1, ("a", "b"): 2, ("a", "b", 0): 3, ("a", "b", 1): 4, ("c",): 5}


# -- discovery --------------------------------------------------------------------------------------


def test_find_config_walks_up_and_the_nearest_wins(tmp_path: Path) -> None:
    top = write(tmp_path / ".prdlint.yaml", "")
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == top.resolve()
    nearer = write(tmp_path / "a" / "pyproject.toml", "[tool.prdlint]\nignore = []\n")
    assert find_config(deep) == nearer.resolve()
    write(tmp_path / "a" / "b" / "pyproject.toml", "[tool.black]\nline-length = 100\n")
    assert find_config(deep) == nearer.resolve()  # a pyproject.toml without [tool.prdlint] is not ours
    nearest = write(tmp_path / "a" / "b" / ".prdlint.yml", "")
    assert find_config(deep) == nearest.resolve()


def test_prdlint_yaml_beats_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.prdlint]\n")
    yaml_file = write(tmp_path / ".prdlint.yaml", "")
    assert find_config(tmp_path) == yaml_file.resolve()


def test_pyproject_subtables_alone_count_as_tool_prdlint(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[tool.prdlint.rules]\nPRD103 = 'error'\n")
    assert find_config(tmp_path) == path.resolve()


def test_discovery_is_not_stale_within_one_process(project: Path) -> None:
    assert codes(check("--format", "json", "doc.md")) == ["doc.md:PRD101", "doc.md:PRD103"]
    write(project / ".prdlint.yaml", "ignore: [PRD101]\n")
    assert codes(check("--format", "json", "doc.md")) == ["doc.md:PRD103"]


def test_each_file_uses_its_nearest_configuration(project: Path) -> None:
    write(project / ".prdlint.yaml", "ignore: [PRD103]\n")
    write(project / "team" / ".prdlint.yaml", "select: [PRD103]\n")
    write(project / "team" / "doc.md", DOC)
    write(project / "other" / "pyproject.toml", "[project]\nname = 'no prdlint table'\n")
    write(project / "other" / "doc.md", DOC)
    write(project / "py" / "pyproject.toml", "[tool.prdlint]\nignore = ['placeholders']\n")
    write(project / "py" / "doc.md", DOC)
    result = check("--format", "json", ".")
    assert result.exit_code == 1
    assert codes(result) == ["doc.md:PRD101", "other/doc.md:PRD101", "team/doc.md:PRD103"]


def test_config_option_replaces_discovery(project: Path) -> None:
    write(project / ".prdlint.yaml", "ignore: [PRD103]\n")
    write(project / "team" / ".prdlint.yaml", "this is: [not, valid\n")
    write(project / "team" / "doc.md", DOC)
    write(project / "elsewhere" / "strict.yaml", "select: [PRD103]\n")
    result = check("--format", "json", "--config", "elsewhere/strict.yaml", ".")
    assert result.exit_code == 1, result.stderr
    assert codes(result) == ["doc.md:PRD103", "team/doc.md:PRD103"]


def test_isolated_ignores_every_configuration_even_a_broken_one(project: Path) -> None:
    write(project / ".prdlint.yaml", "slect: [PRD103]\n")
    result = check("--format", "json", "--isolated", ".")
    assert result.exit_code == 1 and result.stderr == ""
    assert codes(result) == ["doc.md:PRD101", "doc.md:PRD103"]


def test_configuration_applies_severity_threshold(project: Path) -> None:
    write(project / ".prdlint.yaml", "severity-threshold: error\nignore: [PRD101]\n")
    assert check("doc.md").exit_code == 0  # only the PRD103 warning is left
    assert check("doc.md", "--severity-threshold", "warning").exit_code == 1  # the option wins


def test_per_rule_severity_and_off_reach_the_output(project: Path) -> None:
    write(project / ".prdlint.yaml", "rules:\n  PRD103: {severity: error}\n  fill-in-marker: off\n")
    result = check("doc.md")
    assert result.stdout.splitlines() == [
        "doc.md:4:7: PRD103 [error] unresolved TBD 'TBD'",
        "Found 1 problem (1 error) in 1 of 1 file.",
    ]


def test_per_file_ignores_are_relative_to_the_configuration(project: Path) -> None:
    write(project / ".prdlint.yaml", 'per-file-ignores:\n  "drafts/**": [PRD1]\n  "*.md": [PRD103]\n')
    write(project / "drafts" / "doc.md", DOC)
    write(project / "sub" / "drafts" / "doc.md", DOC)
    result = check("--format", "json", ".")
    assert codes(result) == ["doc.md:PRD101", "sub/drafts/doc.md:PRD101"]


def test_placeholders_settings_extend_the_vocabulary(project: Path) -> None:
    write(project / ".prdlint.yaml", """\
placeholders:
  markers: [PENDING]
  patterns: ['\\bPROJ-NNN\\b']
  allow: ["FILL IN", 're:^Option \\d$']
""")
    write(project / "doc.md", "# Notes\n\nOwner: [FILL IN]\nLegal: [PENDING: review]\nTicket PROJ-NNN\n"
                              "Pick [Option 1] or [Option B]\n")
    result = check("doc.md")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("doc.md:4:8: PRD101 [error] fill-in marker '[PENDING: review]'")
    assert lines[1].startswith("doc.md:5:8: PRD103 [warning]")
    assert lines[2].startswith("doc.md:6:20: PRD102 [error] bracketed placeholder '[Option B]'")
    assert len(lines) == 4


def test_allow_entries_may_be_written_with_their_brackets(project: Path) -> None:
    write(project / ".prdlint.yaml", 'placeholders:\n  allow: ["[Optional]"]\n')
    write(project / "doc.md", "# Notes\n\nField: [Optional]\n")
    assert check("doc.md").exit_code == 0


# -- one clear line for every mistake ------------------------------------------------------------

CONFIG_ERRORS = [
    pytest.param(
        ".prdlint.yaml", "ignore: []\nslect: [PRD101]\n",
        ".prdlint.yaml:2: slect: unknown setting at the top level (did you mean 'select'?)",
        id="unknown-top-level-key",
    ),
    pytest.param(
        ".prdlint.yaml", "frobnicate: 1\n",
        ".prdlint.yaml:1: frobnicate: unknown setting at the top level; "
        "expected one of: select, extend-select, ignore,",
        id="unknown-key-lists-the-known",
    ),
    pytest.param(
        ".prdlint.yaml", "ignore:\n  - PRD103\n  - PRD1O1\n",
        ".prdlint.yaml:3: ignore[1]: unknown rule code, name or family 'PRD1O1' (did you mean 'PRD101'?)",
        id="unknown-code-in-ignore",
    ),
    pytest.param(
        ".prdlint.yaml", "select: [PRD101]\nrules:\n  PRD1O3: error\n",
        ".prdlint.yaml:3: rules.PRD1O3: unknown rule code, name or family 'PRD1O3' (did you mean 'PRD103'?)",
        id="unknown-code-in-rules",
    ),
    pytest.param(
        ".prdlint.yaml", 'per-file-ignores:\n  "*.md":\n    - fill-in-markr\n',
        '.prdlint.yaml:3: per-file-ignores."*.md"[0]: unknown rule code, name or family \'fill-in-markr\' '
        "(did you mean 'fill-in-marker'?)",
        id="unknown-name-in-per-file-ignores",
    ),
    pytest.param(
        ".prdlint.yaml", "select: PRD101\n",
        ".prdlint.yaml:1: select: expected a list of strings, got a string ('PRD101')",
        id="wrong-type-string-for-list",
    ),
    pytest.param(
        ".prdlint.yaml", "exclude:\n  - drafts\n  - 3\n",
        ".prdlint.yaml:3: exclude[1]: expected a string, got a number (3)",
        id="wrong-type-in-list",
    ),
    pytest.param(
        ".prdlint.yaml", "rules: [PRD101]\n",
        ".prdlint.yaml:1: rules: expected a mapping, got a list",
        id="wrong-type-rules",
    ),
    pytest.param(
        ".prdlint.yaml", "select: ['']\n",
        ".prdlint.yaml:1: select[0]: expected a non-empty string, got a string ('')",
        id="empty-string",
    ),
    pytest.param(
        ".prdlint.yaml", "rules:\n  PRD103: eror\n",
        ".prdlint.yaml:2: rules.PRD103: expected one of 'error', 'warning', 'info', 'off', "
        "got a string ('eror') (did you mean 'error'?)",
        id="bad-severity",
    ),
    pytest.param(
        ".prdlint.yaml", "rules:\n  PRD103:\n    severity: warn\n",
        ".prdlint.yaml:3: rules.PRD103.severity: expected one of 'error', 'warning', 'info', 'off', "
        "got a string ('warn') (did you mean 'warning'?)",
        id="bad-severity-in-mapping",
    ),
    pytest.param(
        ".prdlint.yaml", "rules:\n  PRD103:\n    sevrity: error\n",
        ".prdlint.yaml:3: rules.PRD103.sevrity: unknown option for PRD103 (unresolved-token); "
        "expected one of: severity (did you mean 'severity'?)",
        id="misspelt-severity-key",
    ),
    pytest.param(
        ".prdlint.yaml", "severity-threshold: high\n",
        ".prdlint.yaml:1: severity-threshold: expected one of 'error', 'warning', 'info', "
        "got a string ('high')",
        id="bad-threshold",
    ),
    pytest.param(
        ".prdlint.yaml", "placeholders:\n  markers: [PENDING]\n  patterns:\n    - 'PROJ-\\d+'\n    - 'a(b'\n",
        ".prdlint.yaml:5: placeholders.patterns[1]: invalid regular expression 'a(b': "
        "missing ), unterminated subpattern at position 1",
        id="invalid-regex-in-patterns",
    ),
    pytest.param(
        ".prdlint.yaml", "placeholders:\n  allow: ['re:[unclosed']\n",
        ".prdlint.yaml:2: placeholders.allow[0]: invalid regular expression '[unclosed': "
        "unterminated character set at position 0",
        id="invalid-regex-in-allow",
    ),
    pytest.param(
        ".prdlint.yaml", "placeholders:\n  markrs: [PENDING]\n",
        ".prdlint.yaml:2: placeholders.markrs: unknown setting under 'placeholders' "
        "(did you mean 'markers'?)",
        id="unknown-nested-key",
    ),
    pytest.param(
        ".prdlint.yaml", "select: [PRD101\nignore: []\n",
        ".prdlint.yaml:2: not valid YAML: expected ',' or ']', but got ':'",
        id="invalid-yaml",
    ),
    pytest.param(
        ".prdlint.yaml", "select: [PRD101]\nignore: []\nselect: [PRD102]\n",
        ".prdlint.yaml:3: not valid YAML: duplicate key 'select' (first written on line 1)",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        ".prdlint.yaml", "- PRD101\n",
        ".prdlint.yaml:1: expected a mapping of settings at the top level, got a list",
        id="not-a-mapping",
    ),
    pytest.param(
        ".prdlint.yaml", "select: [PRD101]\n404: x\nfoo: y\n",
        ".prdlint.yaml:2: 404: unknown setting at the top level; expected one of:",
        id="number-key",
    ),
    pytest.param(
        ".prdlint.yaml", "rules:\n  101: error\n",
        ".prdlint.yaml:2: rules.101: unknown rule code, name or family '101'",
        id="number-rule-key",
    ),
    pytest.param(
        ".prdlint.yaml", "rules:\n  PRD101:\n    severity: error\n    true: 1\n",
        ".prdlint.yaml:4: rules.PRD101.true: unknown option for PRD101 (fill-in-marker); "
        "expected one of: severity",
        id="boolean-option-key",
    ),
    pytest.param(
        ".prdlint.yaml", "frontmatter-schema: 3\n",
        ".prdlint.yaml:1: frontmatter-schema: expected a string or a mapping, got a number (3)",
        id="one-of-two-types",
    ),
    pytest.param(
        ".prdlint.yaml", "coverage:\n  minimum: 120\n",
        ".prdlint.yaml:2: coverage.minimum: expected a number from 0 to 100, got a number (120)",
        id="out-of-range",
    ),
    pytest.param(
        "pyproject.toml", '[project]\nname = "x"\n\n[tool.prdlint]\nslect = ["PRD101"]\n',
        "pyproject.toml:5: slect: unknown setting at the top level (did you mean 'select'?)",
        id="pyproject-unknown-key",
    ),
    pytest.param(
        "pyproject.toml", '[tool.prdlint]\nignore = "PRD101"\n',
        "pyproject.toml:2: ignore: expected a list of strings, got a string ('PRD101')",
        id="pyproject-wrong-type",
    ),
    pytest.param(
        "pyproject.toml", '[tool.prdlint]\nselect = ["PRD101"]\n\n[tool.prdlint.rules]\nPRD1O1 = "error"\n',
        "pyproject.toml:5: rules.PRD1O1: unknown rule code, name or family 'PRD1O1' (did you mean 'PRD101'?)",
        id="pyproject-unknown-code",
    ),
    pytest.param(
        "pyproject.toml", "[tool.prdlint]\nselect = [PRD101]\n",
        "pyproject.toml:2: not valid TOML: Invalid value (at line 2, column 11)",
        id="bad-toml",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CONFIG_ERRORS)
def test_config_errors_are_one_line_exit_2(project: Path, name: str, text: str, expected: str) -> None:
    write(project / name, text)
    result = check("doc.md")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"prdlint: error: {expected}"), lines[0]
    assert "Traceback" not in result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_config_errors_in_json_mode_leave_stdout_empty(project: Path) -> None:
    write(project / ".prdlint.yaml", "slect: []\n")
    result = check("--format", "json", "doc.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1


def test_a_missing_config_option_file(project: Path) -> None:
    result = check("--config", "nope.yaml", "doc.md")
    assert result.exit_code == 2
    assert result.stderr == "prdlint: error: nope.yaml: configuration file not found\n"


def test_a_config_error_anywhere_stops_the_run_before_any_output(project: Path) -> None:
    write(project / "a" / "doc.md", DOC)
    write(project / "z" / ".prdlint.yaml", "ignore: [PRD1O1]\n")
    write(project / "z" / "doc.md", DOC)
    result = check(".")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "prdlint: error: z/.prdlint.yaml:1: ignore[0]: unknown rule code, name or family 'PRD1O1' "
        "(did you mean 'PRD101'?)\n"
    )


def test_config_error_paths_outside_the_working_directory_are_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "repo" / ".prdlint.yaml", "slect: []\n")
    write(tmp_path / "repo" / "doc.md", DOC)
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    result = check(str(tmp_path / "repo" / "doc.md"))
    assert result.exit_code == 2
    config = (tmp_path / "repo" / ".prdlint.yaml").resolve()  # as discovered
    assert result.stderr.startswith(f"prdlint: error: {config}:1: slect:")


# -- extend: one configuration over another ---------------------------------------------------------

TEMPLATE = "# Template\n\nOwner: [FILL IN]\nDate: TBD\nTeam: [Team Name]\n"  # PRD101, PRD103, PRD102


def test_a_nested_configuration_extends_its_parent(project: Path) -> None:
    write(project / ".prdlint.yaml", """\
ignore: [PRD103]
per-file-ignores:
  "docs/templates/**": [PRD102]   # relative to this file, also when docs/.prdlint.yaml extends it
exclude: ["docs/archive/**"]
rules:
  PRD101: warning
""")
    write(project / "docs" / ".prdlint.yaml",
          "extend: ../.prdlint.yaml\nignore: [PRD504]\nextend-exclude: [drafts]\nrules:\n  PRD101: info\n")
    write(project / "docs" / "doc.md", DOC)
    write(project / "docs" / "templates" / "t.md", TEMPLATE)
    write(project / "docs" / "archive" / "old.md", DOC)
    write(project / "docs" / "drafts" / "new.md", DOC)
    config = load_config(project / "docs" / ".prdlint.yaml")
    assert config.ignore == ("PRD103", "PRD504")  # ignores add up
    assert config.rules == {"PRD101": {"severity": "info"}}  # the nearer file's entry wins
    assert config.extends == ((project / ".prdlint.yaml"),)
    result = check("--format", "json", ".")
    report = json.loads(result.stdout)
    found = {(f["path"], f["code"], f["severity"]) for f in report["findings"]}
    # PRD103 is ignored by the parent; the template's PRD102 by the parent's per-file glob; the
    # archive is excluded by the parent's glob and the drafts by the child's.
    assert found == {
        ("doc.md", "PRD101", "warning"), ("docs/doc.md", "PRD101", "info"), ("docs/templates/t.md", "PRD101", "info"),
    }


def test_select_in_the_nearer_file_starts_the_selection_afresh(project: Path) -> None:
    write(project / "base.yaml", "ignore: [PRD103]\nextend-select: [PRD003]\n")
    write(project / ".prdlint.yaml", "extend: base.yaml\nselect: [placeholders]\n")
    config = load_config(project / ".prdlint.yaml")
    assert (config.select, config.extend_select, config.ignore) == (("placeholders",), (), ())
    write(project / ".prdlint.yaml", "extend: base.yaml\nextend-select: [PRD103]\n")
    config = load_config(project / ".prdlint.yaml")
    # Selecting PRD103 again takes it out of the base's ignore.
    assert (config.select, config.extend_select, config.ignore) == (("ALL",), ("PRD003", "PRD103"), ())


def test_a_shared_file_keeps_its_own_relative_paths(project: Path) -> None:
    write(project / "lint" / "acme.yaml", """\
pack: acme
version: 1
description: House rules.
rules:
  - code: ACME001
    name: no-codenames
    kind: pattern
    summary: No codenames.
    rationale: Readers outside the team do not know them.
    bad: Falcon ships.
    good: Ledger Sync ships.
    pattern: '\\bFalcon\\b'
""")
    write(project / "lint" / "shared.yaml", "rule-packs: [acme.yaml]\nplaceholders:\n  markers: [PENDING]\n")
    write(project / "team" / ".prdlint.yaml", "extend: ../lint/shared.yaml\nplaceholders:\n  markers: [WIP]\n")
    write(project / "team" / "doc.md", "# Plan\n\nFalcon ships. Owner: [PENDING] Review: [WIP]\n")
    config = load_config(project / "team" / ".prdlint.yaml")
    assert config.rule_packs == ((project / "lint" / "acme.yaml").resolve(),)
    assert config.placeholders == {"markers": ("PENDING", "WIP")}
    result = check("--format", "json", "team")
    assert sorted(codes(result)) == ["team/doc.md:ACME001", "team/doc.md:PRD101", "team/doc.md:PRD101"]


def test_a_pyproject_may_extend_and_be_extended(project: Path) -> None:
    write(project / "pyproject.toml", '[tool.prdlint]\nignore = ["PRD103"]\n')
    write(project / "sub" / "pyproject.toml", '[tool.prdlint]\nextend = "../pyproject.toml"\nignore = ["PRD101"]\n')
    assert load_config(project / "sub" / "pyproject.toml").ignore == ("PRD103", "PRD101")


EXTEND_ERRORS = [
    pytest.param(
        {".prdlint.yaml": "extend: a.yaml\n", "a.yaml": "extend: b.yaml\n", "b.yaml": "extend: a.yaml\n"},
        "b.yaml:1: extend: configuration cycle: a.yaml -> b.yaml -> a.yaml",
        id="cycle",
    ),
    pytest.param(
        {".prdlint.yaml": "ignore: []\nextend: .prdlint.yaml\n"},
        ".prdlint.yaml:2: extend: configuration cycle: .prdlint.yaml -> .prdlint.yaml",
        id="extends-itself",
    ),
    pytest.param(
        {".prdlint.yaml": "extend: ../nowhere.yaml\n"},
        ".prdlint.yaml:1: extend: configuration file not found: '../nowhere.yaml'",
        id="missing",
    ),
    pytest.param(
        {".prdlint.yaml": "extend: base.yaml\n", "base.yaml": "select: [ALL]\nignore: [PRD1O1]\n"},
        "base.yaml:2: ignore[0]: unknown rule code, name or family 'PRD1O1' (did you mean 'PRD101'?)",
        id="error-in-the-base-names-the-base",
    ),
    pytest.param(
        {".prdlint.yaml": "extend: base.yaml\nignore: [PRD103]\n", "base.yaml": "ignore:\n  - PRD102\n  - PRD1O1\n"},
        "base.yaml:3: ignore[1]: unknown rule code, name or family 'PRD1O1'",
        id="error-in-an-inherited-list-item",
    ),
    pytest.param(
        {".prdlint.yaml": "extend: base.yaml\n", "base.yaml": "slect: []\n"},
        "base.yaml:1: slect: unknown setting at the top level (did you mean 'select'?)",
        id="invalid-base",
    ),
    pytest.param(
        {".prdlint.yaml": "extend: pyproject.toml\n", "pyproject.toml": "[project]\nname = 'x'\n"},
        ".prdlint.yaml:1: extend: 'pyproject.toml' has no [tool.prdlint] table",
        id="pyproject-without-table",
    ),
    pytest.param(
        {".prdlint.yaml": "extend: [a.yaml]\n"},
        ".prdlint.yaml:1: extend: expected a string, got a list",
        id="not-a-string",
    ),
]


@pytest.mark.parametrize(("files", "expected"), EXTEND_ERRORS)
def test_extend_errors_are_one_line_naming_the_file(project: Path, files: dict[str, str], expected: str) -> None:
    for name, text in files.items():
        write(project / name, text)
    result = check("doc.md")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [result.stderr.rstrip("\n")]
    assert result.stderr.startswith(f"prdlint: error: {expected}"), result.stderr


# -- --extend-select and --extend-ignore ------------------------------------------------------------


def test_extend_select_adds_to_the_configuration_or_to_select(project: Path) -> None:
    write(project / ".prdlint.yaml", "select: [PRD101]\n")
    assert codes(check("--format", "json", "doc.md")) == ["doc.md:PRD101"]
    assert codes(check("--format", "json", "--extend-select", "PRD103", "doc.md")) == ["doc.md:PRD101", "doc.md:PRD103"]
    assert codes(check("--format", "json", "--select", "PRD103", "--extend-select", "PRD003", "doc.md")) == [
        "doc.md:PRD103"
    ]
    result = check("--extend-select", "PRD1O3", "doc.md")
    assert result.exit_code == 2
    assert "--extend-select: unknown rule code, name or family 'PRD1O3' (did you mean 'PRD103'?)" in result.stderr


def test_extend_ignore_is_ignore(project: Path) -> None:
    assert codes(check("--format", "json", "--extend-ignore", "PRD101", "doc.md")) == ["doc.md:PRD103"]
    assert codes(check("--format", "json", "--ignore", "PRD101", "--extend-ignore", "PRD103", "doc.md")) == []


def test_inherited_profile_globs_are_relative_to_the_file_that_wrote_them(project: Path) -> None:
    write(project / ".prdlint.yaml", 'profiles:\n  "docs/specs/**": prd\n')
    write(project / "docs" / ".prdlint.yaml", 'extend: ../.prdlint.yaml\nprofiles:\n  "notes/**": strategy\n')
    write(project / "docs" / "specs" / "a.md", "# A\n\nText.\n")
    write(project / "docs" / "notes" / "b.md", "# B\n\nText.\n")
    result = check("-v", "--exit-zero", "docs")
    assert "docs/specs/a.md: kind prd (configuration 'kinds' glob 'docs/specs/**')" in result.stderr
    assert "docs/notes/b.md: kind strategy (configuration 'kinds' glob 'notes/**')" in result.stderr


def test_kind_and_kinds_may_be_spelled_profile_and_profiles_across_files(project: Path) -> None:
    write(project / "base.yaml", 'kind: prd\nkinds:\n  "a/**": rfc\n')
    write(project / ".prdlint.yaml", 'extend: base.yaml\nprofile: generic\nprofiles:\n  "b/**": spec\n')
    config = load_config(project / ".prdlint.yaml")
    assert config.profile == "generic", "the nearer file's setting wins, whichever its spelling"
    assert config.profiles == (("b/**", "spec"), ("a/**", "rfc")), "the nearer file's globs first"
