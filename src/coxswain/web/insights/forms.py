# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone


class UploadForm(forms.Form):
    workbook = forms.FileField(help_text="A .zip of the workbook folder, or an .xlsx workbook.")


class PasteForm(forms.Form):
    csv = forms.CharField(
        widget=forms.Textarea(
            attrs={"rows": 6, "placeholder": "date,kpi,value\n2026-09-30,review_rating,4.4"}
        ),
        label="KPI values (CSV)",
    )


class AnalyseForm(forms.Form):
    as_of = forms.DateField(
        required=False,
        widget=forms.DateInput(
            attrs={"type": "date", "aria-label": "Analyse as of (empty: latest)"}
        ),
        help_text="Empty: the latest date in the data.",
    )


class DismissForm(forms.Form):
    finding_id = forms.CharField(max_length=500, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=1000)


class ActionForm(forms.Form):
    finding_id = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=500)
    owner = forms.ChoiceField()
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners


class ReviewForm(forms.Form):
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    kind = forms.ChoiceField(choices=[(k, k) for k in ("weekly", "monthly", "quarterly", "annual")])
    decisions = forms.IntegerField(min_value=0, initial=0)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
