#!/usr/bin/env python3
"""How prdlint's time grows with its input, shape by shape: every shape must stay linear.

usage: python bench/scaling.py [--budget SECONDS] [--repeat N] [SHAPE ...]

Each shape is a function from a size n to a Markdown document that repeats one construct n
times (the inputs that were quadratic once, and ordinary ones at scale). The document is linted
in-process (prdlint.api.lint_text, profile prd, so that every rule runs) at n, 2n, 4n and 8n, with
n chosen so that the 8n case takes about --budget seconds if time is linear. The table shows the
best of --repeat runs at each size (CPU time) and the growth: time at 8n / time at n, 8 for linear
time, 64 for quadratic. A shape whose growth is over 12 is flagged, and the exit status is 1 when
any is.

Before each run the memo caches keyed by a document's text (a word split, an inline scan, a story
match) are emptied: a repeat would otherwise find the previous run's texts there, which makes
the small sizes, whose texts all fit in the caches, look faster than a first lint of them is. The
caches of the configuration stay warm, as for the second file of a run.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prdlint.analysis import stories
from prdlint.api import lint_text
from prdlint.kinds import phrases
from prdlint.model import inline

# The functools caches keyed by the text being read (not by the configuration).
TEXT_MEMOS = (phrases.fold, phrases.words, inline._scan_cached, stories._story_match)

LIMIT = 12.0  # growth for 8x input above which a shape is flagged


def _story(i: int) -> str:
    return f"### Story {i}: Export\n\nAs a user, I want export {i} so that I can share it.\n\n"


SHAPES: dict[str, Callable[[int], str]] = {
    # the shapes of issue 8 (quadratic, cubic or worse before)
    "fill-in-one-line": lambda n: "# D\n\n" + "[FILL IN] " * n + "\n",
    "your-name-one-line": lambda n: "# D\n\n" + "[Your Name] " * n + "\n",
    "distinct-brackets-one-line": lambda n: "# D\n\n" + "".join(f"[Name {i}] " for i in range(n)) + "\n",
    "tbd-one-line": lambda n: "# D\n\n" + "TBD " * n + "\n",
    "link-openers": lambda n: "# D\n\n" + "[a](" * n + "\n",
    "link-title-openers": lambda n: "# D\n\n" + "[a](b (" * n + "\n",
    "angle-destinations": lambda n: "# D\n\n" + "[a](<b " * n + "\n",
    "unclosed-comments-inline": lambda n: "# D\n\n" + "x <!-- y " * n + "\n",
    "unclosed-comment-block": lambda n: "# D\n\n<!--\n" + "text line\n" * n,
    "comment-openers-lines": lambda n: "# D\n\n" + "<!-- a\n" * n,
    "python-hashes": lambda n: "# D\n\n```python\n" + "# " * n + "[x]\n```\n",
    "python-brackets-in-strings": lambda n: "# D\n\n```python\n" + "'[a]' " * n + "\n```\n",
    "shall-words-one-line": lambda n: "# PRD\n\n## User Stories\n\nAs a user, I want x so that y.\n\n"
    + "shall " * n + "\n",
    "given-words-one-line": lambda n: "# PRD\n\n## User Stories\n\nAs a user, I want x so that y.\n\n"
    + "given " * n + "\n",
    "korean-story-paragraphs": lambda n: "# PRD\n\n## 사용자 스토리\n\n"
    + "".join(f"사용자{i}로서 " + "으로서 " * 80 + "\n\n" for i in range(n)),
    "given-when-then-under-story": lambda n: "# PRD\n\n## User Stories\n\n### Story 1: Export\n\n"
    "As a user, I want export so that I can share.\n\n"
    + "".join(f"- Given a{i} when b then c\n" for i in range(n)),
    "gwt-paragraph-lines": lambda n: "# PRD\n\n## User Stories\n\nAs a user, I want x so that y.\n\n"
    + "".join(f"Given a{i}\nWhen b\nThen c\n" for i in range(n)),
    "a-dash-runs": lambda n: "# D\n\n" + "A-" * n + "\n\n- " + "A-" * n + "\n",
    "spaces-in-cell": lambda n: "# D\n\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n"
    "| x | High" + " " * n + "x | Low | y |\n",
    "spaces-in-heading": lambda n: "# D" + " " * n + "x\n\n## Risks" + " " * n + "(a) \n",
    "nfr-list": lambda n: "# PRD\n\n## Non-Functional Requirements\n\n"
    + "".join(f"- NFR-{i}: The system shall be fast and scalable\n" for i in range(n)),
    "disable-enable-comments": lambda n: "# D\n\n" + "".join(
        f"<!-- prdlint-disable PRD103 -->\nTBD {i}\n<!-- prdlint-enable PRD103 -->\nTBD\n\n" for i in range(n)
    ),
    "code-block-lines": lambda n: "# D\n\n```\n" + "x = [a] # y your_api_key\n" * n + "```\n",
    "code-block-one-line": lambda n: "# D\n\n```js\n" + "a[b] // " * n + "\n```\n",
    "unmatched-backtick-runs": lambda n: "# D\n\n" + "".join("`" * (i % 40 + 1) + "a " for i in range(n)) + "\n",
    "curly-quote-openers": lambda n: "# D\n\n" + "\u201c[x] " * n + "\n",
    "angle-tokens": lambda n: "# D\n\n" + "<your-name> " * n + "\n",
    "box-drawing-buttons": lambda n: "# D\n\n\u2500 " + "[Button] " * n + "\n",
    "reference-openers": lambda n: "# D\n\n" + "[a][" * n + "\n",
    "parenthesized-markers": lambda n: "# D\n\n" + "(TBD) " * n + "\n",
    "nested-brackets": lambda n: "# D\n\n" + "[" * n + "x" + "]" * n + "\n",
    "nested-spaced-brackets": lambda n: "# D\n\n" + "[ " * n + "x" + " ]" * n + "\n",
    "escaped-brackets": lambda n: "# D\n\n" + "\\[x\\] " * n + "\n",
    "heading-attributes": lambda n: "# D " + "{#a " * n + "}\n",
    "trailing-header-groups": lambda n: "# D\n\n| Impact " + "(a) " * n + "|\n|---|\n| x |\n",
    "risk-ratings": lambda n: "# D\n\n## Risks\n\n| Risk | Probability | Impact | Mitigation |\n|---|---|---|---|\n"
    + "".join(f"| r{i} | High / Medium | 2 to 3 | m |\n" for i in range(n)),
    "coverage-sentences": lambda n: "# PRD\n\n## Testing\n\n"
    + "".join(f"Line coverage of at least {i % 100}% on area {i}. " for i in range(n)) + "\n",
    "percent-spaces": lambda n: "# PRD\n\n## Testing\n\ncoverage " + " " * n + "x\n",
    # ordinary documents at scale
    "many-headings": lambda n: "# D\n\n" + "".join(f"## Heading {i}\n\nSome text {i}.\n\n" for i in range(n)),
    "many-stories": lambda n: "# PRD\n\n## User Stories\n\n" + "".join(_story(i) for i in range(n)),
    "story-paragraphs": lambda n: "# PRD\n\n## User Stories\n\n"
    + "".join(f"As a user, I want thing {i} so that I win.\n\n" for i in range(n)),
    "story-table-rows": lambda n: "# Backlog\n\n## User Stories\n\n"
    + "| ID | As a | I want | So that |\n|---|---|---|---|\n"
    + "".join(f"| US-{i} | user | thing {i} | I win |\n" for i in range(n)),
    "metric-names-repeated": lambda n: "# PRD\n\n## Success Metrics\n\n| Metric | Target |\n|---|---|\n"
    + "| Latency | 5 ms |\n" * n + "\n" + "- Latency\n" * n,
    "table-rows": lambda n: "# D\n\n| ID | Name | Acceptance Criteria |\n|---|---|---|\n"
    + "".join(f"| FR-{i} | Feature {i} | It works |\n" for i in range(n)),
    "links-and-anchors": lambda n: "# D\n\n" + "".join(f"## Part {i}\n\nSee [part](#part-{i + 1}).\n\n"
                                                        for i in range(n)),
    "duplicate-ids": lambda n: "# D\n\n" + "".join(f"- FR-{i % 50:03d}: requirement\n" for i in range(n)),
    "long-paragraph": lambda n: "# D\n\n" + "".join(f"Sentence {i} says something useful.\n" for i in range(n)),
    "long-line": lambda n: "# D\n\n" + "word " * n + "\n",
    "deep-list-nesting": lambda n: "# D\n\n" + "".join("  " * (i % 40) + "- item\n" for i in range(n)),
    "deep-quote-nesting": lambda n: "# D\n\n" + "".join("> " * (i % 30 + 1) + "quote\n" for i in range(n)),
    "front-matter-keys": lambda n: "---\n" + "".join(f"key{i}: value {i}\n" for i in range(n)) + "---\n# D\n",
    "footnotes": lambda n: "# D\n\n" + "".join(f"Text[^{i}].\n\n[^{i}]: Note {i}.\n\n" for i in range(n)),
    "emphasis-runs": lambda n: "# D\n\n" + "*a_ " * n + "\n",
    "html-attributes": lambda n: "# D\n\n<a" + " b=c" * n + "\n",
    "thematic-breaks": lambda n: "# D\n\n" + "text\n\n---\n\n" * n,
}


def _time(text: str, repeat: int) -> float:
    """CPU seconds of the best of ``repeat`` lints: steadier than wall time on a busy machine."""
    best = float("inf")
    for _ in range(repeat):
        for memo in TEXT_MEMOS:
            memo.cache_clear()
        gc.collect()
        start = time.process_time()
        lint_text(text, profile="prd")
        best = min(best, time.process_time() - start)
    return best


def calibrate(shape: Callable[[int], str], budget: float) -> int:
    """The n at which the 8n document takes about ``budget`` seconds, if time is linear."""
    n = 8
    while True:
        elapsed = _time(shape(n), 1)
        if elapsed * 8 >= budget / 4 or n >= 2_000_000:
            return max(8, int(n * budget / max(elapsed * 8, 1e-6)))
        n *= 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shapes", nargs="*", help="only these shapes (default: all)")
    parser.add_argument("--budget", type=float, default=0.5, help="seconds the 8n case should take if linear")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the best counts")
    args = parser.parse_args(argv)
    unknown = [name for name in args.shapes if name not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s): {', '.join(unknown)}; known: {', '.join(SHAPES)}")
    names = args.shapes or list(SHAPES)
    # The first run compiles the vocabulary and imports jsonschema: keep that out of the figures.
    lint_text("---\nstatus: draft\n---\n# Warm-up PRD\n\n## User Stories\n\nAs a user, I want x so that y.\n")
    print(f"{'shape':<30} {'n':>8} {'bytes 8n':>10} {'t(n)':>8} {'t(2n)':>8} {'t(4n)':>8} {'t(8n)':>8} {'8n/n':>6}")
    flagged = []
    for name in names:
        shape = SHAPES[name]
        n = calibrate(shape, args.budget)
        times = [_time(shape(n * k), args.repeat) for k in (1, 2, 4, 8)]
        growth = times[3] / max(times[0], 1e-9)
        flag = "  << over 12x" if growth > LIMIT else ""
        if flag:
            flagged.append(name)
        size = len(shape(8 * n).encode("utf-8"))
        cells = " ".join(f"{t:8.3f}" for t in times)
        print(f"{name:<30} {n:>8} {size:>10} {cells} {growth:6.1f}{flag}", flush=True)
    print(f"{len(names)} shapes; {len(flagged)} over {LIMIT:g}x" + (f": {', '.join(flagged)}" if flagged else ""))
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
