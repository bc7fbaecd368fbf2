"""Time the GitHub Action's install (action.yml: the locate and install steps) with a cold and a warm pip cache.

The steps run as a runner runs them (bash, ``${{ }}`` resolved into their environment, GITHUB_OUTPUT
read back) in a fresh RUNNER_TEMP each time. Cold: the wheels directory the cache step restores is
empty, as on a cache miss (the install downloads the locked files into it); warm: it holds what the
cold run downloaded, as after actions/cache restored it (the install then uses no package index).
For comparison it also times the install the Action did before the lock (``pip install <checkout>``:
dependencies resolved, the build backend downloaded into an isolated build environment), with
pip's own cache empty, then as that run left it.

With --pypi-only pip ignores this machine's configuration (local mirrors) and talks to PyPI alone,
like a hosted runner. Prints the medians. Usage: python bench/action_install.py [--pypi-only] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]


def resolve(value: str, context: dict[str, Any]) -> str:
    def lookup(match: re.Match[str]) -> str:
        node: Any = context
        for part in match.group(1).split("."):
            node = node.get(part, "") if isinstance(node, dict) else ""
        return str(node)

    return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lookup, value)


def run_step(step: dict[str, Any], context: dict[str, Any], temp: Path, env: dict[str, str]) -> dict[str, str]:
    output = temp / f"output-{step['id']}"
    output.write_text("")
    step_env = {**env, "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(output)}
    step_env.update({name: resolve(str(value), context) for name, value in step.get("env", {}).items()})
    script = temp / f"{step['id']}.sh"
    script.write_text(step["run"], encoding="utf-8")
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], env=step_env,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"step {step['id']} failed:\n{done.stdout}{done.stderr}")
    return dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)


def action_install(temp: Path, cache: Path, env: dict[str, str]) -> float:
    """Seconds for the locate and install steps, with ``cache`` as pip's cache directory."""
    steps = {s.get("id"): s for s in yaml.safe_load((REPO / "action.yml").read_text())["runs"]["steps"]}
    context: dict[str, Any] = {"inputs": {"python": sys.executable, "version": ""},
                               "github": {"action_path": str(REPO)}}
    start = time.perf_counter()
    located = run_step(steps["locate"], context, temp, env)
    located["wheels"] = str(cache)  # where actions/cache would restore them
    context["steps"] = {"locate": {"outputs": located}}
    run_step(steps["install"], context, temp, env)
    return time.perf_counter() - start


def unpinned_install(temp: Path, cache: Path, env: dict[str, str]) -> float:
    """Seconds for the old install: a venv and ``pip install <checkout>`` (resolution, isolated build)."""
    start = time.perf_counter()
    venv = temp / "old-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(REPO)], check=True,
                   env={**env, "PIP_CACHE_DIR": str(cache)})
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pypi-only", action="store_true", help="ignore the machine's pip configuration")
    parser.add_argument("--runs", type=int, default=3, help="runs of each (default 3; the median is shown)")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "GITHUB_"))}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    if options.pypi_only:
        env["PIP_CONFIG_FILE"] = os.devnull
        if Path("/etc/ssl/certs/ca-certificates.crt").is_file():
            env["PIP_CERT"] = "/etc/ssl/certs/ca-certificates.crt"
    print(f"python {sys.version.split()[0]}, pip config: {'PyPI only' if options.pypi_only else 'this machine'}")
    for label, install in (("action (hash-pinned lock)", action_install), ("before (unpinned, isolated build)",
                                                                          unpinned_install)):
        cold: list[float] = []
        warm: list[float] = []
        for _ in range(options.runs):
            with tempfile.TemporaryDirectory() as scratch:
                root = Path(scratch)
                cache = root / "cache"
                for bucket in (cold, warm):  # the same cache: empty, then as the first run left it
                    temp = root / f"runner-temp-{len(bucket)}-{bucket is warm}"
                    temp.mkdir()
                    bucket.append(install(temp, cache, env))
                    shutil.rmtree(temp)
        print(f"{label:36} cold {statistics.median(cold):6.1f} s   warm {statistics.median(warm):6.1f} s"
              f"   (runs: cold {', '.join(f'{t:.1f}' for t in cold)}; warm {', '.join(f'{t:.1f}' for t in warm)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
