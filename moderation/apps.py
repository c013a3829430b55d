from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, app_config=None, using="default", apps=None, **kwargs) -> None:
    """Create the groups, tasks and workflow after ``migrate`` (and after a test flush)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    create_contenttypes(sender, verbosity=0, using=using)
    create_permissions(sender, verbosity=0, using=using)
    from .setup import setup_moderation

    setup_moderation()


def _assign_to_new_catalogue(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A catalogue created later (e.g. by seed_demo) gets the review workflow at once."""
    if created and not raw:
        from wagtail.models import Workflow, WorkflowPage

        from .setup import WORKFLOW_NAME

        workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
        if workflow is not None:
            WorkflowPage.objects.update_or_create(page=instance, defaults={"workflow": workflow})


class ModerationConfig(AppConfig):
    """The responsible-use review: workflow tasks, criteria, assessments, red flags."""

    name = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.signals import task_submitted

        from showcase.models import CataloguePage

        from . import notifications, rounds

        notifications.install()
        # Each start of the review task is a round: keep its answers for the next round's diff.
        task_submitted.connect(rounds.on_task_submitted, dispatch_uid="moderation-round-answers")
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="moderation-setup")
        post_save.connect(_assign_to_new_catalogue, sender=CataloguePage, dispatch_uid="moderation-catalogue-workflow")
