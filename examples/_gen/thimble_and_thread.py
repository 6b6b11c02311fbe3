"""Thimble & Thread: an online boutique loved for its personal touch, until it automated it."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from . import core
from .core import END, Example, Person, TeamPlan, month_ends
from .text import Composer, Topic

NAME = "thimble_and_thread"
SEED = 5501
START = dt.date(2024, 4, 1)
BLASTS = dt.date(2025, 9, 1)
AUTO = dt.date(2025, 11, 1)

TOPICS = {
    "orders": Topic(
        things=(
            "alteration request",
            "custom hem",
            "gift wrap",
            "order notes",
            "fabric swatch",
            "bridal order",
            "made-to-measure order",
        ),
        positive=(
            "Wrote a little note to Mrs Haddad about her linen dress, she replied with a photo!",
            "Customer said our handwritten card made her cry. Love this job.",
            "The bridal order went out with a personal fitting guide, she was thrilled.",
        ),
        neutral=(
            "Custom hem for order 2231 needs 2 extra days.",
            "Fabric swatches posted {past} to the Leeds customer.",
            "Gift wrap for the three Christmas orders {future}.",
        ),
        negative=("Wrong size sent {past}, I've apologised and sent a replacement.",),
    ),
    "care": Topic(
        things=(
            "inbox",
            "customer question",
            "return",
            "sizing question",
            "chat",
            "follow-up call",
            "repeat customer",
        ),
        positive=(
            "Had a lovely call with a repeat customer about her wedding outfit.",
            "Answered every sizing question personally today, people really appreciate it.",
            "A customer thanked {person} by name for remembering her last order.",
        ),
        neutral=(
            "Inbox is at 12, all answered by lunch.",
            "Return for order 1988 approved.",
            "Sizing chart link added to the FAQ.",
        ),
        negative=("Long wait on the inbox {past}, sorry everyone.",),
    ),
    "bot": Topic(
        things=("auto-reply", "bot", "canned answer", "ticket macro", "chatbot", "FAQ reply"),
        positive=("Auto-replies cleared the shipping questions quickly {past}.",),
        neutral=(
            "Bot handled 140 conversations this week.",
            "Updated the canned answer for returns.",
            "Macro for 'where is my order' changed {past}.",
        ),
        negative=(
            "The bot answered a bride's urgent question with a shipping FAQ. She is livid.",
            "Customers keep writing 'can I talk to a human?' and there is no way to reach us.",
            "A regular of three years cancelled, she said we feel like a faceless shop now.",
            "I hate that the auto-replies sign off with my name. It's not me talking.",
            "Three angry reviews this week about the robotic replies.",
            "We used to know our customers by name. Now they're ticket numbers.",
        ),
    ),
    "marketing": Topic(
        things=(
            "newsletter",
            "email campaign",
            "Instagram story",
            "lookbook",
            "discount code",
            "subscriber list",
        ),
        positive=(
            "The lookbook email got lovely replies from customers.",
            "Personal recommendations in the newsletter worked beautifully.",
        ),
        neutral=("Next email goes out {future}.", "Lookbook shoot {future} at the studio."),
        negative=(
            "Unsubscribes tripled since we switched to the weekly blast.",
            "The generic blast went to customers who just bought the same dress. Awkward.",
            "Our emails look like every other discount shop now.",
        ),
    ),
    "making": Topic(
        things=(
            "cutting table",
            "linen stock",
            "sewing machine",
            "pattern",
            "embroidery",
            "sample dress",
        ),
        positive=(
            "New linen arrived and it's gorgeous.",
            "Thanks {person} for finishing the embroidery so beautifully.",
        ),
        neutral=(
            "Sewing machine 2 needs a service {future}.",
            "Pattern for the wrap dress updated.",
        ),
        negative=("Machine broke mid-order {past}, annoying.",),
    ),
}

ALIGNED = (
    "personal attention for every customer",
    "customers who come back",
    "beautiful handmade clothes",
    "knowing our customers by name",
    "quality sewing",
    "a personal touch in every order",
)


def build() -> Example:
    rng = np.random.default_rng(SEED)
    teams = [
        TeamPlan(
            "studio",
            "Studio",
            "production",
            [("Founder", 1), ("Seamstress", 3)],
            skills={"garment_making": (3.8, 0.6), "styling_advice": (3.2, 0.7)},
            training=(12, 4),
        ),
        TeamPlan(
            "care",
            "Customer care",
            "support",
            [("Care lead", 1), ("Care assistant", 2)],
            skills={"personal_service": (3.8, 0.6), "styling_advice": (3.0, 0.7)},
            training=(10, 4),
        ),
        TeamPlan(
            "marketing",
            "Marketing",
            "marketing",
            [("Marketing lead", 1), ("Social media assistant", 1)],
            skills={"email_marketing": (3.2, 0.6)},
            training=(8, 3),
        ),
        TeamPlan(
            "fulfilment",
            "Fulfilment",
            "operations",
            [("Fulfilment lead", 1), ("Packer", 2)],
            skills={"logistics": (3.0, 0.6)},
            training=(6, 3),
        ),
    ]
    people = core.make_people(
        rng,
        teams=teams,
        domain="thimbleandthread.example",
        founded=dt.date(2020, 3, 1),
        late_hires=1,
        span_start=START,
    )
    founder = people[0]
    care_lead = next(p for p in people if p.role == "Care lead")
    months = month_ends(START)
    n = len(months)
    after = np.array([m >= AUTO for m in months])
    since = np.array([max(0, (m - AUTO).days) / 30.4 for m in months])
    csat = np.where(after, 4.78 - 0.18 - 0.035 * since, 4.78) + rng.normal(0, 0.04, n)
    open_rate = np.array(
        [44.0 if m < BLASTS else 31.0 - 0.4 * (m - BLASTS).days / 30.4 for m in months]
    ) + rng.normal(0, 1.2, n)
    reply_hours = np.where(after, 0.1, 5.5) + np.abs(
        rng.normal(0, 0.4 * np.where(after, 0.1, 1), n)
    )
    cost_per_order = np.where(after, 6.1, 8.4) + rng.normal(0, 0.25, n)
    # studio training lowers quality returns two months later (a real link)
    maker_training = np.clip(3.0 + core.ar_noise(rng, n, 1.0, 0.3), 0.2, None)
    lagged_training = np.concatenate([np.full(2, maker_training[0]), maker_training[:-2]])
    quality_returns = 2.4 - 0.3 * (lagged_training - 3.0) + rng.normal(0, 0.08, n)

    customers = core.CustomerPlan(
        start=START,
        new_per_month=lambda d: 80.0,
        rate_per_month=(1.6, 0.28),
        dropout=lambda d: 0.045 if d < AUTO else 0.2,
        amount=lambda d, u: 38 + 70 * u * u,
        weekday_weights=(1.1, 1.0, 1.0, 1.0, 0.9, 0.8, 1.2),
        season={11: 1.5, 12: 1.7, 1: 0.8, 5: 1.15},
        initial=800,
    )
    transactions = core.make_transactions(rng, plan=customers)
    repeat = core.repeat_rate(transactions, months, window_days=180)
    revenue = np.zeros(n)
    for _, day, amount in transactions:
        d = dt.date.fromisoformat(day)
        revenue[months.index(core.month_end(d.year, d.month))] += float(amount)

    kpis = core.kpi_rows(
        {
            "csat": (months, csat),
            "repeat_purchase_rate": (months[4:], repeat[4:]),
            "email_open_rate": (months, open_rate),
            "monthly_revenue": (months, revenue),
            "reply_time_hours": (months, reply_hours),
            "cost_per_order": (months, cost_per_order),
            "quality_returns": (months, quality_returns),
            "maker_training_hours": (months, maker_training),
        },
        decimals={
            "csat": 2,
            "repeat_purchase_rate": 1,
            "email_open_rate": 1,
            "monthly_revenue": 0,
            "reply_time_hours": 1,
            "cost_per_order": 2,
            "quality_returns": 2,
            "maker_training_hours": 1,
        },
    )

    def tone(p: Person, d: dt.date) -> tuple[float, float, float]:
        if d < AUTO:
            return (0.52, 0.4, 0.08)
        f = min(1.0, (d - AUTO).days / 150)
        return (0.3 - 0.12 * f, 0.42, 0.28 + 0.18 * f)

    composer = Composer(TOPICS, random.Random(SEED), names=[p.first for p in people])
    messages = core.make_messages(
        rng,
        people=people,
        composer=composer,
        plan=core.MessagePlan(
            total=5200,
            start=START,
            tone=tone,
            tz="+00:00",
            hours=(8, 18),
            weekend_weight=0.2,
            topics={
                "studio": ["making", "making", "orders"],
                "care": ["care", "care", "orders", "bot", "bot"],
                "marketing": ["marketing"],
                "fulfilment": ["orders"],
            },
            cross_topics=["orders", "care", "bot", "marketing"],
            internal_share={"studio": 0.5, "care": 0.55, "marketing": 0.5, "fulfilment": 0.5},
            activity={founder.id: 1.5, care_lead.id: 1.4},
            seasonal_volume={11: 1.3, 12: 1.4},
            topic_from={"bot": AUTO},
        ),
    )
    survey = core.make_survey(
        rng,
        people=people,
        composer=composer,
        plan=core.SurveyPlan(
            dates=core.quarterly_pulses(START),
            aligned=ALIGNED,
            p_aligned=lambda p, d: 0.85,
            line_of_sight=lambda p, d: 4.3 if d < AUTO else 3.6,
            values_lived=lambda p, d: 4.5 if d < AUTO else 2.9,
            enps=lambda p, d: 8.8 if d < AUTO else 6.2,
            tone=tone,
            response_rate=0.92,
            comment_rate=0.7,
        ),
    )
    ideas = core.make_ideas(
        rng,
        plan=core.IdeaPlan(
            start=START,
            per_month=1.0,
            titles=[
                ("Video fitting consultations", "customer_loyalty"),
                ("Birthday notes for repeat customers", "customer_loyalty"),
                ("Linen care workshop", "maker_skills"),
                ("Made-to-measure trousers", "product_craft"),
                ("Reusable garment bags", "efficient_ops"),
                ("Customer photo gallery", "online_growth"),
                ("Mending service", "customer_loyalty"),
                ("Pattern-cutting course for the studio", "maker_skills"),
                ("Bundle shipping for repeat customers", "efficient_ops"),
                ("Spring lookbook", "online_growth"),
            ],
            decide_days=lambda d: 18.0,
            launch_days=lambda d: 30.0,
        ),
    )
    spend = core.make_spend(
        rng,
        lines=[
            core.SpendLine(
                "handwritten_notes",
                "customer care",
                lambda d: 160.0,
                START,
                AUTO - dt.timedelta(days=1),
                day=5,
            ),
            core.SpendLine("email_blasts", "marketing", lambda d: 650.0, BLASTS, day=2),
            core.SpendLine("", "marketing", lambda d: 500.0, START, day=20),
            core.SpendLine(
                "pattern_course",
                "training",
                lambda d: 300.0 if d.month in (2, 9) else 0.0,
                START,
                day=11,
            ),
            core.SpendLine("studio_kit", "equipment", lambda d: 220.0, START, day=25),
        ],
    )
    company = {
        "format": 1,
        "name": "Thimble & Thread",
        "currency": "GBP",
        "employees": len(people),
        "stage": "early",
        "mission": "Make clothes people keep for years, and know every customer by name.",
        "vision": "The online boutique that feels like your favourite local tailor.",
        "values": [
            {
                "id": "personal_touch",
                "name": "Personal touch",
                "statement": "Every customer hears from a real person who knows their order.",
            },
            {
                "id": "made_well",
                "name": "Made well",
                "statement": "We sew to last, and we mend what we sell.",
            },
        ],
        "objectives": [
            {
                "id": "customer_loyalty",
                "name": "Customers who come back and tell friends",
                "perspective": "customer",
                "weight": 0.3,
                "values": ["personal_touch"],
            },
            {
                "id": "product_craft",
                "name": "Beautifully made clothes",
                "perspective": "customer",
                "weight": 0.2,
                "values": ["made_well"],
                "drivers": ["maker_skills"],
                "lag_months": 2,
            },
            {
                "id": "online_growth",
                "name": "Grow online sales",
                "perspective": "financial",
                "weight": 0.2,
            },
            {
                "id": "efficient_ops",
                "name": "Lean, reliable operations",
                "perspective": "internal",
                "weight": 0.15,
            },
            {
                "id": "maker_skills",
                "name": "Skilled makers",
                "perspective": "learning",
                "weight": 0.15,
                "values": ["made_well"],
            },
        ],
        "kpis": [
            {
                "id": "csat",
                "name": "Customer satisfaction after contact",
                "objective": "customer_loyalty",
                "unit": "1-5",
                "direction": "up",
                "target": 4.7,
                "deadline": dt.date(2026, 12, 31),
                "warning": 4.4,
                "kind": "satisfaction",
            },
            {
                "id": "repeat_purchase_rate",
                "name": "Buyers who bought in the previous 6 months",
                "objective": "customer_loyalty",
                "unit": "%",
                "direction": "up",
                "target": 78.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 72.0,
                "kind": "retention",
            },
            {
                "id": "email_open_rate",
                "name": "Newsletter open rate",
                "objective": "online_growth",
                "unit": "%",
                "direction": "up",
                "target": 40.0,
                "deadline": dt.date(2027, 3, 31),
                "warning": 30.0,
                "kind": "other",
            },
            {
                "id": "monthly_revenue",
                "name": "Revenue per month",
                "objective": "online_growth",
                "unit": "GBP",
                "direction": "up",
                "target": 40000.0,
                "deadline": dt.date(2027, 3, 31),
                "warning": 22000.0,
                "kind": "revenue",
            },
            {
                "id": "reply_time_hours",
                "name": "Median time to first reply",
                "objective": "efficient_ops",
                "unit": "hours",
                "direction": "down",
                "target": 4.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 8.0,
                "kind": "lead_time",
            },
            {
                "id": "cost_per_order",
                "name": "Fulfilment and service cost per order",
                "objective": "efficient_ops",
                "unit": "GBP",
                "direction": "down",
                "target": 7.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 9.0,
                "kind": "cost",
            },
            {
                "id": "quality_returns",
                "name": "Orders returned for a quality fault",
                "objective": "product_craft",
                "unit": "%",
                "direction": "down",
                "target": 2.9,
                "deadline": dt.date(2026, 12, 31),
                "warning": 3.5,
                "kind": "quality",
            },
            {
                "id": "maker_training_hours",
                "name": "Studio training hours per maker per month",
                "objective": "maker_skills",
                "unit": "hours",
                "direction": "up",
                "target": 2.4,
                "deadline": dt.date(2027, 6, 30),
                "warning": 1.5,
                "kind": "other",
            },
        ],
        "teams": [{"id": t.id, "name": t.name, "function": t.function} for t in teams],
        "initiatives": [
            {
                "id": "email_blasts",
                "name": "Weekly e-mail blast to the whole list",
                "owner": "marketing",
                "objectives": ["online_growth"],
                "effects": {"online_growth": 1},
                "budget": 7800,
                "hours_per_month": 6,
                "status": "active",
                "start": BLASTS,
                "description": "Replaced the personal, segmented newsletter with one generic "
                "discount mail a week.",
            },
            {
                "id": "handwritten_notes",
                "name": "Handwritten note in every order",
                "owner": "care",
                "objectives": ["customer_loyalty"],
                "effects": {"customer_loyalty": 2},
                "budget": 1900,
                "hours_per_month": 20,
                "status": "stopped",
                "start": dt.date(2021, 1, 1),
                "end": AUTO - dt.timedelta(days=1),
            },
            {
                "id": "pattern_course",
                "name": "Pattern-cutting course",
                "owner": "studio",
                "objectives": ["maker_skills", "product_craft"],
                "effects": {"maker_skills": 1, "product_craft": 1},
                "budget": 600,
                "hours_per_month": 4,
                "status": "active",
                "start": START,
            },
            {
                "id": "studio_kit",
                "name": "Studio machines and tools",
                "owner": founder.id,
                "objectives": ["product_craft", "efficient_ops"],
                "effects": {"product_craft": 1, "efficient_ops": 1},
                "budget": 2600,
                "hours_per_month": 2,
                "status": "active",
                "start": START,
            },
        ],
        "goals": [
            {
                "id": "g_2026_loyalty",
                "owner": founder.id,
                "parent": "customer_loyalty",
                "title": "Customers come back",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Repeat purchase rate",
                        "unit": "%",
                        "start": 76,
                        "target": 80,
                        "current": round(float(repeat[-1]), 1),
                    },
                    {
                        "title": "Customer satisfaction",
                        "unit": "1-5",
                        "start": 4.7,
                        "target": 4.8,
                        "current": round(float(csat[-1]), 2),
                    },
                ],
            },
            {
                "id": "g_care_q3",
                "owner": "care",
                "parent": "g_2026_loyalty",
                "title": "Answer faster for less",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Median reply time",
                        "unit": "hours",
                        "start": 5,
                        "target": 1,
                        "current": 0.1,
                    },
                    {
                        "title": "Conversations handled by auto-reply",
                        "unit": "%",
                        "start": 0,
                        "target": 80,
                        "current": 86,
                    },
                ],
            },
            {
                "id": "g_marketing_q3",
                "owner": "marketing",
                "parent": "online_growth",
                "title": "Reach the whole list every week",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Emails sent per week",
                        "unit": "emails",
                        "start": 1,
                        "target": 1,
                        "current": 1,
                    },
                    {
                        "title": "Open rate",
                        "unit": "%",
                        "start": 35,
                        "target": 40,
                        "current": round(float(open_rate[-1]), 1),
                    },
                ],
            },
            {
                "id": "g_studio_2026",
                "owner": "studio",
                "parent": "product_craft",
                "title": "Every garment passes the finish check",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Returns for quality reasons",
                        "unit": "%",
                        "start": 3,
                        "target": 2.2,
                        "current": round(float(quality_returns[-1]), 2),
                    }
                ],
            },
            {
                "id": "g_fulfilment_2026",
                "owner": "fulfilment",
                "parent": "efficient_ops",
                "title": "Ship within a day",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Orders shipped next day",
                        "unit": "%",
                        "start": 85,
                        "target": 95,
                        "current": 93,
                    }
                ],
            },
            {
                "id": "g_care_lead_q3",
                "owner": care_lead.id,
                "parent": "g_care_q3",
                "title": "Move the inbox to auto-replies",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Reply templates written",
                        "unit": "templates",
                        "start": 20,
                        "target": 40,
                        "current": 41,
                    }
                ],
            },
            {
                "id": "g_makers_2026",
                "owner": founder.id,
                "parent": "maker_skills",
                "title": "Everyone can cut a pattern",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Makers signed off",
                        "unit": "people",
                        "start": 1,
                        "target": 4,
                        "current": 3,
                    }
                ],
            },
        ],
        "automations": [
            {
                "id": "auto_replies",
                "name": "Automated replies to customer e-mails and chat",
                "touchpoint": "customer service",
                "replaces_human": True,
                "human_fallback": False,
                "values": ["personal_touch"],
                "objectives": ["efficient_ops"],
                "effects": {"efficient_ops": 1},
                "start": AUTO,
                "description": "A chatbot with canned answers signs with the care team's names; "
                "there is no way to reach a person.",
            },
            {
                "id": "shipping_labels",
                "name": "Automatic shipping labels",
                "touchpoint": "fulfilment",
                "replaces_human": True,
                "human_fallback": True,
                "objectives": ["efficient_ops"],
                "start": dt.date(2024, 6, 1),
            },
        ],
        "capabilities": [
            {
                "id": "garment_making",
                "name": "Garment making",
                "objectives": ["product_craft"],
                "min_people": 3,
            },
            {
                "id": "personal_service",
                "name": "Personal customer service",
                "objectives": ["customer_loyalty"],
                "min_people": 2,
            },
            {
                "id": "styling_advice",
                "name": "Styling and fit advice",
                "objectives": ["customer_loyalty"],
                "min_people": 2,
            },
        ],
        "privacy": {"min_group": 5, "show_names": False, "keep_message_text": False},
        "reviews": [
            {
                "date": d,
                "kind": "quarterly",
                "decisions": 3,
                "actions_open": o,
                "actions_closed": 3 - o,
            }
            for d, o in [
                (dt.date(2024, 7, 3), 0),
                (dt.date(2024, 10, 2), 0),
                (dt.date(2025, 1, 8), 0),
                (dt.date(2025, 4, 2), 1),
                (dt.date(2025, 7, 2), 0),
                (dt.date(2025, 10, 1), 1),
                (dt.date(2026, 1, 7), 1),
                (dt.date(2026, 4, 1), 1),
                (dt.date(2026, 7, 1), 2),
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
        transactions=transactions,
    )
    assert months[-1] == END
    return Example(name=NAME, company=company, header=HEADER, readme=README, tables=tables)


HEADER = """
Thimble & Thread: an example workbook generated by examples/generate.py (do not edit by hand).
Loved for its personal touch, it automated customer service without a way to reach a person.
"""

README = core.readme("thimble_and_thread")
