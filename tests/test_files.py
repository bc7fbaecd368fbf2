"""Which files are linted: directory walking, include/exclude globs, explicit paths, unreadable files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from prdlint.cli import main
from prdlint.files import GlobMatcher, Target, display_path
from prdlint.runner import Runner, RunOptions

DOC = "# Notes\n\nOwner: [FILL IN]\n"


def write(path: Path, content: str | bytes = DOC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--no-color", *args])


def linted(*args: str) -> list[str]:
    """The paths a JSON run reports on."""
    result = check("--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return [entry["path"] for entry in json.loads(result.stdout)["files"]]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ["README.md", "docs/prd.md", "docs/notes.markdown", "docs/deep/er/spec.md", "docs/image.png",
                 "docs/notes.txt", ".git/info.md", "node_modules/pkg/readme.md", ".venv/lib/readme.md",
                 "venv/readme.md", "env/lib/readme.md", ".tox/py/readme.md", "__pycache__/x.md",
                 "site-packages/pkg/readme.md", ".github/pull_request_template.md"]:
        write(tmp_path / name)
    write(tmp_path / "env" / "pyvenv.cfg", "home = /usr/bin\n")
    return tmp_path


# -- globs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("drafts", "drafts/a.md", True),           # a name at any depth, and what is below it
        ("drafts", "docs/drafts/a.md", True),
        ("drafts", "docs/drafts.md", False),
        ("*.tmp.md", "a/b/c.tmp.md", True),
        ("*.md", "a/b.markdown", False),
        ("docs/archive/**", "docs/archive/2020/a.md", True),   # anchored at the root
        ("docs/archive/**", "x/docs/archive/a.md", False),
        ("docs/archive", "docs/archive/a.md", True),
        ("/CHANGELOG.md", "CHANGELOG.md", True),
        ("/CHANGELOG.md", "sub/CHANGELOG.md", False),  # a leading '/' anchors, as in .gitignore
        ("./docs/*.md", "docs/a.md", True),
        ("docs/*.md", "docs/sub/a.md", False),      # '*' does not cross '/'
        ("docs/**/*.md", "docs/a.md", True),        # '**/' matches zero directories too
        ("docs/**/*.md", "docs/x/y/a.md", True),
        ("prd-?.md", "prd-1.md", True),
        ("prd-?.md", "prd-10.md", False),
        ("prd-[0-9].md", "prd-7.md", True),
        ("prd-[!0-9].md", "prd-7.md", False),
        ("prd-[!0-9].md", "prd-x.md", True),
        ("a+b (1).md", "a+b (1).md", True),         # regex characters are literal
        ("a+b (1).md", "aab (1).md", False),
    ],
)
def test_glob_matcher(tmp_path: Path, pattern: str, path: str, matches: bool) -> None:
    assert GlobMatcher([pattern], tmp_path).matches(tmp_path / path) is matches


def test_glob_matcher_without_patterns_matches_nothing(tmp_path: Path) -> None:
    assert not GlobMatcher([], tmp_path).matches(tmp_path / "a.md")


def test_display_path_is_relative_below_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert display_path(tmp_path / "sub" / "a" / "b.md") == os.path.join("a", "b.md")
    assert display_path(tmp_path / "elsewhere.md") == str(tmp_path / "elsewhere.md")


# -- walking ----------------------------------------------------------------------------------------


def test_walking_finds_markdown_and_skips_tool_and_virtualenv_directories(tree: Path) -> None:
    assert linted() == [
        ".github/pull_request_template.md",
        "README.md",
        "docs/deep/er/spec.md",
        "docs/notes.markdown",
        "docs/prd.md",
    ]
    assert linted(".") == linted()


def test_walking_a_subdirectory_and_a_file_at_once(tree: Path) -> None:
    assert linted("docs/deep", "README.md") == ["README.md", "docs/deep/er/spec.md"]


def test_a_file_named_twice_is_linted_once(tree: Path) -> None:
    assert linted("README.md", "./README.md", ".", str(tree / "README.md")).count("README.md") == 1


def test_explicit_files_are_linted_whatever_their_name_or_directory(tree: Path) -> None:
    assert linted("docs/notes.txt", "node_modules/pkg/readme.md", ".git/info.md") == [
        ".git/info.md", "docs/notes.txt", "node_modules/pkg/readme.md"
    ]


def test_explicitly_named_skipped_directory_is_searched(tree: Path) -> None:
    assert linted("node_modules") == ["node_modules/pkg/readme.md"]


def test_exclude_and_extend_exclude(tree: Path) -> None:
    write(tree / ".prdlint.yaml", "exclude: [deep, '*.markdown']\nextend-exclude: [.github/]\n")
    assert linted() == ["README.md", "docs/prd.md"]


def test_anchored_exclude_is_relative_to_the_configuration(tree: Path) -> None:
    write(tree / "docs" / ".prdlint.yaml", "exclude: [deep/er]\n")
    write(tree / "deep" / "er" / "x.md")  # not below docs/: not excluded
    assert "deep/er/x.md" in linted()
    assert "docs/deep/er/spec.md" not in linted()


def test_include_replaces_the_default_globs(tree: Path) -> None:
    write(tree / ".prdlint.yaml", "include: ['*.txt', 'prd.md']\n")
    assert linted() == ["docs/notes.txt", "docs/prd.md"]


def test_excluded_files_named_explicitly_are_linted_unless_force_exclude(tree: Path) -> None:
    write(tree / ".prdlint.yaml", "exclude: [docs/prd.md, deep]\n")
    assert linted("docs/prd.md", "docs/deep/er/spec.md") == ["docs/deep/er/spec.md", "docs/prd.md"]
    result = check("--force-exclude", "docs/prd.md", "docs/deep/er/spec.md", "README.md")
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == ["README.md"]


def test_force_exclude_with_nothing_left_says_no_files(tree: Path) -> None:
    write(tree / ".prdlint.yaml", "exclude: [README.md]\n")
    result = check("--force-exclude", "README.md")
    assert result.exit_code == 0
    assert result.stdout == "No files checked.\n"
    assert "no Markdown files found" in result.stderr


def test_runner_targets_are_sorted_by_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ["b.md", "a.md", "c/a.md", "B.md", "a/z.md"]:
        write(tmp_path / name)
    targets = Runner(RunOptions(isolated=True)).targets(["."])
    assert [t.display for t in targets] == ["B.md", "a/z.md", "a.md", "b.md", "c/a.md"]


# -- files that cannot be linted: PRD001, and the run goes on ------------------------------------


def test_unreadable_files_are_prd001_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "latin1.md", "# Caf\u00e9\n\nfine\n".encode("latin-1"))
    write(tmp_path / "good.md")
    result = check("binary.md", "latin1.md", "missing.md", "good.md", "gone/")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "binary.md:1:1: PRD001 [error] binary file (contains NUL bytes), not a Markdown document",
        "gone/:1:1: PRD001 [error] no such file or directory",
        "good.md:3:8: PRD101 [error] fill-in marker '[FILL IN]' left in the document",
        "latin1.md:1:1: PRD001 [error] not valid UTF-8 (byte 0xe9 at line 1); save the file as UTF-8",
        "missing.md:1:1: PRD001 [error] no such file or directory",
        "Found 5 problems (5 errors) in 5 of 5 files.",
    ]
    assert result.stderr == ""


def test_prd001_in_json_has_no_extent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = check("--format", "json", "missing.md")
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["line"] == 1 and finding["column"] == 1
    assert finding["end_line"] is None and finding["end_column"] is None
    assert (finding["code"], finding["name"]) == ("PRD001", "unreadable-file")


def test_a_directory_where_a_file_is_expected_is_prd001(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    runner = Runner(RunOptions(isolated=True))
    result = runner.lint_target(Target(tmp_path / "folder.md", "folder.md", runner.config_for(tmp_path)))
    assert [(f.code, f.message) for f in result.findings] == [("PRD001", "is a directory")]


def test_a_directory_named_like_markdown_is_searched_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "notes.md" / "inner.md")
    assert linted() == ["notes.md/inner.md"]
    assert linted("notes.md") == ["notes.md/inner.md"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_broken_symlink_found_while_walking_is_prd001(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "good.md")
    os.symlink(tmp_path / "nowhere.md", tmp_path / "dangling.md")
    result = check(".")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("dangling.md:1:1: PRD001 [error] cannot be read: ")
    assert result.stdout.splitlines()[1].startswith("good.md:3:8: PRD101")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_a_file_without_read_permission_is_prd001(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    secret = write(tmp_path / "secret.md")
    secret.chmod(0)
    try:
        result = check("secret.md")
    finally:
        secret.chmod(0o644)
    assert result.stdout.startswith("secret.md:1:1: PRD001 [error] cannot be read: Permission denied")


def test_utf8_with_bom_and_crlf_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "bom.md", b"\xef\xbb\xbf# Notes\r\n\r\nOwner: [FILL IN]\r\n")
    assert check("bom.md").stdout.splitlines()[0].startswith("bom.md:3:8: PRD101")
