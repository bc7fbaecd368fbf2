"""Applying ``<!-- prdlint-disable ... -->`` comments to findings."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from prdlint.analysis.directives import Directive
from prdlint.engine.finding import Finding
from prdlint.engine.registry import Registry

_EVERY_RULE = "*"


@dataclass
class _State:
    all_disabled: bool = False
    disabled: frozenset[str] = frozenset()
    reenabled: frozenset[str] = frozenset()

    def blocks(self, code: str) -> bool:
        return (self.all_disabled and code not in self.reenabled) or code in self.disabled


@dataclass
class Suppressions:
    """Which codes are switched off where, as the directives of one document say."""

    file_codes: set[str] = field(default_factory=set)
    line_codes: dict[int, set[str]] = field(default_factory=dict)
    ranges: list[tuple[int, _State]] = field(default_factory=list)  # (from line, state), in order

    @classmethod
    def build(cls, directives: Iterable[Directive], registry: Registry) -> Suppressions:
        result = cls()
        state = _State()
        for directive in directives:
            if not directive.known:
                continue
            codes = _codes(directive, registry)
            if directive.verb == "disable-file":
                result.file_codes |= codes or {_EVERY_RULE}
            elif directive.verb in ("disable-next-line", "disable-line"):
                if directive.verb == "disable-next-line":
                    lines: Iterable[int] = [directive.end_line + 1]
                else:  # every line the comment spans
                    lines = range(directive.line, directive.end_line + 1)
                for number in lines:
                    result.line_codes.setdefault(number, set()).update(codes or {_EVERY_RULE})
            elif directive.verb == "disable":
                if codes:
                    state = _State(state.all_disabled, state.disabled | codes, state.reenabled - codes)
                else:
                    state = _State(True)
                result.ranges.append((directive.line, state))
            elif directive.verb == "enable":
                if codes:
                    state = _State(state.all_disabled, state.disabled - codes, state.reenabled | codes)
                else:
                    state = _State()
                result.ranges.append((directive.line, state))
        return result

    def suppresses(self, finding: Finding) -> bool:
        code = finding.code
        if _EVERY_RULE in self.file_codes or code in self.file_codes:
            return True
        on_line = self.line_codes.get(finding.line)
        if on_line and (_EVERY_RULE in on_line or code in on_line):
            return True
        # The last range starting on or before the finding's line (a binary search: many directives stay fast).
        index = bisect_right(self.ranges, finding.line, key=lambda item: item[0]) - 1
        return index >= 0 and self.ranges[index][1].blocks(code)


def _codes(directive: Directive, registry: Registry) -> set[str]:
    codes: set[str] = set()
    for selector in directive.selectors:
        rules = registry.resolve(selector.text)
        if rules:
            codes.update(rule.code for rule in rules)
    if directive.selectors and not codes:
        # Only unknown selectors (reported as PRD002): suppress nothing rather than everything.
        codes.add("-")
    return codes
