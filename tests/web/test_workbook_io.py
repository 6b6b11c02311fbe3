"""The database ↔ workbook mapping: import → database → workbook gives the same workbook."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def _read(data: bytes):
    from coxswain.workbook.read import read_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(data)
        return read_workbook(path)


def test_store_then_load_gives_the_same_workbook(tenant, make_zip) -> None:
    from coxswain.web.workbook_io import load_workbook

    original = _read(make_zip())
    loaded = load_workbook(tenant.org)
    assert loaded.company == original.company
    assert set(loaded.tables) == set(original.tables)
    for name in original.tables:
        assert loaded.table(name).equals(original.table(name)), name


def test_round_trip_through_the_writer(tenant, tmp_path) -> None:
    from coxswain.web.workbook_io import load_workbook
    from coxswain.workbook.read import read_workbook
    from coxswain.workbook.write import write_zip

    loaded = load_workbook(tenant.org)
    write_zip(loaded, tmp_path / "out.zip")
    assert read_workbook(tmp_path / "out.zip") == loaded


def test_unscoped_query_is_refused(tenant) -> None:
    from coxswain.web.strategy.models import Element
    from coxswain.web.tenancy import UnscopedQueryError

    with pytest.raises(UnscopedQueryError):
        list(Element.objects.all())
    with pytest.raises(UnscopedQueryError):
        Element.objects.create(kind="values", slug="x", data={})
    assert Element.objects.for_org(tenant.org).filter(slug="craft").exists()


def test_a_second_import_keeps_members_linked_to_their_person(tenant, make_zip) -> None:
    from coxswain.web.accounts.models import Membership
    from coxswain.web.workbook_io import store_workbook

    store_workbook(tenant.org, _read(make_zip()))
    employee = Membership.objects.for_org(tenant.org).get(pk=tenant.employee.pk)
    assert employee.person is not None and employee.person.slug == "bob"
