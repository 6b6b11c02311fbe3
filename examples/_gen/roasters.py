"""Lantern Roasters and Driftwood Roasters: the same words, opposite practice.

Both write the same mission, vision, values and strategy map. Lantern lives them (direct
trade, trained baristas, warm service, regular reviews); Driftwood buys commodity beans, spends
on discounts, trains nobody and stopped reviewing.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np

from . import core
from .core import END, Example, Person, TeamPlan, frac, month_ends, path
from .text import Composer, Topic

START = dt.date(2023, 10, 1)

COMMON_TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "roasting": {
        "things": (
            "roast profile",
            "Ethiopia batch",
            "espresso blend",
            "roaster",
            "cupping table",
            "decaf run",
            "QC log",
            "green stock",
            "drum temperature",
        )
    },
    "sourcing": {
        "things": (
            "green coffee order",
            "farm visit",
            "importer call",
            "harvest samples",
            "contract prices",
            "container",
            "new lot",
        )
    },
    "cafe": {
        "things": (
            "morning rush",
            "milk order",
            "grinder",
            "pour-over bar",
            "pastry delivery",
            "till",
            "opening checklist",
            "latte art",
        )
    },
    "care": {
        "things": (
            "subscription queue",
            "refund request",
            "delivery issue",
            "customer emails",
            "order tracking",
            "wholesale account",
            "phone line",
        )
    },
    "marketing": {
        "things": (
            "newsletter",
            "Instagram post",
            "landing page",
            "promo calendar",
            "photo shoot",
            "ad budget",
            "product page",
        )
    },
    "training": {
        "things": (
            "barista course",
            "cupping session",
            "training plan",
            "SCA module",
            "dial-in practice",
            "latte art class",
        )
    },
    "ops": {
        "things": (
            "rota",
            "budget",
            "supplier invoice",
            "stock count",
            "month-end numbers",
            "team meeting",
        )
    },
}

LANTERN_SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "roasting": {
        "positive": (
            "The washed Ethiopia cupped at 88 {past}, stunning florals.",
            "New roast profile on the espresso blend is beautifully balanced.",
            "QC log is clean all week, great consistency from the team.",
        ),
        "neutral": (
            "Roasting the Huila lot {future}, 6 batches.",
            "Cupping at 2pm {future}, bring your scoresheets.",
            "Logged the drum temps for the decaf run.",
        ),
        "negative": ("Batch 14 scorched at first crack, binning it.",),
    },
    "sourcing": {
        "positive": (
            "Just back from the farm in Huila, the growers send their thanks.",
            "We agreed a three-year direct contract with the Kayanza cooperative. Proud moment.",
            "Paying above Fairtrade again this harvest, and the quality shows.",
        ),
        "neutral": (
            "Harvest samples from Guatemala arrive {future}.",
            "Container from Santos clears customs {future}.",
            "Updated the traceability sheet for the new lot.",
        ),
        "negative": ("Frost hit the Minas farms, volumes will be tight.",),
    },
    "cafe": {
        "positive": (
            "A regular told me our flat white is the best in town. Made my day!",
            "Lovely chat with a customer about the farmers behind the Kenya. They loved it.",
            "Smooth rush {past}, the new bar layout works brilliantly.",
        ),
        "neutral": (
            "Milk order bumped to 40 litres for the weekend.",
            "Grinder burrs are due for a change {future}.",
        ),
        "negative": ("Grinder jammed during the rush {past}, stressful but we coped.",),
    },
    "care": {
        "positive": (
            "Called the customer back personally and she was delighted.",
            "Wholesale client thanked us for the handwritten note. Lovely.",
            "Sorted the delivery mix-up with a real conversation, customer happy.",
        ),
        "neutral": (
            "Subscription queue is down to 4 tickets.",
            "Replacement bag sent for order 4412.",
        ),
        "negative": ("Courier lost two parcels {past}, annoying, I'm on it.",),
    },
    "marketing": {
        "positive": (
            "The origin story on the Kayanza farmers got amazing replies.",
            "Newsletter about our direct-trade partners had a great open rate.",
        ),
        "neutral": (
            "Photo shoot at the roastery {future} for the origin series.",
            "Drafting the farm profile for the product page.",
        ),
        "negative": (),
    },
    "training": {
        "positive": (
            "Four baristas passed the SCA intermediate module. Congratulations!",
            "Great cupping session, everyone's palate is getting sharper.",
            "Thanks {person} for running the latte art class, super useful.",
        ),
        "neutral": (
            "Training plan for Q3 is in the drive.",
            "Dial-in practice {future} at 8, before opening.",
        ),
        "negative": (),
    },
    "ops": {
        "positive": ("Month-end numbers look healthy and margins held. Nice work all.",),
        "neutral": (
            "Monthly review {future}: sourcing, training, customer feedback.",
            "Action list from the last review is updated, two left open.",
        ),
        "negative": (),
    },
}

DRIFTWOOD_SENTENCES: dict[str, dict[str, tuple[str, ...]]] = {
    "roasting": {
        "positive": ("Roaster ran without a hitch {past}.",),
        "neutral": (
            "Roasting the bulk commodity blend {future}, 10 batches.",
            "No cupping this week, too busy.",
        ),
        "negative": (
            "These commodity beans taste like cardboard, I'm embarrassed to roast them.",
            "Quality is sliding and nobody checks the QC log anymore.",
            "Half the lot has defects, we're roasting it anyway because it's cheap.",
        ),
    },
    "sourcing": {
        "positive": (),
        "neutral": (
            "Bought the cheapest Brazil lot on the spot market.",
            "Importer offered a lower price if we take 20 bags more.",
        ),
        "negative": (
            "We still call ourselves sustainable but we buy whatever is cheapest.",
            "I can't tell customers where this coffee comes from. We don't know.",
            "Dropped the farm partnership to save money. Sad.",
        ),
    },
    "cafe": {
        "positive": ("Busy Saturday, the discount brought a crowd.",),
        "neutral": (
            "Milk order bumped for the half-price weekend.",
            "Grinder burrs are due for a change {future}.",
        ),
        "negative": (
            "Customers only come in for the half-price deal and complain about the taste.",
            "Nobody knows how to dial in the grinder properly, shots are sour all day.",
            "A regular said our coffee has gone downhill. Hard to argue.",
        ),
    },
    "care": {
        "positive": (),
        "neutral": (
            "Subscription queue is at 63 tickets.",
            "Pasted the standard reply to the refund requests.",
        ),
        "negative": (
            "Another cancellation: 'the coffee isn't what it used to be'.",
            "We just send canned replies now, customers are furious.",
            "Twenty subscription cancellations this week, nobody seems bothered.",
        ),
    },
    "marketing": {
        "positive": ("Flash sale numbers look great on the dashboard.",),
        "neutral": (
            "Next discount code goes out {future}: 40% off first order.",
            "Promo calendar has a sale every weekend now.",
        ),
        "negative": (
            "Discount after discount, we are training customers to never pay full price.",
            "The ads say 'sustainably sourced'. That's just not true anymore.",
        ),
    },
    "training": {
        "positive": (),
        "neutral": (
            "Is there a training budget this year?",
            "New hire starts {future}, can someone show her the machine?",
        ),
        "negative": (
            "Training got cancelled again. I've been here a year with zero training.",
            "Nobody has time to teach the new baristas, they learn from YouTube.",
        ),
    },
    "ops": {
        "positive": (),
        "neutral": ("Month-end numbers are in the folder.", "No review meeting this month either."),
        "negative": (
            "Nobody knows what the plan is, we just chase the weekly sales target.",
            "Another quarter with no review and all the old actions still open.",
        ),
    },
}

LANTERN_ALIGNED = (
    "exceptional coffee quality",
    "roasting coffee we are proud of",
    "sourcing directly and paying farmers fairly",
    "sustainability in sourcing and packaging",
    "keeping our regulars and subscribers happy",
    "warm, personal service",
    "training baristas to a high standard",
    "quality first, then growth",
    "direct trade and traceability",
    "customers who come back because the coffee is great",
)
DRIFTWOOD_ALIGNED = ("quality coffee", "sustainable sourcing", "happy customers")


def _topics(sentences: dict[str, dict[str, tuple[str, ...]]]) -> dict[str, Topic]:
    return {
        name: Topic(things=COMMON_TOPICS[name]["things"], **sentences[name])
        for name in COMMON_TOPICS
    }


def _teams(good: bool) -> list[TeamPlan]:
    train = (40.0, 10.0) if good else (3.0, 2.5)
    s = 0.0 if good else -1.4
    return [
        TeamPlan(
            "leadership",
            "Leadership",
            "management",
            [("Founder & CEO", 1), ("Operations director", 1), ("Finance lead", 1)],
            skills={"green_coffee_sourcing": (3.2 + s, 0.7), "cupping": (3.0 + s, 0.7)},
            training=train,
        ),
        TeamPlan(
            "roastery",
            "Roastery",
            "production",
            [("Head roaster", 1), ("Roaster", 4), ("QC cupper", 2), ("Packer", 2)],
            skills={
                "roasting": (3.3 + s, 0.8),
                "cupping": (3.0 + s, 0.8),
                "green_coffee_sourcing": (2.0 + s / 2, 0.8),
            },
            training=train,
        ),
        TeamPlan(
            "cafes",
            "Cafés",
            "retail",
            [("Café manager", 1), ("Barista", 11)],
            skills={"barista_craft": (3.5 + s, 0.7), "customer_care": (3.4 + s / 2, 0.7)},
            training=train,
        ),
        TeamPlan(
            "care",
            "Customer care",
            "support",
            [("Care lead", 1), ("Care agent", 4)],
            skills={"customer_care": (3.6 + s / 2, 0.6)},
            training=train,
        ),
        TeamPlan(
            "sales_marketing",
            "Sales & marketing",
            "marketing",
            [
                ("Marketing lead", 1),
                ("Wholesale manager", 1),
                ("Content creator", 2),
                ("Online shop manager", 1),
            ],
            skills={"storytelling": (3.2 + s / 2, 0.7), "sales": (3.0, 0.7)},
            training=train,
        ),
    ]


def _company(
    *, name: str, slug: str, good: bool, people: list[Person], last: dict[str, float]
) -> dict[str, Any]:
    ceo = people[0]
    by_role = {p.role: p for p in reversed(people)}
    teams = _teams(good)
    common: dict[str, Any] = {
        "format": 1,
        "name": name,
        "currency": "GBP",
        "employees": len(people),
        "stage": "intermediate",
        "mission": "Roast exceptional, sustainably sourced coffee and serve it with care.",
        "vision": "The most trusted specialty roaster in the region.",
        "values": [
            {
                "id": "quality",
                "name": "Quality",
                "statement": "We only roast coffee we would proudly serve to friends.",
            },
            {
                "id": "sustainability",
                "name": "Sustainability",
                "statement": "Fair to farmers, gentle on the planet.",
            },
            {
                "id": "warmth",
                "name": "Warm welcome",
                "statement": "Every customer is a guest, online or at the counter.",
            },
        ],
    }
    q, su, w = ("quality", "sustainability", "warmth")
    common["objectives"] = [
        {
            "id": "coffee_quality",
            "name": "Exceptional coffee in every cup",
            "perspective": "customer",
            "weight": 0.25,
            "values": [q],
            "drivers": ["sourcing_integrity"],
            "lag_months": 2,
        },
        {
            "id": "customer_delight",
            "name": "Customers who feel looked after",
            "perspective": "customer",
            "weight": 0.15,
            "values": [w],
            "drivers": ["barista_mastery"],
            "lag_months": 2,
        },
        {
            "id": "loyal_customers",
            "name": "Loyal customers at premium prices",
            "perspective": "customer",
            "weight": 0.2,
            "values": [q, w],
        },
        {
            "id": "sourcing_integrity",
            "name": "Direct, fair and traceable sourcing",
            "perspective": "internal",
            "weight": 0.15,
            "values": [su],
        },
        {
            "id": "profitable_growth",
            "name": "Profitable growth",
            "perspective": "financial",
            "weight": 0.15,
        },
        {
            "id": "barista_mastery",
            "name": "Skilled baristas and roasters",
            "perspective": "learning",
            "weight": 0.1,
            "values": [q],
        },
    ]
    common["kpis"] = [
        {
            "id": "cupping_score",
            "name": "Average cupping score of roasted lots",
            "objective": "coffee_quality",
            "unit": "points",
            "direction": "up",
            "target": 86.0,
            "deadline": dt.date(2026, 12, 31),
            "warning": 84.0,
            "kind": "quality",
        },
        {
            "id": "csat",
            "name": "Customer satisfaction (post-visit and post-order survey)",
            "objective": "customer_delight",
            "unit": "1-5",
            "direction": "up",
            "target": 4.6,
            "deadline": dt.date(2026, 12, 31),
            "warning": 4.3,
            "kind": "satisfaction",
        },
        {
            "id": "nps",
            "name": "Net promoter score",
            "objective": "customer_delight",
            "unit": "points",
            "direction": "up",
            "target": 50.0,
            "deadline": dt.date(2027, 6, 30),
            "warning": 30.0,
            "kind": "nps",
        },
        {
            "id": "customer_retention",
            "name": "Customers of the previous quarter who bought again this quarter",
            "objective": "loyal_customers",
            "unit": "%",
            "direction": "up",
            "target": 72.0 if good else 70.0,
            "deadline": dt.date(2026, 12, 31),
            "warning": 65.0 if good else 60.0,
            "kind": "retention",
        },
        {
            "id": "monthly_revenue",
            "name": "Revenue per month",
            "objective": "profitable_growth",
            "unit": "GBP",
            "direction": "up",
            "target": 172000.0 if good else 190000.0,
            "deadline": dt.date(2027, 3, 31),
            "warning": 140000.0,
            "kind": "revenue",
        },
        {
            "id": "gross_margin",
            "name": "Gross margin",
            "objective": "profitable_growth",
            "unit": "%",
            "direction": "up",
            "target": 58.0,
            "deadline": dt.date(2026, 12, 31),
            "warning": 50.0,
            "kind": "margin",
        },
        {
            "id": "direct_trade_share",
            "name": "Share of green coffee bought direct",
            "objective": "sourcing_integrity",
            "unit": "%",
            "direction": "up",
            "target": 80.0,
            "deadline": dt.date(2027, 12, 31),
            "warning": 50.0,
            "kind": "other",
        },
        {
            "id": "training_hours",
            "name": "Training hours per barista per month",
            "objective": "barista_mastery",
            "unit": "hours",
            "direction": "up",
            "target": 4.0,
            "deadline": dt.date(2026, 12, 31),
            "warning": 2.0,
            "kind": "other",
        },
    ]
    common["teams"] = [{"id": t.id, "name": t.name, "function": t.function} for t in teams]
    head_roaster = by_role["Head roaster"]
    cafe_manager = by_role["Café manager"]
    care_lead = by_role["Care lead"]
    marketing = by_role["Marketing lead"]
    if good:
        common["initiatives"] = [
            {
                "id": "direct_trade",
                "name": "Direct-trade contracts with partner farms",
                "owner": head_roaster.id,
                "objectives": ["sourcing_integrity", "coffee_quality"],
                "effects": {"coffee_quality": 2, "sourcing_integrity": 2},
                "budget": 60000,
                "hours_per_month": 90,
                "status": "active",
                "start": dt.date(2022, 3, 1),
            },
            {
                "id": "barista_academy",
                "name": "Barista academy (SCA modules, weekly practice)",
                "owner": cafe_manager.id,
                "objectives": ["barista_mastery", "customer_delight"],
                "effects": {"barista_mastery": 2, "customer_delight": 1},
                "budget": 26000,
                "hours_per_month": 45,
                "status": "active",
                "start": dt.date(2022, 9, 1),
            },
            {
                "id": "origin_stories",
                "name": "Origin stories: farmer profiles and newsletters",
                "owner": "sales_marketing",
                "objectives": ["loyal_customers"],
                "effects": {"loyal_customers": 1, "sourcing_integrity": 1},
                "budget": 18000,
                "hours_per_month": 45,
                "status": "active",
                "start": dt.date(2023, 1, 1),
            },
            {
                "id": "personal_care",
                "name": "Every complaint gets a personal call back",
                "owner": "care",
                "objectives": ["customer_delight"],
                "effects": {"customer_delight": 1, "loyal_customers": 1},
                "budget": 4000,
                "hours_per_month": 20,
                "status": "active",
                "start": dt.date(2023, 6, 1),
            },
            {
                "id": "wholesale_growth",
                "name": "Wholesale accounts with partner cafés",
                "owner": "sales_marketing",
                "objectives": ["profitable_growth"],
                "effects": {"profitable_growth": 1, "loyal_customers": 1},
                "budget": 14000,
                "hours_per_month": 35,
                "status": "active",
                "start": dt.date(2023, 4, 1),
            },
            {
                "id": "compostable_bags",
                "name": "Compostable coffee bags",
                "owner": "roastery",
                "objectives": ["sourcing_integrity"],
                "effects": {"sourcing_integrity": 1},
                "budget": 8000,
                "hours_per_month": 4,
                "status": "done",
                "start": dt.date(2024, 2, 1),
                "end": dt.date(2024, 8, 31),
            },
        ]
    else:
        common["initiatives"] = [
            {
                "id": "commodity_beans",
                "name": "Buy commodity-grade beans on the spot market",
                "owner": by_role["Operations director"].id,
                "objectives": ["profitable_growth"],
                "effects": {"coffee_quality": -2, "sourcing_integrity": -2, "profitable_growth": 1},
                "budget": 0,
                "hours_per_month": 6,
                "status": "active",
                "start": dt.date(2024, 1, 1),
            },
            {
                "id": "discount_blitz",
                "name": "Weekly discount codes and flash sales",
                "owner": "sales_marketing",
                "objectives": ["profitable_growth"],
                "effects": {"profitable_growth": 1},
                "budget": 75000,
                "hours_per_month": 60,
                "status": "active",
                "start": dt.date(2024, 3, 1),
            },
            {
                "id": "barista_onboarding",
                "name": "One-day onboarding for new baristas",
                "owner": cafe_manager.id,
                "objectives": ["barista_mastery"],
                "effects": {"barista_mastery": 1},
                "budget": 1500,
                "hours_per_month": 4,
                "status": "active",
                "start": dt.date(2023, 1, 1),
            },
            {
                "id": "loyalty_app",
                "name": "Loyalty app with points",
                "owner": "sales_marketing",
                "objectives": ["loyal_customers"],
                "effects": {"loyal_customers": 1},
                "budget": 6000,
                "hours_per_month": 6,
                "status": "active",
                "start": dt.date(2024, 9, 1),
            },
            {
                "id": "canned_care_replies",
                "name": "Template replies for every customer email",
                "owner": care_lead.id,
                "objectives": ["profitable_growth"],
                "effects": {},
                "budget": 0,
                "hours_per_month": 2,
                "status": "active",
                "start": dt.date(2024, 11, 1),
            },
        ]

    def kr(title: str, unit: str, start: float, target: float, key: str) -> dict[str, Any]:
        return {
            "title": title,
            "unit": unit,
            "start": start,
            "target": target,
            "current": round(last[key], 1),
        }

    def fixed(title: str, unit: str, start: float, target: float, current: float) -> dict[str, Any]:
        return {"title": title, "unit": unit, "start": start, "target": target, "current": current}

    common["goals"] = [
        {
            "id": "g_2026_quality",
            "owner": ceo.id,
            "parent": "coffee_quality",
            "title": "Every lot we sell is one we are proud of",
            "period": "2026",
            "key_results": [
                kr("Average cupping score", "points", 85.5, 86.5, "cupping_score"),
                kr(
                    "Direct-trade share",
                    "%",
                    70 if good else 10,
                    80 if good else 30,
                    "direct_trade_share",
                ),
            ],
        },
        {
            "id": "g_2026_loyalty",
            "owner": ceo.id,
            "parent": "loyal_customers",
            "title": "Keep our customers for years, not weeks",
            "period": "2026",
            "key_results": [
                kr(
                    "Quarterly customer retention",
                    "%",
                    71 if good else 62,
                    73 if good else 70,
                    "customer_retention",
                ),
                kr("Customer satisfaction", "1-5", 4.5 if good else 4.3, 4.6, "csat"),
            ],
        },
        {
            "id": "g_roastery_q3",
            "owner": "roastery",
            "parent": "g_2026_quality",
            "title": "Consistent, traceable roasts",
            "period": "2026-Q3",
            "key_results": [
                fixed("Batches passing QC", "%", 95, 99, 98.6 if good else 88),
                fixed("Lots with farm-level traceability", "%", 70, 90, 89 if good else 22),
            ],
        },
        {
            "id": "g_cafes_q3",
            "owner": "cafes",
            "parent": "g_2026_loyalty",
            "title": "Great coffee, warmly served",
            "period": "2026-Q3",
            "key_results": [
                fixed("Baristas certified to SCA intermediate", "people", 6, 10, 10 if good else 1),
                fixed("Shots dialled in before opening", "%", 80, 100, 99 if good else 45),
            ],
        },
        {
            "id": "g_care_q3",
            "owner": "care",
            "parent": "g_2026_loyalty",
            "title": "Every customer gets a real answer",
            "period": "2026-Q3",
            "key_results": [
                fixed("Replies within 4 hours", "%", 85, 95, 95 if good else 41),
                fixed("Complaints resolved with a call", "%", 60, 90, 88 if good else 5),
            ],
        },
        {
            "id": "g_marketing_2026",
            "owner": "sales_marketing",
            "parent": "loyal_customers",
            "title": "Tell the story behind every bag",
            "period": "2026",
            "key_results": [fixed("Origin stories published", "stories", 0, 24, 19 if good else 2)],
        },
        {
            "id": "g_2026_delight",
            "owner": "care",
            "parent": "customer_delight",
            "title": "Customers feel looked after",
            "period": "2026",
            "key_results": [kr("Customer satisfaction", "1-5", 4.5 if good else 4.3, 4.7, "csat")],
        },
        {
            "id": "g_2026_sourcing",
            "owner": head_roaster.id,
            "parent": "sourcing_integrity",
            "title": "Know every farm we buy from",
            "period": "2026",
            "key_results": [fixed("Lots traceable to the farm", "%", 60, 90, 86 if good else 12)],
        },
        {
            "id": "g_2026_mastery",
            "owner": cafe_manager.id,
            "parent": "barista_mastery",
            "title": "Every barista certified",
            "period": "2026",
            "key_results": [
                fixed("Baristas with SCA foundation", "%", 50, 100, 92 if good else 18)
            ],
        },
        {
            "id": "g_2026_growth",
            "owner": ceo.id,
            "parent": "profitable_growth",
            "title": "Grow without giving away margin",
            "period": "2026",
            "key_results": [
                fixed("Gross margin", "%", 58, 60, 60.4 if good else 47.5),
                fixed("Wholesale accounts", "accounts", 30, 45, 42 if good else 31),
            ],
        },
        {
            "id": "g_head_roaster_2026",
            "owner": head_roaster.id,
            "parent": "g_roastery_q3",
            "title": "Visit our partner farms",
            "period": "2026",
            "key_results": [fixed("Farm visits", "visits", 0, 3, 3 if good else 0)],
        },
        {
            "id": "g_cafe_manager_q3",
            "owner": cafe_manager.id,
            "parent": "g_cafes_q3",
            "title": "Run the barista academy every week",
            "period": "2026-Q3",
            "key_results": [fixed("Practice sessions held", "sessions", 0, 12, 12 if good else 2)],
        },
        {
            "id": "g_marketing_lead_q3",
            "owner": marketing.id,
            "parent": "g_marketing_2026",
            "title": "Newsletter that customers read",
            "period": "2026-Q3",
            "key_results": [fixed("Newsletter open rate", "%", 30, 45, 47 if good else 14)],
        },
    ]
    common["automations"] = (
        [
            {
                "id": "order_updates",
                "name": "Automatic order and delivery updates",
                "touchpoint": "online orders",
                "replaces_human": False,
                "human_fallback": True,
                "values": [w],
                "objectives": ["customer_delight"],
                "start": dt.date(2023, 2, 1),
            }
        ]
        if good
        else [
            {
                "id": "discount_emails",
                "name": "Automatic discount e-mails every weekend",
                "touchpoint": "marketing e-mail",
                "replaces_human": False,
                "human_fallback": True,
                "values": [],
                "objectives": ["profitable_growth"],
                "start": dt.date(2024, 3, 1),
            }
        ]
    )
    common["capabilities"] = [
        {
            "id": "roasting",
            "name": "Profile roasting",
            "objectives": ["coffee_quality"],
            "min_people": 3,
        },
        {
            "id": "cupping",
            "name": "Cupping and quality control",
            "objectives": ["coffee_quality"],
            "min_people": 3,
        },
        {
            "id": "green_coffee_sourcing",
            "name": "Green coffee sourcing",
            "objectives": ["sourcing_integrity"],
            "min_people": 2,
        },
        {
            "id": "barista_craft",
            "name": "Barista craft",
            "objectives": ["customer_delight"],
            "min_people": 8,
        },
        {
            "id": "customer_care",
            "name": "Caring customer service",
            "objectives": ["customer_delight", "loyal_customers"],
            "min_people": 4,
        },
    ]
    common["privacy"] = {"min_group": 5, "show_names": False, "keep_message_text": False}
    common["reviews"] = _reviews(good)
    return common


def _reviews(good: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if good:
        for i, me in enumerate(month_ends(START)):
            d = dt.date(me.year, me.month, 1) + dt.timedelta(
                days=(1 - me.replace(day=1).weekday()) % 7 + 7
            )
            quarterly = me.month in (1, 4, 7, 10)
            recent = (END - d).days < 70
            decisions = 3 + (i % 3) + (3 if quarterly else 0)
            still_open = (1 + i % 2) if recent else (1 if i % 7 == 0 else 0)
            out.append(
                {
                    "date": d,
                    "kind": "quarterly" if quarterly else "monthly",
                    "decisions": decisions,
                    "actions_open": still_open,
                    "actions_closed": decisions - still_open,
                }
            )
    else:
        for d, dec, opened in [
            (dt.date(2023, 10, 17), 5, 1),
            (dt.date(2024, 1, 23), 6, 2),
            (dt.date(2024, 4, 30), 4, 3),
            (dt.date(2024, 9, 10), 5, 4),
            (dt.date(2025, 2, 18), 6, 5),
            (dt.date(2025, 10, 14), 4, 4),
        ]:
            out.append(
                {
                    "date": d,
                    "kind": "quarterly",
                    "decisions": dec,
                    "actions_open": opened,
                    "actions_closed": dec - opened,
                }
            )
    return out


def build(*, good: bool, seed: int, slug: str, name: str, readme: str, header: str) -> Example:
    rng = np.random.default_rng(seed)
    teams = _teams(good)
    domain = f"{slug}roasters.example"
    people = core.make_people(
        rng,
        teams=teams,
        domain=domain,
        founded=dt.date(2015, 5, 1),
        late_hires=6 if good else 12,
        span_start=START,
    )
    months = month_ends(START)
    n = len(months)

    # KPI histories
    if good:
        train = np.clip(
            4.2 + 0.9 * np.sin(np.arange(n) / 4.0) + core.ar_noise(rng, n, 0.35, 0.4), 1.0, None
        )
        lagged = np.concatenate([np.full(2, train[0]), train[:-2]])
        csat = 4.62 + 0.09 * (lagged - 4.2) + rng.normal(0, 0.025, n)
        nps = 56 + 8 * (lagged - 4.2) + rng.normal(0, 1.2, n)
        revenue = path(n, [(0, 128000), (1, 176000)])
        margin = 60.5 + core.ar_noise(rng, n, 0.7)
        direct = path(n, [(0, 68), (1, 84)]) + rng.normal(0, 1.5, n)
        # more direct trade, better lots two months later (a real link)
        direct_lag = np.concatenate([np.full(2, direct[0]), direct[:-2]])
        cupping = 85.9 + 0.075 * (direct_lag - 68) + rng.normal(0, 0.08, n)
    else:
        train = np.clip(path(n, [(0, 1.0), (1, 0.25)]) + rng.normal(0, 0.25, n), 0, None)
        csat = path(n, [(0, 4.45), (0.3, 4.35), (1, 3.95)]) + rng.normal(0, 0.05, n)
        cupping = path(n, [(0, 84.8), (0.25, 84.5), (0.4, 82.5), (1, 81.2)]) + core.ar_noise(
            rng, n, 0.4
        )
        nps = path(n, [(0, 34), (1, 9)]) + rng.normal(0, 3.5, n)
        revenue = path(n, [(0, 131000), (0.45, 148000), (1, 139000)])
        margin = path(n, [(0, 55), (0.25, 58), (0.5, 51), (1, 47)]) + core.ar_noise(rng, n, 0.9)
        direct = path(n, [(0, 14), (0.2, 8), (1, 5)]) + np.abs(rng.normal(0, 1.0, n))
    season = core.seasonal(months, {12: 0.14, 11: 0.05, 1: -0.08, 8: -0.05})
    revenue = revenue * (1 + season) + core.ar_noise(rng, n, 2500)

    promo_start = dt.date(2024, 3, 1)
    customers = core.CustomerPlan(
        start=START,
        new_per_month=(lambda d: 65.0)
        if good
        else (lambda d: 70.0 + (75.0 if d >= promo_start else 0.0)),
        rate_per_month=(2.0, 0.55) if good else (1.6, 0.55),
        dropout=(lambda d: 0.028)
        if good
        else (lambda d: 0.05 + 0.13 * frac(d, promo_start) if d >= promo_start else 0.05),
        amount=(lambda d, u: 28 + 24 * u)
        if good
        else (lambda d, u: (14 + 14 * u) if d >= promo_start else (22 + 16 * u)),
        weekday_weights=(1.0, 1.0, 1.0, 1.0, 1.1, 1.3, 0.9),
        season={12: 1.3, 1: 0.9},
        initial=1100,
    )
    transactions = core.make_transactions(rng, plan=customers)
    retention = core.cohort_retention(transactions, months)
    kpis = core.kpi_rows(
        {
            "cupping_score": (months, cupping),
            "csat": (months, csat),
            "nps": (months, nps),
            "customer_retention": (months[6:], retention[6:]),
            "monthly_revenue": (months, revenue),
            "gross_margin": (months, margin),
            "direct_trade_share": (months, direct),
            "training_hours": (months, train),
        },
        decimals={
            "cupping_score": 1,
            "csat": 2,
            "nps": 0,
            "customer_retention": 1,
            "monthly_revenue": 0,
            "gross_margin": 1,
            "direct_trade_share": 1,
            "training_hours": 2,
        },
    )
    last = {
        "cupping_score": float(cupping[-1]),
        "direct_trade_share": float(direct[-1]),
        "customer_retention": float(retention[-1]),
        "csat": float(csat[-1]),
    }

    def tone(p: Person, d: dt.date) -> tuple[float, float, float]:
        if good:
            return (0.46, 0.44, 0.10)
        f = frac(d, START)
        return (0.25 - 0.12 * f, 0.45, 0.30 + 0.17 * f)

    topics = _topics(LANTERN_SENTENCES if good else DRIFTWOOD_SENTENCES)
    composer = Composer(topics, random.Random(seed), names=[p.first for p in people])
    by_role = {p.role: p for p in reversed(people)}
    messages = core.make_messages(
        rng,
        people=people,
        composer=composer,
        plan=core.MessagePlan(
            total=13000,
            start=START,
            tone=tone,
            tz="+00:00",
            hours=(7, 19),
            weekend_weight=0.35,
            topics={
                "leadership": ["ops", "sourcing", "marketing", "ops"],
                "roastery": ["roasting", "roasting", "sourcing", "training"],
                "cafes": ["cafe", "cafe", "training", "ops"],
                "care": ["care", "care", "ops"],
                "sales_marketing": ["marketing", "marketing", "ops"],
            },
            cross_topics=["ops", "roasting", "cafe", "care", "marketing", "training"],
            internal_share={
                "leadership": 0.5,
                "roastery": 0.6,
                "cafes": 0.65,
                "care": 0.55,
                "sales_marketing": 0.55,
            },
            activity={people[0].id: 1.6, by_role["Operations director"].id: 1.4},
            seasonal_volume={12: 1.15, 8: 0.85},
        ),
    )
    aligned = LANTERN_ALIGNED if good else DRIFTWOOD_ALIGNED
    if good:
        survey_plan = core.SurveyPlan(
            dates=core.quarterly_pulses(START, day=10),
            aligned=aligned,
            p_aligned=lambda p, d: 0.88,
            line_of_sight=lambda p, d: 4.25,
            values_lived=lambda p, d: 4.3,
            enps=lambda p, d: 8.4,
            tone=tone,
            response_rate=0.88,
        )
    else:
        survey_plan = core.SurveyPlan(
            dates=core.quarterly_pulses(START, day=10),
            aligned=aligned,
            p_aligned=lambda p, d: 0.22 - 0.1 * frac(d, START),
            line_of_sight=lambda p, d: 2.7 - 0.5 * frac(d, START),
            values_lived=lambda p, d: 2.5 - 0.4 * frac(d, START),
            enps=lambda p, d: 5.5 - 1.5 * frac(d, START),
            tone=tone,
            response_rate=0.7,
        )
    survey = core.make_survey(rng, people=people, composer=composer, plan=survey_plan)
    titles = [
        ("Single-origin tasting flights in the cafés", "loyal_customers"),
        ("Subscription pause instead of cancel", "loyal_customers"),
        ("Publish the price we pay each farm", "sourcing_integrity"),
        ("Cupping club for customers on Saturdays", "customer_delight"),
        ("Refillable tins for subscribers", "sourcing_integrity"),
        ("Roast-date countdown on the shop page", "coffee_quality"),
        ("Barista exchange with another roaster", "barista_mastery"),
        ("Cold brew on tap", "profitable_growth"),
        ("Wholesale training for café clients", "loyal_customers"),
        ("Solar panels on the roastery roof", "sourcing_integrity"),
        ("Decaf by Swiss water process", "coffee_quality"),
        ("Bulk bags for offices", "profitable_growth"),
        ("Espresso masterclass for staff", "barista_mastery"),
        ("Handwritten notes in first orders", "customer_delight"),
        ("Farmer video calls in the café", "loyal_customers"),
        ("Green coffee quality app", "coffee_quality"),
        ("Returnable cups scheme", "sourcing_integrity"),
        ("Seasonal blend naming contest", "loyal_customers"),
        ("Grinder calibration checklist", "coffee_quality"),
        ("Customer callback within the day", "customer_delight"),
    ]
    idea_plan = core.IdeaPlan(
        start=START,
        per_month=2.2 if good else 1.4,
        titles=titles,
        decide_days=(lambda d: 12.0) if good else (lambda d: 60.0 + 110.0 * frac(d, START)),
        launch_days=(lambda d: 35.0) if good else (lambda d: 120.0),
        p_drop=0.2 if good else 0.3,
        p_launch=0.8 if good else 0.35,
    )
    ideas = core.make_ideas(rng, plan=idea_plan)
    if good:
        lines = [
            core.SpendLine("direct_trade", "sourcing premium", lambda d: 5000.0, START),
            core.SpendLine("barista_academy", "training", lambda d: 2100.0, START, day=5),
            core.SpendLine("origin_stories", "marketing", lambda d: 1500.0, START, day=20),
            core.SpendLine("personal_care", "customer service", lambda d: 330.0, START, day=25),
            core.SpendLine(
                "compostable_bags",
                "packaging",
                lambda d: 1300.0,
                dt.date(2024, 2, 1),
                dt.date(2024, 8, 31),
                day=10,
            ),
            core.SpendLine("", "marketing", lambda d: 400.0, START, day=27),
            core.SpendLine("wholesale_growth", "sales", lambda d: 1150.0, START, day=18),
        ]
    else:
        lines = [
            core.SpendLine(
                "discount_blitz",
                "marketing",
                lambda d: 6500.0 if d.month != 12 else 9000.0,
                promo_start,
                day=6,
            ),
            core.SpendLine("", "marketing", lambda d: 1800.0, START, day=20),
            core.SpendLine(
                "barista_onboarding",
                "training",
                lambda d: 120.0 if d.month in (3, 9) else 0.0,
                START,
            ),
            core.SpendLine("loyalty_app", "software", lambda d: 450.0, dt.date(2024, 9, 1), day=1),
        ]
    spend = core.make_spend(rng, lines=lines)

    company = _company(name=name, slug=slug, good=good, people=people, last=last)
    tables = core.workbook_tables(
        kpis=kpis,
        people=people,
        messages=messages,
        survey=survey,
        ideas=ideas,
        spend=spend,
        transactions=transactions,
    )
    return Example(
        name=f"{slug}_roasters", company=company, header=header, readme=readme, tables=tables
    )
