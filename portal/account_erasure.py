"""A person deletes their account (issue 18, docs/PRIVACY.md "Deleting your account").

The user row stays, anonymised, because published cases (``Submission.submitter``
is PROTECT) and the audit log (Wagtail's log entries keep ``user_id``) refer to
it; ``User.get_full_name`` then reads "Deleted account", so the trail stays
readable ("Deleted account submitted this case") without naming anyone.

What happens to the person's things:

* drafts never submitted: deleted, with their private draft page;
* submitted but not published (in review, changes requested, declined,
  withdrawn, or sent back to draft after a review): withdrawn if still open,
  then their answers erased as the retention job does (``portal.retention``),
  leaving the minimal record of the decision;
* published or approved-to-publish cases: kept, live, attributed to the
  organisation; only the contact details (the person's own) are erased;
* saved searches and their alerts (``portal.alerts``) and the record of what they sent,
  meeting registrations and invitations, two-factor devices, group
  memberships, sessions and e-mails to the person: deleted;
* the person's e-mail address and name in the outbox and audit-log texts:
  replaced by "deleted account".

Staff (anyone who must use two-factor sign-in) cannot delete themselves: the
review trail needs their account; an administrator handles it.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from showcase import drafts
from showcase.models import UseCaseImage

from . import retention, submission as services
from .models import AlertDelivery, MeetingInvitation, MeetingRegistration, OutboxEmail, SavedSearch, Status, Submission
from .status import WITHDRAWABLE
from .two_factor import devices

ERASED = "portal.account_erased"
PLACEHOLDER = "deleted account"
#: Published, or approved and waiting for its go-live time: publication needs them.
KEPT = frozenset({Status.PUBLISHED, Status.SCHEDULED})
#: A published case's answers that are the person's own details, not the case's.
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")


def may_erase(user: Any) -> bool:
    """Not staff: reviewers, editors, organisers and administrators keep their account for the review trail."""
    return not devices.is_required(user)


def _submissions(user: Any) -> None:
    for item in Submission.objects.filter(submitter=user).select_related("page").order_by("pk"):
        if item.status in KEPT:
            Submission.objects.filter(pk=item.pk).update(contact_name="", contact_email="", contact_phone="")
        elif item.status == Status.DRAFT and item.submitted_at is None:
            _delete_draft(item)
        else:
            if item.status in WITHDRAWABLE:
                try:
                    services.withdraw(item, user)
                except services.SubmissionError:  # its status changed a moment ago: erase all the same
                    pass
            retention.erase_answers(item)


def _delete_draft(item: Submission) -> None:
    """A draft never submitted: the record, its private page and the pictures only it used."""
    page = item.page
    image_ids = [part.image_id for part in drafts.draft_images(page)] if page is not None else []
    item.delete()
    if page is not None:
        page.delete()
    used = UseCaseImage.objects.filter(image_id__in=image_ids).values("image_id")
    get_image_model().objects.filter(pk__in=image_ids).exclude(pk__in=used).delete()


def _end_sessions(user: Any) -> int:
    """Delete the person's sessions on the server (their old cookies then sign no one in)."""
    ended = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def _redact(text: str, needles: list[str]) -> str:
    for needle in needles:
        text = text.replace(needle, PLACEHOLDER)
    return text


def _scrub_texts(user: Any, email: str, name: str) -> None:
    """The person's address and name out of the outbox and the audit log's texts (labels and data)."""
    needles = [email] + ([name] if len(name) >= 3 else [])
    OutboxEmail.objects.filter(to__iexact=email).delete()
    mentions = Q()
    for needle in needles:
        mentions |= Q(subject__icontains=needle) | Q(body_text__icontains=needle) | Q(body_html__icontains=needle)
    for mail in OutboxEmail.objects.filter(mentions):
        mail.subject, mail.body_text, mail.body_html = (
            _redact(mail.subject, needles), _redact(mail.body_text, needles), _redact(mail.body_html, needles)
        )
        mail.save(update_fields=["subject", "body_text", "body_html"])
    for model in (ModelLogEntry, PageLogEntry):
        for entry in model.objects.all().iterator():
            text = json.dumps(entry.data, ensure_ascii=False, default=str)
            if any(n in entry.label or n in text for n in needles):
                model.objects.filter(pk=entry.pk).update(
                    label=_redact(entry.label, needles), data=json.loads(_redact(text, needles))
                )


def _anonymise(user: Any) -> None:
    user.email = f"deleted-{secrets.token_hex(8)}@account.invalid"
    user.first_name = user.last_name = ""
    user.language = ""
    user.organisation = None
    user.membership_confirmed_at = user.email_verified_at = user.last_login = None
    user.is_active = False
    user.erased_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def erase_account(user: Any) -> None:
    """Erase the person's personal data as the module docstring says (refuses staff)."""
    if not may_erase(user):
        raise PermissionError("Staff accounts are erased by an administrator.")
    email, name = user.email, user.get_full_name().strip()
    _submissions(user)
    MeetingRegistration.objects.filter(user=user).delete()
    SavedSearch.objects.filter(user=user).delete()
    AlertDelivery.objects.filter(user=user).delete()
    MeetingInvitation.objects.filter(email__iexact=email).delete()
    devices.remove_all(user)
    _end_sessions(user)
    UserProfile.objects.filter(user=user).delete()
    _scrub_texts(user, email, name)
    _anonymise(user)
    log(instance=user, action=ERASED, user=user, data={})
