"""Template helpers for the public pages."""

import json
import re
from types import SimpleNamespace

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from ..links import safe_link_url
from ..models.search import MARK_START, MARK_STOP
from ..partial_dates import PartialDate

register = template.Library()
PASSAGE_CHARACTERS = 80  # of a text around a search match, where no headline gives the passage

# What json_script escapes, so that JSON inside <script> cannot close the element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(name="safe_link_url")
def safe_link_url_filter(value) -> str:
    """An address to link to, or "" when it must not be a link (tiers.links)."""
    return safe_link_url(value)


@register.filter
def partial_date(value: PartialDate | None):
    """A date at its precision in a <time> element; an unknown date says so, never guesses."""
    if value is None:
        return format_html('<span class="date-unknown">{}</span>', _("date unknown"))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), str(value))


@register.simple_tag
def highlighted(record, field: str, query: str = ""):
    """A record's text (a statement's quote, a translation, a title) with the search matches in
    <mark>.

    PostgreSQL gives a headline with private-use marks around each match (``<field>_headline``,
    tiers/models/search.py); elsewhere the query is matched as a plain substring here.
    Either way the text is escaped before any <mark> is added.
    """
    headline = getattr(record, f"{field}_headline", None)
    text = headline if headline else (getattr(record, field) or "")
    escaped = str(conditional_escape(text))
    if headline:
        return SafeString(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))
    query = query.strip()
    if not query:
        return SafeString(escaped)
    pattern = re.compile(re.escape(str(conditional_escape(query))), re.IGNORECASE)
    return SafeString(pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped))


@register.simple_tag
def json_ld(data: dict):
    """A schema.org description as <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', SafeString(text))


@register.simple_tag(takes_context=True)
def absolute_url(context, path=None):
    request = context["request"]
    return request.build_absolute_uri(path if path is not None else request.path)


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in each language: (code, name in that language, absolute URL)."""
    request = context["request"]
    path = request.get_full_path()
    return [
        (code, _native_name(code), request.build_absolute_uri(translate_url(path, code)))
        for code, _name in settings.LANGUAGES
    ]


def _native_name(code):
    return get_language_info(code)["name_local"]


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def language_name(code: str) -> str:
    """A language's name in the reader's language; the bare code when Django does not know it."""
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.simple_tag
def tr(record, field: str, note: bool = False, paragraphs: bool = False):
    """A record's text in the reader's language (tiers/translation.py).

    Where the Ukrainian is missing on a Ukrainian page, the English text is marked
    ``lang="en"`` (so that screen readers switch voice) and, with ``note``, followed by a
    discreet "English only". ``paragraphs`` renders line breaks as paragraphs.
    """
    text = getattr(record, field) or ""
    rendered = linebreaks(text) if paragraphs else conditional_escape(text)
    return _in_reader_language(record, field, SafeString(rendered), note, paragraphs, text)


@register.simple_tag
def highlighted_tr(record, field: str, query: str = "", note: bool = False):
    """``tr`` with the search matches in <mark>, as ``highlighted`` marks them."""
    return _in_reader_language(record, field, highlighted(record, field, query), note)


@register.simple_tag
def matched_passage(record, field: str, query: str = ""):
    """The few words of a translated text around its search matches, or nothing where none
    matched: PostgreSQL's headline (``<field>_headline``, tiers/models/search.py), elsewhere the
    words around the first occurrence of ``query``."""
    passage = getattr(record, f"{field}_headline", None)
    if passage is None:
        passage = _around(getattr(record, field) or "", query.strip())
        marked = highlighted(SimpleNamespace(**{field: passage}), field, query)
    else:
        marked = highlighted(record, field)
    if not passage or (MARK_START not in passage and "<mark>" not in marked):
        return ""
    return _in_reader_language(record, field, marked)


def _around(text: str, query: str) -> str:
    """About PASSAGE_CHARACTERS of ``text`` on either side of the first ``query`` in it, cut at
    spaces; "" when it is not there."""
    at = text.lower().find(query.lower()) if query else -1
    if at < 0:
        return ""
    start = max(0, at - PASSAGE_CHARACTERS)
    end = min(len(text), at + len(query) + PASSAGE_CHARACTERS)
    if start:
        start = text.find(" ", start, at) + 1 or start
    if end < len(text):
        end = text.rfind(" ", at + len(query), end) if " " in text[at + len(query) : end] else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def _in_reader_language(record, field, rendered, note=False, paragraphs=False, text=None):
    if text is None:  # a translated field is read through its language's fallbacks each time
        text = getattr(record, field) or ""
    language = get_language()
    own = getattr(record, f"{field}_{language}", None) if language != "en" else text
    if own or not text:
        return rendered
    element = "div" if paragraphs else "span"
    marker = (
        format_html(' <small class="english-only">{}</small>', _("English only")) if note else ""
    )
    return format_html('<{0} lang="en">{1}</{0}>{2}', element, rendered, marker)


@register.filter
def reader_translation(statement):
    """The statement's translation for this page's reader, or None (Statement.translation_in)."""
    return statement.translation_in(get_language())
