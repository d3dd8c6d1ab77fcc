"""“Cite this”: how a reader cites a record page, as plain text and as BibTeX.

The same fields reach the record pages and the API, so a citation copied from either is the same.
"""

import datetime
import json
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


PLACES = ("site", "title", "link")
PLACE = re.compile("\0(" + "|".join(PLACES) + ")\0")


def alternate(parts):
    """``re.split`` with a group gives words, a name, words…: each with whether it is a name."""
    return ((number % 2 == 1, part) for number, part in enumerate(parts))


@dataclass(frozen=True)
class Wording:
    """What every citation on a page says the same way, in the reader's language: worked out
    once for the many records of an API page instead of once per record."""

    site: str
    site_bibtex: str
    text: tuple[str, ...]  # its words, and between them the names of what goes there
    accessed_iso: str
    note: str

    @classmethod
    def of(cls, accessed: datetime.date, accessed_words: str) -> "Wording":
        site = _(settings.SITE_NAME)
        return cls(
            site=site,
            site_bibtex="{" + bibtex_escape(site) + "}",
            text=tuple(
                PLACE.split(
                    _("%(site)s. “%(title)s”. %(link)s (accessed %(date)s).")
                    % {**{name: f"\0{name}\0" for name in PLACES}, "date": accessed_words}
                )
            ),
            accessed_iso=accessed.isoformat(),
            note=_("Accessed %(date)s") % {"date": accessed.isoformat()},
        )


def citation(
    record,
    link: str,
    accessed: datetime.date,
    accessed_words: str,
    zone=None,
    wording: Wording | None = None,
) -> Citation:
    """The citation of ``record`` at its permalink ``link``; for many records at once, the
    caller works out the date in words (``in_words``), the current time zone and the
    ``Wording`` once."""
    wording = wording or Wording.of(accessed, accessed_words)
    title = record_title(record)
    values = {"site": wording.site, "title": title, "link": link}
    text = "".join(values[part] if odd else part for odd, part in alternate(wording.text))
    updated = timezone.localtime(record.updated_at, zone) if record.updated_at else None
    year = updated.year if updated else accessed.year
    fields = [
        ("author", wording.site_bibtex),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("year", str(year)),
        ("url", link),
        ("urldate", wording.accessed_iso),
        ("note", wording.note),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    bibtex = f"@misc{{{bibtex_key(record)},\n{body}\n}}"
    return Citation(permalink=link, title=title, accessed=accessed, text=text, bibtex=bibtex)


def request_base_url(request) -> str:
    """Scheme and host the reader used, so that a citation points where they found the page."""
    return f"{request.scheme}://{request.get_host()}"


# -- Citing a release --------------------------------------------------------------------------

LICENCE_ID = "CC-BY-4.0"  # its SPDX identifier, as CITATION.cff and the Data Package name it


@dataclass(frozen=True)
class ReleaseCitation:
    text: str
    bibtex: str
    cff: str


def _cff_string(text: str) -> str:
    # YAML's double-quoted scalars take JSON's escapes.
    return json.dumps(text, ensure_ascii=False)


def cite_release(name: str, released_on: datetime.date, url: str) -> ReleaseCitation:
    """How a researcher cites the state of the tracker a release is, at its page ``url``:
    plain text, BibTeX and a CITATION.cff record (Citation File Format 1.2.0)."""
    site = settings.SITE_NAME
    title = f"{site}: published records, release {name}"
    text = (
        f"{site} ({released_on.year}). Published records, release {name} [Data set], "
        f"{in_words(released_on)}. {url}. Licence: CC BY 4.0."
    )
    fields = [
        ("author", "{" + bibtex_escape(site) + "}"),
        ("title", "{" + bibtex_escape(title) + "}"),
        ("year", str(released_on.year)),
        ("month", str(released_on.month)),
        ("version", bibtex_escape(name)),
        ("url", url),
        ("note", "Data set. Licence: CC BY 4.0"),
    ]
    body = ",\n".join(f"  {field} = {{{value}}}" for field, value in fields)
    bibtex = f"@misc{{{KEY_UNSAFE.sub('-', f'ukraine-guarantees-release-{name}')},\n{body}\n}}"
    cff = "\n".join(
        [
            "cff-version: 1.2.0",
            'message: "If you use these data, please cite them as below."',
            "type: dataset",
            f"title: {_cff_string(title)}",
            f"version: {_cff_string(name)}",
            f"date-released: {released_on.isoformat()}",
            f"url: {_cff_string(url)}",
            f"license: {LICENCE_ID}",
            "authors:",
            f"  - name: {_cff_string(site)}",
            "",
        ]
    )
    return ReleaseCitation(text=text, bibtex=bibtex, cff=cff)
