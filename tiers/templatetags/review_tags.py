"""The admin index's count of records waiting in the review queue."""

from django import template

from ..review import review_count as count_waiting

register = template.Library()


@register.simple_tag
def review_count():
    return count_waiting()
