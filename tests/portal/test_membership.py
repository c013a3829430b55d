"""Joining an organisation (issue 21, finding 3): free-mail addresses join nobody; a matching domain
makes a request that a confirmed member or an editor confirms; until then, own submissions only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal import accounts
from portal.models import Organisation, User
from portal.records import Submission
from showcase.taxonomies import OrganisationType
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

PASSWORD = "a-long-and-unusual-pass-42"
FREE_MAIL = ["yahoo.fr", "hotmail.fr", "gmx.net", "web.de", "mail.ru", "orange.fr", "pm.me", "gmail.com", "mailinator.com"]


def national_police() -> OrganisationType:
    return OrganisationType.objects.get(slug="national-police")


def join_through_the_link(email: str, organisation: str = "Example Police", country: str = "FR") -> tuple[User, Client]:
    """Register, follow the e-mailed link, choose a password: the account as the person ends up with it."""
    visitor = Client()
    mail.outbox.clear()
    visitor.post(
        reverse("accounts:register"),
        {
            "name": email.split("@")[0].title(),
            "email": email,
            "organisation_name": organisation,
            "organisation_type": str(national_police().pk),
            "country": country,
            "website": "",
        },
    )
    link = re.search(r"http://testserver(/accounts/verify/[^/\s]+/)", mail.outbox[0].body).group(1)
    response = visitor.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return User.objects.get(email=email), visitor


# --- Free-mail domains --------------------------------------------------------------------------


@pytest.mark.parametrize("domain", FREE_MAIL)
def test_two_strangers_on_a_free_mail_domain_never_share_an_organisation(domain):
    first = accounts.organisation_for("Example Police", national_police(), "FR", f"first@{domain}")
    second = accounts.organisation_for("Example Police", national_police(), "FR", f"second@{domain}")
    assert first != second
    assert first.email_domain == "" and second.email_domain == ""


@pytest.mark.parametrize("address", ["x@yahoo.fr", "x@mail.yahoo.fr", "x@GMX.NET"])
def test_free_mail_is_recognised_with_subdomains_and_any_case(address):
    assert accounts.is_free_mail(address)


def test_an_agency_domain_is_not_free_mail():
    assert not accounts.is_free_mail("officer@police.example.org")
    assert not accounts.is_free_mail("officer@interpol.int")


def test_a_free_mail_stranger_gets_no_colleague_submission():
    owner, _ = join_through_the_link("owner@yahoo.fr")
    theirs = factories.complete_submission(owner)
    stranger, stranger_client = join_through_the_link("stranger@yahoo.fr")
    assert stranger.organisation != owner.organisation
    assert stranger_client.get(reverse("submissions:detail", args=[theirs.pk])).status_code == 404
    assert theirs.page.title not in stranger_client.get(reverse("submissions:list")).content.decode()


# --- A matching agency domain: a request, confirmed by a member ----------------------------------


@pytest.fixture
def agency():
    organisation = factories.organisation("Example Police", domain="police.example.org")
    member = factories.submitter("member@police.example.org", org=organisation)
    return organisation, member, factories.complete_submission(member)


def test_a_newcomer_with_the_agency_domain_waits_and_sees_only_their_own(agency):
    organisation, member, theirs = agency
    newcomer, newcomer_client = join_through_the_link("newcomer@police.example.org")
    assert newcomer.organisation == organisation and not newcomer.is_confirmed_member
    assert newcomer_client.get(reverse("submissions:detail", args=[theirs.pk])).status_code == 404
    listing = newcomer_client.get(reverse("submissions:list")).content.decode()
    assert theirs.page.title not in listing
    # Their own work is theirs from the start.
    own = factories.complete_submission(newcomer)
    assert newcomer_client.get(reverse("submissions:detail", args=[own.pk])).status_code == 200


def test_the_members_are_told_and_one_confirms(agency):
    organisation, member, theirs = agency
    newcomer, newcomer_client = join_through_the_link("newcomer@police.example.org")
    (request_mail,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "newcomer@police.example.org" in request_mail.body and "/accounts/colleagues/" in request_mail.body

    member_client = Client()
    member_client.force_login(member)
    page = member_client.get(reverse("accounts:colleagues")).content.decode()
    assert "newcomer@police.example.org" in page and "Confirm" in page and "Refuse" in page
    response = member_client.post(reverse("accounts:confirm_colleague", args=[newcomer.pk]))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_confirmed_member and newcomer.membership_confirmed_by == member
    assert newcomer_client.get(reverse("submissions:detail", args=[theirs.pk])).status_code == 200
    assert any(m.to == [newcomer.email] for m in mail.outbox), "the newcomer is told"


def test_a_refused_newcomer_gets_an_organisation_of_their_own(agency):
    organisation, member, theirs = agency
    newcomer, newcomer_client = join_through_the_link("newcomer@police.example.org")
    own = factories.complete_submission(newcomer)
    member_client = Client()
    member_client.force_login(member)
    member_client.post(reverse("accounts:refuse_colleague", args=[newcomer.pk]))
    newcomer.refresh_from_db()
    assert newcomer.organisation != organisation and newcomer.is_confirmed_member
    assert newcomer.organisation.email_domain == "", "nobody joins the new one by matching text"
    assert Submission.objects.get(pk=own.pk).organisation == newcomer.organisation
    assert member_client.get(reverse("submissions:detail", args=[own.pk])).status_code == 404
    assert newcomer_client.get(reverse("submissions:detail", args=[theirs.pk])).status_code == 404


def test_the_first_person_of_an_organisation_is_its_confirmed_member():
    founder, _ = join_through_the_link("chief@newagency.example.org", organisation="New Agency")
    assert founder.is_confirmed_member and founder.organisation.email_domain == "newagency.example.org"
