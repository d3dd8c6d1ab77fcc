"""schema.org descriptions (JSON-LD) of the record pages and of the downloads, for search engines
and citation tools.

Each is a plain dict built from records the page has loaded already (no query of its own) and
written by the ``json_ld`` template tag, which escapes it for a ``<script>`` data block. Every
address of another site passes ``safe_link_url`` (tiers/links.py): one that is not http(s) is left
out, never written. Records' texts are in the page's language (django-modeltranslation).
"""

from django.conf import settings

from .links import safe_link_url
from .models import Actor, Source

CONTEXT = "https://schema.org"

# The type an actor is described as, by its kind.
ACTOR_TYPES = {
    Actor.Kind.STATE: "Country",
    Actor.Kind.ORGANISATION: "Organization",
    Actor.Kind.COALITION: "Organization",
    Actor.Kind.PERSON: "Person",
    Actor.Kind.BODY: "GovernmentOrganization",
}
# The type a source is described as, by its kind: a news report is a NewsArticle, an analysis a
# Report; an official document, a transcript or anything else a CreativeWork.
SOURCE_TYPES = {Source.Kind.NEWS: "NewsArticle", Source.Kind.ANALYSIS: "Report"}


def absolute(request, record) -> str:
    return request.build_absolute_uri(record.get_absolute_url())


def site_organisation() -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}


def actor_reference(request, actor) -> dict:
    """An actor named where another record mentions it: its type, name, page and Wikidata."""
    data = {"@type": ACTOR_TYPES.get(actor.kind, "Organization"), "name": actor.name}
    if actor.is_shown:
        data["url"] = absolute(request, actor)
    if same_as := safe_link_url(actor.wikidata_url):
        data["sameAs"] = same_as
    return data


def citations(sources) -> list[dict]:
    """Sources cited, by title, with their address when it is a safe link."""
    return [
        {
            "@type": "CreativeWork",
            "name": source.title,
            **({"url": link} if (link := safe_link_url(source.url)) else {}),
        }
        for source in sources
    ]


def _reference(request, record, name: str, schema_type: str = "CreativeWork") -> dict:
    return {"@type": schema_type, "name": name, "url": absolute(request, record)}


def _with(data: dict, **optional) -> dict:
    """``data`` with each of ``optional`` that has a value (no empty strings or lists)."""
    data.update({key: value for key, value in optional.items() if value})
    return data


def quotation(request, statement, sources, *, commitments=(), tiers=(), translations=()):
    """A statement: a Quotation spoken by its speaker, where and when it was said."""
    speaker = actor_reference(request, statement.speaker)
    creator = {"@type": "Person" if statement.speaker.kind == Actor.Kind.PERSON else "Organization"}
    creator["name"] = statement.speaker.name
    if "sameAs" in speaker:
        creator["sameAs"] = speaker["sameAs"]
    return _with(
        {
            "@context": CONTEXT,
            "@type": "Quotation",
            "text": statement.quote,
            "inLanguage": statement.language,
            "creator": creator,
            "spokenByCharacter": speaker,
            "url": absolute(request, statement),
        },
        dateCreated=statement.said.isoformat() if statement.said else "",
        locationCreated={"@type": "Place", "name": statement.place} if statement.place else None,
        description=statement.occasion,
        about=[_reference(request, row, row.title) for row in commitments]
        + [_reference(request, row, row.name, "DefinedTerm") for row in tiers],
        workTranslation=[_translation(row) for row in translations],
        citation=citations(sources),
    )


def _translation(row) -> dict:
    data = {"@type": "Quotation", "text": row.text, "inLanguage": row.language}
    if row.by_project:
        data["translator"] = {"@type": "Organization", "name": settings.SITE_NAME}
    elif row.source.is_shown:
        name = row.source.publisher or row.source.title
        data["translator"] = {"@type": "Organization", "name": name}
    return data


def commitment(request, commitment, actors, sources) -> dict:
    """A commitment: a CreativeWork (the pledge as announced) by the actors who made it, about
    its tier, with its progress as the work's status."""
    authors = [commitment.lead_actor] if commitment.lead_actor else []
    authors += [actor for actor in actors if actor not in authors]
    tier = commitment.tier
    return _with(
        {
            "@context": CONTEXT,
            "@type": "CreativeWork",
            "name": commitment.title,
            "url": absolute(request, commitment),
            "about": _reference(request, tier, tier.name, "DefinedTerm"),
            "genre": str(commitment.get_category_display()),
            "publisher": site_organisation(),
        },
        description=commitment.description,
        author=[actor_reference(request, actor) for actor in authors],
        dateCreated=commitment.announced.isoformat() if commitment.announced else "",
        creativeWorkStatus=str(commitment.get_progress_display()) if commitment.progress else "",
        citation=citations(sources),
    )


def actor(request, actor, memberships=()) -> dict:
    """An actor: a Country, an Organization, a GovernmentOrganization or a Person by its kind,
    with the organisations it belongs to."""
    data = {"@context": CONTEXT, **actor_reference(request, actor)}
    data["url"] = absolute(request, actor)
    return _with(
        data,
        alternateName=actor.short_name,
        description=actor.description,
        identifier=actor.iso_code,
        memberOf=[
            actor_reference(request, row.organisation)
            for row in memberships
            if row.organisation.is_shown
        ]
        if actor.kind != Actor.Kind.PERSON
        else [],
        affiliation=[actor_reference(request, row.organisation) for row in memberships]
        if actor.kind == Actor.Kind.PERSON
        else [],
    )


def source(request, source) -> dict:
    """A source: the document itself (a NewsArticle, a Report or a CreativeWork), at its own
    address, described on this site's page."""
    published = source.published
    return _with(
        {
            "@context": CONTEXT,
            "@type": SOURCE_TYPES.get(source.kind, "CreativeWork"),
            "name": source.title,
            "mainEntityOfPage": absolute(request, source),
        },
        url=safe_link_url(source.url),
        archivedAt=safe_link_url(source.archived_url),
        publisher={"@type": "Organization", "name": source.publisher} if source.publisher else None,
        datePublished=published.isoformat() if published else "",
    )


def tier(request, tier, total: int) -> dict:
    """A tier: a DefinedTerm of the set of tiers, with how many commitments it holds."""
    return _with(
        {
            "@context": CONTEXT,
            "@type": "DefinedTerm",
            "name": tier.name,
            "termCode": str(tier.number),
            "url": absolute(request, tier),
            "inDefinedTermSet": {
                "@type": "DefinedTermSet",
                "name": f"{settings.SITE_NAME}: tiers",
                "url": settings.SITE_URL + "/",
            },
            "additionalProperty": {
                "@type": "PropertyValue",
                "name": "commitments",
                "value": total,
            },
        },
        description=tier.summary,
    )


def dataset(request, *, name, description, licence_url, generated_at, files) -> dict:
    """The downloads: a Dataset with one DataDownload per file, ``files`` being
    ``(file name, address, media type)`` as the downloads page offers them."""
    return _with(
        {
            "@context": CONTEXT,
            "@type": "Dataset",
            "name": name,
            "description": description,
            "url": request.build_absolute_uri(request.path),
            "license": licence_url,
            "isAccessibleForFree": True,
            "creator": site_organisation(),
            "publisher": site_organisation(),
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": file_name,
                    "contentUrl": request.build_absolute_uri(path),
                    "encodingFormat": media_type.split(";")[0].strip(),
                    "license": licence_url,
                }
                for file_name, path, media_type in files
            ],
        },
        dateModified=generated_at.isoformat() if generated_at else "",
    )
