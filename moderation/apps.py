from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, task_submitted


class ModerationConfig(AppConfig):
    """The responsible-use review: workflow tasks, criteria, assessments, red flags."""

    name = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # These modules import models, which exist only once the apps are loaded (now).
        from showcase.models import CataloguePage
        from showcase.stamp_signals import follow_model

        from .models import Assessment, ProblemReport

        from . import publication, rounds, setup, staff_emails

        staff_emails.install()
        # Corrections, replies and the public review are shown on case pages: a change moves the catalogue stamp.
        for model in (ProblemReport, Assessment):
            follow_model(model)
        # Each start of the review task is a round: keep its answers for the next round's diff.
        task_submitted.connect(rounds.on_task_submitted, dispatch_uid="moderation-round-answers")
        # A revision the sign-off scheduled goes live later (publish_scheduled): the apps above hear of it then.
        page_published.connect(publication.on_scheduled_publication, dispatch_uid="moderation-scheduled-publication")
        # The one workflow, created after every migrate (and a test flush) and put on every catalogue.
        post_migrate.connect(setup.after_migrate, sender=self, dispatch_uid="moderation-setup")
        post_save.connect(setup.on_catalogue_created, sender=CataloguePage, dispatch_uid="moderation-catalogue-workflow")
