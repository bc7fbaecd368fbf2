"""``prdlint check --github-check``: a check run named ``prdlint`` with one annotation per finding.

The run is created on the pull request's head commit (``pull_request.head.sha`` from
``GITHUB_EVENT_PATH``, else ``GITHUB_SHA``) with a markdown summary, annotations are added 50 per
update (the API's limit per request), and a last update sets the conclusion: ``failure`` when a
finding reaches the severity threshold or prdlint failed on a file (PRD000, whatever the options),
``neutral`` when there are findings below it (or with ``--exit-zero``), ``success`` otherwise.

When the token cannot write checks (HTTP 403: pull requests from forks get a read-only token) or
the API keeps failing, the findings not yet annotated are written as workflow commands instead,
errors first, and the log and the step summary say how many GitHub will not show as annotations
and where the full report is. Rate limits, 5xx answers and network errors are retried with
backoff. The token is never printed: every message that leaves this module is redacted.

PyGithub is imported here only, inside :func:`publish`.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from prdlint import __version__
from prdlint.engine.finding import Finding, Severity
from prdlint.inputs import InputError, read_text
from prdlint.reporters.base import Report
from prdlint.reporters.common import counts_phrase, plural, repo_relative, severity_first, source_root
from prdlint.reporters.github import ANNOTATIONS_PER_JOB, ANNOTATIONS_PER_LEVEL, over_the_cap, render_commands
from prdlint.reporters.markdown import escape, markdown_report

if TYPE_CHECKING:
    from github.CheckRun import CheckRun
    from github.Repository import Repository

CHECK_NAME = "prdlint"
BATCH_SIZE = 50  # annotations per request: the Checks API's limit
SUMMARY_LIMIT = 65_535  # characters in output.summary; the report is sized in UTF-8 bytes, never more
TITLE_LIMIT = 255  # characters in an annotation title
MESSAGE_LIMIT = 64 * 1024 - 1  # bytes in an annotation message
_NOTE_ROOM = 2048  # bytes of the summary kept free for a note that the annotations are incomplete
DEFAULT_API_URL = "https://api.github.com"
LEVELS = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "notice"}
_URL_RUN = re.compile(r"(?<![\w.~+%-])[\w.~+%-]+")  # maximal runs only: linear
_TOKEN_SHAPE = re.compile(r"[\x21-\x7e]+")
_SHA_SHAPE = re.compile(r"[0-9a-fA-F]{7,64}")
_REPOSITORY_SHAPE = re.compile(r"\A[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z")

T = TypeVar("T")


class CheckSetupError(Exception):
    """The environment does not allow a check run: one line for the user, exit code 2."""


@dataclass(frozen=True)
class CheckEnvironment:
    """What publishing a check run needs from the environment."""

    token: str = field(repr=False)
    repository: str
    head_sha: str
    api_url: str = DEFAULT_API_URL
    details_url: str | None = None


def environment_from(environ: Mapping[str, str]) -> CheckEnvironment:
    """Read and check what ``--github-check`` needs; raises CheckSetupError naming what is missing."""
    token = environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        raise CheckSetupError(
            "--github-check needs GITHUB_TOKEN (in a workflow: env: GITHUB_TOKEN: ${{ github.token }}, "
            "with permissions: checks: write)"
        )
    if not _TOKEN_SHAPE.fullmatch(token):
        raise CheckSetupError("GITHUB_TOKEN contains white space or characters a token cannot have")
    repository = environ.get("GITHUB_REPOSITORY", "").strip()
    if not repository:
        raise CheckSetupError("--github-check needs GITHUB_REPOSITORY (owner/name; GitHub Actions sets it)")
    if not _REPOSITORY_SHAPE.fullmatch(repository):
        raise CheckSetupError(f"GITHUB_REPOSITORY must be owner/name, not {repository!r}")
    head_sha = _pull_request_head(environ) or environ.get("GITHUB_SHA", "").strip()
    if not head_sha:
        raise CheckSetupError(
            "--github-check needs the commit to report on: GITHUB_SHA, "
            "or a pull_request event in GITHUB_EVENT_PATH"
        )
    if not _SHA_SHAPE.fullmatch(head_sha):
        raise CheckSetupError(f"the commit to report on is not a hexadecimal SHA: {head_sha[:80]!r}")
    api_url = (environ.get("GITHUB_API_URL", "").strip() or DEFAULT_API_URL).rstrip("/")
    if not api_url.startswith(("https://", "http://")):
        raise CheckSetupError(f"GITHUB_API_URL must be an http(s) URL, not {api_url[:80]!r}")
    server = environ.get("GITHUB_SERVER_URL", "").strip().rstrip("/")
    run_id = environ.get("GITHUB_RUN_ID", "").strip()
    details = f"{server}/{repository}/actions/runs/{run_id}" if server and run_id.isdigit() else None
    return CheckEnvironment(token, repository, head_sha, api_url, details)


def _pull_request_head(environ: Mapping[str, str]) -> str | None:
    path = environ.get("GITHUB_EVENT_PATH", "").strip()
    if not path:
        return None
    where = f"the event file GITHUB_EVENT_PATH={path}"
    try:
        event = json.loads(read_text(Path(path), encoding="utf-8"))
    except InputError as error:
        raise CheckSetupError(f"cannot read {where}: {error}") from None
    except (ValueError, RecursionError) as error:  # not UTF-8, not JSON, or nested too deeply
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise CheckSetupError(f"cannot read {where}: {reason}") from None
    if not isinstance(event, dict):
        raise CheckSetupError(f"{where} is not a GitHub event (expected a JSON object)")
    pull_request = event.get("pull_request")
    if pull_request is None:
        return None
    if not isinstance(pull_request, dict):
        raise CheckSetupError(f"{where}: 'pull_request' is not an object")
    head = pull_request.get("head")
    if head is None:
        return None
    if not isinstance(head, dict):
        raise CheckSetupError(f"{where}: 'pull_request.head' is not an object")
    sha = head.get("sha")
    return sha.strip() if isinstance(sha, str) and sha.strip() else None


def conclusion_for(findings: Sequence[Finding], threshold: Severity, exit_zero: bool = False) -> str:
    if any(f.internal for f in findings):
        return "failure"  # prdlint failed on a file (PRD000): never success, whatever the options
    if not findings:
        return "success"
    if not exit_zero and any(f.severity.rank >= threshold.rank for f in findings):
        return "failure"
    return "neutral"


def annotation(finding: Finding, path: str) -> dict[str, Any]:
    """The Checks API annotation for a finding; columns only when it starts and ends on one line."""
    start = max(finding.line, 1)
    end = max(finding.end_line or start, start)
    item: dict[str, Any] = {
        "path": path,
        "start_line": start,
        "end_line": end,
        "annotation_level": LEVELS[finding.severity],
        "title": f"{finding.code} {finding.name}"[:TITLE_LIMIT],
        "message": _clip_bytes(finding.message, MESSAGE_LIMIT),
    }
    if end == start:
        item["start_column"] = max(finding.col, 1)
        if finding.end_col is not None and finding.end_col >= item["start_column"]:
            item["end_column"] = finding.end_col
    return item


def _clip_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[: limit - 3].decode("utf-8", "ignore") + "..."


@dataclass
class Backoff:
    """Retries and pacing; ``sleep`` and ``clock`` are injectable so tests never wait."""

    attempts: int = 5
    base: float = 1.0
    cap: float = 30.0
    max_wait: float = 45.0  # a rate limit that resets later than this is not waited for
    write_interval: float = 1.0  # GitHub asks for a second between write requests
    # The whole exchange with the API, waits and retries included, ends within this many seconds;
    # then the findings not yet annotated are written as workflow commands (the fallback).
    total: float = 60.0
    request_timeout: float = 15.0  # seconds one HTTP request may take
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time


class ApiFailure(Exception):
    def __init__(self, status: int | None, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class PublishResult:
    """What publishing a check run did."""

    check_url: str | None = None
    annotated: int = 0
    fallback: list[Finding] = field(default_factory=list)  # written as workflow commands instead
    unplaceable: list[Finding] = field(default_factory=list)  # outside the repository: no annotation at all
    failure: ApiFailure | None = None
    conclusion: str = "success"


class _Client:
    """PyGithub behind our own retries and pacing (its own sleep and retry are switched off)."""

    def __init__(self, env: CheckEnvironment, backoff: Backoff) -> None:
        from github import Auth, Github

        self.backoff = backoff
        self.token = env.token
        self._last_write: float | None = None
        self._deadline = backoff.clock() + backoff.total
        self.github = Github(
            auth=Auth.Token(env.token),
            base_url=env.api_url,
            user_agent=f"prdlint/{__version__}",
            timeout=int(backoff.request_timeout),  # PyGithub wants an int
            retry=None,  # its default turns a persistent 5xx into requests' RetryError; we retry ourselves
            seconds_between_requests=None,
            seconds_between_writes=None,  # it would sleep a second; we pace with an injectable clock
            lazy=True,  # no GET of the repository before the POST
        )
        self.repo: Repository = self.github.get_repo(env.repository)

    def close(self) -> None:
        self.github.close()

    def _left(self, final: bool) -> float:
        """Seconds left for a request to start and finish; a request that is not the last one also
        leaves room for the last (the one that sets the conclusion)."""
        reserve = 0.0 if final else self.backoff.request_timeout
        return self._deadline - reserve - self.backoff.clock()

    def _out_of_time(self) -> ApiFailure:
        return ApiFailure(None, f"no answer in time: gave up after {self.backoff.total:.0f} s")

    def call(self, request: Callable[[], T], *, final: bool = False) -> T:
        """Run one write request with pacing and retries; raises ApiFailure with a redacted reason.

        Never beyond the total time: a wait or a request that would end after it is not started."""
        from github import GithubException
        from requests import RequestException

        backoff = self.backoff
        for attempt in range(1, backoff.attempts + 1):
            self._pace()
            if self._left(final) < backoff.request_timeout:
                raise self._out_of_time()
            try:
                return request()
            except GithubException as error:
                status = error.status
                reason = redact(_github_reason(error), self.token)
                delay = self._retry_delay(error, attempt)
                if delay is None or attempt == backoff.attempts:
                    raise ApiFailure(status, reason) from None
            except RequestException as error:
                status, reason = None, redact(f"{type(error).__name__}: {error}", self.token)
                delay = min(backoff.cap, backoff.base * 2 ** (attempt - 1))
                if attempt == backoff.attempts:
                    raise ApiFailure(status, reason) from None
            if self._left(final) - delay < backoff.request_timeout:
                raise ApiFailure(status, f"{reason} (no time left to retry within {backoff.total:.0f} s)")
            backoff.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _pace(self) -> None:
        now = self.backoff.clock()
        if self._last_write is not None:
            wait = self.backoff.write_interval - (now - self._last_write)
            if wait > 0:
                self.backoff.sleep(wait)
                now += wait
        self._last_write = now

    def _retry_delay(self, error: Any, attempt: int) -> float | None:
        """Seconds to wait before retrying, or None when the error is not worth a retry."""
        backoff = self.backoff
        status = error.status or 0
        headers = {str(k).lower(): str(v) for k, v in (error.headers or {}).items()}
        message = _github_reason(error).lower()
        rate_limited = status == 429 or (
            status == 403
            and (headers.get("x-ratelimit-remaining") == "0" or "retry-after" in headers
                 or "rate limit" in message)
        )
        if not rate_limited:
            return min(backoff.cap, backoff.base * 2 ** (attempt - 1)) if status >= 500 else None
        if "retry-after" in headers:
            try:
                wait = float(headers["retry-after"])
            except ValueError:
                wait = backoff.base
        elif headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
            try:
                wait = float(headers["x-ratelimit-reset"]) - backoff.wall_clock() + 1
            except ValueError:
                wait = backoff.base
        else:  # a secondary rate limit without a hint: at least a minute, says GitHub
            wait = max(60.0, backoff.base * 2 ** (attempt - 1))
        if wait > backoff.max_wait:
            return None
        return max(wait, 0.0)


def _github_reason(error: Any) -> str:
    data = getattr(error, "data", None)
    message = data.get("message") if isinstance(data, dict) else None
    status = getattr(error, "status", None)
    text = message if isinstance(message, str) and message else (str(data) if data else type(error).__name__)
    return f"HTTP {status}: {text}" if status else text


def redact(text: str, token: str) -> str:
    """``text`` with the token replaced by '***', in any case and as it appears URL-encoded, JSON-escaped
    or base64-encoded (an ``Authorization: Basic`` header holds base64 of 'user:token')."""
    if not token:
        return text
    for pattern in _secret_patterns(token):
        text = pattern.sub("***", text)
    if "%" in text:  # percent-encoded in part ('ghs%5Fabc...'): decode each URL-like run to look
        from urllib.parse import unquote

        lowered = token.lower()
        text = _URL_RUN.sub(
            lambda found: "***" if "%" in found.group() and lowered in unquote(found.group()).lower()
            else found.group(),
            text,
        )
    return text


@functools.lru_cache(maxsize=4)
def _secret_patterns(token: str) -> tuple[re.Pattern[str], ...]:
    from urllib.parse import quote, quote_plus

    plain = {token, quote(token, safe=""), quote_plus(token), json.dumps(token)[1:-1]}
    patterns = [re.compile("|".join(re.escape(form) for form in sorted(plain, key=len, reverse=True)),
                           re.IGNORECASE)]
    # base64 of the token after a prefix of any length: three alignments; keep the characters that
    # depend on the token alone (and are long enough not to match by chance)
    encoded = set()
    data = token.encode("utf-8")
    for shift in range(3):
        text = base64.b64encode(b"\0" * shift + data).decode("ascii").rstrip("=")
        start = -(-shift * 4 // 3)  # characters that also depend on the prefix
        end = len(text) - (1 if (shift + len(data)) % 3 else 0)  # a last partial group depends on what follows
        middle = text[start:end]
        if len(middle) >= 8:
            encoded.add(middle)
    if encoded:
        patterns.append(re.compile("|".join(re.escape(form) for form in sorted(encoded, key=len, reverse=True))))
    return tuple(patterns)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def publish(
    report: Report,
    env: CheckEnvironment,
    *,
    exit_zero: bool = False,
    commands_already_written: bool = False,
    reports: Sequence[str] = (),
    step_summary: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    backoff: Backoff | None = None,
    root: Path | None = None,
) -> PublishResult:
    """Create the check run; fall back to workflow commands when that is not possible.

    ``reports`` names where the full report is (files written with --output-file);
    ``commands_already_written`` is true when the main output was already workflow commands, so
    a fallback does not print them twice.
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    backoff = backoff or Backoff()
    root = source_root() if root is None else root
    findings = report.findings
    result = PublishResult(conclusion=conclusion_for(findings, report.threshold, exit_zero))
    placed: list[tuple[Finding, dict[str, Any]]] = []
    for finding in severity_first(findings):
        path = repo_relative(finding.path, root)
        if path is None:
            result.unplaceable.append(finding)
        else:
            placed.append((finding, annotation(finding, path)))
    with_findings = sum(1 for r in report.files if r.findings)
    checked = plural(len(report.files), "file")
    title = f"{counts_phrase(findings)} in {with_findings} of {checked}"
    if not findings:
        title = f"No problems ({checked} checked)"
    places = [*reports, "the job log"]
    summary = _summary(report, result.unplaceable, places)
    output = {"title": title, "summary": summary}

    client: _Client | None = None
    check: CheckRun | None = None
    pending = list(placed)
    try:
        client = _Client(env, backoff)
        repo = client.repo
        create: dict[str, Any] = {
            "name": CHECK_NAME,
            "head_sha": env.head_sha,
            "status": "in_progress",
            "started_at": _now(),
            "output": output,
        }
        if env.details_url:
            create["details_url"] = env.details_url
        check = client.call(functools.partial(repo.create_check_run, **create))
        result.check_url = getattr(check, "html_url", None)
        while pending:
            batch = pending[:BATCH_SIZE]
            update = {**output, "annotations": [item for _, item in batch]}
            client.call(functools.partial(check.edit, output=update))
            result.annotated += len(batch)
            pending = pending[BATCH_SIZE:]
    except ApiFailure as failure:
        result.failure = failure
    except Exception as error:  # PyGithub or requests raised something unexpected: report it, never the token
        token = env.token
        result.failure = ApiFailure(None, redact(f"{type(error).__name__}: {error}", token))
    if check is not None and client is not None:
        final_output = output
        if result.failure is not None:
            note = (
                f"\n\n> **Incomplete:** {result.annotated} of {plural(len(placed), 'annotation')} "
                "were added; "
                f"the others failed ({escape(result.failure.reason)}) and are in the job log.\n"
            )
            final_output = {"title": title, "summary": _clip_bytes(summary + note, SUMMARY_LIMIT)}
        finished = check
        try:
            client.call(
                lambda: finished.edit(
                    status="completed", conclusion=result.conclusion, completed_at=_now(), output=final_output
                ),
                final=True,
            )
        except ApiFailure as failure:
            result.failure = result.failure or failure
        except Exception as error:
            reason = redact(f"{type(error).__name__}: {error}", env.token)
            result.failure = result.failure or ApiFailure(None, reason)
    if client is not None:
        client.close()
    where = f": {result.check_url}" if result.check_url else ""
    if result.failure is None:
        err.write(
            f"prdlint: check run '{CHECK_NAME}' ({result.conclusion}) with "
            f"{plural(result.annotated, 'annotation')}{where}\n"
        )
    elif not pending:
        err.write(
            f"prdlint: warning: the check run '{CHECK_NAME}' has all "
            f"{plural(result.annotated, 'annotation')} but its conclusion could not be set: "
            f"{result.failure.reason}{where}\n"
        )
    else:
        result.fallback = [finding for finding, _ in pending]
        written = findings if commands_already_written else None
        _fall_back(result, out, err, step_summary, places, written, root, env)
    if result.unplaceable:
        err.write(
            f"prdlint: {plural(len(result.unplaceable), 'finding')} in files outside the repository "
            f"({root}) cannot be annotated; see {', '.join(places)}\n"
        )
    return result


def _summary(report: Report, unplaceable: Sequence[Finding], places: Sequence[str]) -> str:
    note = ""
    if unplaceable:
        note = (
            f"\n> {plural(len(unplaceable), 'finding')} in files outside the repository cannot be "
            "annotated; they are listed below.\n"
        )
    budget = SUMMARY_LIMIT - _NOTE_ROOM - len(note.encode("utf-8"))
    return markdown_report(report, budget, title=False, elsewhere=places) + note


def _fall_back(
    result: PublishResult,
    out: TextIO,
    err: TextIO,
    step_summary: Path | None,
    places: Sequence[str],
    already_written: Sequence[Finding] | None,
    root: Path,
    env: CheckEnvironment,
) -> None:
    """``already_written``: every finding, when the main output was already workflow commands."""
    failure = result.failure
    assert failure is not None
    findings = result.fallback
    if already_written is None:
        render_commands(findings, out, root)
        out.flush()
        reported = f"{plural(len(findings), 'finding')} were reported as workflow commands instead, errors first"
    else:
        findings = list(already_written)
        reported = f"the {plural(len(findings), 'finding')} were already reported as workflow commands"
    hidden = over_the_cap(findings)
    why = failure.reason
    if failure.status == 403:
        why += " (the token cannot write checks: pull requests from forks get a read-only GITHUB_TOKEN)"
    where = ", ".join(places)
    log = (
        f"prdlint: warning: could not publish the check run '{CHECK_NAME}': {why}. "
        f"{reported}; "
        f"GitHub shows at most {ANNOTATIONS_PER_LEVEL} error, {ANNOTATIONS_PER_LEVEL} warning and "
        f"{ANNOTATIONS_PER_LEVEL} notice annotations per step ({ANNOTATIONS_PER_JOB} per job), so "
        f"{hidden} could not be annotated. The full report: {where}.\n"
    )
    err.write(redact(log, env.token))
    err.flush()
    if step_summary is None:
        return
    note = (
        f"\n### prdlint: {hidden} of {plural(len(findings), 'finding')} could not be annotated\n\n"
        f"The check run could not be published ({escape(why)}), so the findings were reported as "
        f"workflow commands. GitHub shows at most {ANNOTATIONS_PER_LEVEL} error, {ANNOTATIONS_PER_LEVEL} "
        f"warning and {ANNOTATIONS_PER_LEVEL} notice annotations per step ({ANNOTATIONS_PER_JOB} per job): "
        f"**{hidden}** of them have no annotation.\n\n"
        f"The full report: {escape(where)}.\n"
    )
    try:
        with step_summary.open("a", encoding="utf-8", newline="") as stream:
            stream.write(redact(note, env.token))
    except OSError as error:
        err.write(f"prdlint: warning: cannot append to the step summary {step_summary}: {error.strerror}\n")
