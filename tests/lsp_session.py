"""Driving ``prdlint server`` over stdio with pytest-lsp's client: start, initialize, edit, wait, apply edits."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

# A generic document (no PRD headings): placeholders (1xx) and structure (5xx) rules apply.
NOTES = """\
---
title: Notes
owner: TBD
---
# Notes

Owner: [FILL IN]
Second line of the paragraph with TBD in it.

| Field | Value |
|-------|-------|
| Owner | [FILL IN] |
| Date  | TBD |

- First item TBD
- Second item [FILL IN]
  - Nested item TBD

1. One [FILL IN]
2. Two TBD

> Quoted TBD

```bash
run --cohort [cohort name]
```

## Heading with TBD

Links to [a section](#heading-with-tbc) and [FILL IN].
"""

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "prdlint", "server"])
TIMEOUT = 20.0


def capabilities(
    *, pull: bool = False, encodings: Sequence[str] | None = None, watch: bool = True
) -> types.ClientCapabilities:
    return types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=list(encodings)) if encodings else None,
        text_document=types.TextDocumentClientCapabilities(
            synchronization=types.TextDocumentSyncClientCapabilities(did_save=True),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(value_set=[types.CodeActionKind.QuickFix])
                )
            ),
            diagnostic=types.DiagnosticClientCapabilities() if pull else None,
        ),
        workspace=types.WorkspaceClientCapabilities(
            did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=watch),
            diagnostics=types.DiagnosticWorkspaceClientCapabilities(refresh_support=True) if pull else None,
            workspace_folders=True,
        ),
    )


class Session:
    """One client connected to one server, with a workspace folder on disk."""

    def __init__(self, client: LanguageClient, root: Path) -> None:
        self.client = client
        self.root = root
        self.registrations: list[types.Registration] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

        @client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

        # Every publishDiagnostics, with its version (the client keeps only the last diagnostics).
        self.published: list[tuple[str, int | None]] = []
        features = client.protocol.fm.features
        keep = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

        def publish(params: types.PublishDiagnosticsParams) -> Any:
            self.published.append((params.uri, params.version))
            return keep(params)

        features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish

    async def initialize(
        self, client: types.ClientCapabilities | None = None, **options: Any
    ) -> types.InitializeResult:
        """Initialize with ``client``'s capabilities, or those :func:`capabilities` makes of ``options``."""
        folder = types.WorkspaceFolder(uri=self.root.as_uri(), name=self.root.name)
        return await self.client.initialize_session(
            types.InitializeParams(
                capabilities=client or capabilities(**options), root_uri=folder.uri, workspace_folders=[folder]
            )
        )

    async def save(self, name: str) -> Sequence[types.Diagnostic]:
        uri = self.uri(name)
        self.forget(uri)
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)
        ))
        return await self.wait_for(uri)

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    async def wait_for(self, uri: str, check: Callable[[Sequence[types.Diagnostic]], bool] | None = None,
                       ) -> Sequence[types.Diagnostic]:
        """The next diagnostics published for ``uri`` (call :meth:`forget` before the action that causes them)."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            published = self.client.diagnostics.get(uri)
            if published is not None and (check is None or check(published)):
                return published
            await asyncio.sleep(0.005)
        raise AssertionError(f"no diagnostics for {uri} within {TIMEOUT} s (have {self.client.diagnostics.get(uri)})")

    def forget(self, uri: str) -> None:
        self.client.diagnostics.pop(uri, None)

    async def open(self, name: str, text: str | None = None) -> Sequence[types.Diagnostic]:
        """Open ``name`` (its text on disk unless given) and wait for its diagnostics."""
        uri = self.uri(name)
        if text is None:
            text = (self.root / name).read_text(encoding="utf-8")
        self.forget(uri)
        self.versions[uri] = 1
        self.texts[uri] = text
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
        ))
        return await self.wait_for(uri)

    async def change(self, name: str, text: str) -> Sequence[types.Diagnostic]:
        """Replace the whole text of an open document and wait for its diagnostics."""
        uri = self.uri(name)
        self.forget(uri)
        self.versions[uri] += 1
        self.texts[uri] = text
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        ))
        return await self.wait_for(uri)

    async def apply(self, name: str, edit: types.WorkspaceEdit) -> Sequence[types.Diagnostic]:
        """Apply a code action's edit as an editor would, and wait for the new diagnostics."""
        uri = self.uri(name)
        assert edit.changes is not None and set(edit.changes) == {uri}
        return await self.change(name, apply_edits(self.texts[uri], edit.changes[uri]))

    async def actions(self, name: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=self.uri(name)),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        ))
        return [action for action in result or [] if isinstance(action, types.CodeAction)]

    def changed_files(self, *names: str, kind: types.FileChangeType = types.FileChangeType.Changed) -> None:
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=self.uri(name), type=kind) for name in names]
        ))


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply LSP edits (UTF-16 positions) to ``text``, last first so that earlier offsets stay valid."""
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return starts[position.line] + index
            units += 2 if ord(char) > 0xFFFF else 1
        return starts[min(position.line, len(lines))] + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def summary(diagnostics: Sequence[types.Diagnostic]) -> list[tuple[object, int, int, int, int]]:
    """(code, start line, start character, end line, end character) of each diagnostic, sorted."""
    return sorted(
        (d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
        for d in diagnostics
    )
