"""Reading files prdlint did not write: only regular files, never more than a cap, never blocking.

A ``*.md`` that is a FIFO would block ``open()`` forever, a symbolic link to ``/dev/zero`` would be
read until memory runs out, and a looping link or an unreadable directory raised from deep inside
pathlib. Every file prdlint reads (documents, configuration, rule packs, schemas, baselines, the
GitHub event file) goes through :func:`read_bytes`, which stats the path first, opens it without
blocking, checks again on the open descriptor and reads at most ``limit + 1`` bytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024  # bytes: 10 MiB; the max-file-size setting and --max-file-size
CONFIG_SIZE_LIMIT = 10 * 1024 * 1024  # configuration files, packs, schemas and baselines

_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class InputError(Exception):
    """Why a file cannot be read, in a few words for a message ('not a regular file: a FIFO')."""


def kind_of(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def describe_os_error(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "a symbolic link loop"
    if error.errno == errno.ENOENT:
        return "no such file or directory (a broken symbolic link?)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


def check_regular(path: Path, limit: int | None = None) -> os.stat_result:
    """The stat of ``path`` (links followed); raises InputError unless it is a regular file within ``limit``."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(f"cannot be read: {describe_os_error(error)}") from None
    _check_mode(info, limit)
    return info


def _check_mode(info: os.stat_result, limit: int | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise InputError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"not a regular file ({kind_of(info.st_mode)})")
    if limit is not None and info.st_size > limit:
        raise InputError(too_large(info.st_size, limit))


def too_large(size: int | None, limit: int) -> str:
    """The reason for a file over ``limit`` bytes (``size`` None: read up to the limit and more was left)."""
    if size is None:
        return f"too large (over the limit of {limit:,} bytes; see max-file-size)"
    return f"too large ({size:,} bytes; the limit is {limit:,} bytes, see max-file-size)"


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit``; raises InputError saying why not."""
    check_regular(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise InputError(f"cannot be read: {describe_os_error(error)}") from None
    try:
        _check_mode(os.fstat(descriptor), limit)  # the path may have been swapped since the stat
        chunks: list[bytes] = []
        remaining = (limit + 1) if limit is not None else None
        while remaining is None or remaining > 0:
            chunk = os.read(descriptor, 1 << 20 if remaining is None else min(1 << 20, remaining))
            if not chunk:
                break
            chunks.append(chunk)
            if remaining is not None:
                remaining -= len(chunk)
    except OSError as error:
        raise InputError(f"cannot be read: {describe_os_error(error)}") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if limit is not None and len(data) > limit:
        raise InputError(too_large(None, limit))  # it grew after the stat
    return data


def read_text(path: Path, limit: int | None = CONFIG_SIZE_LIMIT, encoding: str = "utf-8-sig") -> str:
    """A regular text file (configuration, pack, schema, baseline); raises InputError or UnicodeDecodeError."""
    return read_bytes(path, limit).decode(encoding)
