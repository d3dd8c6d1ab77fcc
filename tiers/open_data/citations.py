"""“Cite this”: how a reader cites a record page, as plain text and as BibTeX.

The same fields reach the record pages and the API, so a citation copied from either is the same.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Actor, Commitment, Source, Statement, Tier

# Characters with a meaning in BibTeX, and how to write them literally.
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in BIBTEX_ESCAPES))
KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class Citation:
    permalink: str
    title: str
    accessed: datetime.date
    text: str
    bibtex: str

    def as_dict(self) -> dict:
        # Not dataclasses.asdict, which deep-copies every value: the API builds one per record.
        return {
            "permalink": self.permalink,
            "title": self.title,
            "accessed": self.accessed.isoformat(),
            "text": self.text,
            "bibtex": self.bibtex,
        }


def record_title(record) -> str:
    """The title a citation gives a record: what its page is headed with."""
    if isinstance(record, Tier):
        return _("Tier %(number)s: %(name)s") % {"number": record.number, "name": record.name}
    if isinstance(record, Statement):
        said = f", {record.said.isoformat()}" if record.said else ""
        return f"{record.speaker.name}{said}: ‘{record.excerpt}’"
    if isinstance(record, Source):
        return record.title
    if isinstance(record, Actor | Commitment):
        return str(record)
    raise TypeError(f"{type(record).__name__} has no record page to cite")


def permalink(record, base_url: str) -> str:
    """The record page's address in the reader's language (/en/… or /uk/…), which never
    changes: a citation sends its readers to the page its author read."""
    return base_url.rstrip("/") + record.get_absolute_url()


def bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_ESCAPES[match.group()], text)


def bibtex_key(record) -> str:
    kind = type(record).__name__.lower()
    ident = getattr(record, "slug", None) or getattr(record, "key", None) or record.pk
    return KEY_UNSAFE.sub("-", f"ukraine-guarantees-{kind}-{ident}")


def cite(record, base_url: str, accessed: datetime.date | None = None) -> Citation:
    """Cite ``record`` as found at ``base_url`` (scheme and host) on ``accessed`` (today)."""
    accessed = accessed or timezone.localdate()
    return citation(record, permalink(record, base_url), accessed, in_words(accessed))


def in_words(accessed: datetime.date) -> str:
    """The date in the reader's language, the month in the genitive where the language has one
    (1 грудня 2026)."""
    return date_format(accessed, "j E Y")


def citation(
    record, link: str, accessed: datetime.date, accessed_words: str, zone=None
) -> Citation:
    """The citation of ``record`` at its permalink ``link``; for many records at once, the
    caller works out the date in words (``in_words``) and the current time zone once."""
    title = record_title(record)
    site = _(settings.SITE_NAME)
    text = _("%(site)s. “%(title)s”. %(link)s (accessed %(date)s).") % {
        "site": site,
        "title": title,
        "link": link,
        "date": accessed_words,
    }
    updated = timezone.localtime(record.updated_at, zone) if record.updated_at else None
    year = updated.year if updated else accessed.year
    fields = [
        ("author", "{" + bibtex_escape(site) + "}"),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("year", str(year)),
        ("url", link),
        ("urldate", accessed.isoformat()),
        ("note", _("Accessed %(date)s") % {"date": accessed.isoformat()}),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    bibtex = f"@misc{{{bibtex_key(record)},\n{body}\n}}"
    return Citation(permalink=link, title=title, accessed=accessed, text=text, bibtex=bibtex)


def request_base_url(request) -> str:
    """Scheme and host the reader used, so that a citation points where they found the page."""
    return f"{request.scheme}://{request.get_host()}"
