"""Stable identities for findings, so baselines and code scanning can follow them across edits.

A fingerprint depends on the rule, the offending text and the text of its line, with white
space normalised, plus its rank among identical findings in the same file; it does not depend
on the line number. Moving a paragraph or editing other lines keeps every fingerprint;
changing the offending line or text gives a new one. Findings that have no offending text
(a missing section) are identified by their message.

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


def normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprint_key(finding: Finding, source: Source) -> tuple[str, str, str]:
    if finding.text:
        return finding.code, normalise(finding.text), normalise(source.line(finding.line))
    return finding.code, normalise(finding.message), ""


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def fingerprints(findings: Sequence[Finding], source: Source) -> list[str]:
    """One fingerprint per finding of one file, in the order given (sort by position first)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out: list[str] = []
    lines: dict[int, str] = {}  # normalised source lines: a template line often holds several findings
    for finding in findings:
        if finding.text:
            line = lines.get(finding.line)
            if line is None:
                line = lines[finding.line] = normalise(source.line(finding.line))
            key = (finding.code, normalise(finding.text), line)
        else:
            key = fingerprint_key(finding, source)
        seen[key] += 1
        same = _digest(*key)
        out.append(same[:IDENTITY_LENGTH] + _digest(same, str(seen[key]))[:RANK_LENGTH])
    return out


def identity(fingerprint: str) -> str:
    """The part of a fingerprint that identical findings of a file share (the rank left out)."""
    return fingerprint[:IDENTITY_LENGTH]
