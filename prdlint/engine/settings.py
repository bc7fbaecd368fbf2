"""From a configuration (plus command-line overrides) to the rules that run and how."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prdlint import user_regex
from prdlint.analysis.placeholders import Vocabulary
from prdlint.config import Config, ConfigError
from prdlint.config.loader import KeyPath, did_you_mean
from prdlint.engine.finding import Severity
from prdlint.engine.registry import ALL, Registry
from prdlint.engine.rule import Rule
from prdlint.files import GlobMatcher
from prdlint.kinds.packs import builtin_pack


@dataclass(frozen=True)
class ActiveRule:
    """A rule that runs, with its configured severity and options."""

    rule: Rule
    severity: Severity
    options: Mapping[str, Any]


@dataclass(frozen=True)
class LintSettings:
    """The rules that run under one configuration, and its vocabulary."""

    config: Config
    rules: tuple[ActiveRule, ...]
    vocabulary: Vocabulary
    per_file_ignores: tuple[tuple[GlobMatcher, frozenset[str]], ...] = field(default=())

    def ignored_for(self, path: Path) -> frozenset[str]:
        """Codes that per-file-ignores switches off for this file."""
        codes: set[str] = set()
        for matcher, ignored in self.per_file_ignores:
            if matcher.matches(path):
                codes |= ignored
        return frozenset(codes)


class UsageError(Exception):
    """A bad command-line value (exit code 2)."""


def _specificity(selector: str, registry: Registry) -> int:
    key = selector.strip()
    if key.upper() == ALL:
        return 0
    if registry.get(key) is not None:
        return 100
    if key.lower() in registry.families:
        return 2
    return len(key)


def _unknown(selector: str, registry: Registry) -> str:
    hint = registry.suggest(selector)
    message = f"unknown rule code, name or family '{selector}'"
    return message + (f" (did you mean '{hint}'?)" if hint else "; 'prdlint rules' lists them all")


def check_cli_selectors(
    registry: Registry, select: Sequence[str] | None, ignore: Sequence[str], extend_select: Sequence[str] = ()
) -> None:
    """Reject an unknown command-line selector (a usage error, before any file is read)."""
    for option, selectors in (("--select", select or ()), ("--extend-select", extend_select), ("--ignore", ignore)):
        for selector in selectors:
            if registry.resolve(selector) is None:
                raise UsageError(f"{option}: {_unknown(selector, registry)}")


def _check_selectors(selectors: Iterable[tuple[str, KeyPath]], registry: Registry, config: Config) -> None:
    for selector, key in selectors:
        if registry.resolve(selector) is None:
            raise config.error(_unknown(selector, registry), key)


def _codes(selectors: Iterable[str], registry: Registry) -> frozenset[str]:
    return frozenset(rule.code for selector in selectors for rule in registry.resolve(selector) or ())


def _enabled(rule: Rule, select: Sequence[str], ignore: Sequence[str], registry: Registry) -> bool:
    best: tuple[int, bool] | None = None
    for selectors, enable in ((select, True), (ignore, False)):
        for selector in selectors:
            matched = registry.resolve(selector) or []
            if rule in matched:
                rank = (_specificity(selector, registry), not enable)  # ties go to ignore
                if best is None or rank > best:
                    best = rank
    return best is not None and not best[1]


def _options(rule: Rule, given: Mapping[str, Any], config: Config, selector: str) -> dict[str, Any]:
    options = dict(rule.options)
    for name, value in given.items():
        if name == "severity":
            continue
        key: KeyPath = ("rules", selector, name)
        if name not in rule.options:
            known = ["severity", *rule.options]
            raise config.error(
                f"unknown option for {rule.code} ({rule.name}); expected one of: {', '.join(known)}"
                f"{did_you_mean(name, known)}",
                key,
            )
        default = rule.options[name]
        if default is not None and not _same_type(default, value):
            raise config.error(f"expected {_describe(default)}, got {value!r}", key)
        for index, item in enumerate(value if isinstance(value, (list, tuple)) else ()):
            problem = user_regex.check(item[3:], True) if isinstance(item, str) and item.startswith("re:") else None
            if problem is not None:
                raise config.error(f"invalid regular expression {item[3:]!r}: {problem}", (*key, index))
        options[name] = value
    return options


def _same_type(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a string"


def resolve_settings(
    config: Config,
    registry: Registry,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    extend_select: Sequence[str] = (),
) -> LintSettings:
    """Validate the selectors and options of ``config`` against ``registry`` and combine them.

    Command-line ``select`` replaces the configuration's (its ``extend-select`` too);
    ``extend_select`` and ``ignore`` add to the selection and to ``ignore``. Between a
    selecting and an ignoring selector, the more specific one wins (a code beats a prefix,
    a longer prefix a shorter one, ``ALL`` loses).
    """
    check_cli_selectors(registry, select, ignore, extend_select)
    _check_selectors(
        [
            *((s, ("select", i)) for i, s in enumerate(config.select)),
            *((s, ("extend-select", i)) for i, s in enumerate(config.extend_select)),
            *((s, ("ignore", i)) for i, s in enumerate(config.ignore)),
            *((s, ("rules", s)) for s in config.rules),
            *(
                (s, ("per-file-ignores", glob, i))
                for glob, codes in config.per_file_ignores
                for i, s in enumerate(codes)
            ),
        ],
        registry,
        config,
    )
    chosen = [*(select or (*config.select, *config.extend_select)), *extend_select]
    ignored = [*config.ignore, *ignore]

    severities: dict[str, Severity | None] = {}
    options: dict[str, dict[str, Any]] = {}
    # Broad selectors first so that a rule's own entry overrides its family's.
    for selector in sorted(config.rules, key=lambda s: _specificity(s, registry)):
        given = config.rules[selector]
        for rule in registry.resolve(selector) or []:
            level = given.get("severity")
            if level == "off":
                severities[rule.code] = None
            elif level:
                severities[rule.code] = Severity.parse(level)
            options[rule.code] = _options(rule, given, config, selector)

    active: list[ActiveRule] = []
    for rule in registry:
        if not _enabled(rule, chosen, ignored, registry):
            continue
        severity = severities.get(rule.code, rule.severity)
        if severity is None:
            continue
        active.append(ActiveRule(rule, severity, options.get(rule.code, dict(rule.options))))

    try:
        builtin = builtin_pack("placeholders").get("placeholders", {})
        vocabulary = Vocabulary.build(builtin, config.placeholders)
    except Exception as error:  # a bad regex that slipped through is still a configuration error
        raise config.error(f"invalid placeholder pattern: {error}", ("placeholders",)) from None

    per_file = tuple(
        (GlobMatcher([glob], config.glob_root("per-file-ignores", index)), _codes(codes, registry))
        for index, (glob, codes) in enumerate(config.per_file_ignores)
    )
    return LintSettings(config, tuple(active), vocabulary, per_file)


__all__ = [
    "ActiveRule",
    "ConfigError",
    "LintSettings",
    "UsageError",
    "check_cli_selectors",
    "resolve_settings",
]
