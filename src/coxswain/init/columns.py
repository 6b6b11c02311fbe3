"""Plain-language help for every table and column of a workbook, for owners.

Used for the header comments and the instructions sheet of a starter ``.xlsx`` and for
the header comment of a starter ``company.yaml``.
"""

from __future__ import annotations

from coxswain.workbook.tables import TABLES

TABLE_HELP: dict[str, str] = {
    "kpi_values": (
        "The measured values of your KPIs, one row per KPI and date. Each value is the KPI's "
        "level for the period ending on that date (a month's sales dated the month's last day). "
        "Any rhythm works: weekly, monthly, quarterly."
    ),
    "people": (
        "Your staff: one row per person, with team, manager, skills and training. Needed for "
        "the talent and communication analyses."
    ),
    "messages": (
        "Who talks to whom (e-mail, chat): one row per message, or per batch with a count. "
        "Usually filled by `coxswain import` from a Slack or mail export, not by hand."
    ),
    "survey": (
        "Answers to a short staff survey: one row per person and question. Fixed questions: "
        "priorities (free text), line_of_sight and values_lived (1-5), enps (0-10)."
    ),
    "ideas": "Your idea pipeline: one row per idea, from the day it came up to launch or drop.",
    "spend": "Money actually spent, one row per payment or per month and initiative.",
    "transactions": (
        "Customer purchases: one row per sale, for churn and customer lifetime value. "
        "Customer ids can be any code (no names needed)."
    ),
    "checkins": (
        "Dated check-ins on the key results of goals: one row per update. The web app exports "
        "its check-ins here; `coxswain backtest` reads a goal's progress over time from it."
    ),
}

COLUMN_HELP: dict[str, dict[str, str]] = {
    "kpi_values": {
        "date": "Date the value is for, as 2026-03-31 (the last day of the period it measures).",
        "kpi": "The KPI's id from company.yaml, e.g. monthly_revenue.",
        "value": "The measured number, in the KPI's unit (no currency sign, no thousands "
        "separator).",
    },
    "people": {
        "id": "A short id for the person (lowercase letters, digits, _ or -), e.g. anna_k.",
        "name": "Full name. Reports show pseudonyms unless privacy.show_names is true.",
        "team": "The team's id from company.yaml.",
        "role": "Job title, free text.",
        "manager": "The manager's person id (empty for the top).",
        "hired": "Date hired, as 2024-09-01.",
        "skills": "Skills with a level 1-5, separated by ';', e.g. sourdough:4;sales:2. A skill "
        "named like a capability id counts for that capability.",
        "training_hours": "Hours of training in the last 12 months.",
        "email": "Optional: e-mail address, so imported mail can be matched to the person.",
        "handles": "Optional: chat handles separated by ';', so imported chat can be matched.",
    },
    "messages": {
        "timestamp": "When it was sent, as 2026-03-02T09:15:00+01:00 (no zone means UTC).",
        "sender": "The sender's person id.",
        "recipients": "Person ids of those addressed, separated by ';'.",
        "channel": "Where: email, a chat channel name, meeting, ...",
        "text": "Optional: the text. It is scored for tone, then dropped unless "
        "privacy.keep_message_text is true.",
        "count": "Optional: how many messages this row stands for (for aggregated exports).",
    },
    "survey": {
        "respondent": "The person id, or an anonymous token starting with anon- (e.g. anon-17).",
        "date": "Date of the answer, as 2026-06-15.",
        "question": "The question key: priorities, line_of_sight, values_lived, enps, or your own.",
        "answer": "The answer: free text for priorities, 1-5 for line_of_sight and "
        "values_lived, 0-10 for enps.",
        "team": "Optional: the team id, for anonymous respondents.",
    },
    "ideas": {
        "id": "A short id for the idea.",
        "title": "What the idea is.",
        "objective": "The objective id it would serve (may be empty).",
        "created": "Date it came up.",
        "decided": "Date it was decided on (empty while open).",
        "launched": "Date it went live (empty if not launched).",
        "status": "open, decided, launched or dropped.",
    },
    "spend": {
        "date": "Date of the spending.",
        "initiative": "The initiative id from company.yaml it was for (may be empty).",
        "category": "Free text: marketing, training, equipment, ...",
        "amount": "The amount, in the company's currency (a plain number).",
        "ref": "Where the row came from (set by `coxswain import`, so an export is not counted "
        "twice); leave it empty for rows you type in.",
    },
    "transactions": {
        "customer": "A customer id or code (any text; no names needed).",
        "date": "Date of the purchase.",
        "amount": "The amount paid, in the company's currency.",
        "ref": "The shop's order or payment id (set by `coxswain import`, so an export is not "
        "counted twice); leave it empty for rows you type in.",
    },
    "checkins": {
        "date": "Date of the check-in.",
        "person": "The person id from people.csv who checked in (may be empty).",
        "goal": "The goal's id from company.yaml.",
        "key_result": (
            "The key result's id, or its position in the goal's list counting from 0 where it "
            "has no id."
        ),
        "value": "The key result's value on that date (a plain number).",
        "confidence": "How sure the person was of reaching it, 1 to 5 (may be empty).",
    },
}


def check_help_covers_tables() -> None:
    """Raise when a table or column of the format has no help text (guards against drift)."""
    for name, spec in TABLES.items():
        if name not in TABLE_HELP:
            raise KeyError(f"no help for table {name}")
        missing = [c for c in spec.column_names if c not in COLUMN_HELP.get(name, {})]
        if missing:
            raise KeyError(f"no help for {name} columns {missing}")
