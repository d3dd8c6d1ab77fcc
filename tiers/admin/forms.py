from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Visibility


class PublishNeedsSourcesForm(forms.ModelForm):
    """A published commitment or statement must cite at least one source.

    The rule lives on the form because many-to-many values are only known here, before saving.
    """

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("visibility") == Visibility.PUBLISHED and not cleaned.get("sources"):
            self.add_error("sources", _("Cite at least one source before publishing."))
        return cleaned
