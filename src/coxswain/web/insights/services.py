# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Writing insights: data in (workbook upload, KPI paste), analysis runs, dismissals, actions,
reviews, digests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import math
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from coxswain.tempfiles import temp_dir
from coxswain.web.accounts.models import Membership, Organisation
from coxswain.web.insights.models import (
    Action,
    ActionStatus,
    AnalysisRun,
    Dismissal,
    RunStatus,
    StrategicReview,
    evidence_hash,
)
from coxswain.web.strategy.models import KpiValue, StrategyChange
from coxswain.workbook import Problem, WorkbookError

if TYPE_CHECKING:
    from coxswain.analysis.base import Settings
    from coxswain.analysis.result import Result

log = logging.getLogger("coxswain.web")


def import_workbook_file(
    *, org: Organisation, user: AbstractBaseUser | None, name: str, chunks: Any, max_bytes: int
) -> None:
    """Read an uploaded workbook (``.zip`` or ``.xlsx``) and replace the organisation's data.

    Raises WorkbookError with every problem; nothing is stored then.
    """
    from coxswain.web.workbook_io import store_workbook
    from coxswain.workbook.read import read_workbook

    suffix = Path(name).suffix.lower()
    if suffix not in (".zip", ".xlsx"):
        raise WorkbookError(
            [Problem(name, None, None, "upload a .zip of the workbook folder or an .xlsx file")]
        )
    with temp_dir("upload") as tmp:
        path = tmp / f"workbook{suffix}"
        size = 0
        with path.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise WorkbookError(
                        [Problem(name, None, None, f"the file is larger than {max_bytes} bytes")]
                    )
                out.write(chunk)
        workbook = read_workbook(path, max_bytes=max_bytes)
    with transaction.atomic():
        store_workbook(org, workbook)
        StrategyChange.objects.create(org=org, user=user, action="import", after={"file": name})


def paste_kpi_values(*, org: Organisation, text: str) -> int:
    """Add or replace KPI values from pasted CSV (``date,kpi,value`` with a header).

    Raises WorkbookError (``pasted:line:column``) and stores nothing when a row is wrong.
    Returns the number of rows stored.
    """
    reader = csv.reader(io.StringIO(text.strip()))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:3] != ["date", "kpi", "value"]:
        raise WorkbookError(
            [Problem("pasted", 1, None, "the first line must be the header date,kpi,value")]
        )
    records: list[tuple[int, str, str, str]] = []
    problems: list[Problem] = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < 3:
            problems.append(Problem("pasted", line, None, "expected three values: date,kpi,value"))
            continue
        records.append((line, record[0].strip(), record[1].strip(), record[2].strip()))
    if problems:
        raise WorkbookError(problems)
    return store_kpi_values(org=org, records=records, source="pasted")


def store_kpi_values(
    *, org: Organisation, records: list[tuple[int, str, str, str]], source: str
) -> int:
    """Add or replace KPI values given as (line, date, kpi, value) text; all or nothing.

    Raises WorkbookError with ``source:line:column`` problems."""
    from coxswain.web.workbook_io import company_mapping, load_workbook, org_tables

    known = {k["id"] for k in company_mapping(org)["kpis"]}
    problems: list[Problem] = []
    rows: dict[tuple[str, dt.date], float] = {}
    for line, date_text, kpi, value_text in records:
        try:
            date = dt.date.fromisoformat(date_text)
        except ValueError:
            problems.append(
                Problem(source, line, "date", f"{date_text!r} is not an ISO date (2026-03-31)")
            )
            continue
        if kpi not in known:
            problems.append(Problem(source, line, "kpi", f"no KPI with id {kpi!r} in the strategy"))
            continue
        try:
            value = float(value_text)
        except ValueError:
            problems.append(Problem(source, line, "value", f"{value_text!r} is not a number"))
            continue
        if not math.isfinite(value):
            problems.append(
                Problem(source, line, "value", f"{value_text!r} is not a finite number")
            )
            continue
        if (kpi, date) in rows:
            problems.append(Problem(source, line, None, f"a second value for {kpi} on {date}"))
            continue
        rows[(kpi, date)] = value
    if problems:
        raise WorkbookError(problems)
    tables = dict(org_tables(org))
    old = tables.get("kpi_values")
    new = pl.DataFrame(
        [{"date": d, "kpi": k, "value": v} for (k, d), v in rows.items()],
        schema={"date": pl.Date(), "kpi": pl.String(), "value": pl.Float64()},
        orient="row",
    )
    if old is not None:
        old = old.join(new.select("date", "kpi"), on=["date", "kpi"], how="anti")
        new = pl.concat([old.select(new.columns), new])
    tables["kpi_values"] = new.sort("kpi", "date")
    load_workbook(org, tables=tables)  # the whole would-be workbook must still be valid
    with transaction.atomic():
        for (kpi, date), value in rows.items():
            KpiValue.objects.for_org(org).update_or_create(
                org=org, kpi=kpi, date=date, defaults={"value": value}
            )
    return len(rows)


def start_analysis(
    *, org: Organisation, user: AbstractBaseUser | None, as_of: dt.date | None = None
) -> AnalysisRun:
    """Queue an analysis of the organisation's current data; its progress shows on the run."""
    from coxswain.web.insights.tasks import run_analysis

    run = AnalysisRun.objects.create(org=org, requested_by=user, as_of=as_of, stage="queued")
    transaction.on_commit(lambda: run_analysis.enqueue(run.pk))
    return run


def _progress(run: AnalysisRun, percent: int, stage: str, status: str = RunStatus.running) -> None:
    run.progress, run.stage, run.status = percent, stage, status
    run.save(update_fields=["progress", "stage", "status"])


def analysis_settings(*, org: Organisation, as_of: dt.date | None) -> Settings:
    """The organisation's own pseudonym salt, and its tracked actions as of ``as_of`` (open,
    overdue and closed), which the review analysis weighs with the reviews' own counts."""
    from coxswain.analysis.base import Settings, TrackedActions

    day = as_of or timezone.localdate()
    actions = Action.objects.for_org(org)
    open_ = actions.filter(status=ActionStatus.open)
    return Settings(
        privacy_salt=org.privacy_salt,
        tracked_actions=TrackedActions(
            open=open_.count(),
            overdue=open_.filter(due__lt=day).count(),
            closed=actions.exclude(status=ActionStatus.open).count(),
        ),
    )


def analyze_org(*, org: Organisation, as_of: dt.date | None) -> Result:
    """The analysis of the organisation's current data, with its own settings."""
    from coxswain.analysis.runner import analyze
    from coxswain.web.workbook_io import load_workbook

    return analyze(
        load_workbook(org), as_of=as_of, settings=analysis_settings(org=org, as_of=as_of)
    )


def report_result(*, org: Organisation) -> Result:
    """The result the report shows: the latest run's, as stored. The analysis runs again, as
    of that run's date, when there is no run, one stored without its report, or one whose
    way of naming people no longer holds: names shown or hidden since, a new pseudonym salt,
    or a person named in it removed since (forgotten people stay forgotten)."""
    from coxswain.web import privacy
    from coxswain.web.insights import selectors

    latest = selectors.latest_report(org=org)
    if (
        latest is not None
        and latest.result is not None
        and latest.privacy == privacy.report_privacy(org=org)
        and selectors.all_people_exist(org=org, ids=latest.result.people)
    ):
        return latest.result
    return analyze_org(org=org, as_of=latest.as_of if latest else None)


def execute_run(*, run_id: int) -> None:
    """Run one queued analysis (called by the task worker)."""
    from coxswain.analysis.runner import analyze
    from coxswain.web import privacy
    from coxswain.web.workbook_io import load_workbook

    # A task starts from a primary key and has no request: the run itself names its organisation.
    run = AnalysisRun.dangerously_unscoped.select_related("org").get(pk=run_id)
    try:
        _progress(run, 10, "reading the workbook from the database")
        workbook = load_workbook(run.org)
        _progress(run, 30, "analysing")
        result = analyze(
            workbook, as_of=run.as_of, settings=analysis_settings(org=run.org, as_of=run.as_of)
        )
        _progress(run, 90, "saving the result")
        run.result = _json_roundtrip(result)
        run.as_of = result.as_of
        run.alignment_index = result.alignment_index
        run.components = run.result["components"]
        run.report = json.dumps(
            {
                "result": run.result,
                "labels": result.labels,
                "people": sorted(result.people),
                "privacy": privacy.report_privacy(org=run.org),
            },
            ensure_ascii=False,
        )
        run.status, run.progress, run.stage = RunStatus.done, 100, "done"
    except WorkbookError as exc:
        run.status, run.stage = RunStatus.failed, "the workbook is not valid"
        run.error = "\n".join(str(p) for p in exc.problems)
    except Exception:  # the run records the failure; the traceback goes to the log as well
        log.exception("analysis run %s failed", run_id)
        run.status, run.stage = RunStatus.failed, "the analysis failed"
        run.error = traceback.format_exc(limit=5)
    run.finished = timezone.now()
    run.save()


def _json_roundtrip(result: Any) -> Any:
    return json.loads(result.dumps(indent=None))


def dismiss_finding(
    *, org: Organisation, user: AbstractBaseUser, finding: dict[str, Any], reason: str
) -> Dismissal:
    return Dismissal.objects.create(
        org=org,
        finding_id=finding["id"],
        evidence_hash=evidence_hash(finding.get("evidence")),
        reason=reason,
        by=user,
    )


def create_action(
    *, org: Organisation, title: str, owner: Membership | None, due: dt.date, finding_id: str = ""
) -> Action:
    return Action.objects.create(org=org, title=title, owner=owner, due=due, finding_id=finding_id)


def set_action_status(*, action: Action, done: bool) -> Action:
    action.status = ActionStatus.done if done else ActionStatus.open
    action.closed = timezone.now() if done else None
    action.save(update_fields=["status", "closed"])
    return action


def record_review(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    date: dt.date,
    kind: str,
    decisions: int,
    notes: str = "",
) -> StrategicReview:
    """A strategic review; its open/closed action counts are taken from the actions as of now."""
    actions = Action.objects.for_org(org)
    review = StrategicReview.objects.create(
        org=org,
        date=date,
        kind=kind,
        decisions=decisions,
        notes=notes,
        actions_open=actions.filter(status=ActionStatus.open).count(),
        actions_closed=actions.filter(status=ActionStatus.done).count(),
    )
    StrategyChange.objects.create(
        org=org,
        user=user,
        action="create",
        kind="reviews",
        slug=str(date),
        after={"date": str(date), "kind": kind, "decisions": decisions},
    )
    return review


def _new_findings(
    *, org: Organisation, run: AnalysisRun | None, since: dt.date
) -> list[dict[str, Any]]:
    """Open findings of the latest run that no run finished before ``since`` had: what is new
    this week."""
    from coxswain.web.insights.selectors import findings_view

    if run is None or run.finished is None or run.finished.date() < since:
        return []
    before = (
        AnalysisRun.objects.for_org(org)
        .filter(status=RunStatus.done, finished__date__lt=since)
        .order_by("-finished")
        .first()
    )
    seen = {f["id"] for f in (before.result or {}).get("findings", [])} if before else set()
    return [
        f for f in findings_view(org=org, run=run) if not f["dismissed"] and f["id"] not in seen
    ]


@dataclass(frozen=True)
class DigestStats:
    sent: int
    skipped: int


NUDGE_INTERVAL = dt.timedelta(days=7)


def send_nudges_if_due(*, now: dt.datetime | None = None) -> DigestStats | None:
    """Send this week's round of nudges unless one went out less than a week ago (the
    scheduler in ``coxswain serve`` calls this every hour). Returns the round's figures, or
    None when none was due."""
    from coxswain.web.insights.models import NudgeRound

    now = now or timezone.now()
    with transaction.atomic():
        last = NudgeRound.objects.select_for_update().order_by("-sent").first()
        if last is not None and now - last.sent < NUDGE_INTERVAL:
            return None
        stats = send_nudges(today=timezone.localdate(now))
        round_ = NudgeRound.objects.create(emails=stats.sent, skipped=stats.skipped)
        NudgeRound.objects.filter(pk=round_.pk).update(sent=now)
    return stats


def send_nudges(*, today: dt.date | None = None) -> DigestStats:
    """Weekly digest (new findings, overdue actions) to owners and managers who want it, and
    check-in reminders to staff who want them. Returns how many e-mails went out."""
    from django.conf import settings
    from django.core.mail import send_mail

    from coxswain.web.insights.selectors import latest_run

    today = today or timezone.localdate()
    sent = skipped = 0
    for org in Organisation.objects.all():
        run = latest_run(org=org)
        new_findings = _new_findings(org=org, run=run, since=today - dt.timedelta(days=7))
        overdue = list(Action.objects.for_org(org).filter(status=ActionStatus.open, due__lt=today))
        for m in Membership.objects.for_org(org).select_related("user"):
            email = m.user.email
            if not email:
                skipped += 1
                continue
            if m.at_least("manager"):
                if not m.digest_emails or not (new_findings or overdue):
                    skipped += 1
                    continue
                lines = [f"Coxswain weekly digest for {org.name}", ""]
                if new_findings:
                    lines += [
                        "New findings:",
                        *(f"- [{f['severity']}] {f['title']}" for f in new_findings),
                        "",
                    ]
                if overdue:
                    lines += [
                        "Overdue actions:",
                        *(f"- {a.title} (due {a.due})" for a in overdue),
                        "",
                    ]
                lines.append(f"{settings.COXSWAIN_BASE_URL}/")
                send_mail(f"Coxswain: {org.name} this week", "\n".join(lines), None, [email])
            else:
                if not m.reminder_emails:
                    skipped += 1
                    continue
                send_mail(
                    f"Coxswain: time for your check-in at {org.name}",
                    f"Please update your goals' progress: {settings.COXSWAIN_BASE_URL}/checkins/\n"
                    "(Turn these reminders off under Settings.)",
                    None,
                    [email],
                )
            sent += 1
    return DigestStats(sent=sent, skipped=skipped)
