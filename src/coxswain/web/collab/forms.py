# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any

from django import forms

from coxswain.web.collab.services import MAX_COMMENT


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write @ and a member's user name to tell them.",
    )

    def __init__(self, *args: Any, names: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if names:
            shown = ", ".join(f"@{n}" for n in names[:30])
            more = f" and {len(names) - 30} more" if len(names) > 30 else ""
            self.fields[
                "body"
            ].help_text = f"Write @ and a member's user name to tell them: {shown}{more}."


class ChatForm(forms.Form):
    enabled = forms.BooleanField(
        label="Send messages to chat",
        required=False,
        help_text="Off by default: messages leave this server. They hold titles and links only, "
        "never names or anything about people.",
    )
    slack_url = forms.URLField(
        label="Slack incoming webhook address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="In Slack: Apps → Incoming Webhooks → Add New Webhook to Workspace.",
    )
    teams_url = forms.URLField(
        label="Microsoft Teams workflow address",
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text="In Teams: Workflows → “Post to a channel when a webhook request is received”.",
    )
    send_digest = forms.BooleanField(label="Weekly digest", required=False)
    send_reminders = forms.BooleanField(label="Check-in reminders", required=False)
    send_findings = forms.BooleanField(label="New serious findings", required=False)

    def _https(self, name: str) -> str:
        # The form's own check; that the address is public is the service's rule
        # (services.save_chat_settings), whose problems the view places at the field.
        url = str(self.cleaned_data.get(name) or "")
        if url and not url.startswith("https://"):
            raise forms.ValidationError(
                "Give the address as Slack or Teams shows it: it starts with https://."
            )
        return url

    def clean_slack_url(self) -> str:
        return self._https("slack_url")

    def clean_teams_url(self) -> str:
        return self._https("teams_url")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("enabled") and not (data.get("slack_url") or data.get("teams_url")):
            raise forms.ValidationError(
                "To turn chat on, give a Slack or a Teams address (or both)."
            )
        return data


class WebhookForm(forms.Form):
    """An outgoing webhook endpoint; the address and events are checked by
    :mod:`coxswain.web.collab.webhooks` (the API's rule too)."""

    url = forms.CharField(
        label="Address that receives the events",
        max_length=1000,
        help_text="From your automation tool (Zapier “Catch Hook”, Make “Custom webhook”, "
        "n8n “Webhook” node); it starts with https://.",
    )
    description = forms.CharField(label="What it is for", max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label="Events to send",
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )
    enabled = forms.BooleanField(label="Send events to this address", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from coxswain.web.collab.webhooks import EVENTS

        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(e, f"{e}: {text}") for e, text in EVENTS.items()]

    def clean_url(self) -> str:
        from coxswain.web.collab.webhooks import url_problems

        url = str(self.cleaned_data.get("url") or "").strip()
        problems = url_problems(url, resolve=False)  # the service looks the name up
        if problems:
            raise forms.ValidationError(problems)
        return url
