"""Indexes on the file names of Wagtail's images and renditions.

``portal.media`` finds the image behind every ``/media/`` request by its exact file
name (``Image.file``, ``Rendition.file``); Wagtail indexes neither column, and a
catalogue page asks for twenty thumbnails at once. Plain SQL because the tables
belong to ``wagtailimages``; ``IF [NOT] EXISTS`` works on PostgreSQL and SQLite.
"""

from django.db import migrations

INDEXES = {
    "portal_media_image_file": "wagtailimages_image",
    "portal_media_rendition_file": "wagtailimages_rendition",
}


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_user_language"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} (file)",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table in INDEXES.items()
    ]
