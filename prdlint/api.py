"""A small Python API: lint a string or files without going through the command line."""

from __future__ import annotations

from pathlib import Path

from prdlint.config import Config, default_config
from prdlint.engine.collector import collector_paused
from prdlint.engine.finding import Finding
from prdlint.engine.linter import lint_document
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.engine.settings import resolve_settings
from prdlint.kinds import choose_kind
from prdlint.kinds.languages import config_vocabularies
from prdlint.model import Document


def lint_text(
    text: str,
    path: str = "document.md",
    *,
    config: Config | None = None,
    select: tuple[str, ...] | None = None,
    profile: str | None = None,
) -> list[Finding]:
    """Findings for one Markdown document given as text, sorted by position."""
    config = config or default_config(Path.cwd())
    registry = Registry(builtin_rules())
    settings = resolve_settings(config, registry, select=select)
    with collector_paused():  # as the command line lints a file
        document = Document.parse(text, path)
        chosen, _ = choose_kind(
            document, None, config.profiles, config.root, profile or config.profile, config_vocabularies(config)
        )
        return lint_document(document, settings, registry, profile=chosen).findings
