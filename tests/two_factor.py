"""Test helper: staff sessions made with the test client's ``login``/``force_login`` carry a verified second factor.

Staff must give a TOTP code after their password (portal/two_factor/). Most
tests sign staff in with ``Client.force_login`` because signing in is not what
they are about; ``install()`` (called by tests/conftest.py) makes those logins
verified, as a real sign-in with a code would: the person gets a confirmed
device if they need one, and the session records it (django-otp's session
key). Tests of the second factor itself sign in through the real forms, or
set ``client.unverified = True`` to skip this.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

_original_login = Client._login


def confirmed_device(user) -> TOTPDevice:
    """The person's confirmed authenticator (made now if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice, drift: int = 0) -> str:
    """The code the person's app shows now (``drift`` steps of 30 s later or earlier), as a phone computes it."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):0{device.digits}d}"


def next_code(device: TOTPDevice) -> str:
    """A code the device accepts now: django-otp takes each time step once and tolerates one step either side,
    so a person signing in again within 30 seconds uses their app's next code.

    Never the previous step's code: on a busy machine the step can turn between typing it and the check,
    and a code two steps old is refused. A third sign-in within one step waits for the next step (rare).
    """
    import time

    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step)
    drift = max(0, device.last_t - now + 1)
    if drift > 1:
        time.sleep(device.step - (time.time() - device.t0) % device.step + 0.5)
        return next_code(device)
    return current_code(device, drift=drift)


def _login_with_second_factor(self: Client, user, backend=None) -> None:
    from portal.two_factor import devices

    _original_login(self, user, backend)
    if getattr(self, "unverified", False):
        return
    if devices.is_required(user) or devices.is_enabled(user):
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
        session.save()


def install() -> None:
    Client._login = _login_with_second_factor
