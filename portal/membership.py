"""Who belongs to which organisation: joining, and the confirmation that opens colleagues' submissions.

Membership grants read access to the organisation's submissions, so it is
never claimed by typing: a new account

- founds a new organisation (and is its first, confirmed member) unless the
  name (ignoring case), the country and the e-mail domain all match an
  existing one, and the domain is not a free or throwaway provider's
  (``portal.free_mail``);
- otherwise *asks* to join it: the confirmed members are e-mailed, and one of
  them (``/accounts/colleagues/``) or an editor (Wagtail admin → Membership
  requests) confirms or refuses. Until then the person sees only their own
  submissions (``portal.submission.visible_submissions``).

A refused person gets an organisation of their own (same name, no domain, so
nobody joins it by matching text) and takes their submissions with them.
Every decision is written to Wagtail's audit log on the organisation.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.log_actions import log

from .free_mail import is_free_mail_domain
from .models import Organisation, Submission, User

CONFIRMED = "portal.membership.confirm"
REFUSED = "portal.membership.refuse"
EDITOR_PERMISSION = "portal.confirm_membership"


def email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].lower() if "@" in email else ""


def is_free_mail(email: str) -> bool:
    return is_free_mail_domain(email_domain(email))


def matching_organisation(name: str, country: str, email: str) -> Organisation | None:
    """The existing organisation this address may ask to join, if any."""
    domain = email_domain(email)
    if not domain or is_free_mail_domain(domain):
        return None
    return (
        Organisation.objects.filter(name__iexact=name.strip(), country=country, email_domain=domain)
        .order_by("pk")
        .first()
    )


def organisation_for(name: str, organisation_type: Any, country: str, email: str) -> Organisation:
    """The organisation a new account belongs to: a matching one (see above), else a new one."""
    existing = matching_organisation(name, country, email)
    if existing is not None:
        return existing
    domain = email_domain(email)
    return Organisation.objects.create(
        name=name.strip(),
        organisation_type=organisation_type,
        country=country,
        email_domain="" if is_free_mail_domain(domain) else domain,
    )


def confirmed_members(organisation_id: int | None) -> QuerySet[User]:
    """Who may read the organisation's submissions and confirm newcomers."""
    return User.objects.filter(
        organisation_id=organisation_id,
        membership_confirmed_at__isnull=False,
        email_verified_at__isnull=False,
        is_active=True,
    )


def settle(user: User) -> bool:
    """Confirm ``user`` as the founder when nobody else belongs to their organisation; True when they must wait.

    Call once the person has proved their address (account creation, or an
    old unverified account taken back through the e-mailed link).
    """
    if user.organisation_id is None or user.membership_confirmed_at is not None:
        return False
    others = User.objects.filter(organisation_id=user.organisation_id).exclude(pk=user.pk)
    if others.exists():
        return True
    user.membership_confirmed_at = timezone.now()
    user.save(update_fields=["membership_confirmed_at"])
    return False


def pending_requests(organisation_id: int | None = None) -> QuerySet[User]:
    """People waiting for confirmation (verified addresses only), oldest first."""
    queryset = User.objects.filter(
        organisation__isnull=False, membership_confirmed_at__isnull=True, email_verified_at__isnull=False, is_active=True
    )
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    return queryset.select_related("organisation").order_by("date_joined", "pk")


def may_decide(actor: Any, member: User) -> bool:
    """An editor, or a confirmed colleague (never the person themselves), for a pending request."""
    if not getattr(actor, "is_authenticated", False) or actor.pk == member.pk:
        return False
    if member.organisation_id is None or member.membership_confirmed_at is not None:
        return False
    if actor.has_perm(EDITOR_PERMISSION):
        return True
    return (
        actor.organisation_id == member.organisation_id
        and actor.is_confirmed_member
        and actor.email_verified
        and actor.is_active
    )


@transaction.atomic
def confirm(member: User, actor: User) -> None:
    organisation = member.organisation
    member.membership_confirmed_at = timezone.now()
    member.membership_confirmed_by = actor
    member.save(update_fields=["membership_confirmed_at", "membership_confirmed_by"])
    log(instance=organisation, action=CONFIRMED, user=actor, data={"member": member.email, "member_id": member.pk})


@transaction.atomic
def refuse(member: User, actor: User) -> Organisation:
    """Move ``member`` (and their submissions) to an organisation of their own; returns it."""
    former = member.organisation
    own = Organisation.objects.create(
        name=former.name, organisation_type=former.organisation_type, country=former.country, email_domain=""
    )
    member.organisation = own
    member.membership_confirmed_at = timezone.now()
    member.membership_confirmed_by = None
    member.save(update_fields=["organisation", "membership_confirmed_at", "membership_confirmed_by"])
    Submission.objects.filter(submitter=member, organisation=former).update(organisation=own)
    log(instance=former, action=REFUSED, user=actor, data={"member": member.email, "member_id": member.pk})
    return own
