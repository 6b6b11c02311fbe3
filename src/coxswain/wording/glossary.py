"""What the index's components and the business stages mean, in an owner's words: the one
glossary every face (dashboard, report, e-mail) explains them from."""

from __future__ import annotations

from coxswain.analysis.base import COMPONENT_TITLES, COMPONENTS
from coxswain.analysis.kinds import KINDS, kind_name

COMPONENT_NAMES: dict[str, str] = {
    "cascade": "Goals and plans",
    "resources": "Money and time",
    "values": "Values lived",
    "kpis": "KPIs",
    "understanding": "What staff know",
    "network": "Teams talking",
    "talent": "Skills & ideas",
    "review": "Strategy review",
}
"""Each component's plain name (``cascade`` → "Goals and plans")."""

COMPONENT_MEANING: dict[str, str] = {
    "cascade": "objectives reach down to KPIs, work and goals; no orphan work; goals on pace",
    "resources": "money and hours go to objectives in line with their weights",
    "values": "initiatives and automations pull with the values and weighted objectives",
    "kpis": "KPIs stand where they should and are on course",
    "understanding": "staff can state the priorities and see their line of sight",
    "network": "teams talk to each other without silos or bottlenecks",
    "talent": "needed capabilities have people, training and a pipeline of ideas",
    "review": "strategy is reviewed as often as the stage needs and actions get done",
}
"""What a high score of each component means."""

STAGE_NAMES = {"early": "early-stage", "intermediate": "growing", "advanced": "established"}

STAGE_MEANING: dict[str, str] = {
    "early": "A small business where the founder decides most things: few teams, few "
    "formal routines. Coxswain expects simple goals and a review every few months.",
    "intermediate": "A growing business with several teams and managers: goals should cascade "
    "through the teams and the strategy be reviewed every quarter.",
    "advanced": "An established business with specialised functions and routines: it should "
    "measure most of its strategy and review it often.",
}
"""What each stage of the stage assessment means, and what Coxswain expects of it."""


def component_name(code: str) -> str:
    return COMPONENT_NAMES.get(code, COMPONENT_TITLES.get(code, "Other"))


def component_meaning(code: str) -> str:
    return COMPONENT_MEANING.get(code, "")


def component_line(code: str, score: float | None) -> str:
    """ "Goals and plans: 38 of 100" (or "not measured")."""
    shown = "not measured" if score is None else f"{score:.0f} of 100"
    return f"{component_name(code)}: {shown}"


def stage_line(assessed: str | None, declared: str | None = None) -> str:
    """ "We see an early-stage business: …" (what the stage means), or why there is none."""
    if assessed is None:
        return "We could not tell the business's stage: too little in the workbook."
    text = f"We see {_article(STAGE_NAMES[assessed])} business. {STAGE_MEANING[assessed]}"
    if declared and declared != assessed:
        text += f" (You described it as {STAGE_NAMES.get(declared, declared)}.)"
    return text


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


__all__ = [
    "COMPONENTS",
    "COMPONENT_MEANING",
    "COMPONENT_NAMES",
    "KINDS",
    "STAGE_MEANING",
    "STAGE_NAMES",
    "component_line",
    "component_meaning",
    "component_name",
    "kind_name",
    "stage_line",
]


PERSPECTIVE_MEANING: dict[str, str] = {
    "financial": "Money: sales, margin, cash. Where the other objectives should show in the end.",
    "customer": "What customers get and feel: quality, service, coming back, recommending you.",
    "internal": "How the work is done: routines, speed, waste, getting it right first time.",
    "learning": "People and skills: training, hiring, tools. The roots of everything else.",
}
"""The four perspectives of a strategy map (balanced scorecard), in an owner's words."""

STRATEGY_HELP: dict[str, str] = {
    "mission": "Why the company exists, in one or two sentences your staff would recognise.",
    "values": "What the company stands for: how you want people to behave when nobody checks. "
    "Coxswain notices when work pulls against them.",
    "objectives": "Three to five things the business must get right this year. Fewer is "
    "better: each one is something you will measure and talk about.",
    "perspective": "Which part of the business the objective is about. Learning (people and "
    "skills) feeds internal (how work is done), which feeds customer, which feeds financial.",
    "weight": "How much this objective matters next to the others. Any numbers work: they "
    "are compared with each other, so 2 against 1 means twice as important. Coxswain "
    "checks that money and hours follow these weights.",
    "lag_months": "How many months it takes before work on what drives this objective shows "
    "here. Better training shows in reviews after a few months, not the next day; Coxswain "
    "looks for the effect that much later. Leave 0 when you do not know.",
}
"""Plain help on writing a first strategy (the web's start wizard and the editor)."""


_CHOICE_WORDS = {
    "nps": "Net promoter score (NPS)",
    "clv": "Customer lifetime value",
    "employee_satisfaction": "Employee satisfaction",
    "feature_adoption": "Feature adoption",
    "lead_time": "Lead time",
    "marketing_spend": "Marketing spend",
}


def choice_label(code: str) -> str:
    """A code of the format (a KPI kind, a stage, a cadence) as an editor's option reads it:
    ``marketing_spend`` → "Marketing spend", ``nps`` → "Net promoter score (NPS)"."""
    return _CHOICE_WORDS.get(code) or code.replace("_", " ").capitalize()
