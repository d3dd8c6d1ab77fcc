"""The editorial roles get the figures' permissions, as they have every other record type's."""

from django.db import migrations

from tiers.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("tiers", "0011_remove_commitment_amount"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
