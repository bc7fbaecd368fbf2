"""The language server: pygls wiring for diagnostics, code actions and configuration changes.

Diagnostics are pushed (``textDocument/publishDiagnostics``) on open, on change (debounced) and on
save, unless the client supports pull diagnostics: then it asks (``textDocument/diagnostic``) and
may ask for every Markdown file of the workspace (``workspace/diagnostic``), and pushing as well
would show everything twice. No handler lets an exception out: a document that cannot be linted
gets one diagnostic saying why, and an invalid configuration is one message, not a crash.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from prdlint import __version__
from prdlint.config import ConfigError
from prdlint.engine.finding import Finding, Severity
from prdlint.engine.registry import Registry
from prdlint.engine.settings import UsageError
from prdlint.model import Document
from prdlint.reporters.common import rule_url
from prdlint.server.actions import Fix, closest_anchors, disable_in_file, disable_on_line
from prdlint.server.linting import Linter, LintOutcome
from prdlint.server.positions import UTF16, LinePosition, PositionMap

logger = logging.getLogger(__name__)

SOURCE = "prdlint"
# Edits closer together than this are linted once, this long after the last of them (see schedule).
DEBOUNCE_SECONDS = 0.05
ANCHOR_RULE = "PRD504"
UNREADABLE_RULE = "PRD001"  # the document could not be read, so no comment in it can silence this
# Configuration files and what they name (rule packs, schemas); Markdown files come and go.
WATCHED_FILES = (
    "**/.prdlint.yaml", "**/.prdlint.yml", "**/pyproject.toml", "**/*.{yaml,yml,json}", "**/*.{md,markdown}",
)
_WATCH_REGISTRATION = "prdlint-watched-files"
MARKDOWN_SUFFIXES = (".md", ".markdown")
# Clients ask for workspace diagnostics every few seconds: the list of files is walked again only
# this often, or sooner when a Markdown file is created or deleted, or the configuration changes.
LISTING_SECONDS = 30.0

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@dataclass
class LintState:
    """The last lint of one open document, for code actions and unchanged pull reports."""

    version: int | None
    generation: int
    text: str
    outcome: LintOutcome
    pairs: list[tuple[Finding, types.Diagnostic]] = field(default_factory=list)
    extra: list[types.Diagnostic] = field(default_factory=list)  # not a finding: why there are none
    document: Document | None = None  # parsed on the first code action request

    @property
    def diagnostics(self) -> list[types.Diagnostic]:
        return [*self.extra, *(diagnostic for _, diagnostic in self.pairs)]

    @property
    def result_id(self) -> str:
        digest = hashlib.blake2b(self.text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        return f"{self.generation}:{digest}"


def _lsp_position(position: LinePosition) -> types.Position:
    return types.Position(line=position.line, character=position.character)


def _range(positions: PositionMap, line: int, col: int, end_line: int | None, end_col: int | None) -> types.Range:
    start = positions.position(line, col)
    if end_line is None or end_col is None:
        end = positions.line_end(line)  # a finding with no extent covers the rest of its line
        if end.character < start.character:
            end = start
    else:
        end = positions.position(end_line, end_col)
    return types.Range(start=_lsp_position(start), end=_lsp_position(end))


def _first_line(positions: PositionMap) -> types.Range:
    return types.Range(start=types.Position(line=0, character=0), end=_lsp_position(positions.line_end(1)))


def _href(code: str, registry: Registry | None) -> str | None:
    """The rule's documentation: its entry in docs/rules.md, or the rule pack that defines it."""
    rule = registry.get(code) if registry is not None else None
    if rule is None:
        return None
    if rule.source == "built-in":
        return rule_url(rule.code, rule.name)
    return Path(rule.source).resolve().as_uri()


def finding_diagnostic(finding: Finding, positions: PositionMap, registry: Registry | None) -> types.Diagnostic:
    href = _href(finding.code, registry)
    return types.Diagnostic(
        range=_range(positions, finding.line, finding.col, finding.end_line, finding.end_col),
        severity=SEVERITIES[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        message=finding.message,
    )


def config_error_text(error: ConfigError | UsageError) -> str:
    return f"invalid prdlint configuration: {error}"


class PrdlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("prdlint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.linter = Linter()
        self.pull = False  # the client asks for diagnostics instead of receiving them
        self.debounce = DEBOUNCE_SECONDS
        self.states: dict[str, LintState] = {}
        self._pending: dict[str, asyncio.TimerHandle] = {}
        self._last_change: dict[str, float] = {}  # when each document was last edited (time.monotonic)
        self._last_lint_end = float("-inf")
        self._frozen = False
        self._collection_due = False
        self._workspace_cache: dict[str, tuple[tuple[int, int, int], str, list[types.Diagnostic]]] = {}
        self._listing: tuple[float, list[Path]] | None = None  # (when, the workspace's Markdown files)
        self._shown_config_errors: set[str] = set()
        self._previous_config_errors: set[str] = set()
        self._config_error_uris: set[str] = set()

    # -- positions and documents -------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or UTF16)

    @staticmethod
    def path_of(uri: str) -> Path | None:
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return Path(path) if path else None

    # -- linting ------------------------------------------------------------------------------------

    def lint_text(self, uri: str, text: str, version: int | None) -> LintState:
        outcome = self.linter.lint(self.path_of(uri), text.encode("utf-8", "surrogatepass"))
        state = LintState(version, self.linter.generation, text, outcome)
        positions = PositionMap(text, self.encoding)
        self._describe(state, positions)
        return state

    def _describe(self, state: LintState, positions: PositionMap) -> None:
        outcome = state.outcome
        if outcome.config_error is not None:
            self._config_problem(outcome.config_error)
            state.extra.append(types.Diagnostic(
                range=_first_line(positions), severity=types.DiagnosticSeverity.Error, source=SOURCE,
                message=f"not linted: {config_error_text(outcome.config_error)}",
            ))
        for problem in outcome.problems:
            state.extra.append(types.Diagnostic(
                range=_first_line(positions), severity=types.DiagnosticSeverity.Error, source=SOURCE,
                message=f"prdlint could not lint this document: {problem}",
            ))
        if outcome.result is not None:
            state.pairs = [
                (finding, finding_diagnostic(finding, positions, outcome.registry))
                for finding in outcome.result.findings
            ]

    def current_state(self, uri: str) -> LintState:
        """The lint of the document's current text (linted now when the last one is stale)."""
        document = self.workspace.get_text_document(uri)
        state = self.states.get(uri)
        if state is None or state.version != document.version or state.generation != self.linter.generation:
            state = self.lint_text(uri, document.source, document.version)
            self.states[uri] = state
            self._last_lint_end = time.monotonic()
            self._collect_after_reply()
        return state

    def publish(self, uri: str) -> None:
        """Lint the document now (unless its diagnostics are current) and send them."""
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        try:
            if uri not in self.workspace.text_documents:
                return
            state = self.current_state(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=state.diagnostics, version=state.version)
            )
        except Exception:  # never let one document stop the server
            logger.exception("prdlint: linting %s failed", uri)

    def _collect_after_reply(self) -> None:
        """Collect the garbage of a lint once its diagnostics are sent (the loop's next turn).

        A lint leaves its document's object graph (cycles: sections and their headings) behind;
        collecting it between edits keeps the collector's full passes out of the next lints. What
        exists by the first lint (modules, pygls, the rules) is frozen out of these passes, so each
        looks at little more than one document.
        """
        if self._collection_due:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not serving (a test calling in directly)
            return
        self._collection_due = True
        loop.call_soon(self._collect_garbage)

    def _collect_garbage(self) -> None:
        self._collection_due = False
        if not self._frozen:
            gc.collect()
            gc.freeze()
            self._frozen = True
        gc.collect()

    def schedule(self, uri: str) -> None:
        """Lint after an edit: at once after a pause in typing, once at the end of a burst of edits.

        An edit that comes less than ``debounce`` seconds after the one before, or after the end of
        the last lint (fast typing, or the edits that queued up while a long document was linted),
        moves the lint to ``debounce`` after it; an edit after a pause is linted straight away, so it
        waits only for the lint.
        """
        loop = asyncio.get_running_loop()
        now = time.monotonic()
        burst = now - max(self._last_change.get(uri, float("-inf")), self._last_lint_end) < self.debounce
        self._last_change[uri] = now
        pending = self._pending.get(uri)
        if pending is not None:
            if not burst:
                return  # already due, and it lints the text as it is then
            pending.cancel()
        self._pending[uri] = loop.call_later(self.debounce if burst else 0, self.publish, uri)

    # -- configuration ------------------------------------------------------------------------------

    def _config_problem(self, error: ConfigError | UsageError) -> None:
        text = config_error_text(error)
        if text in self._shown_config_errors:
            return
        self._shown_config_errors.add(text)
        if text not in self._previous_config_errors:
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=text))
        if isinstance(error, ConfigError) and error.path:
            self._publish_config_diagnostic(error)

    def _publish_config_diagnostic(self, error: ConfigError) -> None:
        path = Path(str(error.path)).resolve()
        uri = path.as_uri()
        line = max((error.line or 1), 1)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        positions = PositionMap(text, self.encoding)
        diagnostic = types.Diagnostic(
            range=types.Range(
                start=_lsp_position(positions.position(line, 1)), end=_lsp_position(positions.line_end(line))
            ),
            severity=types.DiagnosticSeverity.Error,
            source=SOURCE,
            message=f"{error.message}" if not error.key else f"{_key_text(error)}: {error.message}",
        )
        self._config_error_uris.add(uri)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[diagnostic]))

    def check_configuration(self, uri: str) -> None:
        """Notice configuration changes the client did not report (not every client watches files)."""
        try:
            stale = self.linter.is_stale(self.path_of(uri))
        except OSError:
            stale = True
        if stale:
            self.configuration_changed()

    def configuration_changed(self) -> None:
        """Configuration files or rule packs changed: read them again and lint the open documents again."""
        self.linter.reload()
        self._listing = None
        self._previous_config_errors = self._shown_config_errors
        self._shown_config_errors = set()
        self._workspace_cache.clear()
        for uri in sorted(self._config_error_uris):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self._config_error_uris.clear()
        if self.pull:
            for uri in list(self.workspace.text_documents):
                try:
                    self.current_state(uri)  # reports configuration problems now, once
                except Exception:
                    logger.exception("prdlint: linting %s failed", uri)
            if get_capability(self.client_capabilities, "workspace.diagnostics.refresh_support", False):
                self.workspace_diagnostic_refresh(None)
        else:
            for uri in list(self.workspace.text_documents):
                self.publish(uri)

    # -- code actions -------------------------------------------------------------------------------

    def code_actions(self, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents:
            return None
        state = self.current_state(uri)
        if not state.pairs:
            return None
        if state.document is None:
            state.document = Document.parse(state.text)
        wanted = {_diagnostic_key(d) for d in params.context.diagnostics if d.source == SOURCE}
        chosen = [
            (finding, diagnostic) for finding, diagnostic in state.pairs
            if _diagnostic_key(diagnostic) in wanted or _overlaps(diagnostic.range, params.range)
        ]
        positions = PositionMap(state.text, self.encoding)
        actions: list[types.CodeAction] = []
        file_codes: set[str] = set()
        for finding, diagnostic in chosen:
            if finding.code == UNREADABLE_RULE:
                continue
            fixes: list[Fix] = []
            if finding.code == ANCHOR_RULE and finding.end_line == finding.line and finding.end_col is not None:
                fixes.extend(closest_anchors(state.document, finding.line, finding.col, finding.end_col))
            line_fix = disable_on_line(state.document, finding.line, finding.col, finding.code)
            if line_fix is not None:
                fixes.append(line_fix)
            if finding.code not in file_codes:
                file_codes.add(finding.code)
                fixes.append(disable_in_file(state.document, finding.code))
            actions.extend(_code_action(uri, fix, diagnostic, positions) for fix in fixes)
        return actions or None

    # -- pull diagnostics ---------------------------------------------------------------------------

    def document_diagnostic(self, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        uri = params.text_document.uri
        if uri in self.workspace.text_documents:
            state = self.current_state(uri)
            if params.previous_result_id == state.result_id:
                return types.RelatedUnchangedDocumentDiagnosticReport(result_id=state.result_id)
            return types.RelatedFullDocumentDiagnosticReport(items=state.diagnostics, result_id=state.result_id)
        path = self.path_of(uri)
        if path is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        _, result_id, items = self._closed_file(uri, path)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    def _closed_file(self, uri: str, path: Path) -> tuple[tuple[int, int, int], str, list[types.Diagnostic]]:
        """A file that is not open, linted as it is on disk; kept until it or the configuration changes."""
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size, self.linter.generation)
        except OSError:
            key = (0, 0, self.linter.generation)
        cached = self._workspace_cache.get(uri)
        if cached is not None and cached[0] == key:
            return cached
        try:
            data = path.read_bytes()
        except OSError as error:
            outcome = LintOutcome(problems=(f"cannot be read: {error.strerror or error}",))
            data = b""
        else:
            outcome = self.linter.lint(path, data)
        text = data.decode("utf-8", "replace")
        state = LintState(None, self.linter.generation, text, outcome)
        self._describe(state, PositionMap(text, self.encoding))
        entry = (key, state.result_id, state.diagnostics)
        self._workspace_cache[uri] = entry
        return entry

    def _markdown_files(self) -> list[Path]:
        now = asyncio.get_running_loop().time()
        if self._listing is None or now - self._listing[0] > LISTING_SECONDS:
            self._listing = (now, list(self.linter.markdown_files()))
        return self._listing[1]

    def files_changed(self, changes: Sequence[types.FileEvent]) -> None:
        """Watched files changed: lint again after a configuration change; list again after new files."""
        paths = [(self.path_of(change.uri), change.type) for change in changes]
        if any(
            path is not None and path.suffix.lower() in MARKDOWN_SUFFIXES and kind != types.FileChangeType.Changed
            for path, kind in paths
        ):
            self._listing = None
        if any(path is not None and self.linter.is_dependency(path) for path, _ in paths):
            self.configuration_changed()

    async def workspace_diagnostic(self, params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
        previous = {item.uri: item.value for item in params.previous_result_ids}
        items: list[types.WorkspaceDocumentDiagnosticReport] = []
        reported: set[str] = set()
        try:
            paths = self._markdown_files()
        except (ConfigError, UsageError) as error:
            self._config_problem(error)
            paths = []
        open_uris = set(self.workspace.text_documents)
        for path in paths:
            uri = from_fs_path(str(path)) or path.as_uri()
            reported.add(uri)
            try:
                if uri in open_uris:
                    state = self.current_state(uri)
                    version, result_id, diagnostics = state.version, state.result_id, state.diagnostics
                else:
                    _, result_id, diagnostics = self._closed_file(uri, path)
                    version = None
            except Exception:
                logger.exception("prdlint: linting %s failed", path)
                continue
            if previous.get(uri) == result_id:
                items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, version=version, result_id=result_id
                ))
            else:
                items.append(types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, version=version, items=diagnostics, result_id=result_id
                ))
            await asyncio.sleep(0)  # let edits and cancellations in between files
        for uri in sorted(set(previous) - reported - open_uris):  # deleted, or excluded now
            self._workspace_cache.pop(uri, None)
            items.append(types.WorkspaceFullDocumentDiagnosticReport(uri=uri, version=None, items=[]))
        return types.WorkspaceDiagnosticReport(items=items)


def _key_text(error: ConfigError) -> str:
    from prdlint.config.loader import format_key

    return format_key(error.key)


def _diagnostic_key(diagnostic: types.Diagnostic) -> tuple[object, ...]:
    start, end = diagnostic.range.start, diagnostic.range.end
    return (diagnostic.code, start.line, start.character, end.line, end.character, diagnostic.message)


def _overlaps(one: types.Range, other: types.Range) -> bool:
    def key(position: types.Position) -> tuple[int, int]:
        return (position.line, position.character)

    return key(one.start) <= key(other.end) and key(other.start) <= key(one.end)


def _code_action(uri: str, fix: Fix, diagnostic: types.Diagnostic, positions: PositionMap) -> types.CodeAction:
    edits = [
        types.TextEdit(
            range=types.Range(
                start=_lsp_position(positions.position(edit.line, edit.col)),
                end=_lsp_position(positions.position(edit.end_line, edit.end_col)),
            ),
            new_text=edit.new_text,
        )
        for edit in fix.edits
    ]
    return types.CodeAction(
        title=fix.title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=types.WorkspaceEdit(changes={uri: edits}),
        is_preferred=fix.preferred or None,
    )


def _folders(params: types.InitializeParams) -> list[Path]:
    uris: list[str] = [folder.uri for folder in params.workspace_folders or ()]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    paths = [to_fs_path(uri) for uri in uris if uri.startswith("file:")]
    if not paths and params.root_path:
        paths = [params.root_path]
    return [Path(path) for path in paths if path]


def create_server() -> PrdlintServer:
    server = PrdlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        server.linter.set_folders(_folders(params))
        server.pull = get_capability(params.capabilities, "text_document.diagnostic") is not None
        if server.pull:  # the features exist only for such clients: the capabilities are computed after this
            options = types.DiagnosticOptions(
                identifier=SOURCE, inter_file_dependencies=False, workspace_diagnostics=True
            )

            @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)
            def document_diagnostic(params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
                return server.document_diagnostic(params)

            @server.feature(types.WORKSPACE_DIAGNOSTIC)
            async def workspace_diagnostic(params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
                return await server.workspace_diagnostic(params)

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        if not get_capability(
            server.client_capabilities, "workspace.did_change_watched_files.dynamic_registration", False
        ):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED_FILES]
        registration = types.Registration(
            id=_WATCH_REGISTRATION,
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
        )
        try:
            await server.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
        except Exception as error:  # the client said no: configuration changes then need a restart
            logger.warning("prdlint: could not watch configuration files: %s", error)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.states.pop(params.text_document.uri, None)
        server.check_configuration(params.text_document.uri)
        if not server.pull:
            server.publish(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        if not server.pull:
            server.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        server.check_configuration(params.text_document.uri)
        if not server.pull:
            server.publish(params.text_document.uri)  # at once: no need to wait for a pending lint

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        pending = server._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        server.states.pop(uri, None)
        server._last_change.pop(uri, None)
        if not server.pull:
            server.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
        server.files_changed(params.changes)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(params: types.DidChangeWorkspaceFoldersParams) -> None:
        removed = {path.resolve() for folder in params.event.removed if (path := server.path_of(folder.uri))}
        added = [server.path_of(folder.uri) for folder in params.event.added]
        kept = [folder for folder in server.linter.folders if folder not in removed]
        server.linter.set_folders([*kept, *(path for path in added if path is not None)])
        server.configuration_changed()

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False),
    )
    def code_action(params: types.CodeActionParams) -> list[types.CodeAction] | None:
        try:
            return server.code_actions(params)
        except Exception:
            logger.exception("prdlint: code actions for %s failed", params.text_document.uri)
            return None

    return server


def serve() -> None:
    """Run the server on standard input and output until the client says exit."""
    create_server().start_io()


__all__ = ["PrdlintServer", "create_server", "serve"]
