"""Create the "Attendees" group: its members may read the cases restricted to registered attendees.

The name is showcase.visibility.ATTENDEES_GROUP; attendees-only cases carry a
Wagtail view restriction to this group.
"""

from django.db import migrations

ATTENDEES_GROUP = "Attendees"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ATTENDEES_GROUP)


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0004_seed_rubric_taxonomies"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
