"""``prdlint server`` end to end: pytest-lsp's client starts it over stdio and drives it as an editor would."""

from __future__ import annotations

import asyncio
import collections
import json
import shutil
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from prdlint import __version__
from prdlint.analysis.slugs import github_slug_base
from tests.cli_run import prdlint_check
from tests.lsp_session import NOTES, SERVER, Session, summary

pytestmark = pytest.mark.asyncio

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "checkout-prd.md"
RULES_DOC = "https://github.com/prdlint/prdlint/blob/main/docs/rules.md#"

ACME_PACK = """\
pack: acme
version: 1
description: House rules.
rules:
  - code: ACME001
    name: no-codenames
    kind: pattern
    severity: error
    summary: Internal codenames must not appear.
    pattern: '{word}'
    message: "internal codename '{{match}}'"
"""


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def session(client: LanguageClient, tmp_path: Path) -> Session:
    root = tmp_path / "workspace"
    root.mkdir()
    return Session(client, root)


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[object]:
    return sorted(str(d.code) for d in diagnostics)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# -- initialize -----------------------------------------------------------------------------------


async def test_initialize_advertises_push_diagnostics_and_quick_fixes(session: Session) -> None:
    result = await session.initialize()
    capabilities = result.capabilities
    assert result.server_info is not None and (result.server_info.name, result.server_info.version) == (
        "prdlint", __version__,
    )
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.open_close and sync.change == types.TextDocumentSyncKind.Incremental and sync.save
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert list(capabilities.code_action_provider.code_action_kinds or ()) == [types.CodeActionKind.QuickFix]
    assert capabilities.diagnostic_provider is None  # the client cannot pull: diagnostics are pushed
    for _ in range(200):  # the watchers are registered once the client says 'initialized'
        if session.registrations:
            break
        await asyncio.sleep(0.01)
    [registration] = session.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = [watcher["globPattern"] for watcher in registration.register_options["watchers"]]  # type: ignore[index]
    assert {"**/.prdlint.yaml", "**/.prdlint.yml", "**/pyproject.toml"} <= set(patterns)


async def test_initialize_with_pull_diagnostics_and_utf8(session: Session) -> None:
    result = await session.initialize(pull=True, encodings=["utf-8", "utf-16"], watch=False)
    provider = result.capabilities.diagnostic_provider
    assert isinstance(provider, types.DiagnosticOptions)
    assert provider.identifier == "prdlint" and provider.workspace_diagnostics
    assert not provider.inter_file_dependencies
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf8
    await asyncio.sleep(0.2)
    assert session.registrations == []  # no dynamic registration offered: none asked for


# -- diagnostics ----------------------------------------------------------------------------------


async def test_open_reports_exactly_what_prdlint_check_reports(session: Session) -> None:
    root = session.root
    write(root, ".prdlint.yaml", "rule-packs: [acme.yaml]\nrules:\n  PRD103: info\nignore: [PRD104]\n")
    write(root, "acme.yaml", ACME_PACK.format(word="Reorder"))
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "\n# Product", "\n<!-- prdlint-disable-file PRD201 -->\n# Product", 1
    )
    write(root, "docs/plan.md", text)
    await session.initialize()
    diagnostics = await session.open("docs/plan.md")

    done = prdlint_check(["--format", "json", "docs/plan.md"], cwd=root)
    findings = json.loads(done.stdout)["findings"]
    lines = text.split("\n")
    severities = {"error": 1, "warning": 2, "info": 3}
    expected = []
    for f in findings:
        start = utf16(lines[f["line"] - 1][: f["column"] - 1])
        end_line = (f["end_line"] or f["line"]) - 1
        end = utf16(lines[end_line][: f["end_column"] - 1]) if f["end_column"] else utf16(lines[end_line])
        expected.append((f["code"], f["line"] - 1, start, end_line, end, severities[f["severity"]], f["message"]))
    got = [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character,
         d.severity, d.message)
        for d in diagnostics
    ]
    assert sorted(got) == sorted(expected)
    assert {"ACME001", "PRD101", "PRD102", "PRD103"} <= {f["code"] for f in findings}
    assert not {"PRD104", "PRD201"} & {f["code"] for f in findings}  # ignored, and disabled in the file
    assert {d.severity for d in diagnostics if d.code == "PRD103"} == {types.DiagnosticSeverity.Information}
    assert {d.source for d in diagnostics} == {"prdlint"}

    anchors = {
        github_slug_base(line.lstrip("#").strip())
        for line in (REPO / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    }
    for diagnostic in diagnostics:
        assert diagnostic.code_description is not None
        href = diagnostic.code_description.href
        if diagnostic.code == "ACME001":
            assert href == (root / "acme.yaml").resolve().as_uri()  # a pack rule: its pack documents it
        else:
            assert href.startswith(RULES_DOC) and href[len(RULES_DOC) :] in anchors, href


async def test_edits_and_saves_update_the_diagnostics(session: Session) -> None:
    shutil.copy(EXAMPLE, session.root / "prd.md")
    await session.initialize()
    before = await session.open("prd.md")
    fill_in = next(d for d in before if d.code == "PRD101")
    assert (fill_in.range.start.line, fill_in.range.start.character, fill_in.range.end.character) == (30, 23, 32)

    text = session.texts[session.uri("prd.md")]
    after = await session.change("prd.md", text.replace("| [FILL IN] |", "| < 0.5% |"))
    assert codes(after) == sorted(c for c in codes(before) if c != "PRD101")
    assert summary(after) == [s for s in summary(before) if s[0] != "PRD101"]

    # An incremental change, as editors send them: type ' TBD' at the end of line 13 (0-based 12).
    uri = session.uri("prd.md")
    line = session.texts[uri].split("\n")[12]
    at = types.Position(line=12, character=utf16(line))
    session.forget(uri)
    session.versions[uri] += 1
    session.texts[uri] = session.texts[uri].replace(line, line + " TBD", 1)
    session.client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=session.versions[uri]),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=at, end=at), text=" TBD")],
    ))
    typed = await session.wait_for(uri)
    added = set(summary(typed)) - set(summary(after))
    assert added == {("PRD103", 12, utf16(line) + 1, 12, utf16(line) + 4)}

    session.forget(uri)
    session.client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)
    ))
    assert summary(await session.wait_for(uri)) == summary(typed)

    session.forget(uri)
    session.client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)
    ))
    assert list(await session.wait_for(uri)) == []  # closing clears them


async def test_a_burst_of_edits_is_linted_once_or_twice(session: Session) -> None:
    """Ten keystrokes sent at once: the lint runs at the first (maybe) and after the last, never per key."""
    await session.initialize()
    uri = session.uri("notes.md")
    await session.open("notes.md", NOTES)
    session.published.clear()
    for key in range(10):
        text = NOTES.replace("# Notes", "# Notes " + "abcdefghij"[: key + 1], 1)  # typing 'abc...' in the title
        session.versions[uri] += 1
        session.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=session.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        ))
    final = session.versions[uri]
    for _ in range(2000):
        if (uri, final) in session.published:
            break
        await asyncio.sleep(0.005)
    await asyncio.sleep(0.2)  # nothing else is on its way
    versions = [version for published, version in session.published if published == uri]
    assert versions[-1] == final and 1 <= len(versions) <= 2, versions


# A line with an emoji (2 UTF-16 units, 4 UTF-8 bytes), CJK (1 unit, 3 bytes each) and 'e' with a
# combining acute accent (two code points: 1+1 units, 1+2 bytes) before '[FILL IN]' and 'TBD'.
UNICODE = "# Notes\n\nOwner: \U0001f680 数据 e\u0301 [FILL IN] then TBD\n\n\U0001f680\U0001f680\U0001f680 TBD\n"
UNICODE_RANGES = {
    # [FILL IN] starts after 15 code points: 'Owner: ' 7, rocket, ' ', 2 CJK, ' ', e + accent, ' '.
    "utf-16": [("PRD101", 2, 16, 2, 25), ("PRD103", 2, 31, 2, 34), ("PRD103", 4, 7, 4, 10)],
    "utf-8": [("PRD101", 2, 23, 2, 32), ("PRD103", 2, 38, 2, 41), ("PRD103", 4, 13, 4, 16)],
    "utf-32": [("PRD101", 2, 15, 2, 24), ("PRD103", 2, 30, 2, 33), ("PRD103", 4, 4, 4, 7)],
}


@pytest.mark.parametrize(
    ("offered", "negotiated"),
    [(None, "utf-16"), (["utf-8"], "utf-8"), (["utf-8", "utf-16"], "utf-8"), (["utf-32", "utf-16"], "utf-32")],
)
async def test_ranges_are_in_the_negotiated_encoding(
    session: Session, offered: list[str] | None, negotiated: str
) -> None:
    result = await session.initialize(encodings=offered)
    assert result.capabilities.position_encoding == negotiated
    diagnostics = await session.open("notes.md", UNICODE)
    assert summary(diagnostics) == UNICODE_RANGES[negotiated]


async def test_a_binary_or_huge_document_gets_one_diagnostic_and_the_server_goes_on(session: Session) -> None:
    await session.initialize()
    binary = await session.open("logo.md", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    assert [(d.code, d.severity) for d in binary] == [("PRD001", types.DiagnosticSeverity.Error)]
    assert "binary file" in binary[0].message
    assert await session.actions("logo.md", binary[0]) == []  # no comment in it could be read
    huge = await session.open("huge.md", "# Log\n\n" + "A line of text that says nothing.\n" * 40_000)
    assert len(huge) == 1 and huge[0].code is None and huge[0].severity == types.DiagnosticSeverity.Error
    assert "too large" in huge[0].message and "prdlint check" in huge[0].message
    assert codes(await session.open("notes.md", NOTES)).count("PRD101") == 5  # still serving


# -- code actions ---------------------------------------------------------------------------------


def titles(actions: Sequence[types.CodeAction]) -> list[str]:
    return [action.title for action in actions]


def messages(diagnostics: Sequence[types.Diagnostic]) -> collections.Counter[tuple[str, str]]:
    return collections.Counter((str(d.code), d.message) for d in diagnostics)


async def test_disable_on_this_line_silences_exactly_that_finding(session: Session) -> None:
    await session.initialize()
    before = await session.open("notes.md", NOTES)
    assert len(before) == 15
    for diagnostic in before:
        actions = await session.actions("notes.md", diagnostic)
        assert f"Disable {diagnostic.code} in this file" in titles(actions)
        line_actions = [a for a in actions if a.title in (
            f"Disable {diagnostic.code} on this line", f"Disable {diagnostic.code} in this code block"
        )]
        if diagnostic.range.start.line == 2:  # in the front matter: no comment can go there
            assert line_actions == []
            continue
        [action] = line_actions
        assert action.kind == types.CodeActionKind.QuickFix and list(action.diagnostics or ()) == [diagnostic]
        assert action.edit is not None
        after = await session.apply("notes.md", action.edit)
        assert messages(after) == messages(before) - collections.Counter([(str(diagnostic.code), diagnostic.message)])
        assert "PRD002" not in codes(after) and "PRD506" not in codes(after)  # no bad directive, no broken table
        assert summary(await session.change("notes.md", NOTES)) == summary(before)  # back to the start


async def test_disable_in_this_file_and_the_anchor_fix(session: Session) -> None:
    await session.initialize()
    before = await session.open("notes.md", NOTES)
    tbd = next(d for d in before if d.code == "PRD103")
    [in_file] = [a for a in await session.actions("notes.md", tbd) if a.title == "Disable PRD103 in this file"]
    assert in_file.edit is not None and in_file.edit.changes is not None
    [edit] = in_file.edit.changes[session.uri("notes.md")]
    assert (edit.range.start.line, edit.range.start.character) == (4, 0)  # after the front matter
    assert edit.new_text == "<!-- prdlint-disable-file PRD103 -->\n"
    after = await session.apply("notes.md", in_file.edit)
    assert "PRD103" not in codes(after)
    assert messages(after) == messages(d for d in before if d.code != "PRD103")

    # A second rule joins the same comment rather than adding another.
    fill_in = next(d for d in after if d.code == "PRD101")
    [second] = [a for a in await session.actions("notes.md", fill_in) if a.title == "Disable PRD101 in this file"]
    assert second.edit is not None
    text = session.texts[session.uri("notes.md")]
    after_second = await session.apply("notes.md", second.edit)
    assert session.texts[session.uri("notes.md")].count("prdlint-disable-file") == 1
    assert "<!-- prdlint-disable-file PRD103 PRD101 -->" in session.texts[session.uri("notes.md")]
    assert not {"PRD101", "PRD103"} & set(codes(after_second)) and text != session.texts[session.uri("notes.md")]

    broken = next(d for d in after_second if d.code == "PRD504")
    actions = await session.actions("notes.md", broken)
    assert titles(actions)[0] == "Change to #heading-with-tbd"
    assert actions[0].is_preferred
    assert actions[0].edit is not None
    fixed = await session.apply("notes.md", actions[0].edit)
    assert "PRD504" not in codes(fixed)
    assert "[a section](#heading-with-tbd)" in session.texts[session.uri("notes.md")]


# -- configuration --------------------------------------------------------------------------------


async def test_configuration_and_rule_pack_changes_lint_open_documents_again(session: Session) -> None:
    root = session.root
    shutil.copy(EXAMPLE, root / "prd.md")
    await session.initialize()
    uri = session.uri("prd.md")
    before = await session.open("prd.md")
    assert "PRD103" in codes(before)

    write(root, ".prdlint.yaml", "ignore: [PRD103]\nrule-packs: [acme.yaml]\n")
    write(root, "acme.yaml", ACME_PACK.format(word="Reorder"))
    session.forget(uri)
    session.changed_files(".prdlint.yaml", "acme.yaml", kind=types.FileChangeType.Created)
    after = await session.wait_for(uri)
    assert "PRD103" not in codes(after)
    assert {d.message for d in after if d.code == "ACME001"} == {"internal codename 'Reorder'"}

    write(root, "acme.yaml", ACME_PACK.format(word="basket"))
    session.forget(uri)
    session.changed_files("acme.yaml")
    changed = await session.wait_for(uri)
    assert {d.message for d in changed if d.code == "ACME001"} == {"internal codename 'basket'"}

    # pyproject.toml, when it is the nearest configuration, is watched as well.
    (root / ".prdlint.yaml").unlink()
    write(root, "pyproject.toml", '[tool.prdlint]\nignore = ["PRD102"]\n')
    session.forget(uri)
    session.changed_files(".prdlint.yaml", kind=types.FileChangeType.Deleted)
    from_pyproject = await session.wait_for(uri)
    assert "PRD102" not in codes(from_pyproject) and "PRD103" in codes(from_pyproject)
    assert "ACME001" not in codes(from_pyproject)


async def test_without_file_watching_opening_or_saving_notices_configuration_changes(session: Session) -> None:
    root = session.root
    write(root, "docs/a.md", NOTES)
    await session.initialize(watch=False)
    before = await session.open("docs/a.md")
    assert "PRD103" in codes(before)
    write(root, ".prdlint.yaml", "ignore: [PRD103]\n")  # a new configuration file, above the document
    saved = await session.save("docs/a.md")
    assert "PRD103" not in codes(saved) and codes(saved) == [c for c in codes(before) if c != "PRD103"]
    config = root / ".prdlint.yaml"
    config.write_text("ignore: [PRD101]\n", encoding="utf-8")
    stamp = config.stat().st_mtime_ns
    while config.stat().st_mtime_ns == stamp:  # a coarse file system clock: make the change visible
        await asyncio.sleep(0.01)
        config.write_text("ignore: [PRD101]\n", encoding="utf-8")
    reopened = await session.open("docs/b.md", NOTES)
    assert "PRD101" not in codes(reopened) and "PRD103" in codes(reopened)


@pytest.mark.parametrize(("editor", "pull", "encoding"), [
    ("neovim@v0.11.0", True, "utf-8"),
    ("emacs@v29.1", False, "utf-32"),
    ("visual-studio-code@v1.65.2", False, "utf-16"),
])
async def test_the_capabilities_of_real_editors(session: Session, editor: str, pull: bool, encoding: str) -> None:
    """Capabilities captured from these editors (shipped with pytest-lsp): pull or push, and their encoding."""
    result = await session.initialize(pytest_lsp.client_capabilities(editor))
    assert result.capabilities.position_encoding == encoding
    assert (result.capabilities.diagnostic_provider is not None) == pull
    uri = session.uri("notes.md")
    if pull:
        session.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=UNICODE)
        ))
        report = await session.client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, types.RelatedFullDocumentDiagnosticReport)
        diagnostics: Sequence[types.Diagnostic] = report.items
    else:
        diagnostics = await session.open("notes.md", UNICODE)
    assert summary(diagnostics) == UNICODE_RANGES[encoding]


async def test_an_invalid_configuration_is_one_message_and_a_diagnostic(session: Session) -> None:
    root = session.root
    config = write(root, ".prdlint.yaml", "severity-threshold: error\nignore: [PRD1O1]\n")
    write(root, "a.md", NOTES)
    write(root, "b.md", NOTES)
    await session.initialize()
    config_uri = config.resolve().as_uri()
    [diagnostic] = await session.open("a.md")
    assert diagnostic.severity == types.DiagnosticSeverity.Error and diagnostic.source == "prdlint"
    assert diagnostic.message.startswith("not linted: invalid prdlint configuration: ")
    assert ".prdlint.yaml:2: ignore[0]: unknown rule code, name or family 'PRD1O1'" in diagnostic.message
    assert "did you mean 'PRD101'?" in diagnostic.message
    [on_config] = await session.wait_for(config_uri)
    assert on_config.range.start.line == 1 and on_config.range.end == types.Position(line=1, character=16)
    assert "unknown rule code" in on_config.message

    await session.open("b.md")
    await session.change("a.md", NOTES + "\nMore TBD.\n")
    shown = [m for m in session.client.messages if m.type == types.MessageType.Error]
    assert len(shown) == 1 and "PRD1O1" in shown[0].message  # once, however many documents hit it

    write(root, ".prdlint.yaml", "severity-threshold: error\nignore: [PRD101]\n")
    session.forget(session.uri("a.md"))
    session.changed_files(".prdlint.yaml")
    fixed = await session.wait_for(session.uri("a.md"))
    assert "PRD103" in codes(fixed) and "PRD101" not in codes(fixed)
    assert list(await session.wait_for(config_uri, lambda published: not published)) == []

    write(root, ".prdlint.yaml", "severity-threshold: eror\n")
    session.forget(session.uri("a.md"))
    session.changed_files(".prdlint.yaml")
    [broken_again] = await session.wait_for(session.uri("a.md"))
    assert "severity-threshold" in broken_again.message
    shown = [m for m in session.client.messages if m.type == types.MessageType.Error]
    assert len(shown) == 2 and "severity-threshold" in shown[1].message


# -- pull diagnostics -----------------------------------------------------------------------------


async def test_pull_diagnostics_for_documents_and_the_workspace(session: Session) -> None:
    root = session.root
    write(root, ".prdlint.yaml", "exclude: [archive]\n")
    shutil.copy(EXAMPLE, root / "prd.md")
    write(root, "docs/notes.md", NOTES)
    write(root, "archive/old.md", NOTES)
    write(root, "node_modules/pkg/readme.md", NOTES)
    write(root, "docs/todo.txt", "TBD\n")
    (root / "docs" / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    await session.initialize(pull=True)
    client = session.client

    uri = session.uri("prd.md")
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=(root / "prd.md").read_text(encoding="utf-8")
    )))
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert isinstance(report, types.RelatedFullDocumentDiagnosticReport) and report.result_id
    assert codes(report.items) == ["PRD101", "PRD102", "PRD102", "PRD103", "PRD103", "PRD104", "PRD201"]
    again = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id
    ))
    assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
    assert client.diagnostics == {}  # pulled, never pushed: an editor would show them twice

    workspace = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
    by_uri = {item.uri: item for item in workspace.items}
    assert set(by_uri) == {uri, session.uri("docs/notes.md"), session.uri("docs/logo.md")}
    opened, closed = by_uri[uri], by_uri[session.uri("docs/notes.md")]
    assert isinstance(opened, types.WorkspaceFullDocumentDiagnosticReport) and opened.version == 1
    assert isinstance(closed, types.WorkspaceFullDocumentDiagnosticReport) and closed.version is None
    assert codes(opened.items) == codes(report.items) and len(closed.items) == 15
    logo = by_uri[session.uri("docs/logo.md")]
    assert isinstance(logo, types.WorkspaceFullDocumentDiagnosticReport) and codes(logo.items) == ["PRD001"]

    previous = [
        types.PreviousResultId(uri=item.uri, value=item.result_id)
        for item in workspace.items if item.result_id is not None
    ]
    write(root, "docs/notes.md", NOTES.replace("Owner: [FILL IN]", "Owner: Dana"))
    second = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=previous))
    kinds = {item.uri: type(item).__name__ for item in second.items}
    assert kinds == {
        uri: "WorkspaceUnchangedDocumentDiagnosticReport",
        session.uri("docs/logo.md"): "WorkspaceUnchangedDocumentDiagnosticReport",
        session.uri("docs/notes.md"): "WorkspaceFullDocumentDiagnosticReport",
    }

    # A new file is listed once the client says it was created; a deleted one gets an empty report.
    write(root, "docs/new.md", "# New\n\nOwner: [FILL IN]\n")
    (root / "docs" / "logo.md").unlink()
    session.changed_files("docs/new.md", kind=types.FileChangeType.Created)
    session.changed_files("docs/logo.md", kind=types.FileChangeType.Deleted)
    previous = [
        types.PreviousResultId(uri=item.uri, value=item.result_id)
        for item in second.items if item.result_id is not None
    ]
    third = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=previous))
    by_uri = {item.uri: item for item in third.items}
    assert set(by_uri) == {uri, session.uri("docs/notes.md"), session.uri("docs/new.md"), session.uri("docs/logo.md")}
    gone, new = by_uri[session.uri("docs/logo.md")], by_uri[session.uri("docs/new.md")]
    assert isinstance(gone, types.WorkspaceFullDocumentDiagnosticReport) and list(gone.items) == []
    assert isinstance(new, types.WorkspaceFullDocumentDiagnosticReport) and codes(new.items) == ["PRD101"]

    write(root, ".prdlint.yaml", "exclude: [archive]\nignore: [PRD103]\n")
    session.changed_files(".prdlint.yaml")
    for _ in range(500):
        if client.diagnostic_refresh_count:
            break
        await asyncio.sleep(0.01)
    assert client.diagnostic_refresh_count == 1  # the client is asked to pull again
    refreshed = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
        text_document=types.TextDocumentIdentifier(uri=uri), previous_result_id=report.result_id
    ))
    assert isinstance(refreshed, types.RelatedFullDocumentDiagnosticReport)
    assert "PRD103" not in codes(refreshed.items)


async def test_workspace_folders_added_and_removed(session: Session, tmp_path: Path) -> None:
    write(session.root, "a.md", NOTES)
    other = tmp_path / "other"
    write(other, "b.md", "# B\n\nOwner: [FILL IN]\n")
    await session.initialize(pull=True)
    client = session.client

    async def listed() -> set[str]:
        report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(previous_result_ids=[]))
        return {Path(item.uri).name for item in report.items}

    assert await listed() == {"a.md"}
    added = types.WorkspaceFolder(uri=other.as_uri(), name="other")
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(added=[added], removed=[])
    ))
    assert await listed() == {"a.md", "b.md"}
    client.workspace_did_change_workspace_folders(types.DidChangeWorkspaceFoldersParams(
        event=types.WorkspaceFoldersChangeEvent(
            added=[], removed=[types.WorkspaceFolder(uri=session.root.as_uri(), name=session.root.name)]
        )
    ))
    assert await listed() == {"b.md"}
