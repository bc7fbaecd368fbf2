"""The command line: ``prdlint check``, ``prdlint rules``, ``prdlint explain``."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from prdlint import __version__
from prdlint.config import ConfigError
from prdlint.engine.finding import Severity, printable
from prdlint.engine.linter import FileResult, exit_code
from prdlint.engine.registry import Registry
from prdlint.engine.settings import UsageError
from prdlint.files import is_excluded
from prdlint.integrations.baseline import DEFAULT_BASELINE, write_baseline
from prdlint.integrations.filters import Filters, filter_options
from prdlint.kinds.expectations import builtin_kinds
from prdlint.reporters import REPORTERS, Report
from prdlint.reporters.output_files import OutputFile
from prdlint.reporting import ReportingError, check_environment, finish, guarded, output_file_option
from prdlint.runner import Runner, RunOptions

KINDS = builtin_kinds()

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM  # 130 and 143, as shells say


class Terminated(BaseException):
    """SIGTERM arrived. Not an Exception: no ``except Exception`` may swallow it (it would become PRD000)."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


@contextlib.contextmanager
def _sigterm_stops_the_run() -> Iterator[None]:
    """While a command runs, SIGTERM unwinds it like Ctrl-C does, so that worker processes are stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

EPILOG = """\b
Exit codes:
  0  no finding at or above the severity threshold
  1  findings at or above the threshold (a file that cannot be read counts: PRD001)
  2  usage or configuration error, or an internal error (also reported as a PRD000 finding,
     with every other finding; even with --exit-zero)
  130, 143  interrupted by Ctrl-C (SIGINT) or SIGTERM
"""


_MAX_FILE_SIZE_OPTION = click.option(
    "--max-file-size", type=click.IntRange(min=1), default=None, metavar="BYTES",
    help="Report larger files as PRD001 instead of reading them.  [default: max-file-size, or 10 MiB]",
)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(item.strip() for value in values for item in value.split(",") if item.strip())


def _use_color(flag: bool | None, stream: TextIO) -> bool:
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _fail(message: str) -> None:
    click.echo(f"prdlint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["check", "baseline", "rules", "explain", "server", "clean"]

    def invoke(self, ctx: click.Context) -> Any:
        """No traceback reaches the user: an unexpected exception is one line and exit code 2."""
        try:
            with _sigterm_stops_the_run():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("prdlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("prdlint: terminated", err=True)
            sys.exit(EXIT_TERMINATED)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as error:
            if error.errno == errno.EPIPE:  # output piped into `head`: click handles it
                raise
            _fail(f"internal error: {type(error).__name__}: {error}")
        except Exception as error:  # a bug in prdlint
            _fail(f"internal error: {type(error).__name__}: {error} (a bug in prdlint; please report it)")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="prdlint", message="%(prog)s %(version)s")
def main() -> None:
    """Lint product requirements documents, specs and strategy files written in Markdown.

    prdlint finds what a template leaves behind ([FILL IN], [Your Product Name],
    TBD, YYYY-MM-DD, placeholders in code blocks) and reports each at its exact
    file:line:col.

    \b
    Examples:
      prdlint check                      lint every Markdown file under the current directory
      prdlint check docs/prd.md          lint one file
      prdlint check --format json docs   machine-readable output
      prdlint rules                      list every rule
      prdlint explain PRD101             what a rule flags, why, and how to silence it
      prdlint server                     the language server for editors (pip install 'prdlint[lsp]')
    """


@main.command(epilog=EPILOG)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default=None,
              help="Output format.  [default: text, or github when GITHUB_ACTIONS=true]")
@click.option("--output-file", "output_files", multiple=True, metavar="FORMAT=PATH",
              callback=output_file_option,
              help="Also write a report in FORMAT to PATH (repeatable), e.g. sarif=prdlint.sarif or "
                   "markdown=$GITHUB_STEP_SUMMARY.")
@click.option("--github-check", is_flag=True,
              help="Publish a GitHub check run 'prdlint' with annotations (reads GITHUB_TOKEN, "
                   "GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_EVENT_PATH, GITHUB_API_URL); "
                   "--format then defaults to text.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these rules: codes, names, families or prefixes (comma-separated). "
                   "Replaces the config's.")
@click.option("--extend-select", multiple=True, metavar="CODES",
              help="Add these rules to the selection (the configuration's, or --select's).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Also skip these rules (comma-separated).")
@click.option("--extend-ignore", multiple=True, metavar="CODES", help="The same as --ignore (ruff's spelling).")
@click.option("--severity-threshold", type=click.Choice(["error", "warning", "info"]), default=None,
              help="The lowest severity that makes the exit code 1.  [default: warning]")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Also print how many findings each rule produced.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, without the summary line.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output.  [default: on a terminal, unless NO_COLOR is set]")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this configuration file for every path (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files; use the defaults.")
@click.option("--stdin-filename", metavar="PATH",
              help="The path to report for standard input ('-', implied when no PATHS are given); "
                   "also used to find its configuration.")
@click.option("--force-exclude", is_flag=True,
              help="Apply 'exclude' even to files named on the command line (the pre-commit hook uses this).")
@click.option("--kind", "--profile", "profile", type=click.Choice(KINDS), default=None, metavar="KIND",
              help="Lint files as this kind of document (" + ", ".join(KINDS) + ") unless their front matter "
                   "or the configuration's 'kinds' globs say otherwise. --profile is the older name.")
@click.option("-v", "--verbose", is_flag=True, help="Say which kind of document each file is and why (on stderr).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes; 0 uses one per CPU when there are many files.")
@_MAX_FILE_SIZE_OPTION
@click.option("--no-cache", is_flag=True,
              help="Neither read nor write the result cache (.prdlint_cache/ at the configuration root; "
                   "also PRDLINT_NO_CACHE=1).")
@filter_options  # --baseline, --diff-base, --filter-mode (prdlint.integrations.filters)
def check(
    paths: tuple[str, ...],
    output_format: str | None,
    output_files: tuple[OutputFile, ...],
    github_check: bool,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    severity_threshold: str | None,
    exit_zero: bool,
    statistics: bool,
    quiet: bool,
    color: bool | None,
    config_file: Path | None,
    isolated: bool,
    stdin_filename: str | None,
    force_exclude: bool,
    profile: str | None,
    verbose: bool,
    jobs: int,
    max_file_size: int | None,
    no_cache: bool,
    **pr_filters: Any,
) -> None:
    """Lint Markdown files: PATHS are files or directories (searched for *.md and *.markdown).

    With no PATHS, the current directory is searched. Use '-' to read standard
    input. Configuration comes from the nearest .prdlint.yaml, .prdlint.yml or
    pyproject.toml [tool.prdlint] above each file.

    \b
    Silence a finding in the document itself:
      <!-- prdlint-disable-next-line PRD102 -->
      <!-- prdlint-disable PRD103 --> ... <!-- prdlint-enable PRD103 -->
      <!-- prdlint-disable-file fill-in-marker -->
    """
    # --- pull-request reporting (issue 4): --github-check needs its environment before any work ---
    try:
        check_env = check_environment() if github_check else None
    except ReportingError as error:
        _fail(str(error))
        return
    if github_check and output_format is None:
        output_format = "text"  # the check run carries the annotations: workflow commands would repeat them
    # --- end of pull-request reporting ---
    if output_format is None:
        in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = "github" if in_actions and "github" in REPORTERS else "text"
    options = RunOptions(
        select=_split(select) or None,
        ignore=_split((*ignore, *extend_ignore)),
        extend_select=_split(extend_select),
        profile=profile,
        config_file=config_file,
        isolated=isolated,
        force_exclude=force_exclude,
        jobs=jobs,
        max_file_size=max_file_size,
        cache=not no_cache,
    )
    if not paths:
        # Like ruff: --stdin-filename alone means standard input; nothing at all means the current directory.
        paths = ("-",) if stdin_filename is not None else (".",)
    try:
        filters = Filters.prepare(**pr_filters)  # a bad baseline or diff base stops the run before linting
        runner = Runner(options)
        results, errors, threshold_from_config = _run(runner, paths, stdin_filename, verbose)
    except (ConfigError, UsageError) as error:
        _fail(str(error))
        return
    # Pull-request filters: the baseline, then the diff; their notes go to Report.extra and stderr.
    results, filter_extra, filter_notes = filters.apply(results)
    if not results and not quiet:
        click.echo(
            "prdlint: warning: no Markdown files found in " + ", ".join(repr(p) for p in paths)
            + " (searched for the 'include' globs, *.md and *.markdown by default)",
            err=True,
        )
    threshold = Severity.parse(severity_threshold or threshold_from_config or "warning")
    registry = runner.registry()  # built-in rules plus those of the rule packs of the configurations used
    report = Report(
        files=results,
        registry=registry,
        threshold=threshold,
        statistics=statistics,
        quiet=quiet,
        color=_use_color(color, sys.stdout),
    )
    report.extra.update(filter_extra)  # --baseline/--diff-base notes for the reporters
    with guarded(sys.stdout, output_format):
        REPORTERS[output_format]().render(report, sys.stdout)
    sys.stdout.flush()
    if output_format == "text" and not quiet:
        for note in filter_notes:
            click.echo(f"prdlint: {note}", err=True)
    # --- pull-request reporting (issue 4): --output-file reports, then the check run ---
    try:
        finish(report, output_files, check_env, output_format=output_format, exit_zero=exit_zero)
    except ReportingError as error:
        _fail(str(error))
    # --- end of pull-request reporting ---
    for problem in errors:
        click.echo(f"prdlint: error: {problem}", err=True)
    if errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_OK if exit_zero else exit_code(report.findings, threshold))


def _run(
    runner: Runner, paths: Sequence[str], stdin_filename: str | None, verbose: bool
) -> tuple[list[FileResult], list[str], str | None]:
    results: list[FileResult] = []
    errors: list[str] = []
    threshold: str | None = None
    file_paths = [p for p in paths if p != "-"]
    targets = runner.targets(file_paths) if file_paths else []
    if "-" in paths:
        stdin_target = runner.stdin_target(stdin_filename)
        excluded = (
            stdin_target.path is not None
            and runner.options.force_exclude
            and is_excluded(stdin_target.path, stdin_target.config)
        )
        if not excluded:
            limit = runner.size_limit(stdin_target.config)
            result = runner.lint_target(stdin_target, sys.stdin.buffer.read(limit + 1))
            results.append(result)
            errors.extend(result.errors)
            threshold = threshold or stdin_target.config.severity_threshold
    for target in targets:
        runner.settings_for(target.config)  # surface configuration errors before any output
    for target, result in zip(targets, runner.lint_all(targets), strict=True):
        threshold = threshold or target.config.severity_threshold
        if verbose:
            click.echo(printable(f"{target.display}: kind {result.profile} ({result.profile_reason})"), err=True)
        results.append(result)
        errors.extend(result.errors)
    return results, errors, threshold


# -- prdlint baseline (prdlint.integrations.baseline) ------------------------------------------------


@main.command(epilog="""\b
Then: prdlint check --baseline .prdlint-baseline.json
Exit codes: 0 written, 2 usage or configuration error.
""")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_BASELINE, show_default=True, help="The baseline file to write.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (comma-separated).")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Add these rules to the selection.")
@click.option("--ignore", "--extend-ignore", multiple=True, metavar="CODES",
              help="Also skip these rules (comma-separated).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this configuration file for every path (no discovery).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files; use the defaults.")
@click.option("--force-exclude", is_flag=True, help="Apply 'exclude' to files named on the command line too.")
@click.option("--kind", "--profile", "profile", type=click.Choice(KINDS), default=None, metavar="KIND",
              help="Lint files as this kind of document (" + ", ".join(KINDS) + ") unless their front matter "
                   "or the configuration's 'kinds' globs say otherwise. --profile is the older name.")
@_MAX_FILE_SIZE_OPTION
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
def baseline(
    paths: tuple[str, ...],
    output: Path,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    isolated: bool,
    force_exclude: bool,
    profile: str | None,
    max_file_size: int | None,
    no_cache: bool,
) -> None:
    """Record today's findings in PATHS so that 'prdlint check --baseline FILE' reports only new ones.

    The file lists, per path, rule and fingerprint (the normalised offending text and its
    line, not the line number), how many findings there are. It replaces any earlier baseline
    at that path. With no PATHS, the current directory is searched.
    """
    options = RunOptions(
        select=_split(select) or None, ignore=_split(ignore), extend_select=_split(extend_select), profile=profile,
        config_file=config_file, isolated=isolated, force_exclude=force_exclude, max_file_size=max_file_size,
        cache=not no_cache,
    )
    try:
        runner = Runner(options)
        results, errors, _ = _run(runner, [p for p in paths if p != "-"] or ["."], None, False)
        if errors:
            for problem in errors:
                click.echo(f"prdlint: error: {problem}", err=True)
            sys.exit(EXIT_ERROR)
        entries = write_baseline(output, results)
    except (ConfigError, UsageError) as error:
        _fail(str(error))
        return
    findings = sum(entry.count for entry in entries)
    files = len({entry.path for entry in entries})
    entry_word = "entry" if len(entries) == 1 else "entries"
    click.echo(
        f"prdlint: wrote {output}: {findings} finding{'' if findings == 1 else 's'} in "
        f"{files} of {len(results)} file{'' if len(results) == 1 else 's'} ({len(entries)} {entry_word})",
        err=True,
    )


@main.command(epilog="Exit codes: 0 removed (or nothing to remove), 2 a cache directory could not be removed.")
def clean() -> None:
    """Remove the result cache: .prdlint_cache/ at the configuration root and below the current directory.

    The cache only makes runs faster; prdlint notices any change to a file, its
    configuration or rule packs by itself, so there is rarely a need for this.
    """
    import shutil

    from prdlint.engine.cache import find_caches
    from prdlint.files import display_path

    found = find_caches(Path.cwd())
    for directory in found:
        try:
            shutil.rmtree(directory)
        except OSError as error:
            _fail(f"cannot remove {display_path(directory)}: {error.strerror or error}")
        click.echo(f"prdlint: removed {display_path(directory)}", err=True)
    if not found:
        click.echo("prdlint: no cache to remove", err=True)


def _config_registry(config_file: Path | None) -> Registry:
    """The rules known under a configuration (--config, or the one found from the current directory)."""
    from prdlint.config import default_config, find_config, load_config
    from prdlint.engine.registry import registry_for

    try:
        if config_file is None:
            found = find_config(Path.cwd())
            config = load_config(found) if found is not None else default_config(Path.cwd())
        else:
            config = load_config(config_file)
        return registry_for(config)
    except ConfigError as error:
        _fail(str(error))
        raise AssertionError("unreachable") from None


_CONFIG_OPTION = click.option(
    "--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
    help="Include the rule packs of this configuration file (default: the one found from here).",
)


@main.command()
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              help="Output format.")
@_CONFIG_OPTION
def rules(output_format: str, config_file: Path | None) -> None:
    """List every rule: code, name, default severity and what it flags."""
    registry = _config_registry(config_file)
    if output_format == "json":
        import json

        data = [
            {
                "code": r.code,
                "name": r.name,
                "family": r.family,
                "severity": r.severity.value,
                "summary": r.summary,
            }
            for r in registry
        ]
        click.echo(json.dumps(data, indent=2))
        return
    width = max(len(rule.name) for rule in registry)
    click.echo(f"{'CODE':<8} {'NAME':<{width}}  {'SEVERITY':<8}  SUMMARY")
    for rule in registry:
        click.echo(f"{rule.code:<8} {rule.name:<{width}}  {rule.severity.value:<8}  {rule.summary}")


@main.command()
@click.argument("rule_id", metavar="CODE|NAME")
@_CONFIG_OPTION
def explain(rule_id: str, config_file: Path | None) -> None:
    """Show a rule's documentation: what it flags, why, examples, and how to configure or silence it.

    A family (placeholders) or a code prefix (PRD1) shows each of its rules.
    """
    from prdlint.docs import render_rule_doc

    registry = _config_registry(config_file)
    found = registry.resolve(rule_id)
    if found is None:
        hint = registry.suggest(rule_id)
        _fail(f"unknown rule '{rule_id}'" + (f" (did you mean '{hint}'?)" if hint else "")
              + "; 'prdlint rules' lists them all")
        return
    click.echo("\n".join(render_rule_doc(rule) for rule in found), nl=False)


# -- prdlint server (prdlint.server: the language server, issue 10) -----------------------------------

_LSP_PACKAGES = ("pygls", "lsprotocol", "cattrs", "attrs")


@main.command()
def server() -> None:
    """Run the language server on standard input and output, for editors.

    It needs the lsp extra: pip install 'prdlint[lsp]'. Editors start it themselves;
    see "Editor integration" in the README.
    """
    try:
        from prdlint.server.app import serve
    except ImportError as error:
        missing = (error.name or "").split(".")[0]
        if missing not in _LSP_PACKAGES:
            raise
        _fail(f"'prdlint server' needs the lsp extra ({missing} is not installed): pip install 'prdlint[lsp]'")
        return
    serve()
