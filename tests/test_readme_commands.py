"""Every shell command in the README and docs/ is run somewhere: the runnable ones here, in a fresh clone.

A fenced ``bash`` block says, after its language, what runs it:

- ``runnable``: this test, in a fresh clone of the repository (blocks that clone start in an
  empty directory), one after the other, with the clone's ``.venv/bin`` first on PATH as after
  the Quick start, and the repository's address standing for this checkout;
- ``ci``: ``.ci/run`` (the README's test command; tests/test_docs.py checks it is the same);
- ``tested-by FILE``: another test, which names the command;
- ``not-run: REASON``: nothing can here (a Docker engine, a tool that is not installed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from prdlint.model import Document
from prdlint.model.nodes import CodeBlock
from tests.conftest import requires_git_checkout

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ADDRESS = "https://github.com/prdlint/prdlint"
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@dataclass(frozen=True)
class ShellBlock:
    path: Path
    line: int
    marker: str
    code: str


def shell_blocks(path: Path) -> list[ShellBlock]:
    """The top-level fenced shell blocks of a document (examples nested in other fences are text)."""
    document = Document.parse(path.read_text(encoding="utf-8"), str(path))
    blocks = []
    for block in document.walk():
        if isinstance(block, CodeBlock) and block.fenced and block.language in ("bash", "sh", "shell"):
            marker = block.info.split(None, 1)[1] if len(block.info.split()) > 1 else ""
            code = "\n".join(line.text for line in block.lines)
            blocks.append(ShellBlock(path, block.start_line, marker, code))
    return blocks


ALL_BLOCKS = [block for path in DOCUMENTS for block in shell_blocks(path)]


def block_id(block: ShellBlock) -> str:
    return f"{block.path.name}:{block.line}"


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=block_id)
def test_every_shell_block_says_what_runs_it(block: ShellBlock) -> None:
    marker = block.marker
    assert marker == "runnable" or marker == "ci" or marker.startswith(("tested-by ", "not-run: ")), (
        f"{block_id(block)}: mark the block 'runnable', 'ci', 'tested-by FILE' or 'not-run: REASON'"
    )
    if marker.startswith("tested-by "):
        test_file = REPO / marker.split(None, 1)[1]
        assert test_file.is_file(), f"{block_id(block)}: {test_file} does not exist"
        for command in block.code.splitlines():
            words = command.split()[:2]
            assert " ".join(words) in test_file.read_text(encoding="utf-8") or words[-1] in test_file.read_text(
                encoding="utf-8"
            ), f"{test_file.name} does not run '{command}'"
    if marker == "ci":
        assert block.code in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_has_runnable_install_and_quick_start_commands() -> None:
    readme = [block for block in ALL_BLOCKS if block.path.name == "README.md"]
    runnable = [block.code for block in readme if block.marker == "runnable"]
    assert any(code.startswith(f"git clone {ADDRESS}") for code in runnable)
    assert f"pipx install git+{ADDRESS}" in runnable
    assert any("examples/checkout-prd.md" in code for code in runnable)
    docker = next(block for block in readme if "docker run" in block.code)
    assert '--user "$(id -u):$(id -g)"' in docker.code, "files written to the mount belong to the user"


def _source(tmp_path: Path) -> Path:
    """A repository holding this checkout as it is (uncommitted edits and new files included), on 'main'."""
    source = tmp_path / "origin" / "prdlint"  # named like the repository, as `git clone` names its copy
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(source)], check=True)
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=REPO, capture_output=True, check=True).stdout
    if diff.strip():
        subprocess.run(["git", "apply", "--whitespace=nowarn"], cwd=source, input=diff, check=True)
    untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard", "-z"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout
    for name in filter(None, untracked.split("\0")):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    subprocess.run([*git, "add", "-A"], cwd=source, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "the working tree"], cwd=source, check=True)
    subprocess.run(["git", "branch", "-f", "main", "HEAD"], cwd=source, capture_output=True, check=False)
    return source


@requires_git_checkout
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_runnable_commands_run_in_a_fresh_clone(tmp_path: Path) -> None:
    """The README's and docs' runnable blocks, in order, in a fresh clone; installs come from the clone."""
    if shutil.which("pipx", path=str(BIN)) is None:
        pytest.skip("pipx is not installed (pip install -e '.[test]')")
    source = _source(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(source), str(clone)], check=True)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GITHUB_", "PIPX_", "VIRTUAL_ENV", "PYTHONPATH", "PRE_COMMIT"))}
    env.update({
        "PATH": os.pathsep.join([str(clone / ".venv" / "bin"), str(BIN), env.get("PATH", "")]),
        "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "pipx-bin"),
        "PIPX_MAN_DIR": str(tmp_path / "pipx-man"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "NO_COLOR": "1",
    })
    ran = []
    for block in [b for b in ALL_BLOCKS if b.marker == "runnable"]:
        code = block.code.replace(ADDRESS, source.as_uri())
        cwd = scratch if code.startswith("git clone") else clone
        result = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=900, check=False)
        assert result.returncode == 0, f"{block_id(block)}: {block.code}\n{result.stdout}\n{result.stderr}"
        ran.append(block_id(block))
    assert len(ran) >= 6, ran
    # What the install commands left behind works.
    for prdlint in (scratch / "prdlint" / ".venv" / "bin" / "prdlint", tmp_path / "pipx-bin" / "prdlint",
                    clone / ".venv" / "bin" / "prdlint"):
        version = subprocess.run([str(prdlint), "--version"], capture_output=True, text=True, env=env, check=False)
        assert version.returncode == 0 and version.stdout.startswith("prdlint "), prdlint
    assert (clone / ".prdlint-baseline.json").is_file()
    changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=clone,
                             capture_output=True, text=True, check=True).stdout
    assert changed == "", f"the commands changed tracked files (regenerated docs differ?):\n{changed}"
