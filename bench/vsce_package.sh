#!/usr/bin/env bash
# Build the VS Code extension into a .vsix (editors/vscode/prdlint-<version>.vsix) with vsce.
# usage: bench/vsce_package.sh   (needs node and npm; vsce is fetched by npx, it is no dependency)
# --skip-license: the repository declares its licence (MIT) in pyproject.toml and has no LICENSE file.
set -euo pipefail
cd "$(dirname "$0")/../editors/vscode"
npm ci --no-audit --no-fund
npx --yes @vscode/vsce@3 package --skip-license
ls -l ./*.vsix
