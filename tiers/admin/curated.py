"""The base of every curated record's ModelAdmin, so that each rule below applies to all of them.

- ``WriteGuardAdminMixin``: every view that writes checks its permission on POST;
- ``EditVersionAdminMixin``: a change form saved over someone else's newer save is refused;
- ``RecordImportExportMixin``: import and export;
- ``RankedSearchMixin``: autocompletes list exact and prefix matches first;
- ``EditorialAdmin``: the editorial workflow, its actions and the history.
"""

from django.contrib import admin

from ..importing.admin import RecordImportExportMixin
from .concurrency import EditVersionAdminMixin
from .editorial import EditorialAdmin
from .guards import WriteGuardAdminMixin
from .widgets import RankedSearchMixin


class CuratedAdmin(
    WriteGuardAdminMixin,
    EditVersionAdminMixin,
    RecordImportExportMixin,
    RankedSearchMixin,
    EditorialAdmin,
    admin.ModelAdmin,
):
    # Import and export's form, with the reason a returned draft was sent back.
    change_form_template = "tiers/admin/change_form.html"
