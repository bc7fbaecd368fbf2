"""prdlint: a linter for product requirements documents written in Markdown."""

__version__ = "0.1.0"
