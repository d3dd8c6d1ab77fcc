"""Template tags for sharing a record page (tiers.sharing): its preview image and share box."""

from django import template
from django.utils.html import escape
from django.utils.translation import gettext as _

from .. import sharing

register = template.Library()


@register.simple_tag(takes_context=True)
def share_image(context, record) -> str:
    """The absolute address of the record's preview image (og:image)."""
    return context["request"].build_absolute_uri(sharing.image_path(record))


@register.inclusion_tag("tiers/includes/_share.html", takes_context=True)
def share_this(context, record, title):
    """Share links for the record's page and, where the record has a card, the code that embeds
    it."""
    request = context["request"]
    url = request.build_absolute_uri(record.get_absolute_url())
    embed = sharing.embed_path(record)
    embed_url = request.build_absolute_uri(embed) if embed else ""
    snippet = ""
    if embed_url:
        # HTML for the reader to copy, so plain text here: the template escapes it once more.
        snippet = (
            f'<iframe src="{escape(embed_url)}" title="{escape(title)}" '
            f'width="{sharing.EMBED_WIDTH}" height="{sharing.EMBED_HEIGHT}" loading="lazy">'
            "</iframe>"
        )
    links = [
        (_("Email") if service == "Email" else service, address)
        for service, address in sharing.share_links(url, str(title))
    ]
    return {"links": links, "embed_url": embed_url, "snippet": snippet}
