"""Issue 8, item 3: no built-in regular expression backtracks super-linearly, and users' ones are bounded.

Every pattern prdlint compiles (module attributes, patterns compiled while linting varied documents,
and the built-in packs' patterns; see tests/regex_audit.py) is searched in adversarial strings made
of its own characters; the time must grow linearly. Users' patterns (configuration, packs) run under
a time budget (prdlint.user_regex), so a catastrophic one ends as a finding instead of a hang.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from prdlint import user_regex
from prdlint.api import lint_text
from tests import regex_audit
from tests.cli_run import prdlint_check

REPO = Path(__file__).resolve().parents[1]

VARIED = [
    (REPO / "examples" / "checkout-prd.md").read_text(encoding="utf-8"),
    "---\nstatus: draft\ncreated: 2024-01-02\n---\n# Checkout PRD\n\n## User Stories\n\n### Story 1: Pay\n\n"
    "As a shopper, I want to pay so that I get my order.\n\n**Acceptance Criteria:**\n- Given a cart when I pay "
    "then it is paid\n\n## Risks\n\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n"
    "| Outage | High/Medium | 2 to 3 | Retry |\n\n## Testing\n\nLine coverage of at least 80% (core).\n\n"
    "## Non-Functional Requirements\n\n- NFR-1: fast and scalable\n\n```python\nx = [field1]  # [TODO]\n```\n\n"
    "See [the risks](#risks) and <your-name> {{PROJECT}} $X TBD YYYY-MM-DD.\n\n<!-- prdlint-disable PRD103 -->\n",
]


def _all_patterns() -> list[regex_audit.Found]:
    def lint() -> None:
        for text in VARIED:
            for profile in ("prd", "strategy", "generic"):
                lint_text(text, profile=profile)

    return regex_audit.unique([*regex_audit.module_patterns(), *regex_audit.pack_patterns(),
                               *regex_audit.runtime_patterns(lint)])


def test_the_audit_finds_the_patterns_of_every_kind_of_source() -> None:
    found = _all_patterns()
    origins = " ".join(item.origin for item in found)
    assert len(found) > 100
    assert "prdlint.model.inline._URL" in origins  # a module attribute
    assert "rules/placeholders.yaml" in origins  # a built-in pack
    assert "prdlint/analysis/placeholders.py" in origins  # compiled while linting (the vocabulary)


def test_the_audit_catches_a_quadratic_and_an_exponential_pattern() -> None:
    import re

    assert regex_audit.slow_input(re.compile(r"\s*x")) is not None
    assert regex_audit.slow_input(re.compile(r"(a|aa)+$")) is not None
    assert regex_audit.slow_input(re.compile(r"\bTBD\b")) is None


def test_no_built_in_pattern_backtracks_super_linearly() -> None:
    slow = []
    for item in _all_patterns():
        problem = regex_audit.slow_input(item.pattern)
        if problem is not None:
            slow.append(f"{item.origin}: {item.pattern.pattern!r}: {problem}")
    assert slow == []


# -- users' patterns ---------------------------------------------------------------------------------


def test_a_catastrophic_user_pattern_ends_as_a_finding_not_a_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_regex, "BUDGET", 0.5)
    (tmp_path / ".prdlint.yaml").write_text("placeholders:\n  patterns: ['(a|aa)+$']\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Doc\n\n" + "a" * 80 + "!\n\nOwner: [FILL IN]\n", encoding="utf-8")
    (tmp_path / "other.md").write_text("# Other\n\nDate: TBD\n", encoding="utf-8")
    started = time.perf_counter()
    done = prdlint_check(["doc.md", "other.md"], tmp_path)
    assert time.perf_counter() - started < 20
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "doc.md:1:1: PRD000 [error] the regular expression '(a|aa)+$' (placeholders.patterns[0]) took more than "
        "0.5 s on this document (nested repetition such as '(a+)+' backtracks without end): simplify it; its "
        "matches in this file are not reported"
    )
    assert "please report" not in lines[0]  # the user's pattern, not a prdlint bug
    assert "doc.md:5:8: PRD101" in done.stdout and "other.md:3:7: PRD103" in done.stdout


def test_a_catastrophic_pattern_in_a_rule_pack_ends_as_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_regex, "BUDGET", 0.5)
    (tmp_path / ".prdlint.yaml").write_text("rule-packs: [pack.yaml]\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(
        "pack: acme\nversion: 1\nrules:\n  - code: ACME001\n    name: slow\n    kind: pattern\n"
        "    summary: Slow.\n    pattern: '(?:a+b*)+c'\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Doc\n\n" + "ab" * 3000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    done = prdlint_check(["doc.md"], tmp_path)
    assert time.perf_counter() - started < 20
    assert done.returncode == 2
    assert "PRD000 [error] the regular expression '(?:a+b*)+c' (pack.yaml, rule ACME001) took more than" \
        in done.stdout


def test_an_invalid_regex_in_a_rule_option_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / ".prdlint.yaml").write_text("rules:\n  PRD203: {sections: ['re:(unclosed']}\n", encoding="utf-8")
    (tmp_path / "doc.md").write_text("# Doc\n", encoding="utf-8")
    done = prdlint_check(["doc.md"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(
        "prdlint: error: .prdlint.yaml:2: rules.PRD203.sections[0]: invalid regular expression '(unclosed'"
    )


def test_the_budget_is_per_document_and_counts_only_matching_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(user_regex, "BUDGET", 0.2)
    pattern = user_regex.UserPattern(r"a")
    user_regex.new_document()
    count = 0
    for _ in pattern.finditer("a" * 50):
        time.sleep(0.01)  # the caller's time is not the pattern's
        count += 1
    assert count == 50
    slow = user_regex.UserPattern(r"(a|aa)+$", origin="test")
    started = time.perf_counter()
    assert slow.search("a" * 60 + "!") is None
    assert time.perf_counter() - started < 1
    assert pattern.search("a") is None  # the budget of this document is spent
    [first, second] = user_regex.take_timeouts()
    assert "(test) took more than 0.2 s" in str(first) and second.pattern == "a"
    user_regex.new_document()
    assert pattern.search("a") is not None


@pytest.mark.parametrize("where", ["config", "pack"])
def test_a_story_pattern_that_could_backtrack_without_end_is_refused(tmp_path: Path, where: str) -> None:
    """A vocabulary's story patterns run with re, which no timeout can stop: nested repetition is refused."""
    (tmp_path / "doc.md").write_text("# Doc\n", encoding="utf-8")
    if where == "config":
        (tmp_path / ".prdlint.yaml").write_text("vocabulary:\n  stories: ['(a+)+$']\n", encoding="utf-8")
        expected = ".prdlint.yaml:2: vocabulary.stories[0]: invalid regular expression '(a+)+$': nested repetition"
    else:
        (tmp_path / ".prdlint.yaml").write_text("rule-packs: [pack.yaml]\n", encoding="utf-8")
        (tmp_path / "pack.yaml").write_text(
            "pack: acme\nversion: 1\nrules: []\nvocabulary:\n  stories: ['(x|xx)+y']\n", encoding="utf-8")
        expected = "pack.yaml:5: vocabulary.stories[0]: invalid regular expression '(x|xx)+y': alternatives under"
    done = prdlint_check(["doc.md"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"prdlint: error: {expected}"), done.stderr


def test_a_remembered_phrase_lookup_never_hides_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Phrases keep their answers across documents (issue 9); one found while a pattern ran out of time is not kept."""
    from prdlint.kinds.phrases import Phrases

    monkeypatch.setattr(user_regex, "BUDGET", 0.2)
    names = Phrases(["re:(a|aa)+$", "scope"])
    slow = "a" * 60 + "!"
    for _ in range(2):  # each document is told that the pattern ran out of time
        user_regex.new_document()
        assert names.find(slow) is None and not names.is_header(slow)
        assert [timeout.pattern for timeout in user_regex.take_timeouts()] == ["(a|aa)+$"]
    user_regex.new_document()
    assert names.find("In scope") == "scope" and names.find("In scope") == "scope"
    assert user_regex.take_timeouts() == []


def test_builtin_rule_option_patterns_run_with_re_and_user_ones_under_the_budget() -> None:
    from prdlint.engine.registry import Registry, builtin_option_expressions, builtin_rules
    from prdlint.kinds.phrases import Phrases

    builtin = [p for p in Registry(builtin_rules()).get("PRD203").options["sections"] if p.startswith("re:")]
    assert builtin and set(builtin) <= builtin_option_expressions()
    own = Phrases(builtin)
    assert all(isinstance(p, re.Pattern) for p in own._patterns)  # audited: no budget, no `regex` import
    assert own.find("Must") is not None
    user = Phrases(["re:^\\s*should\\s*$"])
    assert all(isinstance(p, user_regex.UserPattern) for p in user._patterns)
    assert user.find("Should") is not None
