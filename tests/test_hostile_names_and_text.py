"""Issue 8, item 6: file names, directives, columns and secrets that once broke prdlint's output.

Any file name is safe in every reporter (a name that is not UTF-8 crashed sarif, gitlab and markdown;
a new line in a name forged a line of text output); upper-case directives work; columns are exact after
control characters; the token is redacted in any case or encoding; the check-run client gives up
within its time budget.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from requests import ConnectionError as RequestsConnectionError

from prdlint.api import lint_text
from prdlint.github_checks import ApiFailure, Backoff, CheckEnvironment, _Client, redact
from tests.cli_run import prdlint_check

FORMATS = ["text", "json", "github", "sarif", "junit", "gitlab", "rdjson", "markdown"]
DOC = "# T\n\nDate: TBD\n"
TOKEN = "ghs_0123456789abcdefABCDEF0123456789abcd"


@pytest.fixture
def hostile_names(tmp_path: Path) -> Path:
    if sys.platform == "win32":
        pytest.skip("Windows file names cannot hold these characters")
    try:
        (tmp_path / os.fsdecode(b"bad\xffname.md")).write_text(DOC, encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (tmp_path / "new\nline.md").write_text(DOC, encoding="utf-8")
    (tmp_path / "esc\x1b[31mred.md").write_text(DOC, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("output_format", FORMATS)
def test_every_reporter_survives_any_file_name(hostile_names: Path, output_format: str) -> None:
    done = prdlint_check(["--format", output_format, "."], hostile_names)
    assert done.returncode == 1, done.stderr
    out = done.stdout
    out.encode("utf-8")  # valid UTF-8 throughout: no lone surrogates
    assert "\x1b" not in out
    if output_format in ("json", "sarif", "gitlab", "rdjson"):
        out = json.dumps(json.loads(out), ensure_ascii=False).replace("\\\\", "\\")
    out = out.replace("\\\\", "\\")  # markdown escapes the backslash
    assert "bad\\xffname.md" in out or "bad%5Cxffname.md" in out  # the byte shown as an escape


def test_a_new_line_in_a_file_name_cannot_forge_a_line_of_text_output(hostile_names: Path) -> None:
    done = prdlint_check(["--no-color", "."], hostile_names)
    lines = done.stdout.splitlines()
    assert lines == [
        "bad\\xffname.md:3:7: PRD103 [warning] unresolved TBD 'TBD'",
        "esc\\x1b[31mred.md:3:7: PRD103 [warning] unresolved TBD 'TBD'",
        "new\\nline.md:3:7: PRD103 [warning] unresolved TBD 'TBD'",
        "Found 3 problems (3 warnings) in 3 of 3 files.",
    ]


def test_control_characters_in_a_document_do_not_reach_the_terminal(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("# T\n\nOwner: [Your\x1b]0;pwned\x07Name]\n", encoding="utf-8")
    out = prdlint_check(["--no-color", "doc.md"], tmp_path).stdout
    assert "\x1b" not in out and "\x07" not in out
    assert "[Your\\x1b]" in out


def test_upper_case_directives_work() -> None:
    text = "# D\n\n<!-- PRDLINT-DISABLE-NEXT-LINE PRD103 -->\nDate: TBD\n\nOwner: TBD\n"
    assert [(f.code, f.line) for f in lint_text(text, select=("PRD103",))] == [("PRD103", 6)]
    typo = lint_text("# D\n\n<!-- PRDLINT-DISABEL PRD103 -->\n")
    [invalid] = [f for f in typo if f.code == "PRD002"]
    assert (invalid.line, invalid.col, invalid.text) == (3, 6, "PRDLINT-DISABEL")
    assert "unknown directive 'PRDLINT-DISABEL'" in invalid.message


@pytest.mark.parametrize("control", ["\f", "\v", "\x1c", "\x85", "\u2003"])
def test_heading_findings_start_at_the_title_after_a_control_character(control: str) -> None:
    text = f"# Title\n\nIntro.\n\n## {control}Goals\n\n## Next\n\nText.\n"
    [empty] = [f for f in lint_text(text) if f.code == "PRD502" and f.line == 5]
    line = text.split("\n")[4]
    assert line[empty.col - 1 : empty.end_col - 1] == "Goals"  # type: ignore[operator]


# -- secrets and the check-run client ----------------------------------------------------------------


@pytest.mark.parametrize("spelled", [
    TOKEN,
    TOKEN.upper(),
    TOKEN.lower(),
    quote(TOKEN, safe=""),
    TOKEN.replace("_", "%5f"),
    json.dumps(TOKEN)[1:-1],
    "Basic " + base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode(),
    base64.b64encode(f"{TOKEN}:".encode()).decode(),
    base64.b64encode(f"ab:{TOKEN}".encode()).decode(),
])
def test_the_token_is_redacted_in_any_case_or_encoding(spelled: str) -> None:
    text = redact(f"request failed: Authorization {spelled} at https://api.example.com", TOKEN)
    assert text.startswith("request failed: Authorization ") and text.endswith(" at https://api.example.com")
    assert "***" in text and spelled not in text and TOKEN.lower() not in text.lower()


class _SlowClock:
    """Every request takes ``request`` seconds; sleeps advance the clock; nothing really waits."""

    def __init__(self, request: float) -> None:
        self.now = 0.0
        self.request = request

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def clock(self) -> float:
        return self.now

    def failing_request(self) -> Any:
        self.now += self.request
        raise RequestsConnectionError("connection timed out")


@pytest.mark.parametrize("request_seconds", [0.1, 10.0, 15.0])
def test_the_check_run_client_gives_up_within_its_total_time(request_seconds: float) -> None:
    clock = _SlowClock(request_seconds)
    backoff = Backoff(attempts=1000, sleep=clock.sleep, clock=clock.clock, wall_clock=clock.clock)
    client = _Client(CheckEnvironment(TOKEN, "o/r", "a" * 40, "http://127.0.0.1:9"), backoff)
    try:
        with pytest.raises(ApiFailure):  # an annotation batch: retried until only the last request fits
            client.call(clock.failing_request)
        with pytest.raises(ApiFailure):  # the last request, which sets the conclusion
            client.call(clock.failing_request, final=True)
    finally:
        client.close()
    assert clock.now <= backoff.total
