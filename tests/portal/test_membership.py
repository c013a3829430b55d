"""Joining an organisation (issue 21, finding 3): free-mail addresses join nobody; a matching domain
makes a request that a confirmed member or an editor confirms; until then, own submissions only."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal import accounts
from portal.models import Organisation, Submission, User
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


# --- The members' page: only a confirmed colleague decides, by POST with a CSRF token -------------


@pytest.fixture
def request_to_join(agency):
    organisation, member, _ = agency
    newcomer = factories.submitter("newcomer@police.example.org", org=organisation, confirmed=False)
    return organisation, member, newcomer


def client_of(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def test_the_page_tells_a_waiting_person_they_wait(request_to_join):
    _, _, newcomer = request_to_join
    page = client_of(newcomer).get(reverse("accounts:colleagues")).content.decode()
    assert "You asked to join Example Police" in page and "Confirm" not in page


@pytest.mark.parametrize("action", ["accounts:confirm_colleague", "accounts:refuse_colleague"])
def test_deciding_needs_a_post_with_a_csrf_token(request_to_join, action):
    _, member, newcomer = request_to_join
    url = reverse(action, args=[newcomer.pk])
    assert client_of(member).get(url).status_code == 405
    assert client_of(member, enforce_csrf_checks=True).post(url).status_code == 403
    assert Client().post(url)["Location"].startswith("/accounts/login/")
    newcomer.refresh_from_db()
    assert newcomer.membership_confirmed_at is None and newcomer.organisation.name == "Example Police"


@pytest.mark.parametrize("action", ["accounts:confirm_colleague", "accounts:refuse_colleague"])
def test_nobody_but_a_confirmed_colleague_decides(request_to_join, action):
    organisation, member, newcomer = request_to_join
    elsewhere = factories.submitter("chief@other.example.org")  # confirmed member of another organisation
    other_pending = factories.submitter("second@police.example.org", org=organisation, confirmed=False)
    unverified = factories.submitter("old@police.example.org", org=organisation, verified=False)
    confirmed_colleague = factories.submitter("colleague@police.example.org", org=organisation)
    for actor, target in (
        (elsewhere, newcomer),
        (newcomer, newcomer),  # themselves
        (other_pending, newcomer),  # another person still waiting
        (unverified, newcomer),  # a member whose address was never verified
        (member, confirmed_colleague),  # already decided
        (member, elsewhere),  # another organisation's member
    ):
        response = client_of(actor).post(reverse(action, args=[target.pk]))
        assert response.status_code == 404, (actor.email, target.email)
    for missing in (0, 2**31, 2**63 - 1):
        assert client_of(member).post(reverse(action, args=[missing])).status_code == 404
    for hostile in ("abc", "-1", "1;DROP TABLE portal_user", "%00"):
        assert client_of(member).post(f"/accounts/colleagues/{hostile}/confirm/").status_code == 404
    newcomer.refresh_from_db()
    confirmed_colleague.refresh_from_db()
    assert newcomer.membership_confirmed_at is None and newcomer.organisation == organisation
    assert confirmed_colleague.organisation == organisation and confirmed_colleague.membership_confirmed_by is None


def test_hostile_names_are_shown_as_text(request_to_join):
    organisation, member, newcomer = request_to_join
    newcomer.first_name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    newcomer.save()
    page = client_of(member).get(reverse("accounts:colleagues")).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_decision_is_in_the_audit_log(request_to_join):
    from wagtail.models import ModelLogEntry

    organisation, member, newcomer = request_to_join
    client_of(member).post(reverse("accounts:confirm_colleague", args=[newcomer.pk]))
    entry = ModelLogEntry.objects.get(action="portal.membership.confirm")
    assert entry.user == member and entry.object_id == str(organisation.pk)
    assert entry.data["member"] == "newcomer@police.example.org"


# --- Editors decide in the Wagtail admin ---------------------------------------------------------


def staff_in(group: str, email: str):
    from django.contrib.auth.models import Group

    from moderation.setup import ensure_groups

    ensure_groups()
    person = factories.user(email, is_staff=True)
    person.groups.add(Group.objects.get(name=group))
    return person


def refused(response) -> bool:
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard (and a message)."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def test_editors_see_the_requests_and_reviewers_do_not(request_to_join):
    editor = staff_in("Editors", "editor@review.example.org")
    reviewer = staff_in("Reviewers", "reviewer@review.example.org")
    page = client_of(editor).get(reverse("memberships:pending"))
    assert page.status_code == 200 and "newcomer@police.example.org" in page.content.decode()
    assert "Membership requests" in client_of(editor).get("/admin/").content.decode()
    assert refused(client_of(reviewer).get(reverse("memberships:pending")))
    assert "Membership requests" not in client_of(reviewer).get("/admin/").content.decode()
    assert refused(client_of(reviewer).post(reverse("memberships:confirm", args=[request_to_join[2].pk])))
    assert not User.objects.get(pk=request_to_join[2].pk).is_confirmed_member


@pytest.mark.parametrize("accept", [True, False])
def test_an_editor_confirms_or_refuses_and_it_is_logged(request_to_join, accept):
    from wagtail.models import ModelLogEntry

    organisation, _, newcomer = request_to_join
    editor = staff_in("Editors", "editor@review.example.org")
    action = "memberships:confirm" if accept else "memberships:refuse"
    assert client_of(editor, enforce_csrf_checks=True).post(reverse(action, args=[newcomer.pk])).status_code == 403
    response = client_of(editor).post(reverse(action, args=[newcomer.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("memberships:pending")
    newcomer.refresh_from_db()
    assert newcomer.is_confirmed_member
    assert (newcomer.organisation == organisation) is accept
    entry = ModelLogEntry.objects.get(action="portal.membership.confirm" if accept else "portal.membership.refuse")
    assert entry.user == editor and entry.object_id == str(organisation.pk)
    history = client_of(factories.user("root@example.org", is_staff=True, is_superuser=True)).get(
        reverse("wagtailadmin_reports:site_history")
    )
    assert "newcomer@police.example.org" in history.content.decode()


# --- Existing data ---------------------------------------------------------------------------------


def test_the_migration_confirms_todays_members_and_disarms_unverified_registrations():
    import importlib

    from django.apps import apps

    organisation = factories.organisation(domain="police.example.org")
    verified = factories.submitter("verified@police.example.org", org=organisation, confirmed=False)
    unverified = factories.submitter("unverified@police.example.org", org=organisation, verified=False, confirmed=False)
    made_by_an_admin = factories.user("attendee@example.org", password="given-by-the-admin-1")
    User.objects.filter(pk=verified.pk).update(email="Verified@Police.Example.ORG")
    step = importlib.import_module("portal.migrations.0005_membership_confirmation").bring_accounts_in_line
    step(apps, None)
    verified.refresh_from_db()
    unverified.refresh_from_db()
    made_by_an_admin.refresh_from_db()
    assert verified.is_confirmed_member and verified.email == "verified@police.example.org"
    assert not unverified.is_confirmed_member and not unverified.has_usable_password()
    assert made_by_an_admin.check_password("given-by-the-admin-1")


def test_the_colleagues_page_runs_under_the_strict_csp(request_to_join):
    from tests.security.test_csp import inline_code

    _, member, newcomer = request_to_join
    for person in (member, newcomer):
        response = client_of(person).get(reverse("accounts:colleagues"))
        assert response.status_code == 200 and inline_code(response.content.decode()) == []
