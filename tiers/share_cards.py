"""Preview images of the record pages (``og:image``): a 1200×630 PNG card drawn with Pillow.

A card says what the record is (a kicker), its title and a few facts, in the page's language, and
the site's name. The fonts are files named by settings (``SHARE_IMAGE_FONT`` and
``SHARE_IMAGE_BOLD_FONT``, DejaVu Sans by default: it has Cyrillic); without them Pillow's own
font is used, which has none, and a warning is logged.

A drawn card is kept in the cache under the versions of the cache tags of the records it shows
(``tiers.cache_tags``): a write that changes one of them changes its tag, so the next request
draws the card afresh, and the old copy is never read again.
"""

import functools
import hashlib
import io
import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from . import cache_tags
from .kept import kept_or_computed
from .sharing import IMAGE_HEIGHT, IMAGE_WIDTH

logger = logging.getLogger(__name__)

# Changed whenever the drawing changes, so that cards drawn before are not served.
DRAWING_VERSION = 1
# Cards are keyed by the versions of what they show, so they may be kept long.
KEEP_SECONDS = 7 * 24 * 3600
PAPER, INK, MUTED, ACCENT, LINE = "#ffffff", "#1f2933", "#4b5563", "#1e3a8a", "#d1d5db"
MARGIN = 72
TEXT_WIDTH = IMAGE_WIDTH - 2 * MARGIN


@dataclass(frozen=True)
class Card:
    kicker: str
    title: str
    details: tuple[str, ...] = ()
    # A strip of (value, colour) segments drawn in proportion, e.g. a tier's progress.
    strip: tuple[tuple[int, str], ...] = field(default=())
    long_text: bool = False  # a quotation: smaller type, more lines


@functools.lru_cache(maxsize=16)
def font(bold: bool, size: int):
    path = settings.SHARE_IMAGE_BOLD_FONT if bold else settings.SHARE_IMAGE_FONT
    try:
        return ImageFont.truetype(path, size)
    except OSError:
        logger.warning("The font %s cannot be read; drawing with Pillow's own", path)
        return ImageFont.load_default(size)


def _fit(draw, text: str, typeface, width: int) -> str:
    """``text`` cut at a word with an ellipsis so that it fits ``width``."""
    if draw.textlength(text, font=typeface) <= width:
        return text
    words = text.split()
    while words and draw.textlength(" ".join(words) + "…", font=typeface) > width:
        words.pop()
    if words:
        return " ".join(words) + "…"
    while text and draw.textlength(text + "…", font=typeface) > width:
        text = text[:-1]
    return text + "…"


def wrap(draw, text: str, typeface, width: int, max_lines: int) -> list[str]:
    """``text`` in lines that fit ``width``, at most ``max_lines``, the last cut if need be."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=typeface) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _fit(draw, lines[-1] + " " + "…" * 20, typeface, width)
    return [_fit(draw, line, typeface, width) for line in lines]


def _title_lines(draw, card: Card):
    sizes = (48, 40, 34) if card.long_text else (64, 54, 46)
    max_lines = 5 if card.long_text else 4
    for size in sizes:
        typeface = font(not card.long_text, size)
        lines = wrap(draw, card.title, typeface, TEXT_WIDTH, max_lines + 1)
        if len(lines) <= max_lines:
            return typeface, size, lines
    return typeface, size, wrap(draw, card.title, typeface, TEXT_WIDTH, max_lines)


def draw_png(card: Card) -> bytes:
    image = Image.new("RGB", (IMAGE_WIDTH, IMAGE_HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, IMAGE_WIDTH, 14), fill=ACCENT)
    y = 64
    kicker = font(False, 30)
    draw.text((MARGIN, y), _fit(draw, card.kicker, kicker, TEXT_WIDTH), font=kicker, fill=MUTED)
    y += 60
    typeface, size, lines = _title_lines(draw, card)
    for line in lines:
        draw.text((MARGIN, y), line, font=typeface, fill=INK)
        y += round(size * 1.2)
    y += 16
    detail = font(False, 30)
    for text in card.details:
        if y > 470:
            break
        draw.text((MARGIN, y), _fit(draw, text, detail, TEXT_WIDTH), font=detail, fill=MUTED)
        y += 42
    total = sum(value for value, _colour in card.strip)
    if total:
        x = MARGIN
        for value, colour in card.strip:
            width = round(TEXT_WIDTH * value / total)
            draw.rectangle((x, 492, x + width, 520), fill=colour)
            x += width
    draw.line((MARGIN, 548, IMAGE_WIDTH - MARGIN, 548), fill=LINE, width=2)
    site = font(True, 28)
    draw.text((MARGIN, 566), _("Ukraine Security Guarantees Tracker"), font=site, fill=ACCENT)
    host = urlsplit(settings.SITE_URL).netloc
    small = font(False, 26)
    draw.text(
        (IMAGE_WIDTH - MARGIN - draw.textlength(host, font=small), 568),
        host,
        font=small,
        fill=MUTED,
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def cached_png(key: tuple, tags: set[str], make_card) -> tuple[bytes, str]:
    """The PNG of ``make_card()`` and a digest naming it, drawn only when no copy is kept under
    the current versions of ``tags``. ``key`` names the card (type, record, language)."""
    try:
        versions = sorted(cache_tags.versions(tags).items())
    except Exception:  # a cache outage must not take the images down: draw each time
        logger.warning("The cache tags cannot be read", exc_info=True)
        card = make_card()
        return draw_png(card), hashlib.sha256(repr((key, card)).encode()).hexdigest()
    digest = hashlib.sha256(repr((DRAWING_VERSION, key, versions)).encode()).hexdigest()
    png = kept_or_computed(
        f"share-card:{digest}", lambda: draw_png(make_card()), timeout=KEEP_SECONDS
    )
    return png, digest
