"""Profiles: configuration globs, front matter, --profile, then the headings scored against rules/*.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from prdlint.kinds import Phrases, choose_kind, detect_kind, detectable_kinds, expectations, normalize_header, words
from prdlint.model import Document


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        ("# Acme — Tailored Strategy v2\n", "strategy"),
        ("# Brief\n\n## 1. Project Identity\n", "strategy"),
        ("# Checkout — Product Requirements Document\n", "prd"),
        (
            "# Checkout\n\n## Problem Statement\n\n## User Stories\n\n## Functional Requirements\n\n"
            "## Success Metrics\n",
            "prd",
        ),
        (
            "# Epic 3 Inventory\n\n## Story 3.1: Credentials\n\n### Acceptance Criteria\n",
            "generic",
        ),  # a shard
        ("# Epic 3 — Product Requirements\n\n## Story 3.1: Credentials\n", "prd"),
        ("# Python Product Manager Persona\n\n## Product Strategy with Python Context\n", "generic"),
        ("# Checkout\n\n## User Stories\n", "generic"),  # one weak signal is not enough
        ("# Notes\n\n```\n## Functional Requirements\n## User Stories\n```\n", "generic"),
    ],
)
def test_detection_from_headings(text: str, profile: str) -> None:
    assert detect_kind(Document.parse(text))[0] == profile


def test_detection_reason_names_headings_and_pack() -> None:
    profile, reason = detect_kind(
        Document.parse("# Notes\n\n## User Stories\n\n## Success Metrics\n\n## Goals\n\n## Non-Goals\n")
    )
    assert profile == "prd"
    assert "'User Stories' (line 3)" in reason and "'Success Metrics' (line 5)" in reason
    assert "rules/kinds/prd.yaml" in reason


def test_order_of_sources(tmp_path: Path) -> None:
    document = Document.parse("---\nprdlint: {profile: strategy}\n---\n# Product Requirements Document\n")
    path = tmp_path / "docs" / "a.md"
    # The front matter first, then the configuration's globs, then --kind or the configuration's kind.
    assert choose_kind(document, path, [("docs/**", "generic")], tmp_path, "prd") == (
        "strategy",
        "front matter 'prdlint.profile'",
    )
    bare = Document.parse("# Product Requirements Document\n")
    assert choose_kind(bare, path, [("docs/**", "generic")], tmp_path, "prd") == (
        "generic",
        "configuration 'kinds' glob 'docs/**'",
    )
    plain = Document.parse("# Product Requirements Document\n")
    assert choose_kind(plain, path, [], tmp_path, "generic")[0] == "generic"
    assert choose_kind(plain, path, [], tmp_path, None)[0] == "prd"


def test_profiles_come_from_the_packs() -> None:
    assert [e.kind for e in detectable_kinds()] == ["spec", "test-strategy", "strategy", "rfc", "backlog", "prd"]
    prd = expectations("prd")
    assert prd.coverage_required and prd.risks.required
    assert not expectations("generic").coverage_required
    assert expectations("unknown").profile == "generic"
    assert {"risk", "probability", "impact", "mitigation"} <= set(prd.risks.columns)


@pytest.mark.parametrize(
    ("title", "phrase", "matches"),
    [
        ("10. Risk Analysis", "risks", True),
        ("Risk & Constraints", "risk and constraints", True),
        ("Goals & Non-Goals", "goal", True),
        ("Non-Goals (v1.0)", "goal", False),
        ("Non-Functional Requirements", "functional requirements", False),
        ("⚙️ 5. Functional Requirements", "functional requirements", True),
        ("成功指標(KPI)", "KPI", True),
        ("成功指標(KPI)", "成功", True),
        ("Test Coverage by Risk Level", "re:^risk", False),
    ],
)
def test_phrases_in_titles(title: str, phrase: str, matches: bool) -> None:
    assert Phrases([phrase]).in_title(title) is matches


def test_headers_compare_whole() -> None:
    assert Phrases(["mitigation strategy"]).is_header("**Mitigation Strategy**")
    assert Phrases(["impact"]).is_header("Impact (1-5)")
    assert not Phrases(["impact"]).is_header("Impact if Delayed")
    assert normalize_header("Likelihoods") == "likelihood"
    assert words("6.2 User Stories") == ("user", "story")
