# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The forms that build a scenario: one per kind of change (coxswain.scenarios.model), their
choices filled from the organisation's workbook. A form only reads its fields; the rules
(a budget moves between two initiatives, no more than it has, ...) are the scenario file's
reader's (coxswain.scenarios.load), which the services call."""

from __future__ import annotations

from typing import Any

from django import forms

from coxswain.workbook.model import Company

UNCHANGED = [("", "unchanged"), ("yes", "yes"), ("no", "no")]


class ScenarioForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name")
    description = forms.CharField(
        required=False, label="What it asks", widget=forms.Textarea(attrs={"rows": 2})
    )


class RunForm(forms.Form):
    scenarios = forms.MultipleChoiceField(
        required=False,
        label="Compare with the baseline (at most four)",
        widget=forms.CheckboxSelectMultiple,
    )
    seed = forms.IntegerField(min_value=0, max_value=2**31 - 1, initial=0, label="Seed")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenarios"].choices = choices


def _month(label: str = "From (month)") -> forms.CharField:
    return forms.CharField(
        required=False,
        label=label,
        help_text="Empty: from now.",
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-09"}),
    )


class ChangeForm(forms.Form):
    """The fields every kind may have: a KPI effect the owner states (a range), from a month."""

    kind = ""
    title = ""
    has_effect = True

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.kind)
        super().__init__(*args, **kwargs)
        self.company = company
        kpis = [(k.id, k.name) for k in company.kpis]
        if self.has_effect:
            self.fields["effect_kpi"] = forms.ChoiceField(
                required=False, choices=[("", "— none —"), *kpis], label="Your own effect on KPI"
            )
            self.fields["effect_low"] = forms.FloatField(required=False, label="from")
            self.fields["effect_high"] = forms.FloatField(required=False, label="to")
            self.fields["effect_percent"] = forms.BooleanField(required=False, label="in percent")
        self.setup(company)

    def setup(self, company: Company) -> None:
        """Fill the choices from the workbook."""

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        """The change's own keys, as the scenario file writes them."""
        raise NotImplementedError

    def to_change(self) -> dict[str, Any]:
        """The change as one item of a scenario's ``changes:`` (docs/scenarios.md)."""
        data = self.cleaned_data
        change: dict[str, Any] = {"kind": self.kind, **self.body(data)}
        if data.get("when"):
            change["when"] = data["when"]
        if self.has_effect and data.get("effect_kpi"):
            change["effects"] = {
                data["effect_kpi"]: range_value(
                    data.get("effect_low"), data.get("effect_high"), data.get("effect_percent")
                )
            }
        return {k: v for k, v in change.items() if v is not None}


def range_value(low: float | None, high: float | None, percent: bool | None) -> Any:
    """``[low, high]`` (or one number) as the scenario file writes an effect; a missing end
    is the other; neither is left for the reader to refuse."""
    ends = [x for x in (low, high) if x is not None]
    if not ends:
        return None
    low_, high_ = (ends[0], ends[-1])

    def one(x: float) -> Any:
        return f"{x:g}%" if percent else x

    return one(low_) if low_ == high_ else [one(low_), one(high_)]


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class MoveBudgetForm(ChangeForm):
    kind, title, has_effect = "move_budget", "Move budget between initiatives", False
    source = forms.ChoiceField(label="From")
    target = forms.ChoiceField(label="To")
    amount = forms.FloatField(min_value=0, label="Amount a year")
    when = _month()

    def setup(self, company: Company) -> None:
        choices = [(i.id, f"{i.name} ({i.budget:,.0f} a year)") for i in company.initiatives]
        self.fields["source"].choices = choices
        self.fields["target"].choices = choices

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"from": data["source"], "to": data["target"], "amount": data["amount"]}


class StartForm(ChangeForm):
    kind, title = "start", "Start an initiative"
    initiative = forms.ChoiceField(label="Initiative")
    cost = forms.FloatField(
        required=False, min_value=0, label="Cost a year", help_text="Empty: its budget."
    )
    when = _month()

    def setup(self, company: Company) -> None:
        self.fields["initiative"].choices = [(i.id, i.name) for i in company.initiatives]

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"initiative": data["initiative"], "cost": data.get("cost")}


class StopForm(StartForm):
    kind, title = "stop", "Stop an initiative"
    cost = None  # Django: a field set to None is not inherited

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"initiative": data["initiative"]}


class AutomationForm(ChangeForm):
    kind, title = "automation", "Change an automation"
    automation = forms.ChoiceField(label="Automation")
    human_fallback = forms.ChoiceField(choices=UNCHANGED, required=False, label="Human fallback")
    replaces_human = forms.ChoiceField(choices=UNCHANGED, required=False, label="Replaces people")
    stop = forms.BooleanField(required=False, label="Switch it off")
    when = _month()

    def setup(self, company: Company) -> None:
        self.fields["automation"].choices = [(a.id, a.name) for a in company.automations]

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "automation": data["automation"],
            "human_fallback": _tri(data.get("human_fallback", "")),
            "replaces_human": _tri(data.get("replaces_human", "")),
            "stop": True if data.get("stop") else None,
        }


class TargetForm(ChangeForm):
    kind, title, has_effect = "target", "Change a KPI's target or deadline", False
    kpi = forms.ChoiceField(label="KPI")
    target = forms.FloatField(required=False, label="New target")
    deadline = forms.DateField(
        required=False, label="New deadline", widget=forms.DateInput(attrs={"type": "date"})
    )

    def setup(self, company: Company) -> None:
        self.fields["kpi"].choices = [
            (k.id, f"{k.name} (target {k.target:g})" if k.target is not None else k.name)
            for k in company.kpis
        ]

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        deadline = data.get("deadline")
        return {
            "kpi": data["kpi"],
            "target": data.get("target"),
            "deadline": deadline.isoformat() if deadline else None,
        }


class CapabilityForm(ChangeForm):
    kind, title = "capability", "Hire or train for a capability"
    capability = forms.ChoiceField(label="Capability")
    how = forms.ChoiceField(choices=[("hire", "hire"), ("train", "train")], label="How")
    people = forms.IntegerField(min_value=1, max_value=1000, initial=1, label="People")
    cost = forms.FloatField(required=False, min_value=0, label="Cost a year")
    when = _month()

    def setup(self, company: Company) -> None:
        self.fields["capability"].choices = [(c.id, c.name) for c in company.capabilities]

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "capability": data["capability"],
            "how": data["how"],
            "people": data["people"],
            "cost": data.get("cost"),
        }


class ShockForm(ChangeForm):
    kind, title, has_effect = "shock", "A shock: the market or a competitor moves", False
    name = forms.CharField(required=False, max_length=100, label="What happens")
    kpis = forms.MultipleChoiceField(label="KPIs it hits", widget=forms.CheckboxSelectMultiple)
    low = forms.FloatField(label="Change from")
    high = forms.FloatField(required=False, label="to", help_text="Empty: exactly the first.")
    percent = forms.BooleanField(required=False, initial=True, label="in percent")
    when = _month()
    months = forms.IntegerField(
        required=False, min_value=1, max_value=120, label="For months", help_text="Empty: for good."
    )
    chance = forms.FloatField(
        min_value=0, max_value=100, initial=100, label="Chance it happens (%)"
    )

    def setup(self, company: Company) -> None:
        self.fields["kpis"].choices = [(k.id, k.name) for k in company.kpis]

    def body(self, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": data.get("name") or None,
            "kpis": list(data["kpis"]),
            "change": range_value(data["low"], data.get("high"), data.get("percent")),
            "months": data.get("months"),
            "probability": data["chance"] / 100,
        }


CHANGE_FORMS: dict[str, type[ChangeForm]] = {
    f.kind: f
    for f in (
        MoveBudgetForm,
        StartForm,
        StopForm,
        AutomationForm,
        TargetForm,
        CapabilityForm,
        ShockForm,
    )
}
"""Every kind of change of the scenario file (coxswain.scenarios.load.KINDS), by kind."""


def change_forms(company: Company, data: Any = None, kind: str = "") -> list[ChangeForm]:
    """A form per kind; the one of ``kind`` bound to ``data``."""
    return [cls(data if k == kind else None, company=company) for k, cls in CHANGE_FORMS.items()]
