"""Which files to lint: walking directories, include/exclude globs, and each file's configuration."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from prdlint.config import Config
from prdlint.engine.finding import printable
from prdlint.inputs import describe_os_error

# Never descended into when searching a directory (a named file is still linted).
DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", ".jj", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
        ".mypy_cache", ".ruff_cache", ".pytest_cache", "site-packages", ".direnv", ".eggs", "__pypackages__",
        ".prdlint_cache",
    }
)


def _translate(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            while pattern.startswith("**/", i):  # '**/**/' is '**/': repeated, it would only backtrack more
                i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
            while i < len(pattern) and pattern[i] == "*":
                i += 1
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (close := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : close].replace("\\", "\\\\")  # a backslash in a class is itself
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def glob_problem(pattern: str) -> str | None:
    """Why a glob cannot be used (a character class such as '[z-a]' that is not valid), or None."""
    try:
        GlobMatcher([pattern], Path("."))
    except re.error as error:
        return f"invalid glob {pattern!r}: {error.msg}"
    except RecursionError:
        return f"invalid glob {pattern!r}: too complex"
    return None


translate_glob = _translate  # for path conventions elsewhere (prdlint.kinds.detection)


class GlobMatcher:
    """Gitignore-style globs relative to a root directory.

    A pattern without '/' matches a file or directory name at any depth
    (``drafts``, ``*.tmp.md``); one with '/' is anchored at the root
    (``docs/archive/**``). A pattern that matches a directory matches
    everything below it.
    """

    def __init__(self, patterns: Iterable[str], root: Path, roots: Sequence[Path] = ()) -> None:
        self.patterns = tuple(patterns)
        self.root = root
        # Globs inherited through `extend` are relative to the file that wrote them: one matcher per directory.
        self._others = [
            GlobMatcher([p for p, r in zip(self.patterns, roots, strict=True) if r == other], other)
            for other in dict.fromkeys(roots) if other != root
        ]
        if self._others:
            self.patterns = tuple(p for p, r in zip(self.patterns, roots, strict=True) if r == root)
        anchored, names = [], []
        for pattern in self.patterns:  # only those relative to ``root``
            pattern = pattern.strip()
            if pattern.startswith("./"):
                pattern = pattern[2:]
            if "/" in pattern.rstrip("/"):
                anchored.append(_translate(pattern.lstrip("/").rstrip("/")))
            else:
                names.append(_translate(pattern.rstrip("/")))
        self._anchored = re.compile(r"(?:" + "|".join(anchored) + r")(?:/.*)?\Z") if anchored else None
        self._names = re.compile(r"(?:" + "|".join(names) + r")\Z") if names else None

    def relative(self, path: Path) -> str:
        try:  # os.path.realpath: Path.resolve() raises on a symbolic link loop
            return Path(os.path.realpath(path)).relative_to(os.path.realpath(self.root)).as_posix()
        except ValueError:
            return path.as_posix()

    def matches(self, path: Path) -> bool:
        if any(other.matches(path) for other in self._others):
            return True
        relative = self.relative(path)
        if self._anchored is not None and self._anchored.match(relative):
            return True
        if self._names is not None:
            return any(self._names.match(part) for part in relative.split("/"))
        return False


@dataclass(frozen=True)
class Target:
    """One document to lint: where it is, how to show its path, and its configuration."""

    path: Path | None  # None for standard input
    display: str
    config: Config
    missing: str | None = None  # why a path named on the command line cannot be linted


def display_path(path: Path) -> str:
    """How findings show a path: relative to the working directory when below it, and printable (a
    new line or a byte that is not UTF-8 in a file name is escaped: it must not forge a line of output)."""
    try:
        relative = os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive on Windows
        return printable(str(path))
    return printable(str(path) if relative.startswith("..") else relative)


def _is_virtualenv(directory: Path) -> bool:
    return os.path.isfile(directory / "pyvenv.cfg")  # False, not an exception, in an unreadable directory


def _real(path: Path) -> Path:
    """The path with links resolved, as far as they resolve: Path.resolve() raises on a link loop."""
    return Path(os.path.realpath(path))


def _is_directory(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:  # a link loop, a broken link, or a parent directory that cannot be read
        return False


def iter_targets(
    paths: Sequence[str],
    config_for: Callable[[Path], Config],
    *,
    force_exclude: bool = False,
) -> Iterator[Target]:
    """The files named by ``paths`` (files, or directories searched recursively), each once, sorted.

    A directory that cannot be read is a target too, with the reason in ``missing`` (a PRD001
    finding): its files were not linted, and that must not pass unnoticed.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if _is_directory(path):
            for file, problem in sorted(_walk(path, config_for), key=lambda item: item[0]):
                key = _real(file)
                if key not in seen:
                    seen.add(key)
                    yield Target(file, display_path(file), config_for(file.parent), missing=problem)
        elif os.path.lexists(path):
            config = config_for(path.parent)
            key = _real(path)
            if key in seen or (force_exclude and is_excluded(path, config)):
                continue
            seen.add(key)
            yield Target(path, display_path(path), config)
        else:
            yield Target(path, printable(raw), config_for(path.parent if _is_directory(path.parent) else Path.cwd()),
                         missing="no such file or directory")


def config_globs(config: Config, *settings: str) -> GlobMatcher:
    """A matcher for the globs of these settings of ``config`` (include, exclude, extend-exclude)."""
    patterns: list[str] = []
    roots: list[Path] = []
    for setting in settings:
        for index, pattern in enumerate(getattr(config, setting.replace("-", "_"))):
            patterns.append(pattern)
            roots.append(config.glob_root(setting, index))
    return GlobMatcher(patterns, config.root, roots)


def is_excluded(path: Path, config: Config) -> bool:
    """Whether ``exclude`` or ``extend-exclude`` of ``config`` matches ``path``."""
    if not (config.exclude or config.extend_exclude):
        return False
    return config_globs(config, "exclude", "extend-exclude").matches(path)


def _walk(top: Path, config_for: Callable[[Path], Config]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for each file to lint, and (directory, why) for each directory that cannot be read."""
    unreadable: list[OSError] = []
    for directory, dirnames, filenames in os.walk(top, onerror=unreadable.append):
        while unreadable:
            yield from _unreadable_directory(unreadable.pop(), top)
        current = Path(directory)
        config = config_for(current)
        exclude = config_globs(config, "exclude", "extend-exclude")
        include = config_globs(config, "include")
        dirnames[:] = sorted(
            name
            for name in dirnames
            if name not in DEFAULT_EXCLUDED_DIRS
            and not _is_virtualenv(current / name)
            and not exclude.matches(current / name)
        )
        for name in sorted(filenames):
            file = current / name
            if include.matches(file) and not exclude.matches(file):
                yield file, None
    while unreadable:
        yield from _unreadable_directory(unreadable.pop(), top)


def _unreadable_directory(error: OSError, top: Path) -> Iterator[tuple[Path, str | None]]:
    where = Path(error.filename) if error.filename is not None else top
    yield where, f"directory cannot be read ({describe_os_error(error)}); its files were not linted"
