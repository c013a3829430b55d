"""The portal's models, one module per concern; Django and readers find them all here.

- ``users``: ``User`` (the e-mail address is the login) and its manager;
- ``organisations``: ``Organisation``, whose confirmed members read each other's submissions;
- ``email_addresses``: the one normal form of an address, and the fields that apply it;
- ``submissions``: ``Submission`` (the confidential record of a case), ``StatusChange``
  (the history its submitter sees) and ``Status``; ``answer_choices``: the choices of its answers;
- ``outbox``: ``OutboxEmail``, every e-mail to a submitter, stored before it is sent;
- ``call_window``: ``CallWindow``, the call for submissions (a Wagtail site setting), and ``window_for``;
- ``meeting_registrations``: ``MeetingRegistration`` (a person's request to attend a meeting, and
  the organisers' decision) and ``MeetingInvitation`` (a pre-approved participant);
- ``ratelimit``: ``RateLimitCounter`` and the attempt limits on logging in and registering;
- ``alerts``: ``SavedSearch`` (a person's catalogue search with e-mail alerts) and ``AlertDelivery``;
- ``scheduled_jobs``: ``ScheduledJobRun``, the last run and the claim of each periodic job (``portal.scheduler``).

Migrations refer to ``portal.models.<name>`` (fields, managers, choices): those names stay exported.
"""

from .alerts import AlertDelivery, Frequency, SavedSearch
from .call_window import CallWindow
from .email_addresses import (
    CaseInsensitiveEmailField,
    NormalisedEmailFormField,
    normalise_email,
    validate_email_characters,
)
from .meeting_registrations import MeetingInvitation, MeetingRegistration, RegistrationStatus
from .organisations import Organisation
from .outbox import OutboxEmail
from .ratelimit import RateLimitCounter
from .scheduled_jobs import ScheduledJobRun
from .submissions import Status, StatusChange, Submission
from .users import User, UserManager, interface_languages

__all__ = [
    "AlertDelivery",
    "Frequency",
    "SavedSearch",
    "CallWindow",
    "CaseInsensitiveEmailField",
    "MeetingInvitation",
    "MeetingRegistration",
    "NormalisedEmailFormField",
    "Organisation",
    "OutboxEmail",
    "RateLimitCounter",
    "RegistrationStatus",
    "ScheduledJobRun",
    "Status",
    "StatusChange",
    "Submission",
    "User",
    "UserManager",
    "interface_languages",
    "normalise_email",
    "validate_email_characters",
]
