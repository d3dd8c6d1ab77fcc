from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from ..cache_tags import depends_on_links, depends_on_lists
from ..filters import StatementFilter
from ..links import safe_link_url
from ..models import Actor, Statement, Tier
from ..models.search import SEARCH_RANKED
from ..open_data.release_views import readable_as_of
from .pagination import COUNT_LIMIT, paginate

PER_PAGE = 20


def statement_list(request):
    # The form's language, speaker and tier choices (3), the filters that name a record (0–3),
    # then the count and the page.
    # A search orders by rank; otherwise newest first.
    # The list (a search too), and the speakers and tiers of the form.
    depends_on_lists(Statement, Actor, Tier)
    filters = StatementFilter(
        request.GET,
        queryset=Statement.objects.public()
        .select_related("speaker", "on_behalf_of")
        .newest_first(),
    )
    valid = filters.valid_filters()
    # A search ranks the newest SEARCH_RANKED matches, and says so when there are more.
    limit = SEARCH_RANKED if valid.get("q", "").strip() else COUNT_LIMIT
    page = paginate(
        request, filters.qs.with_translations(valid.get("q", "")), PER_PAGE, count_limit=limit
    )
    context = {
        "form": filters.form,
        "page": page,
        "query": valid.get("q", "").strip(),
        "source": valid.get("source"),
    }
    return render(request, "tiers/statement_list.html", context)


@readable_as_of("statements", "slug")
def statement_detail(request, slug):
    # 1 the statement with speaker, 2 its translations, 3 sources, 4 tiers, 5 commitments.
    statement = get_object_or_404(
        Statement.objects.public().select_related("speaker", "on_behalf_of").with_translations(),
        slug=slug,
    )
    depends_on_links(statement)
    sources = list(statement.sources.public())
    reader_translation = statement.translation_in(get_language())
    context = {
        "statement": statement,
        "reader_translation": reader_translation,
        "other_translations": [
            row for row in statement.translations_first(get_language()) if row != reader_translation
        ],
        "sources": sources,
        "tiers": statement.tiers.public(),
        "commitments": statement.commitments.public(),
    }
    context["quotation"] = _quotation(request, statement, sources)
    return render(request, "tiers/statement_detail.html", context)


def _quotation(request, statement, sources):
    """schema.org Quotation, for search engines and citation tools."""
    speaker = statement.speaker
    creator = {
        "@type": "Person" if speaker.kind == speaker.Kind.PERSON else "Organization",
        "name": speaker.name,
    }
    if same_as := safe_link_url(speaker.wikidata_url):
        creator["sameAs"] = same_as
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": statement.quote,
        "inLanguage": statement.language,
        "creator": creator,
        "url": request.build_absolute_uri(statement.get_absolute_url()),
    }
    if statement.said:
        data["dateCreated"] = statement.said.isoformat()
    if statement.place:
        data["locationCreated"] = {"@type": "Place", "name": statement.place}
    if statement.occasion:
        data["description"] = statement.occasion
    if translations := list(statement.translations.all()):
        data["workTranslation"] = [_translation(request, row) for row in translations]
    citations = [
        {
            "@type": "CreativeWork",
            "name": source.title,
            **({"url": link} if (link := safe_link_url(source.url)) else {}),
        }
        for source in sources
    ]
    if citations:
        data["citation"] = citations
    return data


def _translation(request, row):
    data = {"@type": "Quotation", "text": row.text, "inLanguage": row.language}
    if row.by_project:
        data["translator"] = {"@type": "Organization", "name": settings.SITE_NAME}
    elif row.source.is_shown:
        name = row.source.publisher or row.source.title
        data["translator"] = {"@type": "Organization", "name": name}
    return data
