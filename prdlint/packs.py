"""Rule packs: the YAML files in the top-level rules/ folder (built in) and users' own packs.

A pack is a YAML mapping validated by the JSON Schema shipped in the package
(prdlint/packs.schema.json). Built-in packs hold the vocabulary of the built-in
rule families (placeholders, profiles, measurability) and are validated by the
test suite rather than at every run. Users' packs, listed in the configuration
under ``rule-packs:``, hold declarative rules with codes in their own namespace
(ACME001); those rules join the registry of that configuration and then behave
exactly like built-in ones (select, ignore, severity, explain, suppression
comments). A pack that is not valid is a configuration error naming the file,
the line, the key path and the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from prdlint import user_regex

if TYPE_CHECKING:
    from prdlint.config import Config
    from prdlint.config.loader import KeyPath
    from prdlint.engine.registry import Registry
    from prdlint.engine.rule import Rule

PACK_SCHEMA_PATH = Path(__file__).with_name("packs.schema.json")
USER_PACK_KEYS = ("pack", "version", "description", "rules")
RESERVED_PREFIX = "PRD"

# Keys each declarative rule kind accepts besides the common ones.
KIND_KEYS: dict[str, frozenset[str]] = {
    "pattern": frozenset({"pattern", "ignore-case", "scope", "sections"}),
    "required-section": frozenset({"section", "synonyms"}),
    "required-columns": frozenset({"sections", "columns"}),
    "section-requires": frozenset({"sections", "pattern", "ignore-case"}),
}
COMMON_KEYS = frozenset(
    {"code", "name", "kind", "severity", "summary", "rationale", "bad", "good", "message", "profiles"}
)


def builtin_pack_dir() -> Path:
    """Where the built-in packs are: inside the installed package, or rules/ in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_builtin_rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


@cache
def builtin_pack(name: str) -> dict[str, Any]:
    """A built-in pack by file stem, e.g. 'placeholders'. The test suite validates them against the schema."""
    from prdlint import yaml_loader

    path = builtin_pack_dir() / f"{name}.yaml"
    data: dict[str, Any] = yaml_loader.load(path.read_text(encoding="utf-8"), fast=True)
    return data


def builtin_pack_paths() -> list[Path]:
    return sorted(builtin_pack_dir().glob("*.yaml"))


@lru_cache(maxsize=1)
def pack_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(PACK_SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


# -- reading and validating a pack ----------------------------------------------------------------


def read_pack(path: Path) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """A pack's data and the line of each key; raises ConfigError when it cannot be read or parsed."""
    from prdlint.config import ConfigError, load_yaml_with_lines

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(path, "rule pack not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(path, f"cannot read the rule pack: {error}") from None
    try:
        data, lines = load_yaml_with_lines(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise ConfigError(path, "a rule pack is a mapping with 'pack', 'version' and 'rules'", 1)
    return data, lines


def pack_errors(data: Mapping[str, Any]) -> list[tuple[KeyPath, str]]:
    """Every problem of a pack: (key path, message), schema problems first. Empty when it is valid."""
    from jsonschema import Draft7Validator

    found: list[tuple[KeyPath, str]] = []
    validator = Draft7Validator(pack_schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        found.append(_schema_problem(error))
    if found:
        return found
    for index, rule in enumerate(data.get("rules", ())):
        kind = rule["kind"]
        for key in rule:
            if key not in COMMON_KEYS and key not in KIND_KEYS[kind]:
                found.append((("rules", index, key), f"'{key}' does not apply to a {kind} rule"))
        for key, pattern in _patterns(rule):
            problem = user_regex.check(pattern, bool(rule.get("ignore-case")))
            if problem is not None:
                found.append((("rules", index, *key), f"invalid regular expression {pattern!r}: {problem}"))
    return found


def _patterns(rule: Mapping[str, Any]) -> Iterable[tuple[KeyPath, str]]:
    if "pattern" in rule:
        yield ("pattern",), rule["pattern"]
    for key in ("sections", "synonyms"):
        for index, phrase in enumerate(rule.get(key, ())):
            if phrase.startswith("re:"):
                yield (key, index), phrase[3:]
    for index, column in enumerate(rule.get("columns", ())):
        if isinstance(column, dict):
            for synonym_index, phrase in enumerate(column.get("synonyms", ())):
                if phrase.startswith("re:"):
                    yield ("columns", index, "synonyms", synonym_index), phrase[3:]


def _schema_problem(error: Any) -> tuple[KeyPath, str]:
    from prdlint.config.loader import did_you_mean

    key: KeyPath = tuple(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if validator == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))[0]
        return (*key, extra), f"unknown key{did_you_mean(extra, known)}; expected one of {', '.join(known)}"
    if validator == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "a key"
        kind = error.instance.get("kind") if isinstance(error.instance, dict) else None
        suffix = (
            f" (a {kind} rule needs it)" if kind and name not in ("code", "name", "kind", "summary") else ""
        )
        return key, f"'{name}' is missing{suffix}"
    if validator == "enum":
        options = [str(v) for v in error.validator_value]
        return key, (
            f"expected one of {', '.join(repr(v) for v in options)}, got {error.instance!r}"
            f"{did_you_mean(str(error.instance), options)}"
        )
    if validator in ("pattern", "type", "minLength", "minItems") and schema.get("description"):
        return key, f"expected {schema['description']}, got {error.instance!r}"
    if validator == "const":
        return key, f"expected {error.validator_value!r}, got {error.instance!r}"
    return key, str(error.message)


def load_pack(path: Path, *, user: bool = True) -> list[Rule]:
    """The rules of one pack; raises ConfigError (file, line, key path, problem) when it is not valid."""
    from prdlint.config import ConfigError

    data, lines = read_pack(path)
    problems = pack_errors(data)
    if user and not problems:
        for name in data:
            if name not in USER_PACK_KEYS:
                problems.append(
                    (
                        (name,),
                        f"'{name}' is for built-in packs only; a user pack has {', '.join(USER_PACK_KEYS)}",
                    )
                )
        for index, rule in enumerate(data.get("rules", ())):
            if rule["code"].startswith(RESERVED_PREFIX):
                problems.append(
                    (
                        ("rules", index, "code"),
                        f"codes starting with {RESERVED_PREFIX} are reserved "
                        "for prdlint's own rules; use your own prefix, like ACME001",
                    )
                )
    if problems:
        where, message = problems[0]
        raise ConfigError(path, message, _line(lines, where), where)
    from prdlint.rules.declarative import build_rule

    return [build_rule(rule, data["pack"], path) for rule in data.get("rules", ())]


def _line(lines: Mapping[KeyPath, int], key: KeyPath) -> int | None:
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return 1


# -- registries per configuration -----------------------------------------------------------------

_REGISTRIES: dict[int, tuple[Config, Registry]] = {}


def registry_for(config: Config) -> Registry:
    """The rules a configuration can use: the built-in ones plus those of its ``rule-packs``.

    Raises ConfigError for a pack that is missing or invalid, or whose codes or
    names clash with a rule already known. It also checks the configuration's
    ``frontmatter-schema`` (when set) so that every configuration problem is
    reported before any file is linted.
    """
    from prdlint.engine.registry import Registry, builtin_rules

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
    return tuple(load_pack(path))


def _add(registry: Registry, rule: Rule, pack_path: Path) -> None:
    from prdlint.config import ConfigError

    existing = registry.get(rule.code) or registry.get(rule.name)
    if existing is not None:
        data, lines = read_pack(pack_path)
        index = next(i for i, r in enumerate(data.get("rules", ())) if r.get("code") == rule.code)
        field = "code" if existing.code == rule.code else "name"
        value = rule.code if field == "code" else rule.name
        raise ConfigError(
            pack_path,
            f"rule {field} {value} is already used by {existing.code} ({existing.source})",
            _line(lines, ("rules", index, field)),
            ("rules", index, field),
        )
    registry.add(rule)


def merged_registry(registries: Iterable[Registry]) -> Registry:
    """One registry with the rules of several (the first rule with a code wins), for reporting."""
    from prdlint.engine.registry import Registry, builtin_rules

    merged = Registry(builtin_rules())
    for registry in registries:
        for rule in registry:
            if rule.code not in merged and merged.get(rule.name) is None:
                merged.add(rule)
    return merged
