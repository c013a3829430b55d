"""Admin registration for the catalogue: the taxonomy snippets in one menu, and the attendees-only notice.

https://docs.wagtail.org/en/stable/topics/snippets/customising.html#snippetviewsetgroup
"""

from __future__ import annotations

from django.contrib import messages
from django.templatetags.static import static
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import UseCasePage
from .taxonomies import TAXONOMY_MODELS, OrganisationType, Region, Taxonomy


def taxonomy_viewset(taxonomy: type[Taxonomy]) -> type[SnippetViewSet]:
    columns = ["name", "slug", "active"]
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
                if restriction.restriction_type == restriction.GROUPS and not restriction.accept_request(request):
                    response = TemplateResponse(
                        request, "showcase/attendees_only.html", {"page": page}, status=403
                    )
                    add_never_cache_headers(response)
                    return response
        return serve(page, request, serve_args, serve_kwargs)

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
