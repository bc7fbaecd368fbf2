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
