"""YAML parsing that remembers where every key and value stands, for precise error messages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

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


def load_with_positions(text: str) -> tuple[Any, Positions]:
    """Parse YAML ``text`` safely; raises ``yaml.YAMLError`` (with marks) on bad syntax."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Positions()
        data = loader.construct_document(node)
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
