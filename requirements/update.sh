#!/usr/bin/env bash
# Regenerate requirements/install.txt: prdlint's dependencies (pyproject.toml) and its build backend
# (requirements/build.in), pinned with the hashes of every file on PyPI, for Python 3.10 and later
# on every platform (one universal resolution). The GitHub Action and the Dockerfile install from it
# with --require-hashes; tests/test_action.py fails while it is stale. Needs uv (pip install uv).
set -euo pipefail
cd "$(dirname "$0")/.."
uv pip compile --no-config --universal --python-version 3.10 --generate-hashes \
    --index-url https://pypi.org/simple --custom-compile-command "requirements/update.sh" \
    --output-file requirements/install.txt pyproject.toml requirements/build.in "$@"
