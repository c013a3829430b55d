"""manage.py seed_demo --with-submissions: the demo submitter's organisation and three submissions, idempotently."""

import pytest
from django.core.management import call_command

from portal.models import Submission

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]


def test_demo_submissions_are_created_once_in_three_statuses(capsys):
    call_command("seed_demo", "--with-submissions")
    statuses = sorted(Submission.objects.values_list("status", flat=True))
    assert statuses == ["changes_requested", "draft", "submitted"]
    call_command("seed_demo", "--with-submissions")
    assert Submission.objects.count() == 3
    assert "Demo submissions: 0 created, 3 kept." in capsys.readouterr().out
    submitter = Submission.objects.first().submitter
    assert submitter.email == "submitter@example.org" and submitter.email_verified and submitter.organisation
