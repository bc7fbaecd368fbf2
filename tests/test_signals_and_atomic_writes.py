"""Issue 8, items 6 and 7: SIGTERM and Ctrl-C end a --jobs run and its workers (exit 143 and 130), and
reports and baselines are written atomically: an interrupted run leaves the old file, never half a new one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from prdlint.engine.cache import CACHE_DIR_NAME
from prdlint.reporters.base import Report
from tests.cli_run import prdlint_check

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

# A run whose worker processes each record their pid, then take 60 s on every file.
SLOW_RUN = textwrap.dedent(
    """
    import os, sys, time, types
    import prdlint.rules
    from prdlint.engine.finding import Severity
    from prdlint.engine.rule import Rule

    def slow(document, context):
        open(os.path.join(sys.argv[1], str(os.getpid())), "w").close()
        time.sleep(60)
        return iter(())

    module = types.ModuleType("slow_rule")
    module.RULES = (Rule("TST999", "slow", "test", Severity.ERROR, "s", "r", "b", "g", slow),)
    sys.modules["slow_rule"] = module
    prdlint.rules.BUILTIN_MODULES = (*prdlint.rules.BUILTIN_MODULES, "slow_rule")
    from prdlint.cli import main
    main(["check", "--jobs", "2", sys.argv[2]])
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (already dead, not yet reaped by its parent) still answers kill(0)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


@POSIX_ONLY
@pytest.mark.parametrize(("signum", "code", "word"), [(signal.SIGTERM, 143, "terminated"),
                                                      (signal.SIGINT, 130, "interrupted")])
def test_a_signal_ends_the_workers_and_the_exit_code_says_which(
    tmp_path: Path, signum: int, code: int, word: str
) -> None:
    marks, docs = tmp_path / "marks", tmp_path / "docs"
    marks.mkdir()
    docs.mkdir()
    for index in range(6):
        (docs / f"d{index}.md").write_text(f"# Doc {index}\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_RUN, str(marks), str(docs)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while len(list(marks.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = [int(path.name) for path in marks.iterdir()]
        assert len(workers) == 2, "the workers did not start"
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # Ctrl-C: the whole process group, as a terminal does
        else:
            os.kill(process.pid, signum)  # SIGTERM: the main process only, as CI runners and `kill` do
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == code
    assert stderr.strip().splitlines()[-1] == f"prdlint: {word}"
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "a worker outlived the run"


# -- atomic writes -------------------------------------------------------------------------------------


def _listing(directory: Path) -> list[str]:
    """The files a run left in ``directory``, besides the result cache (prdlint.engine.cache)."""
    return sorted(path.name for path in directory.iterdir() if path.name != CACHE_DIR_NAME)


def _project(tmp_path: Path) -> Path:
    (tmp_path / "doc.md").write_text("# Notes\n\nOwner: [FILL IN]\n", encoding="utf-8")
    return tmp_path


def test_a_report_that_fails_midway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prdlint.reporters.sarif import SarifReporter

    old = _project(tmp_path) / "prdlint.sarif"
    old.write_text('{"old": true}\n', encoding="utf-8")
    original = SarifReporter.render

    def render(self: SarifReporter, report: Report, stream: object) -> None:
        stream.write('{"runs": [')  # type: ignore[attr-defined]
        raise KeyboardInterrupt  # interrupted in the middle of writing

    monkeypatch.setattr(SarifReporter, "render", render)
    done = prdlint_check(["--output-file", "sarif=prdlint.sarif", "doc.md"], tmp_path)
    assert done.returncode == 130
    assert old.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _listing(tmp_path) == ["doc.md", "prdlint.sarif"]
    monkeypatch.setattr(SarifReporter, "render", original)
    assert prdlint_check(["--output-file", "sarif=prdlint.sarif", "doc.md"], tmp_path).returncode == 1
    assert json.loads(old.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_a_baseline_that_fails_midway_leaves_the_old_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    import prdlint.integrations.baseline as baseline_module
    from prdlint.cli import main

    old = _project(tmp_path) / ".prdlint-baseline.json"
    old.write_text('{"version": 1, "entries": []}\n', encoding="utf-8")

    def dumps(entries: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(baseline_module, "dumps", dumps)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["baseline", "doc.md"])
    assert result.exit_code == 2
    assert old.read_text(encoding="utf-8") == '{"version": 1, "entries": []}\n'
    assert _listing(tmp_path) == [".prdlint-baseline.json", "doc.md"]


@POSIX_ONLY
def test_a_run_killed_while_writing_leaves_the_old_report(tmp_path: Path) -> None:
    """SIGKILL in the middle of writing a large report: nothing can clean up, and yet the old file stays."""
    report = _project(tmp_path) / "report.json"
    report.write_text('{"old": true}\n', encoding="utf-8")
    script = textwrap.dedent(
        """
        import os, signal, sys
        from prdlint.reporters.json import JsonReporter
        original = JsonReporter.render
        def render(self, report, stream):
            stream.write("{" + " " * 100000)
            stream.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        JsonReporter.render = render
        from prdlint.cli import main
        main(["check", "--output-file", "json=report.json", "doc.md"])
        """
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=60, check=False)
    assert done.returncode == -signal.SIGKILL
    assert report.read_text(encoding="utf-8") == '{"old": true}\n'
    leftovers = [name for name in _listing(tmp_path) if name not in ("doc.md", "report.json")]
    assert all(name.startswith(".report.json.") and name.endswith(".tmp") for name in leftovers)


def test_reports_keep_the_permissions_of_the_file_they_replace(tmp_path: Path) -> None:
    report = _project(tmp_path) / "report.json"
    report.write_text("{}", encoding="utf-8")
    report.chmod(0o640)
    prdlint_check(["--output-file", "json=report.json", "doc.md"], tmp_path)
    assert report.stat().st_mode & 0o777 == 0o640
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["findings"] == 1
