"""Facts derived from a document that several rules share, computed once and cached."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from prdlint.analysis.directives import Directive, find_directives
from prdlint.analysis.exhibits import Exhibits, find_exhibits
from prdlint.analysis.placeholders import (
    PlaceholderIndex,
    Vocabulary,
    find_placeholders,
    is_placeholder_value,
)
from prdlint.kinds import Phrases
from prdlint.kinds.languages import Lexicon, config_vocabularies, lexicon
from prdlint.model import Document

if TYPE_CHECKING:
    from prdlint.analysis.facts import ProfileFacts
    from prdlint.analysis.slugs import Anchors
    from prdlint.config import Config
    from prdlint.engine.registry import Registry


class Analysis:
    """Lazily computed facts about one document under one configuration."""

    def __init__(
        self, document: Document, vocabulary: Vocabulary, registry: Registry, config: Config | None = None
    ) -> None:
        self.document = document
        self.vocabulary = vocabulary
        self.registry = registry
        self.config = config  # None when a document is linted without a configuration (tests)
        self._profiles: dict[str, ProfileFacts] = {}

    @cached_property
    def lexicon(self) -> Lexicon:
        """The merged vocabulary of every language, with the configuration's and its packs'."""
        return lexicon(config_vocabularies(self.config))

    @cached_property
    def exhibits(self) -> Exhibits:
        """Templates and examples the document shows on purpose (after 'Template:', 'Example:')."""
        words = self.lexicon
        return find_exhibits(self.document, Phrases(words.example_labels), Phrases(words.guidance_labels))

    @cached_property
    def placeholders(self) -> PlaceholderIndex:
        return find_placeholders(self.document, self.vocabulary, self.exhibits)

    @cached_property
    def directives(self) -> list[Directive]:
        return find_directives(self.document)

    def for_profile(self, profile: str) -> ProfileFacts:
        """Facts read with a profile's expectations: sections' roles, stories, coverage, risks, IDs."""
        if profile not in self._profiles:
            from prdlint.analysis.facts import ProfileFacts

            self._profiles[profile] = ProfileFacts(self, profile)
        return self._profiles[profile]

    @cached_property
    def anchors(self) -> Anchors:
        """The in-document link targets: GitHub heading slugs and explicit HTML anchors."""
        from prdlint.analysis.slugs import find_anchors

        return find_anchors(self.document)

    def is_placeholder(self, text: str) -> bool:
        """True when a value is only template text (so a rule treats it as missing)."""
        return is_placeholder_value(text, self.vocabulary)


__all__ = ["Analysis", "Directive", "PlaceholderIndex", "Vocabulary"]
