"""Commitment.amount and .currency are gone: migration 0010 made each amount a figure."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("tiers", "0010_commitment_amounts_to_figures"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='commitment',
            name='tiers_commitment_amount_not_negative',
        ),
        migrations.RemoveConstraint(
            model_name='commitment',
            name='tiers_commitment_amount_has_currency',
        ),
        migrations.RemoveField(
            model_name='commitment',
            name='amount',
        ),
        migrations.RemoveField(
            model_name='commitment',
            name='currency',
        ),
        migrations.RemoveField(
            model_name='historicalcommitment',
            name='amount',
        ),
        migrations.RemoveField(
            model_name='historicalcommitment',
            name='currency',
        ),
    ]
