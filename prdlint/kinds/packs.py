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
    import yaml  # most runs read no YAML at all: the built-in packs come from their compiled form

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


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
        import yaml

        loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        pairs = zip(names, contents, strict=True)
        return {name: yaml.load(text.decode("utf-8"), Loader=loader) for name, text in pairs}

    packs: dict[str, dict[str, Any]] = compiled("builtin-packs", paths, parse)
    return packs


def builtin_pack_paths() -> list[Path]:
    """Every built-in pack file."""
    return sorted(builtin_pack_dir().rglob("*.yaml"))


@cache
def builtin_names(folder: str) -> tuple[str, ...]:
    """The stems of the packs in one folder of rules/ ('kinds', 'languages'), sorted."""
    return tuple(sorted(path.stem for path in (builtin_pack_dir() / folder).glob("*.yaml")))
