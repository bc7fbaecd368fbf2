"""The JSON Schema front matter must satisfy (PRD505): the default one, or the configuration's.

``frontmatter-schema:`` in the configuration is an inline schema or the path of
a JSON or YAML file (relative to the configuration file). It is read and checked
once per configuration, before any file is linted, so that a broken schema is a
configuration error (exit code 2) rather than a finding on every file.
jsonschema is imported only when a document has front matter or a schema is
configured.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from prdlint.config import Config, load_yaml_with_lines
from prdlint.engine.finding import one_line
from prdlint.inputs import InputError, read_text

DEFAULT_SCHEMA_PATH = Path(__file__).with_name("schemas") / "frontmatter.schema.json"
_KEY: tuple[str] = ("frontmatter-schema",)


@lru_cache(maxsize=1)
def default_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


_CACHE: dict[int, tuple[Config, dict[str, Any]]] = {}


def schema_for(config: Config | None) -> dict[str, Any]:
    """The schema for documents under ``config``; raises ConfigError for a missing or invalid one."""
    if config is None or config.frontmatter_schema is None:
        return default_schema()
    cached = _CACHE.get(id(config))
    if cached is not None and cached[0] is config:
        return cached[1]
    schema = _load(config)
    _CACHE[id(config)] = (config, schema)
    return schema


def _load(config: Config) -> dict[str, Any]:
    value = config.frontmatter_schema
    if isinstance(value, str):
        path = (config.root / value) if not Path(value).is_absolute() else Path(value)
        try:
            text = read_text(path)  # a regular file only, of a bounded size
        except InputError as error:
            raise config.error(f"cannot read the front matter schema {value!r}: {error}", _KEY) from None
        except UnicodeDecodeError:
            raise config.error(f"cannot read the front matter schema {value!r}: not UTF-8", _KEY) from None
        import yaml  # only for a schema in a file: most runs read no YAML

        from prdlint import yaml_loader

        try:
            schema = json.loads(text) if path.suffix == ".json" else load_yaml_with_lines(text)[0]
        except yaml.YAMLError as error:
            problem, line, _ = yaml_loader.problem_of(error)
            where = f" (line {line})" if line else ""
            raise config.error(f"the front matter schema {value!r} is not valid YAML{where}: {problem}", _KEY) from None
        except (ValueError, RecursionError) as error:
            reason = "nested too deeply" if isinstance(error, RecursionError) else one_line(str(error))
            raise config.error(f"the front matter schema {value!r} is not valid JSON: {reason}", _KEY) from None
    else:
        schema = value
    if not isinstance(schema, dict):
        raise config.error("the front matter schema must be a JSON Schema object", _KEY)
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError

    try:
        Draft7Validator.check_schema(schema)
    except SchemaError as error:
        where = "/".join(str(p) for p in error.absolute_path)
        raise config.error(
            f"the front matter schema is not a valid JSON Schema: {error.message}"
            + (f" (at {where})" if where else ""),
            _KEY,
        ) from None
    return schema


@dataclass(frozen=True)
class SchemaProblem:
    """A front matter value that fails the schema, and why."""

    path: tuple[str | int, ...]
    message: str


def jsonable(value: Any) -> Any:
    """YAML values as JSON Schema sees them: dates become ISO strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def problems(data: Any, schema: Mapping[str, Any]) -> Iterator[SchemaProblem]:
    from jsonschema import Draft7Validator

    validator = Draft7Validator(schema)
    for error in sorted(
        validator.iter_errors(jsonable(data)), key=lambda e: [str(p) for p in e.absolute_path]
    ):
        if error.validator == "anyOf" and error.context:
            best = max(error.context, key=lambda e: len(e.absolute_path))
            yield SchemaProblem(tuple(error.absolute_path), _describe(error.schema, error.instance, best))
            continue
        yield SchemaProblem(tuple(error.absolute_path), _describe(error.schema, error.instance, error))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"{value!r}" if value.strip() else "an empty text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _describe(schema: Mapping[str, Any], instance: Any, error: Any) -> str:
    description = schema.get("description") if isinstance(schema, Mapping) else None
    if description and error.validator in ("type", "pattern", "minLength", "anyOf", "minItems", "format"):
        return f"expected {description}, got {_kind(instance)}"
    if error.validator == "required":
        return str(error.message).replace("is a required property", "is required")
    if error.validator == "enum":
        options = ", ".join(repr(v) for v in error.validator_value)
        return f"expected one of {options}, got {_kind(error.instance)}"
    if error.validator == "type":
        return f"expected {error.validator_value}, got {_kind(error.instance)}"
    if error.validator == "additionalProperties":
        return str(error.message)
    return str(error.message)
