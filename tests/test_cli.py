"""The command line: exit codes, text and JSON output, options, stdin, rules/explain/--version, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

import prdlint
import prdlint.rules
from prdlint import __version__
from prdlint.cli import _use_color, main
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.engine.rule import Rule, RuleContext
from prdlint.model import Document
from prdlint.reporters.json import JSON_FORMAT_VERSION, SCHEMA_PATH, output_schema

ROOT = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-9;]*m")

# PRD101 at 3:8, PRD102 at 4:7, PRD103 at 5:7
DOC = "# Notes\n\nOwner: [FILL IN]\nName: [Your Name]\nDate: TBD\n"
DOC_LINES = [
    "doc.md:3:8: PRD101 [error] fill-in marker '[FILL IN]' left in the document",
    "doc.md:4:7: PRD102 [error] bracketed placeholder '[Your Name]' was never replaced",
    "doc.md:5:7: PRD103 [warning] unresolved TBD 'TBD'",
]
CLEAN = "# Notes\n\nEverything is decided.\n"


def write(path: Path, text: str = DOC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, env=env)


def check(*args: str, **kwargs: object) -> Result:
    return invoke("check", *args, **kwargs)  # type: ignore[arg-type]


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stderr + result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    write(tmp_path / "doc.md")
    write(tmp_path / "clean.md", CLEAN)
    return tmp_path


# -- exit codes -------------------------------------------------------------------------------------


def test_exit_0_when_clean(project: Path) -> None:
    result = check("clean.md")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 file checked).\n")


def test_exit_1_with_findings(project: Path) -> None:
    assert check("doc.md").exit_code == 1


def test_exit_zero_option(project: Path) -> None:
    result = check("--exit-zero", "doc.md")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == DOC_LINES


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "PRD103"], 1),                                    # a warning, default threshold warning
        (["--select", "PRD103", "--severity-threshold", "error"], 0),   # a warning below the threshold
        (["--select", "PRD103", "--severity-threshold", "info"], 1),
        (["--severity-threshold", "error"], 1),                         # errors reach every threshold
    ],
)
def test_severity_threshold(project: Path, args: list[str], expected: int) -> None:
    assert check(*args, "doc.md").exit_code == expected


def test_info_findings_fail_only_at_the_info_threshold(project: Path) -> None:
    write(project / ".prdlint.yaml", "rules:\n  placeholders: info\n")
    assert check("doc.md").exit_code == 0
    assert check("--severity-threshold", "info", "doc.md").exit_code == 1
    assert "Found 3 problems (3 infos) in 1 of 1 file." in check("doc.md").stdout


def test_prd001_is_exit_1(project: Path) -> None:
    assert check("missing.md", "clean.md").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--format", "xml"], "Invalid value for '--format'"),
        (["check", "--severity-threshold", "fatal"], "Invalid value for '--severity-threshold'"),
        (["check", "--bogus"], "No such option '--bogus'"),
        (["nonsense"], "No such command 'nonsense'"),
        (["check", "--config", "."], "is a directory"),
    ],
)
def test_usage_errors_are_exit_2(project: Path, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--select", "PRD1O1", "prdlint: error: --select: unknown rule code, name or family 'PRD1O1' "
                               "(did you mean 'PRD101'?)"),
        ("--ignore", "PRD101,fill-in-markr", "prdlint: error: --ignore: unknown rule code, name or family "
                                             "'fill-in-markr' (did you mean 'fill-in-marker'?)"),
        ("--select", "nothing-like-it", "prdlint: error: --select: unknown rule code, name or family "
                                        "'nothing-like-it'; 'prdlint rules' lists them all"),
    ],
)
def test_unknown_selector_option_is_exit_2_with_a_suggestion(
    project: Path, option: str, value: str, expected: str
) -> None:
    result = check(option, value, "doc.md")
    assert result.exit_code == 2
    assert result.stderr == expected + "\n"
    assert result.stdout == ""


def test_unknown_selector_is_rejected_even_when_there_is_nothing_to_lint(tmp_path: Path) -> None:
    result = check("--select", "PRD1O1", str(tmp_path))
    assert result.exit_code == 2
    assert "did you mean 'PRD101'?" in result.stderr


# -- select / ignore from the command line ---------------------------------------------------------


def test_select_and_ignore_options(project: Path) -> None:
    assert check("--select", "PRD1", "--ignore", "PRD101", "doc.md").stdout.splitlines()[:-1] == DOC_LINES[1:]
    assert check("--select", "PRD101", "--ignore", "PRD1", "doc.md").stdout.splitlines()[:-1] == DOC_LINES[:1]
    assert check("--select", "fill-in-marker,unresolved-token", "doc.md").stdout.splitlines()[:-1] == [
        DOC_LINES[0], DOC_LINES[2]
    ]
    assert check("--ignore", "placeholders", "doc.md").exit_code == 0


def test_select_option_replaces_the_configuration_and_ignore_adds(project: Path) -> None:
    write(project / ".prdlint.yaml", "select: [PRD101]\nignore: [PRD102]\n")
    assert check("doc.md").stdout.splitlines()[:-1] == DOC_LINES[:1]
    assert check("--select", "PRD1", "doc.md").stdout.splitlines()[:-1] == [DOC_LINES[0], DOC_LINES[2]]
    assert check("--select", "PRD1", "--ignore", "PRD103", "doc.md").stdout.splitlines()[:-1] == DOC_LINES[:1]


# -- text output ------------------------------------------------------------------------------------


def test_text_output_lines_and_summary(project: Path) -> None:
    result = check("doc.md", "clean.md")
    summary = "Found 3 problems (2 errors, 1 warning) in 1 of 2 files."
    assert result.stdout.splitlines() == [*DOC_LINES, summary]
    assert result.stderr == ""


def test_summary_counts_are_pluralised(project: Path) -> None:
    assert check("--select", "PRD101", "doc.md").stdout.splitlines()[-1] == (
        "Found 1 problem (1 error) in 1 of 1 file."
    )
    write(project / "two.md", "Owner: [FILL IN] TBD TBD\n")
    assert check("--select", "PRD103", "doc.md", "two.md", "clean.md").stdout.splitlines()[-1] == (
        "Found 3 problems (3 warnings) in 2 of 3 files."
    )
    assert check("clean.md", "doc.md", "--ignore", "PRD1").stdout == "All checks passed (2 files checked).\n"


def test_statistics(project: Path) -> None:
    write(project / "more.md", "Owner: [FILL IN]\nTBD and TBD\n")
    result = check("--statistics", "doc.md", "more.md")
    lines = result.stdout.splitlines()
    assert lines[-5:] == [
        "",
        "     3  PRD103   unresolved-token                   [warning]",
        "     2  PRD101   fill-in-marker                     [error]",
        "     1  PRD102   bracket-placeholder                [error]",
        "Found 6 problems (5 errors... in 2 of 2 files.".replace("5 errors...", "3 errors, 3 warnings)"),
    ]
    assert lines[0] == DOC_LINES[0]


def test_statistics_without_findings_prints_only_the_summary(project: Path) -> None:
    assert check("--statistics", "clean.md").stdout == "All checks passed (1 file checked).\n"


def test_quiet_prints_findings_only(project: Path) -> None:
    assert check("-q", "doc.md").stdout.splitlines() == DOC_LINES
    assert check("--quiet", "clean.md").stdout == ""
    result = check("-q", "--statistics", "doc.md")
    assert result.stdout.splitlines()[:3] == DOC_LINES
    assert not result.stdout.splitlines()[-1].startswith("Found")


def test_output_is_sorted_and_deterministic(project: Path) -> None:
    write(project / "a" / "z.md", DOC)
    write(project / "a.md", DOC)
    first = check("doc.md", "a", "a.md", "clean.md")
    second = check("clean.md", "a.md", ".", "a")
    assert first.stdout == second.stdout
    paths = [line.split(":")[0] for line in first.stdout.splitlines()[:-1]]
    assert paths == sorted(paths) == ["a.md"] * 3 + ["a/z.md"] * 3 + ["doc.md"] * 3


# -- colour -----------------------------------------------------------------------------------------


def test_color_forced(project: Path) -> None:
    result = check("--color", "doc.md")
    assert "\x1b[" in result.stdout
    assert "\x1b[31m\x1b[1mPRD101" in result.stdout  # errors red
    assert "\x1b[33m\x1b[1mPRD103" in result.stdout  # warnings yellow
    assert ANSI.sub("", result.stdout) == check("doc.md").stdout


def test_no_color_when_not_a_terminal(project: Path) -> None:
    assert "\x1b[" not in check("doc.md").stdout


def test_color_forced_beats_no_color_and_no_color_beats_force_color(project: Path) -> None:
    assert "\x1b[" in check("--color", "doc.md", env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in check("--no-color", "doc.md", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" in check("doc.md", env={"FORCE_COLOR": "1"}).stdout


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("flag", "tty", "env", "expected"),
    [
        (None, True, {}, True),
        (None, False, {}, False),
        (None, True, {"NO_COLOR": "1"}, False),
        (None, True, {"NO_COLOR": ""}, True),   # no-color.org: only a non-empty value counts
        (None, False, {"FORCE_COLOR": "1"}, True),
        (True, False, {"NO_COLOR": "1"}, True),
        (False, True, {}, False),
    ],
)
def test_use_color(
    monkeypatch: pytest.MonkeyPatch, flag: bool | None, tty: bool, env: dict[str, str], expected: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert _use_color(flag, _Stream(tty)) is expected  # type: ignore[arg-type]


def _run_in_a_terminal(cwd: Path, *args: str, env: dict[str, str]) -> str:
    import pty

    leader, follower = pty.openpty()
    try:
        environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        environment.update(env, PYTHONPATH=str(ROOT))
        process = subprocess.run(
            [sys.executable, "-m", "prdlint", *args], cwd=cwd, stdout=follower, stderr=subprocess.PIPE,
            env=environment, timeout=60, check=False,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.returncode == 1, process.stderr
        return b"".join(chunks).decode()
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_color_is_automatic_on_a_terminal_unless_no_color(project: Path) -> None:
    assert "\x1b[31m" in _run_in_a_terminal(project, "check", "doc.md", env={})
    assert "\x1b[" not in _run_in_a_terminal(project, "check", "doc.md", env={"NO_COLOR": "1"})


# -- JSON output ------------------------------------------------------------------------------------


def test_json_output_validates_against_the_shipped_schema(project: Path) -> None:
    write(project / "sub" / "more.md", "Run:\n\n```bash\n[test command]\n```\n")
    result = check("--format", "json", "doc.md", "clean.md", "missing.md", "sub")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    jsonschema.Draft7Validator(output_schema()).validate(report)
    assert report["version"] == JSON_FORMAT_VERSION == 1
    assert report["tool"] == {"name": "prdlint", "version": __version__}
    assert report["summary"] == {
        "files": 4, "files_with_findings": 3, "findings": 5, "error": 4, "warning": 1, "info": 0,
        "by_rule": {"PRD001": 1, "PRD101": 1, "PRD102": 1, "PRD103": 1, "PRD104": 1},
        "severity_threshold": "warning",
    }
    assert [f["path"] for f in report["files"]] == ["clean.md", "doc.md", "missing.md", "sub/more.md"]
    assert report["files"][1] == {"path": "doc.md", "profile": "generic", "findings": 3, "error": 2,
                                  "warning": 1, "info": 0}
    assert report["findings"][2] == {
        "path": "doc.md", "line": 5, "column": 7, "end_line": 5, "end_column": 10, "code": "PRD103",
        "name": "unresolved-token", "severity": "warning", "message": "unresolved TBD 'TBD'",
    }
    keys = [(f["path"], f["line"], f["column"], f["code"]) for f in report["findings"]]
    assert keys == sorted(keys)


def test_json_output_without_files_and_with_a_threshold(project: Path) -> None:
    (project / "empty").mkdir()
    result = check("--format", "json", "--severity-threshold", "error", "empty")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    jsonschema.validate(report, output_schema())
    assert report["files"] == [] and report["findings"] == []
    assert report["summary"]["severity_threshold"] == "error"


def test_json_is_not_affected_by_text_options(project: Path) -> None:
    plain = check("--format", "json", "doc.md").stdout
    assert check("--format", "json", "--statistics", "--quiet", "--color", "doc.md").stdout == plain


def test_the_schema_rejects_what_the_format_does_not_allow(project: Path) -> None:
    report = json.loads(check("--format", "json", "doc.md").stdout)
    validator = jsonschema.Draft7Validator(output_schema())
    for broken in (
        {**report, "version": 2},
        {**report, "findings": [{**report["findings"][0], "line": 0}]},
        {**report, "findings": [{**report["findings"][0], "severity": "fatal"}]},
        {k: v for k, v in report.items() if k != "summary"},
    ):
        assert not validator.is_valid(broken)


def test_the_schema_ships_inside_the_package() -> None:
    assert SCHEMA_PATH.parent == Path(prdlint.__file__).parent / "reporters"
    jsonschema.Draft7Validator.check_schema(output_schema())
    assert output_schema()["properties"]["version"] == {
        "const": 1, "description": output_schema()["properties"]["version"]["description"]
    }


def test_the_documented_example_is_valid_and_every_field_is_documented() -> None:
    doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.DOTALL)
    assert example is not None
    jsonschema.validate(json.loads(example.group(1)), output_schema())
    schema = output_schema()["properties"]
    fields = {*schema, *schema["summary"]["properties"], *schema["files"]["items"]["properties"],
              *schema["findings"]["items"]["properties"], *schema["tool"]["properties"]}
    for field in fields:
        assert f"`{field}`" in doc, f"{field} is not documented in docs/json-output.md"


# -- standard input ---------------------------------------------------------------------------------


def test_stdin(project: Path) -> None:
    result = check("-", input=DOC.encode())
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [line.replace("doc.md", "-", 1) for line in DOC_LINES] + [
        "Found 3 problems (2 errors, 1 warning) in 1 of 1 file."
    ]


def test_stdin_with_a_filename_uses_its_name_and_configuration(project: Path) -> None:
    write(project / "team" / ".prdlint.yaml", "ignore: [PRD101]\nper-file-ignores: {'drafts/**': [PRD102]}\n")
    result = check("-", "--stdin-filename", "team/drafts/new.md", input=DOC.encode())
    assert result.stdout.splitlines() == [
        "team/drafts/new.md:5:7: PRD103 [warning] unresolved TBD 'TBD'",
        "Found 1 problem (1 warning) in 1 of 1 file.",
    ]


def test_stdin_filename_alone_reads_stdin(project: Path) -> None:
    result = check("--stdin-filename", "doc.md", input=CLEAN)
    assert (result.exit_code, result.stdout) == (0, "All checks passed (1 file checked).\n")


def test_stdin_with_files(project: Path) -> None:
    result = check("clean.md", "-", "--stdin-filename", "piped.md", input=DOC)
    assert result.stdout.splitlines()[-1] == "Found 3 problems (2 errors, 1 warning) in 1 of 2 files."
    assert result.stdout.splitlines()[0].startswith("piped.md:3:8: PRD101")


def test_stdin_force_exclude(project: Path) -> None:
    write(project / ".prdlint.yaml", "exclude: [vendor]\n")
    excluded = check("-", "--stdin-filename", "vendor/x.md", "--force-exclude", input=DOC)
    assert (excluded.exit_code, excluded.stdout) == (0, "No files checked.\n")
    assert check("-", "--stdin-filename", "vendor/x.md", input=DOC).exit_code == 1


def test_stdin_binary_is_prd001(project: Path) -> None:
    result = check("-", input=b"\x00\x01\x02")
    assert result.stdout.splitlines()[0] == (
        "-:1:1: PRD001 [error] binary file (contains NUL bytes), not a Markdown document"
    )


# -- nothing to lint, crashes, no tracebacks --------------------------------------------------------


def test_no_markdown_files_found_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "notes.txt", "[FILL IN]")
    write(tmp_path / "node_modules" / "x.md")
    result = check()
    assert result.exit_code == 0
    assert result.stdout == "No files checked.\n"
    assert result.stderr == (
        "prdlint: warning: no Markdown files found in '.' "
        "(searched for the 'include' globs, *.md and *.markdown by default)\n"
    )
    assert check("-q").stderr == ""


@pytest.fixture
def crashing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(document: Document, context: RuleContext) -> Iterator[Violation]:
        if "crash" in document.source.text:
            raise KeyError("boom")
        return iter(())

    module = types.ModuleType("prdlint_test_crashing_rule")
    module.RULES = (  # type: ignore[attr-defined]
        Rule("TST901", "crashes", "test", Severity.ERROR, "s", "r", "b", "g", boom),
    )
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(prdlint.rules, "BUILTIN_MODULES", (*prdlint.rules.BUILTIN_MODULES, module.__name__))


@pytest.mark.usefixtures("crashing_rule")
def test_a_rule_crash_is_one_error_line_exit_2_and_the_other_findings_stay(project: Path) -> None:
    write(project / "crash.md", "# crash\n\nDate: TBD\n")
    result = check("crash.md", "doc.md")
    no_traceback(result)
    assert result.exit_code == 2
    internal = (
        "internal error in rule TST901 (crashes): KeyError: 'boom'; this is a bug in prdlint, "
        "please report it at https://github.com/prdlint/prdlint/issues"
    )
    assert result.stderr == f"prdlint: error: crash.md: {internal}\n"
    assert result.stdout.splitlines() == [
        f"crash.md:1:1: PRD000 [error] {internal}",
        "crash.md:3:7: PRD103 [warning] unresolved TBD 'TBD'",
        *DOC_LINES,
        "Found 5 problems (3 errors, 2 warnings) in 2 of 2 files.",
    ]


def test_a_crash_while_reading_one_file_does_not_stop_the_others(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Document.from_bytes.__func__  # type: ignore[attr-defined]

    def from_bytes(cls: type[Document], data: bytes, path: str) -> Document:
        if path == "clean.md":
            raise RecursionError("maximum recursion depth exceeded")
        return original(cls, data, path)  # type: ignore[no-any-return]

    monkeypatch.setattr(Document, "from_bytes", classmethod(from_bytes))
    result = check("clean.md", "doc.md")
    no_traceback(result)
    assert result.exit_code == 2
    internal = (
        "internal error while reading and parsing the file: RecursionError: maximum recursion depth exceeded; "
        "this is a bug in prdlint, please report it at https://github.com/prdlint/prdlint/issues"
    )
    assert result.stdout.splitlines()[:4] == [f"clean.md:1:1: PRD000 [error] {internal}", *DOC_LINES]
    assert result.stderr == f"prdlint: error: clean.md: {internal}\n"


def test_an_unexpected_exception_is_one_line_exit_2(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prdlint.reporters.text import TextReporter

    def render(self: TextReporter, report: object, stream: object) -> None:
        raise ValueError("reporter broke")

    monkeypatch.setattr(TextReporter, "render", render)
    result = check("doc.md")
    no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "prdlint: error: internal error: ValueError: reporter broke (a bug in prdlint; please report it)"
    ]


# -- rules, explain, --version, --help -------------------------------------------------------------


def test_rules_table_lists_every_rule() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert re.match(r"CODE +NAME +SEVERITY +SUMMARY$", lines[0])
    registry = Registry(builtin_rules())
    assert len(lines) == 1 + len(registry)
    for line, rule in zip(lines[1:], registry, strict=True):
        assert line.split()[:3] == [rule.code, rule.name, rule.severity.value]
        assert line.endswith(rule.summary)


def test_rules_as_json() -> None:
    data = json.loads(invoke("rules", "--format", "json").stdout)
    assert [r["code"] for r in data] == [r.code for r in Registry(builtin_rules())]
    assert next(r for r in data if r["code"] == "PRD101") == {
        "code": "PRD101", "name": "fill-in-marker", "family": "placeholders", "severity": "error",
        "summary": Registry(builtin_rules()).get("PRD101").summary,  # type: ignore[union-attr]
    }


@pytest.mark.parametrize("rule_id", ["PRD103", "prd103", "unresolved-token"])
def test_explain_by_code_or_name(rule_id: str) -> None:
    result = invoke("explain", rule_id)
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("## PRD103 unresolved-token\n\nFamily: placeholders · Default severity: warning\n")
    for heading in ("### What it does", "### Why is this bad?", "### Example", "### Configure or silence it"):
        assert heading in text
    assert "<!-- prdlint-disable-next-line PRD103 -->" in text
    assert "```markdown\ncreated: YYYY-MM-DD" in text


def test_explain_a_family_shows_each_rule() -> None:
    result = invoke("explain", "placeholders")
    assert result.exit_code == 0
    headings = re.findall(r"^## (PRD\d+)", result.stdout, re.MULTILINE)
    assert headings == ["PRD101", "PRD102", "PRD103", "PRD104", "PRD105"]


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("PRD1O1", "prdlint: error: unknown rule 'PRD1O1' (did you mean 'PRD101'?); "
                   "'prdlint rules' lists them all"),
        ("fill-in-markr", "prdlint: error: unknown rule 'fill-in-markr' (did you mean 'fill-in-marker'?); "
                          "'prdlint rules' lists them all"),
        ("xyzzy", "prdlint: error: unknown rule 'xyzzy'; 'prdlint rules' lists them all"),
    ],
)
def test_explain_an_unknown_rule_is_exit_2_with_a_suggestion(rule_id: str, expected: str) -> None:
    result = invoke("explain", rule_id)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected + "\n")


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version(flag: str) -> None:
    result = invoke(flag)
    assert (result.exit_code, result.stdout) == (0, f"prdlint {__version__}\n")
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", __version__)


def test_help_teaches() -> None:
    top = invoke("--help").stdout
    for text in ("prdlint check", "prdlint rules", "prdlint explain PRD101", "check", "rules", "explain"):
        assert text in top
    help_text = invoke("check", "--help").stdout
    for text in ("--format", "--select", "--ignore", "--severity-threshold", "--exit-zero", "--statistics",
                 "--quiet", "--color / --no-color", "--config", "--isolated", "--stdin-filename",
                 "--force-exclude", "NO_COLOR", "<!-- prdlint-disable-next-line PRD102 -->",
                 "Exit codes:", "2  usage or configuration error"):
        assert text in help_text, text
    assert invoke("check", "-h").stdout == help_text


def test_the_module_runs_as_a_program(project: Path) -> None:
    process = subprocess.run(
        [sys.executable, "-m", "prdlint", "check", "--no-color", "doc.md"], cwd=project, capture_output=True,
        text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60, check=False,
    )
    assert process.returncode == 1
    assert process.stdout.splitlines()[:3] == DOC_LINES
    assert process.stderr == ""


def test_output_piped_into_a_closed_pipe_is_not_a_traceback(project: Path) -> None:
    write(project / "big.md", "Owner: [FILL IN]\n\n" * 5000)
    command = [sys.executable, "-m", "prdlint", "check", "--no-color", "big.md"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert stderr == ""


def test_parallel_jobs_give_the_same_report_as_one_process(tmp_path: Path) -> None:
    """--jobs only changes how fast: the findings and their order are the same."""
    for index in range(20):
        (tmp_path / f"doc_{index:02d}.md").write_text(
            f"# Plan {index}\n\n**Owner**: [FILL IN]\nDue: YYYY-MM-DD\n" + "Text.\n" * index, encoding="utf-8"
        )
    serial = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "-j", "1", str(tmp_path)])
    parallel = CliRunner().invoke(main, ["check", "--isolated", "--format", "json", "-j", "2", str(tmp_path)])
    assert serial.exit_code == parallel.exit_code == 1
    assert serial.stdout == parallel.stdout
    assert json.loads(parallel.stdout)["summary"]["findings"] == 40
