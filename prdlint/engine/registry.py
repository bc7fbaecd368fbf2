"""All known rules, and the selectors that name them: codes, names, families and code prefixes."""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prdlint.engine.rule import Rule

if TYPE_CHECKING:
    from prdlint.config import Config
    from prdlint.config.loader import KeyPath

ALL = "ALL"


class Registry:
    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._names: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        code, name = rule.code.upper(), rule.name.lower()
        if code in self._rules:
            first = self._rules[code].source
            raise ValueError(f"rule code {rule.code} is defined twice ({first} and {rule.source})")
        if name in self._names:
            raise ValueError(f"rule name {rule.name} is used by {self._names[name].code} and {rule.code}")
        self._rules[code] = rule
        self._names[name] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(sorted(self._rules.values(), key=lambda rule: rule.code))

    def __len__(self) -> int:
        return len(self._rules)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self._rules

    def get(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        return self._rules.get(key.upper()) or self._names.get(key.lower())

    @property
    def families(self) -> dict[str, list[Rule]]:
        families: dict[str, list[Rule]] = {}
        for rule in self:
            families.setdefault(rule.family, []).append(rule)
        return families

    def resolve(self, selector: str) -> list[Rule] | None:
        """The rules a selector names, or None if it names nothing.

        A selector is ``ALL``, a code (``PRD101``), a name (``fill-in-marker``), a
        family (``placeholders``) or a code prefix (``PRD1``, ``PRD``).
        """
        key = selector.strip()
        if not key:
            return None
        if key.upper() == ALL:
            return list(self)
        rule = self.get(key)
        if rule is not None:
            return [rule]
        family = self.families.get(key.lower())
        if family:
            return family
        prefix = key.upper()
        matched = [rule for rule in self if rule.code.upper().startswith(prefix)]
        if matched and prefix.rstrip("0123456789") and not prefix.isdigit():
            return matched
        return None

    def suggest(self, selector: str) -> str | None:
        """The closest known code, name or family, for 'did you mean ...?'."""
        words = {word.lower(): word for word in (*self._rules, *self._names, *self.families)}
        close = difflib.get_close_matches(selector.strip().lower(), list(words), n=1, cutoff=0.6)
        return words[close[0]] if close else None


def builtin_rules() -> list[Rule]:
    """The rules implemented in Python, from the modules listed in :mod:`prdlint.rules`."""
    from prdlint.rules import BUILTIN_MODULES

    rules: list[Rule] = []
    for module_name in BUILTIN_MODULES:
        module = importlib.import_module(module_name)
        rules.extend(module.RULES)
    return rules


@cache
def builtin_option_expressions() -> frozenset[str]:
    """Every 're:' name in the built-in rules' default options: prdlint's own patterns, which the test
    suite's regex audit checks for backtracking (like those of the built-in packs)."""
    found: set[str] = set()
    for rule in builtin_rules():
        stack: list[Any] = list(rule.options.values())
        while stack:
            value = stack.pop()
            if isinstance(value, (list, tuple)):
                stack.extend(value)
            elif isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, str) and value.startswith("re:"):
                found.add(value)
    return frozenset(found)


# -- registries per configuration -----------------------------------------------------------------

_REGISTRIES: dict[int, tuple[Config, Registry]] = {}


def registry_for(config: Config) -> Registry:
    """The rules a configuration can use: the built-in ones plus those of its ``rule-packs``.

    Raises ConfigError for a pack that is missing or invalid, or whose codes or
    names clash with a rule already known. It also checks the configuration's
    ``frontmatter-schema`` (when set) so that every configuration problem is
    reported before any file is linted.
    """
    cached = _REGISTRIES.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    registry = Registry(builtin_rules())
    for index, pack_path in enumerate(config.rule_packs):
        key: KeyPath = ("rule-packs", index)
        if not pack_path.is_file():
            raise config.error(f"rule pack {str(pack_path)!r} not found", key)
        for rule in _cached_pack(pack_path.resolve(), pack_path.stat().st_mtime_ns):
            _add(registry, rule, pack_path)
    if config.frontmatter_schema is not None:
        from prdlint.frontmatter_schema import schema_for

        schema_for(config)
    _REGISTRIES[id(config)] = (config, registry)
    return registry


@lru_cache(maxsize=64)
def _cached_pack(path: Path, mtime: int) -> tuple[Rule, ...]:
    from prdlint.rules.packs import load_pack

    return tuple(load_pack(path))


def _add(registry: Registry, rule: Rule, pack_path: Path) -> None:
    from prdlint.config import ConfigError
    from prdlint.rules.packs import pack_line, read_pack

    existing = registry.get(rule.code) or registry.get(rule.name)
    if existing is not None:
        data, lines = read_pack(pack_path)
        index = next(i for i, r in enumerate(data.get("rules", ())) if r.get("code") == rule.code)
        field = "code" if existing.code == rule.code else "name"
        value = rule.code if field == "code" else rule.name
        raise ConfigError(
            pack_path,
            f"rule {field} {value} is already used by {existing.code} ({existing.source})",
            pack_line(lines, ("rules", index, field)),
            ("rules", index, field),
        )
    registry.add(rule)


def merged_registry(registries: Iterable[Registry]) -> Registry:
    """One registry with the rules of several (the first rule with a code wins), for reporting."""
    merged = Registry(builtin_rules())
    for registry in registries:
        for rule in registry:
            if rule.code not in merged and merged.get(rule.name) is None:
                merged.add(rule)
    return merged
