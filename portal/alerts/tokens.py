"""The signed one-click unsubscribe link of the search-alert digests (no login needed).

The token names the person only; it is signed with the site's secret (``django.core.signing``)
under its own salt, so it cannot be forged or reused for anything else. It stays valid for
``MAX_AGE``: an old digest's link still works long after the mail was read.
"""

from __future__ import annotations

from django.core import signing

SALT = "portal.alerts.unsubscribe"
MAX_AGE = 400 * 24 * 3600


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=SALT)


def user_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=SALT, max_age=MAX_AGE)["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
