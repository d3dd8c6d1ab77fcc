from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """The requested page of ``queryset``; a page number out of range gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
