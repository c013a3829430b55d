"""The order of this very run (tests/scheduling.py): longest units first, pytest-django's kinds in its order."""

from __future__ import annotations

import pytest

from tests.scheduling import SPLIT, django_kind, unit_of, units_in_order


def test_this_run_hands_out_the_longest_units_first_in_pytest_djangos_order(request: pytest.FixtureRequest):
    items = list(request.session.items)
    kinds = [django_kind(item) for item in items]
    assert kinds == sorted(kinds), "database tests, then transactional ones, then those without a database"
    ordered, units, weight = units_in_order(items)
    planned = sorted((item for unit in ordered for item in units[unit]), key=django_kind)  # pytest-django's sort
    assert [item.nodeid for item in items] == [item.nodeid for item in planned]
    seen: list[str] = []
    for unit in map(unit_of, items):
        if not seen or seen[-1] != unit:
            assert unit not in seen, f"{unit} is not in one piece"
            seen.append(unit)
    # Outside the split matrices' modules (ordered as one block each, their small tests with them):
    split_modules = tuple(start.split("::", 1)[0] for start in SPLIT)
    for kind in set(kinds):
        in_kind = [unit for unit in seen if django_kind(units[unit][0]) == kind and not unit.startswith(split_modules)]
        long_ones = [in_kind.index(unit) for unit in in_kind if weight[unit] >= 30]
        short_ones = [in_kind.index(unit) for unit in in_kind if weight[unit] < 1]
        assert not long_ones or not short_ones or max(long_ones) < min(short_ones)
