"""YAML parsing that remembers where every key and value stands, for precise error messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from coxswain.workbook.limits import MAX_YAML_ALIASES, MAX_YAML_DEPTH, MAX_YAML_NODES

Path_ = tuple[str | int, ...]


@dataclass
class Positions:
    """Line and column (from 1) of each value and each key, by key path."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def of_value(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """The position of the value at ``path``, else of its nearest existing parent."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), None)

    def of_key(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        return self.keys.get(tuple(path)) or self.of_value(path)


def format_path(path: Sequence[str | int]) -> str:
    """``("objectives", 2, "weight")`` → ``objectives[2].weight``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class YamlLimitError(yaml.MarkedYAMLError):
    """The YAML is over one of the caps of :mod:`coxswain.workbook.limits`; ``problem``
    says which and ``problem_mark`` where."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, bounded while it composes the node graph, before anything is
    constructed: nesting depth, alias count, and the size of the document with every alias
    expanded ("billion laughs": ten levels of ten aliases are 10^10 nodes)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._sizes: dict[int, int] = {}  # id(node) -> nodes below it, aliases expanded
        self._depths: dict[int, int] = {}  # id(node) -> levels it spans, aliases expanded

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        mark: Any = event.start_mark
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_YAML_ALIASES:
                raise YamlLimitError(
                    problem=f"more than {MAX_YAML_ALIASES:,} aliases (*name)",
                    problem_mark=mark,
                )
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise YamlLimitError(
                    problem="an alias (*name) refers to the list or mapping that holds it",
                    problem_mark=mark,
                )
            # An alias places its target's whole subtree here: nesting counts through it.
            if self._depth + self._depths[id(node)] > MAX_YAML_DEPTH:
                raise YamlLimitError(
                    problem=f"nested deeper than {MAX_YAML_DEPTH} levels (through aliases)",
                    problem_mark=mark,
                )
            return node
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise YamlLimitError(
                    problem=f"nested deeper than {MAX_YAML_DEPTH} levels",
                    problem_mark=mark,
                )
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        size = 1
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        size += sum(self._sizes[id(child)] for child in children)
        if size > MAX_YAML_NODES:
            raise YamlLimitError(
                problem=f"expands to more than {MAX_YAML_NODES:,} keys and values "
                "(aliases repeat what they name)",
                problem_mark=mark,
            )
        self._sizes[id(node)] = size
        self._depths[id(node)] = 1 + max((self._depths[id(c)] for c in children), default=0)
        return node


def load_with_positions(text: str) -> tuple[Any, Positions]:
    """Parse YAML ``text`` safely; raises ``yaml.YAMLError`` (with marks) on bad syntax and
    :class:`YamlLimitError` past the caps of :mod:`coxswain.workbook.limits`."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Positions()
        try:
            data = loader.construct_document(node)
        except ValueError:  # Python reads integers of at most 4,300 digits
            raise YamlLimitError(problem="a number of more than 4,300 digits") from None
    finally:
        loader.dispose()
    positions = Positions()
    _walk(node, (), positions)
    return data, positions


def _walk(node: yaml.Node, path: Path_, positions: Positions) -> None:
    positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            child = (*path, key)
            positions.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, child, positions)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), positions)


def is_mapping(value: Any) -> bool:
    return isinstance(value, Mapping)
