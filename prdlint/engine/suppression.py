"""Applying ``<!-- prdlint-disable ... -->`` comments to findings, and finding those that silence nothing.

Each selector of a disabling directive is a :class:`Cover`. When a finding is suppressed, the
narrowest cover that applies gets the credit (a line directive before a range, a range before
the whole file; within one, a selector naming the rule before one naming every rule), so a
cover that never gets any suppresses nothing and can be removed without changing the output
(PRD003, like ruff's RUF100).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from prdlint.analysis.directives import Directive
from prdlint.engine.finding import Finding
from prdlint.engine.registry import Registry

DISABLING = ("disable", "disable-next-line", "disable-line", "disable-file")


@dataclass(frozen=True)
class Cover:
    """One selector of one directive; ``selector`` None when the directive names no rule (every rule)."""

    directive: int  # index in Suppressions.directives
    selector: int | None


@dataclass(frozen=True)
class _Scope:
    """What is switched off: rules by code (each with its cover) and, optionally, every rule."""

    codes: Mapping[str, Cover] = field(default_factory=dict)
    everything: Cover | None = None
    reenabled: frozenset[str] = frozenset()

    def blocker(self, code: str, exclude: int | None) -> Cover | None:
        named = self.codes.get(code)
        if named is not None and named.directive != exclude:
            return named
        every = self.everything
        if every is not None and code not in self.reenabled and every.directive != exclude:
            return every
        return None

    def adding(self, codes: Mapping[str, Cover], everything: Cover | None, breadth: Mapping[Cover, int]) -> _Scope:
        """This scope and more covers: for each code the narrowest cover wins (on a tie, the earlier)."""
        merged = dict(self.codes)
        for code, cover in codes.items():
            if code not in merged or breadth[cover] < breadth[merged[code]]:
                merged[code] = cover
        return _Scope(merged, self.everything or everything, self.reenabled)


@dataclass(frozen=True)
class UnusedCover:
    """A directive, or one selector of it, that suppressed nothing in this run."""

    directive: Directive
    selector: int | None  # None: the whole directive
    not_enabled: tuple[str, ...]  # selectors (as written) that name only rules not run on this file
    unused: tuple[str, ...]  # selectors (as written) that name rules that run but found nothing to silence


@dataclass
class Suppressions:
    """Which codes are switched off where, as the directives of one document say, and which did something."""

    directives: list[Directive] = field(default_factory=list)
    file_scope: _Scope = field(default_factory=_Scope)
    line_scopes: dict[int, _Scope] = field(default_factory=dict)
    ranges: list[tuple[int, _Scope]] = field(default_factory=list)  # (from line, scope), in order
    covers: dict[Cover, frozenset[str] | None] = field(default_factory=dict)  # codes; None: every rule
    used: set[Cover] = field(default_factory=set)

    @classmethod
    def build(cls, directives: Iterable[Directive], registry: Registry) -> Suppressions:
        result = cls(directives=list(directives))
        state = _Scope()
        breadth: dict[Cover, int] = {}
        for index, directive in enumerate(result.directives):
            if not directive.known:
                continue
            named = _named_codes(index, directive, registry)
            if directive.selectors and not named:
                # Only unknown selectors (reported as PRD002): suppress nothing rather than everything.
                continue
            everything = Cover(index, None) if not directive.selectors else None
            if directive.verb in DISABLING:
                for cover, codes in _covers(index, directive, named):
                    result.covers[cover] = codes
            by_code = {code: cover for cover, codes in named for code in codes}  # narrower ones last: they win
            breadth.update((cover, len(codes)) for cover, codes in named)
            if directive.verb == "disable-file":
                result.file_scope = result.file_scope.adding(by_code, everything, breadth)
            elif directive.verb in ("disable-next-line", "disable-line"):
                if directive.verb == "disable-next-line":
                    lines: Iterable[int] = [directive.end_line + 1]
                else:  # every line the comment spans
                    lines = range(directive.line, directive.end_line + 1)
                for number in lines:
                    scope = result.line_scopes.get(number, _Scope())
                    result.line_scopes[number] = scope.adding(by_code, everything, breadth)
            elif directive.verb == "disable":
                if everything is not None:
                    state = _Scope(state.codes, everything)
                else:
                    state = _Scope({**state.codes, **by_code}, state.everything, state.reenabled - set(by_code))
                result.ranges.append((directive.line, state))
            elif directive.verb == "enable":
                if everything is not None:
                    state = _Scope()
                else:
                    kept = {code: cover for code, cover in state.codes.items() if code not in by_code}
                    state = _Scope(kept, state.everything, state.reenabled | set(by_code))
                result.ranges.append((directive.line, state))
        return result

    def cover_for(self, finding: Finding, *, exclude: int | None = None) -> Cover | None:
        """The narrowest cover that silences ``finding`` (never one of directive ``exclude``), or None."""
        code = finding.code
        on_line = self.line_scopes.get(finding.line)
        if on_line is not None:
            found = on_line.blocker(code, exclude)
            if found is not None:
                return found
        # The last range starting on or before the finding's line (a binary search: many directives stay fast).
        index = bisect_right(self.ranges, finding.line, key=lambda item: item[0]) - 1
        state = self.ranges[index][1] if index >= 0 else None
        if state is not None:
            found = state.blocker(code, exclude)
            if found is not None:
                return found
        return self.file_scope.blocker(code, exclude)

    def suppresses(self, finding: Finding, *, own_comment_excluded: bool = False) -> bool:
        """Whether a directive silences ``finding``; the cover that does is credited with it.

        With ``own_comment_excluded``, the directive whose comment holds the finding does not count
        (a report about a directive is never silenced by that directive itself).
        """
        exclude = None
        if own_comment_excluded:
            exclude = next(
                (i for i, d in enumerate(self.directives) if d.contains(finding.line, finding.col)), None
            )
        cover = self.cover_for(finding, exclude=exclude)
        if cover is None:
            return False
        self.used.add(cover)
        return True

    def unused(self, running: frozenset[str]) -> list[UnusedCover]:
        """The disabling directives, or selectors of them, that silenced nothing.

        ``running`` holds the codes of the rules that ran on this document; a selector naming none
        of them is reported as naming rules that are not enabled, like ruff's "non-enabled" codes.
        """
        by_directive: dict[int, list[Cover]] = {}
        for cover in self.covers:
            by_directive.setdefault(cover.directive, []).append(cover)
        found: list[UnusedCover] = []
        for index, covers in sorted(by_directive.items()):
            idle = [cover for cover in covers if cover not in self.used]
            if not idle:
                continue
            directive = self.directives[index]
            named = [(self._written(cover), self._inactive(cover, running)) for cover in idle
                     if cover.selector is not None]
            if len(idle) == len(covers):
                found.append(UnusedCover(directive, None, tuple(name for name, off in named if off),
                                         tuple(name for name, off in named if not off)))
                continue
            for cover, (name, off) in zip(idle, named, strict=True):
                found.append(UnusedCover(directive, cover.selector, (name,) if off else (), () if off else (name,)))
        return found

    def _written(self, cover: Cover) -> str:
        selector = cover.selector
        return self.directives[cover.directive].selectors[selector].text if selector is not None else ""

    def _inactive(self, cover: Cover, running: frozenset[str]) -> bool:
        codes = self.covers[cover]
        return codes is not None and not codes & running


def _named_codes(index: int, directive: Directive, registry: Registry) -> list[tuple[Cover, frozenset[str]]]:
    """Each known selector's cover and codes, broadest first (so that narrower ones take the credit)."""
    named: list[tuple[Cover, frozenset[str]]] = []
    for position, selector in enumerate(directive.selectors):
        rules = registry.resolve(selector.text)
        if rules:
            named.append((Cover(index, position), frozenset(rule.code for rule in rules)))
    # Broadest first, and among equals the first written last: later entries take the credit.
    named.sort(key=lambda item: (-len(item[1]), -(item[0].selector or 0)))
    return named


def _covers(
    index: int, directive: Directive, named: list[tuple[Cover, frozenset[str]]]
) -> list[tuple[Cover, frozenset[str] | None]]:
    if not directive.selectors:
        return [(Cover(index, None), None)]
    return [(cover, codes) for cover, codes in named]
