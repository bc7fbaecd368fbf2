"""1xx: template text that was never filled in.

The four rules share one pass over the document (:mod:`prdlint.analysis.placeholders`)
so that each placeholder is reported once, by the rule that owns its kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from prdlint.analysis.placeholders import Kind
from prdlint.analysis.text import short
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import CheckFunction, Rule, RuleContext
from prdlint.model import Document

_MESSAGES: dict[Kind, str] = {
    "marker": "fill-in marker {text} left in the document",
    "bracket": "bracketed placeholder {text} was never replaced",
    "token": "unresolved {label} {text}",
    "code": "placeholder {text} left in a code block",
    "field": "field {text} was left empty",
}


_LABELLED = {
    "template title": "the template's own title {text} is still the document's title",
    "template guidance": "the template's instruction {text} is still in the document",
    "placeholder link": "link {text} still points nowhere (its target was never filled in)",
    "braced text": "template text {text} was never replaced",
    "unfinished sentence": "sentence left unfinished by the template: {text}",
    "numbered filler": "template filler {text} stands where the real item goes",
    "template sentence": "the template's sentence {text} was never filled in",
}


def _reporter(kind: Kind) -> CheckFunction:
    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        for hit in context.analysis.placeholders.of_kind(kind):
            text = short(hit.text, markup=True)
            template = _LABELLED.get(hit.label) or _MESSAGES[kind]
            message = template.format(text=f"'{text}'", label=hit.label)
            yield Violation(hit.line, hit.col, message, hit.end_line, hit.end_col, hit.text)

    return check


_CONFIGURE = (
    "Add words to `placeholders.markers`, regular expressions to `placeholders.patterns` or "
    "`placeholders.code_patterns`, and texts that are fine to `placeholders.allow` in your configuration."
)

RULES = (
    Rule(
        code="PRD101",
        name="fill-in-marker",
        family="placeholders",
        severity=Severity.ERROR,
        summary="An explicit fill-in marker such as `[FILL IN]`, `[TODO]` or `[TBD]` is still in the document.",
        rationale=(
            "Templates mark every blank with an explicit marker. One that survives into review means a "
            "decision was never made: the reader cannot tell whether the author forgot it or it is unknown."
        ),
        bad="**Project Name**: [FILL IN]\n**Repository**: [FILL IN: GitHub URL or desired repo name]",
        good="**Project Name**: Ledger Sync\n**Repository**: github.com/acme/ledger-sync",
        check=_reporter("marker"),
        option_docs={"placeholders.markers": _CONFIGURE},
    ),
    Rule(
        code="PRD102",
        name="bracket-placeholder",
        family="placeholders",
        severity=Severity.ERROR,
        summary="Template text in square brackets, like `[Your Product Name]` or `[H/M/L]`, was never replaced.",
        rationale=(
            "Square brackets that are not Markdown syntax (links, footnotes, task boxes, citations) are how "
            "templates show what to write. Left in place they read as content and hide the missing answer."
        ),
        bad="**Product Owner:** [Name]\n| Data loss | [H/M/L] | [H/M/L] | [Plan] |",
        good="**Product Owner:** Dana Ruiz\n| Data loss | M | H | Nightly backups, restore drill each quarter |",
        check=_reporter("bracket"),
        option_docs={"placeholders.allow": _CONFIGURE},
    ),
    Rule(
        code="PRD103",
        name="unresolved-token",
        family="placeholders",
        severity=Severity.WARNING,
        summary=(
            "An unresolved token such as `TBD`, `TODO`, `FIXME`, `XXX`, `YYYY-MM-DD`, `lorem ipsum` or `<your-name>`."
        ),
        rationale=(
            "Tokens like `TBD` and `YYYY-MM-DD` are promises to come back. A document that is ready for review "
            "has kept them or says plainly what is still open and who owns it."
        ),
        bad="created: YYYY-MM-DD\nLaunch date: TBD\nOwner: <your-name>",
        good="created: 2026-11-02\nLaunch date: 2027-03-01 (pending legal review, owner: Sam)\nOwner: Dana Ruiz",
        check=_reporter("token"),
        option_docs={"placeholders.patterns": _CONFIGURE},
    ),
    Rule(
        code="PRD104",
        name="placeholder-in-code",
        family="placeholders",
        severity=Severity.ERROR,
        summary="A template placeholder inside a code block, like `[test command]` or `your_api_key`.",
        rationale=(
            "Commands and configuration copied from a PRD are run as they are. A placeholder in a code block "
            "fails at the worst moment; real code (indexing, type hints, lists, diagrams) is not flagged."
        ),
        bad="```bash\n[test command]\n```\n```sql\nCREATE TABLE [name of the main entity] (id UUID);\n```",
        good="```bash\npytest -q\n```\n```sql\nCREATE TABLE invoices (id UUID);\n```",
        check=_reporter("code"),
        option_docs={"placeholders.code_patterns": _CONFIGURE},
    ),
    Rule(
        code="PRD105",
        name="empty-field",
        family="placeholders",
        severity=Severity.WARNING,
        summary="A field of a list of 'Label: value' fields was left empty, like `- Owner:` with nothing after it.",
        rationale=(
            "Templates give a list of fields to fill in (Team name, Owner, Slack channel, Launch date). One "
            "left empty looks answered at a glance and is not. Only lists whose every item is a 'Label:' "
            "field are read, and a label whose value is written below it (nested items) is not empty."
        ),
        bad="- Team name: Benefits Tools\n- Slack channel:\n- Product owner: ",
        good="- Team name: Benefits Tools\n- Slack channel: #benefits-tools\n- Product owner: Dana Reyes",
        check=_reporter("field"),
        option_docs={"placeholders.allow": _CONFIGURE},
    ),
)
