"""Issue 8, items 2 and 6: bounded inputs. Only regular files are read, never more than a cap, never
blocking; link loops and unreadable directories are findings, not crashes; YAML aliases are bounded
everywhere; UTF-16, TOML spellings, deep JSON and the GitHub event file are handled."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import prdlint
from prdlint.github_checks import CheckSetupError, environment_from
from tests.cli_run import prdlint_check

GOOD = "# Notes\n\nOwner: [FILL IN]\n"
GOOD_LINE = "good.md:3:8: PRD101 [error] fill-in marker '[FILL IN]' left in the document"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")


def _run(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real process, so that a blocking read fails the test by its timeout instead of hanging it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "prdlint", "check", "--no-color", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env, check=False,
    )


def _good(tmp_path: Path) -> Path:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


# -- files that are not regular ---------------------------------------------------------------------


@needs_fifo
def test_a_fifo_found_by_the_walk_is_prd001_and_is_never_opened(tmp_path: Path) -> None:
    os.mkfifo(_good(tmp_path) / "pipe.md")
    done = _run(["."], tmp_path, timeout=30)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[:2] == [
        GOOD_LINE,
        "pipe.md:1:1: PRD001 [error] not a regular file (a named pipe (FIFO))",
    ]


@needs_fifo
@pytest.mark.parametrize(("option", "expected"), [
    ("--config", "prdlint: error: pipe.yaml: cannot read the configuration file: not a regular file "
                 "(a named pipe (FIFO))\n"),
    ("--baseline", "prdlint: error: baseline pipe.yaml: not a regular file (a named pipe (FIFO))\n"),
])
def test_a_fifo_given_as_configuration_or_baseline_is_a_clear_error(
    tmp_path: Path, option: str, expected: str
) -> None:
    os.mkfifo(_good(tmp_path) / "pipe.yaml")
    done = _run([option, "pipe.yaml", "good.md"], tmp_path, timeout=30)
    assert (done.returncode, done.stderr) == (2, expected)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_link_to_a_device_is_not_read(tmp_path: Path) -> None:
    (_good(tmp_path) / "zero.md").symlink_to("/dev/zero")
    done = _run(["."], tmp_path, timeout=30)
    assert done.returncode == 1
    assert "zero.md:1:1: PRD001 [error] not a regular file (a character device)" in done.stdout
    assert GOOD_LINE in done.stdout


def test_a_file_over_the_size_cap_is_prd001_too_large(tmp_path: Path) -> None:
    (_good(tmp_path) / "big.md").write_text("# Big\n\n" + "word " * 1000 + "\n", encoding="utf-8")
    (tmp_path / ".prdlint.yaml").write_text("max-file-size: 1000\n", encoding="utf-8")
    done = prdlint_check(["big.md", "good.md"], tmp_path)
    assert done.stdout.splitlines()[:2] == [
        "big.md:1:1: PRD001 [error] too large (5,008 bytes; the limit is 1,000 bytes, see max-file-size)",
        GOOD_LINE,
    ]
    # the command line wins over the configuration; standard input has the same cap
    assert "big.md:1:1: PRD001" not in prdlint_check(["--max-file-size", "9000", "big.md"], tmp_path).stdout
    piped = prdlint_check(["--max-file-size", "10", "-"], tmp_path, input="# A longer document\n")
    assert piped.stdout.startswith("-:1:1: PRD001 [error] too large (over the limit of 10 bytes; see max-file-size)")


def test_the_size_cap_is_validated(tmp_path: Path) -> None:
    (_good(tmp_path) / ".prdlint.yaml").write_text("max-file-size: 0\n", encoding="utf-8")
    done = prdlint_check(["good.md"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("prdlint: error: .prdlint.yaml:1: max-file-size: expected a number from 1 to")


# -- links, directories and files that cannot be read ----------------------------------------------


def test_a_symbolic_link_loop_is_prd001_and_the_rest_is_linted(tmp_path: Path) -> None:
    (_good(tmp_path) / "loop.md").symlink_to("loop.md")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").symlink_to("b.md")
    (tmp_path / "docs" / "b.md").symlink_to("a.md")
    (tmp_path / "docs" / "up").symlink_to("..")  # a directory link: not followed
    done = prdlint_check(["."], tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:4] == [
        "docs/a.md:1:1: PRD001 [error] cannot be read: a symbolic link loop",
        "docs/b.md:1:1: PRD001 [error] cannot be read: a symbolic link loop",
        GOOD_LINE,
        "loop.md:1:1: PRD001 [error] cannot be read: a symbolic link loop",
    ]
    named = prdlint_check(["loop.md", "good.md"], tmp_path)
    loop = "loop.md:1:1: PRD001 [error] cannot be read: a symbolic link loop"
    assert named.stdout.splitlines()[:2] == [GOOD_LINE, loop]


def test_an_unreadable_directory_is_prd001_and_the_rest_is_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _good(tmp_path) / "secret"
    secret.mkdir()
    (secret / "hidden.md").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # as for a directory without read permission (root reads all)
        if Path(str(path)).name == "secret":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    done = prdlint_check(["."], tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        GOOD_LINE,
        "secret:1:1: PRD001 [error] directory cannot be read (permission denied); its files were not linted",
    ]


def test_an_unreadable_file_named_on_the_command_line_is_prd001(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (_good(tmp_path) / "locked.md").write_text(GOOD, encoding="utf-8")
    real_open = os.open

    def locked_open(path: object, flags: int, *args: object) -> int:
        if str(path).endswith("locked.md"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", locked_open)
    done = prdlint_check(["locked.md", "good.md"], tmp_path)
    assert done.returncode == 1
    locked = "locked.md:1:1: PRD001 [error] cannot be read: permission denied"
    assert done.stdout.splitlines()[:2] == [GOOD_LINE, locked]


# -- YAML: aliases, recursion, every loading site ---------------------------------------------------

BOMB = "".join(
    f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + BOMB


def test_an_alias_bomb_in_front_matter_is_prd505_at_once(tmp_path: Path) -> None:
    (_good(tmp_path) / "bomb.md").write_text(f"---\n{BOMB}---\n# Bomb\n\nOwner: [FILL IN]\n", encoding="utf-8")
    started = time.perf_counter()
    done = prdlint_check(["bomb.md"], tmp_path)
    assert time.perf_counter() - started < 10
    assert done.stdout.splitlines()[:2] == [
        "bomb.md:6:4: PRD505 [error] front matter is not valid YAML: aliases expand to more than 10,000 "
        "extra nodes (an alias bomb?)",
        "bomb.md:14:8: PRD101 [error] fill-in marker '[FILL IN]' left in the document",
    ]


@pytest.mark.parametrize("where", ["config", "pack", "schema"])
def test_an_alias_bomb_in_configuration_is_a_configuration_error(tmp_path: Path, where: str) -> None:
    _good(tmp_path)
    if where == "config":
        (tmp_path / ".prdlint.yaml").write_text(f"select: [ALL]\n{BOMB}", encoding="utf-8")
        expected = ".prdlint.yaml:6: not valid YAML: aliases expand to more than 10,000 extra nodes"
    elif where == "pack":
        (tmp_path / ".prdlint.yaml").write_text("rule-packs: [pack.yaml]\n", encoding="utf-8")
        (tmp_path / "pack.yaml").write_text(f"pack: bomb\nversion: 1\n{BOMB}", encoding="utf-8")
        expected = "pack.yaml:7: not valid YAML: aliases expand to more than 10,000 extra nodes"
    else:
        (tmp_path / ".prdlint.yaml").write_text("frontmatter-schema: schema.yaml\n", encoding="utf-8")
        (tmp_path / "schema.yaml").write_text(BOMB, encoding="utf-8")
        expected = (".prdlint.yaml:1: frontmatter-schema: the front matter schema 'schema.yaml' is not valid "
                    "YAML (line 5)")
    started = time.perf_counter()
    done = prdlint_check(["good.md"], tmp_path)
    assert time.perf_counter() - started < 10
    assert done.returncode == 2
    assert done.stderr.startswith(f"prdlint: error: {expected}"), done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_a_recursive_alias_is_a_configuration_error(tmp_path: Path) -> None:
    (_good(tmp_path) / ".prdlint.yaml").write_text("select: &a [*a]\n", encoding="utf-8")
    done = prdlint_check(["good.md"], tmp_path)
    assert (done.returncode, done.stderr) == (
        2, "prdlint: error: .prdlint.yaml:1: not valid YAML: an alias refers to a node that contains it\n"
    )


def test_every_yaml_load_goes_through_the_bounded_loader() -> None:
    package = Path(prdlint.__file__).parent
    direct = re.compile(r"\byaml\.(?:load|safe_load|full_load|unsafe_load|load_all|safe_load_all|compose|"
                        r"compose_all|CSafeLoader|SafeLoader|Loader)\b")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py")) if path.name != "yaml_loader.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if direct.search(line)
    ]
    assert offenders == []


# -- encodings, TOML, deep JSON, the event file ----------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_read(tmp_path: Path, encoding: str) -> None:
    data = GOOD.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "good.md").write_bytes(data)
    assert prdlint_check(["good.md"], tmp_path).stdout.splitlines()[0] == GOOD_LINE


def test_utf16_without_a_byte_order_mark_is_named_as_such(tmp_path: Path) -> None:
    (tmp_path / "wide.md").write_bytes(GOOD.encode("utf-16-le"))
    assert prdlint_check(["wide.md"], tmp_path).stdout.splitlines()[0] == (
        "wide.md:1:1: PRD001 [error] UTF-16 text without a byte order mark; save it as UTF-8"
    )


@pytest.mark.parametrize("spelling", [
    '[tool.prdlint]\nignore = ["PRD101"]\n',
    'tool.prdlint.ignore = ["PRD101"]\n',
    '[tool]\nprdlint.ignore = ["PRD101"]\n',
    'tool = {prdlint = {ignore = ["PRD101"]}}\n',
    '[tool."prdlint"]\nignore = ["PRD101"]\n',
    "[ tool . 'prdlint' ]\nignore = ['PRD101']\n",
])
def test_every_toml_spelling_of_the_tool_table_is_found(tmp_path: Path, spelling: str) -> None:
    # Top-level keys come first: after '[project]' a dotted key would belong to that table.
    (_good(tmp_path) / "pyproject.toml").write_text(f'{spelling}\n[project.urls]\nx = "y"\n', encoding="utf-8")
    done = prdlint_check(["good.md"], tmp_path)
    assert (done.returncode, done.stdout) == (0, "All checks passed (1 file checked).\n")


def test_a_deeply_nested_baseline_is_a_clear_error(tmp_path: Path) -> None:
    (_good(tmp_path) / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = prdlint_check(["--baseline", "deep.json", "good.md"], tmp_path)
    assert (done.returncode, done.stderr) == (
        2, "prdlint: error: baseline deep.json: not a prdlint baseline (nested too deeply)\n"
    )


@pytest.mark.parametrize(("event", "problem"), [
    ({"pull_request": "oops"}, "'pull_request' is not an object"),
    ({"pull_request": {"head": ["x"]}}, "'pull_request.head' is not an object"),
    ([1, 2], "is not a GitHub event (expected a JSON object)"),
])
def test_the_event_file_is_validated(tmp_path: Path, event: object, problem: str) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    environ = {"GITHUB_TOKEN": "ghs_" + "a" * 36, "GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "c" * 40,
               "GITHUB_EVENT_PATH": str(path)}
    with pytest.raises(CheckSetupError, match=re.escape(problem)):
        environment_from(environ)
    path.write_text("[" * 100_000, encoding="utf-8")
    with pytest.raises(CheckSetupError, match=r"nested too deeply|not valid|Expecting"):
        environment_from(environ)
