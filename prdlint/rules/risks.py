"""4xx: risk tables and list-style risks."""

from __future__ import annotations

from collections.abc import Iterator

from prdlint.analysis.risks import rating_problem
from prdlint.analysis.text import is_empty_value, short
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import Rule, RuleContext
from prdlint.model import Document

_ROLE_NAMES = {"risk": "risk", "probability": "probability", "impact": "impact", "mitigation": "mitigation"}



def check_missing_table(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    if not facts.expectations.risks.required or facts.risks.any:
        return
    yield Violation(
        1,
        1,
        f"no risk table, risks section or list-style risks in this {context.profile} document "
        "(add a 'Risks' section with a table: Risk | Probability | Impact | Mitigation)",
    )


def check_missing_column(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    expectations = facts.expectations.risks
    for risk_table in facts.risks.tables:
        table = risk_table.table
        for role in expectations.required_columns:
            if role in risk_table.columns:
                continue
            names = " | ".join(expectations.columns[role].phrases[:3]) if role in expectations.columns else role
            yield Violation(
                table.start_line,
                table.header.cells[0].col,
                f"risk table has no {role} column ({names})",
                table.start_line,
                table.header.cells[-1].end_col,
            )


def check_incomplete_row(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    required = facts.expectations.risks.required_columns
    for risk_table in facts.risks.tables:
        for row in risk_table.table.rows:
            empty: list[str] = []
            first = None
            for role in required:
                index = risk_table.columns.get(role)
                if index is None:
                    continue  # PRD402's
                if index >= len(row.cells):
                    continue  # a short row is PRD506's
                cell = row.cells[index]
                if is_empty_value(cell.value) and not context.analysis.is_placeholder(cell.value):
                    if cell.value and context.analysis.placeholders.covers(
                        cell.line, cell.col, cell.line, cell.end_col
                    ):
                        continue
                    empty.append(role)
                    first = first or cell
            if first is not None and len(empty) < len([r for r in required if r in risk_table.columns]):
                yield Violation(
                    row.line,
                    first.col,
                    f"risk row has an empty {', '.join(empty)} cell" + ("s" if len(empty) > 1 else ""),
                    row.line,
                    first.end_col if first.value else first.col + 1,
                    first.value,
                )
            elif first is not None:
                yield Violation(row.line, first.col, "risk row is empty", row.line, first.col + 1, "")


def check_rating(document: Document, context: RuleContext) -> Iterator[Violation]:
    facts = context.analysis.for_profile(context.profile)
    expectations = facts.expectations.risks
    for risk_table in facts.risks.tables:
        for role in ("probability", "impact"):
            index = risk_table.columns.get(role)
            if index is None:
                continue
            header = risk_table.table.columns[index]
            for row in risk_table.table.rows:
                if index >= len(row.cells):
                    continue
                cell = row.cells[index]
                value = cell.value
                if is_empty_value(value) or context.analysis.is_placeholder(value):
                    continue
                if context.analysis.placeholders.covers(cell.line, cell.col, cell.line, cell.end_col):
                    continue
                problem = rating_problem(value, expectations)
                if problem == "alternatives":
                    message = (
                        f"{short(header, 30)} '{short(value, 50)}' lists a template's alternatives; pick one"
                    )
                elif problem == "off-scale":
                    message = (
                        f"{short(header, 30)} '{short(value, 50)}' is not a rating on the scale "
                        f"({_scales(expectations.scales)}, or {_numeric(expectations)})"
                    )
                else:
                    continue
                yield Violation(cell.line, cell.col, message, cell.line, cell.end_col, value)


def _scales(scales: tuple[tuple[str, ...], ...]) -> str:
    shown = [
        "/".join(word.title() if len(word) > 1 else word.upper() for word in scale) for scale in scales[:3]
    ]
    return ", ".join(shown)


def _numeric(expectations: object) -> str:
    scale = getattr(expectations, "numeric_scale", None)
    text = f"{scale[0]:g}-{scale[1]:g}" if scale else "a number"
    return text + (" or a percentage" if getattr(expectations, "percentages", False) else "")


def check_list_mitigation(document: Document, context: RuleContext) -> Iterator[Violation]:
    for risk in context.analysis.for_profile(context.profile).risks.list_risks:
        if risk.mitigation is not None and risk.mitigation != "" and not is_empty_value(risk.mitigation):
            continue
        what = "has an empty mitigation" if risk.mitigation is not None else "has no mitigation"
        yield Violation(
            risk.line, risk.col, f"risk '{short(risk.text, 50)}' {what}", risk.end_line, risk.end_col, risk.text
        )


_PACK = (
    "Whether a kind requires risks is in its pack (rules/kinds/<kind>.yaml: `risks:`), the rating scales "
    "in rules/kinds/_defaults.yaml, and the column names in every language in rules/languages/ "
    "(`risk-columns`, `risk-scales`); add your own with a `vocabulary:` in the configuration."
)

RULES = (
    Rule(
        code="PRD401",
        name="missing-risk-table",
        family="risks",
        severity=Severity.ERROR,
        summary=(
            "The document's kind requires risks and it has no risk table, risks section or list-style "
            "risks."
        ),
        rationale=(
            "A plan without risks is a plan nobody has stress-tested. The kinds prd, strategy and test-strategy "
            "require them: a table (Risk | Probability | Impact | Mitigation), a 'Risks' section (any of its "
            "names), or "
            "'**Risk:** ...' items. The finding is on line 1. " + _PACK
        ),
        bad="# Checkout Revamp PRD\n\n## Goals\n...\n## Timeline\n...",
        good=(
            "## Risks\n\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n"
            "| Payment provider outage | Low | High | Fallback provider behind a feature flag |"
        ),
        check=check_missing_table,
        option_docs={"vocabulary": _PACK},
    ),
    Rule(
        code="PRD402",
        name="risk-table-missing-column",
        family="risks",
        severity=Severity.ERROR,
        summary=(
            "A risk table lacks a required column (probability, impact or mitigation, by any of their names)."
        ),
        rationale=(
            "A risk without its likelihood and impact cannot be ranked, and one without a mitigation is "
            "only a "
            "worry. Headers are matched by their names in every language (Probability | Likelihood, Impact | "
            "Severity, Mitigation | Mitigation Strategy | Response | Plan ...). " + _PACK
        ),
        bad=(
            "| # | Risk | Impact | Mitigation |\n|---|---|---|---|\n| 1 | Vendor lock-in | High | "
            "Abstraction layer |"
        ),
        good=(
            "| Risk | Likelihood | Impact | Mitigation |\n|---|---|---|---|\n"
            "| Vendor lock-in | Medium | High | Abstraction layer |"
        ),
        check=check_missing_column,
        option_docs={"vocabulary": _PACK},
    ),
    Rule(
        code="PRD403",
        name="risk-row-incomplete",
        family="risks",
        severity=Severity.ERROR,
        summary="A risk-table row leaves a required cell empty ('', '-', 'N/A').",
        rationale=(
            "An empty mitigation cell reads as 'we will deal with it when it happens'. One finding per "
            "row, on its "
            "first empty required cell, naming every empty column. A placeholder cell (`[H/M/L]`, `TBD`) is the "
            "placeholder rules' finding, not this one's."
        ),
        bad="| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| Data loss | M | H | |",
        good=(
            "| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| Data loss | M | H | "
            "Nightly backups |"
        ),
        check=check_incomplete_row,
    ),
    Rule(
        code="PRD404",
        name="invalid-risk-rating",
        family="risks",
        severity=Severity.ERROR,
        summary=(
            "A probability or impact rating is not on the scale, e.g. the unchosen 'High/Medium/Low' of a "
            "template."
        ),
        rationale=(
            "Ratings are compared across rows and documents, so they must come from one scale: H/M/L, "
            "High/Medium/Low, Critical/High/Medium/Low, 1-5 or a percentage (the scales are data: "
            "rules/kinds/_defaults.yaml and the languages' `risk-scales`). "
            "'High/Medium/Low' left in a cell is the template's menu, not a rating. A value may carry an "
            "explanation ('Medium (mitigated by caching)') or a range ('Low-Medium'). A bracketed "
            "placeholder "
            "(`[H/M/L]`) is PRD102's."
        ),
        bad="| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n"
        "| API limits | High/Medium/Low | Critical/High/Medium/Low | Caching |",
        good=(
            "| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n| API limits | High | "
            "Medium | Caching |"
        ),
        check=check_rating,
        option_docs={"vocabulary": _PACK},
    ),
    Rule(
        code="PRD405",
        name="risk-without-mitigation",
        family="risks",
        severity=Severity.ERROR,
        summary="A list-style risk ('**Risk:** ...', or a bullet of a 'Risks' section) has no mitigation.",
        rationale=(
            "Naming a risk is half the job. A mitigation can follow on the next line ('**Mitigation:** ...', "
            "'Response:', 'Plan:', 'Contingency:', or the mitigation column's name in any language), in the "
            "item's nested list, or in the risk's own sentence ('... mitigated by ...'). A plain bullet of a "
            "section that lists risks ('## Risks', '### Technische Risiken', '## 风险') is a risk too; it is "
            "reported when it is one sentence with no name before it ('**Outage.**', 'Outage:') and no second "
            "part after a dash or a colon and no nested details (its impact or probability aside: "
            "'(Impact: High)'), names no mitigation (`risk-words: mitigated` in "
            "rules/languages/), and the section states mitigations nowhere else (no mitigation label or "
            "heading, no table, no paragraph after the list). A section whose title also names the handling "
            "of risks or what is listed beside them ('Risk management', 'Risks and Dependencies', "
            "'Risiken und Maßnahmen': `risk-words: companions`) is not read as a list of bare risks."
        ),
        bad="1. **Risk:** The vendor API is rate limited to 100 requests/minute\n\n"
        "## Risks\n\n- Users could expect exact build times, which the tool only estimates.",
        good="1. **Risk:** The vendor API is rate limited to 100 requests/minute\n"
        "   **Mitigation:** Queue requests and cache responses for 5 minutes\n\n"
        "## Risks\n\n- Users could expect exact build times — the report labels every figure an estimate.",
        check=check_list_mitigation,
    ),
)
