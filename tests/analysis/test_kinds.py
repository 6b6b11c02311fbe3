"""The one registry of finding kinds, checked against the findings contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coxswain.analysis.base import COMPONENTS
from coxswain.analysis.index import KIND_COMPONENT
from coxswain.analysis.kinds import KINDS
from coxswain.recommend.catalogue import CATALOGUE, ROLES

CONTRACT = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "findings.md"
STAGES = {"early", "intermediate", "advanced"}


def contract_kinds() -> list[str]:
    """The kinds of the contract's "Finding kinds" table."""
    if not CONTRACT.exists():
        pytest.skip(f"the findings contract is not beside the repository ({CONTRACT})")
    text = CONTRACT.read_text(encoding="utf-8")
    table = text.split("## Finding kinds", 1)[1]
    kinds = re.findall(r"^\| `([a-z_]+)` \|", table, re.M)
    assert kinds, f"no kinds table found in {CONTRACT}"
    return kinds


def test_every_contract_kind_is_registered_and_every_registered_kind_is_in_the_contract() -> None:
    kinds = contract_kinds()
    assert len(kinds) == len(set(kinds))
    assert sorted(set(kinds) - set(KINDS)) == [], "in the contract, not registered"
    assert sorted(set(KINDS) - set(kinds)) == [], "registered, not in the contract"


def test_good_news_kinds_are_the_contracts_info_kinds() -> None:
    contract_kinds()
    text = CONTRACT.read_text(encoding="utf-8")
    info = set(re.findall(r"^\| `([a-z_]+)` \| \(severity `info`\)", text, re.M))
    assert info == {k for k, spec in KINDS.items() if spec.good_news}


def test_registry_entries_are_complete() -> None:
    for name, spec in KINDS.items():
        assert spec.kind == name
        assert spec.component in COMPONENTS, name
        assert all(r.strip("*") for r in spec.roles), name
        assert sum(r.startswith("*") for r in spec.roles) <= 1, name
        assert not any(r.startswith("*") for r in spec.roles[:-1]), name  # only the last
        if not spec.good_news:  # problems come with what to do about them at every stage
            assert set(CATALOGUE.get(name, {})) == STAGES, name


def test_index_and_recommendations_read_the_registry() -> None:
    assert {k: s.component for k, s in KINDS.items()} == KIND_COMPONENT
    assert {k: s.roles for k, s in KINDS.items()} == ROLES
    assert set(CATALOGUE) <= set(KINDS)
