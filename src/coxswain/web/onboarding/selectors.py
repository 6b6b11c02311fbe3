# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Reading for the start wizard: the templates, what the wizard starts from, the sample data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from coxswain.init import starter_workbook, template_defaults, template_titles
from coxswain.init.wizard import MAX_OBJECTIVES, MAX_VALUES
from coxswain.web.accounts.models import Organisation
from coxswain.web.strategy.models import Element

# The example workbook (examples/) whose business is closest to each template: the sample
# data of the first analysis. Templates without a close example use the bakery.
SAMPLE_FOR_TEMPLATE = {
    "cafe": "crust_and_crumb",
    "shop": "thimble_and_thread",
    "online-shop": "thimble_and_thread",
    "saas": "loop_analytics",
    "agency": "loop_analytics",
    "clinic": "harbour_dental",
}
DEFAULT_SAMPLE = "crust_and_crumb"


def templates() -> dict[str, str]:
    """Template name → its title, as ``coxswain init --template`` offers them."""
    return template_titles()


def has_strategy(*, org: Organisation) -> bool:
    """Whether the organisation has any strategy element yet (the wizard only starts one)."""
    return Element.objects.for_org(org).exists()


def starter(*, template: str, answers: dict[str, Any]) -> dict[str, Any]:
    """The template's starter workbook with the owner's answers (as ``coxswain init``)."""
    return starter_workbook(
        template=template,
        today=timezone.localdate(),
        name=answers.get("name") or None,
        employees=answers.get("employees") or None,
        sells=answers.get("sells") or None,
        currency=answers.get("currency") or "USD",
    )


def wizard_initial(*, template: str, answers: dict[str, Any]) -> dict[str, Any]:
    """What the wizard shows first: the template's mission, values and its first objectives
    by weight (at most five), with empty rows to add more."""
    mapping = starter(template=template, answers=answers)
    values = [
        {"id": v["id"], "name": v["name"], "statement": v.get("statement", "")}
        for v in mapping["values"][:MAX_VALUES]
    ]
    by_weight = sorted(mapping["objectives"], key=lambda o: -float(o.get("weight", 1)))
    objectives = [
        {
            "id": o["id"],
            "name": o["name"],
            "perspective": o.get("perspective", ""),
            "weight": o.get("weight", 1),
            "lag_months": o.get("lag_months", 0),
        }
        for o in by_weight[:MAX_OBJECTIVES]
    ]
    values += [{}] * (MAX_VALUES - len(values))
    objectives += [{}] * (MAX_OBJECTIVES - len(objectives))
    return {"mission": mapping["mission"], "values": values, "objectives": objectives}


def template_for(*, template: str) -> dict[str, Any]:
    return template_defaults(template)


def sample_folder(*, template: str | None) -> Path | None:
    """The example workbook for the template's sample data, or None where the examples are
    not installed (``COXSWAIN_EXAMPLES``: a source checkout has them in ``examples/``)."""
    root = Path(getattr(settings, "COXSWAIN_EXAMPLES", "") or "examples")
    name = SAMPLE_FOR_TEMPLATE.get(template or "", DEFAULT_SAMPLE)
    for folder in (root / name, root / DEFAULT_SAMPLE):
        if (folder / "company.yaml").is_file():
            return folder
    return None


def fill_in_company(
    *, org: Organisation, template: str | None, answers: dict[str, Any]
) -> dict[str, Any]:
    """The company.yaml of the workbook to fill in: the organisation's strategy once it has
    one, else the chosen template's starter (the first template when none is chosen)."""
    from coxswain.web.workbook_io import company_mapping

    if has_strategy(org=org):
        return company_mapping(org)
    name = template if template in templates() else next(iter(templates()))
    return starter(template=name, answers={**answers, "name": org.name})
