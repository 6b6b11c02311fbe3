# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Scenarios: saved, edited and deleted by a manager, each checked by the scenario file's
own reader (coxswain.scenarios.load: every problem placed, all at once, nothing half-stored);
compared with the baseline as a background task with progress (the analysis runs'
heartbeat and interruption sweep, coxswain.web.insights.services)."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from coxswain.scenarios.load import MAX_SCENARIOS, ScenarioError, parse_scenarios
from coxswain.scenarios.model import Scenario
from coxswain.web.insights.models import RunStatus
from coxswain.web.insights.services import (
    Heartbeat,
    LimitReached,
    claim_queued_run,
    save_progress,
    sweep_interrupted_runs,
)
from coxswain.web.scenarios.models import SavedScenario, ScenarioRun
from coxswain.workbook import WorkbookError
from coxswain.workbook.problems import Problem

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from coxswain.web.accounts.models import Organisation

log = logging.getLogger(__name__)

MAX_ACTIVE = 1
"""Scenario runs an organisation may have queued or running at once."""
LABEL = "scenario"
"""How a problem names the scenario being checked (``scenario: changes[1].amount: ...``)."""


def _problem(message: str, path: str | None = None) -> ScenarioError:
    return ScenarioError([Problem(LABEL, None, None, message, path=path)])


def check_scenario(
    *, org: Organisation, name: str, description: str = "", changes: Sequence[Any]
) -> Scenario:
    """The scenario as the engine reads it, checked against the organisation's workbook by
    the scenario file's reader; raises ScenarioError with every problem, each placed by its
    path in the scenario (``changes[1].amount``)."""
    from coxswain.web.workbook_io import company_for
    from coxswain.workbook import Workbook

    if not name.strip():
        raise _problem("name is missing: give the scenario a name", "name")
    item: dict[str, Any] = {"name": name, "changes": list(changes)}
    if description:
        item["description"] = description
    text = json.dumps({"format": 1, "scenarios": [item]}, ensure_ascii=False)
    try:
        found = parse_scenarios(text, Workbook(company=company_for(org)), label=LABEL)
    except ScenarioError as exc:
        # One scenario, not a file: its problems are placed within it, not at a line of a
        # file the owner never saw.
        raise ScenarioError(
            [
                Problem(
                    LABEL,
                    None,
                    None,
                    p.message,
                    path=(p.path or "").removeprefix("scenarios[0]").lstrip(".") or None,
                )
                for p in exc.problems
            ]
        ) from None
    (scenario,) = found.scenarios
    return scenario


def _store(
    *,
    org: Organisation,
    scenario: SavedScenario,
    name: str,
    description: str,
    changes: Sequence[Any],
) -> SavedScenario:
    name = name.strip()
    check_scenario(org=org, name=name, description=description, changes=changes)
    taken = SavedScenario.objects.for_org(org).filter(name__iexact=name)
    if scenario.pk is not None:
        taken = taken.exclude(pk=scenario.pk)
    if taken.exists():
        raise _problem(f"the name {name!r} is used by another scenario: choose another", "name")
    scenario.name, scenario.description, scenario.changes = name, description, list(changes)
    try:
        with transaction.atomic():
            scenario.save()
    except IntegrityError:
        raise _problem(f"the name {name!r} is used by another scenario", "name") from None
    return scenario


def create_scenario(
    *, org: Organisation, name: str, description: str = "", changes: Sequence[Any] = ()
) -> SavedScenario:
    """Save a new scenario; raises ScenarioError with every problem (nothing stored)."""
    return _store(
        org=org,
        scenario=SavedScenario(org=org),
        name=name,
        description=description,
        changes=changes,
    )


def update_scenario(
    *,
    org: Organisation,
    scenario: SavedScenario,
    name: str | None = None,
    description: str | None = None,
    changes: Sequence[Any] | None = None,
) -> SavedScenario:
    """Change a scenario's name, description or changes; raises ScenarioError with every
    problem (nothing changed)."""
    current = SavedScenario.objects.for_org(org).get(pk=scenario.pk)
    return _store(
        org=org,
        scenario=current,
        name=current.name if name is None else name,
        description=current.description if description is None else description,
        changes=current.changes if changes is None else changes,
    )


def add_change(*, org: Organisation, scenario: SavedScenario, change: dict[str, Any]) -> None:
    """Append one change (as the scenario file writes it); raises ScenarioError."""
    current = SavedScenario.objects.for_org(org).get(pk=scenario.pk)
    update_scenario(org=org, scenario=current, changes=[*current.changes, change])


def remove_change(*, org: Organisation, scenario: SavedScenario, index: int) -> None:
    """Remove the change at ``index`` (no such change: nothing happens)."""
    current = SavedScenario.objects.for_org(org).get(pk=scenario.pk)
    if 0 <= index < len(current.changes):
        current.changes = [c for i, c in enumerate(current.changes) if i != index]
        current.save(update_fields=["changes", "updated"])


def delete_scenario(*, org: Organisation, scenario: SavedScenario) -> None:
    SavedScenario.objects.for_org(org).filter(pk=scenario.pk).delete()


def sweep_interrupted_scenario_runs(
    *, org: Organisation | None = None, dead_workers: tuple[str, ...] = ()
) -> int:
    """Mark failed every scenario run whose worker is gone (the analysis runs' sweep)."""
    return sweep_interrupted_runs(org=org, dead_workers=dead_workers, model=ScenarioRun)


def start_run(
    *,
    org: Organisation,
    user: AbstractBaseUser | None,
    scenario_ids: Sequence[int],
    seed: int = 0,
    paths: int | None = None,
) -> ScenarioRun:
    """Queue a comparison of the chosen scenarios (none: the baseline alone, at most four)
    with the baseline. Raises ScenarioError for an unknown scenario or more than four,
    LimitReached while a run is queued or running."""
    from django.conf import settings

    from coxswain.web.accounts.models import Organisation as Org
    from coxswain.web.scenarios.tasks import run_scenarios

    ids = list(dict.fromkeys(scenario_ids))
    if len(ids) > MAX_SCENARIOS:
        raise _problem(
            f"{len(ids)} scenarios chosen; at most {MAX_SCENARIOS} are compared side by side",
            "scenarios",
        )
    found = {s.pk: s for s in SavedScenario.objects.for_org(org).filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise _problem(f"no such scenario: {', '.join(str(i) for i in missing)}", "scenarios")
    sweep_interrupted_scenario_runs(org=org)
    with transaction.atomic():
        Org.objects.select_for_update().filter(pk=org.pk).first()
        active = (
            ScenarioRun.objects.for_org(org)
            .filter(status__in=[RunStatus.queued, RunStatus.running])
            .count()
        )
        if active >= MAX_ACTIVE:
            raise LimitReached(
                "a scenario run is already queued or running; wait for it to finish, then "
                "start another"
            )
        run = ScenarioRun.objects.create(
            org=org,
            requested_by=user,
            scenarios=[found[i].as_file_item() for i in ids],
            seed=seed,
            paths=paths or settings.COXSWAIN_SCENARIO_PATHS,
            stage="queued",
        )

    def enqueue() -> None:
        result = run_scenarios.enqueue(run.pk)
        ScenarioRun.dangerously_unscoped.filter(pk=run.pk).update(task_id=str(result.id))
        run.task_id = str(result.id)

    transaction.on_commit(enqueue)
    return run


def execute_scenario_run(*, run_id: int, worker: str = "") -> None:
    """Run one queued comparison (called by the task worker ``worker``); taken only while
    it is queued, so a queue entry delivered twice does not run it twice. The scenarios are
    checked again against the workbook as it is now (it may have changed since they were
    saved)."""

    from coxswain.scenarios import render
    from coxswain.scenarios.engine import simulate
    from coxswain.scenarios.run import finding_changes, setup_from_analysis
    from coxswain.web.insights.services import analysis_settings
    from coxswain.web.workbook_io import load_workbook

    run = claim_queued_run(model=ScenarioRun, run_id=run_id, worker=worker, what="scenario run")
    if run is None:
        return
    with Heartbeat(run_id, model=ScenarioRun):
        try:
            save_progress(run, 10, "reading the workbook from the database")
            workbook = load_workbook(run.org)
            text = json.dumps({"format": 1, "scenarios": run.scenarios}, ensure_ascii=False)
            file = parse_scenarios(text, workbook, label=LABEL)
            save_progress(run, 20, "analysing the data the forecasts stand on")
            # the organisation's own settings (its pseudonym salt), as its analyses have
            settings = analysis_settings(org=run.org, as_of=None)
            setup = setup_from_analysis(workbook, settings=settings)
            n = len(file.scenarios)
            save_progress(
                run,
                50,
                f"simulating {run.paths:,} futures of the baseline"
                + (f" and {n} scenario{'s' if n != 1 else ''}" if n else ""),
            )
            report = simulate(
                setup,
                file,
                paths=run.paths,
                seed=run.seed,
                findings=finding_changes(setup, settings=settings),
            )
            save_progress(run, 95, "saving the result")
            run.result = render.to_json(report)
            run.page = json.dumps(render.context(report), ensure_ascii=False)
            run.status, run.progress, run.stage = RunStatus.done, 100, "done"
        except WorkbookError as exc:  # a ScenarioError too: a scenario no longer fits
            run.status = RunStatus.failed
            run.stage = (
                "a scenario no longer fits the workbook"
                if isinstance(exc, ScenarioError)
                else "the workbook is not valid"
            )
            run.error = "\n".join(str(p) for p in exc.problems)
        except Exception:
            log.exception("scenario run %s failed", run_id)
            run.status, run.stage = RunStatus.failed, "the scenario run failed"
            run.error = traceback.format_exc(limit=5)
        run.finished = timezone.now()
        run.heartbeat = run.finished
        run.save()
