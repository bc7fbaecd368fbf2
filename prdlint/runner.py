"""One run: files -> documents -> findings, with each file's configuration and settings."""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prdlint.config import Config, ConfigError, default_config, find_config, load_config
from prdlint.engine.collector import collector_paused
from prdlint.engine.finding import printable
from prdlint.engine.linter import FileResult, lint_document
from prdlint.engine.registry import Registry, merged_registry, registry_for
from prdlint.engine.settings import LintSettings, check_cli_selectors, resolve_settings
from prdlint.files import Target, iter_targets
from prdlint.inputs import DEFAULT_MAX_FILE_SIZE, InputError, read_bytes, too_large
from prdlint.kinds import choose_kind
from prdlint.kinds.languages import config_vocabularies
from prdlint.model import Document, UnreadableDocument

if TYPE_CHECKING:
    from prdlint.engine.cache import ResultCache


@dataclass(frozen=True)
class RunOptions:
    """The command-line options of a run that decide what is linted and how."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()  # --ignore and --extend-ignore
    extend_select: tuple[str, ...] = ()
    profile: str | None = None
    config_file: Path | None = None
    isolated: bool = False
    force_exclude: bool = False
    jobs: int = 0  # worker processes; 0 picks one per CPU for large runs
    max_file_size: int | None = None  # bytes; --max-file-size, else the configuration's, else the default
    cache: bool = True  # the result cache in .prdlint_cache/ (prdlint.engine.cache)


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 16
# Work goes to the worker processes biggest file first, in chunks this small (files, bytes), so that
# no worker is left with a long tail while the others are idle.
CHUNK_FILES = 4
CHUNK_BYTES = 256 * 1024
NO_CACHE_VARIABLE = "PRDLINT_NO_CACHE"


def cache_wanted(options: RunOptions) -> bool:
    return options.cache and not os.environ.get(NO_CACHE_VARIABLE)


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
        self._caches: dict[tuple[Path | None, Path], ResultCache | None] = {}
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
        """Results in the order of ``targets``: cached ones at once, the others linted here or in worker processes."""
        if self.workers(len(targets)) <= 1:
            yield from (self.lint_target(target) for target in targets)
            return
        results: dict[int, FileResult] = {}
        todo: list[int] = []
        for index, target in enumerate(targets):
            cached = self.cached(target)
            if cached is None:
                todo.append(index)
            else:
                results[index] = cached
        workers = self.workers(len(todo))
        if workers <= 1:  # (nearly) everything came from the cache
            for index, target in enumerate(targets):
                yield results.pop(index) if index in results else self.lint_target(target)
            return
        following = 0
        for index, result in self._lint_in_pool(targets, todo, workers):
            results[index] = result
            while following in results:
                yield results.pop(following)
                following += 1
        while following in results:
            yield results.pop(following)
            following += 1

    def _lint_in_pool(
        self, targets: Sequence[Target], todo: Sequence[int], workers: int
    ) -> Iterator[tuple[int, FileResult]]:
        """(index, result) of the targets ``todo`` as worker processes finish them, biggest file first."""
        from concurrent.futures import ProcessPoolExecutor, as_completed  # only large runs pay for the import

        pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(self.options,))
        try:
            chunks = {
                pool.submit(_lint_in_worker, [targets[index] for index in chunk]): chunk
                for chunk in _chunks(targets, todo)
            }
            for future in as_completed(chunks):
                yield from zip(chunks.pop(future), future.result(), strict=True)
        except BaseException:  # Ctrl-C, SIGTERM (prdlint.cli.Terminated) or a failure: no worker may outlive us
            _stop_workers(pool)
            raise
        pool.shutdown()

    def size_limit(self, config: Config) -> int:
        return self.options.max_file_size or config.max_file_size or DEFAULT_MAX_FILE_SIZE

    def cache_for(self, target: Target) -> ResultCache | None:
        """The result cache for a file, or None when there is none (--no-cache, standard input)."""
        if target.path is None or target.missing or not cache_wanted(self.options):
            return None
        config = target.config
        key = (config.path, config.root)
        if key not in self._caches:
            from prdlint.engine.cache import ResultCache, settings_key

            # Every option but how the work is done: one that changes findings (--max-file-size too) is
            # never left out of the key.
            options = (repr(replace(self.options, jobs=0, cache=True)),)
            self._caches[key] = ResultCache(config.root, settings_key(config, options))
        return self._caches[key]

    def cached(self, target: Target) -> FileResult | None:
        """The cached result of a file whose content has not changed, if there is one."""
        cache = self.cache_for(target)
        if cache is None:
            return None
        assert target.path is not None
        data = _read(target.path, self.size_limit(target.config))
        if isinstance(data, str):
            return None
        from prdlint.engine.cache import digest

        return cache.get(target.path, target.display, digest(data))

    def lint_target(self, target: Target, data: bytes | None = None) -> FileResult:
        """Lint one file (``data`` is its content when it was read already, as standard input is).

        An exception (a prdlint bug) becomes a PRD000 finding of its result, next to every finding
        made before it, and the run goes on with the other files. Such a result is never cached.
        """
        registry, settings = self.settings_for(target.config)
        cache: ResultCache | None = None
        content = ""
        problem = target.missing
        limit = self.size_limit(target.config)
        if data is not None and problem is None and len(data) > limit:
            problem = too_large(None, limit)
        elif data is None and problem is None and target.path is not None:
            read = _read(target.path, limit)
            if isinstance(read, str):
                problem = read
            else:
                data = read
                cache = self.cache_for(target)
                if cache is not None:
                    from prdlint.engine.cache import digest

                    content = digest(data)
                    cached = cache.get(target.path, target.display, content)
                    if cached is not None:
                        return cached
        try:
            with collector_paused():
                try:
                    document = self._load(target.display, data, problem)
                except Exception as error:
                    result = FileResult(target.display)
                    result.add_internal_error("while reading and parsing the file", error)
                    return result
                del data  # the document holds the text: a big file's bytes need not stay beside it
                result, readable = self._lint(target, document, registry, settings)
                del document  # freed by reference counting, before the collector runs again
        except Exception as error:  # _lint keeps what it can; this is the last resort
            result = FileResult(target.display)
            result.add_internal_error("while linting the file", error)
            return result
        if cache is not None and target.path is not None and readable:
            cache.put(target.path, target.display, content, result)  # never one with an error (PRD000)
        return result

    def _lint(
        self, target: Target, document: Document, registry: Registry, settings: LintSettings
    ) -> tuple[FileResult, bool]:
        """The result, and whether the document could be read."""
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
        return result, document.load_error is None

    @staticmethod
    def _load(display: str, data: bytes | None, problem: str | None) -> Document:
        if problem is not None:
            return Document.unreadable(display, problem)
        assert data is not None
        try:
            return Document.from_bytes(data, display)
        except UnreadableDocument as error:
            return Document.unreadable(display, str(error))


def _read(path: Path, limit: int) -> bytes | str:
    """A regular file's bytes (at most ``limit``), or why they cannot be read (prdlint.inputs)."""
    try:
        return read_bytes(path, limit)
    except InputError as error:
        return str(error)


def _size(target: Target) -> int:
    try:
        return target.path.stat().st_size if target.path is not None else 0
    except OSError:
        return 0


def _chunks(targets: Sequence[Target], todo: Sequence[int]) -> list[list[int]]:
    """Indexes of ``todo`` in small chunks, biggest file first."""
    sizes = {index: _size(targets[index]) for index in todo}
    chunks: list[list[int]] = []
    current: list[int] = []
    weight = 0
    for index in sorted(todo, key=lambda i: (-sizes[i], i)):
        if current and (len(current) >= CHUNK_FILES or weight + sizes[index] > CHUNK_BYTES):
            chunks.append(current)
            current, weight = [], 0
        current.append(index)
        weight += sizes[index]
    if current:
        chunks.append(current)
    return chunks


_WORKER: Runner | None = None


def _start_worker(options: RunOptions) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the main process stops the workers, which must not print
    # tracebacks of their own; SIGTERM (sent by _stop_workers) simply ends a worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = Runner(options)
    gc.freeze()  # what the worker has loaded stays: the collector need not scan it again


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


def _lint_in_worker(targets: list[Target]) -> list[FileResult]:
    assert _WORKER is not None
    return [_WORKER.lint_target(target) for target in targets]


__all__ = ["ConfigError", "RunOptions", "Runner"]
