from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from .. import structured_data
from ..cache_tags import depends_on_links, depends_on_lists
from ..filters import StatementFilter
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
    # A search ranks the newest SEARCH_RANKED matches, and says so when there are more; their
    # keys are read in rank order once, to count them and to choose the page.
    searched = bool(valid.get("q", "").strip())
    page = paginate(
        request,
        filters.qs.with_translations(valid.get("q", "")),
        PER_PAGE,
        count_limit=SEARCH_RANKED if searched else COUNT_LIMIT,
        by_key=searched,
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
    tiers = list(statement.tiers.public())
    commitments = list(statement.commitments.public())
    reader_translation = statement.translation_in(get_language())
    context = {
        "statement": statement,
        "reader_translation": reader_translation,
        "other_translations": [
            row for row in statement.translations_first(get_language()) if row != reader_translation
        ],
        "sources": sources,
        "tiers": tiers,
        "commitments": commitments,
    }
    # schema.org Quotation, for search engines and citation tools.
    context["structured_data"] = structured_data.quotation(
        request,
        statement,
        sources,
        commitments=commitments,
        tiers=tiers,
        translations=statement.translations.all(),
    )
    return render(request, "tiers/statement_detail.html", context)
