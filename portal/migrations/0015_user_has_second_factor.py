"""User.has_second_factor: whether the person has a confirmed 2FA device, set from the devices they have now."""

from django.db import migrations, models


def from_devices(apps, schema_editor) -> None:
    User = apps.get_model("portal", "User")
    owners = set()
    for label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
        owners.update(apps.get_model(label).objects.filter(confirmed=True).values_list("user_id", flat=True))
    User.objects.filter(pk__in=owners).update(has_second_factor=True)


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0014_encrypt_accessibility_needs"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="has_second_factor",
            field=models.BooleanField(default=False, editable=False, verbose_name="second factor on"),
        ),
        migrations.RunPython(from_devices, migrations.RunPython.noop),
    ]
