"""--github-check through real PyGithub against a fake GitHub API on 127.0.0.1.

Request bodies are validated against GitHub's request schemas (../shared/schemas); nothing
sleeps for real (the backoff's sleep and clock are injected).
"""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from prdlint import github_checks
from prdlint.cli import main
from prdlint.engine.finding import Finding, Severity
from prdlint.engine.linter import FileResult
from prdlint.engine.registry import Registry, builtin_rules
from prdlint.github_checks import (
    BATCH_SIZE,
    SUMMARY_LIMIT,
    Backoff,
    CheckEnvironment,
    CheckSetupError,
    PublishResult,
    environment_from,
    publish,
)
from prdlint.reporters.base import Report
from tests.conftest import SHARED, SKIP_SHARED
from tests.fake_github import OWNER_REPO, FakeGitHub
from tests.runner_commands import commands_in

pytest.importorskip("pytest_httpserver", reason="pytest-httpserver is part of the test extra")

TOKEN = "ghs_PRDLINTsecretTOKEN0123456789abcdef"
HEAD = "a" * 40
LEVELS = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.INFO: "notice"}


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return ("127.0.0.1", 0)


@pytest.fixture
def fake(httpserver: Any) -> Iterator[FakeGitHub]:
    if not SHARED.is_dir():
        pytest.skip(SKIP_SHARED)
    github = FakeGitHub(httpserver, SHARED / "schemas")
    yield github
    assert github.schema_errors == [], "request bodies must match GitHub's schemas"


class Clock:
    """An injected sleep and clock: records every wait, never waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now

    def backoff(self, **kw: Any) -> Backoff:
        return Backoff(sleep=self.sleep, clock=self.clock, wall_clock=self.clock, **kw)


def make_findings(count: int) -> list[Finding]:
    """``count`` findings over several files: errors, warnings and info; some span two lines."""
    severities = [Severity.ERROR, Severity.WARNING, Severity.INFO]
    findings = []
    for i in range(count):
        line = i + 1
        multi = i % 7 == 3
        findings.append(
            Finding(
                path=f"docs/prd-{i % 5}.md", line=line, col=(i % 40) + 1, code="PRD102",
                name="bracket-placeholder", severity=severities[i % 3],
                message=f"bracketed placeholder '[Item {i}]' was never replaced",
                end_line=line + 1 if multi else line, end_col=(i % 40) + 9, fingerprint=f"fp{i:05d}",
            )
        )
    return findings


def make_report(findings: list[Finding], threshold: Severity = Severity.WARNING) -> Report:
    files: dict[str, FileResult] = {f"docs/prd-{i}.md": FileResult(f"docs/prd-{i}.md") for i in range(5)}
    for finding in findings:
        files.setdefault(finding.path, FileResult(finding.path)).findings.append(finding)
    return Report(files=list(files.values()), registry=Registry(builtin_rules()), threshold=threshold)


def expected_annotation(finding: Finding) -> dict[str, Any]:
    item: dict[str, Any] = {
        "path": finding.path,
        "start_line": finding.line,
        "end_line": finding.end_line,
        "annotation_level": LEVELS[finding.severity],
        "title": f"{finding.code} {finding.name}",
        "message": finding.message,
    }
    if finding.end_line == finding.line:
        item["start_column"] = finding.col
        item["end_column"] = finding.end_col
    return item


def run_publish(
    fake: FakeGitHub, report: Report, tmp_path: Path, clock: Clock, **kw: Any
) -> tuple[PublishResult, str, str]:
    env = CheckEnvironment(TOKEN, OWNER_REPO, HEAD, fake.base_url)
    out, err = io.StringIO(), io.StringIO()
    result = publish(report, env, out=out, err=err, backoff=clock.backoff(), root=tmp_path, **kw)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("count", [0, 1, 50, 51, 1000])
def test_annotations_in_batches_of_fifty_each_finding_exactly_once(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.chdir(tmp_path)
    findings = make_findings(count)
    clock = Clock()
    result, out, err = run_publish(fake, make_report(findings), tmp_path, clock)

    assert result.failure is None and out == ""
    methods = [r.method for r in fake.requests]
    batches = -(-count // BATCH_SIZE)
    assert methods == ["POST"] + ["PATCH"] * (batches + 1)
    assert fake.annotation_batches() == [BATCH_SIZE] * (count // BATCH_SIZE) + (
        [count % BATCH_SIZE] if count % BATCH_SIZE else []
    )
    sent = [a for r in fake.of("PATCH") for a in r.body.get("output", {}).get("annotations", [])]
    assert sorted(map(json.dumps, sent)) == sorted(json.dumps(expected_annotation(f)) for f in findings)
    levels = [a["annotation_level"] for a in sent]
    assert levels == sorted(levels, key=["failure", "warning", "notice"].index), "errors are annotated first"

    create = fake.of("POST")[0].body
    assert create["name"] == "prdlint" and create["head_sha"] == HEAD and create["status"] == "in_progress"
    assert len(create["output"]["summary"]) <= SUMMARY_LIMIT
    final = fake.of("PATCH")[-1].body
    assert final["status"] == "completed" and "annotations" not in final["output"]
    assert final["conclusion"] == ("failure" if count else "success")
    assert all(r.authorization.endswith(TOKEN) for r in fake.requests)
    # Our own pacing (a second between writes) and no sleeping inside PyGithub: the suite stays fast.
    assert clock.sleeps == [1.0] * (len(fake.requests) - 1)
    assert f"with {count} annotation" in err and TOKEN not in err
    assert result.annotated == count


def test_summary_stays_under_the_api_limit_with_many_long_findings(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    findings = [
        Finding(f"docs/prd-{i % 5}.md", i + 1, 1, "PRD101", "fill-in-marker", Severity.ERROR,
                "fill-in marker '[FILL IN " + "é" * 200 + "]' left", i + 1, 10)
        for i in range(600)
    ]
    result, _, _ = run_publish(fake, make_report(findings), tmp_path, Clock())
    summary = fake.of("POST")[0].body["output"]["summary"]
    assert len(summary.encode("utf-8")) <= SUMMARY_LIMIT
    assert "Report cut" in summary and "the job log" in summary
    assert result.annotated == 600


def test_conclusion_follows_the_threshold(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    info_only = [f for f in make_findings(9) if f.severity is Severity.INFO]
    run_publish(fake, make_report(info_only), tmp_path, Clock())
    warnings = [f for f in make_findings(9) if f.severity is Severity.WARNING]
    run_publish(fake, make_report(warnings, threshold=Severity.ERROR), tmp_path, Clock())
    run_publish(fake, make_report(make_findings(9)), tmp_path, Clock(), exit_zero=True)
    conclusions = [r.body["conclusion"] for r in fake.of("PATCH") if "conclusion" in r.body]
    assert conclusions == ["neutral", "neutral", "neutral"]


def test_forbidden_falls_back_to_workflow_commands_errors_first(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake.fail_next("POST", 403, "Resource not accessible by integration")
    findings = make_findings(45)  # 15 errors, 15 warnings, 15 info
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step output\n", encoding="utf-8")
    reports = ["prdlint.sarif (sarif)"]
    result, out, err = run_publish(
        fake, make_report(findings), tmp_path, Clock(), reports=reports, step_summary=summary
    )
    assert [r.method for r in fake.requests] == ["POST"], "a 403 is not retried"
    assert result.failure is not None and result.failure.status == 403
    commands = [c for c in commands_in(out) if c is not None]
    assert len(commands) == 45
    assert [c.name for c in commands] == ["error"] * 15 + ["warning"] * 15 + ["notice"] * 15
    assert sorted(c.data for c in commands) == sorted(f.message for f in findings)
    hidden = 3 * (15 - 10)
    assert f"so {hidden} could not be annotated" in err
    assert "read-only GITHUB_TOKEN" in err and "prdlint.sarif (sarif)" in err and "the job log" in err
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step output\n"), "the step summary is appended to"
    assert f"{hidden} of 45 findings could not be annotated" in text
    assert "at most 10 error, 10 warning and 10 notice annotations per step" in text
    assert "prdlint.sarif (sarif)" in text
    assert TOKEN not in out + err + text


def test_forbidden_with_github_output_does_not_repeat_the_commands(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake.fail_next("POST", 403, "Resource not accessible by integration")
    report = make_report(make_findings(36))  # 12 errors, 12 warnings, 12 info
    _, out, err = run_publish(fake, report, tmp_path, Clock(), commands_already_written=True)
    assert out == ""
    assert "the 36 findings were already reported as workflow commands" in err
    assert "so 6 could not be annotated" in err


def test_server_errors_are_retried_with_backoff_then_succeed(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake.fail_next("POST", 502, "Bad Gateway", times=2)
    fake.fail_next("PATCH", 500, "Server Error")
    clock = Clock()
    findings = make_findings(60)
    result, out, _ = run_publish(fake, make_report(findings), tmp_path, clock)
    assert result.failure is None and out == ""
    assert [r.method for r in fake.requests] == ["POST"] * 3 + ["PATCH"] * 4
    assert fake.annotation_batches() == [50, 50, 10]  # the first PATCH failed and was sent again
    assert len(fake.runs[1]["annotations"]) == 60
    # POST: backoff 1 s and 2 s (which also space the writes); PATCH: paced 1 s, fails, backoff 1 s;
    # then two more paced writes.
    assert clock.sleeps == [1.0, 2.0, 1.0, 1.0, 1.0, 1.0]


def test_persistent_server_errors_give_up_and_fall_back(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake.fail_next("POST", 503, "Service Unavailable", times=10)
    clock = Clock()
    result, out, err = run_publish(fake, make_report(make_findings(4)), tmp_path, clock)
    assert len(fake.requests) == Backoff().attempts
    assert result.failure is not None and result.failure.status == 503
    assert "HTTP 503: Service Unavailable" in err and "RetryError" not in err
    assert len([c for c in commands_in(out) if c is not None]) == 4


def test_rate_limits_wait_for_the_reset_or_retry_after(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    clock = Clock()
    reset = str(int(clock.now + 5))
    fake.fail_next("POST", 403, "API rate limit exceeded for installation",
                   {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset})
    fake.fail_next("PATCH", 429, "Too Many Requests", {"retry-after": "3"})
    result, _, _ = run_publish(fake, make_report(make_findings(3)), tmp_path, clock)
    assert result.failure is None
    assert 5.0 <= clock.sleeps[0] <= 7.0 and 3.0 in clock.sleeps


def test_a_failure_midway_annotates_the_rest_with_workflow_commands(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake.fail_request("PATCH", 2, 403, "Resource not accessible by integration")  # the second batch
    result, out, err = run_publish(fake, make_report(make_findings(120)), tmp_path, Clock())
    assert result.failure is not None and result.annotated == 50
    assert len(fake.runs[1]["annotations"]) == 50
    assert len([c for c in commands_in(out) if c is not None]) == 70, "the other 70 as workflow commands"
    final = fake.of("PATCH")[-1].body
    assert final["conclusion"] == "failure" and "Incomplete" in final["output"]["summary"]
    assert "70 findings were reported as workflow commands" in err


def test_the_token_never_appears_even_when_the_server_echoes_it(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    fake.fail_next("POST", 401, f"Bad credentials: {TOKEN}")
    summary = tmp_path / "summary.md"
    report = make_report(make_findings(5))
    result, out, err = run_publish(fake, report, tmp_path, Clock(), step_summary=summary)
    assert result.failure is not None
    captured = out + err + summary.read_text(encoding="utf-8") + result.failure.reason + repr(result)
    assert "Bad credentials" in captured
    assert TOKEN not in captured


def test_an_unreachable_api_is_a_warning_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    env = CheckEnvironment(TOKEN, OWNER_REPO, HEAD, "http://127.0.0.1:9")  # discard port: refused
    out, err = io.StringIO(), io.StringIO()
    clock = Clock()
    report = make_report(make_findings(2))
    result = publish(report, env, out=out, err=err, backoff=clock.backoff(), root=tmp_path)
    assert result.failure is not None and result.failure.status is None
    assert "ConnectionError" in err.getvalue() and TOKEN not in err.getvalue()
    assert len(clock.sleeps) >= Backoff().attempts - 1


# -- the environment -----------------------------------------------------------------------------


def _environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"head": {"sha": "b" * 40}}}), encoding="utf-8")
    return {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": OWNER_REPO, "GITHUB_SHA": "c" * 40,
            "GITHUB_EVENT_PATH": str(event), **extra}


def test_environment_prefers_the_pull_request_head(tmp_path: Path) -> None:
    env = environment_from(_environ(tmp_path, GITHUB_API_URL="https://ghe.example.com/api/v3/"))
    assert env.head_sha == "b" * 40
    assert env.api_url == "https://ghe.example.com/api/v3", "PyGithub takes no trailing slash"
    assert TOKEN not in repr(env)
    push = environment_from({**_environ(tmp_path), "GITHUB_EVENT_PATH": ""})
    assert push.head_sha == "c" * 40 and push.api_url == "https://api.github.com"


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"GITHUB_TOKEN": ""}, "GITHUB_TOKEN"),
        ({"GITHUB_TOKEN": TOKEN + "\n" + TOKEN}, "GITHUB_TOKEN contains"),
        ({"GITHUB_REPOSITORY": ""}, "GITHUB_REPOSITORY"),
        ({"GITHUB_REPOSITORY": "no-slash"}, "owner/name"),
        ({"GITHUB_SHA": "", "GITHUB_EVENT_PATH": ""}, "GITHUB_SHA"),
        ({"GITHUB_EVENT_PATH": "/nonexistent/event.json"}, "GITHUB_EVENT_PATH"),
        ({"GITHUB_API_URL": "ftp://x"}, "GITHUB_API_URL"),
    ],
)
def test_a_bad_environment_is_one_line_and_exit_code_2(
    tmp_path: Path, change: dict[str, str], needle: str
) -> None:
    with pytest.raises(CheckSetupError, match=needle):
        environment_from({**_environ(tmp_path), **change})
    (tmp_path / "prd.md").write_text("# PRD\n\nOwner: [FILL IN]\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update({**_environ(tmp_path), **change})
    done = subprocess.run(
        [sys.executable, "-m", "prdlint", "check", "--github-check", "prd.md"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and needle in done.stderr and "Traceback" not in done.stderr
    assert TOKEN not in done.stdout + done.stderr
    assert done.stdout == "", "nothing is linted when the check cannot be published"


# -- the command line ----------------------------------------------------------------------------


def test_cli_publishes_a_check_with_the_step_summary_report(
    fake: FakeGitHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "prd.md").write_text("# PRD\n\nOwner: [FILL IN]\nDate: TBD\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    clock = Clock()
    fast = functools.partial(Backoff, sleep=clock.sleep, clock=clock.clock)
    monkeypatch.setattr(github_checks, "Backoff", fast)
    environ = _environ(tmp_path, GITHUB_API_URL=fake.base_url + "/", GITHUB_ACTIONS="true",
                       GITHUB_WORKSPACE=str(tmp_path), GITHUB_STEP_SUMMARY=str(summary),
                       GITHUB_SERVER_URL="https://github.example", GITHUB_RUN_ID="77")
    result = CliRunner().invoke(
        main, ["check", "--select", "placeholders", "--github-check", "--output-file", f"markdown={summary}",
               "--output-file", "sarif=out/prdlint.sarif", "docs"],
        env=environ, catch_exceptions=False,
    )
    assert result.exit_code == 1
    create = fake.of("POST")[0].body
    assert create["head_sha"] == "b" * 40, "the pull request's head, not the merge commit"
    assert create["details_url"] == f"https://github.example/{OWNER_REPO}/actions/runs/77"
    annotations = fake.runs[1]["annotations"]
    assert [(a["path"], a["start_line"], a["annotation_level"]) for a in annotations] == [
        ("docs/prd.md", 3, "failure"), ("docs/prd.md", 4, "warning")
    ]
    # The default output with --github-check is text (the check carries the annotations), guarded in the log.
    assert result.stdout.startswith("::stop-commands::")
    assert "docs/prd.md:3:8: PRD101" in result.stdout
    assert summary.read_text(encoding="utf-8").startswith("## prdlint: 2 problems (1 error, 1 warning)")
    assert (tmp_path / "out" / "prdlint.sarif").is_file()
    assert TOKEN not in result.stdout + result.stderr


def test_cli_fork_pull_request_falls_back_end_to_end(fake: FakeGitHub, tmp_path: Path) -> None:
    """A real subprocess, as the action runs it: a 403 on a fork's read-only token."""
    fake.fail_next("POST", 403, "Resource not accessible by integration")
    (tmp_path / "prd.md").write_text("# PRD\n\nOwner: [FILL IN]\nDate: TBD\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env.update(_environ(tmp_path, GITHUB_API_URL=fake.base_url, GITHUB_ACTIONS="true",
                        GITHUB_WORKSPACE=str(tmp_path), GITHUB_STEP_SUMMARY=str(summary)))
    done = subprocess.run(
        [sys.executable, "-m", "prdlint", "check", "--select", "placeholders", "--github-check",
         "--output-file", "sarif=prdlint.sarif"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1, done.stderr
    commands = [c for c in commands_in(done.stdout) if c is not None]
    annotations = [c for c in commands if c.name in ("error", "warning", "notice")]
    assert [(c.name, c.properties["file"], c.properties["line"]) for c in annotations] == [
        ("error", "prd.md", "3"), ("warning", "prd.md", "4")
    ]
    assert "could not publish the check run" in done.stderr and "prdlint.sarif (sarif)" in done.stderr
    assert "0 of 2 findings could not be annotated" in summary.read_text(encoding="utf-8")
    assert TOKEN not in done.stdout + done.stderr


def test_pygithub_is_imported_only_for_github_check(tmp_path: Path) -> None:
    (tmp_path / "prd.md").write_text("# PRD\n\nOwner: [FILL IN]\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from prdlint.cli import main\n"
        "try:\n"
        "    main(['check', '--output-file', 'sarif=x.sarif', '--output-file', 'markdown=x.md', 'prd.md'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('github', 'requests', 'urllib3', 'jwt', 'nacl') if m in sys.modules)\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert "HEAVY=" in done.stderr, done.stderr
    assert done.stderr.rsplit("HEAVY=", 1)[1] == ""
    assert (tmp_path / "x.sarif").is_file()
