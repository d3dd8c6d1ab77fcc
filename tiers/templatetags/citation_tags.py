"""``{% cite_this record %}``: the “cite this” box of a record page."""

from django import template

from ..open_data.citations import cite, request_base_url

register = template.Library()


@register.inclusion_tag("tiers/includes/_cite_this.html", takes_context=True)
def cite_this(context, record):
    return {"citation": cite(record, request_base_url(context["request"]))}
