from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_editors_membership_decisions(sender, using="default", **kwargs) -> None:
    """Editors confirm or refuse membership requests (after ``migrate``, and after a test flush)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from moderation.setup import EDITORS

    create_permissions(sender, verbosity=0, using=using)
    permission = Permission.objects.filter(content_type__app_label="portal", codename="confirm_membership").first()
    if permission is not None:
        Group.objects.get_or_create(name=EDITORS)[0].permissions.add(permission)


class PortalConfig(AppConfig):
    """The Django project itself: accounts, organisations and the submission portal."""

    name = "portal"
    verbose_name = _("Submission portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from moderation.submission_answers import register_answers_provider

        from .review_answers import answers_for_review
        from .status import connect_signals
        from .uploads import connect_random_names

        # The submitter's status follows Wagtail's workflow and publishing signals.
        connect_signals()
        # Every image file gets a random name, whatever uploads it (issue 13: names must not tell the case).
        connect_random_names()
        post_migrate.connect(_grant_editors_membership_decisions, sender=self, dispatch_uid="portal-editors-membership")

        # Reviewers read every answer of a submission through moderation's provider interface.
        register_answers_provider(answers_for_review)
