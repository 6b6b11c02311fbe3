"""Pseudonyms, group thresholds and the stored salt."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from coxswain.privacy import (
    allowed_group,
    display_name,
    display_names,
    load_or_create_salt,
    min_group,
    pseudonyms,
)
from coxswain.workbook import Workbook
from coxswain.workbook.model import Company


def _book(n_bakers: int = 6, **privacy: object) -> Workbook:
    rows = [(f"baker{i}", f"Baker Person {i}", "bakers", "Baker") for i in range(n_bakers)]
    rows += [("owner", "Olga Owner", "ops", "Owner"), ("clerk", "Cleo Clerk", "ops", None)]
    people = pl.DataFrame(rows, schema=["id", "name", "team", "role"], orient="row")
    company = Company.model_validate({"format": 1, "name": "Crust", "privacy": privacy or None})
    return Workbook(company=company, tables={"people": people})


def test_pseudonyms_are_stable_distinct_and_salted() -> None:
    book = _book()
    first = pseudonyms(book, salt="s1")
    assert first == pseudonyms(book, salt="s1")  # deterministic
    assert len(set(first.values())) == len(first)  # distinct
    assert first != pseudonyms(book, salt="s2")  # salt matters
    # a role held by >= min_group people names the role; a unique role does not
    assert all(re.fullmatch(r"Baker \d{2,}", first[f"baker{i}"]) for i in range(6))
    assert re.fullmatch(r"Person \d{2,}", first["owner"])
    assert re.fullmatch(r"Person \d{2,}", first["clerk"])
    assert not any("Olga" in v or "Owner" in v for v in first.values())


def test_adding_a_person_keeps_others_pseudonyms() -> None:
    before = pseudonyms(_book(6), salt="s")
    after = pseudonyms(_book(7), salt="s")
    # the code comes from the person's own hash: others keep theirs (barring a collision)
    same = sum(before[p] == after[p] for p in before)
    assert same >= len(before) - 1


def test_small_role_is_not_named() -> None:
    names = pseudonyms(_book(4), salt="s")  # 4 bakers < min_group 5
    assert all(v.startswith("Person ") for v in names.values())
    names3 = pseudonyms(_book(4, min_group=3), salt="s")
    assert names3["baker0"].startswith("Baker ")


def test_display_name_honours_show_names() -> None:
    assert display_name("owner", _book(show_names=True)) == "Olga Owner"
    hidden = display_name("owner", _book(), salt="s")
    assert hidden == pseudonyms(_book(), salt="s")["owner"]
    assert display_names(_book(), salt="s", extra=["ghost"])["ghost"].startswith("Person ")


def test_groups() -> None:
    book = _book()
    assert min_group(book) == 5
    assert not allowed_group(4, book) and allowed_group(5, book)
    assert min_group(_book(min_group=3)) == 3
    with pytest.raises(ValueError):
        _book(min_group=2)  # the format refuses groups under 3


def test_salt_is_stored_once(tmp_path: Path) -> None:
    salt = load_or_create_salt(tmp_path)
    assert len(salt) == 32
    assert load_or_create_salt(tmp_path) == salt
    assert (tmp_path / ".coxswain" / "salt").read_text().strip() == salt
    assert load_or_create_salt(tmp_path / "other") != salt
