"""Built-in rules implemented in Python: one module per family, each exporting ``RULES``."""

BUILTIN_MODULES = (
    "prdlint.rules.engine",
    "prdlint.rules.placeholders",
    "prdlint.rules.acceptance",
    "prdlint.rules.coverage",
    "prdlint.rules.risks",
    "prdlint.rules.structure",
    "prdlint.rules.measurability",
)
