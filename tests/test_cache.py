"""The result cache (prdlint.engine.cache): a warm run gives what a cold one does, and never a stale result."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import prdlint.runner
from prdlint.cli import main
from prdlint.engine.cache import CACHE_DIR_NAME, CACHEDIR_TAG
from prdlint.engine.linter import FileResult
from prdlint.runner import NO_CACHE_VARIABLE, Runner, RunOptions
from tests.cli_run import prdlint_check

TEMPLATE = "# Launch plan\n\n**Owner**: [FILL IN]\n\nShip it by TBD.\n"
PACK = """\
pack: acme
version: 1
description: Codenames.
rules:
  - code: ACME001
    name: no-codenames
    kind: pattern
    summary: No codenames.
    pattern: '\\bFalcon\\b'
"""


@pytest.fixture(autouse=True)
def _cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_CACHE_VARIABLE, raising=False)


def _lint(project: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> list[FileResult]:
    monkeypatch.chdir(project)
    runner = Runner(RunOptions(**options))
    targets = runner.targets(["."])
    return list(runner.lint_all(targets))


def _rows(results: list[FileResult]) -> list[tuple[Any, ...]]:
    return [
        (r.path, r.profile, r.profile_reason, r.suppressed, tuple(r.errors),
         tuple(dataclasses.astuple(f) for f in r.findings))
        for r in results
    ]


def _forbid_linting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any real linting fail, so that a run can only succeed from the cache."""
    def refuse(*args: object, **kwargs: object) -> FileResult:
        raise AssertionError("linted although the cache holds the result")

    monkeypatch.setattr(prdlint.runner, "lint_document", refuse)


def _codes(results: list[FileResult]) -> list[str]:
    return [f.code for r in results for f in r.findings]


def test_a_warm_run_comes_from_the_cache_and_equals_the_cold_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\n\n- [ ] Call <your-name>\n", encoding="utf-8")
    uncached = _lint(tmp_path, monkeypatch, cache=False)
    assert not (tmp_path / CACHE_DIR_NAME).exists()
    cold = _lint(tmp_path, monkeypatch)
    _forbid_linting(monkeypatch)
    warm = _lint(tmp_path, monkeypatch)
    assert _codes(cold) == ["PRD103", "PRD101", "PRD103"]
    assert _rows(warm) == _rows(cold) == _rows(uncached)


def test_the_cache_directory_ignores_itself_and_is_tagged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    _lint(tmp_path, monkeypatch)
    cache = tmp_path / CACHE_DIR_NAME
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8") == CACHEDIR_TAG
    assert CACHEDIR_TAG.startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_editing_the_file_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text(TEMPLATE, encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]
    plan.write_text(TEMPLATE.replace("[FILL IN]", "Dana Ruiz"), encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD103"]
    plan.write_text(TEMPLATE, encoding="utf-8")  # back again: the first entry's content, a fresh result
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]


def test_editing_the_configuration_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    config = tmp_path / ".prdlint.yaml"
    config.write_text("ignore: []\n", encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]
    config.write_text("ignore: [PRD103]\n", encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101"]
    config.write_text("ignore: []\nrules: {PRD101: warning}\n", encoding="utf-8")
    results = _lint(tmp_path, monkeypatch)
    assert [(f.code, f.severity.value) for f in results[0].findings] == [("PRD101", "warning"), ("PRD103", "warning")]


def test_editing_a_rule_pack_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text("# Launch plan\n\nFalcon and Kestrel ship in May.\n", encoding="utf-8")
    (tmp_path / ".prdlint.yaml").write_text("rule-packs: [acme.yaml]\n", encoding="utf-8")
    pack = tmp_path / "acme.yaml"
    pack.write_text(PACK, encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["ACME001"]
    pack.write_text(PACK.replace("Falcon", "Osprey"), encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == []
    pack.write_text(PACK.replace("Falcon", "Kestrel"), encoding="utf-8")
    assert [f.col for r in _lint(tmp_path, monkeypatch) for f in r.findings] == [12]


def test_editing_a_built_in_pack_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from prdlint.config import default_config
    from prdlint.engine import cache

    pack = tmp_path / "placeholders.yaml"
    pack.write_text("placeholders: {markers: [FILL IN]}\n", encoding="utf-8")
    monkeypatch.setattr("prdlint.kinds.packs.builtin_pack_paths", lambda: [pack])
    config = default_config(tmp_path)
    before = cache.settings_key(config, ())
    pack.write_text("placeholders: {markers: [FILL IN, PENDING]}\n", encoding="utf-8")
    assert cache.settings_key(config, ()) != before


def test_options_that_change_findings_are_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]
    assert _codes(_lint(tmp_path, monkeypatch, select=("PRD103",))) == ["PRD103"]
    assert _codes(_lint(tmp_path, monkeypatch, ignore=("PRD103",))) == ["PRD101"]
    assert [r.profile for r in _lint(tmp_path, monkeypatch, profile="prd")] == ["prd"]
    assert [r.profile for r in _lint(tmp_path, monkeypatch)] == ["generic"]


def test_unreadable_files_and_internal_errors_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD001"]
    assert not (tmp_path / CACHE_DIR_NAME).exists()
    (tmp_path / "latin1.md").unlink()
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")

    def crash(*args: object, **kwargs: object) -> FileResult:
        raise RuntimeError("boom")

    with monkeypatch.context() as patch:
        patch.setattr(prdlint.runner, "lint_document", crash)
        crashed = _lint(tmp_path, monkeypatch)[0]
        assert len(crashed.errors) == 1 and "RuntimeError: boom" in crashed.errors[0]
        assert _codes([crashed]) == ["PRD000"]
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]  # not the crash's empty result


def test_a_damaged_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    expected = _rows(_lint(tmp_path, monkeypatch))
    entries = [p for p in (tmp_path / CACHE_DIR_NAME).rglob("*") if p.is_file() and p.parent.name != CACHE_DIR_NAME]
    assert len(entries) == 1
    for damage in (b"", b"\x00garbage", entries[0].read_bytes()[:-7]):
        entries[0].write_bytes(damage)
        assert _rows(_lint(tmp_path, monkeypatch)) == expected


def test_no_cache_and_the_variable_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    done = prdlint_check(["--no-cache", "plan.md"], tmp_path)
    assert done.returncode == 1 and "plan.md:3:12: PRD101" in done.stdout
    assert not (tmp_path / CACHE_DIR_NAME).exists()
    monkeypatch.setenv(NO_CACHE_VARIABLE, "1")
    assert prdlint_check(["plan.md"], tmp_path).returncode == 1
    assert not (tmp_path / CACHE_DIR_NAME).exists()
    monkeypatch.delenv(NO_CACHE_VARIABLE)
    assert prdlint_check(["plan.md"], tmp_path).stdout == done.stdout
    assert (tmp_path / CACHE_DIR_NAME).is_dir()


def test_standard_input_is_not_cached(tmp_path: Path) -> None:
    done = prdlint_check(["--stdin-filename", "plan.md", "-"], tmp_path, input=TEMPLATE)
    assert "plan.md:3:12: PRD101" in done.stdout
    assert not (tmp_path / CACHE_DIR_NAME).exists()


def test_clean_removes_the_caches_and_nothing_else(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".prdlint.yaml").write_text("ignore: []\n", encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    nested = docs / "team"
    nested.mkdir()
    (nested / ".prdlint.yaml").write_text("ignore: []\n", encoding="utf-8")
    (nested / "brief.md").write_text(TEMPLATE, encoding="utf-8")
    _lint(tmp_path, monkeypatch)
    assert (tmp_path / CACHE_DIR_NAME).is_dir() and (nested / CACHE_DIR_NAME).is_dir()
    lookalike = docs / CACHE_DIR_NAME  # not made by prdlint: left alone
    lookalike.mkdir()
    (lookalike / "mine.txt").write_text("keep", encoding="utf-8")
    monkeypatch.chdir(docs)
    done = CliRunner().invoke(main, ["clean"])
    assert done.exit_code == 0, done.output
    assert not (tmp_path / CACHE_DIR_NAME).exists() and not (nested / CACHE_DIR_NAME).exists()
    assert (lookalike / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert (docs / "plan.md").read_text(encoding="utf-8") == TEMPLATE
    again = CliRunner().invoke(main, ["clean"])
    assert again.exit_code == 0 and "no cache to remove" in again.output


def test_every_option_that_changes_findings_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / ".prdlint.yaml").write_text("select: [PRD101]\n", encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101"]
    assert _codes(_lint(tmp_path, monkeypatch, extend_select=("PRD103",))) == ["PRD101", "PRD103"]
    assert _codes(_lint(tmp_path, monkeypatch, jobs=1)) == ["PRD101"]


def _entries(project: Path) -> list[Path]:
    cache = project / CACHE_DIR_NAME
    return [p for p in cache.rglob("*") if p.is_file() and p.parent.name != CACHE_DIR_NAME] if cache.is_dir() else []


def test_a_result_with_a_prd000_from_a_rule_is_never_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing_rule: str
) -> None:
    (tmp_path / "plan.md").write_text(f"# Plan\n\n{failing_rule}\n", encoding="utf-8")
    (tmp_path / "fine.md").write_text(TEMPLATE, encoding="utf-8")
    for _ in range(2):  # the second run lints plan.md again: it has no entry
        results = {r.path: r for r in _lint(tmp_path, monkeypatch)}
        assert {"PRD000", "TST900"} <= set(_codes([results["plan.md"]])) and results["plan.md"].errors
        assert len(_entries(tmp_path)) == 1  # fine.md's only


def test_a_result_where_a_user_pattern_ran_out_of_time_is_never_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prdlint import user_regex

    monkeypatch.setattr(user_regex, "BUDGET", 0.2)
    (tmp_path / ".prdlint.yaml").write_text("placeholders:\n  patterns: ['(a|aa)+$']\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Doc\n\n" + "a" * 80 + "!\n", encoding="utf-8")
    for _ in range(2):
        [result] = _lint(tmp_path, monkeypatch)
        assert _codes([result]) == ["PRD000"] and "took more than" in result.errors[0]
        assert _entries(tmp_path) == []


def test_the_size_limit_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "plan.md").write_text(TEMPLATE, encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]
    assert _codes(_lint(tmp_path, monkeypatch, max_file_size=10)) == ["PRD001"]  # --max-file-size
    (tmp_path / ".prdlint.yaml").write_text("max-file-size: 10\n", encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD001"]  # the configuration's max-file-size
    (tmp_path / ".prdlint.yaml").write_text("max-file-size: 100000\n", encoding="utf-8")
    assert _codes(_lint(tmp_path, monkeypatch)) == ["PRD101", "PRD103"]
