"""Demo staff sign in with a second factor like real staff: one shared, published demo key (local use only).

Without it, trying the admin after `make run` needs a phone first. The key is printed by `seed_demo`, and
`manage.py demo_code` prints the current six-digit code for people without an authenticator app at hand.
"""

from __future__ import annotations

from base64 import b32encode
from time import time

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import User
from portal.two_factor import devices

#: 20 bytes, hex (django-otp's key format). Public on purpose: demo data only, never in production.
DEMO_TOTP_KEY = "64656d6f2d73746166662d74776f2d666163746f"


def demo_manual_key() -> str:
    """The key as an authenticator app takes it (base32, in groups of four)."""
    raw = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def current_code() -> str:
    """The code an authenticator app with the demo key shows now (django-otp's defaults: 30 s, 6 digits)."""
    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY), step=30, t0=0, digits=6):06d}"


def give_demo_staff_a_device(users: list[User]) -> int:
    """A confirmed authenticator with the demo key for each member of staff who has none (idempotent)."""
    given = 0
    for user in users:
        if devices.is_required(user) and devices.authenticator_of(user) is None:
            TOTPDevice.objects.create(user=user, name=devices.AUTHENTICATOR, key=DEMO_TOTP_KEY, confirmed=True)
            given += 1
    return given


def seconds_left() -> int:
    return 30 - int(time()) % 30
