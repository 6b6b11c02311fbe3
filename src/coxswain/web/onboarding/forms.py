# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""The start wizard's forms: the template and a few answers, then mission, values and three
to five objectives. The help texts are the glossary's (:mod:`coxswain.wording.glossary`)."""

from __future__ import annotations

from typing import Any

from django import forms

from coxswain.init.wizard import MAX_OBJECTIVES, MAX_VALUES, MIN_OBJECTIVES
from coxswain.wording.glossary import PERSPECTIVE_MEANING, STRATEGY_HELP


class TemplateForm(forms.Form):
    template = forms.ChoiceField(widget=forms.RadioSelect, label="Which is closest to yours?")
    sells = forms.CharField(
        max_length=200,
        required=False,
        label="What you sell, in a few words",
        help_text="For example: fresh bread and coffee. Used in the draft mission.",
    )
    employees = forms.IntegerField(
        min_value=1, max_value=100000, required=False, label="How many people work there?"
    )
    currency = forms.CharField(
        max_length=3,
        min_length=3,
        initial="USD",
        label="Currency",
        help_text="Three letters, for example USD, EUR or GBP.",
    )

    def __init__(self, *args: Any, templates: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(templates.items())

    def clean_currency(self) -> str:
        code = str(self.cleaned_data["currency"]).strip().upper()
        if not code.isalpha():
            raise forms.ValidationError("Three letters, for example USD, EUR or GBP.")
        return code


class MissionForm(forms.Form):
    mission = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=STRATEGY_HELP["mission"],
    )


class ValueForm(forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=100, required=False, label="Value")
    statement = forms.CharField(max_length=300, required=False, label="What it looks like")


class ObjectiveForm(forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, required=False, label="Objective")
    perspective = forms.ChoiceField(
        required=False,
        choices=[("", "—"), *((k, k.capitalize()) for k in PERSPECTIVE_MEANING)],
        help_text=STRATEGY_HELP["perspective"],
    )
    weight = forms.FloatField(
        min_value=0, initial=1, required=False, help_text=STRATEGY_HELP["weight"]
    )
    lag_months = forms.IntegerField(
        min_value=0,
        max_value=60,
        initial=0,
        required=False,
        label="Delay (months)",
        help_text=STRATEGY_HELP["lag_months"],
    )

    def filled(self) -> bool:
        return bool(self.cleaned_data.get("name"))


ValueFormSet = forms.formset_factory(
    ValueForm, extra=0, max_num=MAX_VALUES, absolute_max=MAX_VALUES
)
ObjectiveFormSet = forms.formset_factory(
    ObjectiveForm, extra=0, max_num=MAX_OBJECTIVES, absolute_max=MAX_OBJECTIVES
)


def count_objectives(formset: Any) -> str | None:
    """The problem with how many objectives are filled in, if any."""
    n = sum(1 for f in formset.forms if f.is_valid() and f.filled())
    if not MIN_OBJECTIVES <= n <= MAX_OBJECTIVES:
        return f"Name {MIN_OBJECTIVES} to {MAX_OBJECTIVES} objectives ({n} now)."
    return None
