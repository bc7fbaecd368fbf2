"""The README and docs/rules.md stay true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from prdlint.api import lint_text
from prdlint.docs import TABLE_END, TABLE_START, render_rule_doc, rules_reference, rules_table
from prdlint.engine.registry import Registry, builtin_rules

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_rule_table_is_generated_from_the_registry() -> None:
    table = README[README.index(TABLE_START) + len(TABLE_START) : README.index(TABLE_END)]
    assert table.strip() == rules_table(Registry(builtin_rules())).strip(), "run `python -m prdlint.docs`"


def test_rules_reference_is_generated_from_the_registry() -> None:
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == rules_reference(Registry(builtin_rules())), "run `python -m prdlint.docs`"


def test_every_rule_has_complete_docs() -> None:
    for rule in Registry(builtin_rules()):
        assert rule.summary and rule.rationale and rule.bad and rule.good, rule.code
        doc = render_rule_doc(rule)
        for part in ("### What it does", "### Why is this bad?", "### Example", "### Configure or silence it"):
            assert part in doc, (rule.code, part)
        assert f"prdlint-disable-next-line {rule.code}" in doc


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash[^\n]*\n(.*?)\n```", section, re.S)


def test_quick_start_has_exactly_two_set_up_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert "prdlint check" in commands[0] and "examples/" in commands[0]
    example = re.search(r"(examples/\S+\.md)", commands[0])
    assert example and (REPO / example.group(1)).is_file()
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci
    assert "```bash ci\n" + quick_start_commands()[1] + "\n```" in README, "the test command is marked ci"
    workflow = (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert f"run: {quick_start_commands()[1]}\n" in workflow, "the CI workflow runs it too"


def test_our_own_documentation_passes_prdlint() -> None:
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        found = lint_text(path.read_text(encoding="utf-8"), str(path))
        assert found == [], "\n".join(f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}" for f in found)


def test_quick_start_output_shown_in_the_readme_is_what_prdlint_prints() -> None:
    from click.testing import CliRunner

    from prdlint.cli import main

    shown = README.split("The first command prints:", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    previous = Path.cwd()
    try:
        import os

        os.chdir(REPO)
        result = CliRunner().invoke(main, ["check", "--isolated", "--no-color", "examples/checkout-prd.md"],
                                    env={"GITHUB_ACTIONS": None})
    finally:
        os.chdir(previous)
    assert result.exit_code == 1
    assert result.stdout.strip() == shown.strip()
