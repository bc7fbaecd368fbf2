"""One run: files -> documents -> findings, with each file's configuration and settings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from prdlint.config import Config, ConfigError, default_config, find_config, load_config
from prdlint.engine.linter import FileResult, lint_document
from prdlint.engine.registry import Registry
from prdlint.engine.settings import LintSettings, resolve_settings
from prdlint.files import Target, iter_targets
from prdlint.model import Document, UnreadableDocument
from prdlint.packs import merged_registry, registry_for
from prdlint.profiles import choose_profile


@dataclass(frozen=True)
class RunOptions:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    profile: str | None = None
    config_file: Path | None = None
    isolated: bool = False
    force_exclude: bool = False


class Runner:
    """Caches configurations and settings across the files of one run."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self._override: Config | None = None
        if options.config_file is not None:
            self._override = load_config(options.config_file)
        self._configs: dict[Path, Config] = {}
        self._settings: dict[int, tuple[Registry, LintSettings]] = {}

    def config_for(self, directory: Path) -> Config:
        if self._override is not None:
            return self._override
        if self.options.isolated:
            return default_config(Path.cwd())
        found = find_config(directory)
        if found is None:
            return default_config(Path.cwd())
        if found not in self._configs:
            self._configs[found] = load_config(found)
        return self._configs[found]

    def settings_for(self, config: Config) -> tuple[Registry, LintSettings]:
        key = id(config)
        if key not in self._settings:
            registry = registry_for(config)  # built-in rules plus the configuration's rule packs
            settings = resolve_settings(config, registry, select=self.options.select, ignore=self.options.ignore)
            self._settings[key] = (registry, settings)
        return self._settings[key]

    def registry(self) -> Registry:
        """Every rule this run has seen (built-in and from rule packs), for reporters."""
        return merged_registry(registry for registry, _ in self._settings.values())

    def targets(self, paths: Sequence[str]) -> list[Target]:
        return list(iter_targets(paths, self.config_for, force_exclude=self.options.force_exclude))

    def lint_target(self, target: Target, data: bytes | None = None) -> FileResult:
        registry, settings = self.settings_for(target.config)
        document = self._load(target, data)
        profile, reason = "generic", ""
        if document.load_error is None:
            profile, reason = choose_profile(
                document, target.path, target.config.profiles, target.config.root,
                self.options.profile or target.config.profile,
            )
        ignored = settings.ignored_for(target.path) if target.path is not None else frozenset()
        result = lint_document(document, settings, registry, profile=profile, ignored=ignored)
        result.profile_reason = reason
        return result

    @staticmethod
    def _load(target: Target, data: bytes | None) -> Document:
        if target.missing:
            return Document.unreadable(target.display, target.missing)
        if data is None:
            assert target.path is not None
            try:
                data = target.path.read_bytes()
            except IsADirectoryError:
                return Document.unreadable(target.display, "is a directory")
            except OSError as error:
                return Document.unreadable(target.display, f"cannot be read: {error.strerror or error}")
        try:
            return Document.from_bytes(data, target.display)
        except UnreadableDocument as error:
            return Document.unreadable(target.display, str(error))


__all__ = ["ConfigError", "RunOptions", "Runner"]
