"""Every signal receiver of the project, connected in one place when the app is ready.

The models send or trigger these signals; what they set off is built on the models (the public
change log, the content version), so the models never import it. ``TiersConfig.ready()`` calls
``connect_receivers()`` once every model is loaded; the ``dispatch_uid`` of each receiver keeps
a second call from connecting it twice.

- A historical row written by a single save brings the record's public change log up to date
  (``tiers.history.on_history_row``); the bulk paths of ``tiers.history`` do it themselves.
- A queryset update that changed visibilities shows or hides those records' changes in the
  change log (``tiers.history.refresh_visibility``).
- A write committed recounts the site-wide summaries whose lists it changed
  (``tiers.summaries.refresh``) and the table of who is in what (``tiers.answer_table.refresh``),
  so that the next reader does not have to.
- A change of a many-to-many relation, and a fixture loaded over a published row, change the
  content version that cached pages carry (``tiers.models.base.on_m2m_changed``,
  ``on_raw_save``); every other write path changes it from the models' own methods.
"""

from django.db.models.signals import m2m_changed, post_save
from simple_history.signals import post_create_historical_record

from . import answer_table, history, summaries
from .cache_tags import committed
from .models.base import on_m2m_changed, on_raw_save, visibility_updated


def _visibility_updated(sender, ids, **kwargs):
    history.refresh_visibility(sender, ids)


def _committed(sender, tags, **kwargs):
    summaries.refresh(tags)
    answer_table.refresh(tags)


def connect_receivers() -> None:
    committed.connect(_committed, dispatch_uid="tiers_summaries_refresh")
    post_create_historical_record.connect(
        history.on_history_row, dispatch_uid="tiers_public_change_log"
    )
    visibility_updated.connect(_visibility_updated, dispatch_uid="tiers_visibility_updated")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="tiers_content_version_m2m")
    post_save.connect(on_raw_save, dispatch_uid="tiers_content_version_fixtures")
