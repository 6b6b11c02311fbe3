"""Harbour Dental: a healthy, well-aligned clinic with ordinary seasonality (the control)."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from . import core
from .core import END, Example, Person, TeamPlan, month_ends, path
from .text import Composer, Topic

NAME = "harbour_dental"
SEED = 6601
START = dt.date(2023, 10, 1)
SEASON = {7: -0.09, 8: -0.13, 12: -0.1, 1: 0.03, 9: 0.04}

TOPICS = {
    "clinic": Topic(
        things=(
            "hygiene list",
            "crown prep",
            "treatment plan",
            "sterilisation log",
            "x-ray sensor",
            "chair 3",
            "recall list",
            "implant consult",
        ),
        positive=(
            "Lovely feedback from the nervous patient in chair 2, she said it was painless.",
            "Great teamwork on the emergency slot {past}, thanks all.",
            "The new scanner makes crown preps so much smoother. Love it.",
        ),
        neutral=(
            "Hygiene list is full until Thursday.",
            "Sterilisation log checked and signed.",
            "Implant consult moved to {future}.",
            "Chair 3 handpiece is back from service.",
        ),
        negative=("Running 40 minutes behind {past}, two emergencies at once.",),
    ),
    "front": Topic(
        things=(
            "appointment book",
            "reminder texts",
            "insurance claim",
            "waiting room",
            "new patient forms",
            "phone queue",
            "cancellation list",
        ),
        positive=(
            "Filled every cancellation from the waitlist {past}, nice work.",
            "A patient brought cookies for the front desk. So sweet!",
        ),
        neutral=(
            "Reminder texts for next week have gone out.",
            "Insurance claim for the Costa family resubmitted.",
            "Phone queue was quiet {past}.",
            "Summer hours start {future}.",
        ),
        negative=("Insurance portal was down all morning, frustrating.",),
    ),
    "learning": Topic(
        things=(
            "CPD course",
            "study club",
            "radiography refresher",
            "case review",
            "first-aid training",
        ),
        positive=(
            "Really useful case review {past}, thanks for presenting {person}.",
            "The radiography refresher was excellent.",
        ),
        neutral=("Study club is on {future} at 7.", "CPD certificates go in the shared folder."),
        negative=(),
    ),
    "admin": Topic(
        things=(
            "rota",
            "supplies order",
            "monthly figures",
            "team meeting",
            "holiday calendar",
            "lab invoices",
        ),
        positive=("Monthly figures look steady, thanks everyone.",),
        neutral=(
            "Supplies order goes in {future}.",
            "Holiday calendar for August is up.",
            "Team meeting {future}, agenda in the drive.",
            "Lab invoices reconciled.",
        ),
        negative=("Supplier shorted us on gloves again.",),
    ),
}

ALIGNED = (
    "gentle, high-quality care",
    "patients who trust us and come back for check-ups",
    "keeping patients on their recall schedule",
    "clear advice and no surprises on cost",
    "ongoing training for the clinical team",
    "a calm, well-run practice",
    "patient experience",
)


def build() -> Example:
    rng = np.random.default_rng(SEED)
    teams = [
        TeamPlan(
            "leadership",
            "Leadership",
            "management",
            [("Principal dentist", 1), ("Practice manager", 1)],
            skills={"restorative_dentistry": (4.0, 0.5), "practice_management": (3.5, 0.6)},
            training=(30, 6),
        ),
        TeamPlan(
            "clinical",
            "Clinicians",
            "clinical",
            [("Clinical lead", 1), ("Dentist", 3), ("Hygienist", 6)],
            skills={
                "restorative_dentistry": (3.3, 0.8),
                "periodontal_care": (3.5, 0.7),
                "patient_communication": (3.6, 0.6),
            },
            training=(34, 6),
        ),
        TeamPlan(
            "assistants",
            "Dental assistants",
            "clinical",
            [("Senior assistant", 1), ("Dental assistant", 6)],
            skills={"chairside_assisting": (3.6, 0.6), "patient_communication": (3.4, 0.6)},
            training=(22, 5),
        ),
        TeamPlan(
            "front_desk",
            "Front desk",
            "reception",
            [("Reception lead", 1), ("Receptionist", 3), ("Billing coordinator", 2)],
            skills={"patient_communication": (3.7, 0.6), "scheduling": (3.6, 0.6)},
            training=(16, 4),
        ),
    ]
    people = core.make_people(
        rng,
        teams=teams,
        domain="harbourdental.example",
        founded=dt.date(2011, 9, 1),
        late_hires=3,
        span_start=START,
    )
    principal = people[0]
    manager = people[1]
    reception_lead = next(p for p in people if p.role == "Reception lead")
    months = month_ends(START)
    n = len(months)
    season = core.seasonal(months, SEASON)
    revenue = path(n, [(0, 168000), (1, 186000)]) * (1 + season) + rng.normal(0, 2500, n)
    utilisation = 84 + 80 * season + rng.normal(0, 1.0, n)
    cpd = 2.9 + rng.normal(0, 0.35, n)
    lagged = np.concatenate([np.full(3, cpd[0]), cpd[:-3]])
    satisfaction = 4.72 + 0.12 * (lagged - 2.9) + rng.normal(0, 0.02, n)
    no_show = 4.2 + core.seasonal(months, {12: 0.8, 7: 0.5, 8: 0.6}) + rng.normal(0, 0.3, n)
    new_patients = np.rint(
        48
        + 150 * core.seasonal(months, {9: 0.12, 1: 0.08, 7: -0.1, 8: -0.12, 12: -0.12})
        + rng.normal(0, 4, n)
    )

    customers = core.CustomerPlan(
        start=START,
        new_per_month=lambda d: 48.0,
        rate_per_month=(6.0, 0.032),
        dropout=lambda d: 0.03,
        amount=lambda d, u: 95 + 260 * u * u,
        weekday_weights=(1.0, 1.0, 1.0, 1.0, 0.9, 0.3, 0.0),
        season={m: 1 + 1.4 * v for m, v in SEASON.items()},
        initial=2600,
    )
    transactions = core.make_transactions(rng, plan=customers)
    recall = core.cohort_retention(transactions, months, lookback=6)

    kpis = core.kpi_rows(
        {
            "patient_satisfaction": (months, satisfaction),
            "recall_rate": (months[12:], recall[12:]),
            "monthly_revenue": (months, revenue),
            "chair_utilisation": (months, utilisation),
            "no_show_rate": (months, no_show),
            "cpd_hours": (months, cpd),
            "new_patients": (months, new_patients),
        },
        decimals={
            "patient_satisfaction": 2,
            "recall_rate": 1,
            "monthly_revenue": 0,
            "chair_utilisation": 1,
            "no_show_rate": 1,
            "cpd_hours": 1,
            "new_patients": 0,
        },
    )

    def tone(p: Person, d: dt.date) -> tuple[float, float, float]:
        busy = 0.03 if d.month in (9, 10) else 0.0
        return (0.38 - busy, 0.5, 0.12 + busy)

    composer = Composer(TOPICS, random.Random(SEED), names=[p.first for p in people])
    messages = core.make_messages(
        rng,
        people=people,
        composer=composer,
        plan=core.MessagePlan(
            total=9000,
            start=START,
            tone=tone,
            tz="-04:00",
            hours=(7, 18),
            weekend_weight=0.03,
            topics={
                "leadership": ["admin", "clinic", "learning"],
                "clinical": ["clinic", "clinic", "learning"],
                "assistants": ["clinic", "clinic", "admin"],
                "front_desk": ["front", "front", "admin"],
            },
            cross_topics=["clinic", "front", "admin", "learning"],
            internal_share={
                "leadership": 0.6,
                "clinical": 0.55,
                "assistants": 0.5,
                "front_desk": 0.55,
            },
            seasonal_volume={7: 0.85, 8: 0.8, 12: 0.85},
        ),
    )
    survey = core.make_survey(
        rng,
        people=people,
        composer=composer,
        plan=core.SurveyPlan(
            dates=core.quarterly_pulses(START, day=15),
            aligned=ALIGNED,
            p_aligned=lambda p, d: 0.8,
            line_of_sight=lambda p, d: 4.1,
            values_lived=lambda p, d: 4.1,
            enps=lambda p, d: 8.0,
            tone=tone,
            response_rate=0.85,
            comment_rate=0.4,
            anonymous=True,
        ),
    )
    ideas = core.make_ideas(
        rng,
        plan=core.IdeaPlan(
            start=START,
            per_month=1.4,
            titles=[
                ("Online booking for hygiene visits", "recall_adherence"),
                ("Weighted blankets for anxious patients", "patient_experience"),
                ("Text reminders two days before", "recall_adherence"),
                ("Same-day crowns", "practice_revenue"),
                ("Quiet-hour appointments", "patient_experience"),
                ("Monthly case review", "clinical_skill"),
                ("Cost estimate before every treatment", "patient_experience"),
                ("Shared sterilisation checklist", "efficient_chairs"),
                ("Saturday hygiene clinic", "practice_revenue"),
                ("Kids' brushing club", "patient_experience"),
                ("Assistant cross-training on the scanner", "clinical_skill"),
                ("Reorder point for supplies", "efficient_chairs"),
            ],
            decide_days=lambda d: 21.0,
            launch_days=lambda d: 40.0,
        ),
    )
    spend = core.make_spend(
        rng,
        lines=[
            core.SpendLine("comfort_care", "patient experience", lambda d: 2400.0, START, day=6),
            core.SpendLine(
                "recall_programme", "patient communication", lambda d: 1500.0, START, day=2
            ),
            core.SpendLine("cpd_programme", "training", lambda d: 1600.0, START, day=15),
            core.SpendLine("scheduling_system", "software", lambda d: 1100.0, START, day=1),
            core.SpendLine(
                "treatment_estimates", "administration", lambda d: 1400.0, START, day=22
            ),
        ],
    )
    company = {
        "format": 1,
        "name": "Harbour Dental",
        "currency": "CAD",
        "employees": len(people),
        "stage": "intermediate",
        "mission": "Gentle, honest dental care for every family on the harbour.",
        "vision": "The practice families trust for life.",
        "values": [
            {
                "id": "gentle_care",
                "name": "Gentle care",
                "statement": "No rush, no pain we can avoid, no judgement.",
            },
            {
                "id": "clear_advice",
                "name": "Clear advice",
                "statement": "Patients understand their options and costs before we start.",
            },
        ],
        "objectives": [
            {
                "id": "patient_experience",
                "name": "Patients feel cared for",
                "perspective": "customer",
                "weight": 0.3,
                "values": ["gentle_care"],
                "drivers": ["clinical_skill"],
                "lag_months": 3,
            },
            {
                "id": "recall_adherence",
                "name": "Patients keep their check-ups",
                "perspective": "customer",
                "weight": 0.2,
                "values": ["clear_advice"],
            },
            {
                "id": "practice_revenue",
                "name": "Steady, honest revenue",
                "perspective": "financial",
                "weight": 0.2,
                "values": ["clear_advice"],
            },
            {
                "id": "efficient_chairs",
                "name": "Well-used chairs, few no-shows",
                "perspective": "internal",
                "weight": 0.15,
            },
            {
                "id": "clinical_skill",
                "name": "Clinicians who keep learning",
                "perspective": "learning",
                "weight": 0.15,
                "values": ["gentle_care"],
            },
        ],
        "kpis": [
            {
                "id": "patient_satisfaction",
                "name": "Patient satisfaction after visit",
                "objective": "patient_experience",
                "unit": "1-5",
                "direction": "up",
                "target": 4.6,
                "deadline": dt.date(2026, 12, 31),
                "warning": 4.4,
                "kind": "satisfaction",
            },
            {
                "id": "recall_rate",
                "name": "Patients of the previous half-year seen again within six months",
                "objective": "recall_adherence",
                "unit": "%",
                "direction": "up",
                "target": 52.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 47.0,
                "kind": "retention",
            },
            {
                "id": "monthly_revenue",
                "name": "Revenue per month",
                "objective": "practice_revenue",
                "unit": "CAD",
                "direction": "up",
                "target": 175000.0,
                "deadline": dt.date(2027, 6, 30),
                "warning": 140000.0,
                "kind": "revenue",
            },
            {
                "id": "chair_utilisation",
                "name": "Chair utilisation",
                "objective": "efficient_chairs",
                "unit": "%",
                "direction": "up",
                "target": 80.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 65.0,
                "kind": "other",
            },
            {
                "id": "no_show_rate",
                "name": "Missed appointments",
                "objective": "efficient_chairs",
                "unit": "%",
                "direction": "down",
                "target": 6.0,
                "deadline": dt.date(2026, 12, 31),
                "warning": 8.0,
                "kind": "other",
            },
            {
                "id": "cpd_hours",
                "name": "CPD hours per clinician per month",
                "objective": "clinical_skill",
                "unit": "hours",
                "direction": "up",
                "target": 2.5,
                "deadline": dt.date(2026, 12, 31),
                "warning": 1.5,
                "kind": "other",
            },
            {
                "id": "new_patients",
                "name": "New patients per month",
                "objective": "recall_adherence",
                "unit": "patients",
                "direction": "up",
                "target": 40.0,
                "deadline": dt.date(2027, 6, 30),
                "warning": 25.0,
                "kind": "acquisition",
            },
        ],
        "teams": [{"id": t.id, "name": t.name, "function": t.function} for t in teams],
        "initiatives": [
            {
                "id": "comfort_care",
                "name": "Comfort care for anxious patients",
                "owner": "clinical",
                "objectives": ["patient_experience"],
                "effects": {"patient_experience": 2},
                "budget": 29000,
                "hours_per_month": 40,
                "status": "active",
                "start": dt.date(2022, 5, 1),
            },
            {
                "id": "recall_programme",
                "name": "Personal recall calls and reminders",
                "owner": "front_desk",
                "objectives": ["recall_adherence"],
                "effects": {"recall_adherence": 2},
                "budget": 18000,
                "hours_per_month": 25,
                "status": "active",
                "start": dt.date(2022, 1, 1),
            },
            {
                "id": "treatment_estimates",
                "name": "Written estimate before every treatment",
                "owner": manager.id,
                "objectives": ["practice_revenue"],
                "effects": {"practice_revenue": 1, "patient_experience": 1},
                "budget": 17000,
                "hours_per_month": 25,
                "status": "active",
                "start": dt.date(2022, 9, 1),
            },
            {
                "id": "scheduling_system",
                "name": "Scheduling system with waitlist",
                "owner": "front_desk",
                "objectives": ["efficient_chairs"],
                "effects": {"efficient_chairs": 2},
                "budget": 13000,
                "hours_per_month": 18,
                "status": "active",
                "start": dt.date(2021, 3, 1),
            },
            {
                "id": "cpd_programme",
                "name": "CPD programme and study club",
                "owner": principal.id,
                "objectives": ["clinical_skill"],
                "effects": {"clinical_skill": 2, "patient_experience": 1},
                "budget": 19000,
                "hours_per_month": 20,
                "status": "active",
                "start": dt.date(2020, 1, 1),
            },
        ],
        "goals": [
            {
                "id": "g_2026_experience",
                "owner": principal.id,
                "parent": "patient_experience",
                "title": "Every patient leaves calmer than they came",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Patient satisfaction",
                        "unit": "1-5",
                        "start": 4.6,
                        "target": 4.7,
                        "current": round(float(satisfaction[-1]), 2),
                    }
                ],
            },
            {
                "id": "g_2026_recall",
                "owner": "front_desk",
                "parent": "recall_adherence",
                "title": "Patients keep their check-ups",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Recall calls made within a week of due date",
                        "unit": "%",
                        "start": 80,
                        "target": 95,
                        "current": 92,
                    }
                ],
            },
            {
                "id": "g_2026_revenue",
                "owner": manager.id,
                "parent": "practice_revenue",
                "title": "Revenue steady and estimates clear",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Treatments with a written estimate",
                        "unit": "%",
                        "start": 85,
                        "target": 100,
                        "current": 97,
                    }
                ],
            },
            {
                "id": "g_front_q3",
                "owner": "front_desk",
                "parent": "efficient_chairs",
                "title": "Fill cancellations from the waitlist",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Cancelled slots refilled",
                        "unit": "%",
                        "start": 60,
                        "target": 75,
                        "current": 76,
                    }
                ],
            },
            {
                "id": "g_clinical_2026",
                "owner": "clinical",
                "parent": "clinical_skill",
                "title": "Keep learning together",
                "period": "2026",
                "key_results": [
                    {
                        "title": "Case reviews held",
                        "unit": "reviews",
                        "start": 0,
                        "target": 10,
                        "current": 8,
                    }
                ],
            },
            {
                "id": "g_reception_lead_q3",
                "owner": reception_lead.id,
                "parent": "g_front_q3",
                "title": "Call every patient on the waitlist within a day",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Waitlist calls made the same day",
                        "unit": "%",
                        "start": 70,
                        "target": 90,
                        "current": 91,
                    }
                ],
            },
            {
                "id": "g_assistants_q3",
                "owner": "assistants",
                "parent": "g_2026_experience",
                "title": "Chairs ready on time",
                "period": "2026-Q3",
                "key_results": [
                    {
                        "title": "Rooms turned over within 10 minutes",
                        "unit": "%",
                        "start": 85,
                        "target": 95,
                        "current": 95,
                    }
                ],
            },
        ],
        "automations": [
            {
                "id": "reminder_texts",
                "name": "Appointment reminder texts",
                "touchpoint": "appointment reminders",
                "replaces_human": False,
                "human_fallback": True,
                "values": ["clear_advice"],
                "objectives": ["recall_adherence", "efficient_chairs"],
                "start": dt.date(2021, 3, 1),
            },
        ],
        "capabilities": [
            {
                "id": "restorative_dentistry",
                "name": "Restorative dentistry",
                "objectives": ["patient_experience"],
                "min_people": 3,
            },
            {
                "id": "periodontal_care",
                "name": "Periodontal care",
                "objectives": ["patient_experience"],
                "min_people": 4,
            },
            {
                "id": "patient_communication",
                "name": "Patient communication",
                "objectives": ["patient_experience", "recall_adherence"],
                "min_people": 8,
            },
            {
                "id": "scheduling",
                "name": "Scheduling",
                "objectives": ["efficient_chairs"],
                "min_people": 2,
            },
        ],
        "privacy": {"min_group": 5, "show_names": False, "keep_message_text": False},
        "reviews": [
            {"date": d, "kind": k, "decisions": 4, "actions_open": o, "actions_closed": 4 - o}
            for d, k, o in [
                (dt.date(2023, 10, 18), "quarterly", 0),
                (dt.date(2024, 1, 17), "annual", 0),
                (dt.date(2024, 4, 17), "quarterly", 0),
                (dt.date(2024, 7, 17), "quarterly", 0),
                (dt.date(2024, 10, 16), "quarterly", 0),
                (dt.date(2025, 1, 15), "annual", 0),
                (dt.date(2025, 4, 16), "quarterly", 0),
                (dt.date(2025, 7, 16), "quarterly", 0),
                (dt.date(2025, 10, 15), "quarterly", 0),
                (dt.date(2026, 1, 14), "annual", 0),
                (dt.date(2026, 4, 15), "quarterly", 0),
                (dt.date(2026, 7, 15), "quarterly", 1),
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
Harbour Dental: an example workbook generated by examples/generate.py (do not edit by hand).
The control: healthy, aligned, with ordinary seasonality and nothing dramatic.
"""

README = core.readme("harbour_dental")
