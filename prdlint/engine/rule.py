"""A rule is data (code, name, docs, defaults) plus a check function."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from prdlint.engine.finding import Severity, Violation

if TYPE_CHECKING:
    from prdlint.analysis import Analysis
    from prdlint.engine.suppression import Suppressions
    from prdlint.model import Document

@dataclass(frozen=True)
class RuleContext:
    """What a check may use besides the document."""

    options: Mapping[str, Any]
    analysis: Analysis
    profile: str = "generic"
    # For rules that run after suppression comments were applied (Rule.after_suppression):
    suppressions: Suppressions | None = None
    running: frozenset[str] = frozenset()  # the codes of the rules that ran on this document


CheckFunction = Callable[["Document", RuleContext], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    """A rule's data and its check function."""

    code: str
    name: str
    family: str
    severity: Severity
    summary: str
    rationale: str
    bad: str
    good: str
    check: CheckFunction
    options: Mapping[str, Any] = field(default_factory=dict)
    option_docs: Mapping[str, str] = field(default_factory=dict)
    # The kinds of document the rule runs on; None (built-in rules) leaves it to the kinds: each
    # kind's pack lists the rule families that apply to it (rules/kinds/<kind>.yaml, `families:`).
    profiles: tuple[str, ...] | None = None
    needs_content: bool = True  # False only for rules that report on unreadable files
    # True for rules about the suppression comments themselves (PRD003): they run after the others'
    # findings were filtered, and what they report is never silenced by the comment it is about.
    after_suppression: bool = False
    source: str = "built-in"  # the rule pack a declarative rule came from

    @property
    def prefix(self) -> str:
        """The family prefix of the code: 'PRD1' for PRD101."""
        digits = len(self.code) - len(self.code.rstrip("0123456789"))
        return self.code[: len(self.code) - digits + 1] if digits >= 3 else self.code
