"""What things are called, in every language prdlint knows: rules/languages/<code>.yaml, merged.

Each language file has a ``vocabulary:`` mapping; all of them are merged into one
:class:`Lexicon` that every kind reads, because documents mix languages (German
prose under English headings is common). A configuration's ``vocabulary:`` key and
a user pack's ``vocabulary:`` section are merged the same way, after the built-in
languages, so a team adds a language or a synonym without touching prdlint.

Keys of a vocabulary (every one optional):

sections          role -> names of sections with that role (problem, goals, requirements, metrics,
                  risks, testing, out-of-scope, user-stories, acceptance-criteria, non-functional,
                  quantitative, ...), phrases matched as whole words in a heading (see phrases.py)
risk-columns      role (risk, probability, impact, mitigation) -> table header names
risk-scales       lists of ratings that make a scale ([niedrig, mittel, hoch])
stories           regular expressions matching the start of a user story ("Als ... möchte ich")
criteria-labels   labels and headings that introduce a story's acceptance criteria
example-labels    labels that hand the reader a template or an example on purpose ("Story template:",
                  "Example:"): what follows is shown, not a leftover to fill in
guidance-labels   labels of a template's guidance to its author ("Guidance:"): the rest of the section
                  is guidance, not content
gherkin           given/when/then/and/but -> the Given/When/Then keywords of the language
coverage          words: what "test coverage" is called; adjectives: vague coverage goals;
                  negations: words that turn a percentage into a non-target ("not 100%")
coverage-scopes   scope (line, branch, unit, integration ...) -> the words naming what a coverage
                  target is for ("Zweige", "ユニット"): targets for two scopes never conflict
kinds             kind -> phrases in a document's title (or file name) that say its kind
risk-words        mitigated: words in a risk's own text that say how it is handled ("mitigated by");
                  companions: words in a risks section's title that say it holds more than bare risks
                  (their handling, dependencies, assumptions ...), so its plain bullets are not risks (PRD405)
metric-words      measures: what a metric measures (rate, 满意度); qualities: what a quantitative
                  requirement is about (response time, 尽快); questions: "whether" (PRD601)
vague-terms       words a requirement cannot be tested by ("schnell", "intuitivo"), added to the English
                  ones of rules/measurability.yaml (PRD602); a word, or a mapping with the keys of
                  that file's entries ({term: bei normalem Betrieb, with-numbers: true})
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from prdlint.kinds.packs import builtin_names, builtin_pack

VOCABULARY_KEYS = (
    "sections", "risk-columns", "risk-scales", "stories", "criteria-labels", "example-labels", "gherkin",
    "coverage", "coverage-scopes", "kinds", "vague-terms", "guidance-labels", "risk-words", "metric-words",
)
GHERKIN_STEPS = ("given", "when", "then", "and", "but")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: lexicon() caches one per vocabulary
class Lexicon:
    """The merged vocabulary of every language (see the module docstring for each part)."""

    languages: tuple[str, ...]
    sections: Mapping[str, tuple[str, ...]]
    risk_columns: Mapping[str, tuple[str, ...]]
    risk_scales: tuple[tuple[str, ...], ...]
    stories: tuple[str, ...]
    criteria_labels: tuple[str, ...]
    example_labels: tuple[str, ...]
    guidance_labels: tuple[str, ...]
    vague_terms: tuple[str | Mapping[str, Any], ...]
    gherkin: Mapping[str, tuple[str, ...]]
    coverage_words: tuple[str, ...]
    coverage_adjectives: tuple[str, ...]
    coverage_negations: tuple[str, ...]
    coverage_scopes: Mapping[str, tuple[str, ...]]
    kinds: Mapping[str, tuple[str, ...]]
    risk_words: Mapping[str, tuple[str, ...]]
    metric_words: Mapping[str, tuple[str, ...]]

    def story_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compile_all(self.stories)


@lru_cache(maxsize=8)
def _compile_all(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


class _Merger:
    def __init__(self) -> None:
        self.languages: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self.risk_columns: dict[str, list[str]] = {}
        self.risk_scales: list[tuple[str, ...]] = []
        self.stories: list[str] = []
        self.criteria_labels: list[str] = []
        self.example_labels: list[str] = []
        self.guidance_labels: list[str] = []
        self.vague_terms: list[str | Mapping[str, Any]] = []
        self.gherkin: dict[str, list[str]] = {step: [] for step in GHERKIN_STEPS}
        self.coverage: dict[str, list[str]] = {"words": [], "adjectives": [], "negations": []}
        self.coverage_scopes: dict[str, list[str]] = {}
        self.kinds: dict[str, list[str]] = {}
        self.risk_words: dict[str, list[str]] = {}
        self.metric_words: dict[str, list[str]] = {}

    def add(self, name: str, vocabulary: Mapping[str, Any]) -> None:
        self.languages.append(name)
        _extend_mapping(self.sections, vocabulary.get("sections", {}))
        _extend_mapping(self.risk_columns, vocabulary.get("risk-columns", {}))
        for scale in vocabulary.get("risk-scales", ()):
            folded = tuple(str(value).casefold() for value in scale)
            if folded not in self.risk_scales:
                self.risk_scales.append(folded)
        _extend(self.stories, vocabulary.get("stories", ()))
        _extend(self.criteria_labels, vocabulary.get("criteria-labels", ()))
        _extend(self.example_labels, vocabulary.get("example-labels", ()))
        _extend(self.guidance_labels, vocabulary.get("guidance-labels", ()))
        for term in vocabulary.get("vague-terms", ()):
            entry = term if isinstance(term, Mapping) else str(term)
            if entry not in self.vague_terms:
                self.vague_terms.append(entry)
        _extend_mapping(self.gherkin, vocabulary.get("gherkin", {}))
        _extend_mapping(self.coverage, vocabulary.get("coverage", {}))
        _extend_mapping(self.coverage_scopes, vocabulary.get("coverage-scopes", {}))
        _extend_mapping(self.kinds, vocabulary.get("kinds", {}))
        _extend_mapping(self.risk_words, vocabulary.get("risk-words", {}))
        _extend_mapping(self.metric_words, vocabulary.get("metric-words", {}))

    def lexicon(self) -> Lexicon:
        return Lexicon(
            languages=tuple(self.languages),
            sections={role: tuple(names) for role, names in self.sections.items()},
            risk_columns={role: tuple(names) for role, names in self.risk_columns.items()},
            risk_scales=tuple(self.risk_scales),
            stories=tuple(self.stories),
            criteria_labels=tuple(self.criteria_labels),
            example_labels=tuple(self.example_labels),
            guidance_labels=tuple(self.guidance_labels),
            vague_terms=tuple(self.vague_terms),
            gherkin={step: tuple(words) for step, words in self.gherkin.items()},
            coverage_words=tuple(self.coverage["words"]),
            coverage_adjectives=tuple(self.coverage["adjectives"]),
            coverage_negations=tuple(self.coverage["negations"]),
            coverage_scopes={scope: tuple(words) for scope, words in self.coverage_scopes.items()},
            kinds={kind: tuple(names) for kind, names in self.kinds.items()},
            risk_words={key: tuple(words) for key, words in self.risk_words.items()},
            metric_words={key: tuple(words) for key, words in self.metric_words.items()},
        )


def _extend(target: list[str], values: Iterable[Any]) -> None:
    for value in values:
        text = str(value)
        if text not in target:
            target.append(text)


def _extend_mapping(target: dict[str, list[str]], values: Mapping[str, Iterable[Any]]) -> None:
    for key, names in values.items():
        _extend(target.setdefault(str(key), []), names)


def builtin_languages() -> tuple[str, ...]:
    """The codes of the built-in languages (file stems of rules/languages/), English first.

    English is merged first because messages quote a role's first names ("missing section
    'Success Metrics' (or 'success metric', 'metric' ...)"); the others follow alphabetically.
    """
    return tuple(sorted(builtin_names("languages"), key=lambda code: code != "en"))


def lexicon(extra: Sequence[Mapping[str, Any]] = ()) -> Lexicon:
    """The built-in languages merged, then each extra vocabulary (configuration, user packs) in order."""
    return _lexicon(json.dumps(list(extra), sort_keys=True, default=str))


@lru_cache(maxsize=32)
def _lexicon(extra_json: str) -> Lexicon:
    merger = _Merger()
    for code in builtin_languages():
        merger.add(code, builtin_pack(f"languages/{code}").get("vocabulary", {}))
    for index, vocabulary in enumerate(json.loads(extra_json)):
        merger.add(str(vocabulary.get("language") or f"extra {index + 1}"), vocabulary)
    return merger.lexicon()


def config_vocabularies(config: Any) -> tuple[Mapping[str, Any], ...]:
    """A configuration's extra vocabularies: each rule pack's ``vocabulary:``, then its own ``vocabulary:``.

    The packs were validated when the configuration's registry was built, before any file was linted.
    """
    if config is None:
        return ()
    found: list[Mapping[str, Any]] = []
    for path in getattr(config, "rule_packs", ()):
        try:
            vocabulary = _pack_vocabulary(path.resolve(), path.stat().st_mtime_ns)
        except OSError:
            continue  # a missing pack is a configuration error reported before linting
        if vocabulary:
            found.append(vocabulary)
    if getattr(config, "vocabulary", None):
        found.append(config.vocabulary)
    return tuple(found)


@lru_cache(maxsize=64)
def _pack_vocabulary(path: Any, mtime: int) -> Mapping[str, Any]:
    from prdlint.kinds.packs import read_yaml

    data = read_yaml(path)
    vocabulary = data.get("vocabulary") if isinstance(data, dict) else None
    return vocabulary if isinstance(vocabulary, dict) else {}
