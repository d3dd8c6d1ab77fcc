from django import forms

from ..models import Visibility
from ..workflow import publication_problems_by_field

RELATIONS = ("sources", "actors", "tiers")


class CompleteBeforePublishingMixin:
    """A record set to published must be complete: see ``tiers.workflow.publication_problems``.

    The check runs on the form because many-to-many values are only known here, before saving;
    each problem is shown on the field it concerns.
    """

    def _post_clean(self):
        super()._post_clean()
        if self.cleaned_data.get("visibility", self.instance.visibility) != Visibility.PUBLISHED:
            return
        relations = {
            name: self.cleaned_data[name]
            for name in RELATIONS
            if name in self.fields and self.cleaned_data.get(name) is not None
        }
        for field, message in publication_problems_by_field(self.instance, relations):
            self.add_error(field if field in self.fields else None, message)


class PublishNeedsSourcesForm(CompleteBeforePublishingMixin, forms.ModelForm):
    """The admin form of commitments and statements."""
