"""What a server process does once the site is loaded, before it serves its first request."""

import gc

from django.urls import get_resolver


def settle() -> None:
    """Load every view (the URLconf imports them), then set what is loaded aside from the garbage
    collector (``gc.freeze``): the modules, classes and settings of Django and the site live as
    long as the process. A request that builds a large answer (an API page of 100 commitments
    makes a few thousand objects) triggers a full collection now and then, which would otherwise
    walk all of them too: 100–150 ms on this project's 2-core machine, every forty API pages."""
    get_resolver().url_patterns  # noqa: B018 (imports the views)
    gc.collect()
    gc.freeze()
