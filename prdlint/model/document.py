"""A parsed document: source, front matter, positioned blocks and the section tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from prdlint.model.frontmatter import find_front_matter
from prdlint.model.inline import HtmlSpan, Prose, normalize_label
from prdlint.model.nodes import Block, CodeBlock, FrontMatter, Heading, HtmlBlock, Table
from prdlint.model.parser import BlockBuilder, parse_blocks
from prdlint.model.sections import Section, build_sections
from prdlint.model.source import Source

B = TypeVar("B", bound=Block)


class UnreadableDocument(Exception):
    """The bytes of a file are not a text document prdlint can read."""


# UTF-32 first: its little-endian mark starts with UTF-16's.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _wide_encoding(head: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when NUL bytes sit where mostly-ASCII text in that encoding has them."""
    size = len(head) - len(head) % 4
    if size < 4:
        return None
    if all(head[i + 1 : i + 4] == b"\x00\x00\x00" for i in range(0, size, 4)) or all(
        head[i : i + 3] == b"\x00\x00\x00" for i in range(0, size, 4)
    ):
        return "UTF-32"
    units = head[: len(head) - len(head) % 2]
    for offset in (0, 1):  # big-endian: NUL first; little-endian: NUL second
        zeros = units[offset::2].count(0)
        if zeros >= 0.9 * (len(units) // 2) and units[1 - offset :: 2].count(0) == 0:
            return "UTF-16"
    return None


@dataclass(frozen=True)
class HtmlComment:
    """An HTML comment with its exact position."""

    line: int
    col: int
    end_line: int
    end_col: int
    raw: str
    prose: Prose = field(repr=False, compare=False)
    start: int = field(default=0, repr=False, compare=False)  # offset of the comment in ``prose.text``

    def position(self, offset: int) -> tuple[int, int]:
        """The source (line, column) of ``raw[offset]``, exact on every line of a multi-line comment."""
        return self.prose.position(self.start + offset)

    @property
    def body(self) -> str:
        return self.raw[4:-3] if self.raw.endswith("-->") else self.raw[4:]


@dataclass
class Document:
    """A parsed document: source, front matter, blocks and sections."""

    path: str
    source: Source
    front_matter: FrontMatter | None
    blocks: list[Block]
    root: Section
    link_labels: frozenset[str]
    load_error: str | None = None  # why the file could not be read; the document is then empty
    _all: list[Block] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str, path: str = "<string>") -> Document:
        source = Source.from_text(text)
        front = find_front_matter(source)
        body = source.text
        if front is not None:
            # Blank the front matter out so mistune sees the same line numbers.
            body = "\n" * front.end_line + source.text[source.offset(front.end_line + 1) :]
        if not body.endswith("\n"):
            body += "\n"
        # The labels are known once the whole document is parsed; prose asks for them only when scanned.
        builder = BlockBuilder(source, lambda: labels)
        state = parse_blocks(body, builder.consume)
        labels = frozenset(
            normalize_label(data.get("label", key)) for key, data in state.env.get("ref_links", {}).items()
        )
        blocks = builder.build(state)
        root = build_sections(blocks, max(source.line_count, 1))
        return cls(path, source, front, blocks, root, labels)

    @classmethod
    def unreadable(cls, path: str, reason: str) -> Document:
        """An empty document standing for a file that could not be read."""
        source = Source.from_text("")
        return cls(path, source, None, [], build_sections([], 1), frozenset(), load_error=reason)

    @classmethod
    def from_bytes(cls, data: bytes, path: str) -> Document:
        """Decode a file's bytes (UTF-8, or UTF-16/32 with a byte order mark); raises UnreadableDocument."""
        for bom, encoding in _WIDE_BOMS:
            if data.startswith(bom):
                try:
                    return cls.parse(data[len(bom) :].decode(encoding), path)
                except UnicodeDecodeError:
                    name = encoding.upper().replace("-LE", "").replace("-BE", "")
                    raise UnreadableDocument(
                        f"{name} text with a byte order mark, but not valid {name}; save it as UTF-8"
                    ) from None
        if b"\x00" in data[:8192]:
            wide = _wide_encoding(data[:8192])
            if wide is not None:
                raise UnreadableDocument(f"{wide} text without a byte order mark; save it as UTF-8")
            raise UnreadableDocument("binary file (contains NUL bytes), not a Markdown document")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise UnreadableDocument(
                f"not valid UTF-8 (byte 0x{data[error.start]:02x} at line {line}); save the file as UTF-8"
            ) from None
        return cls.parse(text, path)

    # -- navigation ------------------------------------------------------------------------------

    def walk(self) -> Iterator[Block]:
        """Every block, nested ones included, in source order."""
        if self._all is None:
            # Depth first with a stack: the same order as Block.walk, without a generator per block.
            found: list[Block] = []
            stack = self.blocks[::-1]
            while stack:
                block = stack.pop()
                found.append(block)
                stack.extend(reversed(block.children()))
            self._all = found
        return iter(self._all)

    def find(self, kind: type[B]) -> Iterator[B]:
        for block in self.walk():
            if isinstance(block, kind):
                yield block

    def headings(self) -> Iterator[Heading]:
        return self.find(Heading)

    def tables(self) -> Iterator[Table]:
        return self.find(Table)

    def code_blocks(self) -> Iterator[CodeBlock]:
        return self.find(CodeBlock)

    def sections(self) -> Iterator[Section]:
        return self.root.walk()

    def prose(self) -> Iterator[tuple[Block, Prose]]:
        """All inline text a reader sees, with the block that owns it."""
        for block in self.walk():
            for prose in block.prose():
                yield block, prose

    def html_comments(self) -> Iterator[HtmlComment]:
        """HTML comments, in HTML blocks and inline, in source order."""
        for block in self.walk():
            owners: list[Prose] = [block.text] if isinstance(block, HtmlBlock) else list(block.prose())
            for prose in owners:
                for span in prose.scan.html:
                    if span.is_comment:
                        yield self._comment(prose, span)

    @staticmethod
    def _comment(prose: Prose, span: HtmlSpan) -> HtmlComment:
        line, col = prose.position(span.start)
        end_line, end_col = prose.end_position(span.end)
        return HtmlComment(line, col, end_line, end_col, span.raw, prose, span.start)
