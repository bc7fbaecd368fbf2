"""Shared fixtures: the ../shared folder beside the repository (present in CI, absent in a user's clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SKIP_SHARED = "../shared is not present (it exists in CI beside the repository, not in a user's clone)"
# In the unpacked sdist there is no git repository to clone or tag.
requires_git_checkout = pytest.mark.skipif(
    not (REPO / ".git").exists(), reason="needs a git checkout of prdlint (the unpacked sdist is not one)"
)


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(SKIP_SHARED)
    return SHARED


def shared_files(*patterns: str) -> list[Path]:
    """Files under ../shared for parametrisation ([] when it is absent; tests then skip)."""
    if not SHARED.is_dir():
        return []
    return sorted(path for pattern in patterns for path in SHARED.glob(pattern))


@pytest.fixture
def failing_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    """A test-only built-in rule, TST900 'fails', that raises ValueError on any document containing
    the returned marker (after reporting one finding of its own, which must survive)."""
    import sys
    import types
    from collections.abc import Iterator

    import prdlint.rules
    from prdlint.engine.finding import Severity, Violation
    from prdlint.engine.rule import Rule, RuleContext
    from prdlint.model import Document

    marker = "CRASH-HERE"

    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        if marker in document.source.text:
            yield Violation(1, 1, "found before the failure")
            raise ValueError("injected\nfailure")

    module = types.ModuleType("prdlint_test_failing_rule")
    module.RULES = (  # type: ignore[attr-defined]
        Rule("TST900", "fails", "test", Severity.WARNING, "Fails on purpose.", "r", "b", "g", check),
    )
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(prdlint.rules, "BUILTIN_MODULES", (*prdlint.rules.BUILTIN_MODULES, module.__name__))
    return marker
