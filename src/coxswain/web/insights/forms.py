# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from coxswain.web.insights.services import MAX_REVIEW_DECISIONS, MAX_REVIEW_NOTES


class UploadForm(forms.Form):
    workbook = forms.FileField(help_text="A .zip of the workbook folder, or an .xlsx workbook.")


class ImportForm(forms.Form):
    """An export of a shop, payment provider, bookkeeping, HR, chat or e-mail system (the
    kinds of ``coxswain import``)."""

    kind = forms.ChoiceField(label="What the file is")
    export = forms.FileField(
        label="Export",
        help_text="The file as the service exports it (CSV or Excel; Slack: the zip).",
    )
    rules = forms.FileField(
        required=False,
        label="Rules (QuickBooks, Xero)",
        help_text="A YAML file saying which accounts are spending, and on what.",
    )
    date_format = forms.CharField(
        required=False,
        max_length=40,
        label="Date format (only if its dates are refused)",
        help_text="How the export writes a date, %d for the day, %m the month, %Y the year: "
        "%d.%m.%Y for 31.03.2026, %m/%d/%Y for 03/31/2026.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from coxswain.importers.business import DESCRIPTIONS, MESSAGE_KINDS, TABLE_KINDS

        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, DESCRIPTIONS[k]) for k in (*TABLE_KINDS, *MESSAGE_KINDS)]

    def clean(self) -> dict[str, Any]:
        from coxswain.importers.business import BOOKS_KINDS

        cleaned = super().clean() or {}
        if cleaned.get("kind") in BOOKS_KINDS and not cleaned.get("rules"):
            self.add_error("rules", "A QuickBooks or Xero report needs a rules file.")
        return cleaned

    def clean_date_format(self) -> str | None:
        from coxswain.importers.tabular import date_format_problem

        pattern = str(self.cleaned_data.get("date_format") or "").strip()
        if pattern and (problem := date_format_problem(pattern)):
            raise forms.ValidationError(problem)
        return pattern or None


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
        label="Analyse as of",
        widget=forms.DateInput(attrs={"type": "date", "aria-describedby": "as-of-help"}),
        help_text="Empty: the latest data. An earlier date: what it looked like then.",
    )


class FindingFilterForm(forms.Form):
    """The findings list's filter, sort and search (a GET form: the page works without JS);
    the choices come from :func:`coxswain.web.insights.selectors.filter_choices`. A choice
    that is not offered is ignored, not refused: a shared link still opens."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    objective = forms.ChoiceField(required=False, label="Objective")
    kind = forms.ChoiceField(required=False, label="Kind")
    severity = forms.ChoiceField(required=False, label="Severity")
    owner = forms.ChoiceField(required=False, label="Owner")
    sort = forms.ChoiceField(required=False, label="Sort")

    def __init__(self, *args: Any, choices: dict[str, list[tuple[str, str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options if name == "sort" else [("", "All"), *options]

    def filters(self, *, show_all: bool) -> dict[str, Any]:
        """The valid parts of the filter, as keyword arguments of FindingFilters."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "objective": data.get("objective") or "",
            "kind": data.get("kind") or "",
            "severity": data.get("severity") or "",
            "owner": data.get("owner") or "",
            "q": (data.get("q") or "").strip(),
            "sort": data.get("sort") or "severity",
            "show_all": show_all,
        }


class DismissForm(forms.Form):
    finding_id = forms.CharField(max_length=500, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=1000)


def _offer_due_window(field: forms.Field) -> None:
    """The date picker offers only the due dates an action may have."""
    from coxswain.web.insights.services import action_due_window

    first, last = action_due_window()
    field.widget.attrs.update(min=first.isoformat(), max=last.isoformat())


class ActionForm(forms.Form):
    """An action: its assignee is a person of the workbook (``assignee``); a form may instead
    name a member (``owner``), whose linked person then becomes the assignee."""

    finding_id = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
    title = forms.CharField(max_length=500)
    assignee = forms.ChoiceField(
        required=False,
        label="Who does it",
        help_text="A person of the workbook; their account, if they have one, lists it.",
    )
    owner = forms.ChoiceField(required=False, widget=forms.HiddenInput)
    due = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[int, str]],
        people: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", ""), *owners]
        self.fields["assignee"].choices = [("", "—"), *(people or [])]
        _offer_due_window(self.fields["due"])

    def clean_due(self) -> Any:
        from coxswain.web.insights.services import action_due_problems

        due = self.cleaned_data.get("due")
        if due is not None and (problems := action_due_problems(due)):
            raise forms.ValidationError(problems)
        return due

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("assignee") and not cleaned.get("owner"):
            self.add_error("assignee", "Choose who does it.")
        return cleaned


MEMBER = "member:"  # an edit form's assignee value for a member without a linked person


class EditActionForm(forms.Form):
    """An action's title, who does it and its due date (managers). Who does it is a person
    of the workbook, or a member who is linked to no person (``member:<id>``)."""

    title = forms.CharField(max_length=500)
    assignee = forms.ChoiceField(
        label="Who does it",
        help_text="A person of the workbook; their account, if they have one, lists it and "
        "hears of the change.",
    )
    due = forms.DateField(label="Due", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        *args: Any,
        people: list[tuple[str, str]],
        members: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _offer_due_window(self.fields["due"])
        choices: list[Any] = [("", "—"), *people]
        if members:
            choices.append(
                (
                    "Members linked to no person",
                    [(f"{MEMBER}{pk}", name) for pk, name in members],
                )
            )
        self.fields["assignee"].choices = choices

    @staticmethod
    def assignee_value(action: Any) -> str:
        """The assignee field's value for an action as it is."""
        if action.person_id is not None:
            return str(action.person.slug)
        return f"{MEMBER}{action.owner_id}" if action.owner_id is not None else ""

    def chosen_assignee(self, *, org: Any) -> Any:
        """The chosen assignee (the choices hold only the organisation's people and
        members, so the look-up finds one)."""
        from coxswain.web.accounts.models import Membership
        from coxswain.web.insights.services import Assignee
        from coxswain.web.strategy.models import Person

        value = self.cleaned_data["assignee"]
        if value.startswith(MEMBER):
            owner = Membership.objects.for_org(org).get(pk=int(value.removeprefix(MEMBER)))
            return Assignee(owner=owner)
        return Assignee(person=Person.objects.for_org(org).get(slug=value))

    def clean_title(self) -> str:
        from coxswain.web.insights.services import action_title_problems

        title = str(self.cleaned_data.get("title") or "").strip()
        problems = action_title_problems(title)
        if problems:
            raise forms.ValidationError(problems)
        return title

    def clean_due(self) -> Any:
        from coxswain.web.insights.services import action_due_problems

        due = self.cleaned_data.get("due")
        if due is not None and (problems := action_due_problems(due)):
            raise forms.ValidationError(problems)
        return due


class ReviewForm(forms.Form):
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    kind = forms.ChoiceField(choices=[(k, k) for k in ("weekly", "monthly", "quarterly", "annual")])
    decisions = forms.IntegerField(min_value=0, max_value=MAX_REVIEW_DECISIONS, initial=0)
    notes = forms.CharField(
        required=False, max_length=MAX_REVIEW_NOTES, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_date(self) -> Any:
        from coxswain.web.insights.services import review_date_problems

        date = self.cleaned_data.get("date")
        if date is not None and (problems := review_date_problems(date)):
            raise forms.ValidationError(problems)
        return date
