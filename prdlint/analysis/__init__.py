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
    from prdlint.engine.registry import Registry


class Analysis:
    """Lazily computed facts about one document under one configuration."""

    def __init__(self, document: Document, vocabulary: Vocabulary, registry: Registry) -> None:
        self.document = document
        self.vocabulary = vocabulary
        self.registry = registry

    @cached_property
    def placeholders(self) -> PlaceholderIndex:
        return find_placeholders(self.document, self.vocabulary)

    @cached_property
    def directives(self) -> list[Directive]:
        return find_directives(self.document)

    def is_placeholder(self, text: str) -> bool:
        """True when a value is only template text (so a rule treats it as missing)."""
        return is_placeholder_value(text, self.vocabulary)


__all__ = ["Analysis", "Directive", "PlaceholderIndex", "Vocabulary"]
