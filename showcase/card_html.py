"""The result cards' and facets' HTML, built in Python: they are rendered after Elasticsearch's answer, on the
catalogue page's critical path, where a template loop over 20 cards and a few hundred facet values took most of
the page's rendering time (issue 20.1). Every value goes through ``_h`` (escaped) or is already a SafeString.
"""

from __future__ import annotations

import html
from functools import lru_cache
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.formats import date_format, get_format, number_format
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from .search.clicks import PARAMETER as CLICK_PARAMETER
from .search.results import FacetResult, Hit


def _h(value: Any) -> str:
    """``format_html``'s escaping without its per-call cost: SafeStrings as they are, everything else escaped.

    The result cards and facets are most of the page's rendering time; ``django.utils.html.escape``
    is ``html.escape`` behind a lazy-string wrapper that costs more than the escaping itself.
    """
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))


def _h_known(text: str) -> str:
    """``_h`` of a facet's key, value or label, remembered (``_escape_known``)."""
    return str(text) if isinstance(text, SafeData) else _escape_known(text)


@lru_cache(maxsize=20_000)
def _escape_known(text: str) -> str:
    """Facet keys, values and labels escaped once: a page shows about two hundred, from a small known set
    (taxonomies, countries, tags, years; a value that does not exist is never among them)."""
    return html.escape(text)


#: The facts of a card, by what they show (in the active language and time zone): a case's card
#: looks the same on every page that lists it, and formatting its date is most of a card's time.
#: Keyed by the values themselves, so nothing here can outlive a change; cleared when full.
_facts_made: dict[tuple[Any, ...], str] = {}
MAX_FACTS_REMEMBERED = 20_000


def _card_facts(hit: Hit, labels: dict[str, str], where: tuple[str, str]) -> str:
    """``where``: the active language and time zone (read once for the page of cards)."""
    key = (
        *where, hit.case_number, hit.organisation, tuple(hit.countries), hit.stage, tuple(hit.categories), hit.published,
    )  # fmt: skip
    made = _facts_made.get(key)
    if made is None:
        if len(_facts_made) >= MAX_FACTS_REMEMBERED:
            _facts_made.clear()
        made = _facts_made[key] = _make_card_facts(hit, labels)
    return made


def _where() -> tuple[str, str]:
    return get_language(), timezone.get_current_timezone_name()


def _make_card_facts(hit: Hit, labels: dict[str, str]) -> str:
    facts = [
        f'<dt>{labels["number"]}</dt><dd class="case-number">{_h(hit.case_number or "—")}</dd>',
        f"<dt>{labels['org']}</dt><dd>{_h(capfirst(hit.organisation))}</dd>",
        f"<dt>{labels['countries']}</dt><dd>{_h(', '.join(hit.countries))}</dd>",
    ]
    if hit.stage:
        facts.append(f"<dt>{labels['stage']}</dt><dd>{_h(hit.stage)}</dd>")
    facts.append(f"<dt>{labels['categories']}</dt><dd>{_h('; '.join(hit.categories))}</dd>")
    if hit.published:
        published = timezone.localtime(hit.published) if timezone.is_aware(hit.published) else hit.published
        facts.append(
            f'<dt>{labels["published"]}</dt><dd><time datetime="{published.strftime("%Y-%m-%d")}">'
            f"{_h(date_format(published, 'j F Y'))}</time></dd>"
        )
    return "".join(facts)


def _link(url: str, click_parameter: str) -> str:
    """``click_parameter``: the encoded ``CLICK_PARAMETER=token`` (encoded once for the page of cards), or ""."""
    if not click_parameter:
        return url
    return f"{url}{'&' if '?' in url else '?'}{click_parameter}"


def hit_card_html(
    hit: Hit, labels: dict[str, str], click_parameter: str = "", where: tuple[str, str] | None = None
) -> SafeString:
    """One result card; ``labels`` are already escaped (``hit_cards_html``); ``where``: language and time zone;
    ``click_parameter``: the search's signed reference as the link's parameter, encoded once for the page of cards."""
    language = _h(hit.content_language)
    image = hit.image_html  # escaped when made (``search.card_images``)
    snippets = ""
    if hit.highlights:
        fragments = "".join(f'<li lang="{language}">… {_h(fragment)}</li>' for fragment in hit.highlights)
        snippets = f'<ul class="case-card__snippets" aria-label="{labels["snippets"]}">{fragments}</ul>'
    badge = f'<p class="badge">{labels["attendees"]}</p>' if hit.attendees_only else ""
    return mark_safe(  # noqa: S308 - every value went through _h() or is an escaped label / img tag
        '<li class="case-card">\n<article>\n'
        f'<h3 class="case-card__title"><a href="{_h(_link(hit.url, click_parameter))}" lang="{language}">'
        f"{_h(hit.title_html or hit.title)}</a></h3>\n{image}\n"
        f'<p class="case-card__summary" lang="{language}">{_h(hit.summary_html or hit.summary)}</p>\n{snippets}\n'
        f'<dl class="case-card__facts">{_card_facts(hit, labels, where or _where())}</dl>\n{badge}\n</article>\n</li>'
    )


def hit_cards_html(hits: list[Hit], click_token: str = "") -> SafeString:
    labels = {
        key: _h(label)
        for key, label in {
            "number": gettext("Case number"),
            "org": gettext("Organisation"),
            "countries": gettext("Countries"),
            "stage": gettext("Stage"),
            "categories": gettext("Use categories"),
            "published": gettext("Published"),
            "attendees": gettext("Registered attendees only"),
            "snippets": gettext("Where your words appear"),
        }.items()
    }
    where = _where()
    click_parameter = urlencode({CLICK_PARAMETER: click_token}) if click_token else ""
    cards = "\n".join(hit_card_html(hit, labels, click_parameter, where) for hit in hits)
    return mark_safe(f'<ol class="case-list">\n{cards}\n</ol>')  # noqa: S308 - built from escaped cards


CHECKED = SafeString(" checked")


def count_writer() -> Callable[[int], str]:
    """How the active language writes a count of cases: "90,056" (en), "90 056" (fr, es: a no-break space),
    "90056" where Django's locale groups no digits (ar). Asked once per page: a page shows a few hundred counts,
    and Django's ``number_format`` reads three formats for each."""
    grouping = get_format("NUMBER_GROUPING")
    if grouping == 3:
        separator = get_format("THOUSAND_SEPARATOR")
        return lambda count: str(count) if count < 1000 else f"{count:,}".replace(",", separator)
    if not grouping:
        return str
    return lambda count: number_format(count, force_grouping=True)


def facet_groups_html(facets: Iterable[FacetResult]) -> SafeString:
    """The facet groups: one fieldset per facet with values, a labelled checkbox and a count each.

    A page can show a few hundred values (countries, tags). Every value and label goes through ``_h`` (escaped).
    """
    groups = []
    written = count_writer()
    for facet in facets:
        if not facet.values:
            continue
        key = _h_known(facet.key)
        items = "\n".join(
            f'<li><label><input type="checkbox" form="catalogue-search" name="{key}" value="{_h_known(value.value)}"'
            f'{CHECKED if value.selected else ""}> {_h_known(value.label)} '
            f'<span class="facet__count">({_h(written(value.count))})</span></label></li>'
            for value in facet.values
        )
        groups.append(
            f'<fieldset class="facet">\n<legend>{_h(facet.label)}</legend>\n<ul class="facet__values">\n{items}\n</ul>\n</fieldset>'
        )
    return mark_safe("\n".join(groups))  # noqa: S308 - every value above went through _h()
