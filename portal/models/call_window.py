"""The call for submissions: when it opens and closes, and who may still submit late.

Editors set it in the Wagtail admin (Settings → Call for submissions), per
site. Outside the window drafts can still be written and are kept; only the
hand-over to moderation is refused, except for the accounts named for a late
submission. A resubmission after a change request is always accepted: the
case entered the review on time.

https://docs.wagtail.org/en/stable/reference/contrib/settings.html
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from showcase.stamp_memo import StampMemo  # a leaf module: nothing of showcase's models loads


@register_setting(icon="date")
class CallWindow(BaseSiteSetting):
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: submissions are open now (unless closed below).")
    )
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True, help_text=_("Empty: no closing date."))
    late_submitters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accounts allowed to submit late"),
        blank=True,
        related_name="+",
        help_text=_("These accounts may submit after the closing date (or before the opening date)."),
    )

    panels = [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]), FieldPanel("late_submitters")]

    class Meta:
        verbose_name = _("call for submissions")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call must close after it opens.")})


@dataclass(frozen=True)
class WindowState:
    """Whether a user may submit now, and what to tell them."""

    is_open: bool
    opens_at: datetime | None
    closes_at: datetime | None
    late_allowed: bool = False

    @property
    def not_yet_open(self) -> bool:
        return self.opens_at is not None and timezone.now() < self.opens_at

    @property
    def closed(self) -> bool:
        return self.closes_at is not None and timezone.now() >= self.closes_at


def call_window_stamp() -> Any:
    """The catalogue stamp (the request's, if one was kept), read before the window's rows are."""
    from showcase.models.catalogue_stamp import REQUEST_STAMP, current_stamp  # as above: showcase loads after

    return REQUEST_STAMP.get() or current_stamp()


#: (stamp, site pk or None for the default site) -> (site, its CallWindow); at most 64.
_remembered = StampMemo(max_entries=64)


def remembered_setting(stamp: Any, site: Site | None) -> tuple[Site | None, CallWindow | None]:
    """(the site, default if None; its ``CallWindow``), read once per catalogue stamp (issue 20.4: every wizard page).

    A save or deletion of a site or of a ``CallWindow`` moves the stamp (``showcase.stamp_signals``; the
    portal follows ``CallWindow``, ``PortalConfig.ready``). A site without its setting row gets one from
    ``for_site`` (Wagtail creates it) and is not remembered: a row created in a transaction that is rolled
    back is created again on the next read, as before. The late submitters are read per request.
    """
    key = (stamp, site.pk if site is not None else None)
    kept = _remembered.get(key)
    if kept is not None:
        return kept
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        kept = (None, None)
    else:
        existing = CallWindow.objects.filter(site=site).first()
        if existing is None:
            return site, CallWindow.for_site(site)
        kept = (site, existing)
    _remembered.keep(key, kept)
    return kept


def window_for(user: Any, site: Site | None = None, now: datetime | None = None) -> WindowState:
    """The call window as it applies to ``user`` now.

    The dates are the current meeting's call for submissions (``showcase.meetings``) when there is a
    current or next meeting; otherwise the site setting's (the default site's when no site is given).
    The accounts allowed to submit late stay in the site setting.
    """
    from showcase.meetings import current_call_window  # showcase's models load after portal's

    stamp = call_window_stamp()  # before every row the dates come from (see remembered_setting)
    site, window = remembered_setting(stamp, site)
    if site is None:
        return WindowState(is_open=True, opens_at=None, closes_at=None)
    now = now or timezone.now()
    meeting_window = current_call_window(now, stamp=stamp)
    opens, closes = meeting_window if meeting_window is not None else (window.opens_at, window.closes_at)
    inside = (opens is None or now >= opens) and (closes is None or now < closes)
    late = (
        not inside
        and window.pk is not None
        and user is not None
        and getattr(user, "pk", None) is not None
        and window.late_submitters.filter(pk=user.pk).exists()
    )
    return WindowState(is_open=inside or late, opens_at=opens, closes_at=closes, late_allowed=late)
