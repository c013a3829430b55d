"""The order `make test` hands tests to its pytest-xdist workers: the longest work first, so neither waits alone at the end.

tools/run_tests.py runs the workers with ``--dist loadgroup --no-loadscope-reorder``: xdist then hands out
*units* one at a time, in collection order, to whichever worker has (almost) nothing left, so the run ends
with both workers busy as long as the last units are short. ``order_for_workers`` (called from
tests/conftest.py) makes the units and puts the long ones first:

- a unit is a test module's tests of one kind (pytest-django's kinds: database tests in a transaction,
  transactional tests, tests without a database), so a module's module-scoped data is built once, by one
  worker. Tests in ``SPLIT`` are units of their own (the big matrices, parametrised by role: both workers
  share them, each building the module's data once);
- units are ordered by their expected seconds (``SECONDS`` where known, ``DEFAULT_SECONDS`` per test
  otherwise), longest first, and pytest-django then puts the kinds in its order (it sorts stably after this
  hook): the transactional tests, which flush every table, still run after every test that needs the
  migrated rows, on each worker.

Outside ``--dist loadgroup`` (a plain ``pytest``, ``-p no:xdist``) only the order changes.
Refresh ``SECONDS`` from the "slowest durations" of a `make test` on an idle machine (setup + call).
"""

from __future__ import annotations

import pytest

#: Expected seconds of the slow tests (node id, or its start for parametrised ones: the time of each case).
SECONDS = {
    # One case (role) each, idle machine: the walks of the eight roles differ (a submitter may read least).
    "tests/security/test_state_changing_matrix.py::test_what_a_role_may_not_read_it_may_not_write": 10,
    "tests/security/test_state_changing_matrix.py::test_no_state_changing_request_without_a_csrf_token": 4,
    "tests/security/test_permission_matrix.py::test_permission_matrix": 5,
    "tests/security/test_page_action_matrix.py::test_every_page_action_posted_by_every_role": 3,
    # Whole modules (their one slow test, or the data they build once), from the CI run of 2026-12-06 18:20.
    "tests/showcase/api/test_export_memory.py": 63,
    "tests/operations/test_restore_drill.py": 49,
    "tests/security/test_load_short.py": 38,
    "tests/browser/test_evidence_closed.py": 40,
    "tests/bench/test_search_short.py": 15,
    "tests/showcase/search/test_relevance.py": 25,
    "tests/demo/test_seed_demo.py": 20,
    "tests/browser/test_text_overflow.py": 20,
    "tests/browser/test_accessibility.py": 17,
    "tests/browser/test_review_journey.py": 26,
    "tests/browser/test_keyboard.py": 12,
    "tests/browser/test_meeting_registration_journey.py": 10,
    "tests/browser/test_case_update_journey.py": 10,
    "tests/security/test_submission_states.py": 12,
    "tests/showcase/search/test_catalogue_page.py": 10,
    "tests/showcase/test_catalogue_listing.py": 10,
}
#: What a test not in SECONDS is expected to take (the suite's median is well under this; the mean is near it).
DEFAULT_SECONDS = 0.4
#: Tests that form a unit each, whatever their module (they are long and parametrised to be shared).
SPLIT = (
    "tests/security/test_state_changing_matrix.py::test_what_a_role_may_not_read_it_may_not_write",
    "tests/security/test_state_changing_matrix.py::test_no_state_changing_request_without_a_csrf_token",
    "tests/security/test_permission_matrix.py::test_permission_matrix",
    "tests/security/test_page_action_matrix.py::test_every_page_action_posted_by_every_role",
)


def django_kind(item: pytest.Item) -> int:
    """pytest-django's order: 0 database tests in a transaction, 1 transactional ones, 2 no database."""
    from django.test import TestCase, TransactionTestCase

    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return 0 if issubclass(cls, TestCase) else 1
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    if transactional or "transactional_db" in fixtures or "live_server" in fixtures:
        return 1
    return 0 if marker or "db" in fixtures else 2


def expected_seconds(nodeid: str) -> float:
    known = [seconds for start, seconds in SECONDS.items() if nodeid.startswith(start) and "::" in start]
    return known[0] if known else DEFAULT_SECONDS


def module_seconds(module: str) -> float:
    return SECONDS.get(module, 0.0)


def unit_of(item: pytest.Item) -> str:
    if item.nodeid.startswith(SPLIT):
        return item.nodeid
    return f"{item.nodeid.split('::', 1)[0]}:{django_kind(item)}"


def units_in_order(items: list[pytest.Item]) -> tuple[list[str], dict[str, list[pytest.Item]], dict[str, float]]:
    """(the units, longest first; each unit's tests in collection order; each unit's expected seconds)."""
    units: dict[str, list[pytest.Item]] = {}
    for item in items:
        units.setdefault(unit_of(item), []).append(item)
    weight: dict[str, float] = {}
    for unit, members in units.items():
        modules = {member.nodeid.split("::", 1)[0] for member in members}
        by_module = sum(module_seconds(module) for module in modules) if not unit.startswith(SPLIT) else 0.0
        weight[unit] = by_module + sum(expected_seconds(member.nodeid) for member in members)
    # A split test's module stays together (each worker then builds the module's data once, not again after
    # another module's test): its units are ordered as one block, by the block's total, then each by its own.
    split_modules = {start.split("::", 1)[0] for start in SPLIT}
    block = {unit: module if (module := unit.split("::", 1)[0].split(":", 1)[0]) in split_modules else unit
             for unit in units}
    total: dict[str, float] = {}
    for unit in units:
        total[block[unit]] = total.get(block[unit], 0.0) + weight[unit]
    first = {name: position for position, name in enumerate(dict.fromkeys(block.values()))}
    # Stable: equal weights keep the collection order.
    ordered = sorted(units, key=lambda unit: (-total[block[unit]], first[block[unit]], -weight[unit]))
    return ordered, units, weight


def order_for_workers(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group the tests into units (marked ``xdist_group`` under loadgroup) and put the longest units first."""
    ordered, units, _weight = units_in_order(items)
    items[:] = [item for unit in ordered for item in units[unit]]
    if config.getoption("dist", "no") == "loadgroup":
        for number, unit in enumerate(ordered):
            if len(units[unit]) > 1:  # a short name: xdist appends it to the node ids ("…::test_x@g12")
                for member in units[unit]:
                    member.add_marker(pytest.mark.xdist_group(f"g{number}"))
