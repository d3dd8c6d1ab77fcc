from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Commitment, Figure, Membership, Source, Statement, StatusChange, Visibility
from ..workflow import publication_problems_by_field
from .fields import (
    LanguageField,
    PartialDatesFormMixin,
    language_choices,
    partial_date_field,
    suggest_slug,
)

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


def english(cleaned, name) -> str:
    """A text as the form cleaned it: its English column on a translated record's form."""
    return cleaned.get(f"{name}_en") or cleaned.get(name) or ""


class SuggestedSlugMixin:
    """A slug left empty is suggested from the record's fields (``suggest_slug_from``)."""

    slug_field = "slug"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.slug_field in self.fields:
            field = self.fields[self.slug_field]
            field.required = False
            field.help_text = _("%(help)s Leave empty to have one made from the record.") % {
                "help": field.help_text or ""
            }

    def clean(self):
        cleaned = super().clean()
        if self.slug_field in self.fields and not cleaned.get(self.slug_field):
            if self.slug_field in self.errors:
                return cleaned
            slug = suggest_slug(
                self._meta.model,
                self.slug_field,
                *self.suggest_slug_from(cleaned),
                exclude_pk=self.instance.pk,
            )
            cleaned[self.slug_field] = slug
        return cleaned


class CommitmentForm(SuggestedSlugMixin, PartialDatesFormMixin, PublishNeedsSourcesForm):
    announced = partial_date_field(Commitment, "announced")

    def suggest_slug_from(self, cleaned):
        return [english(cleaned, "title")]


class ActorForm(SuggestedSlugMixin, forms.ModelForm):
    def suggest_slug_from(self, cleaned):
        return [english(cleaned, "name")]


class StatusChangeForm(PartialDatesFormMixin, forms.ModelForm):
    occurred = partial_date_field(StatusChange, "occurred", required=True)

    class Meta:
        # Each language's summary in a narrow box, so that the rows fit 1280 px.
        widgets = {
            name: forms.TextInput(attrs={"size": 14})
            for name in ("summary", "summary_en", "summary_uk")
        }
        help_texts = {
            "source": _(
                "The source that reports the change. Left empty in a commitment's form, the "
                "commitment's source is cited when it cites only one. Required to publish."
            )
        }


class StatementForm(SuggestedSlugMixin, PartialDatesFormMixin, PublishNeedsSourcesForm):
    said = partial_date_field(Statement, "said")
    language = LanguageField(
        label=Statement._meta.get_field("language").verbose_name.capitalize(),
        initial="en",
        help_text=_("The language of the quote as stored."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "language" in self.fields:
            current = self.data.get(self.add_prefix("language")) or self.instance.language
            self.fields["language"].choices = language_choices(current)

    def suggest_slug_from(self, cleaned):
        speaker = cleaned.get("speaker")
        said = cleaned.get("said")
        words = (cleaned.get("quote") or "").split()[:6]
        date = said.isoformat() if said else ""
        return [speaker.short_name or speaker.name if speaker else "", date, *words]


class SourceForm(SuggestedSlugMixin, PartialDatesFormMixin, forms.ModelForm):
    slug_field = "key"
    published = partial_date_field(Source, "published")

    def suggest_slug_from(self, cleaned):
        title_words = (cleaned.get("title") or "").split()[:6]
        published = cleaned.get("published")
        date = published.isoformat() if published else ""
        return [cleaned.get("publisher") or "", date, *title_words]


class MembershipForm(PartialDatesFormMixin, forms.ModelForm):
    start = partial_date_field(Membership, "start")
    end = partial_date_field(Membership, "end")


class FigureForm(PartialDatesFormMixin, forms.ModelForm):
    period_start = partial_date_field(Figure, "period_start")
    period_end = partial_date_field(Figure, "period_end")
