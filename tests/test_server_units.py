"""The language server's parts in-process: positions, suppression edits, linting, and the command."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from prdlint.engine.finding import Finding
from prdlint.model import Document
from prdlint.model.nodes import Block, HtmlBlock, ListBlock, Table
from prdlint.runner import Runner, RunOptions
from prdlint.server.actions import TextEdit, closest_anchors, disable_in_file, disable_on_line
from prdlint.server.linting import MAX_DOCUMENT_BYTES, Linter
from prdlint.server.positions import UTF8, UTF16, UTF32, LinePosition, PositionMap, code_units
from tests.lsp_session import NOTES

# -- positions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "utf16", "utf8"), [
    ("abc", 3, 3), ("\U0001f680", 2, 4), ("数据", 2, 6), ("e\u0301", 2, 3), ("👩\u200d💻", 5, 11),
])
def test_code_units(text: str, utf16: int, utf8: int) -> None:
    assert (code_units(text, UTF16), code_units(text, UTF8), code_units(text, UTF32)) == (utf16, utf8, len(text))


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
def test_positions_round_trip_on_every_character(encoding: str) -> None:
    line = "a\U0001f680b 数据 e\u0301 [x]"
    positions = PositionMap(f"first\r\n{line}\rlast\n", encoding)
    for col in range(1, len(line) + 2):
        position = positions.position(2, col)
        assert position == LinePosition(1, code_units(line[: col - 1], encoding))
        assert positions.column(position) == col
    assert positions.line_end(2) == LinePosition(1, code_units(line, encoding))
    assert positions.position(2, 99) == positions.line_end(2)  # past the end of the line: its end
    assert positions.position(3, 1) == LinePosition(2, 0)  # CR, CR LF and LF all end a line


def test_a_byte_order_mark_is_before_column_one() -> None:
    assert PositionMap("\ufeff# Title\n", UTF16).position(1, 1) == LinePosition(0, 1)
    assert PositionMap("\ufeff# Title\n", UTF8).position(1, 3) == LinePosition(0, 5)
    assert PositionMap("\ufeff# Title\n", UTF8).column(LinePosition(0, 5)) == 3


# -- suppression edits ----------------------------------------------------------------------------

LINTER = Runner(RunOptions(isolated=True))


def lint(text: str) -> list[Finding]:
    return LINTER.lint_target(LINTER.stdin_target("notes.md"), text.encode()).findings


def apply(text: str, edits: Sequence[TextEdit]) -> str:
    lines = text.split("\n")

    def offset(line: int, col: int) -> int:
        return sum(len(each) + 1 for each in lines[: line - 1]) + col - 1

    for edit in sorted(edits, key=lambda e: (e.line, e.col), reverse=True):
        start, end = offset(edit.line, edit.col), offset(edit.end_line, edit.end_col)
        text = text[:start] + edit.new_text + text[end:]
    return text


def shape(document: Document) -> list[tuple[str, int]]:
    """The document's structure without its HTML comments: block kinds, list items and table rows."""
    def size(block: Block) -> int:
        if isinstance(block, ListBlock):
            return len(block.items)
        if isinstance(block, Table):
            return len(block.rows)
        return 0

    return [(block.kind, size(block)) for block in document.walk() if not isinstance(block, HtmlBlock)]


def key(finding: Finding) -> tuple[str, str]:
    return (finding.code, finding.message)


def test_each_line_suppression_silences_one_finding_and_keeps_the_structure() -> None:
    document = Document.parse(NOTES)
    findings = lint(NOTES)
    assert len(findings) == 15
    placements = {}
    for finding in findings:
        fix = disable_on_line(document, finding.line, finding.col, finding.code)
        if finding.line <= 4:  # front matter
            assert fix is None
            continue
        assert fix is not None
        changed = apply(NOTES, fix.edits)
        remaining = [key(f) for f in lint(changed)]
        expected = [key(f) for f in findings]
        expected.remove(key(finding))
        assert sorted(remaining) == sorted(expected), (finding, changed)
        assert shape(Document.parse(changed)) == shape(document), changed
        placements[finding.line] = [edit.new_text for edit in fix.edits]
    assert placements[7] == ["<!-- prdlint-disable-next-line PRD101 -->\n"]  # a paragraph's first line
    assert placements[8] == [" <!-- prdlint-disable-line PRD103 -->"]  # its second line: at the end
    assert placements[12] == [" <!-- prdlint-disable-line PRD101 -->"]  # a table row: inside its cell
    assert placements[16] == ["  <!-- prdlint-disable-next-line PRD101 -->\n"]  # second item: in the first
    assert placements[20] == ["   <!-- prdlint-disable-next-line PRD103 -->\n"]  # after '1. '
    assert placements[25] == ["<!-- prdlint-disable PRD104 -->\n", "<!-- prdlint-enable PRD104 -->\n"]
    table_row = apply(NOTES, [TextEdit(12, 20, 12, 20, " <!-- prdlint-disable-line PRD101 -->")])
    assert "| Owner | [FILL IN] <!-- prdlint-disable-line PRD101 --> |" in table_row


def test_an_existing_directive_gets_the_code() -> None:
    text = "# Notes\n\n<!-- prdlint-disable-next-line PRD101 -- legal review -->\nOwner: [FILL IN] and TBD\n"
    [finding] = lint(text)
    fix = disable_on_line(Document.parse(text), finding.line, finding.col, finding.code)
    assert fix is not None
    changed = apply(text, fix.edits)
    assert "<!-- prdlint-disable-next-line PRD101 PRD103 -- legal review -->" in changed
    assert lint(changed) == []

    inline = "# Notes\n\nOwner: [FILL IN] and TBD <!-- prdlint-disable-line PRD103 -->\n"
    [finding] = lint(inline)
    fix = disable_on_line(Document.parse(inline), finding.line, finding.col, finding.code)
    assert fix is not None and lint(apply(inline, fix.edits)) == []


def test_file_suppression_goes_after_the_front_matter_or_joins_the_existing_comment() -> None:
    fix = disable_in_file(Document.parse(NOTES), "PRD103")
    assert fix.edits == (TextEdit(5, 1, 5, 1, "<!-- prdlint-disable-file PRD103 -->\n"),)
    changed = apply(NOTES, fix.edits)
    assert [f.code for f in lint(changed)].count("PRD103") == 0
    assert changed.startswith("---\ntitle: Notes\nowner: TBD\n---\n<!-- prdlint-disable-file PRD103 -->\n# Notes")
    again = apply(changed, disable_in_file(Document.parse(changed), "PRD101").edits)
    assert "<!-- prdlint-disable-file PRD103 PRD101 -->" in again and again.count("disable-file") == 1
    assert not {"PRD101", "PRD103"} & {f.code for f in lint(again)}
    bare = "Some TBD here.\n"
    assert apply(bare, disable_in_file(Document.parse(bare), "PRD103").edits).startswith(
        "<!-- prdlint-disable-file PRD103 -->\nSome TBD"
    )


def test_closest_anchors() -> None:
    text = "# Goals\n\n## Risk Analysis\n\nSee [risks](#risk-analisys), [goals](#goal) and [x](#zzz).\n"
    document = Document.parse(text)
    broken = [f for f in lint(text) if f.code == "PRD504"]
    assert [f.text for f in broken] == ["#risk-analisys", "#goal", "#zzz"]
    suggestions = [
        [fix.title for fix in closest_anchors(document, f.line, f.col, f.end_col or f.col)] for f in broken
    ]
    assert suggestions == [["Change to #risk-analysis"], ["Change to #goals"], []]
    first = closest_anchors(document, broken[0].line, broken[0].col, broken[0].end_col or 0)[0]
    assert first.preferred
    assert [f.code for f in lint(apply(text, first.edits))].count("PRD504") == 2


# -- linting --------------------------------------------------------------------------------------


def test_internal_errors_become_one_problem(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Runner, "_lint", broken)
    outcome = Linter([tmp_path]).lint(tmp_path / "doc.md", b"# Notes\n")
    assert outcome.result is not None and outcome.result.findings == []
    assert len(outcome.problems) == 1
    assert "internal error while linting the file: RuntimeError: boom" in outcome.problems[0]

    monkeypatch.setattr(Runner, "config_for", broken)
    outcome = Linter([tmp_path]).lint(tmp_path / "doc.md", b"# Notes\n")
    assert outcome.result is None and outcome.problems == ("internal error: RuntimeError: boom",)


def test_internal_errors_reach_the_editor_as_one_diagnostic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from prdlint.server.app import PrdlintServer

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Runner, "_lint", broken)
    monkeypatch.setattr(PrdlintServer, "encoding", property(lambda self: UTF16))
    state = PrdlintServer().lint_text((tmp_path / "doc.md").as_uri(), "# Notes\n", 1)
    [diagnostic] = state.diagnostics
    assert diagnostic.message.startswith("prdlint could not lint this document: ")
    assert "internal error while linting the file: RuntimeError: boom" in diagnostic.message
    assert (diagnostic.range.start.line, diagnostic.range.end.character) == (0, 7)


def test_too_large_and_excluded_documents(tmp_path: Path) -> None:
    (tmp_path / ".prdlint.yaml").write_text("exclude: [drafts]\n", encoding="utf-8")
    linter = Linter([tmp_path])
    assert linter.lint(tmp_path / "drafts" / "a.md", b"TBD\n").excluded
    big = linter.lint(tmp_path / "a.md", b"x" * (MAX_DOCUMENT_BYTES + 1))
    assert big.result is None and len(big.problems) == 1 and "too large" in big.problems[0]
    assert [f.code for f in linter.lint(tmp_path / "a.md", b"Some TBD.\n").result.findings] == ["PRD103"]  # type: ignore[union-attr]


def test_each_file_belongs_to_its_deepest_workspace_folder(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    for path in (tmp_path / "a.md", inner / "b.md", tmp_path / "skip" / "c.md"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("TBD\n", encoding="utf-8")
    (tmp_path / ".prdlint.yaml").write_text("exclude: [skip]\n", encoding="utf-8")
    linter = Linter([tmp_path, inner])
    assert linter.folder_for(inner / "b.md") == inner.resolve()
    assert linter.folder_for(tmp_path / "a.md") == tmp_path.resolve()
    assert linter.folder_for(tmp_path.parent / "elsewhere.md") is None
    assert sorted(p.name for p in linter.markdown_files()) == ["a.md", "b.md"]
    assert linter.is_dependency(tmp_path / "pyproject.toml") and linter.is_dependency(tmp_path / ".prdlint.yaml")
    assert not linter.is_dependency(tmp_path / "notes.json")


# -- the command ----------------------------------------------------------------------------------


def test_server_without_the_lsp_extra_says_how_to_install_it() -> None:
    code = "import sys; sys.modules['pygls'] = None; from prdlint.cli import main; main(['server'])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "prdlint: error: 'prdlint server' needs the lsp extra (pygls is not installed): pip install 'prdlint[lsp]'"
    ]
    assert done.stdout == ""


def test_check_does_not_import_the_language_server(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text(NOTES, encoding="utf-8")
    code = (
        "import sys\nfrom prdlint.cli import main\n"
        "try:\n    main(['check', '-q', 'doc.md'])\nexcept SystemExit:\n    pass\n"
        "loaded = [m for m in ('pygls', 'lsprotocol', 'prdlint.server') if m in sys.modules]\n"
        "sys.stderr.write('LOADED=' + ','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False, cwd=tmp_path
    )
    assert re.search(r"LOADED=$", done.stderr), done.stderr
    assert "PRD101" in done.stdout


def test_help_lists_the_server() -> None:
    from click.testing import CliRunner

    from prdlint.cli import main

    result = CliRunner().invoke(main, ["--help"])
    assert "server" in result.output and "prdlint server" in result.output
    assert "pip install 'prdlint[lsp]'" in CliRunner().invoke(main, ["server", "--help"]).output
