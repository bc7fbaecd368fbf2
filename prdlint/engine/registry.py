"""All known rules, and the selectors that name them: codes, names, families and code prefixes."""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable, Iterator

from prdlint.engine.rule import Rule

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
