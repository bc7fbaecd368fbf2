"""The same findings, in the same order, with --jobs 1 and --jobs N, with and without the result cache."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from prdlint.files import Target
from prdlint.runner import CHUNK_BYTES, CHUNK_FILES, NO_CACHE_VARIABLE, Runner, RunOptions, _chunks
from tests.cli_run import prdlint_check

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = (REPO / "examples" / "checkout-prd.md").read_text(encoding="utf-8")
PIECES = [
    EXAMPLE,
    "# Notes\n\n- [ ] Call <your-name>\n- Launch: TBD\n",
    "# Risks\n\n| Risk | Probability | Impact |\n|---|---|---|\n| Outage | [H/M/L] | |\n",
    "---\ncreated: YYYY-MM-DD\n---\n# Spec\n\n<!-- prdlint-disable-next-line PRD102 -->\n[Owner]\n\n[Team]\n",
]


def _tree(root: Path) -> None:
    """40 files whose sizes do not follow their names, so biggest-first is not path order."""
    for index in range(40):
        text = PIECES[index % len(PIECES)] * (1 + (index * 7) % 5)
        folder = root / ("a" if index % 3 else "b")
        folder.mkdir(exist_ok=True)
        (folder / f"doc_{index:02d}.md").write_text(f"<!-- {index} -->\n{text}", encoding="utf-8")
    (root / "a" / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))


def _rows(runner: Runner) -> list[tuple[Any, ...]]:
    targets = runner.targets(["."])
    return [
        (r.path, r.profile, r.profile_reason, r.suppressed, tuple(r.errors),
         tuple(dataclasses.astuple(f) for f in r.findings))
        for r in runner.lint_all(targets)
    ]


def test_jobs_and_cache_give_the_same_results_in_the_same_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(NO_CACHE_VARIABLE, raising=False)
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    serial = _rows(Runner(RunOptions(jobs=1, cache=False)))
    assert [row[0] for row in serial] == sorted(row[0] for row in serial)  # path order
    assert sum(len(row[5]) for row in serial) > 100
    assert _rows(Runner(RunOptions(jobs=2, cache=False))) == serial
    assert _rows(Runner(RunOptions(jobs=3, cache=False))) == serial
    assert _rows(Runner(RunOptions(jobs=2))) == serial  # cold cache, written by the workers
    assert _rows(Runner(RunOptions(jobs=2))) == serial  # warm
    assert _rows(Runner(RunOptions(jobs=1))) == serial  # warm, read in one process
    (tmp_path / "b" / "doc_00.md").write_text("# Changed\n\n[FILL IN]\n", encoding="utf-8")
    changed = _rows(Runner(RunOptions(jobs=2)))  # partly warm: one file linted again
    assert changed == _rows(Runner(RunOptions(jobs=1, cache=False)))
    assert changed != serial


def test_the_command_line_prints_the_same_with_any_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NO_CACHE_VARIABLE, raising=False)
    _tree(tmp_path)
    one = prdlint_check(["--no-cache", "--jobs", "1", "."], tmp_path)
    assert one.returncode == 1 and one.stdout.count("\n") > 100
    for args in (["--no-cache", "--jobs", "2"], ["--jobs", "2"], ["--jobs", "2"], ["--jobs", "1"]):
        done = prdlint_check([*args, "."], tmp_path)
        assert (done.returncode, done.stdout) == (one.returncode, one.stdout), args


def test_work_goes_out_biggest_file_first_in_small_chunks(tmp_path: Path) -> None:
    from prdlint.config import default_config

    config = default_config(tmp_path)
    sizes = [10, 500_000, 30, 200_000, 20, 20, 40, 10, 10, 10]
    targets = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"f{index}.md"
        path.write_text("x" * size, encoding="utf-8")
        targets.append(Target(path, path.name, config))
    chunks = _chunks(targets, range(len(targets)))
    assert [index for chunk in chunks for index in chunk] == [1, 3, 6, 2, 4, 5, 0, 7, 8, 9]
    assert chunks[0] == [1]  # a file bigger than a chunk's worth is a chunk of its own
    for chunk in chunks:
        assert len(chunk) <= CHUNK_FILES
        assert len(chunk) == 1 or sum(sizes[i] for i in chunk) <= CHUNK_BYTES
