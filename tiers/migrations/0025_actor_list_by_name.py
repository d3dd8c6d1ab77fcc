"""The public list of actors, by name in each language, read a page at a time through an index
instead of sorting every actor (docs/performance.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tiers', '0024_phrase_search_words_and_pairs'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='actor',
            index=models.Index(fields=['name_en'], name='tiers_actor_list_name_en_idx'),
        ),
        migrations.AddIndex(
            model_name='actor',
            index=models.Index(fields=['name_uk'], name='tiers_actor_list_name_uk_idx'),
        ),
    ]
