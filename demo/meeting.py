"""The demo meeting: a five-day virtual meeting, 14:00–18:00 Europe/Vienna, with a programme and spotlighted cases.

Dates are relative to the day it is seeded (it opens on the Monday four weeks on), so the
home page shows an open call and registration. Idempotent: a meeting with the demo slug is
kept as it is. Europe/Vienna stands for the organisers' zone (CET/CEST, the same rules as
Lyon and Turin, where INTERPOL and UNICRI sit).
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone
from wagtail.models import Site

from showcase.models import MeetingIndexPage, MeetingPage, MeetingSession, UseCasePage
from showcase.visibility import ATTENDEES

SLUG = "global-meeting-ai-law-enforcement"
ZONE = "Europe/Vienna"
#: One theme a day; each day has two sessions with a break at 16:00.
DAYS = (
    ("Opening: the state of AI in policing", "Lessons from deployments"),
    ("Evidence and the courts", "Spotlight: digital forensics"),
    ("Surveillance, safeguards and the public", "Spotlight: licence plates and video analytics"),
    ("Data protection by design", "Spotlight: language and triage tools"),
    ("International cooperation", "Closing: the road ahead"),
)
SPEAKERS = (
    {"name": "Dr Amina Diallo", "role": "Head of Innovation", "organisation": "Demo National Police"},
    {"name": "Inspector Lukas Berger", "role": "Digital Forensics Lead", "organisation": "Demo Federal Criminal Office"},
    {"name": "Prof. Mei Tan", "role": "Researcher", "organisation": "Demo Institute of Technology"},
)


def meeting_index() -> MeetingIndexPage:
    index = MeetingIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = MeetingIndexPage(title="Meetings", slug="meetings")
        home.add_child(instance=index)
    return index


def next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _sessions(first_day: date) -> list[MeetingSession]:
    sessions = []
    for number, (early, late) in enumerate(DAYS):
        day = first_day + timedelta(days=number)
        for half, (title, begins, ends) in enumerate(((early, time(14), time(16)), (late, time(16, 15), time(18)))):
            speakers = [("speaker", SPEAKERS[(number + half) % len(SPEAKERS)])]
            sessions.append(MeetingSession(
                title=title, description=f"Day {number + 1}: presentations, then questions from the participants.",
                date=day, start_time=begins, end_time=ends, speakers=speakers, sort_order=len(sessions),
            ))
    return sessions


def spotlight(meeting: MeetingPage) -> int:
    """Spotlight two live demo cases in each "Spotlight" session, one of them attendees-only where there is one."""
    cases = list(UseCasePage.objects.live().exclude(slug__startswith="generated-").order_by("path"))
    restricted = [case for case in cases if case.visibility == ATTENDEES]
    public = [case for case in cases if case.visibility != ATTENDEES]
    count = 0
    for number, session in enumerate(meeting.sessions.filter(title__startswith="Spotlight").order_by("starts_at")):
        chosen = public[2 * number : 2 * number + 1] + restricted[number : number + 1]
        session.spotlight_cases.set(chosen)
        session.save()
        count += len(chosen)
    return count


def seed_demo_meeting(today: date | None = None) -> tuple[MeetingPage, bool]:
    """(the demo meeting, whether it was created now)."""
    existing = MeetingPage.objects.filter(slug=SLUG).first()
    if existing is not None:
        return existing, False
    now = timezone.now()
    first_day = next_monday((today or now.date()) + timedelta(days=21))
    meeting = MeetingPage(
        title="Global Meeting on AI for Law Enforcement",
        slug=SLUG,
        theme="Spotlighting innovative and responsible uses of AI in law enforcement",
        start_date=first_day,
        end_date=first_day + timedelta(days=len(DAYS) - 1),
        daily_start_time=time(14),
        daily_end_time=time(18),
        time_zone=ZONE,
        format="online",
        platform_or_venue="Online (video conference)",
        joining_url="https://meet.example.org/demo-global-meeting",
        organisers="INTERPOL and UNICRI (demo)",
        registration_deadline=now + timedelta(days=14),
        submissions_open_at=now - timedelta(days=30),
        submissions_close_at=now + timedelta(days=10),
        search_description="The demo meeting: five afternoons of sessions on AI in law enforcement.",
    )
    meeting.sessions = _sessions(first_day)
    meeting_index().add_child(instance=meeting)
    meeting.save_revision().publish()
    spotlight(meeting)
    return meeting, True
