"""Run ``prdlint check`` in-process (fast) with a clean GitHub environment, like a subprocess would."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from prdlint.cli import main


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps stderr apart


def prdlint_check(args: list[str], cwd: Path, input: str | None = None, **env: str) -> Done:
    """``prdlint check ARGS`` in ``cwd`` with no GITHUB_* variables but those in ``env``."""
    environ: dict[str, str | None] = {k: None for k in os.environ if k.startswith("GITHUB_")}
    environ.update(env)
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = _runner().invoke(main, ["check", *args], env=environ, input=input, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Done(result.exit_code, result.stdout, result.stderr)
