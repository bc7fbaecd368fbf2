"""Kinds of documents: what a PRD, a feature spec, a test strategy, an RFC ... is expected to hold.

Where things are:

- rules/kinds/<kind>.yaml: one file per kind (which rule families apply, required sections,
  coverage and risks, how it is recognised); :mod:`prdlint.kinds.expectations` reads them;
- rules/languages/<code>.yaml: what sections, columns, labels and stories are called in one
  language; :mod:`prdlint.kinds.languages` merges them for every kind;
- :mod:`prdlint.kinds.detection`: which kind a file is, and why (``check -v``);
- :mod:`prdlint.kinds.phrases`: how names are matched in titles and table headers.
"""

from prdlint.kinds.detection import choose_kind, detect_kind
from prdlint.kinds.expectations import (
    Expectations,
    Measurability,
    RequiredSection,
    RiskExpectations,
    builtin_kinds,
    detectable_kinds,
    expectations,
    measurability,
)
from prdlint.kinds.phrases import Phrases, normalize_header, words

__all__ = [
    "Expectations",
    "Measurability",
    "Phrases",
    "RequiredSection",
    "RiskExpectations",
    "builtin_kinds",
    "choose_kind",
    "detect_kind",
    "detectable_kinds",
    "expectations",
    "measurability",
    "normalize_header",
    "words",
]
