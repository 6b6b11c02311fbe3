# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm

from coxswain.web.accounts import services
from coxswain.web.accounts.models import Role


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or, for a request from the trusted proxy
    (COXSWAIN_TRUSTED_PROXY), the last address of X-Forwarded-For, the one that proxy added.
    From anyone else X-Forwarded-For is ignored, so a client cannot choose its address."""
    from django.conf import settings

    if not request:
        return ""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxy = settings.COXSWAIN_TRUSTED_PROXY
    if proxy and remote == proxy:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if hops[-1]:
            return hops[-1]
    return remote


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, refusing a (username, IP) pair after too many failures."""

    error_messages: ClassVar[dict[str, str]] = {
        **AuthenticationForm.error_messages,
        "locked": "Too many failed sign-ins. Try again in a while.",
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        ip = client_ip(self.request)
        if services.login_locked(username=username, ip=ip):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.record_login_failure(username=username, ip=ip)
            raise
        services.clear_login_failures(username=username, ip=ip)
        return cleaned


class _NewUserForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    password = forms.CharField(
        widget=forms.PasswordInput, help_text="At least 12 characters, not a common password."
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken.")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password = cleaned.get("password")
        if password:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as e:
                self.add_error("password", e)
        return cleaned


class SignUpForm(_NewUserForm):
    company = forms.CharField(max_length=200, label="Company name")


class AcceptInvitationForm(_NewUserForm):
    pass


class InvitationForm(forms.Form):
    """Offers only the roles the inviter may give (:meth:`Membership.grantable_roles`), the
    highest of them first and chosen."""

    role = forms.ChoiceField(choices=Role.choices)
    email = forms.EmailField(required=False)
    person = forms.ChoiceField(
        required=False, help_text="Link to a person of the workbook (for check-ins)."
    )

    def __init__(
        self, *args: Any, people: list[tuple[str, str]], roles: list[Role], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["role"].initial = roles[0].value if roles else None
        self.fields["role"].error_messages["invalid_choice"] = (
            "You can invite as " + " or ".join(r.label.lower() for r in roles) + "."
        )
        self.fields["person"].choices = [("", "—"), *people]


class TokenForm(forms.Form):
    name = forms.CharField(max_length=100)


class PreferencesForm(forms.Form):
    digest_emails = forms.BooleanField(
        required=False, label="Weekly digest of new findings and overdue actions"
    )
    reminder_emails = forms.BooleanField(required=False, label="Check-in reminders")


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=40,
        label="Code",
        help_text="The 6-digit code from your authenticator app, or a recovery code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )
