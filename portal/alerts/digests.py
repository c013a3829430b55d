"""``send_search_alerts``: one digest per person and period with the cases new to their saved searches.

For every active, not-erased person with a saved search due (its daily or weekly period
has turned since it was last handled), the cases published or updated since that search's
``covered_until`` (less ``PUBLICATION_OVERLAP``, for publications committed just after a run
read the catalogue; those already sent since are left out) are matched against it with the catalogue's own search, **as that person
may see the catalogue now** (``showcase.api.matching.matching_ids`` with the person as the
viewer: attendees-only cases only while they are an attendee). All of a person's due
searches go into one e-mail, in their language, each case once.

Nothing is sent twice, whatever reruns or crashes happen. Each person is handled in one
transaction that (1) locks their saved searches and re-checks they are due, (2) writes an
``AlertDelivery`` row per (person, case, day) — unique — (3) queues the outbox message under
the dedupe key ``search-alerts:<person>:<day>`` — unique too — and (4) moves the searches'
``covered_until`` and ``last_period`` on. Either all four are committed or none is: a crash
before the commit leaves the person due and a rerun does it again; after the commit the
searches are no longer due, and a concurrent run that got past the due check collides on the
unique rows and rolls back. The e-mail itself leaves after the commit through the outbox
(``portal.models.outbox``), which keeps it if the mail server fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from showcase.api.matching import matching_ids
from showcase.models import UseCasePage, public_catalogue

from ..email_languages import offered_language
from ..models import AlertDelivery, Frequency, OutboxEmail, SavedSearch, User
from ..submitter_emails import site_url
from .periods import digest_period, period_of
from .searches import describe, stored_search
from .tokens import unsubscribe_token

KIND = "search_alerts"
#: ``AlertDelivery`` rows only guard their own day; they are kept a little longer, then pruned.
DELIVERY_RECORD_DAYS = 14


@dataclass
class Section:
    """One saved search in a digest, and its new cases (title, address, new or updated)."""

    search: SavedSearch
    description: list[str]
    search_url: str
    case_ids: list[int] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)


#: How far back a run looks before the moment the previous one covered: a case published (its timestamp
#: taken) just before that run read the catalogue but committed just after is found by the next run;
#: cases already sent since their publication are left out (``sent_after_publication``).
PUBLICATION_OVERLAP = timedelta(minutes=15)


def due_filter(now: datetime) -> Q:
    return Q(frequency=Frequency.DAILY) & ~Q(last_period=period_of(Frequency.DAILY, now)) | Q(
        frequency=Frequency.WEEKLY
    ) & ~Q(last_period=period_of(Frequency.WEEKLY, now))


def due_people(now: datetime) -> list[int]:
    """Ids of active, not-erased people with at least one saved search due."""
    searches = SavedSearch.objects.filter(due_filter(now), user__is_active=True, user__erased_at__isnull=True)
    return sorted(set(searches.values_list("user_id", flat=True)))


def changed_since(since: datetime, now: datetime) -> dict[int, datetime]:
    """Live cases first published or last (re)published in (since, now], with that moment."""
    published = Q(last_published_at__gt=since, last_published_at__lte=now) | Q(
        last_published_at__isnull=True, first_published_at__gt=since, first_published_at__lte=now
    )
    rows = UseCasePage.objects.live().filter(published).values_list("pk", "last_published_at", "first_published_at")
    return {pk: last or first for pk, last, first in rows}


def sent_after_publication(user: Any, changed: dict[int, datetime]) -> set[int]:
    """The changed cases already in one of ``user``'s digests since that publication (the overlap's repeats)."""
    if not changed:
        return set()
    deliveries = AlertDelivery.objects.filter(user=user, page_id__in=list(changed), created_at__gte=min(changed.values()))
    return {pk for pk, sent_at in deliveries.values_list("page_id", "created_at") if sent_at >= changed[pk]}


def new_matches(saved: SavedSearch, user: Any, now: datetime) -> list[int]:
    """The changed cases this search finds for ``user`` as the catalogue would show them now."""
    changed = changed_since(saved.covered_until - PUBLICATION_OVERLAP, now)
    candidates = sorted(set(changed) - sent_after_publication(user, changed))
    if not candidates:
        return []
    return list(matching_ids(stored_search(saved.query_string), user, within=candidates).ids)


def _case_rows(ids: list[int], since: datetime) -> list[dict[str, Any]]:
    pages = UseCasePage.objects.filter(pk__in=ids).order_by("-last_published_at", "-pk")
    return [
        {
            "title": page.title,
            "url": page.get_full_url() or "",
            "summary": page.summary,
            "is_new": page.first_published_at is None or page.first_published_at > since,
        }
        for page in pages
    ]


def _sections(searches: Iterable[SavedSearch], user: Any, now: datetime, already: set[int]) -> list[Section]:
    catalogue = public_catalogue()
    base = (catalogue.get_full_url() or "") if catalogue else site_url("/")
    sections = []
    for saved in searches:
        ids = [pk for pk in new_matches(saved, user, now) if pk not in already]
        already.update(ids)
        if ids:
            url = f"{base}?{saved.query_string}" if saved.query_string else base
            sections.append(Section(saved, describe(saved.query_string), url, ids, _case_rows(ids, saved.covered_until)))
    return sections


def render_digest(user: Any, sections: list[Section]) -> tuple[str, str, str, dict[str, str]]:
    """(subject, text, HTML, headers) in the active language."""
    unsubscribe_url = site_url(reverse("accounts:unsubscribe_search_alerts", args=[unsubscribe_token(user.pk)]))
    count = sum(len(section.cases) for section in sections)
    values = {
        "sections": sections,
        "count": count,
        "manage_url": site_url(reverse("accounts:search_alerts")),
        "unsubscribe_url": unsubscribe_url,
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    subject = gettext("New use cases for your saved searches (%(count)d)") % {"count": count}
    headers = {
        # RFC 8058: a mail client may offer "unsubscribe" and POST this body to the address, without a login.
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    text = render_to_string(f"emails/{KIND}.txt", values)
    html = render_to_string(f"emails/{KIND}.html", values)
    return subject, text, html, headers


def _queue(user: Any, sections: list[Section], period: str, language: str) -> OutboxEmail:
    AlertDelivery.objects.bulk_create(
        [AlertDelivery(user=user, page_id=case_id, period=period) for case_id in _case_ids(sections)]
    )
    with translation.override(language):
        subject, text, html, headers = render_digest(user, sections)
    return OutboxEmail.objects.create(
        kind=KIND, to=user.email, subject=subject, body_text=text, body_html=html, language=language,
        headers=headers, dedupe_key=f"search-alerts:{user.pk}:{period}",
    )


def _case_ids(sections: list[Section]) -> list[int]:
    return [pk for section in sections for pk in section.case_ids]


def send_person_digest(user_id: int, now: datetime) -> bool:
    """Handle one person's due searches in one transaction (see the module docstring); True if an e-mail was queued."""
    period = digest_period(now)
    try:
        with transaction.atomic():
            user = User.objects.filter(pk=user_id, is_active=True, erased_at__isnull=True).first()
            if user is None:
                return False
            searches = list(SavedSearch.objects.select_for_update().filter(due_filter(now), user=user))
            if not searches:
                return False  # handled a moment ago by another run
            language = offered_language(user.language, searches[0].language)
            already = set(AlertDelivery.objects.filter(user=user, period=period).values_list("page_id", flat=True))
            with translation.override(language):
                sections = _sections(searches, user, now, already)
            email = _queue(user, sections, period, language) if sections else None
            for saved in searches:
                saved.covered_until, saved.last_period = now, period_of(saved.frequency, now)
                saved.save(update_fields=["covered_until", "last_period"])
    except IntegrityError:  # a concurrent run recorded this person's digest first
        return False
    if email is not None:
        transaction.on_commit(lambda: OutboxEmail.objects.get(pk=email.pk).deliver(), robust=True)
    return email is not None


def send_search_alerts(now: datetime | None = None) -> int:
    """Queue the digests due now; return how many e-mails were queued (0 on a rerun)."""
    now = now or timezone.now()
    queued = sum(send_person_digest(user_id, now) for user_id in due_people(now))
    AlertDelivery.objects.filter(created_at__lt=now - timedelta(days=DELIVERY_RECORD_DAYS)).delete()
    return queued
