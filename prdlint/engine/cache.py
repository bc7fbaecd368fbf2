"""The result cache: each file's findings, kept until anything that decides them changes.

Like ruff's cache, it lives next to the configuration root, in ``.prdlint_cache/`` (which
ignores itself in git and carries a CACHEDIR.TAG so that backup tools skip it). An entry
is found by a digest of the run's *settings key* and the file's paths, and holds the
digest of the content it was linted from; it is used only when that content digest
matches. The settings key covers everything else that decides a file's findings:
prdlint's version and its own source files, the Python version, the resolved
configuration, the content of the built-in packs, of the configuration's rule packs and
of its front matter schema (``max-file-size`` is part of the configuration), and the
command-line options (all but ``--jobs``: ``--select``, ``--ignore``, ``--kind``,
``--max-file-size`` ...). Editing any of them is a new key, so a cached result is never stale.

Entries are written to a temporary file and renamed over the old one (prdlint.atomic), so
concurrent runs never read half an entry. Results that carry an error (an unreadable file;
a PRD000 internal error: a rule that crashed, a user's pattern out of time) are never
cached, and an entry that cannot be read is a miss: the cache can make a run faster,
never different.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from prdlint import __version__
from prdlint.atomic import write_atomically
from prdlint.config import Config
from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult

CACHE_DIR_NAME = ".prdlint_cache"
FORMAT = 1  # of an entry; part of every key
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by prdlint.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
GITIGNORE = "# Created by prdlint automatically.\n*\n"
_SEVERITIES = {severity.value: severity for severity in Severity}
_PACKAGE = Path(__file__).resolve().parents[1]


def digest(*parts: bytes | str) -> str:
    """A hex digest of ``parts`` (each one length-prefixed, so no two sequences collide)."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        # surrogatepass: a file name that is not UTF-8 (os.fsdecode's lone surrogates) has a digest too
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@cache
def code_stamp() -> str:
    """prdlint's own files as they are now (names, sizes, modification times), and the Python version.

    The version alone would miss an edited source checkout; marshal's format follows Python's.
    """
    stamps: list[str] = [__version__, sys.version, str(FORMAT)]
    for directory, dirnames, filenames in os.walk(_PACKAGE):
        dirnames[:] = sorted(name for name in dirnames if name != "__pycache__")
        for name in sorted(filenames):
            if name.endswith((".py", ".yaml", ".json")):
                path = os.path.join(directory, name)
                info = os.stat(path)
                stamps.append(f"{os.path.relpath(path, _PACKAGE)}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*stamps)


def _contents(paths: Iterable[Path]) -> list[bytes]:
    """The bytes of each file, or a marker naming the error (a missing pack is a configuration error anyway)."""
    out: list[bytes] = []
    for path in paths:
        try:
            out.append(path.read_bytes())
        except OSError as error:
            out.append(f"unreadable {path}: {error}".encode())
    return out


def settings_key(config: Config, options: Iterable[object]) -> str:
    """Everything besides a file's content and paths that decides its findings under ``config``."""
    from prdlint.kinds.packs import builtin_pack_paths

    files = [*builtin_pack_paths(), *config.rule_packs]
    schema = config.frontmatter_schema
    if isinstance(schema, str):
        files.append(config.root / schema)
    return digest(code_stamp(), repr(config), repr(tuple(options)), *_contents(files))


def _encode(result: FileResult) -> tuple[Any, ...]:
    findings = tuple(
        (f.line, f.col, f.code, f.name, f.severity.value, f.message, f.end_line, f.end_col, f.text, f.fingerprint)
        for f in result.findings
    )
    return (result.profile, result.profile_reason, result.suppressed, findings)


def _decode(payload: Any, path: str) -> FileResult | None:
    """The result an entry holds, or None when it does not hold one of the expected shape."""
    if not (isinstance(payload, tuple) and len(payload) == 4):
        return None
    profile, reason, suppressed, rows = payload
    if not (isinstance(profile, str) and isinstance(reason, str) and isinstance(suppressed, int)):
        return None
    if not isinstance(rows, tuple):
        return None
    findings: list[Finding] = []
    for row in rows:
        if not (isinstance(row, tuple) and len(row) == 10 and row[4] in _SEVERITIES):
            return None
        line, col, code, name, severity, message, end_line, end_col, text, fingerprint = row
        findings.append(
            Finding(path, line, col, code, name, _SEVERITIES[severity], message, end_line, end_col, text, fingerprint)
        )
    return FileResult(path, findings, profile=profile, profile_reason=reason, suppressed=suppressed)


class ResultCache:
    """The entries under one configuration root, for one settings key."""

    def __init__(self, root: Path, settings_key: str) -> None:
        self.base = root / CACHE_DIR_NAME
        self.directory = self.base / __version__
        self.settings_key = settings_key
        self._ready = False

    def _entry(self, path: Path, display: str) -> Path:
        name = digest(self.settings_key, str(path), display)
        return self.directory / name[:2] / name[2:]

    def get(self, path: Path, display: str, content: str) -> FileResult | None:
        """The cached result for a file whose content has the digest ``content``, if there is one."""
        try:
            with open(self._entry(path, display), "rb") as handle:
                entry = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        if not (isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (FORMAT, content)):
            return None
        return _decode(entry[2], display)

    def put(self, path: Path, display: str, content: str, result: FileResult) -> None:
        """Store a result; one that carries an error is not stored, and a cache that cannot be written is no error."""
        if result.errors or any(finding.internal for finding in result.findings):
            return  # a PRD000 is never cached: the next run tries the file again (and says so again)
        entry = self._entry(path, display)
        try:
            self._prepare()
            entry.parent.mkdir(exist_ok=True)
            write_atomically(entry, marshal.dumps((FORMAT, content, _encode(result))))
        except OSError:
            pass  # a read-only checkout, a full disk: linting goes on without the cache

    def _prepare(self) -> None:
        if self._ready:
            return
        self.base.mkdir(exist_ok=True)
        for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", GITIGNORE)):
            marker = self.base / name
            if not marker.exists():
                try:
                    with open(marker, "x", encoding="utf-8") as stream:
                        stream.write(text)
                except FileExistsError:  # another run wrote it first
                    pass
        self.directory.mkdir(exist_ok=True)
        self._ready = True


def is_cache_dir(path: Path) -> bool:
    """A directory prdlint made for its cache (and so may remove)."""
    tag = path / "CACHEDIR.TAG"
    try:
        return path.name == CACHE_DIR_NAME and tag.read_text(encoding="utf-8").startswith(CACHEDIR_TAG.split("\n")[0])
    except OSError:
        return False


def find_caches(start: Path) -> list[Path]:
    """The cache directories of ``start``'s configuration root and of every directory below ``start``."""
    from prdlint.config import find_config
    from prdlint.files import DEFAULT_EXCLUDED_DIRS

    found: list[Path] = []
    config = find_config(start)
    candidates = [config.parent / CACHE_DIR_NAME] if config is not None else []
    for directory, dirnames, _ in os.walk(start):
        if CACHE_DIR_NAME in dirnames:
            candidates.append(Path(directory) / CACHE_DIR_NAME)
        dirnames[:] = [name for name in dirnames if name not in DEFAULT_EXCLUDED_DIRS and name != CACHE_DIR_NAME]
    for candidate in candidates:
        resolved = candidate.resolve()
        if is_cache_dir(resolved) and resolved not in found:
            found.append(resolved)
    return found
