"""One case in a public register's format, for its organisation's members and for editors (issue 17, point 3).

Who gets what (docs/INTERCHANGE.md, "Who gets what"):

- a member of the organisation that submitted the case (its submitter, or a verified,
  confirmed colleague: ``submission.visible_submissions``) gets the public fields *and*
  the organisation's own confidential answers: the record is theirs to file, and only they
  may decide to publish their own detail;
- an editor (or an administrator) gets the public fields only. RUBRIC.md lets editors read
  confidential answers on screen, but a register file leaves the site to be published, and
  the decision to publish an organisation's confidential detail is that organisation's alone;
- anyone else: 404, whether the case exists or not. Another organisation's confidential
  answers are never read at all.

The link on the case page is drawn by ``templatetags.register_export_tags`` with the same test.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from moderation.setup import EDITORS
from moderation.submission_answers import CONFIDENTIAL
from showcase.interchange.documents import OwnAnswers, own_fields, public_case, response
from showcase.interchange.formats import FORMATS, format_named
from showcase.models import UseCasePage
from showcase.visibility import group_names

from .models import Submission
from .review_answers import answers_for_review
from .submission import visible_submissions

#: The confidential answers the register tables name (read from the submission as stored).
OWN_FIELDS = own_fields(FORMATS.values())
#: PostgreSQL's largest bigint: a larger id in the address is a 404, never a database error.
MAX_ID = 2**63 - 1


def is_editor(user: Any) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_superuser or EDITORS in group_names(user)


def is_owner(user: Any, page_id: int) -> bool:
    """A member of the organisation that submitted this case (or its submitter)."""
    return visible_submissions(user).filter(page_id=page_id).exists()


def own_answers(page: Any) -> OwnAnswers | None:
    submission = Submission.objects.filter(page_id=page.pk).first()
    if submission is None:
        return None
    values = {name: getattr(submission, name) for name in OWN_FIELDS if hasattr(submission, name)}
    # The organisation's real name, even when the public page shows an anonymised label: it is theirs.
    values["organisation_name"] = page.organisation_name
    rows = [
        {"name": answer.name, "label": answer.label, "value": answer.value}
        for answer in answers_for_review(page) or []
        if answer.visibility == CONFIDENTIAL
    ]
    return OwnAnswers(values=values, rows=rows)


def live_case(case_id: int) -> Any:
    if case_id > MAX_ID:
        raise Http404
    page = UseCasePage.objects.live().filter(pk=case_id).select_related("organisation_type").first()
    if page is None:
        raise Http404
    return page


@require_GET
def register_export(request: HttpRequest, case_id: int, register: str) -> HttpResponse:
    fmt = format_named(register)
    if fmt is None:
        raise Http404
    page = live_case(case_id)
    owner = is_owner(request.user, page.pk)
    if not owner and not is_editor(request.user):
        raise Http404
    own = own_answers(page) if owner else None
    name = "".join(ch for ch in (page.case_number or str(page.pk)) if ch.isascii() and (ch.isalnum() or ch == "-"))
    answer = response(fmt, [public_case(page, request)], own, name=name)
    # The owner's file holds confidential answers: never kept by a cache, shared or not.
    patch_cache_control(answer, private=True, no_store=True)
    return answer
