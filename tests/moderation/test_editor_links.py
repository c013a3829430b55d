"""The page editor and the queue lead whoever may act to the review screen; nobody else gets the link."""

from __future__ import annotations

from django.contrib.messages import constants
from django.contrib.messages.storage.session import SessionStorage
from django.test import RequestFactory
from django.urls import reverse

from moderation import editor_links
from moderation.models import Assessment

from .conftest import complete_assessment, current_task_state, staff


def edit_html(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]), follow=True)
    return response.content.decode()


def test_the_editor_leads_the_reviewer_to_the_review_screen(client, marked, reviewer):
    client.force_login(reviewer)
    html = edit_html(client, marked.page)
    url = reverse("moderation:evidence", args=[marked.page.pk])
    assert "Open the review screen" in html and f'href="{url}"' in html
    footer = html[html.index('<footer'):]
    # The footer's main action is the review; its actions lead to their place on the review screen.
    assert footer.index("Review and decide") < footer.index("Save draft")
    assert f'href="{url}#decide-approve"' in footer and f'href="{url}#decide-decline"' in footer
    assert 'data-workflow-action-name="approve"' not in footer  # no blind approval from a modal
    assert not [m for m in marked.markers.values() if m in html]  # the editor itself shows no confidential answer


def test_the_editor_gives_no_link_to_those_who_may_not_act(client, marked, editor):
    colleague = staff("colleague@police.example.org", "Reviewers", organisation=marked.organisation)
    url = reverse("moderation:evidence", args=[marked.page.pk])
    for person in (colleague, editor):
        client.force_login(person)
        html = edit_html(client, marked.page)
        assert url not in html and "Review and decide" not in html
        assert not [m for m in marked.markers.values() if m in html]


def test_the_queue_links_the_review_screen_for_those_who_may_act(client, marked, reviewer, editor):
    url = reverse("moderation:evidence", args=[marked.page.pk])
    client.force_login(reviewer)
    assert f'href="{url}"' in client.get(reverse("moderation:queue")).content.decode()
    client.force_login(editor)  # sees the case waiting in review, but may not act on it yet
    html = client.get(reverse("moderation:queue")).content.decode()
    assert marked.page.title in html and url not in html


def test_a_decision_through_the_editor_ends_on_the_queue_with_its_message(marked, reviewer):
    """Wagtail's edit view ignores on_action's answer; the after-edit hook sends the decider on."""
    task_state = current_task_state(marked.page)
    task_state.task.specific.on_action(task_state, reviewer, "approve", **complete_assessment(task_state))
    request = RequestFactory().post("/admin/pages/1/edit/")
    request.user = reviewer
    request.session = {}
    request._messages = SessionStorage(request)
    request._messages.add(constants.WARNING, "Kept warning")
    request._messages.add(constants.SUCCESS, "Page 'x' has been updated.")
    setattr(request, editor_links.TASK_STATE_ATTRIBUTE, task_state.pk)
    response = editor_links.after_edit(request, marked.page)
    assert response["Location"] == reverse("moderation:decision_made", args=[Assessment.objects.get().pk])
    request._messages.update(response)  # what the messages middleware does with the response
    assert [str(m) for m in SessionStorage(request)] == ["Kept warning"]


def test_other_edits_are_left_alone(marked, reviewer):
    request = RequestFactory().post("/admin/pages/1/edit/")
    request.user = reviewer
    assert editor_links.after_edit(request, marked.page) is None
