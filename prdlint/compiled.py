"""Data prdlint derives from its own files, kept compiled in the user's cache directory between runs.

The built-in packs are YAML; reading them means importing PyYAML (a large part of a
pre-commit run's start-up) and parsing five files every time. Their parsed form is kept
as a marshal file named by a digest of prdlint's version, the Python version and the
exact bytes of the files, so an edited pack is never read from a stale copy. Without a
writable cache directory prdlint just parses them each time.

The directory is ``$PRDLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/prdlint``, else
``~/.cache/prdlint`` (``%LOCALAPPDATA%\\prdlint`` on Windows).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from prdlint import __version__
from prdlint.atomic import write_atomically

CACHE_DIR_VARIABLE = "PRDLINT_CACHE_DIR"


def user_cache_dir() -> Path | None:
    """Where prdlint keeps compiled data for this user (None when there is no home to put it in)."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "prdlint" if base else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "prdlint"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "prdlint" if home and home != "~" else None


def compiled(kind: str, sources: Sequence[Path], build: Callable[[list[bytes]], Any]) -> Any:
    """``build(contents of sources)``, read from the cache when those exact contents were built before.

    ``build`` must return data marshal can store (dicts, lists, strings, numbers); anything
    else is simply not cached.
    """
    contents = [path.read_bytes() for path in sources]
    hasher = hashlib.blake2b(digest_size=16)
    for part in (__version__.encode(), sys.version.encode(), kind.encode(), *contents):
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    directory = user_cache_dir()
    entry = directory / f"{kind}-{hasher.hexdigest()}.marshal" if directory is not None else None
    if entry is not None:
        try:
            with open(entry, "rb") as handle:
                return marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    data = build(contents)
    if entry is not None:
        _store(entry, data)
    return data


def _store(entry: Path, data: Any) -> None:
    try:
        payload = marshal.dumps(data)
    except ValueError:  # not marshal data (a YAML date, say): built each time
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(entry, payload)
    except OSError:
        pass  # no writable cache directory: parse again next time
