"""What a rule reports, and what the engine makes of it."""

from __future__ import annotations

import enum
from dataclasses import dataclass


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
