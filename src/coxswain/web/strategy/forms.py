# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Editor forms, generated from the workbook's own pydantic models so that the editor and the
file format can never disagree about a field."""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from typing import Any, cast

from django import forms
from pydantic import BaseModel

from coxswain.wording.glossary import choice_label
from coxswain.workbook import model as wm

MODELS: dict[str, type[BaseModel]] = {
    "values": wm.Value,
    "objectives": wm.Objective,
    "kpis": wm.Kpi,
    "teams": wm.Team,
    "initiatives": wm.Initiative,
    "goals": wm.Goal,
    "automations": wm.Automation,
    "capabilities": wm.Capability,
}

# Which element kinds a reference field chooses from.
REFERENCES: dict[str, tuple[str, ...]] = {
    "values": ("values",),
    "drivers": ("objectives",),
    "objectives": ("objectives",),
    "objective": ("objectives",),
    "owner": ("teams", "people"),
    "parent": ("objectives", "goals"),
}
LONG_TEXT = {"statement", "description", "mission", "vision"}
MAX_SHORT_TEXT = 300  # a name or a title: a line an owner reads at a glance
MAX_LONG_TEXT = 5000  # a statement or a description
MAX_WHOLE = 2**31 - 1  # what every database stores as a whole number


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner type, optional?) of ``X | None``."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        inner = [a for a in args if a is not type(None)]
        return inner[0], True
    return annotation, False


def id_field(*, required: bool = True) -> forms.Field:
    """An id, checked by the workbook's rule (:data:`coxswain.workbook.model.ID_PATTERN`) and
    explained in its words (:data:`~coxswain.workbook.model.ID_RULE`), never as a regex."""
    from django.core.validators import RegexValidator

    rule = wm.ID_RULE[:1].upper() + wm.ID_RULE[1:] + "."
    return forms.CharField(
        max_length=64,
        required=required,
        label="Id",
        help_text="A short name for links and files, unique in the workbook: " + wm.ID_RULE + ".",
        validators=[RegexValidator(wm.ID_PATTERN, message=rule, code="invalid")],
        error_messages={"max_length": rule},
    )


class EffectsField(forms.CharField):
    """``objective: +1, other: -2`` ↔ ``{"objective": 1, "other": -2}``."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            return ", ".join(f"{k}: {v:+d}" for k, v in value.items())
        return value

    def to_python(self, value: Any) -> dict[str, int]:
        text = super().to_python(value) or ""
        effects: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
            key, sep, number = part.partition(":")
            try:
                effects[key.strip()] = int(number.strip()) if sep else 0
            except ValueError as exc:
                raise forms.ValidationError(
                    f"{part!r}: write objective: +1 (an integer from -2 to 2)"
                ) from exc
        return effects


class ElementForm(forms.Form):
    """A form for one element kind, with a field per model field."""

    def __init__(
        self, *args: Any, kind: str, choices: dict[str, list[tuple[str, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.model = MODELS[kind]
        for name, info in self.model.model_fields.items():
            if name == "key_results":  # edited as rows: KeyResultFormSet
                continue
            self.fields[name] = self._field(name, info, choices)

    def _field(
        self, name: str, info: Any, choices: dict[str, list[tuple[str, str]]]
    ) -> forms.Field:
        annotation, _optional = _unwrap(info.annotation)
        required = info.is_required()
        label = name.replace("_", " ").capitalize()
        if name == "id":
            return id_field()
        if name == "effects":
            return EffectsField(
                required=False,
                label=label,
                help_text="Expected effect on objectives: objective: +1, other: -2",
            )
        if name in REFERENCES:
            options = [c for kind in REFERENCES[name] for c in choices.get(kind, [])]
            if typing.get_origin(annotation) is tuple:
                return forms.MultipleChoiceField(
                    choices=options,
                    required=False,
                    label=label,
                    widget=forms.CheckboxSelectMultiple,
                )
            return forms.ChoiceField(choices=[("", "—"), *options], required=required, label=label)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            opts = [(m.value, choice_label(m.value)) for m in annotation]  # plain labels
            return forms.ChoiceField(
                choices=[("", "—"), *opts] if not required else opts, required=required, label=label
            )
        if annotation is bool:
            return forms.BooleanField(required=False, label=label)
        if annotation is int:
            return forms.IntegerField(required=required, label=label, max_value=MAX_WHOLE)
        if annotation is float:
            return forms.FloatField(required=required, label=label)
        if annotation is dt.date:
            return forms.DateField(
                required=required, label=label, widget=forms.DateInput(attrs={"type": "date"})
            )
        widget = forms.Textarea(attrs={"rows": 3}) if name in LONG_TEXT else None
        return forms.CharField(
            required=required,
            label=label,
            widget=widget,
            max_length=MAX_LONG_TEXT if name in LONG_TEXT else MAX_SHORT_TEXT,
        )

    def item(self) -> dict[str, Any]:
        """The element as a company.yaml mapping: empty optional values left out."""
        out: dict[str, Any] = {}
        for name in self.model.model_fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", [], {}):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    def initial_from(self, data: dict[str, Any]) -> None:
        for name, value in data.items():
            if name in self.fields:
                self.initial[name] = value


class ProfileForm(forms.Form):
    name = forms.CharField(max_length=200, label="Company name")
    mission = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    vision = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    currency = forms.CharField(max_length=8)
    locale = forms.CharField(
        max_length=32,
        required=False,
        label="Language and country for numbers and dates",
        help_text="For example en, en_GB, de_DE or fr_FR (default en).",
    )
    employees = forms.IntegerField(required=False, min_value=0, max_value=MAX_WHOLE)
    stage = forms.ChoiceField(
        required=False, choices=[("", "—"), *((s.value, s.value) for s in wm.Stage)]
    )
    min_group = forms.IntegerField(
        min_value=3, max_value=MAX_WHOLE, label="Smallest group shown (privacy)"
    )
    show_names = forms.BooleanField(required=False, label="Show people's names (else pseudonyms)")
    keep_message_text = forms.BooleanField(required=False)


class PersonForm(forms.Form):
    """A row of people.csv."""

    id = id_field()
    name = forms.CharField(max_length=200, required=False)
    team = forms.ChoiceField(required=False)
    role = forms.CharField(max_length=200, required=False)
    manager = forms.ChoiceField(required=False)
    hired = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    skills = forms.CharField(
        max_length=1000, required=False, help_text="skill:level;… (levels 1–5)"
    )
    training_hours = forms.FloatField(
        required=False, min_value=0, label="Training hours (12 months)"
    )
    email = forms.EmailField(required=False)
    handles = forms.CharField(max_length=500, required=False, help_text="Chat handles, ;-separated")

    def __init__(
        self, *args: Any, teams: list[tuple[str, str]], people: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", "—"), *teams]
        self.fields["manager"].choices = [("", "—"), *people]


class KeyResultForm(forms.Form):
    """One key result of a goal (a row of the goal's key-results table)."""

    id = id_field(required=False)
    title = forms.CharField(max_length=300, required=False)
    unit = forms.CharField(max_length=30, required=False)
    start = forms.FloatField(required=False)
    target = forms.FloatField(required=False)
    current = forms.FloatField(required=False)
    weight = forms.FloatField(required=False, min_value=0)
    kpi = forms.ChoiceField(
        required=False,
        label="Measured by KPI",
        help_text="Its current value is then the KPI's latest value.",
    )

    def __init__(
        self, *args: Any, kpi_choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice = cast(forms.ChoiceField, self.fields["kpi"])
        choice.choices = [("", "—"), *(kpi_choices or [])]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        filled = any(v not in (None, "") for k, v in cleaned.items() if k != "DELETE")
        if filled and not cleaned.get("title"):
            self.add_error("title", "A key result needs a title.")
        if filled and cleaned.get("target") is None:
            self.add_error("target", "A key result needs a target.")
        return cleaned

    def item(self) -> dict[str, Any] | None:
        """The key result as a mapping, or None for an empty or deleted row."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "DELETE" and v not in (None, "")}
        if self.cleaned_data.get("DELETE") or not data:
            return None
        return data


KeyResultFormSet = forms.formset_factory(KeyResultForm, extra=2, can_delete=True)
