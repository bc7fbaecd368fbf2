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
    from prdlint import yaml_loader  # bounded aliases, as for every YAML prdlint reads

    return yaml_loader.load(path.read_text(encoding="utf-8"), fast=True)


@cache
def builtin_pack(name: str) -> dict[str, Any]:
    """A built-in pack by its path under rules/ without '.yaml': 'placeholders', 'kinds/prd', 'languages/de'."""
    data: dict[str, Any] = read_yaml(builtin_pack_dir() / f"{name}.yaml")
    return data


def builtin_pack_paths() -> list[Path]:
    """Every built-in pack file."""
    return sorted(builtin_pack_dir().rglob("*.yaml"))


@cache
def builtin_names(folder: str) -> tuple[str, ...]:
    """The stems of the packs in one folder of rules/ ('kinds', 'languages'), sorted."""
    return tuple(sorted(path.stem for path in (builtin_pack_dir() / folder).glob("*.yaml")))
