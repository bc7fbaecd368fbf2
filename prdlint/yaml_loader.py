"""The one way prdlint reads YAML: safe, and bounded whatever the text.

Every YAML prdlint reads (a document's front matter, ``.prdlint.yaml``, rule packs, front matter
schema files) goes through :func:`load` or :func:`load_with_nodes`. On top of PyYAML's safe loader
(the C one where PyYAML has it):

- aliases may not expand the document by more than :data:`ALIAS_BUDGET` nodes: a "billion laughs"
  of a few hundred bytes would otherwise take gigabytes in whatever walks the data afterwards;
- an alias may not refer to a node that contains it (``a: &a [*a]``): data that contains itself
  sends every later walk into endless recursion;
- nesting deeper than Python's recursion allows, and values PyYAML's constructors choke on
  (``created: 2024-02-30``, ``!!int abc``), are errors like any other.

Each problem is a :class:`yaml.MarkedYAMLError` with the position of the node at fault, so callers
report it as they report a syntax error: a PRD505 finding for front matter, a configuration error
(exit code 2) for configuration files, packs and schemas.
"""

from __future__ import annotations

from typing import Any

import yaml

ALIAS_BUDGET = 10_000  # nodes that aliases may add to a document, beyond its own

class YamlLimitError(yaml.MarkedYAMLError):
    """A YAML text prdlint refuses to load: an alias bomb, a recursive alias, or nesting too deep."""


class _Checked(yaml.constructor.SafeConstructor):
    """Constructors that turn any exception into a ConstructorError at the node (mixed into a loader)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except RecursionError:
            raise YamlLimitError(problem="nested too deeply", problem_mark=node.start_mark) from None
        except Exception as error:  # PyYAML's constructors raise ValueError and others for odd values
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            if node.tag.endswith(":timestamp"):
                problem = f"{value!r} is not a valid date" + (f" ({_reason(error)})" if isinstance(error, ValueError)
                                                              else "")
            else:
                problem = f"cannot read {value!r}: {_reason(error)}"
            raise yaml.constructor.ConstructorError(problem=problem, problem_mark=node.start_mark) from None


class _Loader(_Checked, yaml.SafeLoader):
    """Pure Python: slower, with clearer syntax error messages (for configuration files)."""


# The C loader is several times faster (for documents' front matter) where PyYAML has it.
_FastLoader: Any = type("_FastLoader", (_Checked, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), {})


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__


def _check(root: yaml.Node) -> None:
    """Refuse recursive aliases and aliases that expand beyond the budget (iteratively: no recursion)."""
    distinct: dict[int, yaml.Node] = {}
    sizes: dict[int, int] = {}  # id(node) -> nodes it stands for, aliases expanded
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = total
            if total - len(distinct) > ALIAS_BUDGET:
                raise YamlLimitError(
                    problem=f"aliases expand to more than {ALIAS_BUDGET:,} extra nodes (an alias bomb?)",
                    problem_mark=node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise YamlLimitError(problem="an alias refers to a node that contains it", problem_mark=node.start_mark)
        distinct[key] = node
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise YamlLimitError(
                    problem="an alias refers to a node that contains it", problem_mark=child.start_mark
                )
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    return []


def load_with_nodes(text: str, *, fast: bool = False) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text and its node tree (for positions); raises yaml.YAMLError.

    ``fast`` uses libyaml's parser where PyYAML has it (its syntax error messages are terser).
    """
    loader = (_FastLoader if fast else _Loader)(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise YamlLimitError(problem="nested too deeply", problem_mark=None) from None
        if node is None:
            return None, None
        _check(node)
        return loader.construct_document(node), node
    finally:
        loader.dispose()


def load(text: str, *, fast: bool = False) -> Any:
    """The data of a YAML text; raises yaml.YAMLError (a MarkedYAMLError names the line)."""
    return load_with_nodes(text, fast=fast)[0]


def problem_of(error: yaml.YAMLError) -> tuple[str, int | None, int | None]:
    """What is wrong, and the 1-based line and column, of a YAML error."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or (str(error).splitlines() or [type(error).__name__])[0]
    if mark is None:
        return problem, None, None
    return problem, mark.line + 1, mark.column + 1
