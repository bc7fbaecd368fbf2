"""Writing a file so that it is either the old one or the whole new one, never half of the new one.

Reports (``--output-file``, so the SARIF file too) and baselines are written to a temporary file in
the same directory, flushed to disk and renamed over the target (``os.replace`` is atomic on POSIX
and Windows). A run killed or failing mid-write leaves the old file as it was and no temporary file.
A target that exists and is not a regular file (``/dev/stdout``, a named pipe) is written in place:
renaming over it would replace the device or pipe itself.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def _mode_for(target: Path) -> int:
    """The permissions the new file gets: the old file's, or what a plain open() would give."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _is_special(target: Path) -> bool:
    try:
        return not stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        return False  # missing: created by the rename


@contextlib.contextmanager
def atomic_writer(target: Path, *, encoding: str = "utf-8", newline: str | None = None) -> Iterator[TextIO]:
    """A text stream whose content replaces ``target`` when the block ends without an exception."""
    target = Path(os.path.realpath(target))  # through a symbolic link: replace the file, not the link
    if _is_special(target):
        with target.open("w", encoding=encoding, newline=newline) as stream:
            yield stream
        return
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_text_atomically(target: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    with atomic_writer(target, encoding=encoding, newline=newline) as stream:
        stream.write(text)
