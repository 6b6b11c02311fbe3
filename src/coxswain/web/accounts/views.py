# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coxswain.web.access import member_view
from coxswain.web.accounts import selectors, services
from coxswain.web.accounts.forms import (
    AcceptInvitationForm,
    InvitationForm,
    PreferencesForm,
    SignUpForm,
    ThrottledLoginForm,
    TokenForm,
    client_ip,
)
from coxswain.web.accounts.models import ApiToken
from coxswain.web.strategy.models import Person
from coxswain.web.tenancy import get_for_org_or_404


class CoxswainLoginView(LoginView):
    form_class = ThrottledLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
        messages.success(request, "Welcome! Upload a workbook, or start writing your strategy.")
        return redirect("insights:data")
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
    people = [(p.slug, str(p)) for p in Person.objects.for_org(org)]
    form = InvitationForm(request.POST or None, people=people)
    link = None
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        if role == "owner" and request.membership.role != "owner":
            form.add_error("role", "Only an owner can invite another owner.")
        else:
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
