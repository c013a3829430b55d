"""Admin registration for the catalogue: taxonomy snippets, the attendees-only notice, and what keeps cases safe.

The page hooks at the end are the second line behind ``showcase.page_permissions``:
other people's private drafts never reach the page chooser; cases and the
catalogue are deleted, moved, copied (and bulk-published) only by superusers;
and nobody, superusers included, deletes a page a submission refers to (they
get a message, not a database error). The support view of unsubmitted drafts
(``showcase.draft_support``) and its audit-log action are registered here too.

https://docs.wagtail.org/en/stable/topics/snippets/customising.html#snippetviewsetgroup
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.templatetags.static import static
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.text import capfirst
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.log_actions import LogFormatter
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import http_cache
from .models import CataloguePage, ThesaurusEntry, UseCasePage
from .page_permissions import private_drafts_for
from .search.clicks import PARAMETER as CLICK_PARAMETER
from .search.clicks import record_open
from .taxonomies import TAXONOMY_MODELS, OrganisationType, Region, Taxonomy
from .visibility import group_restriction_admits


def taxonomy_viewset(taxonomy: type[Taxonomy]) -> type[SnippetViewSet]:
    # A tick or a cross (and their labels for screen readers), not Python's "True"/"False".
    columns: list[Any] = ["name", "slug", BooleanColumn(
        "active", label=capfirst(taxonomy._meta.get_field("active").verbose_name), sort_key="active")]
    if taxonomy is OrganisationType:
        columns.insert(1, "anonymised_label")
    if taxonomy is Region:
        columns.insert(1, "m49_code")
    return type(
        f"{taxonomy.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": taxonomy,
            "list_display": columns,
            "list_filter": ["active"],
            "search_fields": ["name"],
            "add_to_admin_menu": False,
        },
    )


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomies")
    menu_icon = "tag"
    menu_order = 300
    items = [taxonomy_viewset(model) for model in TAXONOMY_MODELS]


register_snippet(TaxonomyGroup)


class ThesaurusViewSet(SnippetViewSet):
    """The search thesaurus: editors add, reword and retire synonyms; the next search applies them."""

    model = ThesaurusEntry
    icon = "search"
    menu_label = _("Search thesaurus")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["terms", "expands_to", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["terms", "expands_to"]


register_snippet(ThesaurusViewSet)


@hooks.register("on_serve_page", order=-10)
def explain_attendees_only_to_logged_in_users(serve):
    """A logged-in visitor who is not an attendee gets a clear "attendees only" page (403).

    Wagtail's own check (which runs inside this one) sends every visitor who
    fails a group restriction to the login form; that is right for anonymous
    visitors, but for someone already logged in it is a confusing loop.
    """

    def inner(page, request, serve_args, serve_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and isinstance(page.specific_deferred, UseCasePage):
            for restriction in page.get_view_restrictions():
                refused = restriction.restriction_type == restriction.GROUPS and not group_restriction_admits(
                    restriction, user
                )
                if refused:
                    response = TemplateResponse(
                        request, "showcase/attendees_only.html", {"page": page}, status=403
                    )
                    add_never_cache_headers(response)
                    return response
        return serve(page, request, serve_args, serve_kwargs)

    return inner


@hooks.register("on_serve_page", order=10)
def cache_public_pages_for_anonymous_readers(serve):
    """ETag, 304 and ``Cache-Control: public`` for the catalogue and case pages (``showcase.http_cache``).

    Runs inside Wagtail's view-restriction check (order 0), so a refused visitor never gets here. A page
    under a restriction that this visitor passed (a password) is marked never-cache by that check on the
    way out, before rendering, and the decision taken at rendering then keeps it private; a 304 needs an
    ETag of the current stamp, and adding the restriction bumped it.
    """

    def inner(page, request, serve_args, serve_kwargs):
        if not issubclass(page.specific_class or Page, (CataloguePage, UseCasePage)):
            return serve(page, request, serve_args, serve_kwargs)
        return http_cache.answer(request, lambda: serve(page, request, serve_args, serve_kwargs))

    return inner


@hooks.register("before_edit_page")
def refuse_saves_over_a_newer_version(request, page):
    """A plain save from an editor page opened before a newer version was saved is refused, not silent.

    Wagtail checks ``loaded_revision_id`` for its autosave (JSON) requests only; the
    submitter saves answers from the portal as new revisions (showcase.drafts), so an
    editor's stale form would otherwise replace them without a word.
    """
    if request.method != "POST" or "application/json" in request.headers.get("Accept", ""):
        return None
    loaded = request.POST.get("loaded_revision_id", "")
    latest = page.get_latest_revision()
    if not loaded or latest is None or str(latest.pk) == loaded or request.POST.get("overwrite_revision_id"):
        return None
    messages.error(
        request,
        _("This case was changed after you opened it, so your changes were not saved. "
          "Reload the page to see the newer version, then make your changes again."),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("insert_global_admin_css")
def wrap_long_words_in_the_admin():
    """Long unbroken words that submitters typed wrap in the admin too (showcase/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("showcase/css/admin.css"))
# --- Private drafts, cases that are never destroyed (showcase.page_permissions) ---------------------------


@hooks.register("construct_page_chooser_queryset")
def leave_private_drafts_out_of_the_chooser(pages, request):
    """The page chooser lists and searches pages without asking the permission policy: leave them out here."""
    return pages.exclude(pk__in=private_drafts_for(request.user).values("pk"))


def _refuse(request, message: str, next_url: str = ""):
    messages.error(request, message)
    return redirect(next_url or "wagtailadmin_home")


def _holds_cases(page) -> bool:
    """A case, the catalogue, or any page above it: what only superusers may delete, move or copy."""
    return isinstance(page.specific_deferred, (UseCasePage, CataloguePage)) or (
        UseCasePage.objects.descendant_of(page).exists()
    )


def _kept_by(pages) -> list[str]:
    """What refers to these pages (or their descendants) and stops their deletion, e.g. ["submission"]."""
    collector = Collector(using=DEFAULT_DB_ALIAS)
    paths = Q()
    for page in pages:
        paths |= Q(path__startswith=page.path)
    try:
        collector.collect(Page.objects.filter(paths))
    except (ProtectedError, RestrictedError) as error:
        found = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        return sorted({str(obj._meta.verbose_name) for obj in found})
    return []


def _only_superusers(request, page, message: str):
    if request.user.is_superuser or not _holds_cases(page):
        return None
    return _refuse(request, message % {"title": page.get_admin_display_title()})


def _refuse_deletion_of_referenced(request, pages, next_url: str = ""):
    records = _kept_by(pages)
    if not records:
        return None
    return _refuse(
        request,
        _("Nothing was deleted: a %(records)s refers to it. A submitted case is kept; withdraw, decline or "
          "unpublish it instead.") % {"records": ", ".join(records)},
        next_url,
    )


@hooks.register("before_delete_page")
def keep_cases_on_delete(request, page):
    """Defence in depth behind the permission tester; also stops superusers where a submission refers to a page."""
    refused = _only_superusers(
        request, page, _("Only administrators may delete cases and the catalogue: “%(title)s” is kept.")
    )
    return refused or _refuse_deletion_of_referenced(
        request, [page], reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    )


@hooks.register("before_move_page")
def keep_cases_on_move(request, page, destination):
    return _only_superusers(
        request, page, _("Only administrators may move cases and the catalogue: “%(title)s” stays where it is.")
    )


@hooks.register("before_copy_page")
def keep_cases_on_copy(request, page):
    return _only_superusers(request, page, _("Only administrators may copy cases and the catalogue."))


@hooks.register("before_bulk_action")
def keep_cases_in_bulk_actions(request, action_type, objects, action_class_instance):
    if action_type not in ("delete", "move", "publish", "unpublish"):
        return None
    pages = [obj for obj in objects if isinstance(obj, Page)]
    if not pages:  # a bulk action on snippets, images, users…
        return None
    next_url = getattr(action_class_instance, "next_url", "")
    if not request.user.is_superuser and any(_holds_cases(page) for page in pages):
        message = _("Only administrators may delete, move, publish or unpublish cases in bulk.")
        return _refuse(request, message, next_url)
    if action_type == "delete":
        return _refuse_deletion_of_referenced(request, pages, next_url)
    return None


@hooks.register("register_admin_urls")
def register_draft_support_urls():
    from . import draft_support

    urls = [
        path("", draft_support.draft_list, name="list"),
        # ``draft_id``, not ``page_id``: showcase.admin_guard answers 404 to any URL naming a private draft by page_id.
        path("<int:draft_id>/", draft_support.open_draft, name="open"),
    ]
    return [path("case-drafts/", include((urls, "case_drafts"), namespace="case_drafts"))]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_draft_support_menu_item():
    return SuperuserMenuItem(_("Unsubmitted drafts"), reverse("case_drafts:list"), icon_name="lock", order=900)


@hooks.register("register_log_actions")
def register_showcase_log_actions(actions):
    @actions.register_action("showcase.support_view_draft")
    class SupportViewDraft(LogFormatter):
        label = _("Open an unsubmitted draft for support")

        def format_message(self, log_entry):
            return _("Opened the unsubmitted draft for support: %(reason)s") % {
                "reason": (log_entry.data or {}).get("reason", "")
            }


@hooks.register("register_log_actions")
def register_revalidation_log_actions(actions):
    """Re-validation of published cases (showcase.revalidation)."""
    actions.register_action("showcase.review_due", _("Set the review-due date"), _("Review-due date set"))
    actions.register_action("showcase.confirm_accurate", _("Confirm still accurate"), _("Confirmed still accurate"))
    actions.register_action("showcase.retire", _("Mark retired"), _("Marked retired"))


@hooks.register("register_admin_urls")
def register_revalidation_urls():
    from .revalidation_admin import due_list

    return [path("revalidation-due/", due_list, name="revalidation_due")]


@hooks.register("register_reports_menu_item")
def register_revalidation_menu_item():
    return MenuItem(_("Due for re-validation"), reverse("revalidation_due"), icon_name="calendar", order=910)


@hooks.register("before_serve_page")
def count_opened_search_result(page, request, serve_args, serve_kwargs):
    """A case opened from the catalogue's results (``?from=``): count it, then show the case at its own address.

    Counted only when the visitor may see the case (Wagtail checks its view
    restrictions in its own hook, which may run after this one). Any ``from``
    value, genuine or not, is dropped by the redirect, so the case page never
    varies with it (``showcase.search.clicks``).
    """
    if CLICK_PARAMETER not in request.GET or not isinstance(page, UseCasePage):
        return None
    if all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        record_open(request.GET.get(CLICK_PARAMETER, ""))
    rest = request.GET.copy()
    rest.pop(CLICK_PARAMETER)
    # "//host/…" or "/\\host/…" in the path would make the redirect leave the site: one leading slash only.
    path = "/" + request.path.lstrip("/\\")
    response = redirect(f"{path}?{rest.urlencode()}" if rest else path)
    add_never_cache_headers(response)
    return response


@hooks.register("register_admin_urls")
def register_search_report_urls():
    from .search_report import SearchReportView

    return [
        path("catalogue-searches/", SearchReportView.as_view(), name="catalogue_search_report"),
        path("catalogue-searches/results/", SearchReportView.as_view(results_only=True),
             name="catalogue_search_report_results"),
    ]


class SearchLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("showcase.view_queryoutcome")


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchLogMenuItem(_("Catalogue searches"), reverse("catalogue_search_report"), icon_name="search", order=920)
