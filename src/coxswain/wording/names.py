"""The one rule for how Coxswain names things an owner reads: every workbook id by the name
the owner gave it, and people by the organisation's setting, the same on every page,
report, e-mail and API answer.

People are named by their pseudonym (:func:`coxswain.privacy.pseudonyms`, stable for the
organisation's salt) unless the workbook's ``privacy.show_names`` is true (the owner opted
in); then by their name. The analysis, the reports, the web pages (findings, editors, the
team page) and the digest all call :func:`names`.
"""

from __future__ import annotations

from coxswain.workbook import Workbook


def names(workbook: Workbook, *, salt: str | None = None) -> dict[str, str]:
    """Every workbook id → the name an owner recognises (people by pseudonym, from
    :mod:`coxswain.privacy` with ``salt``, unless the workbook opts in to names)."""
    company = workbook.company
    out: dict[str, str] = {}
    for group in (
        company.values,
        company.objectives,
        company.kpis,
        company.teams,
        company.initiatives,
        company.automations,
        company.capabilities,
    ):
        for item in group:
            out[item.id] = item.name
    for goal in company.goals:
        out[goal.id] = goal.title
    if workbook.people.height:
        from coxswain.privacy import display_names

        out.update(display_names(workbook, salt=salt))
    return out


def person(person_id: str, labels: dict[str, str]) -> str:
    """How a person is named, from :func:`names` (a person unknown to it: "a former
    member", never the raw id, which is often a name)."""
    return labels.get(person_id, "a person no longer in the workbook")
