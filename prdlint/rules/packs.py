"""Users' rule packs: YAML files listed in the configuration under ``rule-packs:``.

A pack is a YAML mapping validated by the JSON Schema shipped in the package
(prdlint/packs.schema.json), the same schema as the built-in packs of rules/
(read by :mod:`prdlint.kinds.packs`). A user's pack holds declarative rules with
codes in their own namespace (ACME001); those rules join the registry of that
configuration and then behave exactly like built-in ones (select, ignore,
severity, explain, suppression comments). It may also hold a ``vocabulary:``
(names of sections, columns, labels and stories, as in rules/languages/), merged
into every document kind. A pack that is not valid is a configuration error
naming the file, the line, the key path and the problem.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prdlint import user_regex
from prdlint.inputs import InputError, read_text

if TYPE_CHECKING:
    from prdlint.config.loader import KeyPath
    from prdlint.engine.rule import Rule

PACK_SCHEMA_PATH = Path(__file__).resolve().parent.parent / "packs.schema.json"
USER_PACK_KEYS = ("pack", "version", "description", "rules", "vocabulary")
RESERVED_PREFIX = "PRD"

# Keys each declarative rule kind accepts besides the common ones.
KIND_KEYS: dict[str, frozenset[str]] = {
    "pattern": frozenset({"pattern", "ignore-case", "scope", "sections"}),
    "required-section": frozenset({"section", "synonyms"}),
    "required-columns": frozenset({"sections", "columns"}),
    "section-requires": frozenset({"sections", "pattern", "ignore-case"}),
}
COMMON_KEYS = frozenset(
    {"code", "name", "kind", "severity", "summary", "rationale", "bad", "good", "message", "profiles", "kinds"}
)


@lru_cache(maxsize=1)
def pack_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(PACK_SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


# -- reading and validating a pack ----------------------------------------------------------------


def read_pack(path: Path) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """A pack's data and the line of each key; raises ConfigError when it cannot be read or parsed."""
    from prdlint.config import ConfigError, load_yaml_with_lines

    if not os.path.lexists(path):
        raise ConfigError(path, "rule pack not found")
    try:
        text = read_text(path)  # a regular file only, of a bounded size
    except InputError as error:
        raise ConfigError(path, f"cannot read the rule pack: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(path, f"cannot read the rule pack: not UTF-8 ({error.reason})") from None
    import yaml  # not for runs without a user's pack

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
        vocabulary = data.get("vocabulary")
        stories = vocabulary.get("stories", ()) if isinstance(vocabulary, dict) else ()
        for index, pattern in enumerate(stories):
            problem = user_regex.check_for_re(pattern)
            if problem is not None:
                where: KeyPath = ("vocabulary", "stories", index)
                problems.append((where, f"invalid regular expression {pattern!r}: {problem}"))
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
        raise ConfigError(path, message, pack_line(lines, where), where)
    from prdlint.rules.declarative import build_rule

    return [build_rule(rule, data["pack"], path) for rule in data.get("rules", ())]


def pack_line(lines: Mapping[KeyPath, int], key: KeyPath) -> int | None:
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return 1
