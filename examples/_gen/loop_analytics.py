"""Loop Analytics: a SaaS company that sells more than it delivers."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from . import core
from .core import END, Example, Person, TeamPlan, frac, month_ends, path
from .text import Composer, Topic

NAME = "loop_analytics"
SEED = 4401
START = dt.date(2023, 10, 1)

TOPICS = {
    "engineering": Topic(
        things=(
            "deploy",
            "release branch",
            "code review",
            "CI pipeline",
            "migration",
            "on-call rotation",
            "query planner",
            "API rate limits",
            "test suite",
            "data pipeline",
            "refactor",
        ),
        positive=(
            "Deploy went out cleanly {past}, zero rollbacks.",
            "The new query planner cut p95 latency in half. Nice work {person}!",
            "Love the new test fixtures, the suite is so much faster now.",
            "Thanks {person} for the thorough code review, caught a nasty bug.",
            "Zero pages during on-call this week. Great work on reliability!",
            "CI is green again and under ten minutes, great job.",
        ),
        neutral=(
            "PR for the ingestion refactor is up, reviews welcome.",
            "Release branch cut {future}.",
            "Migrating the events table {future}, expect a short lock.",
            "On-call handover: two alerts, both resolved.",
            "Bumping the Postgres minor version in staging.",
            "Pairing with {person} on the exporter bug {future}.",
            "Feature flag for the new charts is on in staging.",
            "Who owns the nightly backfill job now?",
            "Benchmarks for the aggregation service are in the wiki.",
            "Standup moved to 10:15 {future}.",
            "Rotating the API keys for the ingestion workers.",
            "Docs for the v3 endpoints are merged.",
        ),
        negative=(
            "Flaky tests again, I lost a whole morning to reruns.",
            "We keep getting pulled into sales promises we never scoped.",
            "Pager went off three times last night, I'm wrecked.",
            "The migration failed halfway and we lost the afternoon.",
            "Priorities changed again mid-sprint, really frustrating.",
        ),
    ),
    "product": Topic(
        things=(
            "roadmap",
            "spec",
            "adoption dashboard",
            "onboarding flow",
            "user interviews",
            "beta feedback",
            "reporting module",
            "AI insights beta",
        ),
        positive=(
            "User interviews {past} were really encouraging for the new dashboard.",
            "Spec for the alerts feature got great feedback from design.",
        ),
        neutral=(
            "Roadmap review {future}, please add your items.",
            "Updated the adoption dashboard with last month's cohorts.",
            "Drafting the spec for scheduled reports.",
        ),
        negative=(
            "Adoption of the reporting module keeps dropping and nobody owns onboarding.",
            "Sales sold the AI insights feature as if it were finished. It isn't.",
            "New accounts sign up, poke around for a week and never come back.",
        ),
    ),
    "sales": Topic(
        things=(
            "pipeline",
            "demo",
            "enterprise deal",
            "quota",
            "proposal",
            "renewal",
            "pricing page",
            "discovery call",
        ),
        positive=(
            "Closed the Meridian deal {past}! Biggest logo this quarter.",
            "Demo went brilliantly, they loved the AI insights pitch.",
            "Pipeline is the strongest it has ever been, great work team.",
            "Crushed the quarterly quota, drinks on me!",
        ),
        neutral=(
            "Demo with Northwind {future} at 3pm.",
            "Updated the pipeline forecast in the CRM.",
            "Proposal for Atlas goes out {future}.",
        ),
        negative=(
            "Lost the renewal at Brightline, they said the product didn't do what we showed.",
            "Prospect asked for a reference customer using AI insights. We have none.",
        ),
    ),
    "marketing": Topic(
        things=(
            "campaign",
            "webinar",
            "ad budget",
            "landing page",
            "lead magnet",
            "launch email",
            "paid social",
            "conference booth",
        ),
        positive=(
            "Webinar signups hit a record {past}, amazing!",
            "Paid social is crushing it, cost per signup down again.",
            "The launch email had a fantastic click rate. Great copy {person}!",
            "Signups are up again this month, love to see it.",
        ),
        neutral=(
            "Campaign brief for Q4 is in the drive.",
            "Moving the webinar to {future}.",
            "Ad budget for next month approved.",
        ),
        negative=("Landing page went down during the launch, frustrating.",),
    ),
    "support": Topic(
        things=(
            "ticket queue",
            "escalation",
            "bug report",
            "refund request",
            "churn call",
            "help article",
            "SLA",
            "angry customer",
        ),
        positive=(
            "Customer thanked us for the quick fix {past}, nice.",
            "Great teamwork on the queue {past}, thanks all.",
        ),
        neutral=(
            "Queue at 140 open tickets, 30 urgent.",
            "Escalating ticket 88213 to engineering.",
            "Updated the help article on exports.",
        ),
        negative=(
            "Another customer cancelling because the reports feature doesn't work as sold.",
            "Customers are furious that AI insights is not what the demo showed.",
            "I can't get anyone in engineering to look at this bug, customers keep waiting.",
            "Three cancellations today, all saying the same: promised features missing.",
            "We are drowning in tickets and the churn calls are brutal.",
            "Onboarding is so confusing that new customers give up in the first week.",
        ),
    ),
    "company": Topic(
        things=(
            "all-hands",
            "board deck",
            "hiring plan",
            "budget",
            "OKRs",
            "offsite",
            "quarterly review",
        ),
        positive=(
            "Great all-hands {past}, signups are growing faster than ever.",
            "Welcome to the four new starters this week!",
        ),
        neutral=(
            "Quarterly review {future}: growth, churn, hiring.",
            "Board deck draft is in the shared folder.",
            "Hiring plan for next year needs your input.",
        ),
        negative=("Churn number in the board deck is ugly and getting worse.",),
    ),
}

ALIGNED = (
    "reducing churn",
    "keeping customers and making sure they actually use the product",
    "product value: features customers adopt",
    "grow ARR",
    "customer retention",
    "deliver what we promise",
    "grow signups",
    "growth, growth, growth",
    "get feature adoption back up",
)


def build() -> Example:
    rng = np.random.default_rng(SEED)
    teams = [
        TeamPlan(
            "leadership",
            "Leadership",
            "management",
            [("CEO", 1), ("COO", 1), ("CFO", 1)],
            skills={"enterprise_sales": (2.5, 0.8), "product_analytics": (2.5, 0.8)},
            training=(16, 6),
        ),
        TeamPlan(
            "engineering",
            "Engineering",
            "engineering",
            [("Engineering manager", 1), ("Senior engineer", 6), ("Engineer", 10), ("SRE", 3)],
            skills={"data_engineering": (3.2, 0.9), "python": (3.6, 0.8)},
            training=(24, 8),
        ),
        TeamPlan(
            "product",
            "Product",
            "product",
            [("Head of product", 1), ("Product manager", 3), ("Designer", 3)],
            skills={"product_analytics": (3.0, 0.8), "customer_onboarding": (2.0, 0.8)},
            training=(20, 6),
        ),
        TeamPlan(
            "sales",
            "Sales",
            "sales",
            [("VP sales", 1), ("Account executive", 8), ("Sales engineer", 2), ("SDR", 2)],
            skills={"enterprise_sales": (3.3, 0.8)},
            training=(20, 6),
        ),
        TeamPlan(
            "marketing",
            "Marketing",
            "marketing",
            [
                ("VP marketing", 1),
                ("Growth marketer", 4),
                ("Content marketer", 2),
                ("Marketing ops", 2),
            ],
            skills={"performance_marketing": (3.5, 0.7)},
            training=(22, 6),
        ),
        TeamPlan(
            "support",
            "Support",
            "support",
            [("Support lead", 1), ("Support agent", 7)],
            skills={"customer_onboarding": (2.4, 0.8), "troubleshooting": (3.0, 0.8)},
            training=(8, 4),
        ),
    ]
    people = core.make_people(
        rng,
        teams=teams,
        domain="loopanalytics.example",
        founded=dt.date(2019, 2, 1),
        late_hires=12,
        span_start=START,
    )
    by_role = {p.role: p for p in reversed(people)}
    ceo = people[0]
    support_lead = by_role["Support lead"]
    eng_manager = by_role["Engineering manager"]

    months = month_ends(START)
    n = len(months)
    # marketing spend drives signups one month later (a real link)
    spend_k = path(n, [(0, 42), (0.5, 70), (1, 118)]) + core.ar_noise(rng, n, 5.0, 0.5)
    spend_usd = spend_k * 1000
    lag_spend = np.concatenate([[spend_k[0]], spend_k[:-1]])
    signups = np.rint(18 + 1.45 * lag_spend + rng.normal(0, 6, n)).astype(int)
    # feature adoption falls; churn follows it a month later (a real link)
    adoption = path(n, [(0, 63), (0.3, 60), (1, 41)]) + core.ar_noise(rng, n, 2.5, 0.2)
    lag_adopt = np.concatenate([[adoption[0]], adoption[:-1]])
    hazard = np.clip(0.019 + 0.0016 * (63 - lag_adopt), 0.005, 0.2)

    # accounts: sign up, pay monthly, churn at the month's hazard
    rnd = random.Random(SEED)
    prices = (49.0, 99.0, 299.0, 799.0)
    price_p = (0.35, 0.4, 0.2, 0.05)
    accounts: list[tuple[str, dt.date, float]] = []
    active: list[int] = []
    churn_pct, mrr, tx = [], [], []
    first_month = dt.date(START.year, START.month, 1)
    for i in range(1500):
        accounts.append(
            (
                f"acct{len(accounts) + 1:05d}",
                first_month - dt.timedelta(days=rnd.randrange(30, 900)),
                rnd.choices(prices, weights=price_p)[0],
            )
        )
        active.append(i)
    for t, me in enumerate(months):
        first = dt.date(me.year, me.month, 1)
        start_count = len(active)
        kept = [a for a in active if rnd.random() >= hazard[t]]
        churned = start_count - len(kept)
        for _ in range(int(signups[t])):
            accounts.append(
                (
                    f"acct{len(accounts) + 1:05d}",
                    first + dt.timedelta(days=rnd.randrange(me.day)),
                    rnd.choices(prices, weights=price_p)[0],
                )
            )
            kept.append(len(accounts) - 1)
        active = kept
        for a in active:
            name, since, price = accounts[a]
            day = first.replace(day=min(since.day, me.day))
            tx.append([name, max(day, since).isoformat(), f"{price:.2f}"])
        churn_pct.append(100.0 * churned / max(1, start_count))
        mrr.append(sum(accounts[a][2] for a in active))
    tx.sort(key=lambda r: (r[1], r[0]))
    churn = np.array(churn_pct)
    nps = 44 - 0.9 * (63 - lag_adopt) + rng.normal(0, 2.5, n)
    response = path(n, [(0, 5.0), (0.4, 6.5), (1, 15.0)]) + np.abs(core.ar_noise(rng, n, 1.0))
    deploys = 38 + core.ar_noise(rng, n, 3.0)
    enps_kpi = path(n, [(0, 28), (1, 12)]) + rng.normal(0, 3, n)

    kpis = core.kpi_rows(
        {
            "mrr": (months, mrr),
            "new_signups": (months, signups),
            "marketing_spend": (months, spend_usd),
            "monthly_churn": (months, churn),
            "feature_adoption": (months, adoption),
            "nps": (months, nps),
            "first_response_hours": (months, response),
            "deploys_per_month": (months, deploys),
            "employee_enps": (months[2::3], enps_kpi[2::3]),
        },
        decimals={
            "mrr": 0,
            "new_signups": 0,
            "marketing_spend": 0,
            "monthly_churn": 2,
            "feature_adoption": 1,
            "nps": 0,
            "first_response_hours": 1,
            "deploys_per_month": 0,
            "employee_enps": 0,
        },
    )

    def tone(p: Person, d: dt.date) -> tuple[float, float, float]:
        f = frac(d, START)
        if p.team == "support":
            return (0.26 - 0.12 * f, 0.44, 0.30 + 0.2 * f)
        if p.team in ("sales", "marketing"):
            return (0.46, 0.44, 0.10)
        if p.team == "product":
            return (0.3, 0.5, 0.2 + 0.1 * f)
        return (0.32, 0.53, 0.15)

    composer = Composer(TOPICS, random.Random(SEED + 1), names=[p.first for p in people])
    messages = core.make_messages(
        rng,
        people=people,
        composer=composer,
        plan=core.MessagePlan(
            total=40000,
            start=START,
            tone=tone,
            tz="-06:00",
            hours=(8, 19),
            weekend_weight=0.05,
            topics={
                "leadership": ["company"],
                "engineering": ["engineering"],
                "product": ["product", "product", "engineering"],
                "sales": ["sales"],
                "marketing": ["marketing"],
                "support": ["support"],
            },
            cross_topics=["support", "product", "sales", "marketing", "company"],
            internal_share={
                "leadership": 0.55,
                "engineering": 0.93,
                "product": 0.5,
                "sales": 0.6,
                "marketing": 0.6,
                "support": 0.45,
            },
            cross_weights={
                "support": {"engineering": 8.0, "product": 2.0},
                "sales": {"marketing": 4.0, "product": 1.5},
                "marketing": {"sales": 4.0},
                "product": {"engineering": 4.0},
                "engineering": {"product": 4.0, "support": 4.0},
            },
            route_via={
                ("support", "engineering"): support_lead.id,
                ("support", "product"): support_lead.id,
            },
            activity={support_lead.id: 4.0},
            channel_share=0.12,
            email_share=0.15,
            seasonal_volume={12: 0.8, 8: 0.9},
        ),
    )

    def p_aligned(p: Person, d: dt.date) -> float:
        return {"leadership": 0.9, "engineering": 0.6, "product": 0.75}.get(p.team, 0.5)

    survey = core.make_survey(
        rng,
        people=people,
        composer=composer,
        plan=core.SurveyPlan(
            dates=core.quarterly_pulses(START, day=8),
            aligned=ALIGNED,
            p_aligned=p_aligned,
            line_of_sight=lambda p, d: 3.7 if p.team != "support" else 3.4 - 0.8 * frac(d, START),
            values_lived=lambda p, d: 3.4 - 0.4 * frac(d, START),
            enps=lambda p, d: 7.0 if p.team != "support" else 6.5 - 2.5 * frac(d, START),
            tone=tone,
            response_rate=0.8,
            comment_rate=0.35,
        ),
    )
    ideas = core.make_ideas(
        rng,
        plan=core.IdeaPlan(
            start=START,
            per_month=3.0,
            titles=[
                ("In-app onboarding checklist", "product_value"),
                ("Usage-based pricing tier", "arr_growth"),
                ("Health score for every account", "customer_retention"),
                ("Slack alerts for dashboards", "product_value"),
                ("Partner referral programme", "new_business"),
                ("Annual plan discount", "arr_growth"),
                ("Template gallery", "product_value"),
                ("Customer advisory board", "customer_retention"),
                ("Churn-risk playbook for support", "customer_retention"),
                ("SEO content hub", "brand_reach"),
                ("Self-serve data connectors", "product_value"),
                ("Free tier", "new_business"),
                ("Quarterly business reviews for top accounts", "customer_retention"),
                ("Developer API docs overhaul", "product_value"),
                ("Podcast sponsorships", "brand_reach"),
                ("Exit survey on cancellation", "customer_retention"),
                ("Promise only shipped features in demos", "customer_retention"),
                ("Engineering office hours for support", "customer_retention"),
            ],
            decide_days=lambda d: 25.0,
            launch_days=lambda d: 60.0,
            p_launch=0.6,
        ),
    )
    spend = core.make_spend(
        rng,
        lines=[
            core.SpendLine(
                "paid_acquisition",
                "marketing",
                lambda d: float(spend_usd[months.index(d)]) * 0.82,
                START,
                sd=0.02,
                day=28,
            ),
            core.SpendLine(
                "",
                "marketing events",
                lambda d: float(spend_usd[months.index(d)]) * 0.18,
                START,
                sd=0.02,
                day=20,
            ),
            core.SpendLine(
                "ai_insights_upsell", "sales", lambda d: 9000.0, dt.date(2024, 6, 1), day=12
            ),
            core.SpendLine(
                "onboarding_revamp", "product", lambda d: 1500.0, dt.date(2025, 6, 1), day=14
            ),
            core.SpendLine(
                "career_ladders", "training", lambda d: 1600.0, dt.date(2024, 1, 1), day=9
            ),
            core.SpendLine(
                "platform_reliability", "engineering tooling", lambda d: 7000.0, START, day=3
            ),
        ],
    )

    company = {
        "format": 1,
        "name": "Loop Analytics",
        "currency": "USD",
        "employees": len(people),
        "stage": "intermediate",
        "mission": "Give every small team the answers hidden in its data.",
        "vision": "The analytics tool small teams actually use every week.",
        "values": [
            {
                "id": "customer_first",
                "name": "Customers first",
                "statement": "We win when our customers succeed with the product.",
            },
            {
                "id": "ship_what_we_promise",
                "name": "Ship what we promise",
                "statement": "We sell what exists and deliver what we sell.",
            },
            {
                "id": "candour",
                "name": "Candour",
                "statement": "Bad news travels fast and to everyone.",
            },
        ],
        "objectives": [
            {
                "id": "arr_growth",
                "name": "Grow recurring revenue",
                "perspective": "financial",
                "weight": 0.2,
            },
            {
                "id": "customer_retention",
                "name": "Customers stay and expand",
                "perspective": "customer",
                "weight": 0.25,
                "values": ["customer_first"],
                "drivers": ["product_value"],
                "lag_months": 1,
            },
            {
                "id": "new_business",
                "name": "Win new customers",
                "perspective": "customer",
                "weight": 0.15,
                "drivers": ["brand_reach"],
                "lag_months": 1,
            },
            {
                "id": "product_value",
                "name": "A product customers adopt every week",
                "perspective": "internal",
                "weight": 0.2,
                "values": ["customer_first", "ship_what_we_promise"],
            },
            {
                "id": "brand_reach",
                "name": "Reach the teams who need us",
                "perspective": "internal",
                "weight": 0.1,
            },
            {
                "id": "great_team",
                "name": "A team that learns and stays",
                "perspective": "learning",
                "weight": 0.1,
                "values": ["candour"],
            },
        ],
        "kpis": [
            {
                "id": "mrr",
                "name": "Monthly recurring revenue",
                "objective": "arr_growth",
                "unit": "USD",
                "direction": "up",
                "target": 520000.0,
                "deadline": dt.date(2027, 6, 30),
                "warning": 300000.0,
                "kind": "revenue",
            },
            {
                "id": "monthly_churn",
                "name": "Accounts lost per month",
                "objective": "customer_retention",
                "unit": "%",
                "direction": "down",
                "target": 2.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 3.0,
                "kind": "churn",
            },
            {
                "id": "nps",
                "name": "Net promoter score",
                "objective": "customer_retention",
                "unit": "points",
                "direction": "up",
                "target": 40.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 25.0,
                "kind": "nps",
            },
            {
                "id": "new_signups",
                "name": "New paying accounts per month",
                "objective": "new_business",
                "unit": "accounts",
                "direction": "up",
                "target": 170.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 100.0,
                "kind": "acquisition",
            },
            {
                "id": "marketing_spend",
                "name": "Marketing spend per month",
                "objective": "brand_reach",
                "unit": "USD",
                "direction": "up",
                "target": 110000.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 60000.0,
                "kind": "marketing_spend",
            },
            {
                "id": "feature_adoption",
                "name": "Active accounts using reports weekly",
                "objective": "product_value",
                "unit": "%",
                "direction": "up",
                "target": 65.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 50.0,
                "kind": "feature_adoption",
            },
            {
                "id": "first_response_hours",
                "name": "Median first response to a ticket",
                "objective": "customer_retention",
                "unit": "hours",
                "direction": "down",
                "target": 4.0,
                "deadline": dt.date(2027, 3, 31),
                "warning": 8.0,
                "kind": "lead_time",
            },
            {
                "id": "deploys_per_month",
                "name": "Production deploys per month",
                "objective": "product_value",
                "unit": "deploys",
                "direction": "up",
                "target": 35.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 25.0,
                "kind": "other",
            },
            {
                "id": "employee_enps",
                "name": "Employee NPS (quarterly)",
                "objective": "great_team",
                "unit": "points",
                "direction": "up",
                "target": 30.0,
                "deadline": dt.date(2027, 3, 31),
                "warning": 10.0,
                "kind": "employee_satisfaction",
            },
        ],
        "teams": [{"id": t.id, "name": t.name, "function": t.function} for t in teams],
        "initiatives": [
            {
                "id": "paid_acquisition",
                "name": "Scale paid acquisition",
                "owner": "marketing",
                "objectives": ["new_business", "brand_reach"],
                "effects": {"new_business": 2, "brand_reach": 2},
                "budget": 1100000,
                "hours_per_month": 300,
                "status": "active",
                "start": dt.date(2023, 1, 1),
            },
            {
                "id": "ai_insights_upsell",
                "name": "Sell the AI insights add-on (beta)",
                "owner": "sales",
                "objectives": ["arr_growth"],
                "effects": {"arr_growth": 1},
                "budget": 110000,
                "hours_per_month": 200,
                "status": "active",
                "start": dt.date(2024, 6, 1),
                "description": "Demoed as finished while it is a beta with half the features.",
            },
            {
                "id": "onboarding_revamp",
                "name": "Guided onboarding for new accounts",
                "owner": "product",
                "objectives": ["product_value", "customer_retention"],
                "effects": {"product_value": 2, "customer_retention": 1},
                "budget": 18000,
                "hours_per_month": 20,
                "status": "active",
                "start": dt.date(2025, 6, 1),
            },
            {
                "id": "platform_reliability",
                "name": "Platform reliability programme",
                "owner": eng_manager.id,
                "objectives": ["product_value"],
                "effects": {"product_value": 1},
                "budget": 84000,
                "hours_per_month": 400,
                "status": "active",
                "start": dt.date(2023, 1, 1),
            },
            {
                "id": "career_ladders",
                "name": "Career ladders and mentoring",
                "owner": ceo.id,
                "objectives": ["great_team"],
                "effects": {"great_team": 1},
                "budget": 20000,
                "hours_per_month": 30,
                "status": "active",
                "start": dt.date(2024, 1, 1),
            },
        ],
        "goals": [
            {
                "id": "g_2026_retention",
                "owner": ceo.id,
                "parent": "customer_retention",
                "title": "Customers stay because the product delivers",
                "period": "2026",
                "key_results": [
                    {
                        "id": "churn",
                        "title": "Monthly churn",
                        "unit": "%",
                        "start": 3.2,
                        "target": 2.0,
                        "current": round(float(churn[-1]), 2),
                    },
                    {
                        "id": "adoption",
                        "title": "Weekly report adoption",
                        "unit": "%",
                        "start": 50,
                        "target": 65,
                        "current": round(float(adoption[-1]), 1),
                    },
                ],
            },
            {
                "id": "g_2026_growth",
                "owner": ceo.id,
                "parent": "new_business",
                "title": "Double the pace of new accounts",
                "period": "2026",
                "key_results": [
                    {
                        "title": "New accounts per month",
                        "unit": "accounts",
                        "start": 110,
                        "target": 180,
                        "current": int(signups[-1]),
                    }
                ],
            },
            {
                "id": "g_marketing_q3",
                "owner": "marketing",
                "parent": "g_2026_growth",
                "title": "Fill the top of the funnel",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Signups in the quarter",
                        "unit": "accounts",
                        "start": 0,
                        "target": 450,
                        "current": int(signups[-3:].sum()),
                    }
                ],
            },
            {
                "id": "g_sales_q3",
                "owner": "sales",
                "parent": "g_2026_growth",
                "title": "Land AI insights deals",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "AI insights add-ons sold",
                        "unit": "deals",
                        "start": 0,
                        "target": 40,
                        "current": 46,
                    }
                ],
            },
            {
                "id": "g_product_q3",
                "owner": "product",
                "parent": "g_2026_retention",
                "title": "New accounts reach their first report",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Accounts with a report in week one",
                        "unit": "%",
                        "start": 35,
                        "target": 60,
                        "current": 37,
                    }
                ],
            },
            {
                "id": "g_support_q3",
                "owner": "support",
                "parent": "g_2026_retention",
                "title": "Answer every customer within four hours",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Median first response",
                        "unit": "hours",
                        "start": 9,
                        "target": 4,
                        "current": round(float(response[-1]), 1),
                    }
                ],
            },
            {
                "id": "g_engineering_q3",
                "owner": "engineering",
                "parent": "product_value",
                "title": "Reliable, fast releases",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Uptime",
                        "unit": "%",
                        "start": 99.8,
                        "target": 99.95,
                        "current": 99.96,
                    }
                ],
            },
            {
                "id": "g_2026_team",
                "owner": "leadership",
                "parent": "great_team",
                "title": "Everyone has a growth plan",
                "period": "2026",
                "key_results": [
                    {
                        "title": "People with a written growth plan",
                        "unit": "%",
                        "start": 20,
                        "target": 100,
                        "current": 80,
                    }
                ],
            },
            {
                "id": "g_support_lead_q3",
                "owner": support_lead.id,
                "parent": "g_support_q3",
                "title": "Weekly bug triage with engineering",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Triage sessions held",
                        "unit": "sessions",
                        "start": 0,
                        "target": 12,
                        "current": 5,
                    }
                ],
            },
        ],
        "automations": [
            {
                "id": "ticket_triage",
                "name": "Automatic ticket tagging and routing",
                "touchpoint": "support inbox",
                "replaces_human": False,
                "human_fallback": True,
                "values": ["customer_first"],
                "objectives": ["customer_retention"],
                "start": dt.date(2024, 2, 1),
            },
            {
                "id": "lead_scoring",
                "name": "Lead scoring for inbound signups",
                "touchpoint": "sales pipeline",
                "replaces_human": False,
                "human_fallback": True,
                "objectives": ["new_business"],
                "start": dt.date(2023, 6, 1),
            },
        ],
        "capabilities": [
            {
                "id": "data_engineering",
                "name": "Data engineering",
                "objectives": ["product_value"],
                "min_people": 5,
            },
            {
                "id": "product_analytics",
                "name": "Product analytics",
                "objectives": ["product_value"],
                "min_people": 2,
            },
            {
                "id": "customer_onboarding",
                "name": "Customer onboarding",
                "objectives": ["customer_retention"],
                "min_people": 6,
            },
            {
                "id": "enterprise_sales",
                "name": "Enterprise sales",
                "objectives": ["new_business"],
                "min_people": 3,
            },
            {
                "id": "performance_marketing",
                "name": "Performance marketing",
                "objectives": ["brand_reach"],
                "min_people": 2,
            },
        ],
        "privacy": {"min_group": 5, "show_names": False, "keep_message_text": False},
        "reviews": [
            {
                "date": d,
                "kind": "quarterly",
                "decisions": 5,
                "actions_open": o,
                "actions_closed": 5 - o,
            }
            for d, o in [
                (dt.date(2023, 10, 10), 0),
                (dt.date(2024, 1, 16), 1),
                (dt.date(2024, 4, 9), 0),
                (dt.date(2024, 7, 9), 1),
                (dt.date(2024, 10, 8), 1),
                (dt.date(2025, 1, 14), 1),
                (dt.date(2025, 4, 8), 2),
                (dt.date(2025, 7, 8), 1),
                (dt.date(2025, 10, 7), 2),
                (dt.date(2026, 1, 13), 2),
                (dt.date(2026, 4, 14), 2),
                (dt.date(2026, 7, 14), 3),
            ]
        ],
    }
    tables = core.workbook_tables(
        kpis=kpis,
        people=people,
        messages=messages,
        survey=survey,
        ideas=ideas,
        spend=spend,
        transactions=tx,
    )
    assert months[-1] == END
    return Example(name=NAME, company=company, header=HEADER, readme=README, tables=tables)


HEADER = """
Loop Analytics: an example workbook generated by examples/generate.py (do not edit by hand).
Marketing sells, the product does not deliver, customers leave.
"""

README = core.readme("loop_analytics")
