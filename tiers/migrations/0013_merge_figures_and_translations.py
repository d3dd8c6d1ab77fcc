"""Figures (0009–0012) and the records' texts in two languages (0009–0010) join here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tiers', '0010_quote_translations'),
        ('tiers', '0012_figure_role_permissions'),
    ]

    operations = [
    ]
