"""Linting what an editor shows, with the pipeline of ``prdlint check`` (prdlint.runner).

One Runner per workspace folder caches the configurations, rule packs, registries and settings
between edits; when a configuration file or a rule pack changes, :meth:`Linter.reload` drops them
all and the next lint builds them again. Nothing here knows about LSP.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from prdlint.config import CONFIG_FILES, Config, ConfigError, find_config
from prdlint.engine.linter import FileResult
from prdlint.engine.registry import Registry
from prdlint.engine.settings import UsageError
from prdlint.files import Target, is_excluded
from prdlint.runner import Runner, RunOptions

# Linting runs on every pause in typing; a document this large is left to `prdlint check`.
MAX_DOCUMENT_BYTES = 1024 * 1024


@dataclass(frozen=True)
class LintOutcome:
    """What linting one document gave: findings, or why there are none."""

    result: FileResult | None = None  # None when the document was not linted
    registry: Registry | None = None  # the rules known where the document is, for documentation links
    problems: tuple[str, ...] = ()  # why the document could not be linted (fully): one diagnostic each
    config_error: ConfigError | UsageError | None = None  # the configuration is invalid: nothing was linted
    excluded: bool = False  # the configuration's exclude names the file: no diagnostics at all


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _existing(directory: Path) -> Path:
    """``directory``, or its nearest ancestor that exists (a new document may be in a new folder)."""
    directory = directory.resolve()
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    return directory


def _describe_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


class Linter:
    """The configuration state of a session, and linting with it."""

    def __init__(self, folders: Iterable[Path] = ()) -> None:
        self.folders: list[Path] = []
        self.set_folders(folders)
        self.generation = 0  # goes up whenever configurations are dropped: results before are stale
        self._runners: dict[Path | None, Runner] = {}
        self._dependencies: dict[Path, int | None] = {}  # files of the configurations used: their mtimes
        self._found: dict[Path, Path | None] = {}  # each linted document's directory: its configuration file

    def set_folders(self, folders: Iterable[Path]) -> None:
        # The deepest folder first, so that a nested workspace folder owns its files.
        self.folders = sorted({folder.resolve() for folder in folders}, key=lambda p: len(p.parts), reverse=True)

    def reload(self) -> None:
        """Forget every configuration, rule pack and setting; they are read again when next needed."""
        self._runners.clear()
        self._dependencies.clear()
        self._found.clear()
        self.generation += 1

    def folder_for(self, path: Path | None) -> Path | None:
        if path is None:
            return self.folders[-1] if self.folders else None
        resolved = path.resolve()
        for folder in self.folders:
            if resolved == folder or folder in resolved.parents:
                return folder
        return None

    def runner_for(self, folder: Path | None) -> Runner:
        if folder not in self._runners:
            self._runners[folder] = Runner(RunOptions())
        return self._runners[folder]

    def is_dependency(self, path: Path) -> bool:
        """Whether a change to ``path`` can change findings: a configuration file, a rule pack or a schema."""
        return path.name in CONFIG_FILES or path.resolve() in self._dependencies

    def is_stale(self, path: Path | None) -> bool:
        """Whether what linting ``path`` read changed on disk since: a configuration file, rule pack or
        schema, or which configuration file is nearest. For clients that do not report file changes.
        """
        if any(_mtime(dependency) != stamp for dependency, stamp in self._dependencies.items()):
            return True
        directory = _existing(path.parent) if path is not None else None
        return directory in self._found and find_config(directory) != self._found[directory]

    def _remember(self, config: Config, path: Path | None) -> None:
        files = [*config.rule_packs, *([config.path] if config.path is not None else [])]
        schema = config.frontmatter_schema
        if isinstance(schema, str):
            files.append(config.root / schema)
        for file in files:
            resolved = file.resolve()
            if resolved not in self._dependencies:
                self._dependencies[resolved] = _mtime(resolved)
        if path is not None:
            directory = _existing(path.parent)
            if directory not in self._found:
                self._found[directory] = config.path.resolve() if config.path is not None else None

    def _target(self, runner: Runner, path: Path | None, folder: Path | None) -> Target:
        """The document as `prdlint check --stdin-filename PATH` would see it (PATH need not exist yet)."""
        if path is None:
            directory = folder or Path.cwd()
            return Target(None, "untitled", runner.config_for(directory))
        return runner.stdin_target(str(path))

    def lint(self, path: Path | None, data: bytes) -> LintOutcome:
        """Lint ``data``, the text of the document at ``path`` (None for an unsaved, untitled one)."""
        if len(data) > MAX_DOCUMENT_BYTES:
            return LintOutcome(problems=(
                f"too large to lint as you type ({_describe_size(len(data))}; the limit is "
                f"{_describe_size(MAX_DOCUMENT_BYTES)}); run 'prdlint check' on it instead",
            ))
        folder = self.folder_for(path)
        try:
            runner = self.runner_for(folder)
            target = self._target(runner, path, folder)
            self._remember(target.config, path)
            registry, _ = runner.settings_for(target.config)  # rule packs and settings: configuration errors
        except (ConfigError, UsageError) as error:
            if isinstance(error, ConfigError) and error.path:  # fixing it is a change to watch for
                broken = Path(error.path).resolve()
                self._dependencies.setdefault(broken, _mtime(broken))
            return LintOutcome(config_error=error)
        except Exception as error:  # a prdlint bug: said in the document, and the session goes on
            return LintOutcome(problems=(f"internal error: {type(error).__name__}: {error}",))
        if path is not None and is_excluded(path, target.config):
            return LintOutcome(excluded=True)
        result = runner.lint_target(target, data)
        problems = tuple(result.errors)
        # An internal error (PRD000) reaches the editor once, as a problem, not also as a finding.
        result.findings = [finding for finding in result.findings if not finding.internal]
        return LintOutcome(result=result, registry=registry, problems=problems)

    def lint_file(self, path: Path) -> LintOutcome:
        """Lint a file as it is on disk."""
        try:
            data = path.read_bytes()
        except OSError as error:
            return LintOutcome(problems=(f"cannot be read: {error.strerror or error}",))
        return self.lint(path, data)

    def markdown_files(self, folders: Sequence[Path] | None = None) -> Iterator[Path]:
        """The files `prdlint check FOLDER` would lint in each workspace folder (include and exclude apply).

        Raises ConfigError when a configuration met on the way is invalid.
        """
        seen: set[Path] = set()
        for folder in self.folders if folders is None else folders:
            runner = self.runner_for(folder)
            for target in runner.targets([os.fspath(folder)]):
                if target.path is not None and target.missing is None:
                    key = target.path.resolve()
                    if key not in seen and self.folder_for(key) == folder:  # a nested folder has its own
                        seen.add(key)
                        yield key
