"""How well prdlint judges real documents: per rule, findings judged true and false, and misses.

Two labelled sets of public documents written by real teams:

- ../shared/corpus/real/reviewed/ (when present): every finding of prdlint 0.1.0 judged in its
  findings_judged.tsv; what it missed, and judgements of findings that version did not make, are in
  bench/judgement/reviewed-expected.tsv and bench/judgement/reviewed-judged.tsv;
- bench/judgement/corpus/: documents whose every defect a reviewer listed in expected.tsv, before
  prdlint was run on them; findings that match no expected row are judged in findings_judged.tsv.

A finding is true when it matches an expected row (same file, code and line; for the
document-level rules PRD301, PRD401 and PRD501, the same file and code on any line), or when it
was judged true; false when it was judged false; otherwise it is *unjudged* and listed, so that a
reviewer can judge it (``--unjudged FILE`` writes them as a TSV to fill in). An expected row no
finding matches is a miss.

    python bench/judgement_report.py                 # the table, both sets
    python bench/judgement_report.py --list false    # also every false finding
    python bench/judgement_report.py --split holdout # only the held-out documents of the corpus
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prdlint.engine.finding import Finding  # noqa: E402
from prdlint.runner import Runner, RunOptions  # noqa: E402

HERE = Path(__file__).resolve().parent / "judgement"
CORPUS = HERE / "corpus"
REVIEWED = ROOT.parent / "shared" / "corpus" / "real" / "reviewed"
DOCUMENT_LEVEL = frozenset({"PRD301", "PRD401", "PRD501"})
# The reviewed set's MANIFEST names kinds as its reviewers did.
REVIEWED_KINDS = {"strategy": "test-strategy", "other": "backlog"}


@dataclass(frozen=True)
class Label:
    file: str
    line: int
    code: str
    verdict: str  # T or F
    reason: str


@dataclass
class Document:
    path: Path
    name: str
    kind: str
    split: str
    original_path: str


@dataclass
class Outcome:
    finding: Finding
    file: str
    verdict: str  # T, F or ? (unjudged)
    reason: str = ""


@dataclass
class SetResult:
    name: str
    documents: list[Document]
    outcomes: list[Outcome] = field(default_factory=list)
    misses: list[Label] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # file -> kind prdlint chose
    errors: list[str] = field(default_factory=list)


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def labels(path: Path, verdict: str | None = None) -> list[Label]:
    """Rows of an expected.tsv (verdict T) or a findings_judged.tsv (verdict from the row)."""
    found = []
    for row in read_tsv(path):
        found.append(
            Label(row["file"], int(row["line"]), row["code"], verdict or row["verdict"].strip(), row.get("reason", ""))
        )
    return found


_SECTION_WORDS = {
    "problem": ("problem", "background", "context"),
    "requirements": ("requirement", "stories", "features"),
    "success": ("success", "metric", "kpi"),
    "scope": ("scope",),
    "entry": ("entry", "exit", "done"),
}


def _shared_words(reason: str, message: str) -> bool:
    """Whether an expected row's reason speaks of the section a PRD501 message names."""
    named = message.split("'")[1].casefold() if "'" in message else message.casefold()
    reason = reason.casefold()
    return any(key in named and any(word in reason for word in words) for key, words in _SECTION_WORDS.items())


class Matcher:
    """Pairs findings with labels, each label used once."""

    def __init__(self, expected: Iterable[Label], judged: Iterable[Label]) -> None:
        self.expected: dict[tuple[str, str], list[Label]] = defaultdict(list)
        for label in expected:
            self.expected[(label.file, label.code)].append(label)
        self.judged: dict[tuple[str, str, int], list[Label]] = defaultdict(list)
        for label in judged:
            self.judged[(label.file, label.code, label.line)].append(label)

    def judge_all(self, file: str, findings: Sequence[Finding]) -> list[Outcome]:
        """Outcomes in the findings' order; document-level findings are paired by the section they name first."""
        outcomes: dict[int, Outcome] = {}
        for index, finding in enumerate(findings):
            if finding.code in DOCUMENT_LEVEL:
                candidates = self.expected.get((file, finding.code), [])
                named = [i for i, label in enumerate(candidates) if _shared_words(label.reason, finding.message)]
                if named:
                    outcomes[index] = Outcome(finding, file, "T", candidates.pop(named[0]).reason)
        return [outcomes.get(index) or self.judge(file, finding) for index, finding in enumerate(findings)]

    def judge(self, file: str, finding: Finding) -> Outcome:
        candidates = self.expected.get((file, finding.code), [])
        anywhere = finding.code in DOCUMENT_LEVEL
        matching = [i for i, label in enumerate(candidates) if anywhere or label.line == finding.line]
        if matching:
            label = candidates.pop(matching[0])
            return Outcome(finding, file, "T", label.reason)
        judged = self.judged.get((file, finding.code, finding.line), [])
        if judged:
            named = [i for i, label in enumerate(judged) if _shared_words(label.reason, finding.message)]
            index = named[0] if named and finding.code in DOCUMENT_LEVEL else 0
            label = judged.pop(index) if len(judged) > 1 else judged[index]
            return Outcome(finding, file, label.verdict, label.reason)
        return Outcome(finding, file, "?")

    def misses(self, files: Iterable[str]) -> list[Label]:
        wanted = set(files)
        return sorted(
            (label for labels in self.expected.values() for label in labels if label.file in wanted),
            key=lambda label: (label.file, label.line, label.code),
        )


def corpus_documents(split: str | None, folder: Path = CORPUS) -> list[Document]:
    documents = []
    for row in read_tsv(folder / "MANIFEST.tsv"):
        if split and row["split"] != split:
            continue
        documents.append(
            Document(folder / "docs" / row["file"], row["file"], row["kind"], row["split"], row["path_in_repo"])
        )
    return documents


def reviewed_documents() -> list[Document]:
    documents = []
    for row in read_tsv(REVIEWED / "MANIFEST.tsv"):
        kind = REVIEWED_KINDS.get(row["kind"], row["kind"])
        documents.append(Document(REVIEWED / row["file"], row["file"], kind, "reviewed", row["path_in_repo"]))
    return documents


Linted = tuple[dict[str, list[Finding]], dict[str, str], list[str]]


def lint(documents: Sequence[Document], names: str) -> Linted:
    runner = Runner(RunOptions(isolated=True))
    findings: dict[str, list[Finding]] = {}
    kinds: dict[str, str] = {}
    errors: list[str] = []
    for document in documents:
        target = runner.targets([str(document.path)])[0]
        if names != "stored":
            # As the document is in its repository (its path conventions apply), or with no name at all.
            path = Path(document.original_path) if names == "original" else Path("document.md")
            target = type(target)(path, document.name, target.config)
        result = runner.lint_target(target, data=document.path.read_bytes())
        findings[document.name] = result.findings
        kinds[document.name] = result.profile
        errors.extend(result.errors)
    return findings, kinds, errors


def evaluate(name: str, documents: Sequence[Document], matcher: Matcher, names: str) -> SetResult:
    result = SetResult(name, list(documents))
    findings, result.kinds, result.errors = lint(documents, names)
    for document in documents:
        result.outcomes.extend(matcher.judge_all(document.name, findings[document.name]))
    result.misses = matcher.misses(d.name for d in documents)
    return result


def table(results: Sequence[SetResult]) -> str:
    documents = sum(len(r.documents) for r in results)
    per_code: dict[str, Counter[str]] = defaultdict(Counter)
    for result in results:
        for outcome in result.outcomes:
            per_code[outcome.finding.code][outcome.verdict] += 1
        for miss in result.misses:
            per_code[miss.code]["miss"] += 1
    lines = [
        f"{'rule':<8} {'findings':>8} {'true':>5} {'false':>5} {'unjudged':>8} {'missed':>6} {'false/10 docs':>13}",
    ]
    totals: Counter[str] = Counter()
    family_false = 0
    for code in sorted(per_code):
        counts = per_code[code]
        total = counts["T"] + counts["F"] + counts["?"]
        totals.update(counts)
        if code[:4] in ("PRD1", "PRD2", "PRD3", "PRD4"):
            family_false += counts["F"]
        lines.append(
            f"{code:<8} {total:>8} {counts['T']:>5} {counts['F']:>5} {counts['?']:>8} {counts['miss']:>6} "
            f"{10 * counts['F'] / max(documents, 1):>13.2f}"
        )
    all_findings = totals["T"] + totals["F"] + totals["?"]
    lines.append(
        f"{'all':<8} {all_findings:>8} {totals['T']:>5} {totals['F']:>5} {totals['?']:>8} {totals['miss']:>6} "
        f"{10 * totals['F'] / max(documents, 1):>13.2f}"
    )
    lines.append(
        f"{documents} documents; false findings per 10 documents: {10 * totals['F'] / max(documents, 1):.2f} "
        f"(families 1-4: {10 * family_false / max(documents, 1):.2f}); precision "
        f"{totals['T'] / max(totals['T'] + totals['F'], 1):.1%}, recall "
        f"{totals['T'] / max(totals['T'] + totals['miss'], 1):.1%} of judged"
    )
    return "\n".join(lines)


def kind_report(results: Sequence[SetResult]) -> str:
    wrong = [
        f"  {d.name}: labelled {d.kind}, detected {r.kinds.get(d.name)}"
        for r in results
        for d in r.documents
        if r.kinds.get(d.name) != d.kind
    ]
    right = sum(len(r.documents) for r in results) - len(wrong)
    return "\n".join([f"kinds: {right} of {right + len(wrong)} as labelled", *wrong])


def listing(results: Sequence[SetResult], what: str) -> str:
    lines = []
    for result in results:
        if what in ("false", "all"):
            lines += [
                f"F {o.file}:{o.finding.line}:{o.finding.col} {o.finding.code} {o.finding.message} -- {o.reason}"
                for o in result.outcomes
                if o.verdict == "F"
            ]
        if what in ("unjudged", "all"):
            lines += [
                f"? {o.file}:{o.finding.line}:{o.finding.col} {o.finding.code} {o.finding.message}"
                for o in result.outcomes
                if o.verdict == "?"
            ]
        if what in ("misses", "all"):
            lines += [f"M {m.file}:{m.line} {m.code} {m.reason}" for m in result.misses]
    return "\n".join(lines)


def write_unjudged(results: Sequence[SetResult], path: Path) -> int:
    rows = [o for r in results for o in r.outcomes if o.verdict == "?"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["set", "file", "line", "code", "verdict", "reason", "message"])
        for result in results:
            for outcome in result.outcomes:
                if outcome.verdict == "?":
                    finding = outcome.finding
                    writer.writerow([result.name, outcome.file, finding.line, finding.code, "", "", finding.message])
    return len(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set", default="all",
        help="all: the reviewed set and the corpus (default); every: all and each test set; reviewed, corpus, or "
        "the name of a test set in bench/judgement/ (final, ...), or the path of a folder holding a labelled set "
        "(MANIFEST.tsv, expected.tsv, docs/, and findings_judged.tsv once findings are judged)",
    )
    parser.add_argument("--split", choices=["dev", "holdout"], help="only this split of bench/judgement/corpus")
    parser.add_argument("--list", choices=["false", "unjudged", "misses", "all"], help="also list these")
    parser.add_argument("--unjudged", type=Path, help="write the unjudged findings to this TSV")
    parser.add_argument(
        "--names", choices=["original", "neutral", "stored"], default="original",
        help="lint each document at its path in its repository (default: its path conventions and file name "
        "apply), as 'document.md' (content alone), or under its stored name (which names its labelled kind)",
    )
    options = parser.parse_args(argv)
    results = []
    if options.set in ("all", "every", "reviewed") and not options.split:
        if REVIEWED.is_dir():
            matcher = Matcher(
                labels(HERE / "reviewed-expected.tsv", "T"),
                [*labels(REVIEWED / "findings_judged.tsv"), *labels(HERE / "reviewed-judged.tsv")],
            )
            results.append(evaluate("reviewed", reviewed_documents(), matcher, options.names))
        else:
            print(f"skipping the reviewed set: {REVIEWED} is not present", file=sys.stderr)
    if options.set in ("all", "every", "corpus"):
        matcher = Matcher(labels(CORPUS / "expected.tsv", "T"), labels(CORPUS / "findings_judged.tsv"))
        results.append(evaluate("corpus", corpus_documents(options.split), matcher, options.names))
    test_sets = [folder for folder in sorted(HERE.iterdir())
                 if folder != CORPUS and (folder / "MANIFEST.tsv").is_file()]
    if options.set == "every":
        chosen = test_sets
    elif options.set in ("all", "reviewed", "corpus"):
        chosen = []
    elif (HERE / options.set / "MANIFEST.tsv").is_file():
        chosen = [HERE / options.set]
    elif (Path(options.set) / "MANIFEST.tsv").is_file():
        chosen = [Path(options.set)]
    else:
        known = ", ".join(["all", "every", "reviewed", "corpus", *(folder.name for folder in test_sets)])
        parser.error(f"--set {options.set}: no such set (known: {known}; or a folder with a MANIFEST.tsv)")
    for folder in chosen:
        matcher = Matcher(labels(folder / "expected.tsv", "T"), labels(folder / "findings_judged.tsv"))
        results.append(evaluate(folder.name, corpus_documents(None, folder), matcher, options.names))
    for result in results:
        print(f"== {result.name}: {len(result.documents)} documents")
        print(table([result]))
        print(kind_report([result]))
        for error in result.errors:
            print(f"  error: {error}")
        print()
    if len(results) > 1:
        print("== both sets")
        print(table(results))
    if options.list:
        print()
        print(listing(results, options.list))
    if options.unjudged:
        count = write_unjudged(results, options.unjudged)
        print(f"\n{count} unjudged findings written to {options.unjudged}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
