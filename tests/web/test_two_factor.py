"""Two-factor sign-in (TOTP, django-otp): enrolment, the code step of the sign-in, wrong and
replayed codes, recovery codes, and who may reach the new pages."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db

# No waiting between attempts in these tests (the throttle has its own test).
no_throttle = override_settings(OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)


def _code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the authenticator app shows ``steps`` periods from now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():06d}"


def _enrol(c: Client, user) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
    page = c.post(reverse("accounts:two_factor"), {"action": "start"}).content.decode()
    assert "<svg" in page and "Or type this key" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page = c.post(
        reverse("accounts:two_factor"), {"action": "confirm", "code": _code(device)}
    ).content.decode()
    assert "Two-factor sign-in is <strong>on</strong>" in page
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10
    device.refresh_from_db()
    assert device.confirmed
    return device, codes


def _password_step(user) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    response = c.post(
        reverse("accounts:login"), {"username": user.get_username(), "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login_code")
    return c


@no_throttle
def test_enrol_then_sign_in_needs_the_code(tenant, login) -> None:
    owner = tenant.owner.user
    device, _ = _enrol(login(tenant.owner), owner)
    c = _password_step(owner)
    # the password alone signs nobody in
    assert c.get(reverse("insights:dashboard"))["Location"].startswith(reverse("accounts:login"))
    wrong = c.post(reverse("accounts:login_code"), {"code": "000000"})
    assert wrong.status_code == 200 and "That code is not right" in wrong.content.decode()
    assert c.get(reverse("insights:dashboard")).status_code == 302
    right = c.post(reverse("accounts:login_code"), {"code": _code(device, 1)})
    assert right.status_code == 302
    assert c.get(reverse("insights:dashboard")).status_code == 200


@no_throttle
def test_a_code_is_accepted_once(tenant, login) -> None:
    owner = tenant.owner.user
    device, _ = _enrol(login(tenant.owner), owner)
    code = _code(device, 1)
    first = _password_step(owner)
    assert first.post(reverse("accounts:login_code"), {"code": code}).status_code == 302
    second = _password_step(owner)
    replay = second.post(reverse("accounts:login_code"), {"code": code})
    assert replay.status_code == 200 and "used already" in replay.content.decode()
    assert second.get(reverse("insights:dashboard")).status_code == 302


@no_throttle
def test_a_recovery_code_signs_in_once(tenant, login) -> None:
    owner = tenant.owner.user
    _, codes = _enrol(login(tenant.owner), owner)
    c = _password_step(owner)
    assert c.post(reverse("accounts:login_code"), {"code": codes[0]}).status_code == 302
    again = _password_step(owner)
    assert again.post(reverse("accounts:login_code"), {"code": codes[0]}).status_code == 200


def test_wrong_codes_are_throttled(tenant, login) -> None:
    owner = tenant.owner.user
    device, _ = _enrol(login(tenant.owner), owner)
    c = _password_step(owner)
    c.post(reverse("accounts:login_code"), {"code": "000000"})
    # straight after a wrong code even the right one is refused (django-otp waits 1, 2, 4 … s)
    assert c.post(reverse("accounts:login_code"), {"code": _code(device, 1)}).status_code == 200


@no_throttle
def test_a_session_that_skipped_the_code_step_is_signed_out(tenant, login) -> None:
    owner = tenant.owner.user
    _enrol(login(tenant.owner), owner)
    c = Client()
    c.force_login(owner)  # a session signed in some other way, without the code
    response = c.get(reverse("insights:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    assert c.get(reverse("insights:dashboard")).status_code == 302  # and stays out


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    c = Client()
    page = c.get(reverse("accounts:two_factor"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))
    assert c.post(reverse("accounts:two_factor"), {"action": "start"}).status_code == 302
    assert not TOTPDevice.objects.exists()
    assert c.get(reverse("accounts:login_code"))["Location"] == reverse("accounts:login")
    assert c.post(reverse("accounts:login_code"), {"code": "123456"}).status_code == 302


@no_throttle
def test_nobody_can_touch_another_users_device(tenant, other_tenant, login) -> None:
    owner = tenant.owner.user
    device, codes = _enrol(login(tenant.owner), owner)
    intruder = login(other_tenant.owner)
    for action in ("disable", "codes", "confirm"):
        intruder.post(reverse("accounts:two_factor"), {"action": action, "code": _code(device, 1)})
        intruder.post(reverse("accounts:two_factor"), {"action": action, "code": codes[1]})
    device.refresh_from_db()
    assert device.confirmed and TOTPDevice.objects.filter(user=owner).count() == 1
    # the owner's own codes still work: none was used up by the intruder's posts
    c = _password_step(owner)
    assert c.post(reverse("accounts:login_code"), {"code": codes[1]}).status_code == 302
    # and the owner's pending sign-in cannot be finished from another session
    assert Client().post(reverse("accounts:login_code"), {"code": codes[2]}).status_code == 302
    assert not TOTPDevice.objects.filter(user=other_tenant.owner.user).exists()


@no_throttle
def test_turning_it_off_needs_a_code(tenant, login) -> None:
    owner = tenant.owner.user
    device, codes = _enrol(login(tenant.owner), owner)
    c = _password_step(owner)
    used = _code(device, 1)
    c.post(reverse("accounts:login_code"), {"code": used})
    refused = c.post(reverse("accounts:two_factor"), {"action": "disable", "code": "000000"})
    assert "That code is not right" in refused.content.decode()
    # the code that signed in was used: it cannot turn it off either
    c.post(reverse("accounts:two_factor"), {"action": "disable", "code": used})
    assert TOTPDevice.objects.filter(user=owner).exists()
    c.post(reverse("accounts:two_factor"), {"action": "disable", "code": codes[0]})
    assert not TOTPDevice.objects.filter(user=owner).exists()


@override_settings(COXSWAIN_OWNER_2FA="required")
def test_required_for_owners_sends_them_to_turn_it_on(tenant, login) -> None:
    response = login(tenant.owner).get(reverse("insights:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor")
    assert login(tenant.manager).get(reverse("insights:dashboard")).status_code == 200


@no_throttle
def test_a_signed_in_owner_cannot_swap_the_authenticator_without_turning_it_off(
    tenant, login
) -> None:
    owner = tenant.owner.user
    device, _ = _enrol(login(tenant.owner), owner)
    c = _password_step(owner)
    c.post(reverse("accounts:login_code"), {"code": _code(device, 1)})
    c.post(reverse("accounts:two_factor"), {"action": "start"})
    assert list(TOTPDevice.objects.filter(user=owner)) == [device]
    # a session that skipped the code step is signed out of this page too
    skipped = Client()
    skipped.force_login(owner)
    assert skipped.get(reverse("accounts:two_factor")).status_code == 302
    assert skipped.get(reverse("accounts:settings")).status_code == 302
