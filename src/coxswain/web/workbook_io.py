# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The database ↔ workbook mapping.

:func:`load_workbook` builds a validated :class:`~coxswain.workbook.Workbook` from an
organisation's rows (through :func:`coxswain.workbook.read.build_workbook`, the same validation
as a file); :func:`store_workbook` replaces an organisation's rows with a workbook's content,
all or nothing. ``company_mapping`` and ``tables`` may be overridden, so that an editor can
validate the would-be state before saving it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import polars as pl
from django.db import transaction

from coxswain.web.accounts.models import Organisation
from coxswain.web.checkins.models import CheckIn, SurveyAnswer, SurveySettings
from coxswain.web.insights.models import StrategicReview
from coxswain.web.strategy.models import (
    KINDS,
    CompanyProfile,
    Element,
    EvidenceTable,
    Kind,
    KpiValue,
    Person,
)
from coxswain.workbook import Company, Workbook
from coxswain.workbook.tables import TABLES

BLOB_TABLES = ("messages", "ideas", "spend", "transactions")
PEOPLE_COLUMNS = TABLES["people"].column_names


def profile_for(org: Organisation) -> CompanyProfile:
    profile = CompanyProfile.objects.for_org(org).first()
    if profile is None:
        profile = CompanyProfile.objects.create(org=org, name=org.name)
    return profile


def company_mapping(org: Organisation) -> dict[str, Any]:
    """The organisation's company.yaml, as the mapping that ``build_workbook`` validates."""
    p = profile_for(org)
    mapping: dict[str, Any] = {"format": 1, "name": p.name, "currency": p.currency}
    if p.locale and p.locale != "en":
        mapping["locale"] = p.locale
    if p.employees is not None:
        mapping["employees"] = p.employees
    if p.stage:
        mapping["stage"] = p.stage
    if p.mission:
        mapping["mission"] = p.mission
    if p.vision:
        mapping["vision"] = p.vision
    for kind in KINDS:
        mapping[kind] = []
    for element in Element.objects.for_org(org).order_by("position", "id"):
        mapping[element.kind].append(dict(element.data))
    mapping["privacy"] = {
        "min_group": p.min_group,
        "show_names": p.show_names,
        "keep_message_text": p.keep_message_text,
        "show_survey_respondents": show_survey_respondents(org),
    }
    mapping["reviews"] = [
        {
            "date": r.date.isoformat(),
            "kind": r.kind,
            "decisions": r.decisions,
            "actions_open": r.actions_open,
            "actions_closed": r.actions_closed,
            **({"notes": r.notes} if r.notes else {}),
        }
        for r in StrategicReview.objects.for_org(org).order_by("date", "id")
    ]
    return mapping


def _frame(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=TABLES[name].schema, orient="row")


def org_tables(org: Organisation) -> dict[str, pl.DataFrame]:
    """The organisation's evidence tables (only those it has), typed as in tables.py."""
    tables: dict[str, pl.DataFrame] = {}
    kpi_rows = list(
        KpiValue.objects.for_org(org).order_by("kpi", "date").values("date", "kpi", "value")
    )
    if kpi_rows:
        tables["kpi_values"] = _frame("kpi_values", kpi_rows)
    people = list(Person.objects.for_org(org).order_by("slug").values())
    if people:
        tables["people"] = _frame(
            "people",
            [
                {
                    **{c: (p[c] if p[c] != "" else None) for c in PEOPLE_COLUMNS if c in p},
                    "id": p["slug"],
                }
                for p in people
            ],
        )
    survey = list(
        SurveyAnswer.objects.for_org(org)
        .order_by("date", "id")
        .values("respondent", "date", "question", "answer", "team")
    )
    if survey:
        tables["survey"] = _frame(
            "survey",
            [{**r, "answer": r["answer"] or None, "team": r["team"] or None} for r in survey],
        )
    for blob in EvidenceTable.objects.for_org(org):
        tables[blob.name] = pl.read_parquet(io.BytesIO(bytes(blob.data)))
    checkins = _checkin_rows(org)
    if checkins:
        # check-ins of imported rows without a person of the app are kept as a blob
        frame = _frame("checkins", checkins)
        kept = tables.get("checkins")
        if kept is not None:
            frame = pl.concat([kept.select(frame.columns), frame]).sort("date", maintain_order=True)
        tables["checkins"] = frame
    return tables


def _checkin_rows(org: Organisation) -> list[dict[str, Any]]:
    """The app's check-ins as rows of checkins.csv (a key result named by its id where it
    has one, else by its index), oldest first."""
    ids: dict[tuple[str, int], str] = {}
    for element in Element.objects.for_org(org).filter(kind=Kind.goal):
        for i, kr in enumerate(element.data.get("key_results") or []):
            if kr.get("id"):
                ids[(element.slug, i)] = kr["id"]
    return [
        {
            "date": c.date,
            "person": c.person.slug,
            "goal": c.goal,
            "key_result": ids.get((c.goal, c.key_result), str(c.key_result)),
            "value": c.value,
            "confidence": c.confidence,
        }
        for c in CheckIn.objects.for_org(org).select_related("person").order_by("date", "id")
    ]


def build(company: Mapping[str, Any], tables: Mapping[str, pl.DataFrame]) -> Workbook:
    """Validate in-memory workbook data (raises WorkbookError), as a file would be."""
    from coxswain.workbook.read import build_workbook

    return build_workbook(company, tables)


def company_for(org: Organisation) -> Company:
    """The organisation's company.yaml as the typed :class:`Company` (what the pages read
    the strategy from; it was validated as part of the whole workbook when stored), each
    key result measured by a KPI at the KPI's latest value, as the analysis reads it
    (:func:`coxswain.workbook.workbook.key_results_from_kpis`)."""
    from coxswain.workbook.workbook import key_results_from_kpis

    company = Company.model_validate(company_mapping(org))
    linked = {kr.kpi for g in company.goals for kr in g.key_results if kr.kpi is not None}
    if not linked:
        return company
    rows = KpiValue.objects.for_org(org).filter(kpi__in=linked).values_list("date", "kpi", "value")
    frame = pl.DataFrame(
        list(rows), schema={"date": pl.Date, "kpi": pl.String, "value": pl.Float64}, orient="row"
    )
    return key_results_from_kpis(company, frame)


def load_workbook(
    org: Organisation,
    *,
    company: Mapping[str, Any] | None = None,
    tables: Mapping[str, pl.DataFrame] | None = None,
) -> Workbook:
    """The organisation's workbook (or a would-be one with ``company``/``tables`` replaced)."""
    return build(
        company if company is not None else company_mapping(org),
        tables if tables is not None else org_tables(org),
    )


def _opt_str(value: Any) -> str:
    return "" if value is None else str(value)


@transaction.atomic
def store_workbook(org: Organisation, workbook: Workbook) -> None:
    """Replace the organisation's strategy and evidence with ``workbook``'s, all or nothing."""
    company = workbook.company
    data = company.model_dump(mode="json")
    profile = profile_for(org)
    profile.name = company.name
    profile.currency = company.currency
    profile.locale = company.locale
    profile.employees = company.employees
    profile.stage = company.stage.value if company.stage else ""
    profile.mission = company.mission or ""
    profile.vision = company.vision or ""
    profile.min_group = company.privacy.min_group
    profile.show_names = company.privacy.show_names
    profile.keep_message_text = company.privacy.keep_message_text
    profile.save()
    SurveySettings.objects.for_org(org).update_or_create(
        org=org, defaults={"show_respondents": company.privacy.show_survey_respondents}
    )
    if org.name != company.name:
        org.name = company.name
        org.save(update_fields=["name"])

    Element.objects.for_org(org).delete()
    Element.dangerously_unscoped.bulk_create(
        Element(org=org, kind=kind, slug=item["id"], position=i, data=_compact(item))
        for kind in KINDS
        for i, item in enumerate(data[kind])
    )
    StrategicReview.objects.for_org(org).delete()
    StrategicReview.dangerously_unscoped.bulk_create(
        StrategicReview(
            org=org,
            date=r.date,
            kind=r.kind.value,
            decisions=r.decisions,
            actions_open=r.actions_open,
            actions_closed=r.actions_closed,
            notes=r.notes or "",
        )
        for r in company.reviews
    )

    KpiValue.objects.for_org(org).delete()
    KpiValue.dangerously_unscoped.bulk_create(
        (
            KpiValue(org=org, kpi=r["kpi"], date=r["date"], value=r["value"])
            for r in workbook.kpi_values.select("date", "kpi", "value").iter_rows(named=True)
        ),
        batch_size=2000,
    )
    # Memberships keep pointing at their person across a re-import, by id.
    linked = {
        m.pk: m.person.slug
        for m in org_memberships(org).select_related("person")
        if m.person is not None
    }
    # ... and so do the actions assigned to a person.
    from coxswain.web.insights.models import Action

    assigned = {
        a.pk: a.person.slug
        for a in Action.objects.for_org(org).select_related("person")
        if a.person is not None
    }
    Person.objects.for_org(org).delete()
    Person.dangerously_unscoped.bulk_create(
        Person(
            org=org,
            slug=r["id"],
            name=_opt_str(r["name"]),
            team=_opt_str(r["team"]),
            role=_opt_str(r["role"]),
            manager=_opt_str(r["manager"]),
            hired=r["hired"],
            skills=_opt_str(r["skills"]),
            training_hours=r["training_hours"],
            email=_opt_str(r.get("email")),
            handles=_opt_str(r.get("handles")),
        )
        for r in workbook.people.iter_rows(named=True)
    )
    if linked or assigned:
        people = {p.slug: p for p in Person.objects.for_org(org)}
        for membership in org_memberships(org).filter(pk__in=linked):
            membership.person = people.get(linked[membership.pk])
            membership.save(update_fields=["person"])
        for action in Action.objects.for_org(org).filter(pk__in=assigned):
            action.person = people.get(assigned[action.pk])
            action.save(update_fields=["person"])

    SurveyAnswer.objects.for_org(org).delete()
    SurveyAnswer.dangerously_unscoped.bulk_create(
        (
            SurveyAnswer(
                org=org,
                respondent=r["respondent"],
                date=r["date"],
                question=r["question"],
                answer=_opt_str(r["answer"]),
                team=_opt_str(r.get("team")),
            )
            for r in workbook.survey.iter_rows(named=True)
        ),
        batch_size=2000,
    )

    CheckIn.objects.for_org(org).delete()
    unplaced = _store_checkins(org, workbook)

    EvidenceTable.objects.for_org(org).delete()
    blobs = {name: workbook.table(name) for name in BLOB_TABLES if workbook.has(name)}
    if unplaced is not None:
        blobs["checkins"] = unplaced
    for name, frame in blobs.items():
        buffer = io.BytesIO()
        frame.write_parquet(buffer)
        EvidenceTable.objects.create(org=org, name=name, data=buffer.getvalue(), rows=frame.height)


def _store_checkins(org: Organisation, workbook: Workbook) -> pl.DataFrame | None:
    """The workbook's check-ins as the app's, where their person is one of the app's; the
    rows without such a person are returned (kept as they were, as a blob)."""
    from coxswain.workbook.workbook import key_result_index

    if not workbook.has("checkins"):
        return None
    people = {p.slug: p for p in Person.objects.for_org(org)}
    goals = {g.id: g for g in workbook.company.goals}
    frame = workbook.checkins
    placed: list[CheckIn] = []
    kept: list[int] = []
    for i, r in enumerate(frame.iter_rows(named=True)):
        person = people.get(r["person"] or "")
        goal = goals.get(r["goal"])
        index = key_result_index(goal, r["key_result"]) if goal else None
        if person is None or index is None:
            kept.append(i)
            continue
        placed.append(
            CheckIn(
                org=org,
                person=person,
                goal=r["goal"],
                key_result=index,
                date=r["date"],
                value=r["value"],
                confidence=r["confidence"],
            )
        )
    CheckIn.dangerously_unscoped.bulk_create(placed, batch_size=2000)
    if not kept:
        return None
    return frame.select(TABLES["checkins"].column_names)[kept]


def show_survey_respondents(org: Organisation) -> bool:
    """company.yaml ``privacy.show_survey_respondents`` (false unless a workbook set it)."""
    return bool(
        SurveySettings.objects.for_org(org).values_list("show_respondents", flat=True).first()
    )


def download_workbook(org: Organisation) -> Workbook:
    """The organisation's workbook as the app lets an owner download it: survey respondents
    left out unless ``privacy.show_survey_respondents`` (see
    :func:`coxswain.privacy.without_respondents`)."""
    from coxswain.privacy import without_respondents

    return without_respondents(load_workbook(org))


def org_memberships(org: Organisation) -> Any:
    from coxswain.web.accounts.models import Membership

    return Membership.objects.for_org(org)


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """An element's mapping without null values (as an owner would write it)."""
    return {k: v for k, v in item.items() if v is not None}


def kpi_history(
    org: Organisation, kpi: str, *, until: dt.date | None = None
) -> list[tuple[dt.date, float]]:
    qs = KpiValue.objects.for_org(org).filter(kpi=kpi)
    if until:
        qs = qs.filter(date__lte=until)
    return [(v.date, v.value) for v in qs.order_by("date")]
