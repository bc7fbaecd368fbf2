"""SARIF 2.1.0: every log the suite produces is validated against the official (errata01) schema."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.reporters.base import Report
from prdlint.reporters.sarif import FINGERPRINT_KEY, MAX_RESULTS, SRCROOT, sarif_log
from tests.cli_run import Done, prdlint_check
from tests.conftest import SHARED, SKIP_SHARED

REPO = Path(__file__).resolve().parents[1]
DOCUMENT = """---
title: Checkout
created: YYYY-MM-DD
---
# Checkout PRD

Owner: [FILL IN] · Lead: [Your Name]

Launch: TBD

```bash
run [test command]
```
"""


@functools.lru_cache(maxsize=1)
def _validator() -> Draft4Validator:
    schema = json.loads((SHARED / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return Draft4Validator(schema)


def validate_sarif(log: dict[str, Any]) -> dict[str, Any]:
    """Validate against ../shared/schemas/sarif-schema-2.1.0.json (skips when ../shared is absent)."""
    if not SHARED.is_dir():
        pytest.skip(SKIP_SHARED)
    errors = sorted(_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return log


def _prdlint(args: list[str], cwd: Path, **env: str) -> Done:
    return prdlint_check(args, cwd, **env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    (root / "docs" / "spaced dir").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "docs" / "prd.md").write_text(DOCUMENT, encoding="utf-8")
    (root / "docs" / "spaced dir" / "Ünïcode prd.md").write_text(DOCUMENT, encoding="utf-8")
    return root


def test_cli_sarif_is_valid_and_complete(repo: Path) -> None:
    done = _prdlint(["--format", "sarif", "."], repo / "docs")  # run from a subdirectory of the repository
    assert done.returncode == 1, done.stderr
    log = validate_sarif(json.loads(done.stdout))
    findings = json.loads(_prdlint(["--format", "json", "."], repo / "docs").stdout)["findings"]
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "prdlint" and driver["version"] and driver["informationUri"].startswith("https://")
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == repo.resolve().as_uri() + "/"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in Registry(builtin_rules())]
    for rule in rules:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"## {rule['id']} ")
        assert rule["helpUri"].endswith(f"docs/rules.md#{rule['id'].lower()}-{rule['name']}")
        assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
    results = run["results"]
    assert len(results) == len(findings) > 10
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, finding in zip(results, findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == finding["code"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"] == finding["message"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == SRCROOT
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        if finding["end_line"] is not None:
            assert (region["endLine"], region["endColumn"]) == (finding["end_line"], finding["end_column"])
        else:  # a document-level finding (a missing section): a point, no end column
            assert "endColumn" not in region
        assert len(result["partialFingerprints"][FINGERPRINT_KEY]) == 32
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"docs/prd.md", "docs/spaced%20dir/%C3%9Cn%C3%AFcode%20prd.md"}


def test_fingerprints_survive_moved_lines_and_locations_follow(repo: Path) -> None:
    before = validate_sarif(json.loads(_prdlint(["--format", "sarif", "docs/prd.md"], repo).stdout))
    text = DOCUMENT.replace("# Checkout PRD\n", "# Checkout PRD\n\nA new paragraph.\n\nAnother one.\n")
    (repo / "docs" / "prd.md").write_text(text, encoding="utf-8")
    after = validate_sarif(json.loads(_prdlint(["--format", "sarif", "docs/prd.md"], repo).stdout))

    def by_print(log: dict[str, Any]) -> dict[str, int]:
        results = log["runs"][0]["results"]
        regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
        return {
            r["partialFingerprints"][FINGERPRINT_KEY]: region["startLine"]
            for r, region in zip(results, regions, strict=True)
        }

    old, new = by_print(before), by_print(after)
    assert old.keys() == new.keys()
    moved = [p for p in old if new[p] != old[p]]
    assert moved and all(new[p] == old[p] + 4 for p in moved)


def test_github_workspace_is_the_source_root(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    (workspace / "specs").mkdir(parents=True)
    (workspace / "specs" / "a.md").write_text(DOCUMENT, encoding="utf-8")
    done = _prdlint(["--format", "sarif", "a.md"], workspace / "specs", GITHUB_WORKSPACE=str(workspace))
    log = validate_sarif(json.loads(done.stdout))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "specs/a.md", "uriBaseId": SRCROOT}


def test_files_outside_the_root_and_stdin_still_validate(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text(DOCUMENT, encoding="utf-8")
    done = _prdlint(["--format", "sarif", str(outside)], workspace, GITHUB_WORKSPACE=str(workspace))
    log = validate_sarif(json.loads(done.stdout))
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": outside.resolve().as_uri()}
    piped = prdlint_check(["--format", "sarif", "-"], workspace, DOCUMENT, GITHUB_WORKSPACE=str(workspace))
    validate_sarif(json.loads(piped.stdout))
    empty = _prdlint(["--format", "sarif", "."], workspace, GITHUB_WORKSPACE=str(workspace))
    assert validate_sarif(json.loads(empty.stdout))["runs"][0]["results"] == []


def _synthetic(count: int) -> Report:
    severities = [Severity.INFO, Severity.WARNING, Severity.ERROR]
    findings = [
        Finding("docs/big.md", i + 1, 1, "PRD103", "unresolved-token", severities[i % 3], f"TBD {i}",
                i + 1, 4, fingerprint=f"{i:032x}")
        for i in range(count)
    ]
    return Report(files=[FileResult("docs/big.md", findings=findings)], registry=Registry(builtin_rules()))


def test_results_are_capped_worst_first_with_a_notification(tmp_path: Path) -> None:
    log = validate_sarif(sarif_log(_synthetic(30), root=tmp_path, max_results=12))
    run = log["runs"][0]
    levels = [r["level"] for r in run["results"]]
    assert sorted(levels) == ["error"] * 10 + ["warning"] * 2, "the most severe are kept"
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == sorted(lines), "then shown in document order"
    assert run["properties"]["droppedResults"] == 18 and run["properties"]["findings"] == 30
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("18 of 30 results were left out" in n["message"]["text"] for n in notes)


def test_githubs_limit_of_25000_results_per_run(tmp_path: Path) -> None:
    log = sarif_log(_synthetic(MAX_RESULTS + 7), root=tmp_path)
    run = log["runs"][0]
    assert len(run["results"]) == MAX_RESULTS == 25_000
    assert run["properties"]["droppedResults"] == 7
    info = sum(1 for i in range(MAX_RESULTS + 7) if i % 3 == 0)
    assert sum(r["level"] == "note" for r in run["results"]) == info - 7, "the least severe are dropped"
    # The full log is large; validate its shape with a sample of results.
    validate_sarif({**log, "runs": [{**run, "results": run["results"][:200]}]})


def test_an_unknown_rule_still_gets_a_descriptor(tmp_path: Path) -> None:
    finding = Finding("a.md", 1, 1, "XYZ900", "custom-rule", Severity.WARNING, "custom", 1, 2)
    report = Report(files=[FileResult("a.md", findings=[finding])], registry=Registry(builtin_rules()))
    log = validate_sarif(sarif_log(report, root=tmp_path))
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "XYZ900"
    assert "partialFingerprints" not in run["results"][0]
