"""The starter templates: YAML files under ``coxswain/templates``, read as package data."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

TEMPLATE_PACKAGE = "coxswain.templates"


def template_names() -> list[str]:
    """The names of the bundled templates (``cafe``, ``shop``, …), sorted."""
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in files(TEMPLATE_PACKAGE).iterdir()
        if entry.name.endswith(".yaml")
    )


def template_text(name: str) -> str:
    """The YAML text of one template, as an owner would read it."""
    if name not in template_names():
        raise KeyError(f"no template {name!r}; choose one of: {', '.join(template_names())}")
    return files(TEMPLATE_PACKAGE).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


@cache
def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load(template_text(name))
    if not isinstance(data, dict):
        raise ValueError(f"template {name!r} is not a mapping")
    return data


def load_template(name: str) -> dict[str, Any]:
    """One template as a fresh mapping (a deep copy: callers may change it)."""
    import copy

    return copy.deepcopy(_load(name))


def template_titles() -> dict[str, str]:
    """Template name → its human title, e.g. ``{"cafe": "Café or bakery", …}``."""
    return {name: str(_load(name)["title"]) for name in template_names()}
