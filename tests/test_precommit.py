"""The pre-commit hook, run by the real `pre-commit try-repo` against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import requires_git_checkout

REPO = Path(__file__).resolve().parents[1]


def test_hook_definition_is_what_pre_commit_expects() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "prdlint")
    assert hook["language"] == "python"
    assert hook["types"] == ["markdown"]
    assert hook["entry"].split()[:2] == ["prdlint", "check"]


@requires_git_checkout
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_try_repo_fails_on_a_bad_file_and_passes_on_a_good_one(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit", reason="pre-commit is part of the test extra")
    project = tmp_path / "project"
    project.mkdir()
    (project / "bad.md").write_text("# Launch plan\n\n**Owner**: [FILL IN]\n", encoding="utf-8")
    (project / "good.md").write_text("# Launch plan\n\n**Owner**: Dana Ruiz\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }
    env.pop("GITHUB_ACTIONS", None)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=env)
    subprocess.run(["git", "add", "bad.md", "good.md"], cwd=project, check=True, env=env)

    def try_repo(name: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "prdlint", "--files", name],
            cwd=project, env=env, capture_output=True, text=True, timeout=900,
        )

    bad = try_repo("bad.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "bad.md:3:12: PRD101" in bad.stdout
    good = try_repo("good.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def readme_hook_config() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### pre-commit\n", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


@requires_git_checkout
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_readme_snippet_with_pre_commit_autoupdate(tmp_path: Path) -> None:
    """The README's configuration, pointed at a copy of this repository with two release tags:
    `pre-commit autoupdate` moves rev to the newest tag, and the hook then runs from it."""
    pytest.importorskip("pre_commit", reason="pre-commit is part of the test extra")
    snippet = readme_hook_config()
    config = yaml.safe_load(snippet)
    assert config["repos"][0]["rev"] == "v0.1.0" and config["repos"][0]["hooks"] == [{"id": "prdlint"}]
    env = {
        **{k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"},
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"), "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
    }

    def git(cwd: Path, *args: str) -> None:
        subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args], cwd=cwd, env=env,
                       check=True, capture_output=True)

    hooks = tmp_path / "prdlint-repo"
    git(tmp_path, "clone", "-q", str(REPO), str(hooks))
    git(hooks, "tag", "v0.1.0")
    git(hooks, "commit", "-q", "--allow-empty", "-m", "next release")
    git(hooks, "tag", "v0.1.1")

    project = tmp_path / "project"
    project.mkdir()
    (project / ".pre-commit-config.yaml").write_text(
        snippet.replace("https://github.com/prdlint/prdlint", str(hooks)), encoding="utf-8"
    )
    (project / "bad.md").write_text("# Launch plan\n\n**Owner**: [FILL IN]\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    # pre-commit autoupdate, as the README says
    update = subprocess.run([sys.executable, "-m", "pre_commit", "autoupdate"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=900)
    assert update.returncode == 0, update.stdout + update.stderr
    updated = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert updated["repos"][0]["rev"] == "v0.1.1", update.stdout
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", "bad.md"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 1 and "bad.md:3:12: PRD101" in run.stdout, run.stdout + run.stderr
