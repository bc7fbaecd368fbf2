"""Helpers for the rule-catalog tests: lint a Markdown text under a profile and read the findings."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from prdlint.config import Config, default_config
from prdlint.engine.finding import Finding
from prdlint.engine.linter import FileResult, lint_document
from prdlint.engine.registry import registry_for
from prdlint.engine.settings import resolve_settings
from prdlint.model import Document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SKIP_REASON = "../shared is not present (it exists in CI, not in a user's clone)"
ROOT = Path(__file__).resolve().parents[1]


def lint_result(
    text: str,
    profile: str = "prd",
    select: Sequence[str] | None = None,
    config: Config | None = None,
    path: str = "doc.md",
) -> FileResult:
    config = config or default_config(Path.cwd())
    registry = registry_for(config)
    settings = resolve_settings(config, registry, select=select)
    document = Document.parse(textwrap.dedent(text).lstrip("\n"), path)
    return lint_document(document, settings, registry, profile=profile)


def lint(
    text: str,
    profile: str = "prd",
    select: Sequence[str] | None = None,
    config: Config | None = None,
) -> list[Finding]:
    result = lint_result(text, profile, select, config)
    assert not result.errors, result.errors
    return result.findings


def at(findings: Sequence[Finding], code: str) -> list[tuple[int, int]]:
    """The (line, col) of every finding of one rule."""
    return [(f.line, f.col) for f in findings if f.code == code]


def messages(findings: Sequence[Finding], code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]
