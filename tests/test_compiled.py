"""prdlint.compiled: the built-in packs' parsed form, kept per exact content in the user's cache directory."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from prdlint.compiled import CACHE_DIR_VARIABLE, compiled, user_cache_dir
from prdlint.kinds.packs import _builtin_packs, builtin_pack_dir, builtin_pack_paths


def _builder(calls: list[int]):  # type: ignore[no-untyped-def]
    def build(contents: list[bytes]) -> dict[str, str]:
        calls.append(1)
        return {"text": b"".join(contents).decode()}

    return build


def test_a_second_read_comes_from_the_cache_and_an_edit_is_seen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    source = tmp_path / "pack.yaml"
    source.write_text("one", encoding="utf-8")
    calls: list[int] = []
    assert compiled("test", [source], _builder(calls)) == {"text": "one"}
    assert compiled("test", [source], _builder(calls)) == {"text": "one"}
    assert len(calls) == 1
    source.write_text("two", encoding="utf-8")  # same size, maybe the same modification time: content decides
    assert compiled("test", [source], _builder(calls)) == {"text": "two"}
    assert len(calls) == 2


def test_no_writable_cache_and_unstorable_data_still_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocker / "cache"))
    source = tmp_path / "pack.yaml"
    source.write_text("x", encoding="utf-8")
    calls: list[int] = []
    assert compiled("test", [source], _builder(calls)) == {"text": "x"}
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    dated = compiled("dated", [source], lambda contents: {"when": datetime.date(2026, 1, 2)})
    assert dated == {"when": datetime.date(2026, 1, 2)}
    assert not list((tmp_path / "cache").glob("dated-*"))


def test_a_damaged_entry_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    source = tmp_path / "pack.yaml"
    source.write_text("one", encoding="utf-8")
    calls: list[int] = []
    compiled("test", [source], _builder(calls))
    (entry,) = (tmp_path / "cache").glob("test-*.marshal")
    entry.write_bytes(b"\x00 not marshal")
    assert compiled("test", [source], _builder(calls)) == {"text": "one"}
    assert len(calls) == 2


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_DIR_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform != "win32":
        assert user_cache_dir() == tmp_path / "prdlint"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / "mine"))
    assert user_cache_dir() == tmp_path / "mine"


def test_the_built_in_packs_are_what_their_yaml_says() -> None:
    folder = builtin_pack_dir()
    expected = {
        path.relative_to(folder).with_suffix("").as_posix(): yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in builtin_pack_paths()
    }
    assert _builtin_packs() == expected
    assert {"placeholders", "measurability", "kinds/prd", "kinds/generic", "languages/en"} <= set(expected)


def test_a_run_on_a_document_without_front_matter_imports_no_yaml_parser(tmp_path: Path) -> None:
    document = tmp_path / "plan.md"
    document.write_text("# Plan\n\n**Owner**: [FILL IN]\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from prdlint.cli import main\n"
        "try:\n"
        "    main(['check', '--isolated', '--no-cache', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        # regex: only for users' patterns (prdlint.user_regex); tempfile: the atomic writer does without it
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'jsonschema', 'subprocess', 'regex',"
        " 'tempfile')))\n"
    )
    env = {CACHE_DIR_VARIABLE: str(tmp_path / "cache"), "PATH": "", "NO_COLOR": "1"}
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run([sys.executable, "-c", code, str(document)], capture_output=True, text=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
