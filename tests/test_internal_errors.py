"""Issue 8, item 1: an internal error never hides findings.

An exception while one file is linted becomes a PRD000 finding for that file; what was found before it
stands, the other files are linted, every reporter and the check run show it, and the exit code is 2.
"""

from __future__ import annotations

import json
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from prdlint.api import lint_text
from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult
from prdlint.github_checks import conclusion_for
from prdlint.integrations.baseline import Baseline, Entry
from prdlint.integrations.filters import Filters
from prdlint.model import Document
from tests.cli_run import prdlint_check

ISSUES = "please report it at https://github.com/prdlint/prdlint/issues"
GOOD = "# Notes\n\nOwner: [FILL IN]\n"  # PRD101 at 3:8


def _project(tmp_path: Path, marker: str) -> Path:
    (tmp_path / "crash.md").write_text(f"# Crash\n\nDate: TBD\n\n{marker}\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_a_failing_rule_is_a_prd000_finding_beside_every_other_finding(failing_rule: str, tmp_path: Path) -> None:
    done = prdlint_check(["--no-color", "crash.md", "good.md"], _project(tmp_path, failing_rule))
    lines = done.stdout.splitlines()
    internal = (
        "crash.md:1:1: PRD000 [error] internal error in rule TST900 (fails): ValueError: injected failure; "
        f"this is a bug in prdlint, {ISSUES}"
    )
    assert lines == [
        internal,
        "crash.md:1:1: TST900 [warning] found before the failure",  # the failing rule's own finding stays
        "crash.md:3:7: PRD103 [warning] unresolved TBD 'TBD'",
        "good.md:3:8: PRD101 [error] fill-in marker '[FILL IN]' left in the document",
        "Found 4 problems (2 errors, 2 warnings) in 2 of 2 files.",
    ]
    assert done.returncode == 2  # documented: an internal error is exit code 2, even with findings
    assert "prdlint: error: crash.md: internal error in rule TST900" in done.stderr


def test_exit_zero_does_not_hide_an_internal_error(failing_rule: str, tmp_path: Path) -> None:
    done = prdlint_check(["--exit-zero", "crash.md"], _project(tmp_path, failing_rule))
    assert done.returncode == 2
    assert "PRD000" in done.stdout


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif", "junit", "gitlab", "rdjson", "markdown"])
def test_every_reporter_shows_the_internal_error(failing_rule: str, tmp_path: Path, output_format: str) -> None:
    done = prdlint_check(["--format", output_format, "crash.md", "good.md"], _project(tmp_path, failing_rule))
    assert done.returncode == 2
    out = done.stdout
    if output_format == "json":
        codes = [(f["path"], f["code"]) for f in json.loads(out)["findings"]]
        assert ("crash.md", "PRD000") in codes and ("good.md", "PRD101") in codes
    elif output_format == "sarif":
        run = json.loads(out)["runs"][0]
        assert {r["ruleId"] for r in run["results"]} >= {"PRD000", "PRD101", "PRD103"}
        assert run["invocations"][0]["executionSuccessful"] is False
    elif output_format == "gitlab":
        assert {issue["check_name"] for issue in json.loads(out)} >= {"PRD000", "PRD101"}
    elif output_format == "rdjson":
        codes = {d["code"]["value"] for d in json.loads(out)["diagnostics"]}
        assert codes >= {"PRD000", "PRD101"}
    elif output_format == "junit":
        root = ET.fromstring(out)
        messages = [element.get("message", "") for element in root.iter() if element.tag in ("failure", "error")]
        assert any("PRD000" in message for message in messages)
        assert any("PRD101" in message for message in messages)
    elif output_format == "github":
        assert "::error file=crash.md,line=1,col=1" in out and "title=PRD000 internal-error::" in out
        assert "title=PRD101" in out
    else:
        assert "PRD000" in out and "PRD101" in out and ISSUES in out


def test_a_crash_while_parsing_is_prd000_and_the_other_files_are_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Document.parse.__func__  # type: ignore[attr-defined]

    def parse(cls: type[Document], text: str, path: str = "<string>") -> Document:
        if "Crash" in text:
            raise IndexError("parser broke")
        return original(cls, text, path)  # type: ignore[no-any-return]

    monkeypatch.setattr(Document, "parse", classmethod(parse))
    done = prdlint_check(["crash.md", "good.md"], _project(tmp_path, "x"))
    assert done.returncode == 2
    assert done.stdout.splitlines()[:2] == [
        "crash.md:1:1: PRD000 [error] internal error while reading and parsing the file: IndexError: "
        f"parser broke; this is a bug in prdlint, {ISSUES}",
        "good.md:3:8: PRD101 [error] fill-in marker '[FILL IN]' left in the document",
    ]


def test_a_crash_in_a_shared_analysis_is_one_finding_naming_every_rule_it_broke(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import prdlint.analysis

    def broken(*args: object) -> object:
        raise KeyError("analysis")

    monkeypatch.setattr(prdlint.analysis, "find_placeholders", broken)
    findings = lint_text("# Doc\n\n<!-- prdlint-disable PRD1O1 -->\nText [TBD]\n")
    internal = [f for f in findings if f.code == "PRD000"]
    assert len(internal) == 1
    assert "in rules PRD101 (fill-in-marker), PRD102 (bracket-placeholder)" in internal[0].message
    assert "KeyError: 'analysis'" in internal[0].message
    assert any(f.code == "PRD002" for f in findings)  # rules that do not need the analysis still report


def test_a_crash_while_choosing_the_profile_lints_as_generic(
    failing_rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prdlint.runner

    def broken(*args: object) -> object:
        raise RuntimeError("profile")

    monkeypatch.setattr(prdlint.runner, "choose_kind", broken)
    done = prdlint_check(["good.md"], _project(tmp_path, failing_rule))
    assert done.returncode == 2
    assert "PRD000 [error] internal error while choosing the kind of document" in done.stdout
    assert "good.md:3:8: PRD101" in done.stdout


def test_the_check_run_concludes_failure_whatever_the_options() -> None:
    internal = Finding("a.md", 1, 1, "PRD000", "internal-error", Severity.ERROR, "internal error ...")
    info = Finding("a.md", 2, 1, "PRD103", "unresolved-token", Severity.INFO, "TBD")
    assert conclusion_for([internal], Severity.ERROR) == "failure"
    assert conclusion_for([internal, info], Severity.ERROR, exit_zero=True) == "failure"
    assert conclusion_for([info], Severity.ERROR, exit_zero=True) == "neutral"


def test_baselines_and_diff_filters_never_drop_an_internal_error(tmp_path: Path) -> None:
    internal = Finding("a.md", 1, 1, "PRD000", "internal-error", Severity.ERROR, "boom", fingerprint="f" * 32)
    token = Finding("a.md", 2, 1, "PRD103", "unresolved-token", Severity.WARNING, "TBD", text="TBD",
                    fingerprint="e" * 32)
    (tmp_path / "a.md").write_text("x\n", encoding="utf-8")
    entries = [Entry("a.md", "PRD000", "f" * 24), Entry("a.md", "PRD103", "e" * 24)]
    baseline = Baseline(tmp_path / "baseline.json", entries)
    results, _, _ = Filters(baseline=baseline).apply([FileResult(str(tmp_path / "a.md"), [internal, token])])
    assert [f.code for f in results[0].findings] == ["PRD000"]


def test_an_impossible_date_in_front_matter_is_prd505_and_the_rest_is_reported() -> None:
    started = time.perf_counter()
    findings = lint_text("---\ncreated: 2024-02-30\nstatus: draft\n---\n# Doc\n\nOwner: [FILL IN]\n")
    assert time.perf_counter() - started < 5
    by_code = {f.code: f for f in findings}
    assert "PRD000" not in by_code
    invalid = by_code["PRD505"]
    assert (invalid.line, invalid.col) == (2, 10)
    assert "'2024-02-30' is not a valid date (day is out of range for month)" in invalid.message
    assert "PRD101" in by_code


def test_an_impossible_date_in_the_configuration_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / ".prdlint.yaml").write_text("select: [ALL]\ncreated: 2024-02-30\n", encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    done = prdlint_check(["good.md"], tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        "prdlint: error: .prdlint.yaml:2: not valid YAML: '2024-02-30' is not a valid date "
        "(day is out of range for month)\n"
    )


# -- the placeholder pre-filter -------------------------------------------------------------------


def test_tokens_are_found_in_every_prose_block() -> None:
    findings = lint_text("# D\n\nCall NNNN now.\n\nCall NNNN now (x).\n", select=("PRD103",))
    assert [(f.line, f.col, f.text) for f in findings] == [(3, 6, "NNNN"), (5, 6, "NNNN")]
    upper = lint_text("# D\n\nLOREM IPSUM dolor.\n", select=("PRD103",))
    assert [(f.line, f.col, f.text) for f in upper] == [(3, 1, "LOREM IPSUM")]


def test_configured_patterns_are_found_in_every_prose_block(tmp_path: Path) -> None:
    (tmp_path / ".prdlint.yaml").write_text("placeholders:\n  patterns: ['\\bPROJ-NNN\\b']\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("# D\n\nTicket PROJ-NNN is open.\n\n- See PROJ-NNN\n", encoding="utf-8")
    done = prdlint_check(["--select", "PRD103", "doc.md"], tmp_path)
    assert [line.split(": PRD103")[0] for line in done.stdout.splitlines()[:-1]] == ["doc.md:3:8", "doc.md:5:7"]


# -- bad globs are configuration errors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('profiles:\n  "docs/[z-a].md": prd\n',
         ".prdlint.yaml:2: profiles.\"docs/[z-a].md\": invalid glob 'docs/[z-a].md': bad character range z-a"),
        ('exclude: ["ok/**", "[9-0]*"]\n',
         ".prdlint.yaml:1: exclude[1]: invalid glob '[9-0]*': bad character range 9-0"),
        ('per-file-ignores:\n  "t/[b-a]/**": [PRD101]\n',
         ".prdlint.yaml:2: per-file-ignores.\"t/[b-a]/**\": invalid glob 't/[b-a]/**': bad character range b-a"),
    ],
)
def test_a_bad_glob_is_a_configuration_error(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / ".prdlint.yaml").write_text(config, encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    done = prdlint_check(["good.md"], tmp_path)
    assert (done.returncode, done.stderr, done.stdout) == (2, f"prdlint: error: {expected}\n", "")
