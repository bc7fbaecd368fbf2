"""Every --format through the command line, and the junit, gitlab, rdjson and markdown reports in detail;
--output-file FORMAT=PATH."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.reporters import REPORTERS
from prdlint.reporters.base import Report
from prdlint.reporters.markdown import MARKDOWN_LIMIT, STEP_SUMMARY_LIMIT, escape, markdown_report
from tests.cli_run import Done, prdlint_check
from tests.test_sarif import validate_sarif

FORMATS = ["text", "json", "github", "sarif", "junit", "gitlab", "rdjson", "markdown"]

DOCUMENT = """# Checkout PRD

Owner: [FILL IN] · Lead: [Your Name]

Launch: TBD, with emoji 🚀 before [Item é]

Escapes: [TODO <img src=x onerror=alert(1)> | ![x](https://evil.example/p.png) `tick` **bold**]
"""


def _prdlint(args: list[str], cwd: Path, **env: str) -> Done:
    return prdlint_check(args, cwd, **env)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "prd.md").write_text(DOCUMENT, encoding="utf-8")
    (tmp_path / "docs" / "clean.md").write_text("# Clean\n\nAll filled in.\n", encoding="utf-8")
    return tmp_path


def _json_findings(project: Path) -> list[dict[str, object]]:
    done = _prdlint(["--format", "json", "docs"], project)
    findings: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return findings


def test_every_agreed_format_is_registered() -> None:
    assert sorted(REPORTERS) == sorted(FORMATS)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_runs_from_the_command_line(project: Path, name: str) -> None:
    done = _prdlint(["--format", name, "docs"], project)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""
    count = len(_json_findings(project))
    out = done.stdout
    if name in ("json", "sarif", "gitlab", "rdjson"):
        data = json.loads(out)
        if name == "sarif":
            assert len(validate_sarif(data)["runs"][0]["results"]) == count
        elif name == "gitlab":
            assert len(data) == count
        elif name == "rdjson":
            assert len(data["diagnostics"]) == count
    elif name == "junit":
        assert len(ET.fromstring(out).findall(".//failure")) == count
    elif name == "markdown":
        assert out.startswith(f"## prdlint: {count} problems")
    else:
        assert out.count("docs/prd.md") >= count


def test_junit_is_one_testcase_per_file_with_a_failure_per_finding(project: Path) -> None:
    findings = _json_findings(project)
    root = ET.fromstring(_prdlint(["--format", "junit", "docs"], project).stdout)
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert set(cases) == {"docs/clean.md", "docs/prd.md"}
    assert cases["docs/clean.md"].find("failure") is None
    failures = cases["docs/prd.md"].findall("failure")
    assert sorted(f.get("type") for f in failures) == sorted(str(f["code"]) for f in findings)
    assert root.get("tests") == "2" and root.get("failures") == "1"
    assert all("docs/rules.md#" in (f.text or "") for f in failures)


def test_junit_findings_below_the_threshold_do_not_fail(project: Path) -> None:
    done = _prdlint(["--format", "junit", "--severity-threshold", "error", "docs"], project)
    root = ET.fromstring(done.stdout)
    case = next(c for c in root.iter("testcase") if c.get("name") == "docs/prd.md")
    assert all(f.get("type") != "PRD103" for f in case.findall("failure"))
    out = case.find("system-out")
    assert out is not None and "PRD103" in (out.text or "")


def test_junit_is_well_formed_whatever_the_document_holds() -> None:
    nasty = "ctrl \x00\x01\x08\x0b\x0c\x1b\ud800 \ufffe <b>&amp;</b> ]]> \"quote\" 'apos' \r\n tab\t"
    finding = Finding("a&b<c>.md", 1, 1, "PRD101", "fill-in-marker", Severity.ERROR, nasty, 1, 2)
    report = Report(files=[FileResult("a&b<c>.md", findings=[finding])], registry=Registry(builtin_rules()))
    stream = io.StringIO()
    REPORTERS["junit"]().render(report, stream)
    root = ET.fromstring(stream.getvalue())  # raises on malformed XML
    failure = root.find(".//failure")
    assert failure is not None
    assert "<b>&amp;</b> ]]>" in (failure.get("message") or "")
    assert root.find(".//testcase").get("name") == "a&b<c>.md"  # type: ignore[union-attr]


def test_gitlab_code_quality_fields(project: Path) -> None:
    findings = _json_findings(project)
    done = _prdlint(["--format", "gitlab", "."], project / "docs", GITHUB_WORKSPACE=str(project))
    issues = json.loads(done.stdout)
    assert len(issues) == len(findings)
    severities = {"error": "major", "warning": "minor", "info": "info"}
    for issue, finding in zip(issues, findings, strict=True):
        assert issue["check_name"] == finding["code"]
        assert str(finding["message"]) in issue["description"]
        assert issue["severity"] == severities[str(finding["severity"])]
        assert issue["location"]["path"] == "docs/prd.md", "relative to the repository, not the cwd"
        assert issue["location"]["lines"]["begin"] == finding["line"]
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


def test_gitlab_fingerprints_are_unique_across_files_and_stable(project: Path) -> None:
    (project / "docs" / "copy.md").write_text(DOCUMENT, encoding="utf-8")
    first = json.loads(_prdlint(["--format", "gitlab", "docs"], project).stdout)
    assert len({i["fingerprint"] for i in first}) == len(first)
    moved = "Intro paragraph.\n\n" + DOCUMENT
    (project / "docs" / "copy.md").write_text(moved, encoding="utf-8")
    second = json.loads(_prdlint(["--format", "gitlab", "docs"], project).stdout)
    assert {i["fingerprint"] for i in first} == {i["fingerprint"] for i in second}


def test_rdjson_columns_are_utf8_bytes_and_ranges_end_exclusively(project: Path) -> None:
    findings = _json_findings(project)
    data = json.loads(_prdlint(["--format", "rdjson", "docs"], project).stdout)
    assert data["source"]["name"] == "prdlint"
    lines = DOCUMENT.split("\n")
    checked = 0
    for diagnostic, finding in zip(data["diagnostics"], findings, strict=True):
        assert diagnostic["severity"] == str(finding["severity"]).upper()
        assert diagnostic["code"]["value"] == finding["code"] and diagnostic["code"]["url"].startswith("https://")
        if finding["end_column"] is None or finding["end_line"] != finding["line"]:
            assert "column" not in diagnostic["location"]["range"].get("end", {}) or finding["end_column"]
            continue  # a document-level finding (a missing section) or one spanning lines
        start, end = diagnostic["location"]["range"]["start"], diagnostic["location"]["range"]["end"]
        checked += 1
        line = lines[start["line"] - 1]
        by_bytes = line.encode("utf-8")[start["column"] - 1 : end["column"] - 1].decode("utf-8")
        by_chars = line[int(str(finding["column"])) - 1 : int(str(finding["end_column"])) - 1]
        assert by_bytes and by_bytes == by_chars, "byte columns (end exclusive) address the finding's text"
    assert checked >= 4
    item = next(d for d in data["diagnostics"] if "Item" in d["message"])
    char_col = next(f["column"] for f in findings if "Item" in str(f["message"]))
    assert item["location"]["range"]["start"]["column"] > char_col, "the emoji and ' · ' take more bytes"


def test_markdown_counts_families_worst_first_and_escapes_document_text(project: Path) -> None:
    (project / "docs" / "warnings.md").write_text("# W\n\nTBD\n\nTBD again\n\nTBD thrice\n", encoding="utf-8")
    out = _prdlint(["--format", "markdown", "docs"], project).stdout
    findings = _json_findings(project)
    assert out.startswith(f"## prdlint: {len(findings)} problems")
    assert "| placeholders |" in out
    # The file with errors comes before the one with only warnings; errors before warnings within it.
    assert out.index("### docs/prd.md") < out.index("### docs/warnings.md")
    prd = out[out.index("### docs/prd.md") : out.index("### docs/warnings.md")]
    assert prd.index("| error |") < prd.index("| warning |")
    # Document text cannot become HTML, an image, a link or a new table cell.
    row = next(line for line in out.splitlines() if "onerror" in line)
    assert re.search(r"(?<!\\)[<>\[\]`*|!]", row.split(" | ")[-1].rstrip(" |")) is None, row
    assert "\\<img" in row and "\\!\\[x\\]" in row
    assert row.count(" | ") == 3, "a '|' in the document does not add a cell"


def test_markdown_escape_leaves_no_markup() -> None:
    assert escape("a|b\nc") == "a\\|b c"
    assert escape("path #1 #") == "path \\#1 \\#", "a heading's closing '#' stays text"
    assert escape("[x](y) <b> `c` *d* _e_ &amp; ~f~ !g") == (
        "\\[x\\](y) \\<b\\> \\`c\\` \\*d\\* \\_e\\_ \\&amp; \\~f\\~ \\!g"
    )


def _many(count: int) -> Report:
    severities = [Severity.WARNING, Severity.ERROR, Severity.INFO]
    findings = [
        Finding(f"docs/f{i % 40}.md", i + 1, 3, "PRD102", "bracket-placeholder", severities[i % 3],
                f"bracketed placeholder '[Item {i} " + "x" * 150 + "]' was never replaced", i + 1, 20)
        for i in range(count)
    ]
    files: dict[str, FileResult] = {}
    for finding in findings:
        files.setdefault(finding.path, FileResult(finding.path)).findings.append(finding)
    return Report(files=list(files.values()), registry=Registry(builtin_rules()))


def test_markdown_is_capped_below_a_mebibyte_with_a_note() -> None:
    report = _many(8000)
    text = markdown_report(report, elsewhere=["prdlint.sarif (sarif)"])
    size = len(text.encode("utf-8"))
    assert size <= MARKDOWN_LIMIT < STEP_SUMMARY_LIMIT == 1024 * 1024
    assert size > MARKDOWN_LIMIT - 4096, "the budget is used, not wasted"
    assert "**Report cut:**" in text and "prdlint.sarif (sarif)" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "was never replaced" in line]
    assert 0 < len(rows) < 8000
    assert f"{len(rows)} of 8000 findings are shown" in text
    # The most severe are kept: every error, and info only once every warning is in.
    kept = {level: sum(f"| {level} |" in row for row in rows) for level in ("error", "warning", "info")}
    assert kept["error"] == sum(1 for i in range(8000) if i % 3 == 1)
    assert kept["info"] == 0 or kept["warning"] == sum(1 for i in range(8000) if i % 3 == 0)


def test_markdown_is_not_cut_when_it_fits() -> None:
    text = markdown_report(_many(30))
    assert "Report cut" not in text and len([ln for ln in text.splitlines() if "never replaced" in ln]) == 30


# -- --output-file -------------------------------------------------------------------------------


def test_output_files_beside_the_main_output(project: Path) -> None:
    done = _prdlint(
        ["--format", "text", "--output-file", "sarif=reports/prdlint.sarif",
         "--output-file", "junit=junit.xml", "--output-file", "MARKDOWN=report.md",
         "--output-file", "gitlab=gl.json", "docs"],
        project,
    )
    assert done.returncode == 1, done.stderr
    assert "docs/prd.md:3:8: PRD101" in done.stdout
    validate_sarif(json.loads((project / "reports" / "prdlint.sarif").read_text(encoding="utf-8")))
    ET.fromstring((project / "junit.xml").read_text(encoding="utf-8"))
    assert (project / "report.md").read_text(encoding="utf-8").startswith("## prdlint:")
    assert json.loads((project / "gl.json").read_text(encoding="utf-8"))


def test_markdown_to_the_step_summary_is_appended(project: Path) -> None:
    summary = project / "summary.md"
    summary.write_text("## Earlier step\n", encoding="utf-8")
    done = _prdlint(["--output-file", f"markdown={summary}", "docs"], project,
                    GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary))
    assert done.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Earlier step\n\n## prdlint:")
    assert done.stdout.startswith("::error file=docs/prd.md,"), "github is the default format in Actions"


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("bogus=x.txt", "unknown format 'bogus'"),
        ("sarif", "is not FORMAT=PATH"),
        ("=x.sarif", "is not FORMAT=PATH"),
        ("markdown=", "no PATH after 'markdown='"),
        ("sarif=docs", "is a directory"),
    ],
)
def test_bad_output_file_values_are_usage_errors(project: Path, value: str, needle: str) -> None:
    done = _prdlint(["--output-file", value, "docs"], project)
    assert done.returncode == 2
    assert needle in done.stderr and done.stdout == ""


def test_an_unwritable_output_file_is_one_line_and_exit_code_2(project: Path) -> None:
    (project / "blocker").write_text("a file, not a directory", encoding="utf-8")
    done = _prdlint(["--output-file", "sarif=blocker/out.sarif", "docs"], project)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("prdlint: error: cannot write the sarif report to blocker/out.sarif")
    assert "Traceback" not in done.stderr
