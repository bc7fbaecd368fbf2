"""Faster regular expressions with the same matches: a look-ahead for the characters a match can start with.

Python's ``re`` tries every alternative of a pattern at every position of a text. A pattern
such as ``\\bTBD\\b|\\bTODO\\b|...`` starts with an assertion, so ``re`` cannot skip to the
places where a match could begin, and a prose text is scanned at a few hundred nanoseconds
a character. :func:`prefiltered` reads the pattern's syntax tree to find every character a
match can consume first and puts ``(?=[those])`` in front: a position where no match can
start then fails after one character test. A match, and its groups, are exactly the same;
a pattern it cannot read with certainty (categories such as ``\\w`` first, back-references,
flags changed inside, one that can match the empty string) is returned as it is.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import marshal
import re
import sys
from pathlib import Path
from typing import Any, Protocol

# re's own parser: re._parser from Python 3.11 (sre_parse before, deprecated since).
_private = "re._" if sys.version_info >= (3, 11) else "sre_"
_sre: Any = importlib.import_module(_private + "constants")
_sre_parse: Any = importlib.import_module(_private + "parse" if _private == "sre_" else _private + "parser")

_ZERO_WIDTH = frozenset({_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT})
_REPEATS = frozenset(
    op for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) if op is not None
)
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
_WIDEST_RANGE = 512  # a wider character range is not worth spelling out: no prefilter

# The characters a match can start with: (character, compared ignoring case); None when unknown.
# A "character" of two is a category escape of a class (\d, \s), which is as selective as a few characters.
_Starts = set[tuple[str, bool]]
_SELECTIVE_CATEGORIES = {_sre.CATEGORY_DIGIT: "\\d", _sre.CATEGORY_SPACE: "\\s"}  # not \w: nearly everything


class _Unknown(Exception):
    """The pattern has a construct whose first characters this module does not work out."""


def _class_chars(items: Any, ignore_case: bool) -> _Starts:
    chars: _Starts = set()
    for op, value in items:
        if op is _sre.LITERAL:
            chars.add((chr(value), ignore_case))
        elif op is _sre.RANGE and value[1] - value[0] <= _WIDEST_RANGE:
            chars.update((chr(code), ignore_case) for code in range(value[0], value[1] + 1))
        elif op is _sre.CATEGORY and value in _SELECTIVE_CATEGORIES:
            chars.add((_SELECTIVE_CATEGORIES[value], False))  # a digit or a space is one whatever the case
        else:  # NEGATE, CATEGORY (\w, \W, \D ...), a wide range
            raise _Unknown
    return chars


def _starts(items: Any, flags: int) -> tuple[_Starts, bool]:
    """The first characters of a sequence of pattern items, and whether it can match the empty string."""
    chars: _Starts = set()
    ignore_case = bool(flags & re.IGNORECASE)
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue  # anchors and look-arounds consume nothing: the next item starts the match
        if op is _sre.LITERAL:
            chars.add((chr(value), ignore_case))
            return chars, False
        if op is _sre.IN:
            chars |= _class_chars(value, ignore_case)
            return chars, False
        if op is _sre.BRANCH:
            empty = False
            for branch in value[1]:
                found, can_be_empty = _starts(branch, flags)
                chars |= found
                empty = empty or can_be_empty
            if not empty:
                return chars, False
            continue
        if op is _sre.SUBPATTERN:
            _, added, removed, body = value
            if (added | removed) & ~re.IGNORECASE:
                raise _Unknown
            found, can_be_empty = _starts(body, (flags | added) & ~removed)
            chars |= found
            if not can_be_empty:
                return chars, False
            continue
        if op in _REPEATS:
            low, _, body = value
            found, can_be_empty = _starts(body, flags)
            chars |= found
            if low > 0 and not can_be_empty:
                return chars, False
            continue
        raise _Unknown  # ANY, NOT_LITERAL, CATEGORY, GROUPREF, atomic groups ...
    return chars, True


def prefiltered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` with a look-ahead for the characters its matches start with (or ``pattern`` itself)."""
    wrapped = _wrapped(pattern.pattern, pattern.flags)
    if wrapped is not None:
        try:
            return re.compile(*wrapped)
        except re.error:  # a global inline flag in the body, which cannot be wrapped
            pass
    return pattern


def compile_prefiltered(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, prefiltered; the source is compiled once, not twice."""
    wrapped = _wrapped(source, flags)
    if wrapped is not None:
        try:
            return re.compile(*wrapped)
        except re.error:
            pass
    return re.compile(source, flags)


def _wrapped(source: str, flags: int) -> tuple[str, int] | None:
    """The prefiltered pattern's source and flags, or None when there is no prefilter to add."""
    return _remembered("wrap", source, int(flags), _wrap)  # type: ignore[no-any-return]


def _wrap(source: str, flags: int) -> tuple[str, int] | None:
    try:
        parsed = _sre_parse.parse(source, flags)
        chars, can_be_empty = _starts(list(parsed), parsed.state.flags)
    except (_Unknown, re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None
    if can_be_empty or all(len(char) > 1 for char, _ in chars):
        return None  # nothing known, or only '\d' before '\d{2}': a look-ahead that filters nothing
    exact = "".join(_escape(char) for char, folded in sorted(chars) if not folded)
    folded = "".join(re.escape(char) for char, folded in sorted(chars) if folded)
    starts = [f"[{exact}]"] if exact else []
    if folded:
        starts.append(f"(?i:[{folded}])")
    body = source
    inline = re.match(r"\(\?([imsx]+)\)", body)
    if inline:  # global flags at the start: the same, scoped to the body (and off for the look-ahead)
        body = f"(?{inline.group(1)}:{body[inline.end():]})"
        for letter in inline.group(1):
            flags &= ~_FLAGS[letter]
    if flags & re.IGNORECASE:  # the look-ahead's exact characters must not ignore case
        body = f"(?i:{body})"
        flags &= ~re.IGNORECASE
    return f"(?={'|'.join(starts)})(?:{body})", flags


def _escape(char: str) -> str:
    return char if len(char) > 1 else re.escape(char)  # a category escape stays as it is


class Matcher(Protocol):
    """What a pattern (or several as one) answers: a match at the start, or anywhere."""

    def match(self, string: str) -> object: ...

    def search(self, string: str) -> object: ...

    def __hash__(self) -> int: ...


class OneOf:
    """Patterns as one: ``match`` and ``search`` give the first pattern's match where one matches.

    A text all in ASCII is not tried against the patterns that need a character outside it
    (:func:`needs_non_ascii`): the Japanese, Korean and Chinese story patterns start with any
    text up to forty characters long, and so cost most of the time on every English sentence.
    """

    __slots__ = ("ascii", "every")

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        self.every = patterns
        self.ascii = tuple(pattern for pattern in patterns if not needs_non_ascii(pattern))

    def match(self, string: str) -> re.Match[str] | None:
        for pattern in self.ascii if string.isascii() else self.every:
            found = pattern.match(string)
            if found:
                return found
        return None

    def search(self, string: str) -> re.Match[str] | None:
        for pattern in self.ascii if string.isascii() else self.every:
            found = pattern.search(string)
            if found:
                return found
        return None


def as_one(patterns: tuple[re.Pattern[str], ...]) -> tuple[Matcher, ...]:
    """``(OneOf(patterns),)``: for code that asks ``any(p.match(text) for p in patterns)``, the same answer."""
    return (OneOf(patterns),)


# Outside ASCII, the characters a case-insensitive regex matches to an ASCII letter.
_FOLDS_TO_ASCII = frozenset({0x130, 0x131, 0x17F, 0x212A})


def needs_non_ascii(pattern: re.Pattern[str]) -> bool:
    """Whether every match of the pattern holds a character outside ASCII (False when unsure)."""
    return bool(_remembered("ascii", pattern.pattern, int(pattern.flags), _needs_non_ascii))


def _needs_non_ascii(source: str, flags: int) -> bool:
    try:
        parsed = _sre_parse.parse(source, flags)
        return _sequence_needs(list(parsed), parsed.state.flags)
    except (re.error, RecursionError, AttributeError, TypeError, ValueError):
        return False


def _sequence_needs(items: Any, flags: int) -> bool:
    return any(_item_needs(op, value, flags) for op, value in items)


def _non_ascii(code: int, flags: int) -> bool:
    return code > 127 and not (flags & re.IGNORECASE and code in _FOLDS_TO_ASCII)


def _item_needs(op: Any, value: Any, flags: int) -> bool:
    if op is _sre.LITERAL:
        return _non_ascii(value, flags)
    if op is _sre.IN:
        for member, argument in value:
            if member is _sre.LITERAL and _non_ascii(argument, flags):
                continue
            if member is _sre.RANGE and argument[0] > 127 and not (
                flags & re.IGNORECASE and any(argument[0] <= code <= argument[1] for code in _FOLDS_TO_ASCII)
            ):
                continue
            return False
        return bool(value)
    if op is _sre.BRANCH:
        return all(_sequence_needs(branch, flags) for branch in value[1])
    if op is _sre.SUBPATTERN:
        _, added, removed, body = value
        return _sequence_needs(body, (flags | added) & ~removed)
    if op in _REPEATS:
        low, _, body = value
        return low > 0 and _sequence_needs(body, flags)
    return False  # anchors, look-arounds, categories, any character ...


# -- what this module worked out, kept between runs -----------------------------------------------
# Reading a pattern's syntax tree costs about what compiling it does; the answers depend only on the
# pattern, the Python version (its parser) and this module, so a run keeps them for the next one in
# the user's cache directory (prdlint.compiled).

_MEMORY: dict[tuple[str, str, int], Any] | None = None
_LEARNT: list[bool] = [False]


def _remembered(kind: str, source: str, flags: int, work: Any) -> Any:
    global _MEMORY
    if _MEMORY is None:
        _MEMORY = _recall()
    key = (kind, source, flags)
    if key not in _MEMORY:
        _MEMORY[key] = work(source, flags)
        if not _LEARNT[0]:
            _LEARNT[0] = True
            atexit.register(_keep)
    return _MEMORY[key]


def _memory_file() -> Path | None:
    from prdlint import __version__
    from prdlint.compiled import user_cache_dir

    directory = user_cache_dir()
    if directory is None:
        return None
    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=8).hexdigest()
    return directory / f"prefilter-{__version__}-{sys.version_info[0]}.{sys.version_info[1]}-{digest}.marshal"


def _recall() -> dict[tuple[str, str, int], Any]:
    try:
        path = _memory_file()
        if path is not None:
            with open(path, "rb") as handle:
                data = marshal.load(handle)
            if isinstance(data, dict):
                return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return {}


def _keep() -> None:
    from prdlint.atomic import write_atomically

    try:
        path = _memory_file()
        if path is not None and _MEMORY is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, marshal.dumps(_MEMORY))
    except (OSError, ValueError):
        pass  # no writable cache directory: worked out again next time
