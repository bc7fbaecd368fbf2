"""The github format: workflow commands that no document or file name can subvert.

The runner's parser is re-implemented in tests/runner_commands.py; every line prdlint writes
is fed to it, and the test proves that it yields exactly one error/warning/notice per finding,
whose decoded fields are the finding's own, and nothing else the runner would obey.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.reporters.base import Report
from prdlint.reporters.github import (
    ANNOTATIONS_PER_LEVEL,
    GithubReporter,
    escape_data,
    escape_property,
    workflow_command,
)
from tests.runner_commands import (
    DATA_ESCAPES,
    PROPERTY_ESCAPES,
    commands_in,
    parse_legacy,
    parse_v2,
    runner_lines,
    unescape,
)

HOSTILE = [
    "::set-output name=owner::pwned",
    "::add-mask::hunter2",
    "::stop-commands::tok",
    "%0A::error::fake",
    "%0D%0A::warning file=x::y",
    "%25 %250A %%0A",
    "##[add-mask]secret",
    "##[set-output name=x;]y",
    "\n::set-env name=A::b",
    "\r::add-mask::cr",
    "\r\n::notice::crlf",
    "a,b:c=d::e",
    "\u2028::debug::ls \u0085 \x0b\x0c",
    "   ::add-path::/tmp",
]

# A PRD from a fork: every placeholder carries a command, an escape or a line break.
HOSTILE_DOCUMENT = """# Launch plan

Owner: [FILL IN ::set-output name=owner::pwned]
Lead: [Your Name ::add-mask::hunter2]
Stop: [INSERT ::stop-commands::tok]
Escapes: [TODO %0A::error::fake %25 %0D %250A]
Legacy: [Your ##[add-mask]secret team]
Split: [Your
::warning file=x::injected name]
Line: [Your %0D%0A::notice::x value]
TBD ::set-env name=A::b

```
run [test command ::add-mask::x]
```
"""


def _finding(
    message: str, path: str = "docs/prd.md", severity: Severity = Severity.ERROR, **kw: int
) -> Finding:
    return Finding(
        path=path, line=kw.get("line", 3), col=kw.get("col", 5), code="PRD101", name="fill-in-marker",
        severity=severity, message=message, end_line=kw.get("end_line", 3), end_col=kw.get("end_col", 9),
    )


def _report(findings: list[Finding]) -> Report:
    files: dict[str, FileResult] = {}
    for finding in findings:
        files.setdefault(finding.path, FileResult(finding.path)).findings.append(finding)
    return Report(files=list(files.values()), registry=Registry(builtin_rules()))


def _render(findings: list[Finding]) -> str:
    stream = io.StringIO()
    GithubReporter().render(_report(findings), stream)
    return stream.getvalue()


def assert_only_prdlint_annotations(output: str, expected: list[tuple[str, str, str]]) -> None:
    """Every line is one of our annotations or a plain summary line; the annotations decode to ``expected``.

    ``expected`` holds (level, file, message) for each finding, in any order.
    """
    commands = commands_in(output)
    lines = runner_lines(output)
    decoded = []
    for line, command in zip(lines, commands, strict=True):
        if command is None:
            assert line == "" or line.startswith("prdlint: "), f"unexpected plain line {line!r}"
            continue
        assert not command.legacy, line
        assert command.name in {"error", "warning", "notice"}, f"the runner would run {line!r}"
        assert line.startswith(f"::{command.name} file="), line
        decoded.append((command.name, command.properties["file"], command.data))
    assert sorted(decoded) == sorted(expected)


def test_escaping_round_trips_through_the_runners_unescaping() -> None:
    rng = random.Random(4)
    alphabet = ["%", "0", "A", "D", "2", "5", "3", "C", ":", ",", "\r", "\n", "a", " ", "#", "[", "]", "="]
    randoms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24))) for _ in range(2000)]
    samples = HOSTILE + randoms
    for text in samples:
        data, prop = escape_data(text), escape_property(text)
        assert "\r" not in data and "\n" not in data
        assert not ({"\r", "\n", ":", ","} & set(prop))
        assert unescape(data, DATA_ESCAPES) == text
        assert unescape(prop, PROPERTY_ESCAPES) == text


def test_one_command_carries_every_position_and_the_title() -> None:
    finding = _finding("fill-in marker '[FILL IN]' left", line=31, col=24, end_line=31, end_col=33)
    line = workflow_command(finding)
    command = parse_v2(line)
    assert command is not None and command.name == "error"
    assert command.properties == {
        "file": "docs/prd.md", "line": "31", "col": "24", "endColumn": "33", "endLine": "31",
        "title": "PRD101 fill-in-marker",
    }
    assert command.data == "fill-in marker '[FILL IN]' left"


def test_levels_follow_severity_and_multi_line_findings_have_no_columns() -> None:
    warning = parse_v2(workflow_command(_finding("w", severity=Severity.WARNING)))
    notice = parse_v2(workflow_command(_finding("i", severity=Severity.INFO)))
    assert warning is not None and warning.name == "warning"
    assert notice is not None and notice.name == "notice"
    multi = parse_v2(workflow_command(_finding("m", line=8, end_line=9, end_col=3)))
    assert multi is not None
    assert multi.properties["line"] == "8" and multi.properties["endLine"] == "9"
    assert "col" not in multi.properties and "endColumn" not in multi.properties


def test_hostile_messages_and_paths_decode_to_themselves_and_run_nothing() -> None:
    findings = [
        _finding(f"placeholder '{text}' left", path=path, line=i + 1, end_line=i + 1)
        for i, (text, path) in enumerate(
            (text, path)
            for text in HOSTILE
            for path in ("docs/prd.md", "a,b:c.md", "x\n::add-mask::y.md", "%0A::warning::p.md")
        )
    ]
    output = _render(findings)
    assert_only_prdlint_annotations(output, [("error", f.path, f.message) for f in findings])


def test_errors_come_first_and_the_summary_says_what_github_will_not_show() -> None:
    findings = [_finding(f"e{i}", line=100 + i, end_line=100 + i) for i in range(12)]
    findings += [_finding(f"w{i}", severity=Severity.WARNING, line=i + 1, end_line=i + 1) for i in range(3)]
    output = _render(findings)
    levels = [c.name for c in commands_in(output) if c is not None]
    assert levels == ["error"] * 12 + ["warning"] * 3
    notice = [line for line in runner_lines(output) if "at most" in line]
    assert len(notice) == 1
    assert f"{12 - ANNOTATIONS_PER_LEVEL} findings" in notice[0]
    assert "15 problems (12 errors, 3 warnings)" in output


def _run(args: list[str], cwd: Path, env_extra: dict[str, str], stdout: int | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(env_extra)
    done = subprocess.run(
        [sys.executable, "-m", "prdlint", "check", *args], cwd=cwd, env=env,
        stdout=subprocess.PIPE if stdout is None else stdout, stderr=subprocess.PIPE, check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout.decode("utf-8") if done.stdout is not None else ""


@pytest.mark.skipif(os.name == "nt", reason="file names with ',', ':' and line breaks are POSIX-only")
def test_no_document_content_can_inject_a_workflow_command(tmp_path: Path) -> None:
    """A fork's PRD and file names, linted the way the action runs prdlint in GitHub Actions."""
    for name in ("prd.md", "evil,na:me.md", "new\n::add-mask::line.md", "%0A::set-output name=a::b.md"):
        (tmp_path / name).write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(tmp_path)}
    output = _run([], tmp_path, env)  # no --format: github is the default in GitHub Actions
    findings = json.loads(_run(["--format", "json"], tmp_path, {}))["findings"]
    assert len(findings) >= 8 * 4
    messages = " ".join(f["message"] for f in findings)
    for hostile in ("::set-output", "::add-mask::", "::stop-commands::", "%0A", "##[add-mask]", "::warning"):
        assert hostile in messages, f"the document no longer exercises {hostile!r}"
    levels = {"error": "error", "warning": "warning", "info": "notice"}
    expected = [(levels[f["severity"]], f["path"], f["message"]) for f in findings]
    assert_only_prdlint_annotations(output, expected)


@pytest.mark.skipif(os.name == "nt", reason="file names with line breaks are POSIX-only")
def test_text_output_in_a_github_actions_log_stops_commands(tmp_path: Path) -> None:
    (tmp_path / "new\n::add-mask::line.md").write_text(HOSTILE_DOCUMENT, encoding="utf-8")
    plain = _run(["--format", "text"], tmp_path, {})
    # Outside GitHub Actions the text is unchanged, and it would be dangerous in a runner's log.
    assert not plain.startswith("::stop-commands::")
    assert any(c is not None for c in commands_in(plain))
    guarded = _run(["--format", "text"], tmp_path, {"GITHUB_ACTIONS": "true"})
    commands = [c for c in commands_in(guarded) if c is not None]
    assert commands[0].name == "stop-commands"
    assert len(commands) == 2 and commands[1].name == commands[0].data.lower()  # only stop and resume
    assert guarded.splitlines()[1:-1] == plain.splitlines()
    # Redirected to a file, the text is for a person or a program: no guard lines.
    with (tmp_path / "out.txt").open("wb") as handle:
        _run(["--format", "text"], tmp_path, {"GITHUB_ACTIONS": "true"}, stdout=handle.fileno())
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == plain


def test_legacy_parser_sees_hostile_text_outside_our_commands() -> None:
    """Sanity check of the test's own parser: it does catch what the runner would run."""
    assert parse_legacy("x ##[add-mask]secret") is not None
    command = parse_v2("  ::set-output name=a::b")
    assert command is not None and command.name == "set-output"
    assert parse_v2("::error file=a::msg ##[add-mask]x") is not None  # data after our '::' is data
