"""prdlint baseline and check --baseline: only new findings, through line moves, edits and renames."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prdlint.integrations.baseline import DEFAULT_BASELINE, load_baseline
from tests.gitrepo import check_json, kept, run_cli, write

PLAN = """# Checkout plan

**Owner**: [FILL IN]

## Goals

Grow conversion by a tenth.

- [TBD]
- [TBD]

## Timeline

Launch date: TBD

## Risks

| Risk | Impact |
|------|--------|
| Data loss | [H/M/L] |
"""

# The same document after review: paragraphs moved, other lines edited, and one new placeholder.
PLAN_EDITED = """# Checkout plan

## Timeline

Launch date: TBD
We will confirm the date with legal first.

## Goals

Grow conversion by a fifth, measured weekly.

- [TBD]
- [TBD]

**Owner**: [FILL IN]

## Risks

| Risk | Impact |
|------|--------|
| Data loss | [H/M/L] |
| Fraud | [H/M/L] |
"""

SPEC = "# Spec\n\nStatus: [Draft or Final]\n\nOwner: <your-name>\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path, "docs/plan.md", PLAN)
    write(tmp_path, "docs/spec.md", SPEC)
    write(tmp_path, "README.md", "# Project\n\nNothing to fill in.\n")
    result = run_cli("baseline", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "wrote .prdlint-baseline.json: 7 findings in 2 of 3 files" in result.stderr
    return tmp_path


def test_a_baselined_tree_is_clean(tree: Path) -> None:
    code, data, _ = check_json("--baseline", DEFAULT_BASELINE, cwd=tree)
    assert (code, kept(data)) == (0, set())
    assert data["summary"]["files"] == 3


def test_one_new_placeholder_among_moves_and_edits_is_the_only_finding(tree: Path) -> None:
    write(tree, "docs/plan.md", PLAN_EDITED)
    code, data, _ = check_json("--baseline", DEFAULT_BASELINE, cwd=tree)
    assert kept(data) == {("docs/plan.md", 22, "PRD102")}  # | Fraud | [H/M/L] |
    assert code == 1
    assert len(check_json(cwd=tree)[1]["findings"]) == 8, "without the baseline all are reported"
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, cwd=tree)
    assert "known findings hidden, 1 new, 0 fixed since the baseline" in result.stderr
    assert "7 known findings" in result.stderr


def test_fixing_a_baselined_finding_is_counted(tree: Path) -> None:
    write(tree, "docs/plan.md", PLAN.replace("Launch date: TBD", "Launch date: 2027-03-01"))
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, cwd=tree)
    assert result.exit_code == 0, result.stdout
    assert "6 known findings hidden, 0 new, 1 fixed since the baseline" in result.stderr
    write(tree, "docs/spec.md", "# Spec\n\nStatus: Final\n\nOwner: Dana\n")
    result = run_cli("check", "--format", "json", "--baseline", DEFAULT_BASELINE, cwd=tree)
    assert result.exit_code == 0
    assert result.stderr == "", "notes go to stderr in text mode only"


def test_counts_one_baselined_then_a_second_identical_is_reported(tree: Path) -> None:
    third = PLAN.replace("- [TBD]\n- [TBD]\n", "- [TBD]\n- [TBD]\n- [TBD]\n")
    write(tree, "docs/plan.md", third)
    code, data, _ = check_json("--baseline", DEFAULT_BASELINE, cwd=tree)
    assert kept(data) == {("docs/plan.md", 11, "PRD101")}, "the third of three, by position"
    assert code == 1
    entries = load_baseline(tree / DEFAULT_BASELINE).entries
    assert sorted(e.count for e in entries if e.path == "docs/plan.md") == [1, 1, 1, 2]


def test_editing_the_offending_line_makes_it_new(tree: Path) -> None:
    write(tree, "docs/plan.md", PLAN.replace("**Owner**: [FILL IN]", "**Product owner**: [FILL IN]"))
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, cwd=tree)
    assert result.exit_code == 1
    assert result.stdout.startswith("docs/plan.md:3:20: PRD101")
    assert "1 new, 1 fixed" in result.stderr


def test_a_renamed_file_keeps_its_baseline_but_a_copy_does_not(tree: Path) -> None:
    (tree / "docs/plan.md").rename(tree / "docs/checkout-plan.md")
    code, data, _ = check_json("--baseline", DEFAULT_BASELINE, cwd=tree)
    assert (code, kept(data)) == (0, set())
    assert data["summary"]["files"] == 3
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, cwd=tree)
    assert "0 new, 0 fixed since the baseline (1 renamed file followed)" in result.stderr
    # A copy beside the original: the original keeps its entries, the copy's findings are new.
    write(tree, "docs/plan.md", PLAN)
    _, data, _ = check_json("--baseline", DEFAULT_BASELINE, cwd=tree)
    assert {path for path, _, _ in kept(data)} == {"docs/checkout-plan.md"}
    assert len(kept(data)) == 5


def test_a_moved_file_that_lost_most_findings_is_not_taken_for_a_rename(tree: Path) -> None:
    (tree / "docs/spec.md").unlink()
    write(tree, "docs/other.md", "# Other\n\nOwner: <your-name>\n\nDue: YYYY-MM-DD\nPlan: [FILL IN]\n")
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, cwd=tree)
    # Its '<your-name>' line is half of spec.md's findings, not more: no rename, three new.
    assert result.exit_code == 1
    assert result.stdout.count("docs/other.md:") == 3
    assert "3 new, 2 fixed" in result.stderr


def test_paths_are_relative_to_the_baseline_file_from_any_directory(tree: Path) -> None:
    write(tree, "docs/plan.md", PLAN_EDITED)
    code, data, _ = check_json("--baseline", "../.prdlint-baseline.json", ".", cwd=tree / "docs")
    assert kept(data) == {("plan.md", 22, "PRD102")}
    assert code == 1


def test_fixed_counts_only_the_files_this_run_linted(tree: Path) -> None:
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, "docs/spec.md", cwd=tree)
    assert result.exit_code == 0
    assert "2 known findings hidden, 0 new, 0 fixed" in result.stderr
    (tree / "docs/spec.md").unlink()
    result = run_cli("check", "--baseline", DEFAULT_BASELINE, "docs", cwd=tree)
    assert "0 new, 2 fixed" in result.stderr, "a deleted file's findings are fixed"


def test_the_file_is_versioned_sorted_stable_and_one_entry_per_line(tree: Path) -> None:
    file = tree / DEFAULT_BASELINE
    text = file.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and data["fingerprint"] == "prdlint/v1"
    entries = data["entries"]
    assert all(set(e) == {"rule", "path", "fingerprint", "count"} for e in entries)
    keys = [(e["path"], e["rule"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert sum(e["count"] for e in entries) == 7
    assert len(text.splitlines()) == len(entries) + 6, "one line per entry"
    # Moves and unrelated edits leave the file byte for byte the same.
    write(tree, "docs/plan.md", PLAN_EDITED.replace("| Fraud | [H/M/L] |\n", ""))
    assert run_cli("baseline", "-o", "again.json", cwd=tree).exit_code == 0
    assert (tree / "again.json").read_text(encoding="utf-8") == text


def test_baseline_with_select_and_an_explicit_output(tree: Path) -> None:
    result = run_cli("baseline", "--select", "PRD101", "--output", "only-101.json", "docs", cwd=tree)
    assert result.exit_code == 0
    entries = load_baseline(tree / "only-101.json").entries
    assert {e.rule for e in entries} == {"PRD101"} and sum(e.count for e in entries) == 3
    code, data, _ = check_json("--baseline", "only-101.json", cwd=tree)
    assert {c for _, _, c in kept(data)} == {"PRD102", "PRD103"}
    assert code == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file (create it with 'prdlint baseline')"),
        ("{\n  \"version\": 1,\n", "not valid JSON"),
        ("[]", "not a prdlint baseline"),
        ('{"version": 2, "fingerprint": "prdlint/v1", "entries": []}', "format version 2 is not supported"),
        ('{"version": 1, "fingerprint": "prdlint/v0", "entries": []}', "fingerprint scheme 'prdlint/v0'"),
        ('{"version": 1, "fingerprint": "prdlint/v1", "entries": {}}', "'entries' must be a list"),
        ('{"version": 1, "fingerprint": "prdlint/v1", "entries": [{"rule": "PRD101", "path": "a.md", '
         '"fingerprint": "abc", "count": 1}]}', "entries[0] must have"),
        ('{"version": 1, "fingerprint": "prdlint/v1", "entries": [{"rule": "PRD101", "path": "a.md", '
         '"fingerprint": "' + "0" * 24 + '", "count": 0}]}', "positive 'count'"),
        (b"\xff\xfe", "cannot be read: not UTF-8"),
    ],
)
def test_a_missing_or_corrupt_baseline_is_one_line_and_exit_2(
    tmp_path: Path, content: str | bytes | None, words: str
) -> None:
    write(tmp_path, "a.md", "# A\n\nOwner: [FILL IN]\n")
    if content is not None:
        write(tmp_path, "base.json", content)
    result = run_cli("check", "--baseline", "base.json", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("prdlint: error: baseline base.json") and words in lines[0]


def test_baseline_command_errors_exit_2(tmp_path: Path) -> None:
    write(tmp_path, "a.md", "# A\n")
    result = run_cli("baseline", "--select", "PRD9999", cwd=tmp_path)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    result = run_cli("baseline", "-o", "missing-dir/b.json", cwd=tmp_path)
    assert result.exit_code == 2 and "cannot write the baseline" in result.stderr


def test_baseline_and_diff_filter_together(tree: Path) -> None:
    from tests.gitrepo import commit, git

    git(tree, "init", "-q", "-b", "main")
    commit(tree, "base")
    write(tree, "docs/plan.md", PLAN_EDITED)
    code, data, _ = check_json("--baseline", DEFAULT_BASELINE, "--diff-base", "HEAD", cwd=tree)
    assert (code, kept(data)) == (1, {("docs/plan.md", 22, "PRD102")})


def test_json_and_markdown_reports_say_what_the_baseline_left_out(tmp_path: Path) -> None:
    write(tmp_path, "plan.md", "# Plan\n\n**Owner**: [FILL IN]\n")
    assert run_cli("baseline", "--isolated", "plan.md", cwd=tmp_path).exit_code == 0
    write(tmp_path, "plan.md", "# Plan\n\n**Owner**: [FILL IN]\n**Due**: [Date]\n")
    code, data, _ = check_json("--isolated", "--baseline", DEFAULT_BASELINE, "plan.md", cwd=tmp_path)
    assert code == 1 and data["summary"]["findings"] == 1
    assert data["filters"]["baseline"]["matched"] == 1 and data["filters"]["baseline"]["new"] == 1
    markdown = run_cli("check", "--isolated", "--format", "markdown", "--baseline", DEFAULT_BASELINE, "plan.md",
                       cwd=tmp_path).stdout
    assert f"Baseline `{DEFAULT_BASELINE}`: 1 known finding not shown, 0 baselined findings fixed" in markdown
    _, plain, _ = check_json("--isolated", "plan.md", cwd=tmp_path)
    assert "filters" not in plain, "without a filter the report has no filters object"
