"""Regular expressions that users write: in the configuration, in rule packs and in rule options.

Anyone who can open a pull request can write ``placeholders: {patterns: ['(a|aa)+$']}`` into
``.prdlint.yaml``. Python's ``re`` cannot be interrupted, so such a pattern would hang the run. These
patterns are compiled with the ``regex`` package instead (its default mode behaves like ``re``; it
also avoids much of the backtracking ``re`` does) and every search gets a timeout: all user patterns
together may take :data:`BUDGET` seconds of matching per document. Past that, a search finds nothing
and the timeout is recorded (:func:`take_timeouts`): the engine reports it as PRD000 naming the
pattern and where it was written, and every other finding of the document stands.

prdlint's own patterns stay with ``re``: the test suite checks them for super-linear backtracking.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

BUDGET = 5.0  # seconds of matching for all user patterns on one document

_left = BUDGET
_timeouts: dict[tuple[str, str], PatternTimeout] = {}
_timeout_events = 0  # every search that ran out of time, ever: memoized answers must not hide one


class PatternTimeout(Exception):
    """A user pattern used up the time budget of a document (catastrophic backtracking, most likely)."""

    is_user_error = True  # not a bug in prdlint: PRD000 says so, without asking for a report

    def __init__(self, pattern: str, origin: str) -> None:
        self.pattern = pattern
        self.origin = origin
        where = f" ({origin})" if origin else ""
        super().__init__(
            f"the regular expression {pattern!r}{where} took more than {BUDGET:g} s on this document "
            "(nested repetition such as '(a+)+' backtracks without end): simplify it"
        )


def new_document() -> None:
    """Give the next document the whole budget (the engine calls this before each document)."""
    global _left
    _left = BUDGET
    _timeouts.clear()


def timeout_events() -> int:
    """How many searches have run out of time in this process (an answer computed while this grew is not kept)."""
    return _timeout_events


def take_timeouts() -> list[PatternTimeout]:
    """The patterns that ran out of time on the current document (each once), and forget them."""
    found = list(_timeouts.values())
    _timeouts.clear()
    return found


def check(pattern: str, ignore_case: bool = False) -> str | None:
    """Why ``pattern`` cannot be used, or None. The message of ``re`` where it has one."""
    flags = re.IGNORECASE if ignore_case else 0
    try:
        re.compile(pattern, flags)
    except re.error as error:
        return str(error)
    except (RecursionError, OverflowError, ValueError) as error:
        return f"too complex ({type(error).__name__})"
    import regex  # only where a user pattern is: not on the start-up path of every run

    try:
        regex.compile(pattern, (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0)
    except regex.error as error:
        return str(error)
    except (RecursionError, OverflowError, ValueError) as error:
        return f"too complex ({type(error).__name__})"
    return None


def check_for_re(pattern: str) -> str | None:
    """Why a user pattern that must run with ``re`` (no timeout: a vocabulary's ``stories``) cannot be
    used, or None. Besides :func:`check`, nested repetition (``(a+)+``, ``(\\w+\\s?)*``) and alternatives
    under an unbounded repetition (``(a|aa)+``) are refused: they are what backtracks without end."""
    problem = check(pattern, True)
    if problem is not None:
        return problem
    try:
        from re import _constants as constants  # type: ignore[attr-defined,unused-ignore]
        from re import _parser as parser  # type: ignore[attr-defined,unused-ignore]
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as constants  # type: ignore[no-redef,unused-ignore]
        import sre_parse as parser  # type: ignore[no-redef,unused-ignore]
    repeats = {getattr(constants, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
               if hasattr(constants, name)}

    def walk(items: Any, under_repeat: bool, under_unbounded: bool) -> str | None:
        for op, arg in items:
            if op in repeats:
                _, high, body = arg
                unbounded = high == constants.MAXREPEAT
                if under_repeat and unbounded:
                    return "nested repetition (such as '(a+)+') can backtrack without end"
                found = walk(body, under_repeat or high > 1, under_unbounded or unbounded)
                if found:
                    return found
            elif op is constants.BRANCH:
                if under_unbounded:
                    return "alternatives under a repetition (such as '(a|aa)+') can backtrack without end"
                for branch in arg[1]:
                    found = walk(branch, under_repeat, under_unbounded)
                    if found:
                        return found
            elif op is constants.SUBPATTERN:
                found = walk(arg[-1], under_repeat, under_unbounded)
                if found:
                    return found
            elif op in (constants.ASSERT, constants.ASSERT_NOT):
                found = walk(arg[1], under_repeat, under_unbounded)
                if found:
                    return found
        return None

    problem = walk(parser.parse(pattern, re.IGNORECASE), False, False)
    return f"{problem}; simplify it" if problem else None


class UserPattern:
    """A compiled user pattern with the methods prdlint uses, each under the document's time budget."""

    __slots__ = ("_compiled", "origin", "pattern")

    def __init__(self, pattern: str, ignore_case: bool = False, origin: str = "") -> None:
        self.pattern = pattern
        self.origin = origin
        import regex  # only where a user pattern is: not on the start-up path of every run

        flags = (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0
        self._compiled: Any = regex.compile(pattern, flags)

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r})"

    def _out_of_time(self) -> None:
        global _timeout_events
        _timeout_events += 1
        _timeouts.setdefault((self.pattern, self.origin), PatternTimeout(self.pattern, self.origin))

    def _spent(self, start: float) -> None:
        global _left
        _left -= time.perf_counter() - start

    def _call(self, method: str, text: str, pos: int, endpos: int | None) -> Any:
        if _left <= 0:
            self._out_of_time()
            return None
        start = time.perf_counter()
        try:
            return getattr(self._compiled, method)(text, pos, len(text) if endpos is None else endpos, timeout=_left)
        except TimeoutError:
            self._out_of_time()
            return None
        finally:
            self._spent(start)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call("search", text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call("match", text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> Any:
        return self._call("fullmatch", text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Any]:
        if _left <= 0:
            self._out_of_time()
            return
        matches = self._compiled.finditer(text, pos, len(text) if endpos is None else endpos, timeout=_left)
        while True:
            start = time.perf_counter()
            try:
                found = next(matches, None)
            except TimeoutError:
                self._out_of_time()
                return
            finally:
                self._spent(start)
            if found is None:
                return
            yield found
            if _left <= 0:
                self._out_of_time()
                return


# A pattern prdlint runs: its own (re) or a user's (regex, under the budget).
TextPattern = re.Pattern[str] | UserPattern
