"""What the catalogue page's routes answer: the listing, autocomplete suggestions, tag pages and case numbers.

``CataloguePage`` (``showcase.models``) declares the routes; the answers live here because
they use the search layer, which itself reads the models. ``ShowcaseConfig.ready`` registers
this module as ``CataloguePage.views``, so the import runs one way: views → search → models.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from taggit.models import Tag

from .late_sections import LateSections
from .listing import CatalogueListing, catalogue_listing, paginate
from .pager import Pager
from .models import UseCasePage
from .models.case_numbers import normalise_case_number
from .search import SUGGEST_MAX_LENGTH, clean_prefix, suggest
from .search import Results, SearchRequest
from .search.analytics import start_record
from .search.clicks import click_token


def catalogue(page: Any, request: HttpRequest) -> HttpResponse:
    """The catalogue: full-text search, facets, sorting and pages, all from the query string.

    The search is sent first and answers while the query log is written and the rest of the page
    is rendered (``listing.catalogue_listing``); the parts showing the results are rendered last
    (``late_sections``), where they wait for the answer.
    """
    numbered = _case_numbered(page, request)
    if numbered is not None:
        return HttpResponseRedirect(numbered)
    listing = catalogue_listing(request.GET, request.user, clicks=_query_log, request=request)
    late = LateSections()  # the parts showing the answer, rendered after the rest of the page
    response = page.render(request, context_overrides={"listing": listing, "late_sections": late})
    response.add_post_render_callback(late.fill)
    response.add_post_render_callback(lambda _response: _log_outcome(listing))
    return response


def _case_numbered(page: Any, request: HttpRequest) -> str | None:
    """Where a search for exactly a case number (``AILE-2026-0042``) leads: the case, or None (search as words).

    Someone who types a case number from a citation or a slide wants that case, not a list of text matches
    (the number is in no searched field). A case the visitor may not see goes through the number's own
    address, which asks them to log in without telling the case's address (``case_by_number``); a number
    of no published case is searched as words.
    """
    number = normalise_case_number(request.GET.get("q", ""))
    if number is None or len(request.GET) > 1:
        return None
    case = page.cases_for(request.user).filter(case_number=number).first()
    if case is not None:
        return case.get_url(request)
    if UseCasePage.objects.child_of(page).live().filter(case_number=number).exists():
        return page.get_url(request) + page.reverse_subpage("by_number", args=[number])
    return None


def _log_outcome(listing: CatalogueListing) -> None:
    """The outcome (the result count) is logged even when no card asked for the links' reference."""
    listing.click_token  # noqa: B018 (computed once: logs the outcome)


def _query_log(search: SearchRequest) -> Callable[[Results], str]:
    """Log the search now (the text and filters; nothing about who); its outcome once the results are known."""
    outcome = start_record(search)

    def token(results: Results) -> str:
        logged = outcome(results)
        return click_token(logged) if logged is not None else ""

    return token


def suggestions(page: Any, request: HttpRequest) -> JsonResponse:
    """Autocomplete: ``?q=<prefix>`` → JSON titles and URLs of the cases the visitor may see."""
    prefix = clean_prefix(request.GET.get("q", ""))
    if len(prefix) > SUGGEST_MAX_LENGTH:
        response = JsonResponse(
            {"error": f"The text to complete is limited to {SUGGEST_MAX_LENGTH} characters."}, status=400
        )
    else:
        response = JsonResponse({"query": prefix, "suggestions": suggest(prefix, request.user)})
    # The answer depends on who asks (attendees see more): private, and only briefly.
    patch_cache_control(response, private=True, max_age=30)
    patch_vary_headers(response, ["Cookie"])
    return response


def tag_page(page: Any, request: HttpRequest, tag_slug: str) -> HttpResponse:
    """The visible cases with one free tag; 404 when no visible case has it."""
    tag = Tag.objects.filter(slug=tag_slug).first()
    if tag is None:
        raise Http404("No such tag")
    tagged = page.cases_for(request.user).filter(tags=tag).with_card_data()
    if not tagged.exists():
        # Also hides tags used only on cases this visitor may not see.
        raise Http404("No visible case has this tag")
    results = paginate(tagged, request.GET.get("page"))
    return page.render(
        request,
        template="showcase/tag_page.html",
        context_overrides={"tag": tag, "results": results, "pager": Pager.of(results)},
    )


def case_by_number(page: Any, request: HttpRequest, case_number: str) -> HttpResponse:
    """The case with a permanent number, at its current address; 404 when unknown or not published.

    A temporary redirect (302): the number is permanent, the address it leads to is not.
    A case the visitor may not see is treated as the case page treats it: the visitor is
    asked to log in (and comes back here), without learning the case's address.
    """
    number = normalise_case_number(case_number)
    if number is None:
        raise Http404("Not a case number")
    case = UseCasePage.objects.child_of(page).live().filter(case_number=number).first()
    if case is None:
        raise Http404("No published case has this number")
    if not page.cases_for(request.user).filter(pk=case.pk).exists():
        return redirect_to_login(request.get_full_path())
    return HttpResponseRedirect(case.get_url(request))
