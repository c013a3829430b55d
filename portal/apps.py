from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The Django project itself: accounts, organisations and the submission portal."""

    name = "portal"
    verbose_name = _("Submission portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from moderation.submission_answers import register_answers_provider

        from .review_answers import answers_for_review
        from .status import connect_signals

        # The submitter's status follows Wagtail's workflow and publishing signals.
        connect_signals()
        # Reviewers read every answer of a submission through moderation's provider interface.
        register_answers_provider(answers_for_review)
