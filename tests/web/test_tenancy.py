"""Cross-tenant isolation: every URL that takes an object id gives a 404 for another
organisation's object. The walk enumerates the URL resolver, so a new route with a parameter
that is not listed here makes the test fail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db


def _routes(
    resolver: URLResolver | None = None, prefix: str = "", ns: str = ""
) -> list[tuple[str, str, Any]]:
    """(full name, route text, pattern) of every URL pattern that takes a parameter."""
    out = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            sub_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            out += _routes(p, prefix + str(p.pattern), sub_ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if "<" in route:
                out.append((f"{ns}{p.name}", route, p))
    return out


# How to reach the *other* organisation's object through each route: (method, URL kwargs, body).
# Each route's tenant owns the objects below; the test signs in as the first tenant's owner.
Case = Callable[[Any], tuple[str, str, dict[str, Any]]]


def _run(other) -> int:
    from coxswain.web.insights.models import AnalysisRun

    return AnalysisRun.objects.create(org=other.org, status="done").pk


def _action(other) -> int:
    import datetime as dt

    from coxswain.web.insights.models import Action

    return Action.objects.create(org=other.org, title="x", due=dt.date(2026, 1, 1)).pk


def _comment(other) -> int:
    from coxswain.web.collab.services import add_comment

    posted = add_comment(
        org=other.org,
        author=other.owner,
        subject="goal",
        ref="g_bakers",
        body="theirs",
        link="/",
        title="t",
    )
    return posted.comment.pk


def _backtest(other) -> int:
    from coxswain.web.backtests.models import BacktestRun

    return BacktestRun.objects.create(org=other.org, status="done").pk


def _scenario(other) -> int:
    from coxswain.web.scenarios.models import SavedScenario

    n = SavedScenario.objects.for_org(other.org).count()
    return SavedScenario.objects.create(org=other.org, name=f"Theirs {n}").pk


def _scenario_run(other) -> int:
    from coxswain.web.scenarios.models import ScenarioRun

    return ScenarioRun.objects.create(org=other.org, status="done").pk


def _token(other) -> int:
    from coxswain.web.accounts.models import ApiToken

    return ApiToken.objects.create(
        org=other.org, membership=other.owner, name="t", prefix="p", token_hash="h" * 64
    ).pk


def _unique_element(other) -> str:
    from coxswain.web.strategy.models import Element

    Element.objects.for_org(other.org).get_or_create(
        org=other.org,
        slug="only_theirs",
        defaults={"kind": "values", "data": {"id": "only_theirs", "name": "T"}},
    )
    return "only_theirs"


def _deletion(other) -> int:
    from coxswain.web.strategy.models import StrategyChange

    return StrategyChange.objects.create(
        org=other.org,
        action="delete",
        kind="values",
        slug="gone_theirs",
        before={"id": "gone_theirs", "name": "G"},
    ).pk


def _unique_person(other) -> str:
    from coxswain.web.strategy.models import Person

    Person.objects.for_org(other.org).get_or_create(org=other.org, slug="theirs_only")
    return "theirs_only"


def _notification(other) -> int:
    from coxswain.web.collab.services import notify

    return notify(recipient=other.owner, kind="mention", text="x", link="/").pk


def _their_finding(other) -> str:
    from coxswain.web.insights.models import AnalysisRun

    finding = {"kind": "silo", "severity": "high", "subjects": ["theirs"], "title": "t"}
    AnalysisRun.objects.create(
        org=other.org, status="done", result={"findings": [{**finding, "evidence": {}}]}
    )
    return "silo:theirs"


def _their_goal(other) -> str:
    from coxswain.web.strategy.models import Element

    Element.objects.for_org(other.org).get_or_create(
        org=other.org,
        slug="g_theirs",
        defaults={
            "kind": "goals",
            "data": {"id": "g_theirs", "owner": "x", "title": "T", "key_results": []},
        },
    )
    return "g_theirs"


def _webhook(other) -> int:
    from coxswain.web.collab.webhooks import add_endpoint

    return add_endpoint(org=other.org, url="https://example.com/x", events=["action.created"]).pk


def _api_element(other, kind: str) -> str:
    from coxswain.web.strategy.models import Element

    slug = f"theirs_{kind}"
    Element.objects.for_org(other.org).get_or_create(
        org=other.org, slug=slug, defaults={"kind": kind, "data": {"id": slug, "name": "T"}}
    )
    return slug


def _api_element_case(kind: str) -> Callable[[Any], tuple[str, dict[str, Any]]]:
    return lambda other: ("api", {"slug": _api_element(other, kind)})


COVERED: dict[str, Callable[[Any], tuple[str, dict[str, Any]]]] = {
    "insights:download": lambda other: ("skip", {}),  # takes a format, not an object id
    "insights:report": lambda other: ("skip", {}),  # takes a format, not an object id
    "insights:run_status": lambda other: ("get", {"pk": _run(other)}),
    "insights:toggle_action": lambda other: ("post", {"pk": _action(other)}),
    "accounts:revoke_token": lambda other: ("post", {"pk": _token(other)}),
    "strategy:new": lambda other: ("skip", {}),  # takes a kind, not an object id
    "strategy:edit": lambda other: ("get", {"kind": "values", "slug": _unique_element(other)}),
    "strategy:delete": lambda other: ("post", {"kind": "values", "slug": _unique_element(other)}),
    "strategy:restore": lambda other: ("post", {"pk": _deletion(other)}),
    "checkins:person": lambda other: ("get", {"slug": _unique_person(other)}),
    "strategy:person_edit": lambda other: ("get", {"slug": _unique_person(other)}),
    "strategy:person_forget": lambda other: ("post", {"slug": _unique_person(other)}),
    "strategy:person_export": lambda other: ("get", {"slug": _unique_person(other)}),
    "api:run": lambda other: ("api", {"run_id": _run(other)}),
    "backtests:status": lambda other: ("get", {"pk": _backtest(other)}),
    "api:backtest": lambda other: ("api", {"backtest_id": _backtest(other)}),
    "collab:open_notification": lambda other: ("get", {"pk": _notification(other)}),
    "collab:finding": lambda other: ("get", {"finding_id": _their_finding(other)}),
    "collab:goal": lambda other: ("get", {"goal_id": _their_goal(other)}),
    "collab:action": lambda other: ("get", {"pk": _action(other)}),
    "collab:edit_action": lambda other: ("post", {"pk": _action(other)}),
    "collab:edit_comment": lambda other: ("post", {"pk": _comment(other)}),
    "collab:delete_comment": lambda other: ("post", {"pk": _comment(other)}),
    "api:comment": lambda other: ("api", {"comment_id": _comment(other)}),
    "collab:export_findings": lambda other: ("skip", {}),  # takes a format, not an object id
    "collab:export_actions": lambda other: ("skip", {}),  # takes a format, not an object id
    **{
        f"api:{kind}_element": _api_element_case(kind)
        for kind in (
            "values",
            "objectives",
            "kpis",
            "teams",
            "initiatives",
            "goals",
            "automations",
            "capabilities",
        )
    },
    "api:person": lambda other: ("api", {"slug": _unique_person(other)}),
    "api:action": lambda other: ("api", {"action_id": _action(other)}),
    "collab:webhook": lambda other: ("post", {"pk": _webhook(other)}),
    "api:webhook": lambda other: ("api", {"endpoint_id": _webhook(other)}),
    "api:webhook_deliveries": lambda other: ("api", {"endpoint_id": _webhook(other)}),
    "api:webhook_secret": lambda other: ("api_post", {"endpoint_id": _webhook(other)}),
    "api:webhook_test": lambda other: ("api_post", {"endpoint_id": _webhook(other)}),
    "scenarios:edit": lambda other: ("get", {"pk": _scenario(other)}),
    "scenarios:add_change": lambda other: ("post", {"pk": _scenario(other)}),
    "scenarios:remove_change": lambda other: ("post", {"pk": _scenario(other), "index": 0}),
    "scenarios:delete": lambda other: ("post", {"pk": _scenario(other)}),
    "scenarios:status": lambda other: ("get", {"pk": _scenario_run(other)}),
    "api:scenario": lambda other: ("api", {"scenario_id": _scenario(other)}),
    "api:scenario_run": lambda other: ("api", {"run_id": _scenario_run(other)}),
}
# Routes with a parameter that is not an organisation's object, and why.
NOT_ORG_OBJECTS = {
    "accounts:accept": "an invitation token: valid for exactly one organisation, found by its hash",
    "collab:calendar_feed": "a calendar token: names exactly one member, found by its hash",
}


def test_every_parameterised_route_is_covered() -> None:
    names = {name for name, _, _ in _routes()}
    missing = names - set(COVERED) - set(NOT_ORG_OBJECTS)
    assert not missing, f"add these routes to the cross-tenant test: {sorted(missing)}"


def test_other_organisations_objects_are_404(make_tenant, login) -> None:
    from django.test import Client
    from django.urls import reverse

    from coxswain.web.accounts.services import create_api_token

    me, other = make_tenant(), make_tenant(name="Other")
    browser = login(me.owner)
    api = Client(
        headers={"Authorization": f"Bearer {create_api_token(membership=me.owner, name='t')}"}
    )
    checked = 0
    for name, _, _ in _routes():
        if name in NOT_ORG_OBJECTS:
            continue
        method, kwargs = COVERED[name](other)
        if method == "skip":
            continue
        url = reverse(name, kwargs=kwargs)
        if method in ("api", "api_post"):
            response = api.get(url) if method == "api" else api.post(url)
        else:
            response = getattr(browser, method)(url)
        assert response.status_code == 404, f"{name} {url} gave {response.status_code}"
        checked += 1
    assert checked >= 7


def test_the_same_routes_work_for_ones_own_objects(tenant, login) -> None:
    """The 404s above are not a broken route: the owner reaches their own objects."""
    from django.urls import reverse

    c = login(tenant.owner)
    assert c.get(reverse("insights:run_status", kwargs={"pk": _run(tenant)})).status_code == 200
    assert (
        c.get(reverse("strategy:edit", kwargs={"kind": "values", "slug": "craft"})).status_code
        == 200
    )
    assert c.get(reverse("checkins:person", kwargs={"slug": "bob"})).status_code == 200
    assert (
        c.post(reverse("insights:toggle_action", kwargs={"pk": _action(tenant)})).status_code == 302
    )


def test_finding_of_another_organisation_cannot_be_dismissed(make_tenant, login) -> None:
    from django.urls import reverse

    from coxswain.web.insights.models import AnalysisRun

    me, other = make_tenant(), make_tenant(name="Other")
    AnalysisRun.objects.create(
        org=other.org,
        status="done",
        result={
            "findings": [
                {
                    "id": "silo:bakers",
                    "kind": "silo",
                    "severity": "low",
                    "subjects": ["bakers"],
                    "title": "t",
                    "evidence": {},
                }
            ]
        },
    )
    r = login(me.owner).post(
        reverse("insights:dismiss"), {"finding_id": "silo:bakers", "reason": "x"}
    )
    assert r.status_code == 404


def test_a_member_of_two_organisations_switches_between_them(make_tenant, login) -> None:
    from django.urls import reverse

    from coxswain.web.accounts.models import Membership, Role

    me, other, third = make_tenant(), make_tenant(name="Other"), make_tenant(name="Third")
    Membership.objects.create(org=other.org, user=me.owner.user, role=Role.manager)
    c = login(me.owner)
    assert c.get(reverse("insights:dashboard")).context["org"] == me.org
    assert c.post(reverse("accounts:switch"), {"org": other.org.pk}).status_code == 302
    page = c.get(reverse("insights:dashboard"))
    assert page.context["org"] == other.org and page.context["membership"].role == "manager"
    assert c.post(reverse("accounts:switch"), {"org": third.org.pk}).status_code == 404
    assert c.get(reverse("insights:dashboard")).context["org"] == other.org
