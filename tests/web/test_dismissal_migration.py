"""insights/0006 fills in the finding of dismissals stored before it, from the stored runs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coxswain.analysis.dismissals import evidence_hash


@pytest.mark.django_db(transaction=True)
def test_earlier_dismissals_get_their_finding_from_the_stored_run() -> None:
    before, after = [("insights", "0005_run_heartbeat")], [("insights", "0006_dismissal_finding")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    org = old.get_model("accounts", "Organisation")._default_manager.create(name="Bakery")
    runs = old.get_model("insights", "AnalysisRun")._default_manager
    dismissals = old.get_model("insights", "Dismissal")._default_manager
    evidence = {"latest": 4.2, "target": 4.6}
    finding = {
        "id": "kpi_off_track:review_rating:bread_quality",
        "kind": "kpi_off_track",
        "severity": "high",
        "subjects": ["review_rating", "bread_quality"],
        "title": "t",
        "evidence": evidence,
    }
    runs.create(org=org, status="done", result={"findings": [finding]})
    known = dismissals.create(
        org=org, finding_id=finding["id"], evidence_hash=evidence_hash(evidence), reason="oven"
    )
    lost = dismissals.create(
        org=org, finding_id="silo:design", evidence_hash=evidence_hash({"x": 1}), reason="r"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("insights", "Dismissal")
    filled = new._default_manager.get(pk=known.pk)
    assert (filled.kind, filled.subjects, filled.severity, filled.evidence) == (
        "kpi_off_track",
        ["review_rating", "bread_quality"],
        "high",
        evidence,
    )
    unfound = new._default_manager.get(pk=lost.pk)  # in no run: the old rule (equal evidence)
    assert (unfound.kind, unfound.subjects, unfound.severity, unfound.evidence) == (
        "silo",
        ["design"],
        "",
        None,
    )
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
