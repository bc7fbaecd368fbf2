"""Finding, reading and validating configuration; every problem becomes one clear ConfigError."""

from __future__ import annotations

import difflib
import json
import os
import re
import stat
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from prdlint import user_regex
from prdlint.inputs import InputError, kind_of, read_text

CONFIG_FILES = (".prdlint.yaml", ".prdlint.yml", "pyproject.toml")
DEFAULT_INCLUDE = ("*.md", "*.markdown")
SCHEMA_PATH = Path(__file__).with_name("schema.json")

KeyPath = tuple[str | int, ...]


class ConfigError(Exception):
    """A configuration (or rule pack) problem, reported as one line and exit code 2."""

    def __init__(
        self, path: Path | str | None, message: str, line: int | None = None, key: KeyPath = ()
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = _display(self.path) if self.path else "configuration"
        if self.line:
            where += f":{self.line}"
        dotted = format_key(self.key)
        return f"{where}: {dotted + ': ' if dotted else ''}{self.message}"


def _display(path: str) -> str:
    """A path as the user would type it: relative to the working directory when below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith("..") else relative


def format_key(key: KeyPath) -> str:
    out = ""
    for part in key:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            if not re.fullmatch(r"[\w-]+", text):
                text = json.dumps(text)
            out += ("." if out else "") + text
    return out


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass(frozen=True)
class Config:
    """Validated settings from one configuration file (or the defaults)."""

    path: Path | None
    root: Path
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity_threshold: str | None = None
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rules: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    placeholders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    profile: str | None = None
    profiles: tuple[tuple[str, str], ...] = ()  # the 'kinds' globs (also spelled 'profiles')
    vocabulary: Mapping[str, Any] = field(default_factory=dict)
    rule_packs: tuple[Path, ...] = ()
    coverage: Mapping[str, Any] = field(default_factory=dict)
    frontmatter_schema: Any = None
    max_file_size: int | None = None  # bytes; None: prdlint.inputs.DEFAULT_MAX_FILE_SIZE
    extends: tuple[Path, ...] = ()  # the files this one extends (through `extend`), nearest first
    key_lines: Mapping[KeyPath, int] = field(default_factory=dict, compare=False, repr=False)
    # Settings inherited through `extend` were written in another file: where, and relative to which directory.
    key_files: Mapping[KeyPath, Path] = field(default_factory=dict, compare=False, repr=False)
    glob_roots: Mapping[tuple[str, int], Path] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: KeyPath) -> int | None:
        """The line a key was written on, or the nearest enclosing key's line."""
        while key:
            if key in self.key_lines:
                return self.key_lines[key]
            key = key[:-1]
        return None

    def file_of(self, key: KeyPath) -> Path | None:
        """The file a key was written in: this one, or one it extends."""
        while key:
            if key in self.key_files:
                return self.key_files[key]
            key = key[:-1]
        return self.path

    def glob_root(self, setting: str, index: int) -> Path:
        """The directory the ``index``-th glob of ``setting`` is relative to (that of the file that wrote it)."""
        return self.glob_roots.get((setting, index), self.root)

    def error(self, message: str, key: KeyPath) -> ConfigError:
        return ConfigError(self.file_of(key), message, self.line_of(key), key)


def default_config(root: Path) -> Config:
    return Config(path=None, root=root)


# -- discovery ------------------------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in ``start`` (a directory) or its parents.

    Not cached here: files come and go between runs; a run caches per directory (see Runner).
    """
    resolved = Path(os.path.realpath(start))  # Path.resolve() raises on a symbolic link loop
    for directory in (resolved, *resolved.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            try:
                info = os.stat(candidate)
            except OSError:  # missing, or in a directory that cannot be read: no configuration there
                continue
            if not stat.S_ISREG(info.st_mode):
                raise ConfigError(candidate, f"cannot read the configuration file: not a regular file "
                                             f"({kind_of(info.st_mode)})")
            if name != "pyproject.toml" or _has_tool_table(candidate):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    """Whether a pyproject.toml has [tool.prdlint], however TOML spells it (dotted keys, inline tables ...)."""
    try:
        text = read_text(path)
    except (InputError, UnicodeDecodeError):
        return False
    try:
        tool = _toml().loads(text).get("tool")
    except _toml().TOMLDecodeError:
        return "prdlint" in text  # an invalid file that mentions prdlint: load it to report the error
    return isinstance(tool, dict) and "prdlint" in tool


# -- reading --------------------------------------------------------------------------------------


def load_yaml_with_lines(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse YAML (prdlint.yaml_loader: aliases bounded) and remember the line of every key and list item."""
    import yaml  # not for runs without a YAML file to read

    from prdlint import yaml_loader

    data, node = yaml_loader.load_with_nodes(text)
    lines: dict[KeyPath, int] = {}
    stack: list[tuple[yaml.Node, KeyPath]] = [(node, ())] if node is not None else []
    while stack:  # iterative: nesting as deep as the YAML parser allows does not overflow the stack
        current, path = stack.pop()
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
                key_path: KeyPath = (*path, key)
                if key_path in lines:  # YAML forbids it; PyYAML would silently keep the last one
                    raise yaml.MarkedYAMLError(
                        problem=f"duplicate key '{key}' (first written on line {lines[key_path]})",
                        problem_mark=key_node.start_mark,
                    )
                lines[key_path] = key_node.start_mark.line + 1
                stack.append((value_node, key_path))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                item_path: KeyPath = (*path, index)
                lines[item_path] = item.start_mark.line + 1
                stack.append((item, item_path))
    return data, lines


def _string_keys(value: Any) -> Any:
    """YAML allows any key (``1:``, ``true:``); settings are named by strings, as in TOML."""
    if isinstance(value, dict):
        return {_key_text(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def _read_yaml(path: Path, text: str) -> tuple[Any, dict[KeyPath, int]]:
    import yaml

    try:
        data, lines = load_yaml_with_lines(text)
        return _string_keys(data), lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConfigError(path, f"not valid YAML: {problem}", mark.line + 1 if mark else None) from None


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    return tomllib


def _read_toml(path: Path, text: str) -> tuple[Any, dict[KeyPath, int]]:
    """[tool.prdlint] of a pyproject.toml; the whole document of any other TOML file (``--config``)."""
    tomllib = _toml()
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise ConfigError(path, f"not valid TOML: {error}", int(found.group(1)) if found else None) from None
    if path.name != "pyproject.toml":
        return data, _toml_key_lines(text, ())
    tool = data.get("tool", {})
    section = tool.get("prdlint", {}) if isinstance(tool, dict) else {}
    return section, _toml_key_lines(text, ("tool", "prdlint"))


_TOML_KEY_PART = r"""(?:"[^"\n]*"|'[^'\n]*'|[\w-]+)"""
_TOML_DOTTED = rf"{_TOML_KEY_PART}(?:[ \t]*\.[ \t]*{_TOML_KEY_PART})*"
_TOML_HEADER = re.compile(rf"\A[ \t]*\[\[?[ \t]*({_TOML_DOTTED})[ \t]*\]\]?[ \t]*(?:#.*)?\Z")
_TOML_KEY = re.compile(rf"\A[ \t]*({_TOML_DOTTED})[ \t]*=")


def _toml_parts(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip("\"'") for part in re.findall(_TOML_KEY_PART, dotted))


def _toml_key_lines(text: str, prefix: tuple[str, ...]) -> dict[KeyPath, int]:
    """Best-effort lines of keys under the table ``prefix`` (tomllib keeps no positions), from headers
    (``[tool.prdlint.rules]``, ``[tool."prdlint"]``) and dotted keys (``tool.prdlint.ignore = ...``)."""
    lines: dict[KeyPath, int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            table = _toml_parts(header.group(1))
            if table[: len(prefix)] == prefix and len(table) > len(prefix):
                lines.setdefault(table[len(prefix) :], number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            full = (*table, *_toml_parts(key.group(1)))
            for depth in range(len(prefix) + 1, len(full) + 1):
                if full[: len(prefix)] == prefix:
                    lines.setdefault(full[len(prefix) : depth], number)
    return lines


def load_config(path: Path) -> Config:
    """Read and validate one configuration file, and the files it extends."""
    path = Path(path)
    layers = _layers(path, ())
    data, origins, roots = _merge(layers)
    return _build(path, data, origins, roots, tuple(layer.path for layer in reversed(layers[:-1])))


@dataclass(frozen=True)
class _Layer:
    """One configuration file's validated settings and the line of each key."""

    path: Path
    data: dict[str, Any]
    lines: dict[KeyPath, int]

    def origin(self, key: KeyPath) -> tuple[Path, int | None]:
        return self.path, _line(self.lines, key)


def _read_layer(path: Path) -> _Layer:
    if not os.path.lexists(path):
        raise ConfigError(path, "configuration file not found")
    try:
        text = read_text(path)  # a regular file only: a named pipe given to --config would block
    except InputError as error:
        raise ConfigError(path, f"cannot read the configuration file: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(path, f"cannot read the configuration file: not UTF-8 ({error.reason})") from None
    if path.suffix == ".toml":
        data, lines = _read_toml(path, text)
    else:
        data, lines = _read_yaml(path, text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(path, f"expected a mapping of settings at the top level, got {_kind(data)}", 1)
    data, lines = _normalise_keys(data, lines)
    _validate(path, data, lines)
    return _Layer(path, data, lines)


def _layers(path: Path, chain: tuple[Path, ...]) -> list[_Layer]:
    """The configuration at ``path`` after the files it extends, the farthest first."""
    layer = _read_layer(path)
    extend = layer.data.get("extend")
    if extend is None:
        return [layer]
    key: KeyPath = ("extend",)
    base = Path(extend).expanduser()
    if not base.is_absolute():
        base = path.parent / base
    base = Path(os.path.realpath(base))  # Path.resolve() raises on a symbolic link loop
    seen = (*chain, Path(os.path.realpath(path)))
    if base in seen:
        cycle = " -> ".join(_display(str(p)) for p in (*seen[seen.index(base):], base))
        raise ConfigError(path, f"configuration cycle: {cycle}", _line(layer.lines, key), key)
    if not base.is_file():
        raise ConfigError(path, f"configuration file not found: {extend!r}", _line(layer.lines, key), key)
    if base.name == "pyproject.toml" and not _has_tool_table(base):
        raise ConfigError(path, f"{extend!r} has no [tool.prdlint] table", _line(layer.lines, key), key)
    return [*_layers(base, seen), layer]


# -- extend: merging a configuration over the ones it extends ------------------------------------------

Origin = tuple[Path, int | None]
# the nearer file's value, if it sets one
_REPLACED = ("severity-threshold", "kind", "frontmatter-schema", "max-file-size")
_GLOBS = ("include", "exclude", "extend-exclude", "per-file-ignores", "kinds")
_ALIASES = {"profile": "kind", "profiles": "kinds"}  # the old spellings of document kinds


def _merge(
    layers: list[_Layer],
) -> tuple[dict[str, Any], dict[KeyPath, Origin], dict[tuple[str, int], Path]]:
    """The settings of ``layers`` (the farthest first), each file's over those it extends.

    Returns the merged settings, where each key and list item was written, and the directory
    of the file that wrote each glob (for globs from the files extended).
    """
    lists: dict[str, list[tuple[Any, _Layer, KeyPath]]] = {}
    maps: dict[str, dict[str, tuple[Any, _Layer, KeyPath]]] = {}
    values: dict[str, tuple[Any, _Layer, KeyPath]] = {}

    def items(layer: _Layer, *key: str) -> list[tuple[Any, _Layer, KeyPath]]:
        node: Any = layer.data
        for part in key:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return [(item, layer, (*key, index)) for index, item in enumerate(node or ())]

    for layer in layers:
        data = layer.data
        for key in _REPLACED:  # 'kind' may be spelled 'profile' (the nearer file's wins, whichever spelling)
            spellings = (key, *(old for old, new in _ALIASES.items() if new == key))
            spelled = next((name for name in spellings if name in data), None)
            if spelled is not None:
                values[key] = (data[spelled], layer, (spelled,))
        for key in ("include", "exclude"):
            if key in data:
                lists[key] = items(layer, key)
        if "select" in data:  # a new selection: what the files extended select and ignore no longer applies
            for key in ("select", "extend-select", "ignore"):
                lists[key] = items(layer, key)
        else:
            reselected = {str(selector).lower() for selector in data.get("extend-select", ())}
            kept = [entry for entry in lists.get("ignore", []) if str(entry[0]).lower() not in reselected]
            lists["ignore"] = kept + items(layer, "ignore")
            lists["extend-select"] = lists.get("extend-select", []) + items(layer, "extend-select")
        for key in ("extend-exclude", "rule-packs"):
            lists[key] = lists.get(key, []) + items(layer, key)
        for sub in data.get("placeholders", {}):
            name = f"placeholders.{sub}"
            lists[name] = lists.get(name, []) + items(layer, "placeholders", sub)
        for key in ("rules", "per-file-ignores", "kinds", "coverage", "vocabulary"):
            spellings = (key, "profiles") if key == "kinds" else (key,)
            mine: dict[str, tuple[Any, _Layer, KeyPath]] = {
                name: (value, layer, (written, name))
                for written in spellings for name, value in data.get(written, {}).items()
            }
            earlier = {name: entry for name, entry in maps.get(key, {}).items() if name not in mine}
            # kinds: the first matching glob wins, so the nearer file's globs come first
            maps[key] = {**mine, **earlier} if key == "kinds" else {**earlier, **mine}

    nearest = layers[-1]
    merged: dict[str, Any] = {}
    origins: dict[KeyPath, Origin] = {}
    roots: dict[tuple[str, int], Path] = {}

    def note(layer: _Layer, written: KeyPath, merged_key: KeyPath) -> None:
        """Where ``merged_key`` (and everything under it) was written: ``written`` in ``layer``."""
        for path, line in layer.lines.items():
            if path[: len(written)] == written:
                origins[merged_key + path[len(written):]] = (layer.path, line)

    for key, (value, layer, written) in values.items():
        merged[key] = value
        if key == "frontmatter-schema" and isinstance(value, str) and layer is not nearest:
            merged[key] = str(_relative_to(layer, value))  # relative to the file that names it
        note(layer, written, (key,))
    for name, entries in lists.items():
        if not entries and name not in nearest.data:
            continue
        target = tuple(name.split("."))
        values_out = []
        for index, (value, layer, written) in enumerate(entries):
            if name == "rule-packs":
                value = str(_relative_to(layer, value))
            values_out.append(value)
            note(layer, written, (*target, index))
            if name in _GLOBS and layer is not nearest:
                roots[(name, index)] = layer.path.parent.resolve()
        if len(target) == 2:
            merged.setdefault(target[0], {})[target[1]] = values_out
        else:
            merged[name] = values_out
    for key, mapping in maps.items():
        if not mapping:
            continue
        merged[key] = {}
        for index, (name, (value, layer, written)) in enumerate(mapping.items()):
            merged[key][name] = value
            note(layer, written, (key, name))
            if key in _GLOBS and layer is not nearest:
                roots[(key, index)] = layer.path.parent.resolve()
    for key in merged:
        origins.setdefault((key,), next(
            (layer.origin((key,)) for layer in reversed(layers) if key in layer.data), (nearest.path, None)
        ))
    return merged, origins, roots


def _relative_to(layer: _Layer, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else layer.path.parent.resolve() / path


# -- validation -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def _normalise_keys(
    data: dict[str, Any], lines: dict[KeyPath, int]
) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """Accept snake_case spellings of the kebab-case keys the schema defines."""
    schema = config_schema()["properties"]

    def rename(mapping: dict[str, Any], known: Mapping[str, Any], prefix: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in mapping.items():
            new = key.replace("_", "-") if isinstance(key, str) and key not in known else key
            if new != key and new in known:
                for old_path in [p for p in lines if p[: len(prefix) + 1] == (*prefix, key)]:
                    new_path: KeyPath = (*prefix, new, *old_path[len(prefix) + 1 :])
                    lines[new_path] = lines.pop(old_path)
                out[new] = value
            else:
                out[key] = value
        return out

    data = rename(data, schema, ())
    for section in ("placeholders", "coverage", "vocabulary"):
        if isinstance(data.get(section), dict):
            data[section] = rename(data[section], schema[section]["properties"], (section,))
    return data, lines


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _expected(schema: Mapping[str, Any]) -> str:
    defs = config_schema()["definitions"]
    if "$ref" in schema:
        schema = defs[schema["$ref"].split("/")[-1]]
    if "enum" in schema:
        return "one of " + ", ".join(repr(v) for v in schema["enum"])
    kinds = schema.get("type")
    if not kinds:
        return "a valid value"
    names = {"array": "a list of strings", "object": "a mapping", "boolean": "true or false"}
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return " or ".join(names.get(kind, f"a {kind}") for kind in kinds)


def _validate(path: Path, data: dict[str, Any], lines: dict[KeyPath, int]) -> None:
    from jsonschema import Draft7Validator  # type: ignore[import-untyped,unused-ignore]

    validator = Draft7Validator(config_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.path))))
    if not errors:
        _validate_patterns(path, data, lines)
        _validate_vocabulary(path, data, lines)
        _validate_globs(path, data, lines)
        return
    error = errors[0]
    # anyOf errors (rules.X) are clearer from their most specific branch
    if error.validator == "anyOf" and error.context:
        error = max(error.context, key=lambda e: len(e.absolute_path))
    key: KeyPath = tuple(error.absolute_path)
    line = _line(lines, key)
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))[0]
        key = (*key, extra)
        where = f"under '{format_key(key[:-1])}'" if key[:-1] else "at the top level"
        hint = did_you_mean(extra, known) or f"; expected one of: {', '.join(known)}"
        raise ConfigError(path, f"unknown setting {where}{hint}", _line(lines, key), key)
    if error.validator == "enum":
        raise ConfigError(
            path,
            f"expected one of {', '.join(repr(v) for v in error.validator_value)}, "
            f"got {_kind(error.instance)}"
            f"{did_you_mean(str(error.instance), [str(v) for v in error.validator_value])}",
            line,
            key,
        )
    if error.validator == "type":
        raise ConfigError(path, f"expected {_expected(error.schema)}, got {_kind(error.instance)}", line, key)
    if error.validator in ("minimum", "maximum"):
        bounds = error.schema.get("minimum"), error.schema.get("maximum")
        expected = f"expected a number from {bounds[0]} to {bounds[1]}"
        raise ConfigError(path, f"{expected}, got {_kind(error.instance)}", line, key)
    if error.validator == "minLength":
        raise ConfigError(path, f"expected a non-empty string, got {_kind(error.instance)}", line, key)
    raise ConfigError(path, error.message, line, key)


def _line(lines: Mapping[KeyPath, int], key: KeyPath) -> int | None:
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return None


def _validate_patterns(path: Path, data: Mapping[str, Any], lines: Mapping[KeyPath, int]) -> None:
    placeholders = data.get("placeholders", {})
    for section in ("patterns", "code-patterns", "allow"):
        for index, pattern in enumerate(placeholders.get(section, ())):
            text = pattern[3:] if section == "allow" and pattern.startswith("re:") else pattern
            if section == "allow" and not pattern.startswith("re:"):
                continue
            problem = user_regex.check(text)
            if problem is not None:
                key: KeyPath = ("placeholders", section, index)
                message = f"invalid regular expression {text!r}: {problem}"
                raise ConfigError(path, message, _line(lines, key), key)


def _validate_vocabulary(path: Path, data: Mapping[str, Any], lines: Mapping[KeyPath, int]) -> None:
    """Story patterns run with re (no timeout): only patterns that cannot backtrack without end."""
    stories = data.get("vocabulary", {}).get("stories", ()) if isinstance(data.get("vocabulary"), dict) else ()
    for index, pattern in enumerate(stories):
        problem = user_regex.check_for_re(pattern)
        if problem is not None:
            key: KeyPath = ("vocabulary", "stories", index)
            raise ConfigError(path, f"invalid regular expression {pattern!r}: {problem}", _line(lines, key), key)


def _validate_globs(path: Path, data: Mapping[str, Any], lines: Mapping[KeyPath, int]) -> None:
    """A glob that cannot be matched is a configuration error here, not an internal error later."""
    from prdlint.files import glob_problem

    found: list[tuple[KeyPath, str]] = []
    for section in ("include", "exclude", "extend-exclude"):
        found.extend(((section, index), glob) for index, glob in enumerate(data.get(section, ())))
    for section in ("per-file-ignores", "profiles"):
        found.extend(((section, glob), glob) for glob in data.get(section, {}))
    for key, glob in found:
        problem = glob_problem(glob)
        if problem is not None:
            raise ConfigError(path, problem, _line(lines, key), key)


def _build(
    path: Path,
    data: Mapping[str, Any],
    origins: Mapping[KeyPath, Origin],
    roots: Mapping[tuple[str, int], Path],
    extends: tuple[Path, ...],
) -> Config:
    def strings(key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        return tuple(data[key]) if key in data else default

    rules: dict[str, dict[str, Any]] = {}
    for selector, value in data.get("rules", {}).items():
        if isinstance(value, bool):
            rules[selector] = {"severity": None if value else "off"}
        elif isinstance(value, str):
            rules[selector] = {"severity": value}
        else:
            rules[selector] = dict(value)
    placeholders = {key: tuple(value) for key, value in data.get("placeholders", {}).items()}
    root = path.parent.resolve()
    return Config(
        path=path,
        root=root,
        select=strings("select", ("ALL",)),
        extend_select=strings("extend-select"),
        ignore=strings("ignore"),
        severity_threshold=data.get("severity-threshold"),
        include=strings("include", DEFAULT_INCLUDE),
        exclude=strings("exclude"),
        extend_exclude=strings("extend-exclude"),
        per_file_ignores=tuple(
            (glob, tuple(codes)) for glob, codes in data.get("per-file-ignores", {}).items()
        ),
        rules=rules,
        placeholders=placeholders,
        profile=data.get("kind"),
        profiles=tuple(data.get("kinds", {}).items()),  # 'profiles' was merged into 'kinds' (see _merge)
        vocabulary=dict(data.get("vocabulary", {})),
        rule_packs=tuple((root / p) for p in data.get("rule-packs", ())),
        coverage=dict(data.get("coverage", {})),
        frontmatter_schema=data.get("frontmatter-schema"),
        max_file_size=data.get("max-file-size"),
        extends=extends,
        key_lines={key: line for key, (_, line) in origins.items() if line is not None},
        key_files={key: file for key, (file, _) in origins.items() if file != path},
        glob_roots={
            ("profiles" if setting == "kinds" else setting, index): root for (setting, index), root in roots.items()
        },
    )
