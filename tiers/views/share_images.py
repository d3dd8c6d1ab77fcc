"""The preview image (``og:image``) of each record page: a PNG card in the page's language.

Each view loads the public record and what its card shows in one or two queries, and answers
the card kept in the cache under the versions of those records (``share_cards.cached_png``), so
a write that changes the record changes the image. The response is public (it shows only
public records), with an ETag naming the card; the page cache keeps it like a page, dropped with
the record.
"""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import summaries
from ..cache_tags import depends_on_lists, links_tag, list_tag, record_tag
from ..charts import PROGRESS_COLOURS
from ..models import Actor, Commitment, Progress, Source, Statement, Tier
from ..published import shown
from ..share_cards import Card, cached_png


def _tags(*records) -> set[str]:
    return {record_tag(type(record), record.pk) for record in records if record is not None}


def _image(record, tags: set[str], make_card) -> HttpResponse:
    # The card shows only the records named in tags, no list: the page cache drops it with them.
    depends_on_lists()
    key = (record._meta.model_name, record.pk, get_language())
    png, digest = cached_png(key, tags, make_card)
    response = HttpResponse(png, content_type="image/png")
    response["ETag"] = f'"{digest}"'
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # previews are shown anywhere
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


def _join(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


@require_safe
def commitment_image(request, slug):
    # 1 the commitment with its tier and lead actor.
    commitment = get_object_or_404(
        Commitment.objects.public().select_related("tier", "lead_actor"), slug=slug
    )
    lead = shown(commitment.lead_actor)

    def card():
        tier = commitment.tier
        return Card(
            kicker=_join(
                _("Commitment"), _("Tier %(number)s") % {"number": tier.number}, tier.name
            ),
            title=commitment.title,
            details=(
                _join(
                    lead.name if lead else "",
                    commitment.get_progress_display()
                    if commitment.progress
                    else _("No status yet"),
                    commitment.announced,
                ),
            ),
        )

    return _image(commitment, _tags(commitment, commitment.tier, lead), card)


@require_safe
def actor_image(request, slug):
    # 1 the actor.
    actor = get_object_or_404(Actor.objects.public(), slug=slug)

    def card():
        details = (actor.short_name, actor.description.split("\n")[0])
        return Card(
            kicker=_join(_("Actor"), actor.get_kind_display()),
            title=actor.name,
            details=tuple(text for text in details if text),
        )

    return _image(actor, _tags(actor), card)


@require_safe
def statement_image(request, slug):
    # 1 the statement with its speaker, 2 its translations.
    statement = get_object_or_404(
        Statement.objects.public().select_related("speaker").with_translations(), slug=slug
    )
    translation = statement.translation_in(get_language())

    def card():
        text = translation.text if translation else statement.quote
        return Card(
            kicker=_("Statement by %(speaker)s") % {"speaker": statement.speaker.name},
            title=f"“{' '.join(text.split())}”",
            details=(_join(statement.said, statement.place),),
            long_text=True,
        )

    tags = _tags(statement, statement.speaker) | {links_tag(Statement, statement.pk)}
    return _image(statement, tags, card)


@require_safe
def source_image(request, key):
    # 1 the source.
    source = get_object_or_404(Source.objects.public(), key=key)

    def card():
        return Card(
            kicker=_join(_("Source"), source.get_kind_display()),
            title=source.title,
            details=(_join(source.publisher, source.published),),
        )

    return _image(source, _tags(source), card)


@require_safe
def tier_image(request, slug):
    # 1 the tier; the counts by progress are kept between writes (tiers.summaries).
    tier = get_object_or_404(Tier.objects.public(), slug=slug)

    def card():
        counts = summaries.progress_counts().get(tier.pk, {})
        total = sum(counts.values())
        values = [value for value, _label in Progress.choices] + [""]
        return Card(
            kicker=_("Tier %(number)s") % {"number": tier.number},
            title=tier.name,
            details=(
                tier.summary,
                ngettext("%(total)s commitment", "%(total)s commitments", total) % {"total": total},
            ),
            strip=tuple(
                (counts[value], PROGRESS_COLOURS[value]) for value in values if counts.get(value)
            ),
        )

    return _image(tier, _tags(tier) | {list_tag(Commitment)}, card)
