"""Open and overdue actions tracked in the app feed the review analysis."""

from __future__ import annotations

import datetime as dt
from typing import Any


def test_overdue_actions_make_the_reviews_lapse(tenant: Any) -> None:
    from coxswain.web.insights import services

    as_of = dt.date(2026, 3, 31)  # the sample workbook's latest KPI value
    services.record_review(
        org=tenant.org, user=None, date=dt.date(2026, 3, 20), kind="monthly", decisions=2
    )
    settings = services.analysis_settings(org=tenant.org, as_of=as_of)
    assert settings.privacy_salt == tenant.org.privacy_salt
    assert settings.tracked_actions is not None and settings.tracked_actions.open == 0
    before = services.analyze_org(org=tenant.org, as_of=as_of)
    assert "review_lapsed" not in {f.kind for f in before.findings}

    for n in range(4):
        services.create_action(
            org=tenant.org, title=f"Fix {n}", owner=tenant.manager, due=dt.date(2026, 3, 1)
        )
    services.create_action(
        org=tenant.org, title="Later", owner=tenant.manager, due=dt.date(2026, 6, 1)
    )
    after = services.analyze_org(org=tenant.org, as_of=as_of)
    (lapsed,) = [f for f in after.findings if f.kind == "review_lapsed"]
    assert lapsed.evidence["tracked_actions_overdue"] == 4
    assert lapsed.evidence["tracked_actions_open"] == 5
