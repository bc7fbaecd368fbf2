"""The document model: Markdown parsed into positioned blocks, inline text and sections."""

from prdlint.model.document import Document, HtmlComment, UnreadableDocument
from prdlint.model.inline import Bracket, InlineScan, Piece, Prose
from prdlint.model.nodes import (
    Block,
    BlockQuote,
    CodeBlock,
    CodeLine,
    FootnoteDefinition,
    FrontMatter,
    Heading,
    HtmlBlock,
    LinkDefinition,
    ListBlock,
    ListItem,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    ThematicBreak,
)
from prdlint.model.sections import Section
from prdlint.model.source import Source

__all__ = [
    "Block",
    "BlockQuote",
    "Bracket",
    "CodeBlock",
    "CodeLine",
    "Document",
    "FootnoteDefinition",
    "FrontMatter",
    "Heading",
    "HtmlBlock",
    "HtmlComment",
    "InlineScan",
    "LinkDefinition",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "Piece",
    "Prose",
    "Section",
    "Source",
    "Table",
    "TableCell",
    "TableRow",
    "ThematicBreak",
    "UnreadableDocument",
]
