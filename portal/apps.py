from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The Django project itself: accounts, organisations and the submission portal."""

    name = "portal"
    verbose_name = _("Submission portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The submitter's status follows Wagtail's workflow and publishing signals.
        from .status import connect_signals
        from .uploads import connect_random_names

        connect_signals()
        # Every image file gets a random name, whatever uploads it (issue 13: names must not tell the case).
        connect_random_names()
