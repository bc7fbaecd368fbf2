#!/usr/bin/env python3
"""Coverage-guided fuzzing of prdlint's whole lint with atheris (libFuzzer for Python).

usage: pip install atheris && python bench/fuzz_atheris.py [CORPUS_DIR] -atheris_runs=1000000 [libFuzzer flags]

Each input is a file's bytes. It is decoded as prdlint decodes files (UTF-8, UTF-16/32 with a byte
order mark, else PRD001) and linted with every rule (profile prd, so that the PRD families all run).
A failure is any of: an exception escaping the lint, a PRD000 finding (an exception inside it), a
finding outside the document (line or column past the text), an end before a start, or a lint
that takes more than TIME_LIMIT seconds. libFuzzer stops at the first failure and saves its input as
crash-*; otherwise it prints its counts (``#N DONE`` or ``Done N runs``) at the end.

The seed corpus (created in CORPUS_DIR when empty) is the repository's example documents and a few
hostile shapes. atheris is not a dependency of prdlint: install it only to run this.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import atheris

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

with atheris.instrument_imports(include=["prdlint"]):
    from prdlint.config import default_config
    from prdlint.engine.linter import lint_document
    from prdlint.engine.registry import Registry, builtin_rules
    from prdlint.engine.settings import resolve_settings
    from prdlint.model import Document, UnreadableDocument

TIME_LIMIT = 10.0  # seconds for one input of at most a few kilobytes
SEEDS = [
    b"# D\n\nCall NNNN now.\n\nCall NNNN now (x).\n",
    b"---\ncreated: 2024-02-30\nstatus: [TBD]\n---\n# PRD\n\n## User Stories\n\nAs a user, I want x so that y.\n",
    b"# T\n\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| a | H/M/L | 2 to 3 | - |\n",
    b"# T\f[FILL IN]\n\n<!-- PRDLINT-DISABLE-NEXT-LINE PRD103 -->\nTBD [a]( [b](<c \"d\n",
    b"```python\n# # # [x] 'a[b]'\n```\n> - [ ] [Your Name] <your-name> {{X}} $X `code` \\[x\\]\n",
]

_REGISTRY = Registry(builtin_rules())
_SETTINGS = resolve_settings(default_config(Path.cwd()), _REGISTRY)


def _document(data: bytes) -> Document:
    try:
        return Document.from_bytes(data, "fuzz.md")
    except UnreadableDocument as error:
        return Document.unreadable("fuzz.md", str(error))


def check_one(data: bytes) -> None:
    started = time.perf_counter()
    document = _document(data)
    result = lint_document(document, _SETTINGS, _REGISTRY, profile="prd")
    elapsed = time.perf_counter() - started
    if elapsed > TIME_LIMIT:
        raise AssertionError(f"linting {len(data)} bytes took {elapsed:.1f} s")
    source = document.source  # line offsets: source.line() cuts one line out on demand
    for finding in result.findings:
        if finding.code == "PRD000":
            raise AssertionError(finding.message)
        last_line = max(source.line_count, 1)
        if not 1 <= finding.line <= last_line:
            raise AssertionError(f"line {finding.line} outside 1..{last_line}: {finding}")
        width = len(source.line(finding.line)) + 1 if source.line_count else 1
        if not 1 <= finding.col <= width:
            raise AssertionError(f"column {finding.col} outside 1..{width}: {finding}")
        if finding.end_line is not None:
            end = (finding.end_line, finding.end_col or 0)
            if end < (finding.line, finding.col) or finding.end_line > last_line:
                raise AssertionError(f"end {end} before the start or past the text: {finding}")


def main() -> None:
    args = sys.argv
    corpus = next((Path(arg) for arg in args[1:] if not arg.startswith("-")), None)
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        if not any(corpus.iterdir()):
            examples = sorted((REPO / "examples").glob("*.md"))
            for index, seed in enumerate([*SEEDS, *(path.read_bytes()[:4096] for path in examples)]):
                (corpus / f"seed-{index}").write_bytes(seed)
    atheris.Setup(args, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
