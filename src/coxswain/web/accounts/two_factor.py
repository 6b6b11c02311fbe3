# mypy: disable-error-code="misc,no-any-return,untyped-decorator"
"""Two-factor sign-in (TOTP, django-otp): enrolment, recovery codes, the second step of the
sign-in. Writes (services) and reads of a user's own devices only: nothing here takes a
device id from a request, so nobody can reach another user's device.

- An authenticator app (RFC 6238, 30-second codes of 6 digits) is enrolled unconfirmed, and
  confirmed by a code from it; django-otp refuses a code used before (its ``last_t``) and
  throttles wrong codes (1, 2, 4 … seconds).
- Ten recovery codes (django-otp static tokens) are made at confirmation; each works once.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
PENDING_SECONDS = 300  # how long the code step of a sign-in waits after the password step


def enabled(*, user: Any) -> bool:
    """Whether the user signs in with a second factor (a confirmed authenticator)."""
    return user_has_device(user, confirmed=True)


def start_enrolment(*, user: Any) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user (replacing an unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def confirmed_device(*, user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_enrolment(*, user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def setup_details(*, device: TOTPDevice) -> tuple[str, str]:
    """The secret to type in (base32, in groups of four) and the QR code as inline SVG."""
    import base64

    import segno

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=2)
    return grouped, svg


@transaction.atomic
def confirm_enrolment(*, user: Any, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; returns the new recovery codes
    (shown once), or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_clean(token)):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(user=user)


@transaction.atomic
def new_recovery_codes(*, user: Any) -> list[str]:
    """Replace the user's recovery codes with new ones; returns them (stored as given, as
    django-otp keeps them, and deleted as they are used)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


def recovery_codes_left(*, user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def verify(*, user: Any, token: str) -> Any | None:
    """The user's device that accepts this code (a TOTP code or a recovery code), or None.
    A code is accepted once."""
    token = _clean(token)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def disable(*, user: Any, token: str) -> bool:
    """Turn two-factor sign-in off, given a current code; False when the code is wrong."""
    if verify(user=user, token=token) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return True


def _clean(token: str) -> str:
    return "".join(token.split())[:32]
