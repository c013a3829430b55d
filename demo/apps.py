from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data (see the package docstring); installed by the dev and test settings only."""

    name = "demo"
    verbose_name = "Demo data"
    default_auto_field = "django.db.models.BigAutoField"
