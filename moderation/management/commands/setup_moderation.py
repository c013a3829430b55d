"""manage.py setup_moderation — create the review groups, tasks and workflow, and assign it to the catalogue.

Idempotent: safe to run after every deploy (``migrate`` runs it too).
"""

from django.core.management.base import BaseCommand

from moderation.setup import setup_moderation


class Command(BaseCommand):
    help = "Create (if missing) the Reviewers/Editors groups, the review and sign-off tasks and the workflow."

    def handle(self, *args, **options):
        result = setup_moderation()
        self.stdout.write(
            self.style.SUCCESS(
                f"Workflow {result.workflow_id} (review task {result.review_task_id}, sign-off task "
                f"{result.sign_off_task_id}) assigned to {result.catalogues} catalogue page(s)."
            )
        )
