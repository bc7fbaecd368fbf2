"""--diff-base and --filter-mode on a real repository: base commit, pull-request commit, working tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from prdlint.engine.finding import Finding, Severity
from prdlint.integrations.git_diff import ChangedFile, FilterMode, keeps, load_diff, parse_diff, unquote
from tests.gitrepo import check_json, commit, git, init_repo, kept, run_cli, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PRD_BASE = """# Checkout PRD

**Owner**: [FILL IN]

## Goals

Grow conversion.

## Scope

Everything in the cart.

## Timeline

Launch date: TBD
"""
# One line added after line 3: the hunk covers new lines 1-7, the old TBD (line 16) is outside it.
PRD_PR = PRD_BASE.replace("**Owner**: [FILL IN]\n", "**Owner**: [FILL IN]\n**Reviewer**: [Your Name]\n")

SPEC_BASE = """# Spec

Status: [TBD]

## API

The endpoint returns the cart.

## Data

Stored in the cart table.

## Risks

Owner: <your-name>
"""
SPEC_PR = SPEC_BASE + "\nRollback: [FILL IN]\n"  # renamed too: docs/spec.md -> docs/checkout-spec.md

NEW_NAME = "docs/new plan ü.md"  # a space and a non-ASCII letter: git quotes or tab-ends such names
NOTES = "# Billing PRD\n\nDecision: TBD\n"  # moved without edits to archive/notes.md

# Document-level findings (line 1, no offending text) of the two documents with the 'prd' profile:
# sections, a coverage target and risks are missing. docs/prd.md changed: they are kept by every
# mode. archive/notes.md was only moved: its content did not change, so only 'file' keeps them.
DOCUMENT_LEVEL = ("PRD301", "PRD401", "PRD501")
PRD_DOC = {("docs/prd.md", 1, code) for code in DOCUMENT_LEVEL}
MOVED_DOC = {("archive/notes.md", 1, code) for code in DOCUMENT_LEVEL}
NEW_PLACEHOLDERS = {
    ("docs/prd.md", 4, "PRD102"), ("docs/checkout-spec.md", 17, "PRD101"), (NEW_NAME, 3, "PRD101"),
}

ADDED = {
    ("docs/prd.md", 4, "PRD102"),  # the new reviewer line
    ("docs/checkout-spec.md", 17, "PRD101"),  # the line added to the renamed file
    ("docs/broken.md", 1, "PRD001"),  # document-level, and the file changed
    (NEW_NAME, 3, "PRD101"),  # a file the PR adds
    ("docs/draft.md", 3, "PRD101"),  # untracked in the working tree: wholly added
    ("docs/wip.md", 5, "PRD102"),  # an unstaged edit in the working tree
} | PRD_DOC
DIFF_CONTEXT = ADDED | {
    ("docs/prd.md", 3, "PRD101"),  # old, but a context line of the hunk
    ("docs/checkout-spec.md", 15, "PRD103"),  # old, a context line before the added lines
}
FILE = DIFF_CONTEXT | {
    ("docs/prd.md", 16, "PRD103"),  # old and outside the hunks, in a changed file
    ("docs/checkout-spec.md", 3, "PRD101"),
    ("archive/notes.md", 3, "PRD103"),  # moved without edits: listed by the diff, nothing changed
} | MOVED_DOC
NOFILTER = FILE | {
    ("docs/untouched.md", 3, "PRD101"),
    ("docs/legacy.md", 1, "PRD001"),  # document-level, in a file the PR did not touch
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = init_repo(tmp_path_factory.mktemp("diff") / "repo")
    write(root, "docs/prd.md", PRD_BASE)
    write(root, "docs/spec.md", SPEC_BASE)
    write(root, "docs/notes.md", NOTES)
    write(root, "docs/untouched.md", "# Untouched\n\nOwner: [FILL IN]\n\nMore text.\n")
    write(root, "docs/broken.md", "# Broken\n\nAll good.\n")
    write(root, "docs/legacy.md", b"# Legacy\n\n\xff\xfe old bytes\n")
    write(root, "docs/wip.md", "# WIP\n\nFine so far.\n")
    commit(root, "base")
    git(root, "checkout", "-q", "-b", "pr")
    write(root, "docs/prd.md", PRD_PR)
    git(root, "mv", "docs/spec.md", "docs/checkout-spec.md")
    write(root, "docs/checkout-spec.md", SPEC_PR)
    (root / "archive").mkdir()
    git(root, "mv", "docs/notes.md", "archive/notes.md")
    write(root, "docs/broken.md", b"# Broken\n\n\xff\xfe bad bytes now\n")
    write(root, NEW_NAME, "# New plan\n\nOwner: [FILL IN]\n")
    commit(root, "pr")
    # The base branch moves on after the fork: it drops the untouched placeholder. Compared with
    # main's tip, that line would look added by the PR; compared with the merge base it is not.
    git(root, "checkout", "-q", "main")
    write(root, "docs/untouched.md", "# Untouched\n\nMore text.\n")
    commit(root, "main moves on")
    git(root, "checkout", "-q", "pr")
    # The working tree: an untracked file and an unstaged edit.
    write(root, "docs/draft.md", "# Draft\n\nOwner: [FILL IN]\n")
    write(root, "docs/wip.md", "# WIP\n\nFine so far.\n\nOwner: [Owner name]\n")
    return root


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("added", ADDED), ("diff_context", DIFF_CONTEXT), ("file", FILE), ("nofilter", NOFILTER)],
)
def test_each_filter_mode_keeps_exactly_its_findings(repo: Path, mode: str, expected: set[object]) -> None:
    code, data, stderr = check_json("--diff-base", "main", "--filter-mode", mode, cwd=repo)
    assert kept(data) == expected, stderr
    assert code == 1
    assert data["summary"]["files"] == 9, "filtering drops findings, never files"


def test_nofilter_is_the_unfiltered_run_and_added_is_the_default(repo: Path) -> None:
    assert kept(check_json(cwd=repo)[1]) == NOFILTER
    assert kept(check_json("--diff-base", "main", cwd=repo)[1]) == ADDED


def test_only_the_new_placeholders_of_the_pr_commit(repo: Path) -> None:
    """Against the PR commit alone (HEAD~1..HEAD, the working tree set aside): only what it added."""
    clone = repo.parent / "clone"
    git(repo.parent, "clone", "-q", "--branch", "pr", str(repo), str(clone))
    code, data, _ = check_json("--diff-base", "HEAD~1", "--select", "placeholders", cwd=clone)
    assert kept(data) == NEW_PLACEHOLDERS
    assert code == 1
    assert len(check_json("--select", "placeholders", cwd=clone)[1]["findings"]) == 9, "6 old ones left out"
    _, data, _ = check_json("--diff-base", "HEAD~1", cwd=clone)
    assert kept(data) == NEW_PLACEHOLDERS | PRD_DOC | {("docs/broken.md", 1, "PRD001")}


def test_paths_match_from_a_subdirectory(repo: Path) -> None:
    _, data, _ = check_json("--diff-base", "main", ".", "../archive", cwd=repo / "docs")
    assert kept(data) == {
        (path.removeprefix("docs/"), line, code) for path, line, code in ADDED
    }
    _, data, _ = check_json("--diff-base", "main", "--filter-mode", "file", "../archive", cwd=repo / "docs")
    assert kept(data) == {("../" + path, line, code) for path, line, code in MOVED_DOC} | {
        ("../archive/notes.md", 3, "PRD103")
    }


def test_text_mode_says_what_was_filtered(repo: Path) -> None:
    result = run_cli("check", "--diff-base", "main", "--select", "placeholders", "docs/prd.md", cwd=repo)
    assert result.exit_code == 1
    assert "docs/prd.md:4:" in result.stdout and "docs/prd.md:3:" not in result.stdout
    merge_base = git(repo, "merge-base", "main", "HEAD")
    assert f"merge base {merge_base[:12]}" in result.stderr
    assert "filter mode added: 1 kept, 2 outside the change left out" in result.stderr


def test_a_clean_change_exits_zero_even_with_old_findings(repo: Path) -> None:
    result = run_cli("check", "--diff-base", "main", "docs/untouched.md", "archive", cwd=repo)
    assert result.exit_code == 0, result.stdout
    assert run_cli("check", "docs/untouched.md", "archive", cwd=repo).exit_code == 1


def test_shallow_clone_without_merge_base_compares_with_the_ref(repo: Path) -> None:
    """The action's default checkout: depth 1, the base commit fetched alone; no merge base exists."""
    base = git(repo, "rev-parse", "pr~1")
    shallow = repo.parent / "shallow"
    git(repo.parent, "clone", "-q", "--depth", "1", "--branch", "pr", repo.as_uri(), str(shallow))
    git(shallow, "fetch", "-q", "--depth", "1", "origin", base)
    code, data, _ = check_json("--diff-base", base, "--select", "placeholders", cwd=shallow)
    assert kept(data) == NEW_PLACEHOLDERS
    assert code == 1
    diff = load_diff(base, shallow)
    assert diff.merge_base is False and diff.base_commit == base
    note = run_cli("check", "--diff-base", base, cwd=shallow).stderr
    assert "no merge base with HEAD" in note


def test_usage_errors_are_one_line_and_exit_2(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "not-a-repo"
    write(outside, "a.md", "# A\n\nOwner: [FILL IN]\n")
    for args, cwd, words in [
        (("--diff-base", "main"), outside, "not inside a git repository"),
        (("--diff-base", "no-such-branch"), repo, "unknown revision"),
        (("--diff-base", "--cached"), repo, "not a git revision"),
        (("--filter-mode", "added"), repo, "needs --diff-base"),
    ]:
        result = run_cli("check", *args, cwd=cwd)
        assert result.exit_code == 2, (args, result.stdout)
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.stderr, lines


def test_document_level_findings_follow_content_changes() -> None:
    missing = Finding("a.md", 1, 1, "PRD201", "missing-section", Severity.ERROR, "no 'Goals' section")
    on_line = Finding("a.md", 5, 3, "PRD101", "fill-in-marker", Severity.ERROR, "m", text="[FILL IN]")
    deleted_only = ChangedFile("a.md", hunks=[(3, 8)], content_changed=True)  # lines removed, none added
    renamed_only = ChangedFile("a.md", old_path="b.md")
    assert keeps(missing, deleted_only, FilterMode.ADDED)
    assert keeps(on_line, deleted_only, FilterMode.DIFF_CONTEXT)
    assert not keeps(on_line, deleted_only, FilterMode.ADDED)
    assert not keeps(missing, renamed_only, FilterMode.ADDED)
    assert not keeps(missing, renamed_only, FilterMode.DIFF_CONTEXT)
    assert keeps(missing, renamed_only, FilterMode.FILE)
    spanning = Finding("a.md", 2, 1, "PRD104", "placeholder-in-code", Severity.ERROR, "m", end_line=4,
                       text="x")
    assert keeps(spanning, ChangedFile("a.md", added={4}, content_changed=True), FilterMode.ADDED)


def test_parse_diff_reads_quoted_names_renames_and_hunks() -> None:
    patch = "\n".join([
        'diff --git "a/tab\\there.md" "b/tab\\there.md"',
        "index 1111111..2222222 100644",
        '--- "a/tab\\there.md"',
        '+++ "b/tab\\there.md"',
        "@@ -1,2 +1,3 @@",
        " one",
        "+two",
        "",
        "\\ No newline at end of file",
        "diff --git a/old name.md b/new name.md",
        "similarity index 100%",
        "rename from old name.md",
        "rename to new name.md",
        "diff --git a/gone.md b/gone.md",
        "deleted file mode 100644",
        "--- a/gone.md",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-bye",
        "diff --git a/with space.md b/with space.md",
        "--- a/with space.md\t",
        "+++ b/with space.md\t",
        "@@ -5 +5,2 @@ heading",
        "-+++ not a header",
        "+--- not a header either",
        "+@@ nor a hunk",
        'diff --git "a/\\303\\274.md" "b/\\303\\274.md"',
        "Binary files \"a/\\303\\274.md\" and \"b/\\303\\274.md\" differ",
        "",
    ])
    files = parse_diff(patch)
    assert set(files) == {"tab\there.md", "new name.md", "with space.md", "ü.md"}
    assert files["tab\there.md"].added == {2} and files["tab\there.md"].hunks == [(1, 3)]
    assert files["new name.md"].old_path == "old name.md" and not files["new name.md"].content_changed
    assert files["with space.md"].added == {5, 6} and files["with space.md"].hunks == [(5, 6)]
    assert files["ü.md"].all_added
    assert unquote('"a\\\\b\\"c"') == 'a\\b"c'


def test_the_filter_options_list_every_mode() -> None:
    from prdlint.integrations import filters
    from prdlint.integrations.git_diff import FILTER_MODES

    assert filters.FILTER_MODES == FILTER_MODES
