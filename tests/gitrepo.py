"""Helpers for tests that build real git repositories in tmp_path and run the CLI in them."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from prdlint.cli import main

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    return path


def write(root: Path, name: str, text: str | bytes) -> Path:
    file = root / name
    file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8", newline="\n")
    return file


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD")


def run_cli(*args: str, cwd: Path | None = None) -> Result:
    """prdlint in-process, in ``cwd``, without the GitHub Actions environment."""
    env = {"GITHUB_ACTIONS": None, "NO_COLOR": "1"}
    previous = Path.cwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(previous)


def check_json(*args: str, cwd: Path | None = None) -> tuple[int, dict[str, Any], str]:
    result = run_cli("check", "--format", "json", *args, cwd=cwd)
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}, result.stderr


def kept(data: dict[str, Any]) -> set[tuple[str, int, str]]:
    return {(f["path"].replace(os.sep, "/"), f["line"], f["code"]) for f in data.get("findings", [])}
