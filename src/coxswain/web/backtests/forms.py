# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from django import forms

from coxswain.backtest import EVERY


class BacktestForm(forms.Form):
    every = forms.ChoiceField(
        choices=[(e, f"every {e} end") for e in EVERY],
        initial="quarter",
        label="Replay at",
    )
    start = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date", "aria-describedby": "start-help"}),
        help_text="Empty: twelve months into the history.",
    )
