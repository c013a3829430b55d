"""Who sees and changes a submission: 404 for anyone else (anonymous included), colleagues read but never edit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portal import submission as services
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


@pytest.fixture
def item():
    return factories.complete_submission(image_count=1)


def urls(item):
    image_id = item.page.specific.images.first().image_id
    return [
        ("get", reverse("submissions:detail", args=[item.pk])),
        ("get", reverse("submissions:submitted", args=[item.pk])),
        ("get", reverse("submissions:withdraw", args=[item.pk])),
        ("post", reverse("submissions:withdraw", args=[item.pk])),
        ("get", reverse("submit:step", args=[item.pk, "use-case"])),
        ("post", reverse("submit:step", args=[item.pk, "use-case"])),
        ("get", reverse("submit:step", args=[item.pk, "check"])),
        ("post", reverse("submit:step", args=[item.pk, "check"])),
        ("post", reverse("submit:remove_image", args=[item.pk, image_id])),
    ]


def test_anonymous_visitors_get_404(client, item):
    for method, url in urls(item):
        response = getattr(client, method)(url)
        if "/submit/" in url:
            # The wizard asks to log in first (and then answers 404 to a stranger, below).
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
        else:
            assert response.status_code == 404, url


def test_other_submitters_get_404(client, item):
    client.force_login(factories.submitter())  # another organisation
    for method, url in urls(item):
        assert getattr(client, method)(url).status_code == 404, (method, url)
    assert b"PUBLIC-title" not in client.get(reverse("submissions:list")).content
    item.refresh_from_db()
    assert item.status == "draft" and item.withdrawn_at is None


def test_a_colleague_reads_but_cannot_edit(client, item):
    colleague = factories.submitter(org=item.organisation)
    client.force_login(colleague)
    listing = client.get(reverse("submissions:list")).content.decode()
    assert "Submissions by colleagues" in listing and "PUBLIC-title Licence plates" in listing
    detail = client.get(reverse("submissions:detail", args=[item.pk]))
    assert detail.status_code == 200 and b"read only" in detail.content
    assert b"Change your answers" not in detail.content and b">Withdraw<" not in detail.content
    # Editing sends the colleague to the read-only page; posting changes nothing.
    response = client.post(reverse("submit:step", args=[item.pk, "use-case"]), factories.step_data("use-case", title="Hijacked"))
    assert response.status_code == 302 and response["Location"] == reverse("submissions:detail", args=[item.pk])
    assert drafts_title(item) == "PUBLIC-title Licence plates at the border"
    assert client.post(reverse("submit:step", args=[item.pk, "check"])).status_code == 302
    assert client.post(reverse("submissions:withdraw", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.status == "draft" and item.withdrawn_at is None
    assert not services.can_edit(colleague, item) and not services.can_withdraw(colleague, item)


def test_an_unverified_colleague_sees_nothing(client, item):
    colleague = factories.submitter(org=item.organisation, verified=False)
    client.force_login(colleague)
    assert client.get(reverse("submissions:detail", args=[item.pk])).status_code == 404


def test_staff_without_a_submission_get_404_too(client, item):
    client.force_login(factories.user(groups=("Editors",), is_staff=True))
    assert client.get(reverse("submissions:detail", args=[item.pk])).status_code == 404


def drafts_title(item):
    from showcase import drafts

    return drafts.draft_of(item.page).title
