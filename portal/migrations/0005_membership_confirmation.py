"""Membership needs confirmation (issue 21); existing accounts are brought in line.

- Today's verified members are confirmed: they read each other's submissions
  before this change and nobody has to re-confirm them.
- Accounts that registered but never followed the verification link get an
  unusable password: it was typed by whoever registered, not necessarily by
  the owner of the address (pre-hijacking). The owner registers again and
  chooses a password at the e-mailed link. Only self-registered accounts
  (an organisation, not staff) are touched; those an administrator made keep
  their password.
- Stored addresses are brought to the one normal form (``normalise_email``)
  unless that would collide with another account (left as they are, listed).
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import migrations, models
from django.utils import timezone

from portal.models import normalise_email  # the one normalisation; a pure function


def bring_accounts_in_line(apps, schema_editor):
    User = apps.get_model("portal", "User")
    User.objects.filter(organisation__isnull=False, email_verified_at__isnull=False).update(
        membership_confirmed_at=timezone.now()
    )
    for account in User.objects.filter(
        organisation__isnull=False, email_verified_at__isnull=True, is_staff=False, is_superuser=False
    ):
        account.password = make_password(None)
        account.save(update_fields=["password"])
    for account in User.objects.all().only("pk", "email"):
        normal = normalise_email(account.email)
        if normal == account.email:
            continue
        if User.objects.filter(email=normal).exclude(pk=account.pk).exists():
            print(f"\n  portal: account {account.pk} not renamed to {normal!r}: another account has it")
            continue
        User.objects.filter(pk=account.pk).update(email=normal)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0004_image_file_name_indexes'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='organisation',
            options={'ordering': ['name'], 'permissions': [('confirm_membership', 'Can confirm or refuse people who ask to join an organisation')], 'verbose_name': 'organisation', 'verbose_name_plural': 'organisations'},
        ),
        migrations.AddField(
            model_name='user',
            name='membership_confirmed_at',
            field=models.DateTimeField(blank=True, help_text='When a member or an editor confirmed that the person belongs to the organisation (or when they founded it). Until then they see only their own submissions.', null=True, verbose_name='membership confirmed'),
        ),
        migrations.AddField(
            model_name='user',
            name='membership_confirmed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='membership confirmed by'),
        ),
        migrations.RunPython(bring_accounts_in_line, migrations.RunPython.noop),
    ]
