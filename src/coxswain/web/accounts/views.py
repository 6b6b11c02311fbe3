# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from coxswain.web.access import member_view
from coxswain.web.accounts import selectors, services, two_factor
from coxswain.web.accounts.forms import (
    AcceptInvitationForm,
    CodeForm,
    InvitationForm,
    PreferencesForm,
    SignUpForm,
    ThrottledLoginForm,
    TokenForm,
    client_ip,
)
from coxswain.web.accounts.models import ApiToken
from coxswain.web.privacy import labels, person_choices
from coxswain.web.strategy.models import Person
from coxswain.web.tenancy import get_for_org_or_404

PENDING = "coxswain:2fa-pending"


class CoxswainLoginView(LoginView):
    """The password step; a user with two-factor sign-in is signed in only after the code
    step (``login_code``), so no session is signed in on the password alone."""

    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: ThrottledLoginForm) -> HttpResponse:
        user = form.get_user()
        if not two_factor.enabled(user=user):
            return super().form_valid(form)
        self.request.session.cycle_key()
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_success_url(),
        }
        return redirect("accounts:login_code")


def login_code(request: HttpRequest) -> HttpResponse:
    """The code step of a two-factor sign-in (an authenticator code or a recovery code)."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > two_factor.PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    ip = client_ip(request)
    if request.method == "POST" and form.is_valid():
        username = user.get_username()
        if services.login_locked(username=username, ip=ip):
            form.add_error(None, ThrottledLoginForm.error_messages["locked"])
        elif (device := two_factor.verify(user=user, token=form.cleaned_data["code"])) is None:
            services.record_login_failure(username=username, ip=ip)
            form.add_error("code", "That code is not right, or it was used already.")
        else:
            services.clear_login_failures(username=username, ip=ip)
            del request.session[PENDING]
            login(request, user, backend=pending["backend"])
            otp_login(request, device)
            return redirect(pending["next"])
    return render(request, "accounts/login_code.html", {"form": form})


@login_required
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan or type the secret, confirm a code), make new
    recovery codes, or turn it off (with a code). Only the signed-in user's own devices."""
    user = request.user
    if two_factor.enabled(user=user) and not user.is_verified():
        logout(request)  # a session that did not pass the code step
        return redirect_to_login(request.get_full_path())
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("start", "confirm") and two_factor.enabled(user=user):
        action = None  # a new authenticator only after turning the current one off (a code)
    form = CodeForm(request.POST if action in ("confirm", "disable", "codes") else None)
    codes: list[str] | None = None
    if action == "start":
        two_factor.start_enrolment(user=user)
    elif action == "confirm" and form.is_valid():
        codes = two_factor.confirm_enrolment(user=user, token=form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", "That code is not right; try the next one your app shows.")
        else:
            otp_login(request, two_factor.confirmed_device(user=user))
            messages.success(request, "Two-factor sign-in is on.")
            form = CodeForm()
    elif action == "codes" and form.is_valid():
        if two_factor.verify(user=user, token=form.cleaned_data["code"]) is None:
            form.add_error("code", "That code is not right, or it was used already.")
        else:
            codes = two_factor.new_recovery_codes(user=user)
            form = CodeForm()
    elif action == "disable" and form.is_valid():
        if two_factor.disable(user=user, token=form.cleaned_data["code"]):
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("accounts:two_factor")
        form.add_error("code", "That code is not right, or it was used already.")
    pending = None if two_factor.enabled(user=user) else two_factor.pending_enrolment(user=user)
    secret, qr = two_factor.setup_details(device=pending) if pending else ("", "")
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": two_factor.enabled(user=user),
            "pending": pending,
            "secret": secret,
            "qr": mark_safe(qr),  # segno's SVG of the otpauth URL: no text of ours in it
            "form": form,
            "codes": codes,
            "codes_left": two_factor.recovery_codes_left(user=user),
            "required": settings.COXSWAIN_OWNER_2FA == "required",
        },
    )


def signup(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST or None)
    ip = client_ip(request)
    if request.method == "POST" and services.signup_limited(ip=ip):
        form.is_valid()
        form.add_error(None, "Too many sign-ups from your address. Try again in an hour.")
        return render(request, "accounts/signup.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        services.record_signup(ip=ip)
        membership = services.sign_up(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            company=form.cleaned_data["company"],
        )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[selectors.SESSION_ORG] = membership.org_id
        messages.success(request, "Welcome! Start with a template, or upload a workbook.")
        return redirect("onboarding:start")
    return render(request, "accounts/signup.html", {"form": form})


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.open_invitation(token=token)
    if invitation is None:
        raise Http404("this invitation link is not valid (used, expired or mistyped)")
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = services.accept_invitation(
            invitation=invitation,
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
        )
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[selectors.SESSION_ORG] = membership.org_id
        return redirect("insights:dashboard")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


@member_view(role="manager")
def team(request: HttpRequest) -> HttpResponse:
    org = request.org
    people = person_choices(org=org)  # named as every page names them
    form = InvitationForm(
        request.POST or None, people=people, roles=request.membership.grantable_roles()
    )
    link = None
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        # the form offers and accepts only the roles this member may give
        person = None
        if form.cleaned_data["person"]:
            person = get_for_org_or_404(Person, org=org, slug=form.cleaned_data["person"])
        token = services.invite(
            org=org, by=request.user, role=role, email=form.cleaned_data["email"], person=person
        )
        link = request.build_absolute_uri(reverse("accounts:accept", args=[token]))
        if form.cleaned_data["email"]:
            services.send_invitation(org=org, email=form.cleaned_data["email"], link=link)
    return render(
        request,
        "accounts/team.html",
        {
            "form": form,
            "link": link,
            "members": selectors.members(org=org),
            "labels": labels(org=org),  # people as every page names them
        },
    )


@member_view()
def settings_page(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    prefs = PreferencesForm(
        request.POST if request.POST.get("form") == "prefs" else None,
        initial={
            "digest_emails": membership.digest_emails,
            "reminder_emails": membership.reminder_emails,
        },
    )
    token_form = TokenForm(request.POST if request.POST.get("form") == "token" else None)
    new_token = None
    if request.method == "POST":
        if request.POST.get("form") == "prefs" and prefs.is_valid():
            services.set_preferences(membership=membership, **prefs.cleaned_data)
            messages.success(request, "Preferences saved.")
            return redirect("accounts:settings")
        if request.POST.get("form") == "token" and token_form.is_valid():
            new_token = services.create_api_token(
                membership=membership, name=token_form.cleaned_data["name"]
            )
    tokens = ApiToken.objects.for_org(request.org).filter(membership=membership)
    return render(
        request,
        "accounts/settings.html",
        {
            "prefs": prefs,
            "token_form": token_form,
            "new_token": new_token,
            "tokens": tokens,
            "session_hours": settings.SESSION_COOKIE_AGE // 3600,
            "two_factor": two_factor.enabled(user=request.user),
        },
    )


@require_POST
@member_view()
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_for_org_or_404(
        ApiToken,
        org=request.org,
        pk=pk,
        membership=request.membership,
    )
    services.revoke_api_token(token=token)
    messages.success(request, f"Token {token.name} revoked.")
    return redirect("accounts:settings")


@require_POST
@member_view()
def switch_organisation(request: HttpRequest) -> HttpResponse:
    """Make another of the user's organisations the current one."""
    from coxswain.web.accounts.models import Membership

    try:
        org_id = int(request.POST.get("org", ""))
    except ValueError as exc:
        raise Http404("no such organisation") from exc
    if not Membership.dangerously_unscoped.filter(user=request.user, org_id=org_id).exists():
        raise Http404("no such organisation")
    request.session[selectors.SESSION_ORG] = org_id
    return redirect("insights:home")
