"""The responsible-use review (see DESIGN.md): workflow tasks, criteria, assessments, red flags, the queue."""


def public_review(page):
    """The public "Responsible-use review" of ``page`` or None (see ``moderation.public``)."""
    from .public import public_review as build

    return build(page)
