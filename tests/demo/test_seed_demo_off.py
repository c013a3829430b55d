"""manage.py seed_demo refuses where demo data is off (on an empty database: nothing is created)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_seed_demo_refuses_when_demo_data_is_off(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="ALLOW_DEMO_DATA"):
        call_command("seed_demo")
    assert get_user_model().objects.count() == 0
