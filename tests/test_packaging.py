"""The wheel carries the built-in rule packs and works from a fresh virtualenv outside the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import requires_git_checkout

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installs_into_a_fresh_venv_and_lints(tmp_path: Path) -> None:
    pytest.importorskip("build", reason="'build' is part of the test extra")
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True, capture_output=True, text=True, timeout=900,
    )
    wheel = next(dist.glob("prdlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    packs = sorted(p.name for p in (REPO / "rules").glob("*.yaml"))
    assert packs, "the repository has built-in packs in rules/"
    for pack in packs:
        assert f"prdlint/_builtin_rules/{pack}" in names
    assert "prdlint/config/schema.json" in names

    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, text=True, timeout=900)
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "prd.md").write_text("# PRD\n\n**Owner**: [FILL IN]\nDate: YYYY-MM-DD\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS")}
    result = subprocess.run([str(bin_dir / "prdlint"), "check", "prd.md"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "prd.md:3:12: PRD101" in result.stdout
    assert "prd.md:4:7: PRD103" in result.stdout
    location = subprocess.run([str(bin_dir / "python"), "-c", "import prdlint; print(prdlint.__file__)"],
                              cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(REPO) not in location, "the installed wheel, not the checkout, was used"


# Tracked files the sdist leaves out on purpose, by folder: the editor extensions are packages of their own
# (npm, cargo) that no test reads; .ci/run's step that compiles the VS Code extension needs a checkout.
LEFT_OUT_OF_THE_SDIST = ("editors/",)


@requires_git_checkout
def test_the_sdist_holds_every_tracked_file_and_passes_twine_check(tmp_path: Path) -> None:
    pytest.importorskip("build", reason="'build' is part of the test extra")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True, timeout=900)
    [sdist] = dist.glob("prdlint-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    tracked = set(subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                                 check=True).stdout.split())
    missing = {name for name in tracked - names if not name.startswith(LEFT_OUT_OF_THE_SDIST)}
    assert missing == set(), "add them to [tool.hatch.build.targets.sdist] include, or to LEFT_OUT_OF_THE_SDIST"
    for folder in LEFT_OUT_OF_THE_SDIST:
        assert any(name.startswith(folder) for name in tracked), f"{folder} is gone: drop it from the list"
        assert not any(name.startswith(folder) for name in names), f"{folder} is in the sdist after all"
    assert {"LICENSE", "CHANGELOG.md", ".ci/run", "requirements/install.txt", "PKG-INFO"} <= names
    twine = shutil.which("twine", path=str(Path(sys.executable).parent))
    if twine is None:
        pytest.skip("twine is not installed (pip install -e '.[test]')")
    check = subprocess.run([twine, "check", "--strict", *map(str, dist.iterdir())], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("PASSED") == 2
