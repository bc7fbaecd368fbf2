"""``--output-file FORMAT=PATH``: extra reports written beside the main output.

The option may be repeated (``--output-file sarif=prdlint.sarif --output-file
markdown=$GITHUB_STEP_SUMMARY``). Missing parent directories are created. A report is written to a
temporary file renamed over the old one (prdlint.atomic), so that an interrupted run never leaves
half a report. A report whose path is GitHub's step summary file is appended instead (other steps'
summaries share nothing, but prdlint's own notes may follow it), and a markdown report there is
sized to what is left of GitHub's 1 MiB per-step limit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from prdlint.atomic import atomic_writer
from prdlint.reporters.base import Report, Reporter


class OutputFileError(Exception):
    """A report file that cannot be written: one line for the user, exit code 2."""


@dataclass(frozen=True)
class OutputFile:
    """An --output-file FORMAT=PATH."""

    format: str
    path: Path

    def __str__(self) -> str:
        return f"{self.format}={self.path}"


def parse_output_file(value: str, formats: Iterable[str]) -> OutputFile:
    """Parse ``FORMAT=PATH``; raises ValueError with a message naming what is wrong."""
    known = sorted(formats)
    name, sep, path = value.partition("=")
    name = name.strip().lower()
    if not sep or not name:
        raise ValueError(f"'{value}' is not FORMAT=PATH (for example sarif=prdlint.sarif)")
    if name not in known:
        raise ValueError(f"unknown format '{name}' in '{value}' (choose from {', '.join(known)})")
    if not path.strip():
        raise ValueError(f"no PATH after '{name}=' (an empty variable such as $GITHUB_STEP_SUMMARY?)")
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"'{path}' is a directory; give a file name")
    return OutputFile(name, target)


def step_summary(environ: Mapping[str, str] | None = None) -> Path | None:
    environ = os.environ if environ is None else environ
    value = environ.get("GITHUB_STEP_SUMMARY", "").strip()
    return Path(value) if value else None


def _same_file(a: Path, b: Path | None) -> bool:
    if b is None:
        return False
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def describe(outputs: Sequence[OutputFile], environ: Mapping[str, str] | None = None) -> list[str]:
    """Where reports went, for 'the full report is in ...' notes (the step summary named as such)."""
    summary = step_summary(environ)
    places = []
    for output in outputs:
        if _same_file(output.path, summary):
            places.append(f"the step summary ({output.format})")
        else:
            places.append(f"{output.path} ({output.format})")
    return places


def write_output_files(
    report: Report, outputs: Sequence[OutputFile], environ: Mapping[str, str] | None = None
) -> None:
    """Write every requested report; raises OutputFileError on the first that cannot be written."""
    from prdlint.reporters import REPORTERS
    from prdlint.reporters.markdown import MARKDOWN_LIMIT, MarkdownReporter

    summary = step_summary(environ)
    places = describe(outputs, environ)
    for index, output in enumerate(outputs):
        append = _same_file(output.path, summary)
        elsewhere = [place for i, place in enumerate(places) if i != index] + ["the job log"]
        try:
            if output.path.parent != Path(""):
                output.path.parent.mkdir(parents=True, exist_ok=True)
            used = used_bytes(output.path) if append else 0
            reporter: Reporter
            if output.format == "markdown":
                reporter = MarkdownReporter(limit=max(MARKDOWN_LIMIT - used, 4096), elsewhere=elsewhere)
            else:
                reporter = REPORTERS[output.format]()
            if append:  # GitHub's step summary file: other steps' text stays, ours follows it
                with output.path.open("a", encoding="utf-8", newline="") as stream:
                    if used:
                        stream.write("\n")
                    reporter.render(report, stream)
            else:  # a temporary file renamed over the old report: never half a report
                with atomic_writer(output.path, newline="") as stream:
                    reporter.render(report, stream)
        except OSError as error:
            reason = error.strerror or str(error)
            message = f"cannot write the {output.format} report to {output.path}: {reason}"
            raise OutputFileError(message) from None


def used_bytes(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
