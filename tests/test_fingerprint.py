"""Fingerprints survive line moves and unrelated edits; they change when the offending line changes."""

from __future__ import annotations

from prdlint.api import lint_text

DOC = "# Plan\n\n**Owner**: [FILL IN]\n\nIntro paragraph.\n\n**Due**: [FILL IN]\n"


def prints(text: str) -> list[str]:
    return [f.fingerprint for f in lint_text(text)]


def test_fingerprints_are_unique_and_stable() -> None:
    first = prints(DOC)
    assert len(first) == 2 and len(set(first)) == 2 and all(len(p) == 32 for p in first)
    assert prints(DOC) == first


def test_moving_lines_and_editing_others_keeps_fingerprints() -> None:
    moved = "# Plan\n\nA new first paragraph.\n\nMore.\n\n**Due**: [FILL IN]\n\n**Owner**: [FILL IN]\n"
    assert sorted(prints(moved)) == sorted(prints(DOC))


def test_editing_the_offending_line_changes_its_fingerprint() -> None:
    edited = DOC.replace("**Owner**: [FILL IN]", "**Product owner**: [FILL IN]")
    before, after = prints(DOC), prints(edited)
    assert before[1] == after[1] and before[0] != after[0]


def test_identical_findings_on_identical_lines_are_told_apart() -> None:
    twice = "# Plan\n\n- [FILL IN]\n- [FILL IN]\n"
    assert len(set(prints(twice))) == 2


def test_identical_findings_share_an_identity_and_differ_in_rank() -> None:
    from prdlint.engine.fingerprint import IDENTITY_LENGTH, identity

    twice = "# Plan\n\n- [FILL IN]\n- [FILL IN]\n\nOwner: [FILL IN]\n"
    first, second, other = prints(twice)
    assert len(identity(first)) == IDENTITY_LENGTH
    assert identity(first) == identity(second) and first != second
    assert identity(other) != identity(first)
    # The rank follows position: the first of two identical lines keeps the first fingerprint.
    assert prints("# Plan\n\n- [FILL IN]\n")[0] == first
