"""0xx: problems with the input itself rather than its content."""

from __future__ import annotations

from collections.abc import Iterator

from prdlint.analysis.directives import VERBS
from prdlint.engine.finding import INTERNAL_ERROR, INTERNAL_ERROR_NAME, ISSUES_URL, Severity, Violation
from prdlint.engine.rule import Rule, RuleContext
from prdlint.model import Document


def check_internal_errors(document: Document, context: RuleContext) -> Iterator[Violation]:
    """Nothing to check: the engine itself reports PRD000 when an exception escapes (see lint_document)."""
    return iter(())


def check_unreadable(document: Document, context: RuleContext) -> Iterator[Violation]:
    if document.load_error is not None:
        yield Violation(1, 1, document.load_error)


def check_directives(document: Document, context: RuleContext) -> Iterator[Violation]:
    registry = context.analysis.registry
    for directive in context.analysis.directives:
        if not directive.known:
            # "disable-next" means disable-next-line: a prefix beats a shorter edit distance
            prefixed = [verb for verb in VERBS if verb.startswith(directive.verb)] if directive.verb else []
            guess = min(prefixed or VERBS, key=lambda verb: _distance(verb, directive.verb))
            written = directive.written or f"prdlint-{directive.verb}"
            yield Violation(
                directive.line,
                directive.verb_col,
                f"unknown directive '{written}'; expected one of "
                + ", ".join(f"prdlint-{verb}" for verb in VERBS)
                + f" (did you mean 'prdlint-{guess}'?)",
                text=written,
            )
            continue
        for selector in directive.selectors:
            if registry.resolve(selector.text) is None:
                hint = registry.suggest(selector.text)
                suffix = f" (did you mean '{hint}'?)" if hint else ""
                yield Violation(
                    selector.line,
                    selector.col,
                    f"'{selector.text}' in '{directive.written or 'prdlint-' + directive.verb}' is not a rule code, "
                    f"name or family{suffix}",
                    end_line=selector.line,
                    end_col=selector.col + len(selector.text),
                    text=selector.text,
                )


def check_unused_suppressions(document: Document, context: RuleContext) -> Iterator[Violation]:
    """Disabling directives (or selectors of them) that silenced no finding in this run."""
    if context.suppressions is None:
        return
    for idle in context.suppressions.unused(context.running):
        directive = idle.directive
        if idle.selector is None:
            detail = "it suppresses nothing"
            if idle.not_enabled:
                names = ", ".join(idle.not_enabled)
                verb = "is" if len(idle.not_enabled) == 1 else "are"
                not_enabled = f"{names} {verb} not enabled for this file"
                detail = not_enabled if not idle.unused else f"{detail} ({not_enabled})"
            yield Violation(
                directive.line,
                directive.col,
                f"unused suppression '{directive.text}': {detail}",
                end_line=directive.end_line,
                end_col=directive.end_col or None,
                text=directive.text,
            )
            continue
        selector = directive.selectors[idle.selector]
        why = "names no rule enabled for this file" if idle.not_enabled else "suppresses nothing"
        yield Violation(
            selector.line,
            selector.col,
            f"'{selector.text}' in 'prdlint-{directive.verb}' {why}",
            end_line=selector.line,
            end_col=selector.col + len(selector.text),
            text=selector.text,
        )


def _distance(a: str, b: str) -> int:
    """Levenshtein distance; the verbs are few and short."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


RULES = (
    Rule(
        code=INTERNAL_ERROR,
        name=INTERNAL_ERROR_NAME,
        family="engine",
        severity=Severity.ERROR,
        summary="prdlint failed on part of the file (a bug in prdlint); the other findings are still reported.",
        rationale=(
            "An exception inside prdlint must never pass for a clean file. It becomes this finding, on "
            "line 1 of the file, with the exception and where it happened, while every finding made "
            "before it and every other file are still reported; the exit code is 2 and a GitHub check "
            "run concludes 'failure'. It cannot be switched off, suppressed, baselined or filtered out: "
            f"please report it at {ISSUES_URL} with the file (or a part of it that shows the problem)."
        ),
        bad="internal error in rule PRD201 (story-without-acceptance-criteria): IndexError: list index out of range",
        good="No PRD000: prdlint read and checked the whole file.",
        check=check_internal_errors,
        needs_content=False,
    ),
    Rule(
        code="PRD001",
        name="unreadable-file",
        family="engine",
        severity=Severity.ERROR,
        summary="The file could not be read as a UTF-8 text document.",
        rationale=(
            "prdlint can only check what it can read. A file that is binary, not valid UTF-8, missing or "
            "unreadable, larger than `max-file-size` (10 MiB by default), or not a regular file (a named "
            "pipe, a device, a symbolic link loop) is reported instead of being skipped silently, so a CI "
            "run never passes by accident. UTF-16 and UTF-32 files with a byte order mark are read; "
            "without one they are named as such."
        ),
        bad="A PRD saved as Latin-1 by an old editor, or a .md file that is really a PDF.",
        good="The same document saved as UTF-8 (with or without a byte order mark).",
        check=check_unreadable,
        needs_content=False,
    ),
    Rule(
        code="PRD002",
        name="invalid-directive",
        family="engine",
        severity=Severity.ERROR,
        summary="A prdlint comment names an unknown directive or rule.",
        rationale=(
            "A suppression comment with a typo suppresses nothing, and nobody notices. Reporting it keeps "
            "every `prdlint-...` comment meaningful."
        ),
        bad="<!-- prdlint-disable PRD1O1 -->   (letter O instead of zero)",
        good="<!-- prdlint-disable PRD101 -->",
        check=check_directives,
    ),
    Rule(
        code="PRD003",
        name="unused-suppression",
        family="engine",
        severity=Severity.WARNING,
        summary="A `prdlint-disable...` comment, or one rule it names, suppresses nothing.",
        rationale=(
            "A suppression comment outlives the finding it was written for: the text gets fixed, the rule "
            "changes, and the comment stays, ready to hide the next real problem in that place. As with "
            "ruff's RUF100, a `prdlint-disable`, `disable-line`, `disable-next-line` or `disable-file` "
            "comment that silenced no finding in this run is reported at the comment; when it names several "
            "rules and only some silenced something, each idle one is reported where it is written. A "
            "comment naming only rules that do not run on the file (not selected, ignored, switched off, "
            "or not for its document kind) is reported too, saying so: it does nothing under this configuration. "
            "`enable` comments are never reported. A PRD003 finding can be silenced like any other, except "
            "by the comment it is about. PRD003 is not selected by a narrower `--select` (such as "
            "`--select placeholders`) unless named, so a partial run does not call every other comment idle."
        ),
        bad="<!-- prdlint-disable-next-line PRD101 -->\nThe owner is Dana Ruiz.",
        good="The owner is Dana Ruiz.",
        check=check_unused_suppressions,
        after_suppression=True,
    ),
)
