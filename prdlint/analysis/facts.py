"""Facts about a document read with one kind's expectations, computed once and cached."""

from __future__ import annotations

import weakref
from functools import cached_property
from typing import TYPE_CHECKING

from prdlint.analysis.sections import SectionRoles
from prdlint.kinds import Expectations, expectations
from prdlint.kinds.languages import config_vocabularies

if TYPE_CHECKING:
    from prdlint.analysis import Analysis
    from prdlint.analysis.coverage import CoverageFacts
    from prdlint.analysis.ids import IdDefinition
    from prdlint.analysis.risks import RiskFacts
    from prdlint.analysis.stories import StoryFacts


class ProfileFacts:
    def __init__(self, analysis: Analysis, profile: str) -> None:
        # A weak proxy: the Analysis holds its ProfileFacts, and a cycle would outlive the document.
        self.analysis: Analysis = weakref.proxy(analysis)
        self.document = analysis.document
        self.profile = profile
        self.expectations: Expectations = expectations(profile, config_vocabularies(analysis.config))

    @cached_property
    def roles(self) -> SectionRoles:
        return SectionRoles(self.document, self.expectations)

    @cached_property
    def stories(self) -> StoryFacts:
        from prdlint.analysis.stories import find_stories

        return find_stories(self)

    @cached_property
    def coverage(self) -> CoverageFacts:
        from prdlint.analysis.coverage import find_coverage

        return find_coverage(self)

    @cached_property
    def risks(self) -> RiskFacts:
        from prdlint.analysis.risks import find_risks

        return find_risks(self)

    @cached_property
    def ids(self) -> list[IdDefinition]:
        from prdlint.analysis.ids import find_id_definitions

        return find_id_definitions(self)
