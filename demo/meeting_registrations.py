"""Demo registrations for the demo meeting: one waiting, one approved, one declined, and a pre-approved list.

Idempotent (people by e-mail, registrations by meeting and person). Needs a
meeting page (the demo meeting, ``showcase``'s part of seed_demo); without one
it does nothing. Registrants other than the demo attendee have no password:
they exist to be vetted by the demo organiser, not to log in.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from portal.meetings.organisers import ensure_organisers_group
from portal.models import MeetingInvitation, MeetingRegistration, RegistrationStatus, User
from showcase.meetings import current_meeting
from showcase.models import MeetingPage
from showcase.taxonomies import OrganisationType

#: (e-mail, name, role, organisation, country, status, reason)
REGISTRANTS = (
    ("amira.haddad@police.example.org", "Amira Haddad", "Head of the cybercrime unit", "Demo National Police",
     "TN", RegistrationStatus.PENDING, ""),
    ("lucas.moreau@gendarmerie.example.org", "Lucas Moreau", "Data protection officer", "Demo Gendarmerie",
     "FR", RegistrationStatus.PENDING, ""),
    ("attendee@example.org", "Demo Attendee", "Intelligence analyst", "Demo Federal Police",
     "BR", RegistrationStatus.APPROVED, "Known partner agency."),
    ("sales@vendor.example.com", "Sam Seller", "Account manager", "Demo AI Vendor Ltd",
     "GB", RegistrationStatus.DECLINED, "The meeting is for law-enforcement agencies and their oversight bodies."),
)
INVITED = (("kim.lee@police.example.org", "Kim Lee", "Demo Metropolitan Police"),)


def _person(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=name, email_verified_at=timezone.now())
        user.set_unusable_password()
        user.save()
    return user


def seed_demo_registrations(organiser: Any) -> int:
    """The registrations above for the current (or latest) meeting; returns how many were created."""
    ensure_organisers_group()
    meeting = current_meeting() or MeetingPage.objects.order_by("-start_date").first()
    if meeting is None:
        return 0
    organisation_type = OrganisationType.objects.order_by("pk").first()
    created = 0
    for email, name, role, organisation, country, status, reason in REGISTRANTS:
        decided = status != RegistrationStatus.PENDING
        _registration, made = MeetingRegistration.objects.get_or_create(
            meeting=meeting, user=_person(email, name),
            defaults={"role": role, "organisation": organisation, "organisation_type": organisation_type,
                      "country": country, "status": status, "decision_reason": reason,
                      "decided_by": organiser if decided else None, "decided_at": timezone.now() if decided else None},
        )
        created += made
    for email, name, organisation in INVITED:
        MeetingInvitation.objects.get_or_create(meeting=meeting, email=email,
                                                defaults={"name": name, "organisation": organisation})
    return created
