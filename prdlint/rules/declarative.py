"""Declarative rules from rule packs: pattern, required-section, required-columns, section-requires.

A pack rule becomes an ordinary :class:`~prdlint.engine.rule.Rule` whose check
function is built here from its YAML entry, so the engine, the registry,
selection, severities, ``explain`` and suppression comments treat it exactly
like a built-in rule. Every regular expression was compiled when the pack was
validated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from prdlint.analysis.sections import SectionRoles
from prdlint.analysis.text import plain, short
from prdlint.engine.finding import Severity, Violation
from prdlint.engine.rule import CheckFunction, Rule, RuleContext
from prdlint.kinds import Phrases
from prdlint.model import CodeBlock, Document, Heading, HtmlBlock, Prose, Section, Table
from prdlint.user_regex import UserPattern

DEFAULT_SCOPE = ("text",)



def _roles(document: Document, context: RuleContext) -> SectionRoles:
    return context.analysis.for_profile(context.profile).roles


def _in_sections(roles: SectionRoles, section: Section, names: Phrases | None) -> bool:
    if names is None:
        return True
    return any(roles.matches(s, names) for s in (section, *section.ancestors()))


def _pattern_check(entry: Mapping[str, Any], origin: str) -> CheckFunction:
    pattern = UserPattern(entry["pattern"], bool(entry.get("ignore-case")), origin)
    scope = frozenset(entry.get("scope", DEFAULT_SCOPE))
    sections = Phrases(entry["sections"]) if entry.get("sections") else None
    template = entry.get("message") or f"{entry['summary'].rstrip('.')}: '{{match}}'"

    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        roles = _roles(document, context) if sections is not None else None
        for block in document.walk():
            if roles is not None and not _in_sections(roles, roles.section_of(block), sections):
                continue
            if isinstance(block, CodeBlock):
                if "code" in scope:
                    for line in block.lines:
                        for found in pattern.finditer(line.text):
                            if found.end() > found.start():
                                yield _violation(
                                    template,
                                    found.group(),
                                    line.line,
                                    line.col + found.start(),
                                    line.line,
                                    line.col + found.end(),
                                    roles,
                                    block,
                                    document,
                                )
                continue
            if isinstance(block, HtmlBlock):
                continue
            if isinstance(block, Heading):
                wanted, source = "headings" in scope, "masked"
            elif isinstance(block, Table):
                wanted, source = "cells" in scope, "masked"
            else:
                wanted, source = "text" in scope, "masked"
            for prose in block.prose():
                if wanted:
                    yield from _prose_matches(
                        pattern, prose, getattr(prose.scan, source), template, roles, block, document
                    )
                if "code" in scope:
                    for start, end in prose.scan.code_spans:
                        span = prose.text[start:end]
                        inner_offset = len(span) - len(span.lstrip("`"))
                        inner = span.strip("`")
                        for found in pattern.finditer(inner):
                            s = start + inner_offset + found.start()
                            e = start + inner_offset + found.end()
                            if e > s:
                                yield _violation(
                                    template,
                                    found.group(),
                                    *prose.position(s),
                                    *prose.end_position(e),
                                    roles,
                                    block,
                                    document,
                                )

    return check


def _prose_matches(
    pattern: UserPattern,
    prose: Prose,
    text: str,
    template: str,
    roles: SectionRoles | None,
    block: Any,
    document: Document,
) -> Iterator[Violation]:
    for found in pattern.finditer(text):
        if found.end() <= found.start():
            continue
        matched = prose.text[found.start() : found.end()]
        yield _violation(
            template,
            matched,
            *prose.position(found.start()),
            *prose.end_position(found.end()),
            roles,
            block,
            document,
        )


def _violation(
    template: str,
    matched: str,
    line: int,
    col: int,
    end_line: int,
    end_col: int,
    roles: SectionRoles | None,
    block: Any,
    document: Document,
) -> Violation:
    section = roles.section_of(block).title if roles is not None else ""
    message = template.replace("{match}", short(matched, markup=True)).replace("{section}", section)
    return Violation(line, col, message, end_line, end_col, matched)


def _required_section_check(entry: Mapping[str, Any], origin: str) -> CheckFunction:
    name = entry["section"]
    names = Phrases([name, *entry.get("synonyms", ())])
    template = entry.get("message") or f"missing required section '{name}'"

    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        if not any(names.in_title(heading.title) for heading in document.headings()):
            yield Violation(1, 1, template.replace("{section}", name).replace("{match}", name))

    return check


def _columns(entry: Mapping[str, Any]) -> list[tuple[str, Phrases]]:
    columns = []
    for column in entry["columns"]:
        if isinstance(column, str):
            columns.append((column, Phrases([column])))
        else:
            columns.append((column["name"], Phrases([column["name"], *column.get("synonyms", ())])))
    return columns


def _required_columns_check(entry: Mapping[str, Any], origin: str) -> CheckFunction:
    sections = Phrases(entry["sections"])
    columns = _columns(entry)
    template = entry.get("message") or "table under '{section}' has no {match} column"

    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        roles = _roles(document, context)
        for table in document.tables():
            section = roles.section_of(table)
            owner = next((s for s in (section, *section.ancestors()) if roles.matches(s, sections)), None)
            if owner is None:
                continue
            missing = [name for name, names in columns if not any(names.is_header(h) for h in table.columns)]
            if not missing:
                continue
            message = template.replace("{section}", short(owner.title, 40, markup=True)).replace(
                "{match}", ", ".join(f"'{m}'" for m in missing)
            )
            yield Violation(
                table.start_line,
                table.header.cells[0].col,
                message,
                table.start_line,
                table.header.cells[-1].end_col,
            )

    return check


def _section_requires_check(entry: Mapping[str, Any], origin: str) -> CheckFunction:
    sections = Phrases(entry["sections"])
    pattern = UserPattern(entry["pattern"], bool(entry.get("ignore-case")), origin)
    template = entry.get("message") or f"section '{{section}}' does not match /{entry['pattern']}/"

    def check(document: Document, context: RuleContext) -> Iterator[Violation]:
        roles = _roles(document, context)
        for section in document.root.walk():
            heading = section.heading
            if heading is None or not roles.matches(section, sections):
                continue
            if any(_block_matches(block, pattern) for block in section.all_blocks()):
                continue
            if context.analysis.placeholders.covers(heading.start_line + 1, 1, section.end_line + 1, 1):
                continue  # the section is still template text: the placeholder rules report it
            line, col, end_line, end_col = heading.title_span
            yield Violation(
                line,
                col,
                template.replace("{section}", short(plain(heading.title), 50, markup=True)).replace("{match}", ""),
                end_line,
                end_col,
                heading.title,
            )

    return check


def _block_matches(block: Any, pattern: UserPattern) -> bool:
    for nested in block.walk():
        if isinstance(nested, CodeBlock):
            if any(pattern.search(line.text) for line in nested.lines):
                return True
            continue
        for prose in nested.prose():
            if pattern.search(prose.text):
                return True
    return False


_BUILDERS = {
    "pattern": _pattern_check,
    "required-section": _required_section_check,
    "required-columns": _required_columns_check,
    "section-requires": _section_requires_check,
}


def _default_kinds(rule_kind: str) -> tuple[str, ...]:
    """Every kind; for a required section, the kinds that require sections of their own."""
    from prdlint.kinds import builtin_kinds, expectations

    kinds = builtin_kinds()
    if rule_kind == "required-section":
        return tuple(kind for kind in kinds if expectations(kind).required_sections)
    return kinds


def build_rule(entry: Mapping[str, Any], pack: str, path: Path) -> Rule:
    """A Rule from a validated pack entry."""
    kind = entry["kind"]
    profiles = tuple(entry.get("kinds") or entry.get("profiles") or _default_kinds(kind))
    return Rule(
        code=entry["code"],
        name=entry["name"],
        family=pack,
        severity=Severity.parse(entry.get("severity", "warning")),
        summary=entry["summary"],
        rationale=entry.get("rationale") or f"A {kind} rule from the rule pack '{pack}' ({path}).",
        bad=entry.get("bad", ""),
        good=entry.get("good", ""),
        check=_BUILDERS[kind](entry, f"{path.name}, rule {entry['code']}"),
        profiles=profiles,
        source=str(path),
    )
