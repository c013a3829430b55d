"""The public version history of a case, built on Wagtail's revisions: the versions that were live.

A version is a revision that was published (Wagtail's ``wagtail.publish`` log entries
name it); nothing is stored beside the revisions. What a version changed is compared
field by field over the public fields only (``showcase.public_fields``), as text, with
a word-level diff whose every piece is escaped: ``<del>`` for what was removed,
``<ins>`` for what was added. Identity and dates (id, slug, address, case number,
publication dates) are not "changes of content" and are left out. The review outcome
of each version is moderation's to show (``{% version_review %}`` in moderation).

A version that was for registered attendees only is left out for everybody else, so an
old restricted text never becomes public through the history of a case made public later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.models import PageLogEntry, Revision

from .models import UseCasePage
from .public_fields import PUBLIC_FIELDS, PublicField, Relation
from .visibility import ATTENDEES, can_see_attendee_cases

#: Identity and dates: the same in every version, or not content at all.
NOT_COMPARED = frozenset({"id", "slug", "url", "case_number", "first_published_at", "last_published_at"})
COMPARED: tuple[PublicField, ...] = tuple(f for f in PUBLIC_FIELDS if f.name not in NOT_COMPARED)
#: Words and the spaces between them: the diff keeps the spacing as it was typed.
TOKENS = re.compile(r"\s+|\S+")
#: Labels of fields that are not model fields of their own.
LABELS = {"organisation": "organisation", "attendees_only": "visibility", "risk_tier": "risk_tier_claimed"}


@dataclass(frozen=True)
class FieldChange:
    label: str
    diff: SafeString


@dataclass
class Version:
    number: int
    revision_id: int
    published_at: datetime
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def is_first(self) -> bool:
        return self.number == 1


def field_label(public_field: PublicField) -> str:
    name = LABELS.get(public_field.name, public_field.attribute)
    try:
        return str(UseCasePage._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # noqa: BLE001 - a computed attribute: its own name, readable
        return public_field.name.replace("_", " ").capitalize()


def public_text(page: Any, public_field: PublicField) -> str:
    """A public field of one version as plain text, as a reader would read it."""
    name = public_field.attribute
    if isinstance(public_field, Relation):
        if public_field.many:
            return "; ".join(str(value) for value in getattr(page, name).all())
        return str(getattr(page, name) or "")
    if public_field.kind == "choice":
        return str(getattr(page, f"get_{name}_display")())
    if public_field.kind == "countries":
        return ", ".join(str(country.name) for country in page.countries or [])
    if public_field.kind == "tags":
        return "; ".join(sorted(tag.name for tag in page.tags.all()))
    if public_field.kind == "flag":
        return _("Yes") if getattr(page, name) else _("No")
    return str(getattr(page, name) or "")


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` with removed words in ``<del>`` and added ones in ``<ins>``; all text escaped."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    removed, added = _("Removed:"), _("Added:")
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html('<del><span class="visually-hidden">{} </span>{}</del>', removed, "".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html('<ins><span class="visually-hidden">{} </span>{}</ins>', added, "".join(after[j1:j2])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped


def _changes(before: dict[str, str], after: dict[str, str], labels: dict[str, str]) -> list[FieldChange]:
    return [FieldChange(labels[name], word_diff(before[name], after[name])) for name in after if before[name] != after[name]]


def published_versions(page: Any, user: Any = None) -> list[Version]:
    """The versions of ``page`` that were live, newest first, each with its changes to the previous one."""
    entries = PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish", revision__isnull=False)
    first_seen: dict[int, datetime] = {}
    for revision_id, timestamp in entries.order_by("timestamp", "pk").values_list("revision_id", "timestamp"):
        first_seen.setdefault(revision_id, timestamp)
    revisions = Revision.objects.in_bulk(list(first_seen))
    may_see_restricted = can_see_attendee_cases(user)
    labels = {f.name: field_label(f) for f in COMPARED}
    versions: list[Version] = []
    previous: dict[str, str] | None = None
    for revision_id, published_at in first_seen.items():
        revision = revisions.get(revision_id)
        if revision is None:
            continue
        content = revision.as_object()
        if content.visibility == ATTENDEES and not may_see_restricted:
            continue
        values = {f.name: public_text(content, f) for f in COMPARED}
        version = Version(len(versions) + 1, revision_id, published_at)
        if previous is not None:
            version.changes = _changes(previous, values, labels)
        versions.append(version)
        previous = values
    return list(reversed(versions))
