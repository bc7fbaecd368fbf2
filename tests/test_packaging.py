"""The wheel carries the built-in rule packs and works from a fresh virtualenv outside the repo."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

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
