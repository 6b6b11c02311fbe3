"""Review cadence against the stage, and open actions."""

from __future__ import annotations

from coxswain.analysis import reviews
from coxswain.analysis.base import Section, Severity
from tests.strategies import context, workbook_of


def _ctx(as_of: str, stage: str) -> object:
    ctx = context(as_of)
    ctx.sections["stage"] = Section(name="stage", tables={"assessed": stage})
    return ctx


def test_cadence_depends_on_stage() -> None:
    wb = workbook_of({"reviews": [{"date": "2026-06-30", "kind": "quarterly"}]})
    # 92 days since the last review: fine for an early company (120), not for advanced (35)
    assert not reviews.analyze(wb, _ctx("2026-09-30", "early")).findings
    (finding,) = reviews.analyze(wb, _ctx("2026-09-30", "advanced")).findings
    assert finding.id == "review_lapsed"
    assert finding.evidence["days_since_last"] == 92
    assert finding.severity == Severity.high  # more than twice the 35 days


def test_open_actions_of_settled_reviews() -> None:
    wb = workbook_of(
        {
            "reviews": [
                {"date": "2026-06-30", "kind": "quarterly", "actions_open": 4, "actions_closed": 1},
                # fresh: its open actions are not counted yet
                {"date": "2026-09-20", "kind": "monthly", "actions_open": 9},
            ]
        }
    )
    (finding,) = reviews.analyze(wb, _ctx("2026-09-30", "intermediate")).findings
    assert finding.evidence["actions_open"] == 4 and finding.evidence["actions_stuck"]
    assert not finding.evidence["overdue"]
    assert finding.severity == Severity.medium  # 80 % open


def test_no_reviews_is_missing_evidence() -> None:
    section = reviews.analyze(workbook_of({}), context())
    assert section.score is None and "company.yaml: reviews" in section.missing


def test_overdue_actions_tracked_in_the_app_count_now() -> None:
    import dataclasses

    from coxswain.analysis.base import Settings, TrackedActions

    wb = workbook_of({"reviews": [{"date": "2026-09-01", "kind": "monthly"}]})
    ctx = _ctx("2026-09-30", "intermediate")
    assert not reviews.analyze(wb, ctx).findings  # a recent review, no open actions in it
    late = dataclasses.replace(
        ctx, settings=Settings(tracked_actions=TrackedActions(open=5, overdue=4, closed=2))
    )
    (finding,) = reviews.analyze(wb, late).findings
    assert finding.evidence["actions_late"] and finding.evidence["tracked_actions_overdue"] == 4
    assert "4 of 5 open actions are past their due date" in finding.title
    on_time = dataclasses.replace(
        ctx, settings=Settings(tracked_actions=TrackedActions(open=5, overdue=1, closed=2))
    )
    assert not reviews.analyze(wb, on_time).findings
