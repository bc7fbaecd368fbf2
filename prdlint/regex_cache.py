"""Regular expressions compiled once per user, not once per run of the command.

Python's ``re`` parses and compiles a pattern in Python code, and prdlint's rules, packs
and parser use a few hundred patterns: a third of a pre-commit run on a small file went
into compiling them. What the compiler hands the regex engine (``_sre.compile``'s
arguments: flags, the code list, the groups) depends only on the pattern, its flags and
the Python build, so the command keeps it in the user's cache directory and the next run
gives the engine the same arguments directly. The result is the very pattern ``re`` would
compile, with the same matches. Anything unexpected (another Python, a private interface
that changed, no cache directory) leaves ``re`` compiling as usual.

Only the command line installs this (prdlint.__main__); importing prdlint as a library
changes nothing in ``re``.
"""

from __future__ import annotations

import atexit
import importlib
import marshal
import sys
import threading
import types
from array import array
from pathlib import Path
from typing import Any

_Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
# The compiled code kept, in bytes: this run's patterns, then older ones up to this size (another
# configuration's patterns, or a pattern whose text differs between runs, do not make the file grow for ever).
_MOST_BYTES = 300_000

_installed: list[bool] = [False]


def install() -> None:
    """Make ``re`` take compiled patterns from the cache, and add the ones it compiles (once a process)."""
    if _installed[0]:
        return
    _installed[0] = True
    try:
        compiler = importlib.import_module("re._compiler")  # Python 3.11 on (sre_compile before: left alone)
        sre = importlib.import_module("_sre")
        if compiler._sre is not sre or getattr(sre, "CODESIZE", 0) != array("I").itemsize:
            return
        _Cache(compiler, sre).hook()
    except Exception:  # a Python whose re is built otherwise: compile as usual
        return


class _Cache:
    def __init__(self, compiler: Any, sre: Any) -> None:
        self.compiler = compiler
        self.sre = sre
        self.original = compiler.compile
        self.recorded = threading.local()  # the arguments of the last _sre.compile call, per thread
        self.path = _cache_file(sre)
        self.entries: dict[tuple[str, int], _Entry] = _load(self.path)
        self.hits: set[tuple[str, int]] = set()  # the patterns of this run found in the file
        self.new: dict[tuple[str, int], _Entry] = {}  # and those compiled here
        self.added = False

    def hook(self) -> None:
        recording = types.ModuleType("_sre")  # the engine's module with a compile that remembers its arguments
        recording.__dict__.update(self.sre.__dict__)
        real = self.sre.compile

        def compile_recorded(pattern: Any, flags: int, code: list[int], *rest: Any) -> Any:
            self.recorded.args = (pattern, flags, code, *rest)
            return real(pattern, flags, code, *rest)

        recording.compile = compile_recorded  # type: ignore[attr-defined]
        self.compiler._sre = recording
        self.compiler.compile = self.compile

    def compile(self, pattern: Any, flags: Any = 0) -> Any:
        if type(pattern) is not str or flags & self.compiler.SRE_FLAG_DEBUG:
            return self.original(pattern, flags)
        key = (pattern, int(flags))
        entry = self.entries.pop(key, None)  # a pattern is compiled once a process (re caches it)
        if entry is not None:
            self.hits.add(key)
            try:
                final_flags, code, groups, groupindex, indexgroup = entry
                return self.sre.compile(pattern, final_flags, array("I", code).tolist(), groups, groupindex,
                                        indexgroup)
            except Exception:  # a damaged entry, or not this engine's code: compiled (and kept) anew below
                self.hits.discard(key)
        self.recorded.args = None
        compiled = self.original(pattern, flags)
        args = self.recorded.args
        if args is not None and args[0] is pattern and len(args) == 6:
            _, final_flags, code, groups, groupindex, indexgroup = args
            try:
                self.new[key] = (int(final_flags), array("I", code).tobytes(), int(groups), dict(groupindex),
                                 tuple(indexgroup))
            except (OverflowError, TypeError, ValueError):
                return compiled
            if not self.added and self.path is not None:
                self.added = True
                atexit.register(self.keep)
        return compiled

    def keep(self) -> None:
        if self.path is None:
            return
        from prdlint.atomic import write_atomically

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, marshal.dumps(self._kept()))
        except (OSError, ValueError):
            pass  # no writable cache directory: compiled again next time

    def _kept(self) -> dict[tuple[str, int], _Entry]:
        kept = dict(self.new)
        size = sum(len(entry[1]) for entry in kept.values())
        old = _load(self.path)  # read again: the entries used were let go
        for key in self.hits & old.keys():
            kept[key] = old[key]
            size += len(old[key][1])
        for key, entry in old.items():
            if size >= _MOST_BYTES:
                break
            if key not in kept:
                kept[key] = entry
                size += len(entry[1])
        return kept


def _cache_file(sre: Any) -> Path | None:
    from prdlint import __version__
    from prdlint.compiled import user_cache_dir

    directory = user_cache_dir()
    if directory is None:
        return None
    build = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{getattr(sre, 'MAGIC', 0)}-{array('I').itemsize}"
    return directory / f"regexes-{__version__}-{build}.marshal"


def _load(path: Path | None) -> dict[tuple[str, int], _Entry]:
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            data = marshal.load(handle)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}
