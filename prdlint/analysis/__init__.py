"""Facts derived from a document that several rules share, computed once and cached."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from prdlint.analysis.directives import Directive, find_directives
from prdlint.analysis.placeholders import (
    PlaceholderIndex,
    Vocabulary,
    find_placeholders,
    is_placeholder_value,
)
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
    def placeholders(self) -> PlaceholderIndex:
        return find_placeholders(self.document, self.vocabulary)

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
