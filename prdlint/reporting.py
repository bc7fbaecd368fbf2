"""The command line's pull-request reporting: ``--output-file FORMAT=PATH`` and ``--github-check``.

Kept out of cli.py so that the command only wires options to these functions. Nothing heavy is
imported here: PyGithub loads inside :func:`prdlint.github_checks.publish`, and only with
``--github-check``.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

import click

from prdlint.reporters.base import Report
from prdlint.reporters.output_files import OutputFile, OutputFileError, parse_output_file

if TYPE_CHECKING:
    from prdlint.github_checks import CheckEnvironment


class ReportingError(Exception):
    """One line for the user; the command exits with code 2."""


def output_file_option(
    ctx: click.Context, param: click.Parameter, values: Sequence[str]
) -> tuple[OutputFile, ...]:
    """Click callback: validate each ``FORMAT=PATH`` before any file is linted."""
    from prdlint.reporters import REPORTERS

    parsed = []
    for value in values:
        try:
            parsed.append(parse_output_file(value, REPORTERS))
        except ValueError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None
    return tuple(parsed)


def check_environment(environ: Mapping[str, str] | None = None) -> CheckEnvironment:
    """What --github-check needs from the environment; raises ReportingError saying what is missing."""
    from prdlint.github_checks import CheckSetupError, environment_from

    try:
        return environment_from(os.environ if environ is None else environ)
    except CheckSetupError as error:
        raise ReportingError(str(error)) from None


def _is_regular_file(stream: TextIO) -> bool:
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return False


@contextlib.contextmanager
def guarded(stream: TextIO, output_format: str) -> Iterator[None]:
    """In a GitHub Actions log, the text output cannot run workflow commands.

    The text format quotes documents and file names as they are; the runner would obey a
    ``::command`` at the start of a line or a ``##[command]`` anywhere in one. So when the
    output goes to the log (not redirected to a file), it is wrapped in ``::stop-commands::``.
    """
    enabled = (
        output_format == "text"
        and os.environ.get("GITHUB_ACTIONS") == "true"
        and not _is_regular_file(stream)
    )
    if not enabled:
        yield
        return
    from prdlint.reporters.github import commands_stopped

    with commands_stopped(stream):
        yield


def finish(
    report: Report,
    outputs: Sequence[OutputFile],
    check: CheckEnvironment | None,
    *,
    output_format: str,
    exit_zero: bool,
) -> None:
    """After the main output: write the --output-file reports, then publish the check run."""
    if outputs:
        from prdlint.reporters.output_files import write_output_files

        try:
            write_output_files(report, outputs)
        except OutputFileError as error:
            raise ReportingError(str(error)) from None
    if check is not None:
        from prdlint.github_checks import publish
        from prdlint.reporters.output_files import describe, step_summary

        publish(
            report,
            check,
            exit_zero=exit_zero,
            commands_already_written=output_format == "github",
            reports=describe(outputs),
            step_summary=step_summary(),
        )
