"""Output formats. Each is a Reporter behind one interface; ``--format NAME`` picks one."""

from __future__ import annotations

from prdlint.reporters.base import Report, Reporter, ReporterFactory


def _text() -> Reporter:
    from prdlint.reporters.text import TextReporter

    return TextReporter()


def _json() -> Reporter:
    from prdlint.reporters.json import JsonReporter

    return JsonReporter()


# Imported lazily: a reporter's dependencies load only when it is used.
REPORTERS: dict[str, ReporterFactory] = {
    "text": _text,
    "json": _json,
}

__all__ = ["REPORTERS", "Report", "Reporter"]
