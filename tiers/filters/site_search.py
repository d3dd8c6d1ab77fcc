"""The form of the site's search page (tiers/views/search.py): the words, and which type of record.

Its values are kept in the address (``?q=…&type=…``), as every list's filters are; a value that is
not valid is left out and its error shown beside its control.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..site_search import GROUPS
from .base import TEXT_MAX_LENGTH
from .fields import SearchTextField


class SiteSearchForm(forms.Form):
    q = SearchTextField(
        required=False,
        max_length=TEXT_MAX_LENGTH,
        label=_("Search the records"),
        help_text=_('Use "quotes" for a phrase, or to match either word, and -word to exclude.'),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.ChoiceField(
        required=False,
        label=_("Type of record"),
        choices=[("", _("All types")), *((group.key, group.label) for group in GROUPS)],
    )

    def valid_values(self) -> dict:
        """The valid, non-empty values; those that are not valid are left out (and shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: value for name, value in data.items() if name not in self.errors and value}
