"""Output formats. Each is a Reporter behind one interface; ``--format NAME`` picks one."""

from __future__ import annotations

from prdlint.reporters.base import Report, Reporter, ReporterFactory


def _text() -> Reporter:
    from prdlint.reporters.text import TextReporter

    return TextReporter()


def _json() -> Reporter:
    from prdlint.reporters.json import JsonReporter

    return JsonReporter()


# --- pull-request reporting formats (issue 4) ---
def _github() -> Reporter:
    from prdlint.reporters.github import GithubReporter

    return GithubReporter()


def _sarif() -> Reporter:
    from prdlint.reporters.sarif import SarifReporter

    return SarifReporter()


def _junit() -> Reporter:
    from prdlint.reporters.junit import JunitReporter

    return JunitReporter()


def _gitlab() -> Reporter:
    from prdlint.reporters.gitlab import GitlabReporter

    return GitlabReporter()


def _rdjson() -> Reporter:
    from prdlint.reporters.rdjson import RdjsonReporter

    return RdjsonReporter()


def _markdown() -> Reporter:
    from prdlint.reporters.markdown import MarkdownReporter

    return MarkdownReporter()


# --- end of pull-request reporting formats ---

# Imported lazily: a reporter's dependencies load only when it is used.
REPORTERS: dict[str, ReporterFactory] = {
    "text": _text,
    "json": _json,
    # pull-request reporting (issue 4)
    "github": _github,
    "sarif": _sarif,
    "junit": _junit,
    "gitlab": _gitlab,
    "rdjson": _rdjson,
    "markdown": _markdown,
}

__all__ = ["REPORTERS", "Report", "Reporter"]
