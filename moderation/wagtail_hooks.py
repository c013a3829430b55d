"""Admin registration: the criteria snippet, the moderation queue (menu, URLs, dashboard panel), audit actions.

https://docs.wagtail.org/en/stable/reference/hooks.html
"""

from __future__ import annotations

from django.contrib import messages as django_messages
from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from laces.components import Component
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from showcase.models import UseCasePage

from . import editor_links, review_views, views
from .models import Criterion
from .queue import is_moderator, queue_counts
from .red_flag_answers import flags_for
from .workflow_states import active_workflow_state


class CriterionViewSet(SnippetViewSet):
    model = Criterion
    icon = "list-ol"
    menu_label = _("Review criteria")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["code", "principle", "question", "active"]
    list_filter = ["principle", "active"]
    search_fields = ["question"]
    sort_order_field = "sort_order"


register_snippet(CriterionViewSet)


moderation_urls = [
    path("", views.queue, name="queue"),
    path("claim/<int:page_id>/", views.claim, name="claim"),
    path("release/<int:page_id>/", views.release, name="release"),
    path("decided/<int:task_state_id>/", views.already_decided, name="already_decided"),
    path("review/<int:page_id>/", review_views.evidence, name="evidence"),
    path("decision/<int:assessment_id>/", review_views.decision_made, name="decision_made"),
]


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [path("moderation/", include((moderation_urls, "moderation"), namespace="moderation"))]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(_("Moderation queue"), reverse("moderation:queue"), icon_name="tasks", order=250)


class QueuePanel(Component):
    """Dashboard counts for reviewers and editors."""

    name = "moderation_queue"
    template_name = "moderation/dashboard_panel.html"
    order = 90

    def __init__(self, counts):
        self.counts = counts

    def get_context_data(self, parent_context=None):
        return {"counts": self.counts, "queue_url": reverse("moderation:queue")}


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    if is_moderator(request.user):
        panels.append(QueuePanel(queue_counts(request.user)))


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for action, label, message in (
        ("moderation.claim", _("Claim for review"), _("Claimed for review")),
        ("moderation.release", _("Release claim"), _("Released the review claim")),
        ("moderation.rate", _("Rate criteria"), _("Rated the responsible-use criteria")),
        ("moderation.override", _("Override red flag"), _("Overrode a red flag with a written justification")),
        ("moderation.approve", _("Approve review"), _("Approved the responsible-use review")),
        ("moderation.request_changes", _("Request changes"), _("Requested changes from the submitter")),
        ("moderation.decline", _("Decline"), _("Declined the case")),
        ("moderation.withhold", _("Withhold"), _("Withheld the case from publication")),
        ("moderation.sign_off", _("Sign off"), _("Signed off the review")),
        ("moderation.publish", _("Publish after review"), _("Published after review and sign-off")),
        (review_views.VIEW_EVIDENCE, _("Open the evidence"),
         _("Opened every answer of the submission, confidential ones included, to decide on the case")),
        (review_views.VIEW_EVIDENCE_SUPPORT, _("Open the evidence for support"),
         _("Opened every answer of the submission, confidential ones included, for support (administrator)")),
    ):
        actions.register_action(action, label, message)


@hooks.register("before_edit_page")
def show_red_flags_in_the_editor(request, page):
    """Reviewers and editors opening a case in review see its red flags first, above the editor."""
    if request.method != "GET" or not isinstance(page.specific_deferred, UseCasePage) or not is_moderator(request.user):
        return None
    if active_workflow_state(page) is None:
        return None
    flags = flags_for(page.specific)
    if flags:
        django_messages.warning(
            request,
            format_html(
                "{} <ul>{}</ul>",
                _("Red flags in this case's answers:"),
                format_html_join("", "<li>{}</li>", ((str(f.message),) for f in flags)),
            ),
        )
    return None


@hooks.register("before_edit_page")
def announce_the_review_screen(request, page):
    editor_links.announce_review_screen(request, page)
    editor_links.remember_task_state(request, page)


@hooks.register("construct_page_action_menu")
def review_actions_lead_to_the_review_screen(menu_items, request, context):
    editor_links.point_footer_to_review_screen(menu_items, request, context)


@hooks.register("after_edit_page")
def after_a_decision_in_the_editor(request, page):
    return editor_links.after_edit(request, page)


@hooks.register("register_admin_viewset")
def register_problem_report_viewset():
    from .problem_report_admin import ProblemReportViewSet

    return ProblemReportViewSet("problem_reports")


@hooks.register("register_log_actions")
def register_problem_report_log_actions(actions):
    actions.register_action("moderation.problem_reported", _("Report a problem"), _("Problem reported"))
    actions.register_action("moderation.problem_outcome", _("Problem report outcome"), _("Problem report handled"))
