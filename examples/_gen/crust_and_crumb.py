"""Crust & Crumb Bakery: says artisanal bread, buys the cheapest flour and spends on donuts."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from . import core
from .core import END, Example, Person, TeamPlan, frac, month_ends, path
from .text import Composer, Topic

NAME = "crust_and_crumb"
SEED = 1101
START = dt.date(2023, 10, 1)
FLOUR = dt.date(2025, 3, 1)
DONUTS = dt.date(2025, 5, 1)

TOPICS = {
    "bread": Topic(
        things=(
            "sourdough loaves",
            "baguettes",
            "rye batch",
            "crumb",
            "proofing",
            "starter",
            "morning bake",
            "seeded loaf",
            "country loaf",
            "ciabatta",
        ),
        positive=(
            "The sourdough came out with a gorgeous open crumb {past}.",
            "Regulars said the country loaf tastes like it did in the old days. Love that.",
            "Perfect crust on the baguettes {past}, great bake everyone.",
            "The rye batch sold out by ten, people adore it.",
        ),
        neutral=(
            "Starter fed at 4, levain ready by 6.",
            "We need two extra trays of baguettes for the café order {future}.",
            "Proofing took longer {past}, the room was cold.",
            "Moving the rye to the second oven {future}.",
        ),
        negative=(
            "The loaves came out flat again {past}, the dough just won't hold.",
            "Crumb is gummy and dense, customers are noticing.",
            "Threw out half the sourdough {past}, it was underbaked.",
            "A regular returned a loaf saying it tasted like supermarket bread. Ouch.",
            "Nobody has shown the new guys how to shape properly and it shows.",
        ),
    ),
    "flour": Topic(
        things=(
            "new flour",
            "flour delivery",
            "dough consistency",
            "bulk flour",
            "flour order",
            "hydration",
        ),
        positive=("The old stone-ground flour was lovely to work with, great flavour.",),
        neutral=(
            "Flour delivery moved to Tuesdays.",
            "Bulk flour order placed, 40 sacks.",
            "Adjusting hydration to 72% for the new flour.",
        ),
        negative=(
            "This cheap flour is terrible, the dough tears and has no strength.",
            "We are saving pennies on flour and losing customers, it's stupid.",
            "The bulk flour smells stale. I hate baking with it.",
            "Dough consistency is all over the place since we switched suppliers.",
            "Honestly the new flour ruins the bread and everyone knows it.",
        ),
    ),
    "donuts": Topic(
        things=(
            "donut promo",
            "donut boxes",
            "glaze",
            "two-for-one deal",
            "donut line",
            "sprinkles order",
            "donut flyers",
        ),
        positive=(
            "Donut boxes flew out {past}, the promo brings people in.",
            "Kids loved the sprinkle donuts, nice idea.",
        ),
        neutral=(
            "Need 30 more dozen donuts for the weekend deal.",
            "Donut flyers go out {future}.",
            "Glaze station moved next to the fryer.",
            "Two-for-one runs until the end of the month.",
        ),
        negative=(
            "We spend all morning frying cheap donuts instead of baking bread. Pointless.",
            "Donut people come in, grab the deal and leave. Nobody buys a loaf.",
            "I'm sick of the fryer smell and the sticky counters.",
            "The donut promo eats the whole marketing budget and for what?",
        ),
    ),
    "counter": Topic(
        things=(
            "queue",
            "till",
            "morning rush",
            "regulars",
            "counter display",
            "card reader",
            "pre-orders",
        ),
        positive=(
            "Mrs Okafor brought us flowers, she says we're her favourite spot. So sweet.",
            "Great vibe at the counter {past}, everyone was smiling.",
            "Thanks {person} for handling the rush with such patience.",
        ),
        neutral=(
            "Till was short by $4 {time}, probably change.",
            "Card reader needs a restart every morning.",
            "Pre-orders for Saturday are in the book.",
        ),
        negative=(
            "Customer complained that the staff were rude {past}. Not surprised honestly.",
            "Regulars keep asking what happened to the bread. I don't know what to say.",
            "Nobody smiles at the counter anymore, the mood is awful.",
            "Another one-star review about the attitude at the till.",
            "Long queue for donuts, angry people, no help.",
        ),
    ),
    "shifts": Topic(
        things=(
            "rota",
            "early shift",
            "Saturday shift",
            "cover",
            "breaks",
            "holiday requests",
            "4am start",
        ),
        positive=("Thanks for swapping the early shift, you're a star.",),
        neutral=(
            "Rota for next week is on the fridge.",
            "Who can cover Saturday 5 to 1?",
            "I'm off on the 14th, {person} is covering.",
        ),
        negative=(
            "Third double shift this week, I'm exhausted.",
            "Nobody answered about cover again. Great.",
            "We're always short-staffed and it's wearing everyone down.",
        ),
    ),
    "training": Topic(
        things=(
            "sourdough training",
            "shaping technique",
            "lamination",
            "the workshop",
            "scoring",
            "recipe cards",
        ),
        positive=("{person} showed me how to score properly, so helpful!",),
        neutral=(
            "Is the sourdough workshop still happening?",
            "Recipe cards are in the blue folder.",
        ),
        negative=(
            "We were promised sourdough training a year ago. Still nothing.",
            "I've never been trained on lamination, I just guess.",
            "Nobody has time to teach anyone anything here.",
        ),
    ),
}

ALIGNED = (
    "the best artisanal bread in the neighbourhood",
    "great sourdough every morning",
    "fresh bread and happy regulars",
    "quality bread",
    "keeping our regulars coming back",
    "being the neighbourhood bakery people love",
    "baking by hand with good ingredients",
)


def build() -> Example:
    rng = np.random.default_rng(SEED)
    teams = [
        TeamPlan(
            "management",
            "Management",
            "management",
            [("Owner", 1), ("Operations manager", 1)],
            skills={"sourdough": (2.5, 0.6), "purchasing": (3.0, 0.6)},
            training=(2, 1),
        ),
        TeamPlan(
            "bakers",
            "Bakers",
            "production",
            [("Head baker", 1), ("Baker", 5)],
            skills={
                "sourdough": (1.6, 0.6),
                "pastry_lamination": (1.8, 0.7),
                "donut_frying": (2.5, 0.8),
            },
            training=(1.0, 1.0),
        ),
        TeamPlan(
            "counter",
            "Counter",
            "sales",
            [("Shift lead", 1), ("Counter staff", 5)],
            skills={"customer_service": (2.0, 0.8), "barista": (2.0, 0.8)},
            training=(0.8, 0.8),
        ),
    ]
    people = core.make_people(
        rng,
        teams=teams,
        domain="crustandcrumb.example",
        founded=dt.date(2018, 4, 1),
        late_hires=3,
        span_start=START,
    )
    head_baker = next(p for p in people if p.role == "Head baker")
    head_baker.skills["sourdough"] = 4
    for p in people:
        if p.team in ("bakers", "management") and p is not head_baker:
            p.skills["sourdough"] = min(p.skills.get("sourdough", 1), 2)
    owner = people[0]
    ops = people[1]

    months = month_ends(START)
    n = len(months)
    weeks = core.week_ends(START)

    # baker skill wanders down (good bakers leave, nobody is trained); ratings follow 3 months on
    skill = path(n, [(0, 3.3), (0.35, 3.2), (1, 2.4)]) + core.ar_noise(rng, n, 0.07, 0.5)
    flour = np.array([min(1.0, max(0, (m - FLOUR).days) / 240) for m in months])
    lagged = np.concatenate([np.full(3, skill[0]), skill[:-3]])
    rating = 4.62 + 0.5 * (lagged - skill[0]) - 0.36 * flour
    rating = np.clip(rating + rng.normal(0, 0.04, n), 1, 5)
    training = np.clip(path(n, [(0, 3.0), (0.3, 1.5), (1, 0.5)]) + rng.normal(0, 0.6, n), 0, None)
    margin = path(n, [(0, 57.5), (0.47, 58.0), (0.52, 63.0), (1, 64.5)]) + core.ar_noise(
        rng, n, 0.6
    )
    season = core.seasonal(months, {12: 0.32, 11: 0.08, 1: -0.12, 2: -0.08, 7: -0.06, 8: -0.07})
    revenue = path(n, [(0, 41000), (0.45, 43500), (1, 36500)]) * (1 + season) + core.ar_noise(
        rng, n, 900
    )
    wk = len(weeks)
    traffic = np.array(
        [1650.0 if w < DONUTS else 1650.0 + 700 * min(1, (w - DONUTS).days / 120) for w in weeks]
    ) * (1 + core.seasonal(weeks, {7: 0.04, 8: 0.04})) + rng.normal(0, 60, wk)

    customers = core.CustomerPlan(
        start=START,
        new_per_month=lambda d: 30.0 * (1.25 if d >= DONUTS else 1.0),
        rate_per_month=(2.0, 1.4),
        dropout=lambda d: 0.035 + 0.10 * frac(d, FLOUR) if d >= FLOUR else 0.035,
        amount=lambda d, u: 6.5 + 14 * u * u + (4 if d.month == 12 else 0),
        weekday_weights=(0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 1.3),
        initial=500,
        season={12: 1.3, 1: 0.85, 7: 0.9, 8: 0.9},
    )
    transactions = core.make_transactions(rng, plan=customers)
    repeat = core.repeat_rate(transactions, months, window_days=60)

    kpis = core.kpi_rows(
        {
            "review_rating": (months, rating),
            "repeat_customer_rate": (months[3:], repeat[3:]),
            "bread_revenue": (months, revenue),
            "gross_margin": (months, margin),
            "weekly_visitors": (weeks, traffic),
            "baker_skill_score": (months, skill),
            "staff_training_hours": (months, training),
        },
        decimals={
            "review_rating": 2,
            "repeat_customer_rate": 1,
            "bread_revenue": 0,
            "gross_margin": 1,
            "weekly_visitors": 0,
            "baker_skill_score": 2,
            "staff_training_hours": 1,
        },
    )

    def tone(p: Person, d: dt.date) -> tuple[float, float, float]:
        f = frac(d, dt.date(2024, 9, 1))
        return (0.42 - 0.28 * f, 0.45 - 0.05 * f, 0.13 + 0.33 * f)

    composer = Composer(TOPICS, random.Random(SEED), names=[p.first for p in people])
    messages = core.make_messages(
        rng,
        people=people,
        composer=composer,
        plan=core.MessagePlan(
            total=8000,
            start=START,
            tone=tone,
            tz="-05:00",
            hours=(4, 16),
            weekend_weight=0.8,
            topics={
                "management": ["flour", "donuts", "counter", "shifts"],
                "bakers": ["bread", "bread", "flour", "training", "shifts", "donuts"],
                "counter": ["counter", "counter", "donuts", "shifts", "bread"],
            },
            cross_topics=["bread", "donuts", "shifts", "counter", "flour"],
            internal_share={"management": 0.2, "bakers": 0.65, "counter": 0.65},
            activity={owner.id: 1.5, ops.id: 1.5},
            seasonal_volume={12: 1.3},
            topic_from={"donuts": DONUTS - dt.timedelta(days=20), "flour": FLOUR},
        ),
    )
    survey = core.make_survey(
        rng,
        people=people,
        composer=composer,
        plan=core.SurveyPlan(
            dates=core.quarterly_pulses(START),
            aligned=ALIGNED,
            p_aligned=lambda p, d: 0.7 - 0.35 * frac(d, START),
            line_of_sight=lambda p, d: 3.4 - 0.9 * frac(d, START),
            values_lived=lambda p, d: 3.9 - 1.6 * frac(d, dt.date(2024, 9, 1)),
            enps=lambda p, d: 7.2 - 3.0 * frac(d, dt.date(2024, 9, 1)),
            tone=tone,
            response_rate=0.8,
        ),
    )
    ideas = core.make_ideas(
        rng,
        plan=core.IdeaPlan(
            start=START,
            per_month=0.6,
            titles=[
                ("Seasonal pumpkin sourdough", "bread_quality"),
                ("Weekend sourdough class for customers", "loyal_regulars"),
                ("Loyalty stamp for every tenth loaf", "loyal_regulars"),
                ("Go back to the stone-ground flour for the country loaf", "bread_quality"),
                ("Donut of the month", "foot_traffic"),
                ("Pre-order app for Saturday loaves", "bread_sales"),
                ("Sell day-old bread at half price", "margin"),
                ("Bake schedule board in the kitchen", "baker_skill"),
                ("Buddy system for new bakers", "baker_skill"),
                ("Rye tasting Saturday", "bread_quality"),
                ("Wholesale to the café on Elm Street", "bread_sales"),
                ("Cheaper paper bags", "margin"),
                ("Sandwich lunch menu", "bread_sales"),
                ("Gluten-free loaf trial", "bread_quality"),
            ],
            decide_days=lambda d: 35,
            launch_days=lambda d: 30,
        ),
    )
    spend = core.make_spend(
        rng,
        lines=[
            core.SpendLine("donut_promo", "marketing", lambda d: 2700.0, DONUTS, sd=0.12),
            core.SpendLine("", "marketing", lambda d: 450.0, START, dt.date(2025, 4, 30)),
            core.SpendLine("oven_care", "maintenance", lambda d: 210.0, START, day=3),
            core.SpendLine("loyalty_card", "marketing", lambda d: 95.0, START, day=28),
            core.SpendLine(
                "sourdough_course",
                "training",
                lambda d: 120.0 if d.month == 2 and d.year == 2024 else 0.0,
                START,
            ),
        ],
    )

    company = {
        "format": 1,
        "name": "Crust & Crumb Bakery",
        "currency": "USD",
        "employees": len(people),
        "stage": "early",
        "mission": "Bake honest bread for our neighbours every morning.",
        "vision": "The go-to neighbourhood spot for fresh, artisanal breads.",
        "values": [
            {
                "id": "craft",
                "name": "Craftsmanship",
                "statement": "We bake by hand, with the best flour we can find.",
            },
            {
                "id": "warmth",
                "name": "Neighbourly warmth",
                "statement": "Every customer is greeted like a friend.",
            },
        ],
        "objectives": [
            {
                "id": "bread_quality",
                "name": "Best artisanal bread in the neighbourhood",
                "perspective": "customer",
                "weight": 0.35,
                "values": ["craft"],
                "drivers": ["baker_skill"],
                "lag_months": 3,
            },
            {
                "id": "loyal_regulars",
                "name": "Regulars who come back every week",
                "perspective": "customer",
                "weight": 0.2,
                "values": ["warmth"],
            },
            {
                "id": "bread_sales",
                "name": "Grow bread sales",
                "perspective": "financial",
                "weight": 0.15,
                "drivers": ["foot_traffic"],
                "lag_months": 1,
                "description": "The owner believes the donut crowd will buy bread too.",
            },
            {
                "id": "margin",
                "name": "Healthy gross margin",
                "perspective": "financial",
                "weight": 0.15,
            },
            {
                "id": "foot_traffic",
                "name": "More people through the door",
                "perspective": "customer",
                "weight": 0.05,
            },
            {
                "id": "baker_skill",
                "name": "Skilled, well-trained bakers",
                "perspective": "learning",
                "weight": 0.1,
                "values": ["craft"],
            },
        ],
        "kpis": [
            {
                "id": "review_rating",
                "name": "Average online review rating",
                "objective": "bread_quality",
                "unit": "stars",
                "direction": "up",
                "target": 4.6,
                "deadline": dt.date(2026, 12, 31),
                "warning": 4.3,
                "kind": "satisfaction",
            },
            {
                "id": "repeat_customer_rate",
                "name": "Loyalty-card buyers who bought in the previous 60 days",
                "objective": "loyal_regulars",
                "unit": "%",
                "direction": "up",
                "target": 65.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 55.0,
                "kind": "retention",
            },
            {
                "id": "bread_revenue",
                "name": "Bread revenue per month",
                "objective": "bread_sales",
                "unit": "USD",
                "direction": "up",
                "target": 46000.0,
                "deadline": dt.date(2027, 6, 30),
                "warning": 36000.0,
                "kind": "revenue",
            },
            {
                "id": "gross_margin",
                "name": "Gross margin",
                "objective": "margin",
                "unit": "%",
                "direction": "up",
                "target": 62.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 56.0,
                "kind": "margin",
            },
            {
                "id": "weekly_visitors",
                "name": "Visitors per week (door counter)",
                "objective": "foot_traffic",
                "unit": "visitors",
                "direction": "up",
                "target": 2200.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 1500.0,
                "kind": "acquisition",
            },
            {
                "id": "baker_skill_score",
                "name": "Average bench assessment of bakers (1-5)",
                "objective": "baker_skill",
                "unit": "points",
                "direction": "up",
                "target": 3.5,
                "deadline": dt.date(2027, 6, 30),
                "warning": 2.8,
                "kind": "quality",
            },
            {
                "id": "staff_training_hours",
                "name": "Training hours per month, whole staff",
                "objective": "baker_skill",
                "unit": "hours",
                "direction": "up",
                "target": 20.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 8.0,
                "kind": "other",
            },
        ],
        "teams": [{"id": t.id, "name": t.name, "function": t.function} for t in teams],
        "initiatives": [
            {
                "id": "cheap_flour",
                "name": "Switch to the cheapest bulk flour supplier",
                "owner": ops.id,
                "objectives": ["margin"],
                "effects": {"bread_quality": -1, "margin": 1},
                "budget": 0,
                "hours_per_month": 4,
                "status": "active",
                "start": FLOUR,
                "end": None,
                "description": "Cut ingredient cost by buying the cheapest available flour.",
            },
            {
                "id": "donut_promo",
                "name": "Two-for-one donuts to bring people in",
                "owner": "counter",
                "objectives": ["foot_traffic"],
                "effects": {"foot_traffic": 2, "bread_sales": 1},
                "budget": 32000,
                "hours_per_month": 60,
                "status": "active",
                "start": DONUTS,
                "description": "Cheap glazed donuts, flyers and social ads; the owner expects "
                "donut buyers to pick up a loaf.",
            },
            {
                "id": "oven_care",
                "name": "Deck-oven maintenance contract",
                "owner": "bakers",
                "objectives": ["bread_quality"],
                "effects": {"bread_quality": 1},
                "budget": 2500,
                "hours_per_month": 2,
                "status": "active",
                "start": dt.date(2022, 1, 1),
            },
            {
                "id": "loyalty_card",
                "name": "Loyalty card for regulars",
                "owner": "counter",
                "objectives": ["loyal_regulars"],
                "effects": {"loyal_regulars": 1},
                "budget": 1200,
                "hours_per_month": 3,
                "status": "active",
                "start": dt.date(2023, 1, 1),
            },
            {
                "id": "sourdough_course",
                "name": "Sourdough course for the baking team",
                "owner": head_baker.id,
                "objectives": ["baker_skill"],
                "effects": {"baker_skill": 2, "bread_quality": 1},
                "budget": 1500,
                "hours_per_month": 0,
                "status": "planned",
                "start": dt.date(2024, 2, 1),
                "description": "Booked twice, cancelled twice for lack of cover.",
            },
        ],
        "goals": [
            {
                "id": "g_2026_bread",
                "owner": owner.id,
                "parent": "bread_quality",
                "title": "Win back our bread reputation",
                "period": "2026",
                "key_results": [
                    {
                        "id": "rating",
                        "title": "Average review rating",
                        "unit": "stars",
                        "start": 4.4,
                        "target": 4.6,
                        "current": round(float(rating[-1]), 2),
                        "kpi": "review_rating",
                    },
                    {
                        "id": "repeat",
                        "title": "Repeat customer rate",
                        "unit": "%",
                        "start": 76,
                        "target": 82,
                        "current": round(float(repeat[-1]), 1),
                        "kpi": "repeat_customer_rate",
                    },
                ],
            },
            {
                "id": "g_2026_margin",
                "owner": ops.id,
                "parent": "margin",
                "title": "Lift gross margin above 62%",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Gross margin",
                        "unit": "%",
                        "start": 61,
                        "target": 63,
                        "current": round(float(margin[-1]), 1),
                    }
                ],
            },
            {
                "id": "g_bakers_q3",
                "owner": "bakers",
                "parent": "g_2026_bread",
                "title": "Every loaf meets the house standard",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "id": "morning_check",
                        "title": "Loaves passing the morning check",
                        "unit": "%",
                        "start": 70,
                        "target": 98,
                        "current": 72,
                    }
                ],
            },
            {
                "id": "g_counter_q3",
                "owner": "counter",
                "parent": "foot_traffic",
                "title": "Sell the donut deal to every visitor",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Donut boxes per week",
                        "unit": "boxes",
                        "start": 300,
                        "target": 500,
                        "current": 540,
                    }
                ],
            },
            {
                "id": "g_head_baker_q3",
                "owner": head_baker.id,
                "parent": "g_bakers_q3",
                "title": "Teach sourdough shaping to the team",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Bakers signed off on shaping",
                        "unit": "people",
                        "start": 0,
                        "target": 3,
                        "current": 0,
                    }
                ],
            },
        ],
        "automations": [
            {
                "id": "online_preorders",
                "name": "Online pre-orders for Saturday loaves",
                "touchpoint": "ordering",
                "replaces_human": False,
                "human_fallback": True,
                "values": ["warmth"],
                "objectives": ["bread_sales"],
                "start": dt.date(2024, 3, 1),
            },
        ],
        "capabilities": [
            {
                "id": "sourdough",
                "name": "Sourdough baking",
                "objectives": ["bread_quality"],
                "min_people": 3,
            },
            {
                "id": "pastry_lamination",
                "name": "Laminated pastry",
                "objectives": ["bread_quality"],
                "min_people": 2,
            },
            {
                "id": "customer_service",
                "name": "Friendly counter service",
                "objectives": ["loyal_regulars"],
                "min_people": 3,
            },
        ],
        "privacy": {"min_group": 5, "show_names": False, "keep_message_text": False},
        "reviews": [
            {
                "date": dt.date(2024, 1, 15),
                "kind": "annual",
                "decisions": 4,
                "actions_open": 0,
                "actions_closed": 4,
            },
            {
                "date": dt.date(2025, 2, 20),
                "kind": "quarterly",
                "decisions": 2,
                "actions_open": 0,
                "actions_closed": 2,
                "notes": "Decided to switch flour supplier to protect margin.",
            },
            {
                "date": dt.date(2025, 4, 22),
                "kind": "quarterly",
                "decisions": 1,
                "actions_open": 0,
                "actions_closed": 1,
                "notes": "Launch the donut promotion.",
            },
            {
                "date": dt.date(2026, 1, 19),
                "kind": "annual",
                "decisions": 3,
                "actions_open": 3,
                "actions_closed": 0,
                "notes": "Reviews are slipping; agreed to book the sourdough course again.",
            },
            {
                "date": dt.date(2026, 7, 14),
                "kind": "quarterly",
                "decisions": 1,
                "actions_open": 2,
                "actions_closed": 1,
            },
        ],
    }
    tables = core.workbook_tables(
        kpis=kpis,
        people=people,
        messages=messages,
        survey=survey,
        ideas=ideas,
        spend=spend,
        transactions=transactions,
    )
    assert months[-1] == END
    return Example(name=NAME, company=company, header=HEADER, readme=README, tables=tables)


HEADER = """
Crust & Crumb Bakery: an example workbook generated by examples/generate.py (do not edit by hand).
The vision says artisanal bread; the spending says cheap flour and donuts.
"""

README = core.readme("crust_and_crumb")
