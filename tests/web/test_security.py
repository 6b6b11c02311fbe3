"""Security: passwords, login throttling, session expiry, CSRF, deploy checks, audit log."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "coxswain" / "web" / "templates"


def test_password_rules() -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for bad in ("short-pass1", "qwerty123456", "123456789012345"):
        with pytest.raises(ValidationError):
            validate_password(bad)
    validate_password("a sturdy passphrase 7")


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures(tenant) -> None:
    username = tenant.owner.user.username
    c = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(settings.LOGIN_MAX_FAILURES):
        r = c.post(
            reverse("accounts:login"), {"username": username, "password": "wrong password!!"}
        )
        assert r.status_code == 200
    # Now even the right password is refused from this address ...
    r = c.post(
        reverse("accounts:login"), {"username": username, "password": "correct horse battery 42"}
    )
    assert r.status_code == 200 and "Too many failed sign-ins" in r.content.decode()
    # ... while another address can still sign in.
    other = Client(REMOTE_ADDR="10.0.0.2")
    r = other.post(
        reverse("accounts:login"), {"username": username, "password": "correct horse battery 42"}
    )
    assert r.status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_failure_count(tenant) -> None:
    username = tenant.owner.user.username
    c = Client(REMOTE_ADDR="10.0.0.3")
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        c.post(reverse("accounts:login"), {"username": username, "password": "wrong password!!"})
    assert (
        c.post(
            reverse("accounts:login"),
            {"username": username, "password": "correct horse battery 42"},
        ).status_code
        == 302
    )
    c.logout()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        c.post(reverse("accounts:login"), {"username": username, "password": "wrong password!!"})
    assert (
        c.post(
            reverse("accounts:login"),
            {"username": username, "password": "correct horse battery 42"},
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_an_expired_session_signs_out(tenant, login) -> None:
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE <= 24 * 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    c = login(tenant.owner)
    assert c.get(reverse("insights:dashboard")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    r = c.get(reverse("insights:dashboard"))
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]


@pytest.mark.django_db
def test_csrf_is_enforced_on_forms_and_accepted_from_the_htmx_header(tenant) -> None:
    c = Client(enforce_csrf_checks=True)
    c.force_login(tenant.manager.user)
    assert c.post(reverse("insights:analyse")).status_code == 403
    page = c.get(reverse("insights:dashboard")).content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert token, "the body must carry the CSRF token for htmx"
    r = c.post(reverse("insights:analyse"), HTTP_X_CSRFTOKEN=token.group(1), HTTP_HX_REQUEST="true")
    assert r.status_code == 200


def test_every_post_form_has_a_csrf_token() -> None:
    for template in TEMPLATES.rglob("*.html"):
        text = template.read_text()
        for form in re.findall(
            r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", text, flags=re.S | re.I
        ):
            assert "{% csrf_token %}" in form, f"{template.name}: a POST form without csrf_token"


@pytest.mark.slow
def test_deploy_checks_are_clean_under_production_settings(tmp_path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coxswain.web.settings_production",
        "COXSWAIN_SECRET_KEY": secrets.token_urlsafe(64),
        "COXSWAIN_ALLOWED_HOSTS": "coxswain.example.com",
        "COXSWAIN_DB": str(tmp_path / "db.sqlite3"),
    }
    for name in ("COXSWAIN_TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    r = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key(tmp_path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "coxswain.web.settings_production",
        "COXSWAIN_SECRET_KEY": "",
    }
    env.pop("COXSWAIN_TESTING", None)
    r = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode != 0 and "COXSWAIN_SECRET_KEY" in r.stderr


@pytest.mark.django_db
def test_strategy_changes_are_audited(tenant, login) -> None:
    from coxswain.web.strategy.models import StrategyChange

    c = login(tenant.owner)
    c.post(reverse("strategy:new", args=["values"]), {"id": "kindness", "name": "Kindness"})
    c.post(reverse("strategy:delete", args=["values", "kindness"]))
    log = list(StrategyChange.objects.for_org(tenant.org).values_list("action", "slug", "user"))
    assert log[:2] == [
        ("delete", "kindness", tenant.owner.user.pk),
        ("create", "kindness", tenant.owner.user.pk),
    ]
    assert "kindness" in c.get(reverse("strategy:audit")).content.decode()


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(tenant, login) -> None:
    r = login(tenant.owner).get(reverse("insights:dashboard"))
    csp = r.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert "camera=()" in r.headers["Permissions-Policy"]


def test_templates_have_no_inline_scripts_or_styles() -> None:
    """What the CSP forbids must not be in the pages (the 500 page is served without one)."""
    for template in TEMPLATES.rglob("*.html"):
        if template.name == "500.html":
            continue
        text = template.read_text()
        # a JSON data block (ninja/swagger.html's settings) is data, not a script to run
        data = r'<script(?![^>]*\b(src=|type="application/json"))'
        assert "<script>" not in text and not re.search(data, text), template.name
        assert " style=" not in text and "<style" not in text, template.name
        assert not re.search(r"\son[a-z]+=", text), f"{template.name}: inline event handler"


@pytest.mark.django_db
def test_no_open_redirect_after_an_action(tenant, login) -> None:
    import datetime as dt

    from coxswain.web.insights.services import create_action

    action = create_action(org=tenant.org, title="a", owner=tenant.manager, due=dt.date(2026, 1, 1))
    c = login(tenant.manager)
    r = c.post(
        reverse("insights:toggle_action", args=[action.pk]),
        {"done": "1", "next": "https://evil.example/"},
    )
    assert r["Location"] == reverse("insights:actions")
    r = c.post(
        reverse("insights:toggle_action", args=[action.pk]), {"done": "0", "next": "/dashboard/"}
    )
    assert r["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_api_docs_page_has_a_language_and_a_readable_version_badge() -> None:
    """WCAG 2.1 (axe's html-has-lang, color-contrast) on what our template controls: the
    page names its language and loads our darker badge colours after Swagger's."""
    html = Client().get("/api/docs").content.decode()
    assert '<html lang="en">' in html
    sheets = re.findall(r'rel="stylesheet" href="([^"]+)"', html)
    assert sheets[-1].endswith("coxswain/api-docs.css") and "swagger-ui.css" in sheets[0]


def test_api_docs_are_served_from_this_origin_under_the_csp() -> None:
    """/api/docs works offline: Swagger UI is django-ninja's packaged copy, every asset the page
    references is served here, and nothing (page or stylesheet) points to another host."""
    c = Client()
    page = c.get("/api/docs")
    assert page.status_code == 200
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))", html), (
        "an inline script the CSP forbids"
    )
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any(r.endswith(".js") for r in refs) and any(r.endswith(".css") for r in refs)
    for ref in refs:
        assert ref.startswith("/") and not ref.startswith("//"), f"external reference {ref}"
        asset = c.get(ref)
        assert asset.status_code == 200, ref
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        assert body, ref
        if ref.endswith(".css"):
            urls = re.findall(rb"url\(\s*['\"]?([^)'\"]+)", body)
            external = [u for u in urls if not u.startswith((b"data:", b"/", b"#"))]
            assert not external, f"{ref} loads {external[:3]}"
    settings_json = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)
    assert settings_json and '"/api/openapi.json"' in settings_json.group(1)


def test_a_refusal_is_logged_in_one_line_and_a_crash_with_its_traceback(caplog) -> None:
    """Every employee opening an owner's page printed a Python traceback into the server's
    log, which whoever runs the server took for a crash (a walk-through, 2026-12-06)."""
    import logging

    from coxswain.web.log_filters import ClientErrorsWithoutTraceback

    logger = logging.getLogger("django.request")
    assert any(isinstance(f, ClientErrorsWithoutTraceback) for f in logger.filters)
    for status in (403, 500):
        try:
            raise PermissionError("refused")
        except PermissionError:
            with caplog.at_level(logging.WARNING, logger="django.request"):
                logger.warning(
                    "Forbidden: /dashboard/", exc_info=True, extra={"status_code": status}
                )
    refused, crashed = caplog.records[-2:]
    assert refused.exc_info is None and crashed.exc_info is not None
