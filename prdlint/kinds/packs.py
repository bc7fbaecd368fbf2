"""The built-in packs: the YAML files of the top-level rules/ folder, read as plain data.

rules/kinds/<kind>.yaml       what a kind of document is expected to hold, and how it is recognised
rules/languages/<code>.yaml   what sections, columns, labels and stories are called in one language
rules/placeholders.yaml       the vocabulary of template leftovers (PRD101-PRD104)
rules/measurability.yaml      vague words and number words (PRD302, PRD601, PRD602)

The test suite validates them against prdlint/packs.schema.json rather than every run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any


def builtin_pack_dir() -> Path:
    """Where the built-in packs are: inside the installed package, or rules/ in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_builtin_rules"
    if installed.is_dir():
        return installed
    return package.parent / "rules"


def read_yaml(path: Path) -> Any:
    """A YAML file (a rule pack's vocabulary), read with the bounded loader like every YAML prdlint reads."""
    from prdlint import yaml_loader  # most runs read no YAML: the built-in packs come from their compiled form

    return yaml_loader.load(path.read_text(encoding="utf-8"), fast=True)


def builtin_pack(name: str) -> dict[str, Any]:
    """A built-in pack by its path under rules/ without '.yaml': 'placeholders', 'kinds/prd', 'languages/de'."""
    return _builtin_packs()[name]


@cache
def _builtin_packs() -> dict[str, dict[str, Any]]:
    """Every built-in pack, parsed once per content (see prdlint.compiled): most runs need no YAML parser."""
    from prdlint.compiled import compiled

    directory = builtin_pack_dir()
    paths = builtin_pack_paths()
    names = [path.relative_to(directory).with_suffix("").as_posix() for path in paths]

    def parse(contents: list[bytes]) -> dict[str, dict[str, Any]]:
        from prdlint import yaml_loader  # bounded aliases, as for every YAML prdlint reads

        pairs = zip(names, contents, strict=True)
        return {name: yaml_loader.load(text.decode("utf-8"), fast=True) for name, text in pairs}

    packs: dict[str, dict[str, Any]] = compiled("builtin-packs", paths, parse)
    return packs


@cache
def builtin_expressions() -> frozenset[str]:
    """Every 're:' name in the built-in packs: prdlint's own patterns, which the test suite's regex audit
    (tests/regex_audit.py) checks for backtracking, so they run with ``re`` and no time budget."""
    found: set[str] = set()
    stack: list[Any] = list(_builtin_packs().values())
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and value.startswith("re:"):
            found.add(value)
    return frozenset(found)


def builtin_pack_paths() -> list[Path]:
    """Every built-in pack file."""
    return sorted(builtin_pack_dir().rglob("*.yaml"))


@cache
def builtin_names(folder: str) -> tuple[str, ...]:
    """The stems of the packs in one folder of rules/ ('kinds', 'languages'), sorted."""
    return tuple(sorted(path.stem for path in (builtin_pack_dir() / folder).glob("*.yaml")))
