"""The wizard's taxonomy lists are remembered per catalogue stamp (issue 20.4, ``showcase.taxonomy_choices``):
every change an editor makes to a value shows on the next step page, and an answer is still checked
against the database."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from showcase.models.catalogue_stamp import bump_stamp
from showcase.taxonomies import UseCategory
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

OPTION = re.compile(r'<input type="checkbox" name="use_categories" value="(\d+)"[^>]*><label for="[^"]+">([^<]*)</label>')


def offered(client, item) -> list[tuple[int, str]]:
    """The use categories the step page offers, in order: (id, label)."""
    page = client.get(reverse("submit:step", args=[item.pk, "use-case"]))
    assert page.status_code == 200
    return [(int(pk), label) for pk, label in OPTION.findall(page.content.decode())]


@pytest.fixture
def signed_in(client):
    item = factories.draft_submission()
    client.force_login(item.submitter)
    return client, item


def test_the_second_page_reads_no_taxonomy_and_shows_the_same_lists(signed_in):
    client, item = signed_in
    first = offered(client, item)
    assert len(first) == UseCategory.objects.filter(active=True).count() > 3
    with CaptureQueriesContext(connection) as queries:
        assert offered(client, item) == first
    assert not [q for q in queries if 'FROM "showcase_usecategory"' in q["sql"]]  # the memo is in use


def test_a_renamed_value_shows_its_new_name_at_once(signed_in):
    client, item = signed_in
    offered(client, item)
    value = UseCategory.objects.filter(active=True).first()
    value.name = "Renamed by an editor"
    value.save()
    assert (value.pk, "Renamed by an editor") in offered(client, item)


def test_a_value_renamed_by_another_worker_shows_once_the_stamp_moved(signed_in):
    """In another gunicorn worker the rename's signals drop that worker's memo only: here the stamp alone tells."""
    client, item = signed_in
    value_pk, label = offered(client, item)[0]
    UseCategory.objects.filter(pk=value_pk).update(name="Renamed in another worker")  # no signal in this process
    assert offered(client, item)[0] == (value_pk, label)  # the stamp has not moved: this process keeps its list
    bump_stamp()  # what the other worker's save did in its transaction (showcase.stamp_signals)
    assert offered(client, item)[0] == (value_pk, "Renamed in another worker")


def test_a_new_a_retired_and_a_deleted_value_show_at_once(signed_in):
    client, item = signed_in
    before = dict(offered(client, item))
    new = UseCategory.objects.create(name="A brand new category", slug="brand-new", sort_order=999)
    assert offered(client, item)[-1] == (new.pk, "A brand new category")
    retired = UseCategory.objects.filter(active=True).exclude(pk=new.pk).first()
    retired.active = False
    retired.save()
    assert retired.pk not in dict(offered(client, item))
    new.delete()
    assert set(dict(offered(client, item))) == set(before) - {retired.pk}


def test_a_value_moved_by_the_editors_moves_in_the_list(signed_in):
    client, item = signed_in
    first, *rest = offered(client, item)
    moved = UseCategory.objects.get(pk=first[0])
    moved.sort_order = max(UseCategory.objects.values_list("sort_order", flat=True)) + 1
    moved.save(update_fields=["sort_order"])  # as Wagtail's drag-to-reorder saves the moved value
    assert offered(client, item) == [*rest, first]


def test_a_retired_value_stays_offered_only_to_the_draft_that_has_it(client, signed_in):
    _client, item = signed_in
    value = UseCategory.objects.filter(active=True).first()
    client.force_login(item.submitter)
    url = reverse("submit:step", args=[item.pk, "use-case"])
    assert client.post(url, {"action": "later", "use_categories": [str(value.pk)]}).status_code == 302
    value.active = False
    value.save()
    assert value.pk in dict(offered(client, item))
    other = factories.draft_submission()
    client.force_login(other.submitter)
    assert value.pk not in dict(offered(client, other))


def test_an_answer_retired_since_the_list_was_read_is_refused(signed_in):
    client, item = signed_in
    value = UseCategory.objects.filter(active=True).first()
    assert value.pk in dict(offered(client, item))
    UseCategory.objects.filter(pk=value.pk).update(active=False)  # even a change that moves no stamp
    url = reverse("submit:step", args=[item.pk, "use-case"])
    answer = client.post(url, {**factories.step_data("use-case"), "use_categories": [str(value.pk)], "action": "continue"})
    assert answer.status_code == 200 and "use_categories" in answer.context["form"].errors
