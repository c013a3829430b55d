"""The meeting as pages: ``MeetingIndexPage`` lists the meetings, ``MeetingPage`` is one of them.

A meeting has its dates, daily hours and time zone, its format (an online platform or a
venue), its organisers, the registration deadline, the call for submissions (its window
belongs to the meeting: ``showcase.meetings.call_window``), its programme
(``MeetingSession``) and, once past, its reports (Wagtail documents).

The joining link is confidential to approved attendees: it is not a search field nor an
API field, and templates show it only through ``MeetingPage.joining_url_for(user)``.

https://docs.wagtail.org/en/stable/topics/pages.html
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .view_restrictions import RememberedViewRestrictions
from ..time_zones import validate_time_zone
from .meeting_sessions import MeetingSession
from ..visibility import can_see_attendee_cases

ONLINE = "online"
VENUE = "venue"
FORMAT_CHOICES = [(ONLINE, _("Online")), (VENUE, _("At a venue"))]


class MeetingIndexPage(RememberedViewRestrictions, Page):
    """The list of meetings: the current and next ones first, then the past ones with their reports."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["showcase.HomePage"]
    subpage_types = ["showcase.MeetingPage"]
    max_count = 1

    class Meta:
        verbose_name = _("meetings index")

    views: ClassVar[Any] = None  # showcase.meeting_views, registered in ShowcaseConfig.ready

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.views.index_context(self, request))
        return context


class MeetingPage(RememberedViewRestrictions, RoutablePageMixin, Page):
    """One meeting: what, when (in its own time zone), where, who organises it, and its programme."""

    theme = models.CharField(_("theme"), max_length=255, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    daily_start_time = models.TimeField(_("daily start"), help_text=_("In the meeting's time zone."))
    daily_end_time = models.TimeField(_("daily end"), help_text=_("In the meeting's time zone."))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Vienna",
        validators=[validate_time_zone],
        help_text=_("The organisers' time zone, by its IANA name (e.g. Europe/Vienna, America/New_York)."),
    )
    format = models.CharField(_("format"), max_length=10, choices=FORMAT_CHOICES, default=ONLINE)
    platform_or_venue = models.CharField(
        _("platform or venue"), max_length=255, blank=True, help_text=_("Public, e.g. \"Microsoft Teams\".")
    )
    joining_url = models.URLField(
        _("joining link"),
        blank=True,
        max_length=500,
        help_text=_("Confidential: shown only to approved attendees, on the page and in their calendar file."),
    )
    organisers = models.CharField(_("organisers"), max_length=255, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    submissions_open_at = models.DateTimeField(
        _("submissions open"), null=True, blank=True, help_text=_("Empty: submissions are open now.")
    )
    submissions_close_at = models.DateTimeField(
        _("submissions close"), null=True, blank=True, help_text=_("Empty: no closing date.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("theme"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("daily_start_time"), FieldPanel("daily_end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("platform_or_venue"), FieldPanel("joining_url"), FieldPanel("organisers")],
            heading=_("Where and who"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_deadline"),
                FieldRowPanel([FieldPanel("submissions_open_at"), FieldPanel("submissions_close_at")]),
            ],
            heading=_("Registration and call for submissions"),
        ),
        InlinePanel("sessions", heading=_("Programme"), label=_("session")),
        InlinePanel("reports", heading=_("Reports"), label=_("report")),
    ]
    search_fields = Page.search_fields + [index.SearchField("theme")]
    parent_page_types = ["showcase.MeetingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot be before the first.")
        if self.daily_start_time and self.daily_end_time and self.daily_end_time <= self.daily_start_time:
            errors["daily_end_time"] = _("The day must end after it starts.")
        if self.submissions_open_at and self.submissions_close_at and self.submissions_close_at <= self.submissions_open_at:
            errors["submissions_close_at"] = _("The call must close after it opens.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any):
        result = super().save(*args, **kwargs)
        # A change of the meeting's zone moves every session: derive their UTC instants again (saved children
        # derive theirs as they are committed; this catches the ones already stored).
        if self.pk:
            for session in MeetingSession.objects.filter(page_id=self.pk):
                stored = (session.starts_at, session.ends_at)
                session.derive_instants(self.time_zone)
                if (session.starts_at, session.ends_at) != stored:
                    session.save(update_fields=["starts_at", "ends_at"])
        return result

    def joining_url_for(self, user: Any) -> str:
        """The joining link for an approved attendee; empty for anyone else."""
        return self.joining_url if self.joining_url and can_see_attendee_cases(user) else ""

    def ordered_sessions(self) -> list[Any]:
        """The programme in time order (local date and time order: the meeting has one zone)."""
        return sorted(self.sessions.all(), key=lambda s: (s.date, s.start_time, s.sort_order or 0))

    #: What presents the page: ``showcase.meeting_views``, registered at start-up (``ShowcaseConfig.ready``),
    #: so the models import nothing that reads them (DESIGN.md, "Layers").
    views: ClassVar[Any] = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.views.meeting_context(self, request))
        return context

    @path("")
    def meeting_route(self, request):
        """The meeting and its programme, times in the meeting's zone and in the visitor's (``?tz=``, remembered)."""
        return self.views.meeting(self, request)

    @path("calendar/", name="calendar")
    def calendar_route(self, request):
        """The whole programme as iCalendar, one event per session (the joining link for attendees only)."""
        return self.views.programme_calendar(self, request)

    @path("sessions/<int:session_id>/calendar/", name="session_calendar")
    def session_calendar_route(self, request, session_id: int):
        """One session as iCalendar."""
        return self.views.session_calendar(self, request, session_id)


class MeetingReport(Orderable):
    """A report of a past meeting (a Wagtail document, in whatever collection the editor chose)."""

    page = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="reports")
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("document")
    )
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Empty: the document's title."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def display_title(self) -> str:
        return self.title or self.document.title
