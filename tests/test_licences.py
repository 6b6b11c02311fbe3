"""Coxswain is Apache-2.0: no runtime dependency may be under the GPL (LGPL is fine to use)."""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement


def runtime_closure() -> set[str]:
    seen: set[str] = set()
    todo = ["coxswain"]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen - {"coxswain"}


def licence_text(name: str) -> str:
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return ""
    parts = [meta.get("License-Expression") or "", meta.get("License") or ""]
    parts += [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " ".join(parts)


def test_no_gpl_runtime_dependency() -> None:
    closure = runtime_closure()
    assert len(closure) > 20, "the dependency closure was not found"
    gpl = re.compile(r"(?<!L)GPL|GNU General Public", re.IGNORECASE)
    lgpl_ok = re.compile(r"LGPL|Lesser General Public|Library General Public", re.IGNORECASE)
    offenders = {
        name: text
        for name in closure
        if (text := licence_text(name))
        and gpl.search(text)
        and not lgpl_ok.search(text)
        and "exception" not in text.lower()
    }
    assert not offenders, f"GPL-licensed runtime dependencies: {offenders}"
