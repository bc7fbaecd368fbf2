# ruff: noqa: RUF001  (the cases are real text: fullwidth commas and colons)
"""PRD601-PRD602: metrics without numbers and vague words in requirements."""

from __future__ import annotations

from pathlib import Path

import pytest

from prdlint.config import Config

from ._catalog import at, lint, messages


def test_unmeasurable_metrics_in_lists_and_tables() -> None:
    findings = lint(
        """
        ## Success Metrics

        - Improved user engagement
        - Weekly active users from 1,200 to 2,000
        - Zero critical bugs
        - Retention
          - target: 40% at day 30
        - [ ] Documentation published
        - [Metric 3]

        | Metric | Target | How to Measure |
        |---|---|---|
        | Churn | Lower | Billing data |
        | NPS | > 50 | Survey |
        | [KPI] | [Target] | [Method] |
        """,
        select=["PRD601"],
    )
    assert at(findings, "PRD601") == [(3, 3), (13, 11)]
    assert "Churn" in messages(findings, "PRD601")[1]


def test_quantitative_non_functional_requirements_only() -> None:
    findings = lint(
        """
        ## Non-Functional Requirements

        **Performance**:
        - API response time P95 < 200ms
        - Pages load quickly

        **Security**:
        - Authentication: OAuth2 / JWT

        ### Reliability
        - Highly available

        ### Accessibility
        - Screen-reader friendly
        """,
        select=["PRD601"],
    )
    assert at(findings, "PRD601") == [(5, 3), (11, 3)]


def test_metrics_that_name_a_measure_or_ask_whether_in_any_language() -> None:
    findings = lint(
        """
        ## 9.5 MVP 指标

        核心指标：

        - 首条任务发送成功率
        - 会话恢复成功率 ≥ 95%

        体验指标：

        - 用户能否在不离开终端的前提下恢复并继续任务

        ## 성공 지표

        - **자동화 만족도**: US-001, US-002 완료 시 측정
        - **검색 효율성**: 4.5/5 이상 (US-005 완료 시 측정)

        ## Erfolgskennzahlen

        - Konversionsrate im Checkout
        - Konversionsrate im Checkout von 2 % auf 3 %
        - Das Tool wird als nützlich wahrgenommen

        ## Success Metrics

        - Weekly active projects
        - Whether users finish onboarding without help
        - Users can export invoices to CSV
        - WCAG 2.1 AA on every page
        - Working demo of the publish flow
        """,
        select=["PRD601"],
    )
    # An identifier (US-001) is no number; a number, a named standard or a pass/fail outcome is measurable.
    assert at(findings, "PRD601") == [(5, 3), (10, 3), (14, 3), (19, 3), (21, 3), (25, 3), (26, 3)]


def test_metric_tables_with_empty_targets_and_goals_measured_with_no_target() -> None:
    findings = lint(
        """
        ## KPIs

        | Metric | Baseline | Target |
        |---|---|---|
        | Activation rate | 12% | |
        | Churn | 4% | — |
        | NPS | 30 | 45 |
        | **Engagement** | | |

        | KPI | Definition |
        |---|---|
        | Daily active users | Users with a session each day |
        | Export works | The CSV opens in Excel |

        ## Quality objectives

        | Objective | How we achieve it | Measured by |
        |---|---|---|
        | Fast merge signal | Critical tests on Chromium | PR workflow duration |
        | Broad compatibility | Every browser | Per-browser job matrix |
        | Debuggability | Traces kept on failure | Time to root cause, under 30 minutes |
        """,
        select=["PRD601"],
    )
    assert at(findings, "PRD601") == [(5, 26), (6, 16), (12, 3), (19, 52)]
    assert messages(findings, "PRD601")[0] == "metric 'Activation rate' has no target in 'Target'"
    assert "measured by 'PR workflow duration' with no target" in messages(findings, "PRD601")[3]


def test_requirements_about_speed_in_any_language() -> None:
    findings = lint(
        """
        ## 10.1 非功能需求

        可用性：

        - 启动后应尽快进入可交互状态
        - 主路径必须简单：启动、输入、执行、恢复

        ## User Experience Requirements

        ### Speed

        - Instant history retrieval
        - Responsive UI during generation (loading states)

        ## 4) Exigences techniques et performance

        ### 4.2 UI

        - Temps de réponse cible perçu comme instantané.
        - Webview avec virtualisation de liste.

        ### 4.3 Performance

        - Cache API responses

        ## User Stories

        ### Story 1: Performance

        - Pages load instantly
        """,
        select=["PRD601"],
    )
    # Outside a non-functional section, only words that ask for a time or a rate count; a story's
    # criteria are not requirements about a quality.
    assert at(findings, "PRD601") == [(5, 3), (12, 3), (19, 3)]


def test_metrics_outside_metric_sections_are_not_checked() -> None:
    assert lint("## Goals\n\n- Improve engagement\n", select=["PRD601"]) == []
    assert lint("## Success Metrics\n\n- Improve engagement\n", profile="generic", select=["PRD601"]) == []


def test_vague_terms_in_requirement_sections() -> None:
    findings = lint(
        """
        # Search PRD

        ## Overview

        A fast, user-friendly search.

        ## Functional Requirements

        - **FR-004:** Search must be fast and user-friendly, with filters for date, status, etc.
        - **FR-005:** Results load fast: p95 < 300 ms.
        - **FR-006:** Export as CSV and/or JSON.
        - **FR-007:** A responsive grid, `fast_path` flag, and a [robust] option.

        **Why build this:** a quick win for sales.

        ## User Stories

        - As a user, I want export so that I can quickly share results.
        """,
        select=["PRD602"],
    )
    words = [m.split("'")[1] for m in messages(findings, "PRD602")]
    assert words == ["fast", "user-friendly", "etc.", "and/or"]
    assert at(findings, "PRD602")[0] == (9, 30)


def test_vague_terms_everywhere_and_ignore_terms() -> None:
    config = Config(
        path=None, root=Path.cwd(), rules={"PRD602": {"everywhere": True, "ignore-terms": ["user-friendly"]}}
    )
    findings = lint("## Overview\n\nA fast, user-friendly search.\n", select=["PRD602"], config=config)
    assert [m.split("'")[1] for m in messages(findings, "PRD602")] == ["fast"]


def test_vague_term_near_misses() -> None:
    findings = lint(
        """
        ## Functional Requirements

        - Pattern variables `{1}`, `{2}`, etc. — regex capture groups
        - Users convert arrows in place, enabling quick diagram changes.

        | Icon | State | Meaning |
        |---|---|---|
        | ○ | Unstaked | Claim has minimal economic signal |

        | ID | Requirement |
        |---|---|
        | NFR-1 | Sync must be robust |
        """,
        select=["PRD602"],
    )
    assert [m.split("'")[1] for m in messages(findings, "PRD602")] == ["robust"]
    assert at(findings, "PRD602") == [(12, 24)]


def _words(text: str, profile: str = "prd") -> list[str]:
    return [m.split("'")[1] for m in messages(lint(text, profile=profile, select=["PRD602"]), "PRD602")]


def test_vague_words_only_in_their_vague_sense() -> None:
    text = """
        ## Functional Requirements

        - Errors show a clear message and the layout must be clear.
        - Users can clear the cache; the Clear button resets filters.
        - Clean, professional design.
        - A clean install removes old data.
        - Regular security audits.
        - Names match a regular expression; regular users see the dashboard.
        - The staging environment must be stable.
        - Pin the stable release and keep stable IDs.
        - Quick prompts appear above the input.
        - A way to quickly refresh the page.
        - Pages load quickly.
        - Search returns relevant results and notifies the relevant team.
        - Graceful degradation when the API is down; a graceful shutdown drains queues.
        - A simple overwrite; fast-forward merges; messages sent in quick succession.
        - Better Auth handles sign-in; Clean Architecture layers.
        - Mobile-first layout (optimized for mobile devices).
        - Database queries must be optimized.
        - Improved performance is a side effect.
    """
    assert _words(text) == [
        "clear message", "clear", "Clean", "Regular", "stable", "quickly", "relevant", "Graceful", "optimized",
    ]


def test_correctly_proper_and_responsive_where_they_leave_the_result_open() -> None:
    text = """
        ## Acceptance Criteria

        - Pricing displays correctly.
        - Bookmarks save and load correctly for each user
        - The importer correctly restores both arrow heads from saved files.
        - Models are created with proper validation and proper type hints.
        - The parser applies proper unescaping; pick the proper format.
        - Responsive layout
        - Responsive from 320 px to 1440 px wide.
        - Responsive images use srcset.
        - SEO-optimized URLs: `shop.example/[slug]`
    """
    assert _words(text) == ["correctly", "correctly", "proper", "proper", "Responsive"]


def test_compounds_and_spellings_without_accents() -> None:
    text = """
        ## Requirements

        - A developer-friendly CLI with weather-appropriate suggestions and SEO-optimized pages.
        - Easy-to-read typography.
        - Die Fehlermeldungen muessen verstaendlich sein.
        - El flujo debe ser facil de usar.
        - A user-defined limit and an up-to-date list.
    """
    assert _words(text) == [
        "developer-friendly", "weather-appropriate", "SEO-optimized", "Easy-to-read", "verstaendlich", "facil de usar",
    ]


def test_conditions_and_open_lists_stay_vague_beside_numbers() -> None:
    text = """
        ## Non-Functional Requirements

        - Pages load in < 2 s under normal load.
        - Uploads of PNG, JPEG, etc. up to 10 MB.
        - Search is fast: p95 < 300 ms.
        - Pagina's laden binnen 2 seconden bij normaal gebruik.
    """
    assert _words(text) == ["normal load", "etc.", "bij normaal gebruik"]


def test_triggers_narratives_goals_purposes_and_asides_are_not_requirements() -> None:
    text = """
        # Spec

        ## User Scenarios

        ### User Story 5 - Quick Toggle (Priority: P3)

        A user wants the ability to quickly disable the optimization if needed.

        **Independent Test**: the output clearly shows the broken path.

        **Acceptance Scenarios**:

        1. **Given** messages sent in quick succession, **When** the list is long, **Then** it stays smooth.
        2. WHEN process selection is enhanced THEN the System SHALL apply the theme immediately.

        ## Requirements

        **Goal:** Establish a robust project foundation.

        - **TypeScript:** strict typing for seamless migration.
        - This section describes when enough has been tested and what is sufficient.
        - The ideal time for more comprehensive testing would be before the release.
    """
    assert _words(text, profile="spec") == ["smooth", "immediately"]


def test_requirement_columns_and_attribute_rows_in_any_language() -> None:
    text = """
        ## Funktionale Anforderungen

        | Kennung | Priorität | Anforderung |
        |---|---|---|
        | F-31 | Muss | nachvollziehbare Befehlsstruktur |

        ## Requisitos

        | US | Critérios de Aceitação |
        |---|---|
        | US6 | **CA2**: As imagens devem ter carregamento otimizado. |

        ## Functional Requirements

        ### FR-004: Question Generation

        | Attribute | Value |
        |---|---|
        | **Description** | System shall generate diverse questions |
        | **Owner** | the flexible team |
    """
    assert _words(text) == ["nachvollziehbare", "otimizado", "diverse"]


def test_priority_sections_checklists_and_entry_criteria() -> None:
    backlog = """
        # Backlog

        ## Must-Haves

        - A clear navigation bar.

        ## Testing

        - [ ] Welcome screens swipe smoothly
        - [x] Validated comprehensive error formatting

        ## Entry Criteria

        - Support teams available (as necessary)
    """
    assert _words(backlog, profile="test-strategy") == ["clear", "smoothly", "as necessary"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("## Anforderungen\n\n- Die CLI soll eine klare Fehlermeldung ausgeben.\n", ["klare"]),
        ("## Anforderungen\n\n- Wie viele Dateien? Header, die in mehreren Dateien vorkommen.\n", []),
        ("## Requisitos\n\n- O sistema deve exibir uma mensagem clara.\n", ["clara"]),
        ("## Requisitos\n\n- O erro aparece com uma mensagem clara informando o motivo.\n", []),
        ("## Requisitos\n\n- Quero receber alertas para que eu possa agir rapidamente.\n", []),
        ("## Requisiti non funzionali\n\n- L'interfaccia deve essere chiara e leggibile.\n", ["chiara", "leggibile"]),
        ("## Exigences\n\n- Basculer le tri immédiatement.\n", ["immédiatement"]),
        ("## Requerimientos\n\n- La API debe seguir en la medida de lo posible las guías.\n",
         ["en la medida de lo posible"]),
        ("## Eisen\n\n- Foutmeldingen zijn duidelijke teksten.\n", ["duidelijke"]),
        ("## Kebutuhan\n\n- Pesan kesalahan harus jelas.\n", ["jelas"]),
        ("## 要件\n\n- 設定変更後も正常に動作すること。\n", ["正常に"]),
        ("## 要件\n\n- 解析に失敗した行を出力し、正常な行の処理は継続する。\n", []),
        ("## 요구사항\n\n- 변경 사항은 즉시 반영되어야 한다.\n", ["즉시"]),
        ("## 功能需求\n\n- 搜索功能正常工作，启动后应尽快进入可交互状态。\n", ["正常", "尽快"]),
        ("## 非功能需求\n\n- 稳定性：常见问题页面列出答案。\n", []),
        ("## 功能需求\n\n- 语言切换后立即生效，无需重启；列表应立即刷新。\n", ["立即"]),
        ("## 功能需求\n\n- 同步后展示累计时长时间线；不得长时间无响应。\n", ["长时间"]),
    ],
)
def test_vague_words_in_other_languages(text: str, expected: list[str]) -> None:
    assert _words(text) == expected


def test_a_named_file_or_an_in_scope_summary_is_concrete_enough() -> None:
    text = (
        "# P\n\n## Requirements\n\n- FR-1: The export shall be fast.\n"
        "- FR-2: Enhance `parser.py` and optimise the cache\n\n"
        "## Scope\n\n### In Scope\n\n"
        "- Comprehensive README for each project\n\n## Success Metrics\n\n"
        "- **Reference**: Successfully enhance `tests/backend/crud.spec.ts`\n- **Adoption**: Faster onboarding\n"
    )
    findings = lint(text, profile="prd", select=["PRD601", "PRD602"])
    # The file named is what changes; "optimise the cache" says no target; the scope summary is left to FR-1/2.
    assert at(findings, "PRD602") == [(5, 29), (6, 33)]
    assert at(findings, "PRD601") == [(17, 3)]  # "Faster onboarding" needs a number, the named spec file does not


def test_words_made_exact_by_what_they_are_said_of() -> None:
    text = """
        ## Functional Requirements

        - The selection state remains stable after a rejected move.
        - Spawn order is stable with a documented order; the sort order stays stable.
        - The frame rate remains stable while recording.
        - THEN recording proceeds normally.
        - THEN the page loads normally.
        - The system appends "_1", "_2", etc. to the file name; versions v1, v2, v3, etc. are kept.
        - Exports PNG, JPEG, etc.
        - Recording is cancelled with a clear error message "Screen recording permission required".
        - Invalid input shows a clear error message.
        - Quick change of the status from the card's dropdown.
        - Quick load of the dashboard.
    """
    assert _words(text) == ["stable", "normally", "etc.", "clear error message", "Quick"]


def test_constraints_notes_and_reported_measures_in_a_metrics_chapter_set_no_targets() -> None:
    prd = """
        ## 13. Success Metrics

        - Improved retention

        ### 13.3 Guardrails

        - Do not trade privacy for better retention.

        ## 14. Notes and limits (no vanity metrics)

        - Some agents need an adapter, which lowers the success rate.

        ## 15. Metrics and constraints

        - Higher conversion
    """
    assert at(lint(prd, select=["PRD601"]), "PRD601") == [(3, 3), (15, 3)]
    chinese = "## 成功指标\n\n- 提升留存\n\n### 体验护栏\n\n- 不以增加自动联网换取留存。\n"
    assert at(lint(chinese, select=["PRD601"]), "PRD601") == [(3, 3)]
    strategy = """
        ## 11. Metrics and reporting

        ### 11.1 Test metrics

        - Pass rate of the test runs
        - Time to fix defects
    """
    assert at(lint(strategy, profile="test-strategy", select=["PRD601"]), "PRD601") == []
    assert at(lint(strategy, profile="prd", select=["PRD601"]), "PRD601") == [(5, 3), (6, 3)]


def test_a_metric_whose_target_is_given_on_another_line_is_measured() -> None:
    text = """
        ## Success Metrics

        | Metric | Description |
        |---|---|
        | Diarization accuracy | Share of speakers identified |
        | Search success rate | Share of successful searches |

        ### Targets (MVP)

        | Metric | Target |
        |---|---|
        | Diarization accuracy (MVP) | > 80% |

        ## Metrics

        - Code coverage
        - Defect escape rate

        ## Quality goals

        - **Code coverage**: at least 90% of the core modules
    """
    found = lint(text, select=["PRD601"])
    assert at(found, "PRD601") == [(6, 3), (17, 3)]
    assert "Search success rate" in messages(found, "PRD601")[0]
