from typing import Any

from django.apps import AppConfig
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


def _grant_editors_membership_decisions(sender, using="default", **kwargs) -> None:
    """Editors confirm or refuse membership requests (after ``migrate``, and after a test flush)."""
    # Models (and moderation's module that imports them) are loaded only once the apps are ready.
    from django.contrib.auth.models import Group, Permission

    from moderation.setup import EDITORS

    create_permissions(sender, verbosity=0, using=using)
    permission = Permission.objects.filter(content_type__app_label="portal", codename="confirm_membership").first()
    if permission is not None:
        Group.objects.get_or_create(name=EDITORS)[0].permissions.add(permission)


def _follow_call_window() -> None:
    """The call window's setting is remembered per catalogue stamp (``window_for``): its changes move the stamp.

    Not its creation: a site without the row is never remembered, and Wagtail creates the row (empty) on the
    first read of a site's window, which must not empty every cache keyed by the stamp.
    """
    from django.db.models.signals import post_delete, post_save

    from showcase.stamp_signals import on_change

    from .models.call_window import CallWindow

    def changed(sender: Any, created: bool = False, **kwargs: Any) -> None:
        if not created:
            on_change(sender, **kwargs)

    post_save.connect(changed, sender=CallWindow, weak=False, dispatch_uid="catalogue-stamp-call-window-save")
    post_delete.connect(on_change, sender=CallWindow, dispatch_uid="catalogue-stamp-call-window-delete")


class PortalConfig(AppConfig):
    """The Django project itself: accounts, organisations and the submission portal."""

    name = "portal"
    verbose_name = _("Submission portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # These modules import models, which exist only once the apps are loaded (now).
        from moderation import conflicts, red_flag_answers, submission_answers

        from . import moderation_providers
        from .review_answers import answers_for_review
        from .status import connect_signals
        from .uploads import connect_random_names

        connect_signals()  # the submitter's status follows moderation's decisions and Wagtail's publishing signals
        _follow_call_window()
        # Every image file gets a random name, whatever uploads it (issue 13: names must not tell the case).
        connect_random_names()
        post_migrate.connect(_grant_editors_membership_decisions, sender=self, dispatch_uid="portal-editors-membership")
        # The "Meeting organisers" group vets meeting registrations (created like the review groups).
        from .meetings import organisers

        post_migrate.connect(organisers.after_migrate, sender=self, dispatch_uid="portal-meeting-organisers")

        # The submitter's organisation hears of corrections published on its case (issue 15).
        from moderation.signals import case_corrected

        from .correction_emails import tell_organisation

        case_corrected.connect(tell_organisation, dispatch_uid="portal-case-corrected")
        # A reporter whose problem report is closed hears why, through the outbox.
        from moderation.signals import problem_report_closed

        from .problem_report_emails import tell_reporter

        problem_report_closed.connect(tell_reporter, dispatch_uid="portal-problem-report-closed")

        # The statistics page and the API count the whole road (numbers only), through this provider.
        from showcase.pipeline_counts import register_provider

        from .pipeline_counts import count_pipeline

        register_provider(count_pipeline)
        # The API's per-client rate limit counts in the database, shared by every worker process.
        from showcase.api.ratelimit import register_counter

        from .api_rate_limit import count_api_request

        register_counter(count_api_request)
        # Documents are staff-only unless an editor moves them (portal/private_documents.py).
        from wagtail.documents import get_document_model

        from . import private_documents

        post_migrate.connect(private_documents.after_migrate, sender=self, dispatch_uid="portal-staff-documents")
        pre_save.connect(private_documents.into_staff_collection, sender=get_document_model(), dispatch_uid="portal-doc-collection")

        from .two_factor import device_flag

        device_flag.connect()  # User.has_second_factor follows the person's devices (read on every request)
        # Moderation sits below the portal: it reads submissions only through the providers registered here.
        submission_answers.register_answers_provider(answers_for_review)
        red_flag_answers.submission_flag_answers.register(moderation_providers.flag_answers)
        conflicts.submitted_by.register(moderation_providers.submitted_by)
        conflicts.pages_submitted_by.register(moderation_providers.pages_submitted_by)
