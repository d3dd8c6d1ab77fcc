"""Sharing a record page: its image for link previews, its embeddable card and plain share links.

Each record type with a page has a preview image (``<type>_image``, a PNG drawn by
``tiers.share_cards``); commitments, actors and tiers also have a card other sites may frame
(``embed_<type>``, tiers/views/embed.py). The share links are ordinary links to each service's
own share address: no script or button of theirs is loaded, and nothing is sent anywhere until
the reader follows one.
"""

from urllib.parse import quote, urlencode

from django.urls import reverse

# Record type -> the URL keyword its pages are addressed by.
IMAGE_ROUTES = {
    "commitment": "slug",
    "actor": "slug",
    "statement": "slug",
    "source": "key",
    "tier": "slug",
}
EMBED_ROUTES = {
    "commitment": "tiers:embed_commitment",
    "actor": "tiers:embed_actor",
    "tier": "tiers:embed_tier_chart",
}
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
# The size an embed snippet proposes; the card fits narrower frames too.
EMBED_WIDTH, EMBED_HEIGHT = 480, 360


def _key(record) -> tuple[str, dict]:
    type_name = record._meta.model_name
    field = IMAGE_ROUTES[type_name]
    return type_name, {field: getattr(record, field)}


def image_path(record) -> str:
    type_name, kwargs = _key(record)
    return reverse(f"tiers:{type_name}_image", kwargs=kwargs)


def embed_path(record) -> str | None:
    """The record's embeddable card, or None for a type that has none."""
    type_name, kwargs = _key(record)
    name = EMBED_ROUTES.get(type_name)
    return reverse(name, kwargs=kwargs) if name else None


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """``(service, address)`` for sharing ``url`` under ``title``."""
    return [
        ("Email", f"mailto:?{urlencode({'subject': title, 'body': url}, quote_via=quote)}"),
        ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        (
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        ),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
    ]
