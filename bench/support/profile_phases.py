"""Where a cold catalogue page's wall time goes, phase by phase (issue 20.1), without a profiler's distortion.

    .venv/bin/python -m bench.support.profile_phases --cases 10000            # build (once) and time
    .venv/bin/python -m bench.support.profile_phases --cases 10000 --only text

Uses ``profile_catalogue``'s kept database and index (``aishowcase_profile_<cases>``). Wraps the
functions a catalogue request passes through with wall-clock timers (inclusive time, summed per
request) and prints each phase's median milliseconds per request over the benchmark's queries
(``bench/search.py``'s ``QUERIES``), the results cache off (cold). Phases overlap where one calls
another; the table says which contains which. ``ES wait`` is ``Transport.perform_request``: the
round trip, with the request's JSON encoding and the answer's decoding, of a search sent through the client;
``ES answer read`` the page's own search, sent early (``early_send``) and read here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from contextlib import ExitStack
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

_spent: dict[str, float] = defaultdict(float)
_depth: dict[str, int] = defaultdict(int)


#: perf_counter() of the moments that split a request: its start, the search sent, its answer back, its end.
_marks: dict[str, float] = {}


def _mark_around(owner: Any, name: str, before: str, after: str) -> None:
    original = getattr(owner, name)

    def marked(*args: Any, **kwargs: Any) -> Any:
        _marks.setdefault(before, time.perf_counter())  # the first round trip of the request
        try:
            return original(*args, **kwargs)
        finally:
            _marks.setdefault(after, time.perf_counter())

    setattr(owner, name, marked)


def _wrap(owner: Any, name: str, label: str) -> None:
    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    is_property = isinstance(original, property)
    is_cached = isinstance(original, cached_property)
    function = original.fget if is_property else original.func if is_cached else original

    def timed(*args: Any, **kwargs: Any) -> Any:
        _depth[label] += 1
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _depth[label] -= 1
            if not _depth[label]:  # recursion / nesting of the same phase counts once
                _spent[label] += time.perf_counter() - started

    if is_cached:
        wrapped = cached_property(timed)
        wrapped.__set_name__(owner, name)
        setattr(owner, name, wrapped)
    else:
        setattr(owner, name, property(timed) if is_property else timed)


#: (label, importable owner, attribute): the phases, outermost first. A missing attribute is skipped.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("handler (middleware + view)", "django.core.handlers.base:BaseHandler", "get_response"),
    ("view: wagtail serve (routing + restrictions + page view)", "wagtail.views", "serve"),
    ("  routing (route_for_request)", "wagtail.models:Page", "route_for_request"),
    ("  catalogue view", "showcase.catalogue_views", "catalogue"),
    ("    listing (search + chips)", "showcase.catalogue_views", "catalogue_listing"),
    ("      send the search (start_search)", "showcase.listing", "start_search"),
    ("    results (waited for, made into cards and facets)", "showcase.listing:CatalogueListing", "results"),
    ("      build ES request (FacetedSearch)", "showcase.search.elastic", "build"),
    ("      request bodies (to_dict)", "showcase.search.elastic", "request_bodies"),
    ("      query expansion (thesaurus)", "showcase.search.elastic", "expand"),
    ("      ES wait (perform_request)", "elastic_transport:Transport", "perform_request"),
    ("      ES answer read (early_send.Pending.answer)", "showcase.search.early_send:Pending", "answer"),
    ("      hits -> cards (hit_from_response)", "showcase.search.elastic", "hit_from_response"),
    ("      card images (attach_images)", "showcase.search.elastic", "attach_images"),
    ("      facet labels (facet_results)", "showcase.search.cards", "facet_results"),
    ("    query log (before the answer)", "showcase.catalogue_views", "start_record"),
    ("      promotions (before the answer)", "showcase.search", "promotions_for"),
    ("    page.render (builds the TemplateResponse)", "wagtail.contrib.routable_page.models:RoutablePageMixin", "render"),
    ("  template rendering (TemplateResponse.render)", "django.template.response:SimpleTemplateResponse", "render"),
    ("    get_context", "wagtail.models:Page", "get_context"),
    ("    cards HTML (hits_html)", "showcase.listing:CatalogueListing", "hits_html"),
    ("    facets HTML (facets_html)", "showcase.listing:CatalogueListing", "facets_html"),
)


def install() -> list[str]:
    import importlib

    labels = []
    for label, where, attribute in PHASES:
        module_name, _, owner_name = where.partition(":")
        owner: Any = importlib.import_module(module_name)
        for part in filter(None, owner_name.split(".")):
            owner = getattr(owner, part)
        raw = owner.__dict__.get(attribute) if isinstance(owner, type) else getattr(owner, attribute, None)
        if raw is None:
            continue
        _wrap(owner, attribute, label)
        labels.append(label)
    return labels


def _sql_timer(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        _spent["SQL (all statements)"] += time.perf_counter() - started
        _spent["SQL statements"] += 1000 ** -1  # shown × 1000 below: a count


def measure(repeat: int, only: str) -> None:
    from django.db import connection
    from django.test import Client

    from bench.search import QUERIES, bare_runner

    from elastic_transport import Transport

    labels = install() + ["SQL (all statements)", "SQL statements"]
    from django.template.response import SimpleTemplateResponse

    from showcase.search.early_send import Pending

    _mark_around(Pending, "__init__", "sent", "sending done")  # the page's search (sent early, read later)
    _mark_around(Pending, "answer", "reading", "answered")
    _mark_around(Transport, "perform_request", "sent", "answered")  # a search sent through the client
    _mark_around(SimpleTemplateResponse, "render", "rendering", "rendered")
    try:
        from showcase.listing import CatalogueListing

        results = CatalogueListing.__dict__["results"]
        _mark_around(results, "func", "results wanted", "results ready")
    except (ImportError, KeyError):  # before the listing waited for its results
        pass
    split: dict[str, list[float]] = defaultdict(list)
    client = Client()
    per_label: dict[str, list[float]] = defaultdict(list)
    totals: list[float] = []
    bare: list[float] = []
    for query in QUERIES:
        if only and only not in query.kind:
            continue
        url = "/cases/?" + urlencode(query.params(), doseq=True)
        run_bare = bare_runner(query)
        client.get(url)  # warm-up
        run_bare()
        for _ in range(repeat):
            _spent.clear()
            _marks.clear()
            started = time.perf_counter()
            with connection.execute_wrapper(_sql_timer):
                response = client.get(url)
            ended = time.perf_counter()
            totals.append((ended - started) * 1000)
            sent, answered = _marks.get("sent", started), _marks.get("answered", ended)
            split["before the search is sent"].append((sent - started) * 1000)
            split["search sent → first answer back"].append((answered - sent) * 1000)
            split["first answer back → response complete"].append((ended - answered) * 1000)
            ready, rendered = _marks.get("results ready", answered), _marks.get("rendered", ended)
            split["  answer back → results made (cards, facets, chips)"].append((max(ready, answered) - answered) * 1000)
            split["  results made → template rendered"].append((rendered - max(ready, answered)) * 1000)
            split["  template rendered → response complete (middleware)"].append((ended - rendered) * 1000)
            split["template started → answer back (overlap)"].append(max(0.0, answered - _marks.get("rendering", answered)) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            for label in labels:
                per_label[label].append(_spent.get(label, 0.0) * 1000)
            started = time.perf_counter()
            run_bare()
            bare.append((time.perf_counter() - started) * 1000)
    print(f"{len(totals)} requests; medians per request (ms), each phase inclusive of those indented under it")
    page, alone = statistics.median(totals), statistics.median(bare)
    print(f"{'client.get (everything)':62} {page:7.2f}  (p95 {sorted(totals)[int(len(totals) * .95)]:.2f})")
    print(f"{'bare msearch, same queries, interleaved':62} {alone:7.2f}  (page / bare {page / alone:.2f} ×)")
    for label, values in split.items():
        print(f"{label[:62]:62} {statistics.median(values):7.2f}  (mean {statistics.mean(values):.2f})")
    print()
    for label in labels:
        print(f"{label[:62]:62} {statistics.median(per_label[label]):7.2f}  (mean {statistics.mean(per_label[label]):.2f})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="only the queries whose kind contains this (text, facets, deep…)")
    args = parser.parse_args(argv)
    from bench.search import services, setup_django
    from bench.support.profile_catalogue import build, database

    with ExitStack() as stack:
        server_url, es_url = services(stack)
        url, existed = database(server_url, f"aishowcase_profile_{args.cases}")
        setup_django(url, es_url, f"profile-{args.cases}")
        if not existed:
            build(args.cases)
        from django.conf import settings

        settings.CATALOGUE_RESULTS_CACHE = False
        measure(args.repeat, args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
