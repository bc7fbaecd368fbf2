"""Every regular expression prdlint compiles, and adversarial inputs that expose super-linear backtracking.

Patterns come from three places, so that none is missed:

- module-level attributes of every ``prdlint`` module (``re.Pattern`` objects, also inside tuples,
  lists, sets and dicts);
- patterns compiled while prdlint lints a set of varied documents (``re._compile`` is wrapped, which
  also catches ``re.search(r"...", text)`` written inline in a function);
- the ``pattern`` values and ``re:`` phrases of the built-in packs in ``rules/*.yaml``.

A pattern is pumped with strings built from its own literal characters and words: every character,
pairs of them and its words repeated, with and without a character that makes the match fail at
the end (see :func:`slow_input` for how growth is judged).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

import prdlint

try:  # Python 3.11 and later; sre_parse and sre_constants are deprecated aliases of these
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_REPEATS = tuple(
    getattr(sre_constants, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(sre_constants, name)
)

REPO = Path(__file__).resolve().parents[1]
PACKAGE = Path(prdlint.__file__).resolve().parent
BUDGET = 0.002  # seconds: a search over 4096 characters faster than this passes without further ado
HARD_STOP = 0.05  # seconds: a search over at most 64 characters slower than this is exponential
GENERIC = " a1A\n-.\t"  # characters every pattern is pumped with, besides its own literals


@dataclass(frozen=True)
class Found:
    pattern: re.Pattern[str]
    origin: str  # where it was found: a module attribute, a call site or a pack key


def module_patterns() -> Iterator[Found]:
    for info in pkgutil.walk_packages(prdlint.__path__, "prdlint."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for pattern in _patterns_in(value, depth=0):
                yield Found(pattern, f"{info.name}.{name}")


def _patterns_in(value: Any, depth: int) -> Iterator[re.Pattern[str]]:
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif depth < 3 and isinstance(value, (tuple, list, set, frozenset)):
        for item in value:
            yield from _patterns_in(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, depth + 1)


def pack_patterns() -> Iterator[Found]:
    """The built-in packs' patterns, compiled the way prdlint compiles each kind."""
    from prdlint.analysis.placeholders import whole_text_pattern
    from prdlint.kinds.expectations import id_pattern

    for path in sorted((REPO / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, text, ignore_case in _pack_strings(data, ()):
            where = f"rules/{path.name}:{'.'.join(map(str, key))}"
            if "conventions" in key:  # matched against a whole bracket's text
                yield Found(whole_text_pattern(text), where)
            elif "ids" in key:
                yield Found(id_pattern(text), where)
            else:
                yield Found(re.compile(text, re.IGNORECASE if ignore_case else 0), where)


def _pack_strings(value: Any, key: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    if isinstance(value, dict):
        for name, item in value.items():
            if name == "pattern" and isinstance(item, str):
                yield (*key, name), item, bool(value.get("ignore-case"))
            else:
                yield from _pack_strings(item, (*key, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _pack_strings(item, (*key, index))
    elif isinstance(value, str) and value.startswith("re:"):
        yield key, value[3:], True  # phrases match ignoring case
    elif isinstance(value, str) and key[-2:-1] == ("ids",):
        yield key, value, False


def runtime_patterns(run: Callable[[], object]) -> list[Found]:
    """Patterns compiled by prdlint code while ``run()`` runs."""
    found: list[Found] = []
    original = re._compile  # type: ignore[attr-defined]

    def spy(pattern: Any, flags: Any) -> Any:
        compiled = original(pattern, flags)
        if isinstance(compiled.pattern, str):
            caller = sys._getframe(1)
            while caller is not None and Path(caller.f_code.co_filename).name == "__init__.py" and \
                    "re" in Path(caller.f_code.co_filename).parts[-2:-1]:
                caller = caller.f_back  # re.search() -> re._compile(): the caller of re.search
            where = Path(caller.f_code.co_filename).resolve() if caller is not None else Path()
            if PACKAGE in where.parents:
                found.append(Found(compiled, f"{where.relative_to(PACKAGE.parent)}:{caller.f_lineno}"))
        return compiled

    _clear_caches()  # what an earlier test compiled and cached would not be compiled (nor seen) again
    re._compile = spy  # type: ignore[attr-defined]
    try:
        run()
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return found


def _clear_caches() -> None:
    """Empty every functools cache of prdlint's modules (the vocabularies, the compiled terms)."""
    for name, module in list(sys.modules.items()):
        if name == "prdlint" or name.startswith("prdlint."):
            for value in list(vars(module).values()):
                clear = getattr(value, "cache_clear", None)
                if callable(clear) and getattr(value, "__module__", None) == name:
                    clear()


def unique(found: Iterable[Found]) -> list[Found]:
    seen: dict[tuple[str, int], Found] = {}
    for item in found:
        seen.setdefault((item.pattern.pattern, item.pattern.flags), item)
    return list(seen.values())


# -- pumping -------------------------------------------------------------------------------------


def literal_characters(pattern: re.Pattern[str]) -> str:
    """Characters the pattern mentions: literals and the first member of each character range."""
    chars: list[str] = []

    def visit(items: Any) -> None:
        for op, arg in items:
            if op is sre_constants.LITERAL or op is sre_constants.NOT_LITERAL:
                chars.append(chr(arg))
            elif op is sre_constants.IN:
                for inner_op, inner_arg in arg:
                    if inner_op is sre_constants.LITERAL:
                        chars.append(chr(inner_arg))
                    elif inner_op is sre_constants.RANGE:
                        chars.append(chr(inner_arg[0]))
            elif op in _REPEATS:
                visit(arg[2])
            elif op is sre_constants.SUBPATTERN:
                visit(arg[-1])
            elif op is sre_constants.BRANCH:
                for branch in arg[1]:
                    visit(branch)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                visit(arg[1])
            elif op is getattr(sre_constants, "ATOMIC_GROUP", None):
                visit(arg)

    visit(sre_parse.parse(pattern.pattern, pattern.flags))
    return "".join(dict.fromkeys(chars))


def literal_words(pattern: re.Pattern[str]) -> list[str]:
    """Runs of two or more literal characters in the pattern ('shall', '-->'), first ones first."""
    words: list[str] = []

    def visit(items: Any) -> None:
        run: list[str] = []
        for op, arg in [*items, (None, None)]:
            if op is sre_constants.LITERAL:
                run.append(chr(arg))
                continue
            if len(run) >= 2:
                words.append("".join(run))
            run = []
            if op in _REPEATS:
                visit(arg[2])
            elif op is sre_constants.SUBPATTERN:
                visit(arg[-1])
            elif op is sre_constants.BRANCH:
                for branch in arg[1]:
                    visit(branch)

    visit(sre_parse.parse(pattern.pattern, pattern.flags))
    return list(dict.fromkeys(words))


def pumps(pattern: re.Pattern[str]) -> list[str]:
    """Every literal character and the generic ones alone, pairs of the first few literals, and the
    pattern's literal words followed by a space ('shall shall shall ...')."""
    own = literal_characters(pattern)
    singles = dict.fromkeys(own[:10] + GENERIC)
    paired = "".join(dict.fromkeys(own[:4] + "a "))
    words = [f"{word} " for word in literal_words(pattern)[:6]]
    return [*singles, *(a + b for a in paired for b in paired if a != b), *words]


def _search_time(pattern: re.Pattern[str], text: str, runs: int = 1) -> float:
    best = float("inf")
    for _ in range(runs):  # CPU time of this thread: steady on a machine busy with other work
        start = time.thread_time()
        for _ in pattern.finditer(text):
            pass
        best = min(best, time.thread_time() - start)
    return best


def _pumped(unit: str, length: int, end: str) -> str:
    return (unit * (length // len(unit) + 1))[:length] + end


def slow_input(pattern: re.Pattern[str]) -> str | None:
    """An input on which searching with the pattern grows faster than linearly, described; or None.

    First short inputs in small steps (8 to 64 characters): exponential backtracking shows there
    before it could hang the suite. Then the growth from 2048 to 4096 characters, confirmed from 4096
    to 8192: a quadratic pattern takes four times as long for twice the input, a linear one twice (a
    bounded repeat such as '{0,300}' is linear beyond its bound).
    """
    for unit in pumps(pattern):
        for end in ("", "\x00"):
            for length in (8, 11, 15, 20, 26, 34, 45, 58, 64):
                text = _pumped(unit, length, end)
                # tens of milliseconds for 64 characters is backtracking without end, not a busy machine
                if _search_time(pattern, text) > HARD_STOP and (elapsed := _search_time(pattern, text, 3)) > HARD_STOP:
                    return f"{unit!r} * {length // len(unit)}: {elapsed:.3f} s already (exponential?)"
            small = _search_time(pattern, _pumped(unit, 2048, end))
            large = _search_time(pattern, _pumped(unit, 4096, end))
            if large < BUDGET or large < 3 * small:
                continue
            small = _search_time(pattern, _pumped(unit, 2048, end), 3)
            large = _search_time(pattern, _pumped(unit, 4096, end), 3)
            if large < 3 * small:
                continue
            larger = _search_time(pattern, _pumped(unit, 8192, end), 2)
            if larger > 3 * large:
                shown = f"{unit!r} * {4096 // len(unit)}{' + NUL' if end else ''}"
                return f"{shown}: {large:.4f} s, twice as long: {larger:.4f} s (2048 characters: {small:.4f} s)"
    return None
