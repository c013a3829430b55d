"""At the admin's door: an admin URL that names somebody else's private draft answers 404.

The permission tester and policy (``showcase.page_permissions``) refuse every
action and hide the draft from every listing, but some admin views name a page
without asking either — the page chooser's header and its "chosen" answer, the
confirmation pages of bulk actions (they list the titles of the pages you may
not touch) — and a refusal (403, "no permission") would still tell staff that
the draft exists. This middleware answers those URLs as if the page did not
exist, before any view runs, for every member of staff (administrators read
drafts only through ``showcase.draft_support``).

It looks at the page ids an admin URL carries: the URL arguments Wagtail's page
views use, and the ``id`` query parameters of bulk actions and of the chooser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.defaults import page_not_found

from .page_permissions import private_drafts_for

#: URL arguments that hold a page id in Wagtail's admin (and in the moderation queue's claim/release).
PAGE_ID_ARGUMENTS = ("page_id", "page_to_move_id", "parent_page_id", "destination_id")
#: Admin URL names whose ``id`` query parameters are page ids.
PAGE_IDS_IN_QUERY = {"wagtail_bulk_action", "wagtailadmin_choose_page_chosen_multiple"}
#: Namespaces whose ``pk`` argument is a page id (revision comparison, the admin API's pages endpoint).
PAGE_PK_NAMESPACES = ("wagtailadmin_pages", "wagtailadmin_api")


def named_page_ids(request: HttpRequest, view_kwargs: dict[str, Any]) -> set[int]:
    """The ids of pages an admin request names."""
    match = request.resolver_match
    values = [view_kwargs.get(name) for name in PAGE_ID_ARGUMENTS]
    if "pk" in view_kwargs and any(space in match.namespaces for space in PAGE_PK_NAMESPACES):
        values.append(view_kwargs["pk"])
    if match.view_name in PAGE_IDS_IN_QUERY:
        values += request.GET.getlist("id")
    return {int(value) for value in values if value is not None and str(value).isdigit()}


class PrivateDraftAdminMiddleware:
    """404 for any admin URL naming a private draft of somebody else (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: dict[str, Any]):
        if request.resolver_match is None or not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        user = getattr(request, "user", None)
        # Everyone else is sent to log in by the admin itself, draft or not.
        if user is None or not user.is_authenticated or not user.has_perm("wagtailadmin.access_admin"):
            return None
        ids = named_page_ids(request, view_kwargs)
        if ids and private_drafts_for(user).filter(pk__in=ids).exists():
            return page_not_found(request, None, template_name="wagtailadmin/404.html")
        return None
