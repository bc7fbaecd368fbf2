# ruff: noqa: RUF001  (the cases are real text: fullwidth commas)
"""PRD401-PRD405: risk tables and list-style risks."""

from __future__ import annotations

import pytest

from ._catalog import at, lint, messages

TABLE = """
## Risks

| Risk | Probability | Impact | Mitigation |
|------|------------|--------|------------|
{rows}
"""


def risks(rows: str, select: str) -> list[tuple[int, int]]:
    return at(lint(TABLE.format(rows=rows), select=[select]), select)


def test_missing_risks_on_line_1_only_when_required() -> None:
    assert at(lint("# Spec\n\n## Goals\n\nShip.\n", select=["PRD401"]), "PRD401") == [(1, 1)]
    assert lint("# Spec\n\n## Goals\n\nShip.\n", profile="generic", select=["PRD401"]) == []


@pytest.mark.parametrize(
    "text",
    [
        "## Known Risks\n\nThe API change is backwards compatible; low risk.\n",
        "## Notes\n\n1. **Risk:** Rate limits\n   **Mitigation:** Caching\n",
        "## Plan\n\n| Threat | Likelihood | Impact |\n|---|---|---|\n| Outage | Low | High |\n",
    ],
)
def test_risks_in_any_form_satisfy_prd401(text: str) -> None:
    assert lint("# Spec\n\n" + text, select=["PRD401"]) == []


def test_missing_column_with_synonyms() -> None:
    findings = lint(
        "## Risks\n\n| # | Risk | Impact | Mitigation |\n|---|---|---|---|\n| 1 | Lock-in | H | Adapter |\n",
        select=["PRD402"],
    )
    assert at(findings, "PRD402") == [(3, 3)]
    assert "probability" in messages(findings, "PRD402")[0]
    ok = (
        "## Risks\n\n| Risk | Likelihood | Severity | Response |\n|---|---|---|---|\n"
        "| Lock-in | M | H | Adapter |\n"
    )
    assert lint(ok, select=["PRD402"]) == []


def test_tables_that_are_not_risk_tables() -> None:
    text = (
        "## Dependencies\n\n| Dependency | Owner | Impact if Delayed | Mitigation |\n|---|---|---|---|\n| "
        "SSO | IT | H | x |\n"
        "\n## Test Coverage by Risk Level\n\n| Risk Level | Unit Coverage |\n|---|---|\n| High | >90% |\n"
    )
    assert lint(text, select=["PRD402", "PRD403", "PRD404"]) == []


def test_incomplete_row_names_every_empty_required_cell() -> None:
    findings = lint(
        TABLE.format(rows="| Data loss | M | | - |\n| Outage | [H/M/L] | H | Fallback |"), select=["PRD403"]
    )
    assert at(findings, "PRD403") == [(5, 18)]
    assert "impact, mitigation" in messages(findings, "PRD403")[0]


@pytest.mark.parametrize(
    "cell",
    [
        "High",
        "M",
        "low",
        "Medium (mitigated by caching)",
        "Low-Medium",
        "3",
        "4/5",
        "30%",
        "🔴 High",
        "**Critical**",
        "Very High",
    ],
)
def test_ratings_on_the_scale(cell: str) -> None:
    assert risks(f"| Outage | {cell} | {cell} | Fallback |", "PRD404") == []


def test_unchosen_alternatives_and_off_scale_ratings() -> None:
    findings = lint(
        TABLE.format(
            rows="| Outage | High/Medium/Low | Critical/High/Medium/Low | Fallback |\n"
            "| Lock-in | Often | 9 | Adapter |\n"
            "| Drift | [H/M/L] | TBD | Review |"
        ),
        select=["PRD404"],
    )
    assert at(findings, "PRD404") == [(5, 12), (5, 30), (6, 13), (6, 21)]
    assert "pick one" in messages(findings, "PRD404")[0]


def test_list_risk_without_mitigation() -> None:
    findings = lint(
        """
        ## Risks

        1. **Risk:** Third-party API rate limits
           **Mitigation:** Retry with backoff

        2. **Risk:** Data volume exceeds memory

        3. **Risk:** Vendor lock-in, mitigated by an adapter layer

        - **Risk:** Key person leaves
          - **Mitigation:** Pairing and docs

        **Risk:** Schema drift

        **Mitigation:** -
        """,
        select=["PRD405"],
    )
    assert at(findings, "PRD405") == [(6, 6), (13, 3)]
    assert "empty mitigation" in messages(findings, "PRD405")[1]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (  # mitigations promised for later are not mitigations
            "## 14. Risiken\n\nMinderungsmassnahmen werden im Projektplan abgeleitet.\n\n"
            "### 14.1 Technische Risiken\n- Große Projekte können hohe Anforderungen an Speicher stellen.\n"
            "- `compile_commands.json` enthält nicht in jedem Projekt alle Informationen.\n",
            [(6, 3), (7, 3)],
        ),
        (
            "## Risks\n\n- This plan does not cover the sync time of a long-lived chain, which might uncover "
            "defects\n",
            [(3, 3)],
        ),
        ("## Risks\n\n- The vendor API may be rate limited\n  - Impact: High\n  - Likelihood: Medium\n", [(3, 3)]),
        ("## Riesgos\n\n- El proveedor podría cambiar su API sin aviso.\n", [(3, 3)]),
        ("## 风险\n\n- 第三方接口可能限流，导致同步失败\n", [(3, 3)]),
        ("## リスク\n\n- 外部APIの仕様変更で連携が停止する可能性がある\n", [(3, 3)]),
        ("## Risks\n\n- Technical:\n  - Data volume may exceed memory\n", [(4, 5)]),
        ("## 11. リスクと対策\n\n- リスク: ネットワーク接続が必要\n", [(3, 3)]),  # a labelled risk, in Japanese
        # ratings are no mitigation
        ("## Risks\n\n- Vendor lock-in (Impact: High, Likelihood: Medium)\n", [(3, 3)]),
        ("## Risks\n\n- Vendor outage — Impact: high\n- Data loss. **Likelihood:** Low.\n", [(3, 3), (4, 3)]),
        ("## Risiken\n\n- Der Anbieter fällt aus (Auswirkung: hoch)\n", [(3, 3)]),
    ],
)
def test_bullets_of_a_risks_section_without_mitigations(text: str, where: list[tuple[int, int]]) -> None:
    findings = lint(text, select=["PRD405"])
    assert at(findings, "PRD405") == where
    assert all("has no mitigation" in message for message in messages(findings, "PRD405"))


@pytest.mark.parametrize(
    "text",
    [
        "## Risks\n\n- Vendor outage — fall back to the cached catalogue\n",
        "## Risks\n\n- Vendor outage (Impact: high) — fall back to the cached catalogue\n",
        "## Risks\n\n- Vendor outage. Impact: high. Response: serve the cached catalogue\n",
        "## Risks\n\n- Vendor outage: we keep a second provider warm\n",
        "## Risks\n\n- **Stale inventory.** A snapshot can lag. The cache expires after an import.\n",
        "## Risks\n\n- Data loss, mitigated by nightly backups\n",
        "## Risques\n\n- Perte de données, atténuée par des sauvegardes quotidiennes\n",
        "## Risks\n\n- Vendor outage\n  - Keep a second provider warm\n",
        "## Risks\n\n- Vendor outage\n\nWe accept this risk for the MVP.\n",
        "## Risks\n\n**Identified:**\n\n- Invalid data left in production\n\n### Mitigations\n\n- Backups\n",
        "## Risk Management\n\n- Daily backups of every database\n- Code review for every change\n",
        "## Risks and Dependencies\n\n- Requires the payments API v2\n",
        "## Risiken und Maßnahmen\n\n- Tägliche Backups aller Datenbanken\n",
        "## 10. 风险与挑战\n\n### 10.3 Shell 风险策略\n\n- 只读命令可直接执行\n\n### 10.5 已知限制\n\n- 会话可恢复\n",
        "## Risks\n\n| Risk | Mitigation |\n|---|---|\n| Outage | Fallback |\n\n- Another outage\n",
        "## Risks\n\n- [ ] Check the vendor's rate limits\n",
        "## Risks\n\n- See the [risk register](risks.md)\n",
        "## Risks\n\n- TBD\n",
        "## 11. リスクと対策\n\n1. **GPU依存テスト**\n   - リスク: CI環境でGPUが利用不可\n"
        "   - 対策: モックレンダラーの使用\n",
    ],
)
def test_risks_with_their_answers_measures_and_other_lists_are_not_reported(text: str) -> None:
    assert lint(text, select=["PRD405"]) == []
    assert lint(text, profile="rfc", select=["PRD405"]) == []
