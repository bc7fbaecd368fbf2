"""One run: files -> documents -> findings, with each file's configuration and settings."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prdlint.config import Config, ConfigError, default_config, find_config, load_config
from prdlint.engine.finding import printable
from prdlint.engine.linter import FileResult, lint_document
from prdlint.engine.registry import Registry, merged_registry, registry_for
from prdlint.engine.settings import LintSettings, check_cli_selectors, resolve_settings
from prdlint.files import Target, iter_targets
from prdlint.inputs import DEFAULT_MAX_FILE_SIZE, InputError, read_bytes, too_large
from prdlint.kinds import choose_kind
from prdlint.kinds.languages import config_vocabularies
from prdlint.model import Document, UnreadableDocument


@dataclass(frozen=True)
class RunOptions:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()  # --ignore and --extend-ignore
    extend_select: tuple[str, ...] = ()
    profile: str | None = None
    config_file: Path | None = None
    isolated: bool = False
    force_exclude: bool = False
    jobs: int = 0  # worker processes; 0 picks one per CPU for large runs
    max_file_size: int | None = None  # bytes; --max-file-size, else the configuration's, else the default


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 16


class Runner:
    """Caches configurations and settings across the files of one run."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self._override: Config | None = None
        if options.config_file is not None:
            self._override = load_config(options.config_file)
        elif options.isolated:
            self._override = default_config(Path.cwd())
        self._default: Config | None = None
        self._configs: dict[Path, Config] = {}  # by configuration file
        self._directories: dict[Path, Config] = {}  # by directory looked up
        self._settings: dict[tuple[Path | None, Path], tuple[Registry, LintSettings]] = {}
        # Reject an unknown --select/--ignore before any file is read (even when none is found), against the
        # rules known where the run starts: the built-in ones and the rule packs of that configuration.
        if options.select or options.ignore or options.extend_select:
            check_cli_selectors(registry_for(self.config_for(Path.cwd())), options.select, options.ignore,
                                options.extend_select)

    def config_for(self, directory: Path) -> Config:
        """The configuration for files in ``directory``: the nearest file above it, or the defaults."""
        if self._override is not None:
            return self._override
        if directory not in self._directories:
            found = find_config(directory)
            if found is None:
                if self._default is None:
                    self._default = default_config(Path.cwd())
                config = self._default
            else:
                if found not in self._configs:
                    self._configs[found] = load_config(found)
                config = self._configs[found]
            self._directories[directory] = config
        return self._directories[directory]

    def stdin_target(self, filename: str | None) -> Target:
        """Standard input, shown and configured as ``filename`` (which need not exist) when given."""
        if filename is None:
            return Target(None, "-", self.config_for(Path.cwd()))
        path = Path(filename)
        directory = path.parent
        while not directory.is_dir() and directory != directory.parent:  # ends at '.' or the root at worst
            directory = directory.parent
        return Target(path, printable(filename), self.config_for(directory))

    def settings_for(self, config: Config) -> tuple[Registry, LintSettings]:
        # Keyed by where the configuration came from, so that copies of it in worker processes share settings.
        key = (config.path, config.root)
        if key not in self._settings:
            registry = registry_for(config)  # built-in rules plus the configuration's rule packs
            settings = resolve_settings(config, registry, select=self.options.select, ignore=self.options.ignore,
                                        extend_select=self.options.extend_select)
            self._settings[key] = (registry, settings)
        return self._settings[key]

    def registry(self) -> Registry:
        """Every rule this run has seen (built-in and from rule packs), for reporters."""
        return merged_registry(registry for registry, _ in self._settings.values())

    def targets(self, paths: Sequence[str]) -> list[Target]:
        return list(iter_targets(paths, self.config_for, force_exclude=self.options.force_exclude))

    def workers(self, count: int) -> int:
        """How many processes to lint ``count`` files with."""
        if self.options.jobs > 0:
            return min(self.options.jobs, max(count, 1))
        if count < PARALLEL_THRESHOLD:
            return 1
        return min(os.cpu_count() or 1, count)

    def lint_all(self, targets: Sequence[Target]) -> Iterator[FileResult]:
        """Results in the order of ``targets``, linted in worker processes when that pays off."""
        workers = self.workers(len(targets))
        if workers <= 1:
            yield from (self.lint_target(target) for target in targets)
            return
        from concurrent.futures import ProcessPoolExecutor  # only large runs pay for the import

        chunk = max(1, min(64, len(targets) // (workers * 4)))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(self.options,))
        try:
            yield from pool.map(_lint_in_worker, targets, chunksize=chunk)
        except BaseException:  # Ctrl-C, SIGTERM (prdlint.cli.Terminated) or a failure: no worker may outlive us
            _stop_workers(pool)
            raise
        pool.shutdown()

    def size_limit(self, config: Config) -> int:
        return self.options.max_file_size or config.max_file_size or DEFAULT_MAX_FILE_SIZE

    def lint_target(self, target: Target, data: bytes | None = None) -> FileResult:
        """Lint one file. An exception (a prdlint bug) becomes a PRD000 finding of its result, next to
        every finding made before it, and the run goes on with the other files."""
        registry, settings = self.settings_for(target.config)
        try:
            return self._lint(target, data, registry, settings)
        except Exception as error:  # _lint keeps what it can; this is the last resort
            result = FileResult(target.display)
            result.add_internal_error("while linting the file", error)
            return result

    def _lint(self, target: Target, data: bytes | None, registry: Registry, settings: LintSettings) -> FileResult:
        try:
            document = self._load(target, data, self.size_limit(target.config))
        except Exception as error:
            result = FileResult(target.display)
            result.add_internal_error("while reading and parsing the file", error)
            return result
        profile, reason, failure = "generic", "", None
        try:
            if document.load_error is None:
                config = target.config
                profile, reason = choose_kind(
                    document, target.path, config.profiles, config.root, self.options.profile or config.profile,
                    config_vocabularies(config),
                    [config.glob_root("profiles", index) for index in range(len(config.profiles))],
                )
            ignored = settings.ignored_for(target.path) if target.path is not None else frozenset()
        except Exception as error:  # lint as generic, with every rule: better too many findings than none
            profile, reason, ignored, failure = "generic", "", frozenset(), error
        result = lint_document(document, settings, registry, profile=profile, ignored=ignored)
        result.profile_reason = reason
        if failure is not None:
            result.add_internal_error("while choosing the kind of document and per-file ignores", failure)
            result.findings.sort(key=lambda f: f.sort_key)
        return result

    @staticmethod
    def _load(target: Target, data: bytes | None, limit: int) -> Document:
        if target.missing:
            return Document.unreadable(target.display, target.missing)
        if data is None:
            assert target.path is not None
            try:
                data = read_bytes(target.path, limit)
            except InputError as error:
                return Document.unreadable(target.display, str(error))
        elif len(data) > limit:
            return Document.unreadable(target.display, too_large(None, limit))
        try:
            return Document.from_bytes(data, target.display)
        except UnreadableDocument as error:
            return Document.unreadable(target.display, str(error))


_WORKER: Runner | None = None


def _start_worker(options: RunOptions) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the main process stops the workers, which must not print
    # tracebacks of their own; SIGTERM (sent by _stop_workers) simply ends a worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = Runner(options)


def _stop_workers(pool: Any) -> None:
    """End every worker process now: cancel what is queued, terminate, then kill what still runs."""
    found = getattr(pool, "_processes", None)  # private, but the only way to reach the worker processes
    processes = list(found.values()) if isinstance(found, dict) else []
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join(timeout=2)


def _lint_in_worker(target: Target) -> FileResult:
    assert _WORKER is not None
    return _WORKER.lint_target(target)


__all__ = ["ConfigError", "RunOptions", "Runner"]
