"""What a rule reports, and what the engine makes of it."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# Where prdlint's bugs are reported; an internal error's finding (PRD000) asks for a report there.
ISSUES_URL = "https://github.com/prdlint/prdlint/issues"
INTERNAL_ERROR = "PRD000"
INTERNAL_ERROR_NAME = "internal-error"


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls(value.strip().lower())


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule's report: where, and what is wrong. The engine adds the rest."""

    line: int
    col: int
    message: str
    end_line: int | None = None
    end_col: int | None = None
    text: str = ""  # the offending source text, for fingerprints and context


@dataclass(frozen=True, order=True, slots=True)
class Finding:
    """One defect at an exact position. Ordered by path, line, column and code."""

    path: str
    line: int
    col: int
    code: str
    name: str
    severity: Severity
    message: str
    end_line: int | None = None
    end_col: int | None = None
    text: str = ""
    fingerprint: str = ""  # see prdlint.engine.fingerprint: survives line moves and unrelated edits

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)

    @property
    def internal(self) -> bool:
        """A PRD000 finding: prdlint failed on part of this file (never filtered, suppressed or baselined)."""
        return self.code == INTERNAL_ERROR


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (os.fsdecode's surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """Text that is safe on one line of a terminal, a log or any UTF-8 output: control characters, line
    separators and bytes that were not UTF-8 (in file names) are written as escapes (\\n, \\x1b, \\xff)."""
    return _UNPRINTABLE.sub(_escape, text)


def one_line(text: str, limit: int = 300) -> str:
    """Text on one line (an exception's message may hold new lines), cut to ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def internal_error(path: str, where: str, error: BaseException) -> Finding:
    """The PRD000 finding for an exception raised ``where`` ('in rule PRD201 (...)', 'while parsing')."""
    if getattr(error, "is_user_error", False):  # a configured regular expression that took too long
        message = f"{one_line(str(error))}; its matches in this file are not reported"
        return Finding(path, 1, 1, INTERNAL_ERROR, INTERNAL_ERROR_NAME, Severity.ERROR, message)
    detail = one_line(f"{type(error).__name__}: {error}")
    message = f"internal error {where}: {detail}; this is a bug in prdlint, please report it at {ISSUES_URL}"
    return Finding(path, 1, 1, INTERNAL_ERROR, INTERNAL_ERROR_NAME, Severity.ERROR, message)
