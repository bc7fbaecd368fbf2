"""Stable identities for findings, so baselines and code scanning can follow them across edits.

A fingerprint depends on the rule, the offending text and the text of its line, with white
space normalised, plus its rank among identical findings in the same file; it does not depend
on the line number. Moving a paragraph or editing other lines keeps every fingerprint;
changing the offending line or text gives a new one. Findings that have no offending text
(a missing section) are identified by their message. A line longer than 4096 characters enters
the key as its SHA-256, so that a long line with many findings is hashed once, not once per finding.

A fingerprint is 32 hex digits: the first 24 (its *identity*, see :func:`identity`) are
shared by identical findings of a file, the last 8 tell them apart by their rank. Baselines
store the identity with a count; SARIF and code scanning use the whole fingerprint.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from prdlint.engine.finding import Finding
from prdlint.model import Source

VERSION = "prdlint/v1"
IDENTITY_LENGTH = 24
RANK_LENGTH = 8
LONG_LINE = 4096  # characters; longer lines are keyed by their digest (see _line_key)


def normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprint_key(finding: Finding, source: Source, lines: dict[int, str] | None = None) -> tuple[str, str, str]:
    """``lines`` caches normalised lines across the findings of one file (many findings share a line)."""
    if not finding.text:
        return finding.code, normalise(finding.message), ""
    if lines is None:
        return finding.code, normalise(finding.text), _line_key(normalise(source.line(finding.line)))
    line = lines.get(finding.line)
    if line is None:
        line = lines[finding.line] = _line_key(normalise(source.line(finding.line)))
    return finding.code, normalise(finding.text), line


def _line_key(line: str) -> str:
    """A very long line stands in a key by its digest, so that hashing each finding on it costs the same."""
    if len(line) <= LONG_LINE:
        return line
    return "sha256:" + hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def fingerprints(findings: Sequence[Finding], source: Source) -> list[str]:
    """One fingerprint per finding of one file, in the order given (sort by position first)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out: list[str] = []
    lines: dict[int, str] = {}  # normalised source lines: a template line often holds several findings
    digests: dict[tuple[str, str, str], str] = {}
    for finding in findings:
        key = fingerprint_key(finding, source, lines)
        seen[key] += 1
        same = digests.get(key)
        if same is None:  # identical findings share a digest: hash a long line once, not per finding
            same = digests[key] = _digest(*key)
        out.append(same[:IDENTITY_LENGTH] + _digest(same, str(seen[key]))[:RANK_LENGTH])
    return out


def identity(fingerprint: str) -> str:
    """The part of a fingerprint that identical findings of a file share (the rank left out)."""
    return fingerprint[:IDENTITY_LENGTH]
