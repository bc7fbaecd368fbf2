"""Issue 8, item 5: property-based tests. Whatever the document, prdlint never raises (and never reports
an internal error), every position is inside the document, line endings and a byte order mark change
nothing, and --jobs 1 and --jobs 2 agree. bench/fuzz_atheris.py runs the same checks for much longer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prdlint.api import lint_text
from prdlint.config import default_config
from prdlint.engine.finding import Finding
from prdlint.engine.linter import FileResult
from prdlint.files import Target
from prdlint.runner import Runner, RunOptions

# Pieces of Markdown, PRD vocabulary and hostile characters; documents are sequences of them.
PIECES = [
    "# ", "## ", "### Story 1: ", "- ", "1. ", "> ", "* ", "- [ ] ", "| ", " |", "|---|---|\n", "---\n", "```", "~~~",
    "```python\n", "    ", "[", "]", "(", ")", "<", ">", "<!--", "-->", "<!-- prdlint-disable PRD103 -->",
    "<!-- PRDLINT-ENABLE -->", "`", "``", "*", "**", "_", "\\", "!", "#", "{#id}", "{{NAME}}", "$X", "TBD", "TODO",
    "NNNN", "XXX", "YYYY-MM-DD", "lorem ipsum", "[FILL IN]", "[Your Name]", "[TBD]", "<your-name>", "[x]",
    "[a](#b)", "[a](", "](<", "[^1]", "[^1]: note", "[ref]: #x", "As a user, I want ", " so that ", "Given ",
    " when ", " then ", "shall ", "FR-001", "NFR-1: ", "A-", "80%", ">= 90% line coverage", "High/Medium/Low",
    "**Acceptance Criteria:**", "Risk", "Mitigation", "fast", "etc.", "word", " ", "  ", "\t", "\f", "\v",
    "\u00a0", "\u2003", "\u2028", "\x1c", "\x85", "é", "日本", "😀", "\n", "\n", "\n\n",
]
FRONT = st.sampled_from(["", "---\ntitle: x\n---\n", "---\ncreated: 2024-02-30\n---\n", "---\na: &a [*a]\n---\n",
                         "---\nstatus: [TBD]\nowner: \n---\n", "---\n: bad: yaml\n---\n"])
documents = st.builds(lambda front, parts: front + "".join(parts), FRONT, st.lists(st.sampled_from(PIECES),
                                                                                    max_size=60))
anything = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
# PRDLINT_FUZZ_EXAMPLES=5000 for a longer local run
FUZZ = settings(max_examples=int(os.environ.get("PRDLINT_FUZZ_EXAMPLES", "150")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _positions_inside(text: str, findings: list[Finding]) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    last = max(len(lines), 1)
    for finding in findings:
        assert finding.code != "PRD000", finding.message
        assert 1 <= finding.line <= last, finding
        width = len(lines[finding.line - 1]) + 1 if lines else 1
        assert 1 <= finding.col <= width, finding
        if finding.end_line is not None:
            assert (finding.end_line, finding.end_col or 0) >= (finding.line, finding.col), finding
            assert finding.end_line <= last, finding


def _comparable(findings: list[Finding]) -> list[tuple[object, ...]]:
    return [(f.line, f.col, f.end_line, f.end_col, f.code, f.message, f.fingerprint) for f in findings]


@FUZZ
@given(documents)
def test_markdown_like_documents_never_break_prdlint(text: str) -> None:
    for profile in ("prd", "generic"):
        _positions_inside(text, lint_text(text, profile=profile))


@FUZZ
@given(anything)
def test_arbitrary_text_never_breaks_prdlint(text: str) -> None:
    _positions_inside(text, lint_text(text, profile="prd"))


@FUZZ
@given(documents)
def test_line_endings_and_a_byte_order_mark_change_nothing(text: str) -> None:
    text = text.replace("\r", "").replace("\ufeff", "")
    expected = _comparable(lint_text(text, profile="prd"))
    assert _comparable(lint_text(text.replace("\n", "\r\n"), profile="prd")) == expected
    assert _comparable(lint_text("\ufeff" + text, profile="prd")) == expected


def _lint_files(paths: list[Path], jobs: int) -> list[FileResult]:
    runner = Runner(RunOptions(jobs=jobs, isolated=True))
    config = default_config(paths[0].parent)
    return list(runner.lint_all([Target(path, path.name, config) for path in paths]))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(documents, min_size=2, max_size=6))
def test_one_and_two_jobs_find_the_same(tmp_path_factory: pytest.TempPathFactory, texts: list[str]) -> None:
    directory = tmp_path_factory.mktemp("jobs")
    paths = []
    for index, text in enumerate(texts):
        path = directory / f"doc{index}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    one = [(r.path, _comparable(r.findings), r.errors) for r in _lint_files(paths, 1)]
    two = [(r.path, _comparable(r.findings), r.errors) for r in _lint_files(paths, 2)]
    assert one == two
