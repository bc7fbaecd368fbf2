"""Document kinds (issue 7 §1, §6): detection in its order, what each kind checks, and vocabularies
users add from their configuration or a pack."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from prdlint.cli import main
from prdlint.config import load_config
from prdlint.kinds import builtin_kinds, choose_kind, detect_kind, expectations
from prdlint.model import Document

from ._catalog import lint

_STORIES = "".join(f"{i}. As a user, I want thing {i}, so that I gain {i}.\n" for i in range(1, 10))


def kind_of(text: str, path: str | None = None) -> str:
    return detect_kind(Document.parse(textwrap.dedent(text).lstrip()), Path(path) if path else None)[0]


def test_the_seven_kinds_and_what_they_check() -> None:
    assert set(builtin_kinds()) == {"prd", "spec", "test-strategy", "strategy", "rfc", "backlog", "generic"}
    for kind in ("rfc", "generic"):
        assert not expectations(kind).applies("acceptance-criteria") and expectations(kind).applies("placeholders")
    for kind in ("spec", "backlog"):
        e = expectations(kind)
        assert e.applies("acceptance-criteria") and not e.coverage_required and not e.risks.required
        assert not e.required_sections
    for kind in ("prd", "strategy", "test-strategy"):
        e = expectations(kind)
        assert e.coverage_required and e.risks.required and e.required_sections


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "# Feature Specification: Export\n\n**Feature Branch**: `001-export`\n\n## User Scenarios & Testing\n",
            "spec",
        ),
        (
            "# Requirements Document\n\n## Introduction\n\n### Requirement 1\n\n**User Story:** As a user, I want X\n\n"
            "#### Acceptance Criteria\n\n1. WHEN a THEN the system SHALL b\n2. WHEN c THEN the system SHALL d\n"
            "3. IF e THEN the system SHALL f\n\n### Requirement 2\n\nText.\n",
            "spec",
        ),
        ("# Stats\n\n## Requirements\n\n### Requirement: Totals\n\nIt SHALL sum.\n\n#### Scenario: x\n", "spec"),
        ("# Change\n\n## ADDED Requirements\n\n### Requirement: Y\n", "spec"),
        ("# Story 1.2: Login\n\n## Status\n\nDraft\n\n## Tasks / Subtasks\n\n## Dev Notes\n", "spec"),
        ("# Test Plan for Checkout\n\n## Scope\n", "test-strategy"),
        ("# Release 4\n\n## Entry Criteria\n\n## Exit Criteria\n\n## Test Environment\n", "test-strategy"),
        ("# Teststrategie für das Portal\n", "test-strategy"),
        ("# 测试计划\n\n## 测试范围\n", "test-strategy"),
        ("# RFC 42: Async traits\n\n## Motivation\n", "rfc"),
        ("# Summary\n\n## Motivation\n\n## Drawbacks\n\n## Unresolved questions\n", "rfc"),
        ("# Use Postgres\n\n## Context\n\n## Decision\n\n## Consequences\n", "rfc"),
        ("# Sprint 3\n\n## Story 1: Login\n\n## Story 2: Logout\n\n## Story 3: Reset\n", "backlog"),
        ("# Historias de usuario\n\n## HU-01\n", "backlog"),
        ("# Checkout — Product Requirements Document\n", "prd"),
        ("# 架构重构PRD\n\n## 背景\n", "prd"),
        ("# Meeting notes\n\n## Attendees\n\n## Decisions made today\n", "generic"),
        # Many stories with a problem, a solution and a scope around them: a PRD's stories, not a backlog.
        (
            "## Problem Statement\n\nx\n\n## Solution\n\ny\n\n## User Stories\n\n" + _STORIES + "\n## Out of Scope\n",
            "prd",
        ),
        ("# Sprint 4\n\n## User Stories\n\n" + _STORIES, "backlog"),
        ("# Answer pipeline\n\n## Context\n\nx\n\n## Current Pipeline\n\ny\n\n## Proposed Architecture\n\nz\n", "rfc"),
        ("# Requisiti — interference\n\n## 1. Obiettivo\n\n## 2. Requisiti non funzionali\n\n## 3. Fuori ambito\n",
         "prd"),
        ("# pinentry-wrapper 機能仕様書\n\n## 概要\n", "spec"),
        ("# Rediriger vers LBA\n\n## USER STORY\n\nx\n\n## CRITÈRES D'ACCEPTATION\n\n### Scénario 1 : a\n\n"
         "### Scénario 2 : b\n", "spec"),
        ("# 설계 — noisy-or 융합\n\n## 1. 목적\n", "rfc"),
        ("# Noor - Testing & QA Manual\n\n## Unit tests\n", "test-strategy"),
        # A product's whole specification for an MVP or a project is its requirements document.
        ("# CarBot MVP - Comprehensive Project Specification\n\n## Overview\n", "prd"),
        ("# Shop MVP Specification\n\n## Features\n", "prd"),
        ("# Requisiti\n\n## 1. Obiettivo\n\n## 2. Requisiti non funzionali\n\n## 3. Fuori ambito\n", "generic"),
    ],
)
def test_content_detection(text: str, kind: str) -> None:
    assert kind_of(text) == kind


def test_path_conventions_and_their_reason() -> None:
    document = Document.parse("# Notes\n\nSome text.\n")
    for path, kind in [
        (".kiro/specs/login/requirements.md", "spec"),
        ("repo/specs/001-export/spec.md", "spec"),
        ("openspec/changes/add-x/specs/y/spec.md", "spec"),
        ("docs/stories/1.2.login.md", "spec"),
        ("rfcs/text/0001-x.md", "rfc"),
        ("docs/adr/0003-use-postgres.md", "rfc"),
        ("qa/Checkout_Test_Plan.md", "test-strategy"),
    ]:
        chosen, reason = choose_kind(document, Path(path), (), Path("."), None)
        assert chosen == kind, path
        assert "path convention" in reason
    assert choose_kind(document, Path("docs/notes.md"), (), Path("."), None)[0] == "generic"


def test_order_front_matter_then_globs_then_declared_then_paths_then_content(tmp_path: Path) -> None:
    front = Document.parse("---\nprdlint: {kind: backlog}\n---\n# Product Requirements Document\n")
    path = tmp_path / "specs" / "001-x" / "spec.md"
    globs = [("specs/**", "rfc")]
    assert choose_kind(front, path, globs, tmp_path, "prd")[0] == "backlog"
    plain = Document.parse("# Product Requirements Document\n")
    assert choose_kind(plain, path, globs, tmp_path, "prd")[0] == "rfc"
    assert choose_kind(plain, path, [], tmp_path, "generic")[0] == "generic"
    assert choose_kind(plain, path, [], tmp_path, None)[0] == "spec"  # the path convention beats the title
    assert choose_kind(plain, tmp_path / "a.md", [], tmp_path, None)[0] == "prd"


def test_older_configurations_keep_working(tmp_path: Path) -> None:
    (tmp_path / ".prdlint.yaml").write_text("profile: strategy\nprofiles:\n  'legacy/**': generic\n")
    old = load_config(tmp_path / ".prdlint.yaml")
    assert old.profile == "strategy" and old.profiles == (("legacy/**", "generic"),)
    (tmp_path / ".prdlint.yaml").write_text("kind: test-strategy\nkinds:\n  'specs/**/spec.md': spec\n")
    new = load_config(tmp_path / ".prdlint.yaml")
    assert new.profile == "test-strategy" and new.profiles == (("specs/**/spec.md", "spec"),)
    document = Document.parse("---\nprdlint: {profile: rfc}\n---\n# X\n")
    assert choose_kind(document, None, (), tmp_path, None) == ("rfc", "front matter 'prdlint.profile'")


def test_kind_and_profile_options_and_verbose_reasons(tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nAs a user, I want to export.\n")
    runner = CliRunner()
    for option in ("--kind", "--profile"):
        result = runner.invoke(main, ["check", "--isolated", "-v", option, "backlog", str(doc)])
        assert "kind backlog (declared" in result.stderr
        assert "PRD201" in result.stdout
    bad = runner.invoke(main, ["check", "--isolated", "--kind", "novel", str(doc)])
    assert bad.exit_code == 2 and "novel" in bad.stderr


def test_a_configuration_adds_names_a_language_does_not_have(tmp_path: Path) -> None:
    text = "# P\n\n## Gefahren\n\n| Gefahr | Chance | Folgen | Gegenmittel |\n|---|---|---|---|\n| A | B | C | D |\n"
    doc = tmp_path / "p.md"
    doc.write_text(text)
    runner = CliRunner()
    before = runner.invoke(main, ["check", "--isolated", "--kind", "prd", "--select", "PRD401", str(doc)])
    assert "PRD401" in before.stdout
    (tmp_path / ".prdlint.yaml").write_text(
        "vocabulary:\n  sections:\n    risks: [Gefahren]\n  risk-columns:\n    risk: [Gefahr]\n"
        "    probability: [Chance]\n    impact: [Folgen]\n    mitigation: [Gegenmittel]\n"
    )
    after = runner.invoke(main, ["check", "--kind", "prd", "--select", "PRD401,PRD402", str(doc)])
    assert after.exit_code == 0, after.stdout


def test_a_configuration_adds_vague_terms(tmp_path: Path) -> None:
    doc = tmp_path / "p.md"
    doc.write_text("# P\n\n## Requirements\n\n- FR-1: The export shall be snappy.\n")
    runner = CliRunner()
    before = runner.invoke(main, ["check", "--isolated", "--kind", "prd", "--select", "PRD602", str(doc)])
    assert before.exit_code == 0, before.stdout
    (tmp_path / ".prdlint.yaml").write_text("vocabulary:\n  vague-terms: [snappy]\n")
    after = runner.invoke(main, ["check", "--no-cache", "--kind", "prd", "--select", "PRD602", str(doc)])
    assert "p.md:5:29: PRD602" in after.stdout, after.stdout


def test_a_pack_adds_a_language(tmp_path: Path) -> None:
    (tmp_path / "sv.yaml").write_text(
        "pack: sv\nversion: 1\nvocabulary:\n  language: sv\n"
        "  stories: ['som\\s+\\S[^\\n]{0,120}?\\s+vill\\s+jag\\b']\n  criteria-labels: [acceptanskriterier]\n"
    )
    (tmp_path / ".prdlint.yaml").write_text("rule-packs: [sv.yaml]\n")
    (tmp_path / "b.md").write_text("# Backlog\n\n- Som användare vill jag exportera\n- Som admin vill jag logga\n")
    result = CliRunner().invoke(main, ["check", "--kind", "backlog", "--select", "PRD201", str(tmp_path / "b.md")])
    assert result.stdout.count("PRD201") == 2
    (tmp_path / "b.md").write_text(
        "# Backlog\n\n- Som användare vill jag exportera\n  - Acceptanskriterier: filen har en rubrikrad\n"
    )
    result = CliRunner().invoke(main, ["check", "--kind", "backlog", "--select", "PRD201", str(tmp_path / "b.md")])
    assert result.exit_code == 0, result.stdout


def test_only_the_kinds_that_require_them_get_document_level_findings() -> None:
    spec = (
        "# Feature Specification: Export\n\n## User Scenarios & Testing\n\n"
        "### User Story 1 - Export (Priority: P1)\n"
    )
    for code in ("PRD301", "PRD401", "PRD501"):
        assert lint(spec, profile="spec", select=[code]) == []
    assert [f.code for f in lint("# Use Postgres\n\nAs a user, I want X.\n", profile="rfc", select=["PRD2"])] == []


def test_a_configuration_vocabulary_accepts_every_part_a_language_file_has() -> None:
    import json

    from prdlint.kinds.languages import VOCABULARY_KEYS

    schema = json.loads((Path(__file__).parents[1] / "prdlint" / "config" / "schema.json").read_text("utf-8"))
    assert set(VOCABULARY_KEYS) <= set(schema["properties"]["vocabulary"]["properties"])


def test_a_chinese_requirements_document_is_a_prd_and_a_kiro_one_a_spec() -> None:
    from prdlint.config import default_config
    from prdlint.kinds import choose_kind
    from prdlint.model import Document

    config = default_config(Path.cwd())
    document = Document.parse("# Termira 需求文档\n\n## 1. 文档目标\n\n本文档定义产品需求。\n")
    assert choose_kind(document, Path("docs/需求文档.md"), (), config.root, None, ())[0] == "prd"
    assert choose_kind(document, Path(".kiro/specs/login/requirements.md"), (), config.root, None, ())[0] == "spec"
