"""The owner's workbook download keeps pulse answers but not who gave them, as the check-in
form promises staff, unless the workbook sets privacy.show_survey_respondents."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from django.urls import reverse

from tests.web.conftest import COMPANY, workbook_zip


def _answer_as_everyone(org) -> None:
    from coxswain.web.checkins.services import answer_pulse
    from coxswain.web.strategy.models import Person

    for person in Person.objects.for_org(org):
        answer_pulse(
            org=org,
            person=person,
            answers={"line_of_sight": "4", "priorities": f"secret text of {person.slug}"},
            date=dt.date(2026, 3, 2),
        )


def _survey_csv(client, fmt: str = "zip") -> str:
    r = client.get(reverse("insights:download", args=[fmt]))
    assert r.status_code == 200
    data = b"".join(r.streaming_content)
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            ",".join("" if c is None else str(c) for c in row)
            for row in book["survey"].iter_rows(values_only=True)
        )
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        name = next(n for n in zf.namelist() if n.endswith("survey.csv"))
        return zf.read(name).decode()


def test_download_leaves_respondents_out(tenant, login) -> None:
    _answer_as_everyone(tenant.org)
    for fmt in ("zip", "xlsx"):
        survey = _survey_csv(login(tenant.owner), fmt)
        assert "secret text of ann" in survey  # the answers are kept
        lines = survey.splitlines()[1:]
        assert len(lines) == 4
        for line in lines:
            respondent = line.split(",")[0]
            assert respondent.startswith("anon-")
            assert respondent not in ("ann", "bob")
        # the team of two (under min_group 5) is not named either
        assert "bakers" not in survey


def test_workbook_can_opt_in_to_respondents(tenant, login) -> None:
    from coxswain.web.workbook_io import load_workbook, store_workbook
    from coxswain.workbook.read import read_workbook

    company = COMPANY + "privacy:\n  show_survey_respondents: true\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "wb.zip"
        path.write_bytes(workbook_zip({"company.yaml": company}))
        store_workbook(tenant.org, read_workbook(path))
    assert load_workbook(tenant.org).company.privacy.show_survey_respondents
    _answer_as_everyone(tenant.org)
    survey = _survey_csv(login(tenant.owner))
    assert {line.split(",")[0] for line in survey.splitlines()[1:]} == {"ann", "bob"}
