"""How the submission portal writes a case's public answers: to a draft revision of its ``UseCasePage``.

Showcase owns the page; the portal calls only these functions, so the rules
of what a submitter may write (the allow-list ``SUBMITTER_FIELDS``) live next
to the model. Every save creates a Wagtail revision authored by the submitter
(``page.save_revision(user=...)``), logged in the page's history, exactly as
an edit in the admin would be. While the page has never been published, the
page row is kept in step with the draft too (as Wagtail's own edit action
does for a draft), so its images are real ``UseCaseImage`` rows; a live page
is never touched, only its revisions.

Drafts may be incomplete (``clean=False``); ``problems_before_review`` runs
the model's full validation before a case is handed to review.

https://docs.wagtail.org/en/stable/reference/pages/model_reference.html#wagtail.models.Page.save_revision
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.models import COMMENTS_RELATION_NAME, Page

from . import draft_rows
from .models import MAX_IMAGES, CataloguePage, UseCaseImage, UseCasePage
from .public_fields import CHOSEN_MANY, CHOSEN_ONE

#: Plain fields a submitter writes (the public and "summary" answers); nothing else is accepted.
SUBMITTER_FIELDS = (
    "title",
    "summary",
    "content_language",
    "organisation_name",
    "show_organisation_name",
    "organisation_type",
    "countries",
    "deployment_stage",
    "problem",
    "benefits",
    "outputs",
    "decision_role",
    "build_approach",
    "supplier_name",
    "data_summary",
    "legal_basis_summary",
    "necessity_proportionality",
    "risk_tier_claimed",
    "annex_iii_point",
    "impact_assessments_summary",
    "evaluation_summary",
    "human_oversight",
    "redress_route",
    "accountable_role",
    "logging_audit_summary",
    "visibility",
)
#: Many-to-many answers (lists of taxonomy objects).
SUBMITTER_RELATIONS = CHOSEN_MANY
#: Free tags: a list of strings.
TAGS = "tags"
#: The child relation that stores the tags.
TAGGED_ITEMS = "tagged_items"


def _placeholder_title() -> str:
    return _("Untitled use case")


def submission_catalogue() -> CataloguePage:
    """The catalogue new cases are created under (the first one, by tree order)."""
    catalogue = CataloguePage.objects.order_by("path").first()
    if catalogue is None:
        raise CataloguePage.DoesNotExist("There is no catalogue page to put cases under.")
    return catalogue


@transaction.atomic
def start_draft(user: Any, *, title: str = "") -> UseCasePage:
    """A new, never-published case under the catalogue, owned by ``user``, with a first revision."""
    page = UseCasePage(title=title or _placeholder_title(), live=False, owner=user)
    # Unique and meaningless; replaced by a slug from the real title while never published.
    page.slug = f"draft-{uuid.uuid4().hex[:12]}"
    submission_catalogue().add_child(instance=page)
    page.save_revision(user=user, clean=False, log_action=True)
    return page


def draft_of(page: UseCasePage, *, reread: bool = True) -> UseCasePage:
    """The page as its latest revision has it (the submitter's current answers).

    Read afresh: a page object held by the caller may predate the latest save. ``reread=False`` when
    ``page`` is the row this request loaded a moment ago (a save compares it with the locked row anyway).
    """
    return _latest_of(UseCasePage.objects.get(pk=page.pk) if reread else page)


#: Foreign keys Wagtail's ``Page.with_content_json`` takes from the page whatever the revision holds: left out
#: of the revision data it reads, where each would cost a query checking that its target exists, for nothing.
TAKEN_FROM_THE_PAGE = frozenset({"content_type", "owner", "locked_by", "latest_revision", "locale", "alias_of"})


def _latest_of(row: UseCasePage) -> UseCasePage:
    """Wagtail's ``row.get_latest_revision_as_object()``, built on ``row`` itself.

    ``Revision.as_object()`` would load the page again (``revision.content_object``) to call
    ``with_content_json`` on it; this calls it on the row the caller holds (for a save, the locked one).
    """
    revision = row.get_latest_revision() if row.has_unpublished_changes else None
    if revision is None:
        draft = row
    else:
        draft = row.with_content_json({k: v for k, v in revision.content.items() if k not in TAKEN_FROM_THE_PAGE})
    draft._read_from_row = _row_state(row)  # type: ignore[attr-defined]
    return draft


def _row_state(row: UseCasePage) -> tuple[Any, ...]:
    """Every column of the page row: the latest revision, live, slug, paths and the page's own values."""
    return tuple(repr(field.value_from_object(row)) for field in row._meta.concrete_fields)


def _locked(page: UseCasePage) -> UseCasePage:
    """The page row, locked for this transaction; whether it is a site root comes in the same query.

    (A case page never is one, but Wagtail's ``save`` asks, twice per draft save, unless told.)
    """
    return locked_page(page.pk)


def locked_page(pk: int) -> UseCasePage:
    """The case page ``pk``, locked for the caller's transaction, as ``save_draft`` locks it.

    For a caller that takes the lock before ``save_draft`` (the wizard's save reads the page once, under the
    lock, for its checks, its form and the save) and then passes ``locked=True``.
    """
    return UseCasePage.objects.select_for_update().annotate_site_root_state().get(pk=pk)


def _current_draft(locked: UseCasePage, read: UseCasePage | None) -> UseCasePage:
    """``read`` (this request's ``draft_of``) if the locked row is still the one it came from, else a fresh read.

    Reading a draft deserialises its latest revision, the costliest part of a wizard save; the
    request read it a moment ago to validate the form. Any save since (another tab, an image
    added) changes the row (its latest revision at least), and then the draft is read again.
    """
    if read is not None and read.pk == locked.pk and getattr(read, "_read_from_row", None) == _row_state(locked):
        return read
    return _latest_of(locked)


def public_answers(page: UseCasePage, draft: UseCasePage | None = None) -> dict[str, Any]:
    """The submitter's public answers on the draft (``draft_of(page)`` unless given), as form initial data."""
    draft = draft if draft is not None else draft_of(page)
    # A chosen value by its id: reading the object would cost a query each.
    answers: dict[str, Any] = {name: getattr(draft, f"{name}_id" if name in CHOSEN_ONE else name) for name in SUBMITTER_FIELDS}
    for name in CHOSEN_ONE:
        answers[name] = getattr(draft, f"{name}_id")
    if answers["title"] == _placeholder_title() and not page.live:
        answers["title"] = ""
    answers["countries"] = [str(country) for country in draft.countries]
    for name in SUBMITTER_RELATIONS:
        answers[name] = list(getattr(draft, name).all())
    answers[TAGS] = [tag.name for tag in draft.tags.all()]
    return answers


def _store(page: UseCasePage, draft: UseCasePage, user: Any, changed: Collection[str] | None = None) -> UseCasePage:
    """Write ``draft`` as a new revision by ``user`` (and to the row while never published).

    ``changed``: the relations (child relations, many-to-many fields) this save changed; ``None``: unknown,
    the whole row is saved.
    """
    if hasattr(page, "_is_site_root"):
        draft._is_site_root = page._is_site_root  # type: ignore[attr-defined]
    if not page.live and page.first_published_at is None:
        # Never published: keep the row in step (slug from the real title, real image rows).
        if draft.title and draft.title != _placeholder_title():
            base = slugify(draft.title, allow_unicode=True)[:80].strip("-") or "use-case"
            if not draft.slug.startswith(base):
                # Written directly, not through save(): a page that was never public
                # needs no redirect from its old address (Wagtail would create one on
                # page_slug_changed), and a case page has no descendants to update.
                draft.slug = draft._get_autogenerated_slug(base)
                draft.set_url_path(draft.get_parent())  # the parent the slug was checked under (kept by treebeard)
                Page.objects.filter(pk=page.pk).update(slug=draft.slug, url_path=draft.url_path)
                page.slug, page.url_path = draft.slug, draft.url_path  # the row as it now is
        draft.draft_title = draft.title
        if changed is None:
            draft.save()
            saved: Collection[str] = ()
        else:
            saved = draft_rows.save_changes(draft, page, changed)
        # Wagtail's save of the revision bookkeeping comes after the row's child relations are committed:
        # the reference index is brought up to date here, and only when the row's references changed.
        with draft_rows.reference_index_update(draft_rows.bears_references(type(draft), saved) or _new_comments(draft)):
            draft.save_revision(user=user, clean=False, log_action=True)
        return draft
    draft.save_revision(user=user, clean=False, log_action=True)
    return draft


def _new_comments(draft: UseCasePage) -> bool:
    return any(comment.pk is None for comment in getattr(draft, COMMENTS_RELATION_NAME).all())


@transaction.atomic
def save_draft(
    page: UseCasePage, user: Any, answers: Mapping[str, Any], read: UseCasePage | None = None, *, locked: bool = False
) -> UseCasePage:
    """Write ``answers`` (a subset of the submitter's fields) to a new draft revision by ``user``.

    ``read``: the draft this request read with ``draft_of`` (to validate the form), reused if nothing was saved since.
    ``locked``: ``page`` is this transaction's ``locked_page`` row and nothing wrote the page since: it is not
    locked and read a second time.
    """
    unknown = set(answers) - set(SUBMITTER_FIELDS) - set(SUBMITTER_RELATIONS) - {TAGS}
    if unknown:
        raise ValueError(f"Not a field a submitter may write: {', '.join(sorted(unknown))}")
    if not locked:
        page = _locked(page)
    draft = _current_draft(page, read)
    changed = []
    for name, value in answers.items():
        if name in SUBMITTER_RELATIONS:
            value = list(value)
            if {getattr(item, "pk", item) for item in value} != {item.pk for item in getattr(draft, name).all()}:
                changed.append(name)
                setattr(draft, name, value)
        elif name == TAGS:  # set afresh, as always: new through rows (and their ids in the revision)
            changed.append(TAGGED_ITEMS)
            draft.tags.set(list(value), clear=True)
        elif name == "title":
            draft.title = value or _placeholder_title()
        else:
            setattr(draft, name, value)
    return _store(page, draft, user, changed)


@transaction.atomic
def add_image(page: UseCasePage, user: Any, *, image: Any, alt_text: str, caption: str = "") -> UseCasePage:
    """Attach a (validated, saved) Wagtail image to the draft; at most ``MAX_IMAGES``."""
    page = _locked(page)
    draft = draft_of(page)
    images = list(draft.images.all())
    if len(images) >= MAX_IMAGES:
        raise ValidationError(_("A case may show at most %(limit)d images.") % {"limit": MAX_IMAGES})
    images.append(UseCaseImage(image=image, alt_text=alt_text, caption=caption, sort_order=len(images)))
    draft.images = images
    return _store(page, draft, user, ["images"])


@transaction.atomic
def remove_image(page: UseCasePage, user: Any, image_id: int) -> UseCasePage:
    """Detach one image (by its Wagtail image id) from the draft."""
    page = _locked(page)
    draft = draft_of(page)
    draft.images = [item for item in draft.images.all() if item.image_id != image_id]
    return _store(page, draft, user, ["images"])


def draft_images(page: UseCasePage) -> list[UseCaseImage]:
    return list(draft_of(page).images.all())


def problems_before_review(page: UseCasePage) -> dict[str, list[str]]:
    """The draft's validation errors by field name; empty when it may go to review."""
    draft = draft_of(page)
    problems: dict[str, list[str]] = {}
    if draft.title == _placeholder_title():
        problems["title"] = [_("Give the case a title.")]
    try:
        draft.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            problems.setdefault(name, []).extend(messages)
    return problems
