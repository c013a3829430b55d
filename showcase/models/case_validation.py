"""The rules a case must meet beyond its fields' own (``UseCasePage.clean``): title length, a named supplier,
at least one value of each chosen classification, and the image limit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..public_fields import CHOSEN_MANY
from .case_parts import MAX_IMAGES

#: Longest title the catalogue accepts (the Page model allows 255).
TITLE_MAX_LENGTH = 100


def case_errors(page: Any, *, check_relations: bool) -> dict[str, list[ValidationError]]:
    """The errors of ``page`` by field; ``check_relations`` is off while the admin form checks them itself."""
    errors: dict[str, list[ValidationError]] = {}
    if page.title and len(page.title) > TITLE_MAX_LENGTH:
        errors.setdefault("title", []).append(
            ValidationError(
                _("Keep the title to %(limit)d characters or fewer (it has %(count)d)."),
                params={"limit": TITLE_MAX_LENGTH, "count": len(page.title)},
                code="max_length",
            )
        )
    if page.build_approach in (page.BUILD_SUPPLIER, page.BUILD_MIXED) and not page.supplier_name.strip():
        errors.setdefault("supplier_name", []).append(
            ValidationError(_("Name the supplier (the name is public)."), code="required")
        )
    if check_relations:
        for name in CHOSEN_MANY:
            if not getattr(page, name).all():
                errors.setdefault(name, []).append(ValidationError(_("Choose at least one."), code="required"))
        if len(page.images.all()) > MAX_IMAGES:
            errors.setdefault("__all__", []).append(
                ValidationError(
                    _("A case may show at most %(limit)d images."), params={"limit": MAX_IMAGES}, code="max_images"
                )
            )
    return errors
