"""Seed the review criteria from moderation.rubric (../shared/RUBRIC.md); idempotent by code.

Editors reword, reorder and retire them afterwards; this migration never
overwrites an existing criterion.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from moderation.rubric import CRITERIA

    Criterion = apps.get_model("moderation", "Criterion")
    for index, seed in enumerate(CRITERIA):
        Criterion.objects.get_or_create(
            code=seed.code,
            defaults={"principle": seed.principle, "question": seed.question, "guidance": seed.guidance,
                      "sort_order": index, "active": True},
        )


def unseed(apps, schema_editor):
    from moderation.rubric import CRITERIA

    apps.get_model("moderation", "Criterion").objects.filter(code__in=[s.code for s in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
