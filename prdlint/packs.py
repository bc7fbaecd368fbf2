"""Rule packs: the YAML files in the top-level rules/ folder (built in) and users' own packs."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml


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
    path = builtin_pack_dir() / f"{name}.yaml"
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=loader)
    return data
