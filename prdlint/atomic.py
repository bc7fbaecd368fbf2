"""Writing a file so that it is either the old one or the whole new one, never half of the new one.

Every file prdlint writes goes through :func:`_replacing`: reports (``--output-file``, so the SARIF
file too), baselines, the result cache's entries and the compiled packs. The content goes to a
temporary file in the same directory, which is renamed over the target (``os.replace`` is atomic
on POSIX and Windows). A run killed or failing mid-write leaves the old file as it was, and a
failure removes the temporary file. Reports and baselines are also flushed to disk before the
rename (``durable``); the caches are not (a lost entry is a miss, and an fsync per linted file
would cost more than the cache saves on a small run).

A target that exists and is not a regular file (``/dev/stdout``, a named pipe) is written in place:
renaming over it would replace the device or pipe itself. A replaced file keeps its permissions.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TextIO, cast

_SERIAL = itertools.count()


@contextlib.contextmanager
def _replacing(
    target: Path, *, text: bool, encoding: str | None = None, newline: str | None = None, durable: bool = True
) -> Iterator[IO[Any]]:
    """A stream (text or binary) whose content replaces ``target`` when the block ends without an exception."""
    target = Path(os.path.realpath(target))  # through a symbolic link: replace the file, not the link
    try:
        old: os.stat_result | None = os.stat(target)
    except OSError:
        old = None  # missing: created by the rename
    mode = "w" if text else "wb"
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(target, mode, encoding=encoding, newline=newline) as stream:
            yield stream
        return
    # Unique to this process, moment and call; not tempfile, whose import costs more than a small run's write.
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{time.monotonic_ns()}-{next(_SERIAL)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(temporary, flags, 0o666)  # the umask applies, as for a plain open()
    try:
        with os.fdopen(descriptor, mode, encoding=encoding, newline=newline) as stream:
            yield stream
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        if old is not None:
            os.chmod(temporary, stat.S_IMODE(old.st_mode))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@contextlib.contextmanager
def atomic_writer(target: Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text stream whose content replaces ``target`` (durably) when the block ends without an exception."""
    with _replacing(target, text=True, encoding=encoding, newline=newline) as stream:
        yield cast(TextIO, stream)


def write_text_atomically(target: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    with atomic_writer(target, encoding=encoding, newline=newline) as stream:
        stream.write(text)


def write_atomically(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace ``path`` by ``data``; another prdlint reading it meanwhile sees the old file or the new one."""
    with _replacing(path, text=False, durable=durable) as stream:
        stream.write(data)
