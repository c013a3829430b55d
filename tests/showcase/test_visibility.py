"""Attendees-only cases: a view restriction to the Attendees group, hidden from everyone else everywhere."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from showcase.models import UseCasePage
from showcase.visibility import ATTENDEES_GROUP, apply_visibility, visible_pages
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def restriction_groups(case):
    return [
        list(r.groups.values_list("name", flat=True))
        for r in PageViewRestriction.objects.filter(page=case)
    ]


def test_the_attendees_group_exists_after_migrating():
    assert Group.objects.filter(name=ATTENDEES_GROUP).exists()


def test_saving_an_attendees_only_case_restricts_it_and_making_it_public_lifts_it():
    case = factories.use_case(visibility="attendees")
    assert restriction_groups(case) == [[ATTENDEES_GROUP]]
    case.save()
    assert restriction_groups(case) == [[ATTENDEES_GROUP]]  # not duplicated
    case.visibility = "public"
    case.save()
    assert restriction_groups(case) == []


def test_publishing_a_revision_applies_the_visibility():
    case = factories.use_case(via_revision=True)
    assert restriction_groups(case) == []
    case.visibility = "attendees"
    case.save_revision()
    assert restriction_groups(case) == []  # a draft change does not touch the live page
    case.get_latest_revision().publish()
    assert restriction_groups(case) == [[ATTENDEES_GROUP]]


def test_apply_visibility_leaves_other_restrictions_alone():
    case = factories.use_case()
    PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.LOGIN)
    apply_visibility(case)
    assert PageViewRestriction.objects.filter(page=case).count() == 1


def test_anonymous_visitor_is_sent_to_log_in(client):
    case = factories.use_case(visibility="attendees")
    response = client.get(case.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=")
    assert case.url in response["Location"]


def test_an_attendee_reads_the_case(client):
    case = factories.use_case(visibility="attendees")
    client.force_login(factories.attendee())
    response = client.get(case.url)
    assert response.status_code == 200
    assert case.summary in response.content.decode()


def test_a_logged_in_non_attendee_is_told_it_is_for_attendees(client):
    case = factories.use_case(visibility="attendees")
    client.force_login(factories.user())
    response = client.get(case.url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "For registered attendees only" in html
    assert case.summary not in html


def test_listing_hides_restricted_cases_from_everyone_but_attendees(client):
    public = factories.use_case(title="Open case")
    hidden = factories.use_case(title="Attendee case", visibility="attendees")
    assert "Attendee case" not in client.get("/cases/").content.decode()
    client.force_login(factories.user())
    assert "Attendee case" not in client.get("/cases/").content.decode()
    client.force_login(factories.attendee())
    html = client.get("/cases/").content.decode()
    assert "Attendee case" in html and "Open case" in html and "Registered attendees only" in html
    assert public.pk and hidden.pk


def test_visible_to_is_the_same_rule_in_sql():
    factories.use_case(title="public")
    factories.use_case(title="restricted", visibility="attendees")
    titles = lambda user: sorted(UseCasePage.objects.live().visible_to(user).values_list("title", flat=True))  # noqa: E731
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser()) == ["public"]
    assert titles(factories.user()) == ["public"]
    assert titles(factories.attendee()) == ["public", "restricted"]
    assert titles(factories.user(is_superuser=True)) == ["public", "restricted"]


def test_a_restriction_without_the_field_still_hides_the_case():
    case = factories.use_case(title="manually restricted")
    restriction = PageViewRestriction.objects.create(page=case, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get_or_create(name="Somebody else")[0])
    from django.contrib.auth.models import AnonymousUser

    assert not visible_pages(UseCasePage.objects.all(), factories.attendee()).filter(pk=case.pk).exists()
    assert not visible_pages(UseCasePage.objects.all(), AnonymousUser()).filter(pk=case.pk).exists()


def test_a_restricted_catalogue_hides_every_case_below_it():
    from django.contrib.auth.models import AnonymousUser

    factories.use_case()
    PageViewRestriction.objects.create(page=factories.catalogue(), restriction_type=PageViewRestriction.LOGIN)
    assert not UseCasePage.objects.visible_to(AnonymousUser()).exists()
    assert UseCasePage.objects.visible_to(factories.user()).exists()


def test_tag_pages_hide_restricted_cases(client):
    factories.use_case(title="Open tagged", tags=("Shared",))
    factories.use_case(title="Secret tagged", visibility="attendees", tags=("Shared", "Secret only"))
    html = client.get("/cases/tags/shared/").content.decode()
    assert "Open tagged" in html and "Secret tagged" not in html
    assert client.get("/cases/tags/secret-only/").status_code == 404
    client.force_login(factories.attendee())
    assert "Secret tagged" in client.get("/cases/tags/secret-only/").content.decode()


def _group_reads(queries) -> list[str]:
    """Statements reading a person's groups as such (not a subquery of a larger read)."""
    from django.contrib.auth import get_user_model

    tables = {get_user_model().groups.through._meta.db_table, Group._meta.db_table}
    first_table = re.compile(r'^SELECT [^(]*? FROM "([a-z_]+)"')
    return [q["sql"] for q in queries if (found := first_table.match(q["sql"])) and found.group(1) in tables]


def test_a_person_groups_are_read_once_per_request_and_decide_what_they_see(client, django_user_model):
    """The search audience, the attendees-only check and the editors' links all ask; one read answers them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from moderation.setup import EDITORS
    from showcase.visibility import can_see_attendee_cases, group_names

    case = factories.use_case(visibility="attendees")
    public = factories.use_case()
    attendee = factories.attendee()
    client.force_login(attendee)
    # Wagtail's own check of an attendees-only page reads them once more (its ``accept_request``).
    for address, reads in ((public.url, 1), ("/cases/", 1), ("/cases/?q=recognition", 1), (case.url, 2)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        assert len(_group_reads(queries)) == reads, (address, _group_reads(queries))
    assert case.title in client.get("/cases/").content.decode()

    fresh = django_user_model.objects.get(pk=attendee.pk)  # a new request's user object
    assert group_names(fresh) == {ATTENDEES_GROUP} and can_see_attendee_cases(fresh)
    outsider = factories.user()
    assert group_names(outsider) == frozenset() and not can_see_attendee_cases(outsider)
    editor = factories.user(groups=(EDITORS,))
    assert group_names(editor) == {EDITORS} and not can_see_attendee_cases(editor)
