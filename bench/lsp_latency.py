#!/usr/bin/env python3
"""How long an editor waits for prdlint's diagnostics: ``prdlint server`` over stdio, timed from outside.

usage: bench/lsp_latency.py [--seeds DIR] [--edits N] [--pause SECONDS] [--cpu N]

For the 12 KB strategy seed and the largest seed (87 KB):
  - start: from starting the server process to the first diagnostics of the opened document;
  - change: from sending one edit (``textDocument/didChange``) to receiving the diagnostics of that
    version, N edits (default 100) spread over the document, each after the diagnostics of the one
    before and a pause (default 0.1 s, a typist's pace); p50 and p95. With ``--pause 0`` the edits
    come as a burst, and each waits for the server's debounce (0.05 s) as well;
  - server CPU: the server process's CPU time (from /proc) per edit, which other load on the
    machine changes less than the wall-clock figures;
  - bursts: 10 times, 10 keystrokes 30 ms apart (fast typing): from the last keystroke to the
    diagnostics of the last version, and how many times the server linted per burst.
The client is a bare JSON-RPC loop (no LSP library), so the figures are the server's. Client and
server are pinned to one CPU (``--cpu``, Linux). Goal: p95 <= 50 ms for 12 KB and <= 250 ms for
87 KB. Needs the lsp extra (pip install -e '.[lsp]') and ../shared/seeds.
"""

from __future__ import annotations

import argparse
import json
import os
import selectors
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = (("12 KB strategy", "python-data-team-strategy.md", 50.0),
             ("87 KB PRD guide", "prd-implementation-guide-template.md", 250.0))
TIMEOUT = 60.0


class Server:
    """``prdlint server`` in a subprocess, spoken to with Content-Length framed JSON-RPC."""

    def __init__(self, workspace: Path) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prdlint", "server"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=workspace,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin = self.process.stdin
        self.stdout = self.process.stdout
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.stdout, selectors.EVENT_READ)
        self.buffer = b""
        self.next_id = 0
        self.published = 0  # publishDiagnostics notifications received

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.stdin.flush()
        return ident

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while True:
            header_end = self.buffer.find(b"\r\n\r\n")
            if header_end >= 0:
                headers = self.buffer[:header_end].decode("ascii").split("\r\n")
                length = next(int(h.split(":")[1]) for h in headers if h.lower().startswith("content-length"))
                start = header_end + 4
                if len(self.buffer) >= start + length:
                    body = self.buffer[start : start + length]
                    self.buffer = self.buffer[start + length :]
                    message: dict[str, Any] = json.loads(body)
                    return message
            remaining = deadline - time.perf_counter()
            if remaining <= 0 or not self.selector.select(remaining):
                raise TimeoutError("the server did not answer in time")
            chunk = os.read(self.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("the server exited")
            self.buffer += chunk

    def wait(self, *, ident: int | None = None, uri: str | None = None, version: int | None = None) -> dict[str, Any]:
        """The response to request ``ident``, or the diagnostics published for ``uri`` at ``version``."""
        deadline = time.perf_counter() + TIMEOUT
        while True:
            message = self._read_message(deadline)
            if ident is not None and message.get("id") == ident and "method" not in message:
                return message
            if "method" in message and "id" in message:  # a request from the server: say yes
                self.send_response(message["id"])
                continue
            if message.get("method") == "textDocument/publishDiagnostics" and uri is not None:
                self.published += 1
                params = message["params"]
                if params["uri"] == uri and (version is None or params.get("version") == version):
                    return message

    def send_response(self, ident: int) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": ident, "result": None}).encode()
        self.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.stdin.flush()

    def initialize(self, root: Path) -> None:
        ident = self.send("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}},
        }, request=True)
        self.wait(ident=ident)
        self.send("initialized", {})

    def cpu_seconds(self) -> float | None:
        """User and system CPU time of the server so far (Linux), or None."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        ident = self.send("shutdown", None, request=True)
        self.wait(ident=ident)
        self.send("exit", None)
        self.process.wait(timeout=10)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Figures:
    label: str
    size: int
    diagnostics: int
    start_ms: float
    changes_ms: list[float]
    cpu_ms: float | None  # server CPU per edit
    goal_ms: float
    burst_ms: list[float]  # last keystroke of a burst to its diagnostics
    burst_lints: list[int]  # diagnostics published per burst


class Editor:
    """One open document: edits at the end of its lines, as incremental changes."""

    def __init__(self, server: Server, uri: str, text: str) -> None:
        self.server, self.uri = server, uri
        self.lines = text.split("\n")
        self.version = 1
        self.edits = 0

    def type(self, line: int, insert: str) -> int:
        line %= max(len(self.lines) - 1, 1)
        position = {"line": line, "character": utf16_length(self.lines[line])}
        self.lines[line] += insert
        self.version += 1
        self.server.send("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": {"start": position, "end": position}, "text": insert}],
        })
        return self.version


def measure(label: str, path: Path, edits: int, pause: float, goal: float, workspace: Path) -> Figures:
    text = path.read_text(encoding="utf-8")
    target = workspace / path.name
    target.write_text(text, encoding="utf-8")
    uri = target.as_uri()
    server = Server(workspace)
    server.initialize(workspace)
    server.send("textDocument/didOpen", {
        "textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text},
    })
    first = server.wait(uri=uri, version=1)
    start_ms = (time.perf_counter() - server.started) * 1000
    editor = Editor(server, uri, text)
    changes: list[float] = []
    cpu_before = server.cpu_seconds()
    for edit in range(edits):
        time.sleep(pause)
        sent = time.perf_counter()
        version = editor.type(edit * 37, f" edit{edit}")  # spread over the document, a different line each time
        server.wait(uri=uri, version=version)
        changes.append((time.perf_counter() - sent) * 1000)
    cpu_after = server.cpu_seconds()
    cpu = (cpu_after - cpu_before) * 1000 / edits if cpu_before is not None and cpu_after is not None else None
    burst_ms: list[float] = []
    burst_lints: list[int] = []
    for burst in range(10):
        time.sleep(0.3)
        before = server.published
        for key in range(10):
            if key:
                time.sleep(0.03)
            version = editor.type(burst * 53, "abcdefghij"[key])
        last = time.perf_counter()
        server.wait(uri=uri, version=version)
        burst_ms.append((time.perf_counter() - last) * 1000)
        burst_lints.append(server.published - before)
    server.close()
    return Figures(
        label, len(text.encode()), len(first["params"]["diagnostics"]), start_ms, changes, cpu, goal,
        burst_ms, burst_lints,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between an edit's diagnostics and the next")
    parser.add_argument("--cpu", type=int, default=0, help="pin client and server to this CPU (-1: do not pin)")
    options = parser.parse_args()
    if not options.seeds.is_dir():
        print(f"lsp_latency: {options.seeds} not found (the seeds are in ../shared/seeds)", file=sys.stderr)
        return 2
    if options.cpu >= 0 and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {options.cpu})  # the server inherits it
    import tempfile

    results = []
    with tempfile.TemporaryDirectory() as workspace:
        for label, name, goal in DOCUMENTS:
            results.append(measure(label, options.seeds / name, options.edits, options.pause, goal, Path(workspace)))
    print(f"prdlint server latency: {options.edits} edits per document, {options.pause:g} s apart; "
          f"CPU {'any' if options.cpu < 0 else options.cpu}; load average {os.getloadavg()[0]:.1f}")
    print()
    print("| Document | Size | Diagnostics | Start to first diagnostics | Change p50 | Change p95 | "
          "Server CPU per edit | Goal (p95) |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    for row in results:
        p50, p95 = statistics.median(row.changes_ms), percentile(row.changes_ms, 0.95)
        met = p95 <= row.goal_ms
        failed |= not met
        cpu = f"{row.cpu_ms:.1f} ms" if row.cpu_ms is not None else "n/a"
        print(f"| {row.label} | {row.size:,} B | {row.diagnostics} | {row.start_ms:.0f} ms | {p50:.1f} ms | "
              f"{p95:.1f} ms | {cpu} | <= {row.goal_ms:.0f} ms: {'met' if met else 'MISSED'} |")
    print()
    print("| Document | Burst of 10 keystrokes, 30 ms apart: last one to diagnostics, p50 | Lints per burst |")
    print("|---|---:|---:|")
    for row in results:
        print(f"| {row.label} | {statistics.median(row.burst_ms):.1f} ms | "
              f"{statistics.mean(row.burst_lints):.1f} (of 10 edits) |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
